//! Partition tables (MBR with extended/logical partitions, GPT) with 512- and
//! 4096-byte sectors, and the file system found in each partition.
//!
//! Parsed here rather than through `mbrman`/`gptman`, which stay test oracles:
//! on hostile input `gptman` allocates whatever entry count a header claims and
//! can panic in its alignment search (an `unwrap` on an empty range), and
//! `mbrman` adds EBR offsets without overflow checks. Both tables are small;
//! here every count is bounded and every offset checked.

use std::collections::HashSet;

use serde::Serialize;

use crate::error::{DiskError, Result};
use crate::source::{ReadAt, read_vec};

/// The kind of partition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    /// Master boot record (Gen1 / BIOS VMs).
    Mbr,
    /// GUID partition table (Gen2 / UEFI VMs).
    Gpt,
    /// No table: the disk is one bare file system (a volume image).
    None,
}

/// The file system found in a partition's first sector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FsKind {
    /// NTFS.
    Ntfs,
    /// FAT12.
    Fat12,
    /// FAT16.
    Fat16,
    /// FAT32 (an EFI system partition, usually).
    Fat32,
    /// exFAT.
    Exfat,
    /// ReFS.
    Refs,
    /// A BitLocker-encrypted volume ("-FVE-FS-"): must be unlocked first.
    Bitlocker,
    /// A Linux ext2/3/4 file system.
    Ext,
    /// Nothing recognised.
    Unknown,
}

impl FsKind {
    /// Lower-case name as used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ntfs => "ntfs",
            Self::Fat12 => "fat12",
            Self::Fat16 => "fat16",
            Self::Fat32 => "fat32",
            Self::Exfat => "exfat",
            Self::Refs => "refs",
            Self::Bitlocker => "bitlocker",
            Self::Ext => "ext",
            Self::Unknown => "unknown",
        }
    }

    /// Whether this is one of the FAT variants.
    pub fn is_fat(self) -> bool {
        matches!(self, Self::Fat12 | Self::Fat16 | Self::Fat32)
    }
}

/// One partition.
#[derive(Debug, Clone, Serialize)]
pub struct Partition {
    /// 1-based number (MBR: 1–4 primary slots, 5+ logical; GPT: entry number);
    /// 0 for a bare volume without a table.
    pub index: u32,
    /// Start in bytes from the start of the disk.
    pub start: u64,
    /// Size in bytes.
    pub size: u64,
    /// The file system found in its first sector.
    pub filesystem: FsKind,
    /// Partition type: MBR type byte as `0x07`, or the GPT type GUID.
    pub type_id: String,
    /// A readable name of the partition type, when known.
    pub type_name: Option<&'static str>,
    /// GPT partition name.
    pub name: Option<String>,
    /// GPT unique partition GUID.
    pub guid: Option<String>,
    /// MBR active (boot) flag.
    pub active: bool,
    /// Whether the partition extends past the end of the disk.
    pub beyond_end: bool,
}

/// The partitions of a disk.
#[derive(Debug, Clone, Serialize)]
pub struct PartitionTable {
    /// The kind of table.
    pub scheme: Scheme,
    /// The sector size the table uses.
    pub sector_size: u32,
    /// MBR disk signature (`0x1234abcd`) or GPT disk GUID.
    pub disk_id: Option<String>,
    /// The partitions in table order.
    pub partitions: Vec<Partition>,
    /// Problems that did not stop reading (e.g. the primary GPT was damaged
    /// and the backup was used).
    pub warnings: Vec<String>,
}

const MAX_LOGICAL: usize = 128;
const MAX_GPT_ARRAY: u64 = 4 << 20;

fn le_u16(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2)
        .map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
}
fn le_u32(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}
fn le_u64(b: &[u8], at: usize) -> u64 {
    let mut x = [0u8; 8];
    if let Some(s) = b.get(at..at + 8) {
        x.copy_from_slice(s);
    }
    u64::from_le_bytes(x)
}

/// Formats a GUID stored in the Microsoft mixed-endian layout.
pub fn format_guid(b: &[u8]) -> String {
    if b.len() < 16 {
        return String::new();
    }
    format!(
        "{:08x}-{:04x}-{:04x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
        le_u32(b, 0),
        le_u16(b, 4),
        le_u16(b, 6),
        b[8],
        b[9],
        b[10],
        b[11],
        b[12],
        b[13],
        b[14],
        b[15]
    )
}

