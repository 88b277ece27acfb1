// The review library (diff and report): distributions in bounded memory,
// the outcomes file, the semantic comparison of two SLAs, and the counts a
// diff and a report make over leads, checked against hand-computed answers.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "../support/compile_text.hpp"

#include <cmath>
#include <initializer_list>
#include <limits>
#include <string>
#include <utility>

#include "baton/compiler/compile.hpp"
#include "baton/review/bins.hpp"
#include "baton/review/canonical.hpp"
#include "baton/review/changes.hpp"
#include "baton/review/diff.hpp"
#include "baton/review/outcomes.hpp"
#include "baton/review/render.hpp"
#include "baton/review/report.hpp"

using namespace baton;
using namespace baton::review;

namespace {
std::shared_ptr<const Program> build(const std::string& text) { return testing::compile_text(text, "test.baton"); }

const char* kBefore = R"(sla "t" version "1"
lead { email: string, size: int?, seen: time? }
event visit { url: string }
score fit max 50 {
  +10 when size >= 100
  +5  when email ends_with ".com"
}
score engagement window 30d decay half_life 10d {
  +4 per visit max 20
}
export let total = fit + engagement
stages {
  sql  when total >= 20
  mql  when fit >= 10
  lead otherwise
}
routes {
  sql -> "team:ae" within 4h
  mql -> "team:sdr" within 2d
}
)";

// Re-weighted, a cap, a half-life, a moved threshold, a changed route, a new rule.
const char* kAfter = R"(sla "t" version "2"
lead { email: string, size: int?, seen: time? }
event visit { url: string }
score fit max 60 {
  +15 when size >= 100
  +5  when email ends_with ".com"
  +1  when size >= 10
}
score engagement window 30d decay half_life 7d {
  +4 per visit max 12
}
export let total = fit + engagement
stages {
  sql  when total >= 15
  mql  when fit >= 10
  lead otherwise
}
routes {
  sql -> "team:ae" within 1h
  mql -> "team:sdr" within 2d
}
)";

// `text` as its next version: "version \"1\"" made "2" and each (from, to)
// replaced once.
std::string edited(std::string text, std::initializer_list<std::pair<std::string, std::string>> edits) {
  auto replace = [&](const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  };
  replace("version \"1\"", "version \"2\"");
  for (const auto& [from, to] : edits) replace(from, to);
  return text;
}

DiffSettings as_of_2026_11_23() {
  DiffSettings settings;
  settings.stream.as_of = 1795392000;
  return settings;
}

std::string find_change(const std::vector<Change>& changes, const std::string& kind, const std::string& subject) {
  for (const auto& c : changes)
    if (c.kind == kind && c.subject == subject) return c.before + " => " + c.after;
  return "(none)";
}
}  // namespace

TEST_CASE("ValueBins: quantiles, counts at or above a threshold, and bounded memory") {
  ValueBins bins(2);
  for (int i = 1; i <= 100; ++i) bins.add(i)[1] += i % 2;  // column 1 counts odd values
  CHECK(bins.count() == 100);
  CHECK(bins.quantile(0.5) == 50);
  CHECK(bins.quantile(0.9) == 90);
  CHECK(bins.quantile(0) == 1);
  CHECK(bins.at_or_above(75, 0) == 26);
  CHECK(bins.at_or_above(75, 1) == 13);
  CHECK(bins.mean() == doctest::Approx(50.5));
  CHECK(bins.add(0.29)[0] == 1);  // 0.29 * 100 lands in bin 29, not 28
  CHECK(bins.at_or_above(0.29, 0) == 101);

  ValueBins wide;
  for (int i = 0; i < 100000; ++i) wide.add(i * 0.37);
  CHECK(wide.count() == 100000);
  CHECK(wide.resolution() == 10);  // 0.01 coarsened until at most 32,768 bins cover 0 to 37,000
  CHECK(wide.at_or_above(100, 0) == 100000 - 271);  // i * 0.37 < 100 for i <= 270

  // A range that grows to both sides, negative values, and a far outlier.
  ValueBins both(2);
  for (int i = 0; i < 1000; ++i) both.add(i % 2 ? i * 0.5 : -i * 0.25)[1] += 1;
  both.add(1e300);
  CHECK(both.count() == 1001);
  CHECK(both.at_or_above(0, 1) == 501);  // 0 and the 500 odd i; the outlier counts in column 0 only
  CHECK(both.at_or_above(0, 0) == 502);
  CHECK(both.quantile(0.5) <= 0);
  double median = wide.quantile(0.5);
  CHECK(median <= 50000 * 0.37);
  CHECK(median > 50000 * 0.37 - 2 * wide.resolution());
}

// Exported numbers come from the leads: any finite value is counted where
// it lies, never clamped into a neighbour's bin, and sums or differences
// past the double range (1e308 + 1e308, 1e308 - -1e308) are not infinities.
TEST_CASE("ValueBins: any finite value in its own bin, and the mean of values near the largest double") {
  ValueBins bins;
  for (double v : {1e308, -1e308, 0.0}) bins.add(v);
  CHECK(bins.resolution() == 1e304);  // coarsened until 2e308 spans at most 32,768 bins
  CHECK(bins.ranked(1) == -1e308);
  CHECK(bins.ranked(2) == 0);
  CHECK(bins.ranked(3) == 1e308);
  CHECK(bins.at_or_above(1e308, 0) == 1);
  CHECK(bins.at_or_above(0, 0) == 2);
  CHECK(bins.mean() == 0);

  ValueBins large;
  for (int i = 0; i < 3; ++i) large.add(1.7976931348623157e308);
  CHECK(large.mean() == 1.7976931348623157e308);  // the plain sum is infinite
  large.add(-1.7976931348623157e308);
  CHECK(large.mean() == doctest::Approx(0.5 * 1.7976931348623157e308));

  ValueBins above_1e15;  // once shared the outermost bin at 1e15
  for (int i = 1; i <= 20; ++i) above_1e15.add(i * 1e16);
  CHECK(above_1e15.ranked(1) == 1e16);
  CHECK(above_1e15.ranked(20) == 2e17);
  CHECK(above_1e15.at_or_above(1e17, 0) == 11);
}

TEST_CASE("distribution_of: quantiles between -1e308 and 1e308") {
  ValueBins two;
  for (double v : {1e308, -1e308}) two.add(v);
  Distribution d = distribution_of(two, 0);
  CHECK(d.p50 == 0);
  CHECK(d.p25 == -5e307);
  CHECK(d.p75 == 5e307);
  CHECK(d.p10 == doctest::Approx(-8e307));
  CHECK(d.p90 == doctest::Approx(8e307));
}

TEST_CASE("DiffRun: a histogram over exported numbers from the most negative to the largest double") {
  const char* sla = R"(sla "t" version "1"
lead { x: number? }
export let xx = x
stages { lead otherwise }
)";
  DiffRun run(build(sla), build(edited(sla, {{"export let xx = x", "export let xx = 0 - x"}})), as_of_2026_11_23());
  Rejection why;
  for (const char* x : {"1e308", "-1e308", "1.7976931348623157e308", "-1.7976931348623157e308", "0"})
    REQUIRE(run.add(std::string(R"({"x":)") + x + "}", why));
  const DiffResult r = run.result();
  REQUIRE(r.scores.size() == 1);
  const auto& bins = r.scores[0].histogram;
  REQUIRE(!bins.empty());
  CHECK(bins.size() <= 12);
  // Each value in the bin whose edges hold it; edges past the largest double are open.
  auto count_at = [&](double v) {
    for (const HistogramBin& b : bins)
      if (b.lower <= v && v < b.upper) return b.before;
    return std::uint64_t{99};
  };
  CHECK(bins.front().lower == -std::numeric_limits<double>::infinity());
  CHECK(bins.back().upper == std::numeric_limits<double>::infinity());
  for (double v : {1e308, -1e308, 1.7976931348623157e308, -1.7976931348623157e308, 0.0}) CHECK(count_at(v) == 1);
  std::uint64_t before = 0, after = 0;
  for (const HistogramBin& b : bins) {
    before += b.before;
    after += b.after;
    CHECK(b.lower < b.upper);
  }
  CHECK(before == 5);
  CHECK(after == 5);
  CHECK(r.scores[0].before.p50 == 0);
}

