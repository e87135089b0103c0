//! The evidence model: typed facts, each with where it came from.

use schemars::JsonSchema;
use serde::Serialize;

/// Where a fact came from: the artifact (a Windows path, a registry key),
/// a locator inside it (event record id, value name, byte offset) and the
/// time the artifact gives for it.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
pub struct Provenance {
    /// The artifact: `\Windows\System32\winevt\Logs\System.evtx`,
    /// `HKLM\SOFTWARE\Microsoft\...`, `\Windows\MEMORY.DMP`.
    pub artifact: String,
    /// Where in the artifact: `record 1234`, `value RebootPending`, `offset 0x...`.
    pub locator: Option<String>,
    /// The time the artifact gives (RFC 3339, UTC).
    pub time: Option<String>,
}

impl Provenance {
    /// A provenance with only an artifact.
    pub fn of(artifact: impl Into<String>) -> Self {
        Self {
            artifact: artifact.into(),
            locator: None,
            time: None,
        }
    }
    /// Adds a locator.
    pub fn at(mut self, locator: impl Into<String>) -> Self {
        self.locator = Some(locator.into());
        self
    }
    /// Adds a time.
    pub fn when(mut self, time: Option<String>) -> Self {
        self.time = time;
        self
    }
}

/// Where a stop code was seen.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum StopOrigin {
    /// A kernel memory dump (MEMORY.DMP, dedicated dump file).
    MemoryDump,
    /// A dump still inside pagefile.sys.
    PagefileDump,
    /// A small memory dump (Minidump folder).
    Minidump,
    /// System.evtx event 1001 (BugCheck).
    BugcheckEvent,
    /// System.evtx Kernel-Power event 41 with a bugcheck code.
    KernelPowerEvent,
    /// A boot-diagnostics screenshot.
    Screenshot,
    /// A serial console log.
    SerialLog,
    /// What the user saw and said (`diagnose --stop-code`).
    User,
}

/// One fact.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Fact {
    /// What the fact says.
    #[serde(flatten)]
    pub kind: FactKind,
    /// Where it came from.
    pub source: Provenance,
}

