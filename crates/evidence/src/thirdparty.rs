//! Third-party code, judged by who made it wherever it lives.
//!
//! The Windows behaviour this rests on (`docs/evidence-signals.md` §1.4, §2):
//! - Boot- and system-start drivers (`Start` 0/1), file-system minifilters
//!   (`Group` "FSFilter …" with an `Instances\…\Altitude`) and device-class
//!   filters (`Control\Class\{GUID}` `UpperFilters`/`LowerFilters`) load
//!   before or with the session manager; a faulty one is a classic cause of
//!   boot failures (Microsoft, "Troubleshoot 0x7B INACCESSIBLE_BOOT_DEVICE":
//!   remove non-standard filter entries; "Load order groups and altitudes for
//!   minifilter drivers"). They live in `System32\drivers`, so the path says
//!   nothing about who made them.
//! - Who made a binary is read from its version resource (`CompanyName`)
//!   and, for drivers, from the driver package that installed it:
//!   `\Windows\INF\oem<N>.inf` is the name Windows gives an INF added by
//!   `pnputil`/`SetupCopyOEMInf` ("not inbox"), whose `Provider` names the
//!   vendor. Neither alone is proof (anyone can write a CompanyName), but
//!   together they are what an engineer reads offline. The path alone never
//!   decides.
//! - Credential providers run in LogonUI.exe, not in winlogon or csrss
//!   (Microsoft, "Credential providers in Windows"), so they weigh below code
//!   that runs inside those processes. A bare DLL name is loaded from
//!   System32.
//! - Services that are not drivers start after csrss and winlogon, so only a
//!   recent one is worth naming.
//!
//! Cost: only binaries that load early (drivers of start 0/1, minifilters,
//! class filters) or live outside `\Windows` are opened, headers and
//! resources only; `oem*.inf` files are read up to [`MAX_INF_BYTES`] each.

use std::collections::HashMap;

use vmrescue_artifacts::Installation;
use vmrescue_registry::facts::WindowsFacts;

use crate::Evidence;
use crate::binaries::pe_version;
use crate::model::{FactKind, Provenance};
use crate::servicing::decode_text;

/// How much of one driver package INF is read.
const MAX_INF_BYTES: u64 = 1 << 20;
/// How many `oem*.inf` packages are read (a real machine has tens to a few hundred).
const MAX_INFS: usize = 4000;

/// Whether a CompanyName is Microsoft's.
pub(crate) fn is_microsoft(company: &str) -> bool {
    company.to_ascii_lowercase().contains("microsoft")
}

/// The path on this volume of a service's `ImagePath` (or a driver's default
/// `System32\drivers\<name>.sys`).
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

/// Microsoft's own folders outside `\Windows` (Defender, Update Health Tools).
fn microsoft_folder(p: &str) -> bool {
    let l = p.to_ascii_lowercase();
    l.contains(r"\windows defender\") || l.contains(r"\microsoft\")
}

/// Driver file name (lower case) → `oem42.inf (Contoso Ltd.)`, from the
/// driver packages in `\Windows\INF`.
fn driver_packages(inst: &Installation) -> HashMap<String, String> {
    let dir = format!(r"{}\INF", inst.system_root);
    let mut out = HashMap::new();
    let Ok(names) = inst.volume.child_names(&dir) else {
        return out;
    };
    for (name, _) in names
        .into_iter()
        .filter(|(n, d)| {
            let l = n.to_ascii_lowercase();
            !d && l.starts_with("oem") && l.ends_with(".inf")
        })
        .take(MAX_INFS)
    {
        let path = format!(r"{dir}\{name}");
        let Ok(f) = inst.open_file(&path) else {
            continue;
        };
        let mut buf = vec![0u8; f.size().min(MAX_INF_BYTES) as usize];
        if f.read_exact_at(0, &mut buf).is_err() {
            continue;
        }
        let text = decode_text(&buf);
        let (provider, files) = parse_inf(&text);
        let label = match provider {
            Some(p) => format!("{name} ({p})"),
            None => name.clone(),
        };
        for f in files {
            out.entry(f).or_insert_with(|| label.clone());
        }
    }
    out
}

/// The provider (with `%strkey%` resolved from `[Strings]`) and the `.sys`
/// files an INF names.
fn parse_inf(text: &str) -> (Option<String>, Vec<String>) {
    let mut section = String::new();
    let mut provider_raw: Option<String> = None;
    let mut strings: HashMap<String, String> = HashMap::new();
    let mut files: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = line.split(';').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = s.trim().to_ascii_lowercase();
            continue;
        }
        let (key, value) = match line.split_once('=') {
            Some((k, v)) => (k.trim(), v.trim()),
            None => ("", line),
        };
        if section == "version" && key.eq_ignore_ascii_case("provider") {
            provider_raw = Some(value.to_string());
        }
        if section == "strings" && !key.is_empty() {
            strings.insert(
                key.to_ascii_lowercase(),
                value.trim_matches('"').to_string(),
            );
        }
        for token in line.split([',', '=', ' ', '\t', '"', '\\']) {
            let t = token.trim().to_ascii_lowercase();
            if t.len() > 4 && t.ends_with(".sys") && !files.contains(&t) && files.len() < 256 {
                files.push(t);
            }
        }
    }
    let provider = provider_raw.map(|p| {
        let p = p.trim_matches('"').to_string();
        match p.strip_prefix('%').and_then(|x| x.strip_suffix('%')) {
            Some(k) => strings.get(&k.to_ascii_lowercase()).cloned().unwrap_or(p),
            None => p,
        }
    });
    (provider.filter(|p| !p.is_empty()), files)
}

