explain tests/golden/cadence-gaps.baton tests/golden/cadence-gaps.jsonl --id G2 --as-of 2026-11-23T10:00:00Z
