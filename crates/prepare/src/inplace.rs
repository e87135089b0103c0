//! In-place image mode (`--in-place`): writing the edited hive into the
//! clusters the hive file already occupies in a raw or fixed-VHD image,
//! without any NTFS change (no allocation, no size, no MFT record write).
//!
//! Refused, with a message saying to mount the volume instead, when:
//! - the image is not raw or fixed VHD (those are the formats whose virtual
//!   disk bytes are the file's bytes), or is a block device or an image in
//!   use: listed as a source in `/proc/mounts` (a block device or one of its
//!   partitions) or attached to a loop device (`/sys/block/loop*/loop/backing_file`);
//! - the NTFS dirty bit is set (unless `force`);
//! - the hive file has an attribute list, is resident, compressed, sparse
//!   or encrypted;
//! - the hive is on FAT (a BCD on the EFI system partition: mount it and
//!   use `--bcd`);
//! - the hive is dirty (its logs would need resetting, which changes their
//!   size);
//! - the edited hive is larger than the file's initialized size (it needed
//!   a new hive bin that does not fit in the file's padding).
//!
//! The write follows the regf protocol Windows uses: the base block is
//! first written with only the primary sequence number advanced (a torn
//! write then leaves a hive that reads as dirty, never as silently
//! inconsistent), then the changed 4 KiB blocks, then the final base block
//! with both sequence numbers equal; the image is synced after each phase.
//! This is not atomic like the rename of the mounted mode: the backup
//! written beside the image first (`IMAGE.pN.SYSTEM.vmrescue-<UTC>.bak`)
//! is what [`undo`] writes back.

use std::fs::OpenOptions;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use vmrescue_disk::{Disk, FsKind};
use vmrescue_fs::ntfs::Ntfs;
use vmrescue_fs::ntfs::record::AttrBody;
use vmrescue_fs::ntfs::runs::{self, Run};
use vmrescue_registry::FileTime;

use crate::apply::{AppliedFile, RestoredFile, Step, Undone, check_diff, edit, verify};
use crate::files::{io_err, read, sha256, stamp, write_new_synced};
use crate::planning::{Loaded, load_from_volume};
use crate::{HivePlan, HiveRole, Location, Options, Plan, PrepareError, Result, TargetKind};

fn refuse(reason: String) -> PrepareError {
    PrepareError::InPlace { reason }
}

const MOUNT_IT: &str = "mount the volume and run prepare-dump on the mount point instead";

/// Whether `image` is in use: a mount source in `/proc/mounts` (the path,
/// or for a block device a partition of it), or a loop device's backing
/// file.
pub fn in_use(image: &Path) -> Option<String> {
    let canon = image.canonicalize().unwrap_or_else(|_| image.to_path_buf());
    let c = canon.to_string_lossy().into_owned();
    if let Ok(m) = std::fs::read_to_string("/proc/mounts") {
        for line in m.lines() {
            let Some(src) = line.split_whitespace().next() else {
                continue;
            };
            let src = src.replace("\\040", " ");
            let src_canon = Path::new(&src)
                .canonicalize()
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or(src.clone());
            let is_dev = c.starts_with("/dev/");
            if src_canon == c || (is_dev && src_canon.starts_with(&c)) {
                return Some(format!("{src} is mounted ({})", line));
            }
        }
    }
    if let Ok(rd) = std::fs::read_dir("/sys/block") {
        for e in rd.flatten() {
            let f = e.path().join("loop/backing_file");
            if let Ok(b) = std::fs::read_to_string(&f)
                && b.trim() == c
            {
                return Some(format!(
                    "{} is attached to /dev/{}",
                    c,
                    e.file_name().to_string_lossy()
                ));
            }
        }
    }
    None
}

/// Where the hive file's bytes are in the image.
struct Extents {
    /// (file offset, image offset, length) per run.
    pieces: Vec<(u64, u64, u64)>,
    data_size: u64,
    initialized: u64,
}

impl Extents {
    fn map(&self, file_off: u64, len: u64) -> Vec<(u64, u64)> {
        let mut out = Vec::new();
        let (mut off, end) = (file_off, file_off + len);
        for &(f, i, l) in &self.pieces {
            if off >= end {
                break;
            }
            if off >= f && off < f + l {
                let take = (f + l - off).min(end - off);
                out.push((i + (off - f), take));
                off += take;
            }
        }
        out
    }
}

