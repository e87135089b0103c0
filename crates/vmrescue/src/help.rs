//! Localized help: `vmrescue --help`, every subcommand's help and clap's own
//! words, from the Fluent catalogue (`crates/l10n/locales/*/help.ftl`).
//!
//! Message ids follow the command tree. For `vmrescue` itself they are
//! `help-about`, `help-after-help` and `help-arg-<arg>`; for a subcommand
//! `help-<command>-about`, `help-<command>-long` (the long about),
//! `help-<command>-after-help`, `help-<command>-arg-<arg>`,
//! `help-<command>-arg-<arg>-long` and `help-<command>-arg-<arg>-value-<value>`
//! (the help of a possible value), where `<arg>` is the argument's id with `_`
//! written as `-`. Clap's own words (headings, the help and version flags,
//! `[default: …]`, `Possible values:`) are `help-clap-*`. A missing id keeps
//! the text clap has, so the English catalogue only has to repeat the doc
//! comments (a unit test below checks that it does).

use std::ffi::{OsStr, OsString};
use std::path::Path;

use clap::builder::{PossibleValue, StyledStr, Styles};
use clap::{Arg, ArgAction, Command};
use vmrescue_l10n::{Lang, tr_in};

/// The language of the help, before clap has parsed anything: the value of
/// `--lang X` or `--lang=X` in the raw arguments (as from
/// [`std::env::args_os`]; nothing after `--` counts), else the locale
/// ([`Lang::from_env`]). An unknown value falls back to the locale too: clap
/// then reports it as a usage error.
pub(crate) fn early_lang(args: &[OsString]) -> Lang {
    for (i, arg) in args.iter().enumerate() {
        let value = match arg.to_str() {
            Some("--") => break,
            Some("--lang") => args.get(i + 1).and_then(|v| v.to_str()),
            Some(a) => match a.strip_prefix("--lang=") {
                Some(v) => Some(v),
                None => continue,
            },
            None => continue,
        };
        return value.and_then(Lang::parse).unwrap_or_else(Lang::from_env);
    }
    Lang::from_env()
}

/// `cmd` (the whole tree) with its help in the current language
/// ([`vmrescue_l10n::lang`]). The command comes back built
/// ([`Command::build`]): clap adds its help and version flags and the `help`
/// subcommand only then, and those texts are replaced afterwards.
pub(crate) fn localize(mut cmd: Command) -> Command {
    // Clap names the program after argv[0] when it parses, but the usage
    // lines of the subcommands are fixed when the tree is built; build it
    // with the same name.
    if cmd.get_bin_name().is_none()
        && let Some(name) = std::env::args_os()
            .next()
            .as_deref()
            .map(Path::new)
            .and_then(Path::file_name)
            .and_then(OsStr::to_str)
    {
        cmd = cmd.bin_name(name.to_string());
    }
    localize_in(cmd, vmrescue_l10n::lang())
}

/// [`localize`] for a given language.
fn localize_in(cmd: Command, lang: Lang) -> Command {
    let words = Words::new(lang);
    let mut cmd = texts(cmd, lang, ROOT);
    cmd.build();
    finish(cmd, &words, ROOT)
}

/// The id prefix of the top-level command.
const ROOT: &str = "help";

/// The message `id` in `lang`, if the catalogue has it (in `lang` or, as a
/// fallback, in English).
fn lookup(lang: Lang, id: &str) -> Option<String> {
    let text = tr_in(lang, id, &[]);
    (text != id).then_some(text)
}

/// A command, argument or value name as part of a message id.
fn id_part(name: &str) -> String {
    name.replace('_', "-")
}

/// Clap's own texts for its help and version flags and its `help`
/// subcommand, with the ids of their translations.
const CLAP_TEXTS: [(&str, &str); 6] = [
    ("Print help", "help-clap-print-help"),
    (
        "Print help (see more with '--help')",
        "help-clap-print-help-short",
    ),
    (
        "Print help (see a summary with '-h')",
        "help-clap-print-help-long",
    ),
    ("Print version", "help-clap-print-version"),
    (
        "Print this message or the help of the given subcommand(s)",
        "help-clap-help-command",
    ),
    (
        "Print help for the subcommand(s)",
        "help-clap-help-command-arg",
    ),
];

