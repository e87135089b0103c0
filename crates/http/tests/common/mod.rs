//! Loopback HTTP servers for the tests: Debian's nginx, started on 127.0.0.1
//! with a temporary configuration, and a small fault-injecting server.
//! Both listen on 127.0.0.1 only and stop by themselves.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use vmrescue_http::{HttpError, HttpOptions};

/// The signature the tests put in every URL: it must never show.
pub const SECRET: &str = "TOPSECRETSIGNATURE";

/// A URL on 127.0.0.1 with a SAS-like query holding [`SECRET`].
pub fn signed_url(port: u16, path: &str) -> String {
    format!(
        "http://127.0.0.1:{port}{path}?sv=2022-11-02&sr=b&sp=r&se=2099-01-01T00%3A00%3A00Z&sig={SECRET}%2Fabc%3D"
    )
}

/// Options for tests: no proxy from the environment (loopback only), short
/// timeouts and backoff so fault tests run in seconds.
pub fn test_options() -> HttpOptions {
    HttpOptions {
        proxy_from_env: false,
        backoff_initial: Duration::from_millis(10),
        backoff_max: Duration::from_millis(100),
        max_retry_after: Duration::from_secs(5),
        connect_timeout: Duration::from_secs(2),
        response_timeout: Duration::from_secs(3),
        stall_timeout: Duration::from_millis(700),
        ..HttpOptions::default()
    }
}

/// Asserts that an error says nothing secret, in every form it can be shown.
pub fn assert_no_secret(e: &HttpError) {
    let io: std::io::Error = std::io::Error::new(e.io_kind(), e.to_string());
    for text in [e.to_string(), format!("{e:?}"), format!("{io:?}")] {
        assert!(!text.contains(SECRET), "secret in error text: {text}");
        assert!(!text.contains("sig="), "query in error text: {text}");
    }
}

/// A free port on 127.0.0.1 (free when asked: a server binding it later may race).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("bind 127.0.0.1:0")
}

/// A unique temporary folder, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let p = std::env::temp_dir().join(format!(
            "vmrescue-http-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("temp dir");
        Self(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---------------------------------------------------------------- nginx

/// nginx serving one folder on 127.0.0.1, as a child of this test (under
/// `timeout`, so it stops by itself even if the test is killed).
pub struct Nginx {
    child: Child,
    pub port: u16,
    dir: TempDir,
}

/// Where nginx is, or `None` after printing why the test is skipped.
pub fn nginx_or_skip(test: &str) -> Option<PathBuf> {
    for p in ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"] {
        if Path::new(p).is_file() {
            return Some(PathBuf::from(p));
        }
    }
    let _ = test;
    vmrescue_testkit::skip(
        "nginx is not installed (Debian package `nginx`; scripts/test.sh installs it)",
    );
    None
}

