"""scenario-<name>.expect.json: what the disk holds (real vs synthetic), its timeline, and what `vmrescue
diagnose` should conclude (schema 1; keys stop_code, stop_name, stop, top_cause, causes, bounds, assert, windows,
dump, timeline, evidence_for, evidence_against, real, synthetic, notes, plus the optional decisive and steps).
"""
from __future__ import annotations

import json
from pathlib import Path

from common import iso
from component_store import CRITICAL, KNOWN_DLLS_ABSENT, LOAD_SET
from layout import APP_LOG, SETUP_LOG
from model import Scenario

STOP_NAMES = {"stop_name": "WINLOGON_FATAL_ERROR", "stop_name_aliases": ["STATUS_SYSTEM_PROCESS_TERMINATED"]}


def _real(s: Scenario) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    if s.system_keys is None:
        rows += [
            {"path": "Windows/System32/config/SYSTEM", "source": "registry/regipy__SYSTEM_B/SYSTEM_B",
             "note": "dirty: replay SYSTEM.LOG1/.LOG2"},
            {"path": "Windows/System32/config/SYSTEM.LOG1", "source": "registry/regipy__SYSTEM_B/SYSTEM_B.LOG1"},
            {"path": "Windows/System32/config/SYSTEM.LOG2", "source": "registry/regipy__SYSTEM_B/SYSTEM_B.LOG2"}]
    else:
        added = sorted({k.path.split("\\")[2] for k in s.system_keys if k.path.startswith("ControlSet001\\Services\\")})
        rows.append({"path": "Windows/System32/config/SYSTEM",
                     "source": "registry/regipy__SYSTEM_B/SYSTEM_B + .LOG1 + .LOG2, replayed by the project's recover "
                               f"example, then ControlSet001\\Services\\{{{','.join(added)}}} added with hivexsh "
                               "(synthetic keys); clean, no .LOG1/.LOG2 on the disk"})
    rows += [{"path": "EFI/Microsoft/Boot/BCD", "partition": 1, "source": "registry/regipy__BCD"},
             {"path": "Windows/System32/config/SAM", "source": "registry/regipy__SAM"},
             {"path": "Windows/System32/winevt/Logs/System.evtx", "source": s.system_log},
             {"path": "Windows/System32/winevt/Logs/Setup.evtx", "source": SETUP_LOG},
             {"path": "Windows/System32/winevt/Logs/Application.evtx", "source": APP_LOG}]
    return rows


def _synthetic_base(s: Scenario) -> list[dict[str, str]]:
    rows = []
    if s.software == "hive":
        rows.append({"path": "Windows/System32/config/SOFTWARE", "how": "hivexsh inside an emptied copy of the real "
                     "registry/regipy__NTUSER.DAT; base block renamed SOFTWARE, minor version 5; key times set to the "
                     "timeline (scripts/scenarios/scenario_tool.py set_hive_times)"})
    rows += [
        {"path": "Windows/System32/config/RegBack/*",
         "how": "zero-byte DEFAULT, SAM, SECURITY, SOFTWARE, SYSTEM (normal on Windows 10 1803 and later)"},
        {"path": "Windows/WinSxS/amd64_<component>_31bf3856ad364e35_<version>_none_<pseudokey>/<file> = "
                 "Windows/System32/<file> (and Windows/explorer.exe)",
         "how": f"{len(LOAD_SET)} PE stand-ins built with MinGW-w64 (one-line C file plus a VERSIONINFO resource: "
                "CompanyName Microsoft Corporation, a realistic MIX of 10.0.19041.x revisions under UBR 3693; no "
                "Windows code), each ONE MFT record with two names: written in its WinSxS component folder, then "
                "hard-linked (ntfs-3g link) into System32. Covers the 18 critical binaries, SubSystems\\Windows' "
                "ServerDlls and every KnownDLLs value of the real SYSTEM except wowarmhw.dll (not shipped on x64: "
                "absent). Component names: the real ones for the csrss/winlogon family and ntdll, plausible ones "
                "for the rest (not always the file stem). Names are in the POSIX namespace (ntfs-3g), not Win32"},
        {"path": "Windows/WinSxS/amd64_<component>_..._<older version>_none_*/{f,r}/<file>",
         "how": "superseded versions of ntdll, winlogon, ntoskrnl, kernelbase and user32 kept as delta files only "
                "(forward 'DCM\\x01', reverse 'PA30' headers followed by a few pseudo-random bytes; single link, not PE)"},
        {"path": "Windows/Logs/CBS/CBS.log", "how": "written by the build script in CBS.log's line format, in local "
                 "time (SYSTEM's TimeZoneInformation: Eastern Standard Time)"},
        {"path": "pagefile.sys", "how": "8 MiB of SHAKE-256 pseudo-random bytes" +
         (" after the dump" if s.dump and s.dump.location == "pagefile_dump" else "")},
    ]
    return rows


