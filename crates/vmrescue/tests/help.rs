//! `vmrescue --help`, every subcommand's help and clap's own words in
//! English, Swedish and Spanish (the binary, with the language from `--lang`
//! or the locale).

use std::process::Command;

const SUBCOMMANDS: [&str; 13] = [
    "triage",
    "completions",
    "man",
    "info",
    "ls",
    "cat",
    "reg",
    "diagnose",
    "bcd",
    "prepare-dump",
    "collect",
    "verify",
    "dump",
];

/// How the language is chosen.
#[derive(Clone, Copy, Debug)]
enum Lang {
    /// `LANG=C`: English.
    En,
    /// `--lang sv` on the command line.
    Sv,
    /// `LANG=es_ES.UTF-8`.
    Es,
}

const LANGS: [Lang; 3] = [Lang::En, Lang::Sv, Lang::Es];

/// The words clap writes itself, per language.
struct Words {
    usage: &'static str,
    arguments: &'static str,
    options: &'static str,
    commands: &'static str,
    print_help: &'static str,
}

impl Lang {
    fn words(self) -> Words {
        match self {
            Lang::En => Words {
                usage: "Usage:",
                arguments: "Arguments:",
                options: "Options:",
                commands: "Commands:",
                print_help: "Print help",
            },
            Lang::Sv => Words {
                usage: "Användning:",
                arguments: "Argument:",
                options: "Alternativ:",
                commands: "Kommandon:",
                print_help: "Visa hjälp",
            },
            Lang::Es => Words {
                usage: "Uso:",
                arguments: "Argumentos:",
                options: "Opciones:",
                commands: "Comandos:",
                print_help: "Muestra la ayuda",
            },
        }
    }
}

/// Runs `vmrescue ARGS` in `lang`; asserts exit 0 and an empty stderr, and
/// returns standard output.
fn help(lang: Lang, args: &[&str]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vmrescue"));
    for var in ["LC_ALL", "LC_MESSAGES", "LANG", "CLICOLOR_FORCE"] {
        cmd.env_remove(var);
    }
    cmd.env("COLUMNS", "100");
    match lang {
        Lang::En => {
            cmd.env("LANG", "C");
        }
        Lang::Sv => {
            cmd.args(["--lang", "sv"]);
        }
        Lang::Es => {
            cmd.env("LANG", "es_ES.UTF-8");
        }
    }
    let out = cmd.args(args).output().expect("run vmrescue");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 help");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{lang:?} {args:?}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(stderr.is_empty(), "{lang:?} {args:?}: {stderr}");
    assert!(!stdout.trim().is_empty(), "{lang:?} {args:?}: no help");
    stdout
}

/// The text with every run of white space as one space (clap wraps lines).
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn assert_has(text: &str, phrases: &[&str], what: &str) {
    let flat = flat(text);
    for phrase in phrases {
        assert!(flat.contains(phrase), "{what}: no {phrase:?} in\n{text}");
    }
}

fn assert_lacks(text: &str, phrases: &[&str], what: &str) {
    for phrase in phrases {
        assert!(!text.contains(phrase), "{what}: {phrase:?} in\n{text}");
    }
}

/// Clap's English words that must not be left in a translated help.
const CLAP_ENGLISH: [&str; 8] = [
    "Usage:",
    "Options:",
    "Arguments:",
    "Commands:",
    "Print help",
    "Print version",
    "[default:",
    "Possible values",
];

#[test]
fn top_level_help_in_each_language() {
    for lang in LANGS {
        let w = lang.words();
        for flag in ["--help", "-h"] {
            let out = help(lang, &[flag]);
            let what = format!("{lang:?} {flag}");
            assert_has(&out, &[w.usage, w.commands, w.options, w.print_help], &what);
            assert_has(
                &out,
                &["vmrescue [OPTIONS] <COMMAND>", "--lang <LANG>"],
                &what,
            );
            for sub in SUBCOMMANDS {
                assert!(
                    out.contains(&format!("\n  {sub} ")),
                    "{what}: {sub} not listed\n{out}"
                );
            }
            match lang {
                Lang::En => assert_has(
                    &out,
                    &[
                        "Rescue Windows VMs that stop with a blue screen",
                        "Print this message or the help of the given subcommand(s)",
                        "Print version",
                        "Exit codes: 0 success, 1 failure, 2 usage error.",
                        "Language of messages: en, sv or es",
                    ],
                    &what,
                ),
                Lang::Sv => assert_has(
                    &out,
                    &[
                        "Räddar virtuella Windows-datorer",
                        "Visa det här meddelandet eller hjälpen för angivna underkommandon",
                        "Visa version",
                        "Källor öppnas alltid skrivskyddade.",
                        "Språk för meddelanden: en, sv eller es",
                    ],
                    &what,
                ),
                Lang::Es => assert_has(
                    &out,
                    &[
                        "Rescata máquinas virtuales Windows",
                        "Muestra este mensaje o la ayuda de los subcomandos indicados",
                        "Muestra la versión",
                        "Códigos de salida: 0 correcto, 1 error, 2 error de uso.",
                        "Idioma de los mensajes: en, sv o es",
                    ],
                    &what,
                ),
            }
            if !matches!(lang, Lang::En) {
                assert_lacks(&out, &CLAP_ENGLISH, &what);
                assert_lacks(&out, &["Exit codes", "Print this message"], &what);
            }
        }
    }
}

