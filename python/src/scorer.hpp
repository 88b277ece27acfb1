#pragma once
// Scoring many lead records (JSON text) with a shared Program: the C++ half
// of Program.score_many / score_jsonl / score_frame. Independent of Python so
// the binding can release the GIL around it.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/program.hpp"
#include "baton/runtime/record.hpp"

namespace baton::python {

// The delays of a decision's route cadence steps (`escalate to X after 9h`)
// in seconds, in order, nullopt for a step whose delay is missing. The
// decision record does not hold them (it has each step's destination and due
// time), so they travel beside it: Python's Decision.escalations.
using StepDelays = std::vector<std::optional<std::int64_t>>;

// What one record gave: its canonical decision line (append_decision_json,
// without the "\n") and its steps' delays (empty without steps, the common
// case), or why it was rejected (the CLI's --errors record).
struct Outcome {
  bool scored = false;
  std::string text;           // the decision's JSON when scored
  StepDelays delays;          // when scored
  std::string field, message; // when rejected ("" field: the whole record)
  std::string id;
  bool has_id = false;
};

// Owns one RecordDecoder + Record + Evaluator per thread, reused from batch
// to batch; the Program is shared. A Scorer itself is used by one caller at
// a time (the Python side keeps one per Python thread).
class Scorer {
 public:
  // Throws std::runtime_error for an unknown options.coerce_zone.
  Scorer(std::shared_ptr<const Program> program, const DecodeOptions& options, unsigned threads);
  ~Scorer();

  // Scores `records` into `out` (same length, same order). Records are split
  // into contiguous runs, one per thread; the calling thread takes the first.
  void score(const std::vector<std::string_view>& records, std::int64_t as_of, std::vector<Outcome>& out);

  // One record with explain on: the decision line, its steps' delays, the
  // explain JSON and the explain text. False (and `rejected` filled) when the
  // record is unusable.
  bool explain(std::string_view record, std::int64_t as_of, std::string& decision, StepDelays& delays,
               std::string& json, std::string& text, Outcome& rejected);

  unsigned threads() const { return static_cast<unsigned>(workers_.size()); }

  // Outcomes reused from call to call (their strings keep their capacity).
  std::vector<Outcome>& scratch() { return scratch_; }

 private:
  struct Worker;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<Outcome> scratch_;
};

// The decision for a lead with no fields and no events: every field missing
// or at its default. Used to learn a program's decision layout (the columns
// of score_frame's result) without a real lead.
std::string blank_decision(const std::shared_ptr<const Program>& program, std::int64_t as_of);

}  // namespace baton::python
