//! # vmrescue-fs
//!
//! Read-only file systems of a Windows OS disk: NTFS (our own reader, see
//! [`ntfs`] for why) and FAT (the EFI system partition, through `fatfs`),
//! behind one [`Volume`] type with Windows path lookup; and [`windows`], which
//! finds the Windows installation and the BCD store on a disk.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod error;
pub mod fat;
pub mod ntfs;
pub mod windows;

use std::sync::Arc;

use serde::Serialize;
use vmrescue_disk::{FsKind, ReadAt};

pub use error::{FsError, Result};

/// Splits a Windows path into its components: `\` and `/` both separate,
/// a drive prefix (`C:`) and empty components are dropped.
pub fn path_components(path: &str) -> impl Iterator<Item = &str> {
    let path = match path.as_bytes() {
        [d, b':', ..]
            if d.is_ascii_alphabetic() && !path[2..].contains(':')
                || (path.len() >= 2
                    && path.as_bytes()[1] == b':'
                    && path.as_bytes()[0].is_ascii_alphabetic()
                    && (path.len() == 2 || matches!(path.as_bytes()[2], b'\\' | b'/'))) =>
        {
            &path[2..]
        }
        _ => path,
    };
    path.split(['\\', '/'])
        .filter(|c| !c.is_empty() && *c != ".")
}

/// Splits `dir\file:stream` into the path and the stream name (`""` for the
/// main stream); a `:$DATA` type suffix is accepted.
pub fn split_stream(path: &str) -> (&str, &str) {
    let start = match path.as_bytes() {
        [d, b':', ..] if d.is_ascii_alphabetic() => 2,
        _ => 0,
    };
    let last_sep = path.rfind(['\\', '/']).map_or(start, |i| i + 1).max(start);
    match path[last_sep..].find(':') {
        Some(i) => {
            let stream = &path[last_sep + i + 1..];
            let stream = stream
                .strip_suffix(":$DATA")
                .or_else(|| stream.strip_suffix(":$data"))
                .unwrap_or(stream);
            (&path[..last_sep + i], stream)
        }
        None => (path, ""),
    }
}

/// What `ls` and `stat` show of a file.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The file name.
    pub name: String,
    /// Whether it is a directory.
    pub is_dir: bool,
    /// Size of the main data stream in bytes.
    pub size: u64,
    /// Creation time (RFC 3339, UTC for NTFS).
    pub created: Option<String>,
    /// Last modification time.
    pub modified: Option<String>,
    /// Last MFT change time (NTFS only).
    pub mft_modified: Option<String>,
    /// Last access time.
    pub accessed: Option<String>,
    /// FILE_ATTRIBUTE_* flags (FAT attribute byte on FAT).
    pub attributes: u32,
    /// MFT record number (NTFS only).
    pub record: Option<u64>,
    /// Named data streams (alternate data streams), NTFS only.
    pub streams: Vec<ntfs::StreamInfo>,
}

/// An open file system.
pub enum Volume {
    /// NTFS.
    Ntfs(ntfs::Ntfs),
    /// FAT12/16/32.
    Fat(fat::FatVolume),
}

/// Converts a FILETIME (100 ns since 1601) to RFC 3339 UTC.
pub fn filetime_to_rfc3339(ft: u64) -> Option<String> {
    if ft == 0 {
        return None;
    }
    let secs = (ft / 10_000_000) as i64 - 11_644_473_600;
    let nanos = (ft % 10_000_000) * 100;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Some(format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:07}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        nanos / 100
    ))
}

impl Volume {
    /// Opens the file system of kind `kind` in `src`.
    pub fn open(src: Arc<dyn ReadAt>, kind: FsKind, name: &str) -> Result<Self> {
        match kind {
            FsKind::Ntfs => Ok(Self::Ntfs(ntfs::Ntfs::open(src, name)?)),
            k if k.is_fat() => Ok(Self::Fat(fat::FatVolume::open(src, name)?)),
            FsKind::Bitlocker => Err(FsError::Unsupported {
                volume: name.into(),
                what: "the volume is BitLocker-encrypted: unlock it first (e.g. `dislocker` on Linux, or `manage-bde -unlock` on a Windows repair VM) and open the decrypted volume".into(),
            }),
            other => Err(FsError::Unsupported {
                volume: name.into(),
                what: format!("file system {} is not one vmrescue reads (NTFS and FAT are)", other.as_str()),
            }),
        }
    }

