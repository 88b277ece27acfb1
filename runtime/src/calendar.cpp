// Business calendars: validation, the zone's offsets as a table, and the
// walks behind add / between / is_open (see calendar.hpp for the semantics).
//
// Speed: a zone (baton/common/zone.hpp) answers one instant at a time with a
// search; a deadline touches several instants per day. So each calendar
// reads its zone once, at build time, into a table of segments of constant
// UTC offset (the years 1900-2199), and the walks move a hint through it:
// on a day without a clock change every boundary is `local - offset`. Whole
// weeks without holidays or clock changes are counted at once, so long
// durations cost one step per week.
#include "baton/runtime/calendar.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "baton/common/time.hpp"
#include "baton/common/zone.hpp"

namespace baton {
namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kFarLocal = std::numeric_limits<std::int64_t>::max() / 4;
constexpr std::string_view kDayNames[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
// ISO weekday index of a date: 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday).
constexpr int weekday_of(std::int64_t day) { return static_cast<int>(day - floor_div(day + 3, 7) * 7 + 3); }

std::string clock_text(int minutes) { return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60); }
std::string interval_text(const WorkInterval& iv) { return clock_text(iv.start) + "-" + clock_text(iv.end); }

// A transition of the zone: from `begin` on, this offset.
struct Transition {
  std::int64_t begin;
  std::int32_t offset;
  std::string abbrev;
};

}  // namespace

BusinessCalendar::~BusinessCalendar() = default;

std::unique_ptr<const BusinessCalendar> BusinessCalendar::make(const CalendarInfo& info, CalendarError& error) {
  using Kind = CalendarError::Kind;
  auto fail = [&](Kind kind, int weekday, int interval, std::string message) {
    error = {kind, weekday, interval, std::move(message)};
    return nullptr;
  };
  std::unique_ptr<BusinessCalendar> cal(new BusinessCalendar());
  cal->info_ = info;
  for (int w = 0; w < 7; ++w) {
    cal->day_first_[w] = static_cast<std::uint32_t>(cal->intervals_.size());
    const auto& day = info.week[w];
    for (std::size_t i = 0; i < day.size(); ++i) {
      const WorkInterval& iv = day[i];
      const int at = static_cast<int>(i);
      if (iv.end > 1440)
        return fail(Kind::bad_interval, w, at,
                    fmt::format("interval {} on {} ends after 24:00", interval_text(iv), kDayNames[w]));
      if (iv.start >= iv.end)
        return fail(Kind::bad_interval, w, at,
                    fmt::format("interval {} on {} is empty: it must end after it starts (a night shift is two "
                                "intervals, one before and one after midnight)",
                                interval_text(iv), kDayNames[w]));
      if (i > 0 && iv.start < day[i - 1].start)
        return fail(Kind::unsorted, w, at,
                    fmt::format("interval {} on {} comes after {}: list a day's intervals in time order",
                                interval_text(iv), kDayNames[w], interval_text(day[i - 1])));
      if (i > 0 && iv.start < day[i - 1].end)
        return fail(Kind::overlap, w, at,
                    fmt::format("intervals {} and {} on {} overlap", interval_text(day[i - 1]), interval_text(iv),
                                kDayNames[w]));
      cal->intervals_.push_back(iv);
      cal->day_seconds_[w] += (iv.end - iv.start) * 60;
    }
    cal->week_seconds_ += cal->day_seconds_[w];
  }
  cal->day_first_[7] = static_cast<std::uint32_t>(cal->intervals_.size());
  if (cal->week_seconds_ == 0)
    return fail(Kind::no_hours, -1, -1,
                fmt::format("calendar \"{}\" has no working hours: give at least one weekday an interval, "
                            "such as mon-fri 09:00-17:00",
                            info.name));
  const std::int64_t first_date = days_from_civil(1, 1, 1), last_date = days_from_civil(9999, 12, 31);
  for (std::int32_t day : info.holidays)
    if (day < first_date || day > last_date)
      return fail(Kind::bad_holiday, -1, -1, fmt::format("holiday {} is outside years 1-9999", day));
  cal->holidays_ = info.holidays;
  std::sort(cal->holidays_.begin(), cal->holidays_.end());
  cal->holidays_.erase(std::unique(cal->holidays_.begin(), cal->holidays_.end()), cal->holidays_.end());
  std::string zone_error;
  if (!cal->build_segments(zone_error)) return fail(Kind::unknown_zone, -1, -1, std::move(zone_error));
  return cal;
}

