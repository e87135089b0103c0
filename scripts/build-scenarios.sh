#!/usr/bin/env bash
# build-scenarios.sh - build vmrescue's 0xC000021A scenario disks (issue 5, item 6): one small Gen2 OS disk per
# cause that Azure's article names for stop error 0xC000021A, plus a healthy one, each with an expect.json saying
# what the disk holds and how `vmrescue diagnose` should rank the causes. Built with real tools only, in the
# conventions of scripts/build-fixtures.sh (whose disk helpers are repeated here so that both scripts stay
# independent; both take the same lock, $OUT/.lock).
#
# Debian 12 packages needed (besides those of build-fixtures.sh: ntfs-3g fdisk gdisk dosfstools mtools qemu-utils
# attr; the base image has coreutils, util-linux, openssl, python3, cargo):
#   libhivex-bin                hivexsh hivexml hivexget (build the SOFTWARE hive, edit SYSTEM, read both back)
#   gcc-mingw-w64-x86-64-win32  x86_64-w64-mingw32-gcc (the PE stand-ins for the Windows binaries; pulls in
#                               mingw-w64-x86-64-dev and binutils-mingw-w64-x86-64, which has the windres used
#                               for the VERSIONINFO resources)
#   binutils-mingw-w64-x86-64   x86_64-w64-mingw32-windres (named explicitly: the resource compiler and reader)
#   libfaketime                 libfaketime.so.1, LD_PRELOADed into ntfs-3g and mtools so that every NTFS time
#                               (creation, modification, access, MFT change, $FILE_NAME copies, directories) is the
#                               scenario's own time, not the build machine's clock
#   faketime                    faketime (mkntfs, mtools at the scenario's install time)
#   tzdata                      America/New_York, for CBS.log's local times (usually already installed)
#   apt-get install -y ntfs-3g fdisk gdisk dosfstools mtools qemu-utils attr libhivex-bin \
#                      gcc-mingw-w64-x86-64-win32 binutils-mingw-w64-x86-64 libfaketime faketime
# Optional independent readers from PyPI (used for extra checks when importable): pefile (PE version resources),
# kdmp-parser (the dumps). Without them the script checks with windres -i and by reading the dump header.
#
# Usage:
#   scripts/build-scenarios.sh [--force] [NAME...]   build the scenarios (default: all) into
#                                                     ${VMRESCUE_FIXTURES_OUT:-<repo>/fixtures/out}/scenarios
#   scripts/build-scenarios.sh --list                list the scenario names
# NAME is one of: healthy failed-update mismatched-files third-party botched-restore.
# A scenario is rebuilt only when its stamp (<out>/.stamps/scenario-<name>.stamp: SCENARIOS_VERSION and the
# SHA-256 of this script and its helpers) is missing or stale or one of its outputs is gone; --force rebuilds.
# The real inputs come from fixtures/real (scripts/unpack-fixtures.sh). Must run as root (FUSE mounts).
# cargo is needed: the SYSTEM hive is replayed with the project's own reader (`cargo run --release -p
# vmrescue-registry --example recover`) and the dumps are written with the project's synthesizer through the small
# helper scripts/scenarios/synth-dump (its own workspace, built into <out>/.cargo-scenario-dump).
#
# Outputs in <out>/scenarios/ (raw images and VHDX are sparse):
#   scenario-<name>.raw            151 MiB GPT disk: p1 ESP 33 MiB FAT32 (EFI/Microsoft/Boot/BCD), p2 MSR 16 MiB,
#                                  p3 basic data 100 MiB NTFS "Windows" (the Windows volume)
#   scenario-<name>.vhdx           the same, `qemu-img convert -O vhdx` (checked with `qemu-img compare`)
#   scenario-<name>.expect.json    what the disk holds (real vs synthetic), the timeline, and the expected result:
#                                  stop_code, stop_name, top_cause, causes{id: likelihood}, bounds{id: [min, max]}
#   scenario-<name>.manifest.tsv   partition_index windows_path size sha256 (as build-fixtures.sh's manifests)
#   index.tsv                      name  vhdx  expect_json  raw  (paths relative to index.tsv's folder)
# Cause ids: mismatched_system_files failed_update incomplete_restore third_party_program; likelihoods, lowest
# first: not_indicated low medium high.
#
# ---------------------------------------------------------------------------------------------------------------
# THE SCENARIOS (what is real and what is synthetic)
#
# Common base (every disk), a Windows 10 Enterprise 22H2 x64 system, build 19045, UBR 3693 (files 10.0.19041.3693):
#   REAL, byte for byte from fixtures/real (the repository copy of ../shared/fixtures files) (SHA-256 checked against PROVENANCE.md):
#     ESP  EFI/Microsoft/Boot/BCD                       regipy__BCD (UEFI BCD store, Windows 10 loader)
#     Windows/System32/config/SYSTEM, SYSTEM.LOG1/.LOG2 regipy__SYSTEM_B (Windows 10, DIRTY: the logs must be
#                                                      replayed; CrashDumpEnabled=7, pagefile ?:\pagefile.sys,
#                                                      655 services incl. third-party ones (NVIDIA, Dropbox...)
#                                                      whose binaries are NOT on these disks, and real
#                                                      PendingFileRenameOperations for Config.Msi/Temp files)
#                                                      - except third-party, where SYSTEM is modified (below)
#     Windows/System32/config/SAM                      regipy__SAM
#     Windows/System32/winevt/Logs/System.evtx         chosen per scenario (below)
#     Windows/System32/winevt/Logs/Setup.evtx          museum__Win11-RathbunVM__Setup.evtx (its last LCU,
#                                                      KB5010386, logged "reboot required" (event 4) and no later
#                                                      completion in this log)
#     Windows/System32/winevt/Logs/Application.evtx    museum__Win2012R2-StolenSzechuan__Application.evtx
#   SYNTHETIC (written by this script with real tools; no Microsoft code or data):
#     Windows/System32/config/SOFTWARE   built with hivexsh inside a copy of the real regipy__NTUSER.DAT whose
#                                        keys are all deleted first (hivex cannot create a hive from nothing);
#                                        base block: name "SOFTWARE", minor version 5, last-written 0 (as in the
#                                        real Windows 10 SYSTEM_B); key LastWrite times set
#                                        to the scenario's timeline. Holds Windows NT\CurrentVersion (ProductName
#                                        "Windows 10 Enterprise", CurrentBuild 19045, UBR 3693, DisplayVersion
#                                        22H2, InstallDate...), Winlogon (Shell explorer.exe, Userinit),
#                                        Windows (AppInit_DLLs "", LoadAppInit_DLLs 0), the Windows password
#                                        credential provider {60b78e88-...} -> authui.dll, Component Based
#                                        Servicing\Packages (the installed LCU KB5032189, 19041.3693).
#     Windows/System32/config/RegBack/{DEFAULT,SAM,SECURITY,SOFTWARE,SYSTEM}   zero bytes (normal since 1803)
#     System binaries: csrss smss wininit winlogon services lsass userinit ntoskrnl .exe, ntdll kernel32
#       kernelbase csrsrv basesrv winsrv sxssrv user32 authui .dll, win32k win32kbase win32kfull .sys in
#       Windows/System32 and Windows/explorer.exe: SYNTHETIC STAND-INS. Real PE32+ images (x86-64, right
#       subsystem and image kind) built with MinGW-w64 from a one-line C file, with a real VERSIONINFO resource
#       (FILEVERSION/PRODUCTVERSION 10.0.19041.3693, StringFileInfo 040904B0: CompanyName "Microsoft
#       Corporation", FileDescription/InternalName/OriginalFilename as Windows has them, FileVersion
#       "10.0.19041.3693 (WinBuild.160101.0800)", ProductName "Microsoft(R) Windows(R) Operating System"). They
#       contain no Windows code (Windows binaries cannot be redistributed); each is read back with an
#       independent reader (pefile, else windres -i).
#     Windows/Logs/CBS/CBS.log           a short CBS log in the format of the real one (benign, or failing)
#     Windows/MEMORY.DMP or pagefile.sys a kernel dump of bug check 0xC000021A written by the project's dump
#                                        synthesizer (crates/dump-synth, `c000021a_x64`): full dump (DumpType 1,
#                                        PAGEDU64) of 0x400 pages, Arg1 -> UNICODE_STRING (found through the
#                                        dump's page tables) naming the process, Arg2 = its NTSTATUS, SystemTime =
#                                        the crash time; 0x402000 bytes
#     pagefile.sys                       8 MiB: pseudo-random bytes (AES-CTR keystream), or the dump then those
#     All NTFS times (file and directory, all four, and the $FILE_NAME copies) follow the scenario's timeline:
#     ntfs-3g runs under libfaketime, with the clock set before each file is written.
#   Known inconsistencies (the real logs come from other machines and years): System.evtx is from another
#   computer than SYSTEM (DESKTOP-PM6C56D, keys last written 2018-04-06) and the log years (2017-2022) do not
#   match the build numbers (19045.3693 is from November 2023). Each scenario's own timeline (install, update,
#   crash, file times, registry key times, dump time) is coherent with ITS System.evtx, which it follows.
#
# 1. healthy: the base, no dump, no pending servicing, no third-party code beyond what the real SYSTEM lists,
#    System.evtx = museum__Win10-BelkasoftCTF__System.evtx (2020-08..2021-02; WindowsUpdateClient 19 x8 and no
#    event 20 - the only Windows 10 System log here without update failures; Kernel-Power 41 x5 all with
#    BugcheckCode 0 and EventLog 6008 x3: unexpected shutdowns, not bug checks). Expected: stop_code null, no
#    cause above low.
# 2. failed-update: System.evtx = museum__Win11-RathbunVM__System.evtx (real WindowsUpdateClient 20 install
#    failures x5), SYNTHETIC Windows/WinSxS/pending.xml (PendingTransaction 3.1 for Package_for_RollupFix
#    19041.3803.1.8 = KB5033372: Install, POQ with HardlinkFile/MoveFile/SetKeyValue, Checkpoint,
#    InstallerQueue), the staged 10.0.19041.3803 csrss/csrsrv/basesrv/winsrv/ntdll stand-ins in their WinSxS
#    component folders (System32 keeps 3693: the queue never ran), SOFTWARE CBS\RebootPending,
#    CBS\PackagesPending\..., CBS value PendingXmlIdentifier, WindowsUpdate\Auto Update\RebootRequired, CBS.log
#    ending in CBS_E_INSTALLERS_FAILED (0x800f0922) errors; MEMORY.DMP: 0xC000021A, "Windows SubSystem"
#    (csrss.exe), 0xC0000142 STATUS_DLL_INIT_FAILED, 82 s after the failed shutdown-time servicing.
#    Expected: failed_update high, top.
# 3. mismatched-files: System.evtx = museum__Win10-BelkasoftCTF__System.evtx (as healthy); csrss.exe, winsrv.dll and
#    basesrv.dll are 10.0.19041.3570 stand-ins (older LCU) while every other binary and SOFTWARE's UBR say 3693;
#    they were copied over the 3693 files 78 s before the crash, keeping their older modification time (NTFS:
#    modified before created). MEMORY.DMP: "Windows SubSystem", 0xC0000139 STATUS_ENTRYPOINT_NOT_FOUND.
#    Expected: mismatched_system_files high, top.
# 4. third-party: System.evtx = evtx-rs__system.evtx (real SCM 7045 x57, 7000 x3, 7026 x3, 7023 x12; NONE of
#    them is for ContosoAgent - no real log has that service, so the link between a 7045 event and ContosoAgent
#    is absent; it also has WindowsUpdateClient 20 x5 from 2017-07..12, months before this crash);
#    SYNTHETIC Contoso Endpoint Agent installed 2.5 minutes before the crash: C:\Program Files\Contoso\agent.exe
#    and ContosoCP.dll (mingw PE stand-ins, CompanyName "Contoso Ltd."), service ContosoAgent (auto start,
#    LocalSystem) added with hivexsh to a copy of SYSTEM_B replayed by the project's recover example (so this
#    SYSTEM is clean and has no .LOG1/.LOG2), credential provider {a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d} ->
#    ContosoCP.dll and an Uninstall entry in SOFTWARE. The dump (0xC000021A, "Windows Logon Process"
#    (winlogon.exe), 0xC0000005) is ONLY at the start of pagefile.sys: there is no MEMORY.DMP.
#    Expected: third_party_program high, top.
# 5. botched-restore: System.evtx = evtx-rs__2-vss_7-System.evtx (a log recovered from a shadow copy; two
#    WindowsUpdateClient 20 failures of Store apps on 2018-07-12, four weeks before); a backup
#    program restored the system files the day after the last log record but could not restore files in use:
#    SOFTWARE is zero-length, ntdll.dll (2,000,000 bytes) and csrss.exe (22,016 bytes) are all zeros; every
#    restored file (config hives, evtx, ten System32 binaries) has all four NTFS times equal to the restore
#    time, the untouched files keep their install/update times. MEMORY.DMP: "Windows SubSystem", 0xC000007B
#    STATUS_INVALID_IMAGE_FORMAT. Expected: incomplete_restore high, top (zero-filled critical binaries may also
#    raise mismatched_system_files up to medium).
set -euo pipefail

SCENARIOS_VERSION=1
ALL_SCENARIOS=(healthy failed-update mismatched-files third-party botched-restore)

export LC_ALL=C.UTF-8          # ntfs-3g and mtools convert file names through the locale
export MTOOLS_SKIP_CHECK=1
export TZ=UTC
shopt -u patsub_replacement 2>/dev/null || true   # '&' in ${v//pat/rep} stays '&' (bash 5.2)
MIB=$((1024 * 1024))

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${VMRESCUE_FIXTURES_OUT:-$REPO/fixtures/out}
TOOLS=$REPO/scripts/scenarios
PYTOOL=$TOOLS/scenario_tool.py

log() { printf '[build-scenarios] %s\n' "$*" >&2; }
die() { printf '[build-scenarios] ERROR: %s\n' "$*" >&2; exit 1; }

# Cleanup of FUSE mounts and temporaries on exit, and `quiet`.
# shellcheck source=scripts/lib/mounts.sh
source "$REPO/scripts/lib/mounts.sh"

# ntfs_mount IMAGE DIR [OPTIONS] [CLOCKFILE]: ntfs-3g in the foreground; with CLOCKFILE, under libfaketime whose
# clock is whatever CLOCKFILE says when ntfs-3g asks (FAKETIME_NO_CACHE: re-read at every call)
ntfs_mount() {
  local img=$1 dir=$2 opts=${3:-} clock=${4:-} pid i
  mkdir -p "$dir"
  if [[ -n $clock ]]; then
    LD_PRELOAD=$LIBFAKETIME FAKETIME_TIMESTAMP_FILE=$clock FAKETIME_NO_CACHE=1 FAKETIME_DONT_FAKE_MONOTONIC=1 \
      ntfs-3g -o "no_detach${opts:+,$opts}" "$img" "$dir" >>"$dir.ntfs-3g.log" 2>&1 &
  else
    ntfs-3g -o "no_detach${opts:+,$opts}" "$img" "$dir" >>"$dir.ntfs-3g.log" 2>&1 &
  fi
  pid=$!
  for i in $(seq 1 100); do
    mountpoint -q "$dir" && break
    kill -0 "$pid" 2>/dev/null || { cat "$dir.ntfs-3g.log" >&2; die "ntfs-3g failed to mount $img"; }
    sleep 0.1
  done
  mountpoint -q "$dir" || die "ntfs-3g did not mount $img on $dir within 10 s"
  MOUNT_DIRS+=("$dir")
  MOUNT_PIDS+=("$pid")
}