TEST_CASE("Outcomes: JSON Lines and CSV, several outcomes per lead, errors by line and field") {
  std::vector<OutcomeError> errors;
  auto jsonl = Outcomes::parse(
      "{\"id\":\"L1\",\"outcome\":\"opportunity\",\"date\":\"2026-12-01\"}\n"
      "{\"id\":\"L1\",\"outcome\":\"won\",\"date\":\"2026-12-20\"}\n"
      "\n"
      "{\"id\":7,\"outcome\":\"lost\"}\n"
      "{\"id\":\"L3\",\"outcome\":\"won\",\"date\":\"someday\"}\n"
      "not json\n",
      errors);
  CHECK(jsonl.names() == std::vector<std::string>{"opportunity", "won", "lost"});
  REQUIRE(jsonl.find("L1"));
  CHECK(jsonl.find("L1")->mask == 3);
  CHECK(jsonl.find("L1")->date_of(1) == 1797724800);  // won on 2026-12-20
  CHECK(jsonl.find("7")->date_of(2) == INT64_MAX);    // lost, undated
  CHECK(jsonl.find("7")->mask == 4);
  CHECK(jsonl.find("L3") == nullptr);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].line == 5);
  CHECK(errors[0].field == "date");
  CHECK(errors[1].line == 6);

  errors.clear();
  auto csv = Outcomes::parse("date,outcome,id,owner\n2026-12-01,won,\"L,9\",\"a \"\"b\"\"\"\n,lost,L10,\n", errors);
  CHECK(errors.empty());
  CHECK(csv.find("L,9")->mask == 1);
  CHECK(csv.find("L10")->mask == 2);

  errors.clear();
  auto bom = Outcomes::parse("\xEF\xBB\xBFid,outcome\r\nL1,won\r\n", errors);  // as spreadsheets save it
  CHECK(errors.empty());
  CHECK(bom.find("L1")->mask == 1);

  errors.clear();
  // Lines ending in CR alone (Excel's "CSV (Macintosh)"), read as every CSV input is.
  auto mac = Outcomes::parse("id,outcome,date\rL1,won,2026-12-01\rL2,lost,\r", errors);
  CHECK(errors.empty());
  CHECK(mac.records() == 2);
  CHECK(mac.find("L2")->mask == 2);

  errors.clear();
  Outcomes::parse("lead,result\nL1,won\n", errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].line == 1);
}

TEST_CASE("compare_programs: what changed, in the agreement's terms") {
  auto before = build(kBefore);
  auto after = build(kAfter);
  auto changes = compare_programs(*before, *after);
  CHECK(find_change(changes, "reweighted", "fit: when size >= 100") == "+10 => +15");
  CHECK(find_change(changes, "added", "fit: when size >= 10") == " => +1");
  CHECK(find_change(changes, "cap", "engagement: per visit") == "20 => 12");
  CHECK(find_change(changes, "half-life", "engagement") == "10d => 7d");
  CHECK(find_change(changes, "bounds", "fit") == "max 50 => max 60");
  CHECK(find_change(changes, "moved", "total >= (in sql)") == "20 => 15");
  CHECK(find_change(changes, "changed", "sql") == "when total >= 20 => when total >= 15");
  CHECK(find_change(changes, "changed", "mql") == "(none)");
  CHECK(find_change(changes, "changed", "sql") != "(none)");
  bool route_changed = false;
  for (const auto& c : changes)
    if (c.section == "route" && c.kind == "changed")
      route_changed = c.subject == "sql" && c.before == "-> \"team:ae\" within 4h" && c.after == "-> \"team:ae\" within 1h";
  CHECK(route_changed);
  CHECK(compare_programs(*before, *before).empty());
  CHECK(changes.back().section == "program");

  auto thresholds = thresholds_of(*before);
  REQUIRE(thresholds.size() == 2);
  CHECK(thresholds[0].text == "total >= 20");
  CHECK(thresholds[1].measure == "fit");
  CHECK(thresholds[1].stage == "mql");
}

// Everything an SLA says reaches the summary: each arm of a stage with
// several, their order, lifecycle moves, hand-offs, calendars, exports, and
// a change inside a let, which no section shows by name.
TEST_CASE("compare_programs: stage arms, lifecycle, hand-offs, calendars, exports, lets") {
  const std::string head = R"(lead { email: string, size: int?, hot: bool = false, current_stage: string? }
event visit { url: string }
score fit { +10 when size >= 100 }
score engagement { +1 per visit }
calendar office "Europe/Berlin" { mon-fri 09:00-17:00 }
)";
  const std::string before_text = "sla \"t\" version \"1\"\n" + head + R"(const vip = {"a.example"}
export let total = fit + engagement
export let recent = count(visit within 30d)
stages {
  sql  when hot
  sql  when total >= 20 and recent >= 2
  mql  when fit + engagement >= 10
  lead otherwise
}
lifecycle { lead -> mql -> sql }
routes { sql -> "team:ae" within 4h on office }
handoff sql { summary "{email} scored {total}" fields size }
)";
  const std::string after_text =
      edited(before_text, {{"total >= 20 and", "total >= 15 and"},  // the second arm of sql
                           {"fit + engagement >= 10", "fit + engagement >= 12"},
                           {"lifecycle { lead -> mql -> sql }", "lifecycle { lead -> mql -> sql\n  sql -> lead when not hot }"},
                           {"fields size", "fields size, email"},
                           {"mon-fri 09:00-17:00", "mon-thu 09:00-17:00"},
                           {"export let recent", "let recent"}});
  auto before = build(before_text), after = build(after_text);
  auto changes = compare_programs(*before, *after);
  CHECK(find_change(changes, "changed", "sql (arm 2)") == "when total >= 20 and recent >= 2 => when total >= 15 and recent >= 2");
  CHECK(find_change(changes, "changed", "sql (arm 1)") == "(none)");
  CHECK(find_change(changes, "moved", "total >= (in sql)") == "20 => 15");
  // A sum is not a threshold on its last term.
  CHECK(find_change(changes, "moved", "engagement >= (in mql)") == "(none)");
  CHECK(find_change(changes, "changed", "mql") == "when fit + engagement >= 10 => when fit + engagement >= 12");
  CHECK(find_change(changes, "added", "sql -> lead when not hot") == " => allowed");
  CHECK(find_change(changes, "changed", "sql").find("fields size, email; reasons 0") != std::string::npos);
  CHECK(find_change(changes, "hours", "office") == "mon-fri 09:00-17:00 => mon-thu 09:00-17:00");
  CHECK(find_change(changes, "changed", "office") == "(none)");
  CHECK(find_change(changes, "removed", "recent") == "exported => ");
  CHECK(changes.back().section == "program");  // and the compiled rules differ, as with every change

  // Moving an arm: first match wins, so the order is a change.
  std::string reordered = before_text;
  const std::string arm = "  mql  when fit + engagement >= 10\n";
  reordered.erase(reordered.find(arm), arm.size());
  reordered.insert(reordered.find("  sql  when total"), arm);
  auto moved = compare_programs(*before, *build(reordered));
  CHECK(find_change(moved, "reordered", "first match wins") == "sql, sql (arm 2), mql, lead => sql, mql, sql (arm 2), lead");

  // A let's window or a const's members: named by no section, still not
  // "nothing", alone or beside a named change.
  std::string in_let = before_text;
  in_let.replace(in_let.find("within 30d"), 10, "within 14d");
  auto let_changes = compare_programs(*before, *build(in_let));
  REQUIRE(let_changes.size() == 1);
  CHECK(let_changes[0].section == "program");
  in_let.replace(in_let.find("+10 when size"), 3, "+12");
  auto both = compare_programs(*before, *build(in_let));
  REQUIRE(both.size() == 2);
  CHECK(find_change(both, "reweighted", "fit: when size >= 100") == "+10 => +12");
  CHECK(both[1].section == "program");
  std::string renamed = before_text;
  renamed.replace(renamed.find("version \"1\""), 11, "version \"9\"");
  CHECK(compare_programs(*before, *build(renamed)).empty());  // a new version label alone changes nothing

  auto thresholds = thresholds_of(*before);
  REQUIRE(thresholds.size() == 2);  // total >= 20 and recent >= 2 in sql's second arm; not the sum in mql
  CHECK(thresholds[0].text == "total >= 20");
  CHECK(thresholds[1].text == "recent >= 2");
}

