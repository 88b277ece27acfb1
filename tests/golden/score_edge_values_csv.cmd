score tests/golden/edge-values.baton tests/golden/edge-values.csv --input-format csv --coerce-zone America/New_York --as-of 2026-11-23T00:00:00Z
exit: 1
