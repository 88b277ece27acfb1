// Business calendars: hand-computed deadlines (weekends, holidays, lunch
// breaks, arrivals outside hours, daylight-saving changes in two zones,
// year ends, exact boundaries, long durations), `between` against `add`, a
// minute-by-minute reference walk through the tz library, and the
// validation of bad calendars.
#include <doctest/doctest.h>
#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "baton/common/time.hpp"
#include "baton/runtime/calendar.hpp"

namespace {

using baton::BusinessCalendar;
using baton::CalendarError;
using baton::CalendarInfo;
using baton::WorkInterval;

constexpr std::int64_t kHour = 3600, kMinute = 60;

std::int64_t at(const char* text) {
  auto t = baton::parse_time(text);
  REQUIRE_MESSAGE(t.has_value(), text);
  return *t;
}

std::string iso(std::optional<std::int64_t> t) { return t ? baton::format_time(*t) : "none"; }

std::int32_t date_of(int y, unsigned m, unsigned d) {
  return static_cast<std::int32_t>(baton::days_from_civil(y, m, d));
}

WorkInterval hours(int h1, int m1, int h2, int m2) {
  return {static_cast<std::uint16_t>(h1 * 60 + m1), static_cast<std::uint16_t>(h2 * 60 + m2)};
}

CalendarInfo weekdays(std::string zone, std::vector<WorkInterval> day, std::vector<std::int32_t> holidays = {}) {
  CalendarInfo info;
  info.name = "office";
  info.zone = std::move(zone);
  for (int w = 0; w < 5; ++w) info.week[w] = day;
  info.holidays = std::move(holidays);
  return info;
}

std::unique_ptr<const BusinessCalendar> make(const CalendarInfo& info) {
  CalendarError error;
  auto cal = BusinessCalendar::make(info, error);
  REQUIRE_MESSAGE(cal != nullptr, error.message);
  return cal;
}

// Berlin office with a lunch break and the German year-end holidays.
std::unique_ptr<const BusinessCalendar> berlin_lunch() {
  return make(weekdays("Europe/Berlin", {hours(9, 0, 12, 0), hours(13, 0, 17, 0)},
                       {date_of(2026, 12, 24), date_of(2026, 12, 25), date_of(2026, 12, 31), date_of(2027, 1, 1)}));
}

std::unique_ptr<const BusinessCalendar> berlin_9_to_5() {
  return make(weekdays("Europe/Berlin", {hours(9, 0, 17, 0)}));
}

}  // namespace

TEST_CASE("deadlines: weekends, a Friday-evening lead, arrivals outside hours") {
  auto cal = berlin_9_to_5();
  // Fri 2026-11-27 16:30 CET: 30 min on Friday, 3h30 on Monday from 09:00.
  CHECK(iso(cal->add(at("2026-11-27T16:30:00+01:00"), 4 * kHour)) == "2026-11-30T11:30:00Z");
  // Saturday: nothing counts until Monday 09:00.
  CHECK(iso(cal->add(at("2026-11-28T10:00:00+01:00"), 4 * kHour)) == "2026-11-30T12:00:00Z");
  // Before opening and after closing.
  CHECK(iso(cal->add(at("2026-11-30T07:00:00+01:00"), 2 * kHour)) == "2026-11-30T10:00:00Z");
  CHECK(iso(cal->add(at("2026-12-01T18:00:00+01:00"), 1 * kHour)) == "2026-12-02T09:00:00Z");
  // Two full working days from Thursday noon: Thu 5h, Fri 8h, Mon 3h.
  CHECK(iso(cal->add(at("2026-11-26T12:00:00+01:00"), 16 * kHour)) == "2026-11-30T11:00:00Z");
}

