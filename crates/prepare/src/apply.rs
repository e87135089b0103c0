//! Writing a plan safely, verifying it, and undoing it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, OpenOptions};
use std::path::{Path, PathBuf};

use serde::Serialize;
use vmrescue_registry::hive::max_log_sequence;
use vmrescue_registry::{
    FileTime, Hive, HiveWriter, RegValue, ReplayOutcome, TreeChange, TreeDiff, diff_trees,
};

use crate::files::{
    backups_of, find_ci, fsync_dir, io_err, log_paths, read, sha256, stamp, temp_path,
    write_new_synced,
};
use crate::planning::Loaded;
use crate::{Change, HivePlan, HiveRole, Location, Plan, PrepareError, Result, TargetKind};

/// A point in the write sequence, reported to the hook of
/// [`apply_with_hook`] right after it is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The backups are written and synced.
    BackupWritten,
    /// The new hive is in the temporary file, synced.
    TempWritten,
    /// The temporary file was renamed over the original.
    Renamed,
    /// The directory was synced.
    DirSynced,
    /// The transaction logs were truncated (dirty hives only).
    LogsReset,
    /// The read-back matched the plan.
    Verified,
}

/// One file written by [`apply`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppliedFile {
    /// SYSTEM or BCD.
    pub role: HiveRole,
    /// The file (or `image partition N: path` in in-place mode).
    pub path: String,
    /// The backup of the original.
    pub backup: String,
    /// Backups of the transaction logs (dirty hives only).
    pub log_backups: Vec<String>,
    /// Logs truncated to zero length (dirty hives only).
    pub logs_reset: Vec<String>,
    /// SHA-256 of the original primary file.
    pub sha256_before: String,
    /// SHA-256 of the written primary file.
    pub sha256_after: String,
    /// The changes, with `before` as it was and `after` as read back.
    pub changes: Vec<Change>,
}

/// What [`apply`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Applied {
    /// Files written (none when the plan changes nothing).
    pub files: Vec<AppliedFile>,
    /// The target planned again after writing: every change now reads as
    /// unchanged; its readiness check is the "after" check.
    pub after: Plan,
}

/// Writes a plan. For each hive the plan changes, in this order:
///
/// 1. the primary file and its logs are read again and must hash as when
///    planned;
/// 2. the hive is recovered in memory (log replay when dirty) and edited
///    with [`HiveWriter`]; its sequence numbers become one more than the
///    highest found in the hive and its logs;
/// 3. the original is copied byte for byte to `NAME.vmrescue-<UTC>.bak`
///    beside it (for a dirty hive also its logs, `NAME.LOG1.vmrescue-<UTC>.bak`),
///    synced;
/// 4. the new hive is written to a temporary file in the same directory,
///    synced, renamed over the original, and the directory synced: a crash
///    at any point leaves either the old or the new file;
/// 5. for a dirty hive the logs are then truncated to zero length (the state
///    of a freshly created log, which Windows initializes when it loads the
///    hive) and synced. Until then they are harmless: the new primary is
///    clean, and Windows ignores the logs of a clean hive (regf spec, "Dirty
///    state of a hive"); their sequence numbers are also all below the new
///    one;
/// 6. the file is read back from disk with our reader: it must open clean,
///    pass [`Hive::check_structure`], and differ from the recovered original
///    in exactly the planned values plus new keys and the last-written
///    times of the keys holding them. Otherwise the backup is put back and
///    [`PrepareError::Verify`] returned.
///
/// In-place image mode is in [`crate::inplace`].
pub fn apply(plan: &Plan) -> Result<Applied> {
    apply_with_hook(plan, &mut |_| Ok(()))
}

/// [`apply`] with a hook called after each [`Step`]; when the hook returns
/// an error the write stops right there, as a crash would (nothing is
/// cleaned up), and [`PrepareError::Interrupted`] is returned. For testing
/// that an interrupted write leaves the old or the new hive.
pub fn apply_with_hook(
    plan: &Plan,
    hook: &mut dyn FnMut(Step) -> std::io::Result<()>,
) -> Result<Applied> {
    let now = FileTime::now();
    let mut files = Vec::new();
    if let TargetKind::Image { .. } = plan.target_kind
        && !plan.options.in_place
    {
        return Err(PrepareError::InPlace {
            reason: format!(
                "{} is a disk image: mount its Windows volume and run prepare-dump on the mount point, or use --in-place (raw and fixed VHD only)",
                plan.target.display()
            ),
        });
    }
    for hp in plan.hives.iter().filter(|h| h.writes()) {
        let done = match &hp.location {
            Location::File { path, logs } => apply_file(hp, path, logs, now, hook)?,
            Location::Image { .. } => crate::inplace::apply_hive(plan, hp, now, hook)?,
        };
        files.push(done);
    }
    let after = crate::planning::plan(&plan.options)?;
    Ok(Applied { files, after })
}

