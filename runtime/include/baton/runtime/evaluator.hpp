#pragma once
// Evaluating a program against decoded records. One Evaluator per thread; it
// owns the register frame and buffers, reused from lead to lead, so the hot
// path allocates nothing once warm.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "baton/common/arena.hpp"
#include "baton/common/value.hpp"
#include "baton/runtime/program.hpp"
#include "baton/runtime/record.hpp"

namespace baton {

// What explain mode records. Indexes refer to the program's tables.
struct RuleHit {
  std::uint16_t rule = 0;
  double raw = 0;        // points before decay and cap
  double decayed = 0;    // after decay (== raw without decay)
  double value = 0;      // after the rule's cap: what the score received
  std::uint32_t events = 0;  // per-rules: matching events counted
};
struct ArmTry {
  std::uint16_t arm = 0;
  bool matched = false;
  bool no_target = false;  // a route arm whose destination was missing: the next arm was tried
};
struct ScoreClamp {
  std::uint16_t score = 0;
  double before = 0, after = 0;
};
// A condition of the explain section (format v5), evaluated part by part:
// for each of its nodes kValuesPerPart values in `Trace::part_values` from
// `first` on: the leaf's truth value, then up to three operand values
// (missing where the node has none).
struct PartsTry {
  std::uint16_t condition = 0;  // index into image().explain.conditions
  std::uint32_t first = 0;
};
inline constexpr std::size_t kValuesPerPart = 4;

// The events an aggregate or `per` rule counted: how many were in its
// window, how many matched, and the times of the most recent few.
struct EventsSeen {
  std::uint16_t aggregate = 0;
  std::uint32_t in_window = 0;
  std::uint32_t matched = 0;
  std::uint32_t first = 0, shown = 0;  // Trace::event_times[first, first + shown), newest first
};
inline constexpr std::size_t kRecentEvents = 3;

struct Trace {
  std::vector<RuleHit> rules;       // rules that gave points (a `when` rule capped at 0 too)
  std::vector<ScoreClamp> clamps;   // block caps that changed a total
  std::vector<ArmTry> stages;       // in the order tried
  std::vector<ArmTry> routes;
  // Filled after the decision by the explain pass (runtime/src/explain_parts.cpp);
  // values stay valid until the next evaluate().
  std::vector<PartsTry> parts;      // every condition of the explain section
  std::vector<Value> part_values;
  std::vector<Value> lets;          // image().explain.lets' values, in order
  std::vector<EventsSeen> events;   // per `per` rule and explained aggregate
  std::vector<std::int64_t> event_times;
  void clear() {
    rules.clear(); clamps.clear(); stages.clear(); routes.clear();
    parts.clear(); part_values.clear(); lets.clear(); events.clear(); event_times.clear();
  }
};

// What the lifecycle made of the rules' stage (docs/language.md, Lifecycle).
enum class Transition : std::uint8_t {
  entered,  // the lead moved into `stage` (or had no current stage)
  stayed,   // the rules say the stage the lead is already in
  held,     // the rules say another stage, the lifecycle allows no move there
};
const char* transition_name(Transition t);  // "entered", "stayed", "held"

// A step of the route's cadence: `escalate to "manager:emea" after 8h on emea`.
struct EscalationStep {
  std::uint16_t escalation = 0;  // index into the program's escalation table
  std::string_view to;           // the destination; valid until the next evaluate()
  bool has_due = false;          // false when the delay is missing or the date out of range
  std::int64_t due = 0;          // epoch seconds
  std::int64_t after = 0;        // the delay in seconds (working seconds on a calendar)
  bool has_delay = false;        // false when the delay was missing or negative (after is then 0)
};

struct Decision {
  std::int64_t as_of = 0;
  std::vector<double> scores;    // per score block, program order
  int stage = -1;                // index into the stage table: the stage after the lifecycle
  int rules_stage = -1;          // the stage the rules chose
  int previous_stage = -1;       // the lead's current stage from its record; -1: none
  Transition transition = Transition::entered;
  int held_by = -1;              // held: the move whose condition failed; -1: no path at all
  std::vector<std::uint16_t> moves;  // the lifecycle moves the lead took, in order
  int handoff = -1;              // index into the hand-off table when entering a stage that has one
  std::vector<Value> handoff_values;  // its summary's values, then its fields; valid until next evaluate()
  int route = -1;                // index into the route table; -1: no route
  std::string_view route_target; // valid until the next evaluate()
  // Since when the lead is in its stage: as_of when it enters the stage now;
  // when it stays or is held, the lifecycle's since field (a time after as_of
  // counts as as_of); unknown (false) when that field is missing.
  bool has_stage_since = false;
  std::int64_t stage_since = 0;
  bool has_deadline = false;
  std::int64_t deadline = 0;     // follow_up_from() + the arm's `within` (in working time when deadline_calendar >= 0)
  int deadline_calendar = -1;    // `within 4h on emea`: the calendar (index into the program's); -1: wall clock
  std::int64_t deadline_working = 0;  // then: the working seconds counted from follow_up_from()
  // Why a routed lead has no deadline (explain says so): the arm sets none,
  // its `within` is missing or negative for this lead, or the due time falls
  // outside the times a deadline can hold (a calendar's 1900-2199, or 9999).
  enum class NoDeadline : std::uint8_t { not_set, missing, negative, out_of_range };
  NoDeadline no_deadline = NoDeadline::not_set;
  std::vector<EscalationStep> escalations;  // the route's cadence after the first deadline, in order
  std::vector<Value> exports;    // exported lets, program order; valid until next evaluate()
  // Set when evaluated with explain; also, holding only the rules that gave
  // points, for a lead that entered a hand-off with `reasons`.
  const Trace* trace = nullptr;
  bool explained = false;  // evaluated with explain: the trace is the whole explanation

