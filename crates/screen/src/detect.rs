//! What an input is, from its content (never its name): a PNG/JPEG/BMP
//! screenshot, a serial console log, or neither.

use serde::Serialize;

use crate::error::{NotRecognised, ScreenError};

/// A screenshot's container format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    /// PNG.
    Png,
    /// JPEG (JFIF/Exif).
    Jpeg,
    /// Windows bitmap.
    Bmp,
}

impl ImageFormat {
    /// The format's usual name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Png => "PNG",
            Self::Jpeg => "JPEG",
            Self::Bmp => "BMP",
        }
    }
}

/// What [`detect`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "input", content = "format", rename_all = "snake_case")]
pub enum Detected {
    /// A screenshot (boot diagnostics, hypervisor console).
    Screenshot(ImageFormat),
    /// A serial console log (COM1: SAC/EMS, boot manager, stop error text).
    SerialLog,
}

/// Lines that only a Windows console / serial log has (lower case).
pub(crate) const SERIAL_MARKERS: &[&str] = &[
    "sac>",
    "computer is booting, sac started",
    "special administration console",
    "event: the cmd command is now available",
    "<instance classname=\"bluescreen\">",
    "windows boot manager",
    "windows boot loader",
    "windows failed to start",
    "choose an operating system to start",
    "*** stop:",
    "stop: 0x",
    "stop: c0000",
    "hardware malfunction",
    "the system has halted",
    "ran into a problem and needs to restart",
    "a problem has been detected and windows has been shut down",
    "stop code:",
    "stoppkod:",
    "codigo de detencion:",
    "código de detención:",
    "bootmgr is missing",
    "bootmgr is compressed",
    "a disk read error occurred",
    "this is not a bootable disk",
    "getting windows ready",
    "working on updates",
    "preparing automatic repair",
    "windows could not complete the installation",
    "windows could not finish configuring",
    "seabios",
    "booting from hard disk",
];

/// Looks at the content: image signatures first, then text that looks like a
/// Windows serial console log. Disk images and other binary files are
/// [`ScreenError::NotRecognised`].
pub fn detect(bytes: &[u8]) -> Result<Detected, ScreenError> {
    if bytes.is_empty() {
        return Err(ScreenError::Empty);
    }
    if let Some(f) = image_signature(bytes) {
        return Ok(Detected::Screenshot(f));
    }
    if let Some(format) = other_image_signature(bytes) {
        return Err(ScreenError::UnsupportedImage { format });
    }
    if !looks_like_text(bytes) {
        return Err(ScreenError::NotRecognised(NotRecognised::Binary));
    }
    if has_serial_marker(bytes) {
        Ok(Detected::SerialLog)
    } else {
        Err(ScreenError::NotRecognised(
            NotRecognised::TextWithoutMarkers,
        ))
    }
}

/// PNG, JPEG or BMP by magic bytes.
pub fn image_signature(b: &[u8]) -> Option<ImageFormat> {
    if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(ImageFormat::Png);
    }
    if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(ImageFormat::Jpeg);
    }
    // "BM", then a DIB header whose size is one of the known ones.
    if b.len() >= 18 && b.starts_with(b"BM") {
        let dib = u32::from_le_bytes([b[14], b[15], b[16], b[17]]);
        if matches!(dib, 12 | 16 | 40 | 52 | 56 | 64 | 108 | 124) {
            return Some(ImageFormat::Bmp);
        }
    }
    None
}

fn other_image_signature(b: &[u8]) -> Option<&'static str> {
    if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        Some("GIF")
    } else if b.len() >= 12 && b.starts_with(b"RIFF") && &b[8..12] == b"WEBP" {
        Some("WebP")
    } else if b.starts_with(b"II*\0") || b.starts_with(b"MM\0*") {
        Some("TIFF")
    } else if b.starts_with(b"\0\0\0\x0cjP  ") {
        Some("JPEG 2000")
    } else if b.len() >= 12 && &b[4..8] == b"ftyp" && (&b[8..12] == b"avif" || &b[8..12] == b"heic")
    {
        Some("AVIF/HEIF")
    } else {
        None
    }
}

/// Text: few control bytes besides tab, newlines, ESC (terminal sequences),
/// BEL and backspace; NUL padding is tolerated (serial captures have it).
fn looks_like_text(b: &[u8]) -> bool {
    let sample = &b[..b.len().min(1 << 20)];
    let nul = sample.iter().filter(|c| **c == 0).count();
    let other = sample
        .iter()
        .filter(|c| matches!(**c, 1..=6 | 0x0E..=0x1A | 0x1C..=0x1F | 0x7F))
        .count();
    let printable = sample.iter().filter(|c| (0x20..0x7F).contains(*c)).count();
    let non_nul = sample.len() - nul;
    non_nul > 0 && nul * 10 <= sample.len() * 3 && other * 50 <= non_nul && printable * 2 >= non_nul
}

fn has_serial_marker(b: &[u8]) -> bool {
    let text = String::from_utf8_lossy(b).to_lowercase();
    SERIAL_MARKERS.iter().any(|m| text.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures() {
        assert_eq!(
            detect(b"\x89PNG\r\n\x1a\n....").unwrap(),
            Detected::Screenshot(ImageFormat::Png)
        );
        assert_eq!(
            detect(&[0xFF, 0xD8, 0xFF, 0xE0]).unwrap(),
            Detected::Screenshot(ImageFormat::Jpeg)
        );
        let mut bmp = b"BM".to_vec();
        bmp.extend_from_slice(&[0; 12]);
        bmp.extend_from_slice(&40u32.to_le_bytes());
        assert_eq!(
            detect(&bmp).unwrap(),
            Detected::Screenshot(ImageFormat::Bmp)
        );
        assert!(matches!(
            detect(b"GIF89a...."),
            Err(ScreenError::UnsupportedImage { format: "GIF" })
        ));
        // "BM" at the start of a text file is not a bitmap.
        assert!(matches!(
            detect(b"BMW service manual, nothing else"),
            Err(ScreenError::NotRecognised(
                NotRecognised::TextWithoutMarkers
            ))
        ));
    }

    #[test]
    fn text_and_binary() {
        assert_eq!(detect(b"\x1b[2J\x1b[HSAC>").unwrap(), Detected::SerialLog);
        assert!(matches!(detect(b""), Err(ScreenError::Empty)));
        assert!(matches!(
            detect(&[0u8; 4096]),
            Err(ScreenError::NotRecognised(NotRecognised::Binary))
        ));
        let mut mbr = vec![0u8; 512];
        mbr[0] = 0xEB;
        mbr[1] = 0x52;
        mbr[2] = 0x90;
        mbr[3..11].copy_from_slice(b"NTFS    ");
        mbr[510] = 0x55;
        mbr[511] = 0xAA;
        assert!(matches!(
            detect(&mbr),
            Err(ScreenError::NotRecognised(NotRecognised::Binary))
        ));
    }
}
