// L0301-L0304: declarations nothing uses; L0305: a const, let or score named
// like a built-in function (fields are exempt: records name them).
//
// Uses are counted from everything that runs or is checked: lets, scores,
// stages, routes, lifecycle conditions, hand-offs and test expectations (and
// the lifecycle's current-stage fields). A let counts as used when something
// used (or exported) reaches it, so a chain of lets that ends nowhere is
// reported at each link. Consts, fields and events count any use at all.
#include <algorithm>

#include "baton/stdlib/registry.hpp"
#include "lint_internal.hpp"

namespace baton::linter {

namespace {

using ast::Expr;
using ast::ExprKind;
using ast::NameKind;

struct Uses {
  std::vector<bool> consts, lets, fields, events;
  const std::vector<std::vector<int>>* groups = nullptr;  // event groups' members
};

void count(const Expr& e, Uses& uses, std::vector<int>& lets_seen) {
  walk(e, [&](const Expr& x) {
    auto at = [](std::vector<bool>& v, int i) {
      if (i >= 0 && static_cast<std::size_t>(i) < v.size()) v[static_cast<std::size_t>(i)] = true;
    };
    if ((x.kind == ExprKind::name || x.kind == ExprKind::member) && x.name_kind == NameKind::lead_field)
      at(uses.fields, x.resolved);
    if (x.kind == ExprKind::name && x.name_kind == NameKind::const_) at(uses.consts, x.resolved);
    if (x.kind == ExprKind::name && x.name_kind == NameKind::let) lets_seen.push_back(x.resolved);
    if (x.kind == ExprKind::call && x.aggregate >= 0) at(uses.events, x.resolved);
    // An event group (an aggregate's, or the name in `among` / `after`) uses every member.
    if ((x.kind == ExprKind::call && x.aggregate >= 0) || (x.kind == ExprKind::name && x.name_kind == NameKind::event_type)) {
      if (x.group >= 0)
        for (int m : uses.groups->at(static_cast<std::size_t>(x.group))) at(uses.events, m);
      else if (x.kind == ExprKind::name)
        at(uses.events, x.resolved);
    }
  });
}

}  // namespace

void check_unused(Context& ctx) {
  const auto& c = ctx.checked;
  Uses uses{std::vector<bool>(c.consts.size()), std::vector<bool>(c.lets.size()), std::vector<bool>(c.lead_fields.size()),
            std::vector<bool>(c.events.size()), &c.group_members};
  // Roots: everything but the lets themselves.
  std::vector<int> reached;
  auto root = [&](const ast::ExprPtr& e) {
    if (e) count(*e, uses, reached);
  };
  for (auto* score : c.scores) {
    root(score->max);
    root(score->min);
    root(score->window);
    root(score->half_life);
    for (auto& rule : score->rules) {
      root(rule.points);
      root(rule.condition);
      root(rule.where);
      root(rule.within);
      root(rule.max);
      for (std::size_t i = 0; i < c.events.size(); ++i)
        if (rule.kind == ast::RuleKind::per && c.events[i]->name == rule.event) uses.events[i] = true;
    }
  }
  if (c.stages)
    for (auto& arm : c.stages->arms) root(arm.condition);
  if (c.routes)
    for (auto& arm : c.routes->arms) {
      root(arm.condition);
      root(arm.target);
      root(arm.within);
      for (auto& step : arm.escalations) {
        root(step.target);
        root(step.after);
      }
    }
  if (c.lifecycle)
    for (auto& path : c.lifecycle->paths) root(path.condition);
  for (auto* handoff : c.handoffs) {
    for (auto& part : handoff->summary) root(part.value);
    for (auto& field : handoff->fields) root(field);
  }
  // The lifecycle reads the CRM's stage, and since when, from the record.
  for (int field : {c.current_stage_field, c.stage_since_field})
    if (field >= 0 && static_cast<std::size_t>(field) < uses.fields.size())
      uses.fields[static_cast<std::size_t>(field)] = true;
  for (auto* t : c.tests)
    for (auto& e : t->expects) root(e);
  for (std::size_t i = 0; i < c.lets.size(); ++i)
    if (c.lets[i]->exported) reached.push_back(static_cast<int>(i));
  // Lets reached from the roots, transitively.
  while (!reached.empty()) {
    int i = reached.back();
    reached.pop_back();
    if (i < 0 || static_cast<std::size_t>(i) >= c.lets.size() || uses.lets[static_cast<std::size_t>(i)]) continue;
    uses.lets[static_cast<std::size_t>(i)] = true;
    count(*c.lets[static_cast<std::size_t>(i)]->value, uses, reached);
  }
  // Unused lets still use what they name: report the let, not its inputs too.
  std::vector<int> ignored;
  for (std::size_t i = 0; i < c.lets.size(); ++i)
    if (!uses.lets[i]) count(*c.lets[i]->value, uses, ignored);

  for (std::size_t i = 0; i < c.consts.size(); ++i)
    if (!uses.consts[i])
      ctx.report("L0301", c.consts[i]->name_span, {"remove it, or use it where it was meant to be used"},
                 "const `{}` is never used", c.consts[i]->name);
  for (std::size_t i = 0; i < c.lets.size(); ++i)
    if (!uses.lets[i])
      ctx.report("L0302", c.lets[i]->name_span,
                 {"nothing that decides a score, stage or route reads it; remove it, or `export` it to see it in "
                  "every decision"},
                 "let `{}` is never used", c.lets[i]->name);
  for (std::size_t i = 0; i < c.lead_fields.size(); ++i)
    if (!uses.fields[i])
      ctx.report("L0303", c.lead_fields[i]->name_span,
                 {"it is only read from the records; that is fine when `--strict` should accept it"},
                 "lead field `{}` is never used by the rules", c.lead_fields[i]->name);
  for (std::size_t i = 0; i < c.events.size(); ++i)
    if (!uses.events[i])
      ctx.report("L0304", c.events[i]->name_span, {"no score rule or aggregate looks at these events"},
                 "event `{}` is never used by the rules", c.events[i]->name);

  const auto& registry = stdlib::builtins();
  auto shadow = [&](const std::string& name, SourceSpan span, std::string_view what) {
    if (registry.overloads(name).empty()) return;
    ctx.report("L0305", span, {fmt::format("`{}(...)` is still the function; rename the {} to avoid confusion", name, what)},
               "{} `{}` has the name of a built-in function", what, name);
  };
  for (auto* k : c.consts) shadow(k->name, k->name_span, "const");
  for (auto* l : c.lets) shadow(l->name, l->name_span, "let");
  for (auto* s : c.scores) shadow(s->name, s->name_span, "score");
}

}  // namespace baton::linter
