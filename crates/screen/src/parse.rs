//! Text → [`Finding`]: which screen a text is, and the stop code, status,
//! file and parameters on it. Works on OCR output (noisy: phrases are matched
//! approximately, hex digits through look-alikes) and on serial console text
//! (exact). Needs no OCR itself, so it is tested and fuzzed on its own.
//!
//! With Tesseract's per-word confidences ([`parse_ocr_text`]) a stop code
//! read from words below [`MIN_CODE_CONFIDENCE`] is not used: the screen is
//! reported with its code unreadable and the text seen.

use crate::finding::{CodeSource, EvidenceLine, Finding, Language, ScreenKind, WaitingFor};
use crate::kb;
use crate::names;
use crate::text::{Hit, Read, allowed_errors, clean_file, fold, fuzzy_find_filtered, read_hex};

/// How to match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// OCR output: approximate phrases, hex look-alikes.
    Ocr,
    /// Console text: exact (case and accents still folded).
    Exact,
}

/// Longest text parsed (chars); the rest is ignored.
pub const MAX_PARSE_CHARS: usize = 256 * 1024;
/// Longest text searched approximately; longer OCR text is matched exactly.
const MAX_FUZZY_CHARS: usize = 4 * 1024;
/// Longest evidence text kept in a finding (chars).
pub const MAX_EVIDENCE_CHARS: usize = 16 * 1024;

/// Lowest Tesseract word confidence (0–100, mean over the words the code was
/// read from) at which a stop code read from a screenshot is used.
///
/// Why 50, measured with Tesseract 5 (LSTM) on the real Azure boot-diagnostics
/// screenshots and the synthetic localized ones (tests/screenshots.rs prints
/// the numbers): codes read right come from words of confidence 63–67 for a
/// hex code (LSTM scores non-dictionary tokens like "0xc000021a" lower even
/// when every glyph is right) and 72–96 for a name ("BAD SYS'EM CONFIG INFO"
/// 72.6, "DRIVER IRQL NOT LESS OR EQUAL" 90.2, "CRITICAL PROCESS DIED"
/// 93–96); the garbled reads the parser would have to repair ("OxcOO0021a",
/// "OxcOO00021a", "0x<000021a") score 11–47. 50 keeps every read that
/// measured right and drops every one that had to be guessed: those are
/// reported as unreadable with the text seen, never as a code.
pub const MIN_CODE_CONFIDENCE: f32 = 50.0;

/// One recognised word and Tesseract's confidence in it (0–100).
#[derive(Debug, Clone, PartialEq)]
pub struct OcrWord {
    /// The word as read.
    pub text: String,
    /// Tesseract's word confidence, 0–100.
    pub confidence: f32,
}

/// The words of one line of recognised text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OcrLine {
    /// In reading order.
    pub words: Vec<OcrWord>,
}

impl OcrLine {
    /// Mean word confidence (`None` for a line without words).
    pub fn mean(&self) -> Option<f32> {
        mean(self.words.iter().map(|w| w.confidence))
    }
}

fn mean(it: impl Iterator<Item = f32>) -> Option<f32> {
    let (n, sum) = it.fold((0usize, 0f32), |(n, s), c| (n + 1, s + c));
    (n > 0).then(|| ((sum / n as f32) * 10.0).round() / 10.0)
}

/// The mean confidence of the words of `line` that make up `seen` (the
/// code or name as read), else of the whole line.
fn seen_confidence(line: &OcrLine, seen: &str) -> Option<f32> {
    let tokens: Vec<&str> = seen.split_whitespace().collect();
    let mut used = vec![false; line.words.len()];
    let mut confs = Vec::new();
    for tok in &tokens {
        // The value follows its label: look from the end of the line.
        if let Some(i) = (0..line.words.len()).rev().find(|&i| {
            let w = line.words[i].text.trim();
            !used[i] && !w.is_empty() && (w == *tok || tok.contains(w) || w.contains(tok))
        }) {
            used[i] = true;
            confs.push(line.words[i].confidence);
        }
    }
    mean(confs.into_iter()).or_else(|| line.mean())
}

/// A phrase that tells which screen a text is.
struct Anchor {
    kind: ScreenKind,
    lang: Option<Language>,
    phrase: &'static str,
    weight: u32,
}

const fn a(kind: ScreenKind, lang: Option<Language>, phrase: &'static str, weight: u32) -> Anchor {
    Anchor {
        kind,
        lang,
        phrase,
        weight,
    }
}

use Language::{En, Es, Sv};
use ScreenKind as K;

