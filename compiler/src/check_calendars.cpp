// Business calendars: holiday lists (which may include each other), each
// calendar's weekly hours and holidays resolved into a CalendarInfo, and the
// runtime's own validation (BusinessCalendar::make) turned into caret
// diagnostics at the interval, zone or name it is about. Also the one
// business-time function, business_hours_since(TIME, CALENDAR), whose second
// argument names a calendar rather than a value.
#include <algorithm>
#include <string>
#include <vector>

#include "baton/common/zone.hpp"
#include "checker.hpp"

namespace baton::checker {

// A date, or every date of a named list (lists may include lists; a list
// that includes itself, directly or not, is reported once).
void Checker::resolve_holidays(const ast::HolidayItem& item, std::vector<std::int32_t>& days,
                               std::vector<int>& visiting) {
  if (item.is_date) {
    if (!item.valid)
      error("E0324", item.span, {"write a real date: 2026-12-25"}, "{} is not a date", item.text);
    else
      days.push_back(item.day);
    return;
  }
  auto found = holidays_index_.find(item.text);
  if (found == holidays_index_.end()) {
    std::vector<std::string> names;
    for (auto* h : result_.holiday_lists) names.push_back(h->name);
    std::string hint = did_you_mean(item.text, names);
    error("E0323", item.span,
          hint.empty() ? std::vector<std::string>{"declare it: holidays NAME { 2026-12-25, 2026-12-26 }"}
                       : std::vector{hint},
          "unknown holiday list `{}`", item.text);
    return;
  }
  if (std::find(visiting.begin(), visiting.end(), found->second) != visiting.end()) {
    error("E0323", item.span, {}, "holiday list `{}` includes itself", item.text);
    return;
  }
  visiting.push_back(found->second);
  for (const auto& inner : result_.holiday_lists[found->second]->items) resolve_holidays(inner, days, visiting);
  visiting.pop_back();
}

void Checker::check_calendars() {
  // Each list once on its own, so a bad date or name is reported where it is written.
  for (std::size_t i = 0; i < result_.holiday_lists.size(); ++i) {
    std::vector<std::int32_t> days;
    std::vector<int> visiting{static_cast<int>(i)};
    const std::size_t before = out_.size();
    for (const auto& item : result_.holiday_lists[i]->items) resolve_holidays(item, days, visiting);
    out_.resize(std::min(out_.size(), before + 20));  // a pasted list of bad dates: the first ones suffice
  }
  for (const ast::CalendarDecl* decl : result_.calendars) {
    CalendarInfo info;
    info.name = decl->name;
    info.zone = decl->zone;
    std::array<std::vector<SourceSpan>, 7> spans;
    const std::size_t errors_before = out_.size();
    for (const auto& line : decl->lines) {
      if (line.is_holidays) {
        std::vector<int> visiting;
        for (const auto& item : line.holidays) {
          // Lists were checked above; only report what is written here.
          std::vector<std::int32_t> days;
          const std::size_t before = out_.size();
          resolve_holidays(item, days, visiting);
          if (!item.is_date && holidays_index_.count(item.text)) out_.resize(before);  // reported with the list
          info.holidays.insert(info.holidays.end(), days.begin(), days.end());
        }
        continue;
      }
      if (line.first_day > line.last_day) {
        error("E0321", line.days_span, {"write the days in week order, Monday first: mon-fri, sat-sun"},
              "the day range runs backwards");
        continue;
      }
      for (int d = line.first_day; d <= line.last_day; ++d)
        for (std::size_t k = 0; k < line.intervals.size(); ++k) {
          info.week[d].push_back({line.intervals[k].first, line.intervals[k].second});
          spans[d].push_back(line.interval_spans[k]);
        }
    }
    // Lines may come in any order (mon-fri mornings, then mon afternoons): sort each day.
    for (int d = 0; d < 7; ++d) {
      std::vector<std::size_t> order(info.week[d].size());
      for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t a, std::size_t b) { return info.week[d][a].start < info.week[d][b].start; });
      std::vector<WorkInterval> sorted;
      std::vector<SourceSpan> sorted_spans;
      for (std::size_t k : order) {
        sorted.push_back(info.week[d][k]);
        sorted_spans.push_back(spans[d][k]);
      }
      info.week[d] = std::move(sorted);
      spans[d] = std::move(sorted_spans);
    }
    if (out_.size() == errors_before) {
      CalendarError problem;
      if (!BusinessCalendar::make(info, problem)) {
        using Kind = CalendarError::Kind;
        switch (problem.kind) {
          case Kind::unknown_zone: {
            std::vector<std::string> help;
            if (const std::string_view why = not_a_zone(decl->zone); !why.empty()) help.emplace_back(why);
            help.emplace_back("time zones are IANA names: \"Europe/Berlin\", \"America/New_York\", \"Asia/Tokyo\"");
            error("E0320", decl->zone_span, std::move(help), "unknown time zone \"{}\"", decl->zone);
            break;
          }
          case Kind::no_hours:
            error("E0322", decl->name_span, {"give at least one day working hours, e.g. mon-fri 09:00-17:00"},
                  "calendar `{}` has no working hours: no deadline could ever fall due", decl->name);
            break;
          case Kind::bad_interval:
            error("E0321", spans[problem.weekday][problem.interval],
                  {"a night shift is two intervals: mon-fri 22:00-24:00, tue-sat 00:00-06:00"}, "{}", problem.message);
            break;
          case Kind::unsorted:
            error("E0321", spans[problem.weekday][problem.interval],
                  {"list a day's intervals from morning to evening: 09:00-12:30, 13:30-18:00"}, "{}", problem.message);
            break;
          case Kind::overlap:
            error("E0321", spans[problem.weekday][problem.interval],
                  {"a day's working hours must not overlap; end before the next one starts"}, "{}",
                  problem.message);
            break;
          case Kind::bad_holiday:
            error("E0324", decl->name_span, {}, "{}", problem.message);
            break;
        }
      }
    }
    result_.calendar_infos.push_back(std::move(info));
  }
}

