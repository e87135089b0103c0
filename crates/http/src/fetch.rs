//! One range fetched over HTTP: the request, every check on the response,
//! and retries with backoff that resume a partial body where it stopped.

use std::io::{self, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use ureq::http::{HeaderMap, Response, Uri};

use crate::error::{ByteRange, HttpError};
use crate::{HttpOptions, redact};

/// Request, byte and retry counters shared by all threads of one source.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) requests: AtomicU64,
    pub(crate) bytes: AtomicU64,
    pub(crate) retries: AtomicU64,
    pub(crate) cache_hits: AtomicU64,
    pub(crate) cache_misses: AtomicU64,
}

impl Counters {
    pub(crate) fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }
}

/// The validators the object had when it was opened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Pinned {
    pub(crate) etag: Option<String>,
    pub(crate) last_modified: Option<String>,
}

/// What the first request learned.
pub(crate) struct Probe {
    pub(crate) size: u64,
    pub(crate) pinned: Pinned,
    /// The first bytes of the object (up to one block).
    pub(crate) head: Vec<u8>,
}

/// Where a fetched range goes: one buffer, or several filled in a row
/// (the blocks of a piece, each kept by the cache as it is).
pub(crate) struct Dest<'a> {
    parts: Vec<&'a mut [u8]>,
    len: usize,
}

impl<'a> Dest<'a> {
    /// Buffers to fill in order.
    pub(crate) fn new(parts: Vec<&'a mut [u8]>) -> Self {
        let len = parts.iter().map(|p| p.len()).sum();
        Self { parts, len }
    }

    /// The total length.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The writable rest of the buffer holding byte `pos`.
    fn at(&mut self, mut pos: usize) -> &mut [u8] {
        for part in self.parts.iter_mut() {
            if pos < part.len() {
                return &mut part[pos..];
            }
            pos -= part.len();
        }
        &mut []
    }
}

/// Why one attempt failed.
enum Failure {
    /// Worth another attempt (after `after` if the server said so).
    Retry {
        why: String,
        after: Option<Duration>,
    },
    /// Final.
    Fatal(HttpError),
}

/// The connection side of a source: the agent, the secret URL, the options.
pub(crate) struct Conn {
    agent: ureq::Agent,
    uri: Uri,
    /// The URL as given: a secret, used only to build requests and to scrub
    /// error texts.
    raw: String,
    /// The redacted URL, for every message.
    pub(crate) name: String,
    pub(crate) opts: HttpOptions,
    pub(crate) counters: Arc<Counters>,
}

