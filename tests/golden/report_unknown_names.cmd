report examples/b2b-saas.baton tests/golden/bad-records.jsonl --outcomes examples/review/b2b-saas-outcomes.jsonl --as-of 2026-11-23T00:00:00Z
exit: 1
