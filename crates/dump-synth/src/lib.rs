//! Synthetic Windows kernel crash dumps for tests.
//!
//! Written independently of `vmrescue-dump`: every offset here is taken from
//! the published structure definitions (`DUMP_HEADER64` / `DUMP_HEADER32` as
//! in the Windows SDK metadata, the bitmap dump header as documented by
//! Rekall / kdmp-parser, x86/x64 paging structures from the Intel SDM), not
//! from the parser's code, so a layout mistake in one does not hide in both
//! (the approach of rust-minidump's `minidump-synth`).
//!
//! Physical memory is described by its page layout (runs or bitmap) and a
//! sparse set of pages with content; every other present page is zero and is
//! never written, so a multi-GiB dump written to a file costs a few pages of
//! disk (the file is sparse).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::collections::BTreeMap;
use std::io::{self, Seek, SeekFrom, Write};

/// Page size.
pub const PAGE: u64 = 0x1000;

/// `DUMP_HEADER64` field offsets (the header is 0x2000 bytes).
pub mod h64 {
    /// 'PAGE'.
    pub const SIGNATURE: usize = 0x000;
    /// 'DU64'.
    pub const VALID_DUMP: usize = 0x004;
    /// MajorVersion.
    pub const MAJOR_VERSION: usize = 0x008;
    /// MinorVersion (build).
    pub const MINOR_VERSION: usize = 0x00C;
    /// DirectoryTableBase.
    pub const DIRECTORY_TABLE_BASE: usize = 0x010;
    /// PfnDataBase.
    pub const PFN_DATA_BASE: usize = 0x018;
    /// PsLoadedModuleList.
    pub const PS_LOADED_MODULE_LIST: usize = 0x020;
    /// PsActiveProcessHead.
    pub const PS_ACTIVE_PROCESS_HEAD: usize = 0x028;
    /// MachineImageType.
    pub const MACHINE_IMAGE_TYPE: usize = 0x030;
    /// NumberProcessors.
    pub const NUMBER_PROCESSORS: usize = 0x034;
    /// BugCheckCode.
    pub const BUG_CHECK_CODE: usize = 0x038;
    /// BugCheckParameter1 (then 2..4 every 8 bytes).
    pub const BUG_CHECK_PARAMETER1: usize = 0x040;
    /// KdDebuggerDataBlock.
    pub const KD_DEBUGGER_DATA_BLOCK: usize = 0x080;
    /// PhysicalMemoryBlock: NumberOfRuns u32, pad, NumberOfPages u64, Run[] {BasePage, PageCount}.
    pub const PHYSICAL_MEMORY_BLOCK: usize = 0x088;
    /// ContextRecord (3000 bytes).
    pub const CONTEXT_RECORD: usize = 0x348;
    /// Exception (EXCEPTION_RECORD64).
    pub const EXCEPTION: usize = 0xF00;
    /// DumpType.
    pub const DUMP_TYPE: usize = 0xF98;
    /// RequiredDumpSpace.
    pub const REQUIRED_DUMP_SPACE: usize = 0xFA0;
    /// SystemTime.
    pub const SYSTEM_TIME: usize = 0xFA8;
    /// Comment (128 bytes).
    pub const COMMENT: usize = 0xFB0;
    /// SystemUpTime.
    pub const SYSTEM_UP_TIME: usize = 0x1030;
    /// Header size.
    pub const SIZE: usize = 0x2000;
}

/// `DUMP_HEADER32` field offsets (the header is 0x1000 bytes).
pub mod h32 {
    /// MajorVersion.
    pub const MAJOR_VERSION: usize = 0x008;
    /// MinorVersion.
    pub const MINOR_VERSION: usize = 0x00C;
    /// DirectoryTableBase.
    pub const DIRECTORY_TABLE_BASE: usize = 0x010;
    /// PsLoadedModuleList.
    pub const PS_LOADED_MODULE_LIST: usize = 0x018;
    /// MachineImageType.
    pub const MACHINE_IMAGE_TYPE: usize = 0x020;
    /// NumberProcessors.
    pub const NUMBER_PROCESSORS: usize = 0x024;
    /// BugCheckCode.
    pub const BUG_CHECK_CODE: usize = 0x028;
    /// BugCheckParameter1 (then 2..4 every 4 bytes).
    pub const BUG_CHECK_PARAMETER1: usize = 0x02C;
    /// PaeEnabled.
    pub const PAE_ENABLED: usize = 0x05C;
    /// KdDebuggerDataBlock.
    pub const KD_DEBUGGER_DATA_BLOCK: usize = 0x060;
    /// PhysicalMemoryBlock: NumberOfRuns u32, NumberOfPages u32, Run[] {BasePage u32, PageCount u32}.
    pub const PHYSICAL_MEMORY_BLOCK: usize = 0x064;
    /// DumpType.
    pub const DUMP_TYPE: usize = 0xF88;
    /// RequiredDumpSpace.
    pub const REQUIRED_DUMP_SPACE: usize = 0xFA0;
    /// SystemUpTime.
    pub const SYSTEM_UP_TIME: usize = 0xFB8;
    /// SystemTime.
    pub const SYSTEM_TIME: usize = 0xFC0;
    /// Header size.
    pub const SIZE: usize = 0x1000;
}

