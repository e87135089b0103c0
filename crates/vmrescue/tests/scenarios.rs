//! The diagnosis of every scenario disk (scripts/build-scenarios.sh →
//! scripts/scenarios/build.py: one disk per cause the article names, a
//! healthy one and the hard cases around them; real hives, logs and BCD from
//! fixtures/real, a SOFTWARE hive built with hivexsh, MinGW-built stand-in
//! binaries projected from WinSxS by hard links, and synthesized dumps, as
//! each `scenario-*.expect.json` says) is asserted against its expectations.
//! The scenarios are listed by the builder's `index.tsv`.

use std::path::Path;
use std::process::Command;

use vmrescue_testkit::scenario_disks;

const ORDER: [&str; 4] = ["not_indicated", "low", "medium", "high"];

fn rank(l: &str) -> usize {
    ORDER
        .iter()
        .position(|x| *x == l)
        .unwrap_or_else(|| panic!("likelihood {l}"))
}

/// The scenario names, in the builder's order (index.tsv: name, vhdx,
/// expect_json, raw).
fn scenario_names(dir: &Path) -> Vec<String> {
    let index = std::fs::read_to_string(dir.join("index.tsv")).unwrap();
    let names: Vec<String> = index
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect();
    assert!(
        names.iter().any(|n| n == "healthy"),
        "index.tsv lists no healthy scenario: {names:?}"
    );
    names
}

fn diagnose(dir: &Path, name: &str) -> serde_json::Value {
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
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Every way one scenario's diagnosis differs from its expect.json.
fn mismatches(name: &str, expect: &serde_json::Value, d: &serde_json::Value) -> Vec<String> {
    let mut bad = Vec::new();
    if d["stop_code"] != expect["stop_code"] {
        bad.push(format!(
            "stop code {} (expected {})",
            d["stop_code"], expect["stop_code"]
        ));
    }
    let causes = d["causes"].as_array().unwrap();
    if let Some(top) = expect["top_cause"].as_str() {
        if causes[0]["id"] != top {
            bad.push(format!("top cause {} (expected {top})", causes[0]["id"]));
        }
        if !causes[0]["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["supports"] == true && e["source"].is_string())
        {
            bad.push("the top cause cites no evidence with provenance".into());
        }
        // decisive: message ids among the SUPPORTING evidence of the top cause
        // (an inner list: at least one of them)
        let supporting: Vec<&str> = causes
            .iter()
            .find(|c| c["id"] == top)
            .map(|c| c["evidence"].as_array().unwrap().as_slice())
            .unwrap_or_default()
            .iter()
            .filter(|e| e["supports"] == true)
            .filter_map(|e| e["message"]["id"].as_str())
            .collect();
        for want in expect["decisive"].as_array().into_iter().flatten() {
            let any_of: Vec<&str> = match want {
                serde_json::Value::Array(v) => v.iter().filter_map(|x| x.as_str()).collect(),
                v => vec![v.as_str().unwrap()],
            };
            if !any_of.iter().any(|id| supporting.contains(id)) {
                bad.push(format!(
                    "decisive {any_of:?} not among the supporting evidence of {top}: {supporting:?}"
                ));
            }
        }
    }
    for (cause, bounds) in expect["bounds"].as_object().unwrap() {
        let got = causes
            .iter()
            .find(|c| c["id"] == cause.as_str())
            .unwrap_or_else(|| panic!("{name}: no cause {cause}"))["likelihood"]
            .as_str()
            .unwrap();
        let (lo, hi) = (bounds[0].as_str().unwrap(), bounds[1].as_str().unwrap());
        if !(rank(lo)..=rank(hi)).contains(&rank(got)) {
            bad.push(format!("{cause} is {got}, expected {lo}..={hi}"));
        }
    }
    let steps: Vec<&str> = d["next_steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    for want in expect["steps"].as_array().into_iter().flatten() {
        let want = want.as_str().unwrap();
        if !steps.contains(&want) {
            bad.push(format!("step {want} not among the next steps {steps:?}"));
        }
    }
    // A sibling failure's procedure (0x7B, 0x74 …) only where the disk calls
    // for one: a BCD that names its own disk, a sound hive, no such steps.
    let wanted_kb: Vec<&str> = expect["steps"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|w| w.as_str()?.strip_prefix("kb_"))
        .filter_map(|w| w.rsplit_once('_').map(|(id, _)| id))
        .collect();
    for s in &steps {
        if let Some((id, _)) = s.strip_prefix("kb_").and_then(|w| w.rsplit_once('_'))
            && !wanted_kb.contains(&id)
        {
            bad.push(format!("step {s}: a procedure this disk does not call for"));
        }
    }
    if d["stop_code"].is_null() {
        if !steps.contains(&"prepare_dump") {
            bad.push(format!("no dump → prepare NMI capture: {steps:?}"));
        }
    } else {
        if !steps.contains(&"collect") {
            bad.push(format!("a dump → collect it: {steps:?}"));
        }
        if !d["dump_readiness"]["usable_dump"].is_string() {
            bad.push("the dump is not usable".into());
        }
    }
    bad
}

#[test]
fn every_scenario_gets_the_right_diagnosis() {
    let dir = scenario_disks();
    let mut failures = Vec::new();
    for name in scenario_names(&dir) {
        let expect: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("scenario-{name}.expect.json"))).unwrap(),
        )
        .unwrap();
        let d = diagnose(&dir, &name);
        failures.extend(
            mismatches(&name, &expect, &d)
                .into_iter()
                .map(|m| format!("{name}: {m}")),
        );
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_dump_in_pagefile_sys_gives_the_stop_code() {
    let dir = scenario_disks();
    let d = diagnose(&dir, "third-party");
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
    for name in scenario_names(&dir) {
        let d = diagnose(&dir, &name);
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
