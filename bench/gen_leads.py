#!/usr/bin/env python3
"""Deterministic lead generator for benchmarks: JSON Lines on stdout.

    python3 bench/gen_leads.py --count 200000 --events-min 20 --events-max 30 > /tmp/leads.jsonl
    python3 bench/gen_leads.py --bytes 1G --sla bench > /tmp/leads-1g.jsonl

Every lead matches the lead schema of examples/b2b-saas.baton (`--sla b2b`,
the default) or of bench/bench.baton (`--sla bench`: the same fields and
events plus a few more). Score with `--as-of 2026-11-23T00:00:00Z`: all
events lie in the 180 days before it, in time order.

The mix is meant to look like real inbound traffic: most leads are cold
(blog and docs views, newsletter clicks), fewer are warm (pricing, case
studies, webinars, trials), a few are hot (demo requests, meetings); titles
in English, German, French and Russian; free-mail addresses, competitors,
students and job seekers; optional fields missing or null.

Same arguments, same bytes: the only randomness is random.Random(seed).
Standard library only. Fast: the pools (titles, addresses, event bodies,
timestamps) are JSON-encoded once, so a lead is mostly string joins, and
output is written in large blocks (about 1 GB in well under two minutes).
"""
import argparse
import json
import random
import sys
from datetime import datetime, timedelta, timezone

AS_OF = datetime(2026, 11, 23, tzinfo=timezone.utc)
SPAN_DAYS = 180


def parse_size(text):
    """'1G', '512M', '64k', '1000' -> bytes (K/M/G/T are powers of 1024)."""
    t = text.strip().upper().removesuffix("B").removesuffix("I")
    mult = 1
    if t and t[-1] in "KMGT":
        mult = 1024 ** ("KMGT".index(t[-1]) + 1)
        t = t[:-1]
    return int(float(t) * mult)


def enc(value):
    return json.dumps(value, ensure_ascii=False)


# --- who the leads are --------------------------------------------------------

FIRST = ["amelia", "noah", "sofia", "lukas", "chloe", "mateo", "aiko", "oluwaseun", "ingrid", "rahul",
         "fatima", "jakub", "elena", "tomas", "mei", "liam", "zeynep", "pieter", "hannah", "dmitri",
         "aisha", "bjorn", "camille", "diego", "yuki", "kwame", "maja", "arjun", "lea", "stefan",
         "olga", "marco", "priya", "sven", "ana", "ben", "chen", "dana", "emre", "farah"]
LAST = ["okafor", "schneider", "dubois", "kowalski", "tanaka", "fernandez", "nguyen", "mueller", "andersen",
        "rossi", "patel", "novak", "ivanova", "obrien", "lindberg", "yilmaz", "devries", "haddad",
        "kim", "santos", "petrov", "moreau", "jensen", "costa", "brennan", "weiss", "mensah", "sato"]

FREE_MAIL = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "gmx.de", "web.de", "mail.ru",
             "yandex.ru", "icloud.com", "proton.me", "orange.fr", "aol.com"]
# Competitors, sometimes from a subdomain (domain_root() folds those).
COMPETITORS = ["pipewright.io", "datacurrent.com", "streamvane.io", "flowbeacon.com", "eu.pipewright.io",
               "mail.datacurrent.com"]
UNIVERSITIES = ["uni-hamburg.de", "mit.edu", "ethz.ch", "ox.ac.uk", "tum.de", "sorbonne-universite.fr",
                "msu.ru", "student.uva.nl"]
SYLL = ["nor", "th", "gate", "kor", "mey", "er", "val", "is", "cor", "fin", "ch", "ex", "tes", "sa", "line",
        "orr", "in", "quill", "mark", "hall", "vard", "sun", "dar", "au", "rel", "ian", "mer", "ida", "grau",
        "pner", "pel", "lu", "cid", "kes", "trel", "ob", "sid", "lind", "berg", "to", "kai", "bri", "sa"]
WORDS = ["logistics", "health", "retail", "bank", "studio", "payments", "freight", "media", "shipping",
         "commerce", "insurance", "software", "labs", "energy", "games", "systems", "data", "cloud", "group"]
