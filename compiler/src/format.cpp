// The canonical printer behind `baton fmt`.
//
// Layout: the header, a blank line, then the declarations; multi-line
// declarations are separated by a blank line, and a blank line the user left
// between two items (or comments) is kept as one. Two spaces indent each
// level; one field, rule or arm per line; names of stage and route arms and
// the points of score rules are padded so the columns line up within a block
// (the padding depends only on the block's content, so it is stable).
//
// Comments: a comment on its own line stays on its own line before the item
// that follows it; a comment at the end of a line stays there, two spaces
// after the code of the longest of the consecutive lines at its indentation
// that also have one (so they line up).
//
// Conditions: an expression is printed on one line when it fits in
// max_line (100) columns and holds no comment. Otherwise its top-level
// `and`/`or` chain is broken: the first clause stays on the item's line, each
// further clause starts a line with its operator, indented 4 spaces deeper
// than the line the chain started on; a clause that is itself too long (or
// commented) breaks the same way one level deeper, also inside `( )` and
// `not ( )`. A chain (or `if`/`else`) written over several lines with a
// comment at the end of its last line stays broken, so that the comment stays
// with its last clause. A comment at the end of a clause's line stays there;
// a comment on its own line stays before the clause that follows it.
//
// Every other expression that holds a comment breaks at its parts the same
// way (layout_parts): a set or list one item a line, an `if` one `else` a
// line, and a call's arguments and clauses, an operator's right operand or
// `then ...` start a line where a comment ends the one before. An item's
// expression starts a line of its own when a comment lies between it and
// the item's head (`+5 per v  # why` / `where ...`, `expect  # why` / `...`).
// The parts after a condition (`within`, `max`, `-> dest`, escalation steps
// and their `after`) and the further items of a continued line (lifecycle
// stages, calendar intervals and holidays, hand-off fields, an event group's
// members, `otherwise`, a summary, the header's version, a score's options)
// are Pieces: one stays on the line before it unless a comment ends that
// line, so no comment moves to another part.
#include "baton/compiler/format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace baton {
namespace {

constexpr std::size_t max_line = 100;  // short events and records stay on one line

// One character of a string literal as the source spells it.
void append_escaped(std::string& out, char c) {
  auto u = static_cast<unsigned char>(c);
  if (c == '"') out += "\\\"";
  else if (c == '\\') out += "\\\\";
  else if (c == '\n') out += "\\n";
  else if (c == '\t') out += "\\t";
  else if (u < 0x20 || u == 0x7F) out += fmt::format("\\u{{{:X}}}", u);
  else out += c;
}

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) append_escaped(out, c);
  return out + "\"";
}

// A hand-off summary: text re-escaped with its braces doubled (an escape's
// own braces, `\u{16}`, stay single), placeholders printed.
std::string expr_text(const ast::Expr& e);
std::string template_text(const std::vector<ast::TemplatePart>& parts) {
  std::string out = "\"";
  for (const auto& part : parts) {
    if (part.value) {
      // Appended piece by piece: GCC 12 at -O3 raises a false -Wrestrict on
      // `"{" + std::string&&` (std::string::insert inlined into operator+).
      out += '{';
      out += expr_text(*part.value);
      if (!part.format.empty()) {
        out += ':';
        out += part.format;
      }
      out += '}';
      continue;
    }
    for (char c : part.text) {
      if (c == '{' || c == '}') out += c;
      append_escaped(out, c);
    }
  }
  return out + "\"";
}

std::string regex_text(const ast::Expr& e) {
  std::string out = "/";
  for (std::size_t i = 0; i < e.text.size(); ++i) {
    if (e.text[i] == '\\' && i + 1 < e.text.size()) {
      out += e.text[i];
      out += e.text[++i];
    } else if (e.text[i] == '/') {
      out += "\\/";
    } else {
      out += e.text[i];
    }
  }
  return out + "/" + e.flags;
}

std::string expr_text(const ast::Expr& e);

std::string joined(const std::vector<ast::ExprPtr>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += expr_text(*item);
  }
  return out;
}

std::string call_text(const ast::Expr& e) {
  std::string inner = joined(e.args);
  auto clause = [&](const char* word, const ast::ExprPtr& x) {
    if (!x) return;
    if (!inner.empty()) inner += ' ';
    inner += word;
    inner += ' ';
    inner += expr_text(*x);
  };
  clause("where", e.where);
  clause("among", e.among);
  clause("within", e.within);
  clause("after", e.after);
  if (e.after && e.after->where) inner += " where " + expr_text(*e.after->where);
  return e.text + "(" + inner + ")";
}

std::string expr_text(const ast::Expr& e) {
  using K = ast::ExprKind;
  switch (e.kind) {
    case K::int_lit:
    case K::number_lit:
    case K::duration_lit:
    case K::time_lit:
    case K::name: return e.text;
    case K::string_lit: return quote(e.text);
    case K::bool_lit: return e.bool_value ? "true" : "false";
    case K::regex_lit: return regex_text(e);
    case K::set_lit: return "{" + joined(e.args) + "}";
    case K::list_lit: return "[" + joined(e.args) + "]";
    case K::member: return expr_text(*e.args[0]) + "." + e.text;
    case K::call: return call_text(e);
    case K::unary: return (e.uop == ast::UnaryOp::neg ? "-" : "not ") + expr_text(*e.args[0]);
    case K::binary:
      return expr_text(*e.args[0]) + " " + ast::binary_op_text(e.bop) + " " + expr_text(*e.args[1]);
    case K::between:
      return expr_text(*e.args[0]) + " between " + expr_text(*e.args[1]) + " and " + expr_text(*e.args[2]);
    case K::paren: return "(" + expr_text(*e.args[0]) + ")";
    case K::conditional:
      return "if " + expr_text(*e.args[0]) + " then " + expr_text(*e.args[1]) + " else " + expr_text(*e.args[2]);
  }
  return "";
}

std::string type_text(Type t) { return std::string(type_name(t)); }

std::string field_text(const ast::FieldDecl& f) {
  std::string out = f.name + ": " + type_text(f.type.type);
  if (f.optional) out += '?';
  if (f.default_value) out += " = " + expr_text(*f.default_value);
  return out;
}

std::string record_inline(const std::vector<ast::RecordField>& fields) {
  if (fields.empty()) return "{}";
  std::string out = "{ ";
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ", ";
    out += fields[i].name + ": " + expr_text(*fields[i].value);
  }
  return out + " }";
}

// Marks where a trailing comment starts; replaced by padding at the end so
// that the comments of consecutive lines at one indentation line up, which
// keeps a column of field notes readable in reviews. NUL, because it is the
// one byte a source that parsed cannot hold (E0016): any other may stand in a
// literal or a comment.
constexpr char kTrailing = '\0';

