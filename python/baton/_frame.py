"""Program.score_frame: pandas DataFrames in and out.

The result's columns follow `baton score --format csv`: id, stage, route,
deadline, the cadence's escalation_N_to / escalation_N_due pairs, one column
per score, one per exported value (headed scores.NAME / values.NAME when
NAME is one of the record's own columns), sla, version, fingerprint, as_of, then any
other field of the decision record (nested values stay dicts), then
`error_field` and `error` (None on scored rows).
They are derived from the program, so every partition of a Dask or Spark job
has the same columns, whatever its rows.
"""
from __future__ import annotations

import json
import re
import warnings
from datetime import date, datetime, timedelta
from typing import Any, Dict, List, Optional, Tuple

from . import _core
from ._errors import RecordError
from ._program import (BATCH_SIZE, NOT_UTF8, FieldError, _field_path, _lead_id, _lead_text, array_items,
                       decode_options, duration_value, epoch_seconds, is_array, lone_surrogates, plain_value, readable,
                       sorted_items, time_text)

_TIME_COLUMNS = ("deadline", "as_of", "stage_since")

def value_column(group: str, name: str) -> str:
    """The column of a score (group "scores") or an exported value
    ("values"): its name, or "scores.NAME" / "values.NAME" when the name is
    one of the record's own columns, as in the CLI's CSV header (the
    runtime's csv_value_column says which)."""
    return _core.value_column(group, name)


def decision_columns(program) -> List[Tuple[str, Tuple[str, ...]]]:
    """(column, path of keys into the decision record) for each output
    column that is a field of the record; frame_columns adds the cadence's."""
    cached = getattr(program, "_frame_columns", None)
    if cached is not None:
        return cached
    blank = json.loads(program._core.blank_decision(0))
    columns: List[Tuple[str, Tuple[str, ...]]] = []
    for key in blank:
        if key == "route":
            columns += [("route", ("route", "to")), ("deadline", ("route", "deadline"))]
        elif key == "scores":
            columns += [(value_column("scores", name), ("scores", name)) for name in program.score_names]
        elif key == "values":
            columns += [(value_column("values", name), ("values", name)) for name in program.value_names]
        else:
            columns.append((key, (key,)))
    program._frame_columns = columns
    return columns


def escalation_columns(program) -> List[Tuple[str, Tuple[str, ...]]]:
    """The route's cadence flattened like `baton score --format csv` does it:
    escalation_N_to, escalation_N_due for N = 1.. the most steps of any route
    arm (none without cadences); a path's "0" is a position in the
    route's escalations list."""
    columns: List[Tuple[str, Tuple[str, ...]]] = []
    for i in range(program._core.max_escalations):
        columns += [(f"escalation_{i + 1}_to", ("route", "escalations", str(i), "to")),
                    (f"escalation_{i + 1}_due", ("route", "escalations", str(i), "due"))]
    return columns


def frame_columns(program) -> List[Tuple[str, Tuple[str, ...]]]:
    """score_frame's columns (but the two error columns), in order: the
    record's fields with the cadence's columns after deadline, as in the CLI's
    CSV."""
    columns = decision_columns(program)
    at = [name for name, _ in columns].index("deadline") + 1
    return columns[:at] + escalation_columns(program) + columns[at:]


def time_columns(program) -> List[str]:
    """The columns holding times: UTC datetimes in the frame."""
    return list(_TIME_COLUMNS) + [name for name, _ in escalation_columns(program) if name.endswith("_due")]


# pandas' nullable dtypes for an exported value's type: a missing value is
# pd.NA and the others keep their type (an int64 stays exact; float64 would
# round it past 2**53 as soon as one row misses it). Exports of any other
# type (text, times and durations as the record's text, sets and lists) are
# objects, None when missing.
_VALUE_DTYPES = {"int": "Int64", "number": "Float64", "bool": "boolean"}


def column_dtypes(program) -> Dict[str, str]:
    """score_frame's dtype for each column that is not an object column
    (text, dicts, lists, None when missing) nor a time (time_columns): from
    the program, never from the rows, so that every frame, an empty one and
    each partition of a Dask job, has the same dtypes. Scores are Float64
    (decay makes fractions)."""
    dtypes = {value_column("scores", name): "Float64" for name in program.score_names}
    for name, kind in zip(program.value_names, program._core.value_types):
        if kind in _VALUE_DTYPES:
            dtypes[value_column("values", name)] = _VALUE_DTYPES[kind]
    return dtypes


