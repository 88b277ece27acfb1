"""ctest cases for `baton serve`: python3 service_test.py --baton PATH CASE

Each case starts its own server on a free loopback port, drives it with
http.client (and curl where the docs do), and stops it with SIGTERM.
"""
import argparse
import errno
import gzip
import json
import os
import re
import resource
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import zlib

from harness import Server, check, check_equal, exchange, parse_responses

AS_OF = "2026-11-23T00:00:00Z"
SLA = "examples/b2b-saas.baton"
LEADS = "examples/b2b-saas-leads.jsonl"
NAME = "lumenfold-b2b"
JSONL = {"Content-Type": "application/x-ndjson"}
JSON = {"Content-Type": "application/json"}


def send(conn, method, path, body, headers):
    conn.request(method, path, body=body.encode("utf-8") if isinstance(body, str) else body, headers=headers)


def baton_score(baton, sla, leads_path, as_of=AS_OF):
    """What `baton score` prints: (decisions, error records)."""
    with tempfile.NamedTemporaryFile("r", suffix=".jsonl") as errors:
        out = subprocess.run([baton, "score", sla, leads_path, "--as-of", as_of, "--errors", errors.name, "-q"],
                             capture_output=True, text=True)
        return out.stdout, errors.read()


def error_lines(cli_errors):
    """The CLI's --errors records without their "file" member, as the service sends them."""
    out = []
    for line in cli_errors.splitlines():
        record = json.loads(line)
        record.pop("file", None)
        out.append(json.dumps(record, separators=(",", ":"), ensure_ascii=False))
    return out


def case_api(baton):
    leads = open(LEADS, encoding="utf-8").read().splitlines()
    expected, _ = baton_score(baton, SLA, LEADS)
    expected = expected.splitlines()
    with Server(baton, [SLA, "examples/small-shop.baton"], "--max-body-bytes", "200000") as s:
        # 200: one lead, the same line `baton score` prints, naming version and fingerprint.
        for i in (0, 5, 74):
            status, headers, body = s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}", leads[i], JSON)
            check_equal((status, body if status != 200 else ""), (200, ""), "status of one lead")
            check_equal(body, expected[i] + "\n", f"decision for lead {i + 1}")
            check_equal(headers["content-type"], "application/json", "content type")
        decision = json.loads(body)
        check_equal(headers["x-baton-fingerprint"], decision["fingerprint"], "fingerprint header")

        # The server's clock when as_of is not given, reported in the decision.
        before = time.time()
        status, _, body = s.request("POST", f"/v1/score/{NAME}", leads[0], JSON)
        check_equal(status, 200, "status without as_of")
        from datetime import datetime
        as_of = datetime.fromisoformat(json.loads(body)["as_of"].replace("Z", "+00:00")).timestamp()
        check(before - 2 <= as_of <= time.time() + 1, f"as_of {as_of} is not now ({before})")

        # A pretty-printed lead is one lead, not a batch.
        pretty = json.dumps(json.loads(leads[2]), indent=2)
        status, _, body = s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}", pretty, JSON)
        check_equal((status, body), (200, expected[2] + "\n"), "pretty-printed lead")

        # ?explain=true: the same decision plus its explanation.
        status, _, body = s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}&explain=true", leads[0], JSON)
        check_equal(status, 200, "explain status")
        explained = json.loads(body)
        explanation = explained.pop("explanation")
        check_equal(explained, json.loads(expected[0]), "decision fields with explain")
        cli = subprocess.run([baton, "explain", SLA, LEADS, "--id", "L001", "--as-of", AS_OF, "--format", "json"],
                             capture_output=True, text=True, check=True).stdout
        check_equal(explanation, json.loads(cli), "explanation = baton explain --format json")

        # A batch with bad lines: one answer per line, in order, none dropped.
        bad_lines = {3: '{"id":"B3","company_size":"lots"}', 7: "{not json", 10: "[1,2]"}
        batch = list(leads[:12])
        for index, text in bad_lines.items():
            batch[index] = text
        batch.insert(6, "")  # a blank line is no record but is counted
        path = os.path.join(s.dir, "batch.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(batch) + "\n")
        cli_out, cli_errors = baton_score(baton, SLA, path)
        want = cli_out.splitlines()
        errors = error_lines(cli_errors)
        check_equal(len(errors), 3, "CLI rejections")
        status, headers, body = s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}", "\n".join(batch) + "\n", JSONL)
        check_equal(status, 200, "batch status")
        check_equal(headers["content-type"], "application/x-ndjson", "batch content type")
        got = body.splitlines()
        check_equal(len(got), 12, "one answer per record")
        decisions = [g for g in got if '"error"' not in g]
        rejections = [g for g in got if '"error"' in g]
        check_equal(decisions, want, "batch decisions = baton score")
        check_equal(rejections, errors, "batch rejections = baton score --errors")
        check_equal([json.loads(r)["line"] for r in rejections], [4, 9, 12], "rejected line numbers")
        check_equal([json.loads(g).get("id") for g in got[:5]], ["L001", "L002", "L003", "B3", "L005"], "order")

        # Several lines without the JSON Lines content type: detected as a batch.
        status, _, body = s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}", "\n".join(leads[:3]), JSON)
        check_equal((status, body.splitlines()), (200, expected[:3]), "batch detected from its lines")

        # Several SLAs, each by its name.
        shop = open("examples/small-shop-leads.jsonl", encoding="utf-8").readline()
        status, _, body = s.request("POST", f"/v1/score/nordkamm-inbound?as_of={AS_OF}", shop, JSON)
        check_equal((status, json.loads(body)["sla"]), (200, "nordkamm-inbound"), "second SLA")

        # 422: a rejected record, with the CLI's error record.
        status, _, body = s.request("POST", f"/v1/score/{NAME}", '{"id":"X1","company_size":"lots"}', JSON)
        check_equal(status, 422, "rejected record status")
        record = json.loads(body)
        check_equal((record["line"], record["id"], record["field"]), (1, "X1", "company_size"), "422 record")
        check("expected int" in record["error"], record["error"])
        # 400: malformed JSON, an empty body, a bad as_of, an unknown parameter.
        for body_text, query, what in [('{"id": "X2", ', "", "malformed JSON"), ("", "", "empty body"),
                                       ('{\n  "id": "P1",\n  "email": "k@x.example"\n  "company_size": 50\n}\n', "",
                                        "malformed pretty-printed JSON: one lead, not a batch"),
                                       (leads[0], "?as_of=yesterday", "bad as_of"),
                                       (leads[0], "?as_of=0000-06-01T00:00:00Z", "as_of before the year 1"),
                                       (leads[0], "?asof=2026-01-01", "unknown parameter"),
                                       (leads[0], "?explain=maybe", "bad explain")]:
            status, _, body = s.request("POST", f"/v1/score/{NAME}{query}", body_text, JSON)
            check_equal(status, 400, what)
            check("error" in json.loads(body), f"{what}: {body}")
        # 404: an unknown SLA names the ones served; an unknown route.
        status, _, body = s.request("POST", "/v1/score/nope", leads[0], JSON)
        check_equal(status, 404, "unknown SLA")
        check(NAME in json.loads(body)["error"], body)
        check_equal(s.request("GET", "/v2/nothing")[0], 404, "unknown route")
        # 405: scoring wants POST.
        status, headers, _ = s.request("GET", f"/v1/score/{NAME}")
        check_equal((status, headers.get("allow")), (405, "POST"), "GET on the score route")
        # 413: a body over --max-body-bytes, refused from its Content-Length.
        big = "\n".join(leads * 3)
        check(len(big) > 200000, "the big body is big")
        conn = s.connection()
        send(conn, "POST", f"/v1/score/{NAME}", big, JSONL)
        resp = conn.getresponse()
        check_equal(resp.status, 413, "too large a body")
        check("max-body-bytes" in json.loads(resp.read())["error"], "413 says which option")
        conn.close()
        # ... also when chunked (no Content-Length to check up front).
        conn = s.connection()
        conn.request("POST", f"/v1/score/{NAME}", body=(big[i:i + 65536].encode() for i in range(0, len(big), 65536)),
                     headers=JSONL, encode_chunked=True)
        check_equal(conn.getresponse().status, 413, "too large a chunked body")
        conn.close()
        # curl --data-binary labels the body form-encoded: still leads, whatever the size.
        out = subprocess.run(["curl", "-s", "--data-binary", "@" + LEADS, f"{s.url}/v1/score/{NAME}?as_of={AS_OF}"],
                             capture_output=True, text=True, check=True).stdout
        check_equal(out.splitlines(), expected, "a form-labelled batch")
        # 415: a multipart form is not a lead.
        out = subprocess.run(["curl", "-s", "-w", "%{http_code}", "-F", "lead=@" + LEADS, f"{s.url}/v1/score/{NAME}"],
                             capture_output=True, text=True, check=True).stdout
        check(out.endswith("415"), f"multipart body: {out}")
        # 403: reload endpoint disabled by default.
        check_equal(s.request("POST", "/v1/reload", "")[0], 403, "reload endpoint disabled")

        # GET /v1/slas, /healthz, /readyz.
        status, _, body = s.request("GET", "/v1/slas")
        slas = json.loads(body)["slas"]
        check_equal([x["name"] for x in slas], [NAME, "nordkamm-inbound"], "served SLAs")
        check_equal(slas[0]["fingerprint"], decision["fingerprint"], "fingerprint in /v1/slas")
        check_equal(slas[0]["version"], "2026.11.3", "version in /v1/slas")
        check(slas[0]["loaded_at"].endswith("Z"), "loaded_at")
        check_equal(s.request("GET", "/healthz")[:1], (200,), "healthz")
        check_equal(json.loads(s.request("GET", "/readyz")[2]), {"status": "ready"}, "readyz")

        # Keep-alive: many requests on one connection.
        conn = s.connection()
        for i in range(50):
            send(conn, "POST", f"/v1/score/{NAME}?as_of={AS_OF}", leads[i], JSON)
            resp = conn.getresponse()
            check_equal(resp.read().decode(), expected[i] + "\n", f"keep-alive request {i}")
        conn.close()
        check_equal(s.stop(), 0, "exit code after SIGTERM")
    events = [e["event"] for e in s.log_events()]
    check_equal((events[0], events[-1]), ("start", "stop"), "structured log")


