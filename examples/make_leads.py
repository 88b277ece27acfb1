#!/usr/bin/env python3
"""Writes the sample leads files for the example SLAs.

    python3 examples/make_leads.py            # writes next to this script

    b2b-saas-leads.jsonl        for b2b-saas.baton
    points-classic-leads.jsonl  for points-classic.baton
    small-shop-leads.jsonl      for small-shop.baton

Deterministic (fixed seed, no clock): running it again gives the same bytes.
Every file is meant to be scored with `--as-of 2026-11-23T00:00:00Z`; events
lie in the 180 days before that, and a few lie after it (the runtime ignores
those). Each file has leads built to land in every stage and every route of
its SLA, plus ordinary traffic around them.
"""
import json
import os
import random
from datetime import datetime, timedelta, timezone

AS_OF = datetime(2026, 11, 23, tzinfo=timezone.utc)
HERE = os.path.dirname(os.path.abspath(__file__))


def at(days_ago, rng=None, hour=None):
    """An RFC 3339 UTC time `days_ago` days before AS_OF, at a working hour.

    A negative `days_ago` gives a time after AS_OF.
    """
    if hour is None:
        hour = rng.randint(7, 19) if rng else 10
    minute = rng.randint(0, 59) if rng else 0
    second = rng.randint(0, 59) if rng else 0
    day = AS_OF - timedelta(days=days_ago)
    t = day.replace(hour=hour, minute=minute, second=second)
    if t > AS_OF and days_ago >= 0:  # "today" must not end up in the future
        t = AS_OF - timedelta(minutes=rng.randint(5, 300) if rng else 30)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def ev(type_, when, **fields):
    e = {"type": type_, "at": when}
    e.update(fields)
    return e


def sort_events(events):
    events.sort(key=lambda e: e["at"])
    return events


def slug(s):
    out = "".join(c.lower() if c.isalnum() else "-" for c in s)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


def write(name, leads, rng):
    """Shuffles the leads (so that no file is sorted by outcome), numbers them and writes them."""
    rng.shuffle(leads)
    for i, lead in enumerate(leads, 1):
        lead["id"] = f"L{i:03d}"
        assert len(lead["events"]) <= 40, lead
    path = os.path.join(HERE, name)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for lead in leads:
            f.write(json.dumps(lead, ensure_ascii=False, separators=(", ", ": ")) + "\n")
    print(f"{name}: {len(leads)} leads")


def drop_some(rng, lead, optional, p):
    """Leaves out optional fields (or sets them to null), as real forms do."""
    for key in optional:
        if key in lead and rng.random() < p:
            if rng.random() < 0.5:
                del lead[key]
            else:
                lead[key] = None
    return lead


FIRST = ["Amelia", "Noah", "Sofia", "Lukas", "Chloé", "Mateo", "Aiko", "Oluwaseun", "Ingrid", "Rahul",
         "Fatima", "Jakub", "Elena", "Tomás", "Mei", "Liam", "Zeynep", "Pieter", "Hannah", "Dmitri",
         "Aisha", "Björn", "Camille", "Diego", "Yuki", "Kwame", "Maja", "Arjun", "Léa", "Stefan"]
LAST = ["Okafor", "Schneider", "Dubois", "Kowalski", "Tanaka", "Fernández", "Nguyen", "Müller", "Andersen",
        "Rossi", "Patel", "Novák", "Ivanova", "O'Brien", "Lindberg", "Yilmaz", "de Vries", "Haddad",
        "Kim", "Santos", "Petrov", "Moreau", "Jensen", "Costa", "Brennan", "Weiß", "Mensah", "Sato"]
FREE_MAIL = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "gmx.de", "web.de", "mail.ru",
             "yandex.ru", "icloud.com", "proton.me", "orange.fr"]


def person(rng):
    return rng.choice(FIRST), rng.choice(LAST)


def mailbox(first, last, rng):
    f = slug(first).replace("-", "")
    l = slug(last).replace("-", "")
    return rng.choice([f"{f}.{l}", f"{f[0]}.{l}", f"{f}", f"{f}{l[0]}", f"{l}"])


# ---------------------------------------------------------------------------
# b2b-saas: Lumenfold, data-pipeline SaaS
# ---------------------------------------------------------------------------

