// bench/bench.baton hand-written in C++: the ceiling for `baton score`.
//
//   ceiling [LEADS.jsonl]      (standard input when no file or "-")
//
// Prints, per lead, {"id","stage","route","deadline","scores":{...}} as of
// 2026-11-23T00:00:00Z. Everything the SLA says is hard-coded: simdjson
// On-Demand over the whole input (iterate_many), one pass over each lead's
// events accumulating exactly the sums, counts and flags the rules need (no
// event is stored), constant sets as switch/bitset tests, the six title
// regexes through RE2 with a cache keyed by the title (titles repeat), and
// one output buffer. No heap allocation per lead once warm. Input records are
// assumed valid (baton type-checks them).
#include <re2/re2.h>
#include <simdjson.h>
#include <xxhash.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>

using std::string_view;

namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kAsOf = 1795392000;  // 2026-11-23T00:00:00Z

// --- small helpers ---------------------------------------------------------

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

inline unsigned d2(const char* p) { return static_cast<unsigned>(p[0] - '0') * 10 + static_cast<unsigned>(p[1] - '0'); }

// RFC 3339: "YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)"; seconds resolution.
std::int64_t parse_time(string_view s) {
  if (s.size() < 20) return 0;
  const char* p = s.data();
  std::int64_t y = d2(p) * 100 + d2(p + 2);
  std::int64_t t = days_from_civil(y, d2(p + 5), d2(p + 8)) * kDay + d2(p + 11) * 3600 + d2(p + 14) * 60 + d2(p + 17);
  std::size_t i = 19;
  if (i < s.size() && s[i] == '.')
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9';) ++i;
  if (i + 6 <= s.size() && (s[i] == '+' || s[i] == '-')) {
    std::int64_t off = d2(p + i + 1) * 3600 + d2(p + i + 4) * 60;
    t += s[i] == '+' ? -off : off;
  }
  return t;
}

inline bool starts(string_view s, string_view p) { return s.size() >= p.size() && std::memcmp(s.data(), p.data(), p.size()) == 0; }
inline bool ends(string_view s, string_view p) {
  return s.size() >= p.size() && std::memcmp(s.data() + s.size() - p.size(), p.data(), p.size()) == 0;
}

