//! Hung-boot and "not a bootable disk" screenshots, read with Tesseract
//! (cargo feature `ocr`).
//!
//! PROVENANCE: every image here is SYNTHETIC, drawn at test time by the
//! [`Screen`] builder below with DejaVu Sans / DejaVu Sans Mono (Debian
//! fonts-dejavu-core); none is a real screenshot (the real fixtures hold no
//! hung-boot or not-bootable screen). They imitate what Azure boot
//! diagnostics shows, as in the screenshots of Microsoft's troubleshooting
//! articles:
//! - Windows 10 / Server 2016+ hung boot: a dark blue background, a ring of
//!   white dots (the spinner) and the white message centred below it, at
//!   800×600 or 1024×768;
//! - Windows Server 2012 R2 hung boot: the same on a darker, purple-blue
//!   background;
//! - the boot sector's "This is not a bootable disk" message: light grey
//!   BIOS text on black at the top left, in a monospaced font, 800×600.
//!
//! Also: an image of pixel noise and damaged PNGs end cleanly, never in a panic.
#![cfg(feature = "ocr")]

use std::io::Cursor;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use image::{Rgb, RgbImage};
use vmrescue_screen::{
    Category, Finding, KbId, Language, ScreenError, ScreenKind, WaitingFor, kb, language_available,
    read_bytes, read_screenshot,
};

const SANS: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const MONO: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";

fn english_or_skip() -> bool {
    if language_available(Language::En) {
        return true;
    }
    vmrescue_testkit::skip(
        "Tesseract cannot start with eng; install tesseract-ocr-eng (scripts/test.sh does)",
    );
    false
}

/// Which font a text is drawn in.
#[derive(Clone, Copy)]
enum Face {
    Sans,
    Mono,
}

/// Where a text starts.
#[derive(Clone, Copy)]
enum Place {
    /// Left edge at x.
    Left(u32),
    /// Centred on the screen.
    Centre,
}

enum Item {
    Text {
        text: String,
        face: Face,
        px: f32,
        place: Place,
        baseline: u32,
        colour: [u8; 3],
    },
    /// The Windows spinner: `dots` white dots on a circle of radius `r`.
    Spinner { cx: u32, cy: u32, r: f32, dots: u32 },
}

/// A synthetic screen, drawn by [`Screen::png`].
struct Screen {
    width: u32,
    height: u32,
    background: [u8; 3],
    items: Vec<Item>,
}

impl Screen {
    fn new(width: u32, height: u32, background: [u8; 3]) -> Self {
        Self {
            width,
            height,
            background,
            items: Vec::new(),
        }
    }

    fn text(mut self, text: &str, face: Face, px: f32, place: Place, baseline: u32) -> Self {
        self.items.push(Item::Text {
            text: text.to_string(),
            face,
            px,
            place,
            baseline,
            colour: [255, 255, 255],
        });
        self
    }

    fn grey_text(mut self, text: &str, px: f32, x: u32, baseline: u32) -> Self {
        self.items.push(Item::Text {
            text: text.to_string(),
            face: Face::Mono,
            px,
            place: Place::Left(x),
            baseline,
            colour: [170, 170, 170],
        });
        self
    }

    fn spinner(mut self, cx: u32, cy: u32, r: f32) -> Self {
        self.items.push(Item::Spinner { cx, cy, r, dots: 6 });
        self
    }

    /// The screen as PNG bytes; `None` (after a skip) without the fonts.
    fn png(&self) -> Option<Vec<u8>> {
        let load = |path: &str| match std::fs::read(path) {
            Ok(d) => Some(d),
            Err(_) => {
                vmrescue_testkit::skip(format!(
                    "{path} is missing (Debian package fonts-dejavu-core)"
                ));
                None
            }
        };
        let (sans, mono) = (load(SANS)?, load(MONO)?);
        let sans = FontRef::try_from_slice(&sans).ok()?;
        let mono = FontRef::try_from_slice(&mono).ok()?;
        let mut img = RgbImage::from_pixel(self.width, self.height, Rgb(self.background));
        for item in &self.items {
            match item {
                Item::Text {
                    text,
                    face,
                    px,
                    place,
                    baseline,
                    colour,
                } => {
                    let font = match face {
                        Face::Sans => &sans,
                        Face::Mono => &mono,
                    };
                    let x = match place {
                        Place::Left(x) => *x as f32,
                        Place::Centre => {
                            (self.width as f32 - text_width(font, text, *px)).max(0.0) / 2.0
                        }
                    };
                    draw_text(&mut img, font, text, *px, x, *baseline as f32, *colour);
                }
                Item::Spinner { cx, cy, r, dots } => {
                    for i in 0..*dots {
                        // A gap in the ring, as in the animation's frames.
                        let a = std::f32::consts::PI * (0.5 + 0.28 * i as f32);
                        let (x, y) = (*cx as f32 + r * a.cos(), *cy as f32 - r * a.sin());
                        dot(&mut img, x, y, 2.2);
                    }
                }
            }
        }
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).ok()?;
        Some(out.into_inner())
    }
}

