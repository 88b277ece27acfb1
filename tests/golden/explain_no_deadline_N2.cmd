explain tests/golden/sla/no_deadline.baton tests/golden/no-deadline-leads.jsonl --id N2 --as-of 2026-11-23T00:00:00Z
