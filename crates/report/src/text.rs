//! The terminal report.

use std::fmt::Write as _;

use vmrescue_diagnose::{Cause, Diagnosis, Likelihood};
use vmrescue_l10n::Lang;

use crate::words::{Words, clean, item_provenance, provenance, provenance_line, time};

/// How many supporting items a cause shows in the terminal.
const TOP_EVIDENCE: usize = 3;
/// How many further sources of the stop code are listed.
const MORE_SOURCES: usize = 2;

/// ANSI styling, or none.
struct Paint(bool);

impl Paint {
    fn s(&self, sgr: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{sgr}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn bold(&self, t: &str) -> String {
        self.s("1", t)
    }
    fn dim(&self, t: &str) -> String {
        self.s("2", t)
    }
    fn likelihood(&self, l: Likelihood, t: &str) -> String {
        match l {
            Likelihood::High => self.s("1;31", t),
            Likelihood::Medium => self.s("1;33", t),
            Likelihood::Low => self.s("36", t),
            Likelihood::NotIndicated => self.s("2", t),
        }
    }
}

pub(crate) fn render(d: &Diagnosis, lang: Lang, color: bool) -> String {
    let w = Words { lang };
    let p = Paint(color);
    let mut o = String::new();
    let inputs: Vec<String> = d.inputs.iter().map(|i| clean(i)).collect();
    let _ = writeln!(o, "{}", p.bold(&w.t("report-title")));
    if !inputs.is_empty() {
        let _ = writeln!(
            o,
            "{}",
            w.ta(
                "report-inputs",
                &[
                    ("count", inputs.len().to_string()),
                    ("inputs", inputs.join(", "))
                ]
            )
        );
    }
    o.push('\n');
    if !d.source_problems.is_empty() {
        // First and loud: what follows rests on an incomplete copy.
        let _ = writeln!(o, "{}", p.s("1;31", &w.t("report-source-heading")));
        let _ = writeln!(o, "  {}", w.t("report-source-intro"));
        for s in &d.source_problems {
            let _ = writeln!(o, "  ✗ {}", clean(&vmrescue_l10n::os_errors(w.lang, s)));
        }
        o.push('\n');
    }
    for line in summary(d, &w) {
        let _ = writeln!(o, "{}", p.bold(&line));
    }
    o.push('\n');
    stop(&mut o, d, &w, &p);
    o.push('\n');
    causes(&mut o, d, &w, &p);
    o.push('\n');
    dump(&mut o, d, &w, &p);
    o.push('\n');
    steps(&mut o, d, &w, &p);
    if !d.collector_errors.is_empty() {
        o.push('\n');
        let _ = writeln!(o, "{}", p.bold(&w.t("report-errors-heading")));
        for e in &d.collector_errors {
            let _ = writeln!(
                o,
                "  {}",
                p.dim(&clean(&vmrescue_l10n::os_errors(w.lang, e)))
            );
        }
    }
    o
}

fn stop(o: &mut String, d: &Diagnosis, w: &Words, p: &Paint) {
    let heading = w.t("report-stop-heading");
    let Some(code) = &d.stop_code else {
        let _ = writeln!(o, "{}", p.bold(&heading));
        let _ = writeln!(o, "  {}", w.t("report-stop-none"));
        return;
    };
    let name = d.stop_name.as_deref().map(clean).unwrap_or_default();
    let _ = writeln!(
        o,
        "{}  {}  {}",
        p.bold(&heading),
        p.s("1;31", &clean(code)),
        p.bold(&name).trim_end()
    );
    if let Some(first) = d.stop_sources.first() {
        let whence = d
            .evidence
            .get(first.fact)
            .map(|f| provenance_line(&provenance(f, w)))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "  {}",
            w.ta(
                "report-stop-seen",
                &[
                    ("origin", w.origin(origin_id(first.origin))),
                    ("where", whence)
                ]
            )
        );
    }
    let (process, status) = process_and_status(d);
    if let Some(process) = process {
        let _ = writeln!(
            o,
            "  {}",
            w.ta("report-stop-process", &[("process", process.to_string())])
        );
    }
    if let Some(status) = status {
        let _ = writeln!(
            o,
            "  {}",
            w.ta("report-stop-status", &[("status", status.to_string())])
        );
    }
    if let Some(first) = d.stop_sources.first().filter(|s| !s.parameters.is_empty()) {
        let _ = writeln!(
            o,
            "  {}",
            p.dim(&w.ta(
                "report-stop-parameters",
                &[("parameters", first.parameters.join(", "))]
            ))
        );
    }
    let others = d.stop_sources.iter().skip(1);
    let n_others = d.stop_sources.len().saturating_sub(1);
    for s in others.take(MORE_SOURCES) {
        let whence = d
            .evidence
            .get(s.fact)
            .map(|f| provenance_line(&provenance(f, w)))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "  {}",
            p.dim(&w.ta(
                "report-stop-also",
                &[
                    ("origin", w.origin(origin_id(s.origin))),
                    ("code", s.code.clone()),
                    ("where", whence)
                ]
            ))
        );
    }
    if n_others > MORE_SOURCES {
        let _ = writeln!(
            o,
            "  {}",
            p.dim(&w.ta(
                "report-evidence-more",
                &[("count", (n_others - MORE_SOURCES).to_string())]
            ))
        );
    }
    if d.stop_disagreement {
        let _ = writeln!(
            o,
            "  {} {}",
            p.s("1;33", "!"),
            p.s("33", &disagreement(d, w))
        );
    }
    if let Some(t) = &d.crash_time {
        let _ = writeln!(o, "  {}", w.ta("report-crash-time", &[("time", time(t))]));
    }
}

