//! `vmrescue triage`: one diagnosis per source, many sources in parallel,
//! written as JSON Lines as each one finishes.
//!
//! `diagnose A B C` merges its inputs into one machine (a disk and its
//! screenshot). A team with fifty VMs that fail after one bad update needs
//! the opposite: each disk diagnosed on its own, as data. Each line holds
//! `source` (a URL's signature redacted), `ok`, `error`, `stop_code`,
//! `stop_name`, `top_cause` (`id`, `likelihood`, or null), `repairs`,
//! `elapsed_ms`, `bytes_read` and `diagnosis`: the object
//! `diagnose --format json` prints for that source alone (the same code
//! path: [`crate::cmd_diagnose::diagnose_one_disk`]).
//!
//! Memory per job is that of one `diagnose`: every reader streams or is
//! bounded (hives, logs and dumps have their own caps), and a job holds one
//! disk open at a time. Workers take the next source from a shared counter;
//! a failed source becomes an error line and the run goes on.

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use serde_json::{Value, json};
use vmrescue_l10n::{FluentValue, tr, tr_args};

use crate::open::CliError;

/// What `triage` was asked to do.
pub struct Args {
    /// Sources on the command line.
    pub sources: Vec<PathBuf>,
    /// A file (or `-`) with one source per line.
    pub sources_from: Option<PathBuf>,
    /// Parallel jobs (default: the CPU count).
    pub jobs: Option<usize>,
    /// The JSON Lines file (default: standard output).
    pub output: Option<PathBuf>,
    /// RAM of the VMs, as for `diagnose --ram`.
    pub ram: Option<u64>,
    /// Only this shard of the list: (index, count).
    pub shard: Option<(usize, usize)>,
}

/// `K/N`: shard K (0-based) of N, as a Kubernetes Indexed Job numbers its
/// pods (`JOB_COMPLETION_INDEX` 0 … completions − 1).
pub fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let bad = || {
        tr_args(
            "err-triage-shard",
            &[("shard", FluentValue::from(s.to_string()))],
        )
    };
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let (k, n) = (
        k.trim().parse::<usize>().map_err(|_| bad())?,
        n.trim().parse::<usize>().map_err(|_| bad())?,
    );
    if n == 0 || k >= n {
        return Err(bad());
    }
    Ok((k, n))
}

/// The sources shard `index` of `count` takes: every `count`-th source of
/// the whole list, starting at `index`, so that the shards are disjoint,
/// cover the list, and differ in size by at most one.
pub fn shard(sources: Vec<PathBuf>, index: usize, count: usize) -> Vec<PathBuf> {
    sources
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % count == index)
        .map(|(_, s)| s)
        .collect()
}

/// The result of one source, ready to be written.
struct Outcome {
    line: Value,
    ok: bool,
    stop: Option<String>,
    cause: Option<(String, String)>,
}

/// Reads the source list: one per line; blank lines and `#` comments skipped.
fn read_sources(from: &Path) -> Result<Vec<PathBuf>, CliError> {
    let text = if from == Path::new("-") {
        let mut s = String::new();
        for line in std::io::stdin().lock().lines() {
            s.push_str(&line?);
            s.push('\n');
        }
        s
    } else {
        std::fs::read_to_string(from).map_err(|e| -> CliError {
            tr_args(
                "err-read-sources",
                &[
                    ("path", FluentValue::from(from.display().to_string())),
                    ("error", FluentValue::from(e.to_string())),
                ],
            )
            .into()
        })?
    };
    Ok(sources_in(&text))
}

/// The sources a list names (pure, for the sharding tests too).
pub fn sources_in(text: &str) -> Vec<PathBuf> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(PathBuf::from)
        .collect()
}

/// Diagnoses one source into its JSON line.
fn triage_one(source: &Path, ram: Option<u64>) -> Outcome {
    let t0 = Instant::now();
    let name = vmrescue_artifacts::display_name(&source.to_string_lossy());
    let result = crate::cmd_diagnose::diagnose_one_disk(source, None, ram)
        .map_err(|e| vmrescue_l10n::os_errors(vmrescue_l10n::lang(), &e.to_string()));
    let elapsed_ms = t0.elapsed().as_millis() as u64;
    match result {
        Ok((d, bytes)) => {
            let diagnosis: Value =
                serde_json::from_str(&vmrescue_report::json(&d)).unwrap_or(Value::Null);
            let top = d
                .causes
                .first()
                .filter(|c| c.likelihood > vmrescue_diagnose::Likelihood::NotIndicated);
            let top_json = |c: &vmrescue_diagnose::Cause| {
                let v = serde_json::to_value(c).unwrap_or(Value::Null);
                (
                    v["id"].as_str().unwrap_or_default().to_string(),
                    v["likelihood"].as_str().unwrap_or_default().to_string(),
                )
            };
            let cause = top.map(top_json);
            // A copy that could not be read completely is diagnosed, but not
            // "diagnosed": its problems are the error.
            let error = (!d.source_problems.is_empty()).then(|| d.source_problems.join("; "));
            let ok = error.is_none();
            Outcome {
                line: json!({
                    "source": name,
                    "ok": ok,
                    "error": error,
                    "stop_code": d.stop_code,
                    "stop_name": d.stop_name,
                    "top_cause": cause.as_ref().map(|(id, l)| json!({"id": id, "likelihood": l})),
                    "repairs": [],
                    "elapsed_ms": elapsed_ms,
                    "bytes_read": bytes,
                    "diagnosis": diagnosis,
                }),
                ok,
                stop: d.stop_code.clone(),
                cause,
            }
        }
        Err(e) => Outcome {
            line: json!({
                "source": name,
                "ok": false,
                // The error names the source unless it is a bare OS error.
                "error": if e.contains(name.as_str()) { e } else { format!("{name}: {e}") },
                "stop_code": null,
                "stop_name": null,
                "top_cause": null,
                "repairs": [],
                "elapsed_ms": elapsed_ms,
                "bytes_read": null,
                "diagnosis": null,
            }),
            ok: false,
            stop: None,
            cause: None,
        },
    }
}

