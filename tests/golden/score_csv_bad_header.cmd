score examples/b2b-saas.baton tests/golden/two-email-columns.csv examples/crm-export.csv --map "Record ID=id" --map "Notes=" --as-of 2026-11-23T00:00:00Z --quiet
exit: 2
