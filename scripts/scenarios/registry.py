"""The scenarios' hives: the synthetic SOFTWARE, and SYSTEM (the real SYSTEM_B, or its replayed copy with edits).

REAL: SYSTEM is regipy's SYSTEM_B (Windows 10, dirty: the .LOG1/.LOG2 must be replayed; 655 services incl.
NVIDIA/Dropbox, real PendingFileRenameOperations, KnownDLLs, SubSystems\\Windows). Scenarios that add a service
get a copy replayed by the project's own reader (`cargo run --release -p vmrescue-registry --example recover`),
edited with hivexsh (so that SYSTEM is clean and has no .LOG1/.LOG2 on the disk).
SYNTHETIC: SOFTWARE is written with hivexsh inside a copy of the real regipy NTUSER.DAT whose keys are all deleted
first (hivex cannot create a hive from nothing); base block name "SOFTWARE", minor version 5, last-written 0 (as
in the real Windows 10 SYSTEM_B); key LastWrite times follow the scenario's timeline (scenario_tool.set_hive_times).
"""
from __future__ import annotations

import shutil
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import scenario_tool
from common import BuildError, filetime, run, unix

CBS = r"Microsoft\Windows\CurrentVersion\Component Based Servicing"
CRED = r"Microsoft\Windows\CurrentVersion\Authentication\Credential Providers"
CLSID_PASSWORD = "{60b78e88-ead8-445c-9cfd-0b87f74ea6cd}"
LCU_INSTALLED = "Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.3693.1.11"
KB_INSTALLED = "Package_for_KB5032189~31bf3856ad364e35~amd64~~19041.3693.1.11"
LCU_PENDING = "Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.3803.1.8"
KB_PENDING = "Package_for_KB5033372~31bf3856ad364e35~amd64~~19041.3803.1.8"
PENDING_XML_ID = "1c9f2b7e40d3a65c8e0f74b2d9a13e56"


# Values in hivexsh `setval` syntax
def sz(s: str) -> str:
    return f"string:{s}"


def expand_sz(s: str) -> str:
    return f"expandstring:{s}"


def dword(n: int) -> str:
    return f"dword:0x{n:08x}"


def qword(n: int) -> str:
    return f"qword:0x{n:016x}"


def multi_sz(items: list[str]) -> str:
    raw = "".join(i + "\0" for i in items).encode("utf-16-le") + b"\0\0"
    return "hex:7:" + ",".join(f"{b:02x}" for b in raw)


@dataclass(frozen=True)
class RegKey:
    """A key to create (with its missing parents) and the values it gets; `time` is its LastWrite time and,
    with subtree=True, that of every key below it."""
    path: str
    values: dict[str, str] = field(default_factory=dict)
    time: str | None = None
    subtree: bool = True


@dataclass(frozen=True)
class KeyTime:
    """A LastWrite time for an existing key (e.g. a parent whose subkey list changed)."""
    path: str
    time: str
    subtree: bool = False


def _parts(path: str) -> tuple[str, ...]:
    return tuple(p.lower() for p in path.split("\\") if p)


def hivexsh_script(hive: Path, script: str) -> None:
    """Run a hivexsh command file (-w: the hive is written at `commit`)."""
    cmds = hive.with_name(hive.name + ".hivexsh")
    cmds.write_text(script, encoding="utf-8")
    run(["hivexsh", "-w", "-f", cmds, hive])
    cmds.unlink()