/// Bitmap dump header at 0x2000 of a 64-bit dump: 'SDMP'/'FDMP', 'DUMP',
/// FirstPage at +0x20, TotalPresentPages +0x28, Pages (bits) +0x30, bits +0x38.
pub mod bmp64 {
    /// FirstPage.
    pub const FIRST_PAGE: usize = 0x20;
    /// TotalPresentPages.
    pub const TOTAL_PRESENT_PAGES: usize = 0x28;
    /// Pages (bitmap size in bits).
    pub const PAGES: usize = 0x30;
    /// Bitmap.
    pub const BITMAP: usize = 0x38;
}

fn put_u16(b: &mut [u8], at: usize, v: u16) {
    b[at..at + 2].copy_from_slice(&v.to_le_bytes());
}
fn put_u32(b: &mut [u8], at: usize, v: u32) {
    b[at..at + 4].copy_from_slice(&v.to_le_bytes());
}
fn put_u64(b: &mut [u8], at: usize, v: u64) {
    b[at..at + 8].copy_from_slice(&v.to_le_bytes());
}

/// Target system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// 64-bit x64 ('PAGEDU64').
    X64,
    /// 32-bit x86 ('PAGEDUMP'), with or without PAE.
    X86 {
        /// PaeEnabled.
        pae: bool,
    },
}

/// How the present physical pages are described.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageLayout {
    /// Full dump (DumpType 1): runs of (base page, page count).
    Runs(Vec<(u64, u64)>),
    /// Bitmap dump (DumpType 5, 64-bit only).
    Bitmap {
        /// 'SDMP' or 'FDMP'.
        signature: [u8; 4],
        /// Bits in the bitmap (pages of physical address space).
        pages: u64,
        /// Present pages as (first pfn, count), ascending, within `pages`.
        present: Vec<(u64, u64)>,
    },
    /// 'RDMP' dump (64-bit only): DumpType 8 (kernel memory) or 0xA
    /// (complete memory) with a table of PFN ranges.
    PfnRanges {
        /// DumpType 0xA (complete) instead of 8 (kernel memory).
        complete: bool,
        /// Present pages as (first pfn, count), ascending.
        ranges: Vec<(u64, u64)>,
    },
}

impl PageLayout {
    fn ranges(&self) -> &[(u64, u64)] {
        match self {
            PageLayout::Runs(r) => r,
            PageLayout::Bitmap { present, .. } => present,
            PageLayout::PfnRanges { ranges, .. } => ranges,
        }
    }

    /// Total present pages.
    pub fn present_pages(&self) -> u64 {
        self.ranges().iter().map(|r| r.1).sum()
    }

    /// Whether `pfn` is present.
    pub fn contains(&self, pfn: u64) -> bool {
        self.ranges().iter().any(|&(b, c)| pfn >= b && pfn - b < c)
    }

    /// Index of `pfn` among present pages, in file order.
    fn rank(&self, pfn: u64) -> Option<u64> {
        let mut before = 0;
        for &(b, c) in self.ranges() {
            if pfn >= b && pfn - b < c {
                return Some(before + pfn - b);
            }
            before += c;
        }
        None
    }
}

/// A kernel dump to synthesize.
#[derive(Debug, Clone)]
pub struct KernelDumpSpec {
    /// Target system.
    pub target: Target,
    /// Page layout.
    pub layout: PageLayout,
    /// BugCheckCode.
    pub bugcheck_code: u32,
    /// Parameters (truncated to 32 bits on x86).
    pub parameters: [u64; 4],
    /// DirectoryTableBase.
    pub directory_table_base: u64,
    /// MajorVersion.
    pub major_version: u32,
    /// MinorVersion (build).
    pub minor_version: u32,
    /// NumberProcessors.
    pub number_processors: u32,
    /// SystemTime (FILETIME).
    pub system_time: u64,
    /// SystemUpTime.
    pub system_up_time: u64,
    /// PsLoadedModuleList.
    pub ps_loaded_module_list: u64,
    /// KdDebuggerDataBlock.
    pub kd_debugger_data_block: u64,
    /// Write a correct ValidDump marker.
    pub valid_dump: bool,
    /// Override RequiredDumpSpace (default: the dump's length).
    pub required_dump_space: Option<u64>,
    /// Page contents by page-aligned physical address (others are zero).
    pub pages: BTreeMap<u64, Vec<u8>>,
}

impl KernelDumpSpec {
    /// A spec with defaults: Windows 10 build 19041, 4 processors, no pages.
    pub fn new(target: Target, layout: PageLayout) -> Self {
        KernelDumpSpec {
            target,
            layout,
            bugcheck_code: 0xE2,
            parameters: [0; 4],
            directory_table_base: 0,
            major_version: 0xF,
            minor_version: 19041,
            number_processors: 4,
            system_time: 132_583_451_029_877_657,
            system_up_time: 37_469_673,
            ps_loaded_module_list: 0,
            kd_debugger_data_block: 0,
            valid_dump: true,
            required_dump_space: None,
            pages: BTreeMap::new(),
        }
    }

