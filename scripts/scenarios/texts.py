"""Text artifacts of the scenarios, all SYNTHETIC (written here in the formats of the real files; no Microsoft
data): CBS.log sessions (benign, staging only, or failing at shutdown), WinSxS\\pending.xml (PendingTransaction
3.1), a third-party driver package INF.

CBS.log is written in local time: the real SYSTEM's TimeZoneInformation is "Eastern Standard Time"
(America/New_York), and CBS writes local times.
"""
from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from common import plus, utc
from component_store import SystemBinary, component_folder
from registry import LCU_INSTALLED, LCU_PENDING, PENDING_XML_ID

CBS_TZ = ZoneInfo("America/New_York")


def local(when: str, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    return utc(when).astimezone(CBS_TZ).strftime(fmt)


def _line(when: str, level: str, comp: str, text: str) -> str:
    return f"{local(when)}, {level:<21} {comp:<6} {text}\r\n"


class CbsLog:
    """Lines of one CBS.log, each at START + offset seconds."""

    def __init__(self, start: str) -> None:
        self.start = start
        self.lines: list[str] = []
        self.last = 0

    def add(self, offset: int, text: str, level: str = "Info", comp: str = "CBS") -> None:
        self.lines.append(_line(plus(self.start, offset), level, comp, text))
        self.last = max(self.last, offset)

    @property
    def end(self) -> str:
        return plus(self.start, self.last)

    def text(self) -> bytes:
        return "".join(self.lines).encode("utf-8")

    def trusted_installer_start(self, boot_before: int) -> None:
        self.add(0, "TI: --- Initializing Trusted Installer ---")
        self.add(0, f"TI: Last boot time: {local(plus(self.start, -boot_before))}.500")
        self.add(0, "Starting TrustedInstaller initialization.")
        self.add(0, "Lock: New lock added: CCbsPublicSessionClassFactory, level: 30, total lock:4")
        self.add(0, "Ending TrustedInstaller initialization.")
        self.add(0, "Starting the TrustedInstaller main loop.")
        self.add(0, "TrustedInstaller service starts successfully.")

    def trusted_installer_stop(self, offset: int) -> None:
        for t in ("Trusted Installer is shutting down because: SHUTDOWN_REASON_AUTOSTOP",
                  "TiWorker signaled for shutdown, going to exit.", "Ending the TiWorker main loop.",
                  "Starting TiWorker finalization.", "Ending TiWorker finalization.",
                  "Ending the TrustedInstaller main loop.", "Starting TrustedInstaller finalization.",
                  "Ending TrustedInstaller finalization."):
            self.add(offset, t)


_DETECT = ("Appl: detect Parent, Package: {pkg}, Parent: Microsoft-Windows-Client-Features-Package0117~31bf3856ad364e35"
           "~amd64~~10.0.19041.3693, Disposition = Detect, VersionComp: EQ, ServiceComp: GE, BuildComp: GE, "
           "DistributionComp: GE, RevisionComp: GE, Exist: present")


def cbs_benign(start: str) -> CbsLog:
    """A TrustedInstaller session that finds nothing to do."""
    log = CbsLog(start)
    log.trusted_installer_start(95)
    log.add(0, "No startup processing required, TrustedInstaller service was not set as autostart")
    log.add(0, "Startup processing thread terminated normally")
    s = "30912774_2914467402"
    log.add(1, f"Session: {s} initialized by client WindowsUpdateAgent, external staging directory: (null), "
               "external registry directory: (null)")
    log.add(2, _DETECT.format(pkg=LCU_INSTALLED))
    log.add(2, f"Session: {s} finalized. Reboot required: no [HRESULT = 0x00000000 - S_OK]")
    log.trusted_installer_stop(180)
    return log


def _cbs_staging(log: CbsLog, session: str) -> None:
    """Staging of KB5033372 up to 'a reboot is required' (offsets 1..551)."""
    log.trusted_installer_start(81)
    log.add(1, f"Session: {session} initialized by client UpdateAgentLCU, external staging directory: (null), "
               "external registry directory: (null)")
    log.add(2, f"Exec: Processing started.  Client: UpdateAgentLCU, Session: {session}, Package: {LCU_PENDING}, "
               "Identifier: KB5033372")
    log.add(159, _DETECT.format(pkg=LCU_PENDING))
    log.add(535, f"Pkgmgr: Installing selectable updates for package: {LCU_PENDING}, Update: 5033372-1571_neutral_GDR, "
                 "InstallState: Installed")
    log.add(549, f"0000041a@{local(plus(log.start, 549), '%Y/%-m/%-d:%H:%M:%S')}.318 CSI Transaction @0x1f3a5c2e7d0 "
                 f"pended; pending.xml identifier {PENDING_XML_ID}", comp="CSI")
    log.add(550, f"Exec: Installation of {LCU_PENDING} pended, a reboot is required to complete it.  Session: {session}")
    log.add(550, f"Setting RebootPending key. PendingXmlIdentifier: {PENDING_XML_ID}")
    log.add(551, f"Session: {session} finalized. Reboot required: yes [HRESULT = 0x00000000 - S_OK]")


def cbs_staged_only(start: str) -> CbsLog:
    """The update is staged and waits for the reboot; nothing failed (no failure phrase)."""
    log = CbsLog(start)
    _cbs_staging(log, "31063817_1384071045")
    log.trusted_installer_stop(731)
    return log


def cbs_failed(start: str) -> CbsLog:
    """Staging of KB5033372, then the shutdown-time processing of its queue fails (CBS_E_INSTALLERS_FAILED)."""
    s = "31063817_1384071045"
    log = CbsLog(start)
    _cbs_staging(log, s)
    log.add(568, f"Exec: Processing the pending operation queue at shutdown, PendingXmlIdentifier: {PENDING_XML_ID}")
    log.add(574, "Doqe: Failed to execute advanced installer: {81a34a10-4256-436a-89d6-794b97ca407c}, component: "
                 "Microsoft-Windows-Csrss, Version = 10.0.19041.3803, pA = PROCESSOR_ARCHITECTURE_AMD64 (9), Culture "
                 "neutral, VersionScope = 1 nonSxS, PublicKeyToken = {l:8 b:31bf3856ad364e35}, Type neutral, TypeName "
                 "neutral, PublicKey neutral [HRESULT = 0x80070020 - ERROR_SHARING_VIOLATION]")
    log.add(575, "0000042b (F) HRESULT_FROM_WIN32(ERROR_SHARING_VIOLATION) #1739201# from Windows::Rtl::"
                 "SystemImplementation::DirectFileSystemProvider::SysCreateFile(flags = (AllowSharingViolation), "
                 "da = (SYNCHRONIZE|FILE_READ_ATTRIBUTES), on:[52]'\\??\\C:\\Windows\\System32\\csrss.exe')"
                 "[gle=0x80070020]", level="Error", comp="CSI")
    log.add(576, "Startup: Failed to process advanced operation queue, startupPhase: 0.  A rollback transaction will be "
                 "created. [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]", level="Error")
    log.add(576, "Setting ExecuteState key to: CbsExecuteStateInitiateRollback | "
                 "CbsExecuteStateFlagAdvancedInstallersFailed")
    log.add(577, "Exec: Failed to process the pending operation queue; the system will be rolled back on the next "
                 "boot. [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]", level="Error")
    log.add(578, f"Session: {s} finalized. Reboot required: yes [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]")
    log.add(579, "Failed to perform operation.  [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]", level="Error")
    log.add(579, "TiWorker signaled for shutdown, going to exit.")
    return log


# ---------------------------------------------------------------------------------------------------------------
# pending.xml

STAGED_VERSION = "10.0.19041.3803"


def assembly_name(component: str) -> str:
    """microsoft-windows-csrss -> Microsoft-Windows-Csrss (the identity's name as pending.xml spells it)."""
    return "-".join(p[:1].upper() + p[1:] for p in component.split("-"))


def pending_xml(staged: list[SystemBinary]) -> bytes:
    rows = ['<?xml version="1.0" encoding="utf-8"?>',
            f'<PendingTransaction Version="3.1" WritableRoot="\\SystemRoot\\WinSxS\\" Identifier="{PENDING_XML_ID}">',
            "  <Transactions>", "    <Install>",
            '      <Package name="Package_for_RollupFix" version="19041.3803.1.8" processorArchitecture="amd64" '
            'language="neutral" publicKeyToken="31bf3856ad364e35" identifier="KB5033372"/>']
    for b in staged:
        rows.append(f'      <Assembly name="{assembly_name(b.component)}" version="{STAGED_VERSION}" '
                    'processorArchitecture="amd64" language="neutral" buildType="release" '
                    'publicKeyToken="31bf3856ad364e35" versionScope="nonSxS"/>')
    rows += ["    </Install>", "  </Transactions>", '  <POQ postAction="reboot">',
             '    <CreateDirectory path="\\SystemRoot\\WinSxS\\Temp\\PendingRenames"/>']
    for b in staged:
        tag = component_folder(b.component, STAGED_VERSION).rsplit("_", 1)[1]
        rows.append(f'    <MoveFile source="\\SystemRoot\\System32\\{b.file}" '
                    f'destination="\\SystemRoot\\WinSxS\\Temp\\PendingRenames\\{tag}_{b.file}"/>')
        rows.append(f'    <HardlinkFile source="\\SystemRoot\\WinSxS\\{component_folder(b.component, STAGED_VERSION)}'
                    f'\\{b.file}" destination="\\SystemRoot\\System32\\{b.file}"/>')
    rows += ['    <SetKeyValue path="\\Registry\\Machine\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion" name="UBR" '
             'type="0x00000004" encoding="base64" value="2w4AAA=="/>', "  </POQ>", "  <Checkpoint/>", "  <POQ>"]
    for b in staged:
        tag = component_folder(b.component, STAGED_VERSION).rsplit("_", 1)[1]
        rows.append(f'    <DeleteFile path="\\SystemRoot\\WinSxS\\Temp\\PendingRenames\\{tag}_{b.file}"/>')
    rows += ["  </POQ>", '  <InstallerQueue Length="0x00000001">',
             '    <Action Installer="{81a34a10-4256-436a-89d6-794b97ca407c}" Mode="Install" Component="Microsoft-'
             'Windows-Csrss, Version = 10.0.19041.3803, pA = PROCESSOR_ARCHITECTURE_AMD64 (9), Culture neutral, '
             'VersionScope = 1 nonSxS, PublicKeyToken = {l:8 b:31bf3856ad364e35}"/>',
             "  </InstallerQueue>", "</PendingTransaction>"]
    return ("\r\n".join(rows) + "\r\n").encode("utf-8")


# ---------------------------------------------------------------------------------------------------------------
# A third-party file-system minifilter's driver package

@dataclass(frozen=True)
class MinifilterPackage:
    service: str
    sys_file: str
    provider: str
    description: str
    altitude: str
    version: str
    date: str   # MM/DD/YYYY


def minifilter_inf(p: MinifilterPackage) -> bytes:
    """An INF in the format of the WDK's minifilter sample (class ActivityMonitor), as pnputil stores it."""
    text = f"""; {p.service}.inf - {p.description}
; Copyright (c) {p.provider} All rights reserved.

[Version]
Signature   = "$WINDOWS NT$"
Class       = "ActivityMonitor"
ClassGuid   = {{b86dff51-a31e-4bac-b3cf-e8cfe75c9fc2}}
Provider    = %ManufacturerName%
DriverVer   = {p.date},{p.version}
CatalogFile = {p.service}.cat
PnpLockdown = 1

[DestinationDirs]
DefaultDestDir = 12
MiniFilter.DriverFiles = 12

[DefaultInstall.NTamd64]
OptionDesc = %ServiceDescription%
CopyFiles  = MiniFilter.DriverFiles

[DefaultInstall.NTamd64.Services]
AddService = %ServiceName%,,MiniFilter.Service

[MiniFilter.Service]
DisplayName    = %ServiceName%
Description    = %ServiceDescription%
ServiceBinary  = %12%\\%DriverName%.sys
Dependencies   = "FltMgr"
ServiceType    = 2
StartType      = 0
ErrorControl   = 1
LoadOrderGroup = "FSFilter Activity Monitor"
AddReg         = MiniFilter.AddRegistry

[MiniFilter.AddRegistry]
HKR,,"DebugFlags",0x00010001,0x0
HKR,,"SupportedFeatures",0x00010001,0x3
HKR,"Instances","DefaultInstance",0x00000000,%DefaultInstance%
HKR,"Instances\\"%Instance1.Name%,"Altitude",0x00000000,%Instance1.Altitude%
HKR,"Instances\\"%Instance1.Name%,"Flags",0x00010001,%Instance1.Flags%

[MiniFilter.DriverFiles]
%DriverName%.sys

[SourceDisksFiles]
{p.sys_file} = 1,,

[SourceDisksNames]
1 = %DiskId1%,,,

[Strings]
ManufacturerName   = "{p.provider}"
ServiceDescription = "{p.description}"
ServiceName        = "{p.service}"
DriverName         = "{p.service}"
DiskId1            = "{p.description} Installation Disk"
DefaultInstance    = "{p.service} Instance"
Instance1.Name     = "{p.service} Instance"
Instance1.Altitude = "{p.altitude}"
Instance1.Flags    = 0x0
"""
    return text.replace("\n", "\r\n").encode("utf-8")
