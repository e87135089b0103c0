//! Synthesized dumps (vmrescue-dump-synth): full, bitmap, 32-bit, virtual
//! translation, page-spanning reads, 0xC000021A, big sparse dumps, page files.

mod common;

use std::fs::File;
use std::io::{Cursor, Read, Seek, SeekFrom, Write};

use vmrescue_dump::bugcheck::{ProcessNameSource, StringEncoding};
use vmrescue_dump::{
    DumpReport, DumpType, KernelDump, Missing, PagingMode, PhysicalLayoutInfo, Warning, analyze,
    detect_in_pagefile, extract_from_pagefile,
};
use vmrescue_dump_synth::{
    C000021A_STRING_VA, KernelDumpSpec, PAGE, PageLayout, PageTables32, PageTables64,
    PageTablesPae, Target, c000021a_x64, default_runs, unicode_string32,
};

fn open(spec: &KernelDumpSpec) -> KernelDump<Cursor<Vec<u8>>> {
    KernelDump::open(Cursor::new(spec.to_vec())).unwrap()
}

/// Fill pages with patterns, then compare every (pa, len) read against the spec.
fn check_phys(
    dump: &mut KernelDump<Cursor<Vec<u8>>>,
    spec: &KernelDumpSpec,
    reads: &[(u64, usize)],
) {
    for &(pa, len) in reads {
        let mut b = vec![0u8; len];
        dump.read_physical(pa, &mut b)
            .unwrap_or_else(|e| panic!("read {pa:#x}+{len:#x}: {e}"));
        assert_eq!(b, spec.read_phys(pa, len), "bytes at {pa:#x}+{len:#x}");
    }
}

fn patterned(mut spec: KernelDumpSpec, pfns: impl Iterator<Item = u64>) -> KernelDumpSpec {
    for pfn in pfns {
        spec.fill_pattern(pfn * PAGE, 0xA5A5_0000_0000_0000);
    }
    spec
}

#[test]
fn full_dump_header_and_spanning_reads() {
    let layout = PageLayout::Runs(vec![(0x10, 0x20), (0x100, 0x8), (0x1A0, 0x20)]);
    let mut spec = KernelDumpSpec::new(Target::X64, layout);
    spec.bugcheck_code = 0xD1;
    spec.parameters = [0x10, 0x2, 0x0, 0xFFFF_F800_1122_3344];
    spec.number_processors = 8;
    let spec = patterned(spec, (0x10..0x30).chain(0x100..0x108).chain(0x1A0..0x1C0));
    let mut dump = open(&spec);
    let h = dump.header();
    assert_eq!(h.dump_type, DumpType::Full);
    assert_eq!(h.bugcheck_code, 0xD1);
    assert_eq!(
        h.bugcheck_parameters,
        [0x10, 0x2, 0x0, 0xFFFF_F800_1122_3344]
    );
    assert_eq!(h.number_processors, 8);
    assert_eq!(h.comment.as_deref(), Some("vmrescue-dump-synth test"));
    assert!(
        dump.completeness().warnings.is_empty(),
        "{:?}",
        dump.completeness()
    );
    assert_eq!(dump.completeness().expected_len, Some(spec.file_len()));
    assert!(matches!(
        dump.layout(),
        PhysicalLayoutInfo::Runs {
            runs: 3,
            pages: 0x48,
            ..
        }
    ));
    check_phys(
        &mut dump,
        &spec,
        &[
            (0x10000, 0x1000),
            // Mid-page start spanning 3 and more pages (the kdmp-parser bug).
            (0x1A7800, 0x2000),
            (0x1A7800, 0x3000),
            (0x10FF0, 0x30),
            (0x11F00, 0x201),
            (0x1A0010, 0x5FF0),
            // Across two runs that are adjacent in the file but not in memory.
            (0x2F800, 0x800),
        ],
    );
    let mut b = [0u8; 0x20];
    // Straddling the end of run 1 into a hole: partial read reported.
    let e = dump.read_physical(0x2FFF0, &mut b).unwrap_err();
    match e {
        vmrescue_dump::DumpError::MemoryMissing { at, read, reason } => {
            assert_eq!((at, read), (0x30000, 0x10));
            assert_eq!(reason, Missing::NotInDump { pa: 0x30000 });
        }
        e => panic!("{e}"),
    }
    assert_eq!(b[..0x10], spec.read_phys(0x2FFF0, 0x10)[..]);
}

