#include "baton/review/measures.hpp"

#include <cmath>

namespace baton::review {

std::vector<Measure> measures_of(const Program& program) {
  const ProgramImage& image = program.image();
  std::vector<Measure> out;
  for (std::size_t i = 0; i < image.scores.size(); ++i) out.push_back({image.scores[i].name, true, i, Type::number});
  for (std::size_t i = 0; i < image.exports.size(); ++i) {
    Type type = image.registers[image.exports[i].reg];
    if (is_numeric(type)) out.push_back({image.exports[i].name, false, i, type});
  }
  return out;
}

const Measure* find_measure(const std::vector<Measure>& measures, std::string_view name) {
  for (const auto& m : measures)
    if (m.name == name) return &m;
  return nullptr;
}

std::optional<double> measure_value(const Measure& measure, const Decision& d) {
  double x = 0;
  if (measure.is_score) {
    x = d.scores[measure.index];
  } else {
    const Value& v = d.exports[measure.index];
    if (v.is_missing()) return std::nullopt;
    x = measure.type == Type::int_ ? static_cast<double>(v.i) : v.n;
  }
  if (!std::isfinite(x)) return std::nullopt;  // counted with the missing values
  return x;
}

}  // namespace baton::review
