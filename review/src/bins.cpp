#include "baton/review/bins.hpp"

#include <algorithm>
#include <cmath>

namespace baton::review {

// floor(v * scale), except that a product within rounding error of an
// integer is that integer (0.29 * 100 is 28.999999999999996).
std::int64_t ValueBins::key_of(double v) const {
  double x = v * scale_;
  double r = std::round(x);
  return static_cast<std::int64_t>(std::fabs(x - r) < 1e-6 ? r : std::floor(x));
}

std::uint64_t* ValueBins::add(double v) {
  if (count_ == 0) min_ = max_ = v;
  min_ = std::min(min_, v);
  max_ = std::max(max_, v);
  sum_ += v;
  ++count_;
  auto [it, inserted] = bins_.try_emplace(key_of(v));
  if (inserted) {
    it->second.assign(columns_, 0);
    if (bins_.size() > kMaxBins) {
      coarsen();
      it = bins_.find(key_of(v));
    }
  }
  ++it->second[0];
  return it->second.data();
}

void ValueBins::coarsen() {
  while (bins_.size() > kMaxBins) {
    double old_scale = scale_;
    scale_ /= 10;
    std::unordered_map<std::int64_t, std::vector<std::uint64_t>> merged;
    for (auto& [key, counters] : bins_) {
      // The bin's lower edge at the old resolution, binned at the new one.
      auto [it, inserted] = merged.try_emplace(key_of(static_cast<double>(key) / old_scale), std::move(counters));
      if (!inserted)
        for (std::size_t c = 0; c < columns_; ++c) it->second[c] += counters[c];
    }
    bins_ = std::move(merged);
  }
}

std::vector<std::pair<std::int64_t, const std::uint64_t*>> ValueBins::sorted() const {
  std::vector<std::pair<std::int64_t, const std::uint64_t*>> out;
  out.reserve(bins_.size());
  for (const auto& [key, counters] : bins_) out.emplace_back(key, counters.data());
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

double ValueBins::quantile(double q, std::size_t column) const {
  auto bins = sorted();
  std::uint64_t total = 0;
  for (const auto& [key, counters] : bins) total += counters[column];
  if (total == 0) return 0;
  if (q <= 0 && column == 0) return min_;
  auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(total)));
  if (rank == 0) rank = 1;
  std::uint64_t seen = 0;
  for (const auto& [key, counters] : bins) {
    seen += counters[column];
    if (seen >= rank) return lower_of(key);
  }
  return lower_of(bins.back().first);
}

// Bins whose lower edge is below k are left out, also the one holding k when
// k is off the grid: its values may be below k.
std::uint64_t ValueBins::at_or_above(double k, std::size_t column) const {
  std::uint64_t total = 0;
  for (const auto& [key, counters] : bins_)
    if (lower_of(key) >= k) total += counters[column];
  return total;
}

void ValueBins::for_each(const std::function<void(double, const std::uint64_t*)>& visit) const {
  for (const auto& [key, counters] : sorted()) visit(lower_of(key), counters);
}

}  // namespace baton::review
