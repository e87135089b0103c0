//! A stand-in for `vmrescue collect` / `vmrescue verify` until the CLI wires
//! them (used by `bench/collect.sh` and the interruption test):
//!
//! ```text
//! bundle collect SOURCE -o BUNDLE [--dir] [--no-memory-dump] [--encrypt-to R]... [--level N] [--threads N] [--overwrite]
//! bundle verify BUNDLE [--identity FILE]
//! ```
//!
//! Prints the summary or report as JSON on stdout; exit code 0 when the bundle
//! was written / holds, 1 otherwise, 2 for usage errors.

use std::path::PathBuf;
use std::process::ExitCode;

use vmrescue_bundle::{CollectOptions, TerminalProgress, collect, verify_with_progress};

fn usage() -> ExitCode {
    eprintln!(
        "usage: bundle collect SOURCE -o BUNDLE [--dir] [--no-memory-dump] [--encrypt-to R]... [--level N] [--threads N] [--overwrite]\n       bundle verify BUNDLE [--identity FILE]"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        return usage();
    };
    let mut positional = Vec::new();
    let mut opts = CollectOptions::new("");
    let mut identity: Option<PathBuf> = None;
    let mut it = args[1..].iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-o" => match it.next() {
                Some(v) => opts.output = v.into(),
                None => return usage(),
            },
            "--dir" => opts.dir = true,
            "--no-memory-dump" => opts.memory_dumps = false,
            "--overwrite" => opts.overwrite = true,
            "--encrypt-to" => match it.next() {
                Some(v) => opts.encrypt_to.push(v.clone()),
                None => return usage(),
            },
            "--level" => match it.next().and_then(|v| v.parse().ok()) {
                Some(v) => opts.zstd_level = v,
                None => return usage(),
            },
            "--threads" => match it.next().and_then(|v| v.parse().ok()) {
                Some(v) => opts.zstd_threads = Some(v),
                None => return usage(),
            },
            "--identity" => match it.next() {
                Some(v) => identity = Some(v.into()),
                None => return usage(),
            },
            _ => positional.push(a.clone()),
        }
    }
    let progress = TerminalProgress::stderr();
    match (cmd.as_str(), positional.as_slice()) {
        ("collect", [source]) if !opts.output.as_os_str().is_empty() => {
            let disk = match vmrescue_disk::Disk::open(source.as_ref()) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(1);
                }
            };
            match collect(&disk, &opts, &progress) {
                Ok(s) => {
                    println!("{}", serde_json::to_string_pretty(&s).unwrap_or_default());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
        ("verify", [bundle]) => {
            match verify_with_progress(bundle.as_ref(), identity.as_deref(), &progress) {
                Ok(r) => {
                    let mut r = r;
                    r.manifest = None; // keep the output short
                    let ok = r.problems.is_empty();
                    println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default());
                    if ok {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::from(1)
                    }
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
        _ => usage(),
    }
}
