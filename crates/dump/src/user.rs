//! User-mode minidumps (MDMP) through the `minidump` crate: exception code
//! with its NTSTATUS name, process, modules, OS.
//!
//! The `minidump` crate parses a byte slice, so the file is read into
//! memory, but at most [`MAX_USER_DUMP_READ`] bytes of it: the header, the
//! stream directory and the small streams this module decodes sit at the
//! start of the file in the dumps Windows writes; the bulk memory of a
//! full-memory dump follows them and is not needed.

use std::io::{Read, Seek, SeekFrom};

use minidump::{
    Minidump, MinidumpException, MinidumpMiscInfo, MinidumpModuleList, MinidumpSystemInfo, Module,
};
use serde::Serialize;

use crate::DumpError;
use crate::bytes::stream_len;
use crate::tables;

/// Most bytes of a user-mode dump read into memory.
pub const MAX_USER_DUMP_READ: u64 = 64 << 20;
/// Most modules listed.
const MAX_MODULES: usize = 4096;

/// The exception that ended the process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserException {
    /// ExceptionCode.
    #[serde(serialize_with = "crate::hexser::u32")]
    pub code: u32,
    /// NTSTATUS name of the code, when known.
    pub name: Option<&'static str>,
    /// ExceptionAddress.
    #[serde(serialize_with = "crate::hexser::u64")]
    pub address: u64,
    /// Crash address as the `minidump` crate computes it (the accessed
    /// address for access violations).
    #[serde(serialize_with = "crate::hexser::u64")]
    pub crash_address: u64,
    /// Thread that raised it.
    pub thread_id: u32,
    /// Module holding `address`, when known.
    pub module: Option<String>,
}

/// The operating system that wrote the dump.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserOs {
    /// "major.minor.build".
    pub version: String,
    /// Build number.
    pub build: u32,
    /// Service pack text, when present.
    pub csd_version: Option<String>,
    /// CPU architecture ("x86", "amd64", ...).
    pub cpu: String,
    /// Number of processors.
    pub processors: u8,
}

/// A module loaded in the process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserModule {
    /// Path of the module file.
    pub name: String,
    /// Base address.
    #[serde(serialize_with = "crate::hexser::u64")]
    pub base: u64,
    /// Size of the image.
    pub size: u64,
    /// TimeDateStamp.
    pub timestamp: u32,
}

/// Decoded user-mode minidump.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserDumpInfo {
    /// Length of the file.
    pub file_len: u64,
    /// True when only the first [`MAX_USER_DUMP_READ`] bytes were read.
    pub read_limited: bool,
    /// The exception, when the dump has an exception stream.
    pub exception: Option<UserException>,
    /// OS information.
    pub os: Option<UserOs>,
    /// Process id, from the misc info stream.
    pub process_id: Option<u32>,
    /// Main executable (first module), file name only.
    pub process_name: Option<String>,
    /// Modules.
    pub modules: Vec<UserModule>,
    /// Streams that could not be decoded, with the `minidump` crate's reason.
    pub stream_errors: Vec<String>,
}

impl UserDumpInfo {
    /// A bucket-like id: `<process>_<code>_<module>`.
    pub fn bucket_id(&self) -> String {
        let mut s = self
            .process_name
            .clone()
            .unwrap_or_else(|| "unknown".into())
            .to_ascii_lowercase();
        if let Some(e) = &self.exception {
            s.push_str(&format!("_{:08x}", e.code));
            if let Some(m) = &e.module {
                s.push('_');
                s.push_str(&m.to_ascii_lowercase());
            }
        }
        s
    }
}

fn file_name(path: &str) -> String {
    path.rsplit(['\\', '/']).next().unwrap_or(path).to_string()
}

/// Decode a user-mode minidump ('MDMP').
pub fn read_user_dump<R: Read + Seek>(mut reader: R) -> Result<UserDumpInfo, DumpError> {
    let file_len = stream_len(&mut reader)?;
    let n = file_len.min(MAX_USER_DUMP_READ);
    let mut data = Vec::new();
    reader
        .seek(SeekFrom::Start(0))
        .and_then(|_| reader.by_ref().take(n).read_to_end(&mut data))
        .map_err(|source| DumpError::Io {
            structure: "minidump",
            offset: 0,
            source,
        })?;
    if !data.starts_with(b"MDMP") {
        return Err(DumpError::UnknownSignature {
            found: data.iter().take(8).copied().collect(),
        });
    }
    let dump = Minidump::read(data).map_err(|e| DumpError::Minidump {
        structure: "MINIDUMP_HEADER / stream directory",
        offset: 0,
        reason: e.to_string(),
    })?;
    let mut stream_errors = Vec::new();
    let sys = match dump.get_stream::<MinidumpSystemInfo>() {
        Ok(s) => Some(s),
        Err(e) => {
            stream_errors.push(format!("system info: {e}"));
            None
        }
    };
    let modules = match dump.get_stream::<MinidumpModuleList>() {
        Ok(m) => Some(m),
        Err(e) => {
            stream_errors.push(format!("module list: {e}"));
            None
        }
    };
    let misc = dump.get_stream::<MinidumpMiscInfo>().ok();
    let os = sys.as_ref().map(|s| UserOs {
        version: format!(
            "{}.{}.{}",
            s.raw.major_version, s.raw.minor_version, s.raw.build_number
        ),
        build: s.raw.build_number,
        csd_version: s
            .csd_version()
            .map(|c| c.into_owned())
            .filter(|c| !c.is_empty()),
        cpu: s.cpu.to_string(),
        processors: s.raw.number_of_processors,
    });
    let exception = match dump.get_stream::<MinidumpException>() {
        Ok(e) => {
            let rec = &e.raw.exception_record;
            let crash_address = match &sys {
                Some(s) => e.get_crash_address(s.os, s.cpu),
                None => rec.exception_address,
            };
            let module = modules.as_ref().and_then(|m| {
                m.module_at_address(rec.exception_address)
                    .map(|m| file_name(&m.code_file()))
            });
            Some(UserException {
                code: rec.exception_code,
                name: tables::ntstatus_name(rec.exception_code),
                address: rec.exception_address,
                crash_address,
                thread_id: e.thread_id,
                module,
            })
        }
        Err(minidump::Error::StreamNotFound) => None,
        Err(e) => {
            stream_errors.push(format!("exception: {e}"));
            None
        }
    };
    let module_list: Vec<UserModule> = modules
        .as_ref()
        .map(|m| {
            m.iter()
                .take(MAX_MODULES)
                .map(|m| UserModule {
                    name: m.code_file().into_owned(),
                    base: m.base_address(),
                    size: m.size(),
                    timestamp: m.raw.time_date_stamp,
                })
                .collect()
        })
        .unwrap_or_default();
    let process_name = modules
        .as_ref()
        .and_then(|m| m.main_module())
        .map(|m| file_name(&m.code_file()));
    Ok(UserDumpInfo {
        file_len,
        read_limited: file_len > n,
        exception,
        os,
        process_id: misc.and_then(|m| m.raw.process_id().copied()),
        process_name,
        modules: module_list,
        stream_errors,
    })
}
