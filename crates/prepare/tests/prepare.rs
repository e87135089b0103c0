//! prepare-dump on copies of the real hives laid out as a mounted volume:
//! the plan covers every control set Select references and the BCD loader
//! {bootmgr}'s default points to; apply changes exactly that (checked with
//! hivex, an independent reader, and with ours); undo restores the
//! originals byte for byte; dirty hives and interrupted writes are safe.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{Sys, hivex_lines, hivexget, volume};
use vmrescue_disk::ReadAt;
use vmrescue_prepare::{
    Change, DumpType, HiveRole, Options, Plan, PrepareError, Scope, SelectRole, Step, apply,
    apply_with_hook, nmi_instructions, plan, undo,
};
use vmrescue_registry::{Hive, RegValue, ReplayOutcome, ValueType};
use vmrescue_testkit::sha256;

fn sys_path(vol: &Path) -> PathBuf {
    vol.join("Windows/System32/config/SYSTEM")
}

fn opts(vol: &Path) -> Options {
    Options {
        target: vol.to_path_buf(),
        ..Default::default()
    }
}

fn full_opts(vol: &Path) -> Options {
    Options {
        nmi: true,
        serial_console: true,
        boot_menu: true,
        dedicated_dump_file: Some("C:\\dedicateddumpfile.sys".into()),
        dedicated_size_mb: Some(9000),
        ram_bytes: Some(8 << 30),
        ..opts(vol)
    }
}

fn changes_for(p: &Plan, role: HiveRole) -> &[Change] {
    &p.hives
        .iter()
        .find(|h| h.role == role)
        .expect("hive")
        .changes
}

fn find<'a>(cs: &'a [Change], key_part: &str, value: &str) -> Option<&'a Change> {
    cs.iter()
        .find(|c| c.key.to_uppercase().contains(&key_part.to_uppercase()) && c.value == value)
}

fn open_dir_hive(path: &Path) -> (Hive, ReplayOutcome) {
    let mut logs = Vec::new();
    for ext in ["LOG", "LOG1", "LOG2"] {
        let l = path.with_file_name(format!(
            "{}.{ext}",
            path.file_name().unwrap().to_string_lossy()
        ));
        if let Ok(b) = std::fs::read(&l) {
            logs.push((format!("x.{ext}"), b));
        }
    }
    let (h, r) = Hive::from_bytes(std::fs::read(path).unwrap(), logs).unwrap();
    (h, r.outcome)
}

#[test]
fn plan_covers_every_control_set_select_references() {
    let Some(vol) = volume("plan-sets", Sys::Clean, true) else {
        return;
    };
    let before = sha256(&std::fs::read(sys_path(&vol)).unwrap());
    let p = plan(&Options {
        nmi: true,
        ..opts(&vol)
    })
    .unwrap();
    assert_eq!(p.hives.len(), 1, "no BCD without serial-console/boot-menu");
    let cs = changes_for(&p, HiveRole::System);
    // regipy's SYSTEM: Current = Default = 1, LastKnownGood = 2.
    for (n, roles) in [
        (1, vec![SelectRole::Current, SelectRole::Default]),
        (2, vec![SelectRole::LastKnownGood]),
    ] {
        let key = format!("ControlSet00{n}\\Control\\CrashControl");
        let here: Vec<&Change> = cs.iter().filter(|c| c.key == key).collect();
        let names: Vec<&str> = here.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(
            names,
            ["CrashDumpEnabled", "DumpFile", "NMICrashDump"],
            "{key}"
        );
        assert!(here.iter().all(|c| c.scope
            == Scope::ControlSet {
                number: n,
                roles: roles.clone()
            }));
        let cde = here[0];
        assert_eq!(cde.before, Some(RegValue::dword(2)));
        assert_eq!(cde.after, RegValue::dword(1));
        // DumpFile exists: kept as it is.
        assert!(!here[1].is_change());
        assert_eq!(here[2].before, None);
        assert_eq!(here[2].after, RegValue::dword(1));
    }
    assert!(p.writes());
    // Planning writes nothing.
    assert_eq!(sha256(&std::fs::read(sys_path(&vol)).unwrap()), before);
    assert!(
        std::fs::read_dir(sys_path(&vol).parent().unwrap())
            .unwrap()
            .count()
            == 1
    );
    // JSON for the CLI.
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(
        json["hives"][0]["changes"][0]["after"]["type"],
        serde_json::json!("REG_DWORD")
    );
}

