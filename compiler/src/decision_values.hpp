// The values of the decision a test's `expect` can read (`stage`, `deadline`,
// ...), in one table: the checker resolves a name to its index, the code
// generator loads it with the entry's opcode, and outside a test a decision
// value is a mistake the checker names (E0109).
#pragma once

#include <optional>
#include <string_view>

#include "baton/common/types.hpp"
#include "baton/runtime/bytecode.hpp"

namespace baton {

struct DecisionValue {
  std::string_view name;
  Type type;
  bc::Op load;
  bool of_decision;  // false: as_of, the evaluation time (everywhere else spelled `now`)
};

inline constexpr DecisionValue kDecisionValues[] = {
    {"stage", Type::stage, bc::Op::load_stage, true},
    {"route", Type::string, bc::Op::load_route, true},
    {"deadline", Type::time, bc::Op::load_deadline, true},
    {"as_of", Type::time, bc::Op::load_as_of, false},
    {"previous_stage", Type::stage, bc::Op::load_previous_stage, true},
    {"rules_stage", Type::stage, bc::Op::load_rules_stage, true},
    {"transition", Type::string, bc::Op::load_transition, true},
    {"stage_since", Type::time, bc::Op::load_stage_since, true},
};

inline std::optional<int> decision_value_index(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kDecisionValues); ++i)
    if (kDecisionValues[i].name == name) return static_cast<int>(i);
  return std::nullopt;
}

}  // namespace baton
