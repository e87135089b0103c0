//! Facts from the SYSTEM and SOFTWARE hives and the BCD: OS build, crash
//! dump settings, page files, servicing flags, pending renames, and
//! everything that loads code into winlogon.exe or csrss.exe.

use vmrescue_artifacts::Installation;
use vmrescue_registry::facts::{self, DumpType, WindowsFacts};

use crate::model::{FactKind, Provenance};
use crate::{Evidence, Options};

const CC: &str = r"HKLM\SYSTEM\CurrentControlSet";

/// Loads SYSTEM (and SOFTWARE when present) and returns the registry facts.
pub(crate) fn load(inst: &Installation, ev: &mut Evidence) -> Option<WindowsFacts> {
    let system = match inst.hive("SYSTEM") {
        Ok(h) => h,
        // The image could not be read: a problem of the copy, not damage.
        Err(e) if e.is_source_failure() => {
            ev.push(
                FactKind::SourceProblem {
                    problem: e.to_string(),
                },
                Provenance::of(r"\Windows\System32\config\SYSTEM"),
            );
            return None;
        }
        Err(e) => {
            ev.push(
                FactKind::HiveDamaged {
                    hive: "SYSTEM".into(),
                    reason: e.to_string(),
                },
                Provenance::of(r"\Windows\System32\config\SYSTEM"),
            );
            return None;
        }
    };
    hive_state(&system, ev);
    let software = match inst.hive("SOFTWARE") {
        Ok(h) => {
            hive_state(&h, ev);
            Some(h)
        }
        Err(e) if e.is_source_failure() => {
            ev.push(
                FactKind::SourceProblem {
                    problem: e.to_string(),
                },
                Provenance::of(r"\Windows\System32\config\SOFTWARE"),
            );
            None
        }
        Err(e) => {
            let reason = e.to_string();
            // A missing SOFTWARE hive in a test image is not damage; a present but unreadable one is.
            if inst.volume.exists(r"\Windows\System32\config\SOFTWARE") {
                ev.push(
                    FactKind::HiveDamaged {
                        hive: "SOFTWARE".into(),
                        reason,
                    },
                    Provenance::of(r"\Windows\System32\config\SOFTWARE"),
                );
            } else {
                ev.error("registry", r"\Windows\System32\config\SOFTWARE", reason);
            }
            None
        }
    };
    Some(facts::collect(
        &system.hive,
        software.as_ref().map(|h| &h.hive),
    ))
}

/// A hive that was not closed cleanly: replayed from its logs, or not.
fn hive_state(h: &vmrescue_artifacts::LoadedHive, ev: &mut Evidence) {
    use vmrescue_registry::ReplayOutcome;
    let check = match h.replay.outcome {
        ReplayOutcome::NotNeeded => return,
        ReplayOutcome::Applied => "hive_dirty",
        ReplayOutcome::NotApplied => "hive_logs_not_applied",
    };
    ev.push(
        FactKind::DiskCheck {
            check: check.into(),
            detail: h.path.clone(),
        },
        Provenance::of(h.path.clone()).at("base block"),
    );
}

fn src(key: &str, value: Option<&str>) -> Provenance {
    let p = Provenance::of(key);
    match value {
        Some(v) => p.at(format!("value {v}")),
        None => p,
    }
}

/// The server DLLs Windows' own `SubSystems\Windows` command line loads into
/// csrss.exe (Windows 7 / 2008 R2 also load the console server from winsrv).
const CSRSS_SERVER_DLLS: [&str; 4] = [
    "basesrv,1",
    "winsrv:userserverdllinitialization,3",
    "winsrv:conserverdllinitialization,2",
    "sxssrv,4",
];

