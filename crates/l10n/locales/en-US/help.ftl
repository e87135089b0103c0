# vmrescue — command-line help (`vmrescue --help`, `vmrescue COMMAND --help`).
#
# Ids follow the command tree (crates/vmrescue/src/help.rs):
#   help-<command>-about         one-line about (the list of commands, -h)
#   help-<command>-long          long about (--help)
#   help-<command>-after-help    text after the options
#   help-<command>-arg-<arg>     an argument's help (`_` in the id written as `-`)
#   help-<command>-arg-<arg>-value-<value>   a possible value's help
# `help-about`, `help-after-help` and `help-arg-*` belong to `vmrescue` itself.
# The English texts are the doc comments in crates/vmrescue/src/main.rs, exactly
# (a unit test compares them). Wrapped paragraphs are single lines: clap wraps
# them to the terminal.

## Clap's own words.
help-clap-usage = Usage
help-clap-arguments = Arguments
help-clap-options = Options
help-clap-commands = Commands
help-clap-print-help = Print help
help-clap-print-help-short = Print help (see more with '--help')
help-clap-print-help-long = Print help (see a summary with '-h')
help-clap-print-version = Print version
help-clap-help-command = Print this message or the help of the given subcommand(s)
help-clap-help-command-arg = Print help for the subcommand(s)
# In "[default: text]".
help-clap-default = default
# In "[possible values: kernel, complete]".
help-clap-possible-values = possible values
# Heading of the list of values with their help ("Possible values:").
help-clap-possible-values-heading = Possible values

## vmrescue
help-about = Rescue Windows VMs that stop with a blue screen: offline diagnosis from the OS disk
help-after-help =
    Exit codes: 0 success, 1 failure, 2 usage error.
    Sources are always opened read-only.
help-arg-lang = Language of messages: en, sv or es (default: from LC_ALL/LANG, else en)

## vmrescue info
help-info-about = Show the image format, partitions, the Windows volume and the BCD store
help-info-long =
    Show the image format, partitions, the Windows volume and the BCD store.

    SOURCE is a disk image (raw, VHD, VHDX, qcow2, VMDK; detected by content) or a block device.
help-info-arg-source = Disk image or block device
help-info-arg-json = Print JSON instead of text
help-info-arg-stats = Print how many bytes and requests were read from the source

## vmrescue ls
help-ls-about = List a directory (or show one file) on the disk
help-ls-long =
    List a directory (or show one file) on the disk.

    PATH is a Windows path such as `\Windows\System32` (forward slashes work too; case does not matter). Without --partition it resolves on the Windows volume.
help-ls-arg-source = Disk image or block device
help-ls-arg-path = Directory or file on the volume (default: the root)
help-ls-arg-partition = Partition number as shown by `vmrescue info` (0 = a bare volume)
help-ls-arg-json = Print JSON instead of text

## vmrescue cat
help-cat-about = Write a file's bytes to standard output, like `virt-cat`
help-cat-long =
    Write a file's bytes to standard output, like `virt-cat`.

    `path:stream` reads an alternate data stream.
help-cat-arg-source = Disk image or block device
help-cat-arg-path = File on the volume, e.g. `\Windows\System32\config\SYSTEM`
help-cat-arg-partition = Partition number as shown by `vmrescue info`
help-cat-arg-stats = Print how many bytes and requests were read from the source (to stderr)

## vmrescue reg
help-reg-about = Query the registry of the offline Windows, like `reg query`
help-reg-long =
    Query the registry of the offline Windows, like `reg query`.

    `vmrescue reg SOURCE KEY [VALUE]`, or `vmrescue reg --hive FILE KEY [VALUE]` for a plain hive file. KEY is `HKLM\SYSTEM\...`, `HKLM\SOFTWARE\...` or `HKLM\BCD00000000\...`; `CurrentControlSet` is resolved through `SYSTEM\Select\Current`. A dirty hive is read with its .LOG1/.LOG2 replayed in memory.
help-reg-after-help =
    Examples:
      vmrescue reg osdisk.vhd 'HKLM\SYSTEM\CurrentControlSet\Control\CrashControl'
      vmrescue reg osdisk.vhd 'HKLM\SYSTEM\Select' Current --json
      vmrescue reg --hive SYSTEM 'ControlSet001\Services\disk' -s
