//! Every message the reports can show exists in English, Swedish and
//! Spanish, and no rendered report shows a raw message id or an unresolved
//! Fluent placeable. The diagnoses are built from synthetic evidence
//! (tests/common), which together reach every message id in the rules.

mod common;

use std::collections::BTreeSet;

use vmrescue_l10n::{Lang, has_message, message_ids};
use vmrescue_report::{html, schema, text};

const PREFIXES: [&str; 9] = [
    "ev-",
    "ready-",
    "step-",
    "cause-",
    "likelihood-",
    "origin-",
    "dumptype-",
    "fact-",
    "report-",
];

/// The report's ids, from the English file.
fn report_ids() -> Vec<String> {
    message_ids(Lang::En)
        .into_iter()
        .filter(|id| PREFIXES.iter().any(|p| id.starts_with(p)))
        .collect()
}

/// The visible text of an HTML page (tags dropped, entities kept).
fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    let body = html.split("</style>").nth(1).unwrap_or(html);
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn assert_no_raw_ids(what: &str, rendered: &str, ids: &[String]) {
    let raw: Vec<&String> = ids
        .iter()
        .filter(|id| rendered.contains(id.as_str()))
        .collect();
    assert!(
        raw.is_empty(),
        "{what}: raw message ids in the output: {raw:?}"
    );
    assert!(
        !rendered.contains("{$") && !rendered.contains("{ $"),
        "{what}: an unresolved Fluent placeable:\n{rendered}"
    );
}

#[test]
fn the_scenarios_reach_every_message_id_of_the_rules() {
    let rules = common::rule_message_ids();
    assert!(
        rules.len() >= 40,
        "too few ids found in rules.rs: {rules:?}"
    );
    let used: BTreeSet<String> = common::diagnoses()
        .iter()
        .flat_map(|(_, d)| common::message_ids(d))
        .collect();
    let missing: Vec<&String> = rules.iter().filter(|id| !used.contains(*id)).collect();
    assert!(
        missing.is_empty(),
        "no synthetic scenario produces {missing:?}: add evidence for them to tests/common"
    );
}

#[test]
fn the_scenarios_reach_every_rule() {
    // Every rule of the table (docs/rules.md) weighs some synthetic evidence.
    let used: BTreeSet<String> = common::diagnoses()
        .iter()
        .flat_map(|(_, d)| d.causes.iter().flat_map(|c| c.evidence.iter()))
        .filter_map(|e| e.rule.clone())
        .collect();
    let missing: Vec<&str> = vmrescue_diagnose::table::RULES
        .iter()
        .map(|r| r.name)
        .filter(|n| !used.contains(*n))
        .collect();
    assert!(
        missing.is_empty(),
        "no synthetic scenario reaches the rules {missing:?}: add evidence for them to tests/common"
    );
}

#[test]
fn every_id_the_reports_use_exists_in_every_language() {
    // Ids from the rules, and ids derived from the model's enums (read from
    // the JSON Schema, so a new variant needs its words too).
    let schema: serde_json::Value = serde_json::from_str(&schema()).unwrap();
    let defs = &schema["$defs"];
    let enum_values = |name: &str| -> Vec<String> {
        let d = &defs[name];
        let mut v: Vec<String> = d["enum"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        if let Some(one_of) = d["oneOf"].as_array() {
            for alt in one_of {
                if let Some(c) = alt["const"]
                    .as_str()
                    .or_else(|| alt["properties"]["kind"]["const"].as_str())
                {
                    v.push(c.to_string());
                }
            }
        }
        assert!(!v.is_empty(), "no values for {name} in the schema");
        v
    };
    let mut needed: Vec<String> = common::rule_message_ids();
    for c in enum_values("CauseId") {
        needed.push(format!("cause-{c}"));
        needed.push(format!("cause-{c}-description"));
    }
    needed.extend(
        enum_values("Likelihood")
            .iter()
            .map(|l| format!("likelihood-{l}")),
    );
    needed.extend(
        enum_values("StopOrigin")
            .iter()
            .map(|o| format!("origin-{o}")),
    );
    for k in enum_values("Fact") {
        needed.push(format!("fact-{k}"));
        needed.push(format!("fact-{k}-summary"));
    }
    for t in ["none", "complete", "kernel", "small", "automatic", "active"] {
        needed.push(format!("dumptype-{t}"));
    }
    for lang in Lang::ALL {
        let missing: Vec<&String> = needed.iter().filter(|id| !has_message(lang, id)).collect();
        assert!(missing.is_empty(), "{}: missing {missing:?}", lang.code());
    }
    let fact_kinds = enum_values("Fact");
    assert!(fact_kinds.len() >= 30, "{fact_kinds:?}");
}

#[test]
fn the_scenarios_cover_every_fact_kind() {
    let d = &common::diagnoses()[0].1;
    let seen: BTreeSet<String> = d
        .evidence
        .iter()
        .map(|f| {
            serde_json::to_value(f).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let schema: serde_json::Value = serde_json::from_str(&schema()).unwrap();
    let all: BTreeSet<String> = schema["$defs"]["Fact"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| {
            a["properties"]["kind"]["const"]
                .as_str()
                .map(str::to_string)
        })
        .collect();
    let missing: Vec<&String> = all.difference(&seen).collect();
    assert!(
        missing.is_empty(),
        "the 'everything' scenario lacks {missing:?}"
    );
}

#[test]
fn no_report_shows_a_raw_id_in_any_language() {
    let ids = report_ids();
    assert!(ids.len() > 150, "{}", ids.len());
    for (name, d) in common::diagnoses() {
        for lang in Lang::ALL {
            let what = format!("{name}/{}", lang.code());
            assert_no_raw_ids(&format!("text {what}"), &text(&d, lang, false), &ids);
            assert_no_raw_ids(&format!("html {what}"), &visible(&html(&d, lang)), &ids);
        }
    }
}

#[test]
fn the_languages_really_differ() {
    let d = &common::diagnoses()[0].1;
    let en = text(d, Lang::En, false);
    let sv = text(d, Lang::Sv, false);
    let es = text(d, Lang::Es, false);
    assert!(
        en.contains("Stop error") && en.contains("Next steps"),
        "{en}"
    );
    assert!(
        sv.contains("Stoppfel") && sv.contains("Nästa steg") && sv.contains("minnesdump"),
        "{sv}"
    );
    assert!(
        es.contains("Error de detención")
            && es.contains("Pasos siguientes")
            && es.contains("volcado de memoria"),
        "{es}"
    );
    // Every evidence sentence is translated: no English sentence of the
    // English report (beyond data) appears in the others.
    for line in en
        .lines()
        .filter(|l| l.trim_start().starts_with("+ ") || l.trim_start().starts_with("− "))
    {
        let t = line.trim_start();
        let sentence = t
            .strip_prefix("+ ")
            .or_else(|| t.strip_prefix("− "))
            .unwrap_or(t)
            .to_string();
        assert!(
            !sv.contains(&sentence) && !es.contains(&sentence),
            "untranslated: {sentence}"
        );
    }
}
