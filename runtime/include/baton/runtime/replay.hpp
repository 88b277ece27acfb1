#pragma once
// Replaying a lead's history: the lead is walked through its own events in
// time order (and, when asked, through every midnight UTC in between), and at
// each point the rules and the lifecycle are applied as of that time, the
// stage so far standing in for the CRM's current stage. What comes out is
// what a CRM would have recorded: each stage the lead entered, when, by which
// stage rule, with the hand-off it produced. Deterministic; the last step's
// stage is what `baton score` says at the same time given the replayed stage.
//
// Cost: each point is one evaluation, and an evaluation reads every event it
// is given. Each point is therefore given only the events it can see: those
// of a type whose rows are in time order, from the oldest any aggregate over
// the type still counts (its largest `within`) to the point; so a lead costs
// about (points x events in the longest window), not points x all events.
// Once the lead is in a stage the lifecycle lets it leave by no move, the
// points before as_of are skipped: nothing can be recorded there.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/program.hpp"
#include "baton/runtime/record.hpp"

namespace baton {

struct ReplayStep {
  std::int64_t at = 0;        // when the lead entered `stage`
  int stage = -1;
  int previous_stage = -1;    // -1: the lead's first stage
  int arm = -1;               // the stage arm that matched (image.stage_arms); -1 when not asked
  std::string handoff_json;   // the hand-off object, "" when the stage has none
};

struct ReplayOptions {
  bool daily = false;  // also evaluate at every midnight UTC between events
  // Name the stage arm that put the lead in each stage (a stage may have
  // several): one more evaluation, explained, per step.
  bool arms = true;
};

// What the last walk cost, for tests and benchmarks: a deterministic measure
// of work that grows with the square of a lead's events if each point reads
// them all again.
struct ReplayWork {
  std::uint64_t points = 0;        // evaluation points (event times, midnights, as_of)
  std::uint64_t evaluations = 0;   // Evaluator::evaluate calls, explained ones included
  std::uint64_t events_given = 0;  // events handed to those evaluations, summed
};

class Replayer {
 public:
  explicit Replayer(std::shared_ptr<const Program> program, ReplayOptions options = {});
  // Walks `record` (its current-stage fields are overwritten as the walk
  // goes) up to `as_of`. Valid until the next call.
  const std::vector<ReplayStep>& replay(Record& record, std::int64_t as_of);
  // The decision at `as_of` at the end of the last walk.
  const Decision& last_decision() const { return *last_; }
  const ReplayWork& work() const { return work_; }

 private:
  // Per event type, the rows the evaluation at the current point is given
  // (replay.cpp): original rows [base, end) of the record, in input order.
  struct Window {
    bool in_order = false;   // the record's rows are sorted by time: a window is a range
    std::uint32_t base = 0;  // first row held in the view's rows
    std::uint32_t begin = 0; // first row still within the lookback (rows before are held but unseen)
    std::uint32_t end = 0;   // one past the last row at or before the point
  };
  void start_view(const Record& record);
  void advance_view(const Record& record, std::int64_t at);
  const Decision& evaluate(std::int64_t at, bool explain);

  std::shared_ptr<const Program> program_;
  ReplayOptions options_;
  Evaluator evaluator_;
  // Per event type: how far back any aggregate over it reads (seconds;
  // INT64_MAX: no limit; -1: no aggregate reads the type).
  std::vector<std::int64_t> lookback_;
  // Per stage: the lifecycle has no move out of it.
  std::vector<bool> final_stage_;
  Record view_;  // the record as one point sees it: its fields, each type's window of events
  std::vector<Window> windows_;
  std::vector<std::int64_t> times_;
  std::vector<ReplayStep> steps_;
  ReplayWork work_;
  const Decision* last_ = nullptr;
};

}  // namespace baton
