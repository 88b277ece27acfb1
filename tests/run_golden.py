#!/usr/bin/env python3
"""Runs one golden test: tests/golden/NAME.cmd against NAME.stdout.

NAME.cmd holds the arguments to `baton` on its first line (paths relative to
the repository root) and optionally "exit: N" on the second (default 0).
stdout is compared whole with NAME.stdout; with NAME.stderr present, stderr
is compared too. --update rewrites the expected files.
"""
import argparse
import pathlib
import shlex
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--baton", required=True)
    parser.add_argument("--update", action="store_true")
    parser.add_argument("cmds", nargs="+")
    options = parser.parse_args()
    failed = 0
    for name in options.cmds:
        cmd = pathlib.Path(name)
        lines = cmd.read_text().splitlines()
        args = shlex.split(lines[0])
        want_exit = 0
        for line in lines[1:]:
            if line.startswith("exit:"):
                want_exit = int(line.split(":", 1)[1])
        proc = subprocess.run([options.baton, *args], capture_output=True, timeout=120)
        stdout_path = cmd.with_suffix(".stdout")
        stderr_path = cmd.with_suffix(".stderr")
        if options.update:
            stdout_path.write_bytes(proc.stdout)
            if stderr_path.exists():
                stderr_path.write_bytes(proc.stderr)
            continue
        problems = []
        if proc.returncode != want_exit:
            problems.append(f"exit code {proc.returncode}, expected {want_exit}")
        if not stdout_path.exists() or proc.stdout != stdout_path.read_bytes():
            problems.append("stdout differs from " + stdout_path.name)
        if stderr_path.exists() and proc.stderr != stderr_path.read_bytes():
            problems.append("stderr differs from " + stderr_path.name)
        if problems:
            failed += 1
            print(f"FAIL {cmd.name}: " + "; ".join(problems), file=sys.stderr)
            print(proc.stderr.decode("utf-8", "replace")[:4000], file=sys.stderr)
            if stdout_path.exists():
                import difflib
                diff = difflib.unified_diff(stdout_path.read_text().splitlines(),
                                            proc.stdout.decode("utf-8", "replace").splitlines(),
                                            "expected", "actual", lineterm="", n=2)
                print("\n".join(list(diff)[:80]), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
