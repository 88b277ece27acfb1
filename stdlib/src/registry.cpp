// The registry: lookup by name and by exact signature, and the table of all
// built-ins, built once on first use (a function-local static, so the
// initialisation is thread-safe and the table is immutable afterwards).
#include "baton/stdlib/registry.hpp"

#include <algorithm>
#include <string>

namespace baton::stdlib {

std::vector<std::uint32_t> Registry::overloads(std::string_view name) const {
  std::vector<std::uint32_t> found;
  for (std::uint32_t i = 0; i < functions_.size(); ++i)
    if (functions_[i].name == name) found.push_back(i);
  return found;
}

int Registry::find_exact(std::string_view name, std::span<const Type> params, Type result) const {
  for (std::size_t i = 0; i < functions_.size(); ++i) {
    const Function& f = functions_[i];
    if (f.kind != Kind::function || f.name != name || f.result != result) continue;
    if (std::equal(f.params.begin(), f.params.end(), params.begin(), params.end()))
      return static_cast<int>(i);
  }
  return -1;
}

std::vector<std::string_view> Registry::families() const {
  std::vector<std::string_view> names;
  for (const Function& f : functions_)
    if (std::find(names.begin(), names.end(), f.family) == names.end()) names.push_back(f.family);
  return names;
}

std::string signature(const Function& f) {
  std::string text(f.name);
  if (f.kind == Kind::aggregate) return text + "(EVENT ...)";
  text += '(';
  for (std::size_t i = 0; i < f.params.size(); ++i) {
    if (i) text += ", ";
    text += type_name(f.params[i]);
  }
  if (f.variadic != Type::invalid) {
    if (!f.params.empty()) text += ", ";
    text += type_name(f.variadic);
    text += "...";
  }
  text += ')';
  text += " -> ";
  text += type_name(f.result);
  return text;
}

const Registry& builtins() {
  static const Registry registry = [] {
    Registry r;
    register_strings(r);
    register_regex(r);
    register_email(r);
    register_sets(r);
    register_numbers(r);
    register_text(r);
    register_time(r);
    register_routing(r);
    register_aggregates(r);
    return r;
  }();
  return registry;
}

}  // namespace baton::stdlib
