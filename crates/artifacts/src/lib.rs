//! # vmrescue-artifacts
//!
//! The step from a file system to Windows: an [`Installation`] is the volume
//! that holds `\Windows` (and the volume that holds the BCD store), and it
//! knows where Windows keeps what vmrescue reads: the registry hives with
//! their transaction logs, the BCD, and every place a crash dump can be.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use vmrescue_disk::{Disk, DiskError, FsKind, ReadAt};
use vmrescue_fs::{FsError, Volume, windows};
use vmrescue_registry::{Hive, RegistryError, ReplayReport};

/// Largest file read whole into memory (logs, small files). A hive log of a
/// busy machine is tens of MiB; anything past this is damage.
const MAX_WHOLE_FILE: u64 = 512 << 20;

/// Largest primary hive read: a SOFTWARE hive of a long-lived server is a few
/// hundred MiB. Only the base block and the hive bins it declares are read
/// (a file may be longer than its hive: Windows grows hive files ahead).
const MAX_HIVE: u64 = 1 << 30;

/// An error while locating or reading Windows artifacts.
#[derive(Debug, thiserror::Error)]
pub enum ArtifactError {
    /// The disk could not be opened.
    #[error(transparent)]
    Disk(#[from] DiskError),
    /// A file system error.
    #[error(transparent)]
    Fs(#[from] FsError),
    /// A registry error.
    #[error(transparent)]
    Registry(#[from] RegistryError),
    /// No Windows installation on the disk.
    #[error(
        "{0}: no Windows installation found (no \\Windows\\System32\\config\\SYSTEM on any readable volume)"
    )]
    NoWindows(String),
    /// No such partition.
    #[error("{0}: there is no partition {1}")]
    NoPartition(String, u32),
    /// No BCD store found.
    #[error("{0}: no BCD store found (neither \\Boot\\BCD nor \\EFI\\Microsoft\\Boot\\BCD)")]
    NoBcd(String),
    /// A file too large to read whole.
    #[error("{path}: {size} bytes is too large to load")]
    TooLarge {
        /// The Windows path.
        path: String,
        /// Its size.
        size: u64,
    },
    /// Reading a file failed.
    #[error("{path}: {source}")]
    Read {
        /// The Windows path.
        path: String,
        /// The error.
        #[source]
        source: std::io::Error,
    },
}

impl ArtifactError {
    /// Whether this error means the source itself could not be read (a
    /// truncated or damaged image container, a failing device or URL), as
    /// opposed to a file on it being damaged. Such an error is about the
    /// copy of the disk, never evidence of a Windows cause.
    pub fn is_source_failure(&self) -> bool {
        match self {
            ArtifactError::Disk(_) => true,
            ArtifactError::Fs(f) => fs_source_failure(f),
            ArtifactError::Read { source, .. } => io_source_failure(source),
            _ => false,
        }
    }
}

fn fs_source_failure(e: &FsError) -> bool {
    matches!(e, FsError::Disk(_) | FsError::Io { .. })
}

/// An I/O error from a file reader: a source failure when it carries the
/// disk layer's error, or the file system's failure to read the volume.
pub fn io_source_failure(e: &std::io::Error) -> bool {
    match e.get_ref() {
        Some(inner) => {
            inner.downcast_ref::<DiskError>().is_some()
                || inner
                    .downcast_ref::<FsError>()
                    .is_some_and(fs_source_failure)
                || inner
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(io_source_failure)
        }
        None => false,
    }
}

/// Result type of this crate.
pub type Result<T> = std::result::Result<T, ArtifactError>;

/// A hive loaded with its logs replayed.
pub struct LoadedHive {
    /// The hive (after log replay).
    pub hive: Hive,
    /// What the replay did.
    pub replay: ReplayReport,
    /// The Windows path of the primary file.
    pub path: String,
    /// The partition it came from.
    pub partition: u32,
}

/// What a source has read so far: bytes and requests from a file or device,
/// or the HTTP counters of a URL source.
#[derive(Clone)]
pub enum SourceStats {
    /// A file or block device.
    File(Arc<vmrescue_disk::ReadStats>),
    /// An HTTP(S) URL.
    Http(vmrescue_http::StatsHandle),
}

impl SourceStats {
    /// Bytes read from the source.
    pub fn bytes(&self) -> u64 {
        match self {
            Self::File(s) => s.bytes(),
            Self::Http(h) => h.snapshot().bytes,
        }
    }
    /// Read calls (file) or HTTP requests (URL).
    pub fn requests(&self) -> u64 {
        match self {
            Self::File(s) => s.reads(),
            Self::Http(h) => h.snapshot().requests,
        }
    }
    /// The HTTP counters, for a URL source.
    pub fn http(&self) -> Option<vmrescue_http::HttpStats> {
        match self {
            Self::Http(h) => Some(h.snapshot()),
            Self::File(_) => None,
        }
    }
}

/// How a source is named in messages: a URL with its query (the signature)
/// redacted, a path as it is.
pub fn display_name(source: &str) -> String {
    if vmrescue_http::is_url(source) {
        vmrescue_http::redact(source)
    } else {
        source.to_string()
    }
}

/// Opens a disk from a path, a block device or an `http(s)://` URL (read
/// through ranged requests), read-only.
pub fn open_disk(source: &str) -> Result<(Disk, Option<SourceStats>)> {
    if vmrescue_http::is_url(source) {
        let src = vmrescue_http::HttpSource::open(source).map_err(|e| {
            ArtifactError::Disk(DiskError::Open {
                name: display_name(source),
                source: e.into(),
            })
        })?;
        let name = src.name().to_string();
        let stats = src.stats_handle();
        let image = vmrescue_disk::DiskImage::from_source(Arc::new(src), &name)?;
        return Ok((Disk::from_image(image)?, Some(SourceStats::Http(stats))));
    }
    let disk = Disk::open(Path::new(source))?;
    let stats = disk.image.stats().map(SourceStats::File);
    Ok((disk, stats))
}

/// A Windows installation on a disk.
pub struct Installation {
    /// The disk.
    pub disk: Disk,
    /// The partition holding `\Windows`.
    pub partition: u32,
    /// The volume holding `\Windows`.
    pub volume: Volume,
    /// The system root on that volume (`\Windows`).
    pub system_root: String,
    /// What `windows::find` found on the disk.
    pub layout: windows::Layout,
    /// What the source has read (set by [`Installation::open_source`]).
    pub stats: Option<SourceStats>,
}

fn open_volume(disk: &Disk, index: u32) -> Result<Volume> {
    let p = disk
        .partition(index)
        .ok_or_else(|| ArtifactError::NoPartition(disk.image.name.clone(), index))?;
    let name = format!("{} partition {}", disk.image.name, p.index);
    Ok(Volume::open(disk.partition_reader(p), p.filesystem, &name)?)
}

impl Installation {
    /// Opens a disk image read-only and finds Windows on it (or uses
    /// `partition` when given).
    pub fn open(source: &Path, partition: Option<u32>) -> Result<Self> {
        Self::open_source(&source.to_string_lossy(), partition)
    }

