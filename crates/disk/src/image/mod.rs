//! Disk image formats, detected by content (never by file name):
//! raw (files and block devices), VHD fixed and dynamic, VHDX, qcow2, VMDK.

mod qcow2;
mod vhd;
mod wrapped;

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::error::{DiskError, Result};
use crate::source::{FileSource, ReadAt, ReadStats, read_vec};

/// The container format of a disk image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImageFormat {
    /// A raw image or a block device.
    Raw,
    /// A fixed VHD: raw data followed by a 512-byte footer (Azure's format).
    VhdFixed,
    /// A dynamic (sparse) VHD.
    VhdDynamic,
    /// A VHDX, fixed or dynamic.
    Vhdx,
    /// A qcow2 image.
    Qcow2,
    /// A VMDK image.
    Vmdk,
}

impl ImageFormat {
    /// The stable name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Raw => "raw",
            Self::VhdFixed => "vhd-fixed",
            Self::VhdDynamic => "vhd-dynamic",
            Self::Vhdx => "vhdx",
            Self::Qcow2 => "qcow2",
            Self::Vmdk => "vmdk",
        }
    }
}

impl std::fmt::Display for ImageFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An opened disk image: its format and the virtual disk as a [`ReadAt`].
pub struct DiskImage {
    /// The format detected from the content.
    pub format: ImageFormat,
    /// The name the source was opened with (a path).
    pub name: String,
    /// The virtual disk.
    pub disk: Arc<dyn ReadAt>,
    /// The logical sector size if the container records it (VHDX).
    pub logical_sector_size: Option<u32>,
    /// Details worth showing (e.g. "streamOptimized", "image marked dirty").
    pub notes: Vec<String>,
    /// Whether the source is a block device.
    pub block_device: bool,
    stats: Option<Arc<ReadStats>>,
}

impl DiskImage {
    /// Opens a file or block device read-only and detects its format.
    pub fn open(path: &Path) -> Result<Self> {
        let file = FileSource::open(path)?;
        let stats = file.stats();
        let block_device = file.is_block_device();
        let name = file.name().to_string();
        let mut img = Self::from_source(Arc::new(file), &name)?;
        img.stats = Some(stats);
        img.block_device = block_device;
        Ok(img)
    }

    /// Detects the format of any byte source (a file, a buffer, a URL source).
    pub fn from_source(src: Arc<dyn ReadAt>, name: &str) -> Result<Self> {
        let size = src.size();
        let head = read_vec(&*src, name, 0, size.min(512) as usize)?;
        let mut img = Self {
            format: ImageFormat::Raw,
            name: name.into(),
            disk: Arc::clone(&src),
            logical_sector_size: None,
            notes: Vec::new(),
            block_device: false,
            stats: None,
        };
        let magic = |m: &[u8]| head.len() >= m.len() && &head[..m.len()] == m;
        if magic(b"vhdxfile") {
            let v = wrapped::Vhdx::open(src, name)?;
            img.format = ImageFormat::Vhdx;
            img.logical_sector_size = Some(v.logical_sector_size);
            img.disk = Arc::new(v);
        } else if magic(b"QFI\xfb") {
            let q = qcow2::Qcow2::open(src, name)?;
            img.format = ImageFormat::Qcow2;
            img.notes.extend(q.warnings.iter().cloned());
            img.disk = Arc::new(q);
        } else if magic(b"KDMV") || magic(b"COWD") {
            let v = wrapped::Vmdk::open(src, name)?;
            img.format = ImageFormat::Vmdk;
            img.notes.push(format!("VMDK createType {}", v.create_type));
            img.disk = Arc::new(v);
        } else if magic(b"# Disk DescriptorFile") {
            return Err(DiskError::Unsupported {
                name: name.into(),
                what: "a VMDK descriptor whose data lives in separate extent files".into(),
                hint: "open the flat extent file (…-flat.vmdk) directly, or convert with `qemu-img convert -O raw`".into(),
            });
        } else if magic(b"LUKS\xba\xbe") {
            return Err(DiskError::Unsupported {
                name: name.into(),
                what: "a LUKS-encrypted image".into(),
                hint: "unlock it (cryptsetup open) and open the mapped device".into(),
            });
        } else if let Some(footer) = vhd::parse_footer(&head) {
            // Dynamic and differencing disks carry a footer copy at offset 0;
            // it also serves when the end of the file is lost.
            let at_end = Self::footer_at_end(&*src, name)?;
            let (footer, at) = match at_end {
                Some(f) if f.checksum_ok || !footer.checksum_ok => (f, size - 512),
                _ => (footer, 0),
            };
            if at == 0 && at_end.is_none() {
                img.notes.push(
                    "VHD footer missing at the end of the file; used the copy at offset 0".into(),
                );
            }
            img.set_vhd(vhd::open(src, name, footer, at)?);
        } else if let Some(footer) = Self::footer_at_end(&*src, name)? {
            img.set_vhd(vhd::open(src, name, footer, size - 512)?);
        }
        Ok(img)
    }

    fn footer_at_end(src: &dyn ReadAt, name: &str) -> Result<Option<vhd::Footer>> {
        let size = src.size();
        if size < 1024 {
            return Ok(None);
        }
        let tail = read_vec(src, name, size - 512, 512)?;
        Ok(vhd::parse_footer(&tail))
    }

    fn set_vhd(&mut self, v: vhd::Vhd) {
        match v {
            vhd::Vhd::Fixed(s) => {
                self.format = ImageFormat::VhdFixed;
                self.disk = Arc::new(s);
            }
            vhd::Vhd::Dynamic(d) => {
                self.format = ImageFormat::VhdDynamic;
                self.disk = Arc::new(d);
            }
        }
    }

    /// The size of the virtual disk in bytes.
    pub fn virtual_size(&self) -> u64 {
        self.disk.size()
    }

    /// What the underlying file or device has read so far, if it is a file.
    pub fn stats(&self) -> Option<Arc<ReadStats>> {
        self.stats.clone()
    }
}

pub(crate) fn be_u32(b: &[u8], at: usize) -> u32 {
    let mut x = [0u8; 4];
    if let Some(s) = b.get(at..at + 4) {
        x.copy_from_slice(s);
    }
    u32::from_be_bytes(x)
}

pub(crate) fn be_u64(b: &[u8], at: usize) -> u64 {
    let mut x = [0u8; 8];
    if let Some(s) = b.get(at..at + 8) {
        x.copy_from_slice(s);
    }
    u64::from_be_bytes(x)
}
