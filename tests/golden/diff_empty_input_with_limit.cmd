diff examples/review/b2b-saas-v1.baton examples/review/b2b-saas-v2.baton tests/golden/empty.jsonl --as-of 2026-11-23T00:00:00Z --max-changed 5%
exit: 1
