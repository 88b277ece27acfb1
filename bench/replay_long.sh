#!/usr/bin/env bash
# `baton replay` and `baton report --history` on one lead with a long
# history: wall and CPU time (user + sys) per lead size and shape, and, with
# BASE set, the same for another binary with a byte comparison of every
# output. Inputs go to $BENCH_TMP (default /tmp/baton-bench-replay).
#
#   bench/replay_long.sh                                   # build-bench/cli/baton
#   BATON=build/cli/baton BASE=/tmp/baton-main bench/replay_long.sh
#
# Shapes (examples/b2b-saas.baton, page views ending an hour before as_of):
#   dense    a director, a view every 10 minutes (the 90-day window holds 12,960)
#   sparse   the same, a view every 6 hours (40,000 views span 27 years)
#   student  a student, a view every 10 minutes: disqualified at once
# Environment: BATON, BASE, SIZES (default "1000 5000 20000 40000"), SHAPES
# (default "dense sparse student"), RUNS (default 3; the fastest is
# reported), BENCH_TMP. Needs GNU time (/usr/bin/time).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
baton="${BATON:-$root/build-bench/cli/baton}"
base="${BASE:-}"
tmp="${BENCH_TMP:-/tmp/baton-bench-replay}"
sizes="${SIZES:-1000 5000 20000 40000}"
shapes="${SHAPES:-dense sparse student}"
runs="${RUNS:-3}"
sla="$root/examples/b2b-saas.baton"
as_of="2026-11-23T00:00:00Z"

[ -x "$baton" ] || { echo "replay_long.sh: no $baton; build it or set BATON" >&2; exit 2; }
mkdir -p "$tmp"
printf '{"id":"LONG","outcome":"won","date":"2026-11-20"}\n' > "$tmp/outcomes.jsonl"

# lead SHAPE N -> the file of one lead of N page views
lead() {
  local file="$tmp/$1-$2.jsonl"
  [ -s "$file" ] || python3 - "$1" "$2" > "$file" <<'PY'
import json, sys
from datetime import datetime, timedelta, timezone
shape, n = sys.argv[1], int(sys.argv[2])
minutes = 360 if shape == "sparse" else 10
title = "Werkstudent Data" if shape == "student" else "Director of Engineering"
start = datetime(2026, 11, 23, tzinfo=timezone.utc) - timedelta(minutes=minutes * n, hours=1)
urls = ["/blog/pipelines", "/docs/quickstart", "/pricing", "/blog/cdc", "/careers/sre", "/docs/connectors/postgres"]
events = [{"type": "page_view", "at": (start + timedelta(minutes=minutes * i)).strftime("%Y-%m-%dT%H:%M:%SZ"),
           "url": urls[i % len(urls)]} for i in range(n)]
print(json.dumps({"id": "LONG", "email": "p.nair@corvalis-health.com", "job_title": title, "company_size": 900,
                  "industry": "healthcare", "country": "US", "events": events}, separators=(",", ":")))
PY
  echo "$file"
}

# measure BINARY OUT ARGS... -> "wall cpu" of the fastest of $runs runs; the output in OUT
measure() {
  local bin="$1" out="$2"; shift 2
  local best="" line
  for _ in $(seq "$runs"); do
    line=$(/usr/bin/time -f "%e %U %S" "$bin" "$@" 2>&1 >"$out" | tail -n 1)
    line=$(awk '{printf "%.2f %.2f", $1, $2 + $3}' <<<"$line")
    if [ -z "$best" ] || awk -v a="$line" -v b="$best" 'BEGIN{split(a,x," ");split(b,y," ");exit !(x[1]<y[1])}'; then best="$line"; fi
  done
  echo "$best"
}

printf '%-8s %6s %-16s %16s' shape events command "wall/cpu s"
[ -n "$base" ] && printf ' %16s %s' "BASE wall/cpu s" same
echo
for shape in $shapes; do
  for n in $sizes; do
    file=$(lead "$shape" "$n")
    for command in replay daily history; do
      case "$command" in
        replay) args=(replay "$sla" "$file" --as-of "$as_of" -q) ;;
        daily) args=(replay "$sla" "$file" --as-of "$as_of" -q --daily) ;;
        history) args=(report "$sla" "$file" --outcomes "$tmp/outcomes.jsonl" --as-of "$as_of" -q --history --json) ;;
      esac
      printf '%-8s %6s %-16s %16s' "$shape" "$n" "$command" "$(measure "$baton" "$tmp/out" "${args[@]}")"
      if [ -n "$base" ]; then
        printf ' %16s' "$(measure "$base" "$tmp/out-base" "${args[@]}")"
        if cmp -s "$tmp/out" "$tmp/out-base"; then printf ' yes'; else printf ' NO'; fi
      fi
      echo
    done
  done
done
