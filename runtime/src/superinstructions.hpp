#pragma once
// Superinstructions: pairs of adjacent opcodes that the VM runs as one.
//
// The bytecode stays as written and verified; each Evaluator makes its own
// copy of the code in which the first instruction of such a pair carries an
// opcode number past the format's (Op::count_ and up). Its handler runs the
// first instruction, then jumps straight to the second one's handler instead
// of dispatching through the table: one indirect branch fewer, and the
// commonest sequences of an SLA (a comparison and the `when` rule or the
// branch that reads it; a stage arm's try and its branch; runs of rules)
// become one predictable path. The second instruction keeps its own opcode,
// so a jump to it still runs it alone, and nothing changes when the two do
// not share a register: each half does exactly what it would alone.
#include <cstdint>
#include <vector>

#include "baton/common/types.hpp"
#include "baton/runtime/bytecode.hpp"

namespace baton::superinstructions {

// X(first, second): every pair the VM fuses. The first opcode must have a
// body without side effects on the dispatch (no jump of its own).
#define BATON_FUSED_COMPARE(X, second) \
  X(eq_int_k, second) X(ne_int_k, second) X(lt_int_k, second) X(le_int_k, second) \
  X(gt_int_k, second) X(ge_int_k, second) X(eq_num_k, second) X(ne_num_k, second) \
  X(lt_num_k, second) X(le_num_k, second) X(gt_num_k, second) X(ge_num_k, second) \
  X(in_set_k, second) X(not_in_set_k, second)
#define BATON_FUSED_PAIRS(X)                   \
  BATON_FUSED_COMPARE(X, rule_when)            \
  BATON_FUSED_COMPARE(X, jump_ifnot)           \
  BATON_FUSED_COMPARE(X, jump_if)              \
  X(stage_try, jump_ifnot)                     \
  X(route_try, jump_ifnot)                     \
  X(rule_when, rule_when)                      \
  X(add_per_rule, add_per_rule)                \
  X(load_stage, eq_int_k)

enum class Fused : std::uint8_t {
#define BATON_FUSED_ENUM(first, second) first##__##second,
  BATON_FUSED_PAIRS(BATON_FUSED_ENUM)
#undef BATON_FUSED_ENUM
  count_
};
inline constexpr std::size_t kFusedCount = static_cast<std::size_t>(Fused::count_);

// Bounded variants: an int opcode whose destination register is a duration
// or a time runs as its own handler, which also gives missing for a result
// outside the limits of that type (durations within +-kMaxDuration, times in
// years 0001..9999). The bytecode keeps the shared opcode; the register table
// says which it is, so the plain int handlers pay nothing for the check.
// X(opcode, kind)
#define BATON_BOUNDED_OPS(X) \
  X(add_int, dur) X(sub_int, dur) X(mul_int, dur) X(neg_int, dur) X(add_int, time) X(sub_int, time)

enum class Bounded : std::uint8_t {
#define BATON_BOUNDED_ENUM(op, kind) op##__##kind,
  BATON_BOUNDED_OPS(BATON_BOUNDED_ENUM)
#undef BATON_BOUNDED_ENUM
  count_
};
inline constexpr std::size_t kBoundedCount = static_cast<std::size_t>(Bounded::count_);
inline constexpr std::size_t kBoundedFirst = bc::kOpCount + kFusedCount;
static_assert(kBoundedFirst + kBoundedCount <= 256, "fused and bounded opcodes must fit the opcode byte");

// The code with every fusable pair marked (left to right, pairs do not
// overlap).
std::vector<bc::Instruction> fuse(const std::vector<bc::Instruction>& code);

// Marks the int arithmetic into duration and time registers with its bounded
// variant, in place. Always applied (it is semantics, not speed); none of
// these opcodes is part of a fused pair.
void bound(std::vector<bc::Instruction>& code, const std::vector<Type>& registers);

}  // namespace baton::superinstructions
