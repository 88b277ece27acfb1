// The parser: AST shape of every construct, operator precedence, every E00xx
// code with its position, and hostile input.
#include <doctest/doctest.h>

#include <string>

#include "baton/compiler/parse.hpp"

using namespace baton;

namespace {

const std::string header = "sla \"t\" version \"1\"\n";

struct parsed {
  SourceFile source;
  Diagnostics diagnostics;
  std::optional<ast::File> file;
};

parsed parse_text(std::string text, ParseOptions options = {}) {
  parsed p{SourceFile("test.baton", std::move(text)), {}, std::nullopt};
  p.file = parse(p.source, p.diagnostics, options);
  return p;
}

// Parses a file that must be valid and returns it.
ast::File ok(const std::string& body) {
  auto p = parse_text(header + body);
  for (const auto& d : p.diagnostics) FAIL_CHECK(render_text(p.source, d));
  REQUIRE(p.file.has_value());
  return std::move(*p.file);
}

template <typename T>
const T& only(const ast::File& f) {
  REQUIRE(f.decls.size() == 1);
  REQUIRE(std::holds_alternative<T>(f.decls[0]));
  return std::get<T>(f.decls[0]);
}

// A compact, fully parenthesised dump of an expression.
std::string dump(const ast::Expr& e) {
  using K = ast::ExprKind;
  auto all = [&](const char* open, const char* close) {
    std::string out = open;
    for (std::size_t i = 0; i < e.args.size(); ++i) out += (i ? " " : "") + dump(*e.args[i]);
    return out + close;
  };
  switch (e.kind) {
    case K::int_lit: return "i:" + std::to_string(e.int_value);
    case K::number_lit: return "n:" + e.text;
    case K::string_lit: return "s:" + e.text;
    case K::bool_lit: return e.bool_value ? "true" : "false";
    case K::duration_lit: return "d:" + std::to_string(e.int_value);
    case K::time_lit: return "t:" + std::to_string(e.int_value);
    case K::regex_lit: return "re:" + e.text + "/" + e.flags;
    case K::set_lit: return all("{", "}");
    case K::list_lit: return all("[", "]");
    case K::name: return e.text;
    case K::member: return "(. " + dump(*e.args[0]) + " " + e.text + ")";
    case K::call: {
      std::string out = "(call " + e.text;
      for (const auto& a : e.args) out += " " + dump(*a);
      if (e.where) out += " where " + dump(*e.where);
      if (e.within) out += " within " + dump(*e.within);
      return out + ")";
    }
    case K::unary: return std::string(e.uop == ast::UnaryOp::neg ? "(neg " : "(not ") + dump(*e.args[0]) + ")";
    case K::binary:
      return std::string("(") + ast::binary_op_text(e.bop) + " " + dump(*e.args[0]) + " " + dump(*e.args[1]) + ")";
    case K::between: return "(between " + dump(*e.args[0]) + " " + dump(*e.args[1]) + " " + dump(*e.args[2]) + ")";
    case K::paren: return "[" + dump(*e.args[0]) + "]";
    case K::conditional: return all("(if ", ")");
  }
  return "?";
}

std::string expr(const std::string& text) {
  SourceFile source("expr", text);
  Diagnostics diagnostics;
  auto e = parse_expression(source, diagnostics);
  for (const auto& d : diagnostics) FAIL_CHECK(render_text(source, d));
  REQUIRE(e);
  return dump(*e);
}

struct error_at {
  std::string code;
  std::uint32_t line;
  std::uint32_t column;
  std::string message;
};

// The single diagnostic of a file that must fail.
error_at error_of(const std::string& text, ParseOptions options = {}) {
  auto p = parse_text(text, options);
  CHECK_FALSE(p.file.has_value());
  REQUIRE(p.diagnostics.size() == 1);
  const Diagnostic& d = p.diagnostics[0];
  auto pos = p.source.position(d.span.begin);
  return {d.code, pos.line, pos.column, d.message};
}

}  // namespace

// ---- constructs ---------------------------------------------------------------------

TEST_CASE("header and comments") {
  auto p = parse_text("# top\nsla \"acme \\\"b2b\\\"\" version \"1.4.0\"  # trailing\n");
  REQUIRE(p.file);
  CHECK(p.file->sla_name == "acme \"b2b\"");
  CHECK(p.file->version == "1.4.0");
  REQUIRE(p.file->comments.size() == 2);
  CHECK(p.file->comments[0].text == "# top");
  CHECK(p.source.slice(p.file->comments[1].span) == "# trailing");
  CHECK(p.source.slice(p.file->version_span) == "\"1.4.0\"");
}

