//! The regf hive format: base block, hive bins, cells, keys, values, and
//! transaction-log replay.
//!
//! Reference: Maxim Suhanov, "Windows registry file format specification"
//! (GitHub `msuhanov/regf`). Behaviour on logs follows that text: a dirty
//! hive (bad checksum or differing sequence numbers) is recovered from
//! new-format (HvLE) logs, applying consecutive entries in sequence order
//! and stopping at the first invalid entry, or from an old-format (DIRT) log
//! whose timestamp matches.
//!
//! The whole hive is held in memory (as Windows does). Keys and values
//! borrow from it and keep their cell offsets; [`HiveWriter`] edits the
//! same cells and produces a clean primary file, [`diff_trees`] compares
//! two versions and [`Hive::check_structure`] verifies what Windows relies
//! on.

mod base_block;
mod check;
mod diff;
mod key;
mod log;
mod value;
mod walk;
mod writer;

use serde::Serialize;

pub use base_block::{
    BASE_BLOCK_SIZE, BaseBlock, FILE_TYPE_LOG_NEW, FILE_TYPE_LOG_OLD, FILE_TYPE_LOG_VERY_OLD,
    FILE_TYPE_PRIMARY, LOG_BASE_BLOCK_SIZE, base_block_checksum,
};
pub use diff::{TreeChange, TreeDiff, diff_trees};
pub use key::{
    KEY_COMP_NAME, KEY_HIVE_ENTRY, KEY_HIVE_EXIT, KEY_NO_DELETE, KEY_PREDEF_HANDLE, KEY_SYM_LINK,
    KEY_VOLATILE, Key, KeyInfo, Listing, SubkeyListKind,
};
pub use log::{
    DirtyReason, LogFormat, LogReport, LogStatus, MARVIN32_LOG_SEED, ReplayOutcome, ReplayReport,
    SkipReason, marvin32,
};
pub use value::{BIG_DATA_SEGMENT, DataLocation, Value, ValueData, ValueInfo, ValueType, hex};
pub use walk::{MAX_DEPTH, WalkControl, WalkEntry, WalkError, WalkReport};
pub use writer::{
    HiveWriter, RegValue, SetOutcome, WriteError, compare_key_names, empty_hive, max_log_sequence,
};

pub(crate) use base_block::{u16_at, u32_at, u64_at};

use crate::error::{Problem, RegistryError, Result, show_bytes};

/// Offset value meaning "no cell".
pub const NIL: u32 = 0xFFFF_FFFF;
/// Size of a hive bin header.
const HBIN_HEADER: u32 = 32;
/// Most problems recorded while opening; further ones are summarized.
const MAX_PROBLEMS: usize = 1000;

/// One hive bin: `[start, end)` relative to the hive bins data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Bin {
    start: u32,
    end: u32,
}

/// A registry hive held in memory, after log replay.
///
/// Open with [`Hive::from_bytes`]. All reads are bounds-checked; a damaged
/// hive opens as long as its base block does, and reports what it could not
/// read through [`Hive::problems`], [`Key::subkeys`], [`Key::values`] and
/// [`Hive::walk`].
pub struct Hive {
    name: String,
    data: Vec<u8>,
    base: BaseBlock,
    original_base: BaseBlock,
    hbins_len: u32,
    bins: Vec<Bin>,
    root_offset: u32,
    problems: Vec<RegistryError>,
}

impl std::fmt::Debug for Hive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hive")
            .field("name", &self.name)
            .field("len", &self.data.len())
            .field("base", &self.base)
            .field("bins", &self.bins.len())
            .field("problems", &self.problems.len())
            .finish()
    }
}

/// A short summary of a hive for `vmrescue reg` style output.
#[derive(Debug, Clone, Serialize)]
pub struct HiveSummary {
    /// The name given when opening.
    pub name: String,
    /// The base block after replay.
    pub base_block: BaseBlock,
    /// The base block as found in the primary file.
    pub original_base_block: BaseBlock,
    /// Bytes of hive bins data that are readable.
    pub readable_hive_bins_bytes: u32,
    /// Number of hive bins found.
    pub hive_bins: usize,
    /// Problems found while opening.
    pub problems: Vec<RegistryError>,
}