pub(crate) fn load_checked(hp: &HivePlan, path: &Path, logs: &[PathBuf]) -> Result<Loaded> {
    let primary = read(path)?;
    if sha256(&primary) != hp.sha256 {
        return Err(PrepareError::Changed {
            path: path.display().to_string(),
        });
    }
    let now_logs = log_paths(path);
    if now_logs != logs {
        return Err(PrepareError::Changed {
            path: path.display().to_string(),
        });
    }
    let mut log_bytes = Vec::new();
    for (l, h) in logs.iter().zip(&hp.log_sha256) {
        let b = read(l)?;
        if &sha256(&b) != h {
            return Err(PrepareError::Changed {
                path: l.display().to_string(),
            });
        }
        let name = l
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        log_bytes.push((name, b));
    }
    Ok(Loaded {
        role: hp.role,
        location: hp.location.clone(),
        primary,
        logs: log_bytes,
    })
}

/// The edited hive bytes and the recovered original, for a loaded hive.
pub(crate) fn edit(loaded: &Loaded, hp: &HivePlan, now: FileTime) -> Result<(Vec<u8>, Vec<u8>)> {
    let (hive, report) = loaded.open()?;
    let recovered = hive.as_bytes().to_vec();
    let file = loaded.name();
    let werr = |error| PrepareError::Write {
        file: file.clone(),
        error: Box::new(error),
    };
    let mut w = HiveWriter::new(hive, now).map_err(werr)?;
    for c in hp.changes.iter().filter(|c| c.is_change()) {
        if c.creates_key {
            w.create_key(&c.key).map_err(werr)?;
        }
        w.set_value(&c.key, &c.value, &c.after).map_err(werr)?;
    }
    let bytes = w.finish(max_log_sequence(&report)).map_err(werr)?;
    Ok((bytes, recovered))
}

/// Checks that `diff` holds exactly the planned changes.
pub(crate) fn check_diff(before: &Hive, changes: &[Change], diff: &TreeDiff) -> Result<(), String> {
    if let Some(e) = diff.errors.first() {
        return Err(format!("comparison incomplete: {e}"));
    }
    let up = |s: &str| s.to_uppercase();
    let mut wanted: BTreeMap<(String, String), &RegValue> = BTreeMap::new();
    let mut added_keys: BTreeSet<String> = BTreeSet::new();
    let mut touched: BTreeSet<String> = BTreeSet::new();
    for c in changes.iter().filter(|c| c.is_change()) {
        wanted.insert((up(&c.key), up(&c.value)), &c.after);
        touched.insert(up(&c.key));
        if c.creates_key {
            let comps: Vec<&str> = c.key.split('\\').filter(|s| !s.is_empty()).collect();
            for i in 1..=comps.len() {
                let p = comps[..i].join("\\");
                if before.key(&p).ok().flatten().is_none() {
                    added_keys.insert(up(&p));
                    touched.insert(up(&comps[..i - 1].join("\\")));
                }
            }
        }
    }
    let mut seen = BTreeSet::new();
    for ch in &diff.changes {
        let path = up(ch.path());
        let ok = match ch {
            TreeChange::ValueAdded { name, after, .. }
            | TreeChange::ValueChanged { name, after, .. } => {
                let k = (path.clone(), up(name));
                let ok = wanted.get(&k).is_some_and(|w| *w == after);
                seen.insert(k);
                ok
            }
            TreeChange::KeyAdded { .. } => added_keys.contains(&path),
            TreeChange::KeyTimestamp { .. } => touched.contains(&path),
            _ => false,
        };
        if !ok {
            return Err(format!("unexpected change {ch:?}"));
        }
    }
    if let Some(missing) = wanted.keys().find(|k| !seen.contains(*k)) {
        return Err(format!("{}\\{} was not written", missing.0, missing.1));
    }
    Ok(())
}

