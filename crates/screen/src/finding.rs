//! What a screen or a console log says: [`Finding`].

use serde::{Serialize, Serializer};

use crate::kb::KbId;

/// Which screen (or console text) was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScreenKind {
    /// Windows 8/10/11 stop screen: "Your PC ran into a problem…", "Stop code: NAME"
    /// or "…search online later for this error: 0x…".
    StopScreen,
    /// The older text stop screen: "*** STOP: 0x0000007B (0x…,0x…,0x…,0x…)".
    LegacyStopScreen,
    /// The machine-readable record Windows writes to the EMS serial console on a
    /// bug check (`<INSTANCE CLASSNAME="BLUESCREEN">`, property STOPCODE).
    EmsBlueScreen,
    /// The text-mode "Hardware Malfunction … The system has halted" screen (an NMI).
    HardwareMalfunction,
    /// Windows Boot Manager error: "Windows failed to start…", "File: …", "Status: 0xc…".
    BootManagerError,
    /// Blue "Recovery – Your PC/Device needs to be repaired" screen with "Error code: 0xc…".
    RecoveryError,
    /// The Windows Boot Manager menu, waiting for a choice (not an error).
    BootManagerMenu,
    /// "Getting Windows ready / Don't turn off your computer".
    GettingWindowsReady,
    /// Windows Update screens: "Working on updates", "Configuring updates",
    /// "We couldn't complete the updates / Undoing changes".
    WorkingOnUpdates,
    /// "Preparing Automatic Repair", "Diagnosing your PC", Startup Repair.
    AutomaticRepair,
    /// Setup: "Windows could not complete the installation" / "could not finish configuring the system".
    SetupFailed,
    /// "BOOTMGR is missing".
    BootmgrMissing,
    /// "BOOTMGR is compressed".
    BootmgrCompressed,
    /// "A disk read error occurred".
    DiskReadError,
    /// "An operating system wasn't found", "Boot failure", "No bootable device".
    NoBootDevice,
    /// The boot sector of a disk that holds no operating system (BIOS text,
    /// white on black, top left): "This is not a bootable disk. Please insert
    /// a bootable floppy and press any key to try again ...".
    NotBootable,
    /// Windows started but hangs before the sign-in screen, waiting for a
    /// service or for Group Policy: "Please wait for the Group Policy Client",
    /// "Please wait for the Local Session Manager", "Please wait for the User
    /// Profile Service", "Applying computer settings", "Applying Group Policy
    /// Local Users and Groups policy" (what it waits for is
    /// [`Finding::waiting_for`]).
    HungBoot,
    /// Black screen with the Windows logo (and spinner): booting, or a reboot loop.
    WindowsLogo,
    /// A blank (one-colour) screen.
    Blank,
    /// Nothing recognised.
    Unknown,
}

/// Broad class of a [`ScreenKind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// A bug check (stop error) or NMI halt.
    Crash,
    /// Windows could not be loaded (boot manager, recovery, MBR/boot sector messages, setup).
    BootFailure,
    /// Not an error on its own: waiting, updating, repairing, booting. Stuck there is the problem.
    Waiting,
    /// Nothing to say.
    None,
}

impl ScreenKind {
    /// Every kind, in the order the parser prefers them on a tie.
    pub const ALL: [ScreenKind; 20] = [
        Self::HardwareMalfunction,
        Self::LegacyStopScreen,
        Self::StopScreen,
        Self::EmsBlueScreen,
        Self::BootManagerError,
        Self::RecoveryError,
        Self::SetupFailed,
        Self::AutomaticRepair,
        Self::WorkingOnUpdates,
        Self::GettingWindowsReady,
        Self::BootmgrMissing,
        Self::BootmgrCompressed,
        Self::DiskReadError,
        Self::NotBootable,
        Self::NoBootDevice,
        Self::HungBoot,
        Self::BootManagerMenu,
        Self::WindowsLogo,
        Self::Blank,
        Self::Unknown,
    ];

