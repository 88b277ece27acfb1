#pragma once
// Issues are values: every phase appends Diagnostics to a list and carries on
// where it sensibly can; one function renders them (text or JSON).
//
// Stable codes:
//   E00xx  syntax (grammar)         E01xx  names and declarations
//   E02xx  types                    E03xx  structure of stages/routes/scores/tests
//   E04xx  input limits             L0xxx  lint findings (baton lint)
//   L0001  not a finding: a `# baton: allow(...)` comment naming no lint
//   W0xxx  checker warnings: the file compiles, but something in it is surely unintended
#include <string>
#include <vector>

#include "baton/compiler/source.hpp"

namespace baton {

enum class Severity { error, warning, note };

struct Diagnostic {
  Severity severity = Severity::error;
  std::string code;     // "E0101"
  SourceSpan span;      // where the caret goes
  std::string message;  // one line, lower case, no trailing period
  std::vector<std::string> help;  // rendered as "help: ..." lines
};

using Diagnostics = std::vector<Diagnostic>;

bool has_errors(const Diagnostics& diagnostics);

// file:line:col: error[E0101]: message
//    |
// 12 |   +20 when compnay_size > 50
//    |            ^^^^^^^^^^^^
//    = help: did you mean `company_size`?
std::string render_text(const SourceFile& file, const Diagnostic& d, bool color = false);

// One JSON object per diagnostic: {"file","line","column","end_line",
// "end_column","severity","code","message","help":[...]}
std::string render_json(const SourceFile& file, const Diagnostic& d);

std::string_view severity_name(Severity s);

// Closest candidate by edit distance, for "did you mean" hints; empty when
// nothing is close enough to be a plausible typo.
std::string closest_name(std::string_view wrong, const std::vector<std::string>& candidates);

}  // namespace baton
