//! Kernel triage dumps (DumpType 4, `Windows\Minidump\*.dmp`): the
//! `TRIAGE_DUMP` header that follows the main header (0x2000 on 64-bit,
//! 0x1000 on 32-bit), the loaded driver list and the captured memory blocks.

use std::io::{Read, Seek};

use serde::Serialize;

use crate::DumpError;
use crate::bytes::{read_at, u32_at, u64_at, utf16_lossy};
use crate::completeness::Warning;
use crate::header::Arch;

/// 'DGRT' as stored little-endian at ValidOffset ("TRGD" in a hex dump).
pub const TRIAGE_DUMP_VALID: u32 = u32::from_le_bytes(*b"TRGD");
/// Most drivers a triage dump is read with.
const MAX_DRIVERS: u32 = 16_384;
/// Most data blocks a triage dump is read with.
const MAX_DATA_BLOCKS: u32 = 1 << 20;
/// Largest string pool read.
const MAX_STRING_POOL: u64 = 16 << 20;

/// The `TRIAGE_DUMP` header (file offsets are relative to the dump's start).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TriageHeader {
    /// File offset of this header.
    pub header_offset: u64,
    /// ServicePackBuild.
    pub service_pack_build: u32,
    /// SizeOfDump.
    pub size_of_dump: u32,
    /// ValidOffset: offset of the 'DGRT' end marker.
    pub valid_offset: u32,
    /// ContextOffset.
    pub context_offset: u32,
    /// ExceptionOffset.
    pub exception_offset: u32,
    /// MmOffset.
    pub mm_offset: u32,
    /// UnloadedDriversOffset.
    pub unloaded_drivers_offset: u32,
    /// PrcbOffset.
    pub prcb_offset: u32,
    /// ProcessOffset (copy of the current EPROCESS).
    pub process_offset: u32,
    /// ThreadOffset (copy of the current ETHREAD).
    pub thread_offset: u32,
    /// CallStackOffset.
    pub call_stack_offset: u32,
    /// SizeOfCallStack.
    pub size_of_call_stack: u32,
    /// DriverListOffset.
    pub driver_list_offset: u32,
    /// DriverCount.
    pub driver_count: u32,
    /// StringPoolOffset.
    pub string_pool_offset: u32,
    /// StringPoolSize.
    pub string_pool_size: u32,
    /// BrokenDriverOffset.
    pub broken_driver_offset: u32,
    /// TriageOptions.
    pub triage_options: u32,
    /// TopOfStack: virtual address of the captured stack.
    #[serde(serialize_with = "crate::hexser::u64")]
    pub top_of_stack: u64,
    /// DataPageAddress.
    #[serde(serialize_with = "crate::hexser::u64")]
    pub data_page_address: u64,
    /// DataPageOffset.
    pub data_page_offset: u32,
    /// DataPageSize.
    pub data_page_size: u32,
    /// DebuggerDataOffset.
    pub debugger_data_offset: u32,
    /// DebuggerDataSize.
    pub debugger_data_size: u32,
    /// DataBlocksOffset.
    pub data_blocks_offset: u32,
    /// DataBlocksCount.
    pub data_blocks_count: u32,
}

/// A loaded kernel module (from a triage driver list or PsLoadedModuleList).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoadedModule {
    /// Module name or path as stored.
    pub name: String,
    /// DllBase.
    #[serde(serialize_with = "crate::hexser::u64")]
    pub base: u64,
    /// SizeOfImage.
    pub size: u32,
    /// TimeDateStamp, when the structure holds it.
    pub timestamp: Option<u32>,
}

impl LoadedModule {
    /// File name part of `name` (after the last '\\').
    pub fn file_name(&self) -> &str {
        self.name.rsplit(['\\', '/']).next().unwrap_or(&self.name)
    }

    /// True when `va` lies within the image.
    pub fn contains(&self, va: u64) -> bool {
        va >= self.base && va - self.base < u64::from(self.size)
    }
}

