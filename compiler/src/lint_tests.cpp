// L0701 duplicate-test-name, L0702 test-without-expect.
#include <unordered_map>

#include "lint_internal.hpp"

namespace baton::linter {

void check_tests(Context& ctx) {
  std::unordered_map<std::string, const ast::TestDecl*> names;
  for (const auto* t : ctx.checked.tests) {
    auto [it, inserted] = names.emplace(t->name, t);
    if (!inserted)
      ctx.report("L0701", t->name_span,
                 {fmt::format("the test on line {} has the same name; reports and --filter cannot tell them apart",
                              ctx.line(it->second->span))},
                 "two tests are called \"{}\"", t->name);
    if (t->expects.empty())
      ctx.report("L0702", t->name_span, {"add `expect stage == ...` (or any other expectation): as it is, it always passes"},
                 "test \"{}\" has no expectation", t->name);
  }
}

}  // namespace baton::linter
