#!/usr/bin/env python3
"""Writes an SLA with N scoring rules, for compile-time benchmarks.

    python3 bench/gen_sla.py 5000 > /tmp/sla-5000.baton
    build/cli/baton check /tmp/sla-5000.baton

bench/compile_bench.cpp measures this script's output, so a compile time it
reports can be reproduced with the CLI.

Shape: examples/b2b-saas.baton's lead schema and events; 8 regex consts and
16 set consts shared by all rules (a large SLA reuses its vocabulary); score
blocks of 100 rules each, cycling through ten kinds of rule (ranges, regex
matches, set membership, equality, per-event rules with filters, windows and
caps, function calls, aggregates inside conditions); a total, six stages and
six routes.
"""
import sys

LEAD = """lead {
  email: string
  job_title: string?
  company: string?
  company_size: int?
  industry: string?
  country: string?
  budget: number?
  authority: bool?
  need: string?
  timeline_days: int?
  is_customer: bool = false
  sales_accepted: bool = false
  returned_at: time?
}

event page_view { url: string }
event content_download { asset: string, kind: string }
event webinar { name: string, attended: bool }
event email_click { campaign: string }
event email_unsubscribe {}
event trial_signup { plan: string }
event demo_request { source: string? }
event meeting_booked { owner: string? }
"""

REGEXES = 8
SETS = 16
BLOCK = 100
COUNTRIES = ["US", "GB", "DE", "FR", "CA", "NL", "SE", "IN", "BR", "JP"]
TLDS = ["com", "io", "de", "co.uk", "fr", "ai", "dev", "nl"]


def rule(i):
    p = 1 + i % 17
    k = i % 10
    if k == 0:
        lo = (i * 7) % 900
        return f"+{p} when company_size between {lo} and {lo + 100 + i % 400}"
    if k == 1:
        return f"+{p} when job_title matches title_{i % REGEXES}"
    if k == 2:
        return f"-{p} when industry in industries_{i % SETS}"
    if k == 3:
        return f"+{p} when country == \"{COUNTRIES[i % len(COUNTRIES)]}\""
    if k == 4:
        return f"+{p} per page_view where url starts_with \"/p{i}\" within {7 + i % 60}d max {3 * p}"
    if k == 5:
        return f"+{p} per email_click where campaign == \"c{i}\" max {2 * p}"
    if k == 6:
        return f"+{p} when budget >= {1000 * (1 + i % 50)} and authority == true"
    if k == 7:
        return f"+{p} when lower(email_domain(email)) ends_with \".{TLDS[i % len(TLDS)]}\""
    if k == 8:
        return f"+{p} per content_download where kind == \"case-study\" and asset contains \"a{i}\""
    return f"+{p} when count(page_view where url starts_with \"/docs/{i}\" within 30d) >= {1 + i % 5}"


def generate(n):
    out = [f'sla "generated-{n}" version "1.0.0"\n\n', LEAD, "\n"]
    for r in range(REGEXES):
        out.append(f"const title_{r} = /\\b(vp{r}|head{r}|director{r}|chief{r}|lead{r})\\b|директор{r}/i\n")
    for s in range(SETS):
        items = ", ".join(f'"ind{s}_{j}"' for j in range(12))
        out.append(f"const industries_{s} = {{{items}}}\n")
    out.append("\n")
    blocks = (n + BLOCK - 1) // BLOCK
    for b in range(blocks):
        out.append(f"score s{b} max 100 min -50 window 90d decay half_life 21d {{\n")
        for i in range(b * BLOCK, min(n, (b + 1) * BLOCK)):
            out.append("  " + rule(i) + "\n")
        out.append("}\n")
    total = " + ".join(f"s{b}" for b in range(blocks)) if blocks else "0"
    out.append(f"\nexport let total = {total}\n")
    out.append('let hot = any(demo_request within 30d) or any(meeting_booked within 30d)\n\n')
    out.append("stages {\n"
               "  customer when is_customer\n"
               "  disqualified when total < -100\n"
               "  sql when sales_accepted or hot or total >= 400\n"
               "  recycled when days_since(returned_at) <= 180\n"
               "  mql when total >= 200\n"
               "  lead otherwise\n"
               "}\n\n")
    out.append("routes {\n"
               "  customer -> \"team:account-management\" within 2d\n"
               "  sql when company_size >= 2000 -> \"team:enterprise\" within 4h\n"
               "  sql when country == \"DE\" -> \"team:dach\" within 8h\n"
               "  sql -> one_of([\"ae:a\", \"ae:b\", \"ae:c\"], email) within 24h\n"
               "  mql -> \"sdr:queue\" within 2d\n"
               "  recycled -> \"nurture:recycled\"\n"
               "}\n")
    return "".join(out)


def main():
    if len(sys.argv) != 2 or not sys.argv[1].isdigit():
        sys.exit("usage: gen_sla.py N   (number of scoring rules, e.g. 100, 1000, 5000)")
    sys.stdout.write(generate(int(sys.argv[1])))


if __name__ == "__main__":
    main()