/// A virtual address range whose bytes the triage dump holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DataBlock {
    /// Virtual address.
    #[serde(serialize_with = "crate::hexser::u64")]
    pub address: u64,
    /// File offset.
    pub offset: u32,
    /// Size in bytes.
    pub size: u32,
}

/// A decoded triage dump.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TriageDump {
    /// The header.
    pub header: TriageHeader,
    /// True when the 'DGRT' marker is at ValidOffset.
    pub valid: bool,
    /// Loaded drivers, in list order.
    pub drivers: Vec<LoadedModule>,
    /// Stride of DUMP_DRIVER_ENTRY found in the file.
    pub driver_entry_size: Option<u32>,
    /// Data blocks (TRIAGE_DATA_BLOCK), plus the stack and data page, sorted
    /// by address.
    pub captured: Vec<DataBlock>,
}

fn parse_header(b: &[u8], at: u64, arch: Arch) -> TriageHeader {
    let f = |o| u32_at(b, o);
    let (top, dpa, dpo, dps, ddo, dds, dbo, dbc) = match arch {
        Arch::Bits64 => (
            u64_at(b, 0x48),
            u64_at(b, 0x60),
            f(0x68),
            f(0x6C),
            f(0x70),
            f(0x74),
            f(0x78),
            f(0x7C),
        ),
        Arch::Bits32 => (
            u64::from(f(0x48)),
            u64::from(f(0x4C)),
            f(0x50),
            f(0x54),
            f(0x58),
            f(0x5C),
            f(0x60),
            f(0x64),
        ),
    };
    TriageHeader {
        header_offset: at,
        service_pack_build: f(0x00),
        size_of_dump: f(0x04),
        valid_offset: f(0x08),
        context_offset: f(0x0C),
        exception_offset: f(0x10),
        mm_offset: f(0x14),
        unloaded_drivers_offset: f(0x18),
        prcb_offset: f(0x1C),
        process_offset: f(0x20),
        thread_offset: f(0x24),
        call_stack_offset: f(0x28),
        size_of_call_stack: f(0x2C),
        driver_list_offset: f(0x30),
        driver_count: f(0x34),
        string_pool_offset: f(0x38),
        string_pool_size: f(0x3C),
        broken_driver_offset: f(0x40),
        triage_options: f(0x44),
        top_of_stack: top,
        data_page_address: dpa,
        data_page_offset: dpo,
        data_page_size: dps,
        debugger_data_offset: ddo,
        debugger_data_size: dds,
        data_blocks_offset: dbo,
        data_blocks_count: dbc,
    }
}

fn fits(offset: u64, len: u64, file_len: u64) -> bool {
    offset.checked_add(len).is_some_and(|e| e <= file_len)
}

/// Decode the triage part of a dump.
pub(crate) fn parse<R: Read + Seek>(
    reader: &mut R,
    file_len: u64,
    arch: Arch,
    warnings: &mut Vec<Warning>,
) -> Result<Option<TriageDump>, DumpError> {
    let at = match arch {
        Arch::Bits64 => 0x2000,
        Arch::Bits32 => 0x1000,
    };
    let size = match arch {
        Arch::Bits64 => 0x80,
        Arch::Bits32 => 0x68,
    };
    if !fits(at, size, file_len) {
        warnings.push(Warning::TriageStructureInvalid {
            structure: "TRIAGE_DUMP",
            offset: at,
            reason: "file ends before the triage header".into(),
        });
        return Ok(None);
    }
    let mut b = vec![0u8; size as usize];
    read_at(reader, file_len, at, &mut b, "TRIAGE_DUMP")?;
    let header = parse_header(&b, at, arch);

    // End marker.
    let vo = u64::from(header.valid_offset);
    let mut valid = false;
    if fits(vo, 4, file_len) {
        let mut m = [0u8; 4];
        read_at(reader, file_len, vo, &mut m, "triage ValidOffset marker")?;
        valid = u32::from_le_bytes(m) == TRIAGE_DUMP_VALID;
    }
    if !valid {
        warnings.push(Warning::TriageNotValid { valid_offset: vo });
    }

    let (drivers, stride) = parse_drivers(reader, file_len, arch, &header, warnings)?;
    let captured = parse_captured(reader, file_len, &header, warnings)?;
    Ok(Some(TriageDump {
        header,
        valid,
        drivers,
        driver_entry_size: stride,
        captured,
    }))
}

