#!/usr/bin/env bash
# Reading a disk over HTTP, on loopback: nginx (started here on 127.0.0.1 and
# a free port, stopped at the end) serves the hard-frag fixture, a bare NTFS
# volume holding /frag.bin (>= 1 GiB in ~500 fragments). Compared, best of
# RUNS each:
#   - curl of the file's byte ranges (its data runs, from ntfs-3g's ntfsinfo),
#     one request per run over one kept-alive connection;
#   - curl of one contiguous range of the same size (the link's ceiling);
#   - `http_copy URL --file /frag.bin` (crates/http/examples): the whole stack
#     (vmrescue-http, disk, NTFS) copying the file like `vmrescue cat`;
#   - `vmrescue cat URL /frag.bin --stats`, once the CLI accepts URLs
#     (skipped until then, or with BENCH_HTTP_NO_CLI=1).
# Every copy's SHA-256 is checked against ntfscat's; the URL carries a fake
# signature that must never be printed. Output: a table of wall time, MiB/s,
# requests and bytes transferred.
#
# Usage: bench/http.sh [RUNS]       (needs nginx, curl, ntfs-3g, bc)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
out=$(realpath "${VMRESCUE_FIXTURES_OUT:-fixtures/out}")
for tool in nginx curl ntfsinfo ntfscat bc; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "missing: $tool (Debian: nginx curl ntfs-3g bc)" >&2; exit 1; }
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
bash scripts/build-fixtures.sh hard-frag >/dev/null
cargo build --release -q -p vmrescue-http --example http_copy
ex=target/release/examples/http_copy
bin=target/release/vmrescue
if [ -z "${BENCH_HTTP_NO_CLI:-}" ]; then cargo build --release -q -p vmrescue; fi
raw=$out/hard-frag.ntfs

work=$(mktemp -d /tmp/vmrescue-bench-http.XXXXXX)
nginx_pid=
cleanup() {
  if [ -n "$nginx_pid" ]; then kill -TERM "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# nginx on 127.0.0.1 only, with its own prefix, config and logs.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 256; }
http {
    access_log $work/nginx/access.log;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    types { }
    default_type application/octet-stream;
    sendfile on;
    keepalive_requests 100000;
    server { listen 127.0.0.1:$port; root $out; location / { } }
}
EOF
timeout --kill-after=5 3600 "$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
nginx_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.05; done
secret=BENCHSECRETSIGNATURE
url="http://127.0.0.1:$port/hard-frag.ntfs?sv=2022-11-02&sig=$secret"

# The file's data runs as byte ranges of the volume.
cluster=$(ntfsinfo -m "$raw" 2>/dev/null | awk -F: '/Cluster Size/ {gsub(/[^0-9]/, "", $2); print $2; exit}')
cluster=${cluster:-4096}
ntfsinfo -F /frag.bin -v "$raw" 2>/dev/null |
  awk '/^Dumping attribute/ {a=$3} /Runlist:/ {r=1; next} r && /^\t\t\t0x/ {if (a=="$DATA" && $2 ~ /^0x/) print $1, $2, $3; next} {r=0}' |
  sort -u | while read -r vcn lcn len; do echo "$((vcn)) $((lcn)) $((len))"; done | sort -n > "$work/runs"
size=$(ntfscat "$raw" /frag.bin | tee >(sha256sum | cut -d' ' -f1 > "$work/want.sha") | wc -c)
: > "$work/curl.cfg"
total=0
while read -r _ lcn len; do
  first=$((lcn * cluster)); n=$((len * cluster))
  [ $((total + n)) -gt "$size" ] && n=$((size - total))
  [ "$n" -le 0 ] && break
  printf 'url = "%s"\nrange = "%d-%d"\noutput = "/dev/null"\nwrite-out = "%%{size_download}\\n"\nnext\n' \
    "$url" "$first" $((first + n - 1)) >> "$work/curl.cfg"
  total=$((total + n))
done < "$work/runs"
sed -i '$d' "$work/curl.cfg" # no `next` after the last range
nruns=$(grep -c '^range' "$work/curl.cfg")
[ "$total" = "$size" ] || { echo "runs cover $total bytes, the file has $size" >&2; exit 1; }

best() { # best wall time in seconds of "$@" over $runs runs (stdout to /dev/null)
  local b=999999 t s e
  for _ in $(seq "$runs"); do
    s=$(date +%s.%N); "$@" > /dev/null 2>> "$work/stderr"; e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l); (( $(echo "$t < $b" | bc -l) )) && b=$t
  done
  echo "$b"
}
mib=$(echo "$size / 1048576" | bc -l)
rows=()
row() { rows+=("$(printf '%-34s %8.3f %8.0f %9s %14s' "$1" "$2" "$(echo "$mib / $2" | bc -l)" "$3" "$4")"); }

