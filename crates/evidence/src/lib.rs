//! # vmrescue-evidence
//!
//! Collectors that turn the artifacts of a Windows installation into typed
//! [`Fact`]s, each with its [`Provenance`] (artifact, locator, time). A
//! collector that cannot read its artifact records a `collector_error` fact
//! and the others go on: a damaged disk still gets a diagnosis.
//!
//! Collectors: crash dumps (stop code, process, status), event logs
//! (Kernel-Power 41, BugCheck 1001, EventLog 6008, Windows Update 19/20/43,
//! Service Control Manager 7045/7000/7026, MsiInstaller 11707/1033, Setup
//! servicing), servicing state (pending.xml, CBS flags, CBS.log), critical
//! system binaries (presence, emptiness, PE version resources), third-party
//! code (services, credential providers, Winlogon, AppInit_DLLs, csrss
//! command line), restore anomalies, and dump readiness.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod binaries;
mod events;
pub mod model;
mod projection;
mod registry;
mod screen;
mod servicing;
mod thirdparty;

use serde::Serialize;
use vmrescue_artifacts::Installation;
use vmrescue_registry::facts::WindowsFacts;

pub use binaries::CRITICAL_FILES;
pub use model::{Fact, FactKind, Provenance, StopOrigin};
pub use screen::{from_reading, from_user};

/// Options for collection.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// RAM of the VM in bytes, when the user knows it (`--ram`).
    pub ram: Option<u64>,
}

/// Everything the collectors found.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, Default)]
pub struct Evidence {
    /// The facts, in collection order.
    pub facts: Vec<Fact>,
    /// The time of the crash when a dump or event gives it (RFC 3339).
    pub crash_time: Option<String>,
}

impl Evidence {
    /// Adds a fact.
    pub fn push(&mut self, kind: FactKind, source: Provenance) {
        self.facts.push(Fact { kind, source });
    }

    /// Records that a collector could not read something.
    pub fn error(&mut self, collector: &str, artifact: &str, error: impl std::fmt::Display) {
        self.push(
            FactKind::CollectorError {
                collector: collector.into(),
                error: error.to_string(),
            },
            Provenance::of(artifact),
        );
    }

    /// The facts of one kind, selected by a predicate.
    pub fn find<'a>(
        &'a self,
        f: impl Fn(&FactKind) -> bool + 'a,
    ) -> impl Iterator<Item = (usize, &'a Fact)> + 'a {
        self.facts
            .iter()
            .enumerate()
            .filter(move |(_, x)| f(&x.kind))
    }
}

/// Runs every collector on an installation.
pub fn collect(inst: &Installation, opts: &Options) -> Evidence {
    let mut ev = Evidence::default();
    for problem in inst.source_problems() {
        ev.push(
            FactKind::SourceProblem { problem },
            Provenance::of(inst.disk.image.name.clone()),
        );
    }
    let facts = registry::load(inst, &mut ev);
    if let Some(f) = &facts {
        registry::collect(inst, f, &mut ev);
    }
    let crash = facts.as_ref().map(|f| &f.system.crash_control);
    binaries::dumps(inst, crash, &mut ev);
    events::collect(inst, &mut ev);
    let staged = servicing::collect(inst, &mut ev);
    projection::system_files(inst, facts.as_ref(), &staged, &mut ev);
    if let Some(f) = &facts {
        thirdparty::services(inst, f, &mut ev);
    }
    binaries::restore(inst, &mut ev);
    registry::readiness(inst, facts.as_ref(), opts, &mut ev);
    ev
}

/// The registry facts, for callers that also want them (e.g. `info`).
pub fn windows_facts(inst: &Installation) -> Option<WindowsFacts> {
    registry::load(inst, &mut Evidence::default())
}

/// Extracts `KB1234567` from a title.
pub(crate) fn kb_of(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut i = 0;
    while i + 2 < b.len() {
        if b[i].eq_ignore_ascii_case(&b'K') && b[i + 1].eq_ignore_ascii_case(&b'B') {
            let digits: String = text[i + 2..]
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            if (6..=8).contains(&digits.len()) {
                return Some(format!("KB{digits}"));
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn kb_numbers_are_found_in_titles() {
        assert_eq!(
            super::kb_of("2024-01 Cumulative Update for Windows 10 (KB5034441)").as_deref(),
            Some("KB5034441")
        );
        assert_eq!(
            super::kb_of("Security Intelligence Update - KB2267602 (Version 1.3)").as_deref(),
            Some("KB2267602")
        );
        assert_eq!(super::kb_of("no kb here KB12"), None);
    }
}
