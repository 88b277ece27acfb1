// `baton check FILE...`: parse and type-check; silent when clean.
#include <fmt/format.h>

#include "baton/compiler/test_runner.hpp"
#include "checked_write.hpp"
#include "commands.hpp"
#include "load.hpp"

namespace baton::cli {

namespace {
struct CheckOptions {
  std::vector<std::string> files;
  std::string format = "text";
};

int run_check(const CheckOptions& options) {
  int status = 0;
  for (const auto& path : expand_sla_paths(options.files)) {
    auto text = read_sla_source(path, "check");
    if (!text) {
      status = 2;
      continue;
    }
    SourceFile source(path, std::move(*text));
    // A tests file is checked joined to the SLA it names, like `baton test` runs it.
    TestRunOptions run;
    run.execute = false;
    run.json_diagnostics = options.format == "json";
    run.color = !run.json_diagnostics && stderr_is_terminal();
    TestReport unused;
    std::string diagnostics;
    bool ok = run_tests(source, run, unused, diagnostics);
    if (run.json_diagnostics) write_stdout(diagnostics);
    else fmt::print(stderr, "{}", diagnostics);
    if (!ok && status == 0) status = 1;
  }
  return status;
}
}  // namespace

void add_check(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<CheckOptions>();
  auto* cmd = app.add_subcommand("check", "Parse and type-check SLA files; print nothing when they are clean");
  cmd->add_option("files", options->files, "SLA files, or directories (every *.baton below them)")->required();
  cmd->add_option("--format", options->format, "text (default, on stderr) or json (one object per line, on stdout)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->callback([options, &exit_code] { exit_code = run_check(*options); });
}

}  // namespace baton::cli
