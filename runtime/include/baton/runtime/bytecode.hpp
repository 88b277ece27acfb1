#pragma once
// The baton bytecode: this header is the specification. docs/bytecode.md
// mirrors it with the file layout; the opcode table below is the single source
// from which the enum, the names, the operand kinds, the disassembler and the
// verifier are generated.
//
// File layout (.batonc; details in docs/bytecode.md). Little-endian, fixed
// widths, every byte validated, so the encoding is canonical.
//
//   header, 36 bytes:
//     0  magic "BTNC"        4  u16 version        6  u16 flags (0)
//     8  u32 payload size   12  16-byte fingerprint: XXH3-128 of the sections before debug
//    28  u64 checksum: XXH3-64 of the payload
//   payload: 18 sections (17 in version 4, 16 in version 3, 14 before), each once and in order:
//   u8 tag, u32 length, body
//     1 meta  2 schema  3 constants  4 registers  5 code  6 chunks  7 imports
//     8 aggregates  9 scores  10 rules  11 stages  12 routes  13 exports
//    14 lifecycle  15 handoffs (version 3)  16 calendars (version 4)
//    17 debug (source path, line per instruction, rule/stage/route/move text
//       and line; 16 in version 3, 14 before): not part of the fingerprint.
//    18 explain (version 5: condition structure, unexported lets, aggregate
//       texts): after debug, not part of the fingerprint either.
//
// Version history (BATON_BC_VERSION):
//   1  first format: typed register machine, forward-only jumps, predicate
//      chunks for event filters, aggregate descriptors. LOAD_STAGE,
//      LOAD_ROUTE, LOAD_DEADLINE and LOAD_AS_OF serve `test` expectations.
//   2  one instruction where version 1 needed several: ADD_PER_RULE (AGGREGATE +
//      RULE_ADD for a `per` rule) and comparisons with a constant-pool
//      operand (EQ_INT_K .. GE_NUM_K, where LOAD_INT/LOAD_NUM + a comparison
//      were needed), IN_SET_K and NOT_IN_SET_K (IN_CONST_SET, a NOT_ for
//      `not in`, and the LOAD_BOOL + COALESCE that made a missing operand
//      false). Version 1 files still load: their opcodes are unchanged.
//   3  the lifecycle and hand-offs: sections 14 lifecycle (current-stage
//      field, allowed moves with their condition registers) and 15 hand-offs
//      (summary templates, fields, reasons) before the debug section, now 16;
//      opcodes LIFECYCLE, ENTERED, SET_HANDOFF and, for tests,
//      LOAD_PREVIOUS_STAGE, LOAD_RULES_STAGE, LOAD_TRANSITION. Version 1 and
//      2 files still load (no lifecycle, no hand-offs).
//   4  business time: section 16 calendars (zone, weekly hours, holidays;
//      per route arm the calendar its deadline counts on) before the debug
//      section, now 17; opcodes SET_DEADLINE, SET_BUSINESS_DEADLINE (a
//      deadline computed by an expression, in wall-clock or working time)
//      and BUSINESS_HOURS_SINCE; cadences: the escalation table (route,
//      calendar) in the same section and ESCALATE. Versions 1-3 still load.
//   5  several arms per stage: the stages section lists, after the stage
//      names, the arms of `stages` (each arm's stage) and the debug section
//      ends with each arm's line and text; STAGE_TRY's operand b is an arm
//      (before: a stage, one arm per stage). `if ... then ... else` and
//      route arms falling through need no new opcode.
//      Event groups and order: aggregate kinds DISTINCT_DAYS, POSITION and
//      SELECT; an aggregate may continue over another event type (`next`: a
//      group's members, one table entry each, combined when read), name the
//      events of an order clause (`other`: `after`, `among`), limit the time
//      between the two (`gap`) and count days in a calendar's zone
//      (`calendar`). These four are written after the aggregate records,
//      only when some aggregate uses one, so programs without them keep their
//      bytes and fingerprint. Versions 1-4 still load.
//      Explain: section 18 explain after the debug section. Per
//      stage arm, route arm and `when` rule, the tree of its condition's
//      and/or/not parts (pre-order; leaves with their operator and operand
//      registers) and an explain chunk: a chunk without an event type that
//      ends with HALT, run only when explaining, after the decision, that
//      writes the leaves' values into registers of their own (it may not
//      change the decision: no RULE_*, STAGE/ROUTE steps, LIFECYCLE,
//      hand-off, deadline or escalation opcodes). Also the names and
//      registers of unexported lets, and the source text of the aggregates
//      that lets and conditions read. Versions 1-4 still load (no explain
//      section: explain shows no parts).
//   6  follow-ups count from the stage's start: SET_ROUTE's `within`,
//      SET_DEADLINE, SET_BUSINESS_DEADLINE and ESCALATE count from the
//      decision's stage_since (the lifecycle's since field for a lead that
//      stays or is held; as_of for one that enters now, or when unknown)
//      instead of as_of. LOAD_STAGE_SINCE for tests. In the explain section,
//      owner 3: a conditional lifecycle line's condition, keyed by its first
//      move. Layout otherwise unchanged. The fingerprint hashes the sections
//      with seed 6, so a version-6 program's fingerprint differs from the
//      same sections' as version 5. Versions 1-5 still load and keep their
//      meaning (deadlines from as_of); written again, they are version 5.
//
// Instruction layout: 8 bytes, little-endian on disk.
//
//   byte  0        1        2..3     4..5     6..7
//        +--------+--------+--------+--------+--------+
//        |   op   |   n    |   a    |   b    |   c    |
//        +--------+--------+--------+--------+--------+
//
//   op  opcode (below); n  small count (CALL: argument count);
//   a, b, c  16-bit operands whose meaning the opcode's operand kinds give.
//
// Registers: a frame of up to 65,535 registers, each statically typed by the
// program's register table. Registers 0..F-1 hold the lead's F schema fields,
// copied from the decoded record at the start of every evaluation; the rest
// are temporaries, lets and scores, all reset to "missing" per lead. Values
// carry a missing bit (optional fields, empty aggregates); each opcode's
// comment says what it does with it.
//
// Control flow: jump targets are absolute instruction indexes inside the same
// chunk and strictly greater than the jumping instruction, so every chunk runs
// in at most (length) steps and evaluation always terminates. Chunk 0 is the
// main chunk (ends with HALT); other chunks are predicates over one event type
// (end with RET), run by AGGREGATE once per event; AGGREGATE may not appear in
// a predicate chunk, so predicates never nest. Explain chunks (version 5) have
// no event type and end with HALT; only explain mode runs them.
#include <cstdint>
#include <string_view>

