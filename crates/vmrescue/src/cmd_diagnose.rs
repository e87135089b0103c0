//! `vmrescue diagnose`: evidence from every input (disks today; screenshots
//! and serial logs are further evidence sources), merged and ranked.

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
enum InputKind {
    Disk,
    Unsupported(&'static str),
}

fn input_kind(path: &Path) -> InputKind {
    if vmrescue_http::is_url(&path.to_string_lossy()) {
        return InputKind::Disk;
    }
    let mut head = [0u8; 16];
    let n = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    let h = &head[..n];
    if h.starts_with(b"\x89PNG") || h.starts_with(&[0xff, 0xd8, 0xff]) || h.starts_with(b"BM") {
        InputKind::Unsupported("screenshot")
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
            InputKind::Unsupported(what) => {
                return Err(tr_args(
                    "diagnose-input-unsupported",
                    &[
                        ("path", FluentValue::from(path.display().to_string())),
                        ("what", FluentValue::from(what)),
                    ],
                )
                .into());
            }
        }
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
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(body.as_bytes())?;
            f.sync_all()?;
            std::fs::rename(&tmp, p)?;
        }
        None => print!("{body}"),
    }
    if stats {
        for s in &all_stats {
            crate::open::print_stats(Some(s));
        }
    }
    Ok(())
}
