// docs/bytecode.md mirrors the opcode table: every opcode and aggregate kind
// of bytecode.hpp appears there, with its number.
#include <doctest/doctest.h>

#include <string>

#include "baton/runtime/bytecode.hpp"
#include "test_files.hpp"

TEST_CASE("docs/bytecode.md lists every opcode and aggregate kind with its number") {
  const std::string doc = baton::testing::read_text(baton::testing::source_path("docs/bytecode.md"));
  REQUIRE(!doc.empty());
  for (std::size_t i = 0; i < baton::bc::kOpCount; ++i) {
    std::string row = "| " + std::to_string(i) + " | `" + std::string(baton::bc::kOpInfo[i].name) + "` |";
    INFO(row);
    CHECK(doc.find(row) != std::string::npos);
  }
  for (std::size_t i = 0; i < static_cast<std::size_t>(baton::bc::AggKind::count_); ++i) {
    std::string row = "| " + std::to_string(i) + " | `" + std::string(baton::bc::kAggNames[i]) + "` |";
    INFO(row);
    CHECK(doc.find(row) != std::string::npos);
  }
}
