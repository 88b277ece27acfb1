#!/usr/bin/env bash
# Builds baton and runs the whole test suite with ctest.
#   scripts/test.sh              1. Release build of every target with warnings as
#                                   errors (build/; build-clang/ when CXX is a clang)
#                                   and the whole suite;
#                                2. with BATON_SANITIZER_STAGE=1, the sanitizer stage
#                                   (build-fuzz/, scripts/fuzz_build.sh):
#                                   clang with AddressSanitizer + UndefinedBehaviorSanitizer
#                                   and libFuzzer, running the unit tests, the golden cases
#                                   and a fixed-length smoke run of every fuzz target.
#   CC=clang CXX=clang++ scripts/test.sh    step 1 with clang instead of g++
#   scripts/test.sh --sanitize   the whole suite under ASan + UBSan with $CXX (build-asan/)
#   BATON_SANITIZER_STAGE=1      runs step 2 as well: about 25 more minutes on 2 cores
#                                from a clean tree, too long for CI's 15-minute budget
#                                until its build is smaller, so CI leaves it out
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
jobs=$(nproc)

build=build
case "${CXX:-}" in *clang*) build=build-clang ;; esac
flags=(-DCMAKE_BUILD_TYPE=Release -DBATON_WERROR=ON)
if [ "${1:-}" = "--sanitize" ]; then
  build=build-asan
  flags=(-DCMAKE_BUILD_TYPE=Debug -DBATON_SANITIZE=ON -DBATON_WERROR=ON)
fi
cmake -S . -B "$build" "${flags[@]}" >/dev/null
cmake --build "$build" -j"$jobs"
ctest --test-dir "$build" --output-on-failure -j"$jobs"
[ "${1:-}" = "--sanitize" ] && exit 0

if [ "${BATON_SANITIZER_STAGE:-0}" = 1 ]; then
  # Only what the stage runs is built: the unit tests, baton (golden cases,
  # fuzz seeds) and the fuzz targets, so CI stays within its time budget.
  units=$(cd tests/unit && ls *_test.cpp | sed 's/\.cpp$//')
  fuzz=$(ls tests/fuzz/fuzz_*.cpp | xargs -n1 basename | sed 's/\.cpp$//')
  targets=()
  for t in baton fuzz_seeds $units $fuzz; do targets+=(--target "$t"); done
  bash scripts/fuzz_build.sh "${targets[@]}"
  ctest --test-dir build-fuzz --output-on-failure -j"$jobs" -R "$(bash scripts/sanitizer_tests.sh)"
fi