help-reg-arg-args = SOURCE KEY [VALUE] (or KEY [VALUE] with --hive)
help-reg-arg-hive = Read a plain hive file instead of a disk
help-reg-arg-partition = Partition holding Windows (default: found automatically)
help-reg-arg-recursive = List all subkeys recursively
help-reg-arg-json = Print JSON instead of text

## vmrescue diagnose
help-diagnose-about = Diagnose why Windows stops: the stop code, the four causes of 0xC000021A ranked with their evidence, dump readiness, next steps
help-diagnose-long =
    Diagnose why Windows stops: the stop code, the four causes of 0xC000021A ranked with their evidence, dump readiness, next steps.

    Inputs are disks (and, as further evidence, boot-diagnostics screenshots and serial console logs), detected by content.
help-diagnose-arg-inputs = Disk images (and screenshots, serial logs)
help-diagnose-arg-format = Report format
help-diagnose-arg-format-value-text = Terminal text
help-diagnose-arg-format-value-json = JSON (keys in English; schema in docs/diagnosis.schema.json)
help-diagnose-arg-format-value-html = A single-file HTML report
help-diagnose-arg-output = Write the report to FILE instead of standard output
help-diagnose-arg-partition = Partition holding Windows (default: found automatically)
help-diagnose-arg-ram = RAM of the VM (e.g. 16G, 8192M), to check page file and free space for a complete dump
help-diagnose-arg-stats = Print how many bytes and requests were read from the sources (to stderr)
help-diagnose-arg-stop-code = The stop code you saw (on the boot-diagnostics screenshot or the console): 0xC000021A, or a name such as CRITICAL_PROCESS_DIED or STATUS_SYSTEM_PROCESS_TERMINATED. Recorded as evidence of origin "user"; a disagreement with the disk is shown

## vmrescue bcd
help-bcd-about = Show the BCD store decoded like `bcdedit /enum all /v`: boot manager, loaders, EMS/serial console, recovery and safe-boot settings
help-bcd-arg-source = Disk image (the store is found on the ESP or the active partition)
help-bcd-arg-store = Read a plain BCD hive file instead
help-bcd-arg-partition = Partition holding Windows (default: found automatically)
help-bcd-arg-json = Print JSON instead of text

## vmrescue prepare-dump
help-prepare-dump-about = Enable crash dumps, NMI crash dumps and the serial console offline
help-prepare-dump-long =
    Enable crash dumps, NMI crash dumps and the serial console offline.

    TARGET is the mounted Windows volume (a directory such as /mnt/osdisk or F:\\), or with --in-place a raw or fixed-VHD image. Without --apply it only prints the plan (every value before → after, in every control set Select references, and every BCD element). With --apply it backs up each file, writes atomically, reads back and verifies.
help-prepare-dump-after-help =
    Example:
      vmrescue prepare-dump /mnt/osdisk --nmi --serial-console --ram 16G          # the plan
      vmrescue prepare-dump /mnt/osdisk --nmi --serial-console --ram 16G --apply  # write it
      vmrescue prepare-dump /mnt/osdisk --undo                                     # put the originals back
help-prepare-dump-arg-target = Mounted Windows volume, or an image with --in-place
help-prepare-dump-arg-apply = Write the changes (default: only show the plan)
help-prepare-dump-arg-undo = Restore the files from the newest backup vmrescue made
help-prepare-dump-arg-dump-type = Memory dump type
help-prepare-dump-arg-dump-file = Where Windows writes the dump (DumpFile), e.g. %SystemRoot%\\MEMORY.DMP
help-prepare-dump-arg-dedicated-dump-file = Use a dedicated dump file (DedicatedDumpFile), e.g. C:\\dd.sys
help-prepare-dump-arg-dedicated-size = Size of the dedicated dump file in MB (DumpFileSize)
help-prepare-dump-arg-nmi = Set NMICrashDump=1 so an NMI writes a dump
help-prepare-dump-arg-serial-console = Turn on EMS (serial console, SAC) for the default boot entry: port 1, 115200 baud
help-prepare-dump-arg-boot-menu = Show the boot menu (displaybootmenu, timeout, bootems on {"{"}bootmgr{"}"})
help-prepare-dump-arg-ram = RAM of the VM (e.g. 16G), to check the page file and free space
help-prepare-dump-arg-bcd = The BCD store, when the EFI system partition is mounted elsewhere
help-prepare-dump-arg-in-place = Edit the hive inside a raw or fixed-VHD image, only when it fits its existing clusters
help-prepare-dump-arg-force = Write even if the NTFS volume is marked dirty
help-prepare-dump-arg-json = Print JSON instead of text

