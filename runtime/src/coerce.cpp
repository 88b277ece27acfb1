// Opt-in coercion (coerce.hpp).
#include "coerce.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "baton/common/time.hpp"
#include "baton/common/zone.hpp"

namespace baton::coerce {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

// A number from_chars found out of range: strtod's rounding (0 with its
// sign, or a subnormal) when it is below the smallest double rather than
// above the largest; nullopt when it is too large.
std::optional<double> underflow(std::string_view text) {
  const std::string copy(text);
  const double value = std::strtod(copy.c_str(), nullptr);
  if (!std::isfinite(value) || std::fabs(value) >= 1) return std::nullopt;
  return value;
}

constexpr double kMillisecondsFrom = 1e11;
constexpr double kMaxSeconds = static_cast<double>(kLastTime);  // 9999-12-31T23:59:59Z

}  // namespace

std::optional<std::int64_t> to_int(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec == std::errc() && ptr == end) return value;
  // "1200.0": a whole number written as a decimal.
  auto n = to_number(text);
  if (!n || *n != std::trunc(*n) || std::fabs(*n) >= 9.2e18) return std::nullopt;
  return static_cast<std::int64_t>(*n);
}

std::string_view int_note(std::string_view text) {
  auto n = to_number(text);
  return n && *n == std::trunc(*n) && !to_int(text) ? "out of range" : "";
}

std::optional<double> to_number(std::string_view text) {
  text = trim(text);
  if (text.empty() || text.front() == '+') return std::nullopt;
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value, std::chars_format::general);
  if (ptr != end) return std::nullopt;
  // "1e-400" underflows to 0, as the same number in JSON does (simdjson);
  // "1e400" overflows and is refused, as in JSON.
  if (ec == std::errc::result_out_of_range) return underflow(text);
  if (ec != std::errc() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<bool> to_bool(std::string_view text) {
  text = trim(text);
  for (std::string_view yes : {"true", "yes", "1"})
    if (equals_ignoring_case(text, yes)) return true;
  for (std::string_view no : {"false", "no", "0"})
    if (equals_ignoring_case(text, no)) return false;
  return std::nullopt;
}

std::optional<std::int64_t> epoch_to_time(double n) {
  if (!std::isfinite(n)) return std::nullopt;
  double seconds = std::fabs(n) >= kMillisecondsFrom ? n / 1000 : n;
  seconds = std::floor(seconds);
  if (seconds < -kMaxSeconds || seconds > kMaxSeconds) return std::nullopt;
  return static_cast<std::int64_t>(seconds);
}

namespace {

// "2026-06-10": a date without a time of day.
bool is_date_alone(std::string_view text) {
  return text.size() == 10 && text[4] == '-' && text[7] == '-' && parse_time(text).has_value();
}

// "20261123": eight digits that are also a date (yyyymmdd), 1900-2099.
bool is_compact_date(std::string_view text) {
  if (text.size() != 8 || text.find_first_not_of("0123456789") != std::string_view::npos) return false;
  const std::string dashed = std::string(text.substr(0, 4)) + '-' + std::string(text.substr(4, 2)) + '-' +
                             std::string(text.substr(6, 2));
  return (text.starts_with("19") || text.starts_with("20")) && parse_time(dashed).has_value();
}

// The local date and time of day written without a zone, as seconds of a
// UTC clock (to be placed in a zone), or nullopt for another shape.
std::optional<std::int64_t> local_fields(std::string_view text, bool date_alone) {
  if (date_alone) return parse_time(text);
  if (text.size() < 16 || (text[10] != ' ' && text[10] != 'T')) return std::nullopt;
  return parse_time(std::string(text) + "Z");
}

}  // namespace

std::optional<std::int64_t> to_time(std::string_view text, const TimeZone* zone) {
  text = trim(text);
  const bool date_alone = is_date_alone(text);
  // A date alone is midnight where the zone says, not in UTC, when a zone is given.
  if (!zone || !date_alone)
    if (auto t = parse_time(text)) return t;
  if (is_compact_date(text)) return std::nullopt;  // two readings: see time_note
  if (!text.empty() && text.find_first_not_of("-0123456789") == std::string_view::npos)
    if (auto n = to_number(text)) return epoch_to_time(*n);
  // A date and a time of day without a zone: local time in `zone`.
  auto as_utc = local_fields(text, date_alone);
  if (!as_utc) return std::nullopt;
  if (!zone) return as_utc;
  // A date alone starts when its first minute does (where midnight is
  // skipped, at the clock change). A time skipped by a clock change does not
  // exist; one repeated is ambiguous.
  const LocalInstants at = local_instants(*zone, *as_utc);
  if (!date_alone && at.count != 1) return std::nullopt;
  // Late on 9999-12-31 west of UTC is in the year 10000, past what RFC 3339 writes.
  if (at.earliest > kLastTime) return std::nullopt;
  return at.earliest;
}

std::string time_note(std::string_view text, const TimeZone* zone) {
  text = trim(text);
  if (is_compact_date(text))
    return "a date written yyyymmdd, or epoch seconds? write the date as 2026-11-23, or epoch seconds in full";
  const bool date_alone = is_date_alone(text);
  auto as_utc = local_fields(text, date_alone);
  if (!zone || !as_utc || date_alone) return {};
  const LocalInstants at = local_instants(*zone, *as_utc);
  if (at.count == 0) return fmt::format("the clock change skips this local time in {}", zone_name(*zone));
  if (at.count == 2)
    return fmt::format("the clock change repeats this local time in {}: give its offset, as 2026-11-01T01:30:00-04:00",
                       zone_name(*zone));
  if (at.earliest > kLastTime) return "out of range";
  return {};
}

}  // namespace baton::coerce
