//! # vmrescue-diagnose
//!
//! Rules that turn [`Evidence`] into a [`Diagnosis`]: the stop code (and
//! where it was seen, disagreements shown), the four causes Azure's article
//! names for 0xC000021A ranked with the evidence for and against each, the
//! readiness of the disk to capture a memory dump, and the next steps.
//!
//! Findings are data: message ids with arguments. Words come last, in the
//! report crate, in the user's language. This crate never opens a disk.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod model;
mod rules;
pub mod table;

pub use model::*;
pub use rules::diagnose;
