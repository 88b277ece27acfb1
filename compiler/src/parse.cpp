// Source text -> AST. PEGTL builds a parse tree for one top-level item at a
// time (so memory is bounded by the largest declaration, not the file), and
// the tree is lowered straight into ast::File. PEGTL types stay in this file.
#include "baton/compiler/parse.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <vector>

#include <tao/pegtl/contrib/parse_tree.hpp>

#include "baton/common/time.hpp"
#include "baton/grammar/errors.hpp"
#include "baton/grammar/grammar.hpp"
#include "non_ascii_name.hpp"
#include "parse_hints.hpp"

namespace baton {
namespace {

namespace g = grammar;
namespace p = tao::pegtl;
namespace pt = tao::pegtl::parse_tree;
using node = pt::node;

// The rules that become parse-tree nodes. Operator chains fold away when
// they hold a single operand, so `x` is not seven nested nodes.
template <typename Rule>
using selector = pt::selector<
    Rule,
    pt::store_content::on<g::name, g::stage_ident, g::callee, g::name_ref, g::member_ident, g::int_lit,
                          g::number_lit, g::duration_lit, g::time_lit, g::string_lit, g::regex_lit, g::bool_lit,
                          g::signed_number, g::set_lit, g::list_lit, g::close_brace, g::paren_expr, g::if_expr, g::call,
                          g::call_where, g::call_within, g::call_among, g::call_after, g::after_where, g::event_member, g::neg_expr, g::not_tail, g::mul_op, g::add_op, g::cmp_op,
                          g::between_tail, g::cmp_tail, g::header, g::tests_header, g::field_type, g::optional_mark, g::field_default,
                          g::field, g::lead_decl, g::event_decl, g::const_decl, g::export_mark, g::let_decl,
                          g::score_max, g::score_min, g::score_window, g::score_decay, g::rule_sign, g::rule_when,
                          g::rule_per, g::rule_where, g::rule_within, g::rule_max, g::score_rule, g::score_decl,
                          g::stage_when, g::stage_arm, g::stages_decl, g::route_when, g::route_target,
                          g::route_within, g::route_arm, g::routes_decl, g::record_field, g::test_as_of, g::test_lead,
                          g::event_ago, g::event_record, g::test_event, g::test_events, g::test_expect, g::test_decl,
                          g::lifecycle_decl, g::lifecycle_from, g::lifecycle_since, g::lifecycle_path, g::lifecycle_when,
                          g::handoff_decl, g::handoff_summary, g::handoff_fields, g::handoff_field, g::handoff_reasons,
                          g::template_lit, g::template_text, g::template_slot, g::template_spec, g::route_on,
                          g::holidays_decl, g::holiday_day, g::holiday_list_name, g::calendar_decl, g::work_hours, g::day_first, g::day_last,
                          g::work_interval, g::interval_start, g::interval_end, g::calendar_holidays, g::route_escalate,
                          g::escalate_target, g::escalate_after>,
    pt::fold_one::on<g::postfix, g::mul_expr, g::add_expr, g::cmp_expr, g::and_expr, g::or_expr, g::coalesce_expr>>;

// State shared with the actions: comments (keyed by offset, because a
// comment inside a failed alternative is matched again later) and the start of
// the last string or regex, where an "unterminated" error should point.
struct scan_state {
  const char* base = nullptr;
  std::map<std::uint32_t, std::uint32_t> comments;  // begin -> end
  const char* last_open = nullptr;
};

template <typename Rule>
struct action : p::nothing<Rule> {};

template <>
struct action<g::comment> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, scan_state& st) {
    auto begin = static_cast<std::uint32_t>(in.begin() - st.base);
    auto end = static_cast<std::uint32_t>(in.end() - st.base);
    st.comments[begin] = end;
  }
};

struct record_open_quote {
  template <typename ActionInput>
  static void apply(const ActionInput& in, scan_state& st) {
    st.last_open = in.begin();
  }
};
template <> struct action<g::string_open> : record_open_quote {};
template <> struct action<g::regex_open> : record_open_quote {};
template <> struct action<g::template_open> : record_open_quote {};

// A lowering problem (bad literal, too deep) becomes the single diagnostic.
struct lowering_error {
  Diagnostic diagnostic;
};

[[noreturn]] void fail(std::string code, SourceSpan span, std::string message, std::vector<std::string> help = {}) {
  throw lowering_error{Diagnostic{Severity::error, std::move(code), span, std::move(message), std::move(help)}};
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// ---- input checks that run before the grammar --------------------------------

// Length of the UTF-8 sequence at s[i], or 0 when it is invalid (overlong,
// surrogate, beyond U+10FFFF, truncated).
std::size_t utf8_length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b = byte(i);
  if (b < 0x80) return 1;
  std::size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
  if (n == 0 || b > 0xF4 || (n == 2 && b < 0xC2) || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  unsigned char c = byte(i + 1);
  if (n == 3 && b == 0xE0 && c < 0xA0) return 0;  // overlong
  if (n == 3 && b == 0xED && c >= 0xA0) return 0;  // surrogate
  if (n == 4 && b == 0xF0 && c < 0x90) return 0;  // overlong
  if (n == 4 && b == 0xF4 && c >= 0x90) return 0;  // > U+10FFFF
  return n;
}

std::optional<Diagnostic> check_input(const SourceFile& file, const ParseOptions& options) {
  const std::string& text = file.text();
  if (text.size() > options.max_file_bytes || text.size() > std::numeric_limits<std::uint32_t>::max() / 2)
    return Diagnostic{Severity::error, "E0013", {0, 0},
                      fmt::format("file too large: {} bytes, the limit is {}", text.size(), options.max_file_bytes),
                      {}};
  for (std::size_t i = 0; i < text.size();) {
    auto at = static_cast<std::uint32_t>(i);
    if (text[i] == '\0')
      return Diagnostic{Severity::error, "E0016", {at, at + 1}, "NUL byte in the source", {"is this a binary file?"}};
    std::size_t n = utf8_length(text, i);
    if (n == 0)
      return Diagnostic{Severity::error, "E0011", {at, at + 1}, "the file is not valid UTF-8",
                        {"save the file as UTF-8"}};
    i += n;
  }
  return std::nullopt;
}

// ---- literal decoding ------------------------------------------------------------

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// `raw` is the literal with its quotes; the grammar has checked the escapes'
// shape, so only \u{...} values can still be wrong.
std::string decode_string(std::string_view raw, std::uint32_t offset) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
    if (raw[i] != '\\') {
      out += raw[i];
      continue;
    }
    char c = raw[++i];
    if (c == 'n') out += '\n';
    else if (c == 't') out += '\t';
    else if (c != 'u') out += c;
    else {
      std::size_t close = raw.find('}', i);
      std::uint32_t cp = 0;
      std::from_chars(raw.data() + i + 2, raw.data() + close, cp, 16);
      if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        fail("E0005", {offset + static_cast<std::uint32_t>(i - 1), offset + static_cast<std::uint32_t>(close + 1)},
             "invalid unicode escape: not a code point", {"use a value up to 10FFFF, outside D800-DFFF"});
      append_utf8(out, cp);
      i = close;
    }
  }
  return out;
}

// Digits with optional underscores; `negative` admits INT64_MIN.
std::optional<std::int64_t> parse_int(std::string_view digits, bool negative) {
  std::uint64_t limit = negative ? std::uint64_t{1} << 63 : static_cast<std::uint64_t>(INT64_MAX);
  std::uint64_t value = 0;
  for (char c : digits) {
    if (c == '_') continue;
    auto d = static_cast<std::uint64_t>(c - '0');
    if (value > (limit - d) / 10) return std::nullopt;
    value = value * 10 + d;
  }
  if (negative) return value == (std::uint64_t{1} << 63) ? INT64_MIN : -static_cast<std::int64_t>(value);
  return static_cast<std::int64_t>(value);
}

