// Declarations: collecting names, schema and score checks, stages and routes,
// and the order in which lets and scores are evaluated.
#include <algorithm>
#include <cmath>
#include <functional>

#include "checker.hpp"

namespace baton {

CheckedFile check(ast::File& file, const SourceFile& source, Diagnostics& out) {
  return checker::Checker(file, source, out).run();
}

namespace checker {

namespace {
// The largest points a rule may give (docs/language.md, Scores).
constexpr double kMaxPoints = 1e15;
}  // namespace

Checker::Checker(ast::File& file, const SourceFile& source, Diagnostics& out)
    : file_(file), source_(source), out_(out), registry_(stdlib::builtins()) {}

std::string Checker::did_you_mean(std::string_view wrong, const std::vector<std::string>& candidates) const {
  // A file with thousands of errors gets hints on the first ones only: each
  // hint scans every candidate name.
  if (++hints_given_ > 200) return {};
  std::string best = closest_name(wrong, candidates);
  return best.empty() ? std::string() : fmt::format("did you mean `{}`?", best);
}

void Checker::declare(const std::string& name, SourceSpan span, Symbol symbol, bool exported_let) {
  symbol.declared = span;
  auto [it, inserted] = globals_.emplace(name, symbol);
  if (!inserted) {
    auto at = source_.position(it->second.declared.begin);
    std::vector<std::string> help{fmt::format("`{}` was first declared on line {}", name, at.line)};
    if (exported_let && it->second.kind == ast::NameKind::lead_field)
      help.push_back(fmt::format("to export the lead field as it is, write `export let {} = {}`", name, name));
    error("E0104", span, std::move(help), "`{}` is declared twice", name);
  }
}

CheckedFile Checker::run() {
  collect();
  check_groups();
  for (auto* field : result_.lead_fields) check_field(*field, "lead");
  for (auto* event : result_.events)
    for (auto& field : event->fields) check_field(field, event->name);
  for (auto* c : result_.consts) check_const(const_cast<ast::ConstDecl&>(*c));
  int lets = static_cast<int>(result_.lets.size());
  depends_.assign(result_.lets.size() + result_.scores.size(), {});
  let_state_.assign(result_.lets.size(), 0);
  for (int i = 0; i < lets; ++i) ensure_let(i);
  for (int i = 0; i < static_cast<int>(result_.scores.size()); ++i)
    check_score(const_cast<ast::ScoreDecl&>(*result_.scores[i]), i);
  check_stages();
  check_calendars();
  check_routes();
  check_lifecycle();
  check_handoffs();
  order_lets_and_scores();
  for (auto* t : result_.tests) check_test(const_cast<ast::TestDecl&>(*t));
  return std::move(result_);
}

// First pass: every declaration's name, so uses may precede declarations.
void Checker::collect() {
  const ast::LeadDecl* lead = nullptr;
  for (auto& decl : file_.decls) {
    if (auto* l = std::get_if<ast::LeadDecl>(&decl)) {
      if (lead) error("E0303", l->span, {"merge the fields into one `lead { }` block"}, "a file has one lead block");
      lead = l;
      for (auto& f : l->fields) {
        declare(f.name, f.name_span,
                {ast::NameKind::lead_field, static_cast<int>(result_.lead_fields.size()), f.type.type, {}});
        result_.lead_fields.push_back(&f);
      }
    } else if (auto* e = std::get_if<ast::EventDecl>(&decl); e && !e->members.empty()) {
      collect_group(*e);
    } else if (auto* e = std::get_if<ast::EventDecl>(&decl)) {
      int index = static_cast<int>(result_.events.size());
      declare(e->name, e->name_span, {ast::NameKind::event_type, index, Type::invalid, {}});
      event_index_.emplace(e->name, index);
      result_.events.push_back(e);
    } else if (auto* c = std::get_if<ast::ConstDecl>(&decl)) {
      declare(c->name, c->name_span,
              {ast::NameKind::const_, static_cast<int>(result_.consts.size()), Type::invalid, {}});
      result_.consts.push_back(c);
    } else if (auto* let = std::get_if<ast::LetDecl>(&decl)) {
      // `export let company = company` exports a field (or const) under its own
      // name: the let declares no new name, so `company` still means the field.
      bool reexport = let->exported && let->value && let->value->kind == ast::ExprKind::name &&
                      let->value->text == let->name;
      if (!reexport)
        declare(let->name, let->name_span,
                {ast::NameKind::let, static_cast<int>(result_.lets.size()), Type::invalid, {}}, let->exported);
      result_.lets.push_back(let);
    } else if (auto* s = std::get_if<ast::ScoreDecl>(&decl)) {
      declare(s->name, s->name_span,
              {ast::NameKind::score, static_cast<int>(result_.scores.size()), Type::number, {}});
      result_.scores.push_back(s);
    } else if (auto* st = std::get_if<ast::StagesDecl>(&decl)) {
      if (result_.stages) error("E0303", st->span, {"list every stage in one `stages { }` block"}, "a file has one stages block");
      else result_.stages = st;
    } else if (auto* r = std::get_if<ast::RoutesDecl>(&decl)) {
      if (result_.routes) error("E0303", r->span, {"list every route in one `routes { }` block"}, "a file has one routes block");
      else result_.routes = r;
    } else if (auto* t = std::get_if<ast::TestDecl>(&decl)) {
      result_.tests.push_back(t);
    } else if (auto* lc = std::get_if<ast::LifecycleDecl>(&decl)) {
      if (result_.lifecycle) error("E0303", lc->span, {"list every move in one `lifecycle { }` block"}, "a file has one lifecycle block");
      else result_.lifecycle = lc;
    } else if (auto* h = std::get_if<ast::HandoffDecl>(&decl)) {
      result_.handoffs.push_back(h);
    } else if (auto* hl = std::get_if<ast::HolidaysDecl>(&decl)) {
      if (!holidays_index_.emplace(hl->name, static_cast<int>(result_.holiday_lists.size())).second)
        error("E0104", hl->name_span, {}, "holiday list `{}` is declared twice", hl->name);
      result_.holiday_lists.push_back(hl);
    } else if (auto* cal = std::get_if<ast::CalendarDecl>(&decl)) {
      if (!calendar_index_.emplace(cal->name, static_cast<int>(result_.calendars.size())).second)
        error("E0104", cal->name_span, {}, "calendar `{}` is declared twice", cal->name);
      result_.calendars.push_back(cal);
    }
  }
  if (!result_.stages)
    error("E0303", file_.header_span, {"add a `stages { ... NAME otherwise }` block"}, "the SLA has no stages block");
  else
    for (const auto& arm : result_.stages->arms) {
      auto [it, inserted] = stage_index_.emplace(arm.name, static_cast<int>(result_.stage_heads.size()));
      if (inserted) result_.stage_heads.push_back(&arm);
      result_.arm_stage.push_back(it->second);
    }
}

// The value of a checked numeric or duration constant (a literal, a negated
// literal or a const's name); 0 when it is not one.
double Checker::constant_value(const ast::Expr& e) const {
  const ast::Expr* v = &e;
  while (v->kind == ast::ExprKind::name && v->name_kind == ast::NameKind::const_ && v->resolved >= 0)
    v = result_.consts[v->resolved]->value.get();
  while (v->kind == ast::ExprKind::paren) v = v->args[0].get();
  if (v->kind == ast::ExprKind::unary) return -constant_value(*v->args[0]);
  if (v->kind == ast::ExprKind::number_lit) return v->number_value;
  return static_cast<double>(v->int_value);
}

// Lets are typed on first use, so a let may use one declared further down.
Type Checker::ensure_let(int i) {
  auto& let = const_cast<ast::LetDecl&>(*result_.lets[i]);
  if (let_state_[i] == 1) return Type::invalid;  // a cycle; reported by order_lets_and_scores
  if (let_state_[i] == 0) {
    // Typing follows uses depth-first; a chain of lets deeper than this would
    // exhaust the stack (no real SLA comes near it).
    if (let_depth_ >= kMaxLetDepth) {
      error("E0402", let.name_span, {"split the chain, or compute it in fewer steps"},
            "`{}` ends a chain of more than {} lets that depend on each other", let.name, kMaxLetDepth);
      too_deep_ = true;
      let_state_[i] = 2;
      return Type::invalid;
    }
    ++let_depth_;
    let_state_[i] = 1;
    Scope scope;
    scope.depends_from = i;
    Type t = expr(*let.value, scope);
    if (t == Type::event_ref) {
      error("E0211", let.value->span, {"take a field of the event, e.g. `last(page_view).at`"},
            "a let cannot hold a whole event");
      t = Type::invalid;
    }
    globals_[let.name].type = t;
    let_state_[i] = 2;
    --let_depth_;
  }
  return globals_[let.name].type;
}

void Checker::check_field(const ast::FieldDecl& field, std::string_view owner) {
  // A record's "id" member is its id (decisions and errors carry it), never
  // a field, so a lead field of that name could never be given either.
  if (field.name == "id" && owner == "lead")
    error("E0104", field.name_span, {"call it something else, e.g. `crm_id`; every decision carries the record's id"},
          "`id` is the record's id in every lead record; the lead cannot declare it as a field");
  // Records name an event's type with its "type" member, so such a field
  // could never be given: every event would miss it.
  if (field.name == "type" && owner != "lead")
    error("E0104", field.name_span, {"call it something else, e.g. `kind`"},
          "`type` names the event type in every record; an event cannot declare it as a field");
  if (!field.default_value) return;
  if (field.optional)
    error("E0208", field.default_value->span, {"drop the `?`: a field with a default is never missing"},
          "field `{}` is optional and has a default", field.name);
  auto& value = const_cast<ast::Expr&>(*field.default_value);
  Type t = expr(value, Scope{});
  if (t != Type::invalid && t != field.type.type && !(t == Type::int_ && field.type.type == Type::number))
    error("E0208", value.span, {}, "the default of `{}` is {}, but the field is {}", field.name, type_name(t),
          type_name(field.type.type));
  if (value.kind == ast::ExprKind::name || value.kind == ast::ExprKind::call || value.kind == ast::ExprKind::binary)
    error("E0206", value.span, {"write a literal such as 0, \"\", false or 30d"}, "a default must be a literal");
}

void Checker::check_const(ast::ConstDecl& c) {
  Type t = expr(*c.value, Scope{});
  auto kind = c.value->kind;
  bool literal = kind != ast::ExprKind::name && kind != ast::ExprKind::call && kind != ast::ExprKind::binary &&
                 kind != ast::ExprKind::member && kind != ast::ExprKind::between && kind != ast::ExprKind::paren &&
                 !(kind == ast::ExprKind::unary && c.value->uop == ast::UnaryOp::not_);
  if (!literal && t != Type::invalid) {
    error("E0206", c.value->span, {fmt::format("use `let {} = ...` for a computed value", c.name)},
          "a const must be a literal");
    t = Type::invalid;
  }
  globals_[c.name].type = t;
}

void Checker::check_score(ast::ScoreDecl& score, int index) {
  int node = static_cast<int>(result_.lets.size()) + index;
  // Values are compared only once each is a constant of its type (a let as a
  // window is E0206 alone, not also "a window must be longer than zero").
  const bool max = score.max && constant(*score.max, {Type::int_, Type::number}, "a score's max");
  const bool min = score.min && constant(*score.min, {Type::int_, Type::number}, "a score's min");
  const bool window = score.window && constant(*score.window, {Type::duration}, "a score's window");
  if (score.half_life && constant(*score.half_life, {Type::duration}, "a half-life") &&
      constant_value(*score.half_life) <= 0)
    error("E0305", score.half_life->span, {"write a positive duration such as 21d; leave `decay` out for no decay"},
          "a half-life must be longer than zero");
  if (window && constant_value(*score.window) <= 0)
    error("E0305", score.window->span, {"write a positive duration such as 90d"}, "a window must be longer than zero");
  if (min && max && constant_value(*score.min) > constant_value(*score.max))
    error("E0305", score.min->span, {"swap them, or drop one"}, "the score's min ({}) is above its max ({})",
          constant_value(*score.min), constant_value(*score.max));
  for (auto& rule : score.rules) {
    // Bounded so that no score total can overflow to infinity: 1e15 points
    // per event over millions of events and thousands of rules stays finite.
    if (constant(*rule.points, {Type::int_, Type::number}, "points") &&
        std::fabs(constant_value(*rule.points)) > kMaxPoints)
      error("E0305", rule.points->span, {"points are at most 1000000000000000 (10^15) either way"},
            "points {} are too large", constant_value(*rule.points));
    if (rule.max && constant(*rule.max, {Type::int_, Type::number}, "a rule's max") && constant_value(*rule.max) < 0)
      error("E0305", rule.max->span, {"a rule's max caps the size of its total, so it is 0 or more"},
            "a rule's max cannot be negative");
    if (rule.kind == ast::RuleKind::when) {
      Scope scope;
      scope.depends_from = node;
      condition(*rule.condition, scope, "a rule's condition");
      continue;
    }
    auto it = event_index_.find(rule.event);
    if (it == event_index_.end() && group_index_.count(rule.event)) {
      error("E0213", rule.event_span,
            {fmt::format("write a rule per event type, or count the group in a let and score that: "
                         "+5 when count({} within 30d) >= 3", rule.event)},
            "a `per` rule counts one event type, and `{}` is a group", rule.event);
      continue;
    }
    if (it == event_index_.end()) {
      std::vector<std::string> names;
      for (auto* e : result_.events) names.push_back(e->name);
      std::string hint = did_you_mean(rule.event, names);
      error("E0102", rule.event_span, hint.empty() ? std::vector<std::string>{} : std::vector{hint},
            "unknown event `{}`", rule.event);
      continue;
    }
    if (rule.within) constant(*rule.within, {Type::duration}, "`within`");
    if (rule.where) {
      Scope scope;
      scope.event = it->second;
      scope.per_rule = true;
      scope.allow_aggregates = false;
      scope.depends_from = node;
      condition(*rule.where, scope, "a `where` filter");
    }
  }
}

void Checker::check_stages() {
  if (!result_.stages) return;
  const auto& arms = result_.stages->arms;
  for (std::size_t i = 0; i < arms.size(); ++i) {
    auto& arm = const_cast<ast::StageArm&>(arms[i]);
    if (arm.condition) {
      condition(*arm.condition, Scope{.place = Scope::Place::stage_condition}, "a stage condition");
    } else if (i + 1 != arms.size()) {
      error("E0302", arms[i + 1].span, {"move `otherwise` to the end: arms are tried top to bottom"},
            "stage `{}` can never be reached: `{}` above it matches every lead", arms[i + 1].name, arm.name);
    }
  }
  bool otherwise_seen = std::any_of(arms.begin(), arms.end(), [](const ast::StageArm& a) { return !a.condition; });
  if (arms.empty() || (arms.back().condition && !otherwise_seen))
    error("E0301", arms.empty() ? result_.stages->span : arms.back().span,
          {"end the block with a catch-all arm, e.g. `lead otherwise`"},
          "the stages block must end with an `otherwise` arm");
}

void Checker::check_routes() {
  if (!result_.routes) return;
  std::vector<std::string> stage_names;
  if (result_.stages)
    for (const auto* arm : result_.stage_heads) stage_names.push_back(arm->name);
  for (auto& arm_const : result_.routes->arms) {
    auto& arm = const_cast<ast::RouteArm&>(arm_const);
    auto it = stage_index_.find(arm.stage);
    if (it == stage_index_.end()) {
      // Without a stages block (already reported) every stage would be unknown.
      if (result_.stages) {
        std::string hint = did_you_mean(arm.stage, stage_names);
        error("E0105", arm.stage_span, hint.empty() ? std::vector<std::string>{} : std::vector{hint},
              "unknown stage `{}` in a route", arm.stage);
      }
      result_.route_stage.push_back(-1);
    } else {
      result_.route_stage.push_back(it->second);
    }
    if (arm.condition) condition(*arm.condition, Scope{.place = Scope::Place::route_condition}, "a route condition");
    // A bare name as the destination may be text written without quotes.
    Type t = expr(*arm.target, arm.target->kind == ast::ExprKind::name ? Scope{.place = Scope::Place::route_target}
                                                                         : Scope{});
    if (t != Type::invalid && t != Type::string)
      error("E0209", arm.target->span, {"a destination is a string such as \"team:enterprise\""},
            "a route's destination must be a string, not {}", type_name(t));
    result_.route_calendar.push_back(calendar_ref(arm.calendar, arm.calendar_span));
    if (arm.within) {
      Type t = expr(*arm.within, Scope{});
      if (t != Type::invalid && t != Type::duration)
        error("E0205", arm.within->span, {"a deadline is a duration: 4h, 2d, hours(sla_hours)"},
              "a follow-up deadline must be a duration, not {}", type_name(t));
    }
    std::vector<int>& steps = result_.escalation_calendar.emplace_back();
    for (auto& step : arm.escalations) {
      Type to = expr(*step.target, Scope{});
      if (to != Type::invalid && to != Type::string)
        error("E0209", step.target->span, {"a destination is a string such as \"manager:emea\""},
              "an escalation's destination must be a string, not {}", type_name(to));
      Type after = expr(*step.after, Scope{});
      if (after != Type::invalid && after != Type::duration)
        error("E0205", step.after->span, {"an escalation comes after a duration: 8h, 1d"},
              "an escalation's delay must be a duration, not {}", type_name(after));
      steps.push_back(calendar_ref(step.calendar, step.calendar_span));
    }
  }
}

// The calendar a deadline counts on: -1 for none (wall clock) or an unknown name (reported).
int Checker::calendar_ref(const std::string& name, SourceSpan span) {
  if (name.empty()) return -1;
  auto found = calendar_index_.find(name);
  if (found != calendar_index_.end()) return found->second;
  std::vector<std::string> names;
  for (auto* c : result_.calendars) names.push_back(c->name);
  std::string hint = did_you_mean(name, names);
  error("E0323", span,
        hint.empty()
            ? std::vector<std::string>{fmt::format("declare it: calendar {} \"Europe/Berlin\" {{ mon-fri 09:00-17:00 }}", name)}
            : std::vector{hint},
        "unknown calendar `{}`", name);
  return -1;
}

// Depth-first topological order; a back edge is a cycle, reported once.
void Checker::order_lets_and_scores() {
  if (too_deep_) return;  // the walk below is as deep as the longest chain
  int lets = static_cast<int>(result_.lets.size());
  int total = static_cast<int>(depends_.size());
  std::vector<int> state(total, 0);  // 0 new, 1 on the stack, 2 done
  std::vector<int> stack;
  auto name_of = [&](int n) { return n < lets ? result_.lets[n]->name : result_.scores[n - lets]->name; };
  auto span_of = [&](int n) { return n < lets ? result_.lets[n]->name_span : result_.scores[n - lets]->name_span; };
  std::function<void(int)> visit = [&](int n) {
    state[n] = 1;
    stack.push_back(n);
    for (int d : depends_[n]) {
      if (state[d] == 1) {
        std::string path;
        auto from = std::find(stack.begin(), stack.end(), d);
        for (auto p = from; p != stack.end(); ++p) path += name_of(*p) + " -> ";
        path += name_of(d);
        error("E0106", span_of(d), {fmt::format("the cycle is {}", path)}, "`{}` depends on itself", name_of(d));
      } else if (state[d] == 0) {
        visit(d);
      }
    }
    stack.pop_back();
    state[n] = 2;
    result_.order.push_back(n < lets ? CheckedFile::Step{CheckedFile::Step::let, n}
                                     : CheckedFile::Step{CheckedFile::Step::score, n - lets});
  };
  for (int n = 0; n < total; ++n)
    if (state[n] == 0) visit(n);
}

}  // namespace checker
}  // namespace baton
