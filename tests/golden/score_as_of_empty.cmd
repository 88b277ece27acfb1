score examples/b2b-saas.baton examples/b2b-saas-leads.jsonl --as-of ""
exit: 2