/// Services and drivers whose binaries are not Microsoft's.
pub(crate) fn services(inst: &Installation, f: &WindowsFacts, ev: &mut Evidence) {
    // Which services filter which device classes.
    let mut filters: HashMap<String, Vec<String>> = HashMap::new();
    for c in &f.system.class_filters {
        let class = c.class_name.clone().unwrap_or_else(|| c.class_guid.clone());
        for (list, side) in [(&c.upper, "upper"), (&c.lower, "lower")] {
            for s in list {
                filters
                    .entry(s.to_ascii_lowercase())
                    .or_default()
                    .push(format!("{class} {side}"));
            }
        }
    }
    let mut packages: Option<HashMap<String, String>> = None;
    for s in &f.system.services {
        if s.start.is_some_and(|st| st == 4) {
            continue; // disabled
        }
        let class_filter = filters
            .get(&s.name.to_ascii_lowercase())
            .cloned()
            .unwrap_or_default();
        let driver = s.is_driver();
        let early = driver
            && (s.start.is_some_and(|st| st <= 1)
                || s.altitude.is_some()
                || !class_filter.is_empty());
        let image = match (&s.image_path, driver) {
            (Some(i), _) => i.clone(),
            (None, true) => format!(r"System32\drivers\{}.sys", s.name),
            (None, false) => continue,
        };
        let Some(path) = image_to_path(inst, &image) else {
            continue;
        };
        let in_windows = path
            .to_ascii_lowercase()
            .starts_with(&format!("{}\\", inst.system_root.to_ascii_lowercase()));
        // Inside \Windows only what loads early is opened (a real SYSTEM
        // lists hundreds of inbox services there).
        if (in_windows && !early) || microsoft_folder(&path) {
            continue;
        }
        let Ok(file) = inst.open_file(&path) else {
            continue; // configured, but not on the disk: it cannot load
        };
        let company = pe_version(&file).ok().and_then(|(_, c)| c);
        if company.as_deref().is_some_and(is_microsoft) {
            continue;
        }
        let file_name = path
            .rsplit('\\')
            .next()
            .unwrap_or(&path)
            .to_ascii_lowercase();
        let driver_package = if driver {
            packages
                .get_or_insert_with(|| driver_packages(inst))
                .get(&file_name)
                .cloned()
        } else {
            None
        };
        // Inside \Windows, no CompanyName and no oem package: nothing says
        // who made it, and the path alone must not.
        if in_windows && company.is_none() && driver_package.is_none() {
            continue;
        }
        ev.push(
            FactKind::ThirdPartyService {
                name: s.name.clone(),
                image_path: image,
                company,
                start: s.start,
                last_write: Some(s.last_written.to_string()),
                driver,
                group: s.group.clone(),
                altitude: s.altitude.clone(),
                class_filter,
                driver_package,
            },
            Provenance::of(format!(r"HKLM\SYSTEM\{}", s.key))
                .when(Some(s.last_written.to_string())),
        );
    }
}

/// The CompanyName of a credential provider's DLL (a bare name is loaded
/// from System32), when it can be read.
pub(crate) fn dll_company(inst: &Installation, dll: &str) -> Option<String> {
    let d = dll.trim().trim_matches('"');
    let path = if d.contains('\\') {
        vmrescue_artifacts::expand_system_root(d, &inst.system_root)
    } else {
        format!(r"{}\System32\{d}", inst.system_root)
    };
    let path = inst.on_this_volume(&path)?;
    let file = inst.open_file(&path).ok()?;
    pe_version(&file).ok().and_then(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inf_names_its_provider_and_driver_files() {
        let inf = "[Version]\r\nSignature=\"$WINDOWS NT$\"\r\nClass=ActivityMonitor\r\nProvider=%ProviderString%\r\n\
            [SourceDisksFiles]\r\ncontosoflt.sys = 1,,\r\n[DefaultInstall.NTamd64]\r\nCopyFiles=Drivers.Dir\r\n\
            [Drivers.Dir]\r\ncontosoflt.sys ; the filter\r\n[Strings]\r\nProviderString=\"Contoso Ltd.\"\r\n";
        let (p, files) = parse_inf(inf);
        assert_eq!(p.as_deref(), Some("Contoso Ltd."));
        assert_eq!(files, ["contosoflt.sys"]);
        let (p, files) = parse_inf("[Version]\nProvider=\"Acme\"\n[x]\n%12%\\acme.sys\n");
        assert_eq!(p.as_deref(), Some("Acme"));
        assert_eq!(files, ["acme.sys"]);
        assert_eq!(parse_inf("garbage \u{0}\u{1} = = [ ]"), (None, vec![]));
    }
}