fn text_width(font: &FontRef, text: &str, px: f32) -> f32 {
    let sf = font.as_scaled(PxScale::from(px));
    let mut w = 0.0;
    let mut prev = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            w += sf.kern(p, id);
        }
        w += sf.h_advance(id);
        prev = Some(id);
    }
    w
}

fn draw_text(
    img: &mut RgbImage,
    font: &FontRef,
    text: &str,
    px: f32,
    x0: f32,
    base: f32,
    colour: [u8; 3],
) {
    let (w, h) = img.dimensions();
    let scale = PxScale::from(px);
    let sf = font.as_scaled(scale);
    let mut x = x0;
    let mut prev = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            x += sf.kern(p, id);
        }
        let glyph = id.with_scale_and_position(scale, point(x, base));
        if let Some(o) = font.outline_glyph(glyph) {
            let b = o.px_bounds();
            o.draw(|gx, gy, cov| {
                let (px_, py_) = (b.min.x as i32 + gx as i32, b.min.y as i32 + gy as i32);
                if px_ >= 0 && py_ >= 0 && (px_ as u32) < w && (py_ as u32) < h {
                    let p = img.get_pixel_mut(px_ as u32, py_ as u32);
                    for (v, c) in p.0.iter_mut().zip(colour) {
                        *v = (*v as f32 * (1.0 - cov) + c as f32 * cov) as u8;
                    }
                }
            });
        }
        x += sf.h_advance(id);
        prev = Some(id);
    }
}

fn dot(img: &mut RgbImage, cx: f32, cy: f32, r: f32) {
    let (w, h) = img.dimensions();
    let (x0, x1) = ((cx - r).floor() as i32, (cx + r).ceil() as i32);
    let (y0, y1) = ((cy - r).floor() as i32, (cy + r).ceil() as i32);
    for y in y0..=y1 {
        for x in x0..=x1 {
            let d = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt();
            if d <= r && x >= 0 && y >= 0 && (x as u32) < w && (y as u32) < h {
                img.put_pixel(x as u32, y as u32, Rgb([255, 255, 255]));
            }
        }
    }
}

/// Windows 10 / Server 2016+ blue, and Server 2012 R2's darker purple-blue.
const WIN10_BLUE: [u8; 3] = [0, 90, 158];
const WIN2012_BLUE: [u8; 3] = [24, 0, 82];

/// A hung-boot screen: spinner, and the message centred below it.
fn hung_boot(message: &str, width: u32, height: u32, bg: [u8; 3]) -> Option<Vec<u8>> {
    let (cx, cy) = (width / 2, height / 2 - 10);
    Screen::new(width, height, bg)
        .spinner(cx, cy, 12.0)
        .text(message, Face::Sans, 22.0, Place::Centre, cy + 50)
        .png()
}

fn read(png: &[u8]) -> vmrescue_screen::ScreenshotReading {
    read_screenshot(png, vmrescue_screen::ImageFormat::Png).expect("read")
}

fn step_ids(f: &Finding) -> Vec<&'static str> {
    f.kb.map(|id| id.entry().steps.iter().map(|s| s.message).collect())
        .unwrap_or_default()
}

