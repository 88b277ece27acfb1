// Evaluation semantics, pinned down with hand-computed values: each test
// compiles a small SLA from a string, decodes one lead from JSON, evaluates it
// at a fixed as_of and checks exact numbers (the arithmetic is in comments).
#include <doctest/doctest.h>

#include "../support/compile_text.hpp"
#include "../support/sla_harness.hpp"

#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "baton/common/time.hpp"
#include "baton/compiler/compile.hpp"
#include "baton/runtime/disasm.hpp"
#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/program.hpp"
#include "baton/runtime/record.hpp"

using namespace baton;
using testing::Sla;

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

TEST_CASE("decay does not touch `when` rules, without decay points are whole") {
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

  // `in` / `not in` a constant set are one instruction each in the main
  // chunk; these values pin down what those instructions compute.
  const std::string listing = disassemble(*sla.program);
  CHECK(listing.find("in_set_k") != std::string::npos);
  CHECK(listing.find("not_in_set_k") != std::string::npos);

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

// Comparisons with a literal compile to one instruction reading the constant
// pool (`size >= 200`, also `200 <= size` mirrored); comparisons with a field
// use the two-register form. Both must agree for every operator, side and
// operand, missing included.
TEST_CASE("comparisons with a constant agree with comparisons between fields") {
  std::string text = std::string(kHeader) + "lead {\n  x: int?\n  k: int\n  y: number?\n  kn: number\n}\nconst five = 5\n";
  const char* ops[] = {"<", "<=", ">", ">=", "==", "!="};
  for (int o = 0; o < 6; ++o) {
    std::string op = ops[o], n = std::to_string(o);
    text += "export let ir" + n + " = x " + op + " 5\nexport let ik" + n + " = x " + op + " k\n";
    text += "export let il" + n + " = five " + op + " x\nexport let iv" + n + " = k " + op + " x\n";
    text += "export let nr" + n + " = y " + op + " 2.5\nexport let nk" + n + " = y " + op + " kn\n";
    text += "export let nl" + n + " = 2.5 " + op + " y\nexport let nv" + n + " = kn " + op + " y\n";
    text += "export let wr" + n + " = y " + op + " 5\nexport let wk" + n + " = y " + op + " k\n";
  }
  text += "stages {\n  a otherwise\n}\n";
  Sla sla(text);

  std::string listing = disassemble(*sla.program);
  for (const char* op : {"lt_int_k", "le_int_k", "gt_int_k", "ge_int_k", "eq_int_k", "ne_int_k",
                         "lt_num_k", "le_num_k", "gt_num_k", "ge_num_k", "eq_num_k", "ne_num_k"}) {
    INFO(op);
    CHECK(listing.find(op) != std::string::npos);
  }

  for (const char* x : {R"("x": 4, "y": 2.0)", R"("x": 5, "y": 2.5)", R"("x": 6, "y": 5.0)", R"("x": null, "y": null)"}) {
    sla.eval(std::string(x) + R"(, "k": 5, "kn": 2.5)");
    for (int o = 0; o < 6; ++o) {
      std::string n = std::to_string(o);
      INFO(x << " operator " << ops[o]);
      CHECK(sla.value("ir" + n).b == sla.value("ik" + n).b);
      CHECK(sla.value("il" + n).b == sla.value("iv" + n).b);
      CHECK(sla.value("nr" + n).b == sla.value("nk" + n).b);
      CHECK(sla.value("nl" + n).b == sla.value("nv" + n).b);
      CHECK(sla.value("wr" + n).b == sla.value("wk" + n).b);
      CHECK_FALSE(sla.value("ir" + n).missing);  // a comparison with a missing operand is false, not missing
    }
  }
  // Spot values, hand-checked: x = 4 < 5, 5 <= 4 is false; y = 2.0 != 2.5.
  sla.eval(R"("x": 4, "y": 2.0, "k": 5, "kn": 2.5)");
  CHECK(sla.yes("ir0"));
  CHECK(sla.no("il1"));
  CHECK(sla.yes("nr5"));
  CHECK(sla.yes("wr0"));
  sla.eval(R"("k": 5, "kn": 2.5)");
  CHECK(sla.no("ir5"));
  CHECK(sla.no("nl4"));
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

// ---------------------------------------------------------------------------
// Aggregates
// ---------------------------------------------------------------------------

namespace {
const char* kAggregates = R"(
lead { email: string }
event visit { pages: int?, secs: number?, path: string, at_night: bool? }
export let n = count(visit)
export let n_where = count(visit where path starts_with "/p")
export let n_within = count(visit within 10d)
export let n_both = count(visit where path starts_with "/p" within 10d)
export let some = any(visit where pages >= 3)
export let every = all(visit where pages >= 3)
export let never = none(visit where pages >= 3)
export let total = sum(visit.pages)
export let total_within = sum(visit.pages within 10d)
export let total_secs = sum(visit.secs)
export let low = min(visit.pages)
export let high = max(visit.pages where path starts_with "/p")
export let mean = avg(visit.pages)
export let mean_secs = avg(visit.secs within 10d)
export let kinds = distinct(visit.path)
export let kinds_pages = distinct(visit.pages)
export let first_path = first(visit).path
export let last_path = last(visit).path
export let first_at = first(visit where path starts_with "/p").at
export let last_pages = last(visit within 10d).pages
export let last_night = last(visit).at_night
export let run = streak(visit)
export let run_p = streak(visit where path starts_with "/p")
export let newest = max(visit.at)
stages { lead otherwise }
)";
}  // namespace

TEST_CASE("aggregates over zero events") {
  Sla sla(std::string(kHeader) + kAggregates);
  sla.eval(R"("email": "a@b.c")");
  CHECK(sla.integer("n") == 0);
  CHECK(sla.integer("n_where") == 0);
  CHECK(sla.integer("n_within") == 0);
  CHECK(sla.no("some"));
  CHECK(sla.yes("every"));  // vacuously true
  CHECK(sla.yes("never"));
  CHECK(sla.integer("total") == 0);  // the empty sum is 0, not missing
  CHECK(sla.num("total_secs") == 0.0);
  CHECK(sla.is_missing("low"));
  CHECK(sla.is_missing("high"));
  CHECK(sla.is_missing("mean"));
  CHECK(sla.integer("kinds") == 0);
  CHECK(sla.is_missing("first_path"));
  CHECK(sla.is_missing("last_path"));
  CHECK(sla.is_missing("first_at"));
  CHECK(sla.is_missing("last_pages"));
  CHECK(sla.integer("run") == 0);
  CHECK(sla.is_missing("newest"));
}

TEST_CASE("aggregates over one event") {
  Sla sla(std::string(kHeader) + kAggregates);
  sla.eval(R"("email": "a@b.c", )" +
           events({ev("visit", 10 * kDay, R"("pages": 4, "secs": 1.5, "path": "/pricing", "at_night": true)")}));
  CHECK(sla.integer("n") == 1);
  CHECK(sla.integer("n_where") == 1);
  CHECK(sla.integer("n_within") == 1);  // exactly 10d old: inclusive
  CHECK(sla.integer("n_both") == 1);
  CHECK(sla.yes("some"));
  CHECK(sla.yes("every"));
  CHECK(sla.no("never"));
  CHECK(sla.integer("total") == 4);
  CHECK(sla.integer("total_within") == 4);
  CHECK(sla.num("total_secs") == 1.5);
  CHECK(sla.integer("low") == 4);
  CHECK(sla.integer("high") == 4);
  CHECK(sla.num("mean") == 4.0);
  CHECK(sla.num("mean_secs") == 1.5);
  CHECK(sla.integer("kinds") == 1);
  CHECK(sla.str("first_path") == "/pricing");
  CHECK(sla.str("last_path") == "/pricing");
  CHECK(sla.integer("first_at") == kAsOf - 10 * kDay);
  CHECK(sla.integer("last_pages") == 4);
  CHECK(sla.yes("last_night"));
  CHECK(sla.integer("run") == 1);
  CHECK(sla.integer("newest") == kAsOf - 10 * kDay);
}

TEST_CASE("aggregates over several events: where, within, boundaries, missing fields") {
  Sla sla(std::string(kHeader) + kAggregates);
  // Input order is not time order on purpose.
  sla.eval(R"("email": "a@b.c", )" +
           events({
               ev("visit", 3 * kDay, R"("pages": 2, "secs": 10, "path": "/pricing")"),              // A
               ev("visit", 10 * kDay + 1, R"("pages": 5, "secs": 20, "path": "/docs")"),            // B: outside 10d
               ev("visit", 1 * kDay, R"("secs": 2.5, "path": "/pricing")"),                         // C: no pages
               ev("visit", 10 * kDay, R"("pages": 3, "path": "/product", "at_night": false)"),      // D: exactly 10d
               ev("visit", 2 * kDay, R"("pages": 1, "secs": null, "path": "/docs", "at_night": true)"),  // E
               ev("visit", 0, R"("pages": 6, "path": "/blog")"),                                    // F: age 0
           }));
  CHECK(sla.integer("n") == 6);
  CHECK(sla.integer("n_where") == 3);   // A C D
  CHECK(sla.integer("n_within") == 5);  // all but B
  CHECK(sla.integer("n_both") == 3);    // A C D
  CHECK(sla.yes("some"));               // B D F have pages >= 3
  CHECK(sla.no("every"));               // A has 2; C's missing pages makes its test false
  CHECK(sla.no("never"));
  CHECK(sla.integer("total") == 17);          // 2 + 5 + 3 + 1 + 6; C skipped
  CHECK(sla.integer("total_within") == 12);   // 2 + 3 + 1 + 6
  CHECK(sla.num("total_secs") == 32.5);       // 10 + 20 + 2.5; D E F have none
  CHECK(sla.integer("low") == 1);             // E
  CHECK(sla.integer("high") == 3);            // among A C D: 2, -, 3
  CHECK(sla.num("mean") == 17.0 / 5.0);       // 3.4 over the 5 events with pages
  CHECK(sla.num("mean_secs") == 6.25);        // (10 + 2.5) / 2 within 10d
  CHECK(sla.integer("kinds") == 4);           // /pricing /docs /product /blog
  CHECK(sla.integer("kinds_pages") == 5);     // 2 5 3 1 6; C's missing is not a value
  CHECK(sla.str("first_path") == "/docs");    // B, the oldest
  CHECK(sla.str("last_path") == "/blog");     // F, the newest
  CHECK(sla.integer("first_at") == kAsOf - 10 * kDay);  // D is the oldest /p... event
  CHECK(sla.integer("last_pages") == 6);      // F
  // last(...).field is the newest event's field, even when that field is missing
  CHECK(sla.is_missing("last_night"));        // F has no at_night
  CHECK(sla.integer("newest") == kAsOf);
  // days (UTC) with a visit: as_of-10d-1s (day -11), -10, -3, -2, -1, 0 -> runs of 2 and 4
  CHECK(sla.integer("run") == 4);
  // /p... visits: days -10, -3, -1 -> no two consecutive
  CHECK(sla.integer("run_p") == 1);
}

TEST_CASE("first/last break ties by input order, streak counts UTC calendar days") {
  Sla sla(std::string(kHeader) + kAggregates);
  sla.eval(R"("email": "a@b.c", )" + events({ev("visit", kDay, R"("path": "/one")"), ev("visit", kDay, R"("path": "/two")"),
                                               // 23:59:59 and 00:00:00 of the next day: two days, a run of 2
                                               ev("visit", 5 * kDay + 1, R"("path": "/x")"),
                                               ev("visit", 5 * kDay, R"("path": "/y")")}));
  CHECK(sla.str("first_path") == "/x");
  CHECK(sla.str("last_path") == "/two");  // same time as /one: the later one in the input
  CHECK(sla.integer("run") == 2);         // days -6 (23:59:59) and -5; then day -1
}

// ---------------------------------------------------------------------------
// Stages and routes
// ---------------------------------------------------------------------------

TEST_CASE("stages: the first true arm wins, routes: the first matching arm of the lead's stage") {
  Sla sla(std::string(kHeader) + R"(
lead { email: string, size: int, score_in: int, customer: bool = false }
stages {
  customer when customer
  sql      when score_in >= 70
  mql      when score_in >= 35
  nurture  when score_in >= 35
  lead     otherwise
}
routes {
  sql when size >= 1000 -> "team:enterprise" within 4h
  sql -> "team:inside" within 1d12h
  mql when size >= 1000 -> "nurture:enterprise"
  customer when size < 0 -> "never"
}
)");
  SUBCASE("sql, big: the conditional arm") {
    const Decision& d = sla.eval(R"("email": "a@b.c", "size": 5000, "score_in": 80)", true);
    CHECK(sla.stage() == "sql");
    REQUIRE(d.route == 0);
    CHECK(d.route_target == "team:enterprise");
    CHECK(d.has_deadline);
    CHECK(d.deadline == kAsOf + 4 * 3600);
    // trace: the sql arm tried and matched after customer failed
    const Trace& t = *d.trace;
    REQUIRE(t.stages.size() == 2);
    CHECK(t.stages[0].arm == 0);
    CHECK_FALSE(t.stages[0].matched);
    CHECK(t.stages[1].arm == 1);
    CHECK(t.stages[1].matched);
    REQUIRE(t.routes.size() == 1);
    CHECK(t.routes[0].arm == 0);
    CHECK(t.routes[0].matched);
  }
  SUBCASE("sql, small: falls through to the unconditional arm") {
    const Decision& d = sla.eval(R"("email": "a@b.c", "size": 10, "score_in": 70)", true);
    CHECK(sla.stage() == "sql");
    CHECK(d.route == 1);
    CHECK(d.route_target == "team:inside");
    CHECK(d.deadline == kAsOf + kDay + 12 * 3600);
    const Trace& t = *d.trace;
    REQUIRE(t.routes.size() == 2);
    CHECK(t.routes[0].arm == 0);
    CHECK_FALSE(t.routes[0].matched);
    CHECK(t.routes[1].arm == 1);
    CHECK(t.routes[1].matched);
  }
  SUBCASE("mql beats nurture although both are true; no deadline without within") {
    const Decision& d = sla.eval(R"("email": "a@b.c", "size": 2000, "score_in": 69)", true);
    CHECK(sla.stage() == "mql");
    CHECK(d.route == 2);
    CHECK(d.route_target == "nurture:enterprise");
    CHECK_FALSE(d.has_deadline);
    const Trace& t = *d.trace;
    REQUIRE(t.stages.size() == 3);
    CHECK(t.stages[2].arm == 2);
    CHECK(t.stages[2].matched);
  }
  SUBCASE("a stage whose route arms all fail gets no route") {
    const Decision& d = sla.eval(R"("email": "a@b.c", "size": 10, "score_in": 40)", true);
    CHECK(sla.stage() == "mql");
    CHECK(d.route == -1);
    CHECK_FALSE(d.has_deadline);
    CHECK(sla.json().find(R"("route":null)") != std::string::npos);
    REQUIRE(d.trace->routes.size() == 1);
    CHECK(d.trace->routes[0].arm == 2);
    CHECK_FALSE(d.trace->routes[0].matched);
  }
  SUBCASE("a stage with no route arm at all; otherwise wins when nothing else does") {
    const Decision& d = sla.eval(R"("email": "a@b.c", "size": 10, "score_in": 1)", true);
    CHECK(sla.stage() == "lead");
    CHECK(d.route == -1);
    CHECK(d.route_target.empty());
    CHECK(sla.json().find(R"("route":null)") != std::string::npos);
    const Trace& t = *d.trace;
    REQUIRE(t.stages.size() == 5);  // four conditions tried, then otherwise
    for (int i = 0; i < 4; ++i) CHECK_FALSE(t.stages[static_cast<std::size_t>(i)].matched);
    CHECK(t.stages[4].arm == 4);
    CHECK(t.stages[4].matched);
    CHECK(t.routes.empty());
  }
  SUBCASE("the first arm wins even when every later arm is true") {
    const Decision& d = sla.eval(R"("email": "a@b.c", "size": -1, "score_in": 99, "customer": true)", true);
    CHECK(sla.stage() == "customer");
    CHECK(d.route == 3);
    CHECK(d.route_target == "never");
    REQUIRE(d.trace->stages.size() == 1);
  }
}

TEST_CASE("routes: the destination is an expression, one_of is stable") {
  Sla sla(std::string(kHeader) + R"(
lead { email: string, owner: string? }
stages { lead otherwise }
routes { lead -> owner ?? one_of(["ana", "ben", "chen"], email) within 2w }
)");
  const Decision& d1 = sla.eval(R"("email": "a@b.c", "owner": "zoe")");
  CHECK(d1.route_target == "zoe");
  CHECK(d1.deadline == kAsOf + 14 * kDay);
  std::string first = std::string(sla.eval(R"("email": "x@y.z")").route_target);
  CHECK((first == "ana" || first == "ben" || first == "chen"));
  CHECK(std::string(sla.eval(R"("email": "x@y.z")").route_target) == first);
}

// ---------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------

TEST_CASE("int and number: widening, / gives number, division by zero gives missing") {
  Sla sla(std::string(kHeader) + R"(
lead { size: int, zero: int = 0, ratio: number? }
export let gt = size > 4.5
export let eq = size == 5.0
export let half = size / 2
export let exact = size / 5
export let by_zero = size / zero
export let by_zero_num = 1.5 / 0.0
export let by_zero_or = size / zero ?? -1
export let rem = size % 2
export let rem_zero = size % zero
export let mixed = size + 0.25
export let int_sum = size + 1
export let neg = -size * 2
export let precedence = 1 + size * 2 - 6 / 4
export let r2 = ratio * size
score s {
  +1 when size / zero > 0
  +2 when size / zero <= 0
  +4 when size > 4.5
  +8 when 10 / size == 2
}
stages { lead otherwise }
)");
  sla.eval(R"("size": 5)");
  CHECK(sla.yes("gt"));
  CHECK(sla.yes("eq"));
  CHECK(sla.num("half") == 2.5);
  CHECK(sla.num("exact") == 1.0);
  CHECK(sla.is_missing("by_zero"));
  CHECK(sla.is_missing("by_zero_num"));
  CHECK(sla.num("by_zero_or") == -1.0);
  CHECK(sla.integer("rem") == 1);
  CHECK(sla.is_missing("rem_zero"));
  CHECK(sla.num("mixed") == 5.25);
  CHECK(sla.integer("int_sum") == 6);
  CHECK(sla.integer("neg") == -10);
  CHECK(sla.num("precedence") == 9.5);  // 1 + 10 - 1.5
  CHECK(sla.is_missing("r2"));
  CHECK(sla.score("s") == 12.0);  // neither division-by-zero rule; 4 + 8
  sla.eval(R"("size": 4, "ratio": 0.5)");
  CHECK(sla.no("gt"));
  CHECK(sla.num("r2") == 2.0);
  CHECK(sla.score("s") == 0.0);  // 10 / 4 = 2.5
}

// ---------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------

TEST_CASE("time arithmetic: event times against time literals, time - time, durations") {
  Sla sla(std::string(kHeader) + R"(
lead { email: string, signed_up: time?, cooldown: duration = 2d }
event page_view { url: string }
export let recent = last(page_view).at >= 2026-11-20
export let gap = last(page_view).at - first(page_view).at
export let gap_big = last(page_view).at - first(page_view).at > 5d
export let gap_exact = last(page_view).at - first(page_view).at == 1w
export let since_signup = last(page_view).at - signed_up
export let deadline = signed_up + cooldown * 2
export let before = signed_up < 2026-11-01T12:00:00Z
export let days = days_since(signed_up)
export let in_nov = signed_up between 2026-11-01 and 2026-11-30T23:59:59Z
stages { lead otherwise }
)");
  SUBCASE("with events and a sign-up time") {
    sla.eval(R"("email": "a@b.c", "signed_up": "2026-11-01T12:00:00Z", )" +
             events({ev("page_view", 3 * kDay, R"("url": "/")"), ev("page_view", 10 * kDay, R"("url": "/")")}));
    CHECK(sla.yes("recent"));                   // 2026-11-20T00:00:00Z >= 2026-11-20: inclusive
    CHECK(sla.integer("gap") == 7 * kDay);      // (as_of - 3d) - (as_of - 10d)
    CHECK(sla.yes("gap_big"));
    CHECK(sla.yes("gap_exact"));
    // 2026-11-20T00:00 - 2026-11-01T12:00 = 18.5 days
    CHECK(sla.integer("since_signup") == 18 * kDay + 12 * 3600);
    CHECK(sla.integer("deadline") == *parse_time("2026-11-05T12:00:00Z"));  // + 2d x 2
    CHECK(sla.no("before"));                    // equal, not less
    CHECK(sla.num("days") == 21.5);             // 2026-11-23T00:00 - 2026-11-01T12:00
    CHECK(sla.yes("in_nov"));
  }
  SUBCASE("one second earlier fails the inclusive bound") {
    sla.eval(R"("email": "a@b.c", )" + events({ev("page_view", 3 * kDay + 1, R"("url": "/")")}));
    CHECK(sla.no("recent"));
    CHECK(sla.integer("gap") == 0);
    CHECK(sla.is_missing("since_signup"));
    CHECK(sla.is_missing("deadline"));
    CHECK(sla.no("before"));
    CHECK(sla.is_missing("days"));
    CHECK(sla.no("in_nov"));
  }
  SUBCASE("no events: first/last .at are missing, and so is their difference") {
    sla.eval(R"("email": "a@b.c")");
    CHECK(sla.no("recent"));
    CHECK(sla.is_missing("gap"));
    CHECK(sla.no("gap_big"));
  }
}

// ---------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------

TEST_CASE("strings: matches, starts_with/ends_with/contains, in sets and lists") {
  Sla sla(std::string(kHeader) + R"(
lead {
  title: string?
  country: string
  interests: set<string>?
  regions: list<string> = ["emea"]
}
event page_view { url: string }
const senior = /\b(vp|head|director)\b/i
const dach = {"DE", "AT", "CH"}
export let senior_i = title matches senior
export let senior_cs = title matches /Director/
export let anchored = title matches /^head/i
export let sw = title starts_with "VP"
export let ew = title ends_with "Sales"
export let has = title contains "of"
export let in_const = country in dach
export let in_lit = country in {"FR", "BE"}
export let in_list = "emea" in regions
export let not_in_lit = country not in {"FR", "BE"}
export let ai = interests contains "ai"
export let ai_in = "ai" in interests
export let pricing = any(page_view where url starts_with "/pricing")
export let lower_eq = lower(title ?? "") == "vp of sales"
stages {
  exec when title matches senior
  lead otherwise
}
)");
  SUBCASE("present values") {
    sla.eval(R"("title": "VP of Sales", "country": "AT", "interests": ["ml", "ai"], )" +
             events({ev("page_view", kDay, R"("url": "/pricing/enterprise")")}));
    CHECK(sla.yes("senior_i"));
    CHECK(sla.no("senior_cs"));
    CHECK(sla.no("anchored"));
    CHECK(sla.yes("sw"));
    CHECK(sla.yes("ew"));
    CHECK(sla.yes("has"));
    CHECK(sla.yes("in_const"));
    CHECK(sla.no("in_lit"));
    CHECK(sla.yes("in_list"));
    CHECK(sla.yes("not_in_lit"));
    CHECK(sla.yes("ai"));
    CHECK(sla.yes("ai_in"));
    CHECK(sla.yes("pricing"));
    CHECK(sla.yes("lower_eq"));
    CHECK(sla.stage() == "exec");
  }
  SUBCASE("case and word boundaries") {
    sla.eval(R"("title": "Head of Director-level Hiring", "country": "at", "interests": ["AI"])");
    CHECK(sla.yes("senior_i"));
    CHECK(sla.yes("senior_cs"));
    CHECK(sla.yes("anchored"));
    CHECK(sla.no("sw"));
    CHECK(sla.no("in_const"));  // bytewise: "at" is not "AT"
    CHECK(sla.no("ai"));        // bytewise
    CHECK(sla.no("pricing"));
    sla.eval(R"("title": "Vice President of Sales", "country": "DE")");
    CHECK(sla.no("senior_i"));  // "vp" is not a word in it
    CHECK(sla.stage() == "lead");
  }
  SUBCASE("missing title and interests") {
    sla.eval(R"("country": "FR")");
    CHECK(sla.no("senior_i"));
    CHECK(sla.no("senior_cs"));
    CHECK(sla.no("sw"));
    CHECK(sla.no("ew"));
    CHECK(sla.no("has"));
    CHECK(sla.yes("in_lit"));
    CHECK(sla.no("not_in_lit"));
    CHECK(sla.no("ai"));
    CHECK(sla.no("ai_in"));
    CHECK(sla.no("lower_eq"));
    CHECK(sla.stage() == "lead");
  }
}

// ---------------------------------------------------------------------------
// Event filters
// ---------------------------------------------------------------------------

TEST_CASE("event filters: event fields hide lead fields, lead.NAME reaches the lead's") {
  Sla sla(std::string(kHeader) + R"(
lead { email: string, quantity: int? }
event quote { quantity: int? }
export let big_lead = quantity >= 100
export let big_quote = any(quote where quantity >= 100)
export let bigger_than_lead = count(quote where quantity > lead.quantity)
export let recent_quote = count(quote where at >= 2026-11-20)
stages { lead otherwise }
)");
  sla.eval(R"("email": "a@b.c", "quantity": 50, )" +
           events({ev("quote", kDay, R"("quantity": 100)"), ev("quote", 3 * kDay, R"("quantity": 60)"),
                   ev("quote", 4 * kDay, R"("quantity": 10)"), ev("quote", 2 * kDay)}));
  CHECK(sla.no("big_lead"));
  CHECK(sla.yes("big_quote"));
  CHECK(sla.integer("bigger_than_lead") == 2);  // 100 and 60; the missing one is false
  CHECK(sla.integer("recent_quote") == 3);      // ages 1d, 2d, 3d (= 2026-11-20T00:00)
}

// ---------------------------------------------------------------------------
// Exports and the decision record
// ---------------------------------------------------------------------------

TEST_CASE("exported lets appear in order, the decision JSON whole") {
  Sla sla(std::string(kHeader) + R"(
lead { email: string, size: int, budget: number?, tags: set<string>? }
event page_view { url: string }
let hidden = size * 3
export let zeta = hidden + 1
export let alpha = budget
export let domain = lower(email_domain(email))
export let big = size >= 100
export let ratio = size / 8
export let seen = last(page_view).at
export let wait = 1d12h
export let tags_out = tags
score fit max 50 { +20 when size >= 100  +45 when domain ends_with ".example" }
score engagement decay half_life 21d { +10 per page_view }
stages {
  mql when fit >= 50
  lead otherwise
}
routes { mql -> "nurture:mid" }
)");
  const auto& exports = sla.program->image().exports;
  REQUIRE(exports.size() == 8);
  const char* order[] = {"zeta", "alpha", "domain", "big", "ratio", "seen", "wait", "tags_out"};
  for (std::size_t i = 0; i < 8; ++i) CHECK(exports[i].name == order[i]);

  sla.eval(R"("id": "L1", "email": "Ann@Big.Example", "size": 100, "tags": ["b", "a"], )" +
           events({ev("page_view", 21 * kDay, R"("url": "/")"), ev("page_view", 42 * kDay, R"("url": "/")")}));
  // fit: 20 + 45 = 65 -> 50; engagement: 10 x 0.5 + 10 x 0.25 = 7.5; 100 / 8 = 12.5
  std::string expected =
      R"({"id":"L1","stage":"mql","route":{"to":"nurture:mid","deadline":null},)"
      R"("scores":{"fit":50,"engagement":7.5},)"
      R"("values":{"zeta":301,"alpha":null,"domain":"big.example","big":true,"ratio":12.5,)"
      R"("seen":"2026-11-02T00:00:00Z","wait":"1d12h","tags_out":["b","a"]},)"
      R"("sla":"t","version":"1","fingerprint":")" +
      sla.program->fingerprint() + R"(","as_of":"2026-11-23T00:00:00Z"})" + "\n";
  CHECK(sla.json() == expected);
}

