// The lifecycle and hand-offs: which moves the agreement allows, what held a
// lead back, the hand-off's content, the C API's view of the same decision,
// and replay's consistency with score.
#include <doctest/doctest.h>

#include "../support/compile_text.hpp"

#include <fmt/format.h>

#include <string>

#include "baton/baton.h"
#include "baton/common/time.hpp"
#include "baton/compiler/compile.hpp"
#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/program_io.hpp"
#include "baton/runtime/replay.hpp"
#include "test_files.hpp"

using namespace baton;

namespace {

const std::int64_t kAsOf = *parse_time("2026-11-23T00:00:00Z");

using testing::compile_text;

std::string diagnostics_of(const std::string& text) {
  SourceFile source("t.baton", text);
  Diagnostics diagnostics;
  compile(source, diagnostics);
  std::string out;
  for (const auto& d : diagnostics) out += d.code + " " + d.message + "\n";
  return out;
}

// The rules' stage comes from the record's `want` field, so each case can
// ask for any move.
const char* kFunnel = R"(sla "f" version "1"
lead { want: string, current_stage: string?, returned: bool = false, title: string? }
event visit {}
score fit { +10 when title == "VP"  +5 per visit }
stages {
  disqualified when want == "disqualified"
  customer when want == "customer"
  sql when want == "sql"
  recycled when want == "recycled"
  mql when want == "mql"
  lead otherwise
}
lifecycle {
  lead -> mql -> sql -> customer
  any -> disqualified
  sql -> recycled when returned
  recycled -> mql
}
routes { sql -> "team:ae" within 4h }
handoff sql {
  summary "{title ?? "someone"}: fit {fit:.1f}, {count(visit)} visits"
  fields title, fit
  reasons 1
}
)";

struct Funnel {
  std::shared_ptr<const Program> program = compile_text(kFunnel);
  RecordDecoder decoder{program};
  Evaluator evaluator{program};
  Record record;
  const Decision& eval(const std::string& members) {
    DecodeError error;
    bool ok = decoder.decode("{" + members + "}", record, error);
    INFO(error.field << ": " << error.message);
    REQUIRE(ok);
    return evaluator.evaluate(record, kAsOf);
  }
  std::string stage(int index) const { return index < 0 ? "-" : program->image().stages[index].name; }
  // "stage transition [rules_stage]"
  std::string move(const std::string& from, const std::string& want, const std::string& more = "") {
    std::string members = fmt::format(R"("want":"{}")", want);
    if (!from.empty()) members += fmt::format(R"(,"current_stage":"{}")", from);
    if (!more.empty()) members += "," + more;
    const Decision& d = eval(members);
    return fmt::format("{} {} {}", stage(d.stage), transition_name(d.transition), stage(d.rules_stage));
  }
};

}  // namespace

TEST_CASE("moves follow the lifecycle's paths, everything else holds the lead back") {
  Funnel f;
  CHECK(f.move("", "sql") == "sql entered sql");            // no current stage: a new lead enters
  CHECK(f.move("lead", "mql") == "mql entered mql");
  CHECK(f.move("lead", "sql") == "sql entered sql");        // forward along the chain, skipping mql
  CHECK(f.move("lead", "customer") == "customer entered customer");
  CHECK(f.move("sql", "sql") == "sql stayed sql");
  CHECK(f.move("sql", "mql") == "sql held mql");            // never back on its own
  CHECK(f.move("sql", "lead") == "sql held lead");
  CHECK(f.move("customer", "disqualified") == "disqualified entered disqualified");  // any -> disqualified
  CHECK(f.move("disqualified", "lead") == "disqualified held lead");
  CHECK(f.move("sql", "recycled") == "sql held recycled");  // the condition does not hold
  CHECK(f.move("sql", "recycled", R"("returned":true)") == "recycled entered recycled");
  CHECK(f.move("recycled", "sql") == "sql entered sql");    // recycled -> mql -> sql
  CHECK(f.move("sql", "mql", R"("returned":true)") == "mql entered mql");  // sql -> recycled -> mql
}

TEST_CASE("a held decision names what held it, and its moves are recorded") {
  Funnel f;
  const Decision& held = f.eval(R"("want":"recycled","current_stage":"sql")");
  REQUIRE(held.transition == Transition::held);
  REQUIRE(held.held_by >= 0);
  CHECK(f.program->image().lifecycle.moves[held.held_by].text == "sql -> recycled when returned");
  CHECK(lifecycle_sentence(*f.program, held) ==
        "stays sql: the rules say recycled; no allowed way there holds: the shortest takes the move "
        "`sql -> recycled when returned` (line 16), whose condition does not hold");
  const Decision& order = f.eval(R"("want":"lead","current_stage":"customer")");
  CHECK(order.held_by == -1);
  CHECK(lifecycle_sentence(*f.program, order) ==
        "stays customer: the rules say lead, but the agreement allows no move from customer to lead (lifecycle, line 13)");
  const Decision& path = f.eval(R"("want":"customer","current_stage":"lead")");
  CHECK(path.moves.size() == 3);  // lead -> mql, mql -> sql, sql -> customer
}

