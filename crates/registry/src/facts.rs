//! Typed facts about a Windows installation, read from its SYSTEM and
//! SOFTWARE hives. Every fact carries its provenance (hive, key path, value
//! name) and says when Windows' default was used because the value is
//! absent, or when a value differs from Windows' default.
//!
//! Only direct lookups are made (no tree walks): extracting everything from
//! a real SYSTEM hive takes a few milliseconds.
//!
//! Sources for meanings and defaults:
//! - CrashControl values and defaults: Microsoft KB 254649 "Memory dump file
//!   options" and "Server Core memory dump" (DedicatedDumpFile, DumpFileSize),
//!   summarized in the project's `docs/domain.md` §1.8–1.10.
//! - Service Type/Start/ErrorControl codes: `winnt.h` (SERVICE_KERNEL_DRIVER
//!   0x1 ... SERVICE_PKG_SERVICE 0x200; SERVICE_BOOT_START 0 ...
//!   SERVICE_DISABLED 4; SERVICE_ERROR_IGNORE 0 ... SERVICE_ERROR_CRITICAL 3).
//! - Winlogon defaults: `Shell` = `explorer.exe`, `Userinit` =
//!   `C:\Windows\system32\userinit.exe,`; no `GinaDLL` and no `Notify`
//!   packages since Windows Vista; `AppInit_DLLs` empty and
//!   `LoadAppInit_DLLs` 0.

use serde::Serialize;

use crate::FileTime;
use crate::control_set::ControlSets;
use crate::error::{Problem, RegistryError};
use crate::hive::{Hive, Key, Value, ValueType};

/// Which hive a fact comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HiveKind {
    /// `Windows\System32\config\SYSTEM`.
    System,
    /// `Windows\System32\config\SOFTWARE`.
    Software,
}

/// Where a fact was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The hive.
    pub hive: HiveKind,
    /// Key path relative to the hive root (control set resolved, e.g.
    /// `ControlSet001\Control\CrashControl`).
    pub key: String,
    /// Value name; `None` when the fact is about a key, `Some("")` for a
    /// default value.
    pub value_name: Option<String>,
}

/// A value with its provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact<T> {
    /// The value.
    pub value: T,
    /// Where it was read (or would have been, for defaults).
    #[serde(flatten)]
    pub source: Source,
    /// True when the registry has no such value and Windows' default is
    /// given instead.
    pub default_applied: bool,
    /// Whether the value differs from Windows' default, where that default
    /// is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub differs_from_default: Option<bool>,
}

impl<T> Fact<T> {
    fn new(value: T, source: Source) -> Fact<T> {
        Fact {
            value,
            source,
            default_applied: false,
            differs_from_default: None,
        }
    }
}

/// A fact that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FactError {
    /// Which fact (e.g. `"crash_control.dump_file"`).
    pub fact: &'static str,
    /// The error.
    pub error: RegistryError,
}

/// Everything [`collect`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WindowsFacts {
    /// The control sets (`Select`).
    pub control_sets: ControlSets,
    /// Facts from the SYSTEM hive.
    pub system: SystemFacts,
    /// Facts from the SOFTWARE hive, when given.
    pub software: Option<SoftwareFacts>,
    /// Facts that could not be read.
    pub errors: Vec<FactError>,
}

/// Facts from the SYSTEM hive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SystemFacts {
    /// `Control\ComputerName\ComputerName\ComputerName`.
    pub computer_name: Option<Fact<String>>,
    /// `Control\Windows\ShutdownTime` (FILETIME in REG_BINARY): last clean shutdown.
    pub last_shutdown: Option<Fact<FileTime>>,
    /// `Control\TimeZoneInformation\TimeZoneKeyName` (or `StandardName`).
    pub time_zone: Option<Fact<String>>,
    /// `Control\CrashControl`.
    pub crash_control: CrashControl,
    /// `Control\Session Manager\Memory Management` page file settings.
    pub page_files: PageFiles,
    /// `Control\Session Manager`.
    pub session_manager: SessionManager,
    /// `Services`, one entry per subkey.
    pub services: Vec<Service>,
    /// `Control\Class\{GUID}` keys with `UpperFilters` or `LowerFilters`.
    pub class_filters: Vec<ClassFilters>,
}

/// The filter drivers of one device setup class (`Control\Class\{GUID}`):
/// service names loaded above or below every device of the class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassFilters {
    /// The class GUID (key name).
    pub class_guid: String,
    /// The class name (`Class` value), when present.
    pub class_name: Option<String>,
    /// Key path.
    pub key: String,
    /// `UpperFilters`.
    pub upper: Vec<String>,
    /// `LowerFilters`.
    pub lower: Vec<String>,
}

/// Memory dump type from `CrashDumpEnabled` (and `FilterPages`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "value")]
pub enum DumpType {
    /// 0: no dump.
    None,
    /// 1: complete memory dump.
    Complete,
    /// 1 with `FilterPages` = 1: active memory dump.
    Active,
    /// 2: kernel memory dump.
    Kernel,
    /// 3: small memory dump (minidump).
    Small,
    /// 7: automatic memory dump.
    Automatic,
    /// `CrashDumpEnabled` is absent.
    NotSet,
    /// Any other value.
    Unknown(u32),
}

