// L0801-L0804: the lifecycle's moves as a graph over the stages; L0805: its
// since field, where follow-ups count from.
//
// Each checked move `a -> b` is an edge; `any -> b` is an edge into b from
// every stage. Reachability here ignores conditions (all of them true): a
// finding says a move is impossible whatever the lead does, never that it is
// merely unlikely.
//
// The funnel's order is the lifecycle's first line that does not start with
// `any` (the success path, `lead -> mql -> sql -> customer`). A stage before
// X on it is behind X: rules that choose it for a lead in X are the
// hold-back the lifecycle exists for, and are not reported.
#include <algorithm>

#include "lint_internal.hpp"

namespace baton::linter {

namespace {

struct Graph {
  std::size_t n = 0;
  std::vector<std::vector<int>> out;  // explicit moves from each stage
  std::vector<int> from_any;          // targets of `any -> b`
  std::vector<bool> entered;          // some move leads into the stage
  std::vector<bool> starts;           // the stage starts a lifecycle line
  std::vector<int> order;             // position on the funnel's order, -1 when off it

  // The stages a lead in `from` can reach, every condition taken as true;
  // `with_any` adds the `any` moves.
  std::vector<bool> reach(int from, bool with_any) const {
    std::vector<bool> seen(n, false);
    std::vector<int> queue{from};
    seen[static_cast<std::size_t>(from)] = true;
    auto visit = [&](int to) {
      if (!seen[static_cast<std::size_t>(to)]) {
        seen[static_cast<std::size_t>(to)] = true;
        queue.push_back(to);
      }
    };
    for (std::size_t head = 0; head < queue.size(); ++head) {
      for (int to : out[static_cast<std::size_t>(queue[head])]) visit(to);
      if (with_any)
        for (int to : from_any) visit(to);
    }
    return seen;
  }
};

Graph build(const CheckedFile& checked) {
  Graph g;
  g.n = checked.stage_heads.size();
  g.out.assign(g.n, {});
  g.entered.assign(g.n, false);
  g.starts.assign(g.n, false);
  g.order.assign(g.n, -1);
  for (const auto& move : checked.moves) {
    if (move.to < 0 || static_cast<std::size_t>(move.to) >= g.n) continue;
    g.entered[static_cast<std::size_t>(move.to)] = true;
    if (move.from < 0) g.from_any.push_back(move.to);
    else if (static_cast<std::size_t>(move.from) < g.n) g.out[static_cast<std::size_t>(move.from)].push_back(move.to);
  }
  // A line's first stage, looked up by name (the checker keeps indexes per move only).
  auto index_of = [&](const std::string& name) {
    const auto& heads = checked.stage_heads;
    for (std::size_t i = 0; i < heads.size(); ++i)
      if (heads[i]->name == name) return static_cast<int>(i);
    return -1;
  };
  bool ordered = false;
  for (const auto& path : checked.lifecycle->paths) {
    if (path.stages.empty() || path.stages.front() == "any") continue;
    if (int s = index_of(path.stages.front()); s >= 0) g.starts[static_cast<std::size_t>(s)] = true;
    if (ordered) continue;
    ordered = true;
    int position = 0;
    for (const auto& name : path.stages)
      if (int s = index_of(name); s >= 0 && g.order[static_cast<std::size_t>(s)] < 0)
        g.order[static_cast<std::size_t>(s)] = position++;
  }
  return g;
}

std::string names(const std::vector<const ast::StageArm*>& stages, const std::vector<int>& which) {
  std::string out;
  for (std::size_t i = 0; i < which.size(); ++i)
    out += fmt::format("{}`{}`", i == 0 ? "" : i + 1 == which.size() ? " and " : ", ",
                       stages[static_cast<std::size_t>(which[i])]->name);
  return out;
}

// " (`lead -> mql -> sql`)": the funnel's order as written, when there is one.
std::string funnel(const Context& ctx, const Graph& g) {
  std::vector<int> stages;
  for (std::size_t s = 0; s < g.n; ++s)
    if (g.order[s] >= 0) stages.push_back(static_cast<int>(s));
  if (stages.empty()) return {};
  std::sort(stages.begin(), stages.end(), [&](int a, int b) { return g.order[a] < g.order[b]; });
  std::string out = " (`";
  for (std::size_t i = 0; i < stages.size(); ++i)
    out += (i ? " -> " : "") + ctx.checked.stage_heads[static_cast<std::size_t>(stages[i])]->name;
  return out + "`)";
}

// L0801: nothing leads into the stage and no line starts there.
void unreachable_stages(Context& ctx, const Graph& g) {
  const auto& arms = ctx.checked.stage_heads;  // per stage, its first arm
  for (std::size_t s = 0; s < g.n; ++s) {
    if (g.entered[s] || g.starts[s]) continue;
    ctx.report("L0801", arms[s]->name_span,
               {"only a lead with no current stage can enter it; a lead the CRM already has stays where it is",
                fmt::format("add a move into it: `any -> {}`, or from the stage it follows", arms[s]->name)},
               "no lifecycle move leads into stage `{}`", arms[s]->name);
  }
}

// L0802: the rules can choose Y, but a lead in a stage X of the funnel's
// order, with Y not behind X, can never get there.
void forbidden_moves(Context& ctx, const Graph& g) {
  const auto& arms = ctx.checked.stage_heads;  // per stage, its first arm
  std::vector<std::vector<bool>> reach;
  for (std::size_t x = 0; x < g.n; ++x) reach.push_back(g.reach(static_cast<int>(x), /*with_any=*/true));
  for (std::size_t y = 0; y < g.n; ++y) {
    if (!g.entered[y] && !g.starts[y]) continue;  // L0801
    std::vector<int> stuck;
    for (std::size_t x = 0; x < g.n; ++x) {
      if (x == y || g.order[x] < 0) continue;
      if (g.order[y] >= 0 && g.order[y] < g.order[x]) continue;  // behind x: the intended hold-back
      if (!reach[x][y]) stuck.push_back(static_cast<int>(x));
    }
    if (stuck.empty()) continue;
    std::sort(stuck.begin(), stuck.end(), [&](int a, int b) { return g.order[a] < g.order[b]; });
    const std::string& first = arms[static_cast<std::size_t>(stuck.front())]->name;
    ctx.report("L0802", arms[y]->name_span,
               {fmt::format("no path of lifecycle moves leads from {} to `{}`, even with every `when` true: when "
                            "the rules say `{}` for such a lead, it stays where it is",
                            names(ctx.checked.stage_heads, stuck), arms[y]->name, arms[y]->name),
                fmt::format("allow the move (`{} -> {} when ...`), or allow this lint on the arm if they are "
                            "meant to stay",
                            first, arms[y]->name)},
               "the rules can choose `{}`, but the lifecycle never lets a lead in {} move there", arms[y]->name,
               names(ctx.checked.stage_heads, stuck));
  }
}

// L0803: stages that reach each other (two or more) with no explicit move out.
// A loop through a stage of the funnel's order is the funnel itself (a lead
// that reached its end, or customer <-> evangelist), not a detour: skipped.
void closed_loops(Context& ctx, const Graph& g) {
  std::vector<std::vector<bool>> reach;
  for (std::size_t s = 0; s < g.n; ++s) reach.push_back(g.reach(static_cast<int>(s), /*with_any=*/false));
  std::vector<bool> done(g.n, false);
  for (std::size_t s = 0; s < g.n; ++s) {
    if (done[s]) continue;
    std::vector<int> loop;
    for (std::size_t t = 0; t < g.n; ++t)
      if (reach[s][t] && reach[t][s]) loop.push_back(static_cast<int>(t));
    for (int t : loop) done[static_cast<std::size_t>(t)] = true;
    if (loop.size() < 2) continue;
    if (std::any_of(loop.begin(), loop.end(), [&](int t) { return g.order[static_cast<std::size_t>(t)] >= 0; }))
      continue;
    auto inside = [&](int t) { return std::find(loop.begin(), loop.end(), t) != loop.end(); };
    bool exit = false;
    for (int t : loop)
      for (int to : g.out[static_cast<std::size_t>(t)]) exit = exit || !inside(to);
    if (exit) continue;
    // Reported on the first lifecycle line with a move inside the loop.
    const ast::LifecyclePath* at = nullptr;
    for (const auto& move : ctx.checked.moves)
      if (move.from >= 0 && inside(move.from) && inside(move.to)) {
        at = move.path;
        break;
      }
    if (!at) continue;
    ctx.report("L0803", at->span,
               {"`any -> ...` moves do not count as a way out: they leave every stage",
                fmt::format("add a move from one of them back into the funnel{}", funnel(ctx, g))},
               "{} move between each other and no move leads out: a lead that enters the loop never leaves it",
               names(ctx.checked.stage_heads, loop));
  }
}

// L0804: a hand-off for a stage that no move leads into.
void handoffs_for_new_leads(Context& ctx, const Graph& g) {
  for (std::size_t h = 0; h < ctx.checked.handoffs.size() && h < ctx.checked.handoff_stage.size(); ++h) {
    int s = ctx.checked.handoff_stage[h];
    if (s < 0 || static_cast<std::size_t>(s) >= g.n || g.entered[static_cast<std::size_t>(s)]) continue;
    const ast::HandoffDecl& decl = *ctx.checked.handoffs[h];
    ctx.report("L0804", decl.stage_span,
               {"a hand-off is sent when a lead enters its stage; without a move into it, only leads with no "
                "current stage ever enter",
                fmt::format("add a move into `{}` if leads the CRM already has should be handed off too", decl.stage)},
               "the hand-off for `{}` is sent only for new leads: no lifecycle move leads into `{}`", decl.stage,
               decl.stage);
  }
}

// L0805: a lead that stays in its stage keeps its deadline only when the
// record says since when it is there; without a since field every re-score
// counts the follow-up from as_of again, and no deadline ever passes.
void follow_up_without_since(Context& ctx) {
  if (ctx.checked.stage_since_field >= 0 || !ctx.checked.routes) return;
  for (const ast::RouteArm& arm : ctx.checked.routes->arms) {
    if (!arm.within && arm.escalations.empty()) continue;
    const ast::LifecycleDecl& lc = *ctx.checked.lifecycle;
    std::vector<std::string> help{
        "a lead that stays in its stage is given a new deadline, counted from as_of, every time it is scored"};
    // The conventional name declared with another type is not read at all.
    const std::string since = lc.since_field.empty() ? "current_stage_since" : lc.since_field;
    for (const ast::FieldDecl* field : ctx.checked.lead_fields)
      if (field->name == since)
        help.push_back(fmt::format("`{}` is declared as {}: the lifecycle reads since when only from a time field",
                                   since, type_name(field->type.type)));
    help.push_back(fmt::format("declare `current_stage_since: time?` in the lead block (when the lead entered the stage "
                               "the CRM holds), or name such a field with `lifecycle from {} since FIELD`",
                               lc.from_field.empty() ? "current_stage" : lc.from_field));
    ctx.report("L0805", arm.span, help,
               "this follow-up never falls due for a lead that stays in its stage: the lifecycle reads no since field");
    return;  // once: the cure is one field
  }
}

}  // namespace

void check_lifecycle(Context& ctx) {
  if (!ctx.checked.lifecycle || !ctx.checked.stages) return;
  Graph g = build(ctx.checked);
  unreachable_stages(ctx, g);
  forbidden_moves(ctx, g);
  closed_loops(ctx, g);
  handoffs_for_new_leads(ctx, g);
  follow_up_without_since(ctx);
}

}  // namespace baton::linter
