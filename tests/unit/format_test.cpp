// `baton fmt`: exact canonical output for small cases, and the invariants
//   format(parse(format(x))) == format(x)
//   same_structure(parse(format(x)), parse(x))
// on a corpus covering every construct and on every examples/*.baton.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "baton/compiler/format.hpp"
#include "baton/compiler/parse.hpp"

using namespace baton;

namespace {

std::string format_text(const std::string& text) {
  SourceFile source("in.baton", text);
  Diagnostics diagnostics;
  auto file = parse(source, diagnostics);
  for (const auto& d : diagnostics) FAIL_CHECK(render_text(source, d));
  REQUIRE(file);
  return format(*file, source);
}

void check_invariants(const std::string& name, const std::string& text) {
  CAPTURE(name);
  SourceFile source(name, text);
  Diagnostics diagnostics;
  auto original = parse(source, diagnostics);
  for (const auto& d : diagnostics) FAIL_CHECK(render_text(source, d));
  REQUIRE(original);
  std::string once = format(*original, source);
  SourceFile formatted(name + " (formatted)", once);
  auto reparsed = parse(formatted, diagnostics);
  for (const auto& d : diagnostics) FAIL_CHECK(render_text(formatted, d));
  REQUIRE(reparsed);
  CHECK(same_structure(*reparsed, *original));
  CHECK(format(*reparsed, formatted) == once);
}

const std::string header = "sla \"t\" version \"1\"\n";

// Every construct, written untidily on purpose.
const char* const corpus[] = {
    "sla \"a\" version \"1\"",
    "# leading comment\n\n\nsla \"a\"   version \"1\"   # header note\n# trailing comment",
    "sla \"t\" version \"1\"\nlead { email: string, size: int budget: number? # maybe\n ok: bool = false\n"
    " tags: set<string>? names: list<string> = [\"a\",\"b\"] at0: time = 2026-01-01 wait: duration = 1d12h n: number = -2.5 }",
    "sla \"t\" version \"1\"\nevent a {}\nevent b { url: string }\n\n\nevent c { x: string, y: int? }   # three",
    "sla \"t\" version \"1\"\nevent wide { aaaaaaaaaaaaaaa: string, bbbbbbbbbbbbbbbbbbbbbb: string, ccccccccccccccccccc: string, ddddddddddddddddd: int }",
    "sla \"t\" version \"1\"\nevent commented {\n  # why\n  url: string\n}",
    "sla \"t\" version \"1\"\nevent a { url: string }\nevent b { url: string }\nevent  g=a|  b   # a group\n"
    "let p = position(a where url == \"/x\"  among g within 30d)\nlet q = any(b within 1d after  a where url != \"\")\n"
    "let r = distinct_days(a, cal where url == \"/s\")\nlet s = count(g after b)\nlet t = first(g).url",
    "sla \"t\" version \"1\"\nconst s = {\"a\" , \"b\",}\nconst r = /a\\/b\\\\/i\nconst d = 30d\nconst t = 2026-11-23T10:30:00+02:00\n"
    "const n = 1_000\nconst neg = -4\nconst e = {}\nconst l = []\nconst b = true\nconst q = \"tab\\there \\u{E9} \\\"q\\\"\"",
    "sla \"t\" version \"1\"\nlet a=b+c*d-(e-f)/g%h\nexport   let   b = not x and y or z ?? w\n"
    "let c = x between 1 and 2\nlet d = s not in S and s in S\nlet e = -x.y + - -z\n"
    "let f = count(page_view where url starts_with \"/p\" within 30d) + max(a, b) + min(c)\n"
    "let g = last(v where u contains \"x\").u ends_with \"y\" or t matches /re/\nlet h = lead.size >= 10 and a != b and c <= d and e > f and g < h\n"
    "let i = count(where x)\nlet j = a ?? b ?? c",
    "sla \"t\" version \"1\"\nscore fit max 50 min 0 {\n+20 when size between 20 and 2000\n-40 when domain in free\n+demo_points when x max cap\n}\n"
    "score e decay half_life 21d window 90d max 100 {\n  +10 per v where url starts_with \"/p\" within 30d max 8\n  +1 per v\n -5 per u max 10\n}\n"
    "score empty {}",
    "sla \"t\" version \"1\"\nstages {   # first match wins\n  customer when c\n\n  # a comment\n  sql when a or\n  # inside\n   b\n  lead otherwise  # last\n}  # after",
    "sla \"t\" version \"1\"\nroutes {\n  sql when size >= 1000 -> \"team\" within 4h\n  sql -> one_of([\"a\", \"b\"], email) within hours\n  mql -> \"n\"\n}",
    "sla \"t\" version \"1\"\ntest \"a \\\"quoted\\\" name\" {\n  as_of 2026-11-23T00:00:00Z\n  lead { email: \"d@x\" job_title: \"Director\", size: 5000 }\n"
    "  events {\n    demo_request at -2d\n    page_view at 2026-11-20T10:00:00Z { url: \"/pricing\" }  # note\n  }\n"
    "  expect stage == sql\n  expect fit between 20 and 50\n}\n"
    "test \"long\" {\n  lead { email: \"someone@a-very-long-domain.example\", job_title: \"Director of Everything\", company_size: 5000 }\n"
    "  events { v at -1d { u: \"a long value that makes the record too wide to fit on one line at all\", n: 1 } }\n}\n"
    "test \"empty\" {}\ntest \"empty lead\" { lead {} expect true }",
    "sla \"t\" version \"1\"\nlet a = 1\nlet b = 2\n\n# about c\nlet c = 3\nlead {\n}\nlet d = 4",
    // Long and commented conditions: broken at and/or, comments kept with their clause.
    "sla \"t\" version \"1\"\nstages {\n  sql when aaaaaaaaaaaaaaaaaaaa >= 1000000 or (bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb >= 2 and "
    "cccccccccccccccccccccccccccccccc < 3 and dddddddddddddddddddddddddddddd == 4) or not (eeeeeeeeeeeeeeeeeeeee or "
    "fffffffffffffffffffffffffffffffffffffff or gggggggggggggggggggggggggggggggggggg)\n  lead otherwise\n}\n"
    "score s {\n  +1 per v where a and # one\n b   # two\n max 3\n}\nroutes {\n  sql when a # x\n or b -> \"t\" within 4h\n"
    "  escalate to \"m\" after 8h\n}\ntest \"t\" {\n  expect a or # why\n  b\n}",
    // Found by the source campaign: a comment after the second of two clauses
    // that start on one source line belongs to that clause, not the first.
    "sla \"t\" version \"1\"\nstages {\n  sql when a\n      or (b   or (c   # about c\n          and d)  # d\n  # own line\n"
    "          and e)\n  lead otherwise\n}",
    // Comments between the parts of a route arm, a rule, a lifecycle line,
    // a calendar line and a hand-off's fields.
    "sla \"t\" version \"1\"\nroutes {\n  sql when a # x\n and b # y\n -> \"t\" # z\n within 4h on c # w\n"
    "  # before the step\n  escalate to \"m\" after 8h # s1\n  escalate to \"v\" after 1d on c # s2\n"
    "  mql -> \"n\" # n\n  escalate to \"m\" after 1h\n}\nscore s {\n  +1 per v # e\n where a # f\n within 3d # g\n max 2 # h\n"
    "  +2 when b # i\n max 3\n}\nlifecycle {\n  a -> b # j\n -> c # k\n -> d\n}\ncalendar c \"UTC\" {\n"
    "  mon-fri 09:00-12:00, # l\n 13:00-17:00 # m\n  holidays x, # o\n y\n}\nhandoff sql {\n  fields a, # p\n b, c # q\n}",
    // Comments inside expressions other than and/or chains: sets and lists,
    // if/else, calls and their clauses, operators, `not` and `-`, between a
    // head and its expression, and a chain over lines with a last comment.
    "sla \"t\"  # n\n version \"1\"\nlead { t: set<string> = {\"a\", # a\n \"b\"} }\n"
    "const s = {  # s\n \"x\",  # x\n # y\n \"y\",\n}\nconst l = [\"p\", # p\n \"q\"]\n"
    "let a = if x then 1 # one\n else if y # why\n then 2 else 3 # three\n"
    "let b = count(v # v\n where u == \"/p\" # p\n within 30d) + # plus\n -  # minus\n n * 2\n"
    "let c = not # not\n (x or y) and z between 1 # low\n and 2 and f(g, # g\n [\"h\", # h\n \"i\"])\n"
    "let d = x\n and y # last\nlet e = any(a within 1d # gap\n after b # b\n where u == \"\")\n"
    "event g = a # a\n | b\nscore s {\n  +1 per v # v\n where a\n  -2 # minus\n when b\n}\n"
    "stages {\n  sql # s\n when a\n  lead otherwise\n}\nroutes {\n  sql -> one_of([\"a\", # a\n \"b\"], e) within 4h\n}\n"
    "test \"t\" {\n  lead { t: {\"a\", # a\n \"b\"} }\n  expect a\n or b # b\n}",
};

}  // namespace

