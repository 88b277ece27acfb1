#pragma once
// The numbers a review looks at for every lead: each score block and each
// exported numeric `let` (such as a total of two scores), read from a
// Decision by position. Shared by diff (distributions) and report (bands,
// thresholds).
#include <optional>
#include <string>
#include <vector>

#include "baton/runtime/evaluator.hpp"

namespace baton::review {

struct Measure {
  std::string name;
  bool is_score = true;   // a score block; else an exported let
  std::size_t index = 0;  // into Decision::scores or Decision::exports
  Type type = Type::number;
};

std::vector<Measure> measures_of(const Program& program);
const Measure* find_measure(const std::vector<Measure>& measures, std::string_view name);
// The measure's value in a decision; nullopt when missing (or not finite).
std::optional<double> measure_value(const Measure& measure, const Decision& d);

}  // namespace baton::review
