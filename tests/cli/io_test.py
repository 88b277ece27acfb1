"""ctest cases for how `baton` treats failed writes, unreadable inputs and
streams: python3 io_test.py --baton PATH CASE (run from the repository root).

A write that fails must end the run with one `baton: cannot write ...` line
and exit code 2, never exit 0 with the output cut short (docs/cli.md, "Exit
codes"); a leads file that cannot be read is exit code 2 naming it.
"""
import argparse
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import threading

AS_OF = "2026-11-23T00:00:00Z"
SLA = "examples/b2b-saas.baton"
LEADS = "examples/b2b-saas-leads.jsonl"
BAD = "tests/golden/bad-records.jsonl"  # rejected records among good ones
V1, V2 = "examples/review/b2b-saas-v1.baton", "examples/review/b2b-saas-v2.baton"
OUTCOMES = "examples/review/b2b-saas-outcomes.jsonl"
DIR = "tests/golden"  # a directory where a file is expected
FULL = "No space left on device"

problems = []


def check(ok, what):
    if not ok:
        problems.append(what)


def run(baton, args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, timeout=60, **kwargs):
    return subprocess.run([baton, *args], stdin=stdin, stdout=stdout, stderr=subprocess.PIPE, timeout=timeout,
                          **kwargs)


def expect_write_failure(baton, args, target, error=FULL, **kwargs):
    """`args` writing to `target` on /dev/full (stdout, or a file they name): exit 2, the failure said once."""
    with open("/dev/full" if target == "stdout" else os.devnull, "wb") as out:
        proc = run(baton, args, stdout=out, **kwargs)
    said = proc.stderr.decode("utf-8", "replace")
    want = f"baton: cannot write {target}: {error}\n"
    check(proc.returncode == 2, f"{args}: exit {proc.returncode}, expected 2 (stderr: {said!r})")
    check(said.count(want) == 1, f"{args}: stderr {said!r} does not say {want!r} once")
    check("scored" not in said and "replayed" not in said, f"{args}: a summary after the failure: {said!r}")


# Each verb with stdout on /dev/full: small outputs fail only at the last
# flush, large ones mid-run; both are exit 2 with one message.
def case_stdout_full(baton):
    scoring = [SLA, LEADS, "--as-of", AS_OF]
    for args in (["score", *scoring], ["score", *scoring, "--format", "csv"], ["score", *scoring, "-j", "2"],
                 ["score", *scoring, "--changes"],
                 ["replay", *scoring], ["replay", *scoring, "--format", "text"],
                 ["report", V1, LEADS, "--outcomes", OUTCOMES, "--as-of", AS_OF],
                 ["report", V1, LEADS, "--outcomes", OUTCOMES, "--as-of", AS_OF, "--json"],
                 ["diff", V1, V2], ["diff", V1, V2, LEADS, "--as-of", AS_OF, "--json"],
                 ["explain", SLA, LEADS, "--id", "L001", "--as-of", AS_OF],
                 ["explain", SLA, LEADS, "--id", "L001", "--as-of", AS_OF, "--format", "json"],
                 ["fmt", SLA], ["disasm", SLA], ["stdlib"], ["test", "examples/tests"],
                 ["test", "examples/tests", "--format", "junit"],
                 ["check", "tests/cases/e0001_contain_typo.baton", "--format", "json"],
                 ["lint", SLA, "--format", "sarif"], ["--help"], ["score", "--help"], ["--version"]):
        expect_write_failure(baton, args, "stdout")
    # -o and --html name their file.
    expect_write_failure(baton, ["build", SLA, "-o", "/dev/full"], "/dev/full")
    expect_write_failure(baton, ["diff", V1, V2, "-q", "--html", "/dev/full"], "/dev/full")


