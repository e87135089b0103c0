//! Bug check and NTSTATUS names (generated from the windows-sys crate by
//! `scripts/gen-bugcheck-tables.py`) and hand-written parameter meanings
//! (from Microsoft's bug check reference).

mod generated;

use serde::Serialize;

/// Bit set on bug check codes of the "_M" variants (e.g. 0x1000007E).
pub const BUGCHECK_M_FLAG: u32 = 0x1000_0000;

fn lookup(table: &'static [(u32, &'static str)], code: u32) -> Option<&'static str> {
    table
        .binary_search_by_key(&code, |e| e.0)
        .ok()
        .map(|i| table[i].1)
}

/// Name of a bug check code as in the table (e.g. 0xEF → CRITICAL_PROCESS_DIED).
pub fn bugcheck_name(code: u32) -> Option<&'static str> {
    lookup(generated::BUGCHECK_NAMES, code)
}

/// Name of a bug check code, also for "_M" variants missing from the table
/// (0x10000000 | code → NAME_M). Returns the name and whether it was derived.
pub fn bugcheck_display_name(code: u32) -> Option<(String, bool)> {
    if let Some(n) = bugcheck_name(code) {
        return Some((n.to_string(), false));
    }
    if code & 0xF000_0000 == BUGCHECK_M_FLAG
        && let Some(base) = bugcheck_name(code & !BUGCHECK_M_FLAG)
    {
        return Some((format!("{base}_M"), true));
    }
    None
}

/// The code of a stop error given by name, case-insensitively: a bug check
/// name (`CRITICAL_PROCESS_DIED`, also an `_M` variant), or for the stop codes
/// that are NTSTATUS values, their status name (`STATUS_SYSTEM_PROCESS_TERMINATED`
/// is 0xC000021A, the name Azure's article uses).
pub fn stop_code_from_name(name: &str) -> Option<u32> {
    let n = name.trim().to_ascii_uppercase();
    let find = |table: &'static [(u32, &'static str)], n: &str| {
        table
            .iter()
            .find(|(_, t)| t.eq_ignore_ascii_case(n))
            .map(|(c, _)| *c)
    };
    if let Some(c) = find(generated::BUGCHECK_NAMES, &n) {
        return Some(c);
    }
    if let Some(base) = n.strip_suffix("_M")
        && let Some(c) = find(generated::BUGCHECK_NAMES, base)
    {
        return Some(c | BUGCHECK_M_FLAG);
    }
    find(generated::NTSTATUS_NAMES, &n).filter(|c| c & 0xC000_0000 == 0xC000_0000)
}

/// True when `code` can be a stop code: a known bug check (or its `_M`
/// variant) or an NTSTATUS error value (Windows stops with some, such as
/// 0xC000021A). A code read off a screen that is neither was misread.
pub fn is_known_stop_code(code: u32) -> bool {
    bugcheck_display_name(code).is_some()
        || (code & 0xC000_0000 == 0xC000_0000 && ntstatus_name(code).is_some())
}

/// Name of an NTSTATUS value (e.g. 0xC0000005 → STATUS_ACCESS_VIOLATION).
pub fn ntstatus_name(status: u32) -> Option<&'static str> {
    lookup(generated::NTSTATUS_NAMES, status)
}

/// The 32-bit NTSTATUS held in a parameter: the low 32 bits when the value
/// is a 32-bit quantity or one sign-extended to 64 bits (0xFFFFFFFFC0000005).
pub fn ntstatus_from_param(value: u64) -> Option<u32> {
    let high = value >> 32;
    let low = value as u32;
    let sign_ok = if low & 0x8000_0000 != 0 {
        high == 0xFFFF_FFFF || high == 0
    } else {
        high == 0
    };
    sign_ok.then_some(low)
}

/// Number of bug check names in the generated table.
pub fn bugcheck_table_len() -> usize {
    generated::BUGCHECK_NAMES.len()
}

/// Number of NTSTATUS names in the generated table.
pub fn ntstatus_table_len() -> usize {
    generated::NTSTATUS_NAMES.len()
}

/// What a bug check parameter holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamKind {
    /// A plain value or code.
    Value,
    /// An NTSTATUS (possibly sign-extended on x64).
    NtStatus,
    /// A code or data address.
    Address,
    /// Reserved / unused.
    Reserved,
}

/// Meaning of one bug check parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ParamMeaning {
    /// What the parameter holds.
    pub kind: ParamKind,
    /// Short English description (Microsoft's bug check reference).
    pub meaning: &'static str,
}