    /// The class of screen.
    pub fn category(self) -> Category {
        match self {
            Self::StopScreen
            | Self::LegacyStopScreen
            | Self::EmsBlueScreen
            | Self::HardwareMalfunction => Category::Crash,
            Self::BootManagerError
            | Self::RecoveryError
            | Self::SetupFailed
            | Self::BootmgrMissing
            | Self::BootmgrCompressed
            | Self::DiskReadError
            | Self::NoBootDevice
            | Self::NotBootable => Category::BootFailure,
            Self::BootManagerMenu
            | Self::GettingWindowsReady
            | Self::WorkingOnUpdates
            | Self::AutomaticRepair
            | Self::HungBoot
            | Self::WindowsLogo => Category::Waiting,
            Self::Blank | Self::Unknown => Category::None,
        }
    }

    /// The Fluent message id naming this screen (`screen-kind-…`).
    pub fn message_id(self) -> &'static str {
        match self {
            Self::StopScreen => "screen-kind-stop-screen",
            Self::LegacyStopScreen => "screen-kind-legacy-stop-screen",
            Self::EmsBlueScreen => "screen-kind-ems-blue-screen",
            Self::HardwareMalfunction => "screen-kind-hardware-malfunction",
            Self::BootManagerError => "screen-kind-boot-manager-error",
            Self::RecoveryError => "screen-kind-recovery-error",
            Self::BootManagerMenu => "screen-kind-boot-manager-menu",
            Self::GettingWindowsReady => "screen-kind-getting-windows-ready",
            Self::WorkingOnUpdates => "screen-kind-working-on-updates",
            Self::AutomaticRepair => "screen-kind-automatic-repair",
            Self::SetupFailed => "screen-kind-setup-failed",
            Self::BootmgrMissing => "screen-kind-bootmgr-missing",
            Self::BootmgrCompressed => "screen-kind-bootmgr-compressed",
            Self::DiskReadError => "screen-kind-disk-read-error",
            Self::NoBootDevice => "screen-kind-no-boot-device",
            Self::NotBootable => "screen-kind-not-bootable",
            Self::HungBoot => "screen-kind-hung-boot",
            Self::WindowsLogo => "screen-kind-windows-logo",
            Self::Blank => "screen-kind-blank",
            Self::Unknown => "screen-kind-unknown",
        }
    }
}

impl Category {
    /// The Fluent message id naming the class (`screen-category-…`).
    pub fn message_id(self) -> &'static str {
        match self {
            Self::Crash => "screen-category-crash",
            Self::BootFailure => "screen-category-boot-failure",
            Self::Waiting => "screen-category-waiting",
            Self::None => "screen-category-none",
        }
    }
}

/// Language of the screen's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English.
    En,
    /// Swedish.
    Sv,
    /// Spanish.
    Es,
}

impl Language {
    /// The Tesseract language data name (eng, swe, spa).
    pub fn tesseract(self) -> &'static str {
        match self {
            Self::En => "eng",
            Self::Sv => "swe",
            Self::Es => "spa",
        }
    }
}

/// Where the stop code came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeSource {
    /// Shown as a number (0x…).
    OnScreen,
    /// Shown as a name (CRITICAL_PROCESS_DIED) and looked up in the bug check table.
    FromName,
    /// Not shown; implied by the screen (the NMI "Hardware Malfunction" screen is bug check 0x80).
    Implied,
}

impl CodeSource {
    /// The Fluent message id describing it (`screen-code-…`).
    pub fn message_id(self) -> &'static str {
        match self {
            Self::OnScreen => "screen-code-on-screen",
            Self::FromName => "screen-code-from-name",
            Self::Implied => "screen-code-implied",
        }
    }
}

/// One line of text a finding rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceLine {
    /// 1-based line number in the recognised text (or in the serial log).
    pub line: usize,
    /// The line as read.
    pub text: String,
    /// Tesseract's mean word confidence for this line (0–100); `None` for
    /// text that was not read by OCR (serial logs, [`crate::parse_screen_text`]).
    pub confidence: Option<f32>,
}

