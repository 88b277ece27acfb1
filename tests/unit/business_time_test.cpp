// Business time in the language, end to end: calendars declared in an SLA,
// route deadlines counted in working time or computed per lead, `now`,
// business_hours_since, cadences (escalations) in the C++ decision and in
// JSON, CSV and explain, and the calendars' trip through a .batonc file.
#include <doctest/doctest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "baton/common/time.hpp"
#include "baton/compiler/compile.hpp"
#include "baton/compiler/diagnostic.hpp"
#include "baton/compiler/test_runner.hpp"
#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/program.hpp"
#include "baton/runtime/record.hpp"

namespace {

constexpr const char* kSla = R"(sla "follow-up" version "1"

lead {
  email: string
  region: string
  tier: string
  handed_off_at: time?
}

holidays us_2026 { 2026-11-26, 2026-12-25 }
holidays company { 2026-12-24, 2026-12-31 }

calendar us_east "America/New_York" {
  mon-fri 09:00-12:00, 13:00-17:00
  holidays us_2026, company
}

calendar emea "Europe/Berlin" {
  mon-fri 09:00-17:00
  holidays company, 2026-12-25, 2026-12-26
}

let first_touch = hours(4) + hours(20) * count_true(tier == "smb")
export let waited = business_hours_since(handed_off_at, emea)
export let after_hours = hour_of_day(now, "Europe/Berlin") >= 17

stages {
  sql  when region != ""
  lead otherwise
}

routes {
  sql when region == "emea" -> assign(["ana*2", "ben", "chen"], email) within first_touch on emea escalate to "manager:emea" after 8h on emea
  sql when region == "us" -> "team:us-east" within 4h on us_east escalate to "manager:us" after 1d escalate to "vp:sales" after 16h on us_east
  sql -> "team:rest" within 2h
}
)";

std::shared_ptr<const baton::Program> compile_sla(const std::string& text) {
  baton::SourceFile source("follow-up.baton", text);
  baton::Diagnostics diagnostics;
  baton::Compilation compiled = baton::compile(source, diagnostics);
  std::string rendered;
  for (const auto& d : diagnostics) rendered += baton::render_text(source, d) + "\n";
  REQUIRE_MESSAGE(compiled.program, rendered);
  return compiled.program;
}

std::int64_t at(const char* text) { return *baton::parse_time(text); }

struct Run {
  std::shared_ptr<const baton::Program> program;
  baton::RecordDecoder decoder;
  baton::Record record;
  baton::Evaluator evaluator;
  explicit Run(std::shared_ptr<const baton::Program> p) : program(p), decoder(p), evaluator(p) {}
  const baton::Decision& operator()(const std::string& json, const char* as_of, bool explain = false) {
    baton::DecodeError error;
    REQUIRE_MESSAGE(decoder.decode(json, record, error), error.message);
    return evaluator.evaluate(record, at(as_of), explain);
  }
};

}  // namespace

TEST_CASE("a Friday-evening EMEA lead is due Monday in working time, with its cadence") {
  Run run(compile_sla(kSla));
  const auto& d = run(R"({"id":"L1","email":"d@big.example","region":"emea","tier":"enterprise"})",
                      "2026-11-27T15:30:00Z");  // Fri 16:30 CET
  REQUIRE(d.route >= 0);
  CHECK(d.route_target == "ana");
  CHECK(baton::format_time(d.deadline) == "2026-11-30T11:30:00Z");  // Mon 12:30 CET
  CHECK(d.deadline_calendar == 1);
  REQUIRE(d.escalations.size() == 1);
  CHECK(d.escalations[0].to == "manager:emea");
  CHECK(baton::format_time(d.escalations[0].due) == "2026-11-30T15:30:00Z");  // 30 min Fri, 7h30 Mon: 16:30 CET
  std::string json;
  baton::append_decision_json(*run.program, run.record, d, json);
  CHECK(json.find(R"("route":{"to":"ana","deadline":"2026-11-30T11:30:00Z","escalations":[{"to":"manager:emea","due":"2026-11-30T15:30:00Z"}]})") !=
        std::string::npos);
  CHECK(json.find(R"("after_hours":false)") != std::string::npos);  // 16:30
}

TEST_CASE("deadlines as expressions: an SMB lead gets 24 working hours") {
  Run run(compile_sla(kSla));
  const auto& d = run(R"({"id":"L2","email":"s@small.example","region":"emea","tier":"smb"})",
                      "2026-11-30T08:00:00Z");  // Mon 09:00 CET
  // 24 working hours of 8h days: Mon, Tue, Wed -> Wed 17:00 CET.
  CHECK(baton::format_time(d.deadline) == "2026-12-02T16:00:00Z");
}

