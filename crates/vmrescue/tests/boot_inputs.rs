//! `diagnose` with boot-diagnostics inputs beside the disk: a screenshot
//! (real, from ../shared/fixtures/screenshots; needs the `ocr` feature) and a
//! serial console log (synthetic: no public log with a bugcheck exists, so
//! this one follows the documented EMS stop-screen text).

use std::process::Command;

use vmrescue_testkit::scenario_disks;

fn diagnose_json<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_vmrescue"))
        .args(["diagnose", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_serial_log_gives_the_stop_code_and_a_disagreement_is_shown() {
    let dir = std::env::temp_dir().join(format!("vmrescue-serial-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("serial.log");
    // Synthetic, in the documented EMS/SAC form.
    std::fs::write(
        &log,
        "Computer is booting, SAC started and initialized.\r\n\r\nUse the \"ch -?\" command for information about using channels.\r\nUse the \"?\" command for general help.\r\n\r\nSAC>\r\n\
*** STOP: 0x0000007B (0xFFFFF880009A97E8,0xFFFFFFFFC0000034,0x0000000000000000,0x0000000000000000)\r\n",
    )
    .unwrap();
    let v = diagnose_json(&[&log]);
    assert_eq!(v["stop_code"], "0x0000007B");
    assert_eq!(v["stop_sources"][0]["origin"], "serial_log");
    assert!(
        v["next_steps"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"].as_str().unwrap().starts_with("kb_")),
        "the knowledge base's steps for 0x7B"
    );
    {
        let sc = scenario_disks();
        let both = diagnose_json(&[&sc.join("scenario-failed-update.vhdx"), &log]);
        assert_eq!(both["stop_code"], "0xC000021A", "the dump outranks the log");
        assert_eq!(both["stop_disagreement"], true);
        assert_eq!(both["stop_sources"].as_array().unwrap().len(), 2);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(feature = "ocr")]
#[test]
fn a_screenshot_is_read_as_evidence() {
    let shared = vmrescue_testkit::vendored_dir();
    let shot = shared.join("screenshots/azure-vm__windows-stop-error-system-process-terminated__1-pc-problem-restart.png");
    let v = diagnose_json(&[&shot]);
    assert_eq!(v["stop_code"], "0xC000021A");
    assert_eq!(v["stop_sources"][0]["origin"], "screenshot");
    let shot = shared.join("screenshots/azure-vm__windows-boot-error-invalid-image-hash__1-cannot-verify-signature.png");
    let v = diagnose_json(&[&shot]);
    let fact = v["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "boot_screen")
        .expect("a boot screen fact");
    assert_eq!(fact["status"], 0xC000_0428u32);
}

#[test]
fn a_corrupt_image_is_a_clear_error() {
    let dir = std::env::temp_dir().join(format!("vmrescue-badpng-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("boot.png");
    std::fs::write(&f, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR garbage").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_vmrescue"))
        .args(["diagnose"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("boot.png") && !e.contains("panicked"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_stop_code_the_user_saw_is_evidence() {
    let sc = scenario_disks();
    let healthy = sc.join("scenario-healthy.vhdx");
    // Without a code on the disk, the report says what it looked for and how to give one.
    let out = Command::new(env!("CARGO_BIN_EXE_vmrescue"))
        .env("LANG", "C")
        .arg("diagnose")
        .arg(&healthy)
        .output()
        .unwrap();
    assert!(out.status.success());
    let t = String::from_utf8_lossy(&out.stdout);
    assert!(t.contains("MEMORY.DMP") && t.contains("--stop-code"), "{t}");
    // The code given by the user, by name or in hex.
    for given in ["0xC000021A", "c000021a", "STATUS_SYSTEM_PROCESS_TERMINATED"] {
        let v = diagnose_json(&[healthy.as_os_str(), "--stop-code".as_ref(), given.as_ref()]);
        assert_eq!(v["stop_code"], "0xC000021A", "{given}");
        assert_eq!(v["stop_sources"][0]["origin"], "user", "{given}");
    }
    // A disk whose dump says otherwise: the dump wins, the disagreement shows.
    let failed = sc.join("scenario-failed-update.vhdx");
    let v = diagnose_json(&[
        failed.as_os_str(),
        "--stop-code".as_ref(),
        "CRITICAL_PROCESS_DIED".as_ref(),
    ]);
    assert_eq!(v["stop_code"], "0xC000021A");
    assert_eq!(v["stop_disagreement"], true);
    // A code that exists in no table is a usage error.
    let out = Command::new(env!("CARGO_BIN_EXE_vmrescue"))
        .args(["diagnose", "--stop-code", "0xAC000242"])
        .arg(&healthy)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
