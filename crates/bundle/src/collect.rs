//! `collect`: plan the evidence, then stream it into a `.tar.zst` (optionally
//! age-encrypted) or a folder, with the manifest first and every hash in it.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;
use vmrescue_disk::{Disk, ReadAt};

use crate::error::{BundleError, Result};
use crate::evidence::{self, Item};
use crate::manifest::{
    CHECKSUMS_MEMBER, Category, FORMAT, FORMAT_VERSION, FileEntry, Hashing, Layout,
    MANIFEST_MEMBER, Manifest, MissingEntry, SourceInfo, Tool,
};
use crate::progress::{Phase, Progress};
use crate::stream::{self, Stop, Streamed, hex};
use crate::tarw;

/// What to collect and how to write it.
#[derive(Debug, Clone)]
pub struct CollectOptions {
    /// The bundle to write (`BUNDLE`): a `.tar.zst` file, or a folder with `dir`.
    /// It is written as `BUNDLE.partial` and renamed when complete.
    pub output: PathBuf,
    /// `--dir`: plain files and `manifest.json` in a folder instead of a `.tar.zst`.
    pub dir: bool,
    /// False for `--no-memory-dump`: leave out MEMORY.DMP, dedicated and
    /// page-file dumps (minidumps, live kernel and WER dumps stay).
    pub memory_dumps: bool,
    /// `--encrypt-to`: age recipients (`age1…` X25519, or `ssh-ed25519 …` /
    /// `ssh-rsa …` public keys). Empty: not encrypted.
    pub encrypt_to: Vec<String>,
    /// Members made elsewhere (e.g. `("report.json", bytes)`,
    /// `("report.html", bytes)`), written right after the manifest. Names are
    /// relative paths with `/`; they must not be `manifest.json`,
    /// `SHA256SUMS`, or start with `p<N>/` or `recovered/`.
    pub extra_members: Vec<(String, Vec<u8>)>,
    /// The partition of the Windows installation to collect from (`None`: the first found).
    pub windows_partition: Option<u32>,
    /// Replace an existing bundle.
    pub overwrite: bool,
    /// zstd compression level (default 1: on 2 cores levels 2-3 cost 1.2-1.7x the CPU of
    /// level 1 for 10-20 % smaller compressible evidence; the random-looking
    /// half of a memory dump does not shrink at any level).
    pub zstd_level: i32,
    /// zstd worker threads (`None`: one per available core).
    pub zstd_threads: Option<u32>,
    /// Set to `true` from elsewhere (e.g. a Ctrl-C handler) to stop; the
    /// output is then left as `.partial` and `collect` returns
    /// [`BundleError::Cancelled`].
    pub cancel: Option<Arc<AtomicBool>>,
}

impl CollectOptions {
    /// Defaults: `.tar.zst`, memory dumps in, not encrypted, zstd level 1.
    pub fn new(output: impl Into<PathBuf>) -> Self {
        Self {
            output: output.into(),
            dir: false,
            memory_dumps: true,
            encrypt_to: Vec::new(),
            extra_members: Vec::new(),
            windows_partition: None,
            overwrite: false,
            zstd_level: 1,
            zstd_threads: None,
            cancel: None,
        }
    }
}

/// What `collect` wrote.
#[derive(Debug, Clone, Serialize)]
pub struct CollectSummary {
    /// The finished bundle.
    pub bundle: PathBuf,
    /// `tar.zst` or `dir`.
    pub layout: Layout,
    /// True when encrypted with age; false means the bundle is readable by
    /// anyone who gets it (a memory dump holds secrets: say so).
    pub encrypted: bool,
    /// Number of age recipients.
    pub recipients: usize,
    /// Members written (files and reports, without the manifest and checksums).
    pub files: usize,
    /// Bytes of member data (uncompressed).
    pub bytes: u64,
    /// Size of the bundle on disk.
    pub bundle_size: u64,
    /// Member names of the dumps in the bundle.
    pub dumps: Vec<String>,
    /// Members with parts that could not be read (zeros in the bundle).
    pub incomplete: Vec<String>,
    /// Wanted files that are not in the bundle, and why.
    pub missing: Vec<MissingEntry>,
    /// Wall time.
    pub elapsed: Duration,
    /// The manifest as written.
    pub manifest: Manifest,
}

