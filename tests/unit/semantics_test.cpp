// Evaluation semantics, pinned down with hand-computed values: each test
// compiles a small SLA from a string, decodes one lead from JSON, evaluates it
// at a fixed as_of and checks exact numbers (the arithmetic is in comments).
#include <doctest/doctest.h>

#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "baton/common/time.hpp"
#include "baton/compiler/compile.hpp"
#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/program.hpp"
#include "baton/runtime/record.hpp"

using namespace baton;

namespace {

constexpr std::int64_t kDay = 86400;
const std::int64_t kAsOf = *parse_time("2026-11-23T00:00:00Z");

// An RFC 3339 time `seconds` before as_of (negative: after as_of).
std::string ago(std::int64_t seconds) { return format_time(kAsOf - seconds); }

// One event as a JSON object: ev("page_view", 3 * kDay, R"("url": "/pricing")").
std::string ev(const std::string& type, std::int64_t age_seconds, const std::string& fields = "") {
  std::string out = R"({"type": ")" + type + R"(", "at": ")" + ago(age_seconds) + "\"";
  if (!fields.empty()) out += ", " + fields;
  return out + "}";
}

std::string events(const std::vector<std::string>& list) {
  std::string out = R"("events": [)";
  for (std::size_t i = 0; i < list.size(); ++i) out += (i ? ", " : "") + list[i];
  return out + "]";
}

// A compiled SLA with its own decoder, record and evaluator.
struct Sla {
  std::shared_ptr<const Program> program;
  std::unique_ptr<RecordDecoder> decoder;
  std::unique_ptr<Evaluator> evaluator;
  Record record;
  const Decision* decision = nullptr;

  explicit Sla(const std::string& text) {
    SourceFile source("t.baton", text);
    Diagnostics diagnostics;
    Compilation c = compile(source, diagnostics);
    std::string messages;
    for (const auto& d : diagnostics) messages += render_text(source, d) + "\n";
    INFO(messages);
    REQUIRE(c.program != nullptr);
    program = c.program;
    decoder = std::make_unique<RecordDecoder>(program);
    evaluator = std::make_unique<Evaluator>(program);
  }

  // Decodes `json` (an object's members without braces) and evaluates it.
  const Decision& eval(const std::string& members, bool explain = false, std::int64_t as_of = kAsOf) {
    std::string json = "{" + members + "}";
    DecodeError error;
    INFO(json);
    bool ok = decoder->decode(json, record, error);
    INFO(error.field << ": " << error.message);
    REQUIRE(ok);
    decision = &evaluator->evaluate(record, as_of, explain);
    return *decision;
  }

  double score(std::string_view name) const {
    int k = program->score_index(name);
    REQUIRE(k >= 0);
    return decision->scores[static_cast<std::size_t>(k)];
  }
  std::string stage() const { return program->image().stages[static_cast<std::size_t>(decision->stage)].name; }
  const Value& value(std::string_view name) const {
    const auto& exports = program->image().exports;
    for (std::size_t i = 0; i < exports.size(); ++i)
      if (exports[i].name == name) return decision->exports[i];
    FAIL("no exported let " << name);
    throw std::logic_error("unreachable");
  }
  bool is_missing(std::string_view name) const { return value(name).missing != 0; }
  // A bool export that is present and true / present and false.
  bool yes(std::string_view name) const { return !value(name).missing && value(name).b; }
  bool no(std::string_view name) const { return !value(name).missing && !value(name).b; }
  double num(std::string_view name) const {
    REQUIRE_FALSE(value(name).missing);
    return value(name).n;
  }
  std::int64_t integer(std::string_view name) const {
    REQUIRE_FALSE(value(name).missing);
    return value(name).i;
  }
  std::string str(std::string_view name) const {
    REQUIRE_FALSE(value(name).missing);
    return std::string(value(name).str());
  }
  std::string json() const {
    std::string out;
    append_decision_json(*program, record, *decision, out);
    return out;
  }
  int rule_index(std::string_view text_prefix) const {
    const auto& rules = program->image().rules;
    for (std::size_t i = 0; i < rules.size(); ++i)
      if (rules[i].text.starts_with(text_prefix)) return static_cast<int>(i);
    FAIL("no rule " << text_prefix);
    return -1;
  }
};

