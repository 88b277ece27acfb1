#include "baton/review/canonical.hpp"

#include <algorithm>
#include <array>

namespace baton::review {

namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_word_char(char c) { return is_word_start(c) || is_digit(c); }

// Words that are never a function's name, so `not (x)` keeps its space where
// `any(x)` has none. `min` and `max` are both (a cap, a function) and are
// left out: a cap is followed by a number, never by `(`.
bool is_keyword(std::string_view w) {
  static constexpr std::array<std::string_view, 29> kWords = {
      "and",  "or",        "not",  "in",    "between", "matches", "starts_with", "ends_with", "contains", "true",
      "false", "when",     "per",  "where", "within",  "otherwise", "if",        "then",      "else",     "among",
      "after", "to",       "on",   "escalate", "window", "decay",   "half_life", "let",       "export"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

// A token after which `-` subtracts and `/` divides (else they start a
// negative number or a regex).
bool ends_operand(const Token& t) {
  switch (t.kind) {
    case Token::number:
    case Token::string:
    case Token::regex:
    case Token::close: return true;
    case Token::word: return !is_keyword(t.text) || t.text == "true" || t.text == "false";
    default: return false;
  }
}

// 2026-11-23 or 2026-11-23T09:00:00Z at `at`: its length, else 0.
std::size_t time_length(std::string_view s, std::size_t at) {
  auto digits = [&](std::size_t from, std::size_t n) {
    return from + n <= s.size() && std::all_of(s.begin() + static_cast<std::ptrdiff_t>(from),
                                               s.begin() + static_cast<std::ptrdiff_t>(from + n), is_digit);
  };
  if (!digits(at, 4) || at + 10 > s.size() || s[at + 4] != '-' || !digits(at + 5, 2) || s[at + 7] != '-' ||
      !digits(at + 8, 2))
    return 0;
  std::size_t end = at + 10;
  if (end < s.size() && s[end] == 'T')
    while (end < s.size() && (is_digit(s[end]) || std::string_view("T:.Z+-").find(s[end]) != std::string_view::npos))
      ++end;
  return end - at;
}

// A quoted string or a regex from its opening `quote`: escapes kept as written.
std::size_t quoted_length(std::string_view s, std::size_t at, char quote) {
  std::size_t i = at + 1;
  while (i < s.size() && s[i] != quote && s[i] != '\n') i += s[i] == '\\' ? 2 : 1;
  return std::min(i + 1, s.size()) - at;
}
}  // namespace

std::vector<Token> tokens_of(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  auto push = [&](Token::Kind kind, std::size_t n) {
    out.push_back({kind, std::string(s.substr(i, n))});
    i += n;
  };
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else if (c == '#') {
      const auto end = s.find('\n', i);
      i = end == std::string_view::npos ? s.size() : end;
    } else if (c == '"') {
      push(Token::string, quoted_length(s, i, '"'));
    } else if (c == '/' && (out.empty() || !ends_operand(out.back()))) {
      std::size_t n = quoted_length(s, i, '/');
      while (i + n < s.size() && is_word_char(s[i + n])) ++n;  // flags
      push(Token::regex, n);
    } else if (is_digit(c)) {
      std::size_t n = time_length(s, i);
      if (n == 0) {
        while (i + n < s.size() && (is_word_char(s[i + n]) || (s[i + n] == '.' && i + n + 1 < s.size() && is_digit(s[i + n + 1]))))
          ++n;  // 12, 0.5, 30d, 1d12h
      }
      push(Token::number, n);
    } else if (is_word_start(c)) {
      std::size_t n = 1;
      while (i + n < s.size() && is_word_char(s[i + n])) ++n;
      push(Token::word, n);
    } else if (c == '(' || c == '[' || c == '{') {
      push(Token::open, 1);
    } else if (c == ')' || c == ']' || c == '}') {
      push(Token::close, 1);
    } else if (c == ',') {
      push(Token::comma, 1);
    } else if (c == '.') {
      push(Token::dot, 1);
    } else {
      static constexpr std::array<std::string_view, 6> kPairs = {"->", ">=", "<=", "==", "!=", "??"};
      const bool pair = std::any_of(kPairs.begin(), kPairs.end(), [&](std::string_view p) { return s.substr(i, 2) == p; });
      push(Token::op, pair ? 2 : 1);
    }
  }
  return out;
}

std::string render_tokens(const std::vector<Token>& tokens, std::size_t begin, std::size_t end) {
  std::string out;
  bool after_sign = false;  // the previous token was a unary minus or plus
  for (std::size_t k = begin; k < end && k < tokens.size(); ++k) {
    const Token& t = tokens[k];
    if (k > begin) {
      const Token& p = tokens[k - 1];
      const bool call = t.kind == Token::open && t.text == "(" && p.kind == Token::word && !is_keyword(p.text);
      const bool tight = after_sign || p.kind == Token::open || p.kind == Token::dot || t.kind == Token::close ||
                         t.kind == Token::comma || t.kind == Token::dot || call;
      if (!tight) out += ' ';
    }
    out += t.text;
    after_sign = t.kind == Token::op && (t.text == "-" || t.text == "+") && (k == begin || !ends_operand(tokens[k - 1]));
  }
  return out;
}

std::string canonical_text(std::string_view text) {
  const std::vector<Token> tokens = tokens_of(text);
  return render_tokens(tokens, 0, tokens.size());
}

}  // namespace baton::review
