#pragma once
// The abstract syntax tree of one SLA file. The parser (compiler/src/parse.cpp)
// builds it straight from PEGTL's parse, so nothing in here knows about PEGTL.
// The checker fills in the annotations marked "checker:"; the code generator
// reads them. Nodes keep byte spans only; see source.hpp for positions.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "baton/common/types.hpp"
#include "baton/compiler/source.hpp"

namespace baton::ast {

enum class ExprKind : std::uint8_t {
  int_lit,       // 42            int_value, text = "42"
  number_lit,    // 4.5           number_value, text = "4.5"
  string_lit,    // "x"           text = decoded value (escapes resolved)
  bool_lit,      // true          bool_value
  duration_lit,  // 30d           int_value = seconds, text = "30d"
  time_lit,      // 2026-11-23    int_value = epoch seconds, text as written
  regex_lit,     // /ab+/i        text = pattern, flags = "i"
  set_lit,       // {"a", "b"}    args = items
  list_lit,      // ["a", "b"]    args = items
  name,          // company_size  text = name
  member,        // last(x).at    args[0] = object, text = member name
  call,          // f(a, b)       text = function name, args; aggregates may
                 //               also have `where` and `within`
  unary,         // -x, not x     uop, args[0]
  binary,        // a + b         bop, args[0], args[1]
  between,       // x between a and b   args = {x, a, b}
  paren,         // (x)           args[0]; kept so `fmt` preserves grouping
  conditional,   // if c then a else b   args = {c, a, b}
};

enum class UnaryOp : std::uint8_t { neg, not_ };

enum class BinaryOp : std::uint8_t {
  coalesce,  // ??
  or_, and_,
  eq, ne, lt, le, gt, ge,  // eq..contains: the comparisons, kept together (explain tests the range)
  in, not_in, matches, starts_with, ends_with, contains,
  add, sub, mul, div, mod,
};

// How the checker resolved a `name` expression.
enum class NameKind : std::uint8_t {
  unresolved, lead_field, event_field, const_, let, score, stage, event_type,
  builtin_value,  // stage / route / deadline / as_of / transition / previous_stage / rules_stage / stage_since in test expectations
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  ExprKind kind = ExprKind::int_lit;
  SourceSpan span;
  std::string text;
  std::string flags;  // regex flags
  std::int64_t int_value = 0;
  double number_value = 0;
  bool bool_value = false;
  UnaryOp uop = UnaryOp::neg;
  BinaryOp bop = BinaryOp::add;
  std::vector<ExprPtr> args;
  ExprPtr where;   // call only: `count(page_view where url == "/x")`
  ExprPtr within;  // call only: `count(page_view within 30d)`; with `after`, the gap
  ExprPtr among;   // call only: `position(E among GROUP)`: a name
  ExprPtr after;   // call only: `any(B within 1d after A where F)`: a name whose `where` is F