std::size_t display_width(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string align_trailing_comments(const std::string& text) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(std::string_view(text).substr(start, end - start));
    start = end + 1;
  }
  std::string out;
  out.reserve(text.size() + 256);
  for (std::size_t i = 0; i < lines.size();) {
    std::size_t j = i;
    std::size_t width = 0;
    // A run: consecutive lines at one indentation, each with a trailing comment.
    auto indentation = [](std::string_view line) { return line.find_first_not_of(' '); };
    while (j < lines.size() && lines[j].find(kTrailing) != std::string_view::npos &&
           indentation(lines[j]) == indentation(lines[i])) {
      width = std::max(width, display_width(lines[j].substr(0, lines[j].find(kTrailing))));
      ++j;
    }
    if (j == i) {
      out.append(lines[i]);
      out += '\n';
      ++i;
      continue;
    }
    for (; i < j; ++i) {
      std::size_t mark = lines[i].find(kTrailing);
      std::string_view code = lines[i].substr(0, mark);
      out.append(code);
      out.append(width - display_width(code) + 2, ' ');
      out.append(lines[i].substr(mark + 1));
      out += '\n';
    }
  }
  return out;
}

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

class printer {
 public:
  printer(const ast::File& file, const SourceFile& source) : file_(file), text_(source.text()) {}

  std::string run() {
    if (file_.tests_for_span.end) {
      item(0, file_.header_span, "tests for " + quote(file_.tests_for));
    } else {
      // A comment after the name keeps `version` on a line of its own.
      const std::vector<Piece> version{{" ", "version " + quote(file_.version), file_.version_span}};
      expr_item(0, file_.header_span, "sla " + quote(file_.sla_name), file_.sla_name_span.end, "", nullptr, version);
    }
    pending_blank_ = true;
    bool previous_multiline = false;
    for (std::size_t i = 0; i < file_.decls.size(); ++i) {
      bool multiline = std::visit([&](const auto& d) { return is_multiline(d); }, file_.decls[i]);
      if (i > 0 && (multiline || previous_multiline)) pending_blank_ = true;
      std::visit([&](const auto& d) { print(d); }, file_.decls[i]);
      previous_multiline = multiline;
    }
    comments_before(UINT32_MAX, 0);
    return align_trailing_comments(out_);
  }

 private:
  // ---- comments and lines ----

  bool has_blank_line(std::uint32_t from, std::uint32_t to) const {
    to = std::min<std::uint32_t>(to, static_cast<std::uint32_t>(text_.size()));
    bool seen_newline = false;
    for (std::uint32_t i = from; i < to; ++i) {
      char c = text_[i];
      if (c == '\n') {
        if (seen_newline) return true;
        seen_newline = true;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        seen_newline = false;
      }
    }
    return false;
  }

  bool same_line(std::uint32_t from, std::uint32_t to) const {
    if (from >= to) return true;
    to = std::min<std::uint32_t>(to, static_cast<std::uint32_t>(text_.size()));
    return std::memchr(text_.data() + from, '\n', to - from) == nullptr;
  }

  // The first position at or after `pos` that is neither blank nor in a comment.
  std::uint32_t code_after(std::uint32_t pos) const {
    while (pos < text_.size()) {
      char c = text_[pos];
      if (c == '#') {
        while (pos < text_.size() && text_[pos] != '\n') ++pos;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ++pos;
      } else {
        break;
      }
    }
    return pos;
  }

  bool comments_inside(SourceSpan span) const {
    for (std::size_t i = next_; i < file_.comments.size(); ++i) {
      if (file_.comments[i].span.begin >= span.end) break;
      if (file_.comments[i].span.begin >= span.begin) return true;
    }
    return false;
  }

  void start_line(int indent, std::uint32_t begin) {
    bool gap = last_end_ < begin && has_blank_line(last_end_, begin);
    if (!out_.empty() && !block_start_ && (pending_blank_ || gap)) out_ += '\n';
    pending_blank_ = false;
    block_start_ = false;
    out_.append(static_cast<std::size_t>(indent) * 2, ' ');
  }

  // Whether only blanks, closing brackets and a line-end `and`/`or` lie
  // between `from` and `to`: a comment there ends the code before it, not
  // other code on its line (`or (b  or (c  # about c` is about c).
  bool only_closers_between(std::uint32_t from, std::uint32_t to) const {
    to = std::min<std::uint32_t>(to, static_cast<std::uint32_t>(text_.size()));
    for (std::uint32_t i = from; i < to; ++i) {
      if (std::string_view(" \t\r)]},").find(text_[i]) != std::string_view::npos) continue;
      const std::string_view rest(text_.data() + i, to - i);
      const std::size_t word = rest.substr(0, 3) == "and" ? 3 : rest.substr(0, 2) == "or" ? 2 : 0;
      if (word == 0 || (i > from && !std::isspace(static_cast<unsigned char>(text_[i - 1]))) ||
          (word < rest.size() && !std::isspace(static_cast<unsigned char>(rest[word]))))
        return false;
      i += static_cast<std::uint32_t>(word) - 1;
    }
    return true;
  }

  // Ends the current line, taking along a comment that followed `end` on
  // the same source line with nothing but closing brackets between, or
  // before `next`, where the code of the next line starts (a comment after a
  // line-end `then` or `+` belongs to the line it ends).
  void end_line(std::uint32_t end, std::uint32_t next = 0) {
    if (next_ < file_.comments.size()) {
      const auto& c = file_.comments[next_];
      if (c.span.begin >= end && same_line(end, c.span.begin) &&
          (c.span.begin < next || only_closers_between(end, c.span.begin))) {
        out_ += kTrailing;
        out_ += c.text;
        end = c.span.end;
        ++next_;
      }
    }
    out_ += '\n';
    last_end_ = std::max(last_end_, end);
  }

  void comments_before(std::uint32_t pos, int indent) {
    while (next_ < file_.comments.size() && file_.comments[next_].span.begin < pos) {
      const auto& c = file_.comments[next_++];
      start_line(indent, c.span.begin);
      out_ += c.text;
      out_ += '\n';
      last_end_ = std::max(last_end_, c.span.end);
    }
  }

  // A one-line item; comments before it or inside its span go before it.
  void item(int indent, SourceSpan span, const std::string& text) {
    comments_before(span.end, indent);
    start_line(indent, span.begin);
    out_ += text;
    end_line(span.end);
  }

  // `header {`, with a comment on the header's source line kept after the
  // brace. `first` is where the block's first item starts.
  void open_block(int indent, SourceSpan span, std::uint32_t first, const std::string& header) {
    comments_before(span.begin, indent);
    start_line(indent, span.begin);
    out_ += header + " {";
    std::uint32_t end = span.begin;
    if (next_ < file_.comments.size()) {
      const auto& c = file_.comments[next_];
      if (c.span.begin < first && same_line(span.begin, c.span.begin)) {
        out_ += kTrailing;
        out_ += c.text;
        end = c.span.end;
        ++next_;
      }
    }
    out_ += '\n';
    last_end_ = std::max(last_end_, end);
    block_start_ = true;
  }

  // `header {}` for a block with nothing in it, not even a comment.
  bool empty_block(int indent, SourceSpan span, bool empty, const std::string& header) {
    if (!empty || comments_inside(span)) return false;
    item(indent, span, header + " {}");
    return true;
  }

