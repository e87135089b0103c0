//! [`HttpSource`]: the block cache, read-ahead and parallel pieces on top of
//! the checked, retried range requests of [`crate::fetch`].

use std::fmt;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use vmrescue_disk::ReadAt;

use crate::cache::BlockCache;
use crate::fetch::{Conn, Counters, Dest, Pinned};
use crate::{HttpError, HttpOptions, HttpStats};

/// A disk image (or any object) read over HTTP(S) with range requests.
///
/// Shareable between threads; reads are positioned. Its [`name`](Self::name)
/// is the redacted URL, and its `Debug` output holds no secret either.
pub struct HttpSource {
    conn: Conn,
    size: u64,
    pinned: Pinned,
    block: u64,
    cache_cap_bytes: u64,
    readahead_max_blocks: u64,
    piece_min: u64,
    piece_max: u64,
    cache: Mutex<BlockCache>,
    seq: Mutex<Sequential>,
}

/// Sequential-read detection.
#[derive(Default)]
struct Sequential {
    /// Where the last read ended.
    next: Option<u64>,
    /// Reads in a row that started where the one before ended.
    streak: u64,
    /// The current read-ahead window in blocks.
    window: u64,
}

/// A handle on a source's counters that outlives moving the source into an
/// `Arc<dyn ReadAt>`.
#[derive(Clone)]
pub struct StatsHandle(Arc<Counters>);

impl StatsHandle {
    /// The counters now.
    pub fn snapshot(&self) -> HttpStats {
        let c = &self.0;
        let get = |a: &std::sync::atomic::AtomicU64| a.load(Ordering::Relaxed);
        HttpStats {
            requests: get(&c.requests),
            bytes: get(&c.bytes),
            cache_hits: get(&c.cache_hits),
            cache_misses: get(&c.cache_misses),
            retries: get(&c.retries),
        }
    }
}

