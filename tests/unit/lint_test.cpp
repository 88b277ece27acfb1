// baton lint: each lint fires on a planted problem and stays quiet on the
// corrected version; suppressions, the .batonlint config, SARIF structure,
// the examples, and docs/lint.md in step with the lint table.
#include <doctest/doctest.h>
#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "baton/compiler/lint.hpp"
#include "baton/compiler/parse.hpp"

using namespace baton;

namespace {

// A small schema every snippet can use; `body` adds declarations.
std::string sla(std::string_view body) {
  return std::string(R"(sla "t" version "1"
lead {
  email: string
  size: int
  budget: number?
  title: string?
  industry: string?
  vip: bool?
}
event page_view { url: string, ref: string? }
)") + std::string(body) + "\n";
}

Diagnostics lint_text(const std::string& text, const LintConfig& config = {}) {
  SourceFile source("t.baton", text);
  Diagnostics check;
  bool compiled = false;
  Diagnostics found = lint_source(source, check, compiled, config);
  for (const auto& d : check) INFO(d.code << " " << d.message);
  REQUIRE(compiled);
  return found;
}

std::vector<std::string> codes(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& d : lint_text(text)) out.push_back(d.code);
  return out;
}

bool fires(const std::string& text, std::string_view code) {
  auto c = codes(text);
  return std::find(c.begin(), c.end(), code) != c.end();
}

const char* kStages = "stages {\n  lead otherwise\n}\n";

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("the lint table: unique codes and names, each documented in docs/lint.md") {
  std::string docs = read(std::filesystem::path(BATON_SOURCE_DIR) / "docs" / "lint.md");
  std::vector<std::string_view> seen;
  for (const auto& r : lint_rules()) {
    CHECK(std::find(seen.begin(), seen.end(), r.code) == seen.end());
    CHECK(std::find(seen.begin(), seen.end(), r.name) == seen.end());
    seen.push_back(r.code);
    seen.push_back(r.name);
    CHECK(find_lint_rule(r.code) == &r);
    CHECK(find_lint_rule(r.name) == &r);
    INFO(r.code);
    CHECK(docs.find("<a id=\"" + std::string(r.code) + "\"></a>") != std::string::npos);
    CHECK(docs.find("`" + std::string(r.name) + "`") != std::string::npos);
  }
  CHECK(find_lint_rule("L9999") == nullptr);
}

TEST_CASE("L0101 unreachable-stage: an earlier arm covers it") {
  CHECK(fires(sla("stages {\n  hot when size >= 40\n  warm when size >= 50\n  lead otherwise\n}"), "L0101"));
  CHECK_FALSE(fires(sla("stages {\n  warm when size >= 50\n  hot when size >= 40\n  lead otherwise\n}"), "L0101"));
  // Several earlier arms together: size < 10 or size >= 10 and a string set.
  CHECK(fires(sla("stages {\n  a when size < 10\n  b when size >= 10 and industry in {\"x\", \"y\"}\n"
                  "  c when industry == \"x\"\n  lead otherwise\n}"),
              "L0101"));
  CHECK_FALSE(fires(sla("stages {\n  a when size < 10\n  b when size >= 10 and industry in {\"x\", \"y\"}\n"
                        "  c when industry == \"z\"\n  lead otherwise\n}"),
                    "L0101"));
  // `otherwise` after an arm that is always true.
  CHECK(fires(sla("stages {\n  a when size >= 0 or size < 0\n  lead otherwise\n}"), "L0101"));
  // An optional value: `budget >= 0 or budget < 0` misses leads without a budget.
  CHECK_FALSE(fires(sla("stages {\n  a when budget >= 0 or budget < 0\n  lead otherwise\n}"), "L0101"));
  // Through a bool let.
  CHECK(fires(sla("let big = size >= 1000\nstages {\n  a when big\n  b when size >= 2000\n  lead otherwise\n}"),
              "L0101"));
}

