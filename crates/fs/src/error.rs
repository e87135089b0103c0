//! Errors of the file-system layer: each names the volume, the structure
//! (MFT record, attribute, index record …) and the byte offset.

use vmrescue_disk::DiskError;

/// An error while reading a file system.
#[derive(Debug, thiserror::Error)]
pub enum FsError {
    /// The disk layer failed (image, partition).
    #[error(transparent)]
    Disk(#[from] DiskError),
    /// Reading the volume failed.
    #[error("{volume}: read error at volume byte offset {offset:#x}: {source}")]
    Io {
        /// The volume, e.g. "disk.vhdx partition 2".
        volume: String,
        /// Byte offset in the volume.
        offset: u64,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// An on-disk structure is invalid.
    #[error("{volume}: {structure}{} at volume byte offset {offset:#x}: {reason}", record.map(|r| format!(" of MFT record {r}")).unwrap_or_default())]
    Corrupt {
        /// The volume.
        volume: String,
        /// The structure, e.g. "attribute header".
        structure: &'static str,
        /// The MFT record it belongs to, for NTFS.
        record: Option<u64>,
        /// Byte offset in the volume.
        offset: u64,
        /// What is wrong.
        reason: String,
    },
    /// The path does not exist.
    #[error("{volume}: {path}: not found")]
    NotFound {
        /// The volume.
        volume: String,
        /// The path asked for.
        path: String,
    },
    /// A directory was expected.
    #[error("{volume}: {path}: not a directory")]
    NotADirectory {
        /// The volume.
        volume: String,
        /// The path asked for.
        path: String,
    },
    /// A file was expected.
    #[error("{volume}: {path}: is a directory")]
    IsADirectory {
        /// The volume.
        volume: String,
        /// The path asked for.
        path: String,
    },
    /// The volume or file uses something vmrescue does not read.
    #[error("{volume}: {what}")]
    Unsupported {
        /// The volume.
        volume: String,
        /// What and what to do.
        what: String,
    },
}

/// Result type of this crate.
pub type Result<T> = std::result::Result<T, FsError>;