    /// Write bytes at a physical address (may span pages).
    pub fn write_phys(&mut self, pa: u64, data: &[u8]) {
        let mut done = 0usize;
        while done < data.len() {
            let cur = pa + done as u64;
            let page = cur & !(PAGE - 1);
            let off = (cur - page) as usize;
            let n = (PAGE as usize - off).min(data.len() - done);
            let p = self
                .pages
                .entry(page)
                .or_insert_with(|| vec![0u8; PAGE as usize]);
            p[off..off + n].copy_from_slice(&data[done..done + n]);
            done += n;
        }
    }

    /// Fill a whole page with a recognisable pattern: each 8-byte word is
    /// `pa_of_word ^ salt`.
    pub fn fill_pattern(&mut self, page_pa: u64, salt: u64) {
        let mut p = vec![0u8; PAGE as usize];
        for i in 0..(PAGE as usize / 8) {
            let v = (page_pa + i as u64 * 8) ^ salt;
            p[i * 8..i * 8 + 8].copy_from_slice(&v.to_le_bytes());
        }
        self.pages.insert(page_pa, p);
    }

    /// Read back a physical byte range from the spec (zero for unwritten pages).
    pub fn read_phys(&self, pa: u64, len: usize) -> Vec<u8> {
        (0..len as u64)
            .map(|i| {
                let a = pa + i;
                let page = a & !(PAGE - 1);
                self.pages.get(&page).map_or(0, |p| p[(a - page) as usize])
            })
            .collect()
    }

    fn header_size(&self) -> u64 {
        match self.target {
            Target::X64 => h64::SIZE as u64,
            Target::X86 { .. } => h32::SIZE as u64,
        }
    }

    /// File offset of the first page and the bitmap bytes, if any.
    fn data_start(&self) -> (u64, Option<Vec<u8>>) {
        match &self.layout {
            PageLayout::Runs(_) => (self.header_size(), None),
            PageLayout::Bitmap { pages, present, .. } => {
                let mut bits = vec![0u8; pages.div_ceil(8) as usize];
                for &(b, c) in present {
                    for pfn in b..b + c {
                        bits[(pfn / 8) as usize] |= 1 << (pfn % 8);
                    }
                }
                let end = self.header_size() + bmp64::BITMAP as u64 + bits.len() as u64;
                (end.div_ceil(PAGE) * PAGE, Some(bits))
            }
            PageLayout::PfnRanges { ranges, .. } => {
                // Table from 0x2030, an all-zero terminator, then page aligned.
                let end = 0x2030 + (ranges.len() as u64 + 1) * 16;
                (end.div_ceil(PAGE) * PAGE, None)
            }
        }
    }

    /// Total length of the dump file.
    pub fn file_len(&self) -> u64 {
        self.data_start().0 + self.layout.present_pages() * PAGE
    }

    /// File offset of the page holding `pa`, if present.
    pub fn file_offset_of(&self, pa: u64) -> Option<u64> {
        let rank = self.layout.rank(pa / PAGE)?;
        Some(self.data_start().0 + rank * PAGE + pa % PAGE)
    }

