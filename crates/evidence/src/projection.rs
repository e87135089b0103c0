//! Are the binaries csrss.exe and winlogon.exe load the files Windows
//! servicing put there? Decided from the component store, not by a vote.
//!
//! The Windows behaviour this rests on (sources in
//! `docs/evidence-signals.md` §1.0, §1.1 and §4):
//! - Servicing keeps one real copy of each operating-system file in a
//!   `\Windows\WinSxS\<arch>_<name>_<token>_<version>_<lang>_<hash>` folder
//!   and *projects* it into System32 with an NTFS hard link: one MFT record,
//!   two `$FILE_NAME`s (Microsoft, "Manage the Component Store" / "Determine
//!   the actual size of the WinSxS folder"; CBS's primitive installers).
//! - A cumulative update replaces only the files it changes, so revisions
//!   differ from file to file on every healthy system (csrss.exe often stays
//!   at .1 for years): mixed revisions are never evidence.
//! - A System32 load-set file on its own record was written outside
//!   servicing. Its version then either matches an installed component (the
//!   content is right, the link was broken: a file-level copy or restore, or
//!   the documented manual fix for 0xC0000102) or matches none (replaced:
//!   the article's "mismatched system files").
//! - Servicing never breaks a projection, so several load-set files losing
//!   their link in one short window is a file-level restore (§4 "broken
//!   projection in bulk").
//! - A newer version that is staged but not installed (named in
//!   `pending.xml`) is not an installed component.
//! - A file of another build family (10.0.17763 on a 19041 system) does not
//!   belong to the installation whatever the store says.
//!
//! The load set: the fixed [`CRITICAL_FILES`], the csrss server DLLs of
//! `Session Manager\SubSystems\Windows` (`ServerDll=`), and every
//! `Session Manager\KnownDLLs` entry (mapped into every process by smss).
//! A KnownDLLs entry without a file is not evidence: x64 Windows lists
//! `wowarmhw.dll`, which only ARM64 ships.
//!
//! Cost: one lookup and the `$FILE_NAME`s per file; the WinSxS index (names
//! only, no records) is read only when a file is not projected, and folders
//! are probed for the file name by their component name first, then all of
//! them up to [`MAX_FOLDER_PROBES`].

use std::collections::HashSet;
use std::str::FromStr;

use vmrescue_artifacts::Installation;
use vmrescue_registry::facts::WindowsFacts;

use crate::Evidence;
use crate::binaries::{CRITICAL_FILES, all_zero, pe_version};
use crate::model::{FactKind, Provenance};

/// How many component folders one diagnosis may probe for a file name when
/// the component names do not point to it (a real WinSxS has 15–30 k).
pub const MAX_FOLDER_PROBES: usize = 60_000;

/// Load-set files that lose their link within this many seconds of each
/// other are one operation (a restore copies a system folder in minutes).
const BROKEN_TOGETHER_WINDOW_SECS: i64 = 3600;

/// Why a file is in the load set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// One of [`CRITICAL_FILES`]: missing is evidence.
    Required,
    /// A csrss server DLL (`ServerDll=`): runs inside csrss; missing is evidence.
    ServerDll,
    /// A KnownDLLs entry: missing is not evidence (see the module doc).
    KnownDll,
}

/// The load set, in order, without duplicates (case-insensitive).
fn load_set(facts: Option<&WindowsFacts>) -> Vec<(String, Role)> {
    let mut out: Vec<(String, Role)> = Vec::new();
    let mut add = |name: String, role: Role| {
        let name = name.trim().to_string();
        if name.is_empty() || name.contains(['\\', '/']) {
            return;
        }
        if !out.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)) {
            out.push((name, role));
        }
    };
    for f in CRITICAL_FILES {
        add(f.to_string(), Role::Required);
    }
    let sm = facts.map(|f| &f.system.session_manager);
    if let Some(sub) = sm.and_then(|s| s.subsystem_windows.as_ref()) {
        for dll in server_dlls(&sub.value) {
            add(dll, Role::ServerDll);
        }
    }
    if let Some(k) = sm.and_then(|s| s.known_dlls.as_ref()) {
        for d in &k.value {
            add(d.dll.clone(), Role::KnownDll);
        }
    }
    out
}

/// `ServerDll=winsrv:UserServerDllInitialization,3` → `winsrv.dll`.
fn server_dlls(command_line: &str) -> Vec<String> {
    command_line
        .split_whitespace()
        .filter_map(|t| {
            let v = t
                .get(..10)
                .filter(|p| p.eq_ignore_ascii_case("serverdll="))?;
            let name = t[v.len()..].split([':', ',']).next()?.trim();
            (!name.is_empty()).then(|| {
                if name.contains('.') {
                    name.to_string()
                } else {
                    format!("{name}.dll")
                }
            })
        })
        .collect()
}

