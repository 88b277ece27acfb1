#pragma once
// A readable listing of a loaded program (`baton disasm`): its tables, then
// every chunk with instruction index, opcode, operands rendered by their
// operand kind, and source lines. For people and golden tests, not a format
// anything parses.
#include <string>

#include "baton/runtime/program.hpp"

namespace baton {

// With `source_text` (the .baton file's contents) each source line number is
// followed by that line's text.
std::string disassemble(const Program& program, const std::string* source_text = nullptr);

}  // namespace baton