/// The recognised text and the lines that mattered.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Evidence {
    /// Everything that was read (OCR output, or the log excerpt), possibly cut
    /// to [`crate::MAX_EVIDENCE_CHARS`] characters.
    pub text: String,
    /// The lines the screen kind, codes and file were taken from.
    pub lines: Vec<EvidenceLine>,
}

/// What one screen, or one event in a console log, says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Which screen.
    pub screen: ScreenKind,
    /// Its class.
    pub category: Category,
    /// Language of the screen's text, when it has words that tell.
    pub language: Option<Language>,
    /// The bug check code: always a known bug check or NTSTATUS error (a
    /// reading that is neither is left out, see `stop_code_unreadable`).
    #[serde(serialize_with = "opt_hex32")]
    pub stop_code: Option<u32>,
    /// On a stop screen whose code could not be read as a known code, or was
    /// read with too low an OCR confidence (below
    /// [`crate::MIN_CODE_CONFIDENCE`]): the text seen (e.g. "0xAc0002e2"),
    /// never turned into a code.
    pub stop_code_unreadable: Option<String>,
    /// 1-based line of the recognised text the stop code (or the unreadable
    /// code text) was read from.
    pub stop_code_line: Option<usize>,
    /// Tesseract's mean word confidence (0–100) for the words the stop code
    /// (or the unreadable code text) was read from; `None` without OCR.
    pub stop_code_confidence: Option<f32>,
    /// The known code a low-confidence reading repaired to (not used as the
    /// stop code unless another read at another scale gives the same code).
    #[serde(serialize_with = "opt_hex32")]
    pub low_confidence_code: Option<u32>,
    /// How many independent reads (scales) agreed on a low-confidence code
    /// that was then used; `None` when the code read cleanly.
    pub agreeing_reads: Option<u8>,
    /// How the bug check code was obtained.
    pub stop_code_source: Option<CodeSource>,
    /// The bug check's name from the bug check table (for 0xC000021A: WINLOGON_FATAL_ERROR).
    pub stop_name: Option<String>,
    /// The name as shown on screen, spaces turned to underscores
    /// ("CRITICAL PROCESS DIED" → "CRITICAL_PROCESS_DIED").
    pub stop_name_on_screen: Option<String>,
    /// Bug check parameters, when shown (legacy screen, serial log).
    #[serde(serialize_with = "hex64_seq")]
    pub parameters: Vec<u64>,
    /// NTSTATUS shown by the boot manager or recovery screen ("Status: 0xc0000017"),
    /// or the status in a 0xC000021A message.
    #[serde(serialize_with = "opt_hex32")]
    pub status: Option<u32>,
    /// The NTSTATUS name (STATUS_NO_MEMORY).
    pub status_name: Option<String>,
    /// A file named on screen: boot manager "File:", "What failed:", a legacy screen's driver.
    pub file: Option<String>,
    /// Percentage shown ("5% complete").
    pub progress_percent: Option<u8>,
    /// A detail line: boot manager "Info:", the NMI type, the failed process of a 0xC000021A.
    pub detail: Option<String>,
    /// What a [`ScreenKind::HungBoot`] screen waits for.
    pub waiting_for: Option<WaitingFor>,
    /// How sure the reading is, 0–1 (heuristic: how many of the screen's phrases
    /// were found, how cleanly the code was read, and the OCR's own confidence).
    pub confidence: f32,
    /// Tesseract's mean word confidence (0–100) over the evidence lines (the
    /// lines the finding rests on); `None` for text not read by OCR.
    pub ocr_confidence: Option<f32>,
    /// Fluent message id naming the screen (same as `screen.message_id()`).
    pub message_id: &'static str,
    /// The knowledge-base entry for this failure, if there is one.
    pub kb: Option<KbId>,
    /// The text it was read from.
    pub evidence: Evidence,
}

