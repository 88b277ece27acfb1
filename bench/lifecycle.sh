#!/usr/bin/env bash
# What the lifecycle and hand-offs cost: `baton score` of the b2b example with
# its lifecycle and hand-off blocks against the same SLA without them, on the
# same 200,000 leads (two in three carry a current stage), and `baton replay`
# throughput on those leads. CPU seconds (user + sys), median of RUNS runs,
# one thread, output to /dev/null. Run by hand; results go in bench/README.md.
#
#   bench/lifecycle.sh            # BUILD_DIR (default build-bench, Release), BENCH_TMP, RUNS (default 3), COUNT
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
build="${BUILD_DIR:-$root/build-bench}"
tmp="${BENCH_TMP:-/tmp/baton-bench}"
runs="${RUNS:-3}"
count="${COUNT:-200000}"
as_of="2026-11-23T00:00:00Z"

if [ ! -x "$build/cli/baton" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBATON_TESTS=OFF >/dev/null
  cmake --build "$build" -j"${JOBS:-1}" --target baton >/dev/null
fi
baton="$build/cli/baton"
mkdir -p "$tmp"

leads="$tmp/lifecycle-$count.jsonl"
if [ ! -s "$leads" ]; then
  echo "generating $leads" >&2
  python3 "$here/gen_leads.py" --count "$count" --sla b2b | python3 -c '
import json, sys, zlib
stages = ["lead", "mql", "sql", "recycled", "customer", "disqualified"]
for i, line in enumerate(sys.stdin):
    r = json.loads(line)
    h = zlib.crc32(r["id"].encode())
    if h % 3:
        r["current_stage"] = stages[h % len(stages)]
        r["current_stage_since"] = "2026-10-01T00:00:00Z"
    print(json.dumps(r))' > "$leads.part" && mv "$leads.part" "$leads"
fi

with="$root/examples/b2b-saas.baton"
without="$tmp/b2b-without-lifecycle.baton"
python3 - "$with" > "$without" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
# Drop the lifecycle and hand-off blocks (each ends at the first "}" alone on a line).
text = re.sub(r"^(lifecycle|handoff)\b.*?^}\n", "", text, flags=re.S | re.M)
print(text, end="")
PY

cpu() {  # cpu CMD...: median user+sys seconds over $runs runs
  local times=()
  for _ in $(seq "$runs"); do
    times+=("$(python3 - "$@" <<'PY'
import resource, subprocess, sys
before = resource.getrusage(resource.RUSAGE_CHILDREN)
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False)
after = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{(after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime):.3f}")
PY
)")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

a=$(cpu "$baton" score "$without" "$leads" --as-of "$as_of" --quiet)
b=$(cpu "$baton" score "$with" "$leads" --as-of "$as_of" --quiet)
c=$(cpu "$baton" score "$with" "$leads" --as-of "$as_of" --quiet --changes)
r=$(cpu "$baton" replay "$with" "$leads" --as-of "$as_of" --quiet)
d=$(cpu "$baton" replay "$with" "$leads" --as-of "$as_of" --quiet --daily)
echo "leads: $count ($(du -m "$leads" | cut -f1) MB), runs: $runs (median CPU seconds)"
printf 'score, no lifecycle         %8.3f s  %9.0f leads/s\n' "$a" "$(echo "$count / $a" | bc -l)"
printf 'score, lifecycle+hand-offs  %8.3f s  %9.0f leads/s  (%.3fx the time)\n' "$b" "$(echo "$count / $b" | bc -l)" "$(echo "$b / $a" | bc -l)"
printf 'score --changes             %8.3f s  %9.0f leads/s\n' "$c" "$(echo "$count / $c" | bc -l)"
printf 'replay                      %8.3f s  %9.0f leads/s\n' "$r" "$(echo "$count / $r" | bc -l)"
printf 'replay --daily              %8.3f s  %9.0f leads/s\n' "$d" "$(echo "$count / $d" | bc -l)"
