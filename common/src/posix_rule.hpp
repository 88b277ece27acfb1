// The rule a TZif file's footer states for every instant after its last
// listed transition (RFC 8536 section 3.3), e.g. "CET-1CEST,M3.5.0,M10.5.0/3".
//
// The tz library reads the system's TZif files but not their footer, so past
// the last listed transition (2037 in "fat" files, decades earlier in "slim"
// ones) it keeps the last offset and loses daylight saving time. Its own
// POSIX-rule type (date/ptz.h) does not build as C++20 and refuses the
// negative times Greenland's rule needs ("M3.5.0/-1"): hence this reader.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace baton::zone_detail {

struct PosixRule {
  // A day of the year: Mm.w.d (weekday d, 0 = Sunday, of week w, 5 = last,
  // of month m), Jn (1-365, February 29 never counted) or n (0-365).
  struct Date {
    enum class Kind : std::uint8_t { month_week_day, julian_no_leap, julian } kind = Kind::month_week_day;
    int month = 0, week = 0, weekday = 0, day = 0;
    std::int64_t time = 7200;  // local seconds after midnight, -167h..167h
  };
  std::string std_abbrev, dst_abbrev;
  std::int32_t std_offset = 0, dst_offset = 0;  // seconds east of UTC
  bool has_dst = false;                         // with both dates below
  Date start, end;                              // DST starts (standard time), ends (DST)

  // The offset in force at instant t, from when and until when (a rule
  // without DST: the whole time line).
  struct Span {
    std::int64_t begin, end;
    std::int32_t offset;
    bool dst;
  };
  Span span(std::int64_t t) const;
};

// Null for a text that is not a POSIX TZ rule.
std::optional<PosixRule> parse_posix_rule(std::string_view text);

}  // namespace baton::zone_detail