TEST_CASE("a current stage the SLA does not know is a rejected record, not a guess") {
  Funnel f;
  DecodeError error;
  CHECK_FALSE(f.decoder.decode(R"({"want":"sql","current_stage":"Marketing Qualified"})", f.record, error));
  CHECK(error.field == "current_stage");
  CHECK(error.message.find("unknown stage \"Marketing Qualified\"") == 0);
}

TEST_CASE("without check_current_stage both decoders keep a current stage the SLA does not know") {
  Funnel f;
  const std::string line = R"({"want":"sql","current_stage":"Marketing Qualified"})";
  for (auto which : {DecodeOptions::Decoder::on_demand, DecodeOptions::Decoder::dom}) {
    CAPTURE(static_cast<int>(which));
    DecodeOptions options;
    options.decoder = which;
    DecodeError error;
    CHECK_FALSE(RecordDecoder(f.program, options).decode(line, f.record, error));
    CHECK(error.message.find("unknown stage") == 0);
    options.check_current_stage = false;
    RecordDecoder lenient(f.program, options);
    REQUIRE(lenient.decode(line, f.record, error));
    CHECK(f.record.fields[f.program->image().lifecycle.current_field].str() == "Marketing Qualified");
    CHECK(lenient.reference_decodes() == 0);  // on-demand decides alone, as the reference would
  }
}

TEST_CASE("a hand-off is made only on entering its stage, with its summary, fields and top reasons") {
  Funnel f;
  const Decision& entered = f.eval(R"("want":"sql","current_stage":"mql","title":"VP","events":[{"type":"visit","at":"2026-11-20T00:00:00Z"}])");
  REQUIRE(entered.handoff == 0);
  CHECK(handoff_summary(*f.program, entered) == "VP: fit 15.0, 1 visits");
  std::string json;
  append_handoff_object_json(*f.program, entered, json);
  CHECK(json ==
        R"({"stage":"sql","summary":"VP: fit 15.0, 1 visits","fields":{"title":"VP","fit":15},"reasons":[{"points":10,"rule":"+10 when title == \"VP\"","line":4}],"to":"team:ae","deadline":"2026-11-23T04:00:00Z"})");
  CHECK(f.eval(R"("want":"sql","current_stage":"sql")").handoff == -1);   // stayed
  CHECK(f.eval(R"("want":"mql","current_stage":"sql")").handoff == -1);   // held
  CHECK(f.eval(R"("want":"sql")").handoff == 0);                          // a new lead enters too
  CHECK(handoff_summary(*f.program, f.eval(R"("want":"sql")")) == "someone: fit 0.0, 0 visits");
}

// A summary's numbers print as explain shows them, and a rounded-away
// negative is no "-0".
TEST_CASE("hand-off summary numbers: two decimals without a format, never -0") {
  auto program = compile_text(R"(sla "s" version "1"
lead { x: number }
stages { sql otherwise }
handoff sql { summary "{x} / {x:.0f} / {text(x, 0)} / {text(x)}" }
)");
  RecordDecoder decoder(program);
  Evaluator evaluator(program);
  Record record;
  auto summary = [&](const std::string& x) {
    DecodeError error;
    REQUIRE(decoder.decode(R"({"x":)" + x + "}", record, error));
    return handoff_summary(*program, evaluator.evaluate(record, 0));
  };
  CHECK(summary("6.299605249474366") == "6.3 / 6 / 6 / 6.299605249474366");
  CHECK(summary("-0.4") == "-0.4 / 0 / 0 / -0.4");
  CHECK(summary("32.5") == "32.5 / 32 / 32 / 32.5");  // half to even, as text(x, 0) documents
  CHECK(summary("40") == "40 / 40 / 40 / 40");
  CHECK(summary("-0.0") == "0 / 0 / 0 / 0");
}

