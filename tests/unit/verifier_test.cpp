// verify_image against hand-made images that each break one rule: every one
// must be rejected with its own message, and the untouched sample accepted.
#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "baton/runtime/program_io.hpp"
#include "bytecode_sample_image.hpp"

using namespace baton;
using bc::Op;
namespace r = baton::testing::sample_reg;

namespace {

// The index of the first instruction with this opcode in the sample.
std::size_t find_op(const ProgramImage& im, Op op) {
  for (std::size_t i = 0; i < im.code.size(); ++i)
    if (im.code[i].op == op) return i;
  FAIL("sample has no ", bc::op_info(op).name);
  return 0;
}

std::string rejected(const std::function<void(ProgramImage&)>& mutate) {
  ProgramImage im = baton::testing::sample_image();
  mutate(im);
  return verify_image(im);
}

#define CHECK_REJECTED(message, ...)                         \
  do {                                                            \
    const std::string error = rejected([&](ProgramImage& im) { __VA_ARGS__; }); \
    INFO("error: ", error);                                       \
    CHECK(error.find(message) != std::string::npos);              \
  } while (0)

}  // namespace

TEST_CASE("the sample image verifies") { CHECK(verify_image(baton::testing::sample_image()) == ""); }

TEST_CASE("opcodes and operand kinds") {
  CHECK_REJECTED("instruction 0: unknown opcode 200", im.code[0].op = static_cast<Op>(200));
  CHECK_REJECTED("operand a: register r999 does not exist (28 registers)", im.code[find_op(im, Op::load_num)].a = 999);
  CHECK_REJECTED("operand a must be a number register, r7 is bool", im.code[find_op(im, Op::load_num)].a = r::flag);
  CHECK_REJECTED("operand b must be an int, time or duration register, r10 is number", im.code[find_op(im, Op::le_int)].b = r::fit);
  CHECK_REJECTED("operand b must be a bool register", im.code[find_op(im, Op::rule_when)].b = r::fit);
  CHECK_REJECTED("operand c must be a string register", im.code[find_op(im, Op::starts_with)].c = r::flag);
  CHECK_REJECTED("operand c must be a set or list register", im.code[find_op(im, Op::in_items)].c = r::email);
  CHECK_REJECTED("operand b: register r28 does not exist", im.code[find_op(im, Op::present)].b = 28);
  CHECK_REJECTED("operand b: int constant 3 out of range (3 in the table)", im.code[find_op(im, Op::load_int)].b = 3);
  CHECK_REJECTED("number constant 3 out of range", im.code[find_op(im, Op::load_num)].b = 3);
  CHECK_REJECTED("string constant 3 out of range", im.code[find_op(im, Op::load_str)].b = 3);
  CHECK_REJECTED("set/list constant 2 out of range", im.code[find_op(im, Op::load_items)].b = 2);
  CHECK_REJECTED("set/list constant 2 out of range", im.code[find_op(im, Op::in_const_set)].c = 2);
  CHECK_REJECTED("regex constant 1 out of range", im.code[find_op(im, Op::matches)].c = 1);
  CHECK_REJECTED("import 2 out of range", im.code[find_op(im, Op::call)].b = 2);
  CHECK_REJECTED("aggregate 3 out of range", im.code[find_op(im, Op::aggregate)].b = 3);
  CHECK_REJECTED("score 2 out of range", im.code[find_op(im, Op::clamp_score)].b = 2);
  CHECK_REJECTED("stage 4 out of range", im.code[find_op(im, Op::set_stage)].a = 4);
  CHECK_REJECTED("stage arm 4 out of range", im.code[find_op(im, Op::stage_try)].b = 4);
  CHECK_REJECTED("stage arm #1 is for stage 9, but there are 4", im.stage_arms[1].stage = 9);
  CHECK_REJECTED("stage 'sql' has no arm", im.stage_arms[1].stage = 0);
  CHECK_REJECTED("rule 4 out of range", im.code[find_op(im, Op::rule_when)].c = 4);
  CHECK_REJECTED("route 2 out of range", im.code[find_op(im, Op::set_route)].a = 2);
  CHECK_REJECTED("route 2 out of range", im.code[find_op(im, Op::route_try)].b = 2);
}

TEST_CASE("jumps go forward and stay in their chunk") {
  CHECK_REJECTED("jump to 7 does not go forward", {
    const auto pc = find_op(im, Op::jump_ifnot);
    im.code[pc].b = static_cast<std::uint16_t>(pc);
  });
  CHECK_REJECTED("jump to 2 does not go forward", im.code[find_op(im, Op::jump_ifnot)].b = 2);
  CHECK_REJECTED("leaves the chunk (it ends at", {
    const auto pc = find_op(im, Op::jump);
    im.code[pc].a = static_cast<std::uint16_t>(im.chunks[0].end);
  });
}