bool BusinessCalendar::build_segments(std::string& error) {
  const TimeZone* zone = find_zone(info_.zone);
  if (zone == nullptr) {
    error = fmt::format("unknown time zone \"{}\" (an IANA name such as \"Europe/Berlin\" or \"America/New_York\")",
                        info_.zone);
    return false;
  }
  std::vector<Transition> transitions;
  for (std::int64_t t = kFirst;;) {
    ZoneSpan span = zone_span(*zone, t);
    transitions.push_back({t, span.offset, std::move(span.abbrev)});
    if (span.end >= kLast || span.end <= t) break;
    t = span.end;
  }
  for (const Transition& t : transitions) {
    if (!segments_.empty() && segments_.back().offset == t.offset && abbrevs_[segments_.back().abbrev] == t.abbrev)
      continue;  // a change of rule that moved no clock
    auto known = std::find(abbrevs_.begin(), abbrevs_.end(), t.abbrev);
    if (known == abbrevs_.end()) known = abbrevs_.insert(abbrevs_.end(), t.abbrev);
    Segment s;
    s.begin = t.begin;
    s.offset = t.offset;
    s.local_begin = segments_.empty() ? -kFarLocal : t.begin + t.offset;
    s.abbrev = static_cast<std::uint16_t>(known - abbrevs_.begin());
    if (!segments_.empty()) segments_.back().local_end = t.begin + segments_.back().offset;
    segments_.push_back(s);
  }
  segments_.back().local_end = kFarLocal;
  return true;
}

// The segment in force at UTC instant t.
std::size_t BusinessCalendar::segment_of(std::int64_t t) const {
  auto it = std::upper_bound(segments_.begin(), segments_.end(), t,
                             [](std::int64_t v, const Segment& s) { return v < s.begin; });
  return it == segments_.begin() ? 0 : static_cast<std::size_t>(it - segments_.begin() - 1);
}

// The earliest instant at which the local clock shows `local` (or, inside a
// skipped hour, the instant of the jump). `hint` is a segment near the
// answer and is moved to it: local ends increase from segment to segment,
// so the first segment whose local end lies after `local` is the one.
std::int64_t BusinessCalendar::to_utc(std::int64_t local, std::size_t& hint) const {
  std::size_t k = hint;
  while (k > 0 && local < segments_[k - 1].local_end) --k;
  while (local >= segments_[k].local_end && k + 1 < segments_.size()) ++k;
  hint = k;
  const Segment& s = segments_[k];
  return local >= s.local_begin ? local - s.offset : s.begin;
}

// Whether local days [day, day + days) all lie in segment k, so every
// boundary on them is `local - offset` (k must be the segment of day's start).
bool BusinessCalendar::day_in_segment(std::int64_t day, std::int64_t days, std::size_t k) const {
  const Segment& s = segments_[k];
  return s.local_begin <= day * kDay && (day + days) * kDay <= s.local_end;
}

bool BusinessCalendar::is_holiday(std::int32_t day) const {
  return std::binary_search(holidays_.begin(), holidays_.end(), day);
}

BusinessCalendar::Local BusinessCalendar::local(std::int64_t t) const {
  const Segment& s = segments_[segment_of(t)];
  const std::int64_t l = t + s.offset;
  const std::int64_t day = floor_div(l, kDay);
  return {static_cast<std::int32_t>(day), static_cast<std::int32_t>(l - day * kDay), s.offset, abbrevs_[s.abbrev]};
}

namespace {

// What a deadline walk reports as it goes; the plain walk ignores it all.
struct NoRecorder {
  void holiday(std::int64_t) {}
  void worked(std::int64_t, std::int64_t, std::int64_t) {}
  void week(std::int64_t, std::int64_t) {}
};

struct ExplainRecorder {
  const BusinessCalendar& calendar;
  DeadlineExplanation& out;
  void holiday(std::int64_t day) { out.holidays_skipped.push_back(static_cast<std::int32_t>(day)); }
  void worked(std::int64_t day, std::int64_t utc_from, std::int64_t seconds) {
    if (!out.worked.empty() && out.worked.back().first_day == day && out.worked.back().last_day == day) {
      out.worked.back().seconds += seconds;
      return;
    }
    const auto d = static_cast<std::int32_t>(day);
    out.worked.push_back({d, d, calendar.local(utc_from).second, seconds});
  }
  void week(std::int64_t first_day, std::int64_t seconds) {
    WorkedStretch* last = out.worked.empty() ? nullptr : &out.worked.back();
    if (last && last->last_day > last->first_day && last->last_day + 1 == first_day) {
      last->last_day += 7;
      last->seconds += seconds;
      return;
    }
    const auto d = static_cast<std::int32_t>(first_day);
    out.worked.push_back({d, d + 6, 0, seconds});
  }
};

}  // namespace

