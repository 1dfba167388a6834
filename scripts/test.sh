#!/usr/bin/env bash
# The test command: installs what is missing, builds, and runs every test — once in a normal
# build (GCC), then the console's browser tests, then once more under AddressSanitizer +
# UndefinedBehaviorSanitizer (clang) — then fuzzes briefly (scripts/fuzz.sh; SIF_SKIP_FUZZ=1 skips it).
# Usage: scripts/test.sh [ctest args...]     (e.g. scripts/test.sh -R calendar)
set -euo pipefail
cd "$(dirname "$0")/.."
# How long each part took, printed as it ends and again at the end (CI's 40-minute budget is
# spent mostly in the two builds; docs/operations.md, "The test run").
phase_log=()
phase() {  # name, command...
  local name=$1 start=$SECONDS
  shift
  "$@"
  phase_log+=("$(printf '%-34s %4d s' "$name" $((SECONDS - start)))")
  echo "test: $name took $((SECONDS - start)) s"
}
trap 'if [ ${#phase_log[@]} -gt 0 ]; then echo "test: times"; printf "  %s\n" "${phase_log[@]}"; fi' EXIT
phase "set-up (packages, npm)" bash scripts/setup.sh

jobs=$(nproc 2>/dev/null || echo 2)

# The pure core reads no clock, environment, disk or network (DESIGN.md: Folders).
if grep -rnE 'system_clock::now|steady_clock::now|sleep_for|getenv|fopen|ifstream|ofstream|#include *[<"](boost/asio|sqlite3|spdlog|curl|yaml-cpp|fstream|filesystem|thread>)' workflows; then
  echo "test: workflows/ must stay pure (no clock, environment, files, network or logging)" >&2
  exit 1
fi

# ctest splits a test name at ';' (a CMake list) and then never runs that test.
if grep -rnE 'TEST_CASE\("[^"]*;' tests; then
  echo "test: a test name above contains ';', so ctest would never run it; use ',' instead" >&2
  exit 1
fi

run_suite() {  # build dir, extra cmake args...
  local dir=$1; shift
  cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
  # The names as the programs list them (a name written over several string literals escapes
  # the grep above): one with ';' would be split by ctest and never run.
  local bin
  for bin in "$dir"/tests/test_*; do
    [ -x "$bin" ] || continue
    if "$bin" --list-test-names-only | grep -n ';'; then
      echo "test: $bin has a test name with ';' (above), which ctest would never run; use ',' instead" >&2
      exit 1
    fi
  done
  (cd "$dir" && ctest --output-on-failure -j "$jobs" "${CTEST_ARGS[@]}")
}

CTEST_ARGS=("$@")
# Optimised, with assertions on (no NDEBUG) and line tables only: -g1 keeps stack traces
# readable at a fraction of the compile time of full debug info.
phase "GCC build and tests" run_suite build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1"
# The ops console in a real browser (tests/console, docs/console.md): Debian's chromium driven by
# playwright-core against the sifd just built; screenshots of each page go to
# build/console-screenshots/. SIF_SKIP_CONSOLE=1 skips it.
if [ "${SIF_SKIP_CONSOLE:-0}" != 1 ]; then
  SIFD=build/daemon/sifd SIF_CONSOLE_SHOTS=build/console-screenshots \
    phase "console in chromium" node --test --test-reporter=spec tests/console/console.test.mjs
fi
# The sanitizer pass: clang, AddressSanitizer + UndefinedBehaviorSanitizer, with libFuzzer's
# coverage instrumentation (-DSIF_FUZZ=ON), so that the fuzz targets below link the very objects
# the tests just ran on and the libraries are compiled with sanitizers once, not twice. -O0: the
# instrumented build takes 10 minutes on 2 cores instead of about 16 at -O1, for tests 40 s slower.
if [ "${SIF_SKIP_SANITIZERS:-0}" != 1 ]; then
  CC=clang CXX=clang++ ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 \
    phase "clang ASan+UBSan build and tests" run_suite build-san -DSIF_FUZZ=ON -DSIF_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O0 -g1"
fi
# Fuzzing (tests/fuzz; docs/operations.md, "Fuzzing"): the libFuzzer targets replay the saved
# crash inputs and fuzz each target briefly; any finding fails the run. They are built in the
# sanitizer pass's directory when it ran, else in build-fuzz.
if [ "${SIF_SKIP_FUZZ:-0}" != 1 ]; then
  fuzz_dir=build-fuzz
  [ "${SIF_SKIP_SANITIZERS:-0}" != 1 ] && fuzz_dir=build-san
  SIF_FUZZ_BUILD_DIR=$fuzz_dir phase "fuzzing" bash scripts/fuzz.sh -t "${SIF_FUZZ_SECONDS:-20}"
fi
