//! The single-file HTML report: inline CSS, print styles, no script, no
//! external asset. Every inserted string is escaped.

use std::fmt::Write as _;

use vmrescue_diagnose::{Cause, Diagnosis, Likelihood};
use vmrescue_l10n::Lang;

use crate::text::{disagreement, origin_id, process_and_status};
use crate::words::{Words, bytes, clean, item_provenance, kind_of, provenance, time};

/// Escapes text for HTML content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// Cleaned and escaped.
fn e(s: &str) -> String {
    esc(&clean(s))
}

/// Escaped, with a line-break opportunity after each path separator, so
/// long Windows paths and registry keys wrap at their backslashes.
fn path(s: &str) -> String {
    esc(s).replace('\\', "\\<wbr>")
}

const CSS: &str = r#"
:root { --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg-soft: #f6f8fa;
  --high: #b42318; --medium: #9a6700; --low: #0969da; --none: #6e7781; --ok: #1a7f37; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
  color: var(--fg); margin: 0 auto; max-width: 68rem; padding: 1.5rem; line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 0; display: inline; }
section { margin: 1.25rem 0; }
details > summary { cursor: pointer; padding: .35rem 0; }
details.section > summary { border-bottom: 2px solid var(--line); }
code, pre, .mono { font-family: ui-monospace, "Cascadia Mono", Consolas, "DejaVu Sans Mono", monospace; font-size: .9em; }
pre { background: var(--bg-soft); border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem;
  white-space: pre-wrap; overflow-wrap: anywhere; margin: .35rem 0; }
.muted { color: var(--muted); }
.inputs { color: var(--muted); margin: 0; overflow-wrap: anywhere; }
.stopcode { font-size: 1.35rem; font-weight: 700; margin: .5rem 0; }
.stopcode code { color: var(--high); font-size: 1em; }
.warn { border-left: 4px solid var(--medium); background: #fff8c5; padding: .4rem .75rem; }
ul.plain { list-style: none; padding-left: 0; margin: .25rem 0; }
ul.plain li { margin: .15rem 0; overflow-wrap: anywhere; }
.badge { display: inline-block; border-radius: 999px; padding: .05rem .6rem; font-size: .85rem; font-weight: 600;
  border: 1px solid currentColor; margin-left: .5rem; vertical-align: .1em; }
.badge.lk-high { color: var(--high); } .badge.lk-medium { color: var(--medium); } .badge.lk-low { color: var(--low); }
.badge.lk-not_indicated { color: var(--none); }
.cause { border: 1px solid var(--line); border-radius: 8px; padding: .25rem .9rem .6rem; margin: .6rem 0; }
.cause.lk-high { border-left: 6px solid var(--high); } .cause.lk-medium { border-left: 6px solid var(--medium); }
.cause.lk-low { border-left: 6px solid var(--low); } .cause.lk-not_indicated { border-left: 6px solid var(--line); }
.cause > summary { color: var(--fg); font-weight: 600; font-size: 1.05rem; }
.rank { color: var(--muted); margin-right: .35rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .92rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid var(--line); }
th { background: var(--bg-soft); }
td { overflow-wrap: break-word; }
td.art, td.loc, td.prov { overflow-wrap: anywhere; }
td.prov, td.art, td.loc { color: var(--muted); font-size: .88em; }
table.facts { table-layout: fixed; }
col.c-num { width: 3.2em; } col.c-kind { width: 14%; } col.c-sum { width: 36%; } col.c-art { width: 24%; }
col.c-loc { width: 12%; } col.c-time { width: 7.5em; }
table.evidence { table-layout: fixed; }
table.evidence td { overflow-wrap: anywhere; }
col.c-sign { width: 6.5em; } col.c-msg { width: auto; } col.c-prov { width: 34%; }
td.sign { font-weight: 600; }
td.sign.for { color: var(--high); } td.sign.against { color: var(--ok); }
tr { break-inside: avoid; }
.facts td.num { white-space: nowrap; color: var(--muted); }
.facts td.time { font-size: .88em; }
.facts tr:target { background: #fff8c5; }
a { color: var(--low); }
.ready { color: var(--ok); font-weight: 600; } .not-ready { color: var(--high); font-weight: 600; }
dl.settings { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .5rem 0; }
dl.settings dt { color: var(--muted); } dl.settings dd { margin: 0; overflow-wrap: anywhere; }
ol.steps > li { margin: .5rem 0; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); padding-top: .5rem; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  details::details-content { content-visibility: visible; display: block; height: auto; }
  details > summary { list-style: none; }
  details > summary::-webkit-details-marker { display: none; }
  a { color: inherit; text-decoration: none; }
  .cause, pre, .warn, .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  #evidence { page: evidence; }
  table.facts { font-size: 8.5pt; }
  col.c-num { width: 2.6em; } col.c-time { width: 6.5em; }
}
@page evidence { size: A4 landscape; margin: 12mm; }
"#;

pub(crate) fn render(d: &Diagnosis, lang: Lang) -> String {
    let w = Words { lang };
    let mut o = String::new();
    let title = match &d.stop_code {
        Some(code) => format!("{} — {}", w.t("report-title"), clean(code)),
        None => w.t("report-title"),
    };
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"generator\" content=\"vmrescue {}\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        lang.code(),
        env!("CARGO_PKG_VERSION"),
        esc(&title)
    );
    let _ = writeln!(o, "<header>\n<h1>{}</h1>", esc(&w.t("report-title")));
    if !d.inputs.is_empty() {
        let inputs: Vec<String> = d.inputs.iter().map(|i| clean(i)).collect();
        let _ = writeln!(
            o,
            "<p class=\"inputs\">{}</p>",
            esc(&w.ta(
                "report-inputs",
                &[
                    ("count", inputs.len().to_string()),
                    ("inputs", inputs.join(", "))
                ]
            ))
        );
    }
    o.push_str("</header>\n<main>\n");
    source_problems(&mut o, d, &w);
    let _ = writeln!(o, "<section id=\"summary\" class=\"summary\">");
    for line in crate::text::summary(d, &w) {
        let _ = writeln!(o, "<p><strong>{}</strong></p>", esc(&line));
    }
    o.push_str("</section>\n");
    stop(&mut o, d, &w);
    causes(&mut o, d, &w);
    dump(&mut o, d, &w);
    steps(&mut o, d, &w);
    errors(&mut o, d, &w);
    facts(&mut o, d, &w);
    let _ = writeln!(
        o,
        "</main>\n<footer>{}</footer>\n</body>\n</html>",
        esc(&w.ta(
            "report-footer",
            &[("version", env!("CARGO_PKG_VERSION").to_string())]
        ))
    );
    o
}

