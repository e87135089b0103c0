//! Reading the target and computing the plan.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use vmrescue_disk::{Disk, ReadAt};
use vmrescue_fs::Volume;
use vmrescue_registry::bcd::{self, ApplicationType, ElementValue, ObjectKind};
use vmrescue_registry::control_set::control_set_name;
use vmrescue_registry::facts::{PagingFileSpec, parse_paging_file};
use vmrescue_registry::{ControlSets, Hive, RegValue, ReplayOutcome, ReplayReport, ValueType};

use crate::files::{find_ci, log_paths, read, sha256};
use crate::readiness::{self, ReadinessInput};
use crate::{
    Change, DumpType, HivePlan, HiveRole, Location, Note, Options, Plan, PrepareError, Result,
    Scope, SelectRole, TargetKind,
};

/// GUID of `{emssettings}`.
pub(crate) const EMS_SETTINGS: &str = "{0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9}";
/// GUID of `{bootmgr}`.
pub(crate) const BOOTMGR: &str = "{9dea862c-5cdd-4e70-acc1-f32b344d4795}";
/// `timeout` written with `--boot-menu` (the serial-console article's value).
pub(crate) const BOOT_MENU_TIMEOUT: u64 = 10;

/// A hive file read from the target.
pub(crate) struct Loaded {
    pub role: HiveRole,
    pub location: Location,
    pub primary: Vec<u8>,
    pub logs: Vec<(String, Vec<u8>)>,
}

impl Loaded {
    pub(crate) fn name(&self) -> String {
        self.location.display()
    }

    /// Opens the hive (with log replay). Refuses a dirty hive whose logs
    /// cannot be applied and a damaged one.
    pub(crate) fn open(&self) -> Result<(Hive, ReplayReport)> {
        let name = self.name();
        let (hive, report) = Hive::from_named_bytes(&name, self.primary.clone(), self.logs.clone())
            .map_err(|error| PrepareError::Registry {
                file: name.clone(),
                error: Box::new(error),
            })?;
        if report.outcome == ReplayOutcome::NotApplied {
            return Err(PrepareError::Dirty { file: name });
        }
        if let Some(e) = hive.problems().first() {
            return Err(PrepareError::Registry {
                file: name,
                error: Box::new(e.clone()),
            });
        }
        Ok((hive, report))
    }
}

fn load_file(role: HiveRole, path: &Path) -> Result<Loaded> {
    let primary = read(path)?;
    let log_files = log_paths(path);
    let mut logs = Vec::new();
    for l in &log_files {
        let name = l
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        logs.push((name, read(l)?));
    }
    Ok(Loaded {
        role,
        location: Location::File {
            path: path.to_path_buf(),
            logs: log_files,
        },
        primary,
        logs,
    })
}

fn read_all(src: &Arc<dyn ReadAt>, what: &str) -> Result<Vec<u8>> {
    let len = usize::try_from(src.size()).map_err(|_| PrepareError::Target {
        path: PathBuf::from(what),
        reason: "file too large".into(),
    })?;
    let mut buf = vec![0u8; len];
    src.read_exact_at(0, &mut buf)
        .map_err(|source| PrepareError::Io {
            path: PathBuf::from(what),
            source,
        })?;
    Ok(buf)
}

/// Reads a hive and its logs from a volume inside an image.
pub(crate) fn load_from_volume(
    role: HiveRole,
    vol: &Volume,
    image: &Path,
    partition: u32,
    path: &str,
) -> Result<Loaded> {
    let what = format!("{} partition {partition}: {path}", image.display());
    let src = vol.open_file(path).map_err(|e| PrepareError::Target {
        path: PathBuf::from(&what),
        reason: e.to_string(),
    })?;
    let primary = read_all(&src, &what)?;
    let mut logs = Vec::new();
    let mut log_names = Vec::new();
    for ext in ["LOG", "LOG1", "LOG2"] {
        let p = format!("{path}.{ext}");
        if let Ok(s) = vol.open_file(&p) {
            logs.push((format!("{}.{ext}", file_name(path)), read_all(&s, &p)?));
            log_names.push(p);
        }
    }
    Ok(Loaded {
        role,
        location: Location::Image {
            image: image.to_path_buf(),
            partition,
            path: path.to_string(),
            logs: log_names,
        },
        primary,
        logs,
    })
}

fn file_name(win_path: &str) -> &str {
    win_path.rsplit(['\\', '/']).next().unwrap_or(win_path)
}

