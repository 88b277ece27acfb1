score tests/golden/sla/authoring.baton tests/golden/authoring-leads.jsonl --as-of 2026-11-23T00:00:00Z
