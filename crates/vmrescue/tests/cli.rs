//! End-to-end: the `vmrescue` binary on the fixture disks in every format.

use std::process::Command;

use vmrescue_testkit::{FORMATS, fixtures_or_skip, manifest, sha256, sha256_file};

mod common;

use common::{json, p, vmrescue};

#[test]
fn info_json_in_every_format() {
    let Some(dir) = fixtures_or_skip("info --json") else {
        return;
    };
    for (set, windows_part, bcd) in [
        ("gen1", 1, (1, r"\Boot\BCD")),
        ("gen2", 3, (1, r"\EFI\Microsoft\Boot\BCD")),
    ] {
        for (suffix, format) in FORMATS {
            let img = dir.join(format!("{set}.{suffix}"));
            let v = json(&["info", p(&img), "--json"]);
            assert_eq!(v["format"], format, "{suffix}");
            assert_eq!(
                v["virtual_size"],
                std::fs::metadata(dir.join(format!("{set}.raw")))
                    .unwrap()
                    .len()
            );
            let parts = v["partitions"].as_array().unwrap();
            assert_eq!(parts.len(), vmrescue_testkit::layout(&dir, set).len());
            for part in parts {
                for key in ["index", "start", "size", "filesystem"] {
                    assert!(!part[key].is_null(), "{key}");
                }
            }
            assert_eq!(v["windows"]["partition"], windows_part);
            assert_eq!(v["windows"]["path"], r"\Windows");
            assert_eq!(v["bcd"]["partition"], bcd.0);
            assert_eq!(v["bcd"]["path"], bcd.1);
        }
    }
}

#[test]
fn cat_returns_the_original_bytes() {
    let Some(dir) = fixtures_or_skip("cat") else {
        return;
    };
    for set in ["gen1", "gen2"] {
        for (suffix, _) in [FORMATS[0], FORMATS[2], FORMATS[3], FORMATS[6], FORMATS[8]] {
            let img = dir.join(format!("{set}.{suffix}"));
            for row in manifest(&dir, set) {
                let part = row.partition.to_string();
                let out = vmrescue(&["cat", p(&img), &row.path, "--partition", &part]);
                assert!(
                    out.status.success(),
                    "{}: {}",
                    row.path,
                    String::from_utf8_lossy(&out.stderr)
                );
                assert_eq!(
                    sha256(&out.stdout),
                    row.sha256,
                    "{set}.{suffix}: {}",
                    row.path
                );
            }
        }
    }
    // Without --partition, paths resolve on the Windows volume.
    let out = vmrescue(&[
        "cat",
        p(&dir.join("gen2.vhdx")),
        r"\Windows\System32\config\SYSTEM",
    ]);
    assert!(out.status.success());
    assert_eq!(out.stdout.len(), 12_845_056); // the dirty SYSTEM_B hive on gen2
}

#[test]
fn ls_lists_directories_in_text_and_json() {
    let Some(dir) = fixtures_or_skip("ls") else {
        return;
    };
    let img = dir.join("gen1.qcow2");
    let v = json(&["ls", p(&img), r"\Windows\System32\config", "--json"]);
    let names: Vec<&str> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    for n in ["SAM", "SYSTEM", "RegBack"] {
        assert!(names.contains(&n), "{names:?}");
    }
    let system = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "SYSTEM")
        .unwrap();
    assert_eq!(system["size"], 11_771_904);
    assert!(system["modified"].as_str().unwrap().ends_with('Z'));
    let out = vmrescue(&[
        "ls",
        p(&dir.join("gen2.raw")),
        "/EFI/Microsoft/Boot",
        "--partition",
        "1",
    ]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("BCD"));
}

