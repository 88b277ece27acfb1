"""The .pyi stubs describe the package as it is: same names, same methods,
same keyword arguments, and docstrings on what an editor shows."""
import ast
import inspect
from pathlib import Path

import baton
import baton.dask
import baton.spark

PACKAGE = Path(baton.__file__).parent


def stub_classes(name):
    tree = ast.parse((PACKAGE / name).read_text())
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    return classes, functions


def keyword_names(node):
    return [a.arg for a in node.args.args[1 if node.args.args and node.args.args[0].arg == "self" else 0:]] + \
        [a.arg for a in node.args.kwonlyargs]


def test_package_stub_matches_the_package():
    classes, functions = stub_classes("__init__.pyi")
    assert set(classes) | set(functions) == set(baton.__all__)
    for name, node in functions.items():
        assert keyword_names(node) == list(inspect.signature(getattr(baton, name)).parameters)
    for name, node in classes.items():
        cls = getattr(baton, name)
        for member in node.body:
            if isinstance(member, ast.FunctionDef) and not member.name.startswith("__"):
                real = getattr(cls, member.name)
                if callable(real) and not isinstance(real, property):
                    assert keyword_names(member) == list(inspect.signature(real).parameters)[1:], (name, member.name)


def test_module_stubs_match():
    for module, stub in ((baton.dask, "dask.pyi"), (baton.spark, "spark.pyi")):
        _, functions = stub_classes(stub)
        for name, node in functions.items():
            assert keyword_names(node) == list(inspect.signature(getattr(module, name)).parameters)


def test_public_api_has_docstrings():
    for name in ("compile", "load"):
        assert getattr(baton, name).__doc__
    for method in ("score", "explain", "score_many", "score_jsonl", "score_frame", "to_bytes"):
        assert getattr(baton.Program, method).__doc__, method
    for cls in (baton.Program, baton.Decision, baton.Rejection, baton.Explanation, baton.CompileError):
        assert cls.__doc__
    assert baton.dask.score.__doc__ and baton.spark.scorer.__doc__ and baton.spark.schema.__doc__


def test_typed_usage_passes_mypy_and_runs(tmp_path):
    """mypy checks typed_usage.py against the stubs (errors in it would be
    the stubs refusing documented use), then the file runs: what the stubs
    accept works. A file of misuse must get mypy's errors, so the stubs are
    the ones checked."""
    import importlib.util
    import os
    import subprocess
    import sys

    import pytest

    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (scripts/setup.sh installs it)")
    usage = Path(__file__).with_name("typed_usage.py")
    misuse = tmp_path / "misuse.py"
    misuse.write_text("import baton\n"
                      "program = baton.compile('x')\n"
                      "program.score({}, as_of=[1])\n"
                      "baton.RecordError('x', line=3)\n"
                      "baton.Decision()\n")
    env = dict(os.environ, MYPYPATH=str(PACKAGE.parent))
    command = [sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir", os.devnull,
               "--ignore-missing-imports", "--no-error-summary"]
    run = subprocess.run(command + [str(usage)], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    run = subprocess.run(command + [str(misuse)], capture_output=True, text=True, env=env)
    assert [line.split(": error: ")[0] for line in run.stdout.splitlines() if ": error: " in line] == \
        [f"{misuse}:3", f"{misuse}:4", f"{misuse}:5"], run.stdout
    run = subprocess.run([sys.executable, str(usage)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
