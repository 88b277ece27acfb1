#!/usr/bin/env python3
"""The boundary scenarios through a surface other than the C++ API.

boundary_cases (emit_cases.cpp) writes each scenario's SLA, leads and
expected results; this script scores the leads through one surface and
compares every decision with what docs/language.md promises:

  cli     `baton score --as-of ...` (JSON Lines), and `baton explain --format json`
          for a sample of leads: its decision and the points of every rule
  c       `baton build`, then the C API (examples/embed/c/score.c: baton_evaluate_jsonl)
  python  the Python package: Program.score_jsonl (batches), Program.score and
          Program.explain (one lead at a time)
  http    `baton serve` with every scenario (each renamed, as one server serves
          one SLA per name): JSON Lines batches, single leads, and
          `?explain=true` for a sample (the points of every rule)

  surfaces.py --cases BOUNDARY_CASES --work DIR --baton BATON SURFACE [--c-example EXE] [--python-path DIR]

Exit 0 when every decision matches, 1 otherwise (the first mismatches are printed).
"""
import argparse
import json
import math
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

AS_OF = "2026-11-23T00:00:00Z"
AS_OF_EPOCH = 1795392000


def epoch_of(text):
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc).timestamp())


def same(got, expected):
    if isinstance(expected, float) or isinstance(got, float):
        if not isinstance(got, (int, float)) or isinstance(got, bool) or not isinstance(expected, (int, float)):
            return False
        return math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(expected, int) and not isinstance(expected, bool) and isinstance(got, str):
        return epoch_of(got) == expected  # a time value prints as RFC 3339
    return got == expected and type(got) is type(expected)


def compare(scenario, decisions, expected, problems):
    """decisions: parsed decision records in lead order."""
    if len(decisions) != len(expected):
        problems.append(f"{scenario}: {len(decisions)} decisions for {len(expected)} leads")
        return
    for got, want in zip(decisions, expected):
        where = f"{scenario} {want['id']}"
        if got.get("id") != want["id"]:
            problems.append(f"{where}: decision for {got.get('id')}")
            continue
        for name, value in want["values"].items():
            if not same(got["values"].get(name, "<absent>"), value):
                problems.append(f"{where}: {name} is {got['values'].get(name, '<absent>')!r}, expected {value!r}")
        for name, value in want["scores"].items():
            if not same(got["scores"].get(name), float(value)):
                problems.append(f"{where}: score {name} is {got['scores'].get(name)!r}, expected {value!r}")
        if got["stage"] != want["stage"]:
            problems.append(f"{where}: stage {got['stage']}, expected {want['stage']}")
        route, want_route = got.get("route"), want["route"]
        if want_route is None:
            if route is not None:
                problems.append(f"{where}: route {route}, expected none")
        elif route is None or route.get("to") != want_route["to"]:
            problems.append(f"{where}: route {route}, expected {want_route}")
        else:
            deadline = route.get("deadline")
            deadline = epoch_of(deadline) if deadline is not None else None
            if deadline != want_route["deadline"]:
                problems.append(f"{where}: deadline {route.get('deadline')}, expected epoch {want_route['deadline']}")


def compare_hits(where, explained, hits, problems):
    """The rules `baton explain` shows with their points, against the expected hits."""
    shown = {r["text"]: r for s in explained["scores"] for r in s["rules"]}
    wanted = {h["text"]: h for h in hits}
    if sorted(shown) != sorted(wanted):
        problems.append(f"{where}: rules shown {sorted(shown)}, expected {sorted(wanted)}")
        return
    for text, h in wanted.items():
        r = shown[text]
        for key in ("raw", "decayed", "value", "events"):
            if not same(float(r[key]), float(h[key])):
                problems.append(f"{where}: `{text}` {key} {r[key]}, expected {h[key]}")


def run(command):
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} exited {done.returncode}:\n{done.stderr}")
    return done.stdout


