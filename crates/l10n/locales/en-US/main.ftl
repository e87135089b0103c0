# vmrescue — English messages. Keys are shared by sv-SE and es-ES.
err-prefix = error
warn-prefix = warning
note-prefix = note
info-title = Disk image
info-format = Format
info-virtual-size = Virtual size
info-scheme = Partition table
info-sector-size = Sector size
info-disk-id = Disk id
info-partitions = { $count ->
    [one] { $count } partition
   *[other] { $count } partitions
}
info-col-index = #
info-col-start = Start
info-col-size = Size
info-col-fs = File system
info-col-type = Type
info-col-label = Label
info-active = active
info-windows = Windows installation
info-windows-none = No Windows installation found (no \Windows\System32\config\SYSTEM on any readable volume).
info-windows-many = Several Windows installations found: { $count }. Use --partition to choose one.
info-bcd = BCD store
info-bcd-none = No BCD store found (neither \Boot\BCD nor \EFI\Microsoft\Boot\BCD).
info-bcd-other = Other BCD store
info-bitlocker = Partition { $index } is BitLocker-encrypted: unlock it first.
info-unreadable = Partition { $index } could not be read: { $reason }
info-on-partition = partition { $index }, { $path }
ls-col-name = Name
ls-col-size = Size
ls-col-modified = Modified
ls-col-created = Created
ls-col-changed = MFT changed
ls-col-accessed = Accessed
ls-dir = <DIR>
stats-read = Read { $bytes } bytes from the source in { $reads } requests.
err-no-volume = No volume to read from: no Windows installation was found and the disk has { $count } file systems. Choose one with --partition.
err-no-partition = There is no partition { $index } on this disk.
err-is-directory = { $path } is a directory; use `vmrescue ls`.
err-unknown-stop-code = { $code } is not a stop code vmrescue knows: give it in hex (0xC000021A) or by name (CRITICAL_PROCESS_DIED, STATUS_SYSTEM_PROCESS_TERMINATED).
err-not-a-dump = { $path } is not a crash dump (it does not start with a PAGEDUMP, PAGEDU64 or MDMP signature); read as a disk image: { $error }
err-write-output = Cannot write the report to { $path }: { $error }
reg-last-write = last write
reg-default-value = (Default)
reg-usage = usage: vmrescue reg SOURCE KEY [VALUE], or vmrescue reg --hive FILE KEY [VALUE]
reg-unknown-hive = { $key }: the key must start with HKLM\SYSTEM, HKLM\SOFTWARE, HKLM\SAM, HKLM\SECURITY or HKLM\BCD00000000
reg-key-not-found = { $key }: key not found
reg-value-not-found = { $key }: no value named "{ $value }"
reg-logs-applied = { $path } was dirty: { $entries } log entries from { $logs } transaction logs were applied in memory (the disk is unchanged).
reg-logs-not-applied = { $path } is dirty but its transaction logs could not be applied; it is read as it is on disk and recent changes may be missing.
dump-none-found = No crash dump found on this disk (no MEMORY.DMP, minidump, dedicated dump file, dump in pagefile.sys or WER dump).
dump-location = Dump
dump-extracted = Written to { $path } ({ $bytes } bytes).
dump-bucket = Bucket
dump-type = Type
dump-build = build
dump-cpus = processors
dump-crash-time = Crash time
dump-bugcheck = Stop code
dump-arg = Arg
dump-process = Process
dump-faulting-module = Faulting module
dump-modules = Loaded modules
dump-user-mode = user-mode minidump
dump-exception = Exception
facts-title = Windows (from the registry)
facts-os = Operating system
facts-computer-name = Computer name
facts-last-shutdown = Last clean shutdown
facts-time-zone = Time zone
facts-control-set = Current control set
facts-dump-type = Crash dump type
facts-dump-file = Dump file
facts-nmi = NMICrashDump
facts-auto-reboot = AutoReboot
facts-page-files = Page files
facts-services = Services and drivers
facts-hive-replay = transaction logs: { $outcome }

# --- Boot screenshots and serial console logs (vmrescue-screen) ---
screen-kind-stop-screen = Stop screen ("Your PC ran into a problem")
screen-kind-legacy-stop-screen = Text-mode stop screen ("*** STOP: 0x…")
screen-kind-ems-blue-screen = Stop error record on the serial console (EMS)
screen-kind-hardware-malfunction = "Hardware Malfunction" screen (NMI)
screen-kind-boot-manager-error = Windows Boot Manager error
screen-kind-recovery-error = Recovery screen ("Your PC/Device needs to be repaired")
screen-kind-boot-manager-menu = Windows Boot Manager menu, waiting for a choice
screen-kind-getting-windows-ready = "Getting Windows ready"
screen-kind-working-on-updates = Windows Update in progress ("Working on updates")
screen-kind-automatic-repair = Automatic Repair
screen-kind-setup-failed = Windows Setup could not finish
screen-kind-bootmgr-missing = "BOOTMGR is missing"
screen-kind-bootmgr-compressed = "BOOTMGR is compressed"
screen-kind-disk-read-error = "A disk read error occurred"
screen-kind-no-boot-device = No operating system or boot device found
screen-kind-windows-logo = Windows logo (starting, or restarting in a loop)
screen-kind-blank = Blank screen
screen-kind-unknown = Screen not recognised
screen-category-crash = stop error
screen-category-boot-failure = boot failure
screen-category-waiting = waiting
screen-category-none = nothing recognised
screen-code-on-screen = shown on the screen
screen-code-from-name = shown as a name and looked up
screen-code-implied = not shown; implied by the screen
screen-err-io = Cannot read { $path }: { $reason }
screen-err-empty = The file is empty.
screen-err-too-large = The file is { $size } bytes; screenshots and serial console logs are read up to { $max } bytes.
screen-err-not-recognised-binary = Neither a PNG, JPEG or BMP screenshot nor a serial console log (binary content without an image signature).
screen-err-not-recognised-text = A text file, but not a serial console log: it has no Windows Boot Manager, SAC/EMS or stop error text.
screen-err-unsupported-image = { $format } images are not supported: convert the screenshot to PNG first.
screen-err-corrupt-image = The { $format } screenshot is corrupt or truncated: { $reason }
screen-err-image-too-large = The screenshot is larger than { $max }×{ $max } pixels: { $reason }
screen-err-ocr-not-built = This build of vmrescue cannot read screenshots: it was built without the "ocr" feature (Tesseract).
screen-err-ocr-unavailable = Tesseract OCR cannot start with the language "{ $lang }": { $reason }. On Debian: apt-get install tesseract-ocr-eng tesseract-ocr-swe tesseract-ocr-spa
screen-err-ocr-failed = Tesseract OCR failed: { $reason }

