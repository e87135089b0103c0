//! Dirty hives and transaction-log replay, checked against Windows' own
//! replay results (yarp `Recovered*` files) and against the primary read
//! without logs.

mod common;

use std::collections::BTreeMap;

use common::{read_logs, read_reg};
use vmrescue_registry::hive::{LogFormat, LogStatus, SkipReason};
use vmrescue_registry::{Hive, ReplayOutcome, WalkControl};

/// Full tree: path → (last-write ticks, [(value name, raw type, data)]).
type Tree = BTreeMap<String, (u64, Vec<(String, u32, Vec<u8>)>)>;

fn tree(h: &Hive) -> Tree {
    let mut t = Tree::new();
    let report = h.walk(|e| {
        let vals = e.key.values();
        assert!(vals.is_complete(), "{}: {:?}", e.path, vals.errors);
        let v = vals
            .items
            .iter()
            .map(|v| {
                (
                    v.name().into_owned(),
                    v.raw_type(),
                    v.data().expect("value data").into_owned(),
                )
            })
            .collect();
        t.insert(e.path.to_string(), (e.key.last_written().ticks(), v));
        WalkControl::Continue
    });
    assert!(report.is_complete(), "{:?}", report.errors);
    t
}

fn diff_trees(a: &Tree, b: &Tree) -> Vec<String> {
    let mut out = Vec::new();
    for (k, va) in a {
        match b.get(k) {
            None => out.push(format!("only in first: {k}")),
            Some(vb) if va != vb => {
                if va.0 != vb.0 {
                    out.push(format!("{k}: last-write {} vs {}", va.0, vb.0));
                }
                if va.1 != vb.1 {
                    out.push(format!("{k}: values differ"));
                }
            }
            _ => {}
        }
    }
    for k in b.keys() {
        if !a.contains_key(k) {
            out.push(format!("only in second: {k}"));
        }
    }
    out
}

fn differing_sectors(a: &[u8], b: &[u8]) -> Vec<usize> {
    let n = a.len().max(b.len()).div_ceil(512);
    (0..n)
        .filter(|&i| a.get(i * 512..(i + 1) * 512) != b.get(i * 512..(i + 1) * 512))
        .map(|i| i * 512)
        .collect()
}

fn value_count(t: &Tree) -> usize {
    t.values().map(|v| v.1.len()).sum()
}

#[test]
fn new_format_logs_equal_windows10_replay() {
    let (Some(primary), Some(logs), Some(truth)) = (
        read_reg("yarp__NewDirtyHive1/NewDirtyHive"),
        read_logs(&[
            "yarp__NewDirtyHive1/NewDirtyHive.LOG1",
            "yarp__NewDirtyHive1/NewDirtyHive.LOG2",
        ]),
        read_reg("yarp__NewDirtyHive1/RecoveredHive_Windows10"),
    ) else {
        return;
    };
    let (hive, report) = Hive::from_bytes(primary.clone(), logs).unwrap();
    assert!(report.primary_dirty);
    assert_eq!(report.outcome, ReplayOutcome::Applied);
    assert_eq!(report.logs[0].format, LogFormat::New);
    assert_eq!(report.logs[0].status, LogStatus::Applied);
    assert_eq!(report.logs[1].status, LogStatus::Applied);
    assert_eq!(report.logs[0].entry_sequences, Some((2, 2)));
    assert_eq!(report.logs[1].entry_sequences, Some((3, 5)));
    assert_eq!(report.entries_applied, 4);
    assert_eq!(report.sequence_after, Some(5));
    assert!(!hive.base_block().is_dirty());
    assert!(hive.problems().is_empty(), "{:?}", hive.problems());

    let (truth, _) = Hive::from_bytes(truth, vec![]).unwrap();
    let ours = tree(&hive);
    let theirs = tree(&truth);
    assert_eq!(diff_trees(&ours, &theirs), Vec::<String>::new());
    // The hive bins data is byte-identical to what Windows wrote.
    assert!(
        hive.hive_bins_data() == truth.hive_bins_data(),
        "hive bins data differs from Windows' replay"
    );

    // Order of the logs does not matter.
    let logs_rev = read_logs(&[
        "yarp__NewDirtyHive1/NewDirtyHive.LOG2",
        "yarp__NewDirtyHive1/NewDirtyHive.LOG1",
    ])
    .unwrap();
    let (h2, r2) = Hive::from_bytes(primary.clone(), logs_rev).unwrap();
    assert_eq!(r2.entries_applied, 4);
    assert!(h2.as_bytes() == hive.as_bytes());

    // Without logs the primary differs from the truth (so the test means something).
    let (plain, r) = Hive::from_bytes(primary, vec![]).unwrap();
    assert_eq!(r.outcome, ReplayOutcome::NotApplied);
    assert!(!diff_trees(&tree(&plain), &theirs).is_empty());
}

