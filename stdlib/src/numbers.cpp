// Numbers. Results that cannot be represented (round(1e300) as an int,
// log(0), abs of the least int) are missing rather than undefined behaviour
// or infinities, so a bad input never poisons a score silently.
#include <cmath>
#include <cstdint>
#include <limits>

#include "support.hpp"

namespace baton::stdlib {
namespace {

// 2^63 is exactly representable; every double in [-2^63, 2^63) fits int64.
constexpr double kTwo63 = 9223372036854775808.0;

Value int_from_double(double d) {
  if (!(d >= -kTwo63 && d < kTwo63)) return Value::absent();  // also rejects NaN
  return Value::of_int(static_cast<std::int64_t>(d));
}

template <bool Greater>
void extreme_int_impl(CallContext&, std::span<const Value> args, Value& out) {
  std::int64_t best = args[0].i;
  for (const Value& v : args.subspan(1))
    if (Greater ? v.i > best : v.i < best) best = v.i;
  out = Value::of_int(best);
}

// NaN never wins: a comparison with NaN is false, so it is skipped.
template <bool Greater>
void extreme_number_impl(CallContext&, std::span<const Value> args, Value& out) {
  double best = args[0].n;
  for (const Value& v : args.subspan(1))
    if (std::isnan(best) || (Greater ? v.n > best : v.n < best)) best = v.n;
  out = Value::of_number(best);
}

void abs_int_impl(CallContext&, std::span<const Value> args, Value& out) {
  std::int64_t v = args[0].i;
  if (v == std::numeric_limits<std::int64_t>::min()) {
    out = Value::absent();
    return;
  }
  out = Value::of_int(v < 0 ? -v : v);
}

void abs_number_impl(CallContext&, std::span<const Value> args, Value& out) {
  out = Value::of_number(std::fabs(args[0].n));
}

void round_impl(CallContext&, std::span<const Value> args, Value& out) { out = int_from_double(std::round(args[0].n)); }
void floor_impl(CallContext&, std::span<const Value> args, Value& out) { out = int_from_double(std::floor(args[0].n)); }
void ceil_impl(CallContext&, std::span<const Value> args, Value& out) { out = int_from_double(std::ceil(args[0].n)); }

void clamp_int_impl(CallContext&, std::span<const Value> args, Value& out) {
  std::int64_t v = args[0].i, lo = args[1].i, hi = args[2].i;
  out = lo > hi ? Value::absent() : Value::of_int(v < lo ? lo : (v > hi ? hi : v));
}

void clamp_number_impl(CallContext&, std::span<const Value> args, Value& out) {
  double v = args[0].n, lo = args[1].n, hi = args[2].n;
  if (!(lo <= hi) || std::isnan(v)) {
    out = Value::absent();
    return;
  }
  out = Value::of_number(v < lo ? lo : (v > hi ? hi : v));
}

template <double (*Log)(double)>
void log_impl(CallContext&, std::span<const Value> args, Value& out) {
  double v = args[0].n;
  out = (v > 0 && std::isfinite(v)) ? Value::of_number(Log(v)) : Value::absent();
}

double natural_log(double v) { return std::log(v); }
double log_base10(double v) { return std::log10(v); }
double log_base2(double v) { return std::log2(v); }

constexpr std::string_view kFamily = "numbers";

void add_rounding(Registry& r, std::string_view name, std::string_view summary, std::string_view example,
                  Impl impl) {
  r.add({.name = name, .params = {Type::number}, .result = Type::int_, .family = kFamily, .summary = summary,
         .example = example, .missing = "missing for NaN or a result outside the 64-bit int range", .impl = impl});
}

void add_log(Registry& r, std::string_view name, std::string_view summary, std::string_view example, Impl impl) {
  r.add({.name = name, .params = {Type::number}, .result = Type::number, .family = kFamily, .summary = summary,
         .example = example, .missing = "missing for zero, negative or infinite arguments", .impl = impl});
}

}  // namespace

void register_numbers(Registry& r) {
  const Type I = Type::int_, N = Type::number;
  r.add({.name = "min", .params = {I, I}, .variadic = I, .result = I, .family = kFamily,
         .summary = "the least of two or more ints", .example = "min(3, 7, 5) == 3",
         .impl = extreme_int_impl<false>});
  r.add({.name = "min", .params = {N, N}, .variadic = N, .result = N, .family = kFamily,
         .summary = "the least of two or more numbers", .example = "min(0.5, 2.5) == 0.5",
         .impl = extreme_number_impl<false>});
  r.add({.name = "max", .params = {I, I}, .variadic = I, .result = I, .family = kFamily,
         .summary = "the greatest of two or more ints", .example = "max(3, 7, 5) == 7",
         .impl = extreme_int_impl<true>});
  r.add({.name = "max", .params = {N, N}, .variadic = N, .result = N, .family = kFamily,
         .summary = "the greatest of two or more numbers", .example = "max(0.5, 2.5) == 2.5",
         .impl = extreme_number_impl<true>});
  // Times and durations are 64-bit ints underneath: the same comparisons.
  for (Type t : {Type::time, Type::duration}) {
    const bool time = t == Type::time;
    r.add({.name = "min", .params = {t, t}, .variadic = t, .result = t, .family = kFamily,
           .summary = time ? "the earliest of two or more times" : "the shortest of two or more durations",
           .example = time ? "min(2026-03-01, 2026-01-15) == 2026-01-15" : "min(4h, 1d) == 4h",
           .impl = extreme_int_impl<false>});
    r.add({.name = "max", .params = {t, t}, .variadic = t, .result = t, .family = kFamily,
           .summary = time ? "the latest of two or more times" : "the longest of two or more durations",
           .example = time ? "max(2026-03-01, 2026-01-15) == 2026-03-01" : "max(4h, 1d) == 1d",
           .impl = extreme_int_impl<true>});
  }
  r.add({.name = "abs", .params = {I}, .result = I, .family = kFamily, .summary = "absolute value of an int",
         .example = "abs(-40) == 40", .missing = "missing for the least int (-2^63), whose absolute value does not fit",
         .impl = abs_int_impl});
  r.add({.name = "abs", .params = {N}, .result = N, .family = kFamily, .summary = "absolute value of a number",
         .example = "abs(-2.5) == 2.5", .impl = abs_number_impl});
  add_rounding(r, "round", "nearest int, halves away from zero", "round(2.5) == 3 and round(-2.5) == -3", round_impl);
  add_rounding(r, "floor", "greatest int not above the number", "floor(-0.5) == -1", floor_impl);
  add_rounding(r, "ceil", "least int not below the number", "ceil(0.1) == 1", ceil_impl);
  r.add({.name = "clamp", .params = {I, I, I}, .result = I, .family = kFamily,
         .summary = "clamp(x, lo, hi) limits x to [lo, hi]", .example = "clamp(120, 0, 100) == 100",
         .missing = "missing when lo > hi", .impl = clamp_int_impl});
  r.add({.name = "clamp", .params = {N, N, N}, .result = N, .family = kFamily,
         .summary = "clamp(x, lo, hi) limits x to [lo, hi]", .example = "clamp(-0.5, 0.0, 1.0) == 0.0",
         .missing = "missing when lo > hi", .impl = clamp_number_impl});
  add_log(r, "log", "natural logarithm", "log(1.0) == 0.0", log_impl<natural_log>);
  add_log(r, "log10", "base-10 logarithm (e.g. to score company size by order of magnitude)",
          "log10(1000.0) == 3.0", log_impl<log_base10>);
  add_log(r, "log2", "base-2 logarithm", "log2(8.0) == 3.0", log_impl<log_base2>);
}

}  // namespace baton::stdlib
