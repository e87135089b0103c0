//! Files on the Windows volume: crash dumps, critical system binaries (PE
//! version resources), third-party service binaries, restore anomalies.

use std::collections::HashMap;
use std::sync::Arc;

use vmrescue_artifacts::{DumpKind, Installation};
use vmrescue_disk::{Cursor, ReadAt};
use vmrescue_dump::{DumpReport, Window, analyze, detect_in_pagefile};
use vmrescue_registry::facts::{CrashControl, WindowsFacts};

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

fn all_zero(file: &Arc<dyn ReadAt>) -> bool {
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

/// Presence, emptiness and versions of the critical binaries.
pub(crate) fn system_files(inst: &Installation, facts: Option<&WindowsFacts>, ev: &mut Evidence) {
    let mut versions: Vec<(String, String)> = Vec::new();
    // An image without any of them is not a complete installation (a test
    // image, a data disk): say so once instead of reporting each as missing.
    let present = CRITICAL_FILES
        .iter()
        .filter(|n| {
            inst.volume
                .exists(&format!(r"{}\System32\{n}", inst.system_root))
        })
        .count();
    if present == 0 {
        ev.error("system_files", &format!(r"{}\System32", inst.system_root), "none of the critical system binaries is present: the image may not hold a complete Windows installation");
        return;
    }
    for name in CRITICAL_FILES {
        let path = format!(r"{}\System32\{name}", inst.system_root);
        let file = match inst.open_file(&path) {
            Ok(f) => f,
            Err(vmrescue_artifacts::ArtifactError::Fs(vmrescue_fs::FsError::NotFound {
                ..
            })) => {
                // win32k.sys is absent on some builds; the other two carry it.
                if !name.starts_with("win32k") {
                    ev.push(
                        FactKind::FileMissing { file: path.clone() },
                        Provenance::of(path),
                    );
                }
                continue;
            }
            Err(e) => {
                ev.error("system_files", &path, e);
                continue;
            }
        };
        let modified = inst.volume.stat(&path).ok().and_then(|e| e.modified);
        let size = file.size();
        let zero = size == 0 || all_zero(&file);
        if zero {
            ev.push(
                FactKind::FileEmpty {
                    file: path.clone(),
                    size,
                    all_zero: size > 0,
                },
                Provenance::of(path).when(modified),
            );
            continue;
        }
        match pe_version(&file) {
            Ok((Some(v), company)) => {
                ev.push(
                    FactKind::FileVersion {
                        file: path.clone(),
                        version: v.clone(),
                        company,
                    },
                    Provenance::of(path.clone())
                        .at("VS_VERSIONINFO")
                        .when(modified),
                );
                versions.push((path, v));
            }
            Ok((None, _)) => {}
            Err(reason) => ev.push(
                FactKind::FileNotPe {
                    file: path.clone(),
                    reason,
                },
                Provenance::of(path),
            ),
        }
    }
    // A mismatch is a file that stands apart from a clear majority: real
    // systems carry many revisions side by side (each file keeps the revision
    // of the last update that touched it), so only a strong majority that
    // agrees with the registry's build + UBR makes the odd ones evidence.
    let os = facts.and_then(|f| f.software.as_ref()).and_then(|s| {
        let b =
            s.os.current_build_number
                .as_ref()
                .or(s.os.current_build.as_ref())?
                .value
                .clone();
        Some((b, s.os.ubr.as_ref().map(|u| u.value)))
    });
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (_, v) in &versions {
        *counts.entry(v.as_str()).or_default() += 1;
    }
    let Some((majority, n)) = counts.into_iter().max_by_key(|(v, n)| (*n, v.to_string())) else {
        return;
    };
    let majority = majority.to_string();
    let strong = versions.len() >= 4 && n * 10 >= versions.len() * 6;
    let registry_agrees = os.as_ref().is_none_or(|(build, ubr)| {
        let parts: Vec<&str> = majority.split('.').collect();
        let build_ok = parts
            .get(2)
            .is_some_and(|b| b == build || enablement_base(build) == Some(*b));
        build_ok && ubr.is_none_or(|u| parts.get(3) == Some(&u.to_string().as_str()))
    });
    for (path, v) in &versions {
        let differs_build = v.split('.').nth(2) != majority.split('.').nth(2);
        if (strong && registry_agrees && v != &majority) || (strong && differs_build) {
            ev.push(
                FactKind::VersionMismatch {
                    file: path.clone(),
                    version: v.clone(),
                    expected: majority.clone(),
                },
                Provenance::of(path.clone()).at("VS_VERSIONINFO"),
            );
        }
    }
}

/// Windows 10 20H2–22H2 and Windows 11 23H2 are enablement packages: their
/// binaries carry the base build number.
fn enablement_base(build: &str) -> Option<&'static str> {
    match build {
        "19042" | "19043" | "19044" | "19045" => Some("19041"),
        "22631" => Some("22621"),
        "26200" => Some("26100"),
        _ => None,
    }
}

