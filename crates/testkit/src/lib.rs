//! Test support shared by the workspace's tests: where the real fixtures
//! (`../shared/fixtures`) and the fixture disks built from them
//! (`scripts/build-fixtures.sh` → `fixtures/out`) are, and their manifests.
//!
//! Tests that need them call [`fixtures_or_skip`]; when the material is not
//! there and cannot be built, the test prints exactly what is missing.

#![forbid(unsafe_code)]

pub mod hivexml;

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

/// `../shared/fixtures` beside the repository (or `$VMRESCUE_SHARED/fixtures`).
pub fn shared_fixtures() -> Option<PathBuf> {
    let base = std::env::var_os("VMRESCUE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared"));
    let p = base.join("fixtures");
    p.is_dir().then_some(p)
}

/// The folder the fixture script builds into.
pub fn out_dir() -> PathBuf {
    std::env::var_os("VMRESCUE_FIXTURES_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("fixtures/out"))
}

static BUILT: OnceLock<Result<PathBuf, String>> = OnceLock::new();

/// Builds the fixture disks if they are missing (the script is idempotent and
/// takes a lock) and returns their folder, or why they are not available.
pub fn fixtures() -> Result<PathBuf, String> {
    BUILT
        .get_or_init(|| {
            if shared_fixtures().is_none() {
                return Err("../shared/fixtures is missing: the fixture disks are built from the real data there (see shared/README.md)".into());
            }
            let script = repo_root().join("scripts/build-fixtures.sh");
            // Several test binaries may ask at once: the lock makes them wait for one build.
            let _ = std::fs::create_dir_all(out_dir());
            let lock = out_dir().join(".build.lock");
            let status = Command::new("flock")
                .arg(&lock)
                .arg("bash")
                .arg(&script)
                .stdout(std::process::Stdio::null())
                .status()
                .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
            if !status.success() {
                return Err(format!("{} failed ({status}); are ntfs-3g, gdisk, dosfstools, mtools, fdisk and qemu-utils installed?", script.display()));
            }
            Ok(out_dir())
        })
        .clone()
}

/// The fixture folder, or `None` after printing why the test is skipped.
pub fn fixtures_or_skip(test: &str) -> Option<PathBuf> {
    match fixtures() {
        Ok(p) => Some(p),
        Err(why) => {
            eprintln!("SKIPPED {test}: {why}");
            None
        }
    }
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

static SCENARIOS: OnceLock<Result<PathBuf, String>> = OnceLock::new();

/// Builds the diagnose scenario disks (`scripts/build-scenarios.sh`) if
/// missing and returns their folder, or why they are not available.
pub fn scenarios() -> Result<PathBuf, String> {
    SCENARIOS
        .get_or_init(|| {
            fixtures()?;
            let script = repo_root().join("scripts/build-scenarios.sh");
            let lock = out_dir().join(".build.lock");
            let status = Command::new("flock")
                .arg(&lock)
                .arg("bash")
                .arg(&script)
                .stdout(std::process::Stdio::null())
                .status()
                .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
            if !status.success() {
                return Err(format!(
                    "{} failed ({status}); are mingw-w64, faketime and libhivex-bin installed?",
                    script.display()
                ));
            }
            Ok(out_dir().join("scenarios"))
        })
        .clone()
}
