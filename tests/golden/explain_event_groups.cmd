explain tests/golden/event-groups.baton tests/golden/event-groups-leads.jsonl --id G2 --as-of 2026-11-23T00:00:00Z