// ---------------------------------------------------------------------------
// Explain trace
// ---------------------------------------------------------------------------

TEST_CASE("explain: rules that fired with raw/decayed/value/events, stages and routes in order") {
  Sla sla(std::string(kHeader) + R"(
lead { size: int, student: bool = false }
event page_view { url: string }
event download {}
score fit {
  +20 when size >= 10
  +15 when size >= 1000
  -40 when student
}
score eng window 60d decay half_life 21d {
  +10 per page_view where url starts_with "/pricing" max 12
  +1  per page_view
  +5  per download
}
stages {
  sql when fit + eng >= 100
  mql when fit + eng >= 30
  lead otherwise
}
routes {
  mql when size >= 1000 -> "enterprise"
  mql when size >= 10 -> "mid"
  mql -> "small"
}
)");
  const Decision& d = sla.eval(R"("size": 50, )" +
                                   events({ev("page_view", 0, R"("url": "/pricing")"),
                                           ev("page_view", 21 * kDay, R"("url": "/pricing/x")"),
                                           ev("page_view", 42 * kDay, R"("url": "/docs")"),
                                           ev("page_view", 61 * kDay, R"("url": "/pricing")")}),  // outside the window
                               true);
  // fit 20; eng: pricing 10 + 5 = 15 -> 12; any page 1 + 0.5 + 0.25 = 1.75; downloads 0
  CHECK(sla.score("fit") == 20.0);
  CHECK(sla.score("eng") == 13.75);
  CHECK(sla.stage() == "mql");  // 33.75
  CHECK(d.route_target == "mid");
  REQUIRE(d.trace != nullptr);
  const Trace& t = *d.trace;
  REQUIRE(t.rules.size() == 3);  // the rules with no points are not listed
  CHECK(t.rules[0].rule == sla.rule_index("+20 when size >= 10"));
  CHECK(t.rules[0].raw == 20.0);
  CHECK(t.rules[0].decayed == 20.0);
  CHECK(t.rules[0].value == 20.0);
  CHECK(t.rules[0].events == 0);
  CHECK(t.rules[1].rule == sla.rule_index("+10 per page_view"));
  CHECK(t.rules[1].raw == 20.0);
  CHECK(t.rules[1].decayed == 15.0);
  CHECK(t.rules[1].value == 12.0);
  CHECK(t.rules[1].events == 2);
  CHECK(t.rules[2].rule == sla.rule_index("+1 per page_view"));
  CHECK(t.rules[2].raw == 3.0);
  CHECK(t.rules[2].decayed == 1.75);
  CHECK(t.rules[2].value == 1.75);
  CHECK(t.rules[2].events == 3);
  CHECK(t.clamps.empty());
  REQUIRE(t.stages.size() == 2);
  CHECK(t.stages[0].arm == 0);
  CHECK_FALSE(t.stages[0].matched);
  CHECK(t.stages[1].arm == 1);
  CHECK(t.stages[1].matched);
  REQUIRE(t.routes.size() == 2);
  CHECK(t.routes[0].arm == 0);
  CHECK_FALSE(t.routes[0].matched);
  CHECK(t.routes[1].arm == 1);
  CHECK(t.routes[1].matched);

  // Without explain there is no trace, and the numbers are the same.
  const Decision& quiet = sla.eval(R"("size": 50, )" + events({ev("page_view", 0, R"("url": "/pricing")")}));
  CHECK(quiet.trace == nullptr);
  CHECK(sla.score("eng") == 11.0);
}