/// The phrases, folded (lower case, no accents). Swedish and Spanish follow
/// the wording of Windows' localized screens as Microsoft's localized Azure
/// articles quote them; several variants are listed where Windows versions
/// differ.
const ANCHORS: &[Anchor] = &[
    // Windows 8/10/11 stop screen.
    a(
        K::StopScreen,
        Some(En),
        "ran into a problem and needs to restart",
        4,
    ),
    a(K::StopScreen, Some(En), "ran into a problem", 3),
    a(
        K::StopScreen,
        Some(En),
        "we're just collecting some error info",
        2,
    ),
    a(K::StopScreen, Some(En), "stop code:", 3),
    a(
        K::StopScreen,
        Some(En),
        "search online later for this error",
        3,
    ),
    a(K::StopScreen, Some(En), "if you call a support person", 1),
    a(K::StopScreen, Some(En), "what failed", 2),
    a(K::StopScreen, None, "windows.com/stopcode", 2),
    a(K::StopScreen, Some(Sv), "stotte pa ett problem", 3),
    a(K::StopScreen, Some(Sv), "rakade ut for ett problem", 3),
    a(K::StopScreen, Some(Sv), "maste startas om", 2),
    a(K::StopScreen, Some(Sv), "maste starta om", 2),
    a(K::StopScreen, Some(Sv), "stoppkod", 3),
    a(K::StopScreen, Some(Sv), "vi samlar bara in", 2),
    a(K::StopScreen, Some(Sv), "efter det har felet", 3),
    a(K::StopScreen, Some(Sv), "om du ringer", 1),
    a(K::StopScreen, Some(Es), "tuvo un problema", 3),
    a(K::StopScreen, Some(Es), "ha tenido un problema", 3),
    a(
        K::StopScreen,
        Some(Es),
        "se produjo un problema con su equipo",
        3,
    ),
    a(K::StopScreen, Some(Es), "necesita reiniciarse", 2),
    a(K::StopScreen, Some(Es), "se debe reiniciar", 2),
    a(K::StopScreen, Some(Es), "codigo de detencion", 3),
    a(K::StopScreen, Some(Es), "buscar en linea este error", 3),
    a(K::StopScreen, Some(Es), "recopilar alguna informacion", 1),
    a(K::StopScreen, Some(Es), "recopilando informacion", 1),
    // The older text stop screen.
    a(
        K::LegacyStopScreen,
        Some(En),
        "a problem has been detected and windows has been shut down",
        4,
    ),
    a(K::LegacyStopScreen, Some(En), "technical information", 2),
    a(
        K::LegacyStopScreen,
        Some(En),
        "first time you've seen this stop error screen",
        3,
    ),
    a(
        K::LegacyStopScreen,
        Some(En),
        "beginning dump of physical memory",
        2,
    ),
    a(
        K::LegacyStopScreen,
        Some(En),
        "physical memory dump complete",
        2,
    ),
    a(K::LegacyStopScreen, None, "{fatal system error}", 3),
    a(
        K::LegacyStopScreen,
        Some(En),
        "system process terminated unexpectedly",
        3,
    ),
    // NMI.
    a(K::HardwareMalfunction, Some(En), "hardware malfunction", 4),
    a(
        K::HardwareMalfunction,
        Some(En),
        "call your hardware vendor for support",
        3,
    ),
    a(K::HardwareMalfunction, Some(En), "the system has halted", 2),
    // Windows Boot Manager error.
    a(K::BootManagerError, Some(En), "windows boot manager", 2),
    a(K::BootManagerError, Some(En), "windows failed to start", 4),
    a(
        K::BootManagerError,
        Some(En),
        "a recent hardware or software change might",
        2,
    ),
    a(
        K::BootManagerError,
        Some(En),
        "digital signature for this file",
        2,
    ),
    a(K::BootManagerError, Some(En), "boot configuration data", 2),
    a(K::BootManagerError, Some(En), "enter=continue", 1),
    a(K::BootManagerError, Some(En), "enter=os selection", 1),
    a(K::BootManagerError, Some(Sv), "windows start-hanteraren", 2),
    a(
        K::BootManagerError,
        Some(Sv),
        "windows kunde inte startas",
        4,
    ),
    a(
        K::BootManagerError,
        Some(Es),
        "administrador de arranque de windows",
        2,
    ),
    a(
        K::BootManagerError,
        Some(Es),
        "windows no pudo iniciarse",
        4,
    ),
    // Recovery screen.
    a(K::RecoveryError, Some(En), "needs to be repaired", 4),
    a(
        K::RecoveryError,
        Some(En),
        "you'll need to use the recovery tools",
        2,
    ),
    a(
        K::RecoveryError,
        Some(En),
        "press f8 for startup settings",
        1,
    ),
    a(K::RecoveryError, Some(En), "press esc for recovery", 1),
    a(K::RecoveryError, Some(Sv), "maste repareras", 4),
    a(K::RecoveryError, Some(Sv), "aterstallning", 1),
    a(K::RecoveryError, Some(Es), "necesita repararse", 4),
    a(K::RecoveryError, Some(Es), "es necesario reparar", 4),
    a(K::RecoveryError, Some(Es), "recuperacion", 1),
    // Boot manager menu.
    a(
        K::BootManagerMenu,
        Some(En),
        "choose an operating system to start",
        4,
    ),
    a(
        K::BootManagerMenu,
        Some(En),
        "seconds until the highlighted choice will be started",
        3,
    ),
    a(
        K::BootManagerMenu,
        Some(En),
        "to specify an advanced option for this choice",
        2,
    ),
    a(K::BootManagerMenu, Some(En), "enter=choose", 1),
    a(
        K::BootManagerMenu,
        Some(Sv),
        "valj ett operativsystem att starta",
        4,
    ),
    a(
        K::BootManagerMenu,
        Some(Es),
        "elija un sistema operativo para iniciar",
        4,
    ),
    // Waiting screens.
    a(K::GettingWindowsReady, Some(En), "getting windows ready", 4),
    a(K::GettingWindowsReady, Some(En), "getting ready", 3),
    a(
        K::GettingWindowsReady,
        Some(En),
        "don't turn off your computer",
        2,
    ),
    a(K::GettingWindowsReady, Some(Sv), "windows forbereds", 4),
    a(K::GettingWindowsReady, Some(Sv), "stang inte av datorn", 2),
    a(K::GettingWindowsReady, Some(Es), "preparando windows", 4),
    a(K::GettingWindowsReady, Some(Es), "no apagues el equipo", 2),
    a(K::GettingWindowsReady, Some(Es), "no apague el equipo", 2),
    a(K::WorkingOnUpdates, Some(En), "working on updates", 4),
    a(K::WorkingOnUpdates, Some(En), "configuring updates", 4),
    a(
        K::WorkingOnUpdates,
        Some(En),
        "configuring windows updates",
        4,
    ),
    a(
        K::WorkingOnUpdates,
        Some(En),
        "preparing to configure windows",
        4,
    ),
    a(K::WorkingOnUpdates, Some(En), "installing windows", 3),
    a(K::WorkingOnUpdates, Some(En), "installing updates", 3),
    a(
        K::WorkingOnUpdates,
        Some(En),
        "we couldn't complete the updates",
        4,
    ),
    a(K::WorkingOnUpdates, Some(En), "undoing changes", 3),
    a(
        K::WorkingOnUpdates,
        Some(En),
        "applying update operations",
        4,
    ),
    a(
        K::WorkingOnUpdates,
        Some(Sv),
        "arbetar med uppdateringar",
        4,
    ),
    a(
        K::WorkingOnUpdates,
        Some(Sv),
        "vi kunde inte slutfora uppdateringarna",
        4,
    ),
    a(K::WorkingOnUpdates, Some(Sv), "angrar andringar", 3),
    a(
        K::WorkingOnUpdates,
        Some(Es),
        "trabajando en las actualizaciones",
        4,
    ),
    a(
        K::WorkingOnUpdates,
        Some(Es),
        "no pudimos completar las actualizaciones",
        4,
    ),
    a(K::WorkingOnUpdates, Some(Es), "deshaciendo cambios", 3),
    a(
        K::AutomaticRepair,
        Some(En),
        "preparing automatic repair",
        4,
    ),
    a(K::AutomaticRepair, Some(En), "diagnosing your pc", 4),
    a(K::AutomaticRepair, Some(En), "attempting repairs", 4),
    a(K::AutomaticRepair, Some(En), "couldn't repair your pc", 4),
    a(K::AutomaticRepair, Some(En), "automatic repair", 2),
    a(K::AutomaticRepair, Some(En), "startup repair", 2),
    a(
        K::AutomaticRepair,
        Some(Sv),
        "forbereder automatisk reparation",
        4,
    ),
    a(K::AutomaticRepair, Some(Sv), "diagnostiserar datorn", 4),
    a(
        K::AutomaticRepair,
        Some(Es),
        "preparando reparacion automatica",
        4,
    ),
    a(K::AutomaticRepair, Some(Es), "diagnosticando", 3),
    a(
        K::SetupFailed,
        Some(En),
        "windows could not complete the installation",
        4,
    ),
    a(
        K::SetupFailed,
        Some(En),
        "could not finish configuring the system",
        4,
    ),
    a(
        K::SetupFailed,
        Some(En),
        "restarted unexpectedly or encountered an unexpected error",
        4,
    ),
    a(K::SetupFailed, Some(En), "setup is starting services", 1),
    a(
        K::SetupFailed,
        Some(Sv),
        "windows kunde inte slutfora installationen",
        4,
    ),
    a(
        K::SetupFailed,
        Some(Es),
        "windows no pudo completar la instalacion",
        4,
    ),
    // MBR / boot sector / firmware messages (English only: they are not localized).
    a(K::BootmgrMissing, Some(En), "bootmgr is missing", 4),
    a(K::BootmgrCompressed, Some(En), "bootmgr is compressed", 4),
    a(K::DiskReadError, Some(En), "a disk read error occurred", 4),
    a(
        K::NoBootDevice,
        Some(En),
        "operating system wasn't found",
        4,
    ),
    a(K::NoBootDevice, Some(En), "operating system not found", 4),
    a(K::NoBootDevice, Some(En), "missing operating system", 4),
    a(K::NoBootDevice, Some(En), "no bootable device", 4),
    a(
        K::NoBootDevice,
        Some(En),
        "reboot and select proper boot device",
        4,
    ),
    // The boot sector of a disk without an operating system (BIOS text).
    a(K::NotBootable, Some(En), "this is not a bootable disk", 4),
    a(
        K::NotBootable,
        Some(En),
        "please insert a bootable floppy",
        4,
    ),
    a(K::NotBootable, Some(En), "press any key to try again", 2),
    // Hung boot: only the named screens here; "Please wait for the X" and
    // "Applying X policy" in general are read by `hung_boot`. Azure images
    // are English; the localized wording of these screens is not known here.
    a(
        K::HungBoot,
        Some(En),
        "please wait for the group policy client",
        4,
    ),
    a(
        K::HungBoot,
        Some(En),
        "please wait for the local session manager",
        4,
    ),
    a(
        K::HungBoot,
        Some(En),
        "please wait for the user profile service",
        4,
    ),
    a(K::HungBoot, Some(En), "applying computer settings", 4),
];

