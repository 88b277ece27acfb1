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
