#include "baton/compiler/compile.hpp"

#include "baton/compiler/codegen.hpp"
#include "baton/compiler/parse.hpp"

namespace baton {

Compilation compile(const SourceFile& source, Diagnostics& out, bool generate_code) {
  Compilation result;
  result.ast = parse(source, out);
  if (!result.ast) return result;
  result.checked = check(*result.ast, source, out);
  if (has_errors(out) || !generate_code) return result;
  std::string error;
  result.program = Program::from_image(generate(*result.ast, result.checked, source), error);
  if (!result.program)  // a compiler bug, never the author's fault: say so plainly
    out.push_back(Diagnostic{Severity::error, "E0401", result.ast->header_span,
                             "internal error: the generated program failed verification: " + error,
                             {"please report this with the SLA file attached"}});
  return result;
}

}  // namespace baton
