#!/usr/bin/env bash
# build-example.sh - build the example disk the README's first command diagnoses:
# examples/broken-vm-0xc000021a.qcow2, a small Gen2 Windows OS disk that stopped with 0xC000021A because a
# cumulative update failed during boot-time servicing. It is the `failed-update` scenario disk of
# scripts/build-scenarios.sh (real permissively licensed Windows data from fixtures/real; a kernel memory dump
# written by the project's own dump synthesizer; stand-in PE files made with MinGW-w64; see that script's header),
# converted with `qemu-img convert -c -O qcow2` and checked with `qemu-img compare`. Writes
# examples/broken-vm-0xc000021a.manifest.tsv and examples/PROVENANCE.md beside it. Run as root (FUSE mounts).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EX=$REPO/examples
NAME=broken-vm-0xc000021a
die() { printf '[build-example] ERROR: %s\n' "$*" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Built apart from the test scenarios (own output folder), with a page file of zeros instead of pseudo-random
# bytes so that the committed file stays a few MB.
mkdir -p "$tmp/out"
VMRESCUE_FIXTURES_OUT=$tmp/out SCENARIO_PAGEFILE=zeros bash "$REPO/scripts/build-scenarios.sh" failed-update
raw=$tmp/out/scenarios/scenario-failed-update.raw
[[ -f $raw ]] || die "$raw was not built"
qemu-img convert -c -f raw -O qcow2 -o compression_type=zlib "$raw" "$tmp/$NAME.qcow2"
qemu-img compare -q -f raw -F qcow2 "$raw" "$tmp/$NAME.qcow2" || die "qemu-img compare: the qcow2 differs from $raw"
cp "$tmp/out/scenarios/scenario-failed-update.manifest.tsv" "$EX/$NAME.manifest.tsv"
mv "$tmp/$NAME.qcow2" "$EX/$NAME.qcow2"
size=$(stat -c %s "$EX/$NAME.qcow2")
vsize=$(stat -c %s "$raw")
{
  cat <<EOF
# examples/ - provenance

\`$NAME.qcow2\` ($size bytes; virtual size $vsize bytes) is a small Generation 2 (UEFI/GPT) Windows 10 OS
disk that no longer boots: stop error **0xC000021A** (STATUS_SYSTEM_PROCESS_TERMINATED; csrss.exe, "Windows
SubSystem", died with 0xC0000142 STATUS_DLL_INIT_FAILED) 82 seconds after boot-time servicing of a cumulative
update failed (CBS_E_INSTALLERS_FAILED, 0x800f0922). Its page file holds zeros (the test scenario's holds
pseudo-random bytes); everything else is as in the test scenario. It is the \`failed-update\` scenario disk of
\`scripts/build-scenarios.sh\`, rebuilt with \`scripts/build-example.sh\`, which converted it with
\`qemu-img convert -c -O qcow2\` and checked it with \`qemu-img compare\`.

It is not a bootable Windows. What is real and what is synthetic (the scenario builder's header says it in full):

* **Real**, byte for byte, from public repositories under permissive licences (the repository's copies are in
  \`fixtures/real\`, with their provenance in \`fixtures/real/PROVENANCE.md\`): the BCD store, SYSTEM (with its
  .LOG1/.LOG2) and SAM hives (regipy, MIT), System.evtx, Setup.evtx and Application.evtx (DFIRArtifactMuseum,
  MIT).
* **Synthetic**: \`Windows\\MEMORY.DMP\`, a kernel memory dump of bug check 0xC000021A written by the project's own
  dump synthesizer (\`crates/dump-synth\`); the SOFTWARE hive (built with hivexsh); pending.xml and CBS.log (in the
  format Windows writes them); the Windows binaries, which are stand-in PE files built with MinGW-w64 carrying a
  version resource (no Microsoft code); page file contents.

\`$NAME.manifest.tsv\` lists every file on the disk with its size and SHA-256.

\`example-gen2.qcow2\` is an older, healthy-looking example disk used by the NTFS corruption tests; its provenance
is in \`example-gen2.PROVENANCE.md\`.
EOF
} >"$EX/PROVENANCE.md"
echo "[build-example] $EX/$NAME.qcow2: $size bytes"