    /// Opens a path, block device or URL and finds Windows on it.
    pub fn open_source(source: &str, partition: Option<u32>) -> Result<Self> {
        let (disk, stats) = open_disk(source)?;
        let mut inst = Self::from_disk(disk, partition)?;
        inst.stats = stats;
        Ok(inst)
    }

    /// Finds Windows on an opened disk.
    pub fn from_disk(disk: Disk, partition: Option<u32>) -> Result<Self> {
        let layout = windows::find(&disk);
        let partition = match partition {
            Some(p) => p,
            None => layout
                .installs
                .first()
                .map(|w| w.partition)
                .ok_or_else(|| ArtifactError::NoWindows(disk.image.name.clone()))?,
        };
        let volume = open_volume(&disk, partition)?;
        Ok(Self {
            disk,
            partition,
            volume,
            system_root: r"\Windows".into(),
            layout,
            stats: None,
        })
    }

    /// Checks that the source holds the whole Windows volume: the image is
    /// not shorter than its partition table says, and the volume's last
    /// bytes can be read. Returns what is wrong, worded for the user.
    pub fn source_problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let size = self.disk.image.disk.size();
        for p in &self.disk.table.partitions {
            if p.start.saturating_add(p.size) > size {
                out.push(format!(
                    "{}: partition {} ends at byte {} but the disk has only {size} bytes: the image is truncated",
                    self.disk.image.name,
                    p.index,
                    p.start.saturating_add(p.size)
                ));
            }
        }
        if let Some(p) = self.disk.partition(self.partition) {
            let r = self.disk.partition_reader(p);
            let tail = r.size().min(4096);
            let mut buf = vec![0u8; tail as usize];
            if let Err(e) = r.read_exact_at(r.size() - tail, &mut buf) {
                out.push(format!(
                    "{}: the end of the Windows volume (partition {}) cannot be read: {e}",
                    self.disk.image.name, p.index
                ));
            }
        }
        for (index, why) in &self.layout.unreadable {
            out.push(format!(
                "{}: partition {index} cannot be read: {why}",
                self.disk.image.name
            ));
        }
        out
    }

