#!/usr/bin/env python3
"""bench/bench.baton written as plain Python 3: what a data analyst would write.

    python3 bench/peers/python/score.py [LEADS.jsonl] > decisions.jsonl

Reads JSON Lines leads (bench/gen_leads.py --sla bench), scores them as of
2026-11-23T00:00:00Z and prints one line per lead:
{"id":..,"stage":..,"route":..,"deadline":..,"scores":{"fit":..,"engagement":..,"intent":..,"persona":..}}

Standard library (json, re, datetime) plus python3-xxhash (Debian) for
one_of()'s XXH3. Input records are assumed valid (baton type-checks them).
"""
import json
import re
import sys
from datetime import datetime, timedelta, timezone

import xxhash

AS_OF_DT = datetime(2026, 11, 23, tzinfo=timezone.utc)
AS_OF = int(AS_OF_DT.timestamp())
DAY = 86400

TARGET_INDUSTRIES = {"software", "fintech", "ecommerce", "logistics", "healthcare", "media"}
ADJACENT_INDUSTRIES = {"retail", "insurance", "manufacturing", "travel"}
CORE_COUNTRIES = {"US", "CA", "GB", "IE", "DE", "AT", "CH", "NL", "FR", "SE", "DK"}
EMEA = {"GB", "IE", "DE", "AT", "CH", "NL", "BE", "LU", "FR", "ES", "IT", "PT", "SE", "DK", "NO", "FI", "PL", "CZ"}
APAC = {"IN", "JP", "SG", "AU", "NZ", "KR"}
LATAM = {"BR", "MX", "AR", "CL", "CO"}
DACH = {"DE", "AT", "CH"}
SANCTIONED = {"RU", "BY", "IR", "KP"}
COMPETITOR_DOMAINS = ("pipewright.io", "datacurrent.com", "streamvane.io", "flowbeacon.com")
PAID_SOURCES = {"paid_search", "paid_social"}
STRONG_INTERESTS = {"cdc", "streaming", "reverse-etl", "governance"}
SALES_FORMS = {"contact", "pricing-quote"}
NEEDS = {"evaluating", "replacing", "new_project"}
# baton's built-in is_free_mail() list (docs/stdlib.md)
FREE_MAIL = set("""126.com 163.com aim.com aol.com att.net bigpond.com bol.com.br btinternet.com comcast.net
email.com fastmail.com free.fr freenet.de gmail.com gmx.at gmx.ch gmx.com gmx.de gmx.fr gmx.net googlemail.com
hey.com hotmail.co.uk hotmail.com hotmail.com.br hotmail.de hotmail.es hotmail.fr hotmail.it hushmail.com
icloud.com inbox.ru interia.pl laposte.net libero.it list.ru live.co.uk live.com live.de live.fr live.nl mac.com
mail.com mail.ru mailbox.org me.com msn.com naver.com o2.pl onet.pl orange.fr outlook.com outlook.de outlook.es
outlook.fr pm.me posteo.de proton.me protonmail.com qq.com rambler.ru rediffmail.com rocketmail.com sbcglobal.net
seznam.cz sfr.fr t-online.de tutanota.com uol.com.br verizon.net virgilio.it wanadoo.fr web.de wp.pl yahoo.co.in
yahoo.co.jp yahoo.co.uk yahoo.com yahoo.com.br yahoo.de yahoo.fr yandex.ru""".split())

ENTERPRISE_AES = ["ae:grace.holm", "ae:victor.adeyemi"]
EMEA_AES = ["ae:jonas.weber", "ae:lucia.ferreira", "ae:claire.dumont"]
INBOUND_AES = ["ae:amara.okafor", "ae:tom.nguyen", "ae:sara.kim", "ae:raj.mehta"]
SDRS = ["sdr:ines.duarte", "sdr:kofi.mensah", "sdr:hanna.lindqvist", "sdr:pablo.ruiz"]