// Two-letter country codes as bits of a 26x26 bitset.
struct CountrySet {
  std::uint64_t bits[11] = {};
  CountrySet(std::initializer_list<const char*> codes) {
    for (const char* c : codes) set(idx(c[0], c[1]));
  }
  static int idx(char a, char b) { return (a - 'A') * 26 + (b - 'A'); }
  void set(int i) { bits[i >> 6] |= 1ull << (i & 63); }
  bool has(string_view c) const {
    if (c.size() != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z') return false;
    int i = idx(c[0], c[1]);
    return bits[i >> 6] >> (i & 63) & 1;
  }
};
const CountrySet kCore{"US", "CA", "GB", "IE", "DE", "AT", "CH", "NL", "FR", "SE", "DK"};
const CountrySet kEmea{"GB", "IE", "DE", "AT", "CH", "NL", "BE", "LU", "FR", "ES", "IT", "PT", "SE", "DK", "NO", "FI", "PL", "CZ"};
const CountrySet kApac{"IN", "JP", "SG", "AU", "NZ", "KR"};
const CountrySet kLatam{"BR", "MX", "AR", "CL", "CO"};
const CountrySet kDach{"DE", "AT", "CH"};
const CountrySet kSanctioned{"RU", "BY", "IR", "KP"};

template <std::size_t N>
bool in(string_view s, const string_view (&set)[N]) {
  for (string_view x : set)
    if (s == x) return true;
  return false;
}
constexpr string_view kTargetIndustries[] = {"software", "fintech", "ecommerce", "logistics", "healthcare", "media"};
constexpr string_view kAdjacentIndustries[] = {"retail", "insurance", "manufacturing", "travel"};
constexpr string_view kCompetitors[] = {"pipewright.io", "datacurrent.com", "streamvane.io", "flowbeacon.com"};
constexpr string_view kStrongInterests[] = {"cdc", "streaming", "reverse-etl", "governance"};
constexpr string_view kNeeds[] = {"evaluating", "replacing", "new_project"};
// baton's built-in is_free_mail() list (docs/stdlib.md), sorted.
constexpr string_view kFreeMail[] = {
    "126.com", "163.com", "aim.com", "aol.com", "att.net", "bigpond.com", "bol.com.br", "btinternet.com",
    "comcast.net", "email.com", "fastmail.com", "free.fr", "freenet.de", "gmail.com", "gmx.at", "gmx.ch",
    "gmx.com", "gmx.de", "gmx.fr", "gmx.net", "googlemail.com", "hey.com", "hotmail.co.uk", "hotmail.com",
    "hotmail.com.br", "hotmail.de", "hotmail.es", "hotmail.fr", "hotmail.it", "hushmail.com", "icloud.com",
    "inbox.ru", "interia.pl", "laposte.net", "libero.it", "list.ru", "live.co.uk", "live.com", "live.de",
    "live.fr", "live.nl", "mac.com", "mail.com", "mail.ru", "mailbox.org", "me.com", "msn.com", "naver.com",
    "o2.pl", "onet.pl", "orange.fr", "outlook.com", "outlook.de", "outlook.es", "outlook.fr", "pm.me",
    "posteo.de", "proton.me", "protonmail.com", "qq.com", "rambler.ru", "rediffmail.com", "rocketmail.com",
    "sbcglobal.net", "seznam.cz", "sfr.fr", "t-online.de", "tutanota.com", "uol.com.br", "verizon.net",
    "virgilio.it", "wanadoo.fr", "web.de", "wp.pl", "yahoo.co.in", "yahoo.co.jp", "yahoo.co.uk", "yahoo.com",
    "yahoo.com.br", "yahoo.de", "yahoo.fr", "yandex.ru"};

bool free_mail_domain(string_view d) {
  std::size_t lo = 0, hi = std::size(kFreeMail);
  while (lo < hi) {
    std::size_t mid = (lo + hi) / 2;
    if (kFreeMail[mid] < d) lo = mid + 1; else hi = mid;
  }
  return lo < std::size(kFreeMail) && kFreeMail[lo] == d;
}

constexpr const char* kEnterpriseAes[] = {"ae:grace.holm", "ae:victor.adeyemi"};
constexpr const char* kEmeaAes[] = {"ae:jonas.weber", "ae:lucia.ferreira", "ae:claire.dumont"};
constexpr const char* kInboundAes[] = {"ae:amara.okafor", "ae:tom.nguyen", "ae:sara.kim", "ae:raj.mehta"};
constexpr const char* kSdrs[] = {"sdr:ines.duarte", "sdr:kofi.mensah", "sdr:hanna.lindqvist", "sdr:pablo.ruiz"};

template <std::size_t N>
const char* one_of(const char* const (&owners)[N], string_view key) {
  return owners[XXH3_64bits(key.data(), key.size()) % N];
}

// --- titles ------------------------------------------------------------------

constexpr unsigned kExec = 1, kSenior = 2, kPract = 4, kData = 8, kStudent = 16, kSeeker = 32;

struct TitleMatcher {
  RE2 exec, senior, pract, data, student, seeker;
  static RE2::Options options() {
    RE2::Options o;
    o.set_case_sensitive(false);
    o.set_log_errors(false);
    return o;
  }
  TitleMatcher()
      : exec(R"(\b(chief|ceo|cto|cio|cfo|coo|cro|cmo|founder|co-founder|owner|president|managing director)\b|geschäftsführer|directeur général|generaldirektor|генеральный директор)", options()),
        senior(R"(\b(vp|svp|evp|vice president|head|director|directeur|direktor|leiter|leiterin)\b|директор|руководитель)", options()),
        pract(R"(\b(manager|lead|architect|principal|staff|senior|engineer|analyst|developer|consultant)\b|ingénieur|entwickler|менеджер|инженер)", options()),
        data(R"(\b(data|analytics|bi|platform|etl|warehouse)\b|données|daten|данных)", options()),
        student(R"(\b(student|studentin|intern|trainee|werkstudent|werkstudentin|praktikant|praktikantin|apprentice|phd candidate)\b|étudiant|студент)", options()),
        seeker(R"(\b(job seeker|seeking|looking for|open to work|unemployed|between jobs|recruiter|talent acquisition|headhunter)\b|arbeitssuchend|в поиске работы)", options()) {}

