//! Serial console logs. No real log of a Windows VM with a bug check is
//! public (see shared/fixtures/PROVENANCE.md), so every log here is
//! SYNTHETIC, built from the documented formats:
//! - SAC's banner, prompt and events ("Computer is booting, SAC started and
//!   initialized.", "SAC>", "EVENT: The CMD command is now available.") as
//!   SAC's message table and public SAC transcripts print them;
//! - the EMS stop error record, as the kernel's headless code sends it on a
//!   bug check: BEL BEL BEL `<?xml>` BEL `<BP>`, `<INSTANCE
//!   CLASSNAME="BLUESCREEN">`, `<PROPERTY NAME="STOPCODE" TYPE="string">
//!   <VALUE>"0x%X"</VALUE></PROPERTY>`, the machine-info data, `</INSTANCE>`
//!   `</BP>` BEL (the `<machine-info>` block's content is a plausible stand-in);
//! - the text stop screens ("*** STOP: 0x0000007B (…)", "Your PC ran into a
//!   problem…", "Stop code:"), the NMI "Hardware Malfunction" text, and the
//!   boot manager screen as EMS redirects it with VT100 cursor moves;
//! - firmware lines of a KVM guest (SeaBIOS, "Booting from Hard Disk...").

use vmrescue_screen::{
    Detected, KbId, NotRecognised, ScreenError, ScreenKind, clean_log, detect, parse_serial_log,
};

const SAC_BOOT: &str = "Computer is booting, SAC started and initialized.\r\n\r\n\
Use the \"ch -?\" command for information about using channels.\r\n\
Use the \"?\" command for general help.\r\n\r\n\r\nSAC>\r\n\
EVENT: The CMD command is now available.\r\nSAC>";

fn ems_record(code: &str) -> String {
    format!(
        "\x07\x07\x07<?xml>\x07<BP>\r\n<INSTANCE CLASSNAME=\"BLUESCREEN\">\r\n\
         <PROPERTY NAME=\"STOPCODE\" TYPE=\"string\"><VALUE>\"{code}\"</VALUE></PROPERTY>\
         <machine-info>\r\n<name>VMRESCUE-TEST</name>\r\n\
         <guid>00000000-0000-0000-0000-000000000000</guid>\r\n\
         <processor-architecture>AMD64</processor-architecture>\r\n\
         <os-version>10.0</os-version>\r\n<os-build-number>17763</os-build-number>\r\n\
         <os-product>Windows Server 2019 Datacenter</os-product>\r\n\
         <os-service-pack>None</os-service-pack>\r\n</machine-info>\r\n\
         \r\n</INSTANCE>\r\n</BP>\x07\r\n"
    )
}

#[test]
fn ems_record_and_modern_text_after_sac() {
    // Synthetic: a Server 2019 VM boots to SAC, then stops with 0xC000021A.
    let log = format!(
        "{SAC_BOOT}\r\n{}\r\n!SAC>\r\n\
         Your PC ran into a problem and needs to restart. We're just collecting some\r\n\
         error info, and then we'll restart for you.\r\n\r\n\
         If you'd like to know more, you can search online later for this error: 0xc000021a\r\n",
        ems_record("0xC000021A")
    );
    assert_eq!(detect(log.as_bytes()).unwrap(), Detected::SerialLog);
    let r = parse_serial_log(log.as_bytes());
    assert_eq!(r.sac.banners, 1);
    assert!(r.sac.prompt && r.sac.cmd_available);
    assert_eq!(r.findings.len(), 1, "{:#?}", r.findings);
    let f = r.primary().unwrap();
    assert_eq!(f.screen, ScreenKind::StopScreen);
    assert_eq!(f.stop_code, Some(0xC000_021A));
    assert_eq!(f.kb, Some(KbId::SystemProcessTerminated));
    assert_eq!(f.confidence, 1.0);
    assert_eq!(
        r.machine_info.get("os-product").map(String::as_str),
        Some("Windows Server 2019 Datacenter")
    );
    // Evidence lines point into the cleaned log.
    let cleaned = clean_log(log.as_bytes());
    let lines: Vec<&str> = cleaned.lines().collect();
    for e in &f.evidence.lines {
        assert_eq!(lines[e.line - 1].trim(), e.text, "line {}", e.line);
    }
    assert!(f.evidence.lines.iter().any(|e| e.text.contains("STOPCODE")));
}

