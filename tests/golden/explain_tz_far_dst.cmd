explain tests/golden/sla/far_dst.baton tests/golden/far-dst-leads.jsonl --as-of 2040-07-02T06:30:00Z --tz Europe/Berlin
