"""PE stand-ins for Windows (and third-party) binaries, built with MinGW-w64.

SYNTHETIC: each stand-in is a real PE32+ image (x86-64, the right subsystem and image kind: native .exe, GUI .exe,
DLL with exports, kernel driver) compiled from a one-line C file, with a real VERSIONINFO resource (FILEVERSION,
PRODUCTVERSION, StringFileInfo 040904B0 with CompanyName, FileDescription, FileVersion, InternalName,
LegalCopyright, OriginalFilename, ProductName, ProductVersion). They contain no Windows code: Windows binaries
cannot be redistributed. Every image is read back with binutils' windres, and with pefile (an independent reader)
when it is importable.
"""
from __future__ import annotations

import concurrent.futures
import shutil
from dataclasses import dataclass
from pathlib import Path

from common import BuildError, run

MS_COMPANY = "Microsoft Corporation"
MS_PRODUCT = "Microsoft\u00ae Windows\u00ae Operating System"
MS_COPYRIGHT = "\u00a9 Microsoft Corporation. All rights reserved."

# kind -> (linker options, VERSIONINFO FILETYPE, FILESUBTYPE, PE subsystem). Fixed image bases (Microsoft's x64
# defaults): ld would otherwise derive a DLL's base from its output path.
_KINDS = {
    "native": (["-Wl,--entry=entry", "-Wl,--subsystem,native", "-Wl,--image-base,0x140000000"], "0x1L", "0x0L", 1),
    "gui": (["-Wl,--entry=entry", "-Wl,--subsystem,windows", "-Wl,--image-base,0x140000000"], "0x1L", "0x0L", 2),
    "driver": (["-Wl,--entry=DriverEntry", "-Wl,--subsystem,native", "-Wl,--image-base,0x1C0000000"],
               "0x3L", "0x7L", 1),
    "dll": (["-shared", "-Wl,--entry=DllMain", "-Wl,--subsystem,windows", "-Wl,--image-base,0x180000000"],
            "0x2L", "0x0L", 2),
}


@dataclass(frozen=True)
class PeSpec:
    """What one stand-in says about itself."""
    original: str            # OriginalFilename (also names the build folder)
    kind: str                # native | gui | dll | driver
    version: str             # a.b.c.d (FILEVERSION and PRODUCTVERSION)
    description: str
    internal: str
    exports: tuple[str, ...] = ()
    company: str = MS_COMPANY
    product: str = MS_PRODUCT
    copyright: str = MS_COPYRIGHT

    @property
    def key(self) -> str:
        who = "ms" if self.company == MS_COMPANY else self.company.split()[0].lower()
        return f"{who}/{self.version}/{self.original.lower()}"

    @property
    def file_version_string(self) -> str:
        # Windows' own binaries carry the build lab in the FileVersion string
        return f"{self.version} (WinBuild.160101.0800)" if self.company == MS_COMPANY else self.version


def _c_source(spec: PeSpec) -> str:
    lines = [f"/* vmrescue scenario stand-in for {spec.original}: a real PE image that contains no Windows code. */"]
    if spec.kind in ("native", "gui"):
        lines.append("int entry(void) { return 0; }")
    elif spec.kind == "driver":
        lines.append("long DriverEntry(void *driver, void *path) { (void)driver; (void)path; return 0; }")
    else:
        lines.append("int DllMain(void *h, unsigned long reason, void *r) { (void)h; (void)reason; (void)r; return 1; }")
        lines += [f"__declspec(dllexport) long {e}(void) {{ return 0; }}" for e in spec.exports]
    return "\n".join(lines) + "\n"


def _rc_source(spec: PeSpec) -> str:
    _, ftype, fsub, _ = _KINDS[spec.kind]
    v4 = spec.version.replace(".", ",")
    values = [("CompanyName", spec.company), ("FileDescription", spec.description),
              ("FileVersion", spec.file_version_string), ("InternalName", spec.internal),
              ("LegalCopyright", spec.copyright), ("OriginalFilename", spec.original),
              ("ProductName", spec.product), ("ProductVersion", spec.version)]
    body = "\n".join(f'      VALUE "{k}", "{v}"' for k, v in values)
    return f"""#pragma code_page(65001)
1 VERSIONINFO
FILEVERSION {v4}
PRODUCTVERSION {v4}
FILEFLAGSMASK 0x3fL
FILEFLAGS 0x0L
FILEOS 0x40004L
FILETYPE {ftype}
FILESUBTYPE {fsub}
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040904B0"
    BEGIN
{body}
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x409, 1200
  END
END
"""


