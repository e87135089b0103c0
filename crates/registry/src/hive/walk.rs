//! Depth-first walk of the key tree with loop detection and error
//! collection.

use std::collections::HashSet;

use serde::Serialize;

use super::{Hive, Key};
use crate::error::{Problem, RegistryError};

/// Deepest key nesting followed (Windows limits key depth to 512).
pub const MAX_DEPTH: u32 = 512;
/// Most errors kept in a walk report; the rest are only counted.
const MAX_ERRORS: usize = 10_000;

/// A key met during a walk.
#[derive(Debug)]
pub struct WalkEntry<'a, 'h> {
    /// Path relative to the start key (`""` for the start key itself),
    /// components joined with `\`.
    pub path: &'a str,
    /// Depth below the start key (0 for the start key).
    pub depth: u32,
    /// The key.
    pub key: &'a Key<'h>,
}

/// What the visitor wants next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WalkControl {
    /// Descend into this key's subkeys.
    Continue,
    /// Do not descend below this key.
    SkipSubkeys,
    /// End the walk.
    Stop,
}

/// An error met during a walk, with the path of the key being listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WalkError {
    /// Path of the key whose subkeys could not all be read.
    pub path: String,
    /// The error.
    pub error: RegistryError,
}

/// Result of a walk. A walk with errors has visited only part of the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WalkReport {
    /// Keys passed to the visitor.
    pub keys_visited: u64,
    /// Errors (at most 10 000 kept).
    pub errors: Vec<WalkError>,
    /// Errors in total, including those not kept.
    pub error_count: u64,
    /// True when the visitor stopped the walk.
    pub stopped: bool,
}

impl WalkReport {
    /// True when every key was reached and nothing failed.
    pub fn is_complete(&self) -> bool {
        self.error_count == 0 && !self.stopped
    }

    fn push(&mut self, path: &str, error: RegistryError) {
        self.error_count += 1;
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(WalkError {
                path: path.to_string(),
                error,
            });
        }
    }
}

impl Hive {
    /// Walks the whole tree from the root, depth-first in stored order.
    /// The root cannot be read → the report holds that error.
    pub fn walk<F>(&self, visit: F) -> WalkReport
    where
        F: FnMut(&WalkEntry<'_, '_>) -> WalkControl,
    {
        match self.root() {
            Ok(root) => self.walk_from(root, visit),
            Err(e) => {
                let mut r = WalkReport {
                    keys_visited: 0,
                    errors: Vec::new(),
                    error_count: 0,
                    stopped: false,
                };
                r.push("", e);
                r
            }
        }
    }

    /// Walks the tree below `start` (included). Each key is visited at most
    /// once, so loops in damaged hives end; nesting is limited to 512 levels.
    pub fn walk_from<'h, F>(&'h self, start: Key<'h>, mut visit: F) -> WalkReport
    where
        F: FnMut(&WalkEntry<'_, '_>) -> WalkControl,
    {
        let mut report = WalkReport {
            keys_visited: 0,
            errors: Vec::new(),
            error_count: 0,
            stopped: false,
        };
        // Every subkey list entry of a sane hive appears in one list only, so
        // the entries a walk reads cannot exceed the hive size / 4. Damaged
        // hives whose keys share lists would otherwise cost keys x entries.
        let budget = u64::from(self.hbins_len) / 4 + 1024;
        let mut entries_read: u64 = 0;
        let mut over_budget = false;
        let mut visited: HashSet<u32> = HashSet::new();
        visited.insert(start.offset());
        let mut stack: Vec<(Key<'h>, String, u32)> = vec![(start, String::new(), 0)];
        while let Some((key, path, depth)) = stack.pop() {
            report.keys_visited += 1;
            let control = visit(&WalkEntry {
                path: &path,
                depth,
                key: &key,
            });
            match control {
                WalkControl::Stop => {
                    report.stopped = true;
                    break;
                }
                WalkControl::SkipSubkeys => continue,
                WalkControl::Continue => {}
            }
            if key.subkey_count() == 0 {
                continue;
            }
            if depth >= MAX_DEPTH {
                report.push(
                    &path,
                    RegistryError::Cell {
                        structure: "nk",
                        offset: key.offset(),
                        problem: Problem::TooDeep { limit: MAX_DEPTH },
                    },
                );
                continue;
            }
            if over_budget {
                continue;
            }
            let listing = key.subkeys();
            entries_read += listing.items.len() as u64;
            if entries_read > budget {
                over_budget = true;
                report.push(
                    &path,
                    RegistryError::Cell {
                        structure: "nk",
                        offset: key.offset(),
                        problem: Problem::TooMany {
                            what: "subkey list entries read by the walk (lists shared between keys)",
                            count: entries_read,
                            limit: budget,
                        },
                    },
                );
                continue;
            }
            for e in listing.errors {
                report.push(&path, e);
            }
            let mut children = Vec::with_capacity(listing.items.len());
            let mut looped = false;
            for child in listing.items {
                if !visited.insert(child.offset()) {
                    // One error per key: a damaged list can repeat thousands of keys.
                    if !looped {
                        looped = true;
                        report.push(
                            &path,
                            RegistryError::Cell {
                                structure: "nk",
                                offset: child.offset(),
                                problem: Problem::Loop {
                                    target: child.offset(),
                                },
                            },
                        );
                    }
                    continue;
                }
                let name = child.name();
                let child_path = if path.is_empty() {
                    name.into_owned()
                } else {
                    format!("{path}\\{name}")
                };
                children.push((child, child_path, depth + 1));
            }
            stack.extend(children.into_iter().rev());
        }
        report
    }
}

#[cfg(test)]
mod tests {
    use crate::hive::{Hive, NIL, WalkControl, base_block_checksum};
    use crate::{Problem, RegistryError};

