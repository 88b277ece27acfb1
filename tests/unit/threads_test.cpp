// One immutable Program shared by eight threads, each with its own decoder,
// record and evaluator: every thread's outputs equal the single-thread ones.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
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

struct Example {
  std::shared_ptr<const Program> program;
  std::vector<std::string> leads;
};

std::vector<Example> load_examples() {
  std::vector<Example> out;
  for (const auto& path : example_slas()) {
    SourceFile source(path.string(), read_text(path));
    Diagnostics diagnostics;
    Compilation compiled = compile(source, diagnostics);
    REQUIRE(compiled.program != nullptr);
    fs::path leads = path.parent_path() / (path.stem().string() + "-leads.jsonl");
    out.push_back(Example{compiled.program, lines_of(read_text(leads))});
  }
  return out;
}

// Everything one pass over every example's leads prints: decisions and
// explanations (explain on every other lead, so both paths run), or errors.
std::string score_all(const std::vector<Example>& examples, std::int64_t as_of) {
  std::string out;
  for (const auto& example : examples) {
    RecordDecoder decoder(example.program);
    Evaluator evaluator(example.program);
    Record record;
    bool explain = false;
    for (const auto& line : example.leads) {
      DecodeError error;
      if (!decoder.decode(line, record, error)) {
        out += "error " + error.field + ": " + error.message + "\n";
        continue;
      }
      const Decision& d = evaluator.evaluate(record, as_of, explain);
      append_decision_json(*example.program, record, d, out);
      if (explain) append_explain_json(*example.program, record, d, out);
      explain = !explain;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("one Program, eight threads: the same outputs as one thread") {
  const std::int64_t as_of = *parse_time("2026-11-23T00:00:00Z");
  const auto examples = load_examples();
  REQUIRE(examples.size() >= 3);
  const std::string expected = score_all(examples, as_of);
  REQUIRE_FALSE(expected.empty());

  constexpr int kThreads = 8;
  constexpr int kRounds = 5;
  std::vector<std::vector<std::string>> results(kThreads);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      // Start together so the threads really overlap.
      ready.fetch_add(1);
      while (ready.load() < kThreads) std::this_thread::yield();
      for (int r = 0; r < kRounds; ++r) results[static_cast<std::size_t>(t)].push_back(score_all(examples, as_of));
    });
  for (auto& thread : threads) thread.join();

  for (int t = 0; t < kThreads; ++t) {
    const auto& rounds = results[static_cast<std::size_t>(t)];
    REQUIRE(rounds.size() == kRounds);
    for (int r = 0; r < kRounds; ++r) {
      INFO("thread " << t << ", round " << r);
      CHECK(rounds[static_cast<std::size_t>(r)] == expected);
    }
  }
}

TEST_CASE("one Evaluator reused across leads gives the same decision as a fresh one") {
  const std::int64_t as_of = *parse_time("2026-11-23T00:00:00Z");
  for (const auto& example : load_examples()) {
    RecordDecoder decoder(example.program);
    Evaluator reused(example.program);
    Record record;
    for (const auto& line : example.leads) {
      DecodeError error;
      if (!decoder.decode(line, record, error)) continue;
      std::string a, b;
      append_decision_json(*example.program, record, reused.evaluate(record, as_of), a);
      Evaluator fresh(example.program);
      append_decision_json(*example.program, record, fresh.evaluate(record, as_of), b);
      CHECK(a == b);
    }
  }
}