// ---------------------------------------------------------------------------
// Consts in rules, caps on `when` rules, missing route destinations
// ---------------------------------------------------------------------------

TEST_CASE("consts as points, windows, half-lives and caps") {
  Sla sla(std::string(kHeader) + R"(
lead { size: int }
event demo {}
const demo_points = 40
const penalty = 7.5
const hot = 14d
const hl = 7d
const cap = 60
score s max cap decay half_life hl {
  +demo_points per demo within hot max cap
  -penalty when size < 10
}
stages { lead otherwise }
)");
  // demos at 0d, 7d, 14d (in), 14d+1s (out): 40 + 20 + 10 = 70 -> rule cap 60; -7.5 -> 52.5
  sla.eval(R"("size": 5, )" + events({ev("demo", 0), ev("demo", 7 * kDay), ev("demo", 14 * kDay), ev("demo", 14 * kDay + 1)}));
  CHECK(sla.score("s") == 52.5);
}

TEST_CASE("a `max` on a `when` rule caps its points") {
  // The grammar allows `max` after any rule; a `when` rule's total is its
  // points, so the cap limits them like any other rule's.
  Sla sla(std::string(kHeader) + R"(
lead { size: int }
score s {
  +20 when size > 0 max 15
  -30 when size > 1 max 10
}
stages { lead otherwise }
)");
  sla.eval(R"("size": 5)", true);
  CHECK(sla.score("s") == 5.0);  // min(20, 15) - min(30, 10)
  const auto& hits = sla.decision->trace->rules;
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].raw == 20.0);
  CHECK(hits[0].decayed == 20.0);
  CHECK(hits[0].value == 15.0);
  CHECK(hits[1].raw == -30.0);
  CHECK(hits[1].value == -10.0);
}