#[test]
fn ems_record_alone() {
    // Synthetic: only the machine-readable record reached the log.
    let log = format!("{SAC_BOOT}\r\n{}", ems_record("0xEF"));
    let r = parse_serial_log(log.as_bytes());
    let f = r.primary().unwrap();
    assert_eq!(f.screen, ScreenKind::EmsBlueScreen);
    assert_eq!(f.stop_code, Some(0xEF));
    assert_eq!(f.stop_name.as_deref(), Some("CRITICAL_PROCESS_DIED"));
    assert_eq!(f.kb, Some(KbId::CriticalProcessDied));
}

#[test]
fn legacy_stop_with_parameters_in_a_reboot_loop() {
    // Synthetic: a 2008 R2-era guest on KVM stops with 0x7B before SAC starts, twice.
    let boot = "SeaBIOS (version 1.16.2-debian-1.16.2-1)\r\n\r\n\
        Booting from Hard Disk...\r\n\
        \r\n\
        A problem has been detected and Windows has been shut down to prevent damage\r\n\
        to your computer.\r\n\r\nINACCESSIBLE_BOOT_DEVICE\r\n\r\n\
        Technical information:\r\n\r\n\
        *** STOP: 0x0000007B (0xFFFFF880009A97E8,0xFFFFFFFFC0000034,0x0000000000000000,0x0000000000000000)\r\n\r\n";
    let log = format!("{boot}{boot}");
    let r = parse_serial_log(log.as_bytes());
    assert_eq!(r.boots, 2);
    assert_eq!(r.findings.len(), 2);
    assert!(r.repeated());
    for f in &r.findings {
        assert_eq!(f.screen, ScreenKind::LegacyStopScreen);
        assert_eq!(f.stop_code, Some(0x7B));
        assert_eq!(
            f.parameters,
            vec![0xFFFF_F880_009A_97E8, 0xFFFF_FFFF_C000_0034, 0, 0]
        );
        assert_eq!(f.kb, Some(KbId::InaccessibleBootDevice));
    }
    assert_eq!(r.findings[0].evidence.lines.last().unwrap().line, 12);
    assert_eq!(r.findings[1].evidence.lines.last().unwrap().line, 25);
}

#[test]
fn boot_manager_over_ems_with_cursor_moves() {
    // Synthetic: bootmgr's error screen as EMS draws it (VT100 cursor moves, colours).
    let log = "\x1b[2J\x1b[1;1H\x1b[37;44m                             Windows Boot Manager                              \x1b[0m\
        \x1b[3;1HWindows failed to start. A recent hardware or software change might be the\
        \x1b[4;1Hcause. To fix the problem:\
        \x1b[12;5HFile: \\Boot\\BCD\
        \x1b[14;5HStatus: 0xc000000e\
        \x1b[16;5HInfo: The boot selection failed because a required device is\
        \x1b[17;11Hinaccessible.\
        \x1b[24;1HENTER=Continue                                               ESC=Exit";
    let r = parse_serial_log(log.as_bytes());
    let f = r.primary().unwrap();
    assert_eq!(f.screen, ScreenKind::BootManagerError);
    assert_eq!(f.status, Some(0xC000_000E));
    assert_eq!(f.status_name.as_deref(), Some("STATUS_NO_SUCH_DEVICE"));
    assert_eq!(f.file.as_deref(), Some("\\Boot\\BCD"));
    assert!(f.detail.as_deref().unwrap().contains("inaccessible"));
    assert_eq!(f.kb, None);
}

