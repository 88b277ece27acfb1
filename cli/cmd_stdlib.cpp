// `baton stdlib`: every built-in function from the registry, the same list
// as docs/stdlib.md.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <optional>

#include "baton/stdlib/registry.hpp"
#include "checked_write.hpp"
#include "commands.hpp"

namespace baton::cli {

namespace {
// The registered family `name` spells in any letter case ("Strings" is how
// docs/stdlib.md heads it); nullopt when there is none.
std::optional<std::string_view> find_family(std::string_view name) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  for (std::string_view family : stdlib::builtins().families())
    if (std::ranges::equal(family, name, {}, lower, lower)) return family;
  return std::nullopt;
}

int run_stdlib(const std::string& family_filter) {
  std::string_view only;
  if (!family_filter.empty()) {
    const auto found = find_family(family_filter);
    if (!found) {
      fmt::print(stderr, "baton: stdlib: no family `{}`; the families are {}\n", family_filter,
                 fmt::join(stdlib::builtins().families(), ", "));
      return 2;
    }
    only = *found;
  }
  std::map<std::string_view, std::vector<const stdlib::Function*>> families;
  std::vector<std::string_view> order;
  for (const auto& f : stdlib::builtins().all()) {
    if (!only.empty() && f.family != only) continue;
    if (!families.count(f.family)) order.push_back(f.family);
    families[f.family].push_back(&f);
  }
  for (auto family : order) {
    print_out("{}\n", family);
    for (const auto* f : families[family]) {
      print_out("  {}\n      {}\n", stdlib::signature(*f), f->summary);
      if (!f->example.empty()) print_out("      e.g. {}\n", f->example);
    }
    print_out("\n");
  }
  return 0;
}
}  // namespace

void add_stdlib(CLI::App& app, int& exit_code) {
  auto family = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("stdlib", "List the built-in functions with their signatures");
  cmd->add_option("family", *family,
                  fmt::format("only this family, in any letter case: {}", fmt::join(stdlib::builtins().families(), ", ")));
  cmd->callback([family, &exit_code] { exit_code = run_stdlib(*family); });
}

}  // namespace baton::cli
