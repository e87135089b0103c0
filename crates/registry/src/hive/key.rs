//! Key nodes ("nk") and subkey lists ("li", "lf", "lh", "ri").

use std::borrow::Cow;
use std::collections::HashSet;

use serde::Serialize;

use super::{Hive, NIL, Value, u16_at, u32_at, u64_at};
use crate::FileTime;
use crate::error::{Problem, RegistryError, Result, show_bytes};
use crate::text;

/// Key node flag: volatile key (never on disk).
pub const KEY_VOLATILE: u16 = 0x0001;
/// Key node flag: mount point of another hive.
pub const KEY_HIVE_EXIT: u16 = 0x0002;
/// Key node flag: root key of the hive.
pub const KEY_HIVE_ENTRY: u16 = 0x0004;
/// Key node flag: cannot be deleted.
pub const KEY_NO_DELETE: u16 = 0x0008;
/// Key node flag: symbolic link (target in value "SymbolicLinkValue").
pub const KEY_SYM_LINK: u16 = 0x0010;
/// Key node flag: the name is stored one byte per character (Latin-1).
pub const KEY_COMP_NAME: u16 = 0x0020;
/// Key node flag: predefined handle (the value count holds a handle).
pub const KEY_PREDEF_HANDLE: u16 = 0x0040;

/// Deepest ri → leaf nesting followed (Windows allows one level).
const MAX_LIST_DEPTH: u32 = 4;

/// Readable items plus the errors met while listing them. A listing with
/// errors is incomplete: callers must not treat it as the full set.
#[derive(Debug, Clone)]
pub struct Listing<T> {
    /// The items that could be read, in stored order.
    pub items: Vec<T>,
    /// What could not be read.
    pub errors: Vec<RegistryError>,
}

impl<T> Listing<T> {
    /// True when nothing failed.
    pub fn is_complete(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Kind of a subkey list cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SubkeyListKind {
    /// "li": offsets only.
    IndexLeaf,
    /// "lf": offsets with 4-character name hints.
    FastLeaf,
    /// "lh": offsets with name hashes.
    HashLeaf,
    /// "ri": list of lists.
    IndexRoot,
}

#[derive(Debug, Clone, Copy)]
enum Hint {
    None,
    Lf([u8; 4]),
    Lh(u32),
}

/// A key node. Borrows from the hive; cheap to copy.
#[derive(Clone, Copy)]
pub struct Key<'h> {
    hive: &'h Hive,
    offset: u32,
    flags: u16,
    last_written: u64,
    parent: u32,
    subkey_count: u32,
    subkeys_list: u32,
    value_count: u32,
    values_list: u32,
    security: u32,
    class_offset: u32,
    class_len: u16,
    name_raw: &'h [u8],
}

impl std::fmt::Debug for Key<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Key")
            .field("offset", &format_args!("{:#x}", self.offset))
            .field("name", &self.name())
            .field("subkeys", &self.subkey_count)
            .field("values", &self.value_count)
            .finish()
    }
}

/// A serializable description of a key (for listings and JSON output).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyInfo {
    /// Path relative to the hive root, as given by the caller.
    pub path: String,
    /// Key name.
    pub name: String,
    /// Last write time.
    pub last_written: FileTime,
    /// Class name, if any.
    pub class_name: Option<String>,
    /// Number of subkeys (from the key node).
    pub subkey_count: u32,
    /// Number of values (from the key node).
    pub value_count: u32,
    /// True for a symbolic link key.
    pub symlink: bool,
    /// Offset of the nk cell.
    pub offset: u32,
}

impl<'h> Key<'h> {
    /// A serializable description; `path` is the caller's path for this key.
    /// An unreadable class name is left out.
    pub fn info(&self, path: &str) -> KeyInfo {
        KeyInfo {
            path: path.to_string(),
            name: self.name().into_owned(),
            last_written: self.last_written(),
            class_name: self.class_name().ok().flatten(),
            subkey_count: self.subkey_count,
            value_count: self.value_count(),
            symlink: self.is_symlink(),
            offset: self.offset,
        }
    }

