//! Errors of collecting and verifying a bundle. Each says what failed and on
//! which path; the CLI words them for users (Fluent keys `collect-*` and
//! `verify-*`).

use std::io;
use std::path::PathBuf;

/// Why `collect` or `verify` could not do its job at all. Files that are
/// missing or unreadable on the disk are *not* errors: they are recorded in
/// the manifest. Damage found by `verify` is not an error either: it is in
/// the [`crate::VerifyReport`].
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// No Windows installation on the disk (no `\Windows\System32\config\SYSTEM`
    /// on any readable volume).
    #[error("no Windows installation found on {source_name}")]
    NoWindows {
        /// The disk as opened.
        source_name: String,
    },
    /// The Windows volume could not be opened.
    #[error(transparent)]
    Fs(#[from] vmrescue_fs::FsError),
    /// The bundle (or its `.partial`) already exists and overwriting was not asked for.
    #[error("{}: already exists", path.display())]
    OutputExists {
        /// The path.
        path: PathBuf,
    },
    /// Writing the bundle failed (disk full, permission, ...). The incomplete
    /// output is left as `partial`.
    #[error("{}: {source}", partial.display())]
    Write {
        /// The `.partial` file or folder that was being written.
        partial: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// Reading a bundle (for `verify`) or an identity file failed.
    #[error("{}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// The run was cancelled (see [`crate::CollectOptions::cancel`]); the
    /// incomplete output is left as `partial`.
    #[error("cancelled; the incomplete bundle is {}", partial.display())]
    Cancelled {
        /// The `.partial` file or folder.
        partial: PathBuf,
    },
    /// A file changed on the source between the hashing pass and the writing
    /// pass (only when encrypting, see the crate documentation): the source is
    /// not a stable, offline disk.
    #[error(
        "{path}: the source changed while it was being collected (SHA-256 {first} then {second})"
    )]
    SourceChanged {
        /// Windows path of the file.
        path: String,
        /// SHA-256 in the first pass.
        first: String,
        /// SHA-256 in the second pass.
        second: String,
    },
    /// `--encrypt-to` was given something that is neither an age X25519
    /// recipient (`age1…`) nor an SSH public key.
    #[error("{recipient}: not an age recipient (age1…) or an SSH public key: {reason}")]
    BadRecipient {
        /// What was given.
        recipient: String,
        /// Why it was refused.
        reason: String,
    },
    /// Encryption could not be set up (e.g. incompatible recipients).
    #[error("encryption: {0}")]
    Encrypt(String),
    /// `--encrypt-to` with `--dir`: a folder of plain files cannot be encrypted as one.
    #[error("--encrypt-to needs the .tar.zst layout, not --dir")]
    EncryptDir,
    /// An extra member name from the caller is not a safe relative path or
    /// clashes with a name the bundle uses.
    #[error("{name}: not usable as a bundle member name ({reason})")]
    BadMemberName {
        /// The name.
        name: String,
        /// Why.
        reason: &'static str,
    },
    /// The bundle is encrypted and no identity was given.
    #[error("{}: the bundle is encrypted; an age identity is needed to read it", path.display())]
    NeedIdentity {
        /// The bundle.
        path: PathBuf,
    },
    /// The identity file holds no usable identity.
    #[error("{}: no age identity in this file: {reason}", path.display())]
    BadIdentity {
        /// The identity file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The bundle could not be decrypted (no matching identity, or a damaged header).
    #[error("{}: cannot decrypt: {reason}", path.display())]
    Decrypt {
        /// The bundle.
        path: PathBuf,
        /// The age library's reason.
        reason: String,
    },
    /// The path is neither a `.tar.zst` bundle (zstd or age data) nor a bundle folder.
    #[error("{}: not a vmrescue bundle ({reason})", path.display())]
    NotABundle {
        /// The path.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

/// Result type of this crate.
pub type Result<T, E = BundleError> = std::result::Result<T, E>;

impl BundleError {
    /// The Fluent message id that words this error for users
    /// (`collect-err-*` / `verify-err-*`), or `None` for errors that already
    /// carry their own words (file-system errors, I/O on a named file).
    pub fn message_key(&self) -> Option<&'static str> {
        Some(match self {
            Self::NoWindows { .. } => "collect-err-no-windows",
            Self::OutputExists { .. } => "collect-err-exists",
            Self::Write { .. } => "collect-err-write",
            Self::Cancelled { .. } => "collect-err-cancelled",
            Self::SourceChanged { .. } => "collect-err-source-changed",
            Self::BadRecipient { .. } => "collect-err-bad-recipient",
            Self::EncryptDir => "collect-err-encrypt-dir",
            Self::BadMemberName { .. } => "collect-err-bad-member",
            Self::NeedIdentity { .. } => "verify-err-need-identity",
            Self::BadIdentity { .. } => "verify-err-bad-identity",
            Self::Decrypt { .. } => "verify-err-decrypt",
            Self::NotABundle { .. } => "verify-err-not-a-bundle",
            Self::Fs(_) | Self::Read { .. } | Self::Encrypt(_) => return None,
        })
    }
}
