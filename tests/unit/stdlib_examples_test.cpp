// Every registered function's documented example is a true baton expression:
// each one is compiled into a one-line SLA and evaluated end to end (checker,
// code generator, loader, VM), so an example can never show a wrong result.
// Every aggregate's example compiles, and every aggregate has an entry.
#include <doctest/doctest.h>

#include <string>

#include "baton/compiler/compile.hpp"
#include "baton/compiler/diagnostic.hpp"
#include "baton/runtime/bytecode.hpp"
#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/record.hpp"
#include "baton/stdlib/registry.hpp"

namespace {

constexpr std::int64_t kAsOf = 1795392000;  // 2026-11-23T00:00:00Z

std::string sla_for(std::string_view example) {
  return "sla \"stdlib-example\" version \"1\"\n"
         "lead { note: string? }\n"
         "export let ok = " + std::string(example) + "\n"
         "stages { lead otherwise }\n";
}

std::string render_all(const baton::SourceFile& source, const baton::Diagnostics& diagnostics) {
  std::string text;
  for (const auto& d : diagnostics) text += baton::render_text(source, d) + "\n";
  return text;
}

}  // namespace

TEST_CASE("every function example evaluates to true") {
  for (const auto& f : baton::stdlib::builtins().all()) {
    if (f.kind != baton::stdlib::Kind::function) continue;
    CAPTURE(f.example);
    baton::SourceFile source("example.baton", sla_for(f.example));
    baton::Diagnostics diagnostics;
    baton::Compilation compiled = baton::compile(source, diagnostics);
    if (!compiled.program) {
      FAIL_CHECK("does not compile:\n" << render_all(source, diagnostics));
      continue;
    }
    baton::Evaluator evaluator(compiled.program);
    baton::Record record;
    record.reset(*compiled.program);
    const baton::Decision& decision = evaluator.evaluate(record, kAsOf);
    REQUIRE(decision.exports.size() == 1);
    CHECK_FALSE(decision.exports[0].is_missing());
    CHECK(decision.exports[0].b);
  }
}

// Aggregates need events: their examples are conditions of one SLA that
// declares every event type and group they read.
TEST_CASE("every aggregate example compiles as a condition") {
  const std::string head =
      "sla \"aggregate-example\" version \"1\"\n"
      "lead { email: string }\n"
      "event page_view { url: string }\n"
      "event demo_request { source: string? }\n"
      "event email_open { campaign: string }\n"
      "event email_unsubscribe {}\n"
      "event download { pages: int }\n"
      "event webinar { minutes_watched: number }\n"
      "event form_submit { form: string }\n"
      "event content_download { asset: string }\n"
      "event touches = page_view | content_download | webinar\n";
  int examples = 0;
  for (const auto& f : baton::stdlib::builtins().all()) {
    if (f.kind != baton::stdlib::Kind::aggregate) continue;
    CAPTURE(f.example);
    CHECK(f.example.find(std::string(f.name) + "(") != std::string_view::npos);
    baton::SourceFile source("example.baton", head + "stages {\n  mql when " + std::string(f.example) +
                                                  "\n  lead otherwise\n}\n");
    baton::Diagnostics diagnostics;
    if (!baton::compile(source, diagnostics).program)
      FAIL_CHECK("does not compile:\n" << render_all(source, diagnostics));
    ++examples;
  }
  CHECK(examples >= 14);
}

// Every aggregate the language has is in the registry, so `baton stdlib`,
// docs/stdlib.md and did-you-mean know it (`score_per` and `select` are the
// code generator's own kinds, never written in an SLA).
TEST_CASE("every aggregate of the language has a registry entry") {
  for (std::string_view name : baton::bc::kAggNames) {
    if (name == "score_per" || name == "select") continue;
    CAPTURE(name);
    bool found = false;
    for (auto index : baton::stdlib::builtins().overloads(name))
      if (baton::stdlib::builtins().at(index).kind == baton::stdlib::Kind::aggregate) found = true;
    CHECK(found);
  }
}
