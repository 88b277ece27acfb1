"""compile(), load() and Program: the entry points of the package."""
from __future__ import annotations

import concurrent.futures
import json
import math
import os
import threading
import time
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple, Union

from . import _core
from ._decision import Decision, Explanation, Rejection
from ._errors import CompileError, Diagnostic, LoadError, RecordError

#: Records per call into C++ in batch scoring: large enough that the calls
#: cost nothing per lead, small enough that memory stays flat.
BATCH_SIZE = 4096


def decode_options(strict: bool = False, coerce: bool = False, coerce_zone: Optional[str] = None,
                   event_types_ignore_case: bool = False) -> Tuple[bool, bool, str, bool]:
    """How lead records are read (docs/python.md, "Reading leads"), as the
    C++ scorer takes it: strict, coerce, coerce_zone ("" for UTC) and
    event_types_ignore_case."""
    if coerce_zone is not None and not isinstance(coerce_zone, str):
        raise TypeError(f"coerce_zone must be an IANA time zone name, not {type(coerce_zone).__name__}")
    _core.check_zone(coerce_zone or "")  # ValueError for an unknown zone, with coerce or without
    return (bool(strict), bool(coerce), coerce_zone or "", bool(event_types_ignore_case))


def compile(source: Union[str, os.PathLike], *, path: Optional[str] = None) -> "Program":
    """Compile an SLA. `source` is the SLA text, or the path of a .baton file
    (a str naming an existing file, or any os.PathLike). Raises CompileError
    with every diagnostic when the SLA has errors."""
    text, label = _read_source(source)
    program, found = _core.compile(text, path or label)
    diagnostics = [Diagnostic(**d) for d in found]
    if program is None:
        raise CompileError(path or label, diagnostics)
    return Program(program, diagnostics)


