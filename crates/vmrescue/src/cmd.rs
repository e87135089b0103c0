//! One function per command.

use std::io::{self, Write};
use std::path::Path;

use serde_json::json;
use vmrescue_disk::{Disk, FsKind, ReadAt};
use vmrescue_fs::{Volume, windows};
use vmrescue_l10n::{FluentValue, tr, tr_args};

use crate::open::{self, CliError};
use crate::render;

fn arg<T: Into<FluentValue<'static>>>(
    k: &'static str,
    v: T,
) -> (&'static str, FluentValue<'static>) {
    (k, v.into())
}

/// `vmrescue info`.
pub fn info(source: &Path, as_json: bool, stats: bool) -> Result<(), CliError> {
    let (disk, source_stats) = open::disk(source)?;
    let layout = windows::find(&disk);
    let labels: Vec<Option<String>> = disk
        .table
        .partitions
        .iter()
        .map(|p| {
            if p.filesystem == FsKind::Ntfs || p.filesystem.is_fat() {
                Volume::open(disk.partition_reader(p), p.filesystem, "")
                    .ok()
                    .and_then(|v| v.label())
            } else {
                None
            }
        })
        .collect();
    let win = windows_facts(&disk, &layout);
    if as_json {
        let partitions: Vec<_> = disk
            .table
            .partitions
            .iter()
            .zip(&labels)
            .map(|(p, label)| {
                json!({
                    "index": p.index,
                    "start": p.start,
                    "size": p.size,
                    "filesystem": p.filesystem.as_str(),
                    "type": p.type_id,
                    "type_name": p.type_name,
                    "name": p.name,
                    "guid": p.guid,
                    "active": p.active,
                    "label": label,
                    "beyond_end": p.beyond_end,
                })
            })
            .collect();
        let out = json!({
            "source": disk.image.name,
            "format": disk.image.format.as_str(),
            "virtual_size": disk.image.virtual_size(),
            "partition_scheme": disk.table.scheme,
            "sector_size": disk.table.sector_size,
            "disk_id": disk.table.disk_id,
            "partitions": partitions,
            "windows": layout.installs.first(),
            "windows_installs": layout.installs,
            "bcd": layout.bcd,
            "other_bcd": layout.other_bcd,
            "unreadable_partitions": layout.unreadable.iter().map(|(i, r)| json!({"index": i, "reason": r})).collect::<Vec<_>>(),
            "notes": disk.image.notes,
            "warnings": disk.table.warnings,
            "hives": win.as_ref().map(|w| &w.hives),
            "facts": win.as_ref().map(|w| &w.facts),
        });
        outln!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        let mut o = String::new();
        let scheme = match disk.table.scheme {
            vmrescue_disk::Scheme::Mbr => "MBR",
            vmrescue_disk::Scheme::Gpt => "GPT",
            vmrescue_disk::Scheme::None => "-",
        };
        o += &format!("{}: {}\n", tr("info-title"), disk.image.name);
        o += &format!("  {}: {}\n", tr("info-format"), disk.image.format);
        o += &format!(
            "  {}: {} ({} bytes)\n",
            tr("info-virtual-size"),
            render::size(disk.image.virtual_size()),
            disk.image.virtual_size()
        );
        o += &format!(
            "  {}: {scheme}, {}: {}",
            tr("info-scheme"),
            tr("info-sector-size"),
            disk.table.sector_size
        );
        if let Some(id) = &disk.table.disk_id {
            o += &format!(", {}: {id}", tr("info-disk-id"));
        }
        o += "\n\n";
        o += &tr_args(
            "info-partitions",
            &[arg("count", disk.table.partitions.len())],
        );
        o += "\n";
        let header = [
            "info-col-index",
            "info-col-start",
            "info-col-size",
            "info-col-fs",
            "info-col-type",
            "info-col-label",
        ]
        .iter()
        .map(|k| tr(k))
        .collect::<Vec<_>>();
        let rows: Vec<Vec<String>> = disk
            .table
            .partitions
            .iter()
            .zip(&labels)
            .map(|(p, label)| {
                let mut ty = p
                    .type_name
                    .map(str::to_string)
                    .unwrap_or_else(|| p.type_id.clone());
                if p.active {
                    ty += &format!(" ({})", tr("info-active"));
                }
                vec![
                    p.index.to_string(),
                    p.start.to_string(),
                    render::size(p.size),
                    p.filesystem.as_str().to_string(),
                    ty,
                    label
                        .clone()
                        .or_else(|| p.name.clone().filter(|n| !n.is_empty()))
                        .unwrap_or_default(),
                ]
            })
            .collect();
        o += &render::table(&header, &rows);
        o += "\n";
        match layout.installs.as_slice() {
            [] => o += &format!("{}\n", tr("info-windows-none")),
            [w] => {
                o += &format!(
                    "{}: {}\n",
                    tr("info-windows"),
                    tr_args(
                        "info-on-partition",
                        &[arg("index", w.partition), arg("path", w.path.clone())]
                    )
                );
            }
            many => {
                o += &format!(
                    "{}\n",
                    tr_args("info-windows-many", &[arg("count", many.len())])
                );
                for w in many {
                    o += &format!(
                        "  {}: {}\n",
                        tr("info-windows"),
                        tr_args(
                            "info-on-partition",
                            &[arg("index", w.partition), arg("path", w.path.clone())]
                        )
                    );
                }
            }
        }
        match &layout.bcd {
            Some(b) => {
                o += &format!(
                    "{}: {}\n",
                    tr("info-bcd"),
                    tr_args(
                        "info-on-partition",
                        &[arg("index", b.partition), arg("path", b.path.clone())]
                    )
                )
            }
            None => o += &format!("{}\n", tr("info-bcd-none")),
        }
        for b in &layout.other_bcd {
            o += &format!(
                "{}: {}\n",
                tr("info-bcd-other"),
                tr_args(
                    "info-on-partition",
                    &[arg("index", b.partition), arg("path", b.path.clone())]
                )
            );
        }
        for p in disk
            .table
            .partitions
            .iter()
            .filter(|p| p.filesystem == FsKind::Bitlocker)
        {
            o += &format!(
                "{}: {}\n",
                tr("warn-prefix"),
                tr_args("info-bitlocker", &[arg("index", p.index)])
            );
        }
        for (i, r) in &layout.unreadable {
            if disk
                .partition(*i)
                .is_some_and(|p| p.filesystem == FsKind::Bitlocker)
            {
                continue;
            }
            o += &format!(
                "{}: {}\n",
                tr("warn-prefix"),
                tr_args(
                    "info-unreadable",
                    &[arg("index", *i), arg("reason", r.clone())]
                )
            );
        }
        for n in disk.image.notes.iter().chain(&disk.table.warnings) {
            o += &format!("{}: {n}\n", tr("note-prefix"));
        }
        if let Some(w) = &win {
            o += &facts_text(w);
        }
        out!("{o}");
    }
    if stats {
        open::print_stats(source_stats.as_ref());
    }
    Ok(())
}

