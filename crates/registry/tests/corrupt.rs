//! Damaged input: truncations, bit flips, bad cell sizes, loops, hostile
//! counts, damaged logs. Everything must end in clean errors that say where
//! (no panic), in bounded time and memory, and a result that claims to be
//! complete must be right.

mod common;

use std::time::{Duration, Instant};

use common::{Rng, read_logs, read_reg};
use vmrescue_registry::hive::{LogStatus, MARVIN32_LOG_SEED, NIL, base_block_checksum, marvin32};
use vmrescue_registry::{Hive, Problem, RegistryError, ReplayOutcome, WalkControl};

/// Walks everything and reads every value. Returns (complete, digest of the
/// tree) where complete means no error anywhere.
fn exercise(h: &Hive) -> (bool, u64) {
    let mut complete = true;
    let mut digest: u64 = 0xcbf2_9ce4_8422_2325;
    let mut mix = |b: &[u8]| {
        for &x in b {
            digest ^= u64::from(x);
            digest = digest.wrapping_mul(0x100_0000_01b3);
        }
    };
    let report = h.walk(|e| {
        mix(e.path.as_bytes());
        mix(&e.key.last_written().ticks().to_le_bytes());
        if e.key.class_name().is_err() {
            complete = false;
        }
        let vals = e.key.values();
        if !vals.is_complete() {
            complete = false;
        }
        for v in vals.items {
            mix(v.name().as_bytes());
            mix(&v.raw_type().to_le_bytes());
            match v.data() {
                Ok(d) => mix(&d),
                Err(_) => complete = false,
            }
            let _ = v.decoded();
        }
        WalkControl::Continue
    });
    (complete && report.is_complete(), digest)
}

fn tree_of(bytes: Vec<u8>, logs: Vec<(String, Vec<u8>)>) -> Option<(bool, u64)> {
    match Hive::from_bytes(bytes, logs) {
        Ok((h, _)) => Some(exercise(&h)),
        Err(_) => None,
    }
}

#[test]
fn truncated_dirty_hive_reports_what_is_missing() {
    let Some(b) = read_reg("yarp__TruncatedDirtyHive") else {
        return;
    };
    let (h, report) = Hive::from_bytes(b, vec![]).unwrap();
    assert!(report.primary_dirty);
    assert_eq!(report.outcome, ReplayOutcome::NotApplied);
    // The base block declares 476 KiB of hive bins; the file has 8 KiB.
    assert!(
        h.problems().iter().any(|p| matches!(
            p,
            RegistryError::File {
                problem: Problem::Truncated {
                    needed: 0x77000,
                    available: 0x2000
                },
                ..
            }
        )),
        "{:?}",
        h.problems()
    );
    let (complete, _) = exercise(&h);
    assert!(!complete, "a truncated hive must not look complete");
    let report = h.walk(|_| WalkControl::Continue);
    assert!(report.error_count > 0);
    for e in &report.errors {
        // Every error names a structure and an offset.
        let s = e.error.to_string();
        assert!(s.contains("offset 0x"), "{s}");
    }
}

/// Cutting a hive anywhere either fails to open, reports errors, or (when
/// only unused space was cut) gives exactly the original tree.
fn truncation_sweep(rel: &str, cuts: usize) {
    let Some(full) = read_reg(rel) else { return };
    let (_, reference) = tree_of(full.clone(), vec![]).unwrap();
    let mut rng = Rng(0x5eed ^ full.len() as u64);
    let mut sizes: Vec<usize> = vec![
        0,
        1,
        4,
        100,
        511,
        512,
        4095,
        4096,
        4097,
        4096 + 32,
        8191,
        8192,
    ];
    for _ in 0..cuts {
        sizes.push(rng.below(full.len() as u64) as usize);
    }
    sizes.push(full.len() - 1);
    let start = Instant::now();
    let mut silent = 0;
    for n in sizes {
        let t = Instant::now();
        if let Some((complete, digest)) = tree_of(full[..n].to_vec(), vec![])
            && complete
        {
            assert_eq!(
                digest, reference,
                "{rel} cut at {n} looks complete but differs"
            );
            silent += 1;
        }
        assert!(
            t.elapsed() < Duration::from_secs(2),
            "{rel} cut at {n} took {:?}",
            t.elapsed()
        );
    }
    eprintln!(
        "{rel}: truncations done in {:?} ({silent} cuts removed only unused space)",
        start.elapsed()
    );
}

