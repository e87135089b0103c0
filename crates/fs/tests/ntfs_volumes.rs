//! NTFS and FAT on the fixture disks (built with mkntfs/ntfs-3g, mkfs.vfat and
//! mtools from real Windows files): every file the fixture script placed
//! reads back with the right SHA-256, through every image format, and the
//! hard cases ntfs-check.md found in the `ntfs` crate are read right here.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use vmrescue_disk::{Disk, FsKind, ReadAt};
use vmrescue_fs::{Volume, ntfs::Ntfs, windows};
use vmrescue_testkit::{FORMATS, fixture_disks, manifest, sha256};

fn read_all(src: &dyn ReadAt) -> Vec<u8> {
    let mut buf = vec![0u8; src.size() as usize];
    src.read_exact_at(0, &mut buf).expect("read");
    buf
}

fn volume(disk: &Disk, index: u32) -> Volume {
    let p = disk
        .partition(index)
        .unwrap_or_else(|| panic!("partition {index}"));
    Volume::open(
        disk.partition_reader(p),
        p.filesystem,
        &format!("partition {index}"),
    )
    .expect("open volume")
}

fn check_manifest(dir: &Path, set: &str, image: &Path) {
    let disk = Disk::open(image).unwrap_or_else(|e| panic!("{}: {e}", image.display()));
    for row in manifest(dir, set) {
        let vol = volume(&disk, row.partition);
        let data = read_all(
            &*vol
                .open_file(&row.path)
                .unwrap_or_else(|e| panic!("{}: {}: {e}", image.display(), row.path)),
        );
        assert_eq!(
            data.len() as u64,
            row.size,
            "{}: {}",
            image.display(),
            row.path
        );
        assert_eq!(
            sha256(&data),
            row.sha256,
            "{}: {}",
            image.display(),
            row.path
        );
    }
}

#[test]
fn every_placed_file_reads_back_in_every_format() {
    let dir = fixture_disks();
    for set in ["gen1", "gen2"] {
        for (suffix, _) in FORMATS {
            check_manifest(&dir, set, &dir.join(format!("{set}.{suffix}")));
        }
    }
    check_manifest(&dir, "gen2-4k", &dir.join("gen2-4k.raw"));
}

#[test]
fn windows_and_bcd_are_found_where_each_generation_keeps_them() {
    let dir = fixture_disks();
    let gen1 = Disk::open(&dir.join("gen1.vhdx")).unwrap();
    let l = windows::find(&gen1);
    assert_eq!(l.installs.len(), 1);
    assert_eq!(l.installs[0].partition, 1);
    let bcd = l.bcd.expect("gen1 BCD");
    assert_eq!((bcd.partition, bcd.path.as_str()), (1, r"\Boot\BCD"));
    for set in ["gen2.qcow2", "gen2-4k.raw"] {
        let d = Disk::open(&dir.join(set)).unwrap();
        let l = windows::find(&d);
        assert_eq!(
            l.installs.iter().map(|w| w.partition).collect::<Vec<_>>(),
            vec![3],
            "{set}"
        );
        let bcd = l.bcd.expect("gen2 BCD");
        assert_eq!(
            (bcd.partition, bcd.path.as_str()),
            (1, r"\EFI\Microsoft\Boot\BCD"),
            "{set}"
        );
        assert_eq!(d.partition(1).unwrap().filesystem, FsKind::Fat32);
    }
}

#[test]
fn lookups_are_case_insensitive_with_forward_slashes_and_non_ascii_names() {
    let dir = fixture_disks();
    let disk = Disk::open(&dir.join("gen1.raw")).unwrap();
    let vol = volume(&disk, 1);
    let a = read_all(&*vol.open_file(r"\Windows\System32\config\SYSTEM").unwrap());
    for p in [
        "windows/SYSTEM32/Config/system",
        r"C:\WINDOWS\system32\CONFIG\System",
        "/Windows//System32/config/SYSTEM",
    ] {
        assert_eq!(read_all(&*vol.open_file(p).unwrap()), a, "{p}");
    }
    let b = read_all(&*vol.open_file(r"\Windows\Temp\Överföring.txt").unwrap());
    assert_eq!(
        read_all(&*vol.open_file(r"\windows\temp\ÖVERFÖRING.TXT").unwrap()),
        b
    );
    let gen2 = Disk::open(&dir.join("gen2.raw")).unwrap();
    let esp = volume(&gen2, 1);
    assert_eq!(
        esp.open_file("efi/microsoft/boot/bcd").unwrap().size(),
        32768
    );
    assert!(matches!(
        vol.open_file(r"\Windows\nope"),
        Err(vmrescue_fs::FsError::NotFound { .. })
    ));
}

fn hard(dir: &Path, name: &str) -> Ntfs {
    let path = dir.join(name);
    let img = vmrescue_disk::DiskImage::open(&path).unwrap();
    Ntfs::open(Arc::clone(&img.disk), name).unwrap()
}

#[test]
fn a_fragmented_file_with_an_attribute_list_reads_whole() {
    let dir = fixture_disks();
    let ntfs = hard(&dir, "hard-frag.ntfs");
    let f = ntfs.lookup("/frag.bin").unwrap();
    assert!(
        f.has_attribute_list,
        "the fixture must give frag.bin an attribute list"
    );
    let s = ntfs.stream(&f, "").unwrap();
    assert!(s.run_count() > 100, "frag.bin has {} runs", s.run_count());
    let row = manifest(&dir, "hard-frag")
        .into_iter()
        .find(|r| r.path.trim_start_matches(['/', '\\']) == "frag.bin")
        .expect("manifest row");
    assert_eq!(s.size(), row.size);
    // Stream it (it is over 1 GiB) through a hasher.
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    let mut buf = vec![0u8; 8 << 20];
    let mut pos = 0;
    while pos < s.size() {
        let n = (s.size() - pos).min(buf.len() as u64) as usize;
        s.read_exact_at(pos, &mut buf[..n]).unwrap();
        h.update(&buf[..n]);
        pos += n as u64;
    }
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hex, row.sha256);
}

