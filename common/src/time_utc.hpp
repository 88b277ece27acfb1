#pragma once
// The timestamp nearly every record writes, "2026-11-23T10:00:00Z" (years
// 1970-2099): parse_time's first test (time.cpp), so that it pays for none
// of the other forms' set-up. Anything else returns false and the general
// path decides, with the same result for the texts read here
// (tests/unit/record_decoder_test.cpp compares the two on generated and
// damaged timestamps).
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace baton::time_detail {

// Days since 1970-01-01 of each January 1st, 1970-2099 (every year divisible
// by 4 in that range is a leap year).
struct UtcYears {
  std::int32_t first_day[130];
  constexpr UtcYears() : first_day() {
    std::int32_t day = 0;
    for (int i = 0; i < 130; ++i) {
      first_day[i] = day;
      day += (1970 + i) % 4 == 0 ? 366 : 365;
    }
  }
};
inline constexpr UtcYears kUtcYears;
inline constexpr std::uint16_t kUtcDaysBefore[2][12] = {{0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334},
                                                        {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335}};
inline constexpr std::uint8_t kUtcMonthDays[2][12] = {{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
                                                      {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}};

// Little-endian words of the expected text: each byte is what a valid
// timestamp's byte is XORed with, so that a digit becomes its value (0..9)
// and a separator 0; and what is then added, so that bit 7 of a byte is set
// exactly when it is out of range (a digit above 9, a separator not 0).
constexpr std::uint64_t utc_word(const char* pattern, std::size_t n, bool add) {
  std::uint64_t word = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const bool digit = pattern[i] == '9';
    const std::uint64_t byte = add ? (digit ? 0x76 : 0x7F) : digit ? '0' : static_cast<unsigned char>(pattern[i]);
    word |= byte << (8 * i);
  }
  return word;
}

// A date and time of day as written, each field in its own range (the day
// not yet checked against its month).
struct TimeFields {
  unsigned year, month, day, hour, minute, second;
};

// "YYYY-MM-DDTHH:MM:SS", the first 19 bytes of `p` (which has at least 20):
// three loads, digits and separators checked a word at a time.
[[gnu::always_inline]] inline bool read_time_fields(const char* p, TimeFields& f) {
  if constexpr (std::endian::native != std::endian::little) return false;
  std::uint64_t a, b;
  std::uint32_t c32;
  std::memcpy(&a, p, 8);         // "2026-11-"
  std::memcpy(&b, p + 8, 8);     // "23T10:00"
  std::memcpy(&c32, p + 16, 4);  // ":00" and the suffix's first byte
  constexpr std::uint64_t kHigh = 0x8080808080808080;
  a ^= utc_word("9999-99-", 8, false);
  b ^= utc_word("99T99:99", 8, false);
  const std::uint64_t c = (c32 & 0xFFFFFF) ^ utc_word(":99", 3, false);
  // A byte of a, b or c below 0x80 adds without a carry; one from 0x80 up
  // fails by its own bit 7, whatever its carry does to the next byte.
  const std::uint64_t bad = ((a + utc_word("9999-99-", 8, true)) | a) | ((b + utc_word("99T99:99", 8, true)) | b) |
                            ((c + utc_word(":99", 3, true)) | c);
  if (bad & kHigh) return false;
  // Byte i of d * 10 + (d >> 8) is 10 * digit[i] + digit[i + 1] (no carries:
  // every byte is at most 9).
  const std::uint64_t pa = a * 10 + (a >> 8), pb = b * 10 + (b >> 8), pc = c * 10 + (c >> 8);
  auto byte = [](std::uint64_t v, int i) { return static_cast<unsigned>((v >> (8 * i)) & 0xFF); };
  f = {byte(pa, 0) * 100 + byte(pa, 2), byte(pa, 5), byte(pb, 0), byte(pb, 3), byte(pb, 6), byte(pc, 1)};
  // month - 1 and day - 1 wrap for 0, so one compare each.
  return f.month - 1 <= 11 && f.day - 1 <= 30 && f.hour <= 23 && f.minute <= 59 && f.second <= 60;
}

[[gnu::always_inline]] inline bool parse_utc_z(std::string_view text, std::int64_t& out) {
  TimeFields f;
  if (text.size() != 20 || text[19] != 'Z' || !read_time_fields(text.data(), f)) return false;
  const unsigned index = f.year - 1970;  // wraps below 1970
  const bool leap = (f.year & 3) == 0;
  if (index >= 130 || f.day > kUtcMonthDays[leap][f.month - 1]) return false;
  const std::int64_t days = kUtcYears.first_day[index] + kUtcDaysBefore[leap][f.month - 1] + f.day - 1;
  out = days * 86400 + f.hour * 3600 + f.minute * 60 + f.second;
  return true;
}

}  // namespace baton::time_detail