#[test]
fn truncations_ntuser() {
    truncation_sweep("regipy__NTUSER.DAT", 60);
}

#[test]
fn truncations_bcd_and_testhive() {
    truncation_sweep("regipy__BCD", 60);
    truncation_sweep("regipy__SAM", 60);
    // nt-hive's testhive (GPL, shared set only) widens the corpus.
    if common::extra_reg("nt-hive__testhive").is_some() {
        truncation_sweep("nt-hive__testhive", 60);
    }
}

#[test]
fn truncated_logs() {
    let (Some(primary), Some(logs)) = (
        read_reg("regipy__transactions_NTUSER/transactions_NTUSER.DAT"),
        read_logs(&[
            "regipy__transactions_NTUSER/transactions_ntuser.dat.log1",
            "regipy__transactions_NTUSER/transactions_ntuser.dat.log2",
        ]),
    ) else {
        return;
    };
    let mut rng = Rng(7);
    let log1 = &logs[0].1;
    for _ in 0..25 {
        let n = rng.below(log1.len() as u64) as usize;
        let cut = vec![("log1".to_string(), log1[..n].to_vec()), logs[1].clone()];
        let (h, report) = Hive::from_bytes(primary.clone(), cut).unwrap();
        // A cut log applies the entries before the cut, never more.
        if let Some((_, last)) = report.logs[0].entry_sequences {
            assert!(last <= 588);
        }
        assert!(h.as_bytes().len() <= primary.len() + log1.len());
        let _ = exercise(&h);
    }
    // The primary cut short, with logs: the log cannot grow the hive beyond
    // what its pages carry, so it opens with problems instead of failing.
    for n in [4096usize, 8192, 65536, 524_288] {
        let (h, _) = Hive::from_bytes(primary[..n].to_vec(), logs.clone()).unwrap();
        let _ = exercise(&h);
    }
}

#[test]
fn bit_flips() {
    let mut rng = Rng(42);
    for rel in [
        "regipy__NTUSER.DAT",
        "regipy__BCD",
        "nt-hive__testhive",
        "regipy__SAM",
    ] {
        // The GPL testhive only widens the corpus; every other hive is in the repository.
        let Some(full) = common::extra_reg(rel) else {
            continue;
        };
        let start = Instant::now();
        for _ in 0..60 {
            let mut b = full.clone();
            let flips = 1 + rng.below(256);
            for _ in 0..flips {
                let i = rng.below(b.len() as u64) as usize;
                b[i] ^= 1 << rng.below(8);
            }
            let t = Instant::now();
            let _ = tree_of(b, vec![]);
            assert!(t.elapsed() < Duration::from_secs(2));
        }
        eprintln!("{rel}: 60 flipped copies in {:?}", start.elapsed());
    }
}

#[test]
fn flipped_logs() {
    // regipy's SYSTEM_B: a dirty Windows 10 hive with both logs (MIT).
    let (Some(primary), Some(logs)) = (
        read_reg("regipy__SYSTEM_B/SYSTEM_B"),
        read_logs(&[
            "regipy__SYSTEM_B/SYSTEM_B.LOG1",
            "regipy__SYSTEM_B/SYSTEM_B.LOG2",
        ]),
    ) else {
        return;
    };
    let mut rng = Rng(99);
    for _ in 0..100 {
        let mut l = logs.clone();
        let which = rng.below(2) as usize;
        let len = l[which].1.len() as u64;
        for _ in 0..1 + rng.below(16) {
            let i = rng.below(len) as usize;
            l[which].1[i] ^= 1 << rng.below(8);
        }
        let (h, r) = Hive::from_bytes(primary.clone(), l).unwrap();
        assert_ne!(r.outcome, ReplayOutcome::NotNeeded);
        let _ = exercise(&h);
    }
}