    /// The Windows volume's name in messages (`disk partition N`).
    pub fn volume_name(&self) -> String {
        format!("{} partition {}", self.disk.image.name, self.partition)
    }

    /// The disk's name (its path).
    pub fn name(&self) -> &str {
        &self.disk.image.name
    }

    /// Opens a file on the Windows volume.
    pub fn open_file(&self, path: &str) -> Result<Arc<dyn ReadAt>> {
        Ok(self.volume.open_file(path)?)
    }

    /// Reads a whole (small) file from the Windows volume.
    pub fn read_file(&self, path: &str) -> Result<Vec<u8>> {
        read_whole(&self.volume, path)
    }

    /// Loads a hive from `\Windows\System32\config` (`SYSTEM`, `SOFTWARE`,
    /// `SAM`, …) with its `.LOG1`/`.LOG2` replayed when it is dirty.
    pub fn hive(&self, name: &str) -> Result<LoadedHive> {
        let path = format!(r"{}\System32\config\{name}", self.system_root);
        load_hive(&self.volume, &path, self.partition)
    }

    /// Loads the BCD store the firmware would use.
    pub fn bcd(&self) -> Result<LoadedHive> {
        let loc = self
            .layout
            .bcd
            .as_ref()
            .ok_or_else(|| ArtifactError::NoBcd(self.name().into()))?;
        if loc.partition == self.partition {
            load_hive(&self.volume, &loc.path, loc.partition)
        } else {
            let vol = open_volume(&self.disk, loc.partition)?;
            load_hive(&vol, &loc.path, loc.partition)
        }
    }

    /// Every place a crash dump may be, per the CrashControl settings
    /// (`%SystemRoot%` expanded) and Windows' defaults, with what exists.
    pub fn dump_locations(
        &self,
        crash: Option<&vmrescue_registry::facts::CrashControl>,
    ) -> Vec<DumpLocation> {
        let mut out = Vec::new();
        let dump_file = crash
            .map(|c| c.dump_file.value.clone())
            .unwrap_or_else(|| r"%SystemRoot%\MEMORY.DMP".into());
        let minidump_dir = crash
            .map(|c| c.minidump_dir.value.clone())
            .unwrap_or_else(|| r"%SystemRoot%\Minidump".into());
        let mut push = |kind: DumpKind, raw: String| {
            if let Some(path) = self.on_this_volume(&raw) {
                let exists = self.volume.stat(&path).ok().filter(|e| !e.is_dir);
                out.push(DumpLocation {
                    kind,
                    configured: raw,
                    path: Some(path),
                    size: exists.as_ref().map(|e| e.size),
                    exists: exists.is_some(),
                });
            } else {
                out.push(DumpLocation {
                    kind,
                    configured: raw,
                    path: None,
                    size: None,
                    exists: false,
                });
            }
        };
        push(DumpKind::MemoryDump, dump_file.clone());
        if !dump_file.eq_ignore_ascii_case(r"%SystemRoot%\MEMORY.DMP") {
            push(DumpKind::MemoryDump, r"%SystemRoot%\MEMORY.DMP".into());
        }
        if let Some(d) = crash.and_then(|c| c.dedicated_dump_file.as_ref()) {
            push(DumpKind::DedicatedDumpFile, d.value.clone());
        }
        push(DumpKind::PageFile, r"C:\pagefile.sys".into());
        for dir in [minidump_dir.clone(), r"%SystemRoot%\Minidump".into()] {
            let Some(path) = self.on_this_volume(&dir) else {
                continue;
            };
            if let Ok(entries) = self.volume.list(&path) {
                for e in entries
                    .into_iter()
                    .filter(|e| !e.is_dir && e.name.to_ascii_lowercase().ends_with(".dmp"))
                {
                    let p = format!(r"{}\{}", path.trim_end_matches('\\'), e.name);
                    if out.iter().any(|o| {
                        o.path
                            .as_deref()
                            .is_some_and(|x| x.eq_ignore_ascii_case(&p))
                    }) {
                        continue;
                    }
                    out.push(DumpLocation {
                        kind: DumpKind::Minidump,
                        configured: dir.clone(),
                        path: Some(p),
                        size: Some(e.size),
                        exists: true,
                    });
                }
            }
            if dir.eq_ignore_ascii_case(r"%SystemRoot%\Minidump") {
                break;
            }
        }
        for root in [
            r"\ProgramData\Microsoft\Windows\WER\ReportArchive",
            r"\ProgramData\Microsoft\Windows\WER\ReportQueue",
            r"\ProgramData\Microsoft\Windows\WER\Temp",
        ] {
            self.wer_dumps(root, 0, &mut out);
        }
        out
    }

