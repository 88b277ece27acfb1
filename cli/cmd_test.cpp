// `baton test FILE|DIR...`: run the `test` blocks of SLA files.
#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "baton/common/printable.hpp"
#include "baton/compiler/test_runner.hpp"
#include "baton/runtime/output.hpp"
#include "checked_write.hpp"
#include "commands.hpp"
#include "load.hpp"

namespace baton::cli {

namespace {
struct TestOptions {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string filter;
  bool coverage = false;
  double min_coverage = -1;
};

std::string indent(std::string_view text, std::string_view prefix) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) out += prefix;  // no trailing spaces on blank lines
    out += text.substr(start, end - start);
    out += '\n';
    start = end + 1;
  }
  return out;
}

// Test names and the values shown are strings of the SLA's own, which may
// spell control characters ("\n", "\u{1b}"): printable() shows them escaped.
void print_outcomes(const TestReport& r) {
  print_out("{}\n", r.file);
  for (const auto& t : r.outcomes) {
    if (t.passed) {
      print_out("  ok    {}\n", printable(t.name));
      continue;
    }
    print_out("  FAIL  {} (line {})\n", printable(t.name), t.line);
    if (!t.error.empty()) print_out("        {}\n", printable(t.error));
    for (const auto& f : t.failures) {
      print_out("        expect {}  (line {})\n", f.expectation, f.line);
      if (!f.actual.empty()) print_out("          but {}\n", printable(f.actual));
    }
    if (!t.explain.empty()) print_out("        why:\n{}", indent(t.explain, "          "));
  }
}

void print_coverage(const Coverage& c) {
  auto count = [&](std::string_view kind, bool hit_only) {
    std::size_t n = 0;
    for (const auto& item : c.items) n += item.kind == kind && (!hit_only || item.hit);
    return n;
  };
  std::string moves;  // only for an SLA with a lifecycle
  if (count("move", false) > 0) moves = fmt::format(", moves {}/{}", count("move", true), count("move", false));
  print_out("  coverage {:.1f}% ({} of {}): rules {}/{}, stages {}/{}, routes {}/{}{}\n", c.percent(), c.hit_count(),
             c.items.size(), count("rule", true), count("rule", false), count("stage", true), count("stage", false),
             count("route", true), count("route", false), moves);
  for (const auto& item : c.items) {
    if (item.hit) continue;
    std::string_view never = item.kind == "rule" ? "fired  " : item.kind == "move" ? "taken  " : "matched";
    print_out("    never {}  line {:>4}  {}\n", never, item.line, item.text);
  }
}

// Coverage counts per SLA, not per file: an SLA's own test blocks and its
// tests files given to one run exercise the same rules, so their hits merge.
struct CoverageGroup {
  std::string sla;                   // as the run's files name it
  std::vector<std::size_t> reports;  // the files that counted, in run order
  Coverage coverage;
  // Only the SLA's own tests: shown under the file, as it always was.
  bool alone(const std::vector<TestReport>& all) const {
    return reports.size() == 1 && all[reports[0]].file == sla;
  }
  std::string files(const std::vector<TestReport>& all) const {
    std::string out;
    for (auto i : reports) out += (out.empty() ? "" : ", ") + all[i].file;
    return out;
  }
};

std::vector<CoverageGroup> group_coverage(const std::vector<TestReport>& reports) {
  std::vector<CoverageGroup> groups;
  std::map<std::string, std::size_t> by_sla;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    std::error_code ec;
    std::string key = std::filesystem::weakly_canonical(reports[i].sla, ec).string();
    if (ec) key = reports[i].sla;
    auto [it, fresh] = by_sla.try_emplace(key, groups.size());
    if (!fresh && groups[it->second].coverage.merge(reports[i].coverage)) {
      groups[it->second].reports.push_back(i);
      continue;
    }
    groups.push_back({reports[i].sla, {i}, reports[i].coverage});
  }
  return groups;
}

