#pragma once
// The grammar's error table: one message per rule that sits at a must<> point
// (or is raised explicitly), plus a stable code and an optional hint. The
// control below reads it when a must<> fails; a must<> rule without a message
// fails to compile, so every syntax error has a written message.
// The codes are documented in docs/errors.md ("Syntax errors (E00xx)").
#include "baton/grammar/grammar.hpp"

namespace baton::grammar {

template <typename Rule> inline constexpr const char* error_message = nullptr;
template <typename Rule> inline constexpr const char* error_code = "E0001";
template <typename Rule> inline constexpr const char* error_help = nullptr;

// What the control throws; the parser turns it into one Diagnostic.
struct syntax_error {
  const char* code;
  const char* message;
  const char* help;  // may be null
  const char* where;  // the input position at the failure
};

template <typename Rule>
struct control : p::normal<Rule> {
  template <typename ParseInput, typename... States>
  [[noreturn]] static void raise(const ParseInput& in, States&&... /*unused*/) {
    static_assert(error_message<Rule> != nullptr, "every must<> rule needs an error_message in errors.hpp");
    throw syntax_error{error_code<Rule>, error_message<Rule>, error_help<Rule>, in.current()};
  }
};

// ---- E0001: unexpected input ------------------------------------------------
template <> inline constexpr auto error_message<declaration> = "expected a declaration";
template <> inline constexpr auto error_help<declaration> = "a declaration starts with lead, event, const, let, export let, score, stages, routes, lifecycle, handoff, holidays, calendar or test";
template <> inline constexpr auto error_message<end_of_file> = "expected a declaration";
template <> inline constexpr auto error_help<end_of_file> = "a declaration starts with lead, event, const, let, export let, score, stages, routes, lifecycle, handoff, holidays, calendar or test";
template <> inline constexpr auto error_message<expr> = "expected an expression";
template <> inline constexpr auto error_message<unary> = "expected an expression";
template <> inline constexpr auto error_message<neg_operand> = "expected an expression after '-'";
template <> inline constexpr auto error_message<mul_expr> = "expected an expression after the operator";
template <> inline constexpr auto error_message<add_expr> = "expected an expression";
template <> inline constexpr auto error_message<not_operand> = "expected an expression after 'not'";
template <> inline constexpr auto error_message<not_expr> = "expected an expression after 'and'";
template <> inline constexpr auto error_message<and_expr> = "expected an expression after 'or'";
template <> inline constexpr auto error_message<or_expr> = "expected an expression after '?" "?'";
template <> inline constexpr auto error_message<if_then> = "expected 'then' after the condition of 'if'";
template <> inline constexpr auto error_help<if_then> = "a conditional looks like: if company_size >= 1000 then \"enterprise\" else \"smb\"";
template <> inline constexpr auto error_message<if_else> = "expected 'else': every 'if' needs both branches";
template <> inline constexpr auto error_help<if_else> = "a conditional looks like: if company_size >= 1000 then \"enterprise\" else \"smb\"";
template <> inline constexpr auto error_message<between_and> = "expected 'and' in 'between ... and ...'";
template <> inline constexpr auto error_help<between_and> = "a range reads: company_size between 50 and 5000 (both ends included)";
template <> inline constexpr auto error_message<member_name> = "expected a field name after '.'";
template <> inline constexpr auto error_message<literal> = "expected a literal";
template <> inline constexpr auto error_help<literal> = "a literal is a number, string, bool, duration, time, regex, set {...} or list [...]";
template <> inline constexpr auto error_message<sla_name> = "expected the sla name as a string";
template <> inline constexpr auto error_help<sla_name> = "the header looks like: sla \"acme\" version \"1.0.0\"";
template <> inline constexpr auto error_message<kw_version> = "expected 'version' after the sla name";
template <> inline constexpr auto error_help<kw_version> = "the header looks like: sla \"acme\" version \"1.0.0\"";
template <> inline constexpr auto error_message<sla_version> = "expected the version as a string";
template <> inline constexpr auto error_help<sla_version> = "the header looks like: sla \"acme\" version \"1.0.0\"";
template <> inline constexpr auto error_message<decl_name> = "expected a name";
template <> inline constexpr auto error_message<rule_event> = "expected an event name after 'per'";
template <> inline constexpr auto error_message<field_colon> = "expected ':' after the field name";
template <> inline constexpr auto error_message<field_type> = "expected a type";
template <> inline constexpr auto error_help<field_type> = "types are int, number, string, bool, time, duration, set<string> and list<string>";
template <> inline constexpr auto error_message<type_open> = "expected '<' after 'set' or 'list'";
template <> inline constexpr auto error_message<element_type> = "expected 'string'";
template <> inline constexpr auto error_help<element_type> = "only set<string> and list<string> exist";
template <> inline constexpr auto error_message<type_close> = "expected '>' to close the type";
template <> inline constexpr auto error_message<lead_open> = "expected '{' after 'lead'";
template <> inline constexpr auto error_message<event_open> = "expected '{' after the event name";
template <> inline constexpr auto error_help<event_open> = "an event lists its fields, event page_view { url: string }, or groups event types, event touches = page_view | webinar";
template <> inline constexpr auto error_message<event_member> = "expected an event type";
template <> inline constexpr auto error_help<event_member> = "a group lists declared event types: event touches = page_view | content_download | webinar";
template <> inline constexpr auto error_message<among_group> = "expected an event type or group after 'among'";
template <> inline constexpr auto error_help<among_group> = "position(pricing_download among touches) is where the event comes among the touches";
template <> inline constexpr auto error_message<after_event> = "expected an event type or group after 'after'";
template <> inline constexpr auto error_help<after_event> = "any(demo_request within 1d after page_view where url == \"/pricing\")";
template <> inline constexpr auto error_message<const_equals> = "expected '=' after the const name";
template <> inline constexpr auto error_message<let_equals> = "expected '=' after the let name";
template <> inline constexpr auto error_message<kw_let> = "expected 'let' after 'export'";
template <> inline constexpr auto error_message<number_value> = "expected a number or a const name";
template <> inline constexpr auto error_message<duration_value> = "expected a duration (like 30d) or a const name";
template <> inline constexpr auto error_message<kw_half_life> = "expected 'half_life' after 'decay'";
template <> inline constexpr auto error_message<score_open> = "expected '{' or a score option";
template <> inline constexpr auto error_help<score_open> = "score options are max N, min N, window D and decay half_life D";
template <> inline constexpr auto error_message<rule_points> = "expected the points (a number or a const name) after the sign";
template <> inline constexpr auto error_message<rule_body> = "expected 'when' or 'per' after the points";
template <> inline constexpr auto error_message<stage_body> = "expected 'when' or 'otherwise' after the stage name";
template <> inline constexpr auto error_message<stages_open> = "expected '{' after 'stages'";
template <> inline constexpr auto error_message<lifecycle_field> = "expected a lead field name";
template <> inline constexpr auto error_help<lifecycle_field> = "the header looks like: lifecycle from crm_stage since crm_stage_at {";
template <> inline constexpr auto error_message<lifecycle_stage> = "expected a stage name";
template <> inline constexpr auto error_message<lifecycle_path_rest> = "expected '->' and the next stage";
template <> inline constexpr auto error_help<lifecycle_path_rest> = "a lifecycle line looks like: lead -> mql -> sql, or: sql -> recycled when COND";
template <> inline constexpr auto error_message<lifecycle_open> = "expected '{' after 'lifecycle'";
template <> inline constexpr auto error_message<lifecycle_close> = "expected a lifecycle line or '}'";
template <> inline constexpr auto error_help<lifecycle_close> = "a lifecycle line looks like: lead -> mql -> sql, or: any -> disqualified";
template <> inline constexpr auto error_message<handoff_stage> = "expected the stage the hand-off is for";
template <> inline constexpr auto error_message<handoff_open> = "expected '{' after the hand-off's stage";
template <> inline constexpr auto error_message<handoff_close> = "expected summary, fields, reasons or '}'";
template <> inline constexpr auto error_help<handoff_close> = "a hand-off holds: summary \"TEXT {field}\", fields a, b, c and reasons N";
template <> inline constexpr auto error_message<handoff_template> = "expected the summary as a string";
template <> inline constexpr auto error_message<handoff_field> = "expected a field, let or score name";
template <> inline constexpr auto error_message<reasons_count> = "expected how many reasons, e.g. 3";
template <> inline constexpr auto error_message<template_rest> = "unterminated text: a '{' needs its '}', a '}' is written '}}'";
template <> inline constexpr auto error_code<template_rest> = "E0003";
template <> inline constexpr auto error_message<template_end> = "expected '\"' to end the text";
template <> inline constexpr auto error_help<template_end> = "a literal brace in a template is written {{ or }}";
template <> inline constexpr auto error_code<template_end> = "E0003";
template <> inline constexpr auto error_message<template_close_brace> = "expected '}' to close the placeholder";
template <> inline constexpr auto error_help<template_close_brace> = "a placeholder is {expression} or {expression:.1f}; a literal brace is {{ or }}";
template <> inline constexpr auto error_message<route_arrow> = "expected '->' and the route's destination";
template <> inline constexpr auto error_help<route_arrow> = "a route arm looks like: sql when company_size >= 1000 -> \"team:enterprise\" within 4h";
template <> inline constexpr auto error_message<routes_open> = "expected '{' after 'routes'";
template <> inline constexpr auto error_message<record_colon> = "expected ':' after the field name";
template <> inline constexpr auto error_message<record> = "expected '{' to start the lead record";
template <> inline constexpr auto error_message<time_value> = "expected a time like 2026-11-23 or 2026-11-23T10:00:00Z";
template <> inline constexpr auto error_message<kw_at> = "expected 'at' after the event name";
template <> inline constexpr auto error_help<kw_at> = "a test event reads: page_view at -2d { url: \"/pricing\" }";
template <> inline constexpr auto error_message<event_time> = "expected the event's time: -DURATION (like -2d) or a time";
template <> inline constexpr auto error_message<events_open> = "expected '{' after 'events'";
template <> inline constexpr auto error_message<test_name> = "expected the test's name as a string";
template <> inline constexpr auto error_message<test_open> = "expected '{' after the test name";

// ---- E0002: a block or bracket left open -------------------------------------
template <> inline constexpr auto error_code<paren_close> = "E0002";
template <> inline constexpr auto error_message<paren_close> = "expected ')' to close the parenthesis";
template <> inline constexpr auto error_code<call_close> = "E0002";
template <> inline constexpr auto error_message<call_close> = "expected ',' or ')' in the call";
template <> inline constexpr auto error_code<set_close> = "E0002";
template <> inline constexpr auto error_message<set_close> = "expected ',' or '}' in the set literal";
template <> inline constexpr auto error_help<set_close> = "set items are literals, like {\"a\", \"b\"}";
template <> inline constexpr auto error_code<list_close> = "E0002";
template <> inline constexpr auto error_message<list_close> = "expected ',' or ']' in the list literal";
template <> inline constexpr auto error_help<list_close> = "list items are literals, like [\"a\", \"b\"]";
template <> inline constexpr auto error_code<lead_close> = "E0002";
template <> inline constexpr auto error_message<lead_close> = "expected a field or '}' to close the lead block";
template <> inline constexpr auto error_help<lead_close> = "a field looks like: company_size: int";
template <> inline constexpr auto error_code<event_close> = "E0002";
template <> inline constexpr auto error_message<event_close> = "expected a field or '}' to close the event block";
template <> inline constexpr auto error_help<event_close> = "a field looks like: url: string";
template <> inline constexpr auto error_code<score_close> = "E0002";
template <> inline constexpr auto error_message<score_close> = "expected a rule or '}' to close the score block";
template <> inline constexpr auto error_help<score_close> = "a rule looks like: +10 when EXPR, or +5 per EVENT [where EXPR] [within D] [max N]";
template <> inline constexpr auto error_code<stages_close> = "E0002";
template <> inline constexpr auto error_message<stages_close> = "expected a stage arm or '}' to close the stages block";
template <> inline constexpr auto error_help<stages_close> = "an arm looks like: mql when score >= 35, or lead otherwise";
template <> inline constexpr auto error_code<routes_close> = "E0002";
template <> inline constexpr auto error_message<routes_close> = "expected a route arm or '}' to close the routes block";
template <> inline constexpr auto error_code<record_close> = "E0002";
template <> inline constexpr auto error_message<record_close> = "expected a field or '}' to close the record";
template <> inline constexpr auto error_help<record_close> = "a record looks like: { email: \"a@b.example\", company_size: 50 }";
template <> inline constexpr auto error_code<events_close> = "E0002";
template <> inline constexpr auto error_message<events_close> = "expected an event or '}' to close the events block";
template <> inline constexpr auto error_help<events_close> = "an event looks like: page_view at -2d { url: \"/pricing\" }";
template <> inline constexpr auto error_code<test_close> = "E0002";
template <> inline constexpr auto error_message<test_close> = "expected 'expect' or '}' to close the test block";
template <> inline constexpr auto error_help<test_close> = "a test has, in this order: as_of, lead { ... }, events { ... }, expect lines";

// ---- E0003..E0016: one code per kind of lexical or structural problem ---------
template <> inline constexpr auto error_code<string_rest> = "E0003";
template <> inline constexpr auto error_message<string_rest> = "unterminated string";
template <> inline constexpr auto error_help<string_rest> = "close it with '\"' on the same line";
template <> inline constexpr auto error_code<regex_rest> = "E0004";
template <> inline constexpr auto error_message<regex_rest> = "unterminated regex";
template <> inline constexpr auto error_help<regex_rest> = "close it with '/' on the same line; write \\/ for a slash inside the pattern";
template <> inline constexpr auto error_code<escape_code> = "E0005";
template <> inline constexpr auto error_message<escape_code> = "invalid escape sequence";
template <> inline constexpr auto error_help<escape_code> = "the escapes are \\\" \\\\ \\n \\t and \\u{HEX}";
template <> inline constexpr auto error_code<time_rest> = "E0006";
template <> inline constexpr auto error_message<time_rest> = "invalid time literal";
template <> inline constexpr auto error_help<time_rest> = "write 2026-11-23, 2026-11-23T10:30:00Z or 2026-11-23T10:30:00+02:00";
template <> inline constexpr auto error_code<malformed_number> = "E0007";
template <> inline constexpr auto error_message<malformed_number> = "invalid number or duration";
template <> inline constexpr auto error_help<malformed_number> = "durations use the units w d h m s, largest first, like 30d, 4h or 1d12h";
template <> inline constexpr auto error_code<fractional_duration_error> = "E0007";
template <> inline constexpr auto error_message<fractional_duration_error> = "a duration takes whole units";
template <> inline constexpr auto error_help<fractional_duration_error> = "write 1d12h for a day and a half, 90m for an hour and a half";
template <> inline constexpr auto error_code<number_not_duration> = "E0205";
template <> inline constexpr auto error_message<number_not_duration> = "expected a duration here, not a number";
template <> inline constexpr auto error_help<number_not_duration> = "give it a unit (w d h m s): 30d, 12h or 2w";
template <> inline constexpr auto error_code<duration_not_number> = "E0205";
template <> inline constexpr auto error_message<duration_not_number> = "expected a number here, not a duration";
template <> inline constexpr auto error_help<duration_not_number> = "`max` and `min` count points; a duration such as 30d is a length of time";
template <> inline constexpr auto error_code<keyword_as_name> = "E0009";
template <> inline constexpr auto error_message<keyword_as_name> = "a keyword cannot be used as a name";
template <> inline constexpr auto error_code<too_deep> = "E0010";
template <> inline constexpr auto error_message<too_deep> = "expression nested too deeply";
template <> inline constexpr auto error_help<too_deep> = "split it into several let declarations";
template <> inline constexpr auto error_code<header> = "E0012";
template <> inline constexpr auto error_message<header> = "expected the header: sla \"NAME\" version \"VERSION\"";
template <> inline constexpr auto error_help<header> = "every file starts like: sla \"acme\" version \"1.0.0\"";
template <> inline constexpr auto error_code<any_header> = "E0012";
template <> inline constexpr auto error_message<any_header> = "expected the header: sla \"NAME\" version \"VERSION\"";
template <> inline constexpr auto error_help<any_header> = "every file starts like: sla \"acme\" version \"1.0.0\"";
template <> inline constexpr auto error_code<kw_for> = "E0012";
template <> inline constexpr auto error_message<kw_for> = "expected `for` after `tests`";
template <> inline constexpr auto error_help<kw_for> = "a tests file starts like: tests for \"acme.baton\"";
template <> inline constexpr auto error_code<tested_sla> = "E0012";
template <> inline constexpr auto error_message<tested_sla> = "expected the path of the SLA file these tests are for, in quotes";
template <> inline constexpr auto error_help<tested_sla> = "a tests file starts like: tests for \"acme.baton\" (relative to the tests file)";
template <> inline constexpr auto error_code<chained_comparison> = "E0014";
template <> inline constexpr auto error_message<chained_comparison> = "comparisons cannot be chained";
template <> inline constexpr auto error_help<chained_comparison> = "write a < b and b < c, or use 'between'";

// ---- E0017..E0021: common mistakes (the "common mistakes" block of grammar.hpp) ----
template <> inline constexpr auto error_code<single_equals> = "E0017";
template <> inline constexpr auto error_message<single_equals> = "`=` does not compare values";
template <> inline constexpr auto error_help<single_equals> = "write `==` to compare, e.g. industry == \"saas\"";
template <> inline constexpr auto error_code<double_ampersand> = "E0018";
template <> inline constexpr auto error_message<double_ampersand> = "`&&` is not an operator in baton";
template <> inline constexpr auto error_help<double_ampersand> = "write `and`, e.g. fit >= 20 and engagement >= 30";
template <> inline constexpr auto error_code<double_bar> = "E0018";
template <> inline constexpr auto error_message<double_bar> = "`||` is not an operator in baton";
template <> inline constexpr auto error_help<double_bar> = "write `or`, e.g. any(demo_request) or fit >= 40";
template <> inline constexpr auto error_code<bang_not> = "E0018";
template <> inline constexpr auto error_message<bang_not> = "`!` is not an operator in baton";
template <> inline constexpr auto error_help<bang_not> = "write `not`, e.g. not present(budget); `!=` is the only operator with a `!`";
template <> inline constexpr auto error_code<bang_operator> = "E0018";
template <> inline constexpr auto error_message<bang_operator> = "`!` does not negate an operator in baton";
template <> inline constexpr auto error_help<bang_operator> = "write `not in` for `!in`; put `not` before any other test: not (job_title matches /vp/i)";
template <> inline constexpr auto error_code<single_quotes> = "E0019";
template <> inline constexpr auto error_message<single_quotes> = "strings are written in double quotes";
template <> inline constexpr auto error_help<single_quotes> = "write \"saas\", not 'saas'";
template <> inline constexpr auto error_code<curly_quotes> = "E0019";
template <> inline constexpr auto error_message<curly_quotes> = "strings are written in straight double quotes";
template <> inline constexpr auto error_help<curly_quotes> = "curly quotes from a word processor are not quotes here: write \"saas\", not “saas”";
template <> inline constexpr auto error_code<where_after_within> = "E0020";
template <> inline constexpr auto error_message<where_after_within> = "`where` comes before `within` in an aggregate";
template <> inline constexpr auto error_help<where_after_within> = "filter first, then limit the age: count(page_view where url starts_with \"/pricing\" within 30d)";
template <> inline constexpr auto error_code<rule_where_after_within> = "E0020";
template <> inline constexpr auto error_message<rule_where_after_within> = "`where` comes before `within` in a `per` rule";
template <> inline constexpr auto error_help<rule_where_after_within> = "filter first, then limit the age: +5 per page_view where url starts_with \"/pricing\" within 30d";
template <> inline constexpr auto error_code<event_fields_unbraced> = "E0021";
template <> inline constexpr auto error_message<event_fields_unbraced> = "a test event's fields go in braces after its time";
template <> inline constexpr auto error_help<event_fields_unbraced> = "write the event like: page_view at -2d { url: \"/pricing\" }";

template <> inline constexpr auto error_message<kw_to> = "expected 'to' after 'escalate'";
template <> inline constexpr auto error_help<kw_to> = "an escalation reads: escalate to \"manager:emea\" after 8h on emea";
template <> inline constexpr auto error_message<escalate_after> = "expected 'after' and a duration after the escalation's destination";
template <> inline constexpr auto error_help<escalate_after> = "an escalation reads: escalate to \"manager:emea\" after 8h on emea";
template <> inline constexpr auto error_message<route_calendar> = "expected a calendar's name after 'on'";
template <> inline constexpr auto error_help<route_calendar> = "declare one with: calendar emea \"Europe/Berlin\" { mon-fri 09:00-17:00 }";
template <> inline constexpr auto error_message<holidays_open> = "expected '{' after the holiday list's name";
template <> inline constexpr auto error_message<holidays_close> = "expected a date (2026-12-25), a holiday list's name or '}'";
template <> inline constexpr auto error_code<holidays_close> = "E0002";
template <> inline constexpr auto error_message<holiday_item> = "expected a date (2026-12-25) or a holiday list's name";
template <> inline constexpr auto error_message<calendar_zone> = "expected the calendar's time zone as a string, like \"Europe/Berlin\"";
template <> inline constexpr auto error_message<calendar_open> = "expected '{' after the calendar's time zone";
template <> inline constexpr auto error_message<calendar_close> = "expected working hours (mon-fri 09:00-17:00), holidays or '}'";
template <> inline constexpr auto error_help<calendar_close> = "a calendar holds lines like: mon-fri 09:00-12:00, 13:00-17:00 and holidays us_2026, 2026-12-24";
template <> inline constexpr auto error_code<calendar_close> = "E0002";
template <> inline constexpr auto error_message<day_last> = "expected the last day of the range (mon, tue, wed, thu, fri, sat or sun)";
template <> inline constexpr auto error_message<work_interval> = "expected working hours like 09:00-17:00";
template <> inline constexpr auto error_message<interval_dash> = "expected '-' between the start and the end of the hours, like 09:00-17:00";
template <> inline constexpr auto error_message<interval_end> = "expected the end of the hours, like 17:00 in 09:00-17:00";

}  // namespace baton::grammar