/// `vmrescue ls`.
pub fn ls(
    source: &Path,
    path: &str,
    partition: Option<u32>,
    as_json: bool,
) -> Result<(), CliError> {
    let (disk, _) = open::disk(source)?;
    let vol = open::volume(&disk, partition)?;
    let entries = vol.list(path)?;
    if as_json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&json!({ "path": path, "entries": entries }))?
        );
        return Ok(());
    }
    // The four NTFS times (FAT has no MFT change time), as `dir /t` shows them one at a time.
    let header = vec![
        tr("ls-col-created"),
        tr("ls-col-modified"),
        tr("ls-col-changed"),
        tr("ls-col-accessed"),
        tr("ls-col-size"),
        tr("ls-col-name"),
    ];
    let short = |t: &Option<String>| {
        t.as_deref()
            .map(|m| m.get(..19).unwrap_or(m).replace('T', " "))
            .unwrap_or_else(|| "-".into())
    };
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            let size = if e.is_dir {
                tr("ls-dir")
            } else {
                e.size.to_string()
            };
            let mut name = e.name.clone();
            for s in &e.streams {
                name += &format!("  [:{} {}]", s.name, s.size);
            }
            vec![
                short(&e.created),
                short(&e.modified),
                short(&e.mft_modified),
                short(&e.accessed),
                size,
                name,
            ]
        })
        .collect();
    out!("{}", render::table(&header, &rows));
    Ok(())
}

/// `vmrescue cat`: streams the file to stdout in large blocks.
pub fn cat(source: &Path, path: &str, partition: Option<u32>, stats: bool) -> Result<(), CliError> {
    let (disk, source_stats) = open::disk(source)?;
    let vol = open::volume(&disk, partition)?;
    if vol.stat(path).is_ok_and(|e| e.is_dir) && !path.contains(':') {
        return Err(tr_args("err-is-directory", &[arg("path", path.to_string())]).into());
    }
    let file = vol.open_file(path)?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match copy(&*file, &mut out) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(()),
        Err(e) => return Err(e.into()),
    }
    out.flush().or_else(|e| {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Ok(())
        } else {
            Err(e)
        }
    })?;
    if stats {
        open::print_stats(source_stats.as_ref());
    }
    Ok(())
}

/// Copies a whole [`ReadAt`] to a writer in 4 MiB blocks; a read that comes
/// back short is an error (a truncated image), never a silent end.
pub fn copy(src: &dyn ReadAt, out: &mut dyn Write) -> io::Result<()> {
    const BLOCK: usize = 4 << 20;
    let size = src.size();
    let mut buf = vec![0u8; BLOCK.min(size as usize).max(1)];
    let mut pos = 0u64;
    while pos < size {
        let n = (size - pos).min(buf.len() as u64) as usize;
        src.read_exact_at(pos, &mut buf[..n])?;
        out.write_all(&buf[..n])?;
        pos += n as u64;
    }
    Ok(())
}