/// The `.partial` path of a bundle.
pub fn partial_path(output: &Path) -> PathBuf {
    let mut s = output.as_os_str().to_owned();
    s.push(".partial");
    PathBuf::from(s)
}

fn check_member_name(name: &str) -> Result<()> {
    let bad = |reason| {
        Err(BundleError::BadMemberName {
            name: name.to_string(),
            reason,
        })
    };
    if name.is_empty() || name.starts_with('/') || name.contains('\\') || name.contains('\0') {
        return bad("must be a relative path with /");
    }
    if Path::new(name)
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
        || name.split('/').any(str::is_empty)
    {
        return bad("must not contain empty, . or .. components");
    }
    let lower = name.to_lowercase();
    let first = lower.split('/').next().unwrap_or_default();
    if lower == MANIFEST_MEMBER.to_lowercase()
        || lower == CHECKSUMS_MEMBER.to_lowercase()
        || first == "recovered"
        || (first.len() > 1
            && first.starts_with('p')
            && first[1..].bytes().all(|b| b.is_ascii_digit()))
    {
        return bad("reserved for the bundle's own members");
    }
    Ok(())
}

type Recipients = Vec<Box<dyn age::Recipient + Send>>;

fn parse_recipients(list: &[String]) -> Result<Recipients> {
    let mut out: Recipients = Vec::new();
    for r in list {
        let t = r.trim();
        let err = |reason: String| BundleError::BadRecipient {
            recipient: r.clone(),
            reason,
        };
        if t.starts_with("age1") {
            let k = age::x25519::Recipient::from_str(t).map_err(|e| err(e.to_string()))?;
            out.push(Box::new(k));
        } else if t.starts_with("ssh-") {
            let k = age::ssh::Recipient::from_str(t).map_err(|e| err(format!("{e:?}")))?;
            out.push(Box::new(k));
        } else {
            return Err(err(
                "expected age1… or an ssh-ed25519/ssh-rsa public key".into()
            ));
        }
    }
    Ok(out)
}

