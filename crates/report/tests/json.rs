//! The JSON report and its published schema, on synthetic diagnoses
//! (tests/common). `UPDATE_SCHEMA=1` rewrites docs/diagnosis.schema.json.

mod common;

use std::path::PathBuf;

use vmrescue_report::{json, schema};

fn schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/diagnosis.schema.json")
}

#[test]
fn the_committed_schema_is_current() {
    let path = schema_path();
    let current = schema();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &current).unwrap();
    }
    let committed = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_SCHEMA=1 writes it)", path.display()));
    assert!(
        committed == current,
        "docs/diagnosis.schema.json is stale: run `UPDATE_SCHEMA=1 cargo test -p vmrescue-report --test json` and commit it"
    );
}

#[test]
fn every_report_validates_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(&schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    for (name, d) in common::diagnoses() {
        let v: serde_json::Value = serde_json::from_str(&json(&d)).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
    // And the schema rejects what breaks the contract.
    let mut bad: serde_json::Value =
        serde_json::from_str(&json(&common::diagnoses()[0].1)).unwrap();
    bad["causes"][0]["likelihood"] = "certain".into();
    assert!(!validator.is_valid(&bad));
    bad.as_object_mut().unwrap().remove("next_steps");
    assert!(!validator.is_valid(&bad));
}

#[test]
fn the_contract_keys_are_there() {
    let d = &common::diagnoses()[0].1;
    let text = json(d);
    assert!(text.ends_with("}\n"));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["stop_code"], "0xC000021A");
    assert_eq!(v["stop_name"], "WINLOGON_FATAL_ERROR");
    let causes = v["causes"].as_array().unwrap();
    assert_eq!(causes.len(), 4);
    for c in causes {
        assert!(
            c["id"].is_string() && c["likelihood"].is_string() && c["evidence"].is_array(),
            "{c}"
        );
        for e in c["evidence"].as_array().unwrap() {
            // Messages are ids with arguments, never prose.
            assert!(
                e["message"]["id"].as_str().unwrap().starts_with("ev-"),
                "{e}"
            );
            assert!(e["message"]["args"].is_object());
        }
    }
    assert!(v["dump_readiness"]["ready"].is_boolean());
    assert!(v["next_steps"].as_array().unwrap().iter().all(|s| {
        let id = s["message"]["id"].as_str().unwrap();
        id.starts_with("step-") || id.starts_with("kb-")
    }));
    // No stop code: null, not absent.
    let healthy: serde_json::Value =
        serde_json::from_str(&json(&common::diagnoses()[1].1)).unwrap();
    assert!(
        healthy.as_object().unwrap().contains_key("stop_code") && healthy["stop_code"].is_null()
    );
}