def _windows(s: Scenario) -> dict[str, object]:
    return {"partition": 3, "path": "\\Windows", "product_name": "Windows 10 Enterprise", "edition_id": "Enterprise",
            "installation_type": "Client", "current_build": "19045", "ubr": 3693, "display_version": "22H2",
            "file_version": "10.0.19041.3693", "file_versions": "mixed revisions of 10.0.19041 (see load_set)",
            "install_date": iso(s.timeline.install), "computer_name": "DESKTOP-PM6C56D", "crash_dump_enabled": 7,
            "paging_files": "?:\\pagefile.sys"}


def _load_set() -> dict[str, object]:
    return {"files": {b.windows_path.replace("/", "\\"): b.version for b in LOAD_SET},
            "components": {b.file: b.winsxs_path().split("/")[2] for b in LOAD_SET},
            "critical": list(CRITICAL), "known_dlls_absent": list(KNOWN_DLLS_ABSENT)}


def _stop(s: Scenario) -> dict[str, object]:
    d, t = s.dump, s.timeline
    assert d is not None and t.crash is not None
    return {"origin": d.location, "artifact": d.artifact, "dump_type": "full", "dump_bytes": 4202496,
            "parameters": ["0xFFFFF80012345678", "0xFFFFFFFF" + d.status[2:], "0x0", "0x0"],
            "arg1_string": d.process_text, "process": d.process, "status": d.status, "status_name": d.status_name,
            "crash_time": iso(t.crash), "system_uptime_secs": d.uptime_secs, "os_build_in_dump": 19041,
            "written_by": "crates/dump-synth c000021a_x64 via scripts/scenarios/synth-dump (synthetic)"}


def expect_json(s: Scenario) -> dict[str, object]:
    e = s.expect
    doc: dict[str, object] = {"schema": 1, "scenario": s.name, "story": e.story}
    if s.dump:
        doc.update(stop_code="0xC000021A", **STOP_NAMES, stop=_stop(s))
    else:
        doc.update(stop_code=None, stop_name=None, stop=None)
    doc.update(top_cause=e.top_cause, causes=e.causes, bounds={c: list(b) for c, b in e.bounds.items()},
               **{"assert": e.assertion})
    if e.decisive is not None:
        doc["decisive"] = e.decisive
    if e.steps is not None:
        doc["steps"] = e.steps
    doc["windows"] = _windows(s)
    doc["load_set"] = _load_set()
    dump: dict[str, object] = {"memory_dmp": bool(s.dump and s.dump.location == "memory_dump"),
                               "pagefile_dump": bool(s.dump and s.dump.location == "pagefile_dump")}
    if dump["pagefile_dump"]:
        dump.update(pagefile_bytes=8388608, dump_offset=0)
    doc["dump"] = dump
    doc.update(e.extra)
    doc["timeline"] = [{"time": iso(t) if "T" not in t else t, "what": w} for t, w in e.timeline]
    if e.evidence_for is not None:
        doc["evidence_for"] = e.evidence_for
    if e.evidence_against is not None:
        doc["evidence_against"] = e.evidence_against
    doc["real"] = _real(s)
    doc["synthetic"] = _synthetic_base(s) + e.synthetic + [
        {"path": "(NTFS times)", "how": "ntfs-3g under libfaketime: every time follows the timeline above"}]
    doc["notes"] = e.notes
    return doc


def write_expect(s: Scenario, out: Path) -> None:
    text = json.dumps(expect_json(s), indent=2, ensure_ascii=False) + "\n"
    json.loads(text)
    out.write_text(text, encoding="utf-8")