# --- Knowledge base of boot failures (vmrescue-screen, kb) ---
kb-source-screen = boot screenshot
kb-source-serial-log = serial console log
kb-source-dump = memory dump
kb-source-event-log = event log
kb-source-disk = disk
kb-check-screen-code = The boot screenshot or the serial console log shows this stop code or status.
kb-check-screen-kind = The boot screenshot or the serial console log shows this screen.
kb-check-dump-bugcheck = The memory dump (MEMORY.DMP or a minidump) records this bug check code.
kb-check-kernel-power-41 = Kernel-Power event 41 in the System event log records the bug check code.
kb-check-user-mode-dump = A user-mode dump of the critical process, written by Windows Error Reporting before the bug check.
kb-check-pending-updates = Servicing operations are pending: Windows\WinSxS\pending.xml, packages in the Install Pending or Uninstall Pending state, CBS.log.
kb-check-windows-update-events = WindowsUpdateClient events 19 and 20 around the time of the failure.
kb-check-bcd-device-mismatch = The device and osdevice elements in the BCD store do not point to the partitions on the disk.
kb-check-active-partition = The partition that holds Windows is not marked active (Generation 1, MBR).
kb-check-ntfs-dirty = The NTFS volume is marked dirty.
kb-check-hive-dirty = A registry hive was not closed properly: the sequence numbers in its header differ, or .LOG1/.LOG2 hold changes not yet written to it.
kb-check-hive-unreadable = The SYSTEM hive does not load, or loads empty.
kb-check-regback-empty = The backup hives in config\RegBack are empty files and cannot be used to restore.
kb-check-file-versus-winsxs = The file named on the screen differs from the copies of the same version in \Windows\WinSxS.
kb-check-unsigned-drivers = Drivers or services whose files are not signed; the CodeIntegrity operational log.
kb-check-service-error-control = RDAgent or the Azure Backup services (AzureWLBackupCoordinatorSvc, AzureWLBackupInquirySvc, AzureWLBackupPluginSvc) are marked critical (ErrorControl 2 or 3).
kb-check-bad-memory-list = The BCD object { "{badmemory}" } has a badmemorylist.
kb-check-low-free-space = Less than 300 MB is free on the OS disk.
kb-check-page-file-location = ExistingPageFiles or PagingFiles point somewhere other than the temporary drive.
kb-check-evaluation-image = Windows is a preview or evaluation edition (build and installation date).
kb-check-crash-dump-settings = The CrashControl settings: NMICrashDump, CrashDumpEnabled and DumpFile.
kb-check-repeated-boots = The serial console log shows one boot after another, each ending the same way.
kb-step-snapshot = Take a snapshot of the OS disk before you change anything.
kb-step-attach = Attach a copy of the OS disk to a recovery VM as a data disk (or work on it offline with vmrescue). If the disk is encrypted, decrypt it first.
kb-step-collect-dump = On the attached disk, find MEMORY.DMP in the Windows folder (for example F:\Windows) and attach it to a support request.
kb-step-enable-ems = Turn on the serial console (EMS) in the BCD store: { $command }
kb-step-dump-free-space = Check that the OS disk has more free space than the VM has memory; if it does not, point DumpFile at a data disk instead of %SystemRoot%.
kb-step-load-hive = Load the SYSTEM hive of the attached disk: { $command }
kb-step-enable-dump = Turn on a complete memory dump, and a dump on NMI, in both ControlSet001 and ControlSet002: { $command }
kb-step-unload-hive = Unload the hive: { $command }
kb-step-send-nmi = Attach the disk to the VM again and start it; when the error appears, send a non-maskable interrupt (NMI) from the serial console so that the memory dump is written.
kb-step-restore-backup = If you have a recent backup, restore the VM from it.
kb-c000021a-title = Stop error 0xC000021A (STATUS_SYSTEM_PROCESS_TERMINATED)
kb-c000021a-summary = A critical user-mode process such as winlogon.exe or csrss.exe failed, and the kernel stopped the system. The screen shows "If you'd like to know more, you can search online later for this error: 0xC000021a". The second parameter in the memory dump is the error code (NTSTATUS) the process ended with.
kb-c000021a-cause-mismatched-files = System files that do not match each other.
kb-c000021a-cause-failed-update = A service pack or KB update that failed to install.
kb-c000021a-cause-backup-restore = A backup or restore program that did not restore files that were in use.
kb-c000021a-cause-third-party = An incompatible third-party program.
kb-c000021a-step-read-dump = Read the parameters in the dump: parameter 1 identifies the process that failed, parameter 2 is the error code it ended with.
kb-c000021a-step-recent-changes = Remove or disable recently installed drivers, services and programs (third-party programs are the most common cause), and read the System event log around the time of the crash.
kb-ef-title = Stop error 0xEF (CRITICAL_PROCESS_DIED)
kb-ef-summary = A process or thread that Windows needs ended unexpectedly. The screen shows "Stop code: CRITICAL_PROCESS_DIED" (0x000000EF); the first parameter in the dump is the process object, and the second is 0 when a process ended and 1 when a thread ended.
kb-ef-cause-critical-process = A critical process ended: csrss.exe, wininit.exe, logonui.exe, smss.exe, services.exe, conhost.exe or winlogon.exe.
kb-ef-cause-service-recovery = A service whose recovery action is "Restart the Computer" failed.
kb-ef-step-sfc = Repair the system files offline with System File Checker: { $command }
kb-ef-step-user-dump = If there is a user-mode dump of the process that failed, read it first: it is often written before the bug check. If there are several dumps, compare them.
kb-update-hang-title = Stuck at "Getting Windows ready" or in Windows Update
kb-update-hang-summary = The VM stays at "Getting Windows ready. Don't turn off your computer", "Working on updates" or "We couldn't complete the updates. Undoing changes". It usually happens at the last restart after Windows Update, or after a role or feature was added or removed.
kb-update-hang-cause-final-reboot = The last restart after a Windows update, or after a change of roles or features, did not finish.
kb-update-hang-cause-pending-packages = Update packages were left in the Install Pending or Uninstall Pending state.
kb-update-hang-step-wait = Wait: installing or undoing updates can take up to 8 hours.
kb-update-hang-step-list-packages = List the update packages and find those in the Install Pending or Uninstall Pending state: { $command }
kb-update-hang-step-remove-package = Remove each pending package: { $command }
kb-update-hang-step-revert-pending = Or revert all pending servicing actions at once: { $command }
kb-7b-title = Stop error 0x7B (INACCESSIBLE_BOOT_DEVICE) or "Boot failure"
kb-7b-summary = Windows cannot reach the volume it starts from. On Azure this usually means that the boot configuration data (BCD) is corrupt or points to the wrong partition, or that the Windows partition is not marked active.
kb-7b-cause-bcd = The BCD store is corrupt, or its device elements do not point to the partitions on the disk.
kb-7b-cause-not-active = The partition that holds Windows is not marked active.
kb-7b-step-chkdsk = Check and repair the file system: { $command }
kb-7b-step-bcd-devices = Point the boot manager and the Windows boot loader at the right partitions (the BCD store is \boot\bcd on Generation 1 and \EFI\Microsoft\boot\bcd on Generation 2): { $command }
kb-7b-step-bcd-flags = Set the boot loader options as the procedure gives them: { $command }
kb-hive-title = Registry hive corruption: stop error 0x74 (BAD_SYSTEM_CONFIG_INFO) or boot error 0xC000014C
kb-hive-summary = The SYSTEM registry hive is corrupt or was not closed properly. The stop screen shows BAD_SYSTEM_CONFIG_INFO (0x74); the boot manager shows 0xC000014C and the file \Windows\System32\config\system.
kb-hive-cause-not-closed = The hive was not closed properly (the VM stopped while it was being written).
kb-hive-cause-corrupt = The hive is corrupt.
kb-hive-step-unload-if-loaded = If the hive loads, it was only not closed properly, and unloading it (the next step) fixes that. If it does not load, or loads empty, it is corrupt: go on with the backup hives.
kb-hive-step-regback = As a last resort, copy the backup hives from \Windows\System32\config\RegBack over those in \Windows\System32\config, but only if the RegBack files are not empty; keep copies of the originals.
kb-c0000102-title = Boot error 0xC0000102 (STATUS_FILE_CORRUPT_ERROR)
kb-c0000102-summary = Windows could not load a file it needs to start, because the file, or the disk structure around it, is corrupt. The recovery or boot manager screen names the file.
kb-c0000102-cause-file = The file named on the screen is corrupt.
kb-c0000102-cause-disk = The file system structure on the disk is corrupt.
kb-c0000102-step-chkdsk = Check and repair the file system: { $command }
kb-c0000102-step-replace = If the file is still corrupt, replace it with the newest copy of the same version in \Windows\WinSxS (keep the damaged file under another name).
kb-5a-title = Stop error 0x5A (CRITICAL_SERVICE_FAILED)
kb-5a-summary = A service or driver that Windows needs to start failed. The procedure finds the drivers that are not signed correctly and replaces them; the analysis of the dump names the image (for example 0x5A_c0000428_IMAGE_filecrypt.sys).
kb-5a-cause-driver = A problem with a driver, often one that is not signed.
kb-5a-cause-system-files = Corrupt system files.
kb-5a-cause-memory = A memory problem.
kb-5a-step-analysis-settings = In the loaded SYSTEM hive, make the VM stay on the stop screen and write a kernel memory dump (AutoReboot 0, CrashDumpEnabled 2): { $command }
kb-5a-step-debug-flags = Turn on boot logging and the display of all boot failures, and turn off the integrity checks while you look for the driver: { $command }
kb-5a-step-safe-mode = Start Windows in minimal safe mode: { $command }
kb-5a-step-verifier = In safe mode, run Driver Verifier to find the drivers that are not signed, and replace them with correctly signed versions.
kb-5a-step-revert = Undo the boot settings above (safe mode, integrity checks, boot logging) when the VM starts again.
kb-reboot-loop-title = Restart loop
kb-reboot-loop-summary = The VM restarts over and over: the boot screenshot shows the Windows logo again and again. The procedure gives three causes, all of which can be read offline from the SYSTEM hive.
kb-reboot-loop-cause-critical-service = A third-party service marked critical does not start (RDAgent or the Azure Backup services with ErrorControl 2 or 3).
kb-reboot-loop-cause-recent-change = A recent update, program or policy change (see the event logs, CBS.log and WindowsUpdate.log).
kb-reboot-loop-cause-hive = The registry hives are corrupt.
kb-reboot-loop-step-select-current = Find the control set in use: the value Current under SYSTEM\Select gives its number.
kb-reboot-loop-step-error-control = In that control set, set ErrorControl to 1 for RDAgent, and for AzureWLBackupCoordinatorSvc, AzureWLBackupInquirySvc and AzureWLBackupPluginSvc if they are there: { $command }
kb-reboot-loop-step-last-known-good = If a recent update, program or policy is the cause, start the VM with the Last Known Good Configuration.
kb-c0000017-title = Boot error 0xC0000017 (STATUS_NO_MEMORY)
kb-c0000017-summary = The boot manager could not get the memory it needs ("There isn't enough memory available to create a ramdisk device"). The OS disk may be full or badly fragmented, the BCD may list memory as bad, or memory and the page file cannot be reached.
kb-c0000017-cause-disk-full = The OS disk is full or badly fragmented.
kb-c0000017-cause-bad-memory-list = The BCD lists memory pages as bad (badmemorylist).
kb-c0000017-cause-page-file = Memory or the page file cannot be reached.
kb-c0000017-step-free-space = Check the free space on the OS disk; if less than 300 MB is free, free up space.
kb-c0000017-step-enum-badmemory = List the bad memory settings in the BCD store: { $command }
kb-c0000017-step-delete-badmemory = If a bad memory list is set, remove it: { $command }
kb-c0000017-step-page-file = Check the page file: ExistingPageFiles under Control\Session Manager\Memory Management should point at the temporary drive; delete a pagefile.sys found anywhere else.
kb-c0000428-title = Boot error 0xC0000428 (STATUS_INVALID_IMAGE_HASH)
kb-c0000428-summary = The boot manager cannot verify the digital signature of winload.exe ("File: \windows\system32\boot\winload.exe Status: 0xc0000428"). On Azure this happens when a preview image has expired.
kb-c0000428-cause-preview-expired = The VM was created from a preview (evaluation) image, which stops working after 180 days.
kb-c0000428-step-redeploy = There is no repair: redeploy the VM from a current image that is not a preview.
kb-nmi-title = "Hardware Malfunction" screen (NMI)
kb-nmi-summary = A non-maskable interrupt (NMI), for example one sent from the serial console, reached a guest that is not set to crash on it: Windows shows "Hardware Malfunction. Call your hardware vendor for support. The system has halted" and writes no memory dump. Set up correctly, the same NMI gives stop error 0x80 and a memory dump. (Windows 8, Windows Server 2012 and later do not need the NMICrashDump value.)
kb-nmi-cause-not-configured = The guest is not set to write a memory dump when it receives an NMI (NMICrashDump and the dump settings are missing).
# prepare-dump (crate vmrescue-prepare)
prepare-plan-title = Plan: prepare the disk for dump capture
prepare-plan-system = SYSTEM hive: { $path }
prepare-plan-bcd = BCD store: { $path }
prepare-plan-control-set = ControlSet{ $number } ({ $roles })
prepare-role-current = Current
prepare-role-default = Default
prepare-role-last-known-good = LastKnownGood
prepare-plan-absent = (absent)
prepare-plan-unchanged = unchanged
prepare-plan-new-key = new key
prepare-plan-dry-run = Nothing was written. Run again with --apply to write these changes.
prepare-plan-nothing = Everything is already set; nothing to write.
prepare-applied-backup = Backup of the original: { $path }
prepare-applied-logs-reset = Transaction log reset (the recovered hive was written): { $path }
prepare-applied-verified = Read back and verified: { $path }
prepare-undo-restored = Restored { $path } from { $backup }
prepare-readiness-title = Can a memory dump be written?
prepare-nmi-title = How to send a non-maskable interrupt (NMI) once the VM runs
prepare-note-control-set-missing = Select references { $set }, which does not exist in this hive; it is skipped.
prepare-note-dirty-recovered = A hive was dirty: its transaction logs were replayed in memory; the recovered hive is what gets written, and the logs are then reset.
prepare-note-no-emssettings = The BCD store has no emssettings object; the serial port settings are set on the boot loader { $object } itself.
prepare-ready-ram-unknown = The RAM size is not known: give --ram to check that the page file or dedicated dump file can hold a complete or active memory dump (RAM + 257 MB).
prepare-ready-dedicated = The dump is written through the dedicated dump file { $path }.
prepare-ready-dedicated-temp-disk = The dedicated dump file { $path } is on D:, which on Azure is the temporary disk: it is wiped when the VM is redeployed, resized or deallocated, and the dump can be lost. Use a path on C: or on a data disk.
prepare-ready-dedicated-small = The dedicated dump file is { $size_mb } MB; a complete memory dump may need { $required_mb } MB.
prepare-ready-dedicated-auto-size = No DumpFileSize is set: Windows sizes the dedicated dump file itself.
prepare-ready-no-pagefile = No page file on the boot volume ({ $files }): without one (or a dedicated dump file) no memory dump is written. Add --dedicated-dump-file.
prepare-ready-pagefile-temp-disk = The page file is only on D: ({ $files }), on Azure the temporary disk: a complete memory dump needs a page file on the boot volume. Add --dedicated-dump-file C:\dedicateddumpfile.sys with --dedicated-size.
prepare-ready-pagefile-system-managed = Page file { $file } is system-managed: Windows can grow it for a crash dump if there is free space.
prepare-ready-pagefile-small = Page file { $file } is at most { $size_mb } MB; a complete memory dump may need { $required_mb } MB (RAM + 257 MB).
prepare-ready-pagefile-ok = Page file { $file } ({ $size_mb } MB) is large enough.
prepare-ready-dumpfile-temp-disk = The dump file { $path } is on D:, on Azure the temporary disk, which is wiped when the VM is redeployed or deallocated.
prepare-ready-free-space = Free space on the target volume: { $free_mb } MB.
prepare-ready-free-space-low = Only { $free_mb } MB free on the target volume; the memory dump may need { $required_mb } MB. Free some space or move the dump with --dump-file.
prepare-ready-overwrite-off = Overwrite is 0 and a MEMORY.DMP already exists: Windows will not write a new dump. Collect and remove the old one first (vmrescue collect).
prepare-ready-old-dump = A MEMORY.DMP already exists and will be overwritten by the next dump: collect it first (vmrescue collect).
prepare-ready-autoreboot-on = AutoReboot is on: after writing the dump the VM restarts by itself.
prepare-ready-autoreboot-off = AutoReboot is off: the VM stays on the stop error screen after writing the dump; restart it yourself.
prepare-ready-nmi-modern = Windows 8, Windows Server 2012 and later always stop on an NMI; NMICrashDump is set for older versions.
prepare-ready-sac-server-only = The Special Administration Console (SAC) exists on Windows Server only; on client editions the serial console shows no SAC prompt.
prepare-nmi-azure = Azure: in the portal open the VM's Serial console and choose "Send Non-Maskable Interrupt (NMI)" from the keyboard menu, or run:
prepare-nmi-hyperv = Hyper-V: on the host, in an elevated PowerShell:
prepare-nmi-libvirt = libvirt/KVM: on the host:
prepare-nmi-qemu = QEMU: in the monitor (or QMP):
prepare-nmi-vmware = VMware: vmrun and the vSphere Client have no NMI command that we could verify; see VMware's knowledge base for your ESXi version.
prepare-next-step = Boot the VM, wait for the stop error (or send the NMI), let it write the dump, then run vmrescue collect on the disk.
prepare-err-io = Could not read or write { $path }: { $detail }
prepare-err-target = { $detail }
prepare-err-no-system = No Windows\System32\config\SYSTEM under { $path }: is this the Windows volume?
prepare-err-no-bcd = No BCD store found (\Boot\BCD). Mount the EFI system partition and give --bcd PATH.
prepare-err-registry = Could not read the hive { $path }: { $detail }
prepare-err-dirty = { $path } is dirty and its transaction logs cannot be applied; it is not changed.
prepare-err-write = Could not edit { $path }: { $detail }
prepare-err-bcd-default = The boot manager's default entry does not lead to a Windows boot loader; the BCD is not changed. { $detail }
prepare-err-usage = { $detail }
prepare-err-changed = { $path } changed after the plan was made; run the plan again.
prepare-err-verify = Verification after writing failed; the original was restored from { $backup }. { $detail }
prepare-err-interrupted = The write was interrupted: { $detail }
prepare-err-no-backup = No vmrescue backup found beside { $path }.
prepare-err-in-place = { $detail }
diagnose-input-unsupported = { $path }: this { $what } cannot be read by this build of vmrescue.

