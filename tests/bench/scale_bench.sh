#!/usr/bin/env bash
# Scale, as an operator meets it: sifd on the embedded default settings with a temporary database,
# a GIAS-style register of SCHOOLS schools imported over POST /v1/schools/import (timed), then
# sifd stopped (once the scheduler has fired what the import made due today) and started again on
# the same file, timed from exec to "ready" (recovery and the scheduler armed; "recovered" counts
# timers that fell due while it was down and fired before ready), with its resident memory once
# ready and after a read of every page of the school listing, the database's size and the timers
# pending (/metrics). The baseline, measured in the same run: the same start on an empty database.
#
#   tests/bench/scale_bench.sh [SIFD] [SCHOOLS...]
#   tests/bench/scale_bench.sh build-x/daemon/sifd 1000 10000 100000
#
# Prints figures; never fails on them (benchmarks are not timed assertions). The register is
# fictional (Oakfield School N, URNs from 500000, above the sample register's); the frameworks are
# the shipped ones, by local authority (Wiltshire, Bristol, Telford & Wrekin, Leicester, Cardiff),
# so each school runs its framework's workflows and timers.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sifd="${1:-build/daemon/sifd}"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
first_urn=500000

tmp="$(mktemp -d /tmp/sif-scale-bench-XXXXXX)"
token="bench-$$-token"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

now() { date +%s.%N; }
rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

# Starts sifd on $1 (a database file); leaves its pid in $pid, its URL in $url, the seconds
# from exec to "ready" in $ready_s and the timers its recovery fired (due while it was down) in
# $recovered.
start() {
  local db="$1" t0
  rm -f "$tmp/out" "$tmp/err"
  t0=$(now)
  SIF_BOOTSTRAP_TOKEN="$token" "$sifd" --listen 127.0.0.1:0 --db "$db" --log-level info >"$tmp/out" 2>"$tmp/err" &
  pid=$!
  for _ in $(seq 1 6000); do grep -q '^ready' "$tmp/out" 2>/dev/null && break; sleep 0.005; done
  ready_s=$(echo "$(now) - $t0" | bc)
  recovered="$(sed -n 's/.*recovery: fired \([0-9]*\) timer.*/\1/p' "$tmp/err" | tail -1)"
  recovered="${recovered:-0}"
  url="http://$(sed -n 's/^listening on //p' "$tmp/out")"
  [ "$url" != "http://" ] || { echo "sifd did not start:"; cat "$tmp/err"; exit 1; }
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }
api() { curl -sf -H "Authorization: Bearer $token" "$@"; }
metric() { api "$url/metrics" | awk -v m="$1" '$1 == m {print $2}'; }

start "$tmp/empty.db"
base_ready="$ready_s"
base_rss="$(rss_mb "$pid")"
stop
echo "sifd $("$sifd" --version 2>/dev/null | head -1) on $(nproc) cores"
echo "baseline, an empty database: ready in $(printf '%.3f' "$base_ready") s, RSS $base_rss MB"
printf '%9s %10s %8s %9s %10s %9s %8s %12s %7s\n' schools "import s" "rows/s" "timers" "recovered" "ready s" "RSS MB" "RSS read MB" "db MB"

for n in "${sizes[@]}"; do
  db="$tmp/sif-$n.db"
  rm -f "$tmp"/register-*.csv
  python3 "$here/gias_register.py" "$tmp" "$n" "$first_urn" --spread
  start "$db"
  t0=$(now)
  for f in "$tmp"/register-*.csv; do
    api -o /dev/null -X POST -H 'Content-Type: text/csv' --data-binary @"$f" "$url/v1/schools/import" ||
      { echo "import of $f failed"; exit 1; }
  done
  import_s=$(echo "$(now) - $t0" | bc)
  # Let the scheduler fire what the import made due today (the start's own catch-up otherwise).
  for _ in $(seq 1 600); do
    [ "$(metric sif_timers_pending)" = "$(sleep 0.5; metric sif_timers_pending)" ] && break
  done
  stop
  start "$db"
  ready="$ready_s"
  fired_up="$recovered"
  rss="$(rss_mb "$pid")"
  timers="$(metric sif_timers_pending)"
  # Every page of the listing once (100 a page), as the console's register view would.
  offset=0
  while [ "$offset" -lt "$n" ]; do
    api -o /dev/null "$url/v1/schools?limit=100&offset=$offset" || break
    offset=$((offset + 100))
  done
  rss_read="$(rss_mb "$pid")"
  stop
  db_mb=$(du -m "$db" | cut -f1)
  printf '%9s %10.1f %8.0f %9s %10s %9.3f %8s %12s %7s\n' "$n" "$import_s" "$(echo "$n / $import_s" | bc -l)" \
    "$timers" "$fired_up" "$ready" "$rss" "$rss_read" "$db_mb"
  rm -f "$db" "$db"-wal "$db"-shm
done