def build_one(spec: PeSpec, out: Path) -> None:
    work = out.parent / (out.name + ".build")
    work.mkdir(parents=True, exist_ok=True)
    (work / "stub.c").write_text(_c_source(spec))
    (work / "version.rc").write_text(_rc_source(spec), encoding="utf-8")
    ld = ["-Wl,--no-insert-timestamp", "-Wl,--major-os-version,10", "-Wl,--minor-os-version,0",
          "-Wl,--major-subsystem-version,10", "-Wl,--minor-subsystem-version,0",
          "-Wl,--dynamicbase", "-Wl,--nxcompat", "-Wl,--high-entropy-va", *_KINDS[spec.kind][0]]
    run(["x86_64-w64-mingw32-windres", "-c", "65001", "-O", "coff", "-i", work / "version.rc", "-o", work / "version.o"])
    run(["x86_64-w64-mingw32-gcc", "-O2", "-s", "-nostdlib", "-ffreestanding", "-fno-asynchronous-unwind-tables",
         *ld, "-o", out, work / "stub.c", work / "version.o"])
    # read back with windres (binutils' own resource reader)
    rc = run(["x86_64-w64-mingw32-windres", "-i", out, "-O", "rc"]).decode("utf-8", errors="replace")
    v = spec.version.replace(".", ", ")
    if f"FILEVERSION {v}" not in rc or f'"ProductVersion", "{spec.version}"' not in rc:
        raise BuildError(f"{out}: version resource does not read back as {spec.version}")
    shutil.rmtree(work)


def check_with_pefile(spec: PeSpec, path: Path) -> None:
    """An independent reader (pefile) must see what was built."""
    import pefile  # optional dependency, checked by the caller

    pe = pefile.PE(str(path))
    ffi = pe.VS_FIXEDFILEINFO[0]
    got = f"{ffi.FileVersionMS >> 16}.{ffi.FileVersionMS & 0xFFFF}.{ffi.FileVersionLS >> 16}.{ffi.FileVersionLS & 0xFFFF}"
    strings: dict[str, str] = {}
    for fi in pe.FileInfo[0]:
        for st in getattr(fi, "StringTable", []):
            strings.update({k.decode(): v.decode() for k, v in st.entries.items()})
    problems = []
    if pe.FILE_HEADER.Machine != 0x8664:
        problems.append("machine")
    if got != spec.version:
        problems.append(f"file version {got}")
    if strings.get("CompanyName") != spec.company or strings.get("FileVersion") != spec.file_version_string:
        problems.append(f"strings {strings}")
    if pe.OPTIONAL_HEADER.Subsystem != _KINDS[spec.kind][3]:
        problems.append(f"subsystem {pe.OPTIONAL_HEADER.Subsystem}")
    if bool(pe.FILE_HEADER.Characteristics & 0x2000) != (spec.kind == "dll"):
        problems.append("DLL flag")
    pe.close()
    if problems:
        raise BuildError(f"{path}: pefile reads {', '.join(problems)}")


class PeCache:
    """Every stand-in the scenarios ask for, built once per run into ROOT/<company>/<version>/<file>."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.built: dict[str, Path] = {}

    def path(self, spec: PeSpec) -> Path:
        if spec.key not in self.built:
            raise BuildError(f"internal: stand-in {spec.key} was not built")
        return self.built[spec.key]

    def build_all(self, specs: list[PeSpec], use_pefile: bool) -> int:
        todo = {s.key: s for s in specs if s.key not in self.built}
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            futures = {}
            for key, spec in todo.items():
                out = self.root / (key + ".pe")   # an extension: gcc would append .exe to a bare name
                out.parent.mkdir(parents=True, exist_ok=True)
                futures[pool.submit(build_one, spec, out)] = (key, spec, out)
            for f in concurrent.futures.as_completed(futures):
                f.result()
        for key, spec, out in futures.values():
            if use_pefile:
                check_with_pefile(spec, out)
            self.built[key] = out
        return len(todo)
