// Event aggregates: the `aggregate` opcode, aggregates that run alone (their
// filter chunk through the VM), reading an aggregate's value from its
// totals, and leaf tests. Events are filtered by age (`within`, a score's
// window) and by the `where` filter; events after as_of are never seen.
// Decay: points x 0.5^(age_days / half_life). Fused aggregates get their
// totals from the event pass of their type (event_pass.cpp).
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "accumulate.hpp"
#include "aggregate_state.hpp"
#include "comparisons.hpp"
#include "string_set.hpp"

namespace baton {

using accumulate::add_event;
using accumulate::DecayFactor;
using accumulate::equal_value;
using accumulate::is_i64;
using accumulate::K;
using accumulate::less_value;
using accumulate::per_rule_value;

void Evaluator::aggregate(std::uint16_t index, Value& out) {
  AggregateState& s = *aggregates_;
  const AggregateInfo& agg = program_->image().aggregates[index];
  const std::uint8_t how = s.fused[index];
  if (how & AggregateState::kOrdered) {  // a group or an order clause: event_order.cpp
    order_aggregate(index, out);
    return;
  }
  if (!how) run_aggregate(index);
  else if (!pass_current(agg.event)) run_event_pass(agg.event);
  finish_aggregate(index, out);
}

void Evaluator::run_aggregate(std::uint16_t index) {
  const auto& image = program_->image();
  const AggregateInfo& agg = image.aggregates[index];
  Accumulator& acc = aggregates_->accumulators[index];
  acc.reset();
  const EventRows& rows = record_->events[agg.event];
  DecayFactor decay;
  for (std::uint32_t i = 0; i < rows.count; ++i) {
    const Value* event = rows.row(i);
    std::int64_t age = as_of_ - event[0].i;
    if (age < 0 || (agg.within >= 0 && age > agg.within)) continue;
    ++acc.in_range;
    if (agg.chunk != bc::kNone && !run_predicate(agg.chunk, event)) continue;
    add_event(agg, acc, event, age, decay);
  }
}

void Evaluator::finish_aggregate(std::uint16_t index, Value& out) {
  finish_value(program_->image().aggregates[index], aggregates_->accumulators[index], out);
}

namespace {

// A number total that overflowed to infinity is missing, as the arithmetic
// opcodes make it.
Value finite_number(double x) { return std::isfinite(x) ? Value::of_number(x) : Value::absent(); }

// An int sum: int_sum wraps, and is exact whenever the true sum fits 64
// bits; num_sum holds the same sum in doubles, off by far less than 2^63, so
// the two differ by about 2^64 exactly when the true sum does not fit.
Value int_sum_value(const Accumulator& acc) {
  const bool wrapped = std::fabs(acc.num_sum - static_cast<double>(acc.int_sum)) > 0x1p63;
  return wrapped ? Value::absent() : Value::of_int(acc.int_sum);
}

}  // namespace

void Evaluator::finish_value(const AggregateInfo& agg, Accumulator& acc, Value& out) {
  const Type field_type = acc.field_type;
  switch (agg.kind) {
    case K::count: case K::any: case K::none: out = accumulate::count_value(agg.kind, acc); break;
    case K::all: out = Value::of_bool(acc.count == acc.in_range); break;  // every event in range passed
    case K::sum: out = is_i64(field_type) ? int_sum_value(acc) : finite_number(acc.num_sum); break;
    case K::avg: out = acc.count > 0 ? finite_number(acc.num_sum / static_cast<double>(acc.count)) : Value::absent(); break;
    case K::min: case K::max: case K::first: case K::last: out = acc.any_value ? acc.best : Value::absent(); break;
    case K::distinct: {
      auto& values = acc.values;
      std::sort(values.begin(), values.end(), [&](const Value& a, const Value& b) { return less_value(field_type, a, b); });
      auto end = std::unique(values.begin(), values.end(),
                             [&](const Value& a, const Value& b) { return equal_value(field_type, a, b); });
      values.erase(end, values.end());  // reading it again gives the same count
      out = Value::of_int(static_cast<std::int64_t>(values.size()));
      break;
    }
    case K::streak: {
      auto& days = acc.days;
      std::sort(days.begin(), days.end());
      days.erase(std::unique(days.begin(), days.end()), days.end());
      std::int64_t longest = 0, run = 0;
      for (std::size_t i = 0; i < days.size(); ++i) {
        run = (i > 0 && days[i] == days[i - 1] + 1) ? run + 1 : 1;
        longest = std::max(longest, run);
      }
      out = Value::of_int(longest);
      break;
    }
    case K::score_per: {
      double value = per_rule_value(agg, acc);
      out = Value::of_number(value);
      if (trace_rules_ && acc.count > 0) trace_.rules.push_back(accumulate::per_rule_hit(agg, acc, value));
      break;
    }
    case K::decayed_count:
    case K::decayed_sum: out = finite_number(acc.decayed); break;
    case K::distinct_days: out = Value::of_int(distinct_days(agg, acc)); break;
    case K::position:  // without its `among` events (never so in a verified program): the first is 1st
      out = acc.any_value ? Value::of_int(1) : Value::absent();
      break;
    case K::select: out = Value::of_bool(acc.count > 0); break;
    case K::count_: out = Value::absent(); break;
  }
}

// A leaf test on one event, with exactly the VM's semantics for its opcode.
std::uint8_t Evaluator::leaf_outcome(const Leaf& leaf, const Value* event) {
  const Value& b = leaf.b.is_field ? event[leaf.b.field] : leaf.b.constant;
  const Value& c = leaf.c.is_field ? event[leaf.c.field] : leaf.c.constant;
  auto of = [](bool x) { return x ? kLeafTrue : kLeafFalse; };
  switch (leaf.op) {
    case bc::Op::load_event: return b.missing ? kLeafMissing : of(b.b);
    case bc::Op::present: return of(!b.missing);
    case bc::Op::matches: return of(!b.missing && regex_matches(leaf.table, b.str()));
    case bc::Op::in_const_set: return b.missing ? kLeafMissing : of(program_->set(leaf.table).contains(b.str()));
    case bc::Op::in_items: return b.missing || c.missing ? kLeafMissing : of(in_items(b, c));
    case bc::Op::call: {
      const Value args[2] = {b, c};
      Value result{};
      call_function(leaf.table, std::span<const Value>(args, leaf.args), result);
      return result.missing ? kLeafMissing : of(result.b);
    }
    // A comparison with a missing side is false.
#define BATON_LEAF_COMPARE(op_name, expression) \
  case bc::Op::op_name: return b.missing || c.missing ? kLeafFalse : of(expression);
    BATON_COMPARISONS(BATON_LEAF_COMPARE)
#undef BATON_LEAF_COMPARE
    default: return kLeafFalse;  // unreachable: the analysis makes no other leaves
  }
}

}  // namespace baton
