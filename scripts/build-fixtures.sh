#!/usr/bin/env bash
# build-fixtures.sh - build vmrescue's disk-image fixtures from the real fixtures in fixtures/real (the repository's own copy of part of ../shared/fixtures) with real tools
# (mkntfs/ntfs-3g, sfdisk/sgdisk/fdisk, mkfs.vfat/mtools, qemu-img). Nothing is written by hand.
#
# Debian 12 packages needed (the base image already has coreutils, util-linux, openssl, findutils, gawk/mawk):
#   ntfs-3g      mkntfs ntfs-3g ntfsinfo ntfsls ntfscat ntfscp (pulls in fuse3 for fusermount; needs /dev/fuse)
#   fdisk        sfdisk (MBR, GPT checks) and fdisk (GPT with 4096-byte sectors: `fdisk -b 4096`)
#   gdisk        sgdisk (GPT with fixed GUIDs)
#   dosfstools   mkfs.vfat fsck.vfat
#   mtools       mmd mcopy mdir
#   qemu-utils   qemu-img
#   attr         setfattr (NTFS compression flag and alternate data streams through ntfs-3g's xattr interface)
#   apt-get install -y ntfs-3g fdisk gdisk dosfstools mtools qemu-utils attr
#
# Usage:
#   scripts/build-fixtures.sh [--force] [SET...]   build the test fixtures (default: all sets) into
#                                                   ${VMRESCUE_FIXTURES_OUT:-<repo>/fixtures/out}
#   scripts/build-fixtures.sh --example [--force]  build examples/example-gen2.qcow2 (+ example-gen2.PROVENANCE.md, manifest,
#                                                   layout) from permissively licensed files only
#   scripts/build-fixtures.sh --list               list the sets
# SET is one of: gen1 gen2 gen2-4k conversions hard-frag hard-mftlist, or the groups `quick` (gen1 gen2 gen2-4k
# conversions) and `hard` (hard-frag hard-mftlist). `conversions` builds gen1 and gen2 first if needed.
# Each set is rebuilt only when its stamp (<out>/.stamps/<set>.stamp, which holds FIXTURES_VERSION) is missing or
# stale or one of its outputs is gone; --force rebuilds the named sets. The real inputs are the repository's
# fixtures/real (unpacked by scripts/unpack-fixtures.sh). Must run as root (FUSE mounts of image files, loop-free).
#
# Outputs (raw images are sparse; mkntfs -T and fixed GUIDs/serials make the layouts, record numbers and manifests
# reproducible, only file timestamps differ between builds):
#   gen1.raw      192 MiB, MBR (disk id 0x5649524d), p1 @1 MiB 191 MiB type 0x07 active, NTFS "Windows"
#   gen2.raw      320 MiB, GPT: p1 ESP 100 MiB FAT32, p2 MSR 16 MiB, p3 basic data 202 MiB NTFS (dirty SYSTEM + logs)
#   gen2-4k.raw   480 MiB, the same with 4096-byte logical sectors (GPT header at byte 4096); ESP is 260 MiB because
#                 FAT32 on 4 KiB sectors needs >= 65525 clusters (Windows makes the same choice on 4Kn disks)
#   gen{1,2}.{vhd-fixed.vhd,vhd-dynamic.vhd,vhdx,vhdx-fixed.vhdx,qcow2,qcow2c.qcow2,vmdk,vmdk-stream.vmdk}
#   hard-frag.ntfs (4 GiB volume, no table) and hard-frag.vhdx; hard-mftlist.ntfs (256 MiB volume)
#
# Output formats (all TSV files have a header line; paths are relative to the volume root, '/'-separated, UTF-8):
#   <set>.manifest.tsv  partition_index  windows_path  size  sha256   (one row per regular file placed; an alternate
#                       data stream is written as path:stream; partition_index 0 = whole volume, no table)
#   <set>.layout.tsv    index  start_bytes  size_bytes  filesystem    (partitions from 1 in table order;
#                       filesystem is ntfs, fat32 or unknown)
#   conversions.tsv     image  source_raw  qemu_format  convert_options
#   hard-*.facts.tsv    key  value  (what ntfsinfo says about the hard cases: record numbers, extents, run counts)
set -euo pipefail

FIXTURES_VERSION=2
ALL_SETS=(gen1 gen2 gen2-4k conversions hard-frag hard-mftlist)

export LC_ALL=C.UTF-8          # ntfs-3g and mtools convert file names through the locale
export MTOOLS_SKIP_CHECK=1     # mtools: do not second-guess the geometry of image files
MIB=$((1024 * 1024))

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${VMRESCUE_FIXTURES_OUT:-$REPO/fixtures/out}
EXAMPLES=$REPO/examples

log() { printf '[build-fixtures] %s\n' "$*" >&2; }
die() { printf '[build-fixtures] ERROR: %s\n' "$*" >&2; exit 1; }

# Cleanup of FUSE mounts and temporaries on exit, and `quiet`.
# shellcheck source=scripts/lib/mounts.sh
source "$REPO/scripts/lib/mounts.sh"

