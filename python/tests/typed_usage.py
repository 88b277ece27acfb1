"""Typed use of the package, as a user's code would be checked by mypy
against the stubs (test_stubs.py runs mypy on it, then runs it: what the
stubs accept must work at runtime)."""
from __future__ import annotations

import datetime as dt
import pathlib
from types import MappingProxyType
from typing import Hashable, List, Optional

import numpy as np
import pandas as pd

import baton
import baton.dask
import baton.spark

SLA = '''sla "typed" version "1"
lead { email: string  size: int? }
score fit max 100 { +30 when size >= 100 }
stages {
  mql  when fit >= 30
  lead otherwise
}
routes { mql -> "nurture" within 4h }
'''

program: baton.Program = baton.compile(SLA)
lead = {"id": "a", "email": "a@x.example", "size": 120}
assert program.score(lead, as_of=np.datetime64("2026-11-23T00:00:00")).stage == "mql"
assert program.score(lead, as_of=np.int64(1795392000)).stage == "mql"
assert program.score(lead, as_of=np.float64(1795392000.5)).stage == "mql"
assert program.score(lead, as_of=pd.Timestamp("2026-11-23", tz="UTC")).stage == "mql"
assert program.score(lead, as_of=dt.date(2026, 11, 23)).stage == "mql"
decision = program.score(MappingProxyType(lead), as_of=0)  # any Mapping is a lead
assert program.explain(MappingProxyType(lead), as_of=0).decision == decision
assert next(program.score_many([MappingProxyType(lead)], as_of=0)) == decision
assert program.score(bytearray(b'{"email": "a@x.example"}'), as_of=0).stage == "lead"
for result in program.score_many([lead, {"email": 3}], as_of=0):
    if result.scored:
        stage: str = result.stage
    else:
        line: int = result.line
deadline: Optional[dt.datetime] = decision.deadline
after: Optional[dt.timedelta] = decision.escalations[0].after if decision.escalations else None
fit: float = decision.scores["fit"]
frame = program.score_frame(pd.DataFrame([lead]), as_of=0)
text: str = program.explain(lead, as_of=0).text
error = baton.RecordError("expected int", field="size", id="a", row=3)
row: Optional[Hashable] = error.row
assert (error.field, error.id, error.error) == ("size", "a", "expected int")
again = baton.load(memoryview(program.to_bytes()))
path: pathlib.Path = pathlib.Path(__file__).with_name("typed_usage.baton")
path.write_text(SLA)
try:
    from_path = baton.compile(path)
finally:
    path.unlink()
copy = baton.Decision(decision.json)
assert copy == decision
names: List[str] = program.value_names
function = baton.spark.scorer(program, as_of=0, coerce=True, coerce_zone="Europe/Berlin")
