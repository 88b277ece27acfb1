"""Scoring partitioned lead data on a Dask cluster.

    import dask.bag as db
    import baton, baton.dask
    program = baton.compile("sla.baton")
    leads = db.read_text("leads/*.jsonl")              # or a dask DataFrame
    decisions = baton.dask.score(leads, program, as_of="2026-11-23T00:00:00Z")

The program goes into the task graph once, as one task whose value is the
Program (it pickles as its bytecode): each worker receives it once and every
partition task on that worker uses the same loaded program. `as_of` is fixed
when the graph is built, so a retried partition gives the same decisions.
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

from ._decision import Decision, Rejection
from ._frame import frame_records, score_frame
from ._program import Program, decode_options, epoch_seconds


def _blank(item: Any) -> bool:
    """A blank line of JSON Lines text (whitespace only, as `baton score` counts
    it): no record, so no result."""
    if isinstance(item, str):
        return not item.strip(" \t\r\n")
    if isinstance(item, (bytes, bytearray)):
        return not item.strip(b" \t\r\n")
    return False


def _options(decode: Tuple[bool, bool, str, bool]) -> Dict[str, Any]:
    """decode_options' tuple as the keyword arguments of score_many and
    score_frame."""
    strict, coerce, zone, ignore_case = decode
    return {"strict": strict, "coerce": coerce, "coerce_zone": zone or None, "event_types_ignore_case": ignore_case}


def _score_partition(items: Iterable[Any], program: Program, epoch: int, threads: int,
                     decode: Tuple[bool, bool, str, bool]) -> List[Union[Decision, Rejection]]:
    # Blank lines are skipped like `baton score` and score_jsonl do; the
    # other records keep their line numbers within the partition.
    lines = []
    records = []
    for line, item in enumerate(items, 1):
        if not _blank(item):
            lines.append(line)
            records.append(item)
    results = list(program.score_many(records, as_of=epoch, threads=threads, **_options(decode)))
    for result in results:
        if not result.scored:
            result.line = lines[result.line - 1]
    return results


def _score_frame_partition(frame, program: Program, epoch: int, threads: int, decode: Tuple[bool, bool, str, bool]):
    return score_frame(program, frame, as_of=epoch, threads=threads, **_options(decode))


def _frame_partition_records(frame, program: Program) -> List[Any]:
    return frame_records(program, frame)


def to_bag(frame: Any, program: Program):
    """The rows of a dask DataFrame as a Bag of lead records, read as
    score_frame reads them: columns pandas widened (bools as 1.0/0.0, integer
    ids as floats) by the program's field types, times and durations as
    score() writes them. Use it instead of frame.to_bag(format="dict"),
    whose dicts hold pandas' widened values, which dict leads read as JSON
    does (1.0 is no bool). The records are JSON text (bytes), or a row's dict
    where the row is to be rejected (+-inf, text that is not UTF-8)."""
    import dask
    import dask.bag as db
    import dask.dataframe as dd

    if not isinstance(frame, dd.DataFrame):
        raise TypeError(f"baton.dask.to_bag takes a dask DataFrame, not {type(frame).__name__}")
    shipped = dask.delayed(program, pure=True, traverse=False)
    return db.from_delayed([dask.delayed(_frame_partition_records)(part, shipped) for part in frame.to_delayed()])


def score(collection: Any, program: Program, *, as_of: Any = None, threads: int = 1, strict: bool = False,
          coerce: bool = False, coerce_zone: Optional[str] = None, event_types_ignore_case: bool = False):
    """Score a dask Bag or DataFrame of leads, partition by partition.
    strict, coerce, coerce_zone, event_types_ignore_case: how the leads are
    read, as in score_many (checked now, when the graph is built).

    - a Bag of JSON Lines text (`dask.bag.read_text`) or of dicts gives a Bag
      of Decision and Rejection objects, one per lead, in partition order
      (a Rejection's `line` counts within its partition; blank lines are
      skipped, as `baton score` skips them, and still counted);
    - a DataFrame gives a DataFrame with score_frame's columns.
    """
    import dask
    import dask.bag as db
    import dask.dataframe as dd

    epoch = epoch_seconds(as_of)
    decode = decode_options(strict, coerce, coerce_zone, event_types_ignore_case)
    shipped = dask.delayed(program, pure=True, traverse=False)
    if isinstance(collection, db.Bag):
        return collection.map_partitions(_score_partition, shipped, epoch, threads, decode)
    if isinstance(collection, dd.DataFrame):
        # The result's columns and dtypes come from the program, so the
        # meta is the result for no rows (with the collection's index).
        meta = score_frame(program, collection._meta, as_of=epoch)
        return collection.map_partitions(_score_frame_partition, shipped, epoch, threads, decode, meta=meta)
    raise TypeError(f"baton.dask.score takes a dask Bag or DataFrame, not {type(collection).__name__}")
