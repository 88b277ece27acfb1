// The parts of an explanation that say why, for people: each condition's
// and/or/not parts with the values that decided them, the lead's fields the
// rules read, the unexported lets, the events that counted, and the rules
// that gave nothing with the reason. Text rounds numbers and shows times in
// the zone asked for; JSON keeps exact values and UTC times.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "baton/common/printable.hpp"
#include "baton/common/time.hpp"
#include "baton/common/zone.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/program.hpp"
#include "output_support.hpp"

namespace baton::output {

namespace {

enum class Truth : std::uint8_t { no, yes, missing };

Truth truth_of(const Value& v) { return v.is_missing() ? Truth::missing : v.b ? Truth::yes : Truth::no; }

// A condition's evaluated parts, walked in pre-order.
struct Parts {
  const ExplainCondition& condition;
  const Value* values;  // kValuesPerPart per node
  const Value& value(std::size_t node) const { return values[node * kValuesPerPart]; }
  const Value& operand(std::size_t node, std::size_t k) const { return values[node * kValuesPerPart + 1 + k]; }
};

// The truth of node i with the VM's own rules (and/or keep the value that
// decided them, so a missing part can make the whole missing), and the
// index past its subtree.
Truth evaluate(const Parts& p, std::size_t i, std::size_t& next) {
  const ExplainNode& n = p.condition.nodes[i];
  next = i + 1;
  switch (n.kind) {
    case ExplainNodeKind::leaf: return truth_of(p.value(i));
    case ExplainNodeKind::not_: {
      const Truth t = evaluate(p, next, next);
      return t == Truth::missing ? t : t == Truth::yes ? Truth::no : Truth::yes;
    }
    case ExplainNodeKind::and_:
    case ExplainNodeKind::or_: {
      const bool is_and = n.kind == ExplainNodeKind::and_;
      Truth result = Truth::no;
      bool decided = false;
      for (std::uint16_t k = 0; k < n.children; ++k) {
        const Truth t = evaluate(p, next, next);
        if (!decided) result = t;
        if (!decided && (is_and ? t != Truth::yes : t == Truth::yes)) decided = true;
      }
      return result;
    }
  }
  return Truth::missing;
}

std::optional<Parts> parts_of(const Program& program, const Decision& d, ExplainOwner owner, std::size_t index) {
  const Trace& trace = trace_of(d);
  const auto& conditions = program.image().explain.conditions;
  for (const PartsTry& tried : trace.parts) {
    const ExplainCondition& c = conditions[tried.condition];
    if (c.owner != owner || c.index != index) continue;
    if (tried.first + c.nodes.size() * kValuesPerPart > trace.part_values.size()) return std::nullopt;
    return Parts{c, trace.part_values.data() + tried.first};
  }
  return std::nullopt;
}

// ---- text

void append_operand_text(const Program& program, const Parts& p, std::size_t node, std::size_t k,
                         const TextStyle& style, int decimals, std::string& out) {
  const ExplainOperand& o = p.condition.nodes[node].operands[k];
  out += o.text;
  if (o.reg == bc::kNone) return;
  const Value& v = p.operand(node, k);
  out += ' ';
  if (o.is_stage && !v.is_missing()) out += stage_name(program, static_cast<int>(v.i));
  else append_people_value(program.image().registers[o.reg], v, style, out, decimals);
}

// An operand's number: a number register's value, or a numeric literal's.
std::optional<double> operand_number(const Program& program, const Parts& p, std::size_t node, std::size_t k) {
  const ExplainOperand& o = p.condition.nodes[node].operands[k];
  if (o.reg != bc::kNone) {
    const Type type = program.image().registers[o.reg];
    const Value& v = p.operand(node, k);
    if (o.is_stage || v.is_missing()) return std::nullopt;
    if (type == Type::number) return v.n;
    if (type == Type::int_) return static_cast<double>(v.i);
    return std::nullopt;
  }
  double value = 0;
  const char* end = o.text.data() + o.text.size();
  auto [ptr, ec] = std::from_chars(o.text.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

// Decimals enough that a compared value does not read as what it is
// compared with: at two, 14.996 reads "engagement 15 is not >= 15".
int decimals_to_tell_apart(const Program& program, const Parts& p, std::size_t node) {
  const std::size_t n = p.condition.nodes[node].operands.size();
  std::optional<double> first = n > 0 ? operand_number(program, p, node, 0) : std::nullopt;
  if (!first) return 2;
  auto text = [](double v, int decimals) {
    std::string out;
    append_people_number(v, out, decimals);
    return out;
  };
  for (int decimals = 2; decimals <= 15; ++decimals) {
    bool apart = true;
    for (std::size_t k = 1; k < n && apart; ++k)
      if (auto other = operand_number(program, p, node, k))
        apart = *other == *first || text(*first, decimals) != text(*other, decimals);
    if (apart) return decimals;
  }
  return 16;  // exact
}

// "company_size 450 is not >= 1000", "country "US" is in emea".
void append_leaf_text(const Program& program, const Parts& p, std::size_t i, const TextStyle& style,
                      std::string& out) {
  const ExplainNode& n = p.condition.nodes[i];
  const Truth t = truth_of(p.value(i));
  if (n.op.empty() || n.operands.empty()) {
    append(out, "{} is {}", n.text, t == Truth::yes ? "true" : t == Truth::no ? "false" : "missing");
    return;
  }
  for (std::size_t k = 0; k < n.operands.size(); ++k)
    if (n.operands[k].reg != bc::kNone && p.operand(i, k).is_missing()) {
      append(out, "{}: {} is missing", n.text, n.operands[k].text);
      return;
    }
  const bool held = t == Truth::yes;
  const int decimals = decimals_to_tell_apart(program, p, i);
  auto operand = [&](std::size_t k) {
    if (k < n.operands.size()) append_operand_text(program, p, i, k, style, decimals, out);
  };
  operand(0);
  const std::string_view op = n.op;
  if (op == "between") {
    out += held ? " is between " : " is not between ";
    operand(1);
    out += " and ";
    operand(2);
    return;
  }
  if (op == "==") out += held ? " is " : " is not ";
  else if (op == "!=") out += held ? " is not " : " is ";
  else if (op == "in") out += held ? " is in " : " is not in ";
  else if (op == "not in") out += held ? " is not in " : " is in ";
  else if (op == "matches") out += held ? " matches " : " does not match ";
  else if (op == "starts_with") out += held ? " starts with " : " does not start with ";
  else if (op == "ends_with") out += held ? " ends with " : " does not end with ";
  else if (op == "contains") out += held ? " contains " : " does not contain ";
  else append(out, " is {}{} ", held ? "" : "not ", op);
  operand(1);
}

void append_node_text(const Program& program, const Parts& p, std::size_t i, std::size_t depth, bool show,
                      const TextStyle& style, std::string& out, std::size_t& next) {
  const ExplainNode& n = p.condition.nodes[i];
  std::size_t after = 0;
  const Truth t = evaluate(p, i, after);
  if (show) {
    append(out, "{:{}}{:<3}  ", "", style.parts_indent + 2 * depth, t == Truth::yes ? "YES" : "no");
    if (n.kind == ExplainNodeKind::leaf) append_leaf_text(program, p, i, style, out);
    else out += n.text;
    out += '\n';
  }
  next = i + 1;
  const std::size_t inner = show ? depth + 1 : depth;
  for (std::uint16_t k = 0; k < n.children; ++k) append_node_text(program, p, next, inner, true, style, out, next);
}

// ---- JSON

void append_node_json(const Program& program, const Parts& p, std::size_t i, std::string& out, std::size_t& next) {
  const ExplainNode& n = p.condition.nodes[i];
  std::size_t after = 0;
  const Truth t = evaluate(p, i, after);
  static constexpr std::string_view kKinds[] = {"test", "and", "or", "not"};
  out += "{\"kind\":";
  append_json_string(kKinds[static_cast<std::size_t>(n.kind)], out);
  out += ",\"text\":";
  append_json_string(n.text, out);
  append(out, ",\"held\":{}", t == Truth::yes ? "true" : "false");
  if (n.kind == ExplainNodeKind::leaf) {
    out += ",\"value\":";
    out += t == Truth::yes ? "true" : t == Truth::no ? "false" : "null";
    if (!n.op.empty()) {
      out += ",\"op\":";
      append_json_string(n.op, out);
    }
    out += ",\"operands\":[";
    for (std::size_t k = 0; k < n.operands.size(); ++k) {
      const ExplainOperand& o = n.operands[k];
      if (k) out += ',';
      out += "{\"text\":";
      append_json_string(o.text, out);
      if (o.reg != bc::kNone) {
        out += ",\"value\":";
        const Value& v = p.operand(i, k);
        if (o.is_stage && !v.is_missing()) append_json_string(stage_name(program, static_cast<int>(v.i)), out);
        else append_value_json(program.image().registers[o.reg], v, out);
      }
      out += '}';
    }
    out += ']';
  }
  next = i + 1;
  if (n.kind != ExplainNodeKind::leaf) {
    out += ",\"parts\":[";
    for (std::uint16_t k = 0; k < n.children; ++k) {
      if (k) out += ',';
      append_node_json(program, p, next, out, next);
    }
    out += ']';
  }
  out += '}';
}

// ---- what the rules read

// Lead fields are registers 0..F-1 and are never written: every register
// operand below F, in any chunk, is a field the rules read. (Also the
// lifecycle's stage fields, exports and hand-off fields of lead fields.)
std::vector<bool> fields_read(const Program& program) {
  const ProgramImage& image = program.image();
  const std::size_t fields = image.lead_fields.size();
  std::vector<bool> read(fields, false);
  auto mark = [&](std::size_t r) {
    if (r < fields) read[r] = true;
  };
  for (const bc::Instruction& in : image.code) {
    const bc::OpInfo& info = bc::op_info(in.op);
    const std::pair<bc::Operand, std::uint16_t> operands[] = {{info.a, in.a}, {info.b, in.b}, {info.c, in.c}};
    for (std::size_t k = 0; k < 3; ++k) {
      const bool is_register = operands[k].first >= bc::Operand::r_i64 && operands[k].first <= bc::Operand::r_any;
      if (in.op == bc::Op::call && k == 2) {
        for (std::size_t r = in.c; r < std::size_t(in.c) + in.n; ++r) mark(r);
      } else if (is_register) {
        mark(operands[k].second);
      }
    }
  }
  if (image.lifecycle.present) {
    mark(image.lifecycle.current_field);
    mark(image.lifecycle.since_field);
  }
  for (const ExportInfo& e : image.exports) mark(e.reg);
  return read;
}

const EventsSeen* events_of(const Trace& trace, std::size_t aggregate) {
  for (const EventsSeen& e : trace.events)
    if (e.aggregate == aggregate) return &e;
  return nullptr;
}

std::string window_text(const AggregateInfo& agg) {
  return agg.within >= 0 ? "within " + format_duration(agg.within) : std::string("at any time");
}

// "1 of 3 page_view events within 90d; newest 2026-11-20T14:00:00Z, ..."
void append_events_line(const Program& program, const Trace& trace, const EventsSeen& seen, const TextStyle& style,
                        std::string& out) {
  const ProgramImage& image = program.image();
  const AggregateInfo& agg = image.aggregates[seen.aggregate];
  const std::string& event = image.events[agg.event].name;
  if (seen.in_window == 0) {
    append(out, "no {} event {}", event, window_text(agg));
    return;
  }
  if (seen.matched == 0) {
    append(out, "none of {} {} event{} {} matched", seen.in_window, event, seen.in_window == 1 ? "" : "s",
           window_text(agg));
    return;
  }
  append(out, "{} of {} {} event{} {}", seen.matched, seen.in_window, event, seen.in_window == 1 ? "" : "s",
         window_text(agg));
  if (seen.shown == 0) return;
  out += seen.matched > seen.shown ? "; newest " : ": ";
  for (std::uint32_t k = 0; k < seen.shown; ++k) {
    if (k) out += ", ";
    append_people_time(trace.event_times[seen.first + k], style, out);
  }
  if (seen.matched > seen.shown) out += ", ...";
}

const AggregateInfo* per_aggregate(const Program& program, std::size_t rule, std::size_t* index = nullptr) {
  const auto& aggregates = program.image().aggregates;
  for (std::size_t a = 0; a < aggregates.size(); ++a)
    if (aggregates[a].kind == bc::AggKind::score_per && aggregates[a].rule == rule) {
      if (index) *index = a;
      return &aggregates[a];
    }
  return nullptr;
}

bool rule_hit(const Trace& trace, std::size_t rule) {
  return std::any_of(trace.rules.begin(), trace.rules.end(), [&](const RuleHit& h) { return h.rule == rule; });
}

}  // namespace

// ---- numbers, times and values for people

void append_people_number(double v, std::string& out, int decimals) {
  if (!std::isfinite(v) || v == std::trunc(v)) {
    append_number(v, out);
    return;
  }
  if (decimals > 15) {  // as exact as JSON
    append_number(v, out);
    return;
  }
  std::string text = std::fabs(v) >= 0.01 ? fmt::format("{:.{}f}", v, decimals) : fmt::format("{:.{}g}", v, decimals);
  if (text.find('e') == std::string::npos && text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  if (text == "-0") text = "0";
  out += text;
}

std::string people_signed(double v) {
  std::string out = v > 0 ? "+" : "";
  append_people_number(v, out);
  return out;
}

void append_people_time(std::int64_t t, const TextStyle& style, std::string& out) {
  if (!style.zone) {
    append_time(t, out);
    return;
  }
  if (t < kFirstTime || t > kLastTime) {  // no local time to write: as in UTC (year 0000 stays as it reads)
    append_time(t, out);
    return;
  }
  append_local_time(t, *style.zone, out);
}

void append_people_value(Type type, const Value& v, const TextStyle& style, std::string& out, int decimals) {
  if (v.is_missing()) {
    out += "missing";
    return;
  }
  switch (type) {
    case Type::number: append_people_number(v.n, out, decimals); return;
    case Type::time: append_people_time(v.i, style, out); return;
    default: break;
  }
  // Strings as in JSON, whose escapes leave DEL and the C1 controls as they are.
  std::string json;
  append_value_json(type, v, json);
  append_printable(json, out);
}

// ---- sections

void append_parts_text(const Program& program, const Decision& d, ExplainOwner owner, std::size_t index,
                       const TextStyle& style, std::string& out) {
  const std::optional<Parts> p = parts_of(program, d, owner, index);
  if (!p) return;
  std::size_t next = 0;
  // The arm's line already shows an and/or as a whole: list its parts.
  const ExplainNodeKind root = p->condition.nodes[0].kind;
  const bool show_root = root == ExplainNodeKind::leaf || root == ExplainNodeKind::not_;
  append_node_text(program, *p, 0, 0, show_root, style, out, next);
}

void append_parts_json(const Program& program, const Decision& d, ExplainOwner owner, std::size_t index,
                       std::string& out) {
  const std::optional<Parts> p = parts_of(program, d, owner, index);
  out += ",\"parts\":";
  if (!p) {
    out += "null";
    return;
  }
  std::size_t next = 0;
  append_node_json(program, *p, 0, out, next);
}

// Rules of score `s` that gave no points, and why (text: --all-rules).
void append_zero_rules_text(const Program& program, const Decision& d, std::size_t s, const TextStyle& style,
                            std::string& out) {
  const ProgramImage& image = program.image();
  const Trace& trace = trace_of(d);
  for (std::size_t r = 0; r < image.rules.size(); ++r) {
    const RuleInfo& rule = image.rules[r];
    if (rule.score != s || rule_hit(trace, r)) continue;
    append(out, "  {:<{}}  ", "0", style.points_width);
    if (rule.line == 0) append(out, "line {:>{}}", "-", style.line_width);
    else append(out, "line {:>{}}", rule.line, style.line_width);
    append(out, "  {}", rule.text);
    std::size_t a = 0;
    if (per_aggregate(program, r, &a)) {
      out += "  (";
      if (const EventsSeen* seen = events_of(trace, a)) append_events_line(program, trace, *seen, style, out);
      out += ")\n";
      continue;
    }
    out += "  (condition false)\n";
    append_parts_text(program, d, ExplainOwner::rule, r, style, out);
  }
}

void append_zero_rules_json(const Program& program, const Decision& d, std::size_t s, std::string& out) {
  const ProgramImage& image = program.image();
  const Trace& trace = trace_of(d);
  out += ",\"not_applied\":[";
  bool first = true;
  for (std::size_t r = 0; r < image.rules.size(); ++r) {
    const RuleInfo& rule = image.rules[r];
    if (rule.score != s || rule_hit(trace, r)) continue;
    if (!first) out += ',';
    first = false;
    append(out, "{{\"line\":{},\"text\":", rule.line);
    append_json_string(rule.text, out);
    out += ",\"points\":";
    append_number(rule.points, out);
    std::size_t a = 0;
    if (per_aggregate(program, r, &a)) {
      const EventsSeen* seen = events_of(trace, a);
      append(out, ",\"reason\":\"no_events\",\"in_window\":{},\"matched\":{}", seen ? seen->in_window : 0,
             seen ? seen->matched : 0);
    } else {
      out += ",\"reason\":\"condition\"";
      append_parts_json(program, d, ExplainOwner::rule, r, out);
    }
    out += '}';
  }
  out += ']';
}

void append_reads_text(const Program& program, const Record& record, const Decision& d, const TextStyle& style,
                       std::string& out) {
  const ProgramImage& image = program.image();
  const Trace& trace = trace_of(d);
  const std::vector<bool> read = fields_read(program);
  std::size_t width = 0;
  for (std::size_t f = 0; f < read.size(); ++f)
    if (read[f]) width = std::max(width, image.lead_fields[f].name.size());
  if (width > 0) {
    out += "lead fields the rules read\n";
    for (std::size_t f = 0; f < read.size(); ++f) {
      if (!read[f]) continue;
      append(out, "  {:<{}} = ", image.lead_fields[f].name, width);
      append_people_value(image.lead_fields[f].type, f < record.fields.size() ? record.fields[f] : Value::absent(),
                          style, out);
      out += '\n';
    }
  }
  const auto& lets = image.explain.lets;
  if (!lets.empty() && trace.lets.size() == lets.size()) {
    width = 0;
    for (const ExplainLet& l : lets) width = std::max(width, l.name.size());
    out += "lets (not exported)\n";
    for (std::size_t i = 0; i < lets.size(); ++i) {
      append(out, "  {:<{}} = ", lets[i].name, width);
      append_people_value(image.registers[lets[i].reg], trace.lets[i], style, out);
      out += '\n';
    }
  }
  std::string events;
  for (const EventsSeen& seen : trace.events) {
    if (seen.matched == 0) continue;
    const AggregateInfo& agg = image.aggregates[seen.aggregate];
    if (agg.kind == bc::AggKind::score_per) {
      const RuleInfo& rule = image.rules[agg.rule];
      append(events, "  {} (line {})\n    ", rule.text, rule.line);
    } else {
      auto text = std::find_if(image.explain.aggregates.begin(), image.explain.aggregates.end(),
                               [&](const ExplainAggregate& a) { return a.aggregate == seen.aggregate; });
      if (text == image.explain.aggregates.end()) continue;
      append(events, "  {}\n    ", text->text);
    }
    append_events_line(program, trace, seen, style, events);
    events += '\n';
  }
  if (!events.empty()) {
    out += "events that counted (newest first)\n";
    out += events;
  }
}

void append_reads_json(const Program& program, const Record& record, const Decision& d, std::string& out) {
  const ProgramImage& image = program.image();
  const Trace& trace = trace_of(d);
  const std::vector<bool> read = fields_read(program);
  out += ",\"fields\":{";
  bool first = true;
  for (std::size_t f = 0; f < read.size(); ++f) {
    if (!read[f]) continue;
    if (!first) out += ',';
    first = false;
    append_json_key(image.lead_fields[f].name, out);
    append_value_json(image.lead_fields[f].type, f < record.fields.size() ? record.fields[f] : Value::absent(), out);
  }
  out += "},\"lets\":{";
  const auto& lets = image.explain.lets;
  for (std::size_t i = 0; i < lets.size() && trace.lets.size() == lets.size(); ++i) {
    if (i) out += ',';
    append_json_key(lets[i].name, out);
    append_value_json(image.registers[lets[i].reg], trace.lets[i], out);
  }
  out += "},\"events\":[";
  first = true;
  for (const EventsSeen& seen : trace.events) {
    const AggregateInfo& agg = image.aggregates[seen.aggregate];
    if (!first) out += ',';
    first = false;
    out += "{\"of\":";
    if (agg.kind == bc::AggKind::score_per) {
      append_json_string(image.rules[agg.rule].text, out);
      append(out, ",\"line\":{}", image.rules[agg.rule].line);
    } else {
      auto text = std::find_if(image.explain.aggregates.begin(), image.explain.aggregates.end(),
                               [&](const ExplainAggregate& a) { return a.aggregate == seen.aggregate; });
      append_json_string(text == image.explain.aggregates.end() ? std::string_view() : std::string_view(text->text), out);
      out += ",\"line\":null";
    }
    out += ",\"event\":";
    append_json_string(image.events[agg.event].name, out);
    out += ",\"within\":";
    if (agg.within >= 0) append_json_string(format_duration(agg.within), out);
    else out += "null";
    append(out, ",\"in_window\":{},\"matched\":{},\"newest\":[", seen.in_window, seen.matched);
    for (std::uint32_t k = 0; k < seen.shown; ++k) {
      if (k) out += ',';
      append_json_time(trace.event_times[seen.first + k], out);
    }
    out += "]}";
  }
  out += ']';
}

}  // namespace baton::output
