// `baton test`'s runner: a failing test is explained with the SLA's own
// fingerprint, the one `baton build` and `baton score` give, though the
// program that runs the tests also computes their expectations.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "baton/compiler/compile.hpp"
#include "baton/compiler/test_runner.hpp"

using namespace baton;

namespace {

constexpr std::string_view kSla = R"(sla "t" version "1"
lead { email: string  company_size: int? }
score fit max 50 {
  +20 when company_size >= 100
}
stages {
  mql when fit >= 20
  lead otherwise
}
routes { mql -> "nurture" }
)";

// A test that fails, with constants of its own ("team:sales", 30).
constexpr std::string_view kFailingTest = R"(
test "a mid-size company goes to sales" {
  lead { email: "a@mid.example", company_size: 300 }
  expect fit == 30
  expect route == "team:sales"
}
)";

std::string fingerprint_of_sla(std::string_view text) {
  Diagnostics out;
  Compilation compiled = compile(SourceFile("sla.baton", std::string(text)), out);
  REQUIRE(compiled.program);
  return compiled.program->fingerprint();
}

const TestOutcome& only_failure(const TestReport& report) {
  REQUIRE(report.outcomes.size() == 1);
  REQUIRE_FALSE(report.outcomes[0].passed);
  return report.outcomes[0];
}

}  // namespace

TEST_CASE("a failing test's explanation names the SLA's own fingerprint") {
  const std::string text = std::string(kSla) + std::string(kFailingTest);
  TestReport report;
  std::string diagnostics;
  REQUIRE(run_tests(SourceFile("sla.baton", text), {}, report, diagnostics));
  const std::string& explain = only_failure(report).explain;
  INFO(explain);
  // Test blocks are not compiled into the SLA's program: with or without them it is one program.
  CHECK(fingerprint_of_sla(text) == fingerprint_of_sla(kSla));
  CHECK(explain.find("(fingerprint " + fingerprint_of_sla(kSla) + ")") != std::string::npos);
}

TEST_CASE("a tests file's failing test names the fingerprint of the SLA it tests") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "baton_test_runner_test";
  fs::create_directories(dir);
  std::ofstream(dir / "sla.baton") << kSla;
  const std::string tests = "tests for \"sla.baton\"\n" + std::string(kFailingTest);
  TestReport report;
  std::string diagnostics;
  REQUIRE(run_tests(SourceFile((dir / "sla.test.baton").string(), tests), {}, report, diagnostics));
  const std::string& explain = only_failure(report).explain;
  INFO(explain);
  CHECK(explain.find("(fingerprint " + fingerprint_of_sla(kSla) + ")") != std::string::npos);
  fs::remove_all(dir);
}
