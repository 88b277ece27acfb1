"""Python values in leads read the same on every entry point: score,
explain, score_many and score_frame (docs/python.md, "Score one lead")."""

import sys

import numpy as np
import pandas as pd
import pytest

import baton
from conftest import AS_OF

SLA = '''sla "values" version "1"
lead { email: string  p: number?  size: int?  tags: set<string>?  note: string? }
event visit { weight: number? }
export let e_p = p
export let e_size = size
export let e_tags = tags
export let e_note = note
export let e_weight = last(visit).weight
score fit max 100 {
  +50 when p >= 0.0001
}
stages {
  mql  when fit >= 50
  lead otherwise
}
'''


@pytest.fixture(scope="module")
def program():
    return baton.compile(SLA)


def frame_values(program, frame, column):
    out = program.score_frame(frame, as_of=AS_OF)
    return [None if v is pd.NA else v for v in out[column]], out


def many_values(program, frame, column):
    return [d.values[column] if d.scored else None
            for d in program.score_many(frame.to_dict("records"), as_of=AS_OF)]


SMALL = [0.0000999999999999, 0.00012, 3.3e-15, 1.23456789e-12, 7.654321e-16, 0.1 + 0.2, 9.87654321012345,
         -1.5e-300, 1e300, 5e-324, sys.float_info.max, -sys.float_info.max, 123.25, 4.0, 0.0]


@pytest.mark.parametrize("dtype", ["float64", "Float64", "object"])
def test_frame_reads_every_float_exactly(program, dtype):
    frame = pd.DataFrame({"id": [f"r{i}" for i in range(len(SMALL))], "email": "x",
                          "p": pd.array(SMALL, dtype=dtype)})
    got, out = frame_values(program, frame, "e_p")
    assert out["error"].isna().all()
    assert got == SMALL
    assert got == many_values(program, frame, "e_p")
    # just under the threshold stays under it, as in score_many and `baton score`
    assert out.loc[0, "stage"] == "lead" and out.loc[1, "stage"] == "mql"


def test_frame_reads_float32_and_nested_floats_as_score_does(program):
    weights = [1e-7, 0.3, 2.5e-20]
    frame = pd.DataFrame({"id": ["a", "b", "c"], "email": "x",
                          "p": np.array([0.1, 1e-5, 3.25], dtype="float32"),
                          "events": [[{"type": "visit", "at": "2026-11-20T00:00:00Z", "weight": np.float64(w)}]
                                     for w in weights]})
    got, _ = frame_values(program, frame, "e_p")
    assert got == [float(np.float32(v)) for v in (0.1, 1e-5, 3.25)]
    assert got == many_values(program, frame, "e_p")
    nested, _ = frame_values(program, frame, "e_weight")
    assert nested == weights == many_values(program, frame, "e_weight")


def test_frame_text_that_looks_like_a_number_marker_stays_text(program):
    texts = ["\x00#1.5", "a\x00#2", "plain"]
    frame = pd.DataFrame({"id": ["a", "b", "c"], "email": "x", "note": texts, "p": [1e-5, 0.5, 2e-9],
                          "events": [[{"type": "visit", "at": "2026-11-20T00:00:00Z", "note": "\x00#3"}]] * 3})
    got, out = frame_values(program, frame, "e_note")
    assert got == texts == many_values(program, frame, "e_note")
    assert list(out["e_p"]) == [1e-5, 0.5, 2e-9]


def every_entry_point(program, lead):
    """What score, explain, score_many and score_frame make of one lead:
    ("scored", values) or ("rejected", field, error) from each."""
    def verdict(result):
        if isinstance(result, baton.RecordError):
            return ("rejected", result.field, result.error)
        if not result.scored:
            return ("rejected", result.field, result.error)
        return ("scored", result.values)

    out = []
    for call in (lambda: program.score(lead, as_of=AS_OF), lambda: program.explain(lead, as_of=AS_OF).decision):
        try:
            out.append(verdict(call()))
        except baton.RecordError as e:
            out.append(verdict(e))
    out.append(verdict(next(program.score_many([lead], as_of=AS_OF))))
    row = program.score_frame(pd.DataFrame([lead]), as_of=AS_OF).iloc[0]
    if row["error"] is not None:
        out.append(("rejected", row["error_field"], row["error"]))
    else:
        out.append(("scored", {name: (None if pd.isna(row[name]) else row[name]) if not isinstance(row[name], list)
                               else row[name] for name in program.value_names}))
    return out


