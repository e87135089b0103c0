//! Damaged and hostile images: every case ends in a clear error naming the
//! structure and the byte offset, or in correct bytes, never in a panic, a
//! hang, or wrong bytes returned as success. The images are the fixture disks
//! (made by qemu-img from real-tool volumes) with bytes changed in memory;
//! the hand-made MBR chains below are synthetic and say so.

use std::sync::Arc;

use vmrescue_disk::{Disk, DiskError, DiskImage, ReadAt};
use vmrescue_testkit::{Rng, fixture_disks};

fn open_mem(data: Vec<u8>) -> Result<DiskImage, DiskError> {
    DiskImage::from_source(Arc::new(data), "mem")
}

fn be32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes(b[at..at + 4].try_into().unwrap())
}
fn be64(b: &[u8], at: usize) -> u64 {
    u64::from_be_bytes(b[at..at + 8].try_into().unwrap())
}

/// Reads the whole virtual disk; every successful read must equal `raw`.
fn read_checked(img: &DiskImage, raw: &[u8]) -> Result<(), String> {
    let mut buf = vec![0u8; 1 << 20];
    let mut pos = 0u64;
    while pos < img.virtual_size() {
        let n = (img.virtual_size() - pos).min(buf.len() as u64) as usize;
        match img.disk.read_exact_at(pos, &mut buf[..n]) {
            Ok(()) => {
                if pos as usize + n <= raw.len() && buf[..n] != raw[pos as usize..pos as usize + n]
                {
                    return Err(format!("wrong bytes at {pos} returned as success"));
                }
            }
            Err(e) => {
                assert!(!e.to_string().is_empty());
                return Ok(());
            }
        }
        pos += n as u64;
    }
    Ok(())
}

#[test]
fn qcow2_structure_damage_is_named() {
    let dir = fixture_disks();
    let orig = std::fs::read(dir.join("gen1.qcow2")).unwrap();
    let raw = std::fs::read(dir.join("gen1.raw")).unwrap();
    let l1_at = be64(&orig, 40) as usize;

    let mut bad = orig.clone();
    bad[20..24].copy_from_slice(&40u32.to_be_bytes());
    let e = open_mem(bad).err().expect("cluster_bits 40");
    assert!(e.to_string().contains("header at byte offset 0x14"), "{e}");

    let mut bad = orig.clone();
    bad[36..40].copy_from_slice(&0u32.to_be_bytes());
    assert!(
        open_mem(bad)
            .err()
            .expect("empty L1")
            .to_string()
            .contains("L1 table")
    );

    let mut bad = orig.clone();
    bad[8..16].copy_from_slice(&512u64.to_be_bytes());
    assert!(
        matches!(open_mem(bad), Err(DiskError::Unsupported { .. })),
        "backing file"
    );

    // An L1 entry pointing past the end of the file: a truncation error on read.
    let mut bad = orig.clone();
    bad[l1_at..l1_at + 8]
        .copy_from_slice(&(0x8000_0000_0000_0000u64 | 0x7fff_0000_0000).to_be_bytes());
    let img = open_mem(bad).unwrap();
    let err = img.disk.read_exact_at(0, &mut [0u8; 512]).unwrap_err();
    assert!(
        err.to_string().contains("L2 table") && err.to_string().contains("0x7fff00000000"),
        "{err}"
    );

    // A misaligned data cluster in the first L2 table.
    let l2_at = (be64(&orig, l1_at) & 0x00ff_ffff_ffff_fe00) as usize;
    let mut bad = orig.clone();
    let e0 = be64(&bad, l2_at);
    bad[l2_at..l2_at + 8].copy_from_slice(&(e0 + 512).to_be_bytes());
    let img = open_mem(bad).unwrap();
    let err = img.disk.read_exact_at(0, &mut [0u8; 512]).unwrap_err();
    assert!(err.to_string().contains("not cluster-aligned"), "{err}");
    let _ = raw;
}

#[test]
fn dynamic_vhd_damage_is_named() {
    let dir = fixture_disks();
    let orig = std::fs::read(dir.join("gen1.vhd-dynamic.vhd")).unwrap();
    let hdr = be64(&orig, 16) as usize;
    let bat = be64(&orig, hdr + 16) as usize;

    let mut bad = orig.clone();
    bad[hdr + 32..hdr + 36].copy_from_slice(&3000u32.to_be_bytes());
    let e = open_mem(bad).err().expect("bad block size");
    assert!(e.to_string().contains("block size"), "{e}");

    // A BAT entry far past the end of the file.
    let mut bad = orig.clone();
    let first = (0..)
        .map(|i| bat + i * 4)
        .find(|&o| be32(&orig, o) != u32::MAX)
        .unwrap();
    bad[first..first + 4].copy_from_slice(&0x7fff_0000u32.to_be_bytes());
    let img = open_mem(bad).unwrap();
    let block = (first - bat) as u64 * 2 * 1024 * 1024;
    let err = img.disk.read_exact_at(block, &mut [0u8; 512]).unwrap_err();
    assert!(
        err.to_string().contains("truncated") && err.to_string().contains("offset 0x"),
        "{err}"
    );

    // Footer damaged at the end: the copy at offset 0 is used.
    let mut bad = orig.clone();
    let n = bad.len();
    bad[n - 512..n - 504].copy_from_slice(b"XXXXXXXX");
    let img = open_mem(bad).unwrap();
    assert!(img.notes.iter().any(|n| n.contains("copy at offset 0")));
}

