#include "baton/common/time.hpp"

#include <array>
#include <charconv>
#include <climits>
#include <cstdio>
#include <utility>

#include "time_utc.hpp"

namespace baton {

namespace {
// Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar.
constexpr std::int64_t civil_days(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}
}  // namespace

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) { return civil_days(y, m, d); }

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
}

namespace {

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr std::array<unsigned, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

// Reads exactly `width` digits at text[pos]; advances pos.
bool digits(std::string_view text, std::size_t& pos, std::size_t width, unsigned& out) {
  if (pos + width > text.size()) return false;
  unsigned value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  pos += width;
  out = value;
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

}  // namespace

namespace {

// Days since 1970-01-01 for 1970..2099 without divisions: the tables of
// time_utc.hpp. Other years: civil_days.
static_assert(time_detail::kUtcYears.first_day[129] == civil_days(2099, 1, 1));
static_assert(time_detail::kUtcYears.first_day[30] == civil_days(2000, 1, 1));

[[gnu::noinline]] std::int64_t slow_days(unsigned year, unsigned month, unsigned day) {
  return civil_days(year, month, day);
}

[[gnu::always_inline]] inline std::int64_t fast_days(unsigned year, unsigned month, unsigned day) {
  unsigned index = year - 1970;  // wraps for earlier years
  if (index >= 130) return slow_days(year, month, day);
  return time_detail::kUtcYears.first_day[index] + time_detail::kUtcDaysBefore[year % 4 == 0][month - 1] + day - 1;
}

// The forms nearly every record uses, "2026-11-23T10:00:00Z", also with a
// fraction of a second (dropped) and with a numeric offset "+02:00": three
// loads for the date and time, no per-byte loop but over the fraction. Sets
// `ok` false when the text is not one of these forms (or not a valid time),
// and the general parser below decides, with the same result as for them.
std::int64_t parse_time_fixed(std::string_view text, bool& ok) {
  ok = false;
  time_detail::TimeFields f;
  if (text.size() < 20 || !time_detail::read_time_fields(text.data(), f)) return 0;
  const auto [year, month, day, hour, minute, second] = f;
  if (day > 28 && day > days_in_month(year, month)) return 0;
  // The suffix: [.digits] then Z, or +HH:MM / -HH:MM.
  std::size_t pos = 19;
  const std::size_t size = text.size();
  if (text[pos] == '.') {
    const std::size_t start = ++pos;
    while (pos < size && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == start) return 0;
  }
  std::int64_t offset = 0;
  if (pos + 1 == size && text[pos] == 'Z') {
    // UTC
  } else if (pos + 6 == size && (text[pos] == '+' || text[pos] == '-') && text[pos + 3] == ':') {
    unsigned oh = 0, om = 0;
    std::size_t at = pos + 1;
    if (!digits(text, at, 2, oh) || !expect(text, at, ':') || !digits(text, at, 2, om) || oh > 23 || om > 59) return 0;
    offset = (text[pos] == '+' ? 1 : -1) * static_cast<std::int64_t>(oh * 3600 + om * 60);
  } else {
    return 0;
  }
  const std::int64_t t = fast_days(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
  ok = t <= kLastTime;  // "9999-12-31T23:00:00-01:00" is in the year 10000
  return t;
}

// Every other form: the fixed ones with a fraction or an offset, then the
// general parser. Hand-written rather than date::parse: it must not allocate
// or use streams.
[[gnu::noinline]] std::optional<std::int64_t> parse_time_general(std::string_view text) {
  bool fixed = false;
  std::int64_t fast = parse_time_fixed(text, fixed);
  if (fixed) return fast;
  if (fast > kLastTime) return std::nullopt;  // a valid form, past the last time RFC 3339 can write
  std::size_t pos = 0;
  unsigned year = 0, month = 0, day = 0;
  if (!digits(text, pos, 4, year) || !expect(text, pos, '-') || !digits(text, pos, 2, month) ||
      !expect(text, pos, '-') || !digits(text, pos, 2, day))
    return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
  std::int64_t seconds = days_from_civil(year, month, day) * 86400;
  if (pos == text.size()) return seconds;  // a date alone: midnight UTC

  if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') return std::nullopt;
  ++pos;
  unsigned hour = 0, minute = 0, second = 0;
  if (!digits(text, pos, 2, hour) || !expect(text, pos, ':') || !digits(text, pos, 2, minute))
    return std::nullopt;
  if (expect(text, pos, ':') && !digits(text, pos, 2, second)) return std::nullopt;
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;  // 60: leap second
  if (expect(text, pos, '.')) {  // fraction: dropped, one-second resolution
    std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
  }
  seconds += hour * 3600 + minute * 60 + second;
  if (pos == text.size()) return std::nullopt;  // a time of day needs a zone
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    int sign = text[pos] == '+' ? 1 : -1;
    ++pos;
    unsigned oh = 0, om = 0;
    if (!digits(text, pos, 2, oh)) return std::nullopt;
    expect(text, pos, ':');
    if (!digits(text, pos, 2, om) || oh > 23 || om > 59) return std::nullopt;
    seconds -= sign * static_cast<std::int64_t>(oh * 3600 + om * 60);
  } else {
    return std::nullopt;
  }
  if (pos != text.size() || seconds > kLastTime) return std::nullopt;  // past 9999 through a negative offset
  return seconds;
}

}  // namespace

// Runs once per event timestamp when records are decoded: the usual form
// first, without a call.
std::optional<std::int64_t> parse_time(std::string_view text) {
  std::int64_t seconds;
  if (time_detail::parse_utc_z(text, seconds)) return seconds;
  return parse_time_general(text);
}

std::string format_time(std::int64_t t) {
  std::int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  std::int64_t rem = t - days * 86400;
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(y), m, d,
                        static_cast<long long>(rem / 3600), static_cast<long long>(rem % 3600 / 60),
                        static_cast<long long>(rem % 60));
  return std::string(buf, static_cast<std::size_t>(n));
}

