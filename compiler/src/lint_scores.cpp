// L0501-L0505: score hygiene. Rules that repeat one another (the same
// condition after canonical printing: parentheses, spacing, set order and
// consts-by-name aside), decay without a window, scores with no ceiling, and
// a rule's `within` that the block's shorter window makes void.
#include <cmath>
#include <limits>
#include <unordered_map>

#include "lint_internal.hpp"

namespace baton::linter {

namespace {

// What a rule looks at, without its points and cap.
std::string rule_condition(const ast::ScoreRule& rule) {
  if (rule.kind == ast::RuleKind::when) return "when " + canonical(*rule.condition);
  std::string out = "per " + rule.event;
  if (rule.where) out += " where " + canonical(*rule.where);
  if (rule.within) out += " within " + canonical(*rule.within);
  return out;
}

std::string rule_points(Context& ctx, const ast::ScoreRule& rule) {
  std::string out = fmt::format("{}{}", rule.negative ? "-" : "+", ctx.constant_number(*rule.points).value_or(NAN));
  if (rule.max) out += fmt::format(" max {}", ctx.constant_number(*rule.max).value_or(NAN));
  return out;
}

}  // namespace

void check_scores(Context& ctx) {
  for (const auto* score : ctx.checked.scores) {
    std::unordered_map<std::string, const ast::ScoreRule*> seen;
    for (const auto& rule : score->rules) {
      auto [it, inserted] = seen.emplace(rule_condition(rule), &rule);
      if (inserted) continue;
      const auto& first = *it->second;
      std::uint32_t line = ctx.line(first.span);
      if (rule_points(ctx, first) == rule_points(ctx, rule))
        ctx.report("L0501", rule.span, {fmt::format("the rule on line {} is the same; remove one", line)},
                   "duplicate rule in score `{}`: it counts the same thing twice", score->name);
      else
        ctx.report("L0502", rule.span,
                   {fmt::format("line {} gives {} for the same condition; both apply, so the lead gets {} and {}",
                                line, rule_points(ctx, first), rule_points(ctx, first), rule_points(ctx, rule)),
                    "merge them into one rule with the points you mean"},
                   "rule in score `{}` repeats the condition of line {} with other points", score->name, line);
    }
    // Both bound an event's age, so the shorter one counts: a longer `within` reads as a
    // promise the score does not keep.
    auto window = score->window ? ctx.constant_number(*score->window) : std::nullopt;
    for (const auto& rule : score->rules) {
      auto within = rule.within ? ctx.constant_number(*rule.within) : std::nullopt;
      if (window && within && *within > *window)
        ctx.report("L0505", rule.within->span,
                   {fmt::format("the score drops events older than its window first, so the rule counts those of "
                                "the last {} only",
                                ctx.text(*score->window)),
                    "shorten the `within`, or widen the window if older events should count"},
                   "`within {}` is longer than score `{}`'s `window {}`: it has no effect", ctx.text(*rule.within),
                   score->name, ctx.text(*score->window));
    }
    if (score->half_life && !score->window)
      ctx.report("L0503", score->half_life->span,
                 {"decay shrinks old events but still counts every one of them; add `window 90d` (or similar) so "
                  "history is bounded"},
                 "score `{}` decays but has no window", score->name);
    Range r = score_range(ctx, *score);
    if (!score->max && r.hi == std::numeric_limits<double>::infinity())
      ctx.report("L0504", score->name_span,
                 {"a `per` rule without `max` adds points for every event, so a busy lead's score grows without "
                  "bound; add `max N` to the block or to those rules"},
                 "score `{}` has no upper bound", score->name);
  }
}

}  // namespace baton::linter