/// The translation of one of clap's [`CLAP_TEXTS`].
fn clap_text(lang: Lang, text: &StyledStr) -> Option<String> {
    let text = text.to_string();
    CLAP_TEXTS
        .iter()
        .find(|(english, _)| *english == text)
        .and_then(|(_, id)| lookup(lang, id))
}

/// Clap's words in one language.
struct Words {
    lang: Lang,
    usage: String,
    // Clap takes headings as `&'static str` (without its `string` feature);
    // they are made once per process.
    arguments: &'static str,
    options: &'static str,
    commands: &'static str,
    default: String,
    possible_values: String,
    possible_values_heading: String,
}

impl Words {
    fn new(lang: Lang) -> Self {
        let word =
            |id: &str, english: &str| lookup(lang, id).unwrap_or_else(|| english.to_string());
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        Self {
            lang,
            usage: word("help-clap-usage", "Usage"),
            arguments: leak(word("help-clap-arguments", "Arguments")),
            options: leak(word("help-clap-options", "Options")),
            commands: leak(word("help-clap-commands", "Commands")),
            default: word("help-clap-default", "default"),
            possible_values: word("help-clap-possible-values", "possible values"),
            possible_values_heading: word("help-clap-possible-values-heading", "Possible values"),
        }
    }

    /// Clap's default help template with the usage heading translated.
    fn template(&self, styles: &Styles, has_args: bool) -> String {
        let style = styles.get_usage();
        let usage = format!("{style}{}:{style:#} {{usage}}", self.usage);
        if has_args {
            format!("{{before-help}}{{about-with-newline}}\n{usage}\n\n{{all-args}}{{after-help}}")
        } else {
            format!("{{before-help}}{{about-with-newline}}\n{usage}{{after-help}}")
        }
    }
}

/// Before the build: the abouts, after-helps and argument helps of `cmd` and
/// its subcommands from the catalogue. Global arguments are copied into the
/// subcommands by the build, so they are translated once, where declared.
fn texts(mut cmd: Command, lang: Lang, prefix: &str) -> Command {
    let id = |suffix: &str| format!("{prefix}-{suffix}");
    if let Some(s) = lookup(lang, &id("about")) {
        cmd = cmd.about(s);
    }
    if let Some(s) = lookup(lang, &id("long")) {
        cmd = cmd.long_about(s);
    }
    if let Some(s) = lookup(lang, &id("before-help")) {
        cmd = cmd.before_help(s);
    }
    if let Some(s) = lookup(lang, &id("before-long-help")) {
        cmd = cmd.before_long_help(s);
    }
    if let Some(s) = lookup(lang, &id("after-help")) {
        cmd = cmd.after_help(s);
    }
    if let Some(s) = lookup(lang, &id("after-long-help")) {
        cmd = cmd.after_long_help(s);
    }
    cmd = cmd.mut_args(|arg| {
        let id = format!("{prefix}-arg-{}", id_part(arg.get_id().as_str()));
        let arg = match lookup(lang, &id) {
            Some(s) => arg.help(s),
            None => arg,
        };
        match lookup(lang, &format!("{id}-long")) {
            Some(s) => arg.long_help(s),
            None => arg,
        }
    });
    cmd = positionals_first(cmd);
    cmd.mut_subcommands(|sub| {
        let prefix = format!("{prefix}-{}", id_part(sub.get_name()));
        texts(sub, lang, &prefix)
    })
}

/// Moves the options after the positional arguments if one comes first:
/// clap orders help headings by their first argument, and "Arguments" is to
/// come before "Options" as in clap's own layout. (Only before the build:
/// [`Command::mut_arg`] re-inserts the argument.)
fn positionals_first(mut cmd: Command) -> Command {
    let args: Vec<(bool, String)> = cmd
        .get_arguments()
        .map(|a| (a.is_positional(), a.get_id().to_string()))
        .collect();
    let Some(first_option) = args.iter().position(|(positional, _)| !positional) else {
        return cmd;
    };
    if args[first_option..]
        .iter()
        .any(|(positional, _)| *positional)
    {
        for (_, id) in args.iter().filter(|(positional, _)| !positional) {
            cmd = cmd.mut_arg(id, |a| a);
        }
    }
    cmd
}

