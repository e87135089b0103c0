//! `vmrescue collect` and `verify` end to end: a bundle from a scenario disk
//! (dump recovered from pagefile.sys) opens with the system's tar, holds the
//! diagnosis, and a flipped byte makes `verify` fail.

use std::process::Command;

use vmrescue_testkit::scenario_disks;

fn vmrescue(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vmrescue"))
        .args(args)
        .env("LANG", "C")
        .output()
        .expect("run")
}

#[test]
fn collect_verify_and_detect_damage() {
    let dir = scenario_disks();
    let out = std::env::temp_dir().join(format!("vmrescue-collect-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let bundle = out.join("bundle.tar.zst");
    let disk = dir.join("scenario-third-party.vhdx");
    let c = vmrescue(&[
        "collect",
        disk.to_str().unwrap(),
        "-o",
        bundle.to_str().unwrap(),
    ]);
    assert!(c.status.success(), "{}", String::from_utf8_lossy(&c.stderr));
    assert!(String::from_utf8_lossy(&c.stdout).contains("NOT encrypted"));
    let v = vmrescue(&["verify", bundle.to_str().unwrap()]);
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stdout));

    // The system's tar (an independent reader) lists the members, manifest first.
    if vmrescue_testkit::tool("tar", "tar") && vmrescue_testkit::tool("zstd", "zstd") {
        let t = Command::new("tar")
            .arg("--zstd")
            .arg("-tf")
            .arg(&bundle)
            .output()
            .expect("run tar");
        assert!(
            t.status.success(),
            "tar rejects the bundle: {}",
            String::from_utf8_lossy(&t.stderr)
        );
        let list = String::from_utf8_lossy(&t.stdout);
        let names: Vec<&str> = list.lines().collect();
        assert_eq!(names[0], "manifest.json");
        assert!(names.contains(&"report.json") && names.contains(&"report.html"));
        assert!(names.contains(&"recovered/pagefile-dump.dmp"), "{names:?}");
    }

    // A flipped byte inside the compressed data is caught.
    let mut data = std::fs::read(&bundle).unwrap();
    let at = data.len() * 2 / 3;
    data[at] ^= 0x5a;
    let bad = out.join("bad.tar.zst");
    std::fs::write(&bad, &data).unwrap();
    let v = vmrescue(&["verify", bad.to_str().unwrap()]);
    assert_eq!(
        v.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&v.stdout)
    );
    let _ = std::fs::remove_dir_all(&out);
}