  // Where the deadline and the cadence count from: the stage's start, so a
  // re-score does not move them; as_of when that start is unknown.
  std::int64_t follow_up_from() const { return has_stage_since ? stage_since : as_of; }
};

struct Leaf;         // runtime/src/filter_table.hpp
struct Accumulator;  // runtime/src/aggregate_state.hpp

struct EvaluatorOptions {
  // Aggregates over one event type are computed together in one pass over
  // the lead's events, their `where` filters answered from truth tables
  // instead of running the filter chunks (runtime/src/filter_table.hpp).
  // Off: each aggregate loops on its own and runs its chunk, the plain
  // reference path that differential tests compare against. Same results.
  bool event_passes = true;
  // Common pairs of adjacent instructions run as one (runtime/src/
  // superinstructions.hpp). Off: one dispatch per instruction. Same results.
  bool superinstructions = true;
};

// Why `as_of` (epoch seconds) cannot be evaluated at: outside the times a
// value may hold, 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z; "" when it can.
std::string as_of_problem(std::int64_t as_of);

class Evaluator {
 public:
  explicit Evaluator(std::shared_ptr<const Program> program, EvaluatorOptions options = {});
  ~Evaluator();
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  const Program& program() const { return *program_; }
  // The register frame after the last evaluate(): for tools that read values
  // the program left in known registers (`baton test` reads expectations).
  const std::vector<Value>& registers() const { return registers_; }
  // How many aggregates are computed in shared event passes (for tests and
  // benchmarks; see EvaluatorOptions).
  std::size_t fused_aggregates() const;
  // How many instruction pairs run as superinstructions (0 when off).
  std::size_t fused_pairs() const;
  // The returned reference stays valid until the next call. `as_of` (epoch
  // seconds) must fall in 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z, as
  // every time does; outside it evaluate throws std::out_of_range (a time in
  // milliseconds would otherwise be scored as the year 58863).
  const Decision& evaluate(const Record& record, std::int64_t as_of, bool explain = false);

 private:
  std::shared_ptr<const Program> program_;
  std::vector<bc::Instruction> code_;  // the program's code, superinstructions marked
  std::vector<Value> registers_;
  Arena arena_;
  Decision decision_;
  Trace trace_;
  const Record* record_ = nullptr;
  const Value* current_event_ = nullptr;
  bool explain_ = false;
  bool predicate_result_ = false;
  // The rules that gave points go into the trace: when explaining, and in
  // every evaluation of a program whose hand-offs list reasons.
  bool trace_rules_ = false;
  bool handoff_reasons_ = false;  // some hand-off lists `reasons`
  std::int64_t as_of_ = 0;

  struct AggregateState;  // runtime/src/aggregate_state.hpp
  std::unique_ptr<AggregateState> aggregates_;
  void prepare_aggregates(bool event_passes);
  void aggregate(std::uint16_t index, Value& out);  // the `aggregate` opcode
  void read_aggregate(std::uint16_t index, Value& out);  // the same, common reads inline
  bool pass_current(std::uint16_t event_type) const;
  void run_event_pass(std::uint16_t event_type);
  void run_aggregate(std::uint16_t index);          // one aggregate alone, filter chunk through the VM
  void finish_aggregate(std::uint16_t index, Value& out);
  void finish_value(const AggregateInfo& agg, Accumulator& acc, Value& out);
  // Event groups and order clauses (event_order.cpp).
  void order_aggregate(std::uint16_t index, Value& out);
  void gather_part(std::uint16_t index);
  void run_after(std::uint16_t index);
  void select_times(std::uint16_t select);
  std::int64_t count_before(std::uint16_t select, std::int64_t at);
  std::int64_t distinct_days(const AggregateInfo& agg, const Accumulator& acc);
  std::uint8_t leaf_outcome(const Leaf& leaf, const Value* event);

  // Regex results remembered per text (see regex_matches): bit r of `known`
  // says regex r was searched in `text`, the same bit of `matched` its result.
  struct MatchMemo {
    std::uint64_t hash = 0;
    std::uint64_t known = 0, matched = 0;
    std::string text;
  };
  static constexpr std::size_t kMatchMemoSize = 2048;  // distinct texts (~100 KB)
  static constexpr std::size_t kMemoRegexes = 64;      // regexes past this many are not remembered
  std::vector<MatchMemo> match_memo_ = std::vector<MatchMemo>(kMatchMemoSize);
  const char* last_hashed_ = nullptr;  // the text last hashed in this evaluation...
  std::size_t last_hashed_size_ = 0;
  std::uint64_t last_hash_ = 0;        // ...and its hash
  bool regex_matches(std::uint16_t regex, std::string_view text);

  std::vector<int> lifecycle_parent_;            // per stage: the move that reached it (-2: not reached)
  std::vector<std::uint16_t> lifecycle_from_;    // per stage: the stage it was reached from
  std::vector<std::uint16_t> lifecycle_queue_;
  bool lifecycle_reaches(int from, int to, bool honor_conditions);
  void apply_lifecycle();
  void keep_stage_since();

  void run_chunk(std::size_t chunk);
  // Explain mode, after the decision: the explain section's conditions part
  // by part, the lets' values and the events counted (explain_parts.cpp).
  void explain_pass();
  void explain_events(std::uint16_t aggregate);
  void call(const bc::Instruction& in, Value& out);
  void call_function(std::uint16_t import, std::span<const Value> args, Value& out);
  bool run_predicate(std::size_t chunk, const Value* event);
};

}  // namespace baton