/// After the build: clap's help and version flags and `help` subcommand,
/// `[default: …]` and the possible values, the headings and the usage heading.
fn finish(mut cmd: Command, words: &Words, prefix: &str) -> Command {
    // Clap's `help` subcommand, and the copies of the tree under it.
    let clap_help = prefix != ROOT && cmd.get_name() == "help";
    if clap_help && let Some(s) = cmd.get_about().and_then(|t| clap_text(words.lang, t)) {
        cmd = cmd.about(s);
    }
    let styles = cmd.get_styles().clone();
    cmd = cmd.mut_args(|arg| finish_arg(arg, words, &styles, prefix, clap_help));
    if cmd.has_subcommands() {
        cmd = cmd.subcommand_help_heading(words.commands);
    }
    // As clap picks its template: the one without argument sections when
    // there is nothing to list.
    let has_args = cmd.get_arguments().any(|a| !a.is_hide_set())
        || cmd
            .get_subcommands()
            .any(|s| s.get_name() != "help" && !s.is_hide_set());
    cmd = cmd.help_template(words.template(&styles, has_args));
    cmd.mut_subcommands(|sub| {
        let prefix = format!("{prefix}-{}", id_part(sub.get_name()));
        finish(sub, words, &prefix)
    })
}

fn finish_arg(mut arg: Arg, words: &Words, styles: &Styles, prefix: &str, clap_help: bool) -> Arg {
    let builtin = clap_help
        || matches!(
            arg.get_action(),
            ArgAction::Help | ArgAction::HelpShort | ArgAction::HelpLong | ArgAction::Version
        );
    if builtin {
        if let Some(s) = arg.get_help().and_then(|t| clap_text(words.lang, t)) {
            arg = arg.help(s);
        }
        if let Some(s) = arg.get_long_help().and_then(|t| clap_text(words.lang, t)) {
            arg = arg.long_help(s);
        }
    }
    // A global argument keeps the ids of the command that declares it (here
    // always the top level).
    let prefix = if arg.is_global_set() { ROOT } else { prefix };
    let id = format!("{prefix}-arg-{}", id_part(arg.get_id().as_str()));
    arg = spec_values(arg, words, styles, &id);
    if arg.get_help_heading().is_none() {
        arg = if arg.is_positional() {
            // Under a heading clap sorts by display order, then name; keep
            // the positional order.
            let index = arg.get_index().unwrap_or(0);
            arg.help_heading(words.arguments).display_order(index)
        } else {
            arg.help_heading(words.options)
        };
    }
    arg
}

