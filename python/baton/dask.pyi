from typing import Any, Optional

from . import AsOf, Program

def score(collection: Any, program: Program, *, as_of: AsOf = ..., threads: int = ..., strict: bool = ...,
          coerce: bool = ..., coerce_zone: Optional[str] = ..., event_types_ignore_case: bool = ...) -> Any: ...
def to_bag(frame: Any, program: Program) -> Any: ...
