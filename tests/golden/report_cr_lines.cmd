report examples/review/b2b-saas-v1.baton tests/golden/cr-lines.jsonl --outcomes examples/review/b2b-saas-outcomes.jsonl --as-of 2026-11-23T00:00:00Z --json
exit: 1
