#pragma once
// Running the `test` blocks of an SLA (`baton test`): each test's lead and
// events become a record, the program evaluates it at the test's as_of, and
// every `expect` must hold. Failures carry what came out and the explain
// trace; coverage says which rules and arms the tests exercised, and which
// allowed lifecycle moves their leads took.
#include <cstdint>
#include <string>
#include <vector>

#include "baton/compiler/diagnostic.hpp"
#include "baton/compiler/source.hpp"

namespace baton {

// The as_of of a test that does not set one.
inline constexpr std::int64_t kDefaultTestAsOf = 1767225600;  // 2026-01-01T00:00:00Z

struct ExpectFailure {
  std::uint32_t line = 0;
  std::string expectation;  // its source text
  std::string actual;       // "stage is mql", "fit is 35", "" when nothing more to say
};

struct TestOutcome {
  std::string name;
  std::uint32_t line = 0;
  bool passed = false;
  std::size_t expectations = 0;
  std::vector<ExpectFailure> failures;
  std::string error;    // the test could not run (its lead was rejected)
  std::string explain;  // the explain text of the lead, for failures
  double seconds = 0;
};

struct Coverage {
  struct Item {
    std::string kind;  // "rule", "stage", "route", "move" (one allowed lifecycle move, taken by a lead)
    std::uint32_t line = 0;
    std::string text;
    bool hit = false;
  };
  std::vector<Item> items;
  std::size_t hit_count() const;
  double percent() const;  // 100 when there is nothing to cover
  // Adds the hits of another run over the same SLA (several files testing
  // one SLA); false, changing nothing, when `other` covers different items.
  bool merge(const Coverage& other);
};

struct TestReport {
  std::string file;
  std::string sla;  // the SLA the coverage is of: `file` itself, or the SLA a tests file names
  std::vector<TestOutcome> outcomes;  // tests that ran (matched the filter)
  std::size_t skipped = 0;            // tests the filter left out
  Coverage coverage;
};

struct TestRunOptions {
  std::string filter;       // run only tests whose name contains it (all when empty)
  bool execute = true;      // false: compile and check only
  bool json_diagnostics = false;
  bool color = false;
};

// Compiles `file` (an SLA, or a tests file joined to the SLA it names) with
// its tests and runs them. False when it does not compile; `diagnostics`
// holds every diagnostic, rendered against the file each belongs to.
bool run_tests(const SourceFile& file, const TestRunOptions& options, TestReport& report, std::string& diagnostics);

}  // namespace baton
