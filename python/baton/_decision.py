"""Decisions, rejections and explanations as Python objects.

A Decision wraps the canonical decision record, the JSON line that
`baton score` prints (rendered by the C++ runtime), and parses it on first
use. So every field the CLI prints is in `to_dict()` and readable as an
attribute, including fields added after this module was written.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, NamedTuple, Optional, Tuple


# The fields every decision record has (output_decision.cpp): a text
# holding them is one.
_RECORD_KEYS = ("id", "stage", "route", "scores", "values", "sla", "version", "fingerprint", "as_of")


def _time(text: Optional[str]) -> Optional[datetime]:
    if text is None:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


def _delay(seconds: Optional[int]) -> Optional[timedelta]:
    return None if seconds is None else timedelta(seconds=seconds)


class Escalation(NamedTuple):
    """A step of the route's follow-up cadence, `escalate to "manager:emea"
    after 8h on emea`: `after` the stage's start (where the deadline counts
    from), at `due`, the lead goes to `to` as well."""

    to: str
    #: the step's delay (working time when the step counts on a calendar);
    #: None when it is missing, or for a Decision made from a record's JSON
    #: text, which does not hold it
    after: Optional[timedelta]
    #: timezone-aware; None when the delay is missing or the time out of range
    due: Optional[datetime]


class Decision:
    """The outcome of scoring one lead.

    Attributes mirror the decision record: ``id``, ``stage``, ``scores``,
    ``values``, ``sla``, ``version``, ``fingerprint``, and the lifecycle's
    ``transition``, ``previous_stage``, ``held``, ``stage_since`` and
    ``handoff`` (None without a lifecycle); with conveniences:
    ``route`` is the route's target (``None`` without a route), ``deadline``,
    ``as_of`` and ``stage_since`` are timezone-aware ``datetime`` objects,
    ``escalations`` the route's cadence as ``Escalation`` steps. Any other
    top-level field of the record is an attribute too. ``to_dict()`` is the
    record exactly as `baton score` prints it; ``json`` is its text.
    """

    __slots__ = ("_json", "_dict", "_after")
    scored = True  #: False on a Rejection: filter batches with ``if result.scored``

    def __init__(self, json_text: str):
        """A decision from its record's JSON text (a line `baton score`
        printed, or pretty-printed). ValueError when the text is not one
        decision record (a rejection record, other JSON, no JSON)."""
        if not isinstance(json_text, (str, bytes, bytearray)):
            raise TypeError(f"Decision takes a decision record's JSON text, not {type(json_text).__name__}")
        try:
            data = json.loads(json_text)
        except ValueError as e:
            raise ValueError(f"not a decision record: {e}") from None
        if not isinstance(data, dict):
            raise ValueError(f"not a decision record: a JSON {type(data).__name__}, not an object")
        missing = [key for key in _RECORD_KEYS if key not in data]
        if missing:  # a rejection record ({"line", "id", "field", "error"}), other JSON
            raise ValueError(f"not a decision record: it has no {', '.join(missing)}")
        if not isinstance(data["stage"], str):
            raise ValueError("not a decision record: its stage is not text")
        self._json = json_text if isinstance(json_text, str) else bytes(json_text).decode("utf-8")
        self._dict: Optional[Dict[str, Any]] = data
        # The delays of the route's cadence steps in seconds (None where
        # missing): the record does not hold them, so a decision made from
        # its text has none (Escalation.after is None).
        self._after: Tuple[Optional[int], ...] = ()

    @classmethod
    def _trusted(cls, json_text: str) -> "Decision":
        """A decision from the C++ scorer's record, not checked (nor parsed
        until it is read)."""
        return cls._from_core(json_text, ())

    @classmethod
    def _from_core(cls, json_text: str, after: Tuple[Optional[int], ...]) -> "Decision":
        """A decision from the C++ scorer: the record's JSON line and its
        steps' delays, which the scorer gives beside it (python/src/batch.cpp)."""
        self = cls.__new__(cls)
        self._json = json_text
        self._dict = None
        self._after = after
        return self

    @property
    def json(self) -> str:
        """The canonical JSON record (one line, no newline); for a Decision
        made from a record's text, that text."""
        return self._json

    def _data(self) -> Dict[str, Any]:
        if self._dict is None:
            self._dict = json.loads(self._json)
        return self._dict

    def to_dict(self) -> Dict[str, Any]:
        """The decision record as `baton score` prints it (a fresh dict)."""
        return json.loads(self._json)

    @property
    def id(self) -> Optional[str]:
        return self._data()["id"]

    @property
    def stage(self) -> str:
        return self._data()["stage"]

    @property
    def route(self) -> Optional[str]:
        route = self._data()["route"]
        return None if route is None else route["to"]

    @property
    def deadline(self) -> Optional[datetime]:
        route = self._data()["route"]
        return None if route is None else _time(route["deadline"])

    @property
    def escalations(self) -> List[Escalation]:
        """The route's follow-up cadence, in order: one Escalation (to, after,
        due) per step; empty without a route or steps."""
        route = self._data()["route"]
        steps = route.get("escalations") if route is not None else None
        if not steps:
            return []
        after = self._after
        return [Escalation(step["to"], _delay(after[i]) if i < len(after) else None, _time(step["due"]))
                for i, step in enumerate(steps)]

    @property
    def scores(self) -> Dict[str, float]:
        return dict(self._data()["scores"])

    @property
    def values(self) -> Dict[str, Any]:
        return dict(self._data()["values"])

    @property
    def sla(self) -> str:
        return self._data()["sla"]

    @property
    def version(self) -> str:
        return self._data()["version"]

    @property
    def fingerprint(self) -> str:
        return self._data()["fingerprint"]

    @property
    def as_of(self) -> datetime:
        return _time(self._data()["as_of"])  # type: ignore[return-value]

    # The lifecycle's fields (None for an SLA without a lifecycle block or
    # hand-offs; docs/language.md, Lifecycle).
    @property
    def transition(self) -> Optional[str]:
        """"entered", "stayed" or "held"."""
        return self._data().get("transition")

    @property
    def previous_stage(self) -> Optional[str]:
        """The lead's current stage from its record (None: a new lead)."""
        return self._data().get("previous_stage")

    @property
    def stage_since(self) -> Optional[datetime]:
        """Since when the lead is in its stage: as_of when it enters it now, the
        record's since field when it stays or is held (None: not known). The
        deadline and the cadence count from it."""
        return _time(self._data().get("stage_since"))

    @property
    def held(self) -> Optional[Dict[str, Any]]:
        """When held back: the stage the rules chose and the move that failed."""
        return self._data().get("held")

    @property
    def handoff(self) -> Optional[Dict[str, Any]]:
        """The hand-off payload when the lead enters a stage that has one."""
        return self._data().get("handoff")

    def __getattr__(self, name: str) -> Any:
        # Fields of the record without a property of their own.
        if name.startswith("_"):
            raise AttributeError(name)
        data = self._data()
        if name in data:
            return data[name]
        raise AttributeError(f"a decision has no field {name!r}")

    def __getitem__(self, key: str) -> Any:
        return self._data()[key]

    def keys(self):
        return self._data().keys()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Decision):
            return self._data() == other._data()
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Decision(id={self.id!r}, stage={self.stage!r}, route={self.route!r})"

    def __reduce__(self):
        return (Decision._from_core, (self._json, self._after))


class Rejection:
    """A lead record that could not be scored, and why: the record that
    `baton score --errors` writes. ``line`` is the 1-based position in the
    input (the line number in a file), ``field`` the field at fault (None:
    the whole record), ``id`` the record's id when it could be read."""

    __slots__ = ("line", "id", "field", "error", "file")
    scored = False

    def __init__(self, line: int, id: Optional[str], field: Optional[str], error: str, file: Optional[str] = None):
        self.line = line
        self.id = id
        self.field = field
        self.error = error
        self.file = file

    def to_dict(self) -> Dict[str, Any]:
        """{"line", "id", "field", "error"} (and "file" when read from a file)."""
        out: Dict[str, Any] = {"line": self.line, "id": self.id, "field": self.field, "error": self.error}
        if self.file is not None:
            out["file"] = self.file
        return out

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Rejection):
            return self.to_dict() == other.to_dict()
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Rejection(line={self.line}, id={self.id!r}, field={self.field!r}, error={self.error!r})"

    def __reduce__(self):
        return (Rejection, (self.line, self.id, self.field, self.error, self.file))


class Explanation:
    """Why a lead got its decision: ``text`` is what `baton explain` prints
    for a sales manager, ``trace`` the same breakdown as data (what
    `baton explain --format json` prints), ``decision`` the Decision."""

    __slots__ = ("decision", "trace", "text")

    def __init__(self, decision: Decision, trace: Dict[str, Any], text: str):
        self.decision = decision
        self.trace = trace
        self.text = text

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Explanation({self.decision!r})"
