//! The kernel dump header (`DUMP_HEADER64` at offset 0, 0x2000 bytes, and
//! `DUMP_HEADER32`, 0x1000 bytes).

use serde::Serialize;

use crate::bytes::{ascii_z, filetime_to_rfc3339, u8_at, u32_at, u64_at};

/// Size of `DUMP_HEADER64`.
pub const HEADER64_SIZE: u64 = 0x2000;
/// Size of `DUMP_HEADER32`.
pub const HEADER32_SIZE: u64 = 0x1000;

/// 'PAGE' as it appears in unfilled header fields.
pub(crate) const PAGE_FILLER: u32 = u32::from_le_bytes(*b"PAGE");

/// Offsets in `DUMP_HEADER64`.
pub(crate) mod off64 {
    pub const VALID_DUMP: usize = 0x04;
    pub const MAJOR: usize = 0x08;
    pub const MINOR: usize = 0x0C;
    pub const DTB: usize = 0x10;
    pub const PFN_DATABASE: usize = 0x18;
    pub const PS_LOADED_MODULE_LIST: usize = 0x20;
    pub const PS_ACTIVE_PROCESS_HEAD: usize = 0x28;
    pub const MACHINE: usize = 0x30;
    pub const NPROC: usize = 0x34;
    pub const BUGCHECK: usize = 0x38;
    pub const PARAMS: usize = 0x40;
    pub const KD_DEBUGGER_DATA_BLOCK: usize = 0x80;
    pub const PHYS_MEM: usize = 0x88;
    pub const PHYS_MEM_SIZE: usize = 0x2C0;
    pub const CONTEXT: usize = 0x348;
    pub const EXCEPTION: usize = 0xF00;
    pub const DUMP_TYPE: usize = 0xF98;
    pub const REQUIRED_DUMP_SPACE: usize = 0xFA0;
    pub const SYSTEM_TIME: usize = 0xFA8;
    pub const COMMENT: usize = 0xFB0;
    pub const SYSTEM_UP_TIME: usize = 0x1030;
    pub const MINIDUMP_FIELDS: usize = 0x1038;
    pub const SECONDARY_DATA_STATE: usize = 0x103C;
    pub const PRODUCT_TYPE: usize = 0x1040;
    pub const SUITE_MASK: usize = 0x1044;
    pub const WRITER_STATUS: usize = 0x1048;
    pub const ATTRIBUTES: usize = 0x1050;
    pub const BOOT_ID: usize = 0x1054;
    /// End of the bug check parameters: the least a file must hold.
    pub const MIN_LEN: usize = 0x60;
}

/// Offsets in `DUMP_HEADER32`.
pub(crate) mod off32 {
    pub const VALID_DUMP: usize = 0x04;
    pub const MAJOR: usize = 0x08;
    pub const MINOR: usize = 0x0C;
    pub const DTB: usize = 0x10;
    pub const PFN_DATABASE: usize = 0x14;
    pub const PS_LOADED_MODULE_LIST: usize = 0x18;
    pub const PS_ACTIVE_PROCESS_HEAD: usize = 0x1C;
    pub const MACHINE: usize = 0x20;
    pub const NPROC: usize = 0x24;
    pub const BUGCHECK: usize = 0x28;
    pub const PARAMS: usize = 0x2C;
    pub const PAE_ENABLED: usize = 0x5C;
    pub const KD_DEBUGGER_DATA_BLOCK: usize = 0x60;
    pub const PHYS_MEM: usize = 0x64;
    pub const PHYS_MEM_SIZE: usize = 700;
    pub const CONTEXT: usize = 0x320;
    pub const EXCEPTION: usize = 0x7D0;
    pub const COMMENT: usize = 0x820;
    pub const ATTRIBUTES: usize = 0x8A0;
    pub const BOOT_ID: usize = 0x8A4;
    pub const DUMP_TYPE: usize = 0xF88;
    pub const MINIDUMP_FIELDS: usize = 0xF8C;
    pub const SECONDARY_DATA_STATE: usize = 0xF90;
    pub const PRODUCT_TYPE: usize = 0xF94;
    pub const SUITE_MASK: usize = 0xF98;
    pub const WRITER_STATUS: usize = 0xF9C;
    pub const REQUIRED_DUMP_SPACE: usize = 0xFA0;
    pub const SYSTEM_UP_TIME: usize = 0xFB8;
    pub const SYSTEM_TIME: usize = 0xFC0;
    pub const MIN_LEN: usize = 0x3C;
}

