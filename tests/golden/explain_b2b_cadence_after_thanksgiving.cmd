explain examples/b2b-saas.baton examples/b2b-saas-leads.jsonl --id L001 --as-of 2026-11-27T16:30:00+01:00
