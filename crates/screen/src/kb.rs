//! Knowledge base of the boot failures an Azure (or any cloud) Windows VM
//! shows besides 0xC000021A: how each is recognised (screen, serial log, dump,
//! event log, disk state), its likely causes, and the steps of the published
//! procedure. Texts are Fluent message ids (`kb-…` in
//! `crates/l10n/locales/*/main.ftl`, English, Swedish, Spanish); commands are
//! literal (the same in every language) and go into their step's message as
//! the `$command` argument.
//!
//! Facts and steps follow the Microsoft articles each entry names in
//! `sources` (SupportArticles-docs, `support/azure/virtual-machines/windows/`,
//! and the bug check reference), as summarised in shared/docs/domain.md §1–§4.
//! Placeholders in commands: `<os>` is the drive letter of the attached OS
//! disk's Windows volume, `<boot>` the boot (system) volume, `<bcd>` the BCD
//! store (`<boot>:\boot\bcd` on Gen1, `<esp>:\EFI\Microsoft\boot\bcd` on Gen2),
//! `<n>` the current control set number (`SYSTEM\Select\Current`).
//!
//! The hung-boot and not-bootable entries follow these articles (Microsoft
//! Learn, "Troubleshoot Azure virtual machines", Windows):
//! - <https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/please-wait-for-the-group-policy-client>
//! - <https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/vm-unresponsive-wait-local-session-manager>
//! - <https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/unresponsive-vm-apply-group-policy>
//! - <https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/applying-group-policy-environment-policy>
//!   (and its siblings for the other "Applying Group Policy … policy" screens)
//! - <https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/collect-os-memory-dump-file>
//! - <https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/troubleshoot-guide-not-bootable-disk>

use serde::Serialize;

use crate::finding::{Finding, ScreenKind};

/// A knowledge-base entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KbId {
    /// 0xC000021A STATUS_SYSTEM_PROCESS_TERMINATED / WINLOGON_FATAL_ERROR (the main one).
    SystemProcessTerminated,
    /// 0xEF CRITICAL_PROCESS_DIED.
    CriticalProcessDied,
    /// Stuck at "Getting Windows ready" or in Windows Update ("Working on updates", undoing changes).
    UpdateHang,
    /// 0x7B INACCESSIBLE_BOOT_DEVICE, and "Boot failure" / no operating system found.
    InaccessibleBootDevice,
    /// 0x74 BAD_SYSTEM_CONFIG_INFO and boot error 0xC000014C: registry hive corruption.
    HiveCorruption,
    /// 0xC0000102 STATUS_FILE_CORRUPT_ERROR on the boot or recovery screen.
    FileCorrupt,
    /// 0x5A CRITICAL_SERVICE_FAILED.
    CriticalServiceFailed,
    /// The VM restarts over and over (Windows logo, then again).
    RebootLoop,
    /// 0xC0000017 STATUS_NO_MEMORY: no memory for the boot ramdisk, bad memory list.
    NoMemory,
    /// 0xC0000428 STATUS_INVALID_IMAGE_HASH on the boot manager screen.
    InvalidImageHash,
    /// The NMI "Hardware Malfunction" screen (bug check 0x80 when the guest is set to crash on NMI).
    NmiHardwareMalfunction,
    /// Start-up hangs on "Please wait for the Group Policy Client / Local
    /// Session Manager / User Profile Service", "Applying computer settings"
    /// or "Applying Group Policy … policy".
    HungBoot,
    /// "This is not a bootable disk. Please insert a bootable floppy and
    /// press any key to try again ...".
    NotBootable,
}

impl KbId {
    /// Every entry.
    pub const ALL: [KbId; 13] = [
        Self::SystemProcessTerminated,
        Self::CriticalProcessDied,
        Self::UpdateHang,
        Self::InaccessibleBootDevice,
        Self::HiveCorruption,
        Self::FileCorrupt,
        Self::CriticalServiceFailed,
        Self::RebootLoop,
        Self::NoMemory,
        Self::InvalidImageHash,
        Self::NmiHardwareMalfunction,
        Self::HungBoot,
        Self::NotBootable,
    ];

    /// The entry.
    pub fn entry(self) -> &'static KbEntry {
        ENTRIES.iter().find(|e| e.id == self).unwrap_or(&ENTRIES[0])
    }
}