/// Builds a new-format log for `primary` holding one entry.
fn make_log(
    primary: &[u8],
    seq: u32,
    hbins: u32,
    count: u32,
    pages: &[(u32, u32)],
    size: u32,
) -> Vec<u8> {
    let mut log = primary[..512].to_vec();
    log[4..8].copy_from_slice(&seq.to_le_bytes());
    log[8..12].copy_from_slice(&seq.to_le_bytes());
    log[28..32].copy_from_slice(&6u32.to_le_bytes());
    let c = base_block_checksum(&log);
    log[508..512].copy_from_slice(&c.to_le_bytes());
    let mut e = vec![0u8; size.max(40) as usize];
    e[0..4].copy_from_slice(b"HvLE");
    e[4..8].copy_from_slice(&size.to_le_bytes());
    e[12..16].copy_from_slice(&seq.to_le_bytes());
    e[16..20].copy_from_slice(&hbins.to_le_bytes());
    e[20..24].copy_from_slice(&count.to_le_bytes());
    for (i, (off, sz)) in pages.iter().enumerate() {
        let at = 40 + 8 * i;
        if at + 8 <= e.len() {
            e[at..at + 4].copy_from_slice(&off.to_le_bytes());
            e[at + 4..at + 8].copy_from_slice(&sz.to_le_bytes());
        }
    }
    if e.len() >= 40 {
        let h1 = marvin32(&e[40..], MARVIN32_LOG_SEED);
        e[24..32].copy_from_slice(&h1.to_le_bytes());
        let h2 = marvin32(&e[..32], MARVIN32_LOG_SEED);
        e[32..40].copy_from_slice(&h2.to_le_bytes());
    }
    log.extend_from_slice(&e);
    log
}

fn dirty_copy(rel: &str) -> Option<Vec<u8>> {
    let mut b = read_reg(rel)?;
    // Make it dirty with a valid checksum: primary sequence + 1.
    let s = u32::from_le_bytes(b[8..12].try_into().unwrap());
    b[4..8].copy_from_slice(&(s + 1).to_le_bytes());
    let c = base_block_checksum(&b);
    b[508..512].copy_from_slice(&c.to_le_bytes());
    Some(b)
}

#[test]
fn hostile_log_entries() {
    let Some(primary) = dirty_copy("regipy__BCD") else {
        return;
    };
    let seq = u32::from_le_bytes(primary[8..12].try_into().unwrap());
    let hb = u32::from_le_bytes(primary[40..44].try_into().unwrap());
    let cases: Vec<(&str, Vec<u8>)> = vec![
        // notatin 1.0.1 panics on entry sizes below 40
        ("size 0", make_log(&primary, seq, hb, 1, &[(0, 4096)], 0)),
        ("size 8", make_log(&primary, seq, hb, 1, &[(0, 4096)], 8)),
        ("size 39", make_log(&primary, seq, hb, 1, &[(0, 4096)], 39)),
        (
            "dirty pages count huge",
            make_log(&primary, seq, hb, u32::MAX, &[(0, 4096)], 512),
        ),
        (
            "hive bins size 0xfffff000",
            make_log(&primary, seq, 0xFFFF_F000, 1, &[(0, 4096)], 4096 + 512),
        ),
        (
            "page past hive bins",
            make_log(&primary, seq, hb, 1, &[(hb, 4096)], 4096 + 512),
        ),
        (
            "page size huge",
            make_log(&primary, seq, hb, 1, &[(0, 0xFFFF_F000)], 512),
        ),
        ("entry sequence not the log's", {
            let mut l = make_log(&primary, seq, hb, 1, &[(0, 4096)], 4096 + 512);
            // entry sequence +5, hashes recomputed: valid entry, wrong number
            l[512 + 12..512 + 16].copy_from_slice(&(seq + 5).to_le_bytes());
            let h2 = marvin32(&l[512..512 + 32], MARVIN32_LOG_SEED);
            l[512 + 32..512 + 40].copy_from_slice(&h2.to_le_bytes());
            l
        }),
        (
            "log older than hive",
            make_log(&primary, seq - 1, hb, 1, &[(0, 4096)], 4096 + 512),
        ),
    ];
    for (what, log) in cases {
        let t = Instant::now();
        let (h, r) =
            Hive::from_bytes(primary.clone(), vec![("X.LOG1".into(), log.clone())]).unwrap();
        assert!(t.elapsed() < Duration::from_secs(1), "{what}");
        assert_eq!(r.outcome, ReplayOutcome::NotApplied, "{what}: {r:?}");
        assert_eq!(r.entries_applied, 0, "{what}");
        assert!(h.as_bytes().len() <= primary.len() + log.len(), "{what}");
        // The reason is recorded with the log's name and an offset.
        let lr = &r.logs[0];
        let why = lr
            .chain_end
            .as_ref()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            why.contains("X.LOG1") || matches!(lr.status, LogStatus::Skipped { .. }),
            "{what}: {lr:?}"
        );
        let _ = exercise(&h);
    }
    // A well-formed entry that rewrites the first page with itself applies.
    let page = primary[4096..8192].to_vec();
    let mut good = make_log(&primary, seq, hb, 1, &[(0, 4096)], 4096 + 512);
    let data_at = 512 + 40 + 8;
    good[data_at..data_at + 4096].copy_from_slice(&page);
    let e = &mut good[512..];
    let h1 = marvin32(&e[40..], MARVIN32_LOG_SEED);
    e[24..32].copy_from_slice(&h1.to_le_bytes());
    let h2 = marvin32(&e[..32], MARVIN32_LOG_SEED);
    e[32..40].copy_from_slice(&h2.to_le_bytes());
    let (h, r) = Hive::from_bytes(primary.clone(), vec![("X.LOG1".into(), good)]).unwrap();
    assert_eq!(r.outcome, ReplayOutcome::Applied, "{r:?}");
    assert!(!h.base_block().is_dirty());
    assert!(exercise(&h).0);
}

