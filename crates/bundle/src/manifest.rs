//! `manifest.json`: what a bundle holds, where every file came from, its
//! NTFS times and SHA-256, and every wanted file that is not there and why.
//!
//! The schema is versioned by [`FORMAT_VERSION`]; field names are English and
//! never translated. Times are RFC 3339 in UTC as the volume stores them
//! (`2024-11-20T08:15:02.1234567Z`, 100 ns precision), `null` when the file
//! system has no such time (FAT has no MFT time).

use serde::{Deserialize, Serialize};

/// The `format` value of every manifest.
pub const FORMAT: &str = "vmrescue-bundle";
/// The schema version this crate writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// Name of the manifest member (the first member of a `.tar.zst` bundle).
pub const MANIFEST_MEMBER: &str = "manifest.json";
/// Name of the checksum member (the last member): `sha256sum -c` format,
/// covering every other member including `manifest.json`.
pub const CHECKSUMS_MEMBER: &str = "SHA256SUMS";

/// The whole manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The program that wrote the bundle.
    pub tool: Tool,
    /// When the bundle was started (RFC 3339, UTC).
    pub created: String,
    /// `tar.zst` or `dir`.
    pub layout: Layout,
    /// True when the `.tar.zst` is encrypted with age.
    pub encrypted: bool,
    /// False when memory dumps were left out on purpose (`--no-memory-dump`).
    pub memory_dumps_wanted: bool,
    /// How the hashes in this manifest were obtained (see the crate documentation).
    pub hashing: Hashing,
    /// Name of the checksum member ([`CHECKSUMS_MEMBER`]).
    pub checksums_member: String,
    /// The disk the bundle was collected from.
    pub source: SourceInfo,
    /// The Windows installation the evidence comes from.
    pub windows: WindowsInfo,
    /// Crash dump settings used to find the dumps (from the SYSTEM hive, or
    /// Windows' defaults when it could not be read).
    pub crash_control: CrashSettings,
    /// Every member other than `manifest.json` and `SHA256SUMS`, in bundle order.
    pub files: Vec<FileEntry>,
    /// Every wanted file that is not in the bundle, and why.
    pub missing: Vec<MissingEntry>,
}

/// The program that wrote the bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    /// `vmrescue`.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// How the bundle is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Layout {
    /// One `.tar.zst` file (possibly age-encrypted).
    #[serde(rename = "tar.zst")]
    TarZst,
    /// A folder of plain files (`--dir`).
    #[serde(rename = "dir")]
    Dir,
}

/// How the SHA-256 values were computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hashing {
    /// While streaming each file into the bundle (one read of the source); the
    /// manifest member was written first with placeholders and rewritten in
    /// place with the same length once every hash was known.
    Streamed,
    /// In a first pass over the source before writing (encrypted bundles, which
    /// cannot be rewritten in place); the writing pass hashed again and matched.
    Prehashed,
    /// Folder layout: `manifest.json` is written last.
    StreamedManifestLast,
}

/// The source disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// The image or device as opened.
    pub name: String,
    /// Image format (`raw`, `vhdx`, ...).
    pub format: String,
    /// Virtual disk size in bytes.
    pub virtual_size: u64,
}

/// The Windows installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowsInfo {
    /// Partition index (0 for a bare volume).
    pub partition: u32,
    /// The system root on that volume, e.g. `\Windows`.
    pub system_root: String,
}

/// The crash dump settings collection used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrashSettings {
    /// `registry` or `defaults`.
    pub read_from: String,
    /// Why the registry could not be used, when it could not.
    pub error: Option<String>,
    /// `CrashDumpEnabled` as stored, if present.
    pub crash_dump_enabled: Option<u32>,
    /// `DumpFile` as stored (or the default `%SystemRoot%\MEMORY.DMP`).
    pub dump_file: String,
    /// `MinidumpDir` as stored (or the default `%SystemRoot%\Minidump`).
    pub minidump_dir: String,
    /// `DedicatedDumpFile`, if set.
    pub dedicated_dump_file: Option<String>,
    /// Page files looked at for a crash dump (from `ExistingPageFiles` and
    /// `PagingFiles`, or `\pagefile.sys`).
    pub page_files: Vec<String>,
}

/// What a file is, for the reader of the bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Diagnosis reports given by the caller (`report.json`, `report.html`).
    Report,
    /// Kernel memory dump (`MEMORY.DMP` or `DumpFile`).
    MemoryDump,
    /// A dump recovered from a dedicated dump file.
    DedicatedDump,
    /// A dump recovered from `pagefile.sys`.
    PagefileDump,
    /// Small memory dumps (`Minidump\*.dmp`).
    Minidump,
    /// Live kernel reports (`LiveKernelReports`).
    LiveKernelDump,
    /// User-mode dumps from Windows Error Reporting and LocalDumps.
    WerDump,
    /// WER report descriptions (`Report.wer`).
    WerReport,
    /// Registry hives and their transaction logs.
    Registry,
    /// The BCD store.
    Bcd,
    /// Event logs.
    EventLog,
    /// Servicing (CBS, DISM, pending.xml).
    Servicing,
    /// Setup logs (Panther, State.ini).
    Setup,
    /// Driver installation logs (setupapi).
    DriverInstall,
    /// Azure guest agent logs.
    GuestAgent,
}