namespace {
constexpr std::int64_t unit_seconds(char unit) {
  switch (unit) {
    case 'w': return 7 * 86400;
    case 'd': return 86400;
    case 'h': return 3600;
    case 'm': return 60;
    case 's': return 1;
    default: return 0;
  }
}
}  // namespace

std::optional<std::int64_t> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0;
  std::int64_t previous_unit = INT64_MAX;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == start || pos == text.size()) return std::nullopt;
    std::int64_t amount = 0;
    auto [end, ec] = std::from_chars(text.data() + start, text.data() + pos, amount);
    if (ec != std::errc() || end != text.data() + pos) return std::nullopt;
    std::int64_t unit = unit_seconds(text[pos]);
    if (unit == 0 || unit >= previous_unit) return std::nullopt;  // units largest first, once each
    previous_unit = unit;
    ++pos;
    if (amount > kMaxDuration / unit) return std::nullopt;
    total += amount * unit;
    if (total > kMaxDuration) return std::nullopt;
  }
  return total;
}

bool duration_too_long(std::string_view text) {
  std::int64_t previous_unit = INT64_MAX;
  std::size_t pos = 0;
  if (text.empty()) return false;
  while (pos < text.size()) {
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == start || pos == text.size()) return false;
    const std::int64_t unit = unit_seconds(text[pos++]);
    if (unit == 0 || unit >= previous_unit) return false;
    previous_unit = unit;
  }
  return !parse_duration(text);
}

std::string format_duration(std::int64_t seconds) {
  if (seconds == 0) return "0s";
  std::string out;
  if (seconds < 0) out += '-';
  // The magnitude as unsigned: -INT64_MIN does not fit an int64_t, 2^63 does.
  std::uint64_t rest = seconds < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(seconds)
                                   : static_cast<std::uint64_t>(seconds);
  // Weeks only when exact, so "14d" stays "14d" rather than "2w".
  static constexpr std::array<std::pair<char, std::uint64_t>, 4> units = {
      {{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}}};
  for (auto [unit, size] : units) {
    if (rest >= size) {
      out += std::to_string(rest / size);
      out += unit;
      rest %= size;
    }
  }
  return out;
}

}  // namespace baton