def apply_keys(hive: Path, keys: list[RegKey], times: list[KeyTime], *, default_time: str | None = None,
               base_block: dict[str, object] | None = None) -> None:
    """Create keys and values with hivexsh, then set the key times (scenario_tool) and read every string and
    dword back with hivexget."""
    existing = {p for p, _, _ in scenario_tool.hive_nodes(str(hive))}
    values: dict[str, dict[str, str]] = {}
    order: list[str] = []
    for k in keys:
        if k.path not in values:
            values[k.path] = {}
            order.append(k.path)
        values[k.path].update(k.values)
    script: list[str] = []
    for path in order:
        cur: tuple[str, ...] = ()
        shown: list[str] = []
        for part in path.split("\\"):
            if cur + (part.lower(),) not in existing:
                script.append("cd \\" + "\\".join(shown) if shown else "cd \\ ")
                script.append(f"add {part}")
                existing.add(cur + (part.lower(),))
            cur += (part.lower(),)
            shown.append(part)
        if values[path]:
            script.append("cd \\" + path)
            script.append(f"setval {len(values[path])}")
            for name, v in values[path].items():
                script += [name, v]
    script.append("commit")
    hivexsh_script(hive, "\n".join(script) + "\n")
    sets = []
    for k in keys:
        if k.time is not None:
            sets.append((_parts(k.path), k.subtree, filetime(k.time)))
    for t in times:
        sets.append((_parts(t.path), t.subtree, filetime(t.time)))
    bb = base_block or {}
    try:
        scenario_tool.set_hive_times(str(hive), sets, default=None if default_time is None else filetime(default_time),
                                     name=bb.get("name"), minor=bb.get("minor"), stamp=bb.get("stamp"))
    except SystemExit as e:
        raise BuildError(str(e)) from None
    check_values(hive, keys)


def check_values(hive: Path, keys: list[RegKey]) -> None:
    run(["hivexml", hive])
    for k in keys:
        for name, v in k.values.items():
            kind, _, want = v.partition(":")
            if kind not in ("string", "expandstring", "dword"):
                continue
            got = run(["hivexget", hive, k.path, name]).decode("utf-8").rstrip("\n")
            if kind == "dword":   # hivexget prints a DWORD as a signed number
                n = int(want, 16)
                want = str(n - (1 << 32) if n >= 1 << 31 else n)
            if got != want:
                raise BuildError(f"{hive}: {k.path}\\{name} reads back as {got!r}, wanted {want!r}")


# ---------------------------------------------------------------------------------------------------------------
# SOFTWARE

