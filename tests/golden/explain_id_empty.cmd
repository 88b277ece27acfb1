explain examples/b2b-saas.baton examples/b2b-saas-leads.jsonl --id '' --as-of 2026-11-23T00:00:00Z
exit: 2
