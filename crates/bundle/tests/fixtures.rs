//! Bundles from the fixture disks (real Windows files placed with mkntfs /
//! ntfs-3g / mtools, see scripts/build-fixtures.sh): what they hold, that
//! they verify, that independent tools (GNU tar, zstd, sha256sum, age) read
//! them, that `--dir` holds the same members, and that a changed byte is caught.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{collect_with, dir_files, disk, flip, scratch, tar_members};
use vmrescue_bundle::manifest::{CHECKSUMS_MEMBER, MANIFEST_MEMBER};
use vmrescue_bundle::{BundleError, Category, Manifest, MissingReason, Problem, verify};
use vmrescue_testkit::{FORMATS, fixture_disks, manifest, sha256};

/// The files of a fixture set the evidence list must collect: member → SHA-256.
fn expected(dir: &Path, set: &str) -> BTreeMap<String, String> {
    let wanted = |p: &str| {
        p.ends_with("BCD")
            || p.ends_with(".evtx")
            || p.starts_with("Windows/Minidump/")
            || p.contains("/WER/Report")
            || p.starts_with("Windows/System32/config/SYSTEM")
    };
    manifest(dir, set)
        .into_iter()
        .filter(|r| wanted(&r.path))
        .map(|r| (format!("p{}/{}", r.partition, r.path), r.sha256))
        .collect()
}

fn check_bundle_manifest(m: &Manifest, want: &BTreeMap<String, String>, what: &str) {
    let got: BTreeMap<String, String> = m
        .files
        .iter()
        .map(|f| (f.member.clone(), f.sha256.clone()))
        .collect();
    assert_eq!(&got, want, "{what}: members and hashes");
    for f in &m.files {
        assert!(
            f.complete && f.read_errors.is_empty(),
            "{what}: {}",
            f.member
        );
        assert!(
            f.modified.is_some() && f.created.is_some(),
            "{what}: {} times",
            f.member
        );
        let on_fat = f.member.starts_with("p1/EFI/");
        assert_eq!(
            f.mft_modified.is_none(),
            on_fat,
            "{what}: {} MFT time",
            f.member
        );
        let path = f.path.as_deref().unwrap_or_default();
        assert_eq!(
            format!(
                "p{}/{}",
                f.partition.unwrap_or(99),
                path.trim_start_matches('\\').replace('\\', "/")
            ),
            f.member,
            "{what}: member name follows the Windows path"
        );
    }
    let by = |suffix: &str| {
        m.files
            .iter()
            .find(|f| f.member.ends_with(suffix))
            .unwrap_or_else(|| panic!("{what}: no {suffix}"))
    };
    assert_eq!(by(".dmp").category, Category::Minidump);
    assert_eq!(by(".dmp").dump_format.as_deref(), Some("kernel64"));
    assert_eq!(by(".mdmp").category, Category::WerDump);
    assert_eq!(by(".mdmp").dump_format.as_deref(), Some("user_minidump"));
    // Privacy: no SAM, no user hive.
    assert!(
        !m.files
            .iter()
            .any(|f| f.member.contains("SAM") || f.member.contains("NTUSER"))
    );
    // Wanted and not there: MEMORY.DMP, with the reason.
    let mem = m
        .missing
        .iter()
        .find(|x| x.wanted.eq_ignore_ascii_case(r"\Windows\MEMORY.DMP"))
        .unwrap_or_else(|| panic!("{what}: MEMORY.DMP is not listed as missing"));
    assert_eq!(mem.reason, MissingReason::NotFound);
    assert!(
        mem.error
            .as_deref()
            .is_some_and(|e| e.contains("not found"))
    );
    assert_eq!(
        m.crash_control.read_from, "registry",
        "{what}: {:?}",
        m.crash_control.error
    );
}

