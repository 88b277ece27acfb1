#!/usr/bin/env python3
"""Writes review/b2b-saas-outcomes.jsonl: what became of the leads in
b2b-saas-leads.jsonl, for `baton report` (see README.md, "The review meeting").

    python3 examples/make_outcomes.py     # writes examples/review/b2b-saas-outcomes.jsonl
    python3 examples/make_outcomes.py --out FILE
    python3 examples/make_outcomes.py --check   # exit 1 if the committed file differs (a test runs this)

Outcomes follow what a B2B pipeline looks like: a minority of leads become an
opportunity and fewer are won; the odds rise with fit (company size,
seniority, target industry) and intent (a demo request, a meeting, a trial,
pricing-page visits), and fall with free-mail addresses. Competitors,
students, job seekers and existing customers get no outcome. Deterministic:
each lead's draws come from a generator seeded with its id, so running the
script again gives the same bytes. Dates lie after 2026-11-23, the time the
leads are scored as of.
"""
import argparse
import json
import math
import os
import random
import re
import sys
from datetime import datetime, timedelta, timezone

AS_OF = datetime(2026, 11, 23, tzinfo=timezone.utc)
HERE = os.path.dirname(os.path.abspath(__file__))

EXEC = re.compile(r"\b(chief|ceo|cto|cio|cfo|coo|cro|cmo|founder|owner|president|managing director)\b|geschäftsführer|directeur général", re.I)
SENIOR = re.compile(r"\b(vp|svp|evp|vice president|head|director|directeur|direktor|leiter|leiterin)\b|директор", re.I)
PRACTITIONER = re.compile(r"\b(manager|lead|architect|principal|staff|senior|engineer|analyst|developer|consultant)\b", re.I)
NEVER = re.compile(r"student|intern|trainee|praktikant|werkstudent|recruit|talent|job seeker|seeking|open to work|студент", re.I)
FREE_MAIL = {"gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "gmx.de", "web.de", "mail.ru", "yandex.ru", "icloud.com", "proton.me"}
COMPETITORS = {"pipewright.io", "datacurrent.com", "streamvane.io", "flowbeacon.com"}
TARGET = {"software", "fintech", "ecommerce", "logistics", "healthcare", "media"}


def days_ago(event):
    at = datetime.strptime(event["at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    return (AS_OF - at).total_seconds() / 86400


def propensity(lead):
    """Log-odds of the lead becoming an opportunity."""
    title = lead.get("job_title") or ""
    domain = lead["email"].rsplit("@", 1)[-1].lower()
    if lead.get("is_customer") or NEVER.search(title) or any(domain.endswith(c) for c in COMPETITORS):
        return None
    size = lead.get("company_size") or 0
    x = -3.2
    x += 1.0 if size >= 2000 else 0.7 if size >= 200 else 0.2 if size >= 20 else -0.6
    x += 1.0 if EXEC.search(title) else 0.8 if SENIOR.search(title) else 0.5 if PRACTITIONER.search(title) else 0
    x += 0.5 if lead.get("industry") in TARGET else 0
    x -= 1.2 if domain in FREE_MAIL else 0
    recent = [e for e in lead.get("events", []) if 0 <= days_ago(e) <= 45]
    kinds = [e["type"] for e in recent]
    x += 1.8 if "demo_request" in kinds or "meeting_booked" in kinds else 0
    x += 0.9 if "trial_signup" in kinds else 0
    x += 0.25 * min(3, sum(1 for e in recent if e["type"] == "page_view" and e.get("url", "").startswith("/pricing")))
    x += 0.5 if (lead.get("budget") or 0) >= 10000 else 0
    return x


def outcomes_for(lead):
    x = propensity(lead)
    if x is None:
        return []
    rng = random.Random("outcome:" + lead["id"])
    day = lambda lo, hi: (AS_OF + timedelta(days=rng.randint(lo, hi))).strftime("%Y-%m-%d")
    p_opportunity = 1 / (1 + math.exp(-x))
    if rng.random() >= p_opportunity:
        # Sales looked at some of the rest and said no.
        return [("unqualified", day(2, 12))] if rng.random() < 0.15 else []
    opened = rng.randint(3, 20)
    closed = opened + rng.randint(15, 60)
    won = rng.random() < 0.45 + 0.1 * min(x, 2)
    stamp = lambda d: (AS_OF + timedelta(days=d)).strftime("%Y-%m-%d")
    return [("opportunity", stamp(opened)), ("won" if won else "lost", stamp(closed))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=os.path.join(HERE, "review", "b2b-saas-outcomes.jsonl"))
    parser.add_argument("--check", action="store_true")
    options = parser.parse_args()
    with open(os.path.join(HERE, "b2b-saas-leads.jsonl"), encoding="utf-8") as f:
        leads = [json.loads(line) for line in f if line.strip()]
    rows = []
    for lead in leads:
        for outcome, date in outcomes_for(lead):
            rows.append({"id": lead["id"], "outcome": outcome, "date": date})
    rows.sort(key=lambda r: (r["date"], r["id"], r["outcome"]))
    text = "".join(json.dumps(r) + "\n" for r in rows)
    if options.check:
        with open(options.out, encoding="utf-8") as f:
            same = f.read() == text
        print("up to date" if same else f"{options.out} differs from what this script writes", file=sys.stderr)
        return 0 if same else 1
    with open(options.out, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