TEST_CASE("L0102 unreachable-route and L0104 route-for-unreachable-stage") {
  std::string stages = "stages {\n  hot when size >= 40\n  warm when size >= 50\n  lead otherwise\n}\n";
  CHECK(fires(sla(stages + "routes {\n  hot -> \"a\"\n  hot when size > 100 -> \"b\"\n}"), "L0102"));
  CHECK_FALSE(fires(sla(stages + "routes {\n  hot when size > 100 -> \"b\"\n  hot -> \"a\"\n}"), "L0102"));
  // The stage's own condition rules the route out.
  CHECK(fires(sla(stages + "routes {\n  hot when size < 20 -> \"b\"\n}"), "L0102"));
  CHECK(fires(sla(stages + "routes {\n  warm -> \"c\"\n}"), "L0104"));
  CHECK_FALSE(fires(sla(stages + "routes {\n  hot -> \"c\"\n}"), "L0104"));
}

TEST_CASE("L0103 unrouted-stage is a note, only with a routes block") {
  auto found = lint_text(sla("stages {\n  hot when size >= 40\n  lead otherwise\n}\nroutes {\n  hot -> \"a\"\n}"));
  auto it = std::find_if(found.begin(), found.end(), [](const Diagnostic& d) { return d.code == "L0103"; });
  REQUIRE(it != found.end());
  CHECK(it->severity == Severity::note);
  CHECK(it->message.find("`lead`") != std::string::npos);
  CHECK_FALSE(fires(sla("stages {\n  hot when size >= 40\n  lead otherwise\n}"), "L0103"));
}

TEST_CASE("L0105 impossible-condition and L0106 always-true-condition") {
  CHECK(fires(sla("score s max 10 {\n  +5 when size > 80 and size < 50\n}\n") + kStages, "L0105"));
  CHECK_FALSE(fires(sla("score s max 10 {\n  +5 when size > 50 and size < 80\n}\n") + kStages, "L0105"));
  CHECK(fires(sla("score s max 10 {\n  +5 when industry == \"a\" and industry in {\"b\", \"c\"}\n}\n") + kStages,
              "L0105"));
  CHECK(fires(sla("score s max 10 {\n  +5 when size between 10 and 5\n}\n") + kStages, "L0105"));
  // Integers: nothing lies strictly between 5 and 6.
  CHECK(fires(sla("score s max 10 {\n  +5 when size > 5 and size < 6\n}\n") + kStages, "L0105"));
  CHECK_FALSE(fires(sla("score s max 10 {\n  +5 when budget > 5 and budget < 6\n}\n") + kStages, "L0105"));

  CHECK(fires(sla("score s max 10 {\n  +5 when size > 5 or size <= 5\n}\n") + kStages, "L0106"));
  // Optional: a lead without a budget makes both sides false.
  CHECK_FALSE(fires(sla("score s max 10 {\n  +5 when budget > 5 or budget <= 5\n}\n") + kStages, "L0106"));
  CHECK(fires(sla("score s max 10 {\n  +5 when present(budget) or not present(budget)\n}\n") + kStages, "L0106"));
  CHECK_FALSE(fires(sla("score s max 10 {\n  +5 when vip or not vip\n}\n") + kStages, "L0106"));
}

TEST_CASE("L0201 unreachable-threshold and L0202 threshold-always-met") {
  std::string scores =
      "score fit max 160 min -100 {\n  +100 when size > 10\n  +100 when industry == \"a\"\n  -200 when vip\n}\n"
      "score eng max 50 min 0 {\n  +10 per page_view max 30\n}\nlet total = fit + eng\n";
  auto found = lint_text(sla(scores + "stages {\n  a when fit >= 200\n  lead otherwise\n}"));
  auto it = std::find_if(found.begin(), found.end(), [](const Diagnostic& d) { return d.code == "L0201"; });
  REQUIRE(it != found.end());
  CHECK(it->message == "`fit >= 200` is never true: `fit` ranges over [-100, 160]");
  CHECK(fires(sla(scores + "stages {\n  a when fit <= -500\n  lead otherwise\n}"), "L0201"));
  CHECK(fires(sla(scores + "stages {\n  a when total > 190\n  lead otherwise\n}"), "L0201"));
  CHECK(fires(sla(scores + "stages {\n  a when eng > 30\n  lead otherwise\n}"), "L0201"));
  CHECK_FALSE(fires(sla(scores + "stages {\n  a when total > 180\n  lead otherwise\n}"), "L0201"));
  CHECK_FALSE(fires(sla(scores + "stages {\n  a when fit >= 150\n  lead otherwise\n}"), "L0201"));
  CHECK(fires(sla(scores + "stages {\n  a when eng >= 0\n  lead otherwise\n}"), "L0202"));
  CHECK_FALSE(fires(sla(scores + "stages {\n  a when eng >= 10\n  lead otherwise\n}"), "L0202"));
}

