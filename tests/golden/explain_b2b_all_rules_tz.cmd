explain examples/b2b-saas.baton examples/b2b-saas-leads.jsonl --id L001 --as-of 2026-11-23T00:00:00Z --all-rules --tz America/New_York