  void close_block(int indent, std::uint32_t end) {
    comments_before(end, indent + 1);
    block_start_ = false;
    out_.append(static_cast<std::size_t>(indent) * 2, ' ');
    out_ += '}';
    end_line(end);
  }

  // ---- declarations ----

  static bool is_multiline(const ast::LeadDecl&) { return true; }
  bool is_multiline(const ast::EventDecl& d) const { return !event_fits(d); }
  static bool is_multiline(const ast::ConstDecl&) { return false; }
  static bool is_multiline(const ast::LetDecl&) { return false; }
  static bool is_multiline(const ast::ScoreDecl&) { return true; }
  static bool is_multiline(const ast::StagesDecl&) { return true; }
  static bool is_multiline(const ast::RoutesDecl&) { return true; }
  static bool is_multiline(const ast::TestDecl&) { return true; }
  static bool is_multiline(const ast::LifecycleDecl&) { return true; }
  static bool is_multiline(const ast::HandoffDecl&) { return true; }
  bool is_multiline(const ast::HolidaysDecl& d) const { return !holidays_fit(d); }
  static bool is_multiline(const ast::CalendarDecl&) { return true; }

  static std::string holidays_inline(const ast::HolidaysDecl& d) {
    std::string out = fmt::format("holidays {} {{", d.name);
    for (std::size_t i = 0; i < d.items.size(); ++i) {
      out += i ? ", " : " ";
      out += d.items[i].text;
    }
    out += d.items.empty() ? "}" : " }";
    return out;
  }
  bool holidays_fit(const ast::HolidaysDecl& d) const {
    return !comments_inside(d.span) && holidays_inline(d).size() <= max_line;
  }

  std::string event_inline(const ast::EventDecl& d) const {
    std::string out = "event " + d.name + " {";
    for (std::size_t i = 0; i < d.fields.size(); ++i) out += (i > 0 ? ", " : " ") + field_text(d.fields[i]);
    return out + (d.fields.empty() ? "}" : " }");
  }

  bool event_fits(const ast::EventDecl& d) const {
    return !comments_inside(d.span) && event_inline(d).size() <= max_line;
  }

  // ---- long and commented expressions ----

  struct Line {
    std::size_t spaces;  // indentation
    std::string text;
    std::uint32_t begin;  // source start of the line's own code: a comment before it on the line above stays there
    std::uint32_t end;    // source end of what the line holds
    std::size_t notes = std::string::npos;  // indentation of the own-line comments before it (npos: `spaces`)
  };

  static bool breakable(const ast::Expr& e) {
    using K = ast::ExprKind;
    if (e.kind == K::binary) return e.bop == ast::BinaryOp::and_ || e.bop == ast::BinaryOp::or_;
    if (e.kind == K::paren) return breakable(*e.args[0]);
    if (e.kind == K::unary) return e.uop == ast::UnaryOp::not_ && e.args[0]->kind == K::paren && breakable(*e.args[0]);
    return false;
  }

  // An `and`/`or` chain or an `if`/`else`: a line per clause or arm when broken.
  static bool chain(const ast::Expr& e) {
    if (e.kind == ast::ExprKind::paren) return chain(*e.args[0]);
    return breakable(e) || e.kind == ast::ExprKind::conditional;
  }

  // Whether `e` must be broken for its comments: it holds one, or it is a
  // chain written over several lines with a comment at the end of its last
  // line; joined, that comment would read as one about the whole chain
  // rather than its last clause.
  bool commented(const ast::Expr& e) const {
    if (comments_inside(e.span)) return true;
    if (!chain(e) || same_line(e.span.begin, e.span.end)) return false;
    for (std::size_t i = next_; i < file_.comments.size(); ++i) {
      const auto& c = file_.comments[i];
      if (c.span.begin < e.span.end) continue;
      return same_line(e.span.end, c.span.begin) && only_closers_between(e.span.end, c.span.begin);
    }
    return false;
  }

  // The clauses of a chain of one operator: `a or b or c` -> a, b, c.
  static void clauses(const ast::Expr& e, ast::BinaryOp op, std::vector<const ast::Expr*>& out) {
    if (e.kind == ast::ExprKind::binary && e.bop == op) {
      clauses(*e.args[0], op, out);
      clauses(*e.args[1], op, out);
    } else {
      out.push_back(&e);
    }
  }

  static std::size_t first_line_width(std::string_view s) { return display_width(s.substr(0, s.find('\n'))); }

