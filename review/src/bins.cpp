#include "baton/review/bins.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace baton::review {

namespace {
// Keys stay far inside int64: a value beyond this many bins from 0 coarsens
// the bins first (at the start, values beyond 1e15).
constexpr double kMaxKey = 1e17;

// 10^n, correctly rounded (a repeated * 10 or / 10 drifts).
double power_of_ten(int n) {
  char text[8];
  auto end = fmt::format_to(text, "1e{}", n);
  double v = 1;
  std::from_chars(text, end, v);
  return v;
}
}  // namespace

// floor(v * 10^decimals), except that a product within rounding error of an
// integer is that integer (0.29 * 100 is 28.999999999999996).
std::int64_t ValueBins::key_of(double v) const {
  const double x = scaled(v);
  const double r = std::round(x);
  return static_cast<std::int64_t>(std::fabs(x - r) < 1e-6 ? r : std::floor(x));
}

double ValueBins::mean() const {
  if (count_ == 0) return 0;
  const auto n = static_cast<double>(count_);
  // The scaled sum cannot overflow (2^64 values of 2^896 at most) and loses
  // only values below 2^-894, which do not move a sum past the double range.
  return std::isfinite(sum_) ? sum_ / n : small_sum_ / n * 0x1p128;
}

std::uint64_t* ValueBins::add(double v) {
  if (count_ == 0) min_ = max_ = v;
  min_ = std::min(min_, v);
  max_ = std::max(max_, v);
  sum_ += v;
  small_sum_ += v * 0x1p-128;  // exact: a power of two
  ++count_;
  while (std::fabs(scaled(v)) > kMaxKey) coarsen();
  std::int64_t key = key_of(v);
  while (span_ == 0 || key < base_ || key >= base_ + span_) {  // twice at most: cover may coarsen
    cover(key);
    key = key_of(v);
  }
  std::uint64_t* c = counters(key);
  ++c[0];
  return c;
}

namespace {
std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
}  // namespace

void ValueBins::cover(std::int64_t key) {
  if (span_ == 0) {
    base_ = key;
    span_ = 1;
    counts_.assign(columns_, 0);
    return;
  }
  std::int64_t lo = std::min(base_, key), hi = std::max(base_ + span_ - 1, key);
  while (hi - lo + 1 > kMaxBins) {
    coarsen();
    key = floor_div(key, 10);
    lo = std::min(base_, key);
    hi = std::max(base_ + span_ - 1, key);
  }
  if (lo == base_ && hi == base_ + span_ - 1) return;
  // Room to grow on the side that grew, so a slowly widening range is not
  // copied lead after lead.
  std::int64_t slack = std::min<std::int64_t>(hi - lo + 1, kMaxBins - (hi - lo + 1)) / 2;
  if (lo < base_) lo = std::max(lo - slack, hi - kMaxBins + 1);
  else hi = std::min(hi + slack, lo + kMaxBins - 1);
  std::vector<std::uint64_t> grown(static_cast<std::size_t>(hi - lo + 1) * columns_, 0);
  std::copy(counts_.begin(), counts_.end(), grown.begin() + static_cast<std::ptrdiff_t>((base_ - lo) * static_cast<std::int64_t>(columns_)));
  counts_ = std::move(grown);
  base_ = lo;
  span_ = hi - lo + 1;
}

// Bin k of width w holds [k * w, (k + 1) * w): at ten times the width
// it lies in bin floor(k/10).
void ValueBins::coarsen() {
  --decimals_;
  power_ = power_of_ten(decimals_ >= 0 ? decimals_ : -decimals_);
  std::int64_t lo = floor_div(base_, 10), hi = floor_div(base_ + span_ - 1, 10);
  std::vector<std::uint64_t> merged(static_cast<std::size_t>(hi - lo + 1) * columns_, 0);
  for (std::int64_t k = base_; k < base_ + span_; ++k) {
    const std::uint64_t* from = counts_.data() + static_cast<std::size_t>(k - base_) * columns_;
    std::uint64_t* to = merged.data() + static_cast<std::size_t>(floor_div(k, 10) - lo) * columns_;
    for (std::size_t c = 0; c < columns_; ++c) to[c] += from[c];
  }
  counts_ = std::move(merged);
  base_ = lo;
  span_ = hi - lo + 1;
}

double ValueBins::quantile(double q, std::size_t column) const {
  std::uint64_t total = 0;
  for_each([&](double, const std::uint64_t* c) { total += c[column]; });
  if (total == 0) return 0;
  if (q <= 0 && column == 0) return min_;
  auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(total)));
  return ranked(rank == 0 ? 1 : rank, column);
}

double ValueBins::ranked(std::uint64_t rank, std::size_t column) const {
  std::uint64_t seen = 0;
  double found = 0;
  bool done = false;
  for_each([&](double lower, const std::uint64_t* c) {
    if (done) return;
    seen += c[column];
    if (seen >= rank) {
      found = lower;
      done = true;
    }
  });
  return found;
}

// Bins whose lower edge is below k are left out, also the one holding k when
// k is off the grid: its values may be below k.
std::uint64_t ValueBins::at_or_above(double k, std::size_t column) const {
  std::uint64_t total = 0;
  for_each([&](double lower, const std::uint64_t* c) {
    if (lower >= k) total += c[column];
  });
  return total;
}

void ValueBins::for_each(const std::function<void(double, const std::uint64_t*)>& visit) const {
  for (std::int64_t k = base_; k < base_ + span_; ++k) {
    const std::uint64_t* c = counts_.data() + static_cast<std::size_t>(k - base_) * columns_;
    if (c[0]) visit(lower_of(k), c);
  }
}

}  // namespace baton::review
