explain examples/points-classic.baton examples/points-classic-leads.jsonl --id L042 --as-of 2026-11-23T00:00:00Z
