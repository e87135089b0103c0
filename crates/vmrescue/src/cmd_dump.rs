//! `vmrescue dump`: find and decode crash dumps, from a dump file or from
//! every place Windows keeps them on a disk (including a dump stranded in
//! pagefile.sys).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use serde_json::{Value as Json, json};
use vmrescue_artifacts::{DumpKind, DumpLocation, Installation};
use vmrescue_disk::Cursor;
use vmrescue_dump::{Window, analyze, detect_in_pagefile, extract_from_pagefile, sniff};
use vmrescue_l10n::{FluentValue, tr, tr_args};
use vmrescue_registry::facts;

use crate::open::CliError;

fn arg<T: Into<FluentValue<'static>>>(
    k: &'static str,
    v: T,
) -> (&'static str, FluentValue<'static>) {
    (k, v.into())
}

/// `vmrescue dump PATH|SOURCE`.
pub fn dump(
    path: &Path,
    partition: Option<u32>,
    as_json: bool,
    extract: Option<&Path>,
) -> Result<(), CliError> {
    // A dump file given directly?
    let is_url = vmrescue_http::is_url(&path.to_string_lossy());
    let mut plain_file = false;
    if !is_url {
        let mut f = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        plain_file = f.metadata().is_ok_and(|m| m.is_file());
        if plain_file && sniff(&mut f).ok().flatten().is_some() {
            let report = analyze(File::open(path)?)?;
            let entry = json!({"location": path.display().to_string(), "kind": "file", "report": report, "bucket_id": report.bucket_id()});
            return print(&[entry], as_json);
        }
    }
    // Otherwise a disk; a file that is neither is named as not a dump.
    let inst = match Installation::open(path, partition) {
        Ok(i) => i,
        Err(e) if plain_file => {
            return Err(tr_args(
                "err-not-a-dump",
                &[
                    arg("path", path.display().to_string()),
                    arg("error", e.to_string()),
                ],
            )
            .into());
        }
        Err(e) => return Err(e.into()),
    };
    let crash = inst
        .hive("SYSTEM")
        .ok()
        .map(|h| facts::collect(&h.hive, None).system.crash_control);
    let mut entries = Vec::new();
    for loc in inst.dump_locations(crash.as_ref()) {
        if let Some(e) = examine(&inst, &loc, extract)? {
            entries.push(e);
        }
    }
    if entries.is_empty() && !as_json {
        outln!("{}", tr("dump-none-found"));
        return Ok(());
    }
    print(&entries, as_json)
}

fn examine(
    inst: &Installation,
    loc: &DumpLocation,
    extract: Option<&Path>,
) -> Result<Option<Json>, CliError> {
    let (Some(path), true) = (&loc.path, loc.exists) else {
        return Ok(None);
    };
    let file = match inst.open_file(path) {
        Ok(f) => f,
        Err(e) => {
            return Ok(Some(
                json!({"location": path, "kind": loc.kind, "error": e.to_string()}),
            ));
        }
    };
    if loc.kind == DumpKind::PageFile {
        let found = match detect_in_pagefile(&mut Cursor::new(file.clone())) {
            Ok(Some(found)) => found,
            Ok(None) => return Ok(None),
            Err(e) => {
                return Ok(Some(
                    json!({"location": path, "kind": loc.kind, "error": e.to_string()}),
                ));
            }
        };
        let mut entry = json!({"location": path, "kind": loc.kind, "dump_len": found.dump_len, "truncated": found.truncated});
        let window = Window::new(Cursor::new(file.clone()), 0, found.available_len);
        match analyze(window) {
            Ok(r) => {
                entry["bucket_id"] = json!(r.bucket_id());
                entry["report"] = serde_json::to_value(&r)?;
            }
            Err(e) => entry["error"] = json!(e.to_string()),
        }
        if let Some(dir) = extract {
            std::fs::create_dir_all(dir)?;
            let out = dir.join("pagefile-dump.dmp");
            let tmp = dir.join("pagefile-dump.dmp.partial");
            let mut w = BufWriter::with_capacity(4 << 20, File::create(&tmp)?);
            let n = extract_from_pagefile(&mut Cursor::new(file), &found, &mut w)?;
            w.flush()?;
            w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
            std::fs::rename(&tmp, &out)?;
            entry["extracted_to"] = json!(out.display().to_string());
            entry["extracted_bytes"] = json!(n);
        }
        return Ok(Some(entry));
    }
    let mut entry = json!({"location": path, "kind": loc.kind, "size": loc.size});
    match analyze(Cursor::new(file)) {
        Ok(r) => {
            entry["bucket_id"] = json!(r.bucket_id());
            entry["report"] = serde_json::to_value(&r)?;
        }
        Err(e) => entry["error"] = json!(e.to_string()),
    }
    Ok(Some(entry))
}