#[test]
fn bitmap_dumps_sdmp_and_fdmp() {
    for sig in [*b"SDMP", *b"FDMP"] {
        let present = vec![(0x3, 0x5), (0x10, 0x1), (0x1A0, 0x30), (0x3FF, 0x1)];
        let layout = PageLayout::Bitmap {
            signature: sig,
            pages: 0x400,
            present: present.clone(),
        };
        let mut spec = KernelDumpSpec::new(Target::X64, layout);
        spec.bugcheck_code = 0x7E;
        spec.parameters = [0xFFFF_FFFF_C000_0005, 0xFFFF_F800_1234_5678, 1, 2];
        let spec = patterned(spec, present.iter().flat_map(|&(b, c)| b..b + c));
        let mut dump = open(&spec);
        assert_eq!(dump.header().dump_type, DumpType::Bitmap);
        match dump.layout() {
            PhysicalLayoutInfo::Bitmap {
                signature,
                total_present_pages,
                pages,
                ..
            } => {
                assert_eq!(signature.as_bytes(), &sig);
                assert_eq!(*total_present_pages, 0x37);
                assert_eq!(*pages, 0x400);
            }
            other => panic!("{other:?}"),
        }
        assert!(
            dump.completeness().warnings.is_empty(),
            "{:?}",
            dump.completeness()
        );
        check_phys(
            &mut dump,
            &spec,
            &[
                (0x3000, 0x5000),
                (0x10000, 0x1000),
                (0x1A7800, 0x3000),
                (0x3FF000, 0x1000),
            ],
        );
        let mut b = [0u8; 8];
        assert_eq!(
            dump.read_physical(0x8000, &mut b).unwrap_err().missing(),
            Some(&Missing::NotInDump { pa: 0x8000 })
        );
        assert_eq!(
            dump.read_physical(0x400000, &mut b).unwrap_err().missing(),
            Some(&Missing::NotInDump { pa: 0x400000 })
        );
    }
}

#[test]
fn rdmp_pfn_ranges() {
    for complete in [false, true] {
        let ranges = vec![(1, 0x1FF), (0x600, 0x200), (0x1000, 0x10)];
        let spec = c000021a_x64(
            PageLayout::PfnRanges {
                complete,
                ranges: ranges.clone(),
            },
            "Windows SubSystem",
        );
        let spec = patterned(spec, (0x1000..0x1010).chain(0x7F0..0x800));
        let mut dump = open(&spec);
        let want = if complete {
            DumpType::CompleteMemory
        } else {
            DumpType::KernelMemory
        };
        assert_eq!(dump.header().dump_type, want);
        assert!(
            matches!(dump.layout(), PhysicalLayoutInfo::PfnRanges { .. }),
            "{:?}",
            dump.layout()
        );
        assert!(
            dump.completeness().warnings.is_empty(),
            "{:?}",
            dump.completeness()
        );
        check_phys(
            &mut dump,
            &spec,
            &[(0x7F0800, 0x3000), (0x1000000, 0x10000), (0x1AD000, 8)],
        );
        let mut b = [0u8; 8];
        assert_eq!(
            dump.read_physical(0, &mut b).unwrap_err().missing(),
            Some(&Missing::NotInDump { pa: 0 })
        );
        let DumpReport::Kernel(k) = analyze(Cursor::new(spec.to_vec())).unwrap() else {
            panic!()
        };
        assert_eq!(k.bugcheck.bucket_id, "0xc000021a_csrss.exe_c0000142");
    }
}

