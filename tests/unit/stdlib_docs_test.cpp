// docs/stdlib.md must describe every registered function: each name appears
// as a heading or in code, so the reference and the registry never drift.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "baton/stdlib/registry.hpp"

namespace {

// True when a "### ..." heading line names `name` in backquotes.
bool has_heading(const std::string& doc, const std::string& name) {
  std::istringstream lines(doc);
  for (std::string line; std::getline(lines, line);)
    if (line.starts_with("### ") && line.find("`" + name + "`") != std::string::npos) return true;
  return false;
}

std::string read_stdlib_doc() {
  std::ifstream in(std::string(BATON_SOURCE_DIR) + "/docs/stdlib.md");
  REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("docs/stdlib.md documents every registered function") {
  const std::string doc = read_stdlib_doc();
  for (const auto& f : baton::stdlib::builtins().all()) {
    std::string name(f.name);
    CAPTURE(name);
    bool as_heading = has_heading(doc, name);
    bool as_code = doc.find("`" + name + "(") != std::string::npos;
    CHECK((as_heading || as_code));
    // Each overload's signature is listed verbatim.
    CHECK_MESSAGE(doc.find(baton::stdlib::signature(f)) != std::string::npos,
                  "missing signature: " << baton::stdlib::signature(f));
  }
}

TEST_CASE("docs/stdlib.md's Families line names every family `baton stdlib` takes") {
  const std::string doc = read_stdlib_doc();
  const std::size_t start = doc.find("Families");
  REQUIRE(start != std::string::npos);
  const std::string line = doc.substr(start, doc.find("\n\n", start) - start);
  for (std::string_view family : baton::stdlib::builtins().families()) {
    CAPTURE(family);
    CHECK(line.find("[" + std::string(family) + "](") != std::string::npos);
  }
}
