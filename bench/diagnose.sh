#!/usr/bin/env bash
# diagnose.sh - issue 5 item 7 "Speed": `vmrescue diagnose` on a 127 GiB sparse VHDX holding the fixture Windows
# (bench/make-127g.sh: the failed-update scenario's Windows), side by side, in the same run and on the same file,
# with PyPI's dissect.target (`target-query`) extracting comparable facts:
#
#   vmrescue diagnose IMAGE --format json --stats   stop code (dump, System.evtx), the four causes with their
#                                                  evidence (evtx, pending.xml, CBS, PE versions of the system
#                                                  binaries, services, credential providers, Winlogon, restore
#                                                  anomalies), dump readiness (registry, BCD, free space)
#   target-query -f os,hostname,version,ntversion,install_date,timezone,activity,domain IMAGE          (text facts)
#   target-query -f users,services,sessionmanager,knowndlls,filerenameop,appinit,runkeys,evtx IMAGE   (records)
#     target-query cannot mix text and record functions in one run, so it runs twice; the "dissect.target total"
#     row is the sum of the two. A third row does both in one Python process through dissect.target's API
#     (one start-up, one open of the image).
#
# Targets (issue 5): vmrescue diagnose < 1 s wall and < 64 MiB read from the image.
# Columns: best wall time of RUNS runs (vmrescue; default 5) or SLOW_RUNS runs (Python tools; default 3), all
# with a warm page cache (every input is read once first); bytes read from the image (vmrescue: its own --stats
# count, and the read/pread64 calls on the image seen by strace; Python tools: strace); largest max RSS of the runs
# (GNU time). vmrescue also runs on the 151 MiB scenario VHDX holding the same Windows, to show that time, reads
# and memory do not grow with the disk.
#
# Usage: bench/diagnose.sh        (environment: see bench/common.sh - VMRESCUE_BIN, RUNS, SLOW_RUNS, BENCH_VENV)
# Needs: GNU time (installed when missing), python3 with venv, strace (optional), network access to PyPI the
# first time only (dissect.target, dissect.fat, regipy pinned in bench/common.sh). Builds the 127 GiB VHDX with
# bench/make-127g.sh when missing (root, ntfs-3g; ~15 s).
set -euo pipefail
source "$(dirname "$0")/common.sh"

need_tools awk python3 realpath
ensure_gnu_time
ensure_strace
bash "$BENCH_ROOT/bench/make-127g.sh"
IMG=$(realpath "$OUT/bench-127g.vhdx")
SMALL=$(realpath "$OUT/scenarios/scenario-failed-update.vhdx")
ensure_vmrescue
ensure_venv
TQ=$BENCH_VENV/bin/target-query
TEXT_F=os,hostname,version,ntversion,install_date,timezone,activity,domain
REC_F=users,services,sessionmanager,knowndlls,filerenameop,appinit,runkeys,evtx

cat >"$WORK/dissect_api.py" <<'PY'
import sys, time, collections
t0 = time.perf_counter()
from dissect.target import Target
path, text_funcs, rec_funcs = sys.argv[1], sys.argv[2].split(","), sys.argv[3].split(",")
t = Target.open(path)
t.apply()
facts, counts, errors = {}, collections.Counter(), {}
for f in text_funcs:
    try:
        v = getattr(t, f)
        facts[f] = str(v() if callable(v) else v)
    except Exception as e:
        errors[f] = type(e).__name__
for f in rec_funcs:
    try:
        for _ in getattr(t, f)():
            counts[f] += 1
    except Exception as e:
        errors[f] = type(e).__name__
print("facts:", facts)
print("records:", dict(counts))
print("not available:", errors)
PY

# warm the page cache: every tool once (this also checks that each of them works on the image)
log "warm-up run of each tool"
for f in "$IMG" "$SMALL"; do cat "$f" >/dev/null; done
measure 1 "$VMR" diagnose "$IMG" --format json --stats
cp "$WORK/last.out" "$WORK/diagnosis.json"
VMR_STATS=$(grep -o 'Read [0-9]* bytes from the source in [0-9]* requests' "$WORK/last.err" | tail -1 || true)
[[ -n $VMR_STATS ]] || die "vmrescue diagnose --stats printed no 'Read N bytes from the source in M requests' line: $(tail -3 "$WORK/last.err")"
measure 1 "$VMR" diagnose "$SMALL" --format json --stats
VMR_STATS_SMALL=$(grep -o 'Read [0-9]* bytes from the source in [0-9]* requests' "$WORK/last.err" | tail -1)
measure 1 "$TQ" -q -f "$TEXT_F" "$IMG"
cp "$WORK/last.out" "$WORK/tq-text.out"
measure 1 "$PY" "$WORK/dissect_api.py" "$IMG" "$TEXT_F" "$REC_F"
cp "$WORK/last.out" "$WORK/api.out"

# what vmrescue found (the VHDX holds the failed-update scenario: 0xC000021A, failed_update high, first)
python3 - "$WORK/diagnosis.json" >"$WORK/summary.txt" <<'PY' || die "vmrescue diagnose did not give the failed-update scenario's result: $(cat "$WORK/summary.txt")"
import json, sys
d = json.load(open(sys.argv[1]))
causes = ", ".join(f"{c['id']}={c['likelihood']}" for c in d["causes"])
print(f"stop_code {d['stop_code']} ({d['stop_name']}); causes: {causes}; {len(d.get('evidence', []))} evidence facts")
ok = d["stop_code"] == "0xC000021A" and d["causes"][0]["id"] == "failed_update" and d["causes"][0]["likelihood"] == "high"
sys.exit(0 if ok else 1)
PY

