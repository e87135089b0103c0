//! Helpers shared by the binary's end-to-end tests.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs the `vmrescue` binary with `args` (English messages).
pub fn vmrescue(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vmrescue"))
        .args(args)
        .env("LANG", "C")
        .output()
        .expect("run vmrescue")
}

/// Runs `vmrescue` and parses its JSON output, failing the test on an error.
pub fn json(args: &[&str]) -> serde_json::Value {
    let out = vmrescue(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// A path as a `&str` argument.
pub fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A value as Debian's `hivexget` (an independent reader) prints it. Fails
/// the test when hivexget rejects the hive or the value; `None` only when
/// hivexget is not installed (the test is then skipped, a failure under
/// CI=true).
pub fn hivexget(hive: &Path, key: &str, value: &str) -> Option<String> {
    if !vmrescue_testkit::tool("hivexget", "libhivex-bin") {
        return None;
    }
    let out = Command::new("hivexget")
        .arg(hive)
        .arg(key)
        .arg(value)
        .output()
        .expect("run hivexget");
    assert!(
        out.status.success(),
        "hivexget rejects {} {key} {value}: {}",
        hive.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}