// A holiday moved to another day keeps the count and, between the first
// and the last, both ends: each date added or removed is named, per
// calendar that uses it, beside its zone and hours.
TEST_CASE("compare_programs: holidays moved, working hours and zones of a calendar") {
  const std::string before_text = R"(sla "t" version "1"
lead { email: string }
score fit { +1 when email ends_with ".com" }
stages { lead otherwise }
holidays us { 2026-11-26, 2026-11-27, 2026-12-25 }
holidays company { 2026-12-28, 2026-12-29 }
calendar americas "America/New_York" {
  mon-fri 09:00-17:00
  holidays us, company
}
calendar emea "Europe/Berlin" {
  mon-fri 09:00-17:00
  holidays company
}
routes { lead -> "team:sdr" within 8h on americas }
)";
  auto before = build(before_text);
  auto moved = compare_programs(*before, *build(edited(before_text, {{"2026-11-27", "2026-12-01"}})));
  CHECK(find_change(moved, "removed", "holiday in americas") == "2026-11-27 => ");
  CHECK(find_change(moved, "added", "holiday in americas") == " => 2026-12-01");
  CHECK(find_change(moved, "changed", "americas") == "(none)");
  CHECK(moved.size() == 3);  // and the compiled rules differ

  // A set two calendars use: both are named.
  auto swapped = compare_programs(*before, *build(edited(before_text, {{"2026-12-29 }", "2026-12-27, 2026-12-30 }"}})));
  CHECK(find_change(swapped, "removed", "holiday in americas") == "2026-12-29 => ");
  CHECK(find_change(swapped, "added", "holidays in americas") == " => 2026-12-27, 2026-12-30");
  CHECK(find_change(swapped, "added", "holidays in emea") == " => 2026-12-27, 2026-12-30");

  auto hours = compare_programs(*before, *build(edited(before_text, {{"Europe/Berlin\" {\n  mon-fri 09:00-17:00",
                                                                        "Europe/London\" {\n  mon-thu 09:00-17:00\n  fri 09:00-15:00"}})));
  CHECK(find_change(hours, "zone", "emea") == "Europe/Berlin => Europe/London");
  CHECK(find_change(hours, "hours", "emea") == "mon-fri 09:00-17:00 => mon-thu 09:00-17:00; fri 09:00-15:00");
  CHECK(find_change(hours, "hours", "americas") == "(none)");
  CHECK(hours.size() == 3);

  const std::string added_text = edited(before_text, {{"routes {", "calendar apac \"Asia/Tokyo\" {\n  mon-fri 09:00-18:00\n}\nroutes {"}});
  CHECK(find_change(compare_programs(*before, *build(added_text)), "added", "apac") ==
        " => Asia/Tokyo; mon-fri 09:00-18:00; 0 holidays");
}

// A new required lead field rejects every lead that lacks it: the summary
// names it, and every other change to what a record must hold, first.
TEST_CASE("compare_programs: lead fields and events added, removed or changed") {
  auto before = build(kBefore);
  const std::string after_text = edited(kBefore, {{"lead { email: string, size: int?, seen: time? }",
                                                   "lead { email: string, size: number?, region: string, tier: string?, hot: bool = false }"},
                                                  {"event visit { url: string }", "event visit { url: string, ref: string? }\nevent demo { who: string? }"}});
  auto after = build(after_text);
  const auto changes = compare_programs(*before, *after);
  CHECK(find_change(changes, "added", "region") == " => string, required: a record without it is rejected");
  CHECK(find_change(changes, "added", "tier") == " => string, optional");
  CHECK(find_change(changes, "added", "hot") == " => bool, default false");
  CHECK(find_change(changes, "removed", "seen") == "time, optional => ");
  CHECK(find_change(changes, "changed", "size") == "int, optional => number, optional");
  CHECK(find_change(changes, "added", "visit.ref") == " => string, optional");
  CHECK(find_change(changes, "added", "demo") == " => fields at, who");
  REQUIRE(!changes.empty());
  CHECK(changes.front().section == "lead");

  // The same in the text: a line of its own, not "program differs" alone.
  const std::string text = diff_text(diff_rules(*before, *build(edited(kBefore, {{"seen: time? }", "seen: time?, region: string }"}})), 0), {});
  CHECK(text.find("  lead     added    region          string, required: a record without it is rejected\n") != std::string::npos);
}

// `decay half_life` belongs to the score block: one change to it is one
// line, however many per-event rules the block has.
TEST_CASE("compare_programs: a block's half-life change is one line for the block") {
  const std::string before_text = R"(sla "t" version "1"
lead { email: string }
event visit { url: string }
event click { target: string }
score engagement window 30d decay half_life 10d {
  +4 per visit max 20
  +2 per visit where url starts_with "/pricing"
  +1 per click
}
stages { lead otherwise }
)";
  auto before = build(before_text);
  const auto changes = compare_programs(*before, *build(edited(before_text, {{"half_life 10d", "half_life 21d"}})));
  REQUIRE(changes.size() == 2);
  CHECK(changes[0].section == "score");
  CHECK(find_change(changes, "half-life", "engagement") == "10d => 21d");
  CHECK(changes[1].section == "program");
  // Decay added to a block: from none.
  std::string no_decay = before_text;
  no_decay.erase(no_decay.find(" decay half_life 10d"), 20);
  CHECK(find_change(compare_programs(*build(no_decay), *before), "half-life", "engagement") == "none => 10d");
}

TEST_CASE("DiffRun: matrix, route and deadline changes, rules fired, limits, rejected lines") {
  DiffSettings settings;
  settings.stream.as_of = 1795392000;  // 2026-11-23
  DiffRun run(build(kBefore), build(kAfter), settings);
  REQUIRE(run.error().empty());
  Rejection why;
  // A: fit 10 -> 16 (mql -> sql), B: fit 5 -> 5 (lead), C: fit 15 -> 21 (mql -> sql).
  CHECK(run.add(R"({"id":"A","email":"a@x.org","size":100})", why));
  CHECK(run.add(R"({"id":"B","email":"b@x.com"})", why));
  CHECK(run.add(R"({"id":"C","email":"c@x.com","size":500})", why));
  CHECK_FALSE(run.add(R"({"id":"D","size":"big"})", why));
  CHECK(why.id == "D");
  DiffResult r = run.result();
  CHECK(r.leads == 3);
  CHECK(r.rejected == 1);
  CHECK(r.stage_changed == 2);
  CHECK(r.matrix[1][0] == 2);  // mql -> sql
  CHECK(r.matrix[2][2] == 1);
  CHECK(r.matrix[0][0] == 0);
  REQUIRE(r.examples[1][0].size() == 2);
  CHECK(r.examples[1][0][0].id == "A");
  CHECK(r.examples[1][0][0].summary == "fit 10 -> 16, total 10 -> 16; stage mql -> sql");
  CHECK(r.route_changed == 2);
  CHECK(r.deadline_changed == 2);  // A and C: 2d -> 1h
  REQUIRE(r.route_changes.size() == 1);
  CHECK(r.route_changes[0].before == "team:sdr");
  CHECK(r.route_changes[0].after == "team:ae");
  REQUIRE(r.deadline_changes.size() == 1);
  CHECK(r.deadline_changes[0].before == "2d");
  CHECK(r.deadline_changes[0].after == "1h");
  CHECK(r.deadline_changes[0].count == 2);
  for (const auto& rule : r.rules) {
    if (rule.rule == "fit: when size >= 100") CHECK((rule.before == 2 && rule.after == 2));
    if (rule.rule == "fit: when size >= 10") CHECK((rule.text_before.empty() && rule.after == 2));
  }
  auto checks = check_limits(r, {{DiffLimit::any, "", 0.7}, {DiffLimit::to_stage, "sql", 0.6}, {DiffLimit::from_stage, "lead", 0}});
  CHECK_FALSE(checks[0].exceeded);
  CHECK(checks[1].exceeded);
  CHECK(checks[1].count == 2);
  CHECK_FALSE(checks[2].exceeded);
  // The JSON holds the matrix as rows of counts.
  CHECK(diff_json(r, checks).find("\"matrix\":[[0,0,0],[2,0,0],[0,0,1]]") != std::string::npos);
}

