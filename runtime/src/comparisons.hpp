#pragma once
// The two-operand tests, in one place: the VM's switch and the leaf tests of
// native `where` filters (filter_table.hpp) expand the same list, so the two
// can never disagree. `b` and `c` are the operand Values; a missing operand
// makes any of these false (the callers check that first).
#include <cstdint>
#include <cstring>
#include <string_view>

#include "baton/common/bytes.hpp"
#include "baton/common/value.hpp"

namespace baton {

inline bool str_eq(const Value& a, const Value& b) { return a.len == b.len && bytes_equal(a.s, b.s, a.len); }
inline bool str_starts_with(const Value& a, const Value& b) { return a.len >= b.len && bytes_equal(a.s, b.s, b.len); }
inline bool str_ends_with(const Value& a, const Value& b) {
  return a.len >= b.len && bytes_equal(a.s + (a.len - b.len), b.s, b.len);
}

#define BATON_COMPARISONS(X)                                       \
  X(eq_int, b.i == c.i)                                            \
  X(ne_int, b.i != c.i)                                            \
  X(lt_int, b.i < c.i)                                             \
  X(le_int, b.i <= c.i)                                            \
  X(eq_num, b.n == c.n)                                            \
  X(ne_num, b.n != c.n)                                            \
  X(lt_num, b.n < c.n)                                             \
  X(le_num, b.n <= c.n)                                            \
  X(eq_str, str_eq(b, c))                                          \
  X(ne_str, !str_eq(b, c))                                         \
  X(eq_bool, b.b == c.b)                                           \
  X(ne_bool, b.b != c.b)                                           \
  X(starts_with, str_starts_with(b, c))                            \
  X(ends_with, str_ends_with(b, c))                                \
  X(contains, b.str().find(c.str()) != std::string_view::npos)

// `b in c` for a list or set Value c (in_items).
inline bool in_items(const Value& b, const Value& c) {
  for (std::uint32_t i = 0; i < c.len; ++i)
    if (str_eq(c.items[i], b)) return true;
  return false;
}

}  // namespace baton
