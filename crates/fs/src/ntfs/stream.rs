//! Streams of NTFS attributes as [`ReadAt`]: resident values, non-resident
//! values through one assembled run map (O(log runs) per read), initialized
//! size, sparse runs, and LZNT1 compression units.

use std::io;
use std::sync::{Arc, Mutex};

use vmrescue_disk::ReadAt;

use super::runs::RunMap;
use crate::error::FsError;

/// The volume as streams see it.
pub(crate) struct Vol {
    pub src: Arc<dyn ReadAt>,
    pub name: String,
    pub cluster: u64,
    pub clusters: u64,
}

impl Vol {
    /// Reads exactly `buf.len()` bytes at a volume offset; a short read is an
    /// error naming the offset (the image is truncated), never silent data loss.
    pub fn read_exact(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        self.src.read_exact_at(offset, buf).map_err(|source| {
            io::Error::new(
                source.kind(),
                FsError::Io {
                    volume: self.name.clone(),
                    offset,
                    source,
                },
            )
        })
    }

    pub fn corrupt(
        &self,
        structure: &'static str,
        record: Option<u64>,
        offset: u64,
        reason: String,
    ) -> FsError {
        FsError::Corrupt {
            volume: self.name.clone(),
            structure,
            record,
            offset,
            reason,
        }
    }
}

/// How a non-resident value is stored.
pub(crate) struct NonResident {
    pub map: RunMap,
    pub size: u64,
    pub initialized: u64,
    /// Compression unit in clusters when the attribute is LZNT1-compressed.
    pub compression_unit: Option<u64>,
}

/// A readable attribute value (a file's data, a named stream, an index
/// allocation).
pub struct DataStream {
    inner: Inner,
}

/// The last decompressed compression unit: (unit number, bytes).
type UnitCache = Mutex<Option<(u64, Arc<Vec<u8>>)>>;

enum Inner {
    Resident(Arc<Vec<u8>>),
    NonResident(NrStream),
}

struct NrStream {
    vol: Arc<Vol>,
    nr: NonResident,
    record: u64,
    unit_cache: UnitCache,
}

impl DataStream {
    pub(crate) fn resident(data: Vec<u8>) -> Self {
        Self {
            inner: Inner::Resident(Arc::new(data)),
        }
    }

    pub(crate) fn non_resident(vol: Arc<Vol>, nr: NonResident, record: u64) -> Self {
        Self {
            inner: Inner::NonResident(NrStream {
                vol,
                nr,
                record,
                unit_cache: Mutex::new(None),
            }),
        }
    }

    /// The number of data runs (1 for resident data): a measure of fragmentation.
    pub fn run_count(&self) -> usize {
        match &self.inner {
            Inner::Resident(_) => 1,
            Inner::NonResident(s) => s.nr.map.runs().len(),
        }
    }

    /// Whether the value is stored compressed.
    pub fn is_compressed(&self) -> bool {
        matches!(&self.inner, Inner::NonResident(s) if s.nr.compression_unit.is_some())
    }
}

impl NrStream {
    fn read_compressed(
        &self,
        unit_clusters: u64,
        offset: u64,
        buf: &mut [u8],
    ) -> io::Result<usize> {
        let (vol, nr, cache) = (&*self.vol, &self.nr, &self.unit_cache);
        let unit_bytes = unit_clusters * vol.cluster;
        let unit = offset / unit_bytes;
        let data = {
            let mut c = cache.lock().unwrap_or_else(|p| p.into_inner());
            match c.as_ref() {
                Some((u, d)) if *u == unit => Arc::clone(d),
                _ => {
                    let d = Arc::new(self.load_unit(unit, unit_clusters)?);
                    *c = Some((unit, Arc::clone(&d)));
                    d
                }
            }
        };
        let within = (offset - unit * unit_bytes) as usize;
        let n = buf
            .len()
            .min(data.len().saturating_sub(within))
            .min((nr.size - offset) as usize);
        buf[..n].copy_from_slice(&data[within..within + n]);
        Ok(n)
    }

