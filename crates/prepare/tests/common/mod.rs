//! Test helpers: scratch copies of the real fixtures laid out as a mounted
//! Windows volume, and hivex (Debian libhivex-bin) as an independent reader.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `shared/fixtures/registry` beside the repository, or `None` after
/// printing what is missing.
pub fn registry_fixtures() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/registry");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!(
            "SKIP: fixtures not found at {} (expected shared/fixtures/registry beside the repository: regipy__SYSTEM, regipy__SYSTEM_B, regipy__BCD)",
            p.display()
        );
        None
    }
}

/// A fresh scratch directory under the target directory.
pub fn scratch(name: &str) -> PathBuf {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/prepare-test-scratch")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).expect("create scratch dir");
    base
}

/// Which SYSTEM hive to place.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Sys {
    /// regipy's clean Windows 7 SYSTEM (Current 1, Default 1, LastKnownGood 2).
    Clean,
    /// regipy's dirty Windows 10 SYSTEM_B with its two logs.
    Dirty,
}

/// Lays out `vol/Windows/System32/config/SYSTEM` (+ logs) and
/// `vol/Boot/BCD` from copies of the fixtures. Returns the volume root.
pub fn volume(name: &str, sys: Sys, with_bcd: bool) -> Option<PathBuf> {
    let f = registry_fixtures()?;
    let vol = scratch(name).join("vol");
    let cfg = vol.join("Windows/System32/config");
    std::fs::create_dir_all(&cfg).unwrap();
    let copies: Vec<(PathBuf, PathBuf)> = match sys {
        Sys::Clean => vec![(f.join("regipy__SYSTEM"), cfg.join("SYSTEM"))],
        Sys::Dirty => vec![
            (f.join("regipy__SYSTEM_B/SYSTEM_B"), cfg.join("SYSTEM")),
            (
                f.join("regipy__SYSTEM_B/SYSTEM_B.LOG1"),
                cfg.join("SYSTEM.LOG1"),
            ),
            (
                f.join("regipy__SYSTEM_B/SYSTEM_B.LOG2"),
                cfg.join("SYSTEM.LOG2"),
            ),
        ],
    };
    for (from, to) in copies {
        if !from.is_file() {
            eprintln!("SKIP: fixture {} is missing", from.display());
            return None;
        }
        std::fs::write(&to, std::fs::read(&from).unwrap()).unwrap();
    }
    if with_bcd {
        let b = f.join("regipy__BCD");
        if !b.is_file() {
            eprintln!("SKIP: fixture {} is missing", b.display());
            return None;
        }
        std::fs::create_dir_all(vol.join("Boot")).unwrap();
        std::fs::write(vol.join("Boot/BCD"), std::fs::read(&b).unwrap()).unwrap();
    }
    Some(vol)
}

/// True when a program can be run.
pub fn have_tool(tool: &str) -> bool {
    match Command::new(tool).arg("--help").output() {
        Ok(_) => true,
        Err(_) => {
            eprintln!("SKIP (hivex part): `{tool}` is not installed (Debian package libhivex-bin)");
            false
        }
    }
}

