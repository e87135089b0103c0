//! The 4096-byte base block ("regf" header) of primary files, and the
//! 512-byte partial copy at the start of transaction logs.

use serde::Serialize;

use crate::FileTime;

/// Size of the base block in a primary file.
pub const BASE_BLOCK_SIZE: usize = 4096;
/// Size of the base block copy in a transaction log.
pub const LOG_BASE_BLOCK_SIZE: usize = 512;

/// File type 0: primary file.
pub const FILE_TYPE_PRIMARY: u32 = 0;
/// File type 1: transaction log, old format (dirty vector, "DIRT").
pub const FILE_TYPE_LOG_OLD: u32 = 1;
/// File type 2: transaction log, old format (very old writers).
pub const FILE_TYPE_LOG_VERY_OLD: u32 = 2;
/// File type 6: transaction log, new format ("HvLE" entries, Windows 8.1+).
pub const FILE_TYPE_LOG_NEW: u32 = 6;

pub(crate) fn u16_at(b: &[u8], at: usize) -> u16 {
    match b.get(at..at + 2) {
        Some(s) => u16::from_le_bytes([s[0], s[1]]),
        None => 0,
    }
}

pub(crate) fn u32_at(b: &[u8], at: usize) -> u32 {
    match b.get(at..at + 4) {
        Some(s) => u32::from_le_bytes([s[0], s[1], s[2], s[3]]),
        None => 0,
    }
}

pub(crate) fn u64_at(b: &[u8], at: usize) -> u64 {
    match b.get(at..at + 8) {
        Some(s) => u64::from_le_bytes([s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]]),
        None => 0,
    }
}

/// XOR-32 checksum of the first 508 bytes, with Windows' adjustments
/// (0 becomes 1, 0xFFFFFFFF becomes 0xFFFFFFFE).
pub fn base_block_checksum(block: &[u8]) -> u32 {
    let mut c = 0u32;
    for i in (0..508).step_by(4) {
        c ^= u32_at(block, i);
    }
    match c {
        0 => 1,
        0xFFFF_FFFF => 0xFFFF_FFFE,
        c => c,
    }
}

/// The fields of a base block, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaseBlock {
    /// Primary sequence number (incremented when a write starts).
    pub primary_sequence: u32,
    /// Secondary sequence number (incremented when a write completes).
    pub secondary_sequence: u32,
    /// Last written timestamp (UTC).
    pub last_written: FileTime,
    /// Major version of the writer (1).
    pub major_version: u32,
    /// Minor version of the writer (3, 4, 5, 6).
    pub minor_version: u32,
    /// File type: 0 primary, 1/2 old-format log, 6 new-format log.
    pub file_type: u32,
    /// File format (1 = direct memory load).
    pub file_format: u32,
    /// Root key node offset, relative to the hive bins data.
    pub root_cell_offset: u32,
    /// Size of the hive bins data in bytes.
    pub hive_bins_data_size: u32,
    /// Clustering factor (sector size / 512).
    pub clustering_factor: u32,
    /// The debugging file name stored at offset 48 (UTF-16, may be partial).
    pub file_name: String,
    /// Flags (bit 0: KTM locked the hive; Windows 10).
    pub flags: u32,
    /// Last reorganized timestamp (Windows 8+), when present and plausible.
    pub last_reorganized: Option<FileTime>,
    /// Checksum stored at offset 508.
    pub checksum_stored: u32,
    /// Checksum computed over the first 508 bytes.
    pub checksum_computed: u32,
    /// True when the stored checksum is right (same as [`BaseBlock::checksum_ok`]).
    pub checksum_valid: bool,
    /// True when Windows would consider the hive dirty (same as
    /// [`BaseBlock::is_dirty`]).
    pub dirty: bool,
}

impl BaseBlock {
    /// Parses a base block from at least 512 bytes. The caller has checked
    /// the "regf" signature.
    pub(crate) fn parse(b: &[u8]) -> BaseBlock {
        let name_bytes = b.get(48..112).unwrap_or(&[]);
        let reorg = u64_at(b, 168);
        let stored = u32_at(b, 508);
        let computed = base_block_checksum(b);
        let (p, q) = (u32_at(b, 4), u32_at(b, 8));
        BaseBlock {
            primary_sequence: p,
            secondary_sequence: q,
            last_written: FileTime(u64_at(b, 12)),
            major_version: u32_at(b, 20),
            minor_version: u32_at(b, 24),
            file_type: u32_at(b, 28),
            file_format: u32_at(b, 32),
            root_cell_offset: u32_at(b, 36),
            hive_bins_data_size: u32_at(b, 40),
            clustering_factor: u32_at(b, 44),
            file_name: crate::text::utf16z_lossy(name_bytes),
            flags: u32_at(b, 144),
            // The low two bits of a real value are 1 or 2 (the reorganize type).
            last_reorganized: match reorg & 3 {
                1 | 2 => Some(FileTime(reorg)),
                _ => None,
            },
            checksum_stored: stored,
            checksum_computed: computed,
            checksum_valid: stored == computed,
            dirty: stored != computed || p != q,
        }
    }

    /// True when the stored checksum is right.
    pub fn checksum_ok(&self) -> bool {
        self.checksum_stored == self.checksum_computed
    }

    /// True when the sequence numbers differ (a write did not complete).
    pub fn sequences_differ(&self) -> bool {
        self.primary_sequence != self.secondary_sequence
    }

    /// True when Windows would consider the hive dirty: a bad checksum or
    /// differing sequence numbers.
    pub fn is_dirty(&self) -> bool {
        !self.checksum_ok() || self.sequences_differ()
    }
}
