#pragma once
// A `where` filter as a truth table over leaf tests.
//
// Nearly every filter compares event fields with constants (`url starts_with
// "/pricing"`, `kind in assets`, `not attended`) and combines the outcomes
// with and / or / not. Such a predicate chunk is analysed once, when an
// evaluator is made: its leaf tests are collected into the list of its event
// type (so `url starts_with "/pricing"` is one leaf however many rules use
// it), and the chunk is run abstractly over every combination of leaf
// outcomes, giving a table. Per event the evaluator then runs each distinct
// leaf test once and answers each filter with one table lookup; the chunk
// itself never runs, so no register is read or written.
//
// A chunk that does anything else (reads a register it did not write, such
// as a `let`; calls a function; does arithmetic) gets no table and runs
// through the VM as before.
#include <cstdint>
#include <optional>
#include <vector>

#include "baton/common/value.hpp"
#include "baton/runtime/bytecode.hpp"
#include "baton/runtime/program.hpp"

namespace baton {

// Outcome of one leaf test for one event, as the VM would have produced it.
enum : std::uint8_t { kLeafFalse = 0, kLeafTrue = 1, kLeafMissing = 2 };

struct LeafOperand {
  bool is_field = false;
  std::uint16_t field = 0;           // event field, when is_field
  bc::Op load = bc::Op::halt;        // else: the constant's load instruction...
  std::uint16_t index = 0;           // ...and its operand (constant-pool index)
  Value constant{};                  // the constant, ready to compare
  bool operator==(const LeafOperand& o) const {
    return is_field == o.is_field && (is_field ? field == o.field : load == o.load && index == o.index);
  }
};

struct Leaf {
  // A comparison opcode, `matches`, `in_const_set`, `present`, `call` of a
  // built-in returning bool, or `load_event` for a bool field used as a
  // condition (`where attended`).
  bc::Op op = bc::Op::halt;
  LeafOperand b, c;          // the opcode's operands (c unused by one-operand leaves)
  std::uint16_t table = 0;   // regex (matches), set (in_const_set) or import (call) index
  std::uint8_t args = 0;     // call: 1 or 2 (b, then c)
  bool operator==(const Leaf& o) const = default;
};

class FilterTable {
 public:
  // Leaf tests beyond this many per filter make the table too large (4^n bits).
  static constexpr std::size_t kMaxLeaves = 6;
  // Longer predicate chunks are not analysed (they run through the VM).
  static constexpr std::size_t kMaxChunkLength = 128;
  // Abstract instruction steps for all the filters of one program; what is
  // left unanalysed when it runs out takes the plain path. A few thousand
  // filters of usual shapes need a tenth of it.
  static constexpr std::size_t kStepBudget = 4'000'000;

  // Analyses predicate chunk `chunk`. Its leaves are added to `leaves` (the
  // list for the chunk's event type) unless already there. nullopt when the
  // chunk is not a combination of leaf tests, or `steps_left` runs out.
  static std::optional<FilterTable> analyse(const Program& program, std::size_t chunk, std::vector<Leaf>& leaves,
                                            std::size_t& steps_left);

  // `outcomes[i]` is the outcome of `leaves[i]` of the event type's list.
  bool passes(const std::uint8_t* outcomes) const {
    std::uint32_t index = 0;
    for (std::size_t i = 0; i < leaves_.size(); ++i) index |= static_cast<std::uint32_t>(outcomes[leaves_[i]]) << (2 * i);
    return (bits_[index >> 6] >> (index & 63)) & 1;
  }

 private:
  std::vector<std::uint16_t> leaves_;  // this filter's leaves, as indexes into the type's list
  std::vector<std::uint64_t> bits_;    // bit (sum outcome_i << 2i): the filter's result
};

}  // namespace baton
