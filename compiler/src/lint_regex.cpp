// L0601 case-sensitive-regex, L0602 regex-never-matches.
//
// The pattern is read with a small scanner of RE2 syntax that splits it into
// top-level alternatives of items (a literal, a class, a group, an anchor),
// each required or optional (`?`, `*`, `{0,n}`). It proves only simple things:
//   - an alternative that needs an upper-case ASCII letter cannot match a
//     lower-cased input (and the other way round);
//   - `^` after a required character, or `$` before one, cannot match
//     (RE2 is not in multi-line mode: ^ and $ are the ends of the text).
// Groups are opaque: what is inside them is never used as proof.
#include <cctype>
#include <string_view>

#include "baton/stdlib/registry.hpp"
#include "lint_internal.hpp"

namespace baton::linter {

namespace {

using ast::Expr;
using ast::ExprKind;

struct Item {
  enum Kind { literal, consuming, group, start, end, zero_width } kind;
  char c = 0;  // literal: the ASCII character (0 for others)
  bool required = true;
  bool consumes() const { return (kind == literal || kind == consuming) && required; }
};
using Alternative = std::vector<Item>;

// The index just past a bracket expression starting at i ('[').
std::size_t skip_class(std::string_view p, std::size_t i) {
  ++i;
  if (i < p.size() && p[i] == '^') ++i;
  if (i < p.size() && p[i] == ']') ++i;
  while (i < p.size() && p[i] != ']') {
    if (p[i] == '\\') i += 2;
    else if (p[i] == '[' && i + 1 < p.size() && p[i + 1] == ':') {
      auto close = p.find(":]", i + 2);
      i = close == std::string_view::npos ? p.size() : close + 2;
    } else ++i;
  }
  return std::min(i + 1, p.size());
}

std::size_t skip_group(std::string_view p, std::size_t i) {
  int depth = 0;
  while (i < p.size()) {
    char c = p[i];
    if (c == '\\') { i += 2; continue; }
    if (c == '[') { i = skip_class(p, i); continue; }
    if (c == '(') ++depth;
    if (c == ')' && --depth == 0) return i + 1;
    ++i;
  }
  return p.size();
}

std::vector<Alternative> alternatives(std::string_view p) {
  std::vector<Alternative> alts(1);
  std::size_t i = 0;
  while (i < p.size()) {
    char c = p[i];
    auto& alt = alts.back();
    auto quantify = [&](bool optional) {
      if (!alt.empty() && optional) alt.back().required = false;
    };
    switch (c) {
      case '|': alts.emplace_back(); ++i; continue;
      case '(': alt.push_back({Item::group, 0, false}); i = skip_group(p, i); continue;
      case '[': alt.push_back({Item::consuming}); i = skip_class(p, i); continue;
      case '^': alt.push_back({Item::start}); ++i; continue;
      case '$': alt.push_back({Item::end}); ++i; continue;
      case '.': alt.push_back({Item::consuming}); ++i; continue;
      case '*': case '?': quantify(true); ++i; if (i < p.size() && p[i] == '?') ++i; continue;
      case '+': ++i; if (i < p.size() && p[i] == '?') ++i; continue;
      case '{': {
        std::size_t j = i + 1;
        while (j < p.size() && std::isdigit(static_cast<unsigned char>(p[j]))) ++j;
        if (j > i + 1 && j < p.size() && (p[j] == ',' || p[j] == '}')) {
          quantify(p.substr(i + 1, j - i - 1).find_first_not_of('0') == std::string_view::npos);
          auto close = p.find('}', j);
          i = close == std::string_view::npos ? p.size() : close + 1;
          if (i < p.size() && p[i] == '?') ++i;
        } else {
          alt.push_back({Item::literal, '{'});
          ++i;
        }
        continue;
      }
      case '\\': {
        char e = i + 1 < p.size() ? p[i + 1] : 0;
        i += 2;
        if (e == 'b' || e == 'B') alt.push_back({Item::zero_width});
        else if (e == 'A') alt.push_back({Item::start});
        else if (e == 'z') alt.push_back({Item::end});
        else if ((e == 'p' || e == 'P' || e == 'x') && i < p.size() && p[i] == '{') {
          auto close = p.find('}', i);
          i = close == std::string_view::npos ? p.size() : close + 1;
          alt.push_back({Item::consuming});
        } else if (e == 'p' || e == 'P') {
          ++i;
          alt.push_back({Item::consuming});
        } else if (std::isalnum(static_cast<unsigned char>(e))) {
          alt.push_back({Item::consuming});  // \d \w \s \x41 \n ...
        } else {
          alt.push_back({Item::literal, 0});  // \. \( \\ : punctuation, never a letter
        }
        continue;
      }
      default: {
        auto u = static_cast<unsigned char>(c);
        if (u >= 0x80) {  // one UTF-8 character
          ++i;
          while (i < p.size() && (static_cast<unsigned char>(p[i]) & 0xC0) == 0x80) ++i;
          alt.push_back({Item::literal, 0});
        } else {
          alt.push_back({Item::literal, c});
          ++i;
        }
      }
    }
  }
  return alts;
}

bool has_letters(std::string_view p) {
  for (std::size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\') {
      if (i + 2 < p.size() && p[i + 2] == '{') i = std::min(p.find('}', i), p.size() - 1);
      else if (i + 1 < p.size() && (p[i + 1] == 'p' || p[i + 1] == 'P')) i += 2;
      else ++i;
    } else if (c == '[' && i + 1 < p.size() && p[i + 1] == ':') {
      i = std::min(p.find(":]", i), p.size() - 1) + 1;
    } else if (c == '(' && i + 1 < p.size() && p[i + 1] == '?') {
      auto stop = p.find_first_of(":)>", i);
      i = stop == std::string_view::npos ? p.size() : stop;
    } else if (std::isalpha(static_cast<unsigned char>(c))) {
      return true;
    }
  }
  return false;
}

bool case_insensitive(const Expr& re) {
  if (re.flags.find('i') != std::string::npos) return true;
  for (std::size_t at = re.text.find("(?"); at != std::string::npos; at = re.text.find("(?", at + 1)) {
    auto stop = re.text.find_first_of(":)", at);
    if (stop != std::string::npos && re.text.substr(at, stop - at).find('i') != std::string::npos) return true;
  }
  return false;
}

// Every alternative needs a letter of the given case.
bool needs_case(const std::vector<Alternative>& alts, bool upper) {
  for (const auto& alt : alts) {
    bool needs = false;
    for (const auto& item : alt)
      if (item.kind == Item::literal && item.required &&
          (upper ? std::isupper(static_cast<unsigned char>(item.c)) : std::islower(static_cast<unsigned char>(item.c))))
        needs = true;
    if (!needs) return false;
  }
  return true;
}

bool anchors_contradict(const std::vector<Alternative>& alts) {
  for (const auto& alt : alts) {
    bool seen_char = false, seen_end = false, impossible = false;
    for (const auto& item : alt) {
      if (item.kind == Item::start && seen_char) impossible = true;
      if (item.consumes() && seen_end) impossible = true;
      if (item.consumes()) seen_char = true;
      if (item.kind == Item::end) seen_end = true;
    }
    if (!impossible) return false;
  }
  return true;
}

class RegexCheck {
 public:
  explicit RegexCheck(Context& ctx) : ctx_(ctx) {}

