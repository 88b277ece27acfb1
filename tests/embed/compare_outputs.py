#!/usr/bin/env python3
"""Checks that an embedding prints exactly what `baton score` prints.

    compare_outputs.py --baton BATON --sla SLA --leads LEADS -- COMMAND ARGS...

Builds SLA to a temporary .batonc, runs `baton score` and COMMAND (in which
{program} is replaced by the .batonc path and {as_of} by the epoch seconds),
and compares their standard outputs line by line, their exit codes, and the
number of rejected records (one stderr line each).
"""
import argparse
import re
import subprocess
import sys
import tempfile

AS_OF = "2026-11-23T00:00:00Z"
AS_OF_EPOCH = "1795392000"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--baton", required=True)
    parser.add_argument("--sla", required=True)
    parser.add_argument("--leads", required=True)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    options = parser.parse_args()
    command = options.command[1:] if options.command[:1] == ["--"] else options.command
    with tempfile.TemporaryDirectory() as tmp:
        program = f"{tmp}/program.batonc"
        subprocess.run([options.baton, "build", options.sla, "-o", program], check=True, capture_output=True)
        cli = subprocess.run([options.baton, "score", program, options.leads, "--as-of", AS_OF, "--quiet"],
                             capture_output=True)
        if cli.returncode not in (0, 1):
            print(f"baton score exited {cli.returncode}:\n{cli.stderr.decode()}", file=sys.stderr)
            return 1
        expected = cli.stdout.decode()
        command = [part.replace("{program}", program).replace("{as_of}", AS_OF_EPOCH) for part in command]
        actual = subprocess.run(command, capture_output=True)
        # Rejected records: the same exit code, and one line on stderr each.
        if actual.returncode != cli.returncode:
            print(f"{command[0]} exited {actual.returncode}, baton score {cli.returncode}:\n{actual.stderr.decode()}",
                  file=sys.stderr)
            return 1
        rejections = len(cli.stderr.decode().splitlines())
        # A rejection line: the JSON record baton score writes, or "line N ...".
        said = [l for l in actual.stderr.decode().splitlines() if re.match(r"\{|line \d+ ", l)]
        if len(said) != rejections:
            print(f"{command[0]} rejected {len(said)} records, baton score {rejections}:\n{actual.stderr.decode()}",
                  file=sys.stderr)
            return 1
        if actual.stdout.decode() != expected:
            print("outputs differ", file=sys.stderr)
            for a, b in zip(expected.splitlines(), actual.stdout.decode().splitlines()):
                if a != b:
                    print(f"baton score: {a}\nembedding:   {b}", file=sys.stderr)
                    break
            return 1
        print(f"{len(expected.splitlines())} decisions identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