fn extents(ntfs: &Ntfs, part_start: u64, part_size: u64, path: &str) -> Result<Extents> {
    let file = ntfs
        .lookup(path)
        .map_err(|e| refuse(format!("{path}: {e}")))?;
    if file.has_attribute_list {
        return Err(refuse(format!(
            "{path} has an NTFS attribute list (fragmented); {MOUNT_IT}"
        )));
    }
    let rec = ntfs
        .record(file.record)
        .map_err(|e| refuse(format!("{path}: {e}")))?;
    let cluster = ntfs.cluster_size();
    let total = part_size / cluster;
    for a in rec.attributes() {
        let a = a.map_err(|(o, r)| refuse(format!("{path}: attribute at {o}: {r}")))?;
        if a.ty != vmrescue_fs::ntfs::record::ty::DATA || !a.name.is_empty() {
            continue;
        }
        if a.flags & (0x0001 | 0x4000 | 0x8000) != 0 {
            return Err(refuse(format!(
                "{path} is compressed, encrypted or sparse; {MOUNT_IT}"
            )));
        }
        let AttrBody::NonResident {
            lowest_vcn,
            runs: pairs,
            compression_unit,
            data_size,
            initialized_size,
            ..
        } = a.body
        else {
            return Err(refuse(format!("{path} is resident in the MFT; {MOUNT_IT}")));
        };
        if lowest_vcn != 0 || compression_unit != 0 {
            return Err(refuse(format!(
                "{path}: unexpected data layout; {MOUNT_IT}"
            )));
        }
        let runs: Vec<Run> = runs::decode(pairs, 0, total)
            .map_err(|(o, r)| refuse(format!("{path}: data runs at {o}: {r}")))?;
        let mut pieces = Vec::new();
        for r in runs {
            let Some(lcn) = r.lcn else {
                return Err(refuse(format!("{path} is sparse; {MOUNT_IT}")));
            };
            pieces.push((r.vcn * cluster, part_start + lcn * cluster, r.len * cluster));
        }
        let covered: u64 = pieces.iter().map(|p| p.2).sum();
        if covered < data_size {
            return Err(refuse(format!("{path}: data runs do not cover the file")));
        }
        return Ok(Extents {
            pieces,
            data_size,
            initialized: initialized_size.min(data_size),
        });
    }
    Err(refuse(format!("{path}: no data attribute")))
}

fn write_at(
    f: &mut std::fs::File,
    image: &Path,
    ext: &Extents,
    off: u64,
    data: &[u8],
) -> Result<()> {
    let mut done = 0usize;
    for (at, len) in ext.map(off, data.len() as u64) {
        f.seek(SeekFrom::Start(at)).map_err(io_err(image))?;
        f.write_all(&data[done..done + len as usize])
            .map_err(io_err(image))?;
        done += len as usize;
    }
    if done != data.len() {
        return Err(refuse(format!(
            "write of {} bytes at file offset {off} is outside the file's clusters",
            data.len()
        )));
    }
    Ok(())
}

/// Writes `new` over `old` in the file's clusters with the regf protocol
/// (see the module documentation).
fn write_hive(image: &Path, ext: &Extents, old: &[u8], new: &[u8]) -> Result<()> {
    let mut f = OpenOptions::new()
        .write(true)
        .open(image)
        .map_err(io_err(image))?;
    let sync = |f: &std::fs::File| f.sync_all().map_err(io_err(image));
    // 1. Base block with the primary sequence number advanced only.
    let mut first = old[..4096].to_vec();
    first[4..8].copy_from_slice(&new[4..8]);
    let c = vmrescue_registry::hive::base_block_checksum(&first);
    first[508..512].copy_from_slice(&c.to_le_bytes());
    write_at(&mut f, image, ext, 0, &first[..512])?;
    sync(&f)?;
    // 2. Changed blocks of the hive bins data.
    let mut pos = 4096;
    while pos < new.len() {
        let end = (pos + 4096).min(new.len());
        if old.get(pos..end) != Some(&new[pos..end]) {
            write_at(&mut f, image, ext, pos as u64, &new[pos..end])?;
        }
        pos = end;
    }
    sync(&f)?;
    // 3. The final base block.
    write_at(&mut f, image, ext, 0, &new[..4096])?;
    sync(&f)
}

struct Opened {
    disk: Disk,
    part_start: u64,
    part_size: u64,
    ntfs: Ntfs,
}