#[test]
fn hostile_base_block() {
    let Some(orig) = read_reg("regipy__BCD") else {
        return;
    };
    let fix = |b: &mut Vec<u8>| {
        let c = base_block_checksum(b);
        b[508..512].copy_from_slice(&c.to_le_bytes());
    };
    // hive bins size far beyond the file
    let mut b = orig.clone();
    b[40..44].copy_from_slice(&0xFFFF_F000u32.to_le_bytes());
    fix(&mut b);
    let (h, _) = Hive::from_bytes(b, vec![]).unwrap();
    assert!(!h.problems().is_empty());
    assert!(exercise(&h).0, "the data present is still all readable");
    // root cell offset nonsense: falls back to the first cell, says so
    let mut b = orig.clone();
    b[36..40].copy_from_slice(&0x7FFF_FFF0u32.to_le_bytes());
    fix(&mut b);
    let (h, _) = Hive::from_bytes(b, vec![]).unwrap();
    assert!(
        h.problems().iter().any(|p| p.to_string().contains("root")),
        "{:?}",
        h.problems()
    );
    assert!(h.root().is_ok());
    // unsupported versions are refused with a clear error
    let mut b = orig.clone();
    b[20..24].copy_from_slice(&2u32.to_le_bytes());
    fix(&mut b);
    let e = Hive::from_bytes(b, vec![]).unwrap_err();
    assert!(e.to_string().contains("major version"), "{e}");
    // a log given as the primary
    let mut b = orig;
    b[28..32].copy_from_slice(&6u32.to_le_bytes());
    fix(&mut b);
    assert!(Hive::from_bytes(b, vec![]).is_err());
}

