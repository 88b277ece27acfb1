score examples/small-shop.baton examples/small-shop-leads.jsonl --as-of 2026-11-23T00:00:00Z --quiet -j 2