TEST_CASE("lead block: types, optional, defaults, commas and newlines") {
  auto f = ok(
      "lead {\n  email: string, size: int\n  budget: number?\n  is_customer: bool = false\n"
      "  seen: time? signup: time = 2026-01-01\n  wait: duration = 30d\n"
      "  tags: set<string>?, owners: list< string > = [\"a\", \"b\"]\n  score0: number = -1.5\n}");
  const auto& lead = only<ast::LeadDecl>(f);
  REQUIRE(lead.fields.size() == 10);
  CHECK(lead.fields[0].name == "email");
  CHECK(lead.fields[0].type.type == Type::string);
  CHECK(lead.fields[1].type.type == Type::int_);
  CHECK(lead.fields[2].optional);
  CHECK(lead.fields[3].default_value->kind == ast::ExprKind::bool_lit);
  CHECK(lead.fields[4].type.type == Type::time);
  CHECK(lead.fields[5].default_value->kind == ast::ExprKind::time_lit);
  CHECK(lead.fields[6].default_value->int_value == 30 * 86400);
  CHECK(lead.fields[7].type.type == Type::string_set);
  CHECK(lead.fields[8].type.type == Type::string_list);
  CHECK(dump(*lead.fields[8].default_value) == "[s:a s:b]");
  CHECK(lead.fields[9].default_value->number_value == -1.5);
  CHECK(lead.fields[9].default_value->text == "-1.5");
}

TEST_CASE("events, consts and lets") {
  auto f = ok(
      "event page_view { url: string }\nevent demo_request {}\n"
      "const free = {\"gmail.com\", \"yahoo.com\",}\nconst senior = /\\b(vp|head)\\b\\/x/i\n"
      "const hot = 14d\nconst pts = 40\nconst when_ = 2026-11-23T10:30:00+02:00\nconst neg = -5\n"
      "let domain = lower(email_domain(email))\nexport let bant = count_true(a >= 1, b == true)\n");
  REQUIRE(f.decls.size() == 10);
  const auto& ev = std::get<ast::EventDecl>(f.decls[0]);
  CHECK(ev.name == "page_view");
  CHECK(ev.fields.size() == 1);
  CHECK(std::get<ast::EventDecl>(f.decls[1]).fields.empty());
  CHECK(dump(*std::get<ast::ConstDecl>(f.decls[2]).value) == "{s:gmail.com s:yahoo.com}");
  const auto& re = *std::get<ast::ConstDecl>(f.decls[3]).value;
  CHECK(re.kind == ast::ExprKind::regex_lit);
  CHECK(re.text == "\\b(vp|head)\\b/x");
  CHECK(re.flags == "i");
  CHECK(std::get<ast::ConstDecl>(f.decls[4]).value->text == "14d");
  CHECK(std::get<ast::ConstDecl>(f.decls[5]).value->int_value == 40);
  CHECK(std::get<ast::ConstDecl>(f.decls[6]).value->int_value == 1795422600);
  CHECK(std::get<ast::ConstDecl>(f.decls[7]).value->int_value == -5);
  const auto& let = std::get<ast::LetDecl>(f.decls[8]);
  CHECK_FALSE(let.exported);
  CHECK(dump(*let.value) == "(call lower (call email_domain email))");
  CHECK(std::get<ast::LetDecl>(f.decls[9]).exported);
}

