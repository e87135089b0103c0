//! The knowledge base: it covers the failures issue 7 lists, links findings
//! to entries, and every text exists in English, Swedish and Spanish and
//! renders (no missing ids, no unresolved arguments).

use vmrescue_l10n::{FluentValue, Lang, has_message, tr_in};
use vmrescue_screen::kb::{self, Check, EvidenceSource, KbId};
use vmrescue_screen::{Category, CodeSource, ScreenKind};

#[test]
fn covers_the_sibling_failures() {
    let by_code = |c| kb::for_stop_code(c).map(|e| e.id);
    let by_status = |s| kb::for_status(s).map(|e| e.id);
    assert_eq!(by_code(0xC000_021A), Some(KbId::SystemProcessTerminated));
    assert_eq!(by_code(0xEF), Some(KbId::CriticalProcessDied));
    assert_eq!(by_code(0x7B), Some(KbId::InaccessibleBootDevice));
    assert_eq!(by_code(0x74), Some(KbId::HiveCorruption));
    assert_eq!(by_status(0xC000_014C), Some(KbId::HiveCorruption));
    assert_eq!(by_status(0xC000_0102), Some(KbId::FileCorrupt));
    assert_eq!(by_code(0x5A), Some(KbId::CriticalServiceFailed));
    assert_eq!(by_status(0xC000_0017), Some(KbId::NoMemory));
    assert_eq!(by_status(0xC000_0428), Some(KbId::InvalidImageHash));
    assert_eq!(by_code(0x80), Some(KbId::NmiHardwareMalfunction));
    let by_screen = |s| kb::for_screen(s).map(|e| e.id);
    assert_eq!(
        by_screen(ScreenKind::GettingWindowsReady),
        Some(KbId::UpdateHang)
    );
    assert_eq!(
        by_screen(ScreenKind::WorkingOnUpdates),
        Some(KbId::UpdateHang)
    );
    assert_eq!(by_screen(ScreenKind::WindowsLogo), Some(KbId::RebootLoop));
    assert_eq!(
        by_screen(ScreenKind::HardwareMalfunction),
        Some(KbId::NmiHardwareMalfunction)
    );
    assert_eq!(by_screen(ScreenKind::HungBoot), Some(KbId::HungBoot));
    assert_eq!(by_screen(ScreenKind::NotBootable), Some(KbId::NotBootable));
    assert_eq!(
        by_screen(ScreenKind::NoBootDevice),
        Some(KbId::InaccessibleBootDevice)
    );
    // The procedures cite Microsoft's articles for these screens.
    let cites = |id: KbId, article: &str| id.entry().sources.iter().any(|s| s.contains(article));
    for a in [
        "please-wait-for-the-group-policy-client.md",
        "vm-unresponsive-wait-local-session-manager.md",
        "unresponsive-vm-apply-group-policy.md",
        "collect-os-memory-dump-file.md",
    ] {
        assert!(cites(KbId::HungBoot, a), "{a}");
    }
    assert!(cites(
        KbId::NotBootable,
        "troubleshoot-guide-not-bootable-disk.md"
    ));
    assert!(
        KbId::HungBoot
            .entry()
            .recognition
            .iter()
            .any(|r| r.check == Check::CleanupProfilesPolicy && r.source == EvidenceSource::Disk)
    );
    assert_eq!(kb::all().len(), KbId::ALL.len());
    for id in KbId::ALL {
        let e = id.entry();
        assert_eq!(e.id, id);
        assert!(!e.recognition.is_empty() && !e.causes.is_empty() && !e.steps.is_empty());
        assert!(!e.sources.is_empty());
    }
}

#[test]
fn disk_evidence_the_issue_names_is_checkable() {
    // Issue 7: hive dirty or corrupt, BCD device elements, badmemorylist,
    // NTFS dirty bit, pending updates.
    let checks: Vec<(KbId, Check, EvidenceSource)> = kb::all()
        .iter()
        .flat_map(|e| e.recognition.iter().map(move |r| (e.id, r.check, r.source)))
        .collect();
    for (id, check) in [
        (KbId::HiveCorruption, Check::HiveDirty),
        (KbId::HiveCorruption, Check::HiveUnreadable),
        (KbId::InaccessibleBootDevice, Check::BcdDeviceMismatch),
        (KbId::InaccessibleBootDevice, Check::NtfsDirty),
        (KbId::NoMemory, Check::BadMemoryList),
        (KbId::UpdateHang, Check::PendingUpdates),
        (KbId::SystemProcessTerminated, Check::PendingUpdates),
    ] {
        assert!(
            checks
                .iter()
                .any(|(i, c, s)| *i == id && *c == check && *s == EvidenceSource::Disk),
            "{id:?} {check:?}"
        );
    }
}

