report examples/review/b2b-saas-v1.baton tests/golden/report-dup-leads.jsonl --outcomes tests/golden/report-dup-outcomes.jsonl --as-of 2026-11-23T00:00:00Z
exit: 1
