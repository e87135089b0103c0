//! `vmrescue diagnose`: evidence from every input — disks, boot-diagnostics
//! screenshots and serial console logs, told apart by content — merged and
//! ranked.

use std::io::Write;
use std::path::{Path, PathBuf};

use vmrescue_artifacts::Installation;
use vmrescue_evidence::{Evidence, Options};
use vmrescue_l10n::{FluentValue, tr_args};

use crate::open::CliError;

/// The report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Terminal text.
    Text,
    /// JSON (keys in English; schema in docs/diagnosis.schema.json).
    Json,
    /// A single-file HTML report.
    Html,
}

/// What an input is, decided by its content.
pub enum InputKind {
    /// A disk image, block device or URL.
    Disk,
    /// A screenshot or serial console log.
    Screen,
}

/// A disk unless the content says screenshot (image magic) or console log
/// (a small file of text).
pub fn input_kind(path: &Path) -> InputKind {
    if vmrescue_http::is_url(&path.to_string_lossy()) {
        return InputKind::Disk;
    }
    let mut head = vec![0u8; 4096];
    let n = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    let h = &head[..n];
    if vmrescue_screen::detect::image_signature(h).is_some() {
        return InputKind::Screen;
    }
    let printable = h
        .iter()
        .filter(|b| b.is_ascii_graphic() || b.is_ascii_whitespace() || **b >= 0x80)
        .count();
    let small = std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() < (64 << 20));
    if n > 0 && small && printable * 100 >= n * 95 {
        InputKind::Screen
    } else {
        InputKind::Disk
    }
}

/// Runs the collectors on every input and diagnoses them together.
pub fn diagnose(
    inputs: &[PathBuf],
    partition: Option<u32>,
    format: Format,
    output: Option<&Path>,
    ram: Option<u64>,
    stats: bool,
    stop_code: Option<u32>,
) -> Result<(), CliError> {
    let mut evidence: Vec<(String, Evidence)> = Vec::new();
    let mut all_stats = Vec::new();
    for path in inputs {
        match input_kind(path) {
            InputKind::Disk => {
                let inst = Installation::open(path, partition)?;
                let ev = vmrescue_evidence::collect(&inst, &Options { ram });
                all_stats.extend(inst.stats.clone());
                evidence.push((
                    vmrescue_artifacts::display_name(&path.to_string_lossy()),
                    ev,
                ));
            }
            InputKind::Screen => {
                let name = path.display().to_string();
                let reading = vmrescue_screen::read_path(path).map_err(|e| {
                    let args: Vec<(&str, FluentValue<'static>)> = e
                        .message_args()
                        .into_iter()
                        .map(|(k, v)| (k, FluentValue::from(v)))
                        .collect();
                    format!("{name}: {}", tr_args(e.message_id(), &args))
                })?;
                evidence.push((
                    name.clone(),
                    vmrescue_evidence::from_reading(&reading, &name),
                ));
            }
        }
    }
    if let Some(code) = stop_code {
        evidence.push(("--stop-code".into(), vmrescue_evidence::from_user(code)));
    }
    let d = vmrescue_diagnose::diagnose(&evidence);
    let lang = vmrescue_l10n::lang();
    let body = match format {
        Format::Json => vmrescue_report::json(&d),
        Format::Html => vmrescue_report::html(&d, lang),
        Format::Text => {
            use std::io::IsTerminal;
            let color = output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none();
            vmrescue_report::text(&d, lang, color)
        }
    };
    match output {
        Some(p) => {
            let tmp = p.with_extension("partial");
            let written = std::fs::File::create(&tmp)
                .and_then(|mut f| f.write_all(body.as_bytes()).and_then(|()| f.sync_all()))
                .and_then(|()| std::fs::rename(&tmp, p));
            if let Err(e) = written {
                let _ = std::fs::remove_file(&tmp);
                return Err(vmrescue_l10n::tr_args(
                    "err-write-output",
                    &[
                        ("path", p.display().to_string().into()),
                        ("error", e.to_string().into()),
                    ],
                )
                .into());
            }
        }
        None => out!("{body}"),
    }
    if stats {
        for s in &all_stats {
            crate::open::print_stats(Some(s));
        }
    }
    Ok(())
}
