#!/usr/bin/env bash
# Decode time and peak RSS of the crash-dump library on a multi-GiB sparse
# synthesized dump (header + bug check + 0xC000021A Arg1 string through a
# 2 MiB page), side by side with the PyPI kdmp-parser bindings on the same file.
#
#   bench/dump-decode.sh [GIB] [bitmap|full]     (default: 64 bitmap)
#
# Needs: cargo; /usr/bin/time (GNU time) for RSS; python3 with kdmp-parser for
# the comparison (skipped when missing). The dump file is sparse: a few pages
# of disk whatever its size. Uses the release profile.
set -euo pipefail
GIB="${1:-64}"
KIND="${2:-bitmap}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
DUMP="$WORK/bench-${GIB}g-${KIND}.dmp"

cd "$ROOT"
cargo build --release -q -p vmrescue-dump-synth --example synth-dump
cargo build --release -q -p vmrescue-dump --example dump-info
"$ROOT/target/release/examples/synth-dump" "$DUMP" "$GIB" "$KIND"
echo "file: $DUMP ($(du -h --apparent-size "$DUMP" | cut -f1) apparent, $(du -h "$DUMP" | cut -f1) on disk)"

TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
  echo "GNU time not found (apt-get install time); timing without RSS"
  TIME=""
fi

run() {
  local label="$1"; shift
  if [ -n "$TIME" ]; then
    "$TIME" -f "$label: %e s wall, %M KiB max RSS" "$@"
  else
    local t0; t0=$(date +%s.%N); "$@"; echo "$label: $(echo "$(date +%s.%N) - $t0" | bc) s wall"
  fi
}

echo "== vmrescue-dump (release)"
run "vmrescue-dump" "$ROOT/target/release/examples/dump-info" "$DUMP"

if python3 -c 'import kdmp_parser' 2>/dev/null; then
  echo "== PyPI kdmp-parser $(python3 -c 'import importlib.metadata as m; print(m.version("kdmp-parser"))')"
  run "kdmp-parser (python)" python3 - "$DUMP" <<'PY'
import sys, kdmp_parser
d = kdmp_parser.KernelDumpParser(sys.argv[1])
h = d.header
p = [int(x) for x in h.BugCheckCodeParameter]
page = d.read_virtual_page(p[0] & ~0xFFF)
off = p[0] & 0xFFF
s = page[off:off + 16]
length = int.from_bytes(s[0:2], "little")
buf = int.from_bytes(s[8:16], "little")
text = d.read_virtual_page(buf & ~0xFFF)[buf & 0xFFF:(buf & 0xFFF) + length].decode("utf-16-le")
print(f"bugcheck {h.BugCheckCode:#x} params {[hex(x) for x in p]} arg1 {text!r}")
PY
else
  echo "== PyPI kdmp-parser not installed (pip install kdmp-parser): comparison skipped"
fi
