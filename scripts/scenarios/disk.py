"""The scenario disk: a GPT disk (512-byte sectors) with p1 ESP 33 MiB FAT32 (EFI/Microsoft/Boot/BCD, the real
regipy BCD), p2 MSR 16 MiB, p3 basic data NTFS "Windows" (the Windows volume), then its VHDX.

The Windows volume is written through ntfs-3g (real NTFS structures: MFT records, $FILE_NAME per hard link,
directory indexes) from a Plan: timed operations (mkdir, put, link, unlink) applied in time order with
libfaketime's clock at each operation's time, so that every NTFS time is the scenario's own. The Plan also models
the MFT records (which names share one record, and each record's creation / modification / MFT-change time) so
that the volume can be checked against it afterwards with independent readers (a read-only ntfs-3g mount,
ntfscat, ntfsinfo, ntfsls).
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import struct
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from common import MIB, BuildError, Clock, NtfsMount, filetime, ntfsinfo_time, run, sha256_file

GUID_ESP = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"
GUID_MSR = "E3C9E316-0B5C-4DB8-817D-F92DF00215AE"
GUID_BDP = "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7"
ESP_MIB, MSR_MIB, DATA_MIB = 33, 16, 100
DISK_MIB = 1 + ESP_MIB + MSR_MIB + DATA_MIB + 1
P1, P2, P3 = MIB, (1 + ESP_MIB) * MIB, (1 + ESP_MIB + MSR_MIB) * MIB


@dataclass(frozen=True)
class Op:
    time: str
    kind: str                   # mkdir | put | link | unlink
    path: str
    source: Path | None = None  # put: the content
    target: str | None = None   # link: an existing name of the record
    times: tuple[str, str, str] | None = None   # put: (created, modified, accessed) set through system.ntfs_times


@dataclass
class Record:
    """One MFT record as the plan expects it."""
    names: list[str]
    source: Path
    created: str
    modified: str
    changed: str


@dataclass
class Plan:
    ops: list[Op] = field(default_factory=list)

    def mkdir(self, when: str, *paths: str) -> None:
        self.ops += [Op(when, "mkdir", p) for p in paths]

    def put(self, when: str, path: str, source: Path, times: tuple[str, str, str] | None = None) -> None:
        if not source.is_file():
            raise BuildError(f"internal: no file {source} for {path}")
        self.ops.append(Op(when, "put", path, source=source, times=times))

    def link(self, when: str, existing: str, new: str) -> None:
        self.ops.append(Op(when, "link", new, target=existing))

    def unlink(self, when: str, path: str) -> None:
        self.ops.append(Op(when, "unlink", path))

    def ordered(self) -> list[Op]:
        return sorted(self.ops, key=lambda o: o.time)   # stable: same-time operations keep their order

    def records(self) -> list[Record]:
        """Replay the plan on a model of the MFT: what each record holds at the end."""
        by_name: dict[str, Record] = {}
        for op in self.ordered():
            if op.kind == "put":
                r = by_name.get(op.path)
                if r is None:     # a new file: a new record
                    r = Record([op.path], op.source, op.time, op.time, op.time)  # type: ignore[arg-type]
                    by_name[op.path] = r
                else:             # written into the existing record (every name of it sees the new content)
                    r.source, r.modified, r.changed = op.source, op.time, op.time  # type: ignore[assignment]
                if op.times:
                    r.created, r.modified = op.times[0], op.times[1]
            elif op.kind == "link":
                r = by_name.get(op.target or "")
                if r is None or op.path in by_name:
                    raise BuildError(f"internal: link {op.target} -> {op.path}")
                r.names.append(op.path)
                r.changed = op.time
                by_name[op.path] = r
            elif op.kind == "unlink":
                r = by_name.pop(op.path, None)
                if r is None:
                    raise BuildError(f"internal: unlink of {op.path}, which does not exist")
                r.names.remove(op.path)
                r.changed = op.time
        seen: dict[int, Record] = {id(r): r for r in by_name.values()}
        return list(seen.values())

    def apply(self, mnt: Path, clock: Clock) -> None:
        for op in self.ordered():
            clock.set(op.time)
            dest = mnt / op.path
            if op.kind == "mkdir":
                dest.mkdir(parents=True, exist_ok=True)
                continue
            if op.kind == "unlink":
                dest.unlink()
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            if op.kind == "link":
                os.link(mnt / (op.target or ""), dest)   # ntfs-3g: a second $FILE_NAME in the same MFT record
                continue
            with open(op.source, "rb") as src, open(dest, "wb") as out:  # type: ignore[arg-type]
                shutil.copyfileobj(src, out, MIB)
            if op.times:
                cr, m, a = (filetime(t) for t in op.times)
                os.setxattr(dest, "system.ntfs_times", struct.pack("<QQQ", cr, m, a))


@dataclass(frozen=True)
class ManifestRow:
    partition: int
    path: str
    size: int
    sha256: str


def write_manifest(path: Path, rows: list[ManifestRow]) -> None:
    rows = sorted(rows, key=lambda r: (r.partition, r.path))
    path.write_text("partition_index\twindows_path\tsize\tsha256\n" +
                    "".join(f"{r.partition}\t{r.path}\t{r.size}\t{r.sha256}\n" for r in rows))


def build_esp(esp: Path, index: int, install: str, bcd: Path, tmp: Path) -> None:
    """FAT32 (--invariant, fixed volume id), the real BCD, FAT times = install time (mtools under faketime)."""
    esp.unlink(missing_ok=True)
    with open(esp, "wb") as f:
        f.truncate(ESP_MIB * MIB)
    run(["mkfs.vfat", "-F", "32", "-S", "512", "-s", "1", "-n", "SYSTEM", "-h", str(P1 // 512), "--invariant",
         "-i", f"5C{index:02X}0E5F", esp])
    env = {"MTOOLS_SKIP_CHECK": "1"}
    run(["faketime", "-f", install, "mmd", "-i", esp, "::EFI", "::EFI/Microsoft", "::EFI/Microsoft/Boot"], env=env)
    run(["faketime", "-f", install, "mcopy", "-i", esp, bcd, "::EFI/Microsoft/Boot/BCD"], env=env)
    run(["fsck.vfat", "-n", esp])
    check = tmp / "bcd.check"
    check.unlink(missing_ok=True)
    run(["mcopy", "-n", "-i", esp, "::EFI/Microsoft/Boot/BCD", check], env=env)
    if check.read_bytes() != bcd.read_bytes():
        raise BuildError("the BCD does not read back from the ESP")
    check.unlink()


def disk_guid(index: int) -> str:
    """The GPT disk GUID of scenario disk INDEX; its partition N has the same GUID ending in N."""
    return f"5649524D-5343-454E-4152-{index:08X}0000"


def partition_guid(index: int, n: int) -> str:
    return f"5649524D-5343-454E-4152-{index:08X}000{n}"


# The real BCD (regipy's, from a Windows 10 UEFI machine) names its own disk: the Windows partition, its ESP and
# its GPT disk GUID in each device element (BCD device data: partition GUID, then disk GUID, little-endian GUIDs).
# bcdboot writes the GUIDs of the disk it runs on; a copy of that BCD on another disk is what bcdboot would have
# written there only after the same GUIDs are rewritten. The firmware entries that point at another disk stay.
BCD_WINDOWS_PARTITION = "8E0F2C38-E4EA-47BA-B7FC-9D8C74DCCF0B"
BCD_ESP_PARTITION = "36BE3955-63BF-4068-A6AB-00195CCA3A22"
BCD_DISK = "0B2394A9-095E-487D-8D48-719ECD4D78CA"


def retarget_bcd(src: Path, dst: Path, index: int) -> None:
    """Copies the real BCD with its device elements pointing at scenario disk INDEX (as bcdboot would write
    them); checked afterwards: every old GUID replaced, nothing else changed."""
    import uuid
    data = bytearray(src.read_bytes())
    pairs = [(BCD_WINDOWS_PARTITION, partition_guid(index, 3)), (BCD_ESP_PARTITION, partition_guid(index, 1)),
             (BCD_DISK, disk_guid(index))]
    spans = 0
    for old, new in pairs:
        a, b = uuid.UUID(old).bytes_le, uuid.UUID(new).bytes_le
        found = 0
        at = data.find(a)
        while at >= 0:
            data[at:at + 16] = b
            found += 1
            at = data.find(a, at + 16)
        if not found:
            raise BuildError(f"{src}: the BCD names no {old}: not the BCD this builder knows")
        spans += found
    before = src.read_bytes()
    changed = sum(1 for x, y in zip(before, data) if x != y)
    if len(data) != len(before) or changed > spans * 16:
        raise BuildError(f"{dst}: the BCD changed beyond its device GUIDs")
    dst.write_bytes(bytes(data))


def build_gpt(disk: Path, index: int) -> None:
    g = disk_guid(index)[:-4]
    disk.unlink(missing_ok=True)
    with open(disk, "wb") as f:
        f.truncate(DISK_MIB * MIB)
    parts = [(1, P1, ESP_MIB, "EF00", "EFI system partition"), (2, P2, MSR_MIB, "0C01", "Microsoft reserved partition"),
             (3, P3, DATA_MIB, "0700", "Basic data partition")]
    args: list[str] = ["sgdisk", "-o", "-U", f"{g}0000"]
    for n, start, size, code, label in parts:
        args += ["-n", f"{n}:{start // 512}:{(start + size * MIB) // 512 - 1}", "-t", f"{n}:{code}",
                 "-u", f"{n}:{g}000{n}", "-c", f"{n}:{label}"]
    run([*args, str(disk)])
    dump = run(["sfdisk", "-d", disk]).decode()
    for (n, start, size, _, _), guid in zip(parts, (GUID_ESP, GUID_MSR, GUID_BDP)):
        pat = rf"start=\s*{start // 512}, size=\s*{size * MIB // 512}, type={guid}, uuid={g}000{n}"
        if not re.search(pat, dump, re.I):
            raise BuildError(f"{disk}: GPT does not read back as expected:\n{dump}")


def build_ntfs(ntfs: Path, install: str, plan: Plan, tmp: Path) -> None:
    """mkntfs at the install time (fixed clock: reproducible serial), then the plan under the faked clock."""
    ntfs.unlink(missing_ok=True)
    with open(ntfs, "wb") as f:
        f.truncate(DATA_MIB * MIB)
    run(["faketime", "-f", install, "mkntfs", "-F", "-Q", "-q", "-c", "4096", "-s", "512", "-L", "Windows",
         "-p", str(P3 // 512), "-H", "255", "-S", "63", ntfs])
    clock = Clock(tmp / "clock", install)
    with NtfsMount(ntfs, tmp / "mnt", clock=clock) as mnt:
        plan.apply(mnt, clock)


_TIME_LINE = re.compile(r"^\s*(File Creation Time|File Altered Time|MFT Changed Time):\s*(.*)$")


def _ntfsinfo(vol: Path, path: str) -> tuple[list[str], int]:
    text = run(["ntfsinfo", "-F", "/" + path, vol]).decode("utf-8", errors="replace")
    times = [m.group(2).strip() for m in map(_TIME_LINE.match, text.splitlines()) if m][:3]
    links = re.search(r"Number of Hard Links:\s*(\d+)", text)
    return times, int(links.group(1)) if links else -1


def verify_ntfs(name: str, vol: Path, plan: Plan, tmp: Path) -> list[ManifestRow]:
    """Listing, content and hard links through a read-only ntfs-3g mount; every file again with ntfscat; every
    record's NTFS times and link count with ntfsinfo; an ntfsls listing. Returns the volume's manifest rows."""
    records = plan.records()
    rows = [ManifestRow(3, n, r.source.stat().st_size, sha256_file(r.source)) for r in records for n in r.names]
    want = {r.path: r for r in rows}
    with NtfsMount(vol, tmp / "verify-mnt", read_only=True) as mnt:
        got = {str(p.relative_to(mnt)): p for p in mnt.rglob("*") if p.is_file()}
        if set(got) != set(want):
            raise BuildError(f"{name}: file listing differs from the plan: extra {sorted(set(got) - set(want))[:5]}, "
                             f"missing {sorted(set(want) - set(got))[:5]}")
        for path, p in got.items():
            if p.stat().st_size != want[path].size or sha256_file(p) != want[path].sha256:
                raise BuildError(f"{name}: {path} read back through ntfs-3g differs from the plan")
        for r in records:
            inodes = {os.stat(mnt / n).st_ino for n in r.names}
            nlink = os.stat(mnt / r.names[0]).st_nlink
            if len(inodes) != 1 or nlink != len(r.names):
                raise BuildError(f"{name}: {r.names} should be one record with {len(r.names)} links "
                                 f"(inodes {inodes}, nlink {nlink})")

    def check(r: Record) -> None:
        for n in r.names:
            content = run(["ntfscat", vol, "/" + n])
            if hashlib.sha256(content).hexdigest() != want[n].sha256:
                raise BuildError(f"{name}: ntfscat /{n} differs from the plan")
        times, links = _ntfsinfo(vol, r.names[0])
        expect = [ntfsinfo_time(r.created), ntfsinfo_time(r.modified), ntfsinfo_time(r.changed)]
        if times != expect or links != len(r.names):
            raise BuildError(f"{name}: /{r.names[0]} has NTFS times {times} and {links} links; the plan says "
                             f"{expect} and {len(r.names)}")

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(check, records))
    listing = run(["ntfsls", "-f", "-l", "-R", "-p", "/Windows", vol]).decode("utf-8", errors="replace")
    (tmp / f"{name}.ntfsls.txt").write_text(listing)
    if "csrss.exe" not in listing:
        raise BuildError(f"{name}: ntfsls does not list csrss.exe")
    return rows


def assemble(disk: Path, esp: Path, ntfs: Path) -> None:
    with open(disk, "r+b") as d:
        for part, offset in ((esp, P1), (ntfs, P3)):
            d.seek(offset)
            with open(part, "rb") as f:
                while chunk := f.read(MIB):
                    if chunk.count(0) == len(chunk):
                        d.seek(len(chunk), os.SEEK_CUR)   # keep the raw image sparse
                    else:
                        d.write(chunk)
    with open(disk, "rb") as d:
        for part, offset in ((esp, P1), (ntfs, P3)):
            d.seek(offset)
            if d.read(part.stat().st_size) != part.read_bytes():
                raise BuildError(f"{disk}: a volume was not copied intact into the disk")


def extract_windows_volume(disk: Path, out: Path) -> None:
    with open(disk, "rb") as d, open(out, "wb") as f:
        d.seek(P3)
        f.write(d.read(DATA_MIB * MIB))


def to_vhdx(raw: Path, vhdx: Path) -> None:
    if shutil.which("fallocate"):
        run(["fallocate", "--dig-holes", raw])   # zero runs become holes: a sparse raw image
    run(["qemu-img", "convert", "-f", "raw", "-O", "vhdx", raw, vhdx])
    run(["qemu-img", "compare", "-q", "-f", "raw", "-F", "vhdx", raw, vhdx])
