// decayed_count / decayed_sum: each matching event weighs 0.5^(age/half-life),
// the weighting of a score block's decay, usable in any condition.
#include <doctest/doctest.h>

#include "../support/compile_text.hpp"

#include <cmath>
#include <string>

#include "baton/compiler/compile.hpp"
#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/record.hpp"

using namespace baton;

namespace {

constexpr std::int64_t kAsOf = 1795392000;  // 2026-11-23T00:00:00Z

const char* kSla = R"(sla "decay" version "1"
lead { email: string }
event page_view { url: string }
event webinar { minutes: int? }
export let views = decayed_count(page_view, 14d)
export let pricing = decayed_count(page_view, 14d where url starts_with "/pricing" within 20d)
export let minutes = decayed_sum(webinar.minutes, 7d)
stages {
  hot  when decayed_count(page_view, 14d) >= 1.5
  lead otherwise
}
)";

struct Fixture {
  std::shared_ptr<const Program> program;
  Fixture() : program(testing::compile_text(kSla, "decay.baton")) {}
  const Decision& run(const std::string& events, Evaluator& evaluator, Record& record) {
    RecordDecoder decoder(program);
    DecodeError error;
    REQUIRE(decoder.decode(R"({"email":"a@b.c","events":[)" + events + "]}", record, error));
    return evaluator.evaluate(record, kAsOf);
  }
};

}  // namespace

TEST_CASE("decayed_count and decayed_sum weigh events by age") {
  Fixture f;
  Evaluator evaluator(f.program);
  Record record;
  // Views today (weight 1), 14 days ago (0.5), 28 days ago (0.25) and one
  // after as_of (ignored): 1.75. Pricing views within 20 days: today and 14d
  // ago -> 1.5; the 28-day-old one is outside `within`.
  // Webinars: 60 minutes 7 days ago (30), 40 today (40), one with no minutes
  // (skipped): 70.
  const Decision& d = f.run(
      R"({"type":"page_view","at":"2026-11-23T00:00:00Z","url":"/pricing"},
         {"type":"page_view","at":"2026-11-09T00:00:00Z","url":"/pricing/teams"},
         {"type":"page_view","at":"2026-10-26T00:00:00Z","url":"/pricing"},
         {"type":"page_view","at":"2026-11-25T00:00:00Z","url":"/pricing"},
         {"type":"webinar","at":"2026-11-16T00:00:00Z","minutes":60},
         {"type":"webinar","at":"2026-11-23T00:00:00Z","minutes":40},
         {"type":"webinar","at":"2026-11-20T00:00:00Z"})",
      evaluator, record);
  CHECK(d.exports[0].n == doctest::Approx(1.75).epsilon(1e-12));
  CHECK(d.exports[1].n == doctest::Approx(1.5).epsilon(1e-12));
  CHECK(d.exports[2].n == doctest::Approx(70.0).epsilon(1e-12));
  CHECK(f.program->image().stages[static_cast<std::size_t>(d.stage)].name == "hot");
}

TEST_CASE("with no matching events both are 0, and a fractional age decays smoothly") {
  Fixture f;
  Evaluator evaluator(f.program);
  Record record;
  const Decision& none = f.run("", evaluator, record);
  CHECK(none.exports[0].n == 0);
  CHECK(none.exports[2].n == 0);
  CHECK(f.program->image().stages[static_cast<std::size_t>(none.stage)].name == "lead");
  // 3.5 days old with a 14-day half-life: 0.5^(3.5/14) = 0.5^0.25.
  const Decision& d = f.run(R"({"type":"page_view","at":"2026-11-19T12:00:00Z","url":"/docs"})", evaluator, record);
  CHECK(d.exports[0].n == doctest::Approx(std::pow(0.5, 0.25)).epsilon(1e-12));
}

TEST_CASE("the half-life must be a positive duration constant, and decayed_count takes no field") {
  auto diagnose = [](const std::string& let) {
    std::string text = std::string("sla \"x\" version \"1\"\nlead { email: string }\nevent v { n: int }\nlet a = ") + let +
                       "\nstages { lead otherwise }\n";
    SourceFile source("x.baton", text);
    Diagnostics diagnostics;
    compile(source, diagnostics);
    return diagnostics.empty() ? std::string() : diagnostics.front().code;
  };
  CHECK(diagnose("decayed_count(v, 0s)") == "E0305");
  CHECK(diagnose("decayed_count(v, 3)") == "E0205");
  CHECK(diagnose("decayed_count(v.n, 7d)") == "E0211");
  CHECK(diagnose("decayed_sum(v, 7d)") == "E0211");
  CHECK(diagnose("decayed_sum(v.n, 7d)") == "");
}
