// L0101-L0104: which stage and route arms can ever be chosen.
//
// Stage arm b is unreachable when every record that makes b's condition true
// also makes an earlier arm's condition true (first match wins). A route arm
// applies only to leads of its stage, so it is compared with the earlier arms
// of the same stage, and intersected with the stage's own condition.
//
// With a lifecycle the decision's stage is not always the one the rules
// chose: a lead the CRM holds in a stage stays there when no allowed move
// leads to the rules' stage ("held"), whatever the stage's own condition
// says. So a route arm of a stage that can hold leads is compared with the
// earlier arms only, and a stage the rules never choose still gets routes.
#include <algorithm>

#include "lint_logic.hpp"

namespace baton::linter {

namespace {

std::string list_names(const std::vector<std::string>& names) {
  std::string out;
  std::size_t shown = std::min<std::size_t>(names.size(), 3);
  for (std::size_t i = 0; i < shown; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > shown) out += fmt::format(" and {} more", names.size() - shown);
  return out;
}

// The fewest earlier arms (greedily) that still cover `t`, for the message.
std::vector<std::size_t> needed(const Logic& logic, const Dnf& t, const std::vector<const Dnf*>& arms,
                                std::vector<std::size_t> candidates) {
  for (std::size_t i = 0; i < candidates.size();) {
    std::vector<Term> rest;
    for (std::size_t j = 0; j < candidates.size(); ++j)
      if (j != i) rest.insert(rest.end(), arms[candidates[j]]->terms.begin(), arms[candidates[j]]->terms.end());
    if (!rest.empty() && logic.covered(t, rest)) candidates.erase(candidates.begin() + static_cast<std::ptrdiff_t>(i));
    else ++i;
  }
  return candidates;
}

Dnf condition_of(Logic& logic, const ast::ExprPtr& e) {
  return e ? logic.eval(*e).t : Dnf::always();
}

// Per stage: can a lead be held in it? Not when its unconditional moves
// (with `any -> x`) lead on to every other stage, since then every stage the
// rules choose is entered; a conditional move may not hold, so it is not
// counted. Without a lifecycle no lead is ever held.
std::vector<bool> may_hold(const CheckedFile& checked) {
  std::size_t n = checked.stage_heads.size();
  std::vector<bool> holds(n, false);
  if (!checked.lifecycle) return holds;
  auto unconditional = [](const CheckedFile::Move& m) { return !m.path || !m.path->condition; };
  for (std::size_t from = 0; from < n; ++from) {
    std::vector<bool> seen(n, false);
    std::vector<std::size_t> queue{from};
    seen[from] = true;
    for (std::size_t head = 0; head < queue.size(); ++head)
      for (const auto& m : checked.moves) {
        if (!unconditional(m) || m.to < 0 || static_cast<std::size_t>(m.to) >= n) continue;
        if (m.from >= 0 && static_cast<std::size_t>(m.from) != queue[head]) continue;
        if (seen[static_cast<std::size_t>(m.to)]) continue;
        seen[static_cast<std::size_t>(m.to)] = true;
        queue.push_back(static_cast<std::size_t>(m.to));
      }
    holds[from] = std::find(seen.begin(), seen.end(), false) != seen.end();
  }
  return holds;
}

}  // namespace

void check_reachability(Context& ctx) {
  if (!ctx.checked.stages) return;
  Logic logic(ctx, /*use_ranges=*/true);
  const auto& arms = ctx.checked.stages->arms;
  std::vector<Dnf> stage_true;
  std::vector<bool> unreachable(arms.size(), false);
  for (std::size_t i = 0; i < arms.size(); ++i) {
    const auto& arm = arms[i];
    stage_true.push_back(condition_of(logic, arm.condition));
    const Dnf& t = stage_true.back();
    if (logic.impossible(t)) {  // reported as L0105 or L0201 on the condition itself
      unreachable[i] = true;
      continue;
    }
    std::vector<Term> earlier;
    std::vector<const Dnf*> all;
    std::vector<std::size_t> overlapping;
    for (std::size_t j = 0; j < i; ++j) {
      all.push_back(&stage_true[j]);
      if (stage_true[j].unknown || !logic.overlaps(stage_true[j], t)) continue;
      earlier.insert(earlier.end(), stage_true[j].terms.begin(), stage_true[j].terms.end());
      overlapping.push_back(j);
    }
    if (earlier.empty() || !logic.covered(t, earlier)) continue;
    unreachable[i] = true;
    std::vector<std::string> culprits;
    for (std::size_t j : needed(logic, t, all, overlapping))
      culprits.push_back(fmt::format("`{}` (line {})", arms[j].name, ctx.line(arms[j].span)));
    ctx.report("L0101", arm.name_span,
               {fmt::format("every lead it would match is taken first by {}", list_names(culprits)),
                "remove the arm, or move it above the arms that cover it"},
               "stage `{}` can never be reached: earlier arms already match every lead it matches", arm.name);
  }

  if (!ctx.checked.routes) return;
  // Per stage: chosen when any of its arms matches (the union of their
  // conditions), unreachable when every arm is.
  const auto& heads = ctx.checked.stage_heads;
  std::vector<Dnf> chosen(heads.size(), Dnf::never());
  std::vector<bool> never_chosen(heads.size(), true);
  for (std::size_t i = 0; i < arms.size() && i < ctx.checked.arm_stage.size(); ++i) {
    auto s = static_cast<std::size_t>(ctx.checked.arm_stage[i]);
    if (unreachable[i]) continue;
    never_chosen[s] = false;
    chosen[s].unknown = chosen[s].unknown || stage_true[i].unknown;
    chosen[s].terms.insert(chosen[s].terms.end(), stage_true[i].terms.begin(), stage_true[i].terms.end());
  }
  const std::vector<bool> held = may_hold(ctx.checked);
  const auto& routes = ctx.checked.routes->arms;
  // An arm whose destination can be missing lets the lead fall through to the
  // next arm, so it never covers the arms after it.
  std::vector<bool> falls_through;
  for (const auto& arm : routes) falls_through.push_back(ctx.maybe_missing(*arm.target));
  std::vector<Dnf> route_true;
  std::vector<bool> routed(heads.size(), false);
  for (std::size_t r = 0; r < routes.size(); ++r) {
    const auto& arm = routes[r];
    route_true.push_back(condition_of(logic, arm.condition));
    int s = r < ctx.checked.route_stage.size() ? ctx.checked.route_stage[r] : -1;
    if (s < 0) continue;
    auto stage = static_cast<std::size_t>(s);
    routed[stage] = true;
    if (never_chosen[stage] && !held[stage]) {
      ctx.report("L0104", arm.stage_span, {"remove the route, or make the stage reachable"},
                 "this route never applies: stage `{}` can never be reached", arm.stage);
      continue;
    }
    const Dnf& own = route_true.back();
    if (logic.impossible(own)) continue;  // L0105 or L0201
    Dnf reach = chosen[stage].unknown || held[stage] ? own : logic.conj(chosen[stage], own);
    if (logic.impossible(reach)) {
      ctx.report("L0102", arm.span,
                 {fmt::format("stage `{}` (line {}) is chosen only when its own condition holds",
                              heads[stage]->name, ctx.line(heads[stage]->span))},
                 "this route never applies: its condition contradicts the condition of stage `{}`", arm.stage);
      continue;
    }
    std::vector<Term> earlier;
    std::vector<const Dnf*> all;
    std::vector<std::size_t> overlapping;
    for (std::size_t q = 0; q < r; ++q) {
      all.push_back(&route_true[q]);
      if (q >= ctx.checked.route_stage.size() || ctx.checked.route_stage[q] != s || route_true[q].unknown ||
          falls_through[q] ||
          !logic.overlaps(route_true[q], reach))
        continue;
      earlier.insert(earlier.end(), route_true[q].terms.begin(), route_true[q].terms.end());
      overlapping.push_back(q);
    }
    if (earlier.empty() || !logic.covered(reach, earlier)) continue;
    std::vector<std::string> culprits;
    for (std::size_t q : needed(logic, reach, all, overlapping))
      culprits.push_back(fmt::format("line {}", ctx.line(routes[q].span)));
    ctx.report("L0102", arm.span,
               {fmt::format("every `{}` lead it would match is routed first by the arm on {}", arm.stage,
                            list_names(culprits)),
                "remove the arm, or move it above the arms that cover it"},
               "this route never applies: earlier `{}` routes already take every lead it matches", arm.stage);
  }
  for (std::size_t i = 0; i < heads.size(); ++i)
    if (!routed[i] && !never_chosen[i])
      ctx.report("L0103", heads[i]->name_span,
                 {fmt::format("a `{}` lead gets `\"route\": null`; add `{} -> \"...\"` if someone should follow up",
                              heads[i]->name, heads[i]->name)},
                 "no route handles stage `{}`", heads[i]->name);
}

}  // namespace baton::linter