#[test]
fn x64_translation_4k_2m_1g() {
    let layout = PageLayout::Runs(vec![(0, 0x300), (0x40000, 0x10)]);
    let mut spec = KernelDumpSpec::new(Target::X64, layout);
    let mut pt = PageTables64::new(&mut spec, 0x1AD000, 0x1AE000);
    pt.map_4k(&mut spec, 0xFFFF_F780_0000_0000, 0x1A0000);
    pt.map_4k(&mut spec, 0xFFFF_F780_0000_1000, 0x1A7000);
    pt.map_4k(&mut spec, 0xFFFF_F780_0000_2000, 0x1A8000);
    pt.map_4k(&mut spec, 0xFFFF_F780_0000_3000, 0x5000_0000); // not in the dump
    pt.map_2m(&mut spec, 0xFFFF_F780_0020_0000, 0x200000);
    pt.map_1g(&mut spec, 0xFFFF_F7C0_0000_0000, 0x4000_0000);
    let spec = patterned(
        spec,
        (0x1A0..0x1AD).chain(0x200..0x300).chain(0x40000..0x40010),
    );
    let mut dump = open(&spec);
    assert_eq!(dump.paging_mode(), PagingMode::X64);
    let t = dump.translate(0xFFFF_F780_0000_0123).unwrap();
    assert_eq!((t.pa, t.page_size), (0x1A0123, 0x1000));
    let t = dump.translate(0xFFFF_F780_0023_4567).unwrap();
    assert_eq!((t.pa, t.page_size), (0x234567, 0x20_0000));
    let t = dump.translate(0xFFFF_F7C0_0001_2345).unwrap();
    assert_eq!((t.pa, t.page_size), (0x4001_2345, 0x4000_0000));
    // Virtual read spanning 2 separate 4 KiB pages.
    let mut b = vec![0u8; 0x20];
    dump.read_virtual(0xFFFF_F780_0000_1FF0, &mut b).unwrap();
    assert_eq!(b[..0x10], spec.read_phys(0x1A7FF0, 0x10)[..]);
    assert_eq!(b[0x10..], spec.read_phys(0x1A8000, 0x10)[..]);
    // Through the 2 MiB page, mid-page start spanning 3+ 4 KiB frames.
    let mut b = vec![0u8; 0x2800];
    dump.read_virtual(0xFFFF_F780_002A_7800, &mut b).unwrap();
    assert_eq!(b, spec.read_phys(0x2A7800, 0x2800));
    // Through the 1 GiB page.
    let mut b = vec![0u8; 0x1800];
    dump.read_virtual(0xFFFF_F7C0_0000_0800, &mut b).unwrap();
    assert_eq!(b, spec.read_phys(0x4000_0800, 0x1800));
    // Mapped but not in the dump, unmapped, non-canonical.
    let mut b = [0u8; 8];
    let e = dump
        .read_virtual(0xFFFF_F780_0000_3000, &mut b)
        .unwrap_err();
    assert_eq!(e.missing(), Some(&Missing::NotInDump { pa: 0x5000_0000 }));
    let e = dump
        .read_virtual(0xFFFF_F780_0000_4000, &mut b)
        .unwrap_err();
    assert!(matches!(
        e.missing(),
        Some(Missing::NotMapped {
            level: vmrescue_dump::PagingLevel::Pt,
            ..
        })
    ));
    let e = dump.read_virtual(0x1000, &mut b).unwrap_err();
    assert!(matches!(
        e.missing(),
        Some(Missing::NotMapped {
            level: vmrescue_dump::PagingLevel::Pml4,
            ..
        })
    ));
    let e = dump
        .read_virtual(0x0000_8000_0000_0000, &mut b)
        .unwrap_err();
    assert!(matches!(e.missing(), Some(Missing::NonCanonical { .. })));
}

#[test]
fn c000021a_arg1_through_large_page() {
    for layout in [
        default_runs(),
        PageLayout::Bitmap {
            signature: *b"SDMP",
            pages: 0x1000,
            present: vec![(0, 0x200), (0x600, 0x200)],
        },
    ] {
        let spec = c000021a_x64(layout, "Windows SubSystem");
        let report = analyze(Cursor::new(spec.to_vec())).unwrap();
        let DumpReport::Kernel(k) = report else {
            panic!()
        };
        let bc = &k.bugcheck;
        assert_eq!(bc.code, 0xC000_021A);
        assert_eq!(bc.name.as_deref(), Some("WINLOGON_FATAL_ERROR"));
        assert_eq!(bc.parameters[0].value, C000021A_STRING_VA);
        let st = bc.status.as_ref().unwrap();
        assert_eq!(
            (st.code, st.name),
            (0xC000_0142, Some("STATUS_DLL_INIT_FAILED"))
        );
        let p = bc.process.as_ref().unwrap();
        assert_eq!(p.text.as_deref(), Some("Windows SubSystem"));
        assert_eq!(p.image_name.as_deref(), Some("csrss.exe"));
        assert_eq!(
            p.source,
            Some(ProcessNameSource::Arg1String {
                encoding: StringEncoding::UnicodeString
            })
        );
        assert_eq!(bc.bucket_id, "0xc000021a_csrss.exe_c0000142");
    }
    // The string's page missing from the dump: reported, not a crash.
    let spec = c000021a_x64(PageLayout::Runs(vec![(0, 0x200)]), "Windows SubSystem");
    let DumpReport::Kernel(k) = analyze(Cursor::new(spec.to_vec())).unwrap() else {
        panic!()
    };
    let p = k.bugcheck.process.as_ref().unwrap();
    assert!(p.text.is_none());
    assert!(
        p.not_decoded.as_deref().unwrap().contains("not available"),
        "{p:?}"
    );
    assert_eq!(k.bugcheck.bucket_id, "0xc000021a_unknown_c0000142");
}

