// `baton lint FILE...`: semantic checks beyond `baton check` (docs/lint.md).
#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "baton/compiler/lint.hpp"
#include "baton/compiler/parse.hpp"
#include "checked_write.hpp"
#include "commands.hpp"
#include "load.hpp"

namespace baton::cli {

namespace {
namespace fs = std::filesystem;

struct LintOptions {
  std::vector<std::string> files;
  std::string format = "text";
  std::vector<std::string> deny;
  std::vector<std::string> allow;
};

// The nearest `.batonlint` in the SLA's folder or a parent; false (after a
// message) when one exists but is malformed.
bool load_config(const std::string& sla, LintConfig& config) {
  std::error_code ec;
  fs::path file = fs::absolute(sla, ec);
  for (fs::path dir = file.parent_path(); !dir.empty(); dir = dir.parent_path()) {
    fs::path candidate = dir / ".batonlint";
    if (fs::is_regular_file(candidate, ec)) {
      auto text = read_file(candidate.string());
      if (!text) return false;
      std::string relative = fs::relative(file, dir, ec).generic_string();
      std::string error;
      if (!parse_lint_config(*text, relative, config, error)) {
        fmt::print(stderr, "baton: {}: {}\n", candidate.string(), error);
        return false;
      }
      return true;
    }
    if (dir == dir.parent_path()) break;
  }
  return true;
}

int run_lint(const LintOptions& options) {
  int status = 0;
  // Kept alive until the end: SARIF is one document for every file.
  std::vector<std::unique_ptr<SourceFile>> sources;
  std::vector<std::unique_ptr<Diagnostics>> findings;
  for (const auto& path : expand_sla_paths(options.files)) {
    auto text = read_sla_source(path, "lint");
    if (!text) {
      status = 2;
      continue;
    }
    LintConfig config;
    if (!load_config(path, config)) {
      status = 2;
      continue;
    }
    for (const auto& a : options.allow) config.allowed.emplace_back(find_lint_rule(a)->code);
    if (!options.deny.empty()) config.deny_warnings = true;

    auto source = std::make_unique<SourceFile>(path, std::move(*text));
    {  // A tests file is not an SLA: its rules live in the file it names.
      Diagnostics ignored;
      auto parsed = parse(*source, ignored);
      if (parsed && !parsed->tests_for.empty()) {
        fmt::print(stderr, "baton: {} is a tests file, skipped: lint checks SLA files; lint `{}` instead\n",
                   path, parsed->tests_for);
        continue;
      }
      // A misspelt lint in an allow comment silences nothing: an error, as in `.batonlint`.
      if (auto unknown = parsed ? unknown_allowed_lints(*parsed) : Diagnostics{}; !unknown.empty()) {
        print_diagnostics(*source, unknown, false);
        status = 2;
        continue;
      }
    }
    Diagnostics check_diagnostics;
    bool compiled = false;
    auto found = std::make_unique<Diagnostics>(lint_source(*source, check_diagnostics, compiled, config));
    if (!compiled) {  // an SLA that does not compile cannot be linted
      print_diagnostics(*source, check_diagnostics, false);
      status = 2;
      continue;
    }
    if (options.format != "sarif") print_diagnostics(*source, *found, options.format == "json");
    if (lint_failed(*found, config) && status == 0) status = 1;
    sources.push_back(std::move(source));
    findings.push_back(std::move(found));
  }
  if (options.format == "sarif") {
    std::vector<SarifFile> files;
    for (std::size_t i = 0; i < sources.size(); ++i) files.push_back({sources[i].get(), findings[i].get()});
    print_out("{}", render_sarif(files));
  }
  return status;
}

// CLI11 validator: a lint code or name.
std::string known_lint(std::string& value) {
  return find_lint_rule(value) ? std::string() : fmt::format("unknown lint `{}` (see docs/lint.md)", value);
}
}  // namespace

void add_lint(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<LintOptions>();
  auto* cmd = app.add_subcommand("lint", "Find rules that can never apply, unused names, missing-value traps and more");
  cmd->add_option("files", options->files, "SLA files, or directories (every *.baton below them)")->required();
  cmd->add_option("--format", options->format,
                  "text (default, on stderr), json (one object per line) or sarif (SARIF 2.1.0), on stdout")
      ->check(CLI::IsMember({"text", "json", "sarif"}));
  cmd->add_option("--deny", options->deny, "`warnings`: warnings fail the run like errors (exit code 1)")
      ->check(CLI::IsMember({"warnings"}));
  cmd->add_option("--allow", options->allow, "silence a lint by code or name (repeatable)")
      ->check(CLI::Validator(known_lint, "LINT"));
  cmd->callback([options, &exit_code] { exit_code = run_lint(*options); });
}

}  // namespace baton::cli
