//! Streaming one file from the image into the bundle: read → SHA-256 → sink,
//! with no temporary copy and bounded memory.
//!
//! A file larger than one chunk goes through a three-stage pipeline on
//! scoped threads: a reader fills chunks from the source, a hasher updates
//! SHA-256 and passes each chunk on, and the calling thread hands it to the
//! sink (the tar/zstd writer or a plain file). Chunks circulate through a
//! fixed pool ([`CHUNK`] × [`POOL`] bytes), so memory stays flat whatever the
//! file's size, and reading, hashing and writing (or compressing) overlap on
//! the machine's cores. Smaller files are done inline.
//!
//! A read that fails is retried in 4 KiB pieces; the pieces that still fail
//! are zeros in the output and are reported as ranges, so one bad cluster
//! does not cost the rest of a dump.

use std::io;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use sha2::{Digest, Sha256};
use vmrescue_disk::ReadAt;

use crate::manifest::ReadError;

/// Bytes per chunk.
pub(crate) const CHUNK: usize = 1 << 20;
/// Chunks in flight per file.
pub(crate) const POOL: usize = 8;
/// Granularity of retries after a failed read.
const RETRY: usize = 4096;
/// Read-error ranges listed per file (all are counted).
pub(crate) const MAX_LISTED_ERRORS: usize = 16;

/// What streaming a file produced.
#[derive(Debug, Clone)]
pub(crate) struct Streamed {
    /// SHA-256 of the bytes given to the sink.
    pub sha256: [u8; 32],
    /// Ranges that could not be read (zeros in the output), merged.
    pub read_errors: Vec<ReadError>,
    /// Total unreadable bytes.
    pub unreadable_bytes: u64,
}

/// Why streaming stopped early.
#[derive(Debug)]
pub(crate) enum Stop {
    /// The sink failed (the output cannot be written).
    Sink(io::Error),
    /// The tick callback asked to stop (cancellation).
    Cancelled,
}

struct Errors {
    list: Vec<ReadError>,
    total: u64,
}

impl Errors {
    fn new() -> Self {
        Self {
            list: Vec::new(),
            total: 0,
        }
    }

    fn add(&mut self, offset: u64, length: u64, error: &io::Error) {
        self.total += length;
        if let Some(last) = self.list.last_mut()
            && last.offset + last.length == offset
        {
            last.length += length;
            return;
        }
        if self.list.len() < MAX_LISTED_ERRORS {
            self.list.push(ReadError {
                offset,
                length,
                error: error.to_string(),
            });
        }
    }
}

/// Fills `buf` from `offset`; pieces that cannot be read are zero-filled and
/// recorded.
fn read_chunk(src: &dyn ReadAt, offset: u64, buf: &mut [u8], errors: &mut Errors) {
    if src.read_exact_at(offset, buf).is_ok() {
        return;
    }
    for (i, piece) in buf.chunks_mut(RETRY).enumerate() {
        let at = offset + (i * RETRY) as u64;
        if let Err(e) = src.read_exact_at(at, piece) {
            piece.fill(0);
            errors.add(at, piece.len() as u64, &e);
        }
    }
}

/// Streams `len` bytes of `src` into `sink`, calling `tick` with the bytes
/// done after each chunk (it returns false to cancel).
pub(crate) fn stream(
    src: &dyn ReadAt,
    len: u64,
    sink: &mut dyn FnMut(&[u8]) -> io::Result<()>,
    tick: &mut dyn FnMut(u64) -> bool,
) -> Result<Streamed, Stop> {
    if len <= CHUNK as u64 {
        return stream_inline(src, len, sink, tick);
    }
    let (pool_tx, pool_rx): (SyncSender<Vec<u8>>, Receiver<Vec<u8>>) = sync_channel(POOL);
    for _ in 0..POOL {
        // The channel has room for POOL buffers: this cannot block or fail.
        let _ = pool_tx.send(vec![0u8; CHUNK]);
    }
    let (hash_tx, hash_rx) = sync_channel::<(Vec<u8>, usize)>(POOL);
    let (write_tx, write_rx) = sync_channel::<(Vec<u8>, usize)>(POOL);
    std::thread::scope(|s| {
        let reader = s.spawn(move || {
            let mut errors = Errors::new();
            let mut pos = 0u64;
            while pos < len {
                let Ok(mut buf) = pool_rx.recv() else { break };
                let n = (len - pos).min(CHUNK as u64) as usize;
                read_chunk(src, pos, &mut buf[..n], &mut errors);
                if hash_tx.send((buf, n)).is_err() {
                    break;
                }
                pos += n as u64;
            }
            errors
        });
        let hasher = s.spawn(move || {
            let mut h = Sha256::new();
            for (buf, n) in hash_rx {
                h.update(&buf[..n]);
                if write_tx.send((buf, n)).is_err() {
                    break;
                }
            }
            let out: [u8; 32] = h.finalize().into();
            out
        });
        // The writer: this thread. Its channel ends are dropped when it
        // returns, which stops the other stages if it returns early.
        let result = (move || {
            for (buf, n) in write_rx {
                sink(&buf[..n]).map_err(Stop::Sink)?;
                if !tick(n as u64) {
                    return Err(Stop::Cancelled);
                }
                // The reader may have finished: a closed pool is fine.
                let _ = pool_tx.send(buf);
            }
            Ok(())
        })();
        let errors = reader.join();
        let sha = hasher.join();
        result?;
        match (errors, sha) {
            (Ok(errors), Ok(sha256)) => Ok(Streamed {
                sha256,
                read_errors: errors.list,
                unreadable_bytes: errors.total,
            }),
            _ => Err(Stop::Sink(io::Error::other("a streaming thread panicked"))),
        }
    })
}

