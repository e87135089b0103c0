#!/usr/bin/env bash
# Time to read one boot-diagnostics screenshot with vmrescue-screen (decode,
# preprocess, Tesseract OCR, parse): the whole process, Tesseract start-up
# included, best of N runs, for every screenshot in the fixtures (or the files
# given). Two columns: with OMP_THREAD_LIMIT=1 (how vmrescue runs Tesseract)
# and with libtesseract's default OpenMP threading, which oversubscribes a
# small busy machine. Target: < 1 s on 2 cores.
#
# Needs the Debian packages libtesseract-dev libleptonica-dev libclang-dev
# tesseract-ocr-eng tesseract-ocr-swe tesseract-ocr-spa, and bc.
#
# Usage: bench/screenshot.sh [RUNS] [SCREENSHOT...]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
shift || true
shots=${VMRESCUE_SHARED:-../shared}/fixtures/screenshots
if (($#)); then files=("$@"); else files=("$shots"/*); fi
cargo build --release -q -p vmrescue-screen --features ocr --example read-screen
bin=target/release/examples/read-screen

best() { # best wall time in seconds of "$@" over $runs runs
  local b=999999 t s e
  for _ in $(seq "$runs"); do
    s=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l); (($(echo "$t < $b" | bc -l))) && b=$t
  done
  echo "$b"
}

echo "cores: $(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg), runs: $runs"
printf '%-24s %-9s %-22s %10s %10s  %s\n' screen size code "limit=1 s" "default s" file
worst=0
for f in "${files[@]}"; do
  line=$(env OMP_THREAD_LIMIT=1 "$bin" "$f" 2>&1 >/dev/null | tail -1)
  kind=$(sed -n 's/.*: Some(\([A-Za-z]*\)).*/\1/p' <<<"$line")
  code=$(sed -n 's/.*stop=Some("\([^"]*\)").*/\1/p' <<<"$line")
  [ -n "$code" ] || code=$(sed -n 's/.*status=Some("\([^"]*\)").*/\1/p' <<<"$line")
  size=$(file -b "$f" | grep -o '[0-9]\+ *x *[0-9]\+' | tail -1 | tr -d ' ')
  t1=$(best env OMP_THREAD_LIMIT=1 "$bin" "$f")
  t0=$(best env -u OMP_THREAD_LIMIT VMRESCUE_NO_REEXEC=1 "$bin" "$f")
  (($(echo "$t1 > $worst" | bc -l))) && worst=$t1
  printf '%-24s %-9s %-22s %10.3f %10.3f  %s\n' "${kind:-?}" "${size:-?}" "${code:--}" "$t1" "$t0" "$(basename "$f")"
done
printf 'slowest with OMP_THREAD_LIMIT=1: %.3f s (target < 1 s)\n' "$worst"
