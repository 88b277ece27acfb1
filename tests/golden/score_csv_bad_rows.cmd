score examples/b2b-saas.baton tests/golden/bad-rows.csv --as-of 2026-11-23T00:00:00Z --format csv
exit: 1
