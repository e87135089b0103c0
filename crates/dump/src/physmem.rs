//! Where each physical page lives in the file: runs (full dumps), a bitmap
//! ('SDMP'/'FDMP' dumps) or PFN ranges ('RDMP' dumps). Lookups are lazy and
//! memory stays bounded whatever the dump size: runs are at most 43 (86 on
//! 32-bit), the bitmap and the range table get a sparse rank index built in
//! 64 KiB chunks only as far as lookups need it.

use std::io::{Read, Seek};

use serde::Serialize;

use crate::DumpError;
use crate::bytes::{read_at, u32_at, u64_at};
use crate::completeness::Warning;
use crate::header::{Arch, DumpType, KernelHeader};

pub(crate) const PAGE: u64 = 0x1000;
/// Bitmap bytes (and so pages / 8) per rank-index chunk.
const BITMAP_CHUNK: u64 = 0x1_0000;
/// Most PFN ranges read from an 'RDMP' table (a 1 GiB table).
const MAX_RANGES: u64 = 1 << 26;
/// PFN ranges (16 bytes each) per index chunk.
const RANGE_CHUNK: u64 = 4096;

/// Public description of the page layout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum PhysicalLayoutInfo {
    /// No physical memory in this dump (triage, header only, or unusable).
    None,
    /// Runs from the header's PhysicalMemoryBlock; pages follow the header.
    Runs {
        /// Number of runs used.
        runs: usize,
        /// Total pages over the runs.
        pages: u64,
        /// File offset of the first page.
        first_page_offset: u64,
    },
    /// A bitmap of present pages ('SDMP'/'FDMP' with 'DUMP').
    Bitmap {
        /// Signature at the bitmap header ('SDMP', 'FDMP').
        signature: String,
        /// ValidDump of the bitmap header ('DUMP').
        valid_dump: String,
        /// File offset of the bitmap header.
        header_offset: u64,
        /// FirstPage: file offset of the first page.
        first_page_offset: u64,
        /// TotalPresentPages.
        total_present_pages: u64,
        /// Pages: number of bits in the bitmap.
        pages: u64,
    },
    /// PFN ranges ('RDMP' header of kernel/complete memory dumps).
    PfnRanges {
        /// Number of ranges in the table.
        ranges: u64,
        /// File offset of the first page.
        first_page_offset: u64,
    },
}

pub(crate) struct RunsLayout {
    /// (base_page, page_count, file offset of the first page), sorted by base.
    runs: Vec<(u64, u64, u64)>,
}

pub(crate) struct BitmapLayout {
    bitmap_offset: u64,
    bits: u64,
    first_page: u64,
    present_pages: u64,
    /// rank[i] = set bits in chunks 0..i.
    rank: Vec<u64>,
    cache: Option<(u64, Vec<u8>)>,
    pub(crate) count_warning: Option<Warning>,
}

pub(crate) struct RangesLayout {
    table_offset: u64,
    count: u64,
    first_page: u64,
    /// For chunk i: (first pfn of the chunk, pages before the chunk); built lazily.
    index: Option<Vec<(u64, u64)>>,
    cache: Option<(u64, Vec<u8>)>,
    broken: bool,
    total_pages: Option<u64>,
}

pub(crate) enum Layout {
    None,
    Runs(RunsLayout),
    Bitmap(BitmapLayout),
    Ranges(RangesLayout),
}

/// Result of locating a page.
pub(crate) enum PageLoc {
    /// File offset of the page.
    At(u64),
    NotInDump,
    NoMemory,
}

pub(crate) struct Built {
    pub layout: Layout,
    pub info: PhysicalLayoutInfo,
    pub expected_len: Option<u64>,
    pub warnings: Vec<Warning>,
}

fn invalid(structure: &'static str, offset: u64, reason: impl Into<String>) -> Built {
    Built {
        layout: Layout::None,
        info: PhysicalLayoutInfo::None,
        expected_len: None,
        warnings: vec![Warning::PhysicalLayoutInvalid {
            structure,
            offset,
            reason: reason.into(),
        }],
    }
}

fn none() -> Built {
    Built {
        layout: Layout::None,
        info: PhysicalLayoutInfo::None,
        expected_len: None,
        warnings: Vec::new(),
    }
}