// docs/language.md: a reason's points are its rule's own (after the rule's
// max), not bounded by the block's min and max; a penalty is no reason.
TEST_CASE("hand-off reasons: each rule's own points, the score block's bounds aside, no penalties") {
  auto program = compile_text(R"(sla "r" version "1"
lead { email: string, size: int? }
event page_view { url: string }
score fit min 0 max 5 {
  -30 when email ends_with "@gmail.com"
  +10 when size > 100
}
score eng max 20 {
  +15 per page_view max 25
  +4 when size > 10
}
stages { sql otherwise }
handoff sql { reasons 5 }
)");
  RecordDecoder decoder(program);
  Evaluator evaluator(program);
  Record record;
  DecodeError error;
  REQUIRE(decoder.decode(R"({"email":"a@gmail.com","size":200,"events":[)"
                         R"({"type":"page_view","at":"1970-01-01T00:00:00Z","url":"/"},)"
                         R"({"type":"page_view","at":"1970-01-01T00:00:00Z","url":"/"}]})",
                         record, error));
  const Decision& d = evaluator.evaluate(record, 3600);
  CHECK(d.scores == std::vector<double>{0, 20});
  std::string json;
  append_handoff_object_json(*program, d, json);
  CHECK(json.find(R"("reasons":[{"points":25,"rule":"+15 per page_view max 25","line":9},)"
                  R"({"points":10,"rule":"+10 when size > 100","line":6},)"
                  R"({"points":4,"rule":"+4 when size > 10","line":10}])") != std::string::npos);
}

// RFC 3339 writes years up to 9999: a deadline past that is none, not a
// five-digit year that no reader of the JSON accepts.
TEST_CASE("a deadline or an escalation past 9999-12-31 is none") {
  auto program = compile_text(R"(sla "far" version "1"
lead { email: string }
stages { sql otherwise }
routes {
  sql -> "ae" within 1000000w
    escalate to "vp" after 1000000w
}
)");
  RecordDecoder decoder(program);
  Evaluator evaluator(program);
  Record record;
  DecodeError error;
  REQUIRE(decoder.decode(R"({"email":"a@b.example"})", record, error));
  const Decision& d = evaluator.evaluate(record, 1795392000);
  CHECK(d.route == 0);
  CHECK_FALSE(d.has_deadline);
  REQUIRE(d.escalations.size() == 1);
  CHECK_FALSE(d.escalations[0].has_due);
  std::string json;
  append_decision_json(*program, record, d, json);
  CHECK(json.find("\"deadline\":null") != std::string::npos);
  CHECK(json.find("\"due\":null") != std::string::npos);
}

TEST_CASE("the checker names lifecycle and hand-off mistakes") {
  auto with = [](const std::string& blocks, const std::string& lead = "current_stage: string?") {
    return diagnostics_of("sla \"x\" version \"1\"\nlead { " + lead +
                          " }\nstages { sql when false\n mql when false\n lead otherwise }\n" + blocks);
  };
  CHECK(with("lifecycle { lead -> mql }", "crm: string?").find("E0307 the lifecycle reads the lead's current stage from the lead field `current_stage`") == 0);
  CHECK(with("lifecycle from crm { lead -> mql }", "crm: int?").find("E0307 the current stage `crm` must be a string field") == 0);
  CHECK(with("lifecycle { lead -> mlq }").find("E0105 unknown stage `mlq` in the lifecycle") == 0);
  CHECK(with("lifecycle { lead -> any }").find("E0307 `any` can only start a lifecycle line") == 0);
  CHECK(with("lifecycle { lead -> lead }").find("E0307 a move from `lead` to itself") == 0);
  CHECK(with("handoff sql { reasons 3 }\nhandoff sql { reasons 2 }").find("E0308 stage `sql` has two hand-offs") == 0);
  CHECK(with("handoff sql { summary \"{current_stage:.1f}\" }").find("E0308 `.1f` is not a format for string") == 0);
  CHECK(with("handoff sql { reasons 50 }").find("E0308 a hand-off gives at most 20 reasons") == 0);
  CHECK(with("handoff sqll { reasons 1 }").find("E0105 unknown stage `sqll` in a hand-off") == 0);
}

