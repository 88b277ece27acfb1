explain tests/golden/sla/cadence_edges.baton tests/golden/cadence-edges-leads.jsonl --as-of 9999-12-30T10:00:00Z
