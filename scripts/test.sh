#!/usr/bin/env bash
# Builds baton and runs the whole test suite with ctest.
#   scripts/test.sh              1. Release build of every target with warnings as
#                                   errors (build/; build-clang/ when CXX is a clang)
#                                   and the whole suite;
#                                2. the sanitizer stage (build-fuzz/, scripts/fuzz_build.sh):
#                                   clang with AddressSanitizer + UndefinedBehaviorSanitizer
#                                   and libFuzzer builds baton, the fuzz targets and three unit
#                                   tests of hostile input, then runs them, the golden cases and
#                                   a fixed-length smoke run of every fuzz target (about 7
#                                   minutes on 2 cores from a clean tree; the whole script
#                                   about 12.5, step 1 about 5.5).
#   CC=clang CXX=clang++ scripts/test.sh    step 1 with clang instead of g++
#   scripts/test.sh --sanitize   the whole suite under ASan + UBSan with $CXX (build-asan/)
#   BATON_SANITIZER_STAGE=full   step 2 runs every unit test as well (about 20 more
#                                minutes on 2 cores: too long for CI's 15-minute budget)
#   BATON_SANITIZER_STAGE=0      step 1 only
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
started=$SECONDS
say() { echo "test.sh: $* (at $((SECONDS - started)) s)"; }

cmake -S . -B "$build" "${flags[@]}" >/dev/null
cmake --build "$build" -j"$jobs"
say "step 1 built ($build)"
ctest --test-dir "$build" --output-on-failure -j"$jobs"
say "step 1 tests passed"
[ "${1:-}" = "--sanitize" ] && exit 0

stage=${BATON_SANITIZER_STAGE:-1}
if [ "$stage" != 0 ]; then
  # Only what the stage runs is built: baton (golden cases, fuzz seeds), the
  # fuzz targets and the unit tests scripts/sanitizer_tests.sh names.
  fuzz=$(ls tests/fuzz/fuzz_*.cpp | xargs -n1 basename | sed 's/\.cpp$//')
  targets=()
  for t in baton fuzz_seeds $fuzz $(bash scripts/sanitizer_tests.sh "$stage" --units); do targets+=(--target "$t"); done
  bash scripts/fuzz_build.sh "${targets[@]}"
  say "sanitizer stage built (build-fuzz)"
  ctest --test-dir build-fuzz --output-on-failure -j"$jobs" -R "$(bash scripts/sanitizer_tests.sh "$stage")"
  say "sanitizer stage tests passed"
fi
