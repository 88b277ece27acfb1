// Names authors bring from other languages or from the wrong place: `null`,
// and the decision's own values (`stage`, `route`, ...) outside a test. An
// unknown-name error would be true but useless; these say why the name is
// not there and what to write instead (E0109, docs/errors.md).
#include <algorithm>

#include "baton/common/time.hpp"
#include "baton/compiler/test_runner.hpp"
#include "checker.hpp"
#include "decision_values.hpp"

namespace baton::checker {

using ast::BinaryOp;
using ast::Expr;
using ast::ExprKind;

namespace {

// Values of the decision that only a test's `expect` can read.
bool is_decision_value(std::string_view name) {
  const std::optional<int> value = decision_value_index(name);
  return value && kDecisionValues[*value].of_decision;
}

bool is_name(const Expr& e, std::string_view text) { return e.kind == ExprKind::name && e.text == text; }

}  // namespace

bool Checker::misplaced_name(std::string_view name, SourceSpan span, const Scope& scope) {
  if (name == "null") {
    error("E0109", span,
          {"a value that is not there is missing: test it with present(x), or give a default with x ?? default"},
          "baton has no `null`");
    return true;
  }
  if (scope.in_test || !is_decision_value(name)) return false;
  switch (scope.place) {
    case Scope::Place::stage_condition:
      error("E0109", span,
            {"each arm's first word declares a stage; the first arm whose condition holds gives the lead its stage",
             "to build on another stage's condition, name it with a let (`let is_mql = ...`) and use it in both arms"},
            "a stage condition cannot read `{}`: the stages block is what decides it", name);
      break;
    case Scope::Place::route_condition:
      error("E0109", span, {"the arm's first word is its stage: `mql when fit >= 20 -> \"nurture:fit\"`"},
            "a route condition cannot read `{}`: the arm names the stage it routes", name);
      break;
    case Scope::Place::route_target:
    case Scope::Place::other: {
      std::vector<std::string> help{
          fmt::format("scores and lets are computed before the decision is made; check the decision in a test: "
                      "`expect {} == ...`", name)};
      // What rules can read instead: the record's own field.
      if (name == "stage_since")
        help.push_back("the rules can read the record's since field (by convention `current_stage_since`), "
                       "as in `days_since(current_stage_since)`");
      error("E0109", span, help, "`{}` is part of the decision: only a test's `expect` can read it", name);
      break;
    }
  }
  return true;
}

// `route == null` and `stage == mql` outside a test: one error for the whole
// comparison (the stage name on the other side is not a second mistake).
std::optional<Type> Checker::misplaced_comparison(Expr& e, const Scope& scope) {
  if (e.bop != BinaryOp::eq && e.bop != BinaryOp::ne) return std::nullopt;
  auto undeclared = [&](const Expr& side, std::string_view text) {
    if (!is_name(side, text) || globals_.count(side.text)) return false;
    if (scope.event >= 0)
      for (const auto& f : result_.events[scope.event]->fields)
        if (f.name == side.text) return false;
    return true;
  };
  for (int i = 0; i < 2; ++i) {
    Expr& side = *e.args[i];
    Expr& other = *e.args[1 - i];
    if (undeclared(side, "null")) {
      Type t = expr(other, scope);
      if (t == Type::invalid) return Type::invalid;
      std::string_view what = source_.slice(other.span);
      error("E0109", e.span,
            {fmt::format("a value that is not there is missing: write `{}present({})`",
                         e.bop == BinaryOp::eq ? "not " : "", what)},
            "baton has no `null`");
      return Type::invalid;
    }
    if (!scope.in_test && side.kind == ExprKind::name && is_decision_value(side.text) &&
        undeclared(side, side.text)) {
      misplaced_name(side.text, e.span, scope);
      return Type::invalid;
    }
  }
  return std::nullopt;
}

void Checker::help_for_mismatch(const Expr& e, Type a, Type b, const Scope& scope,
                                std::vector<std::string>& help) const {
  const Expr& l = *e.args[0];
  const Expr& r = *e.args[1];
  const bool comparison = e.bop == BinaryOp::eq || e.bop == BinaryOp::ne || e.bop == BinaryOp::lt ||
                          e.bop == BinaryOp::le || e.bop == BinaryOp::gt || e.bop == BinaryOp::ge;
  auto text = [&](const Expr& x) { return source_.slice(x.span); };
  // `is_customer == "true"`: the text of a bool.
  if (comparison && a == Type::boolean && b == Type::string && r.kind == ExprKind::string_lit &&
      (r.text == "true" || r.text == "false"))
    help.push_back(fmt::format("true and false are not text: write {} {} {}, or the bool alone as a condition",
                               text(l), ast::binary_op_text(e.bop), r.text));
  // `job_title contains "VP" or "Director"`: the test written once for two values.
  if ((e.bop == BinaryOp::or_ || e.bop == BinaryOp::and_) && a == Type::boolean && b == Type::string &&
      r.kind == ExprKind::string_lit && l.kind == ExprKind::binary && l.bop != BinaryOp::or_ &&
      l.bop != BinaryOp::and_ && l.bop != BinaryOp::coalesce) {
    const std::string_view op = ast::binary_op_text(e.bop);
    std::string fix = fmt::format("`{}` joins two conditions, and {} is text: repeat the test, {} {} {} {} {}", op,
                                  text(r), text(l), op, text(*l.args[0]), ast::binary_op_text(l.bop), text(r));
    if (e.bop == BinaryOp::or_ && l.bop == BinaryOp::eq && l.args[1]->kind == ExprKind::string_lit)
      fix += fmt::format(", or {} in {{{}, {}}}", text(*l.args[0]), text(*l.args[1]), text(r));
    help.push_back(std::move(fix));
  }
  // `deadline == 4h`: a time against a length of time.
  if (comparison && ((a == Type::time && b == Type::duration) || (a == Type::duration && b == Type::time))) {
    const Expr& time = a == Type::time ? l : r;
    const Expr& length = a == Type::time ? r : l;
    help.push_back(fmt::format("`{}` is a time and {} a length of time: compare it with a time, such as {} {} {}",
                               text(time), text(length), scope.in_test ? "as_of" : "now", scope.in_test ? "+" : "-",
                               text(length)));
  }
  // `"nurture:" + country`: text is joined with concat.
  if (e.bop == BinaryOp::add && a == Type::string && b == Type::string)
    help.push_back(fmt::format("`+` does not join text: write concat({}, {})", text(l), text(r)));
  // `first(form_submit) == "x"`: a whole event where one of its fields was meant.
  for (const Expr* side : {&l, &r})
    if (side->type == Type::event_ref && side->kind == ExprKind::call && side->resolved >= 0 && side->group < 0) {
      const ast::EventDecl* event = result_.events[side->resolved];
      std::string fields;
      for (const auto& f : event->fields) fields += f.name + ", ";
      help.push_back(fmt::format("{} is a whole event: take one of its fields ({}at), as in {}.{}", text(*side), fields,
                                 text(*side), event->fields.empty() ? "at" : event->fields[0].name));
    }
}

// `count(page_view where form == "contact")` with `form` a field of
// form_submit: the filter reads the fields of the events it counts, so the
// name is unknown here, but "unknown name" hides that it exists elsewhere.
bool Checker::field_of_other_event(const Expr& e, const Scope& scope) {
  if (scope.event < 0) return false;
  auto in_filter = [&](int event) {
    if (scope.group < 0) return event == scope.event;
    const auto& members = result_.group_members[scope.group];
    return std::find(members.begin(), members.end(), event) != members.end();
  };
  const ast::EventDecl* owner = nullptr;
  for (std::size_t i = 0; i < result_.events.size() && !owner; ++i)
    if (!in_filter(static_cast<int>(i)))
      for (const auto& f : result_.events[i]->fields)
        if (f.name == e.text) owner = result_.events[i];
  if (!owner) return false;
  std::vector<std::string> help;
  std::string hint = did_you_mean(e.text, visible_names(scope));
  if (!hint.empty()) help.push_back(hint);
  std::string filtered, reads;
  if (scope.group >= 0) {
    filtered = result_.groups[scope.group]->name;
    reads = fmt::format("the events of group `{}`", filtered);
  } else {
    filtered = result_.events[scope.event]->name;
    std::string fields;
    for (const auto& f : result_.events[scope.event]->fields) fields += f.name + ", ";
    reads = fmt::format("`{}` events, whose fields are {}at", filtered, fields);
  }
  help.push_back(fmt::format("this filter reads {}; to filter `{}` events, write {}{} where {} == ...{}", reads,
                             owner->name, scope.per_rule ? "per " : "count(", owner->name, e.text,
                             scope.per_rule ? "" : ")"));
  if (scope.group >= 0)
    error("E0107", e.span, std::move(help), "`{}` is a field of event `{}`, which is not in group `{}`", e.text,
          owner->name, filtered);
  else
    error("E0107", e.span, std::move(help), "`{}` is a field of event `{}`, not of `{}`", e.text, owner->name,
          filtered);
  return true;
}

// An event after the test's as_of is ignored, as in scoring, so the test
// fails for a reason its text does not show ("but stage is lead"): warn,
// naming the event (W0301). Offsets (`at -2d`) are before as_of by construction.
void Checker::late_test_events(const ast::TestDecl& test) {
  bool explicit_as_of = test.as_of && test.as_of->kind == ExprKind::time_lit;
  if (test.as_of && !explicit_as_of) return;  // reported elsewhere
  std::int64_t as_of = explicit_as_of ? test.as_of->int_value : kDefaultTestAsOf;
  for (const auto& event : test.events) {
    if (!event.at || event.at->kind != ExprKind::time_lit || event.at->int_value <= as_of) continue;
    std::vector<std::string> help;
    if (explicit_as_of)
      help.push_back("events after as_of are ignored, as in scoring: move as_of later, or give the event's time "
                     "relative to it (`at -2d`)");
    else
      help.push_back(fmt::format("the test has no as_of, so it runs at {}: add `as_of {}` (or later) before its "
                                 "lead, or give the event's time relative to as_of (`at -2d`)",
                                 format_time(as_of), source_.slice(event.at->span)));
    out_.push_back(Diagnostic{Severity::warning, "W0301", event.span,
                              fmt::format("this `{}` event at {} is after the test's as_of ({}) and is ignored",
                                          event.name, format_time(event.at->int_value), format_time(as_of)),
                              std::move(help)});
  }
}

}  // namespace baton::checker
