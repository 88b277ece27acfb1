report examples/review/b2b-saas-v1.baton examples/b2b-saas-leads.jsonl --outcomes tests/golden/review-outcomes-bad.csv --as-of 2026-11-23T00:00:00Z --won closed-won
exit: 1
