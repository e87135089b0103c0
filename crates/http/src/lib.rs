//! # vmrescue-http
//!
//! A disk read straight from a URL: an Azure SAS URL of a managed disk or
//! snapshot, an S3 or GCS presigned URL, or any HTTP server that honours
//! `Range`. [`HttpSource`] implements [`vmrescue_disk::ReadAt`], so every image
//! format and file system above it works unchanged, and reads only the byte
//! ranges they need.
//!
//! ```no_run
//! use std::sync::Arc;
//! use vmrescue_http::HttpSource;
//! let src = HttpSource::open("https://example.invalid/osdisk.vhd?sv=2022-11-02&sig=…")?;
//! let name = src.name().to_string(); // "https://example.invalid/osdisk.vhd?<redacted>"
//! let src = Arc::new(src);
//! let image = vmrescue_disk::DiskImage::from_source(src.clone(), &name)?;
//! let disk = vmrescue_disk::Disk::from_image(image)?;
//! eprintln!("{}", src.stats());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## How it reads
//! - **Size** from the first request, a ranged `GET` of the first block
//!   (`Content-Range: bytes 0-…/SIZE`); it works with presigned URLs that are
//!   signed for `GET` only (where a `HEAD` is refused). A server that answers
//!   `200` with the whole object does not support ranges: a clear error, and
//!   the body is not downloaded.
//! - **Cache**: aligned blocks ([`HttpOptions::block_size`], 64 KiB: scattered small reads such as MFT records cost little more than they ask for) in a
//!   least-recently-used cache bounded by [`HttpOptions::cache_bytes`]. A
//!   read of half a block or more is fetched exactly and bypasses the cache
//!   (a fragmented file read through the cache would fetch the partial
//!   blocks at each fragment's edges).
//! - **Coalescing and read-ahead**: the missing blocks of one read are fetched
//!   as contiguous ranges; sequential reads grow a read-ahead window up to
//!   [`HttpOptions::readahead_max`].
//! - **Parallel pieces**: a large fetch is split into pieces of 1 MiB to
//!   [`HttpOptions::max_piece`], fetched by up to
//!   [`HttpOptions::parallel`] threads at once over kept-alive connections.
//! - **Retries**: timeouts, connection resets, broken or short bodies, 408,
//!   429, 500, 502, 503 and 504 are retried with exponential backoff and
//!   jitter, honouring `Retry-After`; a partial body is resumed from the byte
//!   where it stopped.
//! - **Checks**: every response must be `206` with a `Content-Range` that is
//!   exactly the range asked for and the size opened, a `Content-Length` of the
//!   range's length, no content coding, and a body of exactly that length.
//! - **No mixed versions**: the `ETag` and `Last-Modified` of the first
//!   response are pinned; later requests send `If-Match` (a strong ETag) or
//!   `If-Unmodified-Since`, and every response's validators are compared.
//!   A change is [`HttpError::Changed`], never silently mixed data.
//! - **Secrets**: the query string (SAS `sig=`, `X-Amz-Signature`,
//!   `X-Goog-Signature`, any query) and any user information never appear in
//!   errors, `Debug` output or names: [`redact`] gives the form that does.
//!   (The HTTP client, `ureq`, logs the full path and query through the
//!   `log` crate at `trace` level only; vmrescue installs no logger, and one
//!   that is ever added must keep `ureq` below `trace`.)
//! - **TLS** (rustls, with bundled Mozilla roots) always verifies
//!   certificates; there is no option to turn that off.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod cache;
pub mod error;
mod fetch;
mod source;

use std::fmt;
use std::time::Duration;

pub use error::{ByteRange, HttpError};
pub use source::{HttpSource, StatsHandle};

/// Whether `s` names an HTTP source (`http://` or `https://`, any case)
/// rather than a file or device path.
pub fn is_url(s: &str) -> bool {
    let head = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    head.starts_with("http://") || head.starts_with("https://")
}

/// A URL with its secrets removed, for messages, logs and names: scheme, host
/// (with port) and path; user information dropped; the query, if any,
/// replaced by `?<redacted>`; the fragment dropped.
///
/// ```
/// assert_eq!(
///     vmrescue_http::redact("https://acct.example.invalid/c/osdisk.vhd?sv=2022&sig=abc%3D"),
///     "https://acct.example.invalid/c/osdisk.vhd?<redacted>"
/// );
/// ```
pub fn redact(url: &str) -> String {
    let url = url.trim();
    let before_fragment = url.split('#').next().unwrap_or("");
    let (base, has_query) = match before_fragment.split_once('?') {
        Some((b, _)) => (b, true),
        None => (before_fragment, false),
    };
    let base = match base.find("://") {
        Some(i) => {
            let (scheme, rest) = base.split_at(i + 3);
            let (authority, path) = match rest.find('/') {
                Some(j) => rest.split_at(j),
                None => (rest, ""),
            };
            let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
            format!("{}{host}{path}", scheme.to_ascii_lowercase())
        }
        None => base.to_string(),
    };
    if has_query {
        format!("{base}?<redacted>")
    } else {
        base
    }
}