    /// The header bytes.
    pub fn header_bytes(&self) -> Vec<u8> {
        let len = self.file_len();
        let required = self.required_dump_space.unwrap_or(len);
        match self.target {
            Target::X64 => {
                let mut h = vec![0u8; h64::SIZE];
                // Unfilled fields hold 'PAGE', as Windows leaves them.
                for c in h.chunks_exact_mut(4) {
                    c.copy_from_slice(b"PAGE");
                }
                h[h64::SIGNATURE..8].copy_from_slice(b"PAGEDU64");
                if !self.valid_dump {
                    h[h64::VALID_DUMP..h64::VALID_DUMP + 4].copy_from_slice(b"\0\0\0\0");
                }
                put_u32(&mut h, h64::MAJOR_VERSION, self.major_version);
                put_u32(&mut h, h64::MINOR_VERSION, self.minor_version);
                put_u64(&mut h, h64::DIRECTORY_TABLE_BASE, self.directory_table_base);
                put_u64(&mut h, h64::PFN_DATA_BASE, 0xFFFF_FA80_0000_0000);
                put_u64(
                    &mut h,
                    h64::PS_LOADED_MODULE_LIST,
                    self.ps_loaded_module_list,
                );
                put_u64(&mut h, h64::PS_ACTIVE_PROCESS_HEAD, 0);
                put_u32(&mut h, h64::MACHINE_IMAGE_TYPE, 0x8664);
                put_u32(&mut h, h64::NUMBER_PROCESSORS, self.number_processors);
                put_u32(&mut h, h64::BUG_CHECK_CODE, self.bugcheck_code);
                put_u32(&mut h, h64::BUG_CHECK_CODE + 4, 0);
                for (i, p) in self.parameters.iter().enumerate() {
                    put_u64(&mut h, h64::BUG_CHECK_PARAMETER1 + 8 * i, *p);
                }
                put_u64(
                    &mut h,
                    h64::KD_DEBUGGER_DATA_BLOCK,
                    self.kd_debugger_data_block,
                );
                let (dump_type, runs): (u32, &[(u64, u64)]) = match &self.layout {
                    PageLayout::Runs(r) => (1, r),
                    PageLayout::Bitmap { .. } => (5, &[]),
                    PageLayout::PfnRanges { complete, .. } => {
                        (if *complete { 0xA } else { 8 }, &[])
                    }
                };
                if dump_type == 1 {
                    let b = h64::PHYSICAL_MEMORY_BLOCK;
                    put_u32(&mut h, b, runs.len() as u32);
                    put_u32(&mut h, b + 4, 0);
                    put_u64(&mut h, b + 8, self.layout.present_pages());
                    for (i, &(base, count)) in runs.iter().enumerate() {
                        put_u64(&mut h, b + 16 + 16 * i, base);
                        put_u64(&mut h, b + 24 + 16 * i, count);
                    }
                }
                // An empty context and exception record.
                h[h64::CONTEXT_RECORD..h64::CONTEXT_RECORD + 3000].fill(0);
                h[h64::EXCEPTION..h64::EXCEPTION + 0x98].fill(0);
                put_u32(&mut h, h64::DUMP_TYPE, dump_type);
                put_u64(&mut h, h64::REQUIRED_DUMP_SPACE, required);
                put_u64(&mut h, h64::SYSTEM_TIME, self.system_time);
                put_u64(&mut h, h64::SYSTEM_UP_TIME, self.system_up_time);
                h[h64::COMMENT..h64::COMMENT + 128].fill(0);
                h[h64::COMMENT..h64::COMMENT + 24].copy_from_slice(b"vmrescue-dump-synth test");
                h
            }
            Target::X86 { pae } => {
                let mut h = vec![0u8; h32::SIZE];
                for c in h.chunks_exact_mut(4) {
                    c.copy_from_slice(b"PAGE");
                }
                h[0..8].copy_from_slice(b"PAGEDUMP");
                if !self.valid_dump {
                    h[4..8].copy_from_slice(b"\0\0\0\0");
                }
                put_u32(&mut h, h32::MAJOR_VERSION, self.major_version);
                put_u32(&mut h, h32::MINOR_VERSION, self.minor_version);
                put_u32(
                    &mut h,
                    h32::DIRECTORY_TABLE_BASE,
                    self.directory_table_base as u32,
                );
                put_u32(
                    &mut h,
                    h32::PS_LOADED_MODULE_LIST,
                    self.ps_loaded_module_list as u32,
                );
                put_u32(&mut h, h32::MACHINE_IMAGE_TYPE, 0x14C);
                put_u32(&mut h, h32::NUMBER_PROCESSORS, self.number_processors);
                put_u32(&mut h, h32::BUG_CHECK_CODE, self.bugcheck_code);
                for (i, p) in self.parameters.iter().enumerate() {
                    put_u32(&mut h, h32::BUG_CHECK_PARAMETER1 + 4 * i, *p as u32);
                }
                h[h32::PAE_ENABLED] = u8::from(pae);
                h[h32::PAE_ENABLED + 1..h32::PAE_ENABLED + 4].fill(0);
                put_u32(
                    &mut h,
                    h32::KD_DEBUGGER_DATA_BLOCK,
                    self.kd_debugger_data_block as u32,
                );
                let PageLayout::Runs(runs) = &self.layout else {
                    panic!("32-bit synthesized dumps use runs");
                };
                let b = h32::PHYSICAL_MEMORY_BLOCK;
                put_u32(&mut h, b, runs.len() as u32);
                put_u32(&mut h, b + 4, self.layout.present_pages() as u32);
                for (i, &(base, count)) in runs.iter().enumerate() {
                    put_u32(&mut h, b + 8 + 8 * i, base as u32);
                    put_u32(&mut h, b + 12 + 8 * i, count as u32);
                }
                put_u32(&mut h, h32::DUMP_TYPE, 1);
                put_u64(&mut h, h32::REQUIRED_DUMP_SPACE, required);
                put_u64(&mut h, h32::SYSTEM_UP_TIME, self.system_up_time);
                put_u64(&mut h, h32::SYSTEM_TIME, self.system_time);
                h
            }
        }
    }