/// The services a hung-boot screen names, with their service key names.
const WAIT_SERVICES: &[(&str, &str)] = &[
    ("Group Policy Client", "gpsvc"),
    ("Local Session Manager", "LSM"),
    ("User Profile Service", "ProfSvc"),
];

/// Labels followed by the stop code or its name.
const STOP_LABELS: &[&str] = &["stop code", "stoppkod", "codigo de detencion"];
/// Windows 8: "…search online later for this error: X" and its translations.
const ERROR_LABELS: &[&str] = &[
    "for this error",
    "efter det har felet",
    "det har felet",
    "buscar en linea este error",
    "este error",
];
/// Labels followed by an NTSTATUS on boot manager / recovery screens.
const STATUS_LABELS: &[(&str, ScreenKind)] = &[
    ("status:", K::BootManagerError),
    ("error code", K::RecoveryError),
    ("felkod", K::RecoveryError),
    ("codigo de error", K::RecoveryError),
    ("estado:", K::BootManagerError),
];
/// Labels followed by a file.
const FILE_LABELS: &[&str] = &[
    "file:",
    "fil:",
    "archivo:",
    "what failed",
    "vad som misslyckades",
    "det har misslyckades",
    "que ha fallado",
    "lo que fallo",
    "que fallo",
];
/// Labels followed by an explanation.
const INFO_LABELS: &[&str] = &["info:", "informacion:"];

