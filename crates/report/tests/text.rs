//! The terminal report, on synthetic diagnoses (tests/common): its shape,
//! its colours, and snapshots of the English reports
//! (tests/snapshots/*.txt; `UPDATE_SNAPSHOTS=1` rewrites them).

mod common;

use vmrescue_diagnose::diagnose;
use vmrescue_evidence::{Evidence, FactKind, Provenance};
use vmrescue_l10n::Lang;
use vmrescue_report::text;

fn snapshot(name: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with UPDATE_SNAPSHOTS=1 to create it)",
            path.display()
        )
    });
    if expected != actual {
        for (i, (a, b)) in expected.lines().zip(actual.lines()).enumerate() {
            assert_eq!(
                a,
                b,
                "{name}: line {} differs (UPDATE_SNAPSHOTS=1 rewrites the snapshot)",
                i + 1
            );
        }
        assert_eq!(
            expected.lines().count(),
            actual.lines().count(),
            "{name}: line count differs\n{actual}"
        );
    }
}

fn get(name: &str) -> vmrescue_diagnose::Diagnosis {
    common::diagnoses()
        .into_iter()
        .find(|(n, _)| *n == name)
        .unwrap()
        .1
}

#[test]
fn english_reports_match_their_snapshots() {
    for name in ["everything", "healthy", "other-stop-code", "ready"] {
        snapshot(&format!("{name}.en"), &text(&get(name), Lang::En, false));
    }
    snapshot("everything.sv", &text(&get("everything"), Lang::Sv, false));
    snapshot("everything.es", &text(&get("everything"), Lang::Es, false));
}

#[test]
fn the_stop_code_comes_with_its_source() {
    let t = text(&get("everything"), Lang::En, false);
    let mut lines = t.lines();
    assert_eq!(lines.next(), Some("vmrescue diagnosis"));
    assert_eq!(lines.next(), Some("Input: synthetic-everything.vhdx"));
    assert!(
        t.contains("Stop error  0xC000021A  WINLOGON_FATAL_ERROR\n"),
        "{t}"
    );
    assert!(
        t.contains(
            r"Seen in the memory dump: \Windows\MEMORY.DMP · dump header · 2024-03-10 08:00:00 UTC"
        ),
        "{t}"
    );
    assert!(t.contains("Process that ended: csrss.exe"), "{t}");
    assert!(t.contains("Status: 0xC0000135 STATUS_DLL_NOT_FOUND"), "{t}");
    assert!(
        t.contains("Also in the System event log (Kernel-Power 41): 0xC000021A"),
        "{t}"
    );
    assert!(!t.contains("disagree"), "{t}");
    assert!(t.contains("Crash time: 2024-03-10 08:00:00 UTC"), "{t}");
}

#[test]
fn disagreeing_sources_are_shown() {
    let t = text(&get("other-stop-code"), Lang::En, false);
    assert!(
        t.contains("Stop error  0x000000EF  CRITICAL_PROCESS_DIED"),
        "{t}"
    );
    assert!(t.contains("! The sources disagree on the stop code (0x000000EF, 0xC000021A); this report uses 0x000000EF"), "{t}");
    assert!(t.contains("1. The stop code is not 0xC000021A"), "{t}");
}

#[test]
fn causes_are_ranked_with_their_top_evidence_and_provenance() {
    let t = text(&get("everything"), Lang::En, false);
    let titles = [
        "Mismatched system files",
        "Failed service pack or KB update",
        "Incomplete restore from a backup",
        "Incompatible third-party program",
    ];
    // Once in the causes section (the summary at the top names the first).
    let causes_part = &t[t.find("Causes, most likely first").expect("causes")..];
    for title in titles {
        assert_eq!(causes_part.matches(title).count(), 1, "{title}\n{t}");
    }
    assert!(
        t.lines()
            .nth(7)
            .is_some_and(|l| l.starts_with("In short: stop error 0xC000021A")),
        "{t}"
    );
    // Ranked as the diagnosis ranks them, numbered.
    let d = get("everything");
    let mut last = 0;
    for (i, c) in d.causes.iter().enumerate() {
        let title = titles[vmrescue_diagnose::CauseId::ALL
            .iter()
            .position(|x| *x == c.id)
            .unwrap()];
        let at = t
            .find(&format!("  {}. {title} — ", i + 1))
            .unwrap_or_else(|| panic!("{title}\n{t}"));
        assert!(at > last);
        last = at;
    }
    assert!(t.contains("— High"), "{t}");
    assert!(t.contains(r"+ \Windows\WinSxS\pending.xml holds 1234 servicing operations waiting for the next boot (KB5034439): an update is staged, and its operations run at boot, before csrss.exe starts. Staged alone is not failed: a failure needs the lines below."), "{t}");
    assert!(
        t.contains(r"\Windows\WinSxS\pending.xml · POQ · 2024-03-09 03:11:00 UTC"),
        "{t}"
    );
    assert!(t.contains("more in the HTML and JSON reports"), "{t}");
}