TEST_CASE("holidays shared between calendars, and a wall-clock escalation") {
  Run run(compile_sla(kSla));
  // Wed 2026-11-25 16:00 EST; Thanksgiving (11-26) is a us_2026 holiday:
  // 1h Wednesday, then Friday 09:00-12:00 -> due Fri 12:00 EST.
  const auto& d = run(R"({"id":"L3","email":"u@corp.example","region":"us","tier":"mid"})", "2026-11-25T21:00:00Z");
  CHECK(d.route_target == "team:us-east");
  CHECK(baton::format_time(d.deadline) == "2026-11-27T17:00:00Z");
  REQUIRE(d.escalations.size() == 2);
  CHECK(baton::format_time(d.escalations[0].due) == "2026-11-26T21:00:00Z");  // 1d of wall-clock time
  // 16 working hours: 1h Wed, Fri 7h, Mon 7h, Tue 1h -> Tue 10:00 EST.
  CHECK(baton::format_time(d.escalations[1].due) == "2026-12-01T15:00:00Z");
  std::string header, row;
  baton::append_csv_header(*run.program, header);
  baton::append_decision_csv(*run.program, run.record, d, row);
  CHECK(header.starts_with("id,stage,route,deadline,escalation_1_to,escalation_1_due,escalation_2_to,escalation_2_due,"));
  CHECK(row.starts_with("L3,sql,team:us-east,2026-11-27T17:00:00Z,manager:us,2026-11-26T21:00:00Z,vp:sales,"
                        "2026-12-01T15:00:00Z,"));
  // The company list is shared: Christmas Eve is off in both calendars.
  const auto& eve = run(R"({"id":"L4","email":"u@corp.example","region":"us","tier":"mid"})", "2026-12-24T15:00:00Z");
  CHECK(baton::format_time(eve.deadline) == "2026-12-28T19:00:00Z");  // Mon 09:00-12:00 + 13:00-14:00 EST
}

TEST_CASE("now and business_hours_since read the evaluation time") {
  Run run(compile_sla(kSla));
  const auto& d = run(R"({"id":"L5","email":"x@y.example","region":"emea","tier":"mid","handed_off_at":"2026-11-25T09:00:00Z"})",
                      "2026-11-27T16:30:00Z");
  // Wed 10:00-17:00 (7h), Thu 8h, Fri 09:00-17:00 (8h, as_of is 17:30 CET).
  CHECK(d.exports[0].n == 23.0);
  CHECK(d.exports[1].b);  // 17:30 in Berlin
  const auto& missing = run(R"({"id":"L6","email":"x@y.example","region":"emea","tier":"mid"})", "2026-11-27T16:30:00Z");
  CHECK(missing.exports[0].is_missing());
}

TEST_CASE("explain shows how a deadline and each escalation were computed") {
  Run run(compile_sla(kSla));
  const auto& d = run(R"({"id":"L1","email":"d@big.example","region":"emea","tier":"enterprise"})",
                      "2026-11-27T15:30:00Z", true);
  std::string text;
  baton::append_explain_text(*run.program, run.record, d, text);
  CHECK(text.find("deadline: 4h of working time on emea\n"
                  "  arrived Fri 16:30 Europe/Berlin; 30 min left today, 3h30 on Mon from 09:00 -> due Mon 12:30 CET\n") !=
        std::string::npos);
  CHECK(text.find("cadence\n  1. escalate to manager:emea after 8h of working time on emea: 2026-11-30T15:30:00Z\n") !=
        std::string::npos);
  std::string json;
  baton::append_explain_json(*run.program, run.record, d, json);
  CHECK(json.find(R"("deadline":{"calendar":"emea","working_seconds":14400,"due":"2026-11-30T11:30:00Z","explanation":"arrived Fri 16:30)") !=
        std::string::npos);
}