/// Where a piece of evidence is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceSource {
    /// The boot-diagnostics screenshot.
    Screen,
    /// The serial console log.
    SerialLog,
    /// A crash dump (MEMORY.DMP, Minidump, user-mode dump).
    Dump,
    /// An event log (System.evtx, Setup.evtx, …).
    EventLog,
    /// The state of the disk: hives, BCD, file system, files.
    Disk,
}

impl EvidenceSource {
    /// The Fluent message id naming it (`kb-source-…`).
    pub fn message_id(self) -> &'static str {
        match self {
            Self::Screen => "kb-source-screen",
            Self::SerialLog => "kb-source-serial-log",
            Self::Dump => "kb-source-dump",
            Self::EventLog => "kb-source-event-log",
            Self::Disk => "kb-source-disk",
        }
    }
}

/// A check `vmrescue diagnose` can make for an entry. Each has a message id
/// `kb-check-…` describing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// The screenshot or serial log shows one of the entry's stop codes or statuses.
    ScreenCode,
    /// The screenshot or serial log shows one of the entry's screens.
    ScreenKind,
    /// A crash dump's bug check code is one of the entry's.
    DumpBugcheck,
    /// Kernel-Power event 41 in System.evtx records the bug check code (decimal).
    KernelPower41,
    /// A user-mode dump of the critical process, written before the bug check (WER).
    UserModeDump,
    /// Pending servicing: `Windows\WinSxS\pending.xml`, packages in Install/Uninstall Pending, CBS.log.
    PendingUpdates,
    /// WindowsUpdateClient events 19/20 around the failure.
    WindowsUpdateEvents,
    /// BCD `device`/`osdevice` elements that do not match the disk's partitions.
    BcdDeviceMismatch,
    /// The MBR's active flag is not on the boot partition (Gen1).
    ActivePartition,
    /// The NTFS volume's dirty bit is set.
    NtfsDirty,
    /// A hive was not closed properly: header sequence numbers differ, .LOG1/.LOG2 hold data to replay.
    HiveDirty,
    /// The SYSTEM hive does not load, or loads empty.
    HiveUnreadable,
    /// `config\RegBack` holds empty (0-byte) files, so it cannot be used to restore.
    RegBackEmpty,
    /// The file named on screen differs from its copies of the same version in `\Windows\WinSxS`.
    FileVersusWinSxs,
    /// Drivers and services whose binaries are not signed; the CodeIntegrity log.
    UnsignedDrivers,
    /// RDAgent or the Azure Backup services are marked critical (ErrorControl 2 or 3).
    ServiceErrorControl,
    /// The BCD `{badmemory}` object has a `badmemorylist`.
    BadMemoryList,
    /// Less than 300 MB free on the OS volume.
    LowFreeSpace,
    /// `ExistingPageFiles` / `PagingFiles` point somewhere else than the temporary drive.
    PageFileLocation,
    /// Windows is an evaluation/preview edition (install date and build).
    EvaluationImage,
    /// CrashControl: `NMICrashDump`, `CrashDumpEnabled`, `DumpFile`.
    CrashDumpSettings,
    /// The serial log shows one boot after another, each failing.
    RepeatedBoots,
    /// The SOFTWARE hive sets the policy "Delete user profiles older than a
    /// specified number of days on system restart" (`CleanupProfiles` under
    /// `Policies\Microsoft\Windows\System`).
    CleanupProfilesPolicy,
}

impl Check {
    /// The Fluent message id describing the check.
    pub fn message_id(self) -> &'static str {
        match self {
            Self::ScreenCode => "kb-check-screen-code",
            Self::ScreenKind => "kb-check-screen-kind",
            Self::DumpBugcheck => "kb-check-dump-bugcheck",
            Self::KernelPower41 => "kb-check-kernel-power-41",
            Self::UserModeDump => "kb-check-user-mode-dump",
            Self::PendingUpdates => "kb-check-pending-updates",
            Self::WindowsUpdateEvents => "kb-check-windows-update-events",
            Self::BcdDeviceMismatch => "kb-check-bcd-device-mismatch",
            Self::ActivePartition => "kb-check-active-partition",
            Self::NtfsDirty => "kb-check-ntfs-dirty",
            Self::HiveDirty => "kb-check-hive-dirty",
            Self::HiveUnreadable => "kb-check-hive-unreadable",
            Self::RegBackEmpty => "kb-check-regback-empty",
            Self::FileVersusWinSxs => "kb-check-file-versus-winsxs",
            Self::UnsignedDrivers => "kb-check-unsigned-drivers",
            Self::ServiceErrorControl => "kb-check-service-error-control",
            Self::BadMemoryList => "kb-check-bad-memory-list",
            Self::LowFreeSpace => "kb-check-low-free-space",
            Self::PageFileLocation => "kb-check-page-file-location",
            Self::EvaluationImage => "kb-check-evaluation-image",
            Self::CrashDumpSettings => "kb-check-crash-dump-settings",
            Self::RepeatedBoots => "kb-check-repeated-boots",
            Self::CleanupProfilesPolicy => "kb-check-cleanup-profiles-policy",
        }
    }
}