def _bool_cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value in (0, 1):
        return bool(value)
    return value


# pandas' writer gives a float 15 decimals at most, which keeps it exactly
# from 10 up to 10**16 (and an integral one below 10); any other float
# (0.0000999999999999, 3.3e-15, 1e300) is written as this marker and its
# shortest round-trip text (repr, as json.dumps writes it for score()),
# which frame_records unquotes after pandas wrote it as a string. A string
# of the lead's own holding NUL never reaches pandas' writer (its row is
# given as its dict), so no such string can pass for a marker.
_NUMBER = "\x00#"
_NUMBER_TEXT = re.compile(r'"\\u0000#([-+.0-9e]+)"')


def _kept_exactly(value: float) -> bool:
    size = abs(value)
    return 10 <= size < 1e16 or (size < 10 and value.is_integer())


def _number_cells(numbers) -> Any:
    """A float column's values (float64, NaN where missing) as cells pandas'
    writer gives back exactly: the array itself when they all are kept
    exactly (_kept_exactly, vectorised), else objects: floats, markers
    (_NUMBER) for the others, None for NaN and +-inf (whose rows are
    rejected)."""
    import numpy as np

    size = np.abs(numbers)
    kept = ((size >= 10) & (size < 1e16)) | ((size < 10) & (numbers == np.trunc(numbers))) | np.isnan(numbers)
    if kept.all():
        return None
    values = numbers.astype(object)
    for row in np.flatnonzero(~kept):
        number = values[row]
        values[row] = _NUMBER + repr(number) if number - number == 0 else None
    values[np.isnan(numbers)] = None
    return values


# Written by pandas as they are. A str is not among them: one with no UTF-8
# form (lone surrogates) crashes pandas 1.5's writer, so each is checked
# (str.isascii, O(1), passes nearly all of them at once); nor is an int (see
# _INT_LOW).
_SCALARS = (bool, type(None))

# The ints pandas' writer and split_json_array take as they are: int64 and
# uint64. An int beyond them, which pandas writes as its digits, makes the
# splitter refuse the whole frame; its row is given as its dict instead, so
# that it gets score()'s rejection (_ready raises FieldError for it).
_INT_LOW, _INT_END = -2**63, 2**64


