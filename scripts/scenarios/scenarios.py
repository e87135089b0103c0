"""THE SCENARIOS: one disk per cause that Azure's article names for stop 0xC000021A, a healthy disk and the
hard cases around them, as data. Each block says what the disk holds and what diagnose should conclude.

Every disk starts from the same base (layout.py): a Windows 10 Enterprise 22H2 x64 system, build 19045, UBR 3693,
whose binaries carry mixed 10.0.19041.x revisions and are projected from WinSxS (component_store.py).
REAL: SYSTEM_B (655 services incl. NVIDIA/Dropbox whose binaries are NOT on these disks, real
PendingFileRenameOperations for Config.Msi/Temp files, CrashDumpEnabled 7), SAM, BCD, the event logs.
SYNTHETIC: SOFTWARE, the PE stand-ins, CBS.log, pending.xml, INF, dumps, page files, every NTFS time.
Known inconsistencies (the real logs come from other machines and years): System.evtx is from another computer
than SYSTEM (DESKTOP-PM6C56D, keys last written 2018-04-06) and the log years (2017-2022) do not match the build
numbers (19045.3693 is from November 2023). Each scenario's own timeline is coherent with ITS System.evtx.

To add a scenario: write a function returning a Scenario below and add it to SCENARIOS (append: the position is
the disk's index, which is part of its GPT GUIDs and FAT volume id).
"""
from __future__ import annotations

from typing import Callable

from common import plus
from component_store import BUILD, binary
from dumps import Dump
from model import (CopyOver, Expectation, Generated, Pe, Put, Restore, Scenario, StagedUpdate, Timeline, bounds,
                   causes)
from pe_standins import PeSpec
from registry import (CBS, CRED, KB_PENDING, LCU_PENDING, PENDING_XML_ID, KeyTime, RegKey, credential_provider_keys,
                      dword, expand_sz, multi_sz, sz)
from texts import MinifilterPackage, cbs_benign, cbs_failed, cbs_staged_only, minifilter_inf

BELKASOFT = "evtx/museum__Win10-BelkasoftCTF__System.evtx"   # 2020-08-01T21:48:07Z .. 2021-02-14T02:37:09Z
RATHBUN = "evtx/museum__Win11-RathbunVM__System.evtx"         # 2022-02-05T18:51:03Z .. 2022-02-13T03:55:22Z
EVTX_RS = "evtx/evtx-rs__system.evtx"                         # 2017-07-12T07:18:24Z .. 2018-03-06T08:13:42Z
VSS = "evtx/evtx-rs__2-vss_7-System.evtx"                     # 2018-07-06T18:37:44Z .. 2018-08-08T14:44:03Z

STAGED_FILES = ("csrss.exe", "csrsrv.dll", "basesrv.dll", "winsrv.dll", "ntdll.dll")
CONTOSO = "Contoso Ltd."
CLSID_CONTOSO = "{a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d}"
CONTOSO_PRODUCT = "{9F2C4E11-3B7A-4D2E-8C51-6A0B7E3D2F18}"

BELKASOFT_NOTE = ("System.evtx (real, BelkasoftCTF, DESKTOP-23PS6ES) has WindowsUpdateClient 19 x8 and no event 20, "
                  "Kernel-Power 41 x5 all with BugcheckCode 0 and EventLog 6008 x3: earlier unexpected shutdowns, not "
                  "bug checks, and not this failure.")
RESIDUE_NOTES = [
    "SYSTEM (real) lists 655 services, some third-party (NVIDIA, Dropbox...); their binaries are not on this disk "
    "and none was installed near the failure: not evidence of a third-party cause.",
    "SYSTEM's PendingFileRenameOperations (real) only names Config.Msi, DriverStore\\Temp and TEMP files: not a "
    "pending servicing operation on system files.",
    "Mixed revisions are normal (each cumulative update replaces only the files it changes): compare each file "
    "with its own component folder, never with the majority; the f\\ r\\ delta folders of superseded versions are "
    "normal too.",
    "SYSTEM's KnownDLLs names wowarmhw.dll, which x64 Windows does not ship: it is absent on purpose and is not "
    "evidence.",
]
NOT_UPDATE_BELKASOFT = "no pending.xml, no CBS pending keys, CBS.log has no errors, System.evtx has WindowsUpdateClient 19 (success) only"


def sys32(f: str) -> str:
    return f"Windows/System32/{f}"


# ---------------------------------------------------------------------------------------------------------------
def healthy() -> Scenario:
    t = Timeline(install="2020-08-01 21:30:00", cumulative_update="2021-02-10 19:47:12",
                 logs="2021-02-14 02:39:21", hives="2021-02-14 02:39:18", pagefile="2021-02-14 02:32:48")
    return Scenario(
        name="healthy", system_log=BELKASOFT, timeline=t, cbs_log=cbs_benign("2021-02-14 02:04:40"),
        expect=Expectation(
            story="A healthy Windows 10 22H2 VM, shut down normally. Nothing on the disk points at a stop error.",
            top_cause=None, causes=causes(), bounds=bounds(None),
            assertion="no cause above low; stop_code null; no dump on the disk",
            steps=["prepare_dump"],
            timeline=[("2020-08-01T21:48:07Z", "first record of System.evtx (real)"),
                      ("2021-02-14T02:03:52Z", "Kernel-Power 41 with BugcheckCode 0 (real; the last of 5): an "
                                               "unexpected shutdown, not a bug check"),
                      ("2021-02-14T02:37:09Z", "last record of System.evtx (real)"),
                      (t.hives, "hives last written (shutdown; NTFS times)")],
            evidence_against=[
                "no MEMORY.DMP, no dump in pagefile.sys, no Minidump folder",
                "System.evtx: WindowsUpdateClient 19 x8 and no event 20; no BugCheck 1001; Kernel-Power 41 x5 all "
                "with BugcheckCode 0 and EventLog 6008 x3 (unexpected shutdowns: no stop code can be taken from them)",
                "no Windows/WinSxS/pending.xml; SOFTWARE Component Based Servicing has no RebootPending or "
                "PackagesPending",
                "every load-set binary is one record linked from its installed WinSxS component folder, with that "
                "folder's version (mixed revisions 10.0.19041.1 .. .3693, all in the 19041 family); none empty or "
                "all-zero",
                "Winlogon Shell/Userinit and AppInit_DLLs are the defaults; the only credential provider is "
                "Windows' password provider",
                "Setup.evtx (real, from another machine) ends with KB5010386 'reboot required' (event 4) and no "
                "completion: at most weak (low) evidence of a pending update"],
            notes=RESIDUE_NOTES + ["System.evtx comes from another computer (DESKTOP-23PS6ES) than SYSTEM "
                                   "(DESKTOP-PM6C56D)."]))