struct Line {
    /// 1-based line number in the text given.
    no: usize,
    raw: String,
    folded: Vec<char>,
    folded_str: String,
}

struct Text {
    lines: Vec<Line>,
    /// Folded lines joined with spaces, and the line index of each char.
    joined: Vec<char>,
    owner: Vec<usize>,
    joined_str: String,
    fuzzy: bool,
}

impl Text {
    fn new(text: &str, mode: Mode) -> Self {
        let mut lines = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let raw = raw.trim_end_matches('\r');
            let folded_str = fold(raw);
            if folded_str.is_empty() {
                continue;
            }
            lines.push(Line {
                no: i + 1,
                raw: raw.trim().to_string(),
                folded: folded_str.chars().collect(),
                folded_str,
            });
        }
        let mut joined = Vec::new();
        let mut owner = Vec::new();
        for (li, l) in lines.iter().enumerate() {
            if !joined.is_empty() {
                joined.push(' ');
                owner.push(li);
            }
            joined.extend_from_slice(&l.folded);
            owner.extend(std::iter::repeat_n(li, l.folded.len()));
        }
        let joined_str: String = joined.iter().collect();
        let fuzzy = mode == Mode::Ocr && joined.len() <= MAX_FUZZY_CHARS;
        Self {
            lines,
            joined,
            owner,
            joined_str,
            fuzzy,
        }
    }

    /// The line index where `phrase` occurs in the joined text.
    fn find_phrase(&self, phrase: &str) -> Option<usize> {
        if self.fuzzy {
            let needle: Vec<char> = phrase.chars().collect();
            let hit = fuzzy_find_filtered(
                &self.joined,
                &self.joined_str,
                &needle,
                allowed_errors(needle.len()),
            )?;
            self.owner.get(hit.start).copied()
        } else {
            let byte = self.joined_str.find(phrase)?;
            let chars = self.joined_str[..byte].chars().count();
            self.owner.get(chars).copied()
        }
    }

    /// `label` in line `li`: the match (char indices into the folded line).
    fn find_label(&self, li: usize, label: &str) -> Option<Hit> {
        let line = &self.lines[li];
        let needle: Vec<char> = label.chars().collect();
        // OCR often loses a line's first letters ("ror code:"): labels of 9
        // chars or more allow two edits.
        let k = if self.fuzzy {
            allowed_errors(needle.len()).max(if needle.len() >= 9 { 2 } else { 0 })
        } else {
            0
        };
        fuzzy_find_filtered(&line.folded, &line.folded_str, &needle, k)
    }

    /// The raw text after a label match, skipping separators (": ", "; ").
    fn value_after(&self, li: usize, hit: &Hit) -> String {
        // Folding keeps one char per char except whitespace runs, so map by
        // walking the raw line alongside its folded form.
        let raw = &self.lines[li].raw;
        let rest = raw_after(raw, hit.end);
        rest.trim_start_matches([' ', ':', ';', '.', ',', '=', '-', '\u{2014}'])
            .trim()
            .to_string()
    }
}

/// The part of `raw` after the first `folded_chars` chars of its folded form.
fn raw_after(raw: &str, folded_chars: usize) -> &str {
    let raw = raw.trim();
    let mut count = 0usize;
    let mut space = false;
    for (i, c) in raw.char_indices() {
        if count >= folded_chars {
            return &raw[i..];
        }
        if c.is_whitespace() {
            if !space {
                count += 1;
            }
            space = true;
        } else {
            space = false;
            count += 1;
        }
    }
    ""
}

/// Reads OCR text of a screenshot: which screen it is, and its stop code,
/// name, status, file, parameters, with the lines used as evidence.
///
/// Works on noisy text (approximate phrase matching, hex look-alikes such as
/// `Oxc0O0021a`). Never panics; text past [`MAX_PARSE_CHARS`] is ignored.
pub fn parse_screen_text(text: &str) -> Finding {
    parse_text(text, Mode::Ocr)
}

/// [`parse_screen_text`] with Tesseract's words and confidences for each line:
/// `lines[i]` is line `i + 1` of `text` (`None` where the line has no OCR
/// data). Evidence lines and the finding get their OCR confidence, and a stop
/// code read from words below [`MIN_CODE_CONFIDENCE`] is reported as
/// unreadable with the text seen.
pub fn parse_ocr_text(text: &str, lines: &[Option<OcrLine>]) -> Finding {
    parse_text_with(text, Mode::Ocr, Some(lines))
}

/// [`parse_screen_text`] for exact console text (a serial log excerpt).
pub fn parse_console_text(text: &str) -> Finding {
    parse_text(text, Mode::Exact)
}

