score tests/golden/event-groups.baton tests/golden/event-groups-leads.jsonl --as-of 2026-11-23T00:00:00Z
