//! Editing a hive in memory: set or add values, add keys, delete values,
//! then produce a clean primary file.
//!
//! What it does, following the regf specification (Suhanov) and what real
//! Windows hives show:
//! - **Values** (`vk`): data of up to 4 bytes is stored in the vk cell
//!   (size field with the high bit set), larger data in one data cell. Data
//!   larger than [`BIG_DATA_SEGMENT`] (16344 bytes, the largest a single cell
//!   holds in hives 1.4+) is refused: big data ("db") is never written. A new
//!   value is appended to the key's value list (Windows does not sort values).
//!   Replacing a value reuses its data cell when the new data fits, otherwise
//!   frees it (also "db" records and their segments).
//! - **Keys** (`nk`): a new key gets the `KEY_COMP_NAME` flag when every
//!   character of its name is below U+0100 (Latin-1 storage), the security
//!   cell (`sk`) most of its siblings use (the parent's when it has none),
//!   whose reference count is incremented, and is inserted into the parent's
//!   subkey list at its sorted place (names compared case-insensitively by
//!   upper-cased UTF-16 units, then by length, as Windows' binary search
//!   expects). The list keeps its kind: "lh" (name hash: `h = 37 * h +
//!   upcase(unit)`), "lf" (first four characters as stored), "li"; an "ri"
//!   list gets the entry in the leaf whose range holds the name. A key's
//!   first subkey list is "lh" for hive versions 1.5+, "lf" for 1.3/1.4 and
//!   "li" before. The parent's subkey count, largest subkey name length
//!   (UTF-16 bytes) and last-written time are updated; for values the
//!   largest value name length (UTF-16 bytes) and data size too.
//! - **Cells** come from the first free cell that is large enough (split
//!   when the rest is at least 8 bytes), or from a new hive bin appended
//!   after the last one (4 KiB multiples). Freed cells are merged with free
//!   neighbours in their bin. Cell contents are zeroed when allocated.
//! - **Base block** ([`HiveWriter::finish`]): both sequence numbers set to
//!   one more than the highest sequence number seen in the hive and its logs
//!   (so no old log entry can ever apply again), last-written time, file
//!   type 0, hive bins data size, checksum.
//!
//! Only clean hives are edited: a dirty hive must have been brought clean by
//! log replay ([`Hive::from_bytes`] does it); a hive whose base block or bins
//! are damaged is refused. Every edit checks what it reads first; if an edit
//! fails after it started changing cells, the writer refuses to finish.

use std::cmp::Ordering;
use std::collections::HashMap;

use serde::Serialize;

use super::base_block::{BASE_BLOCK_SIZE, base_block_checksum};
use super::key::{KEY_COMP_NAME, KEY_HIVE_EXIT, KEY_PREDEF_HANDLE, KEY_SYM_LINK};
use super::value::{BIG_DATA_SEGMENT, DataLocation, ValueData, ValueType};
use super::{Bin, HBIN_HEADER, Hive, Key, NIL, ReplayReport, u16_at, u32_at};
use crate::error::{Problem, RegistryError};
use crate::{FileTime, text};

/// Largest cell the writer allocates (a value list of 256 Ki values or a
/// subkey leaf of 64 Ki entries fits).
const MAX_CELL: usize = 1 << 20;
/// Largest hive bins data the writer grows a hive to.
const MAX_HIVE_BINS: u64 = 2 << 30;

/// Why an edit or the final write was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WriteError {
    /// A structure the edit needs could not be read.
    #[error("cannot edit: {error}")]
    Read {
        /// The read error.
        error: RegistryError,
    },
    /// The hive reported problems when it was opened (damaged base block or
    /// hive bins); it is not edited.
    #[error("the hive is damaged ({count} problems, first: {first}); it is not edited")]
    Damaged {
        /// Number of problems.
        count: usize,
        /// The first one.
        first: RegistryError,
    },
    /// The hive is still dirty (its logs could not be applied).
    #[error("the hive is dirty and its transaction logs could not be applied; it is not edited")]
    Dirty,
    /// The key does not exist.
    #[error("key not found: {path}")]
    KeyNotFound {
        /// The path asked for.
        path: String,
    },
    /// A key or value name that cannot be stored.
    #[error("invalid name {name:?}: {reason}")]
    InvalidName {
        /// The name.
        name: String,
        /// Why.
        reason: &'static str,
    },
    /// Data or a structure too large for what the writer supports.
    #[error("{what}: {size} exceeds the limit of {limit}")]
    TooLarge {
        /// What.
        what: &'static str,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A key of a kind the writer does not change (symbolic link, hive
    /// mount point, predefined handle).
    #[error("{path}: {what} is not supported")]
    Unsupported {
        /// What.
        what: &'static str,
        /// The key path.
        path: String,
    },
    /// An earlier edit failed after it had started changing cells; the
    /// hive in memory may be inconsistent and is not written.
    #[error("an earlier edit failed half-way; the edited hive is discarded")]
    Poisoned,
}

