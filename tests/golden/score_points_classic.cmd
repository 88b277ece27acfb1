score examples/points-classic.baton examples/points-classic-leads.jsonl --as-of 2026-11-23T00:00:00Z --quiet
