//! The hive writer on copies of real hives: what it writes is read back by
//! our reader and by hivex (Debian libhivex-bin) with exactly the intended
//! changes; random edit sequences keep every invariant Windows relies on.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use common::{Rng, have_tool, read_logs, read_reg, scratch};
use vmrescue_registry::hive::{empty_hive, max_log_sequence};
use vmrescue_registry::{
    FileTime, Hive, HiveWriter, RegValue, ReplayOutcome, SetOutcome, TreeChange, ValueType,
    WriteError, diff_trees,
};

const NOW: FileTime = FileTime(133_500_000_000_000_000);

/// hivexml's view without cell positions: one line per key (path and
/// mtime) and per value (path, name, type, value).
fn hivex_lines(bytes: &[u8], tag: &str) -> Option<BTreeSet<String>> {
    if !have_tool("hivexml") {
        return None;
    }
    let dir = scratch(&format!("writer-hivex-{tag}"));
    let p = dir.join("hive");
    std::fs::write(&p, bytes).unwrap();
    let out = Command::new("hivexml").arg(&p).output().expect("hivexml");
    assert!(
        out.status.success(),
        "hivexml rejected the hive: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(vmrescue_testkit::hivexml::export_lines(
        &String::from_utf8(out.stdout).expect("utf8"),
    ))
}

fn hivexget(bytes: &[u8], key: &str, value: &str) -> Option<String> {
    if !have_tool("hivexget") {
        return None;
    }
    let dir = scratch("writer-hivexget");
    let p = dir.join("hive");
    std::fs::write(&p, bytes).unwrap();
    let out = Command::new("hivexget")
        .arg(&p)
        .arg(key)
        .arg(value)
        .output()
        .expect("hivexget");
    assert!(out.status.success(), "hivexget {key} {value} failed");
    Some(String::from_utf8_lossy(&out.stdout).trim_end().to_string())
}

fn open(bytes: Vec<u8>) -> Hive {
    let (h, r) = Hive::from_bytes(bytes, vec![]).expect("open");
    assert_eq!(r.outcome, ReplayOutcome::NotNeeded);
    h
}

fn sound(h: &Hive) {
    let issues = h.check_structure();
    assert!(issues.is_empty(), "structure issues: {issues:#?}");
    assert!(!h.base_block().is_dirty());
}