std::string without_underscores(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '_') out += c;
  return out;
}

// ---- the lowering ------------------------------------------------------------------

// An expression and the depth of its tree: the grammar limits nesting, but a
// long operator chain (`a + a + ... + a`) builds a deep tree without nesting,
// and every later phase recurses over the tree.
struct built {
  ast::ExprPtr expr;
  std::size_t depth = 1;
};

class lowerer {
 public:
  lowerer(const SourceFile& file, const ParseOptions& options)
      : text_(file.text()), max_tree_depth_(options.max_depth * 4 + 8) {}

  std::uint32_t offset(const char* p) const { return static_cast<std::uint32_t>(p - text_.data()); }

  // The first offset at or after `at` that is not whitespace or a comment.
  std::uint32_t trim_forward(std::uint32_t at) const {
    while (at < text_.size()) {
      char c = text_[at];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') ++at;
      else if (c == '#')
        while (at < text_.size() && text_[at] != '\n') ++at;
      else break;
    }
    return at;
  }

  SourceSpan span(const node& n) const {
    std::uint32_t end = offset(n.m_end.data);
    return {std::min(trim_forward(offset(n.m_begin.data)), end), end};
  }
  std::string_view text(const node& n) const {
    SourceSpan s = span(n);
    return std::string_view(text_).substr(s.begin, s.end - s.begin);
  }

  void header(const node& n, ast::File& file) const {
    file.header_span = span(n);
    if (n.is_type<g::tests_header>()) {
      file.tests_for = decode_string(text(*n.children[0]), span(*n.children[0]).begin);
      file.tests_for_span = span(*n.children[0]);
      return;
    }
    file.sla_name = decode_string(text(*n.children[0]), span(*n.children[0]).begin);
    file.sla_name_span = span(*n.children[0]);
    file.version = decode_string(text(*n.children[1]), span(*n.children[1]).begin);
    file.version_span = span(*n.children[1]);
  }

  // Takes the declaration's parse tree apart as it lowers it (block items are
  // freed one by one), so a block of many rules or arms never holds its whole
  // parse tree and its whole AST at once (docs/limits.md, memory).
  ast::Decl declaration(node& n) const {
    if (n.is_type<g::lead_decl>()) return lead(n);
    if (n.is_type<g::event_decl>()) return event(n);
    if (n.is_type<g::const_decl>()) return constant(n);
    if (n.is_type<g::let_decl>()) return let(n);
    if (n.is_type<g::score_decl>()) return score(n);
    if (n.is_type<g::stages_decl>()) return stages(n);
    if (n.is_type<g::routes_decl>()) return routes(n);
    if (n.is_type<g::lifecycle_decl>()) return lifecycle(n);
    if (n.is_type<g::handoff_decl>()) return handoff(n);
    if (n.is_type<g::holidays_decl>()) return holidays(n);
    if (n.is_type<g::calendar_decl>()) return calendar(n);
    return test(n);
  }

  ast::ExprPtr expression(const node& n) const { return expr(n).expr; }

 private:
  // ---- declarations ----

  ast::LeadDecl lead(const node& n) const {
    ast::LeadDecl d;
    d.span = span(n);
    for (const auto& c : n.children)
      if (c->is_type<g::field>()) d.fields.push_back(field(*c));
    return d;
  }

  ast::EventDecl event(const node& n) const {
    ast::EventDecl d;
    d.span = span(n);
    name_into(*n.children[0], d.name, d.name_span);
    for (const auto& c : n.children) {
      if (c->is_type<g::field>()) d.fields.push_back(field(*c));
      if (c->is_type<g::event_member>()) {
        d.members.emplace_back(text(*c->children[0]));
        d.member_spans.push_back(span(*c->children[0]));
      }
    }
    return d;
  }

  ast::FieldDecl field(const node& n) const {
    ast::FieldDecl f;
    f.span = span(n);
    name_into(*n.children[0], f.name, f.name_span);
    f.type = type_ref(*n.children[1]);
    for (std::size_t i = 2; i < n.children.size(); ++i) {
      const node& c = *n.children[i];
      if (c.is_type<g::optional_mark>()) f.optional = true;
      else f.default_value = literal(*c.children[0]);
    }
    return f;
  }

  ast::TypeRef type_ref(const node& n) const {
    std::string t = without_spaces(text(n));
    ast::TypeRef r;
    r.span = span(n);
    if (t == "int") r.type = Type::int_;
    else if (t == "number") r.type = Type::number;
    else if (t == "string") r.type = Type::string;
    else if (t == "bool") r.type = Type::boolean;
    else if (t == "time") r.type = Type::time;
    else if (t == "duration") r.type = Type::duration;
    else if (t.starts_with("set")) r.type = Type::string_set;
    else r.type = Type::string_list;
    return r;
  }

  ast::ConstDecl constant(const node& n) const {
    ast::ConstDecl d;
    d.span = span(n);
    name_into(*n.children[0], d.name, d.name_span);
    d.value = literal(*n.children[1]);
    return d;
  }

  ast::LetDecl let(const node& n) const {
    ast::LetDecl d;
    d.span = span(n);
    std::size_t i = 0;
    if (n.children[0]->is_type<g::export_mark>()) {
      d.exported = true;
      ++i;
    }
    name_into(*n.children[i], d.name, d.name_span);
    d.value = expression(*n.children[i + 1]);
    return d;
  }

