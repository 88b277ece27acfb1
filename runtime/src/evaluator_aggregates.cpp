// Event aggregates: passes over the lead's events of one type, filtered by
// age (`within`, a score's window) and by the `where` filter. Events after
// as_of are never seen. Decay: points x 0.5^(age_days / half_life).
//
// Fused aggregates (see aggregate_state.hpp) share one pass per event type;
// the rest run alone, their filter chunk through the VM.
#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>

#include "aggregate_state.hpp"
#include "comparisons.hpp"
#include "string_set.hpp"

namespace baton {

namespace {

using K = bc::AggKind;

bool is_i64(Type t) { return t == Type::int_ || t == Type::time || t == Type::duration; }

bool less_value(Type t, const Value& a, const Value& b) {
  if (t == Type::number) return a.n < b.n;
  if (t == Type::string) return a.str() < b.str();
  if (t == Type::boolean) return a.b < b.b;
  return a.i < b.i;
}

bool equal_value(Type t, const Value& a, const Value& b) { return !less_value(t, a, b) && !less_value(t, b, a); }

// 0.5^(age_days / half_life), remembered for the last (age, half-life): the
// aggregates of one score share a half-life, so one exp2 per event serves all.
class DecayFactor {
 public:
  double operator()(std::int64_t age, double half_life_days) {
    if (age != age_ || half_life_days != half_life_) {
      age_ = age;
      half_life_ = half_life_days;
      factor_ = std::exp2(-(static_cast<double>(age) / 86400.0) / half_life_days);
    }
    return factor_;
  }

