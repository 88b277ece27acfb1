"""The Python side of fuzz_python (fuzz_python.cpp calls one_input).

Input: one option byte, then JSON Lines (or CSV) text. The option byte's low
two bits pick the entry point, the next bits how the rows are handed over.
Each mode checks what users rely on:
  0  score_jsonl (bytes read in blocks) against score_many (each line as
     bytes, and as str where it is UTF-8): one result per non-blank line,
     the same decision or the same rejection whichever way it came in;
  1  score_csv on the bytes (with examples/crm-export-mapping.json or
     none): one result per row, rejections inside the file;
     a header it cannot use is a ValueError, nothing else;
  2  score_frame on a DataFrame built from the lines' JSON objects (columns
     made float, object or datetime by the option bits): one row per row,
     the fixed columns, and every scored row's cells (the route's
     escalation_N_to / escalation_N_due too) equal to the decision the same
     record gets from score_many;
  3  explain and score on the first line, as bytes and as str (lone
     surrogates where it is not UTF-8), and as a dict when it is an object.
Anything else raising is a finding; so is a crash under the sanitizers.
"""
import io
import json
import math
import pathlib

import baton
from baton import _frame

ROOT = pathlib.Path(__file__).resolve().parents[2]
PROGRAM = baton.compile(str(ROOT / "examples" / "b2b-saas.baton"))
AS_OF = "2026-11-23T00:00:00Z"
CSV_MAPPING = json.loads((ROOT / "examples" / "crm-export-mapping.json").read_text())


def _same(a, b):
    """Decision or Rejection equality, leaving out where the input came from
    (a line number or a position in a list)."""
    if a.scored != b.scored:
        return False
    if a.scored:  # the step delays travel beside the record: compared too
        return a.json == b.json and a.escalations == b.escalations
    return (a.id, a.field, a.error) == (b.id, b.field, b.error)


def _check_result(result):
    if result.scored:
        record = json.loads(result.json)
        assert record["stage"] in PROGRAM.stages, result.json
        assert record["fingerprint"] == PROGRAM.fingerprint
    else:
        assert isinstance(result.error, str) and result.error, result


BOM = b"\xef\xbb\xbf"


def _is_record(line):
    """Not blank: something beside a byte-order mark and spaces, tabs, CRs
    and LFs (an LF can be in a line of a file of CR lines)."""
    return bool((line[3:] if line.startswith(BOM) else line).strip(b" \t\r\n"))


def _lines(text):
    """A JSON Lines file's lines as docs/cli.md says baton reads them: a
    byte-order mark at the start skipped; split at CR when the first line
    ends in a run of CRs that a byte other than LF follows, else at LF."""
    if text.startswith(BOM):
        text = text[3:]
    ends = [i for i in (text.find(b"\n"), text.find(b"\r")) if i >= 0]
    end = min(ends) if ends else -1
    if end >= 0 and text[end:end + 1] == b"\r":
        after = len(text) - len(text[end:].lstrip(b"\r"))
        if after < len(text) and text[after:after + 1] != b"\n":
            return text.split(b"\r")
    return text.split(b"\n")


def jsonl(option, text):
    lines = _lines(text)
    records = [line for line in lines if _is_record(line)]
    from_file = list(PROGRAM.score_jsonl(io.BytesIO(text), as_of=AS_OF, threads=1 + (option >> 2 & 1)))
    assert len(from_file) == len(records), (len(from_file), len(records))
    numbers = [i + 1 for i, line in enumerate(lines) if _is_record(line)]
    from_bytes = list(PROGRAM.score_many(records, as_of=AS_OF, batch_size=1 + (option >> 3)))
    assert len(from_bytes) == len(records)
    for number, a, b in zip(numbers, from_file, from_bytes):
        _check_result(a)
        assert _same(a, b), (a, b)
        if not a.scored:
            assert a.line == number, (a.line, number)
    # The records that are UTF-8, as str, against the same records as bytes.
    pairs = [(r.decode("utf-8"), b) for r, b in zip(records, from_bytes) if _is_utf8(r)]
    from_str = list(PROGRAM.score_many([text for text, _ in pairs], as_of=AS_OF))
    assert len(from_str) == len(pairs)
    for a, (_, b) in zip(from_str, pairs):
        assert _same(a, b), (a, b)