impl fmt::Debug for StatsHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.snapshot().fmt(f)
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves the cache consistent (every
    // operation on it is complete or not started): go on with it.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl HttpSource {
    /// Opens `url` (`http://` or `https://`) with the default options.
    pub fn open(url: &str) -> Result<Self, HttpError> {
        Self::open_with(url, HttpOptions::default())
    }

    /// Opens `url` with `options`. Sends one request: a ranged `GET` of the
    /// first block, which tells the size, checks that ranges work and pins
    /// the object's `ETag` and `Last-Modified`.
    pub fn open_with(url: &str, options: HttpOptions) -> Result<Self, HttpError> {
        options.validate()?;
        let block = options.block_size as u64;
        let cache_cap_bytes = options.cache_bytes as u64;
        let cap_blocks = options.cache_bytes / options.block_size;
        let readahead_max_blocks = (options.readahead_max / options.block_size) as u64;
        // Pieces are whole blocks, at least 1 MiB: smaller requests cost
        // more in round trips than they gain in parallelism.
        let piece_min = block.max(1 << 20);
        let piece_max = (options.max_piece as u64).div_ceil(block).max(1) * block;
        let piece_max = piece_max.max(piece_min);
        let conn = Conn::new(url, options)?;
        let probe = conn.probe(block)?;
        let mut cache = BlockCache::new(cap_blocks);
        if !probe.head.is_empty() {
            cache.insert(0, Arc::new(probe.head));
        }
        Ok(Self {
            conn,
            size: probe.size,
            pinned: probe.pinned,
            block,
            cache_cap_bytes,
            readahead_max_blocks,
            piece_min,
            piece_max,
            cache: Mutex::new(cache),
            seq: Mutex::new(Sequential::default()),
        })
    }

    /// The redacted URL: the name to show and to pass to the disk layer.
    pub fn name(&self) -> &str {
        &self.conn.name
    }

    /// The object's `ETag` when it was opened, if the server sent one.
    pub fn etag(&self) -> Option<&str> {
        self.pinned.etag.as_deref()
    }

    /// The object's `Last-Modified` when it was opened, if the server sent one.
    pub fn last_modified(&self) -> Option<&str> {
        self.pinned.last_modified.as_deref()
    }

    /// The options in force.
    pub fn options(&self) -> &HttpOptions {
        &self.conn.opts
    }

    /// The counters now.
    pub fn stats(&self) -> HttpStats {
        self.stats_handle().snapshot()
    }

    /// A handle on the counters, to read them after the source was moved
    /// into the disk stack.
    pub fn stats_handle(&self) -> StatsHandle {
        StatsHandle(Arc::clone(&self.conn.counters))
    }

    /// Reads `buf.len()` bytes at `offset` (fewer only at the end of the
    /// object).
    ///
    /// A read whose blocks are all cached is served from the cache. A large
    /// read (half a block or more) is fetched exactly, in parallel pieces,
    /// straight into `buf`. A small read fetches whole blocks into the cache,
    /// coalescing the missing ones into contiguous ranges. Both add the
    /// read-ahead window of sequential reading, into the cache.
    fn read(&self, offset: u64, buf: &mut [u8]) -> Result<usize, HttpError> {
        if offset >= self.size || buf.is_empty() {
            return Ok(0);
        }
        let len = usize::try_from(self.size - offset).map_or(buf.len(), |r| r.min(buf.len()));
        let buf = &mut buf[..len];
        let end = offset + len as u64;
        let bs = self.block;
        let (b0, b1) = (offset / bs, (end - 1) / bs + 1);
        let counters = &self.conn.counters;
        {
            let mut cache = lock(&self.cache);
            if (b0..b1).all(|b| cache.contains(b)) {
                for b in b0..b1 {
                    if let Some(data) = cache.get(b) {
                        copy_out(b * bs, &data, offset, buf);
                    }
                }
                drop(cache);
                Counters::add(&counters.cache_hits, b1 - b0);
                self.readahead(offset, end, false);
                return Ok(len);
            }
        }
        let window = self.readahead(offset, end, true);
        if len as u64 >= bs / 2 {
            Counters::add(&counters.cache_misses, b1 - b0);
            self.read_direct(offset, buf, window)?;
        } else {
            self.read_blocks(offset, buf, window)?;
        }
        Ok(len)
    }

    /// A large read: `[offset, offset + buf.len())` exactly, in pieces, into
    /// `buf`; plus `window` blocks of read-ahead from the block holding its
    /// end, into the cache.
    fn read_direct(&self, offset: u64, buf: &mut [u8], window: u64) -> Result<(), HttpError> {
        let bs = self.block;
        let end = offset + buf.len() as u64;
        let parallel = self.conn.opts.parallel as u64;
        let piece = (buf.len() as u64)
            .div_ceil(parallel)
            .clamp(self.piece_min, self.piece_max) as usize;
        let mut jobs: Vec<(u64, Dest<'_>)> = Vec::new();
        let mut at = offset;
        for chunk in buf.chunks_mut(piece) {
            let n = chunk.len() as u64;
            jobs.push((at, Dest::new(vec![chunk])));
            at += n;
        }
        let ahead = self.readahead_runs(end / bs, window);
        let pieces = self.pieces(&ahead);
        let mut blocks = self.block_bufs(&pieces);
        for (p, v) in pieces.iter().zip(blocks.iter_mut()) {
            jobs.push((
                p.0,
                Dest::new(v.iter_mut().map(Vec::as_mut_slice).collect()),
            ));
        }
        self.fetch_into(jobs)?;
        self.keep(&pieces, blocks, |_| true);
        Ok(())
    }

    /// A small read: the missing blocks in contiguous runs, the last one
    /// grown by the read-ahead window, fetched whole into the cache.
    fn read_blocks(&self, offset: u64, buf: &mut [u8], window: u64) -> Result<(), HttpError> {
        let bs = self.block;
        let end = offset + buf.len() as u64;
        let (b0, b1) = (offset / bs, (end - 1) / bs + 1);
        let mut missing = Vec::new();
        {
            let mut cache = lock(&self.cache);
            for b in b0..b1 {
                match cache.get(b) {
                    Some(data) => copy_out(b * bs, &data, offset, buf),
                    None => missing.push(b),
                }
            }
        }
        let counters = &self.conn.counters;
        Counters::add(&counters.cache_hits, (b1 - b0) - missing.len() as u64);
        Counters::add(&counters.cache_misses, missing.len() as u64);
        if missing.is_empty() {
            return Ok(());
        }
        let mut runs: Vec<(u64, u64)> = Vec::new();
        for b in missing {
            match runs.last_mut() {
                Some(r) if r.1 == b => r.1 += 1,
                _ => runs.push((b, b + 1)),
            }
        }
        for (r0, r1) in self.readahead_runs(b1, window) {
            match runs.last_mut() {
                Some(r) if r.1 == r0 => r.1 = r1,
                _ => runs.push((r0, r1)),
            }
        }
        let pieces = self.pieces(&runs);
        let mut blocks = self.block_bufs(&pieces);
        let jobs = pieces
            .iter()
            .zip(blocks.iter_mut())
            .map(|(p, v)| {
                (
                    p.0,
                    Dest::new(v.iter_mut().map(Vec::as_mut_slice).collect()),
                )
            })
            .collect();
        self.fetch_into(jobs)?;
        for (&(first, _), piece) in pieces.iter().zip(&blocks) {
            for (i, data) in piece.iter().enumerate() {
                copy_out(first + i as u64 * bs, data, offset, buf);
            }
        }
        // A large fetch keeps only the blocks this read did not consume
        // whole (its edges and the read-ahead), so it does not flush the cache.
        let total: u64 = pieces.iter().map(|p| p.1).sum();
        let cache_all = total <= self.cache_cap_bytes / 4;
        self.keep(&pieces, blocks, |(start, n)| {
            cache_all || start < offset || start + n > end
        });
        Ok(())
    }

    /// The uncached blocks from `from` on, at most `window` of them, up to
    /// the first cached one and the end of the object.
    fn readahead_runs(&self, from: u64, window: u64) -> Vec<(u64, u64)> {
        if window == 0 {
            return Vec::new();
        }
        let limit = from
            .saturating_add(window)
            .min(self.size.div_ceil(self.block));
        let cache = lock(&self.cache);
        let mut e = from;
        while e < limit && !cache.contains(e) {
            e += 1;
        }
        if e > from {
            vec![(from, e)]
        } else {
            Vec::new()
        }
    }

    /// One buffer per block of each piece (pieces are whole blocks, but for
    /// the object's last one).
    fn block_bufs(&self, pieces: &[(u64, u64)]) -> Vec<Vec<Vec<u8>>> {
        let bs = self.block;
        pieces
            .iter()
            .map(|&(first, len)| {
                let mut at = first;
                let mut v = Vec::new();
                while at < first + len {
                    let n = bs.min(first + len - at);
                    v.push(vec![0u8; n as usize]);
                    at += n;
                }
                v
            })
            .collect()
    }

    /// Puts the fetched blocks of pieces into the cache, those for which
    /// `want((first byte, length))` holds.
    fn keep(
        &self,
        pieces: &[(u64, u64)],
        blocks: Vec<Vec<Vec<u8>>>,
        want: impl Fn((u64, u64)) -> bool,
    ) {
        let bs = self.block;
        let mut cache = lock(&self.cache);
        for (&(first, _), piece) in pieces.iter().zip(blocks) {
            for (i, data) in piece.into_iter().enumerate() {
                let start = first + i as u64 * bs;
                if want((start, data.len() as u64)) {
                    cache.insert(start / bs, Arc::new(data));
                }
            }
        }
    }

    /// Updates the sequential-read state; returns the read-ahead in blocks
    /// for this read: non-zero only for a read that misses and is the second
    /// or later in a row to start where the one before ended (one read that
    /// continues another is common in fragmented files: a copy's buffer
    /// boundary inside a fragment). The window starts at one block and
    /// doubles with each such miss, up to `readahead_max`.
    fn readahead(&self, offset: u64, end: u64, miss: bool) -> u64 {
        let mut s = lock(&self.seq);
        let sequential = s.next == Some(offset);
        s.next = Some(end);
        if !sequential || self.readahead_max_blocks == 0 {
            s.streak = 0;
            s.window = 0;
            return 0;
        }
        s.streak += 1;
        if !miss || s.streak < 2 {
            return 0;
        }
        s.window = (s.window * 2).clamp(1, self.readahead_max_blocks);
        s.window
    }

    /// Splits runs of blocks into `(first byte, length)` pieces: about a
    /// `parallel`-th of the run each, whole blocks, from `piece_min` to
    /// `piece_max`.
    fn pieces(&self, runs: &[(u64, u64)]) -> Vec<(u64, u64)> {
        let bs = self.block;
        let parallel = self.conn.opts.parallel as u64;
        let mut out = Vec::new();
        for &(b0, b1) in runs {
            let first = b0 * bs;
            let end = (b1 * bs).min(self.size);
            let per = (b1 - b0).div_ceil(parallel).max(1) * bs;
            let piece = per.clamp(self.piece_min, self.piece_max);
            let mut at = first;
            while at < end {
                let len = piece.min(end - at);
                out.push((at, len));
                at += len;
            }
        }
        out
    }

    /// Fills every `(first byte, buffer)` job, up to `parallel` at once; the
    /// first error (in job order) wins and stops the jobs not yet started.
    fn fetch_into(&self, jobs: Vec<(u64, Dest<'_>)>) -> Result<(), HttpError> {
        let workers = self.conn.opts.parallel.min(jobs.len());
        if workers <= 1 {
            for (first, mut dest) in jobs {
                self.conn.fetch(first, &mut dest, self.size, &self.pinned)?;
            }
            return Ok(());
        }
        let queue = Mutex::new(jobs.into_iter().enumerate().rev().collect::<Vec<_>>());
        let errors: Mutex<Vec<(usize, HttpError)>> = Mutex::new(Vec::new());
        let failed = AtomicBool::new(false);
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    while !failed.load(Ordering::Relaxed) {
                        let Some((i, (first, mut dest))) = lock(&queue).pop() else {
                            break;
                        };
                        if let Err(e) = self.conn.fetch(first, &mut dest, self.size, &self.pinned) {
                            failed.store(true, Ordering::Relaxed);
                            lock(&errors).push((i, e));
                        }
                    }
                });
            }
        });
        let mut errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
        errors.sort_by_key(|e| e.0);
        match errors.into_iter().next() {
            Some((_, e)) => Err(e),
            // Workers stop early only after a failure: no error, all done.
            None => Ok(()),
        }
    }
}

