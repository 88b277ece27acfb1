// The lifecycle (the funnel's order and the moves it allows) and the
// hand-offs (what a lead carries into a stage).
#include <set>

#include "checker.hpp"

namespace baton::checker {

int Checker::lead_field_index(std::string_view name) const {
  for (std::size_t i = 0; i < result_.lead_fields.size(); ++i)
    if (result_.lead_fields[i]->name == name) return static_cast<int>(i);
  return -1;
}

// The stage's index, or -1 after reporting an unknown stage.
int Checker::stage_of(const std::string& name, SourceSpan span, std::string_view where) {
  auto it = stage_index_.find(name);
  if (it != stage_index_.end()) return it->second;
  if (result_.stages) {
    std::vector<std::string> names;
    for (auto& arm : result_.stages->arms) names.push_back(arm.name);
    std::string hint = did_you_mean(name, names);
    error("E0105", span, hint.empty() ? std::vector<std::string>{} : std::vector{hint}, "unknown stage `{}` in {}",
          name, where);
  }
  return -1;
}

void Checker::check_lifecycle() {
  const ast::LifecycleDecl* lc = result_.lifecycle;
  if (!lc) return;
  // The CRM's current stage: a string field, `current_stage` unless named.
  std::string from = lc->from_field.empty() ? "current_stage" : lc->from_field;
  SourceSpan from_span = lc->from_field.empty() ? SourceSpan{lc->span.begin, lc->span.begin + 9} : lc->from_span;
  int field = lead_field_index(from);
  if (field < 0) {
    error("E0307", from_span,
          {lc->from_field.empty() ? fmt::format("declare `{}: string?` in the lead block, or name the field that holds "
                                                "it: `lifecycle from crm_stage {{`", from)
                                  : fmt::format("declare `{}: string?` in the lead block", from)},
          "the lifecycle reads the lead's current stage from the lead field `{}`, which is not declared", from);
  } else if (result_.lead_fields[field]->type.type != Type::string) {
    error("E0307", from_span, {fmt::format("declare it as `{}: string?`", from)},
          "the current stage `{}` must be a string field, not {}", from,
          type_name(result_.lead_fields[field]->type.type));
  } else {
    result_.current_stage_field = field;
  }
  std::string since = lc->since_field.empty() ? "current_stage_since" : lc->since_field;
  int since_index = lead_field_index(since);
  if (since_index < 0 && !lc->since_field.empty()) {
    error("E0307", lc->since_span, {fmt::format("declare `{}: time?` in the lead block", since)},
          "the lifecycle reads since when the lead is in its stage from `{}`, which is not declared", since);
  } else if (since_index >= 0 && result_.lead_fields[since_index]->type.type != Type::time) {
    if (!lc->since_field.empty())
      error("E0307", lc->since_span, {fmt::format("declare it as `{}: time?`", since)},
            "`{}` must be a time field, not {}", since, type_name(result_.lead_fields[since_index]->type.type));
  } else if (since_index >= 0) {
    result_.stage_since_field = since_index;
  }

  std::set<std::pair<int, int>> seen;
  for (const auto& path : lc->paths) {
    if (path.condition) condition(const_cast<ast::Expr&>(*path.condition), Scope{}, "a lifecycle condition");
    std::vector<int> stages;
    for (std::size_t i = 0; i < path.stages.size(); ++i) {
      if (path.stages[i] == "any") {
        if (i != 0)
          error("E0307", path.stage_spans[i], {"write `any -> STAGE`: a move from any stage into STAGE"},
                "`any` can only start a lifecycle line");
        stages.push_back(-1);
        continue;
      }
      stages.push_back(stage_of(path.stages[i], path.stage_spans[i], "the lifecycle"));
    }
    for (std::size_t i = 0; i + 1 < stages.size(); ++i) {
      int a = stages[i], b = stages[i + 1];
      if ((i > 0 && a < 0) || b < 0) continue;  // reported above
      if (a == b) {
        error("E0307", path.stage_spans[i + 1], {"a lead that stays in its stage needs no move"},
              "a move from `{}` to itself", path.stages[i]);
        continue;
      }
      if (!path.condition && !seen.insert({a, b}).second)
        error("E0307", path.stage_spans[i + 1], {"remove the repeated move"}, "the move {} -> {} is listed twice",
              path.stages[i], path.stages[i + 1]);
      result_.moves.push_back({a, b, &path});
    }
  }
}

namespace {
bool valid_format(std::string_view f, Type t) {
  if (f.empty()) return true;
  if (t != Type::int_ && t != Type::number) return false;
  return f.size() == 3 && f[0] == '.' && f[1] >= '0' && f[1] <= '9' && f[2] == 'f';
}
}  // namespace

// The event type or group a bare name in a summary names, or "".
std::string Checker::event_named(const ast::Expr& e) const {
  if (e.kind != ast::ExprKind::name) return {};
  auto it = globals_.find(e.text);
  return it != globals_.end() && it->second.kind == ast::NameKind::event_type ? e.text : std::string();
}

// What a summary can show of an event: a field of the latest one (`at` when
// it declares none), and, for the type itself, how many there are.
std::string Checker::summary_event_help(const std::string& event, const std::string& one, bool count) const {
  std::string field = "at";
  for (const auto* decl : result_.events)
    if (decl->name == event && !decl->fields.empty()) field = decl->fields[0].name;
  if (count)
    return fmt::format("show one of its fields, e.g. {{{}.{}}}, or how many there are, {{count({})}}", one, field,
                       event);
  return fmt::format("show one of its fields, e.g. {{{}.{}}}", one, field);
}

// A regex only tests text: show the text, or whether it matches.
std::string Checker::summary_regex_help(const std::string& regex) const {
  for (const auto* f : result_.lead_fields)
    if (f->type.type == Type::string)
      return fmt::format("a regex tests text: show whether a text matches it, e.g. {{{} matches {}}}, or the text, "
                         "{{{}}}",
                         f->name, regex, f->name);
  return fmt::format("a regex tests text: show whether a text matches it, e.g. {{TEXT matches {}}}", regex);
}

void Checker::check_handoffs() {
  std::set<int> stages;
  for (const auto* h : result_.handoffs) {
    int stage = stage_of(h->stage, h->stage_span, "a hand-off");
    result_.handoff_stage.push_back(stage);
    if (stage >= 0 && !stages.insert(stage).second)
      error("E0308", h->stage_span, {"merge them into one `handoff` block"}, "stage `{}` has two hand-offs", h->stage);
    for (const auto& part : h->summary) {
      if (!part.value) continue;
      // `{visit}`: an event type named where a value belongs. Said here, as
      // what a summary can show of it, rather than as E0108's "count it".
      if (std::string event = event_named(*part.value); !event.empty()) {
        error("E0308", part.value->span, {summary_event_help(event, "last(" + event + ")", true)},
              "a summary shows values, not whole events");
        continue;
      }
      Type t = expr(const_cast<ast::Expr&>(*part.value), Scope{});
      if (t == Type::event_ref) {
        const ast::Expr& call = *part.value;
        const bool named = call.kind == ast::ExprKind::call && call.args.size() == 1;
        error("E0308", part.value->span,
              {summary_event_help(named ? std::string(source_.slice(call.args[0]->span)) : std::string(),
                                  std::string(source_.slice(call.span)), false)},
              "a summary shows values, not whole events");
      } else if (t == Type::regex) {
        error("E0308", part.value->span, {summary_regex_help(std::string(source_.slice(part.value->span)))},
              "a summary shows values, not regexes");
      } else if (t != Type::invalid && !valid_format(part.format, t)) {
        error("E0308", part.span,
              {t == Type::int_ || t == Type::number ? "numbers take a number of decimals, e.g. {fit:.0f} or {ratio:.2f}"
                                                    : "only numbers take a format; write {value}"},
              "`{}` is not a format for {}", part.format, type_name(t));
      }
    }
    for (const auto& f : h->fields) {
      Type t = expr(const_cast<ast::Expr&>(*f), Scope{});
      if (t == Type::event_ref || t == Type::regex)
        error("E0308", f->span, {"list lead fields, lets and scores"}, "`{}` is not a value", f->text);
    }
    if (h->reasons) {
      Type t = expr(const_cast<ast::Expr&>(*h->reasons), Scope{});
      if (t == Type::int_ && (h->reasons->int_value < 0 || h->reasons->int_value > 20))
        error("E0308", h->reasons->span, {"write a count from 0 to 20"}, "a hand-off gives at most 20 reasons");
    }
  }
}

}  // namespace baton::checker
