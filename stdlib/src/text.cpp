// Values as text: for destinations, hand-off notes and exports that people
// read (`concat("visits=", text(count(page_view)))`). Times print as RFC 3339
// and durations as the language writes them, so the text reads back the same.
#include <fmt/format.h>

#include <cmath>

#include "baton/common/time.hpp"
#include "baton/common/zone.hpp"
#include "baton/stdlib/fixed_text.hpp"
#include "support.hpp"

namespace baton::stdlib {
namespace {

constexpr std::int64_t kMinTime = kFirstTime, kMaxTime = kLastTime;  // years 0001..9999
constexpr std::int64_t kMaxDecimals = 15;

Value arena_string(CallContext& ctx, std::string_view text) {
  char* buffer = ctx.arena.allocate(text.size());
  std::copy(text.begin(), text.end(), buffer);
  return Value::of_string({buffer, text.size()});
}

void int_text_impl(CallContext& ctx, std::span<const Value> args, Value& out) {
  out = arena_string(ctx, fmt::format("{}", args[0].i));
}

// The shortest text that reads back as the same number: 35.0 is "35", 0.1 is "0.1".
void number_text_impl(CallContext& ctx, std::span<const Value> args, Value& out) {
  if (!std::isfinite(args[0].n)) {
    out = Value::absent();
    return;
  }
  out = arena_string(ctx, fmt::format("{}", args[0].n == 0 ? 0.0 : args[0].n));  // -0 reads "0"
}

}  // namespace

std::string fixed_text(double x, int decimals) {
  std::string text = fmt::format("{:.{}f}", x, decimals);
  if (text.front() == '-' && text.find_first_not_of("0.", 1) == std::string::npos) text.erase(0, 1);
  return text;
}

namespace {

void number_fixed_impl(CallContext& ctx, std::span<const Value> args, Value& out) {
  const std::int64_t decimals = args[1].i;
  if (!fixed_text_defined(args[0].n) || decimals < 0 || decimals > kMaxDecimals) {
    out = Value::absent();
    return;
  }
  out = arena_string(ctx, fixed_text(args[0].n, static_cast<int>(decimals)));
}

void bool_text_impl(CallContext&, std::span<const Value> args, Value& out) {
  out = Value::of_string(args[0].b ? "true" : "false");
}

void duration_text_impl(CallContext& ctx, std::span<const Value> args, Value& out) {
  out = arena_string(ctx, format_duration(args[0].i));
}

void time_text_impl(CallContext& ctx, std::span<const Value> args, Value& out) {
  const std::int64_t t = args[0].i;
  if (t < kMinTime || t > kMaxTime) {
    out = Value::absent();
    return;
  }
  out = arena_string(ctx, format_time(t));
}

// Local time with its offset: 2026-12-07T09:30:00+01:00.
void zoned_time_text_impl(CallContext& ctx, std::span<const Value> args, Value& out) {
  const std::int64_t t = args[0].i;
  const TimeZone* zone = find_zone(args[1].str());
  if (zone == nullptr || t < kMinTime || t > kMaxTime) {
    out = Value::absent();
    return;
  }
  std::string text;
  append_local_time(t, *zone, text);
  out = arena_string(ctx, text);
}

constexpr std::string_view kFamily = "text";

}  // namespace

void register_text(Registry& r) {
  const Type I = Type::int_, N = Type::number, B = Type::boolean, D = Type::duration, T = Type::time,
             S = Type::string;
  r.add({.name = "text", .params = {I}, .result = S, .family = kFamily, .summary = "an int as text",
         .example = R"(concat("visits=", text(12)) == "visits=12")", .impl = int_text_impl});
  r.add({.name = "text", .params = {N}, .result = S, .family = kFamily,
         .summary = "a number as the shortest text that reads back as the same number",
         .example = R"(text(35.0) == "35" and text(0.25) == "0.25")", .missing = "missing for NaN or infinity",
         .impl = number_text_impl});
  r.add({.name = "text", .params = {N, I}, .result = S, .family = kFamily,
         .summary = "a number with a fixed number of decimals (0-15), rounded half to even on the binary value (never \"-0\")",
         .example = R"(text(52.748, 1) == "52.7" and text(3.0, 0) == "3")",
         .missing = "missing for NaN, infinity, magnitudes from 1e21, or decimals outside 0-15",
         .impl = number_fixed_impl});
  r.add({.name = "text", .params = {B}, .result = S, .family = kFamily, .summary = "\"true\" or \"false\"",
         .example = R"(text(1 > 0) == "true")", .impl = bool_text_impl});
  r.add({.name = "text", .params = {D}, .result = S, .family = kFamily,
         .summary = "a duration as the language writes it: days, hours, minutes, seconds",
         .example = R"(text(4h + 30m) == "4h30m" and text(14d) == "14d")", .impl = duration_text_impl});
  r.add({.name = "text", .params = {T}, .result = S, .family = kFamily, .summary = "a time in RFC 3339, UTC",
         .example = R"(text(2026-12-07T09:30:00Z) == "2026-12-07T09:30:00Z")",
         .missing = "missing for a time outside years 1-9999", .impl = time_text_impl});
  r.add({.name = "text", .params = {T, S}, .result = S, .family = kFamily,
         .summary = "local time in an IANA time zone, RFC 3339 with the zone's offset",
         .example = R"(text(2026-12-07T08:30:00Z, "Europe/Berlin") == "2026-12-07T09:30:00+01:00")",
         .missing = "missing for an unknown time zone name or a time outside years 1-9999", .zone_param = 1,
         .impl = zoned_time_text_impl});
}

}  // namespace baton::stdlib