TEST_CASE("canonical layout") {
  CHECK(format_text(header + "let   x=a+b*  c") == header + "\nlet x = a + b * c\n");
  CHECK(format_text(header + "const s = {\"a\",\"b\"}") == header + "\nconst s = {\"a\", \"b\"}\n");
  CHECK(format_text(header + "lead { a: int, b: string? = \"x\" }") ==
        header + "\nlead {\n  a: int\n  b: string? = \"x\"\n}\n");
  CHECK(format_text(header + "event demo {}\nevent v { url: string }") ==
        header + "\nevent demo {}\nevent v { url: string }\n");
}

TEST_CASE("score rules: points padded, clauses in order") {
  CHECK(format_text(header + "score e max 100 window 90d {\n+10 per v where url starts_with \"/pricing\"\n"
                             "+1 per v where url starts_with \"/docs\" max 8\n-40 when x}") ==
        header +
            "\nscore e max 100 window 90d {\n"
            "  +10 per v where url starts_with \"/pricing\"\n"
            "  +1  per v where url starts_with \"/docs\" max 8\n"
            "  -40 when x\n"
            "}\n");
}

TEST_CASE("stage and route arms align") {
  CHECK(format_text(header + "stages { customer when c\nsql when s\nlead otherwise }") ==
        header + "\nstages {\n  customer when c\n  sql      when s\n  lead     otherwise\n}\n");
  CHECK(format_text(header + "routes { sql when big -> \"a\" within 4h\nmql -> \"b\" }") ==
        header + "\nroutes {\n  sql when big -> \"a\" within 4h\n  mql -> \"b\"\n}\n");
}

