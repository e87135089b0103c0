//! The text → finding parser, without OCR: on text as Tesseract returned it
//! for the real boot-diagnostics screenshots (copied from runs of this crate,
//! noise included), on noisier variants of it (the as-is OCR of
//! shared/docs/misc-crates-check.md part B, look-alike characters, dropped
//! letters), on the Swedish and Spanish wording of the same screens, and on
//! inputs that must give nothing.

use vmrescue_screen::{
    Category, CodeSource, KbId, Language, ScreenKind, parse_console_text, parse_screen_text,
};

#[test]
fn win8_stop_screen_with_hex_code_read_through_ocr_look_alikes() {
    // Tesseract on the 0xC000021A screenshot; the code as the various
    // preprocessing variants read it (misc-crates-check.md part B).
    for code in [
        "Oxc000021a",
        "OncOO0021a",
        "0x<000021a",
        "OxcO00021a",
        "OxcOO00021a",
        "OxcOO002 1a",
    ] {
        let text = format!(
            "Your PC ran into a problem and needs to restart. We're just\n\
             collecting some error info, and then we'll restart for you. (5%\n\
             complete)\n\n\
             If you'd like to know more, you can search online later for this error; {code}\n"
        );
        let f = parse_screen_text(&text);
        assert_eq!(f.screen, ScreenKind::StopScreen, "{code}");
        assert_eq!(f.stop_code, Some(0xC000_021A), "{code}");
        assert_eq!(f.stop_code_source, Some(CodeSource::OnScreen));
        assert_eq!(f.stop_name.as_deref(), Some("WINLOGON_FATAL_ERROR"));
        assert_eq!(f.progress_percent, Some(5));
        assert_eq!(f.language, Some(Language::En));
        assert_eq!(f.kb, Some(KbId::SystemProcessTerminated));
        assert_eq!(f.category, Category::Crash);
        assert!(f.confidence > 0.6, "{code}: {}", f.confidence);
        assert!(
            f.evidence.lines.iter().any(|l| l.line == 5),
            "{:?}",
            f.evidence.lines
        );
    }
}

#[test]
fn win10_stop_screen_names_map_back_to_codes() {
    let cases = [
        (
            "Stop code: BAD SYSTEM CONFIG INFO",
            0x74,
            Some(KbId::HiveCorruption),
        ),
        (
            "Stop code BAD SYS'EM CONFIG INFO",
            0x74,
            Some(KbId::HiveCorruption),
        ),
        (
            "La 4 ton code BAD SYSTEM CONFIG INF",
            0x74,
            Some(KbId::HiveCorruption),
        ),
        ("Stop code: SYSTEM THREAD EXCEPTION NOT HANOLEO", 0x7E, None),
        ("Stop code: DRIVER IRQL NOT LESS OR EQUAL", 0xD1, None),
        (
            "Stop code: CRITICAL_PROCESS_DIED",
            0xEF,
            Some(KbId::CriticalProcessDied),
        ),
        (
            "Stop code: CRITICAL PROCES DIED",
            0xEF,
            Some(KbId::CriticalProcessDied),
        ),
        (
            "Stop code: INACCESSIBLE BOOT DEVICE",
            0x7B,
            Some(KbId::InaccessibleBootDevice),
        ),
        (
            "Stop code: CRITICAL SERVICE FAILED",
            0x5A,
            Some(KbId::CriticalServiceFailed),
        ),
        (
            "Stop code: 0xc000021a",
            0xC000_021A,
            Some(KbId::SystemProcessTerminated),
        ),
    ];
    for (line, code, kb) in cases {
        let text = format!(
            "Your PC ran into a problem and needs to restart. You can restart.\n\n\
             For more information about this issue and possible fines, visit http://windows com/stopcode\n\n\
             # you call a support person. give them thes info:\n\n{line}\n"
        );
        let f = parse_screen_text(&text);
        assert_eq!(f.screen, ScreenKind::StopScreen, "{line}");
        assert_eq!(f.stop_code, Some(code), "{line}");
        assert_eq!(f.kb, kb, "{line}");
        if !line.contains("0x") {
            assert_eq!(f.stop_code_source, Some(CodeSource::FromName), "{line}");
            assert!(f.stop_name_on_screen.is_some(), "{line}");
        }
    }
}

