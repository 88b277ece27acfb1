#pragma once
// Replaying a lead's history: the lead is walked through its own events in
// time order (and, when asked, through every midnight UTC in between), and at
// each point the rules and the lifecycle are applied as of that time, the
// stage so far standing in for the CRM's current stage. What comes out is
// what a CRM would have recorded: each stage the lead entered, when, by which
// stage rule, with the hand-off it produced. Deterministic; the last step's
// stage is what `baton score` says at the same time given the replayed stage.
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

class Replayer {
 public:
  explicit Replayer(std::shared_ptr<const Program> program, ReplayOptions options = {});
  // Walks `record` (its current-stage fields are overwritten as the walk
  // goes) up to `as_of`. Valid until the next call.
  const std::vector<ReplayStep>& replay(Record& record, std::int64_t as_of);
  // The decision at `as_of` at the end of the last walk.
  const Decision& last_decision() const { return *last_; }

 private:
  std::shared_ptr<const Program> program_;
  ReplayOptions options_;
  Evaluator evaluator_;
  std::vector<std::int64_t> times_;
  std::vector<ReplayStep> steps_;
  const Decision* last_ = nullptr;
};

}  // namespace baton