  // checker: the static type, and what a name or call resolved to.
  Type type = Type::invalid;
  NameKind name_kind = NameKind::unresolved;
  int resolved = -1;  // index of the field/const/let/score/stage/function
  int aggregate = -1; // checker: the bc::AggKind when this call is an event aggregate
  int calendar = -1;  // checker: business_hours_since's and distinct_days' calendar (index into CheckedFile::calendars)
  int group = -1;     // checker: the event group an aggregate (or its `among`/`after` name) is over
                      // (index into CheckedFile::groups); `resolved` is then its first member
};

struct Comment {
  SourceSpan span;   // from '#' to the end of the line
  std::string text;  // including the '#'
};

struct TypeRef {
  Type type = Type::invalid;
  SourceSpan span;
};

struct FieldDecl {
  std::string name;
  SourceSpan name_span;
  TypeRef type;
  bool optional = false;  // `budget: number?`
  ExprPtr default_value;  // `is_customer: bool = false` (a literal)
  SourceSpan span;
};

struct LeadDecl {
  std::vector<FieldDecl> fields;
  SourceSpan span;
};

struct EventDecl {
  std::string name;
  SourceSpan name_span;
  std::vector<FieldDecl> fields;  // `at: time` is implicit, never listed
  // An event group (`event touches = page_view | webinar`) lists its member
  // types here and has no fields; an event type has no members.
  std::vector<std::string> members;
  std::vector<SourceSpan> member_spans;
  SourceSpan span;
};

struct ConstDecl {
  std::string name;
  SourceSpan name_span;
  ExprPtr value;  // a literal (number, string, duration, time, regex, set, list, bool)
  SourceSpan span;
};

struct LetDecl {
  bool exported = false;
  std::string name;
  SourceSpan name_span;
  ExprPtr value;
  SourceSpan span;
};

enum class RuleKind : std::uint8_t { when, per };

struct ScoreRule {
  RuleKind kind = RuleKind::when;
  bool negative = false;  // `-40 when ...`
  ExprPtr points;         // number literal or const name (no sign)
  ExprPtr condition;      // when: the condition
  std::string event;      // per: the event type
  SourceSpan event_span;
  ExprPtr where;          // per: optional filter on the event
  ExprPtr within;         // per: optional duration
  ExprPtr max;            // optional cap on this rule's total
  SourceSpan span;
};

struct ScoreDecl {
  std::string name;
  SourceSpan name_span;
  ExprPtr max;        // `max 100`
  ExprPtr min;        // `min 0`
  ExprPtr window;     // `window 90d`
  ExprPtr half_life;  // `decay half_life 21d`
  std::vector<ScoreRule> rules;
  SourceSpan span;
};

struct StageArm {
  std::string name;
  SourceSpan name_span;
  ExprPtr condition;  // null means `otherwise`
  SourceSpan span;
};

struct StagesDecl {
  std::vector<StageArm> arms;
  SourceSpan span;
};

// `escalate to TARGET after DURATION [on CALENDAR]`: a step of a route's cadence.
struct Escalation {
  ExprPtr target;  // string
  ExprPtr after;   // duration, from the evaluation time
  std::string calendar;
  SourceSpan calendar_span;
  SourceSpan span;
};

struct RouteArm {
  std::string stage;
  SourceSpan stage_span;
  ExprPtr condition;  // optional `when`
  ExprPtr target;     // string expression after `->`
  ExprPtr within;     // optional follow-up deadline (a duration expression)
  std::string calendar;    // `within 4h on emea`: counted in emea's working time ("" = wall clock)
  SourceSpan calendar_span;
  std::vector<Escalation> escalations;
  SourceSpan span;
};

struct RoutesDecl {
  std::vector<RouteArm> arms;
  SourceSpan span;
};

// lifecycle [from FIELD [since FIELD]] { ... }: the funnel's order and the
// moves it allows. Each line `a -> b -> c [when COND]` allows a -> b and
// b -> c (under COND when given); `any` as the first stage means every stage.
struct LifecyclePath {
  std::vector<std::string> stages;
  std::vector<SourceSpan> stage_spans;
  ExprPtr condition;  // optional `when`
  SourceSpan span;
};

struct LifecycleDecl {
  std::string from_field;   // the lead field holding the CRM's current stage ("" = current_stage)
  SourceSpan from_span;
  std::string since_field;  // the lead field holding since when ("" = current_stage_since, if declared)
  SourceSpan since_span;
  std::vector<LifecyclePath> paths;
  SourceSpan span;
};

// A piece of a text template: literal text, or an expression with a format.
struct TemplatePart {
  std::string text;     // literal text (escapes and {{ }} resolved)
  ExprPtr value;        // or a placeholder's expression
  std::string format;   // the placeholder's format after ':' ("" or ".0f")
  SourceSpan span;
};

// handoff STAGE { summary "..."  fields a, b  reasons N }: what a lead
// carries to the team when it enters STAGE.
struct HandoffDecl {
  std::string stage;
  SourceSpan stage_span;
  std::vector<TemplatePart> summary;
  bool has_summary = false;
  SourceSpan summary_span;
  std::vector<ExprPtr> fields;  // names
  ExprPtr reasons;              // int literal: how many top reasons
  SourceSpan span;
};

// A holiday in a `holidays` list or a calendar: a date, or another list's name.
struct HolidayItem {
  std::string text;       // "2026-12-25" or "us_2026", as written
  bool is_date = false;
  std::int32_t day = 0;   // dates: days since 1970-01-01; valid when `valid`
  bool valid = false;     // false for an impossible date (2026-02-30)
  SourceSpan span;
};

// holidays NAME { 2026-01-01, other_list, ... }
struct HolidaysDecl {
  std::string name;
  SourceSpan name_span;
  std::vector<HolidayItem> items;
  SourceSpan span;
};

// One line of a calendar: `mon-fri 09:00-12:00, 13:00-17:00` (days 0 = mon ..
// 6 = sun, minutes from midnight) or `holidays us_2026, 2026-12-24`.
struct CalendarLine {
  bool is_holidays = false;
  int first_day = 0, last_day = 0;
  SourceSpan days_span;
  std::vector<std::pair<std::uint16_t, std::uint16_t>> intervals;
  std::vector<SourceSpan> interval_spans;
  std::vector<HolidayItem> holidays;
  SourceSpan span;
};

// calendar NAME "Zone/Name" { lines }
struct CalendarDecl {
  std::string name;
  SourceSpan name_span;
  std::string zone;
  SourceSpan zone_span;
  std::vector<CalendarLine> lines;
  SourceSpan span;
};

struct RecordField {
  std::string name;
  SourceSpan name_span;
  ExprPtr value;  // a literal
  SourceSpan span;
};

struct TestEvent {
  std::string name;
  SourceSpan name_span;
  ExprPtr at;  // `at -2d`: a duration_lit wrapped in unary neg; `at 2026-11-01`: time_lit
  std::vector<RecordField> fields;
  SourceSpan span;
};

struct TestDecl {
  std::string name;
  SourceSpan name_span;
  ExprPtr as_of;  // optional time literal
  std::vector<RecordField> lead;
  SourceSpan lead_span;
  std::vector<TestEvent> events;
  std::vector<ExprPtr> expects;
  SourceSpan span;
};

using Decl = std::variant<LeadDecl, EventDecl, ConstDecl, LetDecl, ScoreDecl,
                          StagesDecl, RoutesDecl, TestDecl, LifecycleDecl, HandoffDecl, HolidaysDecl, CalendarDecl>;

struct File {
  std::string sla_name;
  SourceSpan sla_name_span;
  std::string version;
  SourceSpan version_span;
  SourceSpan header_span;
  // A tests file (`tests for "acme.baton"`) names the SLA it tests here and
  // has no name or version of its own.
  std::string tests_for;
  SourceSpan tests_for_span;
  std::vector<Decl> decls;
  std::vector<Comment> comments;  // in source order, for `baton fmt`
};

const char* binary_op_text(BinaryOp op);  // "??", "or", "==", "starts_with", ...
// The comparison with its operands swapped: `a < b` is `b > a` (others unchanged).
BinaryOp mirror(BinaryOp op);

}  // namespace baton::ast