def test_a_finite_decimal_is_its_number_on_every_entry_point(program):
    from decimal import Decimal

    for p, size, expected in [(Decimal("0.000099999999999999"), Decimal("120"), (0.000099999999999999, 120)),
                              (Decimal("12000.50"), Decimal("5.00"), (12000.5, 5)),
                              (Decimal("1E-20"), Decimal("-9223372036854775808"), (1e-20, -2**63))]:
        results = every_entry_point(program, {"id": "d", "email": "x", "p": p, "size": size})
        for result in results:
            assert result[0] == "scored", result
            assert (result[1]["e_p"], result[1]["e_size"]) == expected
    # integral beyond 64 bits: the int, which an int field refuses as score() refuses 2**64
    results = every_entry_point(program, {"id": "d", "email": "x", "size": Decimal("99999999999999999999")})
    assert results == [("rejected", "size", "expected int, got number 1e+20 (out of range)")] * 4


@pytest.mark.parametrize("text", ["NaN", "sNaN", "Infinity", "-Infinity"])
def test_a_non_finite_decimal_is_rejected_naming_its_field(program, text):
    from decimal import Decimal

    lead = {"id": "d", "email": "x", "p": Decimal(text)}
    assert every_entry_point(program, lead) == [("rejected", "p", "not a finite number")] * 4
    nested = {"id": "d", "email": "x", "events": [{"type": "visit", "at": "2026-11-20T00:00:00Z",
                                                    "weight": Decimal(text)}]}
    assert every_entry_point(program, nested) == [("rejected", "events[0].weight", "not a finite number")] * 4
    # in a frame, that row only
    frame = pd.DataFrame({"id": ["a", "b"], "email": "x", "p": [Decimal("0.5"), Decimal(text)]})
    out = program.score_frame(frame, as_of=AS_OF)
    assert list(out["error_field"]) == [None, "p"] and out.loc[0, "e_p"] == 0.5


class Tier(__import__("enum").Enum):
    GOLD = "gold"


class Plan(str, __import__("enum").Enum):
    PRO = "pro"


def other_values():
    import datetime
    import uuid
    return [(uuid.UUID(int=2), "UUID"), (pd.Period("2026-11"), "Period"), (datetime.time(10, 30), "time"),
            (Tier.GOLD, "Tier"), (np.bytes_(b"Acme"), "bytes"), (pd.Interval(0, 1), "Interval"),
            (complex(1, 2), "complex"), (object(), "object")]


@pytest.mark.parametrize("value,name", other_values(), ids=lambda v: type(v).__name__)
def test_a_value_with_no_json_form_is_rejected_naming_its_field_everywhere(program, value, name):
    message = f"{name} cannot be written as JSON"
    lead = {"id": "o", "email": "x", "note": value}
    assert every_entry_point(program, lead) == [("rejected", "note", message)] * 4
    nested = {"id": "o", "email": "x", "events": [{"type": "visit", "at": "2026-11-20T00:00:00Z", "x": value}]}
    assert every_entry_point(program, nested) == [("rejected", "events[0].x", message)] * 4
    # a column of them (Period, Interval and complex make their own dtypes): each row rejected, none raises
    frame = pd.DataFrame({"id": ["a", "b"], "email": "x", "note": [value, value]})
    out = program.score_frame(frame, as_of=AS_OF)
    assert list(out["error_field"]) == ["note", "note"] and list(out["error"]) == [message] * 2


def test_a_str_enum_is_its_text_everywhere(program):
    lead = {"id": "e", "email": "x", "note": Plan.PRO}
    assert every_entry_point(program, lead) == [("scored", {"e_p": None, "e_size": None, "e_tags": None,
                                                            "e_note": "pro", "e_weight": None})] * 4


def test_a_set_is_written_in_one_order_whatever_the_hash_seed():
    import os
    import subprocess
    import textwrap
    script = textwrap.dedent(f'''
        import pandas as pd, baton
        program = baton.compile({SLA!r})
        tags = {{"pricing", "integrations", "security", "sso", "api", "billing"}}
        lead = {{"id": "s", "email": "x", "tags": tags, "events": [{{"type": "visit", "at": "2026-11-20T00:00:00Z",
                                                                 "seen": frozenset(tags)}}]}}
        print(program.score(lead, as_of=0).values["e_tags"])
        print(next(program.score_many([lead], as_of=0)).values["e_tags"])
        print(list(program.score_frame(pd.DataFrame([lead]), as_of=0)["e_tags"]))
    ''')
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
        assert run.returncode == 0, run.stderr
        outputs.add(run.stdout)
    assert outputs == {"['api', 'billing', 'integrations', 'pricing', 'security', 'sso']\n" * 2
                       + "[['api', 'billing', 'integrations', 'pricing', 'security', 'sso']]\n"}


def test_a_set_of_items_that_do_not_compare_is_still_written(program):
    lead = {"id": "s", "email": "x", "tags": {"a", 1}}
    assert every_entry_point(program, lead)[0][0] == "rejected"
    assert len({str(r) for r in every_entry_point(program, lead)}) == 1
