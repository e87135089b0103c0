//! What a bundle collects: the evidence list, as data, in one place
//! ([`EVIDENCE`]), and the planner that resolves it on a disk into the files
//! to stream and the wanted files that are missing.
//!
//! The list follows Microsoft's own offline evidence lists for a broken Windows
//! disk (the Azure Disk Inspect Service manifests `diagnostic` and
//! `windowsupdate`): hives and their journals, event logs, Panther, setupapi,
//! CBS and DISM logs, `pending.xml`, the BCD, minidumps. Those lists leave
//! out `MEMORY.DMP` (its size); a support bundle for a stop error is about the
//! dump, so every dump is in, wherever CrashControl says it is, and a dump
//! still held in `pagefile.sys` (Windows copies it to `MEMORY.DMP` only on the
//! next successful boot) is recovered. Left out on purpose: `SAM`, `SECURITY`,
//! user hives and `Security.evtx` (accounts and logons, not needed to explain
//! a stop error), the page file itself (memory contents, not a dump), and the
//! guest agent's plug-in folders (large; the agent's own logs are in).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use vmrescue_disk::{Cursor, Disk, PartitionTable, ReadAt, Scheme, Slice};
use vmrescue_fs::{Entry, FsError, Volume, path_components, windows};
use vmrescue_registry::{Hive, facts};

use crate::error::{BundleError, Result};
use crate::manifest::{
    Category, CrashSettings, Extraction, FileEntry, MissingEntry, MissingReason, WindowsInfo,
};

/// How a rule finds its files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// A path on the Windows volume; `%SystemRoot%` is the Windows folder,
    /// `*` and `?` match within one path component (case-insensitively).
    Path(&'static str),
    /// `CrashControl\DumpFile` (default `%SystemRoot%\MEMORY.DMP`).
    CrashDumpFile,
    /// `*.dmp` in `CrashControl\MinidumpDir` (default `%SystemRoot%\Minidump`).
    MinidumpDir,
    /// The dump held at the start of `CrashControl\DedicatedDumpFile`.
    DedicatedDumpFile,
    /// The dump held at the start of a page file (`ExistingPageFiles`,
    /// `PagingFiles`, or `\pagefile.sys`).
    PageFileDump,
    /// The BCD stores found on the disk, and their `.LOG1`/`.LOG2`.
    Bcd,
}

/// One entry of the evidence list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// What the files are.
    pub category: Category,
    /// How they are found.
    pub what: What,
}

const fn p(category: Category, path: &'static str) -> Rule {
    Rule {
        category,
        what: What::Path(path),
    }
}

