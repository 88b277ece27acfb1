// Event passes: every fused aggregate over one event type fed by a single
// pass over the lead's events (see aggregate_state.hpp). Made once per
// evaluator (prepare_aggregates), run at most once per type and lead.
#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <utility>

#include "accumulate.hpp"
#include "aggregate_state.hpp"
#include "comparisons.hpp"

namespace baton {

namespace {

using accumulate::add_event;
using accumulate::DecayFactor;
using accumulate::K;

Type field_type_of(const ProgramImage& image, const AggregateInfo& agg) {
  return agg.field != bc::kNone ? image.events[agg.event].fields[agg.field].type : Type::invalid;
}

EventPass::Quick quick_kind(const Leaf& leaf) {
  using Q = EventPass::Quick;
  if (leaf.op == bc::Op::load_event) return Q::bool_field;
  if (!leaf.b.is_field || leaf.c.is_field || leaf.c.load != bc::Op::load_str) return Q::other;
  switch (leaf.op) {
    case bc::Op::starts_with: return Q::starts_with;
    case bc::Op::eq_str: return Q::eq_str;
    case bc::Op::ne_str: return Q::ne_str;
    default: return Q::other;
  }
}

void prepare_leaf_tests(EventPass& pass) {
  for (std::size_t kind = 0; kind < EventPass::kQuickKinds; ++kind)
    for (std::size_t l = 0; l < pass.leaves.size(); ++l) {
      const Leaf& leaf = pass.leaves[l];
      if (static_cast<std::size_t>(quick_kind(leaf)) != kind) continue;
      pass.tests.push_back(EventPass::LeafTest{leaf.b.field, static_cast<std::uint16_t>(l), leaf.c.constant});
      ++pass.tests_of_kind[kind];
      pass.kinds |= static_cast<std::uint8_t>(1u << kind);
    }
}

// The one-table form of a pass (see EventPass::passing), when it fits.
void prepare_member_sets(EventPass& pass) {
  std::size_t leaves = pass.leaves.size();
  if (pass.members.empty() || pass.members.size() > 64 || leaves > EventPass::kMaskLeaves) return;
  std::size_t entries = std::size_t{1} << (2 * leaves);
  pass.passing.assign(entries, 0);
  std::vector<std::uint8_t> outcomes(leaves);
  for (std::size_t index = 0; index < entries; ++index) {
    for (std::size_t l = 0; l < leaves; ++l) outcomes[l] = static_cast<std::uint8_t>((index >> (2 * l)) & 3);
    for (std::size_t m = 0; m < pass.members.size(); ++m) {
      const FilterTable* filter = pass.members[m].filter;
      if (!filter || filter->passes(outcomes.data())) pass.passing[index] |= std::uint64_t{1} << m;
    }
  }
  for (std::size_t m = 0; m < pass.members.size(); ++m) {
    const AggregateInfo& agg = *pass.members[m].agg;
    std::int64_t within = agg.within < 0 ? INT64_MAX : agg.within;
    auto it = std::find_if(pass.windows.begin(), pass.windows.end(), [&](const auto& w) { return w.within == within; });
    if (it == pass.windows.end()) it = pass.windows.insert(pass.windows.end(), EventPass::Window{within, 0});
    it->members |= std::uint64_t{1} << m;
    if (agg.kind == K::all) pass.counts_range |= std::uint64_t{1} << m;
  }
  std::sort(pass.windows.begin(), pass.windows.end(), [](const auto& a, const auto& b) { return a.within > b.within; });
}

// One kind of leaf test, for one event, into the outcome index.
template <EventPass::Quick kind, typename Other>
[[gnu::always_inline]] inline void add_outcomes(const EventPass& pass, const EventPass::LeafTest*& test,
                                                const Value* event, std::uint32_t& index, Other& other) {
  using Q = EventPass::Quick;
  for (std::size_t n = pass.tests_of_kind[static_cast<int>(kind)]; n; --n, ++test) {
    const Value& v = event[test->field];
    std::uint32_t outcome;
    if constexpr (kind == Q::starts_with) outcome = !v.missing && str_starts_with(v, test->constant);
    else if constexpr (kind == Q::eq_str) outcome = !v.missing && str_eq(v, test->constant);
    else if constexpr (kind == Q::ne_str) outcome = !v.missing && !str_eq(v, test->constant);
    else if constexpr (kind == Q::bool_field) outcome = v.missing ? kLeafMissing : v.b ? kLeafTrue : kLeafFalse;
    else outcome = other(pass.leaves[test->leaf], event);
    index |= outcome << (2 * test->leaf);
  }
}

// A pass in its one-table form (EventPass::passing) over one lead's events,
// compiled for passes whose leaf tests are of the kinds in `kinds` (bit k:
// Quick k). The same outcomes as leaf_outcome (a missing string field makes
// a comparison false), without the call for the common kinds; `other` is
// leaf_outcome itself.
template <unsigned kinds, typename Other>
void table_pass(EventPass& pass, const EventRows& rows, std::int64_t as_of, Other& other) {
  using Q = EventPass::Quick;
  constexpr auto has = [](Q kind) { return (kinds >> static_cast<unsigned>(kind)) & 1u; };
  DecayFactor decay;
  const EventPass::Window* windows = pass.windows.data();
  const std::size_t window_count = pass.windows.size();
  const std::uint64_t* passing = pass.passing.data();
  const EventPass::Member* members = pass.members.data();
  const std::int64_t max_within = pass.unbounded ? INT64_MAX : pass.max_within;
  for (std::uint32_t i = 0; i < rows.count; ++i) {
    const Value* event = rows.row(i);
    const std::int64_t age = as_of - event[0].i;
    if (age < 0 || age > max_within) continue;
    pass.dirty = true;
    // Members whose age limit admits this event (the widest limit always
    // does: it is the pass's own), then the table lookup.
    std::uint64_t in_window = windows[0].members;
    for (std::size_t w = 1; w < window_count && age <= windows[w].within; ++w) in_window |= windows[w].members;
    std::uint32_t index = 0;
    const EventPass::LeafTest* test = pass.tests.data();
    if constexpr (has(Q::starts_with)) add_outcomes<Q::starts_with>(pass, test, event, index, other);
    if constexpr (has(Q::eq_str)) add_outcomes<Q::eq_str>(pass, test, event, index, other);
    if constexpr (has(Q::ne_str)) add_outcomes<Q::ne_str>(pass, test, event, index, other);
    if constexpr (has(Q::bool_field)) add_outcomes<Q::bool_field>(pass, test, event, index, other);
    if constexpr (has(Q::other)) add_outcomes<Q::other>(pass, test, event, index, other);

    for (std::uint64_t range = in_window & pass.counts_range; range; range &= range - 1)
      ++members[__builtin_ctzll(range)].acc->in_range;
    for (std::uint64_t hit = in_window & passing[index]; hit; hit &= hit - 1) {
      const EventPass::Member& m = members[__builtin_ctzll(hit)];
      if (m.agg->kind == K::score_per) {  // the commonest member, inline
        ++m.acc->count;
        m.acc->decayed += m.agg->half_life_days > 0 ? decay(age, m.agg->half_life_days) : 1.0;
      } else {
        add_event(*m.agg, *m.acc, event, age, decay);
      }
    }
  }
}

// table_pass for every combination of kinds, indexed by EventPass::kinds.
template <typename Other, std::size_t... kinds>
constexpr auto table_passes(std::index_sequence<kinds...>) {
  using Run = void (*)(EventPass&, const EventRows&, std::int64_t, Other&);
  return std::array<Run, sizeof...(kinds)>{&table_pass<static_cast<unsigned>(kinds), Other>...};
}

}  // namespace

void Evaluator::prepare_aggregates(bool event_passes) {
  const auto& image = program_->image();
  aggregates_ = std::make_unique<AggregateState>();
  AggregateState& s = *aggregates_;
  std::size_t n = image.aggregates.size();
  s.accumulators.resize(n);
  for (std::size_t k = 0; k < n; ++k) s.accumulators[k].field_type = field_type_of(image, image.aggregates[k]);
  s.tables.resize(n);
  s.fused.assign(n, 0);
  for (std::size_t k = 0; k < n; ++k)
    if (image.aggregates[k].next != bc::kNone || image.aggregates[k].other != bc::kNone) s.fused[k] = AggregateState::kOrdered;
  s.passes.resize(image.events.size());
  if (!event_passes) return;
  std::size_t steps_left = FilterTable::kStepBudget;
  for (std::size_t k = 0; k < n; ++k) {
    const AggregateInfo& agg = image.aggregates[k];
    EventPass& pass = s.passes[agg.event];
    // SELECT entries are read only by order clauses, and an `after` part reads
    // other events: both run alone (event_order.cpp).
    if (agg.kind == K::select || (agg.other != bc::kNone && agg.kind != K::position)) continue;
    if (agg.chunk != bc::kNone) {
      s.tables[k] = FilterTable::analyse(*program_, agg.chunk, pass.leaves, steps_left);
      if (!s.tables[k]) continue;  // not a combination of leaf tests: runs alone
    }
    s.fused[k] |= AggregateState::kFused;
    pass.members.push_back(EventPass::Member{&agg, &s.accumulators[k], s.tables[k] ? &*s.tables[k] : nullptr});
    if (agg.within < 0) pass.unbounded = true;
    else pass.max_within = std::max(pass.max_within, agg.within);
  }
  std::size_t most = 0;
  for (EventPass& pass : s.passes) {
    most = std::max(most, pass.leaves.size());
    prepare_member_sets(pass);
    if (!pass.passing.empty()) prepare_leaf_tests(pass);
  }
  s.outcomes.assign(most, 0);
}

std::size_t Evaluator::fused_aggregates() const {
  return static_cast<std::size_t>(std::count_if(aggregates_->fused.begin(), aggregates_->fused.end(),
                                                [](std::uint8_t f) { return f & AggregateState::kFused; }));
}

void Evaluator::run_event_pass(std::uint16_t type) {
  AggregateState& s = *aggregates_;
  EventPass& pass = s.passes[type];
  pass.done_at = s.evaluation;
  if (pass.dirty) {  // a lead without events of this type leaves nothing to clear
    for (const EventPass::Member& m : pass.members) m.acc->reset();
    pass.dirty = false;
  }

  const EventRows& rows = record_->events[type];
  if (!pass.passing.empty()) {
    // The one-table form, instantiated for the kinds of leaf tests the pass
    // has: a pass of three URL prefixes runs no loop for the other kinds.
    auto other = [this](const Leaf& leaf, const Value* event) { return leaf_outcome(leaf, event); };
    static constexpr auto kTablePasses =
        table_passes<decltype(other)>(std::make_index_sequence<1u << EventPass::kQuickKinds>{});
    kTablePasses[pass.kinds](pass, rows, as_of_, other);
    return;
  }
  std::uint8_t* outcomes = s.outcomes.data();
  DecayFactor decay;
  const std::size_t leaves = pass.leaves.size();
  for (std::uint32_t i = 0; i < rows.count; ++i) {
    const Value* event = rows.row(i);
    std::int64_t age = as_of_ - event[0].i;
    if (age < 0 || (!pass.unbounded && age > pass.max_within)) continue;
    pass.dirty = true;
    for (std::size_t l = 0; l < leaves; ++l) outcomes[l] = leaf_outcome(pass.leaves[l], event);
    for (const EventPass::Member& m : pass.members) {
      if (m.agg->within >= 0 && age > m.agg->within) continue;
      ++m.acc->in_range;
      if (m.filter && !m.filter->passes(outcomes)) continue;
      add_event(*m.agg, *m.acc, event, age, decay);
    }
  }
}

}  // namespace baton
