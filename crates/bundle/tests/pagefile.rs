//! A crash dump still held in pagefile.sys is recovered into the bundle.
//!
//! The volume is the NTFS volume of the gen1 fixture disk (real Windows
//! SYSTEM hive, minidump, event logs), copied out of the disk image, with a
//! `pagefile.sys` put on it by ntfs-3g's `ntfscp`. The dump in the page file
//! is **synthetic**: a 0xC000021A x64 kernel dump written by
//! `vmrescue-dump-synth` from the published layouts, followed by
//! pseudo-random bytes standing for old paging data.

mod common;

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{collect_with, disk, scratch, tar_members};
use vmrescue_bundle::{Category, MissingReason, verify};
use vmrescue_testkit::{Rng, fixture_disks, layout, sha256};

/// The gen1 NTFS volume as a bare volume file with `pagefile` as `\pagefile.sys`.
fn volume_with_pagefile(fixtures: &Path, out: &Path, name: &str, pagefile: &[u8]) -> PathBuf {
    let p1 = layout(fixtures, "gen1")
        .into_iter()
        .find(|r| r.index == 1)
        .expect("gen1 partition 1");
    let vol = out.join(format!("{name}.ntfs"));
    let mut src = std::fs::File::open(fixtures.join("gen1.raw")).expect("gen1.raw");
    src.seek(SeekFrom::Start(p1.start)).expect("seek");
    let mut dst = std::fs::File::create(&vol).expect("create volume");
    std::io::copy(&mut src.take(p1.size), &mut dst).expect("copy volume");
    drop(dst);
    let pf = out.join(format!("{name}.pagefile"));
    std::fs::File::create(&pf)
        .and_then(|mut f| f.write_all(pagefile))
        .expect("write page file");
    let st = Command::new("ntfscp")
        .arg("-f")
        .arg(&vol)
        .arg(&pf)
        .arg("/pagefile.sys")
        .output()
        .expect("ntfscp");
    assert!(
        st.status.success(),
        "ntfscp: {}",
        String::from_utf8_lossy(&st.stderr)
    );
    vol
}

fn synthetic_dump() -> Vec<u8> {
    let spec =
        vmrescue_dump_synth::c000021a_x64(vmrescue_dump_synth::default_runs(), "Windows SubSystem");
    spec.to_vec()
}

fn noise(len: usize) -> Vec<u8> {
    let mut rng = Rng::new(21);
    (0..len).map(|_| rng.next_u64() as u8).collect()
}

#[test]
fn a_dump_in_pagefile_sys_is_recovered_into_the_bundle() {
    let fixtures = fixture_disks();
    if !vmrescue_testkit::tool("ntfscp", "ntfs-3g") {
        return;
    }
    let out = scratch("pagefile");
    let dump = synthetic_dump();
    let mut pagefile = dump.clone();
    pagefile.extend(noise(12 << 20));
    let vol = volume_with_pagefile(&fixtures, &out, "complete", &pagefile);
    let d = disk(&vol);

    let bundle = out.join("b.tar.zst");
    let s = collect_with(&d, &bundle, |_| {});
    let f = s
        .manifest
        .files
        .iter()
        .find(|f| f.member == "recovered/pagefile-dump.dmp")
        .unwrap_or_else(|| panic!("no recovered dump; missing: {:?}", s.manifest.missing));
    assert_eq!(f.category, Category::PagefileDump);
    assert_eq!(f.path.as_deref(), Some(r"\pagefile.sys"));
    assert_eq!(f.partition, Some(0));
    assert_eq!(f.size, dump.len() as u64);
    assert_eq!(
        f.sha256,
        sha256(&dump),
        "the member is the dump, not the page file"
    );
    assert_eq!(f.dump_format.as_deref(), Some("kernel64"));
    let x = f.extracted_from.as_ref().expect("extraction");
    assert_eq!(
        (x.offset, x.file_size, x.dump_length, x.truncated),
        (0, pagefile.len() as u64, dump.len() as u64, false)
    );
    assert!(s.dumps.contains(&f.member));
    // Memory dumps come last in the stream.
    assert_eq!(
        s.manifest.files.last().map(|f| f.member.as_str()),
        Some("recovered/pagefile-dump.dmp")
    );
    let members = tar_members(&bundle);
    let (_, data) = members
        .iter()
        .find(|(n, _)| n == "recovered/pagefile-dump.dmp")
        .expect("member");
    assert!(*data == dump);
    // The recovered dump opens as a kernel dump with the synthesized bug check.
    let mut c = std::io::Cursor::new(data.clone());
    let found = vmrescue_dump::detect_in_pagefile(&mut c)
        .expect("parse")
        .expect("a dump");
    assert_eq!(found.header.bugcheck_code, 0xC000_021A);
    assert!(verify(&bundle, None).expect("verify").is_ok());

    // --no-memory-dump: the page file is not even looked at; minidumps stay.
    let s = collect_with(&d, &out.join("nomem.tar.zst"), |o| o.memory_dumps = false);
    assert!(!s.manifest.files.iter().any(|f| f.category.is_memory_dump()));
    assert!(
        s.manifest
            .files
            .iter()
            .any(|f| f.category == Category::Minidump)
    );
    assert!(s.manifest.missing.iter().any(
        |m| m.category == Category::PagefileDump && m.reason == MissingReason::ExcludedByOption
    ));
    assert!(
        s.manifest
            .missing
            .iter()
            .any(|m| m.category == Category::MemoryDump
                && m.reason == MissingReason::ExcludedByOption)
    );
    assert!(!s.manifest.memory_dumps_wanted);
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn a_page_file_shorter_than_its_dump_gives_a_truncated_dump_and_no_dump_is_said() {
    let fixtures = fixture_disks();
    if !vmrescue_testkit::tool("ntfscp", "ntfs-3g") {
        return;
    }
    let out = scratch("pagefile-truncated");
    let dump = synthetic_dump();
    let half = dump.len() / 2;
    let vol = volume_with_pagefile(&fixtures, &out, "short", &dump[..half]);
    let s = collect_with(&disk(&vol), &out.join("b.tar.zst"), |_| {});
    let f = s
        .manifest
        .files
        .iter()
        .find(|f| f.category == Category::PagefileDump)
        .expect("recovered dump");
    let x = f.extracted_from.as_ref().expect("extraction");
    assert!(x.truncated);
    assert_eq!((f.size, x.dump_length), (half as u64, dump.len() as u64));
    assert_eq!(f.sha256, sha256(&dump[..half]));

    // A page file with no dump at its start: said so, nothing recovered.
    let vol = volume_with_pagefile(&fixtures, &out, "nodump", &noise(4 << 20));
    let s = collect_with(&disk(&vol), &out.join("c.tar.zst"), |_| {});
    assert!(
        !s.manifest
            .files
            .iter()
            .any(|f| f.category == Category::PagefileDump)
    );
    let m = s
        .manifest
        .missing
        .iter()
        .find(|m| m.category == Category::PagefileDump)
        .expect("page file listed");
    assert_eq!(m.reason, MissingReason::NoDumpInPageFile);
    assert_eq!(m.wanted, r"\pagefile.sys");
    let _ = std::fs::remove_dir_all(&out);
}
