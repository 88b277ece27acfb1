// Rendering decisions (JSON Lines, CSV) and explanations (text, JSON): whole
// outputs compared against hand-written expectations.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "baton/common/printable.hpp"
#include "baton/common/time.hpp"
#include "baton/runtime/bytecode.hpp"
#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/program.hpp"
#include "bytecode_sample_image.hpp"

using namespace baton;

namespace {

// Schema fields as the loader and verifier tests build them.
FieldInfo field(std::string name, Type type, bool optional = false) {
  return testing::sample_field(std::move(name), type, optional);
}

RuleInfo rule(std::uint16_t score, double points, std::uint32_t line, std::string text, double cap = -1) {
  RuleInfo r;
  r.score = score;
  r.points = points;
  r.cap = cap;
  r.line = line;
  r.text = std::move(text);
  return r;
}

AggregateInfo per_rule(std::uint16_t rule, double points, double cap) {
  AggregateInfo a;
  a.kind = bc::AggKind::score_per;
  a.event = 0;
  a.result = Type::number;
  a.within = 90 * 86400;
  a.half_life_days = 21;
  a.points = points;
  a.cap = cap;
  a.rule = rule;
  return a;
}

// Registers: the three lead fields, the two scores, then the exported lets.
enum Reg : std::uint16_t { r_fit = 3, r_engagement, r_bant, r_domain, r_hot, r_last_seen, r_cooldown, r_tags, r_ratio };

ProgramImage test_image() {
  ProgramImage image;
  image.sla_name = "acme";
  image.sla_version = "1.0.0";
  image.lead_fields = {field("email", Type::string), field("company_size", Type::int_),
                       field("budget", Type::number, true)};
  image.events = {EventInfo{"page_view", {field("at", Type::time), field("url", Type::string)}}};
  image.registers = {Type::string, Type::int_,    Type::number,   Type::number,      Type::number,  Type::int_,
                     Type::string, Type::boolean, Type::time,     Type::duration,    Type::string_set, Type::number};
  image.code = {bc::Instruction{bc::Op::halt, 0, 0, 0, 0}};
  image.chunks = {ChunkInfo{0, 1, bc::kNone}};

  ScoreInfo fit{"fit", r_fit, false, true, 0, 50};
  ScoreInfo engagement{"engagement", r_engagement, true, true, 0, 100};
  image.scores = {fit, engagement};
  image.rules = {
      rule(0, 20, 14, "+20 when company_size between 20 and 2000"),
      rule(0, 15, 15, "+15 when job_title matches senior"),
      rule(0, -40, 16, "-40 when domain in free_mail"),
      rule(1, 10, 20, "+10 per page_view where url starts_with \"/pricing\""),
      rule(1, 1, 21, "+1 per page_view where url starts_with \"/docs\" max 8", 8),
  };
  image.aggregates = {per_rule(3, 10, -1), per_rule(4, 1, 8)};
  image.stages = {{"customer", 30, "customer when is_customer"},
                  {"disqualified", 31, "disqualified when job_title matches /student/i"},
                  {"sql", 32, "sql when any(demo_request within 30d)"},
                  {"mql", 33, "mql when score >= 35 and fit >= 15"},
                  {"lead", 34, "lead otherwise"}};
  image.routes = {{2, 4 * 3600, 40, "sql when company_size >= 1000 -> \"team:enterprise\" within 4h"},
                  {2, 24 * 3600, 41, "sql -> \"team:smb\" within 24h"},
                  {3, -1, 42, "mql -> \"nurture:mid-funnel\""}};
  image.exports = {{"bant", r_bant},           {"domain", r_domain},     {"hot", r_hot}, {"last_seen", r_last_seen},
                   {"cooldown", r_cooldown},   {"tags", r_tags},         {"ratio", r_ratio}};
  return image;
}

std::shared_ptr<const Program> test_program() {
  std::string error;
  auto program = Program::from_image(test_image(), error);
  REQUIRE_MESSAGE(program, error);
  return program;
}

const std::int64_t kAsOf = *parse_time("2026-11-23T00:00:00Z");
const Value kTags[] = {Value::of_string("a"), Value::of_string("b;c")};

Record record_with_id(std::string id) {
  Record r;
  r.id = std::move(id);
  r.has_id = true;
  return r;
}

// An MQL routed to nurture, every export kind, one export missing.
Decision mql_decision() {
  Decision d;
  d.as_of = kAsOf;
  d.explained = true;  // as if evaluated with explain on: the explain tests render these too
  d.scores = {35, 42.19};
  d.stage = 3;
  d.route = 2;
  d.route_target = "nurture:mid-funnel";
  d.exports = {Value::of_int(2),
               Value::of_string("acme.com"),
               Value::of_bool(true),
               Value::of_int(*parse_time("2026-11-20T09:00:00Z")),
               Value::of_int(30 * 86400),
               Value::of_items(kTags, 2),
               Value::absent()};
  return d;
}

// An SQL with a deadline and awkward text for CSV.
Decision sql_decision() {
  Decision d;
  d.as_of = kAsOf;
  d.explained = true;  // as if evaluated with explain on: the explain tests render these too
  d.scores = {-0.0, 0.1 + 0.2};
  d.stage = 2;
  d.route = 0;
  d.route_target = "team:enterprise";
  d.has_deadline = true;
  d.deadline = kAsOf + 4 * 3600;
  d.exports = {Value::absent(), Value::of_string("a,\"b\"\nc"), Value::of_bool(false), Value::absent(),
               Value::of_int(-90),  Value::of_items(nullptr, 0),      Value::of_number(1e21)};
  return d;
}

Decision unrouted_decision() {
  Decision d;
  d.as_of = kAsOf;
  d.explained = true;  // as if evaluated with explain on: the explain tests render these too
  d.scores = {0, 0};
  d.stage = 4;
  d.exports.assign(7, Value::absent());
  return d;
}

// The trace of mql_decision(): two attribute rules, two decayed per-rules
// (one capped), stages tried down to mql, the nurture route.
Trace mql_trace() {
  Trace t;
  t.rules = {{0, 20, 20, 20, 0}, {1, 15, 15, 15, 0}, {3, 50, 36.5, 36.5, 5}, {4, 12, 9.25, 8, 12}};
  t.stages = {{0, false}, {1, false}, {2, false}, {3, true}};
  t.routes = {{2, true}};
  return t;
}

std::string render(void (*fn)(const Program&, const Record&, const Decision&, std::string&), const Program& p,
                   const Record& r, const Decision& d) {
  std::string out;
  fn(p, r, d, out);
  return out;
}

std::string number(double v) {
  std::string out;
  append_number(v, out);
  return out;
}

std::string json_string(std::string_view s) {
  std::string out;
  append_json_string(s, out);
  return out;
}

}  // namespace

