//! `vmrescue reg`: query the registry of an offline disk, like `reg query`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde_json::{Value as Json, json};
use vmrescue_artifacts::{Installation, LoadedHive, load_hive_file};
use vmrescue_l10n::{FluentValue, tr, tr_args};
use vmrescue_registry::{ControlSets, Key, ValueData, ValueType};

use crate::open::CliError;

/// Hive names under `HKLM` and where they live.
const HIVES: [&str; 5] = ["SYSTEM", "SOFTWARE", "SAM", "SECURITY", "BCD00000000"];
/// Deepest recursion `-s` follows (a hive whose subkey lists loop is cut off).
const MAX_DEPTH: usize = 512;

/// Splits `HKLM\SYSTEM\Select` into ("SYSTEM", "Select").
fn split_key(key: &str) -> (Option<String>, String) {
    let k = key.trim().trim_matches('\\');
    let mut parts = k.splitn(2, '\\');
    let first = parts.next().unwrap_or_default();
    let (hive_and_rest, rest) = if ["HKLM", "HKEY_LOCAL_MACHINE"]
        .iter()
        .any(|h| first.eq_ignore_ascii_case(h))
    {
        let rest = parts.next().unwrap_or_default();
        let mut p = rest.splitn(2, '\\');
        (
            p.next().map(str::to_string),
            p.next().unwrap_or_default().to_string(),
        )
    } else if HIVES.iter().any(|h| first.eq_ignore_ascii_case(h)) {
        (
            Some(first.to_string()),
            parts.next().unwrap_or_default().to_string(),
        )
    } else {
        (None, k.to_string())
    };
    (hive_and_rest.map(|h| h.to_ascii_uppercase()), rest)
}

fn data_json(d: &ValueData) -> Json {
    serde_json::to_value(d)
        .ok()
        .and_then(|v| v.get("value").cloned())
        .unwrap_or(Json::Null)
}

fn type_name(t: ValueType) -> String {
    t.name()
        .map(str::to_string)
        .unwrap_or_else(|| format!("REG_UNKNOWN_{:#x}", t.raw()))
}

fn data_text(d: &ValueData) -> String {
    match d {
        ValueData::Dword(v) | ValueData::DwordBigEndian(v) => format!("{v:#x} ({v})"),
        ValueData::Qword(v) => format!("{v:#x} ({v})"),
        ValueData::Sz(s) | ValueData::ExpandSz(s) | ValueData::Link(s) => s.clone(),
        ValueData::MultiSz(v) => v.join("\\0"),
        other => data_json(other).as_str().unwrap_or_default().to_string(),
    }
}

struct Node {
    path: String,
    last_write: String,
    values: Vec<(String, String, ValueData)>,
    subkeys: Vec<Node>,
    subkey_names: Vec<String>,
    errors: Vec<String>,
}

fn read_node(
    key: &Key<'_>,
    path: String,
    value: Option<&str>,
    recursive: bool,
    depth: usize,
    seen: &mut HashSet<u32>,
) -> Node {
    let mut node = Node {
        path,
        last_write: key.last_written().to_string(),
        values: Vec::new(),
        subkeys: Vec::new(),
        subkey_names: Vec::new(),
        errors: Vec::new(),
    };
    let listing = key.values();
    node.errors
        .extend(listing.errors.iter().map(|e| e.to_string()));
    for v in listing.items {
        let name = v.name().into_owned();
        if value.is_some_and(|w| !w.eq_ignore_ascii_case(&name)) {
            continue;
        }
        match v.decoded() {
            Ok(d) => node.values.push((name, type_name(v.value_type()), d)),
            Err(e) => node.errors.push(e.to_string()),
        }
    }
    if value.is_some() {
        return node;
    }
    let subs = key.subkeys();
    node.errors
        .extend(subs.errors.iter().map(|e| e.to_string()));
    for s in subs.items {
        let name = s.name().into_owned();
        if recursive {
            if depth >= MAX_DEPTH || !seen.insert(s.offset()) {
                node.errors.push(format!(
                    "{name}: subkey list loops or is too deep; not followed"
                ));
                continue;
            }
            let child_path = format!("{}\\{name}", node.path);
            node.subkeys
                .push(read_node(&s, child_path, None, true, depth + 1, seen));
        }
        node.subkey_names.push(name);
    }
    node
}

fn node_json(n: &Node, recursive: bool) -> Json {
    let values: Vec<Json> = n
        .values
        .iter()
        .map(|(name, ty, d)| json!({"name": name, "type": ty, "data": data_json(d)}))
        .collect();
    let subkeys: Vec<Json> = if recursive {
        n.subkeys.iter().map(|s| node_json(s, true)).collect()
    } else {
        n.subkey_names.iter().map(|s| json!(s)).collect()
    };
    let mut o =
        json!({"key": n.path, "last_write": n.last_write, "values": values, "subkeys": subkeys});
    if !n.errors.is_empty() {
        o["errors"] = json!(n.errors);
    }
    o
}