    /// Write the dump. Only the header, the bitmap and pages with content
    /// are written; the rest is left as holes (seek), and the last byte is
    /// written so the stream has the full length. Returns the length.
    pub fn write_to<W: Write + Seek>(&self, w: &mut W) -> io::Result<u64> {
        let len = self.file_len();
        w.seek(SeekFrom::Start(0))?;
        w.write_all(&self.header_bytes())?;
        if let (
            PageLayout::Bitmap {
                signature, pages, ..
            },
            (first, Some(bits)),
        ) = (&self.layout, self.data_start())
        {
            let mut b = vec![0u8; bmp64::BITMAP];
            b[0..4].copy_from_slice(signature);
            b[4..8].copy_from_slice(b"DUMP");
            put_u64(&mut b, bmp64::FIRST_PAGE, first);
            put_u64(
                &mut b,
                bmp64::TOTAL_PRESENT_PAGES,
                self.layout.present_pages(),
            );
            put_u64(&mut b, bmp64::PAGES, *pages);
            w.write_all(&b)?;
            w.write_all(&bits)?;
        }
        if let PageLayout::PfnRanges { complete, ranges } = &self.layout {
            let first = self.data_start().0;
            let mut b = vec![0u8; 0x30 + ranges.len() * 16];
            put_u32(&mut b, 0, 0x40);
            b[4..8].copy_from_slice(b"RDMP");
            b[8..12].copy_from_slice(b"DUMP");
            // MetadataSize counts from 0x20 of this header up to the first page.
            put_u64(&mut b, 0x10, first - 0x2020);
            put_u64(&mut b, 0x18, first);
            if *complete {
                put_u32(&mut b, 0x20, ranges.len() as u32);
                put_u64(&mut b, 0x28, self.layout.present_pages());
            }
            for (i, &(pfn, n)) in ranges.iter().enumerate() {
                put_u64(&mut b, 0x30 + 16 * i, pfn);
                put_u64(&mut b, 0x38 + 16 * i, n);
            }
            w.write_all(&b)?;
        }
        let mut last_written = false;
        for (pa, data) in &self.pages {
            if let Some(off) = self.file_offset_of(*pa) {
                w.seek(SeekFrom::Start(off))?;
                w.write_all(data)?;
                last_written |= off + PAGE == len;
            }
        }
        if !last_written && len > 0 {
            w.seek(SeekFrom::Start(len - 1))?;
            w.write_all(&[0])?;
        }
        w.flush()?;
        Ok(len)
    }

    /// Write the dump to a new (sparse) file.
    pub fn write_file(&self, path: &std::path::Path) -> io::Result<u64> {
        let mut f = std::fs::File::create(path)?;
        self.write_to(&mut f)
    }

    /// The dump as bytes in memory (small dumps only).
    pub fn to_vec(&self) -> Vec<u8> {
        let mut c = io::Cursor::new(Vec::new());
        // Writing to a Vec cannot fail.
        let _ = self.write_to(&mut c);
        c.into_inner()
    }
}

/// Builds x64 4-level page tables inside a [`KernelDumpSpec`], taking table
/// pages from a caller-chosen pool of physical pages (which must be present).
#[derive(Debug)]
pub struct PageTables64 {
    /// Physical address of the PML4 (the DirectoryTableBase).
    pub pml4: u64,
    next_table: u64,
    tables: BTreeMap<(u8, u64), u64>,
}

/// Present | writable (kernel) for a paging entry.
pub const PTE_PRESENT_RW: u64 = 0b11;
/// Page-size bit (large page).
pub const PTE_PS: u64 = 1 << 7;

fn read_u64(spec: &KernelDumpSpec, pa: u64) -> u64 {
    let b = spec.read_phys(pa, 8);
    let mut a = [0u8; 8];
    a.copy_from_slice(&b);
    u64::from_le_bytes(a)
}

impl PageTables64 {
    /// PML4 at `pml4_pa`; further tables at `next_table_pa`, `+0x1000`, ...
    pub fn new(spec: &mut KernelDumpSpec, pml4_pa: u64, next_table_pa: u64) -> Self {
        spec.write_phys(pml4_pa, &[0u8; PAGE as usize]);
        spec.directory_table_base = pml4_pa;
        PageTables64 {
            pml4: pml4_pa,
            next_table: next_table_pa,
            tables: BTreeMap::new(),
        }
    }

    fn table(
        &mut self,
        spec: &mut KernelDumpSpec,
        parent: u64,
        idx: u64,
        level: u8,
        va_key: u64,
    ) -> u64 {
        let entry_pa = parent + idx * 8;
        let existing = read_u64(spec, entry_pa);
        if existing & 1 != 0 {
            return existing & 0x000F_FFFF_FFFF_F000;
        }
        let t = self.next_table;
        self.next_table += PAGE;
        spec.write_phys(t, &[0u8; PAGE as usize]);
        spec.write_phys(entry_pa, &(t | PTE_PRESENT_RW).to_le_bytes());
        self.tables.insert((level, va_key), t);
        t
    }

    /// Map a 4 KiB page.
    pub fn map_4k(&mut self, spec: &mut KernelDumpSpec, va: u64, pa: u64) {
        let pdpt = self.table(spec, self.pml4, (va >> 39) & 0x1FF, 3, va >> 39);
        let pd = self.table(spec, pdpt, (va >> 30) & 0x1FF, 2, va >> 30);
        let pt = self.table(spec, pd, (va >> 21) & 0x1FF, 1, va >> 21);
        let e = (pa & !(PAGE - 1)) | PTE_PRESENT_RW;
        spec.write_phys(pt + ((va >> 12) & 0x1FF) * 8, &e.to_le_bytes());
    }