#[test]
fn winlogon_ascii_arg1() {
    // Arg1 pointing straight at ASCII text (as some !analyze output shows).
    let mut spec = KernelDumpSpec::new(Target::X64, default_runs());
    let mut pt = PageTables64::new(&mut spec, 0x1AD000, 0x1AE000);
    pt.map_4k(&mut spec, 0xFFFF_F800_0000_0000, 0x1A0000);
    spec.write_phys(0x1A0100, b"Windows Logon Process\0");
    spec.bugcheck_code = 0xC000_021A;
    spec.parameters = [0xFFFF_F800_0000_0100, 0xFFFF_FFFF_C000_0034, 0, 0];
    let DumpReport::Kernel(k) = analyze(Cursor::new(spec.to_vec())).unwrap() else {
        panic!()
    };
    let p = k.bugcheck.process.as_ref().unwrap();
    assert_eq!(p.text.as_deref(), Some("Windows Logon Process"));
    assert_eq!(k.bugcheck.bucket_id, "0xc000021a_winlogon.exe_c0000034");
}

#[test]
fn critical_process_died_eprocess_name() {
    let mut spec = KernelDumpSpec::new(Target::X64, default_runs());
    let mut pt = PageTables64::new(&mut spec, 0x1AD000, 0x1AE000);
    let eprocess = 0xFFFF_C000_0000_0080u64;
    pt.map_4k(&mut spec, eprocess & !0xFFF, 0x1A0000);
    spec.write_phys(0x1A0080 + 0x5A8, b"csrss.exe\0\0\0\0\0\0");
    spec.bugcheck_code = 0xEF;
    spec.parameters = [eprocess, 0, 0, 0];
    spec.minor_version = 19045;
    let DumpReport::Kernel(k) = analyze(Cursor::new(spec.to_vec())).unwrap() else {
        panic!()
    };
    assert_eq!(k.bugcheck.name.as_deref(), Some("CRITICAL_PROCESS_DIED"));
    let p = k.bugcheck.process.as_ref().unwrap();
    assert_eq!(p.image_name.as_deref(), Some("csrss.exe"));
    assert_eq!(k.bugcheck.bucket_id, "0xef_csrss.exe");
    // An unknown build: said so, not guessed.
    spec.minor_version = 30000;
    let DumpReport::Kernel(k) = analyze(Cursor::new(spec.to_vec())).unwrap() else {
        panic!()
    };
    let p = k.bugcheck.process.as_ref().unwrap();
    assert!(p.image_name.is_none() && p.not_decoded.is_some());
    assert_eq!(k.bugcheck.bucket_id, "0xef_unknown");
}