#[test]
fn every_fixture_disk_gives_a_bundle_that_holds_the_evidence_and_verifies() {
    let dir = fixture_disks();
    let out = scratch("every-fixture");
    let mut images: Vec<(String, &str)> = Vec::new();
    for set in ["gen1", "gen2"] {
        for (suffix, _) in FORMATS {
            images.push((format!("{set}.{suffix}"), set));
        }
    }
    images.push(("gen2-4k.raw".into(), "gen2-4k"));
    for (image, set) in images {
        let want = expected(&dir, set);
        let bundle = out.join(format!("{image}.tar.zst"));
        let s = collect_with(&disk(&dir.join(&image)), &bundle, |_| {});
        assert!(!s.encrypted);
        assert_eq!(s.files, want.len(), "{image}");
        assert!(bundle.is_file() && !vmrescue_bundle::partial_path(&bundle).exists());
        check_bundle_manifest(&s.manifest, &want, &image);
        if set != "gen1" {
            assert!(want.keys().any(|k| k.ends_with("SYSTEM.LOG1")));
            assert!(
                want.contains_key("p1/EFI/Microsoft/Boot/BCD"),
                "{image}: BCD on the ESP"
            );
        }
        let r = verify(&bundle, None).expect("verify");
        assert!(r.is_ok(), "{image}: {:?}", r.problems);
        assert_eq!(r.members_checked, want.len() + 2);
        // Order: manifest first, SHA256SUMS last; the bytes are the fixture's.
        let members = tar_members(&bundle);
        assert_eq!(members.first().map(|m| m.0.as_str()), Some(MANIFEST_MEMBER));
        assert_eq!(members.last().map(|m| m.0.as_str()), Some(CHECKSUMS_MEMBER));
        for (name, data) in &members[1..members.len() - 1] {
            assert_eq!(Some(&sha256(data)), want.get(name), "{image}: {name}");
        }
        let first: Manifest = serde_json::from_slice(&members[0].1).expect("manifest parses");
        assert_eq!(
            first, s.manifest,
            "{image}: the manifest in the bundle is the one returned"
        );
        std::fs::remove_file(&bundle).expect("remove");
    }
}

#[test]
fn gnu_tar_zstd_and_sha256sum_read_the_bundle() {
    let dir = fixture_disks();
    for tool in ["tar", "zstd", "sha256sum"] {
        if !vmrescue_testkit::tool(tool, "tar, zstd and coreutils") {
            return;
        }
    }
    let out = scratch("system-tools");
    let bundle = out.join("gen2.tar.zst");
    let report = br#"{"verdict":"test"}"#.to_vec();
    let s = collect_with(&disk(&dir.join("gen2.vhdx")), &bundle, |o| {
        o.extra_members = vec![
            ("report.json".into(), report.clone()),
            ("report.html".into(), b"<html></html>".to_vec()),
        ];
    });
    let st = Command::new("zstd")
        .arg("-tq")
        .arg(&bundle)
        .status()
        .expect("zstd");
    assert!(st.success(), "zstd -t rejects the bundle");
    let listing = Command::new("tar")
        .arg("--zstd")
        .arg("-tf")
        .arg(&bundle)
        .output()
        .expect("tar -t");
    assert!(listing.status.success());
    let names: Vec<String> = String::from_utf8_lossy(&listing.stdout)
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(names.first().map(String::as_str), Some("manifest.json"));
    assert_eq!(&names[1..3], ["report.json", "report.html"]);
    assert_eq!(names.last().map(String::as_str), Some("SHA256SUMS"));
    let x = out.join("x");
    std::fs::create_dir_all(&x).expect("mkdir");
    let st = Command::new("tar")
        .arg("--zstd")
        .arg("-xf")
        .arg(&bundle)
        .arg("-C")
        .arg(&x)
        .status()
        .expect("tar -x");
    assert!(st.success());
    let st = Command::new("sha256sum")
        .args(["--quiet", "-c", "SHA256SUMS"])
        .current_dir(&x)
        .status()
        .expect("sha256sum");
    assert!(
        st.success(),
        "sha256sum -c SHA256SUMS fails on the extracted bundle"
    );
    // Every extracted file matches the manifest; nothing else was extracted.
    let files = dir_files(&x);
    assert_eq!(files.len(), s.manifest.files.len() + 2);
    for f in &s.manifest.files {
        let (_, data) = files
            .iter()
            .find(|(n, _)| *n == f.member)
            .expect("extracted");
        assert_eq!(sha256(data), f.sha256, "{}", f.member);
        assert_eq!(data.len() as u64, f.size);
    }
    assert_eq!(
        files.iter().find(|f| f.0 == "report.json").map(|f| &f.1),
        Some(&report)
    );
    // The extracted file times are the NTFS modification times.
    let sys = x.join("p3/Windows/System32/config/SYSTEM");
    let mtime = std::fs::metadata(&sys)
        .and_then(|m| m.modified())
        .expect("mtime");
    let entry = s
        .manifest
        .files
        .iter()
        .find(|f| f.member.ends_with("config/SYSTEM"))
        .expect("SYSTEM");
    let secs = mtime
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    assert!(
        entry
            .modified
            .as_deref()
            .is_some_and(|m| m.starts_with(&unix_to_date(secs)))
    );
}