/// Copies the part of `data` (which starts at byte `start` of the object)
/// that overlaps `buf` (which starts at byte `offset`).
fn copy_out(start: u64, data: &[u8], offset: u64, buf: &mut [u8]) {
    let end = start + data.len() as u64;
    let buf_end = offset + buf.len() as u64;
    let lo = start.max(offset);
    let hi = end.min(buf_end);
    if lo >= hi {
        return;
    }
    let n = (hi - lo) as usize;
    let src = (lo - start) as usize;
    let dst = (lo - offset) as usize;
    buf[dst..dst + n].copy_from_slice(&data[src..src + n]);
}

impl ReadAt for HttpSource {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        self.read(offset, buf).map_err(io::Error::from)
    }

    fn size(&self) -> u64 {
        self.size
    }
}

impl fmt::Debug for HttpSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpSource")
            .field("name", &self.conn.name)
            .field("size", &self.size)
            .field("etag", &self.pinned.etag)
            .field("last_modified", &self.pinned.last_modified)
            .field("block_size", &self.block)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::copy_out;

    #[test]
    fn copy_out_overlaps() {
        let data = [1u8, 2, 3, 4];
        let mut buf = [0u8; 4];
        copy_out(10, &data, 12, &mut buf); // data 10..14, buf 12..16
        assert_eq!(buf, [3, 4, 0, 0]);
        let mut buf = [0u8; 2];
        copy_out(10, &data, 9, &mut buf); // buf 9..11
        assert_eq!(buf, [0, 1]);
        let mut buf = [9u8; 2];
        copy_out(10, &data, 20, &mut buf);
        assert_eq!(buf, [9, 9]);
    }
}