/// Classifies a file system from the first bytes of a volume (at least 512;
/// 2048 lets ext be seen too).
pub fn classify(boot: &[u8]) -> FsKind {
    let at = |o: usize, m: &[u8]| boot.get(o..o + m.len()) == Some(m);
    if at(3, b"NTFS    ") {
        FsKind::Ntfs
    } else if at(3, b"-FVE-FS-") {
        FsKind::Bitlocker
    } else if at(3, b"EXFAT   ") {
        FsKind::Exfat
    } else if at(3, b"ReFS") {
        FsKind::Refs
    } else if at(82, b"FAT32   ") {
        FsKind::Fat32
    } else if at(54, b"FAT16   ") {
        FsKind::Fat16
    } else if at(54, b"FAT12   ") {
        FsKind::Fat12
    } else if at(1080, &[0x53, 0xef]) {
        FsKind::Ext
    } else {
        FsKind::Unknown
    }
}

fn mbr_type_name(t: u8) -> Option<&'static str> {
    Some(match t {
        0x01 => "FAT12",
        0x04 | 0x06 | 0x0e => "FAT16",
        0x07 => "NTFS/exFAT/BitLocker",
        0x0b | 0x0c => "FAT32",
        0x05 | 0x0f | 0x85 => "extended",
        0x27 => "Windows RE (hidden NTFS)",
        0x42 => "Windows dynamic disk (LDM)",
        0x82 => "Linux swap",
        0x83 => "Linux",
        0x8e => "Linux LVM",
        0xee => "GPT protective",
        0xef => "EFI system",
        _ => return None,
    })
}

fn gpt_type_name(guid: &str) -> Option<&'static str> {
    Some(match guid {
        "c12a7328-f81f-11d2-ba4b-00a0c93ec93b" => "EFI system partition",
        "e3c9e316-0b5c-4db8-817d-f92df00215ae" => "Microsoft reserved",
        "ebd0a0a2-b9e5-4433-87c0-68b6b72699c7" => "Microsoft basic data",
        "de94bba4-06d1-4d40-a16a-bfd50179d6ac" => "Windows recovery",
        "5808c8aa-7e8f-42e0-85d2-e1e90434cfb3" => "LDM metadata",
        "af9b60a0-1431-4f62-bc68-3311714a69ad" => "LDM data",
        "e75caf8f-f680-4cee-afa3-b001e56efc2d" => "Storage Spaces",
        "0fc63daf-8483-4772-8e79-3d69d8477de4" => "Linux file system",
        "21686148-6449-6e6f-744e-656564454649" => "BIOS boot",
        "0657fd6d-a4ab-43c4-84e5-0933c84b4f4f" => "Linux swap",
        _ => return None,
    })
}

fn corrupt(
    name: &str,
    format: &'static str,
    structure: &'static str,
    offset: u64,
    reason: String,
) -> DiskError {
    DiskError::Corrupt {
        name: name.into(),
        format,
        structure,
        offset,
        reason,
    }
}

