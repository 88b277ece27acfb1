#!/usr/bin/env python3
"""`baton score` prints the same with any number of threads.

Scores a file of 60,000 leads (the small-shop example's, repeated, one in
997 damaged so that rejections are mixed in) with 1, 2 and 3 threads, and
compares stdout, the --errors file and the exit code of each run whole with
the single-threaded one. 60,000 lines are some 23 batches of the
pipeline (1 MiB each), more than the reader lets be in flight at once, so
it scores some of them itself (docs/cli.md, `--threads`).
"""
import argparse
import os
import subprocess
import sys
import tempfile

AS_OF = "2026-11-23T00:00:00Z"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--baton", required=True)
    options = parser.parse_args()
    source = open("examples/small-shop-leads.jsonl", "rb").read().splitlines()
    lines = []
    for i in range(60000):
        line = source[i % len(source)]
        if i % 997 == 3:
            line = line[: len(line) // 2]  # cut short: a rejected record
        lines.append(line)
    with tempfile.TemporaryDirectory() as tmp:
        leads = os.path.join(tmp, "leads.jsonl")
        with open(leads, "wb") as f:
            f.write(b"\n".join(lines) + b"\n")
        results = {}
        for threads in (1, 2, 3):
            errors = os.path.join(tmp, f"errors-{threads}.jsonl")
            run = subprocess.run([options.baton, "score", "examples/small-shop.baton", leads, "--as-of", AS_OF,
                                  "--threads", str(threads), "--errors", errors, "--quiet"], capture_output=True)
            results[threads] = (run.returncode, run.stdout, open(errors, "rb").read())
        code, out, errors = results[1]
        decisions, rejected = out.count(b"\n"), errors.count(b"\n")
        if code != 1 or rejected != 61 or decisions + rejected != 60000:
            print(f"one thread: exit {code}, {decisions} decisions, {rejected} rejected (expected exit 1, "
                  f"60000 in all, 61 rejected)", file=sys.stderr)
            return 1
        failed = [t for t in (2, 3) if results[t] != results[1]]
        for t in failed:
            print(f"--threads {t} differs from --threads 1", file=sys.stderr)
        print(f"{decisions} decisions and {rejected} rejections, the same with 1, 2 and 3 threads"
              if not failed else "threads disagree")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