ntfs_umount() {
  local dir=$1 i
  for i in "${!MOUNT_DIRS[@]}"; do
    if [[ ${MOUNT_DIRS[$i]} == "$dir" ]]; then
      sync -f "$dir" 2>/dev/null || true
      fusermount -u "$dir"
      wait "${MOUNT_PIDS[$i]}" || die "ntfs-3g for $dir exited with an error (see $dir.ntfs-3g.log)"
      unset 'MOUNT_DIRS[i]' 'MOUNT_PIDS[i]'
      MOUNT_DIRS=("${MOUNT_DIRS[@]}")
      MOUNT_PIDS=("${MOUNT_PIDS[@]}")
      return 0
    fi
  done
  die "internal: $dir is not one of our mounts"
}

# ---------------------------------------------------------------------------------------------------------------
# Inputs (SHA-256 from shared/fixtures/PROVENANCE.md)
declare -A SRC_SHA=(
  [registry/regipy__BCD]=68ea6fe47b681ad878fd7785fb0d7d5b89a480920c02d62ea2d49f929444c06e
  [registry/regipy__SAM]=ade60f7db90dee216d93c9cc61c1bb020becba381619473c9488877b0950bc48
  [registry/regipy__NTUSER.DAT]=6a38fcea924113963e4931725cc4c2f4f10e1240234cb1867d101a1cd92cd439
  [registry/regipy__SYSTEM_B/SYSTEM_B]=9154e260abdc4ac206ef9d872dd4e1add0150b869bda5b112944af2ff5ec39b4
  [registry/regipy__SYSTEM_B/SYSTEM_B.LOG1]=9bc4bd3324313b689e0cda9275494d93c714dcb03b434a69927bae8ac7ebc065
  [registry/regipy__SYSTEM_B/SYSTEM_B.LOG2]=fc1c4b211d19ca3ec1c6c402f602c4f67d287a4fb9664069c3e0172898940652
  [evtx/evtx-rs__2-vss_7-System.evtx]=ca02fd8ce4f38082a7c5ff2b649df1d5f343cc1e651cb2f599eabf921bc15827
  [evtx/evtx-rs__system.evtx]=60e5fd8f10a3deecd58bd7bee2e03b1308d190fd13b52908be9d576c7f5d6623
  [evtx/museum__Win11-RathbunVM__System.evtx]=03c8d5aead007f079d179ddf99a0b90911f264d4b95b1baa15ff5a72d95ff06c
  [evtx/museum__Win10-BelkasoftCTF__System.evtx]=17ea95f22a73a1ee78ba3e34d9239fec934c4013d7785319acadc6251117ee03
  [evtx/museum__Win11-RathbunVM__Setup.evtx]=656551c8935853e132e5f4d2de3279726c79dfd579bb931c2b866fd3d1bd3aae
  [evtx/museum__Win2012R2-StolenSzechuan__Application.evtx]=61f052e4b72b099e714a62afc59c00392e1db6e87ae23924d0ec0b5eee00c396
)
FIX=""
check_inputs() {
  # The repository's own real fixtures (fixtures/real, unpacked and checked against its SHA256SUMS): the disks
  # are built from the same bytes on a fresh clone and next to ../shared.
  FIX=$(bash "$REPO/scripts/unpack-fixtures.sh") || die "could not unpack the repository's fixtures (fixtures/real)"
  local f missing=() list=""
  for f in "${!SRC_SHA[@]}"; do
    if [[ -f $FIX/$f ]]; then list+="${SRC_SHA[$f]}  $FIX/$f"$'\n'; else missing+=("$f"); fi
  done
  ((${#missing[@]} == 0)) || die "missing fixture files under $FIX: ${missing[*]}"
  printf '%s' "$list" | sha256sum -c --quiet - >/dev/null 2>&1 ||
    die "a fixture under $FIX does not match its SHA-256 in PROVENANCE.md: $(printf '%s' "$list" | sha256sum -c --quiet - 2>&1 | head -3)"
}

LIBFAKETIME=""
HAVE_PEFILE=0
HAVE_KDMP=0
check_tools() {
  local t missing=()
  for t in mkntfs ntfs-3g ntfsinfo ntfsls ntfscat fusermount sfdisk sgdisk mkfs.vfat fsck.vfat mmd mcopy \
           qemu-img setfattr openssl sha256sum mountpoint cmp flock hivexsh hivexml hivexget faketime \
           x86_64-w64-mingw32-gcc x86_64-w64-mingw32-windres python3 cargo; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  ((${#missing[@]} == 0)) || die "missing tools: ${missing[*]}
  install them with: apt-get install -y ntfs-3g fdisk gdisk dosfstools mtools qemu-utils attr libhivex-bin \\
                     gcc-mingw-w64-x86-64-win32 binutils-mingw-w64-x86-64 libfaketime faketime"
  LIBFAKETIME=$(compgen -G '/usr/lib/*/faketime/libfaketime.so.1' | head -1 || true)
  [[ -n $LIBFAKETIME ]] || die "libfaketime.so.1 not found (apt-get install -y libfaketime)"
  [[ -e /dev/fuse ]] || die "/dev/fuse is missing: ntfs-3g needs FUSE to build the NTFS volumes"
  [[ $(id -u) == 0 ]] || log "warning: not running as root; ntfs-3g FUSE mounts of image files may be refused"
  python3 -c 'import pefile' 2>/dev/null && HAVE_PEFILE=1
  python3 -c 'import kdmp_parser' 2>/dev/null && HAVE_KDMP=1
  ((HAVE_PEFILE)) || log "note: Python pefile not installed; PE version resources are checked with windres -i only"
  ((HAVE_KDMP)) || log "note: Python kdmp-parser not installed; dumps are checked by their header only"
}

# ---------------------------------------------------------------------------------------------------------------
# Small helpers

prng() { # deterministic pseudo-random bytes: prng SEED BYTES
  local key
  key=$(printf '%s' "$1" | sha256sum | cut -c1-32)
  head -c "$2" /dev/zero | openssl enc -aes-128-ctr -nosalt -K "$key" -iv 0 2>/dev/null
}
fsize() { stat -c %s "$1"; }
epoch() { date -u -d "$1" +%s; }                               # 'YYYY-MM-DD HH:MM:SS' (UTC) -> Unix time
tplus() { date -u -d "@$(($(epoch "$1") + $2))" '+%Y-%m-%d %H:%M:%S'; }
ft() { echo $(((($(epoch "$1")) + 11644473600) * 10000000)); } # -> FILETIME
iso() { date -u -d "$1" '+%Y-%m-%dT%H:%M:%SZ'; }
sha() { sha256sum "$1" | cut -c1-64; }

new_tmp() { # new_tmp NAME: sets NEW_TMP to a fresh temporary folder inside OUT, removed on exit
  NEW_TMP=$(mktemp -d "$OUT/.tmp-scenario-$1.XXXXXX")
  TMP_DIRS+=("$NEW_TMP")
}

# render OUT KEY=VALUE...: copy stdin to OUT replacing @KEY@; every @UPPER_CASE@ must be replaced
render() {
  local out=$1 text kv
  shift
  text=$(cat)
  for kv in "$@"; do text=${text//@${kv%%=*}@/${kv#*=}}; done
  if grep -qE '@[A-Z][A-Z0-9_]*@' <<<"$text"; then
    die "internal: unreplaced placeholder in $out: $(grep -oE '@[A-Z][A-Z0-9_]*@' <<<"$text" | head -3 | tr '\n' ' ')"
  fi
  printf '%s\n' "$text" >"$out"
}

# ---------------------------------------------------------------------------------------------------------------
# PE stand-ins for Windows binaries (MinGW-w64): pe_build OUT KIND VERSION DESCRIPTION INTERNAL ORIGINAL
#   [COMPANY PRODUCT COPYRIGHT EXPORTS]; KIND: native (native-subsystem .exe), gui (GUI .exe), dll, driver.
MS_COMPANY="Microsoft Corporation"
MS_PRODUCT="Microsoft® Windows® Operating System"
MS_COPYRIGHT="© Microsoft Corporation. All rights reserved."
pe_build() {
  local out=$1 kind=$2 ver=$3 desc=$4 internal=$5 original=$6
  local company=${7:-$MS_COMPANY} product=${8:-$MS_PRODUCT} copyright=${9:-$MS_COPYRIGHT} exports=${10:-}
  local work=$out.build v4 fver ftype=0x1L fsub=0x0L e
  mkdir -p "$work"
  v4=${ver//./,}
  if [[ $company == "$MS_COMPANY" ]]; then fver="$ver (WinBuild.160101.0800)"; else fver=$ver; fi
  local -a ld=(-Wl,--no-insert-timestamp -Wl,--major-os-version,10 -Wl,--minor-os-version,0
               -Wl,--major-subsystem-version,10 -Wl,--minor-subsystem-version,0
               -Wl,--dynamicbase -Wl,--nxcompat -Wl,--high-entropy-va)
  {
    printf '/* vmrescue scenario stand-in for %s: a real PE image that contains no Windows code. */\n' "$original"
    case $kind in
      native | gui) printf 'int entry(void) { return 0; }\n' ;;
      driver) printf 'long DriverEntry(void *driver, void *path) { (void)driver; (void)path; return 0; }\n' ;;
      dll)
        printf 'int DllMain(void *h, unsigned long reason, void *r) { (void)h; (void)reason; (void)r; return 1; }\n'
        for e in $exports; do printf '__declspec(dllexport) long %s(void) { return 0; }\n' "$e"; done ;;
    esac
  } >"$work/stub.c"
  case $kind in
    # fixed image bases (Microsoft's x64 defaults): ld would otherwise derive a DLL's from its output path
    native) ld+=(-Wl,--entry=entry -Wl,--subsystem,native -Wl,--image-base,0x140000000) ;;
    gui) ld+=(-Wl,--entry=entry -Wl,--subsystem,windows -Wl,--image-base,0x140000000) ;;
    driver) ld+=(-Wl,--entry=DriverEntry -Wl,--subsystem,native -Wl,--image-base,0x1C0000000); ftype=0x3L fsub=0x7L ;;
    dll) ld+=(-shared -Wl,--entry=DllMain -Wl,--subsystem,windows -Wl,--image-base,0x180000000); ftype=0x2L ;;
    *) die "internal: pe_build kind $kind" ;;
  esac
  cat >"$work/version.rc" <<EOF
#pragma code_page(65001)
1 VERSIONINFO
FILEVERSION $v4
PRODUCTVERSION $v4
FILEFLAGSMASK 0x3fL
FILEFLAGS 0x0L
FILEOS 0x40004L
FILETYPE $ftype
FILESUBTYPE $fsub
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040904B0"
    BEGIN
      VALUE "CompanyName", "$company"
      VALUE "FileDescription", "$desc"
      VALUE "FileVersion", "$fver"
      VALUE "InternalName", "$internal"
      VALUE "LegalCopyright", "$copyright"
      VALUE "OriginalFilename", "$original"
      VALUE "ProductName", "$product"
      VALUE "ProductVersion", "$ver"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x409, 1200
  END
END
EOF
  quiet x86_64-w64-mingw32-windres -c 65001 -O coff -i "$work/version.rc" -o "$work/version.o"
  quiet x86_64-w64-mingw32-gcc -O2 -s -nostdlib -ffreestanding -fno-asynchronous-unwind-tables \
    "${ld[@]}" -o "$out" "$work/stub.c" "$work/version.o"
  # read back with windres (binutils' own resource reader)
  local rc
  rc=$(x86_64-w64-mingw32-windres -i "$out" -O rc 2>&1) || die "windres cannot read back $out"
  grep -q "FILEVERSION ${v4//,/, }" <<<"$rc" && grep -qF "\"ProductVersion\", \"$ver\"" <<<"$rc" ||
    { printf '%s\n' "$rc" >&2; die "$out: version resource does not read back as $ver"; }
  rm -rf "$work"
}

