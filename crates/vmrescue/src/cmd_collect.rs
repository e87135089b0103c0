//! `vmrescue collect` and `vmrescue verify`: a verified support bundle with
//! every dump, the evidence that explains it and the diagnosis.

use std::path::{Path, PathBuf};

use vmrescue_bundle::{self as bundle, CollectOptions, TerminalProgress};
use vmrescue_l10n::{FluentValue, tr, tr_args};

use crate::open::CliError;

fn json_args(v: &serde_json::Value) -> Vec<(String, FluentValue<'static>)> {
    v.as_object()
        .into_iter()
        .flatten()
        .filter(|(k, _)| k.as_str() != "kind")
        .map(|(k, v)| {
            (
                k.clone(),
                FluentValue::from(
                    v.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| v.to_string()),
                ),
            )
        })
        .collect()
}

fn worded(e: bundle::BundleError) -> CliError {
    e.to_string().into()
}

fn progress() -> TerminalProgress {
    TerminalProgress::with_labels([
        tr("collect-phase-hashing"),
        tr("collect-phase-writing"),
        tr("verify-phase"),
    ])
}

/// Command-line arguments of `collect`.
pub struct Args {
    pub source: PathBuf,
    pub output: PathBuf,
    pub dir: bool,
    pub no_memory_dump: bool,
    pub encrypt_to: Vec<String>,
    pub partition: Option<u32>,
}

/// `vmrescue collect SOURCE -o BUNDLE`.
pub fn collect(a: Args) -> Result<(), CliError> {
    let source = a.source.to_string_lossy().to_string();
    let (disk, _) = vmrescue_artifacts::open_disk(&source)?;
    // The diagnosis travels with the evidence (JSON for tools, HTML for people).
    let mut extra = Vec::new();
    if let Ok(inst) = vmrescue_artifacts::Installation::from_disk(
        vmrescue_artifacts::open_disk(&source)?.0,
        a.partition,
    ) {
        let ev = vmrescue_evidence::collect(&inst, &vmrescue_evidence::Options::default());
        let d = vmrescue_diagnose::diagnose(&[(vmrescue_artifacts::display_name(&source), ev)]);
        extra.push((
            "report.json".to_string(),
            vmrescue_report::json(&d).into_bytes(),
        ));
        extra.push((
            "report.html".to_string(),
            vmrescue_report::html(&d, vmrescue_l10n::lang()).into_bytes(),
        ));
    }
    let mut opts = CollectOptions::new(&a.output);
    opts.dir = a.dir;
    opts.memory_dumps = !a.no_memory_dump;
    opts.encrypt_to = a.encrypt_to;
    opts.extra_members = extra;
    opts.windows_partition = a.partition;
    let s = bundle::collect(&disk, &opts, &progress()).map_err(worded)?;
    outln!(
        "{}",
        tr_args(
            "collect-done",
            &[
                ("path", FluentValue::from(s.bundle.display().to_string())),
                (
                    "size",
                    FluentValue::from(crate::render::size(s.bundle_size))
                ),
                ("files", FluentValue::from(s.files)),
                ("dumps", FluentValue::from(s.dumps.len())),
            ]
        )
    );
    if s.dumps.is_empty() {
        outln!("{}", tr("collect-no-dump"));
    }
    for m in &s.incomplete {
        outln!("{}: {m}", tr("warn-prefix"));
    }
    // Files simply absent are many and normal (listed in manifest.json);
    // the ones that exist but could not be taken are shown.
    let absent = s
        .missing
        .iter()
        .filter(|m| {
            matches!(
                m.reason.message_key(),
                "collect-reason-not-found" | "collect-reason-no-match"
            )
        })
        .count();
    if absent > 0 {
        outln!(
            "{}",
            tr_args(
                "collect-missing-summary",
                &[("count", FluentValue::from(absent))]
            )
        );
    }
    let notable: Vec<_> = s
        .missing
        .iter()
        .filter(|m| {
            !matches!(
                m.reason.message_key(),
                "collect-reason-not-found" | "collect-reason-no-match"
            )
        })
        .collect();
    if !notable.is_empty() {
        outln!("{}", tr("collect-missing-title"));
        for m in notable {
            let reason = tr_args(
                m.reason.message_key(),
                &[(
                    "error",
                    FluentValue::from(m.error.clone().unwrap_or_default()),
                )],
            );
            outln!(
                "  {}",
                tr_args(
                    "collect-missing",
                    &[
                        ("path", FluentValue::from(m.wanted.clone())),
                        ("reason", FluentValue::from(reason))
                    ]
                )
            );
        }
    }
    if s.encrypted {
        outln!(
            "{}",
            tr_args(
                "collect-encrypted",
                &[("count", FluentValue::from(s.recipients))]
            )
        );
    } else {
        outln!("{}", tr("collect-unencrypted"));
    }
    Ok(())
}

/// `vmrescue verify BUNDLE`: exit code 0 only when every member holds.
pub fn verify(path: &Path, identity: Option<&Path>, as_json: bool) -> Result<bool, CliError> {
    let r = bundle::verify_with_progress(path, identity, &progress()).map_err(worded)?;
    if as_json {
        outln!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(r.is_ok());
    }
    if r.is_ok() {
        outln!(
            "{}",
            tr_args(
                "verify-ok",
                &[
                    ("path", FluentValue::from(path.display().to_string())),
                    ("count", FluentValue::from(r.members_checked))
                ]
            )
        );
    } else {
        outln!(
            "{}",
            tr_args(
                "verify-failed",
                &[("count", FluentValue::from(r.problems.len()))]
            )
        );
        for p in &r.problems {
            let args = json_args(&serde_json::to_value(p).unwrap_or_default());
            let refs: Vec<(&str, FluentValue<'static>)> =
                args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            outln!("  {}", tr_args(p.message_key(), &refs));
        }
    }
    Ok(r.is_ok())
}
