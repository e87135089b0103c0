//! FAT12/16/32 (the EFI system partition that holds `\EFI\Microsoft\Boot\BCD`)
//! through the `fatfs` crate, read-only.
//!
//! `fatfs` wants a writable stream even to read; it gets a cursor whose
//! writes fail (`vmrescue_disk::Cursor`), and it was measured to attempt no
//! write on a clean volume (`shared/docs/misc-crates-check.md`). It also
//! returns a short file without an error when a cluster chain ends early, so
//! every read is checked against the directory entry's size.

use std::io::Read;
use std::sync::{Arc, Mutex};

use vmrescue_disk::{Cursor, ReadAt};

use crate::error::{FsError, Result};

type Fs = fatfs::FileSystem<Cursor<dyn ReadAt>>;

/// Largest file read from a FAT volume (ESP files are small).
const MAX_FILE: u64 = 1 << 30;

/// An open FAT volume.
pub struct FatVolume {
    fs: Mutex<Fs>,
    name: String,
}

/// A directory entry of a FAT volume.
#[derive(Debug, Clone)]
pub struct FatEntry {
    /// Long name.
    pub name: String,
    /// Whether it is a directory.
    pub is_dir: bool,
    /// Size in bytes.
    pub size: u64,
    /// Modification time as "YYYY-MM-DDTHH:MM:SS" (local time, as FAT stores it).
    pub modified: String,
    /// Creation time.
    pub created: String,
    /// FAT attribute byte.
    pub attributes: u8,
}

fn fat_path(path: &str) -> String {
    crate::path_components(path).collect::<Vec<_>>().join("/")
}

fn fmt_dt(d: fatfs::DateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        d.date.year, d.date.month, d.date.day, d.time.hour, d.time.min, d.time.sec
    )
}

impl FatVolume {
    /// Opens the FAT volume in `src`.
    pub fn open(src: Arc<dyn ReadAt>, name: &str) -> Result<Self> {
        let fs =
            fatfs::FileSystem::new(Cursor::new(src), fatfs::FsOptions::new()).map_err(|e| {
                FsError::Corrupt {
                    volume: name.into(),
                    structure: "FAT boot sector",
                    record: None,
                    offset: 0,
                    reason: e.to_string(),
                }
            })?;
        Ok(Self {
            fs: Mutex::new(fs),
            name: name.into(),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Fs> {
        self.fs.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn not_found(&self, path: &str) -> FsError {
        FsError::NotFound {
            volume: self.name.clone(),
            path: path.into(),
        }
    }

    /// The volume label from the boot sector.
    pub fn label(&self) -> Option<String> {
        let l = self.lock().volume_label();
        let l = l.trim().to_string();
        (!l.is_empty() && l != "NO NAME").then_some(l)
    }

    /// Looks up one entry.
    pub fn stat(&self, path: &str) -> Result<FatEntry> {
        let p = fat_path(path);
        if p.is_empty() {
            return Ok(FatEntry {
                name: String::new(),
                is_dir: true,
                size: 0,
                modified: String::new(),
                created: String::new(),
                attributes: 0x10,
            });
        }
        let (parent, leaf) = match p.rsplit_once('/') {
            Some((a, b)) => (a.to_string(), b.to_string()),
            None => (String::new(), p.clone()),
        };
        self.list(&parent)?
            .into_iter()
            .find(|e| {
                e.name.eq_ignore_ascii_case(&leaf) || e.name.to_uppercase() == leaf.to_uppercase()
            })
            .ok_or_else(|| self.not_found(path))
    }

    /// Lists a directory.
    pub fn list(&self, path: &str) -> Result<Vec<FatEntry>> {
        let fs = self.lock();
        let root = fs.root_dir();
        let p = fat_path(path);
        let dir = if p.is_empty() {
            root
        } else {
            root.open_dir(&p).map_err(|_| self.not_found(path))?
        };
        let mut out = Vec::new();
        for e in dir.iter() {
            let e = e.map_err(|e| FsError::Corrupt {
                volume: self.name.clone(),
                structure: "FAT directory",
                record: None,
                offset: 0,
                reason: format!("{path}: {e}"),
            })?;
            let name = e.file_name();
            if name == "." || name == ".." {
                continue;
            }
            out.push(FatEntry {
                is_dir: e.is_dir(),
                size: e.len(),
                modified: fmt_dt(e.modified()),
                created: fmt_dt(e.created()),
                attributes: e.attributes().bits(),
                name,
            });
            if out.len() > 1_000_000 {
                break;
            }
        }
        Ok(out)
    }

    /// Reads a whole file, checking the bytes read against its size.
    pub fn read(&self, path: &str) -> Result<Vec<u8>> {
        let entry = self.stat(path)?;
        if entry.is_dir {
            return Err(FsError::IsADirectory {
                volume: self.name.clone(),
                path: path.into(),
            });
        }
        if entry.size > MAX_FILE {
            return Err(FsError::Unsupported {
                volume: self.name.clone(),
                what: format!(
                    "{path}: {} bytes is larger than vmrescue reads from a FAT volume",
                    entry.size
                ),
            });
        }
        let fs = self.lock();
        let mut f = fs
            .root_dir()
            .open_file(&fat_path(path))
            .map_err(|_| self.not_found(path))?;
        let mut buf = Vec::with_capacity(entry.size as usize);
        f.read_to_end(&mut buf).map_err(|source| FsError::Io {
            volume: self.name.clone(),
            offset: 0,
            source,
        })?;
        if buf.len() as u64 != entry.size {
            return Err(FsError::Corrupt {
                volume: self.name.clone(),
                structure: "FAT cluster chain",
                record: None,
                offset: 0,
                reason: format!(
                    "{path}: the chain holds {} bytes but the directory entry says {}",
                    buf.len(),
                    entry.size
                ),
            });
        }
        Ok(buf)
    }
}