TEST_CASE("routes: an arm whose destination is missing falls through to the next arm of its stage") {
  Sla sla(std::string(kHeader) + R"(
lead { email: string, owner: string?, vip: bool = false }
stages { lead otherwise }
routes {
  lead when vip -> owner within 1h
  lead -> owner ?? "pool" within 1d
}
)");
  // docs/language.md: "An arm whose destination is missing ... does not
  // route: the search goes on to the next arm of its stage".
  SUBCASE("condition true, destination missing: the next arm routes") {
    const Decision& d = sla.eval(R"("email": "a@b.c", "vip": true)", true);
    CHECK(d.route == 1);
    CHECK(d.route_target == "pool");
    CHECK(d.deadline == kAsOf + 86400);
    REQUIRE(d.trace->routes.size() == 2);
    CHECK(d.trace->routes[0].no_target);  // its condition held, its destination was missing
    CHECK(d.trace->routes[1].matched);
  }
  SUBCASE("condition true, destination present") {
    const Decision& d = sla.eval(R"("email": "a@b.c", "vip": true, "owner": "kim")");
    CHECK(d.route == 0);
    CHECK(d.route_target == "kim");
    CHECK(d.deadline == kAsOf + 3600);
  }
  SUBCASE("fallback") {
    const Decision& d = sla.eval(R"("email": "a@b.c")");
    CHECK(d.route == 1);
    CHECK(d.route_target == "pool");
  }
}

