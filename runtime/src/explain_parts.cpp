// The explain pass: run after a decision made with explain on, never on the
// scoring path. It reads what the decision used (the unexported lets, the
// events each aggregate and `per` rule counted) and runs each condition's
// explain chunk, which computes every part of the condition, including the
// parts the main chunk skipped by short-circuit. The verifier has proved the
// explain chunks cannot change the decision.
#include <algorithm>
#include <functional>

#include "baton/runtime/evaluator.hpp"

namespace baton {

void Evaluator::explain_events(std::uint16_t index) {
  const AggregateInfo& agg = program_->image().aggregates[index];
  const EventRows& rows = record_->events[agg.event];
  EventsSeen seen;
  seen.aggregate = index;
  seen.first = static_cast<std::uint32_t>(trace_.event_times.size());
  std::int64_t recent[kRecentEvents] = {};
  std::size_t kept = 0;
  for (std::uint32_t i = 0; i < rows.count; ++i) {
    const Value* event = rows.row(i);
    const std::int64_t age = as_of_ - event[0].i;
    if (age < 0 || (agg.within >= 0 && age > agg.within)) continue;
    ++seen.in_window;
    if (agg.chunk != bc::kNone && !run_predicate(agg.chunk, event)) continue;
    ++seen.matched;
    // Keep the kRecentEvents latest, newest first (events come in any order).
    const std::int64_t at = event[0].i;
    std::size_t k = kept;
    if (k == kRecentEvents && at <= recent[k - 1]) continue;
    if (k == kRecentEvents) --k;
    while (k > 0 && recent[k - 1] < at) {
      recent[k] = recent[k - 1];
      --k;
    }
    recent[k] = at;
    kept = std::min(kept + 1, kRecentEvents);
  }
  trace_.event_times.insert(trace_.event_times.end(), recent, recent + kept);
  seen.shown = static_cast<std::uint32_t>(kept);
  trace_.events.push_back(seen);
}

void Evaluator::explain_pass() {
  const ProgramImage& image = program_->image();
  const ExplainInfo& ex = image.explain;
  for (const ExplainLet& let : ex.lets) trace_.lets.push_back(registers_[let.reg]);
  for (std::size_t a = 0; a < image.aggregates.size(); ++a)
    if (image.aggregates[a].kind == bc::AggKind::score_per) explain_events(static_cast<std::uint16_t>(a));
  for (const ExplainAggregate& a : ex.aggregates) explain_events(a.aggregate);

  static const Value missing = Value::absent();
  for (std::size_t c = 0; c < ex.conditions.size(); ++c) {
    const ExplainCondition& condition = ex.conditions[c];
    run_chunk(condition.chunk);
    trace_.parts.push_back(PartsTry{static_cast<std::uint16_t>(c), static_cast<std::uint32_t>(trace_.part_values.size())});
    for (const ExplainNode& node : condition.nodes) {
      trace_.part_values.push_back(node.value == bc::kNone ? missing : registers_[node.value]);
      for (std::size_t k = 0; k + 1 < kValuesPerPart; ++k) {
        const bool has = k < node.operands.size() && node.operands[k].reg != bc::kNone;
        trace_.part_values.push_back(has ? registers_[node.operands[k].reg] : missing);
      }
    }
  }
}

}  // namespace baton
