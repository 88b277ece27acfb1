// L0401-L0403: a value that may be missing, tested in a way where a missing
// value silently decides.
//
// A comparison with a missing value is false. Three shapes turn that into a
// surprise:
//   L0401  under `not` (an odd number of them): `not (budget >= 5000)` is true
//          for a lead without a budget, as if the budget were small;
//   L0402  `!=` and `not in`: `industry != "education"` is false for a lead
//          without an industry, although it is not "education" either;
//   L0403  `<` / `<=` in a stage, a route or a negative rule:
//          `-10 when company_size < 20` never penalises an unknown size.
// An operand is exempt when the condition can only be true with the value
// present anyway: another conjunct beside it tests the same value positively
// (`job_title matches a and not (job_title matches b)`) or with present().
// It is exempt too when the missing case is handled out loud: a disjunct
// beside it is true for a lead without the value (`not present(industry) or
// industry != "education"`, in either order), so the test only decides for
// leads that have one.
// Bool lets are looked into, so `not big_budget` is caught through the let.
#include <set>

#include "lint_internal.hpp"

namespace baton::linter {

namespace {

using ast::BinaryOp;
using ast::Expr;
using ast::ExprKind;

class MissingCheck {
 public:
  explicit MissingCheck(Context& ctx) : ctx_(ctx) {}

  void run(const Condition& c) {
    place_ = c;
    ctx_.current_event = c.event;
    visit(*c.expr, false, {}, nullptr, 0);
    ctx_.current_event = -1;
  }

 private:
  using Guards = std::set<std::string>;

  const Expr* bool_let(const Expr& e) const {
    if (e.kind != ExprKind::name || e.name_kind != ast::NameKind::let || e.type != Type::boolean || e.resolved < 0)
      return nullptr;
    return ctx_.checked.lets.at(static_cast<std::size_t>(e.resolved))->value.get();
  }

  // Values a true `e` guarantees present (looking through and, parentheses
  // and bool lets).
  void guarantees(const Expr& e0, Guards& out, int depth) {
    const Expr& e = unparen(e0);
    if (e.kind == ExprKind::binary && e.bop == BinaryOp::and_) {
      guarantees(*e.args[0], out, depth);
      guarantees(*e.args[1], out, depth);
    } else if ((e.kind == ExprKind::binary && is_comparison(e.bop)) || e.kind == ExprKind::between) {
      for (const auto& a : e.args) out.insert(canonical(*a));
    } else if (e.kind == ExprKind::call && e.aggregate < 0 && e.text == "present" && e.args.size() == 1) {
      out.insert(canonical(*e.args[0]));
    } else if (const Expr* value = bool_let(e); value && depth < 8) {
      guarantees(*value, out, depth + 1);
    } else if (e.type == Type::boolean) {
      out.insert(canonical(e));  // a bool value that is true is present
    }
  }

  // Values whose absence makes a true `e` false for certain: a comparison
  // with a missing operand is false, so is present() of it, and `and` is
  // false when either side is. A missing bool is missing, not false, so a
  // bare bool value guarantees nothing here.
  void false_without(const Expr& e0, Guards& out, int depth) {
    const Expr& e = unparen(e0);
    if (e.kind == ExprKind::binary && e.bop == BinaryOp::and_) {
      false_without(*e.args[0], out, depth);
      false_without(*e.args[1], out, depth);
    } else if (e.kind == ExprKind::binary && e.bop == BinaryOp::or_) {
      Guards left, right;
      false_without(*e.args[0], left, depth);
      false_without(*e.args[1], right, depth);
      for (const auto& v : left)
        if (right.count(v)) out.insert(v);
    } else if ((e.kind == ExprKind::binary && is_comparison(e.bop)) || e.kind == ExprKind::between) {
      for (const auto& a : e.args) out.insert(canonical(*a));
    } else if (e.kind == ExprKind::call && e.aggregate < 0 && e.text == "present" && e.args.size() == 1) {
      out.insert(canonical(*e.args[0]));
    } else if (e.kind == ExprKind::unary && e.uop == ast::UnaryOp::not_) {
      true_without(*e.args[0], out, depth);
    } else if (const Expr* value = bool_let(e); value && depth < 8) {
      false_without(*value, out, depth + 1);
    }
  }

  // Values whose absence makes `e` true for certain: `not present(x)`, and
  // an `or` with such a side (`missing or x` is `x`, so only a true side
  // counts).
  void true_without(const Expr& e0, Guards& out, int depth) {
    const Expr& e = unparen(e0);
    if (e.kind == ExprKind::binary && e.bop == BinaryOp::or_) {
      true_without(*e.args[0], out, depth);
      true_without(*e.args[1], out, depth);
    } else if (e.kind == ExprKind::binary && e.bop == BinaryOp::and_) {
      Guards left, right;
      true_without(*e.args[0], left, depth);
      true_without(*e.args[1], right, depth);
      for (const auto& v : left)
        if (right.count(v)) out.insert(v);
    } else if (e.kind == ExprKind::unary && e.uop == ast::UnaryOp::not_) {
      false_without(*e.args[0], out, depth);
    } else if (const Expr* value = bool_let(e); value && depth < 8) {
      true_without(*value, out, depth + 1);
    }
  }