impl Conn {
    pub(crate) fn new(url: &str, opts: HttpOptions) -> Result<Self, HttpError> {
        let name = redact(url);
        let invalid = |reason: &str| HttpError::InvalidUrl {
            url: name.clone(),
            reason: reason.into(),
        };
        let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            return Err(invalid("only http:// and https:// URLs are read"));
        }
        let uri: Uri = url.parse().map_err(|_| {
            invalid("the URL is malformed (check quoting: a shell may cut it at `&`)")
        })?;
        if uri.host().is_none_or(str::is_empty) {
            return Err(invalid("the URL has no host"));
        }
        let mut cfg = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(opts.connect_timeout))
            .timeout_recv_response(Some(opts.response_timeout))
            .timeout_per_read(Some(opts.stall_timeout))
            .max_idle_connections(opts.parallel + 2)
            .max_idle_connections_per_host(opts.parallel + 2)
            .user_agent(opts.user_agent.as_str())
            .accept_encoding("identity");
        if !opts.proxy_from_env {
            cfg = cfg.proxy(None);
        }
        let agent: ureq::Agent = cfg.build().into();
        Ok(Self {
            agent,
            uri,
            raw: url.to_string(),
            name,
            opts,
            counters: Arc::default(),
        })
    }

    /// Removes every trace of the secret URL from a text that came from a
    /// library (an error message), in case it quotes the URL.
    fn scrub(&self, text: &str) -> String {
        let mut s = text.replace(&self.raw, &self.name);
        if let Some(q) = self.raw.find('?').map(|i| &self.raw[i + 1..]) {
            let q = q.split('#').next().unwrap_or("");
            if !q.is_empty() {
                s = s.replace(q, "<redacted>");
            }
        }
        if let Some(authority) = self.uri.authority()
            && let Some((userinfo, _)) = authority.as_str().rsplit_once('@')
            && !userinfo.is_empty()
        {
            s = s.replace(userinfo, "<redacted>");
        }
        s
    }

    /// Sends one GET for `range`; returns the response if its status is 206.
    /// The probe (`pinned` is `None`) also gets a 416 back, to read its
    /// `Content-Range: bytes */0` (an empty object).
    fn send(
        &self,
        range: ByteRange,
        pinned: Option<&Pinned>,
    ) -> Result<Response<ureq::Body>, Failure> {
        let mut req = self
            .agent
            .get(self.uri.clone())
            .header("Range", format!("bytes={}-{}", range.first, range.last))
            .header("Accept-Encoding", "identity");
        if let Some(p) = pinned {
            match (&p.etag, &p.last_modified) {
                // If-Match compares strongly: a weak ETag never matches it.
                (Some(e), _) if !e.starts_with("W/") => req = req.header("If-Match", e.as_str()),
                (_, Some(lm)) => req = req.header("If-Unmodified-Since", lm.as_str()),
                _ => {}
            }
        }
        Counters::add(&self.counters.requests, 1);
        let resp = req.call().map_err(|e| self.transport_failure(e, range))?;
        let status = resp.status().as_u16();
        if status == 206 || (status == 416 && pinned.is_none()) {
            return Ok(resp);
        }
        Err(self.status_failure(status, resp.headers(), range, pinned.is_some()))
    }

    fn transport_failure(&self, e: ureq::Error, range: ByteRange) -> Failure {
        let fatal = |what: String| {
            Failure::Fatal(HttpError::Transport {
                url: self.name.clone(),
                range,
                what,
            })
        };
        match e {
            ureq::Error::Io(io) => Failure::Retry {
                why: self.scrub(&format!("network error: {io}")),
                after: None,
            },
            ureq::Error::Timeout(t) => Failure::Retry {
                why: format!("timed out ({t})"),
                after: None,
            },
            ureq::Error::ConnectionFailed => Failure::Retry {
                why: "connection failed".into(),
                after: None,
            },
            ureq::Error::Protocol(p) => Failure::Retry {
                why: self.scrub(&format!("HTTP protocol error: {p}")),
                after: None,
            },
            ureq::Error::HostNotFound => fatal("host not found (DNS lookup failed)".into()),
            ureq::Error::BadUri(_) | ureq::Error::Http(_) => {
                fatal("the URL or a request header is invalid".into())
            }
            ureq::Error::TooManyRedirects | ureq::Error::RedirectFailed => {
                fatal("too many or invalid redirects".into())
            }
            ureq::Error::Tls(m) => fatal(format!("TLS: {m}")),
            ureq::Error::Rustls(r) => {
                fatal(self.scrub(&format!("TLS: {r} (certificates are always verified)")))
            }
            other => fatal(self.scrub(&other.to_string())),
        }
    }

    fn status_failure(&self, status: u16, h: &HeaderMap, range: ByteRange, known: bool) -> Failure {
        let url = self.name.clone();
        let fatal = Failure::Fatal;
        match status {
            200 => fatal(HttpError::NoRangeSupport {
                url,
                range,
                answer: format!(
                    "200 OK with the whole object{}",
                    match header(h, "accept-ranges") {
                        Some(a) => format!(" (Accept-Ranges: {})", printable(&a)),
                        None => String::new(),
                    }
                ),
            }),
            401 | 403 => fatal(HttpError::Forbidden {
                url,
                range,
                status,
                code: header(h, "x-ms-error-code")
                    .or_else(|| header(h, "x-amz-error-code"))
                    .map(|c| c.chars().filter(char::is_ascii_alphanumeric).take(64).collect()),
            }),
            404 | 410 => fatal(HttpError::NotFound { url, range, status }),
            412 => fatal(HttpError::Changed {
                url,
                range,
                what: "the server says the object no longer matches the version opened (HTTP 412 Precondition Failed)".into(),
            }),
            416 if known => fatal(HttpError::Changed {
                url,
                range,
                what: "range not satisfiable (HTTP 416): the object is shorter than when it was opened".into(),
            }),
            408 | 429 | 500 | 502 | 503 | 504 => Failure::Retry {
                why: format!("HTTP {status}"),
                after: header(h, "retry-after").and_then(|v| parse_retry_after(&v, SystemTime::now())),
            },
            _ => fatal(HttpError::Status { url, range, status }),
        }
    }

    /// The checks every 206 response gets: `Content-Range` exactly `range` of
    /// an object of `size` bytes, `Content-Length` the range's length, no
    /// content coding, the pinned validators.
    fn check_206(
        &self,
        h: &HeaderMap,
        range: ByteRange,
        size: u64,
        pinned: &Pinned,
    ) -> Result<(), HttpError> {
        let bad = |what: String| HttpError::BadResponse {
            url: self.name.clone(),
            range,
            what,
        };
        if let Some(enc) = header(h, "content-encoding")
            && !enc.eq_ignore_ascii_case("identity")
        {
            return Err(bad(format!(
                "the body is encoded ({}) though identity was asked for",
                printable(&enc)
            )));
        }
        let cr =
            header(h, "content-range").ok_or_else(|| bad("206 without Content-Range".into()))?;
        match parse_content_range(&cr) {
            Some((Some((first, last)), Some(total))) => {
                if total != size {
                    return Err(HttpError::Changed {
                        url: self.name.clone(),
                        range,
                        what: format!(
                            "its size was {size} bytes and is now {total} (Content-Range: {})",
                            printable(&cr)
                        ),
                    });
                }
                if first != range.first || last != range.last {
                    return Err(bad(format!(
                        "Content-Range is bytes {first}-{last}/{total}, not the range asked for"
                    )));
                }
            }
            _ => {
                return Err(bad(format!(
                    "unreadable Content-Range `{}`",
                    printable(&cr)
                )));
            }
        }
        if let Some(cl) = header(h, "content-length")
            && cl.trim().parse::<u64>().ok() != Some(range.len())
        {
            return Err(bad(format!(
                "Content-Length is {} for a range of {} bytes",
                printable(&cl),
                range.len()
            )));
        }
        self.check_validators(h, range, pinned)
    }

    fn check_validators(
        &self,
        h: &HeaderMap,
        range: ByteRange,
        pinned: &Pinned,
    ) -> Result<(), HttpError> {
        let changed = |what: String| HttpError::Changed {
            url: self.name.clone(),
            range,
            what,
        };
        for (name, want) in [
            ("etag", &pinned.etag),
            ("last-modified", &pinned.last_modified),
        ] {
            let Some(want) = want else { continue };
            let label = if name == "etag" {
                "ETag"
            } else {
                "Last-Modified"
            };
            match header(h, name) {
                Some(got) if &got == want => {}
                Some(got) => {
                    return Err(changed(format!(
                        "{label} was {} when opened and is now {}",
                        printable(want),
                        printable(&got)
                    )));
                }
                None => {
                    return Err(changed(format!(
                        "the response has no {label}; the object opened had {}",
                        printable(want)
                    )));
                }
            }
        }
        Ok(())
    }

    /// The first request: a ranged GET of the first `first_len` bytes, which
    /// tells the size (`Content-Range` total), whether ranges work at all and
    /// the validators to pin.
    pub(crate) fn probe(&self, first_len: u64) -> Result<Probe, HttpError> {
        let asked = ByteRange::new(0, first_len);
        let mut budget = Budget::new(&self.opts, asked.len());
        loop {
            match self.probe_once(asked) {
                Ok(p) => return Ok(p),
                Err(Failure::Fatal(e)) => return Err(e),
                Err(Failure::Retry { why, after }) => {
                    self.wait_or_give_up(&mut budget, asked, why, after, false)?
                }
            }
        }
    }

    fn probe_once(&self, asked: ByteRange) -> Result<Probe, Failure> {
        let resp = self.send(asked, None)?;
        let h = resp.headers();
        let pinned = Pinned {
            etag: header(h, "etag"),
            last_modified: header(h, "last-modified"),
        };
        let fatal = |what: String| {
            Failure::Fatal(HttpError::BadResponse {
                url: self.name.clone(),
                range: asked,
                what,
            })
        };
        let cr = header(h, "content-range");
        if resp.status().as_u16() == 416 {
            // Nothing at byte 0: an empty object says `Content-Range: bytes */0`.
            return match cr.as_deref().and_then(parse_content_range) {
                Some((None, Some(0))) => Ok(Probe {
                    size: 0,
                    pinned,
                    head: Vec::new(),
                }),
                _ => Err(Failure::Fatal(HttpError::Status {
                    url: self.name.clone(),
                    range: asked,
                    status: 416,
                })),
            };
        }
        let cr = cr.ok_or_else(|| fatal("206 without Content-Range".into()))?;
        let size = match parse_content_range(&cr) {
            Some((Some(_), Some(total))) => total,
            Some((Some(_), None)) => {
                return Err(Failure::Fatal(HttpError::UnknownSize {
                    url: self.name.clone(),
                    what: format!("Content-Range `{}` has no total length", printable(&cr)),
                }));
            }
            _ => {
                return Err(fatal(format!(
                    "unreadable Content-Range `{}`",
                    printable(&cr)
                )));
            }
        };
        let range = ByteRange {
            first: 0,
            last: asked.last.min(size - 1),
        };
        self.check_206(h, range, size, &pinned)
            .map_err(Failure::Fatal)?;
        let len = usize::try_from(range.len()).map_err(|_| fatal("range too large".into()))?;
        let mut head = vec![0u8; len];
        let mut got = 0usize;
        self.read_body(resp, range, &mut Dest::new(vec![&mut head]), 0, &mut got)?;
        Ok(Probe { size, pinned, head })
    }

    /// Fills `out` with the bytes at `first..`, retrying transient failures
    /// and resuming a partial body from where it stopped.
    pub(crate) fn fetch(
        &self,
        first: u64,
        out: &mut Dest<'_>,
        size: u64,
        pinned: &Pinned,
    ) -> Result<(), HttpError> {
        if out.len() == 0 {
            return Ok(());
        }
        let whole = ByteRange::new(first, out.len() as u64);
        let mut done = 0usize;
        let mut budget = Budget::new(&self.opts, whole.len());
        loop {
            let range = ByteRange {
                first: whole.first + done as u64,
                last: whole.last,
            };
            let mut got = 0usize;
            let result = self.send(range, Some(pinned)).and_then(|resp| {
                self.check_206(resp.headers(), range, size, pinned)
                    .map_err(Failure::Fatal)?;
                self.read_body(resp, range, out, done, &mut got)
            });
            done += got;
            match result {
                Ok(()) => return Ok(()),
                Err(Failure::Fatal(e)) => return Err(e),
                Err(Failure::Retry { why, after }) => {
                    self.wait_or_give_up(&mut budget, whole, why, after, got > 0)?;
                }
            }
        }
    }

    /// Reads the body of a checked 206 into `out` from byte `start` on,
    /// counting into `got`. A body that ends early or breaks is a `Retry`
    /// (the caller resumes at `start + got`); a body longer than the range
    /// is fatal.
    fn read_body(
        &self,
        resp: Response<ureq::Body>,
        range: ByteRange,
        out: &mut Dest<'_>,
        start: usize,
        got: &mut usize,
    ) -> Result<(), Failure> {
        *got = 0;
        let want = out.len() - start;
        let mut reader = resp.into_body().into_reader();
        while *got < want {
            match reader.read(out.at(start + *got)) {
                Ok(0) => {
                    return Err(Failure::Retry {
                        why: format!("the body ended after {} of {want} bytes of {range}", *got),
                        after: None,
                    });
                }
                Ok(n) => {
                    *got += n;
                    Counters::add(&self.counters.bytes, n as u64);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    return Err(Failure::Retry {
                        why: self.scrub(&format!(
                            "the body broke off after {} of {want} bytes of {range}: {e}",
                            *got
                        )),
                        after: None,
                    });
                }
            }
        }
        let mut extra = [0u8; 1];
        loop {
            match reader.read(&mut extra) {
                Ok(0) => return Ok(()),
                Ok(_) => {
                    return Err(Failure::Fatal(HttpError::BadResponse {
                        url: self.name.clone(),
                        range,
                        what: "the body is longer than the range asked for".into(),
                    }));
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                // Every byte of the range arrived and was checked; only the
                // end of the message is broken: the data stand.
                Err(_) => return Ok(()),
            }
        }
    }

    /// Sleeps before the next attempt, or gives up when the budget is spent.
    fn wait_or_give_up(
        &self,
        budget: &mut Budget,
        range: ByteRange,
        why: String,
        after: Option<Duration>,
        progressed: bool,
    ) -> Result<(), HttpError> {
        let give_up = |last: String, attempts: u32| HttpError::GaveUp {
            url: self.name.clone(),
            range,
            attempts,
            last,
        };
        budget.attempts += 1;
        if progressed {
            budget.failures = 0;
            budget.backoff = self.opts.backoff_initial;
        } else {
            budget.failures += 1;
        }
        if budget.failures > self.opts.max_retries || budget.attempts > budget.hard_limit {
            return Err(give_up(why, budget.attempts));
        }
        if let Some(a) = after
            && a > self.opts.max_retry_after
        {
            return Err(give_up(
                format!(
                    "{why}; the server asks to retry after {} s, longer than the {} s allowed",
                    a.as_secs(),
                    self.opts.max_retry_after.as_secs()
                ),
                budget.attempts,
            ));
        }
        Counters::add(&self.counters.retries, 1);
        let wait = if progressed && after.is_none() {
            Duration::ZERO
        } else {
            let jittered = jitter(budget.backoff);
            budget.backoff = (budget.backoff * 2).min(self.opts.backoff_max);
            after.map_or(jittered, |a| a.max(jittered))
        };
        std::thread::sleep(wait);
        Ok(())
    }
}

