#!/usr/bin/env bash
# Installs the Debian packages sif builds and tests with, when any is missing.
# Idempotent: on a machine that has them all it does nothing and asks no registry.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  g++ cmake ninja-build pkg-config
  libboost1.81-dev libboost-json1.81-dev
  libsqlite3-dev sqlite3
  libspdlog-dev libfmt-dev
  catch2
  libyaml-cpp-dev
  libcurl4-openssl-dev libssl-dev
  libhowardhinnant-date-dev tzdata
  libcli11-dev
  libkainjow-mustache-dev
  python3 python3-aiosmtpd
  clang libclang-rt-14-dev  # the libFuzzer targets (tests/fuzz, scripts/fuzz.sh)
  chromium fonts-dejavu-core  # the console's browser tests (tests/console, docs/console.md)
  wrk  # the HTTP benchmark (tests/bench/http_bench.sh)
)
# Node.js and npm drive the browser tests (playwright-core from npm); Debian's are used only when
# the machine has no node of its own.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# playwright-core, pinned in tests/console/package-lock.json; it drives Debian's /usr/bin/chromium
# (Playwright's own browser download is never used).
if [ ! -f tests/console/node_modules/playwright-core/package.json ] ||
   [ tests/console/package-lock.json -nt tests/console/node_modules/.package-lock.json ]; then
  echo "setup: installing playwright-core for the console tests" >&2
  (cd tests/console && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