/// First and loud: the copy of the disk could not be read completely.
fn source_problems(o: &mut String, d: &Diagnosis, w: &Words) {
    if d.source_problems.is_empty() {
        return;
    }
    section_open(o, "source-problems", &w.t("report-source-heading"));
    let _ = writeln!(
        o,
        "<p class=\"not-ready\">{}</p>\n<ul>",
        esc(&w.t("report-source-intro"))
    );
    for s in &d.source_problems {
        let _ = writeln!(
            o,
            "<li class=\"mono\">{}</li>",
            e(&vmrescue_l10n::os_errors(w.lang, s))
        );
    }
    o.push_str("</ul>\n");
    section_close(o);
}

fn section_open(o: &mut String, id: &str, heading: &str) {
    let _ = writeln!(
        o,
        "<section id=\"{id}\">\n<details class=\"section\" open>\n<summary><h2>{}</h2></summary>",
        esc(heading)
    );
}

fn section_close(o: &mut String) {
    o.push_str("</details>\n</section>\n");
}

fn fact_link(i: usize) -> String {
    format!("<a href=\"#fact-{}\">#{}</a>", i + 1, i + 1)
}

fn stop(o: &mut String, d: &Diagnosis, w: &Words) {
    section_open(o, "stop", &w.t("report-stop-heading"));
    let Some(code) = &d.stop_code else {
        let _ = writeln!(o, "<p>{}</p>", esc(&w.t("report-stop-none")));
        section_close(o);
        return;
    };
    let _ = writeln!(
        o,
        "<p class=\"stopcode\"><code>{}</code> {}</p>",
        e(code),
        e(d.stop_name.as_deref().unwrap_or_default())
    );
    if d.stop_disagreement {
        let _ = writeln!(o, "<p class=\"warn\">{}</p>", esc(&disagreement(d, w)));
    }
    o.push_str("<ul class=\"plain\">\n");
    for (i, s) in d.stop_sources.iter().enumerate() {
        let whence = d
            .evidence
            .get(s.fact)
            .map(|f| prov_text(&provenance(f, w)))
            .unwrap_or_default();
        let line = if i == 0 {
            w.ta(
                "report-stop-seen",
                &[("origin", w.origin(origin_id(s.origin))), ("where", whence)],
            )
        } else {
            w.ta(
                "report-stop-also",
                &[
                    ("origin", w.origin(origin_id(s.origin))),
                    ("code", s.code.clone()),
                    ("where", whence),
                ],
            )
        };
        let _ = writeln!(
            o,
            "<li>{} <span class=\"muted\">{}</span></li>",
            esc(&line),
            fact_link(s.fact)
        );
    }
    let (process, status) = process_and_status(d);
    if let Some(process) = process {
        let _ = writeln!(
            o,
            "<li>{}</li>",
            esc(&w.ta("report-stop-process", &[("process", process.to_string())]))
        );
    }
    if let Some(status) = status {
        let _ = writeln!(
            o,
            "<li>{}</li>",
            esc(&w.ta("report-stop-status", &[("status", status.to_string())]))
        );
    }
    if let Some(first) = d.stop_sources.first().filter(|s| !s.parameters.is_empty()) {
        let _ = writeln!(
            o,
            "<li class=\"mono\">{}</li>",
            esc(&w.ta(
                "report-stop-parameters",
                &[("parameters", first.parameters.join(", "))]
            ))
        );
    }
    if let Some(t) = &d.crash_time {
        let _ = writeln!(
            o,
            "<li>{}</li>",
            esc(&w.ta("report-crash-time", &[("time", time(t))]))
        );
    }
    o.push_str("</ul>\n");
    section_close(o);
}