/// `Control\CrashControl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CrashControl {
    /// The key (resolved path) and whether it exists.
    pub key: Source,
    /// True when the key exists.
    pub key_present: bool,
    /// `CrashDumpEnabled` as stored.
    pub crash_dump_enabled: Option<Fact<u32>>,
    /// The dump type it means.
    pub dump_type: DumpType,
    /// `FilterPages` (1 turns a complete dump into an active dump).
    pub filter_pages: Option<Fact<u32>>,
    /// `DumpFile` (default `%SystemRoot%\Memory.dmp`).
    pub dump_file: Fact<String>,
    /// `MinidumpDir` (default `%SystemRoot%\Minidump`).
    pub minidump_dir: Fact<String>,
    /// `DedicatedDumpFile`, a dump-only page file elsewhere.
    pub dedicated_dump_file: Option<Fact<String>>,
    /// `DumpFileSize` in MB (for the dedicated dump file).
    pub dump_file_size_mb: Option<Fact<u32>>,
    /// `NMICrashDump` (default 0): bug check on an NMI.
    pub nmi_crash_dump: Fact<u32>,
    /// `AutoReboot` (default 1).
    pub auto_reboot: Fact<u32>,
    /// `Overwrite` (default 1).
    pub overwrite: Fact<u32>,
    /// `LogEvent` (default 1).
    pub log_event: Fact<u32>,
    /// `AlwaysKeepMemoryDump` (keep the dump even when disk space is low).
    pub always_keep_memory_dump: Option<Fact<u32>>,
    /// `IgnorePagefileSize`.
    pub ignore_pagefile_size: Option<Fact<u32>>,
}

/// One `PagingFiles` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PagingFileSpec {
    /// The entry as stored.
    pub raw: String,
    /// The page file path (`?:\pagefile.sys` means "any volume").
    pub path: String,
    /// Initial size in MB, when given.
    pub initial_mb: Option<u64>,
    /// Maximum size in MB, when given.
    pub maximum_mb: Option<u64>,
    /// True for system-managed sizes (`0 0`, or no sizes).
    pub system_managed: bool,
    /// True for `?:` paths: Windows manages page files on all volumes.
    pub automatic: bool,
}

/// `Control\Session Manager\Memory Management` page file settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageFiles {
    /// `PagingFiles`: the configured page files.
    pub paging_files: Option<Fact<Vec<PagingFileSpec>>>,
    /// `ExistingPageFiles`: the page files in use at the last boot.
    pub existing_page_files: Option<Fact<Vec<String>>>,
    /// `ClearPageFileAtShutdown`.
    pub clear_page_file_at_shutdown: Option<Fact<u32>>,
}

/// One KnownDLLs entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KnownDll {
    /// Value name.
    pub name: String,
    /// DLL file name (or directory for `DllDirectory`).
    pub dll: String,
}

/// One `PendingFileRenameOperations` pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PendingRename {
    /// Source path (usually `\??\C:\...`).
    pub source: String,
    /// Target path; `None` means "delete the source". A leading `!` means
    /// "replace an existing file".
    pub target: Option<String>,
}

/// `Control\Session Manager`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionManager {
    /// `BootExecute` (default `autocheck autochk *`).
    pub boot_execute: Option<Fact<Vec<String>>>,
    /// `SetupExecute` (normally empty).
    pub setup_execute: Option<Fact<Vec<String>>>,
    /// `SubSystems\Windows`: the csrss command line.
    pub subsystem_windows: Option<Fact<String>>,
    /// `KnownDLLs` values.
    pub known_dlls: Option<Fact<Vec<KnownDll>>>,
    /// `PendingFileRenameOperations`.
    pub pending_file_rename_operations: Option<Fact<Vec<PendingRename>>>,
    /// `PendingFileRenameOperations2`.
    pub pending_file_rename_operations2: Option<Fact<Vec<PendingRename>>>,
}

/// Service start type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "value")]
pub enum StartType {
    /// 0: loaded by the boot loader.
    Boot,
    /// 1: started by the kernel at initialization.
    System,
    /// 2: started by the service control manager.
    Automatic,
    /// 3: started on demand.
    Manual,
    /// 4: disabled.
    Disabled,
    /// Any other value.
    Unknown(u32),
}

/// Service error control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "value")]
pub enum ErrorControl {
    /// 0: ignore the failure.
    Ignore,
    /// 1: log and continue.
    Normal,
    /// 2: switch to LastKnownGood, or continue if already there.
    Severe,
    /// 3: switch to LastKnownGood, or bug check if already there.
    Critical,
    /// Any other value.
    Unknown(u32),
}

/// One service or driver under `Services`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Service {
    /// Key name.
    pub name: String,
    /// Key path.
    pub key: String,
    /// Key last-write time.
    pub last_written: FileTime,
    /// `Type` as stored.
    pub service_type: Option<u32>,
    /// `Type` bits by name (`kernel_driver`, `win32_own_process`, ...).
    pub type_flags: Vec<&'static str>,
    /// `Start` as stored.
    pub start: Option<u32>,
    /// Decoded start type.
    pub start_type: Option<StartType>,
    /// `DelayedAutostart` = 1.
    pub delayed_autostart: bool,
    /// `ErrorControl` as stored.
    pub error_control: Option<u32>,
    /// Decoded error control.
    pub error_control_type: Option<ErrorControl>,
    /// `ImagePath`.
    pub image_path: Option<String>,
    /// `DisplayName`.
    pub display_name: Option<String>,
    /// `Group`.
    pub group: Option<String>,
    /// `ObjectName` (account or driver object).
    pub object_name: Option<String>,
    /// `DependOnService`.
    pub depend_on_service: Vec<String>,
    /// `DependOnGroup`.
    pub depend_on_group: Vec<String>,
    /// A file-system minifilter's altitude: `Instances\<DefaultInstance>\Altitude`
    /// (or the first instance's).
    pub altitude: Option<String>,
}

impl Service {
    /// True for kernel and file system drivers.
    pub fn is_driver(&self) -> bool {
        self.service_type
            .is_some_and(|t| t & 0xB != 0 && t & 0x30 == 0)
    }
}