TEST_CASE("numbers print in their shortest exact form") {
  CHECK(number(35) == "35");
  CHECK(number(42.19) == "42.19");
  CHECK(number(0.1) == "0.1");
  CHECK(number(0.1 + 0.2) == "0.30000000000000004");
  CHECK(number(-2.5) == "-2.5");
  CHECK(number(0.0) == "0");
  CHECK(number(-0.0) == "0");
  CHECK(number(123456789012.0) == "123456789012");
  CHECK(number(1e21) == "1e+21");
  CHECK(number(1e-7) == "1e-07");
  CHECK(number(std::numeric_limits<double>::quiet_NaN()) == "null");
  CHECK(number(std::numeric_limits<double>::infinity()) == "null");
  CHECK(number(-std::numeric_limits<double>::infinity()) == "null");
}

TEST_CASE("whole numbers take a shortcut that prints what fmt prints") {
  // Around the shortcut's edge (|v| < 1e9) and across the range scores take.
  std::vector<double> values = {1, -1, 7, -60, 100, 999999999, -999999999, 1e9, -1e9, 1e9 + 1, 999999999.5, 0.5, -0.5};
  for (double v = -5000; v <= 5000; v += 1) values.push_back(v);
  for (double v = 1; v < 1e9; v *= 3.7) values.push_back(std::floor(v));
  for (double v : values) {
    INFO(v);
    std::string expected = v == 0 ? "0" : fmt::format("{}", v);
    CHECK(number(v) == expected);
  }
}