TEST_CASE("negating a membership or comparison with a missing operand") {
  // `x in S` and `a < b` are definite falses when x or a is missing, so
  // `not (...)` of them is true; `x not in S` and `a >= b` stay false.
  Sla sla(std::string(kHeader) + R"(
lead { domain: string?, budget: number? }
const free_mail = ["gmail.com", "yahoo.com"]
export let not_in_paren = not (domain in free_mail)
export let not_in = domain not in free_mail
export let not_lt = not (budget < 5000)
export let ge = budget >= 5000
export let in_list_const = domain in free_mail
export let in_list_lit = domain in ["gmail.com"]
stages { lead otherwise }
)");
  sla.eval("");
  CHECK(sla.yes("not_in_paren"));
  CHECK(sla.no("not_in"));
  CHECK(sla.yes("not_lt"));
  CHECK(sla.no("ge"));
  CHECK(sla.no("in_list_const"));
  CHECK(sla.no("in_list_lit"));
  sla.eval(R"("domain": "yahoo.com", "budget": 5000)");
  CHECK(sla.no("not_in_paren"));
  CHECK(sla.no("not_in"));
  CHECK(sla.yes("not_lt"));
  CHECK(sla.yes("ge"));
  CHECK(sla.yes("in_list_const"));
  CHECK(sla.no("in_list_lit"));
}

TEST_CASE("scores and lets used by other scores and lets, in any order") {
  Sla sla(std::string(kHeader) + R"(
lead { size: int }
event page_view { url: string }
export let total = fit + eng
score bonus { +5 when total >= 30  +1 per page_view where url == home }
score eng { +10 per page_view }
score fit max 25 { +30 when size > 1 }
let home = "/"
stages {
  hot when bonus >= 6
  lead otherwise
}
)");
  sla.eval(R"("size": 2, )" + events({ev("page_view", 0, R"("url": "/")"), ev("page_view", 0, R"("url": "/x")")}));
  CHECK(sla.score("fit") == 25.0);
  CHECK(sla.score("eng") == 20.0);
  CHECK(sla.num("total") == 45.0);
  CHECK(sla.score("bonus") == 6.0);  // 5 + 1 (only the "/" view)
  CHECK(sla.stage() == "hot");
}
