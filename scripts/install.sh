#!/usr/bin/env bash
# Installs vmrescue with screenshot OCR: the Debian packages Tesseract needs
# (when run as root on Debian/Ubuntu), then `cargo install` of the binary.
# Without root or apt, it installs vmrescue without the `ocr` feature.
set -euo pipefail
cd "$(dirname "$0")/.."
ocr_packages=(libtesseract-dev libleptonica-dev libclang-dev pkg-config tesseract-ocr-eng tesseract-ocr-swe tesseract-ocr-spa)
features=()
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  missing=()
  for p in "${ocr_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]})); then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  features=(--features ocr)
else
  echo "note: not root or no apt-get: installing without screenshot OCR (the ocr feature)" >&2
fi
cargo install --locked --path crates/vmrescue "${features[@]}"
