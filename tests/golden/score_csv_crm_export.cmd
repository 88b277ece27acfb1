score examples/b2b-saas.baton examples/crm-export.csv --map-file examples/crm-export-mapping.json --as-of 2026-11-23T00:00:00Z -j 2
exit: 1