impl From<RegistryError> for WriteError {
    fn from(error: RegistryError) -> Self {
        WriteError::Read { error }
    }
}

/// A value to write: a registry type and its data bytes. Serialized like
/// [`ValueData`] (`{"type": "REG_DWORD", "value": 1}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegValue {
    /// The type.
    pub value_type: ValueType,
    /// The data as stored.
    pub data: Vec<u8>,
}

fn utf16z(s: &str) -> Vec<u8> {
    s.encode_utf16()
        .chain(std::iter::once(0))
        .flat_map(u16::to_le_bytes)
        .collect()
}

impl Serialize for RegValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.decoded().serialize(s)
    }
}

impl RegValue {
    /// REG_DWORD.
    pub fn dword(v: u32) -> RegValue {
        RegValue {
            value_type: ValueType::Dword,
            data: v.to_le_bytes().to_vec(),
        }
    }

    /// REG_QWORD.
    pub fn qword(v: u64) -> RegValue {
        RegValue {
            value_type: ValueType::Qword,
            data: v.to_le_bytes().to_vec(),
        }
    }

    /// REG_SZ, NUL-terminated UTF-16LE.
    pub fn sz(s: &str) -> RegValue {
        RegValue {
            value_type: ValueType::Sz,
            data: utf16z(s),
        }
    }

    /// REG_EXPAND_SZ, NUL-terminated UTF-16LE.
    pub fn expand_sz(s: &str) -> RegValue {
        RegValue {
            value_type: ValueType::ExpandSz,
            data: utf16z(s),
        }
    }

    /// REG_MULTI_SZ: each string NUL-terminated, then an empty string.
    pub fn multi_sz<S: AsRef<str>>(items: &[S]) -> RegValue {
        let mut data = Vec::new();
        for s in items {
            data.extend(utf16z(s.as_ref()));
        }
        data.extend([0, 0]);
        RegValue {
            value_type: ValueType::MultiSz,
            data,
        }
    }

    /// REG_BINARY.
    pub fn binary(data: Vec<u8>) -> RegValue {
        RegValue {
            value_type: ValueType::Binary,
            data,
        }
    }

    /// The data decoded by type.
    pub fn decoded(&self) -> ValueData {
        ValueData::decode(self.value_type, &self.data)
    }
}

/// What [`HiveWriter::set_value`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SetOutcome {
    /// The value did not exist and was added.
    Added,
    /// The value existed with another type or data and was replaced.
    Changed,
    /// The value already had this type and data; nothing was written.
    Unchanged,
}

/// The highest sequence number found in a replay report's logs (log base
/// blocks and entries), for [`HiveWriter::finish`].
pub fn max_log_sequence(report: &ReplayReport) -> Option<u32> {
    report
        .logs
        .iter()
        .flat_map(|l| {
            let base = l.sequence.map(|(p, s)| p.max(s));
            let entries = l.entry_sequences.map(|(a, z)| a.max(z));
            base.into_iter().chain(entries)
        })
        .chain(report.sequence_after)
        .max()
}

/// Encodes a name as stored: Latin-1 bytes when every unit is below 0x100
/// (compressed), UTF-16LE otherwise.
fn encode_name(name: &str) -> (Vec<u8>, bool) {
    let units: Vec<u16> = name.encode_utf16().collect();
    if units.iter().all(|&u| u < 0x100) {
        (units.iter().map(|&u| u as u8).collect(), true)
    } else {
        (units.iter().flat_map(|u| u.to_le_bytes()).collect(), false)
    }
}

/// The UTF-16 units of a stored key name.
fn key_units(k: &Key<'_>) -> Vec<u16> {
    if k.is_name_compressed() {
        k.name_raw().iter().map(|&b| u16::from(b)).collect()
    } else {
        text::utf16_units(k.name_raw()).collect()
    }
}

/// Windows' order of key names in subkey lists: upper-cased UTF-16 units,
/// then length.
pub fn compare_key_names(a: &[u16], b: &[u16]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let o = text::upcase_unit(*x).cmp(&text::upcase_unit(*y));
        if o != Ordering::Equal {
            return o;
        }
    }
    a.len().cmp(&b.len())
}

/// The "lf" hint of a name: its first four characters as stored (zero
/// padded); zero when one of them does not fit a byte.
fn lf_hint(units: &[u16]) -> [u8; 4] {
    let mut h = [0u8; 4];
    for (i, &u) in units.iter().take(4).enumerate() {
        if u > 0xFF {
            return [0; 4];
        }
        h[i] = u as u8;
    }
    h
}

fn round8(n: usize) -> usize {
    n.div_ceil(8) * 8
}

fn abs(off: u32) -> usize {
    BASE_BLOCK_SIZE + off as usize
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum LeafKind {
    Li,
    Lf,
    Lh,
}

impl LeafKind {
    fn sig(self) -> &'static [u8; 2] {
        match self {
            LeafKind::Li => b"li",
            LeafKind::Lf => b"lf",
            LeafKind::Lh => b"lh",
        }
    }
    fn stride(self) -> usize {
        match self {
            LeafKind::Li => 4,
            _ => 8,
        }
    }
    fn hint(self, units: &[u16], name: &str) -> u32 {
        match self {
            LeafKind::Li => 0,
            LeafKind::Lf => u32::from_le_bytes(lf_hint(units)),
            LeafKind::Lh => text::lh_hash(name),
        }
    }
}