TEST_CASE("the verifier rejects lifecycle and hand-off tables the compiler cannot produce") {
  auto program = compile_text(kFunnel);
  auto check = [&](auto mutate) {
    ProgramImage image = program->image();
    mutate(image);
    std::string error;
    CHECK(Program::from_image(std::move(image), error) == nullptr);
    return error;
  };
  CHECK(check([](ProgramImage& im) { im.lifecycle.moves[0].to = 99; }).find("lifecycle move #0") != std::string::npos);
  CHECK(check([](ProgramImage& im) { im.lifecycle.moves[0].to = im.lifecycle.moves[0].from; }).find("lifecycle move #0") != std::string::npos);
  CHECK(check([](ProgramImage& im) { im.lifecycle.moves[4].condition = 0; }).find("condition must be a bool register") != std::string::npos);
  CHECK(check([](ProgramImage& im) { im.lifecycle.current_field = 2; }).find("current stage") != std::string::npos);
  CHECK(check([](ProgramImage& im) { im.handoffs[0].reasons = 21; }).find("at most 20") != std::string::npos);
  CHECK(check([](ProgramImage& im) { im.handoffs.push_back(im.handoffs[0]); }).find("given twice") != std::string::npos);
  CHECK(check([](ProgramImage& im) { im.handoffs[0].summary[2].decimals = 12; }).find("decimals") != std::string::npos);
  // And a written file round-trips the tables exactly.
  std::string error;
  auto again = Program::load(write_image(program->image()), error);
  REQUIRE(again);
  CHECK(again->fingerprint() == program->fingerprint());
  CHECK(again->image().lifecycle.moves.size() == program->image().lifecycle.moves.size());
  CHECK(again->image().handoffs[0].summary.size() == program->image().handoffs[0].summary.size());
}

TEST_CASE("the C API gives every example lead the same lifecycle and hand-off as the C++ API") {
  const std::string bytes = [] {
    SourceFile source(testing::source_path("examples/b2b-saas.baton").string(),
                      testing::read_text(testing::source_path("examples/b2b-saas.baton")));
    Diagnostics diagnostics;
    auto c = compile(source, diagnostics);
    REQUIRE(c.program);
    auto v = c.program->to_bytes();
    return std::string(v.begin(), v.end());
  }();
  char* error = nullptr;
  baton_program* cp = baton_program_load_bytes(bytes.data(), bytes.size(), &error);
  REQUIRE(cp);
  baton_evaluator* ce = baton_evaluator_new(cp);
  std::string load_error;
  auto program = Program::load(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), load_error);
  REQUIRE(program);
  RecordDecoder decoder(program);
  Evaluator evaluator(program);
  Record record;
  int handoffs = 0, held = 0;
  for (const auto& line : testing::lines_of(testing::read_text(testing::source_path("examples/b2b-saas-leads.jsonl")))) {
    DecodeError decode_error;
    REQUIRE(decoder.decode(line, record, decode_error));
    const Decision& d = evaluator.evaluate(record, kAsOf);
    REQUIRE(baton_evaluate_json(ce, line.data(), line.size(), kAsOf, 0) == BATON_OK);
    INFO(record.id);
    const auto& stages = program->image().stages;
    CHECK(std::string(baton_decision_transition(ce)) == transition_name(d.transition));
    CHECK(std::string(baton_decision_rules_stage(ce)) == stages[d.rules_stage].name);
    if (d.previous_stage < 0) CHECK(baton_decision_previous_stage(ce) == nullptr);
    else CHECK(std::string(baton_decision_previous_stage(ce)) == stages[d.previous_stage].name);
    CHECK(std::string(baton_decision_lifecycle_text(ce)) == lifecycle_sentence(*program, d));
    std::int64_t since = -1;
    CHECK(baton_decision_stage_since(ce, &since) == static_cast<int>(d.has_stage_since));
    if (d.has_stage_since) CHECK(since == d.stage_since);
    CHECK(baton_decision_has_handoff(ce) == (d.handoff >= 0));
    if (d.handoff >= 0) {
      ++handoffs;
      CHECK(std::string(baton_decision_handoff_summary(ce)) == handoff_summary(*program, d));
      std::string json;
      append_handoff_object_json(*program, d, json);
      CHECK(std::string(baton_decision_handoff_json(ce)) == json);
    } else {
      CHECK(baton_decision_handoff_json(ce) == nullptr);
    }
    // Asked for after the fact, the explanation is the whole one, also for a
    // lead that entered a hand-off (its decision carries the trace of its
    // rules, for the reasons, which is not an explanation).
    std::string explained;
    append_explain_json(*program, record, evaluator.evaluate(record, kAsOf, true), explained);
    if (!explained.empty() && explained.back() == '\n') explained.pop_back();
    CHECK(std::string(baton_decision_explain_json(ce)) == explained);
    held += d.transition == Transition::held;
  }
  CHECK(handoffs > 5);
  CHECK(held > 0);
  baton_evaluator_free(ce);
  baton_program_free(cp);
}

