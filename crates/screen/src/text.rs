//! Text helpers: folding for matching, approximate phrase search (OCR text is
//! noisy), and hex numbers read through OCR confusions (O→0, l→1, <→c, …).

/// Lower case, diacritics removed (å→a, ö→o, é→e, ñ→n), typographic quotes
/// made straight, any whitespace a single space. One output char per input
/// char except whitespace runs, so matching is not thrown by what OCR does
/// with accents.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
            continue;
        }
        space = false;
        out.push(fold_char(c));
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

fn fold_char(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ä' | 'Ã' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Ö' | 'Õ' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        '‘' | '’' | '‚' | '`' | '´' | 'ʼ' => '\'',
        '“' | '”' | '„' | '«' | '»' => '"',
        '—' | '–' | '‐' => '-',
        c => c.to_lowercase().next().unwrap_or(c),
    }
}

/// A match of a phrase in a text (char indices into the searched slice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    /// First char of the match.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// Edit distance.
    pub dist: usize,
}

/// Errors allowed when looking for a phrase of `len` chars in OCR text.
pub(crate) fn allowed_errors(len: usize) -> usize {
    len / 7
}

/// Best approximate occurrence of `needle` in `hay` with at most `k` edits
/// (Sellers' algorithm): lowest distance, then earliest end.
pub(crate) fn fuzzy_find(hay: &[char], needle: &[char], k: usize) -> Option<Hit> {
    let m = needle.len();
    if m == 0 {
        return None;
    }
    if k == 0 {
        return exact_find(hay, needle);
    }
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut prev_start = vec![0usize; m + 1];
    let mut cur = vec![0usize; m + 1];
    let mut cur_start = vec![0usize; m + 1];
    let mut best: Option<Hit> = None;
    for (i, &c) in hay.iter().enumerate() {
        cur[0] = 0;
        cur_start[0] = i + 1;
        for j in 1..=m {
            let sub = prev[j - 1] + usize::from(needle[j - 1] != c);
            let del = prev[j] + 1;
            let ins = cur[j - 1] + 1;
            if sub <= del && sub <= ins {
                cur[j] = sub;
                cur_start[j] = if j == 1 { i } else { prev_start[j - 1] };
            } else if del <= ins {
                cur[j] = del;
                cur_start[j] = prev_start[j];
            } else {
                cur[j] = ins;
                cur_start[j] = cur_start[j - 1];
            }
        }
        if cur[m] <= k && best.is_none_or(|b| cur[m] < b.dist) {
            best = Some(Hit {
                start: cur_start[m],
                end: i + 1,
                dist: cur[m],
            });
            if cur[m] == 0 {
                break;
            }
        }
        std::mem::swap(&mut prev, &mut cur);
        std::mem::swap(&mut prev_start, &mut cur_start);
    }
    best
}

/// [`fuzzy_find`] behind the pigeonhole filter: a match with at most `k`
/// edits contains one of `k + 1` pieces of the needle unchanged, so when no
/// piece occurs in `hay_str` (the same text as `hay`) there is no match and
/// the quadratic search is skipped.
pub(crate) fn fuzzy_find_filtered(
    hay: &[char],
    hay_str: &str,
    needle: &[char],
    k: usize,
) -> Option<Hit> {
    let pieces = k + 1;
    if needle.len() >= pieces {
        let size = needle.len() / pieces;
        let any = (0..pieces).any(|i| {
            let end = if i + 1 == pieces {
                needle.len()
            } else {
                (i + 1) * size
            };
            let piece: String = needle[i * size..end].iter().collect();
            hay_str.contains(&piece)
        });
        if !any {
            return None;
        }
    }
    fuzzy_find(hay, needle, k)
}

fn exact_find(hay: &[char], needle: &[char]) -> Option<Hit> {
    if needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .find(|&i| hay[i..i + needle.len()] == *needle)
        .map(|i| Hit {
            start: i,
            end: i + needle.len(),
            dist: 0,
        })
}

/// Levenshtein distance, giving up (returning `limit + 1`) once it must exceed `limit`.
pub(crate) fn levenshtein(a: &[u8], b: &[u8], limit: usize) -> usize {
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            cur[j] = (prev[j - 1] + usize::from(a[i - 1] != b[j - 1]))
                .min(prev[j] + 1)
                .min(cur[j - 1] + 1);
            row_min = row_min.min(cur[j]);
        }
        if row_min > limit {
            return limit + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// How a number was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Read {
    /// As printed.
    Exact,
    /// Some characters were OCR look-alikes (O for 0, < for c, …).
    Repaired,
    /// Digits had to be dropped or guessed to fit.
    Guessed,
}

/// A hex token that OCR may have garbled, with the candidates it may stand for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HexToken {
    /// Candidate values, best first.
    pub values: Vec<(u64, Read)>,
    /// Chars of the input the token used (from the start of the input).
    pub consumed: usize,
    /// Whether it had a 0x prefix.
    pub prefixed: bool,
}

