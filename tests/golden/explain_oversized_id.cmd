explain examples/b2b-saas.baton tests/golden/oversized-ids.jsonl --id BIG --as-of 2026-11-23T00:00:00Z --max-record-bytes 100
exit: 2
