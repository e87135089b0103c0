//! Synthetic diagnoses for the report tests. The evidence is hand-built (no
//! disk is read): each scenario holds the facts a collector would produce,
//! and `vmrescue_diagnose::diagnose` turns them into a real `Diagnosis`.
//! Together the scenarios reach every message id the rules can produce.

#![allow(dead_code)]

use vmrescue_diagnose::{Diagnosis, diagnose};
use vmrescue_evidence::{Evidence, FactKind as K, Provenance, StopOrigin};

pub const CRASH: &str = "2024-03-10T08:00:00.1234567Z";
const SYSTEM_EVTX: &str = r"\Windows\System32\winevt\Logs\System.evtx";
const SETUP_EVTX: &str = r"\Windows\System32\winevt\Logs\Setup.evtx";
const APP_EVTX: &str = r"\Windows\System32\winevt\Logs\Application.evtx";
const CRASH_CONTROL: &str = r"HKLM\SYSTEM\ControlSet001\Control\CrashControl";
const GIB: u64 = 1024 * 1024 * 1024;

fn at(artifact: &str, locator: &str, time: Option<&str>) -> Provenance {
    Provenance::of(artifact)
        .at(locator)
        .when(time.map(str::to_string))
}

fn critical_versions(ev: &mut Evidence, n: usize) {
    let files = [
        "csrss.exe",
        "winlogon.exe",
        "smss.exe",
        "wininit.exe",
        "services.exe",
        "lsass.exe",
        "ntdll.dll",
        "kernel32.dll",
        "kernelbase.dll",
        "csrsrv.dll",
        "basesrv.dll",
        "winsrv.dll",
        "sxssrv.dll",
        "user32.dll",
        "win32k.sys",
        "ntoskrnl.exe",
    ];
    for f in files.iter().take(n) {
        let path = format!(r"\Windows\System32\{f}");
        ev.push(
            K::FileVersion {
                file: path.clone(),
                version: "10.0.20348.2227".into(),
                company: Some("Microsoft Corporation".into()),
                component: Some(format!(
                    "amd64_microsoft-windows-{}_31bf3856ad364e35_10.0.20348.2227_none_0123456789abcdef",
                    f.split('.').next().unwrap_or(f)
                )),
            },
            at(&path, "VS_VERSIONINFO", Some("2024-01-09T10:00:00Z")),
        );
    }
}

