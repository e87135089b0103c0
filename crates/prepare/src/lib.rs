//! # vmrescue-prepare
//!
//! Prepares a broken Windows OS disk, offline, so that the next stop error
//! (or an NMI sent from the host) leaves a memory dump: the crash-dump
//! settings in every control set `Select` references, `NMICrashDump`, and
//! the serial console (EMS/SAC) and boot menu in the BCD store, as the
//! published procedure does with `reg load` / `reg add` / `bcdedit /store`
//! (see the project's `docs/domain.md` §1.6–1.11).
//!
//! - [`plan`] reads the SYSTEM hive and the BCD store and lists every value
//!   before → after, a readiness check ([`Readiness`]: page file vs RAM,
//!   dedicated dump file, Azure's temporary disk, AutoReboot, free space)
//!   and how to send an NMI on each platform ([`nmi_instructions`]).
//! - [`apply`] writes the plan safely: a byte-for-byte backup beside each
//!   file (`SYSTEM.vmrescue-<UTC timestamp>.bak`), the new hive written to a
//!   temporary file in the same directory, `fsync`, renamed over the
//!   original, the directory `fsync`ed; then the hive is read back from disk
//!   and must differ from the original in exactly the planned values (and
//!   the last-written times of the keys holding them), else the backup is
//!   put back. A dirty hive (unapplied transaction logs) is first recovered
//!   by log replay; its logs are backed up and truncated to zero length
//!   after the clean hive is in place (see [`apply`] for why that is safe).
//! - [`undo`] restores the newest backups byte for byte.
//! - In-place image mode ([`Options::in_place`]) writes into the hive file's
//!   existing clusters of a raw or fixed-VHD image (see [`inplace`]).
//!
//! The library returns data: notes carry a Fluent message id (prefix
//! `prepare-`) and arguments; errors have [`PrepareError::id`].

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod apply;
mod files;
pub mod inplace;
mod nmi;
mod planning;
mod readiness;

use std::path::PathBuf;

use serde::Serialize;
use vmrescue_registry::{RegValue, ReplayOutcome};

pub use apply::{
    Applied, AppliedFile, RestoredFile, Step, Undone, apply, apply_with_hook, undo, undo_with,
};
pub use nmi::{NEXT_STEP, NmiInstruction, Platform, nmi_instructions};
pub use planning::plan;
pub use readiness::Readiness;

/// `CrashDumpEnabled` choice (`--dump-type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DumpType {
    /// Kernel memory dump: `CrashDumpEnabled` = 2.
    Kernel,
    /// Complete memory dump: `CrashDumpEnabled` = 1 (and `FilterPages`
    /// reset to 0 when it is set). The published procedure's choice, and
    /// the default.
    #[default]
    Complete,
    /// Automatic memory dump: `CrashDumpEnabled` = 7.
    Automatic,
    /// Active memory dump: `CrashDumpEnabled` = 1 and `FilterPages` = 1.
    Active,
}

impl DumpType {
    /// Parses `kernel`, `complete`, `automatic`, `active`.
    pub fn parse(s: &str) -> Option<DumpType> {
        Some(match s.to_ascii_lowercase().as_str() {
            "kernel" => DumpType::Kernel,
            "complete" | "full" => DumpType::Complete,
            "automatic" | "auto" => DumpType::Automatic,
            "active" => DumpType::Active,
            _ => return None,
        })
    }

    /// The `CrashDumpEnabled` value.
    pub fn crash_dump_enabled(self) -> u32 {
        match self {
            DumpType::Kernel => 2,
            DumpType::Complete | DumpType::Active => 1,
            DumpType::Automatic => 7,
        }
    }

    /// The command-line word.
    pub fn as_str(self) -> &'static str {
        match self {
            DumpType::Kernel => "kernel",
            DumpType::Complete => "complete",
            DumpType::Automatic => "automatic",
            DumpType::Active => "active",
        }
    }
}