  // `prefix EXPR suffix` starting at column `first`, continuation lines at
  // `cont`. One line when it fits and needs no break for a comment; else an
  // `and`/`or` chain has a line per clause, and every other expression
  // breaks at its parts (see layout_parts).
  void layout(const ast::Expr& e, const std::string& prefix, std::size_t first, std::size_t cont,
              const std::string& suffix, std::vector<Line>& out) const {
    std::string one = prefix + expr_text(e) + suffix;
    if (!commented(e) && (!breakable(e) || first + first_line_width(one) <= max_line)) {
      out.push_back({first, std::move(one), e.span.begin, e.span.end});
      return;
    }
    if (!breakable(e)) return layout_parts(e, prefix, first, cont, suffix, std::move(one), out);
    using K = ast::ExprKind;
    if (e.kind == K::paren) return layout(*e.args[0], prefix + "(", first, cont, ")" + suffix, out);
    if (e.kind == K::unary) return layout_unary(e, prefix, first, cont, suffix, out);
    std::vector<const ast::Expr*> parts;
    clauses(e, e.bop, parts);
    std::string op = std::string(ast::binary_op_text(e.bop)) + " ";
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const std::string& tail = i + 1 == parts.size() ? suffix : std::string();
      if (i == 0) layout(*parts[i], prefix, first, cont, tail, out);
      else layout(*parts[i], op, cont, cont + 4, tail, out);
    }
  }

  // An expression other than an `and`/`or` chain that holds a comment,
  // broken at its parts so that each comment stays where it was written:
  // the items of a set or list one a line, 2 deeper, between its brackets on
  // lines of their own; every `else` of an `if` on a line of its own; the
  // other parts (`then`, an operator and its right operand, a call's further
  // arguments and its `where`/`within`/... clauses) stay on the line before
  // unless a comment lies between (see next_part).
  void layout_parts(const ast::Expr& e, const std::string& prefix, std::size_t first, std::size_t cont,
                    const std::string& suffix, std::string one, std::vector<Line>& out) const {
    using K = ast::ExprKind;
    switch (e.kind) {
      case K::paren: return layout(*e.args[0], prefix + "(", first, cont, ")" + suffix, out);
      case K::unary: return layout_unary(e, prefix, first, cont, suffix, out);
      case K::member: return layout(*e.args[0], prefix, first, cont, "." + e.text + suffix, out);
      case K::binary:
        layout(*e.args[0], prefix, first, cont, "", out);
        return next_part(e.args[1].get(), {}, "", std::string(ast::binary_op_text(e.bop)) + " ",
                         e.args[0]->span.end, cont, suffix, out);
      case K::between:
        layout(*e.args[0], prefix, first, cont, "", out);
        next_part(e.args[1].get(), {}, "", "between ", e.args[0]->span.end, cont, "", out);
        return next_part(e.args[2].get(), {}, "", "and ", e.args[1]->span.end, cont, suffix, out);
      case K::conditional: return layout_conditional(e, prefix, first, cont, suffix, out);
      case K::call: return layout_call(e, prefix, first, cont, suffix, out);
      case K::set_lit:
      case K::list_lit: {
        const bool set = e.kind == K::set_lit;
        out.push_back({first, prefix + (set ? "{" : "["), e.span.begin, e.span.begin + 1});
        for (std::size_t i = 0; i < e.args.size(); ++i) {
          const ast::Expr& x = *e.args[i];
          out.push_back({first + 2, expr_text(x) + (i + 1 < e.args.size() ? "," : ""), x.span.begin, x.span.end});
        }
        out.push_back({first, (set ? "}" : "]") + suffix, e.span.end - 1, e.span.end, first + 2});
        return;
      }
      default: out.push_back({first, std::move(one), e.span.begin, e.span.end});
    }
  }

  // `not X`, `-X`: X starts the next line when a comment follows the operator.
  void layout_unary(const ast::Expr& e, const std::string& prefix, std::size_t first, std::size_t cont,
                    const std::string& suffix, std::vector<Line>& out) const {
    const bool neg = e.uop == ast::UnaryOp::neg;
    const ast::Expr& x = *e.args[0];
    const std::uint32_t op_end = e.span.begin + (neg ? 1 : 3);
    if (!comments_inside({op_end, x.span.begin}))
      return layout(x, prefix + (neg ? "-" : "not "), first, cont, suffix, out);
    out.push_back({first, prefix + (neg ? "-" : "not"), e.span.begin, op_end});
    layout(x, "", cont, cont + 4, suffix, out);
  }

  // `if C then A else if ... else B`: the first arm on the line it starts,
  // each `else` on a line of its own at `cont`; an arm's condition breaks
  // 4 deeper.
  void layout_conditional(const ast::Expr& e, const std::string& prefix, std::size_t first, std::size_t cont,
                          const std::string& suffix, std::vector<Line>& out) const {
    const ast::Expr* arm = &e;
    std::string lead = prefix + "if ";
    std::size_t at = first;
    for (;;) {
      layout(*arm->args[0], lead, at, cont + 4, "", out);
      next_part(arm->args[1].get(), {}, "", "then ", arm->args[0]->span.end, cont, "", out);
      const ast::Expr& other = *arm->args[2];
      if (other.kind != ast::ExprKind::conditional) return layout(other, "else ", cont, cont + 4, suffix, out);
      arm = &other;
      lead = "else if ";
      at = cont;
    }
  }

  // `f(a, b where W within D)`: the first argument (or clause) after `(`,
  // the others next parts, `)` after the last.
  void layout_call(const ast::Expr& e, const std::string& prefix, std::size_t first, std::size_t cont,
                   const std::string& suffix, std::vector<Line>& out) const {
    struct Part {
      const ast::Expr* x;  // or, for `after`'s event, null and `name`
      std::string keep, word, name;
      SourceSpan span;
    };
    std::vector<Part> parts;
    for (std::size_t i = 0; i < e.args.size(); ++i) parts.push_back({e.args[i].get(), i ? "," : "", "", "", {}});
    if (e.where) parts.push_back({e.where.get(), "", "where ", "", {}});
    if (e.among) parts.push_back({e.among.get(), "", "among ", "", {}});
    if (e.within) parts.push_back({e.within.get(), "", "within ", "", {}});
    if (e.after) {
      // The event's span runs to the end of its `where`: the name alone here.
      const std::uint32_t at = e.after->span.begin;
      const SourceSpan name{at, at + static_cast<std::uint32_t>(e.after->text.size())};
      parts.push_back({nullptr, "", "after ", e.after->text, name});
      if (e.after->where) parts.push_back({e.after->where.get(), "", "where ", "", {}});
    }
    const std::string open = prefix + e.text + "(";
    if (parts.empty()) {
      out.push_back({first, open + ")" + suffix, e.span.begin, e.span.end});
      return;
    }
    auto span_of = [](const Part& p) { return p.x ? p.x->span : p.span; };
    const std::string close = ")" + suffix;
    const Part& head = parts.front();
    const std::uint32_t callee_end = e.span.begin + static_cast<std::uint32_t>(e.text.size());
    if (comments_inside({callee_end, span_of(head).begin})) {
      // A comment right after `(`: the first part starts the next line.
      out.push_back({first, open, e.span.begin, callee_end + 1});
      place(head.x, head.name, head.span, head.word, cont, cont + 4, parts.size() == 1 ? close : "", out);
    } else {
      place(head.x, head.name, head.span, open + head.word, first, cont, parts.size() == 1 ? close : "", out);
    }
    for (std::size_t i = 1; i < parts.size(); ++i) {
      const Part& p = parts[i];
      next_part(p.x, p.x ? SourceSpan{} : p.span, p.keep, p.word, span_of(parts[i - 1]).end, cont,
                i + 1 == parts.size() ? close : "", out, p.name);
    }
  }

  // `lead` followed by an expression, or by the name `name` at `span`.
  void place(const ast::Expr* x, const std::string& name, SourceSpan span, const std::string& lead, std::size_t first,
             std::size_t cont, const std::string& suffix, std::vector<Line>& out) const {
    if (x) return layout(*x, lead, first, cont, suffix, out);
    out.push_back({first, lead + name + suffix, span.begin, span.end});
  }

  // A part of a broken expression after what `out` ends with, `word` before
  // it (`then `, `+ `, `where `): on the same line unless a comment lies
  // between `after` and the part, then on a line of its own at `cont`.
  // `keep` (a `,`) stays at the end of the line before either way.
  void next_part(const ast::Expr* x, SourceSpan span, const std::string& keep, const std::string& word,
                 std::uint32_t after, std::size_t cont, const std::string& suffix, std::vector<Line>& out,
                 const std::string& name = "") const {
    const SourceSpan where = x ? x->span : span;
    out.back().text += keep;
    if (comments_inside({after, where.begin})) return place(x, name, span, word, cont, cont + 4, suffix, out);
    Line last = std::move(out.back());
    out.pop_back();
    const std::size_t at = out.size();
    place(x, name, span, last.text + " " + word, last.spaces, cont, suffix, out);
    out[at].begin = last.begin;
    out[at].notes = last.notes;
  }

  // A part of an item after its condition (`-> "x"`, `within 30d`, `max 10`,
  // an escalation step, the next stage of a lifecycle line). It stays on the
  // line before it unless a comment lies between the two (the source had it
  // on a line of its own, and the comment belongs to the line above) or it is
  // an escalation step, which always has a line of its own.
  struct Piece {
    std::string joint;  // printed before it on a shared line: " " or ", "
    std::string text;
    SourceSpan span;
    bool own_line = false;   // an escalation step
    std::size_t spaces = 0;  // its indentation on a line of its own (0: the item's, 4 deeper)
    const ast::Expr* x = nullptr;  // an expression (a route's destination): laid out when it holds a comment
    std::string word = {};         // what precedes `x` in `text` ("-> ")
  };

  bool starts_line(const Piece& piece, std::uint32_t previous_end) const {
    return piece.own_line || comments_inside({previous_end, piece.span.begin});
  }

  static std::string trimmed(std::string_view s) {
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    return std::string(s);
  }

  // An item `head [keyword EXPR] pieces...`, broken at `and`/`or` (and at the
  // parts of a commented expression) when too long or commented. `head_end`
  // is where the head ends in the source: a comment between it and EXPR
  // ends the head's line, and EXPR starts the next with its keyword
  // (`+5 per v  # why` / `where ...`). The pieces that share the
  // expression's last line count towards its width, as a suffix.
  void expr_item(int indent, SourceSpan span, const std::string& head, std::uint32_t head_end,
                 const std::string& keyword, const ast::Expr* e, const std::vector<Piece>& pieces = {}) {
    std::size_t spaces = static_cast<std::size_t>(indent) * 2;
    std::uint32_t previous = e ? e->span.end : head_end;
    std::size_t joined = 0;
    std::string suffix;
    auto broken = [&](const Piece& piece) { return piece.x && commented(*piece.x); };
    for (; joined < pieces.size() && !starts_line(pieces[joined], previous) && !broken(pieces[joined]); ++joined) {
      suffix += pieces[joined].joint + pieces[joined].text;
      previous = pieces[joined].span.end;
    }
    std::vector<Line> lines;
    if (e && comments_inside({head_end, e->span.begin})) {
      lines.push_back({spaces, trimmed(head), span.begin, head_end});
      layout(*e, trimmed(keyword) + (keyword.empty() ? "" : " "), spaces + 4, spaces + 8, suffix, lines);
    } else if (e) {
      layout(*e, head + keyword, spaces, spaces + 4, suffix, lines);
    } else {
      lines.push_back({spaces, head + suffix, span.begin, previous});
    }
    if (joined > 0) lines.back().end = previous;
    for (std::size_t i = joined; i < pieces.size(); ++i) {
      const Piece& piece = pieces[i];
      if (broken(piece)) {
        next_part(piece.x, {}, trimmed(piece.joint), piece.word, previous, spaces + 4, "", lines);
      } else if (starts_line(piece, previous)) {
        // A separator such as `,` stays at the end of the line it follows.
        lines.back().text += trimmed(piece.joint);
        lines.push_back({piece.spaces ? piece.spaces : spaces + 4, piece.text, piece.span.begin, piece.span.end});
      } else {
        lines.back().text += piece.joint + piece.text;
        lines.back().end = piece.span.end;
      }
      previous = piece.span.end;
    }
    if (lines.size() == 1) {
      const std::uint32_t clause_end = lines[0].end;
      comments_before(clause_end, indent);  // the comments above the item
      if (!tail_comment_follows(clause_end, span.end)) return item(indent, span, lines[0].text);
      start_line(indent, span.begin);
      out_ += lines[0].text;
      return end_item_line(clause_end, span.end);
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
      std::uint32_t end = i + 1 == lines.size() ? span.end : lines[i].end;
      if (i == 0) {
        comments_before(lines[0].end, indent);
        start_line(indent, span.begin);
      } else {
        // Own-line comments (and any inside the clause) go before its line.
        const std::size_t notes = lines[i].notes == std::string::npos ? lines[i].spaces : lines[i].notes;
        while (next_ < file_.comments.size() && file_.comments[next_].span.begin < lines[i].end) {
          const auto& c = file_.comments[next_++];
          out_.append(notes, ' ');
          out_ += c.text;
          out_ += '\n';
        }
        out_.append(lines[i].spaces, ' ');
      }
      out_ += lines[i].text;
      if (i + 1 == lines.size()) end_item_line(lines[i].end, end);
      else end_line(end, lines[i + 1].begin);
    }
  }

  // Whether the next comment sits between an item's last clause and its
  // end: in the rest of the item (`within 30d`, `max 10`) written below it.
  bool tail_comment_follows(std::uint32_t clause_end, std::uint32_t end) const {
    if (next_ >= file_.comments.size()) return false;
    const auto& c = file_.comments[next_];
    return c.span.begin >= clause_end && c.span.begin < end;
  }

  // Ends an item's last line. The comments written after its last clause
  // (on that clause's line or on the lines of the item's tail), and one after
  // the item on its own last line, stay at the end of the line, joined: a
  // line holds one comment. Without this they would drift to the item below.
  void end_item_line(std::uint32_t clause_end, std::uint32_t end) {
    if (!tail_comment_follows(clause_end, end)) return end_line(end);
    out_ += kTrailing;
    bool first = true;
    auto take = [&] {
      if (!first) out_ += "  ";
      first = false;
      out_ += file_.comments[next_++].text;
    };
    while (tail_comment_follows(clause_end, end)) take();
    if (next_ < file_.comments.size() && file_.comments[next_].span.begin >= end &&
        same_line(end, file_.comments[next_].span.begin) && only_closers_between(end, file_.comments[next_].span.begin)) {
      end = file_.comments[next_].span.end;
      take();
    }
    out_ += '\n';
    last_end_ = std::max(last_end_, end);
  }

  void print_fields(const std::vector<ast::FieldDecl>& fields) {
    for (const auto& f : fields) {
      if (!f.default_value) {
        item(1, f.span, field_text(f));
        continue;
      }
      std::string head = f.name + ": " + type_text(f.type.type) + (f.optional ? "? = " : " = ");
      expr_item(1, f.span, head, f.type.span.end, "", f.default_value.get());
    }
  }

  void print(const ast::LeadDecl& d) {
    if (empty_block(0, d.span, d.fields.empty(), "lead")) return;
    open_block(0, d.span, d.fields.empty() ? d.span.end : d.fields.front().span.begin, "lead");
    print_fields(d.fields);
    close_block(0, d.span.end);
  }

  void print(const ast::EventDecl& d) {
    if (!d.members.empty()) {  // a group: `event touches = page_view | webinar`, on one line
      std::string out = "event " + d.name + " = " + d.members[0];
      if (d.member_spans.size() != d.members.size()) {
        for (std::size_t i = 1; i < d.members.size(); ++i) out += " | " + d.members[i];
        return item(0, d.span, out);
      }
      // Unless comments stand between the members: each stays with its own.
      std::vector<Piece> pieces;
      for (std::size_t i = 1; i < d.members.size(); ++i)
        pieces.push_back({" ", "| " + d.members[i], d.member_spans[i]});
      return expr_item(0, d.span, out, d.member_spans[0].end, "", nullptr, pieces);
    }
    if (event_fits(d)) return item(0, d.span, event_inline(d));
    open_block(0, d.span, d.fields.empty() ? d.span.end : d.fields.front().span.begin, "event " + d.name);
    print_fields(d.fields);
    close_block(0, d.span.end);
  }

  void print(const ast::ConstDecl& d) {
    expr_item(0, d.span, "const " + d.name + " = ", d.name_span.end, "", d.value.get());
  }

  void print(const ast::LetDecl& d) {
    expr_item(0, d.span, std::string(d.exported ? "export " : "") + "let " + d.name + " = ", d.name_span.end, "",
              d.value.get());
  }

  static std::string score_header(const ast::ScoreDecl& d) {
    std::string out = "score " + d.name;
    if (d.max) out += " max " + expr_text(*d.max);
    if (d.min) out += " min " + expr_text(*d.min);
    if (d.window) out += " window " + expr_text(*d.window);
    if (d.half_life) out += " decay half_life " + expr_text(*d.half_life);
    return out;
  }

  // `score NAME  # why` / `max 100 {`: with a comment inside the header
  // before its `{`, each option is a piece, so the comment stays after the
  // part it follows. False (nothing printed) otherwise.
  bool commented_score_header(const ast::ScoreDecl& d) {
    std::vector<Piece> pieces;
    auto option = [&](const char* word, const ast::ExprPtr& value) {
      if (value) pieces.push_back({" ", fmt::format("{} {}", word, expr_text(*value)), value->span});
    };
    option("max", d.max);
    option("min", d.min);
    option("window", d.window);
    option("decay half_life", d.half_life);
    std::uint32_t end = d.name_span.end;
    for (const auto& piece : pieces) {
      if (piece.span.begin < end) return false;  // options in another order: one line
      end = piece.span.end;
    }
    const std::uint32_t brace = code_after(end);
    if (brace >= text_.size() || text_[brace] != '{' || !comments_inside({d.name_span.end, brace})) return false;
    pieces.push_back({" ", "{", {brace, brace + 1}});
    expr_item(0, {d.span.begin, brace + 1}, "score " + d.name, d.name_span.end, "", nullptr, pieces);
    block_start_ = true;
    return true;
  }

  // A rule as the text before its condition (or filter), the condition, and
  // what follows it (`within`, `max`), each kept with its own comment.
  void print_rule(const ast::ScoreRule& r, std::size_t points_width) {
    std::string head = fmt::format("{}{}", r.negative ? "-" : "+", pad(expr_text(*r.points), points_width));
    std::vector<Piece> pieces;
    const ast::Expr* condition = nullptr;
    std::uint32_t head_end = r.points->span.end;
    std::string keyword;
    if (r.kind == ast::RuleKind::when) {
      keyword = " when ";
      condition = r.condition.get();
    } else {
      head += " per " + r.event;
      head_end = r.event_span.end;
      if (r.where) {
        keyword = " where ";
        condition = r.where.get();
      }
      if (r.within) pieces.push_back({" ", "within " + expr_text(*r.within), r.within->span});
    }
    if (r.max) pieces.push_back({" ", "max " + expr_text(*r.max), r.max->span});
    expr_item(1, r.span, head, head_end, keyword, condition, pieces);
  }

  void print(const ast::ScoreDecl& d) {
    std::size_t width = 0;
    for (const auto& r : d.rules) width = std::max(width, expr_text(*r.points).size());
    if (empty_block(0, d.span, d.rules.empty(), score_header(d))) return;
    if (!commented_score_header(d))
      open_block(0, d.span, d.rules.empty() ? d.span.end : d.rules.front().span.begin, score_header(d));
    for (const auto& r : d.rules) print_rule(r, width);
    close_block(0, d.span.end);
  }

  void print(const ast::StagesDecl& d) {
    std::size_t width = 0;
    for (const auto& a : d.arms) width = std::max(width, a.name.size());
    if (empty_block(0, d.span, d.arms.empty(), "stages")) return;
    open_block(0, d.span, d.arms.empty() ? d.span.end : d.arms.front().span.begin, "stages");
    for (const auto& a : d.arms) {
      if (a.condition) expr_item(1, a.span, pad(a.name, width), a.name_span.end, " when ", a.condition.get());
      else otherwise_arm(a, width);
    }
    close_block(0, d.span.end);
  }

  // `NAME otherwise`: `otherwise` is a piece, so a comment after the name stays there.
  void otherwise_arm(const ast::StageArm& a, std::size_t width) {
    constexpr std::string_view word = "otherwise";
    const SourceSpan at{a.span.end - static_cast<std::uint32_t>(word.size()), a.span.end};
    if (a.span.end < word.size() || std::string_view(text_).substr(at.begin, word.size()) != word)
      return item(1, a.span, pad(a.name, width) + " otherwise");
    expr_item(1, a.span, pad(a.name, width), a.name_span.end, "", nullptr, {{" ", std::string(word), at}});
  }

  // The keyword `word` right before `value` (only blanks and comments
  // between), or an empty span at `value` when it is not found.
  SourceSpan keyword_before(std::string_view word, std::uint32_t value) const {
    const std::size_t at = std::string_view(text_).substr(0, value).rfind(word);
    if (at == std::string_view::npos || code_after(static_cast<std::uint32_t>(at + word.size())) != value)
      return {value, value};
    return {static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + word.size())};
  }

  // `keyword VALUE` (`as_of`, `expect`, `reasons`): a comment after the
  // keyword keeps VALUE on the next line.
  void keyword_item(int indent, std::string_view word, const ast::Expr& value) {
    const SourceSpan kw = keyword_before(word, value.span.begin);
    expr_item(indent, {kw.begin, value.span.end}, std::string(word) + " ", kw.end, "", &value);
  }

  void print(const ast::RoutesDecl& d) {
    std::size_t width = 0;
    for (const auto& a : d.arms) width = std::max(width, a.stage.size());
    if (empty_block(0, d.span, d.arms.empty(), "routes")) return;
    open_block(0, d.span, d.arms.empty() ? d.span.end : d.arms.front().span.begin, "routes");
    for (const auto& a : d.arms) {
      std::string head = pad(a.stage, width);
      std::vector<Piece> pieces{{" ", "-> " + expr_text(*a.target), a.target->span, false, 0, a.target.get(), "-> "}};
      if (a.within) {
        // fmt rather than "literal" + std::string: GCC 12 -O3 -Wrestrict (bug 105329).
        std::string within = fmt::format("within {}", expr_text(*a.within));
        SourceSpan where = a.within->span;
        if (!a.calendar.empty()) {
          within += fmt::format(" on {}", a.calendar);
          where.end = a.calendar_span.end;
        }
        pieces.push_back({" ", std::move(within), where});
      }
      // Each step of a cadence on a line of its own, under the destination.
      // Each step of a cadence on a line of its own, under the destination;
      // its `after` is a piece of its own too.
      for (const auto& step : a.escalations) {
        const std::size_t at = 2 + width + 4;
        pieces.push_back({"", fmt::format("escalate to {}", expr_text(*step.target)),
                          {step.span.begin, step.target->span.end}, true, at});
        std::string after = fmt::format("after {}", expr_text(*step.after));
        if (!step.calendar.empty()) after += fmt::format(" on {}", step.calendar);
        pieces.push_back({" ", std::move(after), {step.after->span.begin, step.span.end}, false, at + 4});
      }
      expr_item(1, a.span, head, a.stage_span.end, a.condition ? " when " : "", a.condition.get(), pieces);
    }
    close_block(0, d.span.end);
  }

  void print(const ast::LifecycleDecl& d) {
    std::string head = "lifecycle";
    if (!d.from_field.empty()) head += " from " + d.from_field;
    if (!d.since_field.empty()) head += " since " + d.since_field;
    if (empty_block(0, d.span, d.paths.empty(), head)) return;
    open_block(0, d.span, d.paths.empty() ? d.span.end : d.paths.front().span.begin, head);
    for (const auto& path : d.paths) {
      std::string text;
      for (std::size_t i = 0; i < path.stages.size(); ++i) text += (i ? " -> " : "") + path.stages[i];
      if (path.condition) {
        const std::uint32_t head_end = path.stage_spans.empty() ? path.span.begin : path.stage_spans.back().end;
        expr_item(1, path.span, text, head_end, " when ", path.condition.get());
        continue;
      }
      // A line continued over several (`lead -> mql  # warming` / `-> sql`)
      // keeps each comment with its stage.
      std::vector<Piece> pieces;
      for (std::size_t i = 1; i < path.stages.size() && i < path.stage_spans.size(); ++i)
        pieces.push_back({" ", "-> " + path.stages[i], path.stage_spans[i]});
      if (path.stages.empty() || pieces.size() + 1 != path.stages.size()) item(1, path.span, text);
      else expr_item(1, path.span, path.stages[0], path.stage_spans[0].end, "", nullptr, pieces);
    }
    close_block(0, d.span.end);
  }

  // `holidays NAME { a, b }` on one line when it fits, else one date a line.
  void print(const ast::HolidaysDecl& d) {
    if (holidays_fit(d)) return item(0, d.span, holidays_inline(d));
    const std::string head = fmt::format("holidays {}", d.name);
    open_block(0, d.span, d.items.front().span.begin, head);
    for (std::size_t i = 0; i < d.items.size(); ++i)
      item(1, d.items[i].span, fmt::format("{}{}", d.items[i].text, i + 1 < d.items.size() ? "," : ""));
    close_block(0, d.span.end);
  }

  static std::string clock_text(int minutes) { return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60); }

  void print(const ast::CalendarDecl& d) {
    const std::string head = fmt::format("calendar {} {}", d.name, quote(d.zone));
    if (empty_block(0, d.span, d.lines.empty(), head)) return;
    open_block(0, d.span, d.lines.front().span.begin, head);
    constexpr std::string_view days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (const auto& line : d.lines) {
      // Each holiday and interval is a piece, so a comment after one of them
      // (or after the days) stays with it.
      std::string head;
      std::uint32_t head_end = line.span.begin;
      std::vector<Piece> pieces;
      if (line.is_holidays) {
        head = "holidays";
        head_end = keyword_before(head, line.holidays.empty() ? line.span.end : line.holidays[0].span.begin).end;
        for (std::size_t i = 0; i < line.holidays.size(); ++i)
          pieces.push_back({i ? ", " : " ", line.holidays[i].text, line.holidays[i].span});
      } else {
        head = std::string(days[line.first_day]);
        if (line.last_day != line.first_day) head += fmt::format("-{}", days[line.last_day]);
        head_end = line.days_span.end;
        const bool spans = line.interval_spans.size() == line.intervals.size();
        for (std::size_t i = 0; i < line.intervals.size(); ++i) {
          std::string text = fmt::format("{}-{}", clock_text(line.intervals[i].first), clock_text(line.intervals[i].second));
          if (spans) pieces.push_back({i ? ", " : " ", std::move(text), line.interval_spans[i]});
          else head += (i ? ", " : " ") + text;
        }
      }
      expr_item(1, line.span, head, head_end, "", nullptr, pieces);
    }
    close_block(0, d.span.end);
  }

  void print(const ast::HandoffDecl& d) {
    std::string head = "handoff " + d.stage;
    bool empty = !d.has_summary && d.fields.empty() && !d.reasons;
    if (empty_block(0, d.span, empty, head)) return;
    std::uint32_t first = d.span.end;
    if (d.has_summary) first = std::min(first, d.summary_span.begin);
    if (!d.fields.empty()) first = std::min(first, d.fields.front()->span.begin);
    if (d.reasons) first = std::min(first, d.reasons->span.begin);
    open_block(0, d.span, first, head);
    if (d.has_summary) {
      const SourceSpan kw = keyword_before("summary", d.summary_span.begin);
      expr_item(1, {kw.begin, d.summary_span.end}, "summary", kw.end, "", nullptr,
                {{" ", template_text(d.summary), d.summary_span}});
    }
    if (!d.fields.empty()) {
      // One piece per further field, so a comment after one stays with it.
      std::vector<Piece> pieces;
      for (std::size_t i = 1; i < d.fields.size(); ++i) pieces.push_back({", ", d.fields[i]->text, d.fields[i]->span});
      expr_item(1, {d.fields.front()->span.begin, d.fields.back()->span.end}, "fields " + d.fields.front()->text,
                d.fields.front()->span.end, "", nullptr, pieces);
    }
    if (d.reasons) keyword_item(1, "reasons", *d.reasons);
    close_block(0, d.span.end);
  }

  // `lead { ... }` or `NAME at T { ... }`: one line when short and free of
  // comments, else one field per line.
  void print_record(int indent, SourceSpan span, const std::string& head,
                    const std::vector<ast::RecordField>& fields) {
    std::string line = head + " " + record_inline(fields);
    if (fields.empty() || (!comments_inside(span) && line.size() + static_cast<std::size_t>(indent) * 2 <= max_line))
      return item(indent, span, line);
    open_block(indent, span, fields.front().span.begin, head);
    for (const auto& f : fields) expr_item(indent + 1, f.span, f.name + ": ", f.name_span.end, "", f.value.get());
    close_block(indent, span.end);
  }

  void print(const ast::TestDecl& d) {
    std::uint32_t first = d.span.end;
    if (d.as_of) first = d.as_of->span.begin;
    else if (!d.lead.empty() || d.lead_span.end != 0) first = d.lead_span.begin;
    else if (!d.events.empty()) first = d.events.front().span.begin;
    else if (!d.expects.empty()) first = d.expects.front()->span.begin;
    open_block(0, d.span, first, "test " + quote(d.name));
    if (d.as_of) keyword_item(1, "as_of", *d.as_of);
    if (d.lead_span.end != 0 || !d.lead.empty()) print_record(1, d.lead_span, "lead", d.lead);
    if (!d.events.empty()) {
      // The block has no span of its own: `events {` is the first code after
      // what precedes it, and `}` the first after its last event, so that the
      // comments inside the block stay inside.
      std::uint32_t before = d.lead_span.end != 0 ? d.lead_span.end : d.as_of ? d.as_of->span.end : d.name_span.end;
      std::uint32_t open = code_after(before);
      if (open < text_.size() && text_[open] == '{') open = code_after(open + 1);
      if (open > d.events.front().span.begin) open = d.events.front().span.begin;
      std::uint32_t close = code_after(d.events.back().span.end);
      close = close < text_.size() && text_[close] == '}' ? close + 1 : d.events.back().span.end;
      open_block(1, {open, open}, d.events.front().span.begin, "events");
      for (const auto& e : d.events) {
        std::string head = e.name + " at " + expr_text(*e.at);
        if (e.fields.empty()) item(2, e.span, head);
        else print_record(2, e.span, head, e.fields);
      }
      close_block(1, close);
    }
    for (const auto& x : d.expects) keyword_item(1, "expect", *x);
    close_block(0, d.span.end);
  }

  const ast::File& file_;
  const std::string& text_;
  std::string out_;
  std::size_t next_ = 0;         // the next comment to print
  std::uint32_t last_end_ = 0;   // source end of what was printed last
  bool pending_blank_ = false;   // a blank line is due before the next line
  bool block_start_ = false;     // just after `{`: no blank line here
};

