score tests/golden/sla/csv_formulas.baton tests/golden/csv-formula-leads.jsonl --as-of 2026-11-23T00:00:00Z --format csv -q