// Leads that were all rejected (or an export that came out empty): a share
// of no leads passes no limit, so each limit reads "not checked", in the
// text and in the JSON, never "ok".
TEST_CASE("check_limits: with no lead scored, no limit is checked") {
  DiffRun run(build(kBefore), build(kAfter), as_of_2026_11_23());
  Rejection why;
  CHECK_FALSE(run.add(R"({"id":"D","size":"big"})", why));
  const DiffResult r = run.result();
  REQUIRE(r.leads == 0);
  const auto checks = check_limits(r, {{DiffLimit::any, "", 0.05}, {DiffLimit::to_stage, "sql", 0}});
  REQUIRE(checks.size() == 2);
  for (const auto& c : checks) {
    CHECK_FALSE(c.checked);
    CHECK_FALSE(c.exceeded);
  }
  const std::string text = diff_text(r, checks);
  CHECK(text.find("  not checked  changed stage  no lead scored  limit 5%\n") != std::string::npos);
  CHECK(text.find("  not checked  moved to sql   no lead scored  limit 0%\n") != std::string::npos);
  CHECK(text.find("  ok  ") == std::string::npos);
  CHECK(diff_json(r, checks).find(R"({"what":"changed stage","limit":0.05,"limit_percent":"5%","checked":false,)"
                                  R"("count":0,"share":null,"share_percent":null,"exceeded":null})") != std::string::npos);

  // With leads, the same limits are checked.
  DiffRun scored(build(kBefore), build(kAfter), as_of_2026_11_23());
  CHECK(scored.add(R"({"id":"A","email":"a@x.org","size":100})", why));
  const auto checked = check_limits(scored.result(), {{DiffLimit::any, "", 0.05}});
  CHECK(checked[0].checked);
  CHECK(checked[0].exceeded);
  CHECK(diff_json(scored.result(), checked).find(R"("checked":true,"count":1,"share":1,"share_percent":"100.0%","exceeded":true})") !=
        std::string::npos);
}

// With no lead scored there is no mean, quantile, min or max: "-" in the
// text and null in the JSON, as for a share of nothing, never a 0.
TEST_CASE("DiffRun: scores over no lead have no mean, quantiles, min or max") {
  DiffRun run(build(kBefore), build(kAfter), as_of_2026_11_23());
  const DiffResult r = run.result();
  REQUIRE(r.leads == 0);
  const std::string text = diff_text(r, {});
  CHECK(text.find("  fit         before      0     -    -    -       -    -    -    -    -\n") != std::string::npos);
  CHECK(text.find("              shift             -    -    -       -    -    -\n") != std::string::npos);
  CHECK(diff_json(r, {}).find(R"("name":"fit","before":{"count":0,"missing":0,"mean":null,"min":null,"p10":null,)"
                              R"("p25":null,"p50":null,"p75":null,"p90":null,"max":null})") != std::string::npos);

  // One lead: its values, and a shift.
  Rejection why;
  CHECK(run.add(R"({"id":"A","email":"a@x.org","size":100})", why));
  const std::string one = diff_text(run.result(), {});
  CHECK(one.find("  fit         before      1    10   10   10      10   10   10   10   10\n") != std::string::npos);
  CHECK(diff_json(run.result(), {}).find(R"("name":"fit","before":{"count":1,"missing":0,"mean":10,"min":10,)") != std::string::npos);
}

// A renamed (or removed) stage is what the diff is about: the leads the CRM
// has in it are scored by the version without it as having no current stage
// (a new lead), counted and named, not rejected; a stage neither version has
// is still a rejected record.
TEST_CASE("DiffRun: a lead in a stage one version does not have is scored as having no current stage") {
  const std::string before = R"(sla "t" version "1"
lead { email: string, current_stage: string? }
stages {
  sql  when email ends_with ".com"
  mql  when email ends_with ".org"
  lead otherwise
}
lifecycle { lead -> mql -> sql }
)";
  DiffRun run(build(before), build(edited(before, {{"mql  when", "hot  when"}, {"lead -> mql -> sql", "lead -> hot -> sql"}})),
              as_of_2026_11_23());
  REQUIRE(run.error().empty());
  Rejection why;
  CHECK(run.add(R"({"id":"A","email":"a@x.com","current_stage":"lead"})", why));
  // In mql, which the new version renamed: by the rules sql, which the old
  // lifecycle allows from mql and the new one reaches as for a new lead.
  CHECK(run.add(R"({"id":"B","email":"b@x.com","current_stage":"mql"})", why));
  // In mql and staying there before; after, a new lead the rules put in hot.
  CHECK(run.add(R"({"id":"C","email":"c@x.org","current_stage":"mql"})", why));
  // In hot, which only the new version has.
  CHECK(run.add(R"({"id":"D","email":"d@x.net","current_stage":"hot"})", why));
  CHECK_FALSE(run.add(R"({"id":"E","email":"e@x.com","current_stage":"Marketing Qualified"})", why));
  CHECK(why.id == "E");
  CHECK(why.field == "current_stage");
  CHECK(why.message == "unknown stage \"Marketing Qualified\" (the stages are sql, mql, lead) (by the old SLA, 1)");
  DiffResult r = run.result();
  CHECK(r.leads == 4);
  CHECK(r.rejected == 1);
  REQUIRE(r.stage_not_in_after.size() == 1);
  CHECK(r.stage_not_in_after[0].stage == "mql");
  CHECK(r.stage_not_in_after[0].leads == 2);
  REQUIRE(r.stage_not_in_before.size() == 1);
  CHECK(r.stage_not_in_before[0].stage == "hot");
  CHECK(r.stage_not_in_before[0].leads == 1);
  CHECK(r.matrix[1][1] == 1);   // C: mql -> hot, a stage change
  CHECK(r.matrix[2][1] == 1);   // D: the new version holds it in hot (no move to lead), the old takes it for a new lead
  CHECK(r.stage_changed == 2);
  const std::string text = diff_text(r, {});
  CHECK(text.find("note: 1 lead is in a stage the old version does not have (hot: 1); it scored it as having no "
                  "current stage\n") != std::string::npos);
  CHECK(text.find("note: 2 leads are in a stage the new version does not have (mql: 2); it scored them as having no "
                  "current stage\n") != std::string::npos);
  const std::string json = diff_json(r, {});
  CHECK(json.find(R"("stage_not_in_before":[{"stage":"hot","leads":1}],"stage_not_in_after":[{"stage":"mql","leads":2}])") !=
        std::string::npos);
}

