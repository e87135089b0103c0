//! Screenshot decoding and the preprocessing a small boot-diagnostics
//! screenshot needs before OCR (pure Rust, no OCR needed).
//!
//! Boot screenshots are small (often ~500×170 px) with 6–8 px high text, light
//! on dark (stop screens, text consoles) or dark on light (dialogs), sometimes
//! both in one image, and often a QR code or a Windows logo beside the text.
//! Tesseract reads them badly as they are (see shared/docs/misc-crates-check.md
//! part B). [`prepare`] therefore:
//!
//! 1. estimates the local background colour on a grid of 8 px cells (the
//!    dominant colour of the cell, or of the cells around it) and turns every pixel into "ink"
//!    = its largest per-channel difference from that background, so light text
//!    on blue, white text on black and black text in a white dialog all become
//!    dark ink on white (polarity no longer matters, Tesseract's own inversion
//!    pass can stay off);
//! 2. blanks large dense blocks (QR codes, logos, icons): 6 px cells that are
//!    mostly ink and form a block at least 24 px wide and high, which OCR
//!    otherwise merges into the text lines beside them;
//! 3. scales up (smooth filter) so that the small text is ~3× larger, within a
//!    pixel budget.

use std::io::Cursor;

use image::imageops::FilterType;
use image::{GrayImage, ImageFormat as ImgFmt, ImageReader, Limits, RgbImage};
use serde::Serialize;

use crate::detect::ImageFormat;
use crate::error::ScreenError;

/// Largest width or height of a screenshot we decode.
pub const MAX_DIMENSION: u32 = 8192;
/// Pixel budget of the scaled image handed to OCR.
const MAX_SCALED_PIXELS: u64 = 6_000_000;
/// Background estimation cell (px, original scale).
const BG_CELL: u32 = 8;
/// Dense-block detection cell (px, original scale).
const DENSE_CELL: u32 = 6;

/// A decoded screenshot.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The container format.
    pub format: ImageFormat,
    /// The pixels (alpha dropped).
    pub rgb: RgbImage,
}

/// Decodes a PNG, JPEG or BMP screenshot. Errors say what is wrong with the
/// file; a decoder panic (a bug in a decoder) is reported as a corrupt image.
pub fn decode(bytes: &[u8], format: ImageFormat) -> Result<Decoded, ScreenError> {
    let fmt = match format {
        ImageFormat::Png => ImgFmt::Png,
        ImageFormat::Jpeg => ImgFmt::Jpeg,
        ImageFormat::Bmp => ImgFmt::Bmp,
    };
    let run = || -> Result<RgbImage, ScreenError> {
        let mut reader = ImageReader::with_format(Cursor::new(bytes), fmt);
        let mut limits = Limits::default();
        limits.max_image_width = Some(MAX_DIMENSION);
        limits.max_image_height = Some(MAX_DIMENSION);
        limits.max_alloc = Some(512 * 1024 * 1024);
        reader.limits(limits);
        let img = reader.decode().map_err(|e| match e {
            image::ImageError::Limits(_) => ScreenError::ImageTooLarge {
                max: MAX_DIMENSION,
                reason: e.to_string(),
            },
            other => ScreenError::CorruptImage {
                format: format.name(),
                reason: other.to_string(),
            },
        })?;
        if img.width() == 0 || img.height() == 0 {
            return Err(ScreenError::CorruptImage {
                format: format.name(),
                reason: "the image has no pixels".into(),
            });
        }
        Ok(img.to_rgb8())
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(r) => r.map(|rgb| Decoded { format, rgb }),
        Err(_) => Err(ScreenError::CorruptImage {
            format: format.name(),
            reason: "the image decoder failed on this file".into(),
        }),
    }
}

/// Colour statistics of a screenshot, for the screens that have no text.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ImageStats {
    /// Share of near-black pixels (all channels < 40).
    pub dark_share: f32,
    /// Share of pixels in the Windows-logo cyan/blue (blue > 150, green > 90, red < 100).
    pub logo_share: f32,
    /// Horizontal centre of the logo-coloured pixels, as a share of the width (0.5 = centred).
    pub logo_center_x: f32,
    /// Vertical centre of the logo-coloured pixels, as a share of the height.
    pub logo_center_y: f32,
    /// Share of pixels that differ from the dominant colour by more than 40 in some channel.
    pub busy_share: f32,
}

