#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang, replays every saved crash
# (tests/fuzz/regressions/<target>/), then fuzzes each target for a while. Fails when any target
# crashes, leaks, trips a sanitizer or an oracle, or times out on an input.
# docs/operations.md, "Fuzzing", says how to run it for hours and what to do with a crash.
#
# Usage: scripts/fuzz.sh [-t SECONDS] [-j PARALLEL] [target...]
#   -t   seconds per target (default 20: the short form scripts/test.sh runs)
#   -j   targets fuzzed at once (default: the number of CPUs, at most 4)
#   target: framework_loader, csv_import, http_request, event_json (default: all)
# Environment: SIF_FUZZ_BUILD_DIR (default build-fuzz; one already configured with -DSIF_FUZZ=ON is
# reused as it is, as scripts/test.sh does with build-san), SIF_FUZZ_FLAGS (extra libFuzzer flags,
# e.g. "-rss_limit_mb=4096"), SIF_FUZZ_CXX_FLAGS (default "-O1 -g1": quick to build; use
# "-O2 -g" for a long run).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=20
parallel=$(nproc 2>/dev/null || echo 2)
[ "$parallel" -gt 4 ] && parallel=4
while getopts "t:j:" opt; do
  case $opt in
    t) seconds=$OPTARG ;;
    j) parallel=$OPTARG ;;
    *) sed -n '2,15p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
all_targets=(framework_loader csv_import http_request event_json)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")

dir=${SIF_FUZZ_BUILD_DIR:-build-fuzz}
start=$(date +%s)
# A build directory already configured with -DSIF_FUZZ=ON is used as it is (scripts/test.sh's
# sanitizer build, which compiles the tests and the fuzz targets from the same objects);
# otherwise the directory is configured for the fuzz targets alone.
if ! grep -q '^SIF_FUZZ:BOOL=ON$' "$dir/CMakeCache.txt" 2>/dev/null; then
  CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DSIF_FUZZ=ON -DSIF_BUILD_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="${SIF_FUZZ_CXX_FLAGS:--O1 -g1}" >/dev/null
fi
cmake --build "$dir" --target $(printf 'fuzz_%s ' "${targets[@]}")
echo "fuzz: built in $(( $(date +%s) - start )) s"

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=0

# Every saved crash first: each must run clean now.
for t in "${targets[@]}"; do
  reg=tests/fuzz/regressions/$t
  if [ -d "$reg" ] && [ -n "$(ls -A "$reg")" ]; then
    mkdir -p "$dir/fuzz-artifacts/$t-regressions"
    if ! "$dir/tests/fuzz/fuzz_$t" -artifact_prefix="$dir/fuzz-artifacts/$t-regressions/" "$reg"/* \
      >"$dir/fuzz-$t-regressions.log" 2>&1; then
      echo "fuzz: $t: a saved regression input fails again; see $dir/fuzz-$t-regressions.log" >&2
      tail -n 40 "$dir/fuzz-$t-regressions.log" >&2
      failed=1
    else
      echo "fuzz: $t: $(ls "$reg" | wc -l) regression input(s) pass"
    fi
  fi
done

run_one() {  # target
  local t=$1
  local corpus=$dir/fuzz-corpus/$t artifacts=$dir/fuzz-artifacts/$t/
  mkdir -p "$corpus" "$artifacts"
  local seeds=(tests/fuzz/corpus/"$t")
  local flags=(-max_total_time="$seconds" -timeout=25 -rss_limit_mb=2560 -print_final_stats=1
               -artifact_prefix="$artifacts")
  [ -f "tests/fuzz/$t.dict" ] && flags+=(-dict="tests/fuzz/$t.dict")
  case $t in
    framework_loader) flags+=(-max_len=16384) ;;
    http_request) flags+=(-max_len=8192) ;;
  esac
  # New inputs go to the first directory (in the build dir), never into the source tree.
  # shellcheck disable=SC2086
  "$dir/tests/fuzz/fuzz_$t" "${flags[@]}" ${SIF_FUZZ_FLAGS:-} "$corpus" "${seeds[@]}" >"$dir/fuzz-$t.log" 2>&1
}

pids=()
names=()
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do sleep 1; done
  run_one "$t" &
  pids+=($!)
  names+=("$t")
done
for i in "${!pids[@]}"; do
  t=${names[$i]}
  log=$dir/fuzz-$t.log
  if wait "${pids[$i]}"; then
    execs=$(grep -ao 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    rate=$(grep -ao 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    echo "fuzz: $t: ${execs} runs, ${rate} exec/s, no crash"
  else
    echo "fuzz: $t FAILED; log $log, input(s) in $dir/fuzz-artifacts/$t/ (newest first):" >&2
    ls -t "$dir/fuzz-artifacts/$t/" | head -n 5 >&2 || true
    grep -aE 'ERROR|oracle failed|SUMMARY|runtime error' "$log" | head -n 10 >&2 || true
    echo "fuzz: reproduce with $dir/tests/fuzz/fuzz_$t <input>; save it under tests/fuzz/regressions/$t/ once fixed" >&2
    failed=1
  fi
done
echo "fuzz: done in $(( $(date +%s) - start )) s"
exit $failed
