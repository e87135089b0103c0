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

/// What the next steps' commands need to know about the disk given.
struct DiskInput {
    path: String,
    is_url: bool,
    format: &'static str,
    bcd_on_windows_volume: bool,
}

/// Fills the next steps' placeholders with what is known of the one disk
/// given: its path for `<DISK>`, and for dump capture on a raw or fixed-VHD
/// image whose BCD is on the Windows volume (a Generation 1 disk, as an Azure
/// OS disk VHD is), `prepare-dump --in-place` on the image itself, which needs
/// no mount (a BCD on an EFI system partition does: the mounted form stays).
fn concrete_commands(d: &mut vmrescue_diagnose::Diagnosis, disk: &DiskInput) {
    let quoted = shell_quote(&disk.path);
    let in_place =
        !disk.is_url && matches!(disk.format, "raw" | "vhd-fixed") && disk.bcd_on_windows_volume;
    for step in &mut d.next_steps {
        let Some(cmd) = step.command.as_mut() else {
            continue;
        };
        if !disk.is_url {
            *cmd = cmd.replace("<DISK>", &quoted);
        }
        if in_place {
            *cmd = cmd.replace(
                "vmrescue prepare-dump <MOUNTED-WINDOWS-VOLUME>",
                &format!("vmrescue prepare-dump --in-place {quoted}"),
            );
        }
    }
}

/// A path as one shell word.
fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-+:=@,".contains(&b))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// One disk's evidence, with what its next steps need to know of it.
struct CollectedDisk {
    name: String,
    evidence: Evidence,
    input: DiskInput,
    stats: Option<vmrescue_artifacts::SourceStats>,
}

fn collect_disk(
    path: &Path,
    partition: Option<u32>,
    ram: Option<u64>,
) -> Result<CollectedDisk, CliError> {
    let inst = Installation::open(path, partition)?;
    let evidence = vmrescue_evidence::collect(&inst, &Options { ram });
    let shown = path.to_string_lossy();
    Ok(CollectedDisk {
        name: vmrescue_artifacts::display_name(&shown),
        evidence,
        input: DiskInput {
            path: shown.clone().into_owned(),
            is_url: vmrescue_http::is_url(&shown),
            format: inst.disk.image.format.as_str(),
            bcd_on_windows_volume: inst
                .layout
                .bcd
                .as_ref()
                .is_some_and(|b| b.partition == inst.partition),
        },
        stats: inst.stats.clone(),
    })
}

/// One disk diagnosed on its own, exactly as `diagnose DISK` does it, and
/// the bytes read from it (for `triage`).
pub fn diagnose_one_disk(
    path: &Path,
    partition: Option<u32>,
    ram: Option<u64>,
) -> Result<(vmrescue_diagnose::Diagnosis, Option<u64>), CliError> {
    if matches!(input_kind(path), InputKind::Screen) {
        return Err(vmrescue_l10n::tr_args(
            "err-triage-not-a-disk",
            &[("path", FluentValue::from(path.display().to_string()))],
        )
        .into());
    }
    let c = collect_disk(path, partition, ram)?;
    let mut d = vmrescue_diagnose::diagnose(&[(c.name, c.evidence)]);
    concrete_commands(&mut d, &c.input);
    Ok((d, c.stats.map(|s| s.bytes())))
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
    let mut disks: Vec<DiskInput> = Vec::new();
    for path in inputs {
        match input_kind(path) {
            InputKind::Disk => {
                let c = collect_disk(path, partition, ram)?;
                disks.push(c.input);
                all_stats.extend(c.stats);
                evidence.push((c.name, c.evidence));
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
    let mut d = vmrescue_diagnose::diagnose(&evidence);
    if let [disk] = disks.as_slice() {
        concrete_commands(&mut d, disk);
    }
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
    // The report is out; a Windows volume that could not be read completely
    // is still a failure for scripts.
    if !d.source_problems.is_empty() {
        return Err(vmrescue_l10n::tr("report-source-heading").into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commands(disk: &DiskInput) -> Vec<String> {
        // No evidence at all: no dump, so the steps prepare dump capture.
        let mut d = vmrescue_diagnose::diagnose(&[]);
        concrete_commands(&mut d, disk);
        d.next_steps.into_iter().filter_map(|s| s.command).collect()
    }

    #[test]
    fn steps_name_the_disk_and_prepare_raw_gen1_images_in_place() {
        let gen1 = DiskInput {
            path: "/data/os disk.vhd".into(),
            is_url: false,
            format: "vhd-fixed",
            bcd_on_windows_volume: true,
        };
        let c = commands(&gen1);
        assert!(
            c.iter().any(|c| c.starts_with(
                "vmrescue prepare-dump --in-place '/data/os disk.vhd' --nmi --serial-console"
            )),
            "{c:?}"
        );
        assert!(
            c.iter()
                .all(|c| !c.contains("<DISK>") && !c.contains("<MOUNTED")),
            "{c:?}"
        );
        // Gen2 (BCD on the EFI partition) and VHDX need the mounted volume.
        for (format, bcd) in [("raw", false), ("vhdx", true)] {
            let other = DiskInput {
                path: "/data/os.img".into(),
                is_url: false,
                format,
                bcd_on_windows_volume: bcd,
            };
            let c = commands(&other);
            assert!(
                c.iter()
                    .any(|c| c.contains("prepare-dump <MOUNTED-WINDOWS-VOLUME>")),
                "{c:?}"
            );
        }
        // A URL keeps its placeholder: its signature must not be printed.
        let url = DiskInput {
            path: "https://x.blob.core.windows.net/v/os.vhd?sig=SECRET".into(),
            is_url: true,
            format: "vhd-fixed",
            bcd_on_windows_volume: true,
        };
        assert!(commands(&url).iter().all(|c| !c.contains("SECRET")));
    }
}