/// What was loaded from the target.
pub(crate) struct Target {
    pub kind: TargetKind,
    pub system: Loaded,
    pub bcd: Option<Loaded>,
    pub free_bytes: Option<u64>,
    /// Whether `%SystemRoot%\MEMORY.DMP` exists (directory mode).
    pub memory_dmp_exists: Option<bool>,
}

pub(crate) fn needs_bcd(opts: &Options) -> bool {
    opts.serial_console || opts.boot_menu
}

pub(crate) fn load_target(opts: &Options) -> Result<Target> {
    let t = &opts.target;
    let meta = std::fs::metadata(t).map_err(crate::files::io_err(t))?;
    if meta.is_dir() {
        let sys = find_ci(t, &["Windows", "System32", "config", "SYSTEM"])
            .filter(|p| p.is_file())
            .ok_or_else(|| PrepareError::NoSystemHive { path: t.clone() })?;
        let system = load_file(HiveRole::System, &sys)?;
        let bcd_path = match &opts.bcd {
            Some(p) => Some(p.clone()),
            None => find_ci(t, &["Boot", "BCD"])
                .or_else(|| find_ci(t, &["EFI", "Microsoft", "Boot", "BCD"]))
                .filter(|p| p.is_file()),
        };
        let bcd = match (needs_bcd(opts), bcd_path) {
            (false, _) => None,
            (true, None) => return Err(PrepareError::NoBcd),
            (true, Some(p)) => Some(load_file(HiveRole::Bcd, &p)?),
        };
        let free_bytes = rustix::fs::statvfs(t)
            .ok()
            .map(|s| s.f_bavail.saturating_mul(s.f_frsize));
        let memory_dmp_exists =
            Some(find_ci(t, &["Windows", "MEMORY.DMP"]).is_some_and(|p| p.is_file()));
        return Ok(Target {
            kind: TargetKind::Directory,
            system,
            bcd,
            free_bytes,
            memory_dmp_exists,
        });
    }
    let disk = Disk::open(t).map_err(|e| PrepareError::Target {
        path: t.clone(),
        reason: e.to_string(),
    })?;
    let kind = TargetKind::Image {
        format: disk.image.format.as_str().to_string(),
        block_device: disk.image.block_device,
    };
    let layout = vmrescue_fs::windows::find(&disk);
    let install = layout
        .installs
        .first()
        .ok_or_else(|| PrepareError::NoSystemHive { path: t.clone() })?;
    let open_vol = |index: u32| -> Result<Volume> {
        let p = disk.partition(index).ok_or_else(|| PrepareError::Target {
            path: t.clone(),
            reason: format!("partition {index} not found"),
        })?;
        Volume::open(
            disk.partition_reader(p),
            p.filesystem,
            &format!("{} partition {index}", t.display()),
        )
        .map_err(|e| PrepareError::Target {
            path: t.clone(),
            reason: e.to_string(),
        })
    };
    let vol = open_vol(install.partition)?;
    let system = load_from_volume(
        HiveRole::System,
        &vol,
        t,
        install.partition,
        &format!("{}\\System32\\config\\SYSTEM", install.path),
    )?;
    let memory_dmp_exists = Some(vol.exists(&format!("{}\\MEMORY.DMP", install.path)));
    let bcd = if !needs_bcd(opts) {
        None
    } else if let Some(p) = &opts.bcd {
        Some(load_file(HiveRole::Bcd, p)?)
    } else {
        let loc = layout.bcd.as_ref().ok_or(PrepareError::NoBcd)?;
        let v = if loc.partition == install.partition {
            None
        } else {
            Some(open_vol(loc.partition)?)
        };
        Some(load_from_volume(
            HiveRole::Bcd,
            v.as_ref().unwrap_or(&vol),
            t,
            loc.partition,
            &loc.path,
        )?)
    };
    Ok(Target {
        kind,
        system,
        bcd,
        free_bytes: None,
        memory_dmp_exists,
    })
}

fn current_value(hive: &Hive, key: &str, name: &str) -> Option<RegValue> {
    let v = hive.value(key, name).ok()??;
    let data = v.data().ok()?.into_owned();
    Some(RegValue {
        value_type: ValueType::from_raw(v.raw_type()),
        data,
    })
}

fn dword_of(v: &Option<RegValue>) -> Option<u32> {
    match v {
        Some(RegValue {
            value_type: ValueType::Dword,
            data,
        }) if data.len() >= 4 => Some(u32::from_le_bytes([data[0], data[1], data[2], data[3]])),
        _ => None,
    }
}

fn string_of(v: &Option<RegValue>) -> Option<String> {
    match v {
        Some(RegValue {
            value_type: ValueType::Sz | ValueType::ExpandSz,
            data,
        }) => Some(vmrescue_registry::text::utf16z_lossy(data)),
        _ => None,
    }
}

