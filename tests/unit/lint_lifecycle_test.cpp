// The lifecycle lints (L0801-L0805) fire on a planted problem and stay quiet
// on the corrected version; lifecycle conditions and hand-offs count as uses;
// `baton test` coverage counts the allowed moves the tests' leads took.
#include <doctest/doctest.h>

#include <algorithm>

#include "baton/compiler/lint.hpp"
#include "baton/compiler/test_runner.hpp"

using namespace baton;

namespace {

// A funnel prospect -> mql -> sql with a recycle track; `lifecycle` is the
// block's body, `rest` more declarations.
std::string sla(std::string_view lifecycle, std::string_view rest = "") {
  return std::string(R"(sla "t" version "1"
lead {
  email: string
  current_stage: string?
  current_stage_since: time?
  returned_at: time?
  partner_program: bool = false
}
event meeting {}
stages {
  disqualified when email ends_with "@student.example"
  partner when partner_program
  recycled when present(returned_at) and days_since(returned_at) <= 180
  sql when any(meeting within 30d)
  mql when email ends_with "@corp.example"
  prospect otherwise
}
lifecycle {
)") + std::string(lifecycle) + "\n}\n" + std::string(rest) + "\n";
}

// Every line but the one under test: partner and recycled are reachable.
constexpr std::string_view kFunnel =
    "  prospect -> mql -> sql\n  any -> disqualified\n  any -> partner\n";

Diagnostics lint_text(const std::string& text) {
  SourceFile source("t.baton", text);
  Diagnostics check;
  bool compiled = false;
  Diagnostics found = lint_source(source, check, compiled);
  for (const auto& d : check) INFO(d.code << " " << d.message);
  REQUIRE(compiled);
  return found;
}

// Copies: the findings often come from a temporary.
Diagnostics findings(const Diagnostics& all, std::string_view code) {
  Diagnostics out;
  for (const auto& d : all)
    if (d.code == code) out.push_back(d);
  return out;
}

std::size_t count(const std::string& text, std::string_view code) { return findings(lint_text(text), code).size(); }

bool mentions(const Diagnostic& d, std::string_view text) {
  if (d.message.find(text) != std::string::npos) return true;
  return std::any_of(d.help.begin(), d.help.end(), [&](const std::string& h) { return h.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("L0801 lifecycle-unreachable-stage: no move leads into the stage and no line starts with it") {
  // recycled: the rules choose it, the lifecycle never mentions it.
  auto found = lint_text(sla("  prospect -> mql -> sql\n  any -> disqualified\n  any -> partner"));
  auto l0801 = findings(found, "L0801");
  REQUIRE(l0801.size() == 1);
  CHECK(l0801[0].severity == Severity::warning);
  CHECK(mentions(l0801[0], "stage `recycled`"));
  // A move into it, or `any -> ...`: quiet.
  CHECK(count(sla(std::string(kFunnel) + "  sql -> recycled\n  recycled -> mql"), "L0801") == 0);
  CHECK(count(sla(std::string(kFunnel) + "  any -> recycled\n  recycled -> mql"), "L0801") == 0);
  // The stage a line starts with (prospect) is where new leads begin: quiet.
  CHECK(count(sla(std::string(kFunnel) + "  recycled -> mql"), "L0801") == 0);
}

TEST_CASE("L0802 forbidden-move: a sideways move the rules make and no path allows") {
  // mql -> recycled but no sql -> recycled: a returned SQL stays sql.
  auto found = lint_text(sla(std::string(kFunnel) + "  mql -> recycled\n  recycled -> mql"));
  auto l0802 = findings(found, "L0802");
  REQUIRE(l0802.size() == 1);
  CHECK(l0802[0].severity == Severity::warning);
  CHECK(mentions(l0802[0], "choose `recycled`"));
  CHECK(mentions(l0802[0], "a lead in `sql`"));
  CHECK_FALSE(mentions(l0802[0], "`mql`"));  // mql -> recycled is allowed
  // The reported span is the arm's stage name.
  SourceFile source("t.baton", sla(std::string(kFunnel) + "  mql -> recycled\n  recycled -> mql"));
  CHECK(source.slice(l0802[0].span) == "recycled");
  // Allowed from sql too, under a condition: quiet (conditions count as true).
  CHECK(count(sla(std::string(kFunnel) +
                  "  mql -> recycled\n  sql -> recycled when days_since(current_stage_since) > 7\n  recycled -> mql"),
              "L0802") == 0);
  // Moving back along the funnel (the rules say prospect for an sql lead) is
  // the intended hold-back: never reported, though no move leads back.
  CHECK(count(sla(std::string(kFunnel) + "  any -> recycled\n  recycled -> mql"), "L0802") == 0);
  // Several stuck stages are listed together.
  auto both = findings(lint_text(sla(std::string(kFunnel) + "  prospect -> recycled\n  recycled -> mql")), "L0802");
  REQUIRE(both.size() == 1);
  CHECK(mentions(both[0], "`mql` and `sql`"));
  // Silenced on the arm, by name, when the lead is meant to stay.
  std::string silenced = sla(std::string(kFunnel) + "  mql -> recycled\n  recycled -> mql");
  silenced.replace(silenced.find("  recycled when"), 0, "  # baton: allow(forbidden-move)\n");
  CHECK(count(silenced, "L0802") == 0);
  // Detours (partner, disqualified) are not a place leads are expected to move on from.
  CHECK(count(sla(std::string(kFunnel) + "  sql -> recycled\n  recycled -> mql"), "L0802") == 0);
}

TEST_CASE("L0803 loop-without-exit: a recycle loop no move leads out of") {
  std::string loop = std::string(kFunnel) + "  sql -> recycled\n  recycled -> partner\n  partner -> recycled";
  auto l0803 = findings(lint_text(sla(loop)), "L0803");
  REQUIRE(l0803.size() == 1);
  CHECK(l0803[0].severity == Severity::warning);
  CHECK(mentions(l0803[0], "`partner` and `recycled`"));
  // On the first line with a move inside the loop.
  SourceFile source("t.baton", sla(loop));
  CHECK(source.slice(l0803[0].span) == "recycled -> partner");
  // A way back into the funnel: quiet.
  CHECK(count(sla(loop + "\n  recycled -> mql"), "L0803") == 0);
  // `any -> disqualified` is no way out.
  CHECK(count(sla(loop + "\n  any -> prospect"), "L0803") == 1);
  // A loop through the funnel itself (sql -> recycled -> mql -> sql) is where
  // the funnel ends, not a trap.
  CHECK(count(sla(std::string(kFunnel) + "  sql -> recycled\n  recycled -> mql"), "L0803") == 0);
}

TEST_CASE("L0804 handoff-new-leads-only: a hand-off for a stage no move leads into") {
  std::string handoff = "handoff mql {\n  summary \"{email} is an MQL\"\n}";
  auto l0804 = findings(lint_text(sla("  mql -> sql\n  any -> disqualified\n  any -> partner\n  any -> recycled\n"
                                      "  recycled -> mql\n  prospect -> sql",
                                      handoff)),
                        "L0804");
  // recycled -> mql leads into mql: quiet; without it, only new leads are handed off.
  CHECK(l0804.empty());
  l0804 = findings(lint_text(sla("  mql -> sql\n  any -> disqualified\n  any -> partner\n  any -> recycled\n"
                                 "  prospect -> sql",
                                 handoff)),
                   "L0804");
  REQUIRE(l0804.size() == 1);
  CHECK(l0804[0].severity == Severity::note);
  CHECK(mentions(l0804[0], "only for new leads"));
  CHECK(count(sla(std::string(kFunnel) + "  any -> recycled\n  recycled -> mql", handoff), "L0804") == 0);
}

TEST_CASE("L0805 follow-up-without-since: deadlines that a re-score moves, once per SLA") {
  const std::string lifecycle = std::string(kFunnel) + "  any -> recycled\n  recycled -> mql";
  const std::string routes = "routes {\n  sql -> \"team:ae\" within 4h\n  mql -> \"sdr:pool\" within 1d\n}";
  // The funnel's lead declares current_stage_since: quiet.
  CHECK(count(sla(lifecycle, routes), "L0805") == 0);
  std::string without = sla(lifecycle, routes);
  const std::string field = "  current_stage_since: time?\n";
  without.erase(without.find(field), field.size());
  auto l0805 = findings(lint_text(without), "L0805");
  REQUIRE(l0805.size() == 1);
  CHECK(l0805[0].severity == Severity::warning);
  CHECK(mentions(l0805[0], "never falls due"));
  CHECK(l0805[0].span.begin == without.find("sql -> \"team:ae\""));
  // A cadence alone counts too; routes without either do not.
  std::string cadence = without;
  cadence.replace(cadence.find(" within 4h"), 10, "\n    escalate to \"manager\" after 1d");
  cadence.replace(cadence.find(" within 1d"), 10, "");
  CHECK(count(cadence, "L0805") == 1);
  std::string plain = without;
  plain.replace(plain.find(" within 4h"), 10, "");
  plain.replace(plain.find(" within 1d"), 10, "");
  CHECK(count(plain, "L0805") == 0);
  // The conventional name with another type is not read: the help says so.
  std::string typed = sla(lifecycle, routes);
  typed.replace(typed.find("current_stage_since: time?"), 26, "current_stage_since: string?");
  l0805 = findings(lint_text(typed), "L0805");
  REQUIRE(l0805.size() == 1);
  CHECK(mentions(l0805[0], "`current_stage_since` is declared as string: the lifecycle reads since when only from a time field"));
  // A since field named in the lifecycle: quiet.
  std::string named = without;
  named.replace(named.find("  returned_at: time?"), 0, "  in_stage_since: time?\n");
  named.replace(named.find("lifecycle {"), 11, "lifecycle from current_stage since in_stage_since {");
  CHECK(count(named, "L0805") == 0);
}

TEST_CASE("L0102 unreachable-route: a stage that holds leads is routed whatever its own condition says") {
  // An SQL whose meeting aged out is held in sql (no move leads back), so a
  // route for such SQLs applies, although it contradicts sql's condition.
  std::string stale = "routes {\n  sql when not any(meeting within 30d) -> \"ae:stale\"\n  sql -> \"ae:pool\"\n}";
  CHECK(count(sla(kFunnel, stale), "L0102") == 0);
  // Earlier arms still cover later ones, held lead or not.
  CHECK(count(sla(kFunnel, "routes {\n  sql -> \"ae:pool\"\n  sql when email ends_with \"@x\" -> \"b\"\n}"), "L0102") == 1);
  // Unconditional moves from sql to every stage: sql never holds a lead, and
  // the contradiction is reported as without a lifecycle.
  std::string open_moves =
      "  any -> prospect\n  any -> mql\n  any -> sql\n  any -> recycled\n  any -> partner\n  any -> disqualified";
  auto found = findings(lint_text(sla(open_moves, stale)), "L0102");
  REQUIRE(found.size() == 1);
  CHECK(mentions(found[0], "contradicts the condition of stage `sql`"));
  // A conditional move may not hold, so it does not rule holding out.
  CHECK(count(sla(std::string(open_moves) + " when present(returned_at)", stale), "L0102") == 0);
}

TEST_CASE("lifecycle conditions and hand-offs are uses, and are linted like stage conditions") {
  std::string lifecycle = std::string(kFunnel) +
                          "  any -> recycled\n  recycled -> mql when days_since(current_stage_since) > 30";
  std::string rest = "let who = lower(email)\nhandoff sql {\n  summary \"{who} booked a meeting\"\n}";
  auto found = lint_text(sla(lifecycle, rest));
  CHECK(findings(found, "L0302").empty());  // `who` is read by the hand-off
  for (const auto& d : findings(found, "L0303")) {
    INFO(d.message);
    CHECK(d.message.find("current_stage") == std::string::npos);  // the lifecycle reads both fields
  }
  // An impossible lifecycle condition is reported as any other.
  auto impossible = findings(lint_text(sla(std::string(kFunnel) +
                                           "  any -> recycled\n  recycled -> mql when days_since(current_stage_since) "
                                           "> 30 and days_since(current_stage_since) < 10")),
                             "L0105");
  REQUIRE(impossible.size() == 1);
  CHECK(mentions(impossible[0], "lifecycle condition"));
}

TEST_CASE("baton test coverage counts each allowed lifecycle move a test's lead took") {
  std::string text = sla(std::string(kFunnel) + "  any -> recycled\n  recycled -> mql when days_since(current_stage_since) > 30",
                         R"(test "an mql books a meeting" {
  as_of 2026-11-23
  lead { email: "a@corp.example", current_stage: "mql" }
  events { meeting at -1d }
  expect stage == sql
  expect transition == "entered"
}
test "a prospect books a meeting" {
  as_of 2026-11-23
  lead { email: "a@corp.example", current_stage: "prospect" }
  events { meeting at -1d }
  expect stage == sql
}
test "a new lead is not a move" {
  as_of 2026-11-23
  lead { email: "b@corp.example" }
  expect stage == mql
}
test "held back: no move" {
  as_of 2026-11-23
  lead { email: "c@other.example", current_stage: "sql" }
  expect stage == sql
  expect transition == "held"
}
test "recycled too soon: held by the condition" {
  as_of 2026-11-23
  lead { email: "d@corp.example", current_stage: "recycled", current_stage_since: 2026-11-20 }
  expect stage == recycled
  expect transition == "held"
})");
  SourceFile source("t.baton", text);
  TestReport report;
  std::string diagnostics;
  REQUIRE(run_tests(source, {}, report, diagnostics));
  INFO(diagnostics);
  for (const auto& t : report.outcomes) {
    INFO(t.name << ": " << t.error << (t.failures.empty() ? "" : t.failures.front().actual));
    CHECK(t.passed);
  }
  std::vector<std::pair<std::string, bool>> moves;
  std::vector<std::uint32_t> lines;
  for (const auto& item : report.coverage.items)
    if (item.kind == "move") {
      moves.emplace_back(item.text, item.hit);
      lines.push_back(item.line);
    }
  // One item per allowed move, in lifecycle order, with its condition.
  std::vector<std::pair<std::string, bool>> expected{
      {"prospect -> mql", true},  // the prospect's path to sql
      {"mql -> sql", true},
      {"any -> disqualified", false},
      {"any -> partner", false},
      {"any -> recycled", false},
      {"recycled -> mql when days_since(current_stage_since) > 30", false},  // held: not taken
  };
  CHECK(moves == expected);
  CHECK(lines == std::vector<std::uint32_t>{19, 19, 20, 21, 22, 23});
  // Moves count in the percentage like rules, stages and routes.
  std::size_t hit = 0;
  for (const auto& item : report.coverage.items) hit += item.hit;
  CHECK(report.coverage.hit_count() == hit);
  CHECK(report.coverage.items.size() == 6 + 6);  // 6 stages, no rules or routes, 6 moves
  CHECK(report.coverage.percent() == doctest::Approx(100.0 * hit / 12));
}
