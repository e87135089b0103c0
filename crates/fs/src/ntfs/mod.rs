//! NTFS, read-only.
//!
//! The `ntfs` crate (Colin Finck) was measured on ntfs-3g volumes
//! (`shared/docs/ntfs-check.md`) and is right and fast for plain files, but its
//! public API cannot be extended to close the gaps that matter most here:
//! `Ntfs::file` locates every record through the first extent of `$MFT`'s
//! `$DATA` only (so records past ~30,000 are unreachable when `$MFT` has an
//! attribute list, and no public constructor takes a record position), its
//! attribute iteration skips list entries in the base record (a file or index
//! with an attribute list reads truncated, silently), it returns compressed
//! data raw, and it returns short data on a truncated image. Each fix needs
//! record, attribute and index parsing of our own, so this module parses those
//! structures itself with a bounds check on every field, and keeps the `ntfs`
//! crate as an independent oracle in the tests (on the cases it reads right).
//!
//! What is here: the boot sector; the `$MFT` run map assembled across its own
//! attribute list; file records with multi-sector fixups; attribute lists
//! joined into one run map per attribute; streams that read in O(log runs)
//! with initialized size, sparse runs and LZNT1 compression units; directory
//! B+ trees walked through every index piece with `$UpCase` collation; and
//! `$Volume` label and dirty flag. Every walk is bounded.

mod le;
pub mod record;
pub mod runs;
mod stream;

use std::collections::HashSet;
use std::sync::Arc;

use vmrescue_disk::ReadAt;

use self::le::{u16_at, u32_at, u64_at};
use self::record::{AttrBody, FileRecord, ty};
use self::runs::{Run, RunMap};
pub use self::stream::DataStream;
use self::stream::{NonResident, Vol};
use crate::error::{FsError, Result};

/// The record numbers of the NTFS system files used here.
const MFT_RECORD: u64 = 0;
const VOLUME_RECORD: u64 = 3;
const ROOT_RECORD: u64 = 5;
const BITMAP_RECORD: u64 = 6;
const UPCASE_RECORD: u64 = 10;
/// Bounds that keep a hostile volume from costing unbounded time or memory.
const MAX_ATTR_LIST: u64 = 4 << 20;
const MAX_EXTENSION_RECORDS: usize = 4096;
const MAX_INDEX_DEPTH: usize = 32;
const MAX_DIR_ENTRIES: usize = 4_000_000;
/// IO_REPARSE_TAG_WOF: CompactOS / WOF-compressed file.
const REPARSE_TAG_WOF: u32 = 0x8000_0017;

/// An open NTFS volume.
pub struct Ntfs {
    vol: Arc<Vol>,
    record_size: u64,
    mft: NonResident,
    upcase: Vec<u16>,
    serial: u64,
    notes: Vec<String>,
}

/// One attribute of a file, joined across extension records.
#[derive(Clone)]
struct FileAttr {
    ty: u32,
    name: Vec<u16>,
    flags: u16,
    resident: Option<Vec<u8>>,
    extents: Vec<Extent>,
}

#[derive(Clone)]
struct Extent {
    lowest_vcn: u64,
    highest_vcn: u64,
    runs: Vec<Run>,
    compression_unit: u8,
    allocated: u64,
    size: u64,
    initialized: u64,
    record: u64,
    offset: u64,
}

/// A file record with all its attributes (base record + extension records).
pub struct File {
    /// MFT record number.
    pub record: u64,
    /// Sequence number of the record.
    pub sequence: u16,
    /// Whether the record is a directory.
    pub is_directory: bool,
    /// Whether the file had an attribute list.
    pub has_attribute_list: bool,
    attrs: Vec<FileAttr>,
}

/// Times and attributes from `$STANDARD_INFORMATION` (FILETIME values:
/// 100 ns since 1601-01-01 UTC).
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct StandardInfo {
    /// Creation time.
    pub created: u64,
    /// Last data modification time.
    pub modified: u64,
    /// Last MFT record change time.
    pub mft_modified: u64,
    /// Last access time.
    pub accessed: u64,
    /// FILE_ATTRIBUTE_* flags.
    pub attributes: u32,
}

/// A name from a `$FILE_NAME` attribute or a directory index entry.
#[derive(Debug, Clone)]
pub struct FileName {
    /// Parent directory record.
    pub parent: u64,
    /// The name.
    pub name: String,
    /// 0 POSIX, 1 Win32, 2 DOS, 3 Win32 and DOS.
    pub namespace: u8,
    /// FILE_ATTRIBUTE_* flags as recorded with the name (0x10000000 = directory).
    pub flags: u32,
    /// Data size as recorded in the index (may lag behind the file record).
    pub size: u64,
}

/// An entry of a directory listing.
#[derive(Debug, Clone)]
pub struct IndexEntry {
    /// The file's record number.
    pub record: u64,
    /// The sequence number the entry expects.
    pub sequence: u16,
    /// The name and the data recorded with it.
    pub name: FileName,
}

impl IndexEntry {
    /// Whether the entry names a directory.
    pub fn is_directory(&self) -> bool {
        self.name.flags & 0x1000_0000 != 0
    }
}

/// A named data stream of a file.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StreamInfo {
    /// Stream name ("" for the main stream).
    pub name: String,
    /// Size in bytes.
    pub size: u64,
}

