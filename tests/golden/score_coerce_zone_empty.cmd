score examples/b2b-saas.baton examples/b2b-saas-leads.jsonl --coerce --coerce-zone '' --as-of 2026-11-23T00:00:00Z
exit: 2
