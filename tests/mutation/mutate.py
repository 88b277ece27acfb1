#!/usr/bin/env python3
"""Mutation testing for baton: does the test suite notice a wrong operator?

Run by hand (never by CI), from the repository root:

    nice -n 19 python3 tests/mutation/mutate.py --count 120 --seed 1

It works on a copy: build-mutation/src is a `git worktree` of the current
commit (made or reset on each run; build-mutation/ is git-ignored), built in
build-mutation/build with -j1 and without the shared build lock. Each mutant
is one small edit of one line of runtime/src, stdlib/ or compiler/src/check*
(see OPERATORS), applied to the copy, followed by an incremental build of the
test subset's targets and a run of that subset (SUBSET). A mutant is

  killed         the build succeeded and some test failed,
  survived       the build succeeded and every test passed,
  not compiled   the build failed (a compile error, or a warning: -Werror).

After every mutant the file is restored with `git checkout` in the copy, also
on Ctrl-C, and every run starts by restoring the whole copy, so a mutant never
outlives its run and the repository itself is never touched.

The mutants are all candidates of the chosen files, sampled with --seed
(deterministic: the same commit, files and seed give the same mutants). The
report (build-mutation/report.md, and JSON Lines in build-mutation/results.jsonl)
lists the survivors by file and line. --list prints the sample without running
it; --only FILE:LINE[:N] runs the N-th candidate of one line.
"""
import argparse
import fnmatch
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "build-mutation"
SRC = WORK / "src"
BUILD = SRC / "build"  # inside the copy, as ./build in a worktree: the same relative paths, so ccache hits

DEFAULT_FILES = ["runtime/src/*.cpp", "runtime/src/*.hpp", "stdlib/src/*.cpp", "stdlib/src/*.hpp",
                 "compiler/src/check*.cpp"]
# Files mutated only on request: printing and the file format are checked by
# golden and corruption tests outside the fast subset.
EXCLUDED = ["runtime/src/disasm.cpp", "runtime/src/bytecode_text.hpp", "runtime/src/bytecode_sample_image.hpp"]

# The fast subset: unit tests of the evaluator, stdlib, decoder, outputs and
# checker, the boundary tests, and the CLI's golden cases. About a minute on
# the 2-core machine; the full suite takes several.
SUBSET_TARGETS = ["boundary_test", "semantics_test", "fast_paths_test", "decayed_aggregates_test", "stdlib_test",
                  "stdlib_examples_test", "business_time_test", "calendar_test", "assign_test",
                  "record_decoder_test", "coerce_test", "output_test", "lifecycle_test", "verifier_test",
                  "parser_test", "bytecode_io_test", "roundtrip_test", "baton"]
SUBSET_TESTS = (r"^(boundary/[^s]|semantics_test/|fast_paths_test/|decayed_aggregates_test/|stdlib_test/|"
                r"stdlib_examples_test/|business_time_test/|calendar_test/|assign_test/|record_decoder_test/|"
                r"coerce_test/|output_test/|lifecycle_test/|verifier_test/|parser_test/|bytecode_io_test/|roundtrip_test/|"
                r"case/|golden/)")


# Hand-written mutants (--named): the six of the issue that asked for the
# boundary tests, plus the window test of the one-table event pass.
NAMED = [
    ("runtime/src/accumulate.hpp", "/ 86400.0) / half_life_days)", "/ 86400.0) / (2 * half_life_days))",
     "decay computed with twice the half-life"),
    ("runtime/src/evaluator.cpp", "as_of_ + route.within : 0", "as_of_ + route.within + 60 : 0",
     "a route deadline one minute late"),
    ("runtime/src/comparisons.hpp", "return a.len >= b.len && bytes_equal(a.s, b.s, b.len)",
     "return a.len > b.len && bytes_equal(a.s, b.s, b.len)", "starts_with made strict"),
    ("runtime/src/event_pass.cpp", "age > pass.max_within", "age >= pass.max_within",
     "the event pass's window made exclusive"),
    ("runtime/src/comparisons.hpp", "X(le_num, b.n <= c.n)", "X(le_num, b.n < c.n)", "`<=` on numbers made `<`"),
    ("runtime/src/event_pass.cpp", "age > m.agg->within", "age >= m.agg->within",
     "the wide pass's window made exclusive"),
    ("runtime/src/event_pass.cpp", "age <= pass.windows[w].within", "age < pass.windows[w].within",
     "the one-table pass's member windows made exclusive"),
]


