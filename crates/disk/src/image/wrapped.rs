//! VHDX and VMDK through their crates (`vhdx-core`, `vmdk-core`), which were
//! checked byte-exact against `qemu-img` (`shared/docs/image-crates.md`).
//!
//! Both crates expose a `Read + Seek` with a cursor; here they sit behind a
//! mutex as a [`ReadAt`]. `vmdk-core` inflates a whole grain on every read call,
//! so VMDK reads go through a one-grain cache. Both signal truncated data
//! with a short read (`Ok(0)`) in places; inside the disk that is an error.

use std::io::{self, Read, Seek, SeekFrom};
use std::sync::{Arc, Mutex};

use crate::error::{DiskError, Result};
use crate::source::{Cursor, ReadAt};

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn short_read(name: &str, format: &'static str, offset: u64) -> io::Error {
    DiskError::Corrupt {
        name: name.into(),
        format,
        structure: "data block",
        offset,
        reason: "the image ends before this part of the virtual disk (truncated image)".into(),
    }
    .into_io()
}

/// A VHDX image (fixed or dynamic; a dirty log is replayed in memory only).
pub(crate) struct Vhdx {
    inner: Mutex<vhdx::VhdxReader>,
    name: String,
    size: u64,
    /// The logical sector size from the VHDX metadata.
    pub(crate) logical_sector_size: u32,
}

impl Vhdx {
    pub(crate) fn open(src: Arc<dyn ReadAt>, name: &str) -> Result<Self> {
        let reader = vhdx::VhdxReader::open_reader(Box::new(Cursor::new(src))).map_err(|e| match e {
            vhdx::VhdxError::DifferencingNotSupported => DiskError::Unsupported {
                name: name.into(),
                what: "a differencing VHDX (it holds only changes against a parent disk)".into(),
                hint: "merge it with its parent first, e.g. `qemu-img convert -O vhdx child.vhdx merged.vhdx`".into(),
            },
            vhdx::VhdxError::ContainerTooSmall(min) => DiskError::Corrupt {
                name: name.into(),
                format: "VHDX",
                structure: "container",
                offset: 0,
                reason: format!("the file is smaller than the {min} bytes every VHDX has (truncated)"),
            },
            other => DiskError::Corrupt {
                name: name.into(),
                format: "VHDX",
                structure: "headers",
                offset: 0,
                reason: other.to_string(),
            },
        })?;
        Ok(Self {
            size: reader.virtual_disk_size(),
            logical_sector_size: reader.logical_sector_size(),
            inner: Mutex::new(reader),
            name: name.into(),
        })
    }
}

impl ReadAt for Vhdx {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        if offset >= self.size || buf.is_empty() {
            return Ok(0);
        }
        let n = buf
            .len()
            .min(usize::try_from(self.size - offset).unwrap_or(usize::MAX));
        let mut r = lock(&self.inner);
        r.seek(SeekFrom::Start(offset))?;
        match r.read(&mut buf[..n])? {
            0 => Err(short_read(&self.name, "VHDX", offset)),
            got => Ok(got),
        }
    }
    fn size(&self) -> u64 {
        self.size
    }
}

/// A VMDK image (monolithicSparse, streamOptimized and the other single-file
/// kinds `vmdk-core` reads).
pub(crate) struct Vmdk {
    inner: Mutex<VmdkState>,
    name: String,
    size: u64,
    grain: u64,
    /// The VMDK createType, e.g. "streamOptimized".
    pub(crate) create_type: String,
}

struct VmdkState {
    reader: vmdk::VmdkReader<Cursor<dyn ReadAt>>,
    cached: Option<(u64, Vec<u8>)>,
}

impl Vmdk {
    pub(crate) fn open(src: Arc<dyn ReadAt>, name: &str) -> Result<Self> {
        let reader = vmdk::VmdkReader::open(Cursor::new(src)).map_err(|e| DiskError::Corrupt {
            name: name.into(),
            format: "VMDK",
            structure: "sparse extent header",
            offset: 0,
            reason: e.to_string(),
        })?;
        let info = reader.info();
        let size = reader.virtual_disk_size();
        // Flat extents report grain 0; read them through a 64 KiB window anyway.
        let grain = if info.grain_size_bytes == 0 {
            64 << 10
        } else {
            info.grain_size_bytes
        };
        if grain > (16 << 20) {
            return Err(DiskError::Corrupt {
                name: name.into(),
                format: "VMDK",
                structure: "sparse extent header",
                offset: 0,
                reason: format!("grain size {grain} bytes is implausibly large"),
            });
        }
        Ok(Self {
            create_type: info.disk_type.clone(),
            inner: Mutex::new(VmdkState {
                reader,
                cached: None,
            }),
            name: name.into(),
            size,
            grain,
        })
    }
}

impl ReadAt for Vmdk {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        if offset >= self.size || buf.is_empty() {
            return Ok(0);
        }
        let index = offset / self.grain;
        let start = index * self.grain;
        let within = (offset - start) as usize;
        let mut st = lock(&self.inner);
        if st.cached.as_ref().is_none_or(|(i, _)| *i != index) {
            let len = self.grain.min(self.size - start) as usize;
            let mut data = st.cached.take().map(|(_, v)| v).unwrap_or_default();
            data.resize(len, 0);
            st.reader.seek(SeekFrom::Start(start))?;
            let mut done = 0;
            while done < len {
                match st.reader.read(&mut data[done..])? {
                    0 => return Err(short_read(&self.name, "VMDK", start + done as u64)),
                    n => done += n,
                }
            }
            st.cached = Some((index, data));
        }
        let Some((_, data)) = st.cached.as_ref() else {
            return Ok(0);
        };
        let n = buf.len().min(data.len() - within);
        buf[..n].copy_from_slice(&data[within..within + n]);
        Ok(n)
    }
    fn size(&self) -> u64 {
        self.size
    }
}
