// The disassembler. Operands are rendered from the opcode table's operand
// kinds (bytecode.hpp), so a new opcode needs no change here.
#include "baton/runtime/disasm.hpp"

#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "baton/common/time.hpp"

namespace baton {
namespace {

using bc::Op;
using bc::Operand;

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) out += fmt::format("\\x{:02x}", c);
        else out += static_cast<char>(c);
    }
  }
  return out + '"';
}

// Seconds as the language writes durations: the largest unit that divides.
std::string duration_text(std::int64_t seconds) {
  constexpr std::pair<std::int64_t, char> units[] = {{86400, 'd'}, {3600, 'h'}, {60, 'm'}};
  for (auto [size, unit] : units)
    if (seconds != 0 && seconds % size == 0) return fmt::format("{}{}", seconds / size, unit);
  return fmt::format("{}s", seconds);
}

// At most a few items in an operand: a listing line should fit a screen
// (the constants table lists them all).
std::string items_text(const ItemsConst& k, std::size_t shown = 4) {
  std::string out(1, k.is_set ? '{' : '[');
  for (std::size_t i = 0; i < k.items.size() && i < shown; ++i) out += (i ? ", " : "") + quote(k.items[i]);
  if (k.items.size() > shown) out += fmt::format(", ... {} more", k.items.size() - shown);
  return out + (k.is_set ? '}' : ']');
}

std::string regex_text(const RegexConst& r) { return fmt::format("/{}/{}", r.pattern, r.case_insensitive ? "i" : ""); }

std::string literal_text(Type type, const Literal& lit) {
  switch (type) {
    case Type::int_: return fmt::format("{}", lit.i);
    case Type::time: return fmt::format("@{}", lit.i);
    case Type::duration: return duration_text(lit.i);
    case Type::boolean: return lit.i ? "true" : "false";
    case Type::number: return fmt::format("{}", lit.n);
    case Type::string: return quote(lit.s);
    case Type::string_set: case Type::string_list:
      return items_text({type == Type::string_set, lit.items}, lit.items.size());  // a default decides too
    default: return "?";
  }
}