/// Facts from the SOFTWARE hive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SoftwareFacts {
    /// `Microsoft\Windows NT\CurrentVersion`.
    pub os: OsInfo,
    /// `Microsoft\Windows NT\CurrentVersion\Winlogon`.
    pub winlogon: Winlogon,
    /// `...\Authentication\Credential Providers`.
    pub credential_providers: Vec<CredentialProvider>,
    /// `...\Authentication\Credential Provider Filters`.
    pub credential_provider_filters: Vec<CredentialProvider>,
    /// `AppInit_DLLs` settings (native and WOW64).
    pub app_init: AppInit,
    /// Pending servicing operations.
    pub servicing: Servicing,
}

/// `Microsoft\Windows NT\CurrentVersion`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OsInfo {
    /// `ProductName` (e.g. "Windows 10 Pro"; Windows 11 still says 10 here).
    pub product_name: Option<Fact<String>>,
    /// `EditionID`.
    pub edition_id: Option<Fact<String>>,
    /// `InstallationType` ("Client", "Server", "Server Core").
    pub installation_type: Option<Fact<String>>,
    /// `CurrentVersion` ("6.3" on Windows 8.1 and later).
    pub current_version: Option<Fact<String>>,
    /// `CurrentMajorVersionNumber` (Windows 10+).
    pub current_major_version: Option<Fact<u32>>,
    /// `CurrentMinorVersionNumber` (Windows 10+).
    pub current_minor_version: Option<Fact<u32>>,
    /// `CurrentBuild`.
    pub current_build: Option<Fact<String>>,
    /// `CurrentBuildNumber`.
    pub current_build_number: Option<Fact<String>>,
    /// `UBR`: update build revision.
    pub ubr: Option<Fact<u32>>,
    /// `DisplayVersion` (e.g. "22H2").
    pub display_version: Option<Fact<String>>,
    /// `ReleaseId` (e.g. "2009").
    pub release_id: Option<Fact<String>>,
    /// `BuildLabEx`.
    pub build_lab_ex: Option<Fact<String>>,
    /// `InstallDate` (seconds since 1970, shown as a time).
    pub install_date: Option<Fact<FileTime>>,
    /// `SystemRoot`.
    pub system_root: Option<Fact<String>>,
}

/// A Winlogon notification package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotifyPackage {
    /// Key name.
    pub name: String,
    /// `DllName`.
    pub dll_name: Option<String>,
    /// Key path.
    pub key: String,
}

/// `Microsoft\Windows NT\CurrentVersion\Winlogon`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Winlogon {
    /// `Shell` (default `explorer.exe`).
    pub shell: Option<Fact<String>>,
    /// `Userinit` (default `C:\Windows\system32\userinit.exe,`).
    pub userinit: Option<Fact<String>>,
    /// `GinaDLL` (absent since Vista).
    pub gina_dll: Option<Fact<String>>,
    /// `Notify` subkeys (none by default since Vista).
    pub notify: Vec<NotifyPackage>,
}

/// A credential provider or provider filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CredentialProvider {
    /// The CLSID (key name).
    pub clsid: String,
    /// The key's default value (a display name).
    pub name: Option<String>,
    /// `Classes\CLSID\{clsid}\InprocServer32` default value.
    pub dll: Option<String>,
    /// True when the DLL is not in `%SystemRoot%\System32` (worth a look).
    pub dll_outside_system32: Option<bool>,
    /// Where the provider is registered.
    pub source: Source,
}

/// `AppInit_DLLs` settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppInit {
    /// `Microsoft\Windows NT\CurrentVersion\Windows\AppInit_DLLs` (default empty).
    pub appinit_dlls: Option<Fact<String>>,
    /// `LoadAppInit_DLLs` (default 0).
    pub load_appinit_dlls: Option<Fact<u32>>,
    /// The same under `Wow6432Node`.
    pub wow64_appinit_dlls: Option<Fact<String>>,
    /// The same under `Wow6432Node`.
    pub wow64_load_appinit_dlls: Option<Fact<u32>>,
}

/// Pending servicing operations (a common reason for boot loops after updates).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Servicing {
    /// `Component Based Servicing\RebootPending` key exists.
    pub reboot_pending: Fact<bool>,
    /// `Component Based Servicing\PackagesPending` key exists.
    pub packages_pending: Fact<bool>,
    /// `Component Based Servicing\SessionsPending` key exists.
    pub sessions_pending: Fact<bool>,
    /// `Component Based Servicing\PendingXmlIdentifier` (a pending.xml is staged).
    pub pending_xml_identifier: Option<Fact<String>>,
    /// `WindowsUpdate\Auto Update\RebootRequired` key exists.
    pub windows_update_reboot_required: Fact<bool>,
    /// Packages under `Component Based Servicing\Packages` whose
    /// `CurrentState` is not a settled one: install pending (0x60), partially
    /// installed (0x65), or a failure (negative as a signed value). At most
    /// [`MAX_PACKAGE_STATES`].
    pub unsettled_packages: Vec<PackageState>,
}

/// Packages reported in [`Servicing::unsettled_packages`] at most.
pub const MAX_PACKAGE_STATES: usize = 64;

/// One CBS package and its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackageState {
    /// Package identity (the key name), e.g.
    /// `Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.3803.1.8`.
    pub package: String,
    /// `CurrentState`.
    pub current_state: u32,
    /// Key last-write time.
    pub last_written: FileTime,
}

/// Reads values with provenance, collecting errors.
struct Reader<'h, 'e> {
    hive: &'h Hive,
    kind: HiveKind,
    errors: &'e mut Vec<FactError>,
}

