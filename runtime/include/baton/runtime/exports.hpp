#pragma once
// Typed reading of a decision's exported values (`export` lets), by index or
// by name, without going through registers:
//
//   if (auto owner = baton::exported_as<std::string_view>(*program, decision, "owner")) ...
//   baton::ExportedValue v = baton::exported(*program, decision, "fit");  // a std::variant
//
// Strings and set/list items point into the evaluator and the record: valid
// until the next evaluate() on that evaluator. Copy what you keep.
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/program.hpp"

namespace baton {

// Times and durations are int64 seconds like ints; these wrappers keep the
// three apart in the variant.
struct EpochSeconds {
  std::int64_t seconds = 0;  // UTC
  friend bool operator==(const EpochSeconds&, const EpochSeconds&) = default;
};
struct DurationSeconds {
  std::int64_t seconds = 0;
  friend bool operator==(const DurationSeconds&, const DurationSeconds&) = default;
};

// std::monostate: no such export, or no value in this decision (missing).
// int -> int64_t, number -> double, bool -> bool, string -> string_view,
// time -> EpochSeconds, duration -> DurationSeconds, set/list -> vector of items
// (a set's once each, in the order of their first occurrence).
using ExportedValue = std::variant<std::monostate, std::int64_t, double, bool, std::string_view, EpochSeconds,
                                   DurationSeconds, std::vector<std::string_view>>;

ExportedValue exported(const Program& program, const Decision& decision, std::size_t index);
ExportedValue exported(const Program& program, const Decision& decision, std::string_view name);

// The value when the export exists, has a value and is of type T; else nullopt.
template <typename T>
std::optional<T> exported_as(const Program& program, const Decision& decision, std::string_view name) {
  ExportedValue v = exported(program, decision, name);
  if (T* value = std::get_if<T>(&v)) return std::move(*value);
  return std::nullopt;
}

}  // namespace baton