fn utf16(units: &[u16]) -> String {
    String::from_utf16_lossy(units)
}

impl Ntfs {
    /// Opens the NTFS volume in `src` (the partition's bytes). `name` names
    /// the volume in error messages.
    pub fn open(src: Arc<dyn ReadAt>, name: &str) -> Result<Self> {
        let size = src.size();
        let corrupt = |structure, offset, reason: String| FsError::Corrupt {
            volume: name.into(),
            structure,
            record: None,
            offset,
            reason,
        };
        if size < 512 {
            return Err(corrupt(
                "boot sector",
                0,
                format!("the volume is only {size} bytes"),
            ));
        }
        let mut boot = [0u8; 512];
        src.read_exact_at(0, &mut boot)
            .map_err(|source| FsError::Io {
                volume: name.into(),
                offset: 0,
                source,
            })?;
        if &boot[3..11] != b"NTFS    " {
            return Err(corrupt("boot sector", 3, "OEM id is not \"NTFS\"".into()));
        }
        let bps = u64::from(u16_at(&boot, 11));
        if !matches!(bps, 256 | 512 | 1024 | 2048 | 4096) {
            return Err(corrupt(
                "boot sector",
                11,
                format!("bytes per sector {bps} is invalid"),
            ));
        }
        let spc_raw = boot[13];
        let spc = if spc_raw <= 0x80 {
            u64::from(spc_raw)
        } else {
            1u64 << (256 - u32::from(spc_raw)).min(20)
        };
        if spc == 0 || !spc.is_power_of_two() {
            return Err(corrupt(
                "boot sector",
                13,
                format!("sectors per cluster {spc_raw:#x} is invalid"),
            ));
        }
        let cluster = bps * spc;
        if cluster > (2 << 20) {
            return Err(corrupt(
                "boot sector",
                13,
                format!("cluster size {cluster} is too large"),
            ));
        }
        let total_sectors = u64_at(&boot, 40);
        let clusters = total_sectors
            .checked_mul(bps)
            .map(|b| b / cluster)
            .unwrap_or(0);
        if clusters == 0 {
            return Err(corrupt(
                "boot sector",
                40,
                format!("total sectors {total_sectors} is invalid"),
            ));
        }
        let mft_lcn = u64_at(&boot, 48);
        if mft_lcn == 0 || mft_lcn >= clusters {
            return Err(corrupt(
                "boot sector",
                48,
                format!("$MFT cluster {mft_lcn} is outside the volume"),
            ));
        }
        let size_from = |raw: u8, at| -> Result<u64> {
            let v = raw as i8;
            let s = if v > 0 {
                u64::from(v as u8) * cluster
            } else {
                1u64 << (-i32::from(v)).min(31)
            };
            if !(256..=65536).contains(&s) || !s.is_power_of_two() {
                return Err(corrupt(
                    "boot sector",
                    at,
                    format!("record size {s} is invalid"),
                ));
            }
            Ok(s)
        };
        let record_size = size_from(boot[64], 64)?;
        size_from(boot[68], 68)?;
        let vol = Arc::new(Vol {
            src,
            name: name.into(),
            cluster,
            clusters,
        });
        let mut notes = Vec::new();
        if size < total_sectors * bps {
            notes.push(format!(
                "the volume is {} bytes but its boot sector declares {} (truncated image?)",
                size,
                total_sectors * bps
            ));
        }
        let mft = Self::load_mft(&vol, mft_lcn * cluster, record_size)?;
        let mut ntfs = Self {
            vol,
            record_size,
            mft,
            upcase: Vec::new(),
            serial: u64_at(&boot, 72),
            notes,
        };
        ntfs.upcase = match ntfs.load_upcase() {
            Ok(u) => u,
            Err(e) => {
                ntfs.notes.push(format!(
                    "$UpCase unreadable ({e}); using built-in case folding"
                ));
                fallback_upcase()
            }
        };
        Ok(ntfs)
    }