    /// Reads one compression unit: all sparse → zeros; fully allocated →
    /// stored raw; allocated then sparse → LZNT1 data to decompress.
    fn load_unit(&self, unit: u64, unit_clusters: u64) -> io::Result<Vec<u8>> {
        let (vol, nr, record) = (&*self.vol, &self.nr, self.record);
        let unit_bytes = (unit_clusters * vol.cluster) as usize;
        let first_vcn = unit * unit_clusters;
        let mut raw = Vec::with_capacity(unit_bytes);
        let mut vcn = first_vcn;
        let mut sparse_seen = false;
        while vcn < first_vcn + unit_clusters {
            let Some((_, run)) = nr.map.find(vcn) else {
                break;
            };
            let take = (run.vcn + run.len - vcn).min(first_vcn + unit_clusters - vcn);
            match run.lcn {
                None => sparse_seen = true,
                Some(lcn) => {
                    if sparse_seen {
                        return Err(vol
                            .corrupt(
                                "compression unit",
                                Some(record),
                                lcn * vol.cluster,
                                "allocated clusters follow sparse ones inside a compression unit"
                                    .into(),
                            )
                            .into_io_error());
                    }
                    let start = raw.len();
                    raw.resize(start + (take * vol.cluster) as usize, 0);
                    vol.read_exact((lcn + (vcn - run.vcn)) * vol.cluster, &mut raw[start..])?;
                }
            }
            vcn += take;
        }
        if raw.is_empty() {
            return Ok(vec![0; unit_bytes]);
        }
        if raw.len() == unit_bytes {
            return Ok(raw);
        }
        // Feed the decompressor only the chunks that can fill one unit, so a
        // hostile chunk stream cannot make it produce more than that.
        let mut pos = 0usize;
        let mut chunks = 0usize;
        while pos + 2 <= raw.len() && chunks < unit_bytes / 4096 {
            let h = u16::from_le_bytes([raw[pos], raw[pos + 1]]);
            if h == 0 {
                break;
            }
            pos += 2 + usize::from(h & 0x0fff) + 1;
            chunks += 1;
        }
        let mut out = Vec::with_capacity(unit_bytes);
        lznt1::decompress(&raw[..pos.min(raw.len())], &mut out).map_err(|e| {
            vol.corrupt(
                "LZNT1 compression unit",
                Some(record),
                first_vcn * vol.cluster,
                format!("cannot decompress: {e:?}"),
            )
            .into_io_error()
        })?;
        out.resize(unit_bytes, 0);
        Ok(out)
    }
}

impl FsError {
    pub(crate) fn into_io_error(self) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, self)
    }
}

impl ReadAt for DataStream {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        match &self.inner {
            Inner::Resident(d) => d.as_slice().read_at(offset, buf),
            Inner::NonResident(st) => {
                let (vol, nr, record) = (&st.vol, &st.nr, &st.record);
                if offset >= nr.size || buf.is_empty() {
                    return Ok(0);
                }
                let want = (buf.len() as u64).min(nr.size - offset) as usize;
                let buf = &mut buf[..want];
                if let Some(unit) = nr.compression_unit {
                    return st.read_compressed(unit, offset, buf);
                }
                if offset >= nr.initialized {
                    buf.fill(0);
                    return Ok(want);
                }
                let limit = ((nr.initialized - offset) as usize).min(want);
                let vcn = offset / vol.cluster;
                let Some((_, run)) = nr.map.find(vcn) else {
                    return Err(vol
                        .corrupt(
                            "data runs",
                            Some(*record),
                            0,
                            format!(
                                "runs map {} clusters but the value is {} bytes",
                                nr.map.clusters(),
                                nr.size
                            ),
                        )
                        .into_io_error());
                };
                let within = offset - run.vcn * vol.cluster;
                let n = ((run.len * vol.cluster - within) as usize).min(limit);
                match run.lcn {
                    None => buf[..n].fill(0),
                    Some(lcn) => vol.read_exact(lcn * vol.cluster + within, &mut buf[..n])?,
                }
                Ok(n)
            }
        }
    }

    fn size(&self) -> u64 {
        match &self.inner {
            Inner::Resident(d) => d.len() as u64,
            Inner::NonResident(s) => s.nr.size,
        }
    }
}