#[test]
fn what_failed_names_the_driver() {
    let text = "Your PC ran into a problem and needs to restart. We're just collecting\n\
                some error info, and then we'll restart for you.\n95% complete\n\n\
                For more information about this issue and possible fixes, visit httpy//windows.com/stopcode\n\n\
                H you Call a tupport penton. geve thers this info:\n\n\
                Stop code: DRIVER IRQL NOT LESS OR EQUAL\n\nWhat failed: myfault sys\n";
    let f = parse_screen_text(text);
    assert_eq!(f.stop_code, Some(0xD1));
    assert_eq!(
        f.stop_name.as_deref(),
        Some("DRIVER_IRQL_NOT_LESS_OR_EQUAL")
    );
    assert_eq!(f.file.as_deref(), Some("myfault.sys"));
    assert_eq!(f.progress_percent, Some(95));
}

#[test]
fn boot_manager_and_recovery_screens() {
    let bootmgr = "Windows Boot Manager\n\n\
        Windows failed to start. A recent hardware or software change might be the\n\
        cause. To fix the problem:\n\n\
        1. Insert your Windows installation disc and restart your computer.\n\n\
        File: \\windows\\system32\\winload.exe\n\n\
        Status: 0xc0000017\n\n\
        Info: The application or operating system couldn't be loaded because a\n\
        required file is missing or contains errors.\n\n\
        ENTER=0S Selection ESC=Recover\n";
    let f = parse_screen_text(bootmgr);
    assert_eq!(f.screen, ScreenKind::BootManagerError);
    assert_eq!(f.status, Some(0xC000_0017));
    assert_eq!(f.status_name.as_deref(), Some("STATUS_NO_MEMORY"));
    assert_eq!(f.file.as_deref(), Some("\\windows\\system32\\winload.exe"));
    assert!(
        f.detail
            .as_deref()
            .unwrap()
            .contains("required file is missing")
    );
    assert_eq!(f.kb, Some(KbId::NoMemory));
    assert_eq!(f.stop_code, None);
    assert!(f.confidence > 0.8, "{}", f.confidence);

    // The invalid image hash screen without its title line, "winload. exe".
    let hash = "A recent hardware or software change might have installed a file that is signed\n\
        incorrectly or damaged, or that might be malicious software from an unknown\n\
        File: \\windows\\system32\\boot\\winload. exe\n\
        Status: Oxc0000428\n\
        Info: windows cannot verify the digital signature for this file.\n";
    let f = parse_screen_text(hash);
    assert_eq!(f.screen, ScreenKind::BootManagerError);
    assert_eq!(f.status, Some(0xC000_0428));
    assert_eq!(
        f.file.as_deref(),
        Some("\\windows\\system32\\boot\\winload.exe")
    );
    assert_eq!(f.kb, Some(KbId::InvalidImageHash));

    let recovery = "Recovery\nYour PC/Device needs to be repaired\n\
        The operating system couldn't be loaded because a critical system driver is missing of contains\n\
        errors.\nFile: \\Windows\\System32\\drivers\\atapi.sys\nError code: 0xc0000102\n\
        Choose one of the options below to address this problem.\nPress Esc for recovery\n";
    let f = parse_screen_text(recovery);
    assert_eq!(f.screen, ScreenKind::RecoveryError);
    assert_eq!(f.status, Some(0xC000_0102));
    assert_eq!(f.status_name.as_deref(), Some("STATUS_FILE_CORRUPT_ERROR"));
    assert_eq!(
        f.file.as_deref(),
        Some("\\Windows\\System32\\drivers\\atapi.sys")
    );
    assert_eq!(f.kb, Some(KbId::FileCorrupt));

    // OCR that lost the first letters: "ror code: 0xc0000017".
    let f = parse_screen_text(
        "Your PC/Device needs to be repaired\nThere isn't encugh sesory available to create a raedisk device.\nror code: Oxc0000017\n",
    );
    assert_eq!(f.screen, ScreenKind::RecoveryError);
    assert_eq!(f.status, Some(0xC000_0017));
    assert!(f.detail.as_deref().unwrap().starts_with("There isn't"));

    let hive = "Windows Boot Manager\nWindows failed to start.\nFile: \\Windows\\System32\\config\\system\nStatus: 0xc000014c\n";
    let f = parse_screen_text(hive);
    assert_eq!(f.status, Some(0xC000_014C));
    assert_eq!(f.kb, Some(KbId::HiveCorruption));
}