def case_duplicate_and_bad_files(baton):
    tmp = tempfile.mkdtemp()
    broken = os.path.join(tmp, "broken.baton")
    with open(broken, "w") as f:
        f.write('sla "x" version "1"\nlead { a: int }\nstages { mql when nope\n lead otherwise }\n')
    for programs, what in [([SLA, SLA], "the same SLA twice"), ([broken], "a file that does not compile"),
                           ([os.path.join(tmp, "missing.baton")], "a missing file")]:
        out = subprocess.run([baton, "serve", *programs, "--listen", "127.0.0.1:0"], capture_output=True, text=True,
                             timeout=20)
        check_equal(out.returncode, 2, what)
        event = json.loads(out.stderr.splitlines()[-1])
        check_equal((event["level"], event["event"]), ("error", "load_error"), what)


def case_batonc(baton):
    """A compiled program serves the same decisions; a damaged one is refused."""
    tmp = tempfile.mkdtemp()
    program = os.path.join(tmp, "b2b.batonc")
    subprocess.run([baton, "build", SLA, "-o", program], check=True, capture_output=True)
    leads = open(LEADS, encoding="utf-8").read().splitlines()
    expected, _ = baton_score(baton, SLA, LEADS)
    with Server(baton, [program]) as s:
        status, _, body = s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}", "\n".join(leads), JSONL)
        check_equal((status, body), (200, expected), "decisions from the .batonc")
        check_equal(s.stop(), 0, "exit code")
    data = bytearray(open(program, "rb").read())
    data[len(data) // 2] ^= 0xFF
    damaged = os.path.join(tmp, "damaged.batonc")
    open(damaged, "wb").write(bytes(data))
    out = subprocess.run([baton, "serve", damaged, "--listen", "127.0.0.1:0"], capture_output=True, text=True,
                         timeout=20)
    check_equal(out.returncode, 2, "a damaged .batonc")
    check_equal(json.loads(out.stderr.splitlines()[-1])["event"], "load_error", "damaged .batonc logged")


def case_coerce(baton):
    """--coerce reads CRM text in bodies, as `baton score --coerce` does; without it the same body is a 422."""
    lead = '{"id":"K1","email":"k@bigco.example","company_size":"1200","authority":"Yes","timeline_days":"30"}'
    tmp = tempfile.mkdtemp()
    path = os.path.join(tmp, "crm.jsonl")
    open(path, "w", encoding="utf-8").write(lead + "\n")
    expected = subprocess.run([baton, "score", SLA, path, "--as-of", AS_OF, "--coerce", "-q"], capture_output=True,
                              text=True).stdout
    with Server(baton, [SLA]) as s:
        status, _, body = s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}", lead, JSON)
        check_equal(status, 422, "typed strictly by default")
        check_equal(json.loads(body)["field"], "company_size", "the field at fault")
        check_equal(s.stop(), 0, "exit code")
    with Server(baton, [SLA], "--coerce", "--coerce-zone", "Europe/Berlin") as s:
        status, _, body = s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}", lead, JSON)
        check_equal((status, body), (200, expected), "the decision `baton score --coerce` prints")
        check_equal(s.stop(), 0, "exit code")
    out = subprocess.run([baton, "serve", SLA, "--listen", "127.0.0.1:0", "--coerce-zone", "Mars/Olympus"],
                         capture_output=True, text=True, timeout=20)
    check_equal(out.returncode, 2, "an unknown zone stops the server at start")
    check("Mars/Olympus" in out.stderr, "the zone is named")


def case_jsonl_line_ends(baton):
    """A JSON Lines batch body is split as `baton score` splits a file: lines
    ending in CR alone (told by the first line end), where an LF is space and
    a line of an LF alone is blank; a byte-order mark skipped, and a line of
    one alone blank. The answer is `baton score`'s on the same bytes: the same
    decisions, and rejections at the same line numbers."""
    leads = open(LEADS, encoding="utf-8").read().splitlines()[:4]
    bad = '{"id":"CRBAD","company_size":"lots","email":"x@bigco.example"}'
    bom = "\ufeff"
    bodies = {  # the body, and how many decisions and which rejected lines it gives
        "CR lines": (bom + "\r".join([leads[0], leads[1].replace(", ", ",\n", 1), "", "\n", bad, bom, leads[2],
                                      "not json", leads[3]]) + "\r", 4, [5, 8]),
        "CRLF lines": (bom + "\r\n".join([leads[0], bom, "", bad, leads[1]]) + "\r\n", 2, [4]),
        "a byte-order mark alone": (bom, 0, []),
        "a byte-order mark and blank lines": (bom + "\n" + bom + " \r\n\t\n", 0, []),
    }
    tmp = tempfile.mkdtemp()
    try:
        with Server(baton, [SLA]) as s:
            for what, (text, n_scored, rejected_lines) in bodies.items():
                data = text.encode("utf-8")
                path = os.path.join(tmp, "body.jsonl")
                open(path, "wb").write(data)
                decisions, errors = baton_score(baton, SLA, path)
                status, _, body = s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}", data, JSONL)
                check_equal(status, 200, what + ": status")
                answer = body.splitlines()
                rejected = [line for line in answer if '"error":' in line and line.startswith('{"line":')]
                scored = [line for line in answer if line not in rejected]
                check_equal(scored, decisions.splitlines(), what + ": the decisions `baton score` prints")
                check_equal(rejected, error_lines(errors), what + ": the rejections `baton score --errors` writes")
                check_equal((len(scored), [json.loads(line)["line"] for line in rejected]), (n_scored, rejected_lines),
                            what + ": decisions and rejected lines")
            check_equal(s.stop(), 0, "exit code")
    finally:
        shutil.rmtree(tmp)


CSV = {"Content-Type": "text/csv; charset=utf-8"}
CRM = "examples/crm-export.csv"
CRM_MAP = "examples/crm-export-mapping.json"


def case_csv(baton):
    """A CSV body (a CRM export) is a batch: one answer line per row, in order,
    the decisions and rejections `baton score` gives for the same file."""
    body = open(CRM, encoding="utf-8").read()
    tmp = tempfile.mkdtemp()
    errors = os.path.join(tmp, "errors.jsonl")
    cli = subprocess.run([baton, "score", SLA, CRM, "--map-file", CRM_MAP, "--as-of", AS_OF, "--errors", errors, "-q"],
                         capture_output=True, text=True)
    want_decisions, want_errors = cli.stdout.splitlines(), error_lines(open(errors, encoding="utf-8").read())
    check(len(want_decisions) == 4 and len(want_errors) == 1, "the export has four good rows and one bad")
    # The request's map= parameters, percent-encoded, say what the server's --map-file says.
    mapping = json.load(open(CRM_MAP, encoding="utf-8"))
    params = "&".join("map=" + urllib.parse.quote(f"{column}={field}", safe="") for column, field in mapping.items())
    def check_answer(status, headers, answer, what):
        check_equal(status, 200, f"status ({what})")
        check_equal(headers["content-type"], "application/x-ndjson", "answered as JSON Lines")
        lines = answer.splitlines()
        check_equal([json.loads(line)["id"] for line in lines], ["C101", "C102", "C103", "C104", "C105"],
                    f"one line per row, in input order ({what})")
        check_equal([line for line in lines if '"error":' not in line], want_decisions, f"the decisions ({what})")
        check_equal([line for line in lines if '"error":' in line], want_errors, f"the rejection, line 6 ({what})")

    with Server(baton, [SLA]) as s:  # the mapping in the request alone
        check_answer(*s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}&{params}", body, CSV), "map= parameters")
        status, _, answer = s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}", body, CSV)
        check_equal(json.loads(answer.splitlines()[0])["id"], None, "without a mapping, `Record ID` is no id")
        check_equal(s.stop(), 0, "exit code")
    log = os.path.join(tmp, "decisions.jsonl")
    # The server's mapping, plus an entry for a column this export lacks: skipped, since a
    # server's mapping is shared by every export it is sent.
    with Server(baton, [SLA], "--map-file", CRM_MAP, "--map", "Owner Email=email", "--decision-log", log) as s:
        check_answer(*s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}", body, CSV), "--map-file")
        # A request's map= comes after the server's: it wins for the same column.
        status, _, answer = s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}&explain&map=Company+Name=", body, CSV)
        first = json.loads(answer.splitlines()[0])
        check_equal((status, first["id"], first["explanation"]["fields"]["company"]), (200, "C101", None),
                    "the request ignores the column the server maps")
        # explain works as for JSON Lines.
        status, _, answer = s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}&explain", body, CSV)
        explained = [json.loads(line) for line in answer.splitlines() if '"error":' not in line]
        check(status == 200 and all("explanation" in d for d in explained), "explain=true explains every row")
        # The header decides the whole request: 400 before anything is scored.
        status, _, answer = s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}&map=Owner%3Dcompany", body, CSV)
        check_equal((status, json.loads(answer)["error"]),
                    (400, "the CSV header (line 1): the mapping names column `Owner`, which the header does not have"),
                    "a mapping the header does not fit")
        status, _, answer = s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}", "", CSV)
        check_equal((status, "no header row" in json.loads(answer)["error"]), (400, True), "an empty CSV body")
        status, _, answer = s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}&map=a%3Db", '{"id":"x"}', JSON)
        check_equal(status, 400, "map= with a JSON body")
        check("text/csv" in json.loads(answer)["error"], "which says how to send CSV")
        status, _, answer = s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}&map=nothing", body, CSV)
        check_equal(status, 400, "map= without `=`")
        check_equal(s.stop(), 0, "exit code")
    entries = [json.loads(line) for line in open(log, encoding="utf-8")]
    check_equal(len(entries), 15, "the decision log: one entry per row of the three batches")
    check_equal(entries[5]["input"]["company"] if "company" in entries[5]["input"] else None, None,
                "the request's mapping in the logged record")
    check_equal((entries[1]["input"]["id"], entries[1]["input"]["company"]), ("C102", "Harbourline Logistics, Ltd."),
                "a row logged as the JSON record it was read as")
    check_equal((entries[3]["input"]["company_size"], entries[3]["rejection"]["line"]), ("200-500", 6),
                "the rejected row, by its line, with what it held")
    # --strict: a value in a column no field takes (Notes) rejects the row.
    with Server(baton, [SLA], "--strict", "--map-file", CRM_MAP) as s:
        status, _, answer = s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}", body, CSV)
        rejected = [json.loads(line) for line in answer.splitlines() if '"error":' in line]
        check_equal([(r["line"], r["id"]) for r in rejected], [(3, "C102"), (6, "C104")], "strict rejections")
        check_equal(s.stop(), 0, "exit code")
    out = subprocess.run([baton, "serve", SLA, "--listen", "127.0.0.1:0", "--map", "no equals sign"],
                         capture_output=True, text=True, timeout=20)
    check_equal(out.returncode, 2, "a bad --map stops the server at start")
    out = subprocess.run([baton, "serve", SLA, "--listen", "127.0.0.1:0", "--map", "Owner=ownr"],
                         capture_output=True, text=True, timeout=20)
    check_equal(out.returncode, 2, "a --map into a field no served SLA has stops the server at start")
    check("no served SLA has a lead field `ownr`" in out.stderr, "and says which")