/// Collects the evidence of `disk` into a bundle. See the crate documentation
/// for the layout, the manifest and how the hashes get into a manifest that
/// comes first.
pub fn collect(
    disk: &Disk,
    opts: &CollectOptions,
    progress: &dyn Progress,
) -> Result<CollectSummary> {
    let started = Instant::now();
    let created = crate::time::now_rfc3339();
    let encrypted = !opts.encrypt_to.is_empty();
    if encrypted && opts.dir {
        return Err(BundleError::EncryptDir);
    }
    let recipients = parse_recipients(&opts.encrypt_to)?;
    let mut extra_names = std::collections::HashSet::new();
    for (name, _) in &opts.extra_members {
        check_member_name(name)?;
        if !extra_names.insert(name.to_lowercase()) {
            return Err(BundleError::BadMemberName {
                name: name.clone(),
                reason: "given twice",
            });
        }
    }
    if !opts.overwrite && fs::symlink_metadata(&opts.output).is_ok() {
        return Err(BundleError::OutputExists {
            path: opts.output.clone(),
        });
    }

    let plan = evidence::plan(disk, opts.windows_partition, opts.memory_dumps)?;
    let mut items: Vec<Item> = opts
        .extra_members
        .iter()
        .map(|(name, bytes)| Item {
            entry: FileEntry {
                member: name.clone(),
                category: Category::Report,
                partition: None,
                path: None,
                wanted_by: vec!["caller".into()],
                size: bytes.len() as u64,
                created: Some(created.clone()),
                modified: Some(created.clone()),
                mft_modified: None,
                accessed: None,
                sha256: String::new(),
                dump_format: None,
                extracted_from: None,
                complete: true,
                read_errors: Vec::new(),
                unreadable_bytes: 0,
            },
            reader: Arc::new(bytes.clone()) as Arc<dyn ReadAt>,
        })
        .collect();
    items.extend(plan.items);

    let layout = if opts.dir {
        Layout::Dir
    } else {
        Layout::TarZst
    };
    let mut manifest = Manifest {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        tool: Tool {
            name: "vmrescue".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        created,
        layout,
        encrypted,
        memory_dumps_wanted: opts.memory_dumps,
        hashing: if opts.dir {
            Hashing::StreamedManifestLast
        } else if encrypted {
            Hashing::Prehashed
        } else {
            Hashing::Streamed
        },
        checksums_member: CHECKSUMS_MEMBER.into(),
        source: SourceInfo {
            name: disk.image.name.clone(),
            format: disk.image.format.as_str().into(),
            virtual_size: disk.image.virtual_size(),
        },
        windows: plan.windows,
        crash_control: plan.crash,
        files: Vec::new(),
        missing: plan.missing,
    };

    let partial = partial_path(&opts.output);
    let run = Run {
        opts,
        progress,
        partial: partial.clone(),
        cancel: opts.cancel.clone(),
    };
    let bundle_size = if opts.dir {
        run.write_dir(&mut manifest, &mut items)?
    } else {
        run.write_tar(&mut manifest, &mut items, recipients)?
    };

    let files = &manifest.files;
    Ok(CollectSummary {
        bundle: opts.output.clone(),
        layout,
        encrypted,
        recipients: opts.encrypt_to.len(),
        files: files.len(),
        bytes: files.iter().map(|f| f.size).sum(),
        bundle_size,
        dumps: files
            .iter()
            .filter(|f| f.category.is_dump())
            .map(|f| f.member.clone())
            .collect(),
        incomplete: files
            .iter()
            .filter(|f| !f.complete)
            .map(|f| f.member.clone())
            .collect(),
        missing: manifest.missing.clone(),
        elapsed: started.elapsed(),
        manifest,
    })
}

/// The SHA-256 placeholder of a manifest written before its hashes are known.
const PLACEHOLDER: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Extra room in a placeholder manifest for what is learnt while streaming
/// (read errors): per file, enough for `complete: false` and the unreadable
/// byte count; the global part lets error ranges be listed when few files have them.
const SLACK_GLOBAL: usize = 8192;
const SLACK_PER_FILE: usize = 64;

fn json(m: &Manifest) -> Vec<u8> {
    // Serializing these plain structs cannot fail.
    serde_json::to_vec_pretty(m).unwrap_or_default()
}

/// The manifest padded with spaces to exactly `len` bytes (the last one a
/// newline), shortening the listed read-error ranges if it does not fit:
/// first to one range per file with a short text, then to counts only.
fn fit_manifest(m: &Manifest, len: usize) -> Option<Vec<u8>> {
    let mut m = m.clone();
    for level in 0..3 {
        if level == 1 {
            for f in &mut m.files {
                f.read_errors.truncate(1);
                for e in &mut f.read_errors {
                    if e.error.chars().count() > 80 {
                        e.error = e.error.chars().take(77).collect::<String>() + "...";
                    }
                }
            }
        } else if level == 2 {
            for f in &mut m.files {
                f.read_errors.clear();
            }
        }
        let mut b = json(&m);
        if b.len() < len {
            b.resize(len - 1, b' ');
            b.push(b'\n');
            return Some(b);
        }
    }
    None
}

fn manifest_frame(manifest_bytes: &[u8], mtime: u64) -> io::Result<Vec<u8>> {
    let mut content = tarw::header(MANIFEST_MEMBER, manifest_bytes.len() as u64, mtime)?;
    content.extend_from_slice(manifest_bytes);
    content.resize(
        content.len() + tarw::padding(manifest_bytes.len() as u64),
        0,
    );
    Ok(tarw::stored_frame(&content))
}

fn checksums(manifest_sha: &str, files: &[FileEntry]) -> Vec<u8> {
    let mut s = format!("{manifest_sha}  {MANIFEST_MEMBER}\n");
    for f in files {
        s.push_str(&format!("{}  {}\n", f.sha256, f.member));
    }
    s.into_bytes()
}

fn apply(entry: &mut FileEntry, s: &Streamed) {
    entry.sha256 = hex(&s.sha256);
    entry.complete = s.unreadable_bytes == 0;
    entry.read_errors = s.read_errors.clone();
    entry.unreadable_bytes = s.unreadable_bytes;
}

fn mtime(entry: &FileEntry) -> u64 {
    entry
        .modified
        .as_deref()
        .and_then(crate::time::unix_seconds)
        .unwrap_or(0)
}

/// The output of an unencrypted or encrypted `.tar.zst`, before compression.
enum Sink {
    Plain(BufWriter<File>),
    Age(age::stream::StreamWriter<BufWriter<File>>),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Self::Plain(w) => w.write(buf),
            Self::Age(w) => w.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Self::Plain(w) => w.flush(),
            Self::Age(w) => w.flush(),
        }
    }
}

