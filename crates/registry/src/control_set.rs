//! Control sets of a SYSTEM hive. `CurrentControlSet` exists only in a
//! running system (a volatile link); offline it is resolved through
//! `Select\Current`, as Windows' own recovery scripts do.

use serde::Serialize;

use crate::error::{Problem, RegistryError, Result};
use crate::hive::{Hive, Key};

/// The `Select` key of a SYSTEM hive and the control set it designates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ControlSets {
    /// `Select\Current`: the control set the system boots with.
    pub current: u32,
    /// `Select\Default`.
    pub default: Option<u32>,
    /// `Select\LastKnownGood`.
    pub last_known_good: Option<u32>,
    /// `Select\Failed` (0 when no boot failed).
    pub failed: Option<u32>,
    /// Name of the current control set key, e.g. `"ControlSet001"`.
    pub current_key: String,
    /// Control set keys present at the root (`ControlSet001`, ...).
    pub present: Vec<String>,
    /// True when `Select\Current` could not be read and `ControlSet001` (or
    /// the first control set present) was used instead.
    pub fallback: bool,
}

/// Key name of control set `n` (`ControlSet001`).
pub fn control_set_name(n: u32) -> String {
    format!("ControlSet{n:03}")
}

fn select_value(select: &Key<'_>, name: &str) -> Result<Option<u32>> {
    match select.value(name)? {
        Some(v) => v.dword().map(Some),
        None => Ok(None),
    }
}

fn present_sets(hive: &Hive) -> Vec<String> {
    let Ok(root) = hive.root() else {
        return Vec::new();
    };
    let mut v: Vec<String> = root
        .subkeys()
        .items
        .iter()
        .map(|k| k.name().into_owned())
        .filter(|n| {
            n.len() == 13
                && n.is_ascii()
                && n[..10].eq_ignore_ascii_case("ControlSet")
                && n[10..].bytes().all(|b| b.is_ascii_digit())
        })
        .collect();
    v.sort();
    v
}

impl ControlSets {
    /// Reads `Select`. Fails when `Select\Current` is missing or unreadable.
    pub fn read(system: &Hive) -> Result<ControlSets> {
        let select = system
            .key("Select")?
            .ok_or_else(|| RegistryError::KeyNotFound {
                key: "Select".to_string(),
            })?;
        let current = select_value(&select, "Current")?.ok_or_else(|| RegistryError::Value {
            key: "Select".to_string(),
            value: "Current".to_string(),
            problem: Problem::Truncated {
                needed: 4,
                available: 0,
            },
        })?;
        Ok(ControlSets {
            current,
            default: select_value(&select, "Default").unwrap_or(None),
            last_known_good: select_value(&select, "LastKnownGood").unwrap_or(None),
            failed: select_value(&select, "Failed").unwrap_or(None),
            current_key: control_set_name(current),
            present: present_sets(system),
            fallback: false,
        })
    }

    /// Reads `Select`, or falls back to `ControlSet001` (or the first control
    /// set present) when that fails; the error is returned alongside.
    pub fn read_or_fallback(system: &Hive) -> (ControlSets, Option<RegistryError>) {
        match ControlSets::read(system) {
            Ok(c) => (c, None),
            Err(e) => {
                let present = present_sets(system);
                let key = present
                    .iter()
                    .find(|n| n.eq_ignore_ascii_case("ControlSet001"))
                    .or(present.first())
                    .cloned()
                    .unwrap_or_else(|| control_set_name(1));
                let current = key[10..].parse().unwrap_or(1);
                (
                    ControlSets {
                        current,
                        default: None,
                        last_known_good: None,
                        failed: None,
                        current_key: key,
                        present,
                        fallback: true,
                    },
                    Some(e),
                )
            }
        }
    }

    /// Replaces a leading `CurrentControlSet` component by the current
    /// control set's key name; other paths are returned unchanged.
    pub fn resolve(&self, path: &str) -> String {
        let trimmed = path.trim_start_matches('\\');
        let (first, rest) = match trimmed.find('\\') {
            Some(i) => (&trimmed[..i], &trimmed[i..]),
            None => (trimmed, ""),
        };
        if first.eq_ignore_ascii_case("CurrentControlSet") {
            format!("{}{rest}", self.current_key)
        } else {
            trimmed.to_string()
        }
    }

    /// Path of `sub` inside the current control set, e.g.
    /// `path_in_current("Control\\CrashControl")` → `ControlSet001\Control\CrashControl`.
    pub fn path_in_current(&self, sub: &str) -> String {
        let sub = sub.trim_start_matches('\\');
        if sub.is_empty() {
            self.current_key.clone()
        } else {
            format!("{}\\{sub}", self.current_key)
        }
    }
}

/// The current control set key of a SYSTEM hive.
pub fn current_control_set(system: &Hive) -> Result<Key<'_>> {
    let cs = ControlSets::read(system)?;
    system
        .key(&cs.current_key)?
        .ok_or(RegistryError::KeyNotFound {
            key: cs.current_key,
        })
}
