//! Windows crash dumps for offline diagnosis, read from any `Read + Seek`
//! (a file, or a stream out of an NTFS volume) without reading or indexing
//! the whole dump: memory use stays flat whatever the dump's size.
//!
//! - Kernel dumps ('PAGEDU64' 64-bit, 'PAGEDUMP' 32-bit): header, bug check,
//!   page layout (runs, 'SDMP'/'FDMP' bitmap, 'RDMP' PFN ranges), physical
//!   reads, x64 / x86 PAE / x86 virtual translation ([`KernelDump`]).
//! - Kernel triage dumps (DumpType 4): driver list and captured memory
//!   ([`TriageDump`]).
//! - Bug check names, parameter meanings, NTSTATUS names, the process behind
//!   0xC000021A / 0xEF, and a bucket-like id ([`bugcheck`]).
//! - Dumps held in pagefile.sys ([`detect_in_pagefile`], [`extract_from_pagefile`]).
//! - User-mode minidumps ('MDMP') through the `minidump` crate ([`read_user_dump`]).
//!
//! [`analyze`] does all of it for one file and returns a serializable
//! [`DumpReport`].
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod bugcheck;
mod bytes;
mod completeness;
mod error;
mod header;
mod hexser;
mod kernel;
mod pagefile;
mod physmem;
mod report;
pub mod tables;
mod triage;
mod user;

pub use bugcheck::BugcheckAnalysis;
pub use completeness::{Completeness, Warning};
pub use error::{DumpError, Missing, PagingLevel};
pub use header::{
    Arch, DumpType, ExceptionRecord, HEADER32_SIZE, HEADER64_SIZE, KernelHeader,
    PhysicalMemoryBlock, PhysicalRun, context_record_offset,
};
pub use kernel::{KernelDump, PagingMode, Translation};
pub use pagefile::{PagefileDump, Window, detect_in_pagefile, extract_from_pagefile};
pub use physmem::PhysicalLayoutInfo;
pub use report::{
    DumpFormat, DumpReport, KernelReport, TriageSummary, analyze, analyze_kernel, sniff,
};
pub use triage::{DataBlock, LoadedModule, TriageDump, TriageHeader};
pub use user::{
    MAX_USER_DUMP_READ, UserDumpInfo, UserException, UserModule, UserOs, read_user_dump,
};