impl<'h> Reader<'h, '_> {
    fn src(&self, key: &str, value: Option<&str>) -> Source {
        Source {
            hive: self.kind,
            key: key.to_string(),
            value_name: value.map(str::to_string),
        }
    }

    fn err(&mut self, fact: &'static str, error: RegistryError) {
        self.errors.push(FactError { fact, error });
    }

    fn key(&mut self, fact: &'static str, path: &str) -> Option<Key<'h>> {
        match self.hive.key(path) {
            Ok(k) => k,
            Err(e) => {
                self.err(fact, e);
                None
            }
        }
    }

    fn key_exists(&mut self, fact: &'static str, path: &str) -> Fact<bool> {
        let exists = self.key(fact, path).is_some();
        Fact::new(exists, self.src(path, None))
    }

    fn raw(&mut self, fact: &'static str, key: Option<&Key<'h>>, name: &str) -> Option<Value<'h>> {
        match key?.value(name) {
            Ok(v) => v,
            Err(e) => {
                self.err(fact, e);
                None
            }
        }
    }

    fn string(
        &mut self,
        fact: &'static str,
        key: Option<&Key<'h>>,
        path: &str,
        name: &str,
    ) -> Option<Fact<String>> {
        let v = self.raw(fact, key, name)?;
        match v.string() {
            Ok(s) => Some(Fact::new(s, self.src(path, Some(name)))),
            Err(e) => {
                self.err(fact, e);
                None
            }
        }
    }

    fn dword(
        &mut self,
        fact: &'static str,
        key: Option<&Key<'h>>,
        path: &str,
        name: &str,
    ) -> Option<Fact<u32>> {
        let v = self.raw(fact, key, name)?;
        // Some tools store DWORD-like settings as 4-byte REG_BINARY; accept
        // that, as Windows' own readers (RegQueryValueEx into a DWORD) do.
        let r = if v.value_type() == ValueType::Binary && v.data_size() == 4 {
            v.data()
                .map(|d| u32::from_le_bytes([d[0], d[1], d[2], d[3]]))
        } else {
            v.dword()
        };
        match r {
            Ok(n) => Some(Fact::new(n, self.src(path, Some(name)))),
            Err(e) => {
                self.err(fact, e);
                None
            }
        }
    }

    fn multi(
        &mut self,
        fact: &'static str,
        key: Option<&Key<'h>>,
        path: &str,
        name: &str,
    ) -> Option<Fact<Vec<String>>> {
        let v = self.raw(fact, key, name)?;
        let r = match v.value_type() {
            // A REG_SZ where a list is expected is one entry.
            ValueType::Sz | ValueType::ExpandSz => v
                .string()
                .map(|s| if s.is_empty() { vec![] } else { vec![s] }),
            _ => v.multi_string(),
        };
        match r {
            Ok(l) => Some(Fact::new(l, self.src(path, Some(name)))),
            Err(e) => {
                self.err(fact, e);
                None
            }
        }
    }

    fn dword_or(
        &mut self,
        fact: &'static str,
        key: Option<&Key<'h>>,
        path: &str,
        name: &str,
        default: u32,
    ) -> Fact<u32> {
        let mut f = self.dword(fact, key, path, name).unwrap_or_else(|| Fact {
            value: default,
            source: self.src(path, Some(name)),
            default_applied: true,
            differs_from_default: None,
        });
        f.differs_from_default = Some(f.value != default);
        f
    }

    fn string_or(
        &mut self,
        fact: &'static str,
        key: Option<&Key<'h>>,
        path: &str,
        name: &str,
        default: &str,
    ) -> Fact<String> {
        let mut f = self.string(fact, key, path, name).unwrap_or_else(|| Fact {
            value: default.to_string(),
            source: self.src(path, Some(name)),
            default_applied: true,
            differs_from_default: None,
        });
        f.differs_from_default = Some(!f.value.eq_ignore_ascii_case(default));
        f
    }
}

/// Collects all facts. `software` is optional; SYSTEM facts are read from the
/// current control set (`Select\Current`, falling back to ControlSet001).
pub fn collect(system: &Hive, software: Option<&Hive>) -> WindowsFacts {
    let mut errors = Vec::new();
    let (control_sets, cs_err) = ControlSets::read_or_fallback(system);
    if let Some(e) = cs_err {
        errors.push(FactError {
            fact: "control_sets",
            error: e,
        });
    }
    let system_facts = system_facts(system, &control_sets, &mut errors);
    let software = software.map(|h| software_facts(h, &mut errors));
    WindowsFacts {
        control_sets,
        system: system_facts,
        software,
        errors,
    }
}

/// Facts from the SYSTEM hive, read below the given control set.
pub fn system_facts(system: &Hive, cs: &ControlSets, errors: &mut Vec<FactError>) -> SystemFacts {
    let mut r = Reader {
        hive: system,
        kind: HiveKind::System,
        errors,
    };
    let p = |sub: &str| cs.path_in_current(sub);

    let cn_path = p("Control\\ComputerName\\ComputerName");
    let cn_key = r.key("computer_name", &cn_path);
    let computer_name = r.string("computer_name", cn_key.as_ref(), &cn_path, "ComputerName");

    let w_path = p("Control\\Windows");
    let w_key = r.key("last_shutdown", &w_path);
    let last_shutdown = r
        .raw("last_shutdown", w_key.as_ref(), "ShutdownTime")
        .and_then(|v| match v.data() {
            Ok(d) if d.len() == 8 => Some(Fact::new(
                FileTime(u64::from_le_bytes(d[..8].try_into().unwrap_or([0; 8]))),
                r.src(&w_path, Some("ShutdownTime")),
            )),
            Ok(d) => {
                r.err(
                    "last_shutdown",
                    RegistryError::Value {
                        key: w_path.clone(),
                        value: "ShutdownTime".into(),
                        problem: Problem::WrongSize {
                            expected: "8",
                            found: d.len() as u64,
                        },
                    },
                );
                None
            }
            Err(e) => {
                r.err("last_shutdown", e);
                None
            }
        });

    let tz_path = p("Control\\TimeZoneInformation");
    let tz_key = r.key("time_zone", &tz_path);
    let time_zone = match r.string("time_zone", tz_key.as_ref(), &tz_path, "TimeZoneKeyName") {
        Some(f) => Some(f),
        None => r.string("time_zone", tz_key.as_ref(), &tz_path, "StandardName"),
    };

    let crash_control = crash_control(&mut r, &p("Control\\CrashControl"));
    let page_files = page_files(&mut r, &p("Control\\Session Manager\\Memory Management"));
    let session_manager = session_manager(&mut r, &p("Control\\Session Manager"));
    let services = services(&mut r, &p("Services"));
    let class_filters = class_filters(&mut r, &p("Control\\Class"));
    SystemFacts {
        computer_name,
        last_shutdown,
        time_zone,
        crash_control,
        page_files,
        session_manager,
        services,
        class_filters,
    }
}

