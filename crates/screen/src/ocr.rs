//! Screenshot → [`Finding`] with Tesseract (cargo feature `ocr`).
//!
//! One pass in English; when the text turns out to be Swedish or Spanish, a
//! second pass with that language's data (accents, words), and the better
//! reading is kept. Screens with no text (Windows logo, blank) are told by
//! their colours.
//!
//! Speed: libtesseract's OpenMP threads oversubscribe a small, busy machine
//! (measured 3.6 s instead of 0.55 s on a boot manager screen with 2 cores
//! under load). Run with `OMP_THREAD_LIMIT=1` in the environment; it must be
//! set before the process starts (libgomp reads it when it is loaded), see
//! [`omp_thread_limit_set`].

use std::time::Instant;

use serde::Serialize;

use crate::detect::ImageFormat;
use crate::error::ScreenError;
use crate::finding::{Finding, Language, ScreenKind};
use crate::parse::{OcrLine, OcrWord};
use crate::prep::{self, ImageStats};

/// How the screenshot was read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OcrInfo {
    /// "tesseract".
    pub engine: &'static str,
    /// Tesseract's version, when built with the `ocr` feature.
    pub engine_version: Option<String>,
    /// Languages of the passes made (eng, then swe or spa).
    pub languages: Vec<&'static str>,
    /// The language whose pass was kept.
    pub kept: Option<&'static str>,
    /// Tesseract's mean word confidence of the kept pass (0–100).
    pub mean_confidence: i32,
    /// Scale factor applied before OCR.
    pub scale: u32,
    /// QR codes, logos and icons blanked before OCR.
    pub blocks_masked: usize,
    /// Colour statistics (for the screens without text).
    pub stats: ImageStats,
    /// Languages whose data was missing (their pass was skipped).
    pub missing_languages: Vec<&'static str>,
    /// Wall time of decoding, preprocessing and OCR, in milliseconds.
    pub millis: u64,
}

/// A screenshot's reading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScreenshotReading {
    /// PNG, JPEG or BMP.
    pub format: ImageFormat,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// What the screen shows.
    pub finding: Finding,
    /// How it was read.
    pub ocr: OcrInfo,
}

/// Whether `OMP_THREAD_LIMIT=1` is set (see the module documentation).
pub fn omp_thread_limit_set() -> bool {
    std::env::var("OMP_THREAD_LIMIT").is_ok_and(|v| v.trim() == "1")
}

/// Whether this build can read screenshots (built with the `ocr` feature).
pub const OCR_BUILT: bool = cfg!(feature = "ocr");

/// Whether Tesseract starts with this language's data (eng, swe, spa).
pub fn language_available(lang: Language) -> bool {
    #[cfg(feature = "ocr")]
    {
        tesseract::Tesseract::new(None, Some(lang.tesseract())).is_ok()
    }
    #[cfg(not(feature = "ocr"))]
    {
        let _ = lang;
        false
    }
}

/// Reads a screenshot: decode, preprocess, OCR, parse.
///
/// Without the `ocr` feature the image is still decoded (a corrupt file gets
/// its error) and then [`ScreenError::OcrNotBuilt`] is returned.
pub fn read_screenshot(
    bytes: &[u8],
    format: ImageFormat,
) -> Result<ScreenshotReading, ScreenError> {
    let t0 = Instant::now();
    let decoded = prep::decode(bytes, format)?;
    if !OCR_BUILT {
        return Err(ScreenError::OcrNotBuilt);
    }
    let (width, height) = decoded.rgb.dimensions();
    let stats = prep::stats(&decoded.rgb);
    let prepared = prep::prepare(&decoded.rgb);
    let passes = recognize_passes(&prepared)?;
    let mut info = OcrInfo {
        engine: "tesseract",
        engine_version: engine_version(),
        languages: passes.languages.clone(),
        kept: None,
        mean_confidence: 0,
        scale: prepared.scale,
        blocks_masked: prepared.blocks_masked,
        stats,
        missing_languages: passes.missing.clone(),
        millis: 0,
    };
    let mut finding = match passes.best {
        Some((lang, conf, f)) => {
            info.kept = Some(lang);
            info.mean_confidence = conf;
            f
        }
        None => Finding::unknown(String::new()),
    };
    // A stop screen whose code did not read as a known code: read it again at
    // the other scales, and keep a reading only if it gives a known code.
    if finding.stop_code.is_none() && finding.stop_code_unreadable.is_some() {
        for scale in [
            prepared.scale + 1,
            prepared.scale.saturating_sub(1),
            prepared.scale + 2,
        ] {
            if scale == 0 || scale == prepared.scale {
                continue;
            }
            let again = prep::prepare_at(&decoded.rgb, scale);
            if again.scale == prepared.scale {
                continue;
            }
            let Ok(p) = recognize_passes(&again) else {
                continue;
            };
            let Some((lang, conf, f)) = p.best else {
                continue;
            };
            if f.stop_code.is_some() {
                info.kept = Some(lang);
                info.mean_confidence = conf;
                info.scale = again.scale;
                finding = f;
                break;
            }
            // Two reads at different scales that each repair to the same
            // known code are independent evidence for it, even when
            // Tesseract scores hex digits low.
            if let (Some(a), Some(b)) = (finding.low_confidence_code, f.low_confidence_code)
                && a == b
            {
                finding.stop_code = Some(a);
                // A name on screen has letters and underscores; a code is hex.
                let named = finding.stop_code_unreadable.as_deref().is_some_and(|t| {
                    t.contains('_') || t.chars().filter(|c| c.is_ascii_alphabetic()).count() > 8
                });
                finding.stop_code_source = Some(if named {
                    crate::CodeSource::FromName
                } else {
                    crate::CodeSource::OnScreen
                });
                finding.stop_name = crate::names::bugcheck_name(a)
                    .or_else(|| crate::names::ntstatus_name(a))
                    .map(str::to_string);
                finding.stop_code_unreadable = None;
                finding.agreeing_reads = Some(2);
                finding.kb = crate::kb::lookup(&finding);
                break;
            }
        }
    }
    if finding.screen == ScreenKind::Unknown && finding.code().is_none() {
        let text = std::mem::take(&mut finding.evidence.text);
        if stats.looks_like_windows_logo() {
            finding = Finding::new(ScreenKind::WindowsLogo, text);
            finding.confidence = 0.7;
            finding.kb = crate::kb::lookup(&finding);
        } else if stats.looks_blank() {
            finding = Finding::new(ScreenKind::Blank, text);
            finding.confidence = 0.9;
        } else {
            finding.evidence.text = text;
        }
    }
    info.millis = t0.elapsed().as_millis() as u64;
    Ok(ScreenshotReading {
        format,
        width,
        height,
        finding,
        ocr: info,
    })
}

