// Time zones: the one place where an instant becomes local time and back.
// Every local-time function (hour_of_day, weekday, text), business calendars,
// explain's --tz and --coerce-zone read offsets here, so they agree in every
// year 1-9999.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace baton {

class TimeZone;

// The zone of the system's IANA database with this name; null for any other
// name, and for the database's files that are not zones of their own
// ("localtime", a link to the host's zone; "posixrules"; "Factory").
// Zones are read once and live until exit; safe from any thread.
const TimeZone* find_zone(std::string_view name);

// Why a file of the database is no zone to name ("localtime": it is the
// host's own zone), for a diagnostic; empty for any other name.
std::string_view not_a_zone(std::string_view name);

// The name it was found by.
std::string_view zone_name(const TimeZone& zone);

// The offset in force at instant t and the instants it holds between.
struct ZoneSpan {
  std::int64_t begin = 0;  // first instant of the span
  std::int64_t end = 0;    // first instant after it (the next clock change)
  std::int32_t offset = 0;  // seconds east of UTC
  std::string abbrev;       // "CET", "CEST", "-03"
};
ZoneSpan zone_span(const TimeZone& zone, std::int64_t t);

// Seconds east of UTC at instant t.
std::int32_t zone_offset(const TimeZone& zone, std::int64_t t);

// The instants at which the clock in `zone` reads `local` (a local date and
// time of day as seconds of a UTC clock): one, none where a clock change skips
// that time, two where one repeats it.
struct LocalInstants {
  int count = 0;              // 0, 1 or 2
  std::int64_t earliest = 0;  // count 0: the clock change that skips `local`
  std::int64_t latest = 0;
};
LocalInstants local_instants(const TimeZone& zone, std::int64_t local);

// t as local time with its offset, RFC 3339: 2026-12-07T09:30:00+01:00. The
// offset is truncated to whole minutes (local mean time has seconds) and the
// clock shifted by that offset, so the text reads back as the same instant;
// when the local time falls outside years 1-9999, t in UTC. t must lie in
// years 1-9999.
void append_local_time(std::int64_t t, const TimeZone& zone, std::string& out);

}  // namespace baton