TEST_CASE("comments stay: own-line before the item, trailing at the end of the line") {
  std::string in = header + "# about the lead\nlead {   # schema\n  # the address\n  email: string   # required\n}  # end\n";
  CHECK(format_text(in) == header +
                               "\n# about the lead\nlead {  # schema\n  # the address\n  email: string  # required\n"
                               "}  # end\n");
}

TEST_CASE("blank lines between declarations: kept as one, added around blocks") {
  std::string in = header + "let a = 1\nlet b = 2\n\n\n\nlet c = 3\nlead {\n  x: int\n}\nlet d = 4\n";
  CHECK(format_text(in) ==
        header + "\nlet a = 1\nlet b = 2\n\nlet c = 3\n\nlead {\n  x: int\n}\n\nlet d = 4\n");
}

TEST_CASE("strings and regexes are re-escaped") {
  CHECK(format_text(header + "const q = \"a\\\"b\\\\c\\n\\t\\u{41}\"") ==
        header + "\nconst q = \"a\\\"b\\\\c\\n\\tA\"\n");
  CHECK(format_text(header + "const r = /a\\/b\\d/i") == header + "\nconst r = /a\\/b\\d/i\n");
}

TEST_CASE("long records break one field per line") {
  std::string in = header +
                   "test \"t\" { lead { email: \"someone@a-very-long-domain.example\", job_title: \"Director of "
                   "Everything\", company_size: 5000 } }";
  CHECK(format_text(in) == header +
                               "\ntest \"t\" {\n  lead {\n    email: \"someone@a-very-long-domain.example\"\n"
                               "    job_title: \"Director of Everything\"\n    company_size: 5000\n  }\n}\n");
}