  ast::ScoreDecl score(node& n) const {
    ast::ScoreDecl d;
    d.span = span(n);
    name_into(*n.children[0], d.name, d.name_span);
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const node& c = *n.children[i];
      if (c.is_type<g::score_max>()) d.max = value(*c.children[0]);
      else if (c.is_type<g::score_min>()) d.min = value(*c.children[0]);
      else if (c.is_type<g::score_window>()) d.window = value(*c.children[0]);
      else if (c.is_type<g::score_decay>()) d.half_life = value(*c.children[0]);
      else if (c.is_type<g::score_rule>()) d.rules.push_back(rule(c));
      n.children[i].reset();
    }
    return d;
  }

  ast::ScoreRule rule(const node& n) const {
    ast::ScoreRule r;
    r.span = span(n);
    r.negative = text(*n.children[0]) == "-";
    r.points = value(*n.children[1]);
    const node& body = *n.children[2];
    if (body.is_type<g::rule_when>()) {
      r.kind = ast::RuleKind::when;
      r.condition = expression(*body.children[0]);
    } else {
      r.kind = ast::RuleKind::per;
      name_into(*body.children[0], r.event, r.event_span);
      for (std::size_t i = 1; i < body.children.size(); ++i) {
        const node& c = *body.children[i];
        if (c.is_type<g::rule_where>()) r.where = expression(*c.children[0]);
        else r.within = value(*c.children[0]);
      }
    }
    if (n.children.size() > 3) r.max = value(*n.children[3]->children[0]);
    return r;
  }

  ast::StagesDecl stages(node& n) const {
    ast::StagesDecl d;
    d.span = span(n);
    for (auto& item : n.children) {
      const std::unique_ptr<node> c = std::move(item);  // freed once lowered
      if (!c->is_type<g::stage_arm>()) continue;
      ast::StageArm arm;
      arm.span = span(*c);
      name_into(*c->children[0], arm.name, arm.name_span);
      if (c->children.size() > 1) arm.condition = expression(*c->children[1]->children[0]);
      d.arms.push_back(std::move(arm));
    }
    return d;
  }

  ast::RoutesDecl routes(node& n) const {
    ast::RoutesDecl d;
    d.span = span(n);
    for (auto& item : n.children) {
      const std::unique_ptr<node> c = std::move(item);  // freed once lowered
      if (!c->is_type<g::route_arm>()) continue;
      ast::RouteArm arm;
      arm.span = span(*c);
      name_into(*c->children[0], arm.stage, arm.stage_span);
      for (std::size_t i = 1; i < c->children.size(); ++i) {
        const node& part = *c->children[i];
        if (part.is_type<g::route_when>()) arm.condition = expression(*part.children[0]);
        else if (part.is_type<g::route_target>()) arm.target = expression(*part.children[0]);
        else if (part.is_type<g::route_escalate>()) {
          ast::Escalation step;
          step.span = span(part);
          step.target = expression(*part.children[0]->children[0]);
          const node& after = *part.children[1];
          step.after = expression(*after.children[0]);
          if (after.children.size() > 1) name_into(*after.children[1]->children[0], step.calendar, step.calendar_span);
          arm.escalations.push_back(std::move(step));
        } else {
          arm.within = expression(*part.children[0]);
          if (part.children.size() > 1) name_into(*part.children[1]->children[0], arm.calendar, arm.calendar_span);
        }
      }
      d.arms.push_back(std::move(arm));
    }
    return d;
  }

  ast::LifecycleDecl lifecycle(const node& n) const {
    ast::LifecycleDecl d;
    d.span = span(n);
    for (const auto& c : n.children) {
      if (c->is_type<g::lifecycle_from>()) {
        name_into(*c->children[0], d.from_field, d.from_span);
        if (c->children.size() > 1) name_into(*c->children[1]->children[0], d.since_field, d.since_span);
      } else if (c->is_type<g::lifecycle_path>()) {
        ast::LifecyclePath path;
        path.span = span(*c);
        for (const auto& part : c->children) {
          if (part->is_type<g::lifecycle_when>()) {
            path.condition = expression(*part->children[0]);
          } else {
            path.stages.emplace_back(text(*part));
            path.stage_spans.push_back(span(*part));
          }
        }
        d.paths.push_back(std::move(path));
      }
    }
    return d;
  }

  ast::HandoffDecl handoff(const node& n) const {
    ast::HandoffDecl d;
    d.span = span(n);
    name_into(*n.children[0], d.stage, d.stage_span);
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const node& c = *n.children[i];
      if (c.is_type<g::handoff_summary>()) {
        d.has_summary = true;
        d.summary_span = span(*c.children[0]);
        d.summary = template_parts(*c.children[0]);
      } else if (c.is_type<g::handoff_fields>()) {
        for (const auto& f : c.children) d.fields.push_back(make(ast::ExprKind::name, *f));
      } else if (c.is_type<g::handoff_reasons>()) {
        d.reasons = literal(*c.children[0]);
      }
    }
    return d;
  }

  // ---- business calendars ----

  ast::HolidayItem holiday_item(const node& n) const {
    ast::HolidayItem item;
    item.span = span(n);
    item.text = std::string(text(n));
    item.is_date = n.is_type<g::holiday_day>();
    if (item.is_date) {
      std::optional<std::int64_t> t = parse_time(item.text);
      item.valid = t.has_value();
      if (t) item.day = static_cast<std::int32_t>(*t / 86400);
    }
    return item;
  }

  ast::HolidaysDecl holidays(const node& n) const {
    ast::HolidaysDecl d;
    d.span = span(n);
    name_into(*n.children[0], d.name, d.name_span);
    for (std::size_t i = 1; i < n.children.size(); ++i)
      if (n.children[i]->is_type<g::holiday_day>() || n.children[i]->is_type<g::holiday_list_name>())
        d.items.push_back(holiday_item(*n.children[i]));
    return d;
  }

  static int weekday_index(std::string_view word) {
    constexpr std::string_view days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (int i = 0; i < 7; ++i)
      if (days[i] == word) return i;
    return 0;
  }

  // "09:00" -> 540; 24:00 is the end of the day, nothing later exists.
  std::uint16_t clock_minutes(const node& n) const {
    std::string_view t = text(n);
    const int h = (t[0] - '0') * 10 + (t[1] - '0'), m = (t[3] - '0') * 10 + (t[4] - '0');
    if (m >= 60 || h > 24 || (h == 24 && m > 0))
      fail("E0321", span(n), fmt::format("{} is not a time of day", t), {"times run from 00:00 to 24:00"});
    return static_cast<std::uint16_t>(h * 60 + m);
  }

  ast::CalendarDecl calendar(const node& n) const {
    ast::CalendarDecl d;
    d.span = span(n);
    name_into(*n.children[0], d.name, d.name_span);
    d.zone = decode_string(text(*n.children[1]), span(*n.children[1]).begin);
    d.zone_span = span(*n.children[1]);
    for (std::size_t i = 2; i < n.children.size(); ++i) {
      const node& c = *n.children[i];
      ast::CalendarLine line;
      line.span = span(c);
      if (c.is_type<g::calendar_holidays>()) {
        line.is_holidays = true;
        for (const auto& h : c.children) line.holidays.push_back(holiday_item(*h));
      } else if (c.is_type<g::work_hours>()) {
        line.first_day = line.last_day = weekday_index(text(*c.children[0]));
        line.days_span = span(*c.children[0]);
        for (std::size_t k = 1; k < c.children.size(); ++k) {
          const node& part = *c.children[k];
          if (part.is_type<g::day_last>()) {
            line.last_day = weekday_index(text(part));
            line.days_span.end = span(part).end;
          } else if (part.is_type<g::work_interval>()) {
            line.intervals.emplace_back(clock_minutes(*part.children[0]), clock_minutes(*part.children[1]));
            line.interval_spans.push_back(span(part));
          }
        }
      } else {
        continue;  // the closing brace
      }
      d.lines.push_back(std::move(line));
    }
    return d;
  }

  // "text {expr:fmt} text": literal pieces decoded, placeholders parsed.
  std::vector<ast::TemplatePart> template_parts(const node& n) const {
    std::vector<ast::TemplatePart> parts;
    std::uint32_t after = offset(n.m_begin.data) + 1;  // past the opening quote
    for (const auto& c : n.children) {
      ast::TemplatePart part;
      part.span = span(*c);
      if (c->is_type<g::template_text>()) {
        // Text runs from where the previous piece ended: spaces (and a '#')
        // after a placeholder are text, which the node's own start may skip.
        part.span = {after, offset(c->m_end.data)};
        part.text = decode_template_text(std::string_view(text_).substr(part.span.begin, part.span.end - part.span.begin),
                                         part.span.begin);
      } else {
        part.value = expression(*c->children[0]);
        if (c->children.size() > 1) part.format = std::string(text(*c->children[1]).substr(1));
      }
      after = offset(c->m_end.data);
      parts.push_back(std::move(part));
    }
    return parts;
  }

  static std::string decode_template_text(std::string_view raw, std::uint32_t offset) {
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if ((raw[i] == '{' || raw[i] == '}') && i + 1 < raw.size() && raw[i + 1] == raw[i]) {
        out += raw[i++];
      } else if (raw[i] == '\\') {
        std::size_t end = raw[i + 1] == 'u' ? raw.find('}', i) + 1 : i + 2;
        out += decode_string(fmt::format("\"{}\"", raw.substr(i, end - i)), offset + static_cast<std::uint32_t>(i) - 1);
        i = end - 1;
      } else {
        out += raw[i];
      }
    }
    return out;
  }

  ast::TestDecl test(const node& n) const {
    ast::TestDecl d;
    d.span = span(n);
    d.name = decode_string(text(*n.children[0]), span(*n.children[0]).begin);
    d.name_span = span(*n.children[0]);
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const node& c = *n.children[i];
      if (c.is_type<g::test_as_of>()) {
        d.as_of = literal(*c.children[0]);
      } else if (c.is_type<g::test_lead>()) {
        d.lead_span = span(c);
        d.lead = record(c);
      } else if (c.is_type<g::test_events>()) {
        for (const auto& e : c.children)
          if (e->is_type<g::test_event>()) d.events.push_back(test_event(*e));
      } else if (c.is_type<g::test_expect>()) {
        d.expects.push_back(expression(*c.children[0]));
      }
    }
    return d;
  }

  ast::TestEvent test_event(const node& n) const {
    ast::TestEvent e;
    e.span = span(n);
    name_into(*n.children[0], e.name, e.name_span);
    const node& when = *n.children[1];
    if (when.is_type<g::event_ago>()) {
      auto ago = std::make_unique<ast::Expr>();
      ago->kind = ast::ExprKind::unary;
      ago->uop = ast::UnaryOp::neg;
      ago->span = span(when);
      ago->args.push_back(literal(*when.children[0]));
      e.at = std::move(ago);
    } else {
      e.at = literal(when);
    }
    if (n.children.size() > 2) e.fields = record(*n.children[2]);
    return e;
  }

  std::vector<ast::RecordField> record(const node& n) const {
    std::vector<ast::RecordField> fields;
    for (const auto& c : n.children) {
      if (!c->is_type<g::record_field>()) continue;
      ast::RecordField f;
      f.span = span(*c);
      name_into(*c->children[0], f.name, f.name_span);
      f.value = literal(*c->children[1]);
      fields.push_back(std::move(f));
    }
    return fields;
  }

  void name_into(const node& n, std::string& name, SourceSpan& name_span) const {
    name = std::string(text(n));
    name_span = span(n);
  }

  static std::string without_spaces(std::string_view s) {
    std::string out;
    for (char c : s)
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') out += c;
    return out;
  }

  // A score option or rule clause value: a literal or a const's name.
  ast::ExprPtr value(const node& n) const {
    if (n.is_type<g::name>()) return make(ast::ExprKind::name, n);
    return literal(n);
  }

  // ---- expressions ----

  ast::ExprPtr make(ast::ExprKind kind, const node& n) const {
    auto e = std::make_unique<ast::Expr>();
    e->kind = kind;
    e->span = span(n);
    e->text = std::string(text(n));
    return e;
  }

  ast::ExprPtr literal(const node& n) const {
    if (n.is_type<g::signed_number>()) return signed_number(n);
    if (n.is_type<g::int_lit>()) return int_literal(n, false);
    if (n.is_type<g::number_lit>()) return number_literal(n, false);
    if (n.is_type<g::duration_lit>()) return duration_literal(n);
    if (n.is_type<g::time_lit>()) return time_literal(n);
    if (n.is_type<g::string_lit>()) return string_literal(n);
    if (n.is_type<g::regex_lit>()) return regex_literal(n);
    if (n.is_type<g::bool_lit>()) {
      auto e = make(ast::ExprKind::bool_lit, n);
      e->bool_value = e->text == "true";
      return e;
    }
    return collection(n);  // set_lit, list_lit
  }

  ast::ExprPtr signed_number(const node& n) const {
    bool negative = text(n).starts_with('-');
    const node& digits = *n.children[0];
    auto e = digits.is_type<g::int_lit>() ? int_literal(digits, negative) : number_literal(digits, negative);
    e->span = span(n);
    e->text = std::string(text(n));
    return e;
  }

  ast::ExprPtr int_literal(const node& n, bool negative) const {
    auto e = make(ast::ExprKind::int_lit, n);
    auto v = parse_int(e->text, negative);
    if (!v) fail("E0008", e->span, fmt::format("integer literal {} is too large", e->text),
                 {"integers are 64-bit: at most 9223372036854775807"});
    e->int_value = *v;
    return e;
  }

  ast::ExprPtr number_literal(const node& n, bool negative) const {
    auto e = make(ast::ExprKind::number_lit, n);
    std::string plain = without_underscores(e->text);
    double v = 0;
    auto [end, ec] = std::from_chars(plain.data(), plain.data() + plain.size(), v);
    if (ec != std::errc() || !std::isfinite(v)) fail("E0008", e->span, fmt::format("number {} is too large", e->text));
    e->number_value = negative ? -v : v;
    return e;
  }

  ast::ExprPtr duration_literal(const node& n) const {
    auto e = make(ast::ExprKind::duration_lit, n);
    auto v = parse_duration(e->text);
    if (!v && duration_too_long(e->text))
      fail("E0008", e->span, fmt::format("duration {} is too large", e->text),
           {fmt::format("durations are at most {} (2^61 - 1 seconds, about 73 billion years)",
                        format_duration(kMaxDuration))});
    if (!v) fail("E0007", e->span, fmt::format("invalid duration {}", e->text),
                 {"use the units w d h m s, each once and largest first, like 1d12h"});
    e->int_value = *v;
    return e;
  }

  ast::ExprPtr time_literal(const node& n) const {
    auto e = make(ast::ExprKind::time_lit, n);
    auto v = parse_time(e->text);
    if (!v) fail("E0006", e->span, fmt::format("invalid time literal {}", e->text),
                 {"the date or time of day does not exist; write 2026-11-23 or 2026-11-23T10:30:00Z"});
    e->int_value = *v;
    return e;
  }

  ast::ExprPtr string_literal(const node& n) const {
    auto e = make(ast::ExprKind::string_lit, n);
    e->text = decode_string(text(n), e->span.begin);
    return e;
  }

  // `/pat/flags`: `\/` stands for a slash; every other escape is RE2's.
  ast::ExprPtr regex_literal(const node& n) const {
    auto e = make(ast::ExprKind::regex_lit, n);
    std::string_view raw = text(n);
    std::size_t close = raw.size();
    while (raw[close - 1] != '/') --close;
    std::string pattern;
    for (std::size_t i = 1; i + 1 < close; ++i) {
      if (raw[i] == '\\' && raw[i + 1] == '/') continue;
      pattern += raw[i];
      if (raw[i] == '\\') pattern += raw[++i];
    }
    e->text = std::move(pattern);
    e->flags = std::string(raw.substr(close));
    for (std::size_t i = 0; i < e->flags.size(); ++i)
      if (e->flags[i] != 'i' || e->flags.find('i') != i) {
        auto at = e->span.begin + static_cast<std::uint32_t>(close + i);
        fail("E0015", {at, at + 1}, fmt::format("unknown or repeated regex flag '{}'", e->flags[i]),
             {"the only flag is i (case-insensitive)"});
      }
    return e;
  }

  ast::ExprPtr collection(const node& n) const {
    auto e = make(n.is_type<g::set_lit>() ? ast::ExprKind::set_lit : ast::ExprKind::list_lit, n);
    e->text.clear();
    for (const auto& c : n.children)
      if (!c->is_type<g::close_brace>()) e->args.push_back(literal(*c));
    return e;
  }

  built checked(built b) const {
    if (b.depth > max_tree_depth_)
      fail("E0010", b.expr->span, "expression nested too deeply", {"split it into several let declarations"});
    return b;
  }

  built unary(ast::UnaryOp op, const node& n, built operand) const {
    auto e = std::make_unique<ast::Expr>();
    e->kind = ast::ExprKind::unary;
    e->uop = op;
    e->span = span(n);
    e->args.push_back(std::move(operand.expr));
    return checked({std::move(e), operand.depth + 1});
  }

  built binary(ast::BinaryOp op, built left, built right) const {
    auto e = std::make_unique<ast::Expr>();
    e->kind = ast::ExprKind::binary;
    e->bop = op;
    e->span = {left.expr->span.begin, right.expr->span.end};
    std::size_t depth = std::max(left.depth, right.depth) + 1;
    e->args.push_back(std::move(left.expr));
    e->args.push_back(std::move(right.expr));
    return checked({std::move(e), depth});
  }

  static ast::BinaryOp operator_of(std::string_view op) {
    static const std::pair<std::string_view, ast::BinaryOp> table[] = {
        {"==", ast::BinaryOp::eq},           {"!=", ast::BinaryOp::ne},
        {"<=", ast::BinaryOp::le},           {">=", ast::BinaryOp::ge},
        {"<", ast::BinaryOp::lt},            {">", ast::BinaryOp::gt},
        {"in", ast::BinaryOp::in},           {"matches", ast::BinaryOp::matches},
        {"starts_with", ast::BinaryOp::starts_with}, {"ends_with", ast::BinaryOp::ends_with},
        {"contains", ast::BinaryOp::contains}, {"+", ast::BinaryOp::add},
        {"-", ast::BinaryOp::sub},           {"*", ast::BinaryOp::mul},
        {"/", ast::BinaryOp::div},           {"%", ast::BinaryOp::mod}};
    if (op.starts_with("not")) return ast::BinaryOp::not_in;
    for (auto [text, value] : table)
      if (text == op) return value;
    return ast::BinaryOp::eq;
  }

  // `a op b op c` with the operators as nodes between the operands.
  built left_chain(const node& n) const {
    built acc = expr(*n.children[0]);
    for (std::size_t i = 1; i + 1 < n.children.size(); i += 2)
      acc = binary(operator_of(text(*n.children[i])), std::move(acc), expr(*n.children[i + 1]));
    return acc;
  }

  built left_fold(const node& n, ast::BinaryOp op) const {
    built acc = expr(*n.children[0]);
    for (std::size_t i = 1; i < n.children.size(); ++i) acc = binary(op, std::move(acc), expr(*n.children[i]));
    return acc;
  }

  // `??` groups to the right, like C# and Swift: a ?? (b ?? c).
  built right_fold(const node& n, ast::BinaryOp op) const {
    built acc = expr(*n.children.back());
    for (std::size_t i = n.children.size() - 1; i-- > 0;) acc = binary(op, expr(*n.children[i]), std::move(acc));
    return acc;
  }

  built comparison(const node& n) const {
    built left = expr(*n.children[0]);
    const node& tail = *n.children[1];
    if (tail.is_type<g::cmp_tail>())
      return binary(operator_of(text(*tail.children[0])), std::move(left), expr(*tail.children[1]));
    built low = expr(*tail.children[0]);
    built high = expr(*tail.children[1]);
    auto e = std::make_unique<ast::Expr>();
    e->kind = ast::ExprKind::between;
    e->span = {left.expr->span.begin, high.expr->span.end};
    std::size_t depth = std::max({left.depth, low.depth, high.depth}) + 1;
    e->args.push_back(std::move(left.expr));
    e->args.push_back(std::move(low.expr));
    e->args.push_back(std::move(high.expr));
    return checked({std::move(e), depth});
  }

  built call(const node& n) const {
    auto e = make(ast::ExprKind::call, n);
    e->text = std::string(text(*n.children[0]));
    std::size_t depth = 0;
    auto deeper = [&](built b) {
      depth = std::max(depth, b.depth);
      return std::move(b.expr);
    };
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const node& c = *n.children[i];
      if (c.is_type<g::call_where>()) e->where = deeper(expr(*c.children[0]));
      else if (c.is_type<g::call_within>()) e->within = deeper(expr(*c.children[0]));
      else if (c.is_type<g::call_among>()) e->among = event_name(*c.children[0]);
      else if (c.is_type<g::call_after>()) {
        e->after = event_name(*c.children[0]);
        if (c.children.size() > 1) {
          e->after->where = deeper(expr(*c.children[1]->children[0]));
          e->after->span.end = e->after->where->span.end;
        }
      }
      else e->args.push_back(deeper(expr(c)));
    }
    return checked({std::move(e), depth + 1});
  }

  // The event type or group named in `among` and `after`.
  ast::ExprPtr event_name(const node& n) const {
    auto e = make(ast::ExprKind::name, n);
    e->text = std::string(text(n));
    return e;
  }

  // A primary followed by `.field` suffixes.
  built postfix(const node& n) const {
    built acc = expr(*n.children[0]);
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      auto e = make(ast::ExprKind::member, *n.children[i]);
      e->span.begin = acc.expr->span.begin;
      e->args.push_back(std::move(acc.expr));
      acc = checked({std::move(e), acc.depth + 1});
    }
    return acc;
  }

  built paren(const node& n) const {
    built inner = expr(*n.children[0]);
    auto e = std::make_unique<ast::Expr>();
    e->kind = ast::ExprKind::paren;
    e->span = span(n);
    e->args.push_back(std::move(inner.expr));
    return checked({std::move(e), inner.depth + 1});
  }

  built conditional(const node& n) const {
    auto e = make(ast::ExprKind::conditional, n);
    e->text.clear();  // its source is its span; a copy would make spacing part of its structure
    std::size_t depth = 0;
    for (const auto& c : n.children) {
      built part = expr(*c);
      depth = std::max(depth, part.depth);
      e->args.push_back(std::move(part.expr));
    }
    return checked({std::move(e), depth + 1});
  }

  built expr(const node& n) const {
    if (n.is_type<g::if_expr>()) return conditional(n);
    if (n.is_type<g::coalesce_expr>()) return right_fold(n, ast::BinaryOp::coalesce);
    if (n.is_type<g::or_expr>()) return left_fold(n, ast::BinaryOp::or_);
    if (n.is_type<g::and_expr>()) return left_fold(n, ast::BinaryOp::and_);
    if (n.is_type<g::not_tail>()) return unary(ast::UnaryOp::not_, n, expr(*n.children[0]));
    if (n.is_type<g::cmp_expr>()) return comparison(n);
    if (n.is_type<g::add_expr>() || n.is_type<g::mul_expr>()) return left_chain(n);
    if (n.is_type<g::neg_expr>()) return unary(ast::UnaryOp::neg, n, expr(*n.children[0]));
    if (n.is_type<g::postfix>()) return postfix(n);
    if (n.is_type<g::call>()) return call(n);
    if (n.is_type<g::paren_expr>()) return paren(n);
    if (n.is_type<g::name_ref>()) return {make(ast::ExprKind::name, n), 1};
    built b{literal(n), 1};
    if (!b.expr->args.empty()) b.depth = 2;
    return b;
  }

  const std::string& text_;
  std::size_t max_tree_depth_;
};