    /// Map a 2 MiB page (`pa` 2 MiB aligned).
    pub fn map_2m(&mut self, spec: &mut KernelDumpSpec, va: u64, pa: u64) {
        let pdpt = self.table(spec, self.pml4, (va >> 39) & 0x1FF, 3, va >> 39);
        let pd = self.table(spec, pdpt, (va >> 30) & 0x1FF, 2, va >> 30);
        let e = (pa & !0x1F_FFFF) | PTE_PRESENT_RW | PTE_PS;
        spec.write_phys(pd + ((va >> 21) & 0x1FF) * 8, &e.to_le_bytes());
    }

    /// Map a 1 GiB page (`pa` 1 GiB aligned).
    pub fn map_1g(&mut self, spec: &mut KernelDumpSpec, va: u64, pa: u64) {
        let pdpt = self.table(spec, self.pml4, (va >> 39) & 0x1FF, 3, va >> 39);
        let e = (pa & !0x3FFF_FFFF) | PTE_PRESENT_RW | PTE_PS;
        spec.write_phys(pdpt + ((va >> 30) & 0x1FF) * 8, &e.to_le_bytes());
    }

    /// Write a raw entry into the PML4 (for loops and corrupt tables).
    pub fn set_pml4e(&self, spec: &mut KernelDumpSpec, idx: u64, value: u64) {
        spec.write_phys(self.pml4 + idx * 8, &value.to_le_bytes());
    }
}

/// Builds x86 PAE (3-level) page tables.
#[derive(Debug)]
pub struct PageTablesPae {
    /// Physical address of the PDPT (the DirectoryTableBase).
    pub pdpt: u64,
    next_table: u64,
}

impl PageTablesPae {
    /// PDPT at `pdpt_pa` (32-byte aligned); tables from `next_table_pa`.
    pub fn new(spec: &mut KernelDumpSpec, pdpt_pa: u64, next_table_pa: u64) -> Self {
        spec.write_phys(pdpt_pa, &[0u8; 32]);
        spec.directory_table_base = pdpt_pa;
        PageTablesPae {
            pdpt: pdpt_pa,
            next_table: next_table_pa,
        }
    }

    fn pd(&mut self, spec: &mut KernelDumpSpec, va: u64) -> u64 {
        let e_pa = self.pdpt + ((va >> 30) & 3) * 8;
        let e = read_u64(spec, e_pa);
        if e & 1 != 0 {
            return e & 0x000F_FFFF_FFFF_F000;
        }
        let t = self.next_table;
        self.next_table += PAGE;
        spec.write_phys(t, &[0u8; PAGE as usize]);
        // PDPTEs hold only the Present bit (R/W is reserved in PAE PDPTEs).
        spec.write_phys(e_pa, &(t | 1).to_le_bytes());
        t
    }

    /// Map a 4 KiB page.
    pub fn map_4k(&mut self, spec: &mut KernelDumpSpec, va: u64, pa: u64) {
        let pd = self.pd(spec, va);
        let pde_pa = pd + ((va >> 21) & 0x1FF) * 8;
        let pde = read_u64(spec, pde_pa);
        let pt = if pde & 1 != 0 {
            pde & 0x000F_FFFF_FFFF_F000
        } else {
            let t = self.next_table;
            self.next_table += PAGE;
            spec.write_phys(t, &[0u8; PAGE as usize]);
            spec.write_phys(pde_pa, &(t | PTE_PRESENT_RW).to_le_bytes());
            t
        };
        let e = (pa & !(PAGE - 1)) | PTE_PRESENT_RW;
        spec.write_phys(pt + ((va >> 12) & 0x1FF) * 8, &e.to_le_bytes());
    }

    /// Map a 2 MiB page.
    pub fn map_2m(&mut self, spec: &mut KernelDumpSpec, va: u64, pa: u64) {
        let pd = self.pd(spec, va);
        let e = (pa & !0x1F_FFFF) | PTE_PRESENT_RW | PTE_PS;
        spec.write_phys(pd + ((va >> 21) & 0x1FF) * 8, &e.to_le_bytes());
    }
}

/// Builds x86 non-PAE (2-level) page tables.
#[derive(Debug)]
pub struct PageTables32 {
    /// Physical address of the page directory.
    pub pd: u64,
    next_table: u64,
}

impl PageTables32 {
    /// Page directory at `pd_pa`; tables from `next_table_pa`.
    pub fn new(spec: &mut KernelDumpSpec, pd_pa: u64, next_table_pa: u64) -> Self {
        spec.write_phys(pd_pa, &[0u8; PAGE as usize]);
        spec.directory_table_base = pd_pa;
        PageTables32 {
            pd: pd_pa,
            next_table: next_table_pa,
        }
    }