    /// Reads `$MFT`'s record 0 and assembles the run map of `$MFT`'s `$DATA`,
    /// including extents held in extension records (through its attribute list).
    fn load_mft(vol: &Arc<Vol>, at: u64, record_size: u64) -> Result<NonResident> {
        let mut buf = vec![0u8; record_size as usize];
        vol.read_exact(at, &mut buf).map_err(|source| FsError::Io {
            volume: vol.name.clone(),
            offset: at,
            source,
        })?;
        let rec = FileRecord::parse(buf, MFT_RECORD)
            .map_err(|(o, r)| vol.corrupt("file record", Some(0), at + o as u64, r))?;
        let attrs = collect_attrs(vol, &rec, at)?;
        let Some(first) = attrs.iter().find(|a| a.ty == ty::DATA && a.name.is_empty()) else {
            return Err(vol.corrupt("$MFT $DATA attribute", Some(0), at, "missing".into()));
        };
        let mut extents = first.extents.clone();
        let Some(ex0) = extents.first().cloned() else {
            return Err(vol.corrupt("$MFT $DATA attribute", Some(0), at, "is resident".into()));
        };
        let list = attrs.iter().find(|a| a.ty == ty::ATTRIBUTE_LIST);
        if let Some(list) = list {
            // Bootstrap: read the extension records through the runs known so
            // far, lowest VCN first; each adds the runs it holds.
            let data = read_attr_value(vol, list, 0)?;
            let mut entries = parse_attr_list(&data)
                .map_err(|(o, r)| vol.corrupt("$MFT attribute list", Some(0), at + o as u64, r))?;
            entries.retain(|e| e.ty == ty::DATA && e.name.is_empty() && e.record != MFT_RECORD);
            entries.sort_by_key(|e| e.lowest_vcn);
            for e in entries.iter().take(MAX_EXTENSION_RECORDS) {
                let partial = NonResident {
                    map: RunMap::new(flatten(&extents))
                        .map_err(|r| vol.corrupt("$MFT data runs", Some(0), at, r))?,
                    size: ex0.size,
                    initialized: ex0.size,
                    compression_unit: None,
                };
                let stream = DataStream::non_resident(Arc::clone(vol), partial, 0);
                let ext = read_record_via(vol, &stream, e.record, record_size)?;
                let more = collect_attrs(vol, &ext, 0)?;
                for a in more
                    .into_iter()
                    .filter(|a| a.ty == ty::DATA && a.name.is_empty())
                {
                    extents.extend(a.extents);
                }
                extents.sort_by_key(|x| x.lowest_vcn);
                extents.dedup_by_key(|x| x.lowest_vcn);
            }
        }
        let map = RunMap::new(flatten(&extents))
            .map_err(|r| vol.corrupt("$MFT data runs", Some(0), at, r))?;
        if map.clusters() * vol.cluster < ex0.size {
            return Err(vol.corrupt(
                "$MFT data runs",
                Some(0),
                at,
                format!(
                    "runs cover {} bytes but $MFT is {} bytes",
                    map.clusters() * vol.cluster,
                    ex0.size
                ),
            ));
        }
        Ok(NonResident {
            map,
            size: ex0.size,
            initialized: ex0.initialized.min(ex0.size),
            compression_unit: None,
        })
    }

    fn load_upcase(&self) -> Result<Vec<u16>> {
        let f = self.file(UPCASE_RECORD)?;
        let s = self.stream(&f, "")?;
        if s.size() != 131072 {
            return Err(self.vol.corrupt(
                "$UpCase",
                Some(UPCASE_RECORD),
                0,
                format!("size {} is not 131072", s.size()),
            ));
        }
        let mut b = vec![0u8; 131072];
        s.read_exact_at(0, &mut b).map_err(|e| self.io(0, e))?;
        Ok(b.chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect())
    }

    fn io(&self, offset: u64, source: std::io::Error) -> FsError {
        match source.get_ref().and_then(|e| e.downcast_ref::<FsError>()) {
            Some(_) => {
                let inner = source
                    .into_inner()
                    .and_then(|e| e.downcast::<FsError>().ok());
                match inner {
                    Some(e) => *e,
                    None => FsError::Io {
                        volume: self.vol.name.clone(),
                        offset,
                        source: std::io::Error::other("read failed"),
                    },
                }
            }
            None => FsError::Io {
                volume: self.vol.name.clone(),
                offset,
                source,
            },
        }
    }

    /// The volume's name in messages.
    pub fn name(&self) -> &str {
        &self.vol.name
    }

    /// Cluster size in bytes.
    pub fn cluster_size(&self) -> u64 {
        self.vol.cluster
    }

    /// File record size in bytes.
    pub fn record_size(&self) -> u64 {
        self.record_size
    }

    /// Volume serial number.
    pub fn serial(&self) -> u64 {
        self.serial
    }

    /// Number of records the MFT holds.
    pub fn record_count(&self) -> u64 {
        self.mft.size / self.record_size
    }

    /// Number of runs of `$MFT`'s `$DATA` (more than one extent means `$MFT`
    /// has an attribute list).
    pub fn mft_run_count(&self) -> usize {
        self.mft.map.runs().len()
    }

    /// Observations made while opening (truncation, fallbacks).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Reads and parses one MFT record.
    pub fn record(&self, number: u64) -> Result<FileRecord> {
        if number >= self.record_count() {
            return Err(self.vol.corrupt(
                "file reference",
                Some(number),
                0,
                format!(
                    "record {number} is past the end of the MFT ({} records)",
                    self.record_count()
                ),
            ));
        }
        let stream = DataStream::non_resident(
            Arc::clone(&self.vol),
            NonResident {
                map: self.mft.map.clone(),
                size: self.mft.size,
                initialized: self.mft.initialized,
                compression_unit: None,
            },
            0,
        );
        read_record_via(&self.vol, &stream, number, self.record_size)
    }

