//! Offline reading of Windows registry hives for vmrescue.
//!
//! - [`hive`]: the regf format with transaction-log replay (new HvLE and old
//!   DIRT logs), bounds-checked zero-copy access to keys and values, a
//!   loop-safe tree walk that reports what it could not read, and a writer
//!   ([`HiveWriter`]) that sets values and adds keys and produces a clean
//!   primary file.
//! - [`control_set`]: `Select` and the current control set of a SYSTEM hive.
//! - [`bcd`]: Boot Configuration Data stores decoded like `bcdedit /enum all /v`.
//! - [`facts`]: typed facts about a Windows installation (OS, crash dump
//!   settings, page files, Session Manager, Winlogon, services, servicing),
//!   each with its provenance.
//!
//! The library returns data and typed errors only; wording for users is the
//! CLI's job.
//!
//! ```no_run
//! use vmrescue_registry::{Hive, ReplayOutcome, facts};
//!
//! let read = |p: &str| std::fs::read(p).unwrap_or_default();
//! let logs = vec![
//!     ("SYSTEM.LOG1".to_string(), read("config/SYSTEM.LOG1")),
//!     ("SYSTEM.LOG2".to_string(), read("config/SYSTEM.LOG2")),
//! ];
//! let (system, report) = Hive::from_named_bytes("SYSTEM", read("config/SYSTEM"), logs)?;
//! if report.outcome == ReplayOutcome::NotApplied {
//!     // dirty, and the logs could not be applied: say so
//! }
//! let crash = system.value("ControlSet001\\Control\\CrashControl", "CrashDumpEnabled")?;
//! let all = facts::collect(&system, None);
//! println!("{}", all.system.crash_control.dump_file.value);
//! # Ok::<(), vmrescue_registry::RegistryError>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod bcd;
pub mod control_set;
pub mod error;
pub mod facts;
mod filetime;
pub mod hive;
pub mod text;

pub use control_set::ControlSets;
pub use error::{Problem, RegistryError, Result};
pub use filetime::FileTime;
pub use hive::{
    BaseBlock, Hive, HiveWriter, Key, Listing, RegValue, ReplayOutcome, ReplayReport, SetOutcome,
    TreeChange, TreeDiff, Value, ValueData, ValueType, WalkControl, WalkEntry, WalkReport,
    WriteError, diff_trees,
};