impl Nginx {
    /// Starts nginx serving `root`; panics with nginx's error log if it cannot.
    pub fn start(bin: &Path, root: &Path) -> Self {
        let mut last_log = String::new();
        for _ in 0..5 {
            let dir = TempDir::new("nginx");
            let port = free_port();
            let d = dir.0.display();
            let conf = format!(
                r#"daemon off;
master_process off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {d}/access.log;
    client_body_temp_path {d}/body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    types {{ }}
    default_type application/octet-stream;
    sendfile on;
    keepalive_requests 100000;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{ }}
    }}
}}
"#,
                root = root.display()
            );
            std::fs::write(dir.0.join("nginx.conf"), conf).expect("write nginx.conf");
            let child = Command::new("timeout")
                .args(["--kill-after=5", "600"])
                .arg(bin)
                .arg("-p")
                .arg(&dir.0)
                .arg("-c")
                .arg(dir.0.join("nginx.conf"))
                .arg("-e")
                .arg(dir.0.join("error.log"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start nginx under timeout");
            let mut n = Nginx { child, port, dir };
            let t0 = Instant::now();
            while t0.elapsed() < Duration::from_secs(10) {
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return n;
                }
                if let Ok(Some(_)) = n.child.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            last_log = std::fs::read_to_string(n.dir.0.join("error.log")).unwrap_or_default();
            // Drop stops it; try another port.
        }
        panic!("nginx did not start on 127.0.0.1: {last_log}");
    }

    /// Requests nginx logged so far.
    pub fn access_log_lines(&self) -> usize {
        std::fs::read_to_string(self.dir.0.join("access.log"))
            .map(|s| s.lines().count())
            .unwrap_or(0)
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // TERM to `timeout` (our own child, by its id); it passes it on to nginx.
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let t0 = Instant::now();
        while t0.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------- fault server

/// One request as the fault server saw it.
#[derive(Debug, Clone)]
pub struct Req {
    pub path: String,
    pub range: Option<(u64, u64)>,
    pub if_match: Option<String>,
    pub if_unmodified_since: Option<String>,
    pub accept_encoding: Option<String>,
}

/// What to answer.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A correct 206 (with the server's ETag and Last-Modified; 412 if an
    /// If-Match does not match when `honour_if_match`).
    Normal,
    /// A 206 with the full Content-Length, but only `n` body bytes, then close.
    DropAfter(usize),
    /// A 206 without Content-Length, `n` body bytes, then close (a short body).
    ShortNoLength(usize),
    /// A 206 whose body stalls after `n` bytes for `ms` milliseconds, then closes.
    Stall(usize, u64),
    /// A status with optional Retry-After and headers; a body that quotes the
    /// request line (as some object stores echo the signature in errors).
    Status {
        code: u16,
        retry_after: Option<String>,
        headers: Vec<(String, String)>,
    },
    /// A 206 whose Content-Range is shifted by `n` bytes.
    WrongRange(u64),
    /// A 206 claiming the object has another size.
    OtherSize(u64),
    /// A 206 with a body one byte longer than the range (no Content-Length).
    LongBody,
    /// A 200 with the whole object (a server without range support).
    Full200,
    /// A 206 with another ETag.
    Etag(String),
    /// A 206 without ETag and Last-Modified.
    NoValidators,
    /// A correct 206 after waiting `ms` milliseconds (a long round trip).
    Delayed(u64),
}

/// Decides the reply to request number `n` (0-based).
pub type Policy = Arc<dyn Fn(usize, &Req) -> Reply + Send + Sync>;

/// A fault-injecting HTTP/1.1 server on 127.0.0.1 serving one file's bytes.
pub struct FaultServer {
    pub port: u16,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
    pub log: Arc<Mutex<Vec<Req>>>,
}

struct Shared {
    file: std::fs::File,
    size: u64,
    policy: Policy,
    count: AtomicUsize,
    log: Arc<Mutex<Vec<Req>>>,
    stop: Arc<AtomicBool>,
    etag: Option<String>,
    honour_if_match: bool,
}

pub const ETAG: &str = "\"v1-5eed\"";
pub const LAST_MODIFIED: &str = "Wed, 20 Nov 2024 10:00:00 GMT";

impl FaultServer {
    /// Serves `file` (its first `size` bytes) with `policy`; stops by itself
    /// after 120 s at most. `etag`: whether responses carry an ETag (else
    /// only Last-Modified). `honour_if_match`: answer 412 to a stale If-Match.
    pub fn start(
        file: &Path,
        size: u64,
        etag: bool,
        honour_if_match: bool,
        policy: Policy,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr: SocketAddr = listener.local_addr().expect("local addr");
        assert!(addr.ip().is_loopback());
        listener.set_nonblocking(true).expect("nonblocking");
        let stop = Arc::new(AtomicBool::new(false));
        let log = Arc::new(Mutex::new(Vec::new()));
        let shared = Arc::new(Shared {
            file: std::fs::File::open(file).expect("open served file"),
            size,
            policy,
            count: AtomicUsize::new(0),
            log: Arc::clone(&log),
            stop: Arc::clone(&stop),
            etag: etag.then(|| ETAG.to_string()),
            honour_if_match,
        });
        let stop2 = Arc::clone(&stop);
        let accept = std::thread::spawn(move || {
            let t0 = Instant::now();
            while !stop2.load(Ordering::Relaxed) && t0.elapsed() < Duration::from_secs(120) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let s = Arc::clone(&shared);
                        std::thread::spawn(move || serve(stream, &s));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(2)),
                }
            }
        });
        Self {
            port: addr.port(),
            stop,
            accept: Some(accept),
            log,
        }
    }

    pub fn requests(&self) -> Vec<Req> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.accept.take() {
            let _ = h.join();
        }
    }
}