def named_mutants(head):
    out = []
    for rel, before, after, why in NAMED:
        text = subprocess.run(["git", "show", f"{head}:{rel}"], cwd=ROOT, capture_output=True, text=True).stdout
        lines = text.split("\n")
        hits = [(n, l.index(before)) for n, l in enumerate(lines, start=1) if before in l]
        if len(hits) != 1:
            sys.exit(f"named mutant {why!r}: {before!r} found {len(hits)} times in {rel}")
        out.append(Mutant(rel, hits[0][0], 0, "named: " + why, before, after, hits[0][1]))
    return out


@dataclass
class Mutant:
    file: str
    line: int       # 1-based
    index: int      # candidate number on that line
    operator: str
    before: str     # the original text (a fragment of the line)
    after: str
    column: int     # 0-based, of `before`

    def key(self):
        return f"{self.file}:{self.line}:{self.index}"


# Binary operators need a space on each side (the project's style), which
# keeps template brackets, `->`, `<<` and include paths out.
RELATIONAL = {" < ": [" <= "], " <= ": [" < "], " > ": [" >= "], " >= ": [" > "], " == ": [" != "], " != ": [" == "]}
LOGICAL = {" && ": [" || "], " || ": [" && "]}
ARITHMETIC = {" + ": [" - "], " - ": [" + "]}
NUMBER = re.compile(r"(?<![\w.])(\d+)(?![\w.'])")
IF_CONDITION = re.compile(r"\bif \((.*)\)(\s*(\{|return\b|continue\b|break\b|[\w(]).*)?$")
STATEMENT = re.compile(r"^\s*(\+\+|--)?[A-Za-z_][\w.\->\[\]()*]*\s*(=|\+=|-=|\*=|\|=|&=|\+\+|--|\.\w+\(|->\w+\(|\()")
DECLARATION = re.compile(r"^\s*(return|const|auto|static|using|case|default|if|for|while|switch|else|do|template|"
                         r"typename|struct|class|namespace|std::|int|double|bool|char|unsigned|size_t|"
                         r"[A-Z]\w*(::\w+)*[&*]?\s+[a-z_]\w*\s*[=;({])")


def code_part(line):
    """The line without its comment and without string/char literal contents:
    positions past the result's length or inside quotes are never mutated."""
    out, quote, i = [], None, 0
    while i < len(line):
        ch = line[i]
        if quote:
            out.append(" ")
            if ch == "\\":
                out.append(" ")
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
            out.append(" ")
        elif line.startswith("//", i):
            break
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def candidates(rel, text):
    """Every mutant of one file, in line order."""
    out = []
    in_block_comment = False
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if in_block_comment:
            if "*/" in stripped:
                in_block_comment = False
            continue
        if stripped.startswith("/*"):
            in_block_comment = "*/" not in stripped
            continue
        if not stripped or stripped.startswith("#include") or stripped.startswith("#pragma") or \
                stripped.startswith("static_assert") or stripped.startswith("//"):
            continue
        code = code_part(line)
        found = []
        for table, name in ((RELATIONAL, "relational"), (LOGICAL, "logical"), (ARITHMETIC, "arithmetic")):
            for before, afters in table.items():
                for m in re.finditer(re.escape(before), code):
                    for after in afters:
                        found.append((name, m.start(), before, after))
        for m in NUMBER.finditer(code):
            value = int(m.group(1))
            if "[" in code[max(0, m.start() - 1):m.start()] and "]" in code[m.end():m.end() + 1]:
                pass  # an index is still a constant worth moving
            found.append(("constant+1", m.start(), m.group(1), str(value + 1)))
            if value > 0:
                found.append(("constant-1", m.start(), m.group(1), str(value - 1)))
        m = IF_CONDITION.search(code)
        if m and code.count("(", m.start(1), m.end(1)) == code.count(")", m.start(1), m.end(1)) and \
                ";" not in m.group(1) and not re.match(r"(const|auto)\b", m.group(1)):
            condition = line[m.start(1):m.end(1)]
            found.append(("negate-if", m.start(1), condition, f"!({condition})"))
        if code.rstrip().endswith(";") and STATEMENT.match(code) and not DECLARATION.match(code) and \
                code.count("(") == code.count(")") and not stripped.startswith("}"):
            found.append(("drop-statement", len(line) - len(line.lstrip()), stripped, "/* dropped */"))
        for i, (name, column, before, after) in enumerate(sorted(found, key=lambda f: (f[1], f[0], f[3]))):
            out.append(Mutant(rel, number, i, name, before, after, column))
    return out