/// Build the layout from the header; reads only fixed-size headers.
pub(crate) fn build<R: Read + Seek>(
    reader: &mut R,
    file_len: u64,
    h: &KernelHeader,
) -> Result<Built, DumpError> {
    let header_size = h.header_size;
    match h.dump_type {
        DumpType::Full => Ok(build_runs(h, header_size)),
        DumpType::Triage | DumpType::HeaderOnly => Ok(none()),
        _ => {
            // Bitmap or RDMP headers follow the main header.
            if file_len < header_size + 0x40 {
                return Ok(match h.dump_type {
                    DumpType::Bitmap
                    | DumpType::BitmapKernel
                    | DumpType::Summary
                    | DumpType::KernelMemory
                    | DumpType::KernelAndUserMemory
                    | DumpType::CompleteMemory => invalid(
                        "bitmap/RDMP header",
                        header_size,
                        "file ends before the header that describes the pages",
                    ),
                    _ => none(),
                });
            }
            let mut b = [0u8; 0x40];
            read_at(reader, file_len, header_size, &mut b, "bitmap/RDMP header")?;
            let sig = &b[0..4];
            let valid = &b[4..8];
            if (sig == b"SDMP" || sig == b"FDMP" || sig == b"DUMP") && valid == b"DUMP" {
                Ok(match h.arch {
                    Arch::Bits64 => build_bitmap64(&b, header_size, file_len),
                    Arch::Bits32 => build_bitmap32(&b, header_size, file_len),
                })
            } else if u32_at(&b, 0) == 0x40 && &b[4..8] == b"RDMP" && &b[8..12] == b"DUMP" {
                Ok(build_ranges(&b, header_size, file_len, h.dump_type))
            } else {
                Ok(match h.dump_type {
                    DumpType::Other | DumpType::Automatic => none(),
                    _ => invalid(
                        "bitmap/RDMP header",
                        header_size,
                        format!("no 'SDMP'/'FDMP'/'RDMP' header (found {:02x?})", &b[0..12]),
                    ),
                })
            }
        }
    }
}

fn build_runs(h: &KernelHeader, header_size: u64) -> Built {
    let Some(pmb) = &h.physical_memory else {
        return none();
    };
    if pmb.runs_overflow_buffer {
        return invalid(
            "PhysicalMemoryBlock",
            if h.arch == Arch::Bits64 { 0x88 } else { 0x64 },
            format!(
                "NumberOfRuns {} exceeds what the header buffer holds",
                pmb.number_of_runs
            ),
        );
    }
    let mut runs = Vec::with_capacity(pmb.runs.len());
    let mut offset = header_size;
    let mut total: u64 = 0;
    for (i, r) in pmb.runs.iter().enumerate() {
        let bytes = r.page_count.checked_mul(PAGE);
        let end_pfn = r.base_page.checked_add(r.page_count);
        let (Some(bytes), Some(end_pfn)) = (bytes, end_pfn) else {
            return invalid(
                "PhysicalMemoryBlock",
                0x88,
                format!(
                    "run {i} overflows (base {:#x}, count {:#x})",
                    r.base_page, r.page_count
                ),
            );
        };
        if end_pfn > (1u64 << 52) / PAGE {
            return invalid(
                "PhysicalMemoryBlock",
                0x88,
                format!("run {i} goes past the 52-bit physical address space"),
            );
        }
        if r.page_count > 0 {
            runs.push((r.base_page, r.page_count, offset));
        }
        let Some(next) = offset.checked_add(bytes) else {
            return invalid("PhysicalMemoryBlock", 0x88, "runs overflow the file offset");
        };
        offset = next;
        total += r.page_count;
    }
    runs.sort_by_key(|r| r.0);
    for w in runs.windows(2) {
        if w[0].0 + w[0].1 > w[1].0 {
            return invalid(
                "PhysicalMemoryBlock",
                0x88,
                format!("runs overlap at page {:#x}", w[1].0),
            );
        }
    }
    let mut warnings = Vec::new();
    if pmb.number_of_pages != total {
        warnings.push(Warning::PageCountMismatch {
            declared: pmb.number_of_pages,
            sum_of_runs: total,
        });
    }
    Built {
        info: PhysicalLayoutInfo::Runs {
            runs: runs.len(),
            pages: total,
            first_page_offset: header_size,
        },
        layout: Layout::Runs(RunsLayout { runs }),
        expected_len: Some(offset),
        warnings,
    }
}