#[test]
fn a_damaged_primary_gpt_falls_back_to_the_backup_and_both_damaged_is_an_error() {
    let dir = fixture_disks();
    let raw = std::fs::read(dir.join("gen2.raw")).unwrap();
    let mut bad = raw.clone();
    bad[512 + 40] ^= 0xff; // inside the primary header: CRC no longer matches
    let disk = Disk::from_image(open_mem(bad.clone()).unwrap()).unwrap();
    assert_eq!(disk.table.partitions.len(), 3);
    assert!(
        disk.table.warnings[0].contains("backup GPT"),
        "{:?}",
        disk.table.warnings
    );
    let n = bad.len();
    bad[n - 512 + 40] ^= 0xff;
    let e = Disk::from_image(open_mem(bad).unwrap())
        .err()
        .expect("both headers bad");
    let s = e.to_string();
    assert!(
        s.contains("GPT header") && s.contains("CRC32 mismatch") && s.contains("offset 0x"),
        "{s}"
    );
    // An entry array claiming millions of entries is refused before allocating.
    let mut bad = raw.clone();
    bad[512 + 80..512 + 84].copy_from_slice(&0x0100_0000u32.to_le_bytes());
    let crc = {
        let mut h = bad[512..512 + 92].to_vec();
        h[16..20].fill(0);
        crc32(&h)
    };
    bad[512 + 16..512 + 20].copy_from_slice(&crc.to_le_bytes());
    let n = bad.len();
    bad[n - 512..].fill(0);
    let e = Disk::from_image(open_mem(bad).unwrap())
        .err()
        .expect("huge entry count");
    assert!(e.to_string().contains("implausibly many"), "{e}");
}

fn crc32(b: &[u8]) -> u32 {
    let mut c = !0u32;
    for &x in b {
        c ^= u32::from(x);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xedb8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// Synthetic: an MBR whose extended partition's EBR chain points back to itself.
#[test]
fn a_looping_extended_partition_chain_terminates() {
    let mut disk = vec![0u8; 4 << 20];
    disk[510] = 0x55;
    disk[511] = 0xaa;
    let e = 446;
    disk[e + 4] = 0x05; // extended
    disk[e + 8..e + 12].copy_from_slice(&2048u32.to_le_bytes());
    disk[e + 12..e + 16].copy_from_slice(&4096u32.to_le_bytes());
    let ebr = 2048 * 512;
    disk[ebr + 510] = 0x55;
    disk[ebr + 511] = 0xaa;
    disk[ebr + 446 + 4] = 0x07;
    disk[ebr + 446 + 8..ebr + 446 + 12].copy_from_slice(&63u32.to_le_bytes());
    disk[ebr + 446 + 12..ebr + 446 + 16].copy_from_slice(&100u32.to_le_bytes());
    disk[ebr + 462 + 4] = 0x05;
    disk[ebr + 462 + 8..ebr + 462 + 12].copy_from_slice(&0u32.to_le_bytes()); // next = itself (0 ends)
    // Make "next" point at a second EBR that points back to the first.
    disk[ebr + 462 + 8..ebr + 462 + 12].copy_from_slice(&8u32.to_le_bytes());
    let ebr2 = ebr + 8 * 512;
    disk[ebr2 + 510] = 0x55;
    disk[ebr2 + 511] = 0xaa;
    disk[ebr2 + 462 + 4] = 0x05;
    disk[ebr2 + 462 + 8..ebr2 + 462 + 12].copy_from_slice(&8u32.to_le_bytes());
    let d = Disk::from_image(open_mem(disk).unwrap()).unwrap();
    assert_eq!(d.table.partitions.len(), 1, "{:?}", d.table.partitions);
    assert!(
        d.table.warnings.iter().any(|w| w.contains("loops")),
        "{:?}",
        d.table.warnings
    );
}

#[test]
fn random_damage_and_truncation_never_panic_or_lie() {
    let dir = fixture_disks();
    let raw = std::fs::read(dir.join("gen1.raw")).unwrap();
    let mut rng = Rng::new(42);
    for name in [
        "gen1.qcow2",
        "gen1.qcow2c.qcow2",
        "gen1.vhd-dynamic.vhd",
        "gen1.vmdk",
        "gen1.vmdk-stream.vmdk",
        "gen1.vhdx",
    ] {
        let orig = std::fs::read(dir.join(name)).unwrap();
        for round in 0..12 {
            let mut bad = orig.clone();
            // A truncated image must never return wrong bytes. A flipped bit
            // in a format without checksums (an L2 entry now pointing at
            // another cluster) cannot be detected: there only "no panic,
            // no hang" holds.
            let truncated = round % 3 == 0;
            if truncated {
                bad.truncate(rng.below(orig.len() as u64) as usize);
            } else {
                // Damage the metadata region, where a flip changes structure.
                let span = orig.len().min(3 << 20) as u64;
                for _ in 0..1 + rng.below(8) {
                    let at = rng.below(span) as usize;
                    bad[at] ^= 1 << rng.below(8);
                }
            }
            if let Ok(img) = open_mem(bad)
                && img.virtual_size() == raw.len() as u64
            {
                let r = read_checked(&img, &raw);
                if truncated {
                    r.unwrap_or_else(|e| panic!("{name} round {round}: {e}"));
                }
            }
        }
    }
}

#[test]
fn tiny_inputs_are_handled() {
    for n in [0usize, 1, 100, 511, 512, 1023, 4096] {
        let data = vec![0u8; n];
        if let Ok(img) = open_mem(data) {
            let r = Disk::from_image(img);
            if let Err(e) = r {
                assert!(e.to_string().contains("mem"), "{e}");
            }
        }
    }
    let e = Disk::from_image(open_mem(vec![0u8; 100]).unwrap())
        .err()
        .unwrap();
    assert!(e.to_string().contains("100 bytes"), "{e}");
}
