#!/usr/bin/env bash
# Runs vmrescue's whole test suite on a fresh Debian machine, as root: installs the tools the fixture disks are
# built with and the independent readers the tests compare against (Debian packages, and the Python oracles in a
# virtual environment), unpacks the repository's real fixtures (fixtures/real), builds the fixture and scenario
# disks from them, then runs `cargo test --workspace` and ends with one summary line:
#   summary: N passed, N failed, N skipped
# A test that cannot run prints a line starting with `SKIPPED:` (collected in target/test-skips.log and listed
# before the summary). With CI=true every skip is a failure, and so is a missing Python oracle. A fixture build
# that fails stops the run with an error. Extra arguments go to `cargo test` (e.g. `-p vmrescue-registry`).
# The larger fixture set with the GPL-licensed and unlicensed files is read from ../shared/fixtures, or from
# VMRESCUE_FIXTURES=DIR (or VMRESCUE_SHARED=DIR, its parent); without it the tests that need it say SKIPPED.
set -euo pipefail
cd "$(dirname "$0")/.."
CI=${CI:-}
export CI

# Debian packages: fixture builders (ntfs-3g, fdisk, gdisk, dosfstools, mtools, qemu-utils, attr, xz-utils;
# scenario disks: MinGW-w64 for stand-in PE files, faketime for coherent NTFS times) and oracles (libhivex-bin:
# hivexsh/hivexget/hivexml; tar + zstd; age; chromium + poppler-utils for the HTML report; nginx for HTTP).
packages=(ntfs-3g fdisk gdisk dosfstools mtools qemu-utils attr xz-utils zstd tar libhivex-bin chromium poppler-utils
  fonts-dejavu-core nginx libtesseract-dev libleptonica-dev libclang-dev pkg-config tesseract-ocr-eng
  tesseract-ocr-swe tesseract-ocr-spa age openssh-client gcc-mingw-w64-x86-64-win32 binutils-mingw-w64-x86-64
  libfaketime faketime python3-venv man-db dpkg-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then
    echo "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "missing Debian packages (install them as root): ${missing[*]}" >&2
    exit 1
  fi
fi

# Python oracles (scripts/python-oracles.txt) in a virtual environment of their own, never the system Python.
venv=$PWD/target/oracles-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
  rm -rf "$venv"
  mkdir -p target
  python3 -m venv "$venv" || echo "note: could not make a Python virtual environment at $venv" >&2
fi
if [ -x "$venv/bin/python" ]; then
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r scripts/python-oracles.txt ||
    echo "note: the Python oracles did not install; the tests that use them will say SKIPPED" >&2
fi
if [ "$CI" = true ] && ! "$venv/bin/python" -c 'import kdmp_parser' 2>/dev/null; then
  echo "CI=true: the Python oracles (scripts/python-oracles.txt) are required and did not install" >&2
  exit 1
fi
export VMRESCUE_PYTHON=$venv/bin/python

# Test material: the repository's own real fixtures, then the disks built from them (a failure stops here).
bash scripts/unpack-fixtures.sh >/dev/null
bash scripts/build-fixtures.sh
# The scenario builder checks its PE files and dumps with pefile and kdmp-parser when they import: the oracles' venv.
PATH=$venv/bin:$PATH bash scripts/build-scenarios.sh

# Tesseract (screenshot OCR) oversubscribes small machines with OpenMP threads.
export OMP_THREAD_LIMIT=1
mkdir -p target
export VMRESCUE_SKIP_LOG=$PWD/target/test-skips.log
: >"$VMRESCUE_SKIP_LOG"
log=$PWD/target/test-output.log
set +e
cargo test --workspace --locked --features vmrescue/ocr "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e

# Summary: cargo's per-binary counts added up; skipped tests (counted as passed by cargo) shown apart.
read -r passed failed ignored < <(awk '/^test result:/ {
    for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^ignored/) g += $i }
  } END { print p + 0, f + 0, g + 0 }' "$log")
skipped=$(grep -c '^SKIPPED:' "$VMRESCUE_SKIP_LOG" || true)
if ((skipped)); then
  echo
  echo "Skipped tests ($skipped), grouped by what they miss (each test printed its own SKIPPED: line above):"
  # One line per missing collection (yarp, nt-hive, rizin, ImHex: GPL or unlicensed, ../shared only), else the reason.
  awk '{
      test = $2; sub(/:$/, "", test)
      rest = $0; sub(/^SKIPPED: [^:]*: /, "", rest)
      if (match(rest, /[A-Za-z0-9-]+__/)) { key = "need " substr(rest, RSTART, RLENGTH - 2) " material (GPL-licensed or unlicensed: set VMRESCUE_FIXTURES or put ../shared beside the repository)" }
      else { key = "skipped: " rest }
      if (!(key in n)) order[++k] = key
      n[key]++; names[key] = names[key] (n[key] > 1 ? ", " : "") test
    } END { for (i = 1; i <= k; i++) printf "  SKIPPED: %d test(s) %s: %s\n", n[order[i]], order[i], names[order[i]] }' "$VMRESCUE_SKIP_LOG"
fi
echo
echo "ran $((passed + failed)) tests ($ignored ignored); $((passed - skipped)) passed fully, $skipped skipped for missing material"
echo "summary: $((passed - skipped)) passed, $failed failed, $skipped skipped"
if [ "$CI" = true ] && ((skipped)); then
  echo "CI=true: $skipped test(s) skipped; every test must run in CI" >&2
  exit 1
fi
if ((rc == 0 && passed + failed == 0)); then
  echo "no test ran" >&2
  exit 1
fi
exit "$rc"