/// Edits a hive in memory. See the module documentation for what is
/// written and how.
pub struct HiveWriter {
    hive: Hive,
    now: FileTime,
    poisoned: bool,
    edits: u32,
}

impl std::fmt::Debug for HiveWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HiveWriter")
            .field("hive", &self.hive)
            .field("edits", &self.edits)
            .field("poisoned", &self.poisoned)
            .finish()
    }
}

impl HiveWriter {
    /// Starts editing a hive opened (and, when it was dirty, recovered) by
    /// [`Hive::from_bytes`]. `now` is the time written to edited keys and to
    /// the base block. Refuses a hive that reported problems or is still
    /// dirty.
    pub fn new(hive: Hive, now: FileTime) -> Result<HiveWriter, WriteError> {
        if hive.base_block().is_dirty() {
            return Err(WriteError::Dirty);
        }
        if let Some(first) = hive.problems().first() {
            return Err(WriteError::Damaged {
                count: hive.problems().len(),
                first: first.clone(),
            });
        }
        // The writer appends bins at the end of the hive bins data: the bins
        // must cover it without a gap.
        let covered = hive.bins.last().map_or(0, |b| b.end);
        if covered != hive.hbins_len {
            return Err(WriteError::Damaged {
                count: 1,
                first: RegistryError::Cell {
                    structure: "hive bins",
                    offset: covered,
                    problem: Problem::InvalidField {
                        field: "end of the last hive bin (not the hive bins data size)",
                        value: u64::from(hive.hbins_len),
                    },
                },
            });
        }
        Ok(HiveWriter {
            hive,
            now,
            poisoned: false,
            edits: 0,
        })
    }

    /// The hive as edited so far (for lookups between edits).
    pub fn hive(&self) -> &Hive {
        &self.hive
    }

    /// Number of edits that changed the hive.
    pub fn edit_count(&self) -> u32 {
        self.edits
    }

    fn check_poisoned(&self) -> Result<(), WriteError> {
        if self.poisoned {
            Err(WriteError::Poisoned)
        } else {
            Ok(())
        }
    }

    fn lookup(&self, path: &str) -> Result<u32, WriteError> {
        match self.hive.key(path)? {
            Some(k) => Ok(k.offset()),
            None => Err(WriteError::KeyNotFound {
                path: path.to_string(),
            }),
        }
    }

    // ---- raw access (offsets relative to the hive bins data) ----

    fn rd32(&self, off: u32, field: usize) -> u32 {
        u32_at(&self.hive.data, abs(off) + 4 + field)
    }

    fn wr(&mut self, off: u32, field: usize, bytes: &[u8]) {
        let at = abs(off) + 4 + field;
        if let Some(s) = self.hive.data.get_mut(at..at + bytes.len()) {
            s.copy_from_slice(bytes);
        }
    }

    fn wr16(&mut self, off: u32, field: usize, v: u16) {
        self.wr(off, field, &v.to_le_bytes());
    }

    fn wr32(&mut self, off: u32, field: usize, v: u32) {
        self.wr(off, field, &v.to_le_bytes());
    }

    fn size_at(&self, off: u32) -> i32 {
        u32_at(&self.hive.data, abs(off)) as i32
    }

    fn set_size(&mut self, off: u32, size: i32) {
        let at = abs(off);
        if let Some(s) = self.hive.data.get_mut(at..at + 4) {
            s.copy_from_slice(&size.to_le_bytes());
        }
    }

    /// Total length of the allocated cell at `off` (size field included).
    fn cell_len(&self, off: u32) -> usize {
        self.size_at(off).unsigned_abs() as usize
    }

    fn touch(&mut self, nk: u32) {
        let now = self.now.0.to_le_bytes();
        self.wr(nk, 4, &now);
    }

    // ---- cell allocation ----

    /// Allocates a cell for `data_len` bytes; the data is zeroed.
    fn alloc(&mut self, data_len: usize) -> Result<u32, WriteError> {
        let need = round8(data_len + 4).max(8);
        if need > MAX_CELL {
            return Err(WriteError::TooLarge {
                what: "cell",
                size: need as u64,
                limit: MAX_CELL as u64,
            });
        }
        let bins: Vec<Bin> = self.hive.bins.clone();
        for bin in bins {
            let mut p = bin.start + HBIN_HEADER;
            while p < bin.end {
                let size = self.size_at(p);
                let len = size.unsigned_abs();
                if len < 8
                    || !len.is_multiple_of(8)
                    || u64::from(p) + u64::from(len) > u64::from(bin.end)
                {
                    break; // not a well-formed bin: do not allocate from it
                }
                if size > 0 && len as usize >= need {
                    self.take(p, len as usize, need);
                    return Ok(p);
                }
                p += len;
            }
        }
        self.append_bin(need)
    }

