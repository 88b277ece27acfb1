score tests/golden/sla/set_items.baton tests/golden/set-items-leads.csv --as-of 2026-11-23T00:00:00Z -q --format csv