TLDS = [".com", ".com", ".com", ".io", ".de", ".co.uk", ".fr", ".nl", ".se", ".ch", ".ai", ".dev", ".ru",
        ".com.br", ".co.jp", ".es", ".pl", ".at", ".ie", ".ca"]

INDUSTRIES = (["software"] * 6 + ["fintech"] * 4 + ["ecommerce"] * 3 + ["logistics"] * 3 + ["healthcare"] * 3
              + ["media"] * 2 + ["retail"] * 2 + ["manufacturing"] * 2 + ["insurance", "consulting", "travel",
                                                                          "energy", "education", "government"])
COUNTRIES = (["US"] * 14 + ["GB"] * 5 + ["DE"] * 5 + ["CA"] * 3 + ["FR"] * 3 + ["NL"] * 2 + ["SE", "DK", "IE",
             "AT", "CH", "ES", "IT", "PL", "BE", "NO", "FI", "PT", "CZ", "IN", "IN", "BR", "BR", "AU", "JP",
             "SG", "RU", "MX", "ZA", "AE"])
NEEDS = ["evaluating", "replacing", "new_project", "just_researching"]
SOURCES = ["organic", "paid_search", "paid_social", "referral", "partner", "event", "outbound", "direct"]
INTERESTS = ["cdc", "etl", "reverse-etl", "streaming", "governance", "dbt", "kafka", "snowflake", "bigquery",
             "security", "pricing", "self-hosting"]

EXEC = ["CEO", "CTO", "Chief Data Officer", "Co-Founder & CEO", "Founder", "Directeur Général",
        "GESCHÄFTSFÜHRER", "Geschäftsführerin", "Managing Director", "Генеральный директор", "CFO", "COO",
        "President", "Owner"]
SENIOR = ["VP Engineering", "VP of Data", "Head of Growth", "Head of Data Platform", "Director of Engineering",
          "Director, Business Intelligence", "Директор", "Директор по продажам", "Leiter IT", "Directeur Technique",
          "Vice President, Operations", "Head of Analytics", "SVP Technology", "Leiterin Datenplattform",
          "Руководитель отдела данных", "Director of IT Operations"]
PRACTITIONER = ["Data Engineer", "Senior Data Engineer", "Analytics Engineer", "BI Analyst",
                "Engineering Manager", "Staff Software Engineer", "Solutions Architect", "Data Platform Lead",
                "Ingénieur données", "Software-Entwickler", "Product Manager", "Инженер данных",
                "Менеджер проектов", "Principal Engineer", "Senior Developer", "IT Consultant"]
OTHER = ["Marketing Coordinator", "Office Manager", "Account Executive", "Operations Specialist",
         "Assistant", "Sales Representative", "Chargée de communication", "Sachbearbeiter"]
STUDENTS = ["Student", "MSc Student, Data Science", "Werkstudent Data Engineering", "Intern",
            "Étudiant en informatique", "студент", "PhD Candidate", "Data Science Trainee", "Praktikantin"]
JOB_SEEKERS = ["Recruiter", "Open to work", "Talent Acquisition Partner", "Looking for new opportunities",
               "Senior Recruiter, Tech", "Data Engineer | Open to Work", "Arbeitssuchend", "В поиске работы"]

# --- what they do --------------------------------------------------------------

BLOG = ["/", "/product", "/product/connectors", "/blog/cdc-explained", "/blog/dbt-vs-sql",
        "/blog/data-contracts", "/customers", "/integrations/snowflake", "/integrations/bigquery", "/security",
        "/about", "/blog/streaming-101", "/changelog"]
DOCS = ["/docs/quickstart", "/docs/connectors/postgres", "/docs/connectors/kafka", "/docs/transformations",
        "/docs/api", "/docs/self-hosting", "/docs/connectors/mysql", "/docs/security/sso"]
PRICING = ["/pricing", "/pricing", "/pricing/enterprise", "/pricing#faq", "/pricing/compare"]
CAREERS = ["/careers", "/careers/senior-data-engineer", "/careers/solutions-engineer", "/careers/internships"]
ASSETS = [("freightline-case-study.pdf", "case-study"), ("kornwerk-case-study.pdf", "case-study"),
          ("tessaline-case-study.pdf", "case-study"), ("state-of-pipelines-2026.pdf", "whitepaper"),
          ("cdc-handbook.pdf", "ebook"), ("data-contracts-guide.pdf", "ebook"),
          ("soc2-overview.pdf", "whitepaper"), ("roi-calculator.xlsx", "tool")]
