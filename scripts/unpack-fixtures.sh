#!/usr/bin/env bash
# unpack-fixtures.sh - decompress the repository's own real fixtures (fixtures/real/*.xz, permissively licensed
# files made by real Windows systems; see fixtures/real/PROVENANCE.md) into
# ${VMRESCUE_FIXTURES_OUT:-<repo>/fixtures/out}/real, with the same layout as ../shared/fixtures, and check every
# file against fixtures/real/SHA256SUMS. Idempotent: does nothing when the unpacked copy is current (its stamp holds
# the SHA-256 of SHA256SUMS). Needs xz (Debian xz-utils) and sha256sum. Prints the folder on stdout.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SRC=$REPO/fixtures/real
OUT=${VMRESCUE_FIXTURES_OUT:-$REPO/fixtures/out}
DEST=$OUT/real
die() { printf '[unpack-fixtures] ERROR: %s\n' "$*" >&2; exit 1; }

[[ -f $SRC/SHA256SUMS ]] || die "$SRC/SHA256SUMS is missing: the repository's fixture list"
command -v xz >/dev/null || die "xz is missing (apt-get install xz-utils)"
want=$(sha256sum <"$SRC/SHA256SUMS" | cut -c1-64)
if [[ -f $DEST/.stamp && $(cat "$DEST/.stamp") == "$want" ]]; then
  echo "$DEST"
  exit 0
fi
rm -rf "$DEST.tmp"
mkdir -p "$DEST.tmp"
while read -r _ rel; do
  [[ -f $SRC/$rel.xz ]] || die "$SRC/$rel.xz is missing (listed in SHA256SUMS)"
  mkdir -p "$DEST.tmp/$(dirname "$rel")"
  xz -dc "$SRC/$rel.xz" >"$DEST.tmp/$rel" || die "$SRC/$rel.xz does not decompress"
done <"$SRC/SHA256SUMS"
(cd "$DEST.tmp" && sha256sum -c --quiet "$SRC/SHA256SUMS") >&2 ||
  die "an unpacked fixture does not match fixtures/real/SHA256SUMS"
printf '%s\n' "$want" >"$DEST.tmp/.stamp"
rm -rf "$DEST"
mv "$DEST.tmp" "$DEST"
echo "$DEST"
