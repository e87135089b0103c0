//! Servicing state on disk: `\Windows\WinSxS\pending.xml` (operations that
//! wait for the next boot) and the failures at the end of `CBS.log`.
//!
//! pending.xml exists on every healthy machine between an update's install
//! and its reboot, so it says "staged", never "failed" (see
//! `../shared/docs/evidence-signals.md` §0.4). A failure is read from the
//! exact CBS.log phrases Microsoft's troubleshooting articles quote for a
//! failed boot-time operation or a rollback ([`CBS_FAILURE_PHRASES`]): neither
//! the word "Failed" nor the line's level decides (decisive lines can be
//! Info, harmless ones carry error HRESULTs, §0.5).

use std::collections::HashSet;

use vmrescue_artifacts::Installation;

use crate::Evidence;
use crate::model::{FactKind, Provenance};

/// How much of pending.xml and of the end of CBS.log is read.
const MAX_PENDING_XML: u64 = 64 << 20;
const CBS_TAIL: u64 = 512 << 10;

/// Staged component folders taken from one pending.xml (a cumulative
/// update stages a few thousand).
const MAX_STAGED: usize = 100_000;
/// Updates named from one pending.xml at most (a real one names one or two).
const MAX_KBS: usize = 64;

/// CBS.log phrases that prove a servicing failure, not a staged update, with
/// the signal id the rules use. Sources (SupportArticles-docs): the
/// 0x800f0922 article (advanced operation queue, queue item, original failure
/// status), the 0x800f0920 article (hang detected, rollback after no
/// progress), the invalid-data article (critical driver queue, KTM rollback,
/// WER failure report — an Info line, and decisive).
pub const CBS_FAILURE_PHRASES: &[(&str, &str)] = &[
    (
        "advanced_queue_failed",
        "Failed to process advanced operation queue",
    ),
    (
        "queue_item_failed",
        "Failed execution of queue item Installer",
    ),
    (
        "hang_detected",
        "A possible hang was detected on the last boot",
    ),
    (
        "rollback_no_progress",
        "rolling back and cancelling the transaction",
    ),
    (
        "driver_queue_failed",
        "Failed executing critical driver operations queue",
    ),
    (
        "driver_rollback",
        "Rolling back KTM, because drivers failed",
    ),
    (
        "failure_report",
        "WER: Generating failure report for package",
    ),
    ("original_failure_status", "original failure status"),
];

/// ERROR_SHARING_VIOLATION in a servicing failure: "caused by non-Microsoft
/// filter drivers like antivirus" (common Windows Update errors article) —
/// evidence for the third-party cause, not for the update.
const SHARING_VIOLATION: &str = "0x80070020";

/// The failure signal of one CBS.log line, if it carries one.
pub fn cbs_signal(line: &str) -> Option<&'static str> {
    if line.contains(SHARING_VIOLATION) {
        return Some("sharing_violation");
    }
    CBS_FAILURE_PHRASES
        .iter()
        .find(|(_, p)| line.contains(p))
        .map(|(id, _)| *id)
}

/// The HRESULT or status a CBS.log line names (`HRESULT = 0x800f0922`,
/// `status: 0x800f0922`).
fn cbs_hresult(line: &str) -> Option<u32> {
    let at = line
        .find("HRESULT = 0x")
        .map(|i| i + 12)
        .or_else(|| line.find("status: 0x").map(|i| i + 10))?;
    let hex: String = line[at..]
        .chars()
        .take(8)
        .take_while(|c| c.is_ascii_hexdigit())
        .collect();
    (hex.len() == 8)
        .then(|| u32::from_str_radix(&hex, 16).ok())
        .flatten()
}