#[test]
fn dump_type_and_paths() {
    let Some(vol) = volume("plan-types", Sys::Clean, false) else {
        return;
    };
    let p = plan(&Options {
        dump_type: DumpType::Active,
        dump_file: Some("E:\\MEMORY.DMP".into()),
        ..opts(&vol)
    })
    .unwrap();
    let cs = changes_for(&p, HiveRole::System);
    assert_eq!(
        find(cs, "ControlSet001", "FilterPages").unwrap().after,
        RegValue::dword(1)
    );
    assert_eq!(
        find(cs, "ControlSet001", "DumpFile").unwrap().after,
        RegValue::expand_sz("E:\\MEMORY.DMP")
    );
    let err = plan(&Options {
        dedicated_size_mb: Some(100),
        ..opts(&vol)
    })
    .unwrap_err();
    assert!(matches!(err, PrepareError::Usage(_)), "{err}");
    assert_eq!(err.id(), "prepare-err-usage");
}

/// hivex lines that differ, as (removed, added).
fn hivex_delta(
    before: &BTreeSet<String>,
    after: &BTreeSet<String>,
) -> (BTreeSet<String>, BTreeSet<String>) {
    (
        before.difference(after).cloned().collect(),
        after.difference(before).cloned().collect(),
    )
}

#[test]
fn apply_writes_exactly_the_plan_and_undo_restores_bytes() {
    let Some(vol) = volume("apply-full", Sys::Clean, true) else {
        return;
    };
    let sys = sys_path(&vol);
    let bcd = vol.join("Boot/BCD");
    let (sys0, bcd0) = (std::fs::read(&sys).unwrap(), std::fs::read(&bcd).unwrap());
    let hx_sys0 = hivex_lines(&sys);
    let hx_bcd0 = hivex_lines(&bcd);

    let p = plan(&full_opts(&vol)).unwrap();
    let bc = changes_for(&p, HiveRole::Bcd);
    // ems on the loader {bootmgr}'s default points to.
    let ems = find(bc, "{733b62e5-f608-11eb-825c-c112f60133ab}", "Element").unwrap();
    assert!(ems.key.ends_with("260000b0"), "{}", ems.key);
    assert!(ems.creates_key);
    assert_eq!(ems.after, RegValue::binary(vec![1]));
    let port = find(
        bc,
        "{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}\\Elements\\15000022",
        "Element",
    )
    .unwrap();
    assert_eq!(port.after, RegValue::binary(1u64.to_le_bytes().to_vec()));
    let baud = find(
        bc,
        "{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}\\Elements\\15000023",
        "Element",
    )
    .unwrap();
    assert_eq!(
        baud.after,
        RegValue::binary(115_200u64.to_le_bytes().to_vec())
    );
    let timeout = find(
        bc,
        "{9dea862c-5cdd-4e70-acc1-f32b344d4795}\\Elements\\25000004",
        "Element",
    )
    .unwrap();
    assert_eq!(
        timeout.before,
        Some(RegValue::binary(30u64.to_le_bytes().to_vec()))
    );
    assert_eq!(
        timeout.after,
        RegValue::binary(10u64.to_le_bytes().to_vec())
    );
    for id in ["26000020", "16000020"] {
        let c = find(
            bc,
            &format!("{{9dea862c-5cdd-4e70-acc1-f32b344d4795}}\\Elements\\{id}"),
            "Element",
        )
        .unwrap();
        assert_eq!(c.after, RegValue::binary(vec![1]));
    }

    let applied = apply(&p).unwrap();
    assert_eq!(applied.files.len(), 2);
    for f in &applied.files {
        assert!(Path::new(&f.backup).is_file());
        assert!(f.logs_reset.is_empty());
    }
    // The backup is the original, byte for byte.
    assert_eq!(std::fs::read(&applied.files[0].backup).unwrap(), sys0);
    // Planning again: nothing left to change.
    assert!(!applied.after.writes(), "{:#?}", applied.after.hives);
    // No temporary files left.
    for d in [sys.parent().unwrap(), bcd.parent().unwrap()] {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            assert!(
                !e.file_name().to_string_lossy().contains("tmp"),
                "{:?}",
                e.path()
            );
        }
    }

    // Our reader.
    let (h, outcome) = open_dir_hive(&sys);
    assert_eq!(outcome, ReplayOutcome::NotNeeded);
    assert!(h.check_structure().is_empty());
    for set in ["ControlSet001", "ControlSet002"] {
        let k = format!("{set}\\Control\\CrashControl");
        assert_eq!(
            h.value(&k, "NMICrashDump")
                .unwrap()
                .unwrap()
                .dword()
                .unwrap(),
            1
        );
        assert_eq!(
            h.value(&k, "CrashDumpEnabled")
                .unwrap()
                .unwrap()
                .dword()
                .unwrap(),
            1
        );
        assert_eq!(
            h.value(&k, "DumpFileSize")
                .unwrap()
                .unwrap()
                .dword()
                .unwrap(),
            9000
        );
        let v = h.value(&k, "DedicatedDumpFile").unwrap().unwrap();
        assert_eq!(v.value_type(), ValueType::Sz);
        assert_eq!(v.string().unwrap(), "C:\\dedicateddumpfile.sys");
    }
    let (hb, _) = open_dir_hive(&bcd);
    assert!(hb.check_structure().is_empty());
    let store = vmrescue_registry::bcd::read_store(&hb).unwrap();
    let loader = store.default_entry().unwrap();
    assert_eq!(
        loader.boolean(vmrescue_registry::bcd::OSLOADER_EMS),
        Some(true)
    );
    let ems_obj = store.object("{emssettings}").unwrap();
    assert_eq!(
        ems_obj.integer(vmrescue_registry::bcd::LIBRARY_EMS_PORT),
        Some(1)
    );
    assert_eq!(
        ems_obj.integer(vmrescue_registry::bcd::LIBRARY_EMS_BAUD_RATE),
        Some(115_200)
    );
    let bm = store.boot_manager().unwrap();
    assert_eq!(
        bm.boolean(vmrescue_registry::bcd::BOOTMGR_DISPLAY_BOOT_MENU),
        Some(true)
    );
    assert_eq!(
        bm.integer(vmrescue_registry::bcd::BOOTMGR_TIMEOUT),
        Some(10)
    );
    assert_eq!(
        bm.boolean(vmrescue_registry::bcd::LIBRARY_BOOT_EMS),
        Some(true)
    );

    // hivex: the new values, and every other key and value unchanged.
    if let (Some(b0), Some(a0)) = (hx_sys0, hivex_lines(&sys)) {
        let (gone, new) = hivex_delta(&b0, &a0);
        for l in &gone {
            let ok = l.contains("\tCrashDumpEnabled\tint32\t2")
                || l.starts_with("K\tControlSet001\\Control\\CrashControl\t")
                || l.starts_with("K\tControlSet002\\Control\\CrashControl\t");
            assert!(ok, "unexpected change in SYSTEM: {l}");
        }
        // 2 sets x (CrashDumpEnabled changed + key mtime) = 4 removed lines.
        assert_eq!(gone.len(), 4, "{gone:#?}");
        // 2 sets x (CrashDumpEnabled, NMICrashDump, DedicatedDumpFile, DumpFileSize, key mtime).
        assert_eq!(new.len(), 10, "{new:#?}");
        for set in ["ControlSet001", "ControlSet002"] {
            let k = format!("\\{set}\\Control\\CrashControl");
            assert_eq!(hivexget(&sys, &k, "NMICrashDump").as_deref(), Some("1"));
            assert_eq!(hivexget(&sys, &k, "CrashDumpEnabled").as_deref(), Some("1"));
            assert_eq!(
                hivexget(&sys, &k, "DedicatedDumpFile").as_deref(),
                Some("C:\\dedicateddumpfile.sys")
            );
        }
    }
    if let (Some(b0), Some(a0)) = (hx_bcd0, hivex_lines(&bcd)) {
        let (gone, new) = hivex_delta(&b0, &a0);
        let allowed_keys = [
            "Objects\\{733b62e5-f608-11eb-825c-c112f60133ab}\\Elements",
            "Objects\\{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}\\Elements",
            "Objects\\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\\Elements",
        ];
        for l in gone.iter().chain(&new) {
            assert!(
                allowed_keys.iter().any(|k| l.contains(k)),
                "unexpected change in BCD: {l}"
            );
        }
        assert!(new.iter().any(|l| l.contains(
            "{733b62e5-f608-11eb-825c-c112f60133ab}\\Elements\\260000b0\tElement\tbinary\tAQ=="
        )));
        assert!(
            hivexget(
                &bcd,
                "\\Objects\\{733b62e5-f608-11eb-825c-c112f60133ab}\\Elements\\260000b0",
                "Element"
            )
            .is_some()
        );
    }

    // Undo: the originals, byte for byte.
    let u = undo(&vol, None).unwrap();
    assert_eq!(u.files.len(), 2);
    assert_eq!(sha256(&std::fs::read(&sys).unwrap()), sha256(&sys0));
    assert_eq!(sha256(&std::fs::read(&bcd).unwrap()), sha256(&bcd0));
}