# ---------------------------------------------------------------------------------------------------------------
def failed_update() -> Scenario:
    cbs = cbs_failed("2022-02-13 03:56:02")             # staging; the failure at +576, the log ends at +579
    t = Timeline(install="2022-02-05 18:32:11", cumulative_update="2022-02-07 07:36:50",
                 logs="2022-02-13 04:05:44", hives="2022-02-13 04:06:58", pagefile="2022-02-13 04:08:41",
                 crash="2022-02-13 04:07:03", dump_written="2022-02-13 04:08:41")
    staged = StagedUpdate(STAGED_FILES, folders_written=plus(cbs.start, 540), pending_xml_written="2022-02-13 04:05:12")
    return Scenario(
        name="failed-update", system_log=RATHBUN, timeline=t, cbs_log=cbs, staged_update=staged,
        dump=Dump("memory_dump", "Windows SubSystem", "csrss.exe", "0xC0000142", "STATUS_DLL_INIT_FAILED", 32),
        expect=Expectation(
            story="Windows Update staged the December 2023 cumulative update KB5033372 (19041.3803) into new "
                  "component folders; the shutdown-time processing of its pending operations failed "
                  "(CBS_E_INSTALLERS_FAILED) and the next boot stopped with 0xC000021A when csrss.exe failed to "
                  "initialize.",
            top_cause="failed_update", causes=causes(failed_update="high"), bounds=bounds("failed_update"),
            assertion="failed_update ranked first with likelihood high; stop_code 0xC000021A from \\Windows\\MEMORY.DMP",
            decisive=["ev-cbs-failure", "ev-pending-xml"], steps=["collect"],
            timeline=[(t.cumulative_update, "cumulative update 19041.3693 binaries written (NTFS times), CBS\\Packages "
                                            "KB5032189 installed"),
                      ("2022-02-05T19:17:25Z", "first of 5 WindowsUpdateClient 20 install failures in System.evtx "
                                               "(real; 0x80073d02, 0x80240016: Store app and Defender updates)"),
                      ("2022-02-13T03:55:22Z", "last record of System.evtx (real)"),
                      (cbs.start, f"CBS.log: TrustedInstaller session for {LCU_PENDING} (KB5033372)"),
                      (staged.folders_written, "the 10.0.19041.3803 component folders written (single link)"),
                      (staged.pending_xml_written, f"Windows\\WinSxS\\pending.xml written (Identifier {PENDING_XML_ID}); "
                                                   "CBS RebootPending, PackagesPending keys"),
                      (plus(cbs.start, 576), "CBS.log: Failed to process advanced operation queue ... "
                                             "CBS_E_INSTALLERS_FAILED (0x800f0922)"),
                      (t.crash or "", "bug check 0xC000021A (dump SystemTime), csrss.exe 0xC0000142"),
                      (t.dump_written or "", "MEMORY.DMP written (NTFS times)")],
            evidence_for={"failed_update": [
                {"artifact": "\\Windows\\WinSxS\\pending.xml", "fact": f"present: PendingTransaction Version 3.1, "
                 f"Identifier {PENDING_XML_ID}, installs Package_for_RollupFix 19041.3803.1.8 (identifier KB5033372); "
                 "POQ with MoveFile/HardlinkFile of csrss.exe, csrsrv.dll, basesrv.dll, winsrv.dll, ntdll.dll and "
                 "SetKeyValue UBR; Checkpoint; InstallerQueue", "synthetic": True},
                {"artifact": f"HKLM\\SOFTWARE\\{CBS}", "fact": f"value PendingXmlIdentifier = {PENDING_XML_ID}; "
                 f"subkeys RebootPending, PackagesPending\\{LCU_PENDING} and \\{KB_PENDING}; Packages\\...19041.3803.1.8 "
                 "CurrentState 0x60 (install pending)", "synthetic": True},
                {"artifact": "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired",
                 "fact": "present", "synthetic": True},
                {"artifact": "\\Windows\\Logs\\CBS\\CBS.log", "fact": "ends with Error lines [HRESULT = 0x800f0922 - "
                 "CBS_E_INSTALLERS_FAILED] ('Startup: Failed to process advanced operation queue') minutes before "
                 "the crash", "synthetic": True},
                {"artifact": "\\Windows\\System32\\winevt\\Logs\\System.evtx", "fact": "Microsoft-Windows-"
                 "WindowsUpdateClient event 20 x5 (install failures of Store apps and a Defender definition update, "
                 "0x80073d02 and 0x80240016; real)", "synthetic": False},
                {"artifact": "\\Windows\\System32\\winevt\\Logs\\Setup.evtx", "fact": "KB5010386 initiated (event 1) "
                 "and 'reboot required' (event 4), no completion (real)", "synthetic": False},
                {"artifact": "\\Windows\\WinSxS\\amd64_microsoft-windows-*_10.0.19041.3803_*", "fact": "staged "
                 "10.0.19041.3803 csrss.exe, csrsrv.dll, basesrv.dll, winsrv.dll, ntdll.dll (PE stand-ins) in their "
                 "own new component folders, single link: System32 still links to the installed versions",
                 "synthetic": True}]},
            evidence_against={
                "mismatched_system_files": "every System32 load-set file is still the same record as its installed "
                    "component's payload (the pending queue never ran); the 3803 files are only staged in WinSxS "
                    "(single-link staged versions are normal while an update is pending)",
                "incomplete_restore": "no empty or all-zero hives or binaries; no broken links; NTFS times follow "
                    "install/update/boot",
                "third_party_program": "no non-Microsoft credential provider, Winlogon or AppInit change; the "
                    "third-party services in the real SYSTEM were not installed near the crash"},
            synthetic=[
                {"path": "Windows/WinSxS/pending.xml", "how": "written by the build script, modelled on the "
                 "PendingTransaction 3.1 structure (Transactions/Install, POQ, Checkpoint, InstallerQueue)"},
                {"path": "Windows/WinSxS/amd64_<component>_..._10.0.19041.3803_none_*/{csrss.exe,csrsrv.dll,basesrv.dll,"
                 "winsrv.dll,ntdll.dll}", "how": "PE stand-ins, version 10.0.19041.3803, single link"},
                {"path": "Windows/MEMORY.DMP", "how": "crates/dump-synth (c000021a_x64): 0xC000021A, Arg1 -> "
                 "\"Windows SubSystem\", Arg2 0xC0000142"}],
            notes=RESIDUE_NOTES + [
                "The real Setup.evtx and System.evtx come from a Windows 11 VM (2022); the pending KB in "
                "pending.xml/CBS (KB5033372) is not the one Setup.evtx names (KB5010386). Both point to a pending, "
                "unfinished update.",
                "SYSTEM is the real dirty SYSTEM_B (its Session Manager has no SetupExecute value).",
                "CBS.log lines are in local time (Eastern Standard Time, UTC-5 in February): the failure reads "
                "2022-02-12 23:05:38 local = 2022-02-13T04:05:38Z."]))