fn image_to_path(inst: &Installation, image: &str) -> Option<String> {
    let mut p = image.trim().trim_matches('"').to_string();
    if let Some(i) = p.to_ascii_lowercase().find(".exe") {
        p.truncate(i + 4);
    }
    let l = p.to_ascii_lowercase();
    let p = if let Some(rest) = l.strip_prefix(r"\systemroot\") {
        format!(r"{}\{}", inst.system_root, &p[p.len() - rest.len()..])
    } else if let Some(rest) = l.strip_prefix(r"\??\") {
        p[p.len() - rest.len()..].to_string()
    } else if l.starts_with("system32\\") {
        format!(r"{}\{p}", inst.system_root)
    } else {
        vmrescue_artifacts::expand_system_root(&p, &inst.system_root)
    };
    inst.on_this_volume(&p)
}

fn microsoft_path(p: &str) -> bool {
    let l = p.to_ascii_lowercase();
    l.starts_with(r"\windows\") || l.contains(r"\windows defender\") || l.contains(r"\microsoft\")
}

/// Services and drivers whose binaries are not Microsoft's. To keep reads
/// small only binaries outside `\Windows` are opened; a binary inside
/// `\Windows` is taken as Windows' own unless its CompanyName is checked by
/// `system_files`.
pub(crate) fn third_party_services(inst: &Installation, f: &WindowsFacts, ev: &mut Evidence) {
    for s in &f.system.services {
        let Some(image) = &s.image_path else { continue };
        if s.start.is_some_and(|st| st == 4) {
            continue; // disabled
        }
        let Some(path) = image_to_path(inst, image) else {
            continue;
        };
        if microsoft_path(&path) {
            continue;
        }
        let company = inst
            .open_file(&path)
            .ok()
            .and_then(|f| pe_version(&f).ok())
            .and_then(|(_, c)| c);
        if company
            .as_deref()
            .is_some_and(|c| c.to_ascii_lowercase().contains("microsoft"))
        {
            continue;
        }
        ev.push(
            FactKind::ThirdPartyService {
                name: s.name.clone(),
                image_path: image.clone(),
                company,
                start: s.start,
                last_write: Some(s.last_written.to_string()),
            },
            Provenance::of(format!(r"HKLM\SYSTEM\{}", s.key))
                .when(Some(s.last_written.to_string())),
        );
    }
}

/// Restore anomalies: the RegBack folder, damaged hives, and critical files
/// that share one modification time newer than the rest of the system.
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
    let mut times: Vec<(String, String)> = Vec::new();
    for name in CRITICAL_FILES {
        let path = format!(r"{}\System32\{name}", inst.system_root);
        if let Ok(e) = inst.volume.stat(&path)
            && let Some(m) = e.modified
        {
            times.push((path, m));
        }
    }
    if times.len() < 6 {
        return;
    }
    // Group by the time to the second.
    let mut groups: HashMap<String, Vec<String>> = HashMap::new();
    for (p, t) in &times {
        groups
            .entry(t.get(..19).unwrap_or(t).to_string())
            .or_default()
            .push(p.clone());
    }
    let newest_other = |key: &str| {
        times
            .iter()
            .filter(|(_, t)| t.get(..19) != Some(key))
            .map(|(_, t)| t.clone())
            .max()
    };
    for (t, files) in groups {
        if files.len() >= 2
            && files.len() * 2 <= times.len()
            && newest_other(&t).is_some_and(|o| day_gap(&o, &t) >= 1)
        {
            ev.push(
                FactKind::RestoreTimestamps {
                    files,
                    time: t.clone(),
                },
                Provenance::of(format!(r"{}\System32", inst.system_root)).when(Some(t)),
            );
        }
    }
}

/// Whole days by which RFC 3339 time `b` is after `a` (0 when not after).
fn day_gap(a: &str, b: &str) -> i64 {
    fn days(t: &str) -> Option<i64> {
        let y: i64 = t.get(0..4)?.parse().ok()?;
        let m: i64 = t.get(5..7)?.parse().ok()?;
        let d: i64 = t.get(8..10)?.parse().ok()?;
        Some(y * 372 + m * 31 + d)
    }
    match (days(a), days(b)) {
        (Some(x), Some(y)) if y > x => y - x,
        _ => 0,
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