fn bounded(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

pub(crate) fn parse_text(text: &str, mode: Mode) -> Finding {
    parse_text_with(text, mode, None)
}

fn parse_text_with(text: &str, mode: Mode, ocr_lines: Option<&[Option<OcrLine>]>) -> Finding {
    let ocr_line = |no: usize| -> Option<&OcrLine> {
        ocr_lines
            .and_then(|l| l.get(no.checked_sub(1)?))
            .and_then(Option::as_ref)
    };
    let text = bounded(text, MAX_PARSE_CHARS);
    let t = Text::new(text, mode);
    let mut f = Finding::unknown(bounded(text.trim(), MAX_EVIDENCE_CHARS).to_string());
    let mut used: Vec<usize> = Vec::new();

    // 1. Which screen: anchor phrases, weighted.
    let mut score = [0u32; ScreenKind::ALL.len()];
    let mut lang = [0u32; 3];
    for an in ANCHORS {
        if let Some(li) = t.find_phrase(an.phrase) {
            score[kind_index(an.kind)] += an.weight;
            if let Some(l) = an.lang {
                lang[l as usize] += an.weight;
            }
            used.push(li);
        }
    }
    let hung = hung_boot(&t);
    if let Some((li, _, weight)) = &hung {
        score[kind_index(K::HungBoot)] += weight;
        lang[En as usize] += weight;
        used.push(*li);
    }
    let (mut best, mut best_score) = (K::Unknown, 0);
    for (i, k) in ScreenKind::ALL.iter().enumerate() {
        if score[i] > best_score {
            best = *k;
            best_score = score[i];
        }
    }
    if best_score < 3 {
        best = K::Unknown;
    }
    let mut kind = best;
    // Labelled values found below add to the evidence for the screen.
    let mut bonus = 0u32;
    let mut status_read: Option<Read> = None;
    f.language = [En, Sv, Es]
        .into_iter()
        .filter(|l| lang[*l as usize] > 0)
        .max_by_key(|l| (lang[*l as usize], std::cmp::Reverse(*l as usize)));

    // 2. What it shows.
    let ocr = t.fuzzy || mode == Mode::Ocr;
    let mut code: Option<(u32, CodeSource, Read)> = None;
    // The line index and the text the code was read from.
    let mut code_at: Option<(usize, String)> = None;
    let mut name_on_screen: Option<String> = None;
    let mut name_dist = 0usize;

    // EMS record (serial): <PROPERTY NAME="STOPCODE" ...><VALUE>"0xEF"</VALUE>.
    if let Some((c, li)) = ems_stop_code(&t) {
        code = Some((c, CodeSource::OnScreen, Read::Exact));
        code_at = Some((li, format!("{c:#x}")));
        used.push(li);
        bonus += 4;
        if kind == K::Unknown || best_score < 4 {
            kind = K::EmsBlueScreen;
        }
    }

    // Legacy "*** STOP: 0x0000007B (p1, p2, p3, p4)" / "STOP: c000021a {…}".
    if code.is_none()
        && let Some((c, params, li, seen)) = legacy_stop(&t, ocr)
    {
        code = Some((c.0, CodeSource::OnScreen, c.1));
        code_at = Some((li, seen));
        f.parameters = params;
        used.push(li);
        bonus += 4;
        if !matches!(kind, K::LegacyStopScreen | K::StopScreen) {
            kind = K::LegacyStopScreen;
        }
    }

    // "Stop code: NAME" / "…for this error: 0x…" / "Stoppkod: …" / "Código de detención: …".
    let stop_value = |v: &str| interpret_stop_value(v, ocr).map(|sv| (sv, v.to_string()));
    if let Some((li, (v, seen))) = labelled(&t, STOP_LABELS, stop_value)
        .or_else(|| labelled_with(&t, ERROR_LABELS, true, stop_value))
    {
        used.push(li);
        if code.is_none() {
            code = Some((v.code, v.source, v.read));
            code_at = Some((li, seen));
        }
        if v.name.is_some() {
            name_on_screen = v.name;
            name_dist = v.name_dist;
        }
        if matches!(kind, K::Unknown) {
            kind = K::StopScreen;
        }
        bonus += 3;
    }

    // A bug check name alone on a line of a stop screen (legacy screens print it
    // above the STOP line; EMS text may too).
    if name_on_screen.is_none()
        && matches!(kind, K::StopScreen | K::LegacyStopScreen | K::EmsBlueScreen)
    {
        for (li, l) in t.lines.iter().enumerate() {
            let raw = l
                .raw
                .trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '_');
            if raw.len() >= 8
                && raw.contains('_')
                && raw
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
                && let Some(c) = names::bugcheck_code(raw)
            {
                name_on_screen = Some(names::normalize_name(raw));
                used.push(li);
                if code.is_none() {
                    code = Some((c, CodeSource::FromName, Read::Exact));
                    code_at = Some((li, raw.to_string()));
                }
                break;
            }
        }
    }

    // NMI: bug check 0x80 (NMI_HARDWARE_FAILURE), not shown on the screen.
    if kind == K::HardwareMalfunction {
        if code.is_none() {
            code = Some((0x80, CodeSource::Implied, Read::Exact));
        }
        if let Some(li) =
            (0..t.lines.len()).find(|&li| t.lines[li].folded.starts_with(&['n', 'm', 'i', ':']))
        {
            f.detail = Some(t.lines[li].raw.clone());
            used.push(li);
        }
    }

    // Status on boot manager / recovery screens, and in 0xC000021A's text ("status of 0x…").
    for &(label, label_kind) in STATUS_LABELS {
        if let Some((li, (s, r))) = labelled(&t, &[label], |v| interpret_status(v, ocr)) {
            f.status = Some(s);
            status_read = Some(r);
            used.push(li);
            if kind == K::Unknown {
                kind = label_kind;
            }
            bonus += 3;
            break;
        }
    }
    if f.status.is_none()
        && let Some((li, (s, _))) = labelled(&t, &["status of"], |v| interpret_status(v, ocr))
    {
        f.status = Some(s);
        used.push(li);
    }

    // File named on screen.
    if let Some((li, file)) = labelled(&t, FILE_LABELS, clean_file) {
        f.file = Some(file);
        used.push(li);
        bonus += 1;
    } else if let Some((li, file)) = legacy_driver(&t) {
        f.file = Some(file);
        used.push(li);
    }

    // Details: boot manager "Info:" (with its continuation lines), the process of a 0xC000021A.
    if f.detail.is_none()
        && let Some((li, value)) = labelled(&t, INFO_LABELS, |v| Some(v.to_string()))
    {
        let mut d = value;
        for l in t.lines.iter().skip(li + 1).take(3) {
            if l.raw.contains(':') || l.raw.contains('=') || l.folded.len() < 3 {
                break;
            }
            d.push(' ');
            d.push_str(&l.raw);
        }
        f.detail = Some(d);
        used.push(li);
    }
    // Recovery screen: the sentence under "Your PC/Device needs to be repaired".
    if f.detail.is_none()
        && kind == K::RecoveryError
        && let Some(li) = [
            "needs to be repaired",
            "maste repareras",
            "necesita repararse",
            "es necesario reparar",
        ]
        .iter()
        .find_map(|p| t.find_phrase(p))
        && let Some(l) = t.lines.get(li + 1)
        && !l.raw.contains(':')
        && l.folded.len() > 12
    {
        f.detail = Some(l.raw.clone());
        used.push(li + 1);
    }
    if f.detail.is_none()
        && let Some(li) = t.find_phrase("system process terminated unexpectedly")
    {
        let l = &t.lines[li];
        let folded: String = l.folded.iter().collect();
        if let (Some(s), Some(e)) = (folded.find("the "), folded.find(" system process")) {
            let (s, e) = (folded[..s].chars().count() + 4, folded[..e].chars().count());
            if s < e {
                let d: String = l.raw.chars().skip(s).take(e - s).collect();
                f.detail = Some(d.trim().to_string());
            }
        }
    }

    // Progress ("5% complete", "Installing Windows 27%").
    if matches!(
        kind,
        K::StopScreen | K::WorkingOnUpdates | K::GettingWindowsReady
    ) {
        f.progress_percent = percent(&t);
    }

    // Hung boot: what it waits for.
    if kind == K::HungBoot
        && let Some((li, waiting, _)) = hung
    {
        f.detail = Some(bounded(&t.lines[li].raw, 200).to_string());
        f.waiting_for = Some(waiting);
    }

    // A code read from words Tesseract was not sure of is not used: the
    // screen is reported with its code unreadable and the text seen.
    if let Some((_, src, _)) = code
        && src != CodeSource::Implied
        && let Some((li, seen)) = &code_at
    {
        let conf = ocr_line(t.lines[*li].no).and_then(|l| seen_confidence(l, seen));

        f.stop_code_line = Some(t.lines[*li].no);
        f.stop_code_confidence = conf;
        if conf.is_some_and(|c| c < MIN_CODE_CONFIDENCE) {
            f.low_confidence_code = code.map(|(c, _, _)| c);
            code = None;
            name_on_screen = None;
            f.parameters.clear();
            f.stop_code_unreadable = Some(bounded(seen.trim(), 80).to_string());
        }
    }

    // 3. Put it together.
    f.set_screen(kind);
    if let Some((c, src, _)) = code {
        f.stop_code = Some(c);
        f.stop_code_source = Some(src);
        f.stop_name = names::bugcheck_name(c)
            .or_else(|| names::ntstatus_name(c))
            .map(str::to_string);
    } else if f.stop_code_unreadable.is_none()
        && matches!(kind, K::StopScreen | K::LegacyStopScreen)
        && let Some((li, seen)) = labelled(&t, STOP_LABELS, |v| {
            let v = v.trim();
            (!v.is_empty()).then(|| v.to_string())
        })
    {
        // A code label with a value that is no known code: say what was seen.
        f.stop_code_unreadable = Some(bounded(&seen, 80).to_string());
        f.stop_code_line = Some(t.lines[li].no);
        f.stop_code_confidence = ocr_line(t.lines[li].no).and_then(|l| seen_confidence(l, &seen));
        used.push(li);
    }
    f.stop_name_on_screen = name_on_screen;
    f.status_name = f.status.and_then(names::ntstatus_name).map(str::to_string);
    let kind_score = score[kind_index(kind)] + bonus;
    let read = code.map(|c| c.2).or(status_read);
    f.confidence = confidence(kind, kind_score, read, name_dist);
    used.sort_unstable();
    used.dedup();
    f.evidence.lines = used
        .into_iter()
        .filter_map(|li| t.lines.get(li))
        .map(|l| EvidenceLine {
            line: l.no,
            text: bounded(&l.raw, 400).to_string(),
            confidence: ocr_line(l.no).and_then(OcrLine::mean),
        })
        .collect();
    f.ocr_confidence = mean(
        f.evidence
            .lines
            .iter()
            .filter_map(|l| ocr_line(l.line))
            .flat_map(|l| l.words.iter().map(|w| w.confidence)),
    );
    f.kb = kb::lookup(&f);
    f
}

