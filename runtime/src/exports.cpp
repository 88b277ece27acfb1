// Typed reading of exported values (exports.hpp).
#include "baton/runtime/exports.hpp"

namespace baton {

ExportedValue exported(const Program& program, const Decision& decision, std::size_t index) {
  if (index >= decision.exports.size()) return std::monostate{};
  const Value& v = decision.exports[index];
  if (v.is_missing()) return std::monostate{};
  switch (program.export_type(index)) {
    case Type::int_: return v.i;
    case Type::number: return v.n;
    case Type::boolean: return v.b;
    case Type::string: return v.str();
    case Type::time: return EpochSeconds{v.i};
    case Type::duration: return DurationSeconds{v.i};
    case Type::string_set:
    case Type::string_list: {
      std::vector<std::string_view> items;
      items.reserve(v.len);
      for (std::uint32_t k = 0; k < v.len; ++k) items.push_back(v.items[k].str());
      return items;
    }
    default: return std::monostate{};
  }
}

ExportedValue exported(const Program& program, const Decision& decision, std::string_view name) {
  int index = program.export_index(name);
  if (index < 0) return std::monostate{};
  return exported(program, decision, static_cast<std::size_t>(index));
}

}  // namespace baton