/// Reads a written hive back and checks it against the plan. Returns the
/// changes with `after` as read back.
pub(crate) fn verify(
    written: Vec<u8>,
    logs: Vec<(String, Vec<u8>)>,
    recovered: Vec<u8>,
    hp: &HivePlan,
) -> Result<Vec<Change>, String> {
    let (after, report) = Hive::from_bytes(written, logs).map_err(|e| e.to_string())?;
    if report.outcome != ReplayOutcome::NotNeeded {
        return Err(format!(
            "written hive reads as dirty ({:?})",
            report.outcome
        ));
    }
    if let Some(e) = after.check_structure().first() {
        return Err(format!("structure: {e}"));
    }
    let (before, _) = Hive::from_bytes(recovered, vec![]).map_err(|e| e.to_string())?;
    check_diff(&before, &hp.changes, &diff_trees(&before, &after))?;
    let mut out = hp.changes.clone();
    for c in &mut out {
        let v = after
            .value(&c.key, &c.value)
            .ok()
            .flatten()
            .ok_or_else(|| format!("{}\\{} missing after writing", c.key, c.value))?;
        c.after = RegValue {
            value_type: vmrescue_registry::ValueType::from_raw(v.raw_type()),
            data: v.data().map_err(|e| e.to_string())?.into_owned(),
        };
    }
    Ok(out)
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A stamp for which no backup of any of `files` exists yet.
pub(crate) fn free_stamp(files: &[&Path], now: FileTime) -> String {
    let base = stamp(now);
    let mut n = 0u32;
    loop {
        let s = if n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        if files.iter().all(|f| !backup_name(f, &s).exists()) {
            return s;
        }
        n += 1;
    }
}

pub(crate) fn backup_name(file: &Path, stamp: &str) -> PathBuf {
    file.with_file_name(format!("{}.vmrescue-{stamp}.bak", file_name(file)))
}

/// Replaces `path` with `data` durably: temp file, sync, rename, sync dir.
fn replace_file(path: &Path, data: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = temp_path(path);
    write_new_synced(&tmp, data)?;
    fs::rename(&tmp, path).map_err(io_err(path))?;
    fsync_dir(dir)
}

fn apply_file(
    hp: &HivePlan,
    path: &Path,
    logs: &[PathBuf],
    now: FileTime,
    hook: &mut dyn FnMut(Step) -> std::io::Result<()>,
) -> Result<AppliedFile> {
    let mut step = |s: Step| hook(s).map_err(|_| PrepareError::Interrupted(s));
    let loaded = load_checked(hp, path, logs)?;
    let dirty = hp.dirty;
    let (bytes, recovered) = edit(&loaded, hp, now)?;
    let dir = path.parent().unwrap_or(Path::new("."));

    // Backups.
    let mut all: Vec<&Path> = vec![path];
    if dirty {
        all.extend(logs.iter().map(PathBuf::as_path));
    }
    let st = free_stamp(&all, now);
    let backup = backup_name(path, &st);
    write_new_synced(&backup, &loaded.primary)?;
    let mut log_backups = Vec::new();
    if dirty {
        for (l, (_, b)) in logs.iter().zip(&loaded.logs) {
            let lb = backup_name(l, &st);
            write_new_synced(&lb, b)?;
            log_backups.push(lb);
        }
    }
    fsync_dir(dir)?;
    step(Step::BackupWritten)?;

    // New primary via a temporary file.
    let tmp = temp_path(path);
    write_new_synced(&tmp, &bytes)?;
    step(Step::TempWritten)?;
    fs::rename(&tmp, path).map_err(io_err(path))?;
    step(Step::Renamed)?;
    fsync_dir(dir)?;
    step(Step::DirSynced)?;

    // Logs of a dirty hive: the clean primary is in place; reset them.
    let mut logs_reset = Vec::new();
    if dirty {
        for l in logs {
            let f = OpenOptions::new().write(true).open(l).map_err(io_err(l))?;
            f.set_len(0).map_err(io_err(l))?;
            f.sync_all().map_err(io_err(l))?;
            logs_reset.push(l.display().to_string());
        }
        fsync_dir(dir)?;
        step(Step::LogsReset)?;
    }

    // Read back from disk.
    let disk_bytes = read(path)?;
    let mut disk_logs = Vec::new();
    for l in log_paths(path) {
        disk_logs.push((file_name(&l), read(&l)?));
    }
    let sha_after = sha256(&disk_bytes);
    match verify(disk_bytes, disk_logs, recovered, hp) {
        Ok(changes) => {
            step(Step::Verified)?;
            Ok(AppliedFile {
                role: hp.role,
                path: path.display().to_string(),
                backup: backup.display().to_string(),
                log_backups: log_backups
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect(),
                logs_reset,
                sha256_before: hp.sha256.clone(),
                sha256_after: sha_after,
                changes,
            })
        }
        Err(detail) => {
            replace_file(path, &loaded.primary)?;
            for (l, (_, b)) in logs.iter().zip(&loaded.logs) {
                if dirty {
                    replace_file(l, b)?;
                }
            }
            Err(PrepareError::Verify {
                file: path.display().to_string(),
                detail,
                backup: backup.display().to_string(),
            })
        }
    }
}

/// One file restored by [`undo`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestoredFile {
    /// The file restored.
    pub path: String,
    /// The backup it was restored from.
    pub backup: String,
    /// SHA-256 of the restored file (equal to the backup's).
    pub sha256: String,
}

