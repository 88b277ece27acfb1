#!/usr/bin/env python3
"""The CLI gives the same output with either record decoder.

Runs `baton score`, `replay` and `explain` on the example leads, the golden
file of bad records and a generated file of damaged leads, once with the
default decoder and once with `--decoder dom` (the reference), and compares
stdout, stderr and the exit code of each pair whole (docs/cli.md, "How
records are read"). Comparing the pair rather than fixed outputs keeps the
test independent of fingerprints and formats that other tests pin down.
"""
import argparse
import random
import subprocess
import sys
import tempfile

AS_OF = "2026-11-23T00:00:00Z"


def damaged(lines, seed):
    """Each line with a byte changed, removed or inserted somewhere, half of the time."""
    rng = random.Random(seed)
    out = []
    for line in lines:
        line = bytearray(line)
        if rng.random() < 0.5 and line:
            at = rng.randrange(len(line))
            op = rng.randrange(3)
            byte = rng.choice(b'{}[]",:\\ tfn0-.eZ\x01\xc3u')
            if op == 0:
                line[at] = byte
            elif op == 1:
                del line[at]
            else:
                line.insert(at, byte)
        out.append(bytes(line))
    return b"\n".join(out) + b"\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--baton", required=True)
    options = parser.parse_args()
    examples = ["b2b-saas", "points-classic", "small-shop"]
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as bad:
        source = open("examples/b2b-saas-leads.jsonl", "rb").read().splitlines()
        bad.write(damaged(source * 4, 7))
        bad.flush()
        runs = []
        for name in examples:
            sla, leads = f"examples/{name}.baton", f"examples/{name}-leads.jsonl"
            runs.append(["score", sla, leads, "--as-of", AS_OF])
            runs.append(["replay", sla, leads, "--as-of", AS_OF])
            runs.append(["explain", sla, leads, "--id", "L001", "--as-of", AS_OF])
        # The review verbs read leads through the same options.
        runs.append(["diff", "examples/review/b2b-saas-v1.baton", "examples/review/b2b-saas-v2.baton",
                     "examples/b2b-saas-leads.jsonl", bad.name, "--as-of", AS_OF])
        runs.append(["report", "examples/b2b-saas.baton", "examples/b2b-saas-leads.jsonl", bad.name, "--as-of", AS_OF,
                     "--outcomes", "examples/review/b2b-saas-outcomes.jsonl"])
        for extra in ([], ["--strict"], ["--coerce"], ["--event-types-ignore-case"]):
            runs.append(["score", "examples/b2b-saas.baton", "tests/golden/bad-records.jsonl", "--as-of", AS_OF] + extra)
            runs.append(["score", "examples/b2b-saas.baton", bad.name, "--as-of", AS_OF] + extra)
        # Values at the edges of their ranges (docs/limits.md, "Values in records").
        edges = ["tests/golden/edge-values.baton"]
        for extra in ([], ["--strict"], ["--coerce", "--coerce-zone", "America/New_York"]):
            runs.append(["score"] + edges + ["tests/golden/edge-values.jsonl", "--as-of", AS_OF] + extra)
            runs.append(["score"] + edges + ["tests/golden/edge-values.jsonl", "--as-of-field", "t"] + extra)
        runs.append(["score"] + edges + ["tests/golden/edge-values.csv", "--input-format", "csv", "--as-of", AS_OF,
                                         "--coerce-zone", "America/New_York"])
        # Sets with repeated items (each kept once) beside lists (which keep them).
        for extra in ([], ["--coerce"]):
            runs.append(["score", "tests/golden/sla/set_items.baton", "tests/golden/set-items-leads.jsonl",
                         "--as-of", AS_OF] + extra)
        failed = 0
        for args in runs:
            results = [subprocess.run([options.baton] + args + decoder, capture_output=True)
                       for decoder in ([], ["--decoder", "dom"])]
            a, b = results
            if a.returncode not in (0, 1):  # a usage error would agree with itself and prove nothing
                failed += 1
                print(f"did not run: baton {' '.join(args)}: {a.stderr.decode(errors='replace')}", file=sys.stderr)
                continue
            if (a.returncode, a.stdout, a.stderr) != (b.returncode, b.stdout, b.stderr):
                failed += 1
                print(f"differs: baton {' '.join(args)} (exit {a.returncode} / {b.returncode})", file=sys.stderr)
        rejected = [r for r in runs if r[2] == bad.name]
        print(f"{len(runs)} runs compared, {len(rejected)} on damaged leads; {failed} differ")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