TEST_CASE("L0301-L0304 unused declarations, L0305 shadows-builtin") {
  std::string used = "const sizes = {\"a\"}\nlet big = size > 10\nscore s max 10 {\n  +5 when big and industry in "
                     "sizes\n  +1 per page_view max 3\n}\n";
  CHECK(fires(sla("const unused = 5\n") + kStages, "L0301"));
  CHECK_FALSE(fires(sla(used) + kStages, "L0301"));
  CHECK(fires(sla("let dead = size > 5\n") + kStages, "L0302"));
  CHECK(fires(sla("let a = size > 5\nlet b = a\n") + kStages, "L0302"));  // a chain that ends nowhere
  CHECK_FALSE(fires(sla("export let shown = size > 5\n") + kStages, "L0302"));
  CHECK_FALSE(fires(sla(used) + kStages, "L0302"));
  CHECK(fires(sla(kStages), "L0303"));
  CHECK(fires(sla(kStages), "L0304"));
  CHECK_FALSE(fires(sla(used) + kStages, "L0304"));
  CHECK(fires(sla("let lower = size > 5\nstages {\n  a when lower\n  lead otherwise\n}"), "L0305"));
  CHECK_FALSE(fires(sla("let lowered = size > 5\nstages {\n  a when lowered\n  lead otherwise\n}"), "L0305"));
}

TEST_CASE("L0401 missing-negated") {
  CHECK(fires(sla("stages {\n  a when not (budget >= 5000)\n  lead otherwise\n}"), "L0401"));
  CHECK_FALSE(fires(sla("stages {\n  a when not (size >= 5000)\n  lead otherwise\n}"), "L0401"));
  CHECK_FALSE(fires(sla("stages {\n  a when present(budget) and not (budget >= 5000)\n  lead otherwise\n}"), "L0401"));
  CHECK_FALSE(fires(sla("stages {\n  a when (budget ?? 0) < 5000\n  lead otherwise\n}"), "L0401"));
  CHECK_FALSE(fires(sla("stages {\n  a when title matches /vp/i and not (title matches /intern/i)\n  lead "
                        "otherwise\n}"),
                    "L0401"));
  // Through a let: `not rich` is true for a lead without a budget.
  CHECK(fires(sla("let rich = budget >= 5000\nstages {\n  a when not rich\n  lead otherwise\n}"), "L0401"));
  CHECK_FALSE(fires(sla("let rich = budget >= 5000\nstages {\n  a when rich\n  lead otherwise\n}"), "L0401"));
  // The missing case said out loud: `not present(x) or not (...)` and its De Morgan form.
  CHECK_FALSE(fires(sla("stages {\n  a when not present(budget) or not (budget >= 5000)\n  lead otherwise\n}"),
                    "L0401"));
  CHECK_FALSE(fires(sla("stages {\n  a when not (present(budget) and budget >= 5000)\n  lead otherwise\n}"), "L0401"));
  CHECK(fires(sla("stages {\n  a when not (present(title) and budget >= 5000)\n  lead otherwise\n}"), "L0401"));
  CHECK_FALSE(fires(sla("stages {\n  a when not (not present(budget) or budget >= 5000)\n  lead otherwise\n}"),
                    "L0401"));
}

