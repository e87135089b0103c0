//! Fuzz the boot-screen text parser (OCR text and console text), the serial
//! console log reader and input detection. No OCR: the image path is the
//! `image` crate's decoders, fuzzed upstream.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vmrescue_screen::{detect, kb, parse_console_text, parse_screen_text, parse_serial_log};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for f in [parse_screen_text(&text), parse_console_text(&text)] {
        assert!((0.0..=1.0).contains(&f.confidence));
        assert_eq!(f.kb, kb::lookup(&f));
    }
    let log = parse_serial_log(data);
    assert!(log.findings.len() <= vmrescue_screen::serial::MAX_FINDINGS);
    for f in &log.findings {
        assert!(f.evidence.lines.iter().all(|l| l.line >= 1 && l.line <= log.lines));
    }
    let _ = detect(data);
});