TEST_CASE("JSON strings escape quotes, backslashes and control characters") {
  CHECK(json_string("") == R"("")");
  CHECK(json_string("plain") == R"("plain")");
  CHECK(json_string("a\"b\\c") == R"("a\"b\\c")");
  CHECK(json_string("\n\r\t\b\f") == R"("\n\r\t\b\f")");
  CHECK(json_string(std::string_view("\x01\x1f\0", 3)) == R"("\u0001\u001f\u0000")");
  CHECK(json_string("caf\xC3\xA9 \x7f") == "\"caf\xC3\xA9 \x7f\"");
}

TEST_CASE("text for people shows control characters escaped, and nothing else") {
  CHECK(printable("") == "");
  CHECK(printable("L001 caf\xC3\xA9 \\ \"q\"") == "L001 caf\xC3\xA9 \\ \"q\"");  // UTF-8, backslash and quotes kept
  CHECK(printable("a\nb\rc\td") == R"(a\nb\rc\td)");
  CHECK(printable(std::string_view("\x1b[31m\x7f\0", 7)) == R"(\x1b[31m\x7f\x00)");
  CHECK(printable("\xC2\x80\xC2\x9b\xC2\x9f") == R"(\u{80}\u{9b}\u{9f})");  // C1
  CHECK(printable("\xC2\xA0\xC2") == "\xC2\xA0\xC2");  // U+00A0 is no control; a lone lead byte stays
}

TEST_CASE("long strings escape the same wherever the special byte falls (word-at-a-time scan)") {
  auto escaped = [](unsigned char c) -> std::string {
    switch (c) {
      case '"': return "\\\"";
      case '\\': return "\\\\";
      case '\n': return "\\n";
      case 0x1f: return "\\u001f";
      default: return std::string(1, static_cast<char>(c));
    }
  };
  const unsigned char bytes[] = {'"', '\\', '\n', 0x1f, 0x20, 0xC3, '~'};
  for (unsigned char c : bytes) {
    for (std::size_t length = 1; length <= 70; ++length) {  // short texts take a one-append path up to 62
      for (std::size_t at = 0; at < length; ++at) {
        std::string text(length, 'x');
        text[at] = static_cast<char>(c);
        std::string expected = "\"" + std::string(at, 'x') + escaped(c) + std::string(length - at - 1, 'x') + "\"";
        INFO("byte ", int(c), " at ", at, " of ", length);
        CHECK(json_string(text) == expected);
      }
    }
  }
}

TEST_CASE("decision as JSON Lines") {
  auto program = test_program();
  const std::string tail =
      R"(,"sla":"acme","version":"1.0.0","fingerprint":")" + program->fingerprint() + R"(","as_of":"2026-11-23T00:00:00Z"})" "\n";

  CHECK(render(append_decision_json, *program, record_with_id("L1"), mql_decision()) ==
        R"({"id":"L1","stage":"mql","route":{"to":"nurture:mid-funnel","deadline":null},)"
        R"("scores":{"fit":35,"engagement":42.19},)"
        R"("values":{"bant":2,"domain":"acme.com","hot":true,"last_seen":"2026-11-20T09:00:00Z",)"
        R"("cooldown":"30d","tags":["a","b;c"],"ratio":null})" + tail);

  CHECK(render(append_decision_json, *program, Record(), sql_decision()) ==
        R"({"id":null,"stage":"sql","route":{"to":"team:enterprise","deadline":"2026-11-23T04:00:00Z"},)"
        R"("scores":{"fit":0,"engagement":0.30000000000000004},)"
        R"("values":{"bant":null,"domain":"a,\"b\"\nc","hot":false,"last_seen":null,)"
        R"("cooldown":"-1m30s","tags":[],"ratio":1e+21})" + tail);

  CHECK(render(append_decision_json, *program, record_with_id("L\"3"), unrouted_decision()) ==
        R"({"id":"L\"3","stage":"lead","route":null,"scores":{"fit":0,"engagement":0},)"
        R"("values":{"bant":null,"domain":null,"hot":null,"last_seen":null,"cooldown":null,"tags":null,"ratio":null})" +
            tail);
}