## Diagnosis reports (crates/report). Every argument is a string, or a number
## when it is a whole number; for every argument $x the report also passes
## $has_x: "yes" when $x is not empty, "no" when it is.

## Evidence for and against a cause (crates/diagnose/src/rules.rs).
ev-pending-xml = \Windows\WinSxS\pending.xml holds { $operations } servicing { $operations ->
        [one] operation
       *[other] operations
    } waiting for the next boot{ $has_kbs ->
        [yes] { " " }({ $kbs })
       *[no] {""}
    }: an update is staged, and its operations run at boot, before csrss.exe starts. Staged alone is not failed: a failure needs the lines below.
ev-servicing-pending = The component store reports servicing that waits for a restart: { $flag } is set.
ev-update-failed = Windows Update could not install “{ $title }”{ $has_error ->
        [yes] { " " }(error { $error })
       *[no] {""}
    }.
ev-servicing-failed = Servicing of { $package } failed (Setup event log).
ev-pending-survived-boot = pending.xml was written at { $written } and is still there after the session that started at { $boot }: that boot did not complete the pending servicing operations.
ev-package-failed = The update package { $package } did not finish installing: its CBS state is { $state } ({ $meaning ->
        [partially_installed] partially installed
       *[other] an invalid state
    }).
ev-package-pending = The update package { $package } waits for a restart to install (CBS state { $state }, install pending).
ev-cbs-failure = CBS.log records a failed boot-time servicing operation or a rollback{ $has_hresult ->
        [yes] { " " }({ $hresult })
       *[no] {""}
    }: { $line }
