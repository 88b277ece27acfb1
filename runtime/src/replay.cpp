// The replay walk (see replay.hpp).
#include "baton/runtime/replay.hpp"

#include <algorithm>
#include <cstdint>

#include "baton/runtime/output.hpp"

namespace baton {

namespace {

// The arm that chose the rules' stage: the first one tried whose condition
// held, else the `otherwise` arm after the last one tried.
int matched_arm(const ProgramImage& image, const Decision& d) {
  if (!d.trace) return -1;
  std::size_t next = 0;
  for (const ArmTry& arm : d.trace->stages) {
    if (arm.matched) return arm.arm;
    next = static_cast<std::size_t>(arm.arm) + 1;
  }
  for (std::size_t i = next; i < image.stage_arms.size(); ++i)
    if (image.stage_arms[i].stage == d.rules_stage) return static_cast<int>(i);
  return -1;
}

// How far back the evaluator reads each event type: every reader of an
// aggregate's events skips those older than its `within`, except an `after`
// part, which reads all the earlier ones (runtime/src/event_order.cpp).
std::vector<std::int64_t> lookbacks(const ProgramImage& image) {
  std::vector<std::int64_t> lookback(image.events.size(), -1);
  for (const AggregateInfo& agg : image.aggregates) {
    const bool after = agg.other != bc::kNone && agg.kind != bc::AggKind::position;
    std::int64_t& l = lookback[agg.event];
    l = agg.within < 0 || after ? INT64_MAX : std::max(l, agg.within);
  }
  return lookback;
}

// A stage the lifecycle lets a lead leave by no move: once there, every
// evaluation holds the lead in it (or gives no stage), so no step follows.
std::vector<bool> final_stages(const ProgramImage& image) {
  std::vector<bool> final(image.stages.size(), image.lifecycle.present);
  for (const MoveInfo& move : image.lifecycle.moves)
    for (std::size_t s = 0; s < final.size(); ++s)
      if ((move.from == s || move.from == bc::kNone) && move.to != s) final[s] = false;
  return final;
}

std::int64_t at_of(const EventRows& rows, std::uint32_t i) { return rows.row(i)[0].i; }

}  // namespace

Replayer::Replayer(std::shared_ptr<const Program> program, ReplayOptions options)
    : program_(std::move(program)),
      options_(options),
      evaluator_(program_),
      lookback_(lookbacks(program_->image())),
      final_stage_(final_stages(program_->image())) {}

// The view starts empty for types in time order (advance_view fills it) and
// holds every row of the others: the evaluator skips their later events
// itself, as it does when scoring.
void Replayer::start_view(const Record& record) {
  view_.fields = record.fields;
  view_.events.resize(record.events.size());
  windows_.assign(record.events.size(), Window{});
  for (std::size_t type = 0; type < record.events.size(); ++type) {
    const EventRows& rows = record.events[type];
    EventRows& seen = view_.events[type];
    seen.stride = rows.stride;
    seen.count = 0;
    seen.values.clear();
    if (lookback_[type] < 0) continue;  // never read
    Window& w = windows_[type];
    w.in_order = true;
    for (std::uint32_t i = 1; i < rows.count && w.in_order; ++i) w.in_order = at_of(rows, i - 1) <= at_of(rows, i);
    if (w.in_order) continue;
    seen.values.assign(rows.values.begin(), rows.values.begin() + std::size_t(rows.count) * rows.stride);
    seen.count = rows.count;
  }
}

// Moves each window to the point `at`: the rows up to `at` join it, the
// rows older than the type's lookback leave it. Those are dropped from the
// front only once they outnumber the rest, so every row is copied O(1)
// times over a walk and an evaluation is given at most twice the rows it
// counts. Dropped and later rows are rows every aggregate skips, and the
// rest keep their order, so the decision is the same as with all rows.
void Replayer::advance_view(const Record& record, std::int64_t at) {
  for (std::size_t type = 0; type < record.events.size(); ++type) {
    Window& w = windows_[type];
    if (w.in_order) {
      EventRows& seen = view_.events[type];
      const EventRows& rows = record.events[type];
      const std::uint32_t stride = rows.stride;
      const std::uint32_t from = w.end;
      while (w.end < rows.count && at_of(rows, w.end) <= at) ++w.end;
      seen.values.insert(seen.values.end(), rows.values.begin() + std::size_t(from) * stride,
                         rows.values.begin() + std::size_t(w.end) * stride);
      const std::int64_t lookback = lookback_[type];
      if (at >= INT64_MIN + lookback)  // else no time is too old (INT64_MAX: no limit)
        while (w.begin < w.end && at_of(rows, w.begin) < at - lookback) ++w.begin;
      if (w.begin - w.base > w.end - w.begin) {
        seen.values.erase(seen.values.begin(), seen.values.begin() + std::size_t(w.begin - w.base) * stride);
        w.base = w.begin;
      }
      seen.count = w.end - w.base;
    }
  }
}

const Decision& Replayer::evaluate(std::int64_t at, bool explain) {
  ++work_.evaluations;
  for (const EventRows& rows : view_.events) work_.events_given += rows.count;
  return evaluator_.evaluate(view_, at, explain);
}

const std::vector<ReplayStep>& Replayer::replay(Record& record, std::int64_t as_of) {
  const ProgramImage& image = program_->image();
  const LifecycleInfo& lc = image.lifecycle;
  steps_.clear();
  work_ = {};
  // The evaluation points: every event time up to as_of, midnights between
  // the first event and as_of when asked, and as_of itself.
  times_.clear();
  for (const EventRows& rows : record.events)
    for (std::uint32_t i = 0; i < rows.count; ++i)
      if (rows.row(i)[0].i <= as_of) times_.push_back(rows.row(i)[0].i);
  std::sort(times_.begin(), times_.end());
  if (options_.daily && !times_.empty()) {
    constexpr std::int64_t kDay = 86400;
    std::int64_t first = times_.front();
    std::int64_t midnight = (first >= 0 ? first / kDay : -((-first + kDay - 1) / kDay)) * kDay + kDay;
    const std::size_t events = times_.size();
    for (; midnight < as_of && times_.size() - events < 100000; midnight += kDay) times_.push_back(midnight);
    std::sort(times_.begin(), times_.end());
  }
  times_.push_back(as_of);
  times_.erase(std::unique(times_.begin(), times_.end()), times_.end());
  work_.points = times_.size();

  // The walk starts with no current stage: the lead's history begins here.
  if (lc.present) {
    record.fields[lc.current_field] = Value::absent();
    if (lc.since_field != bc::kNone) record.fields[lc.since_field] = Value::absent();
  }
  start_view(record);
  int stage = -1;
  for (std::size_t p = 0; p < times_.size(); ++p) {
    const std::int64_t t = times_[p];
    advance_view(record, t);
    const Decision* d = &evaluate(t, false);
    last_ = d;
    if (d->stage < 0 || d->stage == stage) continue;
    // A move: the same evaluation again, explained, says which arm made it.
    if (options_.arms) last_ = d = &evaluate(t, true);
    ReplayStep step{t, d->stage, stage, options_.arms ? matched_arm(image, *d) : -1, {}};
    if (d->handoff >= 0) append_handoff_object_json(*program_, *d, step.handoff_json);
    steps_.push_back(std::move(step));
    stage = d->stage;
    if (lc.present) {
      record.fields[lc.current_field] = view_.fields[lc.current_field] = Value::of_string(image.stages[stage].name);
      if (lc.since_field != bc::kNone) record.fields[lc.since_field] = view_.fields[lc.since_field] = Value::of_int(t);
    }
    // In a stage it cannot leave, only the decision at as_of is still wanted.
    if (final_stage_[static_cast<std::size_t>(stage)] && p + 2 < times_.size()) p = times_.size() - 2;
  }
  return steps_;
}

}  // namespace baton
