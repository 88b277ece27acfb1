score examples/b2b-saas.baton tests/golden/spaced-header.csv --map " Size =company_size" --as-of 2026-11-23T00:00:00Z --format csv
