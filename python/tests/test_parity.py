"""Python's decisions equal `baton score`'s, lead for lead, on every example.

The decision dicts come from the same renderer as the CLI's JSON lines, so
a field added to decisions shows up on both sides and this stays green;
a field that reached only one surface turns it red.
"""
import json

import pytest

import baton
from conftest import AS_OF, EXAMPLES, cli_score, sla_of


@pytest.mark.parametrize("leads", EXAMPLES, ids=lambda p: p.name)
def test_every_example_lead_matches_the_cli(leads):
    expected, rejected = cli_score(sla_of(leads), leads)
    assert rejected == []
    assert len(expected) > 50
    program = baton.compile(str(sla_of(leads)))
    records = [json.loads(line) for line in leads.read_text().splitlines() if line.strip()]

    one_by_one = [program.score(r, as_of=AS_OF).to_dict() for r in records]
    assert one_by_one == expected
    as_dicts = [d.to_dict() for d in program.score_many(records, as_of=AS_OF, threads=2, batch_size=7)]
    assert as_dicts == expected
    from_file = [d.to_dict() for d in program.score_jsonl(leads, as_of=AS_OF, threads=2)]
    assert from_file == expected
    with open(leads, "rb") as f:
        assert [d.to_dict() for d in program.score_jsonl(f, as_of=AS_OF)] == expected


@pytest.mark.parametrize("leads", EXAMPLES, ids=lambda p: p.name)
def test_compiled_bytecode_scores_the_same(leads, tmp_path):
    source = baton.compile(str(sla_of(leads)))
    path = tmp_path / "program.batonc"
    source.save(path)
    expected, _ = cli_score(path, leads)
    loaded = baton.load(path)
    assert loaded.fingerprint == source.fingerprint
    assert [d.to_dict() for d in loaded.score_jsonl(leads, as_of=AS_OF)] == expected


def test_rejections_match_the_cli_errors_file(tmp_path, root):
    good = (root / "examples" / "b2b-saas-leads.jsonl").read_text().splitlines()
    bad = [
        '{"id": "B1", "email": "x@y.example", "company_size": "lots"}',
        "not json at all",
        "",
        '{"id": 7, "email": "x@y.example", "events": [{"type": "page_view", "at": "yesterday", "url": "/"}]}',
        "[1, 2, 3]",
        '{"id": "B5", "email": "x@y.example", "shoe_size": 44}',
    ]
    lines = good[:3] + bad + good[3:6]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n")
    sla = root / "examples" / "b2b-saas.baton"
    program = baton.compile(str(sla))
    for strict in (False, True):
        args = ["--strict"] if strict else []
        expected, expected_rejected = cli_score(sla, path, *args)
        results = list(program.score_jsonl(str(path), as_of=AS_OF, strict=strict))
        assert [r.to_dict() for r in results if r.scored] == expected
        assert [r.to_dict() for r in results if not r.scored] == expected_rejected
        # exactly one result per non-blank line, in line order
        assert len(results) == len([l for l in lines if l.strip()])
    assert len(expected_rejected) == 5  # strict also rejects B5's unknown field


def test_a_file_of_many_blocks_matches_the_cli(tmp_path, root):
    # Larger than the 1 MiB blocks score_jsonl reads, with rejections, blank
    # lines and CRLF line ends scattered through it: line numbers stay file lines.
    good = (root / "examples" / "b2b-saas-leads.jsonl").read_text().splitlines()
    lines = []
    for copy in range(40):
        for i, line in enumerate(good):
            lines.append(line.replace('"id": "L', f'"id": "C{copy}-L', 1))
            if (copy * 75 + i) % 97 == 0:
                lines.append('{"id": "bad-%d", "company_size": "many"}' % copy)
            if (copy * 75 + i) % 89 == 0:
                lines.append("   ")
            if (copy * 75 + i) % 83 == 0:
                lines[-1] += "\r"
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(lines))  # and no newline at the very end
    assert path.stat().st_size > 3 << 20
    sla = root / "examples" / "b2b-saas.baton"
    expected, expected_rejected = cli_score(sla, path)
    assert len(expected_rejected) > 20
    program = baton.compile(str(sla))
    for threads in (1, 3):
        results = list(program.score_jsonl(path, as_of=AS_OF, threads=threads))
        assert [r.to_dict() for r in results if r.scored] == expected
        assert [r.to_dict() for r in results if not r.scored] == expected_rejected
