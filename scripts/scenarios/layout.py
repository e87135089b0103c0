"""The Windows volume of one scenario as a Plan: the common base shaped like a real Windows 10 22H2 install, then
what the scenario changes.

The base (every disk):
  REAL (fixtures/real, SHA-256 checked): SYSTEM (+ .LOG1/.LOG2) = regipy SYSTEM_B unless the scenario edits it,
    SAM = regipy SAM, System.evtx (per scenario), Setup.evtx = museum Win11-RathbunVM, Application.evtx = museum
    Win2012R2-StolenSzechuan. (The BCD on the ESP is written by disk.py.)
  SYNTHETIC: SOFTWARE (registry.py), RegBack\\* zero-byte (normal since 1803), the load set as PE stand-ins
    projected from WinSxS (component_store.py: one record, two names; superseded versions as f\\ r\\ deltas),
    CBS.log (texts.py), pagefile.sys (SHAKE-256 filler, or zeros for scripts/build-example.sh, optionally after
    a dump). Every NTFS time follows the scenario's timeline.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from common import MIB, BuildError, prng
from component_store import LOAD_SET, Revisions, binary, superseded_deltas
from disk import Plan
from dumps import make_dump
from model import CopyOver, Fixture, Generated, Pe, Scenario, Source, Zeros
from pe_standins import PeCache, PeSpec
from registry import CBS, KeyTime, build_software, build_system, damage_torn_write, software_pending_update_keys
from texts import STAGED_VERSION, pending_xml

SETUP_LOG = "evtx/museum__Win11-RathbunVM__Setup.evtx"
APP_LOG = "evtx/museum__Win2012R2-StolenSzechuan__Application.evtx"
WIN_DIRS = ("Windows", "Windows/System32", "Windows/System32/config", "Windows/System32/config/RegBack",
            "Windows/System32/winevt", "Windows/System32/winevt/Logs", "Windows/System32/drivers", "Windows/Logs",
            "Windows/Logs/CBS", "Windows/WinSxS", "Windows/WinSxS/Temp", "Windows/INF", "Program Files",
            "Program Files (x86)", "ProgramData", "Users")
PAGEFILE_BYTES = 8 * MIB
CONFIG = "Windows/System32/config"
LOGS = "Windows/System32/winevt/Logs"


@dataclass
class BuildContext:
    repo: Path
    fixtures: Path
    blobs: Path                 # this scenario's generated files
    pes: PeCache
    dump_tool: Path | None
    replayed_system: Path | None
    use_kdmp: bool
    pagefile_zeros: bool        # SCENARIO_PAGEFILE=zeros (scripts/build-example.sh: the example stays small)

    def blob(self, name: str, data: bytes | None = None) -> Path:
        p = self.blobs / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if data is not None:
            p.write_bytes(data)
        return p

    def resolve(self, source: Source) -> Path:
        if isinstance(source, Pe):
            return self.pes.path(source.spec)
        if isinstance(source, Fixture):
            return self.fixtures / source.relpath
        if isinstance(source, Zeros):
            p = self.blob(f"zeros-{source.size}")
            if not p.exists():
                with open(p, "wb") as f:
                    f.truncate(source.size)
            return p
        if isinstance(source, Generated):
            return self.blob(source.name, source.make())
        raise BuildError(f"internal: source {source!r}")


def pe_specs(s: Scenario) -> list[PeSpec]:
    """Every stand-in the scenario needs (the base load set and the scenario's own)."""
    specs = [b.spec() for b in LOAD_SET]
    if s.staged_update:
        specs += [binary(f).spec(int(STAGED_VERSION.rsplit(".", 1)[1])) for f in s.staged_update.files]
    specs += [op.source.spec for op in s.files if isinstance(op.source, Pe)]
    return specs


def _software(s: Scenario, ctx: BuildContext) -> Path:
    t = s.timeline
    if s.software == "empty":
        return ctx.resolve(Zeros(0))
    keys, times = list(s.software_keys), list(s.software_times)
    if s.staged_update:
        staged = s.staged_update.pending_xml_written
        keys = software_pending_update_keys(staged) + keys
        times.append(KeyTime(CBS + r"\Packages", staged))
    out = ctx.blob("SOFTWARE")
    build_software(ctx.fixtures, out, t.install, t.cumulative_update, keys, times)
    if s.software == "torn":
        damage_torn_write(out)
    return out


def plan_volume(s: Scenario, ctx: BuildContext) -> Plan:
    t = s.timeline
    plan = Plan()
    restored = set(s.restore.paths) if s.restore else set()

    def when(path: str, default: str) -> str:
        return s.restore.time if s.restore and path in restored else default

    plan.mkdir(t.install, *WIN_DIRS)
    for hive in ("DEFAULT", "SAM", "SECURITY", "SOFTWARE", "SYSTEM"):
        plan.put(t.install, f"{CONFIG}/RegBack/{hive}", ctx.resolve(Zeros(0)))

    # the load set: the WinSxS payload first, then its System32 (or Windows\) name as a hard link
    revisions = Revisions(t.install, t.cumulative_update)
    for b in LOAD_SET:
        at = revisions.time_of(b.revision)
        plan.put(at, b.winsxs_path(), ctx.resolve(Pe(b.spec())))
        plan.link(at, b.winsxs_path(), b.windows_path)
        for d in superseded_deltas(b):
            plan.put(revisions.time_of(b.superseded or 0), d.path, ctx.blob("deltas/" + d.path, d.content))

    # hives and logs
    plan.put(when(f"{CONFIG}/SAM", t.hives), f"{CONFIG}/SAM", ctx.resolve(Fixture("registry/regipy__SAM")))
    plan.put(when(f"{CONFIG}/SOFTWARE", t.hives), f"{CONFIG}/SOFTWARE", _software(s, ctx))
    if s.system_keys is None:
        for suffix in ("", ".LOG1", ".LOG2"):
            path = f"{CONFIG}/SYSTEM{suffix}"
            plan.put(when(path, t.hives), path, ctx.resolve(Fixture(f"registry/regipy__SYSTEM_B/SYSTEM_B{suffix}")))
    else:
        if ctx.replayed_system is None:
            raise BuildError("internal: SYSTEM edits need the replayed SYSTEM_B")
        system = ctx.blob("SYSTEM")
        build_system(ctx.replayed_system, system, s.system_keys, s.system_times)
        plan.put(when(f"{CONFIG}/SYSTEM", t.hives), f"{CONFIG}/SYSTEM", system)
    for name, rel in (("System.evtx", s.system_log), ("Setup.evtx", SETUP_LOG), ("Application.evtx", APP_LOG)):
        plan.put(when(f"{LOGS}/{name}", t.logs), f"{LOGS}/{name}", ctx.resolve(Fixture(rel)))
    plan.put(s.cbs_log.end, "Windows/Logs/CBS/CBS.log", ctx.blob("CBS.log", s.cbs_log.text()))

    # a staged update: its own new component folders (single link: nothing projects them yet) and pending.xml
    if s.staged_update:
        u = s.staged_update
        plan.mkdir(u.folders_written, "Windows/WinSxS/Temp/PendingRenames")
        staged = [binary(f) for f in u.files]
        rev = int(STAGED_VERSION.rsplit(".", 1)[1])
        for b in staged:
            plan.put(u.folders_written, b.winsxs_path(rev), ctx.resolve(Pe(b.spec(rev))))
        plan.put(u.pending_xml_written, "Windows/WinSxS/pending.xml", ctx.blob("pending.xml", pending_xml(staged)))

    for at, d in s.mkdirs:
        plan.mkdir(at, d)
    for op in s.files:
        if isinstance(op, CopyOver):
            plan.unlink(op.time, op.path)
        plan.put(op.time, op.path, ctx.resolve(op.source), op.times)

    # a file-level restore: the restored binaries come back as separate files (links broken)
    if s.restore:
        r = s.restore
        for f in r.binaries:
            b = binary(f)
            src = Zeros(r.zeroed[f]) if f in r.zeroed else Pe(b.spec())
            plan.unlink(r.time, b.windows_path)
            plan.put(r.time, b.windows_path, ctx.resolve(src))

    # the dump and the page file
    dump_file = None
    if s.dump:
        if ctx.dump_tool is None or t.crash is None:
            raise BuildError("internal: a dump needs the dump tool and a crash time")
        dump_file = ctx.blob("crash.dmp")
        make_dump(ctx.dump_tool, dump_file, s.dump, t.crash, ctx.use_kdmp)
        if s.dump.location == "memory_dump":
            plan.put(t.dump_written or t.crash, "Windows/MEMORY.DMP", dump_file)
    page = bytearray()
    if dump_file is not None and s.dump and s.dump.location == "pagefile_dump":
        page += dump_file.read_bytes()
    rest = PAGEFILE_BYTES - len(page)
    page += bytes(rest) if ctx.pagefile_zeros else prng(f"pagefile-{s.name}", rest)
    plan.put(t.pagefile, "pagefile.sys", ctx.blob("pagefile.sys", bytes(page)))
    return plan


def pagefile_zeros_requested() -> bool:
    return os.environ.get("SCENARIO_PAGEFILE") == "zeros"