namespace baton::bc {

inline constexpr char kMagic[4] = {'B', 'T', 'N', 'C'};
inline constexpr std::uint16_t kVersion = 6;
inline constexpr std::uint16_t kVersionMin = 1;  // oldest format the loader reads
inline constexpr std::uint16_t kNone = 0xFFFF;    // "no chunk/field/rule" in tables

// What a 16-bit operand refers to; drives the verifier and the disassembler.
enum class Operand : std::uint8_t {
  none,
  r_i64,    // register of int, time or duration type
  r_f64,    // register of number type
  r_bool,   // register of bool type
  r_str,    // register of string type
  r_items,  // register of set<string> or list<string> type
  r_regex,  // register of regex type
  r_any,    // register of any type (the opcode's own check relates it)
  k_int,    // index into the int constant pool
  k_num,    // index into the number constant pool
  k_str,    // index into the string constant pool
  k_items,  // index into the set/list constant pool
  k_regex,  // index into the regex constant pool
  jump,     // absolute instruction index in this chunk, > pc
  field,    // field index of the chunk's event type (0 = at)
  function, // index into the import table (bound to stdlib at load)
  aggregate,// index into the aggregate table
  score,    // index into the score table
  stage,    // index into the stage table
  rule,     // index into the rule table
  route,    // index into the route table
  handoff,  // index into the hand-off table
  calendar, // index into the calendar table
  escalation, // index into the escalation table
  stage_arm,  // index into the stage-arm table (format v5)
  imm,      // immediate unsigned value
};

// X(name, a, b, c, semantics)
#define BATON_OPCODES(X)                                                                    \
  X(halt, none, none, none, "end of the main chunk")                                       \
  X(ret, r_bool, none, none, "end of a predicate chunk; result R[a] (missing = false)")    \
  X(jump, jump, none, none, "pc := a")                                                     \
  X(jump_if, r_bool, jump, none, "if R[a] is present and true: pc := b")                   \
  X(jump_ifnot, r_bool, jump, none, "if R[a] is missing or false: pc := b")                \
  X(move, r_any, r_any, none, "R[a] := R[b]; both of one type")                            \
  X(load_int, r_i64, k_int, none, "R[a] := Kint[b]")                                        \
  X(load_num, r_f64, k_num, none, "R[a] := Knum[b]")                                        \
  X(load_str, r_str, k_str, none, "R[a] := Kstr[b]")                                        \
  X(load_bool, r_bool, imm, none, "R[a] := (b != 0)")                                       \
  X(load_items, r_items, k_items, none, "R[a] := Kitems[b]")                                \
  X(load_regex, r_regex, k_regex, none, "R[a] := Kregex[b]")                                \
  X(load_missing, r_any, none, none, "R[a] := missing")                                     \
  X(load_event, r_any, field, none, "R[a] := field b of the current event; types match")   \
  X(int_to_num, r_f64, r_i64, none, "R[a] := double(R[b]); missing stays missing")         \
  X(add_int, r_i64, r_i64, r_i64, "R[a] := R[b] + R[c]; missing if either is or on overflow")     \
  X(sub_int, r_i64, r_i64, r_i64, "R[a] := R[b] - R[c]; missing if either is or on overflow")     \
  X(mul_int, r_i64, r_i64, r_i64, "R[a] := R[b] * R[c]; missing if either is or on overflow")     \
  X(div_int, r_i64, r_i64, r_i64, "R[a] := R[b] / R[c] truncated; missing if c is 0")      \
  X(mod_int, r_i64, r_i64, r_i64, "R[a] := R[b] % R[c]; missing if c is 0")                \
  X(neg_int, r_i64, r_i64, none, "R[a] := -R[b]; missing if R[b] is or on overflow")                                  \
  X(add_num, r_f64, r_f64, r_f64, "R[a] := R[b] + R[c]; missing if either is or if not finite")             \
  X(sub_num, r_f64, r_f64, r_f64, "R[a] := R[b] - R[c]; missing if either is or if not finite")             \
  X(mul_num, r_f64, r_f64, r_f64, "R[a] := R[b] * R[c]; missing if either is or if not finite")             \
  X(div_num, r_f64, r_f64, r_f64, "R[a] := R[b] / R[c]; missing if c is 0 or if not finite")                \
  X(mod_num, r_f64, r_f64, r_f64, "R[a] := fmod(R[b], R[c]); missing if c is 0")           \
  X(neg_num, r_f64, r_f64, none, "R[a] := -R[b]")                                          \
  X(eq_int, r_bool, r_i64, r_i64, "R[a] := R[b] == R[c]; false if either is missing")      \
  X(ne_int, r_bool, r_i64, r_i64, "R[a] := R[b] != R[c]; false if either is missing")      \
  X(lt_int, r_bool, r_i64, r_i64, "R[a] := R[b] < R[c]; false if either is missing")       \
  X(le_int, r_bool, r_i64, r_i64, "R[a] := R[b] <= R[c]; false if either is missing")      \
  X(eq_num, r_bool, r_f64, r_f64, "R[a] := R[b] == R[c]; false if either is missing")      \
  X(ne_num, r_bool, r_f64, r_f64, "R[a] := R[b] != R[c]; false if either is missing")      \
  X(lt_num, r_bool, r_f64, r_f64, "R[a] := R[b] < R[c]; false if either is missing")       \
  X(le_num, r_bool, r_f64, r_f64, "R[a] := R[b] <= R[c]; false if either is missing")      \
  X(eq_str, r_bool, r_str, r_str, "R[a] := R[b] == R[c] bytewise; false if missing")       \
  X(ne_str, r_bool, r_str, r_str, "R[a] := R[b] != R[c] bytewise; false if missing")       \
  X(eq_bool, r_bool, r_bool, r_bool, "R[a] := R[b] == R[c]; false if either is missing")   \
  X(ne_bool, r_bool, r_bool, r_bool, "R[a] := R[b] != R[c]; false if either is missing")   \
  X(not_, r_bool, r_bool, none, "R[a] := not R[b]; missing stays missing")                 \
  X(starts_with, r_bool, r_str, r_str, "R[a] := R[b] starts with R[c]; false if missing")  \
  X(ends_with, r_bool, r_str, r_str, "R[a] := R[b] ends with R[c]; false if missing")      \
  X(contains, r_bool, r_str, r_str, "R[a] := R[c] occurs in R[b]; false if missing")       \
  X(matches, r_bool, r_str, k_regex, "R[a] := regex Kregex[c] matches in R[b]")            \
  X(in_const_set, r_bool, r_str, k_items, "R[a] := R[b] in Kitems[c] (hashed); missing if b is")      \
  X(in_items, r_bool, r_str, r_items, "R[a] := R[b] is an element of R[c]; missing if either is")                \
  X(present, r_bool, r_any, none, "R[a] := R[b] is not missing")                           \
  X(coalesce, r_any, r_any, r_any, "R[a] := R[b] if present else R[c]; one type")         \
  X(call, r_any, function, r_any, "R[a] := F[b](R[c] .. R[c+n-1]); types per signature")   \
  X(aggregate, r_any, aggregate, none, "R[a] := aggregate b over the lead's events")        \
  X(rule_when, r_f64, r_bool, rule, "if R[b]: R[a] += points of rule c (explain: trace)")  \
  X(rule_add, r_f64, r_f64, rule, "R[a] += R[b], the total of per-rule c (traced by AGGREGATE)") \
  X(clamp_score, r_f64, score, none, "R[a] := clamp(R[a], min and max of score b)")        \
  X(stage_try, r_bool, stage_arm, none, "explain only: the condition of stage arm b was R[a]") \
  X(set_stage, stage, none, none, "decision stage := a")                                   \
  X(route_try, r_bool, route, none, "explain only: route arm b's condition was R[a]")      \
  X(set_route, route, r_str, none, "decision route := arm a with target R[b], deadline start + the arm's `within`; none if R[b] is missing") \
  X(load_stage, r_i64, none, none, "R[a] := the decision's stage index so far; missing if none")     \
  X(load_route, r_str, none, none, "R[a] := the decision's route target; missing if none")          \
  X(load_deadline, r_i64, none, none, "R[a] := the decision's deadline; missing if none")            \
  X(load_as_of, r_i64, none, none, "R[a] := the evaluation time as_of")                      \
  X(add_per_rule, r_f64, aggregate, none, "R[a] += points of per-rule aggregate b (score_per; traced by it)") \
  X(eq_int_k, r_bool, r_i64, k_int, "R[a] := R[b] == Kint[c]; false if R[b] is missing")     \
  X(ne_int_k, r_bool, r_i64, k_int, "R[a] := R[b] != Kint[c]; false if R[b] is missing")     \
  X(lt_int_k, r_bool, r_i64, k_int, "R[a] := R[b] < Kint[c]; false if R[b] is missing")      \
  X(le_int_k, r_bool, r_i64, k_int, "R[a] := R[b] <= Kint[c]; false if R[b] is missing")     \
  X(gt_int_k, r_bool, r_i64, k_int, "R[a] := R[b] > Kint[c]; false if R[b] is missing")      \
  X(ge_int_k, r_bool, r_i64, k_int, "R[a] := R[b] >= Kint[c]; false if R[b] is missing")     \
  X(eq_num_k, r_bool, r_f64, k_num, "R[a] := R[b] == Knum[c]; false if R[b] is missing")     \
  X(ne_num_k, r_bool, r_f64, k_num, "R[a] := R[b] != Knum[c]; false if R[b] is missing")     \
  X(lt_num_k, r_bool, r_f64, k_num, "R[a] := R[b] < Knum[c]; false if R[b] is missing")      \
  X(le_num_k, r_bool, r_f64, k_num, "R[a] := R[b] <= Knum[c]; false if R[b] is missing")     \
  X(gt_num_k, r_bool, r_f64, k_num, "R[a] := R[b] > Knum[c]; false if R[b] is missing")      \
  X(ge_num_k, r_bool, r_f64, k_num, "R[a] := R[b] >= Knum[c]; false if R[b] is missing")     \
  X(in_set_k, r_bool, r_str, k_items, "R[a] := R[b] in Kitems[c] (hashed); false if R[b] is missing") \
  X(not_in_set_k, r_bool, r_str, k_items, "R[a] := R[b] not in Kitems[c] (hashed); false if R[b] is missing") \
  X(lifecycle, none, none, none, "decision stage := the rules' stage if the lifecycle allows the move from the current stage, else the current stage (held back)") \
  X(entered, r_bool, stage, none, "R[a] := the lead entered stage b in this decision") \
  X(set_handoff, handoff, none, none, "decision hand-off := a (its values are in the registers its table names)") \
  X(load_previous_stage, r_i64, none, none, "R[a] := the lead's current stage before this decision; missing if none") \
  X(load_rules_stage, r_i64, none, none, "R[a] := the stage the rules chose, before the lifecycle") \
  X(load_transition, r_str, none, none, "R[a] := \"entered\", \"stayed\" or \"held\"") \
  X(set_deadline, r_i64, none, none, "decision deadline := start + R[a] (a duration); none if R[a] is missing or negative") \
  X(set_business_deadline, r_i64, calendar, none, "decision deadline := start + R[a] of working time on calendar b; none if R[a] is missing or negative") \
  X(business_hours_since, r_f64, r_i64, calendar, "R[a] := working hours of calendar c from time R[b] to as_of (negative if later); missing if R[b] is") \
  X(escalate, r_str, r_i64, escalation, "decision escalation c := to R[a], due start + R[b] (working time on its calendar, if any); skipped if R[a] is missing or no route is set") \
  X(load_stage_since, r_i64, none, none, "R[a] := since when the lead is in its stage (the decision's stage_since); missing if unknown")

enum class Op : std::uint8_t {
#define BATON_OP_ENUM(name, a, b, c, doc) name,
  BATON_OPCODES(BATON_OP_ENUM)
#undef BATON_OP_ENUM
  count_
};

struct OpInfo {
  std::string_view name;
  Operand a, b, c;
  std::string_view doc;
};

inline constexpr OpInfo kOpInfo[] = {
#define BATON_OP_INFO(name, a, b, c, doc) {#name, Operand::a, Operand::b, Operand::c, doc},
    BATON_OPCODES(BATON_OP_INFO)
#undef BATON_OP_INFO
};

inline constexpr std::size_t kOpCount = static_cast<std::size_t>(Op::count_);
static_assert(sizeof(kOpInfo) / sizeof(kOpInfo[0]) == kOpCount);

inline const OpInfo& op_info(Op op) { return kOpInfo[static_cast<std::size_t>(op)]; }

// The first opcode of each format version: entry v-1 for version v (for a
// version that added none, the next version's first opcode, or Op::count_
// while there is none). Opcodes are only ever appended, so an
// opcode belongs to the last version whose first opcode is not after it, and
// the loader rejects a file using an opcode newer than its header's version.
// A new version adds one entry here; the assertions below make bumping
// kVersion without it a compile error.
inline constexpr Op kFirstOpOfVersion[] = {
    Op::halt,          // 1
    Op::add_per_rule,  // 2
    Op::lifecycle,     // 3
    Op::set_deadline,  // 4
    Op::load_stage_since,  // 5: stage arms, no new opcode
    Op::load_stage_since,  // 6: follow-ups count from the stage's start
};
static_assert(sizeof(kFirstOpOfVersion) / sizeof(kFirstOpOfVersion[0]) == kVersion,
              "a new bytecode version needs its first opcode in kFirstOpOfVersion");

// The format version that introduced `op` (0 for bytes past the table).
constexpr std::uint16_t op_version(Op op) {
  if (op >= Op::count_) return 0;
  std::uint16_t version = 1;
  for (std::uint16_t v = 1; v <= kVersion; ++v)
    if (kFirstOpOfVersion[v - 1] <= op) version = v;
  return version;
}
static_assert([] {
  for (std::uint16_t v = 1; v < kVersion; ++v)
    if (kFirstOpOfVersion[v] < kFirstOpOfVersion[v - 1]) return false;
  return kFirstOpOfVersion[0] == Op::halt;
}(), "kFirstOpOfVersion must start at HALT and never go down");

struct Instruction {
  Op op;
  std::uint8_t n;
  std::uint16_t a, b, c;
};
static_assert(sizeof(Instruction) == 8);

// Aggregate kinds (the AGGREGATE opcode's descriptor table).
#define BATON_AGGREGATES(X)                                                            \
  X(count, "number of matching events (int)")                                         \
  X(any, "at least one matching event (bool)")                                        \
  X(all, "every event matches; true when there are none (bool)")                      \
  X(none, "no event matches (bool)")                                                  \
  X(sum, "sum of a field over matching events, skipping missing (same type)")         \
  X(min, "least value of a field; missing when no event has one")                     \
  X(max, "greatest value of a field; missing when no event has one")                  \
  X(avg, "mean of a numeric field (number); missing when no event has one")           \
  X(distinct, "number of distinct values of a field (int)")                           \
  X(first, "field of the earliest matching event; missing when none")                 \
  X(last, "field of the latest matching event; missing when none")                    \
  X(streak, "longest run of consecutive days with a matching event (int)")            \
  X(score_per, "points per matching event, decayed, capped (number); a `per` rule")     \
  X(decayed_count, "sum of 0.5^(age/half_life) over matching events (number)")          \
  X(decayed_sum, "sum of a numeric field x 0.5^(age/half_life), skipping missing (number)") \
  X(distinct_days, "number of different calendar days with a matching event, in UTC or a calendar's zone (int)") \
  X(position, "1 + the number of `other`'s events before the earliest matching event (int); missing when none") \
  X(select, "the events an order clause names (`after`, `among`): read through the aggregate naming it, never alone")

enum class AggKind : std::uint8_t {
#define BATON_AGG_ENUM(name, doc) name,
  BATON_AGGREGATES(BATON_AGG_ENUM)
#undef BATON_AGG_ENUM
  count_
};

inline constexpr std::string_view kAggNames[] = {
#define BATON_AGG_NAME(name, doc) #name,
    BATON_AGGREGATES(BATON_AGG_NAME)
#undef BATON_AGG_NAME
};

}  // namespace baton::bc
