score examples/b2b-saas.baton tests/golden/crm-export-leads.jsonl --as-of 2026-11-23T00:00:00Z --coerce --coerce-zone Europe/Berlin --event-types-ignore-case
exit: 1