def _ready(value: Any) -> Any:
    """A cell of an object column as pandas' writer is to see it: times,
    durations (numpy's too, also inside events) and dates converted the way
    score() and score_many() write them (time_text, duration_value), sets
    as sorted lists (sorted_items), floats pandas would round as markers
    (_NUMBER); `value` itself when nothing in it changes. pandas' writer must
    never see a numpy datetime64 in an object column: pandas 1.5 raises
    "Expected date object" on one, or crashes the interpreter when the row
    wrote a string before it. It writes timedeltas as ISO 8601 durations
    ("P0DT4H0M0S"), which no duration field takes, and numpy timedelta64s as
    bare counts of their unit. Raises FieldError for +-inf, naming where it
    is (as plain_value does), for a value with no JSON form, for a key or string with no UTF-8 form,
    which pandas 1.5's writer crashes the interpreter on, for an int
    beyond 64 bits (_INT_LOW) and for bytes (which score() refuses); a
    numpy unsigned integer becomes the int."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is int:
        if _INT_LOW <= value < _INT_END:
            return value
        raise FieldError("", "an integer beyond 64 bits")
    if kind is str:
        if lone_surrogates(value):
            raise FieldError("", NOT_UTF8)
        if "\x00" in value:  # could pass for a number's marker (_NUMBER): the row is given as its dict
            raise FieldError("", "NUL")
        return value
    if kind is float:
        if value - value == 0:
            return value if _kept_exactly(value) else _NUMBER + repr(value)
        if value != value:  # NaN: written as null
            return value
        raise FieldError("", "not a finite number")
    if kind is bytes or kind is bytearray:  # score() refuses them; pandas writes UTF-8 ones as text
        raise FieldError("", f"{kind.__name__} cannot be written as JSON")
    if kind is dict:
        out = value
        for key, item in value.items():
            if type(key) is str and lone_surrogates(key):
                raise FieldError(readable(key), NOT_UTF8)
            if type(item) in _SCALARS or (type(item) is str and item.isascii() and "\x00" not in item):
                continue
            try:
                ready = _ready(item)
            except FieldError as e:
                e.field = _field_path(str(key), e.field)
                raise
            if ready is not item:
                if out is value:
                    out = dict(value)
                out[key] = ready
        return out
    if kind is set or kind is frozenset:  # in one order whatever the hash seed, as score() writes it
        return _ready(sorted_items(value))
    if kind is list or kind is tuple:
        items = None
        for i, item in enumerate(value):
            if type(item) in _SCALARS or (type(item) is str and item.isascii() and "\x00" not in item):
                continue
            try:
                ready = _ready(item)
            except FieldError as e:
                e.field = _field_path(f"[{i}]", e.field)
                raise
            if ready is not item:
                if items is None:
                    items = list(value)
                items[i] = ready
        return value if items is None else items
    name = kind.__name__
    if is_array(value):  # a list column read from Parquet or Arrow
        return _ready(array_items(value))
    if isinstance(value, datetime) or name == "datetime64":
        return time_text(value)
    if isinstance(value, timedelta) or name == "timedelta64":
        return duration_value(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):  # a dict subclass (an OrderedDict, ...)
        return _ready(dict(value))
    if isinstance(value, (list, tuple)):
        return _ready(list(value))
    if isinstance(value, str):  # numpy's str_ (an array's item), a str Enum: its text, as json.dumps writes it
        return _ready(str.__str__(value))
    if kind.__module__ == "numpy" and getattr(value, "dtype", None) is not None and value.dtype.kind == "u":
        # pandas' writer wraps a numpy uint64 past 2**63 into a negative
        # number (2**64 - 1 as -1); as an int it writes the digits
        return int(value)
    if isinstance(value, float) or (kind.__module__ == "numpy" and getattr(value, "dtype", None) is not None
                                    and value.dtype.kind == "f"):
        return _ready(float(value))  # numpy's float64 (a float subclass), float32 and the like
    # Any other value as score() writes it (a Decimal as its number, a
    # numpy scalar as its value), or FieldError when it has no JSON form
    # (a UUID, an Enum, a non-finite Decimal).
    return _ready(plain_value(value))


def _integral_ids(numbers) -> Any:
    """A float id column's values as ids: an integral one as the int (pandas
    made a column of integer ids floats because one was missing), NaN as
    None; others stay floats, which the decoder rejects as ids."""
    import numpy as np

    values = numbers.astype(object)
    integral = np.isfinite(numbers) & (numbers == np.trunc(numbers)) & (np.abs(numbers) < 2.0**63)
    values[integral] = numbers[integral].astype(np.int64).tolist()
    values[np.isnan(numbers)] = None
    return values


def _row_dict(source, row: int) -> Dict[str, Any]:
    """A row as score_many would take it (iat: no value is converted), but
    for an integral float id, the int (_integral_ids)."""
    record = {name: source.iat[row, i] for i, name in enumerate(source.columns)}
    identifier = record.get("id")
    if isinstance(identifier, float) and identifier.is_integer() and abs(identifier) < 2.0**63:
        record["id"] = int(identifier)
    return record


def _time_texts(values) -> Any:
    """A datetime64 column's values (naive, UTC) as time_text writes them,
    vectorised: floored to the second, "Z"; None for NaT."""
    import numpy as np

    texts = np.char.add(np.datetime_as_string(values.astype("datetime64[s]"), unit="s"), "Z").astype(object)
    texts[np.isnat(values)] = None
    return texts


def _duration_values(values) -> Any:
    """A timedelta64 column's values as duration_value writes them,
    vectorised: "90s", -90 for a negative one, None for NaT."""
    import numpy as np

    nanoseconds = values.astype("timedelta64[ns]").view("int64")
    missing = np.isnat(values)
    seconds = np.where(missing, 0, np.abs(nanoseconds) // 10**9)
    out = np.char.add(seconds.astype(str), "s").astype(object)
    negative = (nanoseconds < 0) & (seconds > 0) & ~missing
    out[negative] = [-int(s) for s in seconds[negative]]
    out[missing] = None
    return out


def _ready_cells(values, unwritable) -> None:
    """_ready on each cell of an object array, in place; a row where a cell
    holds +-inf or text with no UTF-8 form is marked in `unwritable` (and
    given as its dict by frame_records, so the rejection names the field),
    and so is one nested past Python's recursion limit (score() rejects
    that lead: the rest of the frame is scored)."""
    for row, cell in enumerate(values):
        if type(cell) in _SCALARS or (type(cell) is str and cell.isascii() and "\x00" not in cell):
            continue
        try:
            ready = _ready(cell)
        except (FieldError, RecursionError):
            unwritable[row] = True
            ready = None  # pandas' writer is not to see the cell (the record is made from the row's dict)
        if ready is not cell:
            values[row] = ready


def _without_bad_text(values, unwritable) -> bool:
    """For an array of strings (and missing values): the strings with no
    UTF-8 form or holding NUL (which could pass for a number's marker,
    _NUMBER) made None in place, their rows marked in `unwritable` as
    _ready_cells does; False when there are none, found with one join and
    encode (the common case)."""
    try:
        joined = "".join(values)
    except TypeError:  # missing values among the strings
        joined = "".join([v for v in values if isinstance(v, str)])
    if "\x00" not in joined and not lone_surrogates(joined):
        return False
    for row, cell in enumerate(values):
        if isinstance(cell, str) and ("\x00" in cell or lone_surrogates(cell)):
            unwritable[row] = True
            values[row] = None
    return True


def _within_int64(column) -> bool:
    """Whether an object column of integers (Python's, numpy's) holds only
    int64 values, checked in one vectorised cast; False also when it holds
    missing values, which the cast refuses (the cells are then checked one
    by one)."""
    import numpy as np

    try:
        column.to_numpy().astype(np.int64)
    except (OverflowError, TypeError, ValueError):
        return False
    return True


# Object columns that infer_dtype calls one of these hold no time, no
# duration and no float: they are written as they are, without a Python pass
# over them (but for a check of the integers: _within_int64).
_PLAIN_OBJECTS = ("string", "empty", "boolean", "integer")


def _prepared(program, source):
    """The frame as frame_records writes it, and the positions of the rows
    pandas' writer must not be given: rows holding +-inf (which it would turn
    into null) or text with no UTF-8 form (which pandas 1.5's writer crashes
    the interpreter on). pandas' writer sees no time or duration: those
    columns and cells are converted here (_ready, _time_texts,
    _duration_values). `source` is the frame with string column names and
    index 0.., which the conversions leave alone."""
    import numpy as np
    import pandas as pd

    frame = source.copy(deep=False)
    bools = {name for name, kind in program._core.lead_fields if kind == "bool"}
    unwritable = np.zeros(len(frame), dtype=bool)
    named = [lone_surrogates(name) for name in frame.columns]
    if any(named):  # a column name with no UTF-8 form: every row is given as its dict
        unwritable[:] = True
        frame = frame.iloc[:, [i for i, bad in enumerate(named) if not bad]]
    for i, name in enumerate(frame.columns):
        column = original = frame.iloc[:, i]
        dtype = column.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            column = column.astype(object)  # its categories may be times or durations
            dtype = column.dtype
        inferred = pd.api.types.infer_dtype(column, skipna=True) if dtype == object else None
        if isinstance(dtype, np.dtype) and dtype.kind == "f":
            unwritable |= np.isinf(column.to_numpy())
        elif isinstance(dtype, pd.api.extensions.ExtensionDtype) and dtype.kind == "f":  # Float64, Float32
            unwritable |= np.isinf(column.to_numpy(dtype="float64", na_value=np.nan))
        if name == "id" and getattr(dtype, "kind", "") == "f":
            values = _integral_ids(column.to_numpy(dtype="float64", na_value=np.nan))
        elif name in bools and isinstance(dtype, np.dtype) and dtype.kind in "fiu":
            # 1.0/0.0 (bools pandas widened) as booleans, vectorised: what
            # _bool_cell does to each cell
            numbers = column.to_numpy()
            values = numbers.astype(object)
            values[numbers == 1] = True
            values[numbers == 0] = False
            if dtype.kind == "f":
                values[np.isnan(numbers)] = None
        elif name in bools and dtype != bool:
            values = column.to_numpy(dtype=object, copy=True)
            for row, cell in enumerate(values):
                values[row] = _bool_cell(cell)
            _ready_cells(values, unwritable)
        elif getattr(dtype, "kind", "") == "f":  # float64, float32, Float64, Float32
            values = _number_cells(column.to_numpy(dtype="float64", na_value=np.nan))
            if values is None:  # every value is written exactly by pandas (the common case)
                if column is not original:
                    frame.isetitem(i, column)
                continue
        elif isinstance(dtype, pd.DatetimeTZDtype):
            values = _time_texts(column.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy())
        elif isinstance(dtype, np.dtype) and dtype.kind == "M":  # datetime64 without a zone: UTC
            values = _time_texts(column.to_numpy())
        elif isinstance(dtype, np.dtype) and dtype.kind == "m":
            values = _duration_values(column.to_numpy())
        elif inferred is not None and inferred not in _PLAIN_OBJECTS:
            values = column.to_numpy(dtype=object, copy=True)
            _ready_cells(values, unwritable)
        elif inferred == "integer" and not _within_int64(column):
            values = column.to_numpy(dtype=object, copy=True)  # cell by cell: ints beyond 64 bits, numpy's uint64
            _ready_cells(values, unwritable)
        elif inferred == "string" or isinstance(dtype, pd.StringDtype):  # written as they are when UTF-8
            values = column.to_numpy(dtype=object, copy=True, na_value=None)
            if not _without_bad_text(values, unwritable):
                if column is not original:
                    frame.isetitem(i, column)
                continue
        elif not (dtype == object or isinstance(dtype, pd.StringDtype) or getattr(dtype, "kind", "") in "biu"):
            # Period, Interval, complex...: each cell as score() reads it
            # (rejected, naming the field), never pandas' text of it
            values = column.to_numpy(dtype=object, copy=True)
            _ready_cells(values, unwritable)
        else:
            if column is not original:
                frame.isetitem(i, column)
            continue
        # As a Series of objects: pandas infers no other type from it.
        frame.isetitem(i, pd.Series(values, index=frame.index, dtype=object))
    return frame, np.flatnonzero(unwritable)


def frame_records(program, frame) -> List[Any]:
    """The rows of a DataFrame as JSON records, through pandas' own writer:
    missing values (NaN, None, NaT) become null, times ISO 8601 text (naive
    ones taken as UTC, as everywhere in this package).

    pandas widens a column with missing values: ints become floats (the
    record decoder takes 824.0 for an int) and bools become 1.0/0.0, which
    are turned back into booleans here for the lead's bool fields.

    A row holding +-inf or text with no UTF-8 form is given as its dict
    instead: pandas would write null for +-inf, a missing value, and crash
    on the text, where the lead is to be rejected, naming the field
    (_lead_text does that). So is a row holding an int beyond 64 bits,
    which the record decoder reads from the dict's JSON as score() does."""
    if len(frame) == 0:
        return []
    source = frame.reset_index(drop=True)
    source.columns = [str(c) for c in source.columns]
    frame, unwritable = _prepared(program, source)
    again = _repeated_columns(frame)
    # double_precision: pandas writes 10 decimals by default (1234567.891234
    # became 1234567.891, 2**60 kept 10 digits); 15 is the most it writes,
    # and the floats it would not keep exactly are markers (_NUMBER) by now.
    text = frame.to_json(orient="records", date_format="iso", date_unit="s", default_handler=str,
                         double_precision=15)
    if "\\u0000#" in text:
        text = _NUMBER_TEXT.sub(r"\1", text)
    for placeholder, name in again.items():  # the name pandas could not write twice, in each record
        text = text.replace(f'"{placeholder}":', json.dumps(name) + ":")
    records: List[Any] = _core.split_json_array(text.encode("utf-8", errors="surrogateescape"))
    if len(records) != len(frame):
        raise ValueError("a row could not be written as one JSON record")
    for row in unwritable:
        records[row] = _row_dict(source, row)
    return records


