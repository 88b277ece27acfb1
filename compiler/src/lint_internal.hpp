#pragma once
// Private to the linter: the state every check family shares (the checked
// file, the report function) and small expression helpers. One family per
// file: lint_reach.cpp, lint_conditions.cpp, lint_ranges.cpp, lint_unused.cpp,
// lint_missing.cpp, lint_scores.cpp, lint_regex.cpp, lint_tests.cpp,
// lint_lifecycle.cpp.
#include <fmt/format.h>

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "baton/compiler/lint.hpp"

namespace baton::linter {

// Where a boolean expression sits; decides which checks apply to it.
enum class Place : std::uint8_t {
  let,           // the value of a bool let
  when_rule,     // `+N when COND`
  where_filter,  // `per EVENT where COND` or `count(EVENT where COND)`
  stage,         // a stage arm's condition
  route,         // a route arm's condition
  lifecycle,     // a lifecycle line's `when`
};

struct Condition {
  const ast::Expr* expr = nullptr;
  Place place = Place::let;
  bool negative_points = false;  // a `-N when` rule
  int event = -1;                // where_filter: the event whose fields are names
};

class Context {
 public:
  Context(const ast::File& file, const CheckedFile& checked, const SourceFile& source, Diagnostics& out)
      : file(file), checked(checked), source(source), out_(out) {}

  template <typename... Args>
  void report(std::string_view code, SourceSpan span, std::vector<std::string> help,
              fmt::format_string<Args...> message, Args&&... args) {
    const LintRule* rule = find_lint_rule(code);
    out_.push_back(Diagnostic{rule ? rule->severity : Severity::warning, std::string(code), span,
                              fmt::format(message, std::forward<Args>(args)...), std::move(help)});
  }

  // The expression as written (whitespace inside kept).
  std::string text(const ast::Expr& e) const { return std::string(source.slice(e.span)); }
  std::uint32_t line(SourceSpan span) const { return source.line_of(span.begin); }

  // Every condition outside tests: bool lets, when rules, where filters
  // (of rules and of aggregates anywhere), stage and route arms, lifecycle
  // lines.
  const std::vector<Condition>& conditions();
  // Every expression outside tests, with each subexpression once (pre-order).
  void for_each_expr(const std::function<void(const ast::Expr&)>& visit) const;

  // May the value be missing? Optional fields, first/last, min/max/avg,
  // functions documented to give missing, and what is computed from them.
  bool maybe_missing(const ast::Expr& e);

  // Literal values, looking through parentheses, unary minus and consts.
  std::optional<double> constant_number(const ast::Expr& e) const;
  std::optional<std::string> constant_string(const ast::Expr& e) const;
  std::optional<bool> constant_bool(const ast::Expr& e) const;
  const ast::Expr* constant_items(const ast::Expr& e) const;  // a set/list literal
  const ast::Expr* constant_regex(const ast::Expr& e) const;  // a regex literal

  const ast::File& file;
  const CheckedFile& checked;
  const SourceFile& source;
  // Set while looking at a `where` filter, so event fields know their event.
  int current_event = -1;

 private:
  Diagnostics& out_;
  std::vector<Condition> conditions_;
  bool conditions_ready_ = false;
  std::unordered_map<int, bool> let_missing_;
};

// A canonical text for an expression: parentheses dropped, operators spaced,
// set items sorted, event fields marked. Equal texts mean equal values.
std::string canonical(const ast::Expr& e);
// Skips parentheses.
const ast::Expr& unparen(const ast::Expr& e);
// Calls visit on e and every subexpression (args, where, within).
void walk(const ast::Expr& e, const std::function<void(const ast::Expr&)>& visit);

bool is_comparison(ast::BinaryOp op);

// What a score block can total: its rules' points (a `per` rule without a
// cap is unbounded), clamped by the block's max and min. Decay only shrinks.
struct Range {
  double lo, hi;
};
Range score_range(Context& ctx, const ast::ScoreDecl& score);
std::string range_text(Range r);  // "[-100, 160]", "[0, inf)"
// The range of a numeric expression made of scores (and lets, constants,
// + - and constant factors); nullopt when no score takes part or it is
// anything else.
std::optional<Range> value_range(Context& ctx, const ast::Expr& e);

// The check families.
void check_reachability(Context& ctx);  // L0101-L0104
void check_conditions(Context& ctx);    // L0105-L0106
void check_ranges(Context& ctx);        // L02xx
void check_unused(Context& ctx);        // L03xx
void check_missing(Context& ctx);       // L04xx
void check_scores(Context& ctx);        // L05xx
void check_regexes(Context& ctx);       // L06xx
void check_tests(Context& ctx);         // L07xx
void check_lifecycle(Context& ctx);     // L08xx
void check_calendars(Context& ctx);     // L09xx

}  // namespace baton::linter