#[test]
fn every_file_of_the_hard_volumes_reads_back() {
    let dir = fixture_disks();
    for set in ["hard-frag", "hard-mftlist"] {
        let img = dir.join(format!("{set}.ntfs"));
        let disk = Disk::open(&img).unwrap();
        let vol = volume(&disk, 0);
        for row in manifest(&dir, set) {
            if row.size > (256 << 20) {
                continue; // frag.bin has its own streaming test
            }
            let data = read_all(
                &*vol
                    .open_file(&row.path)
                    .unwrap_or_else(|e| panic!("{set}: {}: {e}", row.path)),
            );
            assert_eq!(sha256(&data), row.sha256, "{set}: {}", row.path);
        }
    }
}

fn ntfsls_count(image: &Path, path: &str) -> Option<usize> {
    if !vmrescue_testkit::tool("ntfsls", "ntfs-3g") {
        return None;
    }
    let out = Command::new("ntfsls")
        .arg("-f")
        .arg("-p")
        .arg(path)
        .arg(image)
        .output()
        .expect("run ntfsls");
    assert!(
        out.status.success(),
        "ntfsls rejects {}: {}",
        image.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(()).map(|()| {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| !l.is_empty() && *l != "." && *l != "..")
            .count()
    })
}

#[test]
fn split_directory_indexes_list_every_entry() {
    let dir = fixture_disks();
    let ntfs = hard(&dir, "hard-frag.ntfs");
    let fill = ntfs.lookup("/fill").unwrap();
    assert!(
        fill.has_attribute_list,
        "the fixture must split fill/'s index across an attribute list"
    );
    let entries = ntfs.read_dir(&fill).unwrap();
    // ntfs-3g's ntfsls is the oracle (None: not installed, skipped; a failure under CI=true).
    if let Some(n) = ntfsls_count(&dir.join("hard-frag.ntfs"), "/fill") {
        assert_eq!(entries.len(), n, "ntfs-3g's ntfsls is the oracle");
    }
    assert!(entries.len() > 1000);
    // Names come in collation order and each one can be found again.
    for e in entries.iter().step_by(97) {
        let found = ntfs.find(&fill, &e.name.name.to_uppercase()).unwrap();
        assert_eq!(found.map(|f| f.record), Some(e.record), "{}", e.name.name);
    }
}

#[test]
fn records_past_the_first_mft_extent_open() {
    let dir = fixture_disks();
    let ntfs = hard(&dir, "hard-mftlist.ntfs");
    assert!(ntfs.mft_run_count() > 1);
    let mft = ntfs.file(0).unwrap();
    assert!(
        mft.has_attribute_list,
        "the fixture's $MFT must have an attribute list"
    );
    // The highest in-use records are the ones the ntfs crate cannot reach.
    let rows = manifest(&dir, "hard-mftlist");
    let last = rows.iter().map(|r| r.path.clone()).max().unwrap();
    let f = ntfs.lookup(&last).unwrap();
    assert!(f.record > 30_000, "{last} is record {}", f.record);
}

#[test]
fn compressed_sparse_and_alternate_streams() {
    let dir = fixture_disks();
    let ntfs = hard(&dir, "hard-frag.ntfs");
    let f = ntfs.lookup("/comp/comp.txt").unwrap();
    assert!(ntfs.stream(&f, "").unwrap().is_compressed());
    assert_ne!(ntfs.data_flags(&f) & 1, 0);
    let f = ntfs.lookup("/ads.txt").unwrap();
    let names: Vec<String> = ntfs.streams(&f).into_iter().map(|s| s.name).collect();
    assert!(
        names.contains(&"stream".to_string()) && names.contains(&"bigstream".to_string()),
        "{names:?}"
    );
    assert_eq!(ntfs.stream(&f, "BIGSTREAM").unwrap().size(), 20_000);
}

#[test]
fn the_ntfs_crate_agrees_on_files_it_reads_right() {
    let dir = fixture_disks();
    use std::io::Read;
    let disk = Disk::open(&dir.join("gen1.raw")).unwrap();
    let p = disk.partition(1).unwrap();
    let ours = volume(&disk, 1);
    let mut f = vmrescue_disk::Cursor::new(disk.partition_reader(p));
    let mut fs = ntfs::Ntfs::new(&mut f).unwrap();
    fs.read_upcase_table(&mut f).unwrap();
    for row in manifest(&dir, "gen1")
        .into_iter()
        .filter(|r| r.partition == 1 && !r.path.contains(':'))
    {
        let mut cur = fs.root_directory(&mut f).unwrap();
        for comp in vmrescue_fs::path_components(&row.path) {
            let idx = cur.directory_index(&mut f).unwrap();
            let mut finder = idx.finder();
            let e = ntfs::indexes::NtfsFileNameIndex::find(&mut finder, &fs, &mut f, comp)
                .unwrap()
                .unwrap();
            cur = e.to_file(&fs, &mut f).unwrap();
        }
        let item = cur.data(&mut f, "").unwrap().unwrap();
        let attr = item.to_attribute().unwrap();
        let mut theirs = Vec::new();
        attr.value(&mut f)
            .unwrap()
            .attach(&mut f)
            .read_to_end(&mut theirs)
            .unwrap();
        let mine = read_all(&*ours.open_file(&row.path).unwrap());
        assert!(mine == theirs, "{}", row.path);
    }
}
