// Event aggregates: one pass over the lead's events of one type, filtered by
// age (`within`, a score's window) and by the `where` predicate chunk. Events
// after as_of are never seen. Decay: points x 0.5^(age_days / half_life).
#include <algorithm>
#include <cmath>

#include "baton/runtime/evaluator.hpp"

namespace baton {

namespace {

bool is_i64(Type t) { return t == Type::int_ || t == Type::time || t == Type::duration; }

bool less_value(Type t, const Value& a, const Value& b) {
  if (t == Type::number) return a.n < b.n;
  if (t == Type::string) return a.str() < b.str();
  if (t == Type::boolean) return a.b < b.b;
  return a.i < b.i;
}

bool equal_value(Type t, const Value& a, const Value& b) { return !less_value(t, a, b) && !less_value(t, b, a); }

}  // namespace

void Evaluator::run_aggregate(const AggregateInfo& agg, Value& out) {
  const auto& image = program_->image();
  const EventRows& rows = record_->events[agg.event];
  Type field_type = agg.field != bc::kNone ? image.events[agg.event].fields[agg.field].type : Type::invalid;
  using K = bc::AggKind;

  std::int64_t count = 0, int_sum = 0;
  double num_sum = 0, decayed = 0;
  bool any_value = false;
  Value best{};
  std::int64_t best_at = 0;
  scratch_.clear();
  days_.clear();

  for (std::uint32_t i = 0; i < rows.count; ++i) {
    const Value* event = rows.row(i);
    std::int64_t age = as_of_ - event[0].i;
    if (age < 0 || (agg.within >= 0 && age > agg.within)) continue;
    if (agg.chunk != bc::kNone && !passes(agg.chunk, event)) continue;
    ++count;
    switch (agg.kind) {
      case K::score_per:
      case K::decayed_count:
        decayed += agg.half_life_days > 0 ? std::exp2(-(static_cast<double>(age) / 86400.0) / agg.half_life_days) : 1.0;
        break;
      case K::decayed_sum: {
        const Value& v = event[agg.field];
        if (v.missing) {
          --count;
          break;
        }
        double x = is_i64(field_type) ? static_cast<double>(v.i) : v.n;
        decayed += x * std::exp2(-(static_cast<double>(age) / 86400.0) / agg.half_life_days);
        break;
      }
      case K::streak: {
        std::int64_t at = event[0].i;
        days_.push_back(at >= 0 ? at / 86400 : -((-at + 86399) / 86400));
        break;
      }
      case K::first:
      case K::last: {
        bool better = !any_value || (agg.kind == K::first ? event[0].i < best_at : event[0].i >= best_at);
        if (better) {
          best = agg.field == bc::kNone ? Value::of_int(event[0].i) : event[agg.field];
          best_at = event[0].i;
          any_value = true;
        }
        break;
      }
      case K::sum: case K::avg: case K::min: case K::max: case K::distinct: {
        const Value& v = event[agg.field];
        if (v.missing) {
          --count;  // aggregates skip events whose field is missing
          break;
        }
        if (agg.kind == K::distinct) {
          scratch_.push_back(v);
        } else if (agg.kind == K::min || agg.kind == K::max) {
          bool better = !any_value || (agg.kind == K::min ? less_value(field_type, v, best) : less_value(field_type, best, v));
          if (better) best = v;
        } else if (is_i64(field_type)) {
          int_sum = static_cast<std::int64_t>(static_cast<std::uint64_t>(int_sum) + static_cast<std::uint64_t>(v.i));
          num_sum += static_cast<double>(v.i);
        } else {
          num_sum += v.n;
        }
        any_value = true;
        break;
      }
      default: break;
    }
  }

  switch (agg.kind) {
    case K::count: out = Value::of_int(count); break;
    case K::any: out = Value::of_bool(count > 0); break;
    case K::none: out = Value::of_bool(count == 0); break;
    case K::all: {
      // all(E where C): every event in range satisfies C. Counted without the
      // filter: re-run the age test alone.
      std::int64_t in_range = 0;
      for (std::uint32_t i = 0; i < rows.count; ++i) {
        std::int64_t age = as_of_ - rows.row(i)[0].i;
        if (age >= 0 && (agg.within < 0 || age <= agg.within)) ++in_range;
      }
      out = Value::of_bool(count == in_range);
      break;
    }
    case K::sum: out = is_i64(field_type) ? Value::of_int(int_sum) : Value::of_number(num_sum); break;
    case K::avg: out = count > 0 ? Value::of_number(num_sum / static_cast<double>(count)) : Value::absent(); break;
    case K::min: case K::max: case K::first: case K::last: out = any_value ? best : Value::absent(); break;
    case K::distinct: {
      std::sort(scratch_.begin(), scratch_.end(), [&](const Value& a, const Value& b) { return less_value(field_type, a, b); });
      auto end = std::unique(scratch_.begin(), scratch_.end(),
                             [&](const Value& a, const Value& b) { return equal_value(field_type, a, b); });
      out = Value::of_int(end - scratch_.begin());
      break;
    }
    case K::streak: {
      std::sort(days_.begin(), days_.end());
      days_.erase(std::unique(days_.begin(), days_.end()), days_.end());
      std::int64_t longest = 0, run = 0;
      for (std::size_t i = 0; i < days_.size(); ++i) {
        run = (i > 0 && days_[i] == days_[i - 1] + 1) ? run + 1 : 1;
        longest = std::max(longest, run);
      }
      out = Value::of_int(longest);
      break;
    }
    case K::score_per: {
      double raw = agg.points * static_cast<double>(count);
      double after_decay = agg.points * decayed;
      double value = after_decay;
      if (agg.cap >= 0 && std::fabs(value) > agg.cap) value = std::copysign(agg.cap, value);
      out = Value::of_number(value);
      if (explain_ && count > 0)
        trace_.rules.push_back(RuleHit{agg.rule, raw, after_decay, value, static_cast<std::uint32_t>(count)});
      break;
    }
    case K::decayed_count:
    case K::decayed_sum: out = Value::of_number(decayed); break;
    case K::count_: out = Value::absent(); break;
  }
}

}  // namespace baton
