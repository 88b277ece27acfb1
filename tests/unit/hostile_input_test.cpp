// Hostile and oversized SLA sources through the whole front end (parse, check,
// generate, verify): every input ends in a program or in diagnostics, never in
// a crash or a hang. The inputs are built in memory so that no multi-megabyte
// file lives in the repository; small hostile files are data-driven cases in
// tests/cases/.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "baton/compiler/compile.hpp"
#include "baton/compiler/parse.hpp"

using namespace baton;

namespace {

const std::string header = "sla \"hostile\" version \"1\"\n";

struct Result {
  SourceFile source;
  Diagnostics diagnostics;
  Compilation compilation;
};

Result compile_text(std::string text) {
  Result r{SourceFile("hostile.baton", std::move(text)), {}, {}};
  r.compilation = compile(r.source, r.diagnostics);
  return r;
}

// Either a verified program and no errors, or no program and at least one
// error, each of which renders.
void check_outcome(const Result& r) {
  if (r.compilation.program) {
    CHECK_FALSE(has_errors(r.diagnostics));
  } else {
    REQUIRE(has_errors(r.diagnostics));
    for (const auto& d : r.diagnostics) {
      CHECK_FALSE(d.code.empty());
      CHECK_FALSE(render_text(r.source, d).empty());
      CHECK_FALSE(render_json(r.source, d).empty());
    }
  }
}

std::string codes(const Diagnostics& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) out += (out.empty() ? "" : " ") + d.code;
  return out;
}

}  // namespace

TEST_CASE("a 10 MB SLA with a 450,000-item set compiles") {
  std::string text = header + "lead { email: string }\nconst blocked = {";
  for (int i = 0; text.size() < 10'000'000; ++i) text += (i ? ", \"" : "\"") + std::to_string(i) + ".example\"";
  text += "}\nlet blocked_domain = email_domain(email) in blocked\n"
          "stages {\n  disqualified when blocked_domain\n  lead otherwise\n}\n";
  auto r = compile_text(std::move(text));
  INFO(codes(r.diagnostics));
  CHECK(r.diagnostics.empty());
  CHECK(r.compilation.program);
}

TEST_CASE("a 2 MB score block gives a program or a diagnostic") {
  std::string text = header + "lead { email: string }\nevent page_view { url: string }\nscore s {\n";
  for (int i = 0; text.size() < 2'000'000; ++i)
    text += "  +" + std::to_string(i % 50 + 1) + " per page_view where url starts_with \"/p" + std::to_string(i) +
            "\" within " + std::to_string(i % 90 + 1) + "d max " + std::to_string(i % 7 + 3) + "\n";
  text += "}\nstages { lead otherwise }\n";
  check_outcome(compile_text(std::move(text)));
}

TEST_CASE("a 2 MB file of lets in dependency order gives a program or a diagnostic") {
  std::string text = header + "lead { email: string }\nlet v0 = 1\n";
  for (int i = 1; text.size() < 2'000'000; ++i)
    text += "let v" + std::to_string(i) + " = v" + std::to_string(i - 1) + " + 1\n";
  text += "stages { lead otherwise }\n";
  check_outcome(compile_text(std::move(text)));
}

TEST_CASE("a 10 MB single line parses or gets one syntax error") {
  SUBCASE("one long string") {
    auto r = compile_text(header + "lead { email: string }\nconst s = \"" + std::string(10'000'000, 'x') +
                          "\"\nstages { lead otherwise }\n");
    check_outcome(r);
    CHECK(r.compilation.program);
  }
  SUBCASE("an error at the end of a 10 MB line renders") {
    std::string line = "const s = \"" + std::string(10'000'000, 'x') + "\" +";
    auto r = compile_text(header + "lead { email: string }\n" + line + "\nstages { lead otherwise }\n");
    check_outcome(r);
    CHECK_FALSE(r.compilation.program);
    REQUIRE(r.diagnostics.size() == 1);
  }
  SUBCASE("an unterminated 10 MB string") {
    auto r = compile_text(header + "lead { email: string }\nlet s = \"" + std::string(10'000'000, 'x'));
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].code == "E0003");
  }
}

TEST_CASE("10 MB of comments, blank lines and whitespace") {
  std::string text = header;
  while (text.size() < 10'000'000) text += "   \t# comment\r\n\n";
  text += "lead { email: string }\nstages { lead otherwise }\n";
  auto r = compile_text(std::move(text));
  CHECK(r.diagnostics.empty());
  CHECK(r.compilation.program);
}

TEST_CASE("10 MB of binary garbage gets one diagnostic") {
  std::string garbage;
  garbage.reserve(10'000'000);
  std::uint32_t state = 2463534242u;  // xorshift: deterministic noise
  while (garbage.size() < 10'000'000) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    garbage += static_cast<char>(state & 0xff);
  }
  auto r = compile_text(std::move(garbage));
  CHECK_FALSE(r.compilation.program);
  CHECK(r.diagnostics.size() == 1);
  check_outcome(r);
}

