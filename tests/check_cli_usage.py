#!/usr/bin/env python3
"""docs/cli.md's verb headings show the arguments `baton VERB --help` requires.

A heading such as "## `baton score SLA [LEADS.jsonl ...]`" names its required
positional arguments bare and its optional ones in brackets; options
(`--id ID`, `[-o FILE]`) are left aside. The counts must match the
"Positionals:" section of the verb's --help, where CLI11 marks the required
ones REQUIRED, so a heading cannot promise that an argument may be left out.
"""
import argparse
import re
import subprocess
import sys

HEADING = re.compile(r"^## `baton (\w+)(.*)`$", re.M)


def heading_counts(args):
    required = optional = 0
    tokens = re.findall(r"\[[^\]]*\]|\S+", args)
    skip = False
    for token in tokens:
        if skip:
            skip = False
            continue
        if token.startswith("--"):
            skip = True  # `--outcomes FILE`: an option and its value
        elif token.startswith("[-"):
            continue  # `[-o FILE]`, `[--id ID]`
        elif token.startswith("["):
            optional += 1
        else:
            required += 1
    return required, optional


def help_counts(baton, verb):
    text = subprocess.run([baton, verb, "--help"], capture_output=True, text=True, check=True).stdout
    section = text.split("Positionals:", 1)
    if len(section) < 2:
        return 0, 0
    lines = [line for line in section[1].split("\n\n", 1)[0].splitlines() if line.strip()]
    required = sum(1 for line in lines if "REQUIRED" in line)
    return required, len(lines) - required


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--baton", required=True)
    parser.add_argument("doc")
    options = parser.parse_args()
    failed = 0
    headings = HEADING.findall(open(options.doc, encoding="utf-8").read())
    for verb, args in headings:
        documented, actual = heading_counts(args), help_counts(options.baton, verb)
        if documented != actual:
            failed += 1
            print(f"`baton {verb}{args}`: {documented[0]} required and {documented[1]} optional arguments, "
                  f"but --help has {actual[0]} and {actual[1]}", file=sys.stderr)
    print(f"{len(headings)} headings checked; {failed} differ")
    return 1 if failed or not headings else 0


if __name__ == "__main__":
    sys.exit(main())
