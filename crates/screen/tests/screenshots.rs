//! Screenshots read with Tesseract (cargo feature `ocr`).
//!
//! - Every real boot-diagnostics screenshot in ../shared/fixtures/screenshots
//!   gives the screen kind and code its PROVENANCE.md entry names.
//! - Swedish and Spanish stop screens, and an English Windows 11 one, are
//!   SYNTHETIC: rendered here with DejaVu Sans (Debian fonts-dejavu-core) at the
//!   size and colours of an Azure boot-diagnostics screenshot, with a QR-code-like
//!   block beside the small text, in the wording of Windows' localized screens.
//!
//! The tests skip, saying what is missing, when Tesseract's language data,
//! the fixtures or the font are not installed. Tesseract is slow with its
//! OpenMP threads on a busy machine: run with OMP_THREAD_LIMIT=1.
#![cfg(feature = "ocr")]

use std::io::Cursor;
use std::path::PathBuf;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use image::{Rgb, RgbImage};
use vmrescue_screen::{
    CodeSource, Finding, KbId, Language, ScreenKind, language_available, read_bytes,
    read_screenshot,
};

fn languages_or_skip(langs: &[Language]) -> bool {
    let missing: Vec<&str> = langs
        .iter()
        .filter(|l| !language_available(**l))
        .map(|l| l.tesseract())
        .collect();
    if missing.is_empty() {
        return true;
    }
    vmrescue_testkit::skip(format!(
        "Tesseract cannot start with {missing:?}; install the Debian packages \
         tesseract-ocr-eng tesseract-ocr-swe tesseract-ocr-spa (scripts/test.sh does)"
    ));
    false
}

struct Want {
    file: &'static str,
    screen: ScreenKind,
    stop: Option<u32>,
    status: Option<u32>,
    file_on_screen: Option<&'static str>,
    kb: Option<KbId>,
    /// The code is shown but too garbled to use: reported unreadable with
    /// the text seen (never a guessed code).
    unreadable: bool,
}

const fn want(
    file: &'static str,
    screen: ScreenKind,
    stop: Option<u32>,
    status: Option<u32>,
    file_on_screen: Option<&'static str>,
    kb: Option<KbId>,
) -> Want {
    Want {
        file,
        screen,
        stop,
        status,
        file_on_screen,
        kb,
        unreadable: false,
    }
}