ev-cbs-sharing-violation = An update could not replace a file that was in use (0x80070020 ERROR_SHARING_VIOLATION), which Microsoft attributes to non-Microsoft filter drivers such as antivirus: { $line }
ev-residue-update-failures = { $count ->
        [one] One Windows Update failure is
       *[other] { $count } Windows Update failures are
    } of Store apps or Defender definitions, which do not service Windows at boot: not counted.
ev-residue-old-update-failures = { $count ->
        [one] One Windows Update failure happened
       *[other] { $count } Windows Update failures happened
    } weeks or more before the failure, and Windows ran since: not counted.
ev-residue-service-events = { $count ->
        [one] One service event (a failed start or an install)
       *[other] { $count } service events (failed starts, installs)
    } concern Windows' own services or services no longer configured: not counted.
ev-residue-renames = { $count ->
        [one] One pending file operation waits
       *[other] { $count } pending file operations wait
    } for the next boot, none on a file csrss.exe or winlogon.exe loads: not counted.
ev-residue-services = { $count ->
        [one] One third-party service or driver is
       *[other] { $count } third-party services or drivers are
    } configured, none changed shortly before the failure: not counted.
ev-update-started = Windows Update began installing “{ $title }” shortly before the crash.
ev-pending-rename = A file operation waits for the next boot: { $has_target ->
        [yes] { $source } is to replace { $target }
       *[no] { $source } is to be deleted
    }.
ev-file-replaced = { $file } (version { $version }) is not the file Windows servicing put there: it is a separate file, not the link to the component store, and no installed component has this version{ $has_installed ->
        [yes] { " " }(installed: { $installed })
       *[no] {""}
    }. It was copied over or replaced outside Windows Update.
ev-build-family-mismatch = { $file } is from Windows build { $version }, but this Windows is build { $build }: it belongs to another Windows release.
ev-file-unlinked = { $file } has the installed version { $version }, but it is a separate copy, no longer linked to the component store ({ $component }): it was copied back, by hand or by a restore.
ev-file-missing = The critical system file { $file } is missing.
ev-file-not-pe = The critical system file { $file } is not a valid program file: { $reason }
ev-file-empty = The critical system file { $file } is empty.
ev-file-all-zero = The critical system file { $file } holds only zeros ({ $size } bytes): the trace of a file that was in use during a backup and was never restored.
ev-hive-damaged = The registry hive { $hive } cannot be used: { $reason }
ev-links-broken-together = { $count } system files lost their link to the component store together ({ $time }), keeping the installed versions: a file-level restore or copy of the system folder ({ $files }).
ev-store-unreadable = The component store (\Windows\WinSxS) could not be read ({ $error }): the system files were checked by their versions only.
ev-store-no-component = { $count ->
        [one] One system file is
       *[other] { $count } system files are
    } not linked to the component store and no component folder holds { $count ->
        [one] it
       *[other] them
    }: checked by version only ({ $files }).