    pub(crate) fn parse(hive: &'h Hive, offset: u32) -> Result<Key<'h>> {
        let c = hive.cell(offset, "nk")?;
        let err = |problem| RegistryError::Cell {
            structure: "nk",
            offset,
            problem,
        };
        if c.len() < 76 {
            return Err(err(Problem::Truncated {
                needed: 76,
                available: c.len() as u64,
            }));
        }
        if &c[0..2] != b"nk" {
            return Err(err(Problem::BadSignature {
                expected: "nk",
                found: show_bytes(&c[0..2]),
            }));
        }
        let name_len = u16_at(c, 72) as usize;
        if 76 + name_len > c.len() {
            return Err(err(Problem::Truncated {
                needed: (76 + name_len) as u64,
                available: c.len() as u64,
            }));
        }
        Ok(Key {
            hive,
            offset,
            flags: u16_at(c, 2),
            last_written: u64_at(c, 4),
            parent: u32_at(c, 16),
            subkey_count: u32_at(c, 20),
            subkeys_list: u32_at(c, 28),
            value_count: u32_at(c, 36),
            values_list: u32_at(c, 40),
            security: u32_at(c, 44),
            class_offset: u32_at(c, 48),
            class_len: u16_at(c, 74),
            name_raw: &c[76..76 + name_len],
        })
    }

    /// The hive this key belongs to.
    pub fn hive(&self) -> &'h Hive {
        self.hive
    }

    /// Offset of the nk cell (relative to the hive bins data).
    pub fn offset(&self) -> u32 {
        self.offset
    }

