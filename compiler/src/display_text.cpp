#include "display_text.hpp"

#include <algorithm>
#include <array>

namespace baton::codegen {

namespace {

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Words after which an operand comes, so a `/` after them opens a regex.
// Any other word (a name, a number, a duration, true, false) ends an operand
// and a `/` after it divides.
bool operand_follows(std::string_view word) {
  static constexpr std::array<std::string_view, 20> kWords = {
      "and",  "or",   "not",  "in",    "between", "matches", "starts_with", "ends_with", "contains", "when",
      "where", "within", "if", "then", "else",    "among",   "after",       "to",        "on",       "return"};
  return std::find(kWords.begin(), kWords.end(), word) != kWords.end();
}

// The length of the literal opening at `at` with `quote` (a string's `"` or a
// regex's `/`), escapes as written, up to its closing quote or the line's end.
std::size_t literal_length(std::string_view s, std::size_t at, char quote) {
  std::size_t i = at + 1;
  while (i < s.size() && s[i] != quote && s[i] != '\n') i += s[i] == '\\' ? 2 : 1;
  return std::min(i + 1, s.size()) - at;
}

}  // namespace

std::string display_text(std::string_view s) {
  std::string out;
  bool space = false;         // white space (or a comment) since the last token
  bool operand_ended = false;  // the last token ends an operand: `/` divides
  std::size_t i = 0;
  auto emit = [&](std::string_view token) {
    if (space && !out.empty()) out += ' ';
    space = false;
    out += token;
  };
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      ++i;
    } else if (c == '#') {
      while (i < s.size() && s[i] != '\n') ++i;
      space = true;
    } else if (c == '"' || (c == '/' && !operand_ended)) {
      std::size_t n = literal_length(s, i, c);
      if (c == '/')
        while (i + n < s.size() && is_word_char(s[i + n])) ++n;  // its flags
      emit(s.substr(i, n));
      i += n;
      operand_ended = true;
    } else if (is_word_char(c)) {
      std::size_t n = 1;
      while (i + n < s.size() && is_word_char(s[i + n])) ++n;
      const std::string_view word = s.substr(i, n);
      emit(word);
      i += n;
      operand_ended = !operand_follows(word);
    } else {
      emit(s.substr(i, 1));
      operand_ended = c == ')' || c == ']' || c == '}';
      ++i;
    }
  }
  return out;
}

}  // namespace baton::codegen