# Rejected records written to --errors (or to stderr) that cannot be written.
def case_errors_full(baton):
    for args in (["score", SLA, BAD, "--as-of", AS_OF], ["score", SLA, BAD, "--as-of", AS_OF, "-j", "2"],
                 ["report", V1, BAD, "--outcomes", OUTCOMES, "--as-of", AS_OF],
                 ["diff", V1, V2, BAD, "--as-of", AS_OF]):
        proc = run(baton, [*args, "--errors", "/dev/full"])
        said = proc.stderr.decode()
        check(proc.returncode == 2, f"{args} --errors /dev/full: exit {proc.returncode}, expected 2")
        check(said.count(f"baton: cannot write /dev/full: {FULL}\n") == 1, f"{args} --errors /dev/full: {said!r}")
    # replay reports rejections on stderr: stderr on /dev/full cannot say why, but the exit code does.
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([baton, "replay", SLA, BAD, "--as-of", AS_OF, "-q"], stdout=subprocess.DEVNULL,
                              stderr=full, timeout=60)
    check(proc.returncode == 2, f"replay with stderr on /dev/full: exit {proc.returncode}, expected 2")


# A stdout closed with `>&-`: what is written there is lost, so exit 2; a
# file baton opens must not take its descriptor (the decisions would land in
# --errors). A verb that writes nothing there is fine.
def case_closed_stdout(baton):
    close_stdout = lambda: os.close(1)  # noqa: E731
    with tempfile.TemporaryDirectory() as tmp:
        errors = os.path.join(tmp, "errors.jsonl")
        proc = subprocess.run([baton, "score", SLA, BAD, "--as-of", AS_OF, "--errors", errors], stdin=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, preexec_fn=close_stdout, timeout=60)
        said = proc.stderr.decode()
        check(proc.returncode == 2, f"score >&-: exit {proc.returncode}, expected 2")
        check(said == "baton: cannot write stdout: Bad file descriptor\n", f"score >&-: stderr {said!r}")
        with open(errors, encoding="utf-8") as f:
            lines = f.read().splitlines()
        check(lines and all('"error":' in line for line in lines), f"score >&-: --errors holds {lines[:3]}")
    proc = subprocess.run([baton, "check", SLA], stderr=subprocess.PIPE, preexec_fn=close_stdout, timeout=60)
    check(proc.returncode == 0 and proc.stderr == b"", f"check >&-: exit {proc.returncode}, {proc.stderr!r}")


# A file-size limit (ulimit -f) with SIGXFSZ ignored: the write fails with
# EFBIG mid-run; the records before the limit are there, the run ends there.
def case_file_size_limit(baton):
    limit = 20000

    def limited():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "part.out")
        with open(out, "wb") as f:
            proc = run(baton, ["score", SLA, LEADS, "--as-of", AS_OF], stdout=f, preexec_fn=limited)
        said = proc.stderr.decode()
        check(proc.returncode == 2, f"score past ulimit -f: exit {proc.returncode}, expected 2")
        check(said == "baton: cannot write stdout: File too large\n", f"score past ulimit -f: stderr {said!r}")
        check(os.path.getsize(out) == limit, f"score past ulimit -f: wrote {os.path.getsize(out)} bytes")