# ---------------------------------------------------------------------------------------------------------------
def mismatched_files() -> Scenario:
    t = Timeline(install="2020-08-01 21:30:00", cumulative_update="2021-02-10 19:47:12",
                 logs="2021-02-14 02:37:12", hives="2021-02-14 02:41:31", pagefile="2021-02-14 02:43:12",
                 crash="2021-02-14 02:41:37", dump_written="2021-02-14 02:43:12")
    copied, old = "2021-02-14 02:40:19", "2021-01-13 02:58:41"   # the copies keep their source's (older) mtime
    replaced = ("csrss.exe", "winsrv.dll", "basesrv.dll")
    return Scenario(
        name="mismatched-files", system_log=BELKASOFT, timeline=t, cbs_log=cbs_benign("2021-02-14 02:04:40"),
        files=[CopyOver(copied, sys32(f), Pe(binary(f).spec(3570)), times=(copied, old, copied)) for f in replaced],
        dump=Dump("memory_dump", "Windows SubSystem", "csrss.exe", "0xC0000139", "STATUS_ENTRYPOINT_NOT_FOUND", 35),
        expect=Expectation(
            story="Someone copied csrss.exe, winsrv.dll and basesrv.dll (10.0.19041.3570) from another machine over "
                  "this system's files; the copies are new files that no component folder on this disk has, and "
                  "the installed payloads in WinSxS lost their System32 link. At the next boot csrss.exe died with "
                  "STATUS_ENTRYPOINT_NOT_FOUND.",
            top_cause="mismatched_system_files", causes=causes(mismatched_system_files="high"),
            bounds=bounds("mismatched_system_files"),
            assertion="mismatched_system_files ranked first with likelihood high; stop_code 0xC000021A from "
                      "\\Windows\\MEMORY.DMP",
            decisive=["ev-file-replaced"], steps=["collect"],
            extra={"versions": {
                "registry": "19045.3693 (CurrentBuild 19045, UBR 3693)",
                "installed": {f: binary(f).version for f in replaced},
                "mismatched": {f"Windows\\System32\\{f}": f"{BUILD}.3570" for f in replaced},
                "note": "3570 exists in no component folder of csrss, winsrv or basesrv on this disk; other "
                        "load-set files legitimately carry 3570 (their own components' version)"}},
            timeline=[(old, "NTFS modification time of the three 3570 copies (kept from their source)"),
                      (t.cumulative_update, "cumulative update 19041.3693 binaries written"),
                      ("2021-02-14T02:37:09Z", "last record of System.evtx (real)"),
                      (copied, "the three System32 names unlinked and the 3570 copies written as new records "
                               "(created = MFT change = this time; modified before created)"),
                      (t.crash or "", "bug check 0xC000021A (dump SystemTime), csrss.exe 0xC0000139"),
                      (t.dump_written or "", "MEMORY.DMP written")],
            evidence_for={"mismatched_system_files": [
                {"artifact": f"\\Windows\\System32\\{f}", "fact": f"FileVersion {BUILD}.3570 on its own MFT record "
                 f"(one link); the installed component folder holds {binary(f).version} and its payload is now "
                 "single-link; no component folder has 3570", "synthetic": True} for f in replaced] + [
                {"artifact": "\\Windows\\MEMORY.DMP", "fact": "0xC000021A, csrss.exe (Windows SubSystem) died with "
                 "0xC0000139 STATUS_ENTRYPOINT_NOT_FOUND", "synthetic": True}]},
            evidence_against={"failed_update": NOT_UPDATE_BELKASOFT,
                              "incomplete_restore": "no empty or all-zero files; SOFTWARE and SYSTEM are valid hives; "
                                  "the copies have a version no component has (not a restore of the same files)",
                              "third_party_program": "no non-Microsoft code registered near the crash"},
            synthetic=[
                {"path": "Windows/System32/{csrss.exe,winsrv.dll,basesrv.dll}", "how": "PE stand-ins, version "
                 "10.0.19041.3570, written as new records after unlinking the projected names; created/modified/"
                 "accessed set through ntfs-3g's system.ntfs_times"},
                {"path": "Windows/MEMORY.DMP", "how": "crates/dump-synth (c000021a_x64): 0xC000021A, Arg1 -> "
                 "\"Windows SubSystem\", Arg2 0xC0000139"}],
            notes=RESIDUE_NOTES + [BELKASOFT_NOTE,
                                   "Windows 10 22H2 (build 19045) binaries carry 10.0.19041.x file versions: 19041 vs "
                                   "19045 is not a mismatch."]))


