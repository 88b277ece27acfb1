report examples/review/b2b-saas-v1.baton examples/b2b-saas-leads.jsonl --outcomes examples/review/b2b-saas-outcomes.jsonl --as-of 2026-11-23T00:00:00Z --max-record-bytes -1
exit: 2