B2B_COMPANIES = [
    # name, domain, size, industry, country
    ("Northgate Logistics", "northgate-logistics.com", 5200, "logistics", "US"),
    ("Kornmeyer Logistik", "kornmeyer-logistik.de", 410, "logistics", "DE"),
    ("Corvalis Health", "corvalis-health.com", 900, "healthcare", "US"),
    ("Vellani Retail", "vellani-retail.fr", 350, "retail", "FR"),
    ("Fieldstone Bank", "fieldstone-bank.com", 12000, "fintech", "GB"),
    ("Brightpixel Studio", "brightpixel.studio", 12, "media", "GB"),
    ("Tessaline Payments", "tessaline.io", 640, "fintech", "NL"),
    ("Orrin Freight", "orrinfreight.com", 2600, "logistics", "CA"),
    ("Quillmark Media", "quillmark.co.uk", 85, "media", "GB"),
    ("Hallvard Shipping", "hallvard.no", 1300, "logistics", "NO"),
    ("Sundara Commerce", "sundara.shop", 140, "ecommerce", "IN"),
    ("Aurelian Insurance", "aurelian-ins.com", 18500, "insurance", "US"),
    ("Meridia Software", "meridia.dev", 260, "software", "SE"),
    ("Graupner Maschinenbau", "graupner-mb.de", 3100, "manufacturing", "DE"),
    ("Pellucid Labs", "pellucidlabs.ai", 34, "software", "US"),
    ("Costa Verde Mercados", "costaverde.com.br", 7400, "retail", "BR"),
    ("Kestrel Pay", "kestrelpay.com", 220, "fintech", "IE"),
    ("Obsidian Health Systems", "obsidianhealth.org", 47000, "healthcare", "US"),
    ("Lindqvist & Berg", "lindqvistberg.se", 18, "software", "SE"),
    ("Tokai Robotics", "tokai-robotics.co.jp", 980, "manufacturing", "JP"),
    ("Brisa Viajes", "brisaviajes.es", 560, "travel", "ES"),
    ("Novaterra Energy", "novaterra-energy.com", 1500, "energy", "AU"),
    ("Pantheon Games", "pantheongames.gg", 310, "media", "PL"),
    ("Riverbend Credit Union", "riverbendcu.org", 450, "fintech", "US"),
    ("Alpenrose Versand", "alpenrose-versand.at", 190, "ecommerce", "AT"),
    ("Helvetic Data AG", "helveticdata.ch", 75, "software", "CH"),
    ("Marlowe & Finch", "marlowefinch.com", 3, "consulting", "US"),
    ("Stroganov Trade", "stroganov-trade.ru", 820, "logistics", "RU"),
    ("Cedarline Clinics", "cedarline.health", 2900, "healthcare", "CA"),
    ("Zephyr Commerce", "zephyrcommerce.com", 47, "ecommerce", "US"),
]
COMPETITORS = ["pipewright.io", "datacurrent.com", "streamvane.io", "flowbeacon.com"]

EXEC = ["CEO", "CTO", "Chief Data Officer", "Co-Founder & CEO", "Founder", "Directeur Général",
        "GESCHÄFTSFÜHRER", "Geschäftsführerin", "Managing Director", "Генеральный директор", "CFO"]
SENIOR = ["VP Engineering", "VP of Data", "Head of Growth", "Head of Data Platform", "Director of Engineering",
          "Director, Business Intelligence", "Директор по продажам", "Leiter IT", "Directeur Technique",
          "Vice President, Operations", "Head of Analytics", "SVP Technology"]
PRACTITIONER = ["Data Engineer", "Senior Data Engineer", "Analytics Engineer", "BI Analyst",
                "Engineering Manager", "Staff Software Engineer", "Solutions Architect", "Data Platform Lead",
                "Ingénieur données", "Software-Entwickler", "Product Manager", "Инженер данных"]
OTHER = ["Marketing Coordinator", "Office Manager", "Consultant", "Account Executive", "Operations Specialist"]
STUDENTS = ["Student", "MSc Student, Data Science", "Werkstudent Data Engineering", "Intern", "Étudiant en informatique",
            "студент", "PhD Candidate", "Data Science Trainee"]
JOB_SEEKERS = ["Recruiter", "Open to work", "Talent Acquisition Partner", "Looking for new opportunities",
               "Senior Recruiter, Tech", "Data Engineer | Open to Work"]

BLOG = ["/", "/product", "/product/connectors", "/blog/cdc-explained", "/blog/dbt-vs-sql", "/blog/data-contracts",
        "/customers", "/integrations/snowflake", "/integrations/bigquery", "/security", "/about"]
DOCS = ["/docs/quickstart", "/docs/connectors/postgres", "/docs/connectors/kafka", "/docs/transformations",
        "/docs/api", "/docs/self-hosting"]
PRICING = ["/pricing", "/pricing", "/pricing/enterprise", "/pricing#faq"]
CAREERS = ["/careers", "/careers/senior-data-engineer", "/careers/solutions-engineer", "/careers/internships"]
ASSETS = [("freightline-case-study.pdf", "case-study"), ("kornwerk-case-study.pdf", "case-study"),
          ("tessaline-case-study.pdf", "case-study"), ("state-of-pipelines-2026.pdf", "whitepaper"),
          ("cdc-handbook.pdf", "ebook"), ("data-contracts-guide.pdf", "ebook"), ("soc2-overview.pdf", "whitepaper")]
WEBINARS = ["Pipelines at scale", "CDC without tears", "Data contracts in practice", "Lumenfold 5.0 launch"]
CAMPAIGNS = ["2026-09-newsletter", "2026-10-newsletter", "2026-11-newsletter", "cdc-nurture-1", "cdc-nurture-2",
             "webinar-invite-nov", "trial-day-3"]


def b2b_events(rng, intent, n, span=170, careers=0):
    """n events of a lead whose interest is `intent` ("low", "mid", "high")."""
    events = []
    for _ in range(n):
        d = rng.uniform(0, span)
        r = rng.random()
        if intent == "high" and r < 0.25:
            events.append(ev("page_view", at(d, rng), url=rng.choice(PRICING)))
        elif intent != "low" and r < 0.4:
            events.append(ev("page_view", at(d, rng), url=rng.choice(DOCS)))
        elif r < 0.7:
            events.append(ev("page_view", at(d, rng), url=rng.choice(BLOG)))
        elif r < 0.8:
            asset, kind = rng.choice(ASSETS)
            events.append(ev("content_download", at(d, rng), asset=asset, kind=kind))
        elif r < 0.92:
            events.append(ev("email_click", at(d, rng), campaign=rng.choice(CAMPAIGNS)))
        else:
            events.append(ev("webinar", at(d, rng), name=rng.choice(WEBINARS), attended=rng.random() < 0.6))
    for _ in range(careers):
        events.append(ev("page_view", at(rng.uniform(0, 50), rng), url=rng.choice(CAREERS)))
    return events


