// Test blocks: the lead and events must fit the schema, and every
// expectation must be a condition over the decision.
#include <algorithm>
#include <set>

#include "baton/common/time.hpp"
#include "checker.hpp"

namespace baton::checker {

namespace {
bool is_required(const ast::FieldDecl& f) { return !f.optional && !f.default_value; }

// A value of the type, for an example to copy and edit.
std::string_view example_value(Type t) {
  switch (t) {
    case Type::int_: return "1";
    case Type::number: return "1.5";
    case Type::boolean: return "true";
    case Type::time: return "2026-11-20";
    case Type::duration: return "1d";
    case Type::string_set: return "{\"...\"}";
    case Type::string_list: return "[\"...\"]";
    default: return "\"...\"";
  }
}

// `a`, `a` and `b`, `a`, `b` and `c`
std::string name_list(const std::vector<const ast::FieldDecl*>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i)
    out += fmt::format("{}`{}`", i == 0 ? "" : i + 1 == fields.size() ? " and " : ", ", fields[i]->name);
  return out;
}

// `url: "..."`, one per field, joined with commas.
std::string example_fields(const std::vector<const ast::FieldDecl*>& fields) {
  std::string out;
  for (const auto* f : fields)
    out += fmt::format("{}{}: {}", out.empty() ? "" : ", ", f->name, example_value(f->type.type));
  return out;
}
}  // namespace

void Checker::check_record_field(ast::RecordField& field, const std::vector<const ast::FieldDecl*>& schema,
                                 std::string_view owner) {
  const ast::FieldDecl* decl = nullptr;
  for (auto* f : schema)
    if (f->name == field.name) decl = f;
  if (!decl) {
    std::vector<std::string> names;
    for (auto* f : schema) names.push_back(f->name);
    std::string hint = did_you_mean(field.name, names);
    error("E0304", field.name_span, hint.empty() ? std::vector<std::string>{} : std::vector{hint},
          "{} has no field `{}`", owner, field.name);
    return;
  }
  Type t = expr(*field.value, Scope{});
  if (t == Type::invalid) return;
  bool literal = field.value->kind != ast::ExprKind::name && field.value->kind != ast::ExprKind::call &&
                 field.value->kind != ast::ExprKind::binary && field.value->kind != ast::ExprKind::member;
  if (!literal) {
    error("E0304", field.value->span, {"write the value itself, e.g. 5000 or \"Director\""},
          "test data must be literals");
    return;
  }
  Type want = decl->type.type;
  if (t != want && !(t == Type::int_ && want == Type::number) &&
      !(t == Type::string_set && want == Type::string_list) && !(t == Type::string_list && want == Type::string_set))
    error("E0304", field.value->span,
          t == Type::string && (want == Type::string_set || want == Type::string_list) &&
                  field.value->kind == ast::ExprKind::string_lit
              ? std::vector<std::string>{want == Type::string_set
                                             ? fmt::format("write it as a set: {{\"{}\"}}", field.value->text)
                                             : fmt::format("write it as a list: [\"{}\"]", field.value->text)}
              : std::vector<std::string>{},
          "`{}` is {}, but this value is {}", field.name, type_name(want), type_name(t));
}

