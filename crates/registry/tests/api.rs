//! The calls `vmrescue reg` / `vmrescue info` make, on real hives.

mod common;

use vmrescue_registry::control_set::{ControlSets, current_control_set};
use vmrescue_registry::hive::{DataLocation, log_file_names};
use vmrescue_registry::{Hive, ValueData, ValueType};

#[test]
fn lookups_listings_and_json() {
    let Some(bytes) = common::read_reg("regipy__SYSTEM") else {
        return;
    };
    let (hive, report) = Hive::from_named_bytes("SYSTEM", bytes, vec![]).unwrap();
    assert!(!report.primary_dirty);
    let bb = hive.base_block();
    assert_eq!((bb.primary_sequence, bb.secondary_sequence), (13983, 13983));
    assert_eq!((bb.major_version, bb.minor_version), (1, 5));
    assert!(bb.checksum_valid && !bb.dirty);
    assert_eq!(bb.root_cell_offset, 0x20);

    let cs = ControlSets::read(&hive).unwrap();
    assert_eq!(cs.current_key, "ControlSet001");
    assert_eq!(
        cs.resolve("CurrentControlSet\\Control\\CrashControl"),
        "ControlSet001\\Control\\CrashControl"
    );
    let ccs = current_control_set(&hive).unwrap();
    // Case-insensitive paths, leading separators ignored.
    let cc = ccs.open("\\control\\CRASHCONTROL").unwrap().unwrap();
    assert_eq!(cc.name(), "CrashControl");
    let v = cc.value("crashdumpenabled").unwrap().unwrap();
    assert_eq!(v.name(), "CrashDumpEnabled");
    assert_eq!(v.value_type(), ValueType::Dword);
    assert!(v.is_inline());
    assert_eq!(v.data_location().unwrap(), DataLocation::Inline);
    assert_eq!(v.decoded().unwrap(), ValueData::Dword(2));
    assert!(hive.key("ControlSet001\\NoSuchKey").unwrap().is_none());
    assert!(
        hive.value("ControlSet001\\Control\\CrashControl", "NoSuchValue")
            .unwrap()
            .is_none()
    );

    // A listing for JSON output.
    let path = "ControlSet001\\Control\\CrashControl";
    let info = cc.info(path);
    let values: Vec<_> = cc
        .values()
        .items
        .iter()
        .map(|v| v.info().unwrap())
        .collect();
    let json = serde_json::to_value((&info, &values)).unwrap();
    assert_eq!(json[0]["name"], "CrashControl");
    let dump_file = values.iter().find(|v| v.name == "DumpFile").unwrap();
    assert_eq!(
        serde_json::to_value(&dump_file.data).unwrap()["type"],
        "REG_EXPAND_SZ"
    );
    assert_eq!(
        serde_json::to_value(&dump_file.data).unwrap()["value"],
        "%SystemRoot%\\MEMORY.DMP"
    );

    // Parent chain and root.
    let parent = cc.parent().unwrap().unwrap();
    assert_eq!(parent.name(), "Control");
    assert!(hive.root().unwrap().is_root());
    assert!(hive.root().unwrap().parent().unwrap().is_none());

    // Summary.
    let s = hive.summary();
    assert!(s.problems.is_empty());
    assert!(
        serde_json::to_string(&s)
            .unwrap()
            .contains("\"checksum_valid\":true")
    );
    assert_eq!(log_file_names("SYSTEM")[1], "SYSTEM.LOG1");
}

#[test]
fn big_data_and_all_types_in_offreg_hive() {
    // nt-hive's testhive was written by Windows' offline registry library
    // (offreg.dll) with one value of each type and big data values.
    let Some(bytes) = common::read_reg("nt-hive__testhive") else {
        return;
    };
    let (hive, _) = Hive::from_bytes(bytes, vec![]).unwrap();
    let k = hive.key("data-test").unwrap().unwrap();
    let get = |n: &str| k.value(n).unwrap().unwrap().decoded().unwrap();
    assert_eq!(get("reg-sz"), ValueData::Sz("sz-test".into()));
    assert_eq!(get("reg-expand-sz"), ValueData::ExpandSz("sz-test".into()));
    assert_eq!(
        get("reg-multi-sz"),
        ValueData::MultiSz(vec!["multi-sz-test".into(), "line2".into()])
    );
    assert_eq!(get("dword"), ValueData::Dword(42));
    // The writer stored the bytes 2a 00 00 00 under REG_DWORD_BIG_ENDIAN;
    // read big-endian (as hivex does too) that is 0x2a000000.
    let be = k.value("dword-big-endian").unwrap().unwrap();
    assert_eq!(&*be.data().unwrap(), &[0x2a, 0, 0, 0]);
    assert_eq!(
        get("dword-big-endian"),
        ValueData::DwordBigEndian(0x2a00_0000)
    );
    assert_eq!(get("qword"), ValueData::Qword(u64::MAX));
    assert_eq!(get("binary"), ValueData::Binary(vec![1, 2, 3, 4, 5]));
    let big = k.value("reg-multi-sz-big").unwrap().unwrap();
    assert!(matches!(
        big.data_location().unwrap(),
        DataLocation::BigData { .. }
    ));
    match big.decoded().unwrap() {
        ValueData::MultiSz(l) => {
            assert_eq!(l.len(), 2);
            assert!(l[0].len() > 16344 / 2);
        }
        d => panic!("{d:?}"),
    }
    // UTF-16 key names and case-insensitive matching of non-ASCII names.
    let enc = hive.key("character-encoding-test").unwrap().unwrap();
    let names: Vec<String> = enc
        .subkeys()
        .items
        .iter()
        .map(|k| k.name().into_owned())
        .collect();
    assert_eq!(names, vec!["äöü", "𐐐", "𐐸", "Ａ"]);
    assert_eq!(enc.subkey("ÄÖÜ").unwrap().unwrap().name(), "äöü");
    // Windows upper-cases one UTF-16 unit at a time, so characters outside
    // the BMP do not fold: U+10410 and its lower case U+10438 are two keys.
    assert_eq!(enc.subkey("𐐐").unwrap().unwrap().name(), "𐐐");
    assert_eq!(enc.subkey("𐐸").unwrap().unwrap().name(), "𐐸");
    assert_eq!(enc.subkey("ａ").unwrap().unwrap().name(), "Ａ");
}