fn open_ntfs(image: &Path, partition: u32) -> Result<Opened> {
    let disk = Disk::open(image).map_err(|e| PrepareError::Target {
        path: image.to_path_buf(),
        reason: e.to_string(),
    })?;
    let p = disk
        .partition(partition)
        .ok_or_else(|| refuse(format!("partition {partition} not found")))?
        .clone();
    if p.filesystem != FsKind::Ntfs {
        return Err(refuse(format!(
            "partition {partition} is {}, not NTFS (a BCD on the EFI system partition: mount it and use --bcd PATH)",
            p.filesystem.as_str()
        )));
    }
    let ntfs = Ntfs::open(
        disk.partition_reader(&p),
        &format!("{} partition {partition}", image.display()),
    )
    .map_err(|e| refuse(e.to_string()))?;
    Ok(Opened {
        disk,
        part_start: p.start,
        part_size: p.size,
        ntfs,
    })
}

fn backup_file(image: &Path, partition: u32, role: HiveRole, stamp: &str) -> PathBuf {
    let name = image
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    image.with_file_name(format!(
        "{name}.p{partition}.{}.vmrescue-{stamp}.bak",
        role_name(role)
    ))
}

fn role_name(role: HiveRole) -> &'static str {
    match role {
        HiveRole::System => "SYSTEM",
        HiveRole::Bcd => "BCD",
    }
}

fn check_image(plan_kind: &TargetKind, image: &Path, opened: &Opened, force: bool) -> Result<()> {
    match plan_kind {
        TargetKind::Image {
            format,
            block_device,
        } => {
            if *block_device && let Some(why) = in_use(image) {
                return Err(refuse(format!(
                    "{why}; refusing to write to a device in use"
                )));
            }
            if format != "raw" && format != "vhd-fixed" {
                return Err(refuse(format!(
                    "in-place mode writes raw and fixed-VHD images only, not {format}; {MOUNT_IT}"
                )));
            }
        }
        TargetKind::Directory => return Err(refuse("not an image".into())),
    }
    if let Some(why) = in_use(image) {
        return Err(refuse(format!(
            "{why}; refusing to write to an image in use"
        )));
    }
    let (_, dirty) = opened
        .ntfs
        .volume_info()
        .map_err(|e| refuse(e.to_string()))?;
    if dirty && !force {
        return Err(refuse(
            "the NTFS volume's dirty bit is set (not shut down cleanly); run chkdsk, or use --force".into(),
        ));
    }
    let _ = &opened.disk;
    Ok(())
}

pub(crate) fn apply_hive(
    plan: &Plan,
    hp: &HivePlan,
    now: FileTime,
    hook: &mut dyn FnMut(Step) -> std::io::Result<()>,
) -> Result<AppliedFile> {
    let mut step = |s: Step| hook(s).map_err(|_| PrepareError::Interrupted(s));
    let Location::Image {
        image,
        partition,
        path,
        ..
    } = &hp.location
    else {
        return Err(refuse("not an image location".into()));
    };
    if hp.dirty {
        return Err(refuse(format!(
            "{path} is dirty (unapplied transaction logs); its logs must be reset, which changes their size: {MOUNT_IT}"
        )));
    }
    let opened = open_ntfs(image, *partition)?;
    check_image(&plan.target_kind, image, &opened, plan.options.force)?;
    let vol = vmrescue_fs::Volume::Ntfs(
        Ntfs::open(
            opened.disk.partition_reader(
                opened
                    .disk
                    .partition(*partition)
                    .ok_or_else(|| refuse("partition vanished".into()))?,
            ),
            "volume",
        )
        .map_err(|e| refuse(e.to_string()))?,
    );
    let loaded: Loaded = load_from_volume(hp.role, &vol, image, *partition, path)?;
    if sha256(&loaded.primary) != hp.sha256 {
        return Err(PrepareError::Changed { path: path.clone() });
    }
    let ext = extents(&opened.ntfs, opened.part_start, opened.part_size, path)?;
    let (bytes, recovered) = edit(&loaded, hp, now)?;
    if bytes.len() as u64 > ext.initialized {
        return Err(refuse(format!(
            "the changes need {} bytes but {path} holds {} in its clusters (a new hive bin is needed); {MOUNT_IT}",
            bytes.len(),
            ext.initialized
        )));
    }
    // Keep the file's padding after the hive bins.
    let mut full = loaded.primary.clone();
    full.truncate(ext.data_size as usize);
    full[..bytes.len()].copy_from_slice(&bytes);

    let st = {
        let base = stamp(now);
        let mut n = 0;
        loop {
            let s = if n == 0 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            if !backup_file(image, *partition, hp.role, &s).exists() {
                break s;
            }
            n += 1;
        }
    };
    let backup = backup_file(image, *partition, hp.role, &st);
    write_new_synced(&backup, &loaded.primary)?;
    step(Step::BackupWritten)?;
    write_hive(image, &ext, &loaded.primary, &full)?;
    step(Step::Renamed)?;

    // Read back through a fresh open of the image.
    let again = open_ntfs(image, *partition)?;
    let vol2 = vmrescue_fs::Volume::Ntfs(again.ntfs);
    let back = load_from_volume(hp.role, &vol2, image, *partition, path)?;
    let sha_after = sha256(&back.primary);
    match verify(back.primary, back.logs, recovered, hp) {
        Ok(changes) => {
            step(Step::Verified)?;
            Ok(AppliedFile {
                role: hp.role,
                path: hp.location.display(),
                backup: backup.display().to_string(),
                log_backups: vec![],
                logs_reset: vec![],
                sha256_before: hp.sha256.clone(),
                sha256_after: sha_after,
                changes,
            })
        }
        Err(detail) => {
            write_hive(image, &ext, &full, &loaded.primary)?;
            Err(PrepareError::Verify {
                file: hp.location.display(),
                detail,
                backup: backup.display().to_string(),
            })
        }
    }
}

