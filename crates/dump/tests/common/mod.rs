//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::{self, Read, Seek, SeekFrom};
use std::path::PathBuf;

/// Folder of the shared real fixtures, or None (with a message) when absent.
pub fn fixtures_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "SKIP: fixtures folder {} is missing (real-dump tests not run)",
            dir.display()
        );
        None
    }
}

/// A fixture file, or None with a message naming what is missing.
pub fn fixture(rel: &str) -> Option<PathBuf> {
    let p = fixtures_dir()?.join(rel);
    if p.is_file() {
        Some(p)
    } else {
        eprintln!("SKIP: fixture {} is missing", p.display());
        None
    }
}

/// Wraps a reader and counts what is read.
pub struct Counting<R> {
    pub inner: R,
    pub bytes: u64,
    pub reads: u64,
    pub largest: usize,
}

impl<R> Counting<R> {
    pub fn new(inner: R) -> Self {
        Counting {
            inner,
            bytes: 0,
            reads: 0,
            largest: 0,
        }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        self.reads += 1;
        self.largest = self.largest.max(buf.len());
        Ok(n)
    }
}

impl<R: Seek> Seek for Counting<R> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// A temporary folder removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        let p = std::env::temp_dir().join(format!(
            "vmrescue-dump-{tag}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// True when `dir`'s file system keeps holes (sparse files); the big
/// synthesized dumps are only written there. Probes with a 1 GiB hole.
pub fn sparse_supported(dir: &TempDir) -> bool {
    use std::io::Write;
    use std::os::unix::fs::MetadataExt;
    let p = dir.path("sparse-probe");
    let ok = (|| -> io::Result<bool> {
        let mut f = std::fs::File::create(&p)?;
        f.seek(SeekFrom::Start(1 << 30))?;
        f.write_all(&[1])?;
        f.sync_all()?;
        Ok(f.metadata()?.blocks() * 512 < 1 << 20)
    })()
    .unwrap_or(false);
    let _ = std::fs::remove_file(&p);
    if !ok {
        eprintln!(
            "SKIP: {} does not keep sparse files; big synthesized dump not written",
            dir.0.display()
        );
    }
    ok
}