/// The evidence list, in bundle order (memory dumps are written last whatever
/// their place here, so that the small evidence comes first in the stream).
pub const EVIDENCE: &[Rule] = &[
    // Dumps.
    Rule {
        category: Category::MemoryDump,
        what: What::CrashDumpFile,
    },
    p(Category::MemoryDump, r"%SystemRoot%\MEMORY.DMP"),
    Rule {
        category: Category::DedicatedDump,
        what: What::DedicatedDumpFile,
    },
    Rule {
        category: Category::PagefileDump,
        what: What::PageFileDump,
    },
    p(Category::Minidump, r"%SystemRoot%\Minidump\*.dmp"),
    Rule {
        category: Category::Minidump,
        what: What::MinidumpDir,
    },
    p(
        Category::LiveKernelDump,
        r"%SystemRoot%\LiveKernelReports\*.dmp",
    ),
    p(
        Category::LiveKernelDump,
        r"%SystemRoot%\LiveKernelReports\*\*.dmp",
    ),
    p(
        Category::WerDump,
        r"\ProgramData\Microsoft\Windows\WER\ReportQueue\*\*.mdmp",
    ),
    p(
        Category::WerDump,
        r"\ProgramData\Microsoft\Windows\WER\ReportQueue\*\*.dmp",
    ),
    p(
        Category::WerDump,
        r"\ProgramData\Microsoft\Windows\WER\ReportArchive\*\*.mdmp",
    ),
    p(
        Category::WerDump,
        r"\ProgramData\Microsoft\Windows\WER\ReportArchive\*\*.dmp",
    ),
    p(
        Category::WerReport,
        r"\ProgramData\Microsoft\Windows\WER\ReportQueue\*\Report.wer",
    ),
    p(
        Category::WerReport,
        r"\ProgramData\Microsoft\Windows\WER\ReportArchive\*\Report.wer",
    ),
    // WER LocalDumps default folders (%LOCALAPPDATA%\CrashDumps) of the system
    // account, the service accounts and the users.
    p(
        Category::WerDump,
        r"%SystemRoot%\System32\config\systemprofile\AppData\Local\CrashDumps\*.dmp",
    ),
    p(
        Category::WerDump,
        r"%SystemRoot%\ServiceProfiles\*\AppData\Local\CrashDumps\*.dmp",
    ),
    p(
        Category::WerDump,
        r"\Users\*\AppData\Local\CrashDumps\*.dmp",
    ),
    // Registry.
    p(Category::Registry, r"%SystemRoot%\System32\config\SYSTEM"),
    p(
        Category::Registry,
        r"%SystemRoot%\System32\config\SYSTEM.LOG1",
    ),
    p(
        Category::Registry,
        r"%SystemRoot%\System32\config\SYSTEM.LOG2",
    ),
    p(Category::Registry, r"%SystemRoot%\System32\config\SOFTWARE"),
    p(
        Category::Registry,
        r"%SystemRoot%\System32\config\SOFTWARE.LOG1",
    ),
    p(
        Category::Registry,
        r"%SystemRoot%\System32\config\SOFTWARE.LOG2",
    ),
    Rule {
        category: Category::Bcd,
        what: What::Bcd,
    },
    // Event logs.
    p(
        Category::EventLog,
        r"%SystemRoot%\System32\winevt\Logs\System.evtx",
    ),
    p(
        Category::EventLog,
        r"%SystemRoot%\System32\winevt\Logs\Application.evtx",
    ),
    p(
        Category::EventLog,
        r"%SystemRoot%\System32\winevt\Logs\Setup.evtx",
    ),
    p(
        Category::EventLog,
        r"%SystemRoot%\System32\winevt\Logs\Microsoft-Windows-WindowsUpdateClient%4Operational.evtx",
    ),
    p(
        Category::EventLog,
        r"%SystemRoot%\System32\winevt\Logs\Microsoft-Windows-CodeIntegrity%4Operational.evtx",
    ),
    p(
        Category::EventLog,
        r"%SystemRoot%\System32\winevt\Logs\Microsoft-Windows-Kernel-PnP%4Configuration.evtx",
    ),
    p(
        Category::EventLog,
        r"%SystemRoot%\System32\winevt\Logs\Microsoft-Windows-WER-Diag%4Operational.evtx",
    ),
    // Servicing.
    p(Category::Servicing, r"%SystemRoot%\Logs\CBS\*"),
    p(Category::Servicing, r"%SystemRoot%\Logs\DISM\*"),
    p(Category::Servicing, r"%SystemRoot%\WinSxS\pending.xml"),
    p(Category::Servicing, r"%SystemRoot%\WinSxS\poqexec.log"),
    p(
        Category::Servicing,
        r"%SystemRoot%\servicing\Sessions\Sessions.xml",
    ),
    // Setup.
    p(Category::Setup, r"%SystemRoot%\Panther\*"),
    p(Category::Setup, r"%SystemRoot%\Panther\UnattendGC\*"),
    p(Category::Setup, r"%SystemRoot%\Setup\State\State.ini"),
    // Drivers.
    p(Category::DriverInstall, r"%SystemRoot%\INF\setupapi*.log"),
    // Azure guest agent.
    p(Category::GuestAgent, r"\WindowsAzure\Logs\WaAppAgent.log"),
    p(
        Category::GuestAgent,
        r"\WindowsAzure\Logs\TransparentInstaller.log",
    ),
];

/// At most this many files per pattern (a damaged directory must not explode a bundle).
const MAX_MATCHES: usize = 10_000;

/// A file to stream into the bundle.
pub(crate) struct Item {
    /// Its manifest entry (`sha256` still empty).
    pub entry: FileEntry,
    /// Its bytes: exactly `entry.size` of them.
    pub reader: Arc<dyn ReadAt>,
}

/// The result of planning.
pub(crate) struct Plan {
    pub windows: WindowsInfo,
    pub crash: CrashSettings,
    pub items: Vec<Item>,
    pub missing: Vec<MissingEntry>,
}

struct Ctx<'a> {
    disk: &'a Disk,
    volumes: HashMap<u32, std::result::Result<Volume, String>>,
    win_part: u32,
    system_root: String,
    /// Drive letter (upper case) → partition index, from `MountedDevices`.
    letters: HashMap<char, u32>,
    win_letter: char,
    memory_dumps: bool,
    items: Vec<Item>,
    seen: HashMap<(u32, String), usize>,
    missing: Vec<MissingEntry>,
    missing_seen: HashSet<(Option<u32>, String)>,
    members: HashSet<String>,
}

