//! Every image format against the raw disk it was converted from by
//! `qemu-img` (the independent writer and oracle): same virtual size, same
//! bytes on whole-disk and random unaligned reads, same partitions as the
//! layout the fixture script recorded and as `gptman`/`mbrman` read them.

use std::path::Path;
use std::sync::Arc;

use vmrescue_disk::{Disk, DiskImage, ReadAt, Scheme};
use vmrescue_testkit::{FORMATS, Rng, fixture_disks, layout, sha256};

fn read_all(src: &dyn ReadAt) -> Vec<u8> {
    let mut out = vec![0u8; src.size() as usize];
    // Odd-sized chunks so reads straddle cluster, block and grain edges.
    let chunk = 3 * 65_536 + 4097;
    let mut pos = 0;
    while pos < out.len() {
        let end = (pos + chunk).min(out.len());
        src.read_exact_at(pos as u64, &mut out[pos..end])
            .unwrap_or_else(|e| panic!("read at {pos}: {e}"));
        pos = end;
    }
    out
}

fn check_set(dir: &Path, set: &str) {
    let raw = std::fs::read(dir.join(format!("{set}.raw"))).expect("raw image");
    let raw_sha = sha256(&raw);
    for (suffix, format) in FORMATS {
        let path = dir.join(format!("{set}.{suffix}"));
        let img = DiskImage::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(img.format.as_str(), format, "{}", path.display());
        assert_eq!(
            img.virtual_size(),
            raw.len() as u64,
            "{}: virtual size",
            path.display()
        );
        assert_eq!(
            sha256(&read_all(&*img.disk)),
            raw_sha,
            "{}: whole-disk bytes differ",
            path.display()
        );
        let mut rng = Rng::new(0x5eed ^ raw.len() as u64);
        for _ in 0..300 {
            let len = 1 + rng.below(300_000) as usize;
            let at = rng.below(raw.len() as u64 + 1000);
            let mut buf = vec![0u8; len];
            let n = img.disk.read_at(at, &mut buf).expect("random read");
            let expect_end = (at as usize + len).min(raw.len());
            let expect = if (at as usize) < raw.len() {
                &raw[at as usize..expect_end]
            } else {
                &[][..]
            };
            assert!(n <= expect.len(), "{}: read past the end", path.display());
            assert_eq!(
                &buf[..n],
                &expect[..n],
                "{}: bytes at {at} (+{n})",
                path.display()
            );
            if at < raw.len() as u64 {
                assert!(
                    n > 0,
                    "{}: zero-length read inside the disk at {at}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn every_format_reads_the_same_bytes_as_raw_gen1() {
    let dir = fixture_disks();
    check_set(&dir, "gen1");
}

#[test]
fn every_format_reads_the_same_bytes_as_raw_gen2() {
    let dir = fixture_disks();
    check_set(&dir, "gen2");
}

fn check_layout(dir: &Path, set: &str, scheme: Scheme, sector: u32) {
    let disk = Disk::open(&dir.join(format!("{set}.raw"))).expect("open");
    assert_eq!(disk.table.scheme, scheme, "{set}");
    assert_eq!(disk.table.sector_size, sector, "{set}");
    let expect = layout(dir, set);
    assert_eq!(
        disk.table.partitions.len(),
        expect.len(),
        "{set}: {:?}",
        disk.table.partitions
    );
    for (p, e) in disk.table.partitions.iter().zip(&expect) {
        assert_eq!(
            (p.index, p.start, p.size),
            (e.index, e.start, e.size),
            "{set}"
        );
        assert_eq!(
            p.filesystem.as_str(),
            e.filesystem,
            "{set} partition {}",
            p.index
        );
    }
}

#[test]
fn partition_tables_match_the_layout_the_tools_wrote() {
    let dir = fixture_disks();
    check_layout(&dir, "gen1", Scheme::Mbr, 512);
    check_layout(&dir, "gen2", Scheme::Gpt, 512);
    check_layout(&dir, "gen2-4k", Scheme::Gpt, 4096);
    let gen1 = Disk::open(&dir.join("gen1.raw")).unwrap();
    assert!(
        gen1.table.partitions[0].active,
        "gen1's NTFS partition is active"
    );
}

#[test]
fn partition_tables_agree_with_gptman_and_mbrman() {
    let dir = fixture_disks();
    for (set, ss) in [("gen2", 512u64), ("gen2-4k", 4096)] {
        let mut f = std::fs::File::open(dir.join(format!("{set}.raw"))).unwrap();
        let gpt = gptman::GPT::read_from(&mut f, ss).expect("gptman");
        let ours = Disk::open(&dir.join(format!("{set}.raw"))).unwrap();
        let theirs: Vec<(u32, u64, u64)> = gpt
            .iter()
            .filter(|(_, p)| p.is_used())
            .map(|(i, p)| {
                (
                    i,
                    p.starting_lba * ss,
                    (p.ending_lba - p.starting_lba + 1) * ss,
                )
            })
            .collect();
        let mine: Vec<(u32, u64, u64)> = ours
            .table
            .partitions
            .iter()
            .map(|p| (p.index, p.start, p.size))
            .collect();
        assert_eq!(mine, theirs, "{set}");
    }
    let mut f = std::fs::File::open(dir.join("gen1.raw")).unwrap();
    let mbr = mbrman::MBR::read_from(&mut f, 512).expect("mbrman");
    let theirs: Vec<(u64, u64)> = mbr
        .iter()
        .filter(|(_, p)| p.is_used())
        .map(|(_, p)| (u64::from(p.starting_lba) * 512, u64::from(p.sectors) * 512))
        .collect();
    let ours = Disk::open(&dir.join("gen1.raw")).unwrap();
    let mine: Vec<(u64, u64)> = ours
        .table
        .partitions
        .iter()
        .map(|p| (p.start, p.size))
        .collect();
    assert_eq!(mine, theirs);
}

#[test]
fn qcow2_and_dynamic_vhd_agree_with_the_crates_kept_as_oracles() {
    let dir = fixture_disks();
    use std::io::Read;
    for set in ["gen1", "gen2"] {
        let path = dir.join(format!("{set}.qcow2c.qcow2"));
        let mut theirs = Vec::new();
        qcow2::Qcow2Reader::open(&path)
            .unwrap()
            .read_to_end(&mut theirs)
            .unwrap();
        let ours = read_all(&*DiskImage::open(&path).unwrap().disk);
        assert!(ours == theirs, "{set} qcow2c differs from qcow2-core");
        let path = dir.join(format!("{set}.vhd-dynamic.vhd"));
        let mut theirs = Vec::new();
        vhd::VhdReader::open(&path)
            .unwrap()
            .read_to_end(&mut theirs)
            .unwrap();
        let ours = read_all(&*DiskImage::open(&path).unwrap().disk);
        assert!(ours == theirs, "{set} dynamic VHD differs from vhd-core");
    }
}

#[test]
fn shared_fixture_images_open() {
    // qemu-img is the oracle for the container formats: it must be there and
    // must accept every image.
    assert!(
        vmrescue_testkit::tool("qemu-img", "qemu-utils"),
        "qemu-img is needed"
    );
    let cases = [
        ("plaso__image.vhd", "vhd-dynamic"),
        ("imhex__vhd.hexpat.vhd", "vhd-fixed"),
        ("dfvfs__ext2.vmdk", "vmdk"),
        ("dfvfs__windows_volume.qcow2", "qcow2"),
        ("plaso__vsstest.qcow2", "qcow2"),
        ("ColinFinck-ntfs__testfs1", "raw"),
    ];
    for (file, format) in cases {
        // imhex's VHD is GPL-licensed: only in the larger shared set.
        let Some(path) = vmrescue_testkit::real(&format!("disk-images/{file}")) else {
            continue;
        };
        let img = DiskImage::open(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(img.format.as_str(), format, "{file}");
        let tmp =
            std::env::temp_dir().join(format!("vmrescue-oracle-{}-{file}.raw", std::process::id()));
        // qemu-img does not probe fixed VHDs (they have no header): name the format.
        let mut cmd = std::process::Command::new("qemu-img");
        cmd.arg("convert");
        if file.ends_with(".vhd") {
            cmd.args(["-f", "vpc"]);
        }
        let out = cmd
            .args(["-O", "raw"])
            .arg(&path)
            .arg(&tmp)
            .output()
            .expect("run qemu-img");
        assert!(
            out.status.success(),
            "qemu-img rejects {file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let raw = std::fs::read(&tmp).unwrap();
        let _ = std::fs::remove_file(&tmp);
        assert_eq!(img.disk.size(), raw.len() as u64, "{file}: virtual size");
        assert_eq!(sha256(&read_all(&*img.disk)), sha256(&raw), "{file}");
    }
    let d = vmrescue_testkit::vendored_dir().join("disk-images");
    let disk = Disk::open(&d.join("plaso__vsstest.qcow2")).unwrap();
    assert_eq!(
        disk.table.scheme,
        Scheme::None,
        "a bare NTFS volume, no partition table"
    );
    let _ = Arc::clone(&disk.image.disk);
}

/// Recomputes a VHD footer's checksum (ones' complement of the byte sum,
/// the checksum field itself left out).
fn vhd_footer_checksum(footer: &mut [u8]) {
    footer[64..68].fill(0);
    let sum = footer
        .iter()
        .fold(0u32, |s, b| s.wrapping_add(u32::from(*b)));
    footer[64..68].copy_from_slice(&(!sum).to_be_bytes());
}

#[test]
fn a_virtual_pc_vhd_is_sized_by_its_geometry_as_qemu_reads_it() {
    assert!(vmrescue_testkit::tool("qemu-img", "qemu-utils"));
    let dir = fixture_disks();
    let src = dir.join("gen1.vhd-dynamic.vhd");
    let mut bytes = std::fs::read(&src).unwrap();
    let len = bytes.len();
    let current = u64::from_be_bytes(bytes[len - 512 + 48..len - 512 + 56].try_into().unwrap());
    // What Virtual PC writes: creator "vpc " and a CHS geometry whose size is
    // below Current Size (here one cylinder of 16 heads × 63 sectors less).
    let cylinders = (current / (16 * 63 * 512)) as u16 - 1;
    for at in [0, len - 512] {
        let f = &mut bytes[at..at + 512];
        f[28..32].copy_from_slice(b"vpc ");
        f[56..58].copy_from_slice(&cylinders.to_be_bytes());
        f[58] = 16;
        f[59] = 63;
        vhd_footer_checksum(f);
    }
    let tmp = std::env::temp_dir().join(format!("vmrescue-vpc-{}.vhd", std::process::id()));
    std::fs::write(&tmp, &bytes).unwrap();
    let chs = u64::from(cylinders) * 16 * 63 * 512;
    assert!(chs < current);
    // QEMU, the independent reader, must take the geometry too.
    let out = std::process::Command::new("qemu-img")
        .args(["info", "--output=json", "-f", "vpc"])
        .arg(&tmp)
        .output()
        .expect("qemu-img info");
    assert!(
        out.status.success(),
        "qemu-img rejects the image: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let info: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(info["virtual-size"].as_u64(), Some(chs), "qemu-img's size");
    let img = DiskImage::open(&tmp).unwrap();
    assert_eq!(img.format.as_str(), "vhd-dynamic");
    assert_eq!(
        img.disk.size(),
        chs,
        "our size must be QEMU's, not the footer's Current Size"
    );
    // The same bytes as qemu-img's conversion, over the whole (shorter) disk.
    let raw = tmp.with_extension("raw");
    let st = std::process::Command::new("qemu-img")
        .args(["convert", "-f", "vpc", "-O", "raw"])
        .arg(&tmp)
        .arg(&raw)
        .status()
        .unwrap();
    assert!(st.success());
    assert_eq!(
        sha256(&read_all(&*img.disk)),
        sha256(&std::fs::read(&raw).unwrap())
    );
    let _ = std::fs::remove_file(&tmp);
    let _ = std::fs::remove_file(&raw);
}