fn kind_index(k: ScreenKind) -> usize {
    ScreenKind::ALL
        .iter()
        .position(|x| *x == k)
        .unwrap_or(ScreenKind::ALL.len() - 1)
}

fn confidence(kind: ScreenKind, score: u32, code: Option<Read>, name_dist: usize) -> f32 {
    if kind == K::Unknown {
        return if code.is_some() { 0.3 } else { 0.0 };
    }
    let kind_conf = (0.5 + score as f32 / 16.0).min(1.0);
    let expects_code = matches!(
        kind,
        K::StopScreen
            | K::LegacyStopScreen
            | K::EmsBlueScreen
            | K::BootManagerError
            | K::RecoveryError
    );
    let code_conf = match code {
        Some(Read::Exact) if name_dist == 0 => 1.0,
        Some(Read::Exact) => (1.0 - 0.07 * name_dist as f32).max(0.6),
        Some(Read::Repaired) => 0.92,
        Some(Read::Guessed) => 0.8,
        None if expects_code => 0.7,
        None => 1.0,
    };
    ((kind_conf * code_conf) * 100.0).round() / 100.0
}

/// First line (in order) with one of `labels` whose value `read` accepts.
fn labelled<T>(t: &Text, labels: &[&str], read: impl Fn(&str) -> Option<T>) -> Option<(usize, T)> {
    labelled_with(t, labels, false, read)
}

