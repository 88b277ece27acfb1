// `baton fmt FILE...`: print, rewrite (--write) or verify (--check) the
// canonical layout. Comments are kept.
#include <fmt/format.h>

#include "baton/compiler/format.hpp"
#include "baton/compiler/parse.hpp"
#include "checked_write.hpp"
#include "commands.hpp"
#include "load.hpp"

namespace baton::cli {

namespace {
struct FmtOptions {
  std::vector<std::string> files;
  bool write = false;
  bool check = false;
};

int run_fmt(const FmtOptions& options) {
  int status = 0;
  for (const auto& path : expand_sla_paths(options.files)) {
    auto text = read_file(path);
    if (!text) {
      status = 2;
      continue;
    }
    // SourceFile drops a byte order mark; fmt writes none, so such a file changes.
    const bool bom = text->starts_with("\xEF\xBB\xBF");
    SourceFile source(path, std::move(*text));
    Diagnostics diagnostics;
    auto ast = parse(source, diagnostics);
    if (!ast) {
      print_diagnostics(source, diagnostics, false);
      status = 2;
      continue;
    }
    std::string formatted = format(*ast, source);
    bool changed = bom || formatted != source.text();
    if (options.check) {
      if (changed) {
        print_out("{}\n", path);
        if (status == 0) status = 1;
      }
    } else if (options.write) {
      if (!changed) continue;
      std::string error;
      if (!write_whole_file(path, formatted, error)) {
        fmt::print(stderr, "baton: cannot write {}: {}\n", path, error);
        status = 2;
      }
    } else {
      print_out("{}", formatted);
    }
  }
  return status;
}
}  // namespace

void add_fmt(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<FmtOptions>();
  auto* cmd = app.add_subcommand("fmt", "Print SLA files in the canonical layout");
  cmd->add_option("files", options->files, "SLA files, or directories (every *.baton below them)")->required();
  auto* write = cmd->add_flag("--write,-w", options->write, "rewrite the files in place");
  cmd->add_flag("--check", options->check, "print the files that are not formatted and exit 1 if any")
      ->excludes(write);
  cmd->callback([options, &exit_code] { exit_code = run_fmt(*options); });
}

}  // namespace baton::cli