    /// Loads a base file record and all its attributes, following its
    /// attribute list into extension records.
    pub fn file(&self, number: u64) -> Result<File> {
        let base = self.record(number)?;
        if !base.in_use {
            return Err(self.vol.corrupt(
                "file record",
                Some(number),
                0,
                "record is not in use (deleted file)".into(),
            ));
        }
        if base.base != 0 {
            return Err(self.vol.corrupt(
                "file record",
                Some(number),
                0,
                format!("is an extension record of record {}", base.base),
            ));
        }
        let mut attrs = collect_attrs(&self.vol, &base, 0)?;
        let mut has_list = false;
        if let Some(list) = attrs.iter().find(|a| a.ty == ty::ATTRIBUTE_LIST).cloned() {
            has_list = true;
            let data = read_attr_value(&self.vol, &list, number)?;
            let entries = parse_attr_list(&data).map_err(|(o, r)| {
                self.vol
                    .corrupt("attribute list", Some(number), o as u64, r)
            })?;
            let mut seen = HashSet::new();
            seen.insert(number);
            for e in &entries {
                if !seen.insert(e.record) {
                    continue;
                }
                if seen.len() > MAX_EXTENSION_RECORDS {
                    return Err(self.vol.corrupt(
                        "attribute list",
                        Some(number),
                        0,
                        "references too many extension records".into(),
                    ));
                }
                let ext = self.record(e.record)?;
                if ext.base != number {
                    return Err(self.vol.corrupt(
                        "attribute list",
                        Some(number),
                        0,
                        format!(
                            "names record {} as an extension, but that record belongs to record {}",
                            e.record, ext.base
                        ),
                    ));
                }
                for a in collect_attrs(&self.vol, &ext, 0)? {
                    match attrs.iter_mut().find(|x| {
                        x.ty == a.ty
                            && x.name == a.name
                            && x.resident.is_none()
                            && a.resident.is_none()
                    }) {
                        Some(x) => x.extents.extend(a.extents),
                        None => attrs.push(a),
                    }
                }
            }
            for a in &mut attrs {
                a.extents.sort_by_key(|x| x.lowest_vcn);
            }
        }
        Ok(File {
            record: number,
            sequence: base.sequence,
            is_directory: base.is_directory,
            has_attribute_list: has_list,
            attrs,
        })
    }

    /// The root directory's record number.
    pub fn root(&self) -> u64 {
        ROOT_RECORD
    }

    /// Opens a data stream of a file: `""` is the main (unnamed) stream.
    pub fn stream(&self, file: &File, name: &str) -> Result<DataStream> {
        self.attr_stream(file, ty::DATA, name)
    }

    fn attr_stream(&self, file: &File, attr_ty: u32, name: &str) -> Result<DataStream> {
        let wanted: Vec<u16> = name.encode_utf16().collect();
        let Some(attr) = file
            .attrs
            .iter()
            .find(|a| a.ty == attr_ty && self.names_equal(&a.name, &wanted))
        else {
            return Err(FsError::NotFound {
                volume: self.vol.name.clone(),
                path: format!("record {} stream {:?}", file.record, name),
            });
        };
        if attr.flags & 0x4000 != 0 {
            return Err(FsError::Unsupported {
                volume: self.vol.name.clone(),
                what: format!(
                    "record {}: the file is EFS-encrypted; its data cannot be read without the user's key",
                    file.record
                ),
            });
        }
        if attr_ty == ty::DATA && name.is_empty() && self.reparse_tag(file) == Some(REPARSE_TAG_WOF)
        {
            return Err(FsError::Unsupported {
                volume: self.vol.name.clone(),
                what: format!(
                    "record {}: the file is WOF-compressed (CompactOS); its data is in the WofCompressedData stream, which vmrescue does not decompress yet",
                    file.record
                ),
            });
        }
        if let Some(data) = &attr.resident {
            return Ok(DataStream::resident(data.clone()));
        }
        let nr = build_non_resident(&self.vol, attr, file.record)?;
        Ok(DataStream::non_resident(
            Arc::clone(&self.vol),
            nr,
            file.record,
        ))
    }

    fn reparse_tag(&self, file: &File) -> Option<u32> {
        let a = file.attrs.iter().find(|a| a.ty == ty::REPARSE_POINT)?;
        a.resident.as_ref().map(|d| u32_at(d, 0))
    }

    /// The data streams of a file with their sizes.
    pub fn streams(&self, file: &File) -> Vec<StreamInfo> {
        file.attrs
            .iter()
            .filter(|a| a.ty == ty::DATA)
            .map(|a| StreamInfo {
                name: utf16(&a.name),
                size: match &a.resident {
                    Some(d) => d.len() as u64,
                    None => a
                        .extents
                        .iter()
                        .find(|e| e.lowest_vcn == 0)
                        .map_or(0, |e| e.size),
                },
            })
            .collect()
    }

    /// `$STANDARD_INFORMATION` of a file.
    pub fn standard_info(&self, file: &File) -> Option<StandardInfo> {
        let a = file
            .attrs
            .iter()
            .find(|a| a.ty == ty::STANDARD_INFORMATION)?;
        let d = a.resident.as_ref()?;
        if d.len() < 36 {
            return None;
        }
        Some(StandardInfo {
            created: u64_at(d, 0),
            modified: u64_at(d, 8),
            mft_modified: u64_at(d, 16),
            accessed: u64_at(d, 24),
            attributes: u32_at(d, 32),
        })
    }

    /// The names of a file (`$FILE_NAME` attributes).
    pub fn names(&self, file: &File) -> Vec<FileName> {
        file.attrs
            .iter()
            .filter(|a| a.ty == ty::FILE_NAME)
            .filter_map(|a| a.resident.as_deref().and_then(parse_file_name))
            .collect()
    }

