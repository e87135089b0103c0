//! Can a dump actually be written? Page file or dedicated dump file vs the
//! RAM a dump needs, Azure's temporary disk, free space, AutoReboot,
//! Overwrite. Sources: KB 254649 "Memory dump file options", "How to
//! determine the appropriate page file size", "Server Core memory dump"
//! (project `docs/domain.md` §1.8–1.10).

use serde::Serialize;
use vmrescue_registry::facts::PagingFileSpec;

use crate::{DumpType, Note};

/// Header and driver data a complete dump needs beyond RAM: 257 MB (1 MB
/// header + up to 256 MB driver data, KB 254649).
pub const COMPLETE_DUMP_OVERHEAD: u64 = 257 << 20;
/// Drive letter assumed for `%SystemRoot%` (the boot volume).
pub const SYSTEM_DRIVE: char = 'C';
/// Drive letter of Azure's temporary (resource) disk.
pub const AZURE_TEMP_DRIVE: char = 'D';

pub(crate) struct ReadinessInput {
    pub dump_type: DumpType,
    pub dump_file: String,
    pub dedicated: Option<String>,
    pub dedicated_mb: Option<u32>,
    pub auto_reboot: u32,
    pub overwrite: u32,
    pub paging_files: Vec<PagingFileSpec>,
    pub existing_page_files: Vec<String>,
    pub ram: Option<u64>,
    pub free_bytes: Option<u64>,
    pub memory_dmp_exists: Option<bool>,
    pub nmi: bool,
    pub serial_console: bool,
}

/// The readiness check: the facts it used and its notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Readiness {
    /// The dump type that will be configured.
    pub dump_type: DumpType,
    /// RAM, when given (`--ram`).
    pub ram_bytes: Option<u64>,
    /// Bytes a complete or active dump may need (RAM + 257 MB), when RAM is
    /// known.
    pub required_bytes: Option<u64>,
    /// `DumpFile` as it will be.
    pub dump_file: String,
    /// `DedicatedDumpFile` as it will be.
    pub dedicated_dump_file: Option<String>,
    /// `DumpFileSize` (MB) as it will be.
    pub dedicated_size_mb: Option<u32>,
    /// `PagingFiles` of the current control set.
    pub paging_files: Vec<String>,
    /// `ExistingPageFiles`: page files in use at the last boot.
    pub existing_page_files: Vec<String>,
    /// `AutoReboot`.
    pub auto_reboot: u32,
    /// Free space on the target volume, when known (mounted directory).
    pub free_bytes: Option<u64>,
    /// What to tell the user.
    pub notes: Vec<Note>,
}

/// The drive letter of a Windows path (`C:\x`, `\??\C:\x`,
/// `%SystemRoot%\x` → C); `None` for `?:` (any drive) or no letter.
pub(crate) fn drive_of(path: &str) -> Option<char> {
    let p = path.trim().trim_start_matches("\\??\\");
    let lower = p.to_ascii_lowercase();
    if lower.starts_with("%systemroot%") || lower.starts_with("%windir%") {
        return Some(SYSTEM_DRIVE);
    }
    let mut c = p.chars();
    match (c.next(), c.next()) {
        (Some(l), Some(':')) if l.is_ascii_alphabetic() => Some(l.to_ascii_uppercase()),
        _ => None,
    }
}

fn mb(bytes: u64) -> String {
    (bytes >> 20).to_string()
}