TEST_CASE("replay ends where score is: the replayed stage, scored at the same time, enters nothing new") {
  const auto path = testing::source_path("examples/b2b-saas.baton");
  SourceFile source(path.string(), testing::read_text(path));
  Diagnostics diagnostics;
  auto c = compile(source, diagnostics);
  REQUIRE(c.program);
  auto program = c.program;
  RecordDecoder decoder(program);
  Replayer replayer(program, ReplayOptions{true});
  Replayer times_only(program, ReplayOptions{.daily = true, .arms = false});
  Evaluator evaluator(program);
  Record record;
  const auto field = program->image().lifecycle.current_field;
  const auto& arms = program->image().stage_arms;
  std::size_t leads = 0, later_arms = 0;
  for (const auto& line : testing::lines_of(testing::read_text(testing::source_path("examples/b2b-saas-leads.jsonl")))) {
    DecodeError error;
    REQUIRE(decoder.decode(line, record, error));
    const std::vector<ReplayStep> plain = times_only.replay(record, kAsOf);
    const auto& steps = replayer.replay(record, kAsOf);
    INFO(record.id);
    REQUIRE(!steps.empty());
    REQUIRE(plain.size() == steps.size());
    for (std::size_t i = 0; i < steps.size(); ++i) {
      // The arm that matched is one of the stage's arms; without `arms` the
      // walk is the same, unnamed.
      REQUIRE(steps[i].arm >= 0);
      REQUIRE(static_cast<std::size_t>(steps[i].arm) < arms.size());
      CHECK(arms[steps[i].arm].stage == steps[i].stage);
      if (steps[i].arm > 0 && arms[steps[i].arm - 1].stage == steps[i].stage) ++later_arms;
      CHECK(plain[i].arm == -1);
      CHECK((plain[i].at == steps[i].at && plain[i].stage == steps[i].stage && plain[i].handoff_json == steps[i].handoff_json));
    }
    for (std::size_t i = 1; i < steps.size(); ++i) {
      CHECK(steps[i].at >= steps[i - 1].at);
      CHECK(steps[i].previous_stage == steps[i - 1].stage);
    }
    CHECK(replayer.last_decision().stage == steps.back().stage);
    record.fields[field] = Value::of_string(program->image().stages[steps.back().stage].name);
    const Decision& d = evaluator.evaluate(record, kAsOf);
    CHECK(d.stage == steps.back().stage);
    CHECK(d.transition != Transition::entered);  // stayed, or held back where replay was too
    ++leads;
  }
  CHECK(leads == 76);
  CHECK(later_arms > 5);  // stages entered by an arm other than their first: the replay names those
}

TEST_CASE("a lead whose current stage is the first one declared enters from it, in words too") {
  // Stage 0 is a stage like any other: only a missing current stage is "none".
  auto program = compile_text(R"(sla "first" version "1"
lead { want: string, current_stage: string? }
stages {
  lead when want == "lead"
  mql when want == "mql"
  other otherwise
}
lifecycle { lead -> mql }
)");
  RecordDecoder decoder{program};
  Evaluator evaluator{program};
  Record record;
  DecodeError error;
  REQUIRE(decoder.decode(R"({"want":"mql","current_stage":"lead"})", record, error));
  const Decision& d = evaluator.evaluate(record, kAsOf);
  CHECK(d.previous_stage == 0);
  CHECK(d.transition == Transition::entered);
  CHECK(lifecycle_sentence(*program, d) == "enters mql from lead (line 8: lead -> mql)");
  REQUIRE(decoder.decode(R"({"want":"mql"})", record, error));
  CHECK(lifecycle_sentence(*program, evaluator.evaluate(record, kAsOf)) ==
        "enters mql: no current stage in the record");
}

namespace {

// Follow-ups on a lead that stays in its stage count from the stage's start.
const char* kFollowUp = R"(sla "follow" version "1"
lead { want: string, current_stage: string?, current_stage_since: time? }
calendar berlin "Europe/Berlin" {
  mon-fri 09:00-17:00
}
stages {
  sql when want == "sql"
  mql when want == "mql"
  lead otherwise
}
lifecycle { lead -> mql -> sql }
routes {
  sql -> "team:ae" within 4h on berlin
         escalate to "manager:sales" after 1d
  mql -> "sdr:pool" within 2h
}
)";

struct FollowUp {
  std::shared_ptr<const Program> program = compile_text(kFollowUp);
  RecordDecoder decoder{program};
  Evaluator evaluator{program};
  Record record;
  const Decision& eval(const std::string& members, std::int64_t as_of = kAsOf) {
    DecodeError error;
    bool ok = decoder.decode("{" + members + "}", record, error);
    INFO(error.field << ": " << error.message);
    REQUIRE(ok);
    return evaluator.evaluate(record, as_of);
  }
};

std::int64_t at(const char* text) { return *parse_time(text); }

}  // namespace