/// The control sets `Select` references, with their roles, in order
/// Current, Default, LastKnownGood.
fn referenced_sets(cs: &ControlSets) -> Vec<(u32, Vec<SelectRole>)> {
    let mut out: Vec<(u32, Vec<SelectRole>)> = Vec::new();
    for (n, role) in [
        (Some(cs.current), SelectRole::Current),
        (cs.default, SelectRole::Default),
        (cs.last_known_good, SelectRole::LastKnownGood),
    ] {
        let Some(n) = n.filter(|&n| n != 0) else {
            continue;
        };
        match out.iter_mut().find(|(m, _)| *m == n) {
            Some((_, roles)) => roles.push(role),
            None => out.push((n, vec![role])),
        }
    }
    out
}

struct SystemPlan {
    plan: HivePlan,
    readiness: ReadinessInput,
    notes: Vec<Note>,
}

const CRASH_CONTROL: &str = "Control\\CrashControl";
const DEFAULT_DUMP_FILE: &str = "%SystemRoot%\\MEMORY.DMP";

fn plan_system(opts: &Options, loaded: &Loaded) -> Result<SystemPlan> {
    let (hive, report) = loaded.open()?;
    let file = loaded.name();
    let cs = ControlSets::read(&hive).map_err(|error| PrepareError::Registry {
        file: file.clone(),
        error: Box::new(error),
    })?;
    let mut notes = Vec::new();
    let mut changes = Vec::new();
    let mut current_after: Option<Vec<Change>> = None;
    for (n, roles) in referenced_sets(&cs) {
        let set = control_set_name(n);
        if hive.key(&set).ok().flatten().is_none() {
            notes.push(Note::warn(
                "prepare-note-control-set-missing",
                vec![("set", set.clone())],
            ));
            continue;
        }
        let key = format!("{set}\\{CRASH_CONTROL}");
        let creates_key = hive.key(&key).ok().flatten().is_none();
        let scope = Scope::ControlSet {
            number: n,
            roles: roles.clone(),
        };
        let mut here = Vec::new();
        let mut add = |name: &str, after: RegValue| {
            here.push(Change {
                scope: scope.clone(),
                key: key.clone(),
                value: name.to_string(),
                creates_key,
                before: current_value(&hive, &key, name),
                after,
            });
        };
        add(
            "CrashDumpEnabled",
            RegValue::dword(opts.dump_type.crash_dump_enabled()),
        );
        let filter = current_value(&hive, &key, "FilterPages");
        match opts.dump_type {
            DumpType::Active => add("FilterPages", RegValue::dword(1)),
            DumpType::Complete if dword_of(&filter).is_some_and(|v| v != 0) => {
                add("FilterPages", RegValue::dword(0))
            }
            _ => {}
        }
        let dump_file = current_value(&hive, &key, "DumpFile");
        match (&opts.dump_file, &dump_file) {
            (Some(p), _) => add("DumpFile", RegValue::expand_sz(p)),
            (None, None) => add("DumpFile", RegValue::expand_sz(DEFAULT_DUMP_FILE)),
            (None, Some(v)) => add("DumpFile", v.clone()),
        }
        if opts.nmi {
            add("NMICrashDump", RegValue::dword(1));
        }
        if let Some(p) = &opts.dedicated_dump_file {
            add("DedicatedDumpFile", RegValue::sz(p));
        }
        if let Some(mb) = opts.dedicated_size_mb {
            add("DumpFileSize", RegValue::dword(mb));
        }
        if roles.contains(&SelectRole::Current) {
            current_after = Some(here.clone());
        }
        changes.extend(here);
    }
    if changes.is_empty() {
        return Err(PrepareError::Registry {
            file,
            error: Box::new(vmrescue_registry::RegistryError::KeyNotFound {
                key: cs.current_key.clone(),
            }),
        });
    }

    // Readiness input: the current control set as it will be.
    let cur_key = format!("{}\\{CRASH_CONTROL}", cs.current_key);
    let after = |name: &str| -> Option<RegValue> {
        current_after
            .as_ref()
            .and_then(|v| v.iter().find(|c| c.value == name).map(|c| c.after.clone()))
            .or_else(|| current_value(&hive, &cur_key, name))
    };
    let mm = format!(
        "{}\\Control\\Session Manager\\Memory Management",
        cs.current_key
    );
    let multi = |name: &str| -> Vec<String> {
        hive.value(&mm, name)
            .ok()
            .flatten()
            .and_then(|v| v.multi_string().ok())
            .unwrap_or_default()
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect()
    };
    let paging_files: Vec<PagingFileSpec> = multi("PagingFiles")
        .iter()
        .map(|s| parse_paging_file(s))
        .collect();
    let readiness = ReadinessInput {
        dump_type: opts.dump_type,
        dump_file: string_of(&after("DumpFile")).unwrap_or_else(|| DEFAULT_DUMP_FILE.into()),
        dedicated: string_of(&after("DedicatedDumpFile")),
        dedicated_mb: dword_of(&after("DumpFileSize")),
        auto_reboot: dword_of(&after("AutoReboot")).unwrap_or(1),
        overwrite: dword_of(&after("Overwrite")).unwrap_or(1),
        paging_files,
        existing_page_files: multi("ExistingPageFiles"),
        ram: opts.ram_bytes,
        free_bytes: None,
        memory_dmp_exists: None,
        nmi: opts.nmi,
        serial_console: opts.serial_console,
    };
    let plan = hive_plan(loaded, &report, changes);
    Ok(SystemPlan {
        plan,
        readiness,
        notes,
    })
}