// business_hours_since(TIME, CALENDAR): working hours from TIME to the
// evaluation time on the calendar. The calendar is a name, not a value.
Type Checker::business_call(ast::Expr& e, const Scope& scope) {
  if (e.args.size() != 2) {
    error("E0202", e.span, {"write business_hours_since(handed_off_at, emea): a time, then a calendar's name"},
          "`business_hours_since` takes a time and a calendar");
    return Type::invalid;
  }
  Type t = expr(*e.args[0], scope);
  if (t != Type::invalid && t != Type::time)
    error("E0202", e.args[0]->span, {"expected business_hours_since(time, CALENDAR) -> number"},
          "`business_hours_since` counts from a time, not {}", type_name(t));
  ast::Expr& cal = *e.args[1];
  if (cal.kind == ast::ExprKind::name && !calendar_index_.count(cal.text)) {
    calendar_ref(cal.text, cal.span);  // unknown calendar `apac`, as after `on`
    return Type::invalid;
  }
  auto found = calendar_index_.find(cal.text);
  if (cal.kind == ast::ExprKind::string_lit && found != calendar_index_.end()) {
    // "emea" in quotes: the calendar is meant, written as a text.
    error("E0323", cal.span, {fmt::format("a calendar is named without quotes: write {}", cal.text)},
          "the second argument of `business_hours_since` must be a calendar's name, not a text");
    return Type::invalid;
  }
  if (cal.kind != ast::ExprKind::name || found == calendar_index_.end()) {
    error("E0323", cal.span, {"write business_hours_since(handed_off_at, emea): a time, then a calendar's name"},
          "the second argument of `business_hours_since` must be a calendar's name");
    return Type::invalid;
  }
  e.calendar = found->second;
  return Type::number;
}

}  // namespace baton::checker
