//! Times: the current time as RFC 3339, and RFC 3339 (as `vmrescue-fs`
//! writes it) back to Unix seconds for tar headers and file times.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// FILETIME of the Unix epoch.
const EPOCH_FILETIME: u64 = 116_444_736_000_000_000;

/// Now, RFC 3339 UTC with 100 ns precision.
pub(crate) fn now_rfc3339() -> String {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO);
    let ft = EPOCH_FILETIME + d.as_secs() * 10_000_000 + u64::from(d.subsec_nanos() / 100);
    vmrescue_fs::filetime_to_rfc3339(ft).unwrap_or_default()
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Unix seconds of `YYYY-MM-DDTHH:MM:SS[.fraction]Z`; `None` when it is not
/// that form or lies before 1970.
pub(crate) fn unix_seconds(rfc3339: &str) -> Option<u64> {
    let b = rfc3339.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| rfc3339.get(r)?.parse::<i64>().ok();
    let days = days_from_civil(num(0..4)?, num(5..7)?, num(8..10)?);
    let secs = days * 86_400 + num(11..13)? * 3600 + num(14..16)? * 60 + num(17..19)?;
    u64::try_from(secs).ok()
}

/// The same as a `SystemTime`.
pub(crate) fn system_time(rfc3339: &str) -> Option<SystemTime> {
    unix_seconds(rfc3339).map(|s| UNIX_EPOCH + Duration::from_secs(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips_through_unix_seconds() {
        assert_eq!(unix_seconds("1970-01-01T00:00:00.0000000Z"), Some(0));
        assert_eq!(
            unix_seconds("2021-01-01T00:00:00.0000000Z"),
            Some(1_609_459_200)
        );
        assert_eq!(unix_seconds("2024-02-29T12:34:56Z"), Some(1_709_210_096));
        assert_eq!(unix_seconds("1969-12-31T23:59:59Z"), None);
        assert_eq!(unix_seconds("garbage"), None);
        assert!(unix_seconds(&now_rfc3339()).is_some());
    }
}
