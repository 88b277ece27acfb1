// L0105 impossible-condition, L0106 always-true-condition: a condition, or a
// part of one joined by and/or/not, that no record can make true, or that
// every record makes true. Proved in the domain of lint_logic.hpp, so
// `x > 5 or x <= 5` is always true only when x can never be missing.
#include "lint_logic.hpp"

namespace baton::linter {

namespace {

using ast::BinaryOp;
using ast::Expr;
using ast::ExprKind;

bool is_logical(const Expr& e) {
  return (e.kind == ExprKind::binary && (e.bop == BinaryOp::and_ || e.bop == BinaryOp::or_)) ||
         (e.kind == ExprKind::unary && e.uop == ast::UnaryOp::not_) || e.kind == ExprKind::paren;
}

// Only parts that can be wrong by themselves: logic, comparisons with a
// literal side, and `between`. Plain names and calls are what they are.
bool worth_checking(Context& ctx, const Expr& e) {
  if (is_logical(e) || e.kind == ExprKind::between) return true;
  if (e.kind != ExprKind::binary || !is_comparison(e.bop)) return false;
  const Expr& r = *e.args[1];
  const Expr& l = *e.args[0];
  auto constant = [&](const Expr& x) {
    return ctx.constant_number(x) || ctx.constant_string(x) || ctx.constant_bool(x) || ctx.constant_items(x);
  };
  return constant(l) || constant(r);
}

void visit(Context& ctx, Logic& logic, const Expr& e, std::string_view where) {
  if (e.kind == ExprKind::paren) return visit(ctx, logic, *e.args[0], where);
  if (!worth_checking(ctx, e)) return;
  Logic::Tri r = logic.eval(e);
  if (logic.impossible(r.t)) {
    ctx.report("L0105", e.span, {"the parts of the condition contradict each other, so it is never true"},
               "this {} can never be true", where);
    return;
  }
  if (logic.impossible(r.f) && logic.impossible(r.m)) {
    ctx.report("L0106", e.span, {"it holds for every lead, so it decides nothing; remove it or say what was meant"},
               "this {} is always true", where);
    return;
  }
  if (!is_logical(e)) return;
  for (const auto& a : e.args) visit(ctx, logic, *a, "part of the condition");
}

const char* describe(Place p) {
  switch (p) {
    case Place::let: return "condition";
    case Place::when_rule: return "rule's condition";
    case Place::where_filter: return "filter";
    case Place::stage: return "stage condition";
    case Place::route: return "route condition";
    case Place::lifecycle: return "lifecycle condition";
  }
  return "condition";
}

}  // namespace

void check_conditions(Context& ctx) {
  Logic logic(ctx);
  for (const auto& c : ctx.conditions()) {
    ctx.current_event = c.event;
    visit(ctx, logic, *c.expr, describe(c.place));
  }
  ctx.current_event = -1;
}

}  // namespace baton::linter