def case_decision_log(baton):
    leads = open(LEADS, encoding="utf-8").read().splitlines()
    tmp = tempfile.mkdtemp()
    log = os.path.join(tmp, "decisions.jsonl")
    with Server(baton, [SLA], "--decision-log", log, "--mask-field", "email", "--mask-field", "free_mail") as s:
        s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}&explain=true", leads[0], JSON)
        s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}", "\n".join(leads[1:4] + ["oops"]), JSONL)
        check_equal(s.stop(), 0, "exit code")
    entries = [json.loads(line) for line in open(log, encoding="utf-8")]
    check_equal(len(entries), 5, "one entry per record")
    check_equal([e["input"]["id"] for e in entries[:4]], ["L001", "L002", "L003", "L004"], "inputs in order")
    for e in entries[:4]:
        check_equal(e["input"]["email"], "***", "masked input field")
        check_equal(e["decision"]["values"]["free_mail"], "***", "masked decision value")
        check_equal(e["decision"]["sla"], NAME, "decision in the log")
    check_equal((entries[4]["input"], entries[4]["rejection"]["line"]), (None, 4), "rejection entry")
    check("@" not in open(log, encoding="utf-8").read(), "no e-mail address in the decision log")
    # L001's hand-off summary names the e-mail's domain: text made from masked
    # values is masked too.
    check_equal(entries[0]["decision"]["handoff"]["summary"], "***", "masked hand-off summary")
    check_equal(entries[0]["decision"]["explanation"], "***", "masked explanation")
    check("corvalis-health.com" not in open(log, encoding="utf-8").read(), "no e-mail domain in the decision log")


def case_metrics(baton):
    from prometheus_client.parser import text_string_to_metric_families
    leads = open(LEADS, encoding="utf-8").read().splitlines()
    expected, _ = baton_score(baton, SLA, LEADS)
    stages = {}
    for line in expected.splitlines():
        stage = json.loads(line)["stage"]
        stages[stage] = stages.get(stage, 0) + 1
    with Server(baton, [SLA]) as s:
        for lead in leads[:10]:
            check_equal(s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}", lead, JSON)[0], 200, "single")
        s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}", "\n".join(leads[10:] + ["x", "{}"]), JSONL)
        s.request("POST", f"/v1/score/{NAME}", '{"id":"X","company_size":"lots"}', JSON)
        s.request("POST", "/v1/score/nope", "{}", JSON)
        s.request("GET", "/healthz")
        # A request is counted once its last byte is sent, which can be just
        # after the client has read it: wait until the last one is in.
        deadline = time.monotonic() + 5
        while True:
            status, headers, text = s.request("GET", "/metrics")
            counted = sum(int(line.rsplit(" ", 1)[1]) for line in text.splitlines()
                          if line.startswith("baton_http_requests_total") and "/metrics" not in line)
            if counted >= 14 or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        check_equal(status, 200, "metrics status")
        check(headers["content-type"].startswith("text/plain; version=0.0.4"), headers["content-type"])
        s.stop()
    families = {f.name: f for f in text_string_to_metric_families(text)}
    def samples(family, suffix=""):
        return {tuple(sorted(x.labels.items())): x.value for x in families[family].samples
                if x.name == family + suffix}
    requests = samples("baton_http_requests", "_total")
    route = ("route", "/v1/score/{sla}")
    check_equal(requests[(("code", "200"), route)], 11, "score requests with 200")
    check_equal(requests[(("code", "422"), route)], 1, "score requests with 422")
    check_equal(requests[(("code", "404"), route)], 1, "score requests with 404")
    check_equal(requests[(("code", "200"), ("route", "/healthz"))], 1, "healthz requests")
    decisions = samples("baton_decisions", "_total")
    check_equal({dict(k)["stage"]: v for k, v in decisions.items()}, stages, "decisions per stage")
    check_equal(samples("baton_rejections", "_total"), {(("sla", NAME),): 3}, "rejections")
    check_equal(samples("baton_reloads", "_total"), {(("sla", NAME),): 0}, "reloads")
    check_equal(samples("baton_reload_errors", "_total"), {(("sla", NAME),): 0}, "reload errors")
    hist = families["baton_http_request_duration_seconds"]
    check_equal(hist.type, "histogram", "latency is a histogram")
    count = samples("baton_http_request_duration_seconds", "_count")[(route,)]
    check_equal(count, 13, "timed score requests")
    buckets = [x for x in hist.samples if x.name.endswith("_bucket") and x.labels["route"] == route[1]]
    check_equal(buckets[-1].labels["le"], "+Inf", "last bucket")
    check_equal(buckets[-1].value, count, "+Inf bucket = count")
    check(all(a.value <= b.value for a, b in zip(buckets, buckets[1:])), "buckets are cumulative")
    info = samples("baton_sla_info")
    check_equal(len(info), 1, "one sla_info")


def two_versions(tmp):
    """The b2b SLA as version A and as version B (another version, one rule changed)."""
    text = open(SLA, encoding="utf-8").read()
    a = os.path.join(tmp, "a.baton")
    b = os.path.join(tmp, "b.baton")
    open(a, "w", encoding="utf-8").write(text)
    changed = text.replace('version "2026.11.3"', 'version "2026.12.0"', 1)
    check(changed != text, "the version line is where the test expects it")
    open(b, "w", encoding="utf-8").write(changed + "\n# tuned\n")
    return a, b


def case_reload_under_load(baton):
    leads = open(LEADS, encoding="utf-8").read().splitlines()
    tmp = tempfile.mkdtemp()
    a, b = two_versions(tmp)
    live = os.path.join(tmp, "live.baton")
    shutil.copy(a, live)
    with Server(baton, [live], "--watch-interval", "0.05", "--allow-reload-endpoint", "--threads", "4") as s:
        def fingerprint():
            return json.loads(s.request("GET", "/v1/slas")[2])["slas"][0]["fingerprint"]
        fp_a = fingerprint()
        shutil.copy(b, live + ".new")
        os.replace(live + ".new", live)
        deadline = time.monotonic() + 10
        while fingerprint() == fp_a:
            check(time.monotonic() < deadline, "the file change was not picked up")
            time.sleep(0.02)
        fp_b = fingerprint()
        versions = {"2026.11.3": fp_a, "2026.12.0": fp_b}

        stop = threading.Event()
        seen, failures = {}, []
        def client(offset):
            conn = s.connection()
            i = offset
            while not stop.is_set():
                lead = leads[i % len(leads)]
                i += 1
                try:
                    if i % 10 == 0:  # batches too: one version for the whole batch
                        send(conn, "POST", f"/v1/score/{NAME}?as_of={AS_OF}", "\n".join(leads[:20]), JSONL)
                    else:
                        send(conn, "POST", f"/v1/score/{NAME}?as_of={AS_OF}", lead, JSON)
                    resp = conn.getresponse()
                    body = resp.read().decode()
                    if resp.status != 200:
                        failures.append(f"status {resp.status}: {body[:200]}")
                        continue
                    pairs = {(d["version"], d["fingerprint"]) for d in map(json.loads, body.splitlines())}
                    if len(pairs) != 1:
                        failures.append(f"one response, several versions: {pairs}")
                    for pair in pairs:
                        seen[pair] = seen.get(pair, 0) + 1
                except Exception as e:  # a failed request is a failure, whatever the reason
                    failures.append(repr(e))
                    conn.close()
                    conn = s.connection()
            conn.close()
        threads = [threading.Thread(target=client, args=(k * 17,)) for k in range(2)]
        for t in threads:
            t.start()
        current = fp_b
        for swap in range(20):
            source, want = (a, fp_a) if swap % 2 == 0 else (b, fp_b)
            shutil.copy(source, live + ".new")
            os.replace(live + ".new", live)  # an atomic swap, as deployment tools do
            if swap % 5 == 1:
                s.signal(signal.SIGHUP)
            elif swap % 5 == 3:
                s.request("POST", "/v1/reload", "")
            deadline = time.monotonic() + 10
            while current != want:
                check(time.monotonic() < deadline, f"swap {swap}: still serving {current}")
                time.sleep(0.01)
                current = fingerprint()
            time.sleep(0.05)
        stop.set()
        for t in threads:
            t.join()
        check_equal(failures, [], "failed requests during reloads")
        check(sum(seen.values()) > 100, f"the clients kept scoring: {seen}")
        for (version, fp) in seen:
            check(versions.get(version) == fp, f"decision from an unknown version: {version} {fp}")
        check_equal(len(seen), 2, "decisions from both versions")
        from prometheus_client.parser import text_string_to_metric_families
        deadline = time.monotonic() + 5  # a reload is counted just after its swap
        while True:
            metrics = {f.name: f for f in text_string_to_metric_families(s.request("GET", "/metrics")[2])}
            reloads = sum(x.value for x in metrics["baton_reloads"].samples if x.name == "baton_reloads_total")
            if reloads >= 21 or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        check_equal(reloads, 21, "reloads counted (the first swap and 20 more)")
        check_equal(s.stop(), 0, "exit code")
    triggers = {e["trigger"] for e in s.log_events() if e["event"] == "reload" and e["changed"]}
    check("file" in triggers, f"reloads by file change: {triggers}")