pub(crate) fn collect(inst: &Installation, f: &WindowsFacts, ev: &mut Evidence) {
    if let Some(sw) = &f.software {
        let os = &sw.os;
        let major = os
            .current_major_version
            .as_ref()
            .map(|v| v.value)
            .unwrap_or(10);
        let minor = os
            .current_minor_version
            .as_ref()
            .map(|v| v.value)
            .unwrap_or(0);
        let build = os
            .current_build_number
            .as_ref()
            .or(os.current_build.as_ref())
            .map(|b| b.value.clone());
        if let Some(build) = build {
            let ubr = os.ubr.as_ref().map(|u| u.value).unwrap_or(0);
            ev.push(
                FactKind::OsBuild {
                    product: os.product_name.as_ref().map(|p| p.value.clone()),
                    version: format!("{major}.{minor}.{build}.{ubr}"),
                },
                src(
                    r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion",
                    Some("CurrentBuild, UBR"),
                ),
            );
        }
        let sv = &sw.servicing;
        let cbs = r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing";
        for (flag, on) in [
            ("RebootPending", sv.reboot_pending.value),
            ("PackagesPending", sv.packages_pending.value),
            ("SessionsPending", sv.sessions_pending.value),
            ("PendingXmlIdentifier", sv.pending_xml_identifier.is_some()),
        ] {
            if on {
                ev.push(
                    FactKind::ServicingPending { flag: flag.into() },
                    src(cbs, Some(flag)),
                );
            }
        }
        for p in &sv.unsettled_packages {
            let meaning = match p.current_state {
                0x60 => "install_pending",
                0x65 => "partially_installed",
                _ => "invalid",
            };
            ev.push(
                FactKind::PackageState {
                    package: p.package.clone(),
                    state: p.current_state,
                    meaning: meaning.into(),
                },
                src(
                    &format!(r"{cbs}\Packages\{}", p.package),
                    Some("CurrentState"),
                )
                .when((!p.last_written.is_zero()).then(|| p.last_written.to_string())),
            );
        }
        if sv.windows_update_reboot_required.value {
            ev.push(
                FactKind::ServicingPending { flag: "RebootRequired".into() },
                src(r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired", None),
            );
        }
        for cp in sw
            .credential_providers
            .iter()
            .chain(&sw.credential_provider_filters)
        {
            // Who made the DLL decides; the path only when it cannot be read.
            let company = cp
                .dll
                .as_deref()
                .and_then(|d| crate::thirdparty::dll_company(inst, d));
            let third_party = match &company {
                Some(c) => !crate::thirdparty::is_microsoft(c),
                None => !cp.dll.as_deref().is_some_and(is_windows_path),
            };
            if third_party {
                ev.push(
                    FactKind::ThirdPartyCredentialProvider {
                        clsid: cp.clsid.clone(),
                        name: cp.name.clone(),
                        dll: cp.dll.clone(),
                        company,
                    },
                    Provenance::of(cp.source.key.clone()),
                );
            }
        }
        let wl = &sw.winlogon;
        for (name, fact) in [
            ("Shell", &wl.shell),
            ("Userinit", &wl.userinit),
            ("GinaDLL", &wl.gina_dll),
        ] {
            if let Some(x) = fact
                && (x.differs_from_default == Some(true) || name == "GinaDLL")
            {
                ev.push(
                    FactKind::WinlogonChanged {
                        value: name.into(),
                        data: x.value.clone(),
                    },
                    Provenance::of(x.source.key.clone()).at(format!("value {name}")),
                );
            }
        }
        for n in &wl.notify {
            ev.push(
                FactKind::WinlogonChanged {
                    value: format!("Notify\\{}", n.name),
                    data: n.dll_name.clone().unwrap_or_default(),
                },
                Provenance::of(n.key.clone()),
            );
        }
        let ai = &sw.app_init;
        if let Some(dlls) = &ai.appinit_dlls
            && !dlls.value.trim().is_empty()
        {
            let enabled = ai.load_appinit_dlls.as_ref().is_some_and(|v| v.value != 0);
            ev.push(
                FactKind::AppInitDlls {
                    dlls: dlls.value.clone(),
                    enabled,
                },
                Provenance::of(dlls.source.key.clone()).at("value AppInit_DLLs"),
            );
        }
    }
    if let Some(st) = &f.system.last_shutdown
        && !st.value.is_zero()
    {
        ev.push(
            FactKind::CleanShutdown {},
            Provenance::of(format!(r"HKLM\SYSTEM\{}", st.source.key))
                .at("value ShutdownTime")
                .when(Some(st.value.to_string())),
        );
    }
    let sm = &f.system.session_manager;
    if let Some(sub) = &sm.subsystem_windows {
        let v = sub.value.to_ascii_lowercase();
        let server_dlls: Vec<&str> = v
            .split_whitespace()
            .filter_map(|t| t.strip_prefix("serverdll="))
            .collect();
        let odd = !v.contains(r"\system32\csrss.exe")
            || server_dlls.is_empty()
            || server_dlls.iter().any(|d| !CSRSS_SERVER_DLLS.contains(d));
        if odd {
            ev.push(
                FactKind::SubsystemChanged {
                    value: sub.value.clone(),
                },
                src(
                    &format!(r"{CC}\Control\Session Manager\SubSystems"),
                    Some("Windows"),
                ),
            );
        }
    }
    if let Some(p) = &sm.pending_file_rename_operations {
        for r in p.value.iter().take(50) {
            ev.push(
                FactKind::PendingFileRename {
                    source: r.source.clone(),
                    target: r.target.clone(),
                },
                src(
                    &format!(r"{CC}\Control\Session Manager"),
                    Some("PendingFileRenameOperations"),
                ),
            );
        }
    }
}

fn is_windows_path(p: &str) -> bool {
    let l = p.to_ascii_lowercase().replace('/', "\\");
    l.starts_with("%systemroot%\\")
        || l.starts_with("%windir%\\")
        || l.starts_with("c:\\windows\\")
        || l.starts_with("\\systemroot\\")
        || !l.contains('\\')
}

/// Crash dump settings, page files, free space, EMS, RAM.
pub(crate) fn readiness(
    inst: &Installation,
    f: Option<&WindowsFacts>,
    opts: &Options,
    ev: &mut Evidence,
) {
    if let Some(f) = f {
        let cc = &f.system.crash_control;
        let dump_type = match cc.dump_type {
            DumpType::None => "none",
            DumpType::Complete => "complete",
            DumpType::Kernel => "kernel",
            DumpType::Small => "small",
            DumpType::Automatic => "automatic",
            DumpType::Active => "active",
            DumpType::NotSet => "not_set",
            DumpType::Unknown(_) => "unknown",
        };
        ev.push(
            FactKind::CrashDumpSettings {
                dump_type: dump_type.into(),
                dump_file: cc.dump_file.value.clone(),
                nmi_crash_dump: cc.nmi_crash_dump.value != 0,
                auto_reboot: cc.auto_reboot.value != 0,
                dedicated_dump_file: cc.dedicated_dump_file.as_ref().map(|d| d.value.clone()),
            },
            Provenance::of(format!(r"{CC}\Control\CrashControl")),
        );
        if let Some(pf) = &f.system.page_files.paging_files {
            let entries: Vec<String> = pf.value.iter().map(|p| p.raw.clone()).collect();
            let on_os = pf.value.iter().any(|p| {
                let l = p.path.to_ascii_lowercase();
                l.starts_with("c:") || l.starts_with("?:") || l.starts_with('\\')
            });
            let on_temp = pf
                .value
                .iter()
                .any(|p| p.path.to_ascii_lowercase().starts_with("d:"));
            let max_mb = pf.value.iter().filter_map(|p| p.maximum_mb).max();
            ev.push(
                FactKind::PageFile {
                    entries,
                    on_os_volume: on_os,
                    on_temporary_disk: on_temp,
                    max_mb,
                },
                src(
                    &format!(r"{CC}\Control\Session Manager\Memory Management"),
                    Some("PagingFiles"),
                ),
            );
        }
    }
    if let vmrescue_fs::Volume::Ntfs(n) = &inst.volume
        && let Ok((_, true)) = n.volume_info()
    {
        ev.push(
            FactKind::DiskCheck {
                check: "ntfs_dirty".into(),
                detail: inst.volume_name(),
            },
            Provenance::of(r"\$Volume").at("$VOLUME_INFORMATION"),
        );
    }
    // Free space matters only against the RAM a dump needs; counting it
    // reads the whole $Bitmap (4 MiB per 128 GiB), so only when RAM is known.
    if let (vmrescue_fs::Volume::Ntfs(n), Some(_)) = (&inst.volume, opts.ram) {
        match n.free_space() {
            Ok((free, total)) => ev.push(
                FactKind::FreeSpace { free, total },
                Provenance::of(r"\$Bitmap"),
            ),
            Err(e) => ev.error("readiness", r"\$Bitmap", e),
        }
    }
    match inst.bcd() {
        Ok(bcd) => match vmrescue_registry::bcd::read_store(&bcd.hive) {
            Ok(store) => {
                let flag = |obj: Option<&vmrescue_registry::bcd::Object>, name: &str| {
                    obj.and_then(|o| o.elements.iter().find(|e| e.name == Some(name)))
                        .is_some_and(|e| {
                            matches!(e.value, vmrescue_registry::bcd::ElementValue::Boolean(true))
                        })
                };
                let loader = store.default_entry();
                let bootmgr = store.boot_manager();
                bcd_checks(inst, &store, &bcd.path, ev);
                ev.push(
                    FactKind::Ems {
                        loader_ems: flag(loader, "ems"),
                        bootems: flag(bootmgr, "bootems"),
                    },
                    Provenance::of(bcd.path.clone()),
                );
            }
            Err(e) => ev.error("readiness", &bcd.path, e),
        },
        Err(e) => ev.error("readiness", "BCD", e),
    }
    if let Some(ram) = opts.ram {
        ev.push(FactKind::Ram { bytes: ram }, Provenance::of("--ram"));
    }
}

/// BCD states that stop a boot: a bad memory list, and a default loader whose
/// device or osdevice names a partition this disk does not have.
fn bcd_checks(
    inst: &Installation,
    store: &vmrescue_registry::bcd::BcdStore,
    path: &str,
    ev: &mut Evidence,
) {
    use vmrescue_registry::bcd::{Device, ElementValue, PartitionLocation};
    for obj in &store.objects {
        for e in &obj.elements {
            if e.name == Some("badmemorylist")
                && let ElementValue::IntegerList(list) = &e.value
                && !list.is_empty()
            {
                ev.push(
                    FactKind::DiskCheck {
                        check: "bad_memory_list".into(),
                        detail: format!("{} pages", list.len()),
                    },
                    Provenance::of(path).at(obj.id.id.clone()),
                );
            }
        }
    }
    let Some(loader) = store.default_entry() else {
        return;
    };
    let table = &inst.disk.table;
    for e in &loader.elements {
        let (Some(name @ ("device" | "osdevice")), ElementValue::Device(d)) = (e.name, &e.value)
        else {
            continue;
        };
        let Device::Partition { location } = &d.device else {
            continue;
        };
        let found = match location {
            PartitionLocation::Gpt { partition_guid, .. } => {
                let g = partition_guid.trim_matches(['{', '}']).to_ascii_lowercase();
                table.partitions.iter().any(|p| {
                    p.guid
                        .as_deref()
                        .is_some_and(|x| x.eq_ignore_ascii_case(&g))
                })
            }
            PartitionLocation::Mbr {
                partition_offset,
                disk_signature,
            } => {
                let sig_ok = table.disk_id.as_deref().is_none_or(|id| {
                    u32::from_str_radix(id.trim_start_matches("0x"), 16).ok()
                        == Some(*disk_signature)
                });
                sig_ok
                    && table
                        .partitions
                        .iter()
                        .any(|p| p.start == *partition_offset)
            }
            PartitionLocation::Other { .. } => true,
        };
        if !found {
            ev.push(
                FactKind::DiskCheck {
                    check: "bcd_device_mismatch".into(),
                    detail: format!("{name}: {location:?}"),
                },
                Provenance::of(path).at(format!("{} {name}", loader.id.id)),
            );
        }
    }
}
