#!/usr/bin/env python3
"""build.py - build vmrescue's 0xC000021A scenario disks (issue 5 item 6, issue 14 item 12): one small Gen2 OS
disk per cause that Azure's article names for stop error 0xC000021A, a healthy one, and the hard cases around
them, each with an expect.json saying what the disk holds and how `vmrescue diagnose` should rank the causes.
Built with real tools only (ntfs-3g under libfaketime, hivexsh, MinGW-w64, qemu-img, the project's own dump
synthesizer and registry reader). The scenarios themselves are data: scripts/scenarios/scenarios.py.

Usage (scripts/build-scenarios.sh is a thin wrapper around this program):
  build.py [--force] [NAME...]   build the scenarios (default: all) into
                                 ${VMRESCUE_FIXTURES_OUT:-<repo>/fixtures/out}/scenarios
  build.py --list                list the scenario names
A scenario is rebuilt only when its stamp (<out>/.stamps/scenario-<name>.stamp: SCENARIOS_VERSION and the SHA-256
of the builder's sources) is missing or stale or one of its outputs is gone; --force rebuilds. The builder takes
<out>/.lock (as scripts/build-fixtures.sh does), after its cargo steps. Must run as root (FUSE mounts).

Environment: SCENARIO_PAGEFILE=zeros (scripts/build-example.sh: a page file of zeros, so the example compresses
to nothing); VMRESCUE_CARGO_LOCK=FILE runs every cargo command under `flock FILE`.

Debian 12 packages: ntfs-3g fdisk gdisk dosfstools mtools qemu-utils attr libhivex-bin gcc-mingw-w64-x86-64-win32
binutils-mingw-w64-x86-64 libfaketime faketime tzdata; python3 (3.11), cargo. Optional independent readers from
PyPI (extra checks when importable): pefile (PE version resources), kdmp-parser (the dumps).

Outputs in <out>/scenarios/ (raw images and VHDX are sparse):
  scenario-<name>.raw            151 MiB GPT disk: p1 ESP 33 MiB FAT32 (EFI/Microsoft/Boot/BCD: the real BCD, its
                                 device GUIDs rewritten for this disk as bcdboot writes them), p2 MSR 16 MiB,
                                 p3 basic data 100 MiB NTFS "Windows" (the Windows volume)
  scenario-<name>.vhdx           the same, `qemu-img convert -O vhdx` (checked with `qemu-img compare`)
  scenario-<name>.expect.json    what the disk holds (real vs synthetic), the timeline, and the expected result
  scenario-<name>.manifest.tsv   partition_index windows_path size sha256 (one row per NAME: hard links twice)
  index.tsv                      name  vhdx  expect_json  raw  (paths relative to index.tsv's folder)
Cause ids: mismatched_system_files failed_update incomplete_restore third_party_program; likelihoods, lowest
first: not_indicated low medium high.
"""
from __future__ import annotations

import argparse
import fcntl
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, TOOLS, BuildError, log, run, sha256_file, sha256_of, unmount_all  # noqa: E402
import disk  # noqa: E402
from dumps import DUMP_BYTES, build_dump_tool, cargo, check_dump  # noqa: E402
from expect import write_expect  # noqa: E402
from layout import BuildContext, pagefile_zeros_requested, pe_specs, plan_volume  # noqa: E402
from pe_standins import PeCache  # noqa: E402
from registry import check_software, replay_system  # noqa: E402
from scenarios import NAMES, scenario  # noqa: E402
from model import Scenario  # noqa: E402

SCENARIOS_VERSION = 3