/// [`labelled`]; with `after_colon`, the value is what follows the line's last
/// colon (or semicolon, as OCR reads it) when there is one after the label
/// ("…search online later for this error: X").
fn labelled_with<T>(
    t: &Text,
    labels: &[&str],
    after_colon: bool,
    read: impl Fn(&str) -> Option<T>,
) -> Option<(usize, T)> {
    for li in 0..t.lines.len() {
        for label in labels {
            if let Some(hit) = t.find_label(li, label) {
                // "…/stopcode" is the URL, not the label.
                if hit.start > 0 && t.lines[li].folded[hit.start - 1] == '/' {
                    continue;
                }
                let mut v = t.value_after(li, &hit);
                if after_colon && let Some(p) = v.rfind([':', ';']) {
                    v = v[p + 1..].trim().to_string();
                }
                if v.is_empty() {
                    continue;
                }
                if let Some(x) = read(&v) {
                    return Some((li, x));
                }
            }
        }
    }
    None
}

struct StopValue {
    code: u32,
    source: CodeSource,
    read: Read,
    name: Option<String>,
    name_dist: usize,
}

/// "CRITICAL PROCESS DIED", "0xc000021a", "CRITICAL_PROCESS_DIED (0x000000EF)".
fn interpret_stop_value(value: &str, ocr: bool) -> Option<StopValue> {
    if let Some(tok) = read_hex(value, ocr, 8)
        && (tok.prefixed || tok.values[0].0 > 0xFFFF)
        && let Some(&(c, r)) = pick(&tok.values, names::is_known_stop_code)
    {
        return Some(StopValue {
            code: c as u32,
            source: CodeSource::OnScreen,
            read: r,
            name: None,
            name_dist: 0,
        });
    }
    let (name_part, paren) = match value.find('(') {
        Some(i) => (&value[..i], Some(&value[i + 1..])),
        None => (value, None),
    };
    let shown = paren
        .and_then(|p| read_hex(p, ocr, 8))
        .filter(|t| t.prefixed)
        .and_then(|t| pick(&t.values, names::is_known_stop_code).copied());
    let normalized = names::normalize_name(name_part);
    let by_name = if ocr {
        names::bugcheck_code_fuzzy(name_part)
    } else {
        names::bugcheck_code(name_part).map(|c| (c, normalized.clone(), 0))
    };
    match (shown, by_name) {
        (Some((c, r)), _) => Some(StopValue {
            code: c as u32,
            source: CodeSource::OnScreen,
            read: r,
            name: (!normalized.is_empty()).then_some(normalized),
            name_dist: 0,
        }),
        (None, Some((c, _, d))) => Some(StopValue {
            code: c,
            source: CodeSource::FromName,
            read: Read::Exact,
            name: Some(normalized),
            name_dist: d,
        }),
        (None, None) => None,
    }
}

/// The first reading that `known` accepts. Never a code that exists in no
/// table: an OCR variant such as 0xAC000242 for 0xc00002e2 is worse than no
/// code (the screen is then reported with its code unreadable).
fn pick(values: &[(u64, Read)], known: impl Fn(u32) -> bool) -> Option<&(u64, Read)> {
    values
        .iter()
        .filter(|(v, _)| *v <= u64::from(u32::MAX))
        .find(|(v, _)| known(*v as u32))
}

/// An NTSTATUS after a label ("0xc0000017"), and how cleanly it was read.
fn interpret_status(value: &str, ocr: bool) -> Option<(u32, Read)> {
    let tok = read_hex(value, ocr, 8)?;
    let &(v, r) = pick(&tok.values, |c| names::ntstatus_name(c).is_some())?;
    let v = v as u32;
    // A status is an error or warning code (0xC…/0x8…), shown with 0x or as 8 digits.
    (v >= 0x8000_0000 && (tok.prefixed || tok.consumed >= 8)).then_some((v, r))
}

/// "*** STOP: 0x0000007B (0xF78D2524,0xC0000034,0x00000000,0x00000000)".
#[allow(clippy::type_complexity)]
fn legacy_stop(t: &Text, ocr: bool) -> Option<((u32, Read), Vec<u64>, usize, String)> {
    for (li, l) in t.lines.iter().enumerate() {
        let folded: String = l.folded.iter().collect();
        let mut from = 0;
        while let Some(p) = folded[from..].find("stop") {
            let at = from + p;
            from = at + 4;
            let after = &folded[at + 4..];
            let after_trim = after.trim_start();
            let sep = after_trim.chars().next();
            if !matches!(sep, Some(':') | Some(';')) {
                continue;
            }
            // Not "Stop code:" and not a word ending in "stop".
            if at > 0
                && folded[..at]
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_alphanumeric())
            {
                continue;
            }
            let chars_before = folded[..at].chars().count()
                + 4
                + (after.chars().count() - after_trim.chars().count())
                + 1;
            let raw_rest = raw_after(&l.raw, chars_before);
            let Some(tok) = read_hex(raw_rest, ocr, 8) else {
                continue;
            };
            if !tok.prefixed && tok.consumed < 8 {
                continue;
            }
            let Some(&(c, r)) = pick(&tok.values, names::is_known_stop_code) else {
                continue;
            };
            // Parameters: "(a, b, c, d)", possibly wrapped onto the next line.
            let mut rest: String = raw_rest.chars().skip(tok.consumed).collect();
            if let Some(next) = t.lines.get(li + 1)
                && rest.contains('(')
                && !rest.contains(')')
            {
                rest.push(' ');
                rest.push_str(&next.raw);
            }
            let params = parameters(&rest, ocr);
            let seen: String = raw_rest.chars().take(tok.consumed).collect();
            return Some(((c as u32, r), params, li, seen.trim().to_string()));
        }
    }
    None
}

