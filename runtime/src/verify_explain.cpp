// Verifying the explain section. The renderers and the evaluator's explain
// pass index registers, chunks and tables with what this section says, so
// each index is checked here, and the parts of a condition must form one
// tree in pre-order: the renderers walk it without bounds checks of their own.
#include "verify_explain.hpp"

#include <vector>

#include <fmt/format.h>

namespace baton {
namespace {

class ExplainVerifier {
 public:
  explicit ExplainVerifier(const ProgramImage& im) : im_(im) {}

  std::string run() {
    (void)(check_conditions() && check_chunks_owned() && check_lets() && check_aggregates());
    return error_;
  }

 private:
  const ProgramImage& im_;
  std::string error_;

  template <typename... Args>
  bool fail(fmt::format_string<Args...> format, Args&&... args) {
    error_ = "explain section: " + fmt::format(format, std::forward<Args>(args)...);
    return false;
  }

  bool is_explain_chunk(std::uint16_t chunk) const {
    return chunk != 0 && chunk < im_.chunks.size() && im_.chunks[chunk].event == bc::kNone;
  }

  std::size_t owner_table_size(ExplainOwner owner) const {
    switch (owner) {
      case ExplainOwner::stage: return im_.stage_arms.size();  // keyed by arm (several per stage)
      case ExplainOwner::route: return im_.routes.size();
      case ExplainOwner::rule: return im_.rules.size();
      case ExplainOwner::move: return im_.lifecycle.moves.size();
    }
    return 0;
  }

  bool register_of(std::uint16_t r, Type want) const { return r < im_.registers.size() && im_.registers[r] == want; }
  bool value_register(std::uint16_t r) const {
    return r < im_.registers.size() && im_.registers[r] != Type::regex && im_.registers[r] > Type::invalid &&
           im_.registers[r] < Type::stage;
  }

  bool check_node(std::size_t c, std::size_t i, const ExplainNode& n) {
    switch (n.kind) {
      case ExplainNodeKind::leaf:
        if (n.children != 0) return fail("condition #{}, part {}: a leaf has {} parts", c, i, n.children);
        if (!register_of(n.value, Type::boolean))
          return fail("condition #{}, part {}: its value must be a bool register, r{} is not one", c, i, n.value);
        if (n.operands.size() > 3) return fail("condition #{}, part {}: {} operands, at most 3", c, i, n.operands.size());
        for (const ExplainOperand& o : n.operands) {
          if (o.reg == bc::kNone) {
            if (o.is_stage) return fail("condition #{}, part {}: a constant operand marked as a stage", c, i);
            continue;
          }
          if (!value_register(o.reg))
            return fail("condition #{}, part {}: operand register r{} is not a value register", c, i, o.reg);
          if (o.is_stage && im_.registers[o.reg] != Type::int_)
            return fail("condition #{}, part {}: a stage operand must be an int register, r{} is not one", c, i, o.reg);
        }
        return true;
      case ExplainNodeKind::not_:
      case ExplainNodeKind::and_:
      case ExplainNodeKind::or_: {
        const bool is_not = n.kind == ExplainNodeKind::not_;
        if (is_not ? n.children != 1 : n.children < 2)
          return fail("condition #{}, part {}: {} parts for {}", c, i, n.children, is_not ? "not" : "and/or");
        if (n.value != bc::kNone || !n.operands.empty() || !n.op.empty())
          return fail("condition #{}, part {}: only a leaf has a value, an operator or operands", c, i);
        return true;
      }
    }
    return fail("condition #{}, part {}: unknown kind", c, i);
  }

  // The nodes form exactly one tree: walking it from node 0 by the
  // children counts consumes every node once.
  bool check_tree(std::size_t c, const std::vector<ExplainNode>& nodes) {
    if (nodes.empty()) return fail("condition #{} has no parts", c);
    std::size_t open = 1;  // subtrees still to read
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (open == 0) return fail("condition #{}: part {} belongs to no tree", c, i);
      if (!check_node(c, i, nodes[i])) return false;
      open = open - 1 + nodes[i].children;
      if (open > nodes.size() - i - 1) return fail("condition #{}: part {} has more parts than follow it", c, i);
    }
    return open == 0 || fail("condition #{}: {} parts are missing", c, open);
  }

  bool check_conditions() {
    std::vector<std::vector<bool>> seen(kExplainOwners);
    for (std::size_t k = 0; k < kExplainOwners; ++k) seen[k].assign(owner_table_size(static_cast<ExplainOwner>(k)), false);
    for (std::size_t c = 0; c < im_.explain.conditions.size(); ++c) {
      const ExplainCondition& cond = im_.explain.conditions[c];
      const auto owner = static_cast<std::size_t>(cond.owner);
      if (owner >= kExplainOwners) return fail("condition #{} has an unknown owner", c);
      if (cond.index >= seen[owner].size())
        return fail("condition #{} explains entry {} of a table of {}", c, cond.index, seen[owner].size());
      if (seen[owner][cond.index]) return fail("condition #{} explains an arm or rule explained before", c);
      seen[owner][cond.index] = true;
      if (!is_explain_chunk(cond.chunk)) return fail("condition #{}: chunk {} is not an explain chunk", c, cond.chunk);
      if (!check_tree(c, cond.nodes)) return false;
    }
    return true;
  }

  // An explain chunk nobody runs would be code no one checks the purpose of.
  bool check_chunks_owned() {
    std::vector<bool> owned(im_.chunks.size(), false);
    for (const ExplainCondition& cond : im_.explain.conditions) owned[cond.chunk] = true;
    for (std::size_t i = 1; i < im_.chunks.size(); ++i)
      if (im_.chunks[i].event == bc::kNone && !owned[i]) return fail("explain chunk {} explains no condition", i);
    return true;
  }

  bool check_lets() {
    for (const ExplainLet& l : im_.explain.lets) {
      if (l.name.empty()) return fail("a let has an empty name");
      if (!value_register(l.reg)) return fail("let '{}' reads r{}, not a value register", l.name, l.reg);
    }
    return true;
  }

  bool check_aggregates() {
    for (const ExplainAggregate& a : im_.explain.aggregates)
      if (a.aggregate >= im_.aggregates.size())
        return fail("aggregate {} out of range ({} in the table)", a.aggregate, im_.aggregates.size());
    return true;
  }
};

}  // namespace

std::string verify_explain(const ProgramImage& image) { return ExplainVerifier(image).run(); }

}  // namespace baton