/// What to prepare (the flags of `vmrescue prepare-dump`).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A mounted Windows volume (directory), or with [`Options::in_place`]
    /// a raw or fixed-VHD image. Without `in_place`, an image is read for the
    /// plan only.
    pub target: PathBuf,
    /// `--dump-type` (default complete).
    pub dump_type: DumpType,
    /// `--dump-file PATH`: `DumpFile` (REG_EXPAND_SZ). Without it, an
    /// existing `DumpFile` is kept and a missing one set to
    /// `%SystemRoot%\MEMORY.DMP`.
    pub dump_file: Option<String>,
    /// `--dedicated-dump-file PATH`: `DedicatedDumpFile` (REG_SZ).
    pub dedicated_dump_file: Option<String>,
    /// `--dedicated-size MB`: `DumpFileSize` (REG_DWORD, MB); needs
    /// `dedicated_dump_file`.
    pub dedicated_size_mb: Option<u32>,
    /// `--nmi`: `NMICrashDump` = 1.
    pub nmi: bool,
    /// `--serial-console`: in the BCD, `ems` on the loader `{bootmgr}`'s
    /// default points to, `{emssettings}` port 1 and 115200 baud.
    pub serial_console: bool,
    /// `--boot-menu`: `displaybootmenu` yes, `timeout` 10, `bootems` yes on
    /// `{bootmgr}`.
    pub boot_menu: bool,
    /// `--ram SIZE` in bytes (see [`parse_size`]), for the readiness check.
    pub ram_bytes: Option<u64>,
    /// `--bcd PATH`: the BCD store file (e.g. on a separately mounted ESP).
    pub bcd: Option<PathBuf>,
    /// `--in-place`: write into a raw or fixed-VHD image.
    pub in_place: bool,
    /// `--force`: write to an NTFS volume whose dirty bit is set.
    pub force: bool,
}

/// Which store a [`HivePlan`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HiveRole {
    /// `Windows\System32\config\SYSTEM`.
    System,
    /// The BCD store.
    Bcd,
}

/// Where a hive file is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Location {
    /// A file on a mounted volume (or any directory tree).
    File {
        /// The primary file.
        path: PathBuf,
        /// Its transaction logs that exist (`.LOG`, `.LOG1`, `.LOG2`).
        logs: Vec<PathBuf>,
    },
    /// A file inside a disk image.
    Image {
        /// The image file.
        image: PathBuf,
        /// Partition index (as `vmrescue info` shows it).
        partition: u32,
        /// Windows path of the primary file on that volume.
        path: String,
        /// Windows paths of its transaction logs that exist.
        logs: Vec<String>,
    },
}

impl Location {
    /// A short display form.
    pub fn display(&self) -> String {
        match self {
            Location::File { path, .. } => path.display().to_string(),
            Location::Image {
                image,
                partition,
                path,
                ..
            } => format!("{} partition {partition}: {path}", image.display()),
        }
    }
}

/// A role of a control set in `Select`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SelectRole {
    /// `Select\Current`.
    Current,
    /// `Select\Default`.
    Default,
    /// `Select\LastKnownGood`.
    LastKnownGood,
}

/// What a change is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Scope {
    /// A value under `ControlSet00N\Control\CrashControl`.
    ControlSet {
        /// N.
        number: u32,
        /// The `Select` entries that reference it.
        roles: Vec<SelectRole>,
    },
    /// A BCD element.
    BcdElement {
        /// Object GUID (lower case, in braces).
        object: String,
        /// Well-known alias (`{bootmgr}`), or `{default}` for the default
        /// loader.
        alias: Option<String>,
        /// Element id.
        element: u32,
        /// bcdedit's name for it.
        name: Option<&'static str>,
    },
}

/// One value before → after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What it is about.
    pub scope: Scope,
    /// Key path in the hive.
    pub key: String,
    /// Value name.
    pub value: String,
    /// True when the key does not exist yet (it is created).
    pub creates_key: bool,
    /// The value now (`None`: absent).
    pub before: Option<RegValue>,
    /// The value after applying.
    pub after: RegValue,
}

impl Change {
    /// True when applying changes something.
    pub fn is_change(&self) -> bool {
        self.before.as_ref() != Some(&self.after)
    }
}

