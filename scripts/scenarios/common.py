"""Shared plumbing of the scenario builder: logging, running the real tools, UTC times, deterministic bytes and
the ntfs-3g mounts (optionally under libfaketime, so that every NTFS time is the scenario's own time).

Nothing here is Windows data; it only drives the tools that write the formats (ntfs-3g, hivexsh, mingw,
qemu-img) and checks they succeeded.
"""
from __future__ import annotations

import datetime as dt
import glob
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Sequence

REPO = Path(__file__).resolve().parents[2]
TOOLS = REPO / "scripts" / "scenarios"
MIB = 1024 * 1024
FILETIME_EPOCH = dt.datetime(1601, 1, 1, tzinfo=dt.timezone.utc)


class BuildError(Exception):
    """A step failed: the message says which and why; the builder stops."""


def log(msg: str) -> None:
    print(f"[build-scenarios] {msg}", file=sys.stderr, flush=True)


def run(cmd: Sequence[str | os.PathLike[str]], *, env: dict[str, str] | None = None, cwd: Path | None = None,
        stdin: bytes | None = None, with_stderr: bool = False) -> bytes:
    """Run a tool quietly; on failure show its output and stop. Returns stdout (and stderr after it)."""
    args = [str(c) for c in cmd]
    full_env = None if env is None else {**os.environ, **env}
    p = subprocess.run(args, input=stdin, capture_output=True, env=full_env, cwd=cwd)
    if p.returncode != 0:
        sys.stderr.write(p.stdout.decode(errors="replace") + p.stderr.decode(errors="replace"))
        raise BuildError(f"command failed ({p.returncode}): {' '.join(args)}")
    return p.stdout + p.stderr if with_stderr else p.stdout


# ---------------------------------------------------------------------------------------------------------------
# Times: the scenarios write 'YYYY-MM-DD HH:MM:SS' in UTC.

def utc(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.timezone.utc)


def plus(text: str, seconds: int) -> str:
    return (utc(text) + dt.timedelta(seconds=seconds)).strftime("%Y-%m-%d %H:%M:%S")


def filetime(text: str) -> int:
    """100 ns ticks since 1601-01-01 UTC."""
    return (utc(text) - FILETIME_EPOCH) // dt.timedelta(microseconds=1) * 10


def unix(text: str) -> int:
    return int(utc(text).timestamp())


def iso(text: str) -> str:
    return utc(text).strftime("%Y-%m-%dT%H:%M:%SZ")


def ntfsinfo_time(text: str) -> str:
    """The way ntfsinfo prints a time: 'Sat Jan  4 00:00:00 2020 UTC'."""
    t = utc(text)
    return t.strftime("%a %b ") + f"{t.day:2d}" + t.strftime(" %H:%M:%S %Y UTC")


# ---------------------------------------------------------------------------------------------------------------
# Bytes

def prng(seed: str, size: int) -> bytes:
    """Deterministic pseudo-random bytes (SHAKE-256 of the seed): page-file filler and delta payloads."""
    return hashlib.shake_256(seed.encode()).digest(size)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(MIB), b""):
            h.update(chunk)
    return h.hexdigest()


def sha256_of(paths: Sequence[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------------------------
# ntfs-3g mounts

def libfaketime() -> str:
    found = sorted(glob.glob("/usr/lib/*/faketime/libfaketime.so.1"))
    if not found:
        raise BuildError("libfaketime.so.1 not found (apt-get install -y libfaketime)")
    return found[0]


class Clock:
    """The clock libfaketime reads at every call (FAKETIME_NO_CACHE): set it before each file operation."""

    def __init__(self, path: Path, start: str) -> None:
        self.path = path
        self.set(start)

    def set(self, when: str) -> None:
        self.path.write_text(when + "\n")


_LIVE_MOUNTS: list["NtfsMount"] = []


class NtfsMount:
    """ntfs-3g in the foreground on an image file; with a Clock, under libfaketime. Use as a context manager:
    the image is complete only after the unmount, when ntfs-3g exits."""

    def __init__(self, image: Path, mountpoint: Path, *, read_only: bool = False, clock: Clock | None = None):
        self.image, self.dir, self.read_only, self.clock = image, mountpoint, read_only, clock
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Path:
        self.dir.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ)
        if self.clock is not None:
            env.update(LD_PRELOAD=libfaketime(), FAKETIME_TIMESTAMP_FILE=str(self.clock.path),
                       FAKETIME_NO_CACHE="1", FAKETIME_DONT_FAKE_MONOTONIC="1")
        opts = "no_detach" + (",ro" if self.read_only else "")
        logf = open(f"{self.dir}.ntfs-3g.log", "ab")
        self.proc = subprocess.Popen(["ntfs-3g", "-o", opts, str(self.image), str(self.dir)],
                                     stdout=logf, stderr=logf, env=env)
        for _ in range(100):
            if os.path.ismount(self.dir):
                break
            if self.proc.poll() is not None:
                raise BuildError(f"ntfs-3g failed to mount {self.image} (see {self.dir}.ntfs-3g.log)")
            time.sleep(0.1)
        else:
            raise BuildError(f"ntfs-3g did not mount {self.image} on {self.dir} within 10 s")
        _LIVE_MOUNTS.append(self)
        return self.dir

    def __exit__(self, *exc: object) -> None:
        self.unmount(check=exc[0] is None)

    def unmount(self, check: bool = True) -> None:
        if self.proc is None:
            return
        os.sync()
        subprocess.run(["fusermount", "-u", str(self.dir)], capture_output=True)
        rc = self.proc.wait()
        self.proc = None
        if self in _LIVE_MOUNTS:
            _LIVE_MOUNTS.remove(self)
        if check and rc != 0:
            raise BuildError(f"ntfs-3g for {self.dir} exited with {rc} (see {self.dir}.ntfs-3g.log)")


def unmount_all() -> None:
    """On an error: unmount what is still mounted (lazily if busy) and wait for ntfs-3g."""
    for m in list(_LIVE_MOUNTS):
        if subprocess.run(["fusermount", "-u", str(m.dir)], capture_output=True).returncode != 0:
            subprocess.run(["fusermount", "-u", "-z", str(m.dir)], capture_output=True)
        if m.proc is not None:
            m.proc.wait()
        _LIVE_MOUNTS.remove(m)