def _repeated_columns(frame) -> Dict[str, str]:
    """A column name given more than once ("size", "size"; 1 and "1" read
    as names): pandas' writer refuses the frame ("DataFrame columns must be
    unique"), so each repeat is renamed here to a placeholder, which
    frame_records puts back in the JSON text. Each record then holds the key
    twice, as a JSON line can, and the decoder says so for the row ("given
    twice", naming the field) as it does for that line. {placeholder: name}."""
    names = list(frame.columns)
    if len(set(names)) == len(names):
        return {}
    taken = set(names)
    seen = set()
    again: Dict[str, str] = {}
    for i, name in enumerate(names):
        if name in seen:
            placeholder = f"baton:repeated:{i}"
            while placeholder in taken:
                placeholder += ":"
            taken.add(placeholder)
            again[placeholder] = name
            names[i] = placeholder
        seen.add(name)
    frame.columns = names
    return again


def score_frame(program, frame, *, as_of=None, threads=1, strict=False, errors="keep", coerce=False,
                coerce_zone=None, event_types_ignore_case=False):
    import pandas as pd

    if errors not in ("keep", "raise"):
        raise ValueError('errors must be "keep" or "raise"')
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"score_frame takes a pandas DataFrame, not {type(frame).__name__}")
    epoch = epoch_seconds(as_of)
    columns = frame_columns(program)
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
        results = _score_rows(scorer, texts[start:start + BATCH_SIZE], epoch, paths)
        for i, result in enumerate(results):
            if type(result) is tuple:
                rows.append(result)
                errors_at.append(None)
                continue
            record_id, field, message = result
            if errors == "raise":  # the row named by its index label, as frame.loc finds it
                raise RecordError(message, field=field, id=record_id, row=frame.index[start + i])
            row = list(blank)
            row[id_at] = record_id
            rows.append(row)
            errors_at.append((field, message))
    names = [name for name, _ in columns]
    cells = list(zip(*rows)) if rows else [()] * len(names)
    dtypes = column_dtypes(program)
    times = set(time_columns(program))
    data: Dict[str, Any] = {name: _column(list(values), dtypes.get(name), name if name in times else None)
                            for name, values in zip(names, cells)}
    data["error_field"] = _column([e and e[0] for e in errors_at], None, None)
    data["error"] = _column([e and e[1] for e in errors_at], None, None)
    return pd.DataFrame(data, index=frame.index, columns=names + ["error_field", "error"])


