// The explain section (format v5; lifecycle moves v6): what the compiler puts in it, that the
// verifier rejects every corrupt index in it, that it survives the file
// format, and what explain makes of it: parts with the values that decided
// them, numbers rounded for people, times in a zone.
#include <doctest/doctest.h>

#include "../support/compile_text.hpp"

#include <algorithm>
#include <functional>
#include <string>

#include "../support/old_layout.hpp"
#include "baton/compile.hpp"
#include "baton/evaluate.hpp"
#include "baton/explain.hpp"
#include "baton/runtime/program_io.hpp"

using namespace baton;

namespace {

constexpr std::string_view kSla = R"(sla "parts" version "1"
lead {
  company_size: int
  country: string
  accepted: bool = false
  budget: number?
}
event visit { url: string }
const emea = {"DE", "FR", "GB"}
let big = company_size >= 1000
export let visits = count(visit within 30d)
score fit max 50 {
  +20 when company_size between 200 and 5000
  +10 when country in emea
  +2.5 per visit where url starts_with "/pricing" within 30d max 10
}
stages {
  sql when accepted or (big and country in emea) or budget >= 5000
  mql when fit >= 20 and not (country == "US")
  lead otherwise
}
routes {
  sql -> "ae:pool"
  mql when visits > 2 -> "nurture:hot"
  mql -> "nurture:mid"
}
)";

constexpr std::int64_t kAsOf = 1795392000;  // 2026-11-23T00:00:00Z

ProgramImage compiled_image() { return testing::compile_text(kSla, "parts.baton")->image(); }

std::string rejected(const std::function<void(ProgramImage&)>& mutate) {
  ProgramImage im = compiled_image();
  mutate(im);
  return verify_image(im);
}

#define CHECK_REJECTED(message, ...)                                            \
  do {                                                                          \
    const std::string error = rejected([&](ProgramImage& im) { __VA_ARGS__; }); \
    INFO("error: ", error);                                                     \
    CHECK(error.find(message) != std::string::npos);                            \
  } while (0)

const ExplainCondition& condition(const ProgramImage& im, ExplainOwner owner, std::uint16_t index) {
  for (const ExplainCondition& c : im.explain.conditions)
    if (c.owner == owner && c.index == index) return c;
  FAIL("no such condition");
  return im.explain.conditions.front();
}

std::size_t condition_index(const ProgramImage& im, ExplainOwner owner, std::uint16_t index) {
  return static_cast<std::size_t>(&condition(im, owner, index) - im.explain.conditions.data());
}

std::string explain(const std::string& lead, ExplainStyle style = {}, bool json = false) {
  auto program = testing::compile_text(kSla, "parts.baton");
  RecordDecoder decoder(program);
  Record record;
  DecodeError error;
  REQUIRE(decoder.decode(lead, record, error));
  Evaluator evaluator(program);
  const Decision& d = evaluator.evaluate(record, kAsOf, true);
  std::string out;
  if (json) append_explain_json(*program, record, d, out);
  else append_explain_text(*program, record, d, out, style);
  return out;
}

}  // namespace

TEST_CASE("the compiler explains every condition, part by part") {
  const ProgramImage im = compiled_image();
  // Two `when` rules, two conditional stage arms, one conditional route arm.
  CHECK(im.explain.conditions.size() == 5);
  const ExplainCondition& sql = condition(im, ExplainOwner::stage, 0);
  REQUIRE(sql.nodes.size() == 6);  // or(accepted, and(big, in), >=)
  CHECK(sql.nodes[0].kind == ExplainNodeKind::or_);
  CHECK(sql.nodes[0].children == 3);
  CHECK(sql.nodes[1].text == "accepted");
  CHECK(sql.nodes[2].kind == ExplainNodeKind::and_);
  CHECK(sql.nodes[2].text == "(big and country in emea)");
  CHECK(sql.nodes[4].op == "in");
  CHECK(sql.nodes[4].operands[1].reg == bc::kNone);  // a const: its name says it
  CHECK(sql.nodes[5].op == ">=");
  CHECK(sql.nodes[5].operands[0].text == "budget");
  CHECK(im.chunks[sql.chunk].event == bc::kNone);
  REQUIRE(im.explain.lets.size() == 1);
  CHECK(im.explain.lets[0].name == "big");
  REQUIRE(im.explain.aggregates.size() == 1);
  CHECK(im.explain.aggregates[0].text == "count(visit within 30d)");
  CHECK(verify_image(im) == "");
}