/// What each fixture shows, from shared/fixtures/PROVENANCE.md.
const REAL: &[Want] = &[
    want(
        "azure-vm__azure-vm-cannot-rdp-driver-irql-not-less-equal__1-error.png",
        ScreenKind::StopScreen,
        Some(0xD1),
        None,
        Some("myfault.sys"),
        None,
    ),
    want(
        "azure-vm__disk-read-error-occurred__1.png",
        ScreenKind::DiskReadError,
        None,
        None,
        None,
        None,
    ),
    want(
        "azure-vm__error-code-0xC0000102-status-file-corrupt__error-code-0xC0000102-status-file-corrupt-1.png",
        ScreenKind::RecoveryError,
        None,
        Some(0xC000_0102),
        Some("\\Windows\\System32\\drivers\\atapi.sys"),
        Some(KbId::FileCorrupt),
    ),
    want(
        "azure-vm__troubleshoot-guide-windows-boot-manager-menu__1.jpg",
        ScreenKind::BootManagerMenu,
        None,
        None,
        None,
        None,
    ),
    want(
        "azure-vm__troubleshoot-reboot-loop__start-screen-1.png",
        ScreenKind::WindowsLogo,
        None,
        None,
        None,
        Some(KbId::RebootLoop),
    ),
    want(
        "azure-vm__troubleshoot-vm-configure-update-boot__message2.png",
        ScreenKind::GettingWindowsReady,
        None,
        None,
        None,
        Some(KbId::UpdateHang),
    ),
    want(
        "azure-vm__troubleshoot-windows-stop-error__1.png",
        ScreenKind::BootManagerError,
        None,
        Some(0xC000_0017),
        Some("\\windows\\system32\\winload.exe"),
        Some(KbId::NoMemory),
    ),
    want(
        "azure-vm__troubleshoot-windows-stop-error__2.png",
        ScreenKind::RecoveryError,
        None,
        Some(0xC000_0017),
        None,
        Some(KbId::NoMemory),
    ),
    want(
        "azure-vm__windows-boot-error-invalid-image-hash__1-cannot-verify-signature.png",
        ScreenKind::BootManagerError,
        None,
        Some(0xC000_0428),
        Some("\\windows\\system32\\boot\\winload.exe"),
        Some(KbId::InvalidImageHash),
    ),
    want(
        "azure-vm__windows-could-not-configure-system__1-windows-error-configure.png",
        ScreenKind::SetupFailed,
        None,
        None,
        None,
        None,
    ),
    want(
        "azure-vm__windows-stop-error-bad-system-config-info__stop-code-0x00000074.png",
        ScreenKind::StopScreen,
        Some(0x74),
        None,
        None,
        Some(KbId::HiveCorruption),
    ),
    want(
        "azure-vm__windows-stop-error-hardware-malfunction__windows-stop-error-hardware-malfunction-1.png",
        ScreenKind::HardwareMalfunction,
        Some(0x80),
        None,
        None,
        Some(KbId::NmiHardwareMalfunction),
    ),
    // The code is small: Tesseract scores "OxcOO00021a" low (word confidence
    // ~14), but two reads at different scales repair to the same known code.
    want(
        "azure-vm__windows-stop-error-system-process-terminated__1-pc-problem-restart.png",
        ScreenKind::StopScreen,
        Some(0xC000_021A),
        None,
        None,
        Some(KbId::SystemProcessTerminated),
    ),
    want(
        "azure-vm__windows-stop-error-system-thread-exception-not-handled__windows-stop-error-system-thread-exception-not-handled-1.png",
        ScreenKind::StopScreen,
        Some(0x7E),
        None,
        None,
        None,
    ),
];

fn check(what: &str, f: &Finding, w: &Want) {
    assert_eq!(f.screen, w.screen, "{what}: {:#?}", f.evidence);
    assert_eq!(
        f.stop_code_unreadable.is_some(),
        w.unreadable,
        "{what}: {:?} {:#?}",
        f.stop_code_unreadable,
        f.evidence
    );
    // Every used code rests on words read with enough confidence, or on two
    // reads at different scales that agree on a known code.
    if f.stop_code.is_some()
        && f.stop_code_source != Some(CodeSource::Implied)
        && f.agreeing_reads.is_none()
    {
        let c = f.stop_code_confidence.expect("OCR confidence of the code");
        assert!(c >= vmrescue_screen::MIN_CODE_CONFIDENCE, "{what}: {c}");
    }
    // The OCR confidence is carried for every screen with text.
    if !f.evidence.lines.is_empty() {
        assert!(
            f.ocr_confidence.is_some_and(|c| (0.0..=100.0).contains(&c)),
            "{what}: {:?}",
            f.ocr_confidence
        );
    }
    assert_eq!(f.stop_code, w.stop, "{what}: {:#?}", f.evidence);
    assert_eq!(f.status, w.status, "{what}: {:#?}", f.evidence);
    if let Some(file) = w.file_on_screen {
        assert_eq!(f.file.as_deref(), Some(file), "{what}");
    }
    assert_eq!(f.kb, w.kb, "{what}");
    assert!(f.confidence >= 0.5, "{what}: confidence {}", f.confidence);
}