fn prov_text(p: &(String, Option<String>, Option<String>)) -> String {
    crate::words::provenance_line(p)
}

fn causes(o: &mut String, d: &Diagnosis, w: &Words) {
    section_open(o, "causes", &w.t("report-causes-heading"));
    if let Some(a) = d.time_anchor.as_ref().filter(|a| a.source != "memory_dump") {
        let _ = writeln!(
            o,
            "<p class=\"anchor\">{}</p>",
            esc(&crate::text::time_anchor_line(a, w))
        );
    }
    for (rank, c) in d.causes.iter().enumerate() {
        cause(o, d, c, rank + 1, w);
    }
    section_close(o);
}

fn cause(o: &mut String, d: &Diagnosis, c: &Cause, rank: usize, w: &Words) {
    let id = c.id.as_str();
    let lk = c.likelihood.as_str();
    let open = if c.likelihood > Likelihood::NotIndicated {
        " open"
    } else {
        ""
    };
    let _ = writeln!(
        o,
        "<details class=\"cause lk-{lk}\" id=\"c-{id}\"{open}>\n<summary><span class=\"rank\">{rank}.</span>{} \
         <span class=\"badge lk-{lk}\" title=\"{}\">{}</span></summary>",
        esc(&w.cause_title(id)),
        esc(&w.t("report-likelihood")),
        esc(&w.t(&format!("likelihood-{lk}")))
    );
    let _ = writeln!(
        o,
        "<p class=\"muted\">{}</p>",
        esc(&w.cause_description(id))
    );
    if c.evidence.is_empty() {
        let _ = writeln!(o, "<p>{}</p>", esc(&w.t("report-evidence-none")));
    } else {
        o.push_str("<table class=\"evidence\">\n<colgroup><col class=\"c-sign\"><col class=\"c-msg\"><col class=\"c-prov\"></colgroup>\n<tbody>\n");
        for ev in &c.evidence {
            let (class, sign) = if ev.supports {
                ("for", w.t("report-evidence-for"))
            } else {
                ("against", w.t("report-evidence-against"))
            };
            let prov = item_provenance(d, ev, w)
                .map(|p| path(&prov_text(&p)))
                .unwrap_or_default();
            let link = ev.fact.map(fact_link).unwrap_or_default();
            let _ = writeln!(
                o,
                "<tr><td class=\"sign {class}\">{}</td><td>{}</td><td class=\"prov\">{prov} {link}</td></tr>",
                esc(&sign),
                esc(&w.msg(&ev.message))
            );
        }
        o.push_str("</tbody>\n</table>\n");
    }
    let _ = writeln!(
        o,
        "<p class=\"muted\">{}</p>\n</details>",
        esc(&w.ta("report-score", &[("score", c.score.to_string())]))
    );
}