// ---- the driver ------------------------------------------------------------------------

class parser {
 public:
  parser(const SourceFile& file, const ParseOptions& options)
      : file_(file),
        lower_(file, options),
        // No source name: every parse-tree node would keep its own copy of
        // it, and positions are our own offsets (SourceSpan) anyway.
        in_(file.text().data(), file.text().data() + file.text().size(), "", options.max_depth) {
    state_.base = file.text().data();
  }

  ast::File file() {
    ast::File out;
    auto head = pt::parse<g::file_header, node, selector, action, g::control>(in_, state_);
    lower_.header(*head->children[0], out);
    for (;;) {
      auto item = pt::parse<g::top_item, node, selector, action, g::control>(in_, state_);
      if (item->children.empty()) break;  // end of file
      out.decls.push_back(lower_.declaration(*item->children[0]));
    }
    out.comments = comments();
    return out;
  }

  ast::ExprPtr expression() {
    auto root = pt::parse<g::expression_only, node, selector, action, g::control>(in_, state_);
    return lower_.expression(*root->children[0]);
  }

  // `2026-11-23T10:30` (the grammar stops after the date): a time of day
  // without its UTC offset. The caret goes under the whole literal.
  bool time_without_offset(std::size_t at, Diagnostic& d) const {
    const std::string_view text = file_.text();
    if (at < 10 || at >= text.size() || text[at] != 'T') return false;
    auto digit = [&](std::size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
    std::size_t end = at + 1;
    // hh:mm, then :ss and .fraction if there
    if (!(digit(end) && digit(end + 1) && end + 2 < text.size() && text[end + 2] == ':' && digit(end + 3) &&
          digit(end + 4)))
      return false;
    end += 5;
    if (end < text.size() && text[end] == ':' && digit(end + 1) && digit(end + 2)) {
      end += 3;
      if (end < text.size() && text[end] == '.' && digit(end + 1))
        for (++end; digit(end); ++end) {
        }
    }
    if (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_' ||
                              text[end] == '+' || text[end] == '-' || text[end] == ':' || text[end] == '.'))
      return false;  // something else is wrong with it
    const std::string_view literal = text.substr(at - 10, end - (at - 10));
    d.span = {static_cast<std::uint32_t>(at - 10), static_cast<std::uint32_t>(end)};
    d.message = fmt::format("time {} has no UTC offset", literal);
    d.help = {fmt::format("end it with Z for UTC or with its offset: {}Z or {}+02:00", literal, literal)};
    return true;
  }