    /// Map a 4 KiB page.
    pub fn map_4k(&mut self, spec: &mut KernelDumpSpec, va: u64, pa: u64) {
        let pde_pa = self.pd + ((va >> 22) & 0x3FF) * 4;
        let b = spec.read_phys(pde_pa, 4);
        let pde = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as u64;
        let pt = if pde & 1 != 0 {
            pde & 0xFFFF_F000
        } else {
            let t = self.next_table;
            self.next_table += PAGE;
            spec.write_phys(t, &[0u8; PAGE as usize]);
            spec.write_phys(pde_pa, &((t | PTE_PRESENT_RW) as u32).to_le_bytes());
            t
        };
        let e = ((pa & 0xFFFF_F000) | PTE_PRESENT_RW) as u32;
        spec.write_phys(pt + ((va >> 12) & 0x3FF) * 4, &e.to_le_bytes());
    }

    /// Map a 4 MiB page.
    pub fn map_4m(&mut self, spec: &mut KernelDumpSpec, va: u64, pa: u64) {
        let e = ((pa & 0xFFC0_0000) | PTE_PRESENT_RW | PTE_PS) as u32;
        spec.write_phys(self.pd + ((va >> 22) & 0x3FF) * 4, &e.to_le_bytes());
    }
}

/// `UNICODE_STRING` (64-bit: Length, MaximumLength, pad, Buffer) followed
/// by its UTF-16 text (NUL-terminated), as bytes to place at `va`.
pub fn unicode_string64(va: u64, text: &str) -> Vec<u8> {
    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let mut b = vec![0u8; 16];
    put_u16(&mut b, 0, utf16.len() as u16);
    put_u16(&mut b, 2, utf16.len() as u16 + 2);
    put_u64(&mut b, 8, va + 16);
    b.extend_from_slice(&utf16);
    b.extend_from_slice(&[0, 0]);
    b
}

/// `UNICODE_STRING` (32-bit: Length, MaximumLength, Buffer) followed by its text.
pub fn unicode_string32(va: u64, text: &str) -> Vec<u8> {
    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let mut b = vec![0u8; 8];
    put_u16(&mut b, 0, utf16.len() as u16);
    put_u16(&mut b, 2, utf16.len() as u16 + 2);
    put_u32(&mut b, 4, (va + 8) as u32);
    b.extend_from_slice(&utf16);
    b.extend_from_slice(&[0, 0]);
    b
}

/// Virtual address of the 0xC000021A string in [`c000021a_x64`].
pub const C000021A_STRING_VA: u64 = 0xFFFF_F800_1234_5678;
/// Physical base of the 2 MiB page mapping it.
pub const C000021A_LARGE_PAGE_PA: u64 = 0x0060_0000;

/// A 0xC000021A dump (x64): Arg1 points (through a 2 MiB large page) to a
/// UNICODE_STRING "Windows SubSystem", Arg2 = STATUS_DLL_INIT_FAILED
/// sign-extended. `layout` must make pages 0x1AD..0x1B8 and the large page's
/// 0x345 page present (e.g. [`default_runs`]).
pub fn c000021a_x64(layout: PageLayout, text: &str) -> KernelDumpSpec {
    let mut spec = KernelDumpSpec::new(Target::X64, layout);
    spec.bugcheck_code = 0xC000_021A;
    let mut pt = PageTables64::new(&mut spec, 0x1AD000, 0x1AE000);
    let large_va = C000021A_STRING_VA & !0x1F_FFFF;
    pt.map_2m(&mut spec, large_va, C000021A_LARGE_PAGE_PA);
    let pa = C000021A_LARGE_PAGE_PA + (C000021A_STRING_VA - large_va);
    spec.write_phys(pa, &unicode_string64(C000021A_STRING_VA, text));
    spec.parameters = [C000021A_STRING_VA, 0xFFFF_FFFF_C000_0142, 0, 0];
    spec
}

/// Runs covering 0..0x200 (page tables, data) and the 2 MiB page at 6 MiB.
pub fn default_runs() -> PageLayout {
    PageLayout::Runs(vec![(0, 0x200), (0x600, 0x200)])
}

/// A kernel triage dump (DumpType 4) to synthesize: header, `TRIAGE_DUMP`
/// (at 0x2000 on x64, 0x1000 on x86), driver list, string pool, data blocks
/// and the 'DGRT' end marker.
#[derive(Debug, Clone)]
pub struct TriageSpec {
    /// Header fields (its layout and pages are ignored).
    pub base: KernelDumpSpec,
    /// Drivers: (name, DllBase, SizeOfImage, TimeDateStamp).
    pub drivers: Vec<(String, u64, u32, u32)>,
    /// Captured memory: (virtual address, bytes).
    pub blocks: Vec<(u64, Vec<u8>)>,
    /// Captured stack: (TopOfStack, bytes).
    pub stack: Option<(u64, Vec<u8>)>,
}

impl TriageSpec {
    /// An empty triage dump for `target`.
    pub fn new(target: Target) -> Self {
        TriageSpec {
            base: KernelDumpSpec::new(target, PageLayout::Runs(Vec::new())),
            drivers: Vec::new(),
            blocks: Vec::new(),
            stack: None,
        }
    }