#[test]
fn every_real_screenshot_is_read_correctly() {
    if !languages_or_skip(&[Language::En]) {
        return;
    }
    let dir = vmrescue_testkit::vendored_dir().join("screenshots");
    let on_disk = std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
    assert_eq!(
        on_disk,
        REAL.len(),
        "a screenshot was added: give it an expectation"
    );
    for w in REAL {
        let path: PathBuf = dir.join(w.file);
        let bytes = std::fs::read(&path).unwrap();
        let r = match read_bytes(&bytes).unwrap() {
            vmrescue_screen::Reading::Screenshot(s) => s,
            other => panic!("{}: {other:?}", w.file),
        };
        eprintln!(
            "{:5} ms  {:?} stop={:?} status={:?} conf={} ocr={:?} code_ocr={:?} unreadable={:?}  {}",
            r.ocr.millis,
            r.finding.screen,
            r.finding.stop_code,
            r.finding.status,
            r.finding.confidence,
            r.finding.ocr_confidence,
            r.finding.stop_code_confidence,
            r.finding.stop_code_unreadable,
            w.file
        );
        for l in &r.finding.evidence.lines {
            eprintln!("        {:>3} {:?} {}", l.line, l.confidence, l.text);
        }
        check(w.file, &r.finding, w);
        assert_eq!(r.ocr.engine, "tesseract");
    }
}

#[test]
fn names_on_real_stop_screens_map_back_to_their_codes() {
    if !languages_or_skip(&[Language::En]) {
        return;
    }
    let dir = vmrescue_testkit::vendored_dir();
    let bytes = std::fs::read(dir.join("screenshots").join(REAL[10].file)).unwrap();
    let r = read_screenshot(&bytes, vmrescue_screen::ImageFormat::Png).unwrap();
    assert_eq!(r.finding.stop_code_source, Some(CodeSource::FromName));
    assert_eq!(
        r.finding.stop_name.as_deref(),
        Some("BAD_SYSTEM_CONFIG_INFO")
    );
    assert!(
        r.finding
            .stop_name_on_screen
            .as_deref()
            .unwrap()
            .starts_with("BAD_SYS")
    );
    assert_eq!(r.finding.language, Some(Language::En));
    assert!(r.finding.evidence.text.contains("ran into a problem"));
}

// ---- Synthetic localized screens ------------------------------------------

const FONT: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/// Draws `lines` (text, pixel height, x, baseline y) on a `w`×`h` screen.
fn render(
    lines: &[(&str, f32, u32, u32)],
    w: u32,
    h: u32,
    bg: [u8; 3],
    qr_at: Option<(u32, u32)>,
) -> Option<Vec<u8>> {
    let Ok(data) = std::fs::read(FONT) else {
        vmrescue_testkit::skip(format!(
            "{FONT} is missing (Debian package fonts-dejavu-core)"
        ));
        return None;
    };
    let font = FontRef::try_from_slice(&data).ok()?;
    let mut img = RgbImage::from_pixel(w, h, Rgb(bg));
    for &(text, px, x0, base) in lines {
        let scale = PxScale::from(px);
        let sf = font.as_scaled(scale);
        let mut x = x0 as f32;
        let mut prev = None;
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(p) = prev {
                x += sf.kern(p, id);
            }
            let glyph = id.with_scale_and_position(scale, point(x, base as f32));
            if let Some(o) = font.outline_glyph(glyph) {
                let b = o.px_bounds();
                o.draw(|gx, gy, cov| {
                    let (px_, py_) = (b.min.x as i32 + gx as i32, b.min.y as i32 + gy as i32);
                    if px_ >= 0 && py_ >= 0 && (px_ as u32) < w && (py_ as u32) < h {
                        let p = img.get_pixel_mut(px_ as u32, py_ as u32);
                        for k in 0..3 {
                            p.0[k] = (p.0[k] as f32 * (1.0 - cov) + 255.0 * cov) as u8;
                        }
                    }
                });
            }
            x += sf.h_advance(id);
            prev = Some(id);
        }
    }
    // A QR-code-like block: 25×25 modules of 2 px, white quiet zone, pseudo-random.
    if let Some((qx, qy)) = qr_at {
        let mut seed = 0x2545_F491u32;
        for my in 0..29 {
            for mx in 0..29 {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                let inner = (2..27).contains(&mx) && (2..27).contains(&my);
                let dark = inner && seed & 1 == 1;
                let c = if dark { [0, 0, 0] } else { [255, 255, 255] };
                for dy in 0..2 {
                    for dx in 0..2 {
                        img.put_pixel(qx + mx * 2 + dx, qy + my * 2 + dy, Rgb(c));
                    }
                }
            }
        }
    }
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).ok()?;
    Some(out.into_inner())
}