    /// The full path (`\Windows\System32\csrss.exe`) of one name of a file,
    /// found by walking the parent references of the `$FILE_NAME` attributes
    /// up to the root. A file with several hard links has one such path per
    /// non-DOS name. Bounded: at most 64 levels, and a loop is an error.
    pub fn path_of(&self, name: &FileName) -> Result<String> {
        let mut parts = vec![name.name.clone()];
        let mut parent = name.parent;
        let mut seen = HashSet::new();
        while parent != ROOT_RECORD {
            if !seen.insert(parent) || seen.len() > 64 {
                return Err(self.vol.corrupt(
                    "file name",
                    Some(parent),
                    0,
                    "parent directory references form a loop or are deeper than 64 levels".into(),
                ));
            }
            let dir = self.file(parent)?;
            let Some(n) = self.names(&dir).into_iter().find(|n| n.namespace != 2) else {
                return Err(self.vol.corrupt(
                    "file name",
                    Some(parent),
                    0,
                    "directory record has no $FILE_NAME".into(),
                ));
            };
            parent = n.parent;
            parts.push(n.name);
        }
        parts.reverse();
        Ok(format!("\\{}", parts.join("\\")))
    }

    /// Whether the main data stream is compressed, sparse or encrypted
    /// (attribute flags 0x1, 0x8000, 0x4000).
    pub fn data_flags(&self, file: &File) -> u16 {
        file.attrs
            .iter()
            .find(|a| a.ty == ty::DATA && a.name.is_empty())
            .map_or(0, |a| a.flags)
    }

    /// The volume label and whether the dirty flag is set.
    pub fn volume_info(&self) -> Result<(Option<String>, bool)> {
        let f = self.file(VOLUME_RECORD)?;
        let label = f
            .attrs
            .iter()
            .find(|a| a.ty == ty::VOLUME_NAME)
            .and_then(|a| a.resident.as_ref())
            .map(|d| {
                utf16(
                    &d.chunks_exact(2)
                        .map(|c| u16::from_le_bytes([c[0], c[1]]))
                        .collect::<Vec<_>>(),
                )
            });
        let dirty = f
            .attrs
            .iter()
            .find(|a| a.ty == ty::VOLUME_INFORMATION)
            .and_then(|a| a.resident.as_ref())
            .is_some_and(|d| u16_at(d, 10) & 1 != 0);
        Ok((label, dirty))
    }

    /// Free and total bytes, from `$Bitmap` (one bit per cluster).
    pub fn free_space(&self) -> Result<(u64, u64)> {
        let f = self.file(BITMAP_RECORD)?;
        let s = self.stream(&f, "")?;
        let clusters = self.vol.clusters;
        let need = clusters.div_ceil(8).min(s.size());
        let mut used = 0u64;
        let mut buf = vec![0u8; 1 << 20];
        let mut pos = 0u64;
        while pos < need {
            let n = (need - pos).min(buf.len() as u64) as usize;
            s.read_exact_at(pos, &mut buf[..n])
                .map_err(|e| self.io(pos, e))?;
            used += buf[..n]
                .iter()
                .map(|b| u64::from(b.count_ones()))
                .sum::<u64>();
            pos += n as u64;
        }
        let total = clusters * self.vol.cluster;
        Ok((total.saturating_sub(used * self.vol.cluster), total))
    }

    fn fold(&self, u: u16) -> u16 {
        self.upcase.get(usize::from(u)).copied().unwrap_or(u)
    }

