#pragma once
// Opt-in coercion of the text CRMs export into typed fields (DecodeOptions::
// coerce, `--coerce`): numbers and booleans written as text, timestamps in
// the common shapes. Each function takes the whole text and accepts it only
// when it has exactly one reading; anything ambiguous stays an error.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace baton { class TimeZone; }

namespace baton::coerce {

// "120", " -3 ", "1200.0", "12e3" (a whole number). Not "1,200", "12.5", "0x10".
std::optional<std::int64_t> to_int(std::string_view text);
// Why to_int refused `text`: "out of range" for a whole number beyond 64
// bits ("18446744073709551616", as the same number in JSON says); "" otherwise.
std::string_view int_note(std::string_view text);
// "0.5", "-12", "1e3". Not "1,5", "NaN", "inf".
std::optional<double> to_number(std::string_view text);
// true/false, yes/no, 1/0, in any letter case.
std::optional<bool> to_bool(std::string_view text);
// RFC 3339 and the date-only form (as without coercion; a date alone is
// midnight in `zone` when there is one), plus a space or "T" separator
// without a zone ("2026-06-10 10:00:00", taken in `zone`, UTC when null), and
// digits alone: epoch seconds, or milliseconds when at least 10^11 (no record
// is dated after the year 5138); not eight digits that are also a date
// (yyyymmdd: two readings).
std::optional<std::int64_t> to_time(std::string_view text, const TimeZone* zone);
// Why to_time refused `text`, when the reason is not its shape: a local time
// a clock change skips or repeats in `zone`, or a yyyymmdd date; "" otherwise.
std::string time_note(std::string_view text, const TimeZone* zone);
// A number of seconds since the epoch, or of milliseconds when |n| >= 10^11.
std::optional<std::int64_t> epoch_to_time(double n);

}  // namespace baton::coerce