def apply(text, mutant):
    lines = text.split("\n")
    line = lines[mutant.line - 1]
    assert line[mutant.column:mutant.column + len(mutant.before)] == mutant.before, mutant
    lines[mutant.line - 1] = line[:mutant.column] + mutant.after + line[mutant.column + len(mutant.before):]
    return "\n".join(lines)


# The same ccache as /work/bbuild-style builds of the repository, so the
# first build of the copy mostly hits the cache.
ENV = dict(os.environ, CCACHE_BASEDIR=str(ROOT.parent), CCACHE_NOHASHDIR="1")


def sh(command, cwd=None, timeout=None, log=None):
    start = time.monotonic()
    try:
        done = subprocess.run(command, cwd=cwd, timeout=timeout, capture_output=True, text=True, env=ENV)
        code, output = done.returncode, done.stdout + done.stderr
    except subprocess.TimeoutExpired as e:
        code, output = -1, f"timed out after {timeout}s\n{e.stdout or ''}"
    if log is not None:
        log.write(f"$ {' '.join(map(str, command))}  [{code}, {time.monotonic() - start:.0f}s]\n")
    return code, output


NICE = ["nice", "-n", "19"]


def prepare(args, log):
    """The copy at this commit, restored, configured."""
    WORK.mkdir(exist_ok=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    if not (SRC / ".git").exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(SRC), head], cwd=ROOT, check=True,
                       capture_output=True)
    subprocess.run(["git", "checkout", "--detach", "--force", head], cwd=SRC, check=True, capture_output=True)
    subprocess.run(["git", "checkout", "--", "."], cwd=SRC, check=True)
    subprocess.run(["git", "clean", "-fdq"], cwd=SRC, check=True)
    if not (BUILD / "CMakeCache.txt").exists():
        env_launcher = ["-DCMAKE_CXX_COMPILER_LAUNCHER=ccache", "-DCMAKE_C_COMPILER_LAUNCHER=ccache"]
        code, out = sh(NICE + ["cmake", "-S", str(SRC), "-B", str(BUILD), "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
                               "-DBATON_WERROR=ON",
                               # lld: each mutant relinks the subset's executables
                               "-DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld", "-DCMAKE_SHARED_LINKER_FLAGS=-fuse-ld=lld",
                               "-DCMAKE_MODULE_LINKER_FLAGS=-fuse-ld=lld"] + env_launcher, log=log)
        if code:
            sys.exit(f"configure failed:\n{out}")
    return head


def build(args, log):
    env_targets = []
    for t in SUBSET_TARGETS + [target for target, _ in args.also]:
        env_targets += ["--target", t]
    return sh(NICE + ["cmake", "--build", str(BUILD), "-j1"] + env_targets, timeout=args.build_timeout, log=log)


def test(args, log):
    stop = [] if args.named else ["--stop-on-failure"]
    tests = SUBSET_TESTS + "".join(f"|{regex}" for _, regex in args.also)
    return sh(NICE + ["ctest", "--test-dir", str(BUILD), "-R", tests, "-j1", "--timeout", "120"] + stop,
              timeout=args.test_timeout, log=log)


