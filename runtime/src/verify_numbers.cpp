#include "verify_numbers.hpp"

#include <cmath>
#include <string_view>

#include <fmt/format.h>

#include "baton/common/time.hpp"

namespace baton {
namespace {

// A window or deadline in seconds: -1 (none) or 0 .. kMaxDuration.
bool window_ok(std::int64_t seconds) { return seconds == -1 || (seconds >= 0 && seconds <= kMaxDuration); }

// A half-life in days: 0 (none) or one second .. kMaxDuration.
bool half_life_ok(double days) {
  return days == 0 || (days >= 1.0 / 86400 && days <= static_cast<double>(kMaxDuration) / 86400);
}

// A cap: -1 (none) or a finite bound of zero or more.
bool cap_ok(double cap) { return cap == -1 || (std::isfinite(cap) && cap >= 0); }

std::string literal_problem(Type type, const Literal& lit) {
  switch (type) {
    case Type::number: return std::isfinite(lit.n) ? "" : fmt::format("number {} is not finite", lit.n);
    case Type::boolean: return lit.i == 0 || lit.i == 1 ? "" : fmt::format("bool {} is not 0 or 1", lit.i);
    case Type::duration:
      return lit.i >= -kMaxDuration && lit.i <= kMaxDuration ? "" : fmt::format("duration {}s is too long", lit.i);
    case Type::time:
      return lit.i >= kMinTimeLiteral && lit.i <= kMaxTimeLiteral ? ""
                                                                   : fmt::format("time {} is out of range", lit.i);
    default: return "";
  }
}

std::string field_problem(const FieldInfo& f, std::string_view owner) {
  if (!f.has_default) return "";
  const std::string problem = literal_problem(f.type, f.default_value);
  return problem.empty() ? "" : fmt::format("{} field '{}': default {}", owner, f.name, problem);
}

std::string schema_problem(const ProgramImage& im) {
  for (const auto& f : im.lead_fields)
    if (auto p = field_problem(f, "lead"); !p.empty()) return p;
  for (const auto& e : im.events)
    for (const auto& f : e.fields)
      if (auto p = field_problem(f, fmt::format("event '{}'", e.name)); !p.empty()) return p;
  return "";
}

std::string aggregate_problem(std::size_t i, const AggregateInfo& a) {
  if (!window_ok(a.within)) return fmt::format("aggregate #{} has a window of {}s, beyond any duration", i, a.within);
  if (!half_life_ok(a.half_life_days))
    return fmt::format("aggregate #{} has a half-life of {} days, outside 1s .. {}s", i, a.half_life_days,
                       kMaxDuration);
  if (!std::isfinite(a.points)) return fmt::format("aggregate #{} has points {}, not a finite number", i, a.points);
  if (!cap_ok(a.cap)) return fmt::format("aggregate #{} has a cap of {}, neither -1 nor a finite bound", i, a.cap);
  return "";
}

std::string table_problem(const ProgramImage& im) {
  for (std::size_t i = 0; i < im.k_num.size(); ++i)
    if (!std::isfinite(im.k_num[i])) return fmt::format("number constant #{} is {}, not finite", i, im.k_num[i]);
  for (std::size_t i = 0; i < im.aggregates.size(); ++i)
    if (auto p = aggregate_problem(i, im.aggregates[i]); !p.empty()) return p;
  for (const auto& s : im.scores)
    if ((s.has_min && !std::isfinite(s.min)) || (s.has_max && !std::isfinite(s.max)))
      return fmt::format("score '{}' has a bound that is not a finite number", s.name);
  for (std::size_t i = 0; i < im.rules.size(); ++i) {
    const RuleInfo& r = im.rules[i];
    if (!std::isfinite(r.points)) return fmt::format("rule #{} has points {}, not a finite number", i, r.points);
    if (!cap_ok(r.cap)) return fmt::format("rule #{} has a cap of {}, neither -1 nor a finite bound", i, r.cap);
  }
  for (std::size_t i = 0; i < im.routes.size(); ++i)
    if (!window_ok(im.routes[i].within))
      return fmt::format("route #{} has a deadline of {}s, beyond any duration", i, im.routes[i].within);
  return "";
}

}  // namespace

std::string check_number_ranges(const ProgramImage& image) {
  if (auto p = schema_problem(image); !p.empty()) return p;
  return table_problem(image);
}

}  // namespace baton
