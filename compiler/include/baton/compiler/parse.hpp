#pragma once
// Source text -> AST. The only place (with grammar/) that sees PEGTL.
#include <optional>

#include "baton/compiler/ast.hpp"
#include "baton/compiler/diagnostic.hpp"

namespace baton {

struct ParseOptions {
  std::size_t max_depth = 200;          // nesting of parentheses/expressions
  std::size_t max_file_bytes = 16 << 20;
};

// Returns the AST, or nullopt after appending at least one E00xx diagnostic.
std::optional<ast::File> parse(const SourceFile& file, Diagnostics& out, const ParseOptions& options = {});

// Parses a single expression (tests, `baton explain` helpers).
ast::ExprPtr parse_expression(const SourceFile& file, Diagnostics& out, const ParseOptions& options = {});

}  // namespace baton
