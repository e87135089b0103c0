//! `vmrescue prepare-dump` end to end on a mounted-volume layout (a plain
//! directory tree holding copies of the real SYSTEM and BCD hives): the plan
//! writes nothing, --apply writes exactly the intended values (read back with
//! Debian's hivexget, an independent reader), --undo restores the bytes.

use vmrescue_testkit::{sha256_file, vendored_file};

mod common;

use common::{hivexget, vmrescue};

#[test]
fn plan_apply_verify_undo() {
    let root = std::env::temp_dir().join(format!("vmrescue-prepare-{}", std::process::id()));
    let config = root.join("Windows/System32/config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::create_dir_all(root.join("Boot")).unwrap();
    let system = config.join("SYSTEM");
    let bcd = root.join("Boot/BCD");
    std::fs::copy(vendored_file("registry/regipy__SYSTEM"), &system).unwrap();
    std::fs::copy(vendored_file("registry/regipy__BCD"), &bcd).unwrap();
    for f in [&system, &bcd] {
        let mut p = std::fs::metadata(f).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        p.set_readonly(false);
        std::fs::set_permissions(f, p).unwrap();
    }
    let (sys0, bcd0) = (sha256_file(&system), sha256_file(&bcd));
    let t = root.to_str().unwrap();

    let plan = vmrescue(&[
        "prepare-dump",
        t,
        "--nmi",
        "--serial-console",
        "--ram",
        "8G",
    ]);
    assert!(
        plan.status.success(),
        "{}",
        String::from_utf8_lossy(&plan.stderr)
    );
    let text = String::from_utf8_lossy(&plan.stdout);
    assert!(
        text.contains("NMICrashDump")
            && text.contains("ControlSet002")
            && text.contains("ems")
            && text.contains("virsh inject-nmi"),
        "{text}"
    );
    assert_eq!(
        (sha256_file(&system), sha256_file(&bcd)),
        (sys0.clone(), bcd0.clone()),
        "the plan writes nothing"
    );

    let applied = vmrescue(&[
        "prepare-dump",
        t,
        "--nmi",
        "--serial-console",
        "--apply",
        "--json",
    ]);
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&applied.stdout).unwrap();
    assert_eq!(v["applied"], true);
    // hivexget (an independent reader) must accept the written hive.
    if hivexget(&system, r"\Select", "Current").is_some() {
        for cs in ["ControlSet001", "ControlSet002"] {
            assert_eq!(
                hivexget(
                    &system,
                    &format!(r"\{cs}\Control\CrashControl"),
                    "NMICrashDump"
                )
                .as_deref(),
                Some("1"),
                "{cs}"
            );
            assert_eq!(
                hivexget(
                    &system,
                    &format!(r"\{cs}\Control\CrashControl"),
                    "CrashDumpEnabled"
                )
                .as_deref(),
                Some("1"),
                "{cs}"
            );
        }
    }
    let b = vmrescue(&["bcd", "--store", bcd.to_str().unwrap()]);
    let bt = String::from_utf8_lossy(&b.stdout);
    assert!(
        bt.lines()
            .any(|l| l.starts_with("ems ") && l.ends_with("Yes")),
        "{bt}"
    );
    assert!(
        bt.lines()
            .any(|l| l.starts_with("emsbaudrate") && l.ends_with("115200")),
        "{bt}"
    );

    let undo = vmrescue(&["prepare-dump", t, "--undo"]);
    assert!(
        undo.status.success(),
        "{}",
        String::from_utf8_lossy(&undo.stderr)
    );
    assert_eq!(
        (sha256_file(&system), sha256_file(&bcd)),
        (sys0, bcd0),
        "undo restores the bytes"
    );
    let _ = std::fs::remove_dir_all(&root);
}