#[test]
fn second_apply_is_a_no_op_and_undo_goes_back_one_step() {
    let Some(vol) = volume("apply-twice", Sys::Clean, false) else {
        return;
    };
    let sys = sys_path(&vol);
    let orig = std::fs::read(&sys).unwrap();
    let o = Options {
        nmi: true,
        ..opts(&vol)
    };
    apply(&plan(&o).unwrap()).unwrap();
    let first = std::fs::read(&sys).unwrap();
    let again = apply(&plan(&o).unwrap()).unwrap();
    assert!(again.files.is_empty());
    assert_eq!(std::fs::read(&sys).unwrap(), first);
    // A different change, then two undos.
    let o2 = Options {
        dump_type: DumpType::Kernel,
        ..o
    };
    std::thread::sleep(std::time::Duration::from_millis(1100));
    apply(&plan(&o2).unwrap()).unwrap();
    undo(&vol, None).unwrap();
    assert_eq!(std::fs::read(&sys).unwrap(), first);
    // The newest backup is still the one just restored; remove it to go
    // back further, as a user would.
    let cfg = sys.parent().unwrap();
    let mut baks: Vec<PathBuf> = std::fs::read_dir(cfg)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".bak"))
        .collect();
    baks.sort();
    std::fs::remove_file(baks.pop().unwrap()).unwrap();
    undo(&vol, None).unwrap();
    assert_eq!(std::fs::read(&sys).unwrap(), orig);
}

