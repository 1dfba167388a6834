#!/usr/bin/env bash
# The run command: installs what is missing, builds sifd and sifctl, and runs the daemon on the
# embedded default config (config/sifd.yaml): SQLite in var/sif.db, the sample register loaded on
# first start, notices written to var/notices/, the API and dashboard on http://127.0.0.1:8080/.
# Extra arguments go to sifd (e.g. scripts/run.sh --clock manual --start 2026-09-01T08:00:00Z).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

# Skip cmake when both binaries are newer than every file they are built from (sources, headers,
# CMake files; config/ also holds C++). Anything newer, or a binary missing, builds as before.
needs_build() {
  local bin
  for bin in build-run/daemon/sifd build-run/daemon/sifctl; do
    [ -x "$bin" ] || return 0
    if [ -n "$(find CMakeLists.txt daemon workflows config storage notifications -newer "$bin" \
                 \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' -o -name 'CMakeLists.txt' -o -name '*.cmake' \) \
                 -print -quit 2>/dev/null)" ]; then
      return 0
    fi
  done
  return 1
}
if needs_build; then
  cmake -S . -B build-run -G Ninja -DCMAKE_BUILD_TYPE=Release -DSIF_BUILD_TESTS=OFF >/dev/null
  cmake --build build-run -j "$(nproc 2>/dev/null || echo 2)" --target sifd sifctl
else
  echo "run: build-run/daemon/sifd and sifctl are newer than every source file; not rebuilding" >&2
fi

mkdir -p var
# A development token, so the dashboard and sifctl work out of the box. Set your own in
# SIF_BOOTSTRAP_TOKEN (or tokens in config/sifd.yaml) for anything but a demo.
if [ -z "${SIF_BOOTSTRAP_TOKEN:-}" ]; then
  if [ ! -s var/dev-token ]; then
    head -c 18 /dev/urandom | base64 | tr -d '/+=' > var/dev-token
  fi
  SIF_BOOTSTRAP_TOKEN=$(cat var/dev-token)
  export SIF_BOOTSTRAP_TOKEN
  echo "run: development admin token (also in var/dev-token): $SIF_BOOTSTRAP_TOKEN" >&2
  echo "run: dashboard http://127.0.0.1:8080/  —  sifctl: export SIF_TOKEN=\$(cat var/dev-token)" >&2
fi
exec build-run/daemon/sifd --config config/sifd.yaml "$@"
