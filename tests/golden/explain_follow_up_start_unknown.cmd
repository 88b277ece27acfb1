explain tests/golden/follow-up-stays.baton tests/golden/follow-up-stays.jsonl --id S2 --as-of 2026-11-24T15:00:00Z
