//! The rule table: every way a fact adds weight to a cause, as one named
//! item with the Windows behaviour it rests on, its source, its weight and
//! the test that exercises it. `docs/rules.md` is generated from this table
//! (`UPDATE_DOCS=1 cargo test -p vmrescue-diagnose rule_table`), so a support
//! engineer can review the list without reading code.
//!
//! Weights add per cause (items of one rule with diminishing returns, see
//! `score`) and map to a likelihood: high ≥ 50, medium ≥ 25, low ≥ 10. A
//! *strong* rule reaches high alone or nearly; a *weak* one never lifts a
//! cause above low by itself. "Near" means within the window before the time
//! anchor (the crash time of a dump, else the last event of System.evtx).
//! Sources are in `docs/evidence-signals.md` (copied from
//! `shared/docs/evidence-signals.md`, with the section named here).

use crate::model::CauseId::{self, *};

/// How much a rule can say on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    /// Decisive alone (weight ≥ 40).
    Strong,
    /// A real suspect, not proof (weight 15–39).
    Suspect,
    /// Support only (weight < 15).
    Weak,
}

/// One rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The rule's name (stable; JSON key `rule` of an evidence item).
    pub name: &'static str,
    /// The message id of the evidence line it writes.
    pub message: &'static str,
    /// The cause it supports.
    pub cause: CauseId,
    /// Its weight.
    pub weight: u32,
    /// The Windows behaviour it relies on.
    pub windows_fact: &'static str,
    /// Where that behaviour is documented.
    pub source: &'static str,
    /// The test that exercises it on a disk or case of its own
    /// (`<file>::<function>`); every rule is also reached by the report
    /// crate's synthetic evidence (`the_scenarios_reach_every_rule`).
    pub test: &'static str,
}

impl Rule {
    /// How much the rule can say on its own.
    pub fn strength(&self) -> Strength {
        match self.weight {
            w if w >= 40 => Strength::Strong,
            w if w >= 15 => Strength::Suspect,
            _ => Strength::Weak,
        }
    }
}

macro_rules! rules {
    ($($id:ident = $name:literal, $msg:literal, $cause:ident, $w:literal,
       fact: $fact:literal, source: $src:literal, test: $test:literal;)*) => {
        $(
            #[doc = $fact]
            pub const $id: Rule = Rule {
                name: $name, message: $msg, cause: $cause, weight: $w,
                windows_fact: $fact, source: $src, test: $test,
            };
        )*
        /// Every rule, in table order.
        pub const RULES: &[Rule] = &[$($id),*];
    };
}