fn text(b: &[u8]) -> String {
    crate::bytes::ascii_z(b, 0, b.len())
}

fn bitmap_common(
    signature: String,
    header_offset: u64,
    bitmap_offset: u64,
    first_page: u64,
    present: u64,
    bits: u64,
    file_len: u64,
) -> Built {
    let bitmap_bytes = bits.div_ceil(8);
    let Some(bitmap_end) = bitmap_offset.checked_add(bitmap_bytes) else {
        return invalid("bitmap header", header_offset, "bitmap size overflows");
    };
    if bits == 0 {
        return invalid("bitmap header", header_offset, "bitmap has no pages");
    }
    if first_page < bitmap_end || !first_page.is_multiple_of(PAGE) {
        return invalid(
            "bitmap header",
            header_offset,
            format!(
                "FirstPage {first_page:#x} is not a page-aligned offset after the bitmap (ends at {bitmap_end:#x})"
            ),
        );
    }
    if bitmap_end > file_len {
        return invalid(
            "bitmap header",
            header_offset,
            format!(
                "bitmap of {bits} pages ends at {bitmap_end:#x}, past the end of the file ({file_len:#x})"
            ),
        );
    }
    if present > bits {
        return invalid(
            "bitmap header",
            header_offset,
            format!("TotalPresentPages {present} exceeds the bitmap's {bits} pages"),
        );
    }
    let expected_len = present
        .checked_mul(PAGE)
        .and_then(|b| b.checked_add(first_page));
    let Some(expected_len) = expected_len else {
        return invalid("bitmap header", header_offset, "dump size overflows");
    };
    Built {
        info: PhysicalLayoutInfo::Bitmap {
            signature,
            valid_dump: "DUMP".into(),
            header_offset,
            first_page_offset: first_page,
            total_present_pages: present,
            pages: bits,
        },
        layout: Layout::Bitmap(BitmapLayout {
            bitmap_offset,
            bits,
            first_page,
            present_pages: present,
            rank: vec![0],
            cache: None,
            count_warning: None,
        }),
        expected_len: Some(expected_len),
        warnings: Vec::new(),
    }
}

/// 64-bit bitmap header: FirstPage 0x20, TotalPresentPages 0x28, Pages 0x30, bits 0x38.
fn build_bitmap64(b: &[u8], at: u64, file_len: u64) -> Built {
    bitmap_common(
        text(&b[0..4]),
        at,
        at + 0x38,
        u64_at(b, 0x20),
        u64_at(b, 0x28),
        u64_at(b, 0x30),
        file_len,
    )
}

/// 32-bit SUMMARY_DUMP: HeaderSize 0xC (first page), BitmapSize 0x10 (bits),
/// Pages 0x14 (present), RTL_BITMAP at 0x18, bits at 0x20.
fn build_bitmap32(b: &[u8], at: u64, file_len: u64) -> Built {
    bitmap_common(
        text(&b[0..4]),
        at,
        at + 0x20,
        u64::from(u32_at(b, 0x0C)),
        u64::from(u32_at(b, 0x14)),
        u64::from(u32_at(b, 0x10)),
        file_len,
    )
}

/// RDMP header: marker 0x40, 'RDMP', 'DUMP', MetadataSize 0x10, FirstPageOffset
/// 0x18; PFN ranges (pfn u64, count u64) from 0x30 up to the first page (an
/// all-zero range ends the table early). MetadataSize counts the 0x20 bytes
/// before the table too (FirstPageOffset = header + 0x20 + MetadataSize).
fn build_ranges(b: &[u8], at: u64, file_len: u64, dump_type: DumpType) -> Built {
    let metadata_size = u64_at(b, 0x10);
    let first_page = u64_at(b, 0x18);
    let table_offset = at + 0x30;
    if metadata_size < 0x30 || !metadata_size.is_multiple_of(16) {
        return invalid(
            "RDMP header",
            at,
            format!("MetadataSize {metadata_size:#x} is not a multiple of 16 above 0x20"),
        );
    }
    if first_page < table_offset + 16 {
        return invalid(
            "RDMP header",
            at,
            format!("FirstPageOffset {first_page:#x} leaves no room for the range table"),
        );
    }
    let mut count = ((first_page - table_offset) / 16)
        .min(metadata_size / 16)
        .min(MAX_RANGES);
    if dump_type == DumpType::CompleteMemory {
        // The complete variant keeps NumberOfRanges at 0x20.
        let n = u64::from(u32_at(b, 0x20));
        if n > 0 {
            count = count.min(n);
        }
    }
    let table_end = table_offset + count * 16;
    if table_end > file_len {
        return invalid(
            "RDMP header",
            at,
            format!("range table ends at {table_end:#x}, past the end of the file ({file_len:#x})"),
        );
    }
    Built {
        info: PhysicalLayoutInfo::PfnRanges {
            ranges: count,
            first_page_offset: first_page,
        },
        layout: Layout::Ranges(RangesLayout {
            table_offset,
            count,
            first_page,
            index: None,
            cache: None,
            broken: false,
            total_pages: None,
        }),
        // The total needs the whole table; computed lazily, not at open.
        expected_len: None,
        warnings: Vec::new(),
    }
}

