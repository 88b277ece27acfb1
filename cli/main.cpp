// The `baton` command: one subcommand per verb (see docs/cli.md).
#include <csignal>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <system_error>

#include "checked_write.hpp"
#include "commands.hpp"

namespace {
int run(int argc, char** argv) {
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
  baton::cli::add_diff(app, exit_code);
  baton::cli::add_report(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (baton::cli::serve_usage_error(app, e)) return 2;
    std::ostringstream help;  // --help and --version, written as every output is
    const int code = app.exit(e, help, std::cerr);
    baton::cli::write_stdout(help.str());
    baton::cli::flush_to(stdout, "stdout");
    return code == 0 ? 0 : 2;  // usage errors are exit code 2 everywhere
  }
  baton::cli::flush_to(stdout, "stdout");  // a buffered write fails only here
  return exit_code;
}
}  // namespace

int main(int argc, char** argv) {
  baton::cli::guard_standard_streams();
  // At a file-size limit (ulimit -f) a write fails with EFBIG, said and exit
  // 2 like any failed write, instead of SIGXFSZ killing baton mid-write: a
  // file being replaced whole then leaves no temporary file beside it.
  std::signal(SIGXFSZ, SIG_IGN);
  int exit_code = 0;
  try {
    exit_code = run(argc, argv);
  } catch (const baton::cli::WriteFailed& e) {
    // Said once; the output is incomplete, and nothing more is read or written.
    std::fprintf(stderr, "baton: %s\n", e.what());
    return 2;
  } catch (const std::bad_alloc&) {
    std::fputs("baton: out of memory\n", stderr);
    return 2;
  } catch (const std::system_error& e) {
    // The last line of defence: fmt::print throws this when a write fails.
    if (std::ferror(stdout)) std::fprintf(stderr, "baton: cannot write stdout: %s\n", std::strerror(e.code().value()));
    else if (!std::ferror(stderr)) std::fprintf(stderr, "baton: %s\n", e.what());  // else there is nowhere to say it
    return 2;
  }
  return baton::cli::close_stdout() ? exit_code : 2;
}
