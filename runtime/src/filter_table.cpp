// Building a filter's truth table: the predicate chunk is run abstractly,
// once per combination of its leaves' outcomes. Registers hold what is known
// about them (an event field, a constant, or a leaf-derived outcome); a leaf
// test met for the first time is added to the list and the enumeration starts
// again, so every path the chunk can take is covered. Jumps only go forward,
// so each run ends within the chunk's length.
#include "filter_table.hpp"

#include <algorithm>

namespace baton {

namespace {

using bc::Op;

struct Known {
  enum class Kind : std::uint8_t { operand, outcome } kind = Kind::operand;
  LeafOperand operand;       // an event field or a constant
  std::uint8_t outcome = 0;  // kind == outcome
};

enum class Status : std::uint8_t { done, new_leaf, unsupported };

bool is_comparison(Op op) {
  switch (op) {
    case Op::eq_int: case Op::ne_int: case Op::lt_int: case Op::le_int:
    case Op::eq_num: case Op::ne_num: case Op::lt_num: case Op::le_num:
    case Op::eq_str: case Op::ne_str: case Op::eq_bool: case Op::ne_bool:
    case Op::starts_with: case Op::ends_with: case Op::contains: case Op::in_items:
      return true;
    default: return false;
  }
}

class AbstractRun {
 public:
  AbstractRun(const Program& program, const ChunkInfo& chunk, const std::vector<Leaf>& leaves,
              const std::vector<std::uint8_t>& outcomes, std::size_t& steps_left)
      : program_(program), chunk_(chunk), leaves_(leaves), outcomes_(outcomes), steps_left_(steps_left) {}

  Status run() {
    const auto& image = program_.image();
    for (std::uint32_t pc = chunk_.begin; pc < chunk_.end;) {
      if (steps_left_ == 0) return Status::unsupported;  // out of budget: the plain path
      --steps_left_;
      const std::uint32_t at = pc++;
      const bc::Instruction& in = image.code[at];
      switch (in.op) {
        case Op::load_event:
          if (in.b >= image.events[chunk_.event].fields.size()) return Status::unsupported;
          set(in.a, field(in.b));
          break;
        case Op::load_str: case Op::load_int: case Op::load_num: case Op::load_bool: case Op::load_items:
        case Op::load_missing:
          set(in.a, constant(in.op, in.b));
          break;
        case Op::move:
          if (const Known* k = get(in.b)) set(in.a, *k);
          else return Status::unsupported;
          break;
        case Op::not_: {
          auto t = outcome_of(in.b);
          if (!t) return status_;
          set(in.a, outcome(*t == kLeafMissing ? kLeafMissing : *t == kLeafTrue ? kLeafFalse : kLeafTrue));
          break;
        }
        case Op::coalesce: {
          auto left = outcome_of(in.b);
          if (!left) return status_;
          auto right = outcome_of(in.c);
          if (!right) return status_;
          set(in.a, outcome(*left == kLeafMissing ? *right : *left));
          break;
        }
        case Op::present: {
          const Known* k = get(in.b);
          if (!k) return Status::unsupported;
          if (k->kind == Known::Kind::outcome) {
            set(in.a, outcome(k->outcome == kLeafMissing ? kLeafFalse : kLeafTrue));
          } else if (!k->operand.is_field) {
            set(in.a, outcome(k->operand.constant.missing ? kLeafFalse : kLeafTrue));
          } else {
            auto t = leaf(Leaf{Op::present, k->operand, {}, 0});
            if (!t) return status_;
            set(in.a, outcome(*t));
          }
          break;
        }
        case Op::matches: case Op::in_const_set: {
          const Known* k = get(in.b);
          if (!k || k->kind != Known::Kind::operand) return Status::unsupported;
          auto t = leaf(Leaf{in.op, k->operand, {}, in.c});
          if (!t) return status_;
          set(in.a, outcome(*t));
          break;
        }
        case Op::call: {
          // A built-in with one or two plain operands and a bool result
          // (`present(tag)`, `is_free_mail(sender)`) is a leaf; built-ins
          // are pure, and as_of is fixed for the whole evaluation.
          if (in.n < 1 || in.n > 2 || image.imports[in.b].result != Type::boolean) return Status::unsupported;
          const Known* b = get(in.c);
          const Known* c = in.n == 2 ? get(static_cast<std::uint16_t>(in.c + 1)) : nullptr;
          if (!b || b->kind != Known::Kind::operand || (in.n == 2 && (!c || c->kind != Known::Kind::operand)))
            return Status::unsupported;
          auto t = leaf(Leaf{Op::call, b->operand, c ? c->operand : LeafOperand{}, in.b, in.n});
          if (!t) return status_;
          set(in.a, outcome(*t));
          break;
        }
        case Op::jump:
          if (in.a <= at || in.a > chunk_.end) return Status::unsupported;
          pc = in.a;
          break;
        case Op::jump_if: case Op::jump_ifnot: {
          if (in.b <= at || in.b > chunk_.end) return Status::unsupported;
          auto t = outcome_of(in.a);
          if (!t) return status_;
          if ((*t == kLeafTrue) == (in.op == Op::jump_if)) pc = in.b;
          break;
        }
        case Op::ret: {
          auto t = outcome_of(in.a);
          if (!t) return status_;
          result = *t == kLeafTrue;
          return Status::done;
        }
        default: {
          if (!is_comparison(in.op)) return Status::unsupported;
          const Known* b = get(in.b);
          const Known* c = get(in.c);
          if (!b || !c || b->kind != Known::Kind::operand || c->kind != Known::Kind::operand)
            return Status::unsupported;
          auto t = leaf(Leaf{in.op, b->operand, c->operand, 0});
          if (!t) return status_;
          set(in.a, outcome(*t));
          break;
        }
      }
    }
    return Status::unsupported;  // fell off the end without `ret`
  }

