#include "baton/common/printable.hpp"

namespace baton {

namespace {
bool is_c0_or_del(unsigned char c) { return c < 0x20 || c == 0x7f; }
// U+0080..U+009F in UTF-8: 0xC2 followed by 0x80..0x9F.
bool is_c1_at(std::string_view text, std::size_t i) {
  return static_cast<unsigned char>(text[i]) == 0xC2 && i + 1 < text.size() &&
         static_cast<unsigned char>(text[i + 1]) >= 0x80 && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
}
constexpr char kHex[] = "0123456789abcdef";
}  // namespace

void append_printable(std::string_view text, std::string& out) {
  std::size_t run = 0;  // start of the pending bytes that need no escape
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool c1 = is_c1_at(text, i);
    if (!is_c0_or_del(c) && !c1) continue;
    out.append(text.substr(run, i - run));
    if (c1) {
      const auto code = static_cast<unsigned char>(text[++i]);
      out += "\\u{";
      out += kHex[code >> 4];
      out += kHex[code & 15];
      out += '}';
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
    run = i + 1;
  }
  out.append(text.substr(run));
}

std::string printable(std::string_view text) {
  std::string out;
  append_printable(text, out);
  return out;
}

}  // namespace baton
