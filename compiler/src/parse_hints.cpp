// Syntax errors named by the mistake behind them (parse_hints.hpp). Each hint
// reads the text around the place the grammar stopped and, when it sees its
// mistake there, says what it is and how to write it, with the caret on it.
#include "parse_hints.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "baton/grammar/errors.hpp"
#include "baton/stdlib/registry.hpp"

namespace baton {
namespace {

namespace g = grammar;

bool is_ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_letter(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
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

// ---- durations written in words -----------------------------------------------

// The baton unit of a unit written as a word (`hours` -> h), and how many of
// it one such unit makes (a month counts 30 days, a year 365); 0 for a word
// that is no unit.
std::pair<char, int> unit_of(std::string_view word) {
  static const struct {
    std::string_view words[5];
    char unit;
    int times;
  } units[] = {{{"w", "wk", "wks", "week", "weeks"}, 'w', 1},   {{"d", "day", "days"}, 'd', 1},
               {{"h", "hr", "hrs", "hour", "hours"}, 'h', 1},   {{"m", "min", "mins", "minute", "minutes"}, 'm', 1},
               {{"s", "sec", "secs", "second", "seconds"}, 's', 1}, {{"month", "months", "mo"}, 'd', 30},
               {{"y", "yr", "yrs", "year", "years"}, 'd', 365}};
  const std::string low = lower(word);
  for (const auto& u : units)
    for (std::string_view w : u.words)
      if (!w.empty() && w == low) return {u.unit, u.times};
  return {0, 0};
}

// `8 hours`, `30 d`, `-1 days`: a number, blanks on its line, then a unit
// word that starts at `word`. The span of it all, or nullopt.
std::optional<SourceSpan> number_and_unit(const Text& t, std::uint32_t word) {
  if (!is_letter(t.at(word)) || unit_of(t.slice(word, t.word_end(word))).first == 0) return std::nullopt;
  std::uint32_t digits_end = t.skip_back(word, false);
  if (digits_end == word) return std::nullopt;  // glued: `30days` is E0007 already
  std::uint32_t begin = t.word_begin(digits_end);
  if (begin == digits_end) return std::nullopt;
  for (std::uint32_t i = begin; i < digits_end; ++i)
    if (!is_digit(t.at(i)) && t.at(i) != '_') return std::nullopt;
  if (t.at(begin - 1) == '-' && begin > 0) --begin;
  return SourceSpan{begin, t.word_end(word)};
}

// The grammar stops at the unit word (`within 30 days)`), at the number
// before it (`window 90 days`), or, when the word reads as the next arm's
// stage (`within 8 hours` then a new line), at the token after it.
bool duration_in_words(const Text& t, Diagnostic& d) {
  std::optional<SourceSpan> found = number_and_unit(t, d.span.begin);
  if (!found) {
    std::uint32_t number = d.span.begin + (t.at(d.span.begin) == '-' ? 1 : 0);
    if (is_digit(t.at(number))) found = number_and_unit(t, t.skip_forward(t.word_end(number)));
  }
  if (!found) {
    const std::uint32_t before = t.skip_back(d.span.begin, true);
    if (before < d.span.begin) found = number_and_unit(t, t.word_begin(before));
  }
  if (!found) return false;
  const std::string_view text = t.slice(found->begin, found->end);
  std::uint32_t word = found->end;
  while (word > found->begin && is_ident(t.at(word - 1))) --word;
  const auto [unit, times] = unit_of(t.slice(word, found->end));
  std::string number;
  for (char c : t.slice(found->begin, word))
    if (c != ' ' && c != '\t') number += c;
  long long count = 0;
  for (char c : number)
    if (is_digit(c)) count = std::min(count * 10 + (c - '0'), 1'000'000'000LL);
  const std::string sign = number.front() == '-' ? "-" : "";
  d.code = "E0007";
  d.span = *found;
  d.message = fmt::format("`{}` is not a duration", text);
  if (times == 1)
    d.help = {fmt::format("a duration is written as one word, the unit glued to the number: {}{}{}", sign, count, unit),
              "the units are w d h m s, largest first: 1d12h"};
  else
    d.help = {fmt::format("durations have no months or years; count the days: write {}{}d", sign, count * times),
              "the units are w d h m s, largest first: 1d12h"};
  return true;
}

// ---- a percent sign -----------------------------------------------------------------

// `fit >= 40%`: `%` is the remainder, so `40 % lead` reads on into the next
// arm and the grammar stops later (at `otherwise`, at `and`). The sign sits
// glued to a number at the error, or before it with at most one word between.
bool percent_sign(const Text& t, Diagnostic& d) {
  std::uint32_t sign = d.span.begin;
  if (t.at(sign) != '%') {
    sign = t.skip_back(d.span.begin, true);
    if (t.at(sign - 1) != '%' && sign > 0) sign = t.skip_back(t.word_begin(sign), true);
    if (sign == 0 || t.at(sign - 1) != '%') return false;
    --sign;
  }
  std::uint32_t begin = sign;
  while (begin > 0 && (is_digit(t.at(begin - 1)) || t.at(begin - 1) == '.' || t.at(begin - 1) == '_')) --begin;
  if (begin == sign || !is_digit(t.at(begin)) || (begin > 0 && is_letter(t.at(begin - 1)))) return false;
  std::string number;
  for (char c : t.slice(begin, sign))
    if (c != '_') number += c;
  d.code = "E0022";
  d.span = {begin, sign + 1};
  d.message = "`%` is the remainder of a division, not a percent";
  d.help = {fmt::format("write the number alone: {} when the value counts to 100, or {} as a fraction", number,
                        std::strtod(number.c_str(), nullptr) / 100)};
  return true;
}

// ---- `!in` -------------------------------------------------------------------------

// The text of the simple operand that starts at `i` (a name, a string, a
// regex, a bracketed literal on one line), or "..." for anything else.
std::string_view operand_at(const Text& t, std::uint32_t i) {
  const char open = t.at(i);
  std::uint32_t end = i;
  if (open == '{' || open == '[' || open == '"' || open == '/') {
    const char close = open == '{' ? '}' : open == '[' ? ']' : open;
    for (++end; end < t.size() && t.at(end) != close && t.at(end) != '\n'; ++end)
      if (t.at(end) == '\\') ++end;
    if (t.at(end) != close) return "...";
    end = open == '/' ? t.word_end(end + 1) : end + 1;
  } else {
    while (end < t.size() && (is_ident(t.at(end)) || t.at(end) == '.')) ++end;
  }
  return end > i ? t.slice(i, end) : std::string_view("...");
}

// `country !in {"US"}`, `title !contains "intern"`: the fix quotes the left side.
bool bang_operator(const Text& t, Diagnostic& d) {
  if (d.message != g::error_message<g::bang_operator>) return false;
  const std::uint32_t word = t.skip_forward(d.span.begin + 1);
  const std::string_view op = t.slice(word, t.word_end(word));
  const std::uint32_t left_end = t.skip_back(d.span.begin, false);
  std::uint32_t left = left_end;
  while (left > 0 && (is_ident(t.at(left - 1)) || t.at(left - 1) == '.')) --left;
  const std::string_view subject = left < left_end ? t.slice(left, left_end) : std::string_view("x");
  const std::string_view object = operand_at(t, t.skip_forward(t.word_end(word)));
  d.span = {d.span.begin, t.word_end(word)};
  d.message = fmt::format("`!{}` is not an operator in baton", op);
  if (op == "in")
    d.help = {fmt::format("write `not in`: {} not in {}", subject, object)};
  else
    d.help = {fmt::format("put `not` before the whole test: not ({} {} {})", subject, op, object)};
  return true;
}

// ---- a set in parentheses -------------------------------------------------------

// `country in ("SG", "JP")`: parentheses hold one expression, so the grammar
// stops at the first comma.
bool set_in_parentheses(const Text& t, Diagnostic& d) {
  if (d.message != g::error_message<g::paren_close> || t.at(d.span.begin) != ',') return false;
  std::uint32_t open = d.span.begin;
  bool quoted = false;
  while (open > 0 && t.at(open - 1) != '\n' && (quoted || t.at(open - 1) != '('))
    quoted ^= t.at(--open) == '"';
  if (open == 0 || t.at(open - 1) != '(') return false;
  --open;
  std::uint32_t close = d.span.begin;
  for (quoted = false; close < t.size() && t.at(close) != '\n' && (quoted || t.at(close) != ')'); ++close)
    quoted ^= t.at(close) == '"';
  const std::string_view items = t.at(close) == ')' ? t.slice(open + 1, close) : std::string_view("\"a\", \"b\"");
  const std::uint32_t op_end = t.skip_back(open, false);
  const std::uint32_t op = t.word_begin(op_end);
  if (t.slice(op, op_end) != "in") {
    d.help.push_back(fmt::format("parentheses hold one expression; a set is written in braces: {{{}}}", items));
    return true;
  }
  auto operand_before = [&](std::uint32_t end) {
    end = t.skip_back(end, false);
    while (end > 0 && (is_ident(t.at(end - 1)) || t.at(end - 1) == '.')) --end;
    return end;
  };
  std::uint32_t left = operand_before(op);
  if (t.slice(left, t.word_end(left)) == "not") left = operand_before(left);  // `x not in (...)`
  d.span = {open, t.at(close) == ')' ? close + 1 : d.span.end};
  d.code = "E0001";  // the parenthesis is closed: what is wrong is its kind
  d.message = "a set is written in braces, not parentheses";
  d.help = {fmt::format("write {} {{{}}}", t.slice(left, op_end), items)};
  return true;
}

// ---- words in the middle of a condition --------------------------------------------

// The word the grammar stopped at, or the word before it on its line when the
// grammar took that one as the next arm's stage (`sql when x is true` stops
// at `true`, having read `is` as a stage name). Only a word with something
// before it on its line counts: an arm's stage starts a line.
std::optional<SourceSpan> stray_word(const Text& t, const Diagnostic& d, std::string_view want = {}) {
  auto fits = [&](std::uint32_t begin) -> std::optional<SourceSpan> {
    const std::uint32_t end = t.word_end(begin);
    if (end == begin || !is_letter(t.at(begin)) || (!want.empty() && t.slice(begin, end) != want)) return std::nullopt;
    const std::uint32_t before = t.skip_back(begin, false);
    if (before == 0 || t.at(before - 1) == '\n' || t.at(before - 1) == '\r') return std::nullopt;
    return SourceSpan{begin, end};
  };
  if (auto here = fits(d.span.begin)) return here;
  const std::uint32_t before = t.skip_back(d.span.begin, false);
  if (before < d.span.begin && before > 0 && is_ident(t.at(before - 1))) return fits(t.word_begin(before));
  return std::nullopt;
}

// `is_customer is true`, `country is not "US"`, `budget is null`.
bool is_operator(const Text& t, Diagnostic& d) {
  const std::optional<SourceSpan> is = stray_word(t, d, "is");
  if (!is) return false;
  auto operand_before = [&](std::uint32_t end) {
    end = t.skip_back(end, false);
    std::uint32_t begin = end;
    while (begin > 0 && (is_ident(t.at(begin - 1)) || t.at(begin - 1) == '.')) --begin;
    return begin < end ? t.slice(begin, end) : std::string_view("x");
  };
  const std::string_view subject = operand_before(is->begin);
  std::uint32_t next = t.skip_forward(is->end);
  const bool negated = t.slice(next, t.word_end(next)) == "not";
  if (negated) next = t.skip_forward(t.word_end(next));
  const std::string_view object = operand_at(t, next);
  d.code = "E0001";  // wherever the grammar stopped (in a score block: E0002)
  d.span = *is;
  d.message = "`is` is not an operator in baton";
  if (object == "null" || object == "None" || object == "nil")
    d.help = {fmt::format("a value that is not there is missing: write {}present({})", negated ? "" : "not ", subject)};
  else if (object == "true" || object == "false")
    d.help = {fmt::format("a bool is a condition by itself: write {}{}", (object == "true") == negated ? "not " : "",
                          subject)};
  else
    d.help = {fmt::format("compare with `{0}`: {1} {0} {2}", negated ? "!=" : "==", subject, object)};
  return true;
}

// `count demo_request > 0`: a built-in's argument without its parentheses.
bool call_without_parentheses(const Text& t, Diagnostic& d) {
  const std::optional<SourceSpan> argument = stray_word(t, d);
  if (!argument) return false;
  const std::uint32_t callee_end = t.skip_back(argument->begin, false);
  if (callee_end == argument->begin) return false;
  const std::uint32_t callee = t.word_begin(callee_end);
  const std::string_view name = t.slice(callee, callee_end);
  if (name.empty() || !is_letter(name.front()) || stdlib::builtins().overloads(name).empty()) return false;
  d.code = "E0001";
  d.span = {callee, argument->end};
  d.message = fmt::format("`{}` takes its argument in parentheses", name);
  d.help = {fmt::format("write {}({})", name, t.slice(argument->begin, argument->end))};
  return true;
}

// ---- spellings from elsewhere -------------------------------------------------------

// `// note` or `/* note */`: at the start of an item the grammar stops at the
// slashes; after a value it reads a division and an unterminated regex.
bool slash_comment(const Text& t, Diagnostic& d) {
  std::uint32_t at = d.span.begin;
  if (d.code == "E0004" && at > 0 && t.at(at - 1) == '/') --at;
  if (t.at(at) != '/' || (t.at(at + 1) != '/' && t.at(at + 1) != '*')) return false;
  std::uint32_t end = at + 2;
  while (end < t.size() && t.at(end) != '\n' && t.at(end) != '\r') ++end;
  std::string_view note = t.slice(at + 2, end);
  while (!note.empty() && (is_blank(note.front()) || note.front() == '/')) note.remove_prefix(1);
  if (note.size() >= 2 && note.substr(note.size() - 2) == "*/") note.remove_suffix(2);
  while (!note.empty() && is_blank(note.back())) note.remove_suffix(1);
  d.code = "E0001";
  d.span = {at, at + 2};
  d.message = "comments start with `#`";
  d.help = {fmt::format("write # {}; a comment runs to the end of its line", note.empty() ? "..." : note)};
  return true;
}

// `mon-fri 9:00-17:00`: the hours of a calendar take two digits.
bool one_digit_hour(const Text& t, Diagnostic& d) {
  if (d.message != g::error_message<g::work_interval> && d.message != g::error_message<g::interval_end>) return false;
  std::uint32_t begin = d.span.begin;
  while (begin > 0 && (is_digit(t.at(begin - 1)) || t.at(begin - 1) == ':')) --begin;
  begin = t.skip_forward(begin);
  if (!is_digit(t.at(begin)) || t.at(begin + 1) != ':' || !is_digit(t.at(begin + 2)) || !is_digit(t.at(begin + 3)))
    return false;
  d.span = {begin, begin + 4};
  d.message = "the hour of a time of day takes two digits";
  d.help = {fmt::format("write 0{}", t.slice(begin, begin + 4))};
  return true;
}

// `if a then b elif c then d else e`: Python's word for `else if`. And an
// `if` without `else` at the end of its line: the grammar stops at the next
// line's first word, but the `else` is missing where the line ends.
bool elif(const Text& t, Diagnostic& d) {
  if (d.message != g::error_message<g::if_else>) return false;
  const std::string_view word = t.slice(d.span.begin, t.word_end(d.span.begin));
  if (word == "elif" || word == "elsif" || word == "elseif") {
    d.help = {"write `else if`: if a then \"x\" else if b then \"y\" else \"z\""};
    return true;
  }
  const std::uint32_t line = t.skip_back(d.span.begin, false);
  if (line > 0 && t.at(line - 1) != '\n' && d.span.begin < t.size()) return false;
  const std::uint32_t end = t.skip_back(d.span.begin, true);
  if (end == 0) return false;
  d.span = {end, end + 1};
  d.help.push_back("the `else` value is the one for a lead whose condition is false or missing");
  return true;
}

// `email: string;`: lines end without a semicolon.
bool semicolon(const Text& t, Diagnostic& d) {
  if (t.at(d.span.begin) != ';') return false;
  d.code = "E0001";  // the block is not left open: a `;` is in the way
  d.message = "baton needs no `;`";
  d.help = {"end the line without it: fields, rules and arms are separated by new lines"};
  return true;
}

// ---- rules and arms written another way -------------------------------------------

// `20 when x`: a rule's points take their sign.
bool unsigned_points(const Text& t, Diagnostic& d) {
  if (d.message != g::error_message<g::score_close> || !is_digit(t.at(d.span.begin))) return false;
  std::uint32_t end = d.span.begin;
  while (is_digit(t.at(end)) || t.at(end) == '.' || t.at(end) == '_') ++end;
  const std::uint32_t word = t.skip_forward(end);
  const std::string_view next = t.slice(word, t.word_end(word));
  if (word == end || (next != "when" && next != "per")) return false;
  d.code = "E0001";
  d.span = {d.span.begin, end};
  d.message = "a rule's points start with + or -";
  d.help = {fmt::format("write +{} {} ..., or -{} to take points away", t.slice(d.span.begin, end), next,
                        t.slice(d.span.begin, end))};
  return true;
}

// `+5 when form_submit where form == "x"`: `where` filters the events of a
// `per` rule or an aggregate, not a `when` rule.
bool where_in_when_rule(const Text& t, Diagnostic& d) {
  if (d.message != g::error_message<g::score_close> || t.slice(d.span.begin, t.word_end(d.span.begin)) != "where")
    return false;
  const std::uint32_t event_end = t.skip_back(d.span.begin, false);
  const std::uint32_t event = t.word_begin(event_end);
  const std::uint32_t when_end = t.skip_back(event, false);
  if (event == event_end || t.slice(t.word_begin(when_end), when_end) != "when") return false;
  const std::string_view name = t.slice(event, event_end);
  std::uint32_t line = when_end;
  while (line > 0 && t.at(line - 1) != '\n') --line;
  std::string_view points = t.slice(t.skip_forward(line), t.skip_back(t.word_begin(when_end), false));
  if (points.empty() || (points.front() != '+' && points.front() != '-')) points = "+N";
  d.code = "E0001";
  d.span = {d.span.begin, t.word_end(d.span.begin)};
  d.message = "`where` filters the events of a `per` rule or an aggregate";
  d.help = {fmt::format("write {0} per {1} where ... (points for each event), or {0} when any({1} where ...) (once)",
                        points, name)};
  return true;
}

// `demo_request at 2d`: an event's time before as_of takes its minus.
bool event_time_without_minus(const Text& t, Diagnostic& d) {
  if (d.message != g::error_message<g::event_time>) return false;
  std::uint32_t begin = d.span.begin;
  while (begin > 0 && is_ident(t.at(begin - 1))) --begin;
  if (!is_digit(t.at(begin))) begin = d.span.begin;
  const std::uint32_t end = t.word_end(begin);
  if (!is_digit(t.at(begin)) || !is_letter(t.at(end - 1))) return false;
  d.span = {begin, end};
  d.message = "an event's time is before as_of: a duration takes a minus";
  d.help = {fmt::format("write at -{} ({} before as_of), or a time such as 2026-11-20T10:00:00Z", t.slice(begin, end),
                        t.slice(begin, end))};
  return true;
}

// `mql when fit >= 40 then`: `then` belongs to `if`.
bool then_without_if(const Text& t, Diagnostic& d) {
  if (d.code != "E0009" || t.slice(d.span.begin, t.word_end(d.span.begin)) != "then") return false;
  std::uint32_t line = d.span.begin;
  while (line > 0 && t.at(line - 1) != '\n') --line;
  const std::string_view before = t.slice(line, d.span.begin);
  if (before.find("if ") != std::string_view::npos) return false;
  d.code = "E0001";
  d.message = "`then` belongs to `if ... then ... else`";
  std::string_view arm = before;
  while (!arm.empty() && is_blank(arm.front())) arm.remove_prefix(1);
  while (!arm.empty() && is_blank(arm.back())) arm.remove_suffix(1);
  d.help = {fmt::format("a condition after `when` needs no `then`: write {}",
                        arm.find(" when ") != std::string_view::npos ? arm : std::string_view("mql when fit >= 40"))};
  return true;
}

}  // namespace

// A test's parts in another order (`lead { ... }` after `events { ... }`), or
// one given twice: the grammar stops at the part and expects `expect`.
bool test_part_out_of_order(const Text& t, Diagnostic& d) {
  if (d.message != g::error_message<g::test_close>) return false;
  const std::string_view word = t.slice(d.span.begin, t.word_end(d.span.begin));
  static constexpr std::string_view kOrder[] = {"as_of", "lead", "events"};
  const auto* part = std::find(std::begin(kOrder), std::end(kOrder), word);
  if (part == std::end(kOrder)) return false;
  // Given before in this test: a line of the test starting with the same word.
  const std::string_view before = t.slice(0, d.span.begin);
  const std::size_t test_start = before.rfind("test \"");
  bool twice = false;
  for (std::size_t at = before.find(word, test_start == std::string_view::npos ? 0 : test_start);
       at != std::string_view::npos && at < before.size(); at = before.find(word, at + 1)) {
    const auto line = static_cast<std::uint32_t>(at);
    if (t.skip_back(line, false) > 0 && t.at(t.skip_back(line, false) - 1) == '\n' &&
        !is_ident(t.at(line + static_cast<std::uint32_t>(word.size()))))
      twice = true;
  }
  d.code = "E0001";
  d.span = {d.span.begin, t.word_end(d.span.begin)};
  if (twice) {
    d.message = fmt::format("a test has one `{}`", word);
    d.help = {fmt::format("give everything in the first `{}` and remove this one", word)};
  } else {
    const std::string_view place = word == "as_of" ? "first"
                                   : word == "lead" ? "after as_of and before events"
                                                    : "after the lead, before the expect lines";
    d.message = fmt::format("`{}` comes {} in a test", word, place);
    d.help = {"a test has, in this order: as_of, lead { ... }, events { ... }, expect lines: move this part up"};
  }
  return true;
}

bool explain_syntax_mistake(const SourceFile& file, Diagnostic& d) {
  const Text t(file);
  return unquoted_text_with_colon(t, d) || word_for_literal(t, d) || duration_in_words(t, d) ||
         percent_sign(t, d) || bang_operator(t, d) ||
         set_in_parentheses(t, d) || is_operator(t, d) || call_without_parentheses(t, d) ||
         slash_comment(t, d) || one_digit_hour(t, d) || elif(t, d) || semicolon(t, d) || unsigned_points(t, d) ||
         where_in_when_rule(t, d) || event_time_without_minus(t, d) || then_without_if(t, d) ||
         test_part_out_of_order(t, d);
}

}  // namespace baton