impl Hive {
    /// Opens a hive from the bytes of its primary file and of its transaction
    /// logs (`(file name, bytes)`, e.g. `("SYSTEM.LOG1", ...)`, in any order,
    /// empty files allowed).
    ///
    /// When the primary is dirty the logs are replayed; the report says what
    /// was applied. A log that cannot be applied is reported and the hive is
    /// read as it is. Errors are returned only when the primary has no usable
    /// base block (too short, wrong signature, unsupported version).
    pub fn from_bytes(
        primary: Vec<u8>,
        logs: Vec<(String, Vec<u8>)>,
    ) -> Result<(Hive, ReplayReport)> {
        Hive::from_named_bytes("hive", primary, logs)
    }

    /// Like [`Hive::from_bytes`], naming the primary file for error messages.
    pub fn from_named_bytes(
        name: &str,
        mut primary: Vec<u8>,
        logs: Vec<(String, Vec<u8>)>,
    ) -> Result<(Hive, ReplayReport)> {
        let file_err =
            |structure: &'static str, offset: u64, problem: Problem| RegistryError::File {
                file: name.to_string(),
                structure,
                offset,
                problem,
            };
        if primary.len() < LOG_BASE_BLOCK_SIZE {
            return Err(file_err(
                "base block",
                0,
                Problem::Truncated {
                    needed: BASE_BLOCK_SIZE as u64,
                    available: primary.len() as u64,
                },
            ));
        }
        if &primary[0..4] != b"regf" {
            return Err(file_err(
                "base block",
                0,
                Problem::BadSignature {
                    expected: "regf",
                    found: show_bytes(&primary[0..4]),
                },
            ));
        }
        let original_base = BaseBlock::parse(&primary);
        let mut problems = Vec::new();
        if primary.len() < BASE_BLOCK_SIZE {
            // A base block cut inside its reserved area: pad so that the
            // layout holds; no hive bins follow anyway.
            problems.push(file_err(
                "base block",
                0,
                Problem::Truncated {
                    needed: BASE_BLOCK_SIZE as u64,
                    available: primary.len() as u64,
                },
            ));
            primary.resize(BASE_BLOCK_SIZE, 0);
        }
        if original_base.checksum_ok() {
            check_version(&original_base, name)?;
        }

        let report = log::replay(&mut primary, &original_base, logs);

        let base = BaseBlock::parse(&primary);
        if !base.checksum_ok() {
            problems.push(file_err(
                "base block",
                508,
                Problem::BadChecksum {
                    stored: base.checksum_stored,
                    computed: base.checksum_computed,
                },
            ));
            if base.major_version != 1 {
                problems.push(file_err(
                    "base block",
                    20,
                    Problem::Unsupported {
                        what: "major version",
                        value: u64::from(base.major_version),
                    },
                ));
            }
        } else if base != original_base {
            check_version(&base, name)?;
        }
        if base.sequences_differ() {
            problems.push(file_err(
                "base block",
                4,
                Problem::InvalidField {
                    field: "sequence numbers (dirty hive read as it is)",
                    value: (u64::from(base.primary_sequence) << 32)
                        | u64::from(base.secondary_sequence),
                },
            ));
        }