TEST_CASE("L0402 missing-excluded and L0403 missing-below") {
  CHECK(fires(sla("stages {\n  a when industry != \"edu\"\n  lead otherwise\n}"), "L0402"));
  CHECK(fires(sla("stages {\n  a when industry not in {\"edu\"}\n  lead otherwise\n}"), "L0402"));
  CHECK_FALSE(fires(sla("stages {\n  a when (industry ?? \"\") != \"edu\"\n  lead otherwise\n}"), "L0402"));
  CHECK_FALSE(fires(sla("stages {\n  a when email != \"x\"\n  lead otherwise\n}"), "L0402"));
  // Only another conjunct that requires the value exempts it, never the test itself.
  CHECK(fires(sla("stages {\n  a when size > 5 and industry != \"x\"\n  lead otherwise\n}"), "L0402"));
  CHECK(fires(sla("stages {\n  a when industry != \"x\" and size > 5\n  lead otherwise\n}"), "L0402"));
  CHECK(fires(sla("stages {\n  a when (size > 5 and vip == true) and industry not in {\"x\"}\n  lead otherwise\n}"),
              "L0402"));
  CHECK_FALSE(fires(sla("stages {\n  a when present(industry) and industry != \"x\"\n  lead otherwise\n}"), "L0402"));
  CHECK_FALSE(fires(sla("stages {\n  a when industry starts_with \"f\" and industry != \"x\"\n  lead otherwise\n}"),
                    "L0402"));
  CHECK_FALSE(fires(sla("stages {\n  a when size > 5 and (industry != \"x\" and present(industry))\n  lead otherwise\n}"),
                    "L0402"));
  // A disjunct that is true without the value says what a missing value
  // does, in either order, as the help suggests; one about another value
  // does not.
  CHECK_FALSE(fires(sla("stages {\n  a when not present(industry) or industry != \"x\"\n  lead otherwise\n}"),
                    "L0402"));
  CHECK_FALSE(fires(sla("stages {\n  a when industry not in {\"x\"} or not present(industry)\n  lead otherwise\n}"),
                    "L0402"));
  CHECK_FALSE(fires(sla("let no_industry = not present(industry)\nstages {\n  a when no_industry or industry != "
                        "\"x\"\n  lead otherwise\n}"),
                    "L0402"));
  CHECK(fires(sla("stages {\n  a when not present(title) or industry != \"x\"\n  lead otherwise\n}"), "L0402"));
  CHECK(fires(sla("stages {\n  a when size > 5 or industry != \"x\"\n  lead otherwise\n}"), "L0402"));
  CHECK_FALSE(fires(sla("score s max 10 min -10 {\n  -10 when not present(budget) or budget < 5000\n}\n") + kStages,
                    "L0403"));
  CHECK_FALSE(fires(sla("stages {\n  a when budget <= 10 or not present(budget)\n  lead otherwise\n}"), "L0403"));
  CHECK(fires(sla("stages {\n  a when budget <= 10 or present(title)\n  lead otherwise\n}"), "L0403"));
  CHECK(fires(sla("score s max 10 min -10 {\n  -10 when budget < 5000\n}\n") + kStages, "L0403"));
  CHECK_FALSE(fires(sla("score s max 10 {\n  +10 when budget < 5000\n}\n") + kStages, "L0403"));
  CHECK(fires(sla("stages {\n  a when budget <= 10\n  lead otherwise\n}"), "L0403"));
  CHECK_FALSE(fires(sla("stages {\n  a when budget >= 10\n  lead otherwise\n}"), "L0403"));
}

TEST_CASE("L0501-L0504 score hygiene") {
  CHECK(fires(sla("score s max 10 {\n  +5 when size > 5\n  +5 when (size > 5)\n}\n") + kStages, "L0501"));
  CHECK(fires(sla("score s max 10 {\n  +5 when industry in {\"a\", \"b\"}\n  +5 when industry in {\"b\", \"a\"}\n}\n") +
                  kStages,
              "L0501"));
  CHECK_FALSE(fires(sla("score s max 10 {\n  +5 when size > 5\n  +5 when size > 6\n}\n") + kStages, "L0501"));
  CHECK(fires(sla("score s max 10 {\n  +5 when size > 5\n  +7 when size > 5\n}\n") + kStages, "L0502"));
  CHECK_FALSE(fires(sla("score s max 10 {\n  +5 when size > 5\n}\n") + kStages, "L0502"));
  CHECK(fires(sla("score s max 10 decay half_life 7d {\n  +5 per page_view\n}\n") + kStages, "L0503"));
  CHECK_FALSE(fires(sla("score s max 10 window 30d decay half_life 7d {\n  +5 per page_view\n}\n") + kStages, "L0503"));
  CHECK(fires(sla("score s {\n  +5 per page_view\n}\n") + kStages, "L0504"));
  CHECK_FALSE(fires(sla("score s {\n  +5 per page_view max 20\n}\n") + kStages, "L0504"));
  CHECK_FALSE(fires(sla("score s max 10 {\n  +5 per page_view\n}\n") + kStages, "L0504"));
}