def _is_utf8(data):
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def csv(option, text):
    try:
        mapping = CSV_MAPPING if option & 4 else None
        results = list(PROGRAM.score_csv(text, as_of=AS_OF, mapping=mapping, batch_size=1 + (option >> 3),
                                         max_row_bytes=4096))
    except ValueError as e:
        assert "header" in str(e) or "column" in str(e) or "row" in str(e), e
        return
    # Lines end in LF, CRLF or, when the first one ends in CR alone, CR (docs/cli.md).
    lines = max(text.count(b"\n"), text.count(b"\r")) + 1
    for result in results:
        _check_result(result)
        if not result.scored:
            assert 1 <= result.line <= lines, (result.line, lines)


def frame(option, text):
    import pandas as pd

    rows = []
    for line in text.split(b"\n"):
        try:
            value = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if isinstance(value, dict):
            rows.append(value)
    if not rows:
        return
    try:
        data = pd.DataFrame(rows)
    except (ValueError, TypeError, OverflowError):
        return  # pandas' own refusal, before baton is called
    for column in list(data.columns)[: 3]:
        if option & 4:
            data[column] = pd.to_numeric(data[column], errors="coerce")
        elif option & 8:
            data[column] = pd.to_datetime(data[column], errors="coerce", utc=True)
        elif option & 16:
            data[column] = data[column].astype(object)
    try:
        texts = _frame.frame_records(PROGRAM, data)
    except (ValueError, TypeError, OverflowError) as e:
        # pandas' to_json refuses some values (mixed-type keys, huge ints):
        # score_frame must say so the same way, not crash.
        try:
            PROGRAM.score_frame(data, as_of=AS_OF)
        except type(e):
            return
        raise AssertionError(f"frame_records raised {e!r} but score_frame did not")
    out = PROGRAM.score_frame(data, as_of=AS_OF)
    assert len(out) == len(data), (len(out), len(data))
    assert list(out.columns)[-2:] == ["error_field", "error"]
    expected = list(PROGRAM.score_many(texts, as_of=AS_OF))
    columns = _frame.frame_columns(PROGRAM)
    times = set(_frame.time_columns(PROGRAM))
    for i, result in enumerate(expected):
        row = out.iloc[i]
        if not result.scored:
            assert row["error"] == result.error, (row["error"], result.error)
            continue
        assert row["error"] is None, row["error"]
        record = json.loads(result.json)
        for name, path in columns:
            want = record
            for key in path:  # keys, and positions in the route's escalations ("0")
                if isinstance(want, list):
                    want = want[int(key)] if int(key) < len(want) else None
                else:
                    want = want.get(key) if isinstance(want, dict) else None
            got = row[name]
            if name in times:
                want = None if want is None else pd.Timestamp(want)
                got = None if pd.isna(got) else got
            assert _equal_cell(got, want), (name, got, want)


def _equal_cell(got, want):
    import pandas as pd

    if isinstance(want, float) and isinstance(got, float) and math.isnan(want) and math.isnan(got):
        return True
    if want is None:  # pd.NA in the nullable (Int64, Float64, boolean) columns
        return got is None or got is pd.NA or (isinstance(got, float) and math.isnan(got))
    return got is not pd.NA and got == want


def explain(option, text):
    line = text.split(b"\n")[0]
    forms = [line, line.decode("utf-8", errors="surrogateescape")]
    try:
        value = json.loads(line)
        if isinstance(value, dict):
            forms.append(value)
    except (ValueError, RecursionError):
        pass
    for lead in forms:
        try:
            decision = PROGRAM.score(lead, as_of=AS_OF, strict=bool(option & 4))
        except baton.RecordError:
            decision = None
        except ValueError as e:  # a dict json.dumps cannot write (NaN is written; a cycle is not)
            assert isinstance(lead, dict), e
            continue
        try:
            explanation = PROGRAM.explain(lead, as_of=AS_OF, strict=bool(option & 4))
        except baton.RecordError:
            assert decision is None, "score accepted what explain rejected"
            continue
        assert decision is not None, "explain accepted what score rejected"
        assert explanation.decision.json == decision.json
        assert explanation.decision.escalations == decision.escalations
        assert isinstance(explanation.text, str) and explanation.text
        json.dumps(explanation.trace)


MODES = [jsonl, csv, frame, explain]


def one_input(data):
    if not data:
        return
    option, text = data[0], data[1:]
    MODES[option & 3](option, text)