WEBINARS = ["Pipelines at scale", "CDC without tears", "Data contracts in practice", "Lumenfold 5.0 launch"]
CAMPAIGNS = ["2026-09-newsletter", "2026-10-newsletter", "2026-11-newsletter", "cdc-nurture-1",
             "cdc-nurture-2", "webinar-invite-nov", "trial-day-3", "spring-promo"]
PLANS = ["free", "team", "business"]
FORMS = ["contact", "newsletter", "pricing-quote", "event-signup", "partner-apply"]
OWNERS = ["ae:amara.okafor", "ae:jonas.weber", "sdr:ines.duarte"]


def event_bodies(sla):
    """Per intent ('cold', 'warm', 'hot', 'careers'): a weighted list of (head, tail) event fragments.

    An event is head + timestamp + tail; head ends in '"at":"', tail starts with '"'.
    """
    def e(type_, **fields):
        head = '{"type":"%s","at":"' % type_
        tail = '"' + "".join(',"%s":%s' % (k, enc(v)) for k, v in fields.items()) + "}"
        return head, tail

    def many(weight, items):
        return [(weight / len(items), it) for it in items]

    pv = lambda urls: [e("page_view", url=u) for u in urls]
    blog, docs, pricing, careers = pv(BLOG), pv(DOCS), pv(PRICING), pv(CAREERS)
    downloads = [e("content_download", asset=a, kind=k) for a, k in ASSETS]
    ebooks = [e("content_download", asset=a, kind=k) for a, k in ASSETS if k != "case-study"]
    webinars = [e("webinar", name=w, attended=att) for w in WEBINARS for att in (True, False)]
    clicks = [e("email_click", campaign=c) for c in CAMPAIGNS]
    unsub = [e("email_unsubscribe")]
    trials = [e("trial_signup", plan=p) for p in PLANS]
    demos = [e("demo_request", source=s) for s in ("website", "pricing-page", "in-app")] + \
            [e("demo_request"), e("demo_request", source=None)]
    meetings = [e("meeting_booked", owner=o) for o in OWNERS] + [e("meeting_booked")]
    extra_cold, extra_warm = [], []
    if sla == "bench":
        opens = [e("email_open", campaign=c) for c in CAMPAIGNS]
        forms = [e("form_submit", form=f, campaign=c) for f in FORMS for c in CAMPAIGNS[:3]] + \
                [e("form_submit", form=f) for f in FORMS]
        extra_cold = many(18, opens) + many(1, forms)
        extra_warm = many(12, opens) + many(4, forms)

    mixes = {
        "cold": many(45, blog) + many(10, docs) + many(1, pricing) + many(4, ebooks) + many(12, clicks)
        + many(2, webinars) + many(0.5, unsub) + extra_cold,
        "warm": many(30, blog) + many(18, docs) + many(8, pricing) + many(8, downloads) + many(12, clicks)
        + many(6, webinars) + many(0.3, unsub) + many(1, trials) + extra_warm,
        "hot": many(25, blog) + many(18, docs) + many(15, pricing) + many(10, downloads) + many(10, clicks)
        + many(8, webinars) + many(1, trials) + many(1.5, demos) + many(1, meetings) + extra_warm,
        "careers": many(20, blog) + many(40, careers) + many(5, docs) + many(5, clicks) + extra_cold,
    }
    out = {}
    for name, items in mixes.items():
        weights, bodies = zip(*items)
        cum, total = [], 0.0
        for w in weights:
            total += w
            cum.append(total)
        out[name] = (list(bodies), cum)
    return out


