//! The diagnosis model. JSON keys are part of the contract: `stop_code`,
//! `stop_name`, `causes` (`id`, `likelihood`, `evidence`), `dump_readiness`,
//! `next_steps`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;
use vmrescue_evidence::{Fact, StopOrigin};

/// A message for the user: a Fluent id and its arguments.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
pub struct Message {
    /// Fluent message id, e.g. `ev-pending-xml`.
    pub id: String,
    /// Arguments (all strings).
    pub args: BTreeMap<String, String>,
}

impl Message {
    /// A message without arguments.
    pub fn new(id: &str) -> Self {
        Self {
            id: id.into(),
            args: BTreeMap::new(),
        }
    }
    /// Adds an argument.
    pub fn arg(mut self, k: &str, v: impl ToString) -> Self {
        self.args.insert(k.into(), v.to_string());
        self
    }
}

/// The four causes the article names.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum CauseId {
    /// Mismatched system files.
    MismatchedSystemFiles,
    /// A failed service pack or KB update.
    FailedUpdate,
    /// A backup program that did not restore in-use files.
    IncompleteRestore,
    /// An incompatible third-party program.
    ThirdPartyProgram,
}

impl CauseId {
    /// All causes, in the article's order.
    pub const ALL: [CauseId; 4] = [
        Self::MismatchedSystemFiles,
        Self::FailedUpdate,
        Self::IncompleteRestore,
        Self::ThirdPartyProgram,
    ];

    /// The snake_case id.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MismatchedSystemFiles => "mismatched_system_files",
            Self::FailedUpdate => "failed_update",
            Self::IncompleteRestore => "incomplete_restore",
            Self::ThirdPartyProgram => "third_party_program",
        }
    }
}

/// How likely a cause is.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Likelihood {
    /// Nothing points to it.
    NotIndicated,
    /// Weak evidence.
    Low,
    /// Some evidence.
    Medium,
    /// Strong evidence.
    High,
}

impl Likelihood {
    /// The snake_case id.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotIndicated => "not_indicated",
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }
}

/// One piece of evidence about a cause.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EvidenceItem {
    /// Index into [`Diagnosis::evidence`], when the item rests on a fact.
    pub fact: Option<usize>,
    /// Whether it supports the cause (false: it speaks against it).
    pub supports: bool,
    /// The rule of `docs/rules.md` that weighed it (supporting items only).
    pub rule: Option<String>,
    /// What it says.
    pub message: Message,
    /// How much it weighs.
    pub weight: u32,
    /// Where it came from (copied from the fact, for readers of the JSON).
    pub source: Option<String>,
    /// When (copied from the fact).
    pub time: Option<String>,
}

/// A cause with its likelihood and evidence.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Cause {
    /// Which cause.
    pub id: CauseId,
    /// How likely.
    pub likelihood: Likelihood,
    /// The summed weight of the supporting evidence.
    pub score: u32,
    /// Evidence for and against.
    pub evidence: Vec<EvidenceItem>,
}

/// Where the stop code was seen.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct StopObservation {
    /// `0xC000021A`.
    pub code: String,
    /// The bugcheck name.
    pub name: Option<String>,
    /// Where.
    pub origin: StopOrigin,
    /// The input (disk, screenshot, log) it came from.
    pub input: String,
    /// Index into [`Diagnosis::evidence`].
    pub fact: usize,
    /// The process that died, when known.
    pub process: Option<String>,
    /// The NTSTATUS and its name, when known.
    pub status: Option<String>,
    /// Parameters as hex.
    pub parameters: Vec<String>,
}

/// The time the rules measure "shortly before the failure" against.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TimeAnchor {
    /// RFC 3339 UTC.
    pub time: String,
    /// `memory_dump` (the crash time in a dump header) or
    /// `system_log_last_event` (no dump: the last event Windows logged).
    pub source: String,
}

/// A dump on the disk that is not a usable kernel memory dump.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OtherDump {
    /// Path on the volume.
    pub path: String,
    /// `user` (a WER user-mode dump), or the kernel dump's kind when it is
    /// incomplete (`memory_dump`, `minidump`, `page_file`, …).
    pub kind: String,
    /// The process, for a user-mode dump.
    pub process: Option<String>,
}

/// Whether the disk can capture a memory dump on the next crash, and whether
/// one already exists.
#[derive(Debug, Clone, Serialize, JsonSchema, Default)]
pub struct DumpReadiness {
    /// True when crash dumps, the page file, NMI and the serial console are
    /// set up so an NMI would produce a dump.
    pub ready: bool,
    /// A complete, decodable dump already on the disk.
    pub usable_dump: Option<String>,
    /// The other dumps on the disk when there is no usable kernel dump:
    /// user-mode (WER) dumps with their process, incomplete kernel dumps.
    pub other_dumps: Vec<OtherDump>,
    /// CrashDumpEnabled decoded.
    pub dump_type: Option<String>,
    /// DumpFile.
    pub dump_file: Option<String>,
    /// NMICrashDump.
    pub nmi_crash_dump: Option<bool>,
    /// EMS on the default boot entry.
    pub serial_console: Option<bool>,
    /// Page files as configured.
    pub page_files: Vec<String>,
    /// Whether a page file is on the OS volume.
    pub page_file_on_os_volume: Option<bool>,
    /// A DedicatedDumpFile, when set.
    pub dedicated_dump_file: Option<String>,
    /// Free bytes on the Windows volume.
    pub free_space: Option<u64>,
    /// RAM in bytes, when known.
    pub ram: Option<u64>,
    /// Bytes a complete dump needs (RAM + 257 MB), when RAM is known.
    pub required_space: Option<u64>,
    /// What stands in the way.
    pub problems: Vec<Message>,
}

/// A next step for the user.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Step {
    /// Step id, e.g. `collect`, `prepare_dump`, `revert_pending_actions`.
    pub id: String,
    /// What to do.
    pub message: Message,
    /// A command to run, when there is one (placeholders in angle brackets).
    pub command: Option<String>,
}

/// The diagnosis of one or more inputs.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Diagnosis {
    /// The inputs diagnosed (disks, screenshots, logs).
    pub inputs: Vec<String>,
    /// What could not be read of the sources themselves (a truncated or
    /// damaged image): the diagnosis below is incomplete. Shown first.
    pub source_problems: Vec<String>,
    /// The stop code, `0xC000021A`, or null when none was found.
    pub stop_code: Option<String>,
    /// Its name, `STATUS_SYSTEM_PROCESS_TERMINATED`.
    pub stop_name: Option<String>,
    /// Where the stop code came from (the most reliable source first).
    pub stop_sources: Vec<StopObservation>,
    /// True when inputs report different stop codes.
    pub stop_disagreement: bool,
    /// When the crash happened, if known.
    pub crash_time: Option<String>,
    /// What "shortly before the failure" was measured against.
    pub time_anchor: Option<TimeAnchor>,
    /// The four causes, most likely first.
    pub causes: Vec<Cause>,
    /// Dump readiness.
    pub dump_readiness: DumpReadiness,
    /// What to do next, in order.
    pub next_steps: Vec<Step>,
    /// Every fact collected, with provenance.
    pub evidence: Vec<Fact>,
    /// Artifacts that could not be read (the rest of the diagnosis went on).
    pub collector_errors: Vec<String>,
}
