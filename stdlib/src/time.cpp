// Time. The only clock is ctx.as_of, the evaluation time the caller passes,
// so a decision can be reproduced later. Local-time functions read their
// offsets from baton/common/zone.hpp, as calendars do.
#include <date/date.h>

#include "baton/common/time.hpp"
#include "baton/common/zone.hpp"
#include "support.hpp"

namespace baton::stdlib {
namespace {

constexpr std::int64_t kDay = 86400, kHour = 3600, kMinute = 60;
// Years 0001..9999: the range of time literals and RFC 3339. Outside it the
// calendar arithmetic below (and in the tz library) could overflow.
constexpr std::int64_t kMinTime = kFirstTime, kMaxTime = kLastTime;

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
std::int64_t floor_mod(std::int64_t a, std::int64_t b) { return a - floor_div(a, b) * b; }

bool in_range(std::int64_t t) { return t >= kMinTime && t <= kMaxTime; }

void days_since_impl(CallContext& ctx, std::span<const Value> args, Value& out) {
  out = Value::of_number(static_cast<double>(ctx.as_of - args[0].i) / static_cast<double>(kDay));
}

void hours_since_impl(CallContext& ctx, std::span<const Value> args, Value& out) {
  out = Value::of_number(static_cast<double>(ctx.as_of - args[0].i) / static_cast<double>(kHour));
}

// The local wall-clock time (as seconds since the epoch of the local
// calendar) of `t` in the named zone; nullopt for an unknown zone.
bool local_seconds(std::int64_t t, std::string_view zone_name, std::int64_t& local) {
  const TimeZone* zone = find_zone(zone_name);
  if (zone == nullptr) return false;  // unknown zone name: the caller returns missing
  local = t + zone_offset(*zone, t);
  return true;
}

// ISO weekday: Monday = 1 ... Sunday = 7; day 0 (1970-01-01) was a Thursday.
std::int64_t iso_weekday(std::int64_t seconds) { return floor_mod(floor_div(seconds, kDay) + 3, 7) + 1; }
std::int64_t hour_of(std::int64_t seconds) { return floor_mod(seconds, kDay) / kHour; }

template <std::int64_t (*Part)(std::int64_t)>
void utc_part_impl(CallContext&, std::span<const Value> args, Value& out) {
  out = in_range(args[0].i) ? Value::of_int(Part(args[0].i)) : Value::absent();
}

template <std::int64_t (*Part)(std::int64_t)>
void zoned_part_impl(CallContext&, std::span<const Value> args, Value& out) {
  std::int64_t local = 0;
  if (!in_range(args[0].i) || !local_seconds(args[0].i, args[1].str(), local)) {
    out = Value::absent();
    return;
  }
  out = Value::of_int(Part(local));
}

void date_impl(CallContext&, std::span<const Value> args, Value& out) {
  std::int64_t y = args[0].i, m = args[1].i, d = args[2].i;
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) {
    out = Value::absent();
    return;
  }
  date::year_month_day ymd{date::year{static_cast<int>(y)}, date::month{static_cast<unsigned>(m)},
                           date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) {
    out = Value::absent();
    return;
  }
  out = Value::of_int(date::sys_days{ymd}.time_since_epoch().count() * kDay);
}

template <std::int64_t Unit>
void duration_impl(CallContext&, std::span<const Value> args, Value& out) {
  std::int64_t seconds = 0;
  // Past kMaxDuration (the longest duration) too: hours(2562047788015215) fits
  // 64 bits but no duration.
  const bool over = __builtin_mul_overflow(args[0].i, Unit, &seconds) || seconds > kMaxDuration || seconds < -kMaxDuration;
  out = over ? Value::absent() : Value::of_int(seconds);
}

template <std::int64_t Unit>
void duration_in_impl(CallContext&, std::span<const Value> args, Value& out) {
  out = Value::of_number(static_cast<double>(args[0].i) / static_cast<double>(Unit));
}

constexpr std::string_view kFamily = "time";
constexpr std::string_view kZoneMissing = "missing for an unknown time zone name or a time outside years 1-9999";

void add_duration(Registry& r, std::string_view name, std::string_view summary, std::string_view example,
                  Impl impl) {
  r.add({.name = name, .params = {Type::int_}, .result = Type::duration, .family = kFamily, .summary = summary,
         .example = example, .missing = "missing beyond the longest duration, 2^61 - 1 seconds", .impl = impl});
}

void add_duration_in(Registry& r, std::string_view name, std::string_view summary, std::string_view example,
                     Impl impl) {
  r.add({.name = name, .params = {Type::duration}, .result = Type::number, .family = kFamily,
         .summary = summary, .example = example, .impl = impl});
}

}  // namespace

