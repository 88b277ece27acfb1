#pragma once
// Compiling an SLA in a unit test: the program, or a failed REQUIRE that shows
// every diagnostic as `baton check` renders it.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <string_view>

#include "baton/compiler/compile.hpp"
#include "baton/runtime/program.hpp"

namespace baton::testing {

inline std::shared_ptr<const Program> compile_text(std::string_view text, const std::string& name = "t.baton") {
  SourceFile source(name, std::string(text));
  Diagnostics diagnostics;
  Compilation c = compile(source, diagnostics);
  std::string messages;  // one INFO for all: an INFO inside a loop ends with its iteration
  for (const auto& d : diagnostics) messages += render_text(source, d) + "\n";
  INFO(messages);
  REQUIRE(c.program != nullptr);
  return c.program;
}

}  // namespace baton::testing