TEST_CASE("the explain section survives the file format") {
  const ProgramImage im = compiled_image();
  const std::vector<std::uint8_t> bytes = write_image(im);
  ProgramImage back;
  std::string error;
  REQUIRE(read_image(bytes, back, error));
  CHECK(write_image(back) == bytes);
  CHECK(back.explain.conditions.size() == im.explain.conditions.size());
  CHECK(back.explain.conditions[2].nodes[0].text == im.explain.conditions[2].nodes[0].text);
}

TEST_CASE("the explain section is not part of the fingerprint") {
  const ProgramImage im = compiled_image();
  ProgramImage reworded = im;
  reworded.explain.conditions[0].nodes[0].text = "reformatted";
  reworded.explain.lets.clear();
  CHECK(fingerprint_of(reworded) == fingerprint_of(im));
}

TEST_CASE("the verifier rejects a corrupt explain section") {
  const std::size_t sql = condition_index(compiled_image(), ExplainOwner::stage, 0);
  CHECK_REJECTED("explains entry 9 of a table of 3", im.explain.conditions[sql].index = 9);
  CHECK_REJECTED("explains an arm or rule explained before", im.explain.conditions.push_back(im.explain.conditions[sql]));
  CHECK_REJECTED("is not an explain chunk", im.explain.conditions[sql].chunk = 0);
  CHECK_REJECTED("is not an explain chunk", im.explain.conditions[sql].chunk = 1);  // a predicate
  CHECK_REJECTED("is not an explain chunk", im.explain.conditions[sql].chunk = 999);
  CHECK_REJECTED("explain chunk", im.explain.conditions.erase(im.explain.conditions.begin() + sql));
  CHECK_REJECTED("must be a bool register", im.explain.conditions[sql].nodes[1].value = 999);
  CHECK_REJECTED("must be a bool register", im.explain.conditions[sql].nodes[1].value = 0);  // company_size: int
  CHECK_REJECTED("is not a value register", im.explain.conditions[sql].nodes[5].operands[0].reg = 60000);
  CHECK_REJECTED("a stage operand must be an int register", im.explain.conditions[sql].nodes[5].operands[0].is_stage = true);
  CHECK_REJECTED("a constant operand marked as a stage", im.explain.conditions[sql].nodes[4].operands[1].is_stage = true);
  CHECK_REJECTED("operands, at most 3", {
    auto& ops = im.explain.conditions[sql].nodes[5].operands;
    ops.resize(4, ops[0]);
  });
  CHECK_REJECTED("parts for and/or", im.explain.conditions[sql].nodes[2].children = 1);
  CHECK_REJECTED("more parts than follow it", im.explain.conditions[sql].nodes[0].children = 4);
  CHECK_REJECTED("belongs to no tree", im.explain.conditions[sql].nodes[0].children = 2);
  CHECK_REJECTED("a leaf has 1 parts", im.explain.conditions[sql].nodes[1].children = 1);
  CHECK_REJECTED("only a leaf has a value", im.explain.conditions[sql].nodes[0].value = 0);
  CHECK_REJECTED("has no parts", im.explain.conditions[sql].nodes.clear());
  CHECK_REJECTED("not a value register", im.explain.lets[0].reg = 999);
  CHECK_REJECTED("aggregate 9 out of range", im.explain.aggregates[0].aggregate = 9);
}