fn serve(stream: TcpStream, s: &Shared) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_nodelay(true);
    let Ok(mut out) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    for _ in 0..10_000 {
        if s.stop.load(Ordering::Relaxed) {
            return;
        }
        let mut lines = Vec::new();
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let line = line.trim_end().to_string();
            if line.is_empty() {
                break;
            }
            lines.push(line);
        }
        let Some(request_line) = lines.first().cloned() else {
            return;
        };
        let path = request_line.split(' ').nth(1).unwrap_or("/").to_string();
        let get = |name: &str| {
            lines.iter().skip(1).find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().to_string())
            })
        };
        let range = get("range").and_then(|r| {
            let r = r.strip_prefix("bytes=")?;
            let (a, b) = r.split_once('-')?;
            Some((a.parse().ok()?, b.parse().ok()?))
        });
        let req = Req {
            path,
            range,
            if_match: get("if-match"),
            if_unmodified_since: get("if-unmodified-since"),
            accept_encoding: get("accept-encoding"),
        };
        let n = s.count.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut l) = s.log.lock() {
            l.push(req.clone());
        }
        let reply = (s.policy)(n, &req);
        if !respond(&mut out, s, &req, &request_line, reply) {
            let _ = out.shutdown(Shutdown::Both);
            return;
        }
    }
}

