//! # vmrescue-bundle
//!
//! The support bundle: every crash dump of a Windows VM and the evidence that
//! explains it, collected offline from its OS disk into one verifiable file
//! (`vmrescue collect`), and the check of such a file (`vmrescue verify`).
//!
//! ```no_run
//! use vmrescue_bundle::{CollectOptions, NoProgress, collect, verify};
//! let disk = vmrescue_disk::Disk::open("osdisk.vhdx".as_ref())?;
//! let mut opts = CollectOptions::new("case-1234.tar.zst");
//! opts.extra_members.push(("report.json".into(), b"{}".to_vec()));
//! let summary = collect(&disk, &opts, &NoProgress)?;
//! assert!(!summary.encrypted); // tell the user: a memory dump holds secrets
//! let report = verify("case-1234.tar.zst".as_ref(), None)?;
//! assert!(report.is_ok());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## What is collected
//!
//! [`evidence::EVIDENCE`] is the list, as data: the dumps (`CrashControl`'s
//! `DumpFile` with `%SystemRoot%` expanded and `\Windows\MEMORY.DMP`,
//! minidumps in `\Windows\Minidump` and `MinidumpDir`, live kernel reports,
//! WER and LocalDumps user-mode dumps, and a dump still held at the start of
//! `pagefile.sys` or of the `DedicatedDumpFile`, recovered by
//! [`vmrescue_dump::detect_in_pagefile`] and streamed out of the page file as
//! `recovered/pagefile-dump.dmp`), SYSTEM and SOFTWARE with their
//! `.LOG1`/`.LOG2`, every BCD store found, the event logs (System,
//! Application, Setup, WindowsUpdateClient, CodeIntegrity, Kernel-PnP, WER),
//! `Logs\CBS`, `Logs\DISM`, `WinSxS\pending.xml`, Panther, `INF\setupapi*.log`
//! and the Azure guest agent's logs. Paths with a drive letter are mapped to
//! partitions through the SYSTEM hive's `MountedDevices`. `--no-memory-dump`
//! ([`CollectOptions::memory_dumps`] = false) leaves out the full/kernel
//! memory dumps (MEMORY.DMP, dedicated, page file) but not minidumps.
//!
//! ## Layout
//!
//! A `.tar.zst` (GNU tar; zstd, multi-threaded, level 1 by default, with frame
//! checksums):
//!
//! | member | what |
//! |---|---|
//! | `manifest.json` | always the first member ([`Manifest`]) |
//! | the caller's members | e.g. `report.json`, `report.html` (the diagnosis) |
//! | `p<N>/<path>` | a file from partition N, e.g. `p3/Windows/Minidump/112024-12345-01.dmp` |
//! | `recovered/pagefile-dump.dmp` | a dump recovered from `pagefile.sys` (`recovered/dedicated-dump.dmp`: from the dedicated dump file) |
//! | `SHA256SUMS` | always the last member: `sha256sum -c` lines for every other member, `manifest.json` included |
//!
//! Memory dumps come last (after the small evidence), so a reader of the
//! stream reaches the logs first. With `--dir` the same members are plain
//! files in a folder (file times set to the NTFS modification time).
//! `--encrypt-to` encrypts the whole `.tar.zst` to age recipients (binary age
//! format, readable by `age -d`).
//!
//! The manifest gives, for every member, its Windows path and partition, its
//! size, the four NTFS times (RFC 3339), its SHA-256, for dumps the format
//! found by signature, for a recovered dump where it was found, and the byte
//! ranges that could not be read (zeros in the member); and for every wanted
//! file that is not in the bundle, the reason ([`MissingReason`]) and the error.
//!
//! ## The manifest comes first, but hashes are known only at the end
//!
//! Three ways were weighed: (1) a second read of the source to hash everything
//! before writing, (2) a manifest without hashes and a trailing checksum file,
//! (3) a manifest written first with placeholders and rewritten in place. The
//! bundle uses (3) for plain `.tar.zst` bundles, and (1) only where (3) is
//! impossible:
//!
//! - **Plain `.tar.zst`: one read of the source.** The manifest member is
//!   stored in its own first zstd frame made of *raw* (stored) blocks, whose
//!   length depends only on the length of its content; the rest of the tar
//!   stream follows as a normal multi-threaded zstd frame (a zstd stream may
//!   hold several frames; `zstd -d` and `tar --zstd` read them as one). The
//!   manifest is first written with all-zero SHA-256 placeholders (hex hashes
//!   have a fixed length) and padded with spaces to a fixed size with room for
//!   what streaming can add (read errors); when every file has been streamed,
//!   that frame is rewritten in place, byte for byte the same length, and only
//!   then is the file synced and renamed. The `.partial` file of an
//!   interrupted run has placeholders and is never renamed. Cost: the
//!   manifest is stored uncompressed (tens of KiB).
//! - **Encrypted bundles: two reads of the source.** age encrypts as a stream
//!   (ChaCha20-Poly1305 per 64 KiB chunk under a key the `age` crate keeps to
//!   itself), so nothing already written can be rewritten. A first pass hashes
//!   every file; the writing pass hashes again and refuses to finish
//!   ([`BundleError::SourceChanged`]) if anything differs. It costs one more
//!   read of the source, hashing at SHA-256 speed (about the speed of a page-cache
//!   read on a CPU with SHA extensions).
//! - **`--dir`:** folder entries have no order; files are hashed while written
//!   and `manifest.json` is written last.
//!
//! `SHA256SUMS` (last) repeats every hash in the format standard tools check
//! (`tar --zstd -xf B && sha256sum -c SHA256SUMS`) and is the one place the
//! manifest's own hash is recorded, so a changed byte in the manifest is
//! caught too. [`verify`] checks both, and reads the zstd stream to its end
//! so the frame checksum is checked as well.
//!
//! ## Streaming
//!
//! Each file flows from the image through SHA-256 and zstd to the output with
//! no temporary copy: a reader thread, a hashing thread and the writing thread
//! pass 1 MiB chunks from a fixed pool (module `stream`), so memory is
//! bounded (8 MiB of chunks plus zstd's buffers: about 50 MiB at level 1)
//! and the three overlap.
//! Output is written to `BUNDLE.partial` (a file, or a folder for `--dir`),
//! synced (every file, and the folders), renamed to `BUNDLE` only when
//! complete, and the rename is synced: an interrupted run leaves only the
//! `.partial`. Progress goes to a [`Progress`] (an indicatif bar in
//! [`TerminalProgress`], drawn only when stderr is a terminal).
//!
//! ## Speed
//!
//! Per byte, a collection costs one read from the image, one SHA-256, and one
//! write (plus zstd for `.tar.zst`); `bench/collect.sh` measures it on a 2 GiB
//! dump-like MEMORY.DMP. SHA-256 sets the pace: one stream cannot be hashed
//! on two cores, and with SHA extensions it runs at about 1.7-1.9 GB/s here, so
//! `--dir` keeps up with `cat` whenever `cat` is held to the speed of a device,
//! but not with a `cat` that only copies page cache to tmpfs (2.2 GB/s): that
//! copy costs `cat` less CPU than the hash alone costs `collect`.
//!
//! zstd level 1 is the default: levels 2-3 cost 1.2-1.7 times its CPU on
//! compressible evidence for 10-20 % smaller output, and the random-looking
//! half of a memory dump does not shrink at any level
//! ([`CollectOptions::zstd_level`] changes it).
//!
//! The library returns data and typed errors; wording for users is the CLI's
//! (Fluent keys `collect-*` and `verify-*`; [`MissingReason::message_key`],
//! [`Problem::message_key`] and [`BundleError::message_key`] name them).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod collect;
pub mod error;
pub mod evidence;
pub mod manifest;
pub mod progress;
mod stream;
mod tarw;
mod time;
mod verify;

