// `baton stdlib`: every built-in function from the registry, the same list
// as docs/stdlib.md.
#include <fmt/format.h>

#include <map>

#include "baton/stdlib/registry.hpp"
#include "commands.hpp"

namespace baton::cli {

namespace {
int run_stdlib(const std::string& family_filter) {
  std::map<std::string_view, std::vector<const stdlib::Function*>> families;
  std::vector<std::string_view> order;
  for (const auto& f : stdlib::builtins().all()) {
    if (!family_filter.empty() && f.family != family_filter) continue;
    if (!families.count(f.family)) order.push_back(f.family);
    families[f.family].push_back(&f);
  }
  for (auto family : order) {
    fmt::print("{}\n", family);
    for (const auto* f : families[family]) {
      fmt::print("  {}\n      {}\n", stdlib::signature(*f), f->summary);
      if (!f->example.empty()) fmt::print("      e.g. {}\n", f->example);
    }
    fmt::print("\n");
  }
  return 0;
}
}  // namespace

void add_stdlib(CLI::App& app, int& exit_code) {
  auto family = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("stdlib", "List the built-in functions with their signatures");
  cmd->add_option("family", *family, "only this family (strings, regex, email, sets, numbers, time, routing, aggregates)");
  cmd->callback([family, &exit_code] { exit_code = run_stdlib(*family); });
}

}  // namespace baton::cli