const char* kHeader = "sla \"t\" version \"1\"\n";

}  // namespace

// ---------------------------------------------------------------------------
// Decay
// ---------------------------------------------------------------------------

TEST_CASE("decay: points x 0.5^(age / half_life), age in fractional days") {
  Sla sla(std::string(kHeader) + R"(
lead { email: string }
event page_view { url: string }
score eng decay half_life 21d { +10 per page_view }
score eng_h decay half_life 12h { +8 per page_view }
stages { lead otherwise }
)");

  SUBCASE("an event exactly one half-life old gives exactly half") {
    sla.eval(R"("email": "a@b.c", )" + events({ev("page_view", 21 * kDay, R"("url": "/")")}));
    CHECK(sla.score("eng") == 5.0);    // 10 x 0.5^(21/21) = 5
    CHECK(sla.score("eng_h") == std::ldexp(1.0, -39));  // 8 x 0.5^(21d / 12h = 42) = 2^3 x 2^-42
  }
  SUBCASE("events at 0d and 42d") {
    sla.eval(R"("email": "a@b.c", )" + events({ev("page_view", 0, R"("url": "/")"),
                                                 ev("page_view", 42 * kDay, R"("url": "/")")}));
    CHECK(sla.score("eng") == 12.5);  // 10 x 1 + 10 x 0.5^2 = 10 + 2.5
  }
  SUBCASE("fractional days: 10.5 days old") {
    sla.eval(R"("email": "a@b.c", )" + events({ev("page_view", 10 * kDay + kDay / 2, R"("url": "/")")}));
    // 10 x 0.5^(10.5/21) = 10 x 0.5^0.5 = 10 / sqrt(2)
    CHECK(sla.score("eng") == doctest::Approx(10.0 / std::sqrt(2.0)).epsilon(1e-15));
    // 8 x 0.5^(10.5d / 0.5d) = 8 x 0.5^21
    CHECK(sla.score("eng_h") == 8.0 * std::ldexp(1.0, -21));
  }
  SUBCASE("one second counts: 21 days + 1 second is a little less than half") {
    sla.eval(R"("email": "a@b.c", )" + events({ev("page_view", 21 * kDay + 1, R"("url": "/")")}));
    double expected = 10.0 * std::pow(0.5, (21.0 * kDay + 1.0) / kDay / 21.0);
    CHECK(sla.score("eng") == doctest::Approx(expected).epsilon(1e-15));
    CHECK(sla.score("eng") < 5.0);
  }
  SUBCASE("half-life in hours: 1 day old with half_life 12h is a quarter") {
    sla.eval(R"("email": "a@b.c", )" + events({ev("page_view", kDay, R"("url": "/")")}));
    CHECK(sla.score("eng_h") == 2.0);  // 8 x 0.5^(1 / 0.5) = 8 x 0.25
  }
  SUBCASE("no events: 0") {
    sla.eval(R"("email": "a@b.c")");
    CHECK(sla.score("eng") == 0.0);
    CHECK(sla.score("eng_h") == 0.0);
  }
}

TEST_CASE("decay does not touch `when` rules; without decay points are whole") {
  Sla sla(std::string(kHeader) + R"(
lead { email: string, size: int }
event page_view { url: string }
score s decay half_life 7d {
  +3 when size > 10
  +2 per page_view
}
score plain { +2.5 per page_view }
stages { lead otherwise }
)");
  sla.eval(R"("email": "a@b.c", "size": 11, )" +
           events({ev("page_view", 7 * kDay, R"("url": "/")"), ev("page_view", 14 * kDay, R"("url": "/")")}));
  CHECK(sla.score("s") == 4.5);       // 3 + 2 x 0.5 + 2 x 0.25
  CHECK(sla.score("plain") == 5.0);   // 2.5 x 2, no decay
}

// ---------------------------------------------------------------------------
// Caps
// ---------------------------------------------------------------------------

