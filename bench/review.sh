#!/usr/bin/env bash
# `baton diff` and `baton report` against one `baton score` of the same leads:
# wall time, CPU time (user + sys) and peak RSS, and the same at a quarter of
# the leads to show that memory stays flat. Inputs go to $BENCH_TMP (default
# /tmp/baton-bench-review; never in the repository).
#
#   bench/review.sh              # 200k leads of 20-30 events (~420 MB)
#   COUNT=1000000 bench/review.sh
#
# Environment: BATON (the binary; default build-bench/cli/baton, built
# Release as in bench/README.md "How to run"), COUNT, RUNS (default 5; the
# fastest is reported), BENCH_TMP. Needs GNU time (/usr/bin/time).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
baton="${BATON:-$root/build-bench/cli/baton}"
tmp="${BENCH_TMP:-/tmp/baton-bench-review}"
count="${COUNT:-200000}"
runs="${RUNS:-5}"
as_of="2026-11-23T00:00:00Z"
v1="$root/examples/review/b2b-saas-v1.baton"
v2="$root/examples/review/b2b-saas-v2.baton"

[ -x "$baton" ] || { echo "review.sh: no $baton; build it or set BATON" >&2; exit 2; }
mkdir -p "$tmp"
leads="$tmp/b2b-$count.jsonl"
quarter="$tmp/b2b-$count-quarter.jsonl"
outcomes="$tmp/b2b-$count-outcomes.jsonl"
if [ ! -s "$leads" ]; then
  echo "generating $leads" >&2
  python3 "$here/gen_leads.py" --count "$count" --events-min 20 --events-max 30 --seed 1 --sla b2b > "$leads.part"
  mv "$leads.part" "$leads"
fi
[ -s "$quarter" ] || head -n $((count / 4)) "$leads" > "$quarter"
if [ ! -s "$outcomes" ]; then
  # Every tenth lead became an opportunity, a third of those were won: the
  # report's cost depends on the map size, not on who won.
  python3 - "$count" > "$outcomes" <<'PY'
import sys
for i in range(1, int(sys.argv[1]) + 1, 10):
    print('{"id":"L%09d","outcome":"opportunity","date":"2026-12-01"}' % i)
    print('{"id":"L%09d","outcome":"%s","date":"2026-12-20"}' % (i, "won" if i % 30 == 1 else "lost"))
PY
fi

# run NAME ARGS...: $runs runs -> "NAME wall cpu rss_mb": the fastest run's
# wall and CPU time (on a shared machine the least disturbed one), the highest RSS
run() {
  local name="$1"; shift
  local walls=() cpus=() rss=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S %M" -o "$tmp/time.txt" "$baton" "$@" --as-of "$as_of" --quiet > /dev/null 2>"$tmp/stderr.txt" || true
    read -r wall user sys kb < "$tmp/time.txt"
    walls+=("$wall")
    cpus+=("$(echo "$user + $sys" | bc)")
    [ "$kb" -gt "$rss" ] && rss="$kb"
  done
  local wall cpu
  wall=$(printf '%s\n' "${walls[@]}" | sort -n | head -1)
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | head -1)
  echo "$name $wall $cpu $((rss / 1024))"
}

measure() {  # measure FILE LABEL
  local file="$1" label="$2" n
  n=$(wc -l < "$file")
  local score diff report
  score=$(run score score "$v1" "$file")
  diff=$(run diff diff "$v1" "$v2" "$file")
  report=$(run report report "$v1" "$file" --outcomes "$outcomes")
  echo "| $label ($n leads) | verb | wall s | CPU s | CPU vs score | peak RSS MB |"
  echo "|---|---|---:|---:|---:|---:|"
  local base
  base=$(echo "$score" | cut -d' ' -f3)
  for line in "$score" "$diff" "$report"; do
    read -r name wall cpu rss <<< "$line"
    printf '| | %s | %s | %s | %.2fx | %s |\n' "$name" "$wall" "$cpu" "$(echo "$cpu / $base" | bc -l)" "$rss"
  done
}

measure "$leads" "all"
measure "$quarter" "a quarter"