TEST_CASE("decision as JSON Lines: the keys, stage names and tail rendered once follow the program and as_of") {
  // A thread keeps the text that depends only on the program and as_of;
  // switching programs or as_of on the same thread must render afresh.
  auto first = test_program();
  ProgramImage image = test_image();
  image.sla_name = "beta";
  image.scores[0].name = "fitness";
  image.exports[0].name = "bant_score";
  image.stages[3].name = "marketing_qualified";
  std::string error;
  auto second = Program::from_image(image, error);
  REQUIRE_MESSAGE(second, error);
  REQUIRE(second->fingerprint() != first->fingerprint());

  auto line = [](const Program& p, std::int64_t as_of) {
    Decision d = unrouted_decision();
    d.as_of = as_of;
    d.stage = 3;
    return render(append_decision_json, p, record_with_id("L1"), d);
  };
  auto expected = [](std::string_view sla, std::string_view fit, std::string_view bant, std::string_view stage,
                     const Program& p, std::string_view as_of) {
    return fmt::format(R"({{"id":"L1","stage":"{}","route":null,"scores":{{"{}":0,"engagement":0}},)"
                       R"("values":{{"{}":null,"domain":null,"hot":null,"last_seen":null,"cooldown":null,"tags":null,)"
                       R"("ratio":null}},"sla":"{}","version":"1.0.0","fingerprint":"{}","as_of":"{}"}})" "\n",
                       stage, fit, bant, sla, p.fingerprint(), as_of);
  };
  for (int round = 0; round < 2; ++round) {
    CHECK(line(*first, kAsOf) == expected("acme", "fit", "bant", "mql", *first, "2026-11-23T00:00:00Z"));
    CHECK(line(*second, kAsOf) ==
          expected("beta", "fitness", "bant_score", "marketing_qualified", *second, "2026-11-23T00:00:00Z"));
    CHECK(line(*second, kAsOf + 3600) ==
          expected("beta", "fitness", "bant_score", "marketing_qualified", *second, "2026-11-23T01:00:00Z"));
  }
}

TEST_CASE("decision as CSV") {
  auto program = test_program();
  const std::string& fp = program->fingerprint();
  std::string out;
  append_csv_header(*program, out);
  append_decision_csv(*program, record_with_id("L1"), mql_decision(), out);
  append_decision_csv(*program, Record(), sql_decision(), out);
  append_decision_csv(*program, record_with_id("L,3"), unrouted_decision(), out);
  CHECK(out ==
        "id,stage,route,deadline,fit,engagement,bant,domain,hot,last_seen,cooldown,tags,ratio,sla,version,fingerprint,as_of\n"
        "L1,mql,nurture:mid-funnel,,35,42.19,2,acme.com,true,2026-11-20T09:00:00Z,30d,a;b;c,,acme,1.0.0," + fp +
            ",2026-11-23T00:00:00Z\n"
            ",sql,team:enterprise,2026-11-23T04:00:00Z,0,0.30000000000000004,,\"a,\"\"b\"\"\nc\",false,,-1m30s,,1e+21,"
            "acme,1.0.0," + fp + ",2026-11-23T00:00:00Z\n"
            "\"L,3\",lead,,,0,0,,,,,,,,acme,1.0.0," + fp + ",2026-11-23T00:00:00Z\n");
}

TEST_CASE("decision as CSV, formulas escaped: text cells only") {
  auto program = test_program();
  const std::string& fp = program->fingerprint();
  std::string out;
  const CsvStyle escape{.escape_formulas = true};
  append_decision_csv(*program, record_with_id("=cmd|'/C calc'!A0"), mql_decision(), out, escape);
  append_decision_csv(*program, record_with_id("-7"), sql_decision(), out, escape);  // a duration of -1m30s stays
  CHECK(out ==
        "'=cmd|'/C calc'!A0,mql,nurture:mid-funnel,,35,42.19,2,acme.com,true,2026-11-20T09:00:00Z,30d,a;b;c,,acme,1.0.0," +
            fp + ",2026-11-23T00:00:00Z\n"
            "'-7,sql,team:enterprise,2026-11-23T04:00:00Z,0,0.30000000000000004,,\"a,\"\"b\"\"\nc\",false,,-1m30s,,1e+21,"
            "acme,1.0.0," + fp + ",2026-11-23T00:00:00Z\n");
}

