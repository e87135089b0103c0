//! The single-file HTML report, on synthetic diagnoses (tests/common): its
//! structure, escaping and self-containment, and how it renders in a real
//! browser (headless Chromium prints it to PDF; poppler's pdftotext gives
//! the text of the printed page).

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use vmrescue_l10n::{Lang, tr_in};
use vmrescue_report::html;

fn get(name: &str) -> vmrescue_diagnose::Diagnosis {
    common::diagnoses()
        .into_iter()
        .find(|(n, _)| *n == name)
        .unwrap()
        .1
}

#[test]
fn the_page_is_self_contained() {
    for (name, d) in common::diagnoses() {
        for lang in Lang::ALL {
            let h = html(&d, lang);
            assert!(h.starts_with("<!DOCTYPE html>\n<html lang=\""), "{name}");
            assert!(
                h.contains(&format!("<html lang=\"{}\">", lang.code())),
                "{name}"
            );
            let lower = h.to_ascii_lowercase();
            for banned in [
                "<script",
                "<link",
                "<img",
                "<iframe",
                "src=",
                "@import",
                "url(",
                "http://",
                "https://",
                "@font-face",
            ] {
                assert!(!lower.contains(banned), "{name}/{}: {banned}", lang.code());
            }
            assert!(h.contains("@media print"));
            assert!(h.contains("default-src 'none'"));
            assert!(h.trim_end().ends_with("</html>"));
        }
    }
}

#[test]
fn disk_strings_are_escaped() {
    let h = html(&get("everything"), Lang::En);
    assert!(
        !h.contains("<script>alert(1)</script>"),
        "unescaped DLL name"
    );
    assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;.dll"));
    assert!(!h.contains("<Endpoint>"));
    assert!(h.contains("Contoso &lt;Endpoint&gt; &amp; &quot;Secure&quot; Sign-In"));
    // Placeholders in commands are text, not tags.
    assert!(h.contains(r"dism /image:&lt;X&gt;:\ /cleanup-image /revertpendingactions"));
}

#[test]
fn every_fact_is_in_the_evidence_table() {
    let d = get("everything");
    let h = html(&d, Lang::En);
    for i in 1..=d.evidence.len() {
        assert!(h.contains(&format!("<tr id=\"fact-{i}\"")), "fact {i}");
    }
    assert!(!h.contains(&format!("<tr id=\"fact-{}\"", d.evidence.len() + 1)));
    assert!(h.contains(&format!("All evidence ({} facts)", d.evidence.len())));
    // Collapsible sections; the evidence table starts closed.
    assert!(h.contains("<details class=\"section\">\n<summary><h2>All evidence"));
    assert!(h.matches("<details").count() >= 7);
    // Evidence of a cause links to its fact.
    assert!(h.contains("<a href=\"#fact-"));
}

fn find(cmd: &str) -> Option<String> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(cmd))
            .find(|p| p.is_file())
            .map(|p| p.display().to_string())
    })
}

/// Runs a command with a deadline; kills it when the deadline passes.
fn run(cmd: &mut Command, limit: Duration) -> std::process::Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().expect("output");
            panic!(
                "{cmd:?} took longer than {limit:?}; stderr:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Prints a page with headless Chromium and returns the PDF's text.
fn print_to_text(chromium: &str, page: &Path, dir: &Path) -> String {
    let pdf = dir.join(page.file_stem().unwrap()).with_extension("pdf");
    let profile = dir.join("profile");
    let out = run(
        Command::new(chromium).args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            "--no-pdf-header-footer",
            &format!("--user-data-dir={}", profile.display()),
            &format!("--print-to-pdf={}", pdf.display()),
            &format!("file://{}", page.display()),
        ]),
        Duration::from_secs(120),
    );
    assert!(
        pdf.is_file(),
        "chromium wrote no PDF ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let txt = run(
        Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(&pdf)
            .arg("-"),
        Duration::from_secs(60),
    );
    assert!(
        txt.status.success(),
        "pdftotext: {}",
        String::from_utf8_lossy(&txt.stderr)
    );
    String::from_utf8_lossy(&txt.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_page_renders_and_prints_in_chromium() {
    let Some(chromium) = find("chromium").or_else(|| find("chromium-browser")) else {
        vmrescue_testkit::skip(
            "headless Chromium not found (Debian: apt-get install chromium poppler-utils); the HTML was not rendered in a browser",
        );
        return;
    };
    if find("pdftotext").is_none() {
        vmrescue_testkit::skip(
            "pdftotext not found (Debian: apt-get install poppler-utils); the HTML was not rendered in a browser",
        );
        return;
    }
    let dir = std::env::temp_dir().join(format!("vmrescue-report-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let d = get("everything");
    for lang in Lang::ALL {
        let page = dir.join(format!("report-{}.html", lang.code()));
        std::fs::write(&page, html(&d, lang)).unwrap();
        let text = print_to_text(&chromium, &page, &dir);
        let code = lang.code();
        let stop = format!(
            "{} {}",
            d.stop_code.as_deref().unwrap(),
            d.stop_name.as_deref().unwrap()
        );
        assert!(
            text.contains(&stop),
            "{code}: stop code {stop:?} missing:\n{text}"
        );
        for c in vmrescue_diagnose::CauseId::ALL {
            let title = tr_in(lang, &format!("cause-{}", c.as_str()), &[]);
            let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                text.contains(&title),
                "{code}: cause title {title:?} missing:\n{text}"
            );
        }
        assert!(
            text.contains(r"dism /image:<X>:\ /cleanup-image /revertpendingactions"),
            "{code}: next-step command missing:\n{text}"
        );
        let heading = tr_in(lang, "report-steps-heading", &[]);
        assert!(
            text.contains(&heading),
            "{code}: {heading:?} missing:\n{text}"
        );
        // Escaped disk strings print as text.
        assert!(
            text.contains(r#"Contoso <Endpoint> & "Secure" Sign-In"#),
            "{code}:\n{text}"
        );
        // The evidence table is collapsed on screen but printed in full:
        // the Windows build appears only there.
        assert!(
            text.contains("Windows Server 2022 Datacenter 10.0.20348.2227"),
            "{code}: collapsed evidence table not printed:\n{text}"
        );
    }
    if std::env::var_os("KEEP_RENDERED").is_some() {
        eprintln!("rendered pages kept in {}", dir.display());
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