rules! {
    // ---- Cause 2: a failed service pack or KB update ------------------------------------
    CBS_FAILURE = "cbs-failure", "ev-cbs-failure", FailedUpdate, 35,
        fact: "CBS.log records a failed boot-time operation or a rollback with Microsoft's own phrases (\"Failed to process advanced operation queue\", \"Rolling back KTM\", \"failure source: DOQ\", 0x800f0922 …); neither the word Failed nor the line level decides.",
        source: "evidence-signals.md §1.2; Microsoft, error 0x800f0922 / 0x800f0920",
        test: "crates/diagnose/src/rules.rs::a_failure_phrase_in_cbs_log_makes_it_high_and_a_sharing_violation_points_at_a_filter";
    PENDING_XML = "pending-xml", "ev-pending-xml", FailedUpdate, 35,
        fact: "pending.xml holds operations that run at the next boot in smss/poqexec, before csrss starts: a staged update is a real suspect for a csrss death, but staged is not failed (capped at medium without failure evidence).",
        source: "evidence-signals.md §1.2, §3 (guyrleech; Microsoft KB 4049094)",
        test: "crates/diagnose/src/rules.rs::a_staged_update_is_a_suspect_but_never_high_without_a_failure";
    PENDING_SURVIVED_BOOT = "pending-survived-boot", "ev-pending-survived-boot", FailedUpdate, 20,
        fact: "A session started (Kernel-General 12 / EventLog 6005) after pending.xml was written and pending.xml is still there: poqexec processes it at boot and removes it when the operations complete, so that boot did not complete them.",
        source: "evidence-signals.md §3 (anchor A; guyrleech on poqexec and pending.xml) (inference)",
        test: "crates/diagnose/src/rules.rs::pending_operations_that_outlived_a_boot_are_a_failure";
    UPDATE_FAILED_NEAR = "update-failed-near", "ev-update-failed", FailedUpdate, 25,
        fact: "WindowsUpdateClient 20 / Setup servicing failure of a KB within 14 days before the anchor. Store-app and Defender definition failures are residue.",
        source: "evidence-signals.md §1.2 (Microsoft event reference)",
        test: "crates/report/tests/messages.rs::the_scenarios_reach_every_rule";
    UPDATE_FAILED_NO_ANCHOR = "update-failed-no-anchor", "ev-update-failed", FailedUpdate, 15,
        fact: "A KB install failure when no time anchor exists to say how old it is.",
        source: "evidence-signals.md §1.2",
        test: "crates/diagnose/src/rules.rs::an_update_failure_without_a_time_anchor_is_a_suspect";
    SERVICING_FAILED = "servicing-failed", "ev-servicing-failed", FailedUpdate, 15,
        fact: "Setup.evtx Servicing event 3/6 (package failed) near the anchor or with no anchor.",
        source: "evidence-signals.md §1.2",
        test: "crates/report/tests/messages.rs::the_scenarios_reach_every_rule";
    SERVICING_FAILED_OLD = "servicing-failed-old", "ev-servicing-failed", FailedUpdate, 5,
        fact: "Setup.evtx Servicing failure long before the anchor: retried since, support only.",
        source: "evidence-signals.md §1.2",
        test: "crates/report/tests/messages.rs::the_scenarios_reach_every_rule";
    PACKAGE_FAILED = "package-failed", "ev-package-failed", FailedUpdate, 40,
        fact: "A CBS package whose CurrentState is 0x65 (Partially Installed) or negative (an invalid state: resolved -32, staged -64, installed -112, permanent -128) did not finish installing or is broken.",
        source: "evidence-signals.md §5 (Microsoft, CBS servicing states chart; CBSX CbsState)",
        test: "crates/diagnose/src/rules.rs::a_partially_installed_package_is_failure_evidence_and_install_pending_is_not";
    PACKAGE_PENDING = "package-pending", "ev-package-pending", FailedUpdate, 8,
        fact: "A CBS package in CurrentState 0x60 (Install Pending) waits for the next boot: staged, not failed.",
        source: "evidence-signals.md §5 (Microsoft, CBS servicing states chart)",
        test: "crates/diagnose/src/rules.rs::a_partially_installed_package_is_failure_evidence_and_install_pending_is_not";
    SERVICING_FLAG = "servicing-flag", "ev-servicing-pending", FailedUpdate, 12,
        fact: "CBS RebootPending / PackagesPending / SessionsPending: servicing waits for a reboot (pending only).",
        source: "evidence-signals.md §5 (Microsoft KB 4049094)",
        test: "crates/diagnose/src/rules.rs::a_staged_update_is_a_suspect_but_never_high_without_a_failure";
    SERVICING_MARKER = "servicing-marker", "ev-servicing-pending", FailedUpdate, 8,
        fact: "CBS PendingXmlIdentifier, WindowsUpdate RebootRequired: markers that repeat what pending.xml says.",
        source: "evidence-signals.md §5",
        test: "crates/diagnose/src/rules.rs::a_staged_update_is_a_suspect_but_never_high_without_a_failure";
    PENDING_RENAME_CRITICAL = "pending-rename-critical", "ev-pending-rename", FailedUpdate, 15,
        fact: "A PendingFileRenameOperations entry that replaces a file csrss or winlogon loads runs in smss before they start; renames of other files are residue.",
        source: "evidence-signals.md §3 (PendMoves; MOVEFILE_DELAY_UNTIL_REBOOT)",
        test: "crates/diagnose/src/rules.rs::a_pending_rename_of_a_critical_file_counts";
    UPDATE_STARTED_STAGED = "update-started-staged", "ev-update-started", FailedUpdate, 5,
        fact: "Setup.evtx shows the install of the update still staged in pending.xml starting in the 2 days before the anchor.",
        source: "evidence-signals.md §1.2",
        test: "crates/report/tests/messages.rs::the_scenarios_reach_every_rule";
    SHARING_VIOLATION_UPDATE = "sharing-violation-update", "ev-cbs-sharing-violation", FailedUpdate, 10,
        fact: "0x80070020 ERROR_SHARING_VIOLATION during servicing: the update could not replace a file another program held.",
        source: "evidence-signals.md §5 (Microsoft, common Windows Update errors)",
        test: "crates/diagnose/src/rules.rs::a_failure_phrase_in_cbs_log_makes_it_high_and_a_sharing_violation_points_at_a_filter";

    // ---- Cause 1: mismatched system files ------------------------------------------------
    FILE_REPLACED = "file-replaced", "ev-file-replaced", MismatchedSystemFiles, 50,
        fact: "A load-set file in System32 is on its own MFT record and its version matches no installed component folder that holds it: written outside servicing (servicing projects files from WinSxS as hard links).",
        source: "evidence-signals.md §1.0, §1.1 (Microsoft, WinSxS size / Manage the component store)",
        test: "crates/vmrescue/tests/scenarios.rs::every_scenario_gets_the_right_diagnosis";
    BUILD_FAMILY = "build-family", "ev-build-family-mismatch", MismatchedSystemFiles, 50,
        fact: "A load-set file of another build family (major.minor.build) than CurrentBuild (or its enablement base): it belongs to another Windows release.",
        source: "evidence-signals.md §1.1",
        test: "crates/diagnose/src/rules.rs::the_component_store_decides_not_a_vote";
    FILE_MISSING = "file-missing", "ev-file-missing", MismatchedSystemFiles, 40,
        fact: "A critical binary or csrss server DLL is absent: csrss or winlogon cannot start (0xC0000135). A KnownDLLs entry without a file is not evidence.",
        source: "evidence-signals.md §1.1; domain.md §2.3",
        test: "crates/report/tests/messages.rs::the_scenarios_reach_every_rule";
    FILE_NOT_PE = "file-not-pe", "ev-file-not-pe", MismatchedSystemFiles, 25,
        fact: "A load-set file is not a PE image: the loader fails (0xC000007B / 0xC000012F).",
        source: "evidence-signals.md §1.1 (Datto KnownDLL note)",
        test: "crates/report/tests/messages.rs::the_scenarios_reach_every_rule";
    FILE_EMPTY_FILES = "file-empty-files", "ev-file-empty", MismatchedSystemFiles, 20,
        fact: "A 0-byte load-set file cannot be loaded.",
        source: "evidence-signals.md §1.3",
        test: "crates/report/tests/messages.rs::the_scenarios_reach_every_rule";
    FILE_ZERO_FILES = "file-zero-files", "ev-file-all-zero", MismatchedSystemFiles, 10,
        fact: "A zero-filled load-set file cannot be loaded (mostly a restore sign, counted there).",
        source: "evidence-signals.md §1.3",
        test: "crates/vmrescue/tests/scenarios.rs::every_scenario_gets_the_right_diagnosis";
    FILE_UNLINKED_FILES = "file-unlinked-files", "ev-file-unlinked", MismatchedSystemFiles, 5,
        fact: "One load-set file lost its WinSxS link but has the installed version: a manual repair (the 0xC0000102 procedure copies from WinSxS), support only.",
        source: "evidence-signals.md §1.0 (single-link files that are normal), §1.1 weak",
        test: "crates/diagnose/src/rules.rs::the_component_store_decides_not_a_vote";
    STATUS_POINTS_TO_FILES = "status-points-to-files", "ev-status-points-to-files", MismatchedSystemFiles, 10,
        fact: "The dying process's status is a loader failure (0xC0000135, 0xC0000139, 0xC000007B, 0xC0000142, 0xC0000428): it could not load or bind a DLL.",
        source: "domain.md §2.3; evidence-signals.md §1.1",
        test: "crates/vmrescue/tests/scenarios.rs::every_scenario_gets_the_right_diagnosis";

    // ---- Cause 3: a backup program did not restore in-use files --------------------------
    LINKS_BROKEN_TOGETHER = "links-broken-together", "ev-links-broken-together", IncompleteRestore, 45,
        fact: "Several load-set files lost their WinSxS hard link within one hour with the content of an installed version: a file-level copy or restore of the system folder (servicing never breaks a projection).",
        source: "evidence-signals.md §1.3, §4 (broken projection in bulk)",
        test: "crates/diagnose/src/rules.rs::the_component_store_decides_not_a_vote";
    FILE_ZERO_RESTORE = "file-zero-restore", "ev-file-all-zero", IncompleteRestore, 35,
        fact: "A load-set file zero-filled at full size: a file in use during the backup whose data never came back (valid data length 0).",
        source: "evidence-signals.md §1.3, §4",
        test: "crates/vmrescue/tests/scenarios.rs::every_scenario_gets_the_right_diagnosis";
    FILE_EMPTY_RESTORE = "file-empty-restore", "ev-file-empty", IncompleteRestore, 25,
        fact: "A 0-byte load-set file: created by the restore, never filled.",
        source: "evidence-signals.md §1.3, §4",
        test: "crates/report/tests/messages.rs::the_scenarios_reach_every_rule";
    HIVE_DAMAGED_RESTORE = "hive-damaged-restore", "ev-hive-damaged", IncompleteRestore, 15,
        fact: "An empty or zero-filled hive fits a restore that skipped in-use files, but a damaged hive is first the 0x74 / 0xC000014C procedure (given as a step); counted once per hive.",
        source: "evidence-signals.md §1.3; Microsoft, 0x74 BAD_SYSTEM_CONFIG_INFO",
        test: "crates/diagnose/src/rules.rs::one_damaged_hive_counts_once_and_leads_to_the_hive_procedure";
    FILE_UNLINKED_RESTORE = "file-unlinked-restore", "ev-file-unlinked", IncompleteRestore, 10,
        fact: "One load-set file lost its WinSxS link with the installed content: a copy, possibly by a restore.",
        source: "evidence-signals.md §4",
        test: "crates/diagnose/src/rules.rs::the_component_store_decides_not_a_vote";

    // ---- Cause 4: an incompatible third-party program ------------------------------------
    LOAD_POINT = "third-party-load-point", "ev-third-party-load-point", ThirdPartyProgram, 45,
        fact: "Non-Microsoft code registered where csrss or every process maps it (a csrss ServerDll, a KnownDLLs entry).",
        source: "evidence-signals.md §1.4, §2",
        test: "crates/diagnose/src/rules.rs::third_party_code_is_judged_by_who_made_it";
    SUBSYSTEM_CHANGED = "subsystem-changed", "ev-subsystem-changed", ThirdPartyProgram, 45,
        fact: "The csrss command line (SubSystems\\Windows) differs from Windows' own: a foreign ServerDll runs inside csrss.",
        source: "evidence-signals.md §2 (Microsoft, user32/kernel32 initialization article)",
        test: "crates/report/tests/messages.rs::the_scenarios_reach_every_rule";
    THIRD_PARTY_DRIVER = "third-party-driver", "ev-third-party-driver", ThirdPartyProgram, 40,
        fact: "A non-Microsoft boot- or system-start driver, file-system minifilter or device-class filter (by CompanyName or oem INF package) added or changed in the 14 days before the anchor: it loads before or with the session manager.",
        source: "evidence-signals.md §1.4, §2 (Microsoft, 0x7B article; minifilter altitudes)",
        test: "crates/diagnose/src/rules.rs::third_party_code_is_judged_by_who_made_it";
    APPINIT_ENABLED = "appinit-enabled", "ev-appinit-enabled", ThirdPartyProgram, 35,
        fact: "AppInit_DLLs with LoadAppInit_DLLs=1: user32 loads them into winlogon (ignored when Secure Boot is on).",
        source: "evidence-signals.md §2 (Microsoft, AppInit DLLs and Secure Boot)",
        test: "crates/report/tests/messages.rs::the_scenarios_reach_every_rule";
    THIRD_PARTY_SERVICE_EARLY = "third-party-service-early", "ev-third-party-service-recent", ThirdPartyProgram, 30,
        fact: "A non-Microsoft boot/system-start service changed in the 14 days before the anchor.",
        source: "evidence-signals.md §1.4",
        test: "crates/vmrescue/tests/scenarios.rs::every_scenario_gets_the_right_diagnosis";
    SERVICE_INSTALLED = "service-installed", "ev-service-installed", ThirdPartyProgram, 25,
        fact: "SCM 7045 installed a service that is still configured with a non-Microsoft binary, in the week before the anchor.",
        source: "evidence-signals.md §1.4",
        test: "crates/report/tests/messages.rs::the_scenarios_reach_every_rule";
    CREDENTIAL_PROVIDER = "credential-provider", "ev-credential-provider", ThirdPartyProgram, 20,
        fact: "A non-Microsoft credential provider (by its DLL's CompanyName): it runs in LogonUI, not in winlogon or csrss, so it weighs below code that runs there.",
        source: "evidence-signals.md §1.4, §2 (Microsoft, Credential providers in Windows)",
        test: "crates/vmrescue/tests/scenarios.rs::every_scenario_gets_the_right_diagnosis";
    WINLOGON_CHANGED = "winlogon-changed", "ev-winlogon-changed", ThirdPartyProgram, 20,
        fact: "Winlogon Shell/Userinit/Notify differ from Windows' default: they start children of winlogon (a bad value gives a logon loop more than a winlogon death).",
        source: "evidence-signals.md §1.4 weak",
        test: "crates/report/tests/messages.rs::the_scenarios_reach_every_rule";
    THIRD_PARTY_SERVICE = "third-party-service", "ev-third-party-service-recent", ThirdPartyProgram, 15,
        fact: "A non-Microsoft auto/demand-start service changed in the 14 days before the anchor (starts after csrss and winlogon).",
        source: "evidence-signals.md §1.4 weak",
        test: "crates/report/tests/messages.rs::the_scenarios_reach_every_rule";
    PROGRAM_INSTALLED = "program-installed", "ev-program-installed", ThirdPartyProgram, 15,
        fact: "MsiInstaller recorded a product install in the week before the anchor.",
        source: "evidence-signals.md §1.4 weak",
        test: "crates/report/tests/messages.rs::the_scenarios_reach_every_rule";
    SHARING_VIOLATION_FILTER = "sharing-violation-filter", "ev-cbs-sharing-violation", ThirdPartyProgram, 12,
        fact: "0x80070020 during servicing is \"caused by non-Microsoft filter drivers like antivirus\" holding the file.",
        source: "evidence-signals.md §5 (Microsoft, common Windows Update errors)",
        test: "crates/diagnose/src/rules.rs::a_failure_phrase_in_cbs_log_makes_it_high_and_a_sharing_violation_points_at_a_filter";
    APPINIT_DISABLED = "appinit-disabled", "ev-appinit-disabled", ThirdPartyProgram, 5,
        fact: "AppInit_DLLs listed but LoadAppInit_DLLs=0: not loaded, support only.",
        source: "evidence-signals.md §2",
        test: "crates/report/tests/messages.rs::the_scenarios_reach_every_rule";
    SERVICE_FAILED = "service-failed", "ev-service-failed", ThirdPartyProgram, 4,
        fact: "A configured third-party service failed to start (SCM 7000/7023/7026) in the 2 days before the anchor.",
        source: "evidence-signals.md §1.4",
        test: "crates/report/tests/messages.rs::the_scenarios_reach_every_rule";
}