void append_coverage_json(const Coverage& c, std::string& out) {
  out += "{\"percent\":";
  append_number(c.percent(), out);
  out += ",\"items\":[";
  for (std::size_t i = 0; i < c.items.size(); ++i) {
    const auto& item = c.items[i];
    if (i) out += ',';
    out += fmt::format("{{\"kind\":\"{}\",\"line\":{},\"hit\":{},\"text\":", item.kind, item.line, item.hit);
    append_json_string(item.text, out);
    out += '}';
  }
  out += "]}";
}

void append_report_json(const TestReport& r, std::string& out) {
  out += "{\"file\":";
  append_json_string(r.file, out);
  out += ",\"tests\":[";
  for (std::size_t i = 0; i < r.outcomes.size(); ++i) {
    const auto& t = r.outcomes[i];
    if (i) out += ',';
    out += "{\"name\":";
    append_json_string(t.name, out);
    out += fmt::format(",\"line\":{},\"passed\":{},\"expectations\":{},\"seconds\":", t.line, t.passed, t.expectations);
    append_number(t.seconds, out);
    out += ",\"error\":";
    if (t.error.empty()) out += "null";
    else append_json_string(t.error, out);
    out += ",\"failures\":[";
    for (std::size_t j = 0; j < t.failures.size(); ++j) {
      if (j) out += ',';
      out += fmt::format("{{\"line\":{},\"expectation\":", t.failures[j].line);
      append_json_string(t.failures[j].expectation, out);
      out += ",\"actual\":";
      append_json_string(t.failures[j].actual, out);
      out += '}';
    }
    out += "]}";
  }
  out += fmt::format("],\"skipped\":{},\"sla\":", r.skipped);
  append_json_string(r.sla, out);
  out += ",\"coverage\":";
  append_coverage_json(r.coverage, out);
  out += '}';
}

std::string xml_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