  struct Hash {
    using is_transparent = void;
    std::size_t operator()(string_view s) const { return XXH3_64bits(s.data(), s.size()); }
  };
  std::unordered_map<std::string, unsigned, Hash, std::equal_to<>> cache;

  unsigned match(string_view t) {
    auto it = cache.find(t);
    if (it != cache.end()) return it->second;
    re2::StringPiece s(t.data(), t.size());
    unsigned m = (RE2::PartialMatch(s, exec) ? kExec : 0) | (RE2::PartialMatch(s, senior) ? kSenior : 0) |
                 (RE2::PartialMatch(s, pract) ? kPract : 0) | (RE2::PartialMatch(s, data) ? kData : 0) |
                 (RE2::PartialMatch(s, student) ? kStudent : 0) | (RE2::PartialMatch(s, seeker) ? kSeeker : 0);
    if (cache.size() > 100000) cache.clear();
    cache.emplace(std::string(t), m);
    return m;
  }
};

// --- output ------------------------------------------------------------------

struct Out {
  std::string buf;
  Out() { buf.reserve(1 << 20); }
  void flush() {
    std::fwrite(buf.data(), 1, buf.size(), stdout);
    buf.clear();
  }
  void raw(string_view s) { buf.append(s); }
  void str(string_view s) {
    buf.push_back('"');
    for (char c : s) {
      if (c == '"' || c == '\\') { buf.push_back('\\'); buf.push_back(c); }
      else if (static_cast<unsigned char>(c) < 0x20) {
        char tmp[8];
        std::snprintf(tmp, sizeof tmp, "\\u%04x", static_cast<unsigned>(c));
        buf.append(tmp);
      } else buf.push_back(c);
    }
    buf.push_back('"');
  }
  void num(double v) {
    char tmp[32];
    auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
    buf.append(tmp, r.ptr);
  }
  void num(std::int64_t v) {
    char tmp[24];
    auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
    buf.append(tmp, r.ptr);
  }
};

// --- one lead ----------------------------------------------------------------

inline double capped(double points, double decayed_sum, double cap) {
  double v = points * decayed_sum;
  return std::fabs(v) > cap ? std::copysign(cap, v) : v;
}

struct Lead {
  string_view id, email, title, industry, country, need, lead_source;
  bool has_title = false, has_industry = false, has_country = false, has_need = false, has_source = false;
  bool has_size = false, has_budget = false, has_timeline = false, has_revenue = false, has_returned = false;
  std::int64_t size = 0, timeline = 0, returned_at = 0;
  double budget = 0, revenue = 0;
  bool authority = false, is_customer = false, sales_accepted = false, strong_interest = false;