TEST_CASE("long conditions break at and/or, 4 spaces deeper, comments stay with their clause") {
  std::string wide(60, 'w');
  CHECK(format_text(header + "stages {\n  sql when " + wide + " >= 1 or (fit >= 25 and x) or y\n  lead otherwise\n}") ==
        header + "\nstages {\n  sql  when " + wide + " >= 1\n      or (fit >= 25 and x)\n      or y\n  lead otherwise\n}\n");
  CHECK(format_text(header + "stages {\n  sql when a   # first\n   or b # second\n  lead otherwise\n}") ==
        header + "\nstages {\n  sql  when a  # first\n      or b  # second\n  lead otherwise\n}\n");
  CHECK(format_text(header + "let x = a or\n  # why b\n  b") == header + "\nlet x = a\n    # why b\n    or b\n");
  // A comment on the last clause's line stays there; the rule's tail
  // (`within`, `max`) written on the line below keeps a line of its own.
  CHECK(format_text(header + "score s {\n  +2 per v where url starts_with \"/p\"  # pricing\n"
                             "      or url starts_with \"/d\"  # docs pages\n      within 30d\n"
                             "  -5 per v where url starts_with \"/c\"\n}") ==
        header + "\nscore s {\n  +2 per v where url starts_with \"/p\"  # pricing\n"
                 "      or url starts_with \"/d\"  # docs pages\n      within 30d\n"
                 "  -5 per v where url starts_with \"/c\"\n}\n");
  CHECK(format_text(header + "score s {\n  +2 per v where url starts_with \"/p\"  # pricing\n    max 10  # capped\n"
                             "  -5 per v\n}") ==
        header + "\nscore s {\n  +2 per v where url starts_with \"/p\"  # pricing\n      max 10  # capped\n  -5 per v\n}\n");
  // A comment after a line-end `or` stays with the clause before it.
  CHECK(format_text(header + "stages {\n  sql when a or  # why\n    b\n  lead otherwise\n}") ==
        header + "\nstages {\n  sql  when a  # why\n      or b\n  lead otherwise\n}\n");
  // With a comment above the rule, and with the tail over two commented lines.
  CHECK(format_text(header + "score s {\n  # about it\n  +2 per v where url starts_with \"/p\"  # pricing\n    max 10\n"
                             "  -5 per v\n}") ==
        header + "\nscore s {\n  # about it\n  +2 per v where url starts_with \"/p\"  # pricing\n      max 10\n  -5 per v\n}\n");
  CHECK(format_text(header + "score s {\n  +2 per v where url starts_with \"/p\"\n    within 30d  # window\n"
                             "    max 10  # cap\n  -5 per v\n}") ==
        header + "\nscore s {\n  +2 per v where url starts_with \"/p\" within 30d  # window\n      max 10  # cap\n  -5 per v\n}\n");
  // A clause that is still too long breaks one level deeper.
  CHECK(format_text(header + "let x = a or (" + wide + " > 1 and " + wide + " > 2)") ==
        header + "\nlet x = a\n    or (" + wide + " > 1\n        and " + wide + " > 2)\n");
}

TEST_CASE("comments stay with escalation steps, route clauses and continued lines") {
  // Each escalation step keeps its own comments; the arm's keeps the arm's line.
  CHECK(format_text(header + "routes {\n  sql -> \"a\" within 4h  # the AE\n    # then the manager\n"
                             "    escalate to \"m\" after 8h  # first\n    escalate to \"vp\" after 2d  # second\n}") ==
        header + "\nroutes {\n  sql -> \"a\" within 4h  # the AE\n"
                 "         # then the manager\n         escalate to \"m\" after 8h   # first\n"
                 "         escalate to \"vp\" after 2d  # second\n}\n");
  // A route condition over lines, its destination on a line of its own.
  CHECK(format_text(header + "routes {\n  sql when a   # one\n      and b   # two\n      -> \"t\" within 4h  # promise\n}") ==
        header + "\nroutes {\n  sql when a  # one\n      and b             # two\n      -> \"t\" within 4h  # promise\n}\n");
  // A rule's `max` below its filter.
  CHECK(format_text(header + "score s {\n  +5 per v\n     where a   # only a\n     max 25   # cap\n}") ==
        header + "\nscore s {\n  +5 per v where a  # only a\n      max 25  # cap\n}\n");
  // A lifecycle line, a calendar's holidays and a hand-off's fields over two lines.
  CHECK(format_text(header + "lifecycle {\n  lead -> mql   # warming\n       -> sql   # asked\n}") ==
        header + "\nlifecycle {\n  lead -> mql  # warming\n      -> sql  # asked\n}\n");
  CHECK(format_text(header + "calendar c \"Europe/Berlin\" {\n  mon-fri 09:00-17:00\n  holidays nl,   # public\n"
                             "    2027-12-24   # company day\n}") ==
        header + "\ncalendar c \"Europe/Berlin\" {\n  mon-fri 09:00-17:00\n  holidays nl,  # public\n"
                 "      2027-12-24  # company day\n}\n");
  CHECK(format_text(header + "handoff sql {\n  fields region,   # where\n         intent   # how warm\n}") ==
        header + "\nhandoff sql {\n  fields region,  # where\n      intent  # how warm\n}\n");
  // Comments inside a test's `events { }` stay inside it.
  CHECK(format_text(header + "test \"t\" {\n  lead { email: \"a\" }\n  events {\n    # one demo\n    d at -1d\n"
                             "    # no more\n  }\n  expect true\n}") ==
        header + "\ntest \"t\" {\n  lead { email: \"a\" }\n  events {\n    # one demo\n    d at -1d\n"
                 "    # no more\n  }\n  expect true\n}\n");
  // Without comments, all of them stay on one line.
  CHECK(format_text(header + "lifecycle {\n  lead -> mql\n       -> sql\n}\nhandoff sql {\n  fields a,\n  b\n}") ==
        header + "\nlifecycle {\n  lead -> mql -> sql\n}\n\nhandoff sql {\n  fields a, b\n}\n");
}

