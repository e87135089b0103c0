//! Servicing state on disk: `\Windows\WinSxS\pending.xml` (operations that
//! wait for the next boot) and the errors at the end of `CBS.log`.

use vmrescue_artifacts::Installation;

use crate::Evidence;
use crate::model::{FactKind, Provenance};

/// How much of pending.xml and of the end of CBS.log is read.
const MAX_PENDING_XML: u64 = 64 << 20;
const CBS_TAIL: u64 = 512 << 10;
/// Updates named from one pending.xml at most (a real one names one or two).
const MAX_KBS: usize = 64;

pub(crate) fn collect(inst: &Installation, ev: &mut Evidence) {
    let pending = format!(r"{}\WinSxS\pending.xml", inst.system_root);
    if let Ok(f) = inst.open_file(&pending) {
        let size = f.size();
        let mut buf = vec![0u8; size.min(MAX_PENDING_XML) as usize];
        match f.read_exact_at(0, &mut buf) {
            Ok(()) => {
                let text = decode_text(&buf);
                let kbs = pending_kbs(&text);
                let operations = [
                    "<HardlinkFile",
                    "<MoveFile",
                    "<DeleteFile",
                    "<CreateFile",
                    "<SetFileInformation",
                ]
                .iter()
                .map(|t| text.matches(t).count())
                .sum();
                let modified = inst.volume.stat(&pending).ok().and_then(|e| e.modified);
                ev.push(
                    FactKind::PendingXml {
                        size,
                        kbs,
                        operations,
                    },
                    Provenance::of(pending.clone()).when(modified),
                );
            }
            Err(e) => ev.error("servicing", &pending, e),
        }
    }
    let cbs = format!(r"{}\Logs\CBS\CBS.log", inst.system_root);
    if let Ok(f) = inst.open_file(&cbs) {
        let size = f.size();
        let start = size.saturating_sub(CBS_TAIL);
        let mut buf = vec![0u8; (size - start) as usize];
        match f.read_exact_at(start, &mut buf) {
            Ok(()) => {
                let text = decode_text(&buf);
                let errors: Vec<&str> = text
                    .lines()
                    .filter(|l| {
                        l.contains(" Error ") || l.contains("HRESULT = 0x8") || l.contains("Failed")
                    })
                    .filter(|l| !l.contains("HRESULT = 0x00000000"))
                    .collect();
                for l in errors.iter().rev().take(8).rev() {
                    let time = l
                        .get(..19)
                        .filter(|t| t.as_bytes().get(4) == Some(&b'-'))
                        .map(|t| t.replace(' ', "T") + "Z");
                    ev.push(
                        FactKind::CbsLogError {
                            line: l.trim().chars().take(400).collect(),
                        },
                        Provenance::of(cbs.clone()).when(time),
                    );
                }
            }
            Err(e) => ev.error("servicing", &cbs, e),
        }
    }
}

/// Text that may be UTF-16LE (with or without a BOM) or UTF-8.
/// The updates (KB numbers) a pending.xml names, in order, at most
/// [`MAX_KBS`]. One pass: ASCII upper-casing keeps byte offsets, so the
/// matches index the original text (this was quadratic), and only the digits
/// right after each "KB" are read.
fn pending_kbs(text: &str) -> Vec<String> {
    let upper = text.to_ascii_uppercase();
    let mut kbs: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, _) in upper.match_indices("KB") {
        if kbs.len() >= MAX_KBS {
            break;
        }
        let digits: String = text[i + 2..]
            .chars()
            .take(9)
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if (6..=8).contains(&digits.len()) && seen.insert(digits.clone()) {
            kbs.push(format!("KB{digits}"));
        }
    }
    kbs
}

fn decode_text(b: &[u8]) -> String {
    let utf16 = b.starts_with(&[0xff, 0xfe]) || (b.len() > 8 && b[1] == 0 && b[3] == 0);
    if utf16 {
        let units: Vec<u16> = b
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(b).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_xml_names_its_updates_in_one_pass() {
        let xml = r#"<PendingTransaction><Install package="Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.3803.1.8" /><!-- KB5033372 --> kb5033372 KB12 KB123456789 KB5032189"#;
        assert_eq!(pending_kbs(xml), ["KB5033372", "KB5032189"]);
        // A hostile file of "KB" without digits, or many different KBs: one
        // pass over 8 MiB, and at most MAX_KBS names.
        assert!(pending_kbs(&"KB".repeat(4 << 20)).is_empty());
        let many: String = (0..200_000)
            .map(|n| format!("KB{:07} ", 1_000_000 + n))
            .collect();
        assert_eq!(pending_kbs(&many).len(), MAX_KBS);
    }
}