# name|kind|FileDescription|InternalName|OriginalFilename|exports   (System32 unless the name has a folder)
WINDOWS_BINARIES=(
  "System32/smss.exe|native|Windows Session Manager|smss.exe|smss.exe|"
  "System32/csrss.exe|native|Client Server Runtime Process|CSRSS.Exe|CSRSS.Exe|"
  "System32/wininit.exe|gui|Windows Start-Up Application|WinInit|WinInit.exe|"
  "System32/winlogon.exe|gui|Windows Logon Application|winlogon|WINLOGON.EXE|"
  "System32/services.exe|gui|Services and Controller app|services.exe|services.exe|"
  "System32/lsass.exe|gui|Local Security Authority Process|lsass.exe|lsass.exe|"
  "System32/userinit.exe|gui|Userinit Logon Application|userinit|USERINIT.EXE|"
  "System32/ntoskrnl.exe|native|NT Kernel & System|ntkrnlmp.exe|ntkrnlmp.exe|"
  "System32/ntdll.dll|dll|NT Layer DLL|ntdll.dll|ntdll.dll|RtlGetVersion NtClose"
  "System32/kernel32.dll|dll|Windows NT BASE API Client DLL|kernel32|kernel32|GetVersionExW"
  "System32/kernelbase.dll|dll|Windows NT BASE API Client DLL|Kernelbase|Kernelbase.dll|GetVersionExW"
  "System32/csrsrv.dll|dll|Client Server Runtime Process|CSRSRV.DLL|CSRSRV.DLL|CsrServerInitialization"
  "System32/basesrv.dll|dll|Windows NT BASE API Server DLL|basesrv|basesrv.dll|ServerDllInitialization"
  "System32/winsrv.dll|dll|Multi-User Win32 Server DLL|winsrv|winsrv.dll|UserServerDllInitialization"
  "System32/sxssrv.dll|dll|Windows SxS Server DLL|sxssrv|sxssrv.dll|ServerDllInitialization"
  "System32/user32.dll|dll|Multi-User Windows USER API Client DLL|user32|user32|MessageBoxW"
  "System32/authui.dll|dll|Windows Authentication UI|authui.dll|authui.dll|DllGetClassObject DllCanUnloadNow"
  "System32/win32k.sys|driver|Full/Desktop Win32k Kernel Driver|win32k.sys|win32k.sys|"
  "System32/win32kbase.sys|driver|Base Win32k Kernel Driver|win32kbase.sys|win32kbase.sys|"
  "System32/win32kfull.sys|driver|Full/Desktop Win32k Kernel Driver|win32kfull.sys|win32kfull.sys|"
  "explorer.exe|gui|Windows Explorer|explorer|EXPLORER.EXE|"
)
# versions built: 3693 (the system), 3570 (mismatched-files), 3803 (staged by the failed update)
PE_DIR=""
build_pe_sets() {
  local e rel kind desc internal original exports ver n=0
  for ver in 3693 3570 3803; do
    for e in "${WINDOWS_BINARIES[@]}"; do
      IFS='|' read -r rel kind desc internal original exports <<<"$e"
      if [[ $ver != 3693 ]]; then
        case ${rel##*/} in csrss.exe | winsrv.dll | basesrv.dll | csrsrv.dll | ntdll.dll) ;; *) continue ;; esac
      fi
      mkdir -p "$PE_DIR/$ver/$(dirname "$rel")"
      pe_build "$PE_DIR/$ver/$rel" "$kind" "10.0.19041.$ver" "$desc" "$internal" "$original" "" "" "" "$exports"
      n=$((n + 1))
    done
  done
  mkdir -p "$PE_DIR/contoso"
  pe_build "$PE_DIR/contoso/agent.exe" gui 4.2.1.17 "Contoso Endpoint Agent Service" agent agent.exe \
    "Contoso Ltd." "Contoso Endpoint Agent" "Copyright © 2018 Contoso Ltd."
  pe_build "$PE_DIR/contoso/ContosoCP.dll" dll 4.2.1.17 "Contoso Credential Provider" ContosoCP ContosoCP.dll \
    "Contoso Ltd." "Contoso Endpoint Agent" "Copyright © 2018 Contoso Ltd." "DllGetClassObject DllCanUnloadNow"
  n=$((n + 2))
  if ((HAVE_PEFILE)); then
    local files=() f
    while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$PE_DIR" -type f -print0 | LC_ALL=C sort -z)
    python3 "$PYTOOL" pe-info "${files[@]}" >"$PE_DIR/pe-info.jsonl" || die "pefile cannot read the PE stand-ins"
    python3 - "$PE_DIR" <<'PY' || die "a PE stand-in does not read back as built (pefile)"
import json, sys, os
root = sys.argv[1]
for line in open(os.path.join(root, "pe-info.jsonl"), encoding="utf-8"):
    i = json.loads(line)
    rel = os.path.relpath(i["file"], root)
    s = i["strings"]
    assert i["machine"] == "0x8664", rel
    assert i["lang_codepage"] == "040904B0", rel
    if rel.startswith("contoso/"):
        assert s["CompanyName"] == "Contoso Ltd." and i["file_version"] == "4.2.1.17", rel
        continue
    ver = "10.0.19041." + rel.split("/")[0]
    assert i["file_version"] == ver and i["product_version"] == ver, (rel, i["file_version"])
    assert s["CompanyName"] == "Microsoft Corporation", rel
    assert s["FileVersion"] == ver + " (WinBuild.160101.0800)", rel
    assert s["ProductName"] == "Microsoft\u00ae Windows\u00ae Operating System", rel
    assert s["ProductVersion"] == ver, rel
    want_sub = 1 if rel.endswith((".sys", "smss.exe", "csrss.exe", "ntoskrnl.exe")) else 2
    assert i["subsystem"] == want_sub, (rel, i["subsystem"])
    assert bool(int(i["characteristics"], 16) & 0x2000) == rel.endswith(".dll"), rel
PY
    log "  $n PE stand-ins built with MinGW-w64 and read back with windres -i and pefile"
  else
    log "  $n PE stand-ins built with MinGW-w64 and read back with windres -i"
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# Kernel dumps (the project's synthesizer through scripts/scenarios/synth-dump)
DUMP_TOOL=""
build_dump_tool() {
  local target=$OUT/.cargo-scenario-dump
  log "  building the dump helper (scripts/scenarios/synth-dump, crates/dump-synth) into $target"
  CARGO_TARGET_DIR=$target quiet cargo build --release --offline --locked \
    --manifest-path "$TOOLS/synth-dump/Cargo.toml"
  DUMP_TOOL=$target/release/vmrescue-scenario-dump
  [[ -x $DUMP_TOOL ]] || die "dump helper not built at $DUMP_TOOL"
}

# make_dump OUT PROCESS_TEXT NTSTATUS CRASH_TIME UPTIME_SECS, then check it
make_dump() {
  local out=$1 text=$2 status=$3 when=$4 up=$5 hdr
  quiet "$DUMP_TOOL" "$out" --process "$text" --status "$status" --time "$(ft "$when")" --uptime-secs "$up"
  # header check (offsets of DUMP_HEADER64): 'PAGEDU64', BugCheckCode at 0x38, Arg1..2 at 0x40, SystemTime 0xFA8
  hdr=$(od -An -tx1 -v -N 8 "$out" | tr -d ' \n')
  [[ $hdr == 5041474544553634 ]] || die "$out: no PAGEDU64 signature"
  [[ $(od -An -tu4 -j $((0x38)) -N 4 "$out" | tr -d ' ') == $((0xC000021A)) ]] || die "$out: bug check is not 0xC000021A"
  [[ $(od -An -tu8 -j $((0xFA8)) -N 8 "$out" | tr -d ' ') == "$(ft "$when")" ]] || die "$out: SystemTime is not $when"
  if ((HAVE_KDMP)); then
    local info
    info=$(python3 "$PYTOOL" dump-info "$out") || die "kdmp-parser cannot read $out"
    python3 - "$info" "$text" "$status" "$(iso "$when")" <<'PY' || die "$out does not read back as written (kdmp-parser): $info"
import json, sys
i = json.loads(sys.argv[1])
st = int(sys.argv[3], 16)
assert i["bugcheck"] == "0xC000021A"
assert int(i["parameters"][1], 16) == (0xFFFFFFFF00000000 | st)
assert i["arg1_string"] == sys.argv[2]
assert i["system_time_utc"] == sys.argv[4]
assert i["dump_type"] == 1 and i["minor_version"] == 19041
PY
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# SYSTEM: the real dirty hive replayed by the project's reader (for the one scenario that edits SYSTEM)
SYSTEM_REPLAYED=""
replay_system() {
  local dir=$FIX/registry/regipy__SYSTEM_B
  SYSTEM_REPLAYED=$COMMON/SYSTEM.replayed
  log "  replaying SYSTEM_B's logs with the project's reader (cargo run --release -p vmrescue-registry --example recover)"
  (cd "$REPO" && cargo run --release --quiet -p vmrescue-registry --example recover -- \
    "$SYSTEM_REPLAYED" "$dir/SYSTEM_B" "$dir/SYSTEM_B.LOG1" "$dir/SYSTEM_B.LOG2") >"$COMMON/recover.log" 2>&1 ||
    { tail -20 "$COMMON/recover.log" >&2; die "replaying SYSTEM_B failed (see above)"; }
  grep -q 'outcome: Applied' "$COMMON/recover.log" || { cat "$COMMON/recover.log" >&2; die "SYSTEM_B's logs were not applied"; }
  quiet hivexml "$SYSTEM_REPLAYED"
}

# ---------------------------------------------------------------------------------------------------------------
# hivexsh command files: hx_key PATH creates missing keys and makes PATH current; hx_vals NAME VALUE... replaces
# the current key's values (hivexsh `setval`; VALUE is string:, expandstring:, dword:, qword: or hex:T:...)
HX=""
declare -A HX_KEYS=()
hx_begin() { HX=$1; : >"$HX"; HX_KEYS=(); }
hx_cd() { if [[ -z $1 ]]; then printf 'cd \\ \n' >>"$HX"; else printf 'cd \\%s\n' "$1" >>"$HX"; fi; }
hx_key() {
  local path=$1 cur="" part
  local -a parts
  IFS='\' read -r -a parts <<<"$path"
  for part in "${parts[@]}"; do
    if [[ -z ${HX_KEYS["${cur,,}\\${part,,}"]:-} ]]; then
      hx_cd "$cur"
      printf 'add %s\n' "$part" >>"$HX"
      HX_KEYS["${cur,,}\\${part,,}"]=1
    fi
    cur=${cur:+$cur\\}$part
  done
  hx_cd "$path"
}
hx_vals() {
  printf 'setval %d\n' $(($# / 2)) >>"$HX"
  while (($#)); do printf '%s\n%s\n' "$1" "$2" >>"$HX"; shift 2; done
}

CLSID_PASSWORD="{60b78e88-ead8-445c-9cfd-0b87f74ea6cd}"
CLSID_CONTOSO="{a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d}"
CONTOSO_PRODUCT="{9F2C4E11-3B7A-4D2E-8C51-6A0B7E3D2F18}"
LCU_INSTALLED="Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.3693.1.11"
KB_INSTALLED="Package_for_KB5032189~31bf3856ad364e35~amd64~~19041.3693.1.11"
LCU_PENDING="Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.3803.1.8"
KB_PENDING="Package_for_KB5033372~31bf3856ad364e35~amd64~~19041.3803.1.8"
PENDING_XML_ID="1c9f2b7e40d3a65c8e0f74b2d9a13e56"
CBS='Microsoft\Windows\CurrentVersion\Component Based Servicing'
CRED='Microsoft\Windows\CurrentVersion\Authentication\Credential Providers'

# build_software OUT KIND: the synthetic SOFTWARE hive. KIND: base, failed-update or third-party.
# Times come from the scenario variables T_INSTALL, T_CU, T_STAGE (failed-update), T_TP (third-party).
build_software() {
  local out=$1 kind=$2 work=$1.hx child
  cp "$FIX/registry/regipy__NTUSER.DAT" "$out"
  chmod u+w "$out"
  hx_begin "$work"
  # empty the container: delete every key below the root
  while IFS= read -r child; do
    [[ -n $child ]] || continue
    printf 'cd \\%s\ndel\n' "$child" >>"$HX"
  done < <(printf 'cd \\ \nls\n' | hivexsh "$out")
  hx_key 'Microsoft\Windows NT\CurrentVersion'
  hx_vals \
    SystemRoot 'string:C:\Windows' PathName 'string:C:\Windows' SoftwareType string:System \
    ProductName 'string:Windows 10 Enterprise' EditionID string:Enterprise CompositionEditionID string:Enterprise \
    InstallationType string:Client ProductId string:00329-10280-00000-AA318 \
    RegisteredOwner string:azureuser RegisteredOrganization string: \
    CurrentVersion string:6.3 CurrentBuild string:19045 CurrentBuildNumber string:19045 \
    CurrentMajorVersionNumber dword:0x0000000a CurrentMinorVersionNumber dword:0x00000000 \
    UBR "dword:$(printf '0x%08x' 3693)" DisplayVersion string:22H2 ReleaseId string:2009 \
    CurrentType 'string:Multiprocessor Free' BuildBranch string:vb_release \
    BuildLab string:19041.vb_release.191206-1406 BuildLabEx string:19041.1.amd64fre.vb_release.191206-1406 \
    InstallDate "dword:$(printf '0x%08x' "$(epoch "$T_INSTALL")")" \
    InstallTime "qword:$(printf '0x%016x' "$(ft "$T_INSTALL")")"
  hx_key 'Microsoft\Windows NT\CurrentVersion\Winlogon'
  hx_vals \
    Shell string:explorer.exe Userinit 'string:C:\Windows\system32\userinit.exe,' \
    AutoRestartShell dword:0x00000001 LegalNoticeCaption string: LegalNoticeText string: \
    PowerdownAfterShutdown string:0 ReportBootOk string:1 WinStationsDisabled string:0 \
    VMApplet 'string:SystemPropertiesPerformance.exe /pagefile'
  hx_key 'Microsoft\Windows NT\CurrentVersion\Windows'
  hx_vals AppInit_DLLs string: LoadAppInit_DLLs dword:0x00000000 RequireSignedAppInit_DLLs dword:0x00000001
  hx_key 'Microsoft\Windows\CurrentVersion'
  hx_vals ProgramFilesDir 'string:C:\Program Files' 'ProgramFilesDir (x86)' 'string:C:\Program Files (x86)' \
    ProgramW6432Dir 'string:C:\Program Files' CommonFilesDir 'string:C:\Program Files\Common Files'
  hx_key "$CRED\\$CLSID_PASSWORD"
  hx_vals @ string:PasswordProvider
  hx_key "Classes\\CLSID\\$CLSID_PASSWORD"
  hx_vals @ string:PasswordProvider
  hx_key "Classes\\CLSID\\$CLSID_PASSWORD\\InprocServer32"
  hx_vals @ 'expandstring:%SystemRoot%\system32\authui.dll' ThreadingModel string:Apartment
  local p
  for p in "$LCU_INSTALLED" "$KB_INSTALLED"; do
    hx_key "$CBS\\Packages\\$p"
    hx_vals CurrentState dword:0x00000070 InstallClient string:UpdateAgentLCU InstallName "string:$p.mum" \
      InstallLocation "string:\\\\?\\C:\\Windows\\SoftwareDistribution\\Download\\4a1e0d2c9b7f3e5a8c6d0b2f1e4a7c9d\\inst" \
      InstallUser string:S-1-5-18 Visibility dword:0x00000001 \
      InstallTimeHigh "dword:$(printf '0x%08x' $(($(ft "$T_CU") >> 32)))" \
      InstallTimeLow "dword:$(printf '0x%08x' $(($(ft "$T_CU") & 0xFFFFFFFF)))"
  done
  local -a times=("Microsoft\\Windows NT\\CurrentVersion=$(ft "$T_CU")"
                  "$CBS\\Packages\\**=$(ft "$T_CU")" "$CBS\\Packages=$(ft "$T_CU")" "$CBS=$(ft "$T_CU")")
  case $kind in
    base) ;;
    failed-update)
      hx_key "$CBS"
      hx_vals PendingXmlIdentifier "string:$PENDING_XML_ID"
      hx_key "$CBS\\RebootPending"
      hx_vals "$LCU_PENDING" dword:0x00000001
      hx_key "$CBS\\PackagesPending\\$LCU_PENDING"
      hx_vals @ string:
      hx_key "$CBS\\PackagesPending\\$KB_PENDING"
      hx_vals @ string:
      for p in "$LCU_PENDING" "$KB_PENDING"; do
        hx_key "$CBS\\Packages\\$p"
        hx_vals CurrentState dword:0x00000060 InstallClient string:UpdateAgentLCU InstallName "string:$p.mum" \
          InstallUser string:S-1-5-18 Visibility dword:0x00000001
      done
      hx_key 'Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired'
      hx_vals '{6f1c8e0a-2b4d-4e7a-9c3f-5d8b1a0e7f24}' dword:0x00000001
      times+=("$CBS=$(ft "$T_STAGE")" "$CBS\\RebootPending=$(ft "$T_STAGE")"
              "$CBS\\PackagesPending\\**=$(ft "$T_STAGE")" "$CBS\\Packages=$(ft "$T_STAGE")"
              "$CBS\\Packages\\$LCU_PENDING=$(ft "$T_STAGE")" "$CBS\\Packages\\$KB_PENDING=$(ft "$T_STAGE")"
              "Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\**=$(ft "$T_STAGE")") ;;
    third-party)
      hx_key "$CRED\\$CLSID_CONTOSO"
      hx_vals @ string:ContosoCredentialProvider
      hx_key "Classes\\CLSID\\$CLSID_CONTOSO"
      hx_vals @ 'string:Contoso Credential Provider'
      hx_key "Classes\\CLSID\\$CLSID_CONTOSO\\InprocServer32"
      hx_vals @ 'string:C:\Program Files\Contoso\ContosoCP.dll' ThreadingModel string:Apartment
      hx_key "Microsoft\\Windows\\CurrentVersion\\Uninstall\\$CONTOSO_PRODUCT"
      hx_vals DisplayName 'string:Contoso Endpoint Agent' DisplayVersion string:4.2.1.17 \
        Publisher 'string:Contoso Ltd.' InstallDate "string:$(date -u -d "$T_TP" +%Y%m%d)" \
        InstallLocation 'string:C:\Program Files\Contoso\' \
        UninstallString "string:MsiExec.exe /X$CONTOSO_PRODUCT" WindowsInstaller dword:0x00000001 \
        EstimatedSize dword:0x00000a3c
      hx_key 'Contoso\Endpoint Agent'
      hx_vals Version string:4.2.1.17 InstallDir 'string:C:\Program Files\Contoso\' \
        CredentialProvider "string:$CLSID_CONTOSO"
      times+=("$CRED=$(ft "$T_TP")" "$CRED\\$CLSID_CONTOSO=$(ft "$T_TP")"
              "Classes\\CLSID=$(ft "$T_TP")" "Classes\\CLSID\\$CLSID_CONTOSO\\**=$(ft "$T_TP")"
              "Microsoft\\Windows\\CurrentVersion\\Uninstall\\**=$(ft "$T_TP")" "Contoso\\**=$(ft "$T_TP")"
              "=$(ft "$T_TP")") ;;
    *) die "internal: build_software $kind" ;;
  esac
  printf 'commit\n' >>"$HX"
  quiet hivexsh -w -f "$HX" "$out"
  rm -f "$HX"
  quiet python3 "$PYTOOL" hive-times "$out" --default "$(ft "$T_INSTALL")" --name SOFTWARE --minor 5 \
    --stamp 0 "${times[@]}"   # last-written 0, as in the real Windows 10 SYSTEM_B
  check_software "$out" "$kind"
}

# check_software HIVE KIND: read the hive back with hivexml / hivexget
check_software() {
  local h=$1 kind=$2 v
  quiet hivexml "$h"
  v=$(hivexget "$h" 'Microsoft\Windows NT\CurrentVersion' CurrentBuild)
  [[ $v == 19045 ]] || die "$h: CurrentBuild reads back as '$v'"
  v=$(hivexget "$h" 'Microsoft\Windows NT\CurrentVersion' UBR)
  [[ $v == 3693 ]] || die "$h: UBR reads back as '$v'"
  v=$(hivexget "$h" 'Microsoft\Windows NT\CurrentVersion\Winlogon' Userinit)
  [[ $v == 'C:\Windows\system32\userinit.exe,' ]] || die "$h: Userinit reads back as '$v'"
  v=$(hivexget "$h" "Classes\\CLSID\\$CLSID_PASSWORD\\InprocServer32" '@')
  [[ $v == '%SystemRoot%\system32\authui.dll' ]] || die "$h: password provider reads back as '$v'"
  case $kind in
    failed-update)
      v=$(hivexget "$h" "$CBS" PendingXmlIdentifier)
      [[ $v == "$PENDING_XML_ID" ]] || die "$h: PendingXmlIdentifier reads back as '$v'"
      hivexget "$h" "$CBS\\RebootPending" >/dev/null || die "$h: no RebootPending key" ;;
    third-party)
      v=$(hivexget "$h" "Classes\\CLSID\\$CLSID_CONTOSO\\InprocServer32" '@')
      [[ $v == 'C:\Program Files\Contoso\ContosoCP.dll' ]] || die "$h: Contoso provider reads back as '$v'" ;;
    *)
      if hivexget "$h" "$CBS\\RebootPending" >/dev/null 2>&1; then die "$h: unexpected RebootPending"; fi ;;
  esac
}