TEST_CASE("explanation as text") {
  auto program = test_program();
  const std::string& fp = program->fingerprint();
  Trace trace = mql_trace();
  Decision d = mql_decision();
  d.trace = &trace;
  CHECK(render(append_explain_text, *program, record_with_id("L7"), d) ==
        "Lead L7 — stage mql, routed to nurture:mid-funnel (no deadline)\n"
        "SLA acme 1.0.0 (fingerprint " + fp + "), as of 2026-11-23T00:00:00Z\n"
        "\n"
        "score fit = 35 (max 50)\n"
        "  +20    line 14  +20 when company_size between 20 and 2000\n"
        "  +15    line 15  +15 when job_title matches senior\n"
        "score engagement = 42.19 (min 0, max 100, half-life 21d)\n"
        "  +36.5  line 20  +10 per page_view where url starts_with \"/pricing\"  (5 events within 90d, 50 before decay)\n"
        "  +8     line 21  +1 per page_view where url starts_with \"/docs\" max 8  "
        "(12 events within 90d, 12 before decay, capped from 9.25)\n"
        "stages (first match wins)\n"
        "  no     line 30  customer when is_customer\n"
        "  no     line 31  disqualified when job_title matches /student/i\n"
        "  no     line 32  sql when any(demo_request within 30d)\n"
        "  YES    line 33  mql when score >= 35 and fit >= 15\n"
        "route (first match wins)\n"
        "  YES    line 42  mql -> \"nurture:mid-funnel\"\n"
        "values\n"
        "  bant      = 2\n"
        "  domain    = \"acme.com\"\n"
        "  hot       = true\n"
        "  last_seen = 2026-11-20T09:00:00Z\n"
        "  cooldown  = \"30d\"\n"
        "  tags      = [\"a\",\"b;c\"]\n"
        "  ratio     = missing\n");
}

TEST_CASE("explanation text: clamps, negative points, deadlines, unmatched routes") {
  auto program = test_program();
  const std::string& fp = program->fingerprint();
  Trace trace;
  trace.rules = {{0, 20, 20, 20, 0}, {2, -40, -40, -40, 0}, {1, 15, 15, 15, 0}};
  trace.clamps = {{1, -3, 0}};
  trace.stages = {{0, false}, {1, false}, {2, true}};
  trace.routes = {{0, false}, {1, true}};
  Decision d = sql_decision();
  d.route = 1;
  d.route_target = "team:smb";
  d.deadline = kAsOf + 86400;
  d.trace = &trace;
  CHECK(render(append_explain_text, *program, Record(), d) ==
        "Lead (no id) — stage sql, routed to team:smb (follow up by 2026-11-24T00:00:00Z)\n"
        "SLA acme 1.0.0 (fingerprint " + fp + "), as of 2026-11-23T00:00:00Z\n"
        "\n"
        "score fit = 0 (max 50)\n"
        "  +20  line 14  +20 when company_size between 20 and 2000\n"
        "  -40  line 16  -40 when domain in free_mail\n"
        "  +15  line 15  +15 when job_title matches senior\n"
        "score engagement = 0.3 (min 0, max 100, half-life 21d, clamped from -3)\n"
        "  (no rule gave points)\n"
        "stages (first match wins)\n"
        "  no   line 30  customer when is_customer\n"
        "  no   line 31  disqualified when job_title matches /student/i\n"
        "  YES  line 32  sql when any(demo_request within 30d)\n"
        "route (first match wins)\n"
        "  no   line 40  sql when company_size >= 1000 -> \"team:enterprise\" within 4h\n"
        "  YES  line 41  sql -> \"team:smb\" within 24h\n"
        "values\n"
        "  bant      = missing\n"
        "  domain    = \"a,\\\"b\\\"\\nc\"\n"
        "  hot       = false\n"
        "  last_seen = missing\n"
        "  cooldown  = \"-1m30s\"\n"
        "  tags      = []\n"
        "  ratio     = 1e+21\n");

  // No arm for the stage, and arms tried without a match.
  Trace lead_trace;
  lead_trace.stages = {{0, false}, {1, false}, {2, false}, {3, false}, {4, true}};
  Decision u = unrouted_decision();
  u.trace = &lead_trace;
  std::string text = render(append_explain_text, *program, record_with_id("L3"), u);
  CHECK(text.starts_with("Lead L3 — stage lead, no route\n"));
  CHECK(text.find("route (first match wins)\n  (no arm for stage lead: no route)\n") != std::string::npos);
  lead_trace.routes = {{0, false}};
  text = render(append_explain_text, *program, record_with_id("L3"), u);
  CHECK(text.find("  no   line 40  sql when company_size >= 1000 -> \"team:enterprise\" within 4h\n"
                  "  (no arm matched: no route)\n") != std::string::npos);
}