TEST_CASE("caps: a rule's max applies to its total after decay") {
  Sla sla(std::string(kHeader) + R"(
lead { email: string }
event page_view { url: string }
event unsubscribe {}
score eng decay half_life 21d {
  +10 per page_view max 12
  -5 per unsubscribe max 8
}
stages { lead otherwise }
)");
  int pv = sla.rule_index("+10 per page_view");
  int un = sla.rule_index("-5 per unsubscribe");

  SUBCASE("over the cap after decay") {
    sla.eval(R"("email": "a@b.c", )" + events({ev("page_view", 0, R"("url": "/")"), ev("page_view", 0, R"("url": "/")"),
                                                 ev("page_view", 21 * kDay, R"("url": "/")")}),
             true);
    CHECK(sla.score("eng") == 12.0);  // raw 30, decayed 10 + 10 + 5 = 25, capped 12
    REQUIRE(sla.decision->trace != nullptr);
    const auto& hits = sla.decision->trace->rules;
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].rule == pv);
    CHECK(hits[0].raw == 30.0);
    CHECK(hits[0].decayed == 25.0);
    CHECK(hits[0].value == 12.0);
    CHECK(hits[0].events == 3);
  }
  SUBCASE("under the cap after decay although over it before") {
    sla.eval(R"("email": "a@b.c", )" + events({ev("page_view", 21 * kDay, R"("url": "/")"),
                                                 ev("page_view", 21 * kDay, R"("url": "/")")}));
    CHECK(sla.score("eng") == 10.0);  // raw 20 > 12, decayed 5 + 5 = 10 <= 12: not capped
  }
  SUBCASE("a negative rule's cap limits the magnitude") {
    sla.eval(R"("email": "a@b.c", )" + events({ev("unsubscribe", 0), ev("unsubscribe", 0), ev("unsubscribe", 0)}), true);
    CHECK(sla.score("eng") == -8.0);  // -5 x 3 = -15, magnitude capped to 8
    const auto& hits = sla.decision->trace->rules;
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].rule == un);
    CHECK(hits[0].raw == -15.0);
    CHECK(hits[0].decayed == -15.0);
    CHECK(hits[0].value == -8.0);
    CHECK(hits[0].events == 3);
  }
  SUBCASE("a negative rule under its cap") {
    sla.eval(R"("email": "a@b.c", )" + events({ev("unsubscribe", 21 * kDay)}));
    CHECK(sla.score("eng") == -2.5);  // -5 x 0.5
  }
}

TEST_CASE("caps: the block's max and min clamp the sum, and explain records the clamp") {
  Sla sla(std::string(kHeader) + R"(
lead { size: int, student: bool = false }
event page_view { url: string }
score fit max 30 min -10 {
  +20 when size >= 10
  +15 when size >= 100
  -40 when student
  +4 per page_view
}
stages { lead otherwise }
)");
  SUBCASE("above max") {
    sla.eval(R"("size": 500)", true);
    CHECK(sla.score("fit") == 30.0);  // 20 + 15 = 35 -> 30
    const auto& clamps = sla.decision->trace->clamps;
    REQUIRE(clamps.size() == 1);
    CHECK(clamps[0].score == 0);
    CHECK(clamps[0].before == 35.0);
    CHECK(clamps[0].after == 30.0);
  }
  SUBCASE("below min") {
    sla.eval(R"("size": 1, "student": true)", true);
    CHECK(sla.score("fit") == -10.0);  // -40 -> -10
    const auto& clamps = sla.decision->trace->clamps;
    REQUIRE(clamps.size() == 1);
    CHECK(clamps[0].before == -40.0);
    CHECK(clamps[0].after == -10.0);
  }
  SUBCASE("inside the range: no clamp recorded") {
    sla.eval(R"("size": 100, "student": true, )" + events({ev("page_view", 0, R"("url": "/")")}), true);
    CHECK(sla.score("fit") == -1.0);  // 20 + 15 - 40 + 4
    CHECK(sla.decision->trace->clamps.empty());
  }
  SUBCASE("per rules count toward the block's max") {
    sla.eval(R"("size": 10, )" + events({ev("page_view", 0, R"("url": "/")"), ev("page_view", 0, R"("url": "/")"),
                                          ev("page_view", 0, R"("url": "/")")}),
             true);
    CHECK(sla.score("fit") == 30.0);  // 20 + 3 x 4 = 32 -> 30
    REQUIRE(sla.decision->trace->clamps.size() == 1);
  }
}

// ---------------------------------------------------------------------------
// Windows
// ---------------------------------------------------------------------------