  // event accumulators (ages in seconds; decayed sums for the engagement window)
  double e_pricing = 0, e_docs = 0, e_integ = 0, e_other = 0, e_careers = 0, e_case = 0, e_white = 0, e_dl_other = 0,
         e_web_att = 0, e_web_not = 0, e_click = 0, e_open = 0, e_form_sales = 0, e_form_other = 0, e_trial = 0,
         e_demo = 0, e_meeting = 0, e_unsub = 0;
  int pricing_14 = 0, pricing_60 = 0, careers_60 = 0, paid_trial_30 = 0, demo_14 = 0, meeting_30 = 0;
  bool demo_30 = false, sales_form_30 = false, trial_30 = false, click_60 = false;
  std::int64_t last_pv_age = -1;
  std::uint64_t pv_days = 0;  // bit k: a page view on day (as_of day - k) within 30d
  string_view docs_urls[4];
  int n_docs = 0;
};

const double kDecayDay = 1.0 / kDay;

void add_event(Lead& L, string_view type, std::int64_t at, string_view url, string_view kind, bool attended,
               string_view form, string_view plan) {
  std::int64_t age = kAsOf - at;
  if (age < 0) return;
  const bool w90 = age <= 90 * kDay, w60 = age <= 60 * kDay, w30 = age <= 30 * kDay, w14 = age <= 14 * kDay;
  const double d = w90 ? std::exp2(-(static_cast<double>(age) * kDecayDay) / 30.0) : 0.0;
  switch (type.size()) {
    case 9:  // page_view
      if (type == "page_view") {
        if (L.last_pv_age < 0 || age < L.last_pv_age) L.last_pv_age = age;
        if (w30) L.pv_days |= 1ull << (kAsOf / kDay - at / kDay);
        if (starts(url, "/pricing")) {
          L.e_pricing += d;
          L.pricing_14 += w14;
          L.pricing_60 += w60;
        } else if (starts(url, "/docs")) {
          L.e_docs += d;
          if (w30 && L.n_docs < 4) {
            bool seen = false;
            for (int i = 0; i < L.n_docs; ++i) seen |= L.docs_urls[i] == url;
            if (!seen) L.docs_urls[L.n_docs++] = url;
          }
        } else if (starts(url, "/careers")) {
          L.e_careers += d;
          L.careers_60 += w60;
        } else {
          L.e_other += d;
        }
        if (starts(url, "/integrations")) L.e_integ += d;
      }
      return;
    case 16:  // content_download
      if (type == "content_download") {
        if (kind == "case-study") L.e_case += d;
        else if (kind == "whitepaper") L.e_white += d;
        else L.e_dl_other += d;
      }
      return;
    case 7:  // webinar
      if (type == "webinar") (attended ? L.e_web_att : L.e_web_not) += d;
      return;
    case 11:  // email_click, form_submit
      if (type == "email_click") {
        L.e_click += d;
        L.click_60 |= w60;
      } else if (type == "form_submit") {
        bool sales = form == "contact" || form == "pricing-quote";
        (sales ? L.e_form_sales : L.e_form_other) += d;
        L.sales_form_30 |= sales && w30;
      }
      return;
    case 10:  // email_open
      if (type == "email_open") L.e_open += d;
      return;
    case 17:  // email_unsubscribe
      if (type == "email_unsubscribe") L.e_unsub += d;
      return;
    case 12:  // trial_signup, demo_request
      if (type == "trial_signup") {
        L.e_trial += d;
        L.trial_30 |= w30;
        L.paid_trial_30 += w30 && plan != "free";
      } else if (type == "demo_request") {
        L.e_demo += d;
        L.demo_30 |= w30;
        L.demo_14 += w14;
      }
      return;
    case 14:  // meeting_booked
      if (type == "meeting_booked") {
        L.e_meeting += d;
        L.meeting_30 += w30;
      }
      return;
    default: return;
  }
}

struct Scorer {
  TitleMatcher titles;
  Out out;
  char deadline_4h[21], deadline_8h[21], deadline_12h[21], deadline_1d[21], deadline_2d[21];

  Scorer() {
    std::snprintf(deadline_4h, sizeof deadline_4h, "2026-11-23T04:00:00Z");
    std::snprintf(deadline_8h, sizeof deadline_8h, "2026-11-23T08:00:00Z");
    std::snprintf(deadline_12h, sizeof deadline_12h, "2026-11-23T12:00:00Z");
    std::snprintf(deadline_1d, sizeof deadline_1d, "2026-11-24T00:00:00Z");
    std::snprintf(deadline_2d, sizeof deadline_2d, "2026-11-25T00:00:00Z");
  }

  static bool str_or_null(simdjson::ondemand::value v, string_view& s) {
    if (v.is_null()) return false;
    s = v.get_string();
    return true;
  }

