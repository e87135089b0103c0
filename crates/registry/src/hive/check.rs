//! Structural checks stricter than reading needs, the invariants Windows
//! relies on when it loads a hive: cells tile every hive bin exactly, every
//! key is reachable, subkey lists are sorted the way Windows' binary search
//! expects and carry the right hints and hashes, keys point back to their
//! parents and to security cells, values and their data are readable.
//! Used to verify what [`super::HiveWriter`] produced.

use std::cmp::Ordering;

use super::writer::compare_key_names;
use super::{HBIN_HEADER, Hive, Key, WalkControl, u16_at, u32_at};
use crate::error::{Problem, RegistryError};
use crate::text;

fn err(structure: &'static str, offset: u32, problem: Problem) -> RegistryError {
    RegistryError::Cell {
        structure,
        offset,
        problem,
    }
}

fn units(k: &Key<'_>) -> Vec<u16> {
    if k.is_name_compressed() {
        k.name_raw().iter().map(|&b| u16::from(b)).collect()
    } else {
        text::utf16_units(k.name_raw()).collect()
    }
}

/// Leaf entries `(list offset, nk offset, hint kind, hint)` of a subkey
/// list, following one "ri" level.
fn leaf_entries(hive: &Hive, list: u32, out: &mut Vec<(u32, u32, u8, u32)>, depth: u32) {
    let Ok(c) = hive.cell(list, "subkey list") else {
        return;
    };
    if c.len() < 4 {
        return;
    }
    let n = usize::from(u16_at(c, 2));
    match &c[0..2] {
        b"ri" if depth == 0 => {
            for i in 0..n.min((c.len() - 4) / 4) {
                leaf_entries(hive, u32_at(c, 4 + 4 * i), out, 1);
            }
        }
        b"li" => {
            for i in 0..n.min((c.len() - 4) / 4) {
                out.push((list, u32_at(c, 4 + 4 * i), b'i', 0));
            }
        }
        b"lf" | b"lh" => {
            for i in 0..n.min((c.len() - 4) / 8) {
                out.push((list, u32_at(c, 4 + 8 * i), c[1], u32_at(c, 8 + 8 * i)));
            }
        }
        _ => {}
    }
}

fn check_key(hive: &Hive, key: &Key<'_>, out: &mut Vec<RegistryError>) {
    let off = key.offset();
    // Security cell.
    match hive.cell(key.security_offset(), "sk") {
        Ok(c) if c.len() >= 20 && &c[0..2] == b"sk" => {}
        Ok(_) => out.push(err(
            "nk",
            off,
            Problem::InvalidField {
                field: "security offset (not an sk cell)",
                value: u64::from(key.security_offset()),
            },
        )),
        Err(e) => out.push(e),
    }
    // Values.
    let values = key.values();
    out.extend(values.errors);
    for v in values.items {
        if let Err(e) = v.data() {
            out.push(e);
        }
    }
    // Subkeys: order, hints, parent pointers.
    if key.subkey_count() == 0 {
        return;
    }
    let mut entries = Vec::new();
    leaf_entries(hive, key.subkey_list_offset(), &mut entries, 0);
    if entries.len() as u64 != u64::from(key.subkey_count()) {
        out.push(err(
            "nk",
            off,
            Problem::CountMismatch {
                what: "subkey count vs list entries",
                expected: u64::from(key.subkey_count()),
                found: entries.len() as u64,
            },
        ));
    }
    let mut prev: Option<Vec<u16>> = None;
    for (list, child, kind, hint) in entries {
        let Ok(k) = hive.key_at(child) else {
            out.push(err(
                "subkey list",
                list,
                Problem::InvalidField {
                    field: "entry is not a key node",
                    value: u64::from(child),
                },
            ));
            continue;
        };
        if k.parent_offset() != off {
            out.push(err(
                "nk",
                child,
                Problem::InvalidField {
                    field: "parent offset (not the key listing it)",
                    value: u64::from(k.parent_offset()),
                },
            ));
        }
        let u = units(&k);
        match kind {
            b'h' => {
                let name = String::from_utf16_lossy(&u);
                if text::lh_hash(&name) != hint {
                    out.push(err(
                        "lh",
                        list,
                        Problem::InvalidField {
                            field: "name hash",
                            value: u64::from(hint),
                        },
                    ));
                }
            }
            b'f' => {
                let h = hint.to_le_bytes();
                let ok = h == [0; 4]
                    || (0..4).all(|i| {
                        let c = u.get(i).copied().unwrap_or(0);
                        c > 0xFF || u16::from(h[i]) == c
                    });
                if !ok {
                    out.push(err(
                        "lf",
                        list,
                        Problem::InvalidField {
                            field: "name hint",
                            value: u64::from(hint),
                        },
                    ));
                }
            }
            _ => {}
        }
        if let Some(p) = &prev
            && compare_key_names(p, &u) != Ordering::Less
        {
            out.push(err(
                "subkey list",
                list,
                Problem::InvalidField {
                    field: "order (names not strictly ascending)",
                    value: u64::from(child),
                },
            ));
        }
        prev = Some(u);
    }
}

impl Hive {
    /// Checks the invariants Windows relies on (see the module
    /// documentation). Empty for a sound hive. Slow on large hives (it
    /// reads every key and value): meant for verifying written hives.
    pub fn check_structure(&self) -> Vec<RegistryError> {
        let mut out: Vec<RegistryError> = self.problems().to_vec();
        for bin in &self.bins {
            let mut p = bin.start + HBIN_HEADER;
            while p < bin.end {
                let size = u32_at(&self.data, super::BASE_BLOCK_SIZE + p as usize) as i32;
                let len = size.unsigned_abs();
                if len < 8
                    || !len.is_multiple_of(8)
                    || u64::from(p) + u64::from(len) > u64::from(bin.end)
                {
                    out.push(err("cell", p, Problem::BadCellSize { size }));
                    break;
                }
                p += len;
            }
        }
        let report = self.walk(|e| {
            check_key(self, e.key, &mut out);
            WalkControl::Continue
        });
        out.extend(report.errors.into_iter().map(|e| e.error));
        out
    }
}
