diff examples/review/b2b-saas-v1.baton examples/review/b2b-saas-v2.baton tests/golden/oversized-ids.jsonl --as-of 2026-11-23T00:00:00Z --max-record-bytes 100 -q
exit: 1