/// Every cause indicated, a usable dump, a dump-hostile configuration, and
/// disk strings that need escaping.
pub fn everything() -> Evidence {
    let mut ev = Evidence {
        crash_time: Some(CRASH.into()),
        ..Default::default()
    };
    ev.push(
        K::StopCode {
            code: 0xC000_021A,
            parameters: [0xC000_0135, 0, 0, 0],
            origin: StopOrigin::MemoryDump,
            process: Some("csrss.exe".into()),
            status: Some(0xC000_0135),
            status_name: Some("STATUS_DLL_NOT_FOUND".into()),
            bucket_id: Some("0xc000021a_c0000135_csrss.exe".into()),
        },
        at(r"\Windows\MEMORY.DMP", "dump header", Some(CRASH)),
    );
    ev.push(
        K::BootScreen {
            screen: "boot_manager_error".into(),
            status: Some(0xC000_0428),
            status_name: Some("STATUS_INVALID_IMAGE_HASH".into()),
            file: Some(r"\windows\system32\winload.exe".into()),
            text: Some("Status: 0xc0000428".into()),
            ocr_confidence: None,
            waiting_for: None,
        },
        at("boot.png", "line 3", None),
    );
    // Hung-boot and not-bootable screens (vmrescue-screen): their knowledge
    // base procedures, and the OCR confidence of the lines read.
    ev.push(
        K::BootScreen {
            screen: "hung_boot".into(),
            status: None,
            status_name: None,
            file: None,
            text: Some("Please wait for the Group Policy Client".into()),
            ocr_confidence: Some(96.4),
            waiting_for: Some("Group Policy Client".into()),
        },
        at("hung.png", "line 1", None),
    );
    ev.push(
        K::BootScreen {
            screen: "not_bootable".into(),
            status: None,
            status_name: None,
            file: None,
            text: Some(
                "This is not a bootable disk. Please insert a bootable floppy and / press any key to try again ..."
                    .into(),
            ),
            ocr_confidence: Some(93.1),
            waiting_for: None,
        },
        at("bios.png", "line 1", None),
    );
    ev.push(
        K::DiskCheck {
            check: "hive_dirty".into(),
            detail: r"\Windows\System32\config\SYSTEM".into(),
        },
        at(r"\Windows\System32\config\SYSTEM", "base block", None),
    );
    ev.push(
        K::StopCode {
            code: 0xC000_021A,
            parameters: [0xC000_0135, 0, 0, 0],
            origin: StopOrigin::KernelPowerEvent,
            process: None,
            status: None,
            status_name: None,
            bucket_id: None,
        },
        at(
            SYSTEM_EVTX,
            "record 4711, Microsoft-Windows-Kernel-Power 41",
            Some("2024-03-10T08:02:11Z"),
        ),
    );
    ev.push(
        K::DumpFound {
            path: r"\Windows\MEMORY.DMP".into(),
            dump_kind: "memory_dump".into(),
            size: 2 * GIB + 5 * 1024 * 1024,
            complete: true,
            crash_time: Some(CRASH.into()),
        },
        at(r"\Windows\MEMORY.DMP", "dump header", Some(CRASH)),
    );
    ev.push(
        K::UserDump {
            process: Some("winlogon.exe".into()),
            exception: Some(0xC000_0005),
        },
        at(
            r"\ProgramData\Microsoft\Windows\WER\ReportQueue\AppCrash_winlogon.exe\WER.tmp.mdmp",
            "header",
            None,
        ),
    );
    ev.push(
        K::UnexpectedShutdown { event_id: 6008 },
        at(
            SYSTEM_EVTX,
            "record 4712, EventLog 6008",
            Some("2024-03-10T08:02:12Z"),
        ),
    );
    ev.push(
        K::UpdateFailed { kb: Some("KB5034439".into()), title: "2024-01 Security Update for Microsoft server operating system version 21H2 for x64-based Systems (KB5034439)".into(), error: Some("0x80070643".into()) },
        at(SYSTEM_EVTX, "record 4601, Microsoft-Windows-WindowsUpdateClient 20", Some("2024-03-09T03:10:00Z")),
    );
    ev.push(K::UpdateInstalled { kb: Some("KB5034129".into()), title: "2024-01 Cumulative Update for Microsoft server operating system version 21H2 (KB5034129)".into() }, at(SYSTEM_EVTX, "record 4500, Microsoft-Windows-WindowsUpdateClient 19", Some("2024-01-10T03:00:00Z")));
    ev.push(
        K::UpdateStarted {
            kb: Some("KB5034439".into()),
            title: "2024-01 Security Update (KB5034439)".into(),
        },
        at(
            SYSTEM_EVTX,
            "record 4600, Microsoft-Windows-WindowsUpdateClient 43",
            Some("2024-03-09T03:00:00Z"),
        ),
    );
    ev.push(
        K::ServicingFailed {
            package: "Package_for_RollupFix~31bf3856ad364e35~amd64~~20348.2227.1.7".into(),
            event_id: 3,
        },
        at(
            SETUP_EVTX,
            "record 88, Servicing 3, error 0x800f0922",
            Some("2024-03-09T03:12:00Z"),
        ),
    );
    ev.push(
        K::PendingXml {
            size: 4_812_334,
            kbs: vec!["KB5034439".into()],
            operations: 1234,
        },
        at(
            r"\Windows\WinSxS\pending.xml",
            "POQ",
            Some("2024-03-09T03:11:00Z"),
        ),
    );
    ev.push(
        K::ServicingPending {
            flag: "RebootPending".into(),
        },
        at(
            r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing",
            "key RebootPending",
            None,
        ),
    );
    // A session started after pending.xml was written; pending.xml stayed.
    ev.push(
        K::BootEvent {
            event_id: 12,
            phase: "started".into(),
        },
        at(
            r"\Windows\System32\winevt\Logs\System.evtx",
            "record 4690, Microsoft-Windows-Kernel-General 12",
            Some("2024-03-09T03:40:00Z"),
        ),
    );
    ev.push(
        K::CleanShutdown {},
        at(
            r"HKLM\SYSTEM\ControlSet001\Control\Windows",
            "value ShutdownTime",
            Some("2024-03-09T03:38:00Z"),
        ),
    );
    ev.push(
        K::PackageState {
            package: "Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.4046.1.6".into(),
            state: 0x65,
            meaning: "partially_installed".into(),
        },
        at(
            r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\Packages\Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.4046.1.6",
            "value CurrentState",
            Some("2024-03-09T03:11:59Z"),
        ),
    );
    ev.push(
        K::PackageState {
            package: "Package_for_ServicingStack_4169~31bf3856ad364e35~amd64~~19041.4169.1.0".into(),
            state: 0x60,
            meaning: "install_pending".into(),
        },
        at(
            r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\Packages\Package_for_ServicingStack_4169~31bf3856ad364e35~amd64~~19041.4169.1.0",
            "value CurrentState",
            None,
        ),
    );
    ev.push(
        K::ServicingPending {
            flag: "PendingXmlIdentifier".into(),
        },
        at(r"HKLM\COMPONENTS", "value PendingXmlIdentifier", None),
    );
    ev.push(K::CbsFailure { signal: "advanced_queue_failed".into(), hresult: Some(0x800F_0922), line: "2024-03-09 03:11:58, Error CBS Startup: Failed to process advanced operation queue, startupPhase: 0. A rollback transaction will be created. [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]".into() }, at(r"\Windows\Logs\CBS\CBS.log", "line 20411", None));
    ev.push(
        K::PendingFileRename {
            source: r"\??\C:\Windows\System32\winsrv.dll.new".into(),
            target: Some(r"\??\C:\Windows\System32\winsrv.dll".into()),
        },
        at(
            r"HKLM\SYSTEM\ControlSet001\Control\Session Manager",
            "value PendingFileRenameOperations",
            None,
        ),
    );
    ev.push(
        K::PendingFileRename {
            source: r"\??\C:\Windows\Temp\old.tmp".into(),
            target: None,
        },
        at(
            r"HKLM\SYSTEM\ControlSet001\Control\Session Manager",
            "value PendingFileRenameOperations",
            None,
        ),
    );
    critical_versions(&mut ev, 3);
    ev.push(
        K::FileReplaced {
            file: r"\Windows\System32\winsrv.dll".into(),
            version: "10.0.20348.1".into(),
            installed: vec!["10.0.20348.2227".into()],
        },
        at(r"\Windows\System32\winsrv.dll", "VS_VERSIONINFO", None),
    );
    ev.push(
        K::BuildFamilyMismatch {
            file: r"\Windows\System32\user32.dll".into(),
            version: "10.0.17763".into(),
            build: "20348".into(),
        },
        at(r"\Windows\System32\user32.dll", "VS_VERSIONINFO", None),
    );
    ev.push(
        K::FileUnlinked {
            file: r"\Windows\System32\lsass.exe".into(),
            version: "10.0.20348.2227".into(),
            component: "amd64_microsoft-windows-lsa-minwin_31bf3856ad364e35_10.0.20348.2227_none_0123456789abcdef".into(),
            changed: Some("2024-03-01T00:00:00Z".into()),
        },
        at(r"\Windows\System32\lsass.exe", "$STANDARD_INFORMATION", Some("2024-03-01T00:00:00Z")),
    );
    ev.push(
        K::ComponentStoreUnavailable {
            reason: "no_component".into(),
            error: None,
            files: vec![r"\Windows\System32\gdiplus.dll".into()],
        },
        Provenance::of(r"\Windows\WinSxS"),
    );
    ev.push(
        K::ComponentStoreUnavailable {
            reason: "unreadable".into(),
            error: Some("directory index of record 1234 is corrupt".into()),
            files: vec![r"\Windows\System32\gdi32.dll".into()],
        },
        Provenance::of(r"\Windows\WinSxS"),
    );
    ev.push(
        K::ThirdPartyLoadPoint {
            point: "KnownDLLs".into(),
            file: r"\Windows\System32\contosohook.dll".into(),
            company: Some("Contoso Ltd.".into()),
        },
        at(r"\Windows\System32\contosohook.dll", "VS_VERSIONINFO", None),
    );
    ev.push(
        K::FileMissing {
            file: r"\Windows\System32\sxssrv.dll".into(),
        },
        Provenance::of(r"\Windows\System32\sxssrv.dll"),
    );
    ev.push(
        K::FileEmpty {
            file: r"\Windows\System32\basesrv.dll".into(),
            size: 0,
            all_zero: false,
        },
        Provenance::of(r"\Windows\System32\basesrv.dll"),
    );
    ev.push(
        K::FileEmpty {
            file: r"\Windows\System32\csrsrv.dll".into(),
            size: 65_536,
            all_zero: true,
        },
        at(
            r"\Windows\System32\csrsrv.dll",
            "data",
            Some("2024-03-01T00:00:00Z"),
        ),
    );
    ev.push(
        K::FileNotPe {
            file: r"\Windows\System32\kernelbase.dll".into(),
            reason: "no MZ header".into(),
        },
        Provenance::of(r"\Windows\System32\kernelbase.dll"),
    );
    ev.push(
        K::OsBuild {
            product: Some("Windows Server 2022 Datacenter".into()),
            version: "10.0.20348.2227".into(),
        },
        at(
            r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion",
            "values CurrentBuild, UBR",
            None,
        ),
    );
    ev.push(
        K::ThirdPartyService {
            name: "ContosoFlt".into(),
            image_path: r"\SystemRoot\System32\drivers\contosoflt.sys".into(),
            company: Some("Contoso Ltd.".into()),
            start: Some(0),
            last_write: Some("2024-03-09T12:00:00Z".into()),
            driver: true,
            group: Some("FSFilter Activity Monitor".into()),
            altitude: Some("385100".into()),
            class_filter: vec!["DiskDrive upper".into()],
            driver_package: Some("oem42.inf (Contoso Ltd.)".into()),
        },
        at(
            r"HKLM\SYSTEM\ControlSet001\Services\ContosoFlt",
            "key",
            Some("2024-03-09T12:00:00Z"),
        ),
    );
    ev.push(
        K::ThirdPartyService {
            name: "FabrikamUpdater".into(),
            image_path: r"C:\Program Files\Fabrikam\updater.exe".into(),
            company: None,
            start: Some(3),
            last_write: Some("2022-05-01T00:00:00Z".into()),
            driver: false,
            group: None,
            altitude: None,
            class_filter: Vec::new(),
            driver_package: None,
        },
        at(
            r"HKLM\SYSTEM\ControlSet001\Services\FabrikamUpdater",
            "key",
            Some("2022-05-01T00:00:00Z"),
        ),
    );
    ev.push(
        K::ThirdPartyService {
            name: "ContosoAgent".into(),
            image_path: r"C:\Program Files\Contoso\agent.exe".into(),
            company: Some("Contoso Ltd.".into()),
            start: Some(2),
            last_write: Some("2024-03-09T12:01:00Z".into()),
            driver: false,
            group: None,
            altitude: None,
            class_filter: Vec::new(),
            driver_package: None,
        },
        at(
            r"HKLM\SYSTEM\ControlSet001\Services\ContosoAgent",
            "key",
            Some("2024-03-09T12:01:00Z"),
        ),
    );
    ev.push(
        K::ServiceInstalled {
            name: "ContosoFlt".into(),
            image_path: Some(r"C:\Program Files\Contoso\contosoflt.sys".into()),
        },
        at(
            SYSTEM_EVTX,
            "record 4650, Service Control Manager 7045",
            Some("2024-03-09T12:00:00Z"),
        ),
    );
    ev.push(
        K::ServiceFailed {
            event_id: 7026,
            names: "ContosoFlt".into(),
        },
        at(
            SYSTEM_EVTX,
            "record 4700, Service Control Manager 7026",
            Some("2024-03-10T07:59:00Z"),
        ),
    );
    ev.push(
        K::ServicingFailed {
            package: "Package_for_RollupFix~31bf3856ad364e35~amd64~~20348.1547.1.5".into(),
            event_id: 3,
        },
        at(
            SETUP_EVTX,
            "record 40, Servicing 3",
            Some("2023-02-15T03:00:00Z"),
        ),
    );
    ev.push(
        K::ThirdPartyService {
            name: "FabrikamSync".into(),
            image_path: r"C:\Program Files\Fabrikam\sync.exe".into(),
            company: Some("Fabrikam, Inc.".into()),
            start: Some(3),
            last_write: Some("2024-03-08T09:00:00Z".into()),
            driver: false,
            group: None,
            altitude: None,
            class_filter: Vec::new(),
            driver_package: None,
        },
        at(
            r"HKLM\SYSTEM\ControlSet001\Services\FabrikamSync",
            "key",
            Some("2024-03-08T09:00:00Z"),
        ),
    );
    // Residue every disk carries (said once, never evidence): a Store app
    // and a Defender definition update that failed, an update that failed
    // months before, Windows' own service failing to start, a service
    // installed and removed again.
    ev.push(
        K::UpdateFailed {
            kb: None,
            title: "9WZDNCRFJBH4-Microsoft.Windows.Photos".into(),
            error: Some("0x80073d02".into()),
        },
        at(
            SYSTEM_EVTX,
            "record 4602, Microsoft-Windows-WindowsUpdateClient 20",
            Some("2024-03-09T04:00:00Z"),
        ),
    );
    ev.push(
        K::UpdateFailed { kb: Some("KB2267602".into()), title: "Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.405.0.0)".into(), error: Some("0x80240016".into()) },
        at(SYSTEM_EVTX, "record 4603, Microsoft-Windows-WindowsUpdateClient 20", Some("2024-03-09T05:00:00Z")),
    );
    ev.push(
        K::UpdateFailed { kb: Some("KB5031364".into()), title: "2023-10 Cumulative Update for Microsoft server operating system version 21H2 for x64-based Systems (KB5031364)".into(), error: Some("0x800f0922".into()) },
        at(SYSTEM_EVTX, "record 3001, Microsoft-Windows-WindowsUpdateClient 20", Some("2023-10-11T03:00:00Z")),
    );
    ev.push(
        K::ServiceFailed {
            event_id: 7000,
            names: "WSearch".into(),
        },
        at(
            SYSTEM_EVTX,
            "record 4701, Service Control Manager 7000",
            Some("2024-03-10T07:59:30Z"),
        ),
    );
    ev.push(
        K::ServiceInstalled {
            name: "TempInstallerSvc".into(),
            image_path: Some(r"C:\Users\admin\AppData\Local\Temp\setup.exe".into()),
        },
        at(
            SYSTEM_EVTX,
            "record 4640, Service Control Manager 7045",
            Some("2024-03-09T11:00:00Z"),
        ),
    );
    ev.push(
        K::CbsFailure { signal: "sharing_violation".into(), hresult: Some(0x8007_0020), line: "2024-03-09 03:11:50, Error CSI 00000f2a (F) Failed execution of queue item Installer: Generic Command ([80070020]) [HRESULT = 0x80070020 - ERROR_SHARING_VIOLATION]".into() },
        at(r"\Windows\Logs\CBS\CBS.log", "line 20402", None),
    );
    ev.push(
        K::DiskCheck {
            check: "ntfs_dirty".into(),
            detail: "partition 3".into(),
        },
        at(r"\$Volume", "$VOLUME_INFORMATION", None),
    );
    // A product name with characters that HTML must escape.
    ev.push(
        K::ProgramInstalled {
            product: r#"Contoso <Endpoint> & "Secure" Sign-In"#.into(),
            event_id: 11707,
        },
        at(
            APP_EVTX,
            "record 901, MsiInstaller 11707",
            Some("2024-03-09T11:58:00Z"),
        ),
    );
    ev.push(
        K::ThirdPartyCredentialProvider { clsid: "{8A6F8E2B-4C1D-4E55-9D2A-0C5B1F7E3A11}".into(), name: Some("Contoso Sign-In".into()), dll: Some(r"C:\Program Files\Contoso\<script>alert(1)</script>.dll".into()), company: Some("Contoso Ltd.".into()) },
        at(r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Authentication\Credential Providers\{8A6F8E2B-4C1D-4E55-9D2A-0C5B1F7E3A11}", "key", None),
    );
    ev.push(
        K::WinlogonChanged {
            value: "Shell".into(),
            data: "explorer.exe, contoso.exe".into(),
        },
        at(
            r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon",
            "value Shell",
            None,
        ),
    );
    ev.push(
        K::AppInitDlls {
            dlls: r"C:\Contoso\hook64.dll".into(),
            enabled: true,
        },
        at(
            r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Windows",
            "value AppInit_DLLs",
            None,
        ),
    );
    ev.push(
        K::AppInitDlls {
            dlls: r"C:\Fabrikam\old.dll".into(),
            enabled: false,
        },
        at(
            r"HKLM\SOFTWARE\WOW6432Node\Microsoft\Windows NT\CurrentVersion\Windows",
            "value AppInit_DLLs",
            None,
        ),
    );
    ev.push(
        K::SubsystemChanged { value: r"%SystemRoot%\system32\csrss.exe ObjectDirectory=\Windows SharedSection=1024,20480,768 Windows=On SubSystemType=Windows ServerDll=contoso".into() },
        at(r"HKLM\SYSTEM\ControlSet001\Control\Session Manager\SubSystems", "value Windows", None),
    );
    ev.push(
        K::RegBack {
            files: vec![("SYSTEM".into(), 0), ("SOFTWARE".into(), 0)],
        },
        Provenance::of(r"\Windows\System32\config\RegBack"),
    );
    ev.push(
        K::HiveDamaged {
            hive: r"\Windows\System32\config\SOFTWARE".into(),
            reason: "all zeros".into(),
        },
        Provenance::of(r"\Windows\System32\config\SOFTWARE"),
    );
    ev.push(
        K::LinksBrokenTogether {
            files: vec![
                r"\Windows\System32\csrss.exe".into(),
                r"\Windows\System32\winsrv.dll".into(),
            ],
            time: "2024-03-01T00:00:00Z".into(),
        },
        at(
            r"\Windows\WinSxS",
            "hard links",
            Some("2024-03-01T00:00:00Z"),
        ),
    );
    ev.push(
        K::CrashDumpSettings {
            dump_type: "none".into(),
            dump_file: r"%SystemRoot%\MEMORY.DMP".into(),
            nmi_crash_dump: false,
            auto_reboot: true,
            dedicated_dump_file: None,
        },
        at(CRASH_CONTROL, "value CrashDumpEnabled", None),
    );
    ev.push(
        K::PageFile {
            entries: vec![r"D:\pagefile.sys 0 0".into()],
            on_os_volume: false,
            on_temporary_disk: true,
            max_mb: Some(1024),
        },
        at(
            r"HKLM\SYSTEM\ControlSet001\Control\Session Manager\Memory Management",
            "value PagingFiles",
            None,
        ),
    );
    ev.push(
        K::FreeSpace {
            free: GIB,
            total: 127 * GIB,
        },
        Provenance::of("NTFS $Bitmap"),
    );
    ev.push(
        K::Ems {
            loader_ems: false,
            bootems: false,
        },
        at(r"\EFI\Microsoft\Boot\BCD", "{default} 0x260000b9", None),
    );
    ev.push(
        K::Ram { bytes: 16 * GIB },
        at(r"\Windows\MEMORY.DMP", "dump header", None),
    );
    ev.error(
        "events",
        r"\Windows\System32\winevt\Logs\Security.evtx",
        "file header: bad signature",
    );
    ev.push(
        K::SourceProblem {
            problem: "synthetic-everything.vhdx: the end of the Windows volume (partition 3) cannot be read: truncated VHDX image".into(),
        },
        Provenance::of("synthetic-everything.vhdx"),
    );
    ev
}

/// A healthy disk: consistent system files, small dumps, a page file on C:.
pub fn healthy() -> Evidence {
    let mut ev = Evidence::default();
    critical_versions(&mut ev, 16);
    ev.push(
        K::CrashDumpSettings {
            dump_type: "small".into(),
            dump_file: r"%SystemRoot%\MEMORY.DMP".into(),
            nmi_crash_dump: true,
            auto_reboot: true,
            dedicated_dump_file: None,
        },
        at(CRASH_CONTROL, "value CrashDumpEnabled", None),
    );
    ev.push(
        K::PageFile {
            entries: vec![r"?:\pagefile.sys".into()],
            on_os_volume: true,
            on_temporary_disk: false,
            max_mb: None,
        },
        at(
            r"HKLM\SYSTEM\ControlSet001\Control\Session Manager\Memory Management",
            "value PagingFiles",
            None,
        ),
    );
    ev.push(
        K::Ems {
            loader_ems: true,
            bootems: true,
        },
        at(r"\EFI\Microsoft\Boot\BCD", "{default} 0x260000b9", None),
    );
    ev
}

/// A different stop code in the dump than in the minidump, a page file off
/// the OS volume and too small for a complete dump.
pub fn other_stop_code() -> Evidence {
    let mut ev = Evidence {
        crash_time: Some(CRASH.into()),
        ..Default::default()
    };
    ev.push(
        K::StopCode {
            code: 0xEF,
            parameters: [0xffff_c001_2345_6080, 0, 0, 0],
            origin: StopOrigin::MemoryDump,
            process: Some("svchost.exe".into()),
            status: None,
            status_name: None,
            bucket_id: None,
        },
        at(r"\Windows\MEMORY.DMP", "dump header", Some(CRASH)),
    );
    ev.push(
        K::StopCode {
            code: 0xC000_021A,
            parameters: [0xC000_0005, 0, 0, 0],
            origin: StopOrigin::Minidump,
            process: Some("winlogon.exe".into()),
            status: Some(0xC000_0005),
            status_name: Some("STATUS_ACCESS_VIOLATION".into()),
            bucket_id: None,
        },
        at(
            r"\Windows\Minidump\031024-10015-01.dmp",
            "dump header",
            Some("2024-03-08T10:00:00Z"),
        ),
    );
    ev.push(
        K::CrashDumpSettings {
            dump_type: "complete".into(),
            dump_file: r"%SystemRoot%\MEMORY.DMP".into(),
            nmi_crash_dump: true,
            auto_reboot: true,
            dedicated_dump_file: None,
        },
        at(CRASH_CONTROL, "value CrashDumpEnabled", None),
    );
    ev.push(
        K::PageFile {
            entries: vec![r"E:\pagefile.sys 1024 1024".into()],
            on_os_volume: false,
            on_temporary_disk: false,
            max_mb: Some(1024),
        },
        at(
            r"HKLM\SYSTEM\ControlSet001\Control\Session Manager\Memory Management",
            "value PagingFiles",
            None,
        ),
    );
    ev.push(K::Ram { bytes: 16 * GIB }, Provenance::of("--ram"));
    ev
}

/// Ready for a dump: complete dumps, NMI, serial console, room for it.
pub fn ready() -> Evidence {
    let mut ev = Evidence::default();
    // No dump and no System.evtx: no time anchor for this failure.
    ev.push(
        K::UpdateFailed {
            kb: Some("KB5034441".into()),
            title: "2024-01 Security Update for Windows 10 (KB5034441)".into(),
            error: Some("0x80070643".into()),
        },
        at(
            SETUP_EVTX,
            "record 12, Servicing 3",
            Some("2024-01-10T03:00:00Z"),
        ),
    );
    ev.push(
        K::CrashDumpSettings {
            dump_type: "complete".into(),
            dump_file: r"%SystemRoot%\MEMORY.DMP".into(),
            nmi_crash_dump: true,
            auto_reboot: false,
            dedicated_dump_file: Some(r"C:\dedicateddumpfile.sys".into()),
        },
        at(CRASH_CONTROL, "value CrashDumpEnabled", None),
    );
    ev.push(
        K::PageFile {
            entries: vec![r"C:\pagefile.sys 20000 20000".into()],
            on_os_volume: true,
            on_temporary_disk: false,
            max_mb: Some(20000),
        },
        at(
            r"HKLM\SYSTEM\ControlSet001\Control\Session Manager\Memory Management",
            "value PagingFiles",
            None,
        ),
    );
    ev.push(
        K::FreeSpace {
            free: 80 * GIB,
            total: 127 * GIB,
        },
        Provenance::of("NTFS $Bitmap"),
    );
    ev.push(
        K::Ems {
            loader_ems: true,
            bootems: true,
        },
        at(r"\EFI\Microsoft\Boot\BCD", "{default} 0x260000b9", None),
    );
    ev.push(K::Ram { bytes: 8 * GIB }, Provenance::of("--ram"));
    ev
}

/// One diagnosis per scenario, named.
pub fn diagnoses() -> Vec<(&'static str, Diagnosis)> {
    vec![
        (
            "everything",
            diagnose(&[("synthetic-everything.vhdx".into(), everything())]),
        ),
        (
            "healthy",
            diagnose(&[("synthetic-healthy.vhdx".into(), healthy())]),
        ),
        (
            "other-stop-code",
            diagnose(&[("synthetic-other.vhdx".into(), other_stop_code())]),
        ),
        (
            "ready",
            diagnose(&[("synthetic-ready.vhdx".into(), ready())]),
        ),
        (
            "nothing",
            diagnose(&[("synthetic-empty.raw".into(), Evidence::default())]),
        ),
    ]
}

/// Every message id a diagnosis uses.
pub fn message_ids(d: &Diagnosis) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for c in &d.causes {
        ids.extend(c.evidence.iter().map(|e| e.message.id.clone()));
    }
    ids.extend(d.dump_readiness.problems.iter().map(|m| m.id.clone()));
    ids.extend(d.next_steps.iter().map(|s| s.message.id.clone()));
    ids.sort();
    ids.dedup();
    ids
}

/// The message ids the rules can produce: every string literal in
/// crates/diagnose/src/rules.rs that starts with `ev-`, `ready-` or `step-`.
pub fn rule_message_ids() -> Vec<String> {
    let src = include_str!("../../../diagnose/src/rules.rs");
    let mut ids: Vec<String> = Vec::new();
    for prefix in ["\"ev-", "\"ready-", "\"step-"] {
        for (at, _) in src.match_indices(prefix) {
            let rest = &src[at + 1..];
            let end = rest.find('"').unwrap_or(rest.len());
            let id = &rest[..end];
            if id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
                ids.push(id.to_string());
            }
        }
    }
    ids.sort();
    ids.dedup();
    ids
}
