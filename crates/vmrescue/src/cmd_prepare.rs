//! `vmrescue prepare-dump`: enable crash dumps, NMI crash dumps and the
//! serial console offline. Prints the plan; writes only with `--apply`
//! (after a backup, verified by reading back); `--undo` restores.

use std::path::PathBuf;

use serde_json::json;
use vmrescue_l10n::{FluentValue, tr, tr_args};
use vmrescue_prepare::{
    self as prepare, Change, DumpType, HiveRole, Note, Options, Plan, PrepareError, Scope,
    SelectRole, Severity,
};

use crate::open::CliError;

/// Command-line arguments of `prepare-dump`, as clap parsed them.
pub struct Args {
    pub target: PathBuf,
    pub apply: bool,
    pub undo: bool,
    pub dump_type: String,
    pub dump_file: Option<String>,
    pub dedicated_dump_file: Option<String>,
    pub dedicated_size: Option<u32>,
    pub nmi: bool,
    pub serial_console: bool,
    pub boot_menu: bool,
    pub ram: Option<u64>,
    pub bcd: Option<PathBuf>,
    pub in_place: bool,
    pub force: bool,
    pub json: bool,
}

fn args_of(list: &[(&'static str, String)]) -> Vec<(&'static str, FluentValue<'static>)> {
    list.iter()
        .map(|(k, v)| (*k, FluentValue::from(v.clone())))
        .collect()
}

fn err(e: PrepareError) -> CliError {
    tr_args(e.id(), &args_of(&e.args())).into()
}

fn note_text(n: &Note) -> String {
    let prefix = match n.severity {
        Severity::Warning => tr("warn-prefix"),
        Severity::Info => tr("note-prefix"),
    };
    format!("{prefix}: {}", tr_args(n.id, &args_of(&n.args)))
}

fn value_text(v: &Option<vmrescue_registry::RegValue>) -> String {
    match v {
        None => tr("prepare-plan-absent"),
        Some(v) => serde_json::to_value(v)
            .ok()
            .and_then(|j| j.get("value").cloned())
            .map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| x.to_string())
            })
            .unwrap_or_default(),
    }
}

fn role_name(r: SelectRole) -> String {
    tr(match r {
        SelectRole::Current => "prepare-role-current",
        SelectRole::Default => "prepare-role-default",
        SelectRole::LastKnownGood => "prepare-role-last-known-good",
    })
}

/// A BCD element's value as bcdedit shows it: booleans as Yes/No, integers
/// as numbers (element format from bits 24–27 of its id).
fn bcd_text(element: u32, v: &Option<vmrescue_registry::RegValue>) -> String {
    let hex = value_text(v);
    if v.is_none() {
        return hex;
    }
    let bytes: Vec<u8> = (0..hex.len() / 2)
        .filter_map(|i| u8::from_str_radix(hex.get(i * 2..i * 2 + 2)?, 16).ok())
        .collect();
    match (element >> 24) & 0xf {
        6 => (if bytes.first().is_some_and(|b| *b != 0) {
            "Yes"
        } else {
            "No"
        })
        .into(),
        5 => {
            let mut x = [0u8; 8];
            for (d, s) in x.iter_mut().zip(&bytes) {
                *d = *s;
            }
            u64::from_le_bytes(x).to_string()
        }
        _ => hex,
    }
}

fn change_line(c: &Change) -> String {
    let (after, before, label) = match &c.scope {
        Scope::BcdElement { element, name, .. } => (
            bcd_text(*element, &Some(c.after.clone())),
            bcd_text(*element, &c.before),
            name.map(str::to_string)
                .unwrap_or_else(|| format!("{element:08x}")),
        ),
        Scope::ControlSet { .. } => (
            value_text(&Some(c.after.clone())),
            value_text(&c.before),
            format!("{}\\{}", c.key, c.value),
        ),
    };
    let mark = if c.is_change() { "*" } else { " " };
    let state = if c.is_change() {
        format!("{before} → {after}")
    } else {
        format!("{after} ({})", tr("prepare-plan-unchanged"))
    };
    let new_key = if c.creates_key {
        format!(" [{}]", tr("prepare-plan-new-key"))
    } else {
        String::new()
    };
    format!("  {mark} {label}: {state}{new_key}")
}