#[test]
fn diagnose_long_help_in_each_language() {
    for lang in LANGS {
        let w = lang.words();
        let out = help(lang, &["diagnose", "--help"]);
        let what = format!("{lang:?} diagnose --help");
        assert_has(
            &out,
            &[w.usage, w.arguments, w.options, w.print_help],
            &what,
        );
        assert_has(
            &out,
            &[
                "vmrescue diagnose [OPTIONS] <SOURCE>...",
                "--stop-code <CODE>",
                "CRITICAL_PROCESS_DIED",
            ],
            &what,
        );
        match lang {
            Lang::En => assert_has(
                &out,
                &[
                    "Diagnose why Windows stops: the stop code, the four causes of 0xC000021A ranked with their evidence, dump readiness, next steps.",
                    "Inputs are disks (and, as further evidence, boot-diagnostics screenshots and serial console logs), detected by content.",
                    "Report format",
                    "Possible values:",
                    "- text: Terminal text",
                    "- json: JSON (keys in English; schema in docs/diagnosis.schema.json)",
                    "[default: text]",
                    "Recorded as evidence of origin \"user\"",
                    "Print help (see a summary with '-h')",
                ],
                &what,
            ),
            Lang::Sv => assert_has(
                &out,
                &[
                    "Diagnostisera varför Windows stannar: stoppkoden, de fyra orsakerna till 0xC000021A",
                    "skärmbilder från startdiagnostiken och seriekonsolloggar",
                    "Rapportformat",
                    "Möjliga värden:",
                    "- text: Text för terminalen",
                    "- json: JSON (nycklar på engelska; schema i docs/diagnosis.schema.json)",
                    "[standard: text]",
                    "Registreras som belägg med ursprunget \"user\"",
                    "Visa hjälp (en sammanfattning med '-h')",
                ],
                &what,
            ),
            Lang::Es => assert_has(
                &out,
                &[
                    "Diagnostica por qué se detiene Windows: el código de detención, las cuatro causas de 0xC000021A",
                    "capturas de pantalla de diagnósticos de arranque y registros de la consola serie",
                    "Formato del informe",
                    "Valores posibles:",
                    "- text: Texto para el terminal",
                    "- json: JSON (claves en inglés; esquema en docs/diagnosis.schema.json)",
                    "[predeterminado: text]",
                    "Se registra como prueba con origen \"user\"",
                    "Muestra la ayuda (un resumen con '-h')",
                ],
                &what,
            ),
        }
        if !matches!(lang, Lang::En) {
            assert_lacks(&out, &CLAP_ENGLISH, &what);
            assert_lacks(
                &out,
                &["Report format", "Terminal text", "Diagnose why"],
                &what,
            );
        }
    }
}

#[test]
fn prepare_dump_short_help_in_each_language() {
    for lang in LANGS {
        let w = lang.words();
        let out = help(lang, &["prepare-dump", "-h"]);
        let what = format!("{lang:?} prepare-dump -h");
        assert_has(&out, &[w.usage, w.arguments, w.options], &what);
        assert_has(
            &out,
            &[
                "vmrescue prepare-dump [OPTIONS] <TARGET>",
                "--dump-type <DUMP_TYPE>",
                "kernel, complete, automatic, active]",
                "vmrescue prepare-dump /mnt/osdisk --nmi --serial-console --ram 16G --apply",
                "{bootmgr}",
                "%SystemRoot%",
            ],
            &what,
        );
        match lang {
            Lang::En => assert_has(
                &out,
                &[
                    "Enable crash dumps, NMI crash dumps and the serial console offline",
                    "Memory dump type [default: complete] [possible values: kernel,",
                    "Print help (see more with '--help')",
                    "Example:",
                    "# the plan",
                ],
                &what,
            ),
            Lang::Sv => assert_has(
                &out,
                &[
                    "Aktivera kraschdumpar, kraschdumpar vid NMI och seriekonsolen offline",
                    "Typ av minnesdump [standard: complete] [möjliga värden: kernel,",
                    "Visa hjälp (mer med '--help')",
                    "Exempel:",
                    "# planen",
                ],
                &what,
            ),
            Lang::Es => assert_has(
                &out,
                &[
                    "Habilita sin conexión los volcados de memoria",
                    "Tipo de volcado de memoria [predeterminado: complete] [valores posibles: kernel,",
                    "Muestra la ayuda (más detalles con '--help')",
                    "Ejemplo:",
                    "# el plan",
                ],
                &what,
            ),
        }
        if !matches!(lang, Lang::En) {
            assert_lacks(&out, &CLAP_ENGLISH, &what);
            assert_lacks(&out, &["possible values", "Example:", "# the plan"], &what);
        }
    }
}