def post(server, path, body, content_type):
    """One POST to `baton serve` (tests/service/harness.py); its answer's text, or stop on another status than 200."""
    status, _, answer = server.request("POST", path, body, {"Content-Type": content_type})
    if status != 200:
        raise SystemExit(f"POST {path}: {status} {answer}")
    return answer


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("surface", choices=["cli", "c", "python", "http"])
    parser.add_argument("--cases", required=True, help="the boundary_cases executable")
    parser.add_argument("--work", required=True, help="a directory for the generated files")
    parser.add_argument("--baton", required=True)
    parser.add_argument("--c-example", help="examples/embed/c/score.c built (surface c)")
    parser.add_argument("--python-path", help="the directory holding the built `baton` package (surface python)")
    args = parser.parse_args()

    work = Path(args.work) / args.surface
    run([args.cases, str(work)])
    if args.surface == "python":
        sys.path.insert(0, args.python_path)
        import baton

    problems = []
    scenarios = sorted(work.glob("*.baton"))
    leads_seen = 0
    if args.surface == "http":
        served = work / "served"
        served.mkdir(exist_ok=True)
        for sla in scenarios:  # the scenarios share one sla name: each gets its own
            text = re.sub(r'^sla "[^"]*"', f'sla "{sla.name[: -len(".baton")]}"', sla.read_text(), count=1, flags=re.M)
            (served / sla.name).write_text(text)
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "service"))
        from harness import Server
        server = Server(args.baton, [str(p) for p in sorted(served.glob("*.baton"))], "--watch-interval", "0",
                        "--max-body-bytes", "100000000")
    for sla in scenarios:
        stem = sla.name[: -len(".baton")]
        leads = work / f"{stem}.leads.jsonl"
        expected = [json.loads(line) for line in (work / f"{stem}.expected.jsonl").read_text().splitlines()]
        leads_seen += len(expected)
        if args.surface == "cli":
            out = run([args.baton, "score", str(sla), str(leads), "--as-of", AS_OF, "--quiet"])
            compare(stem, [json.loads(line) for line in out.splitlines()], expected, problems)
            # explain runs one process per lead: every 7th lead of the `per`
            # rule scenarios (the rules' points), a few of the others.
            for want in expected[:: 7 if stem.startswith("per-rules") else 97]:
                explained = json.loads(run([args.baton, "explain", str(sla), str(leads), "--id", want["id"],
                                            "--as-of", AS_OF, "--format", "json"]))
                decision = dict(explained, values=explained.get("values", {}),
                                scores={s["name"]: s["value"] for s in explained["scores"]})
                compare(f"{stem} (explain)", [decision], [dict(want, values={})], problems)
                compare_hits(f"{stem} (explain) {want['id']}", explained, want["hits"], problems)
        elif args.surface == "c":
            program = work / f"{stem}.batonc"
            run([args.baton, "build", str(sla), "-o", str(program)])
            out = run([args.c_example, str(program), str(leads), str(AS_OF_EPOCH)])
            compare(stem, [json.loads(line) for line in out.splitlines()], expected, problems)
        elif args.surface == "http":
            route = f"/v1/score/{stem}?as_of={AS_OF}"
            batch = post(server, route, leads.read_text(), "application/x-ndjson")
            compare(f"{stem} (batch)", [json.loads(line) for line in batch.splitlines()], expected, problems)
            lines = leads.read_text().splitlines()
            single = [json.loads(post(server, route, line, "application/json")) for line in lines[::7]]
            compare(f"{stem} (one lead)", single, expected[::7], problems)
            for line, want in zip(lines[:: 7 if stem.startswith("per-rules") else 97],
                                  expected[:: 7 if stem.startswith("per-rules") else 97]):
                explained = json.loads(post(server, route + "&explain=true", line, "application/json"))["explanation"]
                compare_hits(f"{stem} (explain) {want['id']}", explained, want["hits"], problems)
        else:
            program = baton.compile(str(sla))
            batch = [d.to_dict() for d in program.score_jsonl(str(leads), as_of=AS_OF)]
            compare(f"{stem} (score_jsonl)", batch, expected, problems)
            lines = leads.read_text().splitlines()
            single = [program.score(line, as_of=AS_OF).to_dict() for line in lines]
            compare(f"{stem} (score)", single, expected, problems)
            explained = [program.explain(line, as_of=AS_OF).decision.to_dict() for line in lines[::7]]
            compare(f"{stem} (explain)", explained, expected[::7], problems)

    if args.surface == "http" and server.stop() != 0:
        problems.append("baton serve did not exit 0 on SIGTERM")
    print(f"{args.surface}: {len(scenarios)} scenarios, {leads_seen} leads, {len(problems)} mismatches")
    for p in problems[:20]:
        print("  " + p)
    if not scenarios:
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