    /// Marks the free cell at `p` (length `len`) allocated for `need` bytes,
    /// splitting off the rest.
    fn take(&mut self, p: u32, len: usize, need: usize) {
        let rest = len - need;
        if rest >= 8 {
            self.set_size(p, -(need as i32));
            self.set_size(p + need as u32, rest as i32);
        } else {
            self.set_size(p, -(len as i32));
        }
        let taken = if rest >= 8 { need } else { len };
        let at = abs(p) + 4;
        if let Some(s) = self.hive.data.get_mut(at..at + taken - 4) {
            s.fill(0);
        }
    }

    fn append_bin(&mut self, need: usize) -> Result<u32, WriteError> {
        let start = self.hive.hbins_len;
        let size = (need + HBIN_HEADER as usize).div_ceil(4096) * 4096;
        let end = u64::from(start) + size as u64;
        if end > MAX_HIVE_BINS {
            return Err(WriteError::TooLarge {
                what: "hive bins data",
                size: end,
                limit: MAX_HIVE_BINS,
            });
        }
        let (a, b) = (abs(start), abs(start) + size);
        if self.hive.data.len() < b {
            self.hive.data.resize(b, 0);
        }
        self.hive.data[a..b].fill(0);
        self.hive.data[a..a + 4].copy_from_slice(b"hbin");
        self.hive.data[a + 4..a + 8].copy_from_slice(&start.to_le_bytes());
        self.hive.data[a + 8..a + 12].copy_from_slice(&(size as u32).to_le_bytes());
        let cell = start + HBIN_HEADER;
        self.set_size(cell, -(need as i32));
        let rest = size - HBIN_HEADER as usize - need;
        if rest >= 8 {
            self.set_size(cell + need as u32, rest as i32);
        }
        self.hive.bins.push(Bin {
            start,
            end: end as u32,
        });
        self.hive.hbins_len = end as u32;
        Ok(cell)
    }

    /// Frees an allocated cell and merges it with free neighbours. Cells
    /// that are not found on a walk of their bin are left alone.
    fn free(&mut self, off: u32) {
        let idx = self.hive.bins.partition_point(|b| b.start <= off);
        let Some(bin) = idx
            .checked_sub(1)
            .and_then(|i| self.hive.bins.get(i))
            .copied()
        else {
            return;
        };
        let mut p = bin.start + HBIN_HEADER;
        let mut prev_free: Option<u32> = None;
        while p < bin.end {
            let size = self.size_at(p);
            let len = size.unsigned_abs();
            if len < 8
                || !len.is_multiple_of(8)
                || u64::from(p) + u64::from(len) > u64::from(bin.end)
            {
                return;
            }
            if p == off {
                if size > 0 {
                    return; // already free
                }
                let mut total = len;
                let next = p + len;
                if next < bin.end {
                    let ns = self.size_at(next);
                    if ns > 0 && u64::from(next) + ns as u64 <= u64::from(bin.end) {
                        total += ns as u32;
                    }
                }
                match prev_free {
                    Some(pf) => {
                        let pl = self.size_at(pf) as u32;
                        self.set_size(pf, (pl + total) as i32);
                    }
                    None => self.set_size(p, total as i32),
                }
                return;
            }
            if p > off {
                return;
            }
            prev_free = if size > 0 { Some(p) } else { None };
            p += len;
        }
    }

    fn free_data(&mut self, loc: &DataLocation) {
        match loc {
            DataLocation::Empty | DataLocation::Inline => {}
            DataLocation::Cell { offset } => self.free(*offset),
            DataLocation::BigData {
                offset,
                list,
                segments,
            } => {
                for s in segments {
                    self.free(*s);
                }
                self.free(*list);
                self.free(*offset);
            }
        }
    }

    /// Stores data inline or in a new cell: returns (size field, offset field).
    fn place_data(&mut self, data: &[u8]) -> Result<(u32, u32), WriteError> {
        if data.len() <= 4 {
            let mut b = [0u8; 4];
            b[..data.len()].copy_from_slice(data);
            return Ok((data.len() as u32 | 0x8000_0000, u32::from_le_bytes(b)));
        }
        let off = self.alloc(data.len())?;
        self.wr(off, 0, data);
        Ok((data.len() as u32, off))
    }

    // ---- values ----