    fn wer_dumps(&self, dir: &str, depth: u32, out: &mut Vec<DumpLocation>) {
        if depth > 3 {
            return;
        }
        let Ok(entries) = self.volume.list(dir) else {
            return;
        };
        for e in entries.into_iter().take(2000) {
            let p = format!(r"{dir}\{}", e.name);
            if e.is_dir {
                self.wer_dumps(&p, depth + 1, out);
            } else {
                let lower = e.name.to_ascii_lowercase();
                if lower.ends_with(".mdmp") || lower.ends_with(".dmp") || lower.ends_with(".hdmp") {
                    out.push(DumpLocation {
                        kind: DumpKind::Wer,
                        configured: dir.into(),
                        path: Some(p),
                        size: Some(e.size),
                        exists: true,
                    });
                }
            }
        }
    }

    /// Maps a Windows path (`%SystemRoot%\…`, `C:\…`, `\…`) to a path on the
    /// Windows volume; `None` for another drive letter.
    pub fn on_this_volume(&self, raw: &str) -> Option<String> {
        let expanded = expand_system_root(raw, &self.system_root);
        let b = expanded.as_bytes();
        if b.len() >= 2 && b[1] == b':' {
            if b[0].eq_ignore_ascii_case(&b'C') {
                return Some(expanded[2..].to_string());
            }
            return None;
        }
        Some(expanded)
    }
}

/// Expands `%SystemRoot%` and `%windir%` (case-insensitive).
pub fn expand_system_root(raw: &str, system_root: &str) -> String {
    let mut s = raw.to_string();
    for var in ["%systemroot%", "%windir%"] {
        while let Some(i) = s.to_ascii_lowercase().find(var) {
            s.replace_range(i..i + var.len(), system_root);
        }
    }
    s
}

/// What kind of dump a location holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DumpKind {
    /// MEMORY.DMP (or the configured DumpFile).
    MemoryDump,
    /// A DedicatedDumpFile.
    DedicatedDumpFile,
    /// pagefile.sys, which holds the dump until the next successful boot.
    PageFile,
    /// A small memory dump in the Minidump folder.
    Minidump,
    /// A Windows Error Reporting user-mode dump.
    Wer,
}

/// A place a dump may be.
#[derive(Debug, Clone, Serialize)]
pub struct DumpLocation {
    /// The kind.
    pub kind: DumpKind,
    /// The setting it came from, as configured (e.g. `%SystemRoot%\MEMORY.DMP`).
    pub configured: String,
    /// The path on the Windows volume, `None` when it is on another drive.
    pub path: Option<String>,
    /// Its size, when it exists.
    pub size: Option<u64>,
    /// Whether the file exists.
    pub exists: bool,
}

/// The first `len` bytes of `f`, refused above `max` (an artifact never
/// takes more memory than its bound).
fn read_prefix(f: &dyn ReadAt, path: &str, len: u64, max: u64) -> Result<Vec<u8>> {
    if len > max {
        return Err(ArtifactError::TooLarge {
            path: path.into(),
            size: len,
        });
    }
    let mut buf = vec![0u8; len as usize];
    f.read_exact_at(0, &mut buf)
        .map_err(|source| ArtifactError::Read {
            path: path.into(),
            source,
        })?;
    Ok(buf)
}

fn read_whole(vol: &Volume, path: &str) -> Result<Vec<u8>> {
    let f = vol.open_file(path)?;
    read_prefix(f.as_ref(), path, f.size(), MAX_WHOLE_FILE)
}