  // The case of every value `e` can have: 'l' lower-cased, 'u' upper, 0 unknown.
  char case_of(const Expr& e0, int depth = 0) {
    const Expr& e = unparen(e0);
    if (depth > 8) return 0;
    if (e.kind == ExprKind::call && e.aggregate < 0 && e.resolved >= 0) {
      const auto& f = stdlib::builtins().at(static_cast<std::uint32_t>(e.resolved));
      if (f.name == "lower" || f.summary.find("lower-cased") != std::string_view::npos) return 'l';
      if (f.name == "upper") return 'u';
      return 0;
    }
    if (e.kind == ExprKind::name && e.name_kind == ast::NameKind::let && e.resolved >= 0)
      return case_of(*ctx_.checked.lets.at(static_cast<std::size_t>(e.resolved))->value, depth + 1);
    if (e.kind == ExprKind::binary && e.bop == ast::BinaryOp::coalesce) {
      char a = case_of(*e.args[0], depth + 1);
      return a == case_of(*e.args[1], depth + 1) ? a : 0;
    }
    if (auto s = ctx_.constant_string(e)) {
      bool upper = false, lower = false;
      for (char c : *s) upper |= std::isupper(static_cast<unsigned char>(c)) != 0, lower |= std::islower(static_cast<unsigned char>(c)) != 0;
      return upper ? (lower ? 0 : 'u') : 'l';
    }
    return 0;
  }

  void match(const Expr& e) {
    const Expr* re = ctx_.constant_regex(*e.args[1]);
    if (!re || case_insensitive(*re)) return;
    auto alts = alternatives(re->text);
    char input = case_of(*e.args[0]);
    std::string subject = ctx_.text(*e.args[0]);
    if (input == 'l' && needs_case(alts, true)) {
      ctx_.report("L0602", e.span,
                  {fmt::format("`{}` is lower-cased, and every alternative of /{}/ needs an upper-case letter", subject,
                               re->text),
                   "write the pattern in lower case, or add the `i` flag"},
                  "this regex can never match");
    } else if (input == 'u' && needs_case(alts, false)) {
      ctx_.report("L0602", e.span,
                  {fmt::format("`{}` is upper-cased, and every alternative of /{}/ needs a lower-case letter", subject,
                               re->text),
                   "write the pattern in upper case, or add the `i` flag"},
                  "this regex can never match");
    } else if (input == 0 && has_letters(re->text)) {
      ctx_.report("L0601", e.span,
                  {fmt::format("/{}/ has letters and no `i` flag, and `{}` is not lower-cased anywhere", re->text,
                               subject),
                   fmt::format("add the flag (/{}/i) or match `lower({})` against a lower-case pattern", re->text,
                               subject)},
                  "case-sensitive regex on text whose case is not known");
    }
  }

  void literal(const Expr& re) {
    if (!anchors_contradict(alternatives(re.text))) return;
    ctx_.report("L0602", re.span,
                {"without multi-line mode `^` matches only at the start of the text and `$` only at its end",
                 "a character before `^` or after `$` makes the pattern impossible"},
                "this regex can never match");
  }

 private:
  Context& ctx_;
};

}  // namespace

void check_regexes(Context& ctx) {
  RegexCheck check(ctx);
  for (const auto* c : ctx.checked.consts)
    if (c->value->kind == ExprKind::regex_lit) check.literal(*c->value);
  ctx.for_each_expr([&](const Expr& e) {
    if (e.kind == ExprKind::regex_lit) check.literal(e);
    if (e.kind == ExprKind::binary && e.bop == ast::BinaryOp::matches) check.match(e);
  });
}

}  // namespace baton::linter