TEST_CASE("per-opcode relations") {
  CHECK_REJECTED("immediate 2 is not 0 or 1", im.code[find_op(im, Op::load_bool)].b = 2);
  CHECK_REJECTED("operands must have one type, r26 is string and r2 is int", im.code[find_op(im, Op::move)].b = r::email + 2);
  CHECK_REJECTED("operands must have one type", im.code[find_op(im, Op::coalesce)].c = r::fit - 10);
  CHECK_REJECTED("field 'url' is string, r15 is bool", im.code[find_op(im, Op::load_event)].a = r::pred);
  CHECK_REJECTED("field 2 out of range (event 'page_view' has 2 fields)", im.code[find_op(im, Op::load_event)].b = 2);
  CHECK_REJECTED("reads an event field outside a predicate chunk", {
    im.code[1] = {Op::load_event, 0, r::email, 1, 0};
  });
  CHECK_REJECTED("passes 2 arguments, 'lower' takes 1", im.code[0].n = 2);
  CHECK_REJECTED("argument 1 of 'lower' must be string, r2 is int", im.code[0].c = r::company_size);
  CHECK_REJECTED("'lower' returns string, r7 is bool", im.code[0].a = r::flag);
  CHECK_REJECTED("arguments r27..r28 do not exist (28 registers)", {
    im.imports[0].params = {Type::string, Type::string};
    im.code[0].n = 2;
    im.code[0].c = 27;
  });
  CHECK_REJECTED("aggregate #0 yields number, r7 is bool", im.code[find_op(im, Op::aggregate)].a = r::flag);
  CHECK_REJECTED("aggregates may not nest inside a predicate chunk", {
    const auto pred = im.chunks[1].begin + 1;
    im.code[pred] = {Op::aggregate, 0, r::demos, 1, 0};
  });
  // ADD_PER_RULE reads only `per` rules, and only in the main chunk.
  CHECK_REJECTED("aggregate #1 is not a per rule", {
    im.code[find_op(im, Op::aggregate)] = {Op::add_per_rule, 0, r::engagement, 1, 0};
  });
  CHECK_REJECTED("aggregates may not nest inside a predicate chunk", {
    im.code[im.chunks[1].begin + 1] = {Op::add_per_rule, 0, r::fit, 0, 0};
  });
  CHECK(rejected([](ProgramImage& im) { im.code[find_op(im, Op::aggregate)] = {Op::add_per_rule, 0, r::engagement, 0, 0}; }) == "");
  CHECK_REJECTED("operand c: int constant 3 out of range", {
    im.code[find_op(im, Op::le_int)] = {Op::ge_int_k, 0, r::flag, r::company_size, 3};
  });
  CHECK_REJECTED("operand b must be a number register", {
    im.code[find_op(im, Op::le_int)] = {Op::ge_num_k, 0, r::flag, r::company_size, 0};
  });
  CHECK_REJECTED("halt inside a predicate chunk", im.code[im.chunks[1].begin + 1] = {Op::halt, 0, 0, 0, 0});
  CHECK_REJECTED("ret in the main chunk", im.code[3] = (bc::Instruction{Op::ret, 0, r::flag, 0, 0}));
}

TEST_CASE("chunks tile the code") {
  CHECK_REJECTED("the program has no main chunk", im.chunks.clear());
  CHECK_REJECTED("chunk 0 (main) must not have an event type", im.chunks[0].event = 0);
  CHECK_REJECTED("chunk 1 begins at instruction 55, expected 54", im.chunks[1].begin += 1);
  CHECK_REJECTED("chunk 1 ends at 59, past the end of the code (58)", im.chunks[1].end += 1);
  CHECK_REJECTED("chunk 1 must end with ret", im.chunks[1].end -= 1);
  CHECK_REJECTED("chunk 0 must end with halt", { im.chunks[0].end -= 1; im.chunks[1].begin -= 1; });
  CHECK_REJECTED("chunk 1 filters event type 2, but there are 2", im.chunks[1].event = 2);
  // Without an event type a chunk is an explain chunk (format v5): it ends with
  // HALT, and the explain section must own it.
  CHECK_REJECTED("chunk 1 must end with halt", im.chunks[1].event = bc::kNone);
  CHECK_REJECTED("explain chunk 1 explains no condition", {
    im.chunks[1].event = bc::kNone;
    for (std::uint32_t pc = im.chunks[1].begin; pc < im.chunks[1].end; ++pc) im.code[pc] = {Op::halt, 0, 0, 0, 0};
    for (auto& a : im.aggregates)
      if (a.chunk == 1) a.chunk = bc::kNone;
  });
  CHECK_REJECTED("instructions 58..58 belong to no chunk", { im.code.push_back({Op::ret, 0, r::pred, 0, 0}); im.lines.push_back(1); });
  CHECK_REJECTED("chunk 2 is empty", im.chunks.push_back({im.chunks[1].end, im.chunks[1].end, 0}));
  CHECK_REJECTED("the line table has 57 entries for 58 instructions", im.lines.pop_back());
  CHECK(rejected([](ProgramImage& im) { im.lines.clear(); }) == "");
}

