//! Bug check decoding: names, parameter meanings, NTSTATUS names, the
//! process behind 0xC000021A / 0xEF, the faulting module and a bucket-like id.

use std::io::{Read, Seek};

use serde::Serialize;

use crate::error::DumpError;
use crate::header::Arch;
use crate::kernel::KernelDump;
use crate::tables::{self, ParamKind};
use crate::triage::LoadedModule;

/// An NTSTATUS found in a parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NtStatusInfo {
    /// The 32-bit value.
    #[serde(serialize_with = "crate::hexser::u32")]
    pub code: u32,
    /// Symbolic name, when known.
    pub name: Option<&'static str>,
    /// True when the parameter's documented meaning is not an NTSTATUS but
    /// the value looks like an error status with a known name.
    pub inferred: bool,
}

/// One decoded bug check parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BugcheckParameter {
    /// 1..=4.
    pub index: u8,
    /// The value as stored (32-bit dumps: zero-extended).
    #[serde(serialize_with = "crate::hexser::u64")]
    pub value: u64,
    /// What it holds, when the code's parameters are documented.
    pub kind: Option<ParamKind>,
    /// English meaning from Microsoft's bug check reference.
    pub meaning: Option<&'static str>,
    /// NTSTATUS decoding, for status parameters.
    pub ntstatus: Option<NtStatusInfo>,
    /// Module (file name) whose image holds this address, when known.
    pub module: Option<String>,
}

/// How a process name was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProcessNameSource {
    /// 0xC000021A Arg1: the string read from dump memory.
    Arg1String {
        /// How the string was stored.
        encoding: StringEncoding,
    },
    /// 0xEF Arg1: EPROCESS.ImageFileName at a build-specific offset.
    EprocessImageFileName {
        /// Offset used.
        offset: u32,
    },
}

/// How a string was stored in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StringEncoding {
    /// A UNICODE_STRING structure pointing to UTF-16 text.
    UnicodeString,
    /// NUL-terminated UTF-16 text.
    Utf16,
    /// NUL-terminated ASCII text.
    Ascii,
}

/// The process behind a 0xC000021A or 0xEF bug check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProcessIdentity {
    /// Text read from memory ("Windows SubSystem", or ImageFileName).
    pub text: Option<String>,
    /// Image name ("csrss.exe"), when the text names a known process.
    pub image_name: Option<String>,
    /// Where the text came from.
    pub source: Option<ProcessNameSource>,
    /// Why nothing could be read, when `text` is None.
    pub not_decoded: Option<String>,
}

/// Full bug check analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BugcheckAnalysis {
    /// BugCheckCode.
    #[serde(serialize_with = "crate::hexser::u32")]
    pub code: u32,
    /// Symbolic name.
    pub name: Option<String>,
    /// True when the name was derived ("_M" variant of a known code).
    pub name_derived: bool,
    /// The 4 parameters.
    pub parameters: Vec<BugcheckParameter>,
    /// The NTSTATUS central to this bug check (e.g. 0xC000021A Arg2, 0x7E Arg1).
    pub status: Option<NtStatusInfo>,
    /// The process, for 0xC000021A and 0xEF.
    pub process: Option<ProcessIdentity>,
    /// Module holding the faulting address, when the dump lists modules.
    pub faulting_module: Option<LoadedModule>,
    /// A bucket-like id, e.g. `0xc000021a_csrss.exe_c0000142`,
    /// `0x1000007e_c0000005_amdppm.sys`, `0xef_csrss.exe`; `no_bugcheck` when
    /// the bug check fields were never written, `no_bugcheck_live_dump` when
    /// they hold a live-acquisition tool's text.
    pub bucket_id: String,
}

/// Describe a process from the 0xC000021A string.
pub fn image_for_description(text: &str) -> Option<&'static str> {
    let t = text.to_ascii_lowercase();
    if t.contains("windows subsystem") {
        Some("csrss.exe")
    } else if t.contains("windows logon process") {
        Some("winlogon.exe")
    } else if t.contains("session manager") {
        Some("smss.exe")
    } else if t.contains("local security authority") {
        Some("lsass.exe")
    } else {
        None
    }
}

fn printable(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| !c.is_control())
}