TEST_CASE("an explain chunk may not change the decision") {
  CHECK_REJECTED("an explain chunk may not change the decision", {
    const ExplainCondition& c = condition(im, ExplainOwner::stage, 0);
    REQUIRE(im.chunks[c.chunk].end - im.chunks[c.chunk].begin > 1);
    im.code[im.chunks[c.chunk].begin] = bc::Instruction{bc::Op::set_stage, 0, 0, 0, 0};
  });
  CHECK_REJECTED("must end with halt", {
    const ExplainCondition& c = condition(im, ExplainOwner::stage, 0);
    im.code[im.chunks[c.chunk].end - 1] = bc::Instruction{bc::Op::ret, 0, im.explain.conditions[0].nodes[0].value, 0, 0};
  });
}

TEST_CASE("explain says which parts held, with the values that decided them") {
  const std::string text = explain(
      R"({"id":"P1","company_size":450,"country":"US","events":[{"type":"visit","at":"2026-11-20T10:00:00Z","url":"/pricing"}]})",
      ExplainStyle{true, ""});
  INFO(text);
  CHECK(text.find("no   accepted is false\n") != std::string::npos);
  CHECK(text.find("no   (big and country in emea)\n") != std::string::npos);
  CHECK(text.find("  no   big is false\n") != std::string::npos);
  CHECK(text.find("  no   country \"US\" is not in emea\n") != std::string::npos);
  CHECK(text.find("no   budget >= 5000: budget is missing\n") != std::string::npos);
  CHECK(text.find("YES  fit 22.5 is >= 20\n") != std::string::npos);
  CHECK(text.find("no   not (country == \"US\")\n") != std::string::npos);
  CHECK(text.find("  YES  country \"US\" is \"US\"\n") != std::string::npos);
  // --all-rules: the rule that gave nothing, and why.
  CHECK(text.find("+10 when country in emea  (condition false)\n") != std::string::npos);
  // Decayed points are not decayed here (no half-life): 2.5 stays 2.5.
  CHECK(text.find("+2.5 ") != std::string::npos);
  CHECK(text.find("lead fields the rules read\n") != std::string::npos);
  CHECK(text.find("  budget       = missing\n") != std::string::npos);
  CHECK(text.find("lets (not exported)\n  big = false\n") != std::string::npos);
  CHECK(text.find("1 of 1 visit event within 30d: 2026-11-20T10:00:00Z") != std::string::npos);
}

TEST_CASE("explain shows times in the zone asked for") {
  const std::string lead =
      R"({"id":"P2","company_size":450,"country":"US","events":[{"type":"visit","at":"2026-11-20T10:00:00Z","url":"/x"}]})";
  const std::string text = explain(lead, ExplainStyle{false, "America/New_York"});
  INFO(text);
  CHECK(text.find("as of 2026-11-22T19:00:00-05:00 (times in America/New_York)") != std::string::npos);
  CHECK(text.find("2026-11-20T05:00:00-05:00") != std::string::npos);
  CHECK(valid_time_zone("Europe/Berlin"));
  CHECK_FALSE(valid_time_zone("Mars/Olympus"));
  // JSON keeps UTC and exact values.
  const std::string json = explain(lead, {}, true);
  CHECK(json.find("\"newest\":[\"2026-11-20T10:00:00Z\"]") != std::string::npos);
  CHECK(json.find("\"not_applied\":[") != std::string::npos);
}

