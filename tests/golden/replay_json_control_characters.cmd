replay examples/b2b-saas.baton tests/golden/control-characters.jsonl --as-of 2026-11-23T00:00:00Z -q