#[test]
fn errors_and_exit_codes() {
    let Some(dir) = fixtures_or_skip("exit codes") else {
        return;
    };
    let img = dir.join("gen1.raw");
    assert_eq!(
        vmrescue(&["cat", p(&img), r"\Windows\nothing-here"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(vmrescue(&["info"]).status.code(), Some(2));
    assert_eq!(vmrescue(&["frobnicate"]).status.code(), Some(2));
    let missing = vmrescue(&["info", "/nonexistent/disk.vhd"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/disk.vhd"));
    let out = vmrescue(&["cat", p(&img), r"\Windows"]);
    assert_eq!(out.status.code(), Some(1));
    let sv = Command::new(env!("CARGO_BIN_EXE_vmrescue"))
        .args(["--lang", "sv", "cat", p(&img), r"\Windows"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&sv.stderr).contains("katalog"),
        "{}",
        String::from_utf8_lossy(&sv.stderr)
    );
}

#[test]
fn a_full_run_leaves_the_evidence_unchanged() {
    let Some(dir) = fixtures_or_skip("evidence hash") else {
        return;
    };
    for name in ["gen1.vhd-fixed.vhd", "gen2.vhdx", "gen2.qcow2c.qcow2"] {
        let img = dir.join(name);
        let before = sha256_file(&img);
        let mtime = std::fs::metadata(&img).unwrap().modified().unwrap();
        json(&["info", p(&img), "--json"]);
        json(&["ls", p(&img), r"\Windows\System32\config", "--json"]);
        assert!(
            vmrescue(&["cat", p(&img), r"\Windows\System32\config\SYSTEM"])
                .status
                .success()
        );
        assert_eq!(sha256_file(&img), before, "{name} changed");
        assert_eq!(std::fs::metadata(&img).unwrap().modified().unwrap(), mtime);
    }
}

#[test]
fn truncated_images_give_clear_errors() {
    let Some(dir) = fixtures_or_skip("truncated images") else {
        return;
    };
    let tmp = std::env::temp_dir().join(format!("vmrescue-trunc-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    for (suffix, _) in FORMATS {
        let src = dir.join(format!("gen1.{suffix}"));
        let len = std::fs::metadata(&src).unwrap().len();
        let cut = tmp.join(format!("cut.{suffix}"));
        let data = std::fs::read(&src).unwrap();
        std::fs::write(&cut, &data[..(len / 2) as usize]).unwrap();
        let out = vmrescue(&["cat", p(&cut), r"\Windows\System32\config\SYSTEM"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{suffix}: {stderr}");
        if out.status.success() {
            // Only acceptable if every byte is right (the file sat in the kept half).
            let row = manifest(&dir, "gen1")
                .into_iter()
                .find(|r| r.path.ends_with("config/SYSTEM"))
                .unwrap();
            assert_eq!(
                sha256(&out.stdout),
                row.sha256,
                "{suffix}: wrong bytes without an error"
            );
        } else {
            assert_eq!(out.status.code(), Some(1), "{suffix}");
            assert!(
                stderr.contains("cut."),
                "{suffix}: error should name the file: {stderr}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn a_block_device_is_read_like_an_image() {
    let Some(dir) = fixtures_or_skip("block device") else {
        return;
    };
    // A read-only loop device over the raw fixture (needs root and loop support).
    let Ok(out) = Command::new("losetup")
        .args(["-r", "-f", "--show"])
        .arg(dir.join("gen1.raw"))
        .output()
    else {
        eprintln!("SKIPPED: losetup not available");
        return;
    };
    if !out.status.success() {
        eprintln!(
            "SKIPPED: cannot attach a loop device: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }
    let dev = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let v = json(&["info", &dev, "--json"]);
    let cat = vmrescue(&["cat", &dev, r"\Windows\System32\config\SAM"]);
    let _ = Command::new("losetup").args(["-d", &dev]).status();
    assert_eq!(v["format"], "raw");
    assert_eq!(v["windows"]["partition"], 1);
    let row = manifest(&dir, "gen1")
        .into_iter()
        .find(|r| r.path.ends_with("config/SAM"))
        .unwrap();
    assert_eq!(sha256(&cat.stdout), row.sha256);
}
