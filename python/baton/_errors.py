"""The exceptions the package raises."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Hashable, List, Optional


@dataclass(frozen=True)
class Diagnostic:
    """One finding of the compiler, as `baton check` prints it."""

    severity: str  #: "error", "warning" or "note"
    code: str  #: stable code, e.g. "E0101" (see docs/errors.md)
    line: int  #: 1-based
    column: int  #: 1-based, in code points
    end_line: int
    end_column: int
    message: str
    help: List[str] = field(default_factory=list)
    text: str = ""  #: the rendered diagnostic: location, source line, caret, help

    def __str__(self) -> str:
        return self.text or f"{self.line}:{self.column}: {self.severity}[{self.code}]: {self.message}"


class CompileError(ValueError):
    """An SLA that does not compile. `diagnostics` holds every finding."""

    def __init__(self, path: str, diagnostics: List[Diagnostic]):
        self.path = path
        self.diagnostics = diagnostics
        errors = [d for d in diagnostics if d.severity == "error"]
        first = errors[0] if errors else None
        summary = f"{path}: {len(errors)} error(s)"
        if first is not None:
            summary += f"; first at {first.line}:{first.column}: [{first.code}] {first.message}"
        super().__init__(summary)

    @property
    def text(self) -> str:
        """Every diagnostic rendered as `baton check` prints it."""
        return "".join(d.text for d in self.diagnostics)


class LoadError(ValueError):
    """Compiled bytecode that cannot be loaded (damaged, wrong version, ...)."""


class RecordError(ValueError):
    """A lead record that cannot be scored: the same facts as a Rejection
    (`error` is the Rejection's error text), and for score_frame the `row`:
    the index label of the row (None from the other calls)."""

    def __init__(self, message: str, *, field: Optional[str] = None, id: Optional[str] = None,
                 row: Optional[Hashable] = None):
        self.field = field
        self.id = id
        self.error = message
        self.row = row
        at = f"row {row}: " if row is not None else ""
        where = f"{field}: " if field else ""
        who = f"lead {id}: " if id is not None else ""
        super().__init__(f"{at}{who}{where}{message}")