  Diagnostic diagnose(const g::syntax_error& e) const {
    Diagnostic d{Severity::error, e.code, {}, e.message, {}};
    if (e.help) d.help.emplace_back(e.help);
    std::string_view code = e.code;
    auto at = lower_.offset(e.where);
    // A template stops at a lone '}' (a literal one is '}}'): that brace, not
    // an unterminated text, is what to point at.
    bool lone_brace = code == "E0003" && e.message == std::string_view(g::error_message<g::template_end>) &&
                      at < file_.text().size() && file_.text()[at] == '}';
    if (lone_brace) {
      d.span = {static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + 1)};
      d.message = "a lone '}' in the text";
      d.help = {"a literal brace in a template is written {{ or }}; a placeholder is {expression}"};
      return d;
    }
    const std::string_view message = e.message;
    if (message == g::error_message<g::fractional_duration_error> || message == g::error_message<g::number_not_duration> ||
        message == g::error_message<g::duration_not_number>) {  // all of `1.5d`, `-5d`
      std::uint32_t end = at;
      while (end < file_.text().size() &&
             std::string_view("-0123456789_.wdhms").find(file_.text()[end]) != std::string_view::npos)
        ++end;
      d.span = {static_cast<std::uint32_t>(at), end};
      explain_syntax_mistake(file_, d);  // `window 90 days`
      return d;
    }
    if (code == "E0003" || code == "E0004") d.span = {opener(at), line_end(at)};
    else if (code == "E0005") d.span = escape_span(at);
    else d.span = token_span(lower_.trim_forward(at));
    std::string_view token = file_.slice(d.span);
    if (non_ascii_name(file_, d) || exponent_number(d) || explain_syntax_mistake(file_, d)) {
      // named by the mistake behind it (parse_hints.cpp)
    } else if (code == "E0009" && token == "within") {
      // `any(visit) within 30d`, `hot when visit within 30d`: nothing is being named.
      d.message = "`within` filters an aggregate's events and goes inside its parentheses";
      d.help = {"any(visit within 30d), count(page_view where url starts_with \"/pricing\" within 30d)"};
    } else if (code == "E0009" && token == "otherwise" && !word_after(d.span.end).empty()) {
      // `otherwise lead`: the catch-all arm written the other way round.
      d.message = "`otherwise` comes after the stage's name";
      d.help = {fmt::format("write `{} otherwise`", word_after(d.span.end))};
    } else if (code == "E0009") {
      d.message = fmt::format("'{}' is a keyword and cannot be used as a name", token);
      d.help = {fmt::format("choose another name, like {}_", token)};
      // The one most people reach for: an event's time, which every event has.
      if (token == "at" && inside_event_block(d.span.begin))
        d.help.insert(d.help.begin(), "every event has `at: time` already; `last(EVENT).at` reads it");
    } else if (code == "E0006" && time_without_offset(at, d)) {
      // `2026-11-23T10:30`: said as what is missing, not as a bad literal.
    } else if (code == "E0007" && e.message == std::string_view(g::error_message<g::malformed_number>)) {
      d.message = fmt::format("invalid number or duration {}", token);
    } else if (code == "E0012" && d.span.begin == file_.text().size()) {
      d.message = "the file is empty";
    } else if (auto op = word_operator_typo(token); !op.empty()) {
      d.message = fmt::format("`{}` is not an operator", token);
      d.help = {fmt::format("did you mean `{}`?", op)};
    } else if (auto before = word_before(d.span.begin); !word_operator_typo(before).empty() && code == "E0001") {
      // In a stage arm the misspelt word reads as the next arm's stage name,
      // and the error comes one token later.
      d.span = {static_cast<std::uint32_t>(before.data() - file_.text().data()),
                static_cast<std::uint32_t>(before.data() - file_.text().data() + before.size())};
      d.message = fmt::format("`{}` is not an operator", before);
      d.help = {fmt::format("did you mean `{}`?", word_operator_typo(before))};
    } else {
      refine_mistake(d);
    }
    // A block left open (the error is at the end of the file, or at the next
    // declaration, written at the start of its line): say where it opened,
    // which may be far above.
    if (std::string_view(d.message).find("to close the") != std::string_view::npos && starts_declaration(d.span.begin))
      if (auto open = unclosed_brace(d.span.begin)) {
        const std::string_view line = whole_line(*open);
        d.help.push_back(fmt::format("the block opened on line {}: {}", file_.line_of(*open), line));
      }
    // At the end of the file, point just after its last text, not at an
    // empty line past it.
    if (d.span.begin >= file_.text().size() && code != "E0012") {
      std::uint32_t end = static_cast<std::uint32_t>(file_.text().size());
      while (end > 0 && std::isspace(static_cast<unsigned char>(file_.text()[end - 1]))) --end;
      if (end > 0 && end < file_.text().size()) d.span = {end, end + 1};
    }
    return d;
  }

 private:
  std::vector<ast::Comment> comments() const {
    std::vector<ast::Comment> out;
    out.reserve(state_.comments.size());
    for (auto [begin, end] : state_.comments) {
      std::string_view t = file_.slice({begin, end});
      if (!t.empty() && t.back() == '\r') t.remove_suffix(1), --end;
      out.push_back({{begin, end}, std::string(t)});
    }
    return out;
  }

  // The common mistakes (E0017-E0019) quote the author's own text in the fix.
  void refine_mistake(Diagnostic& d) const {
    const std::string& t = file_.text();
    std::uint32_t at = d.span.begin;
    if (d.code == "E0018" && at + 1 < t.size() && t[at + 1] == t[at]) {
      d.span.end = at + 2;  // the whole `&&` or `||`
    } else if (d.code == "E0019" && is_curly_quote(t, at)) {
      // “enterprise”: quote it back straight, the closing curly quote included.
      std::uint32_t close = at + 3;
      while (close < t.size() && t[close] != '\n' && !is_curly_quote(t, close)) ++close;
      if (is_curly_quote(t, close)) {
        d.span.end = close + 3;
        std::string_view inner = file_.slice({at + 3, close});
        if (inner.find('"') == std::string_view::npos)
          d.help = {fmt::format("curly quotes from a word processor are not quotes here: write \"{}\"", inner)};
      } else {
        d.span.end = at + 3;
      }
    } else if (d.code == "E0019") {
      std::uint32_t close = at + 1;
      while (close < t.size() && t[close] != '\'' && t[close] != '\n') ++close;
      if (close < t.size() && t[close] == '\'') {
        d.span.end = close + 1;
        std::string_view inner = file_.slice({at + 1, close});
        if (inner.find('"') == std::string_view::npos) d.help = {fmt::format("write \"{}\"", inner)};
      }
    } else if (d.code == "E0021") {
      // `page_view at -2d url: "/x"` on one line: quote it back with the braces.
      std::uint32_t begin = at, end = at;
      while (begin > 0 && t[begin - 1] != '\n' && t[begin - 1] != '{') --begin;
      bool quoted = false;
      while (end < t.size() && t[end] != '\n' && t[end] != '\r' && t[end] != '#' && (quoted || t[end] != '}'))
        quoted ^= t[end++] == '"';
      auto trim = [](std::string_view v) {
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
        return v;
      };
      std::string_view event = trim(file_.slice({begin, at})), fields = trim(file_.slice({at, end}));
      if (event.find(" at ") != std::string_view::npos && !fields.empty())
        d.help = {fmt::format("write: {} {{ {} }}", event, fields)};
    } else if (d.code == "E0001" && d.message == std::string_view(g::error_message<g::route_arrow>) &&
               word_before(at) == "on") {
      // `-> "x" on hours within 4h`: the arrow is there; the order is not.
      d.span.begin = static_cast<std::uint32_t>(word_before(at).data() - file_.text().data());  // from `on`
      d.message = "`on CALENDAR` comes after the deadline";
      d.help = {"write: -> DESTINATION within 4h on CALENDAR"};
    } else if (d.code == "E0001" && d.message == std::string_view(g::error_message<g::declaration>) &&
               file_.slice(d.span) == "," && line_starts_event_group(at)) {
      // `event touches = page_view, webinar`
      d.help = {"an event group joins its members with |: event touches = page_view | webinar"};
    } else if (d.code == "E0002" && file_.slice(d.span) == "within" &&
               d.message == std::string_view(g::error_message<g::score_close>) &&
               line_before(at).find(" when ") != std::string_view::npos) {
      // `+5 when employees > 5 within 30d`
      d.help.insert(d.help.begin(), "a `when` rule has no window: filter the events inside an aggregate, "
                                    "+5 when count(visit within 30d) > 0; `within` after the event is for `per` rules");
    } else if (d.code == "E0002" && file_.slice(d.span) == "when" && line_before(at).find(" per ") != std::string_view::npos) {
      // `+5 per visit when url == "/x"`
      d.help.insert(d.help.begin(), "a `per` rule filters its events with `where`: +5 per visit where url == \"/x\"");
    } else if (at > 0 && at + 3 < t.size() && t[at] == ',' && is_digit(t[at - 1]) && is_digit(t[at + 1]) &&
               is_digit(t[at + 2]) && is_digit(t[at + 3])) {
      // `fleet_size > 1,000`: a thousands separator.
      std::uint32_t begin = at, end = at + 1;
      while (begin > 0 && is_digit(t[begin - 1])) --begin;
      while (end < t.size() && (is_digit(t[end]) || t[end] == ',')) ++end;
      std::string digits, grouped;
      for (char c : file_.slice({begin, end})) {
        if (c != ',') digits += c;
        grouped += c == ',' ? '_' : c;
      }
      d.span = {begin, end};
      d.help = {fmt::format("numbers have no thousands separator: write {} or {}", digits, grouped)};
    } else if (d.message == std::string_view(g::error_message<g::stage_body>)) {
      // `  lead` alone as the last arm: the caret goes to the stage's name (the
      // parser stops at the next line's `}`), with the arm it was meant to be.
      std::uint32_t end = at;
      while (end > 0 && (t[end - 1] == ' ' || t[end - 1] == '\t' || t[end - 1] == '\n' || t[end - 1] == '\r')) --end;
      std::uint32_t begin = end;
      while (begin > 0 && is_ident_char(t[begin - 1])) --begin;
      if (begin < end) {
        const std::string_view name = file_.slice({begin, end});
        d.span = {begin, end};
        d.help = {at < t.size() && t[at] == '}'
                      ? fmt::format("the last arm catches every other lead: write `{} otherwise`", name)
                      : fmt::format("write `{} when CONDITION`, or `{} otherwise` as the last arm", name, name)};
      }
    } else if (d.message == std::string_view(g::error_message<g::work_interval>) && is_day_name(file_.slice(d.span))) {
      // `mon-fri 09:00-17:00, sat 10:00-12:00`: days start a line of their own.
      d.help = {"each group of days has a line of its own: `mon-fri 09:00-17:00`, then `sat 10:00-12:00` below it"};
    } else if (capitalised_day(file_.slice(d.span)) && std::string_view(d.message).find("working hours") != std::string_view::npos) {
      // `Mon-Fri 09:00-17:00`: the days of a calendar are written lower case.
      std::uint32_t end = at;
      while (end < t.size() && (is_ident_char(t[end]) || t[end] == '-')) ++end;
      d.span.end = end;
      std::string lower;
      for (char c : file_.slice(d.span)) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      d.message = "day names are written in lower case";
      d.help = {fmt::format("write {}", lower)};
    } else if (d.code == "E0017") {
      std::uint32_t left = at;
      while (left > 0 && (t[left - 1] == ' ' || t[left - 1] == '\t')) --left;
      std::uint32_t left_end = left;
      while (left > 0 && (is_ident_char(t[left - 1]) || t[left - 1] == '.')) --left;
      std::uint32_t right = at + 1;
      while (right < t.size() && (t[right] == ' ' || t[right] == '\t')) ++right;
      std::uint32_t right_end = right;
      if (right_end < t.size() && t[right_end] == '"') {
        ++right_end;
        while (right_end < t.size() && t[right_end] != '"' && t[right_end] != '\n') ++right_end;
        if (right_end < t.size() && t[right_end] == '"') ++right_end;
      } else {
        while (right_end < t.size() && (is_ident_char(t[right_end]) || t[right_end] == '.')) ++right_end;
      }
      if (left < left_end && right < right_end)
        d.help = {fmt::format("write `==` to compare: {} == {}", file_.slice({left, left_end}),
                              file_.slice({right, right_end}))};
    }
  }

  // “ ” ‘ ’ at `at` (three bytes of UTF-8).
  static bool is_curly_quote(const std::string& t, std::uint32_t at) {
    return at + 2 < t.size() && t[at] == '\xE2' && t[at + 1] == '\x80' &&
           std::string_view("\x98\x99\x9C\x9D").find(t[at + 2]) != std::string_view::npos;
  }

  // `Mon`, `FRI`: a day name in the wrong case.
  static bool capitalised_day(std::string_view word) {
    if (word.size() < 3 || !std::isupper(static_cast<unsigned char>(word[0]))) return false;
    std::string lower;
    for (char c : word.substr(0, 3)) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return is_day_name(lower);
  }

  static bool is_day_name(std::string_view word) {
    for (std::string_view day : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
      if (word.substr(0, 3) == day) return true;
    return false;
  }

  // The innermost '{' still open at `at`, skipping strings, regexes and
  // comments; nullopt when every brace before it is closed.
  std::optional<std::uint32_t> unclosed_brace(std::uint32_t at) const {
    const std::string& t = file_.text();
    std::vector<std::uint32_t> open;
    char last = '\n';  // the last character that was not a blank
    for (std::uint32_t i = 0; i < at && i < t.size(); ++i) {
      const char c = t[i];
      if (c == '#') {
        while (i < at && i < t.size() && t[i] != '\n') ++i;
        last = '\n';
        continue;
      }
      const bool regex_start = c == '/' && (last == '=' || last == '(' || last == ',' || last == '\n' ||
                                            word_before(i) == "matches");
      if (c == '"' || regex_start) {
        for (++i; i < at && i < t.size() && t[i] != c && t[i] != '\n'; ++i)
          if (t[i] == '\\') ++i;
        last = c;
        continue;
      }
      if (c == '{') open.push_back(i);
      else if (c == '}' && !open.empty()) open.pop_back();
      if (c != ' ' && c != '\t' && c != '\r') last = c;
    }
    if (open.empty()) return std::nullopt;
    return open.back();
  }

  // Whether `at` is the end of the file or a declaration's first word at the
  // start of a line.
  bool starts_declaration(std::uint32_t at) const {
    const std::string_view text = file_.text();
    if (at >= text.size()) return true;
    if (at > 0 && text[at - 1] != '\n') return false;
    std::size_t end = at;
    while (end < text.size() && is_ident_char(text[end])) ++end;
    const std::string_view word = text.substr(at, end - at);
    for (std::string_view keyword : {"lead", "event", "const", "let", "export", "score", "stages", "routes", "lifecycle",
                                     "handoff", "holidays", "calendar", "test", "sla"})
      if (word == keyword) return true;
    return false;
  }

  // The line holding `at`, without its indentation.
  std::string_view whole_line(std::uint32_t at) const {
    const std::string_view text = file_.text();
    std::size_t begin = text.rfind('\n', at);
    begin = begin == std::string_view::npos ? 0 : begin + 1;
    const std::size_t end = text.find('\n', at);
    std::string_view line = text.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    return line;
  }

  // The text of `at`'s line before it.
  std::string_view line_before(std::uint32_t at) const {
    std::string_view before = std::string_view(file_.text()).substr(0, at);
    const std::size_t newline = before.rfind('\n');
    return newline == std::string_view::npos ? before : before.substr(newline + 1);
  }

  // Whether the line holding `at` starts like `event NAME =`.
  bool line_starts_event_group(std::uint32_t at) const {
    std::string_view line = line_before(at);
    auto skip_blanks = [&] { while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1); };
    skip_blanks();
    if (line.substr(0, 6) != "event " && line.substr(0, 6) != "event\t") return false;
    line.remove_prefix(6);
    skip_blanks();
    while (!line.empty() && is_ident_char(line.front())) line.remove_prefix(1);
    skip_blanks();
    return !line.empty() && line.front() == '=';
  }

  // The word that ends before `at` (spaces between), or "".
  std::string_view word_before(std::uint32_t at) const {
    const std::string& t = file_.text();
    std::uint32_t end = at;
    while (end > 0 && (t[end - 1] == ' ' || t[end - 1] == '\t')) --end;
    std::uint32_t begin = end;
    while (begin > 0 && is_ident_char(t[begin - 1])) --begin;
    return file_.slice({begin, end});
  }

  // `startswith`, `endsWith`, `contain`: a word operator misspelt, which the
  // grammar can only see as a stray name after a complete expression.
  static std::string word_operator_typo(std::string_view token) {
    if (token.empty() || !std::all_of(token.begin(), token.end(), is_ident_char)) return {};
    std::string lower;
    for (char c : token) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    static const std::vector<std::string> operators{"starts_with", "ends_with", "contains", "matches", "between"};
    if (std::find(operators.begin(), operators.end(), token) != operators.end()) return {};
    return closest_name(lower, operators);
  }

  // The word that starts after `at` (spaces between), or "".
  std::string_view word_after(std::uint32_t at) const {
    const std::string& t = file_.text();
    std::uint32_t begin = at;
    while (begin < t.size() && (t[begin] == ' ' || t[begin] == '\t')) ++begin;
    std::uint32_t end = begin;
    while (end < t.size() && is_ident_char(t[end])) ++end;
    return file_.slice({begin, end});
  }

  // Whether `at` is directly inside the braces of an `event NAME { ... }`
  // declaration (no brace closes between the opening one and `at`).
  bool inside_event_block(std::uint32_t at) const {
    std::string_view before = std::string_view(file_.text()).substr(0, at);
    const std::size_t open = before.rfind('{');
    if (open == std::string_view::npos || before.find('}', open) != std::string_view::npos) return false;
    std::size_t line = before.rfind('\n', open);
    line = line == std::string_view::npos ? 0 : line + 1;
    std::string_view head = before.substr(line, open - line);
    head.remove_prefix(std::min(head.size(), head.find_first_not_of(" \t")));
    return head.substr(0, 6) == "event ";
  }

  std::uint32_t line_end(std::uint32_t at) const {
    const std::string& t = file_.text();
    while (at < t.size() && t[at] != '\n' && t[at] != '\r') ++at;
    return at;
  }

  std::uint32_t opener(std::uint32_t at) const {
    if (state_.last_open == nullptr) return at;
    return std::min(lower_.offset(state_.last_open), at);
  }

  // The grammar stops inside or just after a bad escape; the caret goes on
  // its backslash.
  SourceSpan escape_span(std::uint32_t at) const {
    const std::string& t = file_.text();
    std::uint32_t back = at;
    while (back > 0 && at - back < 12 && t[back] != '\\') --back;
    if (t[back] != '\\') back = at;
    return {back, std::min<std::uint32_t>(std::max(at, back + 2), static_cast<std::uint32_t>(t.size()))};
  }

  // The offending token: a word, or one code point, or nothing at the end.
  // `1e200`, `2.5E-3`: the grammar stops in or after a number in exponent
  // form (at the `e`, or after `2` in `2.5E-3`, which reads as a field of 2),
  // and says so rather than talk about durations or fields (E0007).
  bool exponent_number(Diagnostic& d) const {
    const std::string& t = file_.text();
    std::uint32_t begin = std::min<std::uint32_t>(d.span.begin, static_cast<std::uint32_t>(t.size()));
    while (begin > 0 && (std::isdigit(static_cast<unsigned char>(t[begin - 1])) || t[begin - 1] == '_' ||
                         t[begin - 1] == '.'))
      --begin;
    if (begin > 0 && is_ident_char(t[begin - 1])) return false;  // `x2e5` is a name
    auto end = exponent_end(begin);
    if (!end || *end <= d.span.begin) return false;
    d.code = "E0007";
    d.span = {begin, *end};
    d.message = fmt::format("numbers have no exponent form: {}", file_.slice(d.span));
    d.help = {"write the number in digits, with `_` between groups if you like and a decimal part after a point: "
              "1_000_000, 0.0025 (an int holds up to 9_223_372_036_854_775_807)"};
    return true;
  }

  // The end of a number in exponent form (`1e200`, `2.5E-3`) that starts at `at`.
  std::optional<std::uint32_t> exponent_end(std::uint32_t at) const {
    const std::string& t = file_.text();
    auto digit = [&](std::uint32_t i) { return i < t.size() && t[i] >= '0' && t[i] <= '9'; };
    std::uint32_t i = at;
    if (!digit(i)) return std::nullopt;
    while (digit(i) || (i < t.size() && t[i] == '_')) ++i;
    if (i < t.size() && t[i] == '.' && digit(i + 1))
      for (++i; digit(i);) ++i;
    if (i == at || i >= t.size() || (t[i] != 'e' && t[i] != 'E')) return std::nullopt;
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    if (!digit(i)) return std::nullopt;
    while (digit(i)) ++i;
    if (i < t.size() && is_ident_char(t[i])) return std::nullopt;
    return i;
  }

  SourceSpan token_span(std::uint32_t at) const {
    const std::string& t = file_.text();
    if (at >= t.size()) return {at, at};
    std::uint32_t end = at;
    while (end < t.size() && is_ident_char(t[end])) ++end;
    if (end == at) end = at + static_cast<std::uint32_t>(std::max<std::size_t>(1, utf8_length(t, at)));
    return {at, end};
  }

  const SourceFile& file_;
  lowerer lower_;
  g::input in_;
  scan_state state_;
};

template <typename T, typename Run>
T guarded(const SourceFile& file, Diagnostics& out, const ParseOptions& options, Run run) {
  if (auto problem = check_input(file, options)) {
    out.push_back(std::move(*problem));
    return T{};
  }
  parser the_parser(file, options);
  try {
    return run(the_parser);
  } catch (const g::syntax_error& e) {
    out.push_back(the_parser.diagnose(e));
  } catch (const lowering_error& e) {
    out.push_back(e.diagnostic);
  } catch (const p::parse_error& e) {
    // Not expected (every raise goes through the control); kept as a net.
    out.push_back(Diagnostic{Severity::error, "E0001", {0, 0}, std::string(e.message()), {}});
  }
  return T{};
}

}  // namespace

std::optional<ast::File> parse(const SourceFile& file, Diagnostics& out, const ParseOptions& options) {
  return guarded<std::optional<ast::File>>(file, out, options,
                                           [](parser& p) { return std::optional<ast::File>(p.file()); });
}

ast::ExprPtr parse_expression(const SourceFile& file, Diagnostics& out, const ParseOptions& options) {
  return guarded<ast::ExprPtr>(file, out, options, [](parser& p) { return p.expression(); });
}

}  // namespace baton