#[test]
fn x86_pae_and_non_pae() {
    // PAE, 4 KiB and 2 MiB pages.
    let mut spec = KernelDumpSpec::new(
        Target::X86 { pae: true },
        PageLayout::Runs(vec![(0, 0x400)]),
    );
    let mut pt = PageTablesPae::new(&mut spec, 0x1AD020, 0x1AE000);
    pt.map_4k(&mut spec, 0x8000_1000, 0x1A0000);
    pt.map_2m(&mut spec, 0x8120_0000, 0x200000);
    spec.write_phys(
        0x1A0000,
        &unicode_string32(0x8000_1000, "Windows SubSystem"),
    );
    spec.bugcheck_code = 0xC000_021A;
    spec.parameters = [0x8000_1000, 0xC000_0005, 0, 0];
    let spec = patterned(spec, 0x200..0x3F0);
    let mut spec = spec;
    // Re-write the string page (patterned() does not touch 0x1A0).
    spec.write_phys(
        0x1A0000,
        &unicode_string32(0x8000_1000, "Windows SubSystem"),
    );
    let mut dump = open(&spec);
    assert_eq!(dump.header().signature, "PAGEDUMP");
    assert_eq!(dump.header().pae_enabled, Some(true));
    assert_eq!(dump.paging_mode(), PagingMode::X86Pae);
    assert_eq!(dump.header().bugcheck_parameters[1], 0xC000_0005);
    let t = dump.translate(0x8123_4567).unwrap();
    assert_eq!((t.pa, t.page_size), (0x234567, 0x20_0000));
    let mut b = vec![0u8; 0x2400];
    dump.read_virtual(0x8122_0C00, &mut b).unwrap();
    assert_eq!(b, spec.read_phys(0x220C00, 0x2400));
    let DumpReport::Kernel(k) = analyze(Cursor::new(spec.to_vec())).unwrap() else {
        panic!()
    };
    assert_eq!(k.bugcheck.bucket_id, "0xc000021a_csrss.exe_c0000005");
    assert_eq!(
        k.bugcheck.status.as_ref().unwrap().name,
        Some("STATUS_ACCESS_VIOLATION")
    );

    // Non-PAE, 4 KiB and 4 MiB pages.
    let mut spec = KernelDumpSpec::new(
        Target::X86 { pae: false },
        PageLayout::Runs(vec![(0, 0x200), (0x400, 0x400)]),
    );
    let mut pt = PageTables32::new(&mut spec, 0x1AD000, 0x1AE000);
    pt.map_4k(&mut spec, 0x8000_2000, 0x1A3000);
    pt.map_4m(&mut spec, 0x8040_0000, 0x40_0000);
    let spec = patterned(spec, (0x1A3..0x1A4).chain(0x400..0x800));
    let mut dump = open(&spec);
    assert_eq!(dump.paging_mode(), PagingMode::X86);
    let t = dump.translate(0x8000_2ABC).unwrap();
    assert_eq!(t.pa, 0x1A3ABC);
    let t = dump.translate(0x8052_3456).unwrap();
    assert_eq!((t.pa, t.page_size), (0x52_3456, 0x40_0000));
    let mut b = vec![0u8; 0x3000];
    dump.read_virtual(0x8060_0800, &mut b).unwrap();
    assert_eq!(b, spec.read_phys(0x60_0800, 0x3000));
    let e = dump.translate(0x1_0000_0000).unwrap_err();
    assert!(matches!(e.missing(), Some(Missing::NonCanonical { .. })));
}

#[test]
fn sparse_64gib_bitmap_flat_memory() {
    // 64 GiB of physical memory, every page present: the file is 64 GiB
    // long but sparse (a few pages written).
    let pages = 64u64 << 18;
    let mut spec = c000021a_x64(
        PageLayout::Bitmap {
            signature: *b"FDMP",
            pages,
            present: vec![(0, pages)],
        },
        "Windows SubSystem",
    );
    spec.fill_pattern((pages - 1) * PAGE, 7);
    let dir = common::TempDir::new("sparse64");
    if !common::sparse_supported(&dir) {
        return;
    }
    let path = dir.path("big.dmp");
    let len = spec.write_file(&path).unwrap();
    assert_eq!(
        len,
        0x2000 + 0x1000 * (0x38 + pages / 8).div_ceil(0x1000) + pages * PAGE
    );
    let mut r = common::Counting::new(File::open(&path).unwrap());
    let mut dump = KernelDump::open(&mut r).unwrap();
    assert!(
        dump.completeness().warnings.is_empty(),
        "{:?}",
        dump.completeness()
    );
    let report = vmrescue_dump::analyze_kernel(&mut dump);
    assert_eq!(report.bugcheck.bucket_id, "0xc000021a_csrss.exe_c0000142");
    // The last page: the rank index grows in 64 KiB chunks up to it.
    let mut b = vec![0u8; 0x1000];
    dump.read_physical((pages - 1) * PAGE, &mut b).unwrap();
    assert_eq!(b, spec.read_phys((pages - 1) * PAGE, 0x1000));
    drop(dump);
    // Header + bitmap (2 MiB, needed once for the last page) + a few pages;
    // never the 64 GiB of page data.
    eprintln!(
        "64 GiB dump: {} bytes read in {} reads, largest buffer {}",
        r.bytes, r.reads, r.largest
    );
    assert!(r.bytes < (pages / 8) + (1 << 20), "read {} bytes", r.bytes);
    assert!(r.largest <= 0x1_0000, "largest read {}", r.largest);
}