/// The retry budget of one range.
struct Budget {
    /// Attempts that failed.
    attempts: u32,
    /// Failures in a row that delivered no byte.
    failures: u32,
    hard_limit: u32,
    backoff: Duration,
}

impl Budget {
    fn new(o: &HttpOptions, len: u64) -> Self {
        let per_mib = u32::try_from(len >> 20).unwrap_or(u32::MAX);
        Self {
            attempts: 0,
            failures: 0,
            // Failures that made progress reset `failures`; this bounds them
            // too: a few per retry allowed, plus one per MiB of the range.
            hard_limit: o
                .max_retries
                .saturating_mul(4)
                .saturating_add(4)
                .saturating_add(per_mib),
            backoff: o.backoff_initial,
        }
    }
}

/// Between half and all of `d`, at random.
fn jitter(d: Duration) -> Duration {
    use std::hash::{BuildHasher, Hasher};
    let r = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    let half = d / 2;
    let nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX).max(1);
    half + Duration::from_nanos(r % nanos)
}

/// A header as text (the first one of that name), if it is valid text.
fn header(h: &HeaderMap, name: &str) -> Option<String> {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_string())
}

/// A server-supplied text made safe to print: printable ASCII, at most 120 characters.
fn printable(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .take(120)
        .collect();
    if s.chars().count() > 120 {
        out.push('…');
    }
    out
}