fn stream_inline(
    src: &dyn ReadAt,
    len: u64,
    sink: &mut dyn FnMut(&[u8]) -> io::Result<()>,
    tick: &mut dyn FnMut(u64) -> bool,
) -> Result<Streamed, Stop> {
    let mut buf = vec![0u8; len as usize];
    let mut errors = Errors::new();
    read_chunk(src, 0, &mut buf, &mut errors);
    let sha256: [u8; 32] = Sha256::digest(&buf).into();
    sink(&buf).map_err(Stop::Sink)?;
    if !tick(len) {
        return Err(Stop::Cancelled);
    }
    Ok(Streamed {
        sha256,
        read_errors: errors.list,
        unreadable_bytes: errors.total,
    })
}

/// Lower-case hex.
pub(crate) fn hex(b: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(b.len() * 2);
    for x in b {
        let _ = write!(s, "{x:02x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Flaky {
        data: Vec<u8>,
        bad: std::ops::Range<u64>,
    }

    impl ReadAt for Flaky {
        fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
            let end = offset + buf.len() as u64;
            if offset < self.bad.end && end > self.bad.start {
                return Err(io::Error::other("bad sector"));
            }
            self.data.as_slice().read_at(offset, buf)
        }
        fn size(&self) -> u64 {
            self.data.len() as u64
        }
    }

    fn run(src: &dyn ReadAt) -> (Vec<u8>, Streamed) {
        let mut out = Vec::new();
        let mut ticks = 0u64;
        let s = stream(
            src,
            src.size(),
            &mut |b| {
                out.extend_from_slice(b);
                Ok(())
            },
            &mut |n| {
                ticks += n;
                true
            },
        )
        .expect("stream");
        assert_eq!(ticks, src.size());
        (out, s)
    }

    #[test]
    fn large_files_stream_in_order_with_the_right_hash() {
        let data: Vec<u8> = (0..(CHUNK * 3 + 12345))
            .map(|i| (i * 7 % 251) as u8)
            .collect();
        let (out, s) = run(&data);
        assert!(out == data);
        assert_eq!(s.sha256, <[u8; 32]>::from(Sha256::digest(&data)));
        assert!(s.read_errors.is_empty());
    }

    #[test]
    fn unreadable_pieces_become_zeros_and_are_reported() {
        let data = vec![0xAAu8; CHUNK * 2];
        let src = Flaky {
            data: data.clone(),
            bad: 5000..9000,
        };
        let (out, s) = run(&src);
        assert_eq!(out.len(), data.len());
        assert!(out[4096..12288].iter().all(|&b| b == 0));
        assert!(out[..4096].iter().all(|&b| b == 0xAA));
        assert_eq!(s.unreadable_bytes, 8192);
        assert_eq!(s.read_errors.len(), 1);
        assert_eq!(s.read_errors[0].offset, 4096);
        assert_eq!(s.sha256, <[u8; 32]>::from(Sha256::digest(&out)));
    }

    #[test]
    fn a_failing_sink_stops_the_pipeline() {
        let data = vec![1u8; CHUNK * 5];
        let mut calls = 0;
        let r = stream(
            &data,
            data.len() as u64,
            &mut |_| {
                calls += 1;
                if calls == 2 {
                    Err(io::Error::other("disk full"))
                } else {
                    Ok(())
                }
            },
            &mut |_| true,
        );
        assert!(matches!(r, Err(Stop::Sink(_))));
    }
}
