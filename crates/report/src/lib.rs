//! # vmrescue-report
//!
//! The last layer: a [`Diagnosis`] (data: message ids with arguments, facts
//! with provenance) becomes words, in the user's language, in three formats:
//!
//! - [`text`]: the terminal report, concise, coloured on request;
//! - [`json`]: the diagnosis as JSON (English keys, message ids and data, no
//!   prose), with its JSON Schema from [`schema`] (published as
//!   `docs/diagnosis.schema.json`);
//! - [`html`]: a single-file HTML page (inline CSS, no script, no external
//!   asset) with the same content as the text report plus every fact.
//!
//! Every user-visible word goes through `vmrescue_l10n` (Fluent ids `ev-*`,
//! `ready-*`, `step-*`, `cause-*`, `likelihood-*`, `origin-*`, `dumptype-*`,
//! `fact-*`, `report-*`). Message arguments are passed as strings (whole
//! numbers as numbers, so plural forms work), and for every argument `x` the
//! report also passes `has_x` (`yes`/`no`), so a translation can leave out
//! a part whose value is empty.
//!
//! Strings from the disk (file names, event text, registry data) are
//! untrusted: control and bidirectional-override characters are replaced in
//! every format, and the HTML escapes everything it inserts.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod html;
mod text;
mod words;

pub use vmrescue_l10n::Lang;

use vmrescue_diagnose::Diagnosis;

/// The terminal report in `lang`: the stop code and where it came from, the
/// causes ranked with their top evidence, dump readiness and the next steps
/// with their commands. ANSI colours only when `color` (pass whether standard
/// output is a terminal).
pub fn text(d: &Diagnosis, lang: Lang, color: bool) -> String {
    text::render(d, lang, color)
}

/// The diagnosis as pretty-printed JSON with a trailing newline. Keys are
/// English and stable (`stop_code`, `stop_name`, `causes` with `id`,
/// `likelihood` and `evidence`, `dump_readiness`, `next_steps`, …); messages
/// are ids with arguments, never translated text. It validates against
/// [`schema`].
pub fn json(d: &Diagnosis) -> String {
    let mut s = serde_json::to_string_pretty(d).expect("a diagnosis always serializes");
    s.push('\n');
    s
}

/// A single-file HTML report in `lang`: inline CSS (with print styles), no
/// script, no external asset; the text report's content plus the full
/// evidence table, in collapsible sections. Every string is HTML-escaped.
pub fn html(d: &Diagnosis, lang: Lang) -> String {
    html::render(d, lang)
}

/// The JSON Schema (draft 2020-12) of the [`json`] output, pretty-printed
/// with a trailing newline. The repository keeps a copy in
/// `docs/diagnosis.schema.json`; a test checks that it is current.
pub fn schema() -> String {
    let schema = schemars::schema_for!(Diagnosis);
    let mut s = serde_json::to_string_pretty(&schema).expect("a schema always serializes");
    s.push('\n');
    s
}
