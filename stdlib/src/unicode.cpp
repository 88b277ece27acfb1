// UTF-8 helpers over utf8proc. Case mapping has an ASCII fast path because
// most lead data (emails, URLs, English titles) is ASCII, and utf8proc's
// per-code-point table lookups are several times slower than a byte test.
#include <utf8proc.h>

#include "support.hpp"

namespace baton::stdlib::detail {
namespace {

using MapFn = utf8proc_int32_t (*)(utf8proc_int32_t);

template <char (*AsciiMap)(char)>
std::string_view map_ascii(Arena& arena, std::string_view text) {
  std::size_t first = 0;
  while (first < text.size() && AsciiMap(text[first]) == text[first]) ++first;
  if (first == text.size()) return text;
  char* out = arena.allocate(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) out[i] = AsciiMap(text[i]);
  return {out, text.size()};
}

std::string_view map_unicode(Arena& arena, std::string_view text, MapFn map) {
  // A simple case mapping changes a code point's UTF-8 length by at most one
  // byte (2 -> 3 for a few Latin letters), so twice the input always fits.
  char* out = arena.allocate(text.size() * 2);
  std::size_t written = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    std::int32_t cp = 0;
    std::size_t n = decode_at(text, pos, cp);
    if (cp < 0) {
      out[written++] = text[pos];
    } else {
      written += static_cast<std::size_t>(
          utf8proc_encode_char(map(cp), reinterpret_cast<utf8proc_uint8_t*>(out + written)));
    }
    pos += n;
  }
  return {out, written};
}

}  // namespace

std::size_t decode_non_ascii(std::string_view text, std::size_t pos, std::int32_t& code_point) {
  utf8proc_int32_t cp = -1;
  auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                            static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
  if (n <= 0) {
    code_point = -1;
    return 1;
  }
  code_point = cp;
  return static_cast<std::size_t>(n);
}

std::string_view to_lower(Arena& arena, std::string_view text) {
  switch (lower_case_work(text)) {
    case CaseWork::none: return text;
    case CaseWork::ascii: return map_ascii<ascii_lower>(arena, text);
    default: return map_unicode(arena, text, utf8proc_tolower);
  }
}

// Unicode's simple upper-case mapping leaves ß alone; some utf8proc versions
// map it to ẞ (U+1E9E). Pin the standard mapping so results do not depend on
// the library version a machine happens to have.
static utf8proc_int32_t standard_toupper(utf8proc_int32_t cp) { return cp == 0xDF ? cp : utf8proc_toupper(cp); }

std::string_view to_upper(Arena& arena, std::string_view text) {
  if (is_ascii(text)) return map_ascii<ascii_upper>(arena, text);
  return map_unicode(arena, text, standard_toupper);
}

std::size_t code_point_count(std::string_view text) {
  std::size_t count = 0;
  for (char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  return count;
}

bool is_non_ascii_letter_or_digit(std::int32_t cp) {
  if (cp < 0x80) return false;  // invalid bytes (-1); ASCII is handled inline
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:  // combining accents belong to their letter
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ND:
      return true;
    default:
      return false;
  }
}

bool is_space(std::int32_t cp) {
  if (cp < 0x80) return cp == ' ' || (cp >= '\t' && cp <= '\r');
  if (cp < 0) return false;
  if (cp == 0x85) return true;  // NEXT LINE
  auto category = utf8proc_category(cp);
  return category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL ||
         category == UTF8PROC_CATEGORY_ZP;
}

}  // namespace baton::stdlib::detail
