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
    /// A session start or clean stop in System.evtx (Kernel-General 12 / 13,
    /// EventLog 6005 / 6006): when the last session that ran began and ended.
    BootEvent {
        /// Event id.
        event_id: u32,
        /// `started` (12, 6005) or `stopped` (13, 6006).
        phase: String,
    },
    /// `Control\Windows\ShutdownTime`: the last clean shutdown (written
    /// only when Windows shuts down cleanly); the time is the fact's time.
    CleanShutdown {},
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
    /// A CBS package (`Component Based Servicing\Packages\<identity>`)
    /// whose `CurrentState` is not settled: 0x60 install pending, 0x65
    /// partially installed, or a negative (invalid) state.
    PackageState {
        /// Package identity, e.g.
        /// `Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.3803.1.8`.
        package: String,
        /// `CurrentState` as stored.
        state: u32,
        /// `install_pending`, `partially_installed` or `invalid` (negative).
        meaning: String,
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
    /// The version of a binary csrss.exe or winlogon.exe loads (the load
    /// set), and where it comes from.
    FileVersion {
        /// File.
        file: String,
        /// Version (a.b.c.d).
        version: String,
        /// CompanyName.
        company: Option<String>,
        /// The `\Windows\WinSxS` component folder the file is a hard link
        /// of (one MFT record, two names): projected by servicing.
        component: Option<String>,
    },
    /// A load-set binary on its own MFT record whose version matches no
    /// installed component folder that holds a file of its name: it was
    /// written outside servicing (copied over, replaced).
    FileReplaced {
        /// File.
        file: String,
        /// Its version.
        version: String,
        /// The versions of the component folders that hold the file.
        installed: Vec<String>,
    },
    /// A load-set binary on its own MFT record whose version equals an
    /// installed component's: the content is right, the hard link was broken
    /// (a file-level copy or restore, or a manual repair).
    FileUnlinked {
        /// File.
        file: String,
        /// Its version.
        version: String,
        /// The component folder of that version.
        component: String,
        /// When the record was last changed (`$STANDARD_INFORMATION` MFT change time).
        changed: Option<String>,
    },
    /// A load-set binary whose build family (major.minor.build) is not the
    /// installation's (`CurrentBuild`, or the base build of an enablement
    /// package).
    BuildFamilyMismatch {
        /// File.
        file: String,
        /// Its version.
        version: String,
        /// The installation's build.
        build: String,
    },
    /// The component store could not be read or holds no folder for the
    /// load set: the projection check could not be made.
    ComponentStoreUnavailable {
        /// `unreadable` (the WinSxS folder could not be listed) or
        /// `no_component` (no installed component folder holds the files).
        reason: String,
        /// The read error, when unreadable.
        error: Option<String>,
        /// The load-set files that could not be checked.
        files: Vec<String>,
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
        /// Whether it is a kernel or file-system driver.
        driver: bool,
        /// `Group` (a minifilter's is "FSFilter …").
        group: Option<String>,
        /// A minifilter's altitude.
        altitude: Option<String>,
        /// The device classes it filters (`DiskDrive upper`, …).
        class_filter: Vec<String>,
        /// The driver package that brought it (`oem42.inf`) and its provider.
        driver_package: Option<String>,
    },
    /// Non-Microsoft code registered at a point that runs inside csrss or
    /// every process (a KnownDLLs entry, a csrss ServerDll).
    ThirdPartyLoadPoint {
        /// `KnownDLLs` or `ServerDll`.
        point: String,
        /// The file.
        file: String,
        /// Its CompanyName.
        company: Option<String>,
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
        /// CompanyName of the DLL, when it could be read.
        company: Option<String>,
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
    /// Load-set files that lost their component-store hard link in one
    /// short window, with the content of an installed version: a file-level
    /// restore or copy of the system folder (servicing never breaks a
    /// projection).
    LinksBrokenTogether {
        /// The files.
        files: Vec<String>,
        /// The earliest record change time of the group.
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
        /// Tesseract's mean word confidence (0–100) over those lines; `None`
        /// for a serial console log.
        ocr_confidence: Option<f32>,
        /// What a hung-boot screen waits for: the service ("Group Policy
        /// Client") or policy ("Group Policy Local Users and Groups") shown,
        /// or "computer settings".
        waiting_for: Option<String>,
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