  void read(simdjson::ondemand::document_reference doc, Lead& L) {
    for (auto field : doc.get_object()) {
      string_view k = field.unescaped_key();
      simdjson::ondemand::value v = field.value();
      switch (k.size()) {
        case 2: if (k == "id") L.id = v.get_string(); break;
        case 4: if (k == "need") L.has_need = str_or_null(v, L.need); break;
        case 5: if (k == "email") L.email = v.get_string(); break;
        case 6:
          if (k == "events") {
            for (auto ev : v.get_array()) {
              string_view type, at, url, kind, form, plan;
              bool attended = false;
              for (auto ef : ev.get_object()) {
                string_view ek = ef.unescaped_key();
                simdjson::ondemand::value x = ef.value();
                if (ek == "type") type = x.get_string();
                else if (ek == "at") at = x.get_string();
                else if (ek == "url") url = x.get_string();
                else if (ek == "kind") kind = x.get_string();
                else if (ek == "attended") attended = x.get_bool();
                else if (ek == "form") form = x.get_string();
                else if (ek == "plan") plan = x.get_string();
              }
              add_event(L, type, parse_time(at), url, kind, attended, form, plan);
            }
          } else if (k == "budget") {
            if (!v.is_null()) { L.budget = v.get_double(); L.has_budget = true; }
          }
          break;
        case 7: if (k == "country") L.has_country = str_or_null(v, L.country); break;
        case 8: if (k == "industry") L.has_industry = str_or_null(v, L.industry); break;
        case 9:
          if (k == "job_title") L.has_title = str_or_null(v, L.title);
          else if (k == "authority") L.authority = !v.is_null() && v.get_bool();
          else if (k == "interests") {
            if (!v.is_null())
              for (auto x : v.get_array()) L.strong_interest |= in(string_view(x.get_string()), kStrongInterests);
          }
          break;
        case 11:
          if (k == "is_customer") L.is_customer = !v.is_null() && v.get_bool();
          else if (k == "lead_source") L.has_source = str_or_null(v, L.lead_source);
          else if (k == "returned_at") {
            string_view s;
            if ((L.has_returned = str_or_null(v, s))) L.returned_at = parse_time(s);
          }
          break;
        case 12:
          if (k == "company_size" && !v.is_null()) { L.size = v.get_int64(); L.has_size = true; }
          break;
        case 13:
          if (k == "timeline_days" && !v.is_null()) { L.timeline = v.get_int64(); L.has_timeline = true; }
          break;
        case 14:
          if (k == "sales_accepted") L.sales_accepted = !v.is_null() && v.get_bool();
          else if (k == "annual_revenue" && !v.is_null()) { L.revenue = v.get_double(); L.has_revenue = true; }
          break;
        default: break;
      }
    }
  }

