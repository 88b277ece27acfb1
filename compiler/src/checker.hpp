#pragma once
// Private to the checker: the state shared by check_decls.cpp (declarations,
// cycles, stages/routes), check_exprs.cpp (expression typing) and
// check_tests.cpp (test blocks).
#include <fmt/format.h>

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "baton/compiler/check.hpp"
#include "baton/stdlib/registry.hpp"

namespace baton::checker {

// What a bare name in an expression can refer to.
struct Symbol {
  ast::NameKind kind = ast::NameKind::unresolved;
  int index = -1;
  Type type = Type::invalid;
  SourceSpan declared;
};

// Where an expression sits, which decides what names mean there.
struct Scope {
  int event = -1;         // inside `where`: the event type whose fields are names
  int group = -1;         // ...or the event group (then `event` is its first member)
  bool in_test = false;   // test expectations: stage, route, deadline, transition... exist
  bool per_rule = false;  // the `where` of a `per` rule (not of an aggregate)
  bool allow_aggregates = true;
  int depends_from = -1;  // the let/score being checked (node id), for cycles
  // A stage or route condition: there `stage` is a mistake with its own fix.
  enum class Place { other, stage_condition, route_condition, route_target } place = Place::other;
  // A name compared with text (`region == emea`): most likely text left unquoted.
  bool compared_with_text = false;
};

class Checker {
 public:
  Checker(ast::File& file, const SourceFile& source, Diagnostics& out);
  CheckedFile run();

  // Expression typing (check_exprs.cpp).
  Type expr(ast::Expr& e, const Scope& scope);
  Type condition(ast::Expr& e, const Scope& scope, std::string_view what);
  std::string duration_with_number_help(const ast::Expr& e, bool comparison) const;
  // A literal or a const name of one of the given types; false otherwise.
  bool constant(ast::Expr& e, std::initializer_list<Type> types, std::string_view what);

  template <typename... Args>
  void error(std::string code, SourceSpan span, std::vector<std::string> help,
             fmt::format_string<Args...> message, Args&&... args) {
    out_.push_back(Diagnostic{Severity::error, std::move(code), span,
                              fmt::format(message, std::forward<Args>(args)...), std::move(help)});
  }
  std::string did_you_mean(std::string_view wrong, const std::vector<std::string>& candidates) const;

 private:
  // Declarations (check_decls.cpp).
  void collect();
  void declare(const std::string& name, SourceSpan span, Symbol symbol, bool exported_let = false);
  void check_field(const ast::FieldDecl& field, std::string_view owner);
  void check_const(ast::ConstDecl& c);
  void check_score(ast::ScoreDecl& score, int index);
  void check_stages();
  void check_routes();
  void check_lifecycle();  // check_lifecycle.cpp
  void check_handoffs();   // check_lifecycle.cpp
  std::string event_named(const ast::Expr& e) const;
  std::string summary_event_help(const std::string& event, const std::string& one, bool count) const;
  std::string summary_regex_help(const std::string& regex) const;
  void check_calendars();  // check_calendars.cpp
  int calendar_ref(const std::string& name, SourceSpan span);
  void resolve_holidays(const ast::HolidayItem& item, std::vector<std::int32_t>& days, std::vector<int>& visiting);
  Type business_call(ast::Expr& e, const Scope& scope);  // business_hours_since(t, CALENDAR)
  int lead_field_index(std::string_view name) const;
  int stage_of(const std::string& name, SourceSpan span, std::string_view where);
  void order_lets_and_scores();
  Type ensure_let(int index);
  double constant_value(const ast::Expr& e) const;
  static constexpr int kMaxLetDepth = 500;
  int let_depth_ = 0;
  bool too_deep_ = false;
  void check_test(ast::TestDecl& test);  // check_tests.cpp
  void late_test_events(const ast::TestDecl& test);  // check_mistakes.cpp
  void check_record_field(ast::RecordField& field, const std::vector<const ast::FieldDecl*>& schema,
                          std::string_view owner);

  // Event groups and order clauses (check_event_groups.cpp).
  struct EventSource {
    int first = -1;  // the event type, or a group's first member; -1: unknown
    int group = -1;  // the group, if it is one
  };
  void collect_group(const ast::EventDecl& group);
  void check_groups();
  bool is_event_source(std::string_view name) const;
  EventSource event_source(ast::Expr& name);  // resolves (and annotates) an event type or group name
  // A field of an event type or group (`at` included): its type; for a group,
  // a field every member has with one type. nullopt when no member has it and
  // `report_unknown` is false.
  std::optional<Type> source_field(const EventSource& src, ast::Expr& at, const std::string& field,
                                   const std::string& source_name, bool report_unknown);
  std::optional<Type> group_field(ast::Expr& e, const Scope& scope);  // a name inside a group's filter
  bool order_clauses(ast::Expr& e, const Scope& scope, int kind);

  // Expressions (check_exprs.cpp).
  Type name(ast::Expr& e, const Scope& scope);
  Type member(ast::Expr& e, const Scope& scope);
  Type call(ast::Expr& e, const Scope& scope);
  Type aggregate(ast::Expr& e, const Scope& scope, int kind);
  Type function(ast::Expr& e, const Scope& scope);
  void zone_literal(const ast::Expr& arg);
  Type unary(ast::Expr& e, const Scope& scope);
  Type binary(ast::Expr& e, const Scope& scope);
  Type between(ast::Expr& e, const Scope& scope);
  Type conditional(ast::Expr& e, const Scope& scope);
  Type collection(ast::Expr& e, const Scope& scope);
  bool resolve_stage_name(ast::Expr& e);
  // Names brought from elsewhere: `null`, `stage` outside tests (check_mistakes.cpp).
  bool misplaced_name(std::string_view name, SourceSpan span, const Scope& scope);
  std::optional<Type> misplaced_comparison(ast::Expr& e, const Scope& scope);
  // Hints for an operator given the wrong operands: what was most likely meant.
  void help_for_mismatch(const ast::Expr& e, Type a, Type b, const Scope& scope, std::vector<std::string>& help) const;
  // A name in a `where` that is a field of another event type: reported, true.
  bool field_of_other_event(const ast::Expr& e, const Scope& scope);
  void note_dependency(const Scope& scope, int node);
  std::vector<std::string> visible_names(const Scope& scope) const;
  std::string signatures(std::string_view function) const;

 public:
  ast::File& file_;
  const SourceFile& source_;
  Diagnostics& out_;
  const stdlib::Registry& registry_;
  CheckedFile result_;
  std::unordered_map<std::string, Symbol> globals_;
  std::unordered_map<std::string, int> event_index_;
  std::unordered_map<std::string, int> group_index_;  // event groups (CheckedFile::groups)
  std::unordered_map<std::string, int> stage_index_;
  std::unordered_map<std::string, int> calendar_index_;  // calendars and holiday lists: a namespace of their own
  std::unordered_map<std::string, int> holidays_index_;
  // Dependency graph over lets (0..L-1) and scores (L..L+S-1).
  std::vector<std::vector<int>> depends_;
  std::vector<int> let_state_;  // 0 unchecked, 1 being checked, 2 done
  mutable std::size_t hints_given_ = 0;
  mutable std::vector<std::string> global_names_;  // cached: visible_names() outside filters and tests
};

// Numeric widening: the common type of two operands, or invalid.
Type unify(Type a, Type b);
// Why RE2 rejects a pattern, or "" when it compiles.
std::string regex_problem(const std::string& pattern, const std::string& flags);

}  // namespace baton::checker