  // `origin`: the use of a bool let being looked into, where findings go.
  void visit(const Expr& e, bool negated, Guards guards, const Expr* origin, int depth) {
    switch (e.kind) {
      case ExprKind::paren: return visit(*e.args[0], negated, guards, origin, depth);
      case ExprKind::unary:
        if (e.uop == ast::UnaryOp::not_) visit(*e.args[0], !negated, guards, origin, depth);
        return;
      case ExprKind::between: return comparison(e, negated, guards, origin);
      case ExprKind::binary:
        if (e.bop == BinaryOp::and_ && !negated) {
          // Both sides are true whenever this is, so each side is exempted by
          // what the *other* requires; a test never vouches for itself
          // (`size > 5 and r != "x"` still reports `r`).
          Guards left = guards, right = guards;
          guarantees(*e.args[1], left, depth);
          guarantees(*e.args[0], right, depth);
          visit(*e.args[0], negated, left, origin, depth);
          visit(*e.args[1], negated, right, origin, depth);
        } else if (e.bop == BinaryOp::and_ || e.bop == BinaryOp::or_) {
          // Under `or` a side decides only when the other does not hold; one
          // that holds without a value handles the missing case out loud
          // (`not present(x) or x != v`), so a test of that value beside it
          // need not. `not (a and b)` is `not a or not b`: `not a` holds
          // without a value that `a` is false without. `not (a or b)` needs
          // both sides false, so a side true without the value requires it.
          Guards left = guards, right = guards;
          auto handled = [&](const Expr& side, Guards& out) {
            if (e.bop == BinaryOp::and_) false_without(side, out, depth);
            else true_without(side, out, depth);
          };
          handled(*e.args[1], left);
          handled(*e.args[0], right);
          visit(*e.args[0], negated, left, origin, depth);
          visit(*e.args[1], negated, right, origin, depth);
        } else if (is_comparison(e.bop)) {
          comparison(e, negated, guards, origin);
        }
        return;
      case ExprKind::name:
        // Through a let only what the use adds: the let's own body is
        // checked where it is declared.
        if (const Expr* value = bool_let(e); value && depth < 8 && negated && !origin)
          visit(*value, negated, guards, &e, depth + 1);
        return;
      default: return;
    }
  }

  void comparison(const Expr& e, bool negated, const Guards& guards, const Expr* origin) {
    for (std::size_t i = 0; i < e.args.size(); ++i) {
      const Expr& operand = *e.args[i];
      if (ctx_.constant_number(operand) || ctx_.constant_string(operand) || ctx_.constant_bool(operand) ||
          ctx_.constant_items(operand) || ctx_.constant_regex(operand))
        continue;
      if (!ctx_.maybe_missing(operand) || guards.count(canonical(operand))) continue;
      std::string value = ctx_.text(operand);
      if (negated) {
        if (origin)
          ctx_.report("L0401", origin->span,
                      {fmt::format("`{}` is `{}`, which is false when `{}` is missing", origin->text, ctx_.text(e), value),
                       fmt::format("test `present({})` first, or write `({} ?? DEFAULT)`", value, value)},
                      "`not {}` is true when `{}` is missing", origin->text, value);
        else
          ctx_.report("L0401", e.span,
                      {fmt::format("`{}` is false when `{}` is missing, so the `not` around it is true", ctx_.text(e), value),
                       fmt::format("test `present({})` first, or write `({} ?? DEFAULT)`", value, value)},
                      "a lead without `{}` matches this negated test", value);
        return;
      }
      if (origin) return;
      bool excluding = e.kind == ExprKind::binary && (e.bop == BinaryOp::ne || e.bop == BinaryOp::not_in);
      if (excluding) {
        ctx_.report("L0402", e.span,
                    {fmt::format("write `not present({}) or {}` to include them, or `present({}) and ...` to say "
                                 "they are excluded", value, ctx_.text(e), value)},
                    "a lead without `{}` does not match `{}`", value, ctx_.text(e));
        return;
      }
      bool below = e.kind == ExprKind::binary &&
                   (((e.bop == BinaryOp::lt || e.bop == BinaryOp::le) && i == 0) ||
                    ((e.bop == BinaryOp::gt || e.bop == BinaryOp::ge) && i == 1));
      bool decides = place_.place == Place::stage || place_.place == Place::route ||
                     place_.place == Place::lifecycle ||
                     (place_.place == Place::when_rule && place_.negative_points);
      if (below && decides) {
        ctx_.report("L0403", e.span,
                    {fmt::format("write `({} ?? 0)` in its place if a missing value should count as small", value),
                     fmt::format("or `present({})` beside it to make the intent explicit", value)},
                    "a lead without `{}` is not counted by `{}`", value, ctx_.text(e));
        return;
      }
    }
  }

  Context& ctx_;
  Condition place_;
};

}  // namespace

void check_missing(Context& ctx) {
  MissingCheck check(ctx);
  for (const auto& c : ctx.conditions()) check.run(c);
}

}  // namespace baton::linter
