//! Kernel crash dumps ('PAGEDU64', 'PAGEDUMP') read lazily from any
//! `Read + Seek`: header decode at open, physical and virtual reads on demand.

use std::collections::HashSet;
use std::io::{Read, Seek};

use serde::Serialize;

use crate::bytes::{read_at, stream_len, u16_at, u32_at, u64_at, utf16_lossy};
use crate::completeness::{Completeness, Warning};
use crate::error::{DumpError, Missing, PagingLevel};
use crate::header::{self, Arch, DumpType, KernelHeader, PAGE_FILLER};
use crate::physmem::{self, Layout, PAGE, PageLoc, PhysicalLayoutInfo};
use crate::tables;
use crate::triage::{self, LoadedModule, TriageDump};

/// How virtual addresses are translated for this dump.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PagingMode {
    /// x64 4-level paging (4 KiB, 2 MiB and 1 GiB pages).
    X64,
    /// x86 PAE 3-level paging (4 KiB and 2 MiB pages).
    X86Pae,
    /// x86 2-level paging (4 KiB and 4 MiB pages).
    X86,
    /// Not supported (e.g. ARM64) or unknown machine.
    Unsupported,
}

/// Result of a virtual-to-physical translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Translation {
    /// Virtual address translated.
    #[serde(serialize_with = "crate::hexser::u64")]
    pub va: u64,
    /// Physical address.
    #[serde(serialize_with = "crate::hexser::u64")]
    pub pa: u64,
    /// Size of the page mapping `va` (0x1000, 0x200000, 0x400000 or 0x40000000).
    pub page_size: u64,
    /// Writable at every level.
    pub writable: bool,
    /// User-accessible at every level.
    pub user: bool,
    /// The final PTE is a Windows transition PTE (not present but the page
    /// still holds the data).
    pub transition: bool,
}

/// An open kernel dump. Holds the reader, the decoded header and a bounded
/// page index; never reads or indexes the whole file.
pub struct KernelDump<R> {
    reader: R,
    file_len: u64,
    header: KernelHeader,
    layout: Layout,
    layout_info: PhysicalLayoutInfo,
    triage: Option<TriageDump>,
    completeness: Completeness,
    paging: PagingMode,
}

impl<R> std::fmt::Debug for KernelDump<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KernelDump")
            .field("header", &self.header)
            .field("layout", &self.layout_info)
            .field("completeness", &self.completeness)
            .finish_non_exhaustive()
    }
}

/// Pointer width of a kernel dump from its first bytes: 'PAGEDU64' or
/// 'PAGEDUMP'; when ValidDump was never written ('PAGE' followed by anything
/// else), the machine type at the 64-bit or 32-bit header offset decides.
pub(crate) fn kernel_arch(head: &[u8]) -> Option<Arch> {
    match head.get(0..8)? {
        b"PAGEDU64" => Some(Arch::Bits64),
        b"PAGEDUMP" => Some(Arch::Bits32),
        s if &s[0..4] == b"PAGE" => {
            if matches!(u32_at(head, header::off64::MACHINE), 0x8664 | 0xAA64) {
                Some(Arch::Bits64)
            } else if u32_at(head, header::off32::MACHINE) == 0x14C {
                Some(Arch::Bits32)
            } else {
                None
            }
        }
        _ => None,
    }
}

fn is_text_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b' ' || b == b'_' || b == b'-'
}

/// Bug check fields holding ASCII text (live-acquisition filler such as
/// "MATT" / "MOONSOLS") instead of a bug check.
fn bugcheck_text(h: &KernelHeader) -> Option<String> {
    let code = h.bugcheck_code.to_le_bytes();
    if h.bugcheck_code == PAGE_FILLER
        || !code.iter().all(|&b| is_text_byte(b))
        || tables::bugcheck_name(h.bugcheck_code).is_some()
    {
        return None;
    }
    let mut parts = vec![String::from_utf8_lossy(&code).into_owned()];
    for p in h.bugcheck_parameters {
        let t: String = p
            .to_le_bytes()
            .iter()
            .filter(|&&b| b != 0)
            .map(|&b| if is_text_byte(b) { b as char } else { '.' })
            .collect();
        if !t.is_empty() {
            parts.push(t);
        }
    }
    Some(parts.join(" "))
}