impl Sink {
    fn finish(self) -> io::Result<File> {
        let w = match self {
            Self::Plain(w) => w,
            Self::Age(w) => w.finish()?,
        };
        w.into_inner().map_err(io::IntoInnerError::into_error)
    }
}

struct Run<'a> {
    opts: &'a CollectOptions,
    progress: &'a dyn Progress,
    partial: PathBuf,
    cancel: Option<Arc<AtomicBool>>,
}

impl Run<'_> {
    fn write_err(&self, source: io::Error) -> BundleError {
        BundleError::Write {
            partial: self.partial.clone(),
            source,
        }
    }

    fn stop_err(&self, stop: Stop) -> BundleError {
        match stop {
            Stop::Sink(e) => self.write_err(e),
            Stop::Cancelled => BundleError::Cancelled {
                partial: self.partial.clone(),
            },
        }
    }

    fn cancelled(&self) -> bool {
        self.cancel
            .as_ref()
            .is_some_and(|c| c.load(Ordering::Relaxed))
    }

    /// Streams one item into `sink`, reporting progress.
    fn stream_item(
        &self,
        item: &Item,
        sink: &mut dyn FnMut(&[u8]) -> io::Result<()>,
    ) -> Result<Streamed> {
        self.progress.member(&item.entry.member);
        let mut tick = |n: u64| {
            self.progress.advance(n);
            !self.cancelled()
        };
        stream::stream(&*item.reader, item.entry.size, sink, &mut tick)
            .map_err(|s| self.stop_err(s))
    }

    fn write_tar(
        &self,
        manifest: &mut Manifest,
        items: &mut [Item],
        recipients: Recipients,
    ) -> Result<u64> {
        let encrypted = !recipients.is_empty();
        let created = crate::time::unix_seconds(&manifest.created).unwrap_or(0);
        let total: u64 = items.iter().map(|i| i.entry.size).sum();
        if encrypted {
            // First pass: hashes, so that the manifest written first is final.
            self.progress.start(Phase::Hashing, total);
            for item in items.iter_mut() {
                let s = self.stream_item(item, &mut |_| Ok(()))?;
                apply(&mut item.entry, &s);
            }
            self.progress.finish();
        } else {
            for item in items.iter_mut() {
                item.entry.sha256 = PLACEHOLDER.into();
            }
        }
        manifest.files = items.iter().map(|i| i.entry.clone()).collect();
        let first = json(manifest);
        let manifest_len = if encrypted {
            (first.len() + 1).next_multiple_of(512)
        } else {
            (first.len() + SLACK_GLOBAL + SLACK_PER_FILE * items.len()).next_multiple_of(512)
        };
        let first = fit_manifest(manifest, manifest_len)
            .ok_or_else(|| self.write_err(io::Error::other("manifest does not fit")))?;
        let frame = manifest_frame(&first, created).map_err(|e| self.write_err(e))?;

        if fs::symlink_metadata(&self.partial).is_ok_and(|m| m.is_dir()) {
            fs::remove_dir_all(&self.partial).map_err(|e| self.write_err(e))?;
        }
        let file = private_file(&self.partial).map_err(|e| self.write_err(e))?;
        let mut sink = if encrypted {
            let enc = age::Encryptor::with_recipients(
                recipients.iter().map(|r| r.as_ref() as &dyn age::Recipient),
            )
            .map_err(|e| BundleError::Encrypt(e.to_string()))?;
            Sink::Age(
                enc.wrap_output(BufWriter::with_capacity(1 << 20, file))
                    .map_err(|e| self.write_err(e))?,
            )
        } else {
            Sink::Plain(BufWriter::with_capacity(1 << 20, file))
        };
        sink.write_all(&frame).map_err(|e| self.write_err(e))?;

        let threads = self
            .opts
            .zstd_threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get() as u32));
        let mut enc = zstd::stream::write::Encoder::new(sink, self.opts.zstd_level)
            .map_err(|e| self.write_err(e))?;
        enc.include_checksum(true).map_err(|e| self.write_err(e))?;
        if threads > 1 {
            enc.multithread(threads).map_err(|e| self.write_err(e))?;
        }

        self.progress.start(Phase::Writing, total);
        let zeros = [0u8; 512];
        for item in items.iter_mut() {
            let e = &item.entry;
            let header =
                tarw::header(&e.member, e.size, mtime(e)).map_err(|e| self.write_err(e))?;
            enc.write_all(&header).map_err(|e| self.write_err(e))?;
            let s = self.stream_item(item, &mut |b| enc.write_all(b))?;
            enc.write_all(&zeros[..tarw::padding(item.entry.size)])
                .map_err(|e| self.write_err(e))?;
            if encrypted {
                let second = hex(&s.sha256);
                if second != item.entry.sha256 {
                    return Err(BundleError::SourceChanged {
                        path: item.entry.path.clone().unwrap_or(item.entry.member.clone()),
                        first: item.entry.sha256.clone(),
                        second,
                    });
                }
            } else {
                apply(&mut item.entry, &s);
            }
        }
        self.progress.finish();

        manifest.files = items.iter().map(|i| i.entry.clone()).collect();
        let final_manifest = if encrypted {
            first
        } else {
            fit_manifest(manifest, manifest_len)
                .ok_or_else(|| self.write_err(io::Error::other("manifest does not fit")))?
        };
        let sums = checksums(&crate::sha256_hex(&final_manifest), &manifest.files);
        let header =
            tarw::header(CHECKSUMS_MEMBER, sums.len() as u64, 0).map_err(|e| self.write_err(e))?;
        enc.write_all(&header).map_err(|e| self.write_err(e))?;
        enc.write_all(&sums).map_err(|e| self.write_err(e))?;
        enc.write_all(&zeros[..tarw::padding(sums.len() as u64)])
            .map_err(|e| self.write_err(e))?;
        // End of archive: two zero blocks.
        enc.write_all(&zeros).map_err(|e| self.write_err(e))?;
        enc.write_all(&zeros).map_err(|e| self.write_err(e))?;
        let sink = enc.finish().map_err(|e| self.write_err(e))?;
        let mut file = sink.finish().map_err(|e| self.write_err(e))?;
        if !encrypted {
            // The manifest member, now with every hash, over its placeholder: same length.
            let frame = manifest_frame(&final_manifest, created).map_err(|e| self.write_err(e))?;
            file.seek(SeekFrom::Start(0))
                .and_then(|_| file.write_all(&frame))
                .map_err(|e| self.write_err(e))?;
        }
        if self.cancelled() {
            return Err(BundleError::Cancelled {
                partial: self.partial.clone(),
            });
        }
        file.sync_all().map_err(|e| self.write_err(e))?;
        let size = file.metadata().map_err(|e| self.write_err(e))?.len();
        drop(file);
        self.finish_rename()?;
        Ok(size)
    }

    fn write_dir(&self, manifest: &mut Manifest, items: &mut [Item]) -> Result<u64> {
        if fs::symlink_metadata(&self.partial).is_ok() {
            let r = if fs::symlink_metadata(&self.partial).is_ok_and(|m| m.is_dir()) {
                fs::remove_dir_all(&self.partial)
            } else {
                fs::remove_file(&self.partial)
            };
            r.map_err(|e| self.write_err(e))?;
        }
        private_dir(&self.partial).map_err(|e| self.write_err(e))?;
        let mut dirs = vec![self.partial.clone()];
        let total: u64 = items.iter().map(|i| i.entry.size).sum();
        self.progress.start(Phase::Writing, total);
        let mut size = 0u64;
        for item in items.iter_mut() {
            let path = self.partial.join(&item.entry.member);
            if let Some(parent) = path.parent()
                && !parent.is_dir()
            {
                fs::create_dir_all(parent).map_err(|e| self.write_err(e))?;
                let mut p = parent.to_path_buf();
                while p != self.partial && !dirs.contains(&p) {
                    dirs.push(p.clone());
                    if !p.pop() {
                        break;
                    }
                }
            }
            let mut f = private_file(&path).map_err(|e| self.write_err(e))?;
            let s = self.stream_item(item, &mut |b| f.write_all(b))?;
            apply(&mut item.entry, &s);
            if let Some(t) = item
                .entry
                .modified
                .as_deref()
                .and_then(crate::time::system_time)
            {
                // Best effort: a file system without times is no reason to fail.
                let _ = f.set_modified(t);
            }
            f.sync_all().map_err(|e| self.write_err(e))?;
            size += item.entry.size;
        }
        self.progress.finish();
        manifest.files = items.iter().map(|i| i.entry.clone()).collect();
        let mut m = json(manifest);
        m.push(b'\n');
        let sums = checksums(&crate::sha256_hex(&m), &manifest.files);
        for (name, data) in [(MANIFEST_MEMBER, &m), (CHECKSUMS_MEMBER, &sums)] {
            let mut f = private_file(&self.partial.join(name)).map_err(|e| self.write_err(e))?;
            f.write_all(data)
                .and_then(|_| f.sync_all())
                .map_err(|e| self.write_err(e))?;
            size += data.len() as u64;
        }
        if self.cancelled() {
            return Err(BundleError::Cancelled {
                partial: self.partial.clone(),
            });
        }
        for d in dirs.iter().rev() {
            sync_dir(d).map_err(|e| self.write_err(e))?;
        }
        self.finish_rename()?;
        Ok(size)
    }

    /// Renames `.partial` to the bundle and makes the rename durable.
    fn finish_rename(&self) -> Result<()> {
        let out = &self.opts.output;
        if self.opts.overwrite {
            if let Ok(m) = fs::symlink_metadata(out) {
                let r = if m.is_dir() {
                    fs::remove_dir_all(out)
                } else {
                    fs::remove_file(out)
                };
                r.map_err(|e| self.write_err(e))?;
            }
        } else if fs::symlink_metadata(out).is_ok() {
            return Err(BundleError::OutputExists { path: out.clone() });
        }
        fs::rename(&self.partial, out).map_err(|e| self.write_err(e))?;
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        sync_dir(&parent).map_err(|e| self.write_err(e))
    }
}

