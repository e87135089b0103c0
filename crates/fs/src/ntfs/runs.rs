//! Data runs: decoding NTFS mapping pairs and reading through a run map with
//! O(log runs) lookups.

/// One run of a non-resident attribute: `len` clusters starting at virtual
/// cluster `vcn`, stored at logical cluster `lcn` (or sparse when `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// First virtual cluster number of the run.
    pub vcn: u64,
    /// First logical cluster on the volume, `None` for a sparse run.
    pub lcn: Option<u64>,
    /// Length in clusters.
    pub len: u64,
}

/// Decodes a mapping-pairs array starting at `lowest_vcn`. Returns the runs,
/// or a reason and the byte index of the bad pair.
pub fn decode(
    bytes: &[u8],
    lowest_vcn: u64,
    total_clusters: u64,
) -> Result<Vec<Run>, (usize, String)> {
    let mut runs = Vec::new();
    let mut pos = 0usize;
    let mut vcn = lowest_vcn;
    let mut lcn: i64 = 0;
    while pos < bytes.len() {
        let header = bytes[pos];
        if header == 0 {
            return Ok(runs);
        }
        let len_size = usize::from(header & 0x0f);
        let off_size = usize::from(header >> 4);
        if len_size == 0 || len_size > 8 || off_size > 8 {
            return Err((pos, format!("invalid mapping pair header {header:#04x}")));
        }
        let end = pos + 1 + len_size + off_size;
        if end > bytes.len() {
            return Err((
                pos,
                "mapping pair runs past the end of the attribute".into(),
            ));
        }
        let len = read_unsigned(&bytes[pos + 1..pos + 1 + len_size]);
        if len == 0 || (len as i64) < 0 {
            return Err((pos, format!("invalid run length {len}")));
        }
        let this_lcn = if off_size == 0 {
            None
        } else {
            let delta = read_signed(&bytes[pos + 1 + len_size..end]);
            lcn = lcn
                .checked_add(delta)
                .ok_or((pos, "cluster offset overflows".to_string()))?;
            if lcn < 0 {
                return Err((pos, format!("run starts at negative cluster {lcn}")));
            }
            let start = lcn as u64;
            if start.checked_add(len).is_none_or(|e| e > total_clusters) {
                return Err((
                    pos,
                    format!(
                        "run of {len} clusters at cluster {start} lies beyond the volume ({total_clusters} clusters)"
                    ),
                ));
            }
            Some(start)
        };
        runs.push(Run {
            vcn,
            lcn: this_lcn,
            len,
        });
        vcn = vcn
            .checked_add(len)
            .ok_or((pos, "virtual cluster number overflows".to_string()))?;
        pos = end;
    }
    Ok(runs)
}

fn read_unsigned(b: &[u8]) -> u64 {
    b.iter()
        .rev()
        .fold(0u64, |acc, &x| (acc << 8) | u64::from(x))
}

fn read_signed(b: &[u8]) -> i64 {
    let mut v = read_unsigned(b);
    let bits = b.len() * 8;
    if bits < 64 && b.last().is_some_and(|&x| x & 0x80 != 0) {
        v |= !0u64 << bits;
    }
    v as i64
}

/// The assembled run map of one attribute (all extents joined).
#[derive(Debug, Clone, Default)]
pub struct RunMap {
    runs: Vec<Run>,
}

impl RunMap {
    /// Builds a map from runs sorted by VCN; they must be contiguous from 0.
    pub fn new(runs: Vec<Run>) -> Result<Self, String> {
        let mut expect = 0u64;
        for r in &runs {
            if r.vcn != expect {
                return Err(if r.vcn < expect {
                    format!("runs overlap at virtual cluster {}", r.vcn)
                } else {
                    format!(
                        "runs leave a gap between virtual clusters {expect} and {}",
                        r.vcn
                    )
                });
            }
            expect = r.vcn + r.len;
        }
        Ok(Self { runs })
    }

    /// Total clusters mapped.
    pub fn clusters(&self) -> u64 {
        self.runs.last().map_or(0, |r| r.vcn + r.len)
    }

    /// The runs, in VCN order.
    pub fn runs(&self) -> &[Run] {
        &self.runs
    }

    /// The run holding `vcn` and its index.
    pub fn find(&self, vcn: u64) -> Option<(usize, &Run)> {
        let i = self.runs.partition_point(|r| r.vcn + r.len <= vcn);
        self.runs.get(i).filter(|r| r.vcn <= vcn).map(|r| (i, r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_normal_sparse_and_negative_runs() {
        // 0x21: 1-byte length, 2-byte offset; 0x01: sparse; 0x11 with a negative delta.
        let b = [0x21, 0x10, 0x00, 0x01, 0x01, 0x05, 0x11, 0x04, 0xf0, 0x00];
        let runs = decode(&b, 0, 1 << 20).unwrap();
        assert_eq!(
            runs,
            vec![
                Run {
                    vcn: 0,
                    lcn: Some(0x100),
                    len: 0x10
                },
                Run {
                    vcn: 0x10,
                    lcn: None,
                    len: 5
                },
                Run {
                    vcn: 0x15,
                    lcn: Some(0x100 - 0x10),
                    len: 4
                },
            ]
        );
        let map = RunMap::new(runs).unwrap();
        assert_eq!(map.clusters(), 0x19);
        assert_eq!(map.find(0x14).unwrap().0, 1);
        assert!(map.find(0x19).is_none());
    }

    #[test]
    fn rejects_runs_outside_the_volume_and_bad_headers() {
        assert!(decode(&[0x21, 0x10, 0x00, 0x10], 0, 100).is_err());
        assert!(decode(&[0x09, 1, 2, 3, 4, 5, 6, 7, 8, 9], 0, 100).is_err());
        assert!(decode(&[0x11, 0x01, 0xff], 0, 100).is_err()); // negative LCN
        assert!(decode(&[0x21, 0x10], 0, 100).is_err()); // truncated pair
    }

    #[test]
    fn run_map_rejects_gaps_and_overlaps() {
        let a = Run {
            vcn: 0,
            lcn: Some(1),
            len: 4,
        };
        assert!(
            RunMap::new(vec![
                a,
                Run {
                    vcn: 5,
                    lcn: Some(9),
                    len: 1
                }
            ])
            .is_err()
        );
        assert!(
            RunMap::new(vec![
                a,
                Run {
                    vcn: 3,
                    lcn: Some(9),
                    len: 1
                }
            ])
            .is_err()
        );
    }
}
