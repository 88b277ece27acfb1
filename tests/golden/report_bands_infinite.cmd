report tests/golden/extreme-numbers-v1.baton tests/golden/extreme-numbers.jsonl --outcomes tests/golden/extreme-numbers-outcomes.jsonl --as-of 2026-11-23T00:00:00Z --bands xx=-inf,0
exit: 2
