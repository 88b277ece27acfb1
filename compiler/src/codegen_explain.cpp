// The explain section (format v5; lifecycle moves from v6): for each stage
// arm, route arm, `when` rule and conditional lifecycle line, the tree of its condition's and/or/not parts, and an explain chunk
// that computes every leaf's truth value and operand values into registers
// of their own. The main chunk short-circuits and so leaves parts unset;
// the explain chunk computes them all, and only `baton explain` runs it.
#include <algorithm>

#include "codegen.hpp"
#include "display_text.hpp"

namespace baton::codegen {

namespace {

using ast::BinaryOp;
using ast::Expr;
using ast::ExprKind;

const Expr& unparen(const Expr& e) { return e.kind == ExprKind::paren ? unparen(*e.args[0]) : e; }

// An operand whose text says its value: a literal, a const, a stage name.
bool is_constant(const Expr& operand) {
  const Expr& e = unparen(operand);
  switch (e.kind) {
    case ExprKind::int_lit: case ExprKind::number_lit: case ExprKind::string_lit: case ExprKind::bool_lit:
    case ExprKind::duration_lit: case ExprKind::time_lit: case ExprKind::regex_lit: case ExprKind::set_lit:
    case ExprKind::list_lit:
      return true;
    case ExprKind::name: return e.name_kind == ast::NameKind::const_ || e.name_kind == ast::NameKind::stage;
    case ExprKind::unary: return e.uop == ast::UnaryOp::neg && is_constant(*e.args[0]);
    default: return false;
  }
}

// The operator of a leaf whose operands explain shows (a comparison, a
// membership or string test, `between`); nullptr for other leaves.
const char* comparison_text(const Expr& e) {
  if (e.kind == ExprKind::between) return "between";
  if (e.kind != ExprKind::binary || e.bop < BinaryOp::eq || e.bop > BinaryOp::contains) return nullptr;
  return ast::binary_op_text(e.bop);
}

bool shows_value(Type t) { return t > Type::invalid && t < Type::stage && t != Type::regex; }

}  // namespace

// Pre-order: the node, then its parts. `a or b or c` is one `or` of three.
void Generator::explain_node(const Expr& condition, ExplainCondition& out) {
  const Expr& e = unparen(condition);
  ExplainNode node;
  node.text = display_text(source_.slice(condition.span));
  const bool logic = e.kind == ExprKind::binary && (e.bop == BinaryOp::and_ || e.bop == BinaryOp::or_);
  if (logic) {
    std::vector<const Expr*> parts;
    std::vector<const Expr*> stack{&e};
    while (!stack.empty()) {  // flatten a chain of the same operator, left to right
      const Expr* x = stack.back();
      stack.pop_back();
      const Expr& inner = unparen(*x);
      if (inner.kind == ExprKind::binary && inner.bop == e.bop && (x == &e || x->kind != ExprKind::paren)) {
        stack.push_back(inner.args[1].get());
        stack.push_back(inner.args[0].get());
      } else {
        parts.push_back(x);
      }
    }
    node.kind = e.bop == BinaryOp::and_ ? ExplainNodeKind::and_ : ExplainNodeKind::or_;
    node.children = static_cast<std::uint16_t>(parts.size());
    out.nodes.push_back(std::move(node));
    for (const Expr* part : parts) explain_node(*part, out);
    return;
  }
  if (e.kind == ExprKind::unary && e.uop == ast::UnaryOp::not_) {
    node.kind = ExplainNodeKind::not_;
    node.children = 1;
    out.nodes.push_back(std::move(node));
    explain_node(*e.args[0], out);
    return;
  }
  node.kind = ExplainNodeKind::leaf;
  node.value = expr(e);
  if (const char* op = comparison_text(e)) {
    node.op = op;
    for (const auto& arg : e.args) {
      ExplainOperand operand;
      operand.text = display_text(source_.slice(arg->span));
      if (!is_constant(*arg) && (shows_value(arg->type) || arg->type == Type::stage)) {
        operand.reg = expr(*arg);
        operand.is_stage = arg->type == Type::stage;
      }
      node.operands.push_back(std::move(operand));
    }
  }
  out.nodes.push_back(std::move(node));
}

// One condition: its tree, and its explain chunk (after the predicates).
void Generator::explain_condition(ExplainOwner owner, std::size_t index, const Expr& condition) {
  ExplainCondition c;
  c.owner = owner;
  c.index = static_cast<std::uint16_t>(index);
  chunks_.push_back(Chunk{});  // no event type: an explain chunk
  explain_node(condition, c);
  emit(bc::Op::halt);
  end_statement();
  finished_.push_back(std::move(chunks_.back()));
  chunks_.pop_back();
  c.chunk = static_cast<std::uint16_t>(finished_.size());  // chunk 0 is main
  image_.explain.conditions.push_back(std::move(c));
}

void Generator::explain_section() {
  ExplainInfo& ex = image_.explain;
  const std::uint32_t saved_line = line_;  // the main chunk's HALT keeps its line
  // Rules are numbered block by block in the order the blocks were lowered,
  // each block's rules in source order.
  for (std::size_t r = 0; r < image_.rules.size();) {
    const auto* block = checked_.scores[image_.rules[r].score];
    for (const auto& rule : block->rules) {
      set_line(rule.span);
      if (rule.kind == ast::RuleKind::when) explain_condition(ExplainOwner::rule, r, *rule.condition);
      ++r;
    }
  }
  if (checked_.stages)
    for (std::size_t i = 0; i < checked_.stages->arms.size(); ++i)
      if (const auto& arm = checked_.stages->arms[i]; arm.condition) {
        set_line(arm.span);
        explain_condition(ExplainOwner::stage, i, *arm.condition);
      }
  if (checked_.routes)
    for (std::size_t k = 0; k < checked_.routes->arms.size(); ++k)
      if (const auto& arm = checked_.routes->arms[k]; arm.condition) {
        set_line(arm.span);
        explain_condition(ExplainOwner::route, k, *arm.condition);
      }
  // Keyed by the first move of its line: `a -> b -> c when X` is two moves
  // with one condition, explained once (output_lifecycle.cpp finds it).
  if (checked_.lifecycle)
    for (std::size_t m = 0; m < checked_.moves.size(); ++m) {
      const ast::LifecyclePath* path = checked_.moves[m].path;
      if (!path->condition || (m > 0 && checked_.moves[m - 1].path == path)) continue;
      set_line(path->span);
      explain_condition(ExplainOwner::move, m, *path->condition);
    }
  for (std::size_t i = 0; i < checked_.lets.size(); ++i) {
    const auto* let = checked_.lets[i];
    if (!let->exported && shows_value(let->value->type)) ex.lets.push_back(ExplainLet{let->name, let_regs_[i]});
  }
  for (const auto& [key, index] : aggregate_of_)
    if (image_.aggregates[index].kind != bc::AggKind::score_per)
      ex.aggregates.push_back(ExplainAggregate{index, display_text(source_.slice(key.first->span))});
  std::sort(ex.aggregates.begin(), ex.aggregates.end(),
            [](const ExplainAggregate& a, const ExplainAggregate& b) { return a.aggregate < b.aggregate; });
  line_ = saved_line;
}

}  // namespace baton::codegen
