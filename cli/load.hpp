#pragma once
// Reading the files the verbs take: SLA sources (compiled on the fly) or
// compiled .batonc programs, told apart by the bytecode magic.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "baton/compiler/compile.hpp"
#include "baton/compiler/source.hpp"
#include "baton/runtime/program.hpp"

namespace baton::cli {

// The whole file, or nullopt after printing "baton: cannot read FILE: reason".
std::optional<std::string> read_file(const std::string& path);

// All of standard input (explain's `-`).
std::optional<std::string> read_stdin();
// The whole file, or nullopt without a message.
std::optional<std::string> read_file_quietly(const std::string& path);

bool is_bytecode(const std::string& bytes);

// An SLA source for `verb` (check, lint): nullopt after a message when the
// file cannot be read or is compiled bytecode.
std::optional<std::string> read_sla_source(const std::string& path, std::string_view verb);

// Compiles a source or loads a .batonc; prints diagnostics or the load error
// to stderr. Null when unusable.
std::shared_ptr<const Program> load_program(const std::string& path);

// Prints diagnostics as text (with color on a terminal) or JSON lines.
void print_diagnostics(const SourceFile& source, const Diagnostics& diagnostics, bool json);

bool stderr_is_terminal();

}  // namespace baton::cli
