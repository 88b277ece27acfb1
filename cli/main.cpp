// The `baton` command: one subcommand per verb (see docs/cli.md).
#include <cstdio>

#include "commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"baton: lead-scoring and hand-off rules (SLAs) compiled to bytecode and evaluated fast"};
  app.set_version_flag("--version", std::string("baton ") + BATON_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);
  int exit_code = 0;
  baton::cli::add_check(app, exit_code);
  baton::cli::add_fmt(app, exit_code);
  baton::cli::add_build(app, exit_code);
  baton::cli::add_score(app, exit_code);
  baton::cli::add_explain(app, exit_code);
  baton::cli::add_disasm(app, exit_code);
  baton::cli::add_stdlib(app, exit_code);
  baton::cli::add_test(app, exit_code);
  baton::cli::add_lint(app, exit_code);
  baton::cli::add_replay(app, exit_code);
  baton::cli::add_serve(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;  // usage errors are exit code 2 everywhere
  }
  std::fflush(stdout);
  return exit_code;
}