#[test]
fn system_crash_control_edits() {
    let Some(orig) = read_reg("regipy__SYSTEM") else {
        return;
    };
    let before = open(orig.clone());
    let mut w = HiveWriter::new(open(orig.clone()), NOW).unwrap();
    let k = "ControlSet001\\Control\\CrashControl";
    assert_eq!(
        w.set_value(k, "CrashDumpEnabled", &RegValue::dword(1))
            .unwrap(),
        SetOutcome::Changed
    );
    assert_eq!(
        w.set_value(k, "NMICrashDump", &RegValue::dword(1)).unwrap(),
        SetOutcome::Added
    );
    assert_eq!(
        w.set_value(
            k,
            "DumpFile",
            &RegValue::expand_sz("%SystemRoot%\\MEMORY.DMP")
        )
        .unwrap(),
        SetOutcome::Unchanged
    );
    assert_eq!(
        w.set_value(k, "DedicatedDumpFile", &RegValue::sz("C:\\dd.sys"))
            .unwrap(),
        SetOutcome::Added
    );
    // Replacing a string with a longer one moves its data cell.
    let long = "E:\\a much longer path to a dedicated dump file\\dedicateddumpfile.sys";
    assert_eq!(
        w.set_value(k, "DedicatedDumpFile", &RegValue::sz(long))
            .unwrap(),
        SetOutcome::Changed
    );
    assert!(
        w.create_key("ControlSet001\\Control\\VmRescueTest\\Sub")
            .unwrap()
    );
    assert!(
        !w.create_key("controlset001\\control\\vmrescuetest")
            .unwrap()
    );
    w.set_value(
        "ControlSet001\\Control\\VmRescueTest\\Sub",
        "List",
        &RegValue::multi_sz(&["a", "b"]),
    )
    .unwrap();
    let bytes = w.finish(None).unwrap();
    let after = open(bytes.clone());
    sound(&after);
    assert_eq!(after.base_block().primary_sequence, 13984);
    assert_eq!(after.base_block().last_written, NOW);

    let v = after.value(k, "NMICrashDump").unwrap().unwrap();
    assert_eq!(v.dword().unwrap(), 1);
    assert_eq!(
        after
            .value(k, "DedicatedDumpFile")
            .unwrap()
            .unwrap()
            .string()
            .unwrap(),
        long
    );

    let diff = diff_trees(&before, &after);
    assert!(diff.errors.is_empty(), "{:?}", diff.errors);
    let mut paths: BTreeSet<(String, String)> = BTreeSet::new();
    for c in &diff.changes {
        let what = match c {
            TreeChange::ValueAdded { name, .. } => format!("+{name}"),
            TreeChange::ValueChanged { name, .. } => format!("~{name}"),
            TreeChange::ValueRemoved { name, .. } => format!("-{name}"),
            TreeChange::KeyAdded { .. } => "+key".into(),
            TreeChange::KeyRemoved { .. } => "-key".into(),
            TreeChange::KeyTimestamp { .. } => "time".into(),
            TreeChange::KeyProperty { what, .. } => what.to_string(),
        };
        paths.insert((c.path().to_string(), what));
    }
    let expected: BTreeSet<(String, String)> = [
        (k, "~CrashDumpEnabled"),
        (k, "+NMICrashDump"),
        (k, "+DedicatedDumpFile"),
        (k, "time"),
        ("ControlSet001\\Control", "time"),
        ("ControlSet001\\Control\\VmRescueTest", "+key"),
        ("ControlSet001\\Control\\VmRescueTest\\Sub", "+key"),
        ("ControlSet001\\Control\\VmRescueTest\\Sub", "+List"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(paths, expected);

    // hivex: every line the same except the intended ones.
    if let (Some(hb), Some(ha)) = (hivex_lines(&orig, "sys-b"), hivex_lines(&bytes, "sys-a")) {
        let gone: Vec<&String> = hb.difference(&ha).collect();
        let new: Vec<&String> = ha.difference(&hb).collect();
        let hk = format!("\\{k}");
        for l in &gone {
            assert!(
                l.contains(&format!("{k}\tCrashDumpEnabled"))
                    || l.starts_with(&format!("K\t{k}\t"))
                    || l.starts_with("K\tControlSet001\\Control\t"),
                "unexpected removal {l}"
            );
        }
        assert_eq!(gone.len(), 3, "{gone:#?}");
        assert_eq!(new.len(), 8, "{new:#?}");
        assert_eq!(hivexget(&bytes, &hk, "NMICrashDump").as_deref(), Some("1"));
        assert_eq!(
            hivexget(&bytes, &hk, "DedicatedDumpFile").as_deref(),
            Some(long)
        );
    }
}

#[test]
fn bcd_element_keys_sorted_in_lf_lists() {
    let Some(orig) = read_reg("regipy__BCD") else {
        return;
    };
    let mut w = HiveWriter::new(open(orig.clone()), NOW).unwrap();
    let loader = "Objects\\{733b62e5-f608-11eb-825c-c112f60133ab}\\Elements";
    // 260000b0 (ems) sorts between 25000020 and 250000c2? No: after both.
    for id in ["260000b0", "16000049", "11000002", "ffffffff"] {
        assert!(w.create_key(&format!("{loader}\\{id}")).unwrap());
        w.set_value(
            &format!("{loader}\\{id}"),
            "Element",
            &RegValue::binary(vec![1]),
        )
        .unwrap();
    }
    let bytes = w.finish(None).unwrap();
    let after = open(bytes.clone());
    sound(&after);
    let names: Vec<String> = after
        .key(loader)
        .unwrap()
        .unwrap()
        .subkeys()
        .items
        .iter()
        .map(|k| k.name().into_owned())
        .collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_uppercase());
    assert_eq!(names, sorted);
    assert!(names.contains(&"260000b0".to_string()));
    if let Some(lines) = hivex_lines(&bytes, "bcd") {
        assert!(
            lines
                .iter()
                .any(|l| l.contains("260000b0\tElement\tbinary\tAQ=="))
        );
    }
}

#[test]
fn dirty_hive_is_written_clean_with_a_higher_sequence() {
    let Some(orig) = read_reg("regipy__SYSTEM_B/SYSTEM_B") else {
        return;
    };
    let Some(logs) = read_logs(&[
        "regipy__SYSTEM_B/SYSTEM_B.LOG1",
        "regipy__SYSTEM_B/SYSTEM_B.LOG2",
    ]) else {
        return;
    };
    let (hive, report) = Hive::from_bytes(orig, logs.clone()).unwrap();
    assert_eq!(report.outcome, ReplayOutcome::Applied);
    let recovered = hive.as_bytes().to_vec();
    let floor = max_log_sequence(&report).unwrap();
    let mut w = HiveWriter::new(hive, NOW).unwrap();
    w.set_value(
        "ControlSet001\\Control\\CrashControl",
        "NMICrashDump",
        &RegValue::dword(1),
    )
    .unwrap();
    let bytes = w.finish(Some(floor)).unwrap();
    let seq = u32::from_le_bytes(bytes[4..8].try_into().unwrap());
    assert!(seq > floor);
    // With the old logs still beside it, the written hive is clean: they
    // are ignored.
    let (after, r2) = Hive::from_bytes(bytes, logs).unwrap();
    assert_eq!(r2.outcome, ReplayOutcome::NotNeeded);
    sound(&after);
    let before = open(recovered);
    let diff = diff_trees(&before, &after);
    assert_eq!(diff.changes.len(), 2, "{:#?}", diff.changes);
}

#[test]
fn damaged_and_dirty_hives_are_refused() {
    let Some(orig) = read_reg("regipy__BCD") else {
        return;
    };
    let mut cut = orig.clone();
    cut.truncate(4096 + 8192);
    let (h, _) = Hive::from_bytes(cut, vec![]).unwrap();
    assert!(matches!(
        HiveWriter::new(h, NOW),
        Err(WriteError::Damaged { .. })
    ));
    let mut dirty = orig;
    dirty[4] ^= 1; // sequence numbers differ, no logs
    let (h, r) = Hive::from_bytes(dirty, vec![]).unwrap();
    assert_eq!(r.outcome, ReplayOutcome::NotApplied);
    assert!(matches!(HiveWriter::new(h, NOW), Err(WriteError::Dirty)));
}

#[test]
fn errors_do_not_poison_when_nothing_changed() {
    let mut w = HiveWriter::new(open(empty_hive("ROOT", NOW)), NOW).unwrap();
    assert!(matches!(
        w.set_value("missing", "x", &RegValue::dword(1)),
        Err(WriteError::KeyNotFound { .. })
    ));
    assert!(matches!(
        w.set_value("", "x", &RegValue::binary(vec![0; 20_000])),
        Err(WriteError::TooLarge { .. })
    ));
    assert!(matches!(
        w.create_key(&"x".repeat(256)),
        Err(WriteError::InvalidName { .. })
    ));
    w.set_value("", "x", &RegValue::dword(7)).unwrap();
    let h = open(w.finish(None).unwrap());
    sound(&h);
    assert_eq!(h.value("", "x").unwrap().unwrap().dword().unwrap(), 7);
}

/// A model of what the hive should hold: key path (upper-case) → values.
type Model = BTreeMap<String, BTreeMap<String, RegValue>>;

fn random_value(rng: &mut Rng) -> RegValue {
    match rng.below(6) {
        0 => RegValue::dword(rng.next() as u32),
        1 => RegValue::qword(rng.next()),
        2 => RegValue::sz(&"s".repeat(rng.below(40) as usize)),
        3 => RegValue::expand_sz("%SystemRoot%\\x"),
        4 => RegValue::multi_sz(&["a", "bb", "ccc"][..rng.below(4) as usize]),
        _ => RegValue::binary((0..rng.below(600)).map(|i| i as u8).collect()),
    }
}

const NAMES: [&str; 10] = [
    "a",
    "B",
    "c_d",
    "Ä",
    "zz",
    "Key With Space",
    "élan",
    "ÿ",
    "λ",
    "10000000",
];

/// Random edits; the model tracks what every edited key must hold.
fn random_edits(bytes: Vec<u8>, seed: u64, steps: usize) -> (Vec<u8>, Model) {
    let mut rng = Rng(seed);
    let mut w = HiveWriter::new(open(bytes), NOW).unwrap();
    let mut keys: Vec<String> = vec![String::new()];
    let mut model: Model = BTreeMap::new();
    for _ in 0..steps {
        match rng.below(4) {
            0 => {
                let parent = keys[rng.below(keys.len() as u64) as usize].clone();
                let name = NAMES[rng.below(NAMES.len() as u64) as usize];
                let path = if parent.is_empty() {
                    name.to_string()
                } else {
                    format!("{parent}\\{name}")
                };
                if path.split('\\').count() > 6 {
                    continue;
                }
                w.create_key(&path).unwrap();
                if !keys.iter().any(|k| k.to_uppercase() == path.to_uppercase()) {
                    keys.push(path);
                }
            }
            1 | 2 => {
                let key = keys[rng.below(keys.len() as u64) as usize].clone();
                let name = NAMES[rng.below(NAMES.len() as u64) as usize];
                let v = random_value(&mut rng);
                w.set_value(&key, name, &v).unwrap();
                model
                    .entry(key.to_uppercase())
                    .or_default()
                    .insert(name.to_uppercase(), v);
            }
            _ => {
                let key = keys[rng.below(keys.len() as u64) as usize].clone();
                let name = NAMES[rng.below(NAMES.len() as u64) as usize];
                let existed = w.delete_value(&key, name).unwrap();
                let m = model.entry(key.to_uppercase()).or_default();
                let had = m.remove(&name.to_uppercase()).is_some();
                if had {
                    assert!(existed);
                }
            }
        }
    }
    (w.finish(None).unwrap(), model)
}

fn check_model(h: &Hive, model: &Model) {
    for (key, values) in model {
        let k = h
            .key(key)
            .unwrap()
            .unwrap_or_else(|| panic!("{key} missing"));
        for (name, v) in values {
            let got = k
                .value(name)
                .unwrap()
                .unwrap_or_else(|| panic!("{key}\\{name}"));
            assert_eq!(got.raw_type(), v.value_type.raw());
            assert_eq!(&*got.data().unwrap(), &v.data[..]);
        }
    }
}

#[test]
fn random_edit_sequences_stay_sound() {
    let mut inputs: Vec<(&str, Vec<u8>)> = vec![("empty", empty_hive("ROOT", NOW))];
    // nt-hive's testhive (GPL, shared set only) widens the corpus.
    for rel in ["regipy__BCD", "nt-hive__testhive", "regipy__SAM"] {
        if let Some(b) = common::extra_reg(rel) {
            inputs.push((rel, b));
        }
    }
    for (name, bytes) in inputs {
        for seed in 0..12u64 {
            let steps = 20 + (seed as usize * 37) % 300;
            let (out, model) = random_edits(bytes.clone(), seed + 1, steps);
            let h = open(out.clone());
            sound(&h);
            check_model(&h, &model);
            // hivex must accept it too (every few seeds: it is a process).
            if seed % 4 == 0 {
                hivex_lines(&out, &format!("rand-{}-{seed}", name.replace('/', "_")));
            }
            // Edits on the result keep working (hive grown by new bins).
            let (again, _) = random_edits(out, seed + 100, 50);
            sound(&open(again));
        }
    }
}

#[test]
fn grows_new_bins_and_reuses_freed_cells() {
    let mut w = HiveWriter::new(open(empty_hive("ROOT", NOW)), NOW).unwrap();
    for i in 0..200 {
        w.set_value("", &format!("v{i}"), &RegValue::binary(vec![i as u8; 1000]))
            .unwrap();
    }
    let bytes = w.finish(None).unwrap();
    assert!(bytes.len() > 200 * 1000);
    let h = open(bytes.clone());
    sound(&h);
    assert_eq!(
        h.base_block().hive_bins_data_size as usize,
        bytes.len() - 4096
    );
    let mut w = HiveWriter::new(h, NOW).unwrap();
    for i in 0..200 {
        w.delete_value("", &format!("v{i}")).unwrap();
    }
    for i in 0..200 {
        w.set_value("", &format!("w{i}"), &RegValue::binary(vec![1; 900]))
            .unwrap();
    }
    let again = w.finish(None).unwrap();
    assert_eq!(again.len(), bytes.len(), "freed cells are reused");
    let h = open(again);
    sound(&h);
    assert_eq!(h.root().unwrap().values().items.len(), 200);
    let _ = ValueType::Binary;
}
