//! Windows facts from real SYSTEM hives, and from a SOFTWARE hive that is
//! SYNTHETIC: the fixtures hold no SOFTWARE hive, so one is built at test
//! time with `hivexsh` (Debian libhivex-bin) on a copy of a real
//! Windows-written hive (yarp's RecoveredHive_Windows10), under
//! `target/registry-test-scratch/`. Its values are made up for the test.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;

use vmrescue_registry::Hive;
use vmrescue_registry::facts::{self, DumpType, HiveKind, StartType};

fn open(rel: &str, logs: &[&str]) -> Option<Hive> {
    let bytes = common::read_reg(rel)?;
    let logs = common::read_logs(logs)?;
    Some(Hive::from_named_bytes(rel, bytes, logs).unwrap().0)
}

#[test]
fn windows7_system() {
    let Some(h) = open("regipy__SYSTEM", &[]) else {
        return;
    };
    let t = Instant::now();
    let f = facts::collect(&h, None);
    let took = t.elapsed();
    eprintln!("facts from regipy SYSTEM in {took:?}");
    assert!(took.as_millis() < 500, "{took:?}");
    assert!(f.errors.is_empty(), "{:?}", f.errors);
    assert_eq!(f.control_sets.current, 1);
    assert_eq!(f.control_sets.last_known_good, Some(2));
    assert_eq!(
        f.control_sets.present,
        vec!["ControlSet001", "ControlSet002"]
    );
    let s = &f.system;
    let cn = s.computer_name.as_ref().unwrap();
    assert_eq!(cn.value, "WKS-WIN732BITA");
    assert_eq!(cn.source.hive, HiveKind::System);
    assert_eq!(
        cn.source.key,
        "ControlSet001\\Control\\ComputerName\\ComputerName"
    );
    assert_eq!(cn.source.value_name.as_deref(), Some("ComputerName"));
    assert_eq!(
        s.last_shutdown.as_ref().unwrap().value.to_string(),
        "2012-04-04T01:58:40.8392499Z"
    );
    assert_eq!(s.time_zone.as_ref().unwrap().value, "Eastern Standard Time");

    let cc = &s.crash_control;
    assert!(cc.key_present);
    assert_eq!(cc.crash_dump_enabled.as_ref().unwrap().value, 2);
    assert_eq!(cc.dump_type, DumpType::Kernel);
    assert_eq!(cc.dump_file.value, "%SystemRoot%\\MEMORY.DMP");
    assert!(!cc.dump_file.default_applied);
    assert_eq!(cc.dump_file.differs_from_default, Some(false));
    // NMICrashDump is not set on this system: Windows' default (0) applies.
    assert!(cc.nmi_crash_dump.default_applied);
    assert_eq!(cc.nmi_crash_dump.value, 0);
    assert!(cc.dedicated_dump_file.is_none());

    let pf = s.page_files.paging_files.as_ref().unwrap();
    assert_eq!(pf.value.len(), 1);
    assert!(pf.value[0].automatic);
    assert_eq!(
        s.page_files.existing_page_files.as_ref().unwrap().value,
        vec!["\\??\\C:\\pagefile.sys"]
    );
    let sm = &s.session_manager;
    assert_eq!(
        sm.boot_execute.as_ref().unwrap().value,
        vec!["autocheck autochk *"]
    );
    assert_eq!(
        sm.boot_execute.as_ref().unwrap().differs_from_default,
        Some(false)
    );
    assert!(
        sm.subsystem_windows
            .as_ref()
            .unwrap()
            .value
            .contains("csrss.exe")
    );
    assert!(
        sm.known_dlls
            .as_ref()
            .unwrap()
            .value
            .iter()
            .any(|d| d.dll.eq_ignore_ascii_case("kernel32.dll"))
    );
    assert!(sm.pending_file_rename_operations.is_none());

    assert_eq!(s.services.len(), 467);
    let disk = s
        .services
        .iter()
        .find(|x| x.name.eq_ignore_ascii_case("disk"))
        .unwrap();
    assert_eq!(disk.start_type, Some(StartType::Boot));
    assert!(disk.is_driver());
    assert_eq!(disk.type_flags, vec!["kernel_driver"]);
    let _ = serde_json::to_string(&f).unwrap();
}

