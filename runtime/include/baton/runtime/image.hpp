#pragma once
// ProgramImage: the plain-data content of a compiled program, exactly what a
// .batonc file stores. The compiler fills one in; program_io.cpp writes it to
// bytes and reads bytes back into it; the verifier checks it; the Program
// (program.hpp) adds what cannot be stored (compiled regexes, hash sets).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "baton/common/types.hpp"
#include "baton/runtime/bytecode.hpp"
#include "baton/runtime/calendar.hpp"

namespace baton {

// A literal value stored in a table (field defaults, test data).
struct Literal {
  std::int64_t i = 0;  // int, time, duration, bool (0/1)
  double n = 0;        // number
  std::string s;       // string
  std::vector<std::string> items;  // set/list
};

struct FieldInfo {
  std::string name;
  Type type = Type::invalid;
  bool optional = false;     // may be missing in a record
  bool has_default = false;  // a missing value takes `default_value`
  Literal default_value;
};

struct EventInfo {
  std::string name;
  std::vector<FieldInfo> fields;  // fields[0] is always `at: time`
};

struct ItemsConst {
  bool is_set = true;  // set (hashed for `in`) or list (ordered)
  std::vector<std::string> items;
};

struct RegexConst {
  std::string pattern;     // RE2 syntax
  bool case_insensitive = false;
};

struct ChunkInfo {
  std::uint32_t begin = 0;  // first instruction
  std::uint32_t end = 0;    // one past the last
  std::uint16_t event = bc::kNone;  // predicate chunks: the event type they filter
};

struct AggregateInfo {
  bc::AggKind kind = bc::AggKind::count;
  std::uint16_t event = 0;            // event type
  std::uint16_t chunk = bc::kNone;    // `where` predicate chunk
  std::uint16_t field = bc::kNone;    // value field (sum/min/max/avg/distinct/first/last)
  Type result = Type::invalid;
  std::int64_t within = -1;           // seconds; events older are skipped (-1: none)
  double half_life_days = 0;          // score_per: decay (0: none)
  double points = 0;                  // score_per: points per event
  double cap = -1;                    // score_per: |total| cap (-1: none)
  std::uint16_t rule = bc::kNone;     // score_per: the rule (for explain)
  // Format v5 (event groups and order; docs/bytecode.md):
  std::uint16_t next = bc::kNone;     // the same aggregate over the group's next event type (> this index)
  std::uint16_t other = bc::kNone;    // the SELECT entry naming `after`'s or `among`'s events
  std::int64_t gap = -1;              // `after`: at most this many seconds after the other event (-1: any)
  std::uint16_t calendar = bc::kNone; // distinct_days: count days in this calendar's zone (kNone: UTC)
  bool uses_v5() const { return next != bc::kNone || other != bc::kNone || gap != -1 || calendar != bc::kNone; }
};

struct ScoreInfo {
  std::string name;
  std::uint16_t reg = 0;   // register holding the block's value
  bool has_min = false, has_max = false;
  double min = 0, max = 0;
};

struct RuleInfo {
  std::uint16_t score = 0;  // the block it belongs to
  double points = 0;        // signed
  double cap = -1;          // -1: none
  std::uint32_t line = 0;   // source line (debug section)
  std::string text;         // source text of the rule (debug section)
};

struct StageInfo {
  std::string name;
  std::uint32_t line = 0;  // debug section: its first arm's line
  std::string text;        // debug section: its first arm's source text
};

// An arm of `stages` (format v5: a stage may have several; before, one arm
// per stage, synthesized at load). STAGE_TRY names arms, SET_STAGE stages.
struct StageArmInfo {
  std::uint16_t stage = 0;
  std::uint32_t line = 0;  // debug section
  std::string text;        // debug section
};

struct RouteInfo {
  std::uint16_t stage = 0;
  std::int64_t within = -1;  // follow-up deadline after the stage's start (-1: none, or computed: SET_DEADLINE)
  std::uint32_t line = 0;    // debug section
  std::string text;          // debug section
  std::uint16_t calendar = bc::kNone;  // the calendar its deadline counts on (format v4; kNone: wall clock)
};

// A step of a route's cadence (`escalate to X after 8h on emea`); ESCALATE c
// fills it in when its route is taken.
struct EscalationInfo {
  std::uint16_t route = 0;
  std::uint16_t calendar = bc::kNone;  // kNone: wall-clock time
};

struct ExportInfo {
  std::string name;
  std::uint16_t reg = 0;
};

// One move the lifecycle allows: from a stage (or any stage) into another,
// under a condition computed into a register before LIFECYCLE runs.
struct MoveInfo {
  std::uint16_t from = bc::kNone;  // stage index; kNone = any stage
  std::uint16_t to = 0;
  std::uint16_t condition = bc::kNone;  // bool register; kNone = always allowed
  std::uint32_t line = 0;  // debug section
  std::string text;        // debug section: the lifecycle line's source text
};

struct LifecycleInfo {
  bool present = false;
  std::uint16_t current_field = bc::kNone;  // lead field with the CRM's current stage (string)
  std::uint16_t since_field = bc::kNone;    // lead field with since when (time), if any
  std::vector<MoveInfo> moves;
  std::uint32_t line = 0;  // debug section: the `lifecycle` block's line
};

// A piece of a hand-off summary: text, or a register's value (numbers with
// `decimals` digits after the point when decimals != kNoDecimals).
struct TemplatePiece {
  static constexpr std::uint8_t kNoDecimals = 0xFF;
  std::string text;
  std::uint16_t reg = bc::kNone;
  std::uint8_t decimals = kNoDecimals;
};

struct HandoffField {
  std::string name;
  std::uint16_t reg = 0;
};

// What a lead carries when it enters `stage` (HANDOFF sets it).
struct HandoffInfo {
  std::uint16_t stage = 0;
  bool has_summary = false;
  std::vector<TemplatePiece> summary;
  std::vector<HandoffField> fields;
  std::uint16_t reasons = 0;  // how many top rules to list
  std::uint32_t line = 0;     // debug section
};

// Explain (format v5): the structure of a condition, for `baton explain` to
// say which parts held. Nodes are stored in pre-order; an `and`/`or` node is
// followed by its `children` parts, a `not` node by its one part. The
// condition's explain chunk (a chunk without an event type, run only when
// explaining, after the decision is made) computes every leaf's truth value
// and the values of its operands into the registers named here.
enum class ExplainNodeKind : std::uint8_t { leaf, and_, or_, not_ };
inline constexpr std::size_t kExplainNodeKinds = 4;

struct ExplainOperand {
  std::string text;                 // its source text (`company_size`, `1000`)
  std::uint16_t reg = bc::kNone;    // its value; kNone: a constant, its text says it all
  bool is_stage = false;            // an int register holding a stage index
};

struct ExplainNode {
  ExplainNodeKind kind = ExplainNodeKind::leaf;
  std::uint16_t children = 0;       // and/or: >= 2; not: 1; leaf: 0
  std::uint16_t value = bc::kNone;  // leaf: bool register with its truth value
  std::string text;                 // the part's source text
  std::string op;                   // leaf: its operator as written (">=", "in", "matches"); "" for a bool value
  std::vector<ExplainOperand> operands;  // leaf: at most 3 (between: value, low, high)
};

// move: a lifecycle move's `when` condition (format version 6).
enum class ExplainOwner : std::uint8_t { stage, route, rule, move };
inline constexpr std::size_t kExplainOwners = 4;

// The condition of one stage arm, route arm, `when` rule or lifecycle move.
struct ExplainCondition {
  ExplainOwner owner = ExplainOwner::stage;
  std::uint16_t index = 0;          // into the stage arm, route, rule or lifecycle move table
  std::uint16_t chunk = 0;          // its explain chunk
  std::vector<ExplainNode> nodes;   // pre-order; nodes[0] is the whole condition
};

struct ExplainLet {  // a `let` that is not exported: explain shows its value
  std::string name;
  std::uint16_t reg = 0;
};

struct ExplainAggregate {  // an aggregate a let or condition reads, with its text
  std::uint16_t aggregate = 0;
  std::string text;  // `count(page_view within 30d)`
};

struct ExplainInfo {
  std::vector<ExplainCondition> conditions;
  std::vector<ExplainLet> lets;
  std::vector<ExplainAggregate> aggregates;
};

struct ImportInfo {
  std::string name;
  std::vector<Type> params;  // as called (variadic calls list every argument)
  Type result = Type::invalid;
};

struct ProgramImage {
  std::uint16_t format_version = bc::kVersion;  // as read from the file (written: the newest, or 5 for 1-5)
  std::string sla_name;
  std::string sla_version;

