// A deadline's computation in words, for `baton explain`:
//   arrived Fri 16:30 Europe/Berlin; 30 min left today, 3h30 on Mon from 09:00 -> due Mon 12:30 CET
// Days within a week of the arrival are named by weekday; later ones carry
// their date, so a long deadline stays unambiguous.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "baton/common/time.hpp"
#include "baton/runtime/calendar.hpp"

namespace baton {
namespace {

constexpr std::string_view kWeekdays[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

std::string_view weekday_name(std::int64_t day) {
  std::int64_t w = (day + 3) % 7;
  return kWeekdays[w < 0 ? w + 7 : w];
}

std::string date_text(std::int64_t day) {
  std::int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(day, y, m, d);
  return fmt::format("{} {:04}-{:02}-{:02}", weekday_name(day), y, m, d);
}

// "Mon" near the arrival, "Mon 2027-01-04" from a week on.
std::string day_label(std::int64_t day, std::int64_t arrival_day) {
  return day - arrival_day < 7 ? std::string(weekday_name(day)) : date_text(day);
}

std::string clock(std::int64_t second_of_day) {
  const std::int64_t h = second_of_day / 3600, m = second_of_day / 60 % 60, s = second_of_day % 60;
  return s ? fmt::format("{:02}:{:02}:{:02}", h, m, s) : fmt::format("{:02}:{:02}", h, m);
}

// The breaks a one-day stretch of work skipped ("12:30-13:30"): the gaps
// between the day's intervals after counting began and before it ended, so
// "4h today from 10:00 (break 12:30-13:30) -> due 15:00" adds up. Walked in
// wall-clock minutes: on a day the clock changes that walk and the real one
// differ, and then (the walk not ending where the stretch ends) nothing is
// said rather than something wrong. `ends_at` is the stretch's local end in
// seconds, or -1 for the close of the day's last interval.
std::string breaks_skipped(const CalendarInfo& info, std::int64_t day, std::int64_t from, std::int64_t seconds,
                           std::int64_t ends_at) {
  std::int64_t w = (day + 3) % 7;
  const std::vector<WorkInterval>& intervals = info.week[static_cast<std::size_t>(w < 0 ? w + 7 : w)];
  if (intervals.empty()) return {};
  if (ends_at < 0) ends_at = intervals.back().end * 60;
  std::string out;
  std::int64_t at = from, left = seconds;
  for (const WorkInterval& iv : intervals) {
    const std::int64_t start = iv.start * 60, end = iv.end * 60;
    if (left <= 0) break;
    if (end <= at) continue;
    if (start > at && left < seconds)  // counting had begun: the gap was a break
      out += fmt::format("{}{}-{}", out.empty() ? "" : ", ", clock(at), clock(start));
    if (start > at) at = start;
    const std::int64_t take = std::min(left, end - at);
    left -= take;
    at += take;
  }
  if (left != 0 || at != ends_at) return {};
  return out.empty() ? out : fmt::format(" (break {})", out);
}

}  // namespace

std::string format_business_duration(std::int64_t seconds) {
  const char* sign = seconds < 0 ? "-" : "";
  if (seconds < 0) seconds = -seconds;
  const std::int64_t h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60;
  if (s) {
    if (h) return fmt::format("{}{}h{:02}m{:02}s", sign, h, m, s);
    if (m) return fmt::format("{}{}m{:02}s", sign, m, s);
    return fmt::format("{}{}s", sign, s);
  }
  if (h && m) return fmt::format("{}{}h{:02}", sign, h, m);
  if (h) return fmt::format("{}{}h", sign, h);
  return fmt::format("{}{} min", sign, m);
}

std::string render_deadline(const BusinessCalendar& calendar, const DeadlineExplanation& e, std::string_view start) {
  const BusinessCalendar::Local arrived = calendar.local(e.arrived);
  std::string text = fmt::format("{} {} {} {}", start, weekday_name(arrived.day), clock(arrived.second),
                                 calendar.info().zone);
  if (e.holiday_at_arrival)
    text += " (holiday)";
  else if (!e.open_at_arrival)
    text += " (closed)";
  text += "; ";
  if (e.requested == 0) text += "nothing to count";

  // Worked stretches and skipped holidays, merged in date order.
  std::size_t h = 0;
  bool first_item = true;
  auto separate = [&] {
    if (!first_item) text += ", ";
    first_item = false;
  };
  auto holidays_before = [&](std::int64_t day) {
    for (; h < e.holidays_skipped.size() && e.holidays_skipped[h] < day; ++h) {
      if (e.holidays_skipped[h] == arrived.day) continue;  // already said: "(holiday)"
      separate();
      text += fmt::format("holiday {}", date_text(e.holidays_skipped[h]));
    }
  };
  const BusinessCalendar::Local due = calendar.local(e.due);
  for (std::size_t i = 0; i < e.worked.size(); ++i) {
    const WorkedStretch& w = e.worked[i];
    const std::int64_t ends_at = i + 1 == e.worked.size() && due.day == w.last_day ? due.second : -1;
    auto breaks = [&] { return breaks_skipped(calendar.info(), w.first_day, w.from, w.seconds, ends_at); };
    holidays_before(w.first_day);
    separate();
    const std::string amount = format_business_duration(w.seconds);
    if (w.last_day > w.first_day)
      text += fmt::format("{} over {} .. {}", amount, date_text(w.first_day), date_text(w.last_day));
    else if (w.first_day == arrived.day && w.from == arrived.second && i + 1 < e.worked.size())
      text += amount + " left today" + breaks();
    else if (w.first_day == arrived.day)
      text += fmt::format("{} today from {}", amount, clock(w.from)) + breaks();
    else
      text += fmt::format("{} on {} from {}", amount, day_label(w.first_day, arrived.day), clock(w.from)) + breaks();
  }
  text += fmt::format(" -> due {} {} {}", day_label(due.day, arrived.day), clock(due.second), due.abbrev);
  return text;
}

}  // namespace baton