impl<R: Read + Seek> KernelDump<R> {
    /// Open a kernel dump: reads the header (0x2000 / 0x1000 bytes) and the
    /// fixed-size structures that describe the pages; nothing proportional to
    /// the dump's size. Problems that leave the header usable are reported in
    /// [`KernelDump::completeness`], not as errors.
    pub fn open(mut reader: R) -> Result<Self, DumpError> {
        let file_len = stream_len(&mut reader)?;
        let n = file_len.min(header::HEADER64_SIZE) as usize;
        let mut head = vec![0u8; n];
        read_at(&mut reader, file_len, 0, &mut head, "DUMP_HEADER")?;
        let Some(arch) = kernel_arch(&head) else {
            return Err(DumpError::UnknownSignature {
                found: head.iter().take(8).copied().collect(),
            });
        };
        let min_len = match arch {
            Arch::Bits64 => header::off64::MIN_LEN,
            Arch::Bits32 => header::off32::MIN_LEN,
        };
        if head.len() < min_len {
            return Err(DumpError::Truncated {
                structure: "DUMP_HEADER bug check fields",
                offset: 0,
                needed: min_len as u64,
                file_len,
            });
        }
        let header_size = match arch {
            Arch::Bits64 => header::HEADER64_SIZE,
            Arch::Bits32 => header::HEADER32_SIZE,
        };
        head.truncate(header_size as usize);
        let header = header::parse(&head, arch);
        let mut warnings = Vec::new();
        if file_len < header_size {
            warnings.push(Warning::HeaderTruncated {
                file_len,
                header_size,
            });
        }
        if !header.valid_dump_ok {
            warnings.push(Warning::ValidDumpNotSet {
                found: header.valid_dump.clone(),
            });
        }
        let unwritten = header.bugcheck_code == PAGE_FILLER
            || (header.bugcheck_code == 0 && header.bugcheck_parameters.iter().all(|&p| p == 0));
        if unwritten {
            warnings.push(Warning::BugcheckNotWritten);
        } else if let Some(text) = bugcheck_text(&header) {
            warnings.push(Warning::BugcheckFieldsAreText { text });
        }
        if header.dump_type == DumpType::Other {
            warnings.push(Warning::UnknownDumpType {
                raw: header.dump_type_raw,
            });
        }

        let built = physmem::build(&mut reader, file_len, &header)?;
        warnings.extend(built.warnings);
        let mut expected_len = built.expected_len;

        let triage = if header.dump_type == DumpType::Triage {
            let t = triage::parse(&mut reader, file_len, arch, &mut warnings)?;
            if let Some(t) = &t {
                // The dump proper ends after the 'DGRT' marker; secondary data may follow.
                let end = u64::from(t.header.valid_offset) + 4;
                expected_len = Some(end.max(u64::from(t.header.size_of_dump)));
            }
            t
        } else {
            None
        };
        if expected_len.is_none()
            && matches!(built.info, PhysicalLayoutInfo::PfnRanges { .. })
            && header.required_dump_space > 0
        {
            expected_len = Some(header.required_dump_space);
        }
        if let Some(layout_len) = built.expected_len {
            let rds = header.required_dump_space;
            if rds != 0 && rds != layout_len {
                warnings.push(Warning::RequiredDumpSpaceMismatch {
                    required_dump_space: rds,
                    layout_len,
                });
            }
        }
        let truncated = expected_len.is_some_and(|e| e > file_len);
        if let Some(e) = expected_len {
            if e > file_len {
                warnings.push(Warning::Truncated {
                    expected_len: e,
                    file_len,
                });
            } else if e < file_len && triage.is_none() {
                warnings.push(Warning::TrailingData {
                    expected_len: e,
                    file_len,
                });
            }
        }
        let paging = match (arch, header.machine_image_type) {
            (Arch::Bits64, 0x8664) => PagingMode::X64,
            (Arch::Bits32, 0x14C) if header.pae_enabled == Some(true) => PagingMode::X86Pae,
            (Arch::Bits32, 0x14C) => PagingMode::X86,
            _ => PagingMode::Unsupported,
        };
        let has_physical_memory = !matches!(built.layout, Layout::None);
        let completeness = Completeness {
            file_len,
            expected_len,
            truncated: truncated || file_len < header_size,
            header_complete: header.valid_dump_ok
                && !unwritten
                && file_len >= header_size
                && !warnings
                    .iter()
                    .any(|w| matches!(w, Warning::BugcheckFieldsAreText { .. })),
            has_physical_memory,
            warnings,
        };
        Ok(KernelDump {
            reader,
            file_len,
            header,
            layout: built.layout,
            layout_info: built.info,
            triage,
            completeness,
            paging,
        })
    }