  void score(const Lead& L) {
    // domain = lower(email_domain(email)); is_free_mail; domain_root(domain) in competitors
    char dom_buf[256];
    string_view domain;
    bool has_domain = false;
    std::size_t at = L.email.rfind('@');
    if (at != string_view::npos && at + 1 < L.email.size() && L.email.size() - at - 1 <= sizeof dom_buf) {
      std::size_t n = L.email.size() - at - 1;
      for (std::size_t i = 0; i < n; ++i) {
        char c = L.email[at + 1 + i];
        dom_buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
      }
      domain = string_view(dom_buf, n);
      has_domain = true;
    }
    string_view fm = domain;
    while (!fm.empty() && fm.back() == '.') fm.remove_suffix(1);
    const bool free_mail = has_domain && !fm.empty() && free_mail_domain(fm);
    bool competitor = false;
    if (has_domain)
      for (string_view c : kCompetitors)
        competitor |= domain == c || (domain.size() > c.size() && ends(domain, c) && domain[domain.size() - c.size() - 1] == '.');
    const bool university = has_domain && (ends(domain, ".edu") || starts(domain, "uni-") || domain.find("student") != string_view::npos);

    const unsigned t = L.has_title ? titles.match(L.title) : 0;
    const bool is_exec = t & kExec, senior_m = t & kSenior, is_senior = senior_m && !is_exec;
    const bool is_pract = (t & kPract) && !is_exec && !senior_m, data_role = t & kData;
    const bool student = (t & kStudent) || (university && !is_exec && !is_senior);
    const bool job_seeker = (t & kSeeker) || (L.careers_60 >= 3 && L.pricing_60 == 0);
    const int docs_pages_30d = L.n_docs;
    int active_days = 0;
    for (std::uint64_t b = L.pv_days; b; ++active_days) b &= b << 1;  // longest run of set bits

    const bool ind_target = L.has_industry && in(L.industry, kTargetIndustries);
    const bool ind_adj = L.has_industry && in(L.industry, kAdjacentIndustries);
    const bool has_c = L.has_country;
    const std::int64_t sz = L.size;
    const bool hs = L.has_size;

    double fit = 0;
    if (hs) {
      if (sz < 10) fit -= 10;
      if (sz >= 10 && sz <= 49) fit += 3;
      if (sz >= 50 && sz <= 199) fit += 8;
      if (sz >= 200 && sz <= 1999) fit += 15;
      if (sz >= 2000) fit += 20;
    }
    if (L.has_revenue && L.revenue >= 50000000) fit += 5;
    if (is_exec) fit += 20;
    if (is_senior) fit += 15;
    if (is_pract) fit += 8;
    if (data_role) fit += 5;
    if (ind_target) fit += 10;
    if (ind_adj) fit += 4;
    if (has_c && kCore.has(L.country)) fit += 5;
    if (has_c && kSanctioned.has(L.country)) fit -= 20;
    if (L.strong_interest) fit += 3;
    if (free_mail) fit -= 30;
    if (competitor) fit -= 100;
    if (student) fit -= 60;
    if (job_seeker) fit -= 60;
    if (!L.has_title) fit -= 5;
    fit = std::min(fit, 70.0);

    double eng = capped(10, L.e_pricing, 30) + capped(3, L.e_docs, 12) + capped(2, L.e_integ, 6) +
                 capped(1, L.e_other, 10) + capped(-5, L.e_careers, 15) + capped(12, L.e_case, 24) +
                 capped(5, L.e_white, 10) + capped(3, L.e_dl_other, 9) + capped(15, L.e_web_att, 30) +
                 capped(3, L.e_web_not, 6) + capped(3, L.e_click, 15) + capped(0.5, L.e_open, 5) +
                 capped(20, L.e_form_sales, 20) + capped(4, L.e_form_other, 8) + capped(25, L.e_trial, 25) +
                 capped(30, L.e_demo, 30) + capped(20, L.e_meeting, 20) + capped(-15, L.e_unsub, 15);
    eng = std::max(std::min(eng, 100.0), 0.0);

    double intent = std::min(8.0 * L.pricing_14, 24.0) + 10.0 * L.paid_trial_30 + 15.0 * L.demo_14 + 15.0 * L.meeting_30;
    if (docs_pages_30d >= 4) intent += 5;
    if (active_days >= 3) intent += 5;
    intent = std::min(intent, 50.0);

    const bool partner = L.has_source && (L.lead_source == "partner" || L.lead_source == "referral");
    const bool paid = L.has_source && (L.lead_source == "paid_search" || L.lead_source == "paid_social");
    double persona = 0;
    if ((is_exec || is_senior) && data_role) persona += 10;
    if (hs && sz >= 200 && sz <= 5000) persona += 8;
    if (ind_target) persona += 6;
    if (partner) persona += 6;
    if (paid && !(is_exec || is_senior)) persona -= 4;
    persona = std::min(persona, 30.0);

    const double total = fit + eng;
    const int bant = (L.has_budget && L.budget >= 10000) + (L.authority || is_exec) + (L.has_need && in(L.need, kNeeds)) +
                     (L.has_timeline && L.timeline <= 90);
    const bool asked = L.demo_30 || L.meeting_30 > 0 || L.sales_form_30;
    const double last_seen = L.last_pv_age >= 0 ? static_cast<double>(L.last_pv_age) / kDay : 999.0;
    const bool dormant = last_seen > 60 && !L.click_60;

    const char* stage;
    const char* route = nullptr;
    const char* deadline = nullptr;
    if (L.is_customer) {
      stage = "customer"; route = "team:account-management"; deadline = deadline_2d;
    } else if (competitor || student || job_seeker || (has_c && kSanctioned.has(L.country))) {
      stage = "disqualified";
    } else if (L.sales_accepted || asked || (total >= 75 && bant >= 3) || (intent >= 40 && fit >= 30)) {
      stage = "sql";
      if (hs && sz >= 2000) { route = one_of(kEnterpriseAes, L.email); deadline = deadline_4h; }
      else if (hs && sz >= 200 && has_c && kEmea.has(L.country)) { route = one_of(kEmeaAes, L.email); deadline = deadline_8h; }
      else if (has_c && kApac.has(L.country)) { route = "team:commercial-apac"; deadline = deadline_12h; }
      else if (has_c && kLatam.has(L.country)) { route = "team:commercial-latam"; deadline = deadline_12h; }
      else { route = one_of(kInboundAes, L.email); deadline = deadline_1d; }
    } else if (L.has_returned && static_cast<double>(kAsOf - L.returned_at) / kDay <= 180) {
      stage = "recycled"; route = "nurture:recycled";
    } else if (L.trial_30 && fit >= 10 && eng >= 20) {
      stage = "pql";
      if (has_c && kDach.has(L.country)) { route = "sdr:dach-plg"; deadline = deadline_1d; }
      else { route = "team:product-led-growth"; deadline = deadline_2d; }
    } else if ((fit >= 25 && eng >= 15 && total >= 60) || (persona >= 20 && eng >= 25)) {
      stage = "mql";
      if (hs && sz >= 2000) { route = "sdr:enterprise-desk"; deadline = deadline_1d; }
      else { route = one_of(kSdrs, L.email); deadline = deadline_2d; }
    } else if (fit >= 10 && !dormant) {
      stage = "nurture"; route = L.trial_30 ? "nurture:trial-onboarding" : "nurture:mid-funnel";
    } else if (dormant) {
      stage = "dormant_lead"; route = "nurture:re-engagement";
    } else {
      stage = "lead";
    }

    out.raw("{\"id\":");
    out.str(L.id);
    out.raw(",\"stage\":\"");
    out.raw(stage);
    out.raw("\",\"route\":");
    if (route) { out.raw("\""); out.raw(route); out.raw("\""); } else out.raw("null");
    out.raw(",\"deadline\":");
    if (deadline) { out.raw("\""); out.raw(deadline); out.raw("\""); } else out.raw("null");
    out.raw(",\"scores\":{\"fit\":");
    out.num(fit);
    out.raw(",\"engagement\":");
    out.num(eng);
    out.raw(",\"intent\":");
    out.num(intent);
    out.raw(",\"persona\":");
    out.num(persona);
    out.raw("}}\n");
    if (out.buf.size() > (1 << 20) - 4096) out.flush();
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : "-";
  simdjson::padded_string input;
  if (path == "-") {
    std::string all;
    char buf[1 << 16];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) all.append(buf, n);
    input = simdjson::padded_string(all);
  } else if (simdjson::padded_string::load(path).get(input)) {
    std::fprintf(stderr, "ceiling: cannot read %s\n", path.c_str());
    return 2;
  }
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document_stream stream;
  if (parser.iterate_many(input, 8 << 20).get(stream)) {
    std::fprintf(stderr, "ceiling: bad input\n");
    return 2;
  }
  Scorer scorer;
  for (auto doc : stream) {
    Lead lead;
    if (doc.error()) {
      std::fprintf(stderr, "ceiling: bad record\n");
      return 2;
    }
    scorer.read(doc.value_unsafe(), lead);
    scorer.score(lead);
  }
  scorer.out.flush();
  return 0;
}