    /// The name, decoded (Latin-1 for compressed names, UTF-16 otherwise;
    /// unpaired surrogates become U+FFFD).
    pub fn name(&self) -> Cow<'h, str> {
        text::decode_name(self.name_raw, self.is_name_compressed())
    }

    /// The name bytes as stored.
    pub fn name_raw(&self) -> &'h [u8] {
        self.name_raw
    }

    /// True when the name is stored one byte per character.
    pub fn is_name_compressed(&self) -> bool {
        self.flags & KEY_COMP_NAME != 0
    }

    /// Case-insensitive name comparison.
    pub fn name_eq(&self, name: &str) -> bool {
        text::name_eq(self.name_raw, self.is_name_compressed(), name)
    }

    /// The nk flags.
    pub fn flags(&self) -> u16 {
        self.flags
    }

    /// True for the hive's root key.
    pub fn is_root(&self) -> bool {
        self.flags & KEY_HIVE_ENTRY != 0
    }

    /// True for a symbolic link key.
    pub fn is_symlink(&self) -> bool {
        self.flags & KEY_SYM_LINK != 0
    }

    /// Last write time.
    pub fn last_written(&self) -> FileTime {
        FileTime(self.last_written)
    }

    /// Offset of the parent key node.
    pub fn parent_offset(&self) -> u32 {
        self.parent
    }

    /// Offset of the security (sk) cell.
    pub fn security_offset(&self) -> u32 {
        self.security
    }

    /// Number of subkeys according to the key node.
    pub fn subkey_count(&self) -> u32 {
        self.subkey_count
    }

    /// Number of values according to the key node.
    pub fn value_count(&self) -> u32 {
        if self.flags & KEY_PREDEF_HANDLE != 0 {
            0
        } else {
            self.value_count
        }
    }

    /// Offset of the subkey list cell.
    pub fn subkey_list_offset(&self) -> u32 {
        self.subkeys_list
    }

    /// Offset of the value list cell.
    pub fn value_list_offset(&self) -> u32 {
        self.values_list
    }

    /// The parent key, `None` for the root.
    pub fn parent(&self) -> Result<Option<Key<'h>>> {
        if self.is_root() {
            return Ok(None);
        }
        Key::parse(self.hive, self.parent).map(Some)
    }

    /// The class name, if any.
    pub fn class_name(&self) -> Result<Option<String>> {
        if self.class_offset == NIL || self.class_len == 0 {
            return Ok(None);
        }
        let c = self.hive.cell(self.class_offset, "class name")?;
        let len = usize::from(self.class_len);
        if len > c.len() {
            return Err(RegistryError::Cell {
                structure: "class name",
                offset: self.class_offset,
                problem: Problem::Truncated {
                    needed: len as u64,
                    available: c.len() as u64,
                },
            });
        }
        Ok(Some(text::utf16_lossy(&c[..len])))
    }

    /// Collects the entries of the subkey list tree.
    fn subkey_entries(&self) -> (Vec<(u32, Hint)>, Vec<RegistryError>) {
        let mut out = Vec::new();
        let mut errors = Vec::new();
        if self.subkey_count == 0 {
            return (out, errors);
        }
        let mut visited = HashSet::new();
        collect_list(
            self.hive,
            self.subkeys_list,
            0,
            &mut visited,
            &mut out,
            &mut errors,
        );
        if errors.is_empty() && out.len() as u64 != u64::from(self.subkey_count) {
            errors.push(RegistryError::Cell {
                structure: "nk",
                offset: self.offset,
                problem: Problem::CountMismatch {
                    what: "subkey count",
                    expected: u64::from(self.subkey_count),
                    found: out.len() as u64,
                },
            });
        }
        (out, errors)
    }

    /// All readable subkeys, in stored (sorted) order, plus what could not be
    /// read.
    pub fn subkeys(&self) -> Listing<Key<'h>> {
        let (entries, mut errors) = self.subkey_entries();
        let mut items = Vec::with_capacity(entries.len());
        for (off, _) in entries {
            match Key::parse(self.hive, off) {
                Ok(k) => items.push(k),
                Err(e) => errors.push(e),
            }
        }
        Listing { items, errors }
    }

    /// Finds a direct subkey by name (case-insensitive). `Ok(None)` when it
    /// does not exist; an error when it was not found but part of the list
    /// could not be read (so absence cannot be concluded).
    pub fn subkey(&self, name: &str) -> Result<Option<Key<'h>>> {
        let (entries, mut errors) = self.subkey_entries();
        let ascii = name.is_ascii();
        let hash = text::lh_hash(name);
        let qb = name.as_bytes();
        for (off, hint) in entries {
            let maybe = match hint {
                Hint::Lh(h) if ascii => h == hash,
                Hint::Lf(b) if ascii && b[0] != 0 => (0..4).all(|i| {
                    let q = qb.get(i).copied().unwrap_or(0);
                    b[i].eq_ignore_ascii_case(&q)
                }),
                _ => true,
            };
            if !maybe {
                continue;
            }
            match Key::parse(self.hive, off) {
                Ok(k) if k.name_eq(name) => return Ok(Some(k)),
                Ok(_) => {}
                Err(e) => errors.push(e),
            }
        }
        match errors.into_iter().next() {
            // A count mismatch alone does not hide a key: every entry present
            // was checked.
            Some(RegistryError::Cell {
                problem: Problem::CountMismatch { .. },
                ..
            })
            | None => Ok(None),
            Some(e) => Err(e),
        }
    }

    /// Opens a descendant by relative path (`\`-separated, case-insensitive).
    pub fn open(&self, path: &str) -> Result<Option<Key<'h>>> {
        let mut cur = *self;
        for comp in path.split('\\').filter(|c| !c.is_empty()) {
            match cur.subkey(comp)? {
                Some(k) => cur = k,
                None => return Ok(None),
            }
        }
        Ok(Some(cur))
    }

    /// All readable values, in stored order, plus what could not be read.
    pub fn values(&self) -> Listing<Value<'h>> {
        let mut items = Vec::new();
        let mut errors = Vec::new();
        let count = self.value_count();
        if count == 0 {
            return Listing { items, errors };
        }
        let list = match self.hive.cell(self.values_list, "value list") {
            Ok(l) => l,
            Err(e) => {
                errors.push(e);
                return Listing { items, errors };
            }
        };
        let fit = list.len() / 4;
        let n = if count as usize > fit {
            errors.push(RegistryError::Cell {
                structure: "value list",
                offset: self.values_list,
                problem: Problem::TooMany {
                    what: "values",
                    count: u64::from(count),
                    limit: fit as u64,
                },
            });
            fit
        } else {
            count as usize
        };
        items.reserve(n);
        for i in 0..n {
            match Value::parse(self.hive, u32_at(list, 4 * i)) {
                Ok(v) => items.push(v),
                Err(e) => errors.push(e),
            }
        }
        Listing { items, errors }
    }

    /// Finds a value by name (case-insensitive; `""` is the default value).
    /// `Ok(None)` when absent; an error when absent but part of the value
    /// list could not be read.
    pub fn value(&self, name: &str) -> Result<Option<Value<'h>>> {
        let listing = self.values();
        if let Some(v) = listing.items.into_iter().find(|v| v.name_eq(name)) {
            return Ok(Some(v));
        }
        match listing.errors.into_iter().next() {
            None => Ok(None),
            Some(e) => Err(e),
        }
    }

    /// The target of a symbolic link key (value `SymbolicLinkValue`).
    pub fn symlink_target(&self) -> Result<Option<String>> {
        if !self.is_symlink() {
            return Ok(None);
        }
        match self.value("SymbolicLinkValue")? {
            Some(v) => Ok(Some(text::utf16z_lossy(&v.data()?))),
            None => Ok(None),
        }
    }
}