fn class_filters(r: &mut Reader<'_, '_>, path: &str) -> Vec<ClassFilters> {
    const F: &str = "class_filters";
    let Some(key) = r.key(F, path) else {
        return Vec::new();
    };
    let listing = key.subkeys();
    for e in listing.errors {
        r.err(F, e);
    }
    let mut out = Vec::new();
    for k in listing.items {
        let values = k.values();
        for e in values.errors {
            r.err(F, e);
        }
        let find = |n: &str| values.items.iter().find(|v| v.name_eq(n));
        let list = |n: &str| -> Vec<String> {
            find(n)
                .and_then(|v| match v.value_type() {
                    ValueType::Sz | ValueType::ExpandSz => v.string().ok().map(|s| vec![s]),
                    _ => v.multi_string().ok(),
                })
                .unwrap_or_default()
                .into_iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        };
        let (upper, lower) = (list("UpperFilters"), list("LowerFilters"));
        if upper.is_empty() && lower.is_empty() {
            continue;
        }
        let name = k.name().into_owned();
        out.push(ClassFilters {
            key: format!("{path}\\{name}"),
            class_guid: name,
            class_name: find("Class").and_then(|v| v.string().ok()),
            upper,
            lower,
        });
    }
    out
}

/// `Instances\<DefaultInstance>\Altitude` of a minifilter's service key.
fn minifilter_altitude(service: &Key<'_>) -> Option<String> {
    let instances = service.subkey("Instances").ok().flatten()?;
    let default = instances
        .values()
        .items
        .iter()
        .find(|v| v.name_eq("DefaultInstance"))
        .and_then(|v| v.string().ok());
    let listing = instances.subkeys().items;
    let inst = default
        .and_then(|d| listing.iter().find(|k| k.name().eq_ignore_ascii_case(&d)))
        .or(listing.first())?;
    inst.values()
        .items
        .iter()
        .find(|v| v.name_eq("Altitude"))
        .and_then(|v| v.string().ok())
        .map(|a| a.trim().to_string())
}

fn crash_control(r: &mut Reader<'_, '_>, path: &str) -> CrashControl {
    const F: &str = "crash_control";
    let key = r.key(F, path);
    let k = key.as_ref();
    let crash_dump_enabled = r.dword(F, k, path, "CrashDumpEnabled");
    let filter_pages = r.dword(F, k, path, "FilterPages");
    let dump_type = match crash_dump_enabled.as_ref().map(|f| f.value) {
        None => DumpType::NotSet,
        Some(0) => DumpType::None,
        Some(1) if filter_pages.as_ref().is_some_and(|f| f.value == 1) => DumpType::Active,
        Some(1) => DumpType::Complete,
        Some(2) => DumpType::Kernel,
        Some(3) => DumpType::Small,
        Some(7) => DumpType::Automatic,
        Some(n) => DumpType::Unknown(n),
    };
    CrashControl {
        key: r.src(path, None),
        key_present: key.is_some(),
        crash_dump_enabled,
        dump_type,
        filter_pages,
        dump_file: r.string_or(F, k, path, "DumpFile", "%SystemRoot%\\Memory.dmp"),
        minidump_dir: r.string_or(F, k, path, "MinidumpDir", "%SystemRoot%\\Minidump"),
        dedicated_dump_file: r.string(F, k, path, "DedicatedDumpFile"),
        dump_file_size_mb: r.dword(F, k, path, "DumpFileSize"),
        nmi_crash_dump: r.dword_or(F, k, path, "NMICrashDump", 0),
        auto_reboot: r.dword_or(F, k, path, "AutoReboot", 1),
        overwrite: r.dword_or(F, k, path, "Overwrite", 1),
        log_event: r.dword_or(F, k, path, "LogEvent", 1),
        always_keep_memory_dump: r.dword(F, k, path, "AlwaysKeepMemoryDump"),
        ignore_pagefile_size: r.dword(F, k, path, "IgnorePagefileSize"),
    }
}

/// Parses one `PagingFiles` entry (`C:\pagefile.sys 1024 4096`).
pub fn parse_paging_file(raw: &str) -> PagingFileSpec {
    let t = raw.trim();
    // The path may contain spaces; sizes are the trailing numeric words.
    let words: Vec<&str> = t.split_whitespace().collect();
    let mut nums = Vec::new();
    let mut end = words.len();
    while end > 1 && nums.len() < 2 {
        match words[end - 1].parse::<u64>() {
            Ok(n) => {
                nums.insert(0, n);
                end -= 1;
            }
            Err(_) => break,
        }
    }
    let path = words[..end].join(" ");
    let (initial_mb, maximum_mb) = match nums.as_slice() {
        [a, b] => (Some(*a), Some(*b)),
        [a] => (Some(*a), None),
        _ => (None, None),
    };
    PagingFileSpec {
        raw: raw.to_string(),
        automatic: path.starts_with("?:"),
        system_managed: matches!(
            (initial_mb, maximum_mb),
            (None, None) | (Some(0), Some(0)) | (Some(0), None)
        ),
        path,
        initial_mb,
        maximum_mb,
    }
}

