score examples/b2b-saas.baton examples/b2b-saas-leads.jsonl --as-of 0000-06-01T00:00:00Z
exit: 2