def case_reload_errors(baton):
    leads = open(LEADS, encoding="utf-8").read().splitlines()
    tmp = tempfile.mkdtemp()
    a, b = two_versions(tmp)
    live = os.path.join(tmp, "live.baton")
    shutil.copy(a, live)
    with Server(baton, [live], "--watch-interval", "0", "--allow-reload-endpoint") as s:
        serving = s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}", leads[0], JSON)[2]
        # A file that does not compile: 422 from the endpoint, the old version keeps serving.
        with open(live, "a", encoding="utf-8") as f:
            f.write("\nscore broken { +1 when nope }\n")
        status, _, body = s.request("POST", "/v1/reload", "")
        check_equal(status, 422, "reload of a broken file")
        result = json.loads(body)["results"][0]
        check_equal((result["ok"], result["changed"], result["serving"]["version"]), (False, False, "2026.11.3"),
                    "old version kept")
        check("nope" in result["error"], result["error"])
        check_equal(s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}", leads[0], JSON)[2], serving,
                    "decisions from the old version")
        # SIGHUP with the broken file: logged and counted too.
        s.signal(signal.SIGHUP)
        deadline = time.monotonic() + 5
        while sum(e["event"] == "reload_error" for e in s.log_events()) < 2:
            check(time.monotonic() < deadline, "SIGHUP reload error not logged")
            time.sleep(0.02)
        error = [e for e in s.log_events() if e["event"] == "reload_error"][-1]
        check_equal((error["level"], error["trigger"], error["serving_version"]), ("error", "SIGHUP", "2026.11.3"),
                    "reload_error log line")
        # A file that renames the SLA is refused.
        open(live, "w", encoding="utf-8").write(open(a).read().replace('sla "lumenfold-b2b"', 'sla "other"', 1))
        check_equal(s.request("POST", f"/v1/reload?sla={NAME}", "")[0], 422, "renamed SLA refused")
        check_equal(s.request("POST", "/v1/reload?sla=nope", "")[0], 404, "reload of an unknown SLA")
        # A good file goes in.
        shutil.copy(b, live)
        status, _, body = s.request("POST", "/v1/reload", "")
        check_equal((status, json.loads(body)["results"][0]["changed"]), (200, True), "good reload")
        check_equal(json.loads(s.request("POST", f"/v1/score/{NAME}", leads[0], JSON)[2])["version"], "2026.12.0",
                    "new version serving")
        from prometheus_client.parser import text_string_to_metric_families
        metrics = {f.name: f for f in text_string_to_metric_families(s.request("GET", "/metrics")[2])}
        value = lambda name: sum(x.value for x in metrics[name].samples if x.name == name + "_total")
        check_equal((value("baton_reloads"), value("baton_reload_errors")), (1, 3), "reloads and reload errors")
        check_equal(s.stop(), 0, "exit code")


def case_sigterm_during_batch(baton):
    leads = open(LEADS, encoding="utf-8").read().splitlines()
    batch = (leads * 80)[:6000]
    body = ("\n".join(batch) + "\n").encode()
    log = os.path.join(tempfile.mkdtemp(), "decisions.jsonl")
    with Server(baton, [SLA], "--max-body-bytes", str(64 << 20), "--decision-log", log, "--threads", "3") as s:
        idle = s.connection()  # a keep-alive connection open before the stop
        send(idle, "GET", "/readyz", None, {})
        check_equal(idle.getresponse().read(), b'{"status":"ready"}\n', "ready before the stop")
        conn = s.connection(timeout=30)
        # With explanations the answer (over 10 MB) cannot sit in the socket
        # buffers: the server is still writing it when SIGTERM arrives. The
        # decision log, written as the batch goes, shows how far it got.
        send(conn, "POST", f"/v1/score/{NAME}?as_of={AS_OF}&explain=true", body, JSONL)
        resp = conn.getresponse()
        check_equal(resp.status, 200, "batch status")
        first = resp.readline()  # the answer is streaming; the client now stops reading for a while
        s.signal(signal.SIGTERM)
        deadline = time.monotonic() + 5
        refused = False
        while time.monotonic() < deadline and not refused:
            try:
                socket.create_connection(("127.0.0.1", s.port), timeout=1).close()
                time.sleep(0.02)
            except OSError:
                refused = True
        check(refused, "new connections are refused after SIGTERM")
        check(s.proc.poll() is None, "the server waits for the batch in flight")
        send(idle, "GET", "/readyz", None, {})  # open connections are still answered, with a goodbye
        resp_idle = idle.getresponse()
        check_equal((resp_idle.status, resp_idle.getheader("Connection"), resp_idle.read()),
                    (503, "close", b'{"status":"stopping"}\n'), "readyz while stopping")
        idle.close()
        scored = sum(1 for _ in open(log, encoding="utf-8"))
        check(scored < len(batch), f"SIGTERM arrived mid-batch ({scored} of {len(batch)} scored)")
        print(f"SIGTERM after {scored} of {len(batch)} leads")
        rest = resp.read()
        conn.close()
        lines = (first + rest).decode().splitlines()
        check_equal(len(lines), len(batch), "every lead of the batch answered")
        check_equal(json.loads(lines[-1])["id"], json.loads(batch[-1])["id"], "the last decision")
        check_equal(s.stop(), 0, "exit code after SIGTERM")
        check_equal(sum(1 for _ in open(log, encoding="utf-8")), len(batch), "the whole batch scored")
    events = [e["event"] for e in s.log_events()]
    check_equal(events[-2:], ["stopping", "stop"], "stop logged")


