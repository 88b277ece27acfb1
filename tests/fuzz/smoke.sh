#!/usr/bin/env bash
# One fuzz target for a fixed number of executions (the ctest smoke run):
#   smoke.sh TARGET RUNS SEEDS [REGRESSIONS]
# New inputs go to a scratch folder, so the seed corpus stays as written; a
# crashing input is kept as ./fuzz-finding-* in the working directory.
set -euo pipefail
target=$1 runs=$2 seeds=$3 regressions=${4:-}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
dirs=("$scratch" "$seeds")
if [ -n "$regressions" ] && [ -d "$regressions" ]; then dirs+=("$regressions"); fi
"$target" -runs="$runs" -seed=1 -max_len=65536 -timeout=30 -rss_limit_mb=4096 \
     -artifact_prefix=./fuzz-finding- -print_final_stats=1 "${dirs[@]}"