std::vector<std::string_view> split_lines(const std::string& text) {
  std::vector<std::string_view> lines;
  std::string_view rest = text;
  while (!rest.empty()) {
    const std::size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return lines;
}

class Listing {
 public:
  Listing(const Program& program, const std::string* source)
      : im_(program.image()), program_(program) {
    if (source) source_lines_ = split_lines(*source);
  }

  std::string render() {
    header();
    schema();
    constants();
    imports();
    aggregates();
    scores_and_rules();
    stages_and_routes();
    lifecycle();
    handoffs();
    calendars();
    exports();
    for (std::size_t c = 0; c < im_.chunks.size(); ++c) chunk(c);
    return std::move(out_);
  }

 private:
  const ProgramImage& im_;
  const Program& program_;
  std::vector<std::string_view> source_lines_;
  std::string out_;

  template <typename... Args>
  void line(fmt::format_string<Args...> format, Args&&... args) {
    out_ += fmt::format(format, std::forward<Args>(args)...);
    out_ += '\n';
  }

  // "; line 12" or, with the source, "; 12 | the text".
  std::string source_note(std::uint32_t number) const {
    if (number == 0) return {};
    if (number <= source_lines_.size()) return fmt::format("  ; {} | {}", number, source_lines_[number - 1]);
    return fmt::format("  ; line {}", number);
  }

  void header() {
    line("; sla {} version {}", quote(im_.sla_name), quote(im_.sla_version));
    line("; fingerprint {}", program_.fingerprint());
    // The version is part of the meaning: from 6 on, follow-ups count from the stage's start.
    line("; format version {}", im_.format_version);
    if (!im_.source_path.empty()) line("; source {}", im_.source_path);
  }

  std::string field_text(const FieldInfo& f) const {
    std::string text = fmt::format("{}: {}{}", f.name, type_name(f.type), f.optional ? "?" : "");
    if (f.has_default) text += " = " + literal_text(f.type, f.default_value);
    return text;
  }

  void schema() {
    line("\nschema");
    line("  lead");
    for (std::size_t i = 0; i < im_.lead_fields.size(); ++i) line("    r{:<4} {}", i, field_text(im_.lead_fields[i]));
    for (std::size_t e = 0; e < im_.events.size(); ++e) {
      line("  event #{} {}", e, im_.events[e].name);
      for (std::size_t f = 0; f < im_.events[e].fields.size(); ++f)
        line("    field {:<2} {}", f, field_text(im_.events[e].fields[f]));
    }
    line("  registers: {} ({} lead fields, {} temporaries)", im_.registers.size(), im_.lead_fields.size(),
         im_.registers.size() - im_.lead_fields.size());
  }

  void constants() {
    line("\nconstants");
    for (std::size_t k = 0; k < im_.k_int.size(); ++k) line("  int    K{:<3} {}", k, im_.k_int[k]);
    for (std::size_t k = 0; k < im_.k_num.size(); ++k) line("  number K{:<3} {}", k, im_.k_num[k]);
    for (std::size_t k = 0; k < im_.k_str.size(); ++k) line("  string K{:<3} {}", k, quote(im_.k_str[k]));
    for (std::size_t k = 0; k < im_.k_items.size(); ++k) items_constant(k);
    for (std::size_t k = 0; k < im_.k_regex.size(); ++k) line("  regex  K{:<3} {}", k, regex_text(im_.k_regex[k]));
  }

  // Every item, unlike an operand's few: a member decides like any constant.
  // A long set or list continues on lines of kItemsPerLine items.
  void items_constant(std::size_t k) {
    constexpr std::size_t kItemsPerLine = 8;
    const ItemsConst& c = im_.k_items[k];
    const char* kind = c.is_set ? "set" : "list";
    if (c.items.size() <= kItemsPerLine) {
      line("  {:<6} K{:<3} {} ({} items)", kind, k, items_text(c, kItemsPerLine), c.items.size());
      return;
    }
    line("  {:<6} K{:<3} {} items:", kind, k, c.items.size());
    for (std::size_t i = 0; i < c.items.size(); i += kItemsPerLine) {
      std::string text;
      for (std::size_t j = i; j < c.items.size() && j < i + kItemsPerLine; ++j)
        text += (j > i ? ", " : "") + quote(c.items[j]);
      line("    {}", text);
    }
  }

  std::string import_text(const ImportInfo& f) const {
    std::string params;
    for (std::size_t i = 0; i < f.params.size(); ++i) params += fmt::format("{}{}", i ? ", " : "", type_name(f.params[i]));
    return fmt::format("{}({}) -> {}", f.name, params, type_name(f.result));
  }

  void imports() {
    line("\nimports");
    for (std::size_t i = 0; i < im_.imports.size(); ++i) line("  fn #{:<3} {}", i, import_text(im_.imports[i]));
  }

  std::string agg_name(std::size_t i) const {
    const AggregateInfo& a = im_.aggregates[i];
    const EventInfo& e = im_.events[a.event];
    std::string target = e.name;
    if (a.field != bc::kNone) target += "." + e.fields[a.field].name;
    return fmt::format("{}({})", bc::kAggNames[static_cast<std::size_t>(a.kind)], target);
  }

  void aggregates() {
    line("\naggregates");
    for (std::size_t i = 0; i < im_.aggregates.size(); ++i) {
      const AggregateInfo& a = im_.aggregates[i];
      std::string text = fmt::format("  agg #{:<3} {} -> {}", i, agg_name(i), type_name(a.result));
      if (a.chunk != bc::kNone) text += fmt::format(", where chunk {}", a.chunk);
      if (a.within >= 0) text += ", within " + duration_text(a.within);
      if (a.kind == bc::AggKind::score_per) {
        text += fmt::format(", {:+} points", a.points);
        if (a.half_life_days > 0) text += fmt::format(", half_life {}d", a.half_life_days);
        if (a.cap >= 0) text += fmt::format(", max {}", a.cap);
        text += fmt::format(", rule #{}", a.rule);
      } else if (a.half_life_days > 0) {  // decayed_count, decayed_sum
        text += fmt::format(", half_life {}d", a.half_life_days);
      }
      // Format v5: groups and order clauses.
      if (a.next != bc::kNone) text += fmt::format(", next #{}", a.next);
      if (a.other != bc::kNone)
        text += fmt::format(", {} #{}", a.kind == bc::AggKind::position ? "among" : "after", a.other);
      if (a.gap >= 0) text += ", at most " + duration_text(a.gap) + " after";
      if (a.calendar != bc::kNone) text += ", days on calendar " + im_.calendars[a.calendar].name;
      line("{}", text);
    }
  }

  void scores_and_rules() {
    line("\nscores");
    for (std::size_t i = 0; i < im_.scores.size(); ++i) {
      const ScoreInfo& s = im_.scores[i];
      std::string limits;
      if (s.has_min) limits += fmt::format(" min {}", s.min);
      if (s.has_max) limits += fmt::format(" max {}", s.max);
      line("  score #{:<3} {} in r{}{}", i, s.name, s.reg, limits);
    }
    line("\nrules");
    for (std::size_t i = 0; i < im_.rules.size(); ++i) {
      const RuleInfo& r = im_.rules[i];
      const std::string cap = r.cap >= 0 ? fmt::format(" max {}", r.cap) : "";
      line("  rule #{:<3} {} {:+}{}{}", i, im_.scores[r.score].name, r.points, cap, source_note(r.line));
    }
  }

  std::string_view stage_name(std::uint16_t s) const {
    return s == bc::kNone ? std::string_view("any") : std::string_view(im_.stages[s].name);
  }

  std::string on_calendar(std::uint16_t calendar) const {
    return calendar != bc::kNone ? fmt::format(" on {}", im_.calendars[calendar].name) : "";
  }

  void stages_and_routes() {
    line("\nstages");
    for (std::size_t i = 0; i < im_.stages.size(); ++i)
      line("  stage #{:<3} {}{}", i, im_.stages[i].name, source_note(im_.stages[i].line));
    // stage_try names arms: which stage each arm tries.
    line("\nstage arms");
    for (std::size_t i = 0; i < im_.stage_arms.size(); ++i)
      line("  arm #{:<3} {}{}", i, stage_name(im_.stage_arms[i].stage), source_note(im_.stage_arms[i].line));
    line("\nroutes");
    for (std::size_t i = 0; i < im_.routes.size(); ++i) {
      const RouteInfo& r = im_.routes[i];
      const std::string within = r.within >= 0 ? " within " + duration_text(r.within) : "";
      line("  route #{:<3} {}{}{}{}", i, im_.stages[r.stage].name, within, on_calendar(r.calendar),
           source_note(r.line));
      // The route's cadence: each step's destination and delay are computed in code, its clock is here.
      for (std::size_t e = 0; e < im_.escalations.size(); ++e)
        if (im_.escalations[e].route == i)
          line("    escalation #{}{}", e, im_.escalations[e].calendar != bc::kNone
                                            ? on_calendar(im_.escalations[e].calendar)
                                            : std::string(" on the wall clock"));
    }
  }

  void lifecycle() {
    const LifecycleInfo& lc = im_.lifecycle;
    if (!lc.present) return;
    std::string since = lc.since_field != bc::kNone ? " since " + im_.lead_fields[lc.since_field].name : "";
    line("\nlifecycle from {}{}{}", im_.lead_fields[lc.current_field].name, since, source_note(lc.line));
    for (std::size_t i = 0; i < lc.moves.size(); ++i) {
      const MoveInfo& m = lc.moves[i];
      const std::string when = m.condition != bc::kNone ? " when " + reg(m.condition) : "";
      line("  move #{:<3} {} -> {}{}{}", i, stage_name(m.from), stage_name(m.to), when, source_note(m.line));
    }
  }

  // `{job_title ?? "x"}: fit {fit:.0f}` as `"{r40:string}: fit {r41:number:.0f}"`.
  std::string summary_text(const HandoffInfo& h) const {
    std::string text;
    for (const TemplatePiece& piece : h.summary) {
      if (piece.reg == bc::kNone) text += piece.text;
      else if (piece.decimals == TemplatePiece::kNoDecimals) text += "{" + reg(piece.reg) + "}";
      else text += fmt::format("{{{}:.{}f}}", reg(piece.reg), piece.decimals);
    }
    return quote(text);
  }

  void handoffs() {
    if (im_.handoffs.empty()) return;
    line("\nhand-offs");
    for (std::size_t i = 0; i < im_.handoffs.size(); ++i) {
      const HandoffInfo& h = im_.handoffs[i];
      line("  hand-off #{:<3} {}, reasons {}{}", i, im_.stages[h.stage].name, h.reasons, source_note(h.line));
      if (h.has_summary) line("    summary {}", summary_text(h));
      for (const HandoffField& f : h.fields) line("    field {} = {}", f.name, reg(f.reg));
    }
  }

  static std::string clock_text(std::uint16_t minutes) {
    return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
  }

  // One line per run of weekdays with the same hours: "mon-fri 09:00-12:00, 13:00-17:00".
  void working_hours(const CalendarInfo& c) {
    static constexpr std::string_view kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (std::size_t d = 0, last = 0; d < 7; d = last + 1) {
      for (last = d; last + 1 < 7 && c.week[last + 1] == c.week[d];) ++last;
      if (c.week[d].empty()) continue;
      std::string text = last > d ? fmt::format("{}-{}", kDays[d], kDays[last]) : std::string(kDays[d]);
      for (std::size_t i = 0; i < c.week[d].size(); ++i)
        text += fmt::format("{}{}-{}", i ? ", " : " ", clock_text(c.week[d][i].start), clock_text(c.week[d][i].end));
      line("    {}", text);
    }
  }

  // Every holiday, as stored, eight to a line.
  void holidays(const CalendarInfo& c) {
    constexpr std::size_t kPerLine = 8;
    for (std::size_t i = 0; i < c.holidays.size(); i += kPerLine) {
      std::string text;
      for (std::size_t k = i; k < c.holidays.size() && k < i + kPerLine; ++k) {
        std::int64_t y = 0;
        unsigned m = 0, d = 0;
        civil_from_days(c.holidays[k], y, m, d);
        text += fmt::format("{}{:04}-{:02}-{:02}", k > i ? ", " : "", y, m, d);
      }
      line("    holidays {}", text);
    }
  }

  void calendars() {
    if (im_.calendars.empty()) return;
    line("\ncalendars");
    for (std::size_t i = 0; i < im_.calendars.size(); ++i) {
      line("  calendar #{:<3} {} {}", i, im_.calendars[i].name, quote(im_.calendars[i].zone));
      working_hours(im_.calendars[i]);
      holidays(im_.calendars[i]);
    }
  }

  void exports() {
    line("\nexports");
    for (const ExportInfo& e : im_.exports) line("  {} = {}", e.name, reg(e.reg));
  }

  std::string reg(std::uint16_t r) const { return fmt::format("r{}:{}", r, type_name(im_.registers[r])); }

  std::string operand(std::size_t chunk, Operand kind, std::uint16_t v) const {
    switch (kind) {
      case Operand::none: return {};
      case Operand::k_int: return fmt::format("K{}", im_.k_int[v]);
      case Operand::k_num: return fmt::format("K{}", im_.k_num[v]);
      // fmt rather than "K" + std::string: GCC 12 at -O3 warns falsely
      // (-Wrestrict, bug 105329) on operator+ with a literal on the left.
      case Operand::k_str: return fmt::format("K{}", quote(im_.k_str[v]));
      case Operand::k_items: return fmt::format("K{}", items_text(im_.k_items[v]));
      case Operand::k_regex: return fmt::format("K{}", regex_text(im_.k_regex[v]));
      case Operand::jump: return fmt::format("->{}", v);
      case Operand::field: return fmt::format("field {}", im_.events[im_.chunks[chunk].event].fields[v].name);
      case Operand::function: return fmt::format("fn {}", im_.imports[v].name);
      case Operand::aggregate: return fmt::format("agg #{} {}", v, agg_name(v));
      case Operand::score: return fmt::format("score {}", im_.scores[v].name);
      case Operand::stage: return fmt::format("stage {}", im_.stages[v].name);
      case Operand::rule: return fmt::format("rule #{} ({} {:+})", v, im_.scores[im_.rules[v].score].name, im_.rules[v].points);
      case Operand::route: return fmt::format("route #{} ({})", v, im_.stages[im_.routes[v].stage].name);
      case Operand::handoff: return fmt::format("hand-off #{} ({})", v, im_.stages[im_.handoffs[v].stage].name);
      case Operand::calendar: return fmt::format("calendar {}", im_.calendars[v].name);
      case Operand::escalation: return fmt::format("escalation #{} (route #{})", v, im_.escalations[v].route);
      case Operand::stage_arm:
        return fmt::format("arm #{} ({}{})", v, im_.stages[im_.stage_arms[v].stage].name, source_note(im_.stage_arms[v].line));
      case Operand::imm: return fmt::format("{}", v);
      default: return reg(v);
    }
  }

  // CALL's c operand is the first of n argument registers.
  std::string call_args(const bc::Instruction& ins) const {
    std::string args = "(";
    for (std::uint16_t i = 0; i < ins.n; ++i) args += (i ? ", " : "") + reg(static_cast<std::uint16_t>(ins.c + i));
    return args + ")";
  }

  std::string instruction_text(std::size_t chunk, const bc::Instruction& ins) const {
    const bc::OpInfo& info = bc::op_info(ins.op);
    std::string text;
    const std::pair<Operand, std::uint16_t> operands[] = {{info.a, ins.a}, {info.b, ins.b}, {info.c, ins.c}};
    for (std::size_t i = 0; i < 3; ++i) {
      if (operands[i].first == Operand::none) continue;
      const bool args = ins.op == Op::call && i == 2;
      text += (text.empty() ? "" : ", ") + (args ? call_args(ins) : operand(chunk, operands[i].first, operands[i].second));
    }
    return text.empty() ? std::string(info.name) : fmt::format("{:<13}{}", info.name, text);
  }

  void chunk(std::size_t c) {
    const ChunkInfo& info = im_.chunks[c];
    if (c == 0) line("\nchunk 0 main [{}, {})", info.begin, info.end);
    else if (info.event == bc::kNone) line("\nchunk {} explain [{}, {})", c, info.begin, info.end);
    else line("\nchunk {} predicate over {} [{}, {})", c, im_.events[info.event].name, info.begin, info.end);
    std::uint32_t last_line = 0;
    for (std::uint32_t pc = info.begin; pc < info.end; ++pc) {
      std::string text = fmt::format("  {:>5}  {}", pc, instruction_text(c, im_.code[pc]));
      const std::uint32_t number = im_.lines.empty() ? 0 : im_.lines[pc];
      if (number != last_line) text += source_note(number);
      last_line = number;
      line("{}", text);
    }
  }
};

}  // namespace

std::string disassemble(const Program& program, const std::string* source_text) {
  return Listing(program, source_text).render();
}

}  // namespace baton