/// Read the string 0xC000021A's Arg1 points to: a UNICODE_STRING structure
/// when it looks like one, otherwise NUL-terminated UTF-16 or ASCII text.
pub fn read_problem_string<R: Read + Seek>(
    dump: &mut KernelDump<R>,
    va: u64,
) -> Result<(String, StringEncoding), DumpError> {
    let wide = dump.pointer_size() == 8;
    let mut s = [0u8; 16];
    let n = if wide { 16 } else { 8 };
    let first = dump.read_virtual(va, &mut s[..n]);
    if first.is_ok() {
        let length = u16::from_le_bytes([s[0], s[1]]);
        let max = u16::from_le_bytes([s[2], s[3]]);
        let buffer = if wide {
            u64::from_le_bytes([s[8], s[9], s[10], s[11], s[12], s[13], s[14], s[15]])
        } else {
            u64::from(u32::from_le_bytes([s[4], s[5], s[6], s[7]]))
        };
        let kernel_ptr = if wide {
            buffer >> 47 == 0x1_FFFF
        } else {
            buffer >= 0x8000_0000
        };
        if length > 0
            && length % 2 == 0
            && length <= max
            && length <= 1024
            && kernel_ptr
            && let Ok(text) = dump.read_unicode_string(va, 1024)
            && printable(&text)
        {
            return Ok((text, StringEncoding::UnicodeString));
        }
    }
    // Raw text: take as much as is readable up to 256 bytes.
    let mut raw = vec![0u8; 256];
    let got = match dump.read_virtual(va, &mut raw) {
        Ok(()) => raw.len(),
        Err(DumpError::MemoryMissing { read, .. }) if read > 0 => read,
        Err(e) => return Err(e),
    };
    raw.truncate(got);
    let utf16_like = raw.len() >= 4 && raw[1] == 0 && raw[3] == 0 && raw[0] != 0;
    if utf16_like {
        let text = crate::bytes::utf16_lossy(&raw);
        if printable(&text) {
            return Ok((text, StringEncoding::Utf16));
        }
    }
    let text = crate::bytes::ascii_z(&raw, 0, raw.len());
    Ok((text, StringEncoding::Ascii))
}

/// EPROCESS.ImageFileName offsets of x64 builds (public EPROCESS layouts,
/// e.g. as published by the Vergilius Project).
fn image_file_name_offset(arch: Arch, build: u32) -> Option<u32> {
    if arch != Arch::Bits64 {
        return None;
    }
    match build {
        7600 | 7601 => Some(0x2E0),
        9200 | 9600 => Some(0x438),
        10240..=18363 => Some(0x450),
        19041..=19045 | 20348 | 22000..=22631 => Some(0x5A8),
        _ => None,
    }
}

fn decode_eprocess<R: Read + Seek>(dump: &mut KernelDump<R>, eprocess: u64) -> ProcessIdentity {
    let h = dump.header();
    let (arch, build) = (h.arch, h.minor_version);
    let Some(off) = image_file_name_offset(arch, build) else {
        return ProcessIdentity {
            text: None,
            image_name: None,
            source: None,
            not_decoded: Some(format!(
                "EPROCESS.ImageFileName offset not known for build {build}"
            )),
        };
    };
    let mut name = [0u8; 15];
    match dump.read_virtual(eprocess.wrapping_add(u64::from(off)), &mut name) {
        Ok(()) => {
            let end = name.iter().position(|&c| c == 0).unwrap_or(name.len());
            let ok = end > 0
                && name[..end]
                    .iter()
                    .all(|&c| c.is_ascii_alphanumeric() || b"._- ".contains(&c));
            if ok {
                let text = String::from_utf8_lossy(&name[..end]).into_owned();
                ProcessIdentity {
                    image_name: Some(text.to_ascii_lowercase()),
                    text: Some(text),
                    source: Some(ProcessNameSource::EprocessImageFileName { offset: off }),
                    not_decoded: None,
                }
            } else {
                ProcessIdentity {
                    text: None,
                    image_name: None,
                    source: None,
                    not_decoded: Some(format!("EPROCESS+{off:#x} does not hold an image name")),
                }
            }
        }
        Err(e) => ProcessIdentity {
            text: None,
            image_name: None,
            source: None,
            not_decoded: Some(format!("EPROCESS not readable: {e}")),
        },
    }
}

/// Parameter index (0-based) holding the faulting code address, by code.
fn fault_address_param(code: u32) -> Option<usize> {
    match code & !tables::BUGCHECK_M_FLAG {
        0x1E | 0x7E | 0x8E | 0x3B => Some(1),
        0x50 => Some(2),
        0x0A | 0xD1 => Some(3),
        _ => None,
    }
}

