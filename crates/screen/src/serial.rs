//! Serial console logs (COM1): what Azure's boot diagnostics serial log,
//! `virsh console` or a hypervisor's serial capture record of a Windows VM —
//! the Special Administration Console (SAC) and Emergency Management Services
//! (EMS) output, the boot manager's text redirected to the serial port, and
//! the stop error as EMS sends it: the `<INSTANCE CLASSNAME="BLUESCREEN">`
//! record with its STOPCODE, the "*** STOP: 0x… (…)" line with parameters, or
//! the "Your PC ran into a problem … Stop code:" text.
//!
//! The log is cleaned (terminal escape sequences, NUL/BEL padding, carriage
//! returns), cut into boots, and every group of failure lines becomes one
//! [`Finding`] (read by the same parser as screenshots, in exact mode), with
//! line numbers into the cleaned log.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::finding::{Category, EvidenceLine, Finding};
use crate::parse::{MAX_EVIDENCE_CHARS, Mode, parse_text};
use crate::text::fold;

/// Most findings kept from one log (the first half and the last half are kept).
pub const MAX_FINDINGS: usize = 1000;
/// Lines read before the first failure line of a group and after the last.
const BEFORE: usize = 6;
const AFTER: usize = 25;
/// Failure lines further apart than this start a new group.
const GAP: usize = 30;

/// SAC / EMS state seen in the log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SacInfo {
    /// "Computer is booting, SAC started and initialized." lines: kernel boots that got far enough to start SAC.
    pub banners: usize,
    /// A `SAC>` prompt was seen.
    pub prompt: bool,
    /// "EVENT: The CMD command is now available." was seen (the OS finished booting far enough for a command prompt).
    pub cmd_available: bool,
    /// "The SAC will become unavailable soon. The computer is shutting down." lines.
    pub shutdowns: usize,
}

/// What a serial console log says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SerialReading {
    /// Lines in the cleaned log.
    pub lines: usize,
    /// Boots seen: the largest of the counts of SAC banners, firmware banners
    /// ("SeaBIOS", "Booting from Hard Disk") and boot manager screens.
    pub boots: usize,
    /// SAC/EMS state.
    pub sac: SacInfo,
    /// The `<machine-info>` block EMS sends with a stop error record (name,
    /// os-product, os-build-number, …), from the last record in the log.
    pub machine_info: BTreeMap<String, String>,
    /// Every failure or waiting screen in the log, in order.
    pub findings: Vec<Finding>,
    /// Findings were dropped to stay within [`MAX_FINDINGS`].
    pub truncated: bool,
}

impl SerialReading {
    /// The finding that matters most: the last crash, else the last boot
    /// failure, else the last waiting screen.
    pub fn primary(&self) -> Option<&Finding> {
        [Category::Crash, Category::BootFailure, Category::Waiting]
            .into_iter()
            .find_map(|c| self.findings.iter().rev().find(|f| f.category == c))
    }

    /// The same failure (stop code or status) seen in more than one boot: a loop.
    pub fn repeated(&self) -> bool {
        let codes: Vec<u32> = self.findings.iter().filter_map(Finding::code).collect();
        codes
            .iter()
            .enumerate()
            .any(|(i, c)| codes[i + 1..].contains(c))
    }
}