def software_base_keys(install: str, cumulative_update: str) -> list[RegKey]:
    """What every scenario's SOFTWARE holds: Windows 10 Enterprise 22H2 19045.3693, Winlogon and AppInit
    defaults, Windows' password credential provider, the installed cumulative update in CBS\\Packages."""
    ft_cu = filetime(cumulative_update)
    keys = [
        RegKey(r"Microsoft\Windows NT\CurrentVersion", {
            "SystemRoot": sz(r"C:\Windows"), "PathName": sz(r"C:\Windows"), "SoftwareType": sz("System"),
            "ProductName": sz("Windows 10 Enterprise"), "EditionID": sz("Enterprise"),
            "CompositionEditionID": sz("Enterprise"), "InstallationType": sz("Client"),
            "ProductId": sz("00329-10280-00000-AA318"), "RegisteredOwner": sz("azureuser"),
            "RegisteredOrganization": sz(""), "CurrentVersion": sz("6.3"), "CurrentBuild": sz("19045"),
            "CurrentBuildNumber": sz("19045"), "CurrentMajorVersionNumber": dword(10),
            "CurrentMinorVersionNumber": dword(0), "UBR": dword(3693), "DisplayVersion": sz("22H2"),
            "ReleaseId": sz("2009"), "CurrentType": sz("Multiprocessor Free"), "BuildBranch": sz("vb_release"),
            "BuildLab": sz("19041.vb_release.191206-1406"),
            "BuildLabEx": sz("19041.1.amd64fre.vb_release.191206-1406"),
            "InstallDate": dword(unix(install)), "InstallTime": qword(filetime(install))},
            time=cumulative_update, subtree=False),
        RegKey(r"Microsoft\Windows NT\CurrentVersion\Winlogon", {
            "Shell": sz("explorer.exe"), "Userinit": sz("C:\\Windows\\system32\\userinit.exe,"),
            "AutoRestartShell": dword(1), "LegalNoticeCaption": sz(""), "LegalNoticeText": sz(""),
            "PowerdownAfterShutdown": sz("0"), "ReportBootOk": sz("1"), "WinStationsDisabled": sz("0"),
            "VMApplet": sz("SystemPropertiesPerformance.exe /pagefile")}),
        RegKey(r"Microsoft\Windows NT\CurrentVersion\Windows", {
            "AppInit_DLLs": sz(""), "LoadAppInit_DLLs": dword(0), "RequireSignedAppInit_DLLs": dword(1)}),
        RegKey(r"Microsoft\Windows\CurrentVersion", {
            "ProgramFilesDir": sz(r"C:\Program Files"), "ProgramFilesDir (x86)": sz(r"C:\Program Files (x86)"),
            "ProgramW6432Dir": sz(r"C:\Program Files"), "CommonFilesDir": sz(r"C:\Program Files\Common Files")}),
        RegKey(CRED + "\\" + CLSID_PASSWORD, {"@": sz("PasswordProvider")}),
        RegKey(r"Classes\CLSID" + "\\" + CLSID_PASSWORD, {"@": sz("PasswordProvider")}),
        RegKey(r"Classes\CLSID" + "\\" + CLSID_PASSWORD + r"\InprocServer32", {
            "@": expand_sz(r"%SystemRoot%\system32\authui.dll"), "ThreadingModel": sz("Apartment")}),
        RegKey(CBS, {}, time=cumulative_update),
    ]
    for p in (LCU_INSTALLED, KB_INSTALLED):
        keys.append(RegKey(f"{CBS}\\Packages\\{p}", {
            "CurrentState": dword(0x70), "InstallClient": sz("UpdateAgentLCU"), "InstallName": sz(p + ".mum"),
            "InstallLocation": sz("\\\\?\\C:\\Windows\\SoftwareDistribution\\Download\\"
                                  "4a1e0d2c9b7f3e5a8c6d0b2f1e4a7c9d\\inst"),
            "InstallUser": sz("S-1-5-18"), "Visibility": dword(1),
            "InstallTimeHigh": dword(ft_cu >> 32), "InstallTimeLow": dword(ft_cu & 0xFFFFFFFF)},
            time=cumulative_update))
    return keys


def software_pending_update_keys(staged: str) -> list[RegKey]:
    """A cumulative update (KB5033372, 19041.3803) staged and waiting for the reboot: the CBS pending markers."""
    keys = [
        RegKey(CBS, {"PendingXmlIdentifier": sz(PENDING_XML_ID)}, time=staged, subtree=False),
        RegKey(CBS + r"\RebootPending", {LCU_PENDING: dword(1)}, time=staged),
        RegKey(f"{CBS}\\PackagesPending\\{LCU_PENDING}", {"@": sz("")}, time=staged),
        RegKey(f"{CBS}\\PackagesPending\\{KB_PENDING}", {"@": sz("")}, time=staged),
        RegKey(r"Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired",
               {"{6f1c8e0a-2b4d-4e7a-9c3f-5d8b1a0e7f24}": dword(1)}, time=staged),
    ]
    for p in (LCU_PENDING, KB_PENDING):
        keys.append(RegKey(f"{CBS}\\Packages\\{p}", {
            "CurrentState": dword(0x60), "InstallClient": sz("UpdateAgentLCU"), "InstallName": sz(p + ".mum"),
            "InstallUser": sz("S-1-5-18"), "Visibility": dword(1)}, time=staged))
    return keys


def credential_provider_keys(clsid: str, name: str, description: str, dll: str, when: str) -> list[RegKey]:
    return [RegKey(f"{CRED}\\{clsid}", {"@": sz(name)}, time=when),
            RegKey(f"Classes\\CLSID\\{clsid}", {"@": sz(description)}, time=when),
            RegKey(f"Classes\\CLSID\\{clsid}\\InprocServer32", {"@": sz(dll), "ThreadingModel": sz("Apartment")},
                   time=when)]