    /// The dump's bytes.
    pub fn to_vec(&self) -> Vec<u8> {
        let wide = self.base.target == Target::X64;
        let mut out = self.base.header_bytes();
        let (hdr_at, dump_type_at) = if wide {
            (h64::SIZE, h64::DUMP_TYPE)
        } else {
            (h32::SIZE, h32::DUMP_TYPE)
        };
        put_u32(&mut out, dump_type_at, 4);
        // Triage dumps leave the physical memory block unfilled.
        let (pmb, pmb_len) = if wide {
            (h64::PHYSICAL_MEMORY_BLOCK, 0x2C0)
        } else {
            (h32::PHYSICAL_MEMORY_BLOCK, 700)
        };
        for c in out[pmb..pmb + pmb_len].chunks_exact_mut(4) {
            c.copy_from_slice(b"PAGE");
        }
        let triage_len = if wide { 0x80 } else { 0x68 };
        out.resize(hdr_at + triage_len, 0);
        let align8 = |v: &mut Vec<u8>| {
            while !v.len().is_multiple_of(8) {
                v.push(0);
            }
        };
        align8(&mut out);
        // Driver list, then string pool.
        let entry = if wide { 0x90 } else { 0x4C };
        let list_at = out.len();
        out.resize(list_at + entry * self.drivers.len(), 0);
        align8(&mut out);
        let pool_at = out.len();
        for (i, (name, base, size, ts)) in self.drivers.iter().enumerate() {
            let name_at = out.len();
            let units: Vec<u16> = name.encode_utf16().collect();
            out.extend_from_slice(&(units.len() as u32).to_le_bytes());
            for u in &units {
                out.extend_from_slice(&u.to_le_bytes());
            }
            out.extend_from_slice(&[0, 0]);
            align8(&mut out);
            let e = list_at + i * entry;
            put_u32(&mut out, e, name_at as u32);
            if wide {
                // KLDR_DATA_TABLE_ENTRY64 at +8: DllBase +0x30, SizeOfImage +0x40, TimeDateStamp +0x80.
                put_u64(&mut out, e + 8 + 0x30, *base);
                put_u32(&mut out, e + 8 + 0x40, *size);
                put_u32(&mut out, e + 8 + 0x80, *ts);
            } else {
                // KLDR_DATA_TABLE_ENTRY32 at +4: DllBase +0x18, SizeOfImage +0x20, TimeDateStamp +0x44.
                put_u32(&mut out, e + 4 + 0x18, *base as u32);
                put_u32(&mut out, e + 4 + 0x20, *size);
                put_u32(&mut out, e + 4 + 0x44, *ts);
            }
        }
        let pool_len = out.len() - pool_at;
        // Stack.
        let (stack_at, stack_len, top) = match &self.stack {
            Some((top, bytes)) => {
                let at = out.len();
                out.extend_from_slice(bytes);
                align8(&mut out);
                (at, bytes.len(), *top)
            }
            None => (0, 0, 0),
        };
        // Data block contents, then the TRIAGE_DATA_BLOCK array.
        let mut descs = Vec::new();
        for (va, bytes) in &self.blocks {
            let at = out.len();
            out.extend_from_slice(bytes);
            align8(&mut out);
            descs.push((*va, at as u32, bytes.len() as u32));
        }
        let blocks_at = out.len();
        for (va, at, len) in &descs {
            out.extend_from_slice(&va.to_le_bytes());
            out.extend_from_slice(&at.to_le_bytes());
            out.extend_from_slice(&len.to_le_bytes());
        }
        let valid_at = out.len();
        out.extend_from_slice(b"TRGD");
        let size = out.len();
        let t = hdr_at;
        put_u32(&mut out, t, 0); // ServicePackBuild
        put_u32(&mut out, t + 0x04, size as u32);
        put_u32(&mut out, t + 0x08, valid_at as u32);
        put_u32(&mut out, t + 0x0C, if wide { 0x348 } else { 0x320 });
        put_u32(&mut out, t + 0x10, if wide { 0xF00 } else { 0x7D0 });
        put_u32(&mut out, t + 0x28, stack_at as u32);
        put_u32(&mut out, t + 0x2C, stack_len as u32);
        put_u32(&mut out, t + 0x30, list_at as u32);
        put_u32(&mut out, t + 0x34, self.drivers.len() as u32);
        put_u32(&mut out, t + 0x38, pool_at as u32);
        put_u32(&mut out, t + 0x3C, pool_len as u32);
        put_u32(&mut out, t + 0x44, 0x0FFF);
        if wide {
            put_u64(&mut out, t + 0x48, top);
            put_u32(&mut out, t + 0x78, blocks_at as u32);
            put_u32(&mut out, t + 0x7C, descs.len() as u32);
        } else {
            put_u32(&mut out, t + 0x48, top as u32);
            put_u32(&mut out, t + 0x60, blocks_at as u32);
            put_u32(&mut out, t + 0x64, descs.len() as u32);
        }
        let rds = if wide {
            h64::REQUIRED_DUMP_SPACE
        } else {
            h32::REQUIRED_DUMP_SPACE
        };
        put_u64(&mut out, rds, size as u64);
        out
    }
}