    /// The decoded header.
    pub fn header(&self) -> &KernelHeader {
        &self.header
    }

    /// How physical pages are laid out in the file.
    pub fn layout(&self) -> &PhysicalLayoutInfo {
        &self.layout_info
    }

    /// The triage part, for DumpType 4.
    pub fn triage(&self) -> Option<&TriageDump> {
        self.triage.as_ref()
    }

    /// Completeness flags and warnings (including those raised by reads so far).
    pub fn completeness(&self) -> &Completeness {
        &self.completeness
    }

    /// The paging mode used by [`KernelDump::translate`].
    pub fn paging_mode(&self) -> PagingMode {
        self.paging
    }

    /// Length of the underlying stream.
    pub fn file_len(&self) -> u64 {
        self.file_len
    }

    /// Give the reader back.
    pub fn into_inner(self) -> R {
        self.reader
    }

    fn note_layout_warnings(&mut self) {
        if let Layout::Bitmap(b) = &mut self.layout
            && let Some(w) = b.take_warning()
        {
            self.completeness.warnings.push(w);
        }
    }

    /// Read physical memory at `pa` into `buf`. Reads may start anywhere and
    /// span any number of pages; each page is located separately. On
    /// [`DumpError::MemoryMissing`], the first `read` bytes of `buf` are valid.
    pub fn read_physical(&mut self, pa: u64, buf: &mut [u8]) -> Result<(), DumpError> {
        let mut done = 0usize;
        while done < buf.len() {
            let Some(cur) = pa.checked_add(done as u64) else {
                return Err(DumpError::MemoryMissing {
                    at: pa,
                    read: done,
                    reason: Missing::AddressOverflow { at: pa },
                });
            };
            let in_page = cur % PAGE;
            let n = ((PAGE - in_page) as usize).min(buf.len() - done);
            let loc = self
                .layout
                .locate(&mut self.reader, self.file_len, cur / PAGE);
            self.note_layout_warnings();
            let missing = |reason| DumpError::MemoryMissing {
                at: cur,
                read: done,
                reason,
            };
            match loc? {
                PageLoc::At(page_off) => {
                    let off = page_off.saturating_add(in_page);
                    if off
                        .checked_add(n as u64)
                        .is_none_or(|end| end > self.file_len)
                    {
                        return Err(missing(Missing::BeyondFileEnd {
                            pa: cur,
                            file_offset: off,
                        }));
                    }
                    read_at(
                        &mut self.reader,
                        self.file_len,
                        off,
                        &mut buf[done..done + n],
                        "physical page",
                    )?;
                }
                PageLoc::NotInDump => return Err(missing(Missing::NotInDump { pa: cur })),
                PageLoc::NoMemory => return Err(missing(Missing::NoPhysicalMemory)),
            }
            done += n;
        }
        Ok(())
    }

