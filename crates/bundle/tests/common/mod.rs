//! Helpers shared by the bundle tests.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use vmrescue_bundle::{CollectOptions, CollectSummary, NoProgress, collect};
use vmrescue_disk::Disk;

/// A fresh, empty folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir()
        .join("vmrescue-bundle-tests")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

/// Opens a disk image.
pub fn disk(path: &Path) -> Disk {
    Disk::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Collects with the given options adjusted by `f`.
pub fn collect_with(
    disk: &Disk,
    out: &Path,
    f: impl FnOnce(&mut CollectOptions),
) -> CollectSummary {
    let mut opts = CollectOptions::new(out);
    f(&mut opts);
    collect(disk, &opts, &NoProgress).unwrap_or_else(|e| panic!("collect {}: {e}", out.display()))
}

/// The members of a plain `.tar.zst`, in order, read with the `zstd` and `tar` crates.
pub fn tar_members(path: &Path) -> Vec<(String, Vec<u8>)> {
    let f = std::fs::File::open(path).expect("open bundle");
    tar_members_from(f)
}

/// The members of a `.tar.zst` stream.
pub fn tar_members_from(r: impl Read) -> Vec<(String, Vec<u8>)> {
    let dec = zstd::stream::read::Decoder::new(r).expect("zstd");
    let mut ar = tar::Archive::new(dec);
    let mut out = Vec::new();
    for e in ar.entries().expect("entries") {
        let mut e = e.expect("entry");
        let name = e.path().expect("path").to_string_lossy().into_owned();
        let mut data = Vec::new();
        e.read_to_end(&mut data).expect("member data");
        out.push((name, data));
    }
    out
}

/// Every file under a folder, as (relative path with `/`, bytes), sorted.
pub fn dir_files(root: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for e in std::fs::read_dir(dir).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .expect("prefix")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read(&p).expect("read")));
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Whether a command is on PATH.
pub fn have(tool: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Flips one bit of a file at `offset`.
pub fn flip(path: &Path, offset: u64) {
    let mut b = std::fs::read(path).expect("read");
    b[offset as usize] ^= 0x10;
    std::fs::write(path, b).expect("write");
}
