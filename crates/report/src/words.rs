//! From data to words: messages, facts, times, sizes and provenance in the
//! report's language. Shared by the text and HTML reports.

use vmrescue_diagnose::{Diagnosis, EvidenceItem, Message};
use vmrescue_evidence::Fact;
use vmrescue_l10n::{FluentValue, Lang, tr_in};

/// Replaces characters that could fool a terminal or a reader: control
/// characters (escape sequences, carriage returns, newlines) and the
/// bidirectional overrides that reorder text on screen.
pub(crate) fn clean(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c if c.is_control() => '\u{FFFD}',
            '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                '\u{FFFD}'
            }
            c => c,
        })
        .collect()
}

/// `2021-02-21T01:38:22.9877657Z` → `2021-02-21 01:38:22 UTC`; anything
/// else is returned cleaned, unchanged.
pub(crate) fn time(t: &str) -> String {
    let b = t.as_bytes();
    let shaped = b.len() >= 19
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b'T' || b[10] == b' ')
        && b[13] == b':'
        && b[16] == b':'
        && t.is_char_boundary(19);
    if !shaped {
        return clean(t);
    }
    let rest = &t[19..];
    let zone = rest.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    let zone = match zone {
        "Z" | "z" | "+00:00" | " UTC" => " UTC".to_string(),
        "" => String::new(),
        z => format!(" {}", z.trim()),
    };
    clean(&format!("{} {}{zone}", &t[..10], &t[11..19]))
}

/// A byte count for people: `512 B`, `1.5 KiB`, `127 GiB` (decimal comma in
/// Swedish and Spanish).
pub(crate) fn bytes(lang: Lang, n: u64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    let num = if v >= 100.0 || v.fract() < 0.05 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    };
    let num = match lang {
        Lang::En => num,
        Lang::Sv | Lang::Es => num.replace('.', ","),
    };
    format!("{num} {}", UNITS[unit])
}

/// A Fluent value for an argument: whole numbers become numbers (plural
/// forms), everything else a cleaned string.
fn value(s: &str) -> FluentValue<'static> {
    if !s.is_empty()
        && s.len() <= 15
        && s.bytes().all(|b| b.is_ascii_digit())
        && let Ok(n) = s.parse::<u64>()
    {
        return FluentValue::from(n);
    }
    FluentValue::from(clean(s))
}

/// The words of one language.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Words {
    pub lang: Lang,
}

impl Words {
    /// A message without arguments.
    pub fn t(&self, id: &str) -> String {
        tr_in(self.lang, id, &[])
    }

