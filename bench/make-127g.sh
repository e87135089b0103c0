#!/usr/bin/env bash
# make-127g.sh - build the speed benchmarks' big disk (issue 3 item 6, issue 5 item 7):
#
#   <out>/bench-127g.vhdx   a 127 GiB dynamic VHDX (sparse) of a Gen2 OS disk: GPT (fixed GUIDs, 512-byte sectors)
#                           p1 ESP 100 MiB FAT32 (EFI/Microsoft/Boot/BCD), p2 MSR 16 MiB, p3 "Basic data partition"
#                           NTFS filling the rest of the disk (~126.9 GiB, mkntfs -Q), holding the fixture Windows
#                           of the failed-update scenario.
#
# Every file and directory of scenario-failed-update.raw's Windows volume (partition 3) is copied into the big NTFS
# through two ntfs-3g FUSE mounts (source read-only), keeping paths, content, the four NTFS times (creation,
# modification, access and MFT change: system.ntfs_times, with the MFT change time set through libfaketime as
# scripts/build-scenarios.sh does) and the NTFS attributes (system.ntfs_attrib_be); the ESP's files are copied with
# mtools (modification times kept). Both copies are verified (every file's SHA-256, size and times) before the
# volumes are put into the disk; the VHDX is checked against the raw disk with `qemu-img compare`.
#
# The raw disk is an intermediate (sparse, ~0.1 GiB on disk) and is deleted after the conversion unless
# --keep-raw is given (then <out>/bench-127g.raw stays).
#
# Usage: bench/make-127g.sh [--force] [--keep-raw]
#   Rebuilt only when the stamp <out>/.stamps/bench-127g.stamp (BENCH_VERSION, the SHA-256 of this script and of
#   the scenario's raw disk) is missing or stale or the VHDX is gone; --force rebuilds.
#   <out> is ${VMRESCUE_FIXTURES_OUT:-<repo>/fixtures/out}. Builds the scenario disks first if they are missing
#   (bash scripts/build-scenarios.sh failed-update). Takes <out>/.lock like the fixture scripts.
#
# Needs root (FUSE mounts) and: ntfs-3g (mkntfs ntfs-3g), gdisk (sgdisk), fdisk (sfdisk), dosfstools (mkfs.vfat
# fsck.vfat), mtools, qemu-utils, attr (getfattr setfattr), libfaketime + faketime, python3.
#   apt-get install -y ntfs-3g gdisk fdisk dosfstools mtools qemu-utils attr libfaketime faketime
# No network.
#
# Measured on the project's 2-core build machine: 13 s; the VHDX is a 904 MiB sparse file taking 93 MiB on disk
# (127 GiB virtual; qemu allocates 32 MiB blocks); the intermediate raw disk takes 105 MiB on disk.
set -euo pipefail

BENCH_VERSION=1
export LC_ALL=C.UTF-8 MTOOLS_SKIP_CHECK=1 TZ=UTC

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${VMRESCUE_FIXTURES_OUT:-$REPO/fixtures/out}
MIB=$((1024 * 1024))
DISK_BYTES=$((127 * 1024 * MIB))   # 127 GiB
ESP_MIB=100 MSR_MIB=16
SCENARIO=failed-update

log() { printf '[make-127g] %4ss %s\n' "$SECONDS" "$*" >&2; }
die() { printf '[make-127g] ERROR: %s\n' "$*" >&2; exit 1; }

FORCE=0 KEEP_RAW=0
while (($#)); do
  case $1 in
    --force | -f) FORCE=1 ;;
    --keep-raw) KEEP_RAW=1 ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (try --help)" ;;
  esac
  shift
done

# ---------------------------------------------------------------------------------------------------------------
# Tools
missing=()
for t in mkntfs ntfslabel ntfs-3g fusermount mountpoint sgdisk sfdisk mkfs.vfat fsck.vfat mmd mcopy mdir qemu-img getfattr \
         setfattr faketime python3 sha256sum flock fallocate; do
  command -v "$t" >/dev/null 2>&1 || missing+=("$t")