/// A new file readable by its owner only (a bundle holds memory contents).
fn private_file(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

/// A new folder readable by its owner only.
fn private_dir(path: &Path) -> io::Result<()> {
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(path)
}

/// fsync of a folder (makes creations and renames in it durable). Not
/// possible on Windows; there the rename itself is what we have.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_member_names_are_checked() {
        for ok in [
            "report.json",
            "report/report.html",
            "diagnosis.txt",
            "pending.json",
        ] {
            assert!(check_member_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../b",
            "a//b",
            "manifest.json",
            "SHA256SUMS",
            "p3/x",
            "recovered/x.dmp",
            r"a\b",
        ] {
            assert!(check_member_name(bad).is_err(), "{bad}");
        }
    }

    fn entry(i: usize) -> FileEntry {
        FileEntry {
            member: format!("p1/f{i}"),
            category: Category::EventLog,
            partition: Some(1),
            path: Some(format!(r"\f{i}")),
            wanted_by: vec!["rule".into()],
            size: 1 << 30,
            created: None,
            modified: None,
            mft_modified: None,
            accessed: None,
            sha256: PLACEHOLDER.into(),
            dump_format: None,
            extracted_from: None,
            complete: true,
            read_errors: Vec::new(),
            unreadable_bytes: 0,
        }
    }

    #[test]
    fn a_manifest_always_fits_its_placeholder_whatever_the_read_errors() {
        let files: Vec<FileEntry> = (0..500).map(entry).collect();
        let mut m = Manifest {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            tool: Tool {
                name: "vmrescue".into(),
                version: "0".into(),
            },
            created: "2024-01-01T00:00:00.0000000Z".into(),
            layout: Layout::TarZst,
            encrypted: false,
            memory_dumps_wanted: true,
            hashing: Hashing::Streamed,
            checksums_member: CHECKSUMS_MEMBER.into(),
            source: SourceInfo {
                name: "d".into(),
                format: "raw".into(),
                virtual_size: 0,
            },
            windows: crate::manifest::WindowsInfo {
                partition: 1,
                system_root: r"\Windows".into(),
            },
            crash_control: crate::manifest::CrashSettings {
                read_from: "registry".into(),
                error: None,
                crash_dump_enabled: None,
                dump_file: String::new(),
                minidump_dir: String::new(),
                dedicated_dump_file: None,
                page_files: Vec::new(),
            },
            files,
            missing: Vec::new(),
        };
        let len =
            (json(&m).len() + SLACK_GLOBAL + SLACK_PER_FILE * m.files.len()).next_multiple_of(512);
        let placeholder = fit_manifest(&m, len).expect("fits");
        assert_eq!(placeholder.len(), len);
        // Worst case: every file with the largest numbers and many long errors.
        for f in &mut m.files {
            f.sha256 = "f".repeat(64);
            f.complete = false;
            f.unreadable_bytes = u64::MAX;
            f.read_errors = (0..16)
                .map(|i| crate::manifest::ReadError {
                    offset: u64::MAX - i,
                    length: u64::MAX,
                    error: "\"\\".repeat(200),
                })
                .collect();
        }
        let full = fit_manifest(&m, len).expect("the worst case still fits");
        assert_eq!(full.len(), len);
        let back: Manifest = serde_json::from_slice(&full).expect("parses with its padding");
        assert!(
            back.files
                .iter()
                .all(|f| f.unreadable_bytes == u64::MAX && !f.complete)
        );
        // Few errors: they are listed in full.
        for f in &mut m.files[1..] {
            f.read_errors.clear();
        }
        let some = fit_manifest(&m, len).expect("fits");
        let back: Manifest = serde_json::from_slice(&some).expect("parses");
        assert_eq!(back.files[0].read_errors.len(), 16);
    }

    #[test]
    fn partial_paths_append_a_suffix() {
        assert_eq!(
            partial_path(Path::new("/tmp/b.tar.zst")),
            PathBuf::from("/tmp/b.tar.zst.partial")
        );
    }
}
