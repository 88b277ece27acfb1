// Marks the pairs of superinstructions.hpp in an Evaluator's copy of the code.
#include "superinstructions.hpp"

namespace baton::superinstructions {

namespace {

// The fused opcode number of (first, second), or 0 when the pair is not fused.
std::uint8_t fused_op(bc::Op first, bc::Op second) {
#define BATON_FUSED_MATCH(a, b)                                                    \
  if (first == bc::Op::a && second == bc::Op::b)                                   \
    return static_cast<std::uint8_t>(bc::kOpCount + static_cast<std::size_t>(Fused::a##__##b));
  BATON_FUSED_PAIRS(BATON_FUSED_MATCH)
#undef BATON_FUSED_MATCH
  return 0;
}

}  // namespace

std::vector<bc::Instruction> fuse(const std::vector<bc::Instruction>& code) {
  std::vector<bc::Instruction> out = code;
  // A pair never spans two chunks: a chunk ends in halt or ret, which is
  // never the first of a pair.
  for (std::size_t i = 0; i + 1 < out.size();) {
    const std::uint8_t op = fused_op(code[i].op, code[i + 1].op);
    if (op == 0) {
      ++i;
      continue;
    }
    out[i].op = static_cast<bc::Op>(op);
    i += 2;
  }
  return out;
}

void bound(std::vector<bc::Instruction>& code, const std::vector<Type>& registers) {
  for (bc::Instruction& in : code) {
    if (static_cast<std::size_t>(in.op) >= bc::kOpCount || in.a >= registers.size()) continue;
    const Type t = registers[in.a];
    if (t != Type::duration && t != Type::time) continue;
    const bool dur = t == Type::duration;
    auto mark = [&](Bounded b) { in.op = static_cast<bc::Op>(kBoundedFirst + static_cast<std::size_t>(b)); };
    switch (in.op) {
      case bc::Op::add_int: mark(dur ? Bounded::add_int__dur : Bounded::add_int__time); break;
      case bc::Op::sub_int: mark(dur ? Bounded::sub_int__dur : Bounded::sub_int__time); break;
      case bc::Op::mul_int: if (dur) mark(Bounded::mul_int__dur); break;
      case bc::Op::neg_int: if (dur) mark(Bounded::neg_int__dur); break;
      default: break;
    }
  }
}

}  // namespace baton::superinstructions
