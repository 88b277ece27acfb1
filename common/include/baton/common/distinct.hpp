#pragma once
// A set<string> holds each string once. Wherever a set value is made (a
// record's array or CSV cell, a literal, a default), later repeats of an item
// are dropped and the first occurrence keeps its place, so a set keeps the
// order its items were first given in. Lists keep every item.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "baton/common/value.hpp"

namespace baton {

// Drops the repeats among the string Values items[0, count) in place and
// returns how many are kept. Short sets (the usual handful of interests or
// tags) are checked pairwise with no allocation; longer ones sort indexes in
// `scratch`, which the caller keeps between calls, so a long array costs
// n log n and not n².
std::size_t keep_first_occurrences(Value* items, std::size_t count, std::vector<std::uint32_t>& scratch);

// The same for a literal's items (compiling, loading a program).
void keep_first_occurrences(std::vector<std::string>& items);

}  // namespace baton