    /// Sets a value of the key at `key_path` (relative to the root,
    /// `\`-separated), adding it when absent. The key must exist.
    pub fn set_value(
        &mut self,
        key_path: &str,
        name: &str,
        value: &RegValue,
    ) -> Result<SetOutcome, WriteError> {
        self.check_poisoned()?;
        let units = name.encode_utf16().count();
        if units > 16_383 {
            return Err(WriteError::InvalidName {
                name: name.chars().take(32).collect(),
                reason: "value names are at most 16383 characters",
            });
        }
        if value.data.len() > BIG_DATA_SEGMENT as usize {
            return Err(WriteError::TooLarge {
                what: "value data (big data is not written)",
                size: value.data.len() as u64,
                limit: u64::from(BIG_DATA_SEGMENT),
            });
        }
        let nk = self.lookup(key_path)?;
        let key = self.hive.key_at(nk)?;
        if key.flags() & (KEY_PREDEF_HANDLE | KEY_HIVE_EXIT) != 0 {
            return Err(WriteError::Unsupported {
                what: "a predefined-handle or hive-exit key",
                path: key_path.to_string(),
            });
        }
        let existing = match key.value(name)? {
            Some(v) => {
                let same = v.raw_type() == value.value_type.raw()
                    && v.data().is_ok_and(|d| *d == value.data[..]);
                if same {
                    return Ok(SetOutcome::Unchanged);
                }
                Some((v.offset(), v.data_location().ok()))
            }
            None => None,
        };
        let value_count = key.value_count();
        let values_list = key.value_list_offset();
        let name_len_bytes = (units * 2) as u32;
        // Validate the value list before changing anything.
        if existing.is_none() && value_count > 0 {
            self.hive.cell(values_list, "value list")?;
        }

        self.poisoned = true;
        let outcome = match existing {
            Some((vk, loc)) => {
                let len = value.data.len();
                let reuse = match &loc {
                    Some(DataLocation::Cell { offset }) if len > 4 => {
                        (self.cell_len(*offset) - 4 >= len).then_some(*offset)
                    }
                    _ => None,
                };
                let (size_field, off_field) = match reuse {
                    Some(off) => {
                        let cap = self.cell_len(off) - 4;
                        let mut buf = value.data.clone();
                        buf.resize(cap, 0);
                        self.wr(off, 0, &buf);
                        (len as u32, off)
                    }
                    None => {
                        let placed = self.place_data(&value.data)?;
                        if let Some(l) = &loc {
                            self.free_data(l);
                        }
                        placed
                    }
                };
                self.wr32(vk, 4, size_field);
                self.wr32(vk, 8, off_field);
                self.wr32(vk, 12, value.value_type.raw());
                SetOutcome::Changed
            }
            None => {
                let (name_bytes, compressed) = encode_name(name);
                let (size_field, off_field) = self.place_data(&value.data)?;
                let vk = self.alloc(20 + name_bytes.len())?;
                self.wr(vk, 0, b"vk");
                self.wr16(vk, 2, name_bytes.len() as u16);
                self.wr32(vk, 4, size_field);
                self.wr32(vk, 8, off_field);
                self.wr32(vk, 12, value.value_type.raw());
                self.wr16(vk, 16, u16::from(compressed));
                self.wr(vk, 20, &name_bytes);
                self.append_to_value_list(nk, value_count, values_list, vk)?;
                SetOutcome::Added
            }
        };
        let max_name = self.rd32(nk, 60).max(name_len_bytes);
        self.wr32(nk, 60, max_name);
        let max_data = self.rd32(nk, 64).max(value.data.len() as u32);
        self.wr32(nk, 64, max_data);
        self.touch(nk);
        self.edits += 1;
        self.poisoned = false;
        Ok(outcome)
    }

    fn append_to_value_list(
        &mut self,
        nk: u32,
        count: u32,
        list: u32,
        vk: u32,
    ) -> Result<(), WriteError> {
        let n = count as usize;
        if count == 0 {
            let l = self.alloc(4)?;
            self.wr32(l, 0, vk);
            self.wr32(nk, 36, 1);
            self.wr32(nk, 40, l);
            return Ok(());
        }
        let cap = (self.cell_len(list) - 4) / 4;
        if n < cap {
            self.wr32(list, 4 * n, vk);
            self.wr32(nk, 36, count + 1);
            return Ok(());
        }
        let mut entries: Vec<u8> = self
            .hive
            .cell(list, "value list")?
            .get(..4 * n)
            .unwrap_or_default()
            .to_vec();
        entries.extend(vk.to_le_bytes());
        let l = self.alloc(entries.len())?;
        self.wr(l, 0, &entries);
        self.free(list);
        self.wr32(nk, 36, count + 1);
        self.wr32(nk, 40, l);
        Ok(())
    }

    /// Deletes a value. `Ok(false)` when it does not exist.
    pub fn delete_value(&mut self, key_path: &str, name: &str) -> Result<bool, WriteError> {
        self.check_poisoned()?;
        let nk = self.lookup(key_path)?;
        let key = self.hive.key_at(nk)?;
        let Some(v) = key.value(name)? else {
            return Ok(false);
        };
        let vk = v.offset();
        let loc = v.data_location().ok();
        let count = key.value_count();
        let list = key.value_list_offset();
        let entries: Vec<u32> = {
            let c = self.hive.cell(list, "value list")?;
            (0..count as usize).map(|i| u32_at(c, 4 * i)).collect()
        };
        let Some(pos) = entries.iter().position(|&e| e == vk) else {
            return Ok(false);
        };
        self.poisoned = true;
        let mut rest = entries;
        rest.remove(pos);
        if rest.is_empty() {
            self.free(list);
            self.wr32(nk, 40, NIL);
        } else {
            let bytes: Vec<u8> = rest.iter().flat_map(|e| e.to_le_bytes()).collect();
            self.wr(list, 0, &bytes);
            self.wr32(list, bytes.len(), 0);
        }
        self.wr32(nk, 36, rest.len() as u32);
        if let Some(l) = &loc {
            self.free_data(l);
        }
        self.free(vk);
        self.touch(nk);
        self.edits += 1;
        self.poisoned = false;
        Ok(true)
    }