        let (bins, hbins_len) = scan_bins(name, &primary, base.hive_bins_data_size, &mut problems);
        let mut hive = Hive {
            name: name.to_string(),
            data: primary,
            base,
            original_base,
            hbins_len,
            bins,
            root_offset: 0,
            problems,
        };
        hive.root_offset = hive.base.root_cell_offset;
        if let Err(e) = Key::parse(&hive, hive.root_offset) {
            // The first cell of the first bin is the root in every hive
            // Windows writes; use it when the base block points elsewhere.
            let fallback = HBIN_HEADER;
            let usable = fallback != hive.root_offset
                && Key::parse(&hive, fallback).is_ok_and(|k| k.is_root());
            hive.push_problem(e);
            if usable {
                hive.root_offset = fallback;
                hive.push_problem(RegistryError::Cell {
                    structure: "root key (using the first cell instead)",
                    offset: fallback,
                    problem: Problem::InvalidField {
                        field: "root cell offset in base block",
                        value: u64::from(hive.base.root_cell_offset),
                    },
                });
            }
        }
        Ok((hive, report))
    }

    fn push_problem(&mut self, e: RegistryError) {
        push_capped(&mut self.problems, e);
    }

    /// The name given when opening.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The base block in effect (after log replay).
    pub fn base_block(&self) -> &BaseBlock {
        &self.base
    }

    /// The base block as found in the primary file, before replay.
    pub fn original_base_block(&self) -> &BaseBlock {
        &self.original_base
    }

    /// Problems found while opening: bad checksum, truncated or damaged hive
    /// bins, an unreadable root. Empty for a healthy hive.
    pub fn problems(&self) -> &[RegistryError] {
        &self.problems
    }

    /// The whole hive as it is now (base block plus hive bins data), i.e. the
    /// recovered hive after log replay. Writing these bytes to a file gives a
    /// clean primary file when the replay succeeded.
    pub fn as_bytes(&self) -> &[u8] {
        &self.data
    }

    /// The readable part of the hive bins data.
    pub fn hive_bins_data(&self) -> &[u8] {
        let start = BASE_BLOCK_SIZE;
        let end = start + self.hbins_len as usize;
        self.data.get(start..end).unwrap_or(&[])
    }

    /// A summary for reports.
    pub fn summary(&self) -> HiveSummary {
        HiveSummary {
            name: self.name.clone(),
            base_block: self.base.clone(),
            original_base_block: self.original_base.clone(),
            readable_hive_bins_bytes: self.hbins_len,
            hive_bins: self.bins.len(),
            problems: self.problems.clone(),
        }
    }

    /// Minor version in effect (3, 4, 5, ...).
    pub(crate) fn minor_version(&self) -> u32 {
        self.base.minor_version
    }

    /// The root key.
    pub fn root(&self) -> Result<Key<'_>> {
        Key::parse(self, self.root_offset)
    }

    /// Opens a key by path relative to the root, case-insensitively, with
    /// `\` as separator (leading/trailing/double separators ignored).
    /// `Ok(None)` when a component does not exist.
    pub fn key(&self, path: &str) -> Result<Option<Key<'_>>> {
        self.root()?.open(path)
    }

    /// Opens a key by path and reads one of its values (`""` for the default
    /// value). `Ok(None)` when the key or the value does not exist.
    pub fn value(&self, key_path: &str, value_name: &str) -> Result<Option<Value<'_>>> {
        match self.key(key_path)? {
            Some(k) => k.value(value_name),
            None => Ok(None),
        }
    }

    /// The key at a cell offset (as kept by [`Key::offset`]).
    pub fn key_at(&self, offset: u32) -> Result<Key<'_>> {
        Key::parse(self, offset)
    }

    /// The value at a cell offset (as kept by [`Value::offset`]).
    pub fn value_at(&self, offset: u32) -> Result<Value<'_>> {
        Value::parse(self, offset)
    }

    /// The data of the allocated cell at `offset` (after its 4-byte size
    /// field). Checks that the offset is aligned, lies inside a hive bin, that
    /// the cell is allocated and that it does not cross the end of its bin.
    pub fn cell(&self, offset: u32, structure: &'static str) -> Result<&[u8]> {
        let err = |problem| RegistryError::Cell {
            structure,
            offset,
            problem,
        };
        if offset == NIL {
            return Err(err(Problem::NilOffset));
        }
        if !offset.is_multiple_of(8) {
            return Err(err(Problem::Misaligned { target: offset }));
        }
        let idx = self.bins.partition_point(|b| b.start <= offset);
        let bin = match idx.checked_sub(1).and_then(|i| self.bins.get(i)) {
            Some(b) if offset >= b.start + HBIN_HEADER && offset < b.end => *b,
            _ => {
                return Err(err(Problem::OffsetOutOfRange {
                    target: u64::from(offset),
                }));
            }
        };
        let abs = BASE_BLOCK_SIZE + offset as usize;
        let size_field = u32_at(&self.data, abs) as i32;
        if u64::from(offset) + 4 > u64::from(bin.end) {
            return Err(err(Problem::Truncated {
                needed: 4,
                available: u64::from(bin.end - offset),
            }));
        }
        if size_field > 0 {
            return Err(err(Problem::Unallocated { size: size_field }));
        }
        let size = -(i64::from(size_field));
        if size < 8 || size % 8 != 0 {
            return Err(err(Problem::BadCellSize { size: size_field }));
        }
        if u64::from(offset) + size as u64 > u64::from(bin.end) {
            return Err(err(Problem::BadCellSize { size: size_field }));
        }
        Ok(&self.data[abs + 4..abs + size as usize])
    }
}