fn collect_list(
    hive: &Hive,
    offset: u32,
    depth: u32,
    visited: &mut HashSet<u32>,
    out: &mut Vec<(u32, Hint)>,
    errors: &mut Vec<RegistryError>,
) {
    let err = |problem| RegistryError::Cell {
        structure: "subkey list",
        offset,
        problem,
    };
    if depth > MAX_LIST_DEPTH {
        errors.push(err(Problem::TooDeep {
            limit: MAX_LIST_DEPTH,
        }));
        return;
    }
    if !visited.insert(offset) {
        errors.push(err(Problem::Loop { target: offset }));
        return;
    }
    let c = match hive.cell(offset, "subkey list") {
        Ok(c) => c,
        Err(e) => {
            errors.push(e);
            return;
        }
    };
    if c.len() < 4 {
        errors.push(err(Problem::Truncated {
            needed: 4,
            available: c.len() as u64,
        }));
        return;
    }
    let kind = match &c[0..2] {
        b"li" => SubkeyListKind::IndexLeaf,
        b"lf" => SubkeyListKind::FastLeaf,
        b"lh" => SubkeyListKind::HashLeaf,
        b"ri" => SubkeyListKind::IndexRoot,
        other => {
            errors.push(err(Problem::BadSignature {
                expected: "li/lf/lh/ri",
                found: show_bytes(other),
            }));
            return;
        }
    };
    let count = usize::from(u16_at(c, 2));
    let stride = match kind {
        SubkeyListKind::FastLeaf | SubkeyListKind::HashLeaf => 8,
        _ => 4,
    };
    let fit = (c.len() - 4) / stride;
    let n = if count > fit {
        errors.push(err(Problem::TooMany {
            what: "subkey list entries",
            count: count as u64,
            limit: fit as u64,
        }));
        fit
    } else {
        count
    };
    for i in 0..n {
        let at = 4 + i * stride;
        let target = u32_at(c, at);
        match kind {
            SubkeyListKind::IndexRoot => {
                collect_list(hive, target, depth + 1, visited, out, errors)
            }
            SubkeyListKind::IndexLeaf => out.push((target, Hint::None)),
            SubkeyListKind::FastLeaf => {
                let mut h = [0u8; 4];
                h.copy_from_slice(&c[at + 4..at + 8]);
                out.push((target, Hint::Lf(h)));
            }
            SubkeyListKind::HashLeaf => out.push((target, Hint::Lh(u32_at(c, at + 4)))),
        }
    }
}
