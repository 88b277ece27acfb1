#pragma once
// Time and duration text forms shared by the compiler (literals), the runtime
// (record decoding, decisions) and the CLI (--as-of). Times are whole seconds
// since the Unix epoch in UTC; fractions of a second are dropped.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace baton {

// RFC 3339 / ISO 8601: "2026-11-23", "2026-11-23T10:00:00Z",
// "2026-11-23T10:00:00.250+02:00", "2026-11-23 10:00:00Z". Rejects impossible
// dates (Feb 30) and out-of-range fields.
std::optional<std::int64_t> parse_time(std::string_view text);

// "2026-11-23T10:00:00Z"
std::string format_time(std::int64_t epoch_seconds);

// A duration literal: one or more <integer><unit> parts, units w d h m s,
// e.g. "30d", "4h", "1d12h", "90m". Returns seconds.
std::optional<std::int64_t> parse_duration(std::string_view text);

// Shortest canonical form: "30d", "4h", "1d12h", "0s".
std::string format_duration(std::int64_t seconds);

// Days since 1970-01-01 for a civil date, and back (proleptic Gregorian).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d);

}  // namespace baton