/// The transaction log file names Windows uses beside a primary file:
/// `NAME.LOG`, `NAME.LOG1`, `NAME.LOG2` (the first is empty or absent since
/// Vista; XP and older use only `NAME.LOG`).
pub fn log_file_names(primary_name: &str) -> [String; 3] {
    [
        format!("{primary_name}.LOG"),
        format!("{primary_name}.LOG1"),
        format!("{primary_name}.LOG2"),
    ]
}

fn check_version(b: &BaseBlock, name: &str) -> Result<()> {
    let err = |offset: u64, what: &'static str, value: u32| RegistryError::File {
        file: name.to_string(),
        structure: "base block",
        offset,
        problem: Problem::Unsupported {
            what,
            value: u64::from(value),
        },
    };
    if b.major_version != 1 {
        return Err(err(20, "major version", b.major_version));
    }
    // 1.1 (NT 3.x) uses an older cell layout; 1.2 and later share this one.
    if b.minor_version < 2 {
        return Err(err(24, "minor version", b.minor_version));
    }
    if b.file_type != FILE_TYPE_PRIMARY {
        return Err(err(28, "file type for a primary file", b.file_type));
    }
    Ok(())
}

pub(crate) fn push_capped(list: &mut Vec<RegistryError>, e: RegistryError) {
    if list.len() < MAX_PROBLEMS {
        list.push(e);
    }
}