 private:
  std::int64_t age_ = -1;
  double half_life_ = 0, factor_ = 1;
};

// One event (in range, past the filter) added to an aggregate's totals.
void add_event(const AggregateInfo& agg, Type field_type, Accumulator& acc, const Value* event, std::int64_t age,
               DecayFactor& decay) {
  ++acc.count;
  switch (agg.kind) {
    case K::score_per:
    case K::decayed_count:
      acc.decayed += agg.half_life_days > 0 ? decay(age, agg.half_life_days) : 1.0;
      break;
    case K::decayed_sum: {
      const Value& v = event[agg.field];
      if (v.missing) {
        --acc.count;
        break;
      }
      double x = is_i64(field_type) ? static_cast<double>(v.i) : v.n;
      acc.decayed += x * decay(age, agg.half_life_days);
      break;
    }
    case K::streak: {
      std::int64_t at = event[0].i;
      acc.days.push_back(at >= 0 ? at / 86400 : -((-at + 86399) / 86400));
      break;
    }
    case K::first:
    case K::last: {
      bool better = !acc.any_value || (agg.kind == K::first ? event[0].i < acc.best_at : event[0].i >= acc.best_at);
      if (better) {
        acc.best = agg.field == bc::kNone ? Value::of_int(event[0].i) : event[agg.field];
        acc.best_at = event[0].i;
        acc.any_value = true;
      }
      break;
    }
    case K::sum: case K::avg: case K::min: case K::max: case K::distinct: {
      const Value& v = event[agg.field];
      if (v.missing) {
        --acc.count;  // aggregates skip events whose field is missing
        break;
      }
      if (agg.kind == K::distinct) {
        acc.values.push_back(v);
      } else if (agg.kind == K::min || agg.kind == K::max) {
        bool better = !acc.any_value || (agg.kind == K::min ? less_value(field_type, v, acc.best)
                                                            : less_value(field_type, acc.best, v));
        if (better) acc.best = v;
      } else if (is_i64(field_type)) {
        acc.int_sum = static_cast<std::int64_t>(static_cast<std::uint64_t>(acc.int_sum) + static_cast<std::uint64_t>(v.i));
        acc.num_sum += static_cast<double>(v.i);
      } else {
        acc.num_sum += v.n;
      }
      acc.any_value = true;
      break;
    }
    default: break;
  }
}

Type field_type_of(const ProgramImage& image, const AggregateInfo& agg) {
  return agg.field != bc::kNone ? image.events[agg.event].fields[agg.field].type : Type::invalid;
}

EventPass::Quick quick_kind(const Leaf& leaf) {
  using Q = EventPass::Quick;
  if (leaf.op == bc::Op::load_event) return Q::bool_field;
  if (!leaf.b.is_field || leaf.c.is_field || leaf.c.load != bc::Op::load_str) return Q::none;
  switch (leaf.op) {
    case bc::Op::starts_with: return Q::starts_with;
    case bc::Op::eq_str: return Q::eq_str;
    case bc::Op::ne_str: return Q::ne_str;
    default: return Q::none;
  }
}

// The one-table form of a pass (see EventPass::passing), when it fits.
void prepare_member_sets(EventPass& pass, const ProgramImage& image, const std::vector<std::optional<FilterTable>>& tables) {
  std::size_t leaves = pass.leaves.size();
  if (pass.members.empty() || pass.members.size() > 64 || leaves > EventPass::kMaskLeaves) return;
  std::size_t entries = std::size_t{1} << (2 * leaves);
  pass.passing.assign(entries, 0);
  std::vector<std::uint8_t> outcomes(leaves);
  for (std::size_t index = 0; index < entries; ++index) {
    for (std::size_t l = 0; l < leaves; ++l) outcomes[l] = static_cast<std::uint8_t>((index >> (2 * l)) & 3);
    for (std::size_t m = 0; m < pass.members.size(); ++m) {
      const auto& table = tables[pass.members[m]];
      if (!table || table->passes(outcomes.data())) pass.passing[index] |= std::uint64_t{1} << m;
    }
  }
  for (std::size_t m = 0; m < pass.members.size(); ++m) {
    const AggregateInfo& agg = image.aggregates[pass.members[m]];
    std::int64_t within = agg.within < 0 ? INT64_MAX : agg.within;
    auto it = std::find_if(pass.windows.begin(), pass.windows.end(), [&](const auto& w) { return w.within == within; });
    if (it == pass.windows.end()) it = pass.windows.insert(pass.windows.end(), EventPass::Window{within, 0});
    it->members |= std::uint64_t{1} << m;
    if (agg.kind == K::all) pass.counts_range |= std::uint64_t{1} << m;
  }
  std::sort(pass.windows.begin(), pass.windows.end(), [](const auto& a, const auto& b) { return a.within > b.within; });
}

}  // namespace

void Evaluator::prepare_aggregates(bool event_passes) {
  const auto& image = program_->image();
  aggregates_ = std::make_unique<AggregateState>();
  AggregateState& s = *aggregates_;
  std::size_t n = image.aggregates.size();
  s.accumulators.resize(n);
  s.tables.resize(n);
  s.fused.assign(n, 0);
  s.passes.resize(image.events.size());
  if (!event_passes) return;
  for (std::size_t k = 0; k < n; ++k) {
    const AggregateInfo& agg = image.aggregates[k];
    EventPass& pass = s.passes[agg.event];
    if (agg.chunk != bc::kNone) {
      s.tables[k] = FilterTable::analyse(*program_, agg.chunk, pass.leaves);
      if (!s.tables[k]) continue;  // not a combination of leaf tests: runs alone
    }
    s.fused[k] = 1;
    pass.members.push_back(static_cast<std::uint16_t>(k));
    if (agg.within < 0) pass.unbounded = true;
    else pass.max_within = std::max(pass.max_within, agg.within);
  }
  std::size_t most = 0;
  for (EventPass& pass : s.passes) {
    most = std::max(most, pass.leaves.size());
    prepare_member_sets(pass, image, s.tables);
    for (std::uint16_t k : pass.members) {
      const AggregateInfo& agg = image.aggregates[k];
      pass.member_info.push_back(EventPass::Member{&agg, &s.accumulators[k], field_type_of(image, agg)});
    }
    for (const Leaf& leaf : pass.leaves) pass.quick.push_back(quick_kind(leaf));
  }
  s.outcomes.assign(most, 0);
}

std::size_t Evaluator::fused_aggregates() const {
  return static_cast<std::size_t>(std::count(aggregates_->fused.begin(), aggregates_->fused.end(), 1));
}

void Evaluator::aggregate(std::uint16_t index, Value& out) {
  AggregateState& s = *aggregates_;
  if (s.fused[index]) {
    std::uint16_t type = program_->image().aggregates[index].event;
    if (s.passes[type].done_at != s.evaluation) run_event_pass(type);
  } else {
    run_aggregate(index);
  }
  finish_aggregate(index, out);
}

void Evaluator::run_event_pass(std::uint16_t type) {
  const auto& image = program_->image();
  AggregateState& s = *aggregates_;
  EventPass& pass = s.passes[type];
  pass.done_at = s.evaluation;
  for (std::uint16_t k : pass.members) s.accumulators[k].reset();

  const EventRows& rows = record_->events[type];
  std::uint8_t* outcomes = s.outcomes.data();
  DecayFactor decay;
  const std::size_t leaves = pass.leaves.size();
  for (std::uint32_t i = 0; i < rows.count; ++i) {
    const Value* event = rows.row(i);
    std::int64_t age = as_of_ - event[0].i;
    if (age < 0 || (!pass.unbounded && age > pass.max_within)) continue;
    if (!pass.passing.empty()) {
      // Members whose age limit admits this event, then the table lookup.
      std::uint64_t in_window = 0;
      for (const auto& w : pass.windows) {
        if (age > w.within) break;
        in_window |= w.members;
      }
      std::uint32_t index = 0;
      for (std::size_t l = 0; l < leaves; ++l) {
        // Same outcomes as leaf_outcome (a missing string field makes a
        // comparison false), without the call for the common shapes.
        const Leaf& leaf = pass.leaves[l];
        std::uint32_t outcome;
        switch (pass.quick[l]) {
          case EventPass::Quick::starts_with: {
            const Value& v = event[leaf.b.field];
            outcome = !v.missing && str_starts_with(v, leaf.c.constant);
            break;
          }
          case EventPass::Quick::eq_str: {
            const Value& v = event[leaf.b.field];
            outcome = !v.missing && str_eq(v, leaf.c.constant);
            break;
          }
          case EventPass::Quick::ne_str: {
            const Value& v = event[leaf.b.field];
            outcome = !v.missing && !str_eq(v, leaf.c.constant);
            break;
          }
          case EventPass::Quick::bool_field: {
            const Value& v = event[leaf.b.field];
            outcome = v.missing ? kLeafMissing : v.b ? kLeafTrue : kLeafFalse;
            break;
          }
          default: outcome = leaf_outcome(leaf, event); break;
        }
        index |= outcome << (2 * l);
      }
      for (std::uint64_t range = in_window & pass.counts_range; range; range &= range - 1)
        ++pass.member_info[static_cast<std::size_t>(__builtin_ctzll(range))].acc->in_range;
      for (std::uint64_t hit = in_window & pass.passing[index]; hit; hit &= hit - 1) {
        const EventPass::Member& m = pass.member_info[static_cast<std::size_t>(__builtin_ctzll(hit))];
        if (m.agg->kind == K::score_per) {  // the commonest member, inline
          ++m.acc->count;
          m.acc->decayed += m.agg->half_life_days > 0 ? decay(age, m.agg->half_life_days) : 1.0;
        } else {
          add_event(*m.agg, m.field_type, *m.acc, event, age, decay);
        }
      }
      continue;
    }
    for (std::size_t l = 0; l < leaves; ++l) outcomes[l] = leaf_outcome(pass.leaves[l], event);
    for (std::uint16_t k : pass.members) {
      const AggregateInfo& agg = image.aggregates[k];
      if (agg.within >= 0 && age > agg.within) continue;
      Accumulator& acc = s.accumulators[k];
      ++acc.in_range;
      if (s.tables[k] && !s.tables[k]->passes(outcomes)) continue;
      add_event(agg, field_type_of(image, agg), acc, event, age, decay);
    }
  }
}

void Evaluator::run_aggregate(std::uint16_t index) {
  const auto& image = program_->image();
  const AggregateInfo& agg = image.aggregates[index];
  Accumulator& acc = aggregates_->accumulators[index];
  acc.reset();
  const EventRows& rows = record_->events[agg.event];
  Type field_type = field_type_of(image, agg);
  DecayFactor decay;
  for (std::uint32_t i = 0; i < rows.count; ++i) {
    const Value* event = rows.row(i);
    std::int64_t age = as_of_ - event[0].i;
    if (age < 0 || (agg.within >= 0 && age > agg.within)) continue;
    ++acc.in_range;
    if (agg.chunk != bc::kNone && !run_predicate(agg.chunk, event)) continue;
    add_event(agg, field_type, acc, event, age, decay);
  }
}

void Evaluator::finish_aggregate(std::uint16_t index, Value& out) {
  const AggregateInfo& agg = program_->image().aggregates[index];
  Accumulator& acc = aggregates_->accumulators[index];
  Type field_type = field_type_of(program_->image(), agg);
  switch (agg.kind) {
    case K::count: out = Value::of_int(acc.count); break;
    case K::any: out = Value::of_bool(acc.count > 0); break;
    case K::none: out = Value::of_bool(acc.count == 0); break;
    case K::all: out = Value::of_bool(acc.count == acc.in_range); break;  // every event in range passed
    case K::sum: out = is_i64(field_type) ? Value::of_int(acc.int_sum) : Value::of_number(acc.num_sum); break;
    case K::avg: out = acc.count > 0 ? Value::of_number(acc.num_sum / static_cast<double>(acc.count)) : Value::absent(); break;
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
      double raw = agg.points * static_cast<double>(acc.count);
      double after_decay = agg.points * acc.decayed;
      double value = after_decay;
      if (agg.cap >= 0 && std::fabs(value) > agg.cap) value = std::copysign(agg.cap, value);
      out = Value::of_number(value);
      if (explain_ && acc.count > 0)
        trace_.rules.push_back(RuleHit{agg.rule, raw, after_decay, value, static_cast<std::uint32_t>(acc.count)});
      break;
    }
    case K::decayed_count:
    case K::decayed_sum: out = Value::of_number(acc.decayed); break;
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