  std::vector<FieldInfo> lead_fields;  // registers 0..size-1
  std::vector<EventInfo> events;

  std::vector<std::int64_t> k_int;
  std::vector<double> k_num;
  std::vector<std::string> k_str;
  std::vector<ItemsConst> k_items;
  std::vector<RegexConst> k_regex;

  std::vector<Type> registers;       // the type of every register
  std::vector<bc::Instruction> code;
  std::vector<ChunkInfo> chunks;     // chunk 0 = main

  std::vector<ImportInfo> imports;
  std::vector<AggregateInfo> aggregates;
  std::vector<ScoreInfo> scores;
  std::vector<RuleInfo> rules;
  std::vector<StageInfo> stages;
  std::vector<StageArmInfo> stage_arms;  // the arms of `stages`, in order
  std::vector<RouteInfo> routes;
  std::vector<ExportInfo> exports;
  LifecycleInfo lifecycle;           // format v3
  std::vector<HandoffInfo> handoffs; // format v3
  std::vector<CalendarInfo> calendars;  // format v4: business calendars
  std::vector<EscalationInfo> escalations;  // format v4: cadence steps
  ExplainInfo explain;               // format v5: condition structure for explain

  // Debug section: not part of the fingerprint.
  std::string source_path;
  std::vector<std::uint32_t> lines;  // source line per instruction
};

}  // namespace baton
