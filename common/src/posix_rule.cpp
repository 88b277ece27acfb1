#include "posix_rule.hpp"

#include <date/date.h>

#include <algorithm>
#include <cctype>
#include <limits>

#include "baton/common/time.hpp"

namespace baton::zone_detail {
namespace {

constexpr std::int64_t kDay = 86400;

struct Reader {
  std::string_view s;
  std::size_t i = 0;

  bool done() const { return i == s.size(); }
  bool take(char c) {
    if (done() || s[i] != c) return false;
    ++i;
    return true;
  }
  // An abbreviation: <+0330> or alphabetic, at least 3 characters.
  bool name(std::string& out) {
    if (take('<')) {
      const std::size_t close = s.find('>', i);
      if (close == std::string_view::npos) return false;
      out = s.substr(i, close - i);
      i = close + 1;
    } else {
      const std::size_t from = i;
      while (!done() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
      out = s.substr(from, i - from);
    }
    return out.size() >= 3;
  }
  bool number(int max_digits, int max, int& out) {
    int digits = 0;
    out = 0;
    while (!done() && digits < max_digits && std::isdigit(static_cast<unsigned char>(s[i]))) {
      out = out * 10 + (s[i++] - '0');
      ++digits;
    }
    return digits > 0 && out <= max;
  }
  // [+-]h[hh][:mm[:ss]], hours up to max_hours.
  bool clock(int max_hours, std::int64_t& out) {
    const bool negative = take('-');
    if (!negative) take('+');
    int h = 0, m = 0, sec = 0;
    if (!number(3, max_hours, h)) return false;
    if (take(':')) {
      if (!number(2, 59, m)) return false;
      if (take(':') && !number(2, 59, sec)) return false;
    }
    const std::int64_t v = h * 3600 + m * 60 + sec;
    out = negative ? -v : v;
    return true;
  }
  bool date(PosixRule::Date& d) {
    using Kind = PosixRule::Date::Kind;
    if (take('M')) {
      d.kind = Kind::month_week_day;
      if (!number(2, 12, d.month) || d.month < 1 || !take('.') || !number(1, 5, d.week) || d.week < 1 ||
          !take('.') || !number(1, 6, d.weekday))
        return false;
    } else if (take('J')) {
      d.kind = Kind::julian_no_leap;
      if (!number(3, 365, d.day) || d.day < 1) return false;
    } else {
      d.kind = Kind::julian;
      if (!number(3, 365, d.day)) return false;
    }
    if (take('/') && !clock(167, d.time)) return false;
    return true;
  }
};

// The instant a rule date (in local time at `offset`) falls on in year y.
std::int64_t instant(const PosixRule::Date& d, std::int64_t y, std::int32_t offset) {
  using Kind = PosixRule::Date::Kind;
  std::int64_t day = 0;
  const bool leap = date::year{static_cast<int>(y)}.is_leap();
  switch (d.kind) {
    case Kind::month_week_day: {
      const auto ym = date::year{static_cast<int>(y)} / date::month{static_cast<unsigned>(d.month)};
      const date::weekday wd{static_cast<unsigned>(d.weekday)};
      const date::sys_days on = d.week == 5 ? date::sys_days{ym / wd[date::last]}
                                            : date::sys_days{ym / wd[static_cast<unsigned>(d.week)]};
      day = on.time_since_epoch().count();
      break;
    }
    case Kind::julian_no_leap: day = days_from_civil(y, 1, 1) + d.day - 1 + (leap && d.day > 59); break;
    case Kind::julian: day = days_from_civil(y, 1, 1) + d.day; break;
  }
  return day * kDay + d.time - offset;
}

}  // namespace

std::optional<PosixRule> parse_posix_rule(std::string_view text) {
  Reader r{text};
  PosixRule rule;
  std::int64_t west = 0;
  if (!r.name(rule.std_abbrev) || !r.clock(24, west)) return std::nullopt;
  rule.std_offset = static_cast<std::int32_t>(-west);
  if (r.done()) return rule;
  if (!r.name(rule.dst_abbrev)) return std::nullopt;
  rule.dst_offset = rule.std_offset + 3600;
  if (!r.done() && r.s[r.i] != ',') {
    if (!r.clock(24, west)) return std::nullopt;
    rule.dst_offset = static_cast<std::int32_t>(-west);
  }
  // A DST name without dates has no rule to follow: RFC 8536 footers
  // always give the dates.
  if (!r.take(',') || !r.date(rule.start) || !r.take(',') || !r.date(rule.end) || !r.done()) return std::nullopt;
  rule.has_dst = true;
  return rule;
}

PosixRule::Span PosixRule::span(std::int64_t t) const {
  constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max() / 2;
  if (!has_dst) return {-kNever, kNever, std_offset, false};
  // The changes of the years around t, in order; the last one at or before
  // t is in force. Both hemispheres alike: DST may span the new year.
  struct Change {
    std::int64_t at;
    bool dst;
  };
  Change changes[6];
  std::int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(t >= 0 ? t / kDay : (t - kDay + 1) / kDay, y, m, d);
  for (int k = 0; k < 3; ++k) {
    changes[2 * k] = {instant(start, y - 1 + k, std_offset), true};
    changes[2 * k + 1] = {instant(end, y - 1 + k, dst_offset), false};
  }
  std::sort(std::begin(changes), std::end(changes), [](const Change& a, const Change& b) { return a.at < b.at; });
  int k = 5;
  while (k >= 0 && changes[k].at > t) --k;
  const std::int64_t begin = k >= 0 ? changes[k].at : -kNever;
  const std::int64_t stop = k < 5 ? changes[k + 1].at : kNever;
  const bool dst = k >= 0 ? changes[k].dst : !changes[0].dst;
  return {begin, stop, dst ? dst_offset : std_offset, dst};
}

}  // namespace baton::zone_detail
