//! The rules. Each fact adds weight to the causes it points to; weights are
//! summed per cause and mapped to a likelihood (high ≥ 50, medium ≥ 25,
//! low ≥ 10). Time matters: an update that failed or a service installed
//! shortly before the crash weighs more than one months earlier.

use vmrescue_evidence::{Evidence, Fact, FactKind};

use crate::model::*;
use crate::table::{self as rule, Rule};

const STATUS_SYSTEM_PROCESS_TERMINATED: u32 = 0xC000_021A;

/// Seconds since the epoch of an RFC 3339 UTC time (`2024-01-02T03:04:05…Z`).
fn secs(t: &str) -> Option<i64> {
    let n = |a: usize, b: usize| t.get(a..b)?.parse::<i64>().ok();
    let (y, mo, d, h, mi, s) = (
        n(0, 4)?,
        n(5, 7)?,
        n(8, 10)?,
        n(11, 13)?,
        n(14, 16)?,
        n(17, 19)?,
    );
    let (y2, m2) = if mo <= 2 {
        (y - 1, mo + 9)
    } else {
        (y, mo - 3)
    };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * m2 + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * 86_400 + h * 3600 + mi * 60 + s)
}

/// Days from `t` to the crash (positive = before the crash); None if unknown.
fn days_before(t: Option<&str>, crash: Option<i64>) -> Option<f64> {
    Some((crash? - secs(t?)?) as f64 / 86_400.0)
}

fn near(t: Option<&str>, crash: Option<i64>, days: f64) -> bool {
    days_before(t, crash).is_some_and(|d| (-0.1..=days).contains(&d))
}

/// Updates whose failure is residue, not evidence: Store apps (no KB; AppX
/// deployment, not CBS servicing) and Defender's security intelligence and
/// definition updates (definition files, no boot-time servicing). They fail
/// and retry routinely on healthy machines **(inference)**.
fn update_is_residue(title: &str, kb: Option<&str>) -> bool {
    let t = title.to_ascii_lowercase();
    kb.is_none()
        || t.contains("security intelligence update")
        || t.contains("definition update")
        || t.contains("antimalware platform")
}

/// The files csrss.exe and winlogon.exe load or start: the critical binaries
/// the evidence checks (their images, the csrss server DLLs, ntdll and the
/// KnownDLLs they map first, the kernel and win32k) and these: a pending rename that replaces one of them runs at boot, before
/// csrss starts (Session Manager performs PendingFileRenameOperations "before
/// the files are referenced", PendMoves; evidence-signals.md §1.1, §3).
const ALSO_LOADED: &[&str] = &["logonui.exe", "userinit.exe", "sxs.dll", "gdi32.dll"];

fn touches_critical_file(path: &str) -> bool {
    let name = path
        .rsplit(['\\', '/'])
        .next()
        .unwrap_or(path)
        .to_ascii_lowercase();
    vmrescue_evidence::CRITICAL_FILES.contains(&name.as_str())
        || ALSO_LOADED.contains(&name.as_str())
}

/// What "shortly before the failure" is measured against: the crash time
/// from a dump, else the end of the last session that ran: the newest of the
/// last event in System.evtx (session starts and stops, Kernel-General 12/13
/// and EventLog 6005/6006, among them) and `Control\Windows\ShutdownTime`
/// (written only on a clean shutdown). A VM that dies in csrss on every boot
/// writes no events in those boots (the event log service starts later, and
/// Kernel-Power 41 is written only at the next good start), so System.evtx
/// ends with its last good session (SupportArticles event-41 article;
/// evidence-signals.md §3, anchors A and B).
fn time_anchor(crash_time: Option<&str>, all: &[(usize, &Fact)]) -> Option<TimeAnchor> {
    if let Some(t) = crash_time {
        return Some(TimeAnchor {
            time: t.to_string(),
            source: "memory_dump".into(),
        });
    }
    let newest = |pick: &dyn Fn(&Fact) -> bool| {
        all.iter()
            .filter(|(_, f)| pick(f))
            .filter_map(|(_, f)| f.source.time.as_deref())
            .filter_map(|t| Some((secs(t)?, t)))
            .max()
    };
    let log = newest(&|f| {
        f.source
            .artifact
            .to_ascii_lowercase()
            .ends_with(r"\system.evtx")
    });
    let shutdown = newest(&|f| matches!(f.kind, FactKind::CleanShutdown {}));
    let (source, (_, t)) = match (log, shutdown) {
        (Some(l), Some(s)) if s > l => ("shutdown_time", s),
        (Some(l), _) => ("system_log_last_event", l),
        (None, Some(s)) => ("shutdown_time", s),
        (None, None) => return None,
    };
    Some(TimeAnchor {
        time: t.to_string(),
        source: source.into(),
    })
}

/// The newest session start in System.evtx (Kernel-General 12, EventLog 6005).
fn last_session_start<'a>(all: &[(usize, &'a Fact)]) -> Option<(usize, &'a Fact)> {
    all.iter()
        .filter(|(_, f)| matches!(&f.kind, FactKind::BootEvent { phase, .. } if phase == "started"))
        .filter_map(|&(i, f)| Some((secs(f.source.time.as_deref()?)?, i, f)))
        .max_by_key(|(s, i, _)| (*s, *i))
        .map(|(_, i, f)| (i, f))
}

struct Scorer {
    items: Vec<(CauseId, EvidenceItem)>,
}

impl Scorer {
    /// Adds a supporting item by a rule of the table.
    fn add(&mut self, rule: &Rule, fact: Option<(usize, &Fact)>, message: Message) {
        debug_assert_eq!(
            rule.message, message.id,
            "rule {} writes its own message",
            rule.name
        );
        self.items.push((
            rule.cause,
            EvidenceItem {
                fact: fact.map(|(i, _)| i),
                supports: true,
                rule: Some(rule.name.to_string()),
                message,
                weight: rule.weight,
                source: fact.map(|(_, f)| f.source.artifact.clone()),
                time: fact.and_then(|(_, f)| f.source.time.clone()),
            },
        ));
    }
    fn against(&mut self, cause: CauseId, message: Message) {
        self.items.push((
            cause,
            EvidenceItem {
                fact: None,
                supports: false,
                rule: None,
                message,
                weight: 0,
                source: None,
                time: None,
            },
        ));
    }
}

fn hex(code: u32) -> String {
    format!("0x{code:08X}")
}

fn stop_name(code: u32) -> Option<String> {
    vmrescue_dump::tables::bugcheck_display_name(code).map(|(n, _)| n)
}

