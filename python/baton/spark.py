"""Scoring a Spark DataFrame with PySpark's mapInPandas.

    from baton.spark import scorer, schema
    scored = leads_df.mapInPandas(scorer(program, as_of="2026-11-23T00:00:00Z"), schema(program))

PySpark is not a dependency of this package (and cannot be installed on the
machines this project is built on); these functions only use pandas, and
the tests run them on pandas DataFrames the way Spark would.
"""
from __future__ import annotations

from typing import Any, Callable, Iterator

from ._frame import decision_columns, score_frames
from ._program import Program, epoch_seconds

_SPARK_TYPES = {
    "int": "bigint", "number": "double", "string": "string", "bool": "boolean",
    "time": "string", "duration": "string", "set<string>": "array<string>", "list<string>": "array<string>",
}


class _PartitionScorer:
    """Picklable: it travels to the executors holding the program's bytecode,
    loaded once per executor process."""

    def __init__(self, program: Program, epoch: int, threads: int, strict: bool):
        self.program = program  # pickles as its bytecode
        self.epoch, self.threads, self.strict = epoch, threads, strict

    def __call__(self, frames: Iterator[Any]) -> Iterator[Any]:
        return score_frames(self.program, frames, as_of=self.epoch, threads=self.threads, strict=self.strict)


def scorer(program: Program, *, as_of: Any = None, threads: int = 1, strict: bool = False
           ) -> Callable[[Iterator[Any]], Iterator[Any]]:
    """The function for DataFrame.mapInPandas: it takes an iterator of pandas
    DataFrames (lead rows) and yields scored DataFrames. as_of is fixed now,
    once for the whole job, so retried tasks give the same decisions."""
    return _PartitionScorer(program, epoch_seconds(as_of), threads, strict)


def schema(program: Program) -> str:
    """The result's schema as a Spark DDL string, for mapInPandas."""
    value_types = dict(zip(program.value_names, program._core.value_types))
    parts = []
    for name, path in decision_columns(program):
        if name in ("deadline", "as_of"):
            kind = "timestamp"
        elif path[0] == "scores":
            kind = "double"
        elif path[0] == "values":
            kind = _SPARK_TYPES.get(value_types.get(name, "string"), "string")
        else:
            kind = "string"
        parts.append(f"`{name}` {kind}")
    parts += ["`error_field` string", "`error` string"]
    return ", ".join(parts)