/// Pointer width of the dumped system, from the signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Arch {
    /// 'PAGEDU64': 64-bit (x64 or ARM64) kernel.
    Bits64,
    /// 'PAGEDUMP': 32-bit (x86) kernel.
    Bits32,
}

/// The header's DumpType field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DumpType {
    /// 1: full dump, physical memory described by runs.
    Full,
    /// 2: old summary dump.
    Summary,
    /// 3: header only.
    HeaderOnly,
    /// 4: triage (small memory / minidump in `Windows\Minidump`).
    Triage,
    /// 5: bitmap dump (kernel or complete memory, 'SDMP'/'FDMP' at 0x2000).
    Bitmap,
    /// 6: bitmap kernel dump; also written by live kernel dumps.
    BitmapKernel,
    /// 7: automatic.
    Automatic,
    /// 8: kernel memory dump with 'RDMP' PFN ranges.
    KernelMemory,
    /// 9: kernel and user memory dump with 'RDMP' PFN ranges.
    KernelAndUserMemory,
    /// 0xA: complete memory dump with 'RDMP' PFN ranges.
    CompleteMemory,
    /// Any other value (the raw value is in [`KernelHeader::dump_type_raw`]).
    Other,
}

impl DumpType {
    /// Decode the raw field.
    pub fn from_raw(v: u32) -> DumpType {
        match v {
            1 => DumpType::Full,
            2 => DumpType::Summary,
            3 => DumpType::HeaderOnly,
            4 => DumpType::Triage,
            5 => DumpType::Bitmap,
            6 => DumpType::BitmapKernel,
            7 => DumpType::Automatic,
            8 => DumpType::KernelMemory,
            9 => DumpType::KernelAndUserMemory,
            0xA => DumpType::CompleteMemory,
            _ => DumpType::Other,
        }
    }
}

/// One physical memory run of a full dump (`PHYSICAL_MEMORY_RUN`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PhysicalRun {
    /// First page frame number.
    pub base_page: u64,
    /// Number of pages.
    pub page_count: u64,
}

/// `PHYSICAL_MEMORY_DESCRIPTOR` as stored in the header (runs as far as they
/// fit in the header's buffer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhysicalMemoryBlock {
    /// NumberOfRuns as stored.
    pub number_of_runs: u32,
    /// NumberOfPages as stored.
    pub number_of_pages: u64,
    /// The runs that fit in the header buffer (at most `number_of_runs`).
    pub runs: Vec<PhysicalRun>,
    /// True when NumberOfRuns is larger than the buffer can hold.
    pub runs_overflow_buffer: bool,
}

/// The exception record stored in the header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExceptionRecord {
    /// ExceptionCode (NTSTATUS).
    #[serde(serialize_with = "crate::hexser::u32")]
    pub code: u32,
    /// ExceptionFlags.
    pub flags: u32,
    /// ExceptionAddress.
    #[serde(serialize_with = "crate::hexser::u64")]
    pub address: u64,
    /// NumberParameters as stored.
    pub number_parameters: u32,
    /// ExceptionInformation (up to 15, only the first `number_parameters`).
    #[serde(serialize_with = "crate::hexser::u64_seq")]
    pub information: Vec<u64>,
}

