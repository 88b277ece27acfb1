// Event groups and order (docs/language.md, "Event groups and order"):
// `event touches = page_view | content_download | webinar`, aggregates over a
// group, the fields a group's filter may read (those every member has, with
// one type), and the order clauses of aggregates: `position(E among G)`,
// `any(B within 1d after A where F)` and `distinct_days(E, CALENDAR)`.
#include <algorithm>

#include "baton/runtime/bytecode.hpp"
#include "checker.hpp"

namespace baton::checker {

using ast::Expr;
using ast::ExprKind;
using ast::NameKind;
using K = bc::AggKind;

void Checker::collect_group(const ast::EventDecl& group) {
  int index = static_cast<int>(result_.groups.size());
  declare(group.name, group.name_span, {NameKind::event_type, -1, Type::invalid, {}});
  group_index_.emplace(group.name, index);
  result_.groups.push_back(&group);
  result_.group_members.emplace_back();
}

// Members are declared event types, each once; a group never holds a group.
void Checker::check_groups() {
  for (std::size_t g = 0; g < result_.groups.size(); ++g) {
    const ast::EventDecl& group = *result_.groups[g];
    auto& members = result_.group_members[g];
    for (std::size_t i = 0; i < group.members.size(); ++i) {
      const std::string& name = group.members[i];
      auto it = event_index_.find(name);
      if (it == event_index_.end()) {
        std::vector<std::string> help;
        if (group_index_.count(name)) {
          help.push_back(fmt::format("list the types of `{}` here instead: a group holds event types", name));
        } else {
          std::vector<std::string> names;
          for (auto* e : result_.events) names.push_back(e->name);
          std::string hint = did_you_mean(name, names);
          if (!hint.empty()) help.push_back(hint);
        }
        error("E0110", group.member_spans[i], std::move(help), "`{}` in group `{}` is not a declared event type", name,
              group.name);
        continue;
      }
      if (std::find(members.begin(), members.end(), it->second) != members.end()) {
        error("E0110", group.member_spans[i], {"list each event type once"}, "`{}` is listed twice in group `{}`", name,
              group.name);
        continue;
      }
      members.push_back(it->second);
    }
  }
}

bool Checker::is_event_source(std::string_view name) const {
  std::string key(name);
  return event_index_.count(key) || group_index_.count(key);
}

Checker::EventSource Checker::event_source(Expr& name) {
  EventSource src;
  if (auto it = event_index_.find(name.text); it != event_index_.end()) {
    src.first = it->second;
  } else if (auto g = group_index_.find(name.text); g != group_index_.end()) {
    const auto& members = result_.group_members[g->second];
    if (members.empty()) return src;  // its declaration was reported
    src.group = g->second;
    src.first = members.front();
  } else {
    std::vector<std::string> names;
    for (auto* e : result_.events) names.push_back(e->name);
    for (auto* e : result_.groups) names.push_back(e->name);
    std::string hint = did_you_mean(name.text, names);
    error("E0102", name.span, hint.empty() ? std::vector<std::string>{} : std::vector{hint}, "unknown event `{}`",
          name.text);
    return src;
  }
  name.name_kind = NameKind::event_type;
  name.resolved = src.first;
  name.group = src.group;
  name.type = Type::event_ref;
  return src;
}

std::optional<Type> Checker::source_field(const EventSource& src, Expr& at, const std::string& field,
                                          const std::string& source_name, bool report_unknown) {
  if (field == "at") {
    at.resolved = 0;
    return Type::time;
  }
  auto field_of = [&](int event) -> const ast::FieldDecl* {
    for (const auto& f : result_.events[static_cast<std::size_t>(event)]->fields)
      if (f.name == field) return &f;
    return nullptr;
  };
  std::vector<int> members = src.group >= 0 ? result_.group_members[src.group] : std::vector<int>{src.first};
  std::vector<std::string> lacking;
  const ast::FieldDecl* first = nullptr;
  int first_event = -1;
  for (int m : members) {
    const ast::FieldDecl* f = field_of(m);
    if (!f) {
      lacking.push_back(result_.events[m]->name);
    } else if (!first) {
      first = f;
      first_event = m;
    } else if (f->type.type != first->type.type) {
      error("E0212", at.span,
            {fmt::format("give `{}` one type in every event of `{}`, or filter the types in aggregates of their own", field,
                         source_name)},
            "`{}` is {} in `{}` but {} in `{}`, both in group `{}`", field, type_name(first->type.type),
            result_.events[first_event]->name, type_name(f->type.type), result_.events[m]->name, source_name);
      return Type::invalid;
    }
  }
  if (!first) {
    if (!report_unknown) return std::nullopt;
    std::vector<std::string> names{"at"};
    for (auto& f : result_.events[src.first]->fields) names.push_back(f.name);
    std::string hint = did_you_mean(field, names);
    error("E0107", at.span, hint.empty() ? std::vector<std::string>{} : std::vector{hint}, "event `{}` has no field `{}`",
          source_name, field);
    return Type::invalid;
  }
  if (!lacking.empty()) {
    std::string list;
    for (std::size_t i = 0; i < lacking.size(); ++i) list += (i ? ", `" : "`") + lacking[i] + "`";
    error("E0212", at.span,
          {fmt::format("a group's filter reads only the fields every type in it has (and `at`); filter {} in an aggregate "
                       "of its own, or declare `{}` in every type of `{}`",
                       list, field, source_name)},
          "`{}` is not a field of every event in group `{}`: {} {} none", field, source_name, list,
          lacking.size() == 1 ? "has" : "have");
    return Type::invalid;
  }
  // The index in the first member; the code generator finds each member's own by name.
  for (std::size_t i = 0; i < result_.events[src.first]->fields.size(); ++i)
    if (result_.events[src.first]->fields[i].name == field) at.resolved = static_cast<int>(i) + 1;
  return first->type.type;
}

std::optional<Type> Checker::group_field(Expr& e, const Scope& scope) {
  EventSource src{scope.event, scope.group};
  std::optional<Type> t = source_field(src, e, e.text, result_.groups[scope.group]->name, false);
  if (t) e.name_kind = NameKind::event_field;
  return t;
}

// `among`, `after` and distinct_days' calendar, after the aggregate's own event and filter are checked.
bool Checker::order_clauses(Expr& e, const Scope& scope, int kind) {
  auto agg = static_cast<K>(kind);
  if (agg == K::position && !e.among) {
    error("E0213", e.span, {"write position(pricing_download among touches): the event, then the events it is counted among"},
          "`position` needs `among`");
    return false;
  }
  if (e.among && agg != K::position) {
    error("E0213", e.among->span, {"`among` belongs to position(EVENT among GROUP)"}, "`{}` takes no `among`", e.text);
    return false;
  }
  if (e.after && (agg == K::position || agg == K::decayed_count || agg == K::decayed_sum)) {
    error("E0213", e.after->span, {"`after` filters the events of count, any, none, all, sum, min, max, avg, distinct, "
                                   "first, last, streak and distinct_days"},
          "`{}` takes no `after`", e.text);
    return false;
  }
  if (e.among && event_source(*e.among).first < 0) return false;
  if (e.after) {
    EventSource src = event_source(*e.after);
    if (src.first < 0) return false;
    if (e.after->where) {
      Scope inner;
      inner.event = src.first;
      inner.group = src.group;
      inner.allow_aggregates = false;
      inner.depends_from = scope.depends_from;
      inner.in_test = scope.in_test;
      condition(*e.after->where, inner, "a `where` filter");
    }
  }
  if (agg == K::distinct_days && e.args.size() == 2) {
    Expr& cal = *e.args[1];
    auto found = cal.kind == ExprKind::name ? calendar_index_.find(cal.text) : calendar_index_.end();
    if (found == calendar_index_.end()) {
      std::vector<std::string> names;
      for (auto* c : result_.calendars) names.push_back(c->name);
      std::string hint = cal.kind == ExprKind::name ? did_you_mean(cal.text, names) : std::string();
      std::vector<std::string> help;
      if (!hint.empty()) help.push_back(hint);
      help.push_back("days are counted in UTC, or in the time zone of a calendar: distinct_days(page_view, emea)");
      error("E0323", cal.span, std::move(help), "the second argument of `distinct_days` must be a calendar's name");
      return false;
    }
    e.calendar = found->second;
  }
  return true;
}

}  // namespace baton::checker
