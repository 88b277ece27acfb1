// L0201 unreachable-threshold, L0202 threshold-always-met: a comparison of a
// score (or of a sum or difference of scores, lets and constants) with a
// number outside the range the score can ever have.
#include <cmath>
#include <limits>

#include "lint_internal.hpp"

namespace baton::linter {

namespace {

using ast::BinaryOp;
using ast::Expr;
using ast::ExprKind;

constexpr double kInf = std::numeric_limits<double>::infinity();

double clamp_to(double x, std::optional<double> lo, std::optional<double> hi) {
  if (lo && x < *lo) x = *lo;
  if (hi && x > *hi) x = *hi;
  return x;
}

std::string number(double x) {
  if (x == kInf) return "inf";
  if (x == -kInf) return "-inf";
  return fmt::format("{}", x);
}

class Ranges {
 public:
  explicit Ranges(Context& ctx) : ctx_(ctx) {}

  // The range of a numeric expression built from scores with + - and
  // constants; nullopt for anything else. `uses_score` says whether a score
  // took part (a range of constants alone says nothing about the rules).
  std::optional<Range> of(const Expr& e, bool& uses_score) {
    if (auto c = ctx_.constant_number(e)) return Range{*c, *c};
    switch (e.kind) {
      case ExprKind::paren: return of(*e.args[0], uses_score);
      case ExprKind::name:
        if (e.name_kind == ast::NameKind::score && e.resolved >= 0) {
          uses_score = true;
          return score_range(ctx_, *ctx_.checked.scores.at(static_cast<std::size_t>(e.resolved)));
        }
        if (e.name_kind == ast::NameKind::let && e.resolved >= 0 && is_numeric(e.type) && depth_ < 16) {
          ++depth_;
          auto r = of(*ctx_.checked.lets.at(static_cast<std::size_t>(e.resolved))->value, uses_score);
          --depth_;
          return r;
        }
        return std::nullopt;
      case ExprKind::unary:
        if (e.uop == ast::UnaryOp::neg)
          if (auto r = of(*e.args[0], uses_score)) return Range{-r->hi, -r->lo};
        return std::nullopt;
      case ExprKind::binary: {
        if (e.bop != BinaryOp::add && e.bop != BinaryOp::sub && e.bop != BinaryOp::mul) return std::nullopt;
        auto a = of(*e.args[0], uses_score);
        auto b = of(*e.args[1], uses_score);
        if (!a || !b) return std::nullopt;
        if (e.bop == BinaryOp::add) return Range{a->lo + b->lo, a->hi + b->hi};
        if (e.bop == BinaryOp::sub) return Range{a->lo - b->hi, a->hi - b->lo};
        if (a->lo != a->hi && b->lo != b->hi) return std::nullopt;  // only scaling by a constant
        double k = a->lo == a->hi ? a->lo : b->lo;
        Range x = a->lo == a->hi ? *b : *a;
        if (k == 0) return Range{0, 0};
        return k > 0 ? Range{x.lo * k, x.hi * k} : Range{x.hi * k, x.lo * k};
      }
      default: return std::nullopt;
    }
  }

 private:
  Context& ctx_;
  int depth_ = 0;
};

// never / always for `x OP c` with x in r.
std::pair<bool, bool> decide(BinaryOp op, Range r, double c) {
  switch (op) {
    case BinaryOp::ge: return {r.hi < c, r.lo >= c};
    case BinaryOp::gt: return {r.hi <= c, r.lo > c};
    case BinaryOp::le: return {r.lo > c, r.hi <= c};
    case BinaryOp::lt: return {r.lo >= c, r.hi < c};
    case BinaryOp::eq: return {c < r.lo || c > r.hi, r.lo == c && r.hi == c};
    case BinaryOp::ne: return {r.lo == c && r.hi == c, c < r.lo || c > r.hi};
    default: return {false, false};
  }
}

}  // namespace

std::string range_text(Range r) {
  return fmt::format("{}{}, {}{}", r.lo == -kInf ? '(' : '[', number(r.lo), number(r.hi), r.hi == kInf ? ')' : ']');
}

Range score_range(Context& ctx, const ast::ScoreDecl& score) {
  Range r{0, 0};
  for (const auto& rule : score.rules) {
    double points = std::abs(ctx.constant_number(*rule.points).value_or(kInf));
    std::optional<double> cap = rule.max ? ctx.constant_number(*rule.max) : std::nullopt;
    double most = rule.kind == ast::RuleKind::when ? points : kInf;
    if (cap) most = std::min(most, std::abs(*cap));
    if (rule.negative) r.lo -= most;
    else r.hi += most;
  }
  std::optional<double> lo = score.min ? ctx.constant_number(*score.min) : std::nullopt;
  std::optional<double> hi = score.max ? ctx.constant_number(*score.max) : std::nullopt;
  return Range{clamp_to(r.lo, lo, hi), clamp_to(r.hi, lo, hi)};
}

std::optional<Range> value_range(Context& ctx, const Expr& e) {
  Ranges ranges(ctx);
  bool uses_score = false;
  auto r = ranges.of(e, uses_score);
  if (!uses_score) return std::nullopt;
  return r;
}

void check_ranges(Context& ctx) {
  Ranges ranges(ctx);
  auto check = [&](const Expr& e, const Expr& subject, std::pair<bool, bool> verdict, Range r) {
    auto [never, always] = verdict;
    if (!never && !always) return;
    std::string help = subject.kind == ExprKind::name && subject.name_kind == ast::NameKind::score
                           ? fmt::format("the range comes from the rules of score `{}` and its max/min", subject.text)
                           : "the range comes from the rules of the scores involved and their max/min";
    if (never)
      ctx.report("L0201", e.span, {help}, "`{}` is never true: `{}` ranges over {}", ctx.text(e), ctx.text(subject),
                 range_text(r));
    else if (!ctx.maybe_missing(subject))
      ctx.report("L0202", e.span, {help}, "`{}` is always true: `{}` ranges over {}", ctx.text(e), ctx.text(subject),
                 range_text(r));
  };
  ctx.for_each_expr([&](const Expr& e) {
    if (e.kind == ExprKind::between) {
      auto lo = ctx.constant_number(*e.args[1]);
      auto hi = ctx.constant_number(*e.args[2]);
      bool uses_score = false;
      auto r = ranges.of(*e.args[0], uses_score);
      if (!lo || !hi || !r || !uses_score) return;
      check(e, *e.args[0], {r->hi < *lo || r->lo > *hi || *lo > *hi, r->lo >= *lo && r->hi <= *hi}, *r);
      return;
    }
    if (e.kind != ExprKind::binary) return;
    BinaryOp op = e.bop;
    if (op != BinaryOp::lt && op != BinaryOp::le && op != BinaryOp::gt && op != BinaryOp::ge && op != BinaryOp::eq &&
        op != BinaryOp::ne)
      return;
    const Expr* subject = e.args[0].get();
    auto c = ctx.constant_number(*e.args[1]);
    if (!c) {
      c = ctx.constant_number(*e.args[0]);
      subject = e.args[1].get();
      op = mirror(op);
    }
    if (!c || ctx.constant_number(*subject)) return;
    bool uses_score = false;
    auto r = ranges.of(*subject, uses_score);
    if (!r || !uses_score) return;
    check(e, *subject, decide(op, *r, *c), *r);
  });
}

}  // namespace baton::linter