def b2b_lead(rng, n, company=None, title=None, free=False, competitor=False, **extra):
    first, last = person(rng)
    lead = {"id": f"L{n:03d}"}
    if company:
        name, domain, size, industry, country = company
        size = max(1, int(size * rng.uniform(0.9, 1.1)))
    else:
        name, domain, size, industry, country = None, None, None, None, None
    if competitor:
        domain = rng.choice(COMPETITORS)
    if free or not domain:
        domain = rng.choice(FREE_MAIL)
    lead["email"] = f"{mailbox(first, last, rng)}@{domain}"
    lead["job_title"] = title
    lead["company"] = name
    lead["company_size"] = size
    lead["industry"] = industry
    lead["country"] = country
    lead.update(extra)
    return lead


def make_b2b(rng):
    leads = []
    n = 0

    def add(lead, events, optional=("company", "industry"), p=0.1):
        drop_some(rng, lead, optional, p)
        lead["events"] = sort_events(events)
        leads.append(lead)

    big = [c for c in B2B_COMPANIES if c[2] >= 2000]
    mid_emea = [c for c in B2B_COMPANIES if 200 <= c[2] < 2000 and c[4] in
                {"GB", "IE", "DE", "AT", "CH", "NL", "FR", "ES", "SE", "NO", "PL"}]
    mid_other = [c for c in B2B_COMPANIES if 200 <= c[2] < 2000 and c not in mid_emea]
    small = [c for c in B2B_COMPANIES if c[2] < 200]

    # sql -> team:enterprise: senior people at big companies who asked for a demo
    for _ in range(5):
        n += 1
        lead = b2b_lead(rng, n, rng.choice(big), rng.choice(EXEC + SENIOR))
        ev_ = b2b_events(rng, "high", rng.randint(4, 18))
        ev_.append(ev("demo_request", at(rng.uniform(0, 20), rng), source=rng.choice(["pricing-page", "website", "webinar"])))
        add(lead, ev_)
    # sql -> team:commercial-emea: mid-size EMEA, BANT 3+ and a high score, no demo
    for _ in range(4):
        n += 1
        lead = b2b_lead(rng, n, rng.choice(mid_emea), rng.choice(SENIOR), budget=rng.choice([12000, 18000, 24000, 40000]),
                        authority=rng.choice([True, None]), need=rng.choice(["replacing", "evaluating"]),
                        timeline_days=rng.choice([30, 45, 60, 90]))
        ev_ = [ev("page_view", at(rng.uniform(0, 6), rng), url="/pricing") for _ in range(3)]
        ev_ += [ev("content_download", at(rng.uniform(0, 10), rng), asset=a, kind="case-study")
                for a in ("kornwerk-case-study.pdf", "tessaline-case-study.pdf")]
        ev_.append(ev("webinar", at(rng.uniform(3, 20), rng), name=rng.choice(WEBINARS), attended=True))
        ev_ += b2b_events(rng, "mid", rng.randint(3, 15))
        add(lead, ev_, optional=("company",))
    # ... and one whose demo request came through a partner, booked straight into a meeting
    n += 1
    lead = b2b_lead(rng, n, rng.choice(mid_emea), "Head of Analytics")
    add(lead, b2b_events(rng, "mid", 6) + [ev("meeting_booked", at(2, rng), owner="ae:jonas.weber")])
    # sql -> round robin: small companies, Americas/APAC mid-market, unknown size
    for c in [rng.choice(small), rng.choice(small), rng.choice(mid_other), rng.choice(mid_other), None]:
        n += 1
        lead = b2b_lead(rng, n, c, rng.choice(EXEC + SENIOR + PRACTITIONER))
        ev_ = b2b_events(rng, "high", rng.randint(1, 12))
        ev_.append(ev("demo_request", at(rng.uniform(0, 25), rng), source=rng.choice(["website", "chat", None])))
        add(lead, ev_)
    # sql: already accepted by sales; the rules keep it there
    for _ in range(2):
        n += 1
        lead = b2b_lead(rng, n, rng.choice(mid_other + small), rng.choice(SENIOR), sales_accepted=True)
        add(lead, b2b_events(rng, "mid", rng.randint(0, 6)))
    # mql -> SDR round robin: good fit, engaged, no demo yet
    for i in range(9):
        n += 1
        c = rng.choice(big + mid_emea + mid_other)
        lead = b2b_lead(rng, n, (c[0], c[1], c[2], rng.choice(["software", "fintech", "logistics"]), c[4]),
                        "Head of Growth" if i == 0 else rng.choice(SENIOR + EXEC), need=rng.choice(["just_researching", "evaluating", None]))
        ev_ = [ev("page_view", at(rng.uniform(0, 10), rng), url=rng.choice(PRICING)) for _ in range(2)]
        ev_ += [ev("page_view", at(rng.uniform(0, 20), rng), url=rng.choice(DOCS)) for _ in range(3)]
        ev_ += b2b_events(rng, "mid", rng.randint(2, 25))
        add(lead, ev_)
    # mql: a good-fit practitioner who started a trial
    for _ in range(3):
        n += 1
        lead = b2b_lead(rng, n, rng.choice(mid_emea + mid_other), rng.choice(PRACTITIONER))
        ev_ = [ev("trial_signup", at(rng.uniform(1, 25), rng), plan=rng.choice(["team", "starter"]))]
        ev_ += b2b_events(rng, "mid", rng.randint(3, 12), span=30)
        add(lead, ev_)
    # recycled -> nurture:recycled: sales returned them in the last six months
    for _ in range(5):
        n += 1
        returned = at(rng.uniform(10, 170), rng)
        lead = b2b_lead(rng, n, rng.choice(B2B_COMPANIES), rng.choice(SENIOR + EXEC + PRACTITIONER),
                        returned_at=returned, need="just_researching")
        add(lead, b2b_events(rng, "mid", rng.randint(0, 14)))
    # returned too long ago (more than 180 days): scored like anyone else
    n += 1
    lead = b2b_lead(rng, n, rng.choice(small), rng.choice(PRACTITIONER), returned_at="2026-03-02T09:30:00Z")
    add(lead, b2b_events(rng, "low", 5))
    # lead -> nurture:trial-onboarding: trials from free mail or with no company behind them
    for _ in range(5):
        n += 1
        lead = b2b_lead(rng, n, None, rng.choice(PRACTITIONER + [None, "Freelancer", "Developer"]), free=True)
        ev_ = [ev("trial_signup", at(rng.uniform(0, 28), rng), plan="free")]
        ev_ += [ev("page_view", at(rng.uniform(0, 28), rng), url=rng.choice(DOCS)) for _ in range(rng.randint(1, 9))]
        add(lead, ev_, optional=())
    # customer -> team:account-management
    for _ in range(4):
        n += 1
        lead = b2b_lead(rng, n, rng.choice(B2B_COMPANIES), rng.choice(SENIOR + PRACTITIONER + OTHER), is_customer=True)
        ev_ = b2b_events(rng, "mid", rng.randint(0, 20))
        if rng.random() < 0.5:
            ev_.append(ev("demo_request", at(rng.uniform(0, 30), rng), source="in-app"))
        add(lead, ev_)
    # disqualified: students
    for title in ["Student", "Werkstudent Data Engineering", "студент", rng.choice(STUDENTS)]:
        n += 1
        lead = b2b_lead(rng, n, None, title, free=rng.random() < 0.6)
        if rng.random() < 0.4:
            lead["email"] = lead["email"].split("@")[0] + "@" + rng.choice(["tum.de", "ed.ac.uk", "polytechnique.edu", "msu.ru"])
        ev_ = b2b_events(rng, "mid", rng.randint(2, 20))
        if rng.random() < 0.5:
            ev_.append(ev("demo_request", at(rng.uniform(0, 20), rng), source="website"))
        add(lead, ev_, optional=())
    # disqualified: job seekers and recruiters (by title, or by reading only the careers pages)
    for title in ["Recruiter", "Open to work", rng.choice(JOB_SEEKERS)]:
        n += 1
        lead = b2b_lead(rng, n, rng.choice(B2B_COMPANIES + [None]), title)
        add(lead, b2b_events(rng, "low", rng.randint(1, 8), careers=rng.randint(0, 4)))
    for _ in range(2):
        n += 1
        lead = b2b_lead(rng, n, None, rng.choice(PRACTITIONER), free=True)
        add(lead, b2b_events(rng, "low", rng.randint(0, 4), span=60, careers=rng.randint(3, 6)), optional=())
    # disqualified: competitors
    for _ in range(3):
        n += 1
        lead = b2b_lead(rng, n, (rng.choice(["Pipewright", "DataCurrent", "Streamvane"]), None, rng.choice([120, 450, 900]),
                                 "software", rng.choice(["US", "DE", "GB"])), rng.choice(PRACTITIONER + SENIOR), competitor=True)
        ev_ = [ev("page_view", at(rng.uniform(0, 30), rng), url=rng.choice(PRICING)) for _ in range(rng.randint(2, 6))]
        ev_ += b2b_events(rng, "high", rng.randint(2, 10))
        if rng.random() < 0.5:
            ev_.append(ev("trial_signup", at(rng.uniform(0, 30), rng), plan="team"))
        add(lead, ev_, optional=())
    # lead, no route: newsletter readers, cold leads, old activity, unsubscribers
    for i in range(19):
        n += 1
        c = rng.choice(B2B_COMPANIES + [None, None])
        lead = b2b_lead(rng, n, c, rng.choice(PRACTITIONER + OTHER + [None]), free=rng.random() < 0.2)
        k = rng.randint(0, 34) if i < 15 else rng.randint(0, 6)
        ev_ = b2b_events(rng, "low", k)
        if i >= 15:  # once hot, long ago: outside the 90-day window
            ev_ += [ev("page_view", at(rng.uniform(100, 175), rng), url="/pricing") for _ in range(3)]
            ev_.append(ev("demo_request", at(rng.uniform(100, 175), rng), source="website"))
        if rng.random() < 0.2:
            ev_.append(ev("email_unsubscribe", at(rng.uniform(0, 90), rng)))
        add(lead, ev_, optional=("company", "industry", "company_size", "country"), p=0.3)
    # events after as_of: the runtime ignores them
    for lead in rng.sample(leads, 4):
        lead["events"].append(ev("page_view", at(-rng.uniform(0.2, 3), rng), url="/pricing"))
        lead["events"].append(ev("demo_request", at(-rng.uniform(3, 5), rng), source="website"))
    return leads