def held_connection(port, rcvbuf=None):
    """A connection a worker is serving: a first request answered on it (keep-alive)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.settimeout(20)
    sock.connect(("127.0.0.1", port))
    sock.sendall(head("GET", "/healthz"))
    answer = b""
    while not parse_responses(answer):
        chunk = sock.recv(4096)
        check(chunk, "the first request on a held connection is answered")
        answer += chunk
    return sock


def read_until_closed(sock):
    """What the server still sends, until it closes or resets the connection: (bytes, seconds)."""
    started, out = time.monotonic(), b""
    try:
        while chunk := sock.recv(65536):
            out += chunk
    except ConnectionResetError:
        pass
    finally:
        sock.close()
    return out, time.monotonic() - started


def case_forced_stop(baton):
    """--shutdown-timeout cuts every connection still busy, whatever it waits
    for: a body half sent, a head half sent, an answer the client stopped
    reading; the process then exits (it stayed until --request-timeout sent
    its 408). A second SIGTERM or SIGINT cuts them at once."""
    lead = open(LEADS, "rb").readline().strip()
    score = f"/v1/score/{NAME}?as_of={AS_OF}"
    half_body = head("POST", score, f"Content-Length: {len(lead)}", "Content-Type: application/json") + lead[:10]
    lines = open(LEADS, "rb").read().splitlines()
    batch = b"\n".join(lines * (2000 // len(lines) + 1)) + b"\n"  # an answer of several MB with explain
    big_answer = head("POST", score + "&explain=true", f"Content-Length: {len(batch)}",
                      "Content-Type: application/x-ndjson") + batch
    with Server(baton, [SLA], "--shutdown-timeout", "1", "--threads", "4",
                "--max-body-bytes", str(len(batch) + 1)) as s:
        body_client = held_connection(s.port)
        body_client.sendall(half_body)
        head_client = held_connection(s.port)
        head_client.sendall(b"POST /v1/score/")
        reader = held_connection(s.port, rcvbuf=4096)  # the answer waits in the server's buffers
        reader.sendall(big_answer)
        check(reader.recv(100).startswith(b"HTTP/1.1 200"), "the batch's answer has begun")
        time.sleep(0.3)  # the half requests have reached their workers
        s.signal(signal.SIGTERM)
        started = time.monotonic()
        results = {}
        threads = [threading.Thread(target=lambda k=k, c=c: results.__setitem__(k, read_until_closed(c)))
                   for k, c in (("body", body_client), ("head", head_client))]
        for t in threads:
            t.start()
        try:
            code = s.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            raise AssertionError("the server did not exit within 10 s of SIGTERM (--shutdown-timeout 1)")
        stopped = time.monotonic() - started
        for t in threads:
            t.join()
        reader.close()
        check_equal(code, 0, "exit code")
        check(0.9 <= stopped <= 6, f"exited {stopped:.2f} s after SIGTERM, --shutdown-timeout 1")
        for name in ("body", "head"):
            answer, seconds = results[name]
            check_equal(answer, b"", f"{name}: the connection is cut without an answer")
            check(seconds <= 6, f"{name}: cut after {seconds:.2f} s")
    events = s.log_events()
    check_equal([e["event"] for e in events if e["event"] in ("stopping", "stop_forced", "stop")],
                ["stopping", "stop_forced", "stop"], "the stop's log lines")
    check_equal(events[-1]["clean"], False, "a forced stop is not clean")
    check_equal([e for e in events if e["event"] == "request_timeout"], [], "nothing waited for --request-timeout")

    # A second signal does not wait for --shutdown-timeout.
    with Server(baton, [SLA], "--shutdown-timeout", "60") as s:
        client = held_connection(s.port)
        client.sendall(half_body)
        time.sleep(0.3)
        s.signal(signal.SIGTERM)
        time.sleep(0.5)
        check(s.proc.poll() is None, "the first SIGTERM waits for the request in flight")
        s.signal(signal.SIGINT)
        started = time.monotonic()
        try:
            code = s.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            raise AssertionError("the server did not exit within 10 s of a second signal")
        check(time.monotonic() - started <= 5, "the second signal cut the connection at once")
        check_equal(read_until_closed(client)[0], b"", "the connection is cut without an answer")
        check_equal(code, 0, "exit code")
    forced = [e for e in s.log_events() if e["event"] == "stop_forced"]
    check_equal([(e["level"], e.get("signal")) for e in forced], [("warning", "SIGINT")], "stop_forced names the signal")


def serve_usage_error(baton, *args, sla=SLA):
    """`baton serve` with an option it must refuse: the error its one log line
    says (a JSON `usage` line, as every startup error), once it exited 2."""
    try:
        run = subprocess.run([baton, "serve", *([sla] if sla else []), "--listen", "127.0.0.1:0", *args],
                             capture_output=True, text=True, timeout=15)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"{args}: the server started")
    check_equal(run.returncode, 2, f"{args}: exit code")
    lines = run.stderr.splitlines()
    check_equal(len(lines), 1, f"{args}: one log line: {run.stderr!r}")
    try:
        line = json.loads(lines[0])
    except ValueError:
        raise AssertionError(f"{args}: not a JSON log line: {lines[0]!r}")
    check_equal((line["level"], line["event"]), ("error", "usage"), f"{args}: the log line")
    return line["error"]


def case_option_values(baton):
    """Values of the server's options that mean nothing are usage errors:
    --idle-timeout 0 closed most connections before their first request,
    --request-timeout 0 answered 408 to a body not arriving in one read, and
    nan passed the range checks (an idle connection then stayed open)."""
    for option, value, fragment in [
        ("--idle-timeout", "0", "above 0"), ("--idle-timeout", "nan", "above 0"), ("--idle-timeout", "-1", "above 0"),
        ("--request-timeout", "0", "above 0"), ("--request-timeout", "nan", "above 0"),
        ("--request-deadline", "inf", "above 0"), ("--response-deadline", "0", "above 0"),
        ("--shutdown-timeout", "nan", "from 0"), ("--shutdown-timeout", "-1", "from 0"),
        ("--watch-interval", "-inf", "from 0"), ("--watch-interval", "1e7", "from 0"),
    ]:
        stderr = serve_usage_error(baton, option, value)
        check(option in stderr and f"`{value}` is not a number of seconds {fragment}" in stderr,
              f"{option} {value}: {stderr!r}")
    # Counts: httplib's parser read -5 as 2^64-5, no limit at all.
    for option, value in [("--max-body-bytes", "-5"), ("--max-body-bytes", "0"), ("--max-body-bytes", "1e6"),
                          ("--keep-alive-requests", "-1"), ("--keep-alive-requests", "0")]:
        stderr = serve_usage_error(baton, option, value)
        check(option in stderr and f"`{value}` is not a whole number above 0" in stderr, f"{option} {value}: {stderr!r}")
    stderr = serve_usage_error(baton, "--max-body-bytes", "99999999999999999999")
    check("`99999999999999999999` is not a whole number above 0 and below 2^64" in stderr,
          f"a count too large for 64 bits: {stderr!r}")
    # Errors found while reading the command line are JSON lines too.
    check_equal(serve_usage_error(baton, "--bogus"), "The following argument was not expected: --bogus",
                "an unknown option")
    check("--threads" in serve_usage_error(baton, "--threads", "-1"), "--threads -1")
    check("sla" in serve_usage_error(baton, sla=None), "no SLA file")
    run = subprocess.run([baton, "serve", SLA, "--listen", "nohost.invalid:8080"], capture_output=True, text=True,
                         timeout=30)
    check_equal(run.returncode, 2, "an unknown host: exit code")
    line = json.loads(run.stderr.splitlines()[-1])
    check_equal((line["event"], line["error"].split(" (")[0]),
                ("listen_error", "cannot listen on nohost.invalid:8080: the host `nohost.invalid` could not be resolved"),
                "an unknown host")
    # The port file or the decision log naming the SLA served would destroy it.
    with tempfile.TemporaryDirectory() as tmp:
        sla = os.path.join(tmp, "served.baton")
        shutil.copyfile(SLA, sla)
        for option in ("--port-file", "--decision-log"):
            stderr = serve_usage_error(baton, option, sla, sla=sla)
            check(f"{option} {sla} is the SLA {sla}: writing it would destroy that input" in stderr,
                  f"{option} naming the SLA: {stderr!r}")
        check_equal(open(sla).read(), open(SLA).read(), "the SLA is untouched")
    help = subprocess.run([baton, "serve", "--help"], capture_output=True, text=True, timeout=15)
    check_equal((help.returncode, help.stdout.startswith("Serve decisions over HTTP")), (0, True), "--help is text")
    # 0 where it means something: no waiting at a stop, no watching the files.
    with Server(baton, [SLA], "--shutdown-timeout", "0", "--watch-interval", "0", "--idle-timeout", "0.5") as s:
        check_equal(s.request("GET", "/healthz")[0], 200, "served")
        check_equal(s.stop(), 0, "exit code")


def case_keep_alive_limit(baton):
    """Pipelined requests past --keep-alive-requests: the answers given reach
    the client, the last saying Connection: close, and the connection ends
    with a FIN (the server closed with the rest unread, and the reset that
    sent destroyed the answers the client had not read yet: 17 of 100)."""
    lead = open(LEADS, "rb").readline().strip()
    requests = [head("GET", "/healthz"),
                head("POST", f"/v1/score/{NAME}?as_of={AS_OF}", f"Content-Length: {len(lead)}",
                     "Content-Type: application/json") + lead]
    data = b"".join(requests[i % 2] for i in range(3000))
    with Server(baton, [SLA], "--keep-alive-requests", "100") as s:
        sock = socket.create_connection(("127.0.0.1", s.port), timeout=20)
        sender = threading.Thread(target=lambda: sock.sendall(data), daemon=True)  # the server stops reading after 100
        sender.start()
        out, ended = b"", "closed"
        try:
            while chunk := sock.recv(65536):
                out += chunk
        except ConnectionResetError:
            ended = "reset"
        sender.join(timeout=10)
        sock.close()
        answers = parse_responses(out)
        check_equal(([a[0] for a in answers], ended), ([200] * 100, "closed"), "100 answers, then the connection closed")
        check_equal([a[1].get("connection") for a in answers[-2:]], [None, "close"], "the last answer says close")
        check_equal(json.loads(answers[-1][2])["id"], json.loads(lead)["id"], "the last answer is the 100th request's")
        check_equal(s.stop(), 0, "exit code")


def case_accept_queue(baton):
    """Connections opened at once wait in the kernel's accept queue until the
    server accepts them, rather than being dropped (httplib's backlog of 5
    dropped their SYNs: each waited a second or more for its retransmission;
    50 at once took 1.2 s at the median)."""
    with Server(baton, [SLA], "--threads", "2") as s:
        # Stopped, the server accepts nothing: the kernel alone queues the
        # connections, as it does when a burst outpaces the accepting thread.
        s.signal(signal.SIGSTOP)
        try:
            waiting = []
            for _ in range(64):
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sock.setblocking(False)
                check(sock.connect_ex(("127.0.0.1", s.port)) in (0, errno.EINPROGRESS), "connect")
                waiting.append(sock)
            # A connect completes once the connection is in the queue; a
            # dropped SYN is sent again after a second at the earliest.
            deadline, pending = time.monotonic() + 0.8, list(waiting)
            while pending and time.monotonic() < deadline:
                _, ready, _ = select.select([], pending, [], max(0, deadline - time.monotonic()))
                pending = [p for p in pending if p not in ready]
            check_equal(len(waiting) - len(pending), len(waiting), "connections queued within 0.8 s")
            check(all(p.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0 for p in waiting), "every connect succeeded")
        finally:
            s.signal(signal.SIGCONT)
        for sock in waiting:
            sock.setblocking(True)
            sock.settimeout(20)
            sock.sendall(head("GET", "/healthz", "Connection: close"))
        for sock in waiting:
            answer, _ = read_until_closed(sock)
            check_equal([a[0] for a in parse_responses(answer)], [200], "a queued connection is served")
        check_equal(s.stop(), 0, "exit code")


def vm_peak(pid):
    """The most address space the process has mapped, in bytes."""
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmPeak:"))


def case_threads(baton):
    """--threads has a bound; a system that refuses threads leaves the server
    with those that started, or stops it with exit 2, never hung (httplib's
    pool let the error out with its threads waiting, and the process hung:
    it had logged its start, then neither answered nor stopped)."""
    check("1024" in serve_usage_error(baton, "--threads", "1025"), "--threads 1025: the error says the bound")

    # Each thread's stack is RLIMIT_STACK; RLIMIT_AS then lets a few of them in.
    with Server(baton, [SLA], "--threads", "1") as s:
        base = vm_peak(s.proc.pid)  # with two threads: an over-estimate, on the safe side
        check_equal(s.stop(), 0, "exit code")
    stack = 256 << 20
    limits = {resource.RLIMIT_STACK: stack, resource.RLIMIT_AS: base + stack * 17 // 2}
    with Server(baton, [SLA], "--threads", "64", "--shutdown-timeout", "2", rlimits=limits) as s:
        check_equal(s.request("GET", "/healthz")[0], 200, "answered by the workers that started")
        started = time.monotonic()
        check_equal(s.stop(), 0, "exit code")
        check(time.monotonic() - started < 3, "stopped at once")
    events = s.log_events()
    warning, start = events[0], events[1]
    check_equal((warning["event"], warning["level"], warning["requested"]), ("threads_error", "warning", 64),
                "the first log line says that threads were refused")
    check(0 < warning["started"] < 64, f"some workers started: {warning}")
    check("serving with those" in warning["error"], warning["error"])
    print(f"{warning['started']} of 64 workers started")
    check_equal((start["event"], start["threads"]), ("start", warning["started"]), "the start line counts them")
    check_equal((events[-1]["event"], events[-1]["clean"]), ("stop", True), "a clean stop")

    # Room for the signal thread alone: exit 2, at once, with a JSON line.
    limits = {resource.RLIMIT_STACK: stack, resource.RLIMIT_AS: base + stack * 3 // 2}
    port_file = os.path.join(tempfile.mkdtemp(), "port")

    def limit():
        for which, value in limits.items():
            resource.setrlimit(which, (value, value))
    try:
        run = subprocess.run([baton, "serve", SLA, "--listen", "127.0.0.1:0", "--port-file", port_file],
                             capture_output=True, text=True, timeout=15, preexec_fn=limit)
    except subprocess.TimeoutExpired:
        raise AssertionError("the server neither started nor exited")
    check_equal(run.returncode, 2, "no worker: exit 2")
    line = json.loads(run.stderr.strip().splitlines()[-1])
    check_equal((line["level"], line["event"], line["started"]), ("error", "threads_error", 0), "the last log line")
    check('"event":"start"' not in run.stderr, "no start line")
    check(not os.path.exists(port_file), "no port file")


def case_operations(baton):
    """What running the service in production runs into: a second server on
    the same port, a decision log that cannot be written, a body with a
    byte-order mark, methods and query parameters a route does not take, the
    port file, SLA names no URL can reach."""
    leads = open(LEADS, encoding="utf-8").read().splitlines()
    with Server(baton, [SLA], "--decision-log", "/dev/full") as s:
        # The port is taken: a second server must not share it (SO_REUSEPORT
        # would split the requests between the two versions).
        second = subprocess.run([baton, "serve", SLA, "--listen", f"127.0.0.1:{s.port}"], capture_output=True,
                                text=True, timeout=15)
        check_equal(second.returncode, 2, "a second server on a taken port exits 2")
        check('"event":"listen_error"' in second.stderr, "listen_error logged")
        status, _, _ = s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}", "\n".join(leads[:3]), JSONL)
        check_equal(status, 200, "scoring goes on while the decision log fails")
        s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}", leads[3], JSON)
        _, _, metrics = s.request("GET", "/metrics")
        check("baton_decision_log_lost_total 4\n" in metrics, "lost decision log lines counted")
        for method, path, allow in [("DELETE", "/v1/slas", "GET"), ("POST", "/healthz", "GET"),
                                    ("GET", "/v1/reload", "POST"), ("PUT", f"/v1/score/{NAME}", "POST")]:
            status, headers, body = s.request(method, path)
            check_equal((status, headers.get("allow")), (405, allow), f"{method} {path}")
            check(allow in json.loads(body)["error"], "the error names the method to use")
        check_equal(s.request("GET", "/nowhere")[0], 404, "an unknown route is 404")
        for path in ("/v1/score/a/b", "/v1/score/"):  # not the score route's shape: no Allow to follow
            status, headers, _ = s.request("POST", path, "{}", JSON)
            check_equal((status, headers.get("allow")), (404, None), f"POST {path}")
        # A CRM's pool holds connections open: with the default workers a
        # health probe is still answered at once (one worker per core, 2 on
        # this machine, left it waiting for an idle timeout).
        pool = [s.connection(timeout=10) for _ in range(4)]
        for conn in pool:
            send(conn, "GET", "/readyz", None, {})
            conn.getresponse().read()  # answered; the connection stays open
        probe = s.connection(timeout=2)
        started = time.monotonic()
        send(probe, "GET", "/healthz", None, {})
        check_equal(probe.getresponse().status, 200, "a probe beside four open connections")
        check(time.monotonic() - started < 1.5, "the probe did not wait for a worker")
        probe.close()
        for conn in pool:
            conn.close()
        port_file = s.port_file
        check_equal(s.stop(), 0, "exit code")
    events = s.log_events()
    errors = [e for e in events if e["event"] == "decision_log_error"]
    check_equal(len(errors), 1, "one decision_log_error for the run of failed writes")
    check("/dev/full" in errors[0]["error"], "the error names the file")
    check_equal(events[-1], {**events[-1], "event": "stop", "clean": False}, "a stop that lost log lines is not clean")
    check(not os.path.exists(port_file), "the port file is removed at exit")

    log = os.path.join(tempfile.mkdtemp(), "decisions.jsonl")
    with Server(baton, [SLA], "--decision-log", log, "--allow-reload-endpoint") as s:
        status, _, _ = s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}", "\ufeff" + leads[0], JSON)
        check_equal(status, 200, "a body with a byte-order mark is scored")
        status, _, body = s.request("POST", "/v1/reload?sal=" + NAME)
        check_equal(status, 400, "a mistyped reload parameter")
        check("`sal`" in body, "the error names the parameter")
        with open(s.port_file, "w") as f:  # a server started since (a restart's overlap) wrote its own port
            f.write("1\n")
        check_equal(s.stop(), 0, "exit code")
        check(os.path.exists(s.port_file), "another server's port file is left alone")
    entries = [json.loads(line) for line in open(log, encoding="utf-8")]
    check_equal(entries[0]["input"]["id"], "L001", "the input of a body with a byte-order mark is logged")
    check_equal(s.log_events()[-1]["clean"], True, "a plain stop is clean")

    # Every startup error is a JSON log line, those found while reading the
    # command line too.
    for extra in (["--coerce", "--coerce-zone", "Mars/Base"], ["--map-file", "/nonexistent/map.txt"], ["--map", "x"]):
        run = subprocess.run([baton, "serve", SLA, "--listen", "127.0.0.1:0", *extra], capture_output=True, text=True,
                             timeout=15)
        check_equal(run.returncode, 2, f"{extra} exits 2")
        line = json.loads(run.stderr.strip().splitlines()[-1])
        check_equal((line["level"], line["event"]), ("error", "usage"), f"{extra}: a JSON usage line")

    tmp = tempfile.mkdtemp()
    for name in ["", "team/emea"]:
        path = os.path.join(tmp, "x.baton")
        with open(path, "w", encoding="utf-8") as f:
            f.write(open(SLA, encoding="utf-8").read().replace(f'sla "{NAME}"', f'sla "{name}"', 1))
        run = subprocess.run([baton, "serve", path, "--listen", "127.0.0.1:0"], capture_output=True, text=True,
                             timeout=15)
        check_equal(run.returncode, 2, f"an SLA named {name!r} is refused")
        check("cannot be served" in run.stderr, "the load error says why")


def head(method, path, *fields, version="HTTP/1.1", host=True):
    """A raw request head; `fields` are "Name: value" lines."""
    lines = [f"{method} {path} {version}"] + (["Host: test"] if host else []) + list(fields)
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def check_refused(answers, ended, status, fragment, what):
    """One JSON error answer with `status`, saying `fragment`, and the connection closed after it."""
    check_equal([a[0] for a in answers], [status], f"{what}: the answers")
    headers, body = answers[0][1], answers[0][2]
    check_equal(headers.get("content-type"), "application/json", f"{what}: content type")
    check(fragment in json.loads(body)["error"], f"{what}: {body!r} does not say {fragment!r}")
    check_equal((headers.get("connection"), ended), ("close", "closed"), f"{what}: the connection is closed")


def case_http_framing(baton):
    """Bodies whose length the head does not tell for sure are refused before
    anything is read or scored, and their connection closed: httplib took
    `Content-Length: -5` for 2^64-5 (and waited for it), `abc` for 0 (the body
    then read as the next request), and a `Transfer-Encoding` other than
    chunked as no body at all."""
    lead = b'{"id":"SMUGGLED","email":"kim@example.com","company_size":50}'
    follow = head("GET", "/v2/smuggled")  # must never be answered: it is part of a body, or after one
    score = f"/v1/score/{NAME}?as_of={AS_OF}"
    log = os.path.join(tempfile.mkdtemp(), "decisions.jsonl")
    with Server(baton, [SLA], "--decision-log", log, "--max-body-bytes", "100000") as s:
        for fields, body, status, fragment in [
            (["Content-Length: -5"], lead, 400, "Content-Length `-5` is not a number of bytes"),
            (["Content-Length: abc"], lead, 400, "Content-Length `abc`"),
            ([f"Content-Length: {len(lead)}", "Content-Length: 5"], lead, 400, "Content-Length values that differ"),
            ([f"Content-Length: {len(lead)}", "Transfer-Encoding: chunked"], lead, 400,
             "both Content-Length and Transfer-Encoding"),
            (["Transfer-Encoding: gzip"], gzip.compress(lead), 400, "does not end in chunked"),
            (["Transfer-Encoding: gzip, chunked"], b"5\r\nhello\r\n0\r\n\r\n", 501, "`gzip, chunked` is not implemented"),
            (["Transfer-Encoding: chunked", "Transfer-Encoding: chunked"], b"0\r\n\r\n", 400, "chunked more than once"),
            (["Content-Length: 100001"], lead, 413, "larger than 100000 bytes (--max-body-bytes)"),
            # Read by the route: a chunk longer than its size line says, a size that is no number.
            (["Transfer-Encoding: chunked"], b"5\r\n" + lead + b"\r\n0\r\n\r\n", 400, "longer than its size line"),
            (["Transfer-Encoding: chunked"], b"zz\r\n" + lead + b"\r\n0\r\n\r\n", 400, "not a hexadecimal number"),
        ]:
            what = " + ".join(fields)
            answers, ended = exchange(s.port, head("POST", score, "Content-Type: application/json", *fields) + body + follow)
            check_refused(answers, ended, status, fragment, what)

        # Neither Content-Length nor Transfer-Encoding: no body (RFC 9112 §6.3),
        # answered at once; httplib read until the client gave up.
        answers, ended = exchange(s.port, head("POST", score) + head("GET", "/healthz"), responses=2)
        check_equal([a[0] for a in answers], [400, 200], "a POST without a body, then a GET on the same connection")
        check("expected a JSON object" in answers[0][2].decode(), answers[0][2])
        # A chunked lead, with a chunk extension and a trailer field, is scored.
        chunked = (b"%x;note=1\r\n" % len(lead) + lead + b"\r\n0\r\nX-Trailer: 1\r\n\r\n").replace(b"SMUGGLED", b"CHUNKED1")
        answers, _ = exchange(s.port, head("POST", score, "Transfer-Encoding: chunked") + chunked, responses=1)
        check_equal((answers[0][0], json.loads(answers[0][2])["id"]), (200, "CHUNKED1"), "a chunked lead")
        # A GET with a body: httplib leaves the body unread, so the connection
        # closes after the answer rather than read it as the next request.
        answers, ended = exchange(s.port, head("GET", "/healthz", f"Content-Length: {len(follow)}") + follow)
        check_equal(([a[0] for a in answers], answers[0][1].get("connection"), ended), ([200], "close", "closed"),
                    "a GET with a body")
        check_equal(s.stop(), 0, "exit code")
    logged = open(log, encoding="utf-8").read()
    check("SMUGGLED" not in logged, "no refused body was scored")
    check_equal([json.loads(line)["decision"]["id"] for line in logged.splitlines() if '"decision"' in line],
                ["CHUNKED1"], "the decision log: the chunked lead alone")


def case_http_connection(baton):
    """Heads that cannot be read are answered and their connection closed
    (httplib kept it open, and read what followed as a request); limits on
    the head; Host; pipelined requests, which httplib dropped."""
    with Server(baton, [SLA]) as s:
        for data, status, fragment, what in [
            (b"GARBAGE\r\n\r\n" + head("GET", "/healthz"), 400, "not `METHOD TARGET HTTP/1.1`", "a bad request line"),
            (head("GET", "/healthz", version="HTTP/2.0"), 505, "HTTP/2.0 is not supported", "HTTP/2.0"),
            (head("BREW", "/healthz"), 501, "BREW is not implemented", "an unknown method"),
            (head("GET", "/healthz", host=False), 400, "needs a Host header", "HTTP/1.1 without Host"),
            (head("GET", "/healthz", "Host: other"), 400, "more than one Host", "two Hosts"),
            (head("GET", "/healthz", *[f"X-Field-{i}: {i}" for i in range(101)]), 431, "more than 100 header fields",
             "101 header fields"),
            (head("GET", "/healthz", "X-Long: " + "a" * 8200), 431, "a header line is longer than 8192 bytes",
             "a long header line"),
            (head("GET", "/healthz", *[f"X-Field-{i}: " + "a" * 1000 for i in range(70)]), 431,
             "the request head is longer than 65536 bytes", "a large head"),
            (head("GET", "/healthz?" + "a" * 8200), 414, "the request line is longer than 8192 bytes", "a long URL"),
            (b"GET /healthz HTTP/1.1\r\nHost: test\nTransfer-Encoding: chunked\r\n\r\n", 400, "bare LF", "a bare LF"),
            (head("POST", "/v1/reload", "Content-Length : 5") + b"hello", 400, "not a token", "a space before `:`"),
            (head("GET", "/healthz", "X-Folded: a", " b"), 400, "obsolete line folding", "a folded line"),
        ]:
            answers, ended = exchange(s.port, data)
            check_refused(answers, ended, status, fragment, what)
        # A head cut off by a limit is refused as soon as the limit is passed,
        # without waiting for the rest of the line.
        answers, ended = exchange(s.port, b"GET /" + b"a" * 9000)
        check_refused(answers, ended, 414, "longer than 8192 bytes", "an endless request line")

        # HTTP/1.0 needs no Host; its connection closes after the answer.
        answers, ended = exchange(s.port, head("GET", "/healthz", version="HTTP/1.0", host=False))
        check_equal(([a[0] for a in answers], answers[0][1].get("connection"), ended), ([200], "close", "closed"),
                    "HTTP/1.0 without Host")
        # A batch asked over HTTP/1.0 is not chunked (1.0 has no chunked
        # coding): its answer ends with the connection.
        leads = open(LEADS, "rb").read()
        expected, _ = baton_score(baton, SLA, LEADS)
        sock = socket.create_connection(("127.0.0.1", s.port), timeout=10)
        sock.sendall(head("POST", f"/v1/score/{NAME}?as_of={AS_OF}", "Content-Type: application/x-ndjson",
                          f"Content-Length: {len(leads)}", version="HTTP/1.0", host=False) + leads)
        answer, _ = read_until_closed(sock)
        fields, _, body = answer.partition(b"\r\n\r\n")
        fields = fields.decode().lower().split("\r\n")
        check_equal(fields[0], "http/1.1 200 ok", "an HTTP/1.0 batch: the status line")
        check("transfer-encoding: chunked" not in fields and "connection: close" in fields,
              f"an HTTP/1.0 batch: close-delimited, not chunked: {fields}")
        check_equal(body.decode(), expected, "an HTTP/1.0 batch: the decisions")
        # Pipelined requests, sent at once, are answered in order on the same
        # connection; an empty line before a request line is skipped; a lead
        # that is not JSON is a 400 that keeps the connection (its body was read).
        lead = open(LEADS, encoding="utf-8").readline().strip().encode()
        batch = (head("GET", "/healthz") + b"\r\n"
                 + head("POST", f"/v1/score/{NAME}?as_of={AS_OF}", f"Content-Length: {len(lead)}") + lead
                 + head("POST", f"/v1/score/{NAME}", "Content-Length: 5") + b"{oops"
                 + head("GET", "/readyz"))
        answers, ended = exchange(s.port, batch, responses=4)
        check_equal(([a[0] for a in answers], ended), ([200, 200, 400, 200], "open"), "four pipelined requests")
        check_equal(json.loads(answers[1][2])["id"], json.loads(lead)["id"], "the lead pipelined second")
        check_equal(answers[3][2], b'{"status":"ready"}\n', "the last answer")
        # `Connection: close` from the client: the server closes after the answer.
        answers, ended = exchange(s.port, head("GET", "/healthz", "Connection: close"))
        check_equal(([a[0] for a in answers], ended), ([200], "closed"), "Connection: close")
        _, _, metrics = s.request("GET", "/metrics")
        check('baton_http_requests_total{route="other",code="431"} 3\n' in metrics, "refused heads are counted")
        check_equal(s.stop(), 0, "exit code")


def brotli_compress(data):
    """br by the C library cpp-httplib itself links (no Python package needed)."""
    import ctypes
    import ctypes.util
    lib = ctypes.CDLL(ctypes.util.find_library("brotlienc") or "libbrotlienc.so.1")
    size = ctypes.c_size_t(len(data) + 1024)
    out = ctypes.create_string_buffer(size.value)
    check(lib.BrotliEncoderCompress(5, 22, 0, ctypes.c_size_t(len(data)), data, ctypes.byref(size), out) == 1,
          "brotli compression")
    return out.raw[:size.value]


def case_content_encoding(baton):
    """A compressed body (Content-Encoding gzip, deflate, br) is decoded and
    scored like the same body sent as it is; one cut short is refused whole
    (httplib scored what it had and dropped the rest); other codings are 415."""
    body = open(LEADS, "rb").read()
    expected, _ = baton_score(baton, SLA, LEADS)
    score = f"/v1/score/{NAME}?as_of={AS_OF}"
    log = os.path.join(tempfile.mkdtemp(), "decisions.jsonl")
    with Server(baton, [SLA], "--decision-log", log, "--max-body-bytes", str(len(body) + 10)) as s:
        for coding, data in [("gzip", gzip.compress(body)), ("deflate", zlib.compress(body)),
                             ("br", brotli_compress(body)), ("x-gzip", gzip.compress(body)),
                             ("GZIP", gzip.compress(body[:1000]) + gzip.compress(body[1000:]))]:
            check(len(data) < len(body) / 3, f"{coding} compresses")
            status, _, answer = s.request("POST", score, data, {**JSONL, "Content-Encoding": coding})
            check_equal(status, 200, f"a batch sent with Content-Encoding: {coding}")
            check(answer == expected, f"{coding}: the decisions differ from those of the body sent as it is")
        # Chunked and compressed.
        data = gzip.compress(body)
        conn = s.connection()
        conn.request("POST", score, body=(data[i:i + 1000] for i in range(0, len(data), 1000)),
                     headers={**JSONL, "Content-Encoding": "gzip"}, encode_chunked=True)
        resp = conn.getresponse()
        check(resp.status == 200 and resp.read().decode() == expected, "a chunked gzip batch")
        conn.close()
        scored = sum(1 for _ in open(log, encoding="utf-8"))

        # Cut short, or not what it says: refused, nothing scored.
        whole = gzip.compress(body)
        for coding, data, what in [("gzip", whole[:len(whole) * 2 // 3], "a gzip body cut short"),
                                   ("gzip", whole[:-8], "a gzip body without its trailer"),
                                   ("br", brotli_compress(body)[:-20], "a br body cut short"),
                                   ("gzip", body, "a body that is not gzip"),
                                   ("deflate", whole, "gzip sent as deflate")]:
            status, _, answer = s.request("POST", score, data, {**JSONL, "Content-Encoding": coding})
            check_equal(status, 400, what)
            check_equal(json.loads(answer)["error"], f"the body is not {coding} data, or it was cut short", what)
        # A small body that decodes past --max-body-bytes.
        bomb = gzip.compress(b" " * (len(body) * 20))
        status, _, answer = s.request("POST", score, bomb, {**JSONL, "Content-Encoding": "gzip"})
        check_equal((status, "--max-body-bytes" in answer), (413, True), "a body that decodes past the limit")
        check_equal(sum(1 for _ in open(log, encoding="utf-8")), scored, "nothing of a refused body is scored")

        # Codings not accepted: 415, with the ones that are, before the body is read.
        for coding in ("compress", "zstd", "gzip, br"):
            data = head("POST", score, f"Content-Encoding: {coding}", f"Content-Length: {len(body)}") + body
            answers, ended = exchange(s.port, data)
            check_refused(answers, ended, 415, f"Content-Encoding `{coding}` is not accepted", coding)
            check_equal(answers[0][1].get("accept-encoding"), "gzip, deflate, br", f"{coding}: Accept-Encoding")
        check_equal(sum(1 for _ in open(log, encoding="utf-8")), scored, "nothing of a 415 body is scored")
        check_equal(s.stop(), 0, "exit code")


def case_request_deadline(baton):
    """A client sending a byte at a time cannot hold a worker: the whole
    request must arrive within --request-deadline (httplib restarted its
    timeout on every byte); a client that stops sending is cut at
    --request-timeout. Both answer 408, close, log and count."""
    lead = open(LEADS, "rb").readline().strip()
    request = head("POST", f"/v1/score/{NAME}", f"Content-Length: {len(lead)}", "Content-Type: application/json") + lead
    body_at = request.index(b"\r\n\r\n") + 4
    # A path no route takes: httplib reads its body itself, and the answer is the same 408.
    unrouted = head("POST", "/v1/nope", f"Content-Length: {len(lead)}", "Content-Type: application/json") + lead

    def trickle(port, at_once, interval, stop=len(request), request=request):
        """Sends `request[:at_once]`, then a byte every `interval` s up to
        `stop`, until an answer arrives; (answers, how the reading ended, seconds)."""
        sock = socket.create_connection(("127.0.0.1", port), timeout=6)
        started = time.monotonic()
        try:
            sock.sendall(request[:at_once])
            for i in range(at_once, stop):
                if select.select([sock], [], [], interval)[0]:
                    break
                sock.send(request[i:i + 1])
            out = b""
            while chunk := sock.recv(65536):
                out += chunk
            return parse_responses(out), "closed", time.monotonic() - started
        finally:
            sock.close()

    with Server(baton, [SLA], "--request-deadline", "1.5", "--request-timeout", "0.8") as s:
        cases = {"head": (0, 0.1, len(request)),       # the head a byte at a time
                 "body": (body_at, 0.1, len(request)),  # the head at once, the body a byte at a time
                 "stalled": (30, 0, 30),                # part of the head, then nothing
                 "unrouted": (unrouted.index(b"\r\n\r\n") + 4, 0.1, len(unrouted), unrouted)}
        results = {}
        threads = [threading.Thread(target=lambda k=k, a=a: results.__setitem__(k, trickle(s.port, *a)))
                   for k, a in cases.items()]
        for t in threads:
            t.start()
        check_equal(s.request("GET", "/healthz")[0], 200, "a request beside the slow ones")
        for t in threads:
            t.join()
        for name, fragment, low, high in [("head", "did not arrive within 1.5 s (--request-deadline)", 1.4, 3.0),
                                          ("body", "did not arrive within 1.5 s (--request-deadline)", 1.4, 3.0),
                                          ("stalled", "nothing of the request arrived for 0.8 s (--request-timeout)",
                                           0.7, 2.0),
                                          ("unrouted", "did not arrive within 1.5 s (--request-deadline)", 1.4, 3.0)]:
            check(name in results, f"{name}: the client got no answer")
            answers, ended, seconds = results[name]
            check_refused(answers, ended, 408, fragment, name)
            check(low <= seconds <= high, f"{name}: answered after {seconds:.2f} s")
        _, _, metrics = s.request("GET", "/metrics")
        check("baton_http_request_timeouts_total 4\n" in metrics, "timeouts counted")
        check_equal(s.stop(), 0, "exit code")
    timeouts = [e for e in s.log_events() if e["event"] == "request_timeout"]
    check_equal(sorted((e["phase"], e["limit"]) for e in timeouts),
                [("body", "request_deadline"), ("body", "request_deadline"), ("head", "request_deadline"),
                 ("head", "request_timeout")],
                "request_timeout log lines")
    check(all(e["level"] == "warning" and e["remote"].startswith("127.0.0.1:") and e["received"] > 0 for e in timeouts),
          "timeout lines say who and how much arrived")


def case_response_deadline(baton):
    """A client that reads an answer too slowly, or stops reading it, cannot
    hold a worker: the whole answer must be taken within --response-deadline
    (each write waited --request-timeout, so a client reading a little at a
    time held it for ever); the connection is closed, logged and counted."""
    lines = open(LEADS, "rb").read().splitlines()
    batch = b"\n".join(lines * (2000 // len(lines) + 1)) + b"\n"  # an answer of several MB with explain
    request = head("POST", f"/v1/score/{NAME}?as_of={AS_OF}&explain=true", f"Content-Length: {len(batch)}",
                   "Content-Type: application/x-ndjson") + batch

    def slow_reader(server, read_size, interval):
        """Sends the request, then reads `read_size` bytes every `interval`
        s until the server closes; with 0, reads nothing until the server
        logs that it cut the answer, then all. The bytes read."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # the answer waits in the server's buffers
        sock.settimeout(20)
        sock.connect(("127.0.0.1", server.port))
        got = 0
        try:
            sock.sendall(request)
            if read_size == 0:
                deadline = time.monotonic() + 20
                while not any(e["event"] == "response_timeout" and e["limit"] == "request_timeout"
                              for e in server.log_events()) and time.monotonic() < deadline:
                    time.sleep(0.05)
                read_size = 1 << 20
            while chunk := sock.recv(read_size):
                got += len(chunk)
                time.sleep(interval)
        except ConnectionResetError:
            pass
        finally:
            sock.close()
        return got

    # The whole answer's size, from a server with the default limits: read
    # under the test's tight ones, on a loaded machine, it could be cut too.
    with Server(baton, [SLA], "--max-body-bytes", str(len(batch) + 1)) as s:
        whole = s.request("POST", f"/v1/score/{NAME}?as_of={AS_OF}&explain=true", batch, JSONL)
        check_equal(whole[0], 200, "the batch read at once")
        answer_size = len(whole[2])
        check(answer_size > 8 << 20, f"the answer is larger than the buffers: {answer_size} bytes")
        check_equal(s.stop(), 0, "exit code")
    # A write that waits 1.5 s is cut; the slow reader takes 2 KB every 20 ms
    # (its writes never wait that long, even on a loaded machine) and is cut
    # at the 4 s deadline, long before it could take the whole answer.
    with Server(baton, [SLA], "--response-deadline", "4", "--request-timeout", "1.5",
                "--max-body-bytes", str(len(batch) + 1)) as s:
        results = {}
        threads = [threading.Thread(target=lambda: results.__setitem__("slow", slow_reader(s, 2048, 0.02))),
                   threading.Thread(target=lambda: results.__setitem__("stopped", slow_reader(s, 0, 0.0)))]
        for t in threads:
            t.start()
        check_equal(s.request("GET", "/healthz")[0], 200, "a request beside the slow readers")
        for t in threads:
            t.join()
        for name in ("slow", "stopped"):
            check(results.get(name, answer_size) < answer_size, f"{name}: the answer was cut ({results.get(name)} bytes)")
        _, _, metrics = s.request("GET", "/metrics")
        check("baton_http_response_timeouts_total 2\n" in metrics, "answers cut are counted")
        check_equal(s.stop(), 0, "exit code")
    cut = {e["limit"]: e for e in s.log_events() if e["event"] == "response_timeout"}
    check_equal(sorted(cut), ["request_timeout", "response_deadline"], "response_timeout log lines")
    # Not before the limits; after them by what a loaded machine may delay.
    check(3.9 <= cut["response_deadline"]["seconds"] <= 8, f"cut at {cut['response_deadline']['seconds']} s, not 4")
    check(1.4 <= cut["request_timeout"]["seconds"] <= 4, f"cut at {cut['request_timeout']['seconds']} s, not 1.5")
    check(all(e["level"] == "warning" and e["remote"].startswith("127.0.0.1:") and 0 < e["sent"] < answer_size
              for e in cut.values()), "the lines say who and how much was taken")
    # `sent` is what had reached the client when the answer was cut: about
    # what it read (a few more KB may arrive before the connection closes),
    # at most that and its small receive buffer; not the megabytes the
    # server's socket still held, which it counted before.
    for limit, reader in (("response_deadline", "slow"), ("request_timeout", "stopped")):
        got, sent = results[reader], cut[limit]["sent"]
        check(got - (64 << 10) <= sent <= got + (256 << 10), f"{reader}: read {got} bytes, the log says {sent} were sent")


