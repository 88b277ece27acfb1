#pragma once
// Lowers a checked AST to a ProgramImage (see runtime/include/baton/runtime/
// bytecode.hpp for the instruction set). Requires a file that checked clean.
#include "baton/compiler/check.hpp"
#include "baton/runtime/image.hpp"

namespace baton {

// Where `baton test` finds each expectation's result after an evaluation:
// the expectations of every test are compiled after the stages and routes,
// into registers nothing else writes.
struct TestPlan {
  struct Expect {
    const ast::Expr* expr = nullptr;
    std::uint16_t result = bc::kNone;  // bool register
    // The left operand of each comparison in it (through `and`, `or`, `not`
    // and parentheses), computed apart so that a failure can show it.
    struct Shown {
      const ast::Expr* left = nullptr;
      std::uint16_t reg = bc::kNone;
      Type type = Type::invalid;
    };
    std::vector<Shown> shown;
  };
  struct Test {
    const ast::TestDecl* decl = nullptr;
    std::vector<Expect> expects;
  };
  std::vector<Test> tests;
};

// With `tests`, the program also computes every test's expectations.
ProgramImage generate(const ast::File& file, const CheckedFile& checked, const SourceFile& source,
                      TestPlan* tests = nullptr);

}  // namespace baton