impl ImageStats {
    /// A black screen with a centred cyan Windows logo (the boot / reboot-loop
    /// screen; the spinner dots are too small to matter).
    pub fn looks_like_windows_logo(&self) -> bool {
        self.dark_share > 0.80
            && (0.002..0.15).contains(&self.logo_share)
            && (0.35..0.65).contains(&self.logo_center_x)
            && (0.15..0.65).contains(&self.logo_center_y)
    }

    /// Almost one colour (a blank console).
    pub fn looks_blank(&self) -> bool {
        self.busy_share < 0.002
    }
}

/// Computes [`ImageStats`].
pub fn stats(rgb: &RgbImage) -> ImageStats {
    let n = (rgb.width() as u64 * rgb.height() as u64).max(1) as f64;
    let (mut dark, mut logo) = (0u64, 0u64);
    let (mut sx, mut sy) = (0f64, 0f64);
    let mut hist = vec![0u32; 4096];
    for (x, y, p) in rgb.enumerate_pixels() {
        let [r, g, b] = p.0;
        if r < 40 && g < 40 && b < 40 {
            dark += 1;
        }
        if b > 150 && g > 90 && r < 100 {
            logo += 1;
            sx += x as f64;
            sy += y as f64;
        }
        hist[((r as usize >> 4) << 8) | ((g as usize >> 4) << 4) | (b as usize >> 4)] += 1;
    }
    let mode = hist
        .iter()
        .enumerate()
        .max_by_key(|(_, c)| **c)
        .map(|(i, _)| i)
        .unwrap_or(0);
    let mode_rgb = [
        (((mode >> 8) & 15) * 16 + 8) as i32,
        (((mode >> 4) & 15) * 16 + 8) as i32,
        ((mode & 15) * 16 + 8) as i32,
    ];
    let busy = rgb
        .pixels()
        .filter(|p| {
            p.0.iter()
                .zip(mode_rgb)
                .any(|(c, m)| (*c as i32 - m).abs() > 40)
        })
        .count();
    let (cx, cy) = if logo > 0 {
        (
            (sx / logo as f64 / rgb.width() as f64) as f32,
            (sy / logo as f64 / rgb.height() as f64) as f32,
        )
    } else {
        (0.0, 0.0)
    };
    ImageStats {
        dark_share: (dark as f64 / n) as f32,
        logo_share: (logo as f64 / n) as f32,
        logo_center_x: cx,
        logo_center_y: cy,
        busy_share: (busy as f64 / n) as f32,
    }
}

/// The image handed to OCR: 8-bit gray, dark ink on white.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The pixels.
    pub gray: GrayImage,
    /// The scale factor applied.
    pub scale: u32,
    /// Number of dense blocks (QR codes, logos) blanked.
    pub blocks_masked: usize,
}

/// The scale factor for an image of this size: ~3× for the usual small
/// screenshots, less for large ones, within the pixel budget.
pub fn scale_for(width: u32, height: u32) -> u32 {
    if width == 0 || height == 0 {
        return 1;
    }
    let w = width;
    let mut s = 1600u32.div_ceil(w).clamp(1, 4);
    while s > 1 && (w as u64 * s as u64) * (height as u64 * s as u64) > MAX_SCALED_PIXELS {
        s -= 1;
    }
    s
}

/// Preprocesses a decoded screenshot for OCR (see the module documentation).
pub fn prepare(rgb: &RgbImage) -> Prepared {
    let (w, h) = rgb.dimensions();
    prepare_at(rgb, scale_for(w, h))
}

/// [`prepare`] at a given scale factor (1–4, within the pixel budget): the
/// re-read of a stop code that the first scale did not give cleanly.
pub fn prepare_at(rgb: &RgbImage, scale: u32) -> Prepared {
    let (w, h) = rgb.dimensions();
    let ink = ink_map(rgb);
    let mut gray = GrayImage::from_fn(w, h, |x, y| image::Luma([255 - ink[(y * w + x) as usize]]));
    let blocks = mask_dense_blocks(&mut gray);
    let mut s = scale.clamp(1, 4);
    while s > 1 && (w as u64 * s as u64) * (h as u64 * s as u64) > MAX_SCALED_PIXELS {
        s -= 1;
    }
    let gray = if s > 1 {
        image::imageops::resize(&gray, w * s, h * s, FilterType::CatmullRom)
    } else {
        gray
    };
    Prepared {
        gray,
        scale: s,
        blocks_masked: blocks,
    }
}