/// Reads a primary hive: the 4 KiB base block, then only the hive bins its
/// base block declares (offset 40, "hive bins data size"), at most
/// [`MAX_HIVE`]. A base block that declares nothing sensible gets the whole
/// file (up to the same bound), for the registry reader to judge.
fn read_hive_bytes(vol: &Volume, path: &str) -> Result<Vec<u8>> {
    let f = vol.open_file(path)?;
    let size = f.size();
    let mut head = [0u8; 48];
    let head = (size >= 4096 && f.read_exact_at(0, &mut head).is_ok()).then_some(&head);
    read_prefix(f.as_ref(), path, hive_len(head, size), MAX_HIVE)
}

/// How much of a hive file of `size` bytes to read: the base block plus
/// the hive bins it declares (never past the file), else the whole file.
fn hive_len(head: Option<&[u8; 48]>, size: u64) -> u64 {
    let declared = head.filter(|h| &h[..4] == b"regf").and_then(|h| {
        let bins = u32::from_le_bytes([h[40], h[41], h[42], h[43]]);
        (bins > 0 && bins % 4096 == 0).then(|| 4096 + u64::from(bins))
    });
    declared.map_or(size, |d| d.min(size))
}

/// Loads a hive file and its `.LOG1`/`.LOG2` (those that exist) from a volume.
pub fn load_hive(vol: &Volume, path: &str, partition: u32) -> Result<LoadedHive> {
    let primary = read_hive_bytes(vol, path)?;
    let mut logs = Vec::new();
    for ext in ["LOG1", "LOG2", "LOG"] {
        let p = format!("{path}.{ext}");
        if let Ok(data) = read_whole(vol, &p) {
            logs.push((p, data));
        }
    }
    let (hive, replay) = Hive::from_named_bytes(path, primary, logs)?;
    Ok(LoadedHive {
        hive,
        replay,
        path: path.into(),
        partition,
    })
}

/// Loads a plain hive file from the local file system, with the `.LOG1`/`.LOG2`
/// beside it.
pub fn load_hive_file(path: &Path) -> Result<LoadedHive> {
    let read = |p: &Path| std::fs::read(p);
    let name = path.display().to_string();
    let primary = read(path).map_err(|source| ArtifactError::Read {
        path: name.clone(),
        source,
    })?;
    let mut logs = Vec::new();
    for ext in ["LOG1", "LOG2", "LOG"] {
        let mut os = path.as_os_str().to_owned();
        os.push(format!(".{ext}"));
        let p = std::path::PathBuf::from(os);
        if let Ok(data) = read(&p) {
            logs.push((p.display().to_string(), data));
        }
    }
    let (hive, replay) = Hive::from_named_bytes(&name, primary, logs)?;
    Ok(LoadedHive {
        hive,
        replay,
        path: name,
        partition: 0,
    })
}

/// Whether a partition's file system is one this crate can read.
pub fn readable(fs: FsKind) -> bool {
    fs == FsKind::Ntfs || fs.is_fat()
}

#[cfg(test)]
mod read_tests {
    use super::*;

    #[test]
    fn a_hive_is_read_as_far_as_its_bins_go_and_every_read_is_bounded() {
        let mut head = [0u8; 48];
        head[..4].copy_from_slice(b"regf");
        head[40..44].copy_from_slice(&(8192u32).to_le_bytes());
        // A 1 GiB file whose base block declares 8 KiB of bins: 12 KiB read.
        assert_eq!(hive_len(Some(&head), 1 << 30), 4096 + 8192);
        // Declared past the end of the file: the file.
        assert_eq!(hive_len(Some(&head), 6000), 6000);
        // Nonsense (not a multiple of 4 KiB, zero, not regf): the whole file.
        head[40..44].copy_from_slice(&(4095u32).to_le_bytes());
        assert_eq!(hive_len(Some(&head), 50_000), 50_000);
        head[..4].copy_from_slice(b"xxxx");
        assert_eq!(hive_len(Some(&head), 50_000), 50_000);
        assert_eq!(hive_len(None, 100), 100);
        // The bound refuses before allocating; within it the bytes come back.
        let data: Vec<u8> = (0..=255u8).collect();
        match read_prefix(&data, "x", 1 << 40, MAX_HIVE) {
            Err(ArtifactError::TooLarge { size, .. }) => assert_eq!(size, 1 << 40),
            other => panic!("{other:?}"),
        }
        assert_eq!(read_prefix(&data, "x", 16, MAX_HIVE).unwrap(), data[..16]);
    }
}
