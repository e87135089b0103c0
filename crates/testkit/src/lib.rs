//! Test support shared by the workspace's tests: where the real fixtures
//! are, the fixture and scenario disks built from them, and honest skips.
//!
//! Real fixtures come from two places:
//! - the repository's own permissively licensed subset, `fixtures/real/*.xz`
//!   (listed in `fixtures/real/SHA256SUMS`), unpacked by
//!   `scripts/unpack-fixtures.sh` into `<out>/real`: always there, so a test
//!   that needs one of these files never skips;
//! - the larger set in `../shared/fixtures` (or `$VMRESCUE_FIXTURES`, or
//!   `$VMRESCUE_SHARED/fixtures`), with the GPL-licensed and unlicensed files
//!   that may not be copied into the repository: a test that needs one of
//!   those skips when it is absent.
//!
//! A test that cannot run calls [`skip`]: it prints one `SKIPPED:` line
//! straight to the process's stderr (past libtest's capture, so it is always
//! seen), appends it to `$VMRESCUE_SKIP_LOG` for the test command's summary,
//! and with `CI=true` fails instead. A fixture build that fails is a test
//! failure, never a skip.

#![forbid(unsafe_code)]

pub mod hivexml;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

/// True when a skip must fail the test: `CI=true` (or `VMRESCUE_NO_SKIP=1`).
pub fn strict() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
        || std::env::var("VMRESCUE_NO_SKIP").is_ok_and(|v| v == "1")
}

/// The running test's name (libtest names each test's thread after it), or
/// the caller's source location.
#[track_caller]
fn test_name() -> String {
    match std::thread::current().name() {
        Some(n) if n != "main" => n.to_string(),
        _ => std::panic::Location::caller().to_string(),
    }
}

/// Reports that the running test cannot run because of `why` (what is
/// missing and how to get it). Prints `SKIPPED: <test>: <why>` to stderr and
/// the skip log; under [`strict`] it panics, so the test fails. The caller
/// returns after it.
#[track_caller]
pub fn skip(why: impl std::fmt::Display) {
    let name = test_name();
    let line = format!("SKIPPED: {name}: {why}");
    if strict() {
        panic!("{line} (CI=true: a test that cannot run is a failure)");
    }
    // One line per test, however many of its inputs are missing.
    static SEEN: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    {
        let mut seen = SEEN.lock().unwrap_or_else(|p| p.into_inner());
        if seen.contains(&name) {
            return;
        }
        seen.push(name);
    }
    // Straight to fd 2: libtest captures eprintln!, not direct writes.
    // One write each, so lines of tests running in parallel never interleave.
    let _ = std::io::stderr().write_all(format!("{line}\n").as_bytes());
    if let Some(log) = std::env::var_os("VMRESCUE_SKIP_LOG")
        && let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
    {
        let _ = f.write_all(format!("{}\n", line.replace('\n', " ")).as_bytes());
    }
}

/// The larger set of real fixtures: `$VMRESCUE_FIXTURES`, else
/// `$VMRESCUE_SHARED/fixtures`, else `../shared/fixtures` beside the
/// repository; `None` when none of them is a folder.
pub fn shared_fixtures() -> Option<PathBuf> {
    let p = match std::env::var_os("VMRESCUE_FIXTURES") {
        Some(d) => PathBuf::from(d),
        None => std::env::var_os("VMRESCUE_SHARED")
            .map(PathBuf::from)
            .unwrap_or_else(|| repo_root().join("../shared"))
            .join("fixtures"),
    };
    p.is_dir().then_some(p)
}

/// The folder the fixture scripts build into.
pub fn out_dir() -> PathBuf {
    std::env::var_os("VMRESCUE_FIXTURES_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("fixtures/out"))
}

/// The relative paths of the real fixtures the repository carries
/// (`fixtures/real/SHA256SUMS`).
pub fn vendored() -> &'static [String] {
    static LIST: OnceLock<Vec<String>> = OnceLock::new();
    LIST.get_or_init(|| {
        let sums = repo_root().join("fixtures/real/SHA256SUMS");
        let text = std::fs::read_to_string(&sums)
            .unwrap_or_else(|e| panic!("{}: {e} (the repository's fixture list)", sums.display()));
        text.lines()
            .filter_map(|l| l.split_once("  ").map(|(_, p)| p.trim().to_string()))
            .collect()
    })
}