  bool result = false;
  Leaf found;  // Status::new_leaf: the leaf test met for the first time

 private:
  const Program& program_;
  const ChunkInfo& chunk_;
  const std::vector<Leaf>& leaves_;
  const std::vector<std::uint8_t>& outcomes_;
  std::size_t& steps_left_;
  std::vector<std::pair<std::uint16_t, Known>> registers_;  // chunks are short: a list will do
  Status status_ = Status::unsupported;

  const Known* get(std::uint16_t reg) const {
    for (auto it = registers_.rbegin(); it != registers_.rend(); ++it)
      if (it->first == reg) return &it->second;
    return nullptr;  // not written by this chunk: main-chunk state, not a leaf
  }
  void set(std::uint16_t reg, const Known& value) { registers_.emplace_back(reg, value); }

  static Known field(std::uint16_t f) {
    Known k;
    k.operand.is_field = true;
    k.operand.field = f;
    return k;
  }
  Known constant(Op load, std::uint16_t index) const {
    const auto& image = program_.image();
    Known k;
    k.operand.load = load;
    k.operand.index = index;
    Value& v = k.operand.constant;
    switch (load) {
      case Op::load_str: v = Value::of_string(image.k_str[index]); break;
      case Op::load_int: v = Value::of_int(image.k_int[index]); break;
      case Op::load_num: v = Value::of_number(image.k_num[index]); break;
      case Op::load_bool: v = Value::of_bool(index != 0); break;
      case Op::load_items: {
        const auto& items = program_.items(index);
        v = Value::of_items(items.data(), static_cast<std::uint32_t>(items.size()));
        break;
      }
      default: v = Value::absent(); break;
    }
    return k;
  }
  static Known outcome(std::uint8_t t) {
    Known k;
    k.kind = Known::Kind::outcome;
    k.outcome = t;
    return k;
  }

  // The outcome of leaf `l` in this run's combination; nullopt (status_ set)
  // when the leaf is new.
  std::optional<std::uint8_t> leaf(const Leaf& l) {
    auto it = std::find(leaves_.begin(), leaves_.end(), l);
    if (it == leaves_.end()) {
      found = l;
      status_ = Status::new_leaf;
      return std::nullopt;
    }
    return outcomes_[static_cast<std::size_t>(it - leaves_.begin())];
  }

  // A register used as a condition.
  std::optional<std::uint8_t> outcome_of(std::uint16_t reg) {
    status_ = Status::unsupported;
    const Known* k = get(reg);
    if (!k) return std::nullopt;
    if (k->kind == Known::Kind::outcome) return k->outcome;
    const LeafOperand& o = k->operand;
    if (!o.is_field) {
      if (o.load == Op::load_missing) return kLeafMissing;
      if (o.load == Op::load_bool) return o.constant.b ? kLeafTrue : kLeafFalse;
      return std::nullopt;
    }
    if (program_.image().events[chunk_.event].fields[o.field].type != Type::boolean) return std::nullopt;
    return leaf(Leaf{Op::load_event, o, {}, 0});  // `where attended`
  }
};

}  // namespace

std::optional<FilterTable> FilterTable::analyse(const Program& program, std::size_t chunk_index,
                                                std::vector<Leaf>& leaves, std::size_t& steps_left) {
  const auto& image = program.image();
  if (chunk_index == 0 || chunk_index >= image.chunks.size()) return std::nullopt;
  const ChunkInfo& chunk = image.chunks[chunk_index];
  if (chunk.event >= image.events.size()) return std::nullopt;
  // Real filters are a few dozen instructions. A longer chunk (a hand-made
  // or hostile .batonc) keeps the plain path rather than making the
  // enumeration below, up to 3^6 runs of the chunk, slow to set up; the
  // step budget shared by all of a program's filters bounds the rest.
  if (chunk.end - chunk.begin > kMaxChunkLength) return std::nullopt;

  std::vector<Leaf> local;
  for (;;) {
    std::size_t n = local.size();
    std::uint32_t combinations = 1;
    for (std::size_t i = 0; i < n; ++i) combinations *= 3;
    std::vector<std::uint64_t> bits(((std::size_t{1} << (2 * n)) + 63) / 64, 0);
    std::vector<std::uint8_t> outcomes(n, 0);
    bool grew = false;
    for (std::uint32_t combination = 0; combination < combinations && !grew; ++combination) {
      std::uint32_t rest = combination;
      std::uint32_t index = 0;
      for (std::size_t i = 0; i < n; ++i, rest /= 3) {
        outcomes[i] = static_cast<std::uint8_t>(rest % 3);
        index |= static_cast<std::uint32_t>(outcomes[i]) << (2 * i);
      }
      AbstractRun run(program, chunk, local, outcomes, steps_left);
      switch (run.run()) {
        case Status::unsupported: return std::nullopt;
        case Status::new_leaf:
          if (n == kMaxLeaves) return std::nullopt;
          local.push_back(run.found);
          grew = true;
          break;
        case Status::done:
          if (run.result) bits[index >> 6] |= std::uint64_t{1} << (index & 63);
          break;
      }
    }
    if (grew) continue;

    FilterTable table;
    for (const Leaf& l : local) {
      auto it = std::find(leaves.begin(), leaves.end(), l);
      if (it == leaves.end()) it = leaves.insert(leaves.end(), l);
      table.leaves_.push_back(static_cast<std::uint16_t>(it - leaves.begin()));
    }
    table.bits_ = std::move(bits);
    return table;
  }
}

}  // namespace baton