ev-credential-provider = A third-party credential provider is registered: { $has_name ->
        [yes] { $name }
       *[no] { $clsid }
    }{ $has_dll ->
        [yes] { " " }({ $dll }{ $has_company ->
            [yes] , { $company }
           *[no] {""}
        })
       *[no] {""}
    }. It runs in the sign-in screen (LogonUI), not inside winlogon or csrss.
ev-third-party-load-point = { $file } ({ $company }) is registered as { $point ->
        [ServerDll] a csrss.exe server DLL: it runs inside csrss.exe
       *[other] a KnownDLL: it is mapped into every process, csrss.exe and winlogon.exe included
    }.
ev-third-party-driver = A third-party driver that loads early ({ $load }) was added or changed shortly before the failure: { $name } ({ $image }{ $has_company ->
        [yes] , { $company }
       *[no] {""}
    }{ $has_package ->
        [yes] , package { $package }
       *[no] {""}
    }).
ev-winlogon-changed = The Winlogon value { $value } differs from the Windows default: { $data }
ev-appinit-enabled = AppInit_DLLs loads { $dlls } into every process that uses user32.dll.
ev-appinit-disabled = AppInit_DLLs lists { $dlls }, but loading is turned off (LoadAppInit_DLLs is 0).
ev-subsystem-changed = The csrss.exe command line (Session Manager\SubSystems\Windows) differs from the Windows default: { $value }
ev-third-party-service-recent = A third-party service or driver was added or changed shortly before the crash: { $name } ({ $image }{ $has_company ->
        [yes] , { $company }
       *[no] {""}
    }).
ev-service-installed = A service was installed: { $name }{ $has_image ->
        [yes] { " " }({ $image })
       *[no] {""}
    }.
ev-program-installed = A program was installed shortly before the crash: { $product }.
ev-service-failed = Services or drivers failed to start shortly before the crash (event { $event }): { $names }
ev-status-points-to-files = { $has_process ->
        [yes] { $process }
       *[no] The critical process
    } ended with status { $status }: a file it loads is missing, does not match or is damaged.
ev-against-no-servicing = No failed update, no servicing that waits for a restart and no CBS error was found.
ev-against-files-consistent = The { $count } system { $count ->
        [one] file that csrss.exe and winlogon.exe load is
       *[other] files that csrss.exe and winlogon.exe load are
    } present and valid; { $projected } of them are linked to the component store as Windows servicing leaves them.
ev-against-no-restore-signs = No empty, zero-filled or damaged system files or hives, and no file times that point to a restore.
ev-against-no-third-party = No third-party credential provider, Winlogon change, AppInit DLL or recently added third-party service was found.

## Dump readiness: what stands in the way of a memory dump.
ready-dumps-disabled = Memory dumps are turned off (CrashDumpEnabled is 0): the next stop error writes no dump.
ready-small-dumps-only = Only small memory dumps are turned on (CrashDumpEnabled is 3); the procedure asks for a complete memory dump (CrashDumpEnabled is 1).
ready-settings-unknown = The crash dump settings could not be read (CrashControl in the SYSTEM hive).
ready-pagefile-temp-disk = The paging file is only on D:, which on Azure is the temporary disk: no memory dump can be written to the OS disk.
ready-no-pagefile-on-os = There is neither a paging file nor a dedicated dump file on the OS volume: Windows cannot write a memory dump.
ready-pagefile-too-small = The paging file is at most { $max_mb } MB; a complete memory dump needs { $need_mb } MB (RAM + 257 MB).
ready-low-space = Only { $free_mb } MB is free on the Windows volume; a complete memory dump needs { $need_mb } MB.
ready-nmi-off = NMICrashDump is not set: Windows versions before Windows 8 and Windows Server 2012 write no dump when they receive an NMI.
ready-ems-off = The serial console (EMS) is off for the boot loader: the Special Administration Console (SAC) cannot be reached over the serial console.

## Next steps. The commands are shown beside them; <X> is the drive letter of the attached disk.
step-collect = A memory dump is on the disk ({ $dump }): collect it with the rest of the evidence and attach it to a support ticket.
step-chkdsk = The Windows volume is marked dirty (its last session did not unmount it cleanly): check it with chkdsk on a Windows machine with the disk attached before any repair writes to it.
step-prepare-dump = No usable memory dump is on the disk. Turn on complete memory dumps, NMI crash dumps and the serial console on the disk offline, so that the next stop error writes one.
step-send-nmi = Start the VM. If it stops with the error again, Windows writes the memory dump; if it hangs instead, send a non-maskable interrupt (NMI) from the serial console.
step-collect-after-nmi = Then stop the VM, attach its OS disk again, collect the memory dump with the rest of the evidence and attach it to a support ticket.
step-revert-pending = Undo the pending update: attach the OS disk to a repair VM and revert the pending servicing actions offline with DISM.
step-sfc-offline = Repair the system files: attach the OS disk to a repair VM and run System File Checker on it offline.
step-disable-third-party = Disable or uninstall the third-party program that may make the critical process fail{ $has_items ->
        [yes] : { $items }
       *[no] {""}
    }.
step-restore-backup = Restore the VM from a backup taken before the problem began: the whole VM or its OS disk, not single files.
step-restore-backup-last = If the VM still does not start, restore it from a recent backup taken before the problem began.
step-other-stop-code = The stop code is not 0xC000021A: the causes in this report are those of 0xC000021A and may not apply. Look up the article for this stop code.

## The four causes the article names.
cause-mismatched_system_files = Mismatched system files
cause-mismatched_system_files-description = Critical system files (csrss.exe, winsrv.dll, ntdll.dll …) are missing, damaged or of different versions, so a critical process cannot start.
cause-failed_update = Failed service pack or KB update
cause-failed_update-description = A service pack or KB update did not finish installing and left the system files half replaced.
cause-incomplete_restore = Incomplete restore from a backup
cause-incomplete_restore-description = A backup program restored the system but not the files that were in use, so some system files or hives are old, empty or zero-filled.
cause-third_party_program = Incompatible third-party program
cause-third_party_program-description = A third-party program loads code into a critical process (winlogon.exe, csrss.exe) and makes it fail.

## Likelihood of a cause.
likelihood-high = High
likelihood-medium = Medium
likelihood-low = Low
likelihood-not_indicated = Not indicated

## Where a stop code was seen.
origin-memory_dump = the memory dump
origin-pagefile_dump = a memory dump in the paging file
origin-minidump = a small memory dump
origin-bugcheck_event = the System event log (BugCheck 1001)
origin-kernel_power_event = the System event log (Kernel-Power 41)
origin-screenshot = a boot diagnostics screenshot
origin-serial_log = a serial console log
origin-user = what the user reported (--stop-code)

## Dump types (CrashDumpEnabled).
dumptype-none = None
dumptype-complete = Complete memory dump
dumptype-kernel = Kernel memory dump
dumptype-small = Small memory dump
dumptype-automatic = Automatic memory dump
dumptype-active = Active memory dump

## Facts in the evidence table: the kind, then a one-line summary.
fact-stop_code = Stop code
fact-stop_code-summary = { $code } in { $origin }{ $has_process ->
        [yes] , process { $process }
       *[no] {""}
    }{ $has_status ->
        [yes] , status { $status }{ $has_status_name ->
            [yes] { " " }{ $status_name }
           *[no] {""}
        }
       *[no] {""}
    }; parameters { $parameters }