TEST_CASE("windows: inclusive, the tighter of window and within, future events ignored") {
  Sla sla(std::string(kHeader) + R"(
lead { email: string }
event page_view { url: string }
score w30 window 30d { +1 per page_view }
score w30_r10 window 30d { +1 per page_view within 10d }
score w7_r10 window 7d { +1 per page_view within 10d }
score r30 { +1 per page_view within 30d }
score all_time { +1 per page_view }
export let c30 = count(page_view within 30d)
export let c = count(page_view)
stages { lead otherwise }
)");
  SUBCASE("boundary: 30d counts, 30d + 1s does not") {
    sla.eval(R"("email": "a@b.c", )" + events({ev("page_view", 30 * kDay, R"("url": "/")"),
                                                 ev("page_view", 30 * kDay + 1, R"("url": "/")")}));
    CHECK(sla.score("w30") == 1.0);
    CHECK(sla.score("r30") == 1.0);
    CHECK(sla.integer("c30") == 1);
    CHECK(sla.integer("c") == 2);
    CHECK(sla.score("all_time") == 2.0);
  }
  SUBCASE("the tighter of the block's window and the rule's within") {
    sla.eval(R"("email": "a@b.c", )" + events({ev("page_view", 7 * kDay, R"("url": "/")"),      // all
                                                 ev("page_view", 7 * kDay + 1, R"("url": "/")"),  // not w7
                                                 ev("page_view", 10 * kDay, R"("url": "/")"),     // not w7
                                                 ev("page_view", 10 * kDay + 1, R"("url": "/")"),  // w30, r30
                                                 ev("page_view", 20 * kDay, R"("url": "/")")}));   // w30, r30
    CHECK(sla.score("w30_r10") == 3.0);  // ages 7d, 7d+1s, 10d
    CHECK(sla.score("w7_r10") == 1.0);   // age 7d only
    CHECK(sla.score("w30") == 5.0);
  }
  SUBCASE("events after as_of are ignored; an event at as_of (age 0) counts") {
    sla.eval(R"("email": "a@b.c", )" + events({ev("page_view", -1, R"("url": "/")"), ev("page_view", 0, R"("url": "/")"),
                                                 ev("page_view", -30 * kDay, R"("url": "/")")}));
    CHECK(sla.score("w30") == 1.0);
    CHECK(sla.score("all_time") == 1.0);
    CHECK(sla.integer("c") == 1);
    CHECK(sla.integer("c30") == 1);
  }
  SUBCASE("the same record at a later as_of sees the future event") {
    sla.eval(R"("email": "a@b.c", )" + events({ev("page_view", -kDay, R"("url": "/")"), ev("page_view", 0, R"("url": "/")")}),
             false, kAsOf + kDay);
    CHECK(sla.integer("c") == 2);
    CHECK(sla.score("all_time") == 2.0);
  }
}

TEST_CASE("future events are ignored by every aggregate") {
  Sla sla(std::string(kHeader) + R"(
lead { email: string }
event visit { pages: int, path: string }
event demo {}
export let n = count(visit)
export let has = any(visit)
export let has_demo = any(demo)
export let no_demo = none(demo)
export let every = all(visit where pages > 1)
export let total = sum(visit.pages)
export let low = min(visit.pages)
export let high = max(visit.pages)
export let mean = avg(visit.pages)
export let kinds = distinct(visit.path)
export let first_path = first(visit).path
export let last_path = last(visit).path
export let last_at = last(visit).at
export let run = streak(visit)
score pts { +1 per visit  +7 per demo }
stages { lead otherwise }
)");
  sla.eval(R"("email": "a@b.c", )" + events({ev("visit", 2 * kDay, R"("pages": 2, "path": "/a")"),
                                               ev("visit", -kDay, R"("pages": 100, "path": "/future")"),
                                               ev("visit", -2 * kDay, R"("pages": 1, "path": "/later")"),
                                               ev("demo", -60)}));
  CHECK(sla.integer("n") == 1);
  CHECK(sla.yes("has"));
  CHECK(sla.no("has_demo"));
  CHECK(sla.yes("no_demo"));
  CHECK(sla.yes("every"));  // the future visit with pages 1 would fail the filter
  CHECK(sla.integer("total") == 2);
  CHECK(sla.integer("low") == 2);
  CHECK(sla.integer("high") == 2);
  CHECK(sla.num("mean") == 2.0);
  CHECK(sla.integer("kinds") == 1);
  CHECK(sla.str("first_path") == "/a");
  CHECK(sla.str("last_path") == "/a");
  CHECK(sla.integer("last_at") == kAsOf - 2 * kDay);
  CHECK(sla.integer("run") == 1);
  CHECK(sla.score("pts") == 1.0);
}