/// The decoded kernel dump header. Fields that the file is too short to hold
/// read as 0 (see the `header_truncated` warning).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KernelHeader {
    /// Pointer width, from the signature.
    pub arch: Arch,
    /// The 8-byte signature ('PAGEDU64' or 'PAGEDUMP').
    pub signature: String,
    /// ValidDump as text ('DU64' / 'DUMP' when valid).
    pub valid_dump: String,
    /// True when ValidDump matches the signature.
    pub valid_dump_ok: bool,
    /// MajorVersion (0xF free build, 0xC checked build).
    pub major_version: u32,
    /// MinorVersion: the Windows build number.
    pub minor_version: u32,
    /// DirectoryTableBase (CR3) of the crashing context.
    #[serde(serialize_with = "crate::hexser::u64")]
    pub directory_table_base: u64,
    /// PfnDataBase.
    #[serde(serialize_with = "crate::hexser::u64")]
    pub pfn_database: u64,
    /// PsLoadedModuleList.
    #[serde(serialize_with = "crate::hexser::u64")]
    pub ps_loaded_module_list: u64,
    /// PsActiveProcessHead.
    #[serde(serialize_with = "crate::hexser::u64")]
    pub ps_active_process_head: u64,
    /// MachineImageType (0x8664 x64, 0x14c x86, 0xAA64 ARM64).
    #[serde(serialize_with = "crate::hexser::u32")]
    pub machine_image_type: u32,
    /// NumberProcessors.
    pub number_processors: u32,
    /// BugCheckCode.
    #[serde(serialize_with = "crate::hexser::u32")]
    pub bugcheck_code: u32,
    /// BugCheckParameter1..4 (32-bit dumps: zero-extended).
    #[serde(serialize_with = "crate::hexser::u64_seq")]
    pub bugcheck_parameters: [u64; 4],
    /// KdDebuggerDataBlock.
    #[serde(serialize_with = "crate::hexser::u64")]
    pub kd_debugger_data_block: u64,
    /// PaeEnabled (32-bit dumps only).
    pub pae_enabled: Option<bool>,
    /// DumpType decoded.
    pub dump_type: DumpType,
    /// DumpType as stored.
    pub dump_type_raw: u32,
    /// RequiredDumpSpace: the size the dump writer planned.
    pub required_dump_space: u64,
    /// SystemTime (crash time), FILETIME.
    pub system_time: u64,
    /// SystemTime as RFC 3339 UTC, when in range.
    pub system_time_utc: Option<String>,
    /// SystemUpTime in 100 ns units.
    pub system_up_time: u64,
    /// Comment, when filled (not 'PAGE' filler).
    pub comment: Option<String>,
    /// ProductType (1 workstation, 2 domain controller, 3 server).
    pub product_type: u32,
    /// SuiteMask.
    pub suite_mask: u32,
    /// MiniDumpFields.
    pub minidump_fields: u32,
    /// SecondaryDataState.
    pub secondary_data_state: u32,
    /// WriterStatus.
    pub writer_status: u32,
    /// Attributes.
    pub attributes: u32,
    /// BootId.
    pub boot_id: u32,
    /// The physical memory block, for dump types that use it (full dumps).
    pub physical_memory: Option<PhysicalMemoryBlock>,
    /// The exception record, when filled.
    pub exception: Option<ExceptionRecord>,
    /// Size of the header in the file (0x2000 or 0x1000).
    pub header_size: u64,
}

fn text4(v: u32) -> String {
    ascii_z(&v.to_le_bytes(), 0, 4)
}

fn unfilled32(v: u32) -> u32 {
    if v == PAGE_FILLER { 0 } else { v }
}

fn unfilled64(v: u64) -> u64 {
    if v == u64::from_le_bytes(*b"PAGEPAGE") {
        0
    } else {
        v
    }
}

/// Parse a header from the first bytes of the file (`b` may be shorter than
/// the header when the file is; missing fields read as 0).
pub(crate) fn parse(b: &[u8], arch: Arch) -> KernelHeader {
    match arch {
        Arch::Bits64 => parse64(b),
        Arch::Bits32 => parse32(b),
    }
}