TEST_CASE("schema and registers") {
  CHECK_REJECTED("lead: field 'job_title' has type regex, which a field cannot have", im.lead_fields[1].type = Type::regex);
  CHECK_REJECTED("field 'job_title' has type <type byte 40>", im.lead_fields[1].type = static_cast<Type>(40));
  CHECK_REJECTED("duplicate lead field name 'email'", im.lead_fields[1].name = "email");
  CHECK_REJECTED("lead: a field has an empty name", im.lead_fields[1].name.clear());
  CHECK_REJECTED("duplicate event name 'page_view'", im.events[1].name = "page_view");
  CHECK_REJECTED("event 'demo_request': its first field must be `at: time`", im.events[1].fields.clear());
  CHECK_REJECTED("event 'page_view': its first field must be `at: time`", im.events[0].fields[0].type = Type::int_);
  CHECK_REJECTED("duplicate event 'page_view' field name 'at'", im.events[0].fields[1].name = "at");
  CHECK_REJECTED("field 'url' has type event", im.events[0].fields[1].type = Type::event_ref);
  CHECK_REJECTED("register r20 has type stage, which a register cannot have", im.registers[20] = Type::stage);
  CHECK_REJECTED("register r20 has type <error>", im.registers[20] = Type::invalid);
  CHECK_REJECTED("register r2 has type number but holds lead field 'company_size' of type int", im.registers[2] = Type::number);
  CHECK_REJECTED("3 registers cannot hold the 6 lead fields", im.registers.resize(3));
  CHECK_REJECTED("too many registers: 70000 (the limit is 65535)", im.registers.resize(70000, Type::int_));
  CHECK_REJECTED("too many int constants", im.k_int.resize(65536));
}

TEST_CASE("imports") {
  CHECK_REJECTED("import #0 has an empty name", im.imports[0].name.clear());
  CHECK_REJECTED("import 'lower' has a parameter of type stage", im.imports[0].params[0] = Type::stage);
  CHECK_REJECTED("import 'lower' has result type <error>", im.imports[0].result = Type::invalid);
}

TEST_CASE("aggregates") {
  CHECK_REJECTED("aggregate #1 has an unknown kind", im.aggregates[1].kind = bc::AggKind::count_);
  CHECK_REJECTED("aggregate #1 (count) is over event type 2, but there are 2", im.aggregates[1].event = 2);
  CHECK_REJECTED("aggregate #1 (count): chunk 1 is not a predicate over 'demo_request'", im.aggregates[1].chunk = 1);
  CHECK_REJECTED("chunk 0 is not a predicate", im.aggregates[1].chunk = 0);
  CHECK_REJECTED("chunk 7 is not a predicate", im.aggregates[1].chunk = 7);
  CHECK_REJECTED("aggregate #2 (last): field 65535 is not a field of 'page_view'", im.aggregates[2].field = bc::kNone);
  CHECK_REJECTED("field 2 is not a field of 'page_view'", im.aggregates[2].field = 2);
  CHECK_REJECTED("aggregate #1 (count) declares result number, expected int", im.aggregates[1].result = Type::number);
  CHECK_REJECTED("aggregate #2 (last) declares result time, expected string", im.aggregates[2].result = Type::time);
  CHECK_REJECTED("aggregate #2: sum is not defined over a string field", {
    im.aggregates[2].kind = bc::AggKind::sum;
  });
  CHECK_REJECTED("avg is not defined over a string field", im.aggregates[2].kind = bc::AggKind::avg);
  CHECK_REJECTED("aggregate #2 (any) declares result string, expected bool", {
    im.aggregates[2].kind = bc::AggKind::any;
  });
  CHECK_REJECTED("aggregate #0 (score_per) refers to rule 4, but there are 4", im.aggregates[0].rule = 4);
  CHECK_REJECTED("aggregate #1 has a negative window -2", im.aggregates[1].within = -2);
  CHECK_REJECTED("aggregate #0 has a bad half-life -1", im.aggregates[0].half_life_days = -1);
  // A field on a kind that does not need one is allowed; max over time too.
  CHECK(rejected([](ProgramImage& im) { im.aggregates[1].field = 0; }) == "");
  CHECK(rejected([](ProgramImage& im) {
          im.aggregates[2].kind = bc::AggKind::max;
          im.aggregates[2].field = 0;
          im.aggregates[2].result = Type::time;
          im.registers[r::last_url] = Type::time;
        }).find("argument 1 of 'concat' must be string, r25 is time") != std::string::npos);
}