fn plan_text(p: &Plan) -> String {
    let mut o = format!("{}\n", tr("prepare-plan-title"));
    for h in &p.hives {
        let key = match h.role {
            HiveRole::System => "prepare-plan-system",
            HiveRole::Bcd => "prepare-plan-bcd",
        };
        o += &format!(
            "\n{}\n",
            tr_args(key, &[("path", FluentValue::from(h.location.display()))])
        );
        let mut last_scope = String::new();
        for c in &h.changes {
            let scope = match &c.scope {
                Scope::ControlSet { number, roles } => tr_args(
                    "prepare-plan-control-set",
                    &[
                        ("number", FluentValue::from(format!("{number:03}"))),
                        (
                            "roles",
                            FluentValue::from(
                                roles
                                    .iter()
                                    .map(|r| role_name(*r))
                                    .collect::<Vec<_>>()
                                    .join(", "),
                            ),
                        ),
                    ],
                ),
                Scope::BcdElement { object, alias, .. } => {
                    alias.clone().unwrap_or_else(|| object.clone())
                }
            };
            if scope != last_scope {
                o += &format!(" {scope}\n");
                last_scope = scope;
            }
            o += &change_line(c);
            o.push('\n');
        }
    }
    for n in &p.notes {
        o += &format!("{}\n", note_text(n));
    }
    o += &format!("\n{}\n", tr("prepare-readiness-title"));
    for n in &p.readiness.notes {
        o += &format!("  {}\n", note_text(n));
    }
    o
}

fn nmi_text() -> String {
    let mut o = format!("\n{}\n", tr("prepare-nmi-title"));
    for i in prepare::nmi_instructions() {
        o += &format!("  {}\n", tr(i.message));
        for c in &i.commands {
            o += &format!("      {c}\n");
        }
    }
    o += &format!("\n{}\n", tr(prepare::NEXT_STEP));
    o
}

/// Runs `prepare-dump`.
pub fn run(a: Args) -> Result<(), CliError> {
    let dump_type = DumpType::parse(&a.dump_type).ok_or_else(|| {
        format!(
            "--dump-type {}: use kernel, complete, automatic or active",
            a.dump_type
        )
    })?;
    let opts = Options {
        target: a.target.clone(),
        dump_type,
        dump_file: a.dump_file,
        dedicated_dump_file: a.dedicated_dump_file,
        dedicated_size_mb: a.dedicated_size,
        nmi: a.nmi,
        serial_console: a.serial_console,
        boot_menu: a.boot_menu,
        ram_bytes: a.ram,
        bcd: a.bcd,
        in_place: a.in_place,
        force: a.force,
    };
    if a.undo {
        let undone = prepare::undo_with(&opts).map_err(err)?;
        if a.json {
            outln!("{}", serde_json::to_string_pretty(&undone)?);
        } else {
            for f in &undone.files {
                outln!(
                    "{}",
                    tr_args(
                        "prepare-undo-restored",
                        &[
                            ("path", FluentValue::from(f.path.clone())),
                            ("backup", FluentValue::from(f.backup.clone()))
                        ]
                    )
                );
            }
        }
        return Ok(());
    }
    let plan = prepare::plan(&opts).map_err(err)?;
    if !a.apply {
        if a.json {
            outln!(
                "{}",
                serde_json::to_string_pretty(
                    &json!({"applied": false, "plan": plan, "nmi": prepare::nmi_instructions()})
                )?
            );
        } else {
            out!("{}", plan_text(&plan));
            outln!(
                "\n{}",
                tr(if plan.writes() {
                    "prepare-plan-dry-run"
                } else {
                    "prepare-plan-nothing"
                })
            );
            out!("{}", nmi_text());
        }
        return Ok(());
    }
    let applied = prepare::apply(&plan).map_err(err)?;
    if a.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(
                &json!({"applied": true, "files": applied.files, "after": applied.after, "nmi": prepare::nmi_instructions()})
            )?
        );
        return Ok(());
    }
    for f in &applied.files {
        outln!(
            "{}",
            tr_args(
                "prepare-applied-backup",
                &[("path", FluentValue::from(f.backup.clone()))]
            )
        );
        for l in &f.logs_reset {
            outln!(
                "{}",
                tr_args(
                    "prepare-applied-logs-reset",
                    &[("path", FluentValue::from(l.clone()))]
                )
            );
        }
        outln!(
            "{}",
            tr_args(
                "prepare-applied-verified",
                &[("path", FluentValue::from(f.path.clone()))]
            )
        );
    }
    // What a fresh read of the written files finds.
    out!("\n{}", plan_text(&applied.after));
    out!("{}", nmi_text());
    Ok(())
}
