#include "support.hpp"

#include <fstream>
#include <sstream>

#include "baton/compiler/compile.hpp"

namespace baton::fuzz {

std::shared_ptr<const Program> example_program(const std::string& name) {
  const std::string path = std::string(BATON_SOURCE_DIR) + "/examples/" + name + ".baton";
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  SourceFile source(path, text.str());
  Diagnostics diagnostics;
  Compilation c = compile(source, diagnostics);
  if (!c.program) finding("a seed SLA does not compile", path);
  return c.program;
}

}  // namespace baton::fuzz