TEST_CASE("L0601 case-sensitive-regex and L0602 regex-never-matches") {
  CHECK(fires(sla("stages {\n  a when title matches /Director/\n  lead otherwise\n}"), "L0601"));
  CHECK_FALSE(fires(sla("stages {\n  a when title matches /director/i\n  lead otherwise\n}"), "L0601"));
  CHECK_FALSE(fires(sla("stages {\n  a when lower(title) matches /director/\n  lead otherwise\n}"), "L0601"));
  CHECK_FALSE(fires(sla("stages {\n  a when title matches /^[0-9]+$/\n  lead otherwise\n}"), "L0601"));
  CHECK_FALSE(fires(sla("let t = lower(title)\nstages {\n  a when t matches /vp|head/\n  lead otherwise\n}"), "L0601"));

  CHECK(fires(sla("stages {\n  a when lower(title) matches /Director/\n  lead otherwise\n}"), "L0602"));
  CHECK_FALSE(fires(sla("stages {\n  a when lower(title) matches /Director|vp/\n  lead otherwise\n}"), "L0602"));
  CHECK(fires(sla("stages {\n  a when title matches /a^b/i\n  lead otherwise\n}"), "L0602"));
  CHECK(fires(sla("stages {\n  a when title matches /x$y/i\n  lead otherwise\n}"), "L0602"));
  CHECK_FALSE(fires(sla("stages {\n  a when title matches /^$/\n  lead otherwise\n}"), "L0602"));
  CHECK_FALSE(fires(sla("stages {\n  a when title matches /a?^b|c$/i\n  lead otherwise\n}"), "L0602"));
}

TEST_CASE("L0701 duplicate-test-name and L0702 test-without-expect") {
  std::string t1 = "test \"x\" {\n  lead { email: \"a\", size: 1 }\n  expect stage == lead\n}\n";
  std::string t2 = "test \"x\" {\n  lead { email: \"a\", size: 2 }\n  expect stage == lead\n}\n";
  std::string t3 = "test \"y\" {\n  lead { email: \"a\", size: 2 }\n}\n";
  CHECK(fires(sla(std::string(kStages) + t1 + t2), "L0701"));
  CHECK_FALSE(fires(sla(std::string(kStages) + t1), "L0701"));
  CHECK(fires(sla(std::string(kStages) + t3), "L0702"));
  CHECK_FALSE(fires(sla(std::string(kStages) + t1), "L0702"));
}

TEST_CASE("suppression by comment, on the line or the line before, by code or name") {
  CHECK_FALSE(fires(sla("const unused = 5  # baton: allow(L0301)\n") + kStages, "L0301"));
  CHECK_FALSE(fires(sla("# baton: allow(unused-const)\nconst unused = 5\n") + kStages, "L0301"));
  CHECK_FALSE(fires(sla("# baton: allow(L0302, unused-const)\nconst unused = 5\n") + kStages, "L0301"));
  CHECK(fires(sla("# baton: allow(unused-const)\n\nconst unused = 5\n") + kStages, "L0301"));
  CHECK(fires(sla("const unused = 5  # baton: allow(L0302)\n") + kStages, "L0301"));
}

TEST_CASE("an allow comment naming no lint is an error at the name, with a near name") {
  const std::string text = sla("# baton: allow(unused-const, unused-feild , L9999)\nconst unused = 5\n") + kStages;
  SourceFile source("t.baton", text);
  Diagnostics ignored;
  auto parsed = parse(source, ignored);
  REQUIRE(parsed);
  Diagnostics unknown = unknown_allowed_lints(*parsed);
  REQUIRE(unknown.size() == 2);
  CHECK(unknown[0].code == "L0001");
  CHECK(unknown[0].severity == Severity::error);
  CHECK(unknown[0].message == "unknown lint `unused-feild`");
  CHECK(source.slice(unknown[0].span) == "unused-feild");
  CHECK(unknown[0].help == std::vector<std::string>{"did you mean `unused-field`?"});
  CHECK(source.slice(unknown[1].span) == "L9999");
  // Known names and comments that are no suppression are fine.
  SourceFile clean("t.baton", sla("# baton: allow(L0301, unused-let)\n# allow(nothing)\n") + kStages);
  auto clean_ast = parse(clean, ignored);
  REQUIRE(clean_ast);
  CHECK(unknown_allowed_lints(*clean_ast).empty());
}

