//! Files on the Windows volume: crash dumps, critical system binaries (PE
//! version resources), third-party service binaries, restore anomalies.

use std::sync::Arc;

use vmrescue_artifacts::{DumpKind, Installation};
use vmrescue_disk::{Cursor, ReadAt};
use vmrescue_dump::{DumpReport, Window, analyze, detect_in_pagefile};
use vmrescue_registry::facts::CrashControl;

use crate::Evidence;
use crate::model::{FactKind, Provenance, StopOrigin};

/// The binaries a dying csrss.exe or winlogon.exe depends on (the article's
/// "mismatched system files"), in System32.
pub const CRITICAL_FILES: [&str; 18] = [
    "csrss.exe",
    "winlogon.exe",
    "smss.exe",
    "wininit.exe",
    "services.exe",
    "lsass.exe",
    "ntdll.dll",
    "kernel32.dll",
    "kernelbase.dll",
    "csrsrv.dll",
    "basesrv.dll",
    "winsrv.dll",
    "sxssrv.dll",
    "user32.dll",
    "win32k.sys",
    "win32kbase.sys",
    "win32kfull.sys",
    "ntoskrnl.exe",
];

fn kind_name(k: DumpKind) -> &'static str {
    match k {
        DumpKind::MemoryDump => "memory_dump",
        DumpKind::DedicatedDumpFile => "dedicated_dump_file",
        DumpKind::PageFile => "page_file",
        DumpKind::Minidump => "minidump",
        DumpKind::Wer => "wer",
    }
}

fn stop_fact(r: &DumpReport, origin: StopOrigin) -> Option<(FactKind, Option<String>)> {
    let DumpReport::Kernel(k) = r else {
        return None;
    };
    let b = &k.bugcheck;
    if b.code == 0 || !k.completeness.header_complete {
        return None;
    }
    let mut params = [0u64; 4];
    for p in &b.parameters {
        if let Some(slot) = params.get_mut(usize::from(p.index.saturating_sub(1))) {
            *slot = p.value;
        }
    }
    Some((
        FactKind::StopCode {
            code: b.code,
            parameters: params,
            origin,
            process: b.process.as_ref().and_then(|p| p.image_name.clone()),
            status: b.status.as_ref().map(|s| s.code),
            status_name: b.status.as_ref().and_then(|s| s.name.map(str::to_string)),
            bucket_id: Some(b.bucket_id.clone()),
        },
        k.header.system_time_utc.clone(),
    ))
}

/// Every dump Windows left: decoded for the stop code.
pub(crate) fn dumps(inst: &Installation, crash: Option<&CrashControl>, ev: &mut Evidence) {
    let mut newest: Option<String> = None;
    for loc in inst.dump_locations(crash) {
        let (Some(path), true) = (&loc.path, loc.exists) else {
            continue;
        };
        let file = match inst.open_file(path) {
            Ok(f) => f,
            Err(e) => {
                ev.error("dumps", path, e);
                continue;
            }
        };
        let (report, origin, size) = if loc.kind == DumpKind::PageFile {
            match detect_in_pagefile(&mut Cursor::new(file.clone())) {
                Ok(Some(found)) => (
                    analyze(Window::new(
                        Cursor::new(file.clone()),
                        0,
                        found.available_len,
                    )),
                    StopOrigin::PagefileDump,
                    found.dump_len,
                ),
                Ok(None) => continue,
                Err(e) => {
                    ev.error("dumps", path, e);
                    continue;
                }
            }
        } else {
            let origin = if loc.kind == DumpKind::Minidump {
                StopOrigin::Minidump
            } else {
                StopOrigin::MemoryDump
            };
            (analyze(Cursor::new(file.clone())), origin, file.size())
        };
        let report = match report {
            Ok(r) => r,
            Err(e) => {
                ev.push(
                    FactKind::DumpFound {
                        path: path.clone(),
                        dump_kind: kind_name(loc.kind).into(),
                        size,
                        complete: false,
                        crash_time: None,
                    },
                    Provenance::of(path.clone()),
                );
                ev.error("dumps", path, e);
                continue;
            }
        };
        match &report {
            DumpReport::Kernel(k) => {
                let complete = !k.completeness.truncated && k.completeness.header_complete;
                let time = k.header.system_time_utc.clone();
                ev.push(
                    FactKind::DumpFound {
                        path: path.clone(),
                        dump_kind: kind_name(loc.kind).into(),
                        size,
                        complete,
                        crash_time: time.clone(),
                    },
                    Provenance::of(path.clone()).when(time.clone()),
                );
                if let Some((fact, t)) = stop_fact(&report, origin) {
                    ev.push(
                        fact,
                        Provenance::of(path.clone())
                            .at("dump header")
                            .when(t.clone()),
                    );
                    if t.as_ref() > newest.as_ref() {
                        newest = t;
                    }
                }
            }
            DumpReport::User(u) => {
                ev.push(
                    FactKind::UserDump {
                        process: u.process_name.clone(),
                        exception: u.exception.as_ref().map(|x| x.code),
                    },
                    Provenance::of(path.clone()),
                );
            }
        }
    }
    if newest.is_some() {
        ev.crash_time = newest;
    }
}

