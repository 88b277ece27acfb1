// The table of lints, the `.batonlint` config, suppression comments, and the
// driver that runs every check family over a checked file.
#include <fnmatch.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <sstream>

#include "baton/compiler/compile.hpp"
#include "lint_internal.hpp"

namespace baton {

namespace {

constexpr auto E = Severity::error;
constexpr auto W = Severity::warning;
constexpr auto N = Severity::note;

// The one table: code, name, default severity, summary. docs/lint.md has a
// section per row, and a test keeps the two in step.
constexpr std::array kRules{
    LintRule{"L0101", "unreachable-stage", E, "a stage arm that earlier arms always take first"},
    LintRule{"L0102", "unreachable-route", E, "a route arm that earlier arms of its stage, or its stage's condition, rule out"},
    LintRule{"L0103", "unrouted-stage", N, "a stage that no route arm handles"},
    LintRule{"L0104", "route-for-unreachable-stage", W, "a route arm for a stage that can never be chosen"},
    LintRule{"L0105", "impossible-condition", E, "a condition, or part of one, that can never be true"},
    LintRule{"L0106", "always-true-condition", W, "a condition, or part of one, that is true for every lead"},
    LintRule{"L0201", "unreachable-threshold", E, "a comparison of a score outside the range the score can reach"},
    LintRule{"L0202", "threshold-always-met", W, "a comparison of a score that holds across the score's whole range"},
    LintRule{"L0301", "unused-const", W, "a const nothing uses"},
    LintRule{"L0302", "unused-let", W, "a let that no score, stage, route, test or export reads"},
    LintRule{"L0303", "unused-field", N, "a lead field the rules never read"},
    LintRule{"L0304", "unused-event", N, "an event type no rule or aggregate looks at"},
    LintRule{"L0305", "shadows-builtin", W, "a declaration with the name of a built-in function"},
    LintRule{"L0401", "missing-negated", W, "a test of a possibly missing value under `not`, true when it is missing"},
    LintRule{"L0402", "missing-excluded", W, "`!=` or `not in` on a possibly missing value, false when it is missing"},
    LintRule{"L0403", "missing-below", N, "`<` or `<=` on a possibly missing value where it decides a stage, route or penalty"},
    LintRule{"L0501", "duplicate-rule", W, "two rules of a score with the same condition and points"},
    LintRule{"L0502", "conflicting-rule-points", W, "two rules of a score with the same condition and different points"},
    LintRule{"L0503", "decay-without-window", W, "a score that decays old events but never drops them"},
    LintRule{"L0504", "unbounded-score", N, "a score with no `max` whose rules can add points without limit"},
    LintRule{"L0505", "within-beyond-window", W, "a `per` rule's `within` longer than its score's `window`, which wins"},
    LintRule{"L0601", "case-sensitive-regex", W, "a regex with letters and no `i` flag on text of unknown case"},
    LintRule{"L0602", "regex-never-matches", E, "a regex that can never match its input"},
    LintRule{"L0701", "duplicate-test-name", W, "two tests with the same name"},
    LintRule{"L0702", "test-without-expect", W, "a test with no `expect`"},
    LintRule{"L0801", "lifecycle-unreachable-stage", W, "a stage that no lifecycle move leads into and no lifecycle line starts"},
    LintRule{"L0802", "forbidden-move", W, "a stage the rules can choose that a lead in an earlier or parallel stage can never move to"},
    LintRule{"L0803", "loop-without-exit", W, "stages that move between each other with no move leading out"},
    LintRule{"L0804", "handoff-new-leads-only", N, "a hand-off for a stage that no lifecycle move leads into"},
    LintRule{"L0805", "follow-up-without-since", W, "route deadlines with a lifecycle that reads no since field: they move with every re-score"},
    LintRule{"L0901", "unused-calendar", W, "a calendar no route, escalation or business_hours_since uses"},
    LintRule{"L0902", "unused-holiday-list", W, "a holiday list no calendar or other list includes"},
    LintRule{"L0903", "holiday-outside-years", W, "a holiday in a year its list's name or the rest of the SLA does not mention"},
};

std::string_view trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// One name in `# baton: allow(L0101, unused-let)`, at its offset in the comment.
struct AllowName {
  std::string_view name;
  std::size_t offset = 0;
};

std::vector<AllowName> allow_names(std::string_view text) {
  std::vector<AllowName> names;
  auto at = text.find("baton:");
  if (at == std::string_view::npos) return names;
  for (auto open = text.find("allow(", at); open != std::string_view::npos; open = text.find("allow(", open)) {
    auto close = text.find(')', open);
    if (close == std::string_view::npos) break;
    for (std::size_t item = open + 6; item <= close;) {
      std::size_t end = std::min(text.find(',', item), close);
      std::string_view name = trim(text.substr(item, end - item));
      if (!name.empty()) names.push_back({name, static_cast<std::size_t>(name.data() - text.data())});
      item = end + 1;
    }
    open = close;
  }
  return names;
}

// The codes a suppression comment names (unknown names are reported apart).
std::vector<std::string> allowed_by_comment(std::string_view text) {
  std::vector<std::string> codes;
  for (const auto& item : allow_names(text))
    if (const LintRule* rule = find_lint_rule(item.name)) codes.emplace_back(rule->code);
  return codes;
}

}  // namespace

std::span<const LintRule> lint_rules() { return kRules; }

const LintRule* find_lint_rule(std::string_view code_or_name) {
  for (const auto& rule : kRules)
    if (rule.code == code_or_name || rule.name == code_or_name) return &rule;
  return nullptr;
}

Diagnostics unknown_allowed_lints(const ast::File& file) {
  std::vector<std::string> known;
  for (const auto& rule : kRules) known.emplace_back(rule.name);
  Diagnostics out;
  for (const auto& c : file.comments)
    for (const auto& item : allow_names(c.text)) {
      if (find_lint_rule(item.name)) continue;
      const auto begin = c.span.begin + static_cast<std::uint32_t>(item.offset);
      std::string hint = closest_name(item.name, known);
      out.push_back(Diagnostic{Severity::error, "L0001", {begin, begin + static_cast<std::uint32_t>(item.name.size())},
                               fmt::format("unknown lint `{}`", item.name),
                               hint.empty() ? std::vector<std::string>{"the lints are listed in docs/lint.md"}
                                            : std::vector{fmt::format("did you mean `{}`?", hint)}});
    }
  return out;
}

bool parse_lint_config(std::string_view text, std::string_view sla_path, LintConfig& config, std::string& error) {
  std::istringstream in{std::string(text)};
  std::string raw;
  for (int number = 1; std::getline(in, raw); ++number) {
    std::string_view line = raw;
    line = trim(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    std::vector<std::string> words;
    std::istringstream split{std::string(line)};
    for (std::string w; split >> w;) words.push_back(w);
    bool scoped = words.size() == 4 && words[2] == "in";
    if (words.size() != 2 && !scoped) {
      error = fmt::format("line {}: expected `allow LINT [in GLOB]` or `deny warnings [in GLOB]`", number);
      return false;
    }
    bool applies = !scoped || ::fnmatch(words[3].c_str(), std::string(sla_path).c_str(), 0) == 0;
    if (words[0] == "allow") {
      const LintRule* rule = find_lint_rule(words[1]);
      if (!rule) {
        error = fmt::format("line {}: unknown lint `{}`", number, words[1]);
        return false;
      }
      if (applies) config.allowed.emplace_back(rule->code);
    } else if (words[0] == "deny" && words[1] == "warnings") {
      if (applies) config.deny_warnings = true;
    } else {
      error = fmt::format("line {}: expected `allow LINT [in GLOB]` or `deny warnings [in GLOB]`", number);
      return false;
    }
  }
  return true;
}

Diagnostics lint(const ast::File& file, const CheckedFile& checked, const SourceFile& source, const LintConfig& config) {
  Diagnostics found;
  linter::Context ctx(file, checked, source, found);
  linter::check_reachability(ctx);
  linter::check_conditions(ctx);
  linter::check_ranges(ctx);
  linter::check_unused(ctx);
  linter::check_missing(ctx);
  linter::check_scores(ctx);
  linter::check_regexes(ctx);
  linter::check_tests(ctx);
  linter::check_lifecycle(ctx);
  linter::check_calendars(ctx);

  // Suppressions: a comment after code covers its own line only; a comment
  // alone on its line covers the next line.
  std::map<std::uint32_t, std::vector<std::string>> allowed_on_line;
  for (const auto& c : file.comments) {
    auto codes = allowed_by_comment(c.text);
    if (codes.empty()) continue;
    std::uint32_t line = source.line_of(c.span.begin);
    std::string_view before = std::string_view(source.text()).substr(0, c.span.begin);
    before.remove_prefix(before.rfind('\n') + 1);  // npos + 1 == 0: the first line
    bool alone = before.find_first_not_of(" \t\r") == std::string_view::npos;
    auto& list = allowed_on_line[alone ? line + 1 : line];
    list.insert(list.end(), codes.begin(), codes.end());
  }
  auto allowed = [&](const Diagnostic& d) {
    if (std::find(config.allowed.begin(), config.allowed.end(), d.code) != config.allowed.end()) return true;
    auto it = allowed_on_line.find(source.line_of(d.span.begin));
    return it != allowed_on_line.end() && std::find(it->second.begin(), it->second.end(), d.code) != it->second.end();
  };

  std::stable_sort(found.begin(), found.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.span.begin != b.span.begin ? a.span.begin < b.span.begin : a.code < b.code;
  });
  Diagnostics out;
  for (auto& d : found) {
    if (allowed(d)) continue;
    bool repeat = !out.empty() && out.back().code == d.code && out.back().span == d.span && out.back().message == d.message;
    if (!repeat) out.push_back(std::move(d));
  }
  return out;
}

Diagnostics lint_source(const SourceFile& source, Diagnostics& check_diagnostics, bool& compiled,
                        const LintConfig& config) {
  Compilation c = compile(source, check_diagnostics, /*generate_code=*/false);
  compiled = c.ast && !has_errors(check_diagnostics);
  if (!compiled) return {};
  return lint(*c.ast, c.checked, source, config);
}

bool lint_failed(const Diagnostics& findings, const LintConfig& config) {
  return std::any_of(findings.begin(), findings.end(), [&](const Diagnostic& d) {
    return d.severity == Severity::error || (config.deny_warnings && d.severity == Severity::warning);
  });
}

}  // namespace baton