fn page_files(r: &mut Reader<'_, '_>, path: &str) -> PageFiles {
    const F: &str = "page_files";
    let key = r.key(F, path);
    let k = key.as_ref();
    let paging_files = r.multi(F, k, path, "PagingFiles").map(|f| Fact {
        value: f
            .value
            .iter()
            .filter(|s| !s.trim().is_empty())
            .map(|s| parse_paging_file(s))
            .collect(),
        source: f.source,
        default_applied: false,
        differs_from_default: None,
    });
    PageFiles {
        paging_files,
        existing_page_files: r.multi(F, k, path, "ExistingPageFiles"),
        clear_page_file_at_shutdown: r.dword(F, k, path, "ClearPageFileAtShutdown"),
    }
}

fn renames(list: Vec<String>) -> Vec<PendingRename> {
    list.chunks(2)
        .map(|c| PendingRename {
            source: c[0].clone(),
            target: c.get(1).filter(|t| !t.is_empty()).cloned(),
        })
        .collect()
}

fn session_manager(r: &mut Reader<'_, '_>, path: &str) -> SessionManager {
    const F: &str = "session_manager";
    let key = r.key(F, path);
    let k = key.as_ref();
    let mut boot_execute = r.multi(F, k, path, "BootExecute");
    if let Some(f) = &mut boot_execute {
        let normal = f.value.is_empty()
            || (f.value.len() == 1
                && f.value[0]
                    .trim()
                    .eq_ignore_ascii_case("autocheck autochk *"));
        f.differs_from_default = Some(!normal);
    }
    let mut setup_execute = r.multi(F, k, path, "SetupExecute");
    if let Some(f) = &mut setup_execute {
        f.differs_from_default = Some(!f.value.iter().all(|s| s.trim().is_empty()));
    }
    let ss_path = format!("{path}\\SubSystems");
    let ss_key = r.key(F, &ss_path);
    let subsystem_windows = r.string(F, ss_key.as_ref(), &ss_path, "Windows");

    let kd_path = format!("{path}\\KnownDLLs");
    let known_dlls = match r.key(F, &kd_path) {
        Some(kd) => {
            let listing = kd.values();
            for e in listing.errors {
                r.err(F, e);
            }
            let list = listing
                .items
                .iter()
                .filter_map(|v| match v.string() {
                    Ok(s) => Some(KnownDll {
                        name: v.name().into_owned(),
                        dll: s,
                    }),
                    Err(_) => None,
                })
                .collect();
            Some(Fact::new(list, r.src(&kd_path, None)))
        }
        None => None,
    };
    let pfro = r
        .multi(F, k, path, "PendingFileRenameOperations")
        .map(|f| Fact {
            value: renames(f.value),
            source: f.source,
            default_applied: false,
            differs_from_default: None,
        });
    let pfro2 = r
        .multi(F, k, path, "PendingFileRenameOperations2")
        .map(|f| Fact {
            value: renames(f.value),
            source: f.source,
            default_applied: false,
            differs_from_default: None,
        });
    SessionManager {
        boot_execute,
        setup_execute,
        subsystem_windows,
        known_dlls,
        pending_file_rename_operations: pfro,
        pending_file_rename_operations2: pfro2,
    }
}

/// Names of the bits of a service `Type` (winnt.h SERVICE_*).
pub fn service_type_flags(t: u32) -> Vec<&'static str> {
    const BITS: &[(u32, &str)] = &[
        (0x1, "kernel_driver"),
        (0x2, "file_system_driver"),
        (0x4, "adapter"),
        (0x8, "recognizer_driver"),
        (0x10, "win32_own_process"),
        (0x20, "win32_share_process"),
        (0x40, "user_service"),
        (0x80, "user_service_instance"),
        (0x100, "interactive_process"),
        (0x200, "pkg_service"),
    ];
    BITS.iter()
        .filter(|(b, _)| t & b != 0)
        .map(|(_, n)| *n)
        .collect()
}

fn start_type(v: u32) -> StartType {
    match v {
        0 => StartType::Boot,
        1 => StartType::System,
        2 => StartType::Automatic,
        3 => StartType::Manual,
        4 => StartType::Disabled,
        n => StartType::Unknown(n),
    }
}

fn error_control(v: u32) -> ErrorControl {
    match v {
        0 => ErrorControl::Ignore,
        1 => ErrorControl::Normal,
        2 => ErrorControl::Severe,
        3 => ErrorControl::Critical,
        n => ErrorControl::Unknown(n),
    }
}