# ---------------------------------------------------------------------------------------------------------------
ROWS=()
row() { ROWS+=("$(printf '%s\t%s\t%s\t%s\t%s\t%s' "$@")"); }   # tool, wall, bytes, calls, rss, note

log "vmrescue diagnose (127 GiB VHDX), $RUNS runs"
measure "$RUNS" "$VMR" diagnose "$IMG" --format json --stats
V_WALL=$M_WALL V_RSS=$M_RSS
V_BYTES=$(awk '{print $2}' <<<"$VMR_STATS") V_REQ=$(awk '{print $8}' <<<"$VMR_STATS")
read -r V_SB V_SC _ < <(read_bytes "$IMG" "$VMR" diagnose "$IMG" --format json)
row "vmrescue diagnose --format json" "$V_WALL" "$V_BYTES" "$V_REQ" "$V_RSS" "--stats; strace: $(mib "$V_SB") in $V_SC calls"

log "vmrescue diagnose (151 MiB scenario VHDX, same Windows), $RUNS runs"
measure "$RUNS" "$VMR" diagnose "$SMALL" --format json --stats
S_RSS=$M_RSS
row "vmrescue diagnose, 151 MiB disk" "$M_WALL" "$(awk '{print $2}' <<<"$VMR_STATS_SMALL")" "$(awk '{print $8}' <<<"$VMR_STATS_SMALL")" "$M_RSS" "same Windows on the small scenario disk"

log "dissect.target target-query (text facts), $SLOW_RUNS runs"
measure "$SLOW_RUNS" "$TQ" -q -f "$TEXT_F" "$IMG"
D1_WALL=$M_WALL D1_RSS=$M_RSS
read -r D1_B D1_C D1_M < <(read_bytes "$IMG" "$TQ" -q -f "$TEXT_F" "$IMG")
row "target-query -f $TEXT_F" "$D1_WALL" "$D1_B" "$D1_C" "$D1_RSS" "$D1_M"

log "dissect.target target-query (records), $SLOW_RUNS runs"
measure "$SLOW_RUNS" "$TQ" -q -f "$REC_F" "$IMG"
D2_WALL=$M_WALL D2_RSS=$M_RSS
read -r D2_B D2_C D2_M < <(read_bytes "$IMG" "$TQ" -q -f "$REC_F" "$IMG")
row "target-query -f $REC_F" "$D2_WALL" "$D2_B" "$D2_C" "$D2_RSS" "$D2_M"
DT_WALL=$(awk -v a="$D1_WALL" -v b="$D2_WALL" 'BEGIN { printf "%.3f", a + b }')
DT_B=$(awk -v a="$D1_B" -v b="$D2_B" 'BEGIN { if (a == "n/a") print "n/a"; else print a + b }')
DT_C=$(awk -v a="$D1_C" -v b="$D2_C" 'BEGIN { if (a == "n/a") print "n/a"; else print a + b }')
row "dissect.target total (both target-query runs)" "$DT_WALL" "$DT_B" "$DT_C" "$((D1_RSS > D2_RSS ? D1_RSS : D2_RSS))" "sum of the two rows above"

log "dissect.target API, one process, $SLOW_RUNS runs"
measure "$SLOW_RUNS" "$PY" "$WORK/dissect_api.py" "$IMG" "$TEXT_F" "$REC_F"
DA_WALL=$M_WALL
read -r DA_B DA_C DA_M < <(read_bytes "$IMG" "$PY" "$WORK/dissect_api.py" "$IMG" "$TEXT_F" "$REC_F")
row "dissect.target API (same functions, one process)" "$DA_WALL" "$DA_B" "$DA_C" "$M_RSS" "$DA_M"

# ---------------------------------------------------------------------------------------------------------------
echo
echo "== vmrescue diagnose vs dissect.target on a 127 GiB sparse VHDX ($(du -h "$IMG" | cut -f1) on disk) holding the fixture Windows (failed-update scenario)"
echo "   $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); warm page cache; best of $RUNS (vmrescue) / $SLOW_RUNS (Python) runs"
echo "   $VMR_VERSION; $PY_VERSIONS"
echo
{
  printf 'tool\twall (best)\tread from image\tread calls\tmax RSS\tvs vmrescue\tnote\n'
  for r in "${ROWS[@]}"; do
    IFS=$'\t' read -r tool wall bytes calls rss note <<<"$r"
    printf '%s\t%s s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$wall" "$(mib "$bytes")" "$calls" "$(rss_mib "$rss")" \
      "$(ratio "$wall" "$V_WALL")" "$note"
  done
} | column -t -s $'\t'
echo
echo "vmrescue found: $(cat "$WORK/summary.txt")"
echo "dissect.target found (API run): $(tr '\n' ' ' <"$WORK/api.out")"
echo
pass() { if awk "BEGIN { exit !($1) }"; then echo "MET"; else echo "MISSED"; fi; }
echo "target: vmrescue diagnose < 1 s wall            : $V_WALL s  -> $(pass "$V_WALL < 1")"
echo "target: vmrescue diagnose < 64 MiB from the image: $(mib "$V_BYTES") ($V_BYTES bytes, $V_REQ requests)  -> $(pass "$V_BYTES < 64 * 1048576")"
echo "memory: vmrescue diagnose max RSS $(rss_mib "$V_RSS") on the 127 GiB disk vs $(rss_mib "$S_RSS") on the 151 MiB disk with the same Windows -> $(pass "$V_RSS <= 1.1 * $S_RSS && $V_RSS >= 0.9 * $S_RSS" | sed 's/MET/flat/; s/MISSED/NOT flat/')"
echo "speed-up over dissect.target: $(ratio "$DT_WALL" "$V_WALL") (two target-query runs), $(ratio "$DA_WALL" "$V_WALL") (API, one process)"