TEST_CASE("score blocks: options in any order, when and per rules") {
  auto f = ok(
      "score engagement decay half_life 21d window 90d min 0 max 100 {\n"
      "  +10 per page_view where url starts_with \"/pricing\" within 30d\n"
      "  +1  per page_view where url starts_with \"/docs\" max 8\n"
      "  +demo_points per demo_request\n"
      "  -5 per unsubscribe within hot max cap\n"
      "  +20 when company_size between 20 and 2000\n"
      "  -40 when domain in free_mail\n"
      "  +2.5 when x max 5\n"
      "}");
  const auto& s = only<ast::ScoreDecl>(f);
  CHECK(s.name == "engagement");
  CHECK(s.max->int_value == 100);
  CHECK(s.min->int_value == 0);
  CHECK(s.window->int_value == 90 * 86400);
  CHECK(s.half_life->text == "21d");
  REQUIRE(s.rules.size() == 7);
  CHECK(s.rules[0].kind == ast::RuleKind::per);
  CHECK(s.rules[0].event == "page_view");
  CHECK(dump(*s.rules[0].where) == "(starts_with url s:/pricing)");
  CHECK(s.rules[0].within->text == "30d");
  CHECK(s.rules[1].max->int_value == 8);
  CHECK(s.rules[2].points->kind == ast::ExprKind::name);
  CHECK(s.rules[2].points->text == "demo_points");
  CHECK(s.rules[3].negative);
  CHECK(s.rules[3].within->kind == ast::ExprKind::name);
  CHECK(s.rules[3].max->text == "cap");
  CHECK(s.rules[4].kind == ast::RuleKind::when);
  // `2000` then `-40 when` on the next line is a new rule, not `2000 - 40`.
  CHECK(dump(*s.rules[4].condition) == "(between company_size i:20 i:2000)");
  CHECK(s.rules[5].negative);
  CHECK(s.rules[5].points->int_value == 40);
  CHECK(s.rules[6].points->number_value == 2.5);
  CHECK(s.rules[6].max->int_value == 5);
}

TEST_CASE("stages and routes") {
  auto f = ok(
      "stages {\n  customer when is_customer\n  sql when any(demo_request within 30d) or (score >= 70 and bant >= 2)\n"
      "  lead otherwise\n}\n"
      "routes {\n  sql when company_size >= 1000 -> \"team:enterprise\" within 4h\n"
      "  sql -> one_of([\"ana\", \"ben\"], email) within hours\n  mql -> \"nurture\"\n}\n");
  const auto& st = std::get<ast::StagesDecl>(f.decls[0]);
  REQUIRE(st.arms.size() == 3);
  CHECK(st.arms[0].name == "customer");
  CHECK(dump(*st.arms[1].condition) ==
        "(or (call any demo_request within d:2592000) [(and (>= score i:70) (>= bant i:2))])");
  CHECK(st.arms[2].name == "lead");
  CHECK_FALSE(st.arms[2].condition);
  const auto& rt = std::get<ast::RoutesDecl>(f.decls[1]);
  REQUIRE(rt.arms.size() == 3);
  CHECK(dump(*rt.arms[0].condition) == "(>= company_size i:1000)");
  CHECK(dump(*rt.arms[0].target) == "s:team:enterprise");
  CHECK(rt.arms[0].within->int_value == 4 * 3600);
  CHECK(dump(*rt.arms[1].target) == "(call one_of [s:ana s:ben] email)");
  CHECK(rt.arms[1].within->kind == ast::ExprKind::name);
  CHECK_FALSE(rt.arms[2].within);
}

TEST_CASE("test blocks") {
  auto f = ok(
      "test \"a director\" {\n  as_of 2026-11-23T00:00:00Z\n"
      "  lead { email: \"d@big.example\" job_title: \"Director\", company_size: 5000 }\n"
      "  events {\n    demo_request at -2d\n    page_view at 2026-11-20T10:00:00Z { url: \"/pricing\", n: 3 }\n  }\n"
      "  expect stage == sql\n  expect fit between 20 and 50\n}");
  const auto& t = only<ast::TestDecl>(f);
  CHECK(t.name == "a director");
  CHECK(t.as_of->kind == ast::ExprKind::time_lit);
  REQUIRE(t.lead.size() == 3);
  CHECK(t.lead[1].name == "job_title");
  CHECK(t.lead[2].value->int_value == 5000);
  REQUIRE(t.events.size() == 2);
  CHECK(dump(*t.events[0].at) == "(neg d:172800)");
  CHECK(t.events[1].at->kind == ast::ExprKind::time_lit);
  CHECK(t.events[1].fields.size() == 2);
  REQUIRE(t.expects.size() == 2);
  CHECK(dump(*t.expects[1]) == "(between fit i:20 i:50)");
}

