#pragma once
// Business time: working hours in a time zone, minus holidays.
//
// A CalendarInfo is plain data (what a compiled program stores); a
// BusinessCalendar is built from it once, validated, and answers questions
// in business time: when is a deadline of N working seconds due, how much
// working time lies between two instants, is the calendar open now.
//
// What "working time" means, exactly:
// - A working interval [start, end) is given in local wall-clock minutes of
//   its weekday (09:00-17:00; end may be 24:00). The time that counts is the
//   real time that passes between the moment the local clock first shows
//   `start` and the moment it first shows `end`, so an interval that spans a
//   daylight-saving change counts the hours that really pass (01:00-05:00
//   counts 3h on the spring night, 5h on the autumn night).
// - A boundary that falls in a skipped hour (02:30 on the spring night) is
//   the instant the clock jumps past it.
// - A holiday is a local date on which no interval of that weekday counts.
// - Deadlines are the earliest instant at which the requested working time
//   has passed: 30 minutes from Friday 16:30 on 09:00-17:00 is Friday 17:00,
//   not Monday 09:00; zero working time is due at once.
//
// Immutable after construction, so one calendar serves any number of
// threads. The hot operations (add, between, is_open) allocate nothing.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace baton {

// Minutes from local midnight; start < end <= 1440 (24:00).
struct WorkInterval {
  std::uint16_t start = 0;
  std::uint16_t end = 0;
  friend bool operator==(const WorkInterval&, const WorkInterval&) = default;
};

struct CalendarInfo {
  std::string name;  // as declared in the SLA ("emea")
  std::string zone;  // IANA time zone name ("Europe/Berlin")
  // Working intervals per ISO weekday: week[0] is Monday ... week[6] Sunday.
  // Several per day (a lunch break splits a day in two), sorted, not overlapping.
  std::array<std::vector<WorkInterval>, 7> week;
  // Local dates on which nothing counts, as days since 1970-01-01 (see
  // days_from_civil in baton/common/time.hpp). Any order; duplicates allowed.
  std::vector<std::int32_t> holidays;
  friend bool operator==(const CalendarInfo&, const CalendarInfo&) = default;
};

// Why a CalendarInfo was rejected. `weekday` / `interval` point at the
// offending interval (0-based) when there is one, so the compiler can put a
// caret under it; -1 otherwise.
struct CalendarError {
  enum class Kind : std::uint8_t { unknown_zone, bad_interval, unsorted, overlap, no_hours, bad_holiday };
  Kind kind = Kind::no_hours;
  int weekday = -1;
  int interval = -1;
  std::string message;  // one line, e.g. `unknown time zone "Europe/Berln"`
};

// One stretch of working time that a deadline counted, for explanations.
// A single day has first_day == last_day; whole weeks that were counted at
// once appear as one stretch over several days.
struct WorkedStretch {
  std::int32_t first_day = 0;  // local dates, days since 1970-01-01
  std::int32_t last_day = 0;
  std::int32_t from = 0;       // local seconds after midnight of first_day where counting began
  std::int64_t seconds = 0;    // working seconds counted in the stretch
};

// How a deadline was computed: what `explain` shows.
struct DeadlineExplanation {
  std::int64_t arrived = 0;    // UTC epoch seconds
  std::int64_t requested = 0;  // working seconds asked for
  std::int64_t due = 0;        // UTC epoch seconds
  bool open_at_arrival = false;
  bool holiday_at_arrival = false;
  std::vector<WorkedStretch> worked;          // in time order
  std::vector<std::int32_t> holidays_skipped;  // working weekdays that were holidays, in order
};

class BusinessCalendar {
 public:
  // Validates and compiles. Returns null and fills `error` when the zone is
  // unknown, an interval is empty, out of 00:00-24:00, out of order or
  // overlapping, a holiday is outside years 1-9999, or no weekday has any
  // working time at all.
  static std::unique_ptr<const BusinessCalendar> make(const CalendarInfo& info, CalendarError& error);

  // Times this calendar can answer for (UTC epoch seconds): 1900-01-01 to
  // 2200-01-01. Results outside it are nullopt.
  static constexpr std::int64_t kFirst = -2208988800;  // 1900-01-01T00:00:00Z
  static constexpr std::int64_t kLast = 7258118400;    // 2200-01-01T00:00:00Z

  // The deadline: the earliest instant after `from` at which `working_seconds`
  // of working time have passed. nullopt for negative working time or a
  // result outside [kFirst, kLast).
  std::optional<std::int64_t> add(std::int64_t from, std::int64_t working_seconds) const;
  // The same, recording how it was computed.
  std::optional<DeadlineExplanation> explain_add(std::int64_t from, std::int64_t working_seconds) const;
  // Working seconds in [t1, t2); negative when t2 < t1. nullopt outside the range.
  std::optional<std::int64_t> between(std::int64_t t1, std::int64_t t2) const;
  // Whether `t` lies inside a working interval (and not on a holiday).
  bool is_open(std::int64_t t) const;

  const CalendarInfo& info() const { return info_; }
  // Working seconds in a week without holidays or clock changes.
  std::int64_t week_seconds() const { return week_seconds_; }

  // Local wall-clock view of an instant, for explanations.
  struct Local {
    std::int32_t day = 0;      // local date, days since 1970-01-01
    std::int32_t second = 0;   // seconds after local midnight
    std::int32_t offset = 0;   // UTC offset in seconds
    std::string_view abbrev;   // "CET", "EDT"
  };
  Local local(std::int64_t t) const;
  bool is_holiday(std::int32_t day) const;

  ~BusinessCalendar();

 private:
  // A stretch of time with one UTC offset: [begin, next.begin) in UTC, and
  // [local_begin, local_end) on the local clock.
  struct Segment {
    std::int64_t begin = 0;
    std::int64_t local_begin = 0;
    std::int64_t local_end = 0;
    std::int32_t offset = 0;
    std::uint16_t abbrev = 0;
  };
  struct Cursor;  // the walk's position (calendar.cpp)
  template <class Recorder>
  std::optional<std::int64_t> add_walk(std::int64_t from, std::int64_t working_seconds, Recorder& rec) const;

  BusinessCalendar() = default;
  bool build_segments(std::string& error);
  std::size_t segment_of(std::int64_t t) const;
  std::int64_t to_utc(std::int64_t local, std::size_t& hint) const;
  bool day_in_segment(std::int64_t day, std::int64_t days, std::size_t k) const;

  CalendarInfo info_;
  std::vector<Segment> segments_;
  std::vector<std::string> abbrevs_;
  std::vector<std::int32_t> holidays_;                 // sorted, unique
  std::array<std::uint32_t, 8> day_first_{};            // intervals_[day_first_[w] .. day_first_[w+1])
  std::vector<WorkInterval> intervals_;
  std::array<std::int64_t, 7> day_seconds_{};          // working seconds per weekday
  std::int64_t week_seconds_ = 0;
};

// "arrived Fri 16:30 Europe/Berlin; 30 min left today, 3h30 on Mon from 09:00
// -> due Mon 12:30 CET": one line, for `baton explain`. `start` says what the
// time counted from is: "arrived" (a lead entering its stage now), or
// "in sql since" for a lead the lifecycle found in its stage.
std::string render_deadline(const BusinessCalendar& calendar, const DeadlineExplanation& explanation,
                            std::string_view start = "arrived");

// "3h30", "30 min", "4h", "2h05m10s": a working-time amount as explanations write it.
std::string format_business_duration(std::int64_t seconds);

}  // namespace baton
