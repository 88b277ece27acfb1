// The evaluator's shortcuts must not change a single result: `where` filters
// of common shapes tested natively, and remembered regex results. Each is
// compared with the same condition in a shape that takes the general path.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "baton/compiler/compile.hpp"
#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/record.hpp"

using namespace baton;

namespace {

constexpr std::int64_t kAsOf = 1795392000;  // 2026-11-23T00:00:00Z

std::shared_ptr<const Program> build(const std::string& text) {
  SourceFile source("fast.baton", text);
  Diagnostics diagnostics;
  auto compiled = compile(source, diagnostics);
  for (const auto& d : diagnostics) INFO(render_text(source, d));
  REQUIRE(compiled.program);
  return compiled.program;
}

const char* kSla = R"(sla "fast" version "1"
lead { title: string? }
event visit { url: string?, ok: bool? }
# Each pair: a shape with a native shortcut, then the same test the long way.
export let a1 = count(visit where url starts_with "/pr")
export let a2 = count(visit where (url starts_with "/pr") and true)
export let b1 = count(visit where url ends_with "ing")
export let b2 = count(visit where (url ends_with "ing") and true)
export let c1 = count(visit where url contains "ic")
export let c2 = count(visit where (url contains "ic") and true)
export let d1 = count(visit where url == "/pricing")
export let d2 = count(visit where (url == "/pricing") and true)
export let e1 = count(visit where url != "/pricing")
export let e2 = count(visit where (url != "/pricing") and true)
export let f1 = count(visit where ok)
export let f2 = count(visit where ok and true)
export let g1 = count(visit where not ok)
export let g2 = count(visit where (not ok) and true)
export let senior = title matches /\b(vp|head|director)\b/i
stages { lead otherwise }
)";

}  // namespace

TEST_CASE("native where-filters give the results of the general path, missing fields included") {
  auto program = build(kSla);
  RecordDecoder decoder(program);
  Evaluator evaluator(program);
  Record record;
  const std::vector<std::string> leads = {
      R"({"id":"1","events":[]})",
      R"({"id":"2","events":[{"type":"visit","at":"2026-11-20","url":"/pricing","ok":true}]})",
      R"({"id":"3","events":[{"type":"visit","at":"2026-11-20"},{"type":"visit","at":"2026-11-21","url":null,"ok":null}]})",
      R"({"id":"4","events":[{"type":"visit","at":"2026-11-20","url":"/docs","ok":false},
                              {"type":"visit","at":"2026-11-21","url":"/pricing","ok":true},
                              {"type":"visit","at":"2026-11-22","url":"","ok":false},
                              {"type":"visit","at":"2026-11-22","url":"/pr","ok":true},
                              {"type":"visit","at":"2026-11-30","url":"/pricing","ok":true}]})",
  };
  for (const auto& lead : leads) {
    DecodeError error;
    REQUIRE(decoder.decode(lead, record, error));
    const Decision& d = evaluator.evaluate(record, kAsOf);
    for (std::size_t pair = 0; pair < 7; ++pair) {
      INFO("lead ", record.id, ", filter pair ", pair);
      CHECK(d.exports[2 * pair].i == d.exports[2 * pair + 1].i);
    }
  }
  // Spot values for lead 4 (the event after as_of never counts).
  CHECK(evaluator.evaluate(record, kAsOf).exports[0].i == 2);  // "/pricing", "/pr"
  CHECK(evaluator.evaluate(record, kAsOf).exports[12].i == 2);  // ok == false twice
}

TEST_CASE("remembered regex results stay right as texts alternate and collide") {
  auto program = build(kSla);
  RecordDecoder decoder(program);
  Evaluator evaluator(program);
  Record record;
  const std::vector<std::pair<std::string, bool>> titles = {
      {"VP Sales", true}, {"Student", false}, {"Head of Growth", true}, {"Engineer", false}, {"", false}};
  // Many distinct texts force slot reuse in the memo; every answer must hold.
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 2000; ++i) {
      const auto& [title, senior] = titles[static_cast<std::size_t>(i) % titles.size()];
      std::string text = i % 7 == 0 ? title + " " + std::to_string(i) : title;
      bool expected = senior;
      std::string lead = R"({"title":")" + text + R"(","events":[]})";
      DecodeError error;
      REQUIRE(decoder.decode(lead, record, error));
      const Decision& d = evaluator.evaluate(record, kAsOf);
      INFO(text);
      CHECK(d.exports[14].b == expected);
    }
  }
  DecodeError error;
  REQUIRE(decoder.decode(R"({"events":[]})", record, error));
  const Decision& d = evaluator.evaluate(record, kAsOf);
  CHECK_FALSE(d.exports[14].b);  // a missing title never matches
}
