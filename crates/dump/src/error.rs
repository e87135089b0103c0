//! Error types of the crate.

use std::io;

/// Errors while decoding a dump. Each variant names the structure and the
/// byte offset (in the dump file) it was read from.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DumpError {
    /// The underlying reader failed.
    #[error("I/O error reading {structure} at offset {offset:#x}: {source}")]
    Io {
        /// Structure being read.
        structure: &'static str,
        /// File offset of the read.
        offset: u64,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// The file ends before a structure that must be present.
    #[error(
        "{structure} at offset {offset:#x} needs {needed} bytes but the file is {file_len} bytes long"
    )]
    Truncated {
        /// Structure being read.
        structure: &'static str,
        /// File offset of the structure.
        offset: u64,
        /// Bytes needed from `offset`.
        needed: u64,
        /// Length of the file.
        file_len: u64,
    },
    /// The file does not start with a known crash dump signature.
    #[error("not a Windows crash dump: unknown signature {found:02x?} at offset 0")]
    UnknownSignature {
        /// First bytes of the file (up to 8).
        found: Vec<u8>,
    },
    /// A structure holds values that cannot be used.
    #[error("invalid {structure} at offset {offset:#x}: {reason}")]
    Invalid {
        /// Structure being decoded.
        structure: &'static str,
        /// File offset of the structure or field.
        offset: u64,
        /// What is wrong.
        reason: String,
    },
    /// A memory read stopped because data is missing at `at` (a physical or
    /// virtual address, as asked); the first `read` bytes of the buffer are valid.
    #[error("memory at {at:#x} is not available: {reason}; {read} bytes read before it")]
    MemoryMissing {
        /// Address where data stopped.
        at: u64,
        /// Bytes successfully read into the buffer before `at`.
        read: usize,
        /// Why.
        reason: Missing,
    },
    /// The user-mode minidump could not be decoded by the `minidump` crate.
    #[error("user-mode minidump {structure} at offset {offset:#x}: {reason}")]
    Minidump {
        /// Stream or structure being decoded.
        structure: &'static str,
        /// File offset (0 when the `minidump` crate does not say).
        offset: u64,
        /// The `minidump` crate's error text.
        reason: String,
    },
}

/// Why a memory read stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Missing {
    /// The dump has no physical memory (header-only or triage dump, or an
    /// unusable page layout).
    NoPhysicalMemory,
    /// The physical page is not one of the pages saved in the dump.
    NotInDump {
        /// Physical address asked for.
        #[serde(serialize_with = "crate::hexser::u64")]
        pa: u64,
    },
    /// The page is listed in the dump but its data lies past the end of the
    /// file: the dump is truncated.
    BeyondFileEnd {
        /// Physical address asked for.
        #[serde(serialize_with = "crate::hexser::u64")]
        pa: u64,
        /// File offset where the page should be.
        #[serde(serialize_with = "crate::hexser::u64")]
        file_offset: u64,
    },
    /// A paging structure entry is not present (the virtual address is not mapped).
    NotMapped {
        /// Virtual address being translated.
        #[serde(serialize_with = "crate::hexser::u64")]
        va: u64,
        /// Paging level whose entry is not present.
        level: PagingLevel,
        /// Raw entry value.
        #[serde(serialize_with = "crate::hexser::u64")]
        entry: u64,
    },
    /// The virtual address is not canonical (x64) or out of range (x86).
    NonCanonical {
        /// Virtual address asked for.
        #[serde(serialize_with = "crate::hexser::u64")]
        va: u64,
    },
    /// A triage dump holds no data block covering this virtual address.
    NotCaptured {
        /// Virtual address asked for.
        #[serde(serialize_with = "crate::hexser::u64")]
        va: u64,
    },
    /// An address computation overflowed.
    AddressOverflow {
        /// Address where the computation started.
        #[serde(serialize_with = "crate::hexser::u64")]
        at: u64,
    },
}

/// Paging structure levels, from the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PagingLevel {
    /// x64 page-map level 4.
    Pml4,
    /// Page-directory-pointer table (x64, x86 PAE).
    Pdpt,
    /// Page directory.
    Pd,
    /// Page table.
    Pt,
}

impl DumpError {
    /// The missing-data reason of a memory read, if this is one.
    pub fn missing(&self) -> Option<&Missing> {
        match self {
            DumpError::MemoryMissing { reason, .. } => Some(reason),
            _ => None,
        }
    }
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Missing::NoPhysicalMemory => write!(f, "the dump holds no physical memory"),
            Missing::NotInDump { pa } => write!(f, "physical page {pa:#x} is not in the dump"),
            Missing::BeyondFileEnd { pa, file_offset } => write!(
                f,
                "physical page {pa:#x} lies at file offset {file_offset:#x}, past the end of the truncated file"
            ),
            Missing::NotMapped { va, level, entry } => write!(
                f,
                "virtual address {va:#x} is not mapped ({level:?} entry {entry:#x} not present)"
            ),
            Missing::NonCanonical { va } => write!(f, "virtual address {va:#x} is not canonical"),
            Missing::NotCaptured { va } => {
                write!(
                    f,
                    "virtual address {va:#x} is not captured in the triage dump"
                )
            }
            Missing::AddressOverflow { at } => write!(f, "address overflow from {at:#x}"),
        }
    }
}
