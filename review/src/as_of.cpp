#include "baton/review/as_of.hpp"

#include <fmt/format.h>

namespace baton::review {

std::optional<std::size_t> as_of_slot(const Program& program, std::string_view field, std::string& error) {
  const auto& fields = program.image().lead_fields;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name != field) continue;
    if (fields[i].type != Type::time) {
      error = fmt::format("--as-of-field: `{}` is declared {} in {}'s lead schema; it must be a time", field,
                          type_name(fields[i].type), program.name());
      return std::nullopt;
    }
    return i;
  }
  error = fmt::format("--as-of-field: {}'s lead schema has no field `{}`", program.name(), field);
  return std::nullopt;
}

std::optional<std::int64_t> lead_as_of(const Record& record, std::size_t slot) {
  const Value& v = record.fields[slot];
  if (v.is_missing()) return std::nullopt;
  return v.i;
}

}  // namespace baton::review