#[test]
fn dirty_hive_is_recovered_written_clean_and_logs_reset() {
    let Some(vol) = volume("apply-dirty", Sys::Dirty, false) else {
        return;
    };
    let sys = sys_path(&vol);
    let cfg = sys.parent().unwrap().to_path_buf();
    let orig: Vec<(PathBuf, Vec<u8>)> = ["SYSTEM", "SYSTEM.LOG1", "SYSTEM.LOG2"]
        .iter()
        .map(|n| (cfg.join(n), std::fs::read(cfg.join(n)).unwrap()))
        .collect();
    let p = plan(&Options {
        nmi: true,
        ..opts(&vol)
    })
    .unwrap();
    assert!(p.hives[0].dirty);
    assert_eq!(p.hives[0].replay, ReplayOutcome::Applied);
    assert!(
        p.notes
            .iter()
            .any(|n| n.id == "prepare-note-dirty-recovered")
    );
    // SYSTEM_B: Current = Default = LastKnownGood = 1: one control set.
    let sets: BTreeSet<&str> = p.hives[0].changes.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(sets.len(), 1);
    let a = apply(&p).unwrap();
    let f = &a.files[0];
    assert_eq!(f.log_backups.len(), 2);
    assert_eq!(f.logs_reset.len(), 2);
    for l in ["SYSTEM.LOG1", "SYSTEM.LOG2"] {
        assert_eq!(std::fs::metadata(cfg.join(l)).unwrap().len(), 0);
    }
    let (h, outcome) = open_dir_hive(&sys);
    assert_eq!(outcome, ReplayOutcome::NotNeeded);
    assert!(!h.base_block().is_dirty());
    assert!(h.check_structure().is_empty());
    assert_eq!(
        h.value("ControlSet001\\Control\\CrashControl", "NMICrashDump")
            .unwrap()
            .unwrap()
            .dword()
            .unwrap(),
        1
    );
    // hivex reads the written (clean) file; the original it could only
    // read without its logs.
    if let Some(lines) = hivex_lines(&sys) {
        assert!(
            lines
                .iter()
                .any(|l| l.contains("CrashControl\tNMICrashDump\tint32\t1"))
        );
    }
    undo(&vol, None).unwrap();
    for (p, b) in &orig {
        assert_eq!(
            sha256(&std::fs::read(p).unwrap()),
            sha256(b),
            "{}",
            p.display()
        );
    }
}