TEST_CASE("DiffRun: a lead moved by a new lifecycle move is said to be moved by the lifecycle") {
  const std::string before = R"(sla "t" version "1"
lead { email: string, cold: bool = false, current_stage: string? }
stages {
  mql  when email ends_with ".com"
  lead otherwise
}
lifecycle { lead -> mql }
)";
  DiffRun run(build(before), build(edited(before, {{"lead -> mql", "lead -> mql\n  mql -> lead when cold"}})),
              as_of_2026_11_23());
  REQUIRE(run.error().empty());
  Rejection why;
  // The rules say lead (not .com); the CRM says mql: held in mql before, moved back after.
  CHECK(run.add(R"({"id":"A","email":"a@x.org","cold":true,"current_stage":"mql"})", why));
  DiffResult r = run.result();
  REQUIRE(r.examples[0][1].size() == 1);
  CHECK(r.examples[0][1][0].summary ==
        "stage mql -> lead with the same scores and the same stage by the rules: the lifecycle changed");
}

TEST_CASE("DiffRun: a changed escalation cadence is counted per lead") {
  const std::string before = R"(sla "t" version "1"
lead { email: string }
stages {
  sql  when email ends_with ".com"
  lead otherwise
}
routes {
  sql -> "team:ae" within 4h
    escalate to "manager:sales" after 9h
}
)";
  DiffRun run(build(before), build(edited(before, {{"after 9h", "after 2h"}})), as_of_2026_11_23());
  REQUIRE(run.error().empty());
  Rejection why;
  CHECK(run.add(R"({"id":"A","email":"a@x.com"})", why));  // sql: escalated after 2h instead of 9h
  CHECK(run.add(R"({"id":"B","email":"b@x.org"})", why));  // lead: no route, no cadence
  DiffResult r = run.result();
  CHECK(r.has_cadence);
  CHECK(r.cadence_changed == 1);
  CHECK(r.deadline_changed == 0);
  REQUIRE(r.cadence_changes.size() == 1);
  CHECK(r.cadence_changes[0].before == "manager:sales after 9h");
  CHECK(r.cadence_changes[0].after == "manager:sales after 2h");
  CHECK(diff_text(r, {}).find("0 change deadline (0.0%), 1 change cadence (50.0%)") != std::string::npos);
  CHECK(diff_json(r, {}).find("\"cadence_changed\":1") != std::string::npos);
}

namespace {
std::pair<std::string, std::string> percents(double share, double given_percent) {
  return limit_percents(share, DiffLimit{DiffLimit::any, "", given_percent / 100, given_percent});
}
}  // namespace

TEST_CASE("limit_percents: the limit as given, the share with the decimals that compare with it") {
  using Pair = std::pair<std::string, std::string>;
  CHECK(percents(0.0008, 0.05) == Pair{"0.08%", "0.05%"});
  CHECK(percents(0.25, 5) == Pair{"25.0%", "5%"});
  CHECK(percents(0.05, 5) == Pair{"5.0%", "5%"});
  CHECK(percents(0.000012, 0.001) == Pair{"0.0012%", "0.001%"});
  CHECK(percents(0.0500001, 5) == Pair{"5.00001%", "5%"});
  // 1 lead of 1,333 against 0.075%: not "0.08%" against "0.07%".
  CHECK(percents(1.0 / 1333, 0.075) == Pair{"0.07502%", "0.075%"});
  CHECK(percents(1.0 / 1333, 0.049) == Pair{"0.075%", "0.049%"});
  CHECK(percents(0.0004, 0.05) == Pair{"0.04%", "0.05%"});
  CHECK(percents(0.0025, 0.25) == Pair{"0.25%", "0.25%"});
  CHECK(percents(0.013151, 1.315) == Pair{"1.3151%", "1.315%"});
  CHECK(percents(0.5, 50.0000001) == Pair{"50.0000000%", "50.0000001%"});
}

TEST_CASE("DiffRun: a deadline whose start moves is a changed deadline, and says where it counts from") {
  // Version 2 reads since when the lead is in its stage: an SQL since a week
  // keeps the deadline it got then, 4h as before but from another start.
  const std::string before = R"(sla "t" version "1"
lead { email: string, current_stage: string?, in_stage_at: time? }
stages {
  sql  when email ends_with ".com"
  lead otherwise
}
lifecycle { lead -> sql }
routes { sql -> "team:ae" within 4h }
)";
  std::string after = before;
  after.replace(after.find("version \"1\""), 11, "version \"2\"");
  after.replace(after.find("lifecycle {"), 11, "lifecycle from current_stage since in_stage_at {");
  DiffSettings settings;
  settings.stream.as_of = 1795392000;  // 2026-11-23
  DiffRun run(build(before), build(after), settings);
  REQUIRE(run.error().empty());
  Rejection why;
  CHECK(run.add(R"({"id":"A","email":"a@x.com","current_stage":"sql","in_stage_at":"2026-11-16T00:00:00Z"})", why));
  CHECK(run.add(R"({"id":"B","email":"b@x.com","current_stage":"lead","in_stage_at":"2026-11-16T00:00:00Z"})", why));
  DiffResult r = run.result();
  CHECK(r.stage_changed == 0);
  CHECK(r.deadline_changed == 1);  // A, which stays an SQL; B enters sql now in both
  REQUIRE(r.deadline_changes.size() == 1);
  CHECK(r.deadline_changes[0].before == "4h");
  CHECK(r.deadline_changes[0].after == "4h from the stage's start");
}

// A deadline counted in working time reads as the SLA writes it, not as
// the clock hours until it (8h from Monday 00:00 in Berlin is 17h of clock).
TEST_CASE("DiffRun: a deadline in working time reads as the SLA's figure on its calendar") {
  const std::string before = R"(sla "t" version "1"
lead { email: string }
calendar office "Europe/Berlin" {
  mon-fri 09:00-12:30, 13:30-18:00
}
stages {
  sql  when email ends_with ".com"
  mql  when email ends_with ".org"
  lead otherwise
}
routes {
  sql -> "team:ae" within 8h on office
  mql -> "team:sdr" within 2d
}
)";
  DiffRun run(build(before), build(edited(before, {{"within 8h on office", "within 6h on office"},
                                                   {"mon-fri 09:00-12:30", "mon-fri 08:00-12:30"},
                                                   {"within 2d", "within 1d"}})),
              as_of_2026_11_23());
  REQUIRE(run.error().empty());
  Rejection why;
  CHECK(run.add(R"({"id":"A","email":"a@x.com"})", why));
  CHECK(run.add(R"({"id":"B","email":"b@x.org"})", why));
  DiffResult r = run.result();
  REQUIRE(r.deadline_changes.size() == 2);
  CHECK(r.deadline_changes[0].before == "2d");
  CHECK(r.deadline_changes[0].after == "1d");
  CHECK(r.deadline_changes[1].before == "8h on office");
  CHECK(r.deadline_changes[1].after == "6h on office");

  // The same working time on a calendar whose hours changed: the due time moved.
  DiffRun hours(build(before), build(edited(before, {{"mon-fri 09:00-12:30", "mon-fri 08:00-12:30"}})),
                as_of_2026_11_23());
  CHECK(hours.add(R"({"id":"A","email":"a@x.com"})", why));
  r = hours.result();
  REQUIRE(r.deadline_changes.size() == 1);
  CHECK(r.deadline_changes[0].before == "8h on office");
  CHECK(r.deadline_changes[0].after == "8h on office (due time moved)");
}

// An escalation delay in working time reads as the SLA writes it too (a
// delay of 24h of working time read "1d").
TEST_CASE("DiffRun: an escalation delay in working time reads as the SLA's figure on its calendar") {
  const std::string before = R"(sla "t" version "1"
lead { email: string }
calendar office "Europe/Berlin" {
  mon-fri 09:00-17:00
}
stages {
  sql  when email ends_with ".com"
  lead otherwise
}
routes {
  sql -> "team:ae" within 8h on office
    escalate to "manager:ae" after 24h on office
    escalate to "director" after 2d
}
)";
  DiffRun run(build(before), build(edited(before, {{"after 24h on office", "after 16h on office"}})),
              as_of_2026_11_23());
  REQUIRE(run.error().empty());
  Rejection why;
  CHECK(run.add(R"({"id":"A","email":"a@x.com"})", why));
  DiffResult r = run.result();
  REQUIRE(r.cadence_changes.size() == 1);
  CHECK(r.cadence_changes[0].before == "manager:ae after 24h on office; director after 2d");
  CHECK(r.cadence_changes[0].after == "manager:ae after 16h on office; director after 2d");
}