/// Per-pixel ink (0 = background, 255 = strongest contrast), polarity-free.
///
/// The background of a cell is its own dominant colour when that colour
/// covers at least half of the cell (text cells, and cells inside a light bar
/// or dialog on a dark screen), else the dominant colour of the 4 cells
/// on either side of it in its row (cells crossed by a large glyph or inside a QR code).
fn ink_map(rgb: &RgbImage) -> Vec<u8> {
    let (w, h) = rgb.dimensions();
    let cw = w.div_ceil(BG_CELL) as usize;
    let ch = h.div_ceil(BG_CELL) as usize;
    // Histogram of luma (16 bins) per cell, plus the colour sum per bin.
    let mut hist = vec![[0u32; 16]; cw * ch];
    let mut sums = vec![[[0u64; 3]; 16]; cw * ch];
    for (x, y, p) in rgb.enumerate_pixels() {
        let c = (y / BG_CELL) as usize * cw + (x / BG_CELL) as usize;
        let [r, g, b] = p.0;
        let l = (r as u32 * 299 + g as u32 * 587 + b as u32 * 114) / 1000;
        let bin = (l >> 4) as usize;
        hist[c][bin] += 1;
        sums[c][bin][0] += r as u64;
        sums[c][bin][1] += g as u64;
        sums[c][bin][2] += b as u64;
    }
    let colour = |h: &[u32; 16], s: &[[u64; 3]; 16], best: usize| {
        let n = h[best].max(1) as u64;
        [
            (s[best][0] / n) as i32,
            (s[best][1] / n) as i32,
            (s[best][2] / n) as i32,
        ]
    };
    let mut bg = vec![[0i32; 3]; cw * ch];
    for cy in 0..ch {
        for cx in 0..cw {
            let i = cy * cw + cx;
            let own = &hist[i];
            let total: u32 = own.iter().sum();
            let best = (0..16).max_by_key(|b| own[*b]).unwrap_or(0);
            let near = own[best]
                + if best > 0 { own[best - 1] } else { 0 }.max(if best < 15 {
                    own[best + 1]
                } else {
                    0
                });
            if near * 2 >= total {
                bg[i] = colour(own, &sums[i], best);
                continue;
            }
            let mut hsum = [0u32; 16];
            let mut csum = [[0u64; 3]; 16];
            for ny in cy..cy + 1 {
                for nx in cx.saturating_sub(4)..(cx + 5).min(cw) {
                    let j = ny * cw + nx;
                    for b in 0..16 {
                        hsum[b] += hist[j][b];
                        for k in 0..3 {
                            csum[b][k] += sums[j][b][k];
                        }
                    }
                }
            }
            let best = (0..16).max_by_key(|b| hsum[*b]).unwrap_or(0);
            bg[i] = colour(&hsum, &csum, best);
        }
    }
    let mut ink = vec![0u8; (w * h) as usize];
    let mut counts = [0u64; 256];
    for (x, y, p) in rgb.enumerate_pixels() {
        let b = bg[(y / BG_CELL) as usize * cw + (x / BG_CELL) as usize];
        let d =
            p.0.iter()
                .zip(b)
                .map(|(c, b)| (*c as i32 - b).unsigned_abs())
                .max()
                .unwrap_or(0)
                .min(255) as u8;
        ink[(y * w + x) as usize] = d;
        counts[d as usize] += 1;
    }
    // Stretch: the 99.5th percentile of the non-background ink becomes full ink.
    let inked: u64 = counts[24..].iter().sum();
    let mut top = 255u32;
    if inked > 0 {
        let mut acc = 0u64;
        for v in (24..256).rev() {
            acc += counts[v];
            if acc * 200 >= inked {
                top = v as u32;
                break;
            }
        }
    }
    let top = top.max(64);
    for v in &mut ink {
        // Ignore faint noise (JPEG ringing, gradients).
        let x = (*v as u32).saturating_sub(12);
        *v = (x * 255 / top.saturating_sub(12).max(1)).min(255) as u8;
    }
    ink
}