fact-dump_found = Dump file
fact-dump_found-summary = { $dump_kind ->
        [minidump] Small memory dump
        [page_file] Memory dump in the paging file
        [dedicated_dump_file] Dedicated dump file
        [wer] Windows Error Reporting dump
       *[other] Memory dump
    } { $path } ({ $size }, { $complete ->
        [yes] complete and readable
       *[no] incomplete or unreadable
    }{ $has_crash_time ->
        [yes] , crash at { $crash_time }
       *[no] {""}
    })
fact-user_dump = Process dump
fact-user_dump-summary = { $has_process ->
        [yes] { $process }
       *[no] Unknown process
    }{ $has_exception ->
        [yes] , exception { $exception }
       *[no] {""}
    }
fact-unexpected_shutdown = Unexpected shutdown
fact-unexpected_shutdown-summary = Event { $event_id }: the system stopped without shutting down cleanly.
fact-update_failed = Update failed
fact-update_failed-summary = { $title }{ $has_error ->
        [yes] , error { $error }
       *[no] {""}
    }
fact-update_installed = Update installed
fact-update_installed-summary = { $title }
fact-update_started = Update installation started
fact-update_started-summary = { $title }
fact-servicing_failed = Servicing failed
fact-servicing_failed-summary = { $package } (event { $event_id })
fact-boot_event = Session start or stop
fact-boot_event-summary = Event { $event_id }: { $phase ->
        [started] the operating system started
       *[other] the operating system stopped cleanly
    }
fact-clean_shutdown = Last clean shutdown
fact-clean_shutdown-summary = Windows shut down cleanly (ShutdownTime).
fact-package_state = Update package state
fact-package_state-summary = { $package }: { $state } ({ $meaning })
fact-pending_xml = Pending servicing (pending.xml)
fact-pending_xml-summary = { $operations } { $operations ->
        [one] operation
       *[other] operations
    }, { $size }{ $has_kbs ->
        [yes] , { $kbs }
       *[no] {""}
    }
fact-servicing_pending = Servicing waits for a restart
fact-servicing_pending-summary = { $flag }
fact-cbs_failure = Servicing failure in CBS.log
fact-cbs_failure-summary = { $signal }: { $line }
fact-pending_file_rename = Pending file rename
fact-pending_file_rename-summary = { $has_target ->
        [yes] { $source_path } → { $target }
       *[no] { $source_path } (to be deleted)
    }
fact-file_version = File version
fact-file_version-summary = { $file } { $version }{ $has_company ->
        [yes] , { $company }
       *[no] {""}
    }
fact-file_replaced = Replaced system file
fact-file_replaced-summary = { $file } { $version }, installed { $installed }
fact-file_unlinked = System file not linked to the component store
fact-file_unlinked-summary = { $file } { $version } ({ $component })
fact-build_family_mismatch = System file of another build
fact-build_family_mismatch-summary = { $file } { $version }, Windows { $build }
fact-component_store_unavailable = Component store not usable
fact-component_store_unavailable-summary = { $reason }: { $files }
fact-third_party_load_point = Third-party code in csrss or every process
fact-third_party_load_point-summary = { $point }: { $file }
fact-links_broken_together = System files unlinked together
fact-links_broken_together-summary = { $time }: { $files }
fact-file_missing = File missing
fact-file_missing-summary = { $file }
fact-file_empty = File empty
fact-file_empty-summary = { $file } ({ $all_zero ->
        [yes] { $size }, only zeros
       *[no] empty
    })
fact-file_not_pe = Invalid program file
fact-file_not_pe-summary = { $file }: { $reason }
fact-os_build = Windows version
fact-os_build-summary = { $has_product ->
        [yes] { $product }
       *[no] Windows
    } { $version }
fact-third_party_service = Third-party service or driver
fact-third_party_service-summary = { $name }: { $image_path }{ $has_company ->
        [yes] , { $company }
       *[no] {""}
    }{ $has_start ->
        [yes] , start { $start ->
            [0] boot
            [1] system
            [2] automatic
            [3] manual
            [4] disabled
           *[other] { $start }
        }
       *[no] {""}
    }{ $has_last_write ->
        [yes] , changed { $last_write }
       *[no] {""}
    }
fact-service_installed = Service installed
fact-service_installed-summary = { $name }{ $has_image_path ->
        [yes] : { $image_path }
       *[no] {""}
    }
fact-service_failed = Service failed to start
fact-service_failed-summary = { $names } (event { $event_id })
fact-program_installed = Program installed
fact-program_installed-summary = { $product } (event { $event_id })
fact-third_party_credential_provider = Third-party credential provider
fact-third_party_credential_provider-summary = { $has_name ->
        [yes] { $name } { $clsid }
       *[no] { $clsid }
    }{ $has_dll ->
        [yes] : { $dll }
       *[no] {""}
    }
fact-winlogon_changed = Winlogon value changed
fact-winlogon_changed-summary = { $value } = { $data }
fact-app_init_dlls = AppInit_DLLs
fact-app_init_dlls-summary = { $dlls } ({ $enabled ->
        [yes] loaded
       *[no] not loaded
    })
fact-subsystem_changed = csrss.exe command line changed
fact-subsystem_changed-summary = { $value }
fact-reg_back = Registry backup (RegBack)
fact-reg_back-summary = { $has_files ->
        [yes] { $files }
       *[no] Empty
    }
fact-hive_damaged = Damaged hive
fact-hive_damaged-summary = { $hive }: { $reason }


fact-crash_dump_settings = Crash dump settings
fact-crash_dump_settings-summary = { $dump_type }, { $dump_file }, NMICrashDump { $nmi_crash_dump ->
        [yes] on
       *[no] off
    }, AutoReboot { $auto_reboot ->
        [yes] on
       *[no] off
    }{ $has_dedicated_dump_file ->
        [yes] , DedicatedDumpFile { $dedicated_dump_file }
       *[no] {""}
    }
fact-page_file = Paging file
fact-page_file-summary = { $has_entries ->
        [yes] { $entries }
       *[no] None configured
    }{ $has_max_mb ->
        [yes] , at most { $max_mb } MB
       *[no] {""}
    }; { $on_os_volume ->
        [yes] on the OS volume
       *[no] not on the OS volume
    }{ $on_temporary_disk ->
        [yes] , on the temporary disk (D:)
       *[no] {""}
    }
fact-free_space = Free space
fact-free_space-summary = { $free } free of { $total }
fact-ems = Serial console (EMS)
fact-ems-summary = EMS { $loader_ems ->
        [yes] on
       *[no] off
    } for the boot loader, boot EMS { $bootems ->
        [yes] on
       *[no] off
    } for the boot manager
fact-ram = RAM
fact-ram-summary = { $bytes }
fact-source_problem = Source problem
fact-source_problem-summary = { $problem }
fact-collector_error = Not read
fact-collector_error-summary = { $collector }: { $error }

## Report headings and labels.
report-title = vmrescue diagnosis
report-inputs = { $count ->
        [one] Input
       *[other] Inputs
    }: { $inputs }
report-source-heading = The disk could not be read completely
report-source-intro = This copy of the disk is damaged or incomplete, so the diagnosis below is incomplete and its findings may be missing. Get a complete copy (download it again, or copy the snapshot again) and run vmrescue again:
report-summary-stop = In short: stop error { $code }{ $has_name ->
        [yes] { " " }{ $name }
       *[no] {""}
    }{ $has_process ->
        [yes] , { $process } ended
       *[no] {""}
    }.