/// Reads the partition table of a virtual disk. `sector_hint` is the logical
/// sector size if the container records it.
pub fn read_partitions(
    disk: &dyn ReadAt,
    name: &str,
    sector_hint: Option<u32>,
) -> Result<PartitionTable> {
    let size = disk.size();
    if size < 512 {
        return Err(corrupt(
            name,
            "disk",
            "first sector",
            0,
            if size == 0 {
                "the file is empty (0 bytes): not a disk image".to_string()
            } else {
                format!("the disk is only {size} bytes long, less than one sector")
            },
        ));
    }
    let first = read_vec(disk, name, 0, size.min(4096) as usize)?;
    // A bare volume: its boot sector also ends in 55 AA, so check it first.
    let bare = classify(&first);
    if matches!(
        bare,
        FsKind::Ntfs | FsKind::Bitlocker | FsKind::Exfat | FsKind::Refs
    ) || (bare.is_fat() && !mbr_has_entries(&first))
    {
        return Ok(PartitionTable {
            scheme: Scheme::None,
            sector_size: sector_hint.unwrap_or(512),
            disk_id: None,
            partitions: vec![Partition {
                index: 0,
                start: 0,
                size,
                filesystem: bare,
                type_id: String::new(),
                type_name: None,
                name: None,
                guid: None,
                active: false,
                beyond_end: false,
            }],
            warnings: Vec::new(),
        });
    }
    if le_u16(&first, 510) != 0xaa55 {
        // No table at all: a bare volume of some other file system, or an
        // unformatted disk. Not an error: say what was (not) found.
        let mut head = first.clone();
        if head.len() < 2048 && size >= 2048 {
            head = read_vec(disk, name, 0, 2048)?;
        }
        let fs = classify(&head);
        let partitions = if fs == FsKind::Unknown {
            Vec::new()
        } else {
            vec![Partition {
                index: 0,
                start: 0,
                size,
                filesystem: fs,
                type_id: String::new(),
                type_name: None,
                name: None,
                guid: None,
                active: false,
                beyond_end: false,
            }]
        };
        let warnings = if fs == FsKind::Unknown {
            vec!["no partition table (no 55 AA signature in sector 0) and no known file system at the start of the disk".into()]
        } else {
            Vec::new()
        };
        return Ok(PartitionTable {
            scheme: Scheme::None,
            sector_size: sector_hint.unwrap_or(512),
            disk_id: None,
            partitions,
            warnings,
        });
    }
    let protective = (0..4).any(|i| first[446 + i * 16 + 4] == 0xee);
    let mut table = if protective {
        read_gpt(disk, name, sector_hint)?
    } else {
        read_mbr(disk, name, &first, sector_hint)?
    };
    for p in &mut table.partitions {
        p.beyond_end = p.start.checked_add(p.size).is_none_or(|e| e > size);
        if p.start < size {
            let len = (size - p.start).min(2048) as usize;
            let mut boot = vec![0u8; len];
            if disk.read_exact_at(p.start, &mut boot).is_ok() {
                p.filesystem = classify(&boot);
            }
        }
    }
    Ok(table)
}

fn mbr_has_entries(b: &[u8]) -> bool {
    le_u16(b, 510) == 0xaa55
        && (0..4).any(|i| {
            let e = &b[446 + i * 16..462 + i * 16];
            (e[0] == 0 || e[0] == 0x80) && e[4] != 0 && le_u32(e, 12) != 0
        })
}

fn guess_mbr_sector(disk: &dyn ReadAt, entries: &[(u8, u32)]) -> u32 {
    // A 4K-sector disk is recognised by a file system that starts at lba × 4096.
    for &(ty, lba) in entries {
        if ty == 0x05 || ty == 0x0f || ty == 0x85 || lba == 0 {
            continue;
        }
        let mut b = [0u8; 512];
        let at512 = disk.read_exact_at(u64::from(lba) * 512, &mut b).is_ok()
            && classify(&b) != FsKind::Unknown;
        if at512 {
            return 512;
        }
        let at4k = disk.read_exact_at(u64::from(lba) * 4096, &mut b).is_ok()
            && classify(&b) != FsKind::Unknown;
        if at4k {
            return 4096;
        }
    }
    512
}