#[test]
fn interrupted_writes_leave_the_old_or_the_new_hive() {
    for sys_kind in [Sys::Clean, Sys::Dirty] {
        for (i, at) in [
            Step::BackupWritten,
            Step::TempWritten,
            Step::Renamed,
            Step::DirSynced,
            Step::LogsReset,
        ]
        .into_iter()
        .enumerate()
        {
            if sys_kind == Sys::Clean && at == Step::LogsReset {
                continue;
            }
            let name = format!("interrupt-{}-{i}", sys_kind == Sys::Dirty);
            let Some(vol) = volume(&name, sys_kind, false) else {
                return;
            };
            let sys = sys_path(&vol);
            let orig = std::fs::read(&sys).unwrap();
            let p = plan(&Options {
                nmi: true,
                ..opts(&vol)
            })
            .unwrap();
            let err = apply_with_hook(&p, &mut |s| {
                if s == at {
                    Err(std::io::Error::other("power cut"))
                } else {
                    Ok(())
                }
            })
            .unwrap_err();
            assert!(
                matches!(err, PrepareError::Interrupted(s) if s == at),
                "{err}"
            );
            let now = std::fs::read(&sys).unwrap();
            if now == orig {
                // The old hive: still opens as before (dirty ones recover).
                let (_, outcome) = open_dir_hive(&sys);
                assert_ne!(outcome, ReplayOutcome::NotApplied);
            } else {
                // The new hive: clean, with the new value, whatever state
                // the logs are in.
                let (h, outcome) = open_dir_hive(&sys);
                assert_eq!(outcome, ReplayOutcome::NotNeeded, "{name}");
                assert!(h.check_structure().is_empty());
                assert_eq!(
                    h.value("ControlSet001\\Control\\CrashControl", "NMICrashDump")
                        .unwrap()
                        .unwrap()
                        .dword()
                        .unwrap(),
                    1
                );
            }
            // Undo always gets back to the original bytes.
            undo(&vol, None).unwrap();
            assert_eq!(std::fs::read(&sys).unwrap(), orig, "{name}");
        }
    }
}

#[test]
fn bcd_default_that_does_not_resolve_is_refused() {
    let Some(vol) = volume("bcd-bad-default", Sys::Clean, true) else {
        return;
    };
    let bcd = vol.join("Boot/BCD");
    let (h, _) = Hive::from_bytes(std::fs::read(&bcd).unwrap(), vec![]).unwrap();
    let mut w = vmrescue_registry::HiveWriter::new(h, vmrescue_registry::FileTime::now()).unwrap();
    w.set_value(
        "Objects\\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\\Elements\\23000003",
        "Element",
        &RegValue::sz("{00000000-1111-2222-3333-444444444444}"),
    )
    .unwrap();
    std::fs::write(&bcd, w.finish(None).unwrap()).unwrap();
    let before = std::fs::read(sys_path(&vol)).unwrap();
    let err = plan(&Options {
        serial_console: true,
        ..opts(&vol)
    })
    .unwrap_err();
    assert!(matches!(err, PrepareError::BcdDefault { .. }), "{err}");
    // Boot menu alone does not need the default.
    assert!(
        plan(&Options {
            boot_menu: true,
            ..opts(&vol)
        })
        .is_ok()
    );
    assert_eq!(std::fs::read(sys_path(&vol)).unwrap(), before);
}

