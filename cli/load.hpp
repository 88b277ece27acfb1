#pragma once
// Reading the files the verbs take: SLA sources (compiled on the fly) or
// compiled .batonc programs, told apart by the bytecode magic.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "baton/compiler/compile.hpp"
#include "baton/compiler/source.hpp"
#include "baton/runtime/program.hpp"

namespace CLI {
class App;
}

namespace baton::cli {

// The whole file, or nullopt after printing "baton: cannot read FILE: reason".
std::optional<std::string> read_file(const std::string& path);

// Files as given, and for each directory every *.baton below it (sorted):
// what check, fmt, lint and test take.
std::vector<std::string> expand_sla_paths(const std::vector<std::string>& paths);
// --as-of: the time given, or now when empty (saying so with `notice`, e.g.
// "scoring as of {} (now; fix it with --as-of)", unless it is empty);
// nullopt after a message when the text is not a time.
std::optional<std::int64_t> as_of_option(const std::string& text, std::string_view notice);
// Adds --as-of to a verb: a time, or left out for now. Given empty (an unset
// shell variable, `--as-of "$AS_OF"`) it is a usage error, not now.
void add_as_of(CLI::App* cmd, std::string& as_of, const std::string& help);
// A check refusing an option given empty (an unset "$VAR"), which would
// otherwise read as left out: `what` says why and what to give instead.
CLI::Validator refuse_empty(std::string what);
// The whole file, or nullopt without a message (errno says why).
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
