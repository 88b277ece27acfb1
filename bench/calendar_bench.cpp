// Business time (runtime/include/baton/runtime/calendar.hpp): the cost of
// one deadline, the per-lead work of a business-hours route. Arrival times
// are 4,096 pseudo-random instants over 2026 (weekends, nights, holidays and
// both clock changes included), walked in order so the measurement is not
// one cached case. Target: under 100 ns per deadline.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "baton/common/time.hpp"
#include "baton/runtime/calendar.hpp"

namespace {

using baton::BusinessCalendar;

std::int32_t date_of(int y, unsigned m, unsigned d) {
  return static_cast<std::int32_t>(baton::days_from_civil(y, m, d));
}

// Mon-Fri 09:00-12:00 and 13:00-17:00 with German public holidays.
const BusinessCalendar& emea() {
  static const std::unique_ptr<const BusinessCalendar> calendar = [] {
    baton::CalendarInfo info;
    info.name = "emea";
    info.zone = "Europe/Berlin";
    for (int w = 0; w < 5; ++w) info.week[w] = {{9 * 60, 12 * 60}, {13 * 60, 17 * 60}};
    info.holidays = {date_of(2026, 1, 1),  date_of(2026, 4, 3),   date_of(2026, 4, 6),   date_of(2026, 5, 1),
                     date_of(2026, 5, 14), date_of(2026, 5, 25),  date_of(2026, 10, 3),  date_of(2026, 12, 24),
                     date_of(2026, 12, 25), date_of(2026, 12, 26), date_of(2026, 12, 31), date_of(2027, 1, 1)};
    baton::CalendarError error;
    auto cal = BusinessCalendar::make(info, error);
    if (!cal) std::abort();
    return cal;
  }();
  return *calendar;
}

const std::vector<std::int64_t>& arrivals() {
  static const std::vector<std::int64_t> times = [] {
    std::mt19937_64 rng(1);
    std::vector<std::int64_t> t(4096);
    for (auto& x : t) x = 1767225600 + static_cast<std::int64_t>(rng() % (365 * 86400));  // 2026
    return t;
  }();
  return times;
}

void deadline(benchmark::State& state, std::int64_t seconds) {
  const BusinessCalendar& cal = emea();
  const auto& t = arrivals();
  std::size_t i = 0;
  for (auto _ : state) {
    auto due = cal.add(t[i++ & 4095], seconds);
    benchmark::DoNotOptimize(due);
  }
}

void BM_deadline_4_business_hours(benchmark::State& state) { deadline(state, 4 * 3600); }
void BM_deadline_1_business_day(benchmark::State& state) { deadline(state, 7 * 3600); }
void BM_deadline_5_business_days(benchmark::State& state) { deadline(state, 35 * 3600); }
void BM_deadline_400_business_hours(benchmark::State& state) { deadline(state, 400 * 3600); }

void BM_between_3_days(benchmark::State& state) {
  const BusinessCalendar& cal = emea();
  const auto& t = arrivals();
  std::size_t i = 0;
  for (auto _ : state) {
    const std::int64_t from = t[i++ & 4095];
    auto worked = cal.between(from, from + 3 * 86400);
    benchmark::DoNotOptimize(worked);
  }
}

void BM_is_open(benchmark::State& state) {
  const BusinessCalendar& cal = emea();
  const auto& t = arrivals();
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(cal.is_open(t[i++ & 4095]));
}

void BM_explain_deadline(benchmark::State& state) {
  const BusinessCalendar& cal = emea();
  const auto& t = arrivals();
  std::size_t i = 0;
  for (auto _ : state) {
    auto e = cal.explain_add(t[i++ & 4095], 4 * 3600);
    benchmark::DoNotOptimize(baton::render_deadline(cal, *e));
  }
}

}  // namespace

BENCHMARK(BM_deadline_4_business_hours);
BENCHMARK(BM_deadline_1_business_day);
BENCHMARK(BM_deadline_5_business_days);
BENCHMARK(BM_deadline_400_business_hours);
BENCHMARK(BM_between_3_days);
BENCHMARK(BM_is_open);
BENCHMARK(BM_explain_deadline);
BENCHMARK_MAIN();
