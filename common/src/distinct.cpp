#include "baton/common/distinct.hpp"

#include <algorithm>

namespace baton {

namespace {

// Up to this many items the pairwise check (at most n²/2 compares of
// lengths, then bytes) costs less than sorting.
constexpr std::size_t kPairwiseMax = 16;

std::size_t pairwise(Value* items, std::size_t count) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view item = items[i].str();
    bool seen = false;
    for (std::size_t j = 0; j < kept && !seen; ++j) seen = items[j].str() == item;
    if (!seen) items[kept++] = items[i];
  }
  return kept;
}

}  // namespace

std::size_t keep_first_occurrences(Value* items, std::size_t count, std::vector<std::uint32_t>& scratch) {
  if (count <= kPairwiseMax) return pairwise(items, count);
  // scratch[0, count): indexes sorted by item, equal items by index, so the
  // first of each run is the first occurrence; scratch[count, 2 count): 1
  // for the index of an item to keep.
  scratch.assign(2 * count, 0);
  for (std::size_t i = 0; i < count; ++i) scratch[i] = static_cast<std::uint32_t>(i);
  std::sort(scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(count),
            [&](std::uint32_t a, std::uint32_t b) {
              const int order = items[a].str().compare(items[b].str());
              return order != 0 ? order < 0 : a < b;
            });
  std::uint32_t* keep = scratch.data() + count;
  for (std::size_t i = 0; i < count; ++i)
    if (i == 0 || items[scratch[i]].str() != items[scratch[i - 1]].str()) keep[scratch[i]] = 1;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < count; ++i)
    if (keep[i]) items[kept++] = items[i];
  return kept;
}

void keep_first_occurrences(std::vector<std::string>& items) {
  std::vector<Value> views;
  views.reserve(items.size());
  for (const std::string& item : items) views.push_back(Value::of_string(item));
  std::vector<std::uint32_t> scratch;
  const std::size_t kept = keep_first_occurrences(views.data(), views.size(), scratch);
  if (kept == items.size()) return;
  std::vector<std::string> distinct;
  distinct.reserve(kept);
  for (std::size_t i = 0; i < kept; ++i) distinct.emplace_back(views[i].str());
  items = std::move(distinct);
}

}  // namespace baton
