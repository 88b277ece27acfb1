// `baton disasm FILE`: the bytecode listing with source lines.
#include <fmt/format.h>

#include "baton/runtime/disasm.hpp"
#include "checked_write.hpp"
#include "commands.hpp"
#include "load.hpp"

namespace baton::cli {

namespace {
int run_disasm(const std::string& path) {
  auto program = load_program(path);
  if (!program) return 2;
  // Show the source text beside each line when it is at hand.
  std::optional<std::string> text;
  auto bytes = read_file(path);
  if (bytes && !is_bytecode(*bytes)) text = std::move(bytes);
  else if (!program->image().source_path.empty()) text = read_file_quietly(program->image().source_path);
  print_out("{}", disassemble(*program, text ? &*text : nullptr));
  return 0;
}
}  // namespace

void add_disasm(CLI::App& app, int& exit_code) {
  auto path = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("disasm", "Print the bytecode of an SLA or .batonc file");
  cmd->add_option("file", *path, "SLA source or compiled .batonc")->required();
  cmd->callback([path, &exit_code] { exit_code = run_disasm(*path); });
}

}  // namespace baton::cli