/// The hex digit an OCR look-alike stands for (`strict`: only real hex digits).
fn hex_digit(c: char, strict: bool) -> Option<(u8, bool)> {
    if let Some(d) = c.to_digit(16) {
        return Some((d as u8, false));
    }
    if strict {
        return None;
    }
    let d = match c {
        'O' | 'o' | 'Q' | 'D' | 'U' | 'u' => 0,
        'I' | 'l' | '|' | 'i' | '!' | 'L' | ']' | '[' => 1,
        'Z' | 'z' => 2,
        'S' | 's' | '$' => 5,
        'G' => 6,
        'T' => 7,
        'g' | 'q' => 9,
        '<' | '(' | '¢' | '©' => 0xc,
        _ => return None,
    };
    Some((d, true))
}

/// Reads a hex number at the start of `s` (leading spaces skipped): `0x…`
/// (with OCR look-alikes for the prefix: Ox, OX, On, 0%…) or bare hex digits.
/// `ocr` allows look-alike characters and spaces inside the number; `max_digits`
/// is 8 for codes and 16 for parameters. Candidates that drop a surplus zero
/// (OCR doubles zeros: "0xc0000021a") come after the as-read value.
pub(crate) fn read_hex(s: &str, ocr: bool, max_digits: usize) -> Option<HexToken> {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() && chars[i] == ' ' {
        i += 1;
    }
    let mut repaired = false;
    let mut prefixed = false;
    // Prefix.
    if i + 1 < chars.len() {
        let (a, b) = (chars[i], chars[i + 1]);
        let zero = a == '0' || (ocr && matches!(a, 'O' | 'o' | 'Q' | 'D'));
        let x = matches!(b, 'x' | 'X') || (ocr && matches!(b, '×' | 'n' | '%' | 'K' | 'k' | '*'));
        if zero && x {
            repaired |= a != '0' || !matches!(b, 'x' | 'X');
            prefixed = true;
            i += 2;
        } else if ocr && a == '0' && b == '<' {
            // "0x<000021a": x lost, c read as '<' — handled as digits below.
            prefixed = true;
            repaired = true;
            i += 1;
        }
    }
    let mut digits: Vec<u8> = Vec::new();
    let mut j = i;
    while j < chars.len() && digits.len() < 32 {
        let c = chars[j];
        if ocr && c == ' ' {
            // A space inside the number ("OxcOO002 1a"): go on only if a digit follows.
            let next = chars.get(j + 1).copied();
            if !digits.is_empty()
                && digits.len() < max_digits.min(8)
                && next.is_some_and(|n| n != ' ' && hex_digit(n, false).is_some())
            {
                j += 1;
                continue;
            }
            break;
        }
        // Without a 0x prefix only real hex digits count (else any word would do).
        match hex_digit(c, !ocr || !prefixed) {
            Some((d, fixed)) => {
                digits.push(d);
                repaired |= fixed;
                j += 1;
            }
            None => break,
        }
    }
    if digits.is_empty() {
        return None;
    }
    // A look-alike prefix ("On", "Ox") on a short number is more likely a word
    // ("online"): screens print codes with 8 digits.
    let literal_prefix = prefixed && matches!(chars.get(i.wrapping_sub(1)), Some('x' | 'X'));
    if ocr && prefixed && !literal_prefix && digits.len() < 7 {
        return None;
    }
    // A bare token must end at a word boundary (not "c0000428abc…").
    if !prefixed && chars.get(j).is_some_and(|c| c.is_alphanumeric()) {
        return None;
    }
    let mut values = Vec::new();
    let base = if repaired {
        Read::Repaired
    } else {
        Read::Exact
    };
    if digits.len() <= max_digits {
        values.push((to_u64(&digits), base));
    } else if ocr {
        // Too long: OCR doubled a zero (or two). Drop zeros from the longest run.
        let mut d = digits.clone();
        while d.len() > max_digits {
            match longest_zero_run(&d) {
                Some(at) => {
                    d.remove(at);
                }
                None => break,
            }
        }
        if d.len() <= max_digits {
            values.push((to_u64(&d), Read::Guessed));
        }
    }
    if values.is_empty() {
        return None;
    }
    Some(HexToken {
        values,
        consumed: j,
        prefixed,
    })
}

fn longest_zero_run(d: &[u8]) -> Option<usize> {
    let (mut best, mut best_len) = (None, 0);
    let mut i = 0;
    while i < d.len() {
        if d[i] == 0 {
            let s = i;
            while i < d.len() && d[i] == 0 {
                i += 1;
            }
            if i - s > best_len {
                best_len = i - s;
                best = Some(s);
            }
        } else {
            i += 1;
        }
    }
    best
}

fn to_u64(d: &[u8]) -> u64 {
    d.iter().fold(0u64, |acc, x| (acc << 4) | u64::from(*x))
}

