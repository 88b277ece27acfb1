"""Program.score_frame: pandas DataFrames in and out.

The result's columns follow `baton score --format csv`: id, stage, route,
deadline, one column per score, one per exported value, sla, version,
fingerprint, as_of, then any other field of the decision record (nested
values stay dicts), then `error_field` and `error` (None on scored rows).
They are derived from the program, so every partition of a Dask or Spark job
has the same columns, whatever its rows.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Tuple

from . import _core
from ._decision import _time
from ._errors import RecordError
from ._program import BATCH_SIZE, decode_options, epoch_seconds

_TIME_COLUMNS = ("deadline", "as_of", "stage_since")


def decision_columns(program) -> List[Tuple[str, Tuple[str, ...]]]:
    """(column, path into the decision record) for each output column."""
    cached = getattr(program, "_frame_columns", None)
    if cached is not None:
        return cached
    blank = json.loads(program._core.blank_decision(0))
    columns: List[Tuple[str, Tuple[str, ...]]] = []
    for key in blank:
        if key == "route":
            columns += [("route", ("route", "to")), ("deadline", ("route", "deadline"))]
        elif key == "scores":
            columns += [(name, ("scores", name)) for name in program.score_names]
        elif key == "values":
            columns += [(name, ("values", name)) for name in program.value_names]
        else:
            columns.append((key, (key,)))
    program._frame_columns = columns
    return columns


def _bool_cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value in (0, 1):
        return bool(value)
    return value


def frame_records(program, frame) -> List[str]:
    """The rows of a DataFrame as JSON records, through pandas' own writer:
    missing values (NaN, None, NaT) become null, times ISO 8601 text.

    pandas widens a column with missing values: ints become floats (the
    record decoder takes 824.0 for an int) and bools become 1.0/0.0, which
    are turned back into booleans here for the lead's bool fields."""
    if len(frame) == 0:
        return []
    frame = frame.reset_index(drop=True)
    frame.columns = [str(c) for c in frame.columns]
    for name, kind in program._core.lead_fields:
        if kind == "bool" and name in frame.columns and frame[name].dtype != bool:
            frame[name] = frame[name].astype(object).map(_bool_cell)
    text = frame.to_json(orient="records", date_format="iso", date_unit="s", default_handler=str)
    records = _core.split_json_array(text.encode("utf-8", errors="surrogateescape"))
    if len(records) != len(frame):
        raise ValueError("a row could not be written as one JSON record")
    return records


def score_frame(program, frame, *, as_of=None, threads=1, strict=False, errors="keep", coerce=False,
                coerce_zone=None, event_types_ignore_case=False):
    import pandas as pd

    if errors not in ("keep", "raise"):
        raise ValueError('errors must be "keep" or "raise"')
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"score_frame takes a pandas DataFrame, not {type(frame).__name__}")
    epoch = epoch_seconds(as_of)
    columns = decision_columns(program)
    paths = [list(path) for _, path in columns]
    texts = frame_records(program, frame)
    scorer = program._batch_scorer(threads, decode_options(strict, coerce, coerce_zone, event_types_ignore_case))
    blank = (None,) * len(columns)
    id_at = [name for name, _ in columns].index("id")
    rows: List[Any] = []
    errors_at: List[Any] = []
    for start in range(0, len(texts), BATCH_SIZE):
        # The GIL is released while the batch is scored; the rows are read
        # from the canonical decision records.
        results = scorer.score_rows(texts[start:start + BATCH_SIZE], epoch, paths)
        for i, result in enumerate(results):
            if type(result) is tuple:
                rows.append(result)
                errors_at.append(None)
                continue
            record_id, field, message = result
            if errors == "raise":
                raise RecordError(f"row {start + i + 1}: {message}", field=field, id=record_id)
            row = list(blank)
            row[id_at] = record_id
            rows.append(row)
            errors_at.append((field, message))
    names = [name for name, _ in columns]
    cells = list(zip(*rows)) if rows else [()] * len(names)
    data: Dict[str, Any] = {name: list(values) for name, values in zip(names, cells)}
    data["error_field"] = [e and e[0] for e in errors_at]
    data["error"] = [e and e[1] for e in errors_at]
    out = pd.DataFrame(data, index=frame.index, columns=names + ["error_field", "error"])
    for name in _TIME_COLUMNS:
        if name in out.columns:
            try:
                out[name] = pd.to_datetime(out[name], utc=True)
            except pd.errors.OutOfBoundsDatetime:
                # A time past pandas' nanosecond range (1677-2262; a deadline
                # `within 100000d`): Python datetimes, not a failed frame.
                out[name] = out[name].map(_time)
    return out


def score_frames(program, frames, *, as_of=None, threads=1, strict=False):
    """Score an iterator of DataFrames: the function PySpark's mapInPandas
    calls (see baton.spark)."""
    epoch = epoch_seconds(as_of)
    for frame in frames:
        yield score_frame(program, frame, as_of=epoch, threads=threads, strict=strict)
