#!/usr/bin/env bash
# A fuzzing campaign over every fuzz target (tests/fuzz/README.md):
#   scripts/fuzz.sh --minutes 60               each target for an hour, one after another
#   scripts/fuzz.sh --minutes 5 --target records   one target
# Builds build-fuzz/ (clang, libFuzzer, AddressSanitizer + UndefinedBehaviorSanitizer)
# unless --no-build, then runs each target at the lowest priority. The corpus
# grows in build-fuzz/corpus/TARGET across campaigns; a crash, hang or failed
# property is saved as tests/fuzz/findings/TARGET-*. Prints one line per target:
# minutes (wall, and of CPU: the campaign runs at nice 19 beside other work), executions, coverage (edges), corpus size, findings; to record in
# tests/fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=5 targets=() build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=$2; shift 2 ;;
    --target) targets+=("$2"); shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "usage: scripts/fuzz.sh [--minutes N] [--target NAME]... [--no-build]" >&2; exit 2 ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(source bytecode records service_request)

if [ "$build" = 1 ]; then
  bash scripts/fuzz_build.sh $(printf -- '--target fuzz_%s ' "${targets[@]}")
fi

mkdir -p tests/fuzz/findings
for t in "${targets[@]}"; do
  corpus=build-fuzz/corpus/$t
  mkdir -p "$corpus"
  log=build-fuzz/fuzz-$t-$(date -u +%Y%m%dT%H%M%S).log  # one per run: earlier runs' logs stay
  before=$(ls tests/fuzz/findings | grep -c "^$t-" || true)
  # A finding stops that target's run (its input is saved); the next target still runs.
  set +e
  nice -n 19 /usr/bin/time -f '%e %U %S' -o "$log.cpu" "build-fuzz/tests/fuzz/fuzz_$t" -max_total_time=$((minutes * 60)) -timeout=30 -report_slow_units=30 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="tests/fuzz/findings/$t-" \
    "$corpus" "build-fuzz/tests/fuzz/seeds/$t" "tests/fuzz/regressions/$t" >"$log" 2>&1
  status=$?
  set -e
  after=$(ls tests/fuzz/findings | grep -c "^$t-" || true)
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  # The last line of time's output (a first one may say how the fuzzer exited).
  wall=$(tail -1 "$log.cpu" 2>/dev/null | awk '{printf "%d", $1 / 60}')
  cpu=$(tail -1 "$log.cpu" 2>/dev/null | awk '{printf "%d", ($2 + $3) / 60}')
  echo "$t: ${wall:-?} min (${cpu:-?} min of CPU), ${execs:-?} executions, cov ${cov:-?} edges, corpus $(ls "$corpus" | wc -l) files," \
       "findings $((after - before)) (exit $status; log $log)"
done