fn volume_name(disk: &Disk, index: u32) -> String {
    format!("{} partition {}", disk.image.name, index)
}

impl<'a> Ctx<'a> {
    fn volume(&mut self, index: u32) -> std::result::Result<&Volume, String> {
        let disk = self.disk;
        let v = self.volumes.entry(index).or_insert_with(|| {
            let Some(p) = disk.partition(index) else {
                return Err(format!("no partition {index}"));
            };
            Volume::open(
                disk.partition_reader(p),
                p.filesystem,
                &volume_name(disk, index),
            )
            .map_err(|e| e.to_string())
        });
        v.as_ref().map_err(|e| e.clone())
    }

    fn add_missing(
        &mut self,
        category: Category,
        partition: Option<u32>,
        wanted: &str,
        reason: MissingReason,
        error: Option<String>,
    ) {
        let key = (partition, wanted.to_lowercase());
        if self.missing_seen.insert(key) {
            self.missing.push(MissingEntry {
                category,
                partition,
                wanted: wanted.to_string(),
                reason,
                error,
            });
        }
    }

    /// A unique member name (unique also case-insensitively, for extraction
    /// on Windows and macOS).
    fn member_name(&mut self, wanted: String) -> String {
        let mut name = wanted.clone();
        let mut n = 2;
        while !self.members.insert(name.to_lowercase()) {
            name = match wanted.rfind('.') {
                Some(dot) if dot > wanted.rfind('/').map_or(0, |s| s + 1) => {
                    format!("{}~{n}{}", &wanted[..dot], &wanted[dot..])
                }
                _ => format!("{wanted}~{n}"),
            };
            n += 1;
        }
        name
    }

    /// Adds a file found on a volume (once; later rules only add themselves to `wanted_by`).
    fn add_file(&mut self, category: Category, rule: &str, part: u32, path: &str, entry: &Entry) {
        let key = (part, path.to_lowercase());
        if let Some(&i) = self.seen.get(&key) {
            let wb = &mut self.items[i].entry.wanted_by;
            if !wb.iter().any(|w| w == rule) {
                wb.push(rule.to_string());
            }
            return;
        }
        let reader = match self
            .volume(part)
            .and_then(|v| v.open_file(path).map_err(|e| e.to_string()))
        {
            Ok(r) => r,
            Err(e) => {
                self.add_missing(
                    category,
                    Some(part),
                    path,
                    MissingReason::Unreadable,
                    Some(e),
                );
                return;
            }
        };
        let dump_format = if category.is_dump() {
            sniff(&reader)
        } else {
            None
        };
        let member = self.member_name(member_for(part, path));
        self.seen.insert(key, self.items.len());
        self.items.push(Item {
            entry: FileEntry {
                member,
                category,
                partition: Some(part),
                path: Some(path.to_string()),
                wanted_by: vec![rule.to_string()],
                size: reader.size(),
                created: entry.created.clone(),
                modified: entry.modified.clone(),
                mft_modified: entry.mft_modified.clone(),
                accessed: entry.accessed.clone(),
                sha256: String::new(),
                dump_format,
                extracted_from: None,
                complete: true,
                read_errors: Vec::new(),
                unreadable_bytes: 0,
            },
            reader,
        });
    }

    /// Resolves a Windows path (with a drive letter, `\??\`, `%SystemRoot%`)
    /// to a partition and a volume path.
    fn resolve(&self, raw: &str) -> std::result::Result<(u32, String), (MissingReason, String)> {
        let mut s = raw.trim().trim_matches('"').to_string();
        for prefix in [r"\??\", r"\\?\"] {
            if let Some(rest) = s.strip_prefix(prefix) {
                s = rest.to_string();
            }
        }
        let win = format!("{}:{}", self.win_letter, self.system_root);
        s = facts::expand_system_root(&s, &win);
        s = replace_var(&s, "SystemDrive", &format!("{}:", self.win_letter));
        if s.contains('%') {
            return Err((
                MissingReason::NotFound,
                format!("{raw}: the path holds an environment variable that is not known offline"),
            ));
        }
        let b = s.as_bytes();
        if b.len() >= 2 && b[1] == b':' {
            let letter = char::from(b[0]).to_ascii_uppercase();
            let rest = s[2..].to_string();
            if letter == '?' || letter == self.win_letter {
                return Ok((self.win_part, rest));
            }
            return match self.letters.get(&letter) {
                Some(&part) => Ok((part, rest)),
                None => Err((
                    MissingReason::OtherDrive,
                    format!("{raw}: drive {letter}: is not a partition of this disk"),
                )),
            };
        }
        Ok((self.win_part, s))
    }