TEST_CASE("the full example of docs/language.md parses") {
  auto f = ok(
      "lead {\n  email: string\n  budget: number?          # '?' = may be missing\n  is_customer: bool = false\n}\n"
      "event page_view { url: string }\nevent demo_request {}\n"
      "const free_mail = {\"gmail.com\", \"yahoo.com\", \"outlook.com\"}\nlet domain = lower(email_domain(email))\n"
      "score fit max 50 {\n  +20 when company_size between 20 and 2000\n  -40 when domain in free_mail\n}\n"
      "score engagement max 100 window 90d decay half_life 21d {\n  +10 per page_view where url starts_with \"/pricing\"\n}\n"
      "stages {\n  customer  when is_customer\n  sql       when any(demo_request within 30d)\n"
      "  mql       when fit + engagement >= 35\n  lead      otherwise\n}\n"
      "routes {\n  sql -> \"team:sales\" within 4h\n  mql -> \"nurture:mid-funnel\"\n}\n");
  CHECK(f.decls.size() == 9);
  CHECK(f.comments.size() == 1);
}

// ---- expressions ----------------------------------------------------------------------

TEST_CASE("precedence from ?? down to postfix") {
  CHECK(expr("a ?? b or c") == "(?? a (or b c))");
  CHECK(expr("a or b and c") == "(or a (and b c))");
  CHECK(expr("not a and b") == "(and (not a) b)");
  CHECK(expr("not a == b") == "(not (== a b))");
  CHECK(expr("a == b + c") == "(== a (+ b c))");
  CHECK(expr("a + b * c") == "(+ a (* b c))");
  CHECK(expr("-a * b") == "(* (neg a) b)");
  CHECK(expr("-a.b") == "(neg (. a b))");
  CHECK(expr("last(page_view where url contains \"p\").url") ==
        "(. (call last page_view where (contains url s:p)) url)");
  CHECK(expr("(a + b) * c") == "(* [(+ a b)] c)");
  CHECK(expr("not not a") == "(not (not a))");
  CHECK(expr("- -a") == "(neg (neg a))");
}

TEST_CASE("if/then/else is the loosest expression, else-if chains nest to the right") {
  CHECK(expr("if a then b ?? c else d or e") == "(if a (?? b c) (or d e))");
  CHECK(expr("if a then 1 else if b then 2 else 3") == "(if a i:1 (if b i:2 i:3))");
  CHECK(expr("10 + (if a then 1 else 2)") == "(+ i:10 [(if a i:1 i:2)])");
  CHECK(expr("if if_x then then_y else else_z") == "(if if_x then_y else_z)");
}

TEST_CASE("associativity") {
  CHECK(expr("a - b - c") == "(- (- a b) c)");
  CHECK(expr("a / b * c % d") == "(% (* (/ a b) c) d)");
  CHECK(expr("a and b and c") == "(and (and a b) c)");
  CHECK(expr("a or b or c") == "(or (or a b) c)");
  CHECK(expr("a ?? b ?? c") == "(?? a (?? b c))");  // right-associative
}

TEST_CASE("comparison operators") {
  CHECK(expr("a != b") == "(!= a b)");
  CHECK(expr("a <= b") == "(<= a b)");
  CHECK(expr("a > b") == "(> a b)");
  CHECK(expr("x in S") == "(in x S)");
  CHECK(expr("x not  in S") == "(not in x S)");
  CHECK(expr("t matches /^a\\/b$/") == "(matches t re:^a/b$/)");
  CHECK(expr("t ends_with \".io\"") == "(ends_with t s:.io)");
  CHECK(expr("x between 1 and 2 and y") == "(and (between x i:1 i:2) y)");
  CHECK(expr("a / b") == "(/ a b)");
}

TEST_CASE("calls: max and min are calls, where and within, lead.x is a member") {
  CHECK(expr("max(a, b)") == "(call max a b)");
  CHECK(expr("min(x)") == "(call min x)");
  CHECK(expr("count()") == "(call count)");
  CHECK(expr("count(page_view where url == \"/x\" within 30d)") ==
        "(call count page_view where (== url s:/x) within d:2592000)");
  CHECK(expr("sum(download.pages within 90d)") == "(call sum (. download pages) within d:7776000)");
  CHECK(expr("lead.company_size") == "(. lead company_size)");
  CHECK(expr("first(form_submit).at") == "(. (call first form_submit) at)");
  CHECK(expr("at > as_of") == "(> at as_of)");
}

