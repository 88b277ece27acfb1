score tests/golden/edge-values.baton tests/golden/edge-values.jsonl --as-of 2026-11-23T00:00:00Z
exit: 1
