//! Errors, each with a Fluent message id and its arguments for the report.

use std::path::PathBuf;

use thiserror::Error;

/// Why an input is neither a screenshot nor a serial log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotRecognised {
    /// Binary content without an image signature.
    Binary,
    /// Text without any console, SAC/EMS or boot-manager marker.
    TextWithoutMarkers,
}

/// What went wrong reading a screenshot or a serial log.
#[derive(Debug, Error)]
pub enum ScreenError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The input is empty.
    #[error("the input is empty")]
    Empty,
    /// The input is larger than a screenshot or a serial log can reasonably be.
    #[error(
        "the input is {size} bytes, more than the {max} bytes a screenshot or serial log is read up to"
    )]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        max: u64,
    },
    /// Neither an image (PNG/JPEG/BMP) nor a serial console log.
    #[error("{}", match .0 {
        NotRecognised::Binary => "not a PNG, JPEG or BMP screenshot nor a serial console log (binary content without an image signature)",
        NotRecognised::TextWithoutMarkers => "a text file, but not a serial console log: no Windows boot manager, SAC/EMS or stop error text in it",
    })]
    NotRecognised(NotRecognised),
    /// An image format other than PNG, JPEG or BMP.
    #[error("{format} images are not supported: convert the screenshot to PNG first")]
    UnsupportedImage {
        /// The format found (GIF, WebP, TIFF, ...).
        format: &'static str,
    },
    /// The image signature is there but the image cannot be decoded.
    #[error("the {format} screenshot is corrupt or truncated: {reason}")]
    CorruptImage {
        /// PNG, JPEG or BMP.
        format: &'static str,
        /// The decoder's message.
        reason: String,
    },
    /// The image is larger than a console screenshot can be.
    #[error("the screenshot is larger than {max}×{max} pixels ({reason})")]
    ImageTooLarge {
        /// The limit per side.
        max: u32,
        /// The decoder's message.
        reason: String,
    },
    /// Built without the `ocr` feature: screenshots cannot be read.
    #[error(
        "this build cannot read screenshots: it was built without the `ocr` feature (Tesseract)"
    )]
    OcrNotBuilt,
    /// Tesseract or one of its language data files is missing.
    #[error(
        "Tesseract OCR cannot start with language '{lang}': {reason} (Debian: apt-get install tesseract-ocr-eng tesseract-ocr-swe tesseract-ocr-spa)"
    )]
    OcrUnavailable {
        /// The language asked for (eng, swe, spa).
        lang: String,
        /// Tesseract's message.
        reason: String,
    },
    /// Tesseract failed while recognising the image.
    #[error("Tesseract OCR failed: {reason}")]
    OcrFailed {
        /// Tesseract's message.
        reason: String,
    },
}

impl ScreenError {
    /// The Fluent message id for this error (in `crates/l10n/locales/*/main.ftl`).
    pub fn message_id(&self) -> &'static str {
        match self {
            Self::Io { .. } => "screen-err-io",
            Self::Empty => "screen-err-empty",
            Self::TooLarge { .. } => "screen-err-too-large",
            Self::NotRecognised(NotRecognised::Binary) => "screen-err-not-recognised-binary",
            Self::NotRecognised(NotRecognised::TextWithoutMarkers) => {
                "screen-err-not-recognised-text"
            }
            Self::UnsupportedImage { .. } => "screen-err-unsupported-image",
            Self::CorruptImage { .. } => "screen-err-corrupt-image",
            Self::ImageTooLarge { .. } => "screen-err-image-too-large",
            Self::OcrNotBuilt => "screen-err-ocr-not-built",
            Self::OcrUnavailable { .. } => "screen-err-ocr-unavailable",
            Self::OcrFailed { .. } => "screen-err-ocr-failed",
        }
    }

    /// The arguments of [`Self::message_id`]'s message (names as in the .ftl files).
    pub fn message_args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Io { path, source } => vec![
                ("path", path.display().to_string()),
                ("reason", source.to_string()),
            ],
            Self::TooLarge { size, max } => {
                vec![("size", size.to_string()), ("max", max.to_string())]
            }
            Self::UnsupportedImage { format } => vec![("format", (*format).to_string())],
            Self::CorruptImage { format, reason } => vec![
                ("format", (*format).to_string()),
                ("reason", reason.clone()),
            ],
            Self::ImageTooLarge { max, reason } => {
                vec![("max", max.to_string()), ("reason", reason.clone())]
            }
            Self::OcrUnavailable { lang, reason } => {
                vec![("lang", lang.clone()), ("reason", reason.clone())]
            }
            Self::OcrFailed { reason } => vec![("reason", reason.clone())],
            Self::Empty | Self::NotRecognised(_) | Self::OcrNotBuilt => Vec::new(),
        }
    }
}
