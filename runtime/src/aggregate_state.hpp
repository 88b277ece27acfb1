#pragma once
// The evaluator's working state for event aggregates, reused from lead to lead.
//
// Aggregates whose `where` filter has a truth table (filter_table.hpp), or no
// filter, are "fused": the first time the main chunk asks for one of them, a
// single pass over the lead's events of that type feeds every fused
// aggregate of the type, and the others are then read from their
// accumulators. Fusing is safe because such an aggregate reads nothing but
// the events and as_of, and the pass runs no chunk (no register changes).
// Explain entries are still written when the main chunk reads the
// aggregate, so traces keep their order.
#include <cstdint>
#include <optional>
#include <vector>

#include "baton/common/value.hpp"
#include "baton/runtime/evaluator.hpp"
#include "filter_table.hpp"

namespace baton {

// One aggregate's running totals over the events it has seen.
struct Accumulator {
  Type field_type = Type::invalid;  // of the value field, if any (fixed per program)
  std::int64_t in_range = 0;  // events within the age limits, before the filter
  std::int64_t count = 0;     // events that passed the filter (and have the field, if one is read)
  std::int64_t int_sum = 0;
  double num_sum = 0, decayed = 0;
  bool any_value = false;
  Value best{};
  std::int64_t best_at = 0;
  std::vector<Value> values;       // distinct
  std::vector<std::int64_t> days;  // streak

  void reset() {
    in_range = count = int_sum = 0;
    num_sum = decayed = 0;
    any_value = false;
    best = Value{};
    best_at = 0;
    values.clear();
    days.clear();
  }
};

// Everything fused over one event type.
struct EventPass {
  std::vector<Leaf> leaves;              // distinct leaf tests of the members' filters
  // A fused aggregate, with what the per-event loop needs of it at hand.
  struct Member {
    const AggregateInfo* agg;
    Accumulator* acc;
    const FilterTable* filter;  // null: no `where`
  };
  std::vector<Member> members;           // program order
  bool unbounded = false;                // some member has no age limit
  std::int64_t max_within = 0;           // else: the largest limit (seconds)
  std::uint64_t done_at = 0;             // evaluation number of the last pass
  bool dirty = false;                    // some member's totals are not zero

  // With few leaves and at most 64 members, one table answers every filter
  // at once: indexed by the outcomes of all the type's leaves, it gives the
  // set of members that pass (bit i: members[i]). Empty otherwise.
  static constexpr std::size_t kMaskLeaves = 5;  // 4^5 entries: 8 KiB
  std::vector<std::uint64_t> passing;
  struct Window {
    std::int64_t within;   // the age limit (INT64_MAX: none)...
    std::uint64_t members; // ...of these members
  };
  std::vector<Window> windows;      // largest limit first
  std::uint64_t counts_range = 0;   // members that need `in_range` (`all`)

  // The leaves for the one-table form, grouped by kind so that each group
  // runs as a loop without a per-leaf dispatch: the commonest tests (a string
  // field against a string constant, a bool field) inline, the rest through
  // Evaluator::leaf_outcome. Leaf l's outcome is bits 2l..2l+1 of the index.
  enum class Quick : std::uint8_t { starts_with, eq_str, ne_str, bool_field, other };
  static constexpr std::size_t kQuickKinds = static_cast<std::size_t>(Quick::other) + 1;
  struct LeafTest {
    std::uint16_t field;   // the event field tested (inline kinds)
    std::uint16_t leaf;    // index into `leaves`
    Value constant;        // the string compared with (string kinds)
  };
  std::vector<LeafTest> tests;                       // grouped by kind, in Quick order
  std::uint8_t tests_of_kind[kQuickKinds] = {};      // how many of each kind
  std::uint8_t kinds = 0;                            // bit k: some test of kind k
};

struct Evaluator::AggregateState {
  std::vector<Accumulator> accumulators;         // per aggregate
  std::vector<std::optional<FilterTable>> tables;  // per aggregate: the filters members point to
  // Per aggregate: kFused when its event pass computes it, | kOrdered when
  // reading it goes through event_order.cpp (a group's head, an order
  // clause), so one byte decides how each read goes.
  static constexpr std::uint8_t kFused = 1, kOrdered = 2;
  std::vector<std::uint8_t> fused;
  std::vector<EventPass> passes;                 // per event type
  std::vector<std::uint8_t> outcomes;            // one event's leaf outcomes
  // Groups and order clauses (event_order.cpp): a group's parts combined,
  // the times of an `after` clause's events, days being counted.
  Accumulator combined;
  std::vector<std::int64_t> times;
  std::vector<std::int64_t> days;
  std::uint64_t evaluation = 0;                  // evaluate() calls so far
};

// The totals of the fused aggregates over an event type are up to date when
// its pass ran for this lead, or when the pass has nothing to do: the lead
// has no events of the type and every total of the pass is still clear.
inline bool Evaluator::pass_current(std::uint16_t type) const {
  const AggregateState& s = *aggregates_;
  const EventPass& pass = s.passes[type];
  return pass.done_at == s.evaluation || (!pass.dirty && record_->events[type].count == 0);
}

}  // namespace baton