TEST_CASE("deadlines: a lunch break splits the day") {
  auto cal = berlin_lunch();
  // Fri 16:30: 30 min Friday, then Monday 09:00-12:00 (3h) and 13:00-13:30.
  CHECK(iso(cal->add(at("2026-11-27T16:30:00+01:00"), 4 * kHour)) == "2026-11-30T12:30:00Z");
  // Arriving during lunch counts from 13:00.
  CHECK(iso(cal->add(at("2026-12-01T12:30:00+01:00"), 1 * kHour)) == "2026-12-01T13:00:00Z");
  // 2h from 11:00: 1h before lunch, 1h after.
  CHECK(iso(cal->add(at("2026-12-01T11:00:00+01:00"), 2 * kHour)) == "2026-12-01T13:00:00Z");
  CHECK_FALSE(cal->is_open(at("2026-12-01T12:00:00+01:00")));
  CHECK_FALSE(cal->is_open(at("2026-12-01T12:59:59+01:00")));
  CHECK(cal->is_open(at("2026-12-01T13:00:00+01:00")));
  CHECK(cal->is_open(at("2026-12-01T11:59:59+01:00")));
  CHECK_FALSE(cal->is_open(at("2026-12-01T17:00:00+01:00")));
  CHECK(cal->between(at("2026-12-01T00:00:00+01:00"), at("2026-12-02T00:00:00+01:00")) == 7 * kHour);
}

TEST_CASE("deadlines: holidays, an arrival on a holiday, across the year end") {
  auto cal = berlin_lunch();
  // Wed 2026-12-23 16:00: 1h on Wednesday; Thu 24 and Fri 25 are holidays;
  // Monday 28 09:00-12:00 gives the other 3h exactly at 12:00.
  CHECK(iso(cal->add(at("2026-12-23T16:00:00+01:00"), 4 * kHour)) == "2026-12-28T11:00:00Z");
  // Arriving on Christmas Eve morning.
  CHECK(iso(cal->add(at("2026-12-24T10:00:00+01:00"), 2 * kHour)) == "2026-12-28T10:00:00Z");
  CHECK_FALSE(cal->is_open(at("2026-12-24T10:00:00+01:00")));
  // Wed 2026-12-30 15:00 + 8h: 2h Wednesday, New Year's Eve and Day off,
  // Monday 2027-01-04 09:00-12:00 and 13:00-16:00.
  CHECK(iso(cal->add(at("2026-12-30T15:00:00+01:00"), 8 * kHour)) == "2027-01-04T15:00:00Z");
  // Working days: Wed 23, Mon 28, Tue 29, Wed 30, Mon 4.
  CHECK(cal->between(at("2026-12-23T00:00:00Z"), at("2027-01-05T00:00:00Z")) == 5 * 7 * kHour);
}

TEST_CASE("deadlines: exact boundaries and zero duration") {
  auto cal = berlin_lunch();
  CHECK(iso(cal->add(at("2026-11-30T09:00:00+01:00"), kHour)) == "2026-11-30T09:00:00Z");  // 10:00 CET
  CHECK(iso(cal->add(at("2026-11-27T17:00:00+01:00"), kHour)) == "2026-11-30T09:00:00Z");  // Fri 17:00 -> Mon 10:00
  CHECK(iso(cal->add(at("2026-11-27T16:00:00+01:00"), kHour)) == "2026-11-27T16:00:00Z");  // ends at closing
  CHECK(iso(cal->add(at("2026-11-30T12:00:00+01:00"), kHour)) == "2026-11-30T13:00:00Z");  // 12:00 -> 14:00 CET
  CHECK(iso(cal->add(at("2026-11-30T11:00:00+01:00"), kHour)) == "2026-11-30T11:00:00Z");  // due at lunch
  // Zero working time is due at once, open or closed.
  for (const char* t : {"2026-11-30T10:00:00+01:00", "2026-11-28T10:00:00+01:00", "2026-12-25T10:00:00+01:00"})
    CHECK(cal->add(at(t), 0) == at(t));
  CHECK(cal->is_open(at("2026-11-30T09:00:00+01:00")));
  CHECK_FALSE(cal->is_open(at("2026-11-30T08:59:59+01:00")));
  CHECK(cal->add(at("2026-11-30T10:00:00+01:00"), -1) == std::nullopt);
}

TEST_CASE("deadlines: very long durations count whole weeks") {
  auto cal = berlin_9_to_5();
  // 1000h = 25 weeks of 40h from Monday 2026-01-05 09:00 CET, across the
  // spring clock change: due Friday 2026-06-26 17:00 CEST.
  const std::int64_t start = at("2026-01-05T09:00:00+01:00");
  CHECK(iso(cal->add(start, 1000 * kHour)) == "2026-06-26T15:00:00Z");
  CHECK(cal->between(start, at("2026-06-26T15:00:00Z")) == 1000 * kHour);
  // Ten years of working time, and a deadline past the supported range.
  auto ten_years = cal->add(start, 10 * 52 * 40 * kHour);
  REQUIRE(ten_years.has_value());
  CHECK(cal->between(start, *ten_years) == 10 * 52 * 40 * kHour);
  CHECK(cal->add(at("2199-12-30T00:00:00Z"), 100 * kHour) == std::nullopt);
  CHECK(cal->add(at("1899-12-30T00:00:00Z"), kHour) == std::nullopt);
}

