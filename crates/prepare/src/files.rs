//! File helpers: case-insensitive lookup on mounted NTFS volumes, hashes,
//! backups and durable writes.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use vmrescue_registry::FileTime;

use crate::{PrepareError, Result};

pub(crate) fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> PrepareError + '_ {
    move |source| PrepareError::Io {
        path: path.to_path_buf(),
        source,
    }
}

pub(crate) fn sha256(data: &[u8]) -> String {
    let d = Sha256::digest(data);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// Finds `base/comp1/comp2/...`, each component matched case-insensitively
/// (an exact match wins).
pub(crate) fn find_ci(base: &Path, comps: &[&str]) -> Option<PathBuf> {
    let mut cur = base.to_path_buf();
    for c in comps {
        let exact = cur.join(c);
        if exact.exists() {
            cur = exact;
            continue;
        }
        let found = fs::read_dir(&cur).ok()?.flatten().find(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(c))
        })?;
        cur = found.path();
    }
    Some(cur)
}

/// The transaction logs beside a primary file that exist (`.LOG`, `.LOG1`,
/// `.LOG2`, any case).
pub(crate) fn log_paths(primary: &Path) -> Vec<PathBuf> {
    let (Some(dir), Some(name)) = (
        primary.parent(),
        primary.file_name().and_then(|n| n.to_str()),
    ) else {
        return Vec::new();
    };
    ["LOG", "LOG1", "LOG2"]
        .iter()
        .filter_map(|ext| {
            let p = find_ci(dir, &[&format!("{name}.{ext}")])?;
            p.is_file().then_some(p)
        })
        .collect()
}

pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(io_err(path))
}

/// `YYYYMMDDTHHMMSSZ` for a time.
pub(crate) fn stamp(t: FileTime) -> String {
    let (y, mo, d, h, mi, s) = t.to_civil();
    format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
}

/// The backups of `file` (`NAME.vmrescue-*.bak`), newest last (names sort
/// by time).
pub(crate) fn backups_of(file: &Path) -> Vec<PathBuf> {
    let (Some(dir), Some(name)) = (file.parent(), file.file_name().and_then(|n| n.to_str())) else {
        return Vec::new();
    };
    let prefix = format!("{name}.vmrescue-").to_ascii_lowercase();
    let mut v: Vec<(String, PathBuf)> = fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| {
                    let n = e.file_name().to_str()?.to_string();
                    let l = n.to_ascii_lowercase();
                    (l.starts_with(&prefix) && l.ends_with(".bak"))
                        .then(|| (backup_sort_key(&l[prefix.len()..]), e.path()))
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v.into_iter().map(|(_, p)| p).collect()
}

/// Sort key for `<stamp>[-n].bak`: the stamp, then n as a number.
fn backup_sort_key(rest: &str) -> String {
    let core = rest.trim_end_matches(".bak");
    let (stamp, n) = match core.split_once('-') {
        Some((s, n)) => (s, n.parse::<u32>().unwrap_or(0)),
        None => (core, 0),
    };
    format!("{stamp}-{n:010}")
}

pub(crate) fn fsync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|f| f.sync_all())
        .map_err(io_err(dir))
}

/// Writes `data` to a new file and syncs it.
pub(crate) fn write_new_synced(path: &Path, data: &[u8]) -> Result<()> {
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(io_err(path))?;
    f.write_all(data).map_err(io_err(path))?;
    f.sync_all().map_err(io_err(path))
}

/// A temporary file name in the directory of `file`.
pub(crate) fn temp_path(file: &Path) -> PathBuf {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = file.parent().unwrap_or(Path::new("."));
    let mut n = 0u32;
    loop {
        let p = dir.join(format!(".{name}.vmrescue-tmp-{}-{n}", std::process::id()));
        if !p.exists() {
            return p;
        }
        n += 1;
    }
}
