// Local time in far years: every instant->local conversion (the zone itself,
// text / hour_of_day / weekday with a zone, a business calendar's offsets)
// against Python's zoneinfo (zone_cases.inc, written by zone_cases.py), around
// each clock change of 2026, 2037, 2038, 2040, 2100 and 9999.
#include <doctest/doctest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "baton/common/time.hpp"
#include "baton/common/zone.hpp"
#include "baton/runtime/calendar.hpp"
#include "baton/stdlib/registry.hpp"

namespace {

using baton::Type;
using baton::Value;
using namespace baton::stdlib;

struct Case {
  std::string_view zone;
  std::int64_t t;
  std::string_view local;  // 2040-07-01T14:00:00+02:00
};

constexpr Case kCases[] = {
#include "zone_cases.inc"
};

const Function& overload(std::string_view name, const std::vector<Type>& params) {
  for (auto i : builtins().overloads(name)) {
    const Function& f = builtins().at(i);
    if (f.kind == Kind::function && f.params == params) return f;
  }
  FAIL("no overload of " << name);
  throw;
}

Value call(std::string_view name, std::int64_t t, std::string_view zone, baton::Arena& arena) {
  const std::vector<Value> args = {Value::of_int(t), Value::of_string(zone)};
  CallContext ctx{arena, 0};
  Value out{};
  overload(name, {Type::time, Type::string}).impl(ctx, args, out);
  return out;
}

// The offset a case's text ends with, in seconds.
std::int32_t offset_of(std::string_view local) {
  const std::string_view tail = local.substr(local.size() - 6);
  const int minutes = std::stoi(std::string(tail.substr(1, 2))) * 60 + std::stoi(std::string(tail.substr(4, 2)));
  return (tail[0] == '-' ? -1 : 1) * minutes * 60;
}

}  // namespace

TEST_CASE("zones: offsets, text, hour and weekday agree with zoneinfo in far years") {
  baton::Arena arena;
  for (const Case& c : kCases) {
    CAPTURE(c.zone);
    CAPTURE(c.t);
    const baton::TimeZone* zone = baton::find_zone(c.zone);
    REQUIRE(zone != nullptr);
    CHECK(baton::zone_offset(*zone, c.t) == offset_of(c.local));
    const baton::ZoneSpan span = baton::zone_span(*zone, c.t);
    CHECK(span.offset == offset_of(c.local));
    CHECK(span.begin <= c.t);
    CHECK(c.t < span.end);

    auto field = [&](std::size_t at, std::size_t size) { return std::stoi(std::string(c.local.substr(at, size))); };
    const Value text = call("text", c.t, c.zone, arena);
    REQUIRE_FALSE(text.is_missing());
    CHECK(text.str() == c.local);
    CHECK(call("hour_of_day", c.t, c.zone, arena).i == field(11, 2));
    // The local date's ISO weekday, Monday = 1.
    const std::int64_t local_day = baton::days_from_civil(field(0, 4), static_cast<unsigned>(field(5, 2)),
                                                          static_cast<unsigned>(field(8, 2)));
    CHECK(call("weekday", c.t, c.zone, arena).i == ((local_day + 3) % 7 + 7) % 7 + 1);
  }
}

TEST_CASE("zones: local times back to instants, with the clock changes of far years") {
  // Every case's local time reads back to its instant (the other one too
  // where a change repeats it).
  for (const Case& c : kCases) {
    CAPTURE(c.zone);
    CAPTURE(c.t);
    const baton::TimeZone* zone = baton::find_zone(c.zone);
    REQUIRE(zone != nullptr);
    const baton::LocalInstants at = baton::local_instants(*zone, c.t + offset_of(c.local));
    REQUIRE(at.count >= 1);
    CHECK((at.earliest == c.t || at.latest == c.t));
    CHECK(at.earliest <= at.latest);
  }
  // Berlin in 2040 (after the zone file's listed changes; Python's zoneinfo):
  // 02:30 on 25 March is skipped (the change at 01:00Z), 02:30 on 28 October
  // happens twice (00:30Z and 01:30Z).
  const baton::TimeZone* berlin = baton::find_zone("Europe/Berlin");
  REQUIRE(berlin != nullptr);
  auto local = [](std::string_view text) { return *baton::parse_time(text); };
  const baton::LocalInstants summer = baton::local_instants(*berlin, local("2040-07-01T12:00:00Z"));
  CHECK(summer.count == 1);
  CHECK(summer.earliest == local("2040-07-01T10:00:00Z"));
  const baton::LocalInstants skipped = baton::local_instants(*berlin, local("2040-03-25T02:30:00Z"));
  CHECK(skipped.count == 0);
  CHECK(skipped.earliest == local("2040-03-25T01:00:00Z"));
  const baton::LocalInstants repeated = baton::local_instants(*berlin, local("2040-10-28T02:30:00Z"));
  CHECK(repeated.count == 2);
  CHECK(repeated.earliest == local("2040-10-28T00:30:00Z"));
  CHECK(repeated.latest == local("2040-10-28T01:30:00Z"));
}

TEST_CASE("zones: a calendar's offsets are the functions' offsets up to its last year") {
  for (const Case& c : kCases) {
    if (c.t >= baton::BusinessCalendar::kLast) continue;
    CAPTURE(c.zone);
    CAPTURE(c.t);
    baton::CalendarInfo info;
    info.name = "office";
    info.zone = std::string(c.zone);
    info.week[0] = {{9 * 60, 17 * 60}};
    baton::CalendarError error;
    const auto calendar = baton::BusinessCalendar::make(info, error);
    REQUIRE(calendar != nullptr);
    CHECK(calendar->local(c.t).offset == offset_of(c.local));
  }
}

TEST_CASE("zones: the database's names") {
  CHECK(baton::find_zone("Europe/Berlin") != nullptr);
  CHECK(baton::find_zone("UTC") != nullptr);
  CHECK(baton::find_zone("Etc/GMT+5") != nullptr);
  CHECK(baton::find_zone("US/Eastern") != nullptr);
  CHECK(baton::find_zone("Europe/Berln") == nullptr);
  // Files of the database that name no zone: the host's own, the POSIX
  // template, the unset placeholder.
  for (const char* name : {"localtime", "posixrules", "Factory"}) {
    CAPTURE(name);
    CHECK(baton::find_zone(name) == nullptr);
    CHECK_FALSE(baton::not_a_zone(name).empty());
  }
  CHECK(baton::not_a_zone("Europe/Berlin").empty());
  CHECK(baton::find_zone("") == nullptr);
}