fn services(r: &mut Reader<'_, '_>, path: &str) -> Vec<Service> {
    const F: &str = "services";
    let Some(key) = r.key(F, path) else {
        return Vec::new();
    };
    let listing = key.subkeys();
    for e in listing.errors {
        r.err(F, e);
    }
    let mut out = Vec::with_capacity(listing.items.len());
    for k in listing.items {
        let name = k.name().into_owned();
        let kpath = format!("{path}\\{name}");
        let values = k.values();
        for e in values.errors {
            r.err(F, e);
        }
        let find = |n: &str| values.items.iter().find(|v| v.name_eq(n));
        let num = |n: &str| find(n).and_then(|v| v.dword().ok());
        let s = |n: &str| find(n).and_then(|v| v.string().ok());
        let list = |n: &str| {
            find(n)
                .and_then(|v| match v.value_type() {
                    ValueType::Sz | ValueType::ExpandSz => v.string().ok().map(|s| vec![s]),
                    _ => v.multi_string().ok(),
                })
                .unwrap_or_default()
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
        };
        let service_type = num("Type");
        let start = num("Start");
        let ec = num("ErrorControl");
        out.push(Service {
            name,
            key: kpath,
            last_written: k.last_written(),
            type_flags: service_type.map(service_type_flags).unwrap_or_default(),
            service_type,
            start_type: start.map(start_type),
            start,
            delayed_autostart: num("DelayedAutostart") == Some(1),
            error_control_type: ec.map(error_control),
            error_control: ec,
            image_path: s("ImagePath"),
            display_name: s("DisplayName"),
            group: s("Group"),
            object_name: s("ObjectName"),
            depend_on_service: list("DependOnService"),
            depend_on_group: list("DependOnGroup"),
            altitude: s("Group")
                .filter(|g| g.to_ascii_lowercase().starts_with("fsfilter"))
                .and_then(|_| minifilter_altitude(&k)),
        });
    }
    out
}

/// True when a DLL path points outside `%SystemRoot%\System32` (bare file
/// names are loaded from System32 and count as inside).
pub fn dll_outside_system32(path: &str) -> bool {
    let p = path
        .trim()
        .trim_matches('"')
        .to_ascii_lowercase()
        .replace('/', "\\");
    if !p.contains('\\') {
        return false;
    }
    let p = p
        .replace("%systemroot%", "c:\\windows")
        .replace("%windir%", "c:\\windows");
    !(p.starts_with("c:\\windows\\system32\\") || p.starts_with("\\systemroot\\system32\\"))
}

fn software_facts(sw: &Hive, errors: &mut Vec<FactError>) -> SoftwareFacts {
    let mut r = Reader {
        hive: sw,
        kind: HiveKind::Software,
        errors,
    };
    const CV: &str = "Microsoft\\Windows NT\\CurrentVersion";
    const F: &str = "os";
    let cv = r.key(F, CV);
    let k = cv.as_ref();
    let install_date = r.dword(F, k, CV, "InstallDate").map(|f| Fact {
        value: FileTime::from_unix_seconds(u64::from(f.value)),
        source: f.source,
        default_applied: false,
        differs_from_default: None,
    });
    let os = OsInfo {
        product_name: r.string(F, k, CV, "ProductName"),
        edition_id: r.string(F, k, CV, "EditionID"),
        installation_type: r.string(F, k, CV, "InstallationType"),
        current_version: r.string(F, k, CV, "CurrentVersion"),
        current_major_version: r.dword(F, k, CV, "CurrentMajorVersionNumber"),
        current_minor_version: r.dword(F, k, CV, "CurrentMinorVersionNumber"),
        current_build: r.string(F, k, CV, "CurrentBuild"),
        current_build_number: r.string(F, k, CV, "CurrentBuildNumber"),
        ubr: r.dword(F, k, CV, "UBR"),
        display_version: r.string(F, k, CV, "DisplayVersion"),
        release_id: r.string(F, k, CV, "ReleaseId"),
        build_lab_ex: r.string(F, k, CV, "BuildLabEx"),
        install_date,
        system_root: r.string(F, k, CV, "SystemRoot"),
    };

    const WL: &str = "Microsoft\\Windows NT\\CurrentVersion\\Winlogon";
    let wl = r.key("winlogon", WL);
    let w = wl.as_ref();
    let mut shell = r.string("winlogon", w, WL, "Shell");
    if let Some(f) = &mut shell {
        f.differs_from_default = Some(!f.value.trim().eq_ignore_ascii_case("explorer.exe"));
    }
    let mut userinit = r.string("winlogon", w, WL, "Userinit");
    if let Some(f) = &mut userinit {
        let norm = f
            .value
            .trim()
            .trim_end_matches(',')
            .trim()
            .to_ascii_lowercase();
        f.differs_from_default = Some(norm != "c:\\windows\\system32\\userinit.exe");
    }
    let mut gina_dll = r.string("winlogon", w, WL, "GinaDLL");
    if let Some(f) = &mut gina_dll {
        f.differs_from_default = Some(true);
    }
    let notify_path = format!("{WL}\\Notify");
    let notify = match r.key("winlogon", &notify_path) {
        Some(nk) => {
            let listing = nk.subkeys();
            for e in listing.errors {
                r.err("winlogon", e);
            }
            listing
                .items
                .iter()
                .map(|k| {
                    let name = k.name().into_owned();
                    NotifyPackage {
                        dll_name: k
                            .value("DllName")
                            .ok()
                            .flatten()
                            .and_then(|v| v.string().ok()),
                        key: format!("{notify_path}\\{name}"),
                        name,
                    }
                })
                .collect()
        }
        None => Vec::new(),
    };
    let winlogon = Winlogon {
        shell,
        userinit,
        gina_dll,
        notify,
    };

    const AUTH: &str = "Microsoft\\Windows\\CurrentVersion\\Authentication";
    let credential_providers = providers(&mut r, &format!("{AUTH}\\Credential Providers"));
    let credential_provider_filters =
        providers(&mut r, &format!("{AUTH}\\Credential Provider Filters"));

    let app_init = {
        let read = |r: &mut Reader<'_, '_>, path: &str| {
            let key = r.key("app_init", path);
            let k = key.as_ref();
            let mut dlls = r.string("app_init", k, path, "AppInit_DLLs");
            if let Some(f) = &mut dlls {
                f.differs_from_default = Some(!f.value.trim().is_empty());
            }
            let mut load = r.dword("app_init", k, path, "LoadAppInit_DLLs");
            if let Some(f) = &mut load {
                f.differs_from_default = Some(f.value != 0);
            }
            (dlls, load)
        };
        let (a, b) = read(&mut r, "Microsoft\\Windows NT\\CurrentVersion\\Windows");
        let (c, d) = read(
            &mut r,
            "Wow6432Node\\Microsoft\\Windows NT\\CurrentVersion\\Windows",
        );
        AppInit {
            appinit_dlls: a,
            load_appinit_dlls: b,
            wow64_appinit_dlls: c,
            wow64_load_appinit_dlls: d,
        }
    };

    const CBS: &str = "Microsoft\\Windows\\CurrentVersion\\Component Based Servicing";
    let cbs = r.key("servicing", CBS);
    let servicing = Servicing {
        reboot_pending: r.key_exists("servicing", &format!("{CBS}\\RebootPending")),
        packages_pending: r.key_exists("servicing", &format!("{CBS}\\PackagesPending")),
        sessions_pending: r.key_exists("servicing", &format!("{CBS}\\SessionsPending")),
        pending_xml_identifier: r.string("servicing", cbs.as_ref(), CBS, "PendingXmlIdentifier"),
        windows_update_reboot_required: r.key_exists(
            "servicing",
            "Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired",
        ),
        unsettled_packages: unsettled_packages(&mut r, &format!("{CBS}\\Packages")),
    };

    SoftwareFacts {
        os,
        winlogon,
        credential_providers,
        credential_provider_filters,
        app_init,
        servicing,
    }
}