    /// A hive whose N keys all share one subkey list that lists all of them.
    fn shared_list_hive(n: usize) -> Vec<u8> {
        let nk = 0x58usize;
        let list_len = (4 + 4 * (n + 1) + 4).div_ceil(8) * 8;
        let used = 0x20 + nk * (n + 1) + list_len;
        let hbin = used.div_ceil(4096) * 4096 + 4096;
        let mut d = vec![0u8; 4096 + hbin];
        let put = |d: &mut Vec<u8>, at: usize, v: &[u8]| d[at..at + v.len()].copy_from_slice(v);
        put(&mut d, 0, b"regf");
        put(&mut d, 4, &1u32.to_le_bytes());
        put(&mut d, 8, &1u32.to_le_bytes());
        put(&mut d, 20, &1u32.to_le_bytes());
        put(&mut d, 24, &5u32.to_le_bytes());
        put(&mut d, 32, &1u32.to_le_bytes());
        put(&mut d, 36, &0x20u32.to_le_bytes());
        put(&mut d, 40, &(hbin as u32).to_le_bytes());
        let c = base_block_checksum(&d);
        put(&mut d, 508, &c.to_le_bytes());
        put(&mut d, 4096, b"hbin");
        put(&mut d, 4096 + 8, &(hbin as u32).to_le_bytes());
        let list_off = 0x20 + nk * (n + 1);
        for i in 0..=n {
            let off = 0x20 + nk * i;
            let a = 4096 + off;
            put(&mut d, a, &(-(nk as i32)).to_le_bytes());
            put(&mut d, a + 4, b"nk");
            let flags: u16 = if i == 0 { 0x24 } else { 0x20 };
            put(&mut d, a + 6, &flags.to_le_bytes());
            put(&mut d, a + 4 + 20, &(n as u32).to_le_bytes());
            put(&mut d, a + 4 + 28, &(list_off as u32).to_le_bytes());
            put(&mut d, a + 4 + 40, &NIL.to_le_bytes());
            put(&mut d, a + 4 + 48, &NIL.to_le_bytes());
            put(&mut d, a + 4 + 72, &4u16.to_le_bytes());
            put(&mut d, a + 4 + 76, format!("{:04}", i % 10000).as_bytes());
        }
        let a = 4096 + list_off;
        put(&mut d, a, &(-(list_len as i32)).to_le_bytes());
        put(&mut d, a + 4, b"li");
        put(&mut d, a + 6, &(n as u16).to_le_bytes());
        for i in 0..n {
            put(
                &mut d,
                a + 8 + 4 * i,
                &((0x20 + nk * (i + 1)) as u32).to_le_bytes(),
            );
        }
        let f = a + list_len;
        let free = (4096 + hbin - f) as i32;
        put(&mut d, f, &free.to_le_bytes());
        d
    }

    #[test]
    fn shared_lists_end_on_budget() {
        let (h, _) = Hive::from_bytes(shared_list_hive(20_000), vec![]).unwrap();
        let t = std::time::Instant::now();
        let r = h.walk(|_| WalkControl::Continue);
        assert!(
            t.elapsed() < std::time::Duration::from_secs(2),
            "{:?}",
            t.elapsed()
        );
        assert!(!r.is_complete());
        assert!(r.errors.iter().any(|e| matches!(
            e.error,
            RegistryError::Cell {
                problem: Problem::TooMany { .. },
                ..
            }
        )));
        assert!(r.errors.iter().any(|e| matches!(
            e.error,
            RegistryError::Cell {
                problem: Problem::Loop { .. },
                ..
            }
        )));
        // Every key is still reached once.
        assert_eq!(r.keys_visited, 20_001);
    }
}