# build_system_third_party OUT: the replayed SYSTEM plus the ContosoAgent service (hivexsh), key times = T_TP
build_system_third_party() {
  local out=$1 v
  cp "$SYSTEM_REPLAYED" "$out"
  hx_begin "$out.hx"
  hx_cd 'ControlSet001\Services'
  printf 'add ContosoAgent\n' >>"$HX"
  hx_cd 'ControlSet001\Services\ContosoAgent'
  hx_vals Type dword:0x00000010 Start dword:0x00000002 ErrorControl dword:0x00000001 \
    ImagePath 'expandstring:"C:\Program Files\Contoso\agent.exe"' DisplayName 'string:Contoso Endpoint Agent' \
    Description 'string:Contoso Endpoint Agent: device compliance and sign-in protection' \
    ObjectName string:LocalSystem DelayedAutostart dword:0x00000000
  printf 'add Parameters\ncd Parameters\n' >>"$HX"
  hx_vals CredentialProvider "string:$CLSID_CONTOSO" LogLevel dword:0x00000002
  printf 'commit\n' >>"$HX"
  quiet hivexsh -w -f "$HX" "$out"
  rm -f "$HX"
  quiet python3 "$PYTOOL" hive-times "$out" "ControlSet001\\Services\\ContosoAgent\\**=$(ft "$T_TP")" \
    "ControlSet001\\Services=$(ft "$T_TP")"
  v=$(hivexget "$out" 'ControlSet001\Services\ContosoAgent' ImagePath)
  [[ $v == '"C:\Program Files\Contoso\agent.exe"' ]] || die "$out: ContosoAgent ImagePath reads back as '$v'"
}

# ---------------------------------------------------------------------------------------------------------------
# Text artifacts (synthetic): CBS.log and pending.xml

# CBS.log is written in local time: SYSTEM's TimeZoneInformation is "Eastern Standard Time" (America/New_York)
CBS_TZ=America/New_York
loc() { TZ=$CBS_TZ date -d "@$(epoch "$1")" "${2:-+%Y-%m-%d %H:%M:%S}"; }
cbs_line() { printf '%s, %-21s %-6s %s\r\n' "$(loc "$1")" "$2" "$3" "$4"; }   # UTC time, Info|Error, CBS|CSI, text

# cbs_log_benign START: a TrustedInstaller session that finds nothing to do
cbs_log_benign() {
  local t=$1
  cbs_line "$t" Info CBS "TI: --- Initializing Trusted Installer ---"
  cbs_line "$t" Info CBS "TI: Last boot time: $(loc "$(tplus "$t" -95)").500"
  cbs_line "$t" Info CBS "Starting TrustedInstaller initialization."
  cbs_line "$t" Info CBS "Lock: New lock added: CCbsPublicSessionClassFactory, level: 30, total lock:4"
  cbs_line "$t" Info CBS "Ending TrustedInstaller initialization."
  cbs_line "$t" Info CBS "Starting the TrustedInstaller main loop."
  cbs_line "$t" Info CBS "TrustedInstaller service starts successfully."
  cbs_line "$t" Info CBS "No startup processing required, TrustedInstaller service was not set as autostart"
  cbs_line "$t" Info CBS "Startup processing thread terminated normally"
  cbs_line "$(tplus "$t" 1)" Info CBS "Session: 30912774_2914467402 initialized by client WindowsUpdateAgent, external staging directory: (null), external registry directory: (null)"
  cbs_line "$(tplus "$t" 2)" Info CBS "Appl: detect Parent, Package: $LCU_INSTALLED, Parent: Microsoft-Windows-Client-Features-Package0117~31bf3856ad364e35~amd64~~10.0.19041.3693, Disposition = Detect, VersionComp: EQ, ServiceComp: GE, BuildComp: GE, DistributionComp: GE, RevisionComp: GE, Exist: present"
  cbs_line "$(tplus "$t" 2)" Info CBS "Session: 30912774_2914467402 finalized. Reboot required: no [HRESULT = 0x00000000 - S_OK]"
  cbs_line "$(tplus "$t" 180)" Info CBS "Trusted Installer is shutting down because: SHUTDOWN_REASON_AUTOSTOP"
  cbs_line "$(tplus "$t" 180)" Info CBS "TiWorker signaled for shutdown, going to exit."
  cbs_line "$(tplus "$t" 180)" Info CBS "Ending the TiWorker main loop."
  cbs_line "$(tplus "$t" 180)" Info CBS "Starting TiWorker finalization."
  cbs_line "$(tplus "$t" 180)" Info CBS "Ending TiWorker finalization."
  cbs_line "$(tplus "$t" 180)" Info CBS "Ending the TrustedInstaller main loop."
  cbs_line "$(tplus "$t" 180)" Info CBS "Starting TrustedInstaller finalization."
  cbs_line "$(tplus "$t" 180)" Info CBS "Ending TrustedInstaller finalization."
}

# cbs_log_failed START: staging of KB5033372, then the shutdown-time processing that fails (times from START)
cbs_log_failed() {
  local t=$1 s="31063817_1384071045"
  cbs_at() { tplus "$t" "$1"; }
  cbs_line "$t" Info CBS "TI: --- Initializing Trusted Installer ---"
  cbs_line "$t" Info CBS "TI: Last boot time: $(loc "$(tplus "$t" -81)").500"
  cbs_line "$t" Info CBS "Starting TrustedInstaller initialization."
  cbs_line "$t" Info CBS "Ending TrustedInstaller initialization."
  cbs_line "$t" Info CBS "Starting the TrustedInstaller main loop."
  cbs_line "$t" Info CBS "TrustedInstaller service starts successfully."
  cbs_line "$(cbs_at 1)" Info CBS "Session: $s initialized by client UpdateAgentLCU, external staging directory: (null), external registry directory: (null)"
  cbs_line "$(cbs_at 2)" Info CBS "Exec: Processing started.  Client: UpdateAgentLCU, Session: $s, Package: $LCU_PENDING, Identifier: KB5033372"
  cbs_line "$(cbs_at 159)" Info CBS "Appl: detect Parent, Package: $LCU_PENDING, Parent: Microsoft-Windows-Client-Features-Package0117~31bf3856ad364e35~amd64~~10.0.19041.3693, Disposition = Detect, VersionComp: EQ, ServiceComp: GE, BuildComp: GE, DistributionComp: GE, RevisionComp: GE, Exist: present"
  cbs_line "$(cbs_at 535)" Info CBS "Pkgmgr: Installing selectable updates for package: $LCU_PENDING, Update: 5033372-1571_neutral_GDR, InstallState: Installed"
  cbs_line "$(cbs_at 549)" Info CSI "0000041a@$(loc "$(cbs_at 549)" '+%Y/%-m/%-d:%H:%M:%S').318 CSI Transaction @0x1f3a5c2e7d0 pended; pending.xml identifier $PENDING_XML_ID"
  cbs_line "$(cbs_at 550)" Info CBS "Exec: Installation of $LCU_PENDING pended, a reboot is required to complete it.  Session: $s"
  cbs_line "$(cbs_at 550)" Info CBS "Setting RebootPending key. PendingXmlIdentifier: $PENDING_XML_ID"
  cbs_line "$(cbs_at 551)" Info CBS "Session: $s finalized. Reboot required: yes [HRESULT = 0x00000000 - S_OK]"
  cbs_line "$(cbs_at 568)" Info CBS "Exec: Processing the pending operation queue at shutdown, PendingXmlIdentifier: $PENDING_XML_ID"
  cbs_line "$(cbs_at 574)" Info CBS "Doqe: Failed to execute advanced installer: {81a34a10-4256-436a-89d6-794b97ca407c}, component: Microsoft-Windows-Csrss, Version = 10.0.19041.3803, pA = PROCESSOR_ARCHITECTURE_AMD64 (9), Culture neutral, VersionScope = 1 nonSxS, PublicKeyToken = {l:8 b:31bf3856ad364e35}, Type neutral, TypeName neutral, PublicKey neutral [HRESULT = 0x80070020 - ERROR_SHARING_VIOLATION]"
  cbs_line "$(cbs_at 575)" Error CSI "0000042b (F) HRESULT_FROM_WIN32(ERROR_SHARING_VIOLATION) #1739201# from Windows::Rtl::SystemImplementation::DirectFileSystemProvider::SysCreateFile(flags = (AllowSharingViolation), da = (SYNCHRONIZE|FILE_READ_ATTRIBUTES), on:[52]'\\??\\C:\\Windows\\System32\\csrss.exe')[gle=0x80070020]"
  cbs_line "$(cbs_at 576)" Error CBS "Startup: Failed to process advanced operation queue, startupPhase: 0.  A rollback transaction will be created. [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]"
  cbs_line "$(cbs_at 576)" Info CBS "Setting ExecuteState key to: CbsExecuteStateInitiateRollback | CbsExecuteStateFlagAdvancedInstallersFailed"
  cbs_line "$(cbs_at 577)" Error CBS "Exec: Failed to process the pending operation queue; the system will be rolled back on the next boot. [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]"
  cbs_line "$(cbs_at 578)" Info CBS "Session: $s finalized. Reboot required: yes [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]"
  cbs_line "$(cbs_at 579)" Error CBS "Failed to perform operation.  [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]"
  cbs_line "$(cbs_at 579)" Info CBS "TiWorker signaled for shutdown, going to exit."
}

# WinSxS component folders of the staged 10.0.19041.3803 files (component|folder hash|file)
STAGED=(
  "microsoft-windows-csrss|4d2c7e0a91b3f562|csrss.exe"
  "microsoft-windows-csrsrv|0b5e8a3c27d4f719|csrsrv.dll"
  "microsoft-windows-basesrv|7a91c2e5d03b6f48|basesrv.dll"
  "microsoft-windows-winsrv|e36f0b1d8c52a497|winsrv.dll"
  "microsoft-windows-ntdll|2f84d6b0e1a9c35d|ntdll.dll"
)
staged_dir() { echo "amd64_$1_31bf3856ad364e35_10.0.19041.3803_none_$2"; }