/// `hivexget FILE KEY VALUE` (hivex's own formatting).
pub fn hivexget(file: &Path, key: &str, value: &str) -> Option<String> {
    if !have_tool("hivexget") {
        return None;
    }
    let out = Command::new("hivexget")
        .arg(file)
        .arg(key)
        .arg(value)
        .output()
        .expect("run hivexget");
    assert!(
        out.status.success(),
        "hivexget {key} {value}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).trim_end().to_string())
}

/// hivexml's full export without cell positions: one line per key (path,
/// mtime) and per value (path, name, type, value, strings).
pub fn hivex_lines(file: &Path) -> Option<BTreeSet<String>> {
    if !have_tool("hivexml") {
        return None;
    }
    let out = Command::new("hivexml")
        .arg(file)
        .output()
        .expect("run hivexml");
    assert!(
        out.status.success(),
        "hivexml rejected {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let root = parse_xml(&String::from_utf8(out.stdout).expect("utf8"));
    let mut lines = BTreeSet::new();
    fn walk(n: &XNode, path: &str, out: &mut BTreeSet<String>) {
        let mtime = n.child("mtime").map(|m| m.text.clone()).unwrap_or_default();
        out.insert(format!("K\t{path}\t{mtime}"));
        for c in &n.children {
            match c.name.as_str() {
                "value" => {
                    let strings: Vec<&str> = c
                        .children
                        .iter()
                        .filter(|s| s.name == "string")
                        .map(|s| s.text.as_str())
                        .collect();
                    out.insert(format!(
                        "V\t{path}\t{}\t{}\t{}\t{}",
                        c.attr("key").unwrap_or(""),
                        c.attr("type").unwrap_or(""),
                        c.attr("value").unwrap_or(""),
                        strings.join("|")
                    ));
                }
                "node" => {
                    let name = c.attr("name").unwrap_or("");
                    let p = if path.is_empty() {
                        name.to_string()
                    } else {
                        format!("{path}\\{name}")
                    };
                    walk(c, &p, out);
                }
                _ => {}
            }
        }
    }
    walk(root.child("node").expect("root node"), "", &mut lines);
    Some(lines)
}

/// An XML element as written by hivexml.
#[derive(Debug, Default, Clone)]
pub struct XNode {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<XNode>,
    pub text: String,
}

impl XNode {
    pub fn attr(&self, k: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(a, _)| a == k)
            .map(|(_, v)| v.as_str())
    }
    pub fn child(&self, name: &str) -> Option<&XNode> {
        self.children.iter().find(|c| c.name == name)
    }
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';').expect("entity end");
        let ent = &after[..end];
        match ent {
            "amp" => out.push('&'),
            "lt" => out.push('<'),
            "gt" => out.push('>'),
            "quot" => out.push('"'),
            "apos" => out.push('\''),
            e if e.starts_with("#x") => {
                out.push(char::from_u32(u32::from_str_radix(&e[2..], 16).unwrap()).unwrap())
            }
            e if e.starts_with('#') => out.push(char::from_u32(e[1..].parse().unwrap()).unwrap()),
            e => panic!("unknown entity {e}"),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Parses hivexml's output into a tree (enough XML for that writer).
pub fn parse_xml(s: &str) -> XNode {
    let mut stack: Vec<XNode> = vec![XNode::default()];
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'<' {
            if b[i + 1] == b'?' || b[i + 1] == b'!' {
                i += s[i..].find('>').unwrap() + 1;
                continue;
            }
            if b[i + 1] == b'/' {
                let end = i + s[i..].find('>').unwrap();
                let node = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(node);
                i = end + 1;
                continue;
            }
            // start tag: name then attributes
            let mut j = i + 1;
            while !matches!(b[j], b' ' | b'>' | b'/' | b'\n' | b'\t') {
                j += 1;
            }
            let mut node = XNode {
                name: s[i + 1..j].to_string(),
                ..Default::default()
            };
            loop {
                while matches!(b[j], b' ' | b'\n' | b'\t') {
                    j += 1;
                }
                if b[j] == b'>' {
                    stack.push(node);
                    i = j + 1;
                    break;
                }
                if b[j] == b'/' {
                    stack.last_mut().unwrap().children.push(node);
                    i = j + 2;
                    break;
                }
                let eq = j + s[j..].find('=').unwrap();
                let key = s[j..eq].trim().to_string();
                let q = b[eq + 1];
                let vend = eq + 2 + s[eq + 2..].find(q as char).unwrap();
                node.attrs.push((key, unescape(&s[eq + 2..vend])));
                j = vend + 1;
            }
        } else {
            let end = s[i..].find('<').map_or(b.len(), |k| i + k);
            let t = unescape(&s[i..end]);
            if let Some(top) = stack.last_mut() {
                top.text.push_str(&t);
            }
            i = end;
        }
    }
    let mut root = stack.pop().unwrap();
    root.children.pop().unwrap_or_default()
}