fn unix_to_date(secs: u64) -> String {
    let ft = secs * 10_000_000 + 116_444_736_000_000_000;
    vmrescue_fs::filetime_to_rfc3339(ft).unwrap_or_default()[..19].to_string()
}

#[test]
fn dir_layout_holds_the_same_members_as_the_tar() {
    let dir = fixture_disks();
    let out = scratch("dir-equals-tar");
    let d = disk(&dir.join("gen2.qcow2"));
    let t = collect_with(&d, &out.join("b.tar.zst"), |_| {});
    let f = collect_with(&d, &out.join("b"), |o| o.dir = true);
    assert!(out.join("b").is_dir() && !out.join("b.partial").exists());
    let tar: BTreeMap<String, Vec<u8>> = tar_members(&out.join("b.tar.zst")).into_iter().collect();
    let files: BTreeMap<String, Vec<u8>> = dir_files(&out.join("b")).into_iter().collect();
    assert_eq!(
        tar.keys().collect::<Vec<_>>(),
        files.keys().collect::<Vec<_>>(),
        "same member names"
    );
    for (name, data) in &tar {
        if name != MANIFEST_MEMBER && name != CHECKSUMS_MEMBER {
            assert!(
                files[name] == *data,
                "{name} differs between --dir and the tar"
            );
        }
    }
    // Same files and missing lists; only the layout and hashing mode differ.
    assert_eq!(t.manifest.files, f.manifest.files);
    assert_eq!(t.manifest.missing, f.manifest.missing);
    let m: Manifest = serde_json::from_slice(&files[MANIFEST_MEMBER]).expect("dir manifest");
    assert_eq!(m, f.manifest);
    let r = verify(&out.join("b"), None).expect("verify dir");
    assert!(r.is_ok(), "{:?}", r.problems);
}