/// A Windows path or file name as read, with OCR spacing undone
/// ("winload. exe" → "winload.exe", "myfault sys" → "myfault.sys").
pub(crate) fn clean_file(s: &str) -> Option<String> {
    let mut t = s
        .trim()
        .trim_matches(|c: char| matches!(c, '.' | ',' | ';' | '"' | '\'' | '*' | '|'))
        .to_string();
    for (from, to) in [(". ", "."), (" .", "."), ("\\ ", "\\"), (" \\", "\\")] {
        while t.contains(from) {
            t = t.replace(from, to);
        }
    }
    let lower = t.to_ascii_lowercase();
    for ext in ["sys", "exe", "dll", "efi"] {
        if let Some(stem) = lower.strip_suffix(&format!(" {ext}")) {
            if !stem.is_empty() && !stem.contains(' ') {
                t = format!("{}.{}", &t[..stem.len()], &t[stem.len() + 1..]);
            }
            break;
        }
    }
    let t = t.trim().to_string();
    (!t.is_empty() && t.len() <= 260).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn folding() {
        assert_eq!(fold("  Código de  detención: X "), "codigo de detencion: x");
        assert_eq!(
            fold("Datorn stötte på ett problem"),
            "datorn stotte pa ett problem"
        );
        assert_eq!(fold("Don’t turn off"), "don't turn off");
    }

    #[test]
    fn fuzzy() {
        let h = chars("if you call a support penton, give them tha info");
        let hit = fuzzy_find(&h, &chars("support person"), 2).unwrap();
        assert_eq!(hit.dist, 2);
        assert_eq!(
            &h[hit.start..hit.end].iter().collect::<String>(),
            "support penton"
        );
        assert!(fuzzy_find(&h, &chars("stop code"), 1).is_none());
        let h = chars("ror code: 0xc0000102");
        let hit = fuzzy_find(&h, &chars("error code"), 2).unwrap();
        assert_eq!(hit.end, 8);
        assert!(fuzzy_find(&h, &chars("error code"), 1).is_none());
    }

    #[test]
    fn hex_reading() {
        let t = read_hex("Oxc000021a", true, 8).unwrap();
        assert_eq!(t.values[0], (0xC000_021A, Read::Repaired));
        let t = read_hex("OncOO0021a", true, 8).unwrap();
        assert_eq!(t.values[0].0, 0xC000_021A);
        let t = read_hex("0x<000021a", true, 8).unwrap();
        assert_eq!(t.values[0].0, 0xC000_021A);
        let t = read_hex("OxcOO00021a", true, 8).unwrap();
        assert_eq!(t.values[0], (0xC000_021A, Read::Guessed));
        let t = read_hex("OxcOO002 1a", true, 8).unwrap();
        assert_eq!(t.values[0].0, 0xC000_021A);
        let t = read_hex("0x0000007B (0x1", false, 8).unwrap();
        assert_eq!(t.values[0], (0x7B, Read::Exact));
        assert_eq!(t.consumed, 10);
        assert_eq!(
            read_hex("c000021a {Fatal", false, 8).unwrap().values[0].0,
            0xC000_021A
        );
        assert!(read_hex("cafeteria", false, 8).is_none());
        assert!(read_hex("hello", true, 8).is_none());
        assert!(read_hex("online senare", true, 8).is_none());
        assert_eq!(read_hex("0x7B", true, 8).unwrap().values[0].0, 0x7B);
        assert!(read_hex("0x123456789", false, 8).is_none());
        // A complete number does not run on into the next word.
        assert_eq!(
            read_hex("0xc0000017 Info", true, 8).unwrap().values[0].0,
            0xC000_0017
        );
    }

    #[test]
    fn files() {
        assert_eq!(
            clean_file(" \\windows\\system32\\boot\\winload. exe").unwrap(),
            "\\windows\\system32\\boot\\winload.exe"
        );
        assert_eq!(clean_file("myfault sys").unwrap(), "myfault.sys");
        assert_eq!(clean_file("  ").as_deref(), None);
    }

    #[test]
    fn filter_agrees_with_the_search() {
        let hay_s = "if you call a support penton, give them tha info";
        let hay = chars(hay_s);
        for (needle, k) in [
            ("support person", 2),
            ("stop code", 1),
            ("give them this info", 2),
            ("x", 0),
        ] {
            let n = chars(needle);
            assert_eq!(
                fuzzy_find_filtered(&hay, hay_s, &n, k),
                fuzzy_find(&hay, &n, k),
                "{needle}"
            );
        }
    }

    #[test]
    fn edit_distance() {
        assert_eq!(
            levenshtein(b"BAD_SYS_EM_CONFIG_INFO", b"BAD_SYSTEM_CONFIG_INFO", 5),
            1
        );
        assert_eq!(levenshtein(b"ABC", b"XYZXYZ", 2), 3);
    }
}