#[test]
fn old_format_log_equals_windows7_replay() {
    let (Some(primary), Some(logs), Some(truth)) = (
        read_reg("yarp__OldDirtyHive/OldDirtyHive"),
        read_logs(&[
            "yarp__OldDirtyHive/OldDirtyHive.LOG1",
            "yarp__OldDirtyHive/OldDirtyHive.LOG2",
        ]),
        read_reg("yarp__OldDirtyHive/RecoveredHive_Windows7"),
    ) else {
        return;
    };
    let (hive, report) = Hive::from_bytes(primary.clone(), logs).unwrap();
    assert_eq!(report.outcome, ReplayOutcome::Applied, "{report:#?}");
    assert_eq!(report.logs[0].format, LogFormat::Old);
    assert_eq!(report.logs[0].status, LogStatus::Applied);
    assert_eq!(report.logs[1].format, LogFormat::Empty);
    assert!(report.pages_applied > 0);
    assert!(!hive.base_block().is_dirty());

    let (truth, _) = Hive::from_bytes(truth, vec![]).unwrap();
    let ours = tree(&hive);
    let theirs = tree(&truth);
    assert_eq!(diff_trees(&ours, &theirs), Vec::<String>::new());
    assert!(ours.contains_key("key_with_many_subkeys\\5000\\find_me_in_log"));
    // Windows 7 wrote the hive twice more after its replay (sequence 7), so
    // the bytes are not expected to be identical; report how close they are.
    let sectors = differing_sectors(hive.hive_bins_data(), truth.hive_bins_data());
    eprintln!(
        "old-format replay: {} of {} 512-byte sectors differ from RecoveredHive_Windows7: {:x?}",
        sectors.len(),
        hive.hive_bins_data().len() / 512,
        &sectors[..sectors.len().min(20)]
    );
    // Seen: the first hive bin's timestamp and one byte at 0x6adc8.
    assert!(sectors.len() <= 2, "{sectors:x?}");

    let (plain, _) = Hive::from_bytes(primary, vec![]).unwrap();
    assert!(!tree(&plain).contains_key("key_with_many_subkeys\\5000\\find_me_in_log"));
}