#[test]
fn hung_boot_screens_name_what_they_wait_for() {
    if !english_or_skip() {
        return;
    }
    let service = |name: &str, key: &'static str| WaitingFor::Service {
        name: name.to_string(),
        service: Some(key),
    };
    let cases: Vec<(&str, u32, u32, [u8; 3], WaitingFor)> = vec![
        (
            "Please wait for the Group Policy Client",
            1024,
            768,
            WIN10_BLUE,
            service("Group Policy Client", "gpsvc"),
        ),
        (
            "Please wait for the Local Session Manager",
            800,
            600,
            WIN2012_BLUE,
            service("Local Session Manager", "LSM"),
        ),
        (
            "Please wait for the User Profile Service",
            800,
            600,
            WIN10_BLUE,
            service("User Profile Service", "ProfSvc"),
        ),
        (
            "Applying computer settings",
            800,
            600,
            WIN2012_BLUE,
            WaitingFor::ComputerSettings,
        ),
        (
            "Applying Group Policy Local Users and Groups policy",
            1024,
            768,
            WIN2012_BLUE,
            WaitingFor::Policy {
                name: "Group Policy Local Users and Groups".into(),
            },
        ),
        (
            "Applying Group Policy Environment policy",
            800,
            600,
            WIN10_BLUE,
            WaitingFor::Policy {
                name: "Group Policy Environment".into(),
            },
        ),
    ];
    for (message, w, h, bg, waiting) in cases {
        let Some(png) = hung_boot(message, w, h, bg) else {
            return;
        };
        let r = read(&png);
        let f = &r.finding;
        assert_eq!((r.width, r.height), (w, h));
        assert_eq!(
            f.screen,
            ScreenKind::HungBoot,
            "{message}: {:#?}",
            f.evidence
        );
        assert_eq!(f.category, Category::Waiting);
        assert_eq!(f.waiting_for.as_ref(), Some(&waiting), "{message}");
        assert_eq!(f.kb, Some(KbId::HungBoot), "{message}");
        assert_eq!(f.stop_code, None);
        assert!(f.confidence >= 0.5, "{message}: {}", f.confidence);
        // The line it rests on, with Tesseract's confidence.
        let line = f
            .evidence
            .lines
            .iter()
            .find(|l| {
                l.text
                    .contains(message.split(' ').next_back().unwrap_or(""))
            })
            .unwrap_or_else(|| panic!("{message}: {:#?}", f.evidence));
        assert!(line.confidence.is_some_and(|c| c > 60.0), "{line:?}");
        assert!(f.ocr_confidence.is_some_and(|c| c > 60.0), "{message}");
        // The procedure: wait, memory dump, and the CleanupProfiles policy fix.
        let steps = step_ids(f);
        for id in [
            "kb-hung-boot-step-wait",
            "kb-hung-boot-step-delete-cleanup",
            "kb-step-collect-dump",
            "kb-step-send-nmi",
        ] {
            assert!(steps.contains(&id), "{message}: {steps:?}");
        }
        eprintln!(
            "{:5} ms  {:?} {:?} ocr={:?}",
            r.ocr.millis, f.screen, f.waiting_for, f.ocr_confidence
        );
    }
}

#[test]
fn not_a_bootable_disk() {
    if !english_or_skip() {
        return;
    }
    let Some(png) = Screen::new(800, 600, [0, 0, 0])
        .grey_text(
            "This is not a bootable disk.  Please insert a bootable floppy and",
            16.0,
            4,
            16,
        )
        .grey_text("press any key to try again ...", 16.0, 4, 32)
        .png()
    else {
        return;
    };
    let r = read(&png);
    let f = &r.finding;
    assert_eq!(f.screen, ScreenKind::NotBootable, "{:#?}", f.evidence);
    assert_eq!(f.category, Category::BootFailure);
    assert_eq!(f.kb, Some(KbId::NotBootable));
    assert_eq!(f.stop_code, None);
    assert!(f.ocr_confidence.is_some_and(|c| c > 60.0));
    let e = KbId::NotBootable.entry();
    let active = e
        .steps
        .iter()
        .find(|s| s.message == "kb-not-bootable-step-active")
        .expect("the set-active step");
    assert_eq!(active.command, Some("active"));
    assert!(e.steps.iter().any(|s| s.command == Some("chkdsk <os>: /f")));
    assert_eq!(
        kb::for_screen(ScreenKind::NotBootable).map(|e| e.id),
        Some(KbId::NotBootable)
    );
}

#[test]
fn noise_and_damaged_images_end_cleanly() {
    if !english_or_skip() {
        return;
    }
    // Pixel noise: decodes, reads as nothing with a code.
    let mut seed = 0x9E37_79B9u32;
    let img = RgbImage::from_fn(320, 240, |_, _| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        Rgb([seed as u8, (seed >> 8) as u8, (seed >> 16) as u8])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    let png = out.into_inner();
    let r = match read_bytes(&png).expect("noise decodes") {
        vmrescue_screen::Reading::Screenshot(s) => s,
        other => panic!("{other:?}"),
    };
    assert_eq!(r.finding.stop_code, None, "{:#?}", r.finding.evidence);
    // Damaged: the header kept, the data cut or scrambled.
    let Some(good) = hung_boot(
        "Please wait for the Group Policy Client",
        800,
        600,
        WIN10_BLUE,
    ) else {
        return;
    };
    let mut scrambled = good.clone();
    for (i, b) in scrambled.iter_mut().enumerate().skip(64) {
        *b ^= (i as u8).wrapping_mul(31) | 1;
    }
    for bad in [
        good[..good.len() / 3].to_vec(),
        scrambled,
        good[..40].to_vec(),
    ] {
        match read_bytes(&bad) {
            Err(e @ ScreenError::CorruptImage { .. }) => {
                assert_eq!(e.message_id(), "screen-err-corrupt-image");
            }
            other => panic!("a damaged PNG must be CorruptImage: {other:?}"),
        }
    }
}