def case_explain_no_deadline(baton):
    """explain=true says why a routed lead has no deadline, as `baton explain` does."""
    sla, leads = "tests/golden/sla/no_deadline.baton", "tests/golden/no-deadline-leads.jsonl"
    by_id = {json.loads(line)["id"]: line for line in open(leads, encoding="utf-8")}
    with Server(baton, [sla]) as s:
        for lead_id, why in (("N1", "its `within` is missing for this lead"),
                             ("N2", "its `within` is negative for this lead"),
                             ("N4", "it would fall after 9999-12-31")):
            status, _, body = s.request("POST", f"/v1/score/no-deadline?as_of={AS_OF}&explain=true", by_id[lead_id], JSON)
            check_equal(status, 200, f"status for {lead_id}")
            answer = json.loads(body)
            check_equal(answer["route"]["deadline"], None, f"{lead_id} has no deadline")
            check_equal(answer["explanation"].get("no_deadline"), why, f"why {lead_id} has none")
            cli = subprocess.run([baton, "explain", sla, leads, "--id", lead_id, "--as-of", AS_OF, "--format", "json"],
                                 capture_output=True, text=True, check=True).stdout
            check_equal(answer["explanation"], json.loads(cli), f"{lead_id}: explanation = baton explain --format json")
        status, _, body = s.request("POST", f"/v1/score/no-deadline?as_of={AS_OF}&explain=true", by_id["N5"], JSON)
        check("no_deadline" not in json.loads(body)["explanation"], "a lead with a deadline has no no_deadline")
        check_equal(s.stop(), 0, "exit code")


