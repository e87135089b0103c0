//! End-to-end: the `vmrescue` binary on the fixture disks in every format.

use std::process::Command;

use vmrescue_testkit::{FORMATS, fixture_disks, manifest, repo_root, sha256, sha256_file};

mod common;

use common::{json, p, vmrescue};

#[test]
fn info_json_in_every_format() {
    let dir = fixture_disks();
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
    let dir = fixture_disks();
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
    let dir = fixture_disks();
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
    let dir = fixture_disks();
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
    let dir = fixture_disks();
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
    let dir = fixture_disks();
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
    let dir = fixture_disks();
    // A read-only loop device over the raw fixture (needs root and loop support).
    let Ok(out) = Command::new("losetup")
        .args(["-r", "-f", "--show"])
        .arg(dir.join("gen1.raw"))
        .output()
    else {
        vmrescue_testkit::skip("losetup is not available (Debian package mount)");
        return;
    };
    if !out.status.success() {
        vmrescue_testkit::skip(format!(
            "cannot attach a loop device (needs root and loop support): {}",
            String::from_utf8_lossy(&out.stderr)
        ));
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

#[test]
fn a_closed_stdout_ends_quietly() {
    let dir = fixture_disks();
    let raw = dir.join("gen1.raw");
    // `reg -s` prints far more than a pipe holds, so the write after the
    // reader has gone is certain; `info` may have written all before.
    for args in [
        vec!["reg", p(&raw), r"HKLM\SYSTEM\ControlSet001", "-s"],
        vec!["info", p(&raw)],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vmrescue"))
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn vmrescue");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    }
}

#[test]
fn first_run_mistakes_get_messages_that_name_the_problem() {
    let tmp = std::env::temp_dir().join(format!("vmrescue-first-run-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    // An empty file is said to be empty, not "0 bytes long" in sector terms.
    let empty = tmp.join("empty.img");
    std::fs::write(&empty, b"").unwrap();
    let out = vmrescue(&["info", p(&empty)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("empty"),
        "{out:?}"
    );
    // A text file given to `dump` is not a crash dump.
    let notes = tmp.join("notes.txt");
    std::fs::write(
        &notes,
        "The VM stopped with a blue screen on Monday.\n".repeat(40),
    )
    .unwrap();
    let out = vmrescue(&["dump", p(&notes)]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a crash dump"), "{err}");
    assert!(err.contains("notes.txt"), "{err}");
    // A report path in a missing folder is named.
    let example = repo_root().join("examples/broken-vm-0xc000021a.qcow2");
    let out = vmrescue(&["diagnose", p(&example), "-o", "/nonexistent/dir/r.html"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("/nonexistent/dir/r.html"),
        "{out:?}"
    );
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn the_bundled_example_shows_the_mission() {
    // The README's first command: a broken VM with stop error 0xC000021A.
    let example = repo_root().join("examples/broken-vm-0xc000021a.qcow2");
    let v = json(&["diagnose", p(&example), "--format", "json"]);
    assert_eq!(v["stop_code"], "0xC000021A");
    assert_eq!(v["stop_sources"][0]["origin"], "memory_dump");
    assert_eq!(v["stop_sources"][0]["process"], "csrss.exe");
    let top = &v["causes"][0];
    assert_eq!(top["id"], "failed_update", "{top}");
    assert_eq!(top["likelihood"], "high", "{top}");
    assert!(!top["evidence"].as_array().unwrap().is_empty());
    assert!(!v["next_steps"].as_array().unwrap().is_empty());
    let text = vmrescue(&["diagnose", p(&example)]);
    assert!(text.status.success());
    let t = String::from_utf8_lossy(&text.stdout);
    assert!(t.contains("0xC000021A") && t.contains("csrss.exe"), "{t}");
}

#[test]
fn ls_shows_the_four_ntfs_times() {
    let dir = fixture_disks();
    let raw = dir.join("gen1.raw");
    let path = r"\Windows\System32\config";
    let v = json(&["ls", p(&raw), path, "--json"]);
    let sys = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "SYSTEM")
        .expect("SYSTEM")
        .clone();
    let out = vmrescue(&["ls", p(&raw), path]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let header = text.lines().next().unwrap();
    for col in [
        "Created",
        "Modified",
        "MFT changed",
        "Accessed",
        "Size",
        "Name",
    ] {
        assert!(header.contains(col), "{header}");
    }
    let row = text
        .lines()
        .find(|l| l.trim_end().ends_with(" SYSTEM"))
        .expect("SYSTEM row");
    for key in ["created", "modified", "mft_modified", "accessed"] {
        let t = sys[key].as_str().unwrap();
        let shown = t[..19].replace('T', " ");
        assert!(row.contains(&shown), "{key} {shown} not in {row}");
    }
}

#[test]
fn a_truncated_image_is_a_source_problem_not_a_windows_cause() {
    // The first MB of the example disk, as an interrupted download leaves it.
    let example = repo_root().join("examples/example-gen2.qcow2");
    let bytes = std::fs::read(&example).unwrap();
    let tmp = std::env::temp_dir().join(format!("vmrescue-truncated-{}.qcow2", std::process::id()));
    std::fs::write(&tmp, &bytes[..1 << 20]).unwrap();
    let out = vmrescue(&["diagnose", p(&tmp), "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the Windows volume could not be read"
    );
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("the report is still written");
    let problems = v["source_problems"].as_array().unwrap();
    assert!(!problems.is_empty());
    assert!(
        problems
            .iter()
            .any(|p| p.as_str().unwrap().contains("truncated"))
    );
    for c in v["causes"].as_array().unwrap() {
        let text = c["evidence"].to_string();
        assert!(
            !text.contains("truncated"),
            "a read error counted for {}: {text}",
            c["id"]
        );
        if c["id"] == "incomplete_restore" {
            assert_eq!(c["likelihood"], "not_indicated", "{c}");
        }
    }
    let text = vmrescue(&["diagnose", p(&tmp)]);
    let t = String::from_utf8_lossy(&text.stdout);
    let first_section = t.lines().nth(3).unwrap_or_default();
    assert!(first_section.contains("could not be read"), "{t}");
    let _ = std::fs::remove_file(&tmp);
}