/// How an entry is recognised: one piece of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Recognition {
    /// Where to look.
    pub source: EvidenceSource,
    /// What to check (its message id says it in words).
    pub check: Check,
}

/// One step of the procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Fluent message id (`kb-step-…`); takes `$command` when `command` is set.
    pub message: &'static str,
    /// The command to run, literal (placeholders: `<os>`, `<boot>`, `<bcd>`, `<n>`).
    pub command: Option<&'static str>,
}

impl Step {
    /// The Fluent arguments of the step's message.
    pub fn message_args(&self) -> Vec<(&'static str, String)> {
        self.command
            .map(|c| vec![("command", c.to_string())])
            .unwrap_or_default()
    }
}

/// A knowledge-base entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KbEntry {
    /// Which entry.
    pub id: KbId,
    /// Message id of the title (`kb-…-title`).
    pub title: &'static str,
    /// Message id of a one-paragraph summary (`kb-…-summary`).
    pub summary: &'static str,
    /// Bug check codes this entry is about.
    #[serde(serialize_with = "hex_seq")]
    pub stop_codes: &'static [u32],
    /// NTSTATUS values shown by the boot manager / recovery screen for it.
    #[serde(serialize_with = "hex_seq")]
    pub statuses: &'static [u32],
    /// Screens that show it (besides a stop screen with one of `stop_codes`).
    pub screens: &'static [ScreenKind],
    /// How it is recognised.
    pub recognition: &'static [Recognition],
    /// Message ids of its likely causes (`kb-…-cause-…`).
    pub causes: &'static [&'static str],
    /// The steps, in order.
    pub steps: &'static [Step],
    /// The published procedures the entry follows (repository paths).
    pub sources: &'static [&'static str],
}

fn hex_seq<S: serde::Serializer>(v: &&'static [u32], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(|x| format!("{x:#x}")))
}

const fn r(source: EvidenceSource, check: Check) -> Recognition {
    Recognition { source, check }
}
const fn st(message: &'static str) -> Step {
    Step {
        message,
        command: None,
    }
}
const fn cmd(message: &'static str, command: &'static str) -> Step {
    Step {
        message,
        command: Some(command),
    }
}

use Check as C;
use EvidenceSource as S;

// Steps shared by several entries (the "collect the OS memory dump" include
// and the offline "enable serial console and memory dump collection" script).
const SNAPSHOT: Step = st("kb-step-snapshot");
const ATTACH: Step = st("kb-step-attach");
const COLLECT_DUMP: Step = st("kb-step-collect-dump");
const ENABLE_EMS: Step = cmd(
    "kb-step-enable-ems",
    "bcdedit /store <bcd> /ems {default} ON && bcdedit /store <bcd> /emssettings EMSPORT:1 EMSBAUDRATE:115200",
);
const LOAD_HIVE: Step = cmd(
    "kb-step-load-hive",
    "reg load HKLM\\BROKENSYSTEM <os>:\\windows\\system32\\config\\SYSTEM",
);
const ENABLE_DUMP: Step = cmd(
    "kb-step-enable-dump",
    concat!(
        "reg add \"HKLM\\BROKENSYSTEM\\ControlSet001\\Control\\CrashControl\" /v CrashDumpEnabled /t REG_DWORD /d 1 /f && reg add \"HKLM\\BROKENSYSTEM\\ControlSet001\\Control\\CrashControl\" /v DumpFile /t REG_EXPAND_SZ /d \"%SystemRoot%\\MEMORY.DMP\" /f && reg add \"HKLM\\BROKENSYSTEM\\ControlSet001\\Control\\CrashControl\" /v NMICrashDump /t REG_DWORD /d 1 /f && ",
        "reg add \"HKLM\\BROKENSYSTEM\\ControlSet002\\Control\\CrashControl\" /v CrashDumpEnabled /t REG_DWORD /d 1 /f && reg add \"HKLM\\BROKENSYSTEM\\ControlSet002\\Control\\CrashControl\" /v DumpFile /t REG_EXPAND_SZ /d \"%SystemRoot%\\MEMORY.DMP\" /f && reg add \"HKLM\\BROKENSYSTEM\\ControlSet002\\Control\\CrashControl\" /v NMICrashDump /t REG_DWORD /d 1 /f"
    ),
);
const UNLOAD_HIVE: Step = cmd("kb-step-unload-hive", "reg unload HKLM\\BROKENSYSTEM");
const SEND_NMI: Step = st("kb-step-send-nmi");
const RESTORE_BACKUP: Step = st("kb-step-restore-backup");
const DUMP_FREE_SPACE: Step = st("kb-step-dump-free-space");
const REBUILD: Step = st("kb-step-rebuild");

