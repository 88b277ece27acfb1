score examples/b2b-saas.baton tests/golden/bom-only.jsonl --as-of 2026-11-23T00:00:00Z