TEST_CASE("scores, rules, stages, routes, exports") {
  CHECK_REJECTED("duplicate score name 'fit'", im.scores[1].name = "fit");
  CHECK_REJECTED("score 'engagement' must live in a number register, r7 is not one", im.scores[1].reg = r::flag);
  CHECK_REJECTED("r500 is not one", im.scores[1].reg = 500);
  CHECK_REJECTED("score 'engagement' has min 200 above max 100", im.scores[1].min = 200);
  CHECK_REJECTED("rule #2 belongs to score 2, but there are 2", im.rules[2].score = 2);
  CHECK_REJECTED("duplicate stage name 'sql'", im.stages[3].name = "sql");
  CHECK_REJECTED("a stage has an empty name", im.stages[3].name.clear());
  CHECK_REJECTED("route #1 is for stage 4, but there are 4", im.routes[1].stage = 4);
  CHECK_REJECTED("route #1 has a negative deadline", im.routes[1].within = -5);
  CHECK_REJECTED("export 'budget_or_default' reads register r28, but there are 28", im.exports[1].reg = 28);
  CHECK_REJECTED("duplicate export name 'domain'", im.exports[1].name = "domain");
}

TEST_CASE("names from the file cannot break a message across lines") {
  const std::string error = rejected([](ProgramImage& im) { im.stages[3].name = "sql\n\x1b[31m"; im.stages[2].name = "sql\n\x1b[31m"; });
  CHECK(error == "duplicate stage name 'sql\\x0a\\x1b[31m'");
}

TEST_CASE("the first and the last entry of a table are checked like the others") {
  CHECK_REJECTED("rule #0 belongs to score 2, but there are 2", im.rules[0].score = 2);
  CHECK_REJECTED("belongs to score 2, but there are 2", im.rules.back().score = 2);
  CHECK_REJECTED("route #0 is for stage 4, but there are 4", im.routes[0].stage = 4);
}

// Format v5: a group's chain only moves forward over the same aggregate; an
// order clause names SELECT entries, which name nothing further.
TEST_CASE("event groups and order clauses") {
  auto with_part = [](ProgramImage& im) {  // count(demo_request | page_view within 30d)
    AggregateInfo part = im.aggregates[1];
    part.event = 0;
    im.aggregates.push_back(part);
    im.aggregates[1].next = 3;
  };
  CHECK(rejected(with_part) == "");
  CHECK_REJECTED("aggregate #1 (count) continues at #1, which is not a later aggregate", im.aggregates[1].next = 1);
  CHECK_REJECTED("aggregate #1 (count) continues at #3, which is not a later aggregate", im.aggregates[1].next = 3);
  CHECK_REJECTED("aggregate #1 (count) continues at #3, which is not the same aggregate", {
    with_part(im);
    im.aggregates[3].within = -1;
  });
  CHECK_REJECTED("aggregate #1 (count) orders by #2, which is not a select aggregate", im.aggregates[1].other = 2);
  CHECK_REJECTED("aggregate #1 (count) has a gap but no `after` events", im.aggregates[1].gap = 60);
  CHECK_REJECTED("aggregate #1 has a negative gap -2", im.aggregates[1].gap = -2);
  CHECK_REJECTED("aggregate #1 (count) counts days on calendar 0, but there are 0", im.aggregates[1].calendar = 0);
  CHECK_REJECTED("aggregate #1 (position) names no events to count among", im.aggregates[1].kind = bc::AggKind::position);
  auto with_select = [](ProgramImage& im) {
    AggregateInfo select;
    select.kind = bc::AggKind::select;
    select.event = 0;
    select.result = Type::boolean;
    im.aggregates.push_back(select);
  };
  CHECK(rejected([&](ProgramImage& im) {
          with_select(im);
          im.aggregates[1].other = 3;  // any(demo_request after page_view): no window
          im.aggregates[1].within = -1;
          im.aggregates[1].gap = 86400;
        }) == "");
  CHECK_REJECTED("with `after`, `within` is the gap, not an age limit", {
    with_select(im);
    im.aggregates[1].other = 3;
  });
  CHECK_REJECTED("aggregate #3 (select) names events only", {
    with_select(im);
    im.aggregates[3].field = 1;
  });
  CHECK_REJECTED("aggregate #3 (select) is read only through an order clause", {
    with_select(im);
    im.code[find_op(im, Op::aggregate)].b = 3;
  });
}
