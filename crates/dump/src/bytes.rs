//! Little-endian field access on byte slices, returning 0 for bytes past the
//! end of the slice (callers check lengths where it matters).

pub(crate) fn u8_at(b: &[u8], off: usize) -> u8 {
    b.get(off).copied().unwrap_or(0)
}

pub(crate) fn u16_at(b: &[u8], off: usize) -> u16 {
    let mut a = [0u8; 2];
    if let Some(s) = off.checked_add(2).and_then(|end| b.get(off..end)) {
        a.copy_from_slice(s);
    }
    u16::from_le_bytes(a)
}

pub(crate) fn u32_at(b: &[u8], off: usize) -> u32 {
    let mut a = [0u8; 4];
    if let Some(s) = off.checked_add(4).and_then(|end| b.get(off..end)) {
        a.copy_from_slice(s);
    }
    u32::from_le_bytes(a)
}

pub(crate) fn u64_at(b: &[u8], off: usize) -> u64 {
    let mut a = [0u8; 8];
    if let Some(s) = off.checked_add(8).and_then(|end| b.get(off..end)) {
        a.copy_from_slice(s);
    }
    u64::from_le_bytes(a)
}

/// Bytes `off..off+len` as a lossy ASCII string, stopping at the first NUL.
pub(crate) fn ascii_z(b: &[u8], off: usize, len: usize) -> String {
    let end = off.saturating_add(len).min(b.len());
    let s = b.get(off..end).unwrap_or(&[]);
    let s = s.split(|&c| c == 0).next().unwrap_or(&[]);
    s.iter()
        .map(|&c| {
            if (0x20..0x7f).contains(&c) {
                c as char
            } else {
                '.'
            }
        })
        .collect()
}

/// UTF-16LE bytes to a String (lossy), stopping at the first NUL unit.
pub(crate) fn utf16_lossy(b: &[u8]) -> String {
    let units: Vec<u16> = b
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .take_while(|&u| u != 0)
        .collect();
    String::from_utf16_lossy(&units)
}

/// Read helper over Read + Seek with a known file length.
pub(crate) fn read_at<R: std::io::Read + std::io::Seek>(
    reader: &mut R,
    file_len: u64,
    offset: u64,
    buf: &mut [u8],
    structure: &'static str,
) -> Result<(), crate::DumpError> {
    let needed = buf.len() as u64;
    if offset.checked_add(needed).is_none_or(|end| end > file_len) {
        return Err(crate::DumpError::Truncated {
            structure,
            offset,
            needed,
            file_len,
        });
    }
    reader
        .seek(std::io::SeekFrom::Start(offset))
        .and_then(|_| reader.read_exact(buf))
        .map_err(|source| crate::DumpError::Io {
            structure,
            offset,
            source,
        })
}

/// Length of a Read + Seek source.
pub(crate) fn stream_len<R: std::io::Seek>(reader: &mut R) -> Result<u64, crate::DumpError> {
    reader
        .seek(std::io::SeekFrom::End(0))
        .map_err(|source| crate::DumpError::Io {
            structure: "file length",
            offset: 0,
            source,
        })
}

/// FILETIME (100 ns since 1601-01-01 UTC) to an RFC 3339 string, if in range.
pub(crate) fn filetime_to_rfc3339(ft: u64) -> Option<String> {
    const EPOCH_DIFF_SECS: i64 = 11_644_473_600;
    if ft == 0 {
        return None;
    }
    let secs = (ft / 10_000_000) as i64 - EPOCH_DIFF_SECS;
    let frac = ft % 10_000_000;
    // Years 1970..=9999 only.
    if !(0..=253_402_300_799).contains(&secs) {
        return None;
    }
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    Some(format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{frac:07}Z",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    ))
}

/// Days since 1970-01-01 to (year, month, day) (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filetime() {
        // 132583451029877657 is the rizin triage dump's SystemTime.
        assert_eq!(
            filetime_to_rfc3339(132_583_451_029_877_657).as_deref(),
            Some("2021-02-21T01:38:22.9877657Z")
        );
        assert_eq!(filetime_to_rfc3339(0), None);
        assert_eq!(filetime_to_rfc3339(u64::MAX), None);
    }

    #[test]
    fn fields_past_end_are_zero() {
        assert_eq!(u64_at(&[1, 2, 3], 0), 0);
        assert_eq!(u32_at(&[1, 0, 0, 0], 0), 1);
        assert_eq!(u16_at(&[], usize::MAX), 0);
        assert_eq!(ascii_z(b"ab\0cd", 0, 5), "ab");
    }
}
