// The replay walk (see replay.hpp).
#include "baton/runtime/replay.hpp"

#include <algorithm>

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

}  // namespace

Replayer::Replayer(std::shared_ptr<const Program> program, ReplayOptions options)
    : program_(std::move(program)), options_(options), evaluator_(program_) {}

const std::vector<ReplayStep>& Replayer::replay(Record& record, std::int64_t as_of) {
  const ProgramImage& image = program_->image();
  const LifecycleInfo& lc = image.lifecycle;
  steps_.clear();
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

  // The walk starts with no current stage: the lead's history begins here.
  if (lc.present) {
    record.fields[lc.current_field] = Value::absent();
    if (lc.since_field != bc::kNone) record.fields[lc.since_field] = Value::absent();
  }
  int stage = -1;
  for (std::int64_t t : times_) {
    const Decision* d = &evaluator_.evaluate(record, t);
    last_ = d;
    if (d->stage < 0 || d->stage == stage) continue;
    // A move: the same evaluation again, explained, says which arm made it.
    if (options_.arms) last_ = d = &evaluator_.evaluate(record, t, true);
    ReplayStep step{t, d->stage, stage, options_.arms ? matched_arm(image, *d) : -1, {}};
    if (d->handoff >= 0) append_handoff_object_json(*program_, *d, step.handoff_json);
    steps_.push_back(std::move(step));
    stage = d->stage;
    if (lc.present) {
      record.fields[lc.current_field] = Value::of_string(image.stages[stage].name);
      if (lc.since_field != bc::kNone) record.fields[lc.since_field] = Value::of_int(t);
    }
  }
  return steps_;
}

}  // namespace baton
