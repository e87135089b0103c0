//! An interrupted run never leaves a file that looks finished: cancellation,
//! a write error in the middle of the stream (the file size limit, with
//! SIGXFSZ ignored so the write fails with EFBIG), and the process killed by
//! SIGXFSZ all leave only `BUNDLE.partial`. Unreadable source bytes are not an
//! interruption: they are zeros in the member and said in the manifest.

mod common;

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use common::{disk, scratch};
use vmrescue_bundle::{
    BundleError, CollectOptions, Phase, Progress, collect, partial_path, verify,
};
use vmrescue_disk::{Disk, DiskImage, FileSource, ReadAt};
use vmrescue_testkit::fixture_disks;

/// Sets the cancel flag at the first bytes written.
struct CancelAtFirstBytes(Arc<AtomicBool>);

impl Progress for CancelAtFirstBytes {
    fn start(&self, _: Phase, _: u64) {}
    fn member(&self, _: &str) {}
    fn advance(&self, _: u64) {
        self.0.store(true, Ordering::Relaxed);
    }
    fn finish(&self) {}
}

#[test]
fn a_cancelled_run_leaves_only_the_partial() {
    let dir = fixture_disks();
    let out = scratch("cancel");
    let d = disk(&dir.join("gen2.raw"));
    for as_dir in [false, true] {
        let bundle = out.join(if as_dir { "b" } else { "b.tar.zst" });
        let flag = Arc::new(AtomicBool::new(false));
        let mut o = CollectOptions::new(&bundle);
        o.dir = as_dir;
        o.cancel = Some(Arc::clone(&flag));
        let r = collect(&d, &o, &CancelAtFirstBytes(flag));
        assert!(matches!(r, Err(BundleError::Cancelled { .. })), "{r:?}");
        assert!(
            !bundle.exists(),
            "a cancelled run left {}",
            bundle.display()
        );
        let partial = partial_path(&bundle);
        assert!(partial.exists());
        if !as_dir {
            // The partial holds placeholder hashes and no end: it does not verify.
            let rep = verify(&partial, None).expect("verify the partial");
            assert!(!rep.is_ok());
        }
    }
}

/// The example binary `bundle` (built by `cargo test` with the examples).
fn example_binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let p = exe.parent()?.parent()?.join("examples").join("bundle");
    p.is_file().then_some(p)
}

fn run_limited(
    bin: &Path,
    image: &Path,
    bundle: &Path,
    dir: bool,
    ignore_signal: bool,
) -> std::process::Output {
    // ulimit -f counts 1024-byte blocks: 1 MiB, past the manifest and well inside
    // the ~25 MB of evidence (~4 MB compressed).
    let script = format!(
        "{}ulimit -f 1024; exec \"$0\" collect \"$1\" -o \"$2\" {}",
        if ignore_signal { "trap '' XFSZ; " } else { "" },
        if dir { "--dir" } else { "" }
    );
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(bin)
        .arg(image)
        .arg(bundle)
        .output()
        .expect("sh")
}

#[test]
fn a_write_error_or_a_kill_mid_stream_leaves_only_the_partial() {
    let dir = fixture_disks();
    let Some(bin) = example_binary() else {
        vmrescue_testkit::skip("the example binary `bundle` is not built (cargo test builds it)");
        return;
    };
    let out = scratch("interrupted");
    let image = dir.join("gen2.raw");
    for (dir_layout, ignore) in [(false, true), (false, false), (true, true), (true, false)] {
        let name = format!(
            "b-{dir_layout}-{ignore}{}",
            if dir_layout { "" } else { ".tar.zst" }
        );
        let bundle = out.join(&name);
        let o = run_limited(&bin, &image, &bundle, dir_layout, ignore);
        assert!(!o.status.success(), "{name}: the run should have failed");
        if ignore {
            // Not killed: the error was reported and names the partial.
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(err.contains(".partial"), "{name}: {err}");
            assert_eq!(o.status.code(), Some(1), "{name}");
        } else {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(o.status.signal(), Some(25), "{name}: expected SIGXFSZ");
        }
        assert!(
            !bundle.exists(),
            "{name}: an interrupted run left a finished-looking bundle"
        );
        assert!(partial_path(&bundle).exists(), "{name}: no partial");
    }
}

/// A disk whose reads fail once armed (after planning), like a source that
/// goes bad in the middle of the copy.
struct GoesBad {
    inner: FileSource,
    armed: Arc<AtomicBool>,
}

impl ReadAt for GoesBad {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        if self.armed.load(Ordering::Relaxed) {
            return Err(io::Error::other("injected read error"));
        }
        self.inner.read_at(offset, buf)
    }
    fn size(&self) -> u64 {
        self.inner.size()
    }
}

struct ArmOnWrite(Arc<AtomicBool>);

impl Progress for ArmOnWrite {
    fn start(&self, phase: Phase, _: u64) {
        if phase == Phase::Writing {
            self.0.store(true, Ordering::Relaxed);
        }
    }
    fn member(&self, _: &str) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

#[test]
fn unreadable_source_bytes_are_zeros_and_said_in_the_manifest() {
    let dir = fixture_disks();
    let out = scratch("read-errors");
    let armed = Arc::new(AtomicBool::new(false));
    let src = GoesBad {
        inner: FileSource::open(&dir.join("gen1.raw")).expect("open"),
        armed: Arc::clone(&armed),
    };
    let img = DiskImage::from_source(Arc::new(src), "gen1 (going bad)").expect("image");
    let d = Disk::from_image(img).expect("disk");
    let bundle = out.join("b.tar.zst");
    let s = collect(&d, &CollectOptions::new(&bundle), &ArmOnWrite(armed)).expect("collect");
    assert!(!s.incomplete.is_empty());
    for f in &s.manifest.files {
        assert!(!f.complete, "{}", f.member);
        assert_eq!(f.unreadable_bytes, f.size, "{}", f.member);
        // Few files: the ranges fit in the manifest (merged into one per file).
        assert_eq!(f.read_errors.len(), 1, "{}", f.member);
        assert!(f.read_errors[0].error.contains("injected read error"));
        assert_eq!(
            f.sha256,
            vmrescue_testkit::sha256(&vec![0u8; f.size as usize])
        );
    }
    // The bundle itself is sound: it verifies (it is true to what could be read).
    let r = verify(&bundle, None).expect("verify");
    assert!(r.is_ok(), "{:?}", r.problems);
}

/// A disk whose bytes change once armed.
struct Changes {
    inner: FileSource,
    armed: Arc<AtomicBool>,
}

impl ReadAt for Changes {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read_at(offset, buf)?;
        if self.armed.load(Ordering::Relaxed) {
            buf[..n].iter_mut().for_each(|b| *b ^= 0x5A);
        }
        Ok(n)
    }
    fn size(&self) -> u64 {
        self.inner.size()
    }
}

#[test]
fn an_encrypted_run_refuses_to_finish_when_the_source_changes_between_its_passes() {
    let dir = fixture_disks();
    let out = scratch("source-changed");
    let armed = Arc::new(AtomicBool::new(false));
    let src = Changes {
        inner: FileSource::open(&dir.join("gen1.raw")).expect("open"),
        armed: Arc::clone(&armed),
    };
    let d =
        Disk::from_image(DiskImage::from_source(Arc::new(src), "gen1 (changing)").expect("image"))
            .expect("disk");
    let bundle = out.join("b.tar.zst");
    let mut o = CollectOptions::new(&bundle);
    o.encrypt_to = vec![age::x25519::Identity::generate().to_public().to_string()];
    let r = collect(&d, &o, &ArmOnWrite(armed));
    assert!(matches!(r, Err(BundleError::SourceChanged { .. })), "{r:?}");
    assert!(!bundle.exists());
    assert!(partial_path(&bundle).exists());
}
