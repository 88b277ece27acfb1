diff examples/review/b2b-saas-v1.baton examples/review/b2b-saas-v2.baton tests/golden/review-handoff-leads.jsonl --as-of-field returned_at --examples 0
exit: 1