done
((${#missing[@]} == 0)) || die "missing tools: ${missing[*]}
  install them with: apt-get install -y ntfs-3g gdisk fdisk dosfstools mtools qemu-utils attr libfaketime faketime"
LIBFAKETIME=$(compgen -G '/usr/lib/*/faketime/libfaketime.so.1' | head -1 || true)
[[ -n $LIBFAKETIME ]] || die "libfaketime.so.1 not found (apt-get install -y libfaketime)"
[[ -e /dev/fuse ]] || die "/dev/fuse is missing: ntfs-3g needs FUSE to copy the Windows volume"
[[ $(id -u) == 0 ]] || log "warning: not running as root; ntfs-3g FUSE mounts of image files may be refused"

# ---------------------------------------------------------------------------------------------------------------
# Inputs: the scenario disk (built by scripts/build-scenarios.sh when missing; it takes $OUT/.lock itself, so this
# runs before we take the lock)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
SRC=$OUT/scenarios/scenario-$SCENARIO.raw
MANIFEST=$OUT/scenarios/scenario-$SCENARIO.manifest.tsv
if [[ ! -f $SRC || ! -f $MANIFEST ]]; then
  log "scenario disk $SRC missing: building it (scripts/build-scenarios.sh $SCENARIO)"
  bash "$REPO/scripts/build-scenarios.sh" "$SCENARIO"
fi
[[ -f $SRC && -f $MANIFEST ]] || die "scripts/build-scenarios.sh did not produce $SRC"

VHDX=$OUT/bench-127g.vhdx
RAW=$OUT/bench-127g.raw
STAMP=$OUT/.stamps/bench-127g.stamp

exec 9>"$OUT/.lock"
flock 9 || die "cannot lock $OUT/.lock"

want_stamp() {
  printf 'version=%s\nscript=%s\nsource=%s\n' "$BENCH_VERSION" \
    "$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16)" "$(sha256sum "$SRC" | cut -c1-16)"
}
WANT=$(want_stamp)
if ((FORCE == 0)) && [[ -f $STAMP && -f $VHDX ]] && [[ $(grep -v '^built=' "$STAMP") == "$WANT" ]] &&
   { ((KEEP_RAW == 0)) || [[ -f $RAW ]]; }; then
  log "up to date: $VHDX ($(du -h "$VHDX" | cut -f1) on disk, $(du -h --apparent-size "$VHDX" | cut -f1) file)"
  exit 0
fi

# ---------------------------------------------------------------------------------------------------------------
# Temporaries and FUSE mounts (cleaned up on exit)
T0=$SECONDS
TMP=$(mktemp -d "$OUT/.tmp-bench-127g.XXXXXX")
MOUNT_DIRS=() MOUNT_PIDS=()
cleanup() {
  local i
  for i in "${!MOUNT_DIRS[@]}"; do
    if mountpoint -q "${MOUNT_DIRS[$i]}" 2>/dev/null; then
      fusermount -u "${MOUNT_DIRS[$i]}" 2>/dev/null || fusermount -u -z "${MOUNT_DIRS[$i]}" 2>/dev/null || true
    fi
    wait "${MOUNT_PIDS[$i]}" 2>/dev/null || true
  done
  rm -rf -- "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

quiet() {
  local o
  o=$("$@" 2>&1) || { printf '%s\n' "$o" >&2; die "command failed: $*"; }
}

# ntfs_mount IMAGE DIR OPTIONS [CLOCKFILE]: ntfs-3g in the foreground (so that we can wait for it to finish
# writing after the unmount); with CLOCKFILE, under libfaketime reading its clock from that file at every call
ntfs_mount() {
  local img=$1 dir=$2 opts=$3 clock=${4:-} pid i
  mkdir -p "$dir"
  if [[ -n $clock ]]; then
    LD_PRELOAD=$LIBFAKETIME FAKETIME_TIMESTAMP_FILE=$clock FAKETIME_NO_CACHE=1 FAKETIME_DONT_FAKE_MONOTONIC=1 \
      ntfs-3g -o "no_detach,$opts" "$img" "$dir" >>"$dir.log" 2>&1 &
  else
    ntfs-3g -o "no_detach,$opts" "$img" "$dir" >>"$dir.log" 2>&1 &
  fi
  pid=$!
  for i in $(seq 1 150); do
    mountpoint -q "$dir" && break
    kill -0 "$pid" 2>/dev/null || { cat "$dir.log" >&2; die "ntfs-3g failed to mount $img"; }
    sleep 0.1
  done
  mountpoint -q "$dir" || die "ntfs-3g did not mount $img on $dir within 15 s"
  MOUNT_DIRS+=("$dir") MOUNT_PIDS+=("$pid")
}
ntfs_umount() {
  local dir=$1 i
  for i in "${!MOUNT_DIRS[@]}"; do
    [[ ${MOUNT_DIRS[$i]} == "$dir" ]] || continue
    sync -f "$dir" 2>/dev/null || true
    fusermount -u "$dir"
    wait "${MOUNT_PIDS[$i]}" || die "ntfs-3g for $dir exited with an error (see $dir.log)"
    unset 'MOUNT_DIRS[i]' 'MOUNT_PIDS[i]'
    MOUNT_DIRS=("${MOUNT_DIRS[@]}") MOUNT_PIDS=("${MOUNT_PIDS[@]}")
    return 0
  done
  die "internal: $dir is not one of our mounts"
}

# FILETIME (8 bytes little-endian, as hex) -> "YYYY-MM-DD HH:MM:SS" UTC (whole seconds)
ft_le_to_date() {
  local le=$1 be="" i
  for ((i = 14; i >= 0; i -= 2)); do be+=${le:i:2}; done
  date -u -d "@$((16#$be / 10000000 - 11644473600))" '+%Y-%m-%d %H:%M:%S'
}
ntfs_times_hex() { getfattr --absolute-names -n system.ntfs_times -e hex "$1" 2>/dev/null | sed -n 's/^system.ntfs_times=0x//p'; }
ntfs_attrib_hex() { getfattr --absolute-names -n system.ntfs_attrib_be -e hex "$1" 2>/dev/null | sed -n 's/^system.ntfs_attrib_be=0x//p'; }

# copy_extents SRC DST OFFSET: copy SRC's data extents (SEEK_DATA/SEEK_HOLE) into DST at OFFSET, leaving holes
copy_extents() {
  python3 - "$@" <<'PY'
import os, sys
src, dst, off = sys.argv[1], sys.argv[2], int(sys.argv[3])
fi = os.open(src, os.O_RDONLY)
fo = os.open(dst, os.O_WRONLY)
size = os.fstat(fi).st_size
pos = copied = 0
while pos < size:
    try:
        start = os.lseek(fi, pos, os.SEEK_DATA)
    except OSError:
        break                                   # no more data
    end = os.lseek(fi, start, os.SEEK_HOLE)
    p = start
    while p < end:
        n = min(end - p, 8 << 20)
        buf = os.pread(fi, n, p)
        if buf.count(0) != len(buf):            # keep all-zero blocks as holes
            os.pwrite(fo, buf, off + p)
            copied += len(buf)
        p += n
    pos = end
os.close(fi); os.close(fo)
print(copied)
PY
}

# data_mib_ranges FILE: "START_MIB COUNT_MIB" lines covering FILE's data extents (SEEK_DATA/SEEK_HOLE), merged
data_mib_ranges() {
  python3 - "$1" <<'PY'
import os, sys
f = os.open(sys.argv[1], os.O_RDONLY)
size, pos, M, out = os.fstat(f).st_size, 0, 1 << 20, []
while pos < size:
    try:
        s = os.lseek(f, pos, os.SEEK_DATA)
    except OSError:
        break
    e = os.lseek(f, s, os.SEEK_HOLE)
    pos = e
    s, e = s // M, -(-e // M)
    if out and s <= out[-1][1]:
        out[-1][1] = max(e, out[-1][1])
    else:
        out.append([s, e])
for s, e in out:
    print(s, e - s)
PY
}

# ---------------------------------------------------------------------------------------------------------------
# 1. The source volumes, cut out of the scenario disk
rm -f "$STAMP" "$VHDX" "$RAW"
log "source: $SRC (scenario $SCENARIO)"
read -r S1_START S1_SIZE < <(sfdisk -d "$SRC" | awk -F'[=,]' '/raw1 :/ {gsub(/ /,""); print $2, $4}')
read -r S3_START S3_SIZE < <(sfdisk -d "$SRC" | awk -F'[=,]' '/raw3 :/ {gsub(/ /,""); print $2, $4}')
[[ -n ${S1_START:-} && -n ${S3_START:-} ]] || die "cannot read the partition table of $SRC"
dd if="$SRC" of="$TMP/src-esp.fat" bs=512 skip="$S1_START" count="$S1_SIZE" status=none
dd if="$SRC" of="$TMP/src-win.ntfs" bs=512 skip="$S3_START" count="$S3_SIZE" conv=sparse status=none

# ---------------------------------------------------------------------------------------------------------------
# 2. The disk: GPT with fixed GUIDs; p3 from 117 MiB to the last usable sector
SECTORS=$((DISK_BYTES / 512))
P1=$((MIB / 512)) P1S=$((ESP_MIB * MIB / 512))
P2=$((P1 + P1S)) P2S=$((MSR_MIB * MIB / 512))
P3=$((P2 + P2S)) P3E=$((SECTORS - 34)) P3S=$((SECTORS - 34 - P2 - P2S))
G=5649524D-5343-454E-4152-00000127
truncate -s "$DISK_BYTES" "$TMP/disk.raw"
quiet sgdisk -o -U "${G}0000" \
  -n "1:$P1:$((P1 + P1S - 1))" -t 1:EF00 -u "1:${G}0001" -c "1:EFI system partition" \
  -n "2:$P2:$((P2 + P2S - 1))" -t 2:0C01 -u "2:${G}0002" -c "2:Microsoft reserved partition" \
  -n "3:$P3:$P3E" -t 3:0700 -u "3:${G}0003" -c "3:Basic data partition" \
  "$TMP/disk.raw"
dump=$(sfdisk -d "$TMP/disk.raw")
grep -qi "start= *$P1, size= *$P1S, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=${G}0001" <<<"$dump" &&
  grep -qi "start= *$P2, size= *$P2S, type=E3C9E316-0B5C-4DB8-817D-F92DF00215AE, uuid=${G}0002" <<<"$dump" &&
  grep -qi "start= *$P3, size= *$((P3E - P3 + 1)), type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, uuid=${G}0003" <<<"$dump" ||
  { printf '%s\n' "$dump" >&2; die "the GPT does not read back as expected"; }
P3S=$((P3E - P3 + 1))

# ---------------------------------------------------------------------------------------------------------------
# 3. ESP: FAT32 100 MiB, the source ESP's tree copied with mtools (modification times kept; directories created at
#    the time of the newest file, as the scenario's ESP was)
mkdir -p "$TMP/esp-tree"
quiet mcopy -s -n -m -i "$TMP/src-esp.fat" '::*' "$TMP/esp-tree/"
newest=$(find "$TMP/esp-tree" -type f -printf '%T@\n' | sort -n | tail -1)
[[ -n $newest ]] || die "the source ESP holds no file"
esp_time=$(date -u -d "@${newest%.*}" '+%Y-%m-%d %H:%M:%S')
truncate -s $((P1S * 512)) "$TMP/esp.fat"
quiet mkfs.vfat -F 32 -S 512 -s 1 -n SYSTEM -h "$P1" --invariant -i 5C270E5F "$TMP/esp.fat"
for e in "$TMP"/esp-tree/*; do quiet faketime -f "$esp_time" mcopy -s -m -i "$TMP/esp.fat" "$e" ::; done
quiet fsck.vfat -n "$TMP/esp.fat"
mkdir -p "$TMP/esp-check"
quiet mcopy -s -n -m -i "$TMP/esp.fat" '::*' "$TMP/esp-check/"
diff -r "$TMP/esp-tree" "$TMP/esp-check" >/dev/null || die "the ESP does not read back as the source ESP"
n_esp=$(find "$TMP/esp-tree" -type f | wc -l)
log "ESP: FAT32 $ESP_MIB MiB, $n_esp file(s) copied and read back ($(cd "$TMP/esp-tree" && find . -type f -printf '%P ' ))"

# ---------------------------------------------------------------------------------------------------------------
# 4. Windows volume: mkntfs -Q on a ~127 GiB sparse file, then every directory and file of the source volume
CLOCK=$TMP/clock
ntfs_mount "$TMP/src-win.ntfs" "$TMP/src" ro
root_cr=$(ft_le_to_date "$(ntfs_times_hex "$TMP/src" | cut -c1-16)")
label=$(ntfslabel "$TMP/src-win.ntfs" 2>/dev/null || echo Windows)
truncate -s $((P3S * 512)) "$TMP/win.ntfs"
quiet faketime -f "$root_cr" mkntfs -F -Q -q -c 4096 -s 512 -L "$label" -p "$P3" -H 255 -S 63 "$TMP/win.ntfs"
printf '%s\n' "$root_cr" >"$CLOCK"
ntfs_mount "$TMP/win.ntfs" "$TMP/dst" "" "$CLOCK"

# directories first (parents before children), then files, each written with the clock at its source MFT-change time
( cd "$TMP/src" && find . -mindepth 1 -type d -printf '%P\0' ) >"$TMP/dirs.lst"
( cd "$TMP/src" && find . -type f -printf '%P\0' ) >"$TMP/files.lst"
( cd "$TMP/src" && find . -mindepth 1 ! -type d ! -type f -printf '%P\n' ) >"$TMP/other.lst"
[[ -s $TMP/other.lst ]] && die "the source volume holds entries that are neither files nor directories (not copied): $(head -3 "$TMP/other.lst")"
while IFS= read -r -d '' d; do mkdir "$TMP/dst/$d"; done <"$TMP/dirs.lst"
set_meta() { # set_meta REL: times (and attributes) of $TMP/dst/REL from $TMP/src/REL
  local rel=$1 th ah
  th=$(ntfs_times_hex "$TMP/src/$rel")
  [[ ${#th} == 64 ]] || die "cannot read the NTFS times of /$rel on the source volume"
  printf '%s\n' "$(ft_le_to_date "${th:48:16}")" >"$CLOCK"
  ah=$(ntfs_attrib_hex "$TMP/src/$rel")
  # attributes first (setting them changes the MFT-change time, which the times call then fixes)
  if [[ -n $ah ]]; then setfattr -n system.ntfs_attrib_be -v "0x$ah" "$TMP/dst/$rel"; fi
  setfattr -n system.ntfs_times -v "0x${th:0:48}" "$TMP/dst/$rel"
}
nfiles=0 nbytes=0
while IFS= read -r -d '' f; do
  ct=$(ntfs_times_hex "$TMP/src/$f")
  printf '%s\n' "$(ft_le_to_date "${ct:48:16}")" >"$CLOCK"
  cat "$TMP/src/$f" >"$TMP/dst/$f"
  set_meta "$f"
  nfiles=$((nfiles + 1)) nbytes=$((nbytes + $(stat -c %s "$TMP/src/$f")))
done <"$TMP/files.lst"
# directory times last, deepest first (creating their children changed them)
while IFS= read -r d; do set_meta "$d"; done < <(tr '\0' '\n' <"$TMP/dirs.lst" | awk -F/ '{print NF "\t" $0}' | sort -t$'\t' -k1,1nr | cut -f2-)
set_meta .
ntfs_umount "$TMP/dst"

# verify: same tree, same bytes, same four times and attributes (read-only mount of the new volume)
ntfs_mount "$TMP/win.ntfs" "$TMP/chk" ro
( cd "$TMP/src" && find . -printf '%y %s %P\n' | sort ) >"$TMP/src.tree"
( cd "$TMP/chk" && find . -printf '%y %s %P\n' | sort ) >"$TMP/chk.tree"
# directory sizes are index sizes and may differ; compare files with sizes, directories by name
diff <(sed -E 's/^d [0-9]+ /d - /' "$TMP/src.tree") <(sed -E 's/^d [0-9]+ /d - /' "$TMP/chk.tree") >"$TMP/tree.diff" ||
  { head -20 "$TMP/tree.diff" >&2; die "the copied tree differs from the source"; }
( cd "$TMP/src" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum ) >"$TMP/src.sha"
( cd "$TMP/chk" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum ) >"$TMP/chk.sha"
cmp -s "$TMP/src.sha" "$TMP/chk.sha" || { diff "$TMP/src.sha" "$TMP/chk.sha" | head >&2; die "file contents differ after the copy"; }
# the manifest of the scenario (partition 3) against the copy
awk -F '\t' -v m="$TMP/chk" 'NR>1 && $1==3 {print $4 "  " m "/" $2}' "$MANIFEST" >"$TMP/manifest.sha"
sha256sum -c --quiet "$TMP/manifest.sha" >/dev/null 2>&1 || die "the copy does not match $MANIFEST"
badtimes=0
while IFS= read -r rel; do
  [[ $(ntfs_times_hex "$TMP/src/$rel") == "$(ntfs_times_hex "$TMP/chk/$rel")" &&
     $(ntfs_attrib_hex "$TMP/src/$rel") == "$(ntfs_attrib_hex "$TMP/chk/$rel")" ]] ||
    { badtimes=$((badtimes + 1)); log "times/attributes differ: /$rel: src $(ntfs_times_hex "$TMP/src/$rel") copy $(ntfs_times_hex "$TMP/chk/$rel")"; }
done < <(cd "$TMP/src" && find . -printf '%P\n')
((badtimes == 0)) || die "$badtimes entries have other NTFS times or attributes than the source"
ntfs_umount "$TMP/chk"
ntfs_umount "$TMP/src"
ndirs=$(tr -cd '\0' <"$TMP/dirs.lst" | wc -c)
log "Windows volume: NTFS $((P3S * 512 / MIB)) MiB, $nfiles files ($nbytes bytes) and $ndirs directories copied, verified (SHA-256, the four NTFS times, attributes)"

# ---------------------------------------------------------------------------------------------------------------
# 5. Assemble (data extents only) and convert
dd if="$TMP/esp.fat" of="$TMP/disk.raw" bs=1M seek=$((P1 * 512 / MIB)) conv=notrunc,sparse status=none
copied=$(copy_extents "$TMP/win.ntfs" "$TMP/disk.raw" $((P3 * 512)))
cmp -s -n $((P1S * 512)) -i "0:$((P1 * 512))" "$TMP/esp.fat" "$TMP/disk.raw" || die "the ESP was not copied intact"
# spot-check the NTFS copy: boot sector, and the first/last MiB
cmp -s -n "$MIB" -i "0:$((P3 * 512))" "$TMP/win.ntfs" "$TMP/disk.raw" &&
  cmp -s -n "$MIB" -i "$(((P3S * 512) - MIB)):$(((P3 + P3S) * 512 - MIB))" "$TMP/win.ntfs" "$TMP/disk.raw" ||
  die "the Windows volume was not copied intact"
rm -f "$TMP/win.ntfs" "$TMP/esp.fat" "$TMP/src-win.ntfs" "$TMP/src-esp.fat"
log "assembled the raw disk; converting to VHDX"
quiet qemu-img convert -f raw -O vhdx -o subformat=dynamic "$TMP/disk.raw" "$TMP/bench-127g.vhdx"
# check: every MiB of the raw disk that holds data reads back the same from the VHDX (qemu-img dd); the holes read
# as zeros from both. (`qemu-img compare` would be complete but reads all 127 GiB: qemu's vhdx driver reports no
# block status, ~100 s here.)
log "converted; checking the VHDX against the raw disk's data extents (qemu-img dd)"
nchk=0
while read -r s n; do
  rm -f "$TMP/chk.raw"
  quiet qemu-img dd -f vhdx -O raw bs=1M skip="$s" count=$((s + n)) if="$TMP/bench-127g.vhdx" of="$TMP/chk.raw"
  cmp -s -n $((n * MIB)) -i "0:$((s * MIB))" "$TMP/chk.raw" "$TMP/disk.raw" ||
    die "the VHDX differs from the raw disk in MiB $s..$((s + n - 1))"
  nchk=$((nchk + n))
done < <(data_mib_ranges "$TMP/disk.raw")
rm -f "$TMP/chk.raw"
((nchk > 0)) || die "internal: no data extents found in the raw disk"
log "VHDX checked: $nchk MiB of data identical"
vsize=$(qemu-img info --output=json "$TMP/bench-127g.vhdx" | python3 -c 'import json,sys; print(json.load(sys.stdin)["virtual-size"])')
((vsize == DISK_BYTES)) || die "the VHDX's virtual size is $vsize, not $DISK_BYTES"
raw_du=$(du -h "$TMP/disk.raw" | cut -f1)
mv "$TMP/bench-127g.vhdx" "$VHDX"
if ((KEEP_RAW)); then mv "$TMP/disk.raw" "$RAW"; else rm -f "$TMP/disk.raw"; fi
mkdir -p "$OUT/.stamps"
{ printf '%s\n' "$WANT"; printf 'built=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"; } >"$STAMP.tmp"
mv "$STAMP.tmp" "$STAMP"
log "done in $((SECONDS - T0)) s: $VHDX (127 GiB virtual, $(du -h --apparent-size "$VHDX" | cut -f1) file, $(du -h "$VHDX" | cut -f1) on disk; raw disk had $raw_du on disk, $copied bytes of NTFS data$( ((KEEP_RAW)) && echo ", kept as $RAW"))"
