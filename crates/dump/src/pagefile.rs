//! Crash dumps held in pagefile.sys. At a bug check Windows writes the dump
//! into the page file (from offset 0, with the usual 'PAGEDU64'/'PAGEDUMP'
//! header) and copies it to MEMORY.DMP only on the next boot; when that boot
//! never succeeds, the page file is the only copy.

use std::io::{self, Read, Seek, SeekFrom, Write};

use serde::Serialize;

use crate::DumpError;
use crate::completeness::Completeness;
use crate::header::{DumpType, KernelHeader};
use crate::kernel::KernelDump;

/// A dump found at the start of a page file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PagefileDump {
    /// The dump's header.
    pub header: KernelHeader,
    /// Length of the dump as its own structures declare it.
    pub dump_len: u64,
    /// Bytes of it present in the page file (`min(dump_len, page file length)`).
    pub available_len: u64,
    /// True when the page file is shorter than the dump.
    pub truncated: bool,
    /// Completeness of the dump as found.
    pub completeness: Completeness,
}

/// Look for a crash dump at offset 0 of a page file. Returns `None` unless
/// the header passes strict checks (signature, ValidDump, known DumpType,
/// machine type, processor count, version, a consistent length), so random
/// page-file contents are not mistaken for a dump. Reads only the header and
/// fixed-size page-layout structures.
pub fn detect_in_pagefile<R: Read + Seek>(
    reader: &mut R,
) -> Result<Option<PagefileDump>, DumpError> {
    let dump = match KernelDump::open(&mut *reader) {
        Ok(d) => d,
        Err(DumpError::UnknownSignature { .. }) | Err(DumpError::Truncated { .. }) => {
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    let h = dump.header();
    let plausible = h.valid_dump_ok
        && !matches!(h.dump_type, DumpType::Other)
        && matches!(h.machine_image_type, 0x8664 | 0x14C | 0xAA64)
        && (1..=2048).contains(&h.number_processors)
        && matches!(h.major_version, 0xF | 0xC)
        && (2195..=65_535).contains(&h.minor_version)
        && dump.file_len() >= h.header_size;
    if !plausible {
        return Ok(None);
    }
    let Some(dump_len) = dump.completeness().expected_len else {
        return Ok(None);
    };
    if dump_len < h.header_size {
        return Ok(None);
    }
    let file_len = dump.file_len();
    Ok(Some(PagefileDump {
        header: h.clone(),
        dump_len,
        available_len: dump_len.min(file_len),
        truncated: dump_len > file_len,
        completeness: dump.completeness().clone(),
    }))
}

/// Copy the dump found by [`detect_in_pagefile`] out of the page file as a
/// normal .dmp: a stream copy of `available_len` bytes from offset 0, in
/// 1 MiB pieces. Returns the number of bytes written.
pub fn extract_from_pagefile<R: Read + Seek, W: Write>(
    reader: &mut R,
    found: &PagefileDump,
    out: &mut W,
) -> Result<u64, DumpError> {
    let io_err = |offset, source| DumpError::Io {
        structure: "page file dump copy",
        offset,
        source,
    };
    reader.seek(SeekFrom::Start(0)).map_err(|e| io_err(0, e))?;
    let mut buf = vec![0u8; 1 << 20];
    let mut done: u64 = 0;
    while done < found.available_len {
        let n = ((found.available_len - done) as usize).min(buf.len());
        reader
            .read_exact(&mut buf[..n])
            .map_err(|e| io_err(done, e))?;
        out.write_all(&buf[..n]).map_err(|e| io_err(done, e))?;
        done += n as u64;
    }
    Ok(done)
}

/// A `Read + Seek` view of `len` bytes of another reader from `start`: opens
/// a dump held inside a larger stream (such as a page file) as if it were a
/// file of its own.
#[derive(Debug)]
pub struct Window<R> {
    inner: R,
    start: u64,
    len: u64,
    pos: u64,
}

impl<R> Window<R> {
    /// View `len` bytes of `inner` from `start`.
    pub fn new(inner: R, start: u64, len: u64) -> Self {
        Window {
            inner,
            start,
            len,
            pos: 0,
        }
    }

    /// Give the inner reader back.
    pub fn into_inner(self) -> R {
        self.inner
    }
}

impl<R: Read + Seek> Read for Window<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.len {
            return Ok(0);
        }
        let n = ((self.len - self.pos) as usize).min(buf.len());
        let at = self.start.checked_add(self.pos).ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "window offset overflows")
        })?;
        self.inner.seek(SeekFrom::Start(at))?;
        let got = self.inner.read(&mut buf[..n])?;
        self.pos += got as u64;
        Ok(got)
    }
}

impl<R: Read + Seek> Seek for Window<R> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        let new = match pos {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        match new {
            Some(p) => {
                self.pos = p;
                Ok(p)
            }
            None => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the window",
            )),
        }
    }
}