const fn p(kind: ParamKind, meaning: &'static str) -> ParamMeaning {
    ParamMeaning { kind, meaning }
}

use ParamKind::{Address as A, NtStatus as S, Reserved as R, Value as V};

const RESERVED: ParamMeaning = p(R, "reserved");

static EXCEPTION_NOT_HANDLED: [ParamMeaning; 4] = [
    p(S, "exception code that was not handled"),
    p(A, "address where the exception occurred"),
    p(A, "address of the exception record"),
    p(A, "address of the context record"),
];

static KMODE_EXCEPTION: [ParamMeaning; 4] = [
    p(S, "exception code that was not handled"),
    p(A, "address where the exception occurred"),
    p(V, "exception parameter 0"),
    p(V, "exception parameter 1"),
];

static KERNEL_MODE_EXCEPTION: [ParamMeaning; 4] = [
    p(S, "exception code that was not handled"),
    p(A, "address where the exception occurred"),
    p(A, "trap frame"),
    RESERVED,
];

static IRQL: [ParamMeaning; 4] = [
    p(A, "memory referenced"),
    p(V, "IRQL at the time of the reference"),
    p(V, "access type: 0 read, 1 write, 8 execute (bit field)"),
    p(A, "address of the instruction that referenced memory"),
];

static MEANINGS: &[(u32, [ParamMeaning; 4])] = &[
    (0x0A, IRQL),
    (
        0x1A,
        [
            p(V, "memory management violation subtype"),
            p(V, "depends on the subtype"),
            p(V, "depends on the subtype"),
            p(V, "depends on the subtype"),
        ],
    ),
    (0x1E, KMODE_EXCEPTION),
    (
        0x3B,
        [
            p(S, "exception that caused the bug check"),
            p(A, "address of the instruction that caused the bug check"),
            p(A, "address of the context record"),
            RESERVED,
        ],
    ),
    (
        0x50,
        [
            p(A, "memory address referenced"),
            p(V, "access type: 0 read, 1 write, 2 or 10 execute"),
            p(
                A,
                "address of the instruction that referenced memory, if known",
            ),
            p(V, "type of page fault"),
        ],
    ),
    (0x5A, [RESERVED, RESERVED, RESERVED, RESERVED]),
    (
        0x74,
        [
            RESERVED,
            RESERVED,
            RESERVED,
            p(S, "NT status code, if available"),
        ],
    ),
    (
        0x7A,
        [
            p(V, "lock type, or the page table entry"),
            p(S, "I/O status code"),
            p(V, "current process or page file offset, by parameter 1"),
            p(A, "virtual address that could not be paged in"),
        ],
    ),
    (
        0x7B,
        [
            p(
                A,
                "address of a UNICODE_STRING, or of the device object that could not be mounted",
            ),
            p(S, "status code (Windows 8 and later), or 0"),
            RESERVED,
            RESERVED,
        ],
    ),
    (0x7E, EXCEPTION_NOT_HANDLED),
    (
        0x7F,
        [
            p(V, "processor exception (trap) number, e.g. 8 double fault"),
            RESERVED,
            RESERVED,
            RESERVED,
        ],
    ),
    (
        0x80,
        [
            p(V, "vendor-specific"),
            p(V, "vendor-specific"),
            p(V, "vendor-specific"),
            p(V, "vendor-specific"),
        ],
    ),
    (0x8E, KERNEL_MODE_EXCEPTION),
    (
        0x9F,
        [
            p(
                V,
                "failure type: 3 = a device object has been blocking an IRP for too long",
            ),
            p(A, "physical device object of the stack (type 3)"),
            p(A, "nt!TRIAGE_9F_POWER (type 3)"),
            p(A, "the blocked IRP (type 3)"),
        ],
    ),
    (
        0x101,
        [
            p(
                V,
                "clock interrupt time-out interval, in nominal clock ticks",
            ),
            RESERVED,
            p(A, "address of the PRCB of the unresponsive processor"),
            RESERVED,
        ],
    ),
    (
        0x124,
        [
            p(V, "type of error source (0 machine check exception)"),
            p(A, "address of the WHEA_ERROR_RECORD"),
            p(
                V,
                "high 32 bits of MCi_STATUS (machine check) or source-specific",
            ),
            p(
                V,
                "low 32 bits of MCi_STATUS (machine check) or source-specific",
            ),
        ],
    ),
    (
        0x133,
        [
            p(
                V,
                "0 a single DPC or ISR exceeded its time allotment, 1 cumulative DPC time exceeded",
            ),
            p(V, "DPC time count, in ticks (type 0) or watchdog period"),
            p(V, "DPC time allotment, in ticks (type 0)"),
            p(A, "nt!DPC_WATCHDOG_GLOBAL_TRIAGE_BLOCK or 0"),
        ],
    ),
    (
        0x139,
        [
            p(V, "type of corruption"),
            p(A, "address of the trap frame"),
            p(A, "address of the exception record"),
            RESERVED,
        ],
    ),
    (0xD1, IRQL),
    (0xE2, [RESERVED, RESERVED, RESERVED, RESERVED]),
    (
        0xED,
        [
            p(A, "device object of the boot volume"),
            p(
                S,
                "status code from the file system that failed to mount the volume",
            ),
            RESERVED,
            RESERVED,
        ],
    ),
    (
        0xEF,
        [
            p(A, "process object (EPROCESS) of the process that died"),
            p(V, "0 a process died, 1 a thread died"),
            RESERVED,
            RESERVED,
        ],
    ),
    (
        0xF4,
        [
            p(V, "terminating object type: 3 process, 6 thread"),
            p(A, "terminating object"),
            p(A, "process image file name"),
            p(A, "pointer to an ASCII string with an explanatory message"),
        ],
    ),
    (
        0xC000_021A,
        [
            p(
                A,
                "pointer to the string that identifies the problem (the process)",
            ),
            p(S, "error code"),
            RESERVED,
            RESERVED,
        ],
    ),
];