# ---------------------------------------------------------------------------
# points-classic: Harborline Systems, field-service software
# ---------------------------------------------------------------------------

HB_COMPANIES = [
    ("Cascade Air HVAC", "cascadeair-hvac.com", 240, "hvac", "US", "OR"),
    ("MetroGrid Utilities", "metrogrid-utilities.com", 1800, "utilities", "US", "IL"),
    ("Lone Star Comfort", "lonestar-comfort.com", 300, "hvac", "US", "TX"),
    ("Keystone Facilities", "keystone-facilities.com", 600, "facilities", "US", "PA"),
    ("Boreal Telecom", "boreal-telecom.ca", 2200, "telecom", "CA", "QC"),
    ("Summit HVAC", "summit-hvac.com", 45, "hvac", "US", "CO"),
    ("Pacific Crest Electric", "pacificcrest-electric.com", 130, "construction", "US", "CA"),
    ("Granite State Plumbing", "granitestateplumbing.com", 28, "construction", "US", "NH"),
    ("Evergreen Elevator Co.", "evergreen-elevator.com", 410, "facilities", "US", "WA"),
    ("Prairie Power Co-op", "prairiepower.coop", 95, "utilities", "US", "KS"),
    ("Harbor Medical Devices", "harbormed.com", 5200, "medical-devices", "US", "MA"),
    ("Sunbelt Pest Control", "sunbeltpest.com", 75, "pest-control", "US", "FL"),
    ("Northwind Fire Protection", "northwindfire.ca", 160, "facilities", "CA", "ON"),
    ("Atlas Security Systems", "atlas-secsys.com", 850, "security", "US", "GA"),
    ("Rio Grande Irrigation", "riograndeirrigation.com", 60, "agriculture", "US", "NM"),
    ("Meyer Kältetechnik", "meyer-kaelte.de", 120, "hvac", "DE", None),
    ("Thames Facilities Group", "thamesfg.co.uk", 1400, "facilities", "GB", None),
    ("Coastal Cable Networks", "coastalcable.net", 3300, "telecom", "US", "NC"),
    ("Blue Ridge Mechanical", "blueridgemech.com", 210, "hvac", "US", "VA"),
    ("Desert Sun Solar", "desertsunsolar.com", 340, "energy", "US", "AZ"),
]
HB_COMPETITORS = ["dispatchly.com", "routewise.io", "crewpoint.com"]
HB_TITLES = {
    "c": ["Owner", "President", "CEO", "COO", "Geschäftsführer", "Co-Founder"],
    "vp": ["VP of Operations", "Director of Field Operations", "Service Director", "Head of Service",
           "Directeur des opérations", "Vice President, Customer Service"],
    "mgr": ["Service Manager", "Operations Manager", "Dispatch Supervisor", "Field Service Manager",
            "Facilities Coordinator", "Project Superintendent"],
    "ic": ["Technician", "Dispatcher", "Office Administrator", "Estimator", "Bookkeeper", "Marketing Specialist"],
}
HB_PAGES = ["/", "/features/dispatch", "/features/scheduling", "/features/work-orders", "/features/invoicing",
            "/integrations", "/customers/polar-mechanical", "/blog/first-time-fix-rate", "/blog/asset-tracking",
            "/blog/technician-utilization", "/industries/hvac", "/industries/utilities", "/about"]
