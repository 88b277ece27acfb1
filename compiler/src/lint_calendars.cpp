// L0901-L0903: business calendars. A calendar or holiday list nothing uses
// is usually a route that forgot its `on NAME`; a holiday dated in a year
// the SLA never mentions is usually a typo (2025-12-25 in a 2026 list).
//
// "The years the SLA mentions": a four-digit year in the holiday list's own
// name (`us_2026`) when it has one; otherwise the years of the version
// ("2026.11.3"), of every other time literal in the file, and of the other
// holidays around it, so a list spanning a year end is fine.
#include <set>

#include "baton/common/time.hpp"
#include "lint_internal.hpp"

namespace baton::linter {

namespace {

using ast::Expr;
using ast::ExprKind;

int year_of_day(std::int32_t day) {
  std::int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(day, y, m, d);
  return static_cast<int>(y);
}

// A year written as four digits in a name or version (1900-2199), or 0.
int year_in(std::string_view text) {
  for (std::size_t i = 0; i + 4 <= text.size(); ++i) {
    auto digit = [&](std::size_t k) { return k < text.size() && text[k] >= '0' && text[k] <= '9'; };
    if ((i > 0 && digit(i - 1)) || digit(i + 4)) continue;
    if (!(digit(i) && digit(i + 1) && digit(i + 2) && digit(i + 3))) continue;
    int y = std::stoi(std::string(text.substr(i, 4)));
    if (y >= 1900 && y < 2200) return y;
  }
  return 0;
}

void time_years(const Expr& e, std::set<int>& years) {
  walk(e, [&](const Expr& x) {
    if (x.kind == ExprKind::time_lit) years.insert(year_of_day(static_cast<std::int32_t>(x.int_value / 86400)));
  });
}

}  // namespace

void check_calendars(Context& ctx) {
  const auto& c = ctx.checked;
  if (c.calendars.empty() && c.holiday_lists.empty()) return;

  // Uses: calendars by routes, escalations and business_hours_since; holiday
  // lists by calendars and other lists.
  std::vector<bool> calendar_used(c.calendars.size()), list_used(c.holiday_lists.size());
  auto use_calendar = [&](int k) {
    if (k >= 0 && static_cast<std::size_t>(k) < calendar_used.size()) calendar_used[static_cast<std::size_t>(k)] = true;
  };
  for (int k : c.route_calendar) use_calendar(k);
  for (const auto& steps : c.escalation_calendar)
    for (int k : steps) use_calendar(k);
  auto calls = [&](const Expr& e) {
    walk(e, [&](const Expr& x) {
      if (x.kind == ExprKind::call) use_calendar(x.calendar);
    });
  };
  for (auto* let : c.lets) calls(*let->value);
  for (auto* t : c.tests)
    for (auto& e : t->expects) calls(*e);
  if (c.stages)
    for (auto& arm : c.stages->arms)
      if (arm.condition) calls(*arm.condition);
  auto use_list = [&](const ast::HolidayItem& item) {
    if (item.is_date) return;
    for (std::size_t i = 0; i < c.holiday_lists.size(); ++i)
      if (c.holiday_lists[i]->name == item.text) list_used[i] = true;
  };
  for (auto* cal : c.calendars)
    for (auto& line : cal->lines)
      for (auto& item : line.holidays) use_list(item);
  for (auto* list : c.holiday_lists)
    for (auto& item : list->items) use_list(item);

  for (std::size_t i = 0; i < c.calendars.size(); ++i)
    if (!calendar_used[i])
      ctx.report("L0901", c.calendars[i]->name_span,
                 {fmt::format("count a route's deadline on it: `within 4h on {}`", c.calendars[i]->name)},
                 "calendar `{}` is never used", c.calendars[i]->name);
  for (std::size_t i = 0; i < c.holiday_lists.size(); ++i)
    if (!list_used[i])
      ctx.report("L0902", c.holiday_lists[i]->name_span,
                 {fmt::format("add it to a calendar: `holidays {}`", c.holiday_lists[i]->name)},
                 "holiday list `{}` is never used", c.holiday_lists[i]->name);

  // The years the rest of the SLA mentions.
  std::set<int> mentioned;
  if (int y = year_in(ctx.file.version)) mentioned.insert(y);
  for (auto* t : c.tests) {
    if (t->as_of) time_years(*t->as_of, mentioned);
    for (auto& f : t->lead) time_years(*f.value, mentioned);
    for (auto& ev : t->events) {
      time_years(*ev.at, mentioned);
      for (auto& f : ev.fields) time_years(*f.value, mentioned);
    }
    for (auto& e : t->expects) time_years(*e, mentioned);
  }
  for (auto* k : c.consts) time_years(*k->value, mentioned);
  for (auto* l : c.lets) time_years(*l->value, mentioned);
  auto check_dates = [&](const std::vector<ast::HolidayItem>& items, int named_year, std::string_view where) {
    for (const auto& item : items) {
      if (!item.is_date || !item.valid) continue;
      const int y = year_of_day(item.day);
      if (named_year ? y == named_year : (mentioned.empty() || mentioned.count(y) || mentioned.count(y - 1) || mentioned.count(y + 1)))
        continue;
      if (named_year)
        ctx.report("L0903", item.span, {"a typo in the year? the list's name says which year it is for"},
                   "holiday {} is not in {}, the year of {}", item.text, named_year, where);
      else
        ctx.report("L0903", item.span, {"a typo in the year? no other date in the SLA is near it"},
                   "holiday {} is in a year the SLA does not mention", item.text);
    }
  };
  for (auto* list : c.holiday_lists)
    check_dates(list->items, year_in(list->name), fmt::format("`{}`", list->name));
  for (auto* cal : c.calendars)
    for (auto& line : cal->lines) check_dates(line.holidays, 0, "");
}

}  // namespace baton::linter
