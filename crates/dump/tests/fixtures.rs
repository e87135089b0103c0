//! Real dumps from shared/fixtures (see PROVENANCE.md sections 1 and 1b).

mod common;

use std::fs::File;

use vmrescue_dump::{
    DumpReport, DumpType, KernelDump, Missing, PhysicalLayoutInfo, Warning, analyze,
};

#[test]
fn rizin_triage_x64() {
    let Some(p) = common::fixture("crash-dumps/kernel/rizin__triage_x64.dmp") else {
        return;
    };
    let mut dump = KernelDump::open(File::open(&p).unwrap()).unwrap();
    let h = dump.header().clone();
    assert_eq!(h.signature, "PAGEDU64");
    assert!(h.valid_dump_ok);
    assert_eq!(h.dump_type, DumpType::Triage);
    assert_eq!(h.bugcheck_code, 0x1000_007E);
    assert_eq!(h.bugcheck_parameters[0], 0xFFFF_FFFF_C000_0005);
    assert_eq!(h.bugcheck_parameters[1], 0xFFFF_F804_8B58_334C);
    assert_eq!(h.bugcheck_parameters[2], 0xFFFF_8504_2989_1EE8);
    assert_eq!(h.bugcheck_parameters[3], 0xFFFF_8504_2989_1720);
    assert_eq!(h.number_processors, 16);
    assert_eq!(h.minor_version, 19041);
    assert_eq!(h.major_version, 0xF);
    assert_eq!(h.machine_image_type, 0x8664);
    assert_eq!(h.system_time, 132_583_451_029_877_657);
    assert_eq!(
        h.system_time_utc.as_deref(),
        Some("2021-02-21T01:38:22.9877657Z")
    );
    assert_eq!(h.physical_memory, None);
    assert_eq!(dump.layout(), &PhysicalLayoutInfo::None);

    let t = dump.triage().unwrap().clone();
    assert!(t.valid);
    assert_eq!(t.header.header_offset, 0x2000);
    assert_eq!(t.header.driver_count, 151);
    assert_eq!(t.drivers.len(), 151);
    assert_eq!(t.driver_entry_size, Some(0x90));
    assert_eq!(t.drivers[0].name, r"\SystemRoot\system32\ntoskrnl.exe");
    assert_eq!(t.drivers[0].base, 0xFFFF_F804_7BA0_0000);
    assert_eq!(t.drivers[0].size, 0x0104_6000);
    assert!(t.drivers.iter().all(|d| !d.name.is_empty() && d.size > 0));
    assert_eq!(t.header.data_blocks_count, 1831);
    assert_eq!(t.header.top_of_stack, 0xFFFF_8504_2989_0EE8);
    assert!(t.captured.len() >= 1831);
    assert!(!dump.completeness().truncated, "{:?}", dump.completeness());
    assert!(dump.completeness().header_complete);

    // Captured memory: the stack is readable at TopOfStack.
    let mut b = [0u8; 64];
    dump.read_virtual(t.header.top_of_stack, &mut b).unwrap();
    // Physical reads: none in a triage dump.
    let e = dump.read_physical(0x1000, &mut b).unwrap_err();
    assert_eq!(e.missing(), Some(&Missing::NoPhysicalMemory));
    // Not captured.
    let e = dump.read_virtual(0x1000, &mut b).unwrap_err();
    assert!(matches!(e.missing(), Some(Missing::NotCaptured { .. })));

    let report = analyze(File::open(&p).unwrap()).unwrap();
    let DumpReport::Kernel(k) = &report else {
        panic!("kernel report expected")
    };
    let bc = &k.bugcheck;
    assert_eq!(
        bc.name.as_deref(),
        Some("SYSTEM_THREAD_EXCEPTION_NOT_HANDLED_M")
    );
    let st = bc.status.as_ref().unwrap();
    assert_eq!(st.code, 0xC000_0005);
    assert_eq!(st.name, Some("STATUS_ACCESS_VIOLATION"));
    assert_eq!(
        bc.parameters[0].ntstatus.as_ref().unwrap().code,
        0xC000_0005
    );
    let m = bc.faulting_module.as_ref().expect("faulting module");
    assert!(m.contains(0xFFFF_F804_8B58_334C));
    eprintln!("faulting module: {} bucket {}", m.name, bc.bucket_id);
    assert!(
        bc.bucket_id.starts_with("0x1000007e_c0000005_"),
        "{}",
        bc.bucket_id
    );
    assert_eq!(k.modules.len(), 151);
    // JSON keys are snake_case English.
    let json = serde_json::to_string(&report).unwrap();
    assert!(json.contains("\"bucket_id\""));
    assert!(json.contains("\"format\":\"kernel\""));
}