    fn read_entry(&mut self, va: u64, pa: u64, wide: bool) -> Result<u64, DumpError> {
        let mut b = [0u8; 8];
        let len = if wide { 8 } else { 4 };
        self.read_physical(pa, &mut b[..len]).map_err(|e| match e {
            DumpError::MemoryMissing { reason, .. } => DumpError::MemoryMissing {
                at: va,
                read: 0,
                reason,
            },
            e => e,
        })?;
        Ok(u64::from_le_bytes(b))
    }

    /// Translate `va` with the header's DirectoryTableBase.
    pub fn translate(&mut self, va: u64) -> Result<Translation, DumpError> {
        let dtb = self.header.directory_table_base;
        self.translate_with_dtb(va, dtb)
    }

    /// Translate `va` with page tables rooted at `dtb` (CR3). The walk is
    /// bounded (at most 4 entry reads), so looping page tables cannot hang it.
    pub fn translate_with_dtb(&mut self, va: u64, dtb: u64) -> Result<Translation, DumpError> {
        let unmapped = |level, entry| DumpError::MemoryMissing {
            at: va,
            read: 0,
            reason: Missing::NotMapped { va, level, entry },
        };
        let non_canonical = DumpError::MemoryMissing {
            at: va,
            read: 0,
            reason: Missing::NonCanonical { va },
        };
        match self.paging {
            PagingMode::X64 => {
                let top = (va as i64) >> 47;
                if top != 0 && top != -1 {
                    return Err(non_canonical);
                }
                const FRAME: u64 = 0x000F_FFFF_FFFF_F000;
                let levels = [
                    (PagingLevel::Pml4, 39u32),
                    (PagingLevel::Pdpt, 30),
                    (PagingLevel::Pd, 21),
                    (PagingLevel::Pt, 12),
                ];
                let mut table = dtb & FRAME;
                let (mut w, mut u) = (true, true);
                for (level, shift) in levels {
                    let idx = (va >> shift) & 0x1FF;
                    let e = self.read_entry(va, table + idx * 8, true)?;
                    let present = e & 1 != 0;
                    let transition = !present && level == PagingLevel::Pt && is_transition(e);
                    if !present && !transition {
                        return Err(unmapped(level, e));
                    }
                    w &= e & 2 != 0;
                    u &= e & 4 != 0;
                    let large = present && e & 0x80 != 0;
                    if large && level == PagingLevel::Pml4 {
                        // PS is reserved in a PML4E.
                        return Err(unmapped(level, e));
                    }
                    if large || level == PagingLevel::Pt {
                        let size = 1u64 << shift;
                        return Ok(Translation {
                            va,
                            pa: (e & FRAME & !(size - 1)) | (va & (size - 1)),
                            page_size: size,
                            writable: w,
                            user: u,
                            transition,
                        });
                    }
                    table = e & FRAME;
                }
                Err(unmapped(PagingLevel::Pt, 0))
            }
            PagingMode::X86Pae => {
                if va > u64::from(u32::MAX) {
                    return Err(non_canonical);
                }
                const FRAME: u64 = 0x000F_FFFF_FFFF_F000;
                let pdpte =
                    self.read_entry(va, (dtb & 0xFFFF_FFE0) + ((va >> 30) & 3) * 8, true)?;
                if pdpte & 1 == 0 {
                    return Err(unmapped(PagingLevel::Pdpt, pdpte));
                }
                let pde = self.read_entry(va, (pdpte & FRAME) + ((va >> 21) & 0x1FF) * 8, true)?;
                if pde & 1 == 0 {
                    return Err(unmapped(PagingLevel::Pd, pde));
                }
                if pde & 0x80 != 0 {
                    return Ok(Translation {
                        va,
                        pa: (pde & FRAME & !0x1F_FFFF) | (va & 0x1F_FFFF),
                        page_size: 0x20_0000,
                        writable: pde & 2 != 0,
                        user: pde & 4 != 0,
                        transition: false,
                    });
                }
                let pte = self.read_entry(va, (pde & FRAME) + ((va >> 12) & 0x1FF) * 8, true)?;
                let transition = pte & 1 == 0 && is_transition(pte);
                if pte & 1 == 0 && !transition {
                    return Err(unmapped(PagingLevel::Pt, pte));
                }
                Ok(Translation {
                    va,
                    pa: (pte & FRAME) | (va & 0xFFF),
                    page_size: PAGE,
                    writable: pde & pte & 2 != 0,
                    user: pde & pte & 4 != 0,
                    transition,
                })
            }
            PagingMode::X86 => {
                if va > u64::from(u32::MAX) {
                    return Err(non_canonical);
                }
                let pde =
                    self.read_entry(va, (dtb & 0xFFFF_F000) + ((va >> 22) & 0x3FF) * 4, false)?;
                if pde & 1 == 0 {
                    return Err(unmapped(PagingLevel::Pd, pde));
                }
                if pde & 0x80 != 0 {
                    // 4 MiB page; PSE-36 bits 13..16 give physical bits 32..35.
                    let high = ((pde >> 13) & 0xF) << 32;
                    return Ok(Translation {
                        va,
                        pa: high | (pde & 0xFFC0_0000) | (va & 0x3F_FFFF),
                        page_size: 0x40_0000,
                        writable: pde & 2 != 0,
                        user: pde & 4 != 0,
                        transition: false,
                    });
                }
                let pte =
                    self.read_entry(va, (pde & 0xFFFF_F000) + ((va >> 12) & 0x3FF) * 4, false)?;
                let transition = pte & 1 == 0 && is_transition(pte);
                if pte & 1 == 0 && !transition {
                    return Err(unmapped(PagingLevel::Pt, pte));
                }
                Ok(Translation {
                    va,
                    pa: (pte & 0xFFFF_F000) | (va & 0xFFF),
                    page_size: PAGE,
                    writable: pde & pte & 2 != 0,
                    user: pde & pte & 4 != 0,
                    transition,
                })
            }
            PagingMode::Unsupported => Err(DumpError::MemoryMissing {
                at: va,
                read: 0,
                reason: Missing::NoPhysicalMemory,
            }),
        }
    }