fn print(entries: &[Json], as_json: bool) -> Result<(), CliError> {
    if as_json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&json!({ "dumps": entries }))?
        );
        return Ok(());
    }
    let mut o = String::new();
    for e in entries {
        o += &format!(
            "{}: {} ({})\n",
            tr("dump-location"),
            e["location"].as_str().unwrap_or_default(),
            e["kind"].as_str().unwrap_or_default()
        );
        if let Some(err) = e["error"].as_str() {
            o += &format!("  {}: {err}\n\n", tr("err-prefix"));
            continue;
        }
        if let Some(to) = e["extracted_to"].as_str() {
            o += &format!(
                "  {}\n",
                tr_args(
                    "dump-extracted",
                    &[
                        arg("path", to.to_string()),
                        arg("bytes", e["extracted_bytes"].as_u64().unwrap_or(0))
                    ]
                )
            );
        }
        let r = &e["report"];
        match r["format"].as_str() {
            Some("kernel") => kernel_text(r, &mut o),
            Some("user") => user_text(r, &mut o),
            _ => {}
        }
        o += &format!(
            "  {}: {}\n\n",
            tr("dump-bucket"),
            e["bucket_id"].as_str().unwrap_or_default()
        );
    }
    out!("{o}");
    Ok(())
}

fn s(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Null => "-".into(),
        other => other.to_string(),
    }
}

fn kernel_text(r: &Json, o: &mut String) {
    let h = &r["header"];
    let b = &r["bugcheck"];
    *o += &format!(
        "  {}: {} ({}), {} {}.{}, {} {}\n",
        tr("dump-type"),
        s(&h["dump_type"]),
        s(&h["arch"]),
        tr("dump-build"),
        s(&h["major_version"]),
        s(&h["minor_version"]),
        s(&h["number_processors"]),
        tr("dump-cpus")
    );
    *o += &format!(
        "  {}: {}\n",
        tr("dump-crash-time"),
        s(&h["system_time_utc"])
    );
    let name = b["name"].as_str().unwrap_or("?");
    *o += &format!("  {}: {} {}\n", tr("dump-bugcheck"), s(&b["code"]), name);
    if let Some(params) = b["parameters"].as_array() {
        for p in params {
            let mut line = format!(
                "    {}{}: {}",
                tr("dump-arg"),
                s(&p["index"]),
                s(&p["value"])
            );
            if let Some(m) = p["meaning"].as_str() {
                line += &format!("  {m}");
            }
            if let Some(n) = p["ntstatus"]["name"].as_str() {
                line += &format!("  [{n}]");
            }
            if let Some(m) = p["module"].as_str() {
                line += &format!("  ({m})");
            }
            *o += &line;
            o.push('\n');
        }
    }
    if let Some(img) = b["process"]["image_name"].as_str() {
        *o += &format!(
            "  {}: {img} ({})\n",
            tr("dump-process"),
            b["process"]["text"].as_str().unwrap_or_default()
        );
    }
    if let Some(m) = b["faulting_module"]["name"].as_str() {
        *o += &format!("  {}: {m}\n", tr("dump-faulting-module"));
    }
    let modules = r["modules"].as_array().map_or(0, |m| m.len());
    *o += &format!("  {}: {modules}\n", tr("dump-modules"));
    if let Some(ws) = r["completeness"]["warnings"].as_array() {
        for w in ws {
            *o += &format!("  {}: {}\n", tr("warn-prefix"), w);
        }
    }
}

fn user_text(r: &Json, o: &mut String) {
    *o += &format!("  {}: {}\n", tr("dump-type"), tr("dump-user-mode"));
    if let Some(p) = r["process_name"].as_str() {
        *o += &format!("  {}: {p}\n", tr("dump-process"));
    }
    let ex = &r["exception"];
    if !ex.is_null() {
        *o += &format!(
            "  {}: {} {}\n",
            tr("dump-exception"),
            s(&ex["code"]),
            ex["name"].as_str().unwrap_or_default()
        );
        if let Some(m) = ex["module"].as_str() {
            *o += &format!("  {}: {m}\n", tr("dump-faulting-module"));
        }
    }
}
