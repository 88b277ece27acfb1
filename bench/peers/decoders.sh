#!/usr/bin/env bash
# `baton score` with each record decoder against the C++ ceiling, runs
# interleaved (baton, baton --decoder dom, ceiling; ROUNDS times) so that a
# busy machine's slow phases hit all three alike. Prints the CPU seconds
# (user + sys) of each and the ratios per CPU-second, medians and minimums.
# CPU time comes from wait4(2) (microseconds; /usr/bin/time prints
# hundredths, 3% of a 0.35 s run). Also prints user time alone: the ceiling
# reads its whole input into memory, so its sys time grows with the file.
# Needs build-bench (see bench/README.md, "How to run") and the ceiling as
# bench/peers/run.sh builds it; the leads as run.sh writes them.
#
#   ROUNDS=15 bench/peers/decoders.sh
#
# Environment: LEADS (default /tmp/baton-peers/leads-100000.jsonl), BUILD_DIR
# (default build-bench), CEILING (default $BUILD_DIR/peers-ceiling), ROUNDS (default 9),
# BASELINE (optional: another baton binary, e.g. an earlier commit's, timed in
# the same rounds with the default decoder and compared like the others),
# THREADS (default 1: baton's --threads; the ceiling has one).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${BUILD_DIR:-$root/build-bench}"
export LEADS="${LEADS:-/tmp/baton-peers/leads-100000.jsonl}"
export CEILING="${CEILING:-$build/peers-ceiling}"
export BATON="$build/cli/baton" SLA="$root/bench/bench.baton" ROUNDS="${ROUNDS:-9}" BASELINE="${BASELINE:-}"
export THREADS="${THREADS:-1}"
exec /usr/bin/python3 - <<'PY'
import os, statistics, subprocess

env = os.environ
score = [env["BATON"], "score", env["SLA"], env["LEADS"], "--as-of", "2026-11-23T00:00:00Z",
         "--threads", env["THREADS"], "--quiet"]
programs = {"on-demand": score, "dom": score + ["--decoder", "dom"], "ceiling": [env["CEILING"], env["LEADS"]]}
if env["BASELINE"]:
    programs["baseline"] = [env["BASELINE"]] + score[1:]

def run(argv):
    with open(os.devnull, "wb") as null:
        child = subprocess.Popen(argv, stdout=null)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"decoders.sh: {argv[0]} exited with {child.returncode}")
    return usage.ru_utime + usage.ru_stime, usage.ru_utime

cpu = {name: [] for name in programs}
user = {name: [] for name in programs}
for _ in range(int(env["ROUNDS"])):
    for name, argv in programs.items():
        c, u = run(argv)
        cpu[name].append(c)
        user[name].append(u)
for name in programs:
    print(f"{name:10} CPU s: median {statistics.median(cpu[name]):.3f}, min {min(cpu[name]):.3f}; "
          f"user s: median {statistics.median(user[name]):.3f} ({len(cpu[name])} runs)")
for name in [n for n in ("on-demand", "dom", "baseline") if n in programs]:
    m = statistics.median(cpu["ceiling"]) / statistics.median(cpu[name])
    n = min(cpu["ceiling"]) / min(cpu[name])
    u = statistics.median(user["ceiling"]) / statistics.median(user[name])
    print(f"baton {name} / ceiling per CPU-second: {m:.3f}x (medians), {n:.3f}x (minimums); user time alone {u:.3f}x")
PY