fn parse_runs(b: &[u8], base: usize, size: usize, wide: bool) -> PhysicalMemoryBlock {
    let (number_of_runs, number_of_pages, first, entry) = if wide {
        (u32_at(b, base), u64_at(b, base + 8), base + 16, 16usize)
    } else {
        (
            u32_at(b, base),
            u64::from(u32_at(b, base + 4)),
            base + 8,
            8usize,
        )
    };
    let capacity = (size - (first - base)) / entry;
    let n = (number_of_runs as usize).min(capacity);
    let runs = (0..n)
        .map(|i| {
            let at = first + i * entry;
            if wide {
                PhysicalRun {
                    base_page: u64_at(b, at),
                    page_count: u64_at(b, at + 8),
                }
            } else {
                PhysicalRun {
                    base_page: u64::from(u32_at(b, at)),
                    page_count: u64::from(u32_at(b, at + 4)),
                }
            }
        })
        .collect();
    PhysicalMemoryBlock {
        number_of_runs,
        number_of_pages,
        runs,
        runs_overflow_buffer: number_of_runs as usize > capacity,
    }
}

fn parse_exception(b: &[u8], at: usize, wide: bool) -> Option<ExceptionRecord> {
    let code = u32_at(b, at);
    if code == PAGE_FILLER || (code == 0 && u32_at(b, at + 4) == 0) {
        return None;
    }
    let (address, np, info_at, step) = if wide {
        (u64_at(b, at + 0x10), u32_at(b, at + 0x18), at + 0x20, 8)
    } else {
        (
            u64::from(u32_at(b, at + 0x0C)),
            u32_at(b, at + 0x10),
            at + 0x14,
            4,
        )
    };
    let information = (0..(np as usize).min(15))
        .map(|i| {
            if wide {
                u64_at(b, info_at + i * step)
            } else {
                u64::from(u32_at(b, info_at + i * step))
            }
        })
        .collect();
    Some(ExceptionRecord {
        code,
        flags: u32_at(b, at + 4),
        address,
        number_parameters: np,
        information,
    })
}

fn comment(b: &[u8], at: usize) -> Option<String> {
    if u32_at(b, at) == PAGE_FILLER || u8_at(b, at) == 0 {
        return None;
    }
    Some(ascii_z(b, at, 128))
}

fn uses_runs(dump_type: DumpType) -> bool {
    matches!(dump_type, DumpType::Full)
}

fn parse64(b: &[u8]) -> KernelHeader {
    use off64 as o;
    let valid = u32_at(b, o::VALID_DUMP);
    let dump_type_raw = u32_at(b, o::DUMP_TYPE);
    let dump_type = DumpType::from_raw(dump_type_raw);
    let system_time = unfilled64(u64_at(b, o::SYSTEM_TIME));
    KernelHeader {
        arch: Arch::Bits64,
        signature: ascii_z(b, 0, 8),
        valid_dump: text4(valid),
        valid_dump_ok: valid == u32::from_le_bytes(*b"DU64"),
        major_version: u32_at(b, o::MAJOR),
        minor_version: u32_at(b, o::MINOR),
        directory_table_base: u64_at(b, o::DTB),
        pfn_database: unfilled64(u64_at(b, o::PFN_DATABASE)),
        ps_loaded_module_list: unfilled64(u64_at(b, o::PS_LOADED_MODULE_LIST)),
        ps_active_process_head: unfilled64(u64_at(b, o::PS_ACTIVE_PROCESS_HEAD)),
        machine_image_type: u32_at(b, o::MACHINE),
        number_processors: u32_at(b, o::NPROC),
        bugcheck_code: u32_at(b, o::BUGCHECK),
        bugcheck_parameters: [
            u64_at(b, o::PARAMS),
            u64_at(b, o::PARAMS + 8),
            u64_at(b, o::PARAMS + 16),
            u64_at(b, o::PARAMS + 24),
        ],
        kd_debugger_data_block: unfilled64(u64_at(b, o::KD_DEBUGGER_DATA_BLOCK)),
        pae_enabled: None,
        dump_type,
        dump_type_raw,
        required_dump_space: unfilled64(u64_at(b, o::REQUIRED_DUMP_SPACE)),
        system_time,
        system_time_utc: filetime_to_rfc3339(system_time),
        system_up_time: unfilled64(u64_at(b, o::SYSTEM_UP_TIME)),
        comment: comment(b, o::COMMENT),
        product_type: unfilled32(u32_at(b, o::PRODUCT_TYPE)),
        suite_mask: unfilled32(u32_at(b, o::SUITE_MASK)),
        minidump_fields: unfilled32(u32_at(b, o::MINIDUMP_FIELDS)),
        secondary_data_state: unfilled32(u32_at(b, o::SECONDARY_DATA_STATE)),
        writer_status: unfilled32(u32_at(b, o::WRITER_STATUS)),
        attributes: unfilled32(u32_at(b, o::ATTRIBUTES)),
        boot_id: unfilled32(u32_at(b, o::BOOT_ID)),
        physical_memory: uses_runs(dump_type)
            .then(|| parse_runs(b, o::PHYS_MEM, o::PHYS_MEM_SIZE, true)),
        exception: parse_exception(b, o::EXCEPTION, true),
        header_size: HEADER64_SIZE,
    }
}

