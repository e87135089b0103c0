//! qcow2 (versions 2 and 3), with zlib-compressed clusters, read natively.
//!
//! Written here rather than taken from `qcow2-core`: that crate has no L2
//! cache and mis-splits the compressed-cluster descriptor, reading about 120×
//! the compressed size (see `shared/docs/image-crates.md`). It stays a test
//! oracle. Layout from QEMU's `docs/interop/qcow2.txt`: a big-endian header, an
//! L1 table of L2 table offsets, L2 tables of cluster descriptors. This reader
//! caches L2 tables and the last decompressed clusters, merges reads of
//! physically contiguous clusters into one read, and refuses backing files,
//! encryption, external data files, extended L2 entries and zstd compression
//! with a clear message.

use std::io;
use std::sync::{Arc, Mutex};

use super::{be_u32, be_u64};
use crate::error::{DiskError, Result};
use crate::source::{ReadAt, read_vec};

const FORMAT: &str = "qcow2";
const OFFSET_MASK: u64 = 0x00ff_ffff_ffff_fe00;
const L2_COMPRESSED: u64 = 1 << 62;
const L2_ZERO: u64 = 1;
const L2_CACHE_TABLES: usize = 32;
const CLUSTER_CACHE: usize = 8;

/// A qcow2 image.
pub(crate) struct Qcow2 {
    src: Arc<dyn ReadAt>,
    name: String,
    size: u64,
    cluster_bits: u32,
    l1: Vec<u64>,
    l2_cache: Mutex<Lru<Arc<Vec<u64>>>>,
    cluster_cache: Mutex<Lru<Arc<Vec<u8>>>>,
    /// Whether the header marks the image dirty or corrupt (informational).
    pub(crate) warnings: Vec<String>,
}

/// A tiny most-recently-used cache keyed by host offset.
struct Lru<T> {
    items: Vec<(u64, T)>,
    cap: usize,
}

impl<T: Clone> Lru<T> {
    fn new(cap: usize) -> Self {
        Self {
            items: Vec::with_capacity(cap),
            cap,
        }
    }
    fn get(&mut self, key: u64) -> Option<T> {
        let i = self.items.iter().position(|(k, _)| *k == key)?;
        let item = self.items.remove(i);
        let v = item.1.clone();
        self.items.insert(0, item);
        Some(v)
    }
    fn put(&mut self, key: u64, v: T) {
        if self.items.len() == self.cap {
            self.items.pop();
        }
        self.items.insert(0, (key, v));
    }
}

fn corrupt(name: &str, structure: &'static str, offset: u64, reason: String) -> DiskError {
    DiskError::Corrupt {
        name: name.into(),
        format: FORMAT,
        structure,
        offset,
        reason,
    }
}

fn unsupported(name: &str, what: &str) -> DiskError {
    DiskError::Unsupported {
        name: name.into(),
        what: format!("a qcow2 image with {what}"),
        hint: "convert it to a plain image first, e.g. `qemu-img convert -O qcow2 in.qcow2 out.qcow2` (or -O raw)".into(),
    }
}

