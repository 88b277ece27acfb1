diff examples/b2b-saas.baton tests/golden/b2b-saas-mktql.baton examples/b2b-saas-leads.jsonl --as-of 2026-11-23T00:00:00Z --examples 0
