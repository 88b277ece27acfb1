#!/usr/bin/python3
"""The Python package against `baton score`: run by hand, never by ctest.

    /usr/bin/python3 bench/python_bench.py                  # build/ (RelWithDebInfo), 100k leads
    /usr/bin/python3 bench/python_bench.py --build build-bench --count 200000

Measures, each the median of --runs runs, inputs in the page cache:
  1. `baton score FILE --threads T > /dev/null` against
     `for d in program.score_jsonl(FILE, threads=T)` (Decision objects) and
     the same writing d.json to /dev/null, T = 1 and 2;
  2. program.score_frame on a --count-row DataFrame (leads with 0-10 events),
     per lead, beside `baton score` on the same leads;
  3. baton.dask.score over the JSON Lines file in 16 MB partitions on a
     LocalCluster with 1 worker process and with 2 (one thread each).
Inputs are generated once under /tmp/baton-bench-py (bench/gen_leads.py).
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-23T00:00:00Z"


def generate(path, count, events_min, events_max):
    if not path.exists():
        with open(str(path) + ".part", "w") as f:
            subprocess.run([sys.executable, str(ROOT / "bench" / "gen_leads.py"), "--count", str(count),
                            "--events-min", str(events_min), "--events-max", str(events_max)], stdout=f, check=True)
        os.rename(str(path) + ".part", path)
    return path


def cpu_seconds():
    """CPU time (user + sys) of this process, all threads, and of finished children."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def median_time(runs, function):
    """(median wall, median CPU) seconds."""
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), cpu_seconds()
        function()
        walls.append(time.perf_counter() - started)
        cpus.append(cpu_seconds() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _salt(lines, salt):
    return lines


def _stage(result):
    return result.stage if result.scored else "rejected"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=str(ROOT / "build"))
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-dask", action="store_true")
    options = parser.parse_args()
    sys.path.insert(0, str(Path(options.build) / "python"))
    import baton

    cli = str(Path(options.build) / "cli" / "baton")
    tmp = Path("/tmp/baton-bench-py")
    tmp.mkdir(exist_ok=True)
    sla = ROOT / "examples" / "b2b-saas.baton"
    program = baton.compile(str(sla))
    leads = generate(tmp / f"b2b-{options.count}-25ev.jsonl", options.count, 20, 30)
    size_mb = leads.stat().st_size / 1e6
    print(f"{leads.name}: {options.count} leads, {size_mb:.0f} MB; build {options.build}")

    def cli_run(path, threads):
        with open(os.devnull, "w") as null:
            subprocess.run([cli, "score", str(sla), str(path), "--as-of", AS_OF, "--quiet", "--threads",
                            str(threads)], stdout=null, check=True)

    def consume(path, threads):
        n = 0
        for d in program.score_jsonl(path, as_of=AS_OF, threads=threads):
            n += 1
        assert n == options.count

    def write(path, threads):
        with open(os.devnull, "w") as null:
            for d in program.score_jsonl(path, as_of=AS_OF, threads=threads):
                null.write(d.json)
                null.write("\n")

    print("\n| run | threads | wall (median) | leads/s | vs baton score | CPU s (median) | leads per CPU-s | vs baton score |")
    print("|---|---|---|---|---|---|---|---|")
    for threads in (1, 2):
        base, base_cpu = median_time(options.runs, lambda: cli_run(leads, threads))
        print(f"| `baton score` | {threads} | {base:.2f} s | {options.count / base:,.0f} | 1.00× | "
              f"{base_cpu:.2f} s | {options.count / base_cpu:,.0f} | 1.00× |")
        for name, function in (("`score_jsonl`, iterate Decisions", consume),
                               ("`score_jsonl`, write `d.json`", write)):
            t, cpu = median_time(options.runs, lambda: function(leads, threads))
            print(f"| {name} | {threads} | {t:.2f} s | {options.count / t:,.0f} | {base / t:.2f}× | "
                  f"{cpu:.2f} s | {options.count / cpu:,.0f} | {base_cpu / cpu:.2f}× |")

    import pandas as pd
    small = generate(tmp / f"b2b-{options.count}-5ev.jsonl", options.count, 0, 10)
    with open(small) as f:
        frame = pd.DataFrame([json.loads(line) for line in f])
    print(f"\n{small.name}: a {len(frame)}-row DataFrame, {len(frame.columns)} columns (events: lists of dicts)")
    print("\n| run | threads | wall (median) | per lead | leads/s |")
    print("|---|---|---|---|---|")
    for threads in (1, 2):
        base, _ = median_time(options.runs, lambda: cli_run(small, threads))
        print(f"| `baton score` (same leads, JSON Lines) | {threads} | {base:.2f} s | "
              f"{base / options.count * 1e6:.2f} µs | {options.count / base:,.0f} |")
        t, _ = median_time(options.runs, lambda: program.score_frame(frame, as_of=AS_OF, threads=threads))
        print(f"| `score_frame` | {threads} | {t:.2f} s | {t / options.count * 1e6:.2f} µs | "
              f"{options.count / t:,.0f} |")
    frame = None  # free the DataFrame before the Dask runs

    if options.skip_dask:
        return
    import dask.bag as db
    import distributed
    import baton.dask
    print("\n| Dask run | workers | partitions | wall (median) | leads/s | vs 1 worker |")
    print("|---|---|---|---|---|---|")
    first = None
    for workers in (1, 2):
        with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None,
                                      silence_logs=40) as cluster, distributed.Client(cluster):
            bag = db.read_text(str(leads), blocksize=16_000_000)
            runs = iter(range(options.runs + 1))

            def run():
                # A new graph each run (the salt changes every key), or the
                # scheduler may hand back results it still holds.
                salted = bag.map_partitions(_salt, next(runs))
                job = baton.dask.score(salted, program, as_of=AS_OF).map(_stage).frequencies()
                counts = dict(job.compute())
                assert sum(counts.values()) == options.count

            run()  # warm: workers import baton and receive the program
            t, _ = median_time(options.runs, run)
            first = first or t
            print(f"| `baton.dask.score(bag).frequencies()` | {workers} | {bag.npartitions} | {t:.2f} s | "
                  f"{options.count / t:,.0f} | {first / t:.2f}× |")


if __name__ == "__main__":
    main()
