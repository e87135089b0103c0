//! Differential test against hivex (Debian libhivex-bin): for every fixture
//! hive, every key path, nk cell offset, last-write time (hivexml prints
//! whole seconds), value name, vk cell offset, type and data must equal what
//! `hivexml` reports. Dirty primaries are compared read as they are (without
//! logs), which is what hivex does.

mod common;

use std::process::Command;

use common::{XNode, base64, have_tool, parse_xml, reg_fixture};
use vmrescue_registry::{Hive, ReplayOutcome, WalkControl, text};

struct OurValue {
    name: String,
    offset: u32,
    raw_type: u32,
    data: Result<Vec<u8>, String>,
}

struct OurKey {
    path: String,
    name: String,
    offset: u32,
    mtime: String,
    values: Vec<OurValue>,
}

fn our_dump(hive: &Hive) -> Vec<OurKey> {
    let mut out = Vec::new();
    let report = hive.walk(|e| {
        let values = e.key.values();
        assert!(values.is_complete(), "{}: {:?}", e.path, values.errors);
        let t = e.key.last_written().to_string();
        out.push(OurKey {
            path: e.path.to_string(),
            name: e.key.name().into_owned(),
            offset: e.key.offset(),
            mtime: format!("{}Z", &t[..19]),
            values: values
                .items
                .iter()
                .map(|v| OurValue {
                    name: v.name().into_owned(),
                    offset: v.offset(),
                    raw_type: v.raw_type(),
                    data: v.data().map(|d| d.into_owned()).map_err(|e| e.to_string()),
                })
                .collect(),
        });
        WalkControl::Continue
    });
    assert!(report.is_complete(), "walk errors: {:?}", report.errors);
    out
}

fn hivex_keys(node: &XNode, path: &str, out: &mut Vec<(String, XNode)>) {
    out.push((path.to_string(), node.clone()));
    for c in node.children.iter().filter(|c| c.name == "node") {
        let name = c.attr("name").unwrap_or_default();
        let p = if path.is_empty() {
            name.to_string()
        } else {
            format!("{path}\\{name}")
        };
        hivex_keys(c, &p, out);
    }
}

fn first_run(n: &XNode) -> Option<u64> {
    n.child("byte_runs")?
        .children
        .first()?
        .attr("file_offset")?
        .parse()
        .ok()
}

fn strip_trailing_empty(mut v: Vec<String>) -> Vec<String> {
    while v.last().is_some_and(|s| s.is_empty()) {
        v.pop();
    }
    v
}

fn compare_value(ours: &OurValue, x: &XNode) -> Result<(), String> {
    let xname = x.attr("key").unwrap_or("");
    if xname != ours.name {
        return Err(format!("name {:?} vs hivex {:?}", ours.name, xname));
    }
    // hivexml writes no byte runs for values without data.
    match first_run(x) {
        Some(xoff) if xoff != u64::from(ours.offset) + 4096 => {
            return Err(format!(
                "vk offset {:#x} vs hivex file offset {xoff:#x}",
                ours.offset
            ));
        }
        None if ours.data.as_ref().map_or(true, |d| !d.is_empty()) => {
            return Err("hivex gives no byte run for a value with data".into());
        }
        _ => {}
    }
    let ty = x.attr("type").unwrap_or("");
    let expect_ty: &[u32] = match ty {
        "string" | "bad-string" => &[1],
        "expand" | "bad-expand" => &[2],
        "link" | "bad-link" => &[6],
        "binary" => &[3],
        "int32" => &[4, 5],
        "int64" => &[11],
        "string-list" | "bad-string-list" => &[7],
        "none" => &[0],
        "resource-list" => &[8],
        "resource-description" => &[9],
        "resource-requirements" => &[10],
        "unknown" => &[],
        t => return Err(format!("unexpected hivex type {t}")),
    };
    if expect_ty.is_empty() {
        if ours.raw_type <= 11 {
            return Err(format!(
                "hivex says unknown type, ours {:#x}",
                ours.raw_type
            ));
        }
    } else if !expect_ty.contains(&ours.raw_type) {
        return Err(format!("type {:#x} vs hivex {ty}", ours.raw_type));
    }
    let data = ours
        .data
        .as_ref()
        .map_err(|e| format!("our data error: {e}"))?;
    let xval = x.attr("value").unwrap_or("");
    match ty {
        "string" | "expand" | "link" => {
            let s = text::utf16z_strict(data).ok_or("hivex decoded a string we cannot")?;
            if s != xval {
                return Err(format!("string {s:?} vs hivex {xval:?}"));
            }
        }
        "int32" => {
            let expect: i32 = xval.parse().map_err(|_| "int32 parse")?;
            let v = if data.len() < 4 {
                -1
            } else if ours.raw_type == 5 {
                i32::from_be_bytes([data[0], data[1], data[2], data[3]])
            } else {
                i32::from_le_bytes([data[0], data[1], data[2], data[3]])
            };
            if v != expect {
                return Err(format!("int32 {v} vs hivex {expect}"));
            }
        }
        "int64" => {
            let expect: i64 = xval.parse().map_err(|_| "int64 parse")?;
            let v = if data.len() < 8 {
                -1
            } else {
                i64::from_le_bytes(data[..8].try_into().unwrap())
            };
            if v != expect {
                return Err(format!("int64 {v} vs hivex {expect}"));
            }
        }
        "string-list" => {
            let theirs: Vec<String> = x
                .children
                .iter()
                .filter(|c| c.name == "string")
                .map(|c| c.text.clone())
                .collect();
            let ours_l = text::multi_sz(data);
            if strip_trailing_empty(ours_l.clone()) != strip_trailing_empty(theirs.clone()) {
                return Err(format!("multi-sz {ours_l:?} vs hivex {theirs:?}"));
            }
        }
        _ => {
            let b = base64(xval);
            if &b != data {
                return Err(format!(
                    "data ({} bytes) differs from hivex ({} bytes)",
                    data.len(),
                    b.len()
                ));
            }
        }
    }
    Ok(())
}

