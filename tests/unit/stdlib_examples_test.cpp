// Every registered function's documented example is a true baton expression:
// each one is compiled into a one-line SLA and evaluated end to end (checker,
// code generator, loader, VM), so an example can never show a wrong result.
#include <doctest/doctest.h>

#include <string>

#include "baton/compiler/compile.hpp"
#include "baton/compiler/diagnostic.hpp"
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