#[test]
fn legacy_stop_screen_with_parameters() {
    let text = "A problem has been detected and Windows has been shut down to prevent damage\n\
        to your computer.\n\nINACCESSIBLE_BOOT_DEVICE\n\n\
        If this is the first time you've seen this Stop error screen,\n\
        restart your computer.\n\nTechnical information:\n\n\
        *** STOP: 0x0000007B (0xFFFFF880009A97E8,0xFFFFFFFFC0000034,0x0000000000000000,0x0000000000000000)\n";
    for f in [parse_screen_text(text), parse_console_text(text)] {
        assert_eq!(f.screen, ScreenKind::LegacyStopScreen);
        assert_eq!(f.stop_code, Some(0x7B));
        assert_eq!(
            f.parameters,
            vec![0xFFFF_F880_009A_97E8, 0xFFFF_FFFF_C000_0034, 0, 0]
        );
        assert_eq!(
            f.stop_name_on_screen.as_deref(),
            Some("INACCESSIBLE_BOOT_DEVICE")
        );
        assert_eq!(f.kb, Some(KbId::InaccessibleBootDevice));
    }
    // The classic 0xC000021A text: code without 0x, the status and the process.
    let f = parse_screen_text(
        "STOP: c000021a {Fatal System Error}\n\
         The Windows Logon Process system process terminated unexpectedly with a status of 0xc0000005 (0x00000000 0x00000000).\n\
         The system has been shut down.\n",
    );
    assert_eq!(f.screen, ScreenKind::LegacyStopScreen);
    assert_eq!(f.stop_code, Some(0xC000_021A));
    assert_eq!(f.status, Some(0xC000_0005));
    assert_eq!(f.detail.as_deref(), Some("Windows Logon Process"));
    // A driver named on a legacy screen.
    let f = parse_console_text(
        "*** STOP: 0x000000D1 (0x00000000,0x00000002,0x00000000,0xF86B5A89)\n\
         *** myfault.sys - Address F86B5A89 base at F86B5000, DateStamp 3dd991eb\n",
    );
    assert_eq!(f.stop_code, Some(0xD1));
    assert_eq!(f.parameters.len(), 4);
    assert_eq!(f.file.as_deref(), Some("myfault.sys"));
}

#[test]
fn hardware_malfunction_is_bug_check_0x80() {
    let f = parse_screen_text(
        "“** Hardware Malfunction\nCall your hardware vendor for support\n“e« The system has halted ***\n",
    );
    assert_eq!(f.screen, ScreenKind::HardwareMalfunction);
    assert_eq!(f.stop_code, Some(0x80));
    assert_eq!(f.stop_code_source, Some(CodeSource::Implied));
    assert_eq!(f.stop_name.as_deref(), Some("NMI_HARDWARE_FAILURE"));
    assert_eq!(f.kb, Some(KbId::NmiHardwareMalfunction));
    let f = parse_console_text(
        "*** Hardware Malfunction\n\nCall your hardware vendor for support\n\nNMI: Parity Check / Memory Parity Error\n\n*** The system has halted ***\n",
    );
    assert_eq!(
        f.detail.as_deref(),
        Some("NMI: Parity Check / Memory Parity Error")
    );
}