impl Finding {
    /// A finding that says nothing (screen unknown).
    pub fn unknown(text: String) -> Self {
        Self::new(ScreenKind::Unknown, text)
    }

    pub(crate) fn new(screen: ScreenKind, text: String) -> Self {
        Self {
            screen,
            category: screen.category(),
            language: None,
            stop_code: None,
            stop_code_unreadable: None,
            stop_code_line: None,
            stop_code_confidence: None,
            low_confidence_code: None,
            agreeing_reads: None,
            stop_code_source: None,
            stop_name: None,
            stop_name_on_screen: None,
            parameters: Vec::new(),
            status: None,
            status_name: None,
            file: None,
            progress_percent: None,
            detail: None,
            waiting_for: None,
            confidence: 0.0,
            ocr_confidence: None,
            message_id: screen.message_id(),
            kb: None,
            evidence: Evidence {
                text,
                lines: Vec::new(),
            },
        }
    }

    /// Sets the screen kind (and what follows from it).
    pub(crate) fn set_screen(&mut self, screen: ScreenKind) {
        self.screen = screen;
        self.category = screen.category();
        self.message_id = screen.message_id();
    }

    /// The code this finding is about: the stop code, else the boot status.
    pub fn code(&self) -> Option<u32> {
        self.stop_code.or(self.status)
    }
}

/// What a hung-boot screen ([`ScreenKind::HungBoot`]) waits for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WaitingFor {
    /// "Please wait for the NAME": a service. `name` is the display name
    /// (the canonical one when it is a service Windows has, as read otherwise),
    /// `service` its service key name (gpsvc, LSM, ProfSvc) when known.
    Service {
        /// Display name ("Group Policy Client").
        name: String,
        /// Service key name under `SYSTEM\CurrentControlSet\Services`.
        service: Option<&'static str>,
    },
    /// "Applying NAME policy": a Group Policy extension, e.g. "Group Policy
    /// Local Users and Groups", "Group Policy Environment", "Software Installation".
    Policy {
        /// The policy as shown, without "Applying" and "policy".
        name: String,
    },
    /// "Applying computer settings": computer Group Policy at start-up.
    ComputerSettings,
    /// A bare "Please wait": nothing named.
    Unnamed,
}

impl WaitingFor {
    /// The name shown (service or policy), if any.
    pub fn name(&self) -> Option<&str> {
        match self {
            Self::Service { name, .. } | Self::Policy { name } => Some(name),
            Self::ComputerSettings | Self::Unnamed => None,
        }
    }
    /// The Fluent message id saying it (`screen-waiting-for-…`, argument `$name`).
    pub fn message_id(&self) -> &'static str {
        match self {
            Self::Service { .. } => "screen-waiting-for-service",
            Self::Policy { .. } => "screen-waiting-for-policy",
            Self::ComputerSettings => "screen-waiting-for-computer-settings",
            Self::Unnamed => "screen-waiting-for-unnamed",
        }
    }

    /// The arguments of [`Self::message_id`]'s message.
    pub fn message_args(&self) -> Vec<(&'static str, String)> {
        self.name()
            .map(|n| vec![("name", n.to_string())])
            .unwrap_or_default()
    }
}

/// Whether two bug check codes name the same failure: equal, or equal but for
/// the 0x10000000 bit of the "_M" variants (a screen shows 0x7E
/// SYSTEM_THREAD_EXCEPTION_NOT_HANDLED where the dump says 0x1000007E).
/// For merging a screenshot's code with a dump's: a mismatch is a disagreement
/// to show.
pub fn codes_agree(a: u32, b: u32) -> bool {
    const M: u32 = 0x1000_0000;
    a == b || (a & !M == b & !M && (a & 0xF000_0000 | b & 0xF000_0000) == M)
}

fn opt_hex32<S: Serializer>(v: &Option<u32>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_str(&format!("{v:#x}")),
        None => s.serialize_none(),
    }
}

fn hex64_seq<S: Serializer>(v: &[u64], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(|x| format!("{x:#x}")))
}
