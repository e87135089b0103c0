//! VHD ("conectix"): fixed and dynamic disks, read natively.
//!
//! Written here rather than taken from `vhd-core`: that crate reads the whole
//! image into memory at open (a 127 GiB Azure disk would need 127 GiB of RAM,
//! see `shared/docs/image-crates.md`) and never falls back to the footer copy at
//! offset 0. The format is small: a 512-byte big-endian footer, and for dynamic
//! disks a 1 KiB header, a block allocation table (BAT) of sector numbers, and a
//! sector bitmap before each block. Differencing disks need their parent and
//! are refused with a hint.

use std::io;
use std::sync::{Arc, Mutex};

use super::be_u32;
use super::be_u64;
use crate::error::{DiskError, Result};
use crate::source::{ReadAt, Slice, read_vec};

const FORMAT: &str = "VHD";
const FOOTER_LEN: u64 = 512;
const SECTOR: u64 = 512;
/// Disk types in the footer.
const TYPE_FIXED: u32 = 2;
const TYPE_DYNAMIC: u32 = 3;
const TYPE_DIFFERENCING: u32 = 4;
/// Largest BAT we accept: 2^24 entries × 2 MiB blocks = 32 TiB, well past
/// the format's 2 TiB limit, and 64 MiB of memory at most.
const MAX_BAT_ENTRIES: u64 = 1 << 24;

/// The fields of a VHD footer that matter for reading.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Footer {
    pub data_offset: u64,
    /// The disk's size as seen by the guest: see [`virtual_size`].
    pub current_size: u64,
    pub disk_type: u32,
    pub checksum_ok: bool,
}

/// The largest CHS geometry a footer can hold (65535 × 16 × 255 sectors).
const MAX_GEOMETRY_SECTORS: u64 = 65535 * 16 * 255;

/// The size a guest sees, decided as QEMU's `vpc` driver does (block/vpc.c,
/// `vpc_open`): Virtual PC (creator application `vpc `), old QEMU (`qemu`)
/// and unknown creators size the disk by its CHS geometry, which can be a
/// few MB below the footer's Current Size; Hyper-V (`win `), QEMU with
/// `force_size` (`qem2`), Disk2vhd (`d2v `), XenConverter (`CTXS`) and
/// XenServer (`tap\0`) use Current Size. A footer at the maximum geometry
/// always uses Current Size (the geometry cannot express larger disks).
fn virtual_size(creator: &[u8], cylinders: u16, heads: u8, sectors: u8, current_size: u64) -> u64 {
    let by_size = [b"win ", b"qem2", b"d2v ", b"CTXS", b"tap\0"]
        .iter()
        .any(|c| creator == &c[..]);
    let chs = u64::from(cylinders) * u64::from(heads) * u64::from(sectors);
    if by_size || chs == MAX_GEOMETRY_SECTORS {
        current_size
    } else {
        chs * SECTOR
    }
}

/// Parses a footer; `None` when the cookie is not "conectix".
pub(crate) fn parse_footer(b: &[u8]) -> Option<Footer> {
    if b.len() < 512 || &b[0..8] != b"conectix" {
        return None;
    }
    let stored = be_u32(b, 64);
    let mut sum: u32 = 0;
    for (i, byte) in b[..512].iter().enumerate() {
        if !(64..68).contains(&i) {
            sum = sum.wrapping_add(u32::from(*byte));
        }
    }
    // Creator application at 28; disk geometry at 56: cylinders (u16), heads, sectors per track.
    let current_size = virtual_size(
        &b[28..32],
        u16::from_be_bytes([b[56], b[57]]),
        b[58],
        b[59],
        be_u64(b, 48),
    );
    Some(Footer {
        data_offset: be_u64(b, 16),
        current_size,
        disk_type: be_u32(b, 60),
        checksum_ok: !sum == stored,
    })
}

/// What a VHD turned out to be.
pub(crate) enum Vhd {
    /// Raw data followed by the footer.
    Fixed(Slice),
    /// A sparse disk with a BAT.
    Dynamic(VhdDynamic),
}

