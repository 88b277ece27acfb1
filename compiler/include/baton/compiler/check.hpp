#pragma once
// Name resolution and type checking. Annotates the AST in place (Expr::type,
// name_kind, resolved, aggregate) and returns the symbol tables the code
// generator needs. Reports every problem it can find in one pass.
#include <vector>

#include "baton/compiler/ast.hpp"
#include "baton/compiler/diagnostic.hpp"

namespace baton {

struct CheckedFile {
  std::vector<const ast::FieldDecl*> lead_fields;
  std::vector<const ast::EventDecl*> events;
  std::vector<const ast::ConstDecl*> consts;
  std::vector<const ast::LetDecl*> lets;
  std::vector<const ast::ScoreDecl*> scores;
  const ast::StagesDecl* stages = nullptr;
  const ast::RoutesDecl* routes = nullptr;
  std::vector<const ast::TestDecl*> tests;
  std::vector<int> route_stage;  // per route arm: index of its stage arm

  // Lets and scores ordered so that each comes after everything it uses.
  struct Step {
    enum Kind { let, score } kind;
    int index;
  };
  std::vector<Step> order;
};

CheckedFile check(ast::File& file, const SourceFile& source, Diagnostics& out);

}  // namespace baton