/// The process that ended and the status, from the sources that report the
/// chosen stop code (most reliable first): a source that disagrees never
/// lends its details to another code.
pub(crate) fn process_and_status(d: &Diagnosis) -> (Option<&str>, Option<&str>) {
    let agreeing = || {
        d.stop_sources
            .iter()
            .filter(|s| Some(&s.code) == d.stop_code.as_ref())
    };
    (
        agreeing().find_map(|s| s.process.as_deref()),
        agreeing().find_map(|s| s.status.as_deref()),
    )
}

/// The line that says the sources disagree.
pub(crate) fn disagreement(d: &Diagnosis, w: &Words) -> String {
    let mut codes: Vec<String> = Vec::new();
    for s in &d.stop_sources {
        let c = clean(&s.code);
        if !codes.contains(&c) {
            codes.push(c);
        }
    }
    w.ta(
        "report-stop-disagree",
        &[
            ("codes", codes.join(", ")),
            ("code", d.stop_code.clone().unwrap_or_default()),
        ],
    )
}

/// The snake_case id of a stop origin.
pub(crate) fn origin_id(o: vmrescue_evidence::StopOrigin) -> &'static str {
    use vmrescue_evidence::StopOrigin::*;
    match o {
        MemoryDump => "memory_dump",
        PagefileDump => "pagefile_dump",
        Minidump => "minidump",
        BugcheckEvent => "bugcheck_event",
        KernelPowerEvent => "kernel_power_event",
        Screenshot => "screenshot",
        SerialLog => "serial_log",
        User => "user",
    }
}

fn causes(o: &mut String, d: &Diagnosis, w: &Words, p: &Paint) {
    let _ = writeln!(o, "{}", p.bold(&w.t("report-causes-heading")));
    if let Some(a) = d.time_anchor.as_ref().filter(|a| a.source != "memory_dump") {
        let _ = writeln!(o, "  {}", p.dim(&time_anchor_line(a, w)));
    }
    for (rank, c) in d.causes.iter().enumerate() {
        cause(o, d, c, rank + 1, w, p);
    }
}

fn cause(o: &mut String, d: &Diagnosis, c: &Cause, rank: usize, w: &Words, p: &Paint) {
    let id = c.id.as_str();
    let likelihood = w.t(&format!("likelihood-{}", c.likelihood.as_str()));
    let title = w.cause_title(id);
    let title = if c.likelihood >= Likelihood::Medium {
        p.bold(&title)
    } else {
        title
    };
    let _ = writeln!(
        o,
        "  {rank}. {title} — {}",
        p.likelihood(c.likelihood, &likelihood)
    );
    if c.likelihood > Likelihood::NotIndicated {
        let _ = writeln!(o, "     {}", p.dim(&w.cause_description(id)));
    }
    let supporting: Vec<_> = c.evidence.iter().filter(|e| e.supports).collect();
    let against: Vec<_> = c.evidence.iter().filter(|e| !e.supports).collect();
    for e in supporting.iter().take(TOP_EVIDENCE) {
        let _ = writeln!(o, "     {} {}", p.s("31", "+"), w.msg(&e.message));
        if let Some(pv) = item_provenance(d, e, w) {
            let _ = writeln!(o, "       {}", p.dim(&provenance_line(&pv)));
        }
    }
    if supporting.len() > TOP_EVIDENCE {
        let _ = writeln!(
            o,
            "       {}",
            p.dim(&w.ta(
                "report-evidence-more",
                &[("count", (supporting.len() - TOP_EVIDENCE).to_string())]
            ))
        );
    }
    for e in &against {
        let _ = writeln!(o, "     {} {}", p.s("32", "−"), p.dim(&w.msg(&e.message)));
    }
    if c.evidence.is_empty() {
        let _ = writeln!(o, "     {}", p.dim(&w.t("report-evidence-none")));
    }
}