def build_software(fixtures: Path, out: Path, install: str, cumulative_update: str, extra: list[RegKey],
                   times: list[KeyTime]) -> None:
    shutil.copyfile(fixtures / "registry/regipy__NTUSER.DAT", out)
    out.chmod(0o644)
    # empty the container: delete every key below the root
    children = run(["hivexsh", out], stdin=b"cd \\ \nls\n").decode("utf-8").splitlines()
    script = "".join(f"cd \\{c}\ndel\n" for c in children if c.strip()) + "commit\n"
    hivexsh_script(out, script)
    keys = software_base_keys(install, cumulative_update) + extra
    # CBS\Packages was last written by the cumulative update (a scenario's own times override this)
    all_times = [KeyTime(CBS + r"\Packages", cumulative_update), *times]
    apply_keys(out, keys, all_times, default_time=install,
               base_block={"name": "SOFTWARE", "minor": 5, "stamp": 0})  # last-written 0, as the real SYSTEM_B
    check_software(out)


def check_software(hive: Path) -> None:
    def get(key: str, value: str) -> str:
        return run(["hivexget", hive, key, value]).decode("utf-8").rstrip("\n")

    for key, value, want in ((r"Microsoft\Windows NT\CurrentVersion", "CurrentBuild", "19045"),
                             (r"Microsoft\Windows NT\CurrentVersion", "UBR", "3693"),
                             (r"Microsoft\Windows NT\CurrentVersion\Winlogon", "Userinit",
                              "C:\\Windows\\system32\\userinit.exe,"),
                             (r"Classes\CLSID" + "\\" + CLSID_PASSWORD + r"\InprocServer32", "@",
                              r"%SystemRoot%\system32\authui.dll")):
        got = get(key, value)
        if got != want:
            raise BuildError(f"{hive}: {key}\\{value} reads back as {got!r}")


def damage_torn_write(hive: Path) -> None:
    """What a torn write leaves: the primary sequence number bumped without the secondary, the base block
    checksum no longer matching, and the first hive bin's header (offset 0x1000) never written (zeros)."""
    data = bytearray(hive.read_bytes())
    primary, secondary = struct.unpack_from("<II", data, 4)
    struct.pack_into("<I", data, 4, secondary + 1)
    struct.pack_into("<I", data, 0x1FC, scenario_tool.checksum(bytes(data[:0x200])) ^ 0x5A5A5A5A)
    data[0x1000:0x1020] = bytes(0x20)
    hive.write_bytes(bytes(data))


# ---------------------------------------------------------------------------------------------------------------
# SYSTEM

def replay_system(repo: Path, fixtures: Path, out: Path, logfile: Path, cargo: Callable[..., bytes]) -> None:
    """The real dirty SYSTEM_B with its .LOG1/.LOG2 applied by the project's own reader."""
    d = fixtures / "registry/regipy__SYSTEM_B"
    try:
        text = cargo(["run", "--release", "--quiet", "-p", "vmrescue-registry", "--example", "recover", "--",
                      str(out), str(d / "SYSTEM_B"), str(d / "SYSTEM_B.LOG1"), str(d / "SYSTEM_B.LOG2")], cwd=repo,
                     with_stderr=True)
    except BuildError:
        raise BuildError("replaying SYSTEM_B failed (cargo run -p vmrescue-registry --example recover)") from None
    logfile.write_bytes(text)
    if b"outcome: Applied" not in text:
        raise BuildError(f"SYSTEM_B's logs were not applied (see {logfile})")
    run(["hivexml", out])


def build_system(replayed: Path, out: Path, keys: list[RegKey], times: list[KeyTime]) -> None:
    shutil.copyfile(replayed, out)
    apply_keys(out, keys, times)
