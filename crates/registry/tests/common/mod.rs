//! Shared test helpers: locating fixtures, running hivex, a small XML reader
//! for hivexml output, and a deterministic PRNG.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Path of a registry fixture (relative to `fixtures/registry`): the
/// repository's copy, or the shared set's for GPL material, or `None` after
/// a `SKIPPED:` line when that is absent.
pub fn reg_fixture(rel: &str) -> Option<PathBuf> {
    vmrescue_testkit::real(&format!("registry/{rel}"))
}

/// A hive that only widens a corpus (GPL material, in the shared set only):
/// `None` without a skip when absent, since the test's property is checked
/// on the repository's hives alone.
pub fn extra_reg(rel: &str) -> Option<Vec<u8>> {
    vmrescue_testkit::extra_corpus(&format!("registry/{rel}"))
        .map(|p| std::fs::read(p).expect("read fixture"))
}

/// Reads a registry fixture.
pub fn read_reg(rel: &str) -> Option<Vec<u8>> {
    reg_fixture(rel).map(|p| std::fs::read(p).expect("read fixture"))
}

/// Reads several logs as `(name, bytes)`.
pub fn read_logs(rels: &[&str]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    for r in rels {
        let b = read_reg(r)?;
        let name = Path::new(r)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        out.push((name, b));
    }
    Some(out)
}

/// True when a hivex program is installed; otherwise the test is skipped
/// (a failure under CI=true).
pub fn have_tool(tool: &str) -> bool {
    vmrescue_testkit::tool(tool, "libhivex-bin")
}

/// A scratch directory under the target directory, unique per test.
pub fn scratch(name: &str) -> PathBuf {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/registry-test-scratch")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).expect("create scratch dir");
    base
}

/// splitmix64: a small deterministic PRNG for corruption tests.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
}

#[allow(unused_imports)]
pub use vmrescue_testkit::hivexml::{XNode, parse_xml};

pub fn base64(s: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}