/// A component folder name (key form) taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
struct KeyForm {
    /// `amd64_microsoft-windows-csrss_31bf3856ad364e35`, lower case: the
    /// component without its version.
    component: String,
    /// `microsoft-windows-csrss`, lower case.
    name: String,
    /// `10.0.19041.1`.
    version: String,
}

/// Parses `<arch>_<name>_<token>_<version>_<lang>_<hash>`. Names may hold
/// underscores, so the fixed fields are taken from both ends.
fn key_form(folder: &str) -> Option<KeyForm> {
    let parts: Vec<&str> = folder.split('_').collect();
    if parts.len() < 6 {
        return None;
    }
    let n = parts.len();
    let (version, token) = (parts[n - 3], parts[n - 4]);
    let numeric = version.split('.').count() == 4
        && version
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !numeric || token.len() != 16 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let name = parts[1..n - 4].join("_").to_ascii_lowercase();
    Some(KeyForm {
        component: format!("{}_{name}_{}", parts[0], token).to_ascii_lowercase(),
        name,
        version: version.to_string(),
    })
}

/// The installation's build number and the build its files carry (the base
/// build of an enablement package: 19045 files are 10.0.19041.x).
fn os_build(facts: Option<&WindowsFacts>) -> Option<(String, String)> {
    let os = &facts?.software.as_ref()?.os;
    let build = os
        .current_build_number
        .as_ref()
        .or(os.current_build.as_ref())?
        .value
        .trim()
        .to_string();
    let files = match build.as_str() {
        "19042" | "19043" | "19044" | "19045" => "19041",
        "22000" => "22000",
        "22631" => "22621",
        "26200" => "26100",
        b => b,
    }
    .to_string();
    Some((build, files))
}

/// A load-set file that is not projected from the store.
struct Unprojected {
    path: String,
    name: String,
    version: String,
    changed: Option<String>,
}

/// The component folder a path is a hard link of: a name
/// `\Windows\WinSxS\<folder>\<file>` among the file's links.
fn projected_from(links: &[String], winsxs: &str) -> Option<String> {
    let prefix = format!("{}\\", winsxs.to_ascii_lowercase());
    links.iter().find_map(|l| {
        let rest = l.to_ascii_lowercase();
        let rest = rest.strip_prefix(&prefix)?;
        let (folder, file) = rest.split_once('\\')?;
        (!file.contains('\\') && key_form(folder).is_some())
            .then(|| l[prefix.len()..prefix.len() + folder.len()].to_string())
    })
}