/// Blanks QR codes, logos and icons: blocks of mostly-ink 6 px cells at least
/// 24 px wide and high and more than half filled. Returns how many.
fn mask_dense_blocks(gray: &mut GrayImage) -> usize {
    let (w, h) = gray.dimensions();
    let cw = w.div_ceil(DENSE_CELL) as usize;
    let ch = h.div_ceil(DENSE_CELL) as usize;
    let mut inked = vec![0u32; cw * ch];
    let mut total = vec![0u32; cw * ch];
    for (x, y, p) in gray.enumerate_pixels() {
        let c = (y / DENSE_CELL) as usize * cw + (x / DENSE_CELL) as usize;
        total[c] += 1;
        if p.0[0] < 128 {
            inked[c] += 1;
        }
    }
    let dense: Vec<bool> = inked
        .iter()
        .zip(&total)
        .map(|(i, t)| *t > 0 && *i * 100 >= *t * 35)
        .collect();
    let mut seen = vec![false; cw * ch];
    let mut masked = 0;
    let mut stack = Vec::new();
    for start in 0..cw * ch {
        if !dense[start] || seen[start] {
            continue;
        }
        // Flood fill (4-connected) over dense cells.
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
        let mut cells = 0usize;
        seen[start] = true;
        stack.push(start);
        while let Some(c) = stack.pop() {
            let (cx, cy) = (c % cw, c / cw);
            cells += 1;
            x0 = x0.min(cx);
            y0 = y0.min(cy);
            x1 = x1.max(cx);
            y1 = y1.max(cy);
            let mut push = |n: usize| {
                if dense[n] && !seen[n] {
                    seen[n] = true;
                    stack.push(n);
                }
            };
            if cx > 0 {
                push(c - 1);
            }
            if cx + 1 < cw {
                push(c + 1);
            }
            if cy > 0 {
                push(c - cw);
            }
            if cy + 1 < ch {
                push(c + cw);
            }
        }
        let (bw, bh) = (x1 - x0 + 1, y1 - y0 + 1);
        if bw >= 4 && bh >= 4 && cells * 2 > bw * bh {
            masked += 1;
            let px0 = (x0.saturating_sub(1) as u32) * DENSE_CELL;
            let py0 = (y0.saturating_sub(1) as u32) * DENSE_CELL;
            let px1 = (((x1 + 2) as u32) * DENSE_CELL).min(w);
            let py1 = (((y1 + 2) as u32) * DENSE_CELL).min(h);
            for y in py0..py1 {
                for x in px0..px1 {
                    gray.put_pixel(x, y, image::Luma([255]));
                }
            }
        }
    }
    masked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_is_three_for_small_and_one_for_large() {
        assert_eq!(scale_for(490, 171), 4);
        assert_eq!(scale_for(600, 450), 3);
        assert_eq!(scale_for(1024, 768), 2);
        assert_eq!(scale_for(1920, 1080), 1);
        assert_eq!(scale_for(0, 0), 1);
    }

    #[test]
    fn polarity_free_ink() {
        // White text pixel on blue and black text pixel on white both become dark.
        let mut img = RgbImage::from_pixel(64, 32, image::Rgb([0, 120, 215]));
        for x in 0..32 {
            img.put_pixel(x, 10, image::Rgb([255, 255, 255]));
        }
        for y in 0..32 {
            for x in 32..64 {
                img.put_pixel(x, y, image::Rgb([250, 250, 250]));
            }
        }
        for x in 40..60 {
            img.put_pixel(x, 10, image::Rgb([0, 0, 0]));
        }
        let p = prepare(&img);
        let s = p.scale;
        assert!(p.gray.get_pixel(5 * s, 10 * s).0[0] < 100);
        assert!(p.gray.get_pixel(50 * s, 10 * s).0[0] < 100);
        assert!(p.gray.get_pixel(5 * s, 25 * s).0[0] > 200);
        assert!(p.gray.get_pixel(50 * s, 25 * s).0[0] > 200);
    }
}