TEST_CASE("a file over the default 16 MiB limit: E0013, without parsing it") {
  std::string text = header;
  text.append((16u << 20) + 1, ' ');
  text += "lead { email: string }\nstages { lead otherwise }\n";
  auto r = compile_text(std::move(text));
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].code == "E0013");
  CHECK_FALSE(r.compilation.program);
}

TEST_CASE("many small errors are all reported, and render") {
  std::string text = header + "lead { email: string }\n";
  for (int i = 0; i < 1'000; ++i) text += "let x" + std::to_string(i) + " = no_such_name" + std::to_string(i) + "\n";
  text += "stages { lead otherwise }\n";
  auto r = compile_text(std::move(text));
  CHECK_FALSE(r.compilation.program);
  CHECK(r.diagnostics.size() == 1'000);
  check_outcome(r);
}

TEST_CASE("10,000 declarations of one name") {
  std::string text = header + "lead { email: string }\n";
  for (int i = 0; i < 10'000; ++i) text += "const dup = " + std::to_string(i) + "\n";
  text += "stages { lead otherwise }\n";
  auto r = compile_text(std::move(text));
  CHECK(r.diagnostics.size() == 9'999);
  for (const auto& d : r.diagnostics) CHECK(d.code == "E0104");
}

namespace {

std::size_t code_point_count(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// The rest of `s` from code point `n` on.
std::string_view from_code_point(std::string_view s, std::size_t n) {
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && n-- == 0) return s.substr(i);
  return {};
}

struct Rendered {
  std::string shown;   // the source line as printed, after "1 | "
  std::string carets;  // the caret line, after "  | "
};

// Renders an error on `name`, found at its first occurrence in a one-line file.
Rendered render_on(const std::string& line, std::string_view name) {
  SourceFile source("long.baton", line + "\n");
  auto at = static_cast<std::uint32_t>(line.find(name));
  Diagnostic d{Severity::error, "E0101", {at, at + static_cast<std::uint32_t>(name.size())}, "unknown name", {}};
  std::string text = render_text(source, d);
  std::vector<std::string> lines;
  for (std::size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    lines.push_back(text.substr(start, end - start));
  REQUIRE(lines.size() == 4);
  return {lines[2].substr(4), lines[3].substr(4)};
}

}  // namespace

TEST_CASE("a diagnostic on a very long line shows a window of it around the caret") {
  // Multi-byte text everywhere, so that every cut falls among 2-byte characters.
  const std::string filler = "é + ";
  auto repeat = [&](std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += filler;
    return out;
  };
  SUBCASE("in the middle: cut on both sides, the caret under the name") {
    Rendered r = render_on("let x = " + repeat(250'000) + "compnay" + repeat(250'000), "compnay");
    CHECK(code_point_count(r.shown) <= 120);
    CHECK(r.shown.starts_with("..."));
    CHECK(r.shown.ends_with("..."));
    CHECK(r.carets == std::string(r.carets.find('^'), ' ') + "^^^^^^^");
    CHECK(from_code_point(r.shown, r.carets.find('^')).starts_with("compnayé + "));
  }
  SUBCASE("near the start: cut on the right only") {
    Rendered r = render_on("let x = compnay + " + repeat(1000), "compnay");
    CHECK(r.shown.starts_with("let x = compnay + é"));
    CHECK(r.shown.ends_with("..."));
    CHECK(code_point_count(r.shown) <= 120);
    CHECK(r.carets == "        ^^^^^^^");
  }
  SUBCASE("at the end: cut on the left only") {
    Rendered r = render_on("let x = " + repeat(1000) + "compnay", "compnay");
    CHECK(r.shown.starts_with("..."));
    CHECK(r.shown.ends_with("é + compnay"));
    CHECK(from_code_point(r.shown, r.carets.find('^')) == "compnay");
  }
  SUBCASE("a span longer than the window: carets up to the cut") {
    const std::string line = "let x = \"" + std::string(5000, 'x') + "\"";
    Rendered r = render_on(line, line.substr(8));
    CHECK(r.carets.size() <= 120);
    CHECK(from_code_point(r.shown, r.carets.find('^')).starts_with("\"xxx"));
  }
  SUBCASE("a line of 120 columns is shown whole") {
    const std::string line = "let x = compnay + " + std::string(102, 'y');
    REQUIRE(code_point_count(line) == 120);
    Rendered r = render_on(line, "compnay");
    CHECK(r.shown == line);
    CHECK(r.carets == "        ^^^^^^^");
  }
}
