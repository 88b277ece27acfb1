score examples/b2b-saas.baton tests/golden/bad-records.jsonl --as-of 2026-11-23T00:00:00Z --max-record-bytes ''
exit: 2
