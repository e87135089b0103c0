//! Byte sources: the one way vmrescue reads bytes.
//!
//! Everything above this layer (image formats, partitions, file systems) reads
//! through [`ReadAt`], a positioned, shareable read interface. A positioned read
//! needs no seek state, so one open image can serve several readers at once, and
//! the file source counts every byte it reads for `--stats`.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::DiskError;

/// Positioned, read-only access to a sized sequence of bytes.
pub trait ReadAt: Send + Sync {
    /// Reads up to `buf.len()` bytes at `offset`. Returns the number of bytes
    /// read; 0 only when `offset >= size()` or `buf` is empty. Implementations
    /// may return fewer bytes than asked (e.g. one cluster at a time).
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize>;

    /// The size in bytes.
    fn size(&self) -> u64;

    /// Fills `buf` from `offset`. A read that ends early inside `size()` is
    /// corruption (a truncated image), never end of data, and is an error.
    fn read_exact_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        let mut done = 0usize;
        while done < buf.len() {
            let pos = offset
                .checked_add(done as u64)
                .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "offset overflow"))?;
            match self.read_at(pos, &mut buf[done..]) {
                Ok(0) => {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        format!(
                            "short read: {} of {} bytes at offset {:#x} (size {})",
                            done,
                            buf.len(),
                            offset,
                            self.size()
                        ),
                    ));
                }
                Ok(n) => done += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

impl<T: ReadAt + ?Sized> ReadAt for Arc<T> {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        (**self).read_at(offset, buf)
    }
    fn size(&self) -> u64 {
        (**self).size()
    }
}

impl ReadAt for [u8] {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let Ok(start) = usize::try_from(offset) else {
            return Ok(0);
        };
        if start >= self.len() {
            return Ok(0);
        }
        let n = buf.len().min(self.len() - start);
        buf[..n].copy_from_slice(&self[start..start + n]);
        Ok(n)
    }
    fn size(&self) -> u64 {
        self.len() as u64
    }
}

impl ReadAt for Vec<u8> {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        self.as_slice().read_at(offset, buf)
    }
    fn size(&self) -> u64 {
        self.len() as u64
    }
}

/// Counters of what a source actually read: requests and bytes.
#[derive(Debug, Default)]
pub struct ReadStats {
    reads: AtomicU64,
    bytes: AtomicU64,
}

impl ReadStats {
    /// Number of read calls that reached the underlying file or device.
    pub fn reads(&self) -> u64 {
        self.reads.load(Ordering::Relaxed)
    }
    /// Number of bytes read from the underlying file or device.
    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }
    fn add(&self, n: usize) {
        self.reads.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(n as u64, Ordering::Relaxed);
    }
}

/// A file or block device, opened read-only.
#[derive(Debug)]
pub struct FileSource {
    file: File,
    size: u64,
    name: String,
    block_device: bool,
    stats: Arc<ReadStats>,
}

impl FileSource {
    /// Opens `path` read-only. Regular files and block devices are accepted;
    /// the size of a block device comes from seeking to its end.
    pub fn open(path: &Path) -> Result<Self, DiskError> {
        let name = path.display().to_string();
        let open_err = |source| DiskError::Open {
            name: name.clone(),
            source,
        };
        // Read-only by construction: no write, append, create or truncate flag.
        let mut file = File::options().read(true).open(path).map_err(open_err)?;
        let meta = file.metadata().map_err(open_err)?;
        if meta.is_dir() {
            return Err(open_err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "is a directory, not a disk image or device",
            )));
        }
        let block_device = is_block_device(&meta);
        let size = if meta.is_file() {
            meta.len()
        } else {
            file.seek(SeekFrom::End(0)).map_err(open_err)?
        };
        Ok(Self {
            file,
            size,
            name,
            block_device,
            stats: Arc::new(ReadStats::default()),
        })
    }

    /// The name (path) this source was opened with.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether the source is a block device rather than a regular file.
    pub fn is_block_device(&self) -> bool {
        self.block_device
    }

    /// The read counters of this source.
    pub fn stats(&self) -> Arc<ReadStats> {
        Arc::clone(&self.stats)
    }
}

