#include "decode_flags.hpp"

#include <fmt/format.h>

#include "baton/common/zone.hpp"

namespace baton::cli {

bool DecodeFlags::valid(std::string& error) const {
  if (coerce_zone.empty() || find_zone(coerce_zone)) return true;
  const std::string_view why = not_a_zone(coerce_zone);
  error = why.empty() ? fmt::format("--coerce-zone: `{}` is not an IANA time zone (e.g. Europe/Berlin)", coerce_zone)
                      : fmt::format("--coerce-zone: `{}` is not a time zone: {}", coerce_zone, why);
  return false;
}

bool DecodeFlags::valid() const {
  std::string error;
  if (valid(error)) return true;
  fmt::print(stderr, "baton: {}\n", error);
  return false;
}

void print_unknown_names(const UnknownNames& unknown, bool strict, std::string_view sla) {
  if (unknown.empty()) return;
  const char* what = strict ? "records rejected for" : "ignored";
  if (!unknown.event_types.empty())
    fmt::print(stderr, "baton: {} event types {} does not declare: {}\n", what, sla,
               UnknownNames::top(unknown.event_types));
  if (!unknown.fields.empty())
    fmt::print(stderr, "baton: {} fields {} does not declare: {}\n", what, sla, UnknownNames::top(unknown.fields));
}

}  // namespace baton::cli