## vmrescue collect
help-collect-about = Collect a support bundle: every crash dump (including one still in pagefile.sys), the hives with their logs, the BCD, event logs, CBS/DISM and setup logs, and the diagnosis, with a manifest of SHA-256 hashes
help-collect-long =
    Collect a support bundle: every crash dump (including one still in pagefile.sys), the hives with their logs, the BCD, event logs, CBS/DISM and setup logs, and the diagnosis, with a manifest of SHA-256 hashes.

    BUNDLE is a .tar.zst (multi-threaded zstd, manifest.json first), or a folder with --dir. It is written as BUNDLE.partial and renamed only when complete. A memory dump holds secrets: use --encrypt-to.
help-collect-arg-source = Disk image, block device or URL
help-collect-arg-output = The bundle to write
help-collect-arg-dir = Write plain files into a folder instead of a .tar.zst
help-collect-arg-no-memory-dump = Leave out MEMORY.DMP and dumps recovered from pagefile.sys or a dedicated dump file (minidumps stay)
help-collect-arg-encrypt-to = Encrypt the bundle to an age recipient (age1…) or SSH public key; repeatable
help-collect-arg-partition = Partition holding Windows (default: found automatically)

## vmrescue verify
help-verify-about = Check a bundle: re-read every member against the manifest and SHA256SUMS
help-verify-long =
    Check a bundle: re-read every member against the manifest and SHA256SUMS.

    Exit code 0 when the bundle holds, 1 when anything differs.
help-verify-arg-bundle = The bundle (.tar.zst, encrypted .tar.zst, or a --dir folder)
help-verify-arg-identity = age identity file to decrypt an encrypted bundle
help-verify-arg-json = Print JSON instead of text

## vmrescue dump
help-dump-about = Find and decode crash dumps: the bugcheck, its parameters and their meaning, the process that died, loaded modules
help-dump-long =
    Find and decode crash dumps: the bugcheck, its parameters and their meaning, the process that died, loaded modules.

    PATH is a dump file (MEMORY.DMP, a minidump, a user-mode .dmp) or a disk image: then every dump Windows left is decoded, including one still inside pagefile.sys.
help-dump-arg-path = A dump file or a disk image
help-dump-arg-partition = Partition holding Windows (default: found automatically)
help-dump-arg-json = Print JSON instead of text
help-dump-arg-extract = Write a dump found in pagefile.sys to DIR as a normal .dmp

## vmrescue triage
help-triage-about = Diagnose many disks, each on its own and in parallel, into JSON Lines
help-triage-long =
    Diagnose many disks, each on its own and in parallel, into JSON Lines.

    One line per source (image, device or URL) as soon as it is done: source (signatures redacted), ok, error, stop_code, stop_name, top_cause, repairs, elapsed_ms, bytes_read, and the whole diagnosis that `diagnose --format json` prints for that source alone. A source that fails gives an error line and the run goes on. A summary (per stop code and per cause) goes to stderr. Exit code 0 only when every source was diagnosed.
help-triage-after-help =
    Example:
      vmrescue triage /disks/*.vhd -o fleet.jsonl
      vmrescue triage --sources-from urls.txt --jobs 8 > fleet.jsonl
help-triage-arg-sources = Disk images, block devices or URLs
help-triage-arg-sources-from = Read more sources from FILE, one per line (- for standard input; # starts a comment)
help-triage-arg-jobs = Sources diagnosed at once (default: the number of CPUs)
help-triage-arg-output = Write the JSON Lines to FILE instead of standard output
help-triage-arg-ram = RAM of the VMs (e.g. 16G), to check page file and free space for a complete dump
help-triage-arg-shard = Only shard K of N (0-based) of the whole list: every N-th source from the K-th, as a Kubernetes Indexed Job splits its work (K = $JOB_COMPLETION_INDEX)

## vmrescue completions
help-completions-about = Print a shell completion script (bash, zsh, fish, elvish, powershell)
help-completions-after-help =
    Example:
      vmrescue completions bash > /etc/bash_completion.d/vmrescue
help-completions-arg-shell = The shell

## vmrescue man
help-man-about = Print the manual page (roff), generated from this help
help-man-after-help =
    Example:
      vmrescue man > vmrescue.1 && man -l vmrescue.1
