//! # vmrescue-screen
//!
//! Boot diagnostics without the disk: the stop code and boot failure read from
//! a console **screenshot** (PNG/JPEG/BMP, as Azure boot diagnostics or any
//! hypervisor console saves it) with Tesseract OCR, or from a **serial console
//! log** (SAC/EMS and boot manager text on COM1), and a **knowledge base** of
//! the sibling boot failures with how each is recognised, its causes and the
//! published steps (as Fluent message ids).
//!
//! - [`detect()`]: what an input is, by content.
//! - [`read_bytes`] / [`read_path`]: read an input whatever it is → [`Reading`].
//! - [`read_screenshot`]: a screenshot → [`ScreenshotReading`] (needs the
//!   `ocr` feature and Tesseract with its eng/swe/spa data; without it the image
//!   is decoded and [`ScreenError::OcrNotBuilt`] returned).
//! - [`parse_screen_text`]: OCR text → [`Finding`], no OCR needed (tests, fuzzing);
//!   [`parse_ocr_text`] the same with Tesseract's word confidences, so that a
//!   code read with low confidence is reported unreadable, never used.
//! - [`parse_serial_log`]: a serial log → [`SerialReading`].
//! - [`kb`]: the knowledge base ([`kb::lookup`] gives a finding's entry).
//!
//! Everything user-facing is a message id (`screen-…`, `kb-…` in
//! `crates/l10n/locales/*/main.ftl`) with arguments; JSON keys are English.
//!
//! Stop code names come from the crash-dump crate's generated bug check table
//! (`vmrescue_dump::tables`); a name on screen maps back to its code.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod detect;
pub mod error;
pub mod finding;
pub mod kb;
pub mod names;
mod ocr;
mod parse;
pub mod prep;
pub mod serial;
mod text;

use std::io::Read;
use std::path::Path;

use serde::Serialize;

pub use detect::{Detected, ImageFormat, detect};
pub use error::{NotRecognised, ScreenError};
pub use finding::{
    Category, CodeSource, Evidence, EvidenceLine, Finding, Language, ScreenKind, WaitingFor,
    codes_agree,
};
pub use kb::{KbEntry, KbId};
pub use ocr::{
    OCR_BUILT, OcrInfo, ScreenshotReading, language_available, omp_thread_limit_set,
    read_screenshot,
};
pub use parse::{
    MAX_EVIDENCE_CHARS, MAX_PARSE_CHARS, MIN_CODE_CONFIDENCE, OcrLine, OcrWord, parse_console_text,
    parse_ocr_text, parse_screen_text,
};
pub use serial::{SacInfo, SerialReading, clean_log, parse_serial_log};

/// Largest screenshot or serial log read (bytes).
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// What an input says.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "input", rename_all = "snake_case")]
pub enum Reading {
    /// A screenshot.
    Screenshot(Box<ScreenshotReading>),
    /// A serial console log.
    SerialLog(SerialReading),
}

impl Reading {
    /// The finding that matters most (the screenshot's, or the log's primary one).
    pub fn primary(&self) -> Option<&Finding> {
        match self {
            Self::Screenshot(s) => Some(&s.finding),
            Self::SerialLog(l) => l.primary(),
        }
    }

    /// Every finding, in order.
    pub fn findings(&self) -> Vec<&Finding> {
        match self {
            Self::Screenshot(s) => vec![&s.finding],
            Self::SerialLog(l) => l.findings.iter().collect(),
        }
    }
}

/// Reads an input of either kind, detected by content.
pub fn read_bytes(bytes: &[u8]) -> Result<Reading, ScreenError> {
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(ScreenError::TooLarge {
            size: bytes.len() as u64,
            max: MAX_INPUT_BYTES,
        });
    }
    match detect(bytes)? {
        Detected::Screenshot(format) => {
            read_screenshot(bytes, format).map(|r| Reading::Screenshot(Box::new(r)))
        }
        Detected::SerialLog => Ok(Reading::SerialLog(parse_serial_log(bytes))),
    }
}

/// Reads a file of either kind (at most [`MAX_INPUT_BYTES`]).
pub fn read_path(path: &Path) -> Result<Reading, ScreenError> {
    let io = |source| ScreenError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > MAX_INPUT_BYTES {
        return Err(ScreenError::TooLarge {
            size,
            max: MAX_INPUT_BYTES,
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    read_bytes(&bytes)
}
