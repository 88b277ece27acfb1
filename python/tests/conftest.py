"""Shared fixtures: the repository, the `baton` CLI, and what it prints."""
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(os.environ.get("BATON_SOURCE_DIR", Path(__file__).resolve().parents[2]))
AS_OF = "2026-11-23T00:00:00Z"
EXAMPLES = sorted(ROOT.glob("examples/*-leads.jsonl"))


def sla_of(leads: Path) -> Path:
    return leads.with_name(leads.name.replace("-leads.jsonl", ".baton"))


def cli() -> str:
    path = os.environ.get("BATON_CLI", str(ROOT / "build" / "cli" / "baton"))
    if not os.path.exists(path):
        pytest.skip(f"the baton CLI is not built ({path})")
    return path


def cli_score(sla, leads, *args, as_of=AS_OF):
    """`baton score`'s decisions and --errors records, as parsed JSON lines."""
    errors = Path(os.environ.get("TMPDIR", "/tmp")) / f"baton-cli-errors-{os.getpid()}.jsonl"
    run = subprocess.run([cli(), "score", str(sla), str(leads), "--as-of", as_of, "--quiet",
                          "--errors", str(errors), *args], capture_output=True, text=True)
    assert run.returncode in (0, 1), run.stderr
    rejected = [json.loads(line) for line in errors.read_text().splitlines()]
    errors.unlink()
    return [json.loads(line) for line in run.stdout.splitlines()], rejected


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def b2b():
    import baton
    return baton.compile(str(ROOT / "examples" / "b2b-saas.baton"))


@pytest.fixture(scope="session")
def b2b_leads():
    return [json.loads(line) for line in (ROOT / "examples" / "b2b-saas-leads.jsonl").read_text().splitlines()
            if line.strip()]