TEST_CASE("ReportRun: conversion by stage, rule lift, thresholds and the catch threshold") {
  std::vector<OutcomeError> errors;
  auto outcomes = std::make_shared<const Outcomes>(Outcomes::parse("id,outcome\nA,won\nC,won\nB,lost\n", errors));
  ReportSettings settings;
  settings.stream.as_of = 1795392000;
  settings.catch_share = 0.5;
  settings.bands["fit"] = {10};
  ReportRun run(build(kBefore), outcomes, settings);
  REQUIRE(run.error().empty());
  Rejection why;
  CHECK(run.add(R"({"id":"A","email":"a@x.org","size":100})", why));    // fit 10, mql, won
  CHECK(run.add(R"({"id":"B","email":"b@x.com"})", why));               // fit 5, lead, lost
  CHECK(run.add(R"({"id":"C","email":"c@x.com","size":500})", why));    // fit 15, mql, won
  CHECK(run.add(R"({"id":"E","email":"e@x.com","size":150})", why));    // fit 15, mql, nothing
  ReportResult r = run.result();
  CHECK(r.leads == 4);
  CHECK(r.won_index == 0);
  CHECK(r.by_stage[0].leads == 0);        // sql
  CHECK(r.by_stage[1].leads == 3);        // mql
  CHECK(r.by_stage[1].converted[0] == 2);  // won
  CHECK(r.by_stage[2].converted[1] == 1);  // lead: lost
  // "+10 when size >= 100": fired on A, C, E (2 won); others: B (0 won).
  CHECK(r.rules[0].fired == 3);
  CHECK(r.rules[0].fired_converted[0] == 2);
  CHECK(r.rules[0].others == 1);
  CHECK(r.rules[0].others_converted[0] == 0);
  REQUIRE(r.bands.size() >= 1);
  CHECK(r.bands[0].measure == "fit");
  REQUIRE(r.bands[0].bands.size() == 2);
  CHECK(r.bands[0].bands[0].leads == 1);
  CHECK(r.bands[0].bands[1].leads == 3);
  REQUIRE(r.thresholds.size() == 2);
  const auto& sql = r.thresholds[0];  // total >= 20: nobody passes
  CHECK(sql.passing == 0);
  CHECK(sql.has_catch);
  CHECK(sql.catch_value == 15);  // half the won leads (C) have total >= 15
  CHECK(sql.catch_passing == 2);
  const auto& mql = r.thresholds[1];  // fit >= 10: A, C, E pass; both won
  CHECK(mql.passing == 3);
  CHECK(mql.won_passing == 2);
  CHECK(report_text(r).find("By fit band (--bands)") != std::string::npos);
}

// A band's label holds for every lead counted in it, whatever the values:
// --bands edges are compared with each lead's value (an edge need not lie on
// the bins' grid, which a lead of 1e308 makes 1e304 wide), deciles are bin
// edges, and values past 1e15 are no longer clamped into one band.
TEST_CASE("ReportRun: band labels hold for any finite value") {
  const char* sla = R"(sla "t" version "1"
lead { x: number? }
export let xx = x
stages { lead otherwise }
)";
  std::vector<OutcomeError> errors;
  auto outcomes = std::make_shared<const Outcomes>(Outcomes::parse("id,outcome\nA,won\n", errors));
  auto band_counts = [&](const std::vector<double>& values, const std::vector<double>& edges) {
    ReportSettings settings;
    settings.stream.as_of = 1795392000;
    if (!edges.empty()) settings.bands["xx"] = edges;
    ReportRun run(build(sla), outcomes, settings);
    REQUIRE(run.error().empty());
    Rejection why;
    for (double v : values) REQUIRE(run.add(fmt::format(R"({{"x":{}}})", v), why));
    std::vector<std::pair<std::string, std::uint64_t>> out;
    const ReportResult r = run.result();
    for (const auto& b : r.bands.at(0).bands) out.emplace_back(b.label, b.leads);
    return out;
  };
  using Bands = std::vector<std::pair<std::string, std::uint64_t>>;
  CHECK(band_counts({10, 70, 1e308}, {50}) == Bands{{"< 50", 1}, {">= 50", 2}});
  CHECK(band_counts({-1e308, 5, 1e308}, {0, 10}) == Bands{{"< 0", 1}, {"0 to < 10", 1}, {">= 10", 1}});
  CHECK(band_counts({-1e308, 1e308}, {}) == Bands{{"< 1e+308", 1}, {">= 1e+308", 1}});
  std::vector<double> large;
  for (int i = 1; i <= 10; ++i) large.push_back(i * 1e16);
  CHECK(band_counts(large, {}) == Bands{{"< 2e+16", 1},
                                       {"2e+16 to < 3e+16", 1},
                                       {"3e+16 to < 4e+16", 1},
                                       {"4e+16 to < 5e+16", 1},
                                       {"5e+16 to < 6e+16", 1},
                                       {"6e+16 to < 7e+16", 1},
                                       {"7e+16 to < 8e+16", 1},
                                       {"8e+16 to < 9e+16", 1},
                                       {">= 9e+16", 2}});

  ReportSettings nan_edge;
  nan_edge.bands["xx"] = {0, std::numeric_limits<double>::quiet_NaN()};
  CHECK(ReportRun(build(sla), outcomes, nan_edge).error() == "--bands xx: give increasing finite edges, e.g. xx=0,20,40");
}

TEST_CASE("--as-of-field: each lead at its own time, a lead without one is rejected") {
  DiffSettings settings;
  settings.stream.as_of_field = "seen";
  DiffRun run(build(kBefore), build(kAfter), settings);
  REQUIRE(run.error().empty());
  Rejection why;
  // One visit: 4 points on its day, half after 10 days (before) or less after 7 (after).
  CHECK(run.add(R"({"id":"A","email":"a@x.org","seen":"2026-11-11","events":[{"type":"visit","at":"2026-11-01","url":"/"}]})", why));
  CHECK_FALSE(run.add(R"({"id":"B","email":"b@x.org"})", why));
  CHECK(why.field == "seen");
  DiffResult r = run.result();
  CHECK(r.scores[1].name == "engagement");
  CHECK(r.scores[1].before.mean == doctest::Approx(2));
  CHECK(r.scores[1].after.mean == doctest::Approx(4 * std::pow(0.5, 10.0 / 7)));

  DiffSettings wrong;
  wrong.stream.as_of_field = "email";
  DiffRun bad(build(kBefore), build(kAfter), wrong);
  CHECK(bad.error().find("must be a time") != std::string::npos);
}

// Layout and comments are no change; texts are compared and shown as
// `baton fmt` lays them out.
TEST_CASE("canonical_text: the formatter's layout of a rule, an arm, a route") {
  CHECK(canonical_text("+20  when   company_size>=2000") == "+20 when company_size >= 2000");
  CHECK(canonical_text("-40 when is_free_mail( email )") == "-40 when is_free_mail(email)");
  CHECK(canonical_text("+12 per content_download where kind == \"case-study\"   # proof\n      max 24") ==
        "+12 per content_download where kind == \"case-study\" max 24");
  CHECK(canonical_text("+1  per page_view where not (url starts_with \"/pricing\"\n      or url starts_with \"/d # x\")") ==
        "+1 per page_view where not (url starts_with \"/pricing\" or url starts_with \"/d # x\")");
  CHECK(canonical_text("sql when any(demo_request within 30d)or x.y>-2") == "sql when any(demo_request within 30d) or x.y > -2");
  CHECK(canonical_text("mql when title matches /\\b(vp|head)\\b/i and n in {\"a\",\"b\"}") ==
        "mql when title matches /\\b(vp|head)\\b/i and n in {\"a\", \"b\"}");
  CHECK(canonical_text("customer->\"team:am\" within 2d") == "customer -> \"team:am\" within 2d");
  CHECK(canonical_text("total / 2 >= 10 - 3 and seen > 2026-11-01T09:00:00Z") ==
        "total / 2 >= 10 - 3 and seen > 2026-11-01T09:00:00Z");
}

