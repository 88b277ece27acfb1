#pragma once
// Helpers shared by the stdlib families: arena-backed results and UTF-8 text
// handling. Internal to stdlib/src; not part of the public interface.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <span>
#include <string_view>

#include "baton/common/arena.hpp"
#include "baton/common/value.hpp"
#include "baton/stdlib/registry.hpp"

namespace baton::stdlib::detail {

// The arena hands out unaligned bytes; list results need Values, so round
// the pointer up to Value's alignment inside a slightly larger block.
inline Value* allocate_values(Arena& arena, std::size_t count) {
  if (count == 0) return nullptr;
  char* raw = arena.allocate(count * sizeof(Value) + alignof(Value) - 1);
  auto address = reinterpret_cast<std::uintptr_t>(raw);
  address = (address + alignof(Value) - 1) & ~(std::uintptr_t{alignof(Value)} - 1);
  auto* values = reinterpret_cast<Value*>(address);
  for (std::size_t i = 0; i < count; ++i) ::new (static_cast<void*>(values + i)) Value{};
  return values;
}

inline Value string_value(std::string_view text) { return Value::of_string(text); }

inline std::span<const Value> items_of(const Value& v) { return {v.items, v.len}; }

constexpr bool is_ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr char ascii_lower(char c) { return is_ascii_upper(c) ? static_cast<char>(c + 32) : c; }
constexpr char ascii_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }

// What lower-casing has to do with a text: nothing (ASCII without capitals:
// the commonest, emails and URLs), map ASCII bytes, or map code points.
// Eight bytes at a time: this runs on every lead's email and title.
enum class CaseWork : std::uint8_t { none, ascii, unicode };
inline CaseWork lower_case_work(std::string_view text) {
  constexpr std::uint64_t kOnes = 0x0101010101010101, kHigh = 0x8080808080808080;
  std::uint64_t upper = 0;
  std::size_t i = 0;
  auto add = [&](std::uint64_t w) -> bool {
    if (w & kHigh) return false;
    // Per byte (all < 0x80 here): the high bit of b + (0x80 - 'A') is set
    // when b >= 'A', that of b + (0x80 - 'Z' - 1) when b > 'Z'.
    upper |= (w + (0x80 - 'A') * kOnes) & ~(w + (0x80 - 'Z' - 1) * kOnes) & kHigh;
    return true;
  };
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    if (!add(w)) return CaseWork::unicode;
  }
  if (i < text.size()) {
    std::uint64_t w = 0;  // the tail, zero-padded (zero bytes are neither)
    std::memcpy(&w, text.data() + i, text.size() - i);
    if (!add(w)) return CaseWork::unicode;
  }
  return upper ? CaseWork::ascii : CaseWork::none;
}

inline bool is_ascii(std::string_view text) { return lower_case_work(text) != CaseWork::unicode; }

// The last `c` in text, or null: memrchr (glibc, vectorised) rather than
// string_view::rfind's byte loop; every email passes through it, often twice.
inline const char* last_of(std::string_view text, char c) {
  return text.empty() ? nullptr : static_cast<const char*>(memrchr(text.data(), c, text.size()));
}

// ASCII case-insensitive equality: domains and URL parts are compared this
// way (internationalised domains arrive lower-cased or in punycode).
inline bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

// Unicode simple (one-to-one, locale-independent) case mapping into the
// arena. Returns `text` itself when nothing changes, so the common case of
// already-lower-case input costs no copy. Invalid UTF-8 bytes pass through.
std::string_view to_lower(Arena& arena, std::string_view text);
std::string_view to_upper(Arena& arena, std::string_view text);

// Number of code points (every byte that is not a UTF-8 continuation byte).
std::size_t code_point_count(std::string_view text);

std::size_t decode_non_ascii(std::string_view text, std::size_t pos, std::int32_t& code_point);
bool is_non_ascii_letter_or_digit(std::int32_t code_point);
bool is_space(std::int32_t code_point);

// Decodes one code point at text[pos]; returns its byte length (>= 1) and
// stores the code point, or -1 for an invalid byte (length 1). The ASCII
// case is inline because the scanning loops (words, trim) run it per byte.
inline std::size_t decode_at(std::string_view text, std::size_t pos, std::int32_t& code_point) {
  auto byte = static_cast<unsigned char>(text[pos]);
  if (byte < 0x80) {
    code_point = byte;
    return 1;
  }
  return decode_non_ascii(text, pos, code_point);
}

// Letters (L*), decimal digits (Nd) and combining marks (Mn, Mc).
inline bool is_letter_or_digit(std::int32_t cp) {
  if (cp >= 0 && cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  return is_non_ascii_letter_or_digit(cp);
}

}  // namespace baton::stdlib::detail
