diff tests/golden/extreme-numbers-v1.baton tests/golden/extreme-numbers-v2.baton tests/golden/extreme-numbers.jsonl --as-of 2026-11-23T00:00:00Z