#[test]
fn missing_bcd_and_changed_files_are_refused() {
    let Some(vol) = volume("refusals", Sys::Clean, false) else {
        return;
    };
    let err = plan(&Options {
        serial_console: true,
        ..opts(&vol)
    })
    .unwrap_err();
    assert!(matches!(err, PrepareError::NoBcd), "{err}");
    // --bcd PATH elsewhere works.
    let Some(other) = volume("refusals-esp", Sys::Clean, true) else {
        return;
    };
    let p = plan(&Options {
        serial_console: true,
        bcd: Some(other.join("Boot/BCD")),
        ..opts(&vol)
    })
    .unwrap();
    assert_eq!(p.hives.len(), 2);
    // A file changed after planning.
    let p = plan(&Options {
        nmi: true,
        ..opts(&vol)
    })
    .unwrap();
    let sys = sys_path(&vol);
    let mut b = std::fs::read(&sys).unwrap();
    b[4096 + 100] ^= 1;
    std::fs::write(&sys, &b).unwrap();
    assert!(matches!(apply(&p), Err(PrepareError::Changed { .. })));
    assert_eq!(std::fs::read(&sys).unwrap(), b);
    assert!(matches!(
        undo(&vol, None),
        Err(PrepareError::NoBackup { .. })
    ));
}

#[test]
fn readiness_and_nmi_instructions() {
    let Some(vol) = volume("readiness", Sys::Clean, false) else {
        return;
    };
    let p = plan(&Options {
        ram_bytes: Some(16 << 30),
        nmi: true,
        ..opts(&vol)
    })
    .unwrap();
    let r = &p.readiness;
    assert_eq!(r.required_bytes, Some((16 << 30) + (257 << 20)));
    assert!(!r.paging_files.is_empty(), "{r:?}");
    let ids: Vec<&str> = r.notes.iter().map(|n| n.id).collect();
    assert!(ids.contains(&"prepare-ready-autoreboot-on"), "{ids:?}");
    assert!(
        ids.iter().any(|i| i.starts_with("prepare-ready-pagefile")),
        "{ids:?}"
    );
    let n = nmi_instructions();
    let all: Vec<&str> = n.iter().flat_map(|i| i.commands.clone()).collect();
    assert!(
        all.iter()
            .any(|c| c.starts_with("az serial-console send nmi"))
    );
    assert!(
        all.iter()
            .any(|c| c.contains("-InjectNonMaskableInterrupt"))
    );
    assert!(all.contains(&"virsh inject-nmi DOMAIN"));
    assert!(all.contains(&"nmi"));
}

/// A copy of the gen1 fixture disk (MBR, NTFS with Boot\BCD and the clean
/// SYSTEM), built by scripts/build-fixtures.sh.
fn gen1_copy(name: &str, suffix: &str) -> Option<PathBuf> {
    let dir = vmrescue_testkit::fixture_disks();
    let src = dir.join(format!("gen1.{suffix}"));
    assert!(
        src.is_file(),
        "{} is missing after the fixture build",
        src.display()
    );
    let dst = common::scratch(name).join(format!("disk.{suffix}"));
    std::fs::copy(&src, &dst).unwrap();
    Some(dst)
}

fn read_in_image(image: &Path, path: &str) -> Vec<u8> {
    let disk = vmrescue_disk::Disk::open(image).unwrap();
    let p = disk.partition(1).unwrap();
    let vol = vmrescue_fs::Volume::open(disk.partition_reader(p), p.filesystem, "t").unwrap();
    let f = vol.open_file(path).unwrap();
    let mut b = vec![0u8; f.size() as usize];
    f.read_exact_at(0, &mut b).unwrap();
    b
}

