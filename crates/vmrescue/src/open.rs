//! Opening a source and choosing the volume a path resolves on.

use std::path::Path;

use vmrescue_disk::Disk;
use vmrescue_fs::{Volume, windows};
use vmrescue_l10n::{FluentValue, tr_args};

/// An error for the user: already worded.
pub type CliError = Box<dyn std::error::Error>;

/// A usage error (the command line is wrong, not the input): exit code 2,
/// like clap's own.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// A [`UsageError`] as a [`CliError`].
pub fn usage(message: String) -> CliError {
    Box::new(UsageError(message))
}

/// Opens the disk read-only: a path, a block device or an http(s) URL.
pub fn disk(source: &Path) -> Result<(Disk, Option<vmrescue_artifacts::SourceStats>), CliError> {
    Ok(vmrescue_artifacts::open_disk(&source.to_string_lossy())?)
}

/// Prints what the source read (for `--stats`), to stderr.
pub fn print_stats(stats: Option<&vmrescue_artifacts::SourceStats>) {
    let Some(s) = stats else { return };
    eprintln!(
        "{}",
        vmrescue_l10n::tr_args(
            "stats-read",
            &[
                ("bytes", FluentValue::from(s.bytes())),
                ("reads", FluentValue::from(s.requests()))
            ]
        )
    );
    if let Some(h) = s.http() {
        eprintln!(
            "{}",
            vmrescue_l10n::tr_args(
                "stats-http",
                &[
                    ("hits", FluentValue::from(h.cache_hits)),
                    ("misses", FluentValue::from(h.cache_misses)),
                    ("retries", FluentValue::from(h.retries))
                ]
            )
        );
    }
}

/// The volume to resolve paths on: `--partition N`, else the Windows volume,
/// else the only readable file system.
pub fn volume(disk: &Disk, partition: Option<u32>) -> Result<Volume, CliError> {
    let p = match partition {
        Some(i) => disk
            .partition(i)
            .ok_or_else(|| tr_args("err-no-partition", &[("index", FluentValue::from(i))]))?,
        None => {
            let layout = windows::find(disk);
            match layout.installs.first() {
                Some(w) => disk.partition(w.partition).ok_or("partition vanished")?,
                None => {
                    let readable: Vec<_> = disk
                        .table
                        .partitions
                        .iter()
                        .filter(|p| {
                            p.filesystem == vmrescue_disk::FsKind::Ntfs || p.filesystem.is_fat()
                        })
                        .collect();
                    match readable.as_slice() {
                        [one] => *one,
                        many => {
                            return Err(tr_args(
                                "err-no-volume",
                                &[("count", FluentValue::from(many.len()))],
                            )
                            .into());
                        }
                    }
                }
            }
        }
    };
    let name = format!("{} partition {}", disk.image.name, p.index);
    Ok(Volume::open(disk.partition_reader(p), p.filesystem, &name)?)
}
