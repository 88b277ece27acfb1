#pragma once
// The baton grammar (docs/language.md) as PEGTL rules, one struct per rule.
//
// Conventions:
// - Every token rule starts with `skip` (whitespace and comments), so a rule
//   that fails leaves the input just after the previous token, and a node's
//   end is the end of its last token. The parser trims leading `skip` from
//   node starts and error positions.
// - `must<>` marks the points where the parse commits; each rule inside a
//   must<> has a message in errors.hpp (the control refuses to compile
//   without one).
// - Keywords are whole words: TAO_PEGTL_KEYWORD is string + not_at<identifier_other>.
#include <tao/pegtl.hpp>

#include "baton/grammar/nesting.hpp"

namespace baton::grammar {

namespace p = tao::pegtl;

// ---- lexical --------------------------------------------------------------

struct comment : p::seq<p::one<'#'>, p::star<p::not_one<'\n'>>> {};
struct skip : p::star<p::sor<p::one<' ', '\t', '\r', '\n'>, comment>> {};
struct ident_other : p::identifier_other {};

struct kw_sla_word : TAO_PEGTL_KEYWORD("sla") {};
struct kw_lead_word : TAO_PEGTL_KEYWORD("lead") {};

// Words that end an expression or join two: never a name inside an expression.
struct expr_keyword : p::sor<TAO_PEGTL_KEYWORD("and"), TAO_PEGTL_KEYWORD("or"), TAO_PEGTL_KEYWORD("not"), TAO_PEGTL_KEYWORD("in"), TAO_PEGTL_KEYWORD("between"), TAO_PEGTL_KEYWORD("matches"), TAO_PEGTL_KEYWORD("starts_with"), TAO_PEGTL_KEYWORD("ends_with"), TAO_PEGTL_KEYWORD("contains"), TAO_PEGTL_KEYWORD("true"), TAO_PEGTL_KEYWORD("false"), TAO_PEGTL_KEYWORD("when"), TAO_PEGTL_KEYWORD("per"), TAO_PEGTL_KEYWORD("where"), TAO_PEGTL_KEYWORD("within"), TAO_PEGTL_KEYWORD("otherwise"), TAO_PEGTL_KEYWORD("if"), TAO_PEGTL_KEYWORD("then"), TAO_PEGTL_KEYWORD("else")> {};
// Every other keyword of docs/language.md except `lead`, which is also a stage name.
struct decl_keyword : p::sor<kw_sla_word, TAO_PEGTL_KEYWORD("version"), TAO_PEGTL_KEYWORD("event"), TAO_PEGTL_KEYWORD("const"), TAO_PEGTL_KEYWORD("let"), TAO_PEGTL_KEYWORD("export"), TAO_PEGTL_KEYWORD("score"), TAO_PEGTL_KEYWORD("max"), TAO_PEGTL_KEYWORD("min"), TAO_PEGTL_KEYWORD("window"), TAO_PEGTL_KEYWORD("decay"), TAO_PEGTL_KEYWORD("half_life"), TAO_PEGTL_KEYWORD("stages"), TAO_PEGTL_KEYWORD("routes"), TAO_PEGTL_KEYWORD("test"), TAO_PEGTL_KEYWORD("as_of"), TAO_PEGTL_KEYWORD("events"), TAO_PEGTL_KEYWORD("expect"), TAO_PEGTL_KEYWORD("at"), TAO_PEGTL_KEYWORD("int"), TAO_PEGTL_KEYWORD("number"), TAO_PEGTL_KEYWORD("string"), TAO_PEGTL_KEYWORD("bool"), TAO_PEGTL_KEYWORD("time"), TAO_PEGTL_KEYWORD("duration"), TAO_PEGTL_KEYWORD("set"), TAO_PEGTL_KEYWORD("list")> {};
struct stage_keyword : p::sor<expr_keyword, decl_keyword> {};
struct keyword : p::sor<kw_lead_word, stage_keyword> {};

// Leaves the parser reads the text of.
struct name : p::seq<p::not_at<keyword>, p::identifier> {};
struct stage_ident : p::seq<p::not_at<stage_keyword>, p::identifier> {};
struct expr_ident : p::seq<p::not_at<expr_keyword>, p::identifier> {};
struct member_ident : p::identifier {};
struct keyword_as_name : p::failure {};  // raised where a keyword sits in a name's place

// A declared or referenced name: a keyword there is an error, not a mismatch.
struct decl_name : p::seq<skip, p::sor<name, p::seq<p::at<keyword>, p::raise<keyword_as_name>>>> {};
struct stage_name : p::seq<skip, p::sor<stage_ident, p::seq<p::at<keyword>, p::raise<keyword_as_name>>>> {};

template <typename Key> struct kw : p::seq<skip, Key> {};
struct kw_sla : kw<kw_sla_word> {};
struct kw_version : kw<TAO_PEGTL_KEYWORD("version")> {};
struct kw_lead : kw<kw_lead_word> {};
struct kw_event : kw<TAO_PEGTL_KEYWORD("event")> {};
struct kw_const : kw<TAO_PEGTL_KEYWORD("const")> {};
struct kw_let : kw<TAO_PEGTL_KEYWORD("let")> {};
struct kw_export : kw<TAO_PEGTL_KEYWORD("export")> {};
struct kw_score : kw<TAO_PEGTL_KEYWORD("score")> {};
struct kw_max : kw<TAO_PEGTL_KEYWORD("max")> {};
struct kw_min : kw<TAO_PEGTL_KEYWORD("min")> {};
struct kw_window : kw<TAO_PEGTL_KEYWORD("window")> {};
struct kw_decay : kw<TAO_PEGTL_KEYWORD("decay")> {};
struct kw_half_life : kw<TAO_PEGTL_KEYWORD("half_life")> {};
struct kw_when : kw<TAO_PEGTL_KEYWORD("when")> {};
struct kw_per : kw<TAO_PEGTL_KEYWORD("per")> {};
struct kw_where : kw<TAO_PEGTL_KEYWORD("where")> {};
struct kw_within : kw<TAO_PEGTL_KEYWORD("within")> {};
struct kw_stages : kw<TAO_PEGTL_KEYWORD("stages")> {};
struct kw_otherwise : kw<TAO_PEGTL_KEYWORD("otherwise")> {};
struct kw_routes : kw<TAO_PEGTL_KEYWORD("routes")> {};
struct kw_test : kw<TAO_PEGTL_KEYWORD("test")> {};
struct kw_as_of : kw<TAO_PEGTL_KEYWORD("as_of")> {};
struct kw_events : kw<TAO_PEGTL_KEYWORD("events")> {};
struct kw_expect : kw<TAO_PEGTL_KEYWORD("expect")> {};
struct kw_at : kw<TAO_PEGTL_KEYWORD("at")> {};
struct kw_and : kw<TAO_PEGTL_KEYWORD("and")> {};
struct kw_or : kw<TAO_PEGTL_KEYWORD("or")> {};
struct kw_not : kw<TAO_PEGTL_KEYWORD("not")> {};
struct kw_between : kw<TAO_PEGTL_KEYWORD("between")> {};
struct kw_string : kw<TAO_PEGTL_KEYWORD("string")> {};
struct kw_if : kw<TAO_PEGTL_KEYWORD("if")> {};
struct kw_then : kw<TAO_PEGTL_KEYWORD("then")> {};
struct kw_else : kw<TAO_PEGTL_KEYWORD("else")> {};

template <char C> struct punct : p::seq<skip, p::one<C>> {};
struct comma : punct<','> {};
struct colon : punct<':'> {};
struct equals : p::seq<skip, p::one<'='>, p::not_at<p::one<'='>>> {};
struct lparen : punct<'('> {};
struct rparen : punct<')'> {};
struct close_brace : p::one<'}'> {};
struct close_bracket : p::one<']'> {};
struct arrow : p::seq<skip, p::string<'-', '>'>> {};

// ---- literals ---------------------------------------------------------------

struct digits : p::seq<p::digit, p::star<p::sor<p::digit, p::seq<p::one<'_'>, p::digit>>>> {};
struct int_lit : p::seq<digits, p::not_at<ident_other>> {};
struct number_lit : p::seq<digits, p::one<'.'>, p::plus<p::digit>, p::not_at<ident_other>> {};
struct duration_unit : p::one<'w', 'd', 'h', 'm', 's'> {};
struct duration_lit : p::seq<p::plus<p::plus<p::digit>, duration_unit>, p::not_at<ident_other>> {};
struct malformed_number : p::failure {};  // raised on `15min`, `3x`: digits glued to letters
struct bad_number : p::seq<p::at<p::digit>, p::raise<malformed_number>> {};
// Common slips named as what they are, not as a malformed literal: `1.5d`
// (durations take whole units), a number where a duration belongs and a
// duration where a number belongs.
struct fractional_duration_error : p::failure {};
struct fractional_duration
    : p::seq<p::at<digits, p::one<'.'>, p::plus<p::digit>, duration_unit>, p::raise<fractional_duration_error>> {};
struct number_not_duration : p::failure {};
struct number_for_duration
    : p::seq<p::at<p::opt<p::one<'-'>>, p::sor<number_lit, int_lit>>, p::raise<number_not_duration>> {};
struct duration_not_number : p::failure {};
struct duration_for_number : p::seq<p::at<p::opt<p::one<'-'>>, duration_lit>, p::raise<duration_not_number>> {};

struct two_digits : p::rep<2, p::digit> {};
struct date_part : p::seq<p::rep<4, p::digit>, p::one<'-'>, two_digits, p::one<'-'>, two_digits> {};
struct utc_offset : p::sor<p::one<'Z'>, p::seq<p::one<'+', '-'>, two_digits, p::one<':'>, two_digits>> {};
struct time_of_day : p::seq<p::one<'T'>, two_digits, p::one<':'>, two_digits, p::opt<p::one<':'>, two_digits, p::opt<p::one<'.'>, p::plus<p::digit>>>, utc_offset> {};
struct time_rest : p::seq<p::opt<time_of_day>, p::not_at<ident_other>> {};
// Tried before numbers: `2026-11-23` is a time, never a subtraction.
struct time_lit : p::seq<date_part, p::must<time_rest>> {};

struct string_open : p::one<'"'> {};
struct hex_escape : p::seq<p::one<'u'>, p::one<'{'>, p::rep_min_max<1, 6, p::xdigit>, p::one<'}'>> {};
struct escape_code : p::sor<p::one<'"', '\\', 'n', 't'>, hex_escape> {};
struct string_char : p::sor<p::seq<p::one<'\\'>, p::must<escape_code>>, p::not_one<'"', '\\', '\n'>> {};
struct string_rest : p::seq<p::star<string_char>, p::one<'"'>> {};
struct string_lit : p::seq<string_open, p::must<string_rest>> {};

struct regex_open : p::one<'/'> {};
struct regex_char : p::sor<p::seq<p::one<'\\'>, p::not_one<'\n'>>, p::not_one<'/', '\\', '\n'>> {};
struct regex_flags : p::star<ident_other> {};
struct regex_rest : p::seq<p::star<regex_char>, p::one<'/'>, regex_flags> {};
struct regex_lit : p::seq<regex_open, p::must<regex_rest>> {};

struct bool_lit : p::sor<TAO_PEGTL_KEYWORD("true"), TAO_PEGTL_KEYWORD("false")> {};
struct signed_number : p::seq<p::opt<p::one<'-'>>, p::sor<number_lit, int_lit>> {};

struct bad_quote;  // 'text': see "common mistakes" below
// Items of set and list literals are plain literals.
struct item : p::seq<skip, p::sor<string_lit, time_lit, duration_lit, fractional_duration, signed_number, bool_lit, bad_number, bad_quote>> {};
struct set_close : p::seq<skip, close_brace> {};
struct list_close : p::seq<skip, close_bracket> {};
struct set_lit : p::seq<p::one<'{'>, p::opt<item, p::star<comma, item>, p::opt<comma>>, p::must<set_close>> {};
struct list_lit : p::seq<p::one<'['>, p::opt<item, p::star<comma, item>, p::opt<comma>>, p::must<list_close>> {};

// A literal where only a literal may go: const values, defaults, test records.
struct literal_value : p::sor<set_lit, list_lit, regex_lit, string_lit, time_lit, duration_lit, fractional_duration, signed_number, bool_lit, bad_number, bad_quote> {};
struct literal : p::seq<skip, literal_value> {};

// ---- expressions, loosest last ----------------------------------------------

struct expr;
struct neg_expr;
struct not_expr;
// Detectors of common mistakes, defined in their own block below.
struct operand_mistake;
struct operator_mistake;
struct where_after_within_call;
struct expression : p::seq<skip, p::must<expr>> {};

struct paren_close : p::seq<skip, p::one<')'>> {};
struct paren_expr : p::seq<p::one<'('>, p::must<expr>, p::must<paren_close>> {};
struct call_where : p::seq<kw_where, p::must<expr>> {};
struct call_within : p::seq<kw_within, p::must<expr>> {};
struct call_args : p::opt<expr, p::star<comma, p::must<expr>>> {};
struct call_close : p::seq<skip, p::one<')'>> {};
struct callee : expr_ident {};
// Order clauses of event aggregates (docs/language.md, Event groups and order):
// `position(pricing_download among touches)`, `any(demo_request within 1d
// after page_view where url == "/pricing")`. `among` and `after` are words
// only here.
struct kw_among : kw<TAO_PEGTL_KEYWORD("among")> {};
struct kw_after_event : kw<TAO_PEGTL_KEYWORD("after")> {};
struct among_group : decl_name {};
struct call_among : p::seq<kw_among, p::must<among_group>> {};
struct after_event : decl_name {};
struct after_where : p::seq<kw_where, p::must<expr>> {};
struct call_after : p::seq<kw_after_event, p::must<after_event>, p::opt<after_where>> {};
struct call : p::seq<callee, lparen, call_args, p::opt<call_where>, p::opt<call_among>, p::opt<call_within, where_after_within_call>,
                     p::opt<call_after>, p::must<call_close>> {};
struct name_ref : expr_ident {};
struct primary : p::seq<skip, p::sor<paren_expr, set_lit, list_lit, regex_lit, string_lit, time_lit, duration_lit, fractional_duration, number_lit, int_lit, bad_number, bool_lit, call, name_ref, operand_mistake>> {};

struct member_name : p::seq<skip, member_ident> {};
struct member : p::seq<skip, p::one<'.'>, p::must<member_name>> {};
struct postfix : p::seq<primary, p::star<member>> {};

struct unary : p::sor<neg_expr, postfix> {};
struct neg_operand : nested<unary> {};
struct minus : p::seq<skip, p::one<'-'>, p::not_at<p::one<'>'>>> {};
struct neg_expr : p::seq<minus, p::must<neg_operand>> {};

struct mul_op : p::one<'*', '/', '%'> {};
struct mul_tail : p::seq<skip, mul_op, p::must<unary>> {};
struct mul_expr : p::seq<unary, p::star<mul_tail>> {};

// `+20 when a\n -40 when b` is two score rules, not `a - 40`: an additive
// operator never starts what reads as the next rule.
struct points : p::seq<skip, p::sor<number_lit, int_lit, name>> {};
struct rule_start : p::seq<p::one<'+', '-'>, points, p::sor<kw_when, kw_per>> {};
struct add_op : p::seq<p::not_at<rule_start>, p::sor<p::one<'+'>, p::seq<p::one<'-'>, p::not_at<p::one<'>'>>>>> {};
struct add_tail : p::seq<skip, add_op, p::must<mul_expr>> {};
struct add_expr : p::seq<mul_expr, p::star<add_tail>> {};

struct not_in : p::seq<TAO_PEGTL_KEYWORD("not"), skip, TAO_PEGTL_KEYWORD("in")> {};
struct cmp_op : p::sor<p::string<'=', '='>, p::string<'!', '='>, p::string<'<', '='>, p::string<'>', '='>, p::one<'<'>, p::one<'>'>, not_in, TAO_PEGTL_KEYWORD("in"), TAO_PEGTL_KEYWORD("matches"), TAO_PEGTL_KEYWORD("starts_with"), TAO_PEGTL_KEYWORD("ends_with"), TAO_PEGTL_KEYWORD("contains")> {};
struct between_and : kw_and {};
struct between_tail : p::seq<kw_between, p::must<add_expr>, p::must<between_and>, p::must<add_expr>> {};
struct cmp_tail : p::seq<skip, cmp_op, p::must<add_expr>> {};
struct chained_comparison : p::failure {};
struct no_chain : p::not_at<skip, p::at<cmp_op>, p::raise<chained_comparison>> {};
struct cmp_expr : p::seq<add_expr, p::opt<p::sor<between_tail, cmp_tail>, no_chain>, operator_mistake> {};

struct not_operand : nested<not_expr> {};
struct not_tail : p::seq<kw_not, p::must<not_operand>> {};
struct not_expr : p::sor<not_tail, cmp_expr> {};
struct and_tail : p::seq<kw_and, p::must<not_expr>> {};
struct and_expr : p::seq<not_expr, p::star<and_tail>> {};
struct or_tail : p::seq<kw_or, p::must<and_expr>> {};
struct or_expr : p::seq<and_expr, p::star<or_tail>> {};
struct coalesce_op : p::seq<skip, p::string<'?', '?'>> {};
struct coalesce_tail : p::seq<coalesce_op, p::must<or_expr>> {};
struct coalesce_expr : p::seq<or_expr, p::star<coalesce_tail>> {};
// `if C then A else B`: the loosest expression, so each part extends as far
// as it can; `else if` chains need no parentheses.
struct if_then : kw_then {};
struct if_else : kw_else {};
struct if_expr : p::seq<kw_if, p::must<expr>, p::must<if_then>, p::must<expr>, p::must<if_else>, p::must<expr>> {};
struct expr : nested<p::sor<if_expr, coalesce_expr>> {};

// ---- common mistakes ----------------------------------------------------------
// Habits from other languages, caught where they appear and raised with their
// own message and fix (errors.hpp, E0017-E0021), instead of a generic
// "expected ..." further on. Each detector matches nothing on valid input:
// none of these characters or orders can continue a valid expression.
struct single_equals : p::failure {};   // `industry = "saas"`: means `==`
struct double_ampersand : p::failure {};  // `a && b`: means `and`
struct double_bar : p::failure {};        // `a || b`: means `or`
struct bang_not : p::failure {};          // `!present(x)`: means `not`
struct bang_operator : p::failure {};     // `x !in S`: means `not in`
struct single_quotes : p::failure {};     // `'saas'`: strings take double quotes
struct curly_quotes : p::failure {};      // `“saas”` pasted from a word processor
struct where_after_within : p::failure {};       // count(E within 30d where ...)
struct rule_where_after_within : p::failure {};  // +5 per E within 30d where ...
struct event_fields_unbraced : p::failure {};    // page_view at -2d url: "/x"

// “ ” ‘ ’ in UTF-8: E2 80 9C, 9D, 98, 99.
struct curly_quote : p::seq<p::string<'\xE2', '\x80'>, p::one<'\x98', '\x99', '\x9C', '\x9D'>> {};
struct bad_quote : p::sor<p::seq<p::at<p::one<'\''>>, p::raise<single_quotes>>,
                          p::seq<p::at<curly_quote>, p::raise<curly_quotes>>> {};
struct bad_bang : p::seq<p::at<p::one<'!'>, p::not_at<p::one<'='>>>, p::raise<bang_not>> {};
struct operand_mistake : p::sor<bad_quote, bad_bang> {};
struct word_operator : p::sor<TAO_PEGTL_KEYWORD("in"), TAO_PEGTL_KEYWORD("contains"), TAO_PEGTL_KEYWORD("matches"),
                              TAO_PEGTL_KEYWORD("starts_with"), TAO_PEGTL_KEYWORD("ends_with"), TAO_PEGTL_KEYWORD("between")> {};
struct operator_mistake : p::opt<skip, p::sor<p::seq<p::at<p::one<'='>, p::not_at<p::one<'=', '>'>>>, p::raise<single_equals>>,
                                             p::seq<p::at<p::string<'&', '&'>>, p::raise<double_ampersand>>,
                                             p::seq<p::at<p::string<'|', '|'>>, p::raise<double_bar>>,
                                             p::seq<p::at<p::one<'!'>, skip, word_operator>, p::raise<bang_operator>>>> {};
struct where_after_within_call : p::opt<p::at<kw_where>, skip, p::raise<where_after_within>> {};
struct where_after_within_rule : p::opt<p::at<kw_where>, skip, p::raise<rule_where_after_within>> {};
struct unbraced_event_fields : p::opt<p::at<skip, member_ident, skip, p::one<':'>>, skip, p::raise<event_fields_unbraced>> {};

// ---- declarations -------------------------------------------------------------

struct sla_name : p::seq<skip, string_lit> {};
struct sla_version : p::seq<skip, string_lit> {};
struct header : p::seq<kw_sla, p::must<sla_name>, p::must<kw_version>, p::must<sla_version>> {};
// A tests file (`*.test.baton`) holds test blocks for an SLA kept elsewhere.
struct kw_tests : kw<TAO_PEGTL_KEYWORD("tests")> {};
struct kw_for : kw<TAO_PEGTL_KEYWORD("for")> {};
struct tested_sla : p::seq<skip, string_lit> {};
struct tests_header : p::seq<kw_tests, p::must<kw_for>, p::must<tested_sla>> {};
struct any_header : p::sor<tests_header, header> {};

struct simple_type : p::sor<TAO_PEGTL_KEYWORD("int"), TAO_PEGTL_KEYWORD("number"), TAO_PEGTL_KEYWORD("string"), TAO_PEGTL_KEYWORD("bool"), TAO_PEGTL_KEYWORD("time"), TAO_PEGTL_KEYWORD("duration")> {};
struct type_open : punct<'<'> {};
struct type_close : punct<'>'> {};
struct element_type : kw_string {};
struct container_type : p::seq<p::sor<TAO_PEGTL_KEYWORD("set"), TAO_PEGTL_KEYWORD("list")>, p::must<type_open>, p::must<element_type>, p::must<type_close>> {};
struct field_type : p::seq<skip, p::sor<simple_type, container_type>> {};
struct optional_mark : p::seq<skip, p::one<'?'>> {};
struct field_default : p::seq<equals, p::must<literal>> {};
struct field_colon : colon {};
// A declaration's keyword where a field or arm would start, not followed by
// what follows a field's or arm's name: the block above was left open, and
// its close, not the keyword, is the error (as in a score or test block).
struct next_declaration : p::seq<p::sor<TAO_PEGTL_KEYWORD("event"), TAO_PEGTL_KEYWORD("const"), TAO_PEGTL_KEYWORD("let"),
                                        TAO_PEGTL_KEYWORD("export"), TAO_PEGTL_KEYWORD("score"), TAO_PEGTL_KEYWORD("stages"),
                                        TAO_PEGTL_KEYWORD("routes"), TAO_PEGTL_KEYWORD("lifecycle"), TAO_PEGTL_KEYWORD("handoff"),
                                        TAO_PEGTL_KEYWORD("holidays"), TAO_PEGTL_KEYWORD("calendar"), TAO_PEGTL_KEYWORD("test")>,
                                 p::not_at<p::sor<colon, kw_when, kw_otherwise, arrow>>> {};
struct not_next_declaration : p::not_at<skip, next_declaration> {};
struct field : p::seq<not_next_declaration, decl_name, p::must<field_colon>, p::must<field_type>, p::opt<optional_mark>, p::opt<field_default>> {};
struct fields : p::star<field, p::opt<comma>> {};

struct lead_open : punct<'{'> {};
struct lead_close : p::seq<skip, close_brace> {};
struct lead_decl : p::seq<kw_lead, p::must<lead_open>, fields, p::must<lead_close>> {};

struct event_open : punct<'{'> {};
struct event_close : p::seq<skip, close_brace> {};
// An event group: `event touches = page_view | content_download | webinar`.
struct event_bar : punct<'|'> {};
struct event_member : decl_name {};
struct event_group : p::seq<equals, p::must<event_member>, p::star<event_bar, p::must<event_member>>> {};
struct event_body : p::seq<p::must<event_open>, fields, p::must<event_close>> {};
struct event_decl : p::seq<kw_event, p::must<decl_name>, p::sor<event_group, event_body>> {};

struct const_equals : equals {};
struct const_decl : p::seq<kw_const, p::must<decl_name>, p::must<const_equals>, p::must<literal>> {};

struct let_equals : equals {};
struct let_body : p::seq<p::must<decl_name>, p::must<let_equals>, expression> {};
struct export_mark : TAO_PEGTL_KEYWORD("export") {};
struct exported_let : p::seq<skip, export_mark, p::must<kw_let>> {};
struct let_decl : p::seq<p::sor<exported_let, kw_let>, let_body> {};

// Score options and rule clauses take a literal or a const's name.
struct number_value : p::seq<skip, p::sor<fractional_duration, signed_number, duration_for_number, bad_number, name>> {};
struct duration_value : p::seq<skip, p::sor<duration_lit, fractional_duration, number_for_duration, bad_number, name>> {};
struct score_max : p::seq<kw_max, p::must<number_value>> {};
struct score_min : p::seq<kw_min, p::must<number_value>> {};
struct score_window : p::seq<kw_window, p::must<duration_value>> {};
struct score_decay : p::seq<kw_decay, p::must<kw_half_life>, p::must<duration_value>> {};
struct score_option : p::sor<score_max, score_min, score_window, score_decay> {};
struct score_open : punct<'{'> {};
struct score_close : p::seq<skip, close_brace> {};

struct rule_sign : p::one<'+', '-'> {};
struct rule_points : points {};
struct rule_when : p::seq<kw_when, expression> {};
struct rule_event : decl_name {};
struct rule_where : p::seq<kw_where, expression> {};
struct rule_within : p::seq<kw_within, p::must<duration_value>> {};
struct rule_per : p::seq<kw_per, p::must<rule_event>, p::opt<rule_where>, p::opt<rule_within, where_after_within_rule>> {};
struct rule_body : p::sor<rule_when, rule_per> {};
struct rule_max : p::seq<kw_max, p::must<number_value>> {};
struct score_rule : p::seq<skip, rule_sign, p::must<rule_points>, p::must<rule_body>, p::opt<rule_max>> {};
struct score_decl : p::seq<kw_score, p::must<decl_name>, p::star<score_option>, p::must<score_open>, p::star<score_rule>, p::must<score_close>> {};

struct stage_when : p::seq<kw_when, expression> {};
struct stage_body : p::sor<kw_otherwise, stage_when> {};
struct stage_arm : p::seq<not_next_declaration, stage_name, p::must<stage_body>> {};
struct stages_open : punct<'{'> {};
struct stages_close : p::seq<skip, close_brace> {};
struct stages_decl : p::seq<kw_stages, p::must<stages_open>, p::star<stage_arm>, p::must<stages_close>> {};

struct route_when : p::seq<kw_when, expression> {};
struct route_arrow : arrow {};
struct route_target : expression {};
// `within 4h`, `within hours(sla_hours)`, `within 4h on emea` (working time of a calendar).
struct kw_on : kw<TAO_PEGTL_KEYWORD("on")> {};
struct route_calendar : decl_name {};
struct route_on : p::seq<kw_on, p::must<route_calendar>> {};
struct route_within : p::seq<kw_within, expression, p::opt<route_on>> {};
// A cadence: `escalate to "manager:emea" after 8h on emea`, any number per arm.
struct kw_escalate : kw<TAO_PEGTL_KEYWORD("escalate")> {};
struct kw_to : kw<TAO_PEGTL_KEYWORD("to")> {};
struct kw_after : kw<TAO_PEGTL_KEYWORD("after")> {};
struct escalate_target : expression {};
struct escalate_after : p::seq<kw_after, expression, p::opt<route_on>> {};
struct route_escalate : p::seq<kw_escalate, p::must<kw_to>, escalate_target, p::must<escalate_after>> {};
struct route_arm : p::seq<not_next_declaration, stage_name, p::opt<route_when>, p::must<route_arrow>, route_target, p::opt<route_within>,
                          p::star<route_escalate>> {};
struct routes_open : punct<'{'> {};
struct routes_close : p::seq<skip, close_brace> {};
struct routes_decl : p::seq<kw_routes, p::must<routes_open>, p::star<route_arm>, p::must<routes_close>> {};

// ---- lifecycle and hand-offs ------------------------------------------------
// `lifecycle` and `handoff` are words only at the start of a declaration, and
// `from`, `since`, `summary`, `fields`, `reasons` only in their places: none of
// them is reserved, so existing names stay valid.

// lifecycle [from FIELD [since FIELD]] { lead -> mql -> sql   any -> disqualified   sql -> recycled when COND }
struct kw_lifecycle : kw<TAO_PEGTL_KEYWORD("lifecycle")> {};
struct kw_from : kw<TAO_PEGTL_KEYWORD("from")> {};
struct kw_since : kw<TAO_PEGTL_KEYWORD("since")> {};
struct lifecycle_field : decl_name {};
struct lifecycle_since : p::seq<kw_since, p::must<lifecycle_field>> {};
struct lifecycle_from : p::seq<kw_from, p::must<lifecycle_field>, p::opt<lifecycle_since>> {};
struct lifecycle_stage : stage_name {};
struct lifecycle_arrow : arrow {};
struct lifecycle_step : p::seq<lifecycle_arrow, p::must<lifecycle_stage>> {};
struct lifecycle_when : p::seq<kw_when, expression> {};
struct lifecycle_path_rest : p::seq<lifecycle_step, p::star<lifecycle_step>, p::opt<lifecycle_when>> {};
struct lifecycle_path : p::seq<lifecycle_stage, p::must<lifecycle_path_rest>> {};
struct lifecycle_open : punct<'{'> {};
struct lifecycle_close : p::seq<skip, close_brace> {};
struct lifecycle_decl : p::seq<kw_lifecycle, p::opt<lifecycle_from>, p::must<lifecycle_open>, p::star<lifecycle_path>,
                               p::must<lifecycle_close>> {};

// A text template: "{job_title} at {company}: fit {fit:.0f}". Inside braces
// is any expression (strings in it included), then an optional format.
struct template_open : p::one<'"'> {};
struct template_text : p::plus<p::sor<p::seq<p::one<'\\'>, p::must<escape_code>>, p::string<'{', '{'>, p::string<'}', '}'>,
                                      p::not_one<'"', '\\', '\n', '{', '}'>>> {};
struct template_spec : p::seq<p::one<':'>, p::star<p::not_one<'}', '"', '\n'>>> {};
struct template_close_brace : p::seq<skip, p::one<'}'>> {};
struct template_slot : p::seq<p::one<'{'>, expression, p::opt<template_spec>, p::must<template_close_brace>> {};
struct template_end : p::one<'"'> {};
struct template_rest : p::seq<p::star<p::sor<template_text, template_slot>>, p::must<template_end>> {};
struct template_lit : p::seq<template_open, p::must<template_rest>> {};

// handoff sql { summary "..."  fields company, job_title, bant  reasons 3 }
struct kw_handoff : kw<TAO_PEGTL_KEYWORD("handoff")> {};
struct kw_summary : kw<TAO_PEGTL_KEYWORD("summary")> {};
struct kw_fields : kw<TAO_PEGTL_KEYWORD("fields")> {};
struct kw_reasons : kw<TAO_PEGTL_KEYWORD("reasons")> {};
struct handoff_template : p::seq<skip, template_lit> {};
struct handoff_summary : p::seq<kw_summary, p::must<handoff_template>> {};
struct handoff_field : p::seq<skip, expr_ident> {};
struct handoff_fields : p::seq<kw_fields, p::must<handoff_field>, p::star<comma, p::must<handoff_field>>> {};
struct reasons_count : p::seq<skip, int_lit> {};
struct handoff_reasons : p::seq<kw_reasons, p::must<reasons_count>> {};
struct handoff_item : p::sor<handoff_summary, handoff_fields, handoff_reasons> {};
struct handoff_stage : stage_name {};
struct handoff_open : punct<'{'> {};
struct handoff_close : p::seq<skip, close_brace> {};
struct handoff_decl : p::seq<kw_handoff, p::must<handoff_stage>, p::must<handoff_open>, p::star<handoff_item>,
                             p::must<handoff_close>> {};

// ---- business calendars ------------------------------------------------------
// holidays us_2026 { 2026-01-01, 2026-12-25 }
// calendar us_east "America/New_York" { mon-fri 09:00-12:00, 13:00-17:00  holidays us_2026, 2026-12-24 }
// `holidays`, `calendar`, `on` and the day names are words only in their places.
struct kw_holidays : kw<TAO_PEGTL_KEYWORD("holidays")> {};
struct kw_calendar : kw<TAO_PEGTL_KEYWORD("calendar")> {};
struct holiday_day : p::seq<date_part, p::not_at<ident_other>> {};
struct holiday_list_name : name {};
struct holiday_item : p::seq<skip, p::sor<holiday_day, holiday_list_name>> {};
struct holidays_open : punct<'{'> {};
struct holidays_close : p::seq<skip, close_brace> {};
struct holidays_decl : p::seq<kw_holidays, p::must<decl_name>, p::must<holidays_open>,
                              p::opt<holiday_item, p::star<comma, holiday_item>, p::opt<comma>>, p::must<holidays_close>> {};

struct weekday : p::sor<TAO_PEGTL_KEYWORD("mon"), TAO_PEGTL_KEYWORD("tue"), TAO_PEGTL_KEYWORD("wed"), TAO_PEGTL_KEYWORD("thu"),
                        TAO_PEGTL_KEYWORD("fri"), TAO_PEGTL_KEYWORD("sat"), TAO_PEGTL_KEYWORD("sun")> {};
struct day_first : weekday {};
struct day_last : p::seq<skip, weekday> {};
struct day_dash : p::seq<skip, p::one<'-'>> {};
struct day_range : p::seq<skip, day_first, p::opt<day_dash, p::must<day_last>>> {};
struct clock_time : p::seq<two_digits, p::one<':'>, two_digits, p::not_at<ident_other>> {};
struct interval_start : clock_time {};
struct interval_end : p::seq<skip, clock_time> {};
struct interval_dash : p::seq<skip, p::one<'-'>> {};
struct work_interval : p::seq<skip, interval_start, p::must<interval_dash>, p::must<interval_end>> {};
struct work_hours : p::seq<day_range, p::must<work_interval>, p::star<comma, p::must<work_interval>>> {};
struct calendar_holidays : p::seq<kw_holidays, p::must<holiday_item>, p::star<comma, p::must<holiday_item>>> {};
struct calendar_item : p::sor<calendar_holidays, work_hours> {};
struct calendar_zone : p::seq<skip, string_lit> {};
struct calendar_open : punct<'{'> {};
struct calendar_close : p::seq<skip, close_brace> {};
struct calendar_decl : p::seq<kw_calendar, p::must<decl_name>, p::must<calendar_zone>, p::must<calendar_open>,
                              p::star<calendar_item>, p::must<calendar_close>> {};

struct record_key : p::seq<skip, member_ident> {};
struct record_colon : colon {};
struct record_field : p::seq<record_key, p::must<record_colon>, p::must<literal>> {};
struct record_open : punct<'{'> {};
struct record_close : p::seq<skip, close_brace> {};
struct record : p::seq<record_open, p::star<record_field, p::opt<comma>>, p::must<record_close>> {};
struct event_record : p::seq<skip, p::one<'{'>, p::star<record_field, p::opt<comma>>, p::must<record_close>> {};

struct time_value : p::seq<skip, time_lit> {};
struct event_ago : p::seq<p::one<'-'>, skip, duration_lit> {};
struct event_time : p::seq<skip, p::sor<event_ago, time_lit>> {};
struct test_as_of : p::seq<kw_as_of, p::must<time_value>> {};
struct test_lead : p::seq<kw_lead, p::must<record>> {};
struct test_event_name : decl_name {};
struct test_event : p::seq<test_event_name, p::must<kw_at>, p::must<event_time>, p::opt<event_record>, unbraced_event_fields> {};
struct events_open : punct<'{'> {};
struct events_close : p::seq<skip, close_brace> {};
struct test_events : p::seq<kw_events, p::must<events_open>, p::star<test_event>, p::must<events_close>> {};
struct test_expect : p::seq<kw_expect, expression> {};
struct test_name : p::seq<skip, string_lit> {};
struct test_open : punct<'{'> {};
struct test_close : p::seq<skip, close_brace> {};
struct test_decl : p::seq<kw_test, p::must<test_name>, p::must<test_open>, p::opt<test_as_of>, p::opt<test_lead>, p::opt<test_events>, p::star<test_expect>, p::must<test_close>> {};

struct declaration : p::sor<lead_decl, event_decl, const_decl, let_decl, score_decl, stages_decl, routes_decl, lifecycle_decl,
                             handoff_decl, holidays_decl, calendar_decl, test_decl> {};
struct end_of_file : p::seq<skip, p::eof> {};
struct file_header : p::seq<skip, p::must<any_header>> {};
// The parser reads the file one top-level item at a time, so memory stays
// bounded by the largest declaration; `file` is the same language in one rule.
// The leading `skip` is read once here, not again by every alternative.
struct top_item : p::seq<skip, p::sor<p::eof, p::must<declaration>>> {};
struct file : p::seq<file_header, p::star<skip, declaration>, p::must<end_of_file>> {};

// For parse_expression(): one expression and nothing after it.
struct expression_only : p::seq<expression, p::must<end_of_file>> {};

}  // namespace baton::grammar
