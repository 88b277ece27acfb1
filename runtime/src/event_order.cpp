// Event groups and order clauses (docs/language.md, "Event groups and order").
//
// A group aggregate (`count(touches within 30d)`) is one table entry per
// member type, chained by `next`. Each part is an ordinary aggregate over one
// type, so it is computed as any other: in the event pass of its type when its
// filter has a truth table, alone otherwise. Reading the group merges the
// parts' totals (accumulate::merge) and finishes the merged totals as one.
//
// An `after` clause (`any(demo_request within 1d after pricing_view)`) keeps
// the events that follow one of another selection's events by at most the gap.
// That test reads other events, not only the event itself, so such a part
// always runs alone (run_after), on every path. `position(E among G)` is the
// earliest matching E, found like first(E).at (fused when it can be), then
// ranked among G's events.
#include <algorithm>
#include <cstdint>

#include "accumulate.hpp"
#include "aggregate_state.hpp"
#include "baton/runtime/calendar.hpp"

namespace baton {

using accumulate::K;

namespace {

std::int64_t utc_day(std::int64_t t) { return t >= 0 ? t / 86400 : -((-t + 86399) / 86400); }

}  // namespace

// One part's totals for this lead, computed the way its kind allows.
void Evaluator::gather_part(std::uint16_t index) {
  const AggregateInfo& agg = program_->image().aggregates[index];
  if (agg.other != bc::kNone && agg.kind != K::position) run_after(index);
  else if (!(aggregates_->fused[index] & AggregateState::kFused)) run_aggregate(index);
  else if (!pass_current(agg.event)) run_event_pass(agg.event);
}

void Evaluator::order_aggregate(std::uint16_t index, Value& out) {
  AggregateState& s = *aggregates_;
  const auto& aggs = program_->image().aggregates;
  const AggregateInfo& head = aggs[index];
  Accumulator* acc = &s.accumulators[index];
  gather_part(index);
  if (head.next != bc::kNone) {
    Accumulator& combined = s.combined;
    combined.reset();
    combined.field_type = acc->field_type;
    for (std::uint16_t part = index; part != bc::kNone; part = aggs[part].next) {
      if (part != index) gather_part(part);
      accumulate::merge(head.kind, combined.field_type, combined, s.accumulators[part]);
    }
    acc = &combined;
  }
  if (head.kind == K::position) {
    out = acc->any_value ? Value::of_int(1 + count_before(head.other, acc->best_at)) : Value::absent();
    return;
  }
  finish_value(head, *acc, out);
}

// The events of an `after` part that follow one of the other selection's
// events: strictly later, by at most `gap` seconds (any time when -1).
void Evaluator::run_after(std::uint16_t index) {
  const AggregateInfo& agg = program_->image().aggregates[index];
  Accumulator& acc = aggregates_->accumulators[index];
  acc.reset();
  select_times(agg.other);
  const std::vector<std::int64_t>& times = aggregates_->times;
  const EventRows& rows = record_->events[agg.event];
  accumulate::DecayFactor decay;
  for (std::uint32_t i = 0; i < rows.count; ++i) {
    const Value* event = rows.row(i);
    const std::int64_t at = event[0].i;
    const std::int64_t age = as_of_ - at;
    if (age < 0) continue;
    ++acc.in_range;
    if (agg.chunk != bc::kNone && !run_predicate(agg.chunk, event)) continue;
    auto later = std::lower_bound(times.begin(), times.end(), at);  // the first other event not before this one
    if (later == times.begin()) continue;
    if (agg.gap >= 0 && at - *(later - 1) > agg.gap) continue;
    accumulate::add_event(agg, acc, event, age, decay);
  }
}

// The times of a selection's events (each SELECT part: type, filter, age
// limit), sorted.
void Evaluator::select_times(std::uint16_t select) {
  const auto& aggs = program_->image().aggregates;
  std::vector<std::int64_t>& times = aggregates_->times;
  times.clear();
  for (std::uint16_t part = select; part != bc::kNone; part = aggs[part].next) {
    const AggregateInfo& sel = aggs[part];
    const EventRows& rows = record_->events[sel.event];
    for (std::uint32_t i = 0; i < rows.count; ++i) {
      const Value* event = rows.row(i);
      const std::int64_t age = as_of_ - event[0].i;
      if (age < 0 || (sel.within >= 0 && age > sel.within)) continue;
      if (sel.chunk != bc::kNone && !run_predicate(sel.chunk, event)) continue;
      times.push_back(event[0].i);
    }
  }
  std::sort(times.begin(), times.end());
}

// How many of a selection's events are strictly earlier than `at`.
std::int64_t Evaluator::count_before(std::uint16_t select, std::int64_t at) {
  select_times(select);
  const std::vector<std::int64_t>& times = aggregates_->times;
  return std::lower_bound(times.begin(), times.end(), at) - times.begin();
}

// distinct_days: the matching events' times (acc.days) as local dates of the
// aggregate's calendar, or UTC dates, counted once each.
std::int64_t Evaluator::distinct_days(const AggregateInfo& agg, const Accumulator& acc) {
  std::vector<std::int64_t>& days = aggregates_->days;
  days.clear();
  if (agg.calendar != bc::kNone) {
    const BusinessCalendar& calendar = program_->calendar(agg.calendar);
    for (std::int64_t t : acc.days) days.push_back(calendar.local(t).day);
  } else {
    for (std::int64_t t : acc.days) days.push_back(utc_day(t));
  }
  std::sort(days.begin(), days.end());
  return std::unique(days.begin(), days.end()) - days.begin();
}

}  // namespace baton
