// `baton build SLA -o FILE`: compile to a .batonc bytecode file.
#include <fmt/format.h>

#include "checked_write.hpp"
#include "commands.hpp"
#include "load.hpp"
#include "same_file.hpp"

namespace baton::cli {

namespace {
struct BuildOptions {
  std::string input;
  std::string output;
};

int run_build(const BuildOptions& options) {
  std::string output = options.output;
  if (output.empty()) {
    output = options.input;
    auto dot = output.rfind(".baton");
    if (dot != std::string::npos) output.erase(dot);
    output += ".batonc";
  }
  // `-o s.baton` (or building s.batonc to its default name) would replace the SLA.
  if (!outputs_spare_inputs({{"-o", output}}, {{"the SLA", options.input}})) return 2;
  // An SLA that does not compile is unusable input, as for every verb (docs/cli.md).
  auto program = load_program(options.input);
  if (!program) return 2;
  auto bytes = program->to_bytes();
  std::string error;
  if (!write_whole_file(output, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), error)) {
    fmt::print(stderr, "baton: cannot write {}: {}\n", output, error);
    return 2;
  }
  fmt::print(stderr, "wrote {} ({} bytes, sla {} {}, fingerprint {})\n", output, bytes.size(), program->name(),
             program->version(), program->fingerprint());
  return 0;
}
}  // namespace

void add_build(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<BuildOptions>();
  auto* cmd = app.add_subcommand("build", "Compile an SLA to a bytecode file (.batonc)");
  cmd->add_option("sla", options->input, "SLA source file")->required();
  cmd->add_option("-o,--output", options->output, "output file (default: the SLA's name with .batonc)");
  cmd->callback([options, &exit_code] { exit_code = run_build(*options); });
}

}  // namespace baton::cli
