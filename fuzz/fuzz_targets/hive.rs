//! Fuzz the regf reader: a primary file plus up to two transaction logs from
//! one input, opened with log replay, then the whole tree walked and every
//! value decoded. Output is bounded by the walk limit below.
//!
//! Input layout: byte 0 = number of logs (mod 3); then, per log, a 4-byte
//! little-endian length (taken modulo what is left); then the primary file
//! and the logs, back to back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vmrescue_registry::{Hive, WalkControl};

const MAX_KEYS: u64 = 200_000;

fn split(data: &[u8]) -> Option<(Vec<u8>, Vec<(String, Vec<u8>)>)> {
    let (&n, mut rest) = data.split_first()?;
    let n = usize::from(n % 3);
    let mut lens = Vec::with_capacity(n);
    for _ in 0..n {
        let (head, tail) = rest.split_at_checked(4)?;
        lens.push(u32::from_le_bytes([head[0], head[1], head[2], head[3]]) as usize);
        rest = tail;
    }
    let mut logs = Vec::with_capacity(n);
    // The logs come last; the primary takes what the logs leave.
    let mut end = rest.len();
    for (i, len) in lens.iter().enumerate().rev() {
        let len = len % (end + 1);
        logs.push((format!("fuzz.LOG{}", i + 1), rest[end - len..end].to_vec()));
        end -= len;
    }
    logs.reverse();
    Some((rest[..end].to_vec(), logs))
}

fuzz_target!(|data: &[u8]| {
    let Some((primary, logs)) = split(data) else {
        return;
    };
    let Ok((hive, report)) = Hive::from_bytes(primary, logs) else {
        return;
    };
    let _ = (report.outcome, hive.problems().len(), hive.summary());
    let mut seen = 0u64;
    let _walk = hive.walk(|e| {
        seen += 1;
        if seen > MAX_KEYS {
            return WalkControl::Stop;
        }
        let _ = e.key.class_name();
        let _ = e.key.last_written().to_string();
        for v in e.key.values().items {
            let _ = v.name();
            let _ = v.data_location();
            let _ = v.decoded();
        }
        WalkControl::Continue
    });
    // Lookups by path, including through damaged lists.
    let _ = hive.key("ControlSet001\\Control\\CrashControl");
    let _ = vmrescue_registry::ControlSets::read(&hive);
    let _ = vmrescue_registry::facts::collect(&hive, Some(&hive));
});