TEST_CASE("compare_programs: a reformatted or commented file is no change, and other changes show canonically") {
  const std::string before_text = R"(sla "t" version "1"
lead { email: string, size: int?, current_stage: string? }
event visit { url: string }
score fit { +20 when size >= 2000
  +5 when email ends_with ".com" }
score engagement { +1 per visit where url starts_with "/pricing" max 10 }
export let total = fit + engagement
stages {
  sql  when total >= 75 and fit >= 20
  mql  when total >= 20
  lead otherwise
}
lifecycle { lead -> mql -> sql }
routes { sql when size >= 2000 -> "team:ent" within 4h }
)";
  const std::string layout = edited(before_text, {{"+20 when size >= 2000", "+20  when   size>=2000  # big"},
                                                  {"where url starts_with \"/pricing\" max 10", "where url starts_with \"/pricing\"  # proof\n    max 10"},
                                                  {"total >= 75 and fit >= 20", "(total >= 75) and fit>=20"},
                                                  {"lead -> mql -> sql", "lead -> mql\n  mql -> sql"},
                                                  {"sql when size >= 2000 ->", "sql when size >= 2000\n    ->"}});
  auto before = build(before_text);
  CHECK(compare_programs(*before, *build(layout)).empty());
  std::string version_only = layout;
  version_only.replace(version_only.find("version \"2\""), 11, "version \"1\"");
  DiffResult r = diff_rules(*before, *build(version_only), 0);
  CHECK(diff_text(r, {}).find("nothing: both versions compile to the same rules") != std::string::npos);

  // With a real change beside the new layout, only the change, in canonical
  // form. (Brackets the formatter keeps are kept: `(total >= 75) and ...`
  // is then a changed arm, as `baton fmt` would print it.)
  auto with = [&](const std::string& from, const std::string& to) {
    std::string text = layout;
    text.replace(text.find("(total >= 75) and"), 17, "total >= 75 and");
    text.replace(text.find(from), from.size(), to);
    return build(text);
  };
  auto changed = compare_programs(*before, *with("+5 when", "+6 when"));
  REQUIRE(changed.size() == 2);
  CHECK(find_change(changed, "reweighted", "fit: when email ends_with \".com\"") == "+5 => +6");
  CHECK(changed[1].section == "program");
  auto route = compare_programs(*before, *with("within 4h", "within 2h"));
  CHECK(find_change(route, "changed", "sql when size >= 2000") == "-> \"team:ent\" within 4h => -> \"team:ent\" within 2h");
}

// Routes: two arms of one stage without a condition, the first given one.
// Numbered by occurrence ("sql", "sql (#2)"), the second arm took the
// first's name and looked changed; paired by content, only the first is.
TEST_CASE("compare_programs: route arms are paired by content, not by position") {
  const std::string before_text = R"(sla "t" version "1"
lead { email: string, size: int?, owner: string? }
stages { sql otherwise }
routes {
  sql -> owner within 4h
  sql -> "team:pool" within 4h
}
)";
  auto before = build(before_text);
  auto guarded = compare_programs(*before, *build(edited(before_text, {{"  sql -> owner", "  sql when present(owner) -> owner"}})));
  CHECK(find_change(guarded, "changed", "sql") == "sql -> owner within 4h => sql when present(owner) -> owner within 4h");
  for (const auto& c : guarded)
    CHECK_MESSAGE((c.section == "program" || c.before.find("team:pool") == std::string::npos),
                  std::string(c.section + " " + c.kind + " " + c.subject + ": " + c.before));
  // A new arm before the others: added, the others untouched.
  auto inserted = compare_programs(*before, *build(edited(before_text, {{"  sql -> owner", "  sql when size >= 2000 -> \"team:ent\" within 4h\n  sql -> owner"}})));
  CHECK(find_change(inserted, "added", "sql when size >= 2000") == " => -> \"team:ent\" within 4h");
  for (const auto& c : inserted) CHECK_MESSAGE((c.kind == "added" || c.section == "program"), std::string(c.section + " " + c.kind + " " + c.subject));
  // The destination of an arm changed: a changed route, named by its stage and condition.
  auto moved = compare_programs(*before, *build(edited(before_text, {{"\"team:pool\" within 4h", "\"team:pool\" within 2h"}})));
  CHECK(find_change(moved, "changed", "sql") == "-> \"team:pool\" within 4h => -> \"team:pool\" within 2h");
  // The two arms swapped: first match wins, so the order is a change.
  auto swapped = compare_programs(
      *before, *build(edited(before_text, {{"  sql -> owner within 4h\n  sql -> \"team:pool\" within 4h",
                                            "  sql -> \"team:pool\" within 4h\n  sql -> owner within 4h"}})));
  CHECK(find_change(swapped, "reordered", "sql") ==
        "sql -> owner within 4h; sql -> \"team:pool\" within 4h => sql -> \"team:pool\" within 4h; sql -> owner within 4h");
}

TEST_CASE("compare_programs: stage arms are paired by content, not by position") {
  const std::string before_text = R"(sla "t" version "1"
lead { email: string, size: int?, hot: bool = false }
score fit { +10 when size >= 100 }
export let total = fit
stages {
  sql  when hot
  sql  when total >= 75
  mql  when total >= 50 and size >= 10
  mql  when total >= 30
  lead otherwise
}
)";
  auto before = build(before_text);
  // A new first sql arm: added, and nothing moved.
  auto inserted = compare_programs(*before, *build(edited(before_text, {{"  sql  when hot", "  sql  when total >= 95\n  sql  when hot"}})));
  CHECK(find_change(inserted, "added", "sql (arm 1)") == " => when total >= 95");
  for (const auto& c : inserted) CHECK_MESSAGE((c.kind == "added" || c.section == "program"), std::string(c.section + " " + c.kind + " " + c.subject));

  // The two mql arms swapped: reordered, no threshold moved.
  auto swapped = compare_programs(
      *before, *build(edited(before_text, {{"  mql  when total >= 50 and size >= 10\n  mql  when total >= 30",
                                            "  mql  when total >= 30\n  mql  when total >= 50 and size >= 10"}})));
  CHECK(find_change(swapped, "reordered", "mql") ==
        "when total >= 50 and size >= 10; when total >= 30 => when total >= 30; when total >= 50 and size >= 10");
  CHECK(find_change(swapped, "moved", "total >= (in mql)") == "(none)");
  CHECK(find_change(swapped, "reordered", "first match wins") == "(none)");
  REQUIRE(swapped.size() == 2);  // and the program line

  // One constant of one arm: that arm changed, its threshold moved.
  auto moved = compare_programs(*before, *build(edited(before_text, {{"total >= 30", "total >= 35"}})));
  CHECK(find_change(moved, "changed", "mql (arm 2)") == "when total >= 30 => when total >= 35");
  CHECK(find_change(moved, "moved", "total >= (in mql)") == "30 => 35");
  REQUIRE(moved.size() == 3);
}