report-summary-no-stop = In short: no stop code was found on the disk (see below for how to give one).
report-summary-cause = Most likely cause: { $cause } ({ $likelihood }).
report-summary-no-cause = No cause is indicated by what the disk holds.
report-summary-step = Next step: { $step }
report-stop-heading = Stop error
report-stop-none = No stop code was found. vmrescue looked for a memory dump (\Windows\MEMORY.DMP, the Minidump folder, a dump left in pagefile.sys) and for BugCheck (1001) and Kernel-Power (41) events in System.evtx. If the boot-diagnostics screenshot shows a stop error such as 0xC000021A (STATUS_SYSTEM_PROCESS_TERMINATED), give the screenshot as another input (`vmrescue diagnose DISK screenshot.png`) or the code you saw with `--stop-code 0xC000021A`.
report-stop-seen = Seen in { $origin }: { $where }
report-stop-also = Also in { $origin }: { $code } ({ $where })
report-stop-process = Process that ended: { $process }
report-stop-status = Status: { $status }
report-stop-parameters = Parameters: { $parameters }
report-stop-disagree = The sources disagree on the stop code ({ $codes }); this report uses { $code }, from the most reliable source.
report-crash-time = Crash time: { $time }
report-time-anchor = "Shortly before the failure" is measured from { $time }: { $source ->
        [memory_dump] the crash time in the memory dump
        [shutdown_time] the last clean shutdown (ShutdownTime in the SYSTEM hive; no dump gives the crash time)
       *[other] the last event in System.evtx (no dump gives the crash time)
    }.
report-causes-heading = Causes, most likely first
report-likelihood = Likelihood
report-score = Weight of the evidence: { $score }
report-evidence-for = For
report-evidence-against = Against
report-evidence-none = No evidence for or against.
report-evidence-more = … and { $count } more in the HTML and JSON reports.
report-dump-heading = Memory dump
report-dump-ready = Ready: the next stop error, or an NMI, writes a memory dump.
report-dump-not-ready = Not ready: { $count ->
        [one] one thing stands
       *[other] { $count } things stand
    } in the way.
report-dump-usable = A usable memory dump is on the disk: { $path }
report-dump-none = No usable memory dump is on the disk.
report-dump-others = No usable kernel memory dump is on the disk; it holds { $count ->
        [one] one other dump
       *[other] { $count } other dumps
    }: { $list }.
report-dump-other-user = a user-mode dump of { $process } ({ $path })
report-dump-other-incomplete = an incomplete kernel dump ({ $path })
report-dump-settings = Dump settings
report-dump-type = Dump type
report-dump-file = Dump file
report-dump-nmi = NMI crash dump (NMICrashDump)
report-dump-serial = Serial console (EMS)
report-dump-page-files = Paging files
report-dump-page-file-os = Paging file on the OS volume
report-dump-dedicated = Dedicated dump file
report-dump-free = Free space on the Windows volume
report-dump-ram = RAM
report-dump-required = Space a complete memory dump needs
report-steps-heading = Next steps
report-errors-heading = Not read (the diagnosis went on without these)
report-evidence-heading = All evidence ({ $count } { $count ->
        [one] fact
       *[other] facts
    })
report-col-number = No.
report-col-kind = Kind
report-col-summary = What it says
report-col-artifact = Artifact
report-col-locator = Where in it
report-col-time = Time
report-yes = Yes
report-no = No
report-unknown = Unknown
report-none = None
report-footer = Made by vmrescue { $version } from the disk, which was opened read-only. Every fact names the artifact it comes from.
bcd-usage = usage: vmrescue bcd SOURCE, or vmrescue bcd --store FILE
bcd-object = BCD object

# collect / verify (vmrescue-bundle)
collect-phase-hashing = hashing
collect-phase-writing = collecting
verify-phase = verifying
collect-done = Bundle written: { $path } ({ $size }, { $files ->
        [one] one file
       *[other] { $files } files
    }, { $dumps ->
        [one] one dump
       *[other] { $dumps } dumps
    }).
collect-unencrypted = The bundle is NOT encrypted. A memory dump holds the VM's memory: passwords, keys, documents. Send it only over a channel you trust, or collect again with --encrypt-to RECIPIENT.
collect-encrypted = { $count ->
    [one] The bundle is encrypted with age to one recipient; only its identity can open it.
   *[other] The bundle is encrypted with age to { $count } recipients; only their identities can open it.
}
collect-no-dump = No crash dump was found on the disk.
collect-missing-title = Wanted but not in the bundle:
collect-missing = { $path }: { $reason }
collect-reason-not-found = not found
collect-reason-no-match = no file matches
collect-reason-unreadable = could not be read ({ $error })
collect-reason-no-dump-in-page-file = the page file holds no crash dump
collect-reason-other-drive = on another drive, not on this disk
collect-reason-excluded-by-option = left out (--no-memory-dump)
collect-reason-not-a-file = it is a folder
collect-incomplete = { $member }: { $bytes } bytes could not be read; they are zeros in the bundle.
collect-pagefile-dump = A crash dump was recovered from { $path } into { $member }.
collect-memory-dump-left-out = Memory dumps were left out (--no-memory-dump); minidumps are in the bundle.
collect-err-no-windows = No Windows installation found on { $source }: there is nothing to collect.
collect-err-exists = { $path } already exists; choose another name or remove it first.
collect-err-write = Could not write the bundle ({ $error }). The incomplete output is { $partial }; it is not a finished bundle.
collect-err-cancelled = Interrupted. The incomplete output is { $partial }; it is not a finished bundle.
collect-err-source-changed = { $path } changed while it was being collected, so the disk is in use. Collect from the disk of a stopped VM or from a snapshot.
collect-err-bad-recipient = { $recipient } is not an age recipient (age1…) or an SSH public key.
collect-err-encrypt-dir = --encrypt-to needs a .tar.zst bundle; it cannot be used with --dir.
collect-err-bad-member = { $name } cannot be a member name in a bundle.
verify-ok = { $path }: the bundle holds; all { $count } members match the manifest.
verify-failed = { $count ->
    [one] { $path }: the bundle does NOT hold (one problem).
   *[other] { $path }: the bundle does NOT hold ({ $count } problems).
}
verify-problem-manifest-missing = There is no manifest.json.
verify-problem-manifest-not-first = The first member is { $first }, not manifest.json.
verify-problem-manifest-invalid = manifest.json cannot be read: { $error }
verify-problem-checksums-missing = There is no SHA256SUMS.
verify-problem-checksums-invalid = Line { $line } of SHA256SUMS cannot be read.
verify-problem-hash-mismatch = { $member }: the content differs from the manifest (SHA-256 { $actual }, expected { $expected }).
verify-problem-size-mismatch = { $member }: { $actual } bytes, the manifest says { $expected }.
verify-problem-checksum-mismatch = { $member }: the content differs from SHA256SUMS (SHA-256 { $actual }, expected { $expected }).
verify-problem-missing-member = { $member } is listed but not in the bundle.
verify-problem-unexpected-member = { $member } is in the bundle but not listed.
verify-problem-duplicate-member = { $member } is in the bundle twice.
verify-problem-damaged = The bundle is damaged after { $member }: { $error }
verify-problem-damaged-start = The bundle is damaged from its start: { $error }
verify-err-need-identity = { $path } is encrypted: give the age identity with --identity FILE.
verify-err-bad-identity = { $path } holds no usable age identity: { $reason }
verify-err-decrypt = { $path } cannot be decrypted with this identity: { $reason }
verify-err-not-a-bundle = { $path } is not a vmrescue bundle.
stats-http = HTTP cache: { $hits } hits, { $misses } misses, { $retries } retries.
fact-boot_screen = Boot screen or console
fact-boot_screen-summary = { $screen }{ $has_status ->
        [yes] , status { $status }{ $has_status_name ->
            [yes] {" "}({ $status_name })
           *[no] {""}
        }
       *[no] {""}
    }{ $has_file ->
        [yes] , file { $file }
       *[no] {""}
    }{ $has_text ->
        [yes] : “{ $text }”
       *[no] {""}
    }
