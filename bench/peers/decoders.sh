#!/usr/bin/env bash
# `baton score` with each record decoder against the C++ ceiling, runs
# interleaved (baton, baton --decoder dom, ceiling; ROUNDS times) so that a
# busy machine's slow phases hit all three alike. Prints the CPU seconds
# (user + sys) of each and the ratios per CPU-second, medians and minimums.
# Needs build-bench (see bench/README.md, "How to run") and the ceiling as
# bench/peers/run.sh builds it; the leads as run.sh writes them.
#
#   ROUNDS=15 bench/peers/decoders.sh
#
# Environment: LEADS (default /tmp/baton-peers/leads-100000.jsonl), BUILD_DIR
# (default build-bench), CEILING (default $BUILD_DIR/peers-ceiling), ROUNDS (default 9),
# BASELINE (optional: another baton binary, e.g. an earlier commit's, timed in
# the same rounds with the default decoder and compared like the others).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${BUILD_DIR:-$root/build-bench}"
leads="${LEADS:-/tmp/baton-peers/leads-100000.jsonl}"
ceiling="${CEILING:-$build/peers-ceiling}"
baton="$build/cli/baton"
score=("$baton" score "$root/bench/bench.baton" "$leads" --as-of 2026-11-23T00:00:00Z --threads 1 --quiet)
for _ in $(seq "${ROUNDS:-9}"); do
  /usr/bin/time -f "on-demand %U %S" "${score[@]}" > /dev/null
  /usr/bin/time -f "dom %U %S" "${score[@]}" --decoder dom > /dev/null
  /usr/bin/time -f "ceiling %U %S" "$ceiling" "$leads" > /dev/null
  if [ -n "${BASELINE:-}" ]; then
    /usr/bin/time -f "baseline %U %S" "$BASELINE" "${score[@]:1}" > /dev/null
  fi
done 2>&1 | /usr/bin/python3 -c '
import statistics, sys
runs = {}
for line in sys.stdin:
    name, user, system = line.split()
    runs.setdefault(name, []).append(float(user) + float(system))
for name, t in runs.items():
    print(f"{name:10} CPU s: median {statistics.median(t):.2f}, min {min(t):.2f} ({len(t)} runs)")
for name in [n for n in ("on-demand", "dom", "baseline") if n in runs]:
    m = statistics.median(runs["ceiling"]) / statistics.median(runs[name])
    n = min(runs["ceiling"]) / min(runs[name])
    print(f"baton {name} / ceiling per CPU-second: {m:.2f}x (medians), {n:.2f}x (minimums)")
'