pub(crate) fn check(i: &ReadinessInput) -> Readiness {
    let mut notes = Vec::new();
    let full = matches!(i.dump_type, DumpType::Complete | DumpType::Active);
    let required = i.ram.filter(|_| full).map(|r| r + COMPLETE_DUMP_OVERHEAD);
    if full && i.ram.is_none() {
        notes.push(Note::info("prepare-ready-ram-unknown", vec![]));
    }
    if let Some(dd) = &i.dedicated {
        notes.push(Note::info(
            "prepare-ready-dedicated",
            vec![("path", dd.clone())],
        ));
        if drive_of(dd) == Some(AZURE_TEMP_DRIVE) {
            notes.push(Note::warn(
                "prepare-ready-dedicated-temp-disk",
                vec![("path", dd.clone())],
            ));
        }
        match (i.dedicated_mb, required) {
            (Some(size), Some(req)) if u64::from(size) << 20 < req => notes.push(Note::warn(
                "prepare-ready-dedicated-small",
                vec![("size_mb", size.to_string()), ("required_mb", mb(req))],
            )),
            (None, _) => notes.push(Note::info("prepare-ready-dedicated-auto-size", vec![])),
            _ => {}
        }
    } else {
        let on_boot: Vec<&PagingFileSpec> = i
            .paging_files
            .iter()
            .filter(|p| p.automatic || drive_of(&p.path) == Some(SYSTEM_DRIVE))
            .collect();
        let all: Vec<String> = i.paging_files.iter().map(|p| p.raw.clone()).collect();
        if on_boot.is_empty() {
            let temp = i
                .paging_files
                .iter()
                .any(|p| drive_of(&p.path) == Some(AZURE_TEMP_DRIVE));
            notes.push(Note::warn(
                if temp {
                    "prepare-ready-pagefile-temp-disk"
                } else {
                    "prepare-ready-no-pagefile"
                },
                vec![("files", all.join(", "))],
            ));
        } else {
            for p in on_boot {
                if p.system_managed || p.automatic {
                    notes.push(Note::info(
                        "prepare-ready-pagefile-system-managed",
                        vec![("file", p.raw.clone())],
                    ));
                    continue;
                }
                let max = p.maximum_mb.or(p.initial_mb).unwrap_or(0);
                match required {
                    Some(req) if max << 20 < req => notes.push(Note::warn(
                        "prepare-ready-pagefile-small",
                        vec![
                            ("file", p.raw.clone()),
                            ("size_mb", max.to_string()),
                            ("required_mb", mb(req)),
                        ],
                    )),
                    _ => notes.push(Note::info(
                        "prepare-ready-pagefile-ok",
                        vec![("file", p.raw.clone()), ("size_mb", max.to_string())],
                    )),
                }
            }
        }
    }
    if drive_of(&i.dump_file) == Some(AZURE_TEMP_DRIVE) {
        notes.push(Note::warn(
            "prepare-ready-dumpfile-temp-disk",
            vec![("path", i.dump_file.clone())],
        ));
    }
    if let Some(free) = i.free_bytes {
        let need = required.or(i.ram);
        match need {
            Some(n) if drive_of(&i.dump_file) == Some(SYSTEM_DRIVE) && free < n => {
                notes.push(Note::warn(
                    "prepare-ready-free-space-low",
                    vec![("free_mb", mb(free)), ("required_mb", mb(n))],
                ))
            }
            _ => notes.push(Note::info(
                "prepare-ready-free-space",
                vec![("free_mb", mb(free))],
            )),
        }
    }
    match (i.overwrite, i.memory_dmp_exists) {
        (0, Some(true)) => notes.push(Note::warn("prepare-ready-overwrite-off", vec![])),
        (_, Some(true)) => notes.push(Note::warn("prepare-ready-old-dump", vec![])),
        _ => {}
    }
    notes.push(Note::info(
        if i.auto_reboot == 0 {
            "prepare-ready-autoreboot-off"
        } else {
            "prepare-ready-autoreboot-on"
        },
        vec![],
    ));
    if i.nmi {
        notes.push(Note::info("prepare-ready-nmi-modern", vec![]));
    }
    if i.serial_console {
        notes.push(Note::info("prepare-ready-sac-server-only", vec![]));
    }
    Readiness {
        dump_type: i.dump_type,
        ram_bytes: i.ram,
        required_bytes: required,
        dump_file: i.dump_file.clone(),
        dedicated_dump_file: i.dedicated.clone(),
        dedicated_size_mb: i.dedicated_mb,
        paging_files: i.paging_files.iter().map(|p| p.raw.clone()).collect(),
        existing_page_files: i.existing_page_files.clone(),
        auto_reboot: i.auto_reboot,
        free_bytes: i.free_bytes,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vmrescue_registry::facts::parse_paging_file;

    fn input() -> ReadinessInput {
        ReadinessInput {
            dump_type: DumpType::Complete,
            dump_file: "%SystemRoot%\\MEMORY.DMP".into(),
            dedicated: None,
            dedicated_mb: None,
            auto_reboot: 1,
            overwrite: 1,
            paging_files: vec![parse_paging_file("D:\\pagefile.sys 0 0")],
            existing_page_files: vec![],
            ram: Some(8 << 30),
            free_bytes: Some(4 << 30),
            memory_dmp_exists: Some(false),
            nmi: true,
            serial_console: false,
        }
    }

    fn ids(r: &Readiness) -> Vec<&'static str> {
        r.notes.iter().map(|n| n.id).collect()
    }

    #[test]
    fn azure_temp_disk_page_file_and_low_space_warn() {
        let r = check(&input());
        assert_eq!(r.required_bytes, Some((8 << 30) + COMPLETE_DUMP_OVERHEAD));
        let i = ids(&r);
        assert!(i.contains(&"prepare-ready-pagefile-temp-disk"), "{i:?}");
        assert!(i.contains(&"prepare-ready-free-space-low"), "{i:?}");
        assert!(i.contains(&"prepare-ready-autoreboot-on"), "{i:?}");
    }

    #[test]
    fn small_fixed_page_file_and_dedicated_file() {
        let mut inp = input();
        inp.paging_files = vec![parse_paging_file("C:\\pagefile.sys 1024 2048")];
        let i = ids(&check(&inp)).join(" ");
        assert!(i.contains("prepare-ready-pagefile-small"), "{i}");
        inp.dedicated = Some("D:\\dd.sys".into());
        inp.dedicated_mb = Some(4096);
        let i = ids(&check(&inp)).join(" ");
        assert!(i.contains("prepare-ready-dedicated-temp-disk"), "{i}");
        assert!(i.contains("prepare-ready-dedicated-small"), "{i}");
        assert!(!i.contains("pagefile"), "{i}");
    }

    #[test]
    fn drives() {
        assert_eq!(drive_of("\\??\\D:\\pagefile.sys"), Some('D'));
        assert_eq!(drive_of("%SystemRoot%\\MEMORY.DMP"), Some('C'));
        assert_eq!(drive_of("?:\\pagefile.sys"), None);
        assert_eq!(drive_of("e:\\x"), Some('E'));
    }
}