/// Reads the version resource of a PE file, reading only its headers and
/// resource section (not the whole binary).
pub(crate) fn pe_version(
    file: &Arc<dyn ReadAt>,
) -> Result<(Option<String>, Option<String>), String> {
    let size = file.size();
    let head_len = size.min(4096) as usize;
    let mut head = vec![0u8; head_len];
    file.read_exact_at(0, &mut head)
        .map_err(|e| e.to_string())?;
    if head.len() < 64 || &head[..2] != b"MZ" {
        return Err("no MZ header".into());
    }
    let pe = u32::from_le_bytes([head[60], head[61], head[62], head[63]]) as usize;
    let h = head
        .get(pe..pe + 24)
        .ok_or("PE header outside the first 4 KiB")?;
    if &h[..4] != b"PE\0\0" {
        return Err("no PE signature".into());
    }
    let sections = usize::from(u16::from_le_bytes([h[6], h[7]]));
    let opt_len = usize::from(u16::from_le_bytes([h[20], h[21]]));
    let table = pe + 24 + opt_len;
    let mut rsrc: Option<(u64, u64)> = None;
    for i in 0..sections.min(96) {
        let s = head
            .get(table + i * 40..table + i * 40 + 40)
            .ok_or("section table outside the first 4 KiB")?;
        if &s[..6] == b".rsrc\0" {
            let raw_size = u64::from(u32::from_le_bytes([s[16], s[17], s[18], s[19]]));
            let raw_ptr = u64::from(u32::from_le_bytes([s[20], s[21], s[22], s[23]]));
            rsrc = Some((raw_ptr, raw_size));
        }
    }
    // The image with only headers and .rsrc filled in: goblin needs nothing else
    // to decode the version resource.
    let buf = match rsrc {
        Some((ptr, len))
            if ptr.checked_add(len).is_some_and(|e| e <= size) && len <= (64 << 20) =>
        {
            // A .rsrc inside the first 4 KiB (small or packed files) is
            // already in `head`: the buffer holds both, whichever ends later.
            let mut b = vec![0u8; ((ptr + len) as usize).max(head_len)];
            b[..head_len].copy_from_slice(&head);
            file.read_exact_at(ptr, &mut b[ptr as usize..])
                .map_err(|e| e.to_string())?;
            b
        }
        Some(_) => return Err(".rsrc section lies outside the file".into()),
        None => return Ok((None, None)),
    };
    let mut opts = goblin::pe::options::ParseOptions::default();
    opts.parse_attribute_certificates = false;
    opts.parse_tls_data = false;
    opts.parse_imports = false;
    opts.parse_mode = goblin::pe::options::ParseMode::Permissive;
    let pe = goblin::pe::PE::parse_with_opts(&buf, &opts).map_err(|e| e.to_string())?;
    let Some(vi) = pe
        .resource_data
        .as_ref()
        .and_then(|r| r.version_info.as_ref())
    else {
        return Ok((None, None));
    };
    let version = vi.fixed_info.as_ref().map(|f| {
        format!(
            "{}.{}.{}.{}",
            f.file_version_ms >> 16,
            f.file_version_ms & 0xffff,
            f.file_version_ls >> 16,
            f.file_version_ls & 0xffff
        )
    });
    Ok((version, vi.string_info.company_name()))
}

