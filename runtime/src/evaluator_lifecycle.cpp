// The LIFECYCLE instruction: whether the lifecycle lets a lead move from the
// stage its record says it is in to the stage the rules chose, and if not,
// which move held it back. Stages are few, so a breadth-first search over the
// moves per lead is cheap; its buffers belong to the Evaluator.
#include <algorithm>

#include "baton/runtime/calendar.hpp"
#include "baton/runtime/evaluator.hpp"

namespace baton {

namespace {
bool truthy(const Value& v) { return !v.missing && v.b; }
}  // namespace

const char* transition_name(Transition t) {
  switch (t) {
    case Transition::entered: return "entered";
    case Transition::stayed: return "stayed";
    case Transition::held: return "held";
  }
  return "entered";
}

// Breadth-first over the allowed moves from `from`; when `honor_conditions`,
// a conditional move counts only if its condition held. Leaves each reached
// stage's incoming move in lifecycle_parent_.
bool Evaluator::lifecycle_reaches(int from, int to, bool honor_conditions) {
  const auto& moves = program_->image().lifecycle.moves;
  std::fill(lifecycle_parent_.begin(), lifecycle_parent_.end(), -2);
  lifecycle_queue_.clear();
  lifecycle_parent_[from] = -1;
  lifecycle_queue_.push_back(static_cast<std::uint16_t>(from));
  for (std::size_t head = 0; head < lifecycle_queue_.size(); ++head) {
    const std::uint16_t at = lifecycle_queue_[head];
    for (std::size_t m = 0; m < moves.size(); ++m) {
      const MoveInfo& move = moves[m];
      if (move.from != at && move.from != bc::kNone) continue;
      if (honor_conditions && move.condition != bc::kNone && !truthy(registers_[move.condition])) continue;
      if (lifecycle_parent_[move.to] != -2) continue;
      lifecycle_parent_[move.to] = static_cast<int>(m);
      lifecycle_from_[move.to] = at;
      if (move.to == to) return true;
      lifecycle_queue_.push_back(move.to);
    }
  }
  return lifecycle_parent_[to] != -2;
}

// A lead that stays in its stage (or is held there) has been in it since
// the record's since field says, so its follow-up keeps counting from then;
// a time after as_of counts as as_of, and without one the start is unknown,
// as it is for a time before 1900 (a CRM's placeholder for "none", such as
// 0001-01-01, which no calendar counts from).
// Files of format version 5 and older meant as_of by every deadline: for
// them the start stays unknown, which keeps their deadlines as they were.
void Evaluator::keep_stage_since() {
  if (program_->image().format_version < 6) {
    decision_.has_stage_since = false;
    return;
  }
  const std::uint16_t field = program_->image().lifecycle.since_field;
  const Value* since = field != bc::kNone ? &registers_[field] : nullptr;
  decision_.has_stage_since = since && !since->is_missing() && since->i >= BusinessCalendar::kFirst;
  decision_.stage_since = decision_.has_stage_since ? std::min(since->i, as_of_) : 0;
}

// The LIFECYCLE instruction: the rules' stage becomes the lead's stage when
// an allowed path leads there from the stage the lead is in.
void Evaluator::apply_lifecycle() {
  const auto& image = program_->image();
  const LifecycleInfo& lc = image.lifecycle;
  decision_.rules_stage = decision_.stage;
  if (!lc.present) return;
  const Value& current = registers_[lc.current_field];
  const int from = current.is_missing() ? -1 : program_->stage_index(current.str());
  decision_.previous_stage = from;
  const int to = decision_.stage;
  if (from < 0 || to < 0) return;  // a new lead enters the rules' stage
  if (from == to) {
    decision_.transition = Transition::stayed;
    keep_stage_since();
    return;
  }
  auto path = [&](std::vector<std::uint16_t>& out) {
    out.clear();
    for (int at = to; lifecycle_parent_[at] >= 0; at = lifecycle_from_[at])
      out.push_back(static_cast<std::uint16_t>(lifecycle_parent_[at]));
    std::reverse(out.begin(), out.end());
  };
  if (lifecycle_reaches(from, to, true)) {
    path(decision_.moves);
    return;
  }
  decision_.transition = Transition::held;
  decision_.stage = from;
  keep_stage_since();
  // Which move held it: the first one on the path that its condition closed.
  if (lifecycle_reaches(from, to, false)) {
    path(decision_.moves);
    for (std::uint16_t m : decision_.moves) {
      const MoveInfo& move = lc.moves[m];
      if (move.condition != bc::kNone && !truthy(registers_[move.condition])) {
        decision_.held_by = m;
        break;
      }
    }
    decision_.moves.clear();
  }
}

}  // namespace baton
