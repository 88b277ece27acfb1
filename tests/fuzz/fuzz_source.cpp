// Fuzz target: SLA source text -> parse, format, check, lint, generate code.
// Properties (each a finding when broken):
//   - nothing crashes, whatever the text; every diagnostic renders;
//   - the formatter is canonical: parse(format(x)) succeeds, has the
//     structure of x, and formats to the same text again;
//   - a program that compiles serializes and loads back with its fingerprint.
#include <cstddef>
#include <cstdint>
#include <string>

#include "baton/compiler/compile.hpp"
#include "baton/compiler/format.hpp"
#include "baton/compiler/lint.hpp"
#include "baton/compiler/parse.hpp"
#include "baton/runtime/program.hpp"
#include "support.hpp"

using namespace baton;

namespace {

void check_formatter(const ast::File& file, const SourceFile& source) {
  const std::string once = format(file, source);
  SourceFile formatted("formatted.baton", once);
  Diagnostics diagnostics;
  auto reparsed = parse(formatted, diagnostics);
  BATON_FUZZ_CHECK(reparsed.has_value(), once);
  BATON_FUZZ_CHECK(same_structure(*reparsed, file), once);
  const std::string twice = format(*reparsed, formatted);
  BATON_FUZZ_CHECK(twice == once, once + "\n---- formats again to ----\n" + twice);
}

void check_round_trip(const Program& program) {
  std::string error;
  auto loaded = Program::load(program.to_bytes(), error);
  BATON_FUZZ_CHECK(loaded != nullptr, error);
  BATON_FUZZ_CHECK(loaded->fingerprint() == program.fingerprint());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  SourceFile source("fuzz.baton", std::string(reinterpret_cast<const char*>(data), size));
  Diagnostics diagnostics;
  auto file = parse(source, diagnostics);
  if (file) check_formatter(*file, source);

  diagnostics.clear();
  Compilation c = compile(source, diagnostics);
  for (const auto& d : diagnostics) (void)render_text(source, d);
  if (c.ast && !c.program) return 0;
  if (c.program) check_round_trip(*c.program);
  if (c.ast) {
    for (const auto& d : lint(*c.ast, c.checked, source)) (void)render_text(source, d);
  }
  return 0;
}