#[test]
fn screens_without_a_code() {
    let cases: &[(&str, ScreenKind, Option<KbId>)] = &[
        (
            "Getting Windows ready\nDon’t turn off your computer\n",
            ScreenKind::GettingWindowsReady,
            Some(KbId::UpdateHang),
        ),
        (
            "Working on updates 30% complete.\nDon't turn off your computer.\n",
            ScreenKind::WorkingOnUpdates,
            Some(KbId::UpdateHang),
        ),
        (
            "We couldn't complete the updates\nUndoing changes\nDon't turn off your computer\n",
            ScreenKind::WorkingOnUpdates,
            Some(KbId::UpdateHang),
        ),
        (
            "Preparing Automatic Repair\n",
            ScreenKind::AutomaticRepair,
            None,
        ),
        ("Diagnosing your PC\n", ScreenKind::AutomaticRepair, None),
        (
            "& Install Windows x\ney Windows could not finish configuring the system. To attempt to\n£2. resume configuration, restart the computer.\nSetup is starting services\n",
            ScreenKind::SetupFailed,
            None,
        ),
        (
            "Windows could not complete the installation. To install Windows on this computer, restart the installation.\n",
            ScreenKind::SetupFailed,
            None,
        ),
        (
            "BOOTMGR is missing\nPress Ctrl+Alt+Del to restart\n",
            ScreenKind::BootmgrMissing,
            None,
        ),
        (
            "BOOTMGR is compressed\nPress Ctrl+Alt+Del to restart\n",
            ScreenKind::BootmgrCompressed,
            None,
        ),
        (
            "A disk read error occurred\nPress Ctrl+Alt+Del to restart\n",
            ScreenKind::DiskReadError,
            None,
        ),
        (
            "An operating system wasn't found. Try disconnecting any drives that don't contain an operating system.\n",
            ScreenKind::NoBootDevice,
            Some(KbId::InaccessibleBootDevice),
        ),
        (
            "c Wiadows Boor, Naganer\nChoose an operating system to start, or press TAB to select a tool:\n(Use the arrow keys to highlight your choice, then press ENTER.)\nSeconds until the highlighted choice will be started automatically: 10\n",
            ScreenKind::BootManagerMenu,
            None,
        ),
    ];
    for (text, kind, kb) in cases {
        let f = parse_screen_text(text);
        assert_eq!(f.screen, *kind, "{text}");
        assert_eq!(f.kb, *kb, "{text}");
        assert_eq!(f.stop_code, None, "{text}");
        assert!(f.confidence >= 0.5, "{text}: {}", f.confidence);
    }
}

#[test]
fn swedish_and_spanish_screens() {
    // Wording as Windows' localized screens show it (Microsoft's sv-se and
    // es-es Azure articles quote them); OCR without the language data loses
    // the accents, which the parser does not need.
    let sv10 = "Datorn stötte på ett problem och måste startas om. Vi samlar bara in\n\
        lite felinformation och sedan startar vi om åt dig.\n20 % klart\n\
        Mer information om problemet och möjliga lösningar finns på https://www.windows.com/stopcode\n\
        Om du ringer en supporttekniker kan du ge dem den här informationen:\n\
        Stoppkod: CRITICAL PROCESS DIED\n";
    let sv8 = "Datorn stotte pa ett problem och maste startas om. Vi samlar bara in lite\n\
        felinformation och sedan startar vi om at dig. (0 % klart)\n\
        Om du vill veta mer kan du soka online senare efter det har felet: Oxc000021a\n";
    let es10 = "Tu PC tuvo un problema y necesita reiniciarse. Solo estamos recopilando\n\
        información sobre el error y, a continuación, se reiniciará automáticamente.\n20 % completado\n\
        Para más información sobre este problema y posibles soluciones, visita https://www.windows.com/stopcode\n\
        Si llamas a un técnico de soporte, dale esta información:\n\
        Código de detención: INACCESSIBLE BOOT DEVICE\n";
    let es8 = "Se produjo un problema con su equipo y se debe reiniciar. Solo vamos a recopilar\n\
        alguna información de error y, a continuación, lo reiniciaremos automáticamente.\n\
        Si desea más información, después puede buscar en línea este error: CRITICAL_SERVICE_FAILED\n";
    let cases = [
        (sv10, Language::Sv, 0xEF),
        (sv8, Language::Sv, 0xC000_021A),
        (es10, Language::Es, 0x7B),
        (es8, Language::Es, 0x5A),
    ];
    for (text, lang, code) in cases {
        let f = parse_screen_text(text);
        assert_eq!(f.screen, ScreenKind::StopScreen, "{text}");
        assert_eq!(f.language, Some(lang), "{text}");
        assert_eq!(f.stop_code, Some(code), "{text}");
    }
    let f = parse_screen_text(sv10);
    assert_eq!(f.progress_percent, Some(20));
    assert_eq!(
        f.stop_name_on_screen.as_deref(),
        Some("CRITICAL_PROCESS_DIED")
    );

    // Recovery screens.
    let f = parse_screen_text(
        "Återställning\nDatorn/enheten måste repareras\nFelkod: 0xc0000102\nFil: \\Windows\\System32\\drivers\\cng.sys\n",
    );
    assert_eq!(f.screen, ScreenKind::RecoveryError);
    assert_eq!(f.language, Some(Language::Sv));
    assert_eq!(f.status, Some(0xC000_0102));
    assert_eq!(
        f.file.as_deref(),
        Some("\\Windows\\System32\\drivers\\cng.sys")
    );
    let f = parse_screen_text(
        "Recuperación\nEs necesario reparar el PC o dispositivo\nArchivo: \\Windows\\system32\\winload.exe\nCódigo de error: 0xc0000017\n",
    );
    assert_eq!(f.screen, ScreenKind::RecoveryError);
    assert_eq!(f.language, Some(Language::Es));
    assert_eq!(f.status, Some(0xC000_0017));
    assert_eq!(f.file.as_deref(), Some("\\Windows\\system32\\winload.exe"));
}