def load(source: Union[bytes, bytearray, memoryview, str, os.PathLike]) -> "Program":
    """Load compiled bytecode (`baton build`'s .batonc): its bytes, or the path
    of the file. Raises LoadError when the bytes are not a valid program."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        label = "<bytes>"
    else:
        label = os.fspath(source)
        with open(label, "rb") as f:
            data = f.read()
    if not _core.is_bytecode(data):
        raise LoadError(f"{label}: not compiled baton bytecode (compile an SLA source with baton.compile)")
    try:
        return Program(_core.load(data), [])
    except ValueError as e:
        raise LoadError(f"{label}: {e}") from None


def _read_source(source: Union[str, os.PathLike]) -> Tuple[str, str]:
    if isinstance(source, str) and "\n" not in source and source.endswith((".baton", ".batonc")) \
            and not os.path.exists(source):
        raise FileNotFoundError(f"no such SLA file: {source}")
    if isinstance(source, os.PathLike) or (isinstance(source, str) and "\n" not in source and os.path.isfile(source)):
        path = os.fspath(source)
        with open(path, "rb") as f:
            data = f.read()
        if _core.is_bytecode(data):
            raise CompileError(path, [Diagnostic("error", "", 1, 1, 1, 1,
                                                 "this is compiled bytecode; use baton.load for .batonc files",
                                                 [], f"{path}: compiled bytecode; use baton.load\n")])
        return data.decode("utf-8", errors="replace"), path
    if not isinstance(source, str):
        raise TypeError(f"compile() takes SLA text or a path, not {type(source).__name__}")
    return source, "<string>"


# The times a decision can state: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z
# (Decision.as_of is a datetime; RFC 3339 writes no other year).
_FIRST_TIME, _LAST_TIME = -62135596800, 253402300799


def epoch_seconds(as_of: Any) -> int:
    """The evaluation time as epoch seconds. None: now. A datetime (naive ones
    are taken as UTC), an RFC 3339 string ("2026-11-23T00:00:00Z",
    "2026-11-23"), a numpy datetime64 (a UTC instant), or epoch seconds (an int
    or float, numpy's too), within the years 1-9999 in UTC."""
    seconds = _epoch_seconds(as_of)
    if not _FIRST_TIME <= seconds <= _LAST_TIME:
        raise ValueError(f"as_of: {as_of!r} is outside 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z")
    return seconds


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _epoch_seconds(as_of: Any) -> int:
    if as_of is None:
        return int(time.time())
    if isinstance(as_of, bool):
        raise TypeError("as_of must be a datetime, an RFC 3339 string or epoch seconds, not bool")
    if isinstance(as_of, datetime):
        if as_of != as_of:  # pandas' NaT (a datetime)
            raise ValueError(f"as_of: {as_of!r} is not a time")
        if as_of.tzinfo is None:
            as_of = as_of.replace(tzinfo=timezone.utc)
        # In whole seconds, exactly: timestamp() is a float, whose step is coarser
        # than a microsecond after the year 2242 (23:59:59.999999 rounded up).
        return (as_of - _EPOCH) // timedelta(seconds=1)
    if isinstance(as_of, date):
        return (datetime(as_of.year, as_of.month, as_of.day, tzinfo=timezone.utc) - _EPOCH) // timedelta(seconds=1)
    if isinstance(as_of, str):
        parsed = _core.parse_time(as_of)
        if parsed is None:
            raise ValueError(f"as_of: {as_of!r} is not a time; use e.g. 2026-11-23T00:00:00Z")
        return parsed
    if type(as_of).__module__ == "numpy":
        as_of = _numpy_as_of(as_of)
    if isinstance(as_of, (int, float)):
        if isinstance(as_of, float) and not math.isfinite(as_of):
            raise ValueError("as_of must be a finite number of seconds")
        return math.floor(as_of)
    raise TypeError(f"as_of must be a datetime, an RFC 3339 string or epoch seconds, not {type(as_of).__name__}")


def _numpy_as_of(value: Any) -> Any:
    """A numpy scalar as_of as what _epoch_seconds reads: an integer or float
    as the int or float (epoch seconds), a datetime64 as its epoch seconds
    (a UTC instant, floored to the second, in exact integer arithmetic
    whatever its unit, so a far year is out of range rather than wrapped);
    anything else (a bool_) as it is, which is refused."""
    import numpy as np

    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    if not isinstance(value, np.datetime64):
        return value
    if np.isnat(value):
        raise ValueError(f"as_of: {value!r} is not a time")
    unit, count = np.datetime_data(value.dtype)
    steps = int(value.astype("int64")) * count
    if unit in ("Y", "M"):  # calendar units: no fixed length
        months = steps * 12 if unit == "Y" else steps
        year = 1970 + months // 12
        if not 1 <= year <= 9999:
            return _FIRST_TIME - 1 if year < 1 else _LAST_TIME + 1
        return (datetime(year, months % 12 + 1, 1, tzinfo=timezone.utc) - _EPOCH) // timedelta(seconds=1)
    return steps * _ATTOSECONDS[unit] // 10**18


def _wall_text(value: datetime) -> str:
    # zero-padded whatever the year (strftime's %Y is not, for years < 1000)
    return (f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
            f"T{value.hour:02d}:{value.minute:02d}:{value.second:02d}")


def time_text(value: Any) -> Optional[str]:
    """A datetime, pandas Timestamp or numpy datetime64 as the RFC 3339 text
    a lead record holds: in UTC ("2026-11-23T09:30:00Z"), a naive one taken as
    UTC, to the second (the decoder drops fractions; this floors, as it does);
    None for NaT. The one conversion for times on every entry point:
    score_frame writes datetime64 columns the same way (_frame.py), so the
    same value reads the same in a time field and in a string field."""
    if isinstance(value, datetime):
        if value != value:  # pandas' NaT (a datetime): a missing value
            return None
        offset = value.utcoffset()
        if offset:
            try:
                value = value.replace(tzinfo=None) - offset
            except (OverflowError, ValueError):  # UTC is past year 1 or 9999: keep the offset
                minutes = (offset.days * 86400 + offset.seconds) // 60
                sign = "-" if minutes < 0 else "+"
                return f"{_wall_text(value)}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        return _wall_text(value) + "Z"
    import numpy as np  # a numpy datetime64: any unit, any year (one past 9999 is then no time)

    if np.isnat(value):
        return None
    return str(np.datetime_as_string(value.astype("datetime64[s]"), unit="s")) + "Z"


# A numpy timedelta64's unit in attoseconds (1e-18 s), the finest it has.
_ATTOSECONDS = {"W": 604800 * 10**18, "D": 86400 * 10**18, "h": 3600 * 10**18, "m": 60 * 10**18,
                "s": 10**18, "ms": 10**15, "us": 10**12, "ns": 10**9, "ps": 10**6, "fs": 10**3, "as": 1}


def duration_value(value: Any) -> Any:
    """A timedelta, pandas Timedelta or numpy timedelta64 as a lead record's
    duration: whole seconds, truncated toward zero as the decoder truncates
    a number of seconds; "90s" when not negative, the number -90 when it is
    (a duration text has no sign); None for NaT. A numpy one in months or
    years is no fixed length: its text ("5 months"), which no duration field
    takes. score_frame writes timedelta64 columns the same way (_frame.py)."""
    if isinstance(value, timedelta):
        if value != value:
            return None
        nanoseconds = ((value.days * 86400 + value.seconds) * 10**6 + value.microseconds) * 1000 \
            + getattr(value, "nanoseconds", 0)  # a pandas Timedelta's beyond the microseconds
        attoseconds = nanoseconds * 10**9
    else:
        import numpy as np

        if np.isnat(value):
            return None
        unit, count = np.datetime_data(value.dtype)
        if unit not in _ATTOSECONDS:
            return str(value)
        attoseconds = int(value.astype("int64")) * count * _ATTOSECONDS[unit]
    seconds = abs(attoseconds) // 10**18
    return -seconds if attoseconds < 0 and seconds else f"{seconds}s"


def is_array(value: Any) -> bool:
    """A numpy ndarray (without importing numpy): what to_dict("records") and
    Dask's to_bag give for a list column read from Parquet or Arrow."""
    return type(value).__name__ == "ndarray" and hasattr(value, "ndim")


def array_items(value: Any) -> Any:
    """A numpy array as a lead reads it: a list of its items (numpy scalars,
    or the objects of an object array), or its one value when it has no
    dimension. Never .item() or .tolist(): those turn a one-item array into
    its item and datetime64[ns] into integers."""
    return list(value) if value.ndim else value[()]


def sorted_items(value: Any) -> List[Any]:
    """A set's items in one order whatever PYTHONHASHSEED is (a set iterates
    in hash order, which differs from run to run for strings): sorted, or,
    for items that do not compare, sorted by type name and repr."""
    try:
        return sorted(value)
    except TypeError:
        return sorted(value, key=lambda item: (type(item).__name__, repr(item)))


def decimal_number(value: Decimal) -> Union[int, float]:
    """A finite Decimal (a NUMERIC column of read_sql) as the number a lead
    holds: an integral one below 2**64 in magnitude as that int (exact, so
    an int field takes it), any other as the nearest float (float(value)).
    FieldError for NaN, sNaN and +-Infinity, which have no JSON form."""
    if not value.is_finite():
        raise FieldError("", "not a finite number")
    if value == value.to_integral_value() and abs(value) < 2**64:
        return int(value)
    number = float(value)
    if number - number != 0:  # beyond the largest float
        raise FieldError("", "not a finite number")
    return number


def _json_default(value: Any) -> Any:
    # What json.dumps cannot write by itself, the way a lead record wants it.
    kind = type(value).__name__
    if is_array(value):
        return array_items(value)
    if isinstance(value, datetime) or kind == "datetime64":
        return time_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta) or kind == "timedelta64":
        return duration_value(value)
    if isinstance(value, (set, frozenset)):
        return sorted_items(value)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Mapping):  # a MappingProxyType, a custom mapping: as the dict it holds
        return dict(value)
    if isinstance(value, Decimal):
        return decimal_number(value)
    if kind == "NAType":  # pandas' NA (nullable Int64, boolean, string columns): missing, as in score_frame
        return None
    if hasattr(value, "item") and callable(value.item):  # numpy scalars and the like
        return value.item()
    raise TypeError(f"{type(value).__name__} cannot be written as JSON")


