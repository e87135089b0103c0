//! Comparing two versions of a hive key by key and value by value: what an
//! edit changed, and that it changed nothing else.

use std::collections::BTreeMap;

use serde::Serialize;

use super::writer::RegValue;
use super::{Hive, Key, MAX_DEPTH, ValueType};
use crate::error::RegistryError;
use crate::text;

/// One difference between two hives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum TreeChange {
    /// A key exists only in the second hive.
    KeyAdded {
        /// Key path.
        path: String,
    },
    /// A key exists only in the first hive.
    KeyRemoved {
        /// Key path.
        path: String,
    },
    /// The key's last-written time differs.
    KeyTimestamp {
        /// Key path.
        path: String,
    },
    /// Another property of the key differs: `"flags"`, `"class name"` or
    /// `"security descriptor"`.
    KeyProperty {
        /// Key path.
        path: String,
        /// Which property.
        what: &'static str,
    },
    /// A value exists only in the second hive.
    ValueAdded {
        /// Key path.
        path: String,
        /// Value name.
        name: String,
        /// The new value.
        after: RegValue,
    },
    /// A value exists only in the first hive.
    ValueRemoved {
        /// Key path.
        path: String,
        /// Value name.
        name: String,
        /// The old value.
        before: RegValue,
    },
    /// A value's type or data differs.
    ValueChanged {
        /// Key path.
        path: String,
        /// Value name.
        name: String,
        /// The old value.
        before: RegValue,
        /// The new value.
        after: RegValue,
    },
}

impl TreeChange {
    /// The key path the change is about.
    pub fn path(&self) -> &str {
        match self {
            TreeChange::KeyAdded { path }
            | TreeChange::KeyRemoved { path }
            | TreeChange::KeyTimestamp { path }
            | TreeChange::KeyProperty { path, .. }
            | TreeChange::ValueAdded { path, .. }
            | TreeChange::ValueRemoved { path, .. }
            | TreeChange::ValueChanged { path, .. } => path,
        }
    }
}

/// The differences found, and what could not be compared.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TreeDiff {
    /// Differences, in depth-first order of the second hive.
    pub changes: Vec<TreeChange>,
    /// Structures that could not be read in either hive (the comparison is
    /// then incomplete).
    pub errors: Vec<RegistryError>,
}

fn upper(name: &str) -> Vec<u16> {
    name.encode_utf16().map(text::upcase_unit).collect()
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}\\{name}")
    }
}

fn security_bytes(key: &Key<'_>) -> Option<Vec<u8>> {
    let c = key.hive().cell(key.security_offset(), "sk").ok()?;
    let len = super::u32_at(c, 16) as usize;
    c.get(20..20 + len).map(<[u8]>::to_vec)
}

type Values = BTreeMap<Vec<u16>, (String, RegValue)>;

fn values_of(key: &Key<'_>, errors: &mut Vec<RegistryError>) -> Values {
    let listing = key.values();
    errors.extend(listing.errors);
    let mut out = BTreeMap::new();
    for v in listing.items {
        let name = v.name().into_owned();
        match v.data() {
            Ok(d) => {
                out.insert(
                    upper(&name),
                    (
                        name,
                        RegValue {
                            value_type: ValueType::from_raw(v.raw_type()),
                            data: d.into_owned(),
                        },
                    ),
                );
            }
            Err(e) => errors.push(e),
        }
    }
    out
}

fn subkeys_of<'h>(key: &Key<'h>, errors: &mut Vec<RegistryError>) -> BTreeMap<Vec<u16>, Key<'h>> {
    let listing = key.subkeys();
    errors.extend(listing.errors);
    listing
        .items
        .into_iter()
        .map(|k| (upper(&k.name()), k))
        .collect()
}

fn compare(
    before: Option<&Key<'_>>,
    after: Option<&Key<'_>>,
    path: &str,
    depth: u32,
    out: &mut TreeDiff,
) {
    if depth > MAX_DEPTH {
        return;
    }
    match (before, after) {
        (None, Some(_)) => out.changes.push(TreeChange::KeyAdded {
            path: path.to_string(),
        }),
        (Some(_), None) => out.changes.push(TreeChange::KeyRemoved {
            path: path.to_string(),
        }),
        (Some(b), Some(a)) => {
            if b.last_written() != a.last_written() {
                out.changes.push(TreeChange::KeyTimestamp {
                    path: path.to_string(),
                });
            }
            if b.flags() != a.flags() {
                out.changes.push(TreeChange::KeyProperty {
                    path: path.to_string(),
                    what: "flags",
                });
            }
            if b.class_name().ok() != a.class_name().ok() {
                out.changes.push(TreeChange::KeyProperty {
                    path: path.to_string(),
                    what: "class name",
                });
            }
            if security_bytes(b) != security_bytes(a) {
                out.changes.push(TreeChange::KeyProperty {
                    path: path.to_string(),
                    what: "security descriptor",
                });
            }
        }
        (None, None) => return,
    }
    let vb = before
        .map(|k| values_of(k, &mut out.errors))
        .unwrap_or_default();
    let va = after
        .map(|k| values_of(k, &mut out.errors))
        .unwrap_or_default();
    for (k, (name, b)) in &vb {
        match va.get(k) {
            None => out.changes.push(TreeChange::ValueRemoved {
                path: path.to_string(),
                name: name.clone(),
                before: b.clone(),
            }),
            Some((_, a)) if a != b => out.changes.push(TreeChange::ValueChanged {
                path: path.to_string(),
                name: name.clone(),
                before: b.clone(),
                after: a.clone(),
            }),
            Some(_) => {}
        }
    }
    for (k, (name, a)) in &va {
        if !vb.contains_key(k) {
            out.changes.push(TreeChange::ValueAdded {
                path: path.to_string(),
                name: name.clone(),
                after: a.clone(),
            });
        }
    }
    let sb = before
        .map(|k| subkeys_of(k, &mut out.errors))
        .unwrap_or_default();
    let sa = after
        .map(|k| subkeys_of(k, &mut out.errors))
        .unwrap_or_default();
    let mut names: Vec<&Vec<u16>> = sb.keys().chain(sa.keys()).collect();
    names.sort();
    names.dedup();
    for n in names {
        let b = sb.get(n);
        let a = sa.get(n);
        let name = a.or(b).map(|k| k.name().into_owned()).unwrap_or_default();
        compare(b, a, &join(path, &name), depth + 1, out);
    }
}

/// Compares two hives key by key (names case-insensitive) and value by
/// value (type and data). Paths are relative to the root (`""` is the root).
pub fn diff_trees(before: &Hive, after: &Hive) -> TreeDiff {
    let mut out = TreeDiff::default();
    match (before.root(), after.root()) {
        (Ok(b), Ok(a)) => compare(Some(&b), Some(&a), "", 0, &mut out),
        (Err(e), _) | (_, Err(e)) => out.errors.push(e),
    }
    out
}
