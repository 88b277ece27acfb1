#pragma once
// `baton lint`: semantic checks beyond `baton check`. Each check has a stable
// code (L0xxx), a name, a default severity and a one-line summary, all in one
// table (lint_rules()); docs/lint.md documents each with a bad and a good
// example. Findings are ordinary Diagnostics, rendered by render_text /
// render_json, or by render_sarif for code-review tools.
//
// Code families:
//   L01xx  reachability of stages, routes and conditions
//   L02xx  score ranges and thresholds
//   L03xx  unused declarations, shadowed built-ins
//   L04xx  missing values
//   L05xx  score hygiene
//   L06xx  regexes
//   L07xx  tests
//   L08xx  the lifecycle's moves
//
// A finding is silenced by a comment on its line or the line before,
// `# baton: allow(L0101)` or `# baton: allow(unused-let, L0403)`, or by a
// `.batonlint` file (see parse_lint_config).
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "baton/compiler/ast.hpp"
#include "baton/compiler/check.hpp"
#include "baton/compiler/diagnostic.hpp"

namespace baton {

struct LintRule {
  std::string_view code;     // "L0101"
  std::string_view name;     // "unreachable-stage"
  Severity severity;         // the default
  std::string_view summary;  // one line, for `--format sarif` and docs
};

// Every lint, ordered by code.
std::span<const LintRule> lint_rules();
// By code ("L0101") or name ("unreachable-stage"); null when unknown.
const LintRule* find_lint_rule(std::string_view code_or_name);

// Names in `# baton: allow(...)` comments that are no lint (`unused-feild`):
// one error each, L0001 at the name, with a "did you mean" when a lint's name
// is close. Such a comment would silence nothing, so, like an unknown lint in
// `.batonlint` or `--allow`, it stops the file from being linted.
Diagnostics unknown_allowed_lints(const ast::File& file);

struct LintConfig {
  std::vector<std::string> allowed;  // codes never reported
  bool deny_warnings = false;        // warnings fail like errors (exit code)
};

// Reads a `.batonlint` file into `config`. Lines (`#` starts a comment):
//   allow L0303                      silence a lint (code or name) everywhere
//   allow unused-field in legacy/*.baton   ... only for SLA files matching the
//                                          glob, relative to the config's folder
//   deny warnings                    warnings make the exit code 1
// `sla_path` is the linted file relative to the config's folder. False with
// `error` ("line 3: unknown lint `L9999`") on a malformed file.
bool parse_lint_config(std::string_view text, std::string_view sla_path, LintConfig& config, std::string& error);

// Lints a file that checked without errors. Findings come sorted by position,
// with comment suppressions and config.allowed already applied.
Diagnostics lint(const ast::File& file, const CheckedFile& checked, const SourceFile& source,
                 const LintConfig& config = {});

// Parse, check and lint in one call. When the file has check errors they go
// to `check_diagnostics` and the result is empty; `compiled` says which.
Diagnostics lint_source(const SourceFile& source, Diagnostics& check_diagnostics, bool& compiled,
                        const LintConfig& config = {});

// True when the findings should fail the run (exit code 1).
bool lint_failed(const Diagnostics& findings, const LintConfig& config);

// One SARIF 2.1.0 log covering several files: runs[0] lists every lint as a
// rule and every finding as a result with its region (code-point columns).
struct SarifFile {
  const SourceFile* source = nullptr;
  const Diagnostics* findings = nullptr;
};
std::string render_sarif(std::span<const SarifFile> files);

}  // namespace baton
