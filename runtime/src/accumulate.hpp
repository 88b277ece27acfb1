#pragma once
// Adding one event to an aggregate's running totals: shared by the event
// passes (event_pass.cpp) and the aggregates that run alone
// (evaluator_aggregates.cpp).
#include <cmath>
#include <cstdint>

#include "aggregate_state.hpp"

namespace baton::accumulate {

using K = bc::AggKind;

inline bool is_i64(Type t) { return t == Type::int_ || t == Type::time || t == Type::duration; }

inline bool less_value(Type t, const Value& a, const Value& b) {
  if (t == Type::number) return a.n < b.n;
  if (t == Type::string) return a.str() < b.str();
  if (t == Type::boolean) return a.b < b.b;
  return a.i < b.i;
}

inline bool equal_value(Type t, const Value& a, const Value& b) { return !less_value(t, a, b) && !less_value(t, b, a); }

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
inline void add_event(const AggregateInfo& agg, Accumulator& acc, const Value* event, std::int64_t age, DecayFactor& decay) {
  const Type field_type = acc.field_type;
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
    case K::distinct_days:  // the times; finish_value() makes them days in the aggregate's zone
      acc.days.push_back(event[0].i);
      break;
    case K::streak: {
      std::int64_t at = event[0].i;
      acc.days.push_back(at >= 0 ? at / 86400 : -((-at + 86399) / 86400));
      break;
    }
    case K::first:
    case K::last:
    case K::position: {  // position: the earliest matching event, as first(E).at
      bool better = !acc.any_value || (agg.kind != K::last ? event[0].i < acc.best_at : event[0].i >= acc.best_at);
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


// A group's part (the same aggregate over another event type) added to the
// totals gathered so far: the group reads as if its events were listed type
// by type, in the group's order (so ties go as they would in one type).
inline void merge(K kind, Type field_type, Accumulator& into, const Accumulator& part) {
  into.in_range += part.in_range;
  into.count += part.count;
  into.int_sum = static_cast<std::int64_t>(static_cast<std::uint64_t>(into.int_sum) + static_cast<std::uint64_t>(part.int_sum));
  into.num_sum += part.num_sum;
  into.decayed += part.decayed;
  into.values.insert(into.values.end(), part.values.begin(), part.values.end());
  into.days.insert(into.days.end(), part.days.begin(), part.days.end());
  if (!part.any_value) return;
  bool better = !into.any_value;
  if (!better) {
    switch (kind) {
      case K::first: case K::position: better = part.best_at < into.best_at; break;
      case K::last: better = part.best_at >= into.best_at; break;
      case K::min: better = less_value(field_type, part.best, into.best); break;
      case K::max: better = less_value(field_type, into.best, part.best); break;
      default: break;
    }
  }
  if (better) {
    into.best = part.best;
    into.best_at = part.best_at;
  }
  into.any_value = true;
}

// count, any and none: straight from the number of events that passed.
inline bool is_count_kind(K kind) { return kind == K::count || kind == K::any || kind == K::none; }
inline Value count_value(K kind, const Accumulator& acc) {
  return kind == K::count ? Value::of_int(acc.count) : Value::of_bool((acc.count > 0) == (kind == K::any));
}

// A `per` rule's points: decayed, then capped in magnitude by the rule's `max`.
inline double per_rule_value(const AggregateInfo& agg, const Accumulator& acc) {
  double value = agg.points * acc.decayed;
  if (agg.cap >= 0 && std::fabs(value) > agg.cap) value = std::copysign(agg.cap, value);
  return value;
}

// Its trace entry (when some event counted): raw, decayed and capped points.
inline RuleHit per_rule_hit(const AggregateInfo& agg, const Accumulator& acc, double value) {
  return RuleHit{agg.rule, agg.points * static_cast<double>(acc.count), agg.points * acc.decayed, value,
                 static_cast<std::uint32_t>(acc.count)};
}

}  // namespace baton::accumulate