#[test]
fn every_subcommand_help_works_in_every_language() {
    for lang in LANGS {
        let w = lang.words();
        for sub in SUBCOMMANDS {
            for args in [vec![sub, "--help"], vec![sub, "-h"], vec!["help", sub]] {
                let out = help(lang, &args);
                let what = format!("{lang:?} {args:?}");
                assert_has(&out, &[w.usage, w.options, w.print_help], &what);
                assert!(
                    out.contains(&format!("vmrescue {sub}")),
                    "{what}: usage\n{out}"
                );
                // Positional arguments come first, as in clap's own layout.
                let arguments = out.find(&format!("\n{}\n", w.arguments));
                let options = out.find(&format!("\n{}\n", w.options));
                assert!(options.is_some(), "{what}: no options heading\n{out}");
                if let Some(arguments) = arguments {
                    assert!(
                        arguments < options.unwrap(),
                        "{what}: headings out of order\n{out}"
                    );
                }
                if !matches!(lang, Lang::En) {
                    assert_lacks(&out, &CLAP_ENGLISH, &what);
                }
            }
        }
    }
}

#[test]
fn lang_option_works_anywhere_on_the_command_line() {
    for args in [
        &["diagnose", "--help", "--lang", "sv"][..],
        &["diagnose", "--lang=sv", "--help"],
        &["--lang", "sv_SE.UTF-8", "diagnose", "-h"],
    ] {
        let out = help(Lang::En, args);
        assert_has(
            &out,
            &["Användning:", "Rapportformat"],
            &format!("{args:?}"),
        );
        assert_lacks(&out, &CLAP_ENGLISH, &format!("{args:?}"));
    }
    // The option beats the locale.
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vmrescue"));
    let out = cmd
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "es_ES.UTF-8")
        .args(["--lang", "en", "diagnose", "-h"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = String::from_utf8(out.stdout).unwrap();
    assert_has(&out, &["Usage:", "Report format"], "--lang en over LANG=es");
}

/// The three catalogues define the same ids (the unit tests in
/// `src/help.rs` check the English one against the doc comments).
#[test]
fn help_catalogues_have_the_same_ids() {
    fn ids(ftl: &str) -> Vec<&str> {
        ftl.lines()
            .filter(|l| !l.starts_with([' ', '#', '\t']) && l.contains('='))
            .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim()))
            .collect()
    }
    let en = ids(include_str!("../../l10n/locales/en-US/help.ftl"));
    assert!(en.len() > 50, "{en:?}");
    for (name, ftl) in [
        ("sv-SE", include_str!("../../l10n/locales/sv-SE/help.ftl")),
        ("es-ES", include_str!("../../l10n/locales/es-ES/help.ftl")),
    ] {
        let ids = ids(ftl);
        let missing: Vec<_> = en.iter().filter(|id| !ids.contains(id)).collect();
        let extra: Vec<_> = ids.iter().filter(|id| !en.contains(id)).collect();
        assert!(missing.is_empty(), "{name}: missing {missing:?}");
        assert!(extra.is_empty(), "{name}: not in English {extra:?}");
        assert_eq!(ids.len(), en.len(), "{name}: duplicate ids");
    }
}

#[test]
fn completions_and_the_man_page_come_from_the_command_tree() {
    let run = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_vmrescue"))
            .args(args)
            .env("LANG", "C")
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    };
    let man = run(&["man"]);
    assert!(
        man.starts_with(".ie") || man.contains(".TH vmrescue 1"),
        "{}",
        &man[..man.len().min(200)]
    );
    for sub in SUBCOMMANDS {
        // roff writes a hyphen as \-.
        let roff = sub.replace('-', "\\-");
        assert!(
            man.contains(sub) || man.contains(&roff),
            "the man page does not name {sub}"
        );
    }
    let bash = run(&["completions", "bash"]);
    assert!(bash.contains("_vmrescue") && bash.contains("triage"));
    // bash itself accepts the script.
    let dir = std::env::temp_dir().join(format!("vmrescue-compl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("vmrescue.bash");
    std::fs::write(&script, &bash).unwrap();
    let check = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(check.success(), "bash -n rejects the completion script");
    for shell in ["zsh", "fish"] {
        assert!(run(&["completions", shell]).contains("triage"), "{shell}");
    }
}