TEST_CASE("explaining a decision made without explain is an error, not a breakdown without rules") {
  auto program = test_program();
  Decision d = mql_decision();
  d.explained = false;
  std::string out;
  CHECK_THROWS_AS(append_explain_text(*program, record_with_id("L1"), d, out), std::invalid_argument);
  CHECK_THROWS_AS(append_explain_json(*program, record_with_id("L1"), d, out), std::invalid_argument);
  CHECK(out.empty());
}

TEST_CASE("an explained decision without its trace is an error too") {
  auto program = test_program();
  Decision d = mql_decision();  // explained, but no trace
  std::string out;
  CHECK_THROWS_AS(append_explain_text(*program, record_with_id("L1"), d, out), std::invalid_argument);
  CHECK(out.empty());
}

TEST_CASE("explanation as JSON") {
  auto program = test_program();
  const std::string& fp = program->fingerprint();
  Trace trace = mql_trace();
  trace.clamps = {{0, 65, 50}};
  Decision d = mql_decision();
  d.trace = &trace;
  CHECK(render(append_explain_json, *program, record_with_id("L7"), d) ==
        R"({"id":"L7","stage":"mql","route":{"to":"nurture:mid-funnel","deadline":null},"scores":[)"
        R"({"name":"fit","value":35,"min":null,"max":50,"clamped_from":65,"rules":[)"
        R"({"line":14,"text":"+20 when company_size between 20 and 2000","points":20,"raw":20,"decayed":20,"value":20,"events":0,"capped":false},)"
        R"({"line":15,"text":"+15 when job_title matches senior","points":15,"raw":15,"decayed":15,"value":15,"events":0,"capped":false}],)"
        R"("not_applied":[{"line":16,"text":"-40 when domain in free_mail","points":-40,"reason":"condition","parts":null}]},)"
        R"({"name":"engagement","value":42.19,"min":0,"max":100,"clamped_from":null,"rules":[)"
        R"({"line":20,"text":"+10 per page_view where url starts_with \"/pricing\"","points":10,"raw":50,"decayed":36.5,"value":36.5,"events":5,"capped":false},)"
        R"({"line":21,"text":"+1 per page_view where url starts_with \"/docs\" max 8","points":1,"raw":12,"decayed":9.25,"value":8,"events":12,"capped":true}],"not_applied":[]}],)"
        R"("stages":[{"line":30,"name":"customer","text":"customer when is_customer","matched":false,"parts":null},)"
        R"({"line":31,"name":"disqualified","text":"disqualified when job_title matches /student/i","matched":false,"parts":null},)"
        R"x({"line":32,"name":"sql","text":"sql when any(demo_request within 30d)","matched":false,"parts":null},)x"
        R"({"line":33,"name":"mql","text":"mql when score >= 35 and fit >= 15","matched":true,"parts":null}],)"
        R"("routes":[{"line":42,"stage":"mql","text":"mql -> \"nurture:mid-funnel\"","matched":true,"parts":null}],)"
        R"("values":{"bant":2,"domain":"acme.com","hot":true,"last_seen":"2026-11-20T09:00:00Z",)"
        R"("cooldown":"30d","tags":["a","b;c"],"ratio":null},"fields":{},"lets":{},"events":[],)"
        R"("sla":"acme","version":"1.0.0","fingerprint":")" + fp + R"(","as_of":"2026-11-23T00:00:00Z"})" "\n");
}

TEST_CASE("rendering appends and allocates nothing new once the buffer is warm") {
  auto program = test_program();
  Record record = record_with_id("L1");
  Decision d = mql_decision();
  std::string out = "previous\n";
  append_decision_json(*program, record, d, out);
  CHECK(out.starts_with("previous\n{\"id\":\"L1\""));
  out.clear();
  append_decision_json(*program, record, d, out);
  const char* data = out.data();
  std::size_t size = out.size();
  out.clear();
  append_decision_json(*program, record, d, out);
  CHECK(out.data() == data);
  CHECK(out.size() == size);
}