impl Qcow2 {
    /// Opens and validates the header and the L1 table.
    pub(crate) fn open(src: Arc<dyn ReadAt>, name: &str) -> Result<Self> {
        let file_size = src.size();
        if file_size < 72 {
            return Err(DiskError::Truncated {
                name: name.into(),
                format: FORMAT,
                structure: "header",
                offset: 0,
                file_size,
            });
        }
        let h = read_vec(&*src, name, 0, file_size.min(112) as usize)?;
        let version = be_u32(&h, 4);
        if version != 2 && version != 3 {
            return Err(DiskError::Unsupported {
                name: name.into(),
                what: format!("qcow version {version}"),
                hint: "convert it with `qemu-img convert -O qcow2` first".into(),
            });
        }
        if be_u64(&h, 8) != 0 {
            return Err(unsupported(
                name,
                "a backing file (it holds only changes against another image)",
            ));
        }
        let cluster_bits = be_u32(&h, 20);
        if !(9..=21).contains(&cluster_bits) {
            return Err(corrupt(
                name,
                "header",
                20,
                format!("cluster_bits {cluster_bits} is outside 9..=21"),
            ));
        }
        let size = be_u64(&h, 24);
        if be_u32(&h, 32) != 0 {
            return Err(unsupported(name, "encryption"));
        }
        let l1_size = u64::from(be_u32(&h, 36));
        let l1_at = be_u64(&h, 40);
        let mut warnings = Vec::new();
        if version == 3 {
            if h.len() < 104 {
                return Err(DiskError::Truncated {
                    name: name.into(),
                    format: FORMAT,
                    structure: "version 3 header",
                    offset: 72,
                    file_size,
                });
            }
            let incompatible = be_u64(&h, 72);
            if incompatible & 1 != 0 {
                warnings.push(
                    "the image is marked dirty (not closed cleanly); reading is still exact".into(),
                );
            }
            if incompatible & 2 != 0 {
                warnings
                    .push("the image is marked corrupt by QEMU; data may be inconsistent".into());
            }
            if incompatible & 4 != 0 {
                return Err(unsupported(name, "an external data file"));
            }
            if incompatible & 8 != 0 {
                let header_len = be_u32(&h, 100);
                let ty = if header_len > 104 && h.len() > 104 {
                    h[104]
                } else {
                    0
                };
                if ty != 0 {
                    return Err(unsupported(name, "zstd-compressed clusters"));
                }
            }
            if incompatible & 16 != 0 {
                return Err(unsupported(name, "extended L2 entries (subclusters)"));
            }
            if incompatible & !0x1f != 0 {
                return Err(unsupported(
                    name,
                    &format!("unknown incompatible features {incompatible:#x}"),
                ));
            }
        }
        let cluster = 1u64 << cluster_bits;
        let per_l2 = cluster / 8;
        let needed = size.div_ceil(cluster).div_ceil(per_l2);
        if l1_size < needed {
            return Err(corrupt(
                name,
                "header",
                36,
                format!("L1 table has {l1_size} entries; a disk of {size} bytes needs {needed}"),
            ));
        }
        // Only the entries that cover the virtual disk are read: a hostile
        // l1_size cannot make us allocate more than the disk needs.
        let l1_len = needed * 8;
        if !l1_at.is_multiple_of(8) {
            return Err(corrupt(
                name,
                "header",
                40,
                format!("L1 table offset {l1_at:#x} is not aligned"),
            ));
        }
        if l1_at.checked_add(l1_len).is_none_or(|e| e > file_size) {
            return Err(DiskError::Truncated {
                name: name.into(),
                format: FORMAT,
                structure: "L1 table",
                offset: l1_at,
                file_size,
            });
        }
        let raw = read_vec(&*src, name, l1_at, l1_len as usize)?;
        let l1 = raw.chunks_exact(8).map(|c| be_u64(c, 0)).collect();
        Ok(Self {
            src,
            name: name.into(),
            size,
            cluster_bits,
            l1,
            l2_cache: Mutex::new(Lru::new(L2_CACHE_TABLES)),
            cluster_cache: Mutex::new(Lru::new(CLUSTER_CACHE)),
            warnings,
        })
    }

    fn cluster_size(&self) -> u64 {
        1 << self.cluster_bits
    }

    fn truncated(&self, structure: &'static str, offset: u64) -> io::Error {
        DiskError::Truncated {
            name: self.name.clone(),
            format: FORMAT,
            structure,
            offset,
            file_size: self.src.size(),
        }
        .into_io()
    }

    fn read_host(&self, at: u64, buf: &mut [u8], structure: &'static str) -> io::Result<()> {
        if at
            .checked_add(buf.len() as u64)
            .is_none_or(|e| e > self.src.size())
        {
            return Err(self.truncated(structure, at));
        }
        self.src.read_exact_at(at, buf)
    }

    fn l2_table(&self, l1_index: usize) -> io::Result<Option<Arc<Vec<u64>>>> {
        let entry = self.l1.get(l1_index).copied().unwrap_or(0);
        let at = entry & OFFSET_MASK;
        if at == 0 {
            return Ok(None);
        }
        if !at.is_multiple_of(self.cluster_size()) {
            return Err(corrupt(
                &self.name,
                "L1 table entry",
                at,
                format!("L2 table offset {at:#x} is not cluster-aligned"),
            )
            .into_io());
        }
        let mut cache = self.l2_cache.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(t) = cache.get(at) {
            return Ok(Some(t));
        }
        let mut raw = vec![0u8; self.cluster_size() as usize];
        self.read_host(at, &mut raw, "L2 table")?;
        let table = Arc::new(
            raw.chunks_exact(8)
                .map(|c| be_u64(c, 0))
                .collect::<Vec<_>>(),
        );
        cache.put(at, Arc::clone(&table));
        Ok(Some(table))
    }