TEST_CASE("literals") {
  CHECK(expr("1_000_000") == "i:1000000");
  CHECK(expr("12.75") == "n:12.75");
  CHECK(expr("true") == "true");
  CHECK(expr("1d12h") == "d:129600");
  CHECK(expr("2026-11-23") == "t:1795392000");
  CHECK(expr("2026-11-23T10:30:00Z") == "t:1795429800");
  CHECK(expr("\"a\\\"b\\\\c\\n\\t\\u{E9}\"") == "s:a\"b\\c\n\t\xC3\xA9");
  CHECK(expr("{\"a\", \"b\"}") == "{s:a s:b}");
  CHECK(expr("[]") == "[]");
  CHECK(expr("/student|recruit/i") == "re:student|recruit/i");
  CHECK(expr("9223372036854775807") == "i:9223372036854775807");
}

TEST_CASE("spans point into the source") {
  SourceFile source("e", "  count(x) + lead.size");
  Diagnostics diagnostics;
  auto e = parse_expression(source, diagnostics);
  REQUIRE(e);
  CHECK(source.slice(e->span) == "count(x) + lead.size");
  CHECK(source.slice(e->args[0]->span) == "count(x)");
  CHECK(source.slice(e->args[1]->span) == "lead.size");
}

// ---- errors -------------------------------------------------------------------------------

TEST_CASE("every syntax error code, with its position") {
  struct error_case {
    std::string source;
    error_at expected;
  };
  const error_case cases[] = {
      {header + "let x = 1\n@", {"E0001", 3, 1, "expected a declaration"}},
      // At the end of the file: just after its last text, not on the empty line past it.
      {header + "let x = (1 + \n", {"E0001", 2, 13, "expected an expression after the operator"}},
      {header + "lead {\n  email string\n}", {"E0001", 3, 9, "expected ':' after the field name"}},
      {header + "routes {\n  sql \"x\"\n}", {"E0001", 3, 7, "expected '->' and the route's destination"}},
      {header + "lead {\n  email: string\n", {"E0002", 3, 16, "expected a field or '}' to close the lead block"}},
      {header + "let x = (a + b", {"E0002", 2, 15, "expected ')' to close the parenthesis"}},
      {header + "score s {\n  when x\n}", {"E0002", 3, 3, "expected a rule or '}' to close the score block"}},
      {header + "let x = \"abc\nlet y = 1", {"E0003", 2, 9, "unterminated string"}},
      {header + "let x = y matches /abc\n", {"E0004", 2, 19, "unterminated regex"}},
      {header + "let x = \"a\\qb\"", {"E0005", 2, 11, "invalid escape sequence"}},
      {header + "let x = \"\\u{110000}\"", {"E0005", 2, 10, "invalid unicode escape: not a code point"}},
      {header + "const t = 2026-02-30", {"E0006", 2, 11, "invalid time literal 2026-02-30"}},
      {header + "const t = 2026-02-03T10", {"E0006", 2, 21, "invalid time literal"}},
      {header + "const d = 12h1d", {"E0007", 2, 11, "invalid duration 12h1d"}},
      {header + "const d = 15min", {"E0007", 2, 11, "invalid number or duration 15min"}},
      {header + "const n = 9223372036854775808", {"E0008", 2, 11, "integer literal 9223372036854775808 is too large"}},
      {header + "const max = 5", {"E0009", 2, 7, "'max' is a keyword and cannot be used as a name"}},
      {header + "lead {\n  when: int\n}", {"E0009", 3, 3, "'when' is a keyword and cannot be used as a name"}},
      {header + "let x = " + std::string(300, '(') + "1" + std::string(300, ')'),
       {"E0010", 2, 209, "expression nested too deeply"}},
      {std::string("sla \"t\" version \"1\"\nlet s = \"\xC3\x28\""), {"E0011", 2, 10, "the file is not valid UTF-8"}},
      {"", {"E0012", 1, 1, "the file is empty"}},
      {"# only a comment\n", {"E0012", 2, 1, "the file is empty"}},
      {"lead {}", {"E0012", 1, 1, "expected the header: sla \"NAME\" version \"VERSION\""}},
      {"sla \"x\"\nlead {}", {"E0001", 2, 1, "expected 'version' after the sla name"}},
      {header + "let x = a < b < c", {"E0014", 2, 15, "comparisons cannot be chained"}},
      {header + "let x = a == b in c", {"E0014", 2, 16, "comparisons cannot be chained"}},
      {header + "const r = /a/x", {"E0015", 2, 14, "unknown or repeated regex flag 'x'"}},
      {header + std::string("let x = \"a\0b\"", 13), {"E0016", 2, 11, "NUL byte in the source"}},
      {header + "let x = fit >= 40%\nlet y = 1", {"E0022", 2, 16, "`%` is the remainder of a division, not a percent"}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.source);
    auto got = error_of(c.source);
    CHECK(got.code == c.expected.code);
    CHECK(got.line == c.expected.line);
    CHECK(got.column == c.expected.column);
    CHECK(got.message == c.expected.message);
  }
}

