// Names are ASCII letters, digits and `_` (docs/language.md); a name with an
// accented letter gets a message saying so and, for the common Latin letters,
// the name spelt in ASCII.
#include "non_ascii_name.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace baton {
namespace {

struct CodePoint {
  char32_t value;
  std::uint32_t size;
};

// The code point of the (valid: the file was checked) UTF-8 sequence at `i`.
std::optional<CodePoint> decode(std::string_view t, std::uint32_t i) {
  const auto b = static_cast<unsigned char>(t[i]);
  std::uint32_t size = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
  if (size == 0 || i + size > t.size()) return std::nullopt;
  char32_t value = b & (0x7F >> size);
  for (std::uint32_t k = 1; k < size; ++k) value = (value << 6) | (static_cast<unsigned char>(t[i + k]) & 0x3F);
  return CodePoint{value, size};
}

// Latin (with accents), Greek and Cyrillic letters: what a name in another
// language is written with. Punctuation such as curly quotes is not.
bool is_letter(char32_t c) {
  return (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x370 && c <= 0x52F);
}

// The ASCII spelling of the Latin-1 letters; empty when there is none here.
std::string_view ascii_for(char32_t c) {
  switch (c) {
    case U'ä': return "ae"; case U'ö': return "oe"; case U'ü': return "ue"; case U'ß': return "ss";
    case U'Ä': return "Ae"; case U'Ö': return "Oe"; case U'Ü': return "Ue";
    case U'à': case U'á': case U'â': case U'ã': case U'å': return "a";
    case U'À': case U'Á': case U'Â': case U'Ã': case U'Å': return "A";
    case U'æ': return "ae"; case U'Æ': return "Ae"; case U'ç': return "c"; case U'Ç': return "C";
    case U'è': case U'é': case U'ê': case U'ë': return "e";
    case U'È': case U'É': case U'Ê': case U'Ë': return "E";
    case U'ì': case U'í': case U'î': case U'ï': return "i";
    case U'Ì': case U'Í': case U'Î': case U'Ï': return "I";
    case U'ñ': return "n"; case U'Ñ': return "N";
    case U'ò': case U'ó': case U'ô': case U'õ': case U'ø': return "o";
    case U'Ò': case U'Ó': case U'Ô': case U'Õ': case U'Ø': return "O";
    case U'ù': case U'ú': case U'û': return "u"; case U'Ù': case U'Ú': case U'Û': return "U";
    case U'ý': case U'ÿ': return "y"; case U'Ý': return "Y";
    default: return {};
  }
}

bool is_ascii_ident(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

bool non_ascii_name(const SourceFile& file, Diagnostic& d) {
  const std::string_view t = file.text();
  const std::uint32_t at = d.span.begin;
  if (at >= t.size()) return false;
  const auto first = decode(t, at);
  if (!first || !is_letter(first->value)) return false;
  // The whole word: ASCII name characters and letters on either side.
  std::uint32_t begin = at;
  while (begin > 0 && is_ascii_ident(t[begin - 1])) --begin;
  std::string ascii(t.substr(begin, at - begin));
  bool spelt = true;
  std::uint32_t end = at;
  while (end < t.size()) {
    if (is_ascii_ident(t[end])) {
      ascii += t[end++];
    } else if (auto c = decode(t, end); c && is_letter(c->value)) {
      const std::string_view a = ascii_for(c->value);
      spelt = spelt && !a.empty();
      ascii += a;
      end += c->size;
    } else {
      break;
    }
  }
  d.code = "E0023";
  d.span = {at, at + first->size};
  d.message = fmt::format("`{}` is not a valid name: names are ASCII letters, digits and `_`", t.substr(begin, end - begin));
  d.help = {spelt ? fmt::format("write it in ASCII, e.g. `{}`", ascii)
                  : std::string("write it in ASCII letters (a string's text may hold any letter)")};
  return true;
}

}  // namespace baton
