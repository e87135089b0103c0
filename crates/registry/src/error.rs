//! Errors of the registry layer.
//!
//! Every error says *which* structure was wrong and *where*: hive structures
//! are located by their offset relative to the start of the hive bins data
//! (the offsets the hive itself uses; the file offset is that value plus
//! 4096), and base blocks and log entries by their offset in the named file.
//! The texts are terse identifiers for developers and logs; the CLI localizes
//! what it shows to users.

use serde::Serialize;

/// Result type of this crate.
pub type Result<T, E = RegistryError> = std::result::Result<T, E>;

/// An error while reading a hive, a transaction log, a BCD store or a fact.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RegistryError {
    /// A structure inside the hive bins data (a cell: nk, vk, lf, db, ...).
    #[error("{structure} at hive offset {offset:#x}: {problem}")]
    Cell {
        /// The structure, e.g. `"nk"`, `"subkey list"`, `"value data"`.
        structure: &'static str,
        /// Offset of the cell relative to the start of the hive bins data.
        offset: u32,
        /// What is wrong with it.
        problem: Problem,
    },
    /// A structure located by its offset in a file (base block, hive bin
    /// header, log entry, dirty vector).
    #[error("{file}: {structure} at file offset {offset:#x}: {problem}")]
    File {
        /// The file as the caller named it (e.g. `"SYSTEM"`, `"SYSTEM.LOG1"`).
        file: String,
        /// The structure, e.g. `"base block"`, `"HvLE log entry"`.
        structure: &'static str,
        /// Byte offset in that file.
        offset: u64,
        /// What is wrong with it.
        problem: Problem,
    },
    /// A registry value that a fact or a BCD element needs has unexpected
    /// contents (wrong type, wrong size, unparsable text).
    #[error("{key}\\{value}: {problem}")]
    Value {
        /// Path of the key, relative to the hive root.
        key: String,
        /// Name of the value (empty for the default value).
        value: String,
        /// What is wrong with it.
        problem: Problem,
    },
    /// A key that must exist is missing (e.g. `Select` in a SYSTEM hive).
    #[error("{key}: key not found")]
    KeyNotFound {
        /// Path of the key, relative to the hive root.
        key: String,
    },
}

/// What is wrong with a structure. Kept separate from the location so that
/// callers can match on it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    /// The signature bytes are not the expected ones.
    #[error("bad signature {found:?}, expected {expected:?}")]
    BadSignature {
        /// The expected signature, e.g. `"nk"`.
        expected: &'static str,
        /// What was found, printable characters kept, others escaped.
        found: String,
    },
    /// The structure extends past the end of the bytes that hold it.
    #[error("needs {needed} bytes, only {available} available")]
    Truncated {
        /// Bytes the structure needs.
        needed: u64,
        /// Bytes actually available.
        available: u64,
    },
    /// An offset points outside the hive bins data or outside any hive bin.
    #[error("offset {target:#x} lies outside the hive bins data")]
    OffsetOutOfRange {
        /// The offset that was followed.
        target: u64,
    },
    /// A cell offset is not a multiple of 8.
    #[error("cell offset {target:#x} is not 8-byte aligned")]
    Misaligned {
        /// The offset that was followed.
        target: u32,
    },
    /// A cell offset is the "no cell" marker 0xffffffff where a cell is required.
    #[error("cell offset is nil (0xffffffff)")]
    NilOffset,
    /// The referenced cell is marked free (positive size).
    #[error("cell is not allocated (size field {size})")]
    Unallocated {
        /// The size field as stored.
        size: i32,
    },
    /// The cell size is impossible (zero, not a multiple of 8, or crossing
    /// the end of its hive bin).
    #[error("invalid cell size {size}")]
    BadCellSize {
        /// The size field as stored.
        size: i32,
    },
    /// The base block (or a log's copy of it) has a wrong XOR-32 checksum.
    #[error("checksum {stored:#010x} does not match computed {computed:#010x}")]
    BadChecksum {
        /// Checksum stored in the file.
        stored: u32,
        /// Checksum computed over the first 508 bytes.
        computed: u32,
    },
    /// A log entry's Marvin32 hash does not match its contents.
    #[error("{which} does not match the entry contents")]
    BadHash {
        /// `"hash-1"` or `"hash-2"`.
        which: &'static str,
    },
    /// A field holds a value that is not allowed.
    #[error("invalid {field} {value:#x}")]
    InvalidField {
        /// The field, e.g. `"hive bins data size"`.
        field: &'static str,
        /// The value found.
        value: u64,
    },
    /// A version, file type or format that this crate does not read.
    #[error("unsupported {what} {value}")]
    Unsupported {
        /// What is unsupported, e.g. `"minor version"`.
        what: &'static str,
        /// The value found.
        value: u64,
    },
    /// A count exceeds what the structure (or a safety limit) allows.
    #[error("{what} {count} exceeds the limit of {limit}")]
    TooMany {
        /// What is counted, e.g. `"subkey list entries"`.
        what: &'static str,
        /// The count found.
        count: u64,
        /// The largest count allowed here.
        limit: u64,
    },
    /// A count in a header does not match the number of entries found.
    #[error("{what}: header says {expected}, found {found}")]
    CountMismatch {
        /// What is counted.
        what: &'static str,
        /// The count in the header.
        expected: u64,
        /// The count found.
        found: u64,
    },
    /// A structure refers back to one already being read (a loop).
    #[error("loop: offset {target:#x} was already visited")]
    Loop {
        /// The offset that was visited twice.
        target: u32,
    },
    /// Nesting exceeds a safety limit.
    #[error("nested deeper than {limit} levels")]
    TooDeep {
        /// The limit.
        limit: u32,
    },
    /// A registry value has a different type than expected.
    #[error("value type {found:#x}, expected {expected}")]
    WrongType {
        /// The expected type(s), e.g. `"REG_DWORD"`.
        expected: &'static str,
        /// The raw type found.
        found: u32,
    },
    /// A registry value has an unexpected size.
    #[error("data size {found}, expected {expected}")]
    WrongSize {
        /// The expected size, e.g. `"4"` or `"a multiple of 8"`.
        expected: &'static str,
        /// The size found.
        found: u64,
    },
    /// Text that should hold a particular syntax (a GUID, a number) does not.
    #[error("cannot parse {what} from {text:?}")]
    Unparsable {
        /// What was expected, e.g. `"GUID"`.
        what: &'static str,
        /// The text found (shortened).
        text: String,
    },
    /// The log is older than the hive or otherwise does not belong to it.
    #[error("log does not apply to this hive: {reason}")]
    NotApplicable {
        /// Why, e.g. `"log sequence 562 < hive secondary sequence 566"`.
        reason: String,
    },
}

/// Renders signature bytes for an error message.
pub(crate) fn show_bytes(b: &[u8]) -> String {
    let mut s = String::new();
    for &c in b {
        if c.is_ascii_graphic() || c == b' ' {
            s.push(c as char);
        } else {
            s.push_str(&format!("\\x{c:02x}"));
        }
    }
    s
}

/// Shortens text for an error message.
pub(crate) fn shorten(text: &str) -> String {
    const MAX: usize = 64;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(MAX).collect();
        s.push('…');
        s
    }
}