# ntfs_mount IMAGE DIR [OPTIONS]: mount with ntfs-3g in the foreground (-o no_detach) so that we can wait for it
ntfs_mount() {
  local img=$1 dir=$2 opts=${3:-} pid i
  mkdir -p "$dir"
  ntfs-3g -o "no_detach${opts:+,$opts}" "$img" "$dir" >>"$dir.ntfs-3g.log" 2>&1 &
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
# Inputs: the real files from shared/fixtures, checked against PROVENANCE.md's SHA-256.
declare -A SRC_SHA=(
  [registry/regipy__BCD]=68ea6fe47b681ad878fd7785fb0d7d5b89a480920c02d62ea2d49f929444c06e
  [registry/regipy__SYSTEM]=e178813e4643e8ccf4d1ccc505ddc128041b6135277417b98219dfe3167450c3
  [registry/regipy__SAM]=ade60f7db90dee216d93c9cc61c1bb020becba381619473c9488877b0950bc48
  [registry/regipy__NTUSER.DAT]=6a38fcea924113963e4931725cc4c2f4f10e1240234cb1867d101a1cd92cd439
  [registry/regipy__SYSTEM_B/SYSTEM_B]=9154e260abdc4ac206ef9d872dd4e1add0150b869bda5b112944af2ff5ec39b4
  [registry/regipy__SYSTEM_B/SYSTEM_B.LOG1]=9bc4bd3324313b689e0cda9275494d93c714dcb03b434a69927bae8ac7ebc065
  [registry/regipy__SYSTEM_B/SYSTEM_B.LOG2]=fc1c4b211d19ca3ec1c6c402f602c4f67d287a4fb9664069c3e0172898940652
  [evtx/museum__Win10-BelkasoftCTF__System.evtx]=17ea95f22a73a1ee78ba3e34d9239fec934c4013d7785319acadc6251117ee03
  [evtx/museum__Win11-RathbunVM__Setup.evtx]=656551c8935853e132e5f4d2de3279726c79dfd579bb931c2b866fd3d1bd3aae
  [evtx/museum__Win2012R2-StolenSzechuan__Application.evtx]=61f052e4b72b099e714a62afc59c00392e1db6e87ae23924d0ec0b5eee00c396
  [evtx/evtx-rs__system.evtx]=60e5fd8f10a3deecd58bd7bee2e03b1308d190fd13b52908be9d576c7f5d6623
  [crash-dumps/user-mode/plaso__WER1090.tmp.mdmp]=ed2ff040036cce53e9de2c70800918db8c6bbcc8468fecc6c66cce6ca443b4d0
  [crash-dumps/user-mode/breakpad__tiny-exe-fastfail.dmp]=573d69f38407ac3414e4afdc61fab7a32f706fa14512a35bb92a60ad625d6eae
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

check_tools() {
  local t missing=()
  for t in mkntfs ntfs-3g ntfsinfo ntfsls ntfscat ntfscp fusermount sfdisk fdisk sgdisk mkfs.vfat fsck.vfat \
           mmd mcopy mdir qemu-img setfattr openssl sha256sum fallocate mountpoint cmp awk cargo xz; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  ((${#missing[@]} == 0)) || die "missing tools: ${missing[*]}
  install them with: apt-get install -y ntfs-3g fdisk gdisk dosfstools mtools qemu-utils attr openssl"
  [[ -e /dev/fuse ]] || die "/dev/fuse is missing: ntfs-3g needs FUSE to build the NTFS volumes"
  [[ $(id -u) == 0 ]] || log "warning: not running as root; ntfs-3g FUSE mounts of image files may be refused"
}

# The one synthetic input: the small memory dump in \Windows\Minidump. No permissively licensed kernel dump
# exists (the only real triage dump, rizin-testbins', has no licence), so the project's synthesizer writes one
# with the same bugcheck (0x1000007E in amdppm.sys): scripts/scenarios/synth-dump --triage.
make_synth_inputs() {
  local target=$OUT/.cargo-scenario-dump
  mkdir -p "$OUT/synth"
  CARGO_TARGET_DIR=$target quiet cargo build --release --offline --locked \
    --manifest-path "$REPO/scripts/scenarios/synth-dump/Cargo.toml" || die "could not build scripts/scenarios/synth-dump"
  "$target/release/vmrescue-scenario-dump" --triage "$OUT/synth/triage_x64.dmp" ||
    die "scripts/scenarios/synth-dump --triage failed"
}

# ---------------------------------------------------------------------------------------------------------------
# Small helpers

# deterministic pseudo-random bytes: prng SEED BYTES  (AES-128-CTR keystream keyed by sha256(SEED))
prng() {
  local key
  key=$(printf '%s' "$1" | sha256sum | cut -c1-32)
  head -c "$2" /dev/zero | openssl enc -aes-128-ctr -nosalt -K "$key" -iv 0 2>/dev/null
}

fsize() { stat -c %s "$1"; }

# manifest rows for every regular file under STAGE: partition_index path size sha256 (path relative to STAGE)
stage_manifest_rows() {
  local part=$1 stage=$2
  (
    cd "$stage"
    LC_ALL=C join -t $'\t' \
      <(find . -type f -printf '%P\t%s\n' | LC_ALL=C sort -t $'\t' -k1,1) \
      <(find . -type f -print0 | xargs -0 -r sha256sum | sed -E 's/^([0-9a-f]{64})  \.\/(.*)$/\2\t\1/' |
          LC_ALL=C sort -t $'\t' -k1,1)
  ) | awk -F '\t' -v p="$part" 'BEGIN{OFS="\t"} {print p, $1, $2, $3}'
}

write_manifest() { # write_manifest FILE < rows
  { printf 'partition_index\twindows_path\tsize\tsha256\n'; LC_ALL=C sort -t $'\t' -k1,1n -k2,2; } >"$1"
}

# copy a staged tree into a mounted NTFS volume, in sorted order so that record numbers are reproducible
copy_stage_into() {
  local stage=$1 mnt=$2 p
  while IFS= read -r -d '' p; do
    p=${p#./}
    if [[ -d $stage/$p ]]; then mkdir -p "$mnt/$p"; else cat "$stage/$p" >"$mnt/$p"; fi
  done < <(cd "$stage" && find . -mindepth 1 -print0 | LC_ALL=C sort -z)
}

# copy a staged tree into a FAT image with mtools (image may be IMG@@OFFSET)
copy_stage_into_fat() {
  local stage=$1 img=$2 p
  while IFS= read -r -d '' p; do
    p=${p#./}
    if [[ -d $stage/$p ]]; then quiet mmd -i "$img" "::$p"; else quiet mcopy -i "$img" "$stage/$p" "::$p"; fi
  done < <(cd "$stage" && find . -mindepth 1 -print0 | LC_ALL=C sort -z)
}

# mk_ntfs VOLFILE BYTES SECTOR_SIZE LABEL HIDDEN_SECTORS  (mkntfs -T: fixed times, hence a fixed volume serial)
mk_ntfs() {
  rm -f "$1"
  truncate -s "$2" "$1"
  quiet mkntfs -F -Q -T -q -c 4096 -s "$3" -L "$4" -p "$5" -H 255 -S 63 "$1"
}

# mk_fat32 VOLFILE BYTES SECTOR_SIZE LABEL HIDDEN_SECTORS VOLUME_ID
mk_fat32() {
  rm -f "$1"
  truncate -s "$2" "$1"
  quiet mkfs.vfat -F 32 -S "$3" -s 1 -n "$4" -h "$5" --invariant -i "$6" "$1"   # -i after --invariant
}

# place_volume DISK VOLFILE OFFSET_BYTES: copy a volume into a disk image, keeping it sparse, and check the bytes
place_volume() {
  local disk=$1 vol=$2 off=$3 size
  size=$(fsize "$vol")
  ((off % MIB == 0)) || die "internal: partition offset $off is not MiB-aligned"
  dd if="$vol" of="$disk" bs=1M seek=$((off / MIB)) conv=notrunc,sparse status=none
  cmp -s -n "$size" -i "0:$off" "$vol" "$disk" || die "volume $vol was not copied intact into $disk at $off"
}

# verify an NTFS volume against a manifest (partition column ignored): every file and stream is read back
#  (a) through a fresh read-only ntfs-3g mount: listing (path, size) must match, every sha256 must match;
#  (b) through ntfscat (libntfs-3g without FUSE) for every file outside the bulk folders and a sample of those.
verify_ntfs() {
  local vol=$1 manifest=$2 tmp=$3 mnt=$3/verify-mnt bulk_re=${4:-'^(many|fill|tiny|pairs)/'}
  ntfs_mount "$vol" "$mnt" "ro,streams_interface=windows"
  diff <(awk -F '\t' 'NR>1 && $2 !~ /:/ {print $2 "\t" $3}' "$manifest" | LC_ALL=C sort) \
       <(cd "$mnt" && find . -type f -printf '%P\t%s\n' | LC_ALL=C sort) >"$tmp/verify.diff" ||
    { head -20 "$tmp/verify.diff" >&2; die "$vol: file listing differs from the manifest"; }
  awk -F '\t' -v m="$mnt" 'NR>1 && $3 > 0 {print $4 "  " m "/" $2}' "$manifest" >"$tmp/verify.sha"
  sha256sum -c --quiet "$tmp/verify.sha" >"$tmp/verify.out" 2>&1 ||
    { head -20 "$tmp/verify.out" >&2; die "$vol: content read back through ntfs-3g differs from the manifest"; }
  ntfs_umount "$mnt"
  local path size sha n=0 got file stream every checked=0
  every=$(($(wc -l <"$manifest") / 100))
  ((every >= 97)) || every=97
  while IFS=$'\t' read -r _ path size sha; do
    n=$((n + 1))
    if [[ $path =~ $bulk_re ]] && ((n % every != 0)); then continue; fi
    if [[ $path == *:* ]]; then
      file=${path%%:*} stream=${path#*:}
      got=$(ntfscat -a 0x80 -n "$stream" "$vol" "/$file" | sha256sum | cut -c1-64)
    else
      got=$(ntfscat "$vol" "/$path" | sha256sum | cut -c1-64)
    fi
    [[ $got == "$sha" ]] || die "$vol: ntfscat /$path gives sha256 $got, manifest says $sha"
    checked=$((checked + 1))
  done < <(tail -n +2 "$manifest")
  log "  $(basename "$vol"): $n files/streams verified through a read-only ntfs-3g mount, $checked of them also with ntfscat"
}

# verify a FAT volume against manifest rows of one partition
verify_fat() {
  local vol=$1 manifest=$2 part=$3 tmp=$4 path size sha got
  quiet fsck.vfat -n "$vol"
  while IFS=$'\t' read -r p path size sha; do
    [[ $p == "$part" ]] || continue
    rm -f "$tmp/fatfile"
    quiet mcopy -n -i "$vol" "::$path" "$tmp/fatfile"
    got=$(sha256sum <"$tmp/fatfile" | cut -c1-64)
    [[ $got == "$sha" ]] || die "$vol: ::$path gives sha256 $got, manifest says $sha"
    log "  $(basename "$vol"): ::$path verified with mcopy"
  done < <(tail -n +2 "$manifest")
}

# ntfs_attr_summary IMAGE INODE -> lines "TYPE<TAB>records(comma list)<TAB>runs" for every attribute type
ntfs_attr_summary() {
  ntfsinfo -v -i "$2" "$1" 2>/dev/null | awk '
    /^Dumping attribute \$/ { t = $3; r = $(NF - 1); if (!(t in recs)) { order[++n] = t; recs[t] = r }
                              else if (index("," recs[t] ",", "," r ",") == 0) recs[t] = recs[t] "," r; next }
    /^\t\t\t0x[0-9a-f]+\t\t(0x[0-9a-f]+|<[A-Z]+>)\t\t0x[0-9a-f]+$/ { runs[t]++ }
    END { for (i = 1; i <= n; i++) printf "%s\t%s\t%d\n", order[i], recs[order[i]], runs[order[i]] + 0 }'
}
inode_of() { ntfsinfo -F "$2" "$1" 2>/dev/null | awk '/^Dumping Inode/ {print $3; exit}'; }

# ---------------------------------------------------------------------------------------------------------------
# The Windows tree shared by gen1, gen2 and gen2-4k (destination|source under shared/fixtures)
COMMON_TREE=(
  "Windows/System32/config/SAM|registry/regipy__SAM"
  "Windows/System32/winevt/Logs/System.evtx|evtx/museum__Win10-BelkasoftCTF__System.evtx"
  "Windows/System32/winevt/Logs/Setup.evtx|evtx/museum__Win11-RathbunVM__Setup.evtx"
  "Windows/System32/winevt/Logs/Application.evtx|evtx/museum__Win2012R2-StolenSzechuan__Application.evtx"
  "Windows/Minidump/112024-12345-01.dmp|@synth/triage_x64.dmp"
  "Users/Default/NTUSER.DAT|registry/regipy__NTUSER.DAT"
  "ProgramData/Microsoft/Windows/WER/ReportArchive/AppCrash_x/WER1090.tmp.mdmp|crash-dumps/user-mode/plaso__WER1090.tmp.mdmp"
)
GEN1_TREE=(
  "Boot/BCD|registry/regipy__BCD"
  "Windows/System32/config/SYSTEM|registry/regipy__SYSTEM"
)
GEN2_TREE=(
  "Windows/System32/config/SYSTEM|registry/regipy__SYSTEM_B/SYSTEM_B"
  "Windows/System32/config/SYSTEM.LOG1|registry/regipy__SYSTEM_B/SYSTEM_B.LOG1"
  "Windows/System32/config/SYSTEM.LOG2|registry/regipy__SYSTEM_B/SYSTEM_B.LOG2"
)
ESP_TREE=("EFI/Microsoft/Boot/BCD|registry/regipy__BCD")

# stage_tree STAGE ENTRY...: copy fixture files into a staging folder at their Windows paths
stage_tree() {
  local stage=$1 e
  shift
  for e in "$@"; do
    mkdir -p "$stage/$(dirname "${e%%|*}")"
    case ${e#*|} in
      @synth/*) cp "$OUT/synth/${e#*|@synth/}" "$stage/${e%%|*}" ;;  # made by make_synth_inputs
      *) cp "$FIX/${e#*|}" "$stage/${e%%|*}" ;;
    esac
  done
}

# files we write ourselves (not copies of Windows files): an empty RegBack hive, a hosts file, a non-ASCII name
stage_generated() {
  local stage=$1
  mkdir -p "$stage/Windows/System32/config/RegBack" "$stage/Windows/System32/drivers/etc" "$stage/Windows/Temp"
  : >"$stage/Windows/System32/config/RegBack/SYSTEM"
  printf '# hosts file written by vmrescue'"'"'s fixture builder\r\n#\r\n127.0.0.1       localhost\r\n::1             localhost\r\n10.0.0.4        dc01.contoso.example\r\n' \
    >"$stage/Windows/System32/drivers/etc/hosts"
  printf 'Överföring klar: åäö ÅÄÖ ñ 日本語\r\n' >"$stage/Windows/Temp/Överföring.txt"
}

# ---------------------------------------------------------------------------------------------------------------
# Stamps

stamp_file() { echo "$OUT/.stamps/$1.stamp"; }

set_outputs() {
  local s=$1 b f
  case $s in
    gen1 | gen2 | gen2-4k) echo "$s.raw $s.manifest.tsv $s.layout.tsv" ;;
    conversions)
      f="conversions.tsv"
      for b in gen1 gen2; do
        f+=" $b.vhd-fixed.vhd $b.vhd-dynamic.vhd $b.vhdx $b.vhdx-fixed.vhdx $b.qcow2 $b.qcow2c.qcow2 $b.vmdk $b.vmdk-stream.vmdk"
      done
      echo "$f" ;;
    hard-frag) echo "hard-frag.ntfs hard-frag.vhdx hard-frag.manifest.tsv hard-frag.facts.tsv" ;;
    hard-mftlist) echo "hard-mftlist.ntfs hard-mftlist.manifest.tsv hard-mftlist.facts.tsv" ;;
  esac
}

stamp_id() { sed -n 's/^id=//p' "$(stamp_file "$1")" 2>/dev/null || true; }

stamp_deps() { # what a set's build depends on, besides the script version
  case $1 in
    conversions) echo "gen1=$(stamp_id gen1) gen2=$(stamp_id gen2)" ;;
    *) echo "" ;;
  esac
}

is_fresh() {
  local s=$1 st f
  st=$(stamp_file "$s")
  [[ -f $st ]] || return 1
  grep -qx "version=$FIXTURES_VERSION" "$st" || return 1
  grep -qxF "deps=$(stamp_deps "$s")" "$st" || return 1
  for f in $(set_outputs "$s"); do [[ -e $OUT/$f ]] || return 1; done
  return 0
}

write_stamp() {
  local s=$1
  mkdir -p "$OUT/.stamps"
  {
    echo "version=$FIXTURES_VERSION"
    echo "set=$s"
    echo "id=$(date -u +%Y%m%dT%H%M%S)-$$-$RANDOM"
    echo "deps=$(stamp_deps "$s")"
  } >"$(stamp_file "$s").tmp"
  mv "$(stamp_file "$s").tmp" "$(stamp_file "$s")"
}

new_tmp() { # new_tmp NAME: sets NEW_TMP to a fresh temporary folder inside OUT, removed on exit
  NEW_TMP=$(mktemp -d "$OUT/.tmp-$1.XXXXXX")
  TMP_DIRS+=("$NEW_TMP")
}

# ---------------------------------------------------------------------------------------------------------------
# gen1: MBR, one active NTFS partition (type 0x07) at 1 MiB, label "Windows"

GEN1_DISK=$((192 * MIB))
GEN1_P1_START=$((1 * MIB))
GEN1_P1_SIZE=$((191 * MIB))

build_gen1() {
  local tmp disk vol stage man
  new_tmp gen1
  tmp=$NEW_TMP
  disk=$tmp/gen1.raw vol=$tmp/p1.ntfs stage=$tmp/stage-p1 man=$tmp/gen1.manifest.tsv
  truncate -s "$GEN1_DISK" "$disk"
  quiet sfdisk --no-reread --no-tell-kernel "$disk" <<EOF
label: dos
label-id: 0x5649524d
unit: sectors

start=$((GEN1_P1_START / 512)), size=$((GEN1_P1_SIZE / 512)), type=7, bootable
EOF
  stage_tree "$stage" "${COMMON_TREE[@]}" "${GEN1_TREE[@]}"
  stage_generated "$stage"
  stage_manifest_rows 1 "$stage" | write_manifest "$man"

  mk_ntfs "$vol" "$GEN1_P1_SIZE" 512 Windows $((GEN1_P1_START / 512))
  ntfs_mount "$vol" "$tmp/mnt"
  copy_stage_into "$stage" "$tmp/mnt"
  ntfs_umount "$tmp/mnt"
  verify_ntfs "$vol" "$man" "$tmp"
  place_volume "$disk" "$vol" "$GEN1_P1_START"

  # the partition table as sfdisk reads it back must be the one we meant
  sfdisk -d "$disk" | grep -q "start= *$((GEN1_P1_START / 512)), size= *$((GEN1_P1_SIZE / 512)), type=7, bootable" ||
    { sfdisk -d "$disk" >&2; die "gen1: MBR does not read back as expected"; }
  printf 'index\tstart_bytes\tsize_bytes\tfilesystem\n1\t%s\t%s\tntfs\n' "$GEN1_P1_START" "$GEN1_P1_SIZE" \
    >"$tmp/gen1.layout.tsv"
  mv "$man" "$tmp/gen1.layout.tsv" "$OUT/"
  mv "$disk" "$OUT/gen1.raw"
}

# ---------------------------------------------------------------------------------------------------------------
# gen2 / gen2-4k: GPT with ESP (FAT32), MSR, basic data (NTFS)

GUID_ESP=C12A7328-F81F-11D2-BA4B-00A0C93EC93B
GUID_MSR=E3C9E316-0B5C-4DB8-817D-F92DF00215AE
GUID_BDP=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7

# build_gpt_set NAME SECTOR_SIZE DISK_MIB ESP_MIB MSR_MIB DATA_MIB DISK_GUID_SUFFIX [TREE_KIND]
#   NAME is gen2, gen2-4k or example; partitions are contiguous from 1 MiB.
build_gpt_set() {
  local name=$1 ss=$2 disk_mib=$3 esp_mib=$4 msr_mib=$5 data_mib=$6 gsuf=$7 kind=${8:-gen2}
  local tmp disk esp ntfs stage1 stage3 man
  local p1=$MIB p1s=$((esp_mib * MIB)) p2=$((MIB + esp_mib * MIB)) p2s=$((msr_mib * MIB))
  local p3=$((MIB + (esp_mib + msr_mib) * MIB)) p3s=$((data_mib * MIB))
  local dguid="5649524D-5245-5343-5545-${gsuf}0000"
  local u1="5649524D-5245-5343-5545-${gsuf}0001" u2="5649524D-5245-5343-5545-${gsuf}0002"
  local u3="5649524D-5245-5343-5545-${gsuf}0003"
  (((p3 + p3s + MIB) <= disk_mib * MIB)) || die "internal: $name partitions do not fit"
  new_tmp "$name"
  tmp=$NEW_TMP
  disk=$tmp/$name.raw esp=$tmp/p1.fat ntfs=$tmp/p3.ntfs stage1=$tmp/stage-p1 stage3=$tmp/stage-p3
  man=$tmp/$name.manifest.tsv
  truncate -s $((disk_mib * MIB)) "$disk"

  if ((ss == 512)); then
    quiet sgdisk -o -U "$dguid" \
      -n "1:$((p1 / 512)):$(((p1 + p1s) / 512 - 1))" -t 1:EF00 -u "1:$u1" -c "1:EFI system partition" \
      -n "2:$((p2 / 512)):$(((p2 + p2s) / 512 - 1))" -t 2:0C01 -u "2:$u2" -c "2:Microsoft reserved partition" \
      -n "3:$((p3 / 512)):$(((p3 + p3s) / 512 - 1))" -t 3:0700 -u "3:$u3" -c "3:Basic data partition" \
      "$disk"
    local dump
    dump=$(sfdisk -d "$disk")
    grep -qi "start= *$((p1 / 512)), size= *$((p1s / 512)), type=$GUID_ESP, uuid=$u1" <<<"$dump" &&
      grep -qi "start= *$((p2 / 512)), size= *$((p2s / 512)), type=$GUID_MSR, uuid=$u2" <<<"$dump" &&
      grep -qi "start= *$((p3 / 512)), size= *$((p3s / 512)), type=$GUID_BDP, uuid=$u3" <<<"$dump" ||
      { printf '%s\n' "$dump" >&2; die "$name: GPT does not read back as expected"; }
  else
    # sgdisk and sfdisk (util-linux 2.38) only write 512-byte-sector GPTs into files; fdisk -b 4096 writes a real
    # 4Kn GPT (header at byte 4096, entries from LBA 2). Scripted through its menu.
    quiet fdisk -b "$ss" "$disk" <<EOF
g
n
1
$((p1 / ss))
$(((p1 + p1s) / ss - 1))
n
2
$((p2 / ss))
$(((p2 + p2s) / ss - 1))
n
3
$((p3 / ss))
$(((p3 + p3s) / ss - 1))
t
1
$GUID_ESP
t
2
$GUID_MSR
t
3
$GUID_BDP
x
i
$dguid
u
1
$u1
u
2
$u2
u
3
$u3
n
1
EFI system partition
n
2
Microsoft reserved partition
n
3
Basic data partition
r
w
EOF
    local listing
    listing=$(fdisk -b "$ss" -l -o Device,Start,Sectors,Type-UUID,UUID "$disk")
    grep -qiE "^$disk""1 +$((p1 / ss)) +$((p1s / ss)) +$GUID_ESP +$u1\$" <<<"$listing" &&
      grep -qiE "^$disk""2 +$((p2 / ss)) +$((p2s / ss)) +$GUID_MSR +$u2\$" <<<"$listing" &&
      grep -qiE "^$disk""3 +$((p3 / ss)) +$((p3s / ss)) +$GUID_BDP +$u3\$" <<<"$listing" &&
      grep -qi "Disk identifier: $dguid" <<<"$listing" ||
      { printf '%s\n' "$listing" >&2; die "$name: 4Kn GPT does not read back as expected"; }
    [[ $(dd if="$disk" bs="$ss" skip=1 count=1 status=none | head -c 8) == "EFI PART" ]] ||
      die "$name: no GPT header at LBA 1 (byte $ss)"
  fi

  # ESP (FAT32) with the BCD store
  case $kind in
    gen2 | example) stage_tree "$stage1" "${ESP_TREE[@]}" ;;
  esac
  # Windows tree on the NTFS partition
  case $kind in
    gen2)
      stage_tree "$stage3" "${COMMON_TREE[@]}" "${GEN2_TREE[@]}"
      stage_generated "$stage3" ;;
    example)
      stage_tree "$stage3" "${EXAMPLE_TREE[@]}"
      stage_generated "$stage3" ;;
  esac
  { stage_manifest_rows 1 "$stage1"; stage_manifest_rows 3 "$stage3"; } | write_manifest "$man"

  mk_fat32 "$esp" "$p1s" "$ss" SYSTEM $((p1 / ss)) "${gsuf:0:8}"
  copy_stage_into_fat "$stage1" "$esp"
  verify_fat "$esp" "$man" 1 "$tmp"
  mk_ntfs "$ntfs" "$p3s" "$ss" Windows $((p3 / ss))
  ntfs_mount "$ntfs" "$tmp/mnt"
  copy_stage_into "$stage3" "$tmp/mnt"
  ntfs_umount "$tmp/mnt"
  awk -F '\t' 'NR==1 || $1==3' "$man" >"$tmp/p3.manifest.tsv"
  verify_ntfs "$ntfs" "$tmp/p3.manifest.tsv" "$tmp"
  place_volume "$disk" "$esp" "$p1"
  place_volume "$disk" "$ntfs" "$p3"

  printf 'index\tstart_bytes\tsize_bytes\tfilesystem\n1\t%s\t%s\tfat32\n2\t%s\t%s\tunknown\n3\t%s\t%s\tntfs\n' \
    "$p1" "$p1s" "$p2" "$p2s" "$p3" "$p3s" >"$tmp/$name.layout.tsv"
  BUILT_TMP=$tmp
}

build_gen2() {
  build_gpt_set gen2 512 320 100 16 202 00000002
  mv "$BUILT_TMP/gen2.manifest.tsv" "$BUILT_TMP/gen2.layout.tsv" "$OUT/"
  mv "$BUILT_TMP/gen2.raw" "$OUT/gen2.raw"
}

build_gen2_4k() {
  # FAT32 on 4096-byte sectors needs >= 65525 clusters of 4 KiB, so the ESP is 260 MiB (as Windows makes it on
  # 4Kn disks) instead of 100 MiB; otherwise the same layout as gen2.
  build_gpt_set gen2-4k 4096 480 260 16 202 00000004
  mv "$BUILT_TMP/gen2-4k.manifest.tsv" "$BUILT_TMP/gen2-4k.layout.tsv" "$OUT/"
  mv "$BUILT_TMP/gen2-4k.raw" "$OUT/gen2-4k.raw"
}

# ---------------------------------------------------------------------------------------------------------------
# conversions of gen1.raw and gen2.raw with qemu-img, each checked with qemu-img compare

CONVERSIONS=(
  "vhd-fixed.vhd|vpc|-o subformat=fixed,force_size=on"
  "vhd-dynamic.vhd|vpc|-o subformat=dynamic,force_size=on"
  "vhdx|vhdx|"
  "vhdx-fixed.vhdx|vhdx|-o subformat=fixed"
  "qcow2|qcow2|"
  "qcow2c.qcow2|qcow2|-c -o compression_type=zlib"
  "vmdk|vmdk|-o subformat=monolithicSparse"
  "vmdk-stream.vmdk|vmdk|-o subformat=streamOptimized"
)

build_conversions() {
  local tmp b c suffix fmt opts
  new_tmp conversions
  tmp=$NEW_TMP
  printf 'image\tsource_raw\tqemu_format\tconvert_options\n' >"$tmp/conversions.tsv"
  for b in gen1 gen2; do
    for c in "${CONVERSIONS[@]}"; do
      IFS='|' read -r suffix fmt opts <<<"$c"
      # shellcheck disable=SC2086 # opts is a list of options
      quiet qemu-img convert -f raw -O "$fmt" $opts "$OUT/$b.raw" "$tmp/$b.$suffix"
      quiet qemu-img compare -q -f raw -F "$fmt" "$OUT/$b.raw" "$tmp/$b.$suffix"
      printf '%s\t%s\t%s\t%s\n' "$b.$suffix" "$b.raw" "$fmt" "-O $fmt${opts:+ $opts}" >>"$tmp/conversions.tsv"
      log "  $b.$suffix: qemu-img compare OK"
    done
  done
  for b in gen1 gen2; do
    for c in "${CONVERSIONS[@]}"; do mv "$tmp/$b.${c%%|*}" "$OUT/"; done
  done
  mv "$tmp/conversions.tsv" "$OUT/"
}

# ---------------------------------------------------------------------------------------------------------------
# hard-frag: 4 GiB NTFS volume (no partition table) with the cases that need an attribute list, etc.

FRAG_BYTES=$((1024 * MIB))
PAD_NAME=$(printf -- '-long-name-to-grow-the-directory-index%.0s' 1 2 3 4)   # 152 characters

# write_islands FILE: 100 MiB file with four pseudo-random data islands (one unaligned), holes elsewhere
write_islands() {
  local f=$1 isl off len tag
  : >"$f"
  for isl in "0 4096 a" "$((17 * MIB + 1234)) 65536 b" "$((60 * MIB)) $MIB c" "$((100 * MIB - 5000)) 5000 d"; do
    read -r off len tag <<<"$isl"
    prng "sparse-$tag" "$len" | dd of="$f" bs=64K seek="$off" oflag=seek_bytes iflag=fullblock conv=notrunc status=none
  done
  truncate -s $((100 * MIB)) "$f"
}

# a 64 KiB file whose first line names it (so a wrong lookup shows): keep_content TEXT
keep_content() {
  local head="vmrescue fixture: $1"$'\n'
  printf '%s%s' "$head" "${FILL64K:0:$((65536 - ${#head}))}"
}

build_hard_frag() {
  local tmp vol mnt stage free ballast n i name
  new_tmp hard-frag
  tmp=$NEW_TMP
  vol=$tmp/hard-frag.ntfs mnt=$tmp/mnt stage=$tmp/stage
  mkdir -p "$stage"
  FILL64K=$(printf '%65536s' '' | tr ' ' '.')
  head -c "$MIB" /dev/zero >"$tmp/zero1m"

  mk_ntfs "$vol" $((4096 * MIB)) 512 HardFrag 0

  # 1. Ballast: fill all but ~1.3 GiB with big files (ntfscp: fast, no FUSE). ntfs-3g allocates new data in the
  #    largest free range it finds, so the free space must be used up for the later holes to matter.
  free=$(ntfsinfo -m "$vol" 2>/dev/null | awk '/Free Clusters:/ {print $3; exit}')
  [[ $free =~ ^[0-9]+$ ]] || die "hard-frag: cannot read free space with ntfsinfo -m"
  free=$((free * 4096))
  ballast=$((free - 1300 * MIB))
  i=0
  while ((ballast > 0)); do
    i=$((i + 1))
    n=$((ballast > 1024 * MIB ? 1024 * MIB : ballast))
    truncate -s "$n" "$tmp/ballast.src"
    quiet ntfscp "$vol" "$tmp/ballast.src" "/ballast$i.bin"
    ballast=$((ballast - n))
    rm -f "$tmp/ballast.src"
  done

  # 2. fill/: 64 KiB keep / 1 MiB delete pairs with long names until the volume is full, then delete the 1 MiB
  #    files. The directory's index blocks are allocated between the files' data, so its $INDEX_ALLOCATION gets
  #    a run per allocation and spills into an extension record (attribute list).
  ntfs_mount "$vol" "$mnt"
  mkdir -p "$mnt/fill" "$stage/fill"
  i=0
  while ((i < 20000)); do
    i=$((i + 1))
    printf -v n '%05d' "$i"
    name="fill/keep_${n}_$PAD_NAME.bin"
    keep_content "hard-frag $name" >"$stage/$name"
    if ! cat "$stage/$name" >"$mnt/$name" 2>/dev/null; then
      rm -f "$mnt/$name" "$stage/$name"
      break
    fi
    if ! cat "$tmp/zero1m" >"$mnt/fill/del_${n}_$PAD_NAME.bin" 2>/dev/null; then
      rm -f "$mnt/fill/del_${n}_$PAD_NAME.bin"
      break
    fi
  done
  ((i > 500)) || die "hard-frag: only $i fill pairs fitted; the ballast step went wrong"
  rm -f "$mnt"/fill/del_*
  ntfs_umount "$mnt"
  local pairs
  pairs=$(find "$stage/fill" -type f | wc -l)
  log "  fill/: $pairs keep files left between 1 MiB holes"

  # 3. frag.bin (1 GiB, pseudo-random) goes into the 1 MiB holes: hundreds of runs, several $DATA extents.
  #    Then the ballast is deleted and the other cases are written into the space it leaves.
  ntfs_mount "$vol" "$mnt" "compression,streams_interface=xattr"
  prng frag.bin "$FRAG_BYTES" >"$mnt/frag.bin"
  rm -f "$mnt"/ballast*.bin

  # comp/: the directory has the compressed attribute, so files created in it are LZNT1-compressed
  mkdir -p "$mnt/comp" "$stage/comp"
  setfattr -n system.ntfs_attrib_be -v 0x00000810 "$mnt/comp"
  seq 1 400000 >"$stage/comp/comp.txt"
  prng comp_rand.bin 300000 >"$stage/comp/comp_rand.bin"
  cat "$stage/comp/comp.txt" >"$mnt/comp/comp.txt"
  cat "$stage/comp/comp_rand.bin" >"$mnt/comp/comp_rand.bin"

  # sparse.bin: 100 MiB with four data islands written with dd seek (ntfs-3g leaves the rest unallocated)
  write_islands "$stage/sparse.bin"
  write_islands "$mnt/sparse.bin"

  # ads.txt with a small (resident) and a 20,000-byte (non-resident) alternate data stream
  printf 'main stream of ads.txt\r\n' >"$stage/ads.txt"
  printf 'small resident stream' >"$stage/ads.txt:stream"
  prng ads-bigstream 20000 >"$stage/ads.txt:bigstream"
  cat "$stage/ads.txt" >"$mnt/ads.txt"
  setfattr -n user.stream -v "0x$(od -An -v -tx1 "$stage/ads.txt:stream" | tr -d ' \n')" "$mnt/ads.txt"
  setfattr -n user.bigstream -v "0x$(od -An -v -tx1 "$stage/ads.txt:bigstream" | tr -d ' \n')" "$mnt/ads.txt"

  # non-ASCII names: non-resident, resident, non-resident
  prng overforing 1050 | od -An -v -tx1 | tr -d ' \n' >"$stage/Överföring.txt"   # 2,100 hex characters
  printf 'año 2024\n' >"$stage/Año.log"
  prng nihongo 5000 >"$stage/日本語ファイル.bin"
  for name in Överföring.txt Año.log 日本語ファイル.bin; do cat "$stage/$name" >"$mnt/$name"; done

  # many/: 5,000 small (resident) files
  mkdir -p "$mnt/many" "$stage/many"
  for ((i = 1; i <= 5000; i++)); do
    printf -v name 'many/file_%05d.txt' "$i"
    printf 'vmrescue fixture: hard-frag %s\n' "$name" >"$stage/$name"
    printf 'vmrescue fixture: hard-frag %s\n' "$name" >"$mnt/$name"
  done
  ntfs_umount "$mnt"

  # manifest: the staged copies plus frag.bin (hashed from the same pseudo-random stream)
  {
    stage_manifest_rows 0 "$stage"
    printf '0\tfrag.bin\t%s\t%s\n' "$FRAG_BYTES" "$(prng frag.bin "$FRAG_BYTES" | sha256sum | cut -c1-64)"
  } | write_manifest "$tmp/hard-frag.manifest.tsv"
  verify_ntfs "$vol" "$tmp/hard-frag.manifest.tsv" "$tmp"

  # facts, and the checks that the hard cases really are hard
  local frag_i fs fill_i fill_s comp_attr
  frag_i=$(inode_of "$vol" /frag.bin)
  fs=$(ntfs_attr_summary "$vol" "$frag_i")
  fill_i=$(inode_of "$vol" /fill)
  fill_s=$(ntfs_attr_summary "$vol" "$fill_i")
  comp_attr=$(ntfsinfo -F /comp/comp.txt "$vol" 2>/dev/null | awk '/File attributes:/ {print $NF; exit}')
  local frag_ext frag_runs fill_ext fill_runs
  frag_ext=$(awk -F '\t' '$1=="$DATA" {print $2}' <<<"$fs")
  frag_runs=$(awk -F '\t' '$1=="$DATA" {print $3}' <<<"$fs")
  fill_ext=$(awk -F '\t' '$1=="$INDEX_ALLOCATION" {print $2}' <<<"$fill_s")
  fill_runs=$(awk -F '\t' '$1=="$INDEX_ALLOCATION" {print $3}' <<<"$fill_s")
  grep -q '^\$ATTRIBUTE_LIST' <<<"$fs" || die "hard-frag: frag.bin has no \$ATTRIBUTE_LIST"
  [[ $frag_ext == *,* ]] || die "hard-frag: frag.bin's \$DATA is in one record only ($frag_ext)"
  ((frag_runs >= 100)) || die "hard-frag: frag.bin has only $frag_runs runs"
  grep -q '^\$ATTRIBUTE_LIST' <<<"$fill_s" || die "hard-frag: fill/ has no \$ATTRIBUTE_LIST"
  [[ $fill_ext == *,* ]] || die "hard-frag: fill/'s \$INDEX_ALLOCATION is in one record only ($fill_ext)"
  [[ $comp_attr == "(0x00000820)" ]] || die "hard-frag: comp/comp.txt is not compressed (attributes $comp_attr)"
  {
    printf 'key\tvalue\n'
    printf 'volume_bytes\t%s\n' "$(fsize "$vol")"
    printf 'cluster_bytes\t4096\nmft_record_bytes\t1024\n'
    printf 'frag.bin.record\t%s\n' "$frag_i"
    awk -F '\t' '{printf "frag.bin.attr.%s.records\t%s\nfrag.bin.attr.%s.runs\t%s\n", $1, $2, $1, $3}' <<<"$fs"
    printf 'fill.record\t%s\nfill.entries\t%s\n' "$fill_i" "$pairs"
    awk -F '\t' '{printf "fill.attr.%s.records\t%s\nfill.attr.%s.runs\t%s\n", $1, $2, $1, $3}' <<<"$fill_s"
    printf 'comp/comp.txt.file_attributes\t%s\n' "${comp_attr//[()]/}"
    printf 'comp/comp.txt.allocated_bytes\t%s\n' \
      "$(ntfsinfo -F /comp/comp.txt "$vol" 2>/dev/null | awk '/Compressed size:/ {print $3; exit}')"
    printf 'sparse.bin.allocated_bytes\t%s\n' \
      "$(ntfsinfo -F /sparse.bin "$vol" 2>/dev/null | awk '/Compressed size:/ {print $3; exit}')"
  } >"$tmp/hard-frag.facts.tsv"
  log "  frag.bin: record $frag_i, \$DATA in records $frag_ext, $frag_runs runs; fill/: record $fill_i, \$INDEX_ALLOCATION in records $fill_ext ($fill_runs runs)"

  # keep the image sparse (the ballast and the deleted files left zeros behind), then the VHDX for the benchmark
  fallocate --dig-holes "$vol" 2>/dev/null || { cp --sparse=always "$vol" "$vol.sparse" && mv "$vol.sparse" "$vol"; }
  quiet qemu-img convert -f raw -O vhdx "$vol" "$tmp/hard-frag.vhdx"
  quiet qemu-img compare -q -f raw -F vhdx "$vol" "$tmp/hard-frag.vhdx"
  log "  hard-frag.vhdx: qemu-img compare OK"
  mv "$tmp/hard-frag.manifest.tsv" "$tmp/hard-frag.facts.tsv" "$tmp/hard-frag.vhdx" "$vol" "$OUT/"
}

# ---------------------------------------------------------------------------------------------------------------
# hard-mftlist: 256 MiB volume whose $MFT has an $ATTRIBUTE_LIST (ntfs-check.md section 6)

build_hard_mftlist() {
  local tmp vol mnt stage i n d name
  new_tmp hard-mftlist
  tmp=$NEW_TMP
  vol=$tmp/hard-mftlist.ntfs mnt=$tmp/mnt stage=$tmp/stage
  mkdir -p "$stage/pairs" "$stage/tiny"
  FILL64K=$(printf '%65536s' '' | tr ' ' '.')
  head -c 65536 /dev/zero >"$tmp/zero64k"
  mk_ntfs "$vol" $((256 * MIB)) 512 HardMftList 0
  ntfs_mount "$vol" "$mnt"
  mkdir -p "$mnt/pairs"
  # 64 KiB keep / 64 KiB delete pairs until the volume is full, then delete half: free space is 64 KiB holes
  i=0
  while ((i < 20000)); do
    i=$((i + 1))
    printf -v n '%05d' "$i"
    name="pairs/keep_$n.bin"
    keep_content "hard-mftlist $name" >"$stage/$name"
    if ! cat "$stage/$name" >"$mnt/$name" 2>/dev/null; then rm -f "$mnt/$name" "$stage/$name"; break; fi
    if ! cat "$tmp/zero64k" >"$mnt/pairs/del_$n.bin" 2>/dev/null; then rm -f "$mnt/pairs/del_$n.bin"; break; fi
  done
  ((i > 500)) || die "hard-mftlist: only $i pairs fitted"
  rm -f "$mnt"/pairs/del_*
  # 60,000 empty files in 60 folders: $MFT grows into the holes, one run per hole, past one record's room
  for ((d = 0; d < 60; d++)); do
    printf -v n 'tiny/d%03d' "$d"
    mkdir -p "$mnt/$n" "$stage/$n"
    for ((i = d * 1000; i < (d + 1) * 1000; i++)); do
      : >"$mnt/$n/t$i"
      : >"$stage/$n/t$i"
    done
  done
  ntfs_umount "$mnt"
  local pairs
  pairs=$(find "$stage/pairs" -type f | wc -l)
  stage_manifest_rows 0 "$stage" | write_manifest "$tmp/hard-mftlist.manifest.tsv"
  verify_ntfs "$vol" "$tmp/hard-mftlist.manifest.tsv" "$tmp"

  local ms mext mruns
  ms=$(ntfs_attr_summary "$vol" 0)
  mext=$(awk -F '\t' '$1=="$DATA" {print $2}' <<<"$ms")
  mruns=$(awk -F '\t' '$1=="$DATA" {print $3}' <<<"$ms")
  grep -q '^\$ATTRIBUTE_LIST' <<<"$ms" || die "hard-mftlist: \$MFT has no \$ATTRIBUTE_LIST"
  [[ $mext == *,* ]] || die "hard-mftlist: \$MFT's \$DATA is in one record only ($mext)"
  local last_rec
  last_rec=$(ntfsinfo -F /tiny/d059/t59999 "$vol" 2>/dev/null | awk '/^Dumping Inode/ {print $3; exit}')
  {
    printf 'key\tvalue\n'
    printf 'volume_bytes\t%s\n' "$(fsize "$vol")"
    printf 'cluster_bytes\t4096\nmft_record_bytes\t1024\n'
    printf 'pairs.keep_files\t%s\n' "$pairs"
    awk -F '\t' '{printf "mft.attr.%s.records\t%s\nmft.attr.%s.runs\t%s\n", $1, $2, $1, $3}' <<<"$ms"
    printf 'tiny/d059/t59999.record\t%s\n' "$last_rec"
    printf 'tiny/d000/t0.record\t%s\n' "$(inode_of "$vol" /tiny/d000/t0)"
  } >"$tmp/hard-mftlist.facts.tsv"
  log "  \$MFT: \$DATA in records $mext, $mruns runs; tiny/d059/t59999 is record $last_rec"
  fallocate --dig-holes "$vol" 2>/dev/null || true
  mv "$tmp/hard-mftlist.manifest.tsv" "$tmp/hard-mftlist.facts.tsv" "$vol" "$OUT/"
}

# ---------------------------------------------------------------------------------------------------------------
# The example disk committed in the repository: permissively licensed files only.

EXAMPLE_TREE=(
  "Windows/System32/config/SYSTEM|registry/regipy__SYSTEM"
  "Windows/System32/config/SAM|registry/regipy__SAM"
  "Users/Default/NTUSER.DAT|registry/regipy__NTUSER.DAT"
  "Windows/System32/winevt/Logs/System.evtx|evtx/evtx-rs__system.evtx"
  "Windows/System32/winevt/Logs/Setup.evtx|evtx/museum__Win11-RathbunVM__Setup.evtx"
  "Windows/System32/winevt/Logs/Application.evtx|evtx/museum__Win2012R2-StolenSzechuan__Application.evtx"
  "ProgramData/Microsoft/Windows/WER/ReportArchive/AppCrash_tiny-exe/WER-tiny-exe-fastfail.mdmp|crash-dumps/user-mode/breakpad__tiny-exe-fastfail.dmp"
)
# source file -> upstream repository | upstream path | snapshot commit | licence | what
declare -A UPSTREAM=(
  [registry/regipy__BCD]="https://github.com/mkorman90/regipy|regipy_tests/data/BCD.xz (xz-decompressed)|f315415864889c3ee2a03d8a9e5c52486dcb631b|MIT|BCD store from a UEFI ESP (2021), Windows Boot Manager + Windows 10 loader"
  [registry/regipy__SYSTEM]="https://github.com/mkorman90/regipy|regipy_tests/data/SYSTEM.xz (xz-decompressed)|f315415864889c3ee2a03d8a9e5c52486dcb631b|MIT|SYSTEM hive of a Windows 7 workstation, clean, CrashDumpEnabled=2"
  [registry/regipy__SAM]="https://github.com/mkorman90/regipy|regipy_tests/data/SAM.xz (xz-decompressed)|f315415864889c3ee2a03d8a9e5c52486dcb631b|MIT|SAM hive (2014), clean"
  [registry/regipy__NTUSER.DAT]="https://github.com/mkorman90/regipy|regipy_tests/data/NTUSER.DAT.xz (xz-decompressed)|f315415864889c3ee2a03d8a9e5c52486dcb631b|MIT|NTUSER.DAT of a Windows 7 user, clean"
  [evtx/evtx-rs__system.evtx]="https://github.com/omerbenamram/evtx|samples/system.evtx|9c7d0b5429e86200d9e449bbdd2679cbe54b54ea|MIT OR Apache-2.0|System.evtx, 326 records (2017): Service Control Manager 7000/7023/7026/7045, 6005/6006"
  [evtx/museum__Win11-RathbunVM__Setup.evtx]="https://github.com/AndrewRathbun/DFIRArtifactMuseum|Windows/EventLogs/Win11/RathbunVM/RathbunVM_W11EventLogs.7z (member Setup.evtx)|b81948ca53a1a217734f4080a339baa49c374bc3|MIT|Setup.evtx from a Windows 11 VM, 21 servicing records (2022)"
  [evtx/museum__Win2012R2-StolenSzechuan__Application.evtx]="https://github.com/AndrewRathbun/DFIRArtifactMuseum|Windows/EventLogs/Win2012R2/StolenSzechuan/StolenSzechuanEventLogs.7z (member Application.evtx)|b81948ca53a1a217734f4080a339baa49c374bc3|MIT|Application.evtx from Windows Server 2012 R2 (case Stolen Szechuan Sauce), with Windows Error Reporting 1001 application-crash events"
  [crash-dumps/user-mode/breakpad__tiny-exe-fastfail.dmp]="https://github.com/google/breakpad|src/processor/testdata/tiny-exe-fastfail.dmp|418aacd617897c19d960ec3e649f42ea95a6363a|BSD-3-Clause|user-mode minidump, Windows 10 x64, exception 0xC0000409 (__fastfail)"
)

build_example() {
  local qc=$EXAMPLES/example-gen2.qcow2
  if [[ -e $qc && $FORCE == 0 ]]; then
    log "example: $qc exists (use --force to rebuild it)"
    return 0
  fi
  local t0=$SECONDS
  log "example: building $qc"
  # smallest practical sizes: FAT32 needs >= 65525 clusters (33 MiB with 512-byte clusters)
  build_gpt_set example 512 83 33 16 32 00000e00 example
  local tmp=$BUILT_TMP
  quiet qemu-img convert -c -f raw -O qcow2 -o compression_type=zlib "$tmp/example.raw" "$tmp/example-gen2.qcow2"
  quiet qemu-img compare -q -f raw -F qcow2 "$tmp/example.raw" "$tmp/example-gen2.qcow2"
  mkdir -p "$EXAMPLES"
  mv "$tmp/example.manifest.tsv" "$EXAMPLES/example-gen2.manifest.tsv"
  mv "$tmp/example.layout.tsv" "$EXAMPLES/example-gen2.layout.tsv"
  write_example_provenance "$tmp" >"$EXAMPLES/example-gen2.PROVENANCE.md"
  mv "$tmp/example-gen2.qcow2" "$qc"
  log "example: done in $((SECONDS - t0)) s, $(fsize "$qc") bytes"
}

write_example_provenance() {
  local tmp=$1 e dest src part repo upath commit lic what size sha
  cat <<EOF
# examples/example-gen2 - provenance

\`example-gen2.qcow2\` is a small Generation 2 (UEFI/GPT) Windows OS disk for vmrescue's examples and tests. It was
built by \`scripts/build-fixtures.sh --example\` (fixtures version $FIXTURES_VERSION) with real tools only:
sgdisk (GPT with fixed GUIDs), mkfs.vfat + mtools (ESP), mkntfs + ntfs-3g (NTFS), then
\`qemu-img convert -c -O qcow2 -o compression_type=zlib\`. It is not a bootable Windows: it holds no Windows
binaries, only the real data files listed below, which were made by real Windows systems and are published in
public repositories under permissive licences (MIT, Apache-2.0, BSD-3-Clause; the licence given is the licence of
the source repository, as recorded in shared/fixtures/PROVENANCE.md). Files marked *generated* were written by the
build script itself. NTFS file names are in the POSIX namespace without 8.3 short names (ntfs-3g's default), and
the ESP has no boot loader files.

Virtual size $(fsize "$tmp/example.raw") bytes; qcow2 file $(fsize "$tmp/example-gen2.qcow2") bytes.
\`example-gen2.layout.tsv\` gives the partitions and \`example-gen2.manifest.tsv\` every file's size and SHA-256.

## Partitions

| # | type | start (bytes) | size (bytes) | file system |
|---|---|---:|---:|---|
EOF
  awk -F '\t' 'NR>1 {t = ($1==1) ? "EFI system partition (EF00)" : ($1==2) ? "Microsoft reserved (0C01)" : "Basic data (0700)";
                     printf "| %s | %s | %s | %s | %s |\n", $1, t, $2, $3, ($4=="unknown") ? "none" : $4}' \
    "$EXAMPLES/example-gen2.layout.tsv"
  cat <<EOF

## Files

| partition | path in the image | size | SHA-256 | source | licence |
|---|---|---:|---|---|---|
EOF
  declare -A dest_src=()
  for e in "${ESP_TREE[@]}"; do dest_src["1|${e%%|*}"]=${e#*|}; done
  for e in "${EXAMPLE_TREE[@]}"; do dest_src["3|${e%%|*}"]=${e#*|}; done
  while IFS=$'\t' read -r part dest size sha; do
    src=${dest_src["$part|$dest"]:-}
    if [[ -n $src ]]; then
      IFS='|' read -r repo upath commit lic what <<<"${UPSTREAM[$src]}"
      printf '| %s | `%s` | %s | `%s` | %s: %s, `%s` at commit `%s` (shared fixture `%s`) | %s |\n' \
        "$part" "$dest" "$size" "$sha" "$what" "$repo" "$upath" "$commit" "$src" "$lic"
    else
      printf '| %s | `%s` | %s | `%s` | *generated*: written by the build script, no third-party content | - |\n' \
        "$part" "$dest" "$size" "$sha"
    fi
  done < <(tail -n +2 "$EXAMPLES/example-gen2.manifest.tsv")
  cat <<EOF

Deliberately not included: the kernel triage dump (rizin-testbins has no licence), GPL-licensed files (ImHex,
yarp, nt-hive) and the dirty SYSTEM_B hive (kept out only to stay small; it is MIT too).
EOF
}

# ---------------------------------------------------------------------------------------------------------------
# Main

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; }

FORCE=0
EXAMPLE=0
REQ=()
while (($#)); do
  case $1 in
    --force | -f) FORCE=1 ;;
    --example) EXAMPLE=1 ;;
    --list) printf '%s\n' "${ALL_SETS[@]}"; exit 0 ;;
    -h | --help) usage; exit 0 ;;
    quick) REQ+=(gen1 gen2 gen2-4k conversions) ;;
    hard) REQ+=(hard-frag hard-mftlist) ;;
    gen1 | gen2 | gen2-4k | conversions | hard-frag | hard-mftlist) REQ+=("$1") ;;
    *) die "unknown argument '$1' (try --help)" ;;
  esac
  shift
done

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
exec 9>"$OUT/.lock"
flock 9 || die "cannot lock $OUT/.lock"
# leftovers of a killed run (we hold the lock): unmount, then remove
for m in "$OUT"/.tmp-*/*mnt; do
  if mountpoint -q "$m" 2>/dev/null; then fusermount -u -z "$m" 2>/dev/null || true; fi
done
rm -rf "$OUT"/.tmp-* 2>/dev/null || true

T_START=$SECONDS
check_inputs   # always: the inputs are unpacked and checked even when every set is already built
if ((EXAMPLE)); then
  check_tools
  make_synth_inputs
  build_example
  exit 0
fi

((${#REQ[@]})) || REQ=("${ALL_SETS[@]}")
# conversions need gen1 and gen2; keep the canonical order and drop duplicates
declare -A WANT=()
for s in "${REQ[@]}"; do WANT[$s]=1; done
[[ -n ${WANT[conversions]:-} ]] && WANT[gen1]=1 && WANT[gen2]=1
TODO=()
for s in "${ALL_SETS[@]}"; do [[ -n ${WANT[$s]:-} ]] && TODO+=("$s"); done

CHECKED=0
for s in "${TODO[@]}"; do
  if ((FORCE == 0)) && is_fresh "$s"; then
    log "$s: up to date"
    continue
  fi
  if ((CHECKED == 0)); then check_tools; make_synth_inputs; CHECKED=1; fi
  t0=$SECONDS
  log "$s: building in $OUT"
  rm -f "$(stamp_file "$s")"
  case $s in
    gen1) build_gen1 ;;
    gen2) build_gen2 ;;
    gen2-4k) build_gen2_4k ;;
    conversions) build_conversions ;;
    hard-frag) build_hard_frag ;;
    hard-mftlist) build_hard_mftlist ;;
  esac
  write_stamp "$s"
  log "$s: done in $((SECONDS - t0)) s ($(cd "$OUT" && set_outputs "$s" | xargs du -ch --apparent-size 2>/dev/null | tail -1 | cut -f1) apparent)"
done
log "all requested sets ready in $OUT ($((SECONDS - T_START)) s)"
