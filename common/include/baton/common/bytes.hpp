#pragma once
// Equality of short byte runs without a call to memcmp. The strings baton
// compares on hot paths (JSON keys while decoding, URL prefixes and kinds in
// rules) are mostly under 16 bytes, where a libc call costs more than the
// compare itself: two possibly overlapping word loads per side do it.
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace baton {

template <typename Word>
inline Word load_word(const char* p) {
  Word w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// The first and the last sizeof(Word) bytes of two runs of n bytes, Word <= n <= 2 * Word.
template <typename Word>
inline bool same_ends(const char* a, const char* b, std::size_t n) {
  return load_word<Word>(a) == load_word<Word>(b) &&
         load_word<Word>(a + n - sizeof(Word)) == load_word<Word>(b + n - sizeof(Word));
}

[[gnu::always_inline]] inline bool bytes_equal(const char* a, const char* b, std::size_t n) {
  if (n > 16) {
    for (; n > 8; a += 8, b += 8, n -= 8)
      if (load_word<std::uint64_t>(a) != load_word<std::uint64_t>(b)) return false;
    return load_word<std::uint64_t>(a + n - 8) == load_word<std::uint64_t>(b + n - 8);  // the last 8, overlapping
  }
  if (n >= 8) return same_ends<std::uint64_t>(a, b, n);
  if (n >= 4) return same_ends<std::uint32_t>(a, b, n);
  if (n >= 2) return same_ends<std::uint16_t>(a, b, n);
  return n == 0 || *a == *b;
}

}  // namespace baton
