//! The source against Debian's nginx on 127.0.0.1 serving the fixture disks:
//! random, sequential and large reads equal the files' bytes; the whole disk
//! stack (image format, partitions, NTFS) reads the SYSTEM hive of a Gen2 OS
//! disk in VHD, VHDX and qcow2 form; a file changed under nginx is detected.

mod common;

use std::fs::File;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use common::*;
use vmrescue_disk::ReadAt;
use vmrescue_http::{HttpError, HttpOptions, HttpSource};
use vmrescue_testkit::Rng;

fn setup(test: &str) -> Option<(Nginx, std::path::PathBuf)> {
    let bin = nginx_or_skip(test)?;
    let dir = vmrescue_testkit::fixture_disks();
    Some((Nginx::start(&bin, &dir), dir))
}

fn compare(src: &HttpSource, file: &File, off: u64, len: usize) {
    let mut buf = vec![0u8; len];
    let n = src
        .read_at(off, &mut buf)
        .unwrap_or_else(|e| panic!("read {len} at {off}: {e}"));
    let want = src.size().saturating_sub(off).min(len as u64) as usize;
    assert_eq!(n, want, "length of the read at {off}");
    assert!(
        buf[..n] == file_bytes(file, off, n)[..],
        "bytes differ at {off} (+{n})"
    );
}

#[test]
fn nginx_random_sequential_and_large_reads_equal_the_file() {
    let Some((nginx, dir)) = setup("nginx_random_sequential_and_large_reads_equal_the_file") else {
        return;
    };
    // 320 MiB + 512 bytes: the last block is partial.
    let name = "gen2.vhd-fixed.vhd";
    let path = dir.join(name);
    let file = File::open(&path).expect("open fixture");
    let size = file.metadata().expect("metadata").len();
    let src = HttpSource::open_with(&signed_url(nginx.port, &format!("/{name}")), test_options())
        .expect("open over nginx");
    assert_eq!(src.size(), size);
    assert!(src.etag().is_some(), "nginx sends an ETag for static files");
    assert!(!format!("{src:?}").contains(SECRET));

    let mut rng = Rng::new(42);
    for _ in 0..60 {
        let off = rng.below(size);
        compare(&src, &file, off, 1 + rng.below(2 << 20) as usize);
    }
    for _ in 0..30 {
        compare(&src, &file, rng.below(size), 1 + rng.below(4096) as usize);
    }
    compare(&src, &file, size - 700, 4096);
    compare(&src, &file, size - 1, 1);
    compare(&src, &file, size, 1);

    // Sequential small reads: read-ahead fetches ever larger runs ahead (split
    // into parallel pieces), so there are fewer requests than blocks and far
    // fewer than reads.
    let before = src.stats();
    let start = 100 << 20;
    for i in 0..512u64 {
        compare(&src, &file, start + i * 65536, 65536);
    }
    let seq = src.stats().requests - before.requests;
    eprintln!("sequential 32 MiB in 64 KiB reads: {seq} requests");
    // 512 reads of 512 blocks of 64 KiB.
    assert!(
        seq < 40,
        "read-ahead coalesces sequential reads ({seq} requests for 32 MiB)"
    );

    // One 64 MiB read: fetched in parallel pieces.
    let before = src.stats();
    let t0 = Instant::now();
    compare(&src, &file, 200 << 20, 64 << 20);
    let big = src.stats().requests - before.requests;
    eprintln!("one 64 MiB read: {big} requests in {:?}", t0.elapsed());
    assert!(
        big >= 8,
        "a 64 MiB read is split into pieces ({big} requests)"
    );

    // Concurrent readers share the source.
    std::thread::scope(|s| {
        for t in 0..4u64 {
            let (src, file) = (&src, &file);
            s.spawn(move || {
                let mut rng = Rng::new(100 + t);
                for _ in 0..20 {
                    compare(src, file, rng.below(size), 1 + rng.below(1 << 20) as usize);
                }
            });
        }
    });
    let stats = src.stats();
    eprintln!(
        "{stats}; nginx logged {} requests",
        nginx.access_log_lines()
    );
    assert_eq!(stats.retries, 0);
    assert!(stats.cache_hits > 0);
}