fn status_param(code: u32) -> Option<usize> {
    if code == 0xC000_021A {
        return Some(1);
    }
    match code & !tables::BUGCHECK_M_FLAG {
        0x1E | 0x7E | 0x8E | 0x3B => Some(0),
        0x7A | 0x7B | 0xED => Some(1),
        0x74 => Some(3),
        _ => None,
    }
}

/// Analyse the dump's bug check. `modules` are the loaded modules (see
/// [`KernelDump::loaded_modules`]) used to name the faulting module.
pub fn analyze<R: Read + Seek>(
    dump: &mut KernelDump<R>,
    modules: &[LoadedModule],
) -> BugcheckAnalysis {
    let code = dump.header().bugcheck_code;
    let params = dump.header().bugcheck_parameters;
    let (name, name_derived) = match tables::bugcheck_display_name(code) {
        Some((n, d)) => (Some(n), d),
        None => (None, false),
    };
    let meanings = tables::parameter_meanings(code);
    let module_of = |va: u64| modules.iter().find(|m| m.contains(va));
    let parameters: Vec<BugcheckParameter> = params
        .iter()
        .enumerate()
        .map(|(i, &value)| {
            let m = meanings.map(|m| m[i]);
            let kind = m.map(|m| m.kind);
            let ntstatus = match kind {
                Some(ParamKind::NtStatus) => {
                    tables::ntstatus_from_param(value).map(|c| NtStatusInfo {
                        code: c,
                        name: tables::ntstatus_name(c),
                        inferred: false,
                    })
                }
                Some(ParamKind::Address) => None,
                _ => tables::ntstatus_from_param(value)
                    .filter(|c| c & 0xC000_0000 == 0xC000_0000)
                    .and_then(|c| {
                        tables::ntstatus_name(c).map(|n| NtStatusInfo {
                            code: c,
                            name: Some(n),
                            inferred: true,
                        })
                    }),
            };
            let module = (kind == Some(ParamKind::Address))
                .then(|| module_of(value).map(|m| m.file_name().to_string()))
                .flatten();
            BugcheckParameter {
                index: i as u8 + 1,
                value,
                kind,
                meaning: m.map(|m| m.meaning),
                ntstatus,
                module,
            }
        })
        .collect();
    let status = status_param(code).and_then(|i| parameters[i].ntstatus.clone());
    let faulting_module = fault_address_param(code)
        .and_then(|i| module_of(params[i]))
        .cloned();

    let process = match code {
        0xC000_021A => Some(match read_problem_string(dump, params[0]) {
            Ok((text, encoding)) => ProcessIdentity {
                image_name: image_for_description(&text).map(str::to_string),
                text: Some(text),
                source: Some(ProcessNameSource::Arg1String { encoding }),
                not_decoded: None,
            },
            Err(e) => ProcessIdentity {
                text: None,
                image_name: None,
                source: None,
                not_decoded: Some(format!("Arg1 string not readable: {e}")),
            },
        }),
        0xEF => Some(decode_eprocess(dump, params[0])),
        _ => None,
    };

    let mut bucket = format!("0x{code:x}");
    match code {
        0xC000_021A | 0xEF => {
            let image = process
                .as_ref()
                .and_then(|p| p.image_name.clone())
                .unwrap_or_else(|| "unknown".into());
            bucket.push('_');
            bucket.push_str(&image);
            if let Some(s) = &status {
                bucket.push_str(&format!("_{:08x}", s.code));
            }
        }
        _ => {
            if let (Some(s), Some(_)) = (&status, fault_address_param(code)) {
                bucket.push_str(&format!("_{:08x}", s.code));
            }
            if let Some(m) = &faulting_module {
                bucket.push('_');
                bucket.push_str(&m.file_name().to_ascii_lowercase());
            }
        }
    }
    // No bug check at all: say so rather than bucket filler text.
    for w in &dump.completeness().warnings {
        match w {
            crate::Warning::BugcheckFieldsAreText { .. } => bucket = "no_bugcheck_live_dump".into(),
            crate::Warning::BugcheckNotWritten => bucket = "no_bugcheck".into(),
            _ => {}
        }
    }
    BugcheckAnalysis {
        code,
        name,
        name_derived,
        parameters,
        status,
        process,
        faulting_module,
        bucket_id: bucket,
    }
}
