#!/usr/bin/env bash
# Throughput of `vmrescue cat` on a >= 1 GiB fragmented file (with an NTFS
# attribute list) from a raw volume and from a VHDX, compared in the same run
# with ntfs-3g's `ntfscat` on the raw volume and with `cat` of the same bytes
# already in a plain file. Every input is read once first so all runs are
# served from the page cache: the figures compare CPU cost, not the disk.
# Best of N runs (default 3). Output: a table and the ratios to `cat`.
#
# Usage: bench/cat-throughput.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
out=${VMRESCUE_FIXTURES_OUT:-fixtures/out}
bash scripts/build-fixtures.sh hard-frag >/dev/null
cargo build --release -q -p vmrescue
bin=target/release/vmrescue
raw=$out/hard-frag.ntfs
vhdx=$out/hard-frag.vhdx
[ -f "$vhdx" ] || qemu-img convert -f raw -O vhdx "$raw" "$vhdx"
plain=$(mktemp /tmp/vmrescue-bench-frag.XXXXXX)
trap 'rm -f "$plain"' EXIT
ntfscat "$raw" /frag.bin > "$plain"
size=$(stat -c %s "$plain")
for f in "$raw" "$vhdx" "$plain"; do cat "$f" > /dev/null; done

best() { # best wall time in seconds of "$@" > /dev/null over $runs runs
  local b=999999 t s e
  for _ in $(seq "$runs"); do
    s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l); (( $(echo "$t < $b" | bc -l) )) && b=$t
  done
  echo "$b"
}
t_cat=$(best cat "$plain")
t_raw=$(best "$bin" cat "$raw" /frag.bin)
t_vhdx=$(best "$bin" cat "$vhdx" /frag.bin)
t_ntfscat=$(best ntfscat "$raw" /frag.bin)
# Same bytes?
want=$(sha256sum < "$plain" | cut -d' ' -f1)
for src in "$raw" "$vhdx"; do
  got=$("$bin" cat "$src" /frag.bin | sha256sum | cut -d' ' -f1)
  [ "$got" = "$want" ] || { echo "MISMATCH: vmrescue cat $src" >&2; exit 1; }
done
mib=$(echo "$size / 1048576" | bc -l)
printf '%-28s %8s %10s %12s\n' tool seconds MiB/s "vs cat"
row() { printf '%-28s %8.3f %10.0f %11.0f%%\n' "$1" "$2" "$(echo "$mib / $2" | bc -l)" "$(echo "100 * $t_cat / $2" | bc -l)"; }
row "cat (plain file)" "$t_cat"
row "vmrescue cat (raw)" "$t_raw"
row "vmrescue cat (vhdx)" "$t_vhdx"
row "ntfscat (raw)" "$t_ntfscat"
echo "file: /frag.bin, $size bytes; $(grep -i frag "$out/hard-frag.facts.tsv" | tr "\t\n" "= " ); best of $runs runs"