/// Returns the WinSxS folders (lower case) that pending.xml names: staged
/// components, not installed ones.
pub(crate) fn collect(inst: &Installation, ev: &mut Evidence) -> HashSet<String> {
    let mut staged = HashSet::new();
    let pending = format!(r"{}\WinSxS\pending.xml", inst.system_root);
    if let Ok(f) = inst.open_file(&pending) {
        let size = f.size();
        let mut buf = vec![0u8; size.min(MAX_PENDING_XML) as usize];
        match f.read_exact_at(0, &mut buf) {
            Ok(()) => {
                let text = decode_text(&buf);
                let kbs = pending_kbs(&text);
                staged = staged_folders(&text);
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
                let failures: Vec<(&str, &'static str)> = text
                    .lines()
                    .filter_map(|l| cbs_signal(l).map(|s| (l, s)))
                    .collect();
                for (l, signal) in failures.iter().rev().take(8).rev() {
                    let time = l
                        .get(..19)
                        .filter(|t| t.as_bytes().get(4) == Some(&b'-'))
                        .map(|t| t.replace(' ', "T") + "Z");
                    ev.push(
                        FactKind::CbsFailure {
                            signal: (*signal).to_string(),
                            hresult: cbs_hresult(l),
                            line: l.trim().chars().take(400).collect(),
                        },
                        Provenance::of(cbs.clone()).when(time),
                    );
                }
            }
            Err(e) => ev.error("servicing", &cbs, e),
        }
    }
    staged
}

/// The component folders a pending.xml names (`\SystemRoot\WinSxS\<folder>\…`
/// in its file operations), lower case, at most [`MAX_STAGED`]. One pass.
fn staged_folders(text: &str) -> HashSet<String> {
    let upper = text.to_ascii_uppercase();
    let mut out = HashSet::new();
    for (i, _) in upper.match_indices("\\WINSXS\\") {
        let rest = &text[i + 8..];
        let end = rest
            .find(|c: char| c == '\\' || c == '"' || c == '<' || c.is_whitespace())
            .unwrap_or(rest.len());
        if end > 0 && rest[end..].starts_with('\\') {
            out.insert(rest[..end].to_ascii_lowercase());
            if out.len() >= MAX_STAGED {
                break;
            }
        }
    }
    out
}

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

/// Text that may be UTF-16LE (with or without a BOM) or UTF-8.
pub(crate) fn decode_text(b: &[u8]) -> String {
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
    fn only_the_phrases_of_a_failure_count() {
        // Decisive, from Microsoft's articles (one is an Info line).
        let l = "2024-03-09 03:11:58, Error CBS Startup: Failed to process advanced operation queue, startupPhase: 0. A rollback transaction will be created. [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]";
        assert_eq!(cbs_signal(l), Some("advanced_queue_failed"));
        assert_eq!(cbs_hresult(l), Some(0x800F_0922));
        let l = "2024-03-09 03:12:00, Info CBS WER: Generating failure report for package: Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.3803.1.8, status: 0x800f0922, failure source: DOQ, start state: Staged, target state: Installed";
        assert_eq!(cbs_signal(l), Some("failure_report"));
        assert_eq!(cbs_hresult(l), Some(0x800F_0922));
        // Residue every CBS.log has: an error HRESULT on a harmless Info line,
        // the word "Failed" in routine lines.
        for l in [
            "2024-03-09 03:11:58, Info CBS Not able to add pending.xml.bad to Windows Error Report. [HRESULT = 0x80070002 - ERROR_FILE_NOT_FOUND]",
            "2024-03-09 03:11:58, Info CBS Failed to find a matching version for servicing stack: C:\\Windows\\WinSxS\\FileMaps\\ [HRESULT = 0x80070490 - ERROR_NOT_FOUND]",
            "2024-03-09 03:11:58, Info CSI 00000005 Poqexec successfully registered in [l:12 ml:13]'SetupExecute'",
        ] {
            assert_eq!(cbs_signal(l), None, "{l}");
        }
        // A sharing violation points at a filter driver.
        assert_eq!(
            cbs_signal(
                "Error CSI (F) Failed execution of queue item Installer: Generic Command ([80070020]) [HRESULT = 0x80070020 - ERROR_SHARING_VIOLATION]"
            ),
            Some("sharing_violation")
        );
    }

    #[test]
    fn pending_xml_names_the_folders_it_stages() {
        let x = r#"<HardlinkFile source="\SystemRoot\WinSxS\amd64_microsoft-windows-csrss_31bf3856ad364e35_10.0.19041.3803_none_0123456789abcdef\csrss.exe" destination="\SystemRoot\System32\csrss.exe"/><DeleteFile path="\SystemRoot\WinSxS\Temp\x"/> \WinSxS\"#;
        let s = staged_folders(x);
        assert!(s.contains(
            "amd64_microsoft-windows-csrss_31bf3856ad364e35_10.0.19041.3803_none_0123456789abcdef"
        ));
        assert!(s.contains("temp"));
        assert_eq!(s.len(), 2);
    }

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
