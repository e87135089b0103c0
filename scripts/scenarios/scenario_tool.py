#!/usr/bin/env python3
"""Small helpers for the scenario builder (scripts/scenarios/build.py, also importable) (Python 3 standard library only; pefile and kdmp-parser from PyPI
are used as independent readers when they are installed).

  scenario_tool.py hive-times HIVE [--default FILETIME] [--name NAME] [--minor N] [--stamp FILETIME] [KEY=FILETIME ...]
      Set registry key LastWrite times. The keys are located with hivexml (libhivex-bin): each node's first byte
      run is its 'nk' cell, whose LastWrite FILETIME is at +8 (cell size 4, 'nk' 2, flags 2). --default sets every
      key first; KEY=FT sets one key (a path below the root, '\\'-separated, case-insensitive; '' is the root);
      KEY\\**=FT sets a key and everything below it. --name / --minor / --stamp rewrite the base block's file name
      field, minor version and last-written time; the base block checksum is recomputed whenever the base block
      changes. hivexml is run again afterwards and every requested time must read back.

  scenario_tool.py pe-info FILE...
      Print one JSON object per file: machine, subsystem, characteristics, fixed file version, product version and
      the StringFileInfo strings, read with pefile (independent of binutils, which wrote the files).

  scenario_tool.py dump-info FILE
      Print the bug check of a kernel dump as JSON, read with kdmp-parser (independent of vmrescue), including the
      UNICODE_STRING behind Arg1 of 0xC000021A, found by virtual-to-physical translation through the dump's page
      tables.

  scenario_tool.py filetime 'YYYY-MM-DD HH:MM:SS'      -> FILETIME (100 ns ticks since 1601-01-01 UTC)
"""
import datetime
import json
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

EPOCH = datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc)


def filetime(text):
    t = datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    return (t - EPOCH) // datetime.timedelta(microseconds=1) * 10


