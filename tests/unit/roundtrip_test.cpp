// Every example SLA survives serialization: the program loaded back from
// Program::to_bytes() has the same fingerprint and makes byte-identical
// decisions (and explanations) for every sample lead.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "baton/common/time.hpp"
#include "baton/compiler/compile.hpp"
#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/program.hpp"
#include "baton/runtime/record.hpp"
#include "test_files.hpp"

using namespace baton;
using baton::testing::example_slas;
using baton::testing::lines_of;
using baton::testing::read_text;
namespace fs = std::filesystem;

namespace {

// Each lead's decision JSON + explain JSON, or its decode error.
std::vector<std::string> score_all(std::shared_ptr<const Program> program, const std::vector<std::string>& leads,
                                   std::int64_t as_of) {
  RecordDecoder decoder(program);
  Evaluator evaluator(program);
  Record record;
  std::vector<std::string> out;
  for (const auto& line : leads) {
    DecodeError error;
    std::string text;
    if (!decoder.decode(line, record, error)) {
      text = "error " + error.field + ": " + error.message;
    } else {
      const Decision& d = evaluator.evaluate(record, as_of, true);
      append_decision_json(*program, record, d, text);
      append_explain_json(*program, record, d, text);
    }
    out.push_back(std::move(text));
  }
  return out;
}

}  // namespace

TEST_CASE("examples: to_bytes -> load gives the same fingerprint and the same decisions") {
  const std::int64_t as_of = *parse_time("2026-11-23T00:00:00Z");
  auto slas = example_slas();
  REQUIRE(slas.size() >= 3);
  for (const auto& path : slas) {
    INFO(path.string());
    SourceFile source(path.string(), read_text(path));
    Diagnostics diagnostics;
    Compilation compiled = compile(source, diagnostics);
    REQUIRE(compiled.program != nullptr);
    auto original = compiled.program;

    std::vector<std::uint8_t> bytes = original->to_bytes();
    std::string error;
    auto loaded = Program::load(bytes, error);
    INFO(error);
    REQUIRE(loaded != nullptr);
    CHECK(loaded->fingerprint() == original->fingerprint());
    CHECK(loaded->fingerprint().size() == 32);
    CHECK(loaded->name() == original->name());
    CHECK(loaded->version() == original->version());
    CHECK(loaded->to_bytes() == bytes);  // serialization is stable

    fs::path leads_path = path.parent_path() / (path.stem().string() + "-leads.jsonl");
    REQUIRE(fs::exists(leads_path));
    auto leads = lines_of(read_text(leads_path));
    REQUIRE_FALSE(leads.empty());
    auto a = score_all(original, leads, as_of);
    auto b = score_all(loaded, leads, as_of);
    REQUIRE(a.size() == b.size());
    std::size_t decoded = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      INFO("lead line " << i + 1);
      CHECK(a[i] == b[i]);
      if (!a[i].starts_with("error ")) ++decoded;
    }
    CHECK(decoded > 0);
  }
}