/// Writes one response; false when the connection is to be closed.
fn respond(out: &mut TcpStream, s: &Shared, req: &Req, request_line: &str, reply: Reply) -> bool {
    let validators = |etag: Option<&str>| {
        let mut h = format!("Last-Modified: {LAST_MODIFIED}\r\n");
        if let Some(e) = etag {
            h.push_str(&format!("ETag: {e}\r\n"));
        }
        h
    };
    let (first, last) = match req.range {
        Some((a, b)) if a < s.size => (a, b.min(s.size - 1)),
        Some(_) => {
            let head = format!(
                "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */{}\r\nContent-Length: 0\r\n\r\n",
                s.size
            );
            return out.write_all(head.as_bytes()).is_ok();
        }
        None => (0, s.size - 1),
    };
    let len = last - first + 1;
    let body = |out: &mut TcpStream, from: u64, n: u64| -> bool {
        let mut buf = vec![0u8; 256 << 10];
        let mut done = 0u64;
        while done < n {
            let k = (n - done).min(buf.len() as u64) as usize;
            if s.file.read_exact_at(&mut buf[..k], from + done).is_err() {
                return false;
            }
            if out.write_all(&buf[..k]).is_err() {
                return false;
            }
            done += k as u64;
        }
        true
    };
    let ok206 = |extra: &str, etag: Option<&str>, cr: String, cl: Option<u64>| {
        let mut h = format!(
            "HTTP/1.1 206 Partial Content\r\nAccept-Ranges: bytes\r\nContent-Range: {cr}\r\n{}{extra}",
            validators(etag)
        );
        if let Some(cl) = cl {
            h.push_str(&format!("Content-Length: {cl}\r\n"));
        }
        h.push_str("\r\n");
        h
    };
    let cr = format!("bytes {first}-{last}/{}", s.size);
    let etag = s.etag.as_deref();
    match reply {
        Reply::Normal => {
            if s.honour_if_match
                && let (Some(want), Some(have)) = (req.if_match.as_deref(), etag)
                && want != have
            {
                let h = "HTTP/1.1 412 Precondition Failed\r\nContent-Length: 0\r\n\r\n";
                return out.write_all(h.as_bytes()).is_ok();
            }
            out.write_all(ok206("", etag, cr, Some(len)).as_bytes())
                .is_ok()
                && body(out, first, len)
        }
        Reply::Etag(e) => {
            if s.honour_if_match && req.if_match.as_deref().is_some_and(|m| m != e) {
                let h = "HTTP/1.1 412 Precondition Failed\r\nContent-Length: 0\r\n\r\n";
                return out.write_all(h.as_bytes()).is_ok();
            }
            out.write_all(ok206("", Some(&e), cr, Some(len)).as_bytes())
                .is_ok()
                && body(out, first, len)
        }
        Reply::Delayed(ms) => {
            std::thread::sleep(Duration::from_millis(ms.min(5000)));
            respond(out, s, req, request_line, Reply::Normal)
        }
        Reply::NoValidators => {
            let h = format!(
                "HTTP/1.1 206 Partial Content\r\nContent-Range: {cr}\r\nContent-Length: {len}\r\n\r\n"
            );
            out.write_all(h.as_bytes()).is_ok() && body(out, first, len)
        }
        Reply::DropAfter(n) => {
            let _ = out.write_all(ok206("", etag, cr, Some(len)).as_bytes());
            let _ = body(out, first, (n as u64).min(len));
            false
        }
        Reply::ShortNoLength(n) => {
            let _ = out.write_all(ok206("Connection: close\r\n", etag, cr, None).as_bytes());
            let _ = body(out, first, (n as u64).min(len));
            false
        }
        Reply::Stall(n, ms) => {
            let _ = out.write_all(ok206("", etag, cr, Some(len)).as_bytes());
            let _ = body(out, first, (n as u64).min(len));
            let t0 = Instant::now();
            while t0.elapsed() < Duration::from_millis(ms) && !s.stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(10));
            }
            false
        }
        Reply::Status {
            code,
            retry_after,
            headers,
        } => {
            // The body quotes the request, as some stores do: the client must
            // never show a body.
            let text =
                format!("<Error><Code>E{code}</Code><Request>{request_line}</Request></Error>");
            let mut h = format!(
                "HTTP/1.1 {code} Status\r\nContent-Length: {}\r\n",
                text.len()
            );
            if let Some(r) = retry_after {
                h.push_str(&format!("Retry-After: {r}\r\n"));
            }
            for (k, v) in headers {
                h.push_str(&format!("{k}: {v}\r\n"));
            }
            h.push_str("\r\n");
            h.push_str(&text);
            out.write_all(h.as_bytes()).is_ok()
        }
        Reply::WrongRange(shift) => {
            let cr = format!("bytes {}-{}/{}", first + shift, last + shift, s.size);
            out.write_all(ok206("", etag, cr, Some(len)).as_bytes())
                .is_ok()
                && body(out, first + shift, len)
        }
        Reply::OtherSize(size) => {
            let cr = format!("bytes {first}-{last}/{size}");
            out.write_all(ok206("", etag, cr, Some(len)).as_bytes())
                .is_ok()
                && body(out, first, len)
        }
        Reply::LongBody => {
            let _ = out.write_all(ok206("Connection: close\r\n", etag, cr, None).as_bytes());
            let _ = body(out, first, len) && out.write_all(b"X").is_ok();
            false
        }
        Reply::Full200 => {
            let h = format!(
                "HTTP/1.1 200 OK\r\nAccept-Ranges: none\r\nContent-Length: {}\r\n{}\r\n",
                s.size,
                validators(etag)
            );
            // Send a little of the body only: the client must stop reading.
            let _ = out.write_all(h.as_bytes());
            let _ = body(out, 0, s.size.min(1 << 20));
            false
        }
    }
}

/// Reads `len` bytes at `offset` of a file: the truth the source is compared with.
pub fn file_bytes(file: &std::fs::File, offset: u64, len: usize) -> Vec<u8> {
    let mut v = vec![0u8; len];
    file.read_exact_at(&mut v, offset)
        .expect("read fixture file");
    v
}