TEST_CASE("a lead that stays in its stage keeps the deadline its stage began with, a re-score does not move it") {
  FollowUp f;
  // Entering now: everything counts from as_of (Monday 2026-11-23 00:00 UTC,
  // 01:00 in Berlin: 4 working hours are done at 13:00 Berlin time).
  const Decision& entered = f.eval(R"("want":"sql","current_stage":"mql","current_stage_since":"2026-11-01T00:00:00Z")");
  CHECK(entered.transition == Transition::entered);
  CHECK((entered.has_stage_since && entered.stage_since == kAsOf));
  CHECK(entered.deadline == at("2026-11-23T12:00:00Z"));
  REQUIRE(entered.escalations.size() == 1);
  CHECK(entered.escalations[0].due == kAsOf + 86400);

  // In sql since Friday 16:30 Berlin time: 30 minutes that day, 3h30 on
  // Monday from 09:00, so due Monday 12:30 Berlin (11:30 UTC), whenever it
  // is scored; the escalation a day after the Friday.
  const std::string stayed = R"("want":"sql","current_stage":"sql","current_stage_since":"2026-11-20T15:30:00Z")";
  for (std::int64_t as_of : {kAsOf, kAsOf + 3 * 3600, kAsOf + 2 * 86400}) {
    const Decision& d = f.eval(stayed, as_of);
    INFO(format_time(as_of));
    CHECK(d.transition == Transition::stayed);
    CHECK((d.has_stage_since && d.stage_since == at("2026-11-20T15:30:00Z")));
    CHECK((d.has_deadline && d.deadline == at("2026-11-23T11:30:00Z")));
    REQUIRE(d.escalations.size() == 1);
    CHECK(d.escalations[0].due == at("2026-11-21T15:30:00Z"));
  }

  // Held back in sql: the same start.
  const Decision& held = f.eval(R"("want":"lead","current_stage":"sql","current_stage_since":"2026-11-20T15:30:00Z")");
  CHECK(held.transition == Transition::held);
  CHECK(held.deadline == at("2026-11-23T11:30:00Z"));

  // A wall-clock deadline, in mql since two days: already past as_of.
  const Decision& overdue = f.eval(R"("want":"mql","current_stage":"mql","current_stage_since":"2026-11-21T00:00:00Z")");
  CHECK(overdue.deadline == at("2026-11-21T02:00:00Z"));

  // The record does not say since when: as_of, and the start is unknown.
  const Decision& unknown = f.eval(R"("want":"mql","current_stage":"mql")");
  CHECK_FALSE(unknown.has_stage_since);
  CHECK(unknown.deadline == kAsOf + 2 * 3600);

  // A placeholder for "none" from a CRM (before 1900): unknown.
  const Decision& placeholder = f.eval(R"("want":"mql","current_stage":"mql","current_stage_since":"0001-01-01T00:00:00Z")");
  CHECK_FALSE(placeholder.has_stage_since);
  CHECK(placeholder.deadline == kAsOf + 2 * 3600);

  // A since after as_of counts as as_of; explain says what the record held.
  const Decision& later = f.eval(R"("want":"mql","current_stage":"mql","current_stage_since":"2026-11-24T00:00:00Z")");
  CHECK((later.has_stage_since && later.stage_since == kAsOf));
  CHECK(later.deadline == kAsOf + 2 * 3600);
  std::string text;
  append_explain_text(*f.program, f.record, f.evaluator.evaluate(f.record, kAsOf, true), text);
  CHECK(text.find("  in mql since 2026-11-23T00:00:00Z (current_stage_since says 2026-11-24T00:00:00Z, after as_of, "
                  "so as_of); the follow-up counts from then\n") != std::string::npos);
}

