"""Kernel dumps of bug check 0xC000021A, SYNTHETIC: written by the project's dump synthesizer
(crates/dump-synth `c000021a_x64`) through the small helper scripts/scenarios/synth-dump (its own workspace, built
into <out>/.cargo-scenario-dump). A full dump (DumpType 1, PAGEDU64) of 0x400 pages, Arg1 -> UNICODE_STRING (found
through the dump's page tables) naming the process, Arg2 = its NTSTATUS, SystemTime = the crash time; 0x402000
bytes. Each dump is read back by its header and, when importable, by kdmp-parser (an independent reader).
"""
from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from pathlib import Path

from common import TOOLS, BuildError, filetime, iso, run

DUMP_BYTES = 0x402000


@dataclass(frozen=True)
class Dump:
    """A crash as the dump records it. location: memory_dump (\\Windows\\MEMORY.DMP, written at `written`) or
    pagefile_dump (at offset 0 of \\pagefile.sys: the dump never left the page file)."""
    location: str
    process_text: str       # "Windows SubSystem", "Windows Logon Process"
    process: str            # csrss.exe, winlogon.exe
    status: str             # 0xC0000142
    status_name: str
    uptime_secs: int

    @property
    def artifact(self) -> str:
        return "\\Windows\\MEMORY.DMP" if self.location == "memory_dump" else "\\pagefile.sys"

    @property
    def volume_path(self) -> str:
        return "Windows/MEMORY.DMP" if self.location == "memory_dump" else "pagefile.sys"


def cargo(args: list[str], **kw: object) -> bytes:
    """cargo, serialized with other builds on this machine when VMRESCUE_CARGO_LOCK names a lock file."""
    lock = os.environ.get("VMRESCUE_CARGO_LOCK")
    prefix = ["flock", lock] if lock else []
    return run([*prefix, "cargo", *args], **kw)  # type: ignore[arg-type]


def build_dump_tool(out: Path) -> Path:
    target = out / ".cargo-scenario-dump"
    cargo(["build", "--release", "--offline", "--locked", "--manifest-path", str(TOOLS / "synth-dump/Cargo.toml")],
          env={"CARGO_TARGET_DIR": str(target)})
    tool = target / "release/vmrescue-scenario-dump"
    if not os.access(tool, os.X_OK):
        raise BuildError(f"dump helper not built at {tool}")
    return tool


def check_dump(path: Path, dump: Dump, crash: str, use_kdmp: bool) -> None:
    with open(path, "rb") as f:
        head = f.read(0x1000)
    if head[:8] != b"PAGEDU64":
        raise BuildError(f"{path}: no PAGEDU64 signature")
    code, = struct.unpack_from("<I", head, 0x38)
    arg2, = struct.unpack_from("<Q", head, 0x48)
    when, = struct.unpack_from("<Q", head, 0xFA8)
    status = int(dump.status, 16)
    if code != 0xC000021A or arg2 != (0xFFFFFFFF00000000 | status) or when != filetime(crash):
        raise BuildError(f"{path}: header says bug check {code:#x}, Arg2 {arg2:#x}, SystemTime {when}")
    if use_kdmp:
        import io
        import json
        from contextlib import redirect_stdout

        import scenario_tool
        buf = io.StringIO()
        with redirect_stdout(buf):
            scenario_tool.cmd_dump_info(str(path))
        info = json.loads(buf.getvalue())
        ok = (info["bugcheck"] == "0xC000021A" and int(info["parameters"][1], 16) == (0xFFFFFFFF00000000 | status)
              and info.get("arg1_string") == dump.process_text and info["system_time_utc"] == iso(crash)
              and info["dump_type"] == 1 and info["minor_version"] == 19041)
        if not ok:
            raise BuildError(f"{path} does not read back as written (kdmp-parser): {info}")


def make_dump(tool: Path, out: Path, dump: Dump, crash: str, use_kdmp: bool) -> None:
    run([tool, out, "--process", dump.process_text, "--status", dump.status, "--time", str(filetime(crash)),
         "--uptime-secs", str(dump.uptime_secs)])
    if out.stat().st_size != DUMP_BYTES:
        raise BuildError(f"{out}: {out.stat().st_size} bytes, expected {DUMP_BYTES:#x}")
    check_dump(out, dump, crash, use_kdmp)
