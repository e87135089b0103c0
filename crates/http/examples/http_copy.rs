//! Copies bytes read through an [`HttpSource`] to standard output, and
//! reports wall time, requests and bytes transferred on standard error.
//!
//! ```text
//! http_copy URL [OFFSET LENGTH] [options]      a byte range of the object (default: all of it)
//! http_copy URL --file PATH [--partition N]    a file inside the disk, like `vmrescue cat`
//!
//! options: --chunk BYTES      read size (default 4 MiB, as `vmrescue cat`)
//!          --parallel N       concurrent range requests (default 4)
//!          --block-size BYTES cache block (default 1 MiB)
//!          --readahead BYTES  largest read-ahead (default 16 MiB)
//! ```
//! Sizes accept a K, M or G suffix (powers of 1024).

#![forbid(unsafe_code)]

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use vmrescue_disk::{Disk, DiskImage, FsKind, ReadAt};
use vmrescue_http::{HttpOptions, HttpSource};

fn size_arg(s: &str) -> Result<u64, String> {
    let (num, mul) = match s.chars().last() {
        Some('K' | 'k') => (&s[..s.len() - 1], 1 << 10),
        Some('M' | 'm') => (&s[..s.len() - 1], 1 << 20),
        Some('G' | 'g') => (&s[..s.len() - 1], 1 << 30),
        _ => (s, 1),
    };
    num.parse::<u64>()
        .map(|n| n * mul)
        .map_err(|_| format!("not a size: {s}"))
}

struct Args {
    url: String,
    range: Option<(u64, u64)>,
    file: Option<String>,
    partition: Option<u32>,
    chunk: usize,
    options: HttpOptions,
}

fn parse() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let mut positional = Vec::new();
    let mut a = Args {
        url: String::new(),
        range: None,
        file: None,
        partition: None,
        chunk: 4 << 20,
        options: HttpOptions::default(),
    };
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--file" => a.file = Some(value()?),
            "--partition" => a.partition = Some(value()?.parse().map_err(|_| "bad --partition")?),
            "--chunk" => a.chunk = size_arg(&value()?)? as usize,
            "--parallel" => a.options.parallel = value()?.parse().map_err(|_| "bad --parallel")?,
            "--block-size" => a.options.block_size = size_arg(&value()?)? as usize,
            "--readahead" => a.options.readahead_max = size_arg(&value()?)? as usize,
            "-h" | "--help" => return Err(String::new()),
            _ => positional.push(arg),
        }
    }
    match positional.as_slice() {
        [url] => a.url = url.clone(),
        [url, off, len] => {
            a.url = url.clone();
            a.range = Some((size_arg(off)?, size_arg(len)?));
        }
        _ => return Err(String::new()),
    }
    Ok(a)
}

/// Copies `len` bytes of `src` from `offset` to `out` in `chunk`-byte reads.
fn copy(
    src: &dyn ReadAt,
    offset: u64,
    len: u64,
    chunk: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut buf = vec![0u8; chunk.max(1)];
    let mut pos = 0u64;
    while pos < len {
        let n = (len - pos).min(buf.len() as u64) as usize;
        src.read_exact_at(offset + pos, &mut buf[..n])?;
        out.write_all(&buf[..n])?;
        pos += n as u64;
    }
    out.flush()
}

fn run(a: Args) -> Result<(), Box<dyn std::error::Error>> {
    let t0 = Instant::now();
    let src = Arc::new(HttpSource::open_with(&a.url, a.options)?);
    let stats = src.stats_handle();
    let name = src.name().to_string();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let copied = match &a.file {
        None => {
            let (offset, len) = a.range.unwrap_or((0, src.size()));
            let len = len.min(src.size().saturating_sub(offset));
            copy(&*src, offset, len, a.chunk, &mut out)?;
            len
        }
        Some(path) => {
            let disk = Disk::from_image(DiskImage::from_source(src.clone(), &name)?)?;
            let readable = |p: &&vmrescue_disk::Partition| {
                p.filesystem == FsKind::Ntfs || p.filesystem.is_fat()
            };
            let part = match a.partition {
                Some(i) => disk.partition(i).ok_or(format!("no partition {i}"))?,
                None => disk
                    .table
                    .partitions
                    .iter()
                    .filter(readable)
                    .max_by_key(|p| p.size)
                    .ok_or("no NTFS or FAT partition")?,
            };
            let vol = vmrescue_fs::Volume::open(
                disk.partition_reader(part),
                part.filesystem,
                &format!("{name} partition {}", part.index),
            )?;
            let f = vol.open_file(path)?;
            copy(&*f, 0, f.size(), a.chunk, &mut out)?;
            f.size()
        }
    };
    let secs = t0.elapsed().as_secs_f64();
    let s = stats.snapshot();
    eprintln!(
        "{name}: copied {copied} bytes in {secs:.3} s ({:.0} MiB/s); {s}",
        copied as f64 / 1048576.0 / secs.max(1e-9)
    );
    Ok(())
}

fn main() -> ExitCode {
    let a = match parse() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("http_copy: {e}");
            }
            eprintln!(
                "usage: http_copy URL [OFFSET LENGTH] | URL --file PATH [--partition N]  [--chunk B] [--parallel N] [--block-size B] [--readahead B]"
            );
            return ExitCode::from(2);
        }
    };
    match run(a) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e)
            if e.downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("http_copy: {e}");
            ExitCode::FAILURE
        }
    }
}