TEST_CASE("since when a lead is in its stage reaches JSON, CSV, explain and the C API") {
  FollowUp f;
  const std::string members = R"("id":"L1","want":"sql","current_stage":"sql","current_stage_since":"2026-11-20T15:30:00Z")";
  const Decision& d = f.eval(members);
  std::string json;
  append_decision_json(*f.program, f.record, d, json);
  CHECK(json.find(R"("held":null,"stage_since":"2026-11-20T15:30:00Z","route":{"to":"team:ae","deadline":"2026-11-23T11:30:00Z")") !=
        std::string::npos);
  std::string csv;
  append_csv_header(*f.program, csv);
  append_decision_csv(*f.program, f.record, d, csv);
  CHECK(csv.find("id,stage,transition,previous_stage,rules_stage,stage_since,route,deadline,") == 0);
  CHECK(csv.find("\nL1,sql,stayed,sql,sql,2026-11-20T15:30:00Z,team:ae,2026-11-23T11:30:00Z,") != std::string::npos);

  std::string text;
  append_explain_text(*f.program, f.record, f.evaluator.evaluate(f.record, kAsOf, true), text);
  CHECK(text.find("lifecycle\n  stays sql: the rules say sql again\n"
                  "  in sql since 2026-11-20T15:30:00Z (current_stage_since); the follow-up counts from then\n") !=
        std::string::npos);
  // The working-time deadline is explained from the stage's start, named as
  // what it is: the lead did not arrive then, it has been in sql since then.
  CHECK(text.find("deadline: 4h of working time on berlin\n  in sql since Fri 16:30 Europe/Berlin; 30 min left today") !=
        std::string::npos);
  CHECK(text.find("arrived") == std::string::npos);

  const Decision& unknown = f.eval(R"("id":"L2","want":"sql","current_stage":"sql")");
  json.clear();
  append_decision_json(*f.program, f.record, unknown, json);
  CHECK(json.find(R"("held":null,"stage_since":null,)") != std::string::npos);
  text.clear();
  append_explain_text(*f.program, f.record, f.evaluator.evaluate(f.record, kAsOf, true), text);
  CHECK(text.find("  since when it is in sql is not known (current_stage_since is missing or before 1900); the follow-up counts from as_of\n") !=
        std::string::npos);

  // The C API, from the same bytes.
  auto bytes = f.program->to_bytes();
  char* error = nullptr;
  baton_program* cp = baton_program_load_bytes(reinterpret_cast<const char*>(bytes.data()), bytes.size(), &error);
  REQUIRE(cp);
  baton_evaluator* ce = baton_evaluator_new(cp);
  const std::string line = "{" + members + "}";
  REQUIRE(baton_evaluate_json(ce, line.data(), line.size(), kAsOf, 0) == BATON_OK);
  std::int64_t since = 0;
  CHECK(baton_decision_stage_since(ce, &since) == 1);
  CHECK(since == at("2026-11-20T15:30:00Z"));
  CHECK(baton_decision_deadline(ce) == at("2026-11-23T11:30:00Z"));
  const std::string line2 = R"({"id":"L2","want":"sql","current_stage":"sql"})";
  REQUIRE(baton_evaluate_json(ce, line2.data(), line2.size(), kAsOf, 0) == BATON_OK);
  CHECK(baton_decision_stage_since(ce, &since) == 0);
  CHECK(baton_decision_stage_since(nullptr, &since) == 0);
  baton_evaluator_free(ce);
  baton_program_free(cp);

  // Without a lifecycle the decision record has no stage_since: neither has the C API.
  auto plain = compile_text(R"(sla "plain" version "1"
lead { email: string }
stages { lead otherwise }
routes { lead -> "team:x" within 4h }
)");
  auto plain_bytes = plain->to_bytes();
  baton_program* pp = baton_program_load_bytes(reinterpret_cast<const char*>(plain_bytes.data()), plain_bytes.size(), &error);
  REQUIRE(pp);
  baton_evaluator* pe = baton_evaluator_new(pp);
  const std::string lead = R"({"email":"a@b.example"})";
  REQUIRE(baton_evaluate_json(pe, lead.data(), lead.size(), kAsOf, 0) == BATON_OK);
  CHECK(baton_decision_stage_since(pe, &since) == 0);
  CHECK(baton_decision_deadline(pe) == kAsOf + 4 * 3600);
  baton_evaluator_free(pe);
  baton_program_free(pp);
}

TEST_CASE("a file of format version 5 keeps counting its deadlines from as_of") {
  // Version 6 changed what a deadline counts from; the layout is the same, so
  // the same program with a version-5 header is what an older compiler wrote.
  FollowUp f;
  auto bytes = f.program->to_bytes();
  REQUIRE(bytes.size() > 6);
  CHECK((bytes[4] | (bytes[5] << 8)) == bc::kVersion);
  bytes[4] = 5;
  bytes[5] = 0;
  bytes = reseal_for_testing(std::move(bytes));
  std::string error;
  auto old = Program::load(bytes, error);
  REQUIRE_MESSAGE(old, error);
  CHECK(old->image().format_version == 5);
  // Same sections, another meaning: the fingerprints differ.
  CHECK(old->fingerprint() != f.program->fingerprint());
  // Written again (a pickled Python program, `baton build old.batonc`), it
  // stays a version-5 program with its fingerprint.
  auto again = Program::load(old->to_bytes(), error);
  REQUIRE_MESSAGE(again, error);
  CHECK(again->image().format_version == 5);
  CHECK(again->fingerprint() == old->fingerprint());
  for (const auto& p : {old, again}) {
    RecordDecoder decoder(p);
    Evaluator evaluator(p);
    Record record;
    DecodeError decode_error;
    REQUIRE(decoder.decode(R"({"want":"sql","current_stage":"sql","current_stage_since":"2026-11-20T15:30:00Z"})",
                           record, decode_error));
    const Decision& d = evaluator.evaluate(record, kAsOf);
    CHECK(d.transition == Transition::stayed);
    CHECK_FALSE(d.has_stage_since);
    CHECK(d.deadline == at("2026-11-23T12:00:00Z"));  // 4 working hours from Monday 09:00 Berlin
    REQUIRE(d.escalations.size() == 1);
    CHECK(d.escalations[0].due == kAsOf + 86400);
    std::string text;
    append_explain_text(*p, record, evaluator.evaluate(record, kAsOf, true), text);
    CHECK(text.find("  compiled before bytecode version 6: the follow-up counts from as_of\n") != std::string::npos);
  }
  // The same record with the version-6 program: from the Friday.
  CHECK(f.eval(R"("want":"sql","current_stage":"sql","current_stage_since":"2026-11-20T15:30:00Z")").deadline ==
        at("2026-11-23T11:30:00Z"));
}