/// The plan for one hive file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HivePlan {
    /// SYSTEM or BCD.
    pub role: HiveRole,
    /// Where the file is.
    pub location: Location,
    /// True when the primary file is dirty (transaction logs to replay).
    pub dirty: bool,
    /// What log replay did.
    pub replay: ReplayOutcome,
    /// SHA-256 of the primary file as planned (apply refuses when it
    /// changed since).
    pub sha256: String,
    /// SHA-256 of each existing log, in [`Location`] order.
    pub log_sha256: Vec<String>,
    /// Every value considered, changed or not.
    pub changes: Vec<Change>,
}

impl HivePlan {
    /// True when applying writes this file.
    pub fn writes(&self) -> bool {
        self.changes.iter().any(Change::is_change)
    }
}

/// How serious a note is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// For information.
    Info,
    /// The dump may not be written, or may be lost.
    Warning,
}

/// A message for the user: a Fluent id (`prepare-…`) and its arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// Fluent message id.
    pub id: &'static str,
    /// Severity.
    pub severity: Severity,
    /// Arguments (name, value).
    pub args: Vec<(&'static str, String)>,
}

impl Note {
    pub(crate) fn info(id: &'static str, args: Vec<(&'static str, String)>) -> Note {
        Note {
            id,
            severity: Severity::Info,
            args,
        }
    }
    pub(crate) fn warn(id: &'static str, args: Vec<(&'static str, String)>) -> Note {
        Note {
            id,
            severity: Severity::Warning,
            args,
        }
    }
}

/// The target as recognized.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TargetKind {
    /// A directory (mounted Windows volume).
    Directory,
    /// A disk image or block device.
    Image {
        /// Image format (`raw`, `vhd-fixed`, ...).
        format: String,
        /// True for a block device.
        block_device: bool,
    },
}

/// Everything [`plan`] found and would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// The target.
    pub target: PathBuf,
    /// What it is.
    pub target_kind: TargetKind,
    /// The options the plan was made with (as given).
    #[serde(skip)]
    pub options: Options,
    /// SYSTEM first, then the BCD store when the options touch it.
    pub hives: Vec<HivePlan>,
    /// The readiness check, on the settings as they will be.
    pub readiness: Readiness,
    /// Notes about the plan itself (missing control sets, fallbacks).
    pub notes: Vec<Note>,
}

impl PartialEq for Options {
    fn eq(&self, other: &Self) -> bool {
        format!("{self:?}") == format!("{other:?}")
    }
}
impl Eq for Options {}

impl Plan {
    /// True when applying writes anything.
    pub fn writes(&self) -> bool {
        self.hives.iter().any(HivePlan::writes)
    }
}

/// Why preparing failed.
#[derive(Debug, thiserror::Error)]
pub enum PrepareError {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The target is neither a directory nor a readable image.
    #[error("{path}: not a mounted Windows volume (directory) or a disk image: {reason}")]
    Target {
        /// The target.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// `Windows\System32\config\SYSTEM` was not found.
    #[error("{path}: no Windows\\System32\\config\\SYSTEM below it")]
    NoSystemHive {
        /// The target.
        path: PathBuf,
    },
    /// The BCD store was not found but the options need it.
    #[error("no BCD store found (\\Boot\\BCD); mount the EFI system partition and give --bcd PATH")]
    NoBcd,
    /// A hive could not be read.
    #[error("{file}: {error}")]
    Registry {
        /// The file.
        file: String,
        /// The error.
        error: Box<vmrescue_registry::RegistryError>,
    },
    /// A hive is dirty and its logs cannot be applied.
    #[error(
        "{file} is dirty and its transaction logs cannot be applied; boot Windows once or repair the hive first"
    )]
    Dirty {
        /// The file.
        file: String,
    },
    /// A hive could not be edited.
    #[error("{file}: {error}")]
    Write {
        /// The file.
        file: String,
        /// The error.
        error: Box<vmrescue_registry::WriteError>,
    },
    /// `{bootmgr}` has no default entry that resolves to a Windows loader.
    #[error(
        "the BCD store's {{bootmgr}} default does not resolve to a Windows Boot Loader ({detail}); not changing the BCD"
    )]
    BcdDefault {
        /// What was found.
        detail: String,
    },
    /// Inconsistent options.
    #[error("{0}")]
    Usage(&'static str),
    /// A file changed between plan and apply.
    #[error("{path} changed since the plan was made; plan again")]
    Changed {
        /// The file.
        path: String,
    },
    /// The read-back after writing did not show exactly the planned
    /// changes; the original was restored from the backup.
    #[error(
        "{file}: verification after writing failed ({detail}); the original was restored from {backup}"
    )]
    Verify {
        /// The file.
        file: String,
        /// What differed.
        detail: String,
        /// The backup used.
        backup: String,
    },
    /// A write was interrupted by the test hook ([`apply_with_hook`]).
    #[error("interrupted at {0:?}")]
    Interrupted(Step),
    /// No backup to restore.
    #[error("no vmrescue backup beside {path}")]
    NoBackup {
        /// The file.
        path: String,
    },
    /// In-place mode refused (see the message).
    #[error("{reason}")]
    InPlace {
        /// Why, and what to do instead.
        reason: String,
    },
}

