score tests/golden/sla/csv_column_names.baton tests/golden/csv-column-names-leads.jsonl --as-of 2026-11-23T00:00:00Z --format csv -q
