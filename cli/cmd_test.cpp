// `baton test [FILES|DIRS]`: run the `test` blocks of SLA files.
#include <fmt/format.h>

#include <filesystem>

#include "baton/compiler/test_runner.hpp"
#include "baton/runtime/output.hpp"
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

std::vector<std::string> expand(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(p, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".baton") found.push_back(entry.path().string());
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(p);
    }
  }
  return files;
}

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

void print_text(const TestReport& r, bool coverage) {
  fmt::print("{}\n", r.file);
  for (const auto& t : r.outcomes) {
    if (t.passed) {
      fmt::print("  ok    {}\n", t.name);
      continue;
    }
    fmt::print("  FAIL  {} (line {})\n", t.name, t.line);
    if (!t.error.empty()) fmt::print("        {}\n", t.error);
    for (const auto& f : t.failures) {
      fmt::print("        expect {}  (line {})\n", f.expectation, f.line);
      if (!f.actual.empty()) fmt::print("          but {}\n", f.actual);
    }
    if (!t.explain.empty()) fmt::print("        why:\n{}", indent(t.explain, "          "));
  }
  if (!coverage) return;
  const auto& c = r.coverage;
  auto count = [&](std::string_view kind, bool hit_only) {
    std::size_t n = 0;
    for (const auto& item : c.items) n += item.kind == kind && (!hit_only || item.hit);
    return n;
  };
  std::string moves;  // only for an SLA with a lifecycle
  if (count("move", false) > 0) moves = fmt::format(", moves {}/{}", count("move", true), count("move", false));
  fmt::print("  coverage {:.1f}% ({} of {}): rules {}/{}, stages {}/{}, routes {}/{}{}\n", c.percent(), c.hit_count(),
             c.items.size(), count("rule", true), count("rule", false), count("stage", true), count("stage", false),
             count("route", true), count("route", false), moves);
  for (const auto& item : c.items) {
    if (item.hit) continue;
    std::string_view never = item.kind == "rule" ? "fired  " : item.kind == "move" ? "taken  " : "matched";
    fmt::print("    never {}  line {:>4}  {}\n", never, item.line, item.text);
  }
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
  out += fmt::format("],\"skipped\":{},\"coverage\":{{\"percent\":", r.skipped);
  append_number(r.coverage.percent(), out);
  out += ",\"items\":[";
  for (std::size_t i = 0; i < r.coverage.items.size(); ++i) {
    const auto& item = r.coverage.items[i];
    if (i) out += ',';
    out += fmt::format("{{\"kind\":\"{}\",\"line\":{},\"hit\":{},\"text\":", item.kind, item.line, item.hit);
    append_json_string(item.text, out);
    out += '}';
  }
  out += "]}}";
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
  fmt::print("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
  for (const auto& r : reports) {
    std::size_t failures = 0;
    double seconds = 0;
    for (const auto& t : r.outcomes) {
      failures += t.passed ? 0 : 1;
      seconds += t.seconds;
    }
    fmt::print("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" time=\"{:.6f}\">\n",
               xml_escape(r.file), r.outcomes.size(), failures, r.skipped, seconds);
    for (const auto& t : r.outcomes) {
      fmt::print("    <testcase name=\"{}\" classname=\"{}\" time=\"{:.6f}\"", xml_escape(t.name), xml_escape(r.file),
                 t.seconds);
      if (t.passed) {
        fmt::print("/>\n");
        continue;
      }
      std::string message = t.error.empty() ? "expect " + t.failures.front().expectation : t.error;
      std::string body = t.error;
      for (const auto& f : t.failures)
        body += fmt::format("expect {} (line {}){}{}\n", f.expectation, f.line, f.actual.empty() ? "" : ": ", f.actual);
      body += t.explain;
      fmt::print(">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n", xml_escape(message),
                 xml_escape(body));
    }
    fmt::print("  </testsuite>\n");
  }
  fmt::print("</testsuites>\n");
}

int run_test(const TestOptions& options) {
  int status = 0;
  std::vector<TestReport> reports;
  std::size_t passed = 0, failed = 0, skipped = 0;
  for (const auto& path : expand(options.paths)) {
    auto text = read_file(path);
    if (!text) {
      status = 2;
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
      continue;
    }
    for (const auto& t : report.outcomes) (t.passed ? passed : failed) += 1;
    skipped += report.skipped;
    if (options.min_coverage >= 0 && report.coverage.percent() < options.min_coverage) {
      fmt::print(stderr, "baton: {}: coverage {:.1f}% is below the required {:.1f}%\n", path,
                 report.coverage.percent(), options.min_coverage);
      if (status == 0) status = 1;
    }
    if (options.format == "text") print_text(report, options.coverage || options.min_coverage >= 0);
    reports.push_back(std::move(report));
  }
  if (options.format == "json") {
    std::string out = "{\"files\":[";
    for (std::size_t i = 0; i < reports.size(); ++i) {
      if (i) out += ',';
      append_report_json(reports[i], out);
    }
    out += fmt::format("],\"passed\":{},\"failed\":{},\"skipped\":{}}}\n", passed, failed, skipped);
    fmt::print("{}", out);
  } else if (options.format == "junit") {
    print_junit(reports);
  }
  std::string summary = fmt::format("{} passed, {} failed", passed, failed);
  if (skipped) summary += fmt::format(", {} skipped", skipped);
  fmt::print(options.format == "text" ? stdout : stderr, "{}\n", summary);
  if (failed > 0 && status == 0) status = 1;
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
  cmd->add_option("--min-coverage", options->min_coverage, "fail when coverage of a file is below this percent");
  cmd->callback([options, &exit_code] { exit_code = run_test(*options); });
}

}  // namespace baton::cli
