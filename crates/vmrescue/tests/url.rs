//! The commands on a disk served over HTTP by Debian's nginx on 127.0.0.1,
//! with a SAS-like signed URL: the same answers as from the file, and the
//! signature never appears in any output.

#![allow(dead_code)]

#[path = "../../http/tests/common/mod.rs"]
mod common;

use std::process::{Command, Output};

use common::{Nginx, SECRET, nginx_or_skip, signed_url};
use vmrescue_testkit::{fixture_disks, manifest, sha256};

fn vmrescue(args: &[&str]) -> Output {
    // No proxy: loopback only.
    Command::new(env!("CARGO_BIN_EXE_vmrescue"))
        .args(args)
        .env("LANG", "C")
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .output()
        .expect("run vmrescue")
}

fn no_secret(o: &Output) {
    for text in [
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    ] {
        assert!(
            !text.contains(SECRET) && !text.contains("sig="),
            "the signature leaked: {text}"
        );
    }
}

#[test]
fn info_cat_diagnose_over_http() {
    let Some(bin) = nginx_or_skip("commands over http") else {
        return;
    };
    let dir = fixture_disks();
    let nginx = Nginx::start(&bin, &dir);
    let url = signed_url(nginx.port, "/gen2.vhd-fixed.vhd");

    let info = vmrescue(&["info", &url, "--json", "--stats"]);
    no_secret(&info);
    assert!(
        info.status.success(),
        "{}",
        String::from_utf8_lossy(&info.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&info.stdout).unwrap();
    assert_eq!(v["format"], "vhd-fixed");
    assert_eq!(v["windows"]["partition"], 3);
    assert!(v["source"].as_str().unwrap().ends_with("?<redacted>"));
    assert!(String::from_utf8_lossy(&info.stderr).contains("HTTP cache"));

    let cat = vmrescue(&["cat", &url, r"\Windows\System32\config\SYSTEM.LOG1"]);
    no_secret(&cat);
    let row = manifest(&dir, "gen2")
        .into_iter()
        .find(|r| r.path.ends_with("SYSTEM.LOG1"))
        .unwrap();
    assert_eq!(sha256(&cat.stdout), row.sha256);

    let d = vmrescue(&[
        "diagnose",
        "--format",
        "json",
        &signed_url(nginx.port, "/gen2.qcow2"),
    ]);
    no_secret(&d);
    assert!(d.status.success(), "{}", String::from_utf8_lossy(&d.stderr));
    let local = vmrescue(&[
        "diagnose",
        "--format",
        "json",
        dir.join("gen2.qcow2").to_str().unwrap(),
    ]);
    let (a, b): (serde_json::Value, serde_json::Value) = (
        serde_json::from_slice(&d.stdout).unwrap(),
        serde_json::from_slice(&local.stdout).unwrap(),
    );
    assert_eq!(a["stop_code"], b["stop_code"]);
    assert_eq!(a["causes"], b["causes"]);

    // A missing object: a clear error, no signature.
    let missing = vmrescue(&["info", &signed_url(nginx.port, "/nope.vhd")]);
    no_secret(&missing);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("404")
            || String::from_utf8_lossy(&missing.stderr)
                .to_lowercase()
                .contains("not found")
    );
}
