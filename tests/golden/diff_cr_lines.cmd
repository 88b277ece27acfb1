diff examples/review/b2b-saas-v1.baton examples/review/b2b-saas-v2.baton tests/golden/cr-lines.jsonl --as-of 2026-11-23T00:00:00Z --json
exit: 1
