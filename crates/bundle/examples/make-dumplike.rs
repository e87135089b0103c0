//! Writes a dump-like kernel memory dump for benchmarks: a synthesized x64
//! 0xC000021A dump (`vmrescue-dump-synth`: header, runs, page tables) of
//! GIB GiB whose pages past the first 8 MiB are, in 64 KiB groups, zeros or
//! pseudo-random bytes (about half each, as in real dumps). Synthetic data,
//! not a real dump.
//!
//! `make-dumplike PATH GIB [SEED]`

use std::fs::OpenOptions;
use std::io::{BufWriter, Seek, SeekFrom, Write};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(path), Some(gib)) = (args.get(1), args.get(2).and_then(|g| g.parse::<u64>().ok()))
    else {
        eprintln!("usage: make-dumplike PATH GIB [SEED]");
        std::process::exit(2);
    };
    let mut seed = args
        .get(3)
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(0x9E37_79B9_7F4A_7C15)
        .max(1);
    let pages = gib << 18;
    let layout = vmrescue_dump_synth::PageLayout::Runs(vec![(0, 0x9F), (0x100, pages - 0x100)]);
    let spec = vmrescue_dump_synth::c000021a_x64(layout, "Windows SubSystem");
    let len = spec.write_file(std::path::Path::new(path))?;
    let data_start = len - spec.layout.present_pages() * vmrescue_dump_synth::PAGE;
    // Keep the first 8 MiB of page data (page tables, the bug check string).
    let keep = 8 << 20;
    let mut f = BufWriter::with_capacity(8 << 20, OpenOptions::new().write(true).open(path)?);
    f.seek(SeekFrom::Start(data_start + keep))?;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let zero = vec![0u8; 64 << 10];
    let mut group = vec![0u8; 64 << 10];
    let mut pos = data_start + keep;
    while pos < len {
        let n = ((len - pos) as usize).min(group.len());
        if next() % 2 == 0 {
            f.write_all(&zero[..n])?;
        } else {
            for w in group[..n].chunks_mut(8) {
                let v = next().to_le_bytes();
                w.copy_from_slice(&v[..w.len()]);
            }
            f.write_all(&group[..n])?;
        }
        pos += n as u64;
    }
    f.flush()?;
    println!("wrote {path}: {len} bytes");
    Ok(())
}