/// Meanings of the 4 parameters of `code`; "_M" variants share their base
/// code's meanings.
pub fn parameter_meanings(code: u32) -> Option<&'static [ParamMeaning; 4]> {
    let find = |c: u32| MEANINGS.iter().find(|e| e.0 == c).map(|e| &e.1);
    find(code).or_else(|| {
        if code & 0xF000_0000 == BUGCHECK_M_FLAG {
            find(code & !BUGCHECK_M_FLAG)
        } else {
            None
        }
    })
}

/// Codes with hand-written parameter meanings.
pub fn codes_with_meanings() -> impl Iterator<Item = u32> {
    MEANINGS.iter().map(|e| e.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(bugcheck_name(0xC000_021A), Some("WINLOGON_FATAL_ERROR"));
        assert_eq!(bugcheck_name(0xEF), Some("CRITICAL_PROCESS_DIED"));
        assert_eq!(
            bugcheck_name(0x1000_007E),
            Some("SYSTEM_THREAD_EXCEPTION_NOT_HANDLED_M")
        );
        assert_eq!(
            bugcheck_display_name(0x1000_000A),
            Some(("IRQL_NOT_LESS_OR_EQUAL_M".to_string(), true))
        );
        assert_eq!(ntstatus_name(0xC000_0005), Some("STATUS_ACCESS_VIOLATION"));
        assert_eq!(ntstatus_name(0xC000_0142), Some("STATUS_DLL_INIT_FAILED"));
        assert_eq!(
            ntstatus_name(0xC000_0428),
            Some("STATUS_INVALID_IMAGE_HASH")
        );
        assert!(bugcheck_table_len() >= 500);
        assert!(ntstatus_table_len() >= 2500);
    }

    #[test]
    fn tables_sorted() {
        for t in [generated::BUGCHECK_NAMES, generated::NTSTATUS_NAMES] {
            assert!(t.windows(2).all(|w| w[0].0 < w[1].0));
        }
    }

    #[test]
    fn sign_extension() {
        assert_eq!(
            ntstatus_from_param(0xFFFF_FFFF_C000_0005),
            Some(0xC000_0005)
        );
        assert_eq!(ntstatus_from_param(0xC000_0005), Some(0xC000_0005));
        assert_eq!(ntstatus_from_param(0xFFFF_F804_8B58_334C), None);
    }

    #[test]
    fn required_meanings_present() {
        for c in [
            0xC000_021A,
            0xEF,
            0x7E,
            0x1000_007E,
            0x1E,
            0x50,
            0xD1,
            0x0A,
            0x3B,
            0x7B,
            0x74,
            0x5A,
            0x9F,
            0x133,
            0x80,
            0xE2,
            0x124,
            0x1A,
            0xF4,
        ] {
            assert!(parameter_meanings(c).is_some(), "{c:#x}");
        }
    }
}
