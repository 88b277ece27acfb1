#pragma once
// Lowers a checked AST to a ProgramImage (see runtime/include/baton/runtime/
// bytecode.hpp for the instruction set). Requires a file that checked clean.
#include "baton/compiler/check.hpp"
#include "baton/runtime/image.hpp"

namespace baton {

ProgramImage generate(const ast::File& file, const CheckedFile& checked, const SourceFile& source);

}  // namespace baton