pending_xml() {
  local e comp h f name
  printf '<?xml version="1.0" encoding="utf-8"?>\r\n'
  printf '<PendingTransaction Version="3.1" WritableRoot="\\SystemRoot\\WinSxS\\" Identifier="%s">\r\n' "$PENDING_XML_ID"
  printf '  <Transactions>\r\n    <Install>\r\n'
  printf '      <Package name="Package_for_RollupFix" version="19041.3803.1.8" processorArchitecture="amd64" language="neutral" publicKeyToken="31bf3856ad364e35" identifier="KB5033372"/>\r\n'
  for e in "${STAGED[@]}"; do
    IFS='|' read -r comp h f <<<"$e"
    name=${comp#microsoft-windows-}
    printf '      <Assembly name="Microsoft-Windows-%s" version="10.0.19041.3803" processorArchitecture="amd64" language="neutral" buildType="release" publicKeyToken="31bf3856ad364e35" versionScope="nonSxS"/>\r\n' "${name^}"
  done
  printf '    </Install>\r\n  </Transactions>\r\n'
  printf '  <POQ postAction="reboot">\r\n'
  printf '    <CreateDirectory path="\\SystemRoot\\WinSxS\\Temp\\PendingRenames"/>\r\n'
  for e in "${STAGED[@]}"; do
    IFS='|' read -r comp h f <<<"$e"
    printf '    <MoveFile source="\\SystemRoot\\System32\\%s" destination="\\SystemRoot\\WinSxS\\Temp\\PendingRenames\\%s_%s"/>\r\n' "$f" "$h" "$f"
    printf '    <HardlinkFile source="\\SystemRoot\\WinSxS\\%s\\%s" destination="\\SystemRoot\\System32\\%s"/>\r\n' "$(staged_dir "$comp" "$h")" "$f" "$f"
  done
  printf '    <SetKeyValue path="\\Registry\\Machine\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion" name="UBR" type="0x00000004" encoding="base64" value="2w4AAA=="/>\r\n'
  printf '  </POQ>\r\n  <Checkpoint/>\r\n  <POQ>\r\n'
  for e in "${STAGED[@]}"; do
    IFS='|' read -r comp h f <<<"$e"
    printf '    <DeleteFile path="\\SystemRoot\\WinSxS\\Temp\\PendingRenames\\%s_%s"/>\r\n' "$h" "$f"
  done
  printf '  </POQ>\r\n'
  printf '  <InstallerQueue Length="0x00000001">\r\n'
  printf '    <Action Installer="{81a34a10-4256-436a-89d6-794b97ca407c}" Mode="Install" Component="Microsoft-Windows-Csrss, Version = 10.0.19041.3803, pA = PROCESSOR_ARCHITECTURE_AMD64 (9), Culture neutral, VersionScope = 1 nonSxS, PublicKeyToken = {l:8 b:31bf3856ad364e35}"/>\r\n'
  printf '  </InstallerQueue>\r\n</PendingTransaction>\r\n'
}

# ---------------------------------------------------------------------------------------------------------------
# The timed staging list: put TIME f DEST SOURCE [CREATED MODIFIED ACCESSED] / mkdirs TIME DIR...
# Files are written in time order with ntfs-3g's clock at TIME (so MFT change = TIME); CREATED/MODIFIED/ACCESSED,
# when given, are then set through ntfs-3g's system.ntfs_times (e.g. a copy that kept its source's mtime).
# The same DEST may be put twice (an overwrite); the manifest holds the last content.
PLAN=""
BLOBS=""
put() {
  local t=$1 dest=$2 src=$3 extra=""
  (($# == 6)) && extra=$'\t'"$4"$'\t'"$5"$'\t'"$6"
  [[ -f $src ]] || die "internal: no file $src for $dest"
  printf '%s\tf\t%s\t%s%s\n' "$t" "$dest" "$src" "$extra" >>"$PLAN"
}
mkdirs() {
  local t=$1 d
  shift
  for d in "$@"; do printf '%s\td\t%s\t-\n' "$t" "$d" >>"$PLAN"; done
}
blob() { # blob NAME: a path for a generated file
  mkdir -p "$BLOBS"
  echo "$BLOBS/$1"
}

clock_set() { printf '%s\n' "$1" >"$CLOCK"; }

# write the plan into a mounted NTFS volume (mounted with the clock file $CLOCK)
apply_plan() {
  local mnt=$1 t kind dest src cr m a
  while IFS=$'\t' read -r t kind dest src cr m a; do
    clock_set "$t"
    if [[ $kind == d ]]; then
      mkdir -p "$mnt/$dest"
      continue
    fi
    [[ -d $mnt/$(dirname "$dest") ]] || mkdir -p "$mnt/$(dirname "$dest")"
    cat "$src" >"$mnt/$dest"
    if [[ -n ${cr:-} ]]; then
      setfattr -n system.ntfs_times -v "0x$(printf '%016x%016x%016x' "$(ft "$cr")" "$(ft "$m")" "$(ft "$a")" |
        sed -E 's/(..)(..)(..)(..)(..)(..)(..)(..)/\8\7\6\5\4\3\2\1/g')" "$mnt/$dest"
    fi
  done < <(LC_ALL=C sort -t $'\t' -k1,1 -k2,2 -s "$PLAN")
}

# manifest of the plan (last content of each DEST)
plan_manifest() {
  local part=$1 t kind dest src
  declare -A last=()
  while IFS=$'\t' read -r t kind dest src _; do
    [[ $kind == f ]] && last[$dest]=$src
  done < <(LC_ALL=C sort -t $'\t' -k1,1 -k2,2 -s "$PLAN")
  for dest in "${!last[@]}"; do
    printf '%s\t%s\t%s\t%s\n' "$part" "$dest" "$(fsize "${last[$dest]}")" "$(sha "${last[$dest]}")"
  done
}

write_manifest() { { printf 'partition_index\twindows_path\tsize\tsha256\n'; LC_ALL=C sort -t $'\t' -k1,1n -k2,2; } >"$1"; }

# expected NTFS times (modified, created) of a file per the plan: last write of DEST
plan_times() { # plan_times DEST -> "CREATED MODIFIED MFT_CHANGED" as FILETIME/1e7 (seconds since 1601)
  local dest=$1 t kind d src cr m a first="" last="" lcr="" lm=""
  while IFS=$'\t' read -r t kind d src cr m a; do
    [[ $kind == f && $d == "$dest" ]] || continue
    [[ -n $first ]] || first=$t
    last=$t lcr=${cr:-} lm=${m:-}
  done < <(LC_ALL=C sort -t $'\t' -k1,1 -k2,2 -s "$PLAN")
  [[ -n $lcr ]] || lcr=$first
  [[ -n $lm ]] || lm=$last
  echo "$lcr|$lm|$last"
}

# ---------------------------------------------------------------------------------------------------------------
# Disk: GPT (512-byte sectors) p1 ESP 33 MiB FAT32, p2 MSR 16 MiB, p3 NTFS 100 MiB, in a 151 MiB disk

GUID_ESP=C12A7328-F81F-11D2-BA4B-00A0C93EC93B
GUID_MSR=E3C9E316-0B5C-4DB8-817D-F92DF00215AE
GUID_BDP=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7
DISK_MIB=151 ESP_MIB=33 MSR_MIB=16 DATA_MIB=100

# build_disk NAME INDEX: uses $PLAN, $T_INSTALL, the ESP tree (BCD); writes <tmp>/NAME.raw and NAME.manifest.tsv
build_disk() {
  local name=$1 idx=$2 tmp=$3
  local disk=$tmp/$name.raw esp=$tmp/p1.fat ntfs=$tmp/p3.ntfs
  local p1=$MIB p1s=$((ESP_MIB * MIB)) p2=$(((1 + ESP_MIB) * MIB)) p2s=$((MSR_MIB * MIB))
  local p3=$(((1 + ESP_MIB + MSR_MIB) * MIB)) p3s=$((DATA_MIB * MIB))
  local g="5649524D-5343-454E-4152-$(printf '%08X' "$idx")"
  truncate -s $((DISK_MIB * MIB)) "$disk"
  quiet sgdisk -o -U "${g}0000" \
    -n "1:$((p1 / 512)):$(((p1 + p1s) / 512 - 1))" -t 1:EF00 -u "1:${g}0001" -c "1:EFI system partition" \
    -n "2:$((p2 / 512)):$(((p2 + p2s) / 512 - 1))" -t 2:0C01 -u "2:${g}0002" -c "2:Microsoft reserved partition" \
    -n "3:$((p3 / 512)):$(((p3 + p3s) / 512 - 1))" -t 3:0700 -u "3:${g}0003" -c "3:Basic data partition" \
    "$disk"
  local dump
  dump=$(sfdisk -d "$disk")
  grep -qi "start= *$((p1 / 512)), size= *$((p1s / 512)), type=$GUID_ESP, uuid=${g}0001" <<<"$dump" &&
    grep -qi "start= *$((p2 / 512)), size= *$((p2s / 512)), type=$GUID_MSR, uuid=${g}0002" <<<"$dump" &&
    grep -qi "start= *$((p3 / 512)), size= *$((p3s / 512)), type=$GUID_BDP, uuid=${g}0003" <<<"$dump" ||
    { printf '%s\n' "$dump" >&2; die "$name: GPT does not read back as expected"; }

  # ESP: FAT32 (--invariant, fixed volume id), the real BCD, FAT times = install time (mtools under faketime)
  rm -f "$esp"
  truncate -s "$p1s" "$esp"
  quiet mkfs.vfat -F 32 -S 512 -s 1 -n SYSTEM -h $((p1 / 512)) --invariant -i "$(printf '5C%02X0E5F' "$idx")" "$esp"
  quiet faketime -f "$T_INSTALL" mmd -i "$esp" ::EFI ::EFI/Microsoft ::EFI/Microsoft/Boot
  quiet faketime -f "$T_INSTALL" mcopy -i "$esp" "$FIX/registry/regipy__BCD" ::EFI/Microsoft/Boot/BCD
  quiet fsck.vfat -n "$esp"
  rm -f "$tmp/bcd.check"
  quiet mcopy -n -i "$esp" ::EFI/Microsoft/Boot/BCD "$tmp/bcd.check"
  cmp -s "$tmp/bcd.check" "$FIX/registry/regipy__BCD" || die "$name: the BCD does not read back from the ESP"

  # NTFS: mkntfs at the install time (fixed clock: reproducible serial), then the plan under the faked clock
  rm -f "$ntfs"
  truncate -s "$p3s" "$ntfs"
  quiet faketime -f "$T_INSTALL" mkntfs -F -Q -q -c 4096 -s 512 -L Windows -p $((p3 / 512)) -H 255 -S 63 "$ntfs"
  CLOCK=$tmp/clock
  clock_set "$T_INSTALL"
  ntfs_mount "$ntfs" "$tmp/mnt" "" "$CLOCK"
  apply_plan "$tmp/mnt"
  ntfs_umount "$tmp/mnt"

  {
    printf '1\tEFI/Microsoft/Boot/BCD\t%s\t%s\n' "$(fsize "$FIX/registry/regipy__BCD")" "${SRC_SHA[registry/regipy__BCD]}"
    plan_manifest 3
  } | write_manifest "$tmp/$name.manifest.tsv"
  verify_ntfs "$name" "$ntfs" "$tmp/$name.manifest.tsv" "$tmp"

  dd if="$esp" of="$disk" bs=1M seek=$((p1 / MIB)) conv=notrunc,sparse status=none
  dd if="$ntfs" of="$disk" bs=1M seek=$((p3 / MIB)) conv=notrunc,sparse status=none
  cmp -s -n "$p1s" -i "0:$p1" "$esp" "$disk" && cmp -s -n "$p3s" -i "0:$p3" "$ntfs" "$disk" ||
    die "$name: a volume was not copied intact into the disk"
  rm -f "$esp" "$ntfs"
}

# verify_ntfs NAME VOLUME MANIFEST TMP: listing and content through a read-only ntfs-3g mount, every file again
# with ntfscat, an ntfsls listing, and every file's NTFS times (ntfsinfo) against the plan
verify_ntfs() {
  local name=$1 vol=$2 manifest=$3 tmp=$4 mnt=$4/verify-mnt
  ntfs_mount "$vol" "$mnt" ro
  diff <(awk -F '\t' 'NR>1 && $1==3 {print $2 "\t" $3}' "$manifest" | LC_ALL=C sort) \
       <(cd "$mnt" && find . -type f -printf '%P\t%s\n' | LC_ALL=C sort) >"$tmp/verify.diff" ||
    { head -20 "$tmp/verify.diff" >&2; die "$name: file listing differs from the manifest"; }
  awk -F '\t' -v m="$mnt" 'NR>1 && $1==3 && $3 > 0 {print $4 "  " m "/" $2}' "$manifest" >"$tmp/verify.sha"
  sha256sum -c --quiet "$tmp/verify.sha" >"$tmp/verify.out" 2>&1 ||
    { head -20 "$tmp/verify.out" >&2; die "$name: content read back through ntfs-3g differs from the manifest"; }
  ntfs_umount "$mnt"
  local path size want got n=0 times cr m ch info
  while IFS=$'\t' read -r _ path size want; do
    got=$(ntfscat "$vol" "/$path" | sha256sum | cut -c1-64)
    [[ $got == "$want" ]] || die "$name: ntfscat /$path gives sha256 $got, manifest says $want"
    IFS='|' read -r cr m ch <<<"$(plan_times "$path")"
    info=$(ntfsinfo -F "/$path" "$vol" 2>/dev/null | awk -F ':\t ' '/File Creation Time|File Altered Time|MFT Changed Time/ {print $2}' | head -3 | tr '\n' '|')
    [[ $info == "$(date -u -d "$cr" '+%a %b %e %H:%M:%S %Y UTC')|$(date -u -d "$m" '+%a %b %e %H:%M:%S %Y UTC')|$(date -u -d "$ch" '+%a %b %e %H:%M:%S %Y UTC')|" ]] ||
      die "$name: /$path has NTFS times '$info', the plan says created $cr, modified $m, changed $ch"
    n=$((n + 1))
  done < <(awk -F '\t' 'NR>1 && $1==3' "$manifest")
  ntfsls -f -l -R -p /Windows "$vol" >"$tmp/$name.ntfsls.txt" 2>&1 || die "$name: ntfsls failed"
  grep -q 'csrss.exe' "$tmp/$name.ntfsls.txt" || die "$name: ntfsls does not list csrss.exe"
  log "  $name: $n files verified (read-only ntfs-3g mount, ntfscat, ntfsls, NTFS times with ntfsinfo)"
}

# check_hives NAME TMP: hivexml on both hives as they are on the built volume (read back with ntfscat)
check_hives() {
  local name=$1 vol=$2 tmp=$3 kind=$4
  ntfscat "$vol" /Windows/System32/config/SYSTEM >"$tmp/SYSTEM.check"
  quiet hivexml "$tmp/SYSTEM.check"
  ntfscat "$vol" /Windows/System32/config/SOFTWARE >"$tmp/SOFTWARE.check"
  if [[ $kind == botched-restore ]]; then
    [[ ! -s $tmp/SOFTWARE.check ]] || die "$name: SOFTWARE should be zero-length"
    if hivexml "$tmp/SOFTWARE.check" >/dev/null 2>&1; then die "$name: hivexml reads the empty SOFTWARE"; fi
  else
    check_software "$tmp/SOFTWARE.check" "$kind"
  fi
  rm -f "$tmp/SYSTEM.check" "$tmp/SOFTWARE.check"
}

# ---------------------------------------------------------------------------------------------------------------
# Scenario plans. Each sets the timeline (UTC) and fills $PLAN.
#   T_INSTALL  Windows installed (SOFTWARE InstallDate; folders; mkntfs; ESP)
#   T_CU       the 10.0.19041.3693 cumulative update (binaries, CBS\Packages)
#   T_LOGS     last write of the event logs (just after System.evtx's last record)
#   T_HIVES    last write of the hives (the last boot, or shutdown)
#   T_CRASH    the bug check (dump SystemTime); T_DUMP: MEMORY.DMP written (next boot)

SYSLOG=""
SETUPLOG=evtx/museum__Win11-RathbunVM__Setup.evtx
APPLOG=evtx/museum__Win2012R2-StolenSzechuan__Application.evtx
WIN_DIRS=(Windows Windows/System32 Windows/System32/config Windows/System32/config/RegBack Windows/System32/winevt
          Windows/System32/winevt/Logs Windows/System32/drivers Windows/Logs Windows/Logs/CBS Windows/WinSxS
          Windows/WinSxS/Temp "Program Files" "Program Files (x86)" ProgramData Users)

# the common base; RESTORED (space-separated Windows paths) are written at T_RESTORE instead (botched-restore)
plan_base() {
  local sw=$1 e rel src t f
  mkdirs "$T_INSTALL" "${WIN_DIRS[@]}"
  for f in DEFAULT SAM SECURITY SOFTWARE SYSTEM; do put "$T_INSTALL" "Windows/System32/config/RegBack/$f" "$(blob empty)"; done
  for e in "${WINDOWS_BINARIES[@]}"; do
    rel=${e%%|*}
    put "$(when "Windows/$rel" "$T_CU")" "Windows/$rel" "$PE_DIR/3693/$rel"
  done
  put "$(when Windows/System32/config/SAM "$T_HIVES")" Windows/System32/config/SAM "$FIX/registry/regipy__SAM"
  if [[ -n $sw ]]; then
    put "$(when Windows/System32/config/SOFTWARE "$T_HIVES")" Windows/System32/config/SOFTWARE "$sw"
  fi
  put "$(when Windows/System32/winevt/Logs/System.evtx "$T_LOGS")" Windows/System32/winevt/Logs/System.evtx "$FIX/$SYSLOG"
  put "$(when Windows/System32/winevt/Logs/Setup.evtx "$T_LOGS")" Windows/System32/winevt/Logs/Setup.evtx "$FIX/$SETUPLOG"
  put "$(when Windows/System32/winevt/Logs/Application.evtx "$T_LOGS")" Windows/System32/winevt/Logs/Application.evtx "$FIX/$APPLOG"
}
plan_real_system() {
  local f
  for f in SYSTEM SYSTEM.LOG1 SYSTEM.LOG2; do
    put "$(when "Windows/System32/config/$f" "$T_HIVES")" "Windows/System32/config/$f" \
      "$FIX/registry/regipy__SYSTEM_B/SYSTEM_B${f#SYSTEM}"
  done
}
when() { # when PATH DEFAULT_TIME: T_RESTORE for restored paths
  if [[ " ${RESTORED:-} " == *" $1 "* ]]; then echo "$T_RESTORE"; else echo "$2"; fi
}
plan_pagefile() { # plan_pagefile TIME [DUMP]: 8 MiB page file, optionally starting with a dump
  local t=$1 d=${2:-} pf
  pf=$(blob pagefile.sys)
  if [[ ${SCENARIO_PAGEFILE:-} == zeros ]]; then
    # scripts/build-example.sh: a page file of zeros compresses to nothing, so the committed example stays small.
    local used=0
    [[ -z $d ]] || used=$(fsize "$d")
    { [[ -z $d ]] || cat "$d"; head -c $((8 * MIB - used)) /dev/zero; } >"$pf"
  elif [[ -n $d ]]; then
    { cat "$d"; prng "pagefile-$SCN" $((8 * MIB - $(fsize "$d"))); } >"$pf"
  else
    prng "pagefile-$SCN" $((8 * MIB)) >"$pf"
  fi
  put "$t" pagefile.sys "$pf"
}
plan_cbs_benign() {
  local b
  b=$(blob CBS.log)
  cbs_log_benign "$1" >"$b"
  put "$(tplus "$1" 180)" Windows/Logs/CBS/CBS.log "$b"
}

scenario_healthy() {
  SYSLOG=evtx/museum__Win10-BelkasoftCTF__System.evtx  # 2020-08-01T21:48:07Z .. 2021-02-14T02:37:09Z
  T_INSTALL="2020-08-01 21:30:00" T_CU="2021-02-10 19:47:12"
  T_LOGS="2021-02-14 02:39:21" T_HIVES="2021-02-14 02:39:18" T_CRASH=""   # shut down at 02:39
  build_software "$(blob SOFTWARE)" base
  plan_base "$(blob SOFTWARE)"
  plan_real_system
  plan_cbs_benign "2021-02-14 02:04:40"
  plan_pagefile "2021-02-14 02:32:48"
}

scenario_failed_update() {
  SYSLOG=evtx/museum__Win11-RathbunVM__System.evtx     # 2022-02-05T18:51:03Z .. 2022-02-13T03:55:22Z
  T_INSTALL="2022-02-05 18:32:11" T_CU="2022-02-07 07:36:50"
  T_STAGE="2022-02-13 04:05:12"                          # pending.xml written (CBS.log 04:05:11)
  local cbs_start="2022-02-13 03:56:02"                  # CBS session start; log ends 04:05:41 (cbs_start + 579)
  T_LOGS="2022-02-13 04:05:44" T_HIVES="2022-02-13 04:06:58"
  T_CRASH="2022-02-13 04:07:03" T_DUMP="2022-02-13 04:08:41"
  build_software "$(blob SOFTWARE)" failed-update
  plan_base "$(blob SOFTWARE)"
  plan_real_system
  local b e comp h f
  b=$(blob CBS.log)
  cbs_log_failed "$cbs_start" >"$b"
  put "$(tplus "$cbs_start" 579)" Windows/Logs/CBS/CBS.log "$b"
  mkdirs "$(tplus "$cbs_start" 30)" Windows/WinSxS/Temp/PendingRenames
  for e in "${STAGED[@]}"; do
    IFS='|' read -r comp h f <<<"$e"
    put "$(tplus "$cbs_start" 540)" "Windows/WinSxS/$(staged_dir "$comp" "$h")/$f" "$PE_DIR/3803/System32/$f"
  done
  b=$(blob pending.xml)
  pending_xml >"$b"
  put "$T_STAGE" Windows/WinSxS/pending.xml "$b"
  make_dump "$(blob MEMORY.DMP)" "Windows SubSystem" 0xC0000142 "$T_CRASH" 32
  put "$T_DUMP" Windows/MEMORY.DMP "$(blob MEMORY.DMP)"
  plan_pagefile "$T_DUMP"
}

scenario_mismatched_files() {
  SYSLOG=evtx/museum__Win10-BelkasoftCTF__System.evtx  # 2020-08-01T21:48:07Z .. 2021-02-14T02:37:09Z
  T_INSTALL="2020-08-01 21:30:00" T_CU="2021-02-10 19:47:12"
  T_LOGS="2021-02-14 02:37:12" T_HIVES="2021-02-14 02:41:31"
  T_COPY="2021-02-14 02:40:19" T_OLD="2021-01-13 02:58:41"   # copied in; the copies keep their 3570 mtime
  T_CRASH="2021-02-14 02:41:37" T_DUMP="2021-02-14 02:43:12"
  build_software "$(blob SOFTWARE)" base
  plan_base "$(blob SOFTWARE)"
  plan_real_system
  local f
  for f in csrss.exe winsrv.dll basesrv.dll; do
    # copied over the 3693 file: creation stays T_CU, modification = the source's (older), access/MFT = T_COPY
    put "$T_COPY" "Windows/System32/$f" "$PE_DIR/3570/System32/$f" "$T_CU" "$T_OLD" "$T_COPY"
  done
  plan_cbs_benign "2021-02-14 02:04:40"
  make_dump "$(blob MEMORY.DMP)" "Windows SubSystem" 0xC0000139 "$T_CRASH" 35
  put "$T_DUMP" Windows/MEMORY.DMP "$(blob MEMORY.DMP)"
  plan_pagefile "$T_DUMP"
}

scenario_third_party() {
  SYSLOG=evtx/evtx-rs__system.evtx                     # 2017-07-12T07:18:24Z .. 2018-03-06T08:13:42Z
  T_INSTALL="2017-07-12 07:05:00" T_CU="2018-02-14 03:21:09"
  T_TP="2018-03-06 08:14:27"                             # Contoso Endpoint Agent installed
  T_LOGS="2018-03-06 08:14:58" T_HIVES="2018-03-06 08:16:40"
  T_CRASH="2018-03-06 08:16:51"
  build_software "$(blob SOFTWARE)" third-party
  plan_base "$(blob SOFTWARE)"
  build_system_third_party "$(blob SYSTEM)"
  put "$T_HIVES" Windows/System32/config/SYSTEM "$(blob SYSTEM)"
  mkdirs "$T_TP" "Program Files/Contoso"
  put "$(tplus "$T_TP" -4)" "Program Files/Contoso/agent.exe" "$PE_DIR/contoso/agent.exe"
  put "$(tplus "$T_TP" -3)" "Program Files/Contoso/ContosoCP.dll" "$PE_DIR/contoso/ContosoCP.dll"
  plan_cbs_benign "2018-03-06 07:41:05"
  make_dump "$(blob crash.dmp)" "Windows Logon Process" 0xC0000005 "$T_CRASH" 48
  plan_pagefile "$T_CRASH" "$(blob crash.dmp)"
}

scenario_botched_restore() {
  SYSLOG=evtx/evtx-rs__2-vss_7-System.evtx            # 2018-07-06T18:37:44Z .. 2018-08-08T14:44:03Z
  T_INSTALL="2018-07-06 18:20:00" T_CU="2018-07-11 03:12:40"
  T_LOGS="2018-08-08 14:46:08" T_HIVES="2018-08-08 14:46:05"
  T_RESTORE="2018-08-09 10:21:37" T_CRASH="2018-08-09 10:23:05" T_DUMP="2018-08-09 10:24:41"
  RESTORED="Windows/System32/config/SYSTEM Windows/System32/config/SYSTEM.LOG1 Windows/System32/config/SYSTEM.LOG2
            Windows/System32/config/SOFTWARE Windows/System32/config/SAM
            Windows/System32/winevt/Logs/System.evtx Windows/System32/winevt/Logs/Setup.evtx
            Windows/System32/winevt/Logs/Application.evtx
            Windows/System32/ntdll.dll Windows/System32/csrss.exe Windows/System32/kernel32.dll
            Windows/System32/kernelbase.dll Windows/System32/user32.dll Windows/System32/winlogon.exe
            Windows/System32/lsass.exe Windows/System32/services.exe Windows/System32/authui.dll
            Windows/System32/sxssrv.dll"
  RESTORED=$(tr -s ' \n' '  ' <<<"$RESTORED")
  plan_base "$(blob empty)"         # SOFTWARE: zero-length (in use during the backup, never restored)
  plan_real_system
  # in use during the backup: restored as all-zero files of their size
  head -c 2000000 /dev/zero >"$(blob ntdll.zero)"
  head -c 22016 /dev/zero >"$(blob csrss.zero)"
  put "$T_RESTORE" Windows/System32/ntdll.dll "$(blob ntdll.zero)"
  put "$T_RESTORE" Windows/System32/csrss.exe "$(blob csrss.zero)"
  plan_cbs_benign "2018-08-08 14:21:17"
  make_dump "$(blob MEMORY.DMP)" "Windows SubSystem" 0xC000007B "$T_CRASH" 29
  put "$T_DUMP" Windows/MEMORY.DMP "$(blob MEMORY.DMP)"
  plan_pagefile "$T_DUMP"
}

# ---------------------------------------------------------------------------------------------------------------
# expect.json

# common JSON fragments
json_real_base() {
  cat <<EOF
    {"path": "EFI/Microsoft/Boot/BCD", "partition": 1, "source": "registry/regipy__BCD"},
    {"path": "Windows/System32/config/SAM", "source": "registry/regipy__SAM"},
    {"path": "Windows/System32/winevt/Logs/System.evtx", "source": "$SYSLOG"},
    {"path": "Windows/System32/winevt/Logs/Setup.evtx", "source": "$SETUPLOG"},
    {"path": "Windows/System32/winevt/Logs/Application.evtx", "source": "$APPLOG"}
EOF
}
json_system_real() {
  cat <<'EOF'
    {"path": "Windows/System32/config/SYSTEM", "source": "registry/regipy__SYSTEM_B/SYSTEM_B", "note": "dirty: replay SYSTEM.LOG1/.LOG2"},
    {"path": "Windows/System32/config/SYSTEM.LOG1", "source": "registry/regipy__SYSTEM_B/SYSTEM_B.LOG1"},
    {"path": "Windows/System32/config/SYSTEM.LOG2", "source": "registry/regipy__SYSTEM_B/SYSTEM_B.LOG2"},
EOF
}
json_synthetic_base() {
  cat <<'EOF'
    {"path": "Windows/System32/config/SOFTWARE", "how": "hivexsh inside an emptied copy of the real registry/regipy__NTUSER.DAT; base block renamed SOFTWARE, minor version 5; key times set to the timeline (scripts/scenarios/scenario_tool.py hive-times)"},
    {"path": "Windows/System32/config/RegBack/*", "how": "zero-byte DEFAULT, SAM, SECURITY, SOFTWARE, SYSTEM (normal on Windows 10 1803 and later)"},
    {"path": "Windows/System32/*.exe|*.dll|*.sys, Windows/explorer.exe", "how": "PE stand-ins built with MinGW-w64 (x86_64-w64-mingw32-gcc) from a one-line C file plus a VERSIONINFO resource (windres): real PE/VERSIONINFO structure, CompanyName Microsoft Corporation, version 10.0.19041.3693 unless said otherwise; no Windows code"},
    {"path": "Windows/Logs/CBS/CBS.log", "how": "written by the build script in CBS.log's line format, in local time (SYSTEM's TimeZoneInformation: Eastern Standard Time)"},
    {"path": "pagefile.sys", "how": "8 MiB of AES-CTR pseudo-random bytes (a dump first in third-party)"},
EOF
}
json_windows() {
  cat <<EOF
  "windows": {
    "partition": 3, "path": "\\\\Windows", "product_name": "Windows 10 Enterprise", "edition_id": "Enterprise",
    "installation_type": "Client", "current_build": "19045", "ubr": 3693, "display_version": "22H2",
    "file_version": "10.0.19041.3693", "install_date": "$(iso "$T_INSTALL")",
    "computer_name": "DESKTOP-PM6C56D", "crash_dump_enabled": 7, "paging_files": "?:\\\\pagefile.sys"
  },
EOF
}
# json_dump ORIGIN PATH PROCESS_TEXT IMAGE STATUS STATUS_NAME UPTIME
json_stop() {
  cat <<EOF
  "stop_code": "0xC000021A",
  "stop_name": "WINLOGON_FATAL_ERROR",
  "stop_name_aliases": ["STATUS_SYSTEM_PROCESS_TERMINATED"],
  "stop": {
    "origin": "$1", "artifact": "$2", "dump_type": "full", "dump_bytes": 4202496,
    "parameters": ["0xFFFFF80012345678", "0xFFFFFFFF${5#0x}", "0x0", "0x0"],
    "arg1_string": "$3", "process": "$4", "status": "$5", "status_name": "$6",
    "crash_time": "$(iso "$T_CRASH")", "system_uptime_secs": $7, "os_build_in_dump": 19041,
    "written_by": "crates/dump-synth c000021a_x64 via scripts/scenarios/synth-dump (synthetic)"
  },
EOF
}

bounds_line() { # bounds_line TOP_CAUSE (others up to low, top exactly high) [CAUSE=MAX...]
  local top=$1 c max out="" kv
  shift
  for c in mismatched_system_files failed_update incomplete_restore third_party_program; do
    if [[ $c == "$top" ]]; then out+="\"$c\": [\"high\", \"high\"], "; continue; fi
    max=low
    for kv in "$@"; do [[ ${kv%%=*} == "$c" ]] && max=${kv#*=}; done
    out+="\"$c\": [\"not_indicated\", \"$max\"], "
  done
  echo "{${out%, }}"
}

write_expect() {
  local name=$1 out=$2
  case $name in
    healthy)
      render "$out" "NAME=$name" "WINDOWS=$(json_windows)" "SYSTEM_REAL=$(json_system_real)" \
        "REAL=$(json_real_base)" "SYNTH=$(json_synthetic_base)" \
        "BOUNDS=$(bounds_line none)" "END=$(iso "$T_HIVES")" <<'EOF'
{
  "schema": 1,
  "scenario": "@NAME@",
  "story": "A healthy Windows 10 22H2 VM, shut down normally. Nothing on the disk points at a stop error.",
  "stop_code": null,
  "stop_name": null,
  "stop": null,
  "top_cause": null,
  "causes": {"mismatched_system_files": "not_indicated", "failed_update": "not_indicated", "incomplete_restore": "not_indicated", "third_party_program": "not_indicated"},
  "bounds": @BOUNDS@,
  "assert": "no cause above low; stop_code null; no dump on the disk",
@WINDOWS@
  "dump": {"memory_dmp": false, "pagefile_dump": false},
  "timeline": [
    {"time": "2020-08-01T21:48:07Z", "what": "first record of System.evtx (real)"},
    {"time": "2021-02-14T02:03:52Z", "what": "Kernel-Power 41 with BugcheckCode 0 (real; the last of 5): an unexpected shutdown, not a bug check"},
    {"time": "2021-02-14T02:37:09Z", "what": "last record of System.evtx (real)"},
    {"time": "@END@", "what": "hives last written (shutdown; NTFS times)"}
  ],
  "evidence_against": [
    "no MEMORY.DMP, no dump in pagefile.sys, no Minidump folder",
    "System.evtx: WindowsUpdateClient 19 x8 and no event 20; no BugCheck 1001; Kernel-Power 41 x5 all with BugcheckCode 0 and EventLog 6008 x3 (unexpected shutdowns: no stop code can be taken from them)",
    "no Windows/WinSxS/pending.xml; SOFTWARE Component Based Servicing has no RebootPending or PackagesPending",
    "every critical binary is 10.0.19041.3693, matching SOFTWARE's UBR 3693; none empty or all-zero",
    "Winlogon Shell/Userinit and AppInit_DLLs are the defaults; the only credential provider is Windows' password provider",
    "Setup.evtx (real, from another machine) ends with KB5010386 'reboot required' (event 4) and no completion: at most weak (low) evidence of a pending update"
  ],
  "real": [
@SYSTEM_REAL@
@REAL@
  ],
  "synthetic": [
@SYNTH@
    {"path": "(NTFS times)", "how": "ntfs-3g under libfaketime: every time follows the timeline above"}
  ],
  "notes": [
    "SYSTEM (real) lists 655 services, some third-party (NVIDIA, Dropbox...); their binaries are not on this disk and none was installed near a crash: not evidence of a third-party cause.",
    "SYSTEM's PendingFileRenameOperations (real) only names Config.Msi, DriverStore\\Temp and TEMP files: not a pending servicing operation on system files.",
    "System.evtx comes from another computer (DESKTOP-23PS6ES) than SYSTEM (DESKTOP-PM6C56D)."
  ]
}
EOF
      ;;
    failed-update)
      render "$out" "NAME=$name" "WINDOWS=$(json_windows)" "SYSTEM_REAL=$(json_system_real)" \
        "REAL=$(json_real_base)" "SYNTH=$(json_synthetic_base)" \
        "STOP=$(json_stop memory_dump '\\Windows\\MEMORY.DMP' 'Windows SubSystem' csrss.exe 0xC0000142 STATUS_DLL_INIT_FAILED 32)" \
        "BOUNDS=$(bounds_line failed_update)" "CRASH=$(iso "$T_CRASH")" "STAGE=$(iso "$T_STAGE")" \
        "CBS_START=$(iso "2022-02-13 03:56:02")" "CBS_END=$(iso "2022-02-13 04:05:41")" "DUMPT=$(iso "$T_DUMP")" \
        "CU=$(iso "$T_CU")" "PXID=$PENDING_XML_ID" "LCU=$LCU_PENDING" "KBP=$KB_PENDING" <<'EOF'
{
  "schema": 1,
  "scenario": "@NAME@",
  "story": "Windows Update staged the December 2023 cumulative update KB5033372 (19041.3803); the shutdown-time processing of its pending operations failed (CBS_E_INSTALLERS_FAILED) and the next boot stopped with 0xC000021A when csrss.exe failed to initialize.",
@STOP@
  "top_cause": "failed_update",
  "causes": {"mismatched_system_files": "not_indicated", "failed_update": "high", "incomplete_restore": "not_indicated", "third_party_program": "not_indicated"},
  "bounds": @BOUNDS@,
  "assert": "failed_update ranked first with likelihood high; stop_code 0xC000021A from \\Windows\\MEMORY.DMP",
@WINDOWS@
  "dump": {"memory_dmp": true, "pagefile_dump": false},
  "timeline": [
    {"time": "@CU@", "what": "10.0.19041.3693 binaries written (NTFS times), CBS\\Packages KB5032189 installed"},
    {"time": "2022-02-05T19:17:25Z", "what": "first of 5 WindowsUpdateClient 20 install failures in System.evtx (real; 0x80073d02, 0x80240016: Store app and Defender updates)"},
    {"time": "2022-02-13T03:55:22Z", "what": "last record of System.evtx (real)"},
    {"time": "@CBS_START@", "what": "CBS.log: TrustedInstaller session for @LCU@ (KB5033372)"},
    {"time": "@STAGE@", "what": "Windows\\WinSxS\\pending.xml written (Identifier @PXID@); CBS RebootPending, PackagesPending keys"},
    {"time": "@CBS_END@", "what": "CBS.log: Failed to process advanced operation queue ... CBS_E_INSTALLERS_FAILED (0x800f0922)"},
    {"time": "@CRASH@", "what": "bug check 0xC000021A (dump SystemTime), csrss.exe 0xC0000142"},
    {"time": "@DUMPT@", "what": "MEMORY.DMP written (NTFS times)"}
  ],
  "evidence_for": {
    "failed_update": [
      {"artifact": "\\Windows\\WinSxS\\pending.xml", "fact": "present: PendingTransaction Version 3.1, Identifier @PXID@, installs Package_for_RollupFix 19041.3803.1.8 (identifier KB5033372); POQ with MoveFile/HardlinkFile of csrss.exe, csrsrv.dll, basesrv.dll, winsrv.dll, ntdll.dll and SetKeyValue UBR; Checkpoint; InstallerQueue", "synthetic": true},
      {"artifact": "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing", "fact": "value PendingXmlIdentifier = @PXID@; subkeys RebootPending, PackagesPending\\@LCU@ and \\@KBP@; Packages\\...19041.3803.1.8 CurrentState 0x60 (install pending)", "synthetic": true},
      {"artifact": "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired", "fact": "present", "synthetic": true},
      {"artifact": "\\Windows\\Logs\\CBS\\CBS.log", "fact": "ends with Error lines [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED] minutes before the crash", "synthetic": true},
      {"artifact": "\\Windows\\System32\\winevt\\Logs\\System.evtx", "fact": "Microsoft-Windows-WindowsUpdateClient event 20 x5 (install failures of Store apps and a Defender definition update, 0x80073d02 and 0x80240016; real)", "synthetic": false},
      {"artifact": "\\Windows\\System32\\winevt\\Logs\\Setup.evtx", "fact": "KB5010386 initiated (event 1) and 'reboot required' (event 4), no completion (real)", "synthetic": false},
      {"artifact": "\\Windows\\WinSxS\\amd64_microsoft-windows-*_10.0.19041.3803_*", "fact": "staged 10.0.19041.3803 csrss.exe, csrsrv.dll, basesrv.dll, winsrv.dll, ntdll.dll (PE stand-ins)", "synthetic": true}
    ]
  },
  "evidence_against": {
    "mismatched_system_files": "System32's critical binaries are all 10.0.19041.3693 = SOFTWARE UBR 3693 (the pending queue never ran); the 3803 files are only in WinSxS",
    "incomplete_restore": "no empty or all-zero hives or binaries; NTFS times follow install/update/boot",
    "third_party_program": "no non-Microsoft credential provider, Winlogon or AppInit change; the third-party services in the real SYSTEM were not installed near the crash"
  },
  "real": [
@SYSTEM_REAL@
@REAL@
  ],
  "synthetic": [
@SYNTH@
    {"path": "Windows/WinSxS/pending.xml", "how": "written by the build script, modelled on the PendingTransaction 3.1 structure (Transactions/Install, POQ, Checkpoint, InstallerQueue)"},
    {"path": "Windows/WinSxS/amd64_microsoft-windows-{csrss,csrsrv,basesrv,winsrv,ntdll}_..._10.0.19041.3803_none_*/*", "how": "PE stand-ins, version 10.0.19041.3803"},
    {"path": "Windows/MEMORY.DMP", "how": "crates/dump-synth (c000021a_x64): 0xC000021A, Arg1 -> \"Windows SubSystem\", Arg2 0xC0000142"},
    {"path": "(NTFS times)", "how": "ntfs-3g under libfaketime: every time follows the timeline above"}
  ],
  "notes": [
    "The real Setup.evtx and System.evtx come from a Windows 11 VM (2022); the pending KB in pending.xml/CBS (KB5033372) is not the one Setup.evtx names (KB5010386). Both point to a pending, unfinished update.",
    "SYSTEM is the real dirty SYSTEM_B (its Session Manager has no SetupExecute value).",
    "CBS.log lines are in local time (Eastern Standard Time, UTC-5 in February): the failure reads 2022-02-12 23:05:38 local = 2022-02-13T04:05:38Z."
  ]
}
EOF
      ;;
    mismatched-files)
      render "$out" "NAME=$name" "WINDOWS=$(json_windows)" "SYSTEM_REAL=$(json_system_real)" \
        "REAL=$(json_real_base)" "SYNTH=$(json_synthetic_base)" \
        "STOP=$(json_stop memory_dump '\\Windows\\MEMORY.DMP' 'Windows SubSystem' csrss.exe 0xC0000139 STATUS_ENTRYPOINT_NOT_FOUND 35)" \
        "BOUNDS=$(bounds_line mismatched_system_files)" "CRASH=$(iso "$T_CRASH")" "COPY=$(iso "$T_COPY")" \
        "OLD=$(iso "$T_OLD")" "CU=$(iso "$T_CU")" "DUMPT=$(iso "$T_DUMP")" <<'EOF'
{
  "schema": 1,
  "scenario": "@NAME@",
  "story": "Someone copied csrss.exe, winsrv.dll and basesrv.dll from a machine one cumulative update behind (10.0.19041.3570) over the 3693 files; at the next boot csrss.exe died with STATUS_ENTRYPOINT_NOT_FOUND.",
@STOP@
  "top_cause": "mismatched_system_files",
  "causes": {"mismatched_system_files": "high", "failed_update": "not_indicated", "incomplete_restore": "not_indicated", "third_party_program": "not_indicated"},
  "bounds": @BOUNDS@,
  "assert": "mismatched_system_files ranked first with likelihood high; stop_code 0xC000021A from \\Windows\\MEMORY.DMP",
@WINDOWS@
  "dump": {"memory_dmp": true, "pagefile_dump": false},
  "versions": {
    "registry": "19045.3693 (CurrentBuild 19045, UBR 3693)",
    "expected_file_version": "10.0.19041.3693",
    "mismatched": {"Windows\\System32\\csrss.exe": "10.0.19041.3570", "Windows\\System32\\winsrv.dll": "10.0.19041.3570", "Windows\\System32\\basesrv.dll": "10.0.19041.3570"},
    "consistent": ["smss.exe", "wininit.exe", "winlogon.exe", "services.exe", "lsass.exe", "userinit.exe", "ntoskrnl.exe", "ntdll.dll", "kernel32.dll", "kernelbase.dll", "csrsrv.dll", "sxssrv.dll", "user32.dll", "authui.dll", "win32k.sys", "win32kbase.sys", "win32kfull.sys", "\\Windows\\explorer.exe"]
  },
  "timeline": [
    {"time": "@OLD@", "what": "NTFS modification time of the three 3570 files (kept from their source)"},
    {"time": "@CU@", "what": "10.0.19041.3693 binaries written; creation time of the three files"},
    {"time": "2021-02-14T02:37:09Z", "what": "last record of System.evtx (real)"},
    {"time": "@COPY@", "what": "the three 3570 files written over the 3693 ones (NTFS access and MFT change time): modified before created"},
    {"time": "@CRASH@", "what": "bug check 0xC000021A (dump SystemTime), csrss.exe 0xC0000139"},
    {"time": "@DUMPT@", "what": "MEMORY.DMP written"}
  ],
  "evidence_for": {
    "mismatched_system_files": [
      {"artifact": "\\Windows\\System32\\csrss.exe", "fact": "FileVersion 10.0.19041.3570 (others and SOFTWARE UBR: 3693)", "synthetic": true},
      {"artifact": "\\Windows\\System32\\winsrv.dll", "fact": "FileVersion 10.0.19041.3570", "synthetic": true},
      {"artifact": "\\Windows\\System32\\basesrv.dll", "fact": "FileVersion 10.0.19041.3570", "synthetic": true},
      {"artifact": "\\Windows\\MEMORY.DMP", "fact": "0xC000021A, csrss.exe (Windows SubSystem) died with 0xC0000139 STATUS_ENTRYPOINT_NOT_FOUND", "synthetic": true}
    ]
  },
  "evidence_against": {
    "failed_update": "no pending.xml, no CBS pending keys, CBS.log has no errors, System.evtx has WindowsUpdateClient 19 (success) only",
    "incomplete_restore": "no empty or all-zero files; SOFTWARE and SYSTEM are valid hives",
    "third_party_program": "no non-Microsoft code registered near the crash"
  },
  "real": [
@SYSTEM_REAL@
@REAL@
  ],
  "synthetic": [
@SYNTH@
    {"path": "Windows/System32/{csrss.exe,winsrv.dll,basesrv.dll}", "how": "PE stand-ins, version 10.0.19041.3570"},
    {"path": "Windows/MEMORY.DMP", "how": "crates/dump-synth (c000021a_x64): 0xC000021A, Arg1 -> \"Windows SubSystem\", Arg2 0xC0000139"},
    {"path": "(NTFS times)", "how": "ntfs-3g under libfaketime; the three copies get creation/modification/access through system.ntfs_times"}
  ],
  "notes": [
    "System.evtx (real, BelkasoftCTF, DESKTOP-23PS6ES) has Kernel-Power 41 x5 with BugcheckCode 0 (power loss, not a bug check) and EventLog 6008 x3: earlier unexpected shutdowns, not this crash.",
    "Windows 10 22H2 (build 19045) binaries carry 10.0.19041.x file versions: 19041 vs 19045 is not a mismatch."
  ]
}
EOF
      ;;
    third-party)
      render "$out" "NAME=$name" "WINDOWS=$(json_windows)" \
        "REAL=$(json_real_base)" "SYNTH=$(json_synthetic_base)" \
        "STOP=$(json_stop pagefile_dump '\\pagefile.sys' 'Windows Logon Process' winlogon.exe 0xC0000005 STATUS_ACCESS_VIOLATION 48)" \
        "BOUNDS=$(bounds_line third_party_program)" "CRASH=$(iso "$T_CRASH")" "TP=$(iso "$T_TP")" \
        "CU=$(iso "$T_CU")" "CLSID=$CLSID_CONTOSO" "PRODUCT=$CONTOSO_PRODUCT" "AGENT=$(iso "$(tplus "$T_TP" -4)")" \
        "CP=$(iso "$(tplus "$T_TP" -3)")" <<'EOF'
{
  "schema": 1,
  "scenario": "@NAME@",
  "story": "Contoso Endpoint Agent (a service and a credential provider from Contoso Ltd.) was installed at @TP@; after the restart winlogon.exe died with an access violation 144 s later. The crash dump never left pagefile.sys.",
@STOP@
  "top_cause": "third_party_program",
  "causes": {"mismatched_system_files": "not_indicated", "failed_update": "not_indicated", "incomplete_restore": "not_indicated", "third_party_program": "high"},
  "bounds": @BOUNDS@,
  "assert": "third_party_program ranked first with likelihood high; stop_code 0xC000021A from the dump at offset 0 of \\pagefile.sys; there is no MEMORY.DMP",
@WINDOWS@
  "dump": {"memory_dmp": false, "pagefile_dump": true, "pagefile_bytes": 8388608, "dump_offset": 0},
  "timeline": [
    {"time": "2017-12-26T13:11:52Z", "what": "last Service Control Manager 7045 in System.evtx (real; MpKsl Defender driver, not Contoso)"},
    {"time": "@CU@", "what": "10.0.19041.3693 binaries written"},
    {"time": "2018-03-06T08:13:42Z", "what": "last record of System.evtx (real)"},
    {"time": "@AGENT@", "what": "C:\\Program Files\\Contoso\\agent.exe created (NTFS times)"},
    {"time": "@CP@", "what": "C:\\Program Files\\Contoso\\ContosoCP.dll created"},
    {"time": "@TP@", "what": "SYSTEM ControlSet001\\Services\\ContosoAgent and SOFTWARE credential provider @CLSID@, Uninstall\\@PRODUCT@ written (key LastWrite times)"},
    {"time": "@CRASH@", "what": "bug check 0xC000021A (dump SystemTime in pagefile.sys), winlogon.exe 0xC0000005"}
  ],
  "evidence_for": {
    "third_party_program": [
      {"artifact": "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Authentication\\Credential Providers\\@CLSID@", "fact": "ContosoCredentialProvider; CLSID InprocServer32 = C:\\Program Files\\Contoso\\ContosoCP.dll (CompanyName Contoso Ltd., 4.2.1.17); key written @TP@", "synthetic": true},
      {"artifact": "HKLM\\SYSTEM\\ControlSet001\\Services\\ContosoAgent", "fact": "Type 0x10, Start 2 (auto), ImagePath \"C:\\Program Files\\Contoso\\agent.exe\" (CompanyName Contoso Ltd.), LocalSystem; key written @TP@", "synthetic": true},
      {"artifact": "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\@PRODUCT@", "fact": "Contoso Endpoint Agent 4.2.1.17, Publisher Contoso Ltd., InstallDate 20180306", "synthetic": true},
      {"artifact": "\\pagefile.sys", "fact": "dump: 0xC000021A, winlogon.exe (Windows Logon Process) 0xC0000005 at @CRASH@, 2.5 min after the install", "synthetic": true},
      {"artifact": "\\Windows\\System32\\winevt\\Logs\\System.evtx", "fact": "Service Control Manager 7045 x57, 7000 x3, 7026 x3, 7023 x12 (real; they name VMware, Google, Mozilla, Sysmon, Defender services - NOT ContosoAgent: the link between a 7045 event and ContosoAgent is absent)", "synthetic": false}
    ]
  },
  "evidence_against": {
    "mismatched_system_files": "all critical binaries 10.0.19041.3693 = UBR 3693",
    "failed_update": "no pending.xml, no CBS pending keys, CBS.log has no errors; System.evtx's WindowsUpdateClient 20 x5 (real: KB4025342 0x80248007 in 2017-07, KB890830 in 2017-12) are months before the crash and were followed by normal operation",
    "incomplete_restore": "no empty or all-zero files"
  },
  "real": [
    {"path": "Windows/System32/config/SYSTEM", "source": "registry/regipy__SYSTEM_B/SYSTEM_B + .LOG1 + .LOG2, replayed by the project's recover example, then ControlSet001\\Services\\ContosoAgent added with hivexsh (synthetic key); clean, no .LOG1/.LOG2 on the disk"},
@REAL@
  ],
  "synthetic": [
@SYNTH@
    {"path": "Program Files/Contoso/agent.exe, ContosoCP.dll", "how": "PE stand-ins, CompanyName Contoso Ltd., ProductName Contoso Endpoint Agent, 4.2.1.17"},
    {"path": "pagefile.sys", "how": "the crates/dump-synth dump (0xC000021A, Arg1 -> \"Windows Logon Process\", Arg2 0xC0000005, 0x402000 bytes) at offset 0, then pseudo-random bytes to 8 MiB"},
    {"path": "(NTFS times)", "how": "ntfs-3g under libfaketime: every time follows the timeline above"}
  ],
  "notes": [
    "Credential providers run in LogonUI.exe, which winlogon.exe starts; the dump names winlogon.exe as the scenario brief asks.",
    "System.evtx comes from another computer (DESKTOP-2KGM189) than SYSTEM (DESKTOP-PM6C56D); SYSTEM's other keys keep their real times (up to 2018-04-06, after this crash)."
  ]
}
EOF
      ;;
    botched-restore)
      local restored_json
      restored_json=$(for p in $RESTORED; do printf '"%s", ' "${p//\//\\\\}"; done)
      render "$out" "NAME=$name" "WINDOWS=$(json_windows)" "SYSTEM_REAL=$(json_system_real)" \
        "REAL=$(json_real_base)" "SYNTH=$(json_synthetic_base)" \
        "STOP=$(json_stop memory_dump '\\Windows\\MEMORY.DMP' 'Windows SubSystem' csrss.exe 0xC000007B STATUS_INVALID_IMAGE_FORMAT 29)" \
        "BOUNDS=$(bounds_line incomplete_restore mismatched_system_files=medium)" "CRASH=$(iso "$T_CRASH")" \
        "RESTORE=$(iso "$T_RESTORE")" "CU=$(iso "$T_CU")" "INSTALL=$(iso "$T_INSTALL")" "DUMPT=$(iso "$T_DUMP")" \
        "RESTORED=${restored_json%, }" <<'EOF'
{
  "schema": 1,
  "scenario": "@NAME@",
  "story": "A backup program restored the system volume the day after the last log record but could not restore the files that were in use when the backup was taken: SOFTWARE came back empty and ntdll.dll and csrss.exe as all-zero files. The first boot after the restore stopped with 0xC000021A.",
@STOP@
  "top_cause": "incomplete_restore",
  "causes": {"mismatched_system_files": "low", "failed_update": "not_indicated", "incomplete_restore": "high", "third_party_program": "not_indicated"},
  "bounds": @BOUNDS@,
  "assert": "incomplete_restore ranked first with likelihood high; the all-zero binaries may raise mismatched_system_files to at most medium",
@WINDOWS@
  "dump": {"memory_dmp": true, "pagefile_dump": false},
  "restore": {
    "time": "@RESTORE@",
    "restored_paths": [@RESTORED@],
    "restored_times": "all four NTFS times (created, modified, accessed, MFT changed) = @RESTORE@",
    "untouched_times": "created = modified = MFT changed = install (@INSTALL@) or update (@CU@) time",
    "empty": {"Windows\\System32\\config\\SOFTWARE": 0},
    "all_zero": {"Windows\\System32\\ntdll.dll": 2000000, "Windows\\System32\\csrss.exe": 22016}
  },
  "timeline": [
    {"time": "@CU@", "what": "10.0.19041.3693 binaries written (the untouched ones keep this time)"},
    {"time": "2018-08-08T14:44:03Z", "what": "last record of System.evtx (real; a log recovered from a volume shadow copy)"},
    {"time": "@RESTORE@", "what": "restore: every restored file gets this time; SOFTWARE empty, ntdll.dll and csrss.exe all zeros"},
    {"time": "@CRASH@", "what": "bug check 0xC000021A (dump SystemTime), csrss.exe 0xC000007B"},
    {"time": "@DUMPT@", "what": "MEMORY.DMP written"}
  ],
  "evidence_for": {
    "incomplete_restore": [
      {"artifact": "\\Windows\\System32\\config\\SOFTWARE", "fact": "zero-length (no regf header)", "synthetic": true},
      {"artifact": "\\Windows\\System32\\ntdll.dll", "fact": "2,000,000 bytes, all zero", "synthetic": true},
      {"artifact": "\\Windows\\System32\\csrss.exe", "fact": "22,016 bytes, all zero", "synthetic": true},
      {"artifact": "(NTFS times)", "fact": "18 files share one creation/modification time @RESTORE@, after the last event-log record; untouched system files keep 2018-07 times", "synthetic": true},
      {"artifact": "\\Windows\\System32\\config\\RegBack", "fact": "zero-byte hives (normal on 1803+, so no fallback copy of SOFTWARE)", "synthetic": true}
    ]
  },
  "evidence_against": {
    "failed_update": "no pending.xml, CBS.log has no errors; System.evtx's only WindowsUpdateClient 20 are two Store app updates on 2018-07-12 (real, 0x8024001e), four weeks before",
    "third_party_program": "no non-Microsoft code registered; SOFTWARE cannot be read (empty), so credential providers/Winlogon cannot be checked",
    "mismatched_system_files": "the readable binaries all have version 10.0.19041.3693; the all-zero ones have no version"
  },
  "real": [
@SYSTEM_REAL@
@REAL@
  ],
  "synthetic": [
    {"path": "Windows/System32/config/SOFTWARE", "how": "zero-length file"},
    {"path": "Windows/System32/ntdll.dll, csrss.exe", "how": "all-zero files of 2,000,000 and 22,016 bytes"},
    {"path": "Windows/System32/config/RegBack/*", "how": "zero-byte DEFAULT, SAM, SECURITY, SOFTWARE, SYSTEM (normal on Windows 10 1803 and later)"},
    {"path": "Windows/System32/*.exe|*.dll|*.sys, Windows/explorer.exe", "how": "PE stand-ins built with MinGW-w64 (version 10.0.19041.3693), except the two all-zero files"},
    {"path": "Windows/Logs/CBS/CBS.log", "how": "written by the build script in CBS.log's line format, in local time (Eastern Standard Time)"},
    {"path": "pagefile.sys", "how": "8 MiB of AES-CTR pseudo-random bytes"},
    {"path": "Windows/MEMORY.DMP", "how": "crates/dump-synth (c000021a_x64): 0xC000021A, Arg1 -> \"Windows SubSystem\", Arg2 0xC000007B"},
    {"path": "(NTFS times)", "how": "ntfs-3g under libfaketime: every time follows the timeline above"}
  ],
  "notes": [
    "With SOFTWARE empty the registry gives no build/UBR: the OS version can only come from the binaries (10.0.19041.3693) and the dump (build 19041).",
    "SYSTEM is the real dirty SYSTEM_B with its logs (restored intact); it is readable."
  ]
}
EOF
      ;;
  esac
  python3 -m json.tool "$out" >/dev/null || die "internal: $out is not valid JSON"
}

