#!/usr/bin/env python3
"""Runs one data-driven case: tests/cases/NAME.baton against NAME.expected.

The expected file holds the exit code on its first line ("exit: N") and then
the whole output of `baton check NAME.baton` (stderr and stdout, in that
order). A case may pick other arguments with a first line comment
`# args: fmt --check` (the file's path is appended). Run with --update to
rewrite the expected file from the current output.
"""
import argparse
import pathlib
import shlex
import subprocess
import sys


def run(baton, case):
    text = case.read_bytes()
    args = ["check"]
    first = text.split(b"\n", 1)[0].decode("utf-8", "replace")
    if first.startswith("# args:"):
        args = shlex.split(first[len("# args:"):])
    rel = case.relative_to(pathlib.Path.cwd()) if case.is_absolute() else case
    proc = subprocess.run([baton, *args, str(rel)], capture_output=True, timeout=60)
    output = proc.stderr.decode("utf-8", "replace") + proc.stdout.decode("utf-8", "replace")
    return f"exit: {proc.returncode}\n{output}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--baton", required=True)
    parser.add_argument("--update", action="store_true")
    parser.add_argument("cases", nargs="+")
    options = parser.parse_args()
    failed = 0
    for name in options.cases:
        case = pathlib.Path(name).resolve()
        expected_path = case.with_suffix(".expected")
        actual = run(options.baton, case)
        if options.update:
            expected_path.write_text(actual)
            continue
        expected = expected_path.read_text() if expected_path.exists() else "<missing .expected file>\n"
        if actual != expected:
            failed += 1
            print(f"FAIL {case.name}\n--- expected\n{expected}--- actual\n{actual}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