    /// A message with string arguments (each also given as `has_<name>`).
    pub fn ta(&self, id: &str, args: &[(&str, String)]) -> String {
        let mut owned: Vec<(String, FluentValue<'static>)> = Vec::with_capacity(args.len() * 2);
        for (k, v) in args {
            owned.push(((*k).to_string(), value(v)));
            owned.push((
                format!("has_{k}"),
                FluentValue::from(if v.trim().is_empty() { "no" } else { "yes" }),
            ));
        }
        let refs: Vec<(&str, FluentValue<'static>)> =
            owned.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        tr_in(self.lang, id, &refs)
    }

    /// A finding's message.
    pub fn msg(&self, m: &Message) -> String {
        let args: Vec<(&str, String)> = m
            .args
            .iter()
            .map(|(k, v)| (k.as_str(), if k == "time" { time(v) } else { v.clone() }))
            .collect();
        self.ta(&m.id, &args)
    }

    /// `yes`/`no` in words.
    pub fn yes_no(&self, b: bool) -> String {
        self.t(if b { "report-yes" } else { "report-no" })
    }

    /// A cause's title.
    pub fn cause_title(&self, id: &str) -> String {
        self.t(&format!("cause-{id}"))
    }

    /// A cause's one-line description.
    pub fn cause_description(&self, id: &str) -> String {
        self.t(&format!("cause-{id}-description"))
    }

    /// Where a stop code was seen (a noun phrase).
    pub fn origin(&self, origin: &str) -> String {
        self.t(&format!("origin-{origin}"))
    }

    /// A dump type (`complete`, `kernel`, …) in words; unknown ones as they are.
    pub fn dump_type(&self, t: &str) -> String {
        let id = format!("dumptype-{t}");
        if vmrescue_l10n::has_message(Lang::En, &id) {
            self.t(&id)
        } else {
            clean(t)
        }
    }

    /// A fact's kind, e.g. "Pending servicing (pending.xml)".
    pub fn fact_kind(&self, f: &Fact) -> String {
        self.t(&format!("fact-{}", kind_of(f)))
    }

    /// A fact's one-line summary.
    pub fn fact_summary(&self, f: &Fact) -> String {
        let v = serde_json::to_value(&f.kind).unwrap_or_default();
        let mut args: Vec<(String, String)> = Vec::new();
        if let Some(obj) = v.as_object() {
            for (k, v) in obj {
                if k == "kind" {
                    continue;
                }
                args.push((k.clone(), self.field(k, v)));
            }
        }
        let refs: Vec<(&str, String)> = args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        self.ta(&format!("fact-{}-summary", kind_of(f)), &refs)
    }

    /// One field of a fact as an argument value.
    fn field(&self, k: &str, v: &serde_json::Value) -> String {
        use serde_json::Value;
        match (k, v) {
            (_, Value::Null) => String::new(),
            (_, Value::Bool(b)) => (if *b { "yes" } else { "no" }).into(),
            ("code" | "status" | "exception" | "state", Value::Number(n)) => n
                .as_u64()
                .map(|n| format!("0x{n:08X}"))
                .unwrap_or_else(|| n.to_string()),
            ("size" | "free" | "total" | "bytes", Value::Number(n)) => n
                .as_u64()
                .map(|n| bytes(self.lang, n))
                .unwrap_or_else(|| n.to_string()),
            ("parameters", Value::Array(a)) => a
                .iter()
                .map(|p| p.as_u64().map(|n| format!("{n:#x}")).unwrap_or_default())
                .collect::<Vec<_>>()
                .join(", "),
            ("origin", Value::String(s)) => self.origin(s),
            ("dump_type", Value::String(s)) => self.dump_type(s),
            ("time" | "crash_time" | "last_write", Value::String(s)) => time(s),
            (_, Value::String(s)) => s.clone(),
            (_, Value::Number(n)) => n.to_string(),
            (_, Value::Array(a)) => a
                .iter()
                .map(|x| match x {
                    // RegBack: (file, size).
                    Value::Array(pair) if pair.len() == 2 => format!(
                        "{} ({})",
                        pair[0].as_str().unwrap_or_default(),
                        pair[1]
                            .as_u64()
                            .map(|n| bytes(self.lang, n))
                            .unwrap_or_default()
                    ),
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(", "),
            (_, Value::Object(_)) => v.to_string(),
        }
    }
}

/// The snake_case kind of a fact (`stop_code`, `pending_xml`, …).
pub(crate) fn kind_of(f: &Fact) -> String {
    serde_json::to_value(&f.kind)
        .ok()
        .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_string))
        .unwrap_or_default()
}

/// Provenance parts of a fact: artifact, locator, time (formatted, cleaned).
pub(crate) fn provenance(f: &Fact, w: &Words) -> (String, Option<String>, Option<String>) {
    (
        clean(&f.source.artifact),
        f.source
            .locator
            .as_deref()
            .map(|l| clean(&vmrescue_l10n::locator(w.lang, l))),
        f.source.time.as_deref().map(time),
    )
}

/// `artifact · locator · time`, for one line.
pub(crate) fn provenance_line(parts: &(String, Option<String>, Option<String>)) -> String {
    let mut s = parts.0.clone();
    for p in [&parts.1, &parts.2].into_iter().flatten() {
        s.push_str(" · ");
        s.push_str(p);
    }
    s
}

/// The provenance of an evidence item: its fact's when it rests on one,
/// else what the item itself carries.
pub(crate) fn item_provenance(
    d: &Diagnosis,
    e: &EvidenceItem,
    w: &Words,
) -> Option<(String, Option<String>, Option<String>)> {
    if let Some(f) = e.fact.and_then(|i| d.evidence.get(i)) {
        return Some(provenance(f, w));
    }
    e.source
        .as_deref()
        .map(|s| (clean(s), None, e.time.as_deref().map(time)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shortened() {
        assert_eq!(
            time("2021-02-21T01:38:22.9877657Z"),
            "2021-02-21 01:38:22 UTC"
        );
        assert_eq!(
            time("2021-02-21T01:38:22+02:00"),
            "2021-02-21 01:38:22 +02:00"
        );
        assert_eq!(time("2021-02-21T01:38:22"), "2021-02-21 01:38:22");
        assert_eq!(time("yesterday"), "yesterday");
    }

    #[test]
    fn sizes_are_readable() {
        assert_eq!(bytes(Lang::En, 0), "0 B");
        assert_eq!(bytes(Lang::En, 1536), "1.5 KiB");
        assert_eq!(bytes(Lang::Sv, 1536), "1,5 KiB");
        assert_eq!(bytes(Lang::Es, 127 * 1024 * 1024 * 1024), "127 GiB");
    }

    #[test]
    fn untrusted_text_cannot_steer_a_terminal() {
        assert_eq!(
            clean("a\u{1b}[31mb\u{202e}c\nd"),
            "a\u{FFFD}[31mb\u{FFFD}c d"
        );
    }
}
