// Syntax errors named by the mistake behind them (parse_hints.hpp). Each hint
// reads the text around the place the grammar stopped and, when it sees its
// mistake there, says what it is and how to write it, with the caret on it.
#include "parse_hints.hpp"

#include <fmt/format.h>

#include <cctype>
#include <optional>
#include <string>
#include <string_view>

#include "baton/grammar/errors.hpp"

namespace baton {
namespace {

namespace g = grammar;

bool is_ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_letter(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string lower(std::string_view s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The source text with the few looks a hint needs around an offset.
class Text {
 public:
  explicit Text(const SourceFile& file) : file_(file), t_(file.text()) {}

  std::uint32_t size() const { return static_cast<std::uint32_t>(t_.size()); }
  char at(std::uint32_t i) const { return i < t_.size() ? t_[i] : '\0'; }
  std::string_view slice(std::uint32_t begin, std::uint32_t end) const { return file_.slice({begin, end}); }

  // The end of the identifier that starts at `i` (i itself when none does).
  std::uint32_t word_end(std::uint32_t i) const {
    while (i < size() && is_ident(t_[i])) ++i;
    return i;
  }
  // The start of the identifier that ends at `i`.
  std::uint32_t word_begin(std::uint32_t i) const {
    while (i > 0 && is_ident(t_[i - 1])) --i;
    return i;
  }
  // Back over blanks, and over line ends too when `lines` is set.
  std::uint32_t skip_back(std::uint32_t i, bool lines) const {
    while (i > 0 && (is_blank(t_[i - 1]) || (lines && (t_[i - 1] == '\n' || t_[i - 1] == '\r')))) --i;
    return i;
  }
  std::uint32_t skip_forward(std::uint32_t i) const {
    while (i < size() && is_blank(t_[i])) ++i;
    return i;
  }

 private:
  const SourceFile& file_;
  const std::string& t_;
};

// ---- text without quotes -------------------------------------------------------

// `team:apac`, `ae:amara.okafor`: a destination or a value of a test written
// without its quotes. The grammar stops at the colon (after `team`, a whole
// name) or at the word (where a literal belongs). A word before the colon
// starts with a letter, so `9:00` is never taken for text.
bool unquoted_text_with_colon(const Text& t, Diagnostic& d) {
  std::uint32_t colon = d.span.begin;
  if (t.at(colon) != ':') colon = t.word_end(d.span.begin);
  if (t.at(colon) != ':' || colon == 0 || !is_ident(t.at(colon - 1)) || !is_ident(t.at(colon + 1))) return false;
  std::uint32_t begin = t.word_begin(colon);
  if (!is_letter(t.at(begin))) return false;
  auto in_text = [](char c) { return is_ident(c) || c == ':' || c == '.' || c == '-' || c == '@' || c == '/'; };
  std::uint32_t end = colon;
  while (end < t.size() && in_text(t.at(end))) ++end;
  while (end > colon && (t.at(end - 1) == '.' || t.at(end - 1) == '-')) --end;  // not a sentence's full stop
  d.code = "E0019";
  d.span = {begin, end};
  d.message = "text is written in double quotes";
  d.help = {fmt::format("write \"{}\"", t.slice(begin, end))};
  return true;
}

// A bare word where a literal belongs: a test's `country: SG`, a default of
// `False`, a value of `null`.
bool word_for_literal(const Text& t, Diagnostic& d) {
  if (d.message != g::error_message<g::literal> || !is_letter(t.at(d.span.begin))) return false;
  const std::string_view word = t.slice(d.span.begin, t.word_end(d.span.begin));
  const std::string low = lower(word);
  if (low == "true" || low == "false")
    d.help = {fmt::format("`true` and `false` are written in lower case: write {}", low)};
  else if (low == "null" || low == "none" || low == "nil")
    d.help = {"baton has no null: leave the field out, and it is missing"};
  else if (t.at(t.skip_back(d.span.begin, false) - 1) == ':')  // a test record's `country: SG`
    d.help.insert(d.help.begin(), fmt::format("text is written in double quotes: \"{}\"", word));
  else
    return false;
  return true;
}

}  // namespace

bool explain_syntax_mistake(const SourceFile& file, Diagnostic& d) {
  const Text t(file);
  return unquoted_text_with_colon(t, d) || word_for_literal(t, d);
}

}  // namespace baton
