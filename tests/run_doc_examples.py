#!/usr/bin/env python3
"""Runs the examples of a documentation page, so the docs cannot drift.

- A ```baton block that starts with `sla "` and has a `stages` block is a whole SLA: `baton check` must
  accept it and `baton test` must pass its tests.
- A ```console block holds `$ COMMAND` lines, each followed by the exact stdout
  it prints; commands run from the repository root with `baton` on PATH.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)


def run_sla(baton, text, where):
    with tempfile.NamedTemporaryFile("w", suffix=".baton", delete=False) as f:
        f.write(text)
        path = f.name
    try:
        for verb in ("check", "test"):
            r = subprocess.run([baton, verb, path], capture_output=True, text=True)
            if r.returncode != 0:
                return f"{where}: `baton {verb}` failed:\n{r.stdout}{r.stderr}"
    finally:
        os.unlink(path)
    return None


def run_console(baton, text, where, root, update=None):
    failures = []
    env = dict(os.environ, PATH=os.path.dirname(os.path.abspath(baton)) + os.pathsep + os.environ["PATH"])
    chunks = re.split(r"^\$ ", text, flags=re.M)[1:]
    for chunk in chunks:
        command, _, expected = chunk.partition("\n")
        r = subprocess.run(command, shell=True, capture_output=True, text=True, cwd=root, env=env)
        if update is not None:
            update.append((command, expected, r.stdout))
        elif r.stdout != expected:
            failures.append(f"{where}: `{command}` printed:\n{r.stdout}\nexpected:\n{expected}\n{r.stderr}")
    return failures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--baton", required=True)
    ap.add_argument("--update", action="store_true", help="rewrite the console outputs with what the commands print")
    ap.add_argument("doc")
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    text = open(args.doc, encoding="utf-8").read()
    failures, ran = [], 0
    for m in BLOCK.finditer(text):
        kind, body = m.group(1), m.group(2)
        where = f"{args.doc}:{text.count(chr(10), 0, m.start()) + 1}"
        if kind == "baton" and body.startswith('sla "') and "stages" in body:
            ran += 1
            problem = run_sla(args.baton, body, where)
            if problem:
                failures.append(problem)
        elif kind == "console":
            ran += 1
            updates = [] if args.update else None
            failures += run_console(args.baton, body, where, root, updates)
            for command, old, new in updates or []:
                text = text.replace(f"$ {command}\n{old}", f"$ {command}\n{new}", 1)
    if args.update:
        open(args.doc, "w", encoding="utf-8").write(text)
    for f in failures:
        print(f, file=sys.stderr)
    print(f"{args.doc}: {ran} examples, {len(failures)} failed")
    if ran == 0:
        print("no runnable examples found", file=sys.stderr)
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