fn parse32(b: &[u8]) -> KernelHeader {
    use off32 as o;
    let valid = u32_at(b, o::VALID_DUMP);
    let dump_type_raw = u32_at(b, o::DUMP_TYPE);
    let dump_type = DumpType::from_raw(dump_type_raw);
    let system_time = unfilled64(u64_at(b, o::SYSTEM_TIME));
    let p = |i: usize| u64::from(u32_at(b, o::PARAMS + 4 * i));
    KernelHeader {
        arch: Arch::Bits32,
        signature: ascii_z(b, 0, 8),
        valid_dump: text4(valid),
        valid_dump_ok: valid == u32::from_le_bytes(*b"DUMP"),
        major_version: u32_at(b, o::MAJOR),
        minor_version: u32_at(b, o::MINOR),
        directory_table_base: u64::from(u32_at(b, o::DTB)),
        pfn_database: u64::from(unfilled32(u32_at(b, o::PFN_DATABASE))),
        ps_loaded_module_list: u64::from(unfilled32(u32_at(b, o::PS_LOADED_MODULE_LIST))),
        ps_active_process_head: u64::from(unfilled32(u32_at(b, o::PS_ACTIVE_PROCESS_HEAD))),
        machine_image_type: u32_at(b, o::MACHINE),
        number_processors: u32_at(b, o::NPROC),
        bugcheck_code: u32_at(b, o::BUGCHECK),
        bugcheck_parameters: [p(0), p(1), p(2), p(3)],
        kd_debugger_data_block: u64::from(unfilled32(u32_at(b, o::KD_DEBUGGER_DATA_BLOCK))),
        pae_enabled: Some(u8_at(b, o::PAE_ENABLED) == 1),
        dump_type,
        dump_type_raw,
        required_dump_space: unfilled64(u64_at(b, o::REQUIRED_DUMP_SPACE)),
        system_time,
        system_time_utc: filetime_to_rfc3339(system_time),
        system_up_time: unfilled64(u64_at(b, o::SYSTEM_UP_TIME)),
        comment: comment(b, o::COMMENT),
        product_type: unfilled32(u32_at(b, o::PRODUCT_TYPE)),
        suite_mask: unfilled32(u32_at(b, o::SUITE_MASK)),
        minidump_fields: unfilled32(u32_at(b, o::MINIDUMP_FIELDS)),
        secondary_data_state: unfilled32(u32_at(b, o::SECONDARY_DATA_STATE)),
        writer_status: unfilled32(u32_at(b, o::WRITER_STATUS)),
        attributes: unfilled32(u32_at(b, o::ATTRIBUTES)),
        boot_id: unfilled32(u32_at(b, o::BOOT_ID)),
        physical_memory: uses_runs(dump_type)
            .then(|| parse_runs(b, o::PHYS_MEM, o::PHYS_MEM_SIZE, false)),
        exception: parse_exception(b, o::EXCEPTION, false),
        header_size: HEADER32_SIZE,
    }
}

/// The context record bytes' offset in the header (for callers that decode it).
pub fn context_record_offset(arch: Arch) -> u64 {
    match arch {
        Arch::Bits64 => off64::CONTEXT as u64,
        Arch::Bits32 => off32::CONTEXT as u64,
    }
}
