// Expression typing: every name resolved, every operator and call checked
// against the types of its operands. An ill-typed subexpression gets
// Type::invalid, which silences further errors about the same expression.
#include <algorithm>

#include "baton/common/time.hpp"
#include "baton/common/zone.hpp"
#include "baton/runtime/bytecode.hpp"
#include "checker.hpp"
#include "decision_values.hpp"

namespace baton::checker {

using ast::BinaryOp;
using ast::Expr;
using ast::ExprKind;
using ast::NameKind;

Type unify(Type a, Type b) {
  if (a == b) return a;
  if (is_numeric(a) && is_numeric(b)) return Type::number;
  return Type::invalid;
}

namespace {

int aggregate_kind(std::string_view name) {
  for (std::size_t k = 0; k < static_cast<std::size_t>(bc::AggKind::count_); ++k)
    if (bc::kAggNames[k] == name && bc::kAggNames[k] != "score_per" && bc::kAggNames[k] != "select") return static_cast<int>(k);
  return -1;
}

bool is_literal(const Expr& e) {
  switch (e.kind) {
    case ExprKind::int_lit: case ExprKind::number_lit: case ExprKind::string_lit: case ExprKind::bool_lit:
    case ExprKind::duration_lit: case ExprKind::time_lit: case ExprKind::regex_lit: case ExprKind::set_lit:
    case ExprKind::list_lit:
      return true;
    case ExprKind::unary:
      return e.uop == ast::UnaryOp::neg && (e.args[0]->kind == ExprKind::int_lit ||
                                            e.args[0]->kind == ExprKind::number_lit ||
                                            e.args[0]->kind == ExprKind::duration_lit);
    default:
      return false;
  }
}

bool is_ordered(Type t) { return is_numeric(t) || t == Type::time || t == Type::duration; }

std::string list_types(const std::vector<Type>& types) {
  std::string out;
  for (std::size_t i = 0; i < types.size(); ++i) out += (i ? ", " : "") + std::string(type_name(types[i]));
  return out;
}

}  // namespace

Type Checker::expr(Expr& e, const Scope& scope) {
  Type t = Type::invalid;
  switch (e.kind) {
    case ExprKind::int_lit: t = Type::int_; break;
    case ExprKind::number_lit: t = Type::number; break;
    case ExprKind::string_lit: t = Type::string; break;
    case ExprKind::bool_lit: t = Type::boolean; break;
    case ExprKind::duration_lit: t = Type::duration; break;
    case ExprKind::time_lit: t = Type::time; break;
    case ExprKind::regex_lit: {
      std::string problem = regex_problem(e.text, e.flags);
      if (!problem.empty()) {
        error("E0207", e.span, {"patterns use RE2 syntax: no backreferences or lookaround"},
              "invalid regex: {}", problem);
      } else {
        t = Type::regex;
      }
      break;
    }
    case ExprKind::set_lit:
    case ExprKind::list_lit: t = collection(e, scope); break;
    case ExprKind::name: t = name(e, scope); break;
    case ExprKind::member: t = member(e, scope); break;
    case ExprKind::call: t = call(e, scope); break;
    case ExprKind::unary: t = unary(e, scope); break;
    case ExprKind::binary: t = binary(e, scope); break;
    case ExprKind::between: t = between(e, scope); break;
    case ExprKind::paren: t = expr(*e.args[0], scope); break;
    case ExprKind::conditional: t = conditional(e, scope); break;
  }
  e.type = t;
  return t;
}

// A duration where a number is, or the other way round: what the operator
// can do with durations (`1h / 2` is arithmetic, not a comparison).
std::string Checker::duration_with_number_help(const Expr& e, bool comparison) const {
  const Expr& l = *e.args[0];
  const Expr& r = *e.args[1];
  switch (e.bop) {
    case BinaryOp::add: case BinaryOp::sub:
      return fmt::format("a duration such as 30d is not a number: write both sides as durations, such as {} {} 30m",
                         source_.slice((l.type == Type::duration ? l : r).span), ast::binary_op_text(e.bop));
    case BinaryOp::mul:
      return "a duration is multiplied by a whole number (1h * 3); for a fraction write the length itself, such as "
             "90m for 1h * 1.5";
    case BinaryOp::div: case BinaryOp::mod: {
      // `1h / 2` with both literal and an exact result: name it.
      if (e.bop == BinaryOp::div && l.kind == ExprKind::duration_lit && r.kind == ExprKind::int_lit &&
          r.int_value > 0 && l.int_value % r.int_value == 0)
        return fmt::format("durations are not divided: write the length itself, {}",
                           format_duration(l.int_value / r.int_value));
      return "durations are not divided: write the length itself, such as 30m for 1h / 2";
    }
    case BinaryOp::coalesce:
      return "a duration such as 30d is not a number: give a duration as the default, such as 0s";
    default:
      return comparison ? "a duration such as 30d is not a number; compare durations with durations"
                        : "a duration such as 30d is not a number";
  }
}

Type Checker::condition(Expr& e, const Scope& scope, std::string_view what) {
  Type t = expr(e, scope);
  if (t != Type::invalid && t != Type::boolean) {
    std::vector<std::string> help;
    if (is_numeric(t)) help.push_back("compare it with a number, e.g. `... >= 10`");
    error("E0203", e.span, std::move(help), "{} must be true or false, but this is {}", what, type_name(t));
  }
  return t;
}

bool Checker::constant(Expr& e, std::initializer_list<Type> types, std::string_view what) {
  Type t = expr(e, Scope{});
  if (t == Type::invalid) return false;
  bool is_const = is_literal(e) || (e.kind == ExprKind::name && e.name_kind == NameKind::const_);
  bool wants_duration = std::find(types.begin(), types.end(), Type::duration) != types.end();
  if (!is_const) {
    // Points and caps are numbers, windows and ages durations: `+30d` is no
    // rule, so the example is of the kind this place takes.
    std::vector<std::string> help = {
        fmt::format("write a literal such as {}, or the name of a const", wants_duration ? "30d" : "10")};
    // `let bonus = 10` used as points: a let is computed for each lead.
    if (e.kind == ExprKind::name && e.name_kind == NameKind::let && e.resolved >= 0)
      if (const ast::Expr* value = result_.lets[static_cast<std::size_t>(e.resolved)]->value.get();
          value && is_literal(*value))
        help.push_back(fmt::format("`{}` is a let, computed for each lead: declare it `const {} = {}`", e.text, e.text,
                                   source_.slice(value->span)));
    error("E0206", e.span, std::move(help), "{} must be a literal or a const", what);
    return false;
  }
  bool ok = std::find(types.begin(), types.end(), t) != types.end() ||
            (t == Type::int_ && std::find(types.begin(), types.end(), Type::number) != types.end());
  if (ok) return true;
  if (wants_duration)
    error("E0205", e.span, {"write a duration such as 30d, 12h or 2w"}, "{} must be a duration, not {}", what,
          type_name(t));
  else if (t == Type::duration)
    error("E0205", e.span, {"a duration such as 30d is a length of time; here a plain number is expected"},
          "{} must be a number, not a duration", what);
  else
    error("E0204", e.span, {}, "{} must be a number, not {}", what, type_name(t));
  return false;
}

void Checker::note_dependency(const Scope& scope, int node) {
  if (scope.depends_from >= 0) depends_[scope.depends_from].push_back(node);
}

std::vector<std::string> Checker::visible_names(const Scope& scope) const {
  if (hints_given_ >= 200) return {};  // no more hints will be given
  if (global_names_.empty())
    for (auto& [n, symbol] : globals_)
      if (symbol.kind != NameKind::event_type) global_names_.push_back(n);
  std::vector<std::string> names = global_names_;
  if (scope.event >= 0) {
    names.push_back("at");
    for (auto& f : result_.events[scope.event]->fields) names.push_back(f.name);
  }
  if (scope.in_test)
    for (const DecisionValue& v : kDecisionValues) names.emplace_back(v.name);
  std::sort(names.begin(), names.end());
  return names;
}

Type Checker::name(Expr& e, const Scope& scope) {
  if (scope.group >= 0) {
    if (auto t = group_field(e, scope)) return *t;
  } else if (scope.event >= 0) {
    const auto& fields = result_.events[scope.event]->fields;
    if (e.text == "at") {
      e.name_kind = NameKind::event_field;
      e.resolved = 0;
      return Type::time;
    }
    for (std::size_t i = 0; i < fields.size(); ++i)
      if (fields[i].name == e.text) {
        e.name_kind = NameKind::event_field;
        e.resolved = static_cast<int>(i) + 1;
        return fields[i].type.type;
      }
  }
  if (scope.in_test && !globals_.count(e.text))
    if (const std::optional<int> value = decision_value_index(e.text)) {
      e.name_kind = NameKind::builtin_value;
      e.resolved = *value;
      return kDecisionValues[*value].type;
    }
  // `now`: the evaluation time (as_of), unless the SLA declares its own `now`.
  if (e.text == "now" && !globals_.count(e.text)) {
    e.name_kind = NameKind::builtin_value;
    e.resolved = *decision_value_index("as_of");
    return Type::time;
  }
  auto it = globals_.find(e.text);
  if (it == globals_.end()) {
    if (misplaced_name(e.text, e.span, scope) || field_of_other_event(e, scope)) return Type::invalid;
    std::vector<std::string> help;
    std::string hint = did_you_mean(e.text, visible_names(scope));
    if (!hint.empty()) help.push_back(hint);
    bool stage_hidden = false;  // a field or let named `stage` hides the decision's stage from tests
    if (stage_index_.count(e.text)) {
      auto shadow = globals_.find("stage");
      stage_hidden = scope.in_test && shadow != globals_.end();
      if (stage_hidden)
        help.push_back(fmt::format("`{}` is a stage, but `stage` here is the SLA's own `stage` (line {}), which hides "
                                   "the decision's stage from tests: rename it (e.g. `crm_stage`) to write "
                                   "`expect stage == {}`",
                                   e.text, source_.line_of(shadow->second.declared.begin), e.text));
      else
        help.push_back(fmt::format("`{}` is a stage; stages are compared with `stage == {}` in tests", e.text, e.text));
    }
    // `sql -> ae_pool`: a destination is text.
    if (scope.place == Scope::Place::route_target)
      help.push_back(fmt::format("a destination is text: write \"{}\"", e.text));
    // `+5 when url == "/x"`: a field of an event, read outside an aggregate.
    if (scope.event < 0)
      for (const auto* event : result_.events)
        if (std::any_of(event->fields.begin(), event->fields.end(), [&](const auto& f) { return f.name == e.text; })) {
          help.push_back(fmt::format("`{}` is a field of event `{}`; read it through the events, e.g. "
                                     "any({} where {} == ...) or last({}).{}",
                                     e.text, event->name, event->name, e.text, event->name, e.text));
          break;
        }
    if (e.text == "True" || e.text == "False" || e.text == "TRUE" || e.text == "FALSE")
      help.push_back(
          fmt::format("`true` and `false` are written in lower case: {}", e.text[0] == 'T' ? "true" : "false"));
    // What a decision carries but a test cannot check (docs/language.md, `test`).
    if (scope.in_test && (e.text == "summary" || e.text == "handoff" || e.text == "reasons" ||
                          e.text == "escalations" || e.text == "escalation"))
      help.push_back("a test cannot check the hand-off or the escalation steps: see them with `baton score` or "
                     "`baton explain` on a lead file");
    if (e.text == "entered" || e.text == "stayed" || e.text == "held")
      help.push_back(fmt::format("`transition` is text: write transition == \"{}\"", e.text));
    else if (scope.compared_with_text && !stage_hidden)
      help.push_back(fmt::format("text is written in double quotes: \"{}\"", e.text));
    error("E0101", e.span, std::move(help), "unknown name `{}`", e.text);
    return Type::invalid;
  }
  Symbol& symbol = it->second;
  e.name_kind = symbol.kind;
  e.resolved = symbol.index;
  switch (symbol.kind) {
    case NameKind::let:
      note_dependency(scope, symbol.index);
      return ensure_let(symbol.index);
    case NameKind::score:
      note_dependency(scope, static_cast<int>(result_.lets.size()) + symbol.index);
      return Type::number;
    case NameKind::event_type:
      error("E0108", e.span, {fmt::format("count its events with `count({})` or test them with `any({})`", e.text, e.text)},
            "`{}` is an event type, not a value", e.text);
      return Type::invalid;
    default:
      return symbol.type;
  }
}

Type Checker::member(Expr& e, const Scope& scope) {
  Expr& object = *e.args[0];
  if (object.kind == ExprKind::name && object.text == "lead") {
    auto it = globals_.find(e.text);
    if (it == globals_.end() || it->second.kind != NameKind::lead_field) {
      std::vector<std::string> names;
      for (auto* f : result_.lead_fields) names.push_back(f->name);
      std::string hint = did_you_mean(e.text, names);
      std::vector<std::string> help;
      if (!hint.empty()) help.push_back(hint);
      // `lead.url`: a field of an event, which the lead record does not hold.
      for (const auto* event : result_.events)
        if (std::any_of(event->fields.begin(), event->fields.end(), [&](const auto& f) { return f.name == e.text; })) {
          help.push_back(fmt::format("`{}` is a field of event `{}`: read it through its events, as in any({} where {} "
                                     "== ...) or last({}).{}",
                                     e.text, event->name, event->name, e.text, event->name, e.text));
          break;
        }
      error("E0107", e.span, std::move(help), "the lead has no field `{}`", e.text);
      return Type::invalid;
    }
    e.name_kind = NameKind::lead_field;
    e.resolved = it->second.index;
    return it->second.type;
  }
  bool first_or_last = object.kind == ExprKind::call && (object.text == "first" || object.text == "last");
  // `page_view.url starts_with "/pricing"` in a rule: one error that says how
  // to read an event's field, not one for the event and one for the dot.
  const bool filter_field =
      scope.event >= 0 && std::any_of(result_.events[scope.event]->fields.begin(), result_.events[scope.event]->fields.end(),
                                      [&](const auto& f) { return f.name == object.text; });
  if (object.kind == ExprKind::name && is_event_source(object.text) && !filter_field) {
    const auto it = event_index_.find(object.text);
    const bool has_field = e.text == "at" || it == event_index_.end() ||
                           std::any_of(result_.events[it->second]->fields.begin(), result_.events[it->second]->fields.end(),
                                       [&](const auto& f) { return f.name == e.text; });
    if (has_field)
      error("E0108", e.span,
            {fmt::format("test its events with any({} where {} ...), or read the latest one's with last({}).{}",
                         object.text, e.text, object.text, e.text)},
            "`{}` is an event type: its field `{}` is read through an aggregate", object.text, e.text);
    else
      error("E0108", e.span,
            {fmt::format("count its events with `count({})` or test them with `any({})`", object.text, object.text)},
            "`{}` is an event type, not a value, and it has no field `{}`", object.text, e.text);
    return Type::invalid;
  }
  if (!first_or_last) {
    expr(object, scope);
    error("E0108", e.span, {"only `lead.FIELD`, `first(EVENT).FIELD` and `last(EVENT).FIELD` take a field"},
          "`.{}` cannot be taken here", e.text);
    return Type::invalid;
  }
  Type object_type = expr(object, scope);
  if (object_type != Type::event_ref) return Type::invalid;
  if (object.group >= 0) {
    e.name_kind = NameKind::event_field;
    auto t = source_field({object.resolved, object.group}, e, e.text, result_.groups[object.group]->name, true);
    return t ? *t : Type::invalid;
  }
  const auto* event = result_.events[object.resolved];
  if (e.text == "at") {
    e.resolved = 0;
    return Type::time;
  }
  for (std::size_t i = 0; i < event->fields.size(); ++i)
    if (event->fields[i].name == e.text) {
      e.resolved = static_cast<int>(i) + 1;
      return event->fields[i].type.type;
    }
  std::vector<std::string> names{"at"};
  for (auto& f : event->fields) names.push_back(f.name);
  std::vector<std::string> help;
  if (std::string hint = did_you_mean(e.text, names); !hint.empty()) help.push_back(std::move(hint));
  // The field of another event type (last(page_view).form): name its owner.
  for (const auto* other : result_.events)
    if (other != event && std::any_of(other->fields.begin(), other->fields.end(),
                                      [&](const auto& f) { return f.name == e.text; })) {
      help.push_back(fmt::format("`{}` is a field of event `{}`: write {}({}).{}", e.text, other->name,
                                 object.text == "first" ? "first" : "last", other->name, e.text));
      break;
    }
  error("E0107", e.span, std::move(help), "event `{}` has no field `{}`", event->name, e.text);
  return Type::invalid;
}

Type Checker::call(Expr& e, const Scope& scope) {
  if (e.text == "business_hours_since") return business_call(e, scope);
  int kind = aggregate_kind(e.text);
  // decayed_count(E, 21d) and decayed_sum(E.f, 21d) take a half-life too.
  bool decayed = kind == static_cast<int>(bc::AggKind::decayed_count) ||
                 kind == static_cast<int>(bc::AggKind::decayed_sum);
  // distinct_days(E) or distinct_days(E, CALENDAR).
  bool two = decayed || (kind == static_cast<int>(bc::AggKind::distinct_days) && e.args.size() == 2);
  if (kind >= 0 && e.args.size() == (two ? 2u : 1u)) {
    const Expr& a = *e.args[0];
    const Expr* event_name = a.kind == ExprKind::name ? &a
                             : (a.kind == ExprKind::member && a.args[0]->kind == ExprKind::name) ? a.args[0].get()
                                                                                                  : nullptr;
    if (event_name && is_event_source(event_name->text)) return aggregate(e, scope, kind);
    // `count(page_views)`: a misspelled event, not an unknown value.
    bool value_exists = event_name && (globals_.count(event_name->text) ||
                                       (scope.event >= 0 && event_name->text == "at"));
    if (event_name && !value_exists && kind != static_cast<int>(bc::AggKind::min) &&
        kind != static_cast<int>(bc::AggKind::max)) {
      std::vector<std::string> names;
      for (auto* ev : result_.events) names.push_back(ev->name);
      std::string hint = did_you_mean(event_name->text, names);
      error("E0102", event_name->span, hint.empty() ? std::vector<std::string>{} : std::vector{hint},
            "unknown event `{}`", event_name->text);
      return Type::invalid;
    }
  }
  if (e.among || e.after) {
    error("E0213", (e.among ? e.among : e.after)->span,
          {"`among` and `after` order events: position(pricing_download among touches), "
           "any(demo_request within 1d after pricing_view)"},
          "`{}` is not an event aggregate", e.text);
  }
  if (e.where || e.within) {
    error("E0211", (e.where ? e.where : e.within)->span,
          {"`where` and `within` filter events: count(page_view where url == \"/pricing\" within 30d)"},
          "`{}` is not an event aggregate", e.text);
  }
  return function(e, scope);
}

Type Checker::aggregate(Expr& e, const Scope& scope, int kind) {
  auto agg = static_cast<bc::AggKind>(kind);
  if (!scope.allow_aggregates) {
    error("E0211", e.span, {"compute it in a `let` and use the let's value"},
          "an aggregate cannot be used inside a `where` filter");
    return Type::invalid;
  }
  Expr& target = *e.args[0];
  Expr& event_name = target.kind == ExprKind::member ? *target.args[0] : target;
  EventSource src = event_source(event_name);  // an event type or a group (check_event_groups.cpp)
  if (src.first < 0) return Type::invalid;
  int event = src.first;
  e.aggregate = kind;
  e.resolved = event;
  e.group = src.group;

  Type field_type = Type::invalid;
  if (target.kind == ExprKind::member) {
    target.name_kind = NameKind::event_field;
    field_type = source_field(src, target, target.text, event_name.text, true).value_or(Type::invalid);
    if (field_type == Type::invalid) return Type::invalid;
    target.type = field_type;
  }
  if (e.where) {
    Scope inner;
    inner.event = event;
    inner.group = src.group;
    inner.allow_aggregates = false;
    inner.depends_from = scope.depends_from;
    inner.in_test = scope.in_test;
    condition(*e.where, inner, "a `where` filter");
  }
  // A window reaches back from as_of, so it has no negative length (the
  // verifier refuses one; without this it would surface as an internal error).
  if (e.within && constant(*e.within, {Type::duration}, "`within`") && constant_value(*e.within) < 0) {
    if (e.after)
      error("E0305", e.within->span, {"write the longest time from the `after` event to this one, such as 1d"},
            "`within` cannot be negative");
    else
      error("E0305", e.within->span, {"write how far back from as_of to look, such as 30d"},
            "`within` cannot be negative");
    return Type::invalid;
  }
  if (!order_clauses(e, scope, kind)) return Type::invalid;

  using K = bc::AggKind;
  if (agg == K::decayed_count || agg == K::decayed_sum) {
    if (!constant(*e.args[1], {Type::duration}, "a half-life")) return Type::invalid;
    if (constant_value(*e.args[1]) <= 0) {
      error("E0305", e.args[1]->span, {"write a positive duration such as 21d"}, "a half-life must be longer than zero");
      return Type::invalid;
    }
  }
  bool needs_field = agg == K::sum || agg == K::min || agg == K::max || agg == K::avg || agg == K::distinct ||
                     agg == K::decayed_sum;
  bool takes_field = needs_field || agg == K::first || agg == K::last;
  if (needs_field && field_type == Type::invalid) {
    error("E0211", e.span, {fmt::format("name the field: {}({}.FIELD)", e.text, event_name.text)},
          "`{}` needs a field of `{}` to work on", e.text, event_name.text);
    return Type::invalid;
  }
  if (!takes_field && field_type != Type::invalid) {
    error("E0211", target.span, {fmt::format("write {}({})", e.text, event_name.text)},
          "`{}` counts events; it takes no field", e.text);
    return Type::invalid;
  }
  switch (agg) {
    case K::count: case K::distinct: case K::streak: case K::distinct_days: case K::position: return Type::int_;
    case K::any: case K::all: case K::none: return Type::boolean;
    case K::decayed_count: return Type::number;
    case K::sum: case K::avg: case K::decayed_sum:
      if (!is_numeric(field_type)) {
        error("E0211", target.span, {}, "`{}` needs a numeric field, but `{}` is {}", e.text, target.text,
              type_name(field_type));
        return Type::invalid;
      }
      return agg == K::avg || agg == K::decayed_sum ? Type::number : field_type;
    case K::min: case K::max:
      if (!is_ordered(field_type)) {
        error("E0211", target.span, {}, "`{}` needs a number, time or duration field, but `{}` is {}", e.text,
              target.text, type_name(field_type));
        return Type::invalid;
      }
      return field_type;
    case K::first: case K::last:
      return field_type == Type::invalid ? Type::event_ref : field_type;
    default:
      return Type::invalid;
  }
}

std::string Checker::signatures(std::string_view function) const {
  std::string out;
  for (auto i : registry_.overloads(function))
    if (registry_.at(i).kind == stdlib::Kind::function)
      out += (out.empty() ? "" : " or ") + stdlib::signature(registry_.at(i));
  return out;
}

namespace {

// Names other languages give to a built-in, too far from its name for an
// edit-distance guess (`lowercase` is four edits from `lower`).
std::string other_language_name(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> names[] = {
      {"lowercase", "lower"}, {"tolower", "lower"},  {"to_lower", "lower"}, {"downcase", "lower"},
      {"uppercase", "upper"}, {"toupper", "upper"},  {"to_upper", "upper"}, {"upcase", "upper"},
      {"strip", "trim"},      {"len", "length"}};
  for (auto [other, ours] : names)
    if (other == name) return fmt::format("did you mean `{}`?", ours);
  return {};
}

}  // namespace

Type Checker::function(Expr& e, const Scope& scope) {
  std::vector<std::uint32_t> candidates;
  for (auto i : registry_.overloads(e.text))
    if (registry_.at(i).kind == stdlib::Kind::function) candidates.push_back(i);
  std::vector<Type> arg_types;
  bool bad_arg = false;
  for (auto& a : e.args) {
    arg_types.push_back(expr(*a, scope));
    bad_arg |= arg_types.back() == Type::invalid;
  }
  if (candidates.empty()) {
    if (aggregate_kind(e.text) >= 0) {
      error("E0211", e.span, {fmt::format("write {}(EVENT) or {}(EVENT.FIELD) with a declared event", e.text, e.text)},
            "`{}` aggregates events, and its argument is not a declared event", e.text);
      return Type::invalid;
    }
    std::vector<std::string> names;
    for (auto& f : registry_.all()) names.emplace_back(f.name);
    std::string hint = did_you_mean(e.text, names);
    if (hint.empty()) hint = other_language_name(e.text);
    std::vector<std::string> help;
    if (!hint.empty()) help.push_back(hint);
    help.push_back("`baton stdlib` lists every built-in function");
    // The caret on the name, not on the whole call with its arguments.
    SourceSpan name{e.span.begin, static_cast<std::uint32_t>(e.span.begin + e.text.size())};
    error("E0103", name, std::move(help), "unknown function `{}`", e.text);
    return Type::invalid;
  }
  if (bad_arg) return Type::invalid;
  // The SLA's own `free_mail` set overrides the built-in list.
  if (e.text == "is_free_mail" && e.args.size() == 1) {
    auto it = globals_.find("free_mail");
    if (it != globals_.end() && it->second.kind == NameKind::const_ && it->second.type == Type::string_set) {
      auto extra = std::make_unique<Expr>();
      extra->kind = ExprKind::name;
      extra->text = "free_mail";
      extra->span = e.span;
      arg_types.push_back(expr(*extra, scope));
      e.args.push_back(std::move(extra));
    }
  }
  // Exact match first, then with int widened to number.
  for (int widen = 0; widen < 2; ++widen)
    for (auto index : candidates) {
      const auto& f = registry_.at(index);
      std::size_t fixed = f.params.size();
      if (arg_types.size() < fixed || (arg_types.size() > fixed && f.variadic == Type::invalid)) continue;
      bool ok = true;
      for (std::size_t i = 0; i < arg_types.size() && ok; ++i) {
        Type want = i < fixed ? f.params[i] : f.variadic;
        ok = arg_types[i] == want || (widen && arg_types[i] == Type::int_ && want == Type::number) ||
             // A stage is its index at run time: `present(previous_stage)` asks whether there is one.
             (e.text == "present" && arg_types[i] == Type::stage && want == Type::int_);
      }
      if (!ok) continue;
      e.resolved = static_cast<int>(index);
      if (f.zone_param >= 0) zone_literal(*e.args[static_cast<std::size_t>(f.zone_param)]);
      return f.result;
    }
  error("E0202", e.span, {fmt::format("expected {}", signatures(e.text))}, "`{}` cannot take ({})", e.text,
        list_types(arg_types));
  return Type::invalid;
}

// A zone written as a literal must be one: a misspelt one would only ever
// give missing (as a calendar's does, E0320).
void Checker::zone_literal(const Expr& arg) {
  if (arg.kind != ExprKind::string_lit || find_zone(arg.text)) return;
  std::vector<std::string> help;
  if (const std::string_view why = not_a_zone(arg.text); !why.empty()) help.emplace_back(why);
  help.emplace_back("time zones are IANA names: \"Europe/Berlin\", \"America/New_York\", \"Asia/Tokyo\"");
  error("E0320", arg.span, std::move(help), "unknown time zone \"{}\"", arg.text);
}

Type Checker::unary(Expr& e, const Scope& scope) {
  Type t = expr(*e.args[0], scope);
  if (t == Type::invalid) return t;
  if (e.uop == ast::UnaryOp::not_) {
    if (t == Type::boolean) return t;
    error("E0201", e.span, {}, "`not` needs true or false, not {}", type_name(t));
    return Type::invalid;
  }
  if (is_numeric(t) || t == Type::duration) return t;
  error("E0201", e.span, {}, "`-` needs a number or a duration, not {}", type_name(t));
  return Type::invalid;
}

bool Checker::resolve_stage_name(Expr& e) {
  if (e.kind != ExprKind::name) return false;
  auto it = stage_index_.find(e.text);
  if (it == stage_index_.end()) return false;
  e.name_kind = NameKind::stage;
  e.resolved = it->second;
  e.type = Type::stage;
  return true;
}

Type Checker::binary(Expr& e, const Scope& scope) {
  if (auto t = misplaced_comparison(e, scope)) return *t;
  Expr& l = *e.args[0];
  Expr& r = *e.args[1];
  Type a = expr(l, scope);
  Type b = Type::invalid;
  if (a == Type::stage && (e.bop == BinaryOp::eq || e.bop == BinaryOp::ne) && resolve_stage_name(r)) {
    b = Type::stage;
  } else if (a == Type::stage && r.kind == ExprKind::name) {
    std::vector<std::string> stages;
    for (auto& [n, i] : stage_index_) stages.push_back(n);
    std::string hint = did_you_mean(r.text, stages);
    error("E0105", r.span, hint.empty() ? std::vector<std::string>{} : std::vector{hint}, "unknown stage `{}`", r.text);
    return Type::invalid;
  } else if (a == Type::string && (e.bop == BinaryOp::eq || e.bop == BinaryOp::ne) && r.kind == ExprKind::name) {
    Scope text_side = scope;
    text_side.compared_with_text = true;
    b = expr(r, text_side);
  } else {
    b = expr(r, scope);
  }
  if (a == Type::invalid || b == Type::invalid) return Type::invalid;
  auto mismatch = [&](std::string_view needs) {
    std::vector<std::string> help;
    bool comparison = e.bop == BinaryOp::eq || e.bop == BinaryOp::ne || e.bop == BinaryOp::lt ||
                      e.bop == BinaryOp::le || e.bop == BinaryOp::gt || e.bop == BinaryOp::ge;
    if ((a == Type::duration && is_numeric(b)) || (b == Type::duration && is_numeric(a)))
      help.push_back(duration_with_number_help(e, comparison));
    if (comparison && ((a == Type::string && is_numeric(b)) || (b == Type::string && is_numeric(a))))
      help.push_back("a quoted value is text; remove the quotes to compare numbers");
    // `stage == "sql"`: stages are names, written without quotes.
    const Expr& text = a == Type::stage ? r : l;
    if (((a == Type::stage && b == Type::string) || (b == Type::stage && a == Type::string)) &&
        text.kind == ExprKind::string_lit)
      help.push_back(stage_index_.count(text.text)
                         ? fmt::format("a stage is a name, not text: write `stage {} {}`", ast::binary_op_text(e.bop),
                                       text.text)
                         : std::string("a stage is a name, not text: write the stage's name without quotes"));
    help_for_mismatch(e, a, b, scope, help);
    // `domain in "dhl.com"`: one value where a set belongs.
    if ((e.bop == BinaryOp::in || e.bop == BinaryOp::not_in) && a == Type::string && b == Type::string) {
      if (r.kind == ExprKind::string_lit)
        help.push_back(fmt::format("a set is written in braces: {} {} {{\"{}\"}}, or compare one value with {}",
                                   source_.slice(l.span), ast::binary_op_text(e.bop), r.text,
                                   e.bop == BinaryOp::in ? "==" : "!="));
      else
        help.push_back(fmt::format("to compare two values, use {}", e.bop == BinaryOp::in ? "==" : "!="));
    }
    error("E0201", e.span, std::move(help), "`{}` {}, but got {} and {}", ast::binary_op_text(e.bop), needs,
          type_name(a), type_name(b));
    return Type::invalid;
  };
  switch (e.bop) {
    case BinaryOp::coalesce: {
      Type t = unify(a, b);
      return t == Type::invalid ? mismatch("needs two values of one type") : t;
    }
    case BinaryOp::or_:
    case BinaryOp::and_:
      return a == Type::boolean && b == Type::boolean ? Type::boolean : mismatch("needs true or false on both sides");
    case BinaryOp::eq:
    case BinaryOp::ne:
      if (unify(a, b) == Type::invalid || a == Type::regex || a == Type::event_ref || a == Type::string_set ||
          a == Type::string_list)
        return mismatch("compares two values of one type");
      return Type::boolean;
    case BinaryOp::lt: case BinaryOp::le: case BinaryOp::gt: case BinaryOp::ge:
      if (!is_ordered(a) || unify(a, b) == Type::invalid)
        return mismatch("compares two numbers, two times or two durations");
      return Type::boolean;
    case BinaryOp::in:
    case BinaryOp::not_in:
      if (a == Type::string && (b == Type::string_set || b == Type::string_list)) return Type::boolean;
      return mismatch("needs a string on the left and a set or list on the right");
    case BinaryOp::matches:
      if (a == Type::string && b == Type::regex) return Type::boolean;
      return mismatch("needs a string on the left and a regex such as /vp|director/i on the right");
    case BinaryOp::contains:
      if ((a == Type::string_set || a == Type::string_list) && b == Type::string) return Type::boolean;
      [[fallthrough]];
    case BinaryOp::starts_with:
    case BinaryOp::ends_with:
      if (a == Type::string && b == Type::string) return Type::boolean;
      return mismatch("needs two strings");
    case BinaryOp::add:
      if (is_numeric(a) && is_numeric(b)) return unify(a, b);
      if ((a == Type::time && b == Type::duration) || (a == Type::duration && b == Type::time)) return Type::time;
      if (a == Type::duration && b == Type::duration) return Type::duration;
      return mismatch("adds numbers, durations, or a duration to a time");
    case BinaryOp::sub:
      if (is_numeric(a) && is_numeric(b)) return unify(a, b);
      if (a == Type::time && b == Type::duration) return Type::time;
      if ((a == Type::time && b == Type::time) || (a == Type::duration && b == Type::duration)) return Type::duration;
      return mismatch("subtracts numbers, durations, or a duration or time from a time");
    case BinaryOp::mul:
      if (is_numeric(a) && is_numeric(b)) return unify(a, b);
      if ((a == Type::duration && b == Type::int_) || (a == Type::int_ && b == Type::duration)) return Type::duration;
      return mismatch("multiplies numbers, or a duration by an int");
    case BinaryOp::div:
      if (is_numeric(a) && is_numeric(b)) return Type::number;
      return mismatch("divides numbers");
    case BinaryOp::mod:
      if (is_numeric(a) && is_numeric(b)) return unify(a, b);
      return mismatch("needs two numbers");
  }
  return Type::invalid;
}

// `if c then a else b`: both branches have one type (int and number make a
// number); a missing condition takes the else branch, as `when` would.
Type Checker::conditional(Expr& e, const Scope& scope) {
  Type c = condition(*e.args[0], scope, "the condition of `if`");
  Type a = expr(*e.args[1], scope);
  Type b = expr(*e.args[2], scope);
  if (c == Type::invalid || a == Type::invalid || b == Type::invalid) return Type::invalid;
  Type t = unify(a, b);
  if (t == Type::invalid || t == Type::event_ref) {
    std::vector<std::string> help;
    if ((a == Type::string && is_numeric(b)) || (b == Type::string && is_numeric(a)))
      help.push_back("turn the number into text with text(x), or text(x, 1) for one decimal");
    error("E0201", e.span, std::move(help), "`if ... then ... else` needs two branches of one type, but got {} and {}",
          type_name(a), type_name(b));
    return Type::invalid;
  }
  return t;
}

Type Checker::between(Expr& e, const Scope& scope) {
  Type x = expr(*e.args[0], scope);
  Type lo = expr(*e.args[1], scope);
  Type hi = expr(*e.args[2], scope);
  if (x == Type::invalid || lo == Type::invalid || hi == Type::invalid) return Type::invalid;
  if (!is_ordered(x) || unify(x, lo) == Type::invalid || unify(x, hi) == Type::invalid) {
    error("E0201", e.span, {}, "`between` compares numbers, times or durations, but got {}, {} and {}", type_name(x),
          type_name(lo), type_name(hi));
    return Type::invalid;
  }
  return Type::boolean;
}

Type Checker::collection(Expr& e, const Scope& scope) {
  bool ok = true;
  for (auto& item : e.args) {
    Type t = expr(*item, scope);
    if (item->kind != ExprKind::string_lit) {
      if (t != Type::invalid)
        error("E0210", item->span, {"sets and lists hold quoted strings: {\"a\", \"b\"}"},
              "an item of a {} must be a string literal", e.kind == ExprKind::set_lit ? "set" : "list");
      ok = false;
    }
  }
  if (!ok) return Type::invalid;
  return e.kind == ExprKind::set_lit ? Type::string_set : Type::string_list;
}

}  // namespace baton::checker