impl PrepareError {
    /// The Fluent message id for this error (`prepare-err-…`).
    pub fn id(&self) -> &'static str {
        match self {
            PrepareError::Io { .. } => "prepare-err-io",
            PrepareError::Target { .. } => "prepare-err-target",
            PrepareError::NoSystemHive { .. } => "prepare-err-no-system",
            PrepareError::NoBcd => "prepare-err-no-bcd",
            PrepareError::Registry { .. } => "prepare-err-registry",
            PrepareError::Dirty { .. } => "prepare-err-dirty",
            PrepareError::Write { .. } => "prepare-err-write",
            PrepareError::BcdDefault { .. } => "prepare-err-bcd-default",
            PrepareError::Usage(_) => "prepare-err-usage",
            PrepareError::Changed { .. } => "prepare-err-changed",
            PrepareError::Verify { .. } => "prepare-err-verify",
            PrepareError::Interrupted(_) => "prepare-err-interrupted",
            PrepareError::NoBackup { .. } => "prepare-err-no-backup",
            PrepareError::InPlace { .. } => "prepare-err-in-place",
        }
    }

    /// Arguments for the Fluent message: `detail` is always the English
    /// rendering (paths, registry details), `path` where there is one.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        let mut a = vec![("detail", self.to_string())];
        match self {
            PrepareError::Io { path, .. }
            | PrepareError::Target { path, .. }
            | PrepareError::NoSystemHive { path } => a.push(("path", path.display().to_string())),
            PrepareError::Changed { path } | PrepareError::NoBackup { path } => {
                a.push(("path", path.clone()))
            }
            PrepareError::Registry { file, .. }
            | PrepareError::Dirty { file }
            | PrepareError::Write { file, .. } => a.push(("path", file.clone())),
            PrepareError::Verify { file, backup, .. } => {
                a.push(("path", file.clone()));
                a.push(("backup", backup.clone()));
            }
            _ => {}
        }
        a
    }
}

/// Result type of this crate.
pub type Result<T, E = PrepareError> = std::result::Result<T, E>;

/// Parses a size such as `16G`, `16GiB`, `4096M`, `512MB`, `1T` or a plain
/// byte count. Units are binary (K = 1024), as memory sizes are.
pub fn parse_size(s: &str) -> Option<u64> {
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let unit = unit.trim().to_ascii_lowercase();
    let mult: u64 = match unit.as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        "t" | "tb" | "tib" => 1 << 40,
        _ => return None,
    };
    if num.contains('.') {
        let f: f64 = num.parse().ok()?;
        if !f.is_finite() || f < 0.0 {
            return None;
        }
        let v = f * mult as f64;
        (v < u64::MAX as f64).then_some(v as u64)
    } else {
        num.parse::<u64>().ok()?.checked_mul(mult)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("16G"), Some(16 << 30));
        assert_eq!(parse_size("16 GiB"), Some(16 << 30));
        assert_eq!(parse_size("4096M"), Some(4096 << 20));
        assert_eq!(parse_size("1.5g"), Some(3 << 29));
        assert_eq!(parse_size("1234"), Some(1234));
        assert_eq!(parse_size("12X"), None);
        assert_eq!(parse_size(""), None);
    }

    #[test]
    fn dump_types() {
        assert_eq!(DumpType::parse("Kernel"), Some(DumpType::Kernel));
        assert_eq!(DumpType::Active.crash_dump_enabled(), 1);
        assert_eq!(DumpType::default(), DumpType::Complete);
    }
}