def title_regex(pattern):
    # baton's regexes are RE2, whose \b knows only ASCII word characters;
    # Python's \b is Unicode-aware, so spell the ASCII boundary out.
    pattern = pattern.replace(r"\b(", r"(?<![0-9A-Za-z_])(").replace(r")\b", r")(?![0-9A-Za-z_])")
    return re.compile(pattern, re.IGNORECASE)


EXEC = title_regex(r"\b(chief|ceo|cto|cio|cfo|coo|cro|cmo|founder|co-founder|owner|president|managing director)\b"
                   r"|geschäftsführer|directeur général|generaldirektor|генеральный директор")
SENIOR = title_regex(r"\b(vp|svp|evp|vice president|head|director|directeur|direktor|leiter|leiterin)\b"
                     r"|директор|руководитель")
PRACTITIONER = title_regex(r"\b(manager|lead|architect|principal|staff|senior|engineer|analyst|developer|consultant)\b"
                           r"|ingénieur|entwickler|менеджер|инженер")
DATA = title_regex(r"\b(data|analytics|bi|platform|etl|warehouse)\b|données|daten|данных")
STUDENT = title_regex(r"\b(student|studentin|intern|trainee|werkstudent|werkstudentin|praktikant|praktikantin"
                      r"|apprentice|phd candidate)\b|étudiant|студент")
JOB_SEEKER = title_regex(r"\b(job seeker|seeking|looking for|open to work|unemployed|between jobs|recruiter"
                         r"|talent acquisition|headhunter)\b|arbeitssuchend|в поиске работы")


def parse_time(s):
    return int(datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp())


