"""Every ```python block of docs/python.md runs, in order, in one namespace,
from the repository root, as the main script. Blocks fenced as ```python <tag>
(the Spark one, which needs a Spark) are shown, not run. The Dask block also
runs alone, pasted into a script of its own, as a reader would run it."""
import os
import re
import signal
import subprocess
import sys

import pytest

from conftest import ROOT

BLOCK = re.compile(r"^```python\s*\n(.*?)^```\s*$", re.S | re.M)


def test_docs_examples_run(capsys):
    text = (ROOT / "docs" / "python.md").read_text()
    blocks = BLOCK.findall(text)
    assert len(blocks) >= 10
    namespace = {"__name__": "__main__"}
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for number, code in enumerate(blocks, 1):
            try:
                exec(compile(code, f"docs/python.md block {number}", "exec"), namespace)
            except Exception as e:
                raise AssertionError(f"docs/python.md example {number} failed:\n{code}") from e
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert "SQLs:" in out
    assert re.search(r"^\d+ results \{", out, re.M), "the Dask example did not run"


def test_the_dask_example_runs_as_a_script(tmp_path):
    # distributed starts its workers by running the script again: a cluster
    # made outside `if __name__ == "__main__":` starts one in every worker,
    # and the script never ends.
    pytest.importorskip("distributed")
    block = next(b for b in BLOCK.findall((ROOT / "docs" / "python.md").read_text()) if "LocalCluster" in b)
    script = tmp_path / "dask_example.py"
    script.write_text(block)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    run = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = run.communicate(timeout=90)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)  # the script and the workers it started
        run.communicate()
        pytest.fail("the Dask example, run as a script, did not finish in 90 s")
    assert run.returncode == 0, err[-3000:]
    assert re.search(r"^\d+ results \{", out, re.M), out


def test_the_install_command_is_the_script():
    text = (ROOT / "docs" / "python.md").read_text()
    assert "scripts/install-python.sh" in text and (ROOT / "scripts" / "install-python.sh").exists()