/// Removes terminal escape sequences (a cursor move or screen clear becomes a
/// line break: EMS draws the boot manager's screen with them), NUL, BEL and
/// other control characters, and turns CR LF and lone CR into LF.
pub fn clean_log(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '\u{1b}' => match it.peek().copied() {
                Some('[') => {
                    it.next();
                    // CSI: parameters, then a final byte 0x40..=0x7E.
                    let mut fin = None;
                    for d in it.by_ref() {
                        if ('\u{40}'..='\u{7e}').contains(&d) {
                            fin = Some(d);
                            break;
                        }
                    }
                    if matches!(fin, Some('H' | 'f' | 'J' | 'E')) && !out.ends_with('\n') {
                        out.push('\n');
                    }
                }
                Some(']') => {
                    // OSC: up to BEL or ESC \.
                    it.next();
                    while let Some(d) = it.next() {
                        if d == '\u{7}' {
                            break;
                        }
                        if d == '\u{1b}' {
                            it.next();
                            break;
                        }
                    }
                }
                Some('(' | ')') => {
                    it.next();
                    it.next();
                }
                Some(_) => {
                    it.next();
                }
                None => {}
            },
            '\r' => {
                if it.peek() != Some(&'\n') && !out.ends_with('\n') {
                    out.push('\n');
                }
            }
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Phrases that start or continue a failure group (folded). The screen
/// phrases come from the text parser; these add what only a log has.
const TRIGGERS: &[&str] = &[
    "classname=\"bluescreen\"",
    "name=\"stopcode\"",
    "*** stop:",
    "stop: 0x",
    "stop: c0",
    "ran into a problem",
    "stop code",
    "stoppkod",
    "codigo de detencion",
    "hardware malfunction",
    "the system has halted",
    "windows failed to start",
    "status: 0x",
    "error code: 0x",
    "needs to be repaired",
    "choose an operating system to start",
    "bootmgr is missing",
    "bootmgr is compressed",
    "a disk read error occurred",
    "operating system wasn't found",
    "operating system not found",
    "missing operating system",
    "no bootable device",
    "getting windows ready",
    "working on updates",
    "configuring updates",
    "we couldn't complete the updates",
    "undoing changes",
    "this is not a bootable disk",
    "preparing automatic repair",
    "diagnosing your pc",
    "windows could not complete the installation",
    "could not finish configuring the system",
];

/// Lines that mark the start of a boot: a group never spans one (it may start on it).
fn boot_marker(folded: &str) -> bool {
    folded.contains("computer is booting, sac started")
        || folded.contains("seabios")
        || folded.contains("booting from hard disk")
        || folded.starts_with("windows boot manager")
}

/// Reads a serial console log (raw bytes as captured). Never panics.
pub fn parse_serial_log(bytes: &[u8]) -> SerialReading {
    let text = clean_log(bytes);
    let lines: Vec<&str> = text.lines().collect();
    let folded: Vec<String> = lines.iter().map(|l| fold(l)).collect();

    let mut sac = SacInfo::default();
    let (mut seabios, mut hdd, mut bootmgr) = (0usize, 0usize, 0usize);
    let mut markers = Vec::new();
    let mut triggers = Vec::new();
    for (i, f) in folded.iter().enumerate() {
        if f.contains("computer is booting, sac started") {
            sac.banners += 1;
        }
        if f.contains("sac>") {
            sac.prompt = true;
        }
        if f.contains("event: the cmd command is now available") {
            sac.cmd_available = true;
        }
        if f.contains("the sac will become unavailable soon") {
            sac.shutdowns += 1;
        }
        if boot_marker(f) {
            markers.push(i);
            if f.starts_with("windows boot manager") {
                bootmgr += 1;
            }
            if f.contains("seabios") {
                seabios += 1;
            }
            if f.contains("booting from hard disk") {
                hdd += 1;
            }
        }
        if TRIGGERS.iter().any(|t| f.contains(t)) {
            triggers.push(i);
        }
    }

    // Group failure lines: near each other and within one boot.
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for &t in &triggers {
        if let Some(last) = groups.last_mut() {
            let crosses = markers.iter().any(|&m| m > last.1 && m <= t);
            if t - last.1 <= GAP && !crosses {
                last.1 = t;
                continue;
            }
        }
        groups.push((t, t));
    }

    let boots = sac.banners.max(seabios).max(hdd).max(bootmgr);
    let mut truncated = false;
    if groups.len() > MAX_FINDINGS {
        truncated = true;
        let tail = groups.split_off(groups.len() - MAX_FINDINGS / 2);
        groups.truncate(MAX_FINDINGS / 2);
        groups.extend(tail);
    }

    let mut findings = Vec::new();
    for (first, last) in groups {
        // Window: a few lines before (not before the boot marker at or above
        // the first trigger) to some lines after (not into the next boot).
        let floor = markers
            .iter()
            .rev()
            .find(|&&m| m <= first)
            .copied()
            .unwrap_or(0);
        let start = first.saturating_sub(BEFORE).max(floor);
        let ceil = markers
            .iter()
            .find(|&&m| m > last)
            .copied()
            .unwrap_or(lines.len());
        let end = (last + AFTER + 1).min(ceil).min(lines.len());
        let window = lines[start..end].join("\n");
        let mut f = parse_text(&window, Mode::Exact);
        if f.screen == crate::ScreenKind::Unknown && f.code().is_none() {
            continue;
        }
        // Line numbers into the whole log; evidence text bounded.
        for EvidenceLine { line, .. } in &mut f.evidence.lines {
            *line += start;
        }
        if f.evidence.text.chars().count() > MAX_EVIDENCE_CHARS {
            f.evidence.text = f.evidence.text.chars().take(MAX_EVIDENCE_CHARS).collect();
        }
        findings.push(f);
    }

    SerialReading {
        lines: lines.len(),
        boots,
        sac,
        machine_info: machine_info(&lines),
        findings,
        truncated,
    }
}

/// `<tag>value</tag>` lines of the last `<machine-info>` block.
fn machine_info(lines: &[&str]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Some(start) = lines.iter().rposition(|l| l.contains("<machine-info>")) else {
        return out;
    };
    for l in lines[start..].iter().take(64) {
        let l = l.trim();
        if l.contains("</machine-info>") {
            break;
        }
        let l = l.trim_start_matches("<machine-info>");
        if let Some(rest) = l.strip_prefix('<')
            && let Some((tag, rest)) = rest.split_once('>')
            && let Some((value, _)) = rest.split_once("</")
            && !tag.is_empty()
            && tag.len() <= 64
            && tag
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && out.len() < 32
        {
            out.insert(tag.to_string(), value.chars().take(256).collect());
        }
    }
    out
}
