// Arithmetic at the numeric boundaries: an int result that does not fit 64
// bits, a number result that is not finite, a duration beyond kMaxDuration
// and a time outside years 0001..9999 are missing (docs/language.md,
// Expressions), never a wrapped or infinite value; the values just inside
// the limits are exact.
#include <doctest/doctest.h>

#include "../support/compile_text.hpp"
#include "../support/sla_harness.hpp"

#include <memory>
#include <string>

#include "baton/common/time.hpp"
#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/program.hpp"
#include "baton/runtime/record.hpp"

using namespace baton;

namespace {

const std::int64_t kAsOf = *parse_time("2026-11-23T00:00:00Z");

// Each SLA below starts with its header, which the harness does not add.
struct Sla : testing::Sla {
  explicit Sla(const std::string& body) : testing::Sla("sla \"t\" version \"1\"\n" + body) {}
};

}  // namespace

TEST_CASE("int + - * and unary - give missing on overflow, exact up to the limits") {
  Sla sla(R"(
lead { k: int }
export let add = k + k
export let sub = -k - k
export let mul = k * 4
export let neg = -(k + k)
export let edge_ok = (k - 1) + k
export let edge = (k - 1) + k + 1
export let folded = 4611686018427387904 + 4611686018427387904
export let folded_ok = 4611686018427387903 + 4611686018427387904
export let present_add = present(k + k)
export let add_or = k + k ?? -1
export let add_big = k + k > 0
stages { lead otherwise }
)");
  sla.eval(R"("k": 4611686018427387904)");  // 2^62
  CHECK(sla.is_missing("add"));                 // 2^63 wrapped to -2^63
  CHECK(sla.integer("sub") == INT64_MIN);    // -2^63 fits
  CHECK(sla.is_missing("mul"));
  CHECK(sla.integer("edge_ok") == INT64_MAX);
  CHECK(sla.is_missing("edge"));                // one past 2^63 - 1
  CHECK(sla.is_missing("folded"));
  CHECK(sla.integer("folded_ok") == INT64_MAX);
  CHECK_FALSE(sla.yes("present_add"));
  CHECK(sla.integer("add_or") == -1);
  CHECK_FALSE(sla.yes("add_big"));
  sla.eval(R"("k": -4611686018427387904)");
  CHECK(sla.integer("add") == INT64_MIN);
  CHECK(sla.is_missing("sub"));
  CHECK(sla.is_missing("neg"));                 // -(-2^63)
  CHECK(sla.is_missing("edge"));                // -2^63 - 1
  sla.eval(R"("k": 3)");
  CHECK(sla.integer("add") == 6);
  CHECK(sla.integer("mul") == 12);
  CHECK(sla.integer("neg") == -6);
  CHECK(sla.integer("edge") == 6);
}

TEST_CASE("durations beyond kMaxDuration and times outside years 1-9999 are missing") {
  Sla sla(R"(
lead { k: int }
export let by_mul = 1d * k
export let by_mul_left = k * 1d
export let by_hours = hours(k)
export let by_days = days(k)
export let longest = days(26687997791825) + 3h + 52m + 31s
export let past_longest = days(26687997791825) + 3h + 52m + 32s
export let doubled = longest + longest
export let negated = -longest
export let minus = -longest - 1s
export let later = now + longest
export let earlier = now - longest
export let last_second = date(9999, 12, 31) + 23h59m59s
export let past_last = date(9999, 12, 31) + 1d
export let first_second = date(1, 1, 1) - 0s
export let before_first = date(1, 1, 1) - 1s
export let span = date(9999, 12, 31) - date(1, 1, 1)
export let after_now = now + hours(k) > now
stages { sql otherwise }
routes { sql -> "ae" within 1d * k
                 escalate to "mgr" after 1d * k }
)");
  const Decision& d = sla.eval(R"("k": 2562047788015216)");  // 86400 k mod 2^64 is 11h56m48s
  CHECK(sla.is_missing("by_mul"));
  CHECK(sla.is_missing("by_mul_left"));
  CHECK(sla.is_missing("by_days"));
  CHECK(sla.integer("longest") == kMaxDuration);
  CHECK(sla.is_missing("past_longest"));
  CHECK(sla.is_missing("doubled"));
  CHECK(sla.integer("negated") == -kMaxDuration);
  CHECK(sla.is_missing("minus"));
  CHECK(sla.is_missing("later"));
  CHECK(sla.is_missing("earlier"));
  CHECK(sla.integer("last_second") == kLastTime);
  CHECK(sla.is_missing("past_last"));
  CHECK(sla.integer("first_second") == -62135596800);
  CHECK(sla.is_missing("before_first"));
  CHECK(sla.integer("span") == kLastTime - 86399 + 62135596800);
  CHECK_FALSE(d.has_deadline);
  CHECK(d.no_deadline == Decision::NoDeadline::missing);
  REQUIRE(d.escalations.size() == 1);
  CHECK_FALSE(d.escalations[0].has_due);
  CHECK_FALSE(d.escalations[0].has_delay);

  sla.eval(R"("k": 2562047788015215)");  // hours(k) fits 64 bits (9.22e18 s), not a duration
  CHECK(sla.is_missing("by_hours"));
  CHECK_FALSE(sla.yes("after_now"));

  const Decision& ok = sla.eval(R"("k": 2)");
  CHECK(sla.integer("by_mul") == 2 * 86400);
  CHECK(sla.integer("by_hours") == 7200);
  CHECK(sla.yes("after_now"));
  CHECK(ok.has_deadline);
  CHECK(ok.deadline == kAsOf + 2 * 86400);
  REQUIRE(ok.escalations.size() == 1);
  CHECK(ok.escalations[0].due == kAsOf + 2 * 86400);
}