/// What [`undo`] restored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Undone {
    /// Files restored (primary files and logs).
    pub files: Vec<RestoredFile>,
}

fn restore_newest(primary: &Path, out: &mut Vec<RestoredFile>) -> Result<bool> {
    let Some(newest) = backups_of(primary).pop() else {
        return Ok(false);
    };
    let name = file_name(primary);
    let bname = file_name(&newest);
    let st = bname
        .get(name.len() + ".vmrescue-".len()..bname.len() - ".bak".len())
        .unwrap_or_default()
        .to_string();
    let mut pairs = vec![(primary.to_path_buf(), newest)];
    if let Some(dir) = primary.parent() {
        for ext in ["LOG", "LOG1", "LOG2"] {
            let log = find_ci(dir, &[&format!("{name}.{ext}")])
                .unwrap_or_else(|| dir.join(format!("{name}.{ext}")));
            let lb = backup_name(&log, &st);
            if lb.is_file() {
                pairs.push((log, lb));
            }
        }
    }
    for (target, backup) in pairs {
        let data = read(&backup)?;
        replace_file(&target, &data)?;
        let back = read(&target)?;
        let sha = sha256(&back);
        if sha != sha256(&data) {
            return Err(PrepareError::Verify {
                file: target.display().to_string(),
                detail: "restored file differs from its backup".into(),
                backup: backup.display().to_string(),
            });
        }
        out.push(RestoredFile {
            path: target.display().to_string(),
            backup: backup.display().to_string(),
            sha256: sha,
        });
    }
    Ok(true)
}

/// Restores the newest backups written by [`apply`] for the SYSTEM hive and
/// the BCD store of `target` (a mounted volume; `bcd` as given to the plan,
/// or found under the target), byte for byte, with the logs backed up
/// alongside. Backups are kept. For images in in-place mode, see
/// [`crate::inplace::undo`].
pub fn undo(target: &Path, bcd: Option<&Path>) -> Result<Undone> {
    undo_with(&crate::Options {
        target: target.to_path_buf(),
        bcd: bcd.map(Path::to_path_buf),
        ..Default::default()
    })
}

/// [`undo`] taking the same options as [`crate::plan`] (`target`, `bcd`,
/// `in_place`).
pub fn undo_with(opts: &crate::Options) -> Result<Undone> {
    let t = &opts.target;
    if !t.is_dir() {
        return crate::inplace::undo(opts);
    }
    let mut out = Vec::new();
    let sys = find_ci(t, &["Windows", "System32", "config", "SYSTEM"])
        .ok_or_else(|| PrepareError::NoSystemHive { path: t.clone() })?;
    let mut any = restore_newest(&sys, &mut out)?;
    let bcd = opts.bcd.clone().or_else(|| {
        find_ci(t, &["Boot", "BCD"]).or_else(|| find_ci(t, &["EFI", "Microsoft", "Boot", "BCD"]))
    });
    if let Some(b) = bcd {
        any |= restore_newest(&b, &mut out)?;
    }
    if !any {
        return Err(PrepareError::NoBackup {
            path: sys.display().to_string(),
        });
    }
    Ok(Undone { files: out })
}