    /// Finds the files a pattern names on a partition and adds them; records
    /// what is missing.
    fn collect_pattern(&mut self, category: Category, rule: &str, part: u32, pattern: &str) {
        if !self.memory_dumps && category.is_memory_dump() {
            self.add_missing(
                category,
                Some(part),
                pattern,
                MissingReason::ExcludedByOption,
                None,
            );
            return;
        }
        match self.volume(part) {
            Err(e) => {
                self.add_missing(
                    category,
                    Some(part),
                    pattern,
                    MissingReason::Unreadable,
                    Some(e),
                );
            }
            Ok(vol) => {
                let g = glob(vol, pattern);
                for (path, entry) in g.files {
                    self.add_file(category, rule, part, &path, &entry);
                }
                for (path, (reason, error)) in g.errors {
                    self.add_missing(category, Some(part), &path, reason, error);
                }
                if let Some((reason, error)) = g.none {
                    self.add_missing(category, Some(part), pattern, reason, error);
                }
            }
        }
    }

    /// Looks for a crash dump at the start of a page file or dedicated dump
    /// file and adds it as `recovered/<stem>.dmp`.
    fn collect_held_dump(&mut self, category: Category, rule: &str, raw: &str, stem: &str) {
        if !self.memory_dumps {
            self.add_missing(category, None, raw, MissingReason::ExcludedByOption, None);
            return;
        }
        let (part, path) = match self.resolve(raw) {
            Ok(x) => x,
            Err((reason, e)) => {
                self.add_missing(category, None, raw, reason, Some(e));
                return;
            }
        };
        let key = (part, format!("{}#held-dump", path.to_lowercase()));
        if self.seen.contains_key(&key) {
            return;
        }
        let found = self.volume(part).and_then(|v| {
            let entry = v.stat(&path).map_err(|e| e.to_string())?;
            let reader = v.open_file(&path).map_err(|e| e.to_string())?;
            Ok((entry, reader))
        });
        let (entry, reader) = match found {
            Ok(x) => x,
            Err(e) => {
                let reason = if e.ends_with(": not found") {
                    MissingReason::NotFound
                } else {
                    MissingReason::Unreadable
                };
                self.add_missing(category, Some(part), &path, reason, Some(e));
                return;
            }
        };
        if entry.is_dir {
            self.add_missing(category, Some(part), &path, MissingReason::NotAFile, None);
            return;
        }
        let mut cursor = Cursor::new(Arc::clone(&reader));
        let dump = match vmrescue_dump::detect_in_pagefile(&mut cursor) {
            Ok(Some(d)) => d,
            Ok(None) => {
                self.add_missing(
                    category,
                    Some(part),
                    &path,
                    MissingReason::NoDumpInPageFile,
                    None,
                );
                return;
            }
            Err(e) => {
                self.add_missing(
                    category,
                    Some(part),
                    &path,
                    MissingReason::Unreadable,
                    Some(e.to_string()),
                );
                return;
            }
        };
        let file_size = reader.size();
        let slice: Arc<dyn ReadAt> = Arc::new(Slice::new(reader, 0, dump.available_len));
        let dump_format = sniff(&slice);
        let member = self.member_name(format!("recovered/{stem}.dmp"));
        self.seen.insert(key, self.items.len());
        self.items.push(Item {
            entry: FileEntry {
                member,
                category,
                partition: Some(part),
                path: Some(path),
                wanted_by: vec![rule.to_string()],
                size: dump.available_len,
                created: entry.created,
                modified: entry.modified,
                mft_modified: entry.mft_modified,
                accessed: entry.accessed,
                sha256: String::new(),
                dump_format,
                extracted_from: Some(Extraction {
                    file_size,
                    offset: 0,
                    dump_length: dump.dump_len,
                    truncated: dump.truncated,
                }),
                complete: true,
                read_errors: Vec::new(),
                unreadable_bytes: 0,
            },
            reader: slice,
        });
    }
}

fn replace_var(s: &str, var: &str, value: &str) -> String {
    let pat = format!("%{}%", var.to_lowercase());
    let lower = s.to_lowercase();
    match lower.find(&pat) {
        Some(i) if lower.len() == s.len() => format!("{}{}{}", &s[..i], value, &s[i + pat.len()..]),
        _ => s.to_string(),
    }
}

/// The member name of a file: `p<partition>/<path with />`, with `..` and
/// empty components made harmless.
pub(crate) fn member_for(part: u32, path: &str) -> String {
    let mut out = format!("p{part}");
    for c in path_components(path) {
        out.push('/');
        if c == ".." {
            out.push_str("_..");
        } else {
            out.push_str(c);
        }
    }
    out
}