    fn names_equal(&self, a: &[u16], b: &[u16]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| self.fold(*x) == self.fold(*y))
    }

    /// NTFS file-name collation: upcased code units, then length.
    fn collate(&self, a: &[u16], b: &[u16]) -> std::cmp::Ordering {
        for (x, y) in a.iter().zip(b) {
            let o = self.fold(*x).cmp(&self.fold(*y));
            if o.is_ne() {
                return o;
            }
        }
        a.len().cmp(&b.len())
    }

    /// The directory index of a directory file: root node and allocation stream.
    fn index(&self, dir: &File) -> Result<(Vec<u8>, Option<DataStream>, u64)> {
        let i30: Vec<u16> = "$I30".encode_utf16().collect();
        let Some(root) = dir
            .attrs
            .iter()
            .find(|a| a.ty == ty::INDEX_ROOT && a.name == i30)
        else {
            return Err(FsError::NotADirectory {
                volume: self.vol.name.clone(),
                path: format!("record {}", dir.record),
            });
        };
        let Some(root) = root.resident.clone() else {
            return Err(self.vol.corrupt(
                "$INDEX_ROOT",
                Some(dir.record),
                0,
                "is not resident".into(),
            ));
        };
        let block = u64::from(u32_at(&root, 8));
        if !(256..=65536).contains(&block) || !block.is_power_of_two() {
            return Err(self.vol.corrupt(
                "$INDEX_ROOT",
                Some(dir.record),
                8,
                format!("index record size {block} is invalid"),
            ));
        }
        let alloc = match dir
            .attrs
            .iter()
            .find(|a| a.ty == ty::INDEX_ALLOCATION && a.name == i30)
        {
            Some(a) if a.resident.is_none() => Some(DataStream::non_resident(
                Arc::clone(&self.vol),
                build_non_resident(&self.vol, a, dir.record)?,
                dir.record,
            )),
            _ => None,
        };
        Ok((root, alloc, block))
    }

    fn index_node(
        &self,
        dir: u64,
        alloc: Option<&DataStream>,
        block: u64,
        vcn: u64,
    ) -> Result<Vec<u8>> {
        let Some(alloc) = alloc else {
            return Err(self.vol.corrupt(
                "index entry",
                Some(dir),
                0,
                format!(
                    "points to index block VCN {vcn} but the directory has no $INDEX_ALLOCATION"
                ),
            ));
        };
        let unit = if block >= self.vol.cluster {
            self.vol.cluster
        } else {
            512
        };
        let at = vcn
            .checked_mul(unit)
            .filter(|a| a.checked_add(block).is_some_and(|e| e <= alloc.size()));
        let Some(at) = at else {
            return Err(self.vol.corrupt(
                "index entry",
                Some(dir),
                0,
                format!(
                    "index block VCN {vcn} lies outside $INDEX_ALLOCATION ({} bytes)",
                    alloc.size()
                ),
            ));
        };
        let mut buf = vec![0u8; block as usize];
        alloc
            .read_exact_at(at, &mut buf)
            .map_err(|e| self.io(at, e))?;
        record::apply_fixups(&mut buf, b"INDX").map_err(|(o, r)| {
            self.vol
                .corrupt("index record (INDX)", Some(dir), at + o as u64, r)
        })?;
        Ok(buf)
    }

    /// Lists a directory: every entry of every index node, in collation order.
    /// DOS 8.3 aliases are left out.
    pub fn read_dir(&self, dir: &File) -> Result<Vec<IndexEntry>> {
        let (root, alloc, block) = self.index(dir)?;
        let mut out = Vec::new();
        let mut visited = HashSet::new();
        self.walk_node(
            dir.record,
            &root,
            16,
            alloc.as_ref(),
            block,
            0,
            &mut visited,
            &mut out,
        )?;
        Ok(out)
    }

    #[allow(clippy::too_many_arguments)]
    fn walk_node(
        &self,
        dir: u64,
        node: &[u8],
        header: usize,
        alloc: Option<&DataStream>,
        block: u64,
        depth: usize,
        visited: &mut HashSet<u64>,
        out: &mut Vec<IndexEntry>,
    ) -> Result<()> {
        if depth > MAX_INDEX_DEPTH {
            return Err(self.vol.corrupt(
                "directory index",
                Some(dir),
                0,
                "is deeper than any real index (loop?)".into(),
            ));
        }
        for e in node_entries(node, header)
            .map_err(|(o, r)| self.vol.corrupt("index node", Some(dir), o as u64, r))?
        {
            if let Some(vcn) = e.subnode {
                if !visited.insert(vcn) {
                    return Err(self.vol.corrupt(
                        "directory index",
                        Some(dir),
                        0,
                        format!("index block VCN {vcn} is referenced twice (loop)"),
                    ));
                }
                let child = self.index_node(dir, alloc, block, vcn)?;
                self.walk_node(dir, &child, 24, alloc, block, depth + 1, visited, out)?;
            }
            if let Some(name) = e.name
                && name.namespace != 2
            {
                if out.len() >= MAX_DIR_ENTRIES {
                    return Err(self.vol.corrupt(
                        "directory index",
                        Some(dir),
                        0,
                        "has more entries than any real directory".into(),
                    ));
                }
                out.push(IndexEntry {
                    record: e.record,
                    sequence: e.sequence,
                    name,
                });
            }
        }
        Ok(())
    }

    /// Finds `name` in a directory (case-insensitively, through `$UpCase`).
    pub fn find(&self, dir: &File, name: &str) -> Result<Option<IndexEntry>> {
        let key: Vec<u16> = name.encode_utf16().collect();
        let (root, alloc, block) = self.index(dir)?;
        let mut node = root;
        let mut header = 16;
        let mut visited = HashSet::new();
        for _ in 0..=MAX_INDEX_DEPTH {
            let entries = node_entries(&node, header).map_err(|(o, r)| {
                self.vol
                    .corrupt("index node", Some(dir.record), o as u64, r)
            })?;
            let mut next = None;
            for e in entries {
                let ord = match &e.name {
                    Some(n) => self.collate(&key, &n.name.encode_utf16().collect::<Vec<_>>()),
                    None => std::cmp::Ordering::Less, // the end entry sorts after every name
                };
                match ord {
                    std::cmp::Ordering::Equal => {
                        return Ok(e.name.map(|name| IndexEntry {
                            record: e.record,
                            sequence: e.sequence,
                            name,
                        }));
                    }
                    std::cmp::Ordering::Less => {
                        next = e.subnode;
                        break;
                    }
                    std::cmp::Ordering::Greater => {}
                }
            }
            let Some(vcn) = next else {
                return Ok(None);
            };
            if !visited.insert(vcn) {
                return Err(self.vol.corrupt(
                    "directory index",
                    Some(dir.record),
                    0,
                    format!("index block VCN {vcn} is referenced twice (loop)"),
                ));
            }
            node = self.index_node(dir.record, alloc.as_ref(), block, vcn)?;
            header = 24;
        }
        Err(self.vol.corrupt(
            "directory index",
            Some(dir.record),
            0,
            "is deeper than any real index (loop?)".into(),
        ))
    }

    /// Resolves a Windows path (`\Windows\System32`, `/windows/system32`,
    /// `C:\Windows`) to a file record, case-insensitively.
    pub fn lookup(&self, path: &str) -> Result<File> {
        let mut cur = self.file(ROOT_RECORD)?;
        for comp in crate::path_components(path) {
            if !cur.is_directory {
                return Err(FsError::NotADirectory {
                    volume: self.vol.name.clone(),
                    path: path.into(),
                });
            }
            let Some(e) = self.find(&cur, comp)? else {
                return Err(FsError::NotFound {
                    volume: self.vol.name.clone(),
                    path: path.into(),
                });
            };
            let f = self.file(e.record)?;
            if f.sequence != e.sequence && e.sequence != 0 {
                return Err(self.vol.corrupt(
                    "index entry",
                    Some(cur.record),
                    0,
                    format!("{comp:?} points to record {} with sequence {}, but the record now has sequence {} (stale entry)", e.record, e.sequence, f.sequence),
                ));
            }
            cur = f;
        }
        Ok(cur)
    }
}

