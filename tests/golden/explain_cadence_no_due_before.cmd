explain tests/golden/sla/cadence_edges.baton tests/golden/cadence-edges-leads.jsonl --as-of 1899-12-31T10:00:00Z