fn read_mbr(
    disk: &dyn ReadAt,
    name: &str,
    first: &[u8],
    hint: Option<u32>,
) -> Result<PartitionTable> {
    let raw: Vec<(usize, u8, u8, u32, u32)> = (0..4)
        .map(|i| {
            let e = &first[446 + i * 16..462 + i * 16];
            (i, e[0], e[4], le_u32(e, 8), le_u32(e, 12))
        })
        .collect();
    let sector = hint.unwrap_or_else(|| {
        guess_mbr_sector(disk, &raw.iter().map(|r| (r.2, r.3)).collect::<Vec<_>>())
    });
    let ss = u64::from(sector);
    let mut parts = Vec::new();
    let mut warnings = Vec::new();
    let mut extended = None;
    for (i, boot, ty, lba, count) in raw {
        if ty == 0 || count == 0 {
            continue;
        }
        if boot != 0 && boot != 0x80 {
            warnings.push(format!(
                "MBR entry {} has an invalid boot flag {boot:#04x}",
                i + 1
            ));
        }
        if matches!(ty, 0x05 | 0x0f | 0x85) {
            if extended.is_none() {
                extended = Some(u64::from(lba));
            }
            continue;
        }
        parts.push(mbr_partition(
            i as u32 + 1,
            ty,
            u64::from(lba) * ss,
            u64::from(count) * ss,
            boot == 0x80,
        ));
    }
    if let Some(ext) = extended {
        let mut seen = HashSet::new();
        let mut rel = 0u64;
        let mut number = 5;
        loop {
            let ebr_at = (ext + rel) * ss;
            if !seen.insert(rel) || parts.len() > MAX_LOGICAL {
                warnings.push(format!(
                    "extended partition chain loops or is too long at byte {ebr_at:#x}; stopped"
                ));
                break;
            }
            let ebr = match read_vec(disk, name, ebr_at, 512) {
                Ok(b) => b,
                Err(e) => {
                    warnings.push(format!("extended boot record unreadable: {e}"));
                    break;
                }
            };
            if le_u16(&ebr, 510) != 0xaa55 {
                if rel != 0 {
                    warnings.push(format!("extended boot record at byte {ebr_at:#x} has no 55 AA signature; chain stopped"));
                }
                break;
            }
            let (ty, lba, count) = (ebr[446 + 4], le_u32(&ebr, 446 + 8), le_u32(&ebr, 446 + 12));
            if ty != 0 && count != 0 {
                let start = (ext + rel + u64::from(lba)) * ss;
                parts.push(mbr_partition(
                    number,
                    ty,
                    start,
                    u64::from(count) * ss,
                    ebr[446] == 0x80,
                ));
                number += 1;
            }
            let next = u64::from(le_u32(&ebr, 462 + 8));
            if ebr[462 + 4] == 0 || next == 0 {
                break;
            }
            rel = next;
        }
    }
    Ok(PartitionTable {
        scheme: Scheme::Mbr,
        sector_size: sector,
        disk_id: Some(format!("{:#010x}", le_u32(first, 440))),
        partitions: parts,
        warnings,
    })
}

fn mbr_partition(index: u32, ty: u8, start: u64, size: u64, active: bool) -> Partition {
    Partition {
        index,
        start,
        size,
        filesystem: FsKind::Unknown,
        type_id: format!("{ty:#04x}"),
        type_name: mbr_type_name(ty),
        name: None,
        guid: None,
        active,
        beyond_end: false,
    }
}

struct GptHeader {
    entries_lba: u64,
    count: u64,
    entry_size: u64,
    entries_crc: u32,
    disk_guid: String,
    alternate_lba: u64,
}

fn parse_gpt_header(disk: &dyn ReadAt, name: &str, at: u64, ss: u64) -> Result<GptHeader> {
    let h = read_vec(disk, name, at, ss.min(512) as usize)?;
    if &h[0..8] != b"EFI PART" {
        return Err(corrupt(
            name,
            "GPT",
            "header",
            at,
            "signature is not \"EFI PART\"".into(),
        ));
    }
    let hsize = u64::from(le_u32(&h, 12));
    if !(92..=h.len() as u64).contains(&hsize) {
        return Err(corrupt(
            name,
            "GPT",
            "header",
            at + 12,
            format!("header size {hsize} is invalid"),
        ));
    }
    let mut copy = h[..hsize as usize].to_vec();
    copy[16..20].fill(0);
    let crc = crc32fast::hash(&copy);
    let stored = le_u32(&h, 16);
    if crc != stored {
        return Err(corrupt(
            name,
            "GPT",
            "header",
            at + 16,
            format!("CRC32 mismatch (stored {stored:#010x}, computed {crc:#010x})"),
        ));
    }
    let count = u64::from(le_u32(&h, 80));
    let entry_size = u64::from(le_u32(&h, 84));
    if !(128..=4096).contains(&entry_size) || entry_size % 8 != 0 {
        return Err(corrupt(
            name,
            "GPT",
            "header",
            at + 84,
            format!("partition entry size {entry_size} is invalid"),
        ));
    }
    if count * entry_size > MAX_GPT_ARRAY {
        return Err(corrupt(
            name,
            "GPT",
            "header",
            at + 80,
            format!("{count} partition entries of {entry_size} bytes is implausibly many"),
        ));
    }
    Ok(GptHeader {
        entries_lba: le_u64(&h, 72),
        count,
        entry_size,
        entries_crc: le_u32(&h, 88),
        disk_guid: format_guid(&h[56..72]),
        alternate_lba: le_u64(&h, 32),
    })
}