def deadline(hours):
    return (AS_OF_DT + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")


def one_of(owners, key):
    return owners[xxhash.xxh3_64_intdigest(key.encode("utf-8")) % len(owners)]


def is_free_mail(email):
    domain = email[email.rfind("@") + 1:].rstrip(".").lower()
    return domain != "" and domain in FREE_MAIL


def per(events, points, cap=None, where=None, within=None, half_life=None):
    """A `per` rule: points for each (age, event) that passes, decayed, capped."""
    total = 0.0
    for age, e in events:
        if within is not None and age > within:
            continue
        if where is not None and not where(e):
            continue
        total += 2.0 ** (-(age / DAY) / half_life) if half_life else 1.0
    value = points * total
    if cap is not None and abs(value) > cap:
        value = cap if value > 0 else -cap
    return value


def score(lead):
    email = lead["email"]
    at = email.rfind("@")
    domain = email[at + 1:].lower() if 0 <= at < len(email) - 1 else None
    free_mail = is_free_mail(email)
    # domain_root(domain) in competitor_domains, for these four registrable domains
    competitor = domain is not None and any(domain == c or domain.endswith("." + c) for c in COMPETITOR_DOMAINS)
    university = domain is not None and (domain.endswith(".edu") or domain.startswith("uni-") or "student" in domain)

    title = lead.get("job_title")
    is_exec = title is not None and EXEC.search(title) is not None
    senior_match = title is not None and SENIOR.search(title) is not None
    is_senior = senior_match and not is_exec
    is_practitioner = title is not None and PRACTITIONER.search(title) is not None and not is_exec and not senior_match
    data_role = title is not None and DATA.search(title) is not None

    # events by type, with their age in seconds; events after as_of are ignored
    events = {}
    for e in lead.get("events") or ():
        age = AS_OF - parse_time(e["at"])
        if age >= 0:
            events.setdefault(e["type"], []).append((age, e))
    page_views = events.get("page_view", [])

    def in_window(kind, days):
        return [(age, e) for age, e in events.get(kind, []) if age <= days * DAY]

    careers_60 = sum(1 for age, e in page_views if age <= 60 * DAY and e["url"].startswith("/careers"))
    pricing_60 = sum(1 for age, e in page_views if age <= 60 * DAY and e["url"].startswith("/pricing"))
    student = (title is not None and STUDENT.search(title) is not None) or (university and not is_exec and not is_senior)
    job_seeker = (title is not None and JOB_SEEKER.search(title) is not None) or (careers_60 >= 3 and pricing_60 == 0)
    pv_30 = in_window("page_view", 30)
    docs_pages_30d = len({e["url"] for _, e in pv_30 if e["url"].startswith("/docs")})
    days = sorted({(AS_OF - age) // DAY for age, _ in pv_30})
    active_days = run = 0
    for i, d in enumerate(days):
        run = run + 1 if i > 0 and d == days[i - 1] + 1 else 1
        active_days = max(active_days, run)
    last_seen = min(age for age, _ in page_views) / DAY if page_views else None

    size = lead.get("company_size")
    industry = lead.get("industry")
    country = lead.get("country")
    revenue = lead.get("annual_revenue")
    interests = lead.get("interests")

    fit = 0
    if size is not None:
        if size < 10: fit -= 10
        if 10 <= size <= 49: fit += 3
        if 50 <= size <= 199: fit += 8
        if 200 <= size <= 1999: fit += 15
        if size >= 2000: fit += 20
    if revenue is not None and revenue >= 50_000_000: fit += 5
    if is_exec: fit += 20
    if is_senior: fit += 15
    if is_practitioner: fit += 8
    if data_role: fit += 5
    if industry in TARGET_INDUSTRIES: fit += 10
    if industry in ADJACENT_INDUSTRIES: fit += 4
    if country in CORE_COUNTRIES: fit += 5
    if country in SANCTIONED: fit -= 20
    if interests and not STRONG_INTERESTS.isdisjoint(interests): fit += 3
    if free_mail: fit -= 30
    if competitor: fit -= 100
    if student: fit -= 60
    if job_seeker: fit -= 60
    if title is None: fit -= 5
    fit = min(fit, 70)

    # engagement: window 90d, half-life 30d
    w = {k: in_window(k, 90) for k in ("page_view", "content_download", "webinar", "email_click", "email_open",
                                       "form_submit", "trial_signup", "demo_request", "meeting_booked",
                                       "email_unsubscribe")}
    hl = 30
    engagement = (
        per(w["page_view"], 10, 30, lambda e: e["url"].startswith("/pricing"), half_life=hl)
        + per(w["page_view"], 3, 12, lambda e: e["url"].startswith("/docs"), half_life=hl)
        + per(w["page_view"], 2, 6, lambda e: e["url"].startswith("/integrations"), half_life=hl)
        + per(w["page_view"], 1, 10, lambda e: not e["url"].startswith(("/pricing", "/docs", "/careers")), half_life=hl)
        + per(w["page_view"], -5, 15, lambda e: e["url"].startswith("/careers"), half_life=hl)
        + per(w["content_download"], 12, 24, lambda e: e["kind"] == "case-study", half_life=hl)
        + per(w["content_download"], 5, 10, lambda e: e["kind"] == "whitepaper", half_life=hl)
        + per(w["content_download"], 3, 9, lambda e: e["kind"] not in ("case-study", "whitepaper"), half_life=hl)
        + per(w["webinar"], 15, 30, lambda e: e["attended"], half_life=hl)
        + per(w["webinar"], 3, 6, lambda e: not e["attended"], half_life=hl)
        + per(w["email_click"], 3, 15, half_life=hl)
        + per(w["email_open"], 0.5, 5, half_life=hl)
        + per(w["form_submit"], 20, 20, lambda e: e["form"] in SALES_FORMS, half_life=hl)
        + per(w["form_submit"], 4, 8, lambda e: e["form"] not in SALES_FORMS, half_life=hl)
        + per(w["trial_signup"], 25, 25, half_life=hl)
        + per(w["demo_request"], 30, 30, half_life=hl)
        + per(w["meeting_booked"], 20, 20, half_life=hl)
        + per(w["email_unsubscribe"], -15, 15, half_life=hl)
    )
    engagement = max(min(engagement, 100), 0)

    # intent: window 30d, no decay
    intent = (
        per(pv_30, 8, 24, lambda e: e["url"].startswith("/pricing"), within=14 * DAY)
        + per(in_window("trial_signup", 30), 10, where=lambda e: e["plan"] != "free")
        + per(in_window("demo_request", 30), 15, within=14 * DAY)
        + per(in_window("meeting_booked", 30), 15)
    )
    if docs_pages_30d >= 4: intent += 5
    if active_days >= 3: intent += 5
    intent = min(intent, 50)

    source = lead.get("lead_source")
    persona = 0
    if (is_exec or is_senior) and data_role: persona += 10
    if size is not None and 200 <= size <= 5000: persona += 8
    if industry in TARGET_INDUSTRIES: persona += 6
    if source in ("partner", "referral"): persona += 6
    if source in PAID_SOURCES and not (is_exec or is_senior): persona -= 4
    persona = min(persona, 30)

    total = fit + engagement
    budget = lead.get("budget")
    timeline = lead.get("timeline_days")
    bant = ((budget is not None and budget >= 10000) + (lead.get("authority") is True or is_exec)
            + (lead.get("need") in NEEDS) + (timeline is not None and timeline <= 90))
    asked_for_sales = bool(in_window("demo_request", 30) or in_window("meeting_booked", 30)
                           or any(e["form"] in SALES_FORMS for _, e in in_window("form_submit", 30)))
    trial_30d = bool(in_window("trial_signup", 30))
    dormant = (last_seen if last_seen is not None else 999) > 60 and not in_window("email_click", 60)
    returned_at = lead.get("returned_at")

    if lead.get("is_customer"):
        stage = "customer"
    elif competitor or student or job_seeker or country in SANCTIONED:
        stage = "disqualified"
    elif lead.get("sales_accepted") or asked_for_sales or (total >= 75 and bant >= 3) or (intent >= 40 and fit >= 30):
        stage = "sql"
    elif returned_at is not None and (AS_OF - parse_time(returned_at)) / DAY <= 180:
        stage = "recycled"
    elif trial_30d and fit >= 10 and engagement >= 20:
        stage = "pql"
    elif (fit >= 25 and engagement >= 15 and total >= 60) or (persona >= 20 and engagement >= 25):
        stage = "mql"
    elif fit >= 10 and not dormant:
        stage = "nurture"
    elif dormant:
        stage = "dormant_lead"
    else:
        stage = "lead"

    route, hours = None, None
    if stage == "customer":
        route, hours = "team:account-management", 48
    elif stage == "sql":
        if size is not None and size >= 2000:
            route, hours = one_of(ENTERPRISE_AES, email), 4
        elif size is not None and size >= 200 and country in EMEA:
            route, hours = one_of(EMEA_AES, email), 8
        elif country in APAC:
            route, hours = "team:commercial-apac", 12
        elif country in LATAM:
            route, hours = "team:commercial-latam", 12
        else:
            route, hours = one_of(INBOUND_AES, email), 24
    elif stage == "pql":
        route, hours = ("sdr:dach-plg", 24) if country in DACH else ("team:product-led-growth", 48)
    elif stage == "mql":
        route, hours = ("sdr:enterprise-desk", 24) if size is not None and size >= 2000 else (one_of(SDRS, email), 48)
    elif stage == "recycled":
        route = "nurture:recycled"
    elif stage == "nurture":
        route = "nurture:trial-onboarding" if trial_30d else "nurture:mid-funnel"
    elif stage == "dormant_lead":
        route = "nurture:re-engagement"

    return {"id": lead.get("id"), "stage": stage, "route": route,
            "deadline": deadline(hours) if hours is not None else None,
            "scores": {"fit": fit, "engagement": engagement, "intent": intent, "persona": persona}}


def main():
    src = open(sys.argv[1], encoding="utf-8") if len(sys.argv) > 1 and sys.argv[1] != "-" else sys.stdin
    out = sys.stdout
    dumps = json.dumps
    for line in src:
        if line.strip():
            out.write(dumps(score(json.loads(line)), ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