#[test]
fn imhex_header_only_live_acquisition() {
    let Some(p) = common::fixture("crash-dumps/kernel/imhex__dmp64.hexpat.bin") else {
        return;
    };
    let mut dump = KernelDump::open(File::open(&p).unwrap()).unwrap();
    let h = dump.header().clone();
    assert_eq!(h.dump_type, DumpType::Full);
    assert_eq!(h.minor_version, 19045);
    assert_eq!(h.number_processors, 4);
    let c = dump.completeness().clone();
    assert!(c.truncated);
    assert!(!c.header_complete);
    assert_eq!(c.file_len, 16384);
    assert_eq!(c.expected_len, Some(0x7FE8_8000));
    assert!(c.warnings.iter().any(|w| matches!(
        w,
        Warning::Truncated {
            expected_len: 0x7FE8_8000,
            file_len: 16384
        }
    )));
    let text = c
        .warnings
        .iter()
        .find_map(|w| match w {
            Warning::BugcheckFieldsAreText { text } => Some(text.clone()),
            _ => None,
        })
        .expect("live acquisition filler flagged");
    assert!(text.contains("MATT") && text.contains("MOON"), "{text}");
    match dump.layout() {
        PhysicalLayoutInfo::Runs { runs, pages, .. } => {
            assert_eq!(*runs, 5);
            assert_eq!(*pages, 0x7FE86);
        }
        other => panic!("{other:?}"),
    }
    // Page 2 (first run) is the first data page at 0x2000: inside the file.
    let mut b = [0u8; 16];
    dump.read_physical(0x2000, &mut b).unwrap();
    // Page 0x100 is far past the 16 KiB file: truncated, typed.
    let e = dump.read_physical(0x100_000, &mut b).unwrap_err();
    assert!(
        matches!(e.missing(), Some(Missing::BeyondFileEnd { .. })),
        "{e:?}"
    );
    // Page 0 is in no run.
    let e = dump.read_physical(0, &mut b).unwrap_err();
    assert_eq!(e.missing(), Some(&Missing::NotInDump { pa: 0 }));
    let report = analyze(File::open(&p).unwrap()).unwrap();
    let DumpReport::Kernel(k) = &report else {
        panic!("kernel report expected")
    };
    assert_eq!(k.bugcheck.bucket_id, "no_bugcheck_live_dump");
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["header"]["bugcheck_code"], "0x5454414d");
    assert_eq!(json["header"]["machine_image_type"], "0x8664");
}

#[test]
fn user_mode_minidumps() {
    let cases: &[(&str, u32, Option<&str>)] = &[
        ("plaso__WER1090.tmp.mdmp", 0xC000_0005, Some("6.1.7601")),
        ("breakpad__minidump2.dmp", 0xC000_0005, Some("5.1.2600")),
        (
            "breakpad__tiny-exe-fastfail.dmp",
            0xC000_0409,
            Some("10.0.19042"),
        ),
        (
            "breakpad__write_av_non_canonical.dmp",
            0xC000_0005,
            Some("10.0.19042"),
        ),
        ("breakpad__null_read_av.dmp", 0xC000_0005, Some("6.1.7600")),
        (
            "rust-minidump__invalid-parameter.dmp",
            0xC000_000D,
            Some("10.0.17134"),
        ),
        ("rizin__calc.dmp", 0x8000_0003, Some("6.1.7601")),
    ];
    let mut seen = 0;
    for (name, code, os) in cases {
        let Some(p) = common::fixture(&format!("crash-dumps/user-mode/{name}")) else {
            continue;
        };
        seen += 1;
        let report = analyze(File::open(&p).unwrap()).unwrap();
        let DumpReport::User(u) = &report else {
            panic!("{name}: user report expected")
        };
        let e = u
            .exception
            .as_ref()
            .unwrap_or_else(|| panic!("{name}: no exception"));
        assert_eq!(e.code, *code, "{name}");
        assert!(
            e.name.is_some(),
            "{name}: no NTSTATUS name for {:#x}",
            e.code
        );
        if let Some(os) = os {
            assert_eq!(u.os.as_ref().unwrap().version, *os, "{name}");
        }
        assert!(!u.modules.is_empty(), "{name}");
        eprintln!(
            "{name}: {:#x} {:?} process {:?} bucket {}",
            e.code,
            e.name,
            u.process_name,
            report.bucket_id()
        );
    }
    eprintln!("{seen} user-mode fixtures checked");
}