impl Category {
    /// True for the dumps `--no-memory-dump` leaves out (full/kernel memory
    /// dumps, wherever they are): not minidumps, live kernel or WER dumps.
    pub fn is_memory_dump(self) -> bool {
        matches!(
            self,
            Self::MemoryDump | Self::DedicatedDump | Self::PagefileDump
        )
    }

    /// True for every kind of crash dump.
    pub fn is_dump(self) -> bool {
        self.is_memory_dump()
            || matches!(self, Self::Minidump | Self::LiveKernelDump | Self::WerDump)
    }
}

/// One member of the bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// The member name in the bundle (a relative path with `/`).
    pub member: String,
    /// What it is.
    pub category: Category,
    /// The partition it was read from (`null` for reports given by the caller).
    pub partition: Option<u32>,
    /// Its Windows path on that partition, e.g. `\Windows\MEMORY.DMP`
    /// (`null` for reports; for a recovered dump, the page file's path).
    pub path: Option<String>,
    /// The rules of the evidence list that asked for it.
    pub wanted_by: Vec<String>,
    /// Size in bytes of the member.
    pub size: u64,
    /// NTFS creation time.
    pub created: Option<String>,
    /// NTFS modification time.
    pub modified: Option<String>,
    /// NTFS MFT change time.
    pub mft_modified: Option<String>,
    /// NTFS last access time.
    pub accessed: Option<String>,
    /// SHA-256 of the member, lower-case hex.
    pub sha256: String,
    /// For dumps: the format found by its signature (`kernel64`, `kernel32`,
    /// `user_minidump`), or `null` when the bytes match none.
    pub dump_format: Option<String>,
    /// For a dump recovered from a page file or dedicated dump file: where.
    pub extracted_from: Option<Extraction>,
    /// False when parts could not be read (they are zeros in the member; see `read_errors`).
    pub complete: bool,
    /// The byte ranges that could not be read (at most 16 listed; all are counted in `unreadable_bytes`).
    pub read_errors: Vec<ReadError>,
    /// Total bytes that could not be read.
    pub unreadable_bytes: u64,
}

/// Where a recovered dump was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extraction {
    /// The page file (or dedicated dump file) size.
    pub file_size: u64,
    /// Offset of the dump in it (always 0: Windows writes it at the start).
    pub offset: u64,
    /// The dump's length as its own header declares it.
    pub dump_length: u64,
    /// True when the file is shorter than the dump (the member holds what is there).
    pub truncated: bool,
}

/// A byte range that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadError {
    /// Offset in the file.
    pub offset: u64,
    /// Length in bytes.
    pub length: u64,
    /// The first error in this range.
    pub error: String,
}

/// A wanted file that is not in the bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingEntry {
    /// What it would have been.
    pub category: Category,
    /// The partition looked at, if any.
    pub partition: Option<u32>,
    /// The path or pattern that was wanted (e.g. `\Windows\Minidump\*.dmp`).
    pub wanted: String,
    /// Why it is not there.
    pub reason: MissingReason,
    /// The error text, when there was an error.
    pub error: Option<String>,
}

/// Why a wanted file is not in the bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingReason {
    /// The file (or the folder of a pattern) does not exist.
    NotFound,
    /// The folder exists but no file matches the pattern.
    NoMatch,
    /// It exists but could not be read (the error says why).
    Unreadable,
    /// A page file or dedicated dump file holds no crash dump at its start.
    NoDumpInPageFile,
    /// The path is on a drive that is not a partition of this disk.
    OtherDrive,
    /// Left out on purpose (`--no-memory-dump`).
    ExcludedByOption,
    /// The path is a folder, not a file.
    NotAFile,
}

impl MissingReason {
    /// The Fluent message id that words this reason (`collect-reason-*`; the
    /// `unreadable` one takes `$error`).
    pub fn message_key(self) -> &'static str {
        match self {
            Self::NotFound => "collect-reason-not-found",
            Self::NoMatch => "collect-reason-no-match",
            Self::Unreadable => "collect-reason-unreadable",
            Self::NoDumpInPageFile => "collect-reason-no-dump-in-page-file",
            Self::OtherDrive => "collect-reason-other-drive",
            Self::ExcludedByOption => "collect-reason-excluded-by-option",
            Self::NotAFile => "collect-reason-not-a-file",
        }
    }
}
