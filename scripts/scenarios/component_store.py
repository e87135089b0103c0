"""The Windows 10 22H2 (19045.3693) system binaries of the scenario base, shaped like the component store.

What real Windows does (shared/docs/evidence-signals.md §0.1, §1.0) and this module copies:
  * cumulative updates replace only the files they change, so the binaries carry a MIX of revisions under UBR 3693;
  * each System32 binary is ONE MFT record with two names, `Windows\\System32\\<f>` and
    `Windows\\WinSxS\\amd64_<component>_31bf3856ad364e35_<version>_none_<pseudokey>\\<f>` (the WinSxS copy is
    written first, then hard-linked into System32 on the ntfs-3g mount);
  * key-form names longer than 40 characters are cut to the first 19 and last 19 characters joined by "..";
  * a superseded older version of some components stays behind as delta files only (`f\\` forward and `r\\`
    reverse differentials, single-link, not PE).
Component names: the csrss/winlogon family and ntdll are the real ones from evidence-signals.md §1.0; the others
are plausible, NOT always the file stem (a reader must resolve them on the disk, never by name). The pseudokey is
a deterministic stand-in for Windows' hash (16 lowercase hex digits).

The load set is wider than the classic 18 critical binaries: it also covers what the real SYSTEM hive names,
`Session Manager\\SubSystems\\Windows` ServerDll= (basesrv, winsrv, sxssrv) and every `Session Manager\\KnownDLLs`
value of the real regipy SYSTEM_B, except wowarmhw.dll, which x64 Windows does not ship (it stays absent: a
KnownDLLs entry without a file must not count as evidence).
SYNTHETIC: every binary is a MinGW PE stand-in (pe_standins.py).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from common import utc
from pe_standins import PeSpec

BUILD = "10.0.19041"
UBR = 3693
TOKEN = "31bf3856ad364e35"


def key_form_name(name: str) -> str:
    """Component names longer than 40 characters: first 19 + '..' + last 19 (CBS key forms)."""
    return name if len(name) <= 40 else f"{name[:19]}..{name[-19:]}"


def component_folder(component: str, version: str) -> str:
    """amd64_<name>_<token>_<version>_none_<pseudokey>: the WinSxS folder of one component version."""
    pseudokey = hashlib.sha256(f"{component}|{version}".encode()).hexdigest()[:16]
    return f"amd64_{key_form_name(component)}_{TOKEN}_{version}_none_{pseudokey}"


@dataclass(frozen=True)
class SystemBinary:
    """One binary of the load set, installed at revision `revision` of 10.0.19041."""
    file: str                 # name in System32 (or in Windows\ for explorer.exe)
    kind: str                 # native | gui | dll | driver
    component: str            # full component name (cut to its key form in the folder name)
    revision: int
    description: str
    internal: str = ""
    original: str = ""
    exports: tuple[str, ...] = ()
    folder: str = "System32"  # where Windows projects it: System32, or "" for Windows\ itself
    superseded: int | None = None   # an older revision kept as f\ r\ deltas only
    prefix: str = BUILD       # major.minor.build of its version (msvcrt.dll is 7.0.19041.x on real Windows)

    def spec(self, revision: int | None = None) -> PeSpec:
        return PeSpec(original=self.original or self.file, kind=self.kind,
                      version=f"{self.prefix}.{revision if revision is not None else self.revision}",
                      description=self.description, internal=self.internal or self.file, exports=self.exports)

    @property
    def version(self) -> str:
        return f"{self.prefix}.{self.revision}"

    @property
    def windows_path(self) -> str:
        return f"Windows/{self.folder}/{self.file}" if self.folder else f"Windows/{self.file}"

    def winsxs_path(self, revision: int | None = None) -> str:
        v = f"{self.prefix}.{revision if revision is not None else self.revision}"
        return f"Windows/WinSxS/{component_folder(self.component, v)}/{self.file}"


_D = "dll"
LOAD_SET: tuple[SystemBinary, ...] = (
    # the csrss / winlogon family (components: evidence-signals.md §1.0)
    SystemBinary("smss.exe", "native", "microsoft-windows-smss-minwin", 3636, "Windows Session Manager"),
    SystemBinary("csrss.exe", "native", "microsoft-windows-csrss", 1, "Client Server Runtime Process",
                 "CSRSS.Exe", "CSRSS.Exe"),
    SystemBinary("wininit.exe", "gui", "microsoft-windows-wininit", 3636, "Windows Start-Up Application",
                 "WinInit", "WinInit.exe"),
    SystemBinary("winlogon.exe", "gui", "microsoft-windows-winlogon", 3636, "Windows Logon Application",
                 "winlogon", "WINLOGON.EXE", superseded=3570),
    SystemBinary("services.exe", "gui", "microsoft-windows-servicecontroller-minwin", 3570,
                 "Services and Controller app"),
    SystemBinary("lsass.exe", "gui", "microsoft-windows-lsa-minwin", 3693, "Local Security Authority Process"),
    SystemBinary("ntdll.dll", _D, "microsoft-windows-ntdll", 3636, "NT Layer DLL",
                 exports=("RtlGetVersion", "NtClose"), superseded=3570),
    # kernel, csrss server DLLs (SubSystems\Windows ServerDll=), win32k
    SystemBinary("ntoskrnl.exe", "native", "microsoft-windows-os-kernel", 3693, "NT Kernel & System",
                 "ntkrnlmp.exe", "ntkrnlmp.exe", superseded=3636),
    SystemBinary("csrsrv.dll", _D, "microsoft-windows-csrsrv", 1, "Client Server Runtime Process",
                 "CSRSRV.DLL", "CSRSRV.DLL", ("CsrServerInitialization",)),
    SystemBinary("basesrv.dll", _D, "microsoft-windows-basesrv", 3393, "Windows NT BASE API Server DLL",
                 "basesrv", "basesrv.dll", ("ServerDllInitialization",)),
    SystemBinary("winsrv.dll", _D, "microsoft-windows-winsrv", 3636, "Multi-User Win32 Server DLL",
                 "winsrv", "winsrv.dll", ("UserServerDllInitialization",)),
    SystemBinary("sxssrv.dll", _D, "microsoft-windows-sxs-server", 3208, "Windows SxS Server DLL",
                 "sxssrv", "sxssrv.dll", ("ServerDllInitialization",)),
    SystemBinary("kernel32.dll", _D, "microsoft-windows-kernel32", 3636, "Windows NT BASE API Client DLL",
                 "kernel32", "kernel32", ("GetVersionExW",)),
    SystemBinary("kernelbase.dll", _D, "microsoft-windows-kernelbase", 3693, "Windows NT BASE API Client DLL",
                 "Kernelbase", "Kernelbase.dll", ("GetVersionExW",), superseded=3636),
    SystemBinary("user32.dll", _D, "microsoft-windows-user32", 3570, "Multi-User Windows USER API Client DLL",
                 "user32", "user32", ("MessageBoxW",), superseded=3448),
    SystemBinary("win32k.sys", "driver", "microsoft-windows-win32k", 3693, "Full/Desktop Win32k Kernel Driver"),
    SystemBinary("win32kbase.sys", "driver", "microsoft-windows-win32kbase", 3693, "Base Win32k Kernel Driver"),
    SystemBinary("win32kfull.sys", "driver", "microsoft-windows-win32kfull", 3693,
                 "Full/Desktop Win32k Kernel Driver"),
    # the rest of the KnownDLLs (real SYSTEM_B; wowarmhw.dll is not shipped on x64). wow64*.dll: one component
    SystemBinary("wow64.dll", _D, "microsoft-windows-wow64", 3636, "Win32 Emulation on NT64", "wow64.dll",
                 "wow64.dll", ("Wow64SystemServiceEx",)),
    SystemBinary("wow64cpu.dll", _D, "microsoft-windows-wow64", 3636, "AMD64 Wow64 CPU", "wow64cpu.dll",
                 "wow64cpu.dll", ("CpuSimulate",)),
    SystemBinary("wow64win.dll", _D, "microsoft-windows-wow64", 3636, "Wow64 Console and Win32 API Logging",
                 "wow64win.dll", "wow64win.dll", ("whNtUserCallNoParam",)),
    SystemBinary("advapi32.dll", _D, "microsoft-windows-advapi32", 3570, "Advanced Windows 32 Base API",
                 "advapi32.dll", "advapi32.dll", ("RegOpenKeyExW",)),
    SystemBinary("clbcatq.dll", _D, "microsoft-windows-complus-runtime-catalog-query", 1,
                 "COM+ Configuration Catalog", "CLBCatQ.DLL", "CLBCatQ.DLL", ("GetCatalogObject",)),
    SystemBinary("combase.dll", _D, "microsoft-windows-combase", 3636, "Microsoft COM for Windows",
                 "COMBASE.DLL", "COMBASE.DLL", ("CoInitializeEx",)),
    SystemBinary("comdlg32.dll", _D, "microsoft-windows-comdlg32", 3570, "Common Dialogs DLL", "comdlg32",
                 "comdlg32.dll", ("GetOpenFileNameW",)),
    SystemBinary("coml2.dll", _D, "microsoft-windows-coml2", 1, "Microsoft COM for Windows", "coml2.dll",
                 "coml2.dll", ("StgOpenStorage",)),
    SystemBinary("difxapi.dll", _D, "microsoft-windows-deviceinstall-difxapi", 1,
                 "Driver Install Frameworks for API library", "DIFxAPI.dll", "DIFxAPI.dll", ("DriverPackageInstallW",)),
    SystemBinary("gdi32.dll", _D, "microsoft-windows-gdi32", 3570, "GDI Client DLL", "gdi32", "gdi32",
                 ("CreateDCW",)),
    SystemBinary("gdiplus.dll", _D, "microsoft.windows.gdiplus.systemcopy", 3636, "Microsoft GDI+",
                 "gdiplus", "gdiplus.dll", ("GdiplusStartup",)),
    SystemBinary("imagehlp.dll", _D, "microsoft-windows-imagehlp", 3636, "Windows NT Image Helper",
                 "imagehlp.dll", "imagehlp.dll", ("CheckSumMappedFile",)),
    SystemBinary("imm32.dll", _D, "microsoft-windows-imm32", 3570, "Multi-User Windows IMM32 API Client DLL",
                 "imm32", "imm32", ("ImmGetContext",)),
    SystemBinary("msctf.dll", _D, "microsoft-windows-msctf", 3636, "MSCTF Server DLL", "MSCTF.DLL", "MSCTF.DLL",
                 ("TF_CreateThreadMgr",)),
    SystemBinary("msvcrt.dll", _D, "microsoft-windows-msvcrt", 3636, "Windows NT CRT DLL", "msvcrt.dll",
                 "msvcrt.dll", ("memcpy_s",), prefix="7.0.19041"),
    SystemBinary("normaliz.dll", _D, "microsoft-windows-normaliz", 1, "Unicode Normalization DLL",
                 "normaliz.dll", "normaliz.dll", ("NormalizeString",)),
    SystemBinary("nsi.dll", _D, "microsoft-windows-nsi-userapi", 1, "NSI User-mode interface DLL", "NSI.DLL",
                 "NSI.DLL", ("NsiGetParameter",)),
    SystemBinary("ole32.dll", _D, "microsoft-windows-com-base-qfe-ole32", 3570,
                 "Microsoft OLE for Windows", "OLE32.DLL", "OLE32.DLL", ("OleInitialize",)),
    SystemBinary("oleaut32.dll", _D, "microsoft-windows-ole-automation", 3636, "OLEAUT32.DLL", "OLEAUT32.DLL",
                 "OLEAUT32.DLL", ("SysAllocString",)),
    SystemBinary("psapi.dll", _D, "microsoft-windows-psapi", 1, "Process Status Helper", "PSAPI", "PSAPI",
                 ("EnumProcesses",)),
    SystemBinary("rpcrt4.dll", _D, "microsoft-windows-rpc-local", 3636, "Remote Procedure Call Runtime",
                 "rpcrt4.dll", "rpcrt4.dll", ("RpcBindingFree",)),
    SystemBinary("sechost.dll", _D, "microsoft-windows-security-sechost", 3570, "Host for SCM/SDDL/LSA Lookup APIs",
                 "sechost.dll", "sechost.dll", ("OpenSCManagerW",)),
    SystemBinary("setupapi.dll", _D, "microsoft-windows-setupapi", 3570, "Windows Setup API", "setupapi.dll",
                 "setupapi.dll", ("SetupDiGetClassDevsW",)),
    SystemBinary("shcore.dll", _D, "microsoft-windows-shcore", 3570, "SHCORE", "SHCORE", "SHCORE.dll",
                 ("GetProcessDpiAwareness",)),
    SystemBinary("shell32.dll", _D, "microsoft-windows-shell32", 3693, "Windows Shell Common Dll", "SHELL32",
                 "SHELL32.DLL", ("ShellExecuteW",)),
    SystemBinary("shlwapi.dll", _D, "microsoft-windows-shlwapi", 3570, "Shell Light-weight Utility Library",
                 "SHLWAPI", "SHLWAPI.DLL", ("PathFileExistsW",)),
    SystemBinary("wldap32.dll", _D, "microsoft-windows-ldap-client", 3636, "Win32 LDAP API DLL",
                 "wldap32.dll", "wldap32.dll", ("ldap_initW",)),
    SystemBinary("ws2_32.dll", _D, "microsoft-windows-winsock-core", 3570, "Windows Socket 2.0 32-Bit DLL",
                 "ws2_32.dll", "ws2_32.dll", ("WSAStartup",)),
    # outside the load set, but named by SOFTWARE (Userinit, Shell, the password credential provider)
    SystemBinary("userinit.exe", "gui", "microsoft-windows-userinit", 1, "Userinit Logon Application",
                 "userinit", "USERINIT.EXE"),
    SystemBinary("authui.dll", _D, "microsoft-windows-authentication-authui", 3570, "Windows Authentication UI",
                 "authui.dll", "authui.dll", ("DllGetClassObject", "DllCanUnloadNow")),
    SystemBinary("explorer.exe", "gui", "microsoft-windows-explorer", 3693, "Windows Explorer", "explorer",
                 "EXPLORER.EXE", folder=""),
)

# KnownDLLs of the real SYSTEM_B that x64 Windows does not ship: no file on the disk
KNOWN_DLLS_ABSENT = ("wowarmhw.dll",)
# the classic critical set (the 18 files of the first scenarios)
CRITICAL = ("csrss.exe", "winlogon.exe", "smss.exe", "wininit.exe", "services.exe", "lsass.exe", "ntdll.dll",
            "kernel32.dll", "kernelbase.dll", "csrsrv.dll", "basesrv.dll", "winsrv.dll", "sxssrv.dll", "user32.dll",
            "win32k.sys", "win32kbase.sys", "win32kfull.sys", "ntoskrnl.exe")
BY_FILE = {b.file.lower(): b for b in LOAD_SET}


def binary(file: str) -> SystemBinary:
    return BY_FILE[file.lower()]


@dataclass(frozen=True)
class DeltaFile:
    """A differential of a superseded version: f\\ (forward, 'DCM\\x01' header) or r\\ (reverse, 'PA30')."""
    path: str
    content: bytes


def superseded_deltas(b: SystemBinary) -> list[DeltaFile]:
    if b.superseded is None:
        return []
    folder = component_folder(b.component, f"{BUILD}.{b.superseded}")
    seed = hashlib.sha256(folder.encode()).digest()
    return [DeltaFile(f"Windows/WinSxS/{folder}/f/{b.file}", b"DCM\x01" + seed[:13] + bytes(seed[13:29])),
            DeltaFile(f"Windows/WinSxS/{folder}/r/{b.file}", b"PA30" + seed[3:27])]


@dataclass
class Revisions:
    """When each revision reached the disk: revision 1 at install, 3693 at the last cumulative update, the others
    in between in order (each an earlier monthly update)."""
    install: str
    cumulative_update: str
    extra: dict[int, str] = field(default_factory=dict)

    def time_of(self, revision: int) -> str:
        if revision in self.extra:
            return self.extra[revision]
        if revision == 1:
            return self.install
        if revision >= UBR:
            return self.cumulative_update
        known = {b.revision for b in LOAD_SET} | {b.superseded for b in LOAD_SET if b.superseded}
        revs = sorted(known - {1, UBR})
        a, z = utc(self.install), utc(self.cumulative_update)
        step = (z - a) / (len(revs) + 1)
        t = a + step * (revs.index(revision) + 1)
        return t.replace(microsecond=0).strftime("%Y-%m-%d %H:%M:%S")