TEST_CASE("daylight saving: office hours across the change in Berlin and New York") {
  auto berlin = berlin_9_to_5();
  // Berlin springs forward on Sunday 2026-03-29: Friday 16:00 CET + 2h is
  // Monday 10:00 CEST (08:00Z).
  CHECK(iso(berlin->add(at("2026-03-27T16:00:00+01:00"), 2 * kHour)) == "2026-03-30T08:00:00Z");
  // ...and falls back on 2026-10-25: Friday 16:00 CEST + 2h is Monday 10:00 CET.
  CHECK(iso(berlin->add(at("2026-10-23T16:00:00+02:00"), 2 * kHour)) == "2026-10-26T09:00:00Z");
  auto ny = make(weekdays("America/New_York", {hours(9, 0, 12, 0), hours(13, 0, 17, 0)}));
  // New York springs forward on 2026-03-08 and falls back on 2026-11-01.
  CHECK(iso(ny->add(at("2026-03-06T16:30:00-05:00"), 4 * kHour)) == "2026-03-09T17:30:00Z");   // Mon 13:30 EDT
  CHECK(iso(ny->add(at("2026-10-30T16:30:00-04:00"), 4 * kHour)) == "2026-11-02T18:30:00Z");   // Mon 13:30 EST
}

TEST_CASE("daylight saving: working hours that span the changed hour") {
  // Weekend support from midnight to 06:00 on Sundays.
  CalendarInfo info;
  info.name = "night";
  info.zone = "Europe/Berlin";
  info.week[6] = {hours(0, 0, 6, 0)};
  auto berlin = make(info);
  // Spring (2026-03-29): 00:00 CET is 23:00Z; 06:00 CEST is 04:00Z: 5 real hours.
  CHECK(berlin->between(at("2026-03-28T23:00:00Z"), at("2026-03-29T04:00:00Z")) == 5 * kHour);
  CHECK(iso(berlin->add(at("2026-03-28T23:00:00Z"), 5 * kHour)) == "2026-03-29T04:00:00Z");
  CHECK(iso(berlin->add(at("2026-03-28T23:00:00Z"), 2 * kHour)) == "2026-03-29T01:00:00Z");  // 03:00 CEST
  // Autumn (2026-10-25): 00:00 CEST is 22:00Z; 06:00 CET is 05:00Z: 7 real hours.
  CHECK(berlin->between(at("2026-10-24T22:00:00Z"), at("2026-10-25T05:00:00Z")) == 7 * kHour);
  CHECK(iso(berlin->add(at("2026-10-24T22:00:00Z"), 6 * kHour)) == "2026-10-25T04:00:00Z");  // 05:00 CET
  CHECK(berlin->is_open(at("2026-10-25T00:30:00Z")));  // 02:30 CEST
  CHECK(berlin->is_open(at("2026-10-25T01:30:00Z")));  // 02:30 CET, the hour again

  info.zone = "America/New_York";
  info.week[6] = {hours(0, 0, 4, 0)};
  auto ny = make(info);
  // Spring (2026-03-08): 00:00 EST = 05:00Z to 04:00 EDT = 08:00Z: 3 hours.
  CHECK(ny->between(at("2026-03-08T05:00:00Z"), at("2026-03-08T09:00:00Z")) == 3 * kHour);
  CHECK(iso(ny->add(at("2026-03-08T05:00:00Z"), 3 * kHour)) == "2026-03-08T08:00:00Z");
  // Autumn (2026-11-01): 00:00 EDT = 04:00Z to 04:00 EST = 09:00Z: 5 hours.
  CHECK(ny->between(at("2026-11-01T04:00:00Z"), at("2026-11-01T10:00:00Z")) == 5 * kHour);
  CHECK(iso(ny->add(at("2026-11-01T04:00:00Z"), 4 * kHour + 30 * kMinute)) == "2026-11-01T08:30:00Z");
}

