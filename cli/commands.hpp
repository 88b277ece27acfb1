#pragma once
// One function per verb; main.cpp wires them to CLI11. Each returns the exit
// code: 0 fine, 1 findings / failures / rejected records, 2 usage or unusable input.
#include <CLI/CLI.hpp>

namespace baton::cli {

void add_check(CLI::App& app, int& exit_code);
void add_fmt(CLI::App& app, int& exit_code);
void add_build(CLI::App& app, int& exit_code);
void add_score(CLI::App& app, int& exit_code);
void add_explain(CLI::App& app, int& exit_code);
void add_disasm(CLI::App& app, int& exit_code);
void add_stdlib(CLI::App& app, int& exit_code);
void add_test(CLI::App& app, int& exit_code);
void add_lint(CLI::App& app, int& exit_code);
void add_replay(CLI::App& app, int& exit_code);
void add_serve(CLI::App& app, int& exit_code);
// A command-line error of `baton serve`, logged as the service's other
// startup errors are: a JSON `usage` line. False for other verbs' errors.
bool serve_usage_error(const CLI::App& app, const CLI::ParseError& error);
void add_diff(CLI::App& app, int& exit_code);
void add_report(CLI::App& app, int& exit_code);

}  // namespace baton::cli