    /// The volume label.
    pub fn label(&self) -> Option<String> {
        match self {
            Self::Ntfs(n) => n
                .volume_info()
                .ok()
                .and_then(|(l, _)| l)
                .filter(|l| !l.is_empty()),
            Self::Fat(f) => f.label(),
        }
    }

    fn ntfs_entry(n: &ntfs::Ntfs, f: &ntfs::File, fallback_name: &str) -> Entry {
        let si = n.standard_info(f).unwrap_or_default();
        let names = n.names(f);
        let name = names
            .iter()
            .filter(|x| x.namespace != 2)
            .map(|x| x.name.clone())
            .next()
            .unwrap_or_else(|| fallback_name.to_string());
        let streams = n.streams(f);
        Entry {
            name,
            is_dir: f.is_directory,
            size: streams
                .iter()
                .find(|s| s.name.is_empty())
                .map_or(0, |s| s.size),
            created: filetime_to_rfc3339(si.created),
            modified: filetime_to_rfc3339(si.modified),
            mft_modified: filetime_to_rfc3339(si.mft_modified),
            accessed: filetime_to_rfc3339(si.accessed),
            attributes: si.attributes,
            record: Some(f.record),
            streams: streams.into_iter().filter(|s| !s.name.is_empty()).collect(),
        }
    }

    fn fat_entry(e: fat::FatEntry) -> Entry {
        let t = |s: String| (!s.is_empty()).then_some(s);
        Entry {
            name: e.name,
            is_dir: e.is_dir,
            size: e.size,
            created: t(e.created),
            modified: t(e.modified),
            mft_modified: None,
            accessed: None,
            attributes: u32::from(e.attributes),
            record: None,
            streams: Vec::new(),
        }
    }

    /// Metadata of one path.
    pub fn stat(&self, path: &str) -> Result<Entry> {
        let (path, _) = split_stream(path);
        match self {
            Self::Ntfs(n) => {
                let f = n.lookup(path)?;
                Ok(Self::ntfs_entry(
                    n,
                    &f,
                    path_components(path).last().unwrap_or("\\"),
                ))
            }
            Self::Fat(f) => f.stat(path).map(Self::fat_entry),
        }
    }

    /// Lists a directory (or shows one file when `path` is a file).
    pub fn list(&self, path: &str) -> Result<Vec<Entry>> {
        match self {
            Self::Ntfs(n) => {
                let dir = n.lookup(path)?;
                if !dir.is_directory {
                    return Ok(vec![Self::ntfs_entry(
                        n,
                        &dir,
                        path_components(path).last().unwrap_or(""),
                    )]);
                }
                let mut out = Vec::new();
                for e in n.read_dir(&dir)? {
                    // The record holds the truth (sizes in the index can lag);
                    // an unreadable record still lists with what the index says.
                    match n.file(e.record) {
                        Ok(f) => {
                            let mut entry = Self::ntfs_entry(n, &f, &e.name.name);
                            entry.name = e.name.name.clone();
                            out.push(entry);
                        }
                        Err(_) => out.push(Entry {
                            name: e.name.name.clone(),
                            is_dir: e.is_directory(),
                            size: e.name.size,
                            created: None,
                            modified: None,
                            mft_modified: None,
                            accessed: None,
                            attributes: e.name.flags,
                            record: Some(e.record),
                            streams: Vec::new(),
                        }),
                    }
                }
                Ok(out)
            }
            Self::Fat(f) => {
                let st = f.stat(path)?;
                if !st.is_dir {
                    return Ok(vec![Self::fat_entry(st)]);
                }
                Ok(f.list(path)?.into_iter().map(Self::fat_entry).collect())
            }
        }
    }

