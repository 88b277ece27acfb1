#!/usr/bin/env bash
# Builds baton and runs the whole test suite with ctest.
#   scripts/test.sh              1. Release build of every target with warnings as
#                                   errors (build/; build-clang/ when CXX is a clang)
#                                   and the whole suite;
#                                2. the sanitizer stage (build-fuzz/, scripts/fuzz_build.sh,
#                                   built beside step 1, tested after it):
#                                   clang with AddressSanitizer + UndefinedBehaviorSanitizer
#                                   and libFuzzer builds baton, the fuzz targets and three unit
#                                   tests of hostile input, then runs them, the golden cases and
#                                   a fixed-length smoke run of every fuzz target (about 8
#                                   minutes on 2 cores from a clean tree).
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

# The sanitizer stage's build runs beside step 1's: each build's links and
# its longest files leave a core idle, which the other fills. Its output goes
# to build-fuzz/build.log, shown when it fails. Both finish before any test
# runs, so the tests (services, timeouts) run on a quiet machine.
stage=${BATON_SANITIZER_STAGE:-1}
[ "${1:-}" = "--sanitize" ] && stage=0
sanitizer_build=
if [ "$stage" != 0 ]; then
  # Only what the stage runs is built: baton (golden cases, fuzz seeds), the
  # fuzz targets and the unit tests scripts/sanitizer_tests.sh names.
  fuzz=$(ls tests/fuzz/fuzz_*.cpp | xargs -n1 basename | sed 's/\.cpp$//')
  targets=()
  for t in baton fuzz_seeds $fuzz $(bash scripts/sanitizer_tests.sh "$stage" --units); do targets+=(--target "$t"); done
  mkdir -p build-fuzz
  # A process group of its own, so that a failing step 1 stops all of it.
  setsid bash scripts/fuzz_build.sh "${targets[@]}" >build-fuzz/build.log 2>&1 &
  sanitizer_build=$!
  trap 'kill -- -"$sanitizer_build" 2>/dev/null || true' EXIT
fi

cmake -S . -B "$build" "${flags[@]}" >/dev/null
cmake --build "$build" -j"$jobs"
say "step 1 built ($build)"
if [ -n "$sanitizer_build" ]; then
  if ! wait "$sanitizer_build"; then
    tail -n 60 build-fuzz/build.log
    echo "test.sh: the sanitizer stage's build failed (whole log: build-fuzz/build.log)" >&2
    exit 1
  fi
  say "sanitizer stage built (build-fuzz)"
fi
ctest --test-dir "$build" --output-on-failure -j"$jobs"
say "step 1 tests passed"
[ "$stage" = 0 ] && exit 0

ctest --test-dir build-fuzz --output-on-failure -j"$jobs" -R "$(bash scripts/sanitizer_tests.sh "$stage")"
say "sanitizer stage tests passed"