TEST_CASE("a version 4 file, without an explain section, still loads and explains") {
  // A version 4 image: no explain chunks (they come last) and no section.
  ProgramImage im = compiled_image();
  const std::size_t first_explain = im.explain.conditions.front().chunk;
  for (const ExplainCondition& c : im.explain.conditions) CHECK(c.chunk >= first_explain);
  const std::uint32_t code_end = im.chunks[first_explain].begin;
  im.chunks.resize(first_explain);
  im.code.resize(code_end);
  im.lines.resize(code_end);
  im.explain = {};
  REQUIRE(verify_image(im) == "");
  // Without section 18 (explain, now empty) and the stage-arm tables, labelled version 4.
  const std::vector<std::uint8_t> v4 = testing::in_version_4_layout(im);
  std::string error;
  auto program = Program::load(v4, error);
  REQUIRE_MESSAGE(program, error);
  RecordDecoder decoder(program);
  Record record;
  DecodeError bad;
  REQUIRE(decoder.decode(R"({"id":"OLD","company_size":450,"country":"US","events":[]})", record, bad));
  Evaluator evaluator(program);
  const Decision& d = evaluator.evaluate(record, kAsOf, true);
  std::string text;
  append_explain_text(*program, record, d, text);
  INFO(text);
  CHECK(text.find("stages (first match wins)\n") != std::string::npos);
  CHECK(text.find("accepted is false") == std::string::npos);  // no parts without the section
  CHECK(text.find("lets (not exported)") == std::string::npos);
  CHECK(text.find("lead fields the rules read\n") != std::string::npos);  // read from the code
}

// A `where` filter's predicate chunk reran from a later statement used to
// overwrite that statement's live temporaries when they had been given the
// predicate's registers (found by fuzz_records: "demographic 65 is not >= 25"
// without event passes). Each shape below reruns a predicate: an explain
// chunk, a route lowered once per arm of a two-arm stage, a filter calling a
// function (never a filter table).
TEST_CASE("a filter rerun later never overwrites the values around it") {
  constexpr std::string_view kShapes = R"(sla "rerun" version "1"
lead { size: int  country: string }
event form { name: string }
score fit { +30 when size >= 100 }
stages {
  sql when fit >= 25 and any(form where name in {"demo", "trial"} within 14d)
  mql when size > 500
  mql when fit + count(form where lower(name) == "contact") >= 31
  lead otherwise
}
routes {
  mql when size - count(form where name starts_with "web") > 30 -> "team:inside"
  mql -> "team:nurture"
  sql -> "team:ae"
  lead -> "team:marketing"
}
)";
  auto program = testing::compile_text(kShapes, "rerun.baton");
  const std::string lead =
      R"({"id":"R1","size":120,"country":"US","events":[{"type":"form","at":"2026-11-01T10:00:00Z","name":"webinar"},)"
      R"({"type":"form","at":"2026-11-20T10:00:00Z","name":"Contact"},{"type":"form","at":"2026-10-01T10:00:00Z","name":"web"}]})";
  std::string outputs[2];
  for (const bool passes : {true, false}) {
    DecodeOptions options;
    options.fast_events = passes;
    RecordDecoder decoder(program, options);
    Record record;
    DecodeError error;
    REQUIRE(decoder.decode(lead, record, error));
    Evaluator evaluator(program, EvaluatorOptions{.event_passes = passes});
    const Decision& d = evaluator.evaluate(record, kAsOf, true);
    std::string& out = outputs[passes ? 1 : 0];
    append_decision_json(*program, record, d, out);
    append_explain_text(*program, record, d, out);
  }
  INFO(outputs[1]);
  CHECK(outputs[0] == outputs[1]);
  CHECK(outputs[1].find("YES  fit 30 is >= 25\n") != std::string::npos);
  CHECK(outputs[1].find("YES  fit + count(form where lower(name) == \"contact\") 31 is >= 31\n") != std::string::npos);
  CHECK(outputs[1].find("\"stage\":\"mql\",\"route\":{\"to\":\"team:inside\"") != std::string::npos);
}

