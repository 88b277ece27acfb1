#!/usr/bin/env bash
# Load test of `baton serve` on loopback with wrk (Debian package `wrk`:
# apt-get install wrk): single-lead requests/s and latency with keep-alive,
# then batch throughput in leads/s against `baton score` on the same leads,
# as JSON Lines and as a CSV export (the leads' fields, without events).
# Short runs (DURATION, default 10 s each); the server gets --threads 2.
#
#   bench/service.sh            # uses build/cli/baton (BUILD_DIR to change)
#
# Environment: BUILD_DIR (default build), BENCH_TMP (default /tmp/baton-bench),
# DURATION (default 10s), BATCH_LEADS (default 1000).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
build="${BUILD_DIR:-$root/build}"
tmp="${BENCH_TMP:-/tmp/baton-bench}"
duration="${DURATION:-10s}"
batch_leads="${BATCH_LEADS:-1000}"
baton="$build/cli/baton"
sla="$root/examples/b2b-saas.baton"
as_of="2026-11-23T00:00:00Z"
command -v wrk >/dev/null || { echo "service.sh: wrk missing; apt-get install wrk" >&2; exit 2; }

mkdir -p "$tmp"
leads="$tmp/service-b2b-${batch_leads}.jsonl"
[ -s "$leads" ] || python3 "$here/gen_leads.py" --count "$batch_leads" --events-min 20 --events-max 30 --seed 7 --sla b2b > "$leads"
repeated="$tmp/service-b2b-x100.jsonl"
for _ in $(seq 100); do cat "$leads"; done > "$repeated"
# The same leads as a CRM export: one row each, the lead's fields as text.
csv="$tmp/service-b2b-${batch_leads}.csv"
python3 - "$leads" "$csv" <<'PY'
import csv, json, sys
leads = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
columns = ["id"] + sorted({k for lead in leads for k in lead if k not in ("id", "events")})
with open(sys.argv[2], "w", newline="", encoding="utf-8") as out:
    w = csv.writer(out)
    w.writerow(columns)
    for lead in leads:
        w.writerow(["" if lead.get(c) is None else str(lead[c]).lower() if isinstance(lead.get(c), bool) else lead[c]
                    for c in columns])
PY
repeated_csv="$tmp/service-b2b-x100.csv"
{ head -n1 "$csv"; for _ in $(seq 100); do tail -n +2 "$csv"; done; } > "$repeated_csv"

rm -f "$tmp/port"
"$baton" serve "$sla" --listen 127.0.0.1:0 --port-file "$tmp/port" --threads 2 --watch-interval 0 2> "$tmp/serve.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.05; done
url="http://127.0.0.1:$(cat "$tmp/port")"
# The server's CPU time (user + sys, all threads) from /proc: on a shared
# machine it says more than wall time.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$server/stat"; }
run_wrk() {  # run_wrk ARGS...: wrk, then the server's CPU seconds during the run
  local before after
  before=$(cpu)
  wrk "$@"
  after=$(cpu)
  echo "server CPU: $(awk -v a="$after" -v b="$before" 'BEGIN { printf "%.2f", a - b }') s"
}
export SCORE_PATH="/v1/score/lumenfold-b2b?as_of=$as_of" BODY_FILE="$leads"

echo "## single lead (one of $batch_leads leads of 20-30 events per request), keep-alive"
for c in 1 2; do
  echo "### $c connection(s), $c wrk thread(s)"
  run_wrk -t"$c" -c"$c" -d"$duration" --latency -s "$here/service_post.lua" "$url"
done

echo "## batch of $batch_leads leads per request (JSON Lines), 2 connections"
BATCH=1 run_wrk -t2 -c2 -d"$duration" --latency --timeout 30s -s "$here/service_post.lua" "$url"

echo "## batch of $batch_leads rows per request (CSV, no events), 2 connections"
CONTENT_TYPE=text/csv BODY_FILE="$csv" BATCH=1 run_wrk -t2 -c2 -d"$duration" --latency --timeout 30s -s "$here/service_post.lua" "$url"

echo "## baton score on the CSV rows x100 ($((batch_leads * 100)) rows), --threads 1"
/usr/bin/time -f "%e s wall, %U s user, %S s sys" "$baton" score "$sla" "$repeated_csv" --as-of "$as_of" --threads 1 --quiet > /dev/null

echo "## baton score on the same leads x100 ($((batch_leads * 100)) leads), --threads 2, output to /dev/null"
/usr/bin/time -f "%e s wall, %U s user, %S s sys" "$baton" score "$sla" "$repeated" --as-of "$as_of" --threads 2 --quiet > /dev/null
echo "## baton score, --threads 1"
/usr/bin/time -f "%e s wall, %U s user, %S s sys" "$baton" score "$sla" "$repeated" --as-of "$as_of" --threads 1 --quiet > /dev/null

kill -TERM "$server"
wait "$server" && echo "server stopped with exit code 0"
