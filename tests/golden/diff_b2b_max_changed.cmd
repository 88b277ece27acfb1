diff examples/review/b2b-saas-v1.baton examples/review/b2b-saas-v2.baton --max-changed 3% --max-changed-to sql=5% --max-changed-from recycled=1% examples/b2b-saas-leads.jsonl --as-of 2026-11-23T00:00:00Z --examples 1
exit: 1