# ---------------------------------------------------------------------------------------------------------------
def third_party() -> Scenario:
    tp = "2018-03-06 08:14:27"                          # Contoso Endpoint Agent installed
    t = Timeline(install="2017-07-12 07:05:00", cumulative_update="2018-02-14 03:21:09",
                 logs="2018-03-06 08:14:58", hives="2018-03-06 08:16:40", pagefile="2018-03-06 08:16:51",
                 crash="2018-03-06 08:16:51")
    agent = PeSpec("agent.exe", "gui", "4.2.1.17", "Contoso Endpoint Agent Service", "agent", company=CONTOSO,
                   product="Contoso Endpoint Agent", copyright="Copyright \u00a9 2018 Contoso Ltd.")
    cp = PeSpec("ContosoCP.dll", "dll", "4.2.1.17", "Contoso Credential Provider", "ContosoCP",
                ("DllGetClassObject", "DllCanUnloadNow"), company=CONTOSO, product="Contoso Endpoint Agent",
                copyright="Copyright \u00a9 2018 Contoso Ltd.")
    svc = r"ControlSet001\Services\ContosoAgent"
    return Scenario(
        name="third-party", system_log=EVTX_RS, timeline=t, cbs_log=cbs_benign("2018-03-06 07:41:05"),
        software_keys=credential_provider_keys(CLSID_CONTOSO, "ContosoCredentialProvider", "Contoso Credential "
                                               "Provider", r"C:\Program Files\Contoso\ContosoCP.dll", tp) + [
            RegKey(f"Microsoft\\Windows\\CurrentVersion\\Uninstall\\{CONTOSO_PRODUCT}", {
                "DisplayName": sz("Contoso Endpoint Agent"), "DisplayVersion": sz("4.2.1.17"),
                "Publisher": sz(CONTOSO), "InstallDate": sz(tp[:10].replace("-", "")),
                "InstallLocation": sz("C:\\Program Files\\Contoso\\"),
                "UninstallString": sz(f"MsiExec.exe /X{CONTOSO_PRODUCT}"), "WindowsInstaller": dword(1),
                "EstimatedSize": dword(0xA3C)}, time=tp),
            RegKey(r"Contoso\Endpoint Agent", {"Version": sz("4.2.1.17"), "InstallDir": sz("C:\\Program Files\\Contoso\\"),
                                               "CredentialProvider": sz(CLSID_CONTOSO)}, time=tp)],
        software_times=[KeyTime(CRED, tp), KeyTime(r"Classes\CLSID", tp), KeyTime("", tp),
                        KeyTime(r"Microsoft\Windows\CurrentVersion\Uninstall", tp)],
        system_keys=[
            RegKey(svc, {"Type": dword(0x10), "Start": dword(2), "ErrorControl": dword(1),
                         "ImagePath": expand_sz('"C:\\Program Files\\Contoso\\agent.exe"'),
                         "DisplayName": sz("Contoso Endpoint Agent"),
                         "Description": sz("Contoso Endpoint Agent: device compliance and sign-in protection"),
                         "ObjectName": sz("LocalSystem"), "DelayedAutostart": dword(0)}, time=tp),
            RegKey(svc + r"\Parameters", {"CredentialProvider": sz(CLSID_CONTOSO), "LogLevel": dword(2)}, time=tp)],
        system_times=[KeyTime(r"ControlSet001\Services", tp)],
        mkdirs=[(tp, "Program Files/Contoso")],
        files=[Put(plus(tp, -4), "Program Files/Contoso/agent.exe", Pe(agent)),
               Put(plus(tp, -3), "Program Files/Contoso/ContosoCP.dll", Pe(cp))],
        dump=Dump("pagefile_dump", "Windows Logon Process", "winlogon.exe", "0xC0000005", "STATUS_ACCESS_VIOLATION", 48),
        expect=Expectation(
            story=f"Contoso Endpoint Agent (a service and a credential provider from Contoso Ltd.) was installed at "
                  f"{tp} UTC; after the restart winlogon.exe died with an access violation 144 s later. The crash "
                  "dump never left pagefile.sys.",
            top_cause="third_party_program", causes=causes(third_party_program="high"),
            bounds=bounds("third_party_program"),
            assertion="third_party_program ranked first with likelihood high; stop_code 0xC000021A from the dump at "
                      "offset 0 of \\pagefile.sys; there is no MEMORY.DMP",
            steps=["collect"],
            timeline=[("2017-12-26T13:11:52Z", "last Service Control Manager 7045 in System.evtx (real; MpKsl "
                                               "Defender driver, not Contoso)"),
                      (t.cumulative_update, "cumulative update 19041.3693 binaries written"),
                      ("2018-03-06T08:13:42Z", "last record of System.evtx (real)"),
                      (plus(tp, -4), "C:\\Program Files\\Contoso\\agent.exe created (NTFS times)"),
                      (plus(tp, -3), "C:\\Program Files\\Contoso\\ContosoCP.dll created"),
                      (tp, f"SYSTEM ControlSet001\\Services\\ContosoAgent and SOFTWARE credential provider "
                           f"{CLSID_CONTOSO}, Uninstall\\{CONTOSO_PRODUCT} written (key LastWrite times)"),
                      (t.crash or "", "bug check 0xC000021A (dump SystemTime in pagefile.sys), winlogon.exe 0xC0000005")],
            evidence_for={"third_party_program": [
                {"artifact": f"HKLM\\SOFTWARE\\{CRED}\\{CLSID_CONTOSO}", "fact": "ContosoCredentialProvider; CLSID "
                 "InprocServer32 = C:\\Program Files\\Contoso\\ContosoCP.dll (CompanyName Contoso Ltd., 4.2.1.17); "
                 f"key written {tp}", "synthetic": True},
                {"artifact": f"HKLM\\SYSTEM\\{svc}", "fact": "Type 0x10, Start 2 (auto), ImagePath \"C:\\Program "
                 f"Files\\Contoso\\agent.exe\" (CompanyName Contoso Ltd.), LocalSystem; key written {tp}",
                 "synthetic": True},
                {"artifact": f"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{CONTOSO_PRODUCT}",
                 "fact": "Contoso Endpoint Agent 4.2.1.17, Publisher Contoso Ltd., InstallDate 20180306",
                 "synthetic": True},
                {"artifact": "\\pagefile.sys", "fact": f"dump: 0xC000021A, winlogon.exe (Windows Logon Process) "
                 f"0xC0000005 at {t.crash}, 2.5 min after the install", "synthetic": True},
                {"artifact": "\\Windows\\System32\\winevt\\Logs\\System.evtx", "fact": "Service Control Manager 7045 "
                 "x57, 7000 x3, 7026 x3, 7023 x12 (real; they name VMware, Google, Mozilla, Sysmon, Defender "
                 "services - NOT ContosoAgent: the link between a 7045 event and ContosoAgent is absent)",
                 "synthetic": False}]},
            evidence_against={
                "mismatched_system_files": "every load-set file is projected from its installed component folder "
                                           "with that folder's version",
                "failed_update": "no pending.xml, no CBS pending keys, CBS.log has no errors; System.evtx's "
                                 "WindowsUpdateClient 20 x5 (real: KB4025342 0x80248007 in 2017-07, KB890830 in "
                                 "2017-12) are months before the crash and were followed by normal operation",
                "incomplete_restore": "no empty or all-zero files, no broken links"},
            synthetic=[
                {"path": "Program Files/Contoso/agent.exe, ContosoCP.dll", "how": "PE stand-ins, CompanyName Contoso "
                 "Ltd., ProductName Contoso Endpoint Agent, 4.2.1.17"},
                {"path": "pagefile.sys", "how": "the crates/dump-synth dump (0xC000021A, Arg1 -> \"Windows Logon "
                 "Process\", Arg2 0xC0000005, 0x402000 bytes) at offset 0, then pseudo-random bytes to 8 MiB"}],
            notes=RESIDUE_NOTES + [
                "Credential providers run in LogonUI.exe, which winlogon.exe starts; the dump names winlogon.exe.",
                "System.evtx comes from another computer (DESKTOP-2KGM189) than SYSTEM (DESKTOP-PM6C56D); SYSTEM's "
                "other keys keep their real times (up to 2018-04-06, after this crash)."]))


