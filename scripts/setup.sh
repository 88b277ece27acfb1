#!/usr/bin/env bash
# Installs every Debian package that building, testing and running baton needs.
# Safe to run again: apt-get skips what is already installed.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  tao-pegtl-dev libfmt-dev doctest-dev
  libsimdjson-dev libcli11-dev libre2-dev libbenchmark-dev
  libutf8proc-dev libpsl-dev libxxhash-dev libhowardhinnant-date-dev tzdata
  python3 time
  # round 2: the Python package and its tests, the service, the review page's browser test
  pybind11-dev python3-dev python3-pandas python3-dask python3-distributed python3-pytest
  libcpp-httplib-dev zlib1g-dev libbrotli-dev curl python3-prometheus-client chromium
  # the second compiler and the sanitizer + fuzzing stage of scripts/test.sh: clang 14 with its
  # runtimes (libFuzzer, ASan, UBSan in libclang-rt-14-dev) and llvm-symbolizer for readable traces
  clang libclang-rt-14-dev llvm
  # CSV lead files (runtime/src/csv_*.cpp)
  libcsv-dev
  # the Python package's type stubs, checked on a typed use of it (python/tests/test_stubs.py)
  mypy
)

sudo_if_needed() { if [ "$(id -u)" -ne 0 ]; then sudo "$@"; else "$@"; fi; }

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  sudo_if_needed apt-get update
  sudo_if_needed apt-get install -y --no-install-recommends "${missing[@]}"
fi