def ft_to_iso(ft):
    return (EPOCH + datetime.timedelta(microseconds=ft // 10)).strftime("%Y-%m-%dT%H:%M:%SZ")


def hive_nodes(path):
    """(path tuple in lower case, nk cell file offset, mtime string) for every key, via hivexml."""
    xml = subprocess.run(["hivexml", path], check=True, capture_output=True).stdout
    root = ET.fromstring(xml)
    out = []

    def walk(node, parts):
        runs = node.find("byte_runs")
        off = int(runs[0].get("file_offset"))
        out.append((tuple(p.lower() for p in parts), off, node.findtext("mtime")))
        for child in node.findall("node"):
            walk(child, parts + [child.get("name")])

    top = root.find("node")
    walk(top, [])
    return out


def checksum(base):
    x = 0
    for (v,) in struct.iter_unpack("<I", base[:508]):
        x ^= v
    if x == 0xFFFFFFFF:
        x = 0xFFFFFFFE
    elif x == 0:
        x = 1
    return x


def keyname(parts):
    return "\\".join(parts)


def cmd_hive_times(args):
    hive = args[0]
    default = None
    name = None
    minor = None
    stamp = None
    sets = []
    i = 1
    while i < len(args):
        a = args[i]
        if a == "--default":
            default = int(args[i + 1])
            i += 2
            continue
        if a == "--name":
            name = args[i + 1]
            i += 2
            continue
        if a == "--minor":
            minor = int(args[i + 1])
            i += 2
            continue
        if a == "--stamp":
            stamp = int(args[i + 1])
            i += 2
            continue
        key, _, ft = a.rpartition("=")
        sub = key.endswith("\\**")
        if sub:
            key = key[:-3]
        parts = tuple(p.lower() for p in key.split("\\") if p)
        sets.append((parts, sub, int(ft)))
        i += 1
    n = set_hive_times(hive, sets, default=default, name=name, minor=minor, stamp=stamp)
    print(f"{hive}: {n} key times set")


def set_hive_times(hive, sets, default=None, name=None, minor=None, stamp=None):
    """Set key LastWrite times (SETS: (path parts in lower case, whole subtree?, FILETIME)) and optionally the
    base block's name, minor version and last-written time; returns how many keys were set (all read back)."""
    nodes = hive_nodes(hive)
    by_path = {p: off for p, off, _ in nodes}
    want = {}
    if default is not None:
        for p, _, _ in nodes:
            want[p] = default
    for parts, sub, ft in sets:
        if parts not in by_path:
            raise SystemExit(f"hive-times: {hive}: no key '{keyname(parts)}'")
        for p in by_path:
            if p == parts or (sub and p[: len(parts)] == parts):
                want[p] = ft
    with open(hive, "r+b") as f:
        data = bytearray(f.read())
        for p, ft in want.items():
            off = by_path[p]
            if data[off + 4 : off + 6] != b"nk":
                raise SystemExit(f"hive-times: {hive}: no nk cell at {off:#x} for '{keyname(p)}'")
            struct.pack_into("<Q", data, off + 8, ft)
        if name is not None or minor is not None or stamp is not None:
            if name is not None:
                field = name.encode("utf-16-le")[:62]
                data[0x30:0x70] = field + b"\0" * (64 - len(field))
            if minor is not None:
                struct.pack_into("<I", data, 0x18, minor)
            if stamp is not None:
                struct.pack_into("<Q", data, 0x0C, stamp)
            struct.pack_into("<I", data, 0x1FC, checksum(bytes(data[:0x200])))
        f.seek(0)
        f.write(data)
    # read back through hivex
    back = {p: m for p, _, m in hive_nodes(hive)}
    for p, ft in want.items():
        if back[p] != ft_to_iso(ft):
            raise SystemExit(f"hive-times: {hive}: '{keyname(p)}' reads back as {back[p]}, wanted {ft_to_iso(ft)}")
    return len(want)


def cmd_pe_info(files):
    import pefile

    for path in files:
        pe = pefile.PE(path)
        info = {
            "file": path,
            "machine": hex(pe.FILE_HEADER.Machine),
            "characteristics": hex(pe.FILE_HEADER.Characteristics),
            "subsystem": pe.OPTIONAL_HEADER.Subsystem,
        }
        ffi = pe.VS_FIXEDFILEINFO[0]
        fmt = lambda ms, ls: f"{ms >> 16}.{ms & 0xFFFF}.{ls >> 16}.{ls & 0xFFFF}"
        info["file_version"] = fmt(ffi.FileVersionMS, ffi.FileVersionLS)
        info["product_version"] = fmt(ffi.ProductVersionMS, ffi.ProductVersionLS)
        info["file_type"] = ffi.FileType
        strings = {}
        for fi in pe.FileInfo[0]:
            for st in getattr(fi, "StringTable", []):
                info["lang_codepage"] = st.LangID.decode()
                strings.update({k.decode(): v.decode() for k, v in st.entries.items()})
        info["strings"] = strings
        print(json.dumps(info, ensure_ascii=False, sort_keys=True))


def cmd_dump_info(path):
    import kdmp_parser

    d = kdmp_parser.KernelDumpParser(path)
    h = d.header
    params = list(h.BugCheckCodeParameter)
    out = {
        "signature_ok": h.LooksGood() if callable(getattr(h, "LooksGood", None)) else None,
        "dump_type": int(h.DumpType.value),
        "bugcheck": f"0x{h.BugCheckCode:08X}",
        "parameters": [f"0x{p:016X}" for p in params],
        "system_time": int(h.SystemTime),
        "system_time_utc": ft_to_iso(int(h.SystemTime)),
        "minor_version": int(h.MinorVersion),
        "processors": int(h.NumberProcessors),
    }
    pa = d.translate_virtual(params[0])
    if pa is not None:
        page = d.read_physical_page(pa & ~0xFFF)
        off = pa & 0xFFF
        length, _, buf = struct.unpack_from("<HHxxxxQ", page, off)
        bpa = d.translate_virtual(buf)
        bpage = d.read_physical_page(bpa & ~0xFFF)
        boff = bpa & 0xFFF
        out["arg1_string"] = bytes(bpage[boff : boff + length]).decode("utf-16-le")
    print(json.dumps(out))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "hive-times":
        cmd_hive_times(args)
    elif cmd == "pe-info":
        cmd_pe_info(args)
    elif cmd == "dump-info":
        cmd_dump_info(args[0])
    elif cmd == "filetime":
        print(filetime(args[0]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