TEST_CASE(".batonlint: allow, scoped allow, deny warnings, errors") {
  LintConfig config;
  std::string error;
  REQUIRE(parse_lint_config("# team rules\nallow L0303\nallow unused-event in legacy/*.baton\ndeny warnings\n",
                            "legacy/old.baton", config, error));
  CHECK(config.deny_warnings);
  CHECK(config.allowed == std::vector<std::string>{"L0303", "L0304"});
  LintConfig other;
  REQUIRE(parse_lint_config("allow unused-event in legacy/*.baton\n", "new.baton", other, error));
  CHECK(other.allowed.empty());
  LintConfig bad;
  CHECK_FALSE(parse_lint_config("allow L9999\n", "a.baton", bad, error));
  CHECK(error == "line 1: unknown lint `L9999`");
  CHECK_FALSE(parse_lint_config("allow\n", "a.baton", bad, error));
  CHECK_FALSE(parse_lint_config("deny notes\n", "a.baton", bad, error));

  auto found = lint_text(sla("const unused = 5\n") + kStages, config);
  CHECK(std::none_of(found.begin(), found.end(), [](const Diagnostic& d) { return d.code == "L0303"; }));
  CHECK(lint_failed(found, config));  // the unused const is a warning, and warnings are denied
  CHECK_FALSE(lint_failed(found, LintConfig{}));
}

TEST_CASE("a file that does not check is not linted") {
  SourceFile source("t.baton", sla("stages {\n  a when nosuch > 1\n  lead otherwise\n}"));
  Diagnostics check;
  bool compiled = true;
  auto found = lint_source(source, check, compiled);
  CHECK_FALSE(compiled);
  CHECK(found.empty());
  CHECK(has_errors(check));
}

TEST_CASE("SARIF output has the properties SARIF 2.1.0 requires") {
  SourceFile source("dir with space/t.baton", sla("const unused = 5\nstages {\n  hot when size >= 40\n  warm when size >= "
                                                  "50\n  lead otherwise\n}"));
  Diagnostics check;
  bool compiled = false;
  Diagnostics found = lint_source(source, check, compiled);
  REQUIRE(compiled);
  REQUIRE(found.size() >= 2);
  SarifFile file{&source, &found};
  std::string text = render_sarif(std::span(&file, 1));

  simdjson::dom::parser parser;
  simdjson::dom::element log;
  REQUIRE(parser.parse(text).get(log) == simdjson::SUCCESS);
  CHECK(std::string_view(log["version"]) == "2.1.0");
  CHECK(std::string_view(log["$schema"]).find("sarif") != std::string_view::npos);
  simdjson::dom::array runs = log["runs"];
  REQUIRE(runs.size() == 1);
  simdjson::dom::element run = runs.at(0);
  simdjson::dom::element driver = run["tool"]["driver"];
  CHECK(std::string_view(driver["name"]) == "baton");
  simdjson::dom::array rules = driver["rules"];
  CHECK(rules.size() == lint_rules().size());
  for (simdjson::dom::element rule : rules) {
    std::string_view id = rule["id"];
    CHECK(find_lint_rule(id) != nullptr);
    CHECK(!std::string_view(rule["name"]).empty());
    CHECK(!std::string_view(rule["shortDescription"]["text"]).empty());
    CHECK(!std::string_view(rule["fullDescription"]["text"]).empty());
    std::string_view level = rule["defaultConfiguration"]["level"];
    CHECK((level == "error" || level == "warning" || level == "note"));
    CHECK(std::string_view(rule["helpUri"]) == "docs/lint.md#" + std::string(id));
  }
  simdjson::dom::array results = run["results"];
  CHECK(results.size() == found.size());
  std::size_t i = 0;
  for (simdjson::dom::element result : results) {
    const Diagnostic& d = found[i++];
    CHECK(std::string_view(result["ruleId"]) == d.code);
    std::int64_t index = result["ruleIndex"];
    CHECK(lint_rules()[static_cast<std::size_t>(index)].code == d.code);
    CHECK(std::string_view(result["level"]) == severity_name(d.severity));
    CHECK(std::string_view(result["message"]["text"]).find(d.message) == 0);
    simdjson::dom::array locations = result["locations"];
    REQUIRE(locations.size() == 1);
    simdjson::dom::element physical = locations.at(0)["physicalLocation"];
    CHECK(std::string_view(physical["artifactLocation"]["uri"]) == "dir%20with%20space/t.baton");
    simdjson::dom::element region = physical["region"];
    std::int64_t start_line = region["startLine"], start_column = region["startColumn"];
    std::int64_t end_line = region["endLine"], end_column = region["endColumn"];
    auto at = source.position(d.span.begin);
    CHECK(start_line == at.line);
    CHECK(start_column == at.column);
    CHECK(start_line >= 1);
    CHECK(start_column >= 1);
    CHECK((end_line > start_line || (end_line == start_line && end_column > start_column)));
  }
}

