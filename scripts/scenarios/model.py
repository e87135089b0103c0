"""The vocabulary of a scenario: what a disk holds (timeline, files to put with their times, registry edits, a
dump) and what `vmrescue diagnose` should conclude from it. scenarios.py writes each disk in these terms;
layout.py turns one into a Plan for the Windows volume.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Union

from dumps import Dump
from pe_standins import PeSpec
from registry import KeyTime, RegKey
from texts import CbsLog

CAUSES = ("mismatched_system_files", "failed_update", "incomplete_restore", "third_party_program")
LIKELIHOODS = ("not_indicated", "low", "medium", "high")


# Where a file's bytes come from ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Pe:
    """A MinGW stand-in (pe_standins.PeSpec)."""
    spec: PeSpec


@dataclass(frozen=True)
class Fixture:
    """A real file from fixtures/real (checked against its SHA-256)."""
    relpath: str


@dataclass(frozen=True)
class Zeros:
    size: int


@dataclass(frozen=True)
class Generated:
    """Bytes made by the builder (CBS.log, pending.xml, an INF...): `name` names the blob."""
    name: str
    make: Callable[[], bytes]


Source = Union[Pe, Fixture, Zeros, Generated]


# What happens on the Windows volume ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Put:
    """Write a NEW file (or write into an existing one) at `time`; `times` = (created, modified, accessed) set
    afterwards, as a copy that kept its source's modification time."""
    time: str
    path: str
    source: Source
    times: tuple[str, str, str] | None = None


@dataclass(frozen=True)
class CopyOver:
    """A file copied over an existing name the way a copy tool does it: the old name is unlinked (a projected
    file loses its System32 link; its WinSxS payload stays, now single-link) and a new record is written."""
    time: str
    path: str
    source: Source
    times: tuple[str, str, str] | None = None


FileOp = Union[Put, CopyOver]


@dataclass
class Timeline:
    """UTC times ('YYYY-MM-DD HH:MM:SS').
    install: Windows installed (SOFTWARE InstallDate, folders, mkntfs, ESP, revision-1 binaries)
    cumulative_update: the 19041.3693 update (its binaries, CBS\\Packages); older revisions land in between
    logs: last write of the event logs (just after System.evtx's last record)
    hives: last write of the hives (the last boot, or the shutdown)
    pagefile: when pagefile.sys was last written
    crash: the bug check (the dump's SystemTime); dump_written: MEMORY.DMP written (the next boot)"""
    install: str
    cumulative_update: str
    logs: str
    hives: str
    pagefile: str
    crash: str | None = None
    dump_written: str | None = None


@dataclass
class StagedUpdate:
    """KB5033372 (19041.3803) staged: new single-link component folders for `files` (System32 still links to the
    installed versions), pending.xml and the CBS pending keys."""
    files: tuple[str, ...]
    folders_written: str
    pending_xml_written: str


@dataclass
class Restore:
    """A file-level restore at `time`: `paths` are written at that time instead of their own; restored
    projected binaries become separate records (the copy has the component's version, the WinSxS payload is
    left single-link); `zeroed` binaries come back as all-zero files of the given size."""
    time: str
    paths: tuple[str, ...]
    binaries: tuple[str, ...]
    zeroed: dict[str, int] = field(default_factory=dict)


@dataclass
class Expectation:
    """What expect.json says beyond the disk's facts. `decisive`: message ids that must be among the SUPPORTING
    evidence of the top cause (an inner list: at least one of them); `steps`: step ids among next_steps."""
    story: str
    top_cause: str | None
    causes: dict[str, str]
    bounds: dict[str, tuple[str, str]]
    assertion: str
    timeline: list[tuple[str, str]]
    evidence_for: dict[str, list[dict[str, object]]] | None = None
    evidence_against: dict[str, str] | list[str] | None = None
    synthetic: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    decisive: list[str | list[str]] | None = None
    steps: list[str] | None = None
    extra: dict[str, object] = field(default_factory=dict)


@dataclass
class Scenario:
    name: str
    system_log: str                        # fixtures/real path of System.evtx
    timeline: Timeline
    cbs_log: CbsLog
    expect: Expectation
    software: str = "hive"                 # hive | empty (zero-length) | torn (a torn write)
    software_keys: list[RegKey] = field(default_factory=list)
    software_times: list[KeyTime] = field(default_factory=list)
    system_keys: list[RegKey] | None = None    # None: the real dirty SYSTEM_B with its logs
    system_times: list[KeyTime] = field(default_factory=list)
    staged_update: StagedUpdate | None = None
    files: list[FileOp] = field(default_factory=list)
    mkdirs: list[tuple[str, str]] = field(default_factory=list)
    restore: Restore | None = None
    dump: Dump | None = None


def bounds(top: str | None, top_range: tuple[str, str] = ("high", "high"), default_max: str = "low",
           **maxima: str) -> dict[str, tuple[str, str]]:
    """The top cause in top_range, the others not_indicated..default_max (or their own maximum)."""
    out = {}
    for c in CAUSES:
        out[c] = top_range if c == top else ("not_indicated", maxima.get(c, default_max))
    return out


def causes(**levels: str) -> dict[str, str]:
    return {c: levels.get(c, "not_indicated") for c in CAUSES}