fn parse_drivers<R: Read + Seek>(
    reader: &mut R,
    file_len: u64,
    arch: Arch,
    h: &TriageHeader,
    warnings: &mut Vec<Warning>,
) -> Result<(Vec<LoadedModule>, Option<u32>), DumpError> {
    let count = h.driver_count;
    if count == 0 || h.driver_list_offset == 0 {
        return Ok((Vec::new(), None));
    }
    let list = u64::from(h.driver_list_offset);
    let pool = u64::from(h.string_pool_offset);
    let pool_len = u64::from(h.string_pool_size);
    let bad = |reason: String| Warning::TriageStructureInvalid {
        structure: "driver list",
        offset: list,
        reason,
    };
    if count > MAX_DRIVERS {
        warnings.push(bad(format!("DriverCount {count} is implausible")));
        return Ok((Vec::new(), None));
    }
    if pool_len > MAX_STRING_POOL || !fits(pool, pool_len, file_len) {
        warnings.push(bad(format!(
            "string pool {pool:#x}+{pool_len:#x} lies outside the file"
        )));
        return Ok((Vec::new(), None));
    }
    // The entry size depends on the Windows version (LDR_DATA_TABLE_ENTRY
    // grew over time); pick the stride whose name offsets all point into
    // the string pool.
    let strides: &[u64] = match arch {
        Arch::Bits64 => &[0x90, 0x98, 0xA0, 0xA8, 0xB0, 0x88],
        Arch::Bits32 => &[0x4C, 0x50, 0x54, 0x58, 0x5C, 0x60],
    };
    let max_stride = strides.iter().copied().max().unwrap_or(0x90);
    let span = u64::from(count) * max_stride;
    let avail = file_len.saturating_sub(list).min(span);
    if avail < u64::from(count) * strides[0].min(0x4C) {
        warnings.push(bad("driver list runs past the end of the file".into()));
        return Ok((Vec::new(), None));
    }
    let mut buf = vec![0u8; avail as usize];
    read_at(reader, file_len, list, &mut buf, "driver list")?;
    let mut pool_buf = vec![0u8; pool_len as usize];
    read_at(reader, file_len, pool, &mut pool_buf, "string pool")?;
    let in_pool = |o: u32| {
        let o = u64::from(o);
        o >= pool && o + 4 <= pool + pool_len
    };
    let Some(stride) = strides.iter().copied().find(|&s| {
        (0..u64::from(count)).all(|i| {
            let at = (i * s) as usize;
            at + s as usize <= buf.len() && in_pool(u32_at(&buf, at))
        })
    }) else {
        warnings.push(bad(
            "no known DUMP_DRIVER_ENTRY size has all name offsets in the string pool".into(),
        ));
        return Ok((Vec::new(), None));
    };
    let (ldr, dll_base, size_of_image, timestamp) = match arch {
        // DriverNameOffset, then KLDR_DATA_TABLE_ENTRY64 at +8.
        Arch::Bits64 => (8usize, 0x30usize, 0x40usize, 0x80usize),
        // DriverNameOffset, then KLDR_DATA_TABLE_ENTRY32 at +4.
        Arch::Bits32 => (4, 0x18, 0x20, 0x44),
    };
    let mut drivers = Vec::with_capacity(count as usize);
    for i in 0..count as usize {
        let e = &buf[i * stride as usize..(i + 1) * stride as usize];
        let name_at = (u64::from(u32_at(e, 0)) - pool) as usize;
        let name = dump_string(&pool_buf, name_at);
        let base = match arch {
            Arch::Bits64 => u64_at(e, ldr + dll_base),
            Arch::Bits32 => u64::from(u32_at(e, ldr + dll_base)),
        };
        let ts_at = ldr + timestamp;
        drivers.push(LoadedModule {
            name,
            base,
            size: u32_at(e, ldr + size_of_image),
            timestamp: (ts_at + 4 <= e.len()).then(|| u32_at(e, ts_at)),
        });
    }
    Ok((drivers, Some(stride as u32)))
}