#[test]
fn nothing_to_find() {
    for text in [
        "",
        "   \n\n",
        "4",
        "=",
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
        "The quick brown fox jumps over the lazy dog 0x1234",
        "visit http://windows.com/stopcode",
        "online senare",
    ] {
        let f = parse_screen_text(text);
        assert_eq!(f.screen, ScreenKind::Unknown, "{text:?}");
        assert_eq!(f.stop_code, None, "{text:?}");
        assert_eq!(f.kb, None);
    }
}

#[test]
fn odd_input_does_not_panic() {
    let long = "Stop code: ".repeat(20_000);
    let junk: String = (0u32..5000).filter_map(char::from_u32).collect();
    for text in [
        long.as_str(),
        junk.as_str(),
        "Stop code:",
        "Stop code: ((((",
        "*** STOP: 0x",
        "*** STOP: 0xFFFFFFFFFFFFFFFFFFFF (0x",
        "Status: 0x",
        "File:",
        "İstanbul ß ǅ ﬁ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 stop: Ox",
        "\u{0}\u{1}\u{7f}",
        "<PROPERTY NAME=\"STOPCODE\" TYPE=\"string\"><VALUE>\"",
    ] {
        let _ = parse_screen_text(text);
        let _ = parse_console_text(text);
    }
}

#[test]
fn a_stop_code_is_a_known_code_or_reported_unreadable() {
    // 0xC00002E2 (STATUS_DS_INIT_FAILURE) is an NTSTATUS a domain controller
    // stops with: read as such, not as an OCR variant.
    let f = vmrescue_screen::parse_screen_text(
        "Your PC ran into a problem and needs to restart.\nStop code: 0xc00002e2\n",
    );
    assert_eq!(f.stop_code, Some(0xC000_02E2));
    assert_eq!(f.stop_name.as_deref(), Some("STATUS_DS_INIT_FAILURE"));
    // A value that is no known code in any reading: no code, the text kept.
    let f = vmrescue_screen::parse_screen_text(
        "Your PC ran into a problem and needs to restart.\nStop code: 0x7777ABCD\n",
    );
    assert_eq!(f.stop_code, None, "{f:?}");
    assert_eq!(f.stop_code_unreadable.as_deref(), Some("0x7777ABCD"));
}

/// Text with Tesseract-like word confidences: every word `conf`, except the
/// words of `low` (as read), which get `low_conf`.
fn with_confidence(
    text: &str,
    conf: f32,
    low: &str,
    low_conf: f32,
) -> Vec<Option<vmrescue_screen::OcrLine>> {
    use vmrescue_screen::{OcrLine, OcrWord};
    let low: Vec<&str> = low.split_whitespace().collect();
    text.lines()
        .map(|l| {
            let words: Vec<OcrWord> = l
                .split_whitespace()
                .map(|w| OcrWord {
                    text: w.to_string(),
                    confidence: if low.contains(&w) { low_conf } else { conf },
                })
                .collect();
            (!words.is_empty()).then_some(OcrLine { words })
        })
        .collect()
}