#[test]
fn windows10_system_after_replay() {
    let Some(h) = open(
        "regipy__SYSTEM_B/SYSTEM_B",
        &[
            "regipy__SYSTEM_B/SYSTEM_B.LOG1",
            "regipy__SYSTEM_B/SYSTEM_B.LOG2",
        ],
    ) else {
        return;
    };
    let t = Instant::now();
    let f = facts::collect(&h, None);
    eprintln!("facts from SYSTEM_B in {:?}", t.elapsed());
    assert!(f.errors.is_empty(), "{:?}", f.errors);
    let s = &f.system;
    assert_eq!(s.computer_name.as_ref().unwrap().value, "DESKTOP-PM6C56D");
    assert_eq!(s.crash_control.dump_type, DumpType::Automatic);
    assert_eq!(s.services.len(), 656);
    let pfro = s
        .session_manager
        .pending_file_rename_operations
        .as_ref()
        .unwrap();
    assert!(pfro.value.len() > 10);
    assert!(
        pfro.value
            .iter()
            .any(|r| r.source.ends_with("NvidiaLogging") && r.target.is_none())
    );
    assert!(f.software.is_none());

    // The primary alone (logs not replayed) has one service fewer.
    let plain = open("regipy__SYSTEM_B/SYSTEM_B", &[]).unwrap();
    assert_eq!(facts::collect(&plain, None).system.services.len(), 655);
}

