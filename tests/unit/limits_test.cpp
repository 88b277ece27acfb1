// The limits of docs/limits.md that no other test holds: each at its value
// (accepted) and one past it (the documented error).
#include <doctest/doctest.h>

#include <string>

#include "baton/common/time.hpp"
#include "baton/compiler/compile.hpp"
#include "baton/compiler/parse.hpp"
#include "baton/runtime/program.hpp"

using namespace baton;

namespace {

const std::string header = "sla \"t\" version \"1\"\nlead { email: string }\n";

// The codes of a compilation's diagnostics, space-separated ("" when clean).
std::string codes(const std::string& text) {
  SourceFile source("t.baton", text);
  Diagnostics diagnostics;
  compile(source, diagnostics);
  std::string out;
  for (const auto& d : diagnostics) out += (out.empty() ? "" : " ") + d.code;
  return out;
}

std::string first_message(const std::string& text) {
  SourceFile source("t.baton", text);
  Diagnostics diagnostics;
  compile(source, diagnostics);
  return diagnostics.empty() ? "" : diagnostics[0].message;
}

}  // namespace

TEST_CASE("a duration literal reaches kMaxDuration and no further") {
  REQUIRE(format_duration(kMaxDuration) == "26687997791825d3h52m31s");
  const std::string stages = "stages { lead otherwise }\n";
  CHECK(codes(header + "const d = 26687997791825d3h52m31s\n" + stages) == "");
  // Too large, not malformed: the units are in order (E0008, as for integers).
  CHECK(codes(header + "const d = 26687997791825d3h52m32s\n" + stages) == "E0008");
  CHECK(codes(header + "const d = 99999999999999999999d\n" + stages) == "E0008");
  CHECK(codes(header + "const d = 1d99999999999999999999d\n" + stages) == "E0007");
}

TEST_CASE("time literals span the years 0000 to 9999") {
  const std::string stages = "stages { lead otherwise }\n";
  CHECK(codes(header + "const t = 9999-12-31T23:59:59Z\n" + stages) == "");
  CHECK(codes(header + "const t = 0000-01-01\n" + stages) == "");
  CHECK(codes(header + "const t = 10000-01-01\n" + stages) != "");
}

TEST_CASE("E0403: at most 65,535 rules or instructions in a program") {
  // 65,536 one-line rules: the rule table's 16-bit index runs out (and the
  // instructions, which are counted first).
  std::string rules;
  rules.reserve(65536 * 12);
  for (int i = 0; i < 65536; ++i) rules += "+1 when x\n";
  const std::string text = "sla \"t\" version \"1\"\nlead { x: bool }\nscore s {\n" + rules + "}\nstages { lead otherwise }\n";
  const std::string message = first_message(text);
  CHECK(message.starts_with("the SLA is too large to compile: "));
  CHECK(message.ends_with("(the limit is 65,535)"));
  CHECK(codes(text) == "E0403");
}