/// Up to four hex numbers inside "( … )", separated by commas or spaces.
fn parameters(s: &str, ocr: bool) -> Vec<u64> {
    let Some(open) = s.find('(') else {
        return Vec::new();
    };
    let inner = &s[open + 1..];
    let inner = &inner[..inner.find(')').unwrap_or(inner.len())];
    let mut out = Vec::new();
    for part in inner.split([',', ' ', ';']).filter(|p| !p.is_empty()) {
        if out.len() == 4 {
            break;
        }
        match read_hex(part, ocr, 16) {
            Some(tok) if tok.prefixed || tok.consumed >= 8 => out.push(tok.values[0].0),
            _ => {}
        }
    }
    out
}

/// "*** atapi.sys - Address F73120AE base at F7310000, DateStamp 3b7d83e5".
fn legacy_driver(t: &Text) -> Option<(usize, String)> {
    for (li, l) in t.lines.iter().enumerate() {
        let folded: String = l.folded.iter().collect();
        if folded.starts_with("***") && folded.contains(" - address") {
            let raw = l.raw.trim_start_matches(['*', ' ']);
            let name = raw.split(" - ").next()?.trim();
            if let Some(f) = clean_file(name) {
                return Some((li, f));
            }
        }
    }
    None
}

/// `<PROPERTY NAME="STOPCODE" TYPE="string"><VALUE>"0xEF"</VALUE></PROPERTY>`.
fn ems_stop_code(t: &Text) -> Option<(u32, usize)> {
    for (li, l) in t.lines.iter().enumerate() {
        let folded: String = l.folded.iter().collect();
        let Some(p) = folded.find("name=\"stopcode\"") else {
            continue;
        };
        let rest = &folded[p..];
        let v = rest.find("<value>")?;
        let value = rest[v + 7..].trim_start_matches(['"', ' ']);
        let tok = read_hex(value, false, 8)?;
        if tok.prefixed {
            return Some((tok.values[0].0 as u32, li));
        }
    }
    None
}

/// A hung-boot message: the line index, what it waits for, and its weight
/// as evidence for [`ScreenKind::HungBoot`].
fn hung_boot(t: &Text) -> Option<(usize, WaitingFor, u32)> {
    // The services Windows names (their anchors weigh 4 already: no more).
    for (name, key) in WAIT_SERVICES {
        let phrase = format!("please wait for the {}", name.to_lowercase());
        if let Some(li) = t.find_phrase(&phrase) {
            let w = WaitingFor::Service {
                name: (*name).to_string(),
                service: Some(key),
            };
            return Some((li, w, 0));
        }
    }
    if let Some(li) = t.find_phrase("applying computer settings") {
        return Some((li, WaitingFor::ComputerSettings, 0));
    }
    let at_start = |li: usize, label: &str| t.find_label(li, label).filter(|h| h.start <= 2);
    let name_of = |v: &str| -> Option<String> {
        let v = v
            .trim()
            .trim_end_matches(['.', '…', ' ', ',', ';', ':'])
            .trim();
        let letters = v.chars().filter(|c| c.is_alphabetic()).count();
        (letters >= 3 && v.chars().count() <= 80).then(|| v.to_string())
    };
    // "Applying <name> policy".
    for li in 0..t.lines.len() {
        let Some(hit) = at_start(li, "applying ") else {
            continue;
        };
        let rest = t.value_after(li, &hit);
        let rest = rest.trim_end_matches(['.', '…', ' ']);
        let Some((name, last)) = rest.rsplit_once(' ') else {
            continue;
        };
        let last: Vec<u8> = fold(last).bytes().collect();
        if crate::text::levenshtein(&last, b"policy", 2) <= usize::from(t.fuzzy)
            && let Some(name) = name_of(name)
        {
            return Some((li, WaitingFor::Policy { name }, 4));
        }
    }
    // "Please wait for the <service>", any other one.
    for li in 0..t.lines.len() {
        let Some(hit) = at_start(li, "please wait for") else {
            continue;
        };
        let rest = t.value_after(li, &hit);
        let rest = rest.trim();
        let rest = match rest.get(..4) {
            Some(p) if p.eq_ignore_ascii_case("the ") => &rest[4..],
            _ => rest,
        };
        if let Some(name) = name_of(rest) {
            return Some((
                li,
                WaitingFor::Service {
                    name,
                    service: None,
                },
                3,
            ));
        }
    }
    // A bare "Please wait" (Windows Server 2012 shows only that).
    for (li, l) in t.lines.iter().enumerate() {
        let letters: String = l.folded.iter().filter(|c| c.is_alphabetic()).collect();
        if letters == "pleasewait" {
            return Some((li, WaitingFor::Unnamed, 3));
        }
    }
    None
}

fn percent(t: &Text) -> Option<u8> {
    for l in &t.lines {
        let s: String = l.folded.iter().collect();
        if let Some(p) = s.find('%') {
            let digits: String = s[..p]
                .trim_end()
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_digit())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if let Ok(n) = digits.parse::<u8>()
                && n <= 100
                && !digits.is_empty()
            {
                return Some(n);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_after_follows_folding() {
        assert_eq!(raw_after("Stop  code: X", 9), ": X");
        assert_eq!(raw_after("Código de detención: Y", 19), ": Y");
    }
}