fn read_gpt_entries(
    disk: &dyn ReadAt,
    name: &str,
    h: &GptHeader,
    ss: u64,
) -> Result<Vec<Partition>> {
    let at = h.entries_lba.checked_mul(ss).ok_or_else(|| {
        corrupt(
            name,
            "GPT",
            "header",
            ss + 72,
            format!("partition entry LBA {} overflows", h.entries_lba),
        )
    })?;
    let len = (h.count * h.entry_size) as usize;
    if at.checked_add(len as u64).is_none_or(|e| e > disk.size()) {
        return Err(corrupt(
            name,
            "GPT",
            "partition entry array",
            at,
            "lies beyond the end of the disk".into(),
        ));
    }
    let arr = read_vec(disk, name, at, len)?;
    let crc = crc32fast::hash(&arr);
    if crc != h.entries_crc {
        return Err(corrupt(
            name,
            "GPT",
            "partition entry array",
            at,
            format!(
                "CRC32 mismatch (stored {:#010x}, computed {crc:#010x})",
                h.entries_crc
            ),
        ));
    }
    let mut parts = Vec::new();
    for (i, e) in arr.chunks_exact(h.entry_size as usize).enumerate() {
        if e[..16].iter().all(|&b| b == 0) {
            continue;
        }
        let first = le_u64(e, 32);
        let last = le_u64(e, 40);
        if last < first {
            return Err(corrupt(
                name,
                "GPT",
                "partition entry",
                at + (i as u64) * h.entry_size,
                format!("ends (LBA {last}) before it starts (LBA {first})"),
            ));
        }
        let units: Vec<u16> = e[56..128]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .take_while(|&u| u != 0)
            .collect();
        let type_guid = format_guid(&e[0..16]);
        parts.push(Partition {
            index: i as u32 + 1,
            start: first.saturating_mul(ss),
            size: (last - first).saturating_add(1).saturating_mul(ss),
            filesystem: FsKind::Unknown,
            type_name: gpt_type_name(&type_guid),
            type_id: type_guid,
            name: Some(String::from_utf16_lossy(&units)),
            guid: Some(format_guid(&e[16..32])),
            active: false,
            beyond_end: false,
        });
    }
    Ok(parts)
}

fn read_gpt(disk: &dyn ReadAt, name: &str, hint: Option<u32>) -> Result<PartitionTable> {
    let size = disk.size();
    let candidates: Vec<u64> = match hint {
        Some(s) => vec![u64::from(s)],
        None => vec![512, 4096],
    };
    let mut first_err = None;
    for ss in candidates {
        if size < ss * 2 {
            continue;
        }
        let primary = parse_gpt_header(disk, name, ss, ss).and_then(|h| {
            let parts = read_gpt_entries(disk, name, &h, ss)?;
            Ok((h, parts))
        });
        match primary {
            Ok((h, partitions)) => {
                return Ok(PartitionTable {
                    scheme: Scheme::Gpt,
                    sector_size: ss as u32,
                    disk_id: Some(h.disk_guid),
                    partitions,
                    warnings: Vec::new(),
                });
            }
            Err(e) => {
                let is_sig = matches!(&e, DiskError::Corrupt { reason, .. } if reason.starts_with("signature"));
                // The backup header sits in the last sector of the disk.
                let backup_at = (size / ss - 1) * ss;
                let backup = parse_gpt_header(disk, name, backup_at, ss).and_then(|h| {
                    let parts = read_gpt_entries(disk, name, &h, ss)?;
                    Ok((h, parts))
                });
                if let Ok((h, partitions)) = backup {
                    let _ = h.alternate_lba;
                    return Ok(PartitionTable {
                        scheme: Scheme::Gpt,
                        sector_size: ss as u32,
                        disk_id: Some(h.disk_guid),
                        partitions,
                        warnings: vec![format!(
                            "primary GPT unusable ({e}); the backup GPT at byte {backup_at:#x} was used"
                        )],
                    });
                }
                if first_err.is_none() || !is_sig {
                    first_err = Some(e);
                }
            }
        }
    }
    Err(first_err.unwrap_or_else(|| {
        corrupt(
            name,
            "GPT",
            "header",
            512,
            "the disk is too small to hold a GPT".into(),
        )
    }))
}
