//! Bug check and NTSTATUS names, from the crash-dump crate's generated tables
//! (`vmrescue_dump::tables`, generated from windows-sys), and the reverse
//! lookup a stop screen needs: a name as OCR read it → its code.

use std::sync::OnceLock;

use vmrescue_dump::tables;

use crate::text::levenshtein;

/// Names that are not in the bug check table but appear on screens and in
/// documents for a bug check (the table calls 0xC000021A WINLOGON_FATAL_ERROR;
/// older screens and Microsoft's articles say STATUS_SYSTEM_PROCESS_TERMINATED).
const ALIASES: &[(&str, u32)] = &[
    ("STATUS_SYSTEM_PROCESS_TERMINATED", 0xC000_021A),
    ("SYSTEM_PROCESS_TERMINATED", 0xC000_021A),
];

/// Code ranges the generated table uses (checked by a test against its length).
const RANGES: &[(u32, u32)] = &[
    (0x0000_0000, 0x0003_FFFF),
    (0x1000_0000, 0x1000_FFFF),
    (0x4000_0000, 0x4001_FFFF),
    (0x8000_0000, 0x8000_00FF),
    (0xC000_0000, 0xC000_0FFF),
    (0xDEAD_DEAD, 0xDEAD_DEAD),
];

fn table() -> &'static [(String, u32)] {
    static T: OnceLock<Vec<(String, u32)>> = OnceLock::new();
    T.get_or_init(|| {
        let mut v: Vec<(String, u32)> = Vec::new();
        for &(a, b) in RANGES {
            for code in a..=b {
                if let Some(n) = tables::bugcheck_name(code) {
                    v.push((n.to_string(), code));
                }
            }
        }
        v.extend(ALIASES.iter().map(|(n, c)| ((*n).to_string(), *c)));
        v
    })
}

/// Number of bug check codes found in the table by [`RANGES`] (test support).
#[cfg(test)]
pub(crate) fn scanned_codes() -> usize {
    table().len() - ALIASES.len()
}

/// The bug check's name (0xEF → CRITICAL_PROCESS_DIED).
pub fn bugcheck_name(code: u32) -> Option<&'static str> {
    tables::bugcheck_name(code)
}

/// Whether a code read off a screen can be a stop code: a known bug check
/// or an NTSTATUS error value (`vmrescue_dump::tables::is_known_stop_code`).
pub fn is_known_stop_code(code: u32) -> bool {
    tables::is_known_stop_code(code)
}

/// The NTSTATUS name (0xC0000017 → STATUS_NO_MEMORY).
pub fn ntstatus_name(code: u32) -> Option<&'static str> {
    tables::ntstatus_name(code)
}

/// A name as shown on screen, in the table's form: upper case, any run of
/// non-alphanumerics one underscore ("Critical Process Died" → CRITICAL_PROCESS_DIED).
pub fn normalize_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// The code of a bug check name, exactly (after [`normalize_name`]).
pub fn bugcheck_code(name: &str) -> Option<u32> {
    let n = normalize_name(name);
    table().iter().find(|(t, _)| *t == n).map(|(_, c)| *c)
}

/// The code of a bug check name as OCR read it: exact, else the one table
/// name within a few edits (about one per six characters) and clearly closer
/// than any other. Returns the code, the table's name and the distance.
pub fn bugcheck_code_fuzzy(name: &str) -> Option<(u32, String, usize)> {
    let n = normalize_name(name);
    if n.len() < 5 {
        return None;
    }
    if let Some((t, c)) = table().iter().find(|(t, _)| *t == n) {
        return Some((*c, t.clone(), 0));
    }
    let limit = (n.len() / 6).max(1);
    let mut hits: Vec<(usize, u32, &str)> = table()
        .iter()
        .filter_map(|(t, c)| {
            let d = levenshtein(n.as_bytes(), t.as_bytes(), limit);
            (d <= limit).then_some((d, *c, t.as_str()))
        })
        .collect();
    hits.sort_by_key(|h| h.0);
    let &(d, c, t) = hits.first()?;
    let second = hits.iter().find(|h| h.1 != c).map_or(usize::MAX, |h| h.0);
    (d < second).then(|| (c, t.to_string(), d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_code_is_found_by_the_scan() {
        assert_eq!(scanned_codes(), tables::bugcheck_table_len());
    }

    #[test]
    fn names_map_back_to_codes() {
        assert_eq!(bugcheck_code("CRITICAL PROCESS DIED"), Some(0xEF));
        assert_eq!(bugcheck_code("critical_process_died"), Some(0xEF));
        assert_eq!(
            bugcheck_code("STATUS_SYSTEM_PROCESS_TERMINATED"),
            Some(0xC000_021A)
        );
        assert_eq!(bugcheck_code("WINLOGON_FATAL_ERROR"), Some(0xC000_021A));
        assert_eq!(
            bugcheck_code_fuzzy("SYSTEM THREAD EXCEPTION NOT HANOLEO").map(|x| x.0),
            Some(0x7E)
        );
        assert_eq!(
            bugcheck_code_fuzzy("BAD SYS'EM CONFIG INFO").map(|x| x.0),
            Some(0x74)
        );
        assert_eq!(
            bugcheck_code_fuzzy("BAD SYSTEM CONFIG INF").map(|x| x.0),
            Some(0x74)
        );
        assert_eq!(
            bugcheck_code_fuzzy("DRIVER IRQL NOT LESS OR EQUAL").map(|x| x.0),
            Some(0xD1)
        );
        assert_eq!(
            bugcheck_code_fuzzy("IRQL NOT LESS OR EQUAL").map(|x| x.0),
            Some(0x0A)
        );
        assert_eq!(bugcheck_code_fuzzy("HELLO WORLD"), None);
        assert_eq!(bugcheck_code_fuzzy("X"), None);
    }
}
