diff examples/review/b2b-saas-v1.baton examples/review/b2b-saas-v2.baton examples/b2b-saas-leads.jsonl --as-of 2026-11-23T00:00:00Z -q --max-changed-from ""
exit: 2
