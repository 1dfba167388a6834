#!/usr/bin/env bash
# The HTTP benchmark, as an operator would run it: sifd on the embedded default settings with a
# temporary database, a GIAS-style register of SCHOOLS schools imported over the API, then wrk
# (Debian's; scripts/setup.sh installs it) on loopback with keep-alive connections:
#   GET /healthz (the baseline: no storage), GET /v1/schools/{id}, POST /v1/schools/{id}/events
# (as fast as it goes, then paced at about 1,000 a second for the acknowledgement latency),
# each for DURATION, printing requests/s, latency percentiles and the ratio to /healthz.
#
#   tests/bench/http_bench.sh [SIFD] [SCHOOLS] [DURATION] [CONNECTIONS]
#   tests/bench/http_bench.sh build-srv/daemon/sifd 10000 10s 16
#
# Prints figures; never fails on them (benchmarks are not timed assertions).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sifd="${1:-build/daemon/sifd}"
schools="${2:-10000}"
duration="${3:-10s}"
conns="${4:-16}"
threads="${WRK_THREADS:-2}"
first_urn=500000  # above the sample register's URNs (1xxxxx, 9xxxxxx), so 100,000 fit
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk; scripts/setup.sh)"; exit 1; }

tmp="$(mktemp -d /tmp/sif-http-bench-XXXXXX)"
token="bench-$$-token"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

# The register, as GIAS publishes it (the columns sif reads among others it ignores).
python3 "$here/gias_register.py" "$tmp" "$schools" "$first_urn"

SIF_BOOTSTRAP_TOKEN="$token" "$sifd" --listen 127.0.0.1:0 --db "$tmp/sif.db" --log-level warn >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 1 200); do grep -q '^ready' "$tmp/out" 2>/dev/null && break; sleep 0.05; done
addr="$(sed -n 's/^listening on //p' "$tmp/out")"
[ -n "$addr" ] || { echo "sifd did not start:"; cat "$tmp/err"; exit 1; }
url="http://$addr"

t0=$(date +%s.%N)
for f in "$tmp"/register-*.csv; do
  curl -sf -o /dev/null -X POST -H "Authorization: Bearer $token" -H 'Content-Type: text/csv' \
    --data-binary @"$f" "$url/v1/schools/import" || { echo "import of $f failed"; exit 1; }
done
t1=$(date +%s.%N)
echo "sifd $("$sifd" --version 2>/dev/null | head -1) on $(nproc) cores; $schools schools imported in $(echo "$t1 - $t0" | bc) s"
echo "wrk: $threads threads, $conns keep-alive connections, $duration each"

run() {  # name, then wrk's arguments; prints "name  req/s  p50  p99" and leaves req/s in $rate
  local name="$1"; shift
  local out
  out="$(TOKEN="$token" SCHOOLS="$schools" FIRST_URN="$first_urn" wrk -t"$threads" -c"$conns" -d"$duration" --latency "$@")"
  rate="$(echo "$out" | awk '/^Requests\/sec/ {print $2}')"
  local p50 p99 bad
  p50="$(echo "$out" | awk '$1 == "50%" {print $2}')"
  p99="$(echo "$out" | awk '$1 == "99%" {print $2}')"
  bad="$(echo "$out" | awk -F': ' '/^non-2xx or errors/ {print $2}')"
  printf '%-32s %10s req/s   p50 %-9s p99 %-9s errors %s\n' "$name" "$rate" "$p50" "$p99" "${bad:-0}"
}
ratio() { echo "scale=3; $1 / $2" | bc; }

run "GET /healthz (baseline)" "$url/healthz"; healthz="$rate"
run "GET /v1/schools/{id}" -s "$here/http_get_school.lua" "$url"; get="$rate"
run "POST /v1/schools/{id}/events" -s "$here/http_post_events.lua" "$url"; post="$rate"
run "GET /healthz (after)" "$url/healthz"; healthz2="$rate"
# The acknowledgement latency at about 1,000 events/s (12 connections, each waiting 10 ms after an answer).
PACE_MS=10 threads=2 conns=12 run "POST at ~1,000/s (paced)" -s "$here/http_post_events.lua" "$url"
echo "GET school / healthz:  $(ratio "$get" "$healthz")"
echo "POST event / healthz:  $(ratio "$post" "$healthz")"