/// Compares one hive file; returns the number of keys and values compared.
fn diff_hive(rel: &str) -> Option<(usize, usize)> {
    let path = reg_fixture(rel)?;
    let out = Command::new("hivexml")
        .arg(&path)
        .output()
        .expect("run hivexml");
    assert!(
        out.status.success(),
        "hivexml failed on {rel}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let xml = String::from_utf8(out.stdout).expect("hivexml output is UTF-8");
    let doc = parse_xml(&xml);
    assert_eq!(doc.name, "hive");
    let xroot = doc.child("node").expect("root node");
    let mut theirs = Vec::new();
    hivex_keys(xroot, "", &mut theirs);

    let bytes = std::fs::read(&path).unwrap();
    let (hive, report) = Hive::from_named_bytes(rel, bytes, vec![]).expect("open");
    if report.primary_dirty {
        assert_eq!(report.outcome, ReplayOutcome::NotApplied);
    }
    let ours = our_dump(&hive);

    let mut mismatches = Vec::new();
    if ours.len() != theirs.len() {
        mismatches.push(format!("{} keys vs hivex {}", ours.len(), theirs.len()));
    }
    let mut nvalues = 0;
    for (o, (tpath, t)) in ours.iter().zip(&theirs) {
        if mismatches.len() > 20 {
            break;
        }
        if &o.path != tpath {
            mismatches.push(format!("path {:?} vs hivex {tpath:?}", o.path));
            break;
        }
        if o.path.is_empty() && Some(o.name.as_str()) != t.attr("name") {
            mismatches.push(format!("root name {:?} vs {:?}", o.name, t.attr("name")));
        }
        if first_run(t) != Some(u64::from(o.offset) + 4096) {
            mismatches.push(format!(
                "{}: nk offset {:#x} vs hivex {:?}",
                o.path,
                o.offset,
                first_run(t)
            ));
        }
        if let Some(m) = t.child("mtime")
            && m.text != o.mtime
        {
            mismatches.push(format!("{}: mtime {} vs hivex {}", o.path, o.mtime, m.text));
        }
        let tvals: Vec<&XNode> = t.children.iter().filter(|c| c.name == "value").collect();
        if tvals.len() != o.values.len() {
            mismatches.push(format!(
                "{}: {} values vs hivex {}",
                o.path,
                o.values.len(),
                tvals.len()
            ));
            continue;
        }
        for (ov, tv) in o.values.iter().zip(tvals) {
            nvalues += 1;
            if let Err(e) = compare_value(ov, tv) {
                mismatches.push(format!("{}\\{}: {e}", o.path, ov.name));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{rel}: differs from hivex:\n{}",
        mismatches.join("\n")
    );
    eprintln!(
        "{rel}: {} keys, {nvalues} values identical to hivex",
        ours.len()
    );
    Some((ours.len(), nvalues))
}

macro_rules! hivex_case {
    ($name:ident, $rel:expr) => {
        #[test]
        fn $name() {
            if !have_tool("hivexml") {
                return;
            }
            diff_hive($rel);
        }
    };
}

hivex_case!(testhive_offreg, "nt-hive__testhive");
hivex_case!(bcd, "regipy__BCD");
hivex_case!(sam, "regipy__SAM");
hivex_case!(ntuser, "regipy__NTUSER.DAT");
hivex_case!(system_win7, "regipy__SYSTEM");
hivex_case!(system_b_primary_as_is, "regipy__SYSTEM_B/SYSTEM_B");
hivex_case!(usrclass_primary_as_is, "regipy__UsrClass/UsrClass.dat");
hivex_case!(
    transactions_ntuser_primary_as_is,
    "regipy__transactions_NTUSER/transactions_NTUSER.DAT"
);
hivex_case!(new_dirty_primary_as_is, "yarp__NewDirtyHive1/NewDirtyHive");
hivex_case!(
    recovered_windows10,
    "yarp__NewDirtyHive1/RecoveredHive_Windows10"
);
hivex_case!(old_dirty_primary_as_is, "yarp__OldDirtyHive/OldDirtyHive");
hivex_case!(
    recovered_windows7,
    "yarp__OldDirtyHive/RecoveredHive_Windows7"
);