TEST_CASE("daylight saving: boundaries inside the skipped or repeated hour") {
  CalendarInfo info;
  info.name = "odd";
  info.zone = "America/New_York";
  info.week[6] = {hours(2, 30, 5, 0)};
  auto ny = make(info);
  // 2026-03-08 has no 02:30: the interval opens when the clock jumps to
  // 03:00 EDT (07:00Z) and closes at 05:00 EDT (09:00Z).
  CHECK_FALSE(ny->is_open(at("2026-03-08T06:59:59Z")));
  CHECK(ny->is_open(at("2026-03-08T07:00:00Z")));
  CHECK(ny->between(at("2026-03-08T00:00:00Z"), at("2026-03-09T00:00:00Z")) == 2 * kHour);

  info.zone = "Europe/Berlin";
  info.week[6] = {hours(2, 30, 4, 0)};
  auto berlin = make(info);
  // 2026-10-25 shows 02:30 twice: the interval opens at the first (00:30Z,
  // CEST) and closes at 04:00 CET (03:00Z): 2h30 real.
  CHECK(berlin->between(at("2026-10-24T00:00:00Z"), at("2026-10-26T00:00:00Z")) == 2 * kHour + 30 * kMinute);
  CHECK(iso(berlin->add(at("2026-10-24T12:00:00Z"), kHour)) == "2026-10-25T01:30:00Z");
}

TEST_CASE("a 24/7 calendar is wall-clock time in any zone, across every clock change") {
  for (const char* zone : {"Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata"}) {
    CAPTURE(zone);
    CalendarInfo info;
    info.name = "always";
    info.zone = zone;
    for (auto& day : info.week) day = {hours(0, 0, 24, 0)};
    auto cal = make(info);
    std::mt19937_64 rng(42);
    for (int i = 0; i < 500; ++i) {
      const std::int64_t t = at("2025-01-01T00:00:00Z") + static_cast<std::int64_t>(rng() % (3 * 365 * 86400));
      const std::int64_t d = static_cast<std::int64_t>(rng() % (40 * 86400));
      CHECK(cal->add(t, d) == t + d);
      CHECK(cal->between(t, t + d) == d);
      CHECK(cal->is_open(t));
    }
  }
}

TEST_CASE("daylight saving after 2037 follows the zone's current rules") {
  auto berlin = berlin_9_to_5();
  CHECK(berlin->local(at("2040-07-02T10:00:00Z")).offset == 7200);
  CHECK(berlin->local(at("2040-07-02T10:00:00Z")).abbrev == "CEST");
  CHECK(berlin->local(at("2040-12-03T10:00:00Z")).offset == 3600);
  // 2045: last Sunday of March is the 26th, of October the 29th.
  CHECK(berlin->local(at("2045-03-26T00:59:59Z")).offset == 3600);
  CHECK(berlin->local(at("2045-03-26T01:00:00Z")).offset == 7200);
  CHECK(berlin->local(at("2045-10-29T00:59:59Z")).offset == 7200);
  CHECK(berlin->local(at("2045-10-29T01:00:00Z")).offset == 3600);
  CHECK(iso(berlin->add(at("2045-06-30T16:00:00+02:00"), 2 * kHour)) == "2045-07-03T08:00:00Z");
  auto ny = make(weekdays("America/New_York", {hours(9, 0, 17, 0)}));
  CHECK(ny->local(at("2050-07-01T12:00:00Z")).abbrev == "EDT");
  CHECK(ny->local(at("2050-12-01T12:00:00Z")).abbrev == "EST");
}

namespace {

// The reference: minute by minute through the tz library, open when the
// local clock's minute lies in an interval of a working day. For calendars
// whose boundaries avoid the changed hour it must agree with the engine.
struct Reference {
  const CalendarInfo& info;
  const date::time_zone* zone = date::locate_zone(info.zone);

  bool open_minute(std::int64_t t) const {
    auto local = zone->to_local(date::sys_seconds{std::chrono::seconds{t}}).time_since_epoch().count();
    std::int64_t day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    int minute = static_cast<int>((local - day * 86400) / 60);
    for (auto h : info.holidays)
      if (h == day) return false;
    int w = static_cast<int>(((day + 3) % 7 + 7) % 7);
    for (const WorkInterval& iv : info.week[w])
      if (minute >= iv.start && minute < iv.end) return true;
    return false;
  }
  std::int64_t add(std::int64_t t, std::int64_t minutes) const {
    if (minutes == 0) return t;
    for (std::int64_t m = t, counted = 0;; m += 60)
      if (open_minute(m) && ++counted == minutes) return m + 60;
  }
};

}  // namespace

