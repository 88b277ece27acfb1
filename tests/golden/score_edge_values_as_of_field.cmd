score tests/golden/edge-values.baton tests/golden/edge-values.jsonl --as-of-field t
exit: 1