/// Finds the hive bins. Returns them and the readable hive bins data length.
fn scan_bins(
    name: &str,
    data: &[u8],
    declared: u32,
    problems: &mut Vec<RegistryError>,
) -> (Vec<Bin>, u32) {
    let file_err = |offset: u64, structure: &'static str, problem: Problem| RegistryError::File {
        file: name.to_string(),
        structure,
        offset,
        problem,
    };
    let available = data.len().saturating_sub(BASE_BLOCK_SIZE);
    let available = u32::try_from(available).unwrap_or(u32::MAX);
    let declared_ok = declared != 0 && declared.is_multiple_of(4096);
    let limit = if !declared_ok {
        push_capped(
            problems,
            file_err(
                40,
                "base block",
                Problem::InvalidField {
                    field: "hive bins data size",
                    value: u64::from(declared),
                },
            ),
        );
        available
    } else if declared > available {
        push_capped(
            problems,
            file_err(
                BASE_BLOCK_SIZE as u64 + u64::from(available),
                "hive bins data",
                Problem::Truncated {
                    needed: u64::from(declared),
                    available: u64::from(available),
                },
            ),
        );
        available
    } else {
        declared
    };

    let mut bins = Vec::new();
    let mut pos: u32 = 0;
    let mut in_gap = false;
    while u64::from(pos) + u64::from(HBIN_HEADER) <= u64::from(limit) {
        let abs = BASE_BLOCK_SIZE + pos as usize;
        let hdr = &data[abs..abs + HBIN_HEADER as usize];
        let sig_ok = &hdr[0..4] == b"hbin";
        let off = u32_at(hdr, 4);
        let size = u32_at(hdr, 8);
        let problem = if !sig_ok {
            Some(Problem::BadSignature {
                expected: "hbin",
                found: show_bytes(&hdr[0..4]),
            })
        } else if off != pos {
            Some(Problem::InvalidField {
                field: "hive bin offset",
                value: u64::from(off),
            })
        } else if size < 4096 || !size.is_multiple_of(4096) {
            Some(Problem::InvalidField {
                field: "hive bin size",
                value: u64::from(size),
            })
        } else {
            None
        };
        match problem {
            None => {
                let end = u64::from(pos) + u64::from(size);
                let clamped = end.min(u64::from(limit)) as u32;
                if end > u64::from(limit) {
                    push_capped(
                        problems,
                        file_err(
                            abs as u64,
                            "hive bin",
                            Problem::Truncated {
                                needed: u64::from(size),
                                available: u64::from(clamped - pos),
                            },
                        ),
                    );
                }
                bins.push(Bin {
                    start: pos,
                    end: clamped,
                });
                in_gap = false;
                pos = clamped;
                if !clamped.is_multiple_of(4096) {
                    break;
                }
            }
            Some(p) => {
                if !in_gap {
                    push_capped(problems, file_err(abs as u64, "hive bin header", p));
                    in_gap = true;
                }
                // Resynchronize on the next 4 KiB boundary.
                pos = match pos.checked_add(4096) {
                    Some(p) => p,
                    None => break,
                };
            }
        }
    }
    (bins, limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal valid hive: base block, one hbin with a root nk cell.
    pub(crate) fn tiny_hive() -> Vec<u8> {
        let mut d = vec![0u8; 8192];
        d[0..4].copy_from_slice(b"regf");
        d[4..8].copy_from_slice(&1u32.to_le_bytes());
        d[8..12].copy_from_slice(&1u32.to_le_bytes());
        d[20..24].copy_from_slice(&1u32.to_le_bytes());
        d[24..28].copy_from_slice(&5u32.to_le_bytes());
        d[32..36].copy_from_slice(&1u32.to_le_bytes());
        d[36..40].copy_from_slice(&0x20u32.to_le_bytes());
        d[40..44].copy_from_slice(&4096u32.to_le_bytes());
        d[44..48].copy_from_slice(&1u32.to_le_bytes());
        let c = base_block_checksum(&d);
        d[508..512].copy_from_slice(&c.to_le_bytes());
        let h = 4096;
        d[h..h + 4].copy_from_slice(b"hbin");
        d[h + 8..h + 12].copy_from_slice(&4096u32.to_le_bytes());
        // root nk at 0x20, cell size 0x58 allocated
        let n = h + 0x20;
        d[n..n + 4].copy_from_slice(&(-0x58i32).to_le_bytes());
        d[n + 4..n + 6].copy_from_slice(b"nk");
        d[n + 6..n + 8].copy_from_slice(&0x2cu16.to_le_bytes()); // HIVE_ENTRY|NO_DELETE|COMP_NAME
        d[n + 4 + 28..n + 4 + 32].copy_from_slice(&NIL.to_le_bytes());
        d[n + 4 + 40..n + 4 + 44].copy_from_slice(&NIL.to_le_bytes());
        d[n + 4 + 72..n + 4 + 74].copy_from_slice(&4u16.to_le_bytes());
        d[n + 4 + 76..n + 4 + 80].copy_from_slice(b"ROOT");
        // rest of bin: one free cell
        let f = n + 0x58;
        let free = (h + 4096 - f) as i32;
        d[f..f + 4].copy_from_slice(&free.to_le_bytes());
        d
    }

    #[test]
    fn opens_tiny_hive() {
        let (h, r) = Hive::from_bytes(tiny_hive(), vec![]).unwrap();
        assert_eq!(r.outcome, ReplayOutcome::NotNeeded);
        assert!(h.problems().is_empty(), "{:?}", h.problems());
        let root = h.root().unwrap();
        assert_eq!(root.name(), "ROOT");
        assert!(root.subkeys().items.is_empty());
        assert!(h.key("nothing").unwrap().is_none());
    }

    #[test]
    fn rejects_garbage() {
        assert!(Hive::from_bytes(vec![], vec![]).is_err());
        assert!(Hive::from_bytes(vec![0; 4096], vec![]).is_err());
        let mut d = tiny_hive();
        d.truncate(600);
        let (h, _) = Hive::from_bytes(d, vec![]).unwrap();
        assert!(h.root().is_err());
        assert!(!h.problems().is_empty());
    }

    #[test]
    fn cell_checks() {
        let (h, _) = Hive::from_bytes(tiny_hive(), vec![]).unwrap();
        assert!(h.cell(0x20, "nk").is_ok());
        assert!(matches!(
            h.cell(0x24, "nk"),
            Err(RegistryError::Cell {
                problem: Problem::Misaligned { .. },
                ..
            })
        ));
        assert!(matches!(
            h.cell(0x78, "nk"),
            Err(RegistryError::Cell {
                problem: Problem::Unallocated { .. },
                ..
            })
        ));
        assert!(h.cell(0x10000, "nk").is_err());
        assert!(h.cell(0, "nk").is_err());
        assert!(h.cell(NIL, "nk").is_err());
    }
}
