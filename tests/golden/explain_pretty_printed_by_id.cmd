explain examples/b2b-saas.baton tests/golden/pretty-lead.json --id L001 --as-of 2026-11-23T00:00:00Z