# ---------------------------------------------------------------------------------------------------------------
# Stamps and the build of one scenario

SC_OUT=""
stamp_file() { echo "$OUT/.stamps/scenario-$1.stamp"; }
scenario_outputs() { echo "scenario-$1.raw scenario-$1.vhdx scenario-$1.expect.json scenario-$1.manifest.tsv"; }
tools_sha() {
  cat "${BASH_SOURCE[0]}" "$PYTOOL" "$TOOLS/synth-dump/src/main.rs" "$TOOLS/synth-dump/Cargo.toml" \
    "$REPO/crates/dump-synth/src/lib.rs" | sha256sum | cut -c1-16
}
is_fresh() {
  local s=$1 st f
  st=$(stamp_file "$s")
  [[ -f $st ]] || return 1
  grep -qx "version=$SCENARIOS_VERSION" "$st" || return 1
  grep -qx "tools=$(tools_sha)" "$st" || return 1
  for f in $(scenario_outputs "$s"); do [[ -e $SC_OUT/$f ]] || return 1; done
  return 0
}
write_stamp() {
  mkdir -p "$OUT/.stamps"
  printf 'version=%s\nset=scenario-%s\nid=%s-%s-%s\ntools=%s\n' "$SCENARIOS_VERSION" "$1" \
    "$(date -u +%Y%m%dT%H%M%S)" "$$" "$RANDOM" "$(tools_sha)" >"$(stamp_file "$1").tmp"
  mv "$(stamp_file "$1").tmp" "$(stamp_file "$1")"
}