# allow_nan=False: json would write NaN and Infinity, which are not JSON (the
# decoder rejects the whole record, without its id); a lead holding them is
# written again through plain_value.
_encode = json.JSONEncoder(default=_json_default, separators=(",", ":"), ensure_ascii=False,
                           allow_nan=False).encode


class FieldError(ValueError):
    """A lead value that cannot be written as JSON, and the field holding it
    ("budget", "events[0].amount")."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def plain_value(value: Any) -> Any:
    """`value` as plain JSON values (dict, list, str, int, float, bool,
    None), converted as _json_default converts it, with NaN as None (a
    missing value, as in score_frame). Raises FieldError naming where the
    first value with no JSON form is ("budget", "events[1].attended"): +-inf
    and a non-finite Decimal (`not a finite number`), text with no UTF-8 form
    (NOT_UTF8), any other type (`UUID cannot be written as JSON`). The one
    check for them in leads, score_frame's cells included (_frame.py)."""
    if value is None or type(value) is bool:
        return value
    if isinstance(value, str):
        if lone_surrogates(value):
            raise FieldError("", NOT_UTF8)
        return str.__str__(value)  # a str subclass (a str Enum) as the text json.dumps writes
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        value = float(value)  # numpy's float64, whose inf - inf warns
        if value - value == 0:
            return value
        if value != value:
            return None
        raise FieldError("", "not a finite number")
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            try:
                if isinstance(key, str) and lone_surrogates(key):
                    raise FieldError("", NOT_UTF8)
                out[key] = plain_value(item)
            except FieldError as e:
                e.field = _field_path(readable(str(key)), e.field)
                raise
        return out
    if isinstance(value, (list, tuple, set, frozenset)) or is_array(value):
        items = sorted_items(value) if isinstance(value, (set, frozenset)) else value
        if is_array(value):
            items = array_items(value)
            if not isinstance(items, list):
                return plain_value(items)
        out_items = []
        for i, item in enumerate(items):
            try:
                out_items.append(plain_value(item))
            except FieldError as e:
                e.field = _field_path(f"[{i}]", e.field)
                raise
        return out_items
    try:
        converted = _json_default(value)
    except TypeError as e:
        raise FieldError("", str(e)) from None
    return plain_value(converted)