# Inputs (SHA-256 from shared/fixtures/PROVENANCE.md)
SRC_SHA = {
    "registry/regipy__BCD": "68ea6fe47b681ad878fd7785fb0d7d5b89a480920c02d62ea2d49f929444c06e",
    "registry/regipy__SAM": "ade60f7db90dee216d93c9cc61c1bb020becba381619473c9488877b0950bc48",
    "registry/regipy__NTUSER.DAT": "6a38fcea924113963e4931725cc4c2f4f10e1240234cb1867d101a1cd92cd439",
    "registry/regipy__SYSTEM_B/SYSTEM_B": "9154e260abdc4ac206ef9d872dd4e1add0150b869bda5b112944af2ff5ec39b4",
    "registry/regipy__SYSTEM_B/SYSTEM_B.LOG1": "9bc4bd3324313b689e0cda9275494d93c714dcb03b434a69927bae8ac7ebc065",
    "registry/regipy__SYSTEM_B/SYSTEM_B.LOG2": "fc1c4b211d19ca3ec1c6c402f602c4f67d287a4fb9664069c3e0172898940652",
    "evtx/evtx-rs__2-vss_7-System.evtx": "ca02fd8ce4f38082a7c5ff2b649df1d5f343cc1e651cb2f599eabf921bc15827",
    "evtx/evtx-rs__system.evtx": "60e5fd8f10a3deecd58bd7bee2e03b1308d190fd13b52908be9d576c7f5d6623",
    "evtx/museum__Win11-RathbunVM__System.evtx": "03c8d5aead007f079d179ddf99a0b90911f264d4b95b1baa15ff5a72d95ff06c",
    "evtx/museum__Win10-BelkasoftCTF__System.evtx": "17ea95f22a73a1ee78ba3e34d9239fec934c4013d7785319acadc6251117ee03",
    "evtx/museum__Win11-RathbunVM__Setup.evtx": "656551c8935853e132e5f4d2de3279726c79dfd579bb931c2b866fd3d1bd3aae",
    "evtx/museum__Win2012R2-StolenSzechuan__Application.evtx":
        "61f052e4b72b099e714a62afc59c00392e1db6e87ae23924d0ec0b5eee00c396",
}
TOOLS_NEEDED = ("mkntfs", "ntfs-3g", "ntfsinfo", "ntfsls", "ntfscat", "fusermount", "sfdisk", "sgdisk", "mkfs.vfat",
                "fsck.vfat", "mmd", "mcopy", "qemu-img", "flock", "hivexsh", "hivexml", "hivexget", "faketime",
                "x86_64-w64-mingw32-gcc", "x86_64-w64-mingw32-windres", "cargo")
APT = ("apt-get install -y ntfs-3g fdisk gdisk dosfstools mtools qemu-utils attr libhivex-bin "
       "gcc-mingw-w64-x86-64-win32 binutils-mingw-w64-x86-64 libfaketime faketime")


