//! `vmrescue`: the command-line front end. Thin by design: it parses
//! arguments, calls one library function per command and renders the result.

#![forbid(unsafe_code)]

/// `print!` for standard output that ends the process quietly (exit 0)
/// when the reader has gone away (`vmrescue info DISK | head -1`), as
/// ripgrep does, and with exit 1 on any other write error.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::write_stdout(&format!($($arg)*))
    };
}

/// `println!` through [`out!`].
macro_rules! outln {
    () => { $crate::write_stdout("\n") };
    ($($arg:tt)*) => {
        $crate::write_stdout(&format!("{}\n", format!($($arg)*)))
    };
}

/// Writes to standard output; a closed pipe ends the process with exit 0.
pub(crate) fn write_stdout(s: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("vmrescue: {}: {e}", tr("err-prefix"));
        std::process::exit(1);
    }
}

mod cmd;
mod cmd_bcd;
mod cmd_collect;
mod cmd_diagnose;
mod cmd_dump;
mod cmd_prepare;
mod cmd_reg;
mod cmd_triage;
mod help;
mod open;
mod render;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use vmrescue_l10n::{Lang, tr};

/// Rescue a Windows VM that no longer boots because of a stop error:
/// read its OS disk offline (raw, VHD, VHDX, qcow2, VMDK; MBR or GPT; NTFS
/// and FAT), read-only, with no repair VM.
#[derive(Parser)]
#[command(name = "vmrescue", version, about, long_about = None, after_help = "Exit codes: 0 success, 1 failure, 2 usage error.\nSources are always opened read-only.")]
struct Cli {
    /// Language of messages: en, sv or es (default: from LC_ALL/LANG, else en).
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang)]
    lang: Option<Lang>,
    #[command(subcommand)]
    command: Command,
}

fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (num, mult) = match t.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => {
            let m = match t[i..]
                .to_ascii_uppercase()
                .trim_end_matches("IB")
                .trim_end_matches('B')
            {
                "" => 1u64,
                "K" => 1u64 << 10,
                "M" => 1 << 20,
                "G" => 1 << 30,
                "T" => 1 << 40,
                _ => return Err(format!("unknown size unit in {s:?}")),
            };
            (&t[..i], m)
        }
        None => (t, 1u64 << 20),
    };
    num.trim()
        .parse::<f64>()
        .map(|n| (n * mult as f64) as u64)
        .map_err(|_| format!("invalid size {s:?}: use e.g. 16G or 8192M"))
}

/// A stop code as a user writes it: `0xC000021A`, `C000021A`, `0x21a`, or a
/// name (`CRITICAL_PROCESS_DIED`, `STATUS_SYSTEM_PROCESS_TERMINATED`).
fn parse_stop_code(s: &str) -> Result<u32, String> {
    let t = s.trim();
    let hex = t
        .strip_prefix("0x")
        .or_else(|| t.strip_prefix("0X"))
        .unwrap_or(t);
    let code = if !hex.is_empty() && hex.len() <= 8 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        u32::from_str_radix(hex, 16).ok()
    } else {
        vmrescue_dump::tables::stop_code_from_name(t)
    };
    match code {
        Some(c) if vmrescue_dump::tables::is_known_stop_code(c) => Ok(c),
        _ => Err(vmrescue_l10n::tr_args(
            "err-unknown-stop-code",
            &[("code", vmrescue_l10n::FluentValue::from(t.to_string()))],
        )),
    }
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unsupported language {s:?}: use en, sv or es"))
}