// ---- structural equality ----

bool same(const ast::ExprPtr& a, const ast::ExprPtr& b);

bool same(const std::vector<ast::ExprPtr>& a, const std::vector<ast::ExprPtr>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const ast::ExprPtr& x, const ast::ExprPtr& y) { return same(x, y); });
}

bool same(const ast::ExprPtr& a, const ast::ExprPtr& b) {
  if (!a || !b) return !a && !b;
  return a->kind == b->kind && a->text == b->text && a->flags == b->flags && a->int_value == b->int_value &&
         a->number_value == b->number_value &&
         a->bool_value == b->bool_value && a->uop == b->uop && a->bop == b->bop && same(a->args, b->args) &&
         same(a->where, b->where) && same(a->within, b->within) && same(a->among, b->among) && same(a->after, b->after);
}

bool same(const ast::FieldDecl& a, const ast::FieldDecl& b) {
  return a.name == b.name && a.type.type == b.type.type && a.optional == b.optional &&
         same(a.default_value, b.default_value);
}

bool same(const ast::RecordField& a, const ast::RecordField& b) { return a.name == b.name && same(a.value, b.value); }

bool same(const ast::TestEvent& a, const ast::TestEvent& b) {
  return a.name == b.name && same(a.at, b.at) &&
         std::equal(a.fields.begin(), a.fields.end(), b.fields.begin(), b.fields.end(),
                    [](const auto& x, const auto& y) { return same(x, y); });
}