TEST_CASE("E0013: a file over the size limit") {
  ParseOptions options;
  options.max_file_bytes = 64;
  auto got = error_of(header + std::string(100, ' '), options);
  CHECK(got.code == "E0013");
}

TEST_CASE("diagnostics carry help lines") {
  auto p = parse_text(header + "const max = 1");
  REQUIRE(p.diagnostics.size() == 1);
  REQUIRE(p.diagnostics[0].help.size() == 1);
  CHECK(p.diagnostics[0].help[0] == "choose another name, like max_");
  CHECK(p.source.slice(p.diagnostics[0].span) == "max");
}

TEST_CASE("parse_expression rejects trailing input") {
  SourceFile source("e", "a + b c");
  Diagnostics diagnostics;
  CHECK_FALSE(parse_expression(source, diagnostics));
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].code == "E0001");
}

// ---- hostile input --------------------------------------------------------------------------

TEST_CASE("hostile input gives one diagnostic, never a crash") {
  SUBCASE("binary garbage") {
    std::string garbage;
    for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 7919 + 13) % 256);
    auto p = parse_text(garbage);
    CHECK_FALSE(p.file);
    CHECK(p.diagnostics.size() == 1);
  }
  SUBCASE("printable garbage after a header") {
    auto p = parse_text(header + "}{)(][ -> ?? @@ \\ ` ~ ^");
    CHECK(p.diagnostics.size() == 1);
  }
  SUBCASE("10,000 nested parentheses") {
    auto got = error_of(header + "let x = " + std::string(10000, '(') + "1" + std::string(10000, ')'));
    CHECK(got.code == "E0010");
  }
  SUBCASE("10,000 nested calls, unary minus and not") {
    std::string calls;
    for (int i = 0; i < 10000; ++i) calls += "f(";
    CHECK(error_of(header + "let x = " + calls).code == "E0010");
    CHECK(error_of(header + "let x = " + std::string(10000, '-') + "1").code == "E0010");
    std::string nots;
    for (int i = 0; i < 10000; ++i) nots += "not ";
    CHECK(error_of(header + "let x = " + nots + "a").code == "E0010");
  }
  SUBCASE("a 5,000-term chain builds no deep tree") {
    std::string chain = "a";
    for (int i = 0; i < 5000; ++i) chain += " + a";
    CHECK(error_of(header + "let x = " + chain).code == "E0010");
    std::string ors = "a";
    for (int i = 0; i < 5000; ++i) ors += " ?? a";
    CHECK(error_of(header + "let x = " + ors).code == "E0010");
  }
  SUBCASE("a 10 MB file") {
    std::string big = header;
    while (big.size() < 10'000'000) big += "# a long comment line to fill the file up with something to read\n";
    big += "let x = 1\n";
    auto p = parse_text(big);
    CHECK(p.file);
    std::string bad = header + "let x = \"" + std::string(1'000'000, 'a');
    CHECK(error_of(bad).code == "E0003");
  }
  SUBCASE("unterminated string and regex at the end of the file") {
    CHECK(error_of(header + "let x = \"").code == "E0003");
    CHECK(error_of(header + "let x = y matches /").code == "E0004");
    CHECK(error_of(header + "let x = \"\\").code == "E0005");
  }
  SUBCASE("NUL bytes") {
    CHECK(error_of(std::string("\0\0\0", 3)).code == "E0016");
  }
  SUBCASE("a truncated file at every length") {
    std::string full = header +
                       "lead { email: string }\nscore s max 5 { +1 per v where u == \"x\" within 3d max 2 }\n"
                       "stages { a when b >= 1 c otherwise }\nroutes { a when x -> \"t\" within 1h }\n"
                       "test \"t\" { as_of 2026-01-01 lead { e: 1 } events { v at -1d { u: \"x\" } } expect a }\n";
    for (std::size_t n = 0; n < full.size(); ++n) {
      auto p = parse_text(full.substr(0, n));
      CHECK((p.file.has_value() ? p.diagnostics.empty() : p.diagnostics.size() == 1));
    }
  }
}
