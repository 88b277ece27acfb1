#pragma once
// ValueBins: the distribution of one number over many leads in bounded
// memory. Values are counted in bins of a fixed resolution (0.01 to start),
// kept in one array indexed by bin (no hashing on the per-lead path); when
// the values span more than kMaxBins bins the resolution coarsens tenfold and
// the bins merge, so memory depends on the spread of the values, never on
// the number of leads. Each bin holds `columns` counters: column 0
// counts the leads, the others are the caller's (e.g. leads that converted).
// Any finite value is counted in its own place: a value too large for the
// bins' keys at the current resolution coarsens them first (1e308 and
// -1e308 in one set leave bins 1e304 wide), never clamps.
//
// Queries answer at the bin resolution: a value of a given rank is the lower
// edge of the bin holding it (the value itself when it lies on the grid), and
// counts "at or above K" are exact when K lies on the resolution grid (every
// threshold written with two decimals or fewer).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace baton::review {

class ValueBins {
 public:
  static constexpr std::int64_t kMaxBins = 32768;

  explicit ValueBins(std::size_t columns = 1) : columns_(columns) {}

  // Counts one lead with value `v` in column 0 and returns its bin's counters
  // (valid until the next add) for the caller's other columns.
  std::uint64_t* add(double v);

  std::size_t columns() const { return columns_; }
  std::uint64_t count() const { return count_; }
  double min() const { return min_; }
  double max() const { return max_; }
  double mean() const;
  // The width of a bin: 10^-decimals.
  double resolution() const { return decimals_ >= 0 ? 1 / power_ : power_; }

  // Lower edge of the bin holding the value of rank ceil(q * count) (q in
  // [0, 1]; nearest rank); min() for q == 0. 0 when empty. A value on the
  // grid, as band edges must be (distribution_of interpolates instead).
  double quantile(double q, std::size_t column = 0) const;
  // Lower edge of the bin holding the value of rank `rank` (1: the smallest)
  // in a column; 0 when the column counts fewer values.
  double ranked(std::uint64_t rank, std::size_t column = 0) const;
  // Sum of a column over the bins whose lower edge is >= k.
  std::uint64_t at_or_above(double k, std::size_t column) const;
  // The bins in increasing order: lower edge and counters.
  void for_each(const std::function<void(double lower, const std::uint64_t* counters)>& visit) const;

 private:
  // v * 10^decimals: dividing by the exact power of ten, not multiplying by
  // its inexact inverse, so a lower edge of 30 reads 30, not 29.999999999999996.
  double scaled(double v) const { return decimals_ >= 0 ? v * power_ : v / power_; }
  std::int64_t key_of(double v) const;
  double lower_of(std::int64_t key) const {
    return decimals_ >= 0 ? static_cast<double>(key) / power_ : static_cast<double>(key) * power_;
  }
  void cover(std::int64_t key);  // grows the array (or coarsens) so that it holds `key`
  void coarsen();
  std::uint64_t* counters(std::int64_t key) { return counts_.data() + static_cast<std::size_t>(key - base_) * columns_; }

  std::size_t columns_;
  int decimals_ = 2;       // bins are 10^-decimals_ wide
  double power_ = 100;     // 10^|decimals_|
  std::int64_t base_ = 0;  // the key of the first bin
  std::int64_t span_ = 0;  // bins in the array
  std::vector<std::uint64_t> counts_;  // span_ * columns_
  std::uint64_t count_ = 0;
  double sum_ = 0, min_ = 0, max_ = 0;
  double small_sum_ = 0;  // the sum of v * 2^-128: the mean when sum_ overflows (1e308 + 1e308)
};

}  // namespace baton::review