fn node_text(n: &Node, recursive: bool, out: &mut String) {
    out.push_str(&format!(
        "{}    ({} {})\n",
        n.path,
        tr("reg-last-write"),
        n.last_write
    ));
    for (name, ty, d) in &n.values {
        let shown = if name.is_empty() {
            tr("reg-default-value")
        } else {
            name.clone()
        };
        out.push_str(&format!("    {shown}    {ty}    {}\n", data_text(d)));
    }
    for e in &n.errors {
        out.push_str(&format!("    {}: {e}\n", tr("warn-prefix")));
    }
    out.push('\n');
    if recursive {
        for s in &n.subkeys {
            node_text(s, true, out);
        }
    } else {
        for s in &n.subkey_names {
            out.push_str(&format!("{}\\{s}\n", n.path));
        }
    }
}

fn replay_note(h: &LoadedHive) -> Option<String> {
    use vmrescue_registry::ReplayOutcome;
    match h.replay.outcome {
        ReplayOutcome::NotNeeded => None,
        ReplayOutcome::Applied => Some(tr_args(
            "reg-logs-applied",
            &[
                ("path", FluentValue::from(h.path.clone())),
                (
                    "logs",
                    FluentValue::from(
                        h.replay
                            .logs
                            .iter()
                            .filter(|l| l.entries_applied > 0 || l.pages_applied > 0)
                            .count(),
                    ),
                ),
                ("entries", FluentValue::from(h.replay.entries_applied)),
            ],
        )),
        ReplayOutcome::NotApplied => Some(tr_args(
            "reg-logs-not-applied",
            &[("path", FluentValue::from(h.path.clone()))],
        )),
    }
}

/// `vmrescue reg [SOURCE] KEY [VALUE]`.
pub fn reg(
    args: &[String],
    hive_file: Option<&PathBuf>,
    partition: Option<u32>,
    recursive: bool,
    as_json: bool,
) -> Result<(), CliError> {
    let (loaded, key_arg, value) = match hive_file {
        Some(file) => {
            let [key, rest @ ..] = args else {
                return Err(crate::open::usage(tr("reg-usage")));
            };
            (load_hive_file(file)?, key.clone(), rest.first().cloned())
        }
        None => {
            let [source, key, rest @ ..] = args else {
                return Err(crate::open::usage(tr("reg-usage")));
            };
            let inst = Installation::open(Path::new(source), partition)?;
            let (hive, _) = split_key(key);
            let hive = hive.ok_or_else(|| {
                crate::open::usage(tr_args(
                    "reg-unknown-hive",
                    &[("key", FluentValue::from(key.clone()))],
                ))
            })?;
            let loaded = match hive.as_str() {
                "BCD00000000" => inst.bcd()?,
                h if HIVES.contains(&h) => inst.hive(h)?,
                _ => {
                    return Err(crate::open::usage(tr_args(
                        "reg-unknown-hive",
                        &[("key", FluentValue::from(key.clone()))],
                    )));
                }
            };
            (loaded, key.clone(), rest.first().cloned())
        }
    };
    let (hive_name, mut rel) = split_key(&key_arg);
    let hive_name = hive_name.unwrap_or_else(|| {
        Path::new(&loaded.path.replace('\\', "/"))
            .file_name()
            .map(|f| f.to_string_lossy().to_ascii_uppercase())
            .unwrap_or_default()
    });
    // CurrentControlSet exists only at run time: resolve it through Select.
    if rel
        .split('\\')
        .next()
        .is_some_and(|f| f.eq_ignore_ascii_case("CurrentControlSet"))
    {
        let (sets, _) = ControlSets::read_or_fallback(&loaded.hive);
        rel = sets.resolve(&rel);
    }
    let root = loaded.hive.root()?;
    let key = if rel.is_empty() {
        Some(root)
    } else {
        root.open(&rel)?
    };
    let display = if rel.is_empty() {
        format!("HKLM\\{hive_name}")
    } else {
        format!("HKLM\\{hive_name}\\{rel}")
    };
    let Some(key) = key else {
        return Err(tr_args("reg-key-not-found", &[("key", FluentValue::from(display))]).into());
    };
    let node = read_node(
        &key,
        display.clone(),
        value.as_deref(),
        recursive,
        0,
        &mut HashSet::new(),
    );
    if let Some(v) = &value
        && node.values.is_empty()
    {
        return Err(tr_args(
            "reg-value-not-found",
            &[
                ("key", FluentValue::from(display)),
                ("value", FluentValue::from(v.clone())),
            ],
        )
        .into());
    }
    if as_json {
        let mut o = node_json(&node, recursive);
        o["hive"] =
            json!({"path": loaded.path, "partition": loaded.partition, "replay": loaded.replay});
        outln!("{}", serde_json::to_string_pretty(&o)?);
    } else {
        if let Some(n) = replay_note(&loaded) {
            eprintln!("{}: {n}", tr("note-prefix"));
        }
        let mut out = String::new();
        node_text(&node, recursive, &mut out);
        out!("{out}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::split_key;

    #[test]
    fn keys_split_into_hive_and_path() {
        assert_eq!(
            split_key(r"HKLM\SYSTEM\Select"),
            (Some("SYSTEM".into()), "Select".into())
        );
        assert_eq!(
            split_key(r"HKEY_LOCAL_MACHINE\software"),
            (Some("SOFTWARE".into()), String::new())
        );
        assert_eq!(
            split_key(r"BCD00000000\Objects"),
            (Some("BCD00000000".into()), "Objects".into())
        );
        assert_eq!(
            split_key(r"\ControlSet001\Control"),
            (None, r"ControlSet001\Control".into())
        );
    }
}