fn hive_plan(loaded: &Loaded, report: &ReplayReport, changes: Vec<Change>) -> HivePlan {
    HivePlan {
        role: loaded.role,
        location: loaded.location.clone(),
        dirty: report.primary_dirty,
        replay: report.outcome,
        sha256: sha256(&loaded.primary),
        log_sha256: loaded.logs.iter().map(|(_, b)| sha256(b)).collect(),
        changes,
    }
}

fn element_key(object_key: &str, id: u32) -> String {
    format!("Objects\\{object_key}\\Elements\\{id:08x}")
}

fn bool_value(b: bool) -> RegValue {
    RegValue::binary(vec![u8::from(b)])
}

fn int_value(v: u64) -> RegValue {
    RegValue::binary(v.to_le_bytes().to_vec())
}

fn plan_bcd(opts: &Options, loaded: &Loaded, notes: &mut Vec<Note>) -> Result<HivePlan> {
    let (hive, report) = loaded.open()?;
    let file = loaded.name();
    let store = bcd::read_store(&hive).map_err(|error| PrepareError::Registry {
        file: file.clone(),
        error: Box::new(error),
    })?;
    let objects = hive
        .key("Objects")
        .ok()
        .flatten()
        .ok_or_else(|| PrepareError::BcdDefault {
            detail: "no Objects key".into(),
        })?;
    let key_name = |guid: &str| -> Option<String> {
        objects
            .subkey(guid)
            .ok()
            .flatten()
            .map(|k| k.name().into_owned())
    };
    let mut changes = Vec::new();
    let mut add = |object_key: &str, guid: &str, alias: Option<&str>, id: u32, after: RegValue| {
        let key = element_key(object_key, id);
        let app = if guid == BOOTMGR {
            Some(ApplicationType::WindowsBootManager)
        } else {
            Some(ApplicationType::WindowsBootLoader)
        };
        changes.push(Change {
            scope: Scope::BcdElement {
                object: guid.to_string(),
                alias: alias.map(str::to_string),
                element: id,
                name: bcd::element_name(id, app),
            },
            creates_key: hive.key(&key).ok().flatten().is_none(),
            before: current_value(&hive, &key, "Element"),
            key,
            value: "Element".into(),
            after,
        });
    };
    let bootmgr_key = key_name(BOOTMGR).ok_or_else(|| PrepareError::BcdDefault {
        detail: "no {bootmgr} object".into(),
    })?;
    if opts.serial_console {
        let bootmgr = store
            .boot_manager()
            .ok_or_else(|| PrepareError::BcdDefault {
                detail: "no {bootmgr} object".into(),
            })?;
        let default = match bootmgr.element(bcd::BOOTMGR_DEFAULT).map(|e| &e.value) {
            Some(ElementValue::Object(o)) => o.id.clone(),
            Some(other) => {
                return Err(PrepareError::BcdDefault {
                    detail: format!("default element is not an object: {other:?}"),
                });
            }
            None => {
                return Err(PrepareError::BcdDefault {
                    detail: "{bootmgr} has no default element".into(),
                });
            }
        };
        let loader = store
            .object(&default)
            .ok_or_else(|| PrepareError::BcdDefault {
                detail: format!("default {default} is not in the store"),
            })?;
        let is_loader = matches!(
            loader.kind,
            ObjectKind::Application {
                application: ApplicationType::WindowsBootLoader,
                ..
            }
        );
        if !is_loader {
            return Err(PrepareError::BcdDefault {
                detail: format!(
                    "default {default} is {:?}, not a Windows Boot Loader",
                    loader.kind
                ),
            });
        }
        let loader_key = key_name(&default).ok_or_else(|| PrepareError::BcdDefault {
            detail: format!("default {default} has no key"),
        })?;
        add(
            &loader_key,
            &default,
            Some("{default}"),
            bcd::OSLOADER_EMS,
            bool_value(true),
        );
        let (ems_key, ems_guid, ems_alias) = match key_name(EMS_SETTINGS) {
            Some(k) => (k, EMS_SETTINGS.to_string(), "{emssettings}"),
            None => {
                notes.push(Note::warn(
                    "prepare-note-no-emssettings",
                    vec![("object", default.clone())],
                ));
                (loader_key.clone(), default.clone(), "{default}")
            }
        };
        add(
            &ems_key,
            &ems_guid,
            Some(ems_alias),
            bcd::LIBRARY_EMS_PORT,
            int_value(1),
        );
        add(
            &ems_key,
            &ems_guid,
            Some(ems_alias),
            bcd::LIBRARY_EMS_BAUD_RATE,
            int_value(115_200),
        );
    }
    if opts.boot_menu {
        let alias = Some("{bootmgr}");
        add(
            &bootmgr_key,
            BOOTMGR,
            alias,
            bcd::BOOTMGR_DISPLAY_BOOT_MENU,
            bool_value(true),
        );
        add(
            &bootmgr_key,
            BOOTMGR,
            alias,
            bcd::BOOTMGR_TIMEOUT,
            int_value(BOOT_MENU_TIMEOUT),
        );
        add(
            &bootmgr_key,
            BOOTMGR,
            alias,
            bcd::LIBRARY_BOOT_EMS,
            bool_value(true),
        );
    }
    // An existing boolean stored with more than one byte keeps reading as
    // the same value; only rewrite when the meaning differs.
    for c in &mut changes {
        if let (Some(b), ValueType::Binary) = (&c.before, c.after.value_type) {
            let same_meaning = b.value_type == ValueType::Binary
                && match c.after.data.len() {
                    1 => b.data.first().map(|&x| x != 0) == Some(c.after.data[0] != 0),
                    _ => {
                        let mut x = [0u8; 8];
                        let n = b.data.len().min(8);
                        x[..n].copy_from_slice(&b.data[..n]);
                        b.data.len() <= 8 && x[..] == c.after.data[..]
                    }
                };
            if same_meaning {
                c.after = b.clone();
            }
        }
    }
    Ok(hive_plan(loaded, &report, changes))
}