#[test]
fn a_changed_byte_is_caught_by_verify() {
    let dir = fixture_disks();
    let out = scratch("flipped");
    let d = disk(&dir.join("gen1.raw"));
    let good = out.join("good.tar.zst");
    collect_with(&d, &good, |_| {});
    let len = std::fs::metadata(&good).expect("meta").len();

    // In the manifest (stored uncompressed at the start): a changed letter in
    // a Windows path, which no hash in the manifest covers — SHA256SUMS does.
    let bytes = std::fs::read(&good).expect("read");
    let at = bytes
        .windows(8)
        .position(|w| w == b"Minidump")
        .expect("a path in the stored manifest") as u64;
    let m1 = out.join("manifest-byte.tar.zst");
    std::fs::copy(&good, &m1).expect("copy");
    flip(&m1, at);
    let r = verify(&m1, None).expect("verify");
    assert!(!r.is_ok());
    assert!(
        r.problems.iter().any(
            |p| matches!(p, Problem::ChecksumMismatch { member, .. } if member == MANIFEST_MEMBER)
        ),
        "{:?}",
        r.problems
    );

    // In the compressed data: zstd's frame checksum, a tar header or a member hash catches it.
    for (i, frac) in [0.3f64, 0.6, 0.9].into_iter().enumerate() {
        let p = out.join(format!("data-byte-{i}.tar.zst"));
        std::fs::copy(&good, &p).expect("copy");
        flip(&p, (len as f64 * frac) as u64);
        let r = verify(&p, None).expect("verify");
        assert!(
            !r.is_ok(),
            "a flipped byte at {frac} of the file went unnoticed"
        );
        assert!(
            r.problems.iter().any(|p| matches!(
                p,
                Problem::Damaged { .. }
                    | Problem::HashMismatch { .. }
                    | Problem::ChecksumMismatch { .. }
            )),
            "{:?}",
            r.problems
        );
    }

    // In a --dir bundle: the member's hash differs, and says which.
    let dirb = out.join("dir");
    let s = collect_with(&d, &dirb, |o| o.dir = true);
    let member = &s.manifest.files[0].member;
    flip(&dirb.join(member), 100);
    let r = verify(&dirb, None).expect("verify");
    assert!(
        r.problems
            .iter()
            .any(|p| matches!(p, Problem::HashMismatch { member: m, .. } if m == member)),
        "{:?}",
        r.problems
    );
    // An extra file and a removed one are reported too.
    std::fs::write(dirb.join("extra.txt"), b"x").expect("write");
    std::fs::remove_file(dirb.join(&s.manifest.files[1].member)).expect("rm");
    let r = verify(&dirb, None).expect("verify");
    assert!(r.problems.contains(&Problem::UnexpectedMember {
        member: "extra.txt".into()
    }));
    assert!(r.problems.contains(&Problem::MissingMember {
        member: s.manifest.files[1].member.clone()
    }));
}

#[test]
fn encrypted_bundles_decrypt_with_the_age_command_and_verify_with_an_identity() {
    let dir = fixture_disks();
    if !vmrescue_testkit::tool("age", "age") || !vmrescue_testkit::tool("age-keygen", "age") {
        return;
    }
    let out = scratch("age");
    let key = out.join("key.txt");
    let kg = Command::new("age-keygen")
        .arg("-o")
        .arg(&key)
        .stderr(Stdio::piped())
        .output()
        .expect("age-keygen");
    assert!(kg.status.success());
    let recipient = String::from_utf8_lossy(&kg.stderr)
        .split_whitespace()
        .find(|w| w.starts_with("age1"))
        .expect("public key")
        .to_string();
    let bundle = out.join("enc.tar.zst");
    let d = disk(&dir.join("gen2.raw"));
    let s = collect_with(&d, &bundle, |o| o.encrypt_to = vec![recipient.clone()]);
    assert!(s.encrypted && s.manifest.encrypted);
    assert_eq!(
        s.manifest.hashing,
        vmrescue_bundle::manifest::Hashing::Prehashed
    );
    let raw = std::fs::read(&bundle).expect("read");
    assert!(raw.starts_with(b"age-encryption.org/v1\n"));
    assert!(
        !raw.windows(13).any(|w| w == b"manifest.json"),
        "plaintext in an encrypted bundle"
    );

    // Debian's age decrypts it; the result is a plain bundle with the same members.
    let plain = out.join("plain.tar.zst");
    let st = Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&key)
        .arg("-o")
        .arg(&plain)
        .arg(&bundle)
        .status()
        .expect("age -d");
    assert!(st.success(), "age -d fails");
    let members = tar_members(&plain);
    assert_eq!(members[0].0, MANIFEST_MEMBER);
    let m: Manifest = serde_json::from_slice(&members[0].1).expect("manifest");
    assert_eq!(m, s.manifest);
    for (name, data) in &members[1..members.len() - 1] {
        let f = m.files.iter().find(|f| f.member == *name).expect("listed");
        assert_eq!(sha256(data), f.sha256, "{name}");
    }
    let r = verify(&plain, None).expect("verify decrypted");
    assert!(r.is_ok(), "{:?}", r.problems);

    // verify decrypts with the identity; without one, or with another, it says so.
    let r = verify(&bundle, Some(&key)).expect("verify --identity");
    assert!(r.is_ok() && r.encrypted, "{:?}", r.problems);
    assert!(matches!(
        verify(&bundle, None),
        Err(BundleError::NeedIdentity { .. })
    ));
    let other = out.join("other.txt");
    assert!(
        Command::new("age-keygen")
            .arg("-o")
            .arg(&other)
            .stderr(Stdio::null())
            .status()
            .expect("keygen")
            .success()
    );
    assert!(matches!(
        verify(&bundle, Some(&other)),
        Err(BundleError::Decrypt { .. })
    ));

    // A changed byte in the encrypted payload is caught.
    let bad = out.join("bad.tar.zst");
    std::fs::copy(&bundle, &bad).expect("copy");
    flip(&bad, raw.len() as u64 / 2);
    let r = verify(&bad, Some(&key)).expect("verify");
    assert!(
        r.problems
            .iter()
            .any(|p| matches!(p, Problem::Damaged { .. })),
        "{:?}",
        r.problems
    );

    // Not a recipient: refused before anything is written.
    let e = vmrescue_bundle::collect(
        &d,
        &{
            let mut o = vmrescue_bundle::CollectOptions::new(out.join("x.tar.zst"));
            o.encrypt_to = vec!["not-a-key".into()];
            o
        },
        &vmrescue_bundle::NoProgress,
    );
    assert!(matches!(e, Err(BundleError::BadRecipient { .. })));
    assert!(!out.join("x.tar.zst.partial").exists());
}

