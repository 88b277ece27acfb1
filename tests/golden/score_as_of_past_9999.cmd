score tests/golden/edge-values.baton tests/golden/edge-values.jsonl --as-of 9999-12-31T23:00:00-01:00
exit: 2