#[test]
fn system_b_logs_change_values() {
    let (Some(primary), Some(logs)) = (
        read_reg("regipy__SYSTEM_B/SYSTEM_B"),
        read_logs(&[
            "regipy__SYSTEM_B/SYSTEM_B.LOG1",
            "regipy__SYSTEM_B/SYSTEM_B.LOG2",
        ]),
    ) else {
        return;
    };
    let (hive, report) = Hive::from_bytes(primary.clone(), logs).unwrap();
    assert_eq!(report.outcome, ReplayOutcome::Applied);
    assert_eq!(report.logs[0].entry_sequences, Some((2107, 2110)));
    assert_eq!(report.logs[1].entry_sequences, Some((2111, 2130)));
    assert_eq!(report.entries_applied, 24);
    assert_eq!(report.sequence_after, Some(2130));
    assert!(hive.problems().is_empty(), "{:?}", hive.problems());
    let (plain, _) = Hive::from_bytes(primary, vec![]).unwrap();
    let a = tree(&plain);
    let b = tree(&hive);
    // Counts match notatin 1.0.1 with the same logs (shared/docs/notatin-check.md).
    assert_eq!((a.len(), value_count(&a)), (33123, 74957));
    assert_eq!((b.len(), value_count(&b)), (35595, 78901));
    let changed: Vec<_> = b
        .iter()
        .filter(|(k, v)| a.get(*k).is_some_and(|o| o.1 != v.1))
        .map(|(k, _)| k.clone())
        .collect();
    assert!(changed.len() >= 40, "{}", changed.len());
    // A value the logs change: hibernate/resume timing written at the last boot.
    let power = "ControlSet001\\Control\\Session Manager\\Power";
    let old = plain
        .value(power, "POSTTime")
        .unwrap()
        .unwrap()
        .dword()
        .unwrap();
    let new = hive
        .value(power, "POSTTime")
        .unwrap()
        .unwrap()
        .dword()
        .unwrap();
    assert_eq!((old, new), (0, 0x2063));
    let fw = hive
        .value(power, "FwPOSTTime")
        .unwrap()
        .unwrap()
        .dword()
        .unwrap();
    assert_eq!(fw, 0x1e99);

    // hivex (independent reader) reads the recovered hive we produce and
    // finds the same number of keys.
    if common::have_tool("hivexml") {
        let dir = common::scratch("system_b_recovered");
        let path = dir.join("SYSTEM_B.recovered");
        std::fs::write(&path, hive.as_bytes()).unwrap();
        let out = std::process::Command::new("hivexml")
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let xml = String::from_utf8_lossy(&out.stdout);
        assert_eq!(xml.matches("<node ").count(), 35595);
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn usrclass_logs() {
    let (Some(primary), Some(logs)) = (
        read_reg("regipy__UsrClass/UsrClass.dat"),
        read_logs(&[
            "regipy__UsrClass/UsrClass.dat.LOG1",
            "regipy__UsrClass/UsrClass.dat.LOG2",
        ]),
    ) else {
        return;
    };
    let (hive, report) = Hive::from_bytes(primary, logs).unwrap();
    assert_eq!(report.outcome, ReplayOutcome::Applied);
    assert_eq!(report.logs[0].entry_sequences, Some((287, 290)));
    assert_eq!(report.logs[1].entry_sequences, Some((291, 300)));
    let t = tree(&hive);
    assert_eq!((t.len(), value_count(&t)), (6238, 12531));
}

#[test]
fn transactions_ntuser_skips_older_log() {
    let (Some(primary), Some(logs)) = (
        read_reg("regipy__transactions_NTUSER/transactions_NTUSER.DAT"),
        read_logs(&[
            "regipy__transactions_NTUSER/transactions_ntuser.dat.log1",
            "regipy__transactions_NTUSER/transactions_ntuser.dat.log2",
        ]),
    ) else {
        return;
    };
    let (hive, report) = Hive::from_bytes(primary, logs).unwrap();
    assert_eq!(report.outcome, ReplayOutcome::Applied);
    assert_eq!(report.logs[0].status, LogStatus::Applied);
    assert_eq!(report.logs[0].entry_sequences, Some((566, 588)));
    assert_eq!(
        report.logs[1].status,
        LogStatus::Skipped {
            reason: SkipReason::OlderThanHive {
                log_sequence: 562,
                hive_sequence: 566
            }
        }
    );
    let t = tree(&hive);
    assert_eq!((t.len(), value_count(&t)), (3105, 4695));
}

fn break_checksum(b: &mut [u8]) {
    // A byte in the reserved area: the checksum no longer matches.
    b[200] ^= 0x5A;
}

#[test]
fn bad_primary_checksum_takes_base_block_from_newest_log() {
    let (Some(mut primary), Some(logs), Some(truth)) = (
        read_reg("yarp__NewDirtyHive1/NewDirtyHive"),
        read_logs(&[
            "yarp__NewDirtyHive1/NewDirtyHive.LOG1",
            "yarp__NewDirtyHive1/NewDirtyHive.LOG2",
        ]),
        read_reg("yarp__NewDirtyHive1/RecoveredHive_Windows10"),
    ) else {
        return;
    };
    break_checksum(&mut primary);
    let (hive, report) = Hive::from_bytes(primary, logs).unwrap();
    assert!(
        report
            .dirty_reasons
            .iter()
            .any(|r| matches!(r, vmrescue_registry::hive::DirtyReason::BadChecksum { .. }))
    );
    assert_eq!(report.outcome, ReplayOutcome::Applied);
    assert_eq!(
        report.base_block_from_log.as_deref(),
        Some("NewDirtyHive.LOG2")
    );
    assert_eq!(
        report.logs[0].status,
        LogStatus::Skipped {
            reason: SkipReason::Superseded
        }
    );
    assert_eq!(report.logs[1].status, LogStatus::Applied);
    assert!(hive.base_block().checksum_ok());
    let (truth, _) = Hive::from_bytes(truth, vec![]).unwrap();
    assert_eq!(
        diff_trees(&tree(&hive), &tree(&truth)),
        Vec::<String>::new()
    );
}

#[test]
fn bad_primary_checksum_old_format() {
    let (Some(mut primary), Some(logs), Some(truth)) = (
        read_reg("yarp__OldDirtyHive/OldDirtyHive"),
        read_logs(&["yarp__OldDirtyHive/OldDirtyHive.LOG1"]),
        read_reg("yarp__OldDirtyHive/RecoveredHive_Windows7"),
    ) else {
        return;
    };
    break_checksum(&mut primary);
    let (hive, report) = Hive::from_bytes(primary, logs).unwrap();
    assert_eq!(report.outcome, ReplayOutcome::Applied, "{report:#?}");
    assert_eq!(
        report.base_block_from_log.as_deref(),
        Some("OldDirtyHive.LOG1")
    );
    assert!(hive.base_block().checksum_ok());
    let (truth, _) = Hive::from_bytes(truth, vec![]).unwrap();
    assert_eq!(
        diff_trees(&tree(&hive), &tree(&truth)),
        Vec::<String>::new()
    );
}

#[test]
fn clean_hive_ignores_logs() {
    let (Some(clean), Some(logs)) = (
        read_reg("yarp__NewDirtyHive1/RecoveredHive_Windows10"),
        read_logs(&[
            "yarp__NewDirtyHive1/NewDirtyHive.LOG1",
            "yarp__NewDirtyHive1/NewDirtyHive.LOG2",
        ]),
    ) else {
        return;
    };
    let (hive, report) = Hive::from_bytes(clean.clone(), logs).unwrap();
    assert!(!report.primary_dirty);
    assert_eq!(report.outcome, ReplayOutcome::NotNeeded);
    assert!(report.logs.iter().all(|l| l.status == LogStatus::NotNeeded));
    // The logs are still described.
    assert_eq!(report.logs[1].entry_sequences, Some((3, 5)));
    assert!(hive.as_bytes() == clean.as_slice());
    let json = serde_json::to_string(&report).unwrap();
    assert!(json.contains("\"outcome\":\"not_needed\""), "{json}");
}

#[test]
fn old_log_with_other_timestamp_is_not_applied() {
    let (Some(primary), Some(mut logs)) = (
        read_reg("yarp__OldDirtyHive/OldDirtyHive"),
        read_logs(&["yarp__OldDirtyHive/OldDirtyHive.LOG1"]),
    ) else {
        return;
    };
    // Change the log's timestamp and fix its checksum: a log of another write.
    let l = &mut logs[0].1;
    l[12] ^= 1;
    let c = vmrescue_registry::hive::base_block_checksum(l);
    l[508..512].copy_from_slice(&c.to_le_bytes());
    let (_, report) = Hive::from_bytes(primary, logs).unwrap();
    assert_eq!(report.outcome, ReplayOutcome::NotApplied);
    assert!(matches!(
        report.logs[0].status,
        LogStatus::Skipped {
            reason: SkipReason::TimestampMismatch { .. }
        }
    ));
}