HB_FILES = ["first-time-fix-ebook.pdf", "integrations-overview.pdf", "roi-report.pdf", "pm-whitepaper.pdf",
            "dispatch-checklist.pdf", "pricing-sheet.pdf"]
HB_WEBINARS = ["Dispatching in peak season", "Preventive maintenance 101", "Going paperless in the field"]
HB_CAMPAIGNS = ["nurture-hvac-1", "nurture-hvac-2", "nurture-hvac-3", "nurture-utilities-1", "monthly-2026-09",
                "monthly-2026-10", "monthly-2026-11", "webinar-invite"]
HB_SEARCHES = ["quickbooks", "roi", "offline mode", "gps tracking", "price", "api", "mobile app"]


def hb_activity(rng, n, span=170, pricing=0.05, start=0):
    events = []
    visits = max(1, n // 4) if n else 0
    days = sorted(rng.uniform(start, span) for _ in range(visits))
    for i in range(n):
        d = days[i % visits] if visits else rng.uniform(start, span)
        r = rng.random()
        if i % 4 == 0:
            events.append(ev("visitor_session", at(d, rng),
                             landing_url=rng.choice([None, "https://harborline.example/?utm_source=newsletter&utm_medium=email",
                                                     "https://harborline.example/pricing?utm_source=google&utm_medium=cpc"])))
        if r < pricing:
            events.append(ev("page_view", at(d, rng), url="/pricing"))
        elif r < 0.62:
            events.append(ev("page_view", at(d, rng), url=rng.choice(HB_PAGES)))
        elif r < 0.72:
            events.append(ev("email_click", at(d, rng), campaign=rng.choice(HB_CAMPAIGNS)))
        elif r < 0.8:
            events.append(ev("file_download", at(d, rng), file=rng.choice(HB_FILES)))
        elif r < 0.86:
            events.append(ev("site_search", at(d, rng), query=rng.choice(HB_SEARCHES)))
        elif r < 0.92:
            w = rng.choice(HB_WEBINARS)
            events.append(ev("webinar_registered", at(d + 7, rng), webinar=w))
            if rng.random() < 0.6:
                events.append(ev("webinar_attended", at(d, rng), webinar=w))
        elif r < 0.97:
            events.append(ev("form_submit", at(d, rng), form=rng.choice(["ebook", "whitepaper", "checklist", "newsletter"])))
        else:
            events.append(ev("form_error", at(d, rng), form="ebook"))
    return events[:n]


def hb_lead(rng, n, company, tier, free=False, competitor=False, **extra):
    first, last = person(rng)
    lead = {"id": f"L{n:03d}", "email": None, "first_name": first, "last_name": last}
    if company:
        name, domain, size, industry, country, state = company
        size = max(1, int(size * rng.uniform(0.9, 1.1)))
    else:
        name, domain, size, industry, country, state = None, None, None, None, rng.choice(["US", "US", "CA"]), None
    if competitor:
        domain = rng.choice(HB_COMPETITORS)
    if free or not domain:
        domain = rng.choice(["gmail.com", "yahoo.com", "outlook.com", "aol.com", "hotmail.com"])
    lead["email"] = f"{mailbox(first, last, rng)}@{domain}"
    lead["job_title"] = rng.choice(HB_TITLES[tier]) if tier else None
    lead.update({"company": name, "company_size": size, "industry": industry, "country": country, "state": state})
    lead.update(extra)
    return lead


def make_classic(rng):
    leads = []
    n = 0

    def add(lead, events, optional=("first_name", "company", "state"), p=0.08):
        drop_some(rng, lead, optional, p)
        lead["events"] = sort_events(events)
        leads.append(lead)

    us_west = [c for c in HB_COMPANIES if c[4] == "US" and c[5] in {"OR", "WA", "CA", "AZ", "NM", "CO"}]
    us_east = [c for c in HB_COMPANIES if c[4] == "US" and c not in us_west]
    canada = [c for c in HB_COMPANIES if c[4] == "CA"]
    intl = [c for c in HB_COMPANIES if c[4] not in {"US", "CA"}]

    # sql: demo or quote forms, routed by territory
    for pool, k in ((us_west, 4), (us_east, 5), (canada, 2), (intl, 2)):
        for _ in range(k):
            n += 1
            lead = hb_lead(rng, n, rng.choice(pool), rng.choice(["c", "vp", "mgr"]))
            ev_ = hb_activity(rng, rng.randint(2, 20))
            d = rng.uniform(0, 12)
            ev_.append(ev("visitor_session", at(d, rng)))
            ev_.append(ev("form_submit", at(d, rng), form=rng.choice(sorted(["request-demo", "request-quote", "contact-sales"]))))
            add(lead, ev_)
    # mql: 100+ points and a decent profile
    for _ in range(8):
        n += 1
        c = rng.choice(us_west + us_east + canada)
        lead = hb_lead(rng, n, c, rng.choice(["vp", "mgr", "c"]))
        ev_ = hb_activity(rng, rng.randint(24, 34), span=60, pricing=0.2)
        w = rng.choice(HB_WEBINARS)
        ev_ += [ev("webinar_registered", at(40, rng), webinar=w), ev("webinar_attended", at(33, rng), webinar=w),
                ev("form_submit", at(rng.uniform(5, 30), rng), form="roi-calculator"),
                ev("visitor_session", at(rng.uniform(0, 5), rng))]
        add(lead, ev_)
    # engaged: active but short of 100 points, or 100+ points with a poor profile
    for i in range(10):
        n += 1
        if i < 7:
            lead = hb_lead(rng, n, rng.choice(HB_COMPANIES), rng.choice(["mgr", "ic", "vp"]))
            ev_ = hb_activity(rng, rng.randint(14, 26), span=45)
        else:
            lead = hb_lead(rng, n, None, rng.choice(["ic", None]), free=True)
            ev_ = hb_activity(rng, rng.randint(30, 36), span=50, pricing=0.25)
            ev_ += [ev("form_submit", at(rng.uniform(3, 40), rng), form="roi-calculator"),
                    ev("visitor_session", at(1, rng))]
        if i == 3:
            lead["opted_out"] = True
            ev_.append(ev("unsubscribe", at(rng.uniform(1, 20), rng), campaign="monthly-2026-10"))
        add(lead, ev_)
    # subscriber: newsletter readers and leads gone quiet (inactivity takes points off)
    for i in range(18):
        n += 1
        lead = hb_lead(rng, n, rng.choice(HB_COMPANIES + [None]), rng.choice(["mgr", "ic", "vp", "c", None]),
                       free=rng.random() < 0.25)
        if i < 11:
            ev_ = hb_activity(rng, rng.randint(0, 8))
            if rng.random() < 0.5:
                ev_.append(ev("form_submit", at(rng.uniform(0, 170), rng), form="newsletter"))
        else:
            ev_ = hb_activity(rng, rng.randint(12, 30), span=178, start=95)
        if i in (2, 9):
            lead["opted_out"] = True
            ev_.append(ev("unsubscribe", at(rng.uniform(1, 90), rng), campaign=rng.choice(HB_CAMPAIGNS)))
        add(lead, ev_, p=0.2)
    # customers
    for _ in range(4):
        n += 1
        lead = hb_lead(rng, n, rng.choice(HB_COMPANIES), rng.choice(["mgr", "ic", "vp"]), is_customer=True)
        add(lead, hb_activity(rng, rng.randint(0, 15)))
    # disqualified: competitors, students, hard bounces
    for _ in range(3):
        n += 1
        lead = hb_lead(rng, n, (rng.choice(["Dispatchly", "RouteWise", "CrewPoint"]), None, rng.choice([60, 180, 400]),
                                "software", "US", rng.choice(["CA", "TX", "NY"])), rng.choice(["mgr", "ic"]), competitor=True)
        ev_ = hb_activity(rng, rng.randint(6, 20), pricing=0.3)
        ev_.append(ev("form_submit", at(rng.uniform(0, 10), rng), form="request-demo"))
        add(lead, ev_)
    for title in ["Student", "HVAC Technology Student", "Operations Intern", "Étudiant"]:
        n += 1
        lead = hb_lead(rng, n, None, None, free=True)
        lead["job_title"] = title
        ev_ = hb_activity(rng, rng.randint(3, 14))
        ev_.append(ev("form_submit", at(rng.uniform(0, 60), rng), form=rng.choice(["ebook", "request-quote"])))
        add(lead, ev_)
    for _ in range(2):
        n += 1
        lead = hb_lead(rng, n, rng.choice(HB_COMPANIES), rng.choice(["mgr", "vp"]), hard_bounced=True)
        add(lead, hb_activity(rng, rng.randint(0, 6), start=60))
    # events after as_of
    for lead in rng.sample(leads, 3):
        lead["events"].append(ev("form_submit", at(-rng.uniform(0.5, 4), rng), form="request-demo"))
    return leads


# ---------------------------------------------------------------------------
# small-shop: Nordkamm Verpackung, packaging supplier
# ---------------------------------------------------------------------------

NK_COMPANIES = [
    ("Hafenbrauerei Kiel", "hafenbrauerei-kiel.de", "DE", "24103"),
    ("Alpenkäse Manufaktur", "alpenkaese-manufaktur.de", "DE", "80331"),
    ("Nordlys Te", "nordlys-te.dk", "DK", None),
    ("Vos Instrumenten", "vos-instrumenten.nl", "NL", None),
    ("Elbgrün Kosmetik", "elbgruen-kosmetik.de", "DE", "20095"),
    ("Moorland Tee", "moorland-tee.de", "DE", "26121"),
    ("Schwarzwald Uhren Werkstatt", "sw-uhrenwerkstatt.de", "DE", "79098"),
    ("Brandenburger Ölmühle", "oelmuehle-bb.de", "DE", "14467"),
    ("Wiener Feinkost Gruber", "feinkost-gruber.at", "AT", "1070"),
    ("Salzburger Kerzen", "salzburger-kerzen.at", "AT", "5020"),
    ("Aarhus Kaffe", "aarhuskaffe.dk", "DK", None),
    ("Groningen Glas", "groningenglas.nl", "NL", None),
    ("Fränkische Gewürze", "fraenkische-gewuerze.de", "DE", "90402"),
    ("Rheinland Elektronik", "rheinland-elektronik.de", "DE", "50667"),
    ("Lüneburger Honig", "lueneburger-honig.de", "DE", "21335"),
    ("Ostsee Seifen", "ostsee-seifen.de", "DE", "18055"),
    ("Pfälzer Weinkontor", "pfaelzer-weinkontor.de", "DE", "67433"),
    ("Dresdner Spielwaren", "dresdner-spielwaren.de", "DE", "01067"),
    ("Hessen Laborbedarf", "hessen-labor.de", "DE", "35037"),
    ("Stuttgarter Präzisionsteile", "stgt-praezision.de", "DE", "70173"),
]
NK_FOREIGN = [("Bergwerk Uhren", "bergwerk-uhren.ch", "CH", "8001"), ("Kraków Ceramika", "krakowceramika.pl", "PL", "30-001"),
              ("Bruges Chocolatiers", "brugeschoc.be", "BE", "8000"), ("Lyon Savons", "lyonsavons.fr", "FR", "69002")]
NK_PRODUCTS = ["folding-boxes", "shipping-cartons", "foam-inserts", "labels"]
NK_FAIRS = ["FachPack 2026", "Internorga 2026", "Nordstil Sommer 2026"]
NK_MESSAGES = [
    "Wir suchen Faltschachteln für unsere neue Teesorte, ca. 3.000 Stück.",
    "Could you send us prices for printed shipping cartons?",
    "Haben Sie auch Kartons aus Graspapier?",
    "We need packaging for glass bottles, 0.5 l, about 2,000 a month.",
    "Bitte um Rückruf wegen Versandkartons.",
    "Vi søger emballage til kaffe, 250 g poser i æsker.",
    "Können Sie Schaumstoffeinlagen für Messgeräte zuschneiden?",
    None,
]
NK_SPAM = [
    "We offer SEO and high-quality backlinks for your website.",
    "Guest posts on 200 high-DA sites, crypto friendly.",
    "Our lead generation services can triple your B2B sales!",
    "Affordable web design services from our offshore team.",
]
NK_STAFF = ["jana.petersen", "mehmet.yilmaz", "sofie.lund"]


def nk_lead(rng, n, company, products=None, **extra):
    first, last = person(rng)
    lead = {"id": f"L{n:03d}"}
    if company:
        name, domain, country, postcode = company
    else:
        name, domain, country, postcode = None, rng.choice(["gmail.com", "gmx.de", "web.de", "t-online.de"]), "DE", None
    generic = ["info", "einkauf", "kontakt"] if country in {"DE", "AT", "CH"} else ["info", "sales", "purchasing"]
    lead["email"] = f"{rng.choice([mailbox(first, last, rng)] + generic)}@{domain}"
    lead["name"] = f"{first} {last}"
    lead["company"] = name
    prefix = {"DE": "+49", "AT": "+43", "CH": "+41", "DK": "+45", "NL": "+31", "PL": "+48", "BE": "+32", "FR": "+33"}
    lead["phone"] = rng.choice([None, f"{prefix.get(country, '+1')} {rng.randint(30, 991)} {rng.randint(100000, 9999999)}"])
    lead["country"] = country
    lead["postcode"] = postcode
    lead["products"] = products
    lead.update(extra)
    return lead


def nk_background(rng, k):
    events = []
    for _ in range(k):
        r = rng.random()
        d = rng.uniform(0, 175)
        if r < 0.5:
            events.append(ev("newsletter_signup", at(d, rng)))
        elif r < 0.8:
            events.append(ev("trade_fair_scan", at(rng.uniform(60, 175), rng), fair=rng.choice(NK_FAIRS)))
        else:
            events.append(ev("sample_order", at(rng.uniform(95, 175), rng), product=rng.choice(NK_PRODUCTS)))
    return events


def make_small_shop(rng):
    leads = []
    n = 0

    def add(lead, events, optional=("name", "phone", "company"), p=0.15):
        drop_some(rng, lead, optional, p)
        lead["events"] = sort_events(events)
        leads.append(lead)

    north = [c for c in NK_COMPANIES if c[2] == "DE" and c[3] and c[3][0] in "012345"]
    south = [c for c in NK_COMPANIES if (c[2] == "DE" and c[3] and c[3][0] in "6789") or c[2] == "AT"]
    export = [c for c in NK_COMPANIES if c[2] in {"DK", "NL"}]

    # quote: big orders for Frank
    for _ in range(4):
        n += 1
        c = rng.choice(NK_COMPANIES)
        lead = nk_lead(rng, n, c, products=[rng.choice(NK_PRODUCTS)])
        if rng.random() < 0.5:
            lead["quantity"] = rng.choice([50000, 80000, 120000])
            ev_ = [ev("quote_request", at(rng.uniform(0, 5), rng), product=lead["products"][0])]
        else:
            ev_ = [ev("quote_request", at(rng.uniform(0, 5), rng), product=lead["products"][0],
                      quantity=rng.choice([60000, 75000, 200000]))]
        add(lead, ev_ + nk_background(rng, rng.randint(0, 3)))
    n += 1
    lead = nk_lead(rng, n, rng.choice(NK_COMPANIES), products=["shipping-cartons"], budget=35000)
    add(lead, [])
    # quote: by region
    for pool, k in ((export, 5), (south, 7), (north, 8)):
        for _ in range(k):
            n += 1
            c = rng.choice(pool)
            prods = sorted(rng.sample(NK_PRODUCTS, rng.randint(1, 2)))
            lead = nk_lead(rng, n, c, products=prods)
            if rng.random() < 0.25:
                lead["budget"] = rng.choice([1500, 4500, 8000, 12000])
                ev_ = []
            else:
                q = rng.choice([None, 1000, 2500, 6000, 12000, 30000])
                e = ev("quote_request", at(rng.uniform(0, 80), rng), product=prods[0])
                if q:
                    e["quantity"] = q
                ev_ = [e]
                if rng.random() < 0.3:
                    lead["quantity"] = q
            add(lead, ev_ + nk_background(rng, rng.randint(0, 4)))
    # inquiry: foam inserts and custom designs for Ole
    for _ in range(5):
        n += 1
        c = rng.choice(NK_COMPANIES)
        lead = nk_lead(rng, n, c, products=rng.choice([["foam-inserts"], ["foam-inserts", "shipping-cartons"], None]))
        topic = "custom-design" if lead["products"] is None else rng.choice(["general", "custom-design"])
        ev_ = [ev("contact_form", at(rng.uniform(0, 60), rng), topic=topic, message=rng.choice(NK_MESSAGES))]
        add(lead, ev_ + nk_background(rng, rng.randint(0, 2)))
    # inquiry: everything else for Lea (contact forms, samples, trade-fair scans)
    for i in range(9):
        n += 1
        c = rng.choice(NK_COMPANIES + [None])
        lead = nk_lead(rng, n, c, products=rng.choice([None, ["folding-boxes"], ["labels", "shipping-cartons"]]))
        if i % 3 == 0:
            ev_ = [ev("contact_form", at(rng.uniform(0, 85), rng), topic=rng.choice(["general", "sustainability"]),
                      message=rng.choice(NK_MESSAGES))]
        elif i % 3 == 1:
            ev_ = [ev("sample_order", at(rng.uniform(0, 85), rng), product=rng.choice(["folding-boxes", "labels"]))]
        else:
            ev_ = [ev("trade_fair_scan", at(rng.uniform(0, 28), rng), fair="FachPack 2026")]
        add(lead, ev_ + nk_background(rng, rng.randint(0, 3)))
    # out of area: countries we do not serve
    for c in NK_FOREIGN:
        n += 1
        lead = nk_lead(rng, n, c, products=[rng.choice(NK_PRODUCTS)])
        if rng.random() < 0.5:
            e = ev("contact_form", at(rng.uniform(0, 40), rng), topic="general", message=rng.choice(NK_MESSAGES))
        else:
            e = ev("quote_request", at(rng.uniform(0, 40), rng), product=lead["products"][0], quantity=rng.choice([2000, 5000]))
        add(lead, [e])
    # spam through the contact form
    for msg in NK_SPAM:
        n += 1
        lead = nk_lead(rng, n, (None, rng.choice(["rankboost-media.com", "growthhackerz.io", "gmail.com", "webdevpros.in"]),
                                rng.choice(["DE", "IN", "US", "DE"]), None))
        add(lead, [ev("contact_form", at(rng.uniform(0, 60), rng), topic="other", message=msg)], optional=("phone",))
    # existing customers, with and without an account manager on record
    for i in range(5):
        n += 1
        lead = nk_lead(rng, n, rng.choice(NK_COMPANIES), existing_customer=True)
        if i < 3:
            lead["account_manager"] = rng.choice(NK_STAFF)
        add(lead, [ev("quote_request", at(rng.uniform(0, 30), rng), product=rng.choice(NK_PRODUCTS))]
            + nk_background(rng, rng.randint(0, 2)))
    # contact: newsletter sign-ups, old trade-fair scans, old samples
    for _ in range(10):
        n += 1
        lead = nk_lead(rng, n, rng.choice(NK_COMPANIES + [None, None]))
        add(lead, nk_background(rng, rng.randint(0, 5)) or [ev("newsletter_signup", at(rng.uniform(0, 170), rng))])
    # events after as_of
    for lead in rng.sample(leads, 3):
        lead["events"].append(ev("contact_form", at(-rng.uniform(0.5, 3), rng), topic="general", message=None))
    # Drop null "products"/"postcode" sometimes so both spellings of missing appear.
    for lead in leads:
        for key in ("products", "postcode", "message"):
            if lead.get(key, 0) is None and rng.random() < 0.5:
                del lead[key]
    return leads


def main():
    rng = random.Random(20261123)
    write("b2b-saas-leads.jsonl", make_b2b(rng), rng)
    write("points-classic-leads.jsonl", make_classic(rng), rng)
    write("small-shop-leads.jsonl", make_small_shop(rng), rng)


if __name__ == "__main__":
    main()