#[test]
fn sparse_64gib_full_header_decode_reads_little() {
    let pages = 64u64 << 18;
    let mut spec = c000021a_x64(
        PageLayout::Runs(vec![(0, 0x9F), (0x100, pages - 0x100)]),
        "Windows SubSystem",
    );
    spec.number_processors = 64;
    let dir = common::TempDir::new("sparsefull");
    if !common::sparse_supported(&dir) {
        return;
    }
    let path = dir.path("full.dmp");
    spec.write_file(&path).unwrap();
    let mut r = common::Counting::new(File::open(&path).unwrap());
    let mut dump = KernelDump::open(&mut r).unwrap();
    let report = vmrescue_dump::analyze_kernel(&mut dump);
    drop(dump);
    assert_eq!(report.bugcheck.bucket_id, "0xc000021a_csrss.exe_c0000142");
    assert!(r.bytes < 0x10000, "read {} bytes", r.bytes);
}

#[test]
fn pagefile_detection_and_extraction() {
    let spec = c000021a_x64(default_runs(), "Windows SubSystem");
    let dump = spec.to_vec();
    // A page file: the dump at offset 0, then other data.
    let mut pagefile = dump.clone();
    pagefile.extend((0..0x30000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    let mut r = Cursor::new(pagefile);
    let found = detect_in_pagefile(&mut r).unwrap().expect("dump detected");
    assert_eq!(found.dump_len, dump.len() as u64);
    assert!(!found.truncated);
    assert!(
        found
            .completeness
            .warnings
            .iter()
            .all(|w| matches!(w, Warning::TrailingData { .. }))
    );
    let mut out = Vec::new();
    let n = extract_from_pagefile(&mut r, &found, &mut out).unwrap();
    assert_eq!(n, dump.len() as u64);
    assert_eq!(out, dump);
    // The extracted dump analyses like the original.
    let DumpReport::Kernel(k) = analyze(Cursor::new(out)).unwrap() else {
        panic!()
    };
    assert_eq!(k.bugcheck.bucket_id, "0xc000021a_csrss.exe_c0000142");
    // Through a window over the page file.
    let win = vmrescue_dump::Window::new(r, 0, found.available_len);
    let mut d = KernelDump::open(win).unwrap();
    assert!(d.completeness().warnings.is_empty());
    assert!(d.translate(C000021A_STRING_VA).is_ok());

    // A page file cut short: truncated, extract what is there.
    let mut short = Cursor::new(dump[..dump.len() / 2].to_vec());
    let found = detect_in_pagefile(&mut short).unwrap().unwrap();
    assert!(found.truncated);
    assert_eq!(found.available_len, (dump.len() / 2) as u64);

    // Random contents, an empty file, a zeroed header, a header that is
    // almost right: no dump.
    let mut rnd: Vec<u8> = (0..0x10000u32)
        .map(|i| (i.wrapping_mul(2_246_822_519) >> 11) as u8)
        .collect();
    assert!(
        detect_in_pagefile(&mut Cursor::new(rnd.clone()))
            .unwrap()
            .is_none()
    );
    assert!(
        detect_in_pagefile(&mut Cursor::new(Vec::new()))
            .unwrap()
            .is_none()
    );
    assert!(
        detect_in_pagefile(&mut Cursor::new(vec![0u8; 0x10000]))
            .unwrap()
            .is_none()
    );
    rnd[..8].copy_from_slice(b"PAGEDU64");
    assert!(detect_in_pagefile(&mut Cursor::new(rnd)).unwrap().is_none());
    let mut bad = dump.clone();
    bad[0x30..0x34].copy_from_slice(&0x1234u32.to_le_bytes()); // machine type
    assert!(detect_in_pagefile(&mut Cursor::new(bad)).unwrap().is_none());
}

#[test]
fn header_never_finished() {
    let mut spec = KernelDumpSpec::new(Target::X64, default_runs());
    spec.valid_dump = false;
    spec.bugcheck_code = 0;
    let dump = open(&spec);
    let c = dump.completeness();
    assert!(!c.header_complete);
    assert!(
        c.warnings
            .iter()
            .any(|w| matches!(w, Warning::ValidDumpNotSet { .. }))
    );
    assert!(c.warnings.contains(&Warning::BugcheckNotWritten));
}

#[test]
fn sparse_file_write_is_cheap() {
    // Writing a 16 GiB dump to a file takes seconds at most and little disk.
    let pages = 16u64 << 18;
    let spec = c000021a_x64(PageLayout::Runs(vec![(0, pages)]), "Windows SubSystem");
    let dir = common::TempDir::new("sparsewrite");
    if !common::sparse_supported(&dir) {
        return;
    }
    let path = dir.path("d.dmp");
    spec.write_file(&path).unwrap();
    let mut f = File::open(&path).unwrap();
    assert_eq!(f.seek(SeekFrom::End(0)).unwrap(), 0x2000 + pages * PAGE);
    let mut b = [0u8; 8];
    f.seek(SeekFrom::Start(0)).unwrap();
    f.read_exact(&mut b).unwrap();
    assert_eq!(&b, b"PAGEDU64");
    let _ = std::io::sink().write(&b);
}

#[test]
fn triage_32_and_64_with_c000021a_string() {
    use vmrescue_dump_synth::{TriageSpec, unicode_string64};
    for target in [Target::X64, Target::X86 { pae: true }] {
        let wide = target == Target::X64;
        let mut t = TriageSpec::new(target);
        let (arg1, nt, drv) = if wide {
            (
                0xFFFF_8000_0000_1000u64,
                0xFFFF_F800_0000_0000u64,
                0xFFFF_F800_0500_0000u64,
            )
        } else {
            (0x8100_1000u64, 0x8040_0000u64, 0x8500_0000u64)
        };
        t.drivers = vec![
            (
                r"\SystemRoot\system32\ntoskrnl.exe".into(),
                nt,
                0x100_0000,
                0x1234_5678,
            ),
            (
                r"\SystemRoot\System32\drivers\bad.sys".into(),
                drv,
                0x2_0000,
                0x5555_0000,
            ),
        ];
        let text = if wide {
            unicode_string64(arg1, "Windows SubSystem")
        } else {
            unicode_string32(arg1, "Windows SubSystem")
        };
        t.blocks = vec![(arg1, text)];
        t.stack = Some((arg1 + 0x10_0000, vec![0xCC; 0x200]));
        t.base.bugcheck_code = 0xC000_021A;
        t.base.parameters = [arg1, 0xFFFF_FFFF_C000_0428, 0, 0];
        let bytes = t.to_vec();
        let mut d = KernelDump::open(Cursor::new(bytes.clone())).unwrap();
        assert_eq!(d.header().dump_type, DumpType::Triage);
        let tr = d.triage().unwrap().clone();
        assert!(tr.valid, "{target:?}");
        assert_eq!(tr.drivers.len(), 2);
        assert_eq!(tr.drivers[1].name, r"\SystemRoot\System32\drivers\bad.sys");
        assert_eq!(tr.drivers[1].base, drv);
        assert_eq!(tr.drivers[1].timestamp, Some(0x5555_0000));
        assert_eq!(tr.driver_entry_size, Some(if wide { 0x90 } else { 0x4C }));
        assert!(
            d.completeness().warnings.is_empty(),
            "{:?}",
            d.completeness()
        );
        let mut b = [0u8; 0x200];
        d.read_virtual(arg1 + 0x10_0000, &mut b).unwrap();
        assert_eq!(b, [0xCC; 0x200]);
        let DumpReport::Kernel(k) = analyze(Cursor::new(bytes)).unwrap() else {
            panic!()
        };
        assert_eq!(
            k.bugcheck.bucket_id, "0xc000021a_csrss.exe_c0000428",
            "{target:?}"
        );
        assert_eq!(
            k.bugcheck.status.as_ref().unwrap().name,
            Some("STATUS_INVALID_IMAGE_HASH")
        );
    }
    // 0x1000007E in a 32-bit triage dump: faulting module from the driver list.
    let mut t = TriageSpec::new(Target::X86 { pae: false });
    t.drivers = vec![(
        r"\SystemRoot\System32\drivers\bad.sys".into(),
        0x8500_0000,
        0x2_0000,
        1,
    )];
    t.base.bugcheck_code = 0x1000_007E;
    t.base.parameters = [0xC000_0005, 0x8500_1234, 0, 0];
    let DumpReport::Kernel(k) = analyze(Cursor::new(t.to_vec())).unwrap() else {
        panic!()
    };
    assert_eq!(k.bugcheck.bucket_id, "0x1000007e_c0000005_bad.sys");
    assert_eq!(k.bugcheck.parameters[1].module.as_deref(), Some("bad.sys"));
}
