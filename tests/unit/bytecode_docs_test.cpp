// docs/bytecode.md mirrors the opcode table: every opcode and aggregate kind
// of bytecode.hpp appears there as a whole row, with its number, operand kinds
// and meaning exactly as the tables in bytecode.hpp give them.
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "baton/runtime/bytecode.hpp"
#include "test_files.hpp"

namespace {

// The tables again, with the operand kinds as the names the macro spells.
struct OpRow {
  std::string_view name, a, b, c, doc;
};
constexpr OpRow kOpRows[] = {
#define BATON_OP_ROW(name, a, b, c, doc) {#name, #a, #b, #c, doc},
    BATON_OPCODES(BATON_OP_ROW)
#undef BATON_OP_ROW
};
static_assert(sizeof(kOpRows) / sizeof(kOpRows[0]) == baton::bc::kOpCount);

struct AggRow {
  std::string_view name, doc;
};
constexpr AggRow kAggRows[] = {
#define BATON_AGG_ROW(name, doc) {#name, doc},
    BATON_AGGREGATES(BATON_AGG_ROW)
#undef BATON_AGG_ROW
};
static_assert(sizeof(kAggRows) / sizeof(kAggRows[0]) == static_cast<std::size_t>(baton::bc::AggKind::count_));

// An operand cell of the page's table: `kind`, or empty for none.
std::string cell(std::string_view kind) {
  return kind == "none" ? std::string() : "`" + std::string(kind) + "`";
}

std::string bytecode_doc() {
  std::string doc = baton::testing::read_text(baton::testing::source_path("docs/bytecode.md"));
  REQUIRE(!doc.empty());
  return doc;
}

}  // namespace

TEST_CASE("docs/bytecode.md lists every opcode with its number, operand kinds and meaning") {
  const std::string doc = bytecode_doc();
  for (std::size_t i = 0; i < baton::bc::kOpCount; ++i) {
    const OpRow& op = kOpRows[i];
    const std::string row = "| " + std::to_string(i) + " | `" + std::string(op.name) + "` | " + cell(op.a) + " | " +
                            cell(op.b) + " | " + cell(op.c) + " | " + std::string(op.doc) + " |\n";
    INFO(row);
    CHECK(doc.find(row) != std::string::npos);
  }
}

TEST_CASE("docs/bytecode.md lists every aggregate kind with its number and meaning") {
  const std::string doc = bytecode_doc();
  for (std::size_t i = 0; i < static_cast<std::size_t>(baton::bc::AggKind::count_); ++i) {
    const std::string row =
        "| " + std::to_string(i) + " | `" + std::string(kAggRows[i].name) + "` | " + std::string(kAggRows[i].doc) + " |\n";
    INFO(row);
    CHECK(doc.find(row) != std::string::npos);
  }
}