TEST_CASE("property: add agrees with a minute-by-minute walk, and between inverts add") {
  std::vector<CalendarInfo> calendars;
  calendars.push_back(weekdays("Europe/Berlin", {hours(9, 0, 12, 0), hours(13, 0, 17, 0)},
                               {date_of(2026, 12, 24), date_of(2026, 12, 25), date_of(2027, 1, 1)}));
  calendars.push_back(weekdays("America/New_York", {hours(8, 30, 17, 30)}, {date_of(2026, 11, 26)}));
  CalendarInfo support = weekdays("Europe/Berlin", {hours(0, 0, 6, 0), hours(20, 0, 24, 0)});
  support.week[6] = {hours(0, 0, 6, 0)};  // Sunday nights, over the clock changes
  calendars.push_back(support);
  std::mt19937_64 rng(7);
  for (const CalendarInfo& info : calendars) {
    CAPTURE(info.zone);
    auto cal = make(info);
    Reference ref{info};
    for (int i = 0; i < 150; ++i) {
      const std::int64_t t = at("2026-01-01T00:00:00Z") + static_cast<std::int64_t>(rng() % (365 * 1440)) * 60;
      const std::int64_t minutes = static_cast<std::int64_t>(rng() % (3 * 480));
      CAPTURE(baton::format_time(t));
      CAPTURE(minutes);
      const std::optional<std::int64_t> due = cal->add(t, minutes * 60);
      REQUIRE(due.has_value());
      CHECK(*due == ref.add(t, minutes));
      CHECK(cal->between(t, *due) == minutes * 60);
      CHECK(cal->between(*due, t) == -minutes * 60);
      CHECK(cal->is_open(t) == ref.open_minute(t));
    }
  }
}

TEST_CASE("property: between(t, add(t, d)) == d, and between is additive") {
  auto cal = berlin_lunch();
  std::mt19937_64 rng(99);
  for (int i = 0; i < 2000; ++i) {
    const std::int64_t t = at("2025-06-01T00:00:00Z") + static_cast<std::int64_t>(rng() % (2 * 365 * 86400));
    const std::int64_t d = static_cast<std::int64_t>(rng() % (400 * kHour));
    const auto due = cal->add(t, d);
    REQUIRE(due.has_value());
    CHECK(cal->between(t, *due) == d);
    CHECK(*due >= t + d);  // working time never runs faster than the clock
    if (d > 0) CHECK(cal->between(t, *due - 1) == d - 1);  // the earliest such instant
    const std::int64_t mid = t + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(*due - t + 1));
    CHECK(*cal->between(t, mid) + *cal->between(mid, *due) == d);
  }
}