#[derive(Subcommand)]
enum Command {
    /// Show the image format, partitions, the Windows volume and the BCD store.
    ///
    /// SOURCE is a disk image (raw, VHD, VHDX, qcow2, VMDK; detected by
    /// content) or a block device.
    Info {
        /// Disk image or block device.
        source: std::path::PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Print how many bytes and requests were read from the source.
        #[arg(long)]
        stats: bool,
    },
    /// List a directory (or show one file) on the disk.
    ///
    /// PATH is a Windows path such as `\Windows\System32` (forward slashes
    /// work too; case does not matter). Without --partition it resolves on
    /// the Windows volume.
    Ls {
        /// Disk image or block device.
        source: std::path::PathBuf,
        /// Directory or file on the volume (default: the root).
        #[arg(default_value = "\\")]
        path: String,
        /// Partition number as shown by `vmrescue info` (0 = a bare volume).
        #[arg(long, short)]
        partition: Option<u32>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write a file's bytes to standard output, like `virt-cat`.
    ///
    /// `path:stream` reads an alternate data stream.
    Cat {
        /// Disk image or block device.
        source: std::path::PathBuf,
        /// File on the volume, e.g. `\Windows\System32\config\SYSTEM`.
        path: String,
        /// Partition number as shown by `vmrescue info`.
        #[arg(long, short)]
        partition: Option<u32>,
        /// Print how many bytes and requests were read from the source (to stderr).
        #[arg(long)]
        stats: bool,
    },
    /// Query the registry of the offline Windows, like `reg query`.
    ///
    /// `vmrescue reg SOURCE KEY [VALUE]`, or `vmrescue reg --hive FILE KEY
    /// [VALUE]` for a plain hive file. KEY is `HKLM\SYSTEM\...`,
    /// `HKLM\SOFTWARE\...` or `HKLM\BCD00000000\...`; `CurrentControlSet`
    /// is resolved through `SYSTEM\Select\Current`. A dirty hive is read
    /// with its .LOG1/.LOG2 replayed in memory.
    #[command(
        after_help = "Examples:\n  vmrescue reg osdisk.vhd 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\CrashControl'\n  vmrescue reg osdisk.vhd 'HKLM\\SYSTEM\\Select' Current --json\n  vmrescue reg --hive SYSTEM 'ControlSet001\\Services\\disk' -s"
    )]
    Reg {
        /// SOURCE KEY [VALUE] (or KEY [VALUE] with --hive).
        #[arg(num_args = 1..=3, required = true, value_name = "ARGS")]
        args: Vec<String>,
        /// Read a plain hive file instead of a disk.
        #[arg(long, value_name = "FILE")]
        hive: Option<std::path::PathBuf>,
        /// Partition holding Windows (default: found automatically).
        #[arg(long, short)]
        partition: Option<u32>,
        /// List all subkeys recursively.
        #[arg(short = 's', long)]
        recursive: bool,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Diagnose why Windows stops: the stop code, the four causes of
    /// 0xC000021A ranked with their evidence, dump readiness, next steps.
    ///
    /// Inputs are disks (and, as further evidence, boot-diagnostics
    /// screenshots and serial console logs), detected by content.
    Diagnose {
        /// Disk images (and screenshots, serial logs).
        #[arg(required = true, value_name = "SOURCE")]
        inputs: Vec<std::path::PathBuf>,
        /// Report format.
        #[arg(long, value_enum, default_value = "text")]
        format: cmd_diagnose::Format,
        /// Write the report to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
        /// Partition holding Windows (default: found automatically).
        #[arg(long, short)]
        partition: Option<u32>,
        /// RAM of the VM (e.g. 16G, 8192M), to check page file and free space for a complete dump.
        #[arg(long, value_parser = parse_size)]
        ram: Option<u64>,
        /// Print how many bytes and requests were read from the sources (to stderr).
        #[arg(long)]
        stats: bool,
        /// The stop code you saw (on the boot-diagnostics screenshot or the
        /// console): 0xC000021A, or a name such as CRITICAL_PROCESS_DIED or
        /// STATUS_SYSTEM_PROCESS_TERMINATED. Recorded as evidence of origin
        /// "user"; a disagreement with the disk is shown.
        #[arg(long, value_name = "CODE", value_parser = parse_stop_code)]
        stop_code: Option<u32>,
    },
    /// Diagnose many disks, each on its own and in parallel, into JSON Lines.
    ///
    /// One line per source (image, device or URL) as soon as it is done:
    /// source (signatures redacted), ok, error, stop_code, stop_name,
    /// top_cause, repairs, elapsed_ms, bytes_read, and the whole diagnosis
    /// that `diagnose --format json` prints for that source alone. A source
    /// that fails gives an error line and the run goes on. A summary (per stop
    /// code and per cause) goes to stderr. Exit code 0 only when every source
    /// was diagnosed.
    #[command(
        after_help = "Example:\n  vmrescue triage /disks/*.vhd -o fleet.jsonl\n  vmrescue triage --sources-from urls.txt --jobs 8 > fleet.jsonl"
    )]
    Triage {
        /// Disk images, block devices or URLs.
        #[arg(value_name = "SOURCE")]
        sources: Vec<std::path::PathBuf>,
        /// Read more sources from FILE, one per line (- for standard input; # starts a comment).
        #[arg(long, value_name = "FILE")]
        sources_from: Option<std::path::PathBuf>,
        /// Sources diagnosed at once (default: the number of CPUs).
        #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
        /// Write the JSON Lines to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
        /// RAM of the VMs (e.g. 16G), to check page file and free space for a complete dump.
        #[arg(long, value_parser = parse_size)]
        ram: Option<u64>,
        /// Only shard K of N (0-based) of the whole list: every N-th source from the K-th, as a Kubernetes Indexed Job splits its work (K = $JOB_COMPLETION_INDEX).
        #[arg(long, value_name = "K/N", value_parser = cmd_triage::parse_shard)]
        shard: Option<(usize, usize)>,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(
        after_help = "Example:\n  vmrescue completions bash > /etc/bash_completion.d/vmrescue"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), generated from this help.
    #[command(after_help = "Example:\n  vmrescue man > vmrescue.1 && man -l vmrescue.1")]
    Man,
    /// Show the BCD store decoded like `bcdedit /enum all /v`: boot manager,
    /// loaders, EMS/serial console, recovery and safe-boot settings.
    Bcd {
        /// Disk image (the store is found on the ESP or the active partition).
        #[arg(required_unless_present = "store")]
        source: Option<std::path::PathBuf>,
        /// Read a plain BCD hive file instead.
        #[arg(long, value_name = "FILE")]
        store: Option<std::path::PathBuf>,
        /// Partition holding Windows (default: found automatically).
        #[arg(long, short)]
        partition: Option<u32>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Enable crash dumps, NMI crash dumps and the serial console offline.
    ///
    /// TARGET is the mounted Windows volume (a directory such as /mnt/osdisk
    /// or F:\\), or with --in-place a raw or fixed-VHD image. Without
    /// --apply it only prints the plan (every value before → after, in every
    /// control set Select references, and every BCD element). With --apply it
    /// backs up each file, writes atomically, reads back and verifies.
    #[command(
        name = "prepare-dump",
        after_help = "Example:\n  vmrescue prepare-dump /mnt/osdisk --nmi --serial-console --ram 16G          # the plan\n  vmrescue prepare-dump /mnt/osdisk --nmi --serial-console --ram 16G --apply  # write it\n  vmrescue prepare-dump /mnt/osdisk --undo                                     # put the originals back"
    )]
    PrepareDump {
        /// Mounted Windows volume, or an image with --in-place.
        target: std::path::PathBuf,
        /// Write the changes (default: only show the plan).
        #[arg(long)]
        apply: bool,
        /// Restore the files from the newest backup vmrescue made.
        #[arg(long, conflicts_with = "apply")]
        undo: bool,
        /// Memory dump type.
        #[arg(long, default_value = "complete", value_parser = ["kernel", "complete", "automatic", "active"])]
        dump_type: String,
        /// Where Windows writes the dump (DumpFile), e.g. %SystemRoot%\\MEMORY.DMP.
        #[arg(long, value_name = "PATH")]
        dump_file: Option<String>,
        /// Use a dedicated dump file (DedicatedDumpFile), e.g. C:\\dd.sys.
        #[arg(long, value_name = "PATH", requires = "dedicated_size")]
        dedicated_dump_file: Option<String>,
        /// Size of the dedicated dump file in MB (DumpFileSize).
        #[arg(long, value_name = "MB", requires = "dedicated_dump_file")]
        dedicated_size: Option<u32>,
        /// Set NMICrashDump=1 so an NMI writes a dump.
        #[arg(long)]
        nmi: bool,
        /// Turn on EMS (serial console, SAC) for the default boot entry: port 1, 115200 baud.
        #[arg(long)]
        serial_console: bool,
        /// Show the boot menu (displaybootmenu, timeout, bootems on {bootmgr}).
        #[arg(long)]
        boot_menu: bool,
        /// RAM of the VM (e.g. 16G), to check the page file and free space.
        #[arg(long, value_parser = parse_size)]
        ram: Option<u64>,
        /// The BCD store, when the EFI system partition is mounted elsewhere.
        #[arg(long, value_name = "PATH")]
        bcd: Option<std::path::PathBuf>,
        /// Edit the hive inside a raw or fixed-VHD image, only when it fits its existing clusters.
        #[arg(long)]
        in_place: bool,
        /// Write even if the NTFS volume is marked dirty.
        #[arg(long)]
        force: bool,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Collect a support bundle: every crash dump (including one still in
    /// pagefile.sys), the hives with their logs, the BCD, event logs, CBS/DISM
    /// and setup logs, and the diagnosis, with a manifest of SHA-256 hashes.
    ///
    /// BUNDLE is a .tar.zst (multi-threaded zstd, manifest.json first), or a
    /// folder with --dir. It is written as BUNDLE.partial and renamed only
    /// when complete. A memory dump holds secrets: use --encrypt-to.
    Collect {
        /// Disk image, block device or URL.
        source: std::path::PathBuf,
        /// The bundle to write.
        #[arg(short, long, value_name = "BUNDLE")]
        output: std::path::PathBuf,
        /// Write plain files into a folder instead of a .tar.zst.
        #[arg(long)]
        dir: bool,
        /// Leave out MEMORY.DMP and dumps recovered from pagefile.sys or a dedicated dump file (minidumps stay).
        #[arg(long)]
        no_memory_dump: bool,
        /// Encrypt the bundle to an age recipient (age1…) or SSH public key; repeatable.
        #[arg(long, value_name = "RECIPIENT")]
        encrypt_to: Vec<String>,
        /// Partition holding Windows (default: found automatically).
        #[arg(long, short)]
        partition: Option<u32>,
    },
    /// Check a bundle: re-read every member against the manifest and SHA256SUMS.
    ///
    /// Exit code 0 when the bundle holds, 1 when anything differs.
    Verify {
        /// The bundle (.tar.zst, encrypted .tar.zst, or a --dir folder).
        bundle: std::path::PathBuf,
        /// age identity file to decrypt an encrypted bundle.
        #[arg(long, value_name = "FILE")]
        identity: Option<std::path::PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Find and decode crash dumps: the bugcheck, its parameters and their
    /// meaning, the process that died, loaded modules.
    ///
    /// PATH is a dump file (MEMORY.DMP, a minidump, a user-mode .dmp) or a
    /// disk image: then every dump Windows left is decoded, including one
    /// still inside pagefile.sys.
    Dump {
        /// A dump file or a disk image.
        path: std::path::PathBuf,
        /// Partition holding Windows (default: found automatically).
        #[arg(long, short)]
        partition: Option<u32>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Write a dump found in pagefile.sys to DIR as a normal .dmp.
        #[arg(long, value_name = "DIR")]
        extract: Option<std::path::PathBuf>,
    },
}

fn main() -> ExitCode {
    let lang = help::early_lang(&std::env::args_os().collect::<Vec<_>>());
    vmrescue_l10n::set_lang(lang);
    let matches = help::localize(<Cli as clap::CommandFactory>::command()).get_matches();
    let cli =
        <Cli as clap::FromArgMatches>::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    // Tesseract's OpenMP threads oversubscribe small machines (a screenshot
    // took 3.4 s instead of 0.7 s on 2 busy cores). The limit must be in the
    // environment when the process starts, so re-run once with it set.
    if let Command::Diagnose { inputs, .. } = &cli.command
        && vmrescue_screen::OCR_BUILT
        && !vmrescue_screen::omp_thread_limit_set()
        && inputs
            .iter()
            .any(|p| matches!(cmd_diagnose::input_kind(p), cmd_diagnose::InputKind::Screen))
        && let Ok(exe) = std::env::current_exe()
    {
        let status = std::process::Command::new(exe)
            .args(std::env::args_os().skip(1))
            .env("OMP_THREAD_LIMIT", "1")
            .status();
        return ExitCode::from(
            status
                .ok()
                .and_then(|s| s.code())
                .map_or(1, |c| c.clamp(0, 255) as u8),
        );
    }
    if let Some(lang) = cli.lang {
        vmrescue_l10n::set_lang(lang);
    }
    let result = match cli.command {
        Command::Info {
            source,
            json,
            stats,
        } => cmd::info(&source, json, stats),
        Command::Ls {
            source,
            path,
            partition,
            json,
        } => cmd::ls(&source, &path, partition, json),
        Command::Cat {
            source,
            path,
            partition,
            stats,
        } => cmd::cat(&source, &path, partition, stats),
        Command::Diagnose {
            inputs,
            format,
            output,
            partition,
            ram,
            stats,
            stop_code,
        } => cmd_diagnose::diagnose(
            &inputs,
            partition,
            format,
            output.as_deref(),
            ram,
            stats,
            stop_code,
        ),
        Command::Triage {
            sources,
            sources_from,
            jobs,
            output,
            ram,
            shard,
        } => match cmd_triage::run(cmd_triage::Args {
            sources,
            sources_from,
            jobs: jobs.map(usize::from),
            output,
            ram,
            shard,
        }) {
            Ok(true) => Ok(()),
            Ok(false) => return ExitCode::from(1),
            Err(e) => Err(e),
        },
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "vmrescue", &mut buf);
            out!("{}", String::from_utf8_lossy(&buf));
            Ok(())
        }
        Command::Man => {
            let mut buf = Vec::new();
            match clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(&mut buf) {
                Ok(()) => {
                    out!("{}", String::from_utf8_lossy(&buf));
                    Ok(())
                }
                Err(e) => Err(e.into()),
            }
        }
        Command::Bcd {
            source,
            store,
            partition,
            json,
        } => cmd_bcd::bcd(source.as_deref(), store.as_ref(), partition, json),
        Command::PrepareDump {
            target,
            apply,
            undo,
            dump_type,
            dump_file,
            dedicated_dump_file,
            dedicated_size,
            nmi,
            serial_console,
            boot_menu,
            ram,
            bcd,
            in_place,
            force,
            json,
        } => cmd_prepare::run(cmd_prepare::Args {
            target,
            apply,
            undo,
            dump_type,
            dump_file,
            dedicated_dump_file,
            dedicated_size,
            nmi,
            serial_console,
            boot_menu,
            ram,
            bcd,
            in_place,
            force,
            json,
        }),
        Command::Collect {
            source,
            output,
            dir,
            no_memory_dump,
            encrypt_to,
            partition,
        } => cmd_collect::collect(cmd_collect::Args {
            source,
            output,
            dir,
            no_memory_dump,
            encrypt_to,
            partition,
        }),
        Command::Verify {
            bundle,
            identity,
            json,
        } => match cmd_collect::verify(&bundle, identity.as_deref(), json) {
            Ok(true) => Ok(()),
            Ok(false) => return ExitCode::from(1),
            Err(e) => Err(e),
        },
        Command::Reg {
            args,
            hive,
            partition,
            recursive,
            json,
        } => cmd_reg::reg(&args, hive.as_ref(), partition, recursive, json),
        Command::Dump {
            path,
            partition,
            json,
            extract,
        } => cmd_dump::dump(&path, partition, json, extract.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let text = vmrescue_l10n::os_errors(vmrescue_l10n::lang(), &e.to_string());
            eprintln!("vmrescue: {}: {text}", tr("err-prefix"));
            if e.downcast_ref::<open::UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}