fn sniff(reader: &Arc<dyn ReadAt>) -> Option<String> {
    let mut c = Cursor::new(Arc::clone(reader));
    match vmrescue_dump::sniff(&mut c) {
        Ok(Some(f)) => Some(
            match f {
                vmrescue_dump::DumpFormat::Kernel64 => "kernel64",
                vmrescue_dump::DumpFormat::Kernel32 => "kernel32",
                vmrescue_dump::DumpFormat::UserMinidump => "user_minidump",
            }
            .to_string(),
        ),
        _ => None,
    }
}

fn has_wildcard(s: &str) -> bool {
    s.contains(['*', '?'])
}

/// Case-insensitive `*`/`?` matching of one path component.
pub(crate) fn wildcard_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().flat_map(char::to_lowercase).collect();
    let n: Vec<char> = name.chars().flat_map(char::to_lowercase).collect();
    let (mut pi, mut ni) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ni;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ni = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

type Missing = (MissingReason, Option<String>);

fn fs_missing(e: &FsError) -> Missing {
    match e {
        FsError::NotFound { .. } | FsError::NotADirectory { .. } => {
            (MissingReason::NotFound, Some(e.to_string()))
        }
        _ => (MissingReason::Unreadable, Some(e.to_string())),
    }
}

/// What a pattern expanded to.
struct Globbed {
    /// Files found (path, metadata), sorted by path.
    files: Vec<(String, Entry)>,
    /// Folders or files on the way that could not be read: (path, why).
    errors: Vec<(String, Missing)>,
    /// Why nothing was found, when nothing was.
    none: Option<Missing>,
}