pub use collect::{CollectOptions, CollectSummary, collect, partial_path};
pub use error::{BundleError, Result};
pub use manifest::{Category, FileEntry, Layout, Manifest, MissingEntry, MissingReason};
pub use progress::{NoProgress, Phase, Progress, TerminalProgress};
pub use verify::{Problem, VerifyReport, verify, verify_with_progress};

/// SHA-256 of bytes, lower-case hex.
pub(crate) fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    stream::hex(&sha2::Sha256::digest(data))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn every_message_key_the_library_names_exists_in_every_language() {
        let mut keys: Vec<&str> = [
            MissingReason::NotFound,
            MissingReason::NoMatch,
            MissingReason::Unreadable,
            MissingReason::NoDumpInPageFile,
            MissingReason::OtherDrive,
            MissingReason::ExcludedByOption,
            MissingReason::NotAFile,
        ]
        .iter()
        .map(|r| r.message_key())
        .collect();
        let s = String::new;
        let problems = [
            Problem::ManifestMissing,
            Problem::ManifestNotFirst { first: s() },
            Problem::ManifestInvalid { error: s() },
            Problem::ChecksumsMissing,
            Problem::ChecksumsInvalid { line: 1 },
            Problem::HashMismatch {
                member: s(),
                expected: s(),
                actual: s(),
            },
            Problem::SizeMismatch {
                member: s(),
                expected: 0,
                actual: 0,
            },
            Problem::ChecksumMismatch {
                member: s(),
                expected: s(),
                actual: s(),
            },
            Problem::MissingMember { member: s() },
            Problem::UnexpectedMember { member: s() },
            Problem::DuplicateMember { member: s() },
            Problem::Damaged {
                after: Some(s()),
                error: s(),
            },
            Problem::Damaged {
                after: None,
                error: s(),
            },
        ];
        keys.extend(problems.iter().map(Problem::message_key));
        let p = PathBuf::new;
        let errors = [
            BundleError::NoWindows { source_name: s() },
            BundleError::OutputExists { path: p() },
            BundleError::Write {
                partial: p(),
                source: std::io::Error::other("x"),
            },
            BundleError::Cancelled { partial: p() },
            BundleError::SourceChanged {
                path: s(),
                first: s(),
                second: s(),
            },
            BundleError::BadRecipient {
                recipient: s(),
                reason: s(),
            },
            BundleError::EncryptDir,
            BundleError::BadMemberName {
                name: s(),
                reason: "",
            },
            BundleError::NeedIdentity { path: p() },
            BundleError::BadIdentity {
                path: p(),
                reason: s(),
            },
            BundleError::Decrypt {
                path: p(),
                reason: s(),
            },
            BundleError::NotABundle {
                path: p(),
                reason: s(),
            },
        ];
        keys.extend(errors.iter().filter_map(BundleError::message_key));
        keys.extend([
            "collect-phase-hashing",
            "collect-phase-writing",
            "verify-phase",
            "collect-unencrypted",
        ]);
        for (lang, text) in [
            ("en-US", include_str!("../../l10n/locales/en-US/main.ftl")),
            ("sv-SE", include_str!("../../l10n/locales/sv-SE/main.ftl")),
            ("es-ES", include_str!("../../l10n/locales/es-ES/main.ftl")),
        ] {
            for k in &keys {
                assert!(
                    text.lines().any(|l| l.starts_with(&format!("{k} ="))),
                    "{lang}: no message {k}"
                );
            }
        }
    }
}