TEST_CASE("explanations: how a deadline was computed, in words") {
  auto cal = berlin_9_to_5();
  auto text = [&](const BusinessCalendar& c, const char* arrived, std::int64_t seconds) {
    auto e = c.explain_add(at(arrived), seconds);
    REQUIRE(e.has_value());
    CHECK(e->due == c.add(at(arrived), seconds));
    return baton::render_deadline(c, *e);
  };
  CHECK(text(*cal, "2026-11-27T16:30:00+01:00", 4 * kHour) ==
        "arrived Fri 16:30 Europe/Berlin; 30 min left today, 3h30 on Mon from 09:00 -> due Mon 12:30 CET");
  CHECK(text(*cal, "2026-11-28T10:00:00+01:00", 4 * kHour) ==
        "arrived Sat 10:00 Europe/Berlin (closed); 4h on Mon from 09:00 -> due Mon 13:00 CET");
  CHECK(text(*cal, "2026-11-30T10:15:00+01:00", 2 * kHour) ==
        "arrived Mon 10:15 Europe/Berlin; 2h today from 10:15 -> due Mon 12:15 CET");
  CHECK(text(*cal, "2026-11-30T07:00:00+01:00", 90 * kMinute) ==
        "arrived Mon 07:00 Europe/Berlin (closed); 1h30 today from 09:00 -> due Mon 10:30 CET");
  CHECK(text(*cal, "2026-03-27T16:00:00+01:00", 2 * kHour) ==
        "arrived Fri 16:00 Europe/Berlin; 1h left today, 1h on Mon from 09:00 -> due Mon 10:00 CEST");
  CHECK(text(*cal, "2026-11-30T10:00:00+01:00", 0) ==
        "arrived Mon 10:00 Europe/Berlin; nothing to count -> due Mon 10:00 CET");
  auto holidays = berlin_lunch();
  CHECK(text(*holidays, "2026-12-23T16:00:00+01:00", 4 * kHour) ==
        "arrived Wed 16:00 Europe/Berlin; 1h left today, holiday Thu 2026-12-24, holiday Fri 2026-12-25, "
        "3h on Mon from 09:00 -> due Mon 12:00 CET");
  CHECK(text(*holidays, "2026-12-24T10:00:00+01:00", 2 * kHour) ==
        "arrived Thu 10:00 Europe/Berlin (holiday); holiday Fri 2026-12-25, 2h on Mon from 09:00 -> due Mon 11:00 CET");
  CHECK(text(*cal, "2026-11-27T16:30:00+01:00", 100 * kHour) ==
        "arrived Fri 16:30 Europe/Berlin; 30 min left today, 80h over Sat 2026-11-28 .. Fri 2026-12-11, "
        "8h on Mon 2026-12-14 from 09:00, 8h on Tue 2026-12-15 from 09:00, 3h30 on Wed 2026-12-16 from 09:00 "
        "-> due Wed 2026-12-16 12:30 CET");
  CHECK(baton::format_business_duration(3 * kHour + 5 * kMinute) == "3h05");
  CHECK(baton::format_business_duration(125) == "2m05s");
  CHECK(baton::format_business_duration(2 * kHour + 5 * kMinute + 10) == "2h05m10s");
}

TEST_CASE("invalid calendars are rejected with a message") {
  auto reject = [](const CalendarInfo& info) {
    CalendarError error;
    CHECK(BusinessCalendar::make(info, error) == nullptr);
    return error;
  };
  CalendarError e = reject(weekdays("Europe/Berln", {hours(9, 0, 17, 0)}));
  CHECK(e.kind == CalendarError::Kind::unknown_zone);
  CHECK(e.message.starts_with("unknown time zone \"Europe/Berln\""));

  e = reject(weekdays("Europe/Berlin", {hours(9, 0, 12, 0), hours(11, 0, 13, 0)}));
  CHECK(e.kind == CalendarError::Kind::overlap);
  CHECK(e.weekday == 0);
  CHECK(e.interval == 1);
  CHECK(e.message == "intervals 09:00-12:00 and 11:00-13:00 on mon overlap");

  e = reject(weekdays("Europe/Berlin", {hours(13, 0, 17, 0), hours(9, 0, 12, 0)}));
  CHECK(e.kind == CalendarError::Kind::unsorted);
  CHECK(e.message == "interval 09:00-12:00 on mon comes after 13:00-17:00: list a day's intervals in time order");

  e = reject(weekdays("Europe/Berlin", {hours(17, 0, 9, 0)}));
  CHECK(e.kind == CalendarError::Kind::bad_interval);
  e = reject(weekdays("Europe/Berlin", {hours(9, 0, 9, 0)}));
  CHECK(e.kind == CalendarError::Kind::bad_interval);
  e = reject(weekdays("Europe/Berlin", {hours(20, 0, 24, 30)}));
  CHECK(e.kind == CalendarError::Kind::bad_interval);
  CHECK(e.message == "interval 20:00-24:30 on mon ends after 24:00");

  CalendarInfo closed;
  closed.name = "closed";
  closed.zone = "Europe/Berlin";
  e = reject(closed);
  CHECK(e.kind == CalendarError::Kind::no_hours);
  CHECK(e.message.starts_with("calendar \"closed\" has no working hours"));

  // Adjacent intervals (a night shift across midnight, or 09-12 and 12-17) are fine.
  CalendarInfo shifts = weekdays("Europe/Berlin", {hours(0, 0, 6, 0), hours(22, 0, 24, 0)});
  CalendarError none;
  CHECK(BusinessCalendar::make(shifts, none) != nullptr);
  auto cal = make(weekdays("Europe/Berlin", {hours(9, 0, 12, 0), hours(12, 0, 17, 0)}));
  CHECK(iso(cal->add(at("2026-11-30T11:00:00+01:00"), 2 * kHour)) == "2026-11-30T12:00:00Z");
}
