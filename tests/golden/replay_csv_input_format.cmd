replay examples/b2b-saas.baton tests/golden/leads-csv.txt --input-format csv --as-of 2026-11-23T00:00:00Z --format text --quiet