TEST_CASE("a routed lead without a deadline: the decision says why, and explain prints it") {
  Run run(compile_sla(R"(sla "why-none" version "1"
lead { email: string, h: int? }
calendar weekend "UTC" { sat 10:00-11:00 }
stages { sql otherwise }
routes {
  sql when email == "cal" -> "team:calendar" within hours(h) on weekend
  sql -> "team:clock" within hours(h)
}
)"));
  struct Case {
    const char* json;
    baton::Decision::NoDeadline why;
    const char* text;
    const char* as_of = "2026-11-23T00:00:00Z";
  };
  const Case cases[] = {
      {R"({"id":"N1","email":"a"})", baton::Decision::NoDeadline::missing, "its `within` is missing for this lead"},
      {R"({"id":"N2","email":"a","h":-5})", baton::Decision::NoDeadline::negative, "its `within` is negative for this lead"},
      {R"({"id":"N3","email":"a","h":100000000})", baton::Decision::NoDeadline::out_of_range,
       "it would fall after 9999-12-31"},
      {R"({"id":"N4","email":"cal","h":2000000})", baton::Decision::NoDeadline::out_of_range,
       "it would fall after the years calendar weekend counts (1900-2199)"},
      // The calendar counts up to, not including, 2200-01-01.
      {R"({"id":"N6","email":"cal","h":1})", baton::Decision::NoDeadline::out_of_range,
       "it would fall after the years calendar weekend counts (1900-2199)", "2200-06-02T09:00:00+01:00"},
      // Counted from before 1900: not a deadline after the years, one whose count starts before them.
      {R"({"id":"N7","email":"cal","h":1})", baton::Decision::NoDeadline::out_of_range,
       "its count would start before the years calendar weekend counts (1900-2199)", "1899-12-31T10:00:00Z"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.json);
    const auto& d = run(c.json, c.as_of, true);
    REQUIRE(d.route >= 0);
    CHECK_FALSE(d.has_deadline);
    CHECK(d.no_deadline == c.why);
    std::string text, json;
    baton::append_explain_text(*run.program, run.record, d, text);
    CHECK(text.find(std::string("deadline: none: ") + c.text + "\n") != std::string::npos);
    baton::append_explain_json(*run.program, run.record, d, json);
    CHECK(json.find(std::string(R"("no_deadline":")") + c.text + "\"") != std::string::npos);
  }
  // With a deadline, neither says anything.
  const auto& due = run(R"({"id":"N5","email":"a","h":4})", "2026-11-23T00:00:00Z", true);
  CHECK(due.has_deadline);
  std::string text, json;
  baton::append_explain_text(*run.program, run.record, due, text);
  baton::append_explain_json(*run.program, run.record, due, json);
  CHECK(text.find("deadline: none") == std::string::npos);
  CHECK(json.find("no_deadline") == std::string::npos);
}

TEST_CASE("calendars survive the .batonc round trip, and a damaged calendar is rejected") {
  auto program = compile_sla(kSla);
  std::string error;
  auto loaded = baton::Program::load(program->to_bytes(), error);
  REQUIRE_MESSAGE(loaded, error);
  CHECK(loaded->image().calendars == program->image().calendars);
  CHECK(loaded->fingerprint() == program->fingerprint());
  CHECK(loaded->image().escalations.size() == 3);
  Run run(loaded);
  const auto& d = run(R"({"id":"L1","email":"d@big.example","region":"emea","tier":"enterprise"})", "2026-11-27T15:30:00Z");
  CHECK(baton::format_time(d.deadline) == "2026-11-30T11:30:00Z");

  baton::ProgramImage bad_zone = program->image();
  bad_zone.calendars[0].zone = "Mars/Olympus_Mons";
  CHECK_FALSE(baton::Program::from_image(bad_zone, error));
  CHECK(error.find("calendar #0 (us_east): unknown time zone \"Mars/Olympus_Mons\"") != std::string::npos);
  baton::ProgramImage overlap = program->image();
  overlap.calendars[1].week[0] = {{540, 720}, {700, 800}};
  CHECK_FALSE(baton::Program::from_image(overlap, error));
  CHECK(error.find("overlap") != std::string::npos);
  baton::ProgramImage bad_route = program->image();
  bad_route.routes[0].calendar = 7;
  CHECK_FALSE(baton::Program::from_image(bad_route, error));
  CHECK(error.find("route #0 counts on calendar 7") != std::string::npos);
  baton::ProgramImage bad_step = program->image();
  bad_step.escalations[0].route = 9;
  CHECK_FALSE(baton::Program::from_image(bad_step, error));
  CHECK(error.find("escalation #0 is for route 9") != std::string::npos);
}

TEST_CASE("docs/language.md: the calendar example compiles, its tests pass, and its explain text is real") {
  std::ifstream in(std::string(BATON_SOURCE_DIR) + "/docs/language.md");
  REQUIRE(in.good());
  std::stringstream doc;
  doc << in.rdbuf();
  const std::string text = doc.str();
  const std::size_t begin = text.find("```baton\nsla \"follow-up\"");
  REQUIRE(begin != std::string::npos);
  const std::size_t body = begin + 9, end = text.find("```\n", body);
  const std::string sla = text.substr(body, end - body);
  baton::SourceFile source("language-calendars.baton", sla);
  baton::TestReport report;
  std::string diagnostics;
  REQUIRE_MESSAGE(baton::run_tests(source, {}, report, diagnostics), diagnostics);
  CHECK(report.outcomes.size() == 4);
  for (const auto& outcome : report.outcomes) {
    CAPTURE(outcome.name);
    CHECK_MESSAGE(outcome.passed, outcome.explain);
  }
  // The explain excerpt shown after the example.
  const std::size_t shown = text.find("deadline: 4h of working time on emea\n", end);
  REQUIRE(shown != std::string::npos);
  const std::string excerpt = text.substr(shown, text.find("```", shown) - shown);
  Run run(compile_sla(sla));
  const auto& d = run(R"({"id":"L1","email":"d@big.example","region":"emea","tier":"enterprise"})",
                      "2026-11-27T13:30:00Z", true);
  std::string explained;
  baton::append_explain_text(*run.program, run.record, d, explained);
  CHECK_MESSAGE(explained.find(excerpt) != std::string::npos, explained);
}