def _field_path(step: str, rest: str) -> str:
    # A FieldError's field, named from the outside in as it is raised through
    # the containers holding the value: "events" + "[1]" + "attended".
    if not rest:
        return step
    return step + rest if rest.startswith("[") else f"{step}.{rest}"


#: What the record decoder says of text that is not UTF-8: a lead's str
#: holding lone surrogates (a truncated emoji, bytes decoded with
#: surrogateescape) is the same text.
NOT_UTF8 = "not valid UTF-8"


def lone_surrogates(text: str) -> bool:
    """Whether `text` has no UTF-8 form (it holds lone surrogates). O(1) for
    ASCII text, the common case."""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def readable(text: str) -> str:
    """`text` with each lone surrogate as U+FFFD: how a rejection quotes
    input that is not UTF-8 (an id, a field), as the C++ side does."""
    if not lone_surrogates(text):
        return text
    return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)


def _lead_text(lead: Any) -> Union[str, bytes]:
    """A lead as JSON text; TypeError/ValueError when it cannot be one
    (FieldError naming the field when a value has no JSON form:
    plain_value)."""
    if isinstance(lead, (str, bytes)):
        return lead
    if isinstance(lead, (bytearray, memoryview)):
        return bytes(lead)
    if isinstance(lead, Mapping):
        try:
            text = _encode(lead if isinstance(lead, dict) else dict(lead))
        except (TypeError, ValueError, OverflowError) as e:
            # Written again from its plain values, which name the field at
            # fault, or hold NaN as None.
            try:
                text = _encode(plain_value(lead))
            except FieldError:
                raise
            except (TypeError, ValueError, OverflowError, RecursionError):
                raise ValueError(f"the lead cannot be written as JSON: {e}") from None
        except RecursionError as e:
            raise ValueError(f"the lead cannot be written as JSON: {e}") from None
        if lone_surrogates(text):
            plain_value(lead)  # a dict knows where its bad text is: the rejection names the field
        return text
    raise TypeError(f"a lead must be a dict or a JSON string, not {type(lead).__name__}")


