explain examples/b2b-saas.baton tests/golden/cr-lines.jsonl --id L043 --as-of 2026-11-23T00:00:00Z