/// Opens a VHD whose footer was found at `footer_at` (0 or the last 512 bytes).
pub(crate) fn open(
    src: Arc<dyn ReadAt>,
    name: &str,
    footer: Footer,
    footer_at: u64,
) -> Result<Vhd> {
    let file_size = src.size();
    match footer.disk_type {
        TYPE_FIXED => {
            if footer_at != file_size.saturating_sub(FOOTER_LEN) {
                return Err(corrupt(name, "footer", footer_at, "fixed VHD whose footer is not at the end of the file"));
            }
            if !footer.checksum_ok {
                return Err(corrupt(name, "footer", footer_at, "checksum mismatch"));
            }
            let data_len = file_size - FOOTER_LEN;
            if footer.current_size > data_len {
                return Err(DiskError::Truncated {
                    name: name.into(),
                    format: FORMAT,
                    structure: "fixed disk data",
                    offset: data_len,
                    file_size,
                });
            }
            Ok(Vhd::Fixed(Slice::new(src, 0, footer.current_size)))
        }
        TYPE_DYNAMIC => Ok(Vhd::Dynamic(VhdDynamic::open(src, name, footer, footer_at)?)),
        TYPE_DIFFERENCING => Err(DiskError::Unsupported {
            name: name.into(),
            what: "a differencing VHD (it holds only changes against a parent disk)".into(),
            hint: "merge it with its parent first, e.g. `qemu-img convert -O vpc child.vhd merged.vhd`, and open the result".into(),
        }),
        other => Err(corrupt(name, "footer", footer_at + 60, &format!("unknown disk type {other}"))),
    }
}

fn corrupt(name: &str, structure: &'static str, offset: u64, reason: &str) -> DiskError {
    DiskError::Corrupt {
        name: name.into(),
        format: FORMAT,
        structure,
        offset,
        reason: reason.into(),
    }
}

/// A dynamic VHD: blocks allocated on first write, found through the BAT.
pub(crate) struct VhdDynamic {
    src: Arc<dyn ReadAt>,
    name: String,
    size: u64,
    block_size: u64,
    /// Bytes of sector bitmap before each block, rounded up to a sector.
    bitmap_len: u64,
    bat: Vec<u32>,
    /// The sector bitmap of the block read last: sequential reads stay in one block.
    bitmap_cache: Mutex<Option<(u64, Arc<Vec<u8>>)>>,
}

impl VhdDynamic {
    fn open(src: Arc<dyn ReadAt>, name: &str, footer: Footer, footer_at: u64) -> Result<Self> {
        let file_size = src.size();
        if !footer.checksum_ok {
            return Err(corrupt(name, "footer", footer_at, "checksum mismatch"));
        }
        let hdr_at = footer.data_offset;
        if hdr_at.checked_add(1024).is_none_or(|end| end > file_size) {
            return Err(DiskError::Truncated {
                name: name.into(),
                format: FORMAT,
                structure: "dynamic disk header",
                offset: hdr_at,
                file_size,
            });
        }
        let hdr = read_vec(&*src, name, hdr_at, 1024)?;
        if &hdr[0..8] != b"cxsparse" {
            return Err(corrupt(
                name,
                "dynamic disk header",
                hdr_at,
                "cookie is not \"cxsparse\"",
            ));
        }
        let bat_at = be_u64(&hdr, 16);
        let entries = u64::from(be_u32(&hdr, 28));
        let block_size = u64::from(be_u32(&hdr, 32));
        if !block_size.is_power_of_two() || !(SECTOR..=(256 << 20)).contains(&block_size) {
            return Err(corrupt(
                name,
                "dynamic disk header",
                hdr_at + 32,
                &format!("invalid block size {block_size}"),
            ));
        }
        let needed = footer.current_size.div_ceil(block_size);
        if entries < needed || entries > MAX_BAT_ENTRIES {
            return Err(corrupt(
                name,
                "dynamic disk header",
                hdr_at + 28,
                &format!(
                    "BAT has {entries} entries; a disk of {} bytes needs {needed}",
                    footer.current_size
                ),
            ));
        }
        let bat_len = entries * 4;
        if bat_at
            .checked_add(bat_len)
            .is_none_or(|end| end > file_size)
        {
            return Err(DiskError::Truncated {
                name: name.into(),
                format: FORMAT,
                structure: "block allocation table",
                offset: bat_at,
                file_size,
            });
        }
        let raw = read_vec(&*src, name, bat_at, bat_len as usize)?;
        let bat = raw
            .chunks_exact(4)
            .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let bitmap_len = (block_size / SECTOR).div_ceil(8).next_multiple_of(SECTOR);
        Ok(Self {
            src,
            name: name.into(),
            size: footer.current_size,
            block_size,
            bitmap_len,
            bat,
            bitmap_cache: Mutex::new(None),
        })
    }

