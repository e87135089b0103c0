#!/usr/bin/env bash
# Throughput and memory of `collect` on a >= 2 GiB dump-like MEMORY.DMP, from a
# raw NTFS volume and from a VHDX of it, compared in the same run with `cat` of
# the same bytes from a plain file and with ntfs-3g's `ntfscat`.
#
# The volume is the gen1 fixture's NTFS volume (real SYSTEM hive, minidump,
# event logs; ~17 MB of evidence) grown with ntfsresize, and MEMORY.DMP is a
# synthetic x64 0xC000021A kernel dump (vmrescue-dump-synth header and page
# tables) whose pages are, in 64 KiB groups, zeros or pseudo-random bytes,
# about half each (crates/bundle/examples/make-dumplike.rs), put in place with
# ntfscp. Every input is read once first so all runs read from the page cache
# and the figures compare CPU cost, not the disk; outputs go to $BENCH_OUT
# (default /dev/shm, a tmpfs, so device write-back does not blur them; collect
# still fsyncs, as it always does). Best wall time of RUNS runs; max RSS over
# the runs. Until `vmrescue collect` exists, collect runs through the example
# binary crates/bundle/examples/bundle.rs (the same library call).
#
# Usage: bench/collect.sh [RUNS] [GIB]     (defaults: 3 runs, 2 GiB)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
gib=${2:-2}
out=${VMRESCUE_FIXTURES_OUT:-fixtures/out}
for t in ntfscp ntfscat ntfsresize ntfsfix qemu-img bc /usr/bin/time; do
  command -v "$t" >/dev/null || { echo "missing: $t (apt-get install ntfs-3g qemu-utils bc time)" >&2; exit 1; }
done
bash scripts/build-fixtures.sh gen1 >/dev/null
cargo build --release -q -p vmrescue-bundle --examples
bin=$PWD/target/release/examples/bundle
mk=$PWD/target/release/examples/make-dumplike

work=$(mktemp -d /tmp/vmrescue-bench-collect.XXXXXX)
default_out=/dev/shm
[ -d "$default_out" ] && [ -w "$default_out" ] || default_out=$work
res=$(mktemp -d "${BENCH_OUT:-$default_out}/vmrescue-bench-out.XXXXXX")
trap 'rm -rf "$work" "$res"' EXIT

# The volume: gen1 partition 1, grown to GIB+1 GiB, with MEMORY.DMP.
read -r start size < <(awk -F'\t' '$1 == 1 { print $2, $3 }' "$out/gen1.layout.tsv")
vol=$work/vol.ntfs
dd if="$out/gen1.raw" of="$vol" bs=1M skip=$((start >> 20)) count=$((size >> 20)) conv=sparse status=none
vsize=$(((gib + 1) << 30))
truncate -s "$vsize" "$vol"
ntfsresize -f -f -s "$vsize" "$vol" </dev/null >/dev/null
ntfsfix -d "$vol" >/dev/null      # clear the dirty flag ntfsresize leaves
"$mk" "$work/dump.dmp" "$gib" >/dev/null
ntfscp "$vol" "$work/dump.dmp" /Windows/MEMORY.DMP
vhdx=$work/vol.vhdx
qemu-img convert -f raw -O vhdx "$vol" "$vhdx"
plain=$work/plain.dmp
ntfscat "$vol" /Windows/MEMORY.DMP >"$plain"
cmp -s "$plain" "$work/dump.dmp" || { echo "ntfscat does not give back the dump" >&2; exit 1; }
rm -f "$work/dump.dmp"
dsize=$(stat -c %s "$plain")
for f in "$vol" "$vhdx" "$plain"; do cat "$f" >/dev/null; done
load0=$(cut -d' ' -f1-3 /proc/loadavg)

# best NAME CMD...: best wall time and max RSS (KiB) of CMD over $runs runs;
# the output folder is emptied before each run.
declare -A T M C
best() {
  local name=$1 b=999999 m=0 c=999999 t r u s
  shift
  for _ in $(seq "$runs"); do
    rm -rf "${res:?}"/*
    /usr/bin/time -f '%e %M %U %S' -o "$work/time.txt" "$@" >/dev/null 2>&1
    read -r t r u s <"$work/time.txt"
    (($(echo "$t < $b" | bc -l))) && b=$t
    (($(echo "$u + $s < $c" | bc -l))) && c=$(echo "$u + $s" | bc -l)
    ((r > m)) && m=$r
  done
  T[$name]=$b
  M[$name]=$m
  C[$name]=$c
}
best "cat (plain file)" sh -c 'cat "$0" > "$1/cat.bin"' "$plain" "$res"
best "ntfscat (raw)" sh -c 'ntfscat "$0" /Windows/MEMORY.DMP > "$1/ntfscat.bin"' "$vol" "$res"
best "collect --dir (raw)" "$bin" collect "$vol" -o "$res/b" --dir
best "collect --dir (vhdx)" "$bin" collect "$vhdx" -o "$res/b" --dir
best "collect tar.zst -1 (raw)" "$bin" collect "$vol" -o "$res/b.tar.zst" --level 1
best "collect tar.zst -1 (vhdx)" "$bin" collect "$vhdx" -o "$res/b.tar.zst" --level 1
best "collect tar.zst -3 (raw)" "$bin" collect "$vol" -o "$res/b.tar.zst" --level 3
best "collect tar.zst -3 (vhdx)" "$bin" collect "$vhdx" -o "$res/b.tar.zst" --level 3

# Correctness, once: the bundle verifies and its MEMORY.DMP is the dump.
rm -rf "${res:?}"/*
"$bin" collect "$vhdx" -o "$res/b.tar.zst" --level 1 >"$work/summary.json" 2>/dev/null
"$bin" verify "$res/b.tar.zst" >/dev/null 2>&1 || { echo "the bundle does not verify" >&2; exit 1; }
want=$(sha256sum <"$plain" | cut -d' ' -f1)
grep -q "\"sha256\": \"$want\"" "$work/summary.json" || { echo "MEMORY.DMP hash differs" >&2; exit 1; }
csize=$(stat -c %s "$res/b.tar.zst")

mib=$(echo "$dsize / 1048576" | bc -l)
printf '%-28s %8s %9s %8s %7s %9s\n' run seconds MiB/s "vs cat" "CPU s" "maxRSS"
for name in "cat (plain file)" "ntfscat (raw)" "collect --dir (raw)" "collect --dir (vhdx)" \
  "collect tar.zst -1 (raw)" "collect tar.zst -1 (vhdx)" "collect tar.zst -3 (raw)" "collect tar.zst -3 (vhdx)"; do
  t=${T[$name]}
  printf '%-28s %8.2f %9.0f %7.0f%% %7.2f %5.0f MiB\n' "$name" "$t" "$(echo "$mib / $t" | bc -l)" \
    "$(echo "100 * ${T["cat (plain file)"]} / $t" | bc -l)" "${C[$name]}" "$(echo "${M[$name]} / 1024" | bc -l)"
done
echo "MEMORY.DMP: $dsize bytes (dump-like, ~50% zero pages); evidence besides it: ~17 MB; tar.zst -1 size: $csize bytes;"
echo "CPU s: least user+sys seconds over the runs (all cores); load average before the runs: $load0, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "outputs on $(df --output=fstype "$res" | tail -1) ($res); $(nproc) cores; best of $runs runs; MiB/s counts MEMORY.DMP bytes only"