/// The entries.
pub static ENTRIES: &[KbEntry] = &[
    KbEntry {
        id: KbId::SystemProcessTerminated,
        title: "kb-c000021a-title",
        summary: "kb-c000021a-summary",
        stop_codes: &[0xC000_021A],
        statuses: &[],
        screens: &[],
        recognition: &[
            r(S::Screen, C::ScreenCode),
            r(S::SerialLog, C::ScreenCode),
            r(S::Dump, C::DumpBugcheck),
            r(S::EventLog, C::KernelPower41),
            r(S::Disk, C::PendingUpdates),
            r(S::Disk, C::CrashDumpSettings),
        ],
        causes: &[
            "kb-c000021a-cause-mismatched-files",
            "kb-c000021a-cause-failed-update",
            "kb-c000021a-cause-backup-restore",
            "kb-c000021a-cause-third-party",
        ],
        steps: &[
            RESTORE_BACKUP,
            SNAPSHOT,
            ATTACH,
            COLLECT_DUMP,
            st("kb-c000021a-step-read-dump"),
            ENABLE_EMS,
            DUMP_FREE_SPACE,
            LOAD_HIVE,
            ENABLE_DUMP,
            UNLOAD_HIVE,
            SEND_NMI,
            st("kb-c000021a-step-recent-changes"),
        ],
        sources: &[
            "MicrosoftDocs/SupportArticles-docs support/azure/virtual-machines/windows/windows-stop-error-system-process-terminated.md",
            "MicrosoftDocs/SupportArticles-docs support/includes/azure/collect-os-memory-dump-file.md",
            "MicrosoftDocs/SupportArticles-docs support/includes/azure/enable-serial-console-memory-dump-collection.md",
            "MicrosoftDocs/windows-driver-docs windows-driver-docs-pr/debugger/bug-check-0xc000021a--winlogin-fatal-error.md",
        ],
    },
    KbEntry {
        id: KbId::CriticalProcessDied,
        title: "kb-ef-title",
        summary: "kb-ef-summary",
        stop_codes: &[0xEF],
        statuses: &[],
        screens: &[],
        recognition: &[
            r(S::Screen, C::ScreenCode),
            r(S::SerialLog, C::ScreenCode),
            r(S::Dump, C::DumpBugcheck),
            r(S::Dump, C::UserModeDump),
            r(S::EventLog, C::KernelPower41),
        ],
        causes: &[
            "kb-ef-cause-critical-process",
            "kb-ef-cause-service-recovery",
        ],
        steps: &[
            SNAPSHOT,
            ATTACH,
            cmd(
                "kb-ef-step-sfc",
                "sfc /scannow /offbootdir=<boot>:\\ /offwindir=<os>:\\windows",
            ),
            COLLECT_DUMP,
            st("kb-ef-step-user-dump"),
            ENABLE_EMS,
            LOAD_HIVE,
            ENABLE_DUMP,
            UNLOAD_HIVE,
            SEND_NMI,
        ],
        sources: &[
            "MicrosoftDocs/SupportArticles-docs support/azure/virtual-machines/windows/troubleshoot-guide-critical-process-died.md",
            "MicrosoftDocs/windows-driver-docs windows-driver-docs-pr/debugger/bug-check-0xef--critical-process-died.md",
        ],
    },
    KbEntry {
        id: KbId::UpdateHang,
        title: "kb-update-hang-title",
        summary: "kb-update-hang-summary",
        stop_codes: &[],
        statuses: &[],
        screens: &[
            ScreenKind::GettingWindowsReady,
            ScreenKind::WorkingOnUpdates,
        ],
        recognition: &[
            r(S::Screen, C::ScreenKind),
            r(S::Disk, C::PendingUpdates),
            r(S::EventLog, C::WindowsUpdateEvents),
        ],
        causes: &[
            "kb-update-hang-cause-final-reboot",
            "kb-update-hang-cause-pending-packages",
        ],
        steps: &[
            st("kb-update-hang-step-wait"),
            RESTORE_BACKUP,
            SNAPSHOT,
            ATTACH,
            cmd(
                "kb-update-hang-step-list-packages",
                "dism /image:<os>:\\ /get-packages",
            ),
            cmd(
                "kb-update-hang-step-remove-package",
                "dism /image:<os>:\\ /remove-package /packagename:<package>",
            ),
            cmd(
                "kb-update-hang-step-revert-pending",
                "dism /image:<os>:\\ /cleanup-image /revertpendingactions",
            ),
            ENABLE_EMS,
            LOAD_HIVE,
            ENABLE_DUMP,
            UNLOAD_HIVE,
            SEND_NMI,
        ],
        sources: &[
            "MicrosoftDocs/SupportArticles-docs support/azure/virtual-machines/windows/troubleshoot-vm-boot-configure-update.md",
            "MicrosoftDocs/SupportArticles-docs support/azure/virtual-machines/windows/troubleshoot-stuck-updating-boot-error.md",
            "Azure/repair-script-library src/windows/win-sfc-sf-corruption.ps1",
        ],
    },
    KbEntry {
        id: KbId::InaccessibleBootDevice,
        title: "kb-7b-title",
        summary: "kb-7b-summary",
        stop_codes: &[0x7B],
        statuses: &[],
        screens: &[ScreenKind::NoBootDevice],
        recognition: &[
            r(S::Screen, C::ScreenCode),
            r(S::Screen, C::ScreenKind),
            r(S::Dump, C::DumpBugcheck),
            r(S::Disk, C::BcdDeviceMismatch),
            r(S::Disk, C::ActivePartition),
            r(S::Disk, C::NtfsDirty),
        ],
        causes: &["kb-7b-cause-bcd", "kb-7b-cause-not-active"],
        steps: &[
            SNAPSHOT,
            ATTACH,
            cmd("kb-7b-step-chkdsk", "chkdsk <os>: /f"),
            cmd(
                "kb-7b-step-bcd-devices",
                "bcdedit /store <bcd> /set {bootmgr} device partition=<boot>: && bcdedit /store <bcd> /set {default} device partition=<os>: && bcdedit /store <bcd> /set {default} osdevice partition=<os>:",
            ),
            cmd(
                "kb-7b-step-bcd-flags",
                "bcdedit /store <bcd> /set {default} integrityservices enable && bcdedit /store <bcd> /set {default} recoveryenabled Off && bcdedit /store <bcd> /set {default} bootstatuspolicy IgnoreAllFailures",
            ),
        ],
        sources: &[
            "MicrosoftDocs/SupportArticles-docs support/azure/virtual-machines/windows/windows-boot-failure.md",
            "MicrosoftDocs/SupportArticles-docs support/azure/virtual-machines/windows/boot-diagnostics.md",
        ],
    },
    KbEntry {
        id: KbId::HiveCorruption,
        title: "kb-hive-title",
        summary: "kb-hive-summary",
        stop_codes: &[0x74],
        statuses: &[0xC000_014C],
        screens: &[],
        recognition: &[
            r(S::Screen, C::ScreenCode),
            r(S::Dump, C::DumpBugcheck),
            r(S::Disk, C::HiveDirty),
            r(S::Disk, C::HiveUnreadable),
            r(S::Disk, C::RegBackEmpty),
        ],
        causes: &["kb-hive-cause-not-closed", "kb-hive-cause-corrupt"],
        steps: &[
            SNAPSHOT,
            ATTACH,
            LOAD_HIVE,
            st("kb-hive-step-unload-if-loaded"),
            st("kb-hive-step-regback"),
            ENABLE_EMS,
            ENABLE_DUMP,
            UNLOAD_HIVE,
        ],
        sources: &[
            "MicrosoftDocs/SupportArticles-docs support/azure/virtual-machines/windows/windows-stop-error-bad-system-config-info.md",
            "MicrosoftDocs/SupportArticles-docs support/azure/virtual-machines/windows/boot-error-0xc000014c.md",
            "MicrosoftDocs/SupportArticles-docs support/includes/azure/virtual-machines-windows-fix-corrupted-hive.md",
        ],
    },
    KbEntry {
        id: KbId::FileCorrupt,
        title: "kb-c0000102-title",
        summary: "kb-c0000102-summary",
        stop_codes: &[],
        statuses: &[0xC000_0102],
        screens: &[],
        recognition: &[
            r(S::Screen, C::ScreenCode),
            r(S::Disk, C::NtfsDirty),
            r(S::Disk, C::FileVersusWinSxs),
        ],
        causes: &["kb-c0000102-cause-file", "kb-c0000102-cause-disk"],
        steps: &[
            SNAPSHOT,
            ATTACH,
            cmd("kb-c0000102-step-chkdsk", "chkdsk <os>: /f"),
            st("kb-c0000102-step-replace"),
        ],
        sources: &[
            "MicrosoftDocs/SupportArticles-docs support/azure/virtual-machines/windows/error-code-0xC0000102-status-file-corrupt.md",
        ],
    },
    KbEntry {
        id: KbId::CriticalServiceFailed,
        title: "kb-5a-title",
        summary: "kb-5a-summary",
        stop_codes: &[0x5A],
        statuses: &[],
        screens: &[],
        recognition: &[
            r(S::Screen, C::ScreenCode),
            r(S::Dump, C::DumpBugcheck),
            r(S::Disk, C::UnsignedDrivers),
        ],
        causes: &[
            "kb-5a-cause-driver",
            "kb-5a-cause-system-files",
            "kb-5a-cause-memory",
        ],
        steps: &[
            SNAPSHOT,
            ATTACH,
            LOAD_HIVE,
            cmd(
                "kb-5a-step-analysis-settings",
                "reg add \"HKLM\\BROKENSYSTEM\\ControlSet00<n>\\Control\\CrashControl\" /v AutoReboot /t REG_DWORD /d 0 /f && reg add \"HKLM\\BROKENSYSTEM\\ControlSet00<n>\\Control\\CrashControl\" /v CrashDumpEnabled /t REG_DWORD /d 2 /f",
            ),
            UNLOAD_HIVE,
            cmd(
                "kb-5a-step-debug-flags",
                "bcdedit /store <bcd> /set {bootmgr} nointegritychecks on && bcdedit /store <bcd> /set {bootmgr} integrityservices disable && bcdedit /store <bcd> /set {default} bootlog yes && bcdedit /store <bcd> /set {default} bootstatuspolicy displayallfailures && bcdedit /store <bcd> /set {default} nointegritychecks on && bcdedit /store <bcd> /set {default} testsigning off && bcdedit /store <bcd> /set {default} recoveryenabled no && bcdedit /store <bcd> /set {default} integrityservices disable",
            ),
            cmd(
                "kb-5a-step-safe-mode",
                "bcdedit /store <bcd> /set {default} safeboot minimal",
            ),
            st("kb-5a-step-verifier"),
            st("kb-5a-step-revert"),
        ],
        sources: &[
            "MicrosoftDocs/SupportArticles-docs support/azure/virtual-machines/windows/troubleshoot-critical-service-failed-boot-error.md",
        ],
    },
    KbEntry {
        id: KbId::RebootLoop,
        title: "kb-reboot-loop-title",
        summary: "kb-reboot-loop-summary",
        stop_codes: &[],
        statuses: &[],
        screens: &[ScreenKind::WindowsLogo],
        recognition: &[
            r(S::Screen, C::ScreenKind),
            r(S::SerialLog, C::RepeatedBoots),
            r(S::Disk, C::ServiceErrorControl),
            r(S::Disk, C::PendingUpdates),
            r(S::Disk, C::HiveDirty),
        ],
        causes: &[
            "kb-reboot-loop-cause-critical-service",
            "kb-reboot-loop-cause-recent-change",
            "kb-reboot-loop-cause-hive",
        ],
        steps: &[
            SNAPSHOT,
            ATTACH,
            LOAD_HIVE,
            st("kb-reboot-loop-step-select-current"),
            cmd(
                "kb-reboot-loop-step-error-control",
                "reg add \"HKLM\\BROKENSYSTEM\\ControlSet00<n>\\Services\\RDAgent\" /v ErrorControl /t REG_DWORD /d 1 /f",
            ),
            UNLOAD_HIVE,
            st("kb-reboot-loop-step-last-known-good"),
            st("kb-hive-step-regback"),
        ],
        sources: &[
            "MicrosoftDocs/SupportArticles-docs support/azure/virtual-machines/windows/troubleshoot-reboot-loop.md",
        ],
    },
    KbEntry {
        id: KbId::NoMemory,
        title: "kb-c0000017-title",
        summary: "kb-c0000017-summary",
        stop_codes: &[],
        statuses: &[0xC000_0017],
        screens: &[],
        recognition: &[
            r(S::Screen, C::ScreenCode),
            r(S::Disk, C::LowFreeSpace),
            r(S::Disk, C::BadMemoryList),
            r(S::Disk, C::PageFileLocation),
        ],
        causes: &[
            "kb-c0000017-cause-disk-full",
            "kb-c0000017-cause-bad-memory-list",
            "kb-c0000017-cause-page-file",
        ],
        steps: &[
            SNAPSHOT,
            ATTACH,
            st("kb-c0000017-step-free-space"),
            cmd(
                "kb-c0000017-step-enum-badmemory",
                "bcdedit /store <bcd> /enum {badmemory}",
            ),
            cmd(
                "kb-c0000017-step-delete-badmemory",
                "bcdedit /store <bcd> /deletevalue {badmemory} badmemorylist",
            ),
            st("kb-c0000017-step-page-file"),
        ],
        sources: &[
            "MicrosoftDocs/SupportArticles-docs support/azure/virtual-machines/windows/troubleshoot-windows-stop-error.md",
        ],
    },
    KbEntry {
        id: KbId::InvalidImageHash,
        title: "kb-c0000428-title",
        summary: "kb-c0000428-summary",
        stop_codes: &[],
        statuses: &[0xC000_0428],
        screens: &[],
        recognition: &[r(S::Screen, C::ScreenCode), r(S::Disk, C::EvaluationImage)],
        causes: &["kb-c0000428-cause-preview-expired"],
        steps: &[st("kb-c0000428-step-redeploy")],
        sources: &[
            "MicrosoftDocs/SupportArticles-docs support/azure/virtual-machines/windows/windows-boot-error-invalid-image-hash.md",
        ],
    },
    KbEntry {
        id: KbId::NmiHardwareMalfunction,
        title: "kb-nmi-title",
        summary: "kb-nmi-summary",
        stop_codes: &[0x80],
        statuses: &[],
        screens: &[ScreenKind::HardwareMalfunction],
        recognition: &[
            r(S::Screen, C::ScreenKind),
            r(S::SerialLog, C::ScreenKind),
            r(S::Disk, C::CrashDumpSettings),
        ],
        causes: &["kb-nmi-cause-not-configured"],
        steps: &[
            SNAPSHOT,
            ATTACH,
            ENABLE_EMS,
            DUMP_FREE_SPACE,
            LOAD_HIVE,
            ENABLE_DUMP,
            UNLOAD_HIVE,
            SEND_NMI,
            COLLECT_DUMP,
        ],
        sources: &[
            "MicrosoftDocs/SupportArticles-docs support/azure/virtual-machines/windows/windows-stop-error-hardware-malfunction.md",
            "MicrosoftDocs/SupportArticles-docs support/windows-client/performance/generate-a-kernel-or-complete-crash-dump.md",
            "MicrosoftDocs/SupportArticles-docs support/includes/azure/enable-serial-console-memory-dump-collection.md",
        ],
    },
    // https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/please-wait-for-the-group-policy-client
    // https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/vm-unresponsive-wait-local-session-manager
    // https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/unresponsive-vm-apply-group-policy
    // https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/applying-group-policy-environment-policy
    // https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/collect-os-memory-dump-file
    KbEntry {
        id: KbId::HungBoot,
        title: "kb-hung-boot-title",
        summary: "kb-hung-boot-summary",
        stop_codes: &[],
        statuses: &[],
        screens: &[ScreenKind::HungBoot],
        recognition: &[
            r(S::Screen, C::ScreenKind),
            r(S::Disk, C::CleanupProfilesPolicy),
            r(S::Disk, C::CrashDumpSettings),
        ],
        causes: &[
            "kb-hung-boot-cause-policies",
            "kb-hung-boot-cause-cleanup-profiles",
            "kb-hung-boot-cause-service",
        ],
        steps: &[
            st("kb-hung-boot-step-wait"),
            RESTORE_BACKUP,
            SNAPSHOT,
            ATTACH,
            cmd(
                "kb-hung-boot-step-load-software",
                "reg load HKLM\\BROKENSOFTWARE <os>:\\windows\\system32\\config\\SOFTWARE",
            ),
            cmd(
                "kb-hung-boot-step-delete-cleanup",
                "reg delete \"HKLM\\BROKENSOFTWARE\\Policies\\Microsoft\\Windows\\System\" /v CleanupProfiles /f",
            ),
            cmd(
                "kb-hung-boot-step-unload-software",
                "reg unload HKLM\\BROKENSOFTWARE",
            ),
            COLLECT_DUMP,
            ENABLE_EMS,
            DUMP_FREE_SPACE,
            LOAD_HIVE,
            ENABLE_DUMP,
            UNLOAD_HIVE,
            SEND_NMI,
            REBUILD,
            st("kb-hung-boot-step-policy-permanent"),
        ],
        sources: &[
            "MicrosoftDocs/SupportArticles-docs support/azure/virtual-machines/windows/please-wait-for-the-group-policy-client.md",
            "MicrosoftDocs/SupportArticles-docs support/azure/virtual-machines/windows/vm-unresponsive-wait-local-session-manager.md",
            "MicrosoftDocs/SupportArticles-docs support/azure/virtual-machines/windows/unresponsive-vm-apply-group-policy.md",
            "MicrosoftDocs/SupportArticles-docs support/azure/virtual-machines/windows/applying-group-policy-environment-policy.md",
            "MicrosoftDocs/SupportArticles-docs support/azure/virtual-machines/windows/collect-os-memory-dump-file.md",
        ],
    },
    // https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/troubleshoot-guide-not-bootable-disk
    KbEntry {
        id: KbId::NotBootable,
        title: "kb-not-bootable-title",
        summary: "kb-not-bootable-summary",
        stop_codes: &[],
        statuses: &[],
        screens: &[ScreenKind::NotBootable],
        recognition: &[
            r(S::Screen, C::ScreenKind),
            r(S::Disk, C::ActivePartition),
            r(S::Disk, C::BcdDeviceMismatch),
            r(S::Disk, C::NtfsDirty),
        ],
        causes: &[
            "kb-not-bootable-cause-not-active",
            "kb-not-bootable-cause-bcd",
        ],
        steps: &[
            RESTORE_BACKUP,
            SNAPSHOT,
            ATTACH,
            cmd("kb-not-bootable-step-active", "active"),
            cmd("kb-not-bootable-step-chkdsk", "chkdsk <os>: /f"),
            ENABLE_EMS,
            LOAD_HIVE,
            ENABLE_DUMP,
            UNLOAD_HIVE,
            REBUILD,
        ],
        sources: &[
            "MicrosoftDocs/SupportArticles-docs support/azure/virtual-machines/windows/troubleshoot-guide-not-bootable-disk.md",
            "MicrosoftDocs/SupportArticles-docs support/includes/azure/enable-serial-console-memory-dump-collection.md",
        ],
    },
];