TEST_CASE("a lifecycle move's condition is explained from format version 6, and only there") {
  auto program = testing::compile_text(R"(sla "moves" version "1"
lead { want: string, current_stage: string?, returned: bool = false, days: int? }
stages {
  sql when want == "sql"
  recycled when want == "recycled"
  lead otherwise
}
lifecycle {
  lead -> sql
  sql -> recycled when returned and days > 10
}
)", "moves.baton");
  ProgramImage im = program->image();
  const ExplainCondition& move = condition(im, ExplainOwner::move, 1);
  REQUIRE(move.nodes.size() == 3);  // and(returned, >)
  CHECK(move.nodes[0].kind == ExplainNodeKind::and_);
  CHECK(move.nodes[2].op == ">");
  CHECK(verify_image(im) == "");
  const std::size_t c = condition_index(im, ExplainOwner::move, 1);
  ProgramImage bad = im;
  bad.explain.conditions[c].index = 7;
  CHECK(verify_image(bad).find("explains entry 7 of a table of 2") != std::string::npos);

  // No compiler wrote a move's condition into an older file: a version-5
  // file that has one is corrupt.
  std::vector<std::uint8_t> bytes = write_image(im);
  bytes[4] = 5;
  bytes[5] = 0;
  bytes = reseal_for_testing(std::move(bytes));
  ProgramImage back;
  std::string error;
  CHECK_FALSE(read_image(bytes, back, error));
  CHECK(error.find("unknown owner kind 3") != std::string::npos);
}

TEST_CASE("texts are shown on one line, literals exactly as written") {
  constexpr std::string_view kAligned = R"(sla "texts" version "1"
lead {
  title: string
  size: int
}
score fit {
  +10   when title matches /vp  #1/i   # a regex with a `#` and two spaces
  +5    when title == "x  # y"
  +1    when size / 2 > 10 and   # split over lines
             size > 0
}
stages {
  hot     when fit > 5 and title matches /a  #b/
  cold    otherwise
}
)";
  const ProgramImage im = testing::compile_text(kAligned, "texts.baton")->image();
  REQUIRE(im.rules.size() == 3);
  CHECK(im.rules[0].text == "+10 when title matches /vp  #1/i");
  CHECK(im.rules[1].text == "+5 when title == \"x  # y\"");
  CHECK(im.rules[2].text == "+1 when size / 2 > 10 and size > 0");
  REQUIRE(im.stage_arms.size() == 2);
  CHECK(im.stage_arms[0].text == "hot when fit > 5 and title matches /a  #b/");
  CHECK(im.stage_arms[1].text == "cold otherwise");
  CHECK(im.stages[1].text == "cold otherwise");
  // The explain parts of the arm's condition: the regex whole, `#` and all.
  const auto hot_arm = std::find_if(im.explain.conditions.begin(), im.explain.conditions.end(),
                                    [](const auto& c) { return c.owner == ExplainOwner::stage && c.index == 0; });
  REQUIRE(hot_arm != im.explain.conditions.end());
  const auto& hot = *hot_arm;
  REQUIRE(hot.nodes.size() == 3);
  CHECK(hot.nodes[0].text == "fit > 5 and title matches /a  #b/");
  CHECK(hot.nodes[2].text == "title matches /a  #b/");
}

TEST_CASE("explain shows the digits that tell a compared value from its limit") {
  auto budget_line = [](const std::string& budget) {
    const std::string text = explain(R"({"id":"B","company_size":450,"country":"US","budget":)" + budget + "}");
    auto at = text.find("no   budget ");
    if (at == std::string::npos) at = text.find("YES  budget ");
    REQUIRE(at != std::string::npos);
    at += 5;  // past the part's verdict
    return text.substr(at, text.find('\n', at) - at);
  };
  // Two decimals would read "budget 5000 is not >= 5000".
  CHECK(budget_line("4999.996") == "budget 4999.996 is not >= 5000");
  CHECK(budget_line("5000.004") == "budget 5000.004 is >= 5000");
  CHECK(budget_line("4999.99999999") == "budget 4999.99999999 is not >= 5000");
  CHECK(budget_line("4200.5") == "budget 4200.5 is not >= 5000");  // two decimals are enough
  CHECK(budget_line("4200.123456") == "budget 4200.12 is not >= 5000");
}