#[test]
fn a_code_read_with_low_ocr_confidence_is_reported_unreadable() {
    use vmrescue_screen::{MIN_CODE_CONFIDENCE, parse_ocr_text};
    let text = "Your PC ran into a problem and needs to restart. We're just\n\
                collecting some error info, and then we'll restart for you. (5%\n\
                complete)\n\n\
                If you'd like to know more, you can search online later for this error: OxcOO00021a\n";
    // Read with confidence: used, with the confidence carried.
    let f = parse_ocr_text(text, &with_confidence(text, 95.0, "OxcOO00021a", 66.0));
    assert_eq!(f.stop_code, Some(0xC000_021A));
    assert_eq!(f.stop_code_confidence, Some(66.0));
    assert_eq!(f.stop_code_line, Some(5));
    assert!(f.ocr_confidence.is_some_and(|c| c > 80.0), "{f:?}");
    assert!(f.evidence.lines.iter().all(|l| l.confidence.is_some()));
    // A guess (Tesseract's word confidence 14 on the real screenshot): not a code.
    let f = parse_ocr_text(text, &with_confidence(text, 95.0, "OxcOO00021a", 14.0));
    assert_eq!(f.screen, ScreenKind::StopScreen);
    assert_eq!(f.stop_code, None, "{f:?}");
    assert_eq!(f.stop_name, None);
    assert_eq!(f.kb, None);
    assert_eq!(f.stop_code_unreadable.as_deref(), Some("OxcOO00021a"));
    assert_eq!(f.stop_code_confidence, Some(14.0));
    assert!(f.confidence < 0.9);
    // Just under and at the threshold.
    let under = MIN_CODE_CONFIDENCE - 0.5;
    let f = parse_ocr_text(text, &with_confidence(text, 95.0, "OxcOO00021a", under));
    assert_eq!(f.stop_code, None);
    let f = parse_ocr_text(
        text,
        &with_confidence(text, 95.0, "OxcOO00021a", MIN_CODE_CONFIDENCE),
    );
    assert_eq!(f.stop_code, Some(0xC000_021A));

    // A name: the mean of its words counts ("BAD SYS'EM CONFIG INFO" read
    // with one word at 8 and the rest at 93–96 is 72.6 on the real screen).
    let text = "Your PC ran into a problem and needs to restart. You can restart.\n\
                Stop code: BAD SYS'EM CONFIG INFO\n";
    let f = parse_ocr_text(text, &with_confidence(text, 95.0, "SYS'EM", 8.0));
    assert_eq!(f.stop_code, Some(0x74));
    let f = parse_ocr_text(
        text,
        &with_confidence(text, 95.0, "BAD SYS'EM CONFIG INFO", 30.0),
    );
    assert_eq!(f.stop_code, None);
    assert_eq!(
        f.stop_code_unreadable.as_deref(),
        Some("BAD SYS'EM CONFIG INFO")
    );
    assert_eq!(f.stop_name_on_screen, None);

    // The legacy STOP line: its parameters go with the code.
    let text = "A problem has been detected and Windows has been shut down to prevent damage\n\
                *** STOP: 0x0000007B (0xF78D2524,0xC0000034,0x00000000,0x00000000)\n";
    let f = parse_ocr_text(text, &with_confidence(text, 95.0, "0x0000007B", 20.0));
    assert_eq!(f.stop_code, None);
    assert!(f.parameters.is_empty());
    assert_eq!(f.stop_code_unreadable.as_deref(), Some("0x0000007B"));
    // Without OCR data (serial logs, plain text) nothing is gated.
    assert_eq!(parse_screen_text(text).stop_code, Some(0x7B));
    // The NMI screen's code is implied, not read: never gated.
    let text = "*** Hardware Malfunction\nCall your hardware vendor for support\n*** The system has halted ***\n";
    let f = parse_ocr_text(text, &with_confidence(text, 20.0, "", 0.0));
    assert_eq!(f.stop_code, Some(0x80));
}

