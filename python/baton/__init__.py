"""baton: compile lead hand-off agreements (SLAs) and score leads with them.

    import baton
    program = baton.compile("examples/b2b-saas.baton")
    decision = program.score({"id": "L1", "email": "ana@example.com"}, as_of="2026-11-23T00:00:00Z")
    decision.stage, decision.route, decision.to_dict()

See docs/python.md. The scoring runs in the same C++ runtime as `baton score`
and decisions are its canonical records, so both give the same answers.
"""
from ._decision import Decision, Escalation, Explanation, Rejection
from ._errors import CompileError, Diagnostic, LoadError, RecordError
from ._program import Program, compile, load

__all__ = [
    "compile", "load", "Program", "Decision", "Escalation", "Rejection", "Explanation",
    "CompileError", "Diagnostic", "LoadError", "RecordError",
]