// ---------------------------------------------------------------------------
// Missing values
// ---------------------------------------------------------------------------

TEST_CASE("missing values: comparisons, in, arithmetic, present, ??, count_true") {
  Sla sla(std::string(kHeader) + R"(
lead {
  email: string
  budget: number?
  size: int?
  authority: bool?
  timeline_days: int?
  domain: string?
  tags: set<string>?
}
const free_mail = {"gmail.com", "yahoo.com"}
export let ge = budget >= 5000
export let lt = budget < 5000
export let eq = budget == 5000
export let ne = budget != 5000
export let btw = budget between 0 and 1000000
export let isin = domain in free_mail
export let notin = domain not in free_mail
export let notin_lit = domain not in {"a.com"}
export let tag_in = "ai" in tags
export let tag_notin = "ai" not in tags
export let tag_contains = tags contains "ai"
export let sw = domain starts_with "g"
export let ew = domain ends_with ".com"
export let has = domain contains "mail"
export let re = domain matches /.*/
export let doubled = budget * 2
export let doubled_or = budget * 2 ?? -1
export let sum_int = size + 1
export let neg = -size
export let has_budget = present(budget)
export let budget_or = budget ?? 0
export let bant = count_true(budget >= 5000, authority == true, timeline_days <= 60)
export let auth = authority
export let not_auth = not authority
export let auth_and_true = authority and true
export let auth_or_true = authority or true
export let auth_or_false = authority or false
export let false_and_auth = false and authority
export let not_ge = not (budget >= 5000)
score s {
  +1 when budget >= 5000
  +2 when budget < 5000
  +4 when not authority
  +8 when authority or size > 0
  +16 when domain not in free_mail
  +32 when (budget ?? 0) < 5000
}
stages {
  a when authority
  b when not authority
  c when budget >= 0
  d otherwise
}
)");

  SUBCASE("everything missing") {
    sla.eval(R"("email": "x@y.z")");
    CHECK(sla.no("ge"));
    CHECK(sla.no("lt"));
    CHECK(sla.no("eq"));
    CHECK(sla.no("ne"));
    CHECK(sla.no("btw"));
    CHECK(sla.no("isin"));
    CHECK(sla.no("notin"));
    CHECK(sla.no("notin_lit"));
    CHECK(sla.no("tag_in"));
    CHECK(sla.no("tag_notin"));
    CHECK(sla.no("tag_contains"));
    CHECK(sla.no("sw"));
    CHECK(sla.no("ew"));
    CHECK(sla.no("has"));
    CHECK(sla.no("re"));
    CHECK(sla.is_missing("doubled"));
    CHECK(sla.num("doubled_or") == -1.0);
    CHECK(sla.is_missing("sum_int"));
    CHECK(sla.is_missing("neg"));
    CHECK(sla.no("has_budget"));
    CHECK(sla.num("budget_or") == 0.0);
    CHECK(sla.integer("bant") == 0);
    CHECK(sla.is_missing("auth"));
    CHECK(sla.is_missing("not_auth"));       // not missing is missing
    CHECK_FALSE(sla.yes("auth_and_true"));   // missing (treated as false)
    CHECK(sla.yes("auth_or_true"));
    CHECK_FALSE(sla.yes("auth_or_false"));
    CHECK(sla.no("false_and_auth"));
    // A comparison with a missing value is a definite false, so its negation is true.
    CHECK(sla.yes("not_ge"));
    // only `(budget ?? 0) < 5000` holds: 32
    CHECK(sla.score("s") == 32.0);
    CHECK(sla.stage() == "d");
    // exported missing values print as null
    std::string json = sla.json();
    CHECK(json.find(R"("doubled":null)") != std::string::npos);
    CHECK(json.find(R"("isin":false)") != std::string::npos);
    CHECK(json.find(R"("notin":false)") != std::string::npos);
  }
  SUBCASE("everything present") {
    sla.eval(R"("email": "x@y.z", "budget": 5000, "size": 3, "authority": false, "timeline_days": 60,
                "domain": "gmail.com", "tags": ["ai", "ml"])");
    CHECK(sla.yes("ge"));
    CHECK(sla.no("lt"));
    CHECK(sla.yes("eq"));
    CHECK(sla.no("ne"));
    CHECK(sla.yes("btw"));
    CHECK(sla.yes("isin"));
    CHECK(sla.no("notin"));
    CHECK(sla.yes("notin_lit"));
    CHECK(sla.yes("tag_in"));
    CHECK(sla.no("tag_notin"));
    CHECK(sla.yes("tag_contains"));
    CHECK(sla.yes("sw"));
    CHECK(sla.yes("ew"));
    CHECK(sla.yes("has"));
    CHECK(sla.yes("re"));
    CHECK(sla.num("doubled") == 10000.0);
    CHECK(sla.num("doubled_or") == 10000.0);
    CHECK(sla.integer("sum_int") == 4);
    CHECK(sla.integer("neg") == -3);
    CHECK(sla.yes("has_budget"));
    CHECK(sla.num("budget_or") == 5000.0);
    CHECK(sla.integer("bant") == 2);  // budget yes, authority == true no, timeline 60 <= 60 yes
    CHECK(sla.no("auth"));
    CHECK(sla.yes("not_auth"));
    CHECK(sla.no("auth_and_true"));
    CHECK(sla.yes("auth_or_true"));
    CHECK(sla.no("auth_or_false"));
    CHECK(sla.no("not_ge"));
    CHECK(sla.score("s") == 1 + 4 + 8 + 0 + 0);  // 13: budget, not authority, size > 0; gmail is free mail
    CHECK(sla.stage() == "b");
  }
  SUBCASE("null counts as missing") {
    sla.eval(R"("email": "x@y.z", "budget": null, "authority": null, "tags": null)");
    CHECK(sla.no("has_budget"));
    CHECK(sla.is_missing("auth"));
    CHECK(sla.no("tag_in"));
    CHECK(sla.stage() == "d");
  }
  SUBCASE("count_true counts the true ones among present and missing") {
    sla.eval(R"("email": "x@y.z", "authority": true, "timeline_days": 61)");
    CHECK(sla.integer("bant") == 1);  // budget missing, authority true, 61 <= 60 false
    CHECK(sla.stage() == "a");
  }
}