/// Presence, content, version and projection of every load-set binary.
/// `staged` holds the WinSxS folder names (lower case) that a pending.xml
/// names: staged, not installed.
pub(crate) fn system_files(
    inst: &Installation,
    facts: Option<&WindowsFacts>,
    staged: &HashSet<String>,
    ev: &mut Evidence,
) {
    let system32 = format!(r"{}\System32", inst.system_root);
    let winsxs = format!(r"{}\WinSxS", inst.system_root);
    let set = load_set(facts);
    // An image without any of them is not a complete installation (a test
    // image, a data disk): say so once instead of reporting each as missing.
    let present = CRITICAL_FILES
        .iter()
        .filter(|n| inst.volume.exists(&format!(r"{system32}\{n}")))
        .count();
    if present == 0 {
        ev.error("system_files", &system32, "none of the critical system binaries is present: the image may not hold a complete Windows installation");
        return;
    }
    let build = os_build(facts);
    let mut unprojected: Vec<Unprojected> = Vec::new();
    for (name, role) in &set {
        let path = format!(r"{system32}\{name}");
        let file = match inst.open_file(&path) {
            Ok(f) => f,
            Err(vmrescue_artifacts::ArtifactError::Fs(vmrescue_fs::FsError::NotFound {
                ..
            })) => {
                // win32k.sys is absent on some builds; the other two carry it.
                if *role != Role::KnownDll && !name.starts_with("win32k") {
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
        let entry = inst.volume.stat(&path).ok();
        let modified = entry.as_ref().and_then(|e| e.modified.clone());
        let size = file.size();
        if size == 0 || all_zero(&file) {
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
        let (version, company) = match pe_version(&file) {
            Ok((Some(v), company)) => (v, company),
            Ok((None, _)) => continue,
            Err(reason) => {
                ev.push(
                    FactKind::FileNotPe {
                        file: path.clone(),
                        reason,
                    },
                    Provenance::of(path),
                );
                continue;
            }
        };
        // Non-Microsoft code where csrss or every process maps it.
        if *role != Role::Required
            && company
                .as_deref()
                .is_some_and(|c| !crate::thirdparty::is_microsoft(c))
        {
            ev.push(
                FactKind::ThirdPartyLoadPoint {
                    point: if *role == Role::ServerDll {
                        "ServerDll"
                    } else {
                        "KnownDLLs"
                    }
                    .into(),
                    file: path.clone(),
                    company: company.clone(),
                },
                Provenance::of(path.clone()).at("VS_VERSIONINFO"),
            );
        }
        let component = inst
            .volume
            .hard_links(&path)
            .ok()
            .and_then(|links| projected_from(&links, &winsxs));
        if let Some((installed, files)) = &build {
            let family = version.split('.').take(3).collect::<Vec<_>>().join(".");
            if version.split('.').nth(2) != Some(files.as_str()) && version.starts_with("10.") {
                ev.push(
                    FactKind::BuildFamilyMismatch {
                        file: path.clone(),
                        version: family,
                        build: installed.clone(),
                    },
                    Provenance::of(path.clone()).at("VS_VERSIONINFO"),
                );
            }
        }
        if component.is_none() {
            unprojected.push(Unprojected {
                path: path.clone(),
                name: name.clone(),
                version: version.clone(),
                changed: entry.as_ref().and_then(|e| e.mft_modified.clone()),
            });
        }
        ev.push(
            FactKind::FileVersion {
                file: path.clone(),
                version,
                company,
                component,
            },
            Provenance::of(path).at("VS_VERSIONINFO").when(modified),
        );
    }
    if !unprojected.is_empty() {
        judge_unprojected(inst, &winsxs, staged, &unprojected, ev);
    }
}

/// Finds the installed component folders that hold each unprojected file
/// and says what the file is: unlinked (same version), replaced (another
/// version), or not judged (no folder holds it, or the store is unreadable).
fn judge_unprojected(
    inst: &Installation,
    winsxs: &str,
    staged: &HashSet<String>,
    files: &[Unprojected],
    ev: &mut Evidence,
) {
    let folders: Vec<(String, KeyForm)> = match inst.volume.child_names(winsxs) {
        Ok(names) => names
            .into_iter()
            .filter(|(_, dir)| *dir)
            .filter(|(n, _)| !staged.contains(&n.to_ascii_lowercase()))
            .filter_map(|(n, _)| key_form(&n).map(|k| (n, k)))
            .collect(),
        Err(e) => {
            ev.push(
                FactKind::ComponentStoreUnavailable {
                    reason: "unreadable".into(),
                    error: Some(e.to_string()),
                    files: files.iter().map(|f| f.path.clone()).collect(),
                },
                Provenance::of(winsxs),
            );
            return;
        }
    };
    let mut probes = 0usize;
    let mut holders = |name: &str| -> Vec<(String, String)> {
        let stem = name
            .rsplit_once('.')
            .map_or(name, |(s, _)| s)
            .to_ascii_lowercase();
        let holds = |folder: &str, probes: &mut usize| {
            *probes += 1;
            inst.volume.exists(&format!(r"{winsxs}\{folder}\{name}"))
        };
        // By component name first (microsoft-windows-csrss holds csrss.exe),
        // then every folder: names do not always say (lsass.exe lives in
        // microsoft-windows-lsa-minwin).
        let mut found: Vec<(String, String)> = folders
            .iter()
            .filter(|(_, k)| k.name.contains(&stem))
            .filter(|(f, _)| holds(f, &mut probes))
            .map(|(f, k)| (f.clone(), k.version.clone()))
            .collect();
        if found.is_empty() {
            for (f, k) in &folders {
                if probes >= MAX_FOLDER_PROBES {
                    break;
                }
                if !k.name.contains(&stem) && holds(f, &mut probes) {
                    found.push((f.clone(), k.version.clone()));
                }
            }
        }
        found
    };
    let mut unknown: Vec<String> = Vec::new();
    let mut unlinked: Vec<(&Unprojected, i64)> = Vec::new();
    for f in files {
        let found = holders(&f.name);
        if found.is_empty() {
            unknown.push(f.path.clone());
        } else if let Some((folder, _)) = found.iter().find(|(_, v)| *v == f.version) {
            ev.push(
                FactKind::FileUnlinked {
                    file: f.path.clone(),
                    version: f.version.clone(),
                    component: folder.clone(),
                    changed: f.changed.clone(),
                },
                Provenance::of(f.path.clone()).when(f.changed.clone()),
            );
            if let Some(t) = f.changed.as_deref().and_then(unix_secs) {
                unlinked.push((f, t));
            }
        } else {
            let mut installed: Vec<String> = found.into_iter().map(|(_, v)| v).collect();
            installed.sort();
            installed.dedup();
            ev.push(
                FactKind::FileReplaced {
                    file: f.path.clone(),
                    version: f.version.clone(),
                    installed,
                },
                Provenance::of(f.path.clone())
                    .at("VS_VERSIONINFO")
                    .when(f.changed.clone()),
            );
        }
    }
    if !unknown.is_empty() {
        ev.push(
            FactKind::ComponentStoreUnavailable {
                reason: "no_component".into(),
                error: None,
                files: unknown,
            },
            Provenance::of(winsxs),
        );
    }
    // Broken in one window: consecutive changes less than the window apart.
    unlinked.sort_by_key(|(_, t)| *t);
    let mut group: Vec<&(&Unprojected, i64)> = Vec::new();
    let flush = |group: &mut Vec<&(&Unprojected, i64)>, ev: &mut Evidence| {
        if group.len() >= 2 {
            let time = group[0].0.changed.clone().unwrap_or_default();
            ev.push(
                FactKind::LinksBrokenTogether {
                    files: group.iter().map(|(f, _)| f.path.clone()).collect(),
                    time: time.clone(),
                },
                Provenance::of(winsxs).when(Some(time)),
            );
        }
        group.clear();
    };
    for item in &unlinked {
        if group
            .last()
            .is_some_and(|(_, t)| item.1 - t > BROKEN_TOGETHER_WINDOW_SECS)
        {
            flush(&mut group, ev);
        }
        group.push(item);
    }
    flush(&mut group, ev);
}

/// Seconds since 1970 of an RFC 3339 UTC time (`2024-01-02T03:04:05…Z`).
fn unix_secs(t: &str) -> Option<i64> {
    let ts = jiff::Timestamp::from_str(t).ok()?;
    Some(ts.as_second())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_forms_parse_from_both_ends() {
        let k = key_form(
            "amd64_microsoft-windows-csrss_31bf3856ad364e35_10.0.19041.1_none_8c3aa8a1b8c6bd6b",
        )
        .unwrap();
        assert_eq!(k.name, "microsoft-windows-csrss");
        assert_eq!(k.version, "10.0.19041.1");
        assert_eq!(
            k.component,
            "amd64_microsoft-windows-csrss_31bf3856ad364e35"
        );
        let k = key_form("wow64_microsoft-windows-s..cecontroller-minwin_31bf3856ad364e35_10.0.19041.3636_none_0123456789abcdef").unwrap();
        assert_eq!(k.name, "microsoft-windows-s..cecontroller-minwin");
        assert!(key_form("Manifests").is_none());
        assert!(key_form("amd64_x_31bf3856ad364e35_10.0.x.1_none_00").is_none());
        assert!(key_form("Temp").is_none());
    }

    #[test]
    fn server_dlls_come_from_the_csrss_command_line() {
        let cmd = r"%SystemRoot%\system32\csrss.exe ObjectDirectory=\Windows SharedSection=1024,20480,768 Windows=On SubSystemType=Windows ServerDll=basesrv,1 ServerDll=winsrv:UserServerDllInitialization,3 ServerDll=sxssrv,4 ProfileControl=Off MaxRequestThreads=16";
        assert_eq!(
            server_dlls(cmd),
            ["basesrv.dll", "winsrv.dll", "sxssrv.dll"]
        );
        assert!(server_dlls("ServerDll= ServerDll=").is_empty());
    }

    #[test]
    fn a_projection_is_a_link_directly_inside_a_component_folder() {
        let w = r"\Windows\WinSxS";
        let links = vec![
            r"\Windows\System32\csrss.exe".to_string(),
            r"\Windows\WinSxS\amd64_microsoft-windows-csrss_31bf3856ad364e35_10.0.19041.1_none_8c3aa8a1b8c6bd6b\csrss.exe".to_string(),
        ];
        assert_eq!(
            projected_from(&links, w).as_deref(),
            Some(
                "amd64_microsoft-windows-csrss_31bf3856ad364e35_10.0.19041.1_none_8c3aa8a1b8c6bd6b"
            )
        );
        // A delta in r\ or a Backup copy is not a projection.
        let links = vec![
            r"\Windows\System32\csrss.exe".to_string(),
            r"\Windows\WinSxS\amd64_microsoft-windows-csrss_31bf3856ad364e35_10.0.19041.1_none_8c3aa8a1b8c6bd6b\r\csrss.exe".to_string(),
            r"\Windows\WinSxS\Backup\csrss.exe".to_string(),
        ];
        assert_eq!(projected_from(&links, w), None);
    }
}