def chosen_files(patterns):
    files = set()
    for pattern in patterns:
        for path in ROOT.glob(pattern):
            rel = path.relative_to(ROOT).as_posix()
            if rel not in EXCLUDED or pattern == rel:
                files.add(rel)
    return sorted(files)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=120, help="mutants to run (sampled); default 120")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--files", nargs="*", default=DEFAULT_FILES, help="globs relative to the root")
    parser.add_argument("--only", action="append", default=[], help="FILE:LINE[:N]: just these candidates")
    parser.add_argument("--list", action="store_true", help="print the sample and stop")
    parser.add_argument("--named", action="store_true",
                        help="run the hand-written mutants (NAMED) and list every test that fails for each")
    parser.add_argument("--prepare", action="store_true", help="make, configure and build the copy, then stop")
    parser.add_argument("--also", nargs=2, action="append", default=[], metavar=("TARGET", "TEST_REGEX"),
                        help="add a target and the tests it runs to the subset (to recheck survivors)")
    parser.add_argument("--build-timeout", type=int, default=1200)
    parser.add_argument("--test-timeout", type=int, default=900)
    args = parser.parse_args()

    # Sources are read from the commit (the copy is reset to it), not the work tree.
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    every = []
    for rel in chosen_files(args.files):
        text = subprocess.run(["git", "show", f"{head}:{rel}"], cwd=ROOT, capture_output=True, text=True).stdout
        every += candidates(rel, text)
    if args.named:
        sample = named_mutants(head)
    elif args.only:
        wanted = []
        for spec in args.only:
            parts = spec.split(":")
            wanted += [m for m in every if m.file == parts[0] and m.line == int(parts[1]) and
                       (len(parts) < 3 or m.index == int(parts[2]))]
        sample = wanted
    else:
        sample = random.Random(args.seed).sample(every, min(args.count, len(every)))
        sample.sort(key=lambda m: (m.file, m.line, m.index))
    print(f"{len(every)} candidate mutants in {len(chosen_files(args.files))} files at {head[:12]}; running {len(sample)} (seed {args.seed})")
    if args.list:
        for m in sample:
            print(f"{m.key():45} {m.operator:15} {m.before!r} -> {m.after!r}")
        return 0

    WORK.mkdir(exist_ok=True)
    log = open(WORK / "mutation.log", "a")
    log.write(f"\n=== {time.strftime('%Y-%m-%d %H:%M:%S')} seed {args.seed} count {len(sample)} at {head}\n")
    prepare(args, log)
    # Ctrl-C and kill restore the file before leaving (finally below).
    # (SIGINT too: a shell starts background jobs with it ignored.)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    print("baseline build and tests...", flush=True)
    code, out = build(args, log)
    if code:
        sys.exit(f"the unmutated copy does not build:\n{out[-3000:]}")
    if args.prepare:
        return 0
    code, out = test(args, log)
    if code:
        sys.exit(f"the unmutated copy fails its tests:\n{out[-3000:]}")

    results = []
    results_file = open(WORK / "results.jsonl", "w")
    started = time.monotonic()
    try:
        for n, m in enumerate(sample, start=1):
            path = SRC / m.file
            original = path.read_text()
            path.write_text(apply(original, m))
            try:
                code, out = build(args, log)
                if code:
                    status = "not compiled"
                else:
                    code, out = test(args, log)
                    status = "killed" if code else "survived"
                    failed = re.findall(r"^\s*\d+ - (.+?) \((?:Failed|Timeout|SEGFAULT|Subprocess aborted|Child aborted|"
                                        r"Exception|OTHER_FAULT|Not Run)\)", out, re.M)
            finally:
                path.write_text(original)
                subprocess.run(["git", "checkout", "--", m.file], cwd=SRC, check=True)
            record = asdict(m) | {"status": status}
            if status == "killed":
                record["killed_by"] = failed if args.named else failed[:3]
            results.append(record)
            results_file.write(json.dumps(record) + "\n")
            results_file.flush()
            print(f"[{n}/{len(sample)} {time.monotonic() - started:.0f}s] {status:12} {m.key():45} "
                  f"{m.operator}: {m.before!r} -> {m.after!r}", flush=True)
    except KeyboardInterrupt:
        print("interrupted: the copy is restored; the report covers the mutants run so far")
    finally:
        subprocess.run(["git", "checkout", "--", "."], cwd=SRC)
    write_report(results, args, head)
    return 0


def write_report(results, args, head):
    killed = sum(r["status"] == "killed" for r in results)
    survived = [r for r in results if r["status"] == "survived"]
    not_compiled = sum(r["status"] == "not compiled" for r in results)
    compiled = killed + len(survived)
    score = 100.0 * killed / compiled if compiled else 0.0
    lines = [f"# Mutation run {time.strftime('%Y-%m-%d')} at {head[:12]}, seed {args.seed}", "",
             f"{len(results)} mutants: {killed} killed, {len(survived)} survived, {not_compiled} not compiled; "
             f"score {score:.1f}% (killed / compiled)", "", "## Survivors", ""]
    for r in survived:
        lines.append(f"- `{r['file']}:{r['line']}` ({r['operator']}) `{r['before']}` -> `{r['after']}`")
    (WORK / "report.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"report: {WORK / 'report.md'}")


if __name__ == "__main__":
    sys.exit(main())