#[test]
fn in_place_on_a_raw_image_and_undo() {
    let Some(img) = gen1_copy("prepare-inplace-raw", "raw") else {
        return;
    };
    let orig_img = sha256(&std::fs::read(&img).unwrap());
    let sys0 = read_in_image(&img, "\\Windows\\System32\\config\\SYSTEM");
    let bcd0 = read_in_image(&img, "\\Boot\\BCD");
    let o = Options {
        target: img.clone(),
        nmi: true,
        serial_console: true,
        ..Default::default()
    };
    // Planning works on an image; applying needs --in-place.
    let p = plan(&o).unwrap();
    assert!(p.writes());
    assert!(matches!(apply(&p), Err(PrepareError::InPlace { .. })));
    assert_eq!(sha256(&std::fs::read(&img).unwrap()), orig_img);

    let p = plan(&Options {
        in_place: true,
        ..o.clone()
    })
    .unwrap();
    let a = apply(&p).unwrap();
    assert_eq!(a.files.len(), 2);
    assert!(!a.after.writes());
    let sys1 = read_in_image(&img, "\\Windows\\System32\\config\\SYSTEM");
    assert_eq!(sys1.len(), sys0.len(), "no NTFS size change");
    let (h, r) = Hive::from_bytes(sys1, vec![]).unwrap();
    assert_eq!(r.outcome, ReplayOutcome::NotNeeded);
    assert!(h.check_structure().is_empty());
    assert_eq!(
        h.value("ControlSet002\\Control\\CrashControl", "NMICrashDump")
            .unwrap()
            .unwrap()
            .dword()
            .unwrap(),
        1
    );
    let (hb, _) = Hive::from_bytes(read_in_image(&img, "\\Boot\\BCD"), vec![]).unwrap();
    let store = vmrescue_registry::bcd::read_store(&hb).unwrap();
    assert_eq!(
        store
            .default_entry()
            .unwrap()
            .boolean(vmrescue_registry::bcd::OSLOADER_EMS),
        Some(true)
    );
    let u = vmrescue_prepare::undo_with(&Options {
        target: img.clone(),
        in_place: true,
        ..Default::default()
    })
    .unwrap();
    assert_eq!(u.files.len(), 2);
    assert_eq!(
        read_in_image(&img, "\\Windows\\System32\\config\\SYSTEM"),
        sys0
    );
    assert_eq!(read_in_image(&img, "\\Boot\\BCD"), bcd0);
    assert_eq!(
        sha256(&std::fs::read(&img).unwrap()),
        orig_img,
        "image restored byte for byte"
    );
}

#[test]
fn in_place_refusals() {
    let Some(img) = gen1_copy("prepare-inplace-refuse", "qcow2") else {
        return;
    };
    let p = plan(&Options {
        target: img.clone(),
        nmi: true,
        in_place: true,
        ..Default::default()
    })
    .unwrap();
    let err = apply(&p).unwrap_err();
    assert!(matches!(err, PrepareError::InPlace { .. }), "{err}");
    assert!(err.to_string().contains("mount"), "{err}");
    // Too large to fit: a value that needs a new hive bin.
    let Some(raw) = gen1_copy("prepare-inplace-big", "raw") else {
        return;
    };
    let p = plan(&Options {
        target: raw.clone(),
        dump_file: Some(format!("E:\\{}\\MEMORY.DMP", "x".repeat(8000))),
        in_place: true,
        ..Default::default()
    })
    .unwrap();
    let before = sha256(&std::fs::read(&raw).unwrap());
    match apply(&p) {
        Err(PrepareError::InPlace { reason }) => assert!(reason.contains("mount"), "{reason}"),
        other => {
            // The hive had enough free cells: then it must be sound.
            let a = other.unwrap();
            assert_eq!(a.files.len(), 1);
            return;
        }
    }
    assert_eq!(sha256(&std::fs::read(&raw).unwrap()), before);
}