#[test]
fn hardware_malfunction_on_the_serial_console() {
    // Synthetic: the NMI screen text as the Azure article shows it on the serial console.
    let log = format!(
        "{SAC_BOOT}\r\n\r\n*** Hardware Malfunction\r\n\r\nCall your hardware vendor for support\r\n\r\n\
         NMI: Channel Check / IOCHK\r\n\r\n*** The system has halted ***\r\n"
    );
    let r = parse_serial_log(log.as_bytes());
    let f = r.primary().unwrap();
    assert_eq!(f.screen, ScreenKind::HardwareMalfunction);
    assert_eq!(f.stop_code, Some(0x80));
    assert_eq!(f.detail.as_deref(), Some("NMI: Channel Check / IOCHK"));
    assert_eq!(f.kb, Some(KbId::NmiHardwareMalfunction));
}

#[test]
fn repeated_modern_stop_and_a_boot_menu() {
    // Synthetic: boot menu, then 0xEF, twice.
    let boot = format!(
        "Windows Boot Manager\r\n--------------------\r\n\
         Choose an operating system to start, or press TAB to select a tool:\r\n\r\n\
         Windows Server 2019\r\n\r\n\
         Seconds until the highlighted choice will be started automatically: 5\r\n\r\n\
         {SAC_BOOT}\r\n\r\n\
         Your PC ran into a problem and needs to restart. We'll restart for you.\r\n\r\n\
         For more information about this issue and possible fixes, visit https://www.windows.com/stopcode\r\n\r\n\
         If you call a support person, give them this info:\r\n\
         Stop code: CRITICAL_PROCESS_DIED\r\n"
    );
    let log = format!("{boot}{boot}");
    let r = parse_serial_log(log.as_bytes());
    assert_eq!(r.boots, 2);
    assert_eq!(r.sac.banners, 2);
    let kinds: Vec<ScreenKind> = r.findings.iter().map(|f| f.screen).collect();
    assert_eq!(
        kinds,
        vec![
            ScreenKind::BootManagerMenu,
            ScreenKind::StopScreen,
            ScreenKind::BootManagerMenu,
            ScreenKind::StopScreen
        ]
    );
    assert!(r.repeated());
    let f = r.primary().unwrap();
    assert_eq!(f.stop_code, Some(0xEF));
    assert_eq!(
        f.stop_name_on_screen.as_deref(),
        Some("CRITICAL_PROCESS_DIED")
    );
}

#[test]
fn a_healthy_boot_has_no_findings() {
    let r = parse_serial_log(SAC_BOOT.as_bytes());
    assert!(r.findings.is_empty());
    assert!(r.primary().is_none());
    assert!(r.sac.cmd_available);
    assert_eq!(r.boots, 1);
}

#[test]
fn cleaning() {
    let c =
        clean_log(b"a\r\nb\rc\x00\x07d\x1b[1;31mred\x1b[0m\x1b]0;title\x07e\x1b(Bf\x1b[5;1Hg\n");
    assert_eq!(c, "a\nb\ncdred\x65f\ng\n");
}

#[test]
fn not_serial_logs() {
    let linux = b"[    0.000000] Linux version 6.1.0-18-amd64\n[    0.000000] Command line: BOOT_IMAGE=/vmlinuz\nlogin: ";
    assert!(matches!(
        detect(linux),
        Err(ScreenError::NotRecognised(
            NotRecognised::TextWithoutMarkers
        ))
    ));
    let r = parse_serial_log(linux);
    assert!(r.findings.is_empty());
}

#[test]
fn big_and_hostile_logs_stay_bounded() {
    // Many boots, each failing: findings are capped and the reading goes on.
    let boot = "SeaBIOS (version 1.16)\r\n*** STOP: 0x0000007B (0x1,0x2,0x3,0x4)\r\n";
    let log = boot.repeat(3000);
    let r = parse_serial_log(log.as_bytes());
    assert_eq!(r.findings.len(), vmrescue_screen::serial::MAX_FINDINGS);
    assert!(r.truncated);
    // Binary garbage, unterminated escapes, invalid UTF-8.
    let mut junk: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    junk.extend_from_slice(b"\x1b[");
    let _ = parse_serial_log(&junk);
    let _ = parse_serial_log(b"\x1b]unterminated osc");
    let _ = parse_serial_log(b"<machine-info><a>b</a><machine-info>");
}
