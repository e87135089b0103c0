//! Completeness flags and warnings attached to a decoded dump.

use serde::Serialize;

/// A problem found while decoding; the dump is still usable as far as the
/// warning says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Warning {
    /// The file is shorter than the header itself.
    HeaderTruncated {
        /// File length.
        file_len: u64,
        /// Header size.
        header_size: u64,
    },
    /// The file is shorter than the header declares.
    Truncated {
        /// Length the dump's own structures imply.
        expected_len: u64,
        /// Actual length.
        file_len: u64,
    },
    /// The file is longer than the dump's structures imply (harmless; usual
    /// for a dump read from inside a page file).
    TrailingData {
        /// Length the dump's own structures imply.
        expected_len: u64,
        /// Actual length.
        file_len: u64,
    },
    /// ValidDump is not the expected marker: the writer may not have finished.
    ValidDumpNotSet {
        /// ValidDump as found.
        found: String,
    },
    /// BugCheckCode and its parameters are all zero or unfilled 'PAGE':
    /// the header was never finished.
    BugcheckNotWritten,
    /// The bug check fields hold ASCII text instead of a bug check, as
    /// written by live memory acquisition tools.
    BugcheckFieldsAreText {
        /// The text found.
        text: String,
    },
    /// DumpType is not a known value.
    UnknownDumpType {
        /// The raw value.
        raw: u32,
    },
    /// The physical memory description is unusable; physical reads are off.
    PhysicalLayoutInvalid {
        /// Structure at fault.
        structure: &'static str,
        /// File offset of the structure.
        offset: u64,
        /// What is wrong.
        reason: String,
    },
    /// NumberOfPages differs from the sum of the runs' page counts.
    PageCountMismatch {
        /// NumberOfPages as stored.
        declared: u64,
        /// Sum over the runs.
        sum_of_runs: u64,
    },
    /// RequiredDumpSpace differs from the size implied by the page layout.
    RequiredDumpSpaceMismatch {
        /// RequiredDumpSpace.
        required_dump_space: u64,
        /// Size implied by the layout.
        layout_len: u64,
    },
    /// The bitmap holds more set bits than TotalPresentPages says (seen while
    /// indexing it).
    BitmapCountMismatch {
        /// TotalPresentPages.
        declared: u64,
        /// Set bits counted so far.
        counted_at_least: u64,
    },
    /// A triage dump's end marker ('TRGD' at ValidOffset) is missing.
    TriageNotValid {
        /// ValidOffset.
        valid_offset: u64,
    },
    /// A triage structure points outside the file or is inconsistent.
    TriageStructureInvalid {
        /// Structure at fault.
        structure: &'static str,
        /// File offset of the structure.
        offset: u64,
        /// What is wrong.
        reason: String,
    },
    /// The module list walk stopped early.
    ModuleListIncomplete {
        /// Why.
        reason: String,
    },
}

/// Summary of how complete the dump is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Completeness {
    /// Length of the file (or stream) read.
    pub file_len: u64,
    /// Length implied by the dump's own structures, when known.
    pub expected_len: Option<u64>,
    /// True when the file is shorter than the dump's structures say.
    pub truncated: bool,
    /// True when ValidDump is set and the bug check fields were written.
    pub header_complete: bool,
    /// True when physical memory can be read from this dump.
    pub has_physical_memory: bool,
    /// Warnings, in the order found.
    pub warnings: Vec<Warning>,
}