/// Expands a pattern on a volume into files.
fn glob(vol: &Volume, pattern: &str) -> Globbed {
    let mut out = Globbed {
        files: Vec::new(),
        errors: Vec::new(),
        none: None,
    };
    let comps: Vec<&str> = path_components(pattern).collect();
    if comps.is_empty() {
        out.none = Some((MissingReason::NotAFile, None));
        return out;
    }
    if !comps.iter().any(|c| has_wildcard(c)) {
        let path = format!(r"\{}", comps.join(r"\"));
        match vol.stat(&path) {
            Err(e) => out.none = Some(fs_missing(&e)),
            Ok(entry) if entry.is_dir => out.none = Some((MissingReason::NotAFile, None)),
            Ok(entry) => {
                // The real name of the last component (case as stored).
                let real = match path.rfind('\\') {
                    Some(i) if !entry.name.is_empty() => format!(r"{}\{}", &path[..i], entry.name),
                    _ => path,
                };
                out.files.push((real, entry));
            }
        }
        return out;
    }
    // Folders reached so far; files matched at the last component.
    let mut dirs = vec![String::new()];
    let mut any_dir_listed = false;
    for (i, comp) in comps.iter().enumerate() {
        let last = i + 1 == comps.len();
        let mut next = Vec::new();
        for d in &dirs {
            if !has_wildcard(comp) {
                let path = format!(r"{d}\{comp}");
                if !last {
                    next.push(path);
                    continue;
                }
                match vol.stat(&path) {
                    Ok(e) if !e.is_dir => out.files.push((format!(r"{d}\{}", e.name), e)),
                    Ok(_) => {}
                    Err(e) => {
                        let m = fs_missing(&e);
                        if m.0 != MissingReason::NotFound {
                            out.errors.push((path, m));
                        }
                    }
                }
                continue;
            }
            let dir = if d.is_empty() {
                r"\".to_string()
            } else {
                d.clone()
            };
            match vol.list(&dir) {
                Ok(entries) => {
                    any_dir_listed = true;
                    for e in entries {
                        if e.name.starts_with('$') && d.is_empty() {
                            continue; // NTFS metadata files at the root
                        }
                        if !wildcard_match(comp, &e.name) || e.is_dir == last {
                            continue;
                        }
                        let path = format!(r"{d}\{}", e.name);
                        if last {
                            out.files.push((path, e));
                        } else {
                            next.push(path);
                        }
                        if out.files.len() + next.len() > MAX_MATCHES {
                            break;
                        }
                    }
                }
                Err(e) => {
                    // A folder on the way that is not there is the normal case
                    // (no ReportQueue, no CrashDumps); any other failure hides
                    // files that may be wanted, and is said.
                    let m = fs_missing(&e);
                    if m.0 != MissingReason::NotFound {
                        out.errors.push((dir, m));
                    }
                }
            }
        }
        if !last {
            dirs = next;
            dirs.truncate(MAX_MATCHES);
        }
    }
    out.files.truncate(MAX_MATCHES);
    out.files.sort_by_key(|a| a.0.to_lowercase());
    if out.files.is_empty() && out.errors.is_empty() {
        out.none = Some(if any_dir_listed {
            (MissingReason::NoMatch, None)
        } else {
            (MissingReason::NotFound, None)
        });
    }
    out
}

fn read_whole(vol: &Volume, path: &str) -> std::result::Result<Vec<u8>, String> {
    let f = vol.open_file(path).map_err(|e| e.to_string())?;
    let len = usize::try_from(f.size()).map_err(|_| format!("{path}: too large"))?;
    // A hive larger than this is not a real SYSTEM hive.
    if len > 1 << 30 {
        return Err(format!(
            "{path}: {len} bytes is too large for a SYSTEM hive"
        ));
    }
    let mut buf = vec![0u8; len];
    f.read_exact_at(0, &mut buf).map_err(|e| e.to_string())?;
    Ok(buf)
}

/// What the SYSTEM hive says: crash settings, page files, drive letters.
struct SystemInfo {
    crash: CrashSettings,
    letters: HashMap<char, u32>,
}

fn read_system(disk: &Disk, vol: &Volume, system_root: &str) -> SystemInfo {
    let dir = format!(r"{system_root}\System32\config");
    let defaults = |error: String| SystemInfo {
        crash: CrashSettings {
            read_from: "defaults".into(),
            error: Some(error),
            crash_dump_enabled: None,
            dump_file: r"%SystemRoot%\MEMORY.DMP".into(),
            minidump_dir: r"%SystemRoot%\Minidump".into(),
            dedicated_dump_file: None,
            page_files: vec![r"\pagefile.sys".into()],
        },
        letters: HashMap::new(),
    };
    let primary = match read_whole(vol, &format!(r"{dir}\SYSTEM")) {
        Ok(b) => b,
        Err(e) => return defaults(e),
    };
    let mut logs = Vec::new();
    for name in ["SYSTEM.LOG1", "SYSTEM.LOG2"] {
        if let Ok(b) = read_whole(vol, &format!(r"{dir}\{name}")) {
            logs.push((name.to_string(), b));
        }
    }
    let hive = match Hive::from_named_bytes("SYSTEM", primary, logs) {
        Ok((h, _)) => h,
        Err(e) => return defaults(format!("SYSTEM: {e}")),
    };
    let f = facts::collect(&hive, None);
    let cc = &f.system.crash_control;
    let mut page_files = Vec::new();
    if let Some(existing) = &f.system.page_files.existing_page_files {
        page_files.extend(existing.value.iter().cloned());
    }
    if let Some(spec) = &f.system.page_files.paging_files {
        page_files.extend(spec.value.iter().map(|s| s.path.clone()));
    }
    let mut seen = HashSet::new();
    page_files.retain(|p| {
        let k = p
            .trim_start_matches(r"\??\")
            .trim_start_matches("?:")
            .trim_start_matches("C:")
            .trim_start_matches("c:")
            .to_lowercase();
        !p.trim().is_empty() && seen.insert(k)
    });
    if page_files.is_empty() {
        page_files.push(r"\pagefile.sys".into());
    }
    SystemInfo {
        crash: CrashSettings {
            read_from: "registry".into(),
            error: (!f.errors.is_empty()).then(|| {
                f.errors
                    .iter()
                    .map(|e| format!("{}: {}", e.fact, e.error))
                    .collect::<Vec<_>>()
                    .join("; ")
            }),
            crash_dump_enabled: cc.crash_dump_enabled.as_ref().map(|f| f.value),
            dump_file: cc.dump_file.value.clone(),
            minidump_dir: cc.minidump_dir.value.clone(),
            dedicated_dump_file: cc.dedicated_dump_file.as_ref().map(|f| f.value.clone()),
            page_files,
        },
        letters: mounted_devices(disk, &hive),
    }
}

/// `MountedDevices`: drive letters of the partitions of this disk (MBR:
/// disk signature + byte offset; GPT: `DMIO:ID:` + partition GUID).
fn mounted_devices(disk: &Disk, hive: &Hive) -> HashMap<char, u32> {
    let mut out = HashMap::new();
    let Ok(Some(key)) = hive.key("MountedDevices") else {
        return out;
    };
    for v in key.values().items {
        let name = v.name();
        let Some(letter) = name
            .strip_prefix(r"\DosDevices\")
            .and_then(|r| r.strip_suffix(':'))
            .and_then(|r| r.chars().next().filter(|_| r.len() == 1))
        else {
            continue;
        };
        let Ok(data) = v.data() else { continue };
        if let Some(p) = device_partition(&disk.table, &data) {
            out.insert(letter.to_ascii_uppercase(), p);
        }
    }
    out
}

/// The partition of this disk a `MountedDevices` value names, if any.
fn device_partition(table: &PartitionTable, data: &[u8]) -> Option<u32> {
    let part = match (table.scheme, data.len()) {
        (Scheme::Mbr, 12) => {
            let sig = u32::from_le_bytes([data[0], data[1], data[2], data[3]]);
            let mut off = [0u8; 8];
            off.copy_from_slice(&data[4..12]);
            let off = u64::from_le_bytes(off);
            if table.disk_id.as_deref() != Some(&format!("{sig:#010x}")) {
                return None;
            }
            table.partitions.iter().find(|p| p.start == off)
        }
        (Scheme::Gpt, 24) if data.starts_with(b"DMIO:ID:") => {
            let guid = vmrescue_disk::partition::format_guid(&data[8..24]);
            table.partitions.iter().find(|p| {
                p.guid
                    .as_deref()
                    .is_some_and(|g| g.eq_ignore_ascii_case(&guid))
            })
        }
        _ => None,
    };
    part.map(|p| p.index)
}

/// Resolves the evidence list on a disk.
pub(crate) fn plan(
    disk: &Disk,
    windows_partition: Option<u32>,
    memory_dumps: bool,
) -> Result<Plan> {
    let layout = windows::find(disk);
    let install = match windows_partition {
        Some(i) => layout.installs.iter().find(|w| w.partition == i),
        None => layout.installs.first(),
    }
    .ok_or_else(|| BundleError::NoWindows {
        source_name: disk.image.name.clone(),
    })?;
    let mut ctx = Ctx {
        disk,
        volumes: HashMap::new(),
        win_part: install.partition,
        system_root: install.path.clone(),
        letters: HashMap::new(),
        win_letter: 'C',
        memory_dumps,
        items: Vec::new(),
        seen: HashMap::new(),
        missing: Vec::new(),
        missing_seen: HashSet::new(),
        members: [
            crate::manifest::MANIFEST_MEMBER,
            crate::manifest::CHECKSUMS_MEMBER,
        ]
        .iter()
        .map(|s| s.to_lowercase())
        .collect(),
    };
    // The Windows volume must open; everything else is best effort.
    let p = disk
        .partition(install.partition)
        .ok_or_else(|| BundleError::NoWindows {
            source_name: disk.image.name.clone(),
        })?;
    let vol = Volume::open(
        disk.partition_reader(p),
        p.filesystem,
        &volume_name(disk, p.index),
    )?;
    let sys = read_system(disk, &vol, &install.path);
    ctx.volumes.insert(install.partition, Ok(vol));
    ctx.letters = sys.letters;
    if let Some((&l, _)) = ctx.letters.iter().find(|(_, p)| **p == install.partition) {
        ctx.win_letter = l;
    }
    let crash = sys.crash;
    let win_part = install.partition;
    for rule in EVIDENCE {
        let cat = rule.category;
        match rule.what {
            What::Path(pat) => {
                let path = pat.replace("%SystemRoot%", &ctx.system_root);
                ctx.collect_pattern(cat, pat, win_part, &path);
            }
            What::CrashDumpFile => {
                let name = r"CrashControl\DumpFile";
                match ctx.resolve(&crash.dump_file) {
                    Ok((part, path)) => ctx.collect_pattern(cat, name, part, &path),
                    Err((reason, e)) => {
                        let reason = if memory_dumps {
                            reason
                        } else {
                            MissingReason::ExcludedByOption
                        };
                        ctx.add_missing(cat, None, &crash.dump_file, reason, Some(e));
                    }
                }
            }
            What::MinidumpDir => {
                let name = r"CrashControl\MinidumpDir\*.dmp";
                match ctx.resolve(&crash.minidump_dir) {
                    Ok((part, path)) => {
                        let pattern = format!(r"{}\*.dmp", path.trim_end_matches('\\'));
                        ctx.collect_pattern(cat, name, part, &pattern);
                    }
                    Err((reason, e)) => {
                        ctx.add_missing(cat, None, &crash.minidump_dir, reason, Some(e))
                    }
                }
            }
            What::DedicatedDumpFile => {
                if let Some(d) = crash.dedicated_dump_file.clone() {
                    ctx.collect_held_dump(
                        cat,
                        r"CrashControl\DedicatedDumpFile",
                        &d,
                        "dedicated-dump",
                    );
                }
            }
            What::PageFileDump => {
                for pf in crash.page_files.clone() {
                    ctx.collect_held_dump(cat, "page file", &pf, "pagefile-dump");
                }
            }
            What::Bcd => {
                let stores: Vec<_> = layout
                    .bcd
                    .iter()
                    .chain(&layout.other_bcd)
                    .cloned()
                    .collect();
                if stores.is_empty() {
                    ctx.add_missing(
                        cat,
                        None,
                        r"\Boot\BCD, \EFI\Microsoft\Boot\BCD",
                        MissingReason::NotFound,
                        None,
                    );
                }
                for loc in stores {
                    for suffix in ["", ".LOG1", ".LOG2"] {
                        let path = format!("{}{suffix}", loc.path);
                        ctx.collect_pattern(cat, "BCD", loc.partition, &path);
                    }
                }
            }
        }
    }
    // Memory dumps last, so the small evidence comes first in the stream.
    let (mut items, dumps): (Vec<Item>, Vec<Item>) = ctx
        .items
        .into_iter()
        .partition(|i| !i.entry.category.is_memory_dump());
    items.extend(dumps);
    Ok(Plan {
        windows: WindowsInfo {
            partition: win_part,
            system_root: ctx.system_root,
        },
        crash,
        items,
        missing: ctx.missing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_case_insensitively_within_a_component() {
        assert!(wildcard_match("*.dmp", "112024-12345-01.DMP"));
        assert!(wildcard_match("setupapi*.log", "setupapi.dev.log"));
        assert!(wildcard_match("*", "CBS.log"));
        assert!(wildcard_match("WER?090.tmp.mdmp", "WER1090.tmp.mdmp"));
        assert!(!wildcard_match("*.dmp", "x.mdmp.txt"));
        assert!(!wildcard_match("*.dmp", "x.mdmp"));
        assert!(wildcard_match("*.mdmp", "x.mdmp"));
    }

    #[test]
    fn member_names_follow_the_partition_and_path() {
        assert_eq!(
            member_for(3, r"\Windows\Minidump\a.dmp"),
            "p3/Windows/Minidump/a.dmp"
        );
        assert_eq!(member_for(1, r"\..\x"), "p1/_../x");
    }

    fn part(index: u32, start: u64, guid: &str) -> vmrescue_disk::Partition {
        vmrescue_disk::Partition {
            index,
            start,
            size: 1 << 30,
            filesystem: vmrescue_disk::FsKind::Ntfs,
            type_id: String::new(),
            type_name: None,
            name: None,
            guid: (!guid.is_empty()).then(|| guid.to_string()),
            active: false,
            beyond_end: false,
        }
    }

    #[test]
    fn mounted_devices_values_map_drive_letters_to_partitions() {
        let mbr = PartitionTable {
            scheme: Scheme::Mbr,
            sector_size: 512,
            disk_id: Some("0x5649524d".into()),
            partitions: vec![part(1, 1 << 20, ""), part(2, 501 << 20, "")],
            warnings: Vec::new(),
        };
        let mut v = 0x5649_524du32.to_le_bytes().to_vec();
        v.extend_from_slice(&(501u64 << 20).to_le_bytes());
        assert_eq!(device_partition(&mbr, &v), Some(2));
        v[0] ^= 1; // another disk
        assert_eq!(device_partition(&mbr, &v), None);

        // GPT: DMIO:ID: + the partition GUID in its on-disk (mixed-endian) bytes.
        let guid_bytes: [u8; 16] = [
            0x78, 0x56, 0x34, 0x12, 0x34, 0x12, 0x78, 0x56, 0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34,
            0x56, 0x78,
        ];
        let guid = vmrescue_disk::partition::format_guid(&guid_bytes);
        assert_eq!(guid, "12345678-1234-5678-9abc-def012345678");
        let gpt = PartitionTable {
            scheme: Scheme::Gpt,
            sector_size: 512,
            disk_id: None,
            partitions: vec![
                part(1, 1 << 20, "00000000-0000-0000-0000-000000000001"),
                part(3, 122 << 20, &guid.to_uppercase()),
            ],
            warnings: Vec::new(),
        };
        let mut v = b"DMIO:ID:".to_vec();
        v.extend_from_slice(&guid_bytes);
        assert_eq!(device_partition(&gpt, &v), Some(3));
        assert_eq!(device_partition(&gpt, &v[..20]), None);
    }

    #[test]
    fn the_evidence_list_has_no_duplicate_rules() {
        let mut seen = HashSet::new();
        for r in EVIDENCE {
            assert!(seen.insert(format!("{:?}", r.what)), "{:?}", r.what);
        }
    }
}