# ---------------------------------------------------------------------------------------------------------------
RESTORED_BINARIES = ("ntdll.dll", "csrss.exe", "kernel32.dll", "kernelbase.dll", "user32.dll", "winlogon.exe",
                     "lsass.exe", "services.exe", "authui.dll", "sxssrv.dll")
RESTORED_FILES = tuple(f"Windows/System32/config/{h}" for h in ("SYSTEM", "SYSTEM.LOG1", "SYSTEM.LOG2", "SOFTWARE",
                                                                   "SAM")) + tuple(
    f"Windows/System32/winevt/Logs/{e}.evtx" for e in ("System", "Setup", "Application"))


def botched_restore() -> Scenario:
    t = Timeline(install="2018-07-06 18:20:00", cumulative_update="2018-07-11 03:12:40",
                 logs="2018-08-08 14:46:08", hives="2018-08-08 14:46:05", pagefile="2018-08-09 10:24:41",
                 crash="2018-08-09 10:23:05", dump_written="2018-08-09 10:24:41")
    restore = Restore("2018-08-09 10:21:37", RESTORED_FILES, RESTORED_BINARIES,
                      zeroed={"ntdll.dll": 2_000_000, "csrss.exe": 22_016})
    return Scenario(
        name="botched-restore", system_log=VSS, timeline=t, cbs_log=cbs_benign("2018-08-08 14:21:17"),
        software="empty", restore=restore,
        dump=Dump("memory_dump", "Windows SubSystem", "csrss.exe", "0xC000007B", "STATUS_INVALID_IMAGE_FORMAT", 29),
        expect=Expectation(
            story="A backup program restored the system files one by one the day after the last log record: every "
                  "restored System32 binary came back as a separate file (its WinSxS link broken, same version as "
                  "its component), and the files that were in use during the backup came back broken: SOFTWARE "
                  "empty, ntdll.dll and csrss.exe all zeros. The first boot after the restore stopped with 0xC000021A.",
            top_cause="incomplete_restore", causes=causes(incomplete_restore="high", mismatched_system_files="low"),
            bounds=bounds("incomplete_restore", mismatched_system_files="medium"),
            assertion="incomplete_restore ranked first with likelihood high; the all-zero binaries may raise "
                      "mismatched_system_files to at most medium",
            # SOFTWARE came back empty: a damaged hive leads to the 0x74 / 0xC000014C hive procedure first.
            decisive=[["ev-links-broken-together", "ev-file-all-zero"]], steps=["kb_hive_corruption_1", "collect"],
            extra={"restore": {
                "time": restore.time,
                "restored_paths": [p.replace("/", "\\") for p in RESTORED_FILES] +
                                  [f"Windows\\System32\\{f}" for f in RESTORED_BINARIES],
                "restored_times": f"all four NTFS times (created, modified, accessed, MFT changed) = {restore.time}",
                "links_broken": {f"Windows\\System32\\{f}": binary(f).winsxs_path().replace("/", "\\")
                                 for f in RESTORED_BINARIES},
                "untouched_times": f"created = modified = the time of their revision (install {t.install} .. update "
                                   f"{t.cumulative_update})",
                "empty": {"Windows\\System32\\config\\SOFTWARE": 0},
                "all_zero": {"Windows\\System32\\ntdll.dll": 2000000, "Windows\\System32\\csrss.exe": 22016}}},
            timeline=[(t.cumulative_update, "cumulative update 19041.3693 binaries written (the untouched ones keep "
                                            "their revision's time)"),
                      ("2018-08-08T14:44:03Z", "last record of System.evtx (real; a log recovered from a volume "
                                               "shadow copy)"),
                      (restore.time, "restore: every restored file is a new record with this time; SOFTWARE empty, "
                                     "ntdll.dll and csrss.exe all zeros; ten System32 binaries lose their WinSxS link"),
                      (t.crash or "", "bug check 0xC000021A (dump SystemTime), csrss.exe 0xC000007B"),
                      (t.dump_written or "", "MEMORY.DMP written")],
            evidence_for={"incomplete_restore": [
                {"artifact": "\\Windows\\System32\\config\\SOFTWARE", "fact": "zero-length (no regf header)",
                 "synthetic": True},
                {"artifact": "\\Windows\\System32\\ntdll.dll", "fact": "2,000,000 bytes, all zero", "synthetic": True},
                {"artifact": "\\Windows\\System32\\csrss.exe", "fact": "22,016 bytes, all zero", "synthetic": True},
                {"artifact": "(hard links)", "fact": "ten System32 load-set binaries are separate records created in "
                 f"the same second ({restore.time}); their installed WinSxS payloads are single-link; the eight "
                 "readable ones carry their component's version (a restore, not a mismatch)", "synthetic": True},
                {"artifact": "(NTFS times)", "fact": f"18 files share one creation/modification time {restore.time}, "
                 "after the last event-log record; untouched system files keep their 2018-07 times",
                 "synthetic": True},
                {"artifact": "\\Windows\\System32\\config\\RegBack", "fact": "zero-byte hives (normal on 1803+, so no "
                 "fallback copy of SOFTWARE)", "synthetic": True}]},
            evidence_against={
                "failed_update": "no pending.xml, CBS.log has no errors; System.evtx's only WindowsUpdateClient 20 "
                                 "are two Store app updates on 2018-07-12 (real, 0x8024001e), four weeks before",
                "third_party_program": "no non-Microsoft code registered; SOFTWARE cannot be read (empty), so "
                                       "credential providers/Winlogon cannot be checked",
                "mismatched_system_files": "the readable restored binaries have exactly their component's version; "
                                           "the all-zero ones have no version"},
            synthetic=[
                {"path": "Windows/System32/config/SOFTWARE", "how": "zero-length file"},
                {"path": "Windows/System32/ntdll.dll, csrss.exe", "how": "all-zero files of 2,000,000 and 22,016 bytes, "
                 "new records"},
                {"path": "Windows/System32/{kernel32,kernelbase,user32,authui,sxssrv}.dll, {winlogon,lsass,services}.exe",
                 "how": "copies of the component payloads (same bytes, same version) written as new records at the "
                        "restore time after unlinking the projected names"},
                {"path": "Windows/MEMORY.DMP", "how": "crates/dump-synth (c000021a_x64): 0xC000021A, Arg1 -> "
                 "\"Windows SubSystem\", Arg2 0xC000007B"}],
            notes=RESIDUE_NOTES + [
                "With SOFTWARE empty the registry gives no build/UBR: the OS version can only come from the binaries "
                "(10.0.19041.x) and the dump (build 19041).",
                "SYSTEM is the real dirty SYSTEM_B with its logs (restored intact); it is readable."]))


