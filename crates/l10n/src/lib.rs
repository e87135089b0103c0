//! # vmrescue-l10n
//!
//! Every message a user reads goes through here: Fluent files for English,
//! Swedish and Spanish are embedded at compile time (`locales/*/main.ftl`),
//! the language comes from `--lang` or the locale (`LC_ALL`, `LC_MESSAGES`,
//! `LANG`), and English is the fallback. JSON keys are never translated.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

pub use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use unic_langid::{LanguageIdentifier, langid};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en-US",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A supported language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Swedish.
    Sv,
    /// Spanish.
    Es,
}

impl Lang {
    /// All supported languages.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Sv, Lang::Es];

    /// Parses `en`, `sv`, `es` (also `sv_SE.UTF-8`-style locale names).
    pub fn parse(s: &str) -> Option<Self> {
        let code = s.split(['_', '-', '.']).next()?.to_ascii_lowercase();
        match code.as_str() {
            "en" => Some(Self::En),
            "sv" => Some(Self::Sv),
            "es" => Some(Self::Es),
            _ => None,
        }
    }

    /// The language of the environment (`LC_ALL`, `LC_MESSAGES`, `LANG`), or English.
    pub fn from_env() -> Self {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .and_then(|v| Self::parse(&v))
            .unwrap_or(Self::En)
    }

    /// The two-letter code.
    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Sv => "sv",
            Self::Es => "es",
        }
    }

    fn id(self) -> LanguageIdentifier {
        match self {
            Self::En => langid!("en-US"),
            Self::Sv => langid!("sv-SE"),
            Self::Es => langid!("es-ES"),
        }
    }
}

static CURRENT: OnceLock<Lang> = OnceLock::new();

/// Sets the language for this process (once; later calls are ignored).
pub fn set_lang(lang: Lang) {
    let _ = CURRENT.set(lang);
}

/// The language in use.
pub fn lang() -> Lang {
    *CURRENT.get_or_init(Lang::from_env)
}

/// The message `id` in the current language.
pub fn tr(id: &str) -> String {
    tr_in(lang(), id, &[])
}

