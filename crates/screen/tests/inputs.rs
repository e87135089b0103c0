//! Input detection and the errors for inputs that are not screenshots or
//! serial logs: corrupt or truncated images (cut from the real fixtures),
//! other image formats, binary files, text files, missing files.

use std::path::PathBuf;

use vmrescue_screen::{
    Detected, ImageFormat, NotRecognised, ScreenError, detect, read_bytes, read_path,
};

fn screenshot(name: &str) -> Option<Vec<u8>> {
    // The real screenshots are in the repository (fixtures/real/screenshots).
    Some(
        std::fs::read(vmrescue_testkit::vendored_file(&format!(
            "screenshots/{name}"
        )))
        .expect("screenshot"),
    )
}

const PNG: &str =
    "azure-vm__windows-stop-error-system-process-terminated__1-pc-problem-restart.png";
const JPG: &str = "azure-vm__troubleshoot-guide-windows-boot-manager-menu__1.jpg";

#[test]
fn real_screenshots_are_detected_by_content() {
    let dir = vmrescue_testkit::vendored_dir();
    let mut n = 0;
    for e in std::fs::read_dir(dir.join("screenshots")).unwrap() {
        let p = e.unwrap().path();
        let bytes = std::fs::read(&p).unwrap();
        let want = if p.extension().is_some_and(|x| x == "jpg") {
            ImageFormat::Jpeg
        } else {
            ImageFormat::Png
        };
        assert_eq!(
            detect(&bytes).unwrap(),
            Detected::Screenshot(want),
            "{}",
            p.display()
        );
        n += 1;
    }
    assert_eq!(n, 14);
}

#[test]
fn corrupt_images_get_a_clear_error() {
    let (Some(png), Some(jpg)) = (screenshot(PNG), screenshot(JPG)) else {
        return;
    };
    let mut cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("png truncated", png[..2000].to_vec(), "PNG"),
        ("png signature only", png[..8].to_vec(), "PNG"),
        ("jpeg header only", jpg[..200].to_vec(), "JPEG"),
        (
            "bmp header only",
            {
                let mut b = b"BM".to_vec();
                b.extend_from_slice(&[0; 12]);
                b.extend_from_slice(&40u32.to_le_bytes());
                b
            },
            "BMP",
        ),
    ];
    let mut bad_crc = png.clone();
    bad_crc[20] ^= 0xFF; // inside IHDR: width
    cases.push(("png damaged header", bad_crc, "PNG"));
    let mut zero_size = png.clone();
    zero_size[16..24].fill(0); // IHDR width and height 0
    cases.push(("png zero size", zero_size, "PNG"));
    for (what, bytes, fmt) in cases {
        match read_bytes(&bytes) {
            Err(e @ ScreenError::CorruptImage { format, .. }) => {
                assert_eq!(format, fmt, "{what}");
                assert_eq!(e.message_id(), "screen-err-corrupt-image");
                assert!(
                    e.to_string().contains("corrupt or truncated"),
                    "{what}: {e}"
                );
                assert!(e.message_args().iter().any(|(k, _)| *k == "reason"));
            }
            other => panic!("{what}: expected CorruptImage, got {other:?}"),
        }
    }
}

#[test]
fn huge_dimensions_are_refused_before_decoding() {
    let Some(png) = screenshot(PNG) else {
        return;
    };
    let mut big = png.clone();
    big[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    // The IHDR CRC no longer matches; either error is a clear refusal, not an allocation.
    let e = read_bytes(&big).unwrap_err();
    assert!(
        matches!(
            e,
            ScreenError::ImageTooLarge { .. } | ScreenError::CorruptImage { .. }
        ),
        "{e:?}"
    );
}

#[test]
fn other_inputs() {
    assert!(matches!(read_bytes(b""), Err(ScreenError::Empty)));
    let e = read_bytes(b"GIF89a\x01\x00\x01\x00").unwrap_err();
    assert!(matches!(e, ScreenError::UnsupportedImage { format: "GIF" }));
    assert_eq!(e.message_id(), "screen-err-unsupported-image");
    let e = read_bytes(b"RIFF\x10\x00\x00\x00WEBPVP8 ").unwrap_err();
    assert!(matches!(
        e,
        ScreenError::UnsupportedImage { format: "WebP" }
    ));
    let mut qcow = b"QFI\xfb\x00\x00\x00\x03".to_vec();
    qcow.resize(4096, 0);
    let e = read_bytes(&qcow).unwrap_err();
    assert!(matches!(
        e,
        ScreenError::NotRecognised(NotRecognised::Binary)
    ));
    assert_eq!(e.message_id(), "screen-err-not-recognised-binary");
    let e = read_bytes(b"just some notes about the VM\n").unwrap_err();
    assert_eq!(e.message_id(), "screen-err-not-recognised-text");
    let e = read_path(&PathBuf::from("/nonexistent/boot.png")).unwrap_err();
    assert!(matches!(e, ScreenError::Io { .. }));
    assert!(e.to_string().contains("/nonexistent/boot.png"));
}

#[cfg(not(feature = "ocr"))]
#[test]
fn without_ocr_a_valid_screenshot_says_the_feature_is_missing() {
    let Some(png) = screenshot(PNG) else {
        return;
    };
    let e = read_bytes(&png).unwrap_err();
    assert!(matches!(e, ScreenError::OcrNotBuilt));
    assert_eq!(e.message_id(), "screen-err-ocr-not-built");
}