    /// Read virtual memory. Triage dumps serve it from their captured blocks;
    /// other dumps translate each page through the page tables. On
    /// [`DumpError::MemoryMissing`], the first `read` bytes of `buf` are valid.
    pub fn read_virtual(&mut self, va: u64, buf: &mut [u8]) -> Result<(), DumpError> {
        let mut done = 0usize;
        while done < buf.len() {
            let Some(cur) = va.checked_add(done as u64) else {
                return Err(DumpError::MemoryMissing {
                    at: va,
                    read: done,
                    reason: Missing::AddressOverflow { at: va },
                });
            };
            let rest = buf.len() - done;
            if let Some(t) = &self.triage {
                let Some(b) = t.block_for(cur).copied() else {
                    return Err(DumpError::MemoryMissing {
                        at: cur,
                        read: done,
                        reason: Missing::NotCaptured { va: cur },
                    });
                };
                let skip = cur - b.address;
                let n = ((u64::from(b.size) - skip) as usize).min(rest);
                read_at(
                    &mut self.reader,
                    self.file_len,
                    u64::from(b.offset) + skip,
                    &mut buf[done..done + n],
                    "triage data block",
                )?;
                done += n;
                continue;
            }
            let t = self.translate(cur).map_err(|e| match e {
                DumpError::MemoryMissing { reason, .. } => DumpError::MemoryMissing {
                    at: cur,
                    read: done,
                    reason,
                },
                e => e,
            })?;
            let in_page = cur & (t.page_size - 1);
            let n = ((t.page_size - in_page) as usize).min(rest);
            self.read_physical(t.pa, &mut buf[done..done + n])
                .map_err(|e| match e {
                    DumpError::MemoryMissing { read, reason, .. } => DumpError::MemoryMissing {
                        at: cur + read as u64,
                        read: done + read,
                        reason,
                    },
                    e => e,
                })?;
            done += n;
        }
        Ok(())
    }

