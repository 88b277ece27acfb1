score examples/small-shop.baton tests/golden/no-such-leads.jsonl examples/small-shop-leads.jsonl --as-of 2026-11-23T00:00:00Z
exit: 2
