//! Event logs through the `evtx` crate (pinned: its output shape changes
//! between minor versions): the bugcheck and shutdown events, Windows Update,
//! service installs and failures, program installs and servicing failures.

use std::collections::HashMap;

use serde_json::Value;
use vmrescue_artifacts::Installation;
use vmrescue_disk::Cursor;

use crate::model::{FactKind, Provenance, StopOrigin};
use crate::{Evidence, kb_of};

/// At most this many facts of one kind from one log (the newest), so a log
/// with thousands of update installs does not drown the rest.
const PER_KIND: usize = 25;

struct Record {
    id: u64,
    time: String,
    provider: String,
    event_id: u32,
    data: Value,
}

fn event_id(sys: &Value) -> u32 {
    match &sys["EventID"] {
        Value::Number(n) => n.as_u64().unwrap_or(0) as u32,
        Value::Object(o) => o
            .get("#text")
            .and_then(|t| {
                t.as_u64()
                    .or_else(|| t.as_str().and_then(|s| s.parse().ok()))
            })
            .unwrap_or(0) as u32,
        Value::String(s) => s.parse().unwrap_or(0),
        _ => 0,
    }
}

fn field(data: &Value, name: &str) -> Option<String> {
    match data.get(name)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(o) => o.get("#text").map(|t| {
            t.as_str()
                .map(str::to_string)
                .unwrap_or_else(|| t.to_string())
        }),
        _ => None,
    }
}

/// The unnamed `<Data>` strings of an event, in order.
fn unnamed(data: &Value) -> Vec<String> {
    match data.get("Data").map(|d| d.get("#text").unwrap_or(d)) {
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| x.to_string())
            })
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