def _column(values: List[Any], dtype, time: Optional[str]):
    """One column of score_frame's result, typed by the program (never
    inferred from the rows): `dtype` (column_dtypes), a time column (`time`
    is its name) as UTC datetimes, or objects."""
    import pandas as pd

    if dtype is not None:
        return pd.array(values, dtype=dtype)
    column = pd.Series(values, dtype=object)
    if time:
        # Always datetime64[ns, UTC], whatever the rows, so that every
        # partition of a Dask job has its meta's dtype: a time past pandas'
        # nanosecond range (1677-2262; a deadline `within 100000d`) is NaT,
        # and a warning says so.
        times = pd.to_datetime(column, utc=True, errors="coerce")
        lost = int((times.isna() & column.notna()).sum())
        if lost:
            warnings.warn(f"score_frame: {lost} time(s) in column {time!r} are past pandas' range "
                          f"(1677-09-21 .. 2262-04-11) and are NaT; score_many's decisions hold them",
                          RuntimeWarning, stacklevel=4)
        return times.array
    return column.array


def _score_rows(scorer, records: List[Any], epoch: int, paths) -> List[Any]:
    """scorer.score_rows, for records that may include rows given as dicts
    (frame_records: a row holding +-inf or text with no UTF-8 form), which
    are rejected here."""
    if all(type(r) is bytes for r in records):
        return scorer.score_rows(records, epoch, paths)
    rejected = {}
    for i, record in enumerate(records):
        if type(record) is not bytes:
            try:
                records[i] = _lead_text(record)
            except ValueError as e:
                rejected[i] = [_lead_id(record), getattr(e, "field", None), str(e)]
    scored = iter(scorer.score_rows([r for i, r in enumerate(records) if i not in rejected], epoch, paths))
    return [rejected[i] if i in rejected else next(scored) for i in range(len(records))]


def score_frames(program, frames, *, as_of=None, threads=1, strict=False, coerce=False, coerce_zone=None,
                 event_types_ignore_case=False):
    """Score an iterator of DataFrames: the function PySpark's mapInPandas
    calls (see baton.spark)."""
    epoch = epoch_seconds(as_of)
    for frame in frames:
        yield score_frame(program, frame, as_of=epoch, threads=threads, strict=strict, coerce=coerce,
                          coerce_zone=coerce_zone, event_types_ignore_case=event_types_ignore_case)