fn dump(o: &mut String, d: &Diagnosis, w: &Words) {
    let r = &d.dump_readiness;
    section_open(o, "dump", &w.t("report-dump-heading"));
    if r.ready {
        let _ = writeln!(
            o,
            "<p class=\"ready\">✓ {}</p>",
            esc(&w.t("report-dump-ready"))
        );
    } else {
        let _ = writeln!(
            o,
            "<p class=\"not-ready\">✗ {}</p>",
            esc(&w.ta(
                "report-dump-not-ready",
                &[("count", r.problems.len().to_string())]
            ))
        );
        o.push_str("<ul>\n");
        for m in &r.problems {
            let _ = writeln!(o, "<li>{}</li>", esc(&w.msg(m)));
        }
        o.push_str("</ul>\n");
    }
    let _ = match &r.usable_dump {
        Some(path) => writeln!(
            o,
            "<p class=\"ready\">✓ {}</p>",
            esc(&w.ta("report-dump-usable", &[("path", path.clone())]))
        ),
        None => writeln!(o, "<p>{}</p>", esc(&crate::text::no_dump_line(r, w))),
    };
    let unknown = w.t("report-unknown");
    let opt = |v: Option<String>| v.unwrap_or_else(|| unknown.clone());
    let rows: Vec<(&str, String)> = vec![
        (
            "report-dump-type",
            opt(r.dump_type.as_deref().map(|t| w.dump_type(t))),
        ),
        ("report-dump-file", opt(r.dump_file.as_deref().map(clean))),
        (
            "report-dump-nmi",
            opt(r.nmi_crash_dump.map(|b| w.yes_no(b))),
        ),
        (
            "report-dump-serial",
            opt(r.serial_console.map(|b| w.yes_no(b))),
        ),
        (
            "report-dump-page-files",
            if r.page_files.is_empty() {
                w.t("report-none")
            } else {
                r.page_files
                    .iter()
                    .map(|p| clean(p))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        ),
        (
            "report-dump-page-file-os",
            opt(r.page_file_on_os_volume.map(|b| w.yes_no(b))),
        ),
        (
            "report-dump-dedicated",
            r.dedicated_dump_file
                .as_deref()
                .map(clean)
                .unwrap_or_else(|| w.t("report-none")),
        ),
        (
            "report-dump-free",
            opt(r.free_space.map(|n| bytes(w.lang, n))),
        ),
        ("report-dump-ram", opt(r.ram.map(|n| bytes(w.lang, n)))),
        (
            "report-dump-required",
            opt(r.required_space.map(|n| bytes(w.lang, n))),
        ),
    ];
    let _ = writeln!(
        o,
        "<details>\n<summary>{}</summary>\n<dl class=\"settings\">",
        esc(&w.t("report-dump-settings"))
    );
    for (label, value) in rows {
        let _ = writeln!(o, "<dt>{}</dt><dd>{}</dd>", esc(&w.t(label)), esc(&value));
    }
    o.push_str("</dl>\n</details>\n");
    section_close(o);
}

fn steps(o: &mut String, d: &Diagnosis, w: &Words) {
    section_open(o, "steps", &w.t("report-steps-heading"));
    o.push_str("<ol class=\"steps\">\n");
    for s in &d.next_steps {
        let _ = write!(
            o,
            "<li id=\"step-{}\"><p>{}</p>",
            e(&s.id),
            esc(&w.msg(&s.message))
        );
        if let Some(cmd) = &s.command {
            let _ = write!(
                o,
                "<pre><code>{}</code></pre>",
                e(&vmrescue_l10n::placeholders(w.lang, cmd))
            );
        }
        o.push_str("</li>\n");
    }
    o.push_str("</ol>\n");
    section_close(o);
}

fn errors(o: &mut String, d: &Diagnosis, w: &Words) {
    if d.collector_errors.is_empty() {
        return;
    }
    section_open(o, "errors", &w.t("report-errors-heading"));
    o.push_str("<ul>\n");
    for err in &d.collector_errors {
        let _ = writeln!(
            o,
            "<li class=\"mono\">{}</li>",
            e(&vmrescue_l10n::os_errors(w.lang, err))
        );
    }
    o.push_str("</ul>\n");
    section_close(o);
}

fn facts(o: &mut String, d: &Diagnosis, w: &Words) {
    let _ = writeln!(
        o,
        "<section id=\"evidence\">\n<details class=\"section\">\n<summary><h2>{}</h2></summary>",
        esc(&w.ta(
            "report-evidence-heading",
            &[("count", d.evidence.len().to_string())]
        ))
    );
    let _ = writeln!(
        o,
        "<table class=\"facts\">\n<colgroup><col class=\"c-num\"><col class=\"c-kind\"><col class=\"c-sum\"><col class=\"c-art\"><col class=\"c-loc\"><col class=\"c-time\"></colgroup>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        esc(&w.t("report-col-number")),
        esc(&w.t("report-col-kind")),
        esc(&w.t("report-col-summary")),
        esc(&w.t("report-col-artifact")),
        esc(&w.t("report-col-locator")),
        esc(&w.t("report-col-time"))
    );
    for (i, f) in d.evidence.iter().enumerate() {
        let (artifact, locator, when) = provenance(f, w);
        let _ = writeln!(
            o,
            "<tr id=\"fact-{n}\" class=\"k-{kind}\"><td class=\"num\">{n}</td><td>{}</td><td>{}</td><td class=\"art mono\">{}</td><td class=\"loc\">{}</td><td class=\"time\">{}</td></tr>",
            esc(&w.fact_kind(f)),
            esc(&w.fact_summary(f)),
            path(&artifact),
            path(&locator.unwrap_or_default()),
            esc(&when.unwrap_or_default()),
            n = i + 1,
            kind = esc(&kind_of(f)),
        );
    }
    o.push_str("</tbody>\n</table>\n</details>\n</section>\n");
}