const BLUE: [u8; 3] = [0, 120, 215];

/// A Windows 10-style stop screen at Azure's small screenshot size.
fn win10(big: &[&str], progress: &str, small: &[&str], bg: [u8; 3]) -> Option<Vec<u8>> {
    let mut lines: Vec<(&str, f32, u32, u32)> = Vec::new();
    let mut y = 60;
    for l in big {
        lines.push((l, 17.0, 40, y));
        y += 22;
    }
    y += 6;
    if !progress.is_empty() {
        lines.push((progress, 17.0, 40, y));
        y += 30;
    }
    let qr_y = y - 8;
    for l in small {
        lines.push((l, 10.0, 112, y));
        y += 15;
    }
    render(&lines, 640, y + 30, bg, Some((40, qr_y)))
}

/// A Windows 8-style stop screen (no QR code, the code in the last line).
fn win8(big: &[&str], small: &str) -> Option<Vec<u8>> {
    let mut lines: Vec<(&str, f32, u32, u32)> = Vec::new();
    let mut y = 70;
    for l in big {
        lines.push((l, 17.0, 40, y));
        y += 22;
    }
    lines.push((small, 10.0, 40, y + 20));
    render(&lines, 620, y + 50, [16, 113, 170], None)
}

fn read(png: &[u8]) -> vmrescue_screen::ScreenshotReading {
    read_screenshot(png, vmrescue_screen::ImageFormat::Png).expect("read")
}

#[test]
fn swedish_stop_screens() {
    if !languages_or_skip(&[Language::En, Language::Sv]) {
        return;
    }
    // SYNTHETIC: Windows 10 wording in Swedish, stop code as a name.
    let Some(png) = win10(
        &[
            "Datorn stötte på ett problem och måste startas om. Vi samlar bara in",
            "lite felinformation och sedan startar vi om åt dig.",
        ],
        "20 % klart",
        &[
            "Mer information om problemet och möjliga lösningar finns på https://www.windows.com/stopcode",
            "Om du ringer en supporttekniker kan du ge dem den här informationen:",
            "Stoppkod: CRITICAL PROCESS DIED",
        ],
        BLUE,
    ) else {
        return;
    };
    let r = read(&png);
    let f = &r.finding;
    assert_eq!(f.screen, ScreenKind::StopScreen, "{:#?}", f.evidence);
    assert_eq!(f.language, Some(Language::Sv));
    assert_eq!(f.stop_code, Some(0xEF), "{:#?}", f.evidence);
    assert_eq!(f.kb, Some(KbId::CriticalProcessDied));
    assert_eq!(
        r.ocr.languages,
        vec!["eng", "swe"],
        "a Swedish pass is made"
    );
    assert!(r.ocr.blocks_masked >= 1, "the QR-like block is blanked");

    // SYNTHETIC: Windows 8 wording in Swedish, stop code in hex.
    let Some(png) = win8(
        &[
            "Datorn stötte på ett problem och måste startas om. Vi samlar bara in",
            "lite felinformation och sedan startar vi om åt dig. (0 % klart)",
        ],
        "Om du vill veta mer kan du söka online senare efter det här felet: 0xc000021a",
    ) else {
        return;
    };
    let f = read(&png).finding;
    assert_eq!(f.screen, ScreenKind::StopScreen, "{:#?}", f.evidence);
    assert_eq!(f.language, Some(Language::Sv));
    assert_eq!(f.stop_code, Some(0xC000_021A), "{:#?}", f.evidence);
    assert_eq!(f.kb, Some(KbId::SystemProcessTerminated));
}

