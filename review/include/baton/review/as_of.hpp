#pragma once
// --as-of-field: scoring each lead as of a time in its own record (the day it
// was handed off, say), the honest way to ask what the agreement said about
// a lead back then. The field must be declared `time` in the SLA's lead
// schema; a lead without a value for it cannot be scored and is rejected.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "baton/runtime/program.hpp"
#include "baton/runtime/record.hpp"

namespace baton::review {

// The field's slot in the program's lead layout, or nullopt with `error` set
// ("the lead schema has no field `x`", "`x` is a string, not a time").
std::optional<std::size_t> as_of_slot(const Program& program, std::string_view field, std::string& error);

// The lead's time in that slot; nullopt when the record leaves it missing.
std::optional<std::int64_t> lead_as_of(const Record& record, std::size_t slot);

}  // namespace baton::review
