#!/usr/bin/env bash
# Configures and builds build-fuzz/: clang with libFuzzer and AddressSanitizer +
# UndefinedBehaviorSanitizer, the fuzz targets (BATON_FUZZ), the baton command
# and the unit tests. scripts/test.sh and scripts/fuzz.sh use it.
#   scripts/fuzz_build.sh [extra cmake --build arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang++ >/dev/null; then
  echo "fuzz_build.sh: clang++ is not installed (scripts/setup.sh installs it)" >&2
  exit 2
fi
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-gline-tables-only -O1" -DCMAKE_C_FLAGS_DEBUG="-gline-tables-only -O1" \
  -DBATON_SANITIZE=ON -DBATON_FUZZ=ON -DBATON_WERROR=ON >/dev/null
cmake --build build-fuzz -j"$(nproc)" "$@"
