//! Windows FILETIME: 100-nanosecond intervals since 1601-01-01 00:00:00 UTC.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Serialize, Serializer};

/// Seconds between 1601-01-01 and 1970-01-01.
const EPOCH_DIFF_SECS: u64 = 11_644_473_600;
const TICKS_PER_SEC: u64 = 10_000_000;

/// A Windows FILETIME (UTC). Serialized as RFC 3339 text with 100 ns
/// precision, e.g. `"2021-08-09T02:13:30.1234567Z"`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileTime(pub u64);

impl FileTime {
    /// The raw 64-bit tick count.
    pub fn ticks(self) -> u64 {
        self.0
    }

    /// True for a zero FILETIME (Windows 10 leaves some timestamps at zero).
    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Whole seconds since the Unix epoch (negative before 1970).
    pub fn unix_seconds(self) -> i64 {
        (self.0 / TICKS_PER_SEC) as i64 - EPOCH_DIFF_SECS as i64
    }

    /// Sub-second part in 100 ns ticks (0..10_000_000).
    pub fn subsec_ticks(self) -> u32 {
        (self.0 % TICKS_PER_SEC) as u32
    }

    /// As a `SystemTime` (`None` if the platform cannot represent it).
    pub fn to_system_time(self) -> Option<SystemTime> {
        let secs = self.0 / TICKS_PER_SEC;
        let nanos = Duration::from_nanos(u64::from(self.subsec_ticks()) * 100);
        let whole = if secs >= EPOCH_DIFF_SECS {
            UNIX_EPOCH.checked_add(Duration::from_secs(secs - EPOCH_DIFF_SECS))
        } else {
            UNIX_EPOCH.checked_sub(Duration::from_secs(EPOCH_DIFF_SECS - secs))
        };
        whole?.checked_add(nanos)
    }

    /// From a `SystemTime` (times before 1601 become 0).
    pub fn from_system_time(t: SystemTime) -> FileTime {
        let ticks = match t.duration_since(UNIX_EPOCH) {
            Ok(d) => (d.as_secs().saturating_add(EPOCH_DIFF_SECS))
                .saturating_mul(TICKS_PER_SEC)
                .saturating_add(u64::from(d.subsec_nanos() / 100)),
            Err(e) => {
                let back = e.duration();
                let before = back.as_secs().saturating_mul(TICKS_PER_SEC)
                    + u64::from(back.subsec_nanos() / 100);
                (EPOCH_DIFF_SECS * TICKS_PER_SEC).saturating_sub(before)
            }
        };
        FileTime(ticks)
    }

    /// The current time.
    pub fn now() -> FileTime {
        FileTime::from_system_time(SystemTime::now())
    }

    /// From seconds since the Unix epoch (e.g. `InstallDate`).
    pub fn from_unix_seconds(secs: u64) -> FileTime {
        FileTime(
            secs.saturating_add(EPOCH_DIFF_SECS)
                .saturating_mul(TICKS_PER_SEC),
        )
    }

    /// Civil date and time (UTC): (year, month, day, hour, minute, second).
    pub fn to_civil(self) -> (i64, u32, u32, u32, u32, u32) {
        let secs = self.unix_seconds();
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400) as u32;
        let (y, m, d) = civil_from_days(days);
        (y, m, d, rem / 3600, rem / 60 % 60, rem % 60)
    }
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
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

impl fmt::Display for FileTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, mo, d, h, mi, s) = self.to_civil();
        write!(
            f,
            "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:07}Z",
            self.subsec_ticks()
        )
    }
}

impl fmt::Debug for FileTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FileTime({self})")
    }
}

impl Serialize for FileTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_times() {
        assert_eq!(FileTime(0).to_string(), "1601-01-01T00:00:00.0000000Z");
        // 1970-01-01
        assert_eq!(
            FileTime(116_444_736_000_000_000).to_string(),
            "1970-01-01T00:00:00.0000000Z"
        );
        // BCD hive base block timestamp 0x1d78a15358a127a, hivexml says 2021-08-05T16:16:12Z
        let t = FileTime(0x01d7_8a15_358a_127a);
        assert!(t.to_string().starts_with("2021-08-05T16:16:12."), "{t}");
        assert_eq!(FileTime::from_unix_seconds(0).unix_seconds(), 0);
        assert_eq!(
            FileTime(116_444_736_000_000_000).to_system_time(),
            Some(UNIX_EPOCH)
        );
        // leap day
        let t = FileTime::from_unix_seconds(951_782_400); // 2000-02-29
        assert!(t.to_string().starts_with("2000-02-29T00:00:00"));
    }
}