/// Diagnoses the evidence of one or more inputs (a disk, screenshots, serial
/// logs), each given with its name.
pub fn diagnose(inputs: &[(String, Evidence)]) -> Diagnosis {
    // Merge every input's facts, remembering which input each came from.
    let mut facts: Vec<Fact> = Vec::new();
    let mut origin_input: Vec<String> = Vec::new();
    let mut crash_time: Option<String> = None;
    for (name, ev) in inputs {
        for f in &ev.facts {
            facts.push(f.clone());
            origin_input.push(name.clone());
        }
        if crash_time.is_none() {
            crash_time = ev.crash_time.clone();
        }
    }
    let all: Vec<(usize, &Fact)> = facts.iter().enumerate().collect();
    let time_anchor = time_anchor(crash_time.as_deref(), &all);
    // "Shortly before the failure" is measured against the anchor.
    let crash = time_anchor.as_ref().and_then(|a| secs(&a.time));

    // The stop code: dumps first, then events, then screens and logs.
    let mut stops: Vec<StopObservation> = all
        .iter()
        .filter_map(|(i, f)| match &f.kind {
            FactKind::StopCode {
                code,
                parameters,
                origin,
                process,
                status,
                status_name,
                ..
            } => Some(StopObservation {
                code: hex(*code),
                name: stop_name(*code),
                origin: *origin,
                input: origin_input[*i].clone(),
                fact: *i,
                process: process.clone(),
                status: status.map(|s| match status_name {
                    Some(n) => format!("0x{s:08X} {n}"),
                    None => format!("0x{s:08X}"),
                }),
                parameters: parameters.iter().map(|p| format!("{p:#x}")).collect(),
            }),
            _ => None,
        })
        .collect();
    stops.sort_by_key(|s| {
        (
            s.origin,
            std::cmp::Reverse(facts[s.fact].source.time.clone()),
        )
    });
    // 0x1000007E is 0x7E reported with its "_M" bit: the same failure.
    let same = |a: &str, b: &str| {
        let n = |x: &str| {
            u32::from_str_radix(x.trim_start_matches("0x"), 16)
                .map(|v| v & !0x1000_0000)
                .ok()
        };
        n(a) == n(b)
    };
    let stop_disagreement = stops.iter().any(|s| !same(&s.code, &stops[0].code));
    let stop_code = stops.first().map(|s| s.code.clone());
    let stop_name = stops.first().and_then(|s| s.name.clone());
    let stop_value = stops
        .first()
        .and_then(|s| u32::from_str_radix(s.code.trim_start_matches("0x"), 16).ok());

    // Services still configured on the disk with a non-Microsoft binary: an
    // install event (7045) weighs more when it names one of them.
    let configured_third_party: std::collections::HashSet<String> = all
        .iter()
        .filter_map(|(_, f)| match &f.kind {
            FactKind::ThirdPartyService { name, .. } => Some(name.to_ascii_lowercase()),
            _ => None,
        })
        .collect();
    let mut sc = Scorer { items: Vec::new() };
    use CauseId::*;
    let mut update_facts = 0;
    // Whether anything says servicing failed (not only that it is staged).
    let mut failure_evidence = false;
    let mut residue_update_failures = 0usize;
    let mut residue_renames = 0usize;
    let mut residue_services = 0usize;
    let mut damaged_hives = std::collections::HashSet::new();
    let mut residue_old_update_failures = 0usize;
    let mut residue_service_failures = 0usize;
    let mut residue_service_installs = 0usize;
    let staged_kbs: Vec<String> = all
        .iter()
        .filter_map(|(_, f)| match &f.kind {
            FactKind::PendingXml { kbs, .. } => Some(kbs.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    let mut file_facts = 0;
    let mut third_facts = 0;
    let mut restore_facts = 0;
    let mut critical_checked = 0;
    let mut projected = 0;
    let mut store_notes: Vec<Message> = Vec::new();
    let session_start = last_session_start(&all);
    for &(i, f) in &all {
        let fi = Some((i, f));
        let t = f.source.time.as_deref();
        match &f.kind {
            FactKind::PendingXml {
                kbs, operations, ..
            } => {
                update_facts += 1;
                sc.add(
                    &rule::PENDING_XML,
                    fi,
                    Message::new("ev-pending-xml")
                        .arg("kbs", kbs.join(", "))
                        .arg("operations", operations),
                );
                // A session started after pending.xml was written, and the
                // file is still there: that boot did not complete the
                // operations (a completed pending.xml is removed).
                if let (Some(written), Some((bi, bf))) = (t.and_then(secs), session_start)
                    && bf
                        .source
                        .time
                        .as_deref()
                        .and_then(secs)
                        .is_some_and(|b| b > written + 60)
                {
                    failure_evidence = true;
                    sc.add(
                        &rule::PENDING_SURVIVED_BOOT,
                        Some((bi, bf)),
                        Message::new("ev-pending-survived-boot")
                            .arg("written", t.unwrap_or_default())
                            .arg("boot", bf.source.time.clone().unwrap_or_default()),
                    );
                }
            }
            FactKind::ServicingPending { flag } => {
                update_facts += 1;
                let r = if flag == "PendingXmlIdentifier" || flag == "RebootRequired" {
                    &rule::SERVICING_MARKER
                } else {
                    &rule::SERVICING_FLAG
                };
                sc.add(
                    r,
                    fi,
                    Message::new("ev-servicing-pending").arg("flag", flag),
                );
            }
            FactKind::PackageState {
                package,
                state,
                meaning,
            } => {
                update_facts += 1;
                let r = if *state == 0x60 {
                    &rule::PACKAGE_PENDING
                } else {
                    failure_evidence = true;
                    &rule::PACKAGE_FAILED
                };
                let id = r.message;
                sc.add(
                    r,
                    fi,
                    Message::new(id)
                        .arg("package", package)
                        .arg("state", format!("0x{state:X}"))
                        .arg("meaning", meaning),
                );
            }
            FactKind::UpdateFailed { kb, title, .. } if update_is_residue(title, kb.as_deref()) => {
                residue_update_failures += 1;
            }
            // Failed weeks before the failure, and retried since: residue.
            FactKind::UpdateFailed { .. } if crash.is_some() && !near(t, crash, 14.0) => {
                residue_old_update_failures += 1;
            }
            FactKind::UpdateFailed { kb, title, error } => {
                update_facts += 1;
                let r = if crash.is_none() {
                    &rule::UPDATE_FAILED_NO_ANCHOR
                } else {
                    failure_evidence = true;
                    &rule::UPDATE_FAILED_NEAR
                };
                sc.add(
                    r,
                    fi,
                    Message::new("ev-update-failed")
                        .arg("title", title)
                        .arg("kb", kb.clone().unwrap_or_default())
                        .arg("error", error.clone().unwrap_or_default()),
                );
            }
            FactKind::ServicingFailed { package, .. } => {
                update_facts += 1;
                let recent = near(t, crash, 14.0) || crash.is_none();
                failure_evidence |= recent;
                let r = if recent {
                    &rule::SERVICING_FAILED
                } else {
                    &rule::SERVICING_FAILED_OLD
                };
                sc.add(
                    r,
                    fi,
                    Message::new("ev-servicing-failed").arg("package", package),
                );
            }
            FactKind::CbsFailure {
                signal,
                hresult,
                line,
            } if signal == "sharing_violation" => {
                third_facts += 1;
                update_facts += 1;
                let msg = Message::new("ev-cbs-sharing-violation")
                    .arg("line", line)
                    .arg("hresult", hresult.map(hex).unwrap_or_default());
                // Low on its own: which filter held the file is known only
                // from the filter drivers themselves.
                sc.add(&rule::SHARING_VIOLATION_FILTER, fi, msg.clone());
                sc.add(&rule::SHARING_VIOLATION_UPDATE, fi, msg);
            }
            FactKind::CbsFailure {
                signal,
                hresult,
                line,
            } => {
                update_facts += 1;
                failure_evidence = true;
                sc.add(
                    &rule::CBS_FAILURE,
                    fi,
                    Message::new("ev-cbs-failure")
                        .arg("signal", signal)
                        .arg("line", line)
                        .arg("hresult", hresult.map(hex).unwrap_or_default()),
                );
            }
            // An install that started just before the failure matters when
            // it is the update still staged in pending.xml.
            FactKind::UpdateStarted { title, kb }
                if near(t, crash, 2.0) && kb.as_ref().is_some_and(|k| staged_kbs.contains(k)) =>
            {
                sc.add(
                    &rule::UPDATE_STARTED_STAGED,
                    fi,
                    Message::new("ev-update-started")
                        .arg("title", title)
                        .arg("kb", kb.clone().unwrap_or_default()),
                );
            }
            // Installers of every kind queue renames for the next boot; only
            // one that touches what csrss and winlogon load matters.
            FactKind::PendingFileRename { source, target }
                if touches_critical_file(source)
                    || target.as_deref().is_some_and(touches_critical_file) =>
            {
                sc.add(
                    &rule::PENDING_RENAME_CRITICAL,
                    fi,
                    Message::new("ev-pending-rename")
                        .arg("source", source)
                        .arg("target", target.clone().unwrap_or_default()),
                );
            }
            FactKind::PendingFileRename { .. } => residue_renames += 1,
            FactKind::FileVersion { component, .. } => {
                critical_checked += 1;
                projected += usize::from(component.is_some());
            }
            FactKind::FileReplaced {
                file,
                version,
                installed,
            } => {
                file_facts += 1;
                sc.add(
                    &rule::FILE_REPLACED,
                    fi,
                    Message::new("ev-file-replaced")
                        .arg("file", file)
                        .arg("version", version)
                        .arg("installed", installed.join(", ")),
                );
            }
            FactKind::BuildFamilyMismatch {
                file,
                version,
                build,
            } => {
                file_facts += 1;
                sc.add(
                    &rule::BUILD_FAMILY,
                    fi,
                    Message::new("ev-build-family-mismatch")
                        .arg("file", file)
                        .arg("version", version)
                        .arg("build", build),
                );
            }
            FactKind::FileUnlinked {
                file,
                version,
                component,
                ..
            } => {
                restore_facts += 1;
                let msg = Message::new("ev-file-unlinked")
                    .arg("file", file)
                    .arg("version", version)
                    .arg("component", component);
                sc.add(&rule::FILE_UNLINKED_FILES, fi, msg.clone());
                sc.add(&rule::FILE_UNLINKED_RESTORE, fi, msg);
            }
            FactKind::LinksBrokenTogether { files, time } => {
                restore_facts += 1;
                sc.add(
                    &rule::LINKS_BROKEN_TOGETHER,
                    fi,
                    Message::new("ev-links-broken-together")
                        .arg("count", files.len())
                        .arg("time", time)
                        .arg("files", files.join(", ")),
                );
            }
            FactKind::ComponentStoreUnavailable {
                reason,
                error,
                files,
            } => {
                store_notes.push(if reason == "unreadable" {
                    Message::new("ev-store-unreadable")
                        .arg("error", error.clone().unwrap_or_default())
                } else {
                    Message::new("ev-store-no-component")
                        .arg("count", files.len())
                        .arg("files", files.join(", "))
                });
            }
            FactKind::FileMissing { file } => {
                file_facts += 1;
                sc.add(
                    &rule::FILE_MISSING,
                    fi,
                    Message::new("ev-file-missing").arg("file", file),
                );
            }
            FactKind::FileNotPe { file, reason } => {
                file_facts += 1;
                sc.add(
                    &rule::FILE_NOT_PE,
                    fi,
                    Message::new("ev-file-not-pe")
                        .arg("file", file)
                        .arg("reason", reason),
                );
            }
            FactKind::FileEmpty {
                file,
                size,
                all_zero,
            } => {
                file_facts += 1;
                restore_facts += 1;
                let msg = Message::new(if *all_zero {
                    "ev-file-all-zero"
                } else {
                    "ev-file-empty"
                })
                .arg("file", file)
                .arg("size", size);
                // Zero-filled at full size is the signature of a file that was
                // in use during a backup and never restored.
                let (restore, files) = if *all_zero {
                    (&rule::FILE_ZERO_RESTORE, &rule::FILE_ZERO_FILES)
                } else {
                    (&rule::FILE_EMPTY_RESTORE, &rule::FILE_EMPTY_FILES)
                };
                sc.add(restore, fi, msg.clone());
                sc.add(files, fi, msg);
            }
            // One hive counts once, however many collectors saw it damaged.
            FactKind::HiveDamaged { hive, .. }
                if !damaged_hives.insert(hive.to_ascii_uppercase()) => {}
            FactKind::HiveDamaged { hive, reason } => {
                restore_facts += 1;
                sc.add(
                    &rule::HIVE_DAMAGED_RESTORE,
                    fi,
                    Message::new("ev-hive-damaged")
                        .arg("hive", hive)
                        .arg("reason", reason),
                );
            }
            FactKind::ThirdPartyCredentialProvider {
                clsid,
                name,
                dll,
                company,
            } => {
                third_facts += 1;
                sc.add(
                    &rule::CREDENTIAL_PROVIDER,
                    fi,
                    Message::new("ev-credential-provider")
                        .arg("clsid", clsid)
                        .arg("name", name.clone().unwrap_or_default())
                        .arg("dll", dll.clone().unwrap_or_default())
                        .arg("company", company.clone().unwrap_or_default()),
                );
            }
            FactKind::ThirdPartyLoadPoint {
                point,
                file,
                company,
            } => {
                third_facts += 1;
                sc.add(
                    &rule::LOAD_POINT,
                    fi,
                    Message::new("ev-third-party-load-point")
                        .arg("point", point)
                        .arg("file", file)
                        .arg("company", company.clone().unwrap_or_default()),
                );
            }
            FactKind::WinlogonChanged { value, data } => {
                third_facts += 1;
                sc.add(
                    &rule::WINLOGON_CHANGED,
                    fi,
                    Message::new("ev-winlogon-changed")
                        .arg("value", value)
                        .arg("data", data),
                );
            }
            FactKind::AppInitDlls { dlls, enabled } => {
                third_facts += 1;
                let (r, id) = if *enabled {
                    (&rule::APPINIT_ENABLED, "ev-appinit-enabled")
                } else {
                    (&rule::APPINIT_DISABLED, "ev-appinit-disabled")
                };
                sc.add(r, fi, Message::new(id).arg("dlls", dlls));
            }
            FactKind::SubsystemChanged { value } => {
                third_facts += 1;
                sc.add(
                    &rule::SUBSYSTEM_CHANGED,
                    fi,
                    Message::new("ev-subsystem-changed").arg("value", value),
                );
            }
            FactKind::ThirdPartyService {
                name,
                image_path,
                company,
                start,
                last_write,
                driver,
                group,
                altitude,
                class_filter,
                driver_package,
            } => {
                if !near(last_write.as_deref(), crash, 14.0) {
                    // Present long before the failure: residue, counted once.
                    residue_services += 1;
                    continue;
                }
                third_facts += 1;
                let loads_early = *driver
                    && (start.is_some_and(|s| s <= 1)
                        || altitude.is_some()
                        || !class_filter.is_empty());
                if loads_early {
                    let mut how: Vec<String> = Vec::new();
                    if let Some(s) = start.filter(|s| *s <= 1) {
                        how.push(if s == 0 {
                            "boot start".into()
                        } else {
                            "system start".into()
                        });
                    }
                    if let Some(a) = altitude {
                        how.push(format!(
                            "{} {a}",
                            group.clone().unwrap_or_else(|| "minifilter".into())
                        ));
                    }
                    how.extend(class_filter.iter().map(|c| format!("{c} filter")));
                    sc.add(
                        &rule::THIRD_PARTY_DRIVER,
                        fi,
                        Message::new("ev-third-party-driver")
                            .arg("name", name)
                            .arg("image", image_path)
                            .arg("company", company.clone().unwrap_or_default())
                            .arg("package", driver_package.clone().unwrap_or_default())
                            .arg("load", how.join(", ")),
                    );
                } else {
                    let r = if start.is_some_and(|s| s <= 2) {
                        &rule::THIRD_PARTY_SERVICE_EARLY
                    } else {
                        &rule::THIRD_PARTY_SERVICE
                    };
                    sc.add(
                        r,
                        fi,
                        Message::new("ev-third-party-service-recent")
                            .arg("name", name)
                            .arg("image", image_path)
                            .arg("company", company.clone().unwrap_or_default()),
                    );
                }
            }
            FactKind::ServiceInstalled {
                image_path: Some(p),
                ..
            } if p.to_ascii_lowercase().contains(r"\microsoft") => {
                // Microsoft's own services outside \Windows (Defender definition
                // drivers, Update Health Tools) are not third-party code.
            }
            FactKind::ServiceInstalled { name, image_path } => {
                if !configured_third_party.contains(&name.to_ascii_lowercase()) {
                    // Installed and removed again, or Windows' own: residue.
                    residue_service_installs += 1;
                } else if near(t, crash, 7.0) {
                    third_facts += 1;
                    sc.add(
                        &rule::SERVICE_INSTALLED,
                        fi,
                        Message::new("ev-service-installed")
                            .arg("name", name)
                            .arg("image", image_path.clone().unwrap_or_default()),
                    );
                }
            }
            FactKind::ProgramInstalled { product, .. } if near(t, crash, 7.0) => {
                third_facts += 1;
                sc.add(
                    &rule::PROGRAM_INSTALLED,
                    fi,
                    Message::new("ev-program-installed").arg("product", product),
                );
            }
            // A service of Windows' own that failed to start is residue; one
            // of the third-party services configured on the disk is not.
            FactKind::ServiceFailed { names, .. }
                if !configured_third_party
                    .iter()
                    .any(|s| names.to_ascii_lowercase().contains(s.as_str())) =>
            {
                residue_service_failures += 1;
            }
            FactKind::ServiceFailed { names, event_id } if near(t, crash, 2.0) => {
                sc.add(
                    &rule::SERVICE_FAILED,
                    fi,
                    Message::new("ev-service-failed")
                        .arg("names", names)
                        .arg("event", event_id),
                );
            }
            FactKind::StopCode {
                code,
                status: Some(st),
                process,
                ..
            } if *code == STATUS_SYSTEM_PROCESS_TERMINATED => {
                // A critical process that could not load or bind a DLL points
                // at the files it loads.
                if matches!(
                    *st,
                    0xC000_0135 | 0xC000_0139 | 0xC000_007B | 0xC000_0142 | 0xC000_0428
                ) {
                    sc.add(
                        &rule::STATUS_POINTS_TO_FILES,
                        fi,
                        Message::new("ev-status-points-to-files")
                            .arg("status", format!("0x{st:08X}"))
                            .arg("process", process.clone().unwrap_or_default()),
                    );
                }
            }
            _ => {}
        }
    }
    // The component store could not decide for some files: said once.
    for m in store_notes {
        sc.against(MismatchedSystemFiles, m);
    }
    if update_facts == 0 {
        sc.against(FailedUpdate, Message::new("ev-against-no-servicing"));
    }
    // Residue every Windows disk carries: said once, never evidence.
    for (count, cause, id) in [
        (
            residue_update_failures,
            FailedUpdate,
            "ev-residue-update-failures",
        ),
        (
            residue_old_update_failures,
            FailedUpdate,
            "ev-residue-old-update-failures",
        ),
        (residue_renames, FailedUpdate, "ev-residue-renames"),
        (
            residue_service_failures + residue_service_installs,
            ThirdPartyProgram,
            "ev-residue-service-events",
        ),
        (residue_services, ThirdPartyProgram, "ev-residue-services"),
    ] {
        if count > 0 {
            sc.against(cause, Message::new(id).arg("count", count));
        }
    }
    if file_facts == 0 && critical_checked > 0 {
        sc.against(
            MismatchedSystemFiles,
            Message::new("ev-against-files-consistent")
                .arg("count", critical_checked)
                .arg("projected", projected),
        );
    }
    if restore_facts == 0 {
        sc.against(
            IncompleteRestore,
            Message::new("ev-against-no-restore-signs"),
        );
    }
    if third_facts == 0 {
        sc.against(ThirdPartyProgram, Message::new("ev-against-no-third-party"));
    }

    let mut causes: Vec<Cause> = CauseId::ALL
        .iter()
        .map(|&id| {
            let mut evidence: Vec<EvidenceItem> = sc
                .items
                .iter()
                .filter(|(c, _)| *c == id)
                .map(|(_, e)| e.clone())
                .collect();
            evidence.sort_by(|a, b| b.supports.cmp(&a.supports).then(b.weight.cmp(&a.weight)));
            let score = score(&evidence);
            let mut likelihood = match score {
                s if s >= 50 => Likelihood::High,
                s if s >= 25 => Likelihood::Medium,
                s if s >= 10 => Likelihood::Low,
                _ => Likelihood::NotIndicated,
            };
            // A staged update is a real suspect (its operations run at boot,
            // before csrss starts) but flags alone never make "high": that
            // needs a failure.
            if id == FailedUpdate && !failure_evidence && likelihood > Likelihood::Medium {
                likelihood = Likelihood::Medium;
            }
            Cause {
                id,
                likelihood,
                score,
                evidence,
            }
        })
        .collect();
    causes.sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));

    let dump_readiness = readiness(&all);
    let mut next_steps = steps(&causes, &dump_readiness, stop_value);
    kb_steps(&all, stop_value, &mut next_steps);
    let collector_errors = facts
        .iter()
        .filter_map(|f| match &f.kind {
            // Errors from the disk layers already name the file: say it once.
            FactKind::CollectorError { collector, error } if error.contains(&f.source.artifact) => {
                Some(format!("{collector}: {error}"))
            }
            FactKind::CollectorError { collector, error } => {
                Some(format!("{collector}: {}: {error}", f.source.artifact))
            }
            _ => None,
        })
        .collect();
    let mut source_problems: Vec<String> = Vec::new();
    for f in &facts {
        if let FactKind::SourceProblem { problem } = &f.kind
            && !source_problems.contains(problem)
        {
            source_problems.push(problem.clone());
        }
    }
    Diagnosis {
        inputs: inputs.iter().map(|(n, _)| n.clone()).collect(),
        source_problems,
        stop_code,
        stop_name,
        stop_sources: stops,
        stop_disagreement,
        crash_time,
        time_anchor,
        causes,
        dump_readiness,
        next_steps,
        evidence: facts,
        collector_errors,
    }
}

/// The knowledge base's steps for a sibling failure: a stop code other than
/// 0xC000021A, a boot manager or recovery status, or an update screen.
fn kb_steps(all: &[(usize, &Fact)], stop: Option<u32>, out: &mut Vec<Step>) {
    use vmrescue_screen::{ScreenKind, kb};
    let mut entries: Vec<&'static kb::KbEntry> = Vec::new();
    if let Some(code) = stop.filter(|c| *c != STATUS_SYSTEM_PROCESS_TERMINATED) {
        entries.extend(kb::for_stop_code(code).or_else(|| kb::for_stop_code(code & !0x1000_0000)));
    }
    let mut ntfs_dirty = false;
    for (_, f) in all {
        // Disk checks lead to the procedure of the failure they point to:
        // a BCD device that matches no partition is the 0x7B procedure, a
        // hive whose logs cannot be applied or that cannot be read the
        // 0x74 / 0xC000014C one, a bad memory list the 0xC0000017 one.
        match &f.kind {
            FactKind::DiskCheck { check, .. } => match check.as_str() {
                "bcd_device_mismatch" => entries.push(kb::KbId::InaccessibleBootDevice.entry()),
                "hive_logs_not_applied" => entries.push(kb::KbId::HiveCorruption.entry()),
                "bad_memory_list" => entries.push(kb::KbId::NoMemory.entry()),
                "ntfs_dirty" => ntfs_dirty = true,
                _ => {}
            },
            FactKind::HiveDamaged { .. } => entries.push(kb::KbId::HiveCorruption.entry()),
            _ => {}
        }
        if let FactKind::BootScreen { screen, status, .. } = &f.kind {
            if let Some(st) = status {
                entries.extend(kb::for_status(*st));
            }
            let kind = ScreenKind::ALL.into_iter().find(|k| {
                serde_json::to_value(k)
                    .ok()
                    .and_then(|v| v.as_str().map(|x| x == screen))
                    .unwrap_or(false)
            });
            entries.extend(kind.and_then(kb::for_screen));
        }
    }
    let mut seen = Vec::new();
    let mut list = Vec::new();
    for e in entries {
        if seen.contains(&e.id) {
            continue;
        }
        seen.push(e.id);
        let id = serde_json::to_value(e.id)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        for (i, st) in e.steps.iter().enumerate() {
            let mut m = Message::new(st.message);
            for (k, v) in st.message_args() {
                m = m.arg(k, v);
            }
            let command = st.command.map(str::to_string);
            // Procedures share their opening and closing steps (snapshot,
            // attach, load and unload a hive): each is said once.
            if list
                .iter()
                .any(|s: &Step| s.message == m && s.command == command)
            {
                continue;
            }
            list.push(Step {
                id: format!("kb_{id}_{}", i + 1),
                message: m,
                command,
            });
        }
    }
    // The NTFS dirty bit: Windows runs autochk at the next boot; offline,
    // chkdsk on a Windows machine repairs the volume before anything writes.
    if ntfs_dirty {
        list.push(Step {
            id: "chkdsk".into(),
            message: Message::new("step-chkdsk"),
            command: Some("chkdsk <X>: /f".into()),
        });
    }
    // After the note that the stop code is another one, before the generic steps.
    let pos = usize::from(out.first().is_some_and(|s| s.id == "other_stop_code"));
    out.splice(pos..pos, list);
}

/// Sums the supporting weights of a cause. Items of the same message id add
/// with diminishing returns (the strongest counts whole, the rest a quarter,
/// together at most 1.5× the strongest): twenty third-party drivers installed
/// years ago are not twenty times the evidence of one.
fn score(items: &[EvidenceItem]) -> u32 {
    let mut by_id: std::collections::BTreeMap<&str, Vec<u32>> = std::collections::BTreeMap::new();
    for e in items.iter().filter(|e| e.supports) {
        by_id
            .entry(e.message.id.as_str())
            .or_default()
            .push(e.weight);
    }
    by_id
        .values_mut()
        .map(|w| {
            w.sort_unstable_by(|a, b| b.cmp(a));
            let top = w[0];
            (top + w[1..].iter().sum::<u32>() / 4).min(top + top / 2)
        })
        .sum()
}

fn readiness(all: &[(usize, &Fact)]) -> DumpReadiness {
    let mut r = DumpReadiness::default();
    let mut pf_temp_only = false;
    let mut pf_max: Option<u64> = None;
    for (_, f) in all {
        match &f.kind {
            FactKind::CrashDumpSettings {
                dump_type,
                dump_file,
                nmi_crash_dump,
                dedicated_dump_file,
                ..
            } => {
                r.dump_type = Some(dump_type.clone());
                r.dump_file = Some(dump_file.clone());
                r.nmi_crash_dump = Some(*nmi_crash_dump);
                r.dedicated_dump_file = dedicated_dump_file.clone();
            }
            FactKind::PageFile {
                entries,
                on_os_volume,
                on_temporary_disk,
                max_mb,
            } => {
                r.page_files = entries.clone();
                r.page_file_on_os_volume = Some(*on_os_volume);
                pf_temp_only = *on_temporary_disk && !*on_os_volume;
                pf_max = *max_mb;
            }
            FactKind::FreeSpace { free, .. } => r.free_space = Some(*free),
            FactKind::Ems { loader_ems, .. } => r.serial_console = Some(*loader_ems),
            FactKind::Ram { bytes } => r.ram = Some(*bytes),
            FactKind::DumpFound {
                path,
                complete: true,
                dump_kind,
                ..
            } if dump_kind != "wer" && r.usable_dump.is_none() => {
                r.usable_dump = Some(path.clone());
            }
            FactKind::DumpFound {
                path,
                complete: false,
                dump_kind,
                ..
            } if dump_kind != "wer" => {
                r.other_dumps.push(OtherDump {
                    path: path.clone(),
                    kind: dump_kind.clone(),
                    process: None,
                });
            }
            FactKind::UserDump { process, .. } => {
                r.other_dumps.push(OtherDump {
                    path: f.source.artifact.clone(),
                    kind: "user".into(),
                    process: process.clone(),
                });
            }
            _ => {}
        }
    }
    r.required_space = r.ram.map(|ram| ram + 257 * 1024 * 1024);
    match r.dump_type.as_deref() {
        Some("none") => r.problems.push(Message::new("ready-dumps-disabled")),
        Some("small") => r.problems.push(Message::new("ready-small-dumps-only")),
        None => r.problems.push(Message::new("ready-settings-unknown")),
        _ => {}
    }
    if pf_temp_only && r.dedicated_dump_file.is_none() {
        r.problems.push(Message::new("ready-pagefile-temp-disk"));
    } else if r.page_file_on_os_volume == Some(false) && r.dedicated_dump_file.is_none() {
        r.problems.push(Message::new("ready-no-pagefile-on-os"));
    }
    if let (Some(need), Some(max)) = (r.required_space, pf_max)
        && max * 1024 * 1024 < need
        && r.dump_type.as_deref() == Some("complete")
    {
        r.problems.push(
            Message::new("ready-pagefile-too-small")
                .arg("max_mb", max)
                .arg("need_mb", need / (1024 * 1024)),
        );
    }
    if let (Some(need), Some(free)) = (r.required_space, r.free_space)
        && free < need
    {
        r.problems.push(
            Message::new("ready-low-space")
                .arg("free_mb", free / (1024 * 1024))
                .arg("need_mb", need / (1024 * 1024)),
        );
    }
    if r.nmi_crash_dump == Some(false) {
        r.problems.push(Message::new("ready-nmi-off"));
    }
    if r.serial_console == Some(false) {
        r.problems.push(Message::new("ready-ems-off"));
    }
    r.ready = r.problems.is_empty();
    r
}

fn steps(causes: &[Cause], r: &DumpReadiness, stop: Option<u32>) -> Vec<Step> {
    let mut out = Vec::new();
    if let Some(dump) = &r.usable_dump {
        out.push(Step {
            id: "collect".into(),
            message: Message::new("step-collect").arg("dump", dump),
            command: Some("vmrescue collect <DISK> -o support-bundle.tar.zst".into()),
        });
    } else if r.ready {
        // Already set up for capture: only the NMI and the collection remain.
        out.push(Step {
            id: "send_nmi".into(),
            message: Message::new("step-send-nmi"),
            command: Some("az serial-console send nmi --resource-group <RG> --name <VM>".into()),
        });
        out.push(Step {
            id: "collect".into(),
            message: Message::new("step-collect-after-nmi"),
            command: Some("vmrescue collect <DISK> -o support-bundle.tar.zst".into()),
        });
    } else {
        out.push(Step {
            id: "prepare_dump".into(),
            message: Message::new("step-prepare-dump"),
            command: Some(
                "vmrescue prepare-dump <MOUNTED-WINDOWS-VOLUME> --nmi --serial-console --apply"
                    .into(),
            ),
        });
        out.push(Step {
            id: "send_nmi".into(),
            message: Message::new("step-send-nmi"),
            command: Some("az serial-console send nmi --resource-group <RG> --name <VM>".into()),
        });
        out.push(Step {
            id: "collect".into(),
            message: Message::new("step-collect-after-nmi"),
            command: Some("vmrescue collect <DISK> -o support-bundle.tar.zst".into()),
        });
    }
    for c in causes.iter().filter(|c| c.likelihood >= Likelihood::Medium) {
        match c.id {
            CauseId::FailedUpdate => out.push(Step {
                id: "revert_pending_actions".into(),
                message: Message::new("step-revert-pending"),
                command: Some(r"dism /image:<X>:\ /cleanup-image /revertpendingactions".into()),
            }),
            CauseId::MismatchedSystemFiles => out.push(Step {
                id: "sfc_offline".into(),
                message: Message::new("step-sfc-offline"),
                command: Some(r"sfc /scannow /offbootdir=<X>:\ /offwindir=<X>:\Windows".into()),
            }),
            CauseId::ThirdPartyProgram => {
                let names: Vec<String> = c
                    .evidence
                    .iter()
                    .filter(|e| e.supports)
                    .filter_map(|e| {
                        e.message
                            .args
                            .get("name")
                            .or_else(|| e.message.args.get("dll"))
                            .cloned()
                    })
                    .filter(|n| !n.is_empty())
                    .fold(Vec::new(), |mut v, n| {
                        if !v.contains(&n) {
                            v.push(n);
                        }
                        v
                    });
                out.push(Step {
                    id: "disable_third_party".into(),
                    message: Message::new("step-disable-third-party")
                        .arg("items", names.join(", ")),
                    command: None,
                });
            }
            CauseId::IncompleteRestore => out.push(Step {
                id: "restore_backup".into(),
                message: Message::new("step-restore-backup"),
                command: None,
            }),
        }
    }
    if !out.iter().any(|s| s.id == "restore_backup") {
        out.push(Step {
            id: "restore_backup".into(),
            message: Message::new("step-restore-backup-last"),
            command: None,
        });
    }
    if stop.is_some_and(|s| s != STATUS_SYSTEM_PROCESS_TERMINATED) {
        out.insert(
            0,
            Step {
                id: "other_stop_code".into(),
                message: Message::new("step-other-stop-code"),
                command: None,
            },
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_times_convert() {
        assert_eq!(secs("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(secs("2021-02-21T01:38:22.9877657Z"), Some(1_613_871_502));
        assert!(
            days_before(Some("2021-02-20T01:38:22Z"), secs("2021-02-21T01:38:22Z"))
                .is_some_and(|d| (d - 1.0).abs() < 1e-9)
        );
    }

    #[test]
    fn no_evidence_means_no_cause() {
        let d = diagnose(&[("empty".into(), Evidence::default())]);
        assert!(d.stop_code.is_none());
        assert!(
            d.causes
                .iter()
                .all(|c| c.likelihood == Likelihood::NotIndicated)
        );
        assert!(d.next_steps.iter().any(|s| s.id == "prepare_dump"));
    }
}

#[cfg(test)]
mod residue_tests {
    use super::*;
    use vmrescue_evidence::{Provenance, StopOrigin};

    const SYSTEM_EVTX: &str = r"\Windows\System32\winevt\Logs\System.evtx";

    fn staged() -> Evidence {
        let mut ev = Evidence::default();
        ev.push(
            FactKind::StopCode {
                code: STATUS_SYSTEM_PROCESS_TERMINATED,
                parameters: [0; 4],
                origin: StopOrigin::User,
                process: None,
                status: None,
                status_name: None,
                bucket_id: None,
            },
            Provenance::of("--stop-code"),
        );
        ev.push(
            FactKind::PendingXml {
                size: 90_000,
                kbs: vec!["KB5033372".into()],
                operations: 15,
            },
            Provenance::of(r"\Windows\WinSxS\pending.xml")
                .when(Some("2024-03-09T03:05:00Z".into())),
        );
        for flag in [
            "RebootPending",
            "PackagesPending",
            "PendingXmlIdentifier",
            "RebootRequired",
        ] {
            ev.push(
                FactKind::ServicingPending { flag: flag.into() },
                Provenance::of(
                    r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing",
                ),
            );
        }
        // Residue every disk carries.
        for i in 0..30 {
            ev.push(
                FactKind::PendingFileRename {
                    source: format!(r"\??\C:\Windows\System32\spool\drivers\x64\3\New\file{i}.dll"),
                    target: None,
                },
                Provenance::of(r"HKLM\SYSTEM\CurrentControlSet\Control\Session Manager"),
            );
        }
        ev.push(
            FactKind::UpdateFailed {
                kb: None,
                title: "9WZDNCRFJBH4-Microsoft.Windows.Photos".into(),
                error: Some("0x80073d02".into()),
            },
            Provenance::of(SYSTEM_EVTX).when(Some("2024-03-09T02:00:00Z".into())),
        );
        ev.push(
            FactKind::UpdateFailed {
                kb: Some("KB2267602".into()),
                title: "Security Intelligence Update for Microsoft Defender Antivirus - KB2267602"
                    .into(),
                error: Some("0x80240016".into()),
            },
            Provenance::of(SYSTEM_EVTX).when(Some("2024-03-09T02:30:00Z".into())),
        );
        ev
    }

    fn cause(d: &Diagnosis, id: CauseId) -> &Cause {
        d.causes.iter().find(|c| c.id == id).unwrap()
    }

    #[test]
    fn a_staged_update_is_a_suspect_but_never_high_without_a_failure() {
        let d = diagnose(&[("disk".into(), staged())]);
        let c = cause(&d, CauseId::FailedUpdate);
        assert_eq!(c.likelihood, Likelihood::Medium, "{c:?}");
        // The anchor without a dump: the last event in System.evtx.
        let a = d.time_anchor.as_ref().unwrap();
        assert_eq!(a.source, "system_log_last_event");
        assert_eq!(a.time, "2024-03-09T02:30:00Z");
        // Residue: none of it is "For", each kind said once.
        let for_ids: Vec<&str> = c
            .evidence
            .iter()
            .filter(|e| e.supports)
            .map(|e| e.message.id.as_str())
            .collect();
        assert!(!for_ids.contains(&"ev-pending-rename"), "{for_ids:?}");
        assert!(!for_ids.contains(&"ev-update-failed"), "{for_ids:?}");
        let against: Vec<&str> = c
            .evidence
            .iter()
            .filter(|e| !e.supports)
            .map(|e| e.message.id.as_str())
            .collect();
        assert_eq!(
            against
                .iter()
                .filter(|i| **i == "ev-residue-renames")
                .count(),
            1
        );
        assert_eq!(
            against
                .iter()
                .filter(|i| **i == "ev-residue-update-failures")
                .count(),
            1
        );
    }

    #[test]
    fn pending_operations_that_outlived_a_boot_are_a_failure() {
        let system = r"\Windows\System32\winevt\Logs\System.evtx";
        let boot = |ev: &mut Evidence, at: &str| {
            ev.push(
                FactKind::BootEvent {
                    event_id: 12,
                    phase: "started".into(),
                },
                Provenance::of(system).when(Some(at.into())),
            );
        };
        // The last session started before pending.xml was written (03:05):
        // the update waits for its first boot, staged only.
        let mut ev = staged();
        boot(&mut ev, "2024-03-09T01:00:00Z");
        let d = diagnose(&[("disk".into(), ev.clone())]);
        let c = cause(&d, CauseId::FailedUpdate);
        assert_eq!(c.likelihood, Likelihood::Medium, "{c:?}");
        assert!(
            !c.evidence
                .iter()
                .any(|e| e.rule.as_deref() == Some("pending-survived-boot"))
        );
        // A session started after it, and pending.xml is still there.
        boot(&mut ev, "2024-03-09T04:00:00Z");
        let d = diagnose(&[("disk".into(), ev.clone())]);
        let c = cause(&d, CauseId::FailedUpdate);
        assert_eq!(c.likelihood, Likelihood::High, "{c:?}");
        assert!(
            c.evidence
                .iter()
                .any(|e| e.rule.as_deref() == Some("pending-survived-boot"))
        );
        assert_eq!(d.time_anchor.as_ref().unwrap().time, "2024-03-09T04:00:00Z");
        // A clean shutdown newer than every event is the anchor, and says so.
        ev.push(
            FactKind::CleanShutdown {},
            Provenance::of(r"HKLM\SYSTEM\ControlSet001\Control\Windows")
                .when(Some("2024-03-09T05:00:00Z".into())),
        );
        let d = diagnose(&[("disk".into(), ev)]);
        let a = d.time_anchor.as_ref().unwrap();
        assert_eq!(
            (a.source.as_str(), a.time.as_str()),
            ("shutdown_time", "2024-03-09T05:00:00Z")
        );
    }

    #[test]
    fn a_partially_installed_package_is_failure_evidence_and_install_pending_is_not() {
        let package = "Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.3803.1.8";
        let with = |state: u32| {
            let mut ev = staged();
            ev.push(
                FactKind::PackageState {
                    package: package.into(),
                    state,
                    meaning: match state {
                        0x60 => "install_pending",
                        0x65 => "partially_installed",
                        _ => "invalid",
                    }
                    .into(),
                },
                Provenance::of(
                    r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\Packages",
                ),
            );
            diagnose(&[("disk".into(), ev)])
        };
        // Install pending: still only staged.
        let d = with(0x60);
        let c = cause(&d, CauseId::FailedUpdate);
        assert_eq!(c.likelihood, Likelihood::Medium, "{c:?}");
        assert!(
            c.evidence
                .iter()
                .any(|e| e.rule.as_deref() == Some("package-pending"))
        );
        // Partially installed, or an invalid (negative) state: failed.
        for state in [0x65, (-112i32) as u32] {
            let d = with(state);
            let c = cause(&d, CauseId::FailedUpdate);
            assert_eq!(c.likelihood, Likelihood::High, "{state:#x}: {c:?}");
            let e = c
                .evidence
                .iter()
                .find(|e| e.rule.as_deref() == Some("package-failed"))
                .expect("the package is named");
            assert!(
                e.message.args.iter().any(|(_, v)| v.contains("RollupFix")),
                "{e:?}"
            );
        }
    }

    #[test]
    fn a_failure_phrase_in_cbs_log_makes_it_high_and_a_sharing_violation_points_at_a_filter() {
        let mut ev = staged();
        ev.push(
            FactKind::CbsFailure {
                signal: "advanced_queue_failed".into(),
                hresult: Some(0x800F_0922),
                line: "Error CBS Startup: Failed to process advanced operation queue, startupPhase: 0. A rollback transaction will be created. [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]".into(),
            },
            Provenance::of(r"\Windows\Logs\CBS\CBS.log"),
        );
        let d = diagnose(&[("disk".into(), ev.clone())]);
        assert_eq!(
            cause(&d, CauseId::FailedUpdate).likelihood,
            Likelihood::High
        );
        ev.push(
            FactKind::CbsFailure {
                signal: "sharing_violation".into(),
                hresult: Some(0x8007_0020),
                line: "Error CSI (F) Failed execution of queue item Installer: Generic Command ([80070020]) [HRESULT = 0x80070020 - ERROR_SHARING_VIOLATION]".into(),
            },
            Provenance::of(r"\Windows\Logs\CBS\CBS.log"),
        );
        let d = diagnose(&[("disk".into(), ev)]);
        let t = cause(&d, CauseId::ThirdPartyProgram);
        assert!(
            t.evidence
                .iter()
                .any(|e| e.supports && e.message.id == "ev-cbs-sharing-violation")
        );
        assert!(t.likelihood >= Likelihood::Low, "{t:?}");
    }

    #[test]
    fn a_pending_rename_of_a_critical_file_counts() {
        let mut ev = staged();
        ev.push(
            FactKind::PendingFileRename {
                source: r"\??\C:\Windows\WinSxS\Temp\PendingRenames\csrss.exe".into(),
                target: Some(r"\??\C:\Windows\System32\csrss.exe".into()),
            },
            Provenance::of(r"HKLM\SYSTEM\CurrentControlSet\Control\Session Manager"),
        );
        let d = diagnose(&[("disk".into(), ev)]);
        let c = cause(&d, CauseId::FailedUpdate);
        assert!(
            c.evidence
                .iter()
                .any(|e| e.supports && e.message.id == "ev-pending-rename")
        );
    }
}

#[cfg(test)]
mod disk_check_tests {
    use super::*;
    use vmrescue_evidence::Provenance;

    #[test]
    fn disk_checks_lead_to_their_procedures() {
        let mut ev = Evidence::default();
        for check in [
            "bcd_device_mismatch",
            "hive_logs_not_applied",
            "bad_memory_list",
            "ntfs_dirty",
        ] {
            ev.push(
                FactKind::DiskCheck {
                    check: check.into(),
                    detail: String::new(),
                },
                Provenance::of("disk"),
            );
        }
        let d = diagnose(&[("disk".into(), ev)]);
        let ids: Vec<&str> = d.next_steps.iter().map(|s| s.id.as_str()).collect();
        // Each procedure is there; the steps they share are said once.
        for want in [
            "kb_inaccessible_boot_device_",
            "kb_hive_corruption_",
            "kb_no_memory_",
            "chkdsk",
        ] {
            assert!(
                ids.iter().any(|i| i.starts_with(want)),
                "{want} not in {ids:?}"
            );
        }
        let texts: Vec<_> = d
            .next_steps
            .iter()
            .map(|s| (&s.message, &s.command))
            .collect();
        for (i, t) in texts.iter().enumerate() {
            assert!(!texts[..i].contains(t), "step said twice: {t:?}");
        }
    }
}

#[cfg(test)]
mod evidence_tests {
    use super::*;
    use CauseId::*;
    use vmrescue_evidence::Provenance;

    fn cause(d: &Diagnosis, id: CauseId) -> &Cause {
        d.causes.iter().find(|c| c.id == id).unwrap()
    }

    fn version(ev: &mut Evidence, file: &str, v: &str, linked: bool) {
        let path = format!(r"\Windows\System32\{file}");
        ev.push(
            FactKind::FileVersion {
                file: path.clone(),
                version: v.into(),
                company: Some("Microsoft Corporation".into()),
                component: linked
                    .then(|| format!("amd64_x-{file}_31bf3856ad364e35_{v}_none_0123456789abcdef")),
            },
            Provenance::of(path),
        );
    }

    fn likelihood(ev: Evidence, id: CauseId) -> Likelihood {
        cause(&diagnose(&[("disk".into(), ev)]), id).likelihood
    }

    #[test]
    fn the_component_store_decides_not_a_vote() {
        // Mixed revisions, every file projected: a healthy system, whatever
        // the revisions (csrss.exe stays at .1 for years).
        let mut healthy = Evidence::default();
        for (f, v) in [
            ("csrss.exe", "10.0.19041.1"),
            ("winlogon.exe", "10.0.19041.3636"),
            ("ntdll.dll", "10.0.19041.3636"),
            ("user32.dll", "10.0.19041.3570"),
            ("ntoskrnl.exe", "10.0.19041.3693"),
        ] {
            version(&mut healthy, f, v, true);
        }
        let d = diagnose(&[("disk".into(), healthy.clone())]);
        assert!(
            d.causes
                .iter()
                .all(|c| c.likelihood == Likelihood::NotIndicated),
            "{:?}",
            d.causes
        );
        let m = cause(&d, MismatchedSystemFiles);
        assert!(m.evidence.iter().any(|e| !e.supports
            && e.message.id == "ev-against-files-consistent"
            && e.message.args.get("projected").map(String::as_str) == Some("5")));

        // One file replaced outside servicing: strong alone.
        let mut replaced = healthy.clone();
        replaced.push(
            FactKind::FileReplaced {
                file: r"\Windows\System32\winsrv.dll".into(),
                version: "10.0.19041.3570".into(),
                installed: vec!["10.0.19041.3693".into()],
            },
            Provenance::of(r"\Windows\System32\winsrv.dll"),
        );
        assert_eq!(
            likelihood(replaced, MismatchedSystemFiles),
            Likelihood::High
        );

        // Another build family: strong alone.
        let mut other_build = healthy.clone();
        other_build.push(
            FactKind::BuildFamilyMismatch {
                file: r"\Windows\System32\winsrv.dll".into(),
                version: "10.0.17763".into(),
                build: "19045".into(),
            },
            Provenance::of(r"\Windows\System32\winsrv.dll"),
        );
        assert_eq!(
            likelihood(other_build, MismatchedSystemFiles),
            Likelihood::High
        );

        // One unlinked copy of the installed version: a manual repair, weak.
        let mut one = healthy.clone();
        one.push(
            FactKind::FileUnlinked {
                file: r"\Windows\System32\csrss.exe".into(),
                version: "10.0.19041.1".into(),
                component: "amd64_microsoft-windows-csrss_31bf3856ad364e35_10.0.19041.1_none_0"
                    .into(),
                changed: Some("2024-03-01T00:00:00Z".into()),
            },
            Provenance::of(r"\Windows\System32\csrss.exe"),
        );
        let d = diagnose(&[("disk".into(), one.clone())]);
        assert!(cause(&d, MismatchedSystemFiles).likelihood <= Likelihood::Low);
        assert!(cause(&d, IncompleteRestore).likelihood <= Likelihood::Low);

        // Several broken together: a file-level restore.
        let mut bulk = one;
        bulk.push(
            FactKind::LinksBrokenTogether {
                files: vec![
                    r"\Windows\System32\csrss.exe".into(),
                    r"\Windows\System32\ntdll.dll".into(),
                ],
                time: "2024-03-01T00:00:00Z".into(),
            },
            Provenance::of(r"\Windows\WinSxS"),
        );
        let d = diagnose(&[("disk".into(), bulk)]);
        assert!(cause(&d, IncompleteRestore).likelihood >= Likelihood::Medium);
        assert_eq!(d.causes[0].id, IncompleteRestore);

        // Without the store, say so instead of guessing.
        let mut no_store = healthy;
        no_store.push(
            FactKind::ComponentStoreUnavailable {
                reason: "no_component".into(),
                error: None,
                files: vec![r"\Windows\System32\csrss.exe".into()],
            },
            Provenance::of(r"\Windows\WinSxS"),
        );
        let d = diagnose(&[("disk".into(), no_store)]);
        let m = cause(&d, MismatchedSystemFiles);
        assert_eq!(m.likelihood, Likelihood::NotIndicated);
        assert!(
            m.evidence
                .iter()
                .any(|e| e.message.id == "ev-store-no-component")
        );
    }

    fn service(
        name: &str,
        image: &str,
        company: &str,
        start: u32,
        driver: bool,
        last_write: &str,
    ) -> FactKind {
        FactKind::ThirdPartyService {
            name: name.into(),
            image_path: image.into(),
            company: Some(company.into()),
            start: Some(start),
            last_write: Some(last_write.into()),
            driver,
            group: None,
            altitude: None,
            class_filter: Vec::new(),
            driver_package: None,
        }
    }

    fn anchored(crash: &str) -> Evidence {
        Evidence {
            crash_time: Some(crash.into()),
            ..Default::default()
        }
    }

    #[test]
    fn third_party_code_is_judged_by_who_made_it() {
        let crash = "2024-03-10T08:00:00Z";
        // A boot-start filter driver in System32\drivers, changed the day
        // before: strong, even though it lives inside \Windows.
        let mut ev = anchored(crash);
        ev.push(
            service(
                "contosoflt",
                r"system32\drivers\contosoflt.sys",
                "Contoso Ltd.",
                0,
                true,
                "2024-03-09T08:00:00Z",
            ),
            Provenance::of(r"HKLM\SYSTEM\ControlSet001\Services\contosoflt"),
        );
        let d = diagnose(&[("disk".into(), ev)]);
        let t = cause(&d, ThirdPartyProgram);
        assert!(t.likelihood >= Likelihood::Medium, "{t:?}");
        assert!(
            t.evidence
                .iter()
                .any(|e| e.message.id == "ev-third-party-driver"
                    && e.rule.as_deref() == Some("third-party-driver"))
        );

        // The same driver present for a year: residue, said once.
        let mut old = anchored(crash);
        old.push(
            service(
                "contosoflt",
                r"system32\drivers\contosoflt.sys",
                "Contoso Ltd.",
                0,
                true,
                "2023-03-09T08:00:00Z",
            ),
            Provenance::of(r"HKLM\SYSTEM\ControlSet001\Services\contosoflt"),
        );
        assert_eq!(likelihood(old, ThirdPartyProgram), Likelihood::NotIndicated);

        // A credential provider runs in LogonUI: below code inside winlogon.
        let mut cp = anchored(crash);
        cp.push(
            FactKind::ThirdPartyCredentialProvider {
                clsid: "{1}".into(),
                name: None,
                dll: Some("ContosoCP.dll".into()),
                company: Some("Contoso Ltd.".into()),
            },
            Provenance::of("HKLM\\SOFTWARE"),
        );
        assert_eq!(likelihood(cp, ThirdPartyProgram), Likelihood::Low);

        // A non-Microsoft KnownDLL: inside every process.
        let mut kd = anchored(crash);
        kd.push(
            FactKind::ThirdPartyLoadPoint {
                point: "KnownDLLs".into(),
                file: r"\Windows\System32\hook.dll".into(),
                company: Some("Contoso Ltd.".into()),
            },
            Provenance::of(r"\Windows\System32\hook.dll"),
        );
        assert!(likelihood(kd, ThirdPartyProgram) >= Likelihood::Medium);
    }

    #[test]
    fn one_damaged_hive_counts_once_and_leads_to_the_hive_procedure() {
        let mut ev = Evidence::default();
        for _ in 0..2 {
            ev.push(
                FactKind::HiveDamaged {
                    hive: "SOFTWARE".into(),
                    reason: "the file is empty".into(),
                },
                Provenance::of(r"\Windows\System32\config\SOFTWARE"),
            );
        }
        let d = diagnose(&[("disk".into(), ev)]);
        let r = cause(&d, IncompleteRestore);
        assert_eq!(r.evidence.iter().filter(|e| e.supports).count(), 1);
        assert!(r.likelihood <= Likelihood::Low, "{r:?}");
        assert!(d.next_steps.iter().any(|s| s.id == "kb_hive_corruption_1"));
    }

    #[test]
    fn an_update_failure_without_a_time_anchor_is_a_suspect() {
        let mut ev = Evidence::default();
        ev.push(
            FactKind::UpdateFailed {
                kb: Some("KB5034441".into()),
                title: "2024-01 Cumulative Update (KB5034441)".into(),
                error: Some("0x800f0922".into()),
            },
            Provenance::of(r"\Windows\System32\winevt\Logs\Setup.evtx"),
        );
        let d = diagnose(&[("disk".into(), ev)]);
        let u = cause(&d, FailedUpdate);
        assert!(d.time_anchor.is_none());
        assert_eq!(u.likelihood, Likelihood::Low, "{u:?}");
        assert_eq!(
            u.evidence[0].rule.as_deref(),
            Some("update-failed-no-anchor")
        );
    }
}
