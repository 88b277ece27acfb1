"""Bad input gives Rejections or Python exceptions, never a crash, and never
a lost record: damaged copies of real leads, deep nesting, odd Python values."""
import json
import random

import pytest

import baton
from conftest import AS_OF


def damaged(lines, seed, count):
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        line = bytearray(rng.choice(lines).encode())
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(line))
            action = rng.random()
            if action < 0.4:
                line[at] = rng.randrange(256)
            elif action < 0.7:
                del line[at:at + rng.randint(1, 40)]
            else:
                line[at:at] = rng.choice([b"{", b"[", b'"', b"\\", b"\x00", b"\xc3", b"1e999", b"null", b","])
        out.append(bytes(line))
    return out


def test_damaged_records_each_give_one_result(b2b, root):
    lines = (root / "examples" / "b2b-saas-leads.jsonl").read_text().splitlines()
    inputs = damaged(lines, 15, 3000)
    as_text = [i.decode("utf-8", errors="surrogateescape") for i in inputs]  # lone surrogates in str
    for batch in (inputs, as_text):
        results = list(b2b.score_many(batch, as_of=AS_OF, threads=2, batch_size=500))
        assert len(results) == len(batch)
        assert [r.line for r in results if not r.scored] == [i + 1 for i, r in enumerate(results) if not r.scored]
        assert sum(not r.scored for r in results) > 1000
        for r in results:
            if r.scored:
                json.loads(r.json)


def test_deep_nesting_and_huge_records(b2b):
    deep = '{"email": "a@b.example", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(baton.RecordError):
        b2b.score(deep, as_of=AS_OF)
    nested = {}
    node = nested
    for _ in range(5000):
        node["x"] = {}
        node = node["x"]
    with pytest.raises(baton.RecordError):  # Python's encoder gives up on recursion: a rejection
        b2b.score(nested, as_of=AS_OF)
    loop = {"email": "a@b.example"}
    loop["self"] = loop
    [r] = list(b2b.score_many([loop], as_of=AS_OF))
    assert not r.scored and "circular" in r.error.lower()
    many = {"email": "a@b.example", "events": [{"type": "page_view", "at": "2026-11-01", "url": "/"}] * 200_000}
    with pytest.raises(baton.RecordError, match="events"):
        b2b.score(many, as_of=AS_OF)


def test_odd_python_values(b2b):
    for lead in ({"email": "a@b.example", "company_size": float("inf")},
                 {"email": "a@b.example", "company_size": 10 ** 30},
                 {"email": "a@b.example", "company_size": True},
                 {"email": 1.5},
                 {"email": "\ud800"},
                 {1: "a"}):
        with pytest.raises(baton.RecordError):
            b2b.score(lead, as_of=AS_OF)
    for wrong in (None, 3, 2.5, ["a"], object()):
        with pytest.raises(TypeError):
            b2b.score(wrong, as_of=AS_OF)
        [r] = list(b2b.score_many([wrong], as_of=AS_OF))
        assert not r.scored and "a lead must be" in r.error
