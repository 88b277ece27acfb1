#pragma once
// The canonical printer behind `baton fmt`. Keeps every comment and single
// blank lines between declarations; everything else is normalised.
// Invariants (tested on every example and test case):
//   format(parse(format(x))) == format(x)
//   same_structure(parse(format(x)), parse(x))
#include <string>

#include "baton/compiler/ast.hpp"

namespace baton {

std::string format(const ast::File& file, const SourceFile& source);

// Structural equality ignoring spans, comments and checker annotations.
bool same_structure(const ast::File& a, const ast::File& b);

}  // namespace baton