# fmt --write, build -o and --html replace a file whole: a write that fails
# (here a file-size limit below the new file's size) leaves the old file as it
# was, with no temporary file beside it; a file rewritten keeps its
# permissions, and a symbolic link stays a link to the file it names.
def case_replace_whole_file(baton):
    messy = open(SLA, encoding="utf-8").read().replace("\n\n", "\n\n\n")  # fmt removes the extra blank lines
    formatted = run(baton, ["fmt", SLA]).stdout

    def limited(limit):
        def setup():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        return setup

    with tempfile.TemporaryDirectory() as tmp:
        sla = os.path.join(tmp, "sla.baton")
        open(sla, "w", encoding="utf-8").write(messy)
        proc = run(baton, ["fmt", "--write", sla], preexec_fn=limited(4096))
        check(proc.returncode == 2, f"fmt --write past ulimit -f: exit {proc.returncode}, expected 2")
        check(b"cannot write" in proc.stderr and b"File too large" in proc.stderr,
              f"fmt --write past ulimit -f: stderr {proc.stderr!r}")
        check(open(sla, encoding="utf-8").read() == messy, "fmt --write that failed changed the SLA file")
        check(os.listdir(tmp) == ["sla.baton"], f"left beside the SLA: {sorted(os.listdir(tmp))}")

        program = os.path.join(tmp, "sla.batonc")
        check(run(baton, ["build", SLA, "-o", program]).returncode == 0, "build -o")
        before = open(program, "rb").read()
        proc = run(baton, ["build", V2, "-o", program], preexec_fn=limited(len(before) // 2))
        check(proc.returncode == 2 and open(program, "rb").read() == before,
              f"build -o past ulimit -f: exit {proc.returncode}, and the old program must be intact")

        os.chmod(sla, 0o640)
        link = os.path.join(tmp, "link.baton")
        os.symlink(sla, link)
        proc = run(baton, ["fmt", "--write", link])
        check(proc.returncode == 0, f"fmt --write through a link: exit {proc.returncode} {proc.stderr!r}")
        check(os.path.islink(link), "fmt --write replaced the symbolic link with a file")
        check(open(sla, "rb").read() == formatted, "fmt --write through a link did not format the file it names")
        check(os.stat(sla).st_mode & 0o777 == 0o640, f"permissions {oct(os.stat(sla).st_mode & 0o777)}, expected 0o640")
        check(sorted(os.listdir(tmp)) == ["link.baton", "sla.baton", "sla.batonc"], f"files: {sorted(os.listdir(tmp))}")
    # Not a regular file: written in place.
    proc = run(baton, ["build", SLA, "-o", "/dev/null"])
    check(proc.returncode == 0, f"build -o /dev/null: exit {proc.returncode} {proc.stderr!r}")
    with tempfile.TemporaryDirectory() as tmp:
        # /dev/stdout appended to (>>) keeps what the file held before.
        out = os.path.join(tmp, "app.out")
        open(out, "wb").write(b"HEADER\n")
        with open(out, "ab") as f:
            proc = run(baton, ["build", SLA, "-o", "/dev/stdout"], stdout=f)
        data = open(out, "rb").read()
        check(proc.returncode == 0 and data.startswith(b"HEADER\nBTNC"),
              f"build -o /dev/stdout >> file: exit {proc.returncode}, file starts {data[:12]!r}")
        # A file with a second name (a hard link) is written in place: both names see the new text.
        sla, hard = os.path.join(tmp, "a.baton"), os.path.join(tmp, "hard.baton")
        open(sla, "w", encoding="utf-8").write(messy)
        os.link(sla, hard)
        check(run(baton, ["fmt", "--write", sla]).returncode == 0, "fmt --write on a hard-linked file")
        check(open(hard, "rb").read() == formatted, "fmt --write left the hard link with the old text")
        # Another owner's file keeps its owner and group (only root can give a file away).
        if os.geteuid() == 0:
            os.chown(sla, 65534, 65534)
            os.unlink(hard)
            open(sla, "w", encoding="utf-8").write(messy)
            check(run(baton, ["fmt", "--write", sla]).returncode == 0, "fmt --write on another owner's file")
            st = os.stat(sla)
            check((st.st_uid, st.st_gid) == (65534, 65534), f"fmt --write changed the owner to {st.st_uid}:{st.st_gid}")
            check(open(sla, "rb").read() == formatted, "fmt --write on another owner's file")


def endless_leads(pipe, stop):
    """Writes the example leads to `pipe` again and again until it breaks or `stop` is set."""
    block = open(LEADS, "rb").read()
    try:
        while not stop.is_set():
            pipe.write(block)
            pipe.flush()
    except (BrokenPipeError, ValueError, OSError):
        pass


# A reader that goes away: with SIGPIPE ignored, the first write that fails
# ends the run (exit 2) and no more input is read; here the input never ends,
# so a baton that kept reading would never stop. With the default SIGPIPE
# the signal ends it (a shell shows 141).
def case_closed_pipe(baton):
    for sigpipe, want in ((signal.SIG_IGN, 2), (signal.SIG_DFL, -signal.SIGPIPE)):
        label = "ignored" if sigpipe == signal.SIG_IGN else "default"
        def setup(sigpipe=sigpipe):
            signal.signal(signal.SIGPIPE, sigpipe)

        proc = subprocess.Popen([baton, "score", SLA, "--as-of", AS_OF, "-j", "2"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=setup)
        stop = threading.Event()
        feeder = threading.Thread(target=endless_leads, args=(proc.stdin, stop), daemon=True)
        feeder.start()
        head = proc.stdout.read(100)
        proc.stdout.close()
        try:
            code = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = "still running after 30 s"
        stop.set()
        said = proc.stderr.read().decode()
        check(len(head) == 100, f"closed pipe: read {len(head)} bytes")
        check(code == want, f"closed pipe (SIGPIPE {label}): exit {code}, expected {want}")
        if sigpipe == signal.SIG_IGN:
            check(said == "baton: cannot write stdout: Broken pipe\n", f"closed pipe: stderr {said!r}")


def expect(baton, args, code, stderr, stdin=subprocess.DEVNULL, stdout=None):
    proc = run(baton, args, stdin=stdin)
    said = proc.stderr.decode()
    check(proc.returncode == code, f"{args}: exit {proc.returncode}, expected {code} (stderr {said!r})")
    check(said == stderr, f"{args}: stderr\n{said}expected\n{stderr}")
    if stdout is not None:
        check(proc.stdout.decode() == stdout, f"{args}: stdout differs")
    return proc


def directory():
    """A descriptor open on a directory, for `baton ... < DIR`."""
    return os.open(DIR, os.O_RDONLY)


# A directory where a leads or outcomes file belongs: exit 2 naming it, and
# the other files of the run are still read.
def case_unreadable_inputs(baton):
    cannot = f"baton: cannot read {DIR}: Is a directory\n"
    decisions = run(baton, ["score", SLA, LEADS, "--as-of", AS_OF, "-q"]).stdout.decode()
    expect(baton, ["score", SLA, DIR, "--as-of", AS_OF], 2, cannot + "baton: read 0 records, scored 0, rejected 0\n")
    expect(baton, ["score", SLA, LEADS, DIR, LEADS, "--as-of", AS_OF, "-q"], 2, cannot, stdout=decisions * 2)
    expect(baton, ["score", SLA, "--input-format", "csv", DIR, "--as-of", AS_OF, "-q"], 2, cannot)
    expect(baton, ["score", SLA, "--as-of", AS_OF, "-q"], 2, "baton: cannot read stdin: Is a directory\n",
           stdin=directory())
    expect(baton, ["replay", SLA, DIR, "--as-of", AS_OF], 2, cannot + "baton: read 0 records, replayed 0, rejected 0\n")
    expect(baton, ["report", V1, LEADS, "--outcomes", DIR, "--as-of", AS_OF], 2, cannot)
    proc = expect(baton, ["diff", V1, V2, DIR, "--as-of", AS_OF], 2, cannot)
    check(b"no lead was scored" not in proc.stdout, "diff of a directory")
    expect(baton, ["explain", SLA, DIR, "--as-of", AS_OF], 2, cannot)
    expect(baton, ["explain", SLA, DIR, "--as-of", AS_OF, "--input-format", "csv"], 2, cannot)
    expect(baton, ["explain", SLA, "-", "--as-of", AS_OF], 2, "baton: cannot read stdin: Is a directory\n",
           stdin=directory())
    expect(baton, ["score", DIR, LEADS, "--as-of", AS_OF], 2, cannot)  # the SLA itself


# explain reads a line at a time and stops at the lead: a stream that stays
# open after the lead's line gets its answer (reading it all first would wait
# forever), whether the lead is its first line or a later one.
def case_explain_stream(baton):
    lines = open(LEADS, "rb").read().splitlines(keepends=True)
    want = run(baton, ["explain", SLA, LEADS, "--id", "L002", "--as-of", AS_OF]).stdout
    check(want.startswith(b"Lead L002"), f"explain from the file: {want[:80]!r}")
    for given, args in ((lines[:2], ["--id", "L002"]), (lines[1:2], ["--id", "L002"]), (lines[1:2], [])):
        proc = subprocess.Popen([baton, "explain", SLA, "-", "--as-of", AS_OF, *args], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        proc.stdin.write(b"".join(given))
        proc.stdin.flush()  # and kept open
        try:  # the explanation fits the pipe's buffer: baton ends before it is read
            code = proc.wait(timeout=20)
            out, err = proc.stdout.read(), proc.stderr.read()
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            code, out, err = "no answer after 20 s", b"", b""
        proc.stdin.close()
        check(code == 0 and out == want, f"explain {args} of {len(given)} streamed lines: exit {code}, "
                                         f"stdout {out[:80]!r}, stderr {err!r}")


# Threads the system refuses (here: each would reserve a 1 GiB stack within
# a 6 GiB address space) are no crash: the run goes on with those started,
# says so, and prints what one thread prints.
def case_threads_refused(baton):
    def small_address_space():
        resource.setrlimit(resource.RLIMIT_STACK, (1 << 30, 1 << 30))
        resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))

    scoring = ["score", SLA, LEADS, "--as-of", AS_OF, "-q"]
    want = run(baton, scoring).stdout
    proc = run(baton, [*scoring, "-j", "64"], preexec_fn=small_address_space)
    said = proc.stderr.decode()
    check(proc.returncode == 0, f"-j 64 with threads refused: exit {proc.returncode}")
    check(re.fullmatch(r"baton: --threads 64: only \d+ threads could be started \(Resource temporarily unavailable\); "
                       r"scoring with those\n", said), f"-j 64 with threads refused: stderr {said!r}")
    check(proc.stdout == want, "-j 64 with threads refused: the decisions differ from one thread's")


# Memory running out while threads start and score (ulimit -v): the run ends
# with "out of memory" and exit 2, or scores with what it has; never an abort.
def case_out_of_memory(baton):
    scoring = ["score", SLA, LEADS, "--as-of", AS_OF, "-q", "-j", "256"]
    for limit in (400_000, 300_000, 250_000, 200_000, 150_000, 120_000):
        def small(limit=limit):
            resource.setrlimit(resource.RLIMIT_AS, (limit * 1024, limit * 1024))
        proc = run(baton, scoring, preexec_fn=small)
        said = proc.stderr.decode()
        check(proc.returncode in (0, 2), f"ulimit -v {limit}: exit {proc.returncode}, stderr {said[-200:]!r}")
        if proc.returncode == 2:
            check("baton: out of memory" in said, f"ulimit -v {limit}: stderr {said[-200:]!r}")


# An output file that is one of the run's inputs (the leads, the SLA, the
# outcomes, the mapping) is refused before anything is written: exit 2, and
# the input is left as it was, whichever name reaches it (a symbolic link,
# a hard link, standard input).
def case_outputs_are_inputs(baton):
    with tempfile.TemporaryDirectory() as tmp:
        def copy(source, name):
            path = os.path.join(tmp, name)
            with open(source, "rb") as f, open(path, "wb") as out:
                out.write(f.read())
            return path

        leads, sla, outcomes = copy(LEADS, "leads.jsonl"), copy(SLA, "sla.baton"), copy(OUTCOMES, "outcomes.jsonl")
        v2 = copy(V2, "v2.baton")
        mapping = os.path.join(tmp, "map.txt")
        open(mapping, "w").write("Company=company\n")
        link, hard = os.path.join(tmp, "link.jsonl"), os.path.join(tmp, "hard.jsonl")
        os.symlink(leads, link)
        os.link(leads, hard)
        program = os.path.join(tmp, "sla.batonc")
        check(run(baton, ["build", sla, "-o", program]).returncode == 0, "build -o sla.batonc")
        kept = {path: open(path, "rb").read() for path in (leads, sla, outcomes, v2, mapping, program)}
        scoring = ["--as-of", AS_OF]
        refused = [
            (["score", sla, leads, *scoring, "--errors", leads], f"--errors {leads} is the leads file {leads}"),
            (["score", sla, leads, *scoring, "--errors", link], f"--errors {link} is the leads file {leads}"),
            (["score", sla, leads, *scoring, "--errors", hard], f"--errors {hard} is the leads file {leads}"),
            (["score", sla, *scoring, "--errors", leads], f"--errors {leads} is the file on standard input"),
            (["score", sla, leads, *scoring, "--errors", sla], f"--errors {sla} is the SLA {sla}"),
            (["score", sla, leads, *scoring, "--map-file", mapping, "--errors", mapping],
             f"--errors {mapping} is the mapping file {mapping}"),
            (["diff", sla, v2, leads, *scoring, "--errors", leads], f"--errors {leads} is the leads file {leads}"),
            (["diff", sla, v2, "--html", v2], f"--html {v2} is the new SLA {v2}"),
            (["report", sla, leads, "--outcomes", outcomes, *scoring, "--html", leads],
             f"--html {leads} is the leads file {leads}"),
            (["report", sla, leads, "--outcomes", outcomes, *scoring, "--errors", outcomes],
             f"--errors {outcomes} is the outcomes file {outcomes}"),
            (["build", sla, "-o", sla], f"-o {sla} is the SLA {sla}"),
            (["build", program], f"-o {program} is the SLA {program}"),  # its default output is itself
        ]
        for args, said in refused:
            with open(leads, "rb") as stdin:
                proc = run(baton, args, stdin=stdin)
            want = f"baton: {said}: writing it would destroy that input; give another file\n"
            check(proc.returncode == 2, f"{args}: exit {proc.returncode}, expected 2")
            check(proc.stderr.decode() == want, f"{args}: stderr {proc.stderr.decode()!r}, expected {want!r}")
            for path, text in kept.items():
                check(open(path, "rb").read() == text, f"{args} changed {path}")
        # Other files are written as before.
        errors = os.path.join(tmp, "errors.jsonl")
        proc = run(baton, ["score", sla, BAD, *scoring, "-q", "--errors", errors])
        check(proc.returncode == 1 and os.path.getsize(errors) > 0, f"score --errors FILE: exit {proc.returncode}")
        check(run(baton, ["build", sla]).returncode == 0, "build to the default name")


# JSON Lines whose lines end in CR alone, and a byte-order mark, arriving in
# pieces on a pipe: the first line end is told however the reads split it (a
# CR last in one read, the byte-order mark split over two), and the records
# are those of the file (tests/golden/score_cr_lines).
def case_cr_lines_in_pieces(baton):
    import time
    data = open("tests/golden/cr-lines.jsonl", "rb").read()
    first = data.index(b"\r")
    args = ["score", SLA, "--as-of", AS_OF, "-q"]
    want = open("tests/golden/score_cr_lines.stdout", "rb").read()
    for pieces in ([data[:first], data[first:first + 1], data[first + 1:]],
                   [b"\xef", b"\xbb\xbf" + data[:first + 1], data[first + 1:]]):
        proc = subprocess.Popen([baton, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for piece in pieces:
            proc.stdin.write(piece)
            proc.stdin.flush()
            time.sleep(0.2)
        proc.stdin.close()
        out, err = proc.stdout.read(), proc.stderr.read()
        proc.wait(timeout=30)
        check(proc.returncode == 1 and out == want,
              f"CR lines in pieces {[len(p) for p in pieces]}: exit {proc.returncode}, stderr {err!r}")


# Memory running out while a valid record is decoded (here a 30 MB line
# under ulimit -v) is no fault of the record: never a rejected record "out of
# memory" with exit 1, but the end of the run, "baton: out of memory" and
# exit 2, with the leads before it written (docs/limits.md).
def case_out_of_memory_decoding(baton):
    import json
    with tempfile.TemporaryDirectory() as tmp:
        leads = os.path.join(tmp, "big.jsonl")
        with open(leads, "w", encoding="utf-8") as f:
            f.write('{"id": "small1", "email": "a@b.example"}\n')
            f.write(json.dumps({"id": "huge", "email": "c@d.example", "job_title": "x" * 30_000_000}) + "\n")
            f.write('{"id": "small2", "email": "a@b.example"}\n')
        ended = 0
        for args in (["score"], ["score", "--decoder", "dom"], ["replay"]):
            for limit in (150_000, 200_000, 250_000, 300_000, 400_000, 600_000):
                def small(limit=limit):
                    resource.setrlimit(resource.RLIMIT_AS, (limit * 1024, limit * 1024))
                proc = run(baton, [*args, SLA, leads, "--as-of", AS_OF, "--max-record-bytes", "100000000"],
                           preexec_fn=small)
                said = proc.stderr.decode()
                what = f"{args} under ulimit -v {limit}"
                check('"error":"out of memory"' not in said, f"{what}: a record rejected for memory: {said[:300]!r}")
                check(proc.returncode in (0, 2), f"{what}: exit {proc.returncode}, stderr {said[:300]!r}")
                if proc.returncode == 2:
                    ended += 1
                    check(said.endswith("baton: out of memory\n"), f"{what}: stderr {said[:300]!r}")
                    check(proc.stdout.startswith(b'{"id":"small1"'), f"{what}: the lead before is not written")
        check(ended > 0, "memory never ran out: the limits are too high for this test")


# A file-size limit under the default SIGXFSZ (as a shell's `ulimit -f`
# leaves it): baton ignores the signal, so the write fails with EFBIG like
# any other, exit 2 naming the file; a file replaced whole is left as it was,
# with no temporary file beside it.
def case_file_size_signal(baton):
    def limited(limit):
        def setup():
            signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        return setup

    messy = open(SLA, encoding="utf-8").read().replace("\n\n", "\n\n\n")
    with tempfile.TemporaryDirectory() as tmp:
        sla = os.path.join(tmp, "a.baton")
        open(sla, "w", encoding="utf-8").write(messy)
        for args, name in ((["fmt", "--write", sla], sla), (["build", sla, "-o", os.path.join(tmp, "a.batonc")], None),
                           (["diff", V1, V2, "-q", "--html", os.path.join(tmp, "d.html")], None)):
            proc = run(baton, args, preexec_fn=limited(0 if name is None else 4096))
            said = proc.stderr.decode()
            check(proc.returncode == 2, f"{args} under ulimit -f: exit {proc.returncode}, expected 2 ({said!r})")
            check("File too large" in said, f"{args} under ulimit -f: stderr {said!r}")
            check(sorted(os.listdir(tmp)) == ["a.baton"], f"{args} under ulimit -f left {sorted(os.listdir(tmp))}")
        check(open(sla, encoding="utf-8").read() == messy, "fmt --write under ulimit -f changed the SLA")
        out = os.path.join(tmp, "decisions.out")
        with open(out, "wb") as f:
            proc = run(baton, ["score", SLA, LEADS, "--as-of", AS_OF], stdout=f, preexec_fn=limited(20000))
        check(proc.returncode == 2 and proc.stderr == b"baton: cannot write stdout: File too large\n",
              f"score under ulimit -f: exit {proc.returncode}, stderr {proc.stderr!r}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--baton", required=True)
    parser.add_argument("case")
    options = parser.parse_args()
    globals()["case_" + options.case](os.path.abspath(options.baton))
    for p in problems:
        print("FAIL", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
