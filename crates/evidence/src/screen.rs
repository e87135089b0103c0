//! Facts from a boot-diagnostics screenshot or a serial console log (read by
//! `vmrescue-screen`): the stop code it shows, or the boot manager, recovery,
//! update, hung-boot or "not a bootable disk" screen, with Tesseract's
//! confidence in the lines it rests on. A stop code the OCR read with low
//! confidence never becomes a `StopCode` fact: the screen reports it
//! unreadable, and it stays a `BootScreen` with the text seen.

use vmrescue_screen::{Finding, Reading, WaitingFor};

use crate::Evidence;
use crate::model::{FactKind, Provenance, StopOrigin};

fn kind_name(f: &Finding) -> String {
    serde_json::to_value(f.screen)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| format!("{:?}", f.screen))
}

fn lines(f: &Finding) -> Option<String> {
    let l: Vec<String> = f
        .evidence
        .lines
        .iter()
        .take(4)
        .map(|l| l.text.trim().to_string())
        .collect();
    (!l.is_empty()).then(|| l.join(" / "))
}

/// What a hung-boot screen waits for, in the words it shows.
fn waiting_for(w: &WaitingFor) -> Option<String> {
    match w {
        WaitingFor::Service { name, .. } | WaitingFor::Policy { name } => Some(name.clone()),
        WaitingFor::ComputerSettings => Some("computer settings".to_string()),
        WaitingFor::Unnamed => None,
    }
}

/// The stop code the user saw (`diagnose --stop-code`), as evidence of
/// origin "user": it is weighed after everything read from the disk, and a
/// disagreement with the disk is shown like one with a screenshot.
pub fn from_user(code: u32) -> Evidence {
    let mut ev = Evidence::default();
    ev.push(
        FactKind::StopCode {
            code,
            parameters: [0; 4],
            origin: StopOrigin::User,
            process: None,
            status: None,
            status_name: None,
            bucket_id: None,
        },
        Provenance::of("--stop-code"),
    );
    ev
}

/// Turns a screenshot or serial-log reading into evidence. `name` is the input's name.
pub fn from_reading(reading: &Reading, name: &str) -> Evidence {
    let mut ev = Evidence::default();
    let origin = match reading {
        Reading::Screenshot(_) => StopOrigin::Screenshot,
        Reading::SerialLog(_) => StopOrigin::SerialLog,
    };
    for f in reading.findings() {
        let locator = f.evidence.lines.first().map(|l| format!("line {}", l.line));
        let mut src = Provenance::of(name);
        if let Some(l) = locator {
            src = src.at(l);
        }
        if let Some(code) = f.stop_code {
            let mut params = [0u64; 4];
            for (d, s) in params.iter_mut().zip(&f.parameters) {
                *d = *s;
            }
            ev.push(
                FactKind::StopCode {
                    code,
                    parameters: params,
                    origin,
                    process: None,
                    status: f.status,
                    status_name: f.status_name.clone(),
                    bucket_id: None,
                },
                src.clone(),
            );
        }
        if f.stop_code.is_none() || f.status.is_some() || f.file.is_some() {
            ev.push(
                FactKind::BootScreen {
                    screen: kind_name(f),
                    status: f.status,
                    status_name: f.status_name.clone(),
                    file: f.file.clone(),
                    text: lines(f),
                    ocr_confidence: f.ocr_confidence,
                    waiting_for: f.waiting_for.as_ref().and_then(waiting_for),
                },
                src,
            );
        }
    }
    ev
}