pub(crate) fn all_zero(file: &Arc<dyn ReadAt>) -> bool {
    let size = file.size();
    let mut buf = vec![0u8; 64 << 10];
    for at in [0, size / 2, size.saturating_sub(buf.len() as u64)] {
        let n = (size - at.min(size)).min(buf.len() as u64) as usize;
        if n == 0
            || file.read_exact_at(at, &mut buf[..n]).is_err()
            || buf[..n].iter().any(|&b| b != 0)
        {
            return false;
        }
    }
    size > 0
}

/// Restore anomalies: the RegBack folder and damaged hives (broken
/// component-store links are found by [`crate::projection`]).
pub(crate) fn restore(inst: &Installation, ev: &mut Evidence) {
    let regback = format!(r"{}\System32\config\RegBack", inst.system_root);
    if let Ok(entries) = inst.volume.list(&regback) {
        let files = entries
            .into_iter()
            .filter(|e| !e.is_dir)
            .map(|e| (e.name, e.size))
            .collect();
        ev.push(FactKind::RegBack { files }, Provenance::of(regback));
    }
    for hive in ["SYSTEM", "SOFTWARE"] {
        let path = format!(r"{}\System32\config\{hive}", inst.system_root);
        if let Ok(f) = inst.open_file(&path) {
            let size = f.size();
            if size == 0 || all_zero(&f) {
                ev.push(
                    FactKind::HiveDamaged {
                        hive: hive.into(),
                        reason: if size == 0 {
                            "the file is empty".into()
                        } else {
                            "the file holds only zeros".into()
                        },
                    },
                    Provenance::of(path),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vmrescue_disk::ReadAt;

    /// A PE32+ header with one `.rsrc` section at `ptr` of `len` bytes in a
    /// file of `size` bytes.
    fn pe_with_rsrc(ptr: u32, len: u32, size: usize) -> Vec<u8> {
        let mut b = vec![0u8; size];
        b[..2].copy_from_slice(b"MZ");
        b[60..64].copy_from_slice(&0x80u32.to_le_bytes());
        b[0x80..0x84].copy_from_slice(b"PE\0\0");
        b[0x84..0x86].copy_from_slice(&0x8664u16.to_le_bytes());
        b[0x86..0x88].copy_from_slice(&1u16.to_le_bytes()); // one section
        b[0x94..0x96].copy_from_slice(&0xF0u16.to_le_bytes()); // optional header size
        b[0x98..0x9A].copy_from_slice(&0x20Bu16.to_le_bytes()); // PE32+
        let sec = 0x98 + 0xF0;
        b[sec..sec + 6].copy_from_slice(b".rsrc\0");
        b[sec + 16..sec + 20].copy_from_slice(&len.to_le_bytes());
        b[sec + 20..sec + 24].copy_from_slice(&ptr.to_le_bytes());
        b
    }

    #[test]
    fn a_resource_section_inside_the_first_4_kib_is_no_panic() {
        // .rsrc ends at 0x300, before the 4 KiB already read: this panicked.
        for (ptr, len, size) in [
            (0x200, 0x100, 8192),
            (0x200, 0x100, 0x400),
            (0, 0, 4096),
            (0xF00, 0x800, 8192),
        ] {
            let bytes = pe_with_rsrc(ptr, len, size);
            let file: Arc<dyn ReadAt> = Arc::new(bytes);
            let _ = pe_version(&file);
        }
    }
}
