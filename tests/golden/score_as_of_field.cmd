score examples/b2b-saas.baton tests/golden/review-handoff-leads.jsonl --as-of-field returned_at
exit: 1