TEST_CASE("every example lints clean at warning level") {
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(BATON_SOURCE_DIR) / "examples")) {
    if (entry.path().extension() != ".baton") continue;
    INFO(entry.path().string());
    auto found = lint_text(read(entry.path()));
    for (const auto& d : found) {
      INFO(d.code << " " << d.message);
      CHECK(d.severity == Severity::note);
    }
  }
}

TEST_CASE("L0901 unused-calendar, L0902 unused-holiday-list, L0903 holiday-outside-years") {
  const std::string cal = "calendar emea \"Europe/Berlin\" {\n  mon-fri 09:00-17:00\n  holidays de_2026\n}\n";
  const std::string list = "holidays de_2026 { 2026-12-24, 2026-12-25 }\n";
  const std::string routed = std::string(kStages) + "routes {\n  lead -> \"x\" within 4h on emea\n}\n";
  CHECK_FALSE(fires(sla(list + cal + routed), "L0901"));
  CHECK(fires(sla(list + cal + kStages + "routes {\n  lead -> \"x\" within 4h\n}\n"), "L0901"));
  // Used by an escalation, or by business_hours_since, counts too.
  CHECK_FALSE(fires(sla(list + cal + kStages + "routes {\n  lead -> \"x\" escalate to \"m\" after 8h on emea\n}\n"),
                    "L0901"));
  CHECK_FALSE(fires(sla(list + cal + "export let waited = business_hours_since(now - 1d, emea)\n" + kStages), "L0901"));
  CHECK_FALSE(fires(sla(list + cal + routed), "L0902"));
  CHECK(fires(sla(list + "holidays spare { 2026-01-01 }\n" + cal + routed), "L0902"));
  // A list that only another list includes is used.
  CHECK_FALSE(fires(sla("holidays base { 2026-01-01 }\nholidays de_2026 { base, 2026-12-25 }\n" + cal + routed), "L0902"));
  // Years: the list's name says 2026; a 2025 date in it is a typo.
  CHECK(fires(sla("holidays de_2026 { 2026-12-24, 2025-12-25 }\n" + cal + routed), "L0903"));
  CHECK_FALSE(fires(sla(list + cal + routed), "L0903"));
  // Without a year in the name: the version and the other dates decide.
  const std::string plain = "calendar emea \"Europe/Berlin\" {\n  mon-fri 09:00-17:00\n  holidays 2026-12-25, 2062-12-25\n}\n";
  auto in_2026 = [](std::string text) { return text.replace(text.find("version \"1\""), 11, "version \"2026.11.3\""); };
  CHECK(fires(in_2026(sla(plain + routed)), "L0903"));
  CHECK_FALSE(fires(in_2026(sla("calendar emea \"Europe/Berlin\" {\n  mon-fri 09:00-17:00\n  holidays 2026-12-25, 2027-01-01\n}\n" +
                               routed)),
                    "L0903"));
}
