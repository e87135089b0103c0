//! The diagnosis of every scenario disk (scripts/build-scenarios.sh: one
//! disk per cause the article names, plus a healthy one; real hives, logs
//! and BCD from ../shared/fixtures, a SOFTWARE hive built with hivexsh,
//! MinGW-built stand-in binaries and synthesized dumps, as each
//! `scenario-*.expect.json` says) is asserted against its expectations.

use std::process::Command;

use vmrescue_testkit::scenario_disks;

const ORDER: [&str; 4] = ["not_indicated", "low", "medium", "high"];

fn rank(l: &str) -> usize {
    ORDER
        .iter()
        .position(|x| *x == l)
        .unwrap_or_else(|| panic!("likelihood {l}"))
}

#[test]
fn every_scenario_gets_the_right_diagnosis() {
    let dir = scenario_disks();
    for name in [
        "healthy",
        "failed-update",
        "mismatched-files",
        "third-party",
        "botched-restore",
    ] {
        let expect: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("scenario-{name}.expect.json"))).unwrap(),
        )
        .unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_vmrescue"))
            .args(["diagnose", "--format", "json"])
            .arg(dir.join(format!("scenario-{name}.vhdx")))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(d["stop_code"], expect["stop_code"], "{name}: stop code");
        let causes = d["causes"].as_array().unwrap();
        if let Some(top) = expect["top_cause"].as_str() {
            assert_eq!(causes[0]["id"], top, "{name}: top cause");
            assert!(
                causes[0]["evidence"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|e| e["supports"] == true && e["source"].is_string()),
                "{name}: the top cause cites its evidence with provenance"
            );
        }
        for (cause, bounds) in expect["bounds"].as_object().unwrap() {
            let got = causes.iter().find(|c| c["id"] == cause.as_str()).unwrap()["likelihood"]
                .as_str()
                .unwrap();
            let (lo, hi) = (bounds[0].as_str().unwrap(), bounds[1].as_str().unwrap());
            assert!(
                (rank(lo)..=rank(hi)).contains(&rank(got)),
                "{name}: {cause} is {got}, expected {lo}..={hi}"
            );
        }
        let steps: Vec<&str> = d["next_steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap())
            .collect();
        if d["stop_code"].is_null() {
            assert!(
                steps.contains(&"prepare_dump"),
                "{name}: no dump → prepare NMI capture: {steps:?}"
            );
        } else {
            assert!(
                steps.contains(&"collect"),
                "{name}: a dump → collect it: {steps:?}"
            );
            assert!(
                d["dump_readiness"]["usable_dump"].is_string(),
                "{name}: the dump is usable"
            );
        }
    }
}

#[test]
fn the_dump_in_pagefile_sys_gives_the_stop_code() {
    let dir = scenario_disks();
    let out = Command::new(env!("CARGO_BIN_EXE_vmrescue"))
        .args(["diagnose", "--format", "json"])
        .arg(dir.join("scenario-third-party.vhdx"))
        .output()
        .unwrap();
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["stop_sources"][0]["origin"], "pagefile_dump");
    assert_eq!(d["stop_sources"][0]["process"], "winlogon.exe");
}

#[test]
fn residue_is_never_evidence_and_a_healthy_disk_has_no_cause() {
    let dir = scenario_disks();
    // What every Windows disk carries: said once, as "not counted", never "For".
    let residue = [
        "ev-residue-update-failures",
        "ev-residue-old-update-failures",
        "ev-residue-renames",
        "ev-residue-services",
        "ev-residue-service-events",
    ];
    for name in [
        "healthy",
        "failed-update",
        "mismatched-files",
        "third-party",
        "botched-restore",
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_vmrescue"))
            .args(["diagnose", "--format", "json"])
            .arg(dir.join(format!("scenario-{name}.vhdx")))
            .output()
            .unwrap();
        let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for c in d["causes"].as_array().unwrap() {
            let mut seen = std::collections::HashSet::new();
            for e in c["evidence"].as_array().unwrap() {
                let id = e["message"]["id"].as_str().unwrap();
                if residue.contains(&id) {
                    assert_eq!(e["supports"], false, "{name}: {id} counted for {}", c["id"]);
                    assert!(seen.insert(id), "{name}: {id} said twice for {}", c["id"]);
                }
            }
            if name == "healthy" {
                assert_eq!(c["likelihood"], "not_indicated", "healthy: {c}");
                assert!(
                    c["evidence"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .all(|e| e["supports"] == false),
                    "healthy: a 'For' item: {c}"
                );
            }
        }
        // A hive counts once per cause, however many collectors saw it.
        let restore = d["causes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "incomplete_restore")
            .unwrap();
        let hives: Vec<&str> = restore["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["message"]["id"] == "ev-hive-damaged")
            .map(|e| e["message"]["args"]["hive"].as_str().unwrap_or_default())
            .collect();
        let unique: std::collections::HashSet<_> = hives.iter().collect();
        assert_eq!(unique.len(), hives.len(), "{name}: {hives:?}");
    }
}