#[test]
fn spanish_stop_screens() {
    if !languages_or_skip(&[Language::En, Language::Es]) {
        return;
    }
    // SYNTHETIC: Windows 10 wording in Spanish, stop code as a name.
    let Some(png) = win10(
        &[
            "Tu PC tuvo un problema y necesita reiniciarse. Solo estamos recopilando",
            "información sobre el error y, a continuación, se reiniciará automáticamente.",
        ],
        "20 % completado",
        &[
            "Para más información sobre este problema y posibles soluciones, visita https://www.windows.com/stopcode",
            "Si llamas a un técnico de soporte, dale esta información:",
            "Código de detención: INACCESSIBLE BOOT DEVICE",
        ],
        BLUE,
    ) else {
        return;
    };
    let r = read(&png);
    let f = &r.finding;
    assert_eq!(f.screen, ScreenKind::StopScreen, "{:#?}", f.evidence);
    assert_eq!(f.language, Some(Language::Es));
    assert_eq!(f.stop_code, Some(0x7B), "{:#?}", f.evidence);
    assert_eq!(f.kb, Some(KbId::InaccessibleBootDevice));
    assert_eq!(r.ocr.languages, vec!["eng", "spa"]);

    // SYNTHETIC: Windows 8 wording in Spanish, stop code as a name.
    let Some(png) = win8(
        &[
            "Se produjo un problema con su equipo y se debe reiniciar. Solo vamos a",
            "recopilar alguna información de error y, a continuación, lo reiniciaremos.",
        ],
        "Si desea más información, después puede buscar en línea este error: CRITICAL_SERVICE_FAILED",
    ) else {
        return;
    };
    let f = read(&png).finding;
    assert_eq!(f.screen, ScreenKind::StopScreen, "{:#?}", f.evidence);
    assert_eq!(f.language, Some(Language::Es));
    assert_eq!(f.stop_code, Some(0x5A), "{:#?}", f.evidence);
    assert_eq!(f.kb, Some(KbId::CriticalServiceFailed));
}

#[test]
fn windows_11_black_stop_screen() {
    if !languages_or_skip(&[Language::En]) {
        return;
    }
    // SYNTHETIC: Windows 11's black stop screen.
    let Some(png) = win10(
        &[
            "Your device ran into a problem and needs to restart. We're just",
            "collecting some error info, and then we'll restart for you.",
        ],
        "100% complete",
        &[
            "For more information about this issue and possible fixes, visit https://www.windows.com/stopcode",
            "If you call a support person, give them this info:",
            "Stop code: CRITICAL_PROCESS_DIED",
            "What failed: cng.sys",
        ],
        [0, 0, 0],
    ) else {
        return;
    };
    let f = read(&png).finding;
    assert_eq!(f.screen, ScreenKind::StopScreen, "{:#?}", f.evidence);
    assert_eq!(f.stop_code, Some(0xEF), "{:#?}", f.evidence);
    assert_eq!(f.file.as_deref(), Some("cng.sys"));
    assert_eq!(f.progress_percent, Some(100));
}

#[test]
fn a_blank_screen() {
    if !languages_or_skip(&[Language::En]) {
        return;
    }
    let img = RgbImage::from_pixel(320, 200, Rgb([0, 0, 0]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Bmp).unwrap();
    let r = match read_bytes(out.get_ref()).unwrap() {
        vmrescue_screen::Reading::Screenshot(s) => s,
        other => panic!("{other:?}"),
    };
    assert_eq!(r.format, vmrescue_screen::ImageFormat::Bmp);
    assert_eq!(r.finding.screen, ScreenKind::Blank);
}
