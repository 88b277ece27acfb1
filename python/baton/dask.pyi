from typing import Any

from . import AsOf, Program

def score(collection: Any, program: Program, *, as_of: AsOf = ..., threads: int = ..., strict: bool = ...) -> Any: ...