TEST_CASE("compare_programs: a rule that repeats a condition is a rule of its own") {
  const std::string before_text = R"(sla "t" version "1"
lead { email: string, country: string? }
score fit { +5 when country == "PT" }
stages { mql when fit >= 5
  lead otherwise }
)";
  const std::string after_text = edited(before_text, {{"+5 when country == \"PT\"", "+5 when country == \"PT\"\n  +5 when country == \"PT\""}});
  auto before = build(before_text), after = build(after_text);
  auto changes = compare_programs(*before, *after);
  CHECK(find_change(changes, "added", "fit: when country == \"PT\" (#2)") == " => +5");
  DiffRun run(before, after, as_of_2026_11_23());
  Rejection why;
  CHECK(run.add(R"({"id":"A","email":"a@x.pt","country":"PT"})", why));
  DiffResult r = run.result();
  REQUIRE(r.rules.size() == 2);
  CHECK(r.rules[1].rule == "fit: when country == \"PT\" (#2)");
  CHECK(r.rules[1].text_before.empty());
  CHECK(r.rules[1].after == 1);
}

TEST_CASE("compare_programs: lifecycle moves, each once, however the lines are written") {
  const std::string before_text = R"(sla "t" version "1"
lead { email: string, current_stage: string? }
stages {
  sql  when email ends_with ".com"
  mql  when email ends_with ".org"
  lead otherwise
}
lifecycle { lead -> mql -> sql }
)";
  auto before = build(before_text);
  auto renamed = compare_programs(*before, *build(edited(before_text, {{"  mql  when", "  mktql when"}, {"lead -> mql -> sql", "lead -> mktql -> sql"}})));
  std::vector<std::string> moves;
  for (const auto& c : renamed)
    if (c.section == "lifecycle") moves.push_back(c.kind + " " + c.subject);
  CHECK(moves == std::vector<std::string>{"removed lead -> mql", "removed mql -> sql", "added lead -> mktql", "added mktql -> sql"});
  auto split = compare_programs(*before, *build(edited(before_text, {{"lead -> mql -> sql", "lead -> mql\n  mql -> sql"}})));
  CHECK(split.empty());
}

TEST_CASE("distribution_of: quantiles stay within min and max") {
  ValueBins one;
  one.add(45.4799);
  Distribution d = distribution_of(one, 0);
  CHECK(d.p10 == 45.4799);
  CHECK(d.p50 == 45.4799);
  CHECK(d.p90 == 45.4799);
  ValueBins many;
  for (double v : {20.0999, 25.0, 30.0, 37.6999, 37.6999}) many.add(v);
  d = distribution_of(many, 0);
  CHECK(d.min == 20.0999);
  CHECK(d.p10 == doctest::Approx(20.0999 + 0.4 * (25 - 20.0999)));  // from the min, not 20.09, the edge of its bin
  CHECK(d.p90 == 37.6999);  // the max's bin: the max, not 37.69
  CHECK(d.p50 == 30);
}

// The median people compute: of an even count, the mean of the two middle
// values; the other quantiles interpolate between the values around them.
TEST_CASE("distribution_of: the median of an even count is the mean of the two middle values") {
  ValueBins two;
  for (double v : {2.0, 10.0}) two.add(v);
  Distribution d = distribution_of(two, 0);
  CHECK(d.p50 == 6);
  CHECK(d.p25 == 4);
  CHECK(d.p75 == 8);
  ValueBins four;
  for (double v : {40.0, 28.0, -22.0, 30.0}) four.add(v);
  d = distribution_of(four, 0);
  CHECK(d.p50 == 29);
  CHECK(d.p25 == doctest::Approx(15.5));  // rank 1.75: -22 + 0.75 * (28 - -22)
  CHECK(d.p10 == doctest::Approx(-7));    // rank 1.3
  CHECK(d.p90 == doctest::Approx(37));    // rank 3.7
  ValueBins eleven;
  for (int i = 0; i <= 10; ++i) eleven.add(i * 1.5);
  d = distribution_of(eleven, 0);
  CHECK(d.p10 == 1.5);  // rank 2 exactly, no interpolation noise
  CHECK(d.p50 == 7.5);
  CHECK(d.p90 == 13.5);
}

TEST_CASE("Duplicate lead records: each lead counts once, by its first record") {
  std::vector<OutcomeError> errors;
  auto outcomes = std::make_shared<const Outcomes>(Outcomes::parse("id,outcome\nA,won\n", errors));
  ReportSettings settings;
  settings.stream.as_of = 1795392000;
  ReportRun report(build(kBefore), outcomes, settings);
  Rejection why;
  CHECK(report.add(R"({"id":"A","email":"a@x.org","size":100})", why));
  CHECK(report.add(R"({"id":"B","email":"b@x.com"})", why));
  CHECK(report.add(R"({"id":"A","email":"a@x.org","size":100})", why));
  CHECK(report.add(R"({"id":"A","email":"a@x.org"})", why));
  ReportResult r = report.result();
  CHECK(r.leads == 2);
  CHECK(r.leads_with_outcome == 1);
  CHECK(r.total.converted[0] == 1);
  CHECK(r.duplicates.records == 2);
  CHECK(r.duplicates.ids == 1);
  CHECK(duplicates_text(r.duplicates) ==
        "1 lead id in more than one record (\"A\": 3 records); each lead counted once, by its first record, 2 records left out");
  CHECK(report_json(r).find("\"duplicates\":{\"records\":2,\"ids\":1,\"named\":[{\"id\":\"A\",\"records\":3}]}") != std::string::npos);

  DiffRun diff(build(kBefore), build(kAfter), as_of_2026_11_23());
  CHECK(diff.add(R"({"id":"A","email":"a@x.org","size":100})", why));
  CHECK(diff.add(R"({"id":"A","email":"a@x.org","size":100})", why));
  DiffResult d = diff.result();
  CHECK(d.leads == 1);
  CHECK(d.matrix[1][0] == 1);
  CHECK(d.duplicates.records == 1);

  // Ids are quoted: an empty one still shows, and reads apart from the next.
  DiffRun blank(build(kBefore), build(kAfter), as_of_2026_11_23());
  for (const char* line : {R"({"id":"","email":"a@x.org"})", R"({"id":"7","email":"a@x.org"})", R"({"id":"","email":"a@x.org"})",
                           R"({"id":"7","email":"a@x.org"})"})
    CHECK(blank.add(line, why));
  CHECK(duplicates_text(blank.result().duplicates) ==
        R"(2 lead ids in more than one record ("": 2 records, "7": 2 records); each lead counted once, by its first record, 2 records left out)");
}

TEST_CASE("Outcomes: a key given twice on a line is an error") {
  std::vector<OutcomeError> errors;
  auto o = Outcomes::parse("{\"id\":\"L1\",\"outcome\":\"won\",\"outcome\":\"lost\"}\n{\"id\":\"L2\",\"outcome\":\"won\",\"x\":1}\n", errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].line == 1);
  CHECK(errors[0].field == "outcome");
  CHECK(errors[0].message == "given twice");
  CHECK(o.find("L1") == nullptr);
  CHECK(o.find("L2") != nullptr);
}

// An arm holding a set of thousands of items against an edited copy: the
// common start and end are paired first, and the table between them stays
// small (it grew with the square of the arm's length: a gigabyte here).
TEST_CASE("common_pairs: the common start and end first, the table only between them") {
  auto pairs_of = [](const std::string& a, const std::string& b) {
    return common_pairs(a.size(), b.size(), [&](std::size_t i, std::size_t j) { return a[i] == b[j]; });
  };
  using Pairs = std::vector<std::pair<std::size_t, std::size_t>>;
  CHECK(pairs_of("abcxdef", "abcydef") == Pairs{{0, 0}, {1, 1}, {2, 2}, {4, 4}, {5, 5}, {6, 6}});
  CHECK(pairs_of("axbyc", "abc") == Pairs{{0, 0}, {2, 1}, {4, 2}});  // the middle by the table
  CHECK(pairs_of("", "abc").empty());
  CHECK(pairs_of("aaa", "aa").size() == 2);
  std::vector<int> a(200000), b(200000);
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = b[i] = static_cast<int>(i);
  b[100000] = -1;  // one item changed in the middle of a long arm
  auto pairs = common_pairs(a.size(), b.size(), [&](std::size_t i, std::size_t j) { return a[i] == b[j]; });
  CHECK(pairs.size() == a.size() - 1);
}