def _lead_id(lead: Any) -> Optional[str]:
    if isinstance(lead, Mapping):
        value = lead.get("id")
        if type(value).__module__ == "numpy" and hasattr(value, "item"):  # numpy's int64 and the like
            value = value.item()
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return readable(str(value))
    return None


class Program:
    """A compiled, verified SLA. Immutable: share one between threads freely.

    Pickles as its bytecode, so it travels to Dask workers and processes."""

    def __init__(self, core: "_core.Program", diagnostics: List[Diagnostic]):
        self._core = core
        #: warnings and notes from compiling (errors raise CompileError instead)
        self.diagnostics = diagnostics
        self._local = threading.local()

    # ---- what the program is ----
    @property
    def name(self) -> str:
        """The SLA's name (`sla "name" ...`)."""
        return self._core.name

    @property
    def version(self) -> str:
        return self._core.version

    @property
    def fingerprint(self) -> str:
        """XXH3-128 of the compiled rules, as in every decision."""
        return self._core.fingerprint

    @property
    def stages(self) -> List[str]:
        return self._core.stages

    @property
    def score_names(self) -> List[str]:
        return self._core.scores

    @property
    def value_names(self) -> List[str]:
        """The exported lets, in the order decisions list them."""
        return self._core.values

    def to_bytes(self) -> bytes:
        """The compiled bytecode, as `baton build` writes it."""
        return self._core.to_bytes()

    def save(self, path: Union[str, os.PathLike]) -> None:
        with open(path, "wb") as f:
            f.write(self.to_bytes())

    def __reduce__(self):
        return (load, (self.to_bytes(),))

    def __repr__(self) -> str:
        return f"Program(name={self.name!r}, version={self.version!r}, fingerprint={self.fingerprint!r})"

    # ---- one lead ----
    def _scorer(self, decode: Tuple[bool, bool, str, bool]):
        # One C++ scorer per Python thread (and decode options): a scorer
        # holds an evaluator and decoder, which a thread must not share.
        scorers = getattr(self._local, "scorers", None)
        if scorers is None:
            scorers = self._local.scorers = {}
        if decode not in scorers:
            scorers[decode] = self._core.scorer(1, *decode)
        return scorers[decode]

    def score(self, lead: Any, *, as_of: Any = None, strict: bool = False, coerce: bool = False,
              coerce_zone: Optional[str] = None, event_types_ignore_case: bool = False) -> Decision:
        """Score one lead (a dict or a JSON object string). Raises RecordError
        when the record cannot be scored, TypeError for a wrong argument type.
        strict, coerce, coerce_zone, event_types_ignore_case: how the record
        is read, as the CLI's options of the same names (docs/python.md)."""
        decode = decode_options(strict, coerce, coerce_zone, event_types_ignore_case)
        epoch = epoch_seconds(as_of)
        try:
            text = _lead_text(lead)
        except ValueError as e:
            raise RecordError(str(e), field=getattr(e, "field", None), id=_lead_id(lead)) from None
        results, delays = self._scorer(decode).score([text], epoch)
        result = results[0]
        if isinstance(result, tuple):
            record_id, field, error = result
            raise RecordError(error, field=field, id=record_id)
        return Decision._from_core(result, delays.get(0, ()))

    def explain(self, lead: Any, *, as_of: Any = None, strict: bool = False, coerce: bool = False,
                coerce_zone: Optional[str] = None, event_types_ignore_case: bool = False) -> Explanation:
        """Why one lead gets its decision: `.text` for people, `.trace` as data."""
        decode = decode_options(strict, coerce, coerce_zone, event_types_ignore_case)
        epoch = epoch_seconds(as_of)
        try:
            text = _lead_text(lead)
        except ValueError as e:
            raise RecordError(str(e), field=getattr(e, "field", None), id=_lead_id(lead)) from None
        kind, result = self._scorer(decode).explain(text, epoch)
        if kind == "rejected":
            record_id, field, error = result
            raise RecordError(error, field=field, id=record_id)
        decision, trace, explanation, delays = result
        return Explanation(Decision._from_core(decision, delays), json.loads(trace), explanation)

    # ---- many leads ----
    def score_many(self, leads: Iterable[Any], *, as_of: Any = None, threads: int = 1, strict: bool = False,
                   batch_size: int = BATCH_SIZE, coerce: bool = False, coerce_zone: Optional[str] = None,
                   event_types_ignore_case: bool = False) -> Iterator[Union[Decision, Rejection]]:
        """Score leads (dicts, JSON strings or bytes) lazily, in input order:
        exactly one Decision or Rejection per input, never dropped. `threads`
        C++ threads score each batch with the GIL released, while the next
        batch is read."""
        epoch = epoch_seconds(as_of)
        scorer = self._batch_scorer(threads, decode_options(strict, coerce, coerce_zone, event_types_ignore_case))
        batches = _batches_of_items(leads, batch_size)
        return _run_batches(scorer, batches, epoch, file=None)

    def score_jsonl(self, source: Any, *, as_of: Any = None, threads: int = 1, strict: bool = False,
                    coerce: bool = False, coerce_zone: Optional[str] = None,
                    event_types_ignore_case: bool = False) -> Iterator[Union[Decision, Rejection]]:
        """Score a JSON Lines file (a path, or a file object open in binary or
        text mode) like `baton score`: one Decision or Rejection per non-blank
        line, in order; rejections carry the line number and the file name."""
        epoch = epoch_seconds(as_of)
        scorer = self._batch_scorer(threads, decode_options(strict, coerce, coerce_zone, event_types_ignore_case))
        if isinstance(source, (str, os.PathLike)):
            name = os.fspath(source)
            f = open(name, "rb")
            return _run_batches(scorer, _blocks_of_lines(f, close=True), epoch, file=name)
        if not hasattr(source, "read"):
            raise TypeError(f"score_jsonl takes a path or a file object, not {type(source).__name__}")
        name = getattr(source, "name", "-")
        return _run_batches(scorer, _blocks_of_lines(source, close=False), epoch,
                            file=name if isinstance(name, str) else "-")

    def score_csv(self, source: Any, *, as_of: Any = None, threads: int = 1, strict: bool = False,
                  mapping: Optional[Mapping[str, str]] = None, coerce_zone: Optional[str] = None,
                  event_types_ignore_case: bool = False, batch_size: int = BATCH_SIZE,
                  max_row_bytes: int = 16 << 20) -> Iterator[Union[Decision, Rejection]]:
        """Score a CSV file of leads like `baton score leads.csv`: the header
        names the columns, `mapping` maps column names to lead fields
        ({"Company Size": "company_size"}; "" ignores a column), cells are
        read with coercion. `source` is a path (read in blocks), a file
        object or the file's bytes. One Decision or Rejection per row, in order;
        rejections carry the line the row starts on. Raises ValueError when
        the header cannot be used."""
        epoch = epoch_seconds(as_of)
        decode = decode_options(strict, True, coerce_zone, event_types_ignore_case)
        scorer = self._batch_scorer(threads, decode)
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        pairs = [(str(k), "" if v is None else str(v)) for k, v in (mapping or {}).items()]
        path: Optional[str] = None
        data: Optional[bytes] = None
        name: Optional[str] = None
        if isinstance(source, (str, os.PathLike)):
            path = name = os.fspath(source)
        elif isinstance(source, (bytes, bytearray, memoryview)):
            data = bytes(source)
        elif hasattr(source, "read"):
            content = source.read()
            data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
            file_name = getattr(source, "name", "-")
            name = file_name if isinstance(file_name, str) else "-"
        else:
            raise TypeError(f"score_csv takes a path, a file object or bytes, not {type(source).__name__}")
        rows = self._core.csv_rows(path, data, pairs, decode[0], decode[2], decode[3], max_row_bytes)
        return _score_csv_rows(scorer, rows, epoch, batch_size, name)

    def score_frame(self, frame: Any, *, as_of: Any = None, threads: int = 1, strict: bool = False,
                    errors: str = "keep", coerce: bool = False, coerce_zone: Optional[str] = None,
                    event_types_ignore_case: bool = False):
        """Score a pandas DataFrame, one lead per row (columns are lead
        fields; an `events` column holds lists of event dicts). Returns a
        DataFrame with the same index; see docs/python.md for its columns.
        errors="keep" marks rejected rows in the `error` columns;
        errors="raise" raises RecordError on the first one."""
        from ._frame import score_frame
        return score_frame(self, frame, as_of=as_of, threads=threads, strict=strict, errors=errors, coerce=coerce,
                           coerce_zone=coerce_zone, event_types_ignore_case=event_types_ignore_case)

    def _batch_scorer(self, threads: int, decode: Tuple[bool, bool, str, bool]):
        if not isinstance(threads, int) or isinstance(threads, bool) or threads < 0:
            raise ValueError("threads must be a whole number >= 0 (0: one per core)")
        if threads == 0:
            threads = os.cpu_count() or 1
        # Batch iterators get their own scorer: one may be scoring in the
        # background while another iterator of the same thread runs.
        return self._core.scorer(threads, *decode)