bool same(const ast::ScoreRule& a, const ast::ScoreRule& b) {
  return a.kind == b.kind && a.negative == b.negative && same(a.points, b.points) &&
         same(a.condition, b.condition) && a.event == b.event && same(a.where, b.where) &&
         same(a.within, b.within) && same(a.max, b.max);
}

bool same(const ast::StageArm& a, const ast::StageArm& b) { return a.name == b.name && same(a.condition, b.condition); }

bool same(const ast::RouteArm& a, const ast::RouteArm& b) {
  return a.stage == b.stage && same(a.condition, b.condition) && same(a.target, b.target) && same(a.within, b.within) &&
         a.calendar == b.calendar &&
         std::equal(a.escalations.begin(), a.escalations.end(), b.escalations.begin(), b.escalations.end(),
                    [](const ast::Escalation& x, const ast::Escalation& y) {
                      return same(x.target, y.target) && same(x.after, y.after) && x.calendar == y.calendar;
                    });
}
bool same(const ast::HolidayItem& a, const ast::HolidayItem& b) { return a.text == b.text; }
bool same(const ast::CalendarLine& a, const ast::CalendarLine& b) {
  return a.is_holidays == b.is_holidays && a.first_day == b.first_day && a.last_day == b.last_day &&
         a.intervals == b.intervals && std::equal(a.holidays.begin(), a.holidays.end(), b.holidays.begin(),
                                                  b.holidays.end(), [](const auto& x, const auto& y) { return same(x, y); });
}

