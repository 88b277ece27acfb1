#!/usr/bin/env python3
"""Checks `baton fmt`'s guarantees on SLA files (tests/golden/fmt/*.baton).

For each file: formatting the formatted text changes nothing (idempotent),
the formatted file compiles to the same fingerprint as the original (the
meaning is unchanged), and every comment is in the output next to what it
annotates (see comments()). The output itself is compared whole by the golden
tests/golden/fmt_NAME.cmd.
"""
import argparse
import collections
import pathlib
import re
import subprocess
import sys
import tempfile


def run(baton, *args):
    return subprocess.run([baton, *args], capture_output=True, timeout=120)


def fingerprint(baton, path, out):
    proc = run(baton, "build", str(path), "-o", str(out))
    if proc.returncode != 0:
        raise RuntimeError(f"baton build {path} failed:\n" + proc.stderr.decode("utf-8", "replace"))
    match = re.search(rb"fingerprint ([0-9a-f]+)", proc.stderr)
    if not match:
        raise RuntimeError(f"no fingerprint in: {proc.stderr!r}")
    return match.group(1).decode()


KEYWORDS = set("""sla version tests for lead event const let export score max min window decay half_life
    stages routes test as_of events expect at when per where within otherwise if then else and or not in
    between matches starts_with ends_with contains among after escalate to on lifecycle from since handoff
    summary fields reasons holidays calendar int number string bool time duration set list true false""".split())
TOKEN = re.compile(r'"(?:\\.|[^"\\\n])*"|#[^\n]*|\w+|\n|\S')


def comments(text):
    """Each comment with what it annotates: a comment after code on its line
    (trailing) is about the last operand before it, one on a line of its own
    about the first operand after it. Operands are names, literals and
    numbers; keywords and operators may move past a comment (`a or  # x` /
    `b` prints as `a  # x` / `or b`). A regex holding `#` or `"` would be
    misread; the inputs have none."""
    found = []
    operands = 0
    code_on_line = False
    pending = []  # own-line comments waiting for the next operand
    for token in TOKEN.findall(text):
        if token == "\n":
            code_on_line = False
        elif token.startswith("#"):
            if code_on_line:
                found.append((token.rstrip(), "after operand", operands))
            else:
                pending.append(token.rstrip())
        else:
            code_on_line = True
            if token.startswith('"') or (re.match(r"\w", token) and token not in KEYWORDS):
                operands += 1
                found.extend((c, "before operand", operands) for c in pending)
                pending = []
    found.extend((c, "before operand", operands + 1) for c in pending)
    return found


def check(baton, source):
    problems = []
    first = run(baton, "fmt", str(source))
    if first.returncode != 0:
        return [f"fmt exited {first.returncode}: " + first.stderr.decode("utf-8", "replace")]
    with tempfile.TemporaryDirectory() as tmp:
        formatted = pathlib.Path(tmp) / source.name
        formatted.write_bytes(first.stdout)
        second = run(baton, "fmt", str(formatted))
        if second.stdout != first.stdout:
            problems.append("not idempotent: formatting the output changes it")
        before = fingerprint(baton, source, pathlib.Path(tmp) / "before.batonc")
        after = fingerprint(baton, formatted, pathlib.Path(tmp) / "after.batonc")
        if before != after:
            problems.append(f"fingerprint changed: {before} before, {after} after")
    want, got = comments(source.read_text()), comments(first.stdout.decode())
    if want != got:
        moved = [f"{c!r} {where} {n}" for c, where, n in want if (c, where, n) not in got]
        extra = [f"{c!r} {where} {n}" for c, where, n in got if (c, where, n) not in want]
        problems.append("comments moved or lost: " + "; ".join(moved) + " | in the output: " + "; ".join(extra))
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--baton", required=True)
    parser.add_argument("files", nargs="+")
    options = parser.parse_args()
    failed = 0
    for name in options.files:
        problems = check(options.baton, pathlib.Path(name))
        for problem in problems:
            print(f"FAIL {name}: {problem}", file=sys.stderr)
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