# ---- batching ----------------------------------------------------------

def _score_csv_rows(scorer, rows, epoch: int, batch_size: int, file: Optional[str]):
    """Yields a Decision or Rejection per CSV row, in order."""
    while True:
        lines, texts, failures = rows.next(batch_size)
        if not lines:
            return
        results, delays = scorer.score([t for t in texts if t is not None], epoch)
        scored = iter(enumerate(results))
        for line, text, failure in zip(lines, texts, failures):
            if text is None:
                record_id, field, error = failure
                yield Rejection(line, record_id, field, error, file)
                continue
            i, result = next(scored)
            if type(result) is str:
                yield Decision._from_core(result, delays.get(i, ()))
            else:
                record_id, field, error = result
                yield Rejection(line, record_id, field, error, file)


def _batches_of_items(leads: Iterable[Any], batch_size: int) -> Iterator[Tuple[int, List[Any], List[Any]]]:
    """(first line, texts, pre-rejections) per batch: texts[i] is the record's
    JSON text, or None when it could not be written (the Rejection is in
    pre[i])."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    line = 1
    texts: List[Any] = []
    pre: List[Any] = []
    source = iter(leads)
    while True:
        try:
            lead = next(source)
        except StopIteration:
            break
        except Exception:
            # The source failed (a dropped connection, a bad file): the
            # leads read before it are scored and yielded, then its error
            # is raised to the caller.
            if texts:
                yield line, texts, pre
            raise
        try:
            texts.append(_lead_text(lead))
            pre.append(None)
        except (TypeError, ValueError) as e:
            texts.append(None)
            pre.append(Rejection(line + len(pre), _lead_id(lead), getattr(e, "field", None), str(e)))
        if len(texts) >= batch_size:
            yield line, texts, pre
            line += len(texts)
            texts, pre = [], []
    if texts:
        yield line, texts, pre


_SWAP_CR_LF = bytes.maketrans(b"\r\n", b"\n\r")


def _line_end(text: bytes) -> Optional[bytes]:
    """How the lines of a file end, told by its first line end as `baton
    score` tells it: CR alone when a run of CRs no LF follows ends the first
    line, else LF; None while the text read does not tell yet."""
    ends = [i for i in (text.find(b"\n"), text.find(b"\r")) if i >= 0]
    if not ends:
        return None
    end = min(ends)
    after = end
    while after < len(text) and text[after] == 13:
        after += 1
    if after == len(text):
        return None if text[end] == 13 else b"\n"
    return b"\r" if text[after] != 10 else b"\n"


def _blocks_of_lines(f, close: bool) -> Iterator[Tuple[None, bytes, None]]:
    """(None, whole lines as UTF-8 bytes, None) per ~1 MiB: a block ends at
    the end of its last line. The C++ side counts the lines. A byte-order
    mark at the start is skipped, and a file whose lines end in CR alone has
    them read as LF lines (as `baton score` reads both)."""
    try:
        carry = b""
        line_end: Optional[bytes] = None
        start = True
        while True:
            chunk = f.read(1 << 20)
            if isinstance(chunk, str):
                chunk = chunk.encode("utf-8", errors="surrogateescape")
            block = carry + chunk
            if start and (len(block) >= 3 or not chunk):
                start = False
                if block.startswith(b"\xef\xbb\xbf"):
                    block = block[3:]
            if line_end is None and not start:
                line_end = _line_end(block) if chunk else b"\n"
            if chunk and (start or line_end is None):
                carry = block
                continue
            cut = len(block) if not chunk else block.rfind(line_end) + 1
            carry = block[cut:]
            if cut:
                lines = block[:cut]
                # CR lines as the LF lines score_block splits: CR and LF
                # trade places, so an LF inside a line (whitespace to JSON,
                # like CR) stays inside it, as `baton score` reads it.
                yield None, lines.translate(_SWAP_CR_LF) if line_end == b"\r" else lines, None
            if not chunk:
                return
    finally:
        if close:
            f.close()


def _score_batch(scorer, batch, epoch: int):
    """(first line or None, results, pre or (lines, rejections) for a
    block, {position in results: step delays})."""
    line, texts, pre = batch
    if pre is None:  # a block of JSON Lines: rejections numbered from 1 within it
        results, lines, rejected, delays = scorer.score_block(texts, 1, epoch)
        return None, results, (lines, rejected), delays
    if any(p is not None for p in pre):
        positions = [i for i, t in enumerate(texts) if t is not None]
        scored, wanted_delays = scorer.score([texts[i] for i in positions], epoch)
        results: List[Any] = [None] * len(texts)
        for i, result in zip(positions, scored):
            results[i] = result
        delays = {positions[k]: after for k, after in wanted_delays.items()}
    else:
        results, delays = scorer.score(texts, epoch)
    return line, results, pre, delays


def _run_batches(scorer, batches, epoch: int, file: Optional[str]):
    """Yields results in order; while Python wraps batch k, a helper thread
    scores batch k+1 (the C++ side holds no GIL). When reading the input
    fails, the results of every lead read before are yielded first, then
    the error is raised."""
    lines_before = 0  # blocks: lines of the blocks already yielded
    failure: Optional[Exception] = None
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pending = None
        source = iter(batches)
        while True:
            try:
                batch = next(source)
            except StopIteration:
                break
            except Exception as e:
                failure = e
                break
            future = pool.submit(_score_batch, scorer, batch, epoch)
            if pending is not None:
                yield from _wrap(pending.result(), file, lines_before)
                lines_before += _block_lines(pending.result())
            pending = future
        if pending is not None:
            yield from _wrap(pending.result(), file, lines_before)
    if failure is not None:
        raise failure


def _block_lines(scored) -> int:
    line, _, extra, _ = scored
    return extra[0] if line is None else 0


def _wrap(scored, file: Optional[str], lines_before: int):
    line, results, pre, delays = scored  # for a block, pre is (lines, rejections)
    if line is None:  # a block: rejections carry their line number within it
        if pre[1] == 0:  # no rejection: the common case, wrapped without a Python loop over the decisions
            decisions = list(map(Decision._trusted, results))
            for i, after in delays.items():  # the decisions whose route has cadence steps
                decisions[i]._after = after
            yield from decisions
            return
        for i, result in enumerate(results):
            if type(result) is str:
                yield Decision._from_core(result, delays.get(i, ()))
            else:
                number, record_id, field, error = result
                yield Rejection(lines_before + number, record_id, field, error, file)
        return
    for i, result in enumerate(results):
        if type(result) is str:
            yield Decision._from_core(result, delays.get(i, ()))
        elif result is None:
            yield pre[i]
        else:
            record_id, field, error = result
            yield Rejection(line + i, record_id, field, error, file)