impl Layout {
    /// File offset of page `pfn`.
    pub(crate) fn locate<R: Read + Seek>(
        &mut self,
        reader: &mut R,
        file_len: u64,
        pfn: u64,
    ) -> Result<PageLoc, DumpError> {
        match self {
            Layout::None => Ok(PageLoc::NoMemory),
            Layout::Runs(r) => Ok(r.locate(pfn)),
            Layout::Bitmap(b) => b.locate(reader, file_len, pfn),
            Layout::Ranges(r) => r.locate(reader, file_len, pfn),
        }
    }
}

impl RunsLayout {
    fn locate(&self, pfn: u64) -> PageLoc {
        let i = self.runs.partition_point(|r| r.0 <= pfn);
        if i == 0 {
            return PageLoc::NotInDump;
        }
        let (base, count, off) = self.runs[i - 1];
        if pfn - base < count {
            PageLoc::At(off + (pfn - base) * PAGE)
        } else {
            PageLoc::NotInDump
        }
    }
}

impl BitmapLayout {
    fn chunk<R: Read + Seek>(
        &mut self,
        reader: &mut R,
        file_len: u64,
        idx: u64,
    ) -> Result<&[u8], DumpError> {
        if self.cache.as_ref().is_none_or(|c| c.0 != idx) {
            let start = idx * BITMAP_CHUNK;
            let len = (self.bits.div_ceil(8) - start).min(BITMAP_CHUNK);
            let mut buf = vec![0u8; len as usize];
            read_at(
                reader,
                file_len,
                self.bitmap_offset + start,
                &mut buf,
                "page bitmap",
            )?;
            // Mask bits past `bits` in the last byte.
            let end_bit = self.bits - start * 8;
            if end_bit < len * 8 {
                let keep = (end_bit % 8) as u32;
                if let Some(last) = buf.last_mut() {
                    *last &= ((1u16 << keep) - 1) as u8;
                }
            }
            self.cache = Some((idx, buf));
        }
        match &self.cache {
            Some((_, buf)) => Ok(buf),
            None => Ok(&[]),
        }
    }

    fn locate<R: Read + Seek>(
        &mut self,
        reader: &mut R,
        file_len: u64,
        pfn: u64,
    ) -> Result<PageLoc, DumpError> {
        if pfn >= self.bits {
            return Ok(PageLoc::NotInDump);
        }
        let byte = pfn / 8;
        let chunk_idx = byte / BITMAP_CHUNK;
        // Extend the rank index up to this chunk, one chunk at a time.
        while (self.rank.len() as u64) <= chunk_idx {
            let next = self.rank.len() as u64 - 1;
            let ones: u64 = self
                .chunk(reader, file_len, next)?
                .iter()
                .map(|b| u64::from(b.count_ones()))
                .sum();
            let total = self.rank[next as usize] + ones;
            if total > self.present_pages && self.count_warning.is_none() {
                self.count_warning = Some(Warning::BitmapCountMismatch {
                    declared: self.present_pages,
                    counted_at_least: total,
                });
            }
            self.rank.push(total);
        }
        let base_rank = self.rank[chunk_idx as usize];
        let data = self.chunk(reader, file_len, chunk_idx)?;
        let in_chunk = (byte - chunk_idx * BITMAP_CHUNK) as usize;
        let Some(&this) = data.get(in_chunk) else {
            return Ok(PageLoc::NotInDump);
        };
        let bit = (pfn % 8) as u32;
        if this & (1 << bit) == 0 {
            return Ok(PageLoc::NotInDump);
        }
        let before: u64 = data[..in_chunk]
            .iter()
            .map(|b| u64::from(b.count_ones()))
            .sum::<u64>()
            + u64::from((this & ((1u16 << bit) - 1) as u8).count_ones());
        let rank = base_rank + before;
        Ok(
            match rank
                .checked_mul(PAGE)
                .and_then(|o| o.checked_add(self.first_page))
            {
                Some(off) => PageLoc::At(off),
                None => PageLoc::NotInDump,
            },
        )
    }
}