struct NodeEntry {
    record: u64,
    sequence: u16,
    subnode: Option<u64>,
    name: Option<FileName>,
}

/// Parses the entries of an index node whose header starts at `header`.
fn node_entries(
    node: &[u8],
    header: usize,
) -> std::result::Result<Vec<NodeEntry>, (usize, String)> {
    let first = header + u32_at(node, header) as usize;
    let end = header + u32_at(node, header + 4) as usize;
    if first < header + 16 || end > node.len() || first > end {
        return Err((
            header,
            format!(
                "index node header (entries {first}..{end}) does not fit {} bytes",
                node.len()
            ),
        ));
    }
    let mut out = Vec::new();
    let mut pos = first;
    loop {
        if pos + 16 > end {
            return Err((pos, "index entries end without an end entry".into()));
        }
        let len = usize::from(u16_at(node, pos + 8));
        let key_len = usize::from(u16_at(node, pos + 10));
        let flags = u16_at(node, pos + 12);
        if len < 16 || len % 8 != 0 || pos + len > end || 16 + key_len > len {
            return Err((
                pos + 8,
                format!("index entry length {len} (key {key_len}) is invalid"),
            ));
        }
        let subnode = if flags & 1 != 0 {
            if len < 24 {
                return Err((pos + 8, "index entry with a subnode is too short".into()));
            }
            Some(u64_at(node, pos + len - 8))
        } else {
            None
        };
        let last = flags & 2 != 0;
        let name = if last || key_len == 0 {
            None
        } else {
            parse_file_name(&node[pos + 16..pos + 16 + key_len])
        };
        let fref = u64_at(node, pos);
        out.push(NodeEntry {
            record: fref & 0x0000_ffff_ffff_ffff,
            sequence: (fref >> 48) as u16,
            subnode,
            name,
        });
        if last {
            return Ok(out);
        }
        pos += len;
    }
}

fn parse_file_name(d: &[u8]) -> Option<FileName> {
    if d.len() < 66 {
        return None;
    }
    let len = usize::from(d[64]);
    if 66 + len * 2 > d.len() {
        return None;
    }
    let units: Vec<u16> = (0..len).map(|i| u16_at(d, 66 + i * 2)).collect();
    Some(FileName {
        parent: u64_at(d, 0) & 0x0000_ffff_ffff_ffff,
        name: utf16(&units),
        namespace: d[65],
        flags: u32_at(d, 56),
        size: u64_at(d, 48),
    })
}

struct ListEntry {
    ty: u32,
    lowest_vcn: u64,
    record: u64,
    name: Vec<u16>,
}

fn parse_attr_list(d: &[u8]) -> std::result::Result<Vec<ListEntry>, (usize, String)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos + 26 <= d.len() {
        let len = usize::from(u16_at(d, pos + 4));
        if len < 26 || pos + len > d.len() {
            return Err((
                pos + 4,
                format!("attribute list entry length {len} is invalid"),
            ));
        }
        let name_len = usize::from(d[pos + 6]);
        let name_off = usize::from(d[pos + 7]);
        if name_len > 0 && name_off + name_len * 2 > len {
            return Err((
                pos + 7,
                "attribute list entry name lies outside the entry".into(),
            ));
        }
        out.push(ListEntry {
            ty: u32_at(d, pos),
            lowest_vcn: u64_at(d, pos + 8),
            record: u64_at(d, pos + 16) & 0x0000_ffff_ffff_ffff,
            name: (0..name_len)
                .map(|i| u16_at(d, pos + name_off + i * 2))
                .collect(),
        });
        pos += len;
    }
    Ok(out)
}

/// Gathers the attributes of one record, decoding the runs of each extent.
fn collect_attrs(vol: &Vol, rec: &FileRecord, rec_at: u64) -> Result<Vec<FileAttr>> {
    let mut out: Vec<FileAttr> = Vec::new();
    for a in rec.attributes() {
        let a = a.map_err(|(o, r)| {
            vol.corrupt("attribute header", Some(rec.number), rec_at + o as u64, r)
        })?;
        let (resident, extents) = match a.body {
            AttrBody::Resident(v) => (Some(v.to_vec()), Vec::new()),
            AttrBody::NonResident {
                lowest_vcn,
                highest_vcn,
                runs,
                compression_unit,
                allocated_size,
                data_size,
                initialized_size,
            } => {
                let decoded = runs::decode(runs, lowest_vcn, vol.clusters).map_err(|(o, r)| {
                    vol.corrupt(
                        "data runs",
                        Some(rec.number),
                        rec_at + (a.offset + o) as u64,
                        r,
                    )
                })?;
                (
                    None,
                    vec![Extent {
                        lowest_vcn,
                        highest_vcn,
                        runs: decoded,
                        compression_unit,
                        allocated: allocated_size,
                        size: data_size,
                        initialized: initialized_size,
                        record: rec.number,
                        offset: rec_at + a.offset as u64,
                    }],
                )
            }
        };
        out.push(FileAttr {
            ty: a.ty,
            name: a.name,
            flags: a.flags,
            resident,
            extents,
        });
    }
    Ok(out)
}

