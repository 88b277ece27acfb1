score examples/b2b-saas.baton examples/b2b-saas-leads.jsonl --as-of 2026-11-23T00:00:00Z --threads 100000
exit: 2