/// The rule of a name.
pub fn by_name(name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.name == name)
}

/// The table as Markdown (`docs/rules.md`).
pub fn markdown() -> String {
    let mut out = String::from(
        "# vmrescue's diagnosis rules\n\n\
         Generated from `crates/diagnose/src/table.rs` (`UPDATE_DOCS=1 cargo test -p vmrescue-diagnose rule_table`).\n\
         Weights add per cause (several items of one rule with diminishing returns) and map to a likelihood:\n\
         high ≥ 50, medium ≥ 25, low ≥ 10. A failed update needs failure evidence to go above medium.\n\
         Residue every Windows carries (Store/Defender update failures, old failures, pending renames of\n\
         other files, long-present third-party services, Windows' own service events) is said once, never counted.\n",
    );
    let mut cause: Option<CauseId> = None;
    for r in RULES {
        if cause != Some(r.cause) {
            cause = Some(r.cause);
            out.push_str(&format!(
                "\n## {}\n\n| Rule | Weight | Strength | Windows behaviour | Source | Test |\n| --- | --- | --- | --- | --- | --- |\n",
                r.cause.as_str()
            ));
        }
        out.push_str(&format!(
            "| `{}` (`{}`) | {} | {:?} | {} | {} | `{}` |\n",
            r.name,
            r.message,
            r.weight,
            r.strength(),
            r.windows_fact.replace('|', "\\|"),
            r.source,
            r.test
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_table_is_documented_and_names_are_unique() {
        let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n, "rule names are unique");
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        for r in RULES {
            let (file, func) = r.test.rsplit_once("::").unwrap();
            let text = std::fs::read_to_string(format!("{root}/{file}"))
                .unwrap_or_else(|e| panic!("rule {}: {file}: {e}", r.name));
            assert!(
                text.contains(&format!("fn {func}(")),
                "rule {}: no test {func} in {file}",
                r.name
            );
        }
        let path = format!("{root}/docs/rules.md");
        let want = markdown();
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "docs/rules.md is out of date: run UPDATE_DOCS=1 cargo test -p vmrescue-diagnose rule_table"
        );
    }
}