# ---------------------------------------------------------------------------------------------------------------
FLT = MinifilterPackage(service="contosoflt", sys_file="contosoflt.sys", provider=CONTOSO,
                        description="Contoso File Activity Filter", altitude="385100", version="2.3.0.118",
                        date="02/01/2021")
CLSID_CONTOSO_CP = "{5d0b2e1f-8c3a-4e69-b7d4-1a2f3c4e5d6f}"
DRIVER_STORE = "Windows/System32/DriverStore/FileRepository/contosoflt.inf_amd64_7c1e9a4b2d6f0e38"


def third_party_driver() -> Scenario:
    t = Timeline(install="2020-08-01 21:30:00", cumulative_update="2021-02-10 19:47:12",
                 logs="2021-02-14 02:37:12", hives="2021-02-14 02:37:14", pagefile="2021-02-14 02:39:25")
    inf_at, sys_at, svc_at, cp_at = ("2021-02-14 02:31:38", "2021-02-14 02:31:39", "2021-02-14 02:31:40",
                                     "2021-02-14 02:31:45")
    driver = PeSpec("contosoflt.sys", "driver", FLT.version, FLT.description, "contosoflt.sys", company=CONTOSO,
                    product="Contoso File Activity Monitor", copyright="Copyright \u00a9 2021 Contoso Ltd.")
    cp = PeSpec("ContosoCP.dll", "dll", "2.3.0.118", "Contoso Credential Provider", "ContosoCP",
                ("DllGetClassObject", "DllCanUnloadNow"), company=CONTOSO, product="Contoso File Activity Monitor",
                copyright="Copyright \u00a9 2021 Contoso Ltd.")
    inf = Generated("oem42.inf", lambda: minifilter_inf(FLT))
    svc = r"ControlSet001\Services\contosoflt"
    return Scenario(
        name="third-party-driver", system_log=BELKASOFT, timeline=t, cbs_log=cbs_benign("2021-02-14 02:04:40"),
        software_keys=credential_provider_keys(CLSID_CONTOSO_CP, "Contoso Credential Provider",
                                               "Contoso Credential Provider", "ContosoCP.dll", cp_at),
        software_times=[KeyTime(CRED, cp_at), KeyTime(r"Classes\CLSID", cp_at)],
        system_keys=[
            RegKey(svc, {"Type": dword(2), "Start": dword(0), "ErrorControl": dword(1),
                         "Group": sz("FSFilter Activity Monitor"),
                         "ImagePath": expand_sz(r"system32\drivers\contosoflt.sys"),
                         "DisplayName": sz("contosoflt"), "Description": sz(FLT.description),
                         "DependOnService": multi_sz(["FltMgr"]), "SupportedFeatures": dword(3),
                         "DebugFlags": dword(0)}, time=svc_at),
            RegKey(svc + r"\Instances", {"DefaultInstance": sz("contosoflt Instance")}, time=svc_at),
            RegKey(svc + r"\Instances\contosoflt Instance", {"Altitude": sz(FLT.altitude), "Flags": dword(0)},
                   time=svc_at)],
        system_times=[KeyTime(r"ControlSet001\Services", svc_at)],
        mkdirs=[(inf_at, DRIVER_STORE)],
        files=[Put(inf_at, "Windows/INF/oem42.inf", inf),
               Put(inf_at, f"{DRIVER_STORE}/contosoflt.inf", inf),
               Put(inf_at, f"{DRIVER_STORE}/contosoflt.sys", Pe(driver)),
               Put(sys_at, "Windows/System32/drivers/contosoflt.sys", Pe(driver)),
               Put(cp_at, "Windows/System32/ContosoCP.dll", Pe(cp))],
        expect=Expectation(
            story="A Contoso file-activity minifilter (boot-start, FSFilter Activity Monitor, altitude 385100) and a "
                  "Contoso credential provider were installed minutes before the VM's last logged session ended; the "
                  "VM has not come back since. No dump exists (neither MEMORY.DMP nor one in pagefile.sys), so the "
                  "stop code is unknown to the disk: the time anchor is System.evtx's last record and the hive times.",
            top_cause="third_party_program", causes=causes(third_party_program="high"),
            bounds=bounds("third_party_program", top_range=("medium", "high")),
            assertion="third_party_program ranked first (medium or high); stop_code null; no dump on the disk",
            decisive=["ev-third-party-driver"], steps=["prepare_dump"],
            timeline=[(t.cumulative_update, "cumulative update 19041.3693 binaries written"),
                      (inf_at, "Windows\\INF\\oem42.inf and the DriverStore package contosoflt.inf_amd64_* written"),
                      (sys_at, "Windows\\System32\\drivers\\contosoflt.sys written (CompanyName Contoso Ltd.)"),
                      (svc_at, f"SYSTEM {svc} (Start 0, FSFilter Activity Monitor) written (key LastWrite)"),
                      (cp_at, f"Windows\\System32\\ContosoCP.dll and SOFTWARE credential provider {CLSID_CONTOSO_CP}"),
                      ("2021-02-14T02:37:09Z", "last record of System.evtx (real): the last session ends"),
                      (t.hives, "hives last written (the shutdown before the failing boot)"),
                      (t.pagefile, "pagefile.sys written at the next boot (no dump in it)")],
            evidence_for={"third_party_program": [
                {"artifact": f"HKLM\\SYSTEM\\{svc}", "fact": "Type 2 (file system driver), Start 0 (boot), Group "
                 "FSFilter Activity Monitor, ImagePath system32\\drivers\\contosoflt.sys, Instances\\contosoflt "
                 f"Instance Altitude 385100; key written {svc_at}, 5.5 min before System.evtx's last record",
                 "synthetic": True},
                {"artifact": "\\Windows\\System32\\drivers\\contosoflt.sys", "fact": "CompanyName Contoso Ltd., "
                 f"FileDescription {FLT.description}, {FLT.version}; single link, created {sys_at}",
                 "synthetic": True},
                {"artifact": "\\Windows\\INF\\oem42.inf", "fact": "Provider Contoso Ltd., Class ActivityMonitor "
                 "(an OEM driver package); DriverStore copy in FileRepository\\contosoflt.inf_amd64_*",
                 "synthetic": True},
                {"artifact": f"HKLM\\SOFTWARE\\{CRED}\\{CLSID_CONTOSO_CP}", "fact": "InprocServer32 = ContosoCP.dll "
                 "(a bare name, resolved through System32; CompanyName Contoso Ltd.)", "synthetic": True}]},
            evidence_against={
                "mismatched_system_files": "every load-set file is projected from its installed component folder",
                "failed_update": NOT_UPDATE_BELKASOFT,
                "incomplete_restore": "no empty or all-zero files, no broken links; hives are valid"},
            synthetic=[
                {"path": "Windows/System32/drivers/contosoflt.sys, DriverStore/FileRepository/contosoflt.inf_amd64_*/"
                 "contosoflt.sys", "how": "PE stand-in of a kernel driver (native subsystem), CompanyName Contoso Ltd."},
                {"path": "Windows/INF/oem42.inf, DriverStore/.../contosoflt.inf", "how": "a short minifilter INF in "
                 "the WDK sample's format (Provider Contoso Ltd., Class ActivityMonitor)"},
                {"path": "Windows/System32/ContosoCP.dll", "how": "PE stand-in DLL, CompanyName Contoso Ltd."}],
            notes=RESIDUE_NOTES + [BELKASOFT_NOTE,
                                   "A boot-start minifilter loads before csrss; its failure could also show as other "
                                   "stop codes: without a dump only 'a suspect changed in the window' can be said."]))