/// A DUMP_STRING: ULONG length (in characters as Windows writes it), then UTF-16.
fn dump_string(pool: &[u8], at: usize) -> String {
    let len = u32_at(pool, at) as usize;
    let start = at + 4;
    let avail = pool.len().saturating_sub(start);
    // Length in characters; fall back to bytes when that overruns the pool.
    let bytes = if len.saturating_mul(2) <= avail {
        len * 2
    } else {
        len.min(avail) & !1
    };
    utf16_lossy(&pool[start..start + bytes])
}

fn parse_captured<R: Read + Seek>(
    reader: &mut R,
    file_len: u64,
    h: &TriageHeader,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<DataBlock>, DumpError> {
    let mut out = Vec::new();
    let count = h.data_blocks_count;
    let at = u64::from(h.data_blocks_offset);
    if count > 0 && at != 0 {
        if count > MAX_DATA_BLOCKS || !fits(at, u64::from(count) * 16, file_len) {
            warnings.push(Warning::TriageStructureInvalid {
                structure: "data blocks",
                offset: at,
                reason: format!("{count} blocks do not fit in the file"),
            });
        } else {
            let mut buf = vec![0u8; count as usize * 16];
            read_at(reader, file_len, at, &mut buf, "data blocks")?;
            for e in buf.chunks_exact(16) {
                out.push(DataBlock {
                    address: u64_at(e, 0),
                    offset: u32_at(e, 8),
                    size: u32_at(e, 12),
                });
            }
        }
    }
    if h.size_of_call_stack > 0 && h.call_stack_offset != 0 {
        // TopOfStack is the lowest captured address (the stack pointer side).
        out.push(DataBlock {
            address: h.top_of_stack,
            offset: h.call_stack_offset,
            size: h.size_of_call_stack,
        });
    }
    if h.data_page_size > 0 && h.data_page_offset != 0 {
        out.push(DataBlock {
            address: h.data_page_address,
            offset: h.data_page_offset,
            size: h.data_page_size,
        });
    }
    // Keep only blocks whose bytes are in the file and whose range does not wrap.
    let before = out.len();
    out.retain(|b| {
        b.size > 0
            && fits(u64::from(b.offset), u64::from(b.size), file_len)
            && b.address.checked_add(u64::from(b.size)).is_some()
    });
    if out.len() != before {
        warnings.push(Warning::TriageStructureInvalid {
            structure: "data blocks",
            offset: at,
            reason: format!("{} blocks point outside the file", before - out.len()),
        });
    }
    out.sort_by_key(|b| b.address);
    Ok(out)
}

impl TriageDump {
    /// The block holding `va`, if any (the last one starting at or before it).
    pub(crate) fn block_for(&self, va: u64) -> Option<&DataBlock> {
        let i = self.captured.partition_point(|b| b.address <= va);
        // Blocks may overlap; look back a little for one that covers va.
        self.captured[..i]
            .iter()
            .rev()
            .take(8)
            .find(|b| va - b.address < u64::from(b.size))
    }

    /// The driver whose image holds `va`.
    pub fn driver_for(&self, va: u64) -> Option<&LoadedModule> {
        self.drivers.iter().find(|d| d.contains(va))
    }
}