TEST_CASE("explain breaks a move's condition into its parts: the one that held the lead back, and those it took") {
  Funnel f;
  auto lifecycle_section = [&](const std::string& members) {
    f.eval(members);
    std::string text;
    append_explain_text(*f.program, f.record, f.evaluator.evaluate(f.record, kAsOf, true), text);
    const auto begin = text.find("lifecycle\n");
    REQUIRE(begin != std::string::npos);
    return text.substr(begin, text.find("route (", begin) - begin);
  };
  CHECK(lifecycle_section(R"("want":"recycled","current_stage":"sql")") ==
        "lifecycle\n"
        "  stays sql: the rules say recycled; no allowed way there holds: the shortest takes the move "
        "`sql -> recycled when returned` (line 16), whose condition does not hold\n"
        "    no   returned is false\n"
        "  the lifecycle reads no since field (`lifecycle from FIELD since FIELD`); the follow-up counts from as_of\n");
  CHECK(lifecycle_section(R"("want":"mql","current_stage":"sql","returned":true)") ==
        "lifecycle\n"
        "  enters mql from sql (line 16: sql -> recycled when returned; line 17: recycled -> mql)\n"
        "    YES  returned is true\n");

  // JSON: each move taken with its parts (null without a condition), and the move that held.
  f.eval(R"("want":"recycled","current_stage":"sql")");
  std::string held;
  append_explain_json(*f.program, f.record, f.evaluator.evaluate(f.record, kAsOf, true), held);
  CHECK(held.find(R"("moves":[],"held_move":{"line":16,"text":"sql -> recycled when returned","parts":{"kind":"test","text":"returned","held":false,"value":false,"operands":[]}}})") !=
        std::string::npos);
  f.eval(R"("want":"mql","current_stage":"sql","returned":true)");
  std::string taken;
  append_explain_json(*f.program, f.record, f.evaluator.evaluate(f.record, kAsOf, true), taken);
  CHECK(taken.find(R"("moves":[{"line":16,"text":"sql -> recycled when returned","parts":{"kind":"test","text":"returned","held":true,"value":true,"operands":[]}},{"line":17,"text":"recycled -> mql","parts":null}],"held_move":null})") !=
        std::string::npos);
}

TEST_CASE("a line of several moves with one condition is explained once") {
  auto program = compile_text(R"(sla "line" version "1"
lead { want: string, current_stage: string?, ok: bool = false }
stages {
  c when want == "c"
  b when want == "b"
  a otherwise
}
lifecycle { a -> b -> c when ok }
)");
  std::size_t explained = 0;
  for (const ExplainCondition& c : program->image().explain.conditions) explained += c.owner == ExplainOwner::move;
  CHECK(explained == 1);
  RecordDecoder decoder(program);
  Evaluator evaluator(program);
  Record record;
  DecodeError error;
  REQUIRE(decoder.decode(R"({"want":"c","current_stage":"a","ok":true})", record, error));
  std::string text;
  append_explain_text(*program, record, evaluator.evaluate(record, kAsOf, true), text);
  CHECK(text.find("lifecycle\n  enters c from a (line 8: a -> b -> c when ok)\n    YES  ok is true\n") != std::string::npos);
  CHECK(text.find("ok is true") == text.rfind("ok is true"));
  std::string json;
  append_explain_json(*program, record, evaluator.evaluate(record, kAsOf, true), json);
  const std::string part = R"("parts":{"kind":"test","text":"ok","held":true,"value":true,"operands":[]})";
  CHECK(json.find(part) != json.rfind(part));  // each of the two moves carries it
}