/// Clap's `[default: …]`, `[possible values: …]` and `Possible values:` list
/// in the current language: written into the argument's help as clap lays
/// them out (after the help in the short help; in the long help the list of
/// values with their help, then the default, each after a blank line), and
/// clap's own turned off.
fn spec_values(arg: Arg, words: &Words, styles: &Styles, id: &str) -> Arg {
    if arg.is_hide_set() {
        return arg;
    }
    let takes_values = arg.get_num_args().is_none_or(|n| n.takes_values());
    let defaults: Vec<String> = if takes_values && !arg.is_hide_default_value_set() {
        arg.get_default_values()
            .iter()
            .map(|v| quote(&v.to_string_lossy()))
            .collect()
    } else {
        Vec::new()
    };
    let values: Vec<PossibleValue> = if arg.is_hide_possible_values_set() {
        Vec::new()
    } else {
        arg.get_possible_values()
            .into_iter()
            .filter(|v| !v.is_hide_set())
            .collect()
    };
    if defaults.is_empty() && values.is_empty() {
        return arg;
    }

    let ctx = styles.get_context();
    let val = styles.get_context_value();
    let literal = styles.get_literal();
    let default = (!defaults.is_empty()).then(|| {
        format!(
            "{ctx}[{}: {ctx:#}{val}{}{val:#}{ctx}]{ctx:#}",
            words.default,
            defaults.join(" ")
        )
    });
    let inline_values = (!values.is_empty()).then(|| {
        let names: Vec<String> = values
            .iter()
            .map(|v| format!("{val}{}{val:#}", quote(v.get_name())))
            .collect();
        format!(
            "{ctx}[{}: {ctx:#}{}{ctx}]{ctx:#}",
            words.possible_values,
            names.join(&format!("{ctx}, {ctx:#}"))
        )
    });
    // The list with help (long help only) when any value has help.
    let listed = values.iter().any(|v| v.get_help().is_some());

    // `ansi` keeps any styling of the help (`to_string` would drop it).
    let styled = |s: Option<&StyledStr>| s.map(|s| s.ansi().to_string()).unwrap_or_default();

    let short_specs: Vec<&str> = [default.as_deref(), inline_values.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let mut short = styled(arg.get_help().or_else(|| arg.get_long_help()));
    if !short.is_empty() {
        short.push(' ');
    }
    short.push_str(&short_specs.join(" "));

    let mut long = styled(arg.get_long_help().or_else(|| arg.get_help()));
    let help_is_empty = long.is_empty();
    if listed {
        if !help_is_empty {
            long.push_str("\n\n");
        }
        long.push_str(&words.possible_values_heading);
        long.push(':');
        let width = values
            .iter()
            .map(|v| v.get_name().chars().count())
            .max()
            .unwrap_or(0);
        for value in &values {
            let name = value.get_name();
            long.push_str(&format!("\n- {literal}{name}{literal:#}"));
            let help = lookup(words.lang, &format!("{id}-value-{}", id_part(name)))
                .or_else(|| value.get_help().map(|h| h.ansi().to_string()));
            if let Some(help) = help {
                let padding = width - name.chars().count();
                long.push_str(&format!(": {:padding$}{help}", ""));
            }
        }
    }
    let long_specs: Vec<&str> = [
        default.as_deref(),
        inline_values.as_deref().filter(|_| !listed),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !long_specs.is_empty() {
        if !help_is_empty || listed {
            long.push_str("\n\n");
        }
        long.push_str(&long_specs.join("\n"));
    }

    arg.hide_default_value(true)
        .hide_possible_values(true)
        .help(short)
        .long_help(long)
}

/// A value as clap quotes it in help: in double quotes when empty or with
/// white space.
fn quote(value: &str) -> String {
    if value.is_empty() || value.contains(char::is_whitespace) {
        format!("{value:?}")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn catalogue(lang: Lang) -> &'static str {
        match lang {
            Lang::En => include_str!("../../l10n/locales/en-US/help.ftl"),
            Lang::Sv => include_str!("../../l10n/locales/sv-SE/help.ftl"),
            Lang::Es => include_str!("../../l10n/locales/es-ES/help.ftl"),
        }
    }

    fn ids(lang: Lang) -> Vec<String> {
        catalogue(lang)
            .lines()
            .filter(|l| !l.starts_with([' ', '#', '\t']) && l.contains('='))
            .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
            .collect()
    }

    /// Every text the derive gives clap, with the id it has in the catalogue.
    fn english(cmd: &Command, prefix: &str, out: &mut Vec<(String, String)>) {
        let mut push = |id: String, text: Option<&StyledStr>| {
            if let Some(text) = text {
                out.push((id, text.to_string()));
            }
        };
        push(format!("{prefix}-about"), cmd.get_about());
        push(format!("{prefix}-long"), cmd.get_long_about());
        push(format!("{prefix}-before-help"), cmd.get_before_help());
        push(
            format!("{prefix}-before-long-help"),
            cmd.get_before_long_help(),
        );
        push(format!("{prefix}-after-help"), cmd.get_after_help());
        push(
            format!("{prefix}-after-long-help"),
            cmd.get_after_long_help(),
        );
        for arg in cmd.get_arguments() {
            let id = format!("{prefix}-arg-{}", id_part(arg.get_id().as_str()));
            push(id.clone(), arg.get_help());
            push(format!("{id}-long"), arg.get_long_help());
            if arg.get_action().takes_values() {
                for value in arg.get_possible_values() {
                    push(
                        format!("{id}-value-{}", id_part(value.get_name())),
                        value.get_help(),
                    );
                }
            }
        }
        for sub in cmd.get_subcommands() {
            english(sub, &format!("{prefix}-{}", id_part(sub.get_name())), out);
        }
    }

    fn cli_texts() -> Vec<(String, String)> {
        let mut out = Vec::new();
        english(&crate::Cli::command(), ROOT, &mut out);
        out
    }

    #[test]
    fn english_catalogue_is_the_doc_comments() {
        let mut wrong = Vec::new();
        for (id, text) in cli_texts() {
            let got = tr_in(Lang::En, &id, &[]);
            if got != text {
                wrong.push(format!(
                    "{id}:\n  clap:      {text:?}\n  catalogue: {got:?}"
                ));
            }
        }
        assert!(
            wrong.is_empty(),
            "help.ftl differs from clap:\n{}",
            wrong.join("\n")
        );
        for (english, id) in CLAP_TEXTS {
            assert_eq!(tr_in(Lang::En, id, &[]), english);
        }
    }

    #[test]
    fn every_help_message_exists_in_every_language() {
        let en = ids(Lang::En);
        let used: Vec<String> = cli_texts().into_iter().map(|(id, _)| id).collect();
        let stale: Vec<_> = en
            .iter()
            .filter(|id| !id.starts_with("help-clap-") && !used.contains(id))
            .collect();
        assert!(stale.is_empty(), "en-US/help.ftl: not in the CLI {stale:?}");
        for lang in [Lang::Sv, Lang::Es] {
            let ids = ids(lang);
            let missing: Vec<_> = en.iter().filter(|id| !ids.contains(id)).collect();
            assert!(missing.is_empty(), "{}: missing {missing:?}", lang.code());
            let extra: Vec<_> = ids.iter().filter(|id| !en.contains(id)).collect();
            assert!(
                extra.is_empty(),
                "{}: not in English {extra:?}",
                lang.code()
            );
            for id in &ids {
                assert_ne!(
                    tr_in(lang, id, &[]),
                    *id,
                    "{}: {id} does not render",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn localized_tree_renders_in_every_language() {
        for lang in Lang::ALL {
            let mut cmd = localize_in(crate::Cli::command(), lang);
            let top = cmd.render_help().to_string();
            assert!(top.contains(&Words::new(lang).usage), "{top}");
            let names: Vec<String> = cmd
                .get_subcommands()
                .map(|s| s.get_name().to_string())
                .collect();
            for name in names {
                let sub = cmd.find_subcommand_mut(&name).unwrap();
                let short = sub.render_help().to_string();
                let long = sub.render_long_help().to_string();
                assert!(!short.is_empty() && !long.is_empty(), "{name}");
                if lang != Lang::En {
                    for english in [
                        "Usage:",
                        "Options:",
                        "Arguments:",
                        "Print help",
                        "[default:",
                    ] {
                        assert!(
                            !long.contains(english),
                            "{name} ({lang:?}): {english}\n{long}"
                        );
                        assert!(
                            !short.contains(english),
                            "{name} ({lang:?}): {english}\n{short}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn early_lang_reads_the_option() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            early_lang(&args(&["vmrescue", "--lang", "sv", "info", "x"])),
            Lang::Sv
        );
        assert_eq!(
            early_lang(&args(&["vmrescue", "info", "x", "--lang=es"])),
            Lang::Es
        );
        assert_eq!(
            early_lang(&args(&["vmrescue", "diagnose", "--lang", "sv_SE.UTF-8"])),
            Lang::Sv
        );
        let env = Lang::from_env();
        assert_eq!(
            early_lang(&args(&["vmrescue", "cat", "d", "--", "--lang", "sv"])),
            env
        );
        assert_eq!(early_lang(&args(&["vmrescue", "--lang", "xx"])), env);
        assert_eq!(early_lang(&args(&["vmrescue", "--lang"])), env);
        assert_eq!(early_lang(&args(&["vmrescue"])), env);
    }
}