/// Runs a script under the fixtures' build lock; panics when it fails.
fn run_locked(script: &str, args: &[&str]) {
    let script = repo_root().join(script);
    let _ = std::fs::create_dir_all(out_dir());
    let lock = out_dir().join(".build.lock");
    let status = Command::new("flock")
        .arg(&lock)
        .arg("bash")
        .arg(&script)
        .args(args)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
    assert!(
        status.success(),
        "{} failed ({status}): the fixtures could not be built; its messages above say why",
        script.display()
    );
}

/// The unpacked copy of the repository's real fixtures (`<out>/real`),
/// unpacked and checked on first use. Panics when that fails: the material is
/// part of the repository.
pub fn vendored_dir() -> PathBuf {
    static UNPACKED: OnceLock<PathBuf> = OnceLock::new();
    UNPACKED
        .get_or_init(|| {
            run_locked("scripts/unpack-fixtures.sh", &[]);
            out_dir().join("real")
        })
        .clone()
}

/// A real fixture by its path relative to `shared/fixtures` (e.g.
/// `registry/regipy__SYSTEM`). The repository's copy when it carries the file
/// (never a skip); otherwise the file in the larger shared set, or `None`
/// after [`skip`] saying what is missing.
#[track_caller]
pub fn real(rel: &str) -> Option<PathBuf> {
    if vendored().iter().any(|v| v == rel) {
        let p = vendored_dir().join(rel);
        assert!(p.is_file(), "{} is missing after unpacking", p.display());
        return Some(p);
    }
    match shared_fixtures() {
        Some(d) if d.join(rel).is_file() => Some(d.join(rel)),
        Some(d) => {
            skip(format!(
                "{rel} is not in {} (GPL-licensed or unlicensed material is not in the repository)",
                d.display()
            ));
            None
        }
        None => {
            skip(format!(
                "{rel} is GPL-licensed or unlicensed, so it is not in the repository; point VMRESCUE_FIXTURES (or VMRESCUE_SHARED) at the larger fixture set"
            ));
            None
        }
    }
}

/// A real file that only widens a corpus: the test's property is checked on
/// the repository's material (or synthetic data) alone, and this file, when
/// the larger shared set is present (CI), is one more input. No skip when it
/// is absent: the test ran.
pub fn extra_corpus(rel: &str) -> Option<PathBuf> {
    if vendored().iter().any(|v| v == rel) {
        return Some(vendored_dir().join(rel));
    }
    shared_fixtures()
        .map(|d| d.join(rel))
        .filter(|p| p.is_file())
}

/// Like [`real`] for a file the repository carries: panics if it does not.
#[track_caller]
pub fn vendored_file(rel: &str) -> PathBuf {
    assert!(
        vendored().iter().any(|v| v == rel),
        "{rel} is not in fixtures/real/SHA256SUMS"
    );
    vendored_dir().join(rel)
}

/// Every real fixture folder the tests may read, in a form for code that
/// walks a folder: the unpacked repository copy first, then the shared set.
pub fn real_dirs() -> Vec<PathBuf> {
    let mut v = vec![vendored_dir()];
    v.extend(shared_fixtures());
    v
}

/// True when `program` can be started from `PATH`; otherwise [`skip`]s
/// the test, naming the Debian package that has it.
#[track_caller]
pub fn tool(program: &str, package: &str) -> bool {
    let found = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|d| d.join(program).is_file()));
    if !found {
        skip(format!(
            "`{program}` is not installed (Debian package {package}; scripts/test.sh installs it)"
        ));
    }
    found
}

