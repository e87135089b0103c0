//! Progress reporting, behind a small trait so the library needs no terminal:
//! [`NoProgress`] for tests and pipes, [`TerminalProgress`] for an indicatif
//! bar (bytes, rate, ETA) that draws only when stderr is a terminal.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// What is being done, for the bar's prefix (the CLI may translate it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// First pass of an encrypted collection: hashing the source.
    Hashing,
    /// Streaming files into the bundle.
    Writing,
    /// `verify` re-reading the bundle.
    Verifying,
}

/// Receives progress. Called from the thread that called `collect`/`verify`.
pub trait Progress {
    /// A phase starts; `total` bytes will be processed (0 when unknown).
    fn start(&self, phase: Phase, total: u64);
    /// The member being processed now.
    fn member(&self, name: &str);
    /// `bytes` more bytes were processed.
    fn advance(&self, bytes: u64);
    /// The phase is over.
    fn finish(&self);
}

/// Reports nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: Phase, _: u64) {}
    fn member(&self, _: &str) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

/// An indicatif progress bar on stderr: bytes done, total, rate and ETA.
/// When stderr is not a terminal it draws nothing.
pub struct TerminalProgress {
    bar: ProgressBar,
    labels: [String; 3],
}

impl TerminalProgress {
    /// A bar on stderr with English phase labels.
    pub fn stderr() -> Self {
        Self::with_labels(["hashing", "collecting", "verifying"].map(String::from))
    }

    /// A bar on stderr with the given (translated) labels for the phases
    /// hashing, writing, verifying.
    pub fn with_labels(labels: [String; 3]) -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        Self { bar, labels }
    }
}

impl Progress for TerminalProgress {
    fn start(&self, phase: Phase, total: u64) {
        let label = &self.labels[match phase {
            Phase::Hashing => 0,
            Phase::Writing => 1,
            Phase::Verifying => 2,
        }];
        self.bar.reset();
        self.bar.set_length(total);
        self.bar.set_position(0);
        if let Ok(style) = ProgressStyle::with_template(
            "{prefix:>10} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta} {wide_msg}",
        ) {
            self.bar.set_style(style.progress_chars("=> "));
        }
        self.bar.set_prefix(label.clone());
    }
    fn member(&self, name: &str) {
        self.bar.set_message(name.to_string());
    }
    fn advance(&self, bytes: u64) {
        self.bar.inc(bytes);
    }
    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
