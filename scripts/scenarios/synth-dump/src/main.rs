//! `vmrescue-scenario-dump OUT --process TEXT --status 0xNTSTATUS --time FILETIME --uptime-secs N [--processors N]`
//!
//! Writes a small full (DumpType 1) x64 kernel dump of bug check 0xC000021A made by
//! `vmrescue_dump_synth::c000021a_x64`: Arg1 points (through page tables in the dump) to a
//! UNICODE_STRING holding TEXT ("Windows SubSystem", "Windows Logon Process"), Arg2 is the NTSTATUS the
//! process died with (sign-extended as Windows stores it), Arg3 = Arg4 = 0. Physical memory is two runs of
//! 0x200 pages (`default_runs`): the file is 0x2000 + 4 MiB bytes, zero except the header, the page tables
//! and the string. SystemTime is FILETIME (100 ns since 1601, UTC), SystemUpTime is N seconds.
use std::path::PathBuf;
use std::process::ExitCode;

fn parse_u64(s: &str) -> Option<u64> {
    match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(h) => u64::from_str_radix(h, 16).ok(),
        None => s.parse().ok(),
    }
}

/// The fixture disks' triage dump (see the module doc).
fn triage(out: &std::path::Path) -> ExitCode {
    use vmrescue_dump_synth::{Target, TriageSpec};
    let mut t = TriageSpec::new(Target::X64);
    t.drivers = vec![
        (
            r"\SystemRoot\system32\ntoskrnl.exe".into(),
            0xFFFF_F804_7BA0_0000,
            0x0104_6000,
            0x5F6A_8B11,
        ),
        (
            r"\SystemRoot\System32\drivers\amdppm.sys".into(),
            0xFFFF_F804_8B57_0000,
            0x0002_A000,
            0x2B6F_0A21,
        ),
    ];
    t.base.bugcheck_code = 0x1000_007E;
    t.base.parameters = [
        0xFFFF_FFFF_C000_0005,
        0xFFFF_F804_8B58_334C,
        0xFFFF_8504_2989_1EE8,
        0xFFFF_8504_2989_1720,
    ];
    t.base.number_processors = 16;
    t.stack = Some((0xFFFF_8504_2989_0EE8, vec![0u8; 0x1000]));
    match std::fs::write(out, t.to_vec()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, out] = args.as_slice()
        && flag == "--triage"
    {
        return triage(std::path::Path::new(out));
    }
    let usage = "usage: vmrescue-scenario-dump OUT --process TEXT --status 0xNTSTATUS --time FILETIME \
                 --uptime-secs N [--processors N]";
    let (mut out, mut process, mut status, mut time, mut uptime, mut cpus) =
        (None, None, None, None, None, 4u32);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut val = || it.next().cloned();
        match a.as_str() {
            "--process" => process = val(),
            "--status" => status = val().and_then(|v| parse_u64(&v)),
            "--time" => time = val().and_then(|v| parse_u64(&v)),
            "--uptime-secs" => uptime = val().and_then(|v| parse_u64(&v)),
            "--processors" => match val().and_then(|v| v.parse().ok()) {
                Some(n) => cpus = n,
                None => {
                    eprintln!("{usage}");
                    return ExitCode::from(2);
                }
            },
            "-h" | "--help" => {
                println!("{usage}");
                return ExitCode::SUCCESS;
            }
            s if out.is_none() && !s.starts_with('-') => out = Some(PathBuf::from(s)),
            _ => {
                eprintln!("unknown argument '{a}'\n{usage}");
                return ExitCode::from(2);
            }
        }
    }
    let (Some(out), Some(process), Some(status), Some(time), Some(uptime)) =
        (out, process, status, time, uptime)
    else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    if status > u64::from(u32::MAX) {
        eprintln!("--status must be a 32-bit NTSTATUS");
        return ExitCode::from(2);
    }
    let mut spec = vmrescue_dump_synth::c000021a_x64(vmrescue_dump_synth::default_runs(), &process);
    // NTSTATUS is a signed 32-bit value; the bug check parameter holds it sign-extended.
    spec.parameters[1] = status as u32 as i32 as i64 as u64;
    spec.system_time = time;
    spec.system_up_time = uptime * 10_000_000;
    spec.number_processors = cpus;
    match spec.write_file(&out) {
        Ok(len) => {
            println!(
                "{}: {len} bytes, bugcheck 0x{:08X} ({:#018x}, {:#018x}, {:#x}, {:#x})",
                out.display(),
                spec.bugcheck_code,
                spec.parameters[0],
                spec.parameters[1],
                spec.parameters[2],
                spec.parameters[3]
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}