def timestamps(rng):
    """One RFC 3339 string per minute of the last SPAN_DAYS days, oldest first (seconds vary)."""
    start = AS_OF - timedelta(days=SPAN_DAYS)
    out = []
    minute = timedelta(minutes=1)
    t = start
    for _ in range(SPAN_DAYS * 1440):
        t += minute
        out.append(t.strftime("%Y-%m-%dT%H:%M:") + "%02d" % rng.randrange(60) + "Z")
    out[-1] = (AS_OF - timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return out


def company_pool(rng, n=4000):
    """(domain, company name JSON, size, industry JSON, country JSON) for n made-up companies."""
    pool = []
    for i in range(n):
        stem = "".join(rng.choice(SYLL) for _ in range(rng.randint(2, 3)))
        word = rng.choice(WORDS)
        domain = f"{stem}-{word}{rng.choice(TLDS)}" if rng.random() < 0.5 else f"{stem}{word[:4]}{rng.choice(TLDS)}"
        name = f"{stem.capitalize()} {word.capitalize()}"
        # log-uniform company size from 1 to ~100k employees, most small
        size = max(1, int(10 ** rng.uniform(0, 5) * rng.uniform(0.5, 1.0)))
        pool.append((domain, enc(name), size, enc(rng.choice(INDUSTRIES)), enc(rng.choice(COUNTRIES))))
    return pool


class Generator:
    def __init__(self, seed, sla, events_min, events_max):
        self.rng = random.Random(seed)
        self.sla = sla
        self.events_min, self.events_max = events_min, events_max
        rng = self.rng
        self.times = timestamps(rng)
        self.ntimes = len(self.times)
        self.bodies = event_bodies(sla)
        self.companies = company_pool(rng)
        self.locals = [f"{f}.{l}" for f in FIRST for l in LAST] + [f"{f[0]}.{l}" for f in FIRST for l in LAST] + \
                      [f for f in FIRST] + [f"{f}{rng.randint(1, 99)}" for f in FIRST]
        self.titles = {k: [enc(t) for t in v] for k, v in
                       (("exec", EXEC), ("senior", SENIOR), ("practitioner", PRACTITIONER), ("other", OTHER),
                        ("student", STUDENTS), ("seeker", JOB_SEEKERS))}
        self.needs = [enc(n) for n in NEEDS]
        self.sources = [enc(s) for s in SOURCES]
        self.n = 0

    def title(self, kind):
        r = self.rng.random()
        if r < 0.06:
            return None  # title unknown
        return self.rng.choice(self.titles[kind])

    def lead(self):
        rng = self.rng
        self.n += 1
        r = rng.random()
        # who: persona and address
        if r < 0.62:
            kind = rng.choices(("exec", "senior", "practitioner", "other"), cum_weights=(10, 35, 80, 100))[0]
            domain, company, size, industry, country = rng.choice(self.companies)
        elif r < 0.82:  # free mail: individuals, founders of tiny companies, people using private addresses
            kind = rng.choices(("exec", "senior", "practitioner", "other"), cum_weights=(10, 20, 70, 100))[0]
            domain = rng.choice(FREE_MAIL)
            company, size, industry, country = None, None, None, enc(rng.choice(COUNTRIES))
            if rng.random() < 0.3:
                _, company, size, industry, country = rng.choice(self.companies)
        elif r < 0.89:
            kind = "student"
            domain = rng.choice(UNIVERSITIES) if rng.random() < 0.6 else rng.choice(FREE_MAIL)
            company, size, industry, country = None, None, '"education"', enc(rng.choice(COUNTRIES))
        elif r < 0.95:
            kind = "seeker"
            if rng.random() < 0.5:
                domain, company, size, industry, country = rng.choice(self.companies)
            else:
                domain, company, size, industry, country = rng.choice(FREE_MAIL), None, None, None, None
        else:
            kind = rng.choice(("practitioner", "senior"))
            domain = rng.choice(COMPETITORS)
            company, size, industry, country = None, rng.randint(30, 600), '"software"', '"US"'

        parts = ['{"id":"L%09d","email":"%s@%s"' % (self.n, rng.choice(self.locals), domain)]
        title = self.title(kind)
        if title is not None:
            parts.append(',"job_title":' + title)
        elif rng.random() < 0.5:
            parts.append(',"job_title":null')
        if company is not None:
            parts.append(',"company":' + company)
        if size is not None and rng.random() < 0.85:
            parts.append(',"company_size":%d' % size)
        if industry is not None and rng.random() < 0.8:
            parts.append(',"industry":' + industry)
        if country is not None and rng.random() < 0.9:
            parts.append(',"country":' + country)

        # intent decides the events and the BANT answers (only hot leads fill in the demo form)
        e = rng.random()
        intent = "cold" if e < 0.68 else "warm" if e < 0.90 else "hot"
        if kind == "seeker" and rng.random() < 0.6:
            intent = "careers"
        if intent == "hot" or (intent == "warm" and rng.random() < 0.3):
            if rng.random() < 0.6:
                parts.append(',"budget":%d' % rng.choice((2000, 5000, 8000, 12000, 15000, 24000, 50000, 120000)))
            a = rng.random()
            if a < 0.4:
                parts.append(',"authority":true')
            elif a < 0.65:
                parts.append(',"authority":false')
            elif a < 0.75:
                parts.append(',"authority":null')
            if rng.random() < 0.7:
                parts.append(',"need":' + rng.choice(self.needs))
            if rng.random() < 0.6:
                parts.append(',"timeline_days":%d' % rng.choice((14, 30, 45, 60, 90, 120, 180, 365)))
        c = rng.random()
        if c < 0.03:
            parts.append(',"is_customer":true')
        elif c < 0.10:
            parts.append(',"is_customer":false')
        if rng.random() < 0.03:
            parts.append(',"sales_accepted":true')
        if rng.random() < 0.05:
            parts.append(',"returned_at":"%s"' % self.times[rng.randrange(self.ntimes)])
        if self.sla == "bench":
            if rng.random() < 0.9:
                parts.append(',"lead_source":' + rng.choice(self.sources))
            if rng.random() < 0.4:
                k = rng.randint(1, 4)
                parts.append(',"interests":' + enc(rng.sample(INTERESTS, k)))
            if rng.random() < 0.7:
                parts.append(',"created_at":"%s"' % self.times[rng.randrange(self.ntimes)])
            if rng.random() < 0.25:
                parts.append(',"annual_revenue":%d' % (rng.randint(1, 5000) * 100000))

        n = rng.randint(self.events_min, self.events_max)
        if n:
            bodies, cum = self.bodies[intent]
            picks = rng.choices(bodies, cum_weights=cum, k=n)
            # events over the last 180 days, recent ones a little more likely, in time order
            nt = self.ntimes
            idx = sorted(nt - 1 - int(nt * rng.random() * rng.random() ** 0.3) for _ in range(n))
            times = self.times
            parts.append(',"events":[')
            parts.append(",".join([h + times[i] + t for (h, t), i in zip(picks, idx)]))
            parts.append("]}\n")
        else:
            parts.append(',"events":[]}\n')
        return "".join(parts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    size = ap.add_mutually_exclusive_group(required=True)
    size.add_argument("--count", type=int, help="number of leads")
    size.add_argument("--bytes", type=parse_size, help="stop after this much output (1G, 512M, 64K)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--events-min", type=int, default=0)
    ap.add_argument("--events-max", type=int, default=150)
    ap.add_argument("--sla", choices=("b2b", "bench"), default="b2b",
                    help="b2b: examples/b2b-saas.baton's schema; bench: bench/bench.baton's (a superset)")
    args = ap.parse_args()
    if not 0 <= args.events_min <= args.events_max:
        ap.error("need 0 <= --events-min <= --events-max")

    gen = Generator(args.seed, args.sla, args.events_min, args.events_max)
    out = sys.stdout.buffer
    written = 0
    produced = 0
    limit_count = args.count
    limit_bytes = args.bytes
    batch = 512
    while True:
        if limit_count is not None:
            k = min(batch, limit_count - produced)
            if k <= 0:
                break
        else:
            if written >= limit_bytes:
                break
            k = batch
        lines = [gen.lead() for _ in range(k)]
        if limit_bytes is not None:
            # trim the batch to stop on the first line that reaches the limit
            data = b""
            chunks = [line.encode("utf-8") for line in lines]
            for j, c in enumerate(chunks):
                written += len(c)
                if written >= limit_bytes:
                    chunks = chunks[: j + 1]
                    break
            data = b"".join(chunks)
        else:
            data = "".join(lines).encode("utf-8")
            written += len(data)
        produced += k
        try:
            out.write(data)
        except BrokenPipeError:
            sys.stderr.close()
            return
    out.flush()


if __name__ == "__main__":
    main()