#[test]
fn a_healthy_disk_gets_no_cause() {
    let t = text(&get("healthy"), Lang::En, false);
    assert!(t.contains("No stop code was found"), "{t}");
    assert_eq!(t.matches("— Not indicated").count(), 4, "{t}");
    assert!(
        t.contains("− The 16 system files that csrss.exe and winlogon.exe load are present and valid; 16 of them are linked to the component store as Windows servicing leaves them."),
        "{t}"
    );
    assert!(
        t.contains("vmrescue prepare-dump <MOUNTED-WINDOWS-VOLUME> --nmi --serial-console --apply"),
        "{t}"
    );
}

#[test]
fn dump_readiness_says_what_stands_in_the_way() {
    let t = text(&get("everything"), Lang::En, false);
    assert!(t.contains("✗ Not ready: 5 things stand in the way."), "{t}");
    assert!(
        t.contains("• Memory dumps are turned off (CrashDumpEnabled is 0)"),
        "{t}"
    );
    assert!(
        t.contains(r"✓ A usable memory dump is on the disk: \Windows\MEMORY.DMP"),
        "{t}"
    );
    let r = text(&get("ready"), Lang::En, false);
    assert!(
        r.contains("✓ Ready: the next stop error, or an NMI, writes a memory dump."),
        "{r}"
    );
    assert!(r.contains("No usable memory dump is on the disk."), "{r}");
}

#[test]
fn next_steps_carry_their_commands() {
    let t = text(&get("everything"), Lang::En, false);
    assert!(
        t.contains(r"dism /image:<X>:\ /cleanup-image /revertpendingactions"),
        "{t}"
    );
    assert!(
        t.contains(r"sfc /scannow /offbootdir=<X>:\ /offwindir=<X>:\Windows"),
        "{t}"
    );
    assert!(
        t.contains("vmrescue collect <DISK> -o support-bundle.tar.zst"),
        "{t}"
    );
}

#[test]
fn colour_only_when_asked() {
    let d = get("everything");
    assert!(!text(&d, Lang::En, false).contains('\x1b'));
    let c = text(&d, Lang::En, true);
    assert!(c.contains("\x1b[1;31m0xC000021A\x1b[0m"), "{c}");
    assert!(c.contains("\x1b[1;31mHigh\x1b[0m"), "{c}");
}

#[test]
fn disk_strings_cannot_inject_terminal_escapes() {
    let mut ev = Evidence::default();
    ev.push(
        FactKind::ThirdPartyCredentialProvider {
            clsid: "{0}".into(),
            name: Some("Evil\x1b]0;pwned\x07\x1b[2J".into()),
            dll: Some("a\u{202e}lld.exe".into()),
            company: Some("Evil\x1b[5m Corp".into()),
        },
        Provenance::of("HKLM\\SOFTWARE\\x\x1b[31m"),
    );
    let d = diagnose(&[("disk\x1b[1m.raw".into(), ev)]);
    for lang in Lang::ALL {
        let t = text(&d, lang, false);
        assert!(
            !t.contains('\x1b') && !t.contains('\x07') && !t.contains('\u{202e}'),
            "{t:?}"
        );
        assert!(t.contains("Evil\u{FFFD}]0;pwned"), "{t}");
    }
}