impl RangesLayout {
    fn read_chunk<R: Read + Seek>(
        &mut self,
        reader: &mut R,
        file_len: u64,
        idx: u64,
    ) -> Result<&[u8], DumpError> {
        if self.cache.as_ref().is_none_or(|c| c.0 != idx) {
            let first = idx * RANGE_CHUNK;
            let n = (self.count - first).min(RANGE_CHUNK);
            let mut buf = vec![0u8; (n * 16) as usize];
            read_at(
                reader,
                file_len,
                self.table_offset + first * 16,
                &mut buf,
                "RDMP PFN ranges",
            )?;
            self.cache = Some((idx, buf));
        }
        match &self.cache {
            Some((_, buf)) => Ok(buf),
            None => Ok(&[]),
        }
    }

    fn build_index<R: Read + Seek>(
        &mut self,
        reader: &mut R,
        file_len: u64,
    ) -> Result<(), DumpError> {
        let chunks = self.count.div_ceil(RANGE_CHUNK);
        let mut index = Vec::new();
        let mut pages: u64 = 0;
        let mut last_end: u64 = 0;
        let mut valid: u64 = 0;
        'outer: for c in 0..chunks {
            let data = self.read_chunk(reader, file_len, c)?.to_vec();
            for (k, e) in data.chunks_exact(16).enumerate() {
                let (pfn, n) = (u64_at(e, 0), u64_at(e, 8));
                if pfn == 0 && n == 0 {
                    // An all-zero entry ends the table.
                    break 'outer;
                }
                let Some(end) = pfn.checked_add(n) else {
                    self.broken = true;
                    return Ok(());
                };
                if pfn < last_end {
                    // Ranges must ascend for the binary search.
                    self.broken = true;
                    return Ok(());
                }
                if k == 0 {
                    index.push((pfn, pages));
                }
                last_end = end;
                pages = pages.saturating_add(n);
                valid += 1;
            }
        }
        self.count = valid;
        self.total_pages = Some(pages);
        self.cache = None;
        self.index = Some(index);
        Ok(())
    }

    fn locate<R: Read + Seek>(
        &mut self,
        reader: &mut R,
        file_len: u64,
        pfn: u64,
    ) -> Result<PageLoc, DumpError> {
        if self.index.is_none() && !self.broken {
            self.build_index(reader, file_len)?;
        }
        if self.broken {
            return Ok(PageLoc::NoMemory);
        }
        let Some(index) = &self.index else {
            return Ok(PageLoc::NoMemory);
        };
        let ci = index.partition_point(|e| e.0 <= pfn);
        if ci == 0 {
            return Ok(PageLoc::NotInDump);
        }
        let mut pages = index[ci - 1].1;
        let data = self.read_chunk(reader, file_len, (ci - 1) as u64)?;
        for e in data.chunks_exact(16) {
            let (base, n) = (u64_at(e, 0), u64_at(e, 8));
            if base == 0 && n == 0 {
                break;
            }
            if pfn < base {
                return Ok(PageLoc::NotInDump);
            }
            if pfn - base < n {
                let rank = pages.saturating_add(pfn - base);
                return Ok(
                    match rank
                        .checked_mul(PAGE)
                        .and_then(|o| o.checked_add(self.first_page))
                    {
                        Some(off) => PageLoc::At(off),
                        None => PageLoc::NotInDump,
                    },
                );
            }
            pages = pages.saturating_add(n);
        }
        Ok(PageLoc::NotInDump)
    }
}

impl BitmapLayout {
    /// Take the count warning, if one was raised.
    pub(crate) fn take_warning(&mut self) -> Option<Warning> {
        self.count_warning.take()
    }
}