# ---------------------------------------------------------------------------------------------------------------
def staged_update() -> Scenario:
    # The update is staged during the last session of the real System.evtx (Kernel-General 12 at 02:32:47):
    # pending.xml must be newer than every session start, or a boot would have run it already.
    cbs = cbs_staged_only("2021-02-14 02:33:20")
    t = Timeline(install="2020-08-01 21:30:00", cumulative_update="2021-02-10 19:47:12",
                 logs="2021-02-14 02:45:40", hives="2021-02-14 02:47:31", pagefile="2021-02-14 02:49:12",
                 crash="2021-02-14 02:47:37", dump_written="2021-02-14 02:49:12")
    staged = StagedUpdate(STAGED_FILES, folders_written=plus(cbs.start, 540),
                          pending_xml_written=plus(cbs.start, 550))
    return Scenario(
        name="staged-update", system_log=BELKASOFT, timeline=t, cbs_log=cbs, staged_update=staged,
        dump=Dump("memory_dump", "Windows SubSystem", "csrss.exe", "0xC0000142", "STATUS_DLL_INIT_FAILED", 35),
        expect=Expectation(
            story="Windows Update staged KB5033372 (19041.3803) and asked for a reboot; nothing logged a failure. "
                  "The first boot after staging stopped with 0xC000021A (csrss.exe, STATUS_DLL_INIT_FAILED). The "
                  "staged update is a real suspect, but the flags of a pending update alone never make it 'high'.",
            top_cause="failed_update", causes=causes(failed_update="medium"),
            bounds=bounds("failed_update", top_range=("medium", "medium")),
            assertion="failed_update ranked first with likelihood exactly medium (pending, no failure record)",
            decisive=["ev-pending-xml"], steps=["collect"],
            timeline=[(t.cumulative_update, "cumulative update 19041.3693 binaries written"),
                      (cbs.start, f"CBS.log: TrustedInstaller session for {LCU_PENDING} (KB5033372)"),
                      (staged.folders_written, "the 10.0.19041.3803 component folders written (single link)"),
                      (staged.pending_xml_written, "pending.xml written; CBS RebootPending, PackagesPending keys"),
                      (plus(cbs.start, 551), "CBS.log: 'Reboot required: yes [HRESULT = 0x00000000 - S_OK]'; no failure"),
                      ("2021-02-14T02:37:09Z", "last record of System.evtx (real)"),
                      (t.crash or "", "bug check 0xC000021A (dump SystemTime), csrss.exe 0xC0000142"),
                      (t.dump_written or "", "MEMORY.DMP written")],
            evidence_for={"failed_update": [
                {"artifact": "\\Windows\\WinSxS\\pending.xml", "fact": "present: KB5033372 (19041.3803) queued, "
                 f"written {staged.pending_xml_written}, before the crash at the first boot after it",
                 "synthetic": True},
                {"artifact": f"HKLM\\SOFTWARE\\{CBS}", "fact": "RebootPending, PackagesPending, Packages\\...3803 "
                 "CurrentState 0x60 (install pending)", "synthetic": True},
                {"artifact": "\\Windows\\MEMORY.DMP", "fact": "0xC000021A, csrss.exe 0xC0000142 at the first boot "
                 "after staging", "synthetic": True}]},
            evidence_against={
                "failed_update (why not high)": "CBS.log ends with the staging session 'Reboot required: yes' (S_OK) "
                                                "and no failure phrase; System.evtx has no WindowsUpdateClient 20",
                "mismatched_system_files": "every System32 load-set file is still projected from its installed "
                                           "component; the 3803 files are staged only (single link, normal while "
                                           "pending)",
                "incomplete_restore": "no empty or all-zero files, no broken links",
                "third_party_program": "no non-Microsoft code registered near the crash"},
            synthetic=[
                {"path": "Windows/WinSxS/pending.xml, amd64_<component>_..._10.0.19041.3803_none_*/*",
                 "how": "as in failed-update: PendingTransaction 3.1 and the staged PE stand-ins (single link)"},
                {"path": "Windows/MEMORY.DMP", "how": "crates/dump-synth (c000021a_x64): 0xC000021A, Arg1 -> "
                 "\"Windows SubSystem\", Arg2 0xC0000142"}],
            notes=RESIDUE_NOTES + [BELKASOFT_NOTE,
                                   "SYSTEM is the real SYSTEM_B, whose Session Manager has no SetupExecute value; a "
                                   "real staged update would also set it (poqexec)."]))