/// Offset of the root nk cell and helpers to edit a hive in place.
fn put_u32(b: &mut [u8], at: usize, v: u32) {
    b[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

#[test]
fn loops_and_hostile_counts() {
    let Some(orig) = read_reg("regipy__BCD") else {
        return;
    };
    let root_abs = 4096 + 0x20 + 4; // root nk data (cell at 0x20)
    let list_off = u32::from_le_bytes(orig[root_abs + 28..root_abs + 32].try_into().unwrap());
    let list_abs = 4096 + list_off as usize + 4;
    let sig = &orig[list_abs..list_abs + 2];
    assert!(sig == b"lf" || sig == b"lh" || sig == b"li", "{sig:?}");

    // 1. The root's subkey list points at the root itself.
    let mut b = orig.clone();
    put_u32(&mut b, list_abs + 4, 0x20);
    let (h, _) = Hive::from_bytes(b, vec![]).unwrap();
    let t = Instant::now();
    let report = h.walk(|_| WalkControl::Continue);
    assert!(t.elapsed() < Duration::from_secs(1));
    assert!(
        report.errors.iter().any(|e| matches!(
            e.error,
            RegistryError::Cell {
                problem: Problem::Loop { .. },
                ..
            }
        )),
        "{report:?}"
    );

    // 2. An index root that contains itself.
    let mut b = orig.clone();
    b[list_abs..list_abs + 2].copy_from_slice(b"ri");
    b[list_abs + 2..list_abs + 4].copy_from_slice(&1u16.to_le_bytes());
    put_u32(&mut b, list_abs + 4, list_off);
    let (h, _) = Hive::from_bytes(b, vec![]).unwrap();
    let l = h.root().unwrap().subkeys();
    assert!(
        l.errors.iter().any(|e| matches!(
            e,
            RegistryError::Cell {
                problem: Problem::Loop { .. },
                ..
            }
        )),
        "{:?}",
        l.errors
    );
    assert!(
        h.key("Objects").is_err(),
        "lookup through a broken list must not claim absence"
    );

    // 3. Hostile counts: value count, subkey list count.
    let mut b = orig.clone();
    put_u32(&mut b, root_abs + 36, u32::MAX); // value count
    put_u32(&mut b, root_abs + 40, list_off); // value list = the subkey list cell
    b[list_abs + 2..list_abs + 4].copy_from_slice(&u16::MAX.to_le_bytes());
    let (h, _) = Hive::from_bytes(b, vec![]).unwrap();
    let root = h.root().unwrap();
    let v = root.values();
    assert!(!v.is_complete());
    assert!(v.items.len() < 100);
    let s = root.subkeys();
    assert!(s.errors.iter().any(|e| matches!(
        e,
        RegistryError::Cell {
            problem: Problem::TooMany { .. },
            ..
        }
    )));

    // 4. Bad cell sizes on the root: free, zero, huge.
    for size in [0x58i32, 0, i32::MIN, -0x7FFF_FFF8, -4] {
        let mut b = orig.clone();
        b[4096 + 0x20..4096 + 0x24].copy_from_slice(&size.to_le_bytes());
        let (h, _) = Hive::from_bytes(b, vec![]).unwrap();
        let e = h.root().unwrap_err();
        assert!(e.to_string().contains("hive offset 0x20"), "{e}");
    }

    // 5. A value whose data offset is nil, and one whose size says big data
    //    but points at a subkey list.
    let mut b = orig.clone();
    let objs = {
        let (h, _) = Hive::from_bytes(orig.clone(), vec![]).unwrap();
        let d = h.key("Description").unwrap().unwrap();
        let v = d.value("KeyName").unwrap().unwrap();
        v.offset()
    };
    let vk_abs = 4096 + objs as usize + 4;
    put_u32(&mut b, vk_abs + 8, NIL);
    let (h, _) = Hive::from_bytes(b.clone(), vec![]).unwrap();
    let v = h.value("Description", "KeyName").unwrap().unwrap();
    assert!(matches!(
        v.data(),
        Err(RegistryError::Cell {
            problem: Problem::NilOffset,
            ..
        })
    ));
    put_u32(&mut b, vk_abs + 4, 0x7FFF_FFFF);
    put_u32(&mut b, vk_abs + 8, list_off);
    let (h, _) = Hive::from_bytes(b, vec![]).unwrap();
    let v = h.value("Description", "KeyName").unwrap().unwrap();
    assert!(v.data().is_err());
}

#[test]
fn big_data_with_repeated_segments_is_bounded() {
    // testhive has big data values (> 16344 bytes, version 1.5).
    let Some(orig) = read_reg("nt-hive__testhive") else {
        return;
    };
    let (h, _) = Hive::from_bytes(orig.clone(), vec![]).unwrap();
    let mut target = None;
    h.walk(|e| {
        for v in e.key.values().items {
            if let Ok(vmrescue_registry::hive::DataLocation::BigData {
                offset,
                list,
                segments,
            }) = v.data_location()
            {
                target = Some((v.offset(), offset, list, segments.len()));
            }
        }
        WalkControl::Continue
    });
    let (vk, db, list, nseg) = target.expect("testhive has a big data value");
    assert!(nseg >= 2);
    // Point every segment at the first one and claim the maximum size.
    let mut b = orig;
    let list_abs = 4096 + list as usize + 4;
    let first = u32::from_le_bytes(b[list_abs..list_abs + 4].try_into().unwrap());
    for i in 0..nseg {
        put_u32(&mut b, list_abs + 4 * i, first);
    }
    put_u32(&mut b, 4096 + vk as usize + 4 + 4, 0x7FFF_FFFF);
    let db_abs = 4096 + db as usize + 4;
    b[db_abs + 2..db_abs + 4].copy_from_slice(&u16::MAX.to_le_bytes());
    let (h, _) = Hive::from_bytes(b, vec![]).unwrap();
    let v = h.value_at(vk).unwrap();
    assert!(v.data().is_err());
}
