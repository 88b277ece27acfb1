// Event aggregates are syntax compiled to the AGG opcode, not calls. They are
// listed here so `baton stdlib`, docs/stdlib.md and did-you-mean suggestions
// know them; they have no implementation and no fixed signature.
#include "support.hpp"

namespace baton::stdlib {
namespace {

struct AggregateDoc {
  std::string_view name, summary, example;
};

constexpr AggregateDoc kAggregates[] = {
    {"count", "number of matching events (int)", R"(count(page_view where url starts_with "/pricing" within 30d) >= 2)"},
    {"any", "at least one matching event (bool)", "any(demo_request within 30d)"},
    {"all", "every matching event satisfies the filter; true when there are none (bool)",
     R"(all(email_open where campaign == "spring"))"},
    {"none", "no event matches (bool)", "none(email_unsubscribe)"},
    {"sum", "sum of a field over matching events, skipping missing values (same type as the field; missing when it overflows)",
     "sum(download.pages within 90d) >= 50"},
    {"min", "least value of a field; missing when no event has one", "min(webinar.minutes_watched) >= 10"},
    {"max", "greatest value of a field; missing when no event has one", "max(webinar.minutes_watched) >= 30"},
    {"avg", "mean of a numeric field (number); missing when no event has one",
     "avg(webinar.minutes_watched) >= 20"},
    {"distinct", "number of distinct values of a field (int)", "distinct(page_view.url within 30d) >= 5"},
    {"first", "a field of the earliest matching event (`.at` is its time); missing when none",
     "days_since(first(form_submit).at) <= 90"},
    {"last", "a field of the latest matching event; missing when none",
     R"(last(page_view where url contains "pricing").url starts_with "/pricing")"},
    {"streak", "longest run of consecutive days with a matching event (int)", "streak(page_view within 14d) >= 3"},
    {"decayed_count", "matching events weighted by recency: the sum of 0.5^(age / half-life) (number)",
     R"(decayed_count(page_view, 14d where url starts_with "/pricing") >= 2)"},
    {"decayed_sum", "a numeric field summed with the same weights, skipping missing values (number)",
     "decayed_sum(webinar.minutes_watched, 30d within 90d) >= 45"},
    {"distinct_days",
     "number of different calendar days with a matching event: UTC days, or a calendar's local days with "
     "`distinct_days(EVENT, CALENDAR ...)` (int)",
     R"(distinct_days(page_view where url == "/spec" within 30d) >= 2)"},
    {"position",
     "where the earliest matching event comes among the events of a type or group (`among`): 1 + those before it "
     "(int); missing when none",
     R"(position(content_download where asset == "pricing" among touches) <= 3)"},
};

}  // namespace

void register_aggregates(Registry& r) {
  for (const AggregateDoc& doc : kAggregates) {
    r.add({.name = doc.name, .propagate_missing = false, .family = "aggregates", .summary = doc.summary,
           .example = doc.example, .missing = "events whose field is missing are skipped",
           .kind = Kind::aggregate});
  }
}

}  // namespace baton::stdlib