    /// Pointer size of the dumped system.
    pub fn pointer_size(&self) -> usize {
        match self.header.arch {
            Arch::Bits64 => 8,
            Arch::Bits32 => 4,
        }
    }

    /// Read a pointer-sized value at `va`.
    pub fn read_pointer(&mut self, va: u64) -> Result<u64, DumpError> {
        let mut b = [0u8; 8];
        let n = self.pointer_size();
        self.read_virtual(va, &mut b[..n])?;
        Ok(u64::from_le_bytes(b))
    }

    /// Read a `UNICODE_STRING` structure at `va` and the text it points to
    /// (at most `max_bytes` bytes of text).
    pub fn read_unicode_string(&mut self, va: u64, max_bytes: u16) -> Result<String, DumpError> {
        let ps = self.pointer_size();
        let mut s = [0u8; 16];
        let len = if ps == 8 { 16 } else { 8 };
        self.read_virtual(va, &mut s[..len])?;
        let length = u16_at(&s, 0);
        let buffer = if ps == 8 {
            u64_at(&s, 8)
        } else {
            u64::from(u32_at(&s, 4))
        };
        let n = usize::from(length.min(max_bytes) & !1);
        let mut text = vec![0u8; n];
        self.read_virtual(buffer, &mut text)?;
        Ok(utf16_lossy(&text))
    }

    /// Walk PsLoadedModuleList (full, bitmap and RDMP dumps) or return the
    /// triage driver list. The walk stops after `max` entries, on a repeated
    /// entry, or on unreadable memory (reported as a warning).
    pub fn loaded_modules(&mut self, max: usize) -> (Vec<LoadedModule>, Option<Warning>) {
        if let Some(t) = &self.triage {
            return (t.drivers.clone(), None);
        }
        let head = self.header.ps_loaded_module_list;
        if head == 0 || !self.completeness.has_physical_memory {
            return (Vec::new(), None);
        }
        let wide = self.pointer_size() == 8;
        // LDR_DATA_TABLE_ENTRY: DllBase, SizeOfImage, BaseDllName offsets.
        let (dll_base, size_of_image, base_name) = if wide {
            (0x30, 0x40, 0x58)
        } else {
            (0x18, 0x20, 0x2C)
        };
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        let stop = |reason: String| Some(Warning::ModuleListIncomplete { reason });
        let mut entry = match self.read_pointer(head) {
            Ok(p) => p,
            Err(e) => return (out, stop(format!("list head unreadable: {e}"))),
        };
        while entry != head {
            if out.len() >= max {
                return (out, stop(format!("more than {max} entries")));
            }
            if !seen.insert(entry) {
                return (
                    out,
                    stop(format!("entry {entry:#x} repeats: the list loops")),
                );
            }
            let mut e = [0u8; 0x68];
            let n = if wide { 0x68 } else { 0x34 };
            if let Err(err) = self.read_virtual(entry, &mut e[..n]) {
                return (out, stop(format!("entry {entry:#x} unreadable: {err}")));
            }
            let base = if wide {
                u64_at(&e, dll_base)
            } else {
                u64::from(u32_at(&e, dll_base))
            };
            let name = self
                .read_unicode_string(entry.wrapping_add(base_name as u64), 512)
                .unwrap_or_default();
            out.push(LoadedModule {
                name,
                base,
                size: u32_at(&e, size_of_image),
                timestamp: None,
            });
            entry = if wide {
                u64_at(&e, 0)
            } else {
                u64::from(u32_at(&e, 0))
            };
        }
        (out, None)
    }
}

/// A Windows transition PTE: not present, Transition (bit 11) set,
/// Prototype (bit 10) clear.
fn is_transition(e: u64) -> bool {
    e & (1 << 11) != 0 && e & (1 << 10) == 0
}