    fn compressed_cluster(&self, entry: u64) -> io::Result<Arc<Vec<u8>>> {
        let x = 62 - (self.cluster_bits - 8);
        let host = entry & ((1u64 << x) - 1);
        let sectors = ((entry >> x) & ((1u64 << (self.cluster_bits - 8)) - 1)) + 1;
        let mut cache = self.cluster_cache.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = cache.get(host) {
            return Ok(c);
        }
        let file_size = self.src.size();
        if host >= file_size {
            return Err(self.truncated("compressed cluster", host));
        }
        // The descriptor counts 512-byte sectors from the sector holding `host`;
        // the last cluster of a file may end before that rounded size.
        let len = (sectors * 512 - (host & 511)).min(file_size - host);
        let mut input = vec![0u8; len as usize];
        self.src.read_exact_at(host, &mut input)?;
        let mut out = vec![0u8; self.cluster_size() as usize];
        let mut z = flate2::Decompress::new(false);
        let status = z.decompress(&input, &mut out, flate2::FlushDecompress::Finish);
        if status.is_err() || z.total_out() != out.len() as u64 {
            return Err(corrupt(
                &self.name,
                "compressed cluster",
                host,
                "deflate data does not decompress to a full cluster".into(),
            )
            .into_io());
        }
        let out = Arc::new(out);
        cache.put(host, Arc::clone(&out));
        Ok(out)
    }
}

impl ReadAt for Qcow2 {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        if offset >= self.size || buf.is_empty() {
            return Ok(0);
        }
        let cs = self.cluster_size();
        let per_l2 = cs / 8;
        let want = (buf.len() as u64).min(self.size - offset);
        let cluster = offset >> self.cluster_bits;
        let within = offset & (cs - 1);
        let l1_index = (cluster / per_l2) as usize;
        let mut l2_index = (cluster % per_l2) as usize;
        let first_len = (cs - within).min(want);
        let Some(table) = self.l2_table(l1_index)? else {
            // An unallocated L2 table: the whole range it covers reads as zeros.
            let span = ((per_l2 - l2_index as u64) * cs - within).min(want) as usize;
            buf[..span].fill(0);
            return Ok(span);
        };
        let entry = table.get(l2_index).copied().unwrap_or(0);
        if entry & L2_COMPRESSED != 0 {
            let data = self.compressed_cluster(entry)?;
            let n = first_len as usize;
            buf[..n].copy_from_slice(&data[within as usize..within as usize + n]);
            return Ok(n);
        }
        let host = entry & OFFSET_MASK;
        if host == 0 || entry & L2_ZERO != 0 {
            // Zero cluster: extend over following zero clusters of this table.
            let mut n = first_len;
            l2_index += 1;
            while n < want && l2_index < table.len() {
                let e = table[l2_index];
                if e & L2_COMPRESSED != 0 || (e & OFFSET_MASK != 0 && e & L2_ZERO == 0) {
                    break;
                }
                n = (n + cs).min(want);
                l2_index += 1;
            }
            buf[..n as usize].fill(0);
            return Ok(n as usize);
        }
        if !host.is_multiple_of(cs) {
            return Err(corrupt(
                &self.name,
                "L2 table entry",
                host,
                format!("data cluster offset {host:#x} is not cluster-aligned"),
            )
            .into_io());
        }
        // Merge physically contiguous clusters into one read.
        let mut n = first_len;
        let mut next_host = host + cs;
        l2_index += 1;
        while n < want && l2_index < table.len() {
            let e = table[l2_index];
            if e & L2_COMPRESSED != 0 || e & L2_ZERO != 0 || e & OFFSET_MASK != next_host {
                break;
            }
            n = (n + cs).min(want);
            next_host += cs;
            l2_index += 1;
        }
        self.read_host(host + within, &mut buf[..n as usize], "data cluster")?;
        Ok(n as usize)
    }
    fn size(&self) -> u64 {
        self.size
    }
}