TEST_CASE("invariants on the corpus") {
  int i = 0;
  for (const char* text : corpus) check_invariants("corpus " + std::to_string(i++), text);
}

TEST_CASE("invariants on every example") {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(BATON_SOURCE_DIR) / "examples";
  int count = 0;
  if (fs::exists(dir)) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() != ".baton") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      check_invariants(entry.path().filename().string(), text.str());
      ++count;
    }
  }
  MESSAGE("examples checked: " << count);
}

TEST_CASE("same_structure notices a difference") {
  SourceFile a("a", header + "let x = a + b");
  SourceFile b("b", header + "let x = a - b");
  Diagnostics diagnostics;
  auto fa = parse(a, diagnostics);
  auto fb = parse(b, diagnostics);
  REQUIRE(fa);
  REQUIRE(fb);
  CHECK_FALSE(same_structure(*fa, *fb));
  CHECK(same_structure(*fa, *fa));
}

// Found by fuzz_source: the formatter marked trailing comments with U+0001,
// so a literal or comment holding that byte came out changed (a regex lost
// it to padding). Control characters other than NUL may stand in a regex or
// a comment, kept as written, and in a string, spelled as an escape.
TEST_CASE("control characters in literals and comments are kept as written") {
  const std::string text =
      "sla \"s\" version \"1\"\n"
      "lead {\n"
      "  title: string  # a note \x01 with a control character\n"
      "  email: string  # another\n"
      "}\n"
      "const odd = /co\x01\x17o/i\n"
      "const tab = \"a\x01" "b\"\n";
  const std::string once = format_text(text);
  CHECK(once.find("/co\x01\x17o/i") != std::string::npos);
  CHECK(once.find("const tab = \"a\\u{1}b\"\n") != std::string::npos);  // strings spell it as an escape
  CHECK(once.find("title: string  # a note \x01 with a control character\n") != std::string::npos);
  CHECK(once.find("email: string  # another\n") != std::string::npos);
  check_invariants("control characters", text);
}

// Found by fuzz_source: a conditional kept its whole source as its text, so
// `else a+1` reformatted to `else a + 1` no longer had "the same structure"
// as the original. Spacing inside an if/else is not structure; a changed
// arm still is.
TEST_CASE("an if/else's spacing is not part of its structure") {
  check_invariants("if-else-sum", header + "lead { size: int? }\nexport let z = if size > 1 then 2 else size+1");
  SourceFile a("a", header + "let z = if a > 1 then 2 else a+1");
  SourceFile b("b", header + "let z = if a > 1 then 2   else   a + 1");
  SourceFile c("c", header + "let z = if a > 1 then 2 else a-1");
  Diagnostics diagnostics;
  auto fa = parse(a, diagnostics);
  auto fb = parse(b, diagnostics);
  auto fc = parse(c, diagnostics);
  REQUIRE((fa && fb && fc));
  CHECK(same_structure(*fa, *fb));
  CHECK_FALSE(same_structure(*fa, *fc));
}

// Found by fuzz_source: a control character in a hand-off summary was
// written as `\u{16}` and then had its braces doubled with the text's own,
// giving `\u{{16}}`, which does not parse.
TEST_CASE("a control character in a hand-off summary is escaped once") {
  const std::string text = header +
                           "lead { email: string }\nstages {\n  mql when true\n  lead otherwise\n}\n"
                           "handoff mql {\n  summary \"{{a}}\x16{email}\\u{7F}\"\n}\n";
  check_invariants("summary-control-character", text);
  CHECK(format_text(text).find("summary \"{{a}}\\u{16}{email}\\u{7F}\"") != std::string::npos);
}
