//! `vmrescue triage`: a mixed list of scenario disks (files) and one served
//! by Debian's nginx on 127.0.0.1 behind a signed URL, plus a source that
//! does not exist, in parallel. Every line is valid JSON with the contract's
//! keys; each disk's `diagnosis` equals `diagnose --format json` on that disk
//! alone; the bad source is an error line and the rest goes on (exit 1); the
//! signature never appears.

#![allow(dead_code)]

#[path = "../../http/tests/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{Nginx, SECRET, nginx_or_skip, signed_url};
use vmrescue_testkit::scenario_disks;

fn vmrescue(args: &[&str], stdin: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vmrescue"));
    c.args(args)
        .env("LANG", "C")
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if stdin.is_some() {
        c.stdin(Stdio::piped());
    }
    let mut child = c.spawn().expect("run vmrescue");
    if let Some(text) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    child.wait_with_output().unwrap()
}

fn alone(source: &str) -> serde_json::Value {
    let o = vmrescue(&["diagnose", "--format", "json", source], None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

const KEYS: [&str; 10] = [
    "source",
    "ok",
    "error",
    "stop_code",
    "stop_name",
    "top_cause",
    "repairs",
    "elapsed_ms",
    "bytes_read",
    "diagnosis",
];

#[test]
fn a_mixed_list_is_diagnosed_disk_by_disk_in_parallel() {
    let Some(bin) = nginx_or_skip("triage over http") else {
        return;
    };
    let dir = scenario_disks();
    let nginx = Nginx::start(&bin, &dir);
    let url = signed_url(nginx.port, "/scenario-third-party.vhdx");
    let file = |n: &str| {
        dir.join(format!("scenario-{n}.vhdx"))
            .to_string_lossy()
            .into_owned()
    };
    let (healthy, failed, restore) = (
        file("healthy"),
        file("failed-update"),
        file("botched-restore"),
    );
    let missing = dir.join("no-such-disk.vhdx").to_string_lossy().into_owned();
    // Two on the command line, the rest from standard input (with a comment).
    let list = format!("# fleet\n{restore}\n{url}\n\n{missing}\n");
    let o = vmrescue(
        &[
            "triage",
            &healthy,
            &failed,
            "--sources-from",
            "-",
            "--jobs",
            "3",
        ],
        Some(&list),
    );
    let (stdout, stderr) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert!(!stdout.contains(SECRET) && !stderr.contains(SECRET) && !stdout.contains("sig="));
    assert_eq!(o.status.code(), Some(1), "one source is missing: {stderr}");
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), 5, "{stdout}");
    let mut by_source: BTreeMap<String, &serde_json::Value> = BTreeMap::new();
    for l in &lines {
        for k in KEYS {
            assert!(l.get(k).is_some(), "no {k} in {l}");
        }
        by_source.insert(l["source"].as_str().unwrap().to_string(), l);
    }
    // The bad source: an error naming it, nothing else.
    let bad = by_source[&missing];
    assert_eq!(bad["ok"], false);
    assert!(
        bad["error"].as_str().unwrap().contains("no-such-disk.vhdx"),
        "{bad}"
    );
    assert!(bad["diagnosis"].is_null() && bad["top_cause"].is_null());
    // The URL is shown redacted.
    let redacted = by_source
        .keys()
        .find(|k| k.ends_with("?<redacted>"))
        .expect("the URL's line")
        .clone();
    // Each disk: the same diagnosis as `diagnose` on that disk alone.
    for (shown, source) in [
        (healthy.clone(), healthy.clone()),
        (failed.clone(), failed.clone()),
        (restore.clone(), restore.clone()),
        (redacted, url.clone()),
    ] {
        let l = by_source[&shown];
        assert_eq!(l["ok"], true, "{l}");
        assert!(l["error"].is_null());
        let d = alone(&source);
        assert_eq!(l["diagnosis"], d, "{shown}: triage and diagnose differ");
        assert_eq!(l["stop_code"], d["stop_code"]);
        assert!(l["bytes_read"].as_u64().unwrap() > 0);
        assert!(l["repairs"].as_array().unwrap().is_empty());
    }
    let top = |s: &str| by_source[s]["top_cause"].clone();
    assert!(top(&healthy).is_null(), "a healthy disk has no top cause");
    assert_eq!(top(&failed)["id"], "failed_update");
    assert_eq!(top(&failed)["likelihood"], "high");
    assert_eq!(top(&restore)["id"], "incomplete_restore");
    // The summary on stderr: counts per stop code and cause.
    assert!(stderr.contains("5 sources, 1 not diagnosed"), "{stderr}");
    assert!(stderr.contains("failed_update (high)"), "{stderr}");
}

#[test]
fn triage_writes_a_file_and_needs_a_source() {
    let dir = scenario_disks();
    let out = std::env::temp_dir().join(format!("vmrescue-triage-{}.jsonl", std::process::id()));
    let healthy = dir.join("scenario-healthy.vhdx");
    let o = vmrescue(
        &[
            "triage",
            healthy.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stdout.is_empty());
    let text = std::fs::read_to_string(&out).unwrap();
    let _ = std::fs::remove_file(&out);
    assert_eq!(text.lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(Path::new(v["source"].as_str().unwrap()), healthy);
    // No source at all is a usage error.
    let none = vmrescue(&["triage"], None);
    assert_eq!(none.status.code(), Some(2));
}