    // ---- keys ----

    /// Creates the key at `path` and any missing parents. `Ok(true)` when
    /// something was created, `Ok(false)` when the key already existed.
    pub fn create_key(&mut self, path: &str) -> Result<bool, WriteError> {
        self.check_poisoned()?;
        let mut cur = self.hive.root()?.offset();
        let mut created = false;
        for comp in path.split('\\').filter(|c| !c.is_empty()) {
            let existing = self.hive.key_at(cur)?.subkey(comp)?.map(|k| k.offset());
            cur = match existing {
                Some(k) => k,
                None => {
                    created = true;
                    self.create_child(cur, comp, path)?
                }
            };
        }
        Ok(created)
    }

    fn choose_security(&self, parent: &Key<'_>) -> Result<u32, WriteError> {
        let subs = parent.subkeys();
        let mut counts: HashMap<u32, u32> = HashMap::new();
        for k in &subs.items {
            *counts.entry(k.security_offset()).or_default() += 1;
        }
        let mut best: Vec<(u32, u32)> = counts.into_iter().collect();
        best.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for sk in best.iter().map(|b| b.0).chain([parent.security_offset()]) {
            if let Ok(c) = self.hive.cell(sk, "sk")
                && c.len() >= 20
                && &c[0..2] == b"sk"
            {
                return Ok(sk);
            }
        }
        Err(RegistryError::Cell {
            structure: "sk",
            offset: parent.security_offset(),
            problem: Problem::BadSignature {
                expected: "sk",
                found: String::new(),
            },
        }
        .into())
    }

    fn create_child(&mut self, parent: u32, name: &str, path: &str) -> Result<u32, WriteError> {
        let units: Vec<u16> = name.encode_utf16().collect();
        if units.is_empty() || units.len() > 255 || units.contains(&0) {
            return Err(WriteError::InvalidName {
                name: name.to_string(),
                reason: "key names have 1 to 255 characters and no NUL",
            });
        }
        let p = self.hive.key_at(parent)?;
        if p.flags() & (KEY_SYM_LINK | KEY_HIVE_EXIT | KEY_PREDEF_HANDLE) != 0 {
            return Err(WriteError::Unsupported {
                what: "adding a key below a symbolic link, hive exit or predefined handle",
                path: path.to_string(),
            });
        }
        let sk = self.choose_security(&p)?;
        // Validate the subkey list before changing anything.
        if p.subkey_count() > 0 {
            let listing = p.subkeys();
            if let Some(e) = listing.errors.into_iter().next() {
                return Err(e.into());
            }
        }
        let (name_bytes, compressed) = encode_name(name);
        self.poisoned = true;
        let nk = self.alloc(76 + name_bytes.len())?;
        self.wr(nk, 0, b"nk");
        self.wr16(nk, 2, if compressed { KEY_COMP_NAME } else { 0 });
        self.touch(nk);
        self.wr32(nk, 16, parent);
        self.wr32(nk, 28, NIL);
        self.wr32(nk, 32, NIL);
        self.wr32(nk, 40, NIL);
        self.wr32(nk, 44, sk);
        self.wr32(nk, 48, NIL);
        self.wr16(nk, 72, name_bytes.len() as u16);
        self.wr(nk, 76, &name_bytes);
        let refs = self.rd32(sk, 12).saturating_add(1);
        self.wr32(sk, 12, refs);
        self.insert_subkey(parent, nk, &units, name)?;
        let max_name = self.rd32(parent, 52).max(units.len() as u32 * 2);
        self.wr32(parent, 52, max_name);
        self.touch(parent);
        self.edits += 1;
        self.poisoned = false;
        Ok(nk)
    }

    fn default_leaf(&self) -> LeafKind {
        match self.hive.minor_version() {
            0..=2 => LeafKind::Li,
            3 | 4 => LeafKind::Lf,
            _ => LeafKind::Lh,
        }
    }

