"""Every ```python block of docs/python.md runs, in order, in one namespace,
from the repository root. Blocks fenced as ```python <tag> (the Spark one,
which needs a Spark) are shown, not run."""
import os
import re

from conftest import ROOT

BLOCK = re.compile(r"^```python\s*\n(.*?)^```\s*$", re.S | re.M)


def test_docs_examples_run(capsys):
    text = (ROOT / "docs" / "python.md").read_text()
    blocks = BLOCK.findall(text)
    assert len(blocks) >= 10
    namespace = {"__name__": "docs_python"}
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
    assert "SQLs:" in capsys.readouterr().out


def test_the_install_command_is_the_script():
    text = (ROOT / "docs" / "python.md").read_text()
    assert "scripts/install-python.sh" in text and (ROOT / "scripts" / "install-python.sh").exists()