/// Builds the synthetic SOFTWARE hive with hivexsh. `None` (with a message)
/// when hivexsh or the base hive is missing.
fn synthetic_software() -> Option<Vec<u8>> {
    if !common::have_tool("hivexsh") {
        return None;
    }
    let base = common::read_reg("yarp__NewDirtyHive1/RecoveredHive_Windows10")?;
    let dir = common::scratch("synthetic_software");
    let path = dir.join("SOFTWARE");
    std::fs::write(&path, base).unwrap();
    let script = r#"add Microsoft
cd Microsoft
add Windows NT
add Windows
cd Windows NT
add CurrentVersion
cd CurrentVersion
setval 10
ProductName
string:Windows 10 Pro
EditionID
string:Professional
InstallationType
string:Client
CurrentVersion
string:6.3
CurrentMajorVersionNumber
dword:0x0000000a
CurrentBuild
string:19045
CurrentBuildNumber
string:19045
UBR
dword:0x00000d1c
DisplayVersion
string:22H2
InstallDate
dword:0x5f5e1000
add Winlogon
add Windows
cd Winlogon
setval 2
Shell
string:explorer.exe, C:\Users\Public\updater.exe
Userinit
string:C:\Windows\system32\userinit.exe,
add Notify
cd Notify
add Legacy
cd Legacy
setval 1
DllName
string:C:\Temp\notify.dll
cd \Microsoft\Windows NT\CurrentVersion\Windows
setval 2
AppInit_DLLs
string:
LoadAppInit_DLLs
dword:0x00000000
cd \Microsoft\Windows
add CurrentVersion
cd CurrentVersion
add Authentication
add Component Based Servicing
add WindowsUpdate
cd Component Based Servicing
add RebootPending
setval 1
PendingXmlIdentifier
string:0000000000000000.xml
cd \Microsoft\Windows\CurrentVersion\Authentication
add Credential Providers
add Credential Provider Filters
cd Credential Providers
add {60b78e88-ead8-445c-9cfd-0b87f74ea6cd}
add {11111111-2222-3333-4444-555555555555}
cd {60b78e88-ead8-445c-9cfd-0b87f74ea6cd}
setval 1
@
string:PasswordProvider
cd \
add Classes
cd Classes
add CLSID
cd CLSID
add {60b78e88-ead8-445c-9cfd-0b87f74ea6cd}
add {11111111-2222-3333-4444-555555555555}
cd {60b78e88-ead8-445c-9cfd-0b87f74ea6cd}
add InprocServer32
cd InprocServer32
setval 1
@
expandstring:%SystemRoot%\system32\credprovs.dll
cd \Classes\CLSID\{11111111-2222-3333-4444-555555555555}
add InprocServer32
cd InprocServer32
setval 1
@
string:C:\ProgramData\Vendor\cp.dll
commit
"#;
    let mut child = Command::new("hivexsh")
        .arg("-w")
        .arg(&path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "hivexsh failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&path).unwrap();
    let _ = std::fs::remove_dir_all(dir);
    Some(bytes)
}

#[test]
fn synthetic_software_hive() {
    let Some(system) = open("regipy__SYSTEM", &[]) else {
        return;
    };
    let Some(sw) = synthetic_software() else {
        return;
    };
    let (sw, report) = Hive::from_named_bytes("SOFTWARE (synthetic)", sw, vec![]).unwrap();
    assert!(!report.primary_dirty);
    let f = facts::collect(&system, Some(&sw));
    let s = f.software.as_ref().unwrap();
    assert!(f.errors.is_empty(), "{:?}", f.errors);

    let os = &s.os;
    assert_eq!(os.product_name.as_ref().unwrap().value, "Windows 10 Pro");
    assert_eq!(
        os.product_name.as_ref().unwrap().source.hive,
        HiveKind::Software
    );
    assert_eq!(
        os.product_name.as_ref().unwrap().source.key,
        "Microsoft\\Windows NT\\CurrentVersion"
    );
    assert_eq!(os.edition_id.as_ref().unwrap().value, "Professional");
    assert_eq!(os.installation_type.as_ref().unwrap().value, "Client");
    assert_eq!(os.current_build.as_ref().unwrap().value, "19045");
    assert_eq!(os.ubr.as_ref().unwrap().value, 3356);
    assert_eq!(os.current_major_version.as_ref().unwrap().value, 10);
    assert_eq!(os.display_version.as_ref().unwrap().value, "22H2");
    assert_eq!(
        os.install_date.as_ref().unwrap().value.unix_seconds(),
        1_600_000_000
    );
    assert!(os.release_id.is_none());

    let wl = &s.winlogon;
    assert_eq!(wl.shell.as_ref().unwrap().differs_from_default, Some(true));
    assert_eq!(
        wl.userinit.as_ref().unwrap().differs_from_default,
        Some(false)
    );
    assert!(wl.gina_dll.is_none());
    assert_eq!(wl.notify.len(), 1);
    assert_eq!(
        wl.notify[0].dll_name.as_deref(),
        Some("C:\\Temp\\notify.dll")
    );

    assert_eq!(
        s.app_init
            .appinit_dlls
            .as_ref()
            .unwrap()
            .differs_from_default,
        Some(false)
    );
    assert_eq!(
        s.app_init
            .load_appinit_dlls
            .as_ref()
            .unwrap()
            .differs_from_default,
        Some(false)
    );
    assert!(s.app_init.wow64_appinit_dlls.is_none());

    assert_eq!(s.credential_providers.len(), 2);
    let pw = s
        .credential_providers
        .iter()
        .find(|p| p.clsid == "{60b78e88-ead8-445c-9cfd-0b87f74ea6cd}")
        .unwrap();
    assert_eq!(pw.name.as_deref(), Some("PasswordProvider"));
    assert_eq!(
        pw.dll.as_deref(),
        Some("%SystemRoot%\\system32\\credprovs.dll")
    );
    assert_eq!(pw.dll_outside_system32, Some(false));
    let other = s
        .credential_providers
        .iter()
        .find(|p| p.clsid.starts_with("{1111"))
        .unwrap();
    assert_eq!(other.dll_outside_system32, Some(true));
    assert!(s.credential_provider_filters.is_empty());

    let sv = &s.servicing;
    assert!(sv.reboot_pending.value);
    assert!(!sv.packages_pending.value);
    assert!(!sv.sessions_pending.value);
    assert_eq!(
        sv.pending_xml_identifier.as_ref().unwrap().value,
        "0000000000000000.xml"
    );
    assert!(!sv.windows_update_reboot_required.value);
    let json = serde_json::to_string(&f).unwrap();
    assert!(json.contains("\"product_name\""));
}
