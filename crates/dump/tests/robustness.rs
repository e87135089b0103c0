//! Bad input: truncation at many offsets, bit flips, huge counts, looping
//! page tables and module lists. Every case must end in a clean result or
//! error, without panic or hang, with bounded reads.

mod common;

use std::io::Cursor;
use std::time::{Duration, Instant};

use vmrescue_dump::{
    DumpError, DumpReport, KernelDump, Warning, analyze, analyze_kernel, detect_in_pagefile,
};
use vmrescue_dump_synth::{
    KernelDumpSpec, PAGE, PageLayout, PageTables64, Target, c000021a_x64, default_runs,
};

/// Analyse, read a few addresses, look for a page-file dump; count bytes read.
fn exercise(bytes: Vec<u8>) -> u64 {
    let len = bytes.len() as u64;
    let mut r = common::Counting::new(Cursor::new(bytes));
    match analyze(&mut r) {
        Ok(DumpReport::Kernel(k)) => {
            let _ = serde_json::to_string(&k).unwrap();
        }
        Ok(DumpReport::User(_)) => {}
        Err(e) => {
            let _ = e.to_string();
        }
    }
    if let Ok(mut d) = KernelDump::open(&mut r) {
        let mut b = vec![0u8; 0x3000];
        for pa in [0u64, 0x1A7800, 0x60_0000, u64::MAX - 0x10, 1 << 51] {
            let _ = d.read_physical(pa, &mut b);
        }
        for va in [
            0xFFFF_F800_1234_5678u64,
            0,
            0xFFFF_FFFF_FFFF_F000,
            0x8000_1000,
        ] {
            let _ = d.read_virtual(va, &mut b);
            let _ = d.translate(va);
        }
        let _ = d.loaded_modules(4096);
    }
    let _ = detect_in_pagefile(&mut r);
    // Bounded: never more than the file a few times over plus bitmap chunks.
    assert!(
        r.largest <= (1 << 20).max(len as usize),
        "largest read {}",
        r.largest
    );
    r.bytes
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn samples() -> Vec<(&'static str, Vec<u8>)> {
    let mut v = vec![
        (
            "full",
            c000021a_x64(default_runs(), "Windows SubSystem").to_vec(),
        ),
        (
            "bitmap",
            c000021a_x64(
                PageLayout::Bitmap {
                    signature: *b"SDMP",
                    pages: 0x1000,
                    present: vec![(0, 0x200), (0x600, 0x200)],
                },
                "Windows SubSystem",
            )
            .to_vec(),
        ),
        (
            "x86",
            KernelDumpSpec::new(Target::X86 { pae: true }, PageLayout::Runs(vec![(0, 0x20)]))
                .to_vec(),
        ),
    ];
    v.push(("triage", synthetic_triage()));
    // The real triage dump (unlicensed: in the shared set only) widens the corpus.
    if let Some(p) = vmrescue_testkit::extra_corpus("crash-dumps/kernel/rizin__triage_x64.dmp") {
        v.push(("rizin-triage", std::fs::read(p).unwrap()));
    }
    v
}

/// A triage dump with drivers, a stack and data blocks, like Windows writes
/// (crates/dump-synth), 0x1000007E in a driver.
fn synthetic_triage() -> Vec<u8> {
    let mut t = vmrescue_dump_synth::TriageSpec::new(Target::X64);
    t.drivers = vec![
        (
            r"\SystemRoot\system32\ntoskrnl.exe".into(),
            0xFFFF_F804_7BA0_0000,
            0x0104_6000,
            1,
        ),
        (
            r"\SystemRoot\System32\drivers\amdppm.sys".into(),
            0xFFFF_F804_8B57_0000,
            0x2_A000,
            2,
        ),
    ];
    t.base.bugcheck_code = 0x1000_007E;
    t.base.parameters = [0xFFFF_FFFF_C000_0005, 0xFFFF_F804_8B58_334C, 0, 0];
    t.stack = Some((0xFFFF_8504_2989_0EE8, vec![0xAB; 0x1000]));
    t.blocks = vec![
        (0xFFFF_8504_2989_1000, vec![0xCD; 0x800]),
        (0xFFFF_F804_8B58_3000, vec![0x90; 0x400]),
    ];
    t.to_vec()
}

#[test]
fn truncated_at_many_offsets() {
    let start = Instant::now();
    for (name, bytes) in samples() {
        let len = bytes.len();
        let mut cuts: Vec<usize> = (0..0x2100.min(len)).step_by(0x3F).collect();
        cuts.extend((0x2100..len).step_by((len / 97).max(1)));
        cuts.extend([len - 1, len.saturating_sub(PAGE as usize)]);
        for cut in cuts {
            exercise(bytes[..cut].to_vec());
        }
        eprintln!("{name}: truncations done");
    }
    assert!(start.elapsed() < Duration::from_secs(120));
}

#[test]
fn bit_flips() {
    let start = Instant::now();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut cases = 0;
    for (name, bytes) in samples() {
        // Flips aimed at the headers (most structure lives there), some anywhere.
        for i in 0..600 {
            let mut b = bytes.clone();
            let span = if i % 4 == 0 {
                b.len()
            } else {
                0x2100.min(b.len())
            };
            for _ in 0..(1 + rng.next() % 4) {
                let at = (rng.next() % span as u64) as usize;
                b[at] ^= 1 << (rng.next() % 8);
            }
            exercise(b);
            cases += 1;
        }
        // Whole random words in the header.
        for _ in 0..300 {
            let mut b = bytes.clone();
            let at = (rng.next() % 0x1100) as usize & !7;
            b[at..at + 8].copy_from_slice(&rng.next().to_le_bytes());
            exercise(b);
            cases += 1;
        }
        eprintln!("{name}: flips done");
    }
    eprintln!("{cases} corrupted cases in {:?}", start.elapsed());
    assert!(start.elapsed() < Duration::from_secs(300));
}

fn with_u64(mut b: Vec<u8>, at: usize, v: u64) -> Vec<u8> {
    b[at..at + 8].copy_from_slice(&v.to_le_bytes());
    b
}

fn with_u32(mut b: Vec<u8>, at: usize, v: u32) -> Vec<u8> {
    b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    b
}

#[test]
fn huge_counts() {
    let full = c000021a_x64(default_runs(), "Windows SubSystem").to_vec();
    let bmp = c000021a_x64(
        PageLayout::Bitmap {
            signature: *b"FDMP",
            pages: 0x1000,
            present: vec![(0, 0x200), (0x600, 0x200)],
        },
        "Windows SubSystem",
    )
    .to_vec();
    let cases = vec![
        ("runs 0xffffffff", with_u32(full.clone(), 0x88, u32::MAX)),
        ("runs 44", with_u32(full.clone(), 0x88, 44)),
        (
            "run0 count max",
            with_u64(full.clone(), 0x88 + 24, u64::MAX),
        ),
        (
            "run0 count 2^40",
            with_u64(full.clone(), 0x88 + 24, 1 << 40),
        ),
        (
            "run1 base max",
            with_u64(full.clone(), 0x88 + 32, u64::MAX - 1),
        ),
        ("pages max", with_u64(full.clone(), 0x88 + 8, u64::MAX)),
        ("bitmap pages 2^40", with_u64(bmp.clone(), 0x2030, 1 << 40)),
        ("bitmap pages max", with_u64(bmp.clone(), 0x2030, u64::MAX)),
        (
            "bitmap present max",
            with_u64(bmp.clone(), 0x2028, u64::MAX),
        ),
        (
            "bitmap first page max",
            with_u64(bmp.clone(), 0x2020, !0xFFF),
        ),
        ("bitmap first page 0", with_u64(bmp.clone(), 0x2020, 0)),
        ("dtb max", with_u64(full.clone(), 0x10, u64::MAX)),
        (
            "dump type 8 (rdmp missing)",
            with_u32(full.clone(), 0xF98, 8),
        ),
        (
            "dump type 4 on a full dump",
            with_u32(full.clone(), 0xF98, 4),
        ),
    ];
    for (name, b) in cases {
        let start = Instant::now();
        let read = exercise(b);
        assert!(start.elapsed() < Duration::from_secs(10), "{name}");
        assert!(read < 16 << 20, "{name}: read {read}");
    }
    // Specific expectations.
    let d = KernelDump::open(Cursor::new(with_u32(full.clone(), 0x88, u32::MAX))).unwrap();
    assert!(!d.completeness().has_physical_memory);
    assert!(
        d.completeness()
            .warnings
            .iter()
            .any(|w| matches!(w, Warning::PhysicalLayoutInvalid { .. }))
    );
    // Overlapping runs: layout refused.
    let d = KernelDump::open(Cursor::new(with_u64(full.clone(), 0x88 + 24, 1 << 40))).unwrap();
    assert!(!d.completeness().has_physical_memory);
    // A last run far larger than the file: truncated, lookups still work.
    let mut d = KernelDump::open(Cursor::new(with_u64(full.clone(), 0x88 + 40, 1 << 30))).unwrap();
    assert!(d.completeness().truncated);
    let mut b = [0u8; 8];
    assert!(matches!(
        d.read_physical(0x4000_0000, &mut b).unwrap_err().missing(),
        Some(vmrescue_dump::Missing::BeyondFileEnd { .. })
    ));
    let d = KernelDump::open(Cursor::new(with_u64(bmp, 0x2030, 1 << 40))).unwrap();
    assert!(!d.completeness().has_physical_memory);
}

#[test]
fn triage_bad_counts() {
    // The TRIAGE_DUMP header is at 0x2000 on x64, whoever wrote the dump.
    let t = synthetic_triage();
    for (at, v) in [
        (0x2034, u32::MAX),     // DriverCount
        (0x2034, 100_000),      // DriverCount
        (0x2030, u32::MAX - 8), // DriverListOffset
        (0x203C, u32::MAX),     // StringPoolSize
        (0x2038, 0),            // StringPoolOffset
        (0x207C, u32::MAX),     // DataBlocksCount
        (0x2078, u32::MAX),     // DataBlocksOffset
        (0x202C, u32::MAX),     // SizeOfCallStack
        (0x2008, u32::MAX),     // ValidOffset
    ] {
        let start = Instant::now();
        let b = with_u32(t.clone(), at, v);
        exercise(b.clone());
        let d = KernelDump::open(Cursor::new(b)).unwrap();
        assert_eq!(d.header().bugcheck_code, 0x1000_007E);
        assert!(start.elapsed() < Duration::from_secs(10));
    }
}

#[test]
fn looping_page_tables() {
    let mut spec = KernelDumpSpec::new(Target::X64, PageLayout::Runs(vec![(0, 0x200)]));
    let pt = PageTables64::new(&mut spec, 0x1AD000, 0x1AE000);
    // Every PML4 entry points back at the PML4 itself (a self-map gone
    // everywhere), so every level reads the same table.
    for i in 0..512 {
        pt.set_pml4e(&mut spec, i, 0x1AD000 | 0x3);
    }
    spec.bugcheck_code = 0xC000_021A;
    spec.parameters = [0xFFFF_F800_1234_5678, 0xFFFF_FFFF_C000_0142, 0, 0];
    spec.ps_loaded_module_list = 0xFFFF_F800_0000_0000;
    let bytes = spec.to_vec();
    let start = Instant::now();
    let mut d = KernelDump::open(Cursor::new(bytes.clone())).unwrap();
    let t = d.translate(0xFFFF_F800_1234_5678).unwrap();
    assert!(t.pa < 0x20_0000);
    let mut big = vec![0u8; 4 << 20];
    let _ = d.read_virtual(0xFFFF_F800_0000_0000, &mut big);
    let report = analyze_kernel(&mut d);
    // The module list walk is bounded.
    assert!(report.modules.len() <= 4096);
    assert!(start.elapsed() < Duration::from_secs(20));
    exercise(bytes);
}

#[test]
fn looping_module_list() {
    let mut spec = KernelDumpSpec::new(Target::X64, default_runs());
    let mut pt = PageTables64::new(&mut spec, 0x1AD000, 0x1AE000);
    let base = 0xFFFF_F800_0010_0000u64;
    pt.map_4k(&mut spec, base, 0x1A0000);
    // head -> A -> B -> A ... (never returns to head)
    let (head, a, b) = (base, base + 0x100, base + 0x200);
    spec.write_phys(0x1A0000, &a.to_le_bytes());
    spec.write_phys(0x1A0100, &b.to_le_bytes());
    spec.write_phys(0x1A0200, &a.to_le_bytes());
    spec.ps_loaded_module_list = head;
    let mut d = KernelDump::open(Cursor::new(spec.to_vec())).unwrap();
    let (mods, warn) = d.loaded_modules(4096);
    assert_eq!(mods.len(), 2);
    assert!(matches!(warn, Some(Warning::ModuleListIncomplete { .. })));
}

#[test]
fn not_a_dump() {
    for b in [
        Vec::new(),
        b"PAGE".to_vec(),
        b"PAGEDU64".to_vec(),
        vec![0u8; 0x3000],
        b"MDMP\x93\xa7\0\0".to_vec(),
    ] {
        match analyze(Cursor::new(b.clone())) {
            Err(DumpError::UnknownSignature { .. })
            | Err(DumpError::Truncated { .. })
            | Err(DumpError::Minidump { .. }) => {}
            other => panic!("{b:02x?}: {other:?}"),
        }
    }
    let mut d = KernelDump::open(Cursor::new(
        KernelDumpSpec::new(Target::X64, PageLayout::Runs(vec![])).to_vec(),
    ))
    .unwrap();
    let mut buf = [0u8; 4];
    assert!(matches!(
        d.read_physical(0, &mut buf),
        Err(DumpError::MemoryMissing { .. })
    ));
}