#[test]
fn disk_stack_reads_the_system_hive_over_nginx() {
    let Some((nginx, dir)) = setup("disk_stack_reads_the_system_hive_over_nginx") else {
        return;
    };
    let row = vmrescue_testkit::manifest(&dir, "gen2")
        .into_iter()
        .find(|r| r.path == "Windows/System32/config/SYSTEM")
        .expect("SYSTEM in gen2.manifest.tsv");
    for (name, format) in [
        ("gen2.vhd-fixed.vhd", "vhd-fixed"),
        ("gen2.vhdx", "vhdx"),
        ("gen2.qcow2", "qcow2"),
    ] {
        let t0 = Instant::now();
        let src =
            HttpSource::open_with(&signed_url(nginx.port, &format!("/{name}")), test_options())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        let stats = src.stats_handle();
        let label = src.name().to_string();
        assert!(!label.contains(SECRET));
        let image = vmrescue_disk::DiskImage::from_source(Arc::new(src), &label)
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(image.format.as_str(), format, "{name}");
        let disk =
            vmrescue_disk::Disk::from_image(image).unwrap_or_else(|e| panic!("{label}: {e}"));
        let part = disk
            .partition(row.partition)
            .unwrap_or_else(|| panic!("{label}: no partition {}", row.partition));
        let vol = vmrescue_fs::Volume::open(
            disk.partition_reader(part),
            part.filesystem,
            &format!("{label} partition {}", part.index),
        )
        .unwrap_or_else(|e| panic!("{label}: {e}"));
        let f = vol
            .open_file(r"\Windows\System32\config\SYSTEM")
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let mut data = vec![0u8; f.size() as usize];
        f.read_exact_at(0, &mut data)
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(data.len() as u64, row.size, "{name}");
        assert_eq!(
            vmrescue_testkit::sha256(&data),
            row.sha256,
            "{name}: SYSTEM hive"
        );
        let s = stats.snapshot();
        eprintln!(
            "{name}: SYSTEM ({} bytes) over HTTP in {:?}: {s}",
            row.size,
            t0.elapsed()
        );
        assert!(s.bytes < 64 << 20, "{name}: reads only what it needs ({s})");
    }
}

#[test]
fn nginx_change_mid_run_and_missing_objects_are_errors() {
    let Some(bin) = nginx_or_skip("nginx_change_mid_run_and_missing_objects_are_errors") else {
        return;
    };
    let dir = vmrescue_testkit::fixture_disks();
    let root = TempDir::new("root");
    let src_file = File::open(dir.join("gen2.raw")).expect("gen2.raw");
    let disk = root.0.join("disk.raw");
    std::fs::write(&disk, file_bytes(&src_file, 0, 8 << 20)).expect("write served copy");
    let nginx = Nginx::start(&bin, &root.0);

    let e = HttpSource::open_with(&signed_url(nginx.port, "/missing.vhd"), test_options())
        .expect_err("404");
    assert_no_secret(&e);
    assert!(
        matches!(e, HttpError::NotFound { status: 404, .. }),
        "{e:?}"
    );
    eprintln!("{e}");

    let src =
        HttpSource::open_with(&signed_url(nginx.port, "/disk.raw"), test_options()).expect("open");
    let served = File::open(&disk).expect("open served copy");
    compare(&src, &served, 0, 4096); // cached by the probe
    compare(&src, &served, 2 << 20, 4096);

    // Replace the object: new bytes, another modification time (nginx's
    // ETag is mtime-size).
    std::fs::write(&disk, vec![0xAAu8; 8 << 20]).expect("rewrite");
    File::options()
        .write(true)
        .open(&disk)
        .and_then(|f| f.set_modified(SystemTime::now() + Duration::from_secs(3600)))
        .expect("set mtime");
    let mut buf = vec![0u8; 4096];
    let err = src
        .read_at(5 << 20, &mut buf)
        .expect_err("a changed object is an error");
    let http = HttpError::from_io(&err).expect("HttpError");
    assert_no_secret(http);
    assert!(matches!(http, HttpError::Changed { .. }), "{http:?}");
    eprintln!("{http}");
    assert!(
        buf.iter().all(|&b| b == 0),
        "nothing of the new version was handed out"
    );
    // What was read before the change is still served from the cache, and
    // is the old version.
    compare(
        &src,
        &File::open(dir.join("gen2.raw")).expect("gen2.raw"),
        0,
        4096,
    );
}

#[test]
fn nginx_open_options_are_validated() {
    let e = HttpSource::open_with(
        "http://127.0.0.1:9/x",
        HttpOptions {
            block_size: 1000,
            ..test_options()
        },
    )
    .expect_err("bad block size");
    assert!(matches!(e, HttpError::InvalidOption(_)));
}
