diff examples/review/b2b-saas-v2.baton tests/golden/b2b-saas-v2-notes.baton examples/crm-export.csv --map-file examples/crm-export-mapping.json --as-of 2026-11-23T00:00:00Z --examples 1
exit: 1
