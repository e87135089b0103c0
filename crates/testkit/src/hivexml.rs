//! A small reader for the XML `hivexml` (Debian libhivex-bin, an
//! independent hive reader) prints, shared by the registry and prepare tests.

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

/// hivexml's export as a set of lines, without cell positions: one per key
/// (`K`, path, mtime) and one per value (`V`, path, name, type, value,
/// strings), so two exports compare as sets.
pub fn export_lines(xml: &str) -> std::collections::BTreeSet<String> {
    fn walk(n: &XNode, path: &str, out: &mut std::collections::BTreeSet<String>) {
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
    let mut lines = std::collections::BTreeSet::new();
    if let Some(top) = parse_xml(xml).child("node") {
        walk(top, "", &mut lines);
    }
    lines
}