fn validate(opts: &Options) -> Result<()> {
    if opts.dedicated_size_mb.is_some() && opts.dedicated_dump_file.is_none() {
        return Err(PrepareError::Usage(
            "--dedicated-size needs --dedicated-dump-file",
        ));
    }
    if opts.dedicated_size_mb == Some(0) {
        return Err(PrepareError::Usage(
            "--dedicated-size must be at least 1 MB",
        ));
    }
    for p in [&opts.dump_file, &opts.dedicated_dump_file]
        .into_iter()
        .flatten()
    {
        if p.trim().is_empty() || p.contains('\0') {
            return Err(PrepareError::Usage("dump file paths must not be empty"));
        }
    }
    Ok(())
}

/// Reads the target and computes the plan: every value before → after in
/// each control set `Select` references (Current, Default, LastKnownGood;
/// each set once, with all its roles), every BCD element, the readiness
/// check on the settings as they will be, and notes. Reads only.
pub fn plan(opts: &Options) -> Result<Plan> {
    validate(opts)?;
    let target = load_target(opts)?;
    plan_loaded(opts, &target)
}

pub(crate) fn plan_loaded(opts: &Options, target: &Target) -> Result<Plan> {
    let sys = plan_system(opts, &target.system)?;
    let mut notes = sys.notes;
    let mut hives = vec![sys.plan];
    if let Some(b) = &target.bcd {
        hives.push(plan_bcd(opts, b, &mut notes)?);
    }
    if hives.iter().any(|h| h.dirty) {
        notes.push(Note::info("prepare-note-dirty-recovered", vec![]));
    }
    let mut input = sys.readiness;
    input.free_bytes = target.free_bytes;
    input.memory_dmp_exists = target.memory_dmp_exists;
    let readiness = readiness::check(&input);
    Ok(Plan {
        target: opts.target.clone(),
        target_kind: target.kind.clone(),
        options: opts.clone(),
        hives,
        readiness,
        notes,
    })
}
