//! Errors of the HTTP source. Every variant names the source by its redacted
//! URL (never the query string, which holds the signature), the byte range
//! that was asked for, and what was wrong.

use std::fmt;
use std::io;

/// An inclusive byte range `first-last`, as in the HTTP `Range` and
/// `Content-Range` headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteRange {
    /// The first byte.
    pub first: u64,
    /// The last byte (inclusive).
    pub last: u64,
}

impl ByteRange {
    /// The range of `len` bytes (at least 1) starting at `first`.
    pub fn new(first: u64, len: u64) -> Self {
        Self {
            first,
            last: first.saturating_add(len.max(1) - 1),
        }
    }

    /// The number of bytes in the range.
    pub fn len(&self) -> u64 {
        self.last - self.first + 1
    }

    /// Always false: a range holds at least one byte.
    pub fn is_empty(&self) -> bool {
        false
    }
}

impl fmt::Display for ByteRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bytes {}-{}", self.first, self.last)
    }
}

/// An error while opening or reading a disk over HTTP.
///
/// `url` is always the redacted form (see [`crate::redact`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HttpError {
    /// The string is not an `http://` or `https://` URL this source can read.
    #[error("{url}: not a URL vmrescue can read: {reason}")]
    InvalidUrl {
        /// The redacted URL.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The options are out of range.
    #[error("invalid HTTP source option: {0}")]
    InvalidOption(String),
    /// HTTP 401 or 403: the signature (SAS token, presigned URL) is expired or
    /// invalid, or does not grant read access.
    #[error(
        "{url}: access denied (HTTP {status}) reading {range}{}: the signed URL or SAS token has expired, is invalid or does not grant read access; ask for a new URL (e.g. run `az disk grant-access` again)",
        code_suffix(code)
    )]
    Forbidden {
        /// The redacted URL.
        url: String,
        /// The range asked for.
        range: ByteRange,
        /// 401 or 403.
        status: u16,
        /// The server's error code header (`x-ms-error-code`, `x-amz-error-code`), if any.
        code: Option<String>,
    },
    /// HTTP 404 or 410.
    #[error(
        "{url}: not found (HTTP {status}) reading {range}: no object at this address; check the account, container or bucket and the path, or whether the disk or snapshot was deleted"
    )]
    NotFound {
        /// The redacted URL.
        url: String,
        /// The range asked for.
        range: ByteRange,
        /// 404 or 410.
        status: u16,
    },
    /// The server ignores `Range` requests.
    #[error(
        "{url}: the server does not support range requests: a request for {range} was answered {answer}; vmrescue reads only the byte ranges it needs and cannot read a disk from this server: download the image first, or serve it with a server that honours Range"
    )]
    NoRangeSupport {
        /// The redacted URL.
        url: String,
        /// The range asked for.
        range: ByteRange,
        /// What the server answered.
        answer: String,
    },
    /// The object changed since it was opened (another ETag or Last-Modified,
    /// a failed `If-Match`, another size): its bytes would mix two versions.
    #[error(
        "{url}: the object changed while it was being read ({range}: {what}); nothing read after the change is used: read a snapshot, or a disk that is not in use"
    )]
    Changed {
        /// The redacted URL.
        url: String,
        /// The range asked for.
        range: ByteRange,
        /// What differed.
        what: String,
    },
    /// A response that does not match the request (status, `Content-Range`,
    /// `Content-Length`, encoding, a body longer than the range).
    #[error("{url}: invalid response to a request for {range}: {what}")]
    BadResponse {
        /// The redacted URL.
        url: String,
        /// The range asked for.
        range: ByteRange,
        /// What was wrong.
        what: String,
    },
    /// An HTTP status this source does not expect and does not retry.
    #[error("{url}: HTTP {status} to a request for {range}")]
    Status {
        /// The redacted URL.
        url: String,
        /// The range asked for.
        range: ByteRange,
        /// The status code.
        status: u16,
    },
    /// A network or TLS failure that retrying cannot fix (unknown host, an
    /// untrusted certificate, too many redirects).
    #[error("{url}: cannot fetch {range}: {what}")]
    Transport {
        /// The redacted URL.
        url: String,
        /// The range asked for.
        range: ByteRange,
        /// What failed.
        what: String,
    },
    /// Transient failures (timeouts, resets, 429/5xx, short bodies) went on
    /// past the retry budget.
    #[error(
        "{url}: giving up on {range} after {attempts} attempt{}: {last}",
        if *attempts == 1 { "" } else { "s" }
    )]
    GaveUp {
        /// The redacted URL.
        url: String,
        /// The range asked for.
        range: ByteRange,
        /// Requests sent for it.
        attempts: u32,
        /// The last failure.
        last: String,
    },
    /// The server does not say how large the object is.
    #[error("{url}: cannot learn the object's size: {what}")]
    UnknownSize {
        /// The redacted URL.
        url: String,
        /// What the server answered.
        what: String,
    },
}

fn code_suffix(code: &Option<String>) -> String {
    match code {
        Some(c) => format!(" (server error code {c})"),
        None => String::new(),
    }
}

impl HttpError {
    /// The `io::ErrorKind` this error travels as through [`vmrescue_disk::ReadAt`].
    pub fn io_kind(&self) -> io::ErrorKind {
        match self {
            Self::InvalidUrl { .. } | Self::InvalidOption(_) => io::ErrorKind::InvalidInput,
            Self::Forbidden { .. } => io::ErrorKind::PermissionDenied,
            Self::NotFound { .. } => io::ErrorKind::NotFound,
            Self::Changed { .. } | Self::BadResponse { .. } => io::ErrorKind::InvalidData,
            Self::NoRangeSupport { .. } => io::ErrorKind::Unsupported,
            Self::GaveUp { .. } => io::ErrorKind::TimedOut,
            Self::Status { .. } | Self::Transport { .. } | Self::UnknownSize { .. } => {
                io::ErrorKind::Other
            }
        }
    }

    /// The `HttpError` inside an `io::Error` returned by the source's `read_at`
    /// (also when a layer above wrapped that `io::Error` as its source).
    pub fn from_io(err: &io::Error) -> Option<&HttpError> {
        let mut cur: Option<&(dyn std::error::Error + 'static)> = err
            .get_ref()
            .map(|e| e as &(dyn std::error::Error + 'static));
        while let Some(e) = cur {
            if let Some(h) = e.downcast_ref::<HttpError>() {
                return Some(h);
            }
            cur = e.source();
        }
        None
    }
}

impl From<HttpError> for io::Error {
    fn from(e: HttpError) -> Self {
        io::Error::new(e.io_kind(), e)
    }
}