/// Restores the newest in-place backups (`IMAGE.pN.SYSTEM.vmrescue-*.bak`,
/// `IMAGE.pN.BCD.vmrescue-*.bak`) into the image, byte for byte, through
/// the same clusters. The hive files must still occupy the same clusters
/// with the same size.
pub fn undo(opts: &Options) -> Result<Undone> {
    let image = &opts.target;
    let disk = Disk::open(image).map_err(|e| PrepareError::Target {
        path: image.clone(),
        reason: e.to_string(),
    })?;
    let layout = vmrescue_fs::windows::find(&disk);
    drop(disk);
    let mut targets: Vec<(HiveRole, u32, String)> = Vec::new();
    if let Some(i) = layout.installs.first() {
        targets.push((
            HiveRole::System,
            i.partition,
            format!("{}\\System32\\config\\SYSTEM", i.path),
        ));
    }
    if let Some(b) = &layout.bcd {
        targets.push((HiveRole::Bcd, b.partition, b.path.clone()));
    }
    let mut files = Vec::new();
    for (role, partition, path) in targets {
        let dir = image.parent().unwrap_or(Path::new("."));
        let name = image
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let prefix = format!("{name}.p{partition}.{}.vmrescue-", role_name(role));
        let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(io_err(dir))?
            .flatten()
            .filter(|e| {
                e.file_name()
                    .to_str()
                    .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".bak"))
            })
            .map(|e| e.path())
            .collect();
        found.sort();
        let Some(newest) = found.pop() else {
            continue;
        };
        let data = read(&newest)?;
        let opened = open_ntfs(image, partition)?;
        if let Some(why) = in_use(image) {
            return Err(refuse(format!(
                "{why}; refusing to write to an image in use"
            )));
        }
        let ext = extents(&opened.ntfs, opened.part_start, opened.part_size, &path)?;
        if data.len() as u64 != ext.data_size {
            return Err(refuse(format!(
                "{path} no longer has the size of its backup {}",
                newest.display()
            )));
        }
        let vol = vmrescue_fs::Volume::Ntfs(opened.ntfs);
        let cur = load_from_volume(role, &vol, image, partition, &path)?;
        write_hive(image, &ext, &cur.primary, &data)?;
        let again = open_ntfs(image, partition)?;
        let back = load_from_volume(
            role,
            &vmrescue_fs::Volume::Ntfs(again.ntfs),
            image,
            partition,
            &path,
        )?;
        let sha = sha256(&back.primary);
        if sha != sha256(&data) {
            return Err(PrepareError::Verify {
                file: path,
                detail: "restored file differs from its backup".into(),
                backup: newest.display().to_string(),
            });
        }
        files.push(RestoredFile {
            path: format!("{} partition {partition}: {path}", image.display()),
            backup: newest.display().to_string(),
            sha256: sha,
        });
    }
    if files.is_empty() {
        return Err(PrepareError::NoBackup {
            path: image.display().to_string(),
        });
    }
    let _ = check_diff;
    Ok(Undone { files })
}
