//! Text helpers: the string encodings used inside hives and Windows'
//! case-insensitive name comparison.

use std::borrow::Cow;

/// Iterates UTF-16LE code units of `bytes` (an odd trailing byte is ignored).
pub fn utf16_units(bytes: &[u8]) -> impl Iterator<Item = u16> + '_ {
    bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
}

/// Decodes UTF-16LE up to (not including) the first NUL code unit; unpaired
/// surrogates become U+FFFD. This is how Windows' own tools show REG_SZ data
/// that carries a terminator or junk after it.
pub fn utf16z_lossy(bytes: &[u8]) -> String {
    let units: Vec<u16> = utf16_units(bytes).take_while(|&u| u != 0).collect();
    String::from_utf16_lossy(&units)
}

/// Like [`utf16z_lossy`] but returns `None` when the text holds unpaired
/// surrogates.
pub fn utf16z_strict(bytes: &[u8]) -> Option<String> {
    let units: Vec<u16> = utf16_units(bytes).take_while(|&u| u != 0).collect();
    String::from_utf16(&units).ok()
}

/// Decodes the whole buffer as UTF-16LE (no NUL handling), lossy.
pub fn utf16_lossy(bytes: &[u8]) -> String {
    let units: Vec<u16> = utf16_units(bytes).collect();
    String::from_utf16_lossy(&units)
}

/// Splits REG_MULTI_SZ data into its strings.
///
/// The data is a sequence of NUL-terminated strings closed by an empty
/// string. Empty strings *inside* the list are kept (PendingFileRenameOperations
/// uses them for "delete"); the closing empty string and anything after a
/// missing terminator are handled leniently: the part after the last NUL is
/// kept only when it is not empty.
pub fn multi_sz(bytes: &[u8]) -> Vec<String> {
    let units: Vec<u16> = utf16_units(bytes).collect();
    let mut parts: Vec<&[u16]> = units.split(|&u| u == 0).collect();
    // The piece after the last NUL: empty when the data ends with a terminator.
    if parts.last().is_some_and(|p| p.is_empty()) {
        parts.pop();
    }
    // The list terminator (an empty string), if present.
    if parts.last().is_some_and(|p| p.is_empty()) {
        parts.pop();
    }
    parts.into_iter().map(String::from_utf16_lossy).collect()
}

/// Decodes an "ASCII-compressed" key or value name. Windows stores each
/// UTF-16 code unit below 256 as one byte, so this is Latin-1.
pub fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| b as char).collect()
}

/// Decodes a stored key or value name.
pub fn decode_name(bytes: &[u8], compressed: bool) -> Cow<'_, str> {
    if compressed {
        if bytes.is_ascii() {
            // ASCII is valid UTF-8; no copy needed.
            Cow::Borrowed(std::str::from_utf8(bytes).unwrap_or_default())
        } else {
            Cow::Owned(latin1(bytes))
        }
    } else {
        Cow::Owned(utf16_lossy(bytes))
    }
}

/// Upper-cases one UTF-16 code unit the way the registry compares names
/// (simple one-to-one mapping; characters without a single-character upper
/// case are kept).
pub fn upcase_unit(u: u16) -> u16 {
    if u < 0x80 {
        return (u as u8).to_ascii_uppercase() as u16;
    }
    match char::from_u32(u32::from(u)) {
        Some(c) => {
            let mut up = c.to_uppercase();
            match (up.next(), up.next()) {
                (Some(x), None) if (x as u32) <= 0xFFFF => x as u32 as u16,
                _ => u,
            }
        }
        None => u,
    }
}

/// Compares a stored name with a query case-insensitively, the way Windows
/// matches key and value names.
pub fn name_eq(stored: &[u8], compressed: bool, query: &str) -> bool {
    if compressed {
        if query.is_ascii() && stored.is_ascii() {
            return stored.eq_ignore_ascii_case(query.as_bytes());
        }
        let mut q = query.encode_utf16();
        for &b in stored {
            match q.next() {
                Some(u) if upcase_unit(u) == upcase_unit(u16::from(b)) => {}
                _ => return false,
            }
        }
        q.next().is_none()
    } else {
        let mut q = query.encode_utf16();
        for s in utf16_units(stored) {
            match q.next() {
                Some(u) if upcase_unit(u) == upcase_unit(s) => {}
                _ => return false,
            }
        }
        q.next().is_none()
    }
}

/// The "lh" name hash: for each UTF-16 unit of the upper-cased name,
/// `h = 37 * h + unit`.
pub fn lh_hash(name: &str) -> u32 {
    name.encode_utf16().fold(0u32, |h, u| {
        h.wrapping_mul(37).wrapping_add(u32::from(upcase_unit(u)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
    }

    #[test]
    fn multi_sz_rules() {
        assert_eq!(multi_sz(&w("a\0b\0\0")), vec!["a", "b"]);
        assert_eq!(multi_sz(&w("a\0b\0")), vec!["a", "b"]);
        assert_eq!(multi_sz(&w("a\0\0b\0c\0\0")), vec!["a", "", "b", "c"]);
        assert_eq!(multi_sz(&w("a")), vec!["a"]);
        assert!(multi_sz(&w("\0")).is_empty());
        assert!(multi_sz(&[]).is_empty());
    }

    #[test]
    fn names() {
        assert!(name_eq(b"CrashControl", true, "crashcontrol"));
        assert!(!name_eq(b"CrashControl", true, "crashcontro"));
        assert!(name_eq(&w("Ä-key"), false, "ä-KEY"));
        assert!(name_eq(&[0xC4], true, "ä"));
        assert_eq!(lh_hash("abc"), lh_hash("ABC"));
        assert_eq!(utf16z_lossy(&w("sz-test\0junk")), "sz-test");
    }
}