COMMON=""
prepare_common() {
  [[ -n $COMMON ]] && return 0
  new_tmp common
  COMMON=$NEW_TMP
  PE_DIR=$COMMON/pe
  build_pe_sets
  build_dump_tool
}

build_scenario() {
  local name=$1 idx=$2 tmp
  new_tmp "$name"
  tmp=$NEW_TMP
  SCN=$name PLAN=$tmp/plan.tsv BLOBS=$tmp/blobs RESTORED="" T_CRASH="" T_DUMP="" T_RESTORE=""
  : >"$PLAN"
  mkdir -p "$BLOBS"
  : >"$BLOBS/empty"
  case $name in
    healthy) scenario_healthy ;;
    failed-update) scenario_failed_update ;;
    mismatched-files) scenario_mismatched_files ;;
    third-party)
      [[ -n $SYSTEM_REPLAYED ]] || replay_system
      scenario_third_party ;;
    botched-restore) scenario_botched_restore ;;
  esac
  build_disk "$name" "$idx" "$tmp"
  # the Windows volume again, from the finished disk: hivexml on both hives
  local p3=$(((1 + ESP_MIB + MSR_MIB) * MIB))
  dd if="$tmp/$name.raw" of="$tmp/p3.check" bs=1M skip=$((p3 / MIB)) count=$DATA_MIB status=none
  check_hives "$name" "$tmp/p3.check" "$tmp" "$name"
  # the dump as it is on the volume
  if [[ -n $T_CRASH ]]; then
    local dpath=/Windows/MEMORY.DMP
    [[ $name == third-party ]] && dpath=/pagefile.sys
    ntfscat "$tmp/p3.check" "$dpath" >"$tmp/dump.full" || die "$name: ntfscat cannot read $dpath"
    head -c 4202496 "$tmp/dump.full" >"$tmp/dump.check"   # the dump's own length (RequiredDumpSpace)
    [[ $(od -An -tu4 -j $((0x38)) -N 4 "$tmp/dump.check" | tr -d ' ') == $((0xC000021A)) ]] ||
      die "$name: no 0xC000021A dump at $dpath"
    if ((HAVE_KDMP)); then python3 "$PYTOOL" dump-info "$tmp/dump.check" >"$tmp/dump-info.json" || die "$name: kdmp-parser cannot read $dpath"; fi
    if [[ $name == third-party ]] && ntfscat "$tmp/p3.check" /Windows/MEMORY.DMP >/dev/null 2>&1; then
      die "$name: there must be no MEMORY.DMP"
    fi
  elif ntfscat "$tmp/p3.check" /Windows/MEMORY.DMP >/dev/null 2>&1; then
    die "$name: the healthy disk must have no MEMORY.DMP"
  fi
  rm -f "$tmp/p3.check" "$tmp/dump.check" "$tmp/dump.full"
  fallocate --dig-holes "$tmp/$name.raw" 2>/dev/null || true
  quiet qemu-img convert -f raw -O vhdx "$tmp/$name.raw" "$tmp/scenario-$name.vhdx"
  quiet qemu-img compare -q -f raw -F vhdx "$tmp/$name.raw" "$tmp/scenario-$name.vhdx"
  write_expect "$name" "$tmp/scenario-$name.expect.json"
  mkdir -p "$SC_OUT"
  mv "$tmp/$name.manifest.tsv" "$SC_OUT/scenario-$name.manifest.tsv"
  mv "$tmp/scenario-$name.expect.json" "$tmp/scenario-$name.vhdx" "$SC_OUT/"
  mv "$tmp/$name.raw" "$SC_OUT/scenario-$name.raw"
}