def case_docs_examples(baton):
    """Every `curl` block of docs/service.md runs as written (only the port is
    the test server's); a ```json block right after it is its exact output."""
    text = open("docs/service.md", encoding="utf-8").read()
    blocks, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        if lines[i].startswith("```"):
            lang, j = lines[i][3:].strip(), i + 1
            while not lines[j].startswith("```"):
                j += 1
            blocks.append((lang, "\n".join(lines[i + 1:j])))
            i = j
        i += 1
    # A ```text block after a curl is its exact output too, unless it is an
    # excerpt ("..." marks what it leaves out).
    def output_block(k):
        if k + 1 >= len(blocks) or blocks[k + 1][0] not in ("json", "text"):
            return None
        lang, body = blocks[k + 1]
        return None if lang == "text" and "..." in body else (lang, body)

    examples = [(code, output_block(k)) for k, (lang, code) in enumerate(blocks)
                if lang == "sh" and code.startswith("curl")]
    check(len(examples) >= 6, f"docs/service.md has curl examples ({len(examples)})")
    # BATON_UPDATE_DOCS=1 rewrites the json blocks with the outputs (review the diff).
    update = os.environ.get("BATON_UPDATE_DOCS") == "1"
    with Server(baton, [SLA], "--allow-reload-endpoint") as s:
        outputs = {}
        for code, block in examples:
            command = code.replace("127.0.0.1:8080", f"127.0.0.1:{s.port}")
            out = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=30)
            check_equal(out.returncode, 0, f"exit code of\n{code}\n{out.stderr}")
            outputs[code] = out.stdout
            if block is None:
                continue
            lang, want = block
            # The time a version was loaded is the test server's own.
            out.stdout = re.sub(r'"loaded_at":"[^"]*"', '"loaded_at":"2026-12-06T11:06:19Z"', out.stdout)
            if update:
                at = text.index(code)
                fence = f"```{lang}\n"
                text = text[:at] + text[at:].replace(fence + want + "\n```", fence + out.stdout.rstrip("\n") + "\n```", 1)
            else:
                check_equal(out.stdout.rstrip("\n"), want, f"output of\n{code}")
        check_equal(s.stop(), 0, "exit code")
    # The excerpts: every fingerprint shown is the example's, and the
    # lifecycle sentence of the explained lead is the one the server gave.
    fingerprint = json.loads(next(o for c, o in outputs.items() if "/v1/slas" in c))["slas"][0]["fingerprint"]
    if update:
        text = re.sub(r'"fingerprint":"[0-9a-f]{32}"', f'"fingerprint":"{fingerprint}"', text)
    for shown in re.findall(r'"fingerprint":"([0-9a-f]{32})"', text):
        check_equal(shown, fingerprint, "a fingerprint shown in docs/service.md")
    explained = next(o for c, o in outputs.items() if "explain=true" in c)
    sentence = json.loads(explained)["explanation"]["lifecycle"]["sentence"]
    shown = re.search(r'"sentence":"([^"]*)"', text)
    if update and shown:
        text = text.replace(shown.group(0), f'"sentence":"{sentence}"')
    elif shown:
        check_equal(shown.group(1), sentence, "the lifecycle sentence shown for the explained lead")
    if update:
        open("docs/service.md", "w", encoding="utf-8").write(text)


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--baton", required=True)
    parser.add_argument("case", choices=sorted(CASES))
    args = parser.parse_args()
    started = time.monotonic()
    CASES[args.case](os.path.abspath(args.baton))
    print(f"service/{args.case}: passed in {time.monotonic() - started:.1f} s")
