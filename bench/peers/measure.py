#!/usr/bin/env python3
"""Time every peer on the same input and print one Markdown table of ratios to baton.

    python3 bench/peers/measure.py --baton BATON --ceiling CEILING --leads FILE [--slow-leads FILE] [--runs 3]

Each peer runs `--runs` times (median reported) reading the input file (in
the page cache after the first run) with its output going to /dev/null. CPU
time is user + sys of the child (resource.getrusage(RUSAGE_CHILDREN)
deltas), which on a shared machine is far steadier than wall time: the ratios
use CPU time. --slow-leads (a prefix of --leads) is used for the slowest
peers (json-rules-engine, ZEN) so a run takes minutes rather than an hour;
their rates are per lead and per byte, so they compare directly.
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SLA = os.path.join(ROOT, "bench", "bench.baton")
AS_OF = "2026-11-23T00:00:00Z"


def peers(args):
    """(name, argv without the input file, slow, target for baton ÷ peer, notes)"""
    node = args.node
    return [
        ("baton (`--threads 1`)", [args.baton, "score", SLA, "--as-of", AS_OF, "--threads", "1", "--quiet"], False, "",
         "the full decision record (values, sla, version, fingerprint), records type-checked"),
        ("C++ ceiling (simdjson On-Demand)", [args.ceiling], False, "≥ 0.5",
         "exact; hand-coded for this SLA, `-O3 -march=native`, title regexes (RE2) cached by title"),
        ("LuaJIT 2.1 + lua-cjson", ["luajit", os.path.join(HERE, "lua", "score.lua")], False, "≥ 5",
         "closest faithful: title regexes as word lists (Lua patterns have no alternation or case folding)"),
        ("Python 3.11 (json, re)", [args.python, os.path.join(HERE, "python", "score.py")], False, "",
         "exact; XXH3 from python3-xxhash"),
        ("json-rules-engine 7.3.1", [node, os.path.join(HERE, "js", "jre.js")], True, "≥ 40",
         "rules in the engine's JSON; decay, aggregates, regex, sums and caps through custom facts/operators and its success handler"),
        ("ZEN 0.54.0 (@gorules/zen-engine)", [node, os.path.join(HERE, "js", "zen.js")], True, "≥ 100",
         "JDM graph: expression nodes + decision tables; XXH3 for one_of() precomputed outside the graph"),
    ]


def count_lines(path):
    with open(path, "rb") as f:
        return sum(1 for line in f if line.strip())


def run_once(argv, path):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        subprocess.run(argv + [path], stdout=devnull, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baton", required=True)
    ap.add_argument("--ceiling", required=True)
    ap.add_argument("--leads", required=True)
    ap.add_argument("--slow-leads")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--python", default="/usr/bin/python3")
    ap.add_argument("--node", default="node")
    ap.add_argument("--only", help="comma-separated name prefixes (baton is always timed)")
    args = ap.parse_args()
    slow_path = args.slow_leads or args.leads

    sizes = {}
    for path in {args.leads, slow_path}:
        sizes[path] = (count_lines(path), os.path.getsize(path))

    rows = []
    for name, argv, slow, target, notes in peers(args):
        if args.only and not name.startswith("baton") and not any(name.startswith(p) for p in args.only.split(",")):
            continue
        path = slow_path if slow else args.leads
        leads, size = sizes[path]
        walls, cpus = [], []
        for _ in range(args.runs):
            wall, cpu = run_once(argv, path)
            walls.append(wall)
            cpus.append(cpu)
            print(f"  {name}: wall {wall:.2f} s, CPU {cpu:.2f} s", file=sys.stderr)
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        rows.append(dict(name=name, leads=leads, size=size, wall=wall, cpu=cpu, rate=leads / cpu, mbs=size / 1e6 / cpu,
                         target=target, notes=notes))

    base = rows[0]["rate"]
    print("| peer | leads timed | CPU s (median) | leads/s per CPU-s | MB/s per CPU-s | wall s (median) | baton ÷ peer | target | fidelity |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        ratio = base / r["rate"]
        ratio_s = "1" if r is rows[0] else (f"{ratio:.2f}×" if ratio < 10 else f"{ratio:.0f}×")
        if r["target"]:
            need = float(r["target"].split()[-1])
            ratio_s += " (met)" if ratio >= need else " (missed)"
        print(f"| {r['name']} | {r['leads']:,} | {r['cpu']:.2f} | {r['rate']:,.0f} | {r['mbs']:.1f} | {r['wall']:.2f} | "
              f"{ratio_s} | {r['target']} | {r['notes']} |")


if __name__ == "__main__":
    main()