    fn insert_subkey(
        &mut self,
        parent: u32,
        nk: u32,
        units: &[u16],
        name: &str,
    ) -> Result<(), WriteError> {
        let count = self.rd32(parent, 20);
        let list = self.rd32(parent, 28);
        if count == 0 {
            let kind = self.default_leaf();
            let leaf = self.alloc(4 + kind.stride())?;
            self.wr(leaf, 0, kind.sig());
            self.wr16(leaf, 2, 1);
            self.wr32(leaf, 4, nk);
            if kind != LeafKind::Li {
                let h = kind.hint(units, name);
                self.wr32(leaf, 8, h);
            }
            self.wr32(parent, 20, 1);
            self.wr32(parent, 28, leaf);
            return Ok(());
        }
        let c = self.hive.cell(list, "subkey list")?;
        if c.len() >= 4 && &c[0..2] == b"ri" {
            let n = usize::from(u16_at(c, 2)).min((c.len() - 4) / 4);
            let leaves: Vec<u32> = (0..n).map(|i| u32_at(c, 4 + 4 * i)).collect();
            let mut idx = n.saturating_sub(1);
            for (i, &leaf) in leaves.iter().enumerate() {
                if let Some(last) = self.last_name_of_leaf(leaf)?
                    && compare_key_names(units, &last) == Ordering::Less
                {
                    idx = i;
                    break;
                }
            }
            let Some(&leaf) = leaves.get(idx) else {
                return Err(RegistryError::Cell {
                    structure: "ri",
                    offset: list,
                    problem: Problem::CountMismatch {
                        what: "leaves",
                        expected: 1,
                        found: 0,
                    },
                }
                .into());
            };
            let new_leaf = self.insert_into_leaf(leaf, nk, units, name)?;
            if new_leaf != leaf {
                self.wr32(list, 4 + 4 * idx, new_leaf);
            }
        } else {
            let new_leaf = self.insert_into_leaf(list, nk, units, name)?;
            if new_leaf != list {
                self.wr32(parent, 28, new_leaf);
            }
        }
        self.wr32(parent, 20, count + 1);
        Ok(())
    }

    fn leaf_kind(&self, leaf: u32) -> Result<(LeafKind, usize), WriteError> {
        let c = self.hive.cell(leaf, "subkey list")?;
        let kind = match c.get(0..2) {
            Some(b"li") => LeafKind::Li,
            Some(b"lf") => LeafKind::Lf,
            Some(b"lh") => LeafKind::Lh,
            _ => {
                return Err(RegistryError::Cell {
                    structure: "subkey list",
                    offset: leaf,
                    problem: Problem::BadSignature {
                        expected: "li/lf/lh",
                        found: String::from_utf8_lossy(c.get(0..2).unwrap_or_default())
                            .into_owned(),
                    },
                }
                .into());
            }
        };
        let n = usize::from(u16_at(c, 2)).min((c.len() - 4) / kind.stride());
        Ok((kind, n))
    }

    fn last_name_of_leaf(&self, leaf: u32) -> Result<Option<Vec<u16>>, WriteError> {
        let (kind, n) = self.leaf_kind(leaf)?;
        if n == 0 {
            return Ok(None);
        }
        let c = self.hive.cell(leaf, "subkey list")?;
        let off = u32_at(c, 4 + (n - 1) * kind.stride());
        Ok(Some(key_units(&self.hive.key_at(off)?)))
    }

    /// Inserts into a leaf at the sorted place; returns the leaf's offset
    /// (a new one when it had to grow).
    fn insert_into_leaf(
        &mut self,
        leaf: u32,
        nk: u32,
        units: &[u16],
        name: &str,
    ) -> Result<u32, WriteError> {
        let (kind, n) = self.leaf_kind(leaf)?;
        if n >= usize::from(u16::MAX) {
            return Err(WriteError::TooLarge {
                what: "subkey list entries",
                size: n as u64 + 1,
                limit: u64::from(u16::MAX),
            });
        }
        let stride = kind.stride();
        let entries: Vec<u8> = self
            .hive
            .cell(leaf, "subkey list")?
            .get(4..4 + n * stride)
            .unwrap_or_default()
            .to_vec();
        let mut pos = n;
        for i in 0..n {
            let off = u32_at(&entries, i * stride);
            let existing = key_units(&self.hive.key_at(off)?);
            if compare_key_names(&existing, units) == Ordering::Greater {
                pos = i;
                break;
            }
        }
        let mut new_entry = nk.to_le_bytes().to_vec();
        if kind != LeafKind::Li {
            new_entry.extend(kind.hint(units, name).to_le_bytes());
        }
        let mut all = entries;
        all.splice(pos * stride..pos * stride, new_entry);
        let cap = (self.cell_len(leaf) - 8) / stride;
        let target = if n < cap {
            leaf
        } else {
            let l = self.alloc(4 + all.len())?;
            self.wr(l, 0, kind.sig());
            l
        };
        self.wr16(target, 2, (n + 1) as u16);
        self.wr(target, 4, &all);
        if target != leaf {
            self.free(leaf);
        }
        Ok(target)
    }

    // ---- finishing ----