bool same(const ast::LifecyclePath& a, const ast::LifecyclePath& b) {
  return a.stages == b.stages && same(a.condition, b.condition);
}
bool same(const ast::TemplatePart& a, const ast::TemplatePart& b) {
  return a.text == b.text && same(a.value, b.value) && a.format == b.format;
}

template <typename T>
bool same_list(const std::vector<T>& a, const std::vector<T>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const T& x, const T& y) { return same(x, y); });
}

bool same_decl(const ast::LeadDecl& a, const ast::LeadDecl& b) { return same_list(a.fields, b.fields); }
bool same_decl(const ast::EventDecl& a, const ast::EventDecl& b) {
  return a.name == b.name && same_list(a.fields, b.fields) && a.members == b.members;
}
bool same_decl(const ast::ConstDecl& a, const ast::ConstDecl& b) { return a.name == b.name && same(a.value, b.value); }
bool same_decl(const ast::LetDecl& a, const ast::LetDecl& b) {
  return a.exported == b.exported && a.name == b.name && same(a.value, b.value);
}
bool same_decl(const ast::ScoreDecl& a, const ast::ScoreDecl& b) {
  return a.name == b.name && same(a.max, b.max) && same(a.min, b.min) && same(a.window, b.window) &&
         same(a.half_life, b.half_life) && same_list(a.rules, b.rules);
}
bool same_decl(const ast::StagesDecl& a, const ast::StagesDecl& b) { return same_list(a.arms, b.arms); }
bool same_decl(const ast::RoutesDecl& a, const ast::RoutesDecl& b) { return same_list(a.arms, b.arms); }
bool same_decl(const ast::LifecycleDecl& a, const ast::LifecycleDecl& b) {
  return a.from_field == b.from_field && a.since_field == b.since_field && same_list(a.paths, b.paths);
}
bool same_decl(const ast::HolidaysDecl& a, const ast::HolidaysDecl& b) {
  return a.name == b.name && same_list(a.items, b.items);
}
bool same_decl(const ast::CalendarDecl& a, const ast::CalendarDecl& b) {
  return a.name == b.name && a.zone == b.zone && same_list(a.lines, b.lines);
}
bool same_decl(const ast::HandoffDecl& a, const ast::HandoffDecl& b) {
  return a.stage == b.stage && a.has_summary == b.has_summary && same_list(a.summary, b.summary) &&
         same(a.fields, b.fields) && same(a.reasons, b.reasons);
}
bool same_decl(const ast::TestDecl& a, const ast::TestDecl& b) {
  return a.name == b.name && same(a.as_of, b.as_of) && same_list(a.lead, b.lead) && same_list(a.events, b.events) &&
         same(a.expects, b.expects);
}

}  // namespace

std::string format(const ast::File& file, const SourceFile& source) { return printer(file, source).run(); }

bool same_structure(const ast::File& a, const ast::File& b) {
  if (a.sla_name != b.sla_name || a.version != b.version || a.tests_for != b.tests_for ||
      a.decls.size() != b.decls.size())
    return false;
  for (std::size_t i = 0; i < a.decls.size(); ++i) {
    if (a.decls[i].index() != b.decls[i].index()) return false;
    bool equal = std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          return same_decl(x, std::get<T>(b.decls[i]));
        },
        a.decls[i]);
    if (!equal) return false;
  }
  return true;
}

}  // namespace baton
