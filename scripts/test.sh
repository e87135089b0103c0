#!/usr/bin/env bash
# Runs vmrescue's whole test suite on a fresh Debian machine: installs the
# tools the fixture disks are built with and the independent readers the tests
# compare against, then `cargo test --workspace`. The fixture disks are built
# from ../shared/fixtures on first use (scripts/build-fixtures.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: fixture builders (ntfs-3g, fdisk, gdisk, dosfstools, mtools,
# qemu-utils, attr; scenario disks: MinGW-w64 for stand-in PE files, faketime
# for coherent NTFS times) and oracles (libhivex-bin: hivexsh/hivexget/hivexml).
packages=(ntfs-3g fdisk gdisk dosfstools mtools qemu-utils attr libhivex-bin chromium poppler-utils fonts-dejavu-core nginx
  libtesseract-dev libleptonica-dev libclang-dev pkg-config tesseract-ocr-eng tesseract-ocr-swe tesseract-ocr-spa age
  gcc-mingw-w64-x86-64-win32 binutils-mingw-w64-x86-64 libfaketime faketime)
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

# Python oracles used by some tests (installed into the user site; tests skip
# with a message when they are absent).
if [ -f scripts/python-oracles.txt ] && command -v python3 >/dev/null; then
  python3 -m pip install -q --disable-pip-version-check -r scripts/python-oracles.txt || echo "note: Python oracles not installed; the tests that use them will say so"
fi

bash scripts/build-fixtures.sh
bash scripts/build-scenarios.sh
# Tesseract (screenshot OCR) oversubscribes small machines with OpenMP threads.
export OMP_THREAD_LIMIT=1
exec cargo test --workspace --locked --features vmrescue/ocr "$@"