void Checker::check_test(ast::TestDecl& test) {
  if (test.as_of) {
    Type t = expr(*test.as_of, Scope{});
    if (t != Type::invalid && t != Type::time)
      error("E0304", test.as_of->span, {"write a time such as 2026-11-23T00:00:00Z"}, "`as_of` must be a time");
    // As --as-of: no lead is scored as of a time no value may hold.
    else if (test.as_of->kind == ast::ExprKind::time_lit &&
             (test.as_of->int_value < kFirstTime || test.as_of->int_value > kLastTime))
      error("E0304", test.as_of->span, {"times run from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z"},
            "`as_of` {} is before the year 1", test.as_of->text);
  }
  std::set<std::string> given;
  for (auto& field : test.lead) {
    if (!given.insert(field.name).second)
      error("E0304", field.name_span, {}, "`{}` is given twice in this test's lead", field.name);
    check_record_field(field, result_.lead_fields, "the lead");
  }
  // Every required field left out, in one error: a test written with
  // `lead {}` is told the whole record it needs, not one field at a time.
  std::vector<const ast::FieldDecl*> lead_missing;
  for (auto* f : result_.lead_fields)
    if (is_required(*f) && !given.count(f->name)) lead_missing.push_back(f);
  if (!lead_missing.empty()) {
    const bool one = lead_missing.size() == 1;
    std::string optional;
    for (const auto* f : lead_missing)
      optional += fmt::format("{}`{}: {}?`", optional.empty() ? "" : ", ", f->name, type_name(f->type.type));
    std::vector<std::string> help{
        test.lead_span.end ? fmt::format("add `{}` to the test's lead", example_fields(lead_missing))
                           : fmt::format("give the test a lead: `lead {{ {} }}`", example_fields(lead_missing)),
        fmt::format("or declare {} optional in the lead block: {}", one ? "the field" : "them", optional)};
    if (one)
      error("E0304", test.lead_span.end ? test.lead_span : test.name_span, std::move(help),
            "the test's lead has no `{}`, a required field", lead_missing[0]->name);
    else
      error("E0304", test.lead_span.end ? test.lead_span : test.name_span, std::move(help),
            "the test's lead lacks the required fields {}", name_list(lead_missing));
  }

  for (auto& event : test.events) {
    auto it = event_index_.find(event.name);
    if (it == event_index_.end()) {
      std::vector<std::string> names;
      for (auto* e : result_.events) names.push_back(e->name);
      std::string hint = did_you_mean(event.name, names);
      error("E0102", event.name_span, hint.empty() ? std::vector<std::string>{} : std::vector{hint},
            "unknown event `{}`", event.name);
      continue;
    }
    Type at = expr(*event.at, Scope{});
    if (at != Type::invalid && at != Type::time && at != Type::duration)
      error("E0304", event.at->span, {"write `at -2d` (before as_of) or `at 2026-11-20T10:00:00Z`"},
            "an event's `at` is a time or an offset such as -2d");
    const auto* decl = result_.events[it->second];
    std::vector<const ast::FieldDecl*> schema;
    for (auto& f : decl->fields) schema.push_back(&f);
    std::set<std::string> event_given;
    for (auto& field : event.fields) {
      // Caught here, not when the test runs: the record decoder would reject
      // the event without saying where in the file it is.
      if (!event_given.insert(field.name).second)
        error("E0304", field.name_span, {}, "`{}` is given twice in this `{}` event", field.name, decl->name);
      check_record_field(field, schema, fmt::format("event `{}`", decl->name));
    }
    // A field the event does not have is most likely the required one
    // misspelt: its own error (with a did-you-mean) says so, alone.
    const bool unknown_given = std::any_of(event.fields.begin(), event.fields.end(), [&](const auto& field) {
      return std::none_of(schema.begin(), schema.end(), [&](const ast::FieldDecl* f) { return f->name == field.name; });
    });
    std::vector<const ast::FieldDecl*> missing;
    for (auto* f : schema)
      if (is_required(*f) && !event_given.count(f->name)) missing.push_back(f);
    if (missing.empty() || unknown_given) continue;
    // The event written out whole, the fields it has first: `page_view at -2d
    // { url: "..." }`. Empty braces take the caret, as that is where they go.
    std::string fields;
    for (const auto& field : event.fields)
      fields += fmt::format("{}: {}, ", field.name, source_.slice(field.value->span));
    fields += example_fields(missing);
    const std::string example =
        fmt::format("write: {} at {} {{ {} }}", event.name, source_.slice(event.at->span), fields);
    SourceSpan where = event.span;
    const std::string_view after_time = source_.slice({event.at->span.end, event.span.end});
    if (event.fields.empty() && after_time.find('{') != std::string_view::npos)
      where.begin = event.at->span.end + static_cast<std::uint32_t>(after_time.find('{'));
    if (missing.size() == 1)
      error("E0304", where, {example}, "this `{}` event has no `{}`, a required field", decl->name, missing[0]->name);
    else
      error("E0304", where, {example}, "this `{}` event lacks the required fields {}", decl->name,
            name_list(missing));
  }
  late_test_events(test);
  Scope scope;
  scope.in_test = true;
  for (auto& e : test.expects) condition(*e, scope, "an expectation");
}

}  // namespace baton::checker