got=$(curl -s -K "$work/curl.cfg" | awk '{s+=$1} END {print s}')
[ "$got" = "$size" ] || { echo "curl fetched $got bytes, expected $size" >&2; exit 1; }
t=$(best curl -s -K "$work/curl.cfg"); row "curl, the file's $nruns ranges" "$t" "$nruns" "$size"
t=$(best curl -s -r "0-$((size - 1))" -o /dev/null "$url"); row "curl, one contiguous range" "$t" 1 "$size"

sha=$("$ex" "$url" --file /frag.bin 2> "$work/ex.err" | sha256sum | cut -d' ' -f1)
[ "$sha" = "$(cat "$work/want.sha")" ] || { echo "MISMATCH: http_copy --file /frag.bin" >&2; cat "$work/ex.err" >&2; exit 1; }
t=$(best "$ex" "$url" --file /frag.bin)
req=$(sed -n 's/.* \([0-9]*\) HTTP requests, \([0-9]*\) bytes.*/\1/p' "$work/ex.err")
byt=$(sed -n 's/.* \([0-9]*\) HTTP requests, \([0-9]*\) bytes.*/\2/p' "$work/ex.err")
row "http_copy --file (vmrescue-http)" "$t" "$req" "$byt"
"$ex" "$url" 0 "$size" 2> "$work/ex2.err" > /dev/null
t=$(best "$ex" "$url" 0 "$size")
req=$(sed -n 's/.* \([0-9]*\) HTTP requests, \([0-9]*\) bytes.*/\1/p' "$work/ex2.err")
byt=$(sed -n 's/.* \([0-9]*\) HTTP requests, \([0-9]*\) bytes.*/\2/p' "$work/ex2.err")
row "http_copy, one contiguous range" "$t" "$req" "$byt"

if [ -z "${BENCH_HTTP_NO_CLI:-}" ] && "$bin" info "$url" > /dev/null 2>&1; then
  sha=$("$bin" cat "$url" /frag.bin | sha256sum | cut -d' ' -f1)
  [ "$sha" = "$(cat "$work/want.sha")" ] || { echo "MISMATCH: vmrescue cat URL /frag.bin" >&2; exit 1; }
  t=$(best "$bin" cat "$url" /frag.bin)
  "$bin" cat "$url" /frag.bin --stats > /dev/null 2> "$work/cli.err" || true
  row "vmrescue cat URL" "$t" "see below" "see below"
  cli_stats=$(cat "$work/cli.err")
else
  cli_stats="vmrescue cat URL: skipped (the CLI does not accept URLs yet, or BENCH_HTTP_NO_CLI is set)"
fi

if grep -rq "$secret" "$work"/*.err "$work/stderr" 2>/dev/null; then
  echo "LEAK: the URL's signature was printed" >&2; exit 1
fi
printf '%-34s %8s %8s %9s %14s\n' tool seconds MiB/s requests bytes
printf '%s\n' "${rows[@]}"
echo "$cli_stats"
echo "file: /frag.bin of $raw, $size bytes in $nruns data runs; nginx on 127.0.0.1:$port; best of $runs runs; $(nproc) cores"
