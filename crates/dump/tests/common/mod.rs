//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::{self, Read, Seek, SeekFrom};
use std::path::PathBuf;

/// A real fixture (relative to `fixtures/`): the repository's copy, or the
/// shared set's for unlicensed or GPL material, or `None` after a `SKIPPED:`
/// line when that is absent.
pub fn fixture(rel: &str) -> Option<PathBuf> {
    vmrescue_testkit::real(rel)
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
        vmrescue_testkit::skip(format!(
            "{} does not keep sparse files; big synthesized dump not written",
            dir.0.display()
        ));
    }
    ok
}