def check_inputs() -> Path:
    """The repository's own real fixtures (fixtures/real, unpacked by scripts/unpack-fixtures.sh)."""
    p = subprocess.run(["bash", str(REPO / "scripts/unpack-fixtures.sh")], capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
        raise BuildError("could not unpack the repository's fixtures (fixtures/real)")
    fixtures = Path(p.stdout.strip().splitlines()[-1])
    missing = [f for f in SRC_SHA if not (fixtures / f).is_file()]
    if missing:
        raise BuildError(f"missing fixture files under {fixtures}: {missing}")
    from common import sha256_file
    bad = [f for f, want in SRC_SHA.items() if sha256_file(fixtures / f) != want]
    if bad:
        raise BuildError(f"fixtures under {fixtures} do not match their SHA-256 in PROVENANCE.md: {bad}")
    return fixtures


def check_tools() -> tuple[bool, bool]:
    missing = [t for t in TOOLS_NEEDED if shutil.which(t) is None]
    if missing:
        raise BuildError(f"missing tools: {' '.join(missing)}\n  install them with: {APT}")
    from common import libfaketime
    libfaketime()
    if not os.path.exists("/dev/fuse"):
        raise BuildError("/dev/fuse is missing: ntfs-3g needs FUSE to build the NTFS volumes")
    if os.geteuid() != 0:
        log("warning: not running as root; ntfs-3g FUSE mounts of image files may be refused")
    have_pefile = importlib.util.find_spec("pefile") is not None
    have_kdmp = importlib.util.find_spec("kdmp_parser") is not None
    if not have_pefile:
        log("note: Python pefile not installed; PE version resources are checked with windres -i only")
    if not have_kdmp:
        log("note: Python kdmp-parser not installed; dumps are checked by their header only")
    return have_pefile, have_kdmp


# ---------------------------------------------------------------------------------------------------------------
# Stamps

def tools_sha() -> str:
    sources = [REPO / "scripts/build-scenarios.sh", *sorted(TOOLS.glob("*.py")), TOOLS / "synth-dump/src/main.rs",
               TOOLS / "synth-dump/Cargo.toml", REPO / "crates/dump-synth/src/lib.rs"]
    return sha256_of(sources)[:16]


def outputs(sc_out: Path, name: str) -> list[Path]:
    return [sc_out / f"scenario-{name}.{ext}" for ext in ("raw", "vhdx", "expect.json", "manifest.tsv")]


def stamp_file(out: Path, name: str) -> Path:
    return out / ".stamps" / f"scenario-{name}.stamp"


def is_fresh(out: Path, sc_out: Path, name: str, sha: str) -> bool:
    st = stamp_file(out, name)
    if not st.is_file():
        return False
    lines = st.read_text().splitlines()
    return (f"version={SCENARIOS_VERSION}" in lines and f"tools={sha}" in lines
            and all(p.exists() for p in outputs(sc_out, name)))


def write_stamp(out: Path, name: str, sha: str) -> None:
    st = stamp_file(out, name)
    st.parent.mkdir(parents=True, exist_ok=True)
    tmp = st.with_suffix(".tmp")
    tmp.write_text(f"version={SCENARIOS_VERSION}\nset=scenario-{name}\n"
                   f"id={time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{os.getpid()}\ntools={sha}\n")
    tmp.replace(st)


def write_index(sc_out: Path) -> None:
    rows = ["name\tvhdx\texpect_json\traw"]
    rows += [f"{n}\tscenario-{n}.vhdx\tscenario-{n}.expect.json\tscenario-{n}.raw" for n in NAMES
             if (sc_out / f"scenario-{n}.vhdx").exists()]
    tmp = sc_out / "index.tsv.tmp"
    tmp.write_text("\n".join(rows) + "\n")
    tmp.replace(sc_out / "index.tsv")


# ---------------------------------------------------------------------------------------------------------------
# One scenario

class Builder:
    def __init__(self, out: Path, fixtures: Path, have_pefile: bool, have_kdmp: bool) -> None:
        self.out, self.fixtures = out, fixtures
        self.sc_out = out / "scenarios"
        self.have_pefile, self.have_kdmp = have_pefile, have_kdmp
        # made before <out>/.lock is taken, so not under <out> (a killed run leaves it in the system temp folder)
        self.common = Path(tempfile.mkdtemp(prefix="vmrescue-scenario-work."))
        self.pes = PeCache(self.common / "pe")
        self.dump_tool: Path | None = None
        self.replayed: Path | None = None

    def close(self) -> None:
        shutil.rmtree(self.common, ignore_errors=True)

    def prepare_cargo(self, todo: list[Scenario]) -> None:
        """The cargo-built helpers, BEFORE <out>/.lock is taken: a test that holds the machine's cargo lock may be
        waiting for <out>/.lock (VMRESCUE_CARGO_LOCK), so the builder never waits for cargo while holding it."""
        if any(s.dump for s in todo):
            log(f"  building the dump helper (scripts/scenarios/synth-dump, crates/dump-synth) into "
                f"{self.out}/.cargo-scenario-dump")
            self.dump_tool = build_dump_tool(self.out)
        if any(s.system_keys is not None for s in todo):
            log("  replaying SYSTEM_B's logs with the project's reader (cargo run --release -p vmrescue-registry "
                "--example recover)")
            self.replayed = self.common / "SYSTEM.replayed"
            replay_system(REPO, self.fixtures, self.replayed, self.common / "recover.log", cargo)

    def _prepare(self, s: Scenario) -> None:
        n = self.pes.build_all(pe_specs(s), self.have_pefile)
        if n:
            log(f"  {n} PE stand-ins built with MinGW-w64 and read back with windres -i"
                + (" and pefile" if self.have_pefile else ""))

    def build(self, name: str, index: int) -> None:
        s = scenario(name)
        self._prepare(s)
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-scenario-{name}.", dir=self.out))
        try:
            ctx = BuildContext(repo=REPO, fixtures=self.fixtures, blobs=tmp / "blobs", pes=self.pes,
                               dump_tool=self.dump_tool, replayed_system=self.replayed, use_kdmp=self.have_kdmp,
                               pagefile_zeros=pagefile_zeros_requested())
            plan = plan_volume(s, ctx)
            raw, esp, ntfs = tmp / f"{name}.raw", tmp / "p1.fat", tmp / "p3.ntfs"
            disk.build_gpt(raw, index)
            bcd = tmp / "BCD"
            disk.retarget_bcd(self.fixtures / "registry/regipy__BCD", bcd, index)
            disk.build_esp(esp, index, s.timeline.install, bcd, tmp)
            disk.build_ntfs(ntfs, s.timeline.install, plan, tmp)
            rows = disk.verify_ntfs(name, ntfs, plan, tmp)
            rows.append(disk.ManifestRow(1, "EFI/Microsoft/Boot/BCD", bcd.stat().st_size, sha256_file(bcd)))
            disk.write_manifest(tmp / f"scenario-{name}.manifest.tsv", rows)
            log(f"  {name}: {len(rows) - 1} names on the Windows volume verified (read-only ntfs-3g mount, ntfscat, "
                "ntfsls, NTFS times and link counts with ntfsinfo)")
            disk.assemble(raw, esp, ntfs)
            esp.unlink()
            ntfs.unlink()
            self.check_volume(s, raw, tmp)
            disk.to_vhdx(raw, tmp / f"scenario-{name}.vhdx")
            write_expect(s, tmp / f"scenario-{name}.expect.json")
            self.sc_out.mkdir(parents=True, exist_ok=True)
            for ext in ("manifest.tsv", "expect.json", "vhdx"):
                (tmp / f"scenario-{name}.{ext}").replace(self.sc_out / f"scenario-{name}.{ext}")
            raw.replace(self.sc_out / f"scenario-{name}.raw")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def check_volume(self, s: Scenario, raw: Path, tmp: Path) -> None:
        """The Windows volume again, from the finished disk: the hives with hivex, the dump where it should be."""
        vol = tmp / "p3.check"
        disk.extract_windows_volume(raw, vol)

        def cat(path: str, out: Path) -> bool:
            with open(out, "wb") as f:
                return subprocess.run(["ntfscat", str(vol), path], stdout=f, stderr=subprocess.DEVNULL).returncode == 0

        hive = tmp / "hive.check"
        cat("/Windows/System32/config/SYSTEM", hive)
        run(["hivexml", hive])
        cat("/Windows/System32/config/SOFTWARE", hive)
        readable = subprocess.run(["hivexml", str(hive)], capture_output=True).returncode == 0
        if s.software == "hive":
            check_software(hive)
        elif s.software == "empty" and (hive.stat().st_size != 0 or readable):
            raise BuildError(f"{s.name}: SOFTWARE should be zero-length")
        elif s.software == "torn" and readable:
            raise BuildError(f"{s.name}: hivexml still reads the torn SOFTWARE")
        dump = tmp / "dump.check"
        has_memory_dmp = cat("/Windows/MEMORY.DMP", dump)
        if s.dump:
            if not cat("/" + s.dump.volume_path, dump):
                raise BuildError(f"{s.name}: ntfscat cannot read {s.dump.volume_path}")
            with open(dump, "r+b") as f:
                f.truncate(DUMP_BYTES)   # the dump's own length (RequiredDumpSpace) at the start of the file
            check_dump(dump, s.dump, s.timeline.crash or "", self.have_kdmp)
            if s.dump.location == "pagefile_dump" and has_memory_dmp:
                raise BuildError(f"{s.name}: there must be no MEMORY.DMP")
        elif has_memory_dmp:
            raise BuildError(f"{s.name}: a disk without a dump must have no MEMORY.DMP")
        for p in (vol, hive, dump):
            p.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------------------------

def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="build-scenarios.sh", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter, usage=argparse.SUPPRESS)
    ap.add_argument("-f", "--force", action="store_true", help="rebuild even when the stamps are fresh")
    ap.add_argument("--list", action="store_true", help="list the scenario names")
    ap.add_argument("names", nargs="*", metavar="NAME", help=" ".join(NAMES))
    a = ap.parse_args(argv)
    if a.list:
        print("\n".join(NAMES))
        return 0
    unknown = [n for n in a.names if n not in NAMES]
    if unknown:
        raise BuildError(f"unknown scenario {unknown} (try --list)")
    os.environ.update(LC_ALL="C.UTF-8", MTOOLS_SKIP_CHECK="1", TZ="UTC")   # ntfs-3g and mtools names: the locale
    out = Path(os.environ.get("VMRESCUE_FIXTURES_OUT") or REPO / "fixtures/out")
    out.mkdir(parents=True, exist_ok=True)
    out = out.resolve()
    sc_out = out / "scenarios"
    started = time.monotonic()
    fixtures = check_inputs()
    sha = tools_sha()
    wanted = a.names or list(NAMES)

    def stale() -> list[str]:
        return [n for n in NAMES if n in wanted and (a.force or not is_fresh(out, sc_out, n, sha))]

    builder: Builder | None = None
    try:
        if stale():
            builder = Builder(out, fixtures, *check_tools())
            builder.prepare_cargo([scenario(n) for n in stale()])
        lock = open(out / ".lock", "w")
        fcntl.flock(lock, fcntl.LOCK_EX)
        for old in out.glob(".tmp-scenario-*"):   # a previous run that was killed
            for m in old.glob("*mnt"):
                if os.path.ismount(m):
                    subprocess.run(["fusermount", "-u", "-z", str(m)], capture_output=True)
            shutil.rmtree(old, ignore_errors=True)
        todo = stale()    # again, under the lock: another build may have finished meanwhile
        for index, name in enumerate(NAMES, start=1):
            if name not in wanted:
                continue
            if name not in todo:
                log(f"{name}: up to date")
                continue
            if builder is None:    # only when another run's outputs vanished while we waited for the lock
                builder = Builder(out, fixtures, *check_tools())
                builder.prepare_cargo([scenario(n) for n in todo])
            t0 = time.monotonic()
            log(f"{name}: building in {sc_out}")
            stamp_file(out, name).unlink(missing_ok=True)
            builder.build(name, index)
            write_stamp(out, name, sha)
            raw = sc_out / f"scenario-{name}.raw"
            vhdx = sc_out / f"scenario-{name}.vhdx"
            log(f"{name}: done in {time.monotonic() - t0:.0f} s ({raw.stat().st_size // 2**20} MiB raw, "
                f"{vhdx.stat().st_blocks * 512 // 2**20} MiB vhdx on disk)")
    finally:
        if builder is not None:
            builder.close()
    sc_out.mkdir(parents=True, exist_ok=True)
    write_index(sc_out)
    log(f"scenarios ready in {sc_out} ({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BuildError as e:
        unmount_all()
        log(f"ERROR: {e}")
        sys.exit(1)
    except BaseException:
        unmount_all()
        raise
