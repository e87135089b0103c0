//! One-call analysis of a dump file into a serializable report.

use std::io::{Read, Seek, SeekFrom};

use serde::Serialize;

use crate::DumpError;
use crate::bugcheck::{self, BugcheckAnalysis};
use crate::bytes::stream_len;
use crate::completeness::Completeness;
use crate::header::{Arch, KernelHeader};
use crate::kernel::{KernelDump, PagingMode, kernel_arch};
use crate::physmem::PhysicalLayoutInfo;
use crate::triage::{LoadedModule, TriageHeader};
use crate::user::{UserDumpInfo, read_user_dump};

/// Most modules walked from PsLoadedModuleList.
const MAX_MODULES: usize = 4096;

/// Kind of dump file, from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DumpFormat {
    /// 'PAGEDU64'.
    Kernel64,
    /// 'PAGEDUMP'.
    Kernel32,
    /// 'MDMP'.
    UserMinidump,
}

/// Identify a dump by content. Reads the first 0x40 bytes; `None` when the
/// bytes match no dump format.
pub fn sniff<R: Read + Seek>(reader: &mut R) -> Result<Option<DumpFormat>, DumpError> {
    let len = stream_len(reader)?;
    let mut b = [0u8; 0x40];
    let n = len.min(0x40) as usize;
    reader
        .seek(SeekFrom::Start(0))
        .and_then(|_| reader.read_exact(&mut b[..n]))
        .map_err(|source| DumpError::Io {
            structure: "signature",
            offset: 0,
            source,
        })?;
    Ok(match kernel_arch(&b[..n]) {
        Some(Arch::Bits64) => Some(DumpFormat::Kernel64),
        Some(Arch::Bits32) => Some(DumpFormat::Kernel32),
        None if b[..n].starts_with(b"MDMP") => Some(DumpFormat::UserMinidump),
        None => None,
    })
}

/// Triage dump facts for the report (drivers are in [`KernelReport::modules`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TriageSummary {
    /// The TRIAGE_DUMP header.
    pub header: TriageHeader,
    /// True when the 'DGRT' end marker is present.
    pub valid: bool,
    /// Number of captured memory blocks (data blocks, stack, data page).
    pub captured_blocks: usize,
    /// Bytes of captured memory.
    pub captured_bytes: u64,
}

/// Analysis of a kernel dump.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KernelReport {
    /// The header.
    pub header: KernelHeader,
    /// Page layout.
    pub layout: PhysicalLayoutInfo,
    /// Paging mode used for virtual reads.
    pub paging_mode: PagingMode,
    /// Completeness flags and warnings.
    pub completeness: Completeness,
    /// Triage part (DumpType 4).
    pub triage: Option<TriageSummary>,
    /// Loaded kernel modules (triage driver list or PsLoadedModuleList).
    pub modules: Vec<LoadedModule>,
    /// Bug check analysis.
    pub bugcheck: BugcheckAnalysis,
}

/// Result of [`analyze`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "format", rename_all = "snake_case")]
pub enum DumpReport {
    /// A kernel dump.
    Kernel(Box<KernelReport>),
    /// A user-mode minidump.
    User(Box<UserDumpInfo>),
}

impl DumpReport {
    /// The bucket-like id of either kind.
    pub fn bucket_id(&self) -> String {
        match self {
            DumpReport::Kernel(k) => k.bugcheck.bucket_id.clone(),
            DumpReport::User(u) => u.bucket_id(),
        }
    }
}

/// Analyse an open kernel dump: modules, bug check, process, bucket id.
pub fn analyze_kernel<R: Read + Seek>(dump: &mut KernelDump<R>) -> KernelReport {
    let (modules, module_warning) = dump.loaded_modules(MAX_MODULES);
    let bugcheck = bugcheck::analyze(dump, &modules);
    let mut completeness = dump.completeness().clone();
    if let Some(w) = module_warning {
        completeness.warnings.push(w);
    }
    let triage = dump.triage().map(|t| TriageSummary {
        header: t.header.clone(),
        valid: t.valid,
        captured_blocks: t.captured.len(),
        captured_bytes: t.captured.iter().map(|b| u64::from(b.size)).sum(),
    });
    KernelReport {
        header: dump.header().clone(),
        layout: dump.layout().clone(),
        paging_mode: dump.paging_mode(),
        completeness,
        triage,
        modules,
        bugcheck,
    }
}

/// Detect the dump kind by content and decode it.
pub fn analyze<R: Read + Seek>(mut reader: R) -> Result<DumpReport, DumpError> {
    match sniff(&mut reader)? {
        Some(DumpFormat::Kernel64 | DumpFormat::Kernel32) => {
            let mut dump = KernelDump::open(reader)?;
            Ok(DumpReport::Kernel(Box::new(analyze_kernel(&mut dump))))
        }
        Some(DumpFormat::UserMinidump) => Ok(DumpReport::User(Box::new(read_user_dump(reader)?))),
        None => {
            let mut b = [0u8; 8];
            let len = stream_len(&mut reader)?.min(8) as usize;
            let _ = reader
                .seek(SeekFrom::Start(0))
                .and_then(|_| reader.read_exact(&mut b[..len]));
            Err(DumpError::UnknownSignature {
                found: b[..len].to_vec(),
            })
        }
    }
}