#[cfg(unix)]
fn is_block_device(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    meta.file_type().is_block_device()
}

#[cfg(not(unix))]
fn is_block_device(_meta: &std::fs::Metadata) -> bool {
    false
}

impl ReadAt for FileSource {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        if offset >= self.size || buf.is_empty() {
            return Ok(0);
        }
        let len = buf
            .len()
            .min(usize::try_from(self.size - offset).unwrap_or(usize::MAX));
        let n = pread(&self.file, &mut buf[..len], offset)?;
        self.stats.add(n);
        Ok(n)
    }
    fn size(&self) -> u64 {
        self.size
    }
}

#[cfg(unix)]
fn pread(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    use std::os::unix::fs::FileExt;
    loop {
        match file.read_at(buf, offset) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

#[cfg(windows)]
fn pread(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    use std::os::windows::fs::FileExt;
    file.seek_read(buf, offset)
}

/// A window `[start, start + len)` onto another source: a partition, a file's
/// byte range, the data area of a fixed VHD.
#[derive(Clone)]
pub struct Slice {
    inner: Arc<dyn ReadAt>,
    start: u64,
    len: u64,
}

impl Slice {
    /// A window onto `inner`. The window may extend past the end of `inner`
    /// (a truncated image); reads there fail as short reads.
    pub fn new(inner: Arc<dyn ReadAt>, start: u64, len: u64) -> Self {
        Self { inner, start, len }
    }
    /// Where the window starts in the inner source.
    pub fn start(&self) -> u64 {
        self.start
    }
}

impl ReadAt for Slice {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        if offset >= self.len || buf.is_empty() {
            return Ok(0);
        }
        let n = buf
            .len()
            .min(usize::try_from(self.len - offset).unwrap_or(usize::MAX));
        let Some(pos) = self.start.checked_add(offset) else {
            return Ok(0);
        };
        self.inner.read_at(pos, &mut buf[..n])
    }
    fn size(&self) -> u64 {
        self.len
    }
}

/// A `Read + Seek` cursor over a [`ReadAt`], for crates that want a stream.
///
/// It also implements `Write`, refusing every write with `PermissionDenied`:
/// some crates (e.g. `fatfs`) demand a writable stream even to read.
pub struct Cursor<R: ReadAt + ?Sized> {
    inner: Arc<R>,
    pos: u64,
}

impl<R: ReadAt + ?Sized> Cursor<R> {
    /// A cursor at position 0.
    pub fn new(inner: Arc<R>) -> Self {
        Self { inner, pos: 0 }
    }
}

impl<R: ReadAt + ?Sized> Read for Cursor<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read_at(self.pos, buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: ReadAt + ?Sized> Seek for Cursor<R> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        let new = match pos {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.inner.size().checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        match new {
            Some(p) => {
                self.pos = p;
                Ok(p)
            }
            None => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek to a negative or overflowing position",
            )),
        }
    }
}

impl<R: ReadAt + ?Sized> Write for Cursor<R> {
    fn write(&mut self, _buf: &[u8]) -> io::Result<usize> {
        Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "vmrescue opens evidence read-only",
        ))
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Reads exactly `len` bytes at `offset` into a new vector, with the error
/// naming the source and the offset.
pub fn read_vec(
    src: &dyn ReadAt,
    name: &str,
    offset: u64,
    len: usize,
) -> Result<Vec<u8>, DiskError> {
    let mut buf = vec![0u8; len];
    src.read_exact_at(offset, &mut buf)
        .map_err(|source| DiskError::Io {
            name: name.to_string(),
            offset,
            source,
        })?;
    Ok(buf)
}