fn dump(o: &mut String, d: &Diagnosis, w: &Words, p: &Paint) {
    let r = &d.dump_readiness;
    let _ = writeln!(o, "{}", p.bold(&w.t("report-dump-heading")));
    if r.ready {
        let _ = writeln!(o, "  {} {}", p.s("1;32", "✓"), w.t("report-dump-ready"));
    } else {
        let _ = writeln!(
            o,
            "  {} {}",
            p.s("1;31", "✗"),
            w.ta(
                "report-dump-not-ready",
                &[("count", r.problems.len().to_string())]
            )
        );
        for m in &r.problems {
            let _ = writeln!(o, "    • {}", w.msg(m));
        }
    }
    match &r.usable_dump {
        Some(path) => {
            let _ = writeln!(
                o,
                "  {} {}",
                p.s("1;32", "✓"),
                w.ta("report-dump-usable", &[("path", path.clone())])
            );
        }
        None => {
            let _ = writeln!(o, "  {} {}", p.s("2", "·"), no_dump_line(r, w));
        }
    }
}

/// The report in three lines, before the detail: the stop code, the most
/// likely cause, the one next step.
pub(crate) fn summary(d: &Diagnosis, w: &Words) -> Vec<String> {
    let stop = match &d.stop_code {
        Some(code) => {
            let (process, _) = process_and_status(d);
            w.ta(
                "report-summary-stop",
                &[
                    ("code", code.clone()),
                    ("name", d.stop_name.clone().unwrap_or_default()),
                    ("process", process.unwrap_or_default().to_string()),
                ],
            )
        }
        None => w.t("report-summary-no-stop"),
    };
    let cause = match d
        .causes
        .first()
        .filter(|c| c.likelihood > Likelihood::NotIndicated)
    {
        Some(c) => w.ta(
            "report-summary-cause",
            &[
                ("cause", w.cause_title(c.id.as_str())),
                (
                    "likelihood",
                    w.t(&format!("likelihood-{}", c.likelihood.as_str())),
                ),
            ],
        ),
        None => w.t("report-summary-no-cause"),
    };
    let mut out = vec![clean(&stop), clean(&cause)];
    // The one step that acts on the finding (revert the update, …) before
    // generic ones (collect, restore a backup) and the knowledge base's
    // preliminaries (take a snapshot).
    let generic = |id: &str| {
        id.starts_with("kb_") || matches!(id, "collect" | "restore_backup" | "other_stop_code")
    };
    let first = d
        .next_steps
        .iter()
        .find(|s| !generic(&s.id))
        .or_else(|| d.next_steps.iter().find(|s| !s.id.starts_with("kb_")))
        .or_else(|| d.next_steps.first());
    if let Some(s) = first {
        out.push(clean(
            &w.ta("report-summary-step", &[("step", w.msg(&s.message))]),
        ));
    }
    out
}

/// What "shortly before the failure" was measured against.
pub(crate) fn time_anchor_line(a: &vmrescue_diagnose::TimeAnchor, w: &Words) -> String {
    w.ta(
        "report-time-anchor",
        &[("time", time(&a.time)), ("source", a.source.clone())],
    )
}

/// "No usable memory dump", naming the other dumps the disk holds.
pub(crate) fn no_dump_line(r: &vmrescue_diagnose::DumpReadiness, w: &Words) -> String {
    if r.other_dumps.is_empty() {
        return w.t("report-dump-none");
    }
    let list: Vec<String> = r
        .other_dumps
        .iter()
        .map(|d| match d.kind.as_str() {
            "user" => w.ta(
                "report-dump-other-user",
                &[
                    ("process", d.process.clone().unwrap_or_else(|| "?".into())),
                    ("path", d.path.clone()),
                ],
            ),
            _ => w.ta("report-dump-other-incomplete", &[("path", d.path.clone())]),
        })
        .collect();
    w.ta(
        "report-dump-others",
        &[
            ("count", r.other_dumps.len().to_string()),
            ("list", list.join("; ")),
        ],
    )
}

fn steps(o: &mut String, d: &Diagnosis, w: &Words, p: &Paint) {
    let _ = writeln!(o, "{}", p.bold(&w.t("report-steps-heading")));
    for (i, s) in d.next_steps.iter().enumerate() {
        let text = w.msg(&s.message);
        let _ = writeln!(o, "  {}. {}", i + 1, text);
        if let Some(cmd) = &s.command {
            let cmd = clean(&vmrescue_l10n::placeholders(w.lang, cmd));
            // A step whose sentence already ends in its command: once is enough.
            if !text.contains(cmd.as_str()) {
                let _ = writeln!(o, "       {}", p.s("1;36", &cmd));
            }
        }
    }
}
