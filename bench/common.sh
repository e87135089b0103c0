# shellcheck shell=bash
# Shared helpers of bench/diagnose.sh and bench/registry.sh (sourced, not run).
#
# Environment:
#   VMRESCUE_BIN           the vmrescue binary to measure (default: `cargo build --release -p vmrescue`, then
#                          target/release/vmrescue). It is copied to a temporary folder first, so that a rebuild
#                          during the run cannot change what is measured.
#   VMRESCUE_FIXTURES_OUT  fixture folder (default <repo>/fixtures/out)
#   BENCH_VENV             Python venv for the PyPI tools (default <out>/.bench-venv); created and filled from PyPI
#                          (the only network use) when the pinned versions below are missing
#   RUNS                   runs per measurement; the best wall time is reported (default 5)
#   SLOW_RUNS              runs for the Python tools, which take seconds (default 3)

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${VMRESCUE_FIXTURES_OUT:-$BENCH_ROOT/fixtures/out}
BENCH_VENV=${BENCH_VENV:-$OUT/.bench-venv}
RUNS=${RUNS:-5}
SLOW_RUNS=${SLOW_RUNS:-3}
# the PyPI packages compared against, pinned so that figures stay comparable between runs
PY_REQS=("dissect.target==3.25.1" "dissect.fat==3.13" "regipy[cli]==6.5.0")
export LC_ALL=C.UTF-8 TZ=UTC

bench_name=$(basename "$0" .sh)
log() { printf '[%s] %s\n' "$bench_name" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$bench_name" "$*" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vmrescue-bench.XXXXXX")
trap 'rm -rf -- "$WORK"' EXIT
trap 'exit 130' INT TERM

