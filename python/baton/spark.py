"""Scoring a Spark DataFrame with PySpark's mapInPandas.

    from baton.spark import scorer, schema
    scored = leads_df.mapInPandas(scorer(program, as_of="2026-11-23T00:00:00Z"), schema(program))

PySpark is not a dependency of this package (and cannot be installed on the
machines this project is built on); these functions only use pandas, and
the tests run them on pandas DataFrames the way Spark would.
"""
from __future__ import annotations

import json
from typing import Any, Callable, Iterator, List, Optional, Tuple

from ._frame import _TIME_COLUMNS, decision_columns, frame_columns, score_frames, time_columns
from ._program import Program, decode_options, epoch_seconds

_KNOWN = ("id", "stage", "route", "sla", "version", "fingerprint") + _TIME_COLUMNS


def _extra_columns(program: Program) -> List[str]:
    """Decision fields beyond the ones this module knows the type of
    (fields added to decisions later): typed from the program's blank
    decision, objects and arrays as JSON text."""
    return [name for name, path in decision_columns(program) if path[0] not in ("scores", "values")
            and name not in _KNOWN]


def _as_spark_cells(frame, extra: List[str]):
    # Arrow cannot put a dict into a string column: nested values go as JSON text.
    for name in extra:
        if frame[name].dtype == object:
            frame[name] = frame[name].map(lambda v: json.dumps(v) if isinstance(v, (dict, list)) else v)
    return frame

_SPARK_TYPES = {
    "int": "bigint", "number": "double", "string": "string", "bool": "boolean",
    "time": "string", "duration": "string", "set<string>": "array<string>", "list<string>": "array<string>",
}


class _PartitionScorer:
    """Picklable: it travels to the executors holding the program's bytecode,
    loaded once per executor process."""

    def __init__(self, program: Program, epoch: int, threads: int, decode: Tuple[bool, bool, str, bool]):
        self.program = program  # pickles as its bytecode
        self.epoch, self.threads, self.decode = epoch, threads, decode

    def __call__(self, frames: Iterator[Any]) -> Iterator[Any]:
        extra = _extra_columns(self.program)
        strict, coerce, zone, ignore_case = self.decode
        for frame in score_frames(self.program, frames, as_of=self.epoch, threads=self.threads, strict=strict,
                                  coerce=coerce, coerce_zone=zone or None, event_types_ignore_case=ignore_case):
            yield _as_spark_cells(frame, extra)


def scorer(program: Program, *, as_of: Any = None, threads: int = 1, strict: bool = False, coerce: bool = False,
           coerce_zone: Optional[str] = None, event_types_ignore_case: bool = False
           ) -> Callable[[Iterator[Any]], Iterator[Any]]:
    """The function for DataFrame.mapInPandas: it takes an iterator of pandas
    DataFrames (lead rows) and yields scored DataFrames. as_of is fixed now,
    once for the whole job, so retried tasks give the same decisions.
    strict, coerce, coerce_zone, event_types_ignore_case: how the rows are
    read, as in score_frame (checked now, on the driver)."""
    return _PartitionScorer(program, epoch_seconds(as_of), threads,
                            decode_options(strict, coerce, coerce_zone, event_types_ignore_case))


def schema(program: Program) -> str:
    """The result's schema as a Spark DDL string, for mapInPandas."""
    value_types = dict(zip(program.value_names, program._core.value_types))
    blank = json.loads(program._core.blank_decision(0))
    times = set(time_columns(program))
    parts = []
    for name, path in frame_columns(program):
        if name in times:
            kind = "timestamp"
        elif path[0] == "scores":
            kind = "double"
        elif path[0] == "values":
            kind = _SPARK_TYPES.get(value_types.get(path[1], "string"), "string")
        elif name in _KNOWN or path[0] == "route":  # the route's target, its escalations' targets
            kind = "string"
        else:
            sample = blank.get(path[0])
            kind = ("boolean" if isinstance(sample, bool) else "bigint" if isinstance(sample, int)
                    else "double" if isinstance(sample, float) else "string")
        parts.append(f"`{name}` {kind}")
    parts += ["`error_field` string", "`error` string"]
    return ", ".join(parts)