fn args_for(id: &str) -> Vec<(&'static str, FluentValue<'static>)> {
    vec![
        ("command", FluentValue::from("CMD-PLACEHOLDER")),
        ("path", FluentValue::from("/x")),
        ("reason", FluentValue::from("why")),
        ("size", FluentValue::from(1)),
        ("max", FluentValue::from(2)),
        ("format", FluentValue::from("GIF")),
        ("lang", FluentValue::from("swe")),
        ("name", FluentValue::from("Group Policy Client")),
        ("confidence", FluentValue::from("42.5")),
        ("min", FluentValue::from("50")),
        ("seen", FluentValue::from("OxcOO00021a")),
    ]
    .into_iter()
    .filter(|_| !id.is_empty())
    .collect()
}

#[test]
fn every_text_exists_in_three_languages_and_renders() {
    let mut ids: Vec<&str> = kb::message_ids();
    ids.extend(ScreenKind::ALL.iter().map(|k| k.message_id()));
    ids.extend(
        [
            Category::Crash,
            Category::BootFailure,
            Category::Waiting,
            Category::None,
        ]
        .iter()
        .map(|c| c.message_id()),
    );
    ids.extend(
        [
            CodeSource::OnScreen,
            CodeSource::FromName,
            CodeSource::Implied,
        ]
        .iter()
        .map(|c| c.message_id()),
    );
    ids.extend(
        [
            EvidenceSource::Screen,
            EvidenceSource::SerialLog,
            EvidenceSource::Dump,
            EvidenceSource::EventLog,
            EvidenceSource::Disk,
        ]
        .iter()
        .map(|s| s.message_id()),
    );
    ids.extend([
        "screen-err-io",
        "screen-err-empty",
        "screen-err-too-large",
        "screen-err-not-recognised-binary",
        "screen-err-not-recognised-text",
        "screen-err-unsupported-image",
        "screen-err-corrupt-image",
        "screen-err-image-too-large",
        "screen-err-ocr-not-built",
        "screen-err-ocr-unavailable",
        "screen-err-ocr-failed",
        "screen-ocr-confidence",
        "screen-code-low-confidence",
    ]);
    ids.extend(
        [
            vmrescue_screen::WaitingFor::Service {
                name: "x".into(),
                service: None,
            },
            vmrescue_screen::WaitingFor::Policy { name: "x".into() },
            vmrescue_screen::WaitingFor::ComputerSettings,
            vmrescue_screen::WaitingFor::Unnamed,
        ]
        .iter()
        .map(|w| w.message_id()),
    );
    for lang in Lang::ALL {
        for id in &ids {
            assert!(has_message(lang, id), "{}: {id} missing", lang.code());
            let s = tr_in(lang, id, &args_for(id));
            assert_ne!(s, *id, "{}: {id}", lang.code());
            assert!(
                !s.contains('{') || id.contains("bad-memory"),
                "{}: {id}: {s}",
                lang.code()
            );
            assert!(!s.contains("$command"), "{}: {id}", lang.code());
        }
    }
    // Steps with a command show it; steps without one do not ask for it.
    for e in kb::all() {
        for step in e.steps {
            for lang in Lang::ALL {
                let args: Vec<_> = step
                    .message_args()
                    .into_iter()
                    .map(|(k, v)| (k, FluentValue::from(v)))
                    .collect();
                let s = tr_in(lang, step.message, &args);
                if let Some(c) = step.command {
                    assert!(s.ends_with(c), "{}: {}: {s}", lang.code(), step.message);
                } else {
                    assert!(!s.contains("CMD-PLACEHOLDER"));
                }
            }
        }
    }
    // The BCD object name survives the escaping.
    assert!(tr_in(Lang::Sv, "kb-check-bad-memory-list", &[]).contains("{badmemory}"));
}

#[test]
fn translations_use_the_agreed_terms() {
    let sv = |id| tr_in(Lang::Sv, id, &[]);
    let es = |id| tr_in(Lang::Es, id, &[]);
    assert!(sv("kb-c000021a-title").contains("Stoppfel"));
    assert!(sv("kb-source-dump").contains("minnesdump"));
    assert!(sv("kb-step-restore-backup").contains("virtuella datorn"));
    assert!(es("kb-c000021a-title").contains("Error de detención"));
    assert!(es("kb-source-dump").contains("volcado de memoria"));
    assert!(es("kb-step-restore-backup").contains("máquina virtual"));
}

#[test]
fn codes_agree_across_m_variants() {
    use vmrescue_screen::codes_agree;
    assert!(codes_agree(0x7E, 0x7E));
    assert!(codes_agree(0x7E, 0x1000_007E));
    assert!(codes_agree(0x1000_008E, 0x8E));
    assert!(!codes_agree(0xEF, 0xC000_021A));
    assert!(!codes_agree(0xC000_021A, 0xD000_021A));
}