void print_junit(const std::vector<TestReport>& reports) {
  print_out("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
  for (const auto& r : reports) {
    std::size_t failures = 0;
    double seconds = 0;
    for (const auto& t : r.outcomes) {
      failures += t.passed ? 0 : 1;
      seconds += t.seconds;
    }
    print_out("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" time=\"{:.6f}\">\n",
               xml_escape(r.file), r.outcomes.size(), failures, r.skipped, seconds);
    for (const auto& t : r.outcomes) {
      print_out("    <testcase name=\"{}\" classname=\"{}\" time=\"{:.6f}\"", xml_escape(t.name), xml_escape(r.file),
                 t.seconds);
      if (t.passed) {
        print_out("/>\n");
        continue;
      }
      std::string message = t.error.empty() ? "expect " + t.failures.front().expectation : t.error;
      std::string body = t.error;
      for (const auto& f : t.failures)
        body += fmt::format("expect {} (line {}){}{}\n", f.expectation, f.line, f.actual.empty() ? "" : ": ", f.actual);
      body += t.explain;
      print_out(">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n", xml_escape(message),
                 xml_escape(body));
    }
    print_out("  </testsuite>\n");
  }
  print_out("</testsuites>\n");
}

// A filter that runs no test is a usage error, not a green run: a mistyped
// `--filter` in CI would otherwise pass while testing nothing. Not said when
// a file could not be tested (its tests might have matched; exit 2 anyway).
bool filter_matched_nothing(const TestOptions& options, std::size_t ran, std::size_t unusable, std::size_t skipped) {
  if (options.filter.empty() || ran > 0 || unusable > 0) return false;
  std::string filter;
  append_json_string(options.filter, filter);
  fmt::print(stderr, "baton: --filter {} matches no test name ({} {} left out)\n", filter, skipped,
             skipped == 1 ? "test" : "tests");
  return true;
}

int run_test(const TestOptions& options) {
  int status = 0;
  std::vector<TestReport> reports;
  std::size_t passed = 0, failed = 0, skipped = 0;
  std::size_t unusable = 0;  // files that could not be tested at all
  for (const auto& path : expand_sla_paths(options.paths)) {
    auto text = read_sla_source(path, "test");
    if (!text) {
      status = 2;
      ++unusable;
      continue;
    }
    SourceFile source(path, std::move(*text));
    std::string diagnostics;
    TestReport report;
    TestRunOptions run;
    run.filter = options.filter;
    run.color = stderr_is_terminal();
    bool ok = run_tests(source, run, report, diagnostics);
    fmt::print(stderr, "{}", diagnostics);
    if (!ok) {
      status = 2;
      ++unusable;
      continue;
    }
    for (const auto& t : report.outcomes) (t.passed ? passed : failed) += 1;
    skipped += report.skipped;
    reports.push_back(std::move(report));
  }
  auto groups = group_coverage(reports);
  for (const auto& g : groups) {
    if (options.min_coverage < 0 || g.coverage.percent() >= options.min_coverage) continue;
    if (g.alone(reports))
      fmt::print(stderr, "baton: {}: coverage {:.1f}% is below the required {:.1f}%\n", g.sla, g.coverage.percent(),
                 options.min_coverage);
    else
      fmt::print(stderr, "baton: {}: coverage {:.1f}% (tests in {}) is below the required {:.1f}%\n", g.sla,
                 g.coverage.percent(), g.files(reports), options.min_coverage);
    if (status == 0) status = 1;
  }
  if (options.format == "text") {
    // Each SLA's coverage follows the last file that counted for it.
    bool coverage = options.coverage || options.min_coverage >= 0;
    std::vector<const CoverageGroup*> last_of(reports.size(), nullptr);
    for (const auto& g : groups) last_of[g.reports.back()] = &g;
    for (std::size_t i = 0; i < reports.size(); ++i) {
      print_outcomes(reports[i]);
      const CoverageGroup* g = last_of[i];
      if (!coverage || !g) continue;
      if (!g->alone(reports)) print_out("coverage of {} (tests in {})\n", g->sla, g->files(reports));
      print_coverage(g->coverage);
    }
  } else if (options.format == "json") {
    std::string out = "{\"files\":[";
    for (std::size_t i = 0; i < reports.size(); ++i) {
      if (i) out += ',';
      append_report_json(reports[i], out);
    }
    // Per SLA, merged over every file of the run that tests it.
    out += "],\"coverage\":[";
    for (std::size_t i = 0; i < groups.size(); ++i) {
      if (i) out += ',';
      out += "{\"sla\":";
      append_json_string(groups[i].sla, out);
      out += ",\"files\":[";
      for (std::size_t j = 0; j < groups[i].reports.size(); ++j) {
        if (j) out += ',';
        append_json_string(reports[groups[i].reports[j]].file, out);
      }
      out += "],\"coverage\":";
      append_coverage_json(groups[i].coverage, out);
      out += '}';
    }
    out += fmt::format("],\"passed\":{},\"failed\":{},\"skipped\":{}}}\n", passed, failed, skipped);
    print_out("{}", out);
  } else if (options.format == "junit") {
    print_junit(reports);
  }
  // A file that could not be run counts as a failure: its tests did not pass.
  std::string summary = fmt::format("{} passed, {} failed", passed, failed + unusable);
  if (skipped) summary += fmt::format(", {} skipped", skipped);
  if (unusable) summary += fmt::format(" ({} {} could not be tested)", unusable, unusable == 1 ? "file" : "files");
  if (options.format == "text") print_out("{}\n", summary);
  else fmt::print(stderr, "{}\n", summary);
  if (failed > 0 && status == 0) status = 1;
  if (filter_matched_nothing(options, passed + failed, unusable, skipped)) status = 2;
  return status;
}
}  // namespace

void add_test(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<TestOptions>();
  auto* cmd = app.add_subcommand("test", "Run the test blocks of SLA files");
  cmd->add_option("paths", options->paths, "SLA files or directories (searched for *.baton)")->required();
  cmd->add_option("--format", options->format, "text (default), json or junit")
      ->check(CLI::IsMember({"text", "json", "junit"}));
  cmd->add_option("--filter", options->filter, "run only tests whose name contains this text");
  cmd->add_flag("--coverage", options->coverage, "report which rules, stages, routes and lifecycle moves the tests exercised");
  cmd->add_option("--min-coverage", options->min_coverage, "fail when coverage of an SLA (merged over the files that test it) is below this percent");
  cmd->callback([options, &exit_code] { exit_code = run_test(*options); });
}

}  // namespace baton::cli