struct Passes {
    languages: Vec<&'static str>,
    missing: Vec<&'static str>,
    /// Language, Tesseract's mean confidence, the finding.
    best: Option<(&'static str, i32, Finding)>,
}

#[cfg(feature = "ocr")]
/// Orders readings: a known screen, then one with a code, then confidence.
fn better(a: &Finding, b: &Finding) -> bool {
    let key = |f: &Finding| {
        (
            f.screen != ScreenKind::Unknown,
            f.code().is_some(),
            (f.confidence * 1000.0) as i32,
        )
    };
    key(a) > key(b)
}

#[cfg(feature = "ocr")]
fn recognize_passes(p: &prep::Prepared) -> Result<Passes, ScreenError> {
    let mut out = Passes {
        languages: vec!["eng"],
        missing: Vec::new(),
        best: None,
    };
    let (text, conf, lines) = recognize(p, "eng")?;
    let f = scored(crate::parse::parse_ocr_text(&text, &lines), conf);
    let second = match f.language {
        Some(l @ (Language::Sv | Language::Es)) => Some(l),
        _ => None,
    };
    out.best = Some(("eng", conf, f));
    if let Some(lang) = second {
        let name = lang.tesseract();
        match recognize(p, name) {
            Ok((text, conf, lines)) => {
                out.languages.push(name);
                let f2 = scored(crate::parse::parse_ocr_text(&text, &lines), conf);
                if out.best.as_ref().is_none_or(|(_, _, f1)| better(&f2, f1)) {
                    out.best = Some((name, conf, f2));
                }
            }
            Err(ScreenError::OcrUnavailable { .. }) => out.missing.push(name),
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

#[cfg(not(feature = "ocr"))]
fn recognize_passes(_p: &prep::Prepared) -> Result<Passes, ScreenError> {
    Err(ScreenError::OcrNotBuilt)
}

/// The parser's confidence weighed by Tesseract's (0.6 at conf 0, 1.0 at 100).
#[cfg(feature = "ocr")]
fn scored(mut f: Finding, conf: i32) -> Finding {
    let w = 0.6 + 0.4 * (conf.clamp(0, 100) as f32 / 100.0);
    f.confidence = ((f.confidence * w) * 100.0).round() / 100.0;
    f
}

#[cfg(feature = "ocr")]
#[allow(clippy::type_complexity)]
fn recognize(
    p: &prep::Prepared,
    lang: &str,
) -> Result<(String, i32, Vec<Option<OcrLine>>), ScreenError> {
    let unavailable = |e: &dyn std::fmt::Display| ScreenError::OcrUnavailable {
        lang: lang.to_string(),
        reason: e.to_string(),
    };
    let failed = |e: &dyn std::fmt::Display| ScreenError::OcrFailed {
        reason: e.to_string(),
    };
    let (w, h) = p.gray.dimensions();
    let (wi, hi) = (
        i32::try_from(w).map_err(|e| failed(&e))?,
        i32::try_from(h).map_err(|e| failed(&e))?,
    );
    let mut t = tesseract::Tesseract::new(None, Some(lang)).map_err(|e| unavailable(&e))?;
    // Polarity is already normalised: no second, inverted pass per line.
    t = t
        .set_variable("tessedit_do_invert", "0")
        .map_err(|e| failed(&e))?;
    #[cfg(unix)]
    {
        t = t
            .set_variable("debug_file", "/dev/null")
            .map_err(|e| failed(&e))?;
    }
    t = t
        .set_frame(p.gray.as_raw(), wi, hi, 1, wi)
        .map_err(|e| failed(&e))?;
    // Screenshots are ~96 dpi before scaling.
    t = t.set_source_resolution(96 * p.scale as i32);
    let mut t = t.recognize().map_err(|e| failed(&e))?;
    let text = t.get_text().map_err(|e| failed(&e))?;
    let conf = t.mean_text_conf();
    // Word confidences (TSV, from the same recognition): none is no reason to fail.
    let tsv = t.get_tsv_text(0).unwrap_or_default();
    let lines = line_words(&text, &tsv);
    Ok((text, conf, lines))
}

/// The words and confidences of each line of `text` (Tesseract's text
/// output), from its TSV output of the same recognition: `out[i]` is line
/// `i + 1`. Lines are matched in order by their words; a line that matches no
/// TSV line gets `None`.
#[cfg_attr(not(feature = "ocr"), allow(dead_code))]
pub(crate) fn line_words(text: &str, tsv: &str) -> Vec<Option<OcrLine>> {
    // TSV: level page block par line word left top width height conf text.
    let mut tsv_lines: Vec<((u32, u32, u32, u32), OcrLine)> = Vec::new();
    for row in tsv.lines() {
        let cols: Vec<&str> = row.splitn(12, '\t').collect();
        if cols.len() < 12 || cols[0] != "5" {
            continue;
        }
        let num = |i: usize| cols[i].trim().parse::<u32>().unwrap_or(0);
        let key = (num(1), num(2), num(3), num(4));
        let Ok(conf) = cols[10].trim().parse::<f32>() else {
            continue;
        };
        let word = cols[11].trim();
        if word.is_empty() || conf < 0.0 {
            continue;
        }
        let w = OcrWord {
            text: word.to_string(),
            confidence: conf.clamp(0.0, 100.0),
        };
        match tsv_lines.last_mut() {
            Some((k, l)) if *k == key => l.words.push(w),
            _ => tsv_lines.push((key, OcrLine { words: vec![w] })),
        }
    }
    let joined: Vec<String> = tsv_lines
        .iter()
        .map(|(_, l)| {
            l.words
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let mut next = 0usize;
    let mut out = Vec::new();
    for line in text.lines() {
        let norm = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if norm.is_empty() {
            out.push(None);
            continue;
        }
        match (next..joined.len()).find(|&j| joined[j] == norm) {
            Some(j) => {
                out.push(Some(tsv_lines[j].1.clone()));
                next = j + 1;
            }
            None => out.push(None),
        }
    }
    out
}

fn engine_version() -> Option<String> {
    #[cfg(feature = "ocr")]
    {
        Some(
            tesseract::plumbing::version()
                .to_string_lossy()
                .into_owned(),
        )
    }
    #[cfg(not(feature = "ocr"))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_words_follow_the_text_lines() {
        let text = "Your PC ran into a problem\n\nStop code: CRITICAL PROCESS DIED\nnot in tsv\n";
        let row = |b: u32, l: u32, w: u32, conf: &str, word: &str| {
            format!("5\t1\t{b}\t1\t{l}\t{w}\t0\t0\t10\t10\t{conf}\t{word}\n")
        };
        let mut tsv = String::from(
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n",
        );
        tsv.push_str("4\t1\t1\t1\t1\t0\t0\t0\t10\t10\t-1\t\n");
        for (i, w) in ["Your", "PC", "ran", "into", "a", "problem"]
            .iter()
            .enumerate()
        {
            tsv.push_str(&row(1, 1, i as u32 + 1, "96.5", w));
        }
        tsv.push_str(&row(2, 1, 1, "90", "Stop"));
        tsv.push_str(&row(2, 1, 2, "90", "code:"));
        tsv.push_str(&row(2, 1, 3, "40.25", "CRITICAL"));
        tsv.push_str(&row(2, 1, 4, "-1", " "));
        tsv.push_str(&row(2, 1, 5, "60", "PROCESS"));
        tsv.push_str(&row(2, 1, 6, "80", "DIED"));
        let lines = line_words(text, &tsv);
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0].as_ref().map(|l| l.words.len()), Some(6));
        assert!(lines[1].is_none());
        let stop = lines[2].as_ref().unwrap();
        assert_eq!(stop.words.len(), 5);
        assert_eq!(stop.words[2].confidence, 40.25);
        assert!(lines[3].is_none());
        // Garbage TSV: nothing, no panic.
        assert!(line_words(text, "5\tx\n\t\t\t").iter().all(Option::is_none));
    }
}