# ---------------------------------------------------------------------------------------------------------------
def corrupt_hive() -> Scenario:
    t = Timeline(install="2020-08-01 21:30:00", cumulative_update="2021-02-10 19:47:12",
                 logs="2021-02-14 02:39:21", hives="2021-02-14 02:39:18", pagefile="2021-02-14 02:32:48")
    return Scenario(
        name="corrupt-hive", system_log=BELKASOFT, timeline=t, cbs_log=cbs_benign("2021-02-14 02:04:40"),
        software="torn",
        expect=Expectation(
            story="The VM lost power while the SOFTWARE hive was being flushed at shutdown: its base block checksum "
                  "no longer matches, the primary and secondary sequence numbers differ (with no SOFTWARE.LOG1/.LOG2 "
                  "to replay) and the first hive bin header was never written. Windows cannot load SOFTWARE; no dump "
                  "exists.",
            top_cause=None, causes=causes(incomplete_restore="low"),
            bounds=bounds(None, default_max="medium"),
            assertion="no cause above medium; stop_code null; the hive-corruption article among the next steps",
            decisive=[], steps=["kb_hive_corruption_1"],
            timeline=[("2021-02-14T02:37:09Z", "last record of System.evtx (real)"),
                      (t.hives, "hives last written; SOFTWARE torn (NTFS times)")],
            evidence_for={"incomplete_restore": [
                {"artifact": "\\Windows\\System32\\config\\SOFTWARE", "fact": "regf base block checksum wrong, "
                 "sequence numbers differ, hbin at 0x1000 zeroed: the hive cannot be read", "synthetic": True}]},
            evidence_against={
                "mismatched_system_files": "every load-set file is projected from its installed component folder",
                "failed_update": "no pending.xml, CBS.log has no errors (SOFTWARE's CBS keys cannot be read)",
                "third_party_program": "nothing third-party added to SYSTEM; SOFTWARE cannot be read",
                "incomplete_restore": "no restore: one hive damaged in place, no broken links, no zero-filled files"},
            synthetic=[{"path": "Windows/System32/config/SOFTWARE", "how": "the base SOFTWARE (hivexsh), then damaged "
                        "as a torn write: primary sequence number + 1, base block checksum XOR 0x5A5A5A5A, bytes "
                        "0x1000..0x1020 (the first hbin header) zeroed"}],
            notes=RESIDUE_NOTES + [BELKASOFT_NOTE]))


SCENARIOS: tuple[Callable[[], Scenario], ...] = (
    healthy, failed_update, mismatched_files, third_party, botched_restore,
    third_party_driver, staged_update, corrupt_hive,
)
NAMES = tuple(f.__name__.replace("_", "-") for f in SCENARIOS)


def scenario(name: str) -> Scenario:
    s = SCENARIOS[NAMES.index(name)]()
    if s.name != name:
        raise ValueError(f"internal: scenario function for {name} builds {s.name}")
    return s
