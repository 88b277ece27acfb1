#pragma once
// The whole front end in one call: parse, check, generate, verify.
#include <memory>
#include <optional>

#include "baton/compiler/ast.hpp"
#include "baton/compiler/check.hpp"
#include "baton/compiler/diagnostic.hpp"
#include "baton/runtime/program.hpp"

namespace baton {

struct Compilation {
  std::optional<ast::File> ast;    // set when the file parsed
  CheckedFile checked;             // meaningful when ast is set
  std::shared_ptr<const Program> program;  // set when there were no errors
};

// Parses and checks; when `generate_code` and no errors, also lowers and loads.
Compilation compile(const SourceFile& source, Diagnostics& out, bool generate_code = true);

}  // namespace baton