fn read_log(
    inst: &Installation,
    path: &str,
    ev: &mut Evidence,
    wanted: &dyn Fn(&str, u32) -> bool,
) -> Vec<Record> {
    let file = match inst.open_file(path) {
        Ok(f) => f,
        Err(vmrescue_artifacts::ArtifactError::Fs(vmrescue_fs::FsError::NotFound { .. })) => {
            return Vec::new();
        }
        Err(e) => {
            ev.error("events", path, e);
            return Vec::new();
        }
    };
    let parser = match evtx::EvtxParser::from_read_seek(Cursor::new(file)) {
        Ok(p) => p.with_configuration(evtx::ParserSettings::new().num_threads(1)),
        Err(e) => {
            ev.error("events", path, e);
            return Vec::new();
        }
    };
    let mut parser = parser;
    let mut out = Vec::new();
    let mut errors = 0usize;
    for r in parser.records_json_value() {
        match r {
            Ok(rec) => {
                let e = &rec.data["Event"];
                let sys = &e["System"];
                let provider = sys["Provider"]["#attributes"]["Name"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                let id = event_id(sys);
                if !wanted(&provider, id) {
                    continue;
                }
                out.push(Record {
                    id: rec.event_record_id,
                    time: rec.timestamp.to_string(),
                    provider,
                    event_id: id,
                    data: e["EventData"].clone(),
                });
            }
            Err(err) => {
                errors += 1;
                if errors == 1 {
                    ev.error("events", path, err);
                }
            }
        }
    }
    out.sort_by(|a, b| a.time.cmp(&b.time).then(a.id.cmp(&b.id)));
    out
}

fn parse_hex(s: &str) -> Option<u64> {
    let t = s.trim().trim_start_matches("0x").trim_start_matches("0X");
    u64::from_str_radix(t.split(|c: char| !c.is_ascii_hexdigit()).next()?, 16).ok()
}

fn rfc3339(t: &str) -> String {
    // evtx gives "2020-08-07 18:50:29.225 UTC"-like or RFC 3339; normalise lightly.
    let t = t.trim().trim_end_matches(" UTC");
    if t.contains('T') {
        t.to_string()
    } else {
        t.replacen(' ', "T", 1) + if t.ends_with('Z') { "" } else { "Z" }
    }
}

pub(crate) fn collect(inst: &Installation, ev: &mut Evidence) {
    let logs = format!(r"{}\System32\winevt\Logs", inst.system_root);
    let system = format!(r"{logs}\System.evtx");
    let want_system = |p: &str, id: u32| match p {
        "Microsoft-Windows-Kernel-Power" => id == 41,
        "Microsoft-Windows-WER-SystemErrorReporting"
        | "BugCheck"
        | "Microsoft-Windows-WER-SystemErrorReportin" => id == 1001,
        "EventLog" => matches!(id, 6005 | 6006 | 6008),
        "Microsoft-Windows-Kernel-General" => matches!(id, 12 | 13),
        "Microsoft-Windows-WindowsUpdateClient" => matches!(id, 19 | 20 | 43),
        "Service Control Manager" => matches!(id, 7045 | 7000 | 7026),
        _ => false,
    };
    let mut kept: HashMap<(u32, &'static str), usize> = HashMap::new();
    let records = read_log(inst, &system, ev, &want_system);
    let mut newest_stop: Option<String> = None;
    let mut facts: Vec<(FactKind, Provenance, (u32, &'static str))> = Vec::new();
    for r in records.iter().rev() {
        let src = Provenance::of(system.clone())
            .at(format!("record {}, {} {}", r.id, r.provider, r.event_id))
            .when(Some(rfc3339(&r.time)));
        let d = &r.data;
        let fact = match (r.provider.as_str(), r.event_id) {
            ("Microsoft-Windows-Kernel-Power", 41) => {
                let code = field(d, "BugcheckCode")
                    .and_then(|c| c.parse::<u64>().ok().or_else(|| parse_hex(&c)))
                    .unwrap_or(0) as u32;
                if code != 0 {
                    let mut params = [0u64; 4];
                    for (i, p) in params.iter_mut().enumerate() {
                        *p = field(d, &format!("BugcheckParameter{}", i + 1))
                            .and_then(|v| parse_hex(&v))
                            .unwrap_or(0);
                    }
                    newest_stop.get_or_insert_with(|| rfc3339(&r.time));
                    Some((
                        FactKind::StopCode {
                            code,
                            parameters: params,
                            origin: StopOrigin::KernelPowerEvent,
                            process: None,
                            status: None,
                            status_name: None,
                            bucket_id: None,
                        },
                        "kp41",
                    ))
                } else {
                    Some((FactKind::UnexpectedShutdown { event_id: 41 }, "kp41"))
                }
            }
            (_, 1001) => {
                let text = field(d, "param1")
                    .or_else(|| unnamed(d).into_iter().next())
                    .unwrap_or_default();
                parse_hex(&text).map(|code| {
                    let mut params = [0u64; 4];
                    if let Some(list) = text.split_once('(').map(|(_, r)| r.trim_end_matches(')')) {
                        for (slot, v) in params.iter_mut().zip(list.split(',')) {
                            *slot = parse_hex(v).unwrap_or(0);
                        }
                    }
                    newest_stop.get_or_insert_with(|| rfc3339(&r.time));
                    (
                        FactKind::StopCode {
                            code: code as u32,
                            parameters: params,
                            origin: StopOrigin::BugcheckEvent,
                            process: None,
                            status: None,
                            status_name: None,
                            bucket_id: None,
                        },
                        "1001",
                    )
                })
            }
            ("EventLog", 6008) => Some((FactKind::UnexpectedShutdown { event_id: 6008 }, "6008")),
            ("EventLog", id @ (6005 | 6006))
            | ("Microsoft-Windows-Kernel-General", id @ (12 | 13)) => {
                let phase = if matches!(id, 6005 | 12) {
                    "started"
                } else {
                    "stopped"
                };
                Some((
                    FactKind::BootEvent {
                        event_id: id,
                        phase: phase.into(),
                    },
                    if matches!(id, 6005 | 12) {
                        "boot-start"
                    } else {
                        "boot-stop"
                    },
                ))
            }
            ("Microsoft-Windows-WindowsUpdateClient", id) => {
                let title = field(d, "updateTitle").unwrap_or_default();
                let kb = kb_of(&title);
                Some(match id {
                    20 => (
                        FactKind::UpdateFailed {
                            kb,
                            title,
                            error: field(d, "errorCode"),
                        },
                        "wu20",
                    ),
                    19 => (FactKind::UpdateInstalled { kb, title }, "wu19"),
                    _ => (FactKind::UpdateStarted { kb, title }, "wu43"),
                })
            }
            ("Service Control Manager", 7045) => Some((
                FactKind::ServiceInstalled {
                    name: field(d, "ServiceName").unwrap_or_default(),
                    image_path: field(d, "ImagePath"),
                },
                "7045",
            )),
            ("Service Control Manager", id) => {
                let names = field(d, "param1")
                    .or_else(|| unnamed(d).into_iter().next())
                    .unwrap_or_default();
                Some((
                    FactKind::ServiceFailed {
                        event_id: id,
                        names,
                    },
                    if id == 7000 { "7000" } else { "7026" },
                ))
            }
            _ => None,
        };
        if let Some((kind, key)) = fact {
            let k = (r.event_id, key);
            let n = kept.entry(k).or_default();
            if *n < PER_KIND {
                *n += 1;
                facts.push((kind, src, k));
            }
        }
    }
    for (kind, src, _) in facts.into_iter().rev() {
        ev.push(kind, src);
    }
    if ev.crash_time.is_none() {
        ev.crash_time = newest_stop;
    }

    let app = format!(r"{logs}\Application.evtx");
    let records = read_log(inst, &app, ev, &|p, id| {
        p == "MsiInstaller" && matches!(id, 11707 | 1033)
    });
    for r in records.iter().rev().take(PER_KIND).rev() {
        let product = unnamed(&r.data).into_iter().next().unwrap_or_default();
        ev.push(
            FactKind::ProgramInstalled {
                product,
                event_id: r.event_id,
            },
            Provenance::of(app.clone())
                .at(format!("record {}, MsiInstaller {}", r.id, r.event_id))
                .when(Some(rfc3339(&r.time))),
        );
    }

    let setup = format!(r"{logs}\Setup.evtx");
    let records = read_log(inst, &setup, ev, &|p, _| p == "Microsoft-Windows-Servicing");
    for r in records.iter().rev().take(200) {
        let code = field(&r.data, "ErrorCode")
            .and_then(|c| parse_hex(&c))
            .unwrap_or(0);
        if code != 0 {
            let package = field(&r.data, "PackageIdentifier").unwrap_or_default();
            ev.push(
                FactKind::ServicingFailed {
                    package,
                    event_id: r.event_id,
                },
                Provenance::of(setup.clone())
                    .at(format!(
                        "record {}, Servicing {}, error {code:#x}",
                        r.id, r.event_id
                    ))
                    .when(Some(rfc3339(&r.time))),
            );
        }
    }
}
