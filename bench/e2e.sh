#!/usr/bin/env bash
# End-to-end throughput of `baton score`: builds Release, generates inputs
# under $BENCH_TMP (default /tmp/baton-bench; never in the repository), and
# measures leads/s, MB/s and peak RSS with 1 and 2 threads, output to
# /dev/null, a fixed --as-of and --quiet.
#
#   bench/e2e.sh                 # everything (the 1 GB file takes a few minutes to write once)
#   bench/e2e.sh --small         # skip the 1M-lead (2.2 GB) and 1 GB runs
#
# Environment: BUILD_DIR (default build-bench), BENCH_TMP, RUNS (repetitions
# per measurement, default 3; the median is reported), SIZE (default 1G).
# Needs GNU time (/usr/bin/time, Debian package `time`) for peak RSS.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
build="${BUILD_DIR:-$root/build-bench}"
tmp="${BENCH_TMP:-/tmp/baton-bench}"
runs="${RUNS:-3}"
size="${SIZE:-1G}"
small=0
[ "${1:-}" = "--small" ] && small=1
as_of="2026-11-23T00:00:00Z"

if [ ! -x /usr/bin/time ]; then
  echo "e2e.sh: /usr/bin/time missing; installing the 'time' package" >&2
  if [ "$(id -u)" -ne 0 ]; then sudo apt-get install -y --no-install-recommends time; else apt-get install -y --no-install-recommends time; fi
fi

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBATON_BENCH=ON -DBATON_TESTS=OFF >/dev/null
cmake --build "$build" -j"${JOBS:-1}" --target baton >/dev/null
baton="$build/cli/baton"

mkdir -p "$tmp"
gen() {  # gen FILE ARGS...: generate once, keep for later runs
  local file="$1"; shift
  if [ ! -s "$file" ]; then
    echo "generating $file ($*)" >&2
    python3 "$here/gen_leads.py" "$@" > "$file.part" && mv "$file.part" "$file"
  fi
}
gen "$tmp/b2b-200k-25ev.jsonl"   --count 200000 --events-min 20 --events-max 30 --seed 1 --sla b2b
gen "$tmp/bench-200k-25ev.jsonl" --count 200000 --events-min 20 --events-max 30 --seed 1 --sla bench
[ "$small" = 1 ] || gen "$tmp/bench-$size.jsonl" --bytes "$size" --seed 2 --sla bench
[ "$small" = 1 ] || gen "$tmp/bench-1M-25ev.jsonl" --count 1000000 --events-min 20 --events-max 30 --seed 3 --sla bench

# measure SLA FILE THREADS: $runs runs -> one Markdown table row with the
# median wall time, the median CPU time (user + sys, all threads) and the
# highest peak RSS. On a shared machine wall time depends on what else runs;
# CPU time much less, so MB/s per CPU-second is given too.
measure() {
  local sla="$1" file="$2" threads="$3"
  local leads bytes results=()
  leads=$(wc -l < "$file")
  bytes=$(stat -c %s "$file")
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S %M" -o "$tmp/time.txt" \
      "$baton" score "$root/$sla" "$file" --as-of "$as_of" --threads "$threads" --quiet > /dev/null
    results+=("$(cat "$tmp/time.txt")")
  done
  printf '%s\n' "${results[@]}" | awk -v n="$runs" -v leads="$leads" -v bytes="$bytes" \
    -v sla="$sla" -v file="$(basename "$file")" -v threads="$threads" '
    function median(a, k,   i, j, t) {  # sorts a[1..k] in place
      for (i = 2; i <= k; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
      return a[int((k + 1) / 2)]
    }
    { wall[NR] = $1; cpu[NR] = $2 + $3; if ($4 > maxrss) maxrss = $4 }
    END {
      w = median(wall, n); c = median(cpu, n)
      printf "| %s | %s | %d | %.0f MB | %d | %.2f s | %.0f | %.0f | %.2f s | %.0f | %.1f MB |\n",
        sla, file, threads, bytes / 1e6, leads, w, leads / w, bytes / 1e6 / w, c, bytes / 1e6 / c, maxrss / 1024
    }'
}

echo "load: $(uptime)"
echo "| SLA | input | threads | size | leads | wall (median) | leads/s | MB/s | CPU s (median) | MB/s per CPU-s | peak RSS |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for threads in 1 2; do
  measure examples/b2b-saas.baton "$tmp/b2b-200k-25ev.jsonl" "$threads"
  measure bench/bench.baton "$tmp/bench-200k-25ev.jsonl" "$threads"
  [ "$small" = 1 ] || measure bench/bench.baton "$tmp/bench-1M-25ev.jsonl" "$threads"
  [ "$small" = 1 ] || measure bench/bench.baton "$tmp/bench-$size.jsonl" "$threads"
done
echo "load: $(uptime)"