    /// Opens a file's data (`path` or `path:stream`) as a [`ReadAt`].
    pub fn open_file(&self, path: &str) -> Result<Arc<dyn ReadAt>> {
        let (file_path, stream) = split_stream(path);
        match self {
            Self::Ntfs(n) => {
                let f = n.lookup(file_path)?;
                if f.is_directory && stream.is_empty() {
                    return Err(FsError::IsADirectory {
                        volume: n.name().into(),
                        path: path.into(),
                    });
                }
                let s = n.stream(&f, stream).map_err(|e| match e {
                    FsError::NotFound { volume, .. } => FsError::NotFound {
                        volume,
                        path: path.into(),
                    },
                    other => other,
                })?;
                Ok(Arc::new(s))
            }
            Self::Fat(f) => {
                if !stream.is_empty() {
                    return Err(FsError::NotFound {
                        volume: f.label().unwrap_or_default(),
                        path: path.into(),
                    });
                }
                Ok(Arc::new(f.read(file_path)?))
            }
        }
    }

    /// Every path of a file: one per hard link (NTFS `$FILE_NAME` attributes
    /// that are not DOS 8.3 aliases), the given path among them. FAT has no
    /// hard links: the path itself.
    pub fn hard_links(&self, path: &str) -> Result<Vec<String>> {
        let (path, _) = split_stream(path);
        match self {
            Self::Ntfs(n) => {
                let f = n.lookup(path)?;
                let mut out = Vec::new();
                for name in n.names(&f).iter().filter(|x| x.namespace != 2) {
                    let p = n.path_of(name)?;
                    if !out.contains(&p) {
                        out.push(p);
                    }
                }
                Ok(out)
            }
            Self::Fat(f) => f.stat(path).map(|_| vec![path.to_string()]),
        }
    }

    /// The names in a directory and whether each is a directory, from the
    /// directory index alone (no file record is read: fast on a folder of
    /// tens of thousands of entries, such as `\Windows\WinSxS`).
    pub fn child_names(&self, path: &str) -> Result<Vec<(String, bool)>> {
        match self {
            Self::Ntfs(n) => {
                let dir = n.lookup(path)?;
                if !dir.is_directory {
                    return Err(FsError::NotADirectory {
                        volume: n.name().into(),
                        path: path.into(),
                    });
                }
                Ok(n.read_dir(&dir)?
                    .into_iter()
                    .filter(|e| e.name.namespace != 2)
                    .map(|e| {
                        let d = e.is_directory();
                        (e.name.name, d)
                    })
                    .collect())
            }
            Self::Fat(f) => Ok(f
                .list(path)?
                .into_iter()
                .map(|e| (e.name, e.is_dir))
                .collect()),
        }
    }

    /// Whether a path exists.
    pub fn exists(&self, path: &str) -> bool {
        self.stat(path).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_on_both_separators_and_drop_drive_letters() {
        let v: Vec<_> = path_components(r"C:\Windows\System32/config\SYSTEM").collect();
        assert_eq!(v, ["Windows", "System32", "config", "SYSTEM"]);
        let v: Vec<_> = path_components("/windows//system32/").collect();
        assert_eq!(v, ["windows", "system32"]);
        assert_eq!(path_components(r"\").count(), 0);
    }

    #[test]
    fn streams_are_split_from_the_last_component() {
        assert_eq!(
            split_stream(r"\dir\ads.txt:stream"),
            (r"\dir\ads.txt", "stream")
        );
        assert_eq!(split_stream(r"C:\dir\ads.txt"), (r"C:\dir\ads.txt", ""));
        assert_eq!(split_stream("ads.txt:big:$DATA"), ("ads.txt", "big"));
    }

    #[test]
    fn filetimes_convert_to_utc() {
        assert_eq!(
            filetime_to_rfc3339(116_444_736_000_000_000).as_deref(),
            Some("1970-01-01T00:00:00.0000000Z")
        );
        assert_eq!(
            filetime_to_rfc3339(132_539_328_000_000_000).as_deref(),
            Some("2021-01-01T00:00:00.0000000Z")
        );
    }
}
