//! Damaged NTFS and FAT volumes: the NTFS partition of the committed example
//! disk (made with mkntfs/ntfs-3g from real Windows files) with bytes changed
//! in memory. Every case must end in a clean error or correct data; no panic,
//! no hang, and a truncated volume never returns short or wrong data as success.

use std::sync::Arc;

use vmrescue_disk::{Disk, ReadAt};
use vmrescue_fs::{FsError, Volume, ntfs::Ntfs};
use vmrescue_testkit::{Rng, repo_root};

fn example_ntfs() -> Vec<u8> {
    let disk = Disk::open(&repo_root().join("examples/example-gen2.qcow2")).expect("example disk");
    let p = disk.partition(3).expect("NTFS partition");
    let r = disk.partition_reader(p);
    let mut buf = vec![0u8; r.size() as usize];
    r.read_exact_at(0, &mut buf).unwrap();
    buf
}

/// Walks the whole tree, reading every file; returns (path, bytes) of what
/// read successfully.
fn walk(vol: &Volume) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut todo = vec![String::from("\\")];
    let mut steps = 0;
    while let Some(dir) = todo.pop() {
        steps += 1;
        if steps > 500 {
            break;
        }
        let Ok(entries) = vol.list(&dir) else {
            continue;
        };
        for e in entries.into_iter().take(500) {
            if e.name.starts_with('$') {
                continue;
            }
            let path = format!("{}\\{}", dir.trim_end_matches('\\'), e.name);
            if e.is_dir {
                todo.push(path);
            } else if let Ok(f) = vol.open_file(&path) {
                let mut buf = vec![0u8; f.size().min(64 << 20) as usize];
                if f.read_exact_at(0, &mut buf).is_ok() {
                    out.push((path, buf));
                }
            }
        }
    }
    out
}

fn open(data: Vec<u8>) -> Result<Volume, FsError> {
    Volume::open(Arc::new(data), vmrescue_disk::FsKind::Ntfs, "damaged")
}

#[test]
fn the_intact_volume_walks_completely() {
    let vol = open(example_ntfs()).unwrap();
    let files = walk(&vol);
    assert!(
        files
            .iter()
            .any(|(p, d)| p.ends_with(r"config\SYSTEM") && d.len() == 11_771_904)
    );
    assert!(files.len() >= 9, "{}", files.len());
}

#[test]
fn boot_sector_damage_is_named() {
    let orig = example_ntfs();
    let cases: [(usize, &[u8], &str); 5] = [
        (3, b"XXXX", "OEM id"),
        (11, &[0x01, 0x00], "bytes per sector"),
        (13, &[0x03], "sectors per cluster"),
        (48, &[0xff; 8], "$MFT cluster"),
        (64, &[0x05], "record size"),
    ];
    for (at, bytes, what) in cases {
        let mut bad = orig.clone();
        bad[at..at + bytes.len()].copy_from_slice(bytes);
        let e = open(bad).err().unwrap_or_else(|| panic!("{what}: opened"));
        let s = e.to_string();
        assert!(
            s.contains("boot sector") && s.contains(what) && s.contains("offset 0x"),
            "{s}"
        );
    }
    for n in [0usize, 100, 511, 512, 4096] {
        assert!(open(orig[..n].to_vec()).is_err(), "{n} bytes");
    }
}

#[test]
fn truncated_volumes_never_return_short_data() {
    let orig = example_ntfs();
    let good: std::collections::HashMap<String, Vec<u8>> =
        walk(&open(orig.clone()).unwrap()).into_iter().collect();
    let mut rng = Rng::new(7);
    for _ in 0..24 {
        let cut = 4096 + rng.below(orig.len() as u64 - 4096) as usize;
        let Ok(vol) = open(orig[..cut].to_vec()) else {
            continue;
        };
        for (path, data) in walk(&vol) {
            assert!(
                good.get(&path) == Some(&data),
                "cut at {cut}: {path} read without error but differs"
            );
        }
    }
}

#[test]
fn random_metadata_damage_never_panics() {
    let orig = example_ntfs();
    let ntfs = Ntfs::open(Arc::new(orig.clone()), "x").unwrap();
    let mft_at = {
        // Locate the MFT's first record by its signature.
        (0..orig.len() / 4096)
            .map(|i| i * 4096)
            .find(|&o| &orig[o..o + 4] == b"FILE")
            .unwrap()
    };
    let indx: Vec<usize> = (0..orig.len() / 4096)
        .map(|i| i * 4096)
        .filter(|&o| &orig[o..o + 4] == b"INDX")
        .collect();
    let record = ntfs.record_size() as usize;
    let mut rng = Rng::new(99);
    for round in 0..300 {
        let mut bad = orig.clone();
        let region = match round % 3 {
            0 => mft_at + rng.below(64) as usize * record,
            1 => indx[rng.below(indx.len() as u64) as usize],
            _ => mft_at + rng.below(16) as usize * record,
        };
        for _ in 0..1 + rng.below(8) {
            let at = region + rng.below(record as u64) as usize;
            if round % 5 == 0 {
                bad[at] = [0x00, 0xff, 0x7f, 0x80][rng.below(4) as usize];
            } else {
                bad[at] ^= 1 << rng.below(8);
            }
        }
        if let Ok(vol) = open(bad) {
            let _ = walk(&vol);
        }
    }
}

#[test]
fn a_torn_record_is_reported_with_its_number_and_offset() {
    let orig = example_ntfs();
    let ntfs = Ntfs::open(Arc::new(orig.clone()), "x").unwrap();
    let sys = ntfs
        .lookup(r"\Windows\System32\config\SYSTEM")
        .unwrap()
        .record;
    let mft_at = (0..orig.len() / 4096)
        .map(|i| i * 4096)
        .find(|&o| &orig[o..o + 4] == b"FILE")
        .unwrap();
    let mut bad = orig.clone();
    let rec = mft_at + sys as usize * ntfs.record_size() as usize;
    bad[rec + 510] ^= 0xff; // the update sequence number at the end of sector 0
    let vol = open(bad).unwrap();
    let e = vol
        .open_file(r"\Windows\System32\config\SYSTEM")
        .err()
        .expect("torn record");
    let s = e.to_string();
    assert!(
        s.contains(&format!("MFT record {sys}")) && s.contains("update sequence"),
        "{s}"
    );
}