/// The registry facts `info` shows, with how each hive was read.
struct WinFacts {
    facts: vmrescue_registry::facts::WindowsFacts,
    hives: serde_json::Value,
}

fn windows_facts(disk: &Disk, layout: &windows::Layout) -> Option<WinFacts> {
    let w = layout.installs.first()?;
    let p = disk.partition(w.partition)?;
    let vol = Volume::open(
        disk.partition_reader(p),
        p.filesystem,
        &format!("{} partition {}", disk.image.name, p.index),
    )
    .ok()?;
    let load = |name: &str| {
        vmrescue_artifacts::load_hive(
            &vol,
            &format!(r"{}\System32\config\{name}", w.path),
            w.partition,
        )
    };
    let mut hives = serde_json::Map::new();
    let system = match load("SYSTEM") {
        Ok(h) => h,
        Err(e) => {
            hives.insert("SYSTEM".into(), json!({"error": e.to_string()}));
            return None;
        }
    };
    let software = load("SOFTWARE");
    hives.insert(
        "SYSTEM".into(),
        json!({"path": system.path, "replay": system.replay}),
    );
    match &software {
        Ok(h) => hives.insert(
            "SOFTWARE".into(),
            json!({"path": h.path, "replay": h.replay}),
        ),
        Err(e) => hives.insert("SOFTWARE".into(), json!({"error": e.to_string()})),
    };
    let facts =
        vmrescue_registry::facts::collect(&system.hive, software.as_ref().ok().map(|h| &h.hive));
    Some(WinFacts {
        facts,
        hives: serde_json::Value::Object(hives),
    })
}

fn facts_text(w: &WinFacts) -> String {
    let f = &w.facts;
    let mut o = format!("\n{}\n", tr("facts-title"));
    let line = |o: &mut String, k: &str, v: String| *o += &format!("  {}: {v}\n", tr(k));
    if let Some(sw) = &f.software {
        let os = &sw.os;
        let mut name = os
            .product_name
            .as_ref()
            .map(|x| x.value.clone())
            .unwrap_or_default();
        if let Some(d) = &os.display_version {
            name += &format!(" {}", d.value);
        }
        let build = os
            .current_build_number
            .as_ref()
            .or(os.current_build.as_ref())
            .map(|b| b.value.clone())
            .unwrap_or_default();
        let ubr = os
            .ubr
            .as_ref()
            .map(|u| format!(".{}", u.value))
            .unwrap_or_default();
        line(
            &mut o,
            "facts-os",
            format!("{name} ({} {build}{ubr})", tr("dump-build")),
        );
    }
    if let Some(c) = &f.system.computer_name {
        line(&mut o, "facts-computer-name", c.value.clone());
    }
    if let Some(t) = &f.system.last_shutdown {
        line(&mut o, "facts-last-shutdown", t.value.to_string());
    }
    if let Some(t) = &f.system.time_zone {
        line(&mut o, "facts-time-zone", t.value.clone());
    }
    line(
        &mut o,
        "facts-control-set",
        format!("ControlSet{:03}", f.control_sets.current),
    );
    let cc = &f.system.crash_control;
    line(
        &mut o,
        "facts-dump-type",
        format!("{:?}", cc.dump_type).to_lowercase(),
    );
    line(&mut o, "facts-dump-file", cc.dump_file.value.clone());
    line(&mut o, "facts-nmi", cc.nmi_crash_dump.value.to_string());
    line(
        &mut o,
        "facts-auto-reboot",
        cc.auto_reboot.value.to_string(),
    );
    if let Some(p) = &f.system.page_files.paging_files {
        line(
            &mut o,
            "facts-page-files",
            p.value
                .iter()
                .map(|x| x.raw.clone())
                .collect::<Vec<_>>()
                .join("; "),
        );
    }
    line(
        &mut o,
        "facts-services",
        f.system.services.len().to_string(),
    );
    for (name, h) in w.hives.as_object().into_iter().flatten() {
        if let Some(e) = h.get("error").and_then(|e| e.as_str()) {
            o += &format!("  {}: {name}: {e}\n", tr("note-prefix"));
        } else if h["replay"]["outcome"] != "not_needed" {
            o += &format!(
                "  {}: {name}: {}\n",
                tr("note-prefix"),
                tr_args(
                    "facts-hive-replay",
                    &[arg(
                        "outcome",
                        h["replay"]["outcome"]
                            .as_str()
                            .unwrap_or_default()
                            .to_string()
                    )]
                )
            );
        }
    }
    o
}
