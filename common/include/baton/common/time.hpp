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
// dates (Feb 30), out-of-range fields, and times after kLastTime once the
// offset is applied ("9999-12-31T23:00:00-01:00" is in the year 10000).
std::optional<std::int64_t> parse_time(std::string_view text);

// "2026-11-23T10:00:00Z"
std::string format_time(std::int64_t epoch_seconds);

// A duration literal: one or more <integer><unit> parts, units w d h m s,
// e.g. "30d", "4h", "1d12h", "90m". Returns seconds, at most kMaxDuration.
std::optional<std::int64_t> parse_duration(std::string_view text);

// Why parse_duration refused text of the right shape ("26687997791826d":
// parts of digits and a unit, units largest first, once each): it is longer
// than kMaxDuration.
bool duration_too_long(std::string_view text);

// The longest duration a literal can spell (about 73 billion years): a
// quarter of the int64 range, so sums of a few durations and times cannot
// overflow. The verifier holds every stored duration to it.
inline constexpr std::int64_t kMaxDuration = INT64_MAX / 4;

// The times a literal can spell: 0000-01-01T00:00:00 to 9999-12-31T23:59:59,
// shifted by at most a day of UTC offset.
inline constexpr std::int64_t kMinTimeLiteral = -62167219200 - 86400;
inline constexpr std::int64_t kMaxTimeLiteral = 253402300799 + 86400;

// The last time RFC 3339 can write (9999-12-31T23:59:59Z): a deadline or a
// due time past it is none.
inline constexpr std::int64_t kLastTime = 253402300799;
// The first time a decision can carry (0001-01-01T00:00:00Z): parse_time
// reads the year 0000, which prints as no RFC 3339 time.
inline constexpr std::int64_t kFirstTime = -62135596800;

// Shortest canonical form: "30d", "4h", "1d12h", "0s".
std::string format_duration(std::int64_t seconds);

// Days since 1970-01-01 for a civil date, and back (proleptic Gregorian).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d);

}  // namespace baton