#[test]
fn existing_bundles_are_not_overwritten_unless_asked() {
    let dir = fixture_disks();
    let out = scratch("overwrite");
    let d = disk(&dir.join("gen1.raw"));
    let b = out.join("b.tar.zst");
    std::fs::write(&b, b"precious").expect("write");
    let mut o = vmrescue_bundle::CollectOptions::new(&b);
    assert!(matches!(
        vmrescue_bundle::collect(&d, &o, &vmrescue_bundle::NoProgress),
        Err(BundleError::OutputExists { .. })
    ));
    assert_eq!(std::fs::read(&b).expect("read"), b"precious");
    o.overwrite = true;
    vmrescue_bundle::collect(&d, &o, &vmrescue_bundle::NoProgress).expect("overwrite");
    assert!(verify(&b, None).expect("verify").is_ok());
    // A bundle holds memory contents: readable by its owner only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&b).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let dirb = out.join("dir");
        collect_with(&d, &dirb, |o| o.dir = true);
        let mode = std::fs::metadata(&dirb).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
    }
}

#[test]
fn ssh_ed25519_keys_work_as_recipient_and_identity() {
    let dir = fixture_disks();
    if !vmrescue_testkit::tool("ssh-keygen", "openssh-client") {
        return;
    }
    let out = scratch("ssh");
    let key = out.join("id_ed25519");
    let st = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "support", "-f"])
        .arg(&key)
        .status()
        .expect("ssh-keygen");
    assert!(st.success());
    let public = std::fs::read_to_string(out.join("id_ed25519.pub")).expect("pub");
    let bundle = out.join("b.tar.zst");
    let s = collect_with(&disk(&dir.join("gen1.vmdk")), &bundle, |o| {
        o.encrypt_to = vec![public.trim().to_string()]
    });
    assert!(s.encrypted);
    let r = verify(&bundle, Some(&key)).expect("verify with the SSH key");
    assert!(r.is_ok(), "{:?}", r.problems);
    if vmrescue_testkit::tool("age", "age") {
        let o = Command::new("age")
            .arg("-d")
            .arg("-i")
            .arg(&key)
            .arg(&bundle)
            .output()
            .expect("age");
        assert!(
            o.status.success(),
            "age -d with the SSH key: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let members = common::tar_members_from(&o.stdout[..]);
        assert_eq!(members.len(), s.files + 2);
    }
}
