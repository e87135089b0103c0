//! Test helpers: scratch copies of the real fixtures laid out as a mounted
//! Windows volume, and hivex (Debian libhivex-bin) as an independent reader.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository's registry fixtures (`fixtures/real/registry`, unpacked):
/// regipy__SYSTEM, regipy__SYSTEM_B with its logs, regipy__BCD.
pub fn registry_fixtures() -> PathBuf {
    vmrescue_testkit::vendored_dir().join("registry")
}

/// A fresh scratch directory under the target directory.
pub fn scratch(name: &str) -> PathBuf {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/prepare-test-scratch")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).expect("create scratch dir");
    base
}

/// Which SYSTEM hive to place.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Sys {
    /// regipy's clean Windows 7 SYSTEM (Current 1, Default 1, LastKnownGood 2).
    Clean,
    /// regipy's dirty Windows 10 SYSTEM_B with its two logs.
    Dirty,
}

/// Lays out `vol/Windows/System32/config/SYSTEM` (+ logs) and
/// `vol/Boot/BCD` from copies of the fixtures. Returns the volume root.
pub fn volume(name: &str, sys: Sys, with_bcd: bool) -> Option<PathBuf> {
    let f = registry_fixtures();
    let vol = scratch(name).join("vol");
    let cfg = vol.join("Windows/System32/config");
    std::fs::create_dir_all(&cfg).unwrap();
    let copies: Vec<(PathBuf, PathBuf)> = match sys {
        Sys::Clean => vec![(f.join("regipy__SYSTEM"), cfg.join("SYSTEM"))],
        Sys::Dirty => vec![
            (f.join("regipy__SYSTEM_B/SYSTEM_B"), cfg.join("SYSTEM")),
            (
                f.join("regipy__SYSTEM_B/SYSTEM_B.LOG1"),
                cfg.join("SYSTEM.LOG1"),
            ),
            (
                f.join("regipy__SYSTEM_B/SYSTEM_B.LOG2"),
                cfg.join("SYSTEM.LOG2"),
            ),
        ],
    };
    for (from, to) in copies {
        assert!(from.is_file(), "{} is missing", from.display());
        std::fs::write(&to, std::fs::read(&from).unwrap()).unwrap();
    }
    if with_bcd {
        let b = f.join("regipy__BCD");
        assert!(b.is_file(), "{} is missing", b.display());
        std::fs::create_dir_all(vol.join("Boot")).unwrap();
        std::fs::write(vol.join("Boot/BCD"), std::fs::read(&b).unwrap()).unwrap();
    }
    Some(vol)
}

/// True when a hivex program is installed; otherwise the test is skipped
/// (a failure under CI=true).
pub fn have_tool(tool: &str) -> bool {
    vmrescue_testkit::tool(tool, "libhivex-bin")
}

/// `hivexget FILE KEY VALUE` (hivex's own formatting).
pub fn hivexget(file: &Path, key: &str, value: &str) -> Option<String> {
    if !have_tool("hivexget") {
        return None;
    }
    let out = Command::new("hivexget")
        .arg(file)
        .arg(key)
        .arg(value)
        .output()
        .expect("run hivexget");
    assert!(
        out.status.success(),
        "hivexget {key} {value}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).trim_end().to_string())
}

/// hivexml's full export without cell positions: one line per key (path,
/// mtime) and per value (path, name, type, value, strings).
pub fn hivex_lines(file: &Path) -> Option<BTreeSet<String>> {
    if !have_tool("hivexml") {
        return None;
    }
    let out = Command::new("hivexml")
        .arg(file)
        .output()
        .expect("run hivexml");
    assert!(
        out.status.success(),
        "hivexml rejected {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(vmrescue_testkit::hivexml::export_lines(
        &String::from_utf8(out.stdout).expect("utf8"),
    ))
}

#[allow(unused_imports)]
pub use vmrescue_testkit::hivexml::{XNode, parse_xml};