template <class Recorder>
std::optional<std::int64_t> BusinessCalendar::add_walk(std::int64_t from, std::int64_t need, Recorder& rec) const {
  if (need < 0 || from < kFirst || from >= kLast) return std::nullopt;
  if (need == 0) return from;
  std::size_t k = segment_of(from);
  std::int64_t day = floor_div(from + segments_[k].offset, kDay);
  auto hol = std::lower_bound(holidays_.begin(), holidays_.end(), day);
  const std::int64_t last_day = floor_div(kLast, kDay) + 1;
  std::int64_t remaining = need;
  for (bool first = true; day <= last_day; ++day, first = false) {
    while (hol != holidays_.end() && *hol < day) ++hol;
    const int w = weekday_of(day);
    if (hol != holidays_.end() && *hol == day) {
      if (day_seconds_[w] > 0) rec.holiday(day);
      continue;
    }
    const std::int64_t midnight = day * kDay;
    to_utc(midnight, k);  // moves k to the segment of the day's start
    if (!first && remaining > week_seconds_ && (hol == holidays_.end() || *hol >= day + 7) &&
        day_in_segment(day, 7, k)) {
      remaining -= week_seconds_;
      rec.week(day, week_seconds_);
      day += 6;
      continue;
    }
    const bool plain = day_in_segment(day, 1, k);
    const std::int64_t offset = segments_[k].offset;
    for (std::uint32_t i = day_first_[w]; i < day_first_[w + 1]; ++i) {
      const std::int64_t l0 = midnight + intervals_[i].start * 60, l1 = midnight + intervals_[i].end * 60;
      std::int64_t a = plain ? l0 - offset : to_utc(l0, k);
      const std::int64_t b = plain ? l1 - offset : to_utc(l1, k);
      if (b <= from) continue;
      a = std::max(a, from);
      const std::int64_t available = b - a;
      if (remaining <= available) {
        rec.worked(day, a, remaining);
        const std::int64_t due = a + remaining;
        return due < kLast ? std::optional<std::int64_t>(due) : std::nullopt;
      }
      remaining -= available;
      rec.worked(day, a, available);
    }
  }
  return std::nullopt;
}

std::optional<std::int64_t> BusinessCalendar::add(std::int64_t from, std::int64_t working_seconds) const {
  NoRecorder none;
  return add_walk(from, working_seconds, none);
}

std::optional<DeadlineExplanation> BusinessCalendar::explain_add(std::int64_t from,
                                                                 std::int64_t working_seconds) const {
  DeadlineExplanation out;
  ExplainRecorder rec{*this, out};
  std::optional<std::int64_t> due = add_walk(from, working_seconds, rec);
  if (!due) return std::nullopt;
  out.arrived = from;
  out.requested = working_seconds;
  out.due = *due;
  out.open_at_arrival = is_open(from);
  out.holiday_at_arrival = is_holiday(local(from).day);
  return out;
}

std::optional<std::int64_t> BusinessCalendar::between(std::int64_t t1, std::int64_t t2) const {
  if (t2 < t1) {
    std::optional<std::int64_t> back = between(t2, t1);
    return back ? std::optional<std::int64_t>(-*back) : std::nullopt;
  }
  if (t1 < kFirst || t2 > kLast) return std::nullopt;
  std::size_t k = segment_of(t1);
  std::int64_t day = floor_div(t1 + segments_[k].offset, kDay);
  auto hol = std::lower_bound(holidays_.begin(), holidays_.end(), day);
  std::int64_t total = 0;
  for (bool first = true;; ++day, first = false) {
    const std::int64_t midnight = day * kDay;
    if (to_utc(midnight, k) >= t2) break;
    while (hol != holidays_.end() && *hol < day) ++hol;
    if (hol != holidays_.end() && *hol == day) continue;
    const std::int64_t offset = segments_[k].offset;
    if (!first && (hol == holidays_.end() || *hol >= day + 7) && day_in_segment(day, 7, k) &&
        midnight + 7 * kDay - offset <= t2) {
      total += week_seconds_;
      day += 6;
      continue;
    }
    const bool plain = day_in_segment(day, 1, k);
    const int w = weekday_of(day);
    for (std::uint32_t i = day_first_[w]; i < day_first_[w + 1]; ++i) {
      const std::int64_t l0 = midnight + intervals_[i].start * 60, l1 = midnight + intervals_[i].end * 60;
      const std::int64_t a = std::max(plain ? l0 - offset : to_utc(l0, k), t1);
      const std::int64_t b = std::min(plain ? l1 - offset : to_utc(l1, k), t2);
      if (b > a) total += b - a;
    }
  }
  return total;
}

bool BusinessCalendar::is_open(std::int64_t t) const {
  if (t < kFirst || t >= kLast) return false;
  std::size_t k = segment_of(t);
  const std::int64_t day = floor_div(t + segments_[k].offset, kDay);
  if (is_holiday(static_cast<std::int32_t>(day))) return false;
  const int w = weekday_of(day);
  for (std::uint32_t i = day_first_[w]; i < day_first_[w + 1]; ++i) {
    const std::int64_t a = to_utc(day * kDay + intervals_[i].start * 60, k);
    const std::int64_t b = to_utc(day * kDay + intervals_[i].end * 60, k);
    if (a <= t && t < b) return true;
  }
  return false;
}

}  // namespace baton