    /// Produces the primary file: the base block gets both sequence numbers
    /// set to one more than the highest of the hive's and `log_sequence`
    /// (see [`max_log_sequence`]), the last-written time, file type 0, the
    /// hive bins data size and its checksum. The file keeps its length when
    /// no bin was added (padding after the last bin is kept).
    pub fn finish(self, log_sequence: Option<u32>) -> Result<Vec<u8>, WriteError> {
        self.check_poisoned()?;
        let b = &self.hive.base;
        let highest = b
            .primary_sequence
            .max(b.secondary_sequence)
            .max(log_sequence.unwrap_or(0));
        let seq = highest.checked_add(1).ok_or(WriteError::TooLarge {
            what: "sequence number",
            size: u64::from(highest) + 1,
            limit: u64::from(u32::MAX),
        })?;
        let hbins = self.hive.hbins_len;
        let mut data = self.hive.data;
        data[4..8].copy_from_slice(&seq.to_le_bytes());
        data[8..12].copy_from_slice(&seq.to_le_bytes());
        data[12..20].copy_from_slice(&self.now.0.to_le_bytes());
        data[28..32].copy_from_slice(&0u32.to_le_bytes());
        data[40..44].copy_from_slice(&hbins.to_le_bytes());
        let c = base_block_checksum(&data);
        data[508..512].copy_from_slice(&c.to_le_bytes());
        Ok(data)
    }
}

/// A minimal empty hive (version 1.5): a root key named `root_name` with a
/// security cell granting nothing in particular (an empty self-relative
/// descriptor). Meant for tests and fuzzing, not for Windows.
pub fn empty_hive(root_name: &str, now: FileTime) -> Vec<u8> {
    let mut d = vec![0u8; BASE_BLOCK_SIZE + 4096];
    d[0..4].copy_from_slice(b"regf");
    d[4..8].copy_from_slice(&1u32.to_le_bytes());
    d[8..12].copy_from_slice(&1u32.to_le_bytes());
    d[12..20].copy_from_slice(&now.0.to_le_bytes());
    d[20..24].copy_from_slice(&1u32.to_le_bytes());
    d[24..28].copy_from_slice(&5u32.to_le_bytes());
    d[32..36].copy_from_slice(&1u32.to_le_bytes());
    d[36..40].copy_from_slice(&0x20u32.to_le_bytes());
    d[40..44].copy_from_slice(&4096u32.to_le_bytes());
    d[44..48].copy_from_slice(&1u32.to_le_bytes());
    let h = BASE_BLOCK_SIZE;
    d[h..h + 4].copy_from_slice(b"hbin");
    d[h + 8..h + 12].copy_from_slice(&4096u32.to_le_bytes());
    d[h + 20..h + 28].copy_from_slice(&now.0.to_le_bytes());
    let (name, compressed) = encode_name(root_name);
    let name = &name[..name.len().min(255)];
    let nk_len = round8(4 + 76 + name.len());
    let nk = h + 0x20;
    let sk_off = 0x20 + nk_len as u32;
    d[nk..nk + 4].copy_from_slice(&(-(nk_len as i32)).to_le_bytes());
    let c = nk + 4;
    d[c..c + 2].copy_from_slice(b"nk");
    let flags = 0x0004 | 0x0008 | if compressed { KEY_COMP_NAME } else { 0 };
    d[c + 2..c + 4].copy_from_slice(&flags.to_le_bytes());
    d[c + 4..c + 12].copy_from_slice(&now.0.to_le_bytes());
    d[c + 16..c + 20].copy_from_slice(&NIL.to_le_bytes());
    d[c + 28..c + 32].copy_from_slice(&NIL.to_le_bytes());
    d[c + 32..c + 36].copy_from_slice(&NIL.to_le_bytes());
    d[c + 40..c + 44].copy_from_slice(&NIL.to_le_bytes());
    d[c + 44..c + 48].copy_from_slice(&sk_off.to_le_bytes());
    d[c + 48..c + 52].copy_from_slice(&NIL.to_le_bytes());
    d[c + 72..c + 74].copy_from_slice(&(name.len() as u16).to_le_bytes());
    d[c + 76..c + 76 + name.len()].copy_from_slice(name);
    // sk: a self-relative descriptor with no owner, group or ACLs.
    let sk = h + sk_off as usize;
    let desc: [u8; 20] = [
        1, 0, 0x00, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];
    let sk_len = round8(4 + 20 + desc.len());
    d[sk..sk + 4].copy_from_slice(&(-(sk_len as i32)).to_le_bytes());
    let s = sk + 4;
    d[s..s + 2].copy_from_slice(b"sk");
    d[s + 4..s + 8].copy_from_slice(&sk_off.to_le_bytes());
    d[s + 8..s + 12].copy_from_slice(&sk_off.to_le_bytes());
    d[s + 12..s + 16].copy_from_slice(&1u32.to_le_bytes());
    d[s + 16..s + 20].copy_from_slice(&(desc.len() as u32).to_le_bytes());
    d[s + 20..s + 20 + desc.len()].copy_from_slice(&desc);
    let free = sk + sk_len;
    let rest = (h + 4096 - free) as i32;
    d[free..free + 4].copy_from_slice(&rest.to_le_bytes());
    let ck = base_block_checksum(&d);
    d[508..512].copy_from_slice(&ck.to_le_bytes());
    d
}
