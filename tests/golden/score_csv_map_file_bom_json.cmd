score examples/b2b-saas.baton examples/crm-export.csv --map-file tests/golden/crm-export-mapping-bom.json --as-of 2026-11-23T00:00:00Z --format csv
exit: 1