/// Runs the triage; `Ok(false)` when some source could not be diagnosed.
pub fn run(args: Args) -> Result<bool, CliError> {
    let mut sources = args.sources;
    if let Some(from) = &args.sources_from {
        sources.extend(read_sources(from)?);
    }
    if sources.is_empty() {
        return Err(crate::open::usage(tr("err-triage-no-sources")));
    }
    if let Some((index, count)) = args.shard {
        sources = shard(sources, index, count);
        // More shards than sources: this one has nothing to do.
        if sources.is_empty() {
            return Ok(true);
        }
    }
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, sources.len());
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p).map_err(
            |e| -> CliError {
                tr_args(
                    "err-write-output",
                    &[
                        ("path", p.display().to_string().into()),
                        ("error", e.to_string().into()),
                    ],
                )
                .into()
            },
        )?)),
        None => Box::new(std::io::stdout().lock()),
    };
    let bar = if std::io::stderr().is_terminal() {
        let b = indicatif::ProgressBar::new(sources.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} {msg}",
        ) {
            b.set_style(style);
        }
        b
    } else {
        indicatif::ProgressBar::hidden()
    };
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<Outcome>();
    let ram = args.ram;
    let mut all_ok = true;
    let mut by_stop: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_cause: BTreeMap<String, usize> = BTreeMap::new();
    let mut failed = 0usize;
    let mut write_error: Option<std::io::Error> = None;
    std::thread::scope(|s| {
        for _ in 0..jobs {
            let tx = tx.clone();
            let (next, sources) = (&next, &sources);
            s.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(src) = sources.get(i) else { break };
                    if tx.send(triage_one(src, ram)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // Each line as soon as its source is done, in the order they finish.
        for o in rx {
            all_ok &= o.ok;
            if !o.ok {
                failed += 1;
            }
            *by_stop
                .entry(o.stop.clone().unwrap_or_else(|| "-".into()))
                .or_default() += 1;
            let cause = o
                .cause
                .as_ref()
                .map(|(id, l)| format!("{id} ({l})"))
                .unwrap_or_else(|| "-".into());
            *by_cause.entry(cause).or_default() += 1;
            if write_error.is_none() {
                let line = serde_json::to_string(&o.line).unwrap_or_default();
                if let Err(e) = writeln!(out, "{line}").and_then(|()| out.flush()) {
                    // Nobody reads any more: stop handing out work.
                    next.store(usize::MAX / 2, Ordering::Relaxed);
                    write_error = Some(e);
                }
            }
            bar.set_message(o.line["source"].as_str().unwrap_or_default().to_string());
            bar.inc(1);
        }
    });
    bar.finish_and_clear();
    if let Some(e) = write_error {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        return Err(e.into());
    }
    let n = |v: usize| FluentValue::from(v);
    eprintln!(
        "{}",
        tr_args(
            "triage-summary",
            &[
                ("total", n(sources.len())),
                ("failed", n(failed)),
                ("jobs", n(jobs)),
            ],
        )
    );
    for (heading, map) in [("triage-by-stop", &by_stop), ("triage-by-cause", &by_cause)] {
        eprintln!("  {}", tr(heading));
        let width = map.keys().map(|k| k.chars().count()).max().unwrap_or(0);
        for (k, v) in map {
            eprintln!("    {k:<width$}  {v}");
        }
    }
    Ok(all_ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_disjoint_cover_the_list_and_are_balanced() {
        for total in [0usize, 1, 2, 7, 50, 101] {
            let list: Vec<PathBuf> = (0..total).map(|i| PathBuf::from(format!("d{i}"))).collect();
            for count in [1usize, 2, 3, 8, 64] {
                let shards: Vec<Vec<PathBuf>> =
                    (0..count).map(|k| shard(list.clone(), k, count)).collect();
                let mut all: Vec<PathBuf> = shards.iter().flatten().cloned().collect();
                all.sort();
                let mut want = list.clone();
                want.sort();
                assert_eq!(all, want, "{total} sources in {count} shards");
                let sizes: Vec<usize> = shards.iter().map(Vec::len).collect();
                let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
                assert!(hi - lo <= 1, "{sizes:?}");
            }
        }
        // Shard 1 of 3 of d0..d6: d1, d4.
        let list: Vec<PathBuf> = (0..7).map(|i| PathBuf::from(format!("d{i}"))).collect();
        assert_eq!(
            shard(list, 1, 3),
            vec![PathBuf::from("d1"), PathBuf::from("d4")]
        );
        assert_eq!(parse_shard("2/4"), Ok((2, 4)));
        for bad in ["4/4", "1", "a/2", "0/0", "-1/3"] {
            assert!(parse_shard(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_source_list_skips_blanks_and_comments() {
        let got = sources_in("# fleet\n\n/disks/a.vhd\n  https://x/b.vhd?sig=1  \n#c\n");
        assert_eq!(
            got,
            vec![
                PathBuf::from("/disks/a.vhd"),
                PathBuf::from("https://x/b.vhd?sig=1")
            ]
        );
    }
}
