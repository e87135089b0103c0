//! Fuzz the hive writer: the input is an edit script applied to a fixture
//! hive (regipy's BCD from `../shared/fixtures` when present, else a minimal
//! empty hive). Whatever the script, the written hive must reopen clean,
//! pass `Hive::check_structure` (cells tile bins, sorted subkey lists with
//! right hashes and hints, parent and security pointers), and hold the
//! values the script left. With `VMRESCUE_FUZZ_HIVEX=1`, `hivexml` (Debian
//! libhivex-bin) must accept it too (slow: one process per input).
//!
//! Script: a sequence of 3-byte ops `[op, a, b]`: op % 4 = 0 create key
//! `keys[a] \ NAMES[b]`; 1, 2 set value `NAMES[b]` on `keys[a]` with the type
//! and length taken from the following bytes; 3 delete value.
#![no_main]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use vmrescue_registry::hive::empty_hive;
use vmrescue_registry::{FileTime, Hive, HiveWriter, RegValue};

const NOW: FileTime = FileTime(133_500_000_000_000_000);
const NAMES: [&str; 12] = [
    "a", "B", "c_d", "Ä", "zz", "Element", "élan", "ÿ", "λ", "10000000", "260000b0", "Z",
];

fn base() -> &'static Vec<u8> {
    static BASE: OnceLock<Vec<u8>> = OnceLock::new();
    BASE.get_or_init(|| {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/fixtures/registry/regipy__BCD");
        std::fs::read(p).unwrap_or_else(|_| empty_hive("ROOT", NOW))
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok((hive, _)) = Hive::from_bytes(base().clone(), vec![]) else {
        return;
    };
    let Ok(mut w) = HiveWriter::new(hive, NOW) else {
        return;
    };
    let mut keys: Vec<String> = vec![String::new()];
    let mut model: BTreeMap<(String, String), Option<RegValue>> = BTreeMap::new();
    let mut i = 0;
    while i + 3 <= data.len() && i < 3 * 400 {
        let (op, a, b) = (data[i], data[i + 1], data[i + 2]);
        i += 3;
        let key = keys[usize::from(a) % keys.len()].clone();
        let name = NAMES[usize::from(b) % NAMES.len()];
        match op % 4 {
            0 => {
                let path = if key.is_empty() {
                    name.to_string()
                } else {
                    format!("{key}\\{name}")
                };
                if path.split('\\').count() <= 8 && w.create_key(&path).is_ok() {
                    keys.push(path);
                }
            }
            1 | 2 => {
                let len = usize::from(data.get(i).copied().unwrap_or(0)) * 16;
                let v = match op / 4 % 5 {
                    0 => RegValue::dword(u32::from(a) << 8 | u32::from(b)),
                    1 => RegValue::sz(&"x".repeat(len / 2)),
                    2 => RegValue::expand_sz("%SystemRoot%\\MEMORY.DMP"),
                    3 => RegValue::multi_sz(&["a", "b"]),
                    _ => RegValue::binary(vec![b; len]),
                };
                if w.set_value(&key, name, &v).is_ok() {
                    model.insert((key.to_uppercase(), name.to_uppercase()), Some(v));
                }
            }
            _ => {
                if w.delete_value(&key, name).is_ok() {
                    model.insert((key.to_uppercase(), name.to_uppercase()), None);
                }
            }
        }
    }
    let bytes = w.finish(None).expect("finish after successful edits");
    let (h, report) = Hive::from_bytes(bytes.clone(), vec![]).expect("reopen");
    assert!(!report.primary_dirty);
    let issues = h.check_structure();
    assert!(issues.is_empty(), "{issues:?}");
    for ((k, n), v) in &model {
        let got = h.value(k, n).expect("read back");
        match (v, got) {
            (Some(v), Some(g)) => {
                assert_eq!(g.raw_type(), v.value_type.raw());
                assert_eq!(&*g.data().expect("data"), &v.data[..]);
            }
            (None, None) => {}
            (v, g) => panic!("{k}\\{n}: expected {v:?}, got {g:?}"),
        }
    }
    if std::env::var_os("VMRESCUE_FUZZ_HIVEX").is_some() {
        let p = std::env::temp_dir().join(format!("hive_write-{}.hive", std::process::id()));
        std::fs::write(&p, &bytes).expect("write temp");
        let st = std::process::Command::new("hivexml")
            .arg(&p)
            .stdout(std::process::Stdio::null())
            .status()
            .expect("run hivexml");
        assert!(st.success(), "hivexml rejected the written hive");
    }
});