fn flatten(extents: &[Extent]) -> Vec<Run> {
    extents
        .iter()
        .flat_map(|e| e.runs.iter().copied())
        .collect()
}

/// Joins the extents of a non-resident attribute into one run map and checks
/// that they cover the value.
fn build_non_resident(vol: &Vol, attr: &FileAttr, record: u64) -> Result<NonResident> {
    let Some(first) = attr.extents.first() else {
        return Err(vol.corrupt("attribute", Some(record), 0, "has no extents".into()));
    };
    if first.lowest_vcn != 0 {
        return Err(vol.corrupt(
            "attribute",
            Some(record),
            first.offset,
            format!(
                "first extent starts at VCN {} (the extent holding VCN 0 is missing)",
                first.lowest_vcn
            ),
        ));
    }
    for e in &attr.extents {
        let end = e.runs.last().map_or(e.lowest_vcn, |r| r.vcn + r.len);
        if e.highest_vcn.checked_add(1).is_some_and(|h| end < h) && !e.runs.is_empty() {
            return Err(vol.corrupt(
                "data runs",
                Some(e.record),
                e.offset,
                format!(
                    "extent maps VCN {}..{end} but claims to end at VCN {}",
                    e.lowest_vcn, e.highest_vcn
                ),
            ));
        }
    }
    let map = RunMap::new(flatten(&attr.extents))
        .map_err(|r| vol.corrupt("data runs", Some(record), first.offset, r))?;
    let size = first.size;
    let mapped = map.clusters().saturating_mul(vol.cluster);
    let compression_unit = if attr.flags & 1 != 0 && first.compression_unit > 0 {
        if first.compression_unit > 8 {
            return Err(vol.corrupt(
                "attribute",
                Some(record),
                first.offset,
                format!(
                    "compression unit 2^{} clusters is invalid",
                    first.compression_unit
                ),
            ));
        }
        Some(1u64 << first.compression_unit)
    } else {
        None
    };
    if mapped < size && compression_unit.is_none() {
        return Err(vol.corrupt(
            "data runs",
            Some(record),
            first.offset,
            format!(
                "runs map {mapped} bytes but the value is {size} bytes (allocated {})",
                first.allocated
            ),
        ));
    }
    Ok(NonResident {
        map,
        size,
        initialized: first.initialized.min(size),
        compression_unit,
    })
}

/// Reads the whole value of a (small) attribute such as an attribute list.
fn read_attr_value(vol: &Arc<Vol>, attr: &FileAttr, record: u64) -> Result<Vec<u8>> {
    if let Some(d) = &attr.resident {
        return Ok(d.clone());
    }
    let nr = build_non_resident(vol, attr, record)?;
    if nr.size > MAX_ATTR_LIST {
        return Err(vol.corrupt(
            "attribute list",
            Some(record),
            0,
            format!("is {} bytes, more than any real one", nr.size),
        ));
    }
    let s = DataStream::non_resident(Arc::clone(vol), nr, record);
    let mut buf = vec![0u8; s.size() as usize];
    s.read_exact_at(0, &mut buf).map_err(|source| FsError::Io {
        volume: vol.name.clone(),
        offset: 0,
        source,
    })?;
    Ok(buf)
}

fn read_record_via(
    vol: &Vol,
    mft: &DataStream,
    number: u64,
    record_size: u64,
) -> Result<FileRecord> {
    let at = number
        .checked_mul(record_size)
        .ok_or_else(|| vol.corrupt("file reference", Some(number), 0, "overflows".into()))?;
    if at.checked_add(record_size).is_none_or(|e| e > mft.size()) {
        return Err(vol.corrupt(
            "file reference",
            Some(number),
            0,
            format!("record {number} is past the end of the MFT"),
        ));
    }
    let mut buf = vec![0u8; record_size as usize];
    mft.read_exact_at(at, &mut buf).map_err(|source| {
        match source
            .into_inner()
            .and_then(|e| e.downcast::<FsError>().ok())
        {
            Some(e) => *e,
            None => FsError::Io {
                volume: vol.name.clone(),
                offset: at,
                source: std::io::Error::other("MFT read failed"),
            },
        }
    })?;
    FileRecord::parse(buf, number)
        .map_err(|(o, r)| vol.corrupt("file record", Some(number), at + o as u64, r))
}

/// Case folding when `$UpCase` cannot be read: Unicode simple upper case for
/// code units whose upper case is one unit.
fn fallback_upcase() -> Vec<u16> {
    (0..=0xffffu32)
        .map(|u| {
            char::from_u32(u)
                .and_then(|c| {
                    let mut up = c.to_uppercase();
                    match (up.next(), up.next()) {
                        (Some(x), None) if (x as u32) <= 0xffff => Some(x as u32 as u16),
                        _ => None,
                    }
                })
                .unwrap_or(u as u16)
        })
        .collect()
}
