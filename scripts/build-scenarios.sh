#!/usr/bin/env bash
# build-scenarios.sh - build vmrescue's 0xC000021A scenario disks into ${VMRESCUE_FIXTURES_OUT:-fixtures/out}/scenarios.
# A thin wrapper: the builder is the typed Python program scripts/scenarios/build.py (the scenarios themselves are
# data in scripts/scenarios/scenarios.py); scripts/test.sh, scripts/build-example.sh and crates/testkit call this
# path. Usage: scripts/build-scenarios.sh [--force] [NAME...] | --list | --help
set -euo pipefail
exec python3 "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/scenarios/build.py" "$@"