    fn bitmap(&self, block: u64, block_at: u64) -> io::Result<Arc<Vec<u8>>> {
        let mut cache = self.bitmap_cache.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((b, map)) = cache.as_ref()
            && *b == block
        {
            return Ok(Arc::clone(map));
        }
        let map = Arc::new(self.read_file(block_at, self.bitmap_len as usize, "sector bitmap")?);
        *cache = Some((block, Arc::clone(&map)));
        Ok(map)
    }

    fn read_file(&self, at: u64, len: usize, structure: &'static str) -> io::Result<Vec<u8>> {
        let mut buf = vec![0u8; len];
        self.read_file_into(at, &mut buf, structure)?;
        Ok(buf)
    }

    fn read_file_into(&self, at: u64, buf: &mut [u8], structure: &'static str) -> io::Result<()> {
        let file_size = self.src.size();
        if at
            .checked_add(buf.len() as u64)
            .is_none_or(|end| end > file_size)
        {
            return Err(DiskError::Truncated {
                name: self.name.clone(),
                format: FORMAT,
                structure,
                offset: at,
                file_size,
            }
            .into_io());
        }
        self.src.read_exact_at(at, buf)
    }
}

impl ReadAt for VhdDynamic {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        if offset >= self.size || buf.is_empty() {
            return Ok(0);
        }
        let block = offset / self.block_size;
        let within = offset % self.block_size;
        let mut n = (buf.len() as u64)
            .min(self.block_size - within)
            .min(self.size - offset) as usize;
        let entry = self.bat.get(block as usize).copied().unwrap_or(u32::MAX);
        if entry == u32::MAX {
            buf[..n].fill(0);
            return Ok(n);
        }
        let block_at = u64::from(entry) * SECTOR;
        let map = self.bitmap(block, block_at)?;
        // Serve the run of sectors that share the first sector's bitmap state.
        let first = within / SECTOR;
        let present = |s: u64| {
            map.get((s / 8) as usize)
                .is_some_and(|b| b & (0x80 >> (s % 8)) != 0)
        };
        let state = present(first);
        let last_needed = (within + n as u64 - 1) / SECTOR;
        let mut s = first + 1;
        while s <= last_needed && present(s) == state {
            s += 1;
        }
        n = n.min((s * SECTOR - within) as usize);
        if state {
            let at = block_at + self.bitmap_len + within;
            self.read_file_into(at, &mut buf[..n], "data block")?;
        } else {
            buf[..n].fill(0);
        }
        Ok(n)
    }
    fn size(&self) -> u64 {
        self.size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virtual_pc_disks_are_sized_by_their_geometry_as_qemu_does() {
        // A 127 MiB disk as Virtual PC writes it: geometry 1024/8/32... is 128 MiB;
        // 989 cylinders × 16 heads × 17 sectors = 134,545,408 bytes < Current Size.
        let current = 136_314_880;
        assert_eq!(
            virtual_size(b"vpc ", 989, 16, 17, current),
            989 * 16 * 17 * 512
        );
        assert_eq!(
            virtual_size(b"qemu", 989, 16, 17, current),
            989 * 16 * 17 * 512
        );
        for hyperv_like in [b"win ", b"qem2", b"d2v ", b"CTXS", b"tap\0"] {
            assert_eq!(virtual_size(hyperv_like, 989, 16, 17, current), current);
        }
        // At the largest geometry the footer's size wins whatever the creator.
        assert_eq!(virtual_size(b"vpc ", 65535, 16, 255, 200 << 30), 200 << 30);
    }
}
