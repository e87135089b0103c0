//! Errors of the disk layer. Every variant names the source, and where it
//! applies the structure and the byte offset that was wrong.

use std::io;

/// An error while opening or reading a disk source, image or partition table.
#[derive(Debug, thiserror::Error)]
pub enum DiskError {
    /// The source could not be opened at all.
    #[error("{name}: cannot open: {source}")]
    Open {
        /// The source as the user named it.
        name: String,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// Reading from the source failed.
    #[error("{name}: read error at byte offset {offset:#x}: {source}")]
    Io {
        /// The source.
        name: String,
        /// Where the read started.
        offset: u64,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// A structure of the image or partition table is invalid.
    #[error("{name}: {format} {structure} at byte offset {offset:#x}: {reason}")]
    Corrupt {
        /// The source.
        name: String,
        /// The format being parsed (e.g. "qcow2", "GPT").
        format: &'static str,
        /// The structure that is wrong (e.g. "L2 table entry").
        structure: &'static str,
        /// Byte offset of the structure in the source (or in the virtual disk for partition tables).
        offset: u64,
        /// What is wrong with it.
        reason: String,
    },
    /// A structure lies past the end of the file: the image is truncated.
    #[error(
        "{name}: truncated {format} image: {structure} at byte offset {offset:#x} lies beyond the end of the file ({file_size} bytes)"
    )]
    Truncated {
        /// The source.
        name: String,
        /// The format being parsed.
        format: &'static str,
        /// The structure that is missing.
        structure: &'static str,
        /// Where it should be.
        offset: u64,
        /// The actual size of the file.
        file_size: u64,
    },
    /// A valid image that uses a feature vmrescue does not read.
    #[error("{name}: {what} is not supported; {hint}")]
    Unsupported {
        /// The source.
        name: String,
        /// What the image uses.
        what: String,
        /// What the user can do instead.
        hint: String,
    },
}

impl DiskError {
    /// Wraps this error into an `io::Error` (kind `InvalidData`) so it can travel
    /// through `Read`/`Seek` interfaces and be recovered with [`DiskError::from_io`].
    pub fn into_io(self) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, self)
    }

    /// Returns the `DiskError` inside an `io::Error` made by [`DiskError::into_io`].
    pub fn from_io(err: &io::Error) -> Option<&DiskError> {
        err.get_ref().and_then(|e| e.downcast_ref::<DiskError>())
    }
}

/// Result type of this crate.
pub type Result<T> = std::result::Result<T, DiskError>;