TEST_CASE("defaults apply when the field is absent or null") {
  Sla sla(std::string(kHeader) + R"(
lead {
  email: string
  is_customer: bool = false
  tier: string = "free"
  seats: int = 5
  budget: number = 2.5
  cooldown: duration = 3d
  since: time = 2026-01-01
  tags: set<string> = {"x"}
}
export let c = is_customer
export let t = tier
export let s = seats * 2
export let b = budget
export let cd = cooldown
export let si = since
export let tagged = "x" in tags
stages {
  customer when is_customer
  lead otherwise
}
)");
  SUBCASE("absent") {
    sla.eval(R"("email": "a@b.c")");
    CHECK(sla.no("c"));
    CHECK(sla.str("t") == "free");
    CHECK(sla.integer("s") == 10);
    CHECK(sla.num("b") == 2.5);
    CHECK(sla.integer("cd") == 3 * kDay);
    CHECK(sla.integer("si") == *parse_time("2026-01-01T00:00:00Z"));
    CHECK(sla.yes("tagged"));
    CHECK(sla.stage() == "lead");
  }
  SUBCASE("null") {
    sla.eval(R"("email": "a@b.c", "is_customer": null, "tier": null, "seats": null, "tags": null)");
    CHECK(sla.no("c"));
    CHECK(sla.str("t") == "free");
    CHECK(sla.integer("s") == 10);
    CHECK(sla.yes("tagged"));
  }
  SUBCASE("given") {
    sla.eval(R"("email": "a@b.c", "is_customer": true, "tier": "pro", "seats": 7, "tags": [])");
    CHECK(sla.yes("c"));
    CHECK(sla.str("t") == "pro");
    CHECK(sla.integer("s") == 14);
    CHECK(sla.no("tagged"));
    CHECK(sla.stage() == "customer");
  }
}