/// CBS package states (Microsoft's CBS state chart): 0x60 install pending,
/// 0x65 partially installed; a value negative as i32 is a failure state.
fn unsettled_packages(r: &mut Reader<'_, '_>, path: &str) -> Vec<PackageState> {
    const F: &str = "servicing";
    let Some(key) = r.key(F, path) else {
        return Vec::new();
    };
    let listing = key.subkeys();
    for e in listing.errors {
        r.err(F, e);
    }
    let mut out = Vec::new();
    for k in listing.items {
        let state = k
            .values()
            .items
            .iter()
            .find(|v| v.name_eq("CurrentState"))
            .and_then(|v| v.dword().ok());
        if let Some(st) = state.filter(|s| matches!(*s, 0x60 | 0x65) || (*s as i32) < 0) {
            out.push(PackageState {
                package: k.name().into_owned(),
                current_state: st,
                last_written: k.last_written(),
            });
            if out.len() >= MAX_PACKAGE_STATES {
                break;
            }
        }
    }
    out
}

fn providers(r: &mut Reader<'_, '_>, path: &str) -> Vec<CredentialProvider> {
    const F: &str = "credential_providers";
    let Some(key) = r.key(F, path) else {
        return Vec::new();
    };
    let listing = key.subkeys();
    for e in listing.errors {
        r.err(F, e);
    }
    let mut out = Vec::with_capacity(listing.items.len());
    for k in listing.items {
        let clsid = k.name().into_owned();
        let name = k.value("").ok().flatten().and_then(|v| v.string().ok());
        let inproc = format!("Classes\\CLSID\\{clsid}\\InprocServer32");
        let dll = match r.hive.value(&inproc, "") {
            Ok(v) => v.and_then(|v| v.string().ok()),
            Err(e) => {
                r.err(F, e);
                None
            }
        };
        out.push(CredentialProvider {
            dll_outside_system32: dll.as_deref().map(dll_outside_system32),
            dll,
            name,
            source: r.src(&format!("{path}\\{clsid}"), None),
            clsid,
        });
    }
    out
}

/// Expands `%SystemRoot%`/`%windir%` in a path with the given system root
/// (e.g. `C:\Windows`), case-insensitively; other variables are kept.
pub fn expand_system_root(path: &str, system_root: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.find('%') {
            Some(j) => {
                let var = &after[..j];
                if var.eq_ignore_ascii_case("SystemRoot") || var.eq_ignore_ascii_case("windir") {
                    out.push_str(system_root);
                } else {
                    out.push('%');
                    out.push_str(var);
                    out.push('%');
                }
                rest = &after[j + 1..];
            }
            None => {
                out.push('%');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_file_syntax() {
        let p = parse_paging_file("C:\\pagefile.sys 1024 4096");
        assert_eq!(
            (
                p.path.as_str(),
                p.initial_mb,
                p.maximum_mb,
                p.system_managed
            ),
            ("C:\\pagefile.sys", Some(1024), Some(4096), false)
        );
        let p = parse_paging_file("?:\\pagefile.sys");
        assert!(p.automatic && p.system_managed);
        let p = parse_paging_file("D:\\pagefile.sys 0 0");
        assert!(p.system_managed && !p.automatic);
        let p = parse_paging_file("C:\\My Files\\pagefile.sys 16 32");
        assert_eq!(p.path, "C:\\My Files\\pagefile.sys");
    }

    #[test]
    fn helpers() {
        assert!(!dll_outside_system32("%SystemRoot%\\System32\\authui.dll"));
        assert!(!dll_outside_system32("credprovs.dll"));
        assert!(dll_outside_system32("C:\\ProgramData\\evil\\cp.dll"));
        assert_eq!(
            expand_system_root("%SystemRoot%\\Memory.dmp", "C:\\Windows"),
            "C:\\Windows\\Memory.dmp"
        );
        assert_eq!(expand_system_root("%FOO%\\x", "C:\\Windows"), "%FOO%\\x");
        assert_eq!(
            service_type_flags(0x110),
            vec!["win32_own_process", "interactive_process"]
        );
        assert_eq!(
            renames(vec!["a".into(), "".into(), "b".into(), "!c".into()]),
            vec![
                PendingRename {
                    source: "a".into(),
                    target: None
                },
                PendingRename {
                    source: "b".into(),
                    target: Some("!c".into())
                }
            ]
        );
    }
}