/// The kinds of fact collectors produce. Tagged by `kind` in JSON.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FactKind {
    /// A stop code seen somewhere.
    StopCode {
        /// The bugcheck code.
        code: u32,
        /// The four parameters.
        parameters: [u64; 4],
        /// Where it was seen.
        origin: StopOrigin,
        /// The process that died (0xC000021A / 0xEF), when known.
        process: Option<String>,
        /// The NTSTATUS in the parameters, when there is one.
        status: Option<u32>,
        /// The NTSTATUS name.
        status_name: Option<String>,
        /// Bucket-like id from the dump.
        bucket_id: Option<String>,
    },
    /// A crash dump file exists.
    DumpFound {
        /// Path on the volume.
        path: String,
        /// `memory_dump`, `minidump`, `page_file`, `dedicated_dump_file`, `wer`.
        dump_kind: String,
        /// Size in bytes.
        size: u64,
        /// Whether it decoded and is complete.
        complete: bool,
        /// Crash time from the dump header.
        crash_time: Option<String>,
    },
    /// A user-mode dump of a process (WER).
    UserDump {
        /// Process name.
        process: Option<String>,
        /// Exception code.
        exception: Option<u32>,
    },
    /// An unexpected shutdown (Kernel-Power 41 without a bugcheck, EventLog 6008).
    UnexpectedShutdown {
        /// Event id.
        event_id: u32,
    },
    /// Windows Update failed to install an update (WindowsUpdateClient 20).
    UpdateFailed {
        /// KB number, when the title names one.
        kb: Option<String>,
        /// The update's title.
        title: String,
        /// The error code.
        error: Option<String>,
    },
    /// Windows Update installed an update (WindowsUpdateClient 19).
    UpdateInstalled {
        /// KB number.
        kb: Option<String>,
        /// The update's title.
        title: String,
    },
    /// Windows Update started installing (WindowsUpdateClient 43).
    UpdateStarted {
        /// KB number.
        kb: Option<String>,
        /// Title.
        title: String,
    },
    /// A servicing event in Setup.evtx that reports a failure.
    ServicingFailed {
        /// Package or KB.
        package: String,
        /// Event id.
        event_id: u32,
    },
    /// `\Windows\WinSxS\pending.xml` exists: servicing operations wait for the next boot.
    PendingXml {
        /// Size in bytes.
        size: u64,
        /// KB numbers named in it.
        kbs: Vec<String>,
        /// Number of file operations (Hardlink/Move/Delete/Create).
        operations: usize,
    },
    /// A CBS registry flag that says servicing is pending.
    ServicingPending {
        /// `RebootPending`, `PackagesPending`, `SessionsPending`, `PendingXmlIdentifier`, `RebootRequired`.
        flag: String,
    },
    /// A CBS.log line that proves a servicing failure or rollback (one of
    /// Microsoft's documented phrases), near the end of the log.
    CbsFailure {
        /// Which failure phrase (`advanced_queue_failed`, `queue_item_failed`,
        /// `hang_detected`, `rollback_no_progress`, `driver_queue_failed`,
        /// `driver_rollback`, `failure_report`, `original_failure_status`,
        /// `sharing_violation`).
        signal: String,
        /// The HRESULT or status the line names.
        hresult: Option<u32>,
        /// The line.
        line: String,
    },
    /// PendingFileRenameOperations holds entries.
    PendingFileRename {
        /// Source path. Serialized as `source_path`: a fact's `source` key
        /// is its provenance (the kind is flattened into [`Fact`]).
        #[serde(rename = "source_path")]
        source: String,
        /// Target (None = delete).
        target: Option<String>,
    },
    /// The version of a critical system binary.
    FileVersion {
        /// File.
        file: String,
        /// Version (a.b.c.d).
        version: String,
        /// CompanyName.
        company: Option<String>,
    },
    /// A critical binary whose version disagrees with the others / the registry.
    VersionMismatch {
        /// File.
        file: String,
        /// Its version.
        version: String,
        /// The version the rest of the system has.
        expected: String,
    },
    /// A critical file is missing.
    FileMissing {
        /// File.
        file: String,
    },
    /// A critical file is empty or all zeros.
    FileEmpty {
        /// File.
        file: String,
        /// Size.
        size: u64,
        /// Whether it has bytes but all are zero.
        all_zero: bool,
    },
    /// A critical file is not a valid PE image.
    FileNotPe {
        /// File.
        file: String,
        /// Why.
        reason: String,
    },
    /// The OS build the registry records.
    OsBuild {
        /// Product name.
        product: Option<String>,
        /// a.b.c.d from CurrentMajor/Minor, CurrentBuild and UBR.
        version: String,
    },
    /// A service or driver whose binary is not Microsoft's.
    ThirdPartyService {
        /// Service name.
        name: String,
        /// ImagePath.
        image_path: String,
        /// CompanyName of the binary, when readable.
        company: Option<String>,
        /// Start type (0 boot … 4 disabled).
        start: Option<u32>,
        /// Key last write time.
        last_write: Option<String>,
    },
    /// A service installed (Service Control Manager 7045).
    ServiceInstalled {
        /// Service name.
        name: String,
        /// ImagePath.
        image_path: Option<String>,
    },
    /// A service failed to start (7000) or a boot driver failed (7026).
    ServiceFailed {
        /// Event id.
        event_id: u32,
        /// Service or driver names.
        names: String,
    },
    /// A program was installed (MsiInstaller 11707/1033).
    ProgramInstalled {
        /// Product name.
        product: String,
        /// Event id.
        event_id: u32,
    },
    /// A credential provider or filter whose DLL is not Windows'.
    ThirdPartyCredentialProvider {
        /// CLSID.
        clsid: String,
        /// Name.
        name: Option<String>,
        /// DLL path.
        dll: Option<String>,
    },
    /// A Winlogon value that differs from Windows' default.
    WinlogonChanged {
        /// Value name (Shell, Userinit, GinaDLL, Notify package).
        value: String,
        /// Its data.
        data: String,
    },
    /// AppInit_DLLs loads code into every process that loads user32.dll.
    AppInitDlls {
        /// The DLL list.
        dlls: String,
        /// LoadAppInit_DLLs.
        enabled: bool,
    },
    /// `Session Manager\SubSystems\Windows` (the csrss command line) differs
    /// from Windows' form.
    SubsystemChanged {
        /// The value.
        value: String,
    },
    /// Registry backup folder state.
    RegBack {
        /// Files and sizes.
        files: Vec<(String, u64)>,
    },
    /// A hive is unusable (empty, all zeros, or not a hive).
    HiveDamaged {
        /// Hive.
        hive: String,
        /// Why.
        reason: String,
    },
    /// Critical files whose modification times cluster at one moment while
    /// the rest of the system is older: a restore that replaced some files.
    RestoreTimestamps {
        /// Files with the restore-time stamp.
        files: Vec<String>,
        /// The shared time.
        time: String,
    },
    /// Crash dump settings.
    CrashDumpSettings {
        /// CrashDumpEnabled decoded (none, complete, kernel, small, automatic, active).
        dump_type: String,
        /// DumpFile.
        dump_file: String,
        /// NMICrashDump.
        nmi_crash_dump: bool,
        /// AutoReboot.
        auto_reboot: bool,
        /// DedicatedDumpFile.
        dedicated_dump_file: Option<String>,
    },
    /// Page file configuration.
    PageFile {
        /// PagingFiles entries as configured.
        entries: Vec<String>,
        /// Whether one is on the OS volume (C:) or `?:` (system managed on the
        /// system drive).
        on_os_volume: bool,
        /// Whether one is on D:, Azure's temporary disk.
        on_temporary_disk: bool,
        /// Largest configured maximum size in MB (None = system managed).
        max_mb: Option<u64>,
    },
    /// Free space on the Windows volume.
    FreeSpace {
        /// Free bytes.
        free: u64,
        /// Volume size.
        total: u64,
    },
    /// EMS (serial console) state in the BCD.
    Ems {
        /// `ems` on the default loader.
        loader_ems: bool,
        /// `bootems` on the boot manager.
        bootems: bool,
    },
    /// RAM size, from a dump or `--ram`.
    Ram {
        /// Bytes.
        bytes: u64,
    },
    /// What a boot screenshot or serial console log shows besides a stop code:
    /// a boot manager or recovery error, an update or repair screen.
    BootScreen {
        /// The screen kind (`boot_manager_error`, `getting_windows_ready`, …).
        screen: String,
        /// The NTSTATUS shown (boot manager / recovery screens).
        status: Option<u32>,
        /// Its name.
        status_name: Option<String>,
        /// The file named on screen.
        file: Option<String>,
        /// The recognised line(s) the finding rests on.
        text: Option<String>,
    },
    /// A disk state that points at one of the sibling boot failures (dirty or
    /// unreadable hive, NTFS dirty bit, bad memory list, BCD device that
    /// matches no partition).
    DiskCheck {
        /// `hive_dirty`, `hive_logs_not_applied`, `ntfs_dirty`, `bad_memory_list`, `bcd_device_mismatch`.
        check: String,
        /// What was found.
        detail: String,
    },
    /// The source (image, device, URL) could not be read completely: a fact
    /// about the copy of the disk, never evidence of a Windows cause.
    SourceProblem {
        /// What is wrong.
        problem: String,
    },
    /// A collector could not read an artifact; the rest of the diagnosis went on.
    CollectorError {
        /// The collector.
        collector: String,
        /// The error.
        error: String,
    },
}
