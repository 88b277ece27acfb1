#!/usr/bin/env bash
# Peers of `baton score` on bench/bench.baton: builds baton (Release) and the
# C++ ceiling, generates N leads, checks that every peer prints the same
# decisions as baton on every lead (bench/peers/agree.py), then times them
# and prints one Markdown table (bench/peers/measure.py). Run bench/peers/setup.sh once first.
#
#   bench/peers/run.sh                  # N=100000 leads, 20-30 events each
#
# Environment: N (leads, default 100000), SLOW_N (leads timed for
# json-rules-engine and ZEN, a prefix of the same file, default 10000; set
# SLOW_N=$N to time them on everything), RUNS (default 3, median reported),
# BUILD_DIR (default build-peers), PEERS_TMP (default /tmp/baton-peers; inputs
# and outputs, never in the repository), JOBS (build jobs, default 1),
# SKIP_AGREE=1 (time only), ONLY (comma-separated peer name prefixes to time).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${BUILD_DIR:-$root/build-peers}"
tmp="${PEERS_TMP:-/tmp/baton-peers}"
n="${N:-100000}"
slow_n="${SLOW_N:-10000}"
runs="${RUNS:-3}"
python=/usr/bin/python3   # Debian's, where python3-xxhash is installed
as_of="2026-11-23T00:00:00Z"
[ "$slow_n" -gt "$n" ] && slow_n="$n"

echo "building baton (Release) in $build" >&2
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBATON_TESTS=OFF >/dev/null
cmake --build "$build" -j"${JOBS:-1}" --target baton >/dev/null
baton="$build/cli/baton"
ceiling="$build/peers-ceiling"
if [ ! -x "$ceiling" ] || [ "$here/cpp/ceiling.cpp" -nt "$ceiling" ]; then
  echo "building the C++ ceiling" >&2
  g++ -std=c++20 -O3 -DNDEBUG -march=native -Wall -Wextra -o "$ceiling" "$here/cpp/ceiling.cpp" -lsimdjson -lre2 -lxxhash
fi

mkdir -p "$tmp"
leads="$tmp/leads-$n.jsonl"
if [ ! -s "$leads" ]; then
  echo "generating $leads" >&2
  "$python" "$root/bench/gen_leads.py" --count "$n" --events-min 20 --events-max 30 --seed 1 --sla bench > "$leads.part"
  mv "$leads.part" "$leads"
fi
slow="$tmp/leads-$n-first-$slow_n.jsonl"
[ -s "$slow" ] || head -n "$slow_n" "$leads" > "$slow"

if [ "${SKIP_AGREE:-0}" != 1 ]; then
  echo "agreement on $n leads" >&2
  "$baton" score "$root/bench/bench.baton" "$leads" --as-of "$as_of" --threads 1 --quiet > "$tmp/out.baton"
  "$ceiling" "$leads" > "$tmp/out.cpp"
  luajit "$here/lua/score.lua" "$leads" > "$tmp/out.lua"
  "$python" "$here/python/score.py" "$leads" > "$tmp/out.py"
  # the two slowest side by side (2 cores)
  node "$here/js/jre.js" "$leads" > "$tmp/out.jre" & jre=$!
  node "$here/js/zen.js" "$leads" > "$tmp/out.zen" & zen=$!
  wait "$jre"; wait "$zen"
  ok=0
  for p in cpp:ceiling lua:luajit py:python jre:json-rules-engine zen:zen; do
    "$python" "$here/agree.py" "$tmp/out.baton" "$tmp/out.${p%%:*}" --name "${p#*:}" || ok=1
  done
  [ "$ok" = 0 ] || { echo "run.sh: a peer disagrees with baton (above); no timing" >&2; exit 1; }
fi

echo "timing ($runs runs each; $n leads, json-rules-engine and ZEN on the first $slow_n)" >&2
echo "load before: $(uptime)"
"$python" "$here/measure.py" --baton "$baton" --ceiling "$ceiling" --leads "$leads" --slow-leads "$slow" \
  --runs "$runs" --python "$python" ${ONLY:+--only "$ONLY"}
echo "load after: $(uptime)"