/// The Python interpreter that has the test oracles (`scripts/test.sh` makes
/// a virtual environment and sets `VMRESCUE_PYTHON`), if `module` imports in
/// it; otherwise [`skip`]s the test.
#[track_caller]
pub fn python_with(module: &str) -> Option<PathBuf> {
    let py = std::env::var_os("VMRESCUE_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/oracles-venv/bin/python"));
    let ok = Command::new(&py)
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        Some(py)
    } else {
        skip(format!(
            "the Python oracle `{module}` does not import in {} (scripts/test.sh installs scripts/python-oracles.txt into that virtual environment)",
            py.display()
        ));
        None
    }
}

static BUILT: OnceLock<PathBuf> = OnceLock::new();

/// The fixture disks (`scripts/build-fixtures.sh`, from the repository's own
/// material), built on first use; panics when the build fails.
pub fn fixture_disks() -> PathBuf {
    BUILT
        .get_or_init(|| {
            vendored_dir();
            run_locked("scripts/build-fixtures.sh", &[]);
            out_dir()
        })
        .clone()
}

/// One row of `<set>.manifest.tsv`: a file placed on a fixture disk.
#[derive(Debug, Clone)]
pub struct ManifestRow {
    /// Partition index (0 for a bare volume).
    pub partition: u32,
    /// Windows path (with `:stream` for an alternate data stream).
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256, lower-case hex.
    pub sha256: String,
}

/// Reads `<set>.manifest.tsv`.
pub fn manifest(dir: &Path, set: &str) -> Vec<ManifestRow> {
    let text = std::fs::read_to_string(dir.join(format!("{set}.manifest.tsv")))
        .unwrap_or_else(|e| panic!("{set}.manifest.tsv: {e}"));
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let partition = f.first()?.parse().ok()?;
            Some(ManifestRow {
                partition,
                path: f.get(1)?.to_string(),
                size: f.get(2)?.parse().ok()?,
                sha256: f.get(3)?.to_string(),
            })
        })
        .collect()
}

/// One row of `<set>.layout.tsv`: an expected partition.
#[derive(Debug, Clone)]
pub struct LayoutRow {
    /// Partition index.
    pub index: u32,
    /// Start in bytes.
    pub start: u64,
    /// Size in bytes.
    pub size: u64,
    /// File system name.
    pub filesystem: String,
}

/// Reads `<set>.layout.tsv`.
pub fn layout(dir: &Path, set: &str) -> Vec<LayoutRow> {
    let text = std::fs::read_to_string(dir.join(format!("{set}.layout.tsv")))
        .unwrap_or_else(|e| panic!("{set}.layout.tsv: {e}"));
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Some(LayoutRow {
                index: f.first()?.parse().ok()?,
                start: f.get(1)?.parse().ok()?,
                size: f.get(2)?.parse().ok()?,
                filesystem: f.get(3)?.to_string(),
            })
        })
        .collect()
}

/// SHA-256 of bytes, lower-case hex.
pub fn sha256(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

/// SHA-256 of a file, streamed.
pub fn sha256_file(path: &Path) -> String {
    use std::io::Read;
    let mut f = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf).expect("read");
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    hex(&h.finalize())
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A small deterministic PRNG (xorshift64*), so corruption tests are repeatable.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }
    /// The next value.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// A value in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }
}

/// The image formats every fixture disk set is converted to, with their
/// file-name suffix and the `format` string `vmrescue info` must report.
pub const FORMATS: [(&str, &str); 9] = [
    ("raw", "raw"),
    ("vhd-fixed.vhd", "vhd-fixed"),
    ("vhd-dynamic.vhd", "vhd-dynamic"),
    ("vhdx", "vhdx"),
    ("vhdx-fixed.vhdx", "vhdx"),
    ("qcow2", "qcow2"),
    ("qcow2c.qcow2", "qcow2"),
    ("vmdk", "vmdk"),
    ("vmdk-stream.vmdk", "vmdk"),
];

static SCENARIOS: OnceLock<PathBuf> = OnceLock::new();

/// The diagnose scenario disks (`scripts/build-scenarios.sh`), built on first
/// use; panics when the build fails.
pub fn scenario_disks() -> PathBuf {
    SCENARIOS
        .get_or_init(|| {
            fixture_disks();
            run_locked("scripts/build-scenarios.sh", &[]);
            out_dir().join("scenarios")
        })
        .clone()
}