#[test]
fn hung_boot_screens_with_ocr_noise() {
    use vmrescue_screen::WaitingFor;
    let service = |name: &str, key: &'static str| WaitingFor::Service {
        name: name.to_string(),
        service: Some(key),
    };
    let cases: Vec<(&str, WaitingFor)> = vec![
        // As read, and with Tesseract's typical noise: the spinner read as a
        // stray mark, l/1, rn/m, dropped letters, a lost space.
        (
            "Please wait for the Group Policy Client",
            service("Group Policy Client", "gpsvc"),
        ),
        (
            "© Please wait for the Group Pol1cy Cl1ent",
            service("Group Policy Client", "gpsvc"),
        ),
        (
            "Please wait for the Local Session Manager\n",
            service("Local Session Manager", "LSM"),
        ),
        (
            ". Please wait for the Local Sesion Manaqer",
            service("Local Session Manager", "LSM"),
        ),
        (
            "Please wait for the User Profile Service",
            service("User Profile Service", "ProfSvc"),
        ),
        (
            "Pleasewait for the User Proflle Service...",
            service("User Profile Service", "ProfSvc"),
        ),
        ("Applying computer settings", WaitingFor::ComputerSettings),
        ("Applyinq computer setlings", WaitingFor::ComputerSettings),
        (
            "Applying Group Policy Local Users and Groups policy",
            WaitingFor::Policy {
                name: "Group Policy Local Users and Groups".into(),
            },
        ),
        (
            "© Applying Group Policy Scheduled Tasks po1icy",
            WaitingFor::Policy {
                name: "Group Policy Scheduled Tasks".into(),
            },
        ),
        (
            "Applying Software Installation policy...",
            WaitingFor::Policy {
                name: "Software Installation".into(),
            },
        ),
        (
            "Please wait for the FSLogix Apps Services",
            WaitingFor::Service {
                name: "FSLogix Apps Services".into(),
                service: None,
            },
        ),
        ("\n  Please wait\n", WaitingFor::Unnamed),
    ];
    for (text, waiting) in cases {
        let f = parse_screen_text(text);
        assert_eq!(f.screen, ScreenKind::HungBoot, "{text:?}");
        assert_eq!(f.category, Category::Waiting, "{text:?}");
        assert_eq!(f.waiting_for.as_ref(), Some(&waiting), "{text:?}");
        assert_eq!(f.kb, Some(KbId::HungBoot), "{text:?}");
        assert_eq!(f.language, Some(Language::En), "{text:?}");
        assert_eq!(f.stop_code, None, "{text:?}");
        assert!(f.detail.is_some(), "{text:?}");
        assert_eq!(f.evidence.lines.len(), 1, "{text:?}: {:?}", f.evidence);
        assert!(f.confidence >= 0.5, "{text:?}: {}", f.confidence);
        assert_eq!(f.ocr_confidence, None, "no OCR data: {text:?}");
        assert!(!waiting.message_id().is_empty());
    }
    // Not hung-boot screens.
    for text in [
        "Please wait while we install a system update",
        "Working on updates 30% complete\nDon't turn off your computer",
        "Applying update operations 51863 of 117351",
        "Please insert a bootable floppy",
        "wait for the group policy",
    ] {
        let f = parse_screen_text(text);
        assert_ne!(f.screen, ScreenKind::HungBoot, "{text:?}");
        assert_eq!(f.waiting_for, None, "{text:?}");
    }
}

#[test]
fn not_a_bootable_disk_with_ocr_noise() {
    for text in [
        "This is not a bootable disk.  Please insert a bootable floppy and\npress any key to try again ...\n",
        "This is not a bootab1e disk. Please 1nsert a bootable f1oppy and\npress any key to try again ...",
        "Thisis not a bootable disk.  Please insert a bootable floppy and\n",
        "ee\nTh1s is not a bootable dlsk.\n",
    ] {
        let f = parse_screen_text(text);
        assert_eq!(f.screen, ScreenKind::NotBootable, "{text:?}");
        assert_eq!(f.category, Category::BootFailure);
        assert_eq!(f.kb, Some(KbId::NotBootable), "{text:?}");
        assert_eq!(f.stop_code, None);
        assert!(!f.evidence.lines.is_empty());
    }
    // The serial console carries the BIOS text too.
    let log = b"SeaBIOS (version 1.16)\r\nBooting from Hard Disk...\r\nThis is not a bootable disk.  Please insert a bootable floppy and\r\npress any key to try again ... \r\n";
    assert_eq!(
        vmrescue_screen::detect(log).unwrap(),
        vmrescue_screen::Detected::SerialLog
    );
    let r = vmrescue_screen::parse_serial_log(log);
    assert_eq!(
        r.primary().map(|f| f.screen),
        Some(ScreenKind::NotBootable),
        "{r:?}"
    );
}