write_index() {
  local s
  {
    printf 'name\tvhdx\texpect_json\traw\n'
    for s in "${ALL_SCENARIOS[@]}"; do
      [[ -e $SC_OUT/scenario-$s.vhdx ]] || continue
      printf '%s\tscenario-%s.vhdx\tscenario-%s.expect.json\tscenario-%s.raw\n' "$s" "$s" "$s" "$s"
    done
  } >"$SC_OUT/index.tsv.tmp"
  mv "$SC_OUT/index.tsv.tmp" "$SC_OUT/index.tsv"
}

# ---------------------------------------------------------------------------------------------------------------
# Main

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; }

FORCE=0
REQ=()
while (($#)); do
  case $1 in
    --force | -f) FORCE=1 ;;
    --list) printf '%s\n' "${ALL_SCENARIOS[@]}"; exit 0 ;;
    -h | --help) usage; exit 0 ;;
    healthy | failed-update | mismatched-files | third-party | botched-restore) REQ+=("$1") ;;
    *) die "unknown argument '$1' (try --help)" ;;
  esac
  shift
done

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
SC_OUT=$OUT/scenarios
exec 9>"$OUT/.lock"
flock 9 || die "cannot lock $OUT/.lock"
for m in "$OUT"/.tmp-scenario-*/*mnt; do
  if mountpoint -q "$m" 2>/dev/null; then fusermount -u -z "$m" 2>/dev/null || true; fi
done
rm -rf "$OUT"/.tmp-scenario-* 2>/dev/null || true

T_START=$SECONDS
check_inputs
((${#REQ[@]})) || REQ=("${ALL_SCENARIOS[@]}")
CHECKED=0
for i in "${!ALL_SCENARIOS[@]}"; do
  s=${ALL_SCENARIOS[$i]}
  [[ " ${REQ[*]} " == *" $s "* ]] || continue
  if ((FORCE == 0)) && is_fresh "$s"; then
    log "$s: up to date"
    continue
  fi
  if ((CHECKED == 0)); then check_tools; CHECKED=1; fi
  t0=$SECONDS
  log "$s: building in $SC_OUT"
  rm -f "$(stamp_file "$s")"
  prepare_common
  build_scenario "$s" $((i + 1))
  write_stamp "$s"
  log "$s: done in $((SECONDS - t0)) s ($(cd "$SC_OUT" && du -h --apparent-size "scenario-$s.raw" | cut -f1) raw, $(cd "$SC_OUT" && du -h "scenario-$s.vhdx" | cut -f1) vhdx on disk)"
done
write_index
log "scenarios ready in $SC_OUT ($((SECONDS - T_START)) s)"