TEST_CASE("a number result that is not finite is missing everywhere") {
  Sla sla(R"(
lead { budget: number, f: number = 1 }
export let sq = budget * budget
export let has = present(budget * budget)
export let fallback = budget * budget ?? 0
export let sum = budget * f + budget * f
export let diff = -(budget * f) - budget * f
export let quotient = budget / (1 / (f * f))
export let finite = budget * f
stages { hot when budget * budget > 100  lead otherwise }
)");
  sla.eval(R"("budget": 1e200, "f": 1e108)");
  CHECK(sla.is_missing("sq"));
  CHECK_FALSE(sla.yes("has"));
  CHECK(sla.num("fallback") == 0.0);
  CHECK(sla.is_missing("sum"));
  CHECK(sla.is_missing("diff"));
  CHECK(sla.is_missing("quotient"));
  CHECK(sla.num("finite") > 9.9e307);
  CHECK(sla.stage() == "lead");
  std::string json;
  append_decision_json(*sla.program, sla.record, *sla.decision, json);
  INFO(json);
  CHECK(json.find(R"("sq":null,"has":false,"fallback":0)") != std::string::npos);
  sla.eval(R"("budget": 20)");
  CHECK(sla.num("sq") == 400.0);
  CHECK(sla.stage() == "hot");
}

TEST_CASE("sum over events: missing when the total does not fit, exact when it does") {
  Sla sla(R"(
lead { email: string }
event purchase { cents: int, amount: number }
export let total = sum(purchase.cents)
export let amount = sum(purchase.amount)
export let average = avg(purchase.amount)
export let decayed = decayed_sum(purchase.amount, 3650d)
stages { lead otherwise }
)");
  auto event = [](const std::string& cents, const std::string& amount) {
    return R"({"type": "purchase", "at": "2026-11-01T00:00:00Z", "cents": )" + cents + R"(, "amount": )" + amount + "}";
  };
  const std::string big = "4611686018427387904";  // 2^62
  sla.eval(R"("email": "a@b.c", "events": [)" + event(big, "1e308") + ", " + event(big, "1e308") + "]");
  CHECK(sla.is_missing("total"));    // 2^63 wrapped to -2^63
  CHECK(sla.is_missing("amount"));   // infinity
  CHECK(sla.is_missing("average"));
  CHECK(sla.is_missing("decayed"));  // 2 x 0.996 x 1e308
  // On the way the int sum passes 2^63; it ends at 2^62, which it gives exactly.
  sla.eval(R"("email": "a@b.c", "events": [)" + event(big, "1") + ", " + event(big, "2") + ", " +
           event("-" + big, "3") + "]");
  CHECK(sla.integer("total") == 4611686018427387904);
  CHECK(sla.num("amount") == 6.0);
  CHECK(sla.num("average") == 2.0);
  CHECK(sla.num("decayed") > 5.9);
  sla.eval(R"("email": "a@b.c", "events": [)" + event("-" + big, "1") + ", " + event("-" + big, "1") + "]");
  CHECK(sla.integer("total") == INT64_MIN);  // -2^63 fits
}

TEST_CASE("a summary's {x:.Nf} prints n/a where text(x, N) is missing") {
  Sla sla(R"(
lead { x: number }
export let t = text(x, 9)
stages { sql otherwise }
handoff sql { summary "x={x:.9f} t={t ?? "n/a"}" }
)");
  sla.eval(R"("x": 1e300)");
  CHECK(sla.is_missing("t"));
  CHECK(handoff_summary(*sla.program, *sla.decision) == "x=n/a t=n/a");
  sla.eval(R"("x": 999999999999999999999.0)");  // 1e21 after rounding to a double
  CHECK(handoff_summary(*sla.program, *sla.decision) == "x=n/a t=n/a");
  sla.eval(R"("x": 2.5)");
  CHECK(handoff_summary(*sla.program, *sla.decision) == "x=2.500000000 t=2.500000000");
}