/// How an [`HttpSource`] reads: cache, parallelism, retries, timeouts.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// Cache block size in bytes: a power of two from 4 KiB to 64 MiB
    /// (default 64 KiB). Small reads fetch whole blocks; reads of half a
    /// block or more are fetched exactly, around the cache.
    pub block_size: usize,
    /// Most bytes the block cache holds (default 64 MiB; 0 caches nothing).
    pub cache_bytes: usize,
    /// Largest read-ahead window for sequential reads, in bytes (default
    /// 16 MiB; 0 turns read-ahead off).
    pub readahead_max: usize,
    /// Concurrent range requests for one large fetch (1 to 32, default 4).
    pub parallel: usize,
    /// Largest piece one request of a split fetch asks for (default 8 MiB;
    /// rounded up to whole blocks). Pieces are at least 1 MiB (or a block).
    pub max_piece: usize,
    /// Failed attempts in a row (without a byte of progress) before a range
    /// is given up (default 8).
    pub max_retries: u32,
    /// First backoff delay (default 250 ms); it doubles after each failure.
    pub backoff_initial: Duration,
    /// Largest backoff delay (default 10 s).
    pub backoff_max: Duration,
    /// Longest `Retry-After` honoured; a server asking for more is an error
    /// (default 120 s).
    pub max_retry_after: Duration,
    /// Time allowed to connect (default 15 s).
    pub connect_timeout: Duration,
    /// Time allowed for a response's headers to arrive (default 60 s).
    pub response_timeout: Duration,
    /// Time one read of the body may wait for data before the transfer
    /// counts as stalled and is retried (default 60 s).
    pub stall_timeout: Duration,
    /// Use the `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`/`NO_PROXY` environment
    /// variables (default true).
    pub proxy_from_env: bool,
    /// The `User-Agent` header.
    pub user_agent: String,
}

impl Default for HttpOptions {
    fn default() -> Self {
        Self {
            block_size: 64 << 10,
            cache_bytes: 64 << 20,
            readahead_max: 16 << 20,
            parallel: 4,
            max_piece: 8 << 20,
            max_retries: 8,
            backoff_initial: Duration::from_millis(250),
            backoff_max: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(120),
            connect_timeout: Duration::from_secs(15),
            response_timeout: Duration::from_secs(60),
            stall_timeout: Duration::from_secs(60),
            proxy_from_env: true,
            user_agent: concat!("vmrescue/", env!("CARGO_PKG_VERSION")).to_string(),
        }
    }
}

impl HttpOptions {
    pub(crate) fn validate(&self) -> Result<(), HttpError> {
        let bad = |what: String| Err(HttpError::InvalidOption(what));
        if !self.block_size.is_power_of_two() || !(4096..=64 << 20).contains(&self.block_size) {
            return bad(format!(
                "block size {} is not a power of two from 4096 to 64 MiB",
                self.block_size
            ));
        }
        if !(1..=32).contains(&self.parallel) {
            return bad(format!("parallel {} is not from 1 to 32", self.parallel));
        }
        if self.backoff_initial.is_zero() || self.backoff_max < self.backoff_initial {
            return bad("backoff: the first delay must be positive and at most the largest".into());
        }
        for (name, d) in [
            ("connect", self.connect_timeout),
            ("response", self.response_timeout),
            ("stall", self.stall_timeout),
        ] {
            if d.is_zero() {
                return bad(format!("the {name} timeout must be positive"));
            }
        }
        Ok(())
    }
}

/// What a source did: for `--stats`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HttpStats {
    /// HTTP requests sent (including failed and retried ones).
    pub requests: u64,
    /// Body bytes received.
    pub bytes: u64,
    /// Blocks served from the cache.
    pub cache_hits: u64,
    /// Blocks that were not in the cache when read.
    pub cache_misses: u64,
    /// Attempts repeated after a transient failure.
    pub retries: u64,
}

impl fmt::Display for HttpStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} HTTP requests, {} bytes ({:.1} MiB) transferred, cache {} hits / {} misses, {} retries",
            self.requests,
            self.bytes,
            self.bytes as f64 / 1048576.0,
            self.cache_hits,
            self.cache_misses,
            self.retries
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_hides_queries_and_user_information() {
        let cases = [
            (
                "https://md-abc.z1.blob.storage.example.invalid/xyz/abcd?sv=2018-03-28&sr=b&si=1&sig=Zm9v%3D",
                "https://md-abc.z1.blob.storage.example.invalid/xyz/abcd?<redacted>",
            ),
            (
                "https://b.example.invalid/k.vhd?X-Amz-Algorithm=AWS4&X-Amz-Signature=deadbeef",
                "https://b.example.invalid/k.vhd?<redacted>",
            ),
            (
                "HTTPS://u:secret@h.example.invalid:8443/p/q.vhdx?X-Goog-Signature=00#frag",
                "https://h.example.invalid:8443/p/q.vhdx?<redacted>",
            ),
            ("http://127.0.0.1:8080/a.raw", "http://127.0.0.1:8080/a.raw"),
            (
                "http://127.0.0.1:8080/a.raw?",
                "http://127.0.0.1:8080/a.raw?<redacted>",
            ),
            ("http://h.example.invalid", "http://h.example.invalid"),
            ("http://h.example.invalid/#x", "http://h.example.invalid/"),
        ];
        for (url, want) in cases {
            assert_eq!(redact(url), want, "{url}");
        }
        for secret in ["sig=", "Zm9v", "deadbeef", "secret", "00#"] {
            for (url, _) in cases {
                assert!(!redact(url).contains(secret) || !url.contains(secret));
            }
        }
    }

    #[test]
    fn is_url_by_scheme() {
        assert!(is_url("https://x/y"));
        assert!(is_url("HTTP://x/y"));
        assert!(!is_url("/dev/sda"));
        assert!(!is_url("C:\\disk.vhd"));
        assert!(!is_url("ftp://x/y"));
    }

    #[test]
    fn options_are_checked() {
        assert!(HttpOptions::default().validate().is_ok());
        let o = HttpOptions {
            block_size: 3000,
            ..Default::default()
        };
        assert!(o.validate().is_err());
        let o = HttpOptions {
            parallel: 0,
            ..Default::default()
        };
        assert!(o.validate().is_err());
    }
}
