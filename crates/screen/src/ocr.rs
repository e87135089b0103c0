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
            if let Ok(p) = recognize_passes(&again)
                && let Some((lang, conf, f)) = p.best
                && f.stop_code.is_some()
            {
                info.kept = Some(lang);
                info.mean_confidence = conf;
                info.scale = again.scale;
                finding = f;
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
    let (text, conf) = recognize(p, "eng")?;
    let f = scored(crate::parse::parse_screen_text(&text), conf);
    let second = match f.language {
        Some(l @ (Language::Sv | Language::Es)) => Some(l),
        _ => None,
    };
    out.best = Some(("eng", conf, f));
    if let Some(lang) = second {
        let name = lang.tesseract();
        match recognize(p, name) {
            Ok((text, conf)) => {
                out.languages.push(name);
                let f2 = scored(crate::parse::parse_screen_text(&text), conf);
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
fn recognize(p: &prep::Prepared, lang: &str) -> Result<(String, i32), ScreenError> {
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
    Ok((text, conf))
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