/// Every entry.
pub fn all() -> &'static [KbEntry] {
    ENTRIES
}

/// The entry for a bug check code (0xC000021A, 0xEF, 0x7B, 0x74, 0x5A, 0x80).
pub fn for_stop_code(code: u32) -> Option<&'static KbEntry> {
    ENTRIES.iter().find(|e| e.stop_codes.contains(&code))
}

/// The entry for a boot manager / recovery NTSTATUS (0xC000014C, 0xC0000102,
/// 0xC0000017, 0xC0000428).
pub fn for_status(status: u32) -> Option<&'static KbEntry> {
    ENTRIES.iter().find(|e| e.statuses.contains(&status))
}

/// The entry for a screen that is itself the symptom (update screens, the
/// NMI screen, the logo of a reboot loop, "no operating system", a hung
/// boot, "not a bootable disk").
pub fn for_screen(screen: ScreenKind) -> Option<&'static KbEntry> {
    ENTRIES.iter().find(|e| e.screens.contains(&screen))
}

/// The entry a finding points to: by stop code, else status, else screen.
pub fn lookup(f: &Finding) -> Option<KbId> {
    f.stop_code
        .and_then(for_stop_code)
        .or_else(|| f.status.and_then(for_status))
        .or_else(|| for_screen(f.screen))
        .map(|e| e.id)
}

/// Every message id the knowledge base uses (titles, summaries, causes,
/// steps, checks), for the translation tests.
pub fn message_ids() -> Vec<&'static str> {
    let mut v = Vec::new();
    for e in ENTRIES {
        v.push(e.title);
        v.push(e.summary);
        v.extend_from_slice(e.causes);
        v.extend(e.steps.iter().map(|s| s.message));
        v.extend(e.recognition.iter().map(|r| r.check.message_id()));
    }
    v.sort_unstable();
    v.dedup();
    v
}