# need_tools TOOL...: fail with the Debian packages to install
need_tools() {
  local t missing=()
  for t in "$@"; do command -v "$t" >/dev/null 2>&1 || missing+=("$t"); done
  ((${#missing[@]} == 0)) || die "missing tools: ${missing[*]} (Debian: apt-get install -y ${missing[*]})"
}

# GNU time for the max RSS: /usr/bin/time (Debian package `time`), installed when missing and we are root
ensure_gnu_time() {
  if [[ ! -x /usr/bin/time ]]; then
    [[ $(id -u) == 0 ]] || die "/usr/bin/time (GNU time) is missing: apt-get install -y time"
    log "installing Debian's GNU time (apt-get install -y time)"
    apt-get install -y -q time >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q time >/dev/null; } ||
      die "cannot install GNU time (apt-get install -y time)"
  fi
  /usr/bin/time -f %M true 2>&1 | grep -qE '^[0-9]+$' || die "/usr/bin/time is not GNU time"
}

# strace counts the bytes each tool reads from the image (optional: without it the column says n/a)
HAVE_STRACE=0
ensure_strace() {
  if ! command -v strace >/dev/null 2>&1 && [[ $(id -u) == 0 ]]; then
    log "installing strace (apt-get install -y strace) to count the bytes the tools read from the image"
    apt-get install -y -q strace >/dev/null 2>&1 || true
  fi
  if command -v strace >/dev/null 2>&1 && strace -f -qq -o /dev/null true 2>/dev/null; then
    HAVE_STRACE=1
  else
    log "note: strace not usable: the bytes read by the Python tools are not counted"
  fi
}

# vmrescue: a private copy of the release binary
VMR=""
ensure_vmrescue() {
  local src=${VMRESCUE_BIN:-}
  if [[ -z $src ]]; then
    need_tools cargo
    log "building vmrescue (cargo build --release -p vmrescue)"
    (cd "$BENCH_ROOT" && cargo build --release -q -p vmrescue) || die "cargo build --release -p vmrescue failed"
    src=$BENCH_ROOT/target/release/vmrescue
  fi
  [[ -x $src ]] || die "vmrescue binary not found at $src"
  cp -p "$src" "$WORK/vmrescue"
  VMR=$WORK/vmrescue
  VMR_VERSION="$("$VMR" --version 2>/dev/null | head -1) (tree $(cd "$BENCH_ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$BENCH_ROOT" && [[ -n $(git status --porcelain --untracked-files=no 2>/dev/null) ]] && echo '+dirty'), binary $(date -u -r "$src" '+%Y-%m-%dT%H:%M:%SZ'))"
}

# The Python tools, in a venv of their own (PyPI only)
PY=""
ensure_venv() {
  need_tools python3
  if [[ ! -x $BENCH_VENV/bin/python ]]; then
    log "creating the venv $BENCH_VENV"
    python3 -m venv "$BENCH_VENV" || die "python3 -m venv failed (Debian: apt-get install -y python3-venv)"
  fi
  PY=$BENCH_VENV/bin/python
  if ! "$PY" - "${PY_REQS[@]}" <<'PY' 2>/dev/null; then
import sys, importlib.metadata as m
for r in sys.argv[1:]:
    name, ver = r.split("==")
    name = name.split("[")[0]
    if m.version(name) != ver:
        sys.exit(1)
PY
    log "installing ${PY_REQS[*]} from PyPI into $BENCH_VENV"
    "$BENCH_VENV/bin/pip" install -q "${PY_REQS[@]}" || die "pip install ${PY_REQS[*]} failed (needs access to PyPI)"
  fi
  PY_VERSIONS=$("$PY" -c 'import importlib.metadata as m; print(", ".join(f"{p} {m.version(p)}" for p in ("dissect.target", "dissect.regf", "dissect.ntfs", "dissect.hypervisor", "regipy")))')
}

# measure NRUNS CMD...: runs CMD (stdout and stderr to $WORK/last.out and last.err) NRUNS times; sets M_WALL (best
# wall time, seconds) and M_RSS (largest max RSS of the runs, KiB). A failing command stops the benchmark.
M_WALL="" M_RSS=""
measure() {
  local n=$1 i t0 t1 best=-1 rss=0 r
  shift
  for ((i = 0; i < n; i++)); do
    t0=$(date +%s%N)
    if ! /usr/bin/time -f %M -o "$WORK/rss" "$@" >"$WORK/last.out" 2>"$WORK/last.err"; then
      tail -5 "$WORK/last.err" >&2
      die "command failed: $*"
    fi
    t1=$(date +%s%N)
    if ((best < 0 || t1 - t0 < best)); then best=$((t1 - t0)); fi
    r=$(tail -1 "$WORK/rss")
    if ((r > rss)); then rss=$r; fi
  done
  M_WALL=$(awk -v ns="$best" 'BEGIN { printf "%.3f", ns / 1e9 }')
  M_RSS=$rss
}

# read_bytes IMAGE CMD...: bytes and read calls of CMD on the file IMAGE (read, pread64, readv, preadv[2] on any
# descriptor of that file, through strace -y), printed as "BYTES CALLS" (or "n/a n/a"); "mmap" is appended when
# the file was mapped (its reads then escape the count)
read_bytes() {
  local img
  img=$(realpath "$1")
  shift
  if ((HAVE_STRACE == 0)); then echo "n/a n/a"; return 0; fi
  strace -f -qq -y -s 0 -e trace=read,pread64,readv,preadv,preadv2,mmap -e signal=none -o "$WORK/strace.log" \
    "$@" >/dev/null 2>&1 || die "command failed under strace: $*"
  python3 - "$img" "$WORK/strace.log" <<'PY'
import re, sys
img, log = sys.argv[1], sys.argv[2]
tag = "<" + img + ">"
reads = {"read", "pread64", "readv", "preadv", "preadv2"}
pending = {}                     # pid -> (syscall, counts?) of an <unfinished ...> call
total = calls = 0
mapped = False
line_re = re.compile(r"^(\d+)\s+(.*)$")
for line in open(log, errors="replace"):
    m = line_re.match(line.rstrip("\n"))
    if not m:
        continue
    pid, rest = m.groups()
    if rest.endswith("<unfinished ...>"):
        name = rest.split("(", 1)[0]
        pending[pid] = (name, tag in rest)
        continue
    r = re.match(r"<\.\.\. (\w+) resumed>.*\)\s+=\s+(-?\d+)", rest)
    if r:
        name, ret = r.group(1), int(r.group(2))
        pname, ours = pending.pop(pid, (name, False))
    else:
        r = re.match(r"(\w+)\((.*)\)\s+=\s+(-?\w+)", rest)
        if not r:
            continue
        name, args, ret = r.group(1), r.group(2), r.group(3)
        ours = tag in args.split(",")[0] or (name == "mmap" and tag in args)
        ret = int(ret, 0) if re.match(r"-?(0x)?[0-9a-f]+$", ret) else -1
    if not ours:
        continue
    if name == "mmap":
        mapped = True
    elif name in reads and ret > 0:
        total += ret
        calls += 1
print(total, calls, "mmap" if mapped else "")
PY
}

# human helpers
mib() { awk -v b="$1" 'BEGIN { if (b == "n/a") print "n/a"; else printf "%.1f MiB", b / 1048576 }'; }
rss_mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0fx", a / b; else print "-" }'; }