/// The message `id` with arguments in the current language.
pub fn tr_args(id: &str, args: &[(&str, FluentValue<'static>)]) -> String {
    tr_in(lang(), id, args)
}

/// The message `id` in a given language. A missing message shows its id, so
/// a gap is visible (and the tests fail on it).
pub fn tr_in(lang: Lang, id: &str, args: &[(&str, FluentValue<'static>)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue<'static>> = args
        .iter()
        .map(|(k, v)| (Cow::Owned((*k).to_string()), v.clone()))
        .collect();
    LOCALES
        .try_lookup_with_args(&lang.id(), id, &map)
        .unwrap_or_else(|| id.to_string())
}

/// Where-in-the-file words the collectors write in English (`record 470,
/// Microsoft-Windows-WindowsUpdateClient 20`, `dump header`, `line 3`,
/// `value Shell`, `base block`), in `lang`. Names of structures
/// (`VS_VERSIONINFO`) and event providers stay as Windows writes them.
pub fn locator(lang: Lang, text: &str) -> String {
    let number_then = |prefix: &str| -> Option<(u64, String)> {
        let rest = text.strip_prefix(prefix)?;
        let end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let n = rest[..end].parse().ok()?;
        Some((n, rest[end..].to_string()))
    };
    if let Some((n, rest)) = number_then("record ") {
        return tr_in(lang, "loc-record", &[("n", FluentValue::from(n))]) + &rest;
    }
    if let Some((n, rest)) = number_then("line ") {
        return tr_in(lang, "loc-line", &[("n", FluentValue::from(n))]) + &rest;
    }
    if let Some(name) = text.strip_prefix("value ") {
        return tr_in(
            lang,
            "loc-value",
            &[("name", FluentValue::from(name.to_string()))],
        );
    }
    match text {
        "dump header" => tr_in(lang, "loc-dump-header", &[]),
        "base block" => tr_in(lang, "loc-base-block", &[]),
        _ => text.to_string(),
    }
}

/// The operating system's error texts (English, from `strerror`: Rust
/// programs run in the C locale) in `lang`, keeping `(os error N)` so the
/// code can still be looked up, and the fixed phrases of the lower layers'
/// errors (`: not found`, `read error at byte offset`, …), which are written
/// without a language so that those crates stay free of the catalogue.
pub fn os_errors(lang: Lang, text: &str) -> String {
    const KNOWN: [(i32, &str); 14] = [
        (1, "Operation not permitted"),
        (2, "No such file or directory"),
        (5, "Input/output error"),
        (6, "No such device or address"),
        (12, "Cannot allocate memory"),
        (13, "Permission denied"),
        (16, "Device or resource busy"),
        (17, "File exists"),
        (20, "Not a directory"),
        (21, "Is a directory"),
        (22, "Invalid argument"),
        (28, "No space left on device"),
        (30, "Read-only file system"),
        (32, "Broken pipe"),
    ];
    if lang == Lang::En {
        return text.to_string();
    }
    let mut out = text.to_string();
    // The disk, file system and registry layers' fixed phrases (their
    // structure names and reasons stay as written: they name on-disk formats).
    for (english, id) in [
        (": not found", "lib-not-found"),
        (": not a directory", "lib-not-a-directory"),
        (": is a directory", "lib-is-a-directory"),
        (": key not found", "lib-key-not-found"),
        (
            " read error at volume byte offset ",
            "lib-read-error-volume",
        ),
        (" read error at byte offset ", "lib-read-error"),
        (" at volume byte offset ", "lib-at-volume-offset"),
        (" at byte offset ", "lib-at-offset"),
        (" at hive offset ", "lib-at-hive-offset"),
        (" at file offset ", "lib-at-file-offset"),
        (": cannot open: ", "lib-cannot-open"),
        (" is not supported; ", "lib-not-supported"),
    ] {
        if out.contains(english) {
            out = out.replace(english, &tr_in(lang, id, &[]));
        }
    }
    for (code, english) in KNOWN {
        let pattern = format!("{english} (os error {code})");
        if out.contains(&pattern) {
            let local = tr_in(lang, &format!("os-error-{code}"), &[]);
            out = out.replace(&pattern, &format!("{local} (os error {code})"));
        }
    }
    out
}

/// The `<PLACEHOLDER>`s of the commands in next steps (`<DISK>`,
/// `<MOUNTED-WINDOWS-VOLUME>`, `<RG>`, `<VM>`) in `lang`; `<X>` (a drive
/// letter) stays.
pub fn placeholders(lang: Lang, command: &str) -> String {
    if lang == Lang::En || !command.contains('<') {
        return command.to_string();
    }
    let mut out = command.to_string();
    for (ph, id) in [
        (
            "<MOUNTED-WINDOWS-VOLUME>",
            "placeholder-mounted-windows-volume",
        ),
        ("<DISK>", "placeholder-disk"),
        ("<RG>", "placeholder-rg"),
        ("<VM>", "placeholder-vm"),
        ("<DOMAIN>", "placeholder-domain"),
    ] {
        if out.contains(ph) {
            out = out.replace(ph, &format!("<{}>", tr_in(lang, id, &[])));
        }
    }
    out
}

/// Whether `id` exists in `lang` itself (no fallback).
pub fn has_message(lang: Lang, id: &str) -> bool {
    let text = include_str_for(lang);
    text.lines()
        .any(|l| l.split_once('=').is_some_and(|(k, _)| k.trim() == id) && !l.starts_with(' '))
}

/// The message ids defined in a language's file.
pub fn message_ids(lang: Lang) -> Vec<String> {
    include_str_for(lang)
        .lines()
        .filter(|l| !l.starts_with([' ', '#', '\t']) && l.contains('='))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
        .collect()
}

fn include_str_for(lang: Lang) -> &'static str {
    match lang {
        Lang::En => include_str!("../locales/en-US/main.ftl"),
        Lang::Sv => include_str!("../locales/sv-SE/main.ftl"),
        Lang::Es => include_str!("../locales/es-ES/main.ftl"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locators_errors_and_placeholders_are_translated() {
        assert_eq!(
            locator(
                Lang::Sv,
                "record 470, Microsoft-Windows-WindowsUpdateClient 20"
            ),
            "post 470, Microsoft-Windows-WindowsUpdateClient 20"
        );
        assert_eq!(locator(Lang::Es, "line 3"), "línea 3");
        assert_eq!(locator(Lang::En, "dump header"), "dump header");
        assert_eq!(locator(Lang::Sv, "VS_VERSIONINFO"), "VS_VERSIONINFO");
        assert_eq!(
            os_errors(Lang::Es, "r.html: No such file or directory (os error 2)"),
            "r.html: No existe el archivo o el directorio (os error 2)"
        );
        assert_eq!(
            os_errors(
                Lang::Sv,
                r"disk partition 3: \Windows\System32\config\SOFTWARE: not found"
            ),
            r"disk partition 3: \Windows\System32\config\SOFTWARE: finns inte"
        );
        assert_eq!(
            os_errors(Lang::En, "No such file or directory (os error 2)"),
            "No such file or directory (os error 2)"
        );
        assert_eq!(
            placeholders(Lang::Sv, "vmrescue collect <DISK> -o b.tar.zst"),
            "vmrescue collect <DISK> -o b.tar.zst"
        );
        assert_eq!(
            placeholders(
                Lang::Es,
                "az serial-console send nmi --resource-group <RG> --name <VM>"
            ),
            "az serial-console send nmi --resource-group <GRUPO-DE-RECURSOS> --name <VM>"
        );
    }

    #[test]
    fn every_message_exists_in_every_language() {
        let en = message_ids(Lang::En);
        assert!(!en.is_empty());
        for lang in [Lang::Sv, Lang::Es] {
            let ids = message_ids(lang);
            let missing: Vec<_> = en.iter().filter(|id| !ids.contains(id)).collect();
            assert!(missing.is_empty(), "{}: missing {missing:?}", lang.code());
            let extra: Vec<_> = ids.iter().filter(|id| !en.contains(id)).collect();
            assert!(
                extra.is_empty(),
                "{}: not in English {extra:?}",
                lang.code()
            );
        }
    }

    #[test]
    fn messages_render_with_arguments_in_each_language() {
        for lang in Lang::ALL {
            let s = tr_in(lang, "err-prefix", &[]);
            assert_ne!(s, "err-prefix");
            let s = tr_in(lang, "info-partitions", &[("count", 3.into())]);
            assert!(s.contains('3'), "{s}");
        }
        assert_eq!(Lang::parse("sv_SE.UTF-8"), Some(Lang::Sv));
        assert_eq!(Lang::parse("C"), None);
    }
}