/// A parsed `Content-Range`: the span (`None` for `*`) and the total (`None` for `*`).
pub(crate) type ContentRange = (Option<(u64, u64)>, Option<u64>);

/// Parses `bytes first-last/total` (either side may be `*`):
/// `(Some((first, last)) or None for `*`, Some(total) or None for `*`)`.
pub(crate) fn parse_content_range(v: &str) -> Option<ContentRange> {
    let v = v.trim();
    let (unit, rest) = v.split_once(' ')?;
    if !unit.eq_ignore_ascii_case("bytes") {
        return None;
    }
    let (span, total) = rest.trim().split_once('/')?;
    let total = match total.trim() {
        "*" => None,
        t => Some(t.parse::<u64>().ok()?),
    };
    let span = match span.trim() {
        "*" => None,
        s => {
            let (a, b) = s.split_once('-')?;
            let (a, b) = (a.trim().parse::<u64>().ok()?, b.trim().parse::<u64>().ok()?);
            if b < a || total.is_some_and(|t| b >= t) {
                return None;
            }
            Some((a, b))
        }
    };
    if span.is_none() && total.is_none() {
        return None;
    }
    Some((span, total))
}

/// `Retry-After`: delay-seconds or an HTTP date (IMF-fixdate), as a wait from `now`.
pub(crate) fn parse_retry_after(v: &str, now: SystemTime) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = parse_http_date(v)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Parses an IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
fn parse_http_date(v: &str) -> Option<SystemTime> {
    let (_, rest) = v.split_once(", ")?;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let [day, mon, year, time, "GMT"] = f.as_slice() else {
        return None;
    };
    let day: i64 = day.parse().ok()?;
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| m == mon)? as i64
        + 1;
    let year: i64 = year.parse().ok()?;
    let t: Vec<i64> = time
        .split(':')
        .map(|x| x.parse().ok())
        .collect::<Option<_>>()?;
    let [h, m, s] = t.as_slice() else { return None };
    if !(1..=31).contains(&day) || *h > 23 || *m > 59 || *s > 60 {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + h * 3600 + m * 60 + s;
    let secs = u64::try_from(secs).ok()?;
    SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_range() {
        assert_eq!(
            parse_content_range("bytes 0-99/1000"),
            Some((Some((0, 99)), Some(1000)))
        );
        assert_eq!(
            parse_content_range("bytes 5-5/*"),
            Some((Some((5, 5)), None))
        );
        assert_eq!(parse_content_range("bytes */0"), Some((None, Some(0))));
        assert_eq!(parse_content_range("bytes 9-5/10"), None);
        assert_eq!(parse_content_range("bytes 0-10/10"), None);
        assert_eq!(parse_content_range("items 0-1/2"), None);
        assert_eq!(parse_content_range("bytes */*"), None);
        assert_eq!(parse_content_range("garbage"), None);
    }

    #[test]
    fn retry_after() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_770);
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        // 784111777 is Sun, 06 Nov 1994 08:49:37 GMT (RFC 9110's example).
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            parse_retry_after(
                "Sun, 06 Nov 1994 08:49:37 GMT",
                now + Duration::from_secs(60)
            ),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn printable_strips_control_characters() {
        assert_eq!(printable("a\r\nb"), "a??b");
        assert_eq!(printable(&"x".repeat(200)).chars().count(), 121);
    }
}