void register_time(Registry& r) {
  const Type T = Type::time, S = Type::string, I = Type::int_;
  r.add({.name = "days_since", .params = {T}, .result = Type::number, .family = kFamily,
         .summary = "fractional days from the time to as_of (negative for a later time)",
         .example = "days_since(2026-11-20T12:00:00Z) - days_since(2026-11-23T00:00:00Z) == 2.5",
         .impl = days_since_impl});
  r.add({.name = "hours_since", .params = {T}, .result = Type::number, .family = kFamily,
         .summary = "fractional hours from the time to as_of (negative for a later time)",
         .example = "hours_since(2026-11-22T18:00:00Z) - hours_since(2026-11-23T00:00:00Z) == 6.0",
         .impl = hours_since_impl});
  r.add({.name = "weekday", .params = {T}, .result = I, .family = kFamily,
         .summary = "ISO day of the week in UTC: Monday = 1 ... Sunday = 7", .example = "weekday(2026-11-23) == 1",
         .missing = "missing for a time outside years 1-9999", .impl = utc_part_impl<iso_weekday>});
  r.add({.name = "weekday", .params = {T, S}, .result = I, .family = kFamily,
         .summary = "ISO day of the week (Monday = 1 ... Sunday = 7) in an IANA time zone",
         .example = R"(weekday(2026-11-23T02:00:00Z, "America/New_York") == 7)", .missing = kZoneMissing,
         .zone_param = 1, .impl = zoned_part_impl<iso_weekday>});
  r.add({.name = "hour_of_day", .params = {T}, .result = I, .family = kFamily,
         .summary = "hour 0-23 in UTC", .example = "hour_of_day(2026-11-23T14:30:00Z) == 14",
         .missing = "missing for a time outside years 1-9999", .impl = utc_part_impl<hour_of>});
  r.add({.name = "hour_of_day", .params = {T, S}, .result = I, .family = kFamily,
         .summary = "local hour 0-23 in an IANA time zone (daylight saving time included)",
         .example = R"(hour_of_day(2026-07-01T14:30:00Z, "Europe/Berlin") == 16)", .missing = kZoneMissing,
         .zone_param = 1, .impl = zoned_part_impl<hour_of>});
  r.add({.name = "date", .params = {I, I, I}, .result = T, .family = kFamily,
         .summary = "date(year, month, day) at midnight UTC", .example = "date(2026, 11, 23) == 2026-11-23",
         .missing = "missing for an impossible date (Feb 30) or a year outside 1-9999", .impl = date_impl});
  add_duration(r, "weeks", "a duration of n weeks", "weeks(2) == 14d", duration_impl<7 * kDay>);
  add_duration(r, "days", "a duration of n days", "days(30) == 30d", duration_impl<kDay>);
  add_duration(r, "hours", "a duration of n hours", "hours(36) == 1d12h", duration_impl<kHour>);
  add_duration(r, "minutes", "a duration of n minutes", "minutes(90) == 1h30m", duration_impl<kMinute>);
  add_duration_in(r, "in_days", "a duration as fractional days", "in_days(36h) == 1.5", duration_in_impl<kDay>);
  add_duration_in(r, "in_hours", "a duration as fractional hours", "in_hours(90m) == 1.5", duration_in_impl<kHour>);
}

}  // namespace baton::stdlib