fact-disk_check = Disk state
fact-disk_check-summary = { $check ->
        [hive_dirty] Hive { $detail } was not closed cleanly; its transaction logs were replayed in memory.
        [hive_logs_not_applied] Hive { $detail } was not closed cleanly and its transaction logs could not be applied (corrupt hive: stop 0x74 / 0xC000014C).
        [ntfs_dirty] The NTFS volume { $detail } is marked dirty: Windows runs chkdsk at the next start.
        [bad_memory_list] The BCD holds a bad memory list ({ $detail }): this can make Windows fail with 0xC0000017.
        [bcd_device_mismatch] The default boot entry points at a partition this disk does not have ({ $detail }).
       *[other] { $detail }
    }
collect-missing-summary = { $count ->
        [one] One wanted file is
       *[other] { $count } wanted files are
    } not on this disk (each is listed with its reason in manifest.json).

## Where in a file (locators), placeholders in commands, and the operating system's error texts.
loc-record = record { $n }
loc-line = line { $n }
loc-value = value { $name }
loc-dump-header = dump header
loc-base-block = base block
placeholder-mounted-windows-volume = MOUNTED-WINDOWS-VOLUME
placeholder-disk = DISK
placeholder-rg = RG
placeholder-vm = VM
placeholder-domain = DOMAIN
os-error-1 = Operation not permitted
os-error-2 = No such file or directory
os-error-5 = Input/output error
os-error-6 = No such device or address
os-error-12 = Cannot allocate memory
os-error-13 = Permission denied
os-error-16 = Device or resource busy
os-error-17 = File exists
os-error-20 = Not a directory
os-error-21 = Is a directory
os-error-22 = Invalid argument
os-error-28 = No space left on device
os-error-30 = Read-only file system
os-error-32 = Broken pipe
lib-not-found = : not found
lib-not-a-directory = : not a directory
lib-is-a-directory = : is a directory
lib-key-not-found = : key not found
lib-read-error-volume = { " read error at volume byte offset " }
lib-read-error = { " read error at byte offset " }
lib-at-volume-offset = { " at volume byte offset " }
lib-at-offset = { " at byte offset " }
lib-at-hive-offset = { " at hive offset " }
lib-at-file-offset = { " at file offset " }
lib-cannot-open = { ": cannot open: " }
lib-not-supported = { " is not supported; " }

# --- Boot screens: hung boot, not a bootable disk, OCR confidence (vmrescue-screen) ---
screen-kind-not-bootable = "This is not a bootable disk" (the disk has no boot code for an operating system)
screen-kind-hung-boot = Start-up hangs before sign-in ("Please wait for …", "Applying … policy")
screen-ocr-confidence = OCR confidence { $confidence }%
screen-code-low-confidence = The code on the screen was read with an OCR confidence of { $confidence }%, below the { $min }% needed to use it: "{ $seen }".
screen-waiting-for-service = waiting for the service "{ $name }"
screen-waiting-for-policy = applying the policy "{ $name }"
screen-waiting-for-computer-settings = applying computer settings (Group Policy)
screen-waiting-for-unnamed = "Please wait", without saying what for
kb-check-cleanup-profiles-policy = The SOFTWARE hive sets the policy "Delete user profiles older than a specified number of days on system restart" (the value CleanupProfiles under Policies\Microsoft\Windows\System).
kb-step-rebuild = Detach the repaired disk and rebuild the VM with it (step 5 of the VM repair commands), then start it.
kb-hung-boot-title = Start-up hangs at "Please wait for …" or "Applying … policy"
kb-hung-boot-summary = Windows has started but does not reach the sign-in screen: the boot screenshot stays at "Please wait for the Group Policy Client", "Please wait for the Local Session Manager", "Please wait for the User Profile Service", "Applying computer settings" or "Applying Group Policy … policy". Unless it is the profile clean-up policy of Windows Server 2012 and 2012 R2, only a memory dump of the hung VM tells why.
kb-hung-boot-cause-policies = Many or complex Group Policy settings are being applied at start-up; that can take up to an hour.
kb-hung-boot-cause-cleanup-profiles = On Windows Server 2012 and 2012 R2, the policy "Delete user profiles older than a specified number of days on system restart" runs into conflicting locks while it deletes old profiles ("Applying Group Policy Local Users and Groups policy").
kb-hung-boot-cause-service = A service that start-up waits for (Group Policy Client, Local Session Manager, User Profile Service) never finishes; the reason is in the memory dump.
kb-hung-boot-step-wait = Wait: give the VM up to an hour on this screen before you act; applying policies or starting these services can take that long.
kb-hung-boot-step-load-software = If the screen shows "Applying Group Policy Local Users and Groups policy" (Windows Server 2012 or 2012 R2), load the SOFTWARE hive of the attached disk: { $command }
kb-hung-boot-step-delete-cleanup = If the value CleanupProfiles does not exist, go on to the memory dump. If it does (it is the profile clean-up policy, and its value is the number of days), delete it: { $command }
kb-hung-boot-step-unload-software = Unload the SOFTWARE hive: { $command }
kb-hung-boot-step-policy-permanent = If deleting CleanupProfiles fixed the start-up, the policy is only off on this VM: remove it from the Group Policy that sets it, and clean up old profiles another way.
kb-not-bootable-title = "This is not a bootable disk"
kb-not-bootable-summary = The VM's firmware ran the boot code of a disk that holds no operating system it can start: the boot screenshot shows, in white text on black, "This is not a bootable disk. Please insert a bootable floppy and press any key to try again ...". The boot process found no active system partition, or the BCD store lacks the reference to the Windows partition.
kb-not-bootable-cause-not-active = The boot partition is not marked active (Generation 1, MBR), so no system partition is found.
kb-not-bootable-cause-bcd = The BCD store has no reference to the Windows partition.
kb-not-bootable-step-active = On Generation 1 only (Generation 2 has no active flag): in DISKPART, select the attached disk and its boot partition (list disk, select disk, list partition, select partition; the boot partition is usually about 350 MB), check it with detail partition, and if it says "Active: No", mark it active: { $command }
kb-not-bootable-step-chkdsk = Check and repair the file system of the attached disk: { $command }

## vmrescue triage
err-read-sources = cannot read the source list { $path }: { $error }
err-triage-no-sources = no sources: name disks, devices or URLs, or give --sources-from FILE
err-triage-not-a-disk = { $path } is a screenshot or a console log, not a disk: triage diagnoses disks (give it to diagnose beside its disk)
err-triage-shard = invalid shard { $shard }: write K/N with 0 ≤ K < N, e.g. 0/4
triage-summary = Triage: { $total } { $total ->
        [one] source
       *[other] sources
    }, { $failed } not diagnosed, { $jobs } { $jobs ->
        [one] job
       *[other] jobs
    } at a time.
triage-by-stop = By stop code:
triage-by-cause = By most likely cause:
