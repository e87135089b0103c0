//! Reads screenshots and serial logs and prints what they show, as JSON
//! (one object per input), with the time each took on stderr.
//!
//! `cargo run --release -p vmrescue-screen --features ocr --example read-screen -- FILE...`
//!
//! Tesseract's OpenMP threads slow it down badly on a small busy machine;
//! `OMP_THREAD_LIMIT=1` must be in the environment before the process starts,
//! so this example re-executes itself with it (the `vmrescue` binary can do
//! the same).

use std::process::Command;
use std::time::Instant;

fn main() {
    // VMRESCUE_NO_REEXEC=1 measures the unlimited default (bench/screenshot.sh).
    if !vmrescue_screen::omp_thread_limit_set()
        && std::env::var_os("VMRESCUE_NO_REEXEC").is_none()
        && let Ok(exe) = std::env::current_exe()
    {
        let status = Command::new(exe)
            .args(std::env::args_os().skip(1))
            .env("OMP_THREAD_LIMIT", "1")
            .status();
        std::process::exit(status.ok().and_then(|s| s.code()).unwrap_or(1));
    }
    let mut failed = false;
    for arg in std::env::args().skip(1) {
        let t = Instant::now();
        let r = vmrescue_screen::read_path(std::path::Path::new(&arg));
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        match r {
            Ok(reading) => {
                println!("{}", serde_json::to_string(&reading).unwrap_or_default());
                let p = reading.primary();
                eprintln!(
                    "{ms:8.1} ms  {arg}: {:?} stop={:?} status={:?} file={:?}",
                    p.map(|f| f.screen),
                    p.and_then(|f| f.stop_code).map(|c| format!("{c:#x}")),
                    p.and_then(|f| f.status).map(|c| format!("{c:#x}")),
                    p.and_then(|f| f.file.clone()),
                );
            }
            Err(e) => {
                failed = true;
                eprintln!("{ms:8.1} ms  {arg}: error: {e}");
            }
        }
    }
    std::process::exit(i32::from(failed));
}
