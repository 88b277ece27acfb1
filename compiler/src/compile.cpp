#include "baton/compiler/compile.hpp"

#include <algorithm>
#include <string>

#include "baton/compiler/codegen.hpp"
#include "baton/compiler/parse.hpp"

namespace baton {

namespace {
// Bytecode operands are 16 bits wide (see bytecode.hpp).
std::string exceeded_limit(const ProgramImage& image) {
  constexpr std::size_t kLimit = 65535;
  const std::pair<const char*, std::size_t> tables[] = {
      {"registers", image.registers.size()}, {"instructions", image.code.size()},
      {"string constants", image.k_str.size()}, {"int constants", image.k_int.size()},
      {"number constants", image.k_num.size()}, {"sets and lists", image.k_items.size()},
      {"regexes", image.k_regex.size()}, {"aggregates", image.aggregates.size()},
      {"rules", image.rules.size()}, {"calls to distinct functions", image.imports.size()}};
  for (auto [what, size] : tables)
    if (size > kLimit) return std::to_string(size) + " " + what + " (the limit is 65,535)";
  return {};
}
}  // namespace

Compilation compile(const SourceFile& source, Diagnostics& out, bool generate_code) {
  Compilation result;
  result.ast = parse(source, out);
  if (!result.ast) return result;
  std::size_t first_check = out.size();
  result.checked = check(*result.ast, source, out);
  // Report in file order, the way an author reads them.
  std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(first_check), out.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.span.begin < b.span.begin; });
  if (has_errors(out) || !generate_code) return result;
  ProgramImage image = generate(*result.ast, result.checked, source);
  if (std::string limit = exceeded_limit(image); !limit.empty()) {
    out.push_back(Diagnostic{Severity::error, "E0403", result.ast->header_span,
                             "the SLA is too large to compile: " + limit,
                             {"split it into several SLAs, or share values through lets"}});
    return result;
  }
  std::string error;
  result.program = Program::from_image(std::move(image), error);
  if (!result.program)  // a compiler bug, never the author's fault: say so plainly
    out.push_back(Diagnostic{Severity::error, "E0401", result.ast->header_span,
                             "internal error: the generated program failed verification: " + error,
                             {"please report this with the SLA file attached"}});
  return result;
}

}  // namespace baton
