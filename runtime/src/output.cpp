// Rendering decisions and explanations. Everything appends to a caller-owned
// string, so a batch reuses one buffer and a decision costs no allocation once
// that buffer has grown (times are formatted in place, not via format_time).
#include "baton/runtime/output.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "baton/common/printable.hpp"
#include "baton/common/time.hpp"
#include "baton/common/zone.hpp"
#include "baton/runtime/calendar.hpp"
#include "baton/runtime/program.hpp"
#include "output_support.hpp"

namespace baton {

// Helpers shared with output_lifecycle.cpp (declared in output_support.hpp).
namespace output {

// A string literal appended with its length known at compile time (the
// const char* overload measures it with strlen on every call).
template <std::size_t N>
[[gnu::always_inline]] inline void put(std::string& out, const char (&text)[N]) {
  out.append(text, N - 1);
}

// Same text as format_time ("2026-11-23T10:00:00Z") without a temporary
// string. Written digit by digit: it runs for every decision (as_of, the
// deadline), where going through fmt cost ~4k instructions a time.
void append_time(std::int64_t t, std::string& out) {
  std::int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  auto rem = static_cast<unsigned>(t - days * 86400);
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  if (y < 0 || y > 9999) {  // not a four-digit year: the general formatter
    append(out, "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", y, m, d, rem / 3600, rem % 3600 / 60, rem % 60);
    return;
  }
  auto year = static_cast<unsigned>(y);
  unsigned hour = rem / 3600, minute = rem % 3600 / 60, second = rem % 60;
  char text[20] = {'0', '0', '0', '0', '-', '0', '0', '-', '0', '0', 'T', '0', '0', ':', '0', '0', ':', '0', '0', 'Z'};
  auto put2 = [&text](std::size_t at, unsigned v) {
    text[at] = static_cast<char>('0' + v / 10);
    text[at + 1] = static_cast<char>('0' + v % 10);
  };
  put2(0, year / 100);
  put2(2, year % 100);
  put2(5, m);
  put2(8, d);
  put2(11, hour);
  put2(14, minute);
  put2(17, second);
  out.append(text, sizeof text);
}

void append_json_time(std::int64_t t, std::string& out) {
  out += '"';
  append_time(t, out);
  out += '"';
}

Type export_type(const Program& program, const ExportInfo& e) {
  const auto& registers = program.image().registers;
  return e.reg < registers.size() ? registers[e.reg] : Type::invalid;
}

const Value& export_value(const Decision& d, std::size_t i) {
  static const Value missing = Value::absent();
  return i < d.exports.size() ? d.exports[i] : missing;
}

std::string_view stage_name(const Program& program, int stage) {
  const auto& stages = program.image().stages;
  return stage >= 0 && static_cast<std::size_t>(stage) < stages.size() ? std::string_view(stages[stage].name)
                                                                          : std::string_view();
}

// A value as JSON: sets and lists as arrays, times as RFC 3339 strings,
// durations in their literal form ("30d") so a decision reads back as a record.
void append_value_json(Type type, const Value& v, std::string& out) {
  if (v.is_missing()) {
    put(out, "null");
    return;
  }
  switch (type) {
    case Type::int_: {
      char text[24];
      auto r = std::to_chars(text, text + sizeof text, v.i);
      out.append(text, static_cast<std::size_t>(r.ptr - text));
      return;
    }
    case Type::number: append_number(v.n, out); return;
    case Type::string: append_json_string(v.str(), out); return;
    case Type::boolean:
      if (v.b)
        put(out, "true");
      else
        put(out, "false");
      return;
    case Type::time: append_json_time(v.i, out); return;
    case Type::duration: append_json_string(format_duration(v.i), out); return;
    case Type::string_set:
    case Type::string_list:
      out += '[';
      for (std::uint32_t k = 0; k < v.len; ++k) {
        if (k) out += ',';
        append_json_string(v.items[k].str(), out);
      }
      out += ']';
      return;
    default: put(out, "null"); return;
  }
}

// The same value as plain text (CSV cells, explain lines): sets and lists
// joined with ';', missing as nothing.
void append_value_text(Type type, const Value& v, std::string& out) {
  if (v.is_missing()) return;
  switch (type) {
    case Type::string: out += v.str(); return;
    case Type::time: append_time(v.i, out); return;
    case Type::duration: out += format_duration(v.i); return;
    case Type::string_set:
    case Type::string_list:
      for (std::uint32_t k = 0; k < v.len; ++k) {
        if (k) out += ';';
        out += v.items[k].str();
      }
      return;
    default: append_value_json(type, v, out); return;
  }
}

void append_json_key(std::string_view key, std::string& out) {
  append_json_string(key, out);
  out += ':';
}

void append_optional_time_json(bool present, std::int64_t t, std::string& out) {
  if (present)
    append_json_time(t, out);
  else
    put(out, "null");
}

// {"to":..,"deadline":..} and, when the SLA has cadences, every route's
// "escalations":[{"to":..,"due":..}] (empty when its arm has none).
void append_route_json(const Program& program, const Decision& d, std::string& out) {
  if (d.route < 0) {
    put(out, "null");
    return;
  }
  put(out, "{\"to\":");
  append_json_string(d.route_target, out);
  put(out, ",\"deadline\":");
  append_optional_time_json(d.has_deadline, d.deadline, out);
  if (!program.image().escalations.empty()) {
    put(out, ",\"escalations\":[");
    for (std::size_t i = 0; i < d.escalations.size(); ++i) {
      if (i) out += ',';
      put(out, "{\"to\":");
      append_json_string(d.escalations[i].to, out);
      put(out, ",\"due\":");
      append_optional_time_json(d.escalations[i].has_due, d.escalations[i].due, out);
      out += '}';
    }
    out += ']';
  }
  out += '}';
}

// CSV: the longest cadence of any route arm decides how many
// escalation_N_to, escalation_N_due column pairs there are.
std::size_t max_escalations(const Program& program) {
  std::vector<std::size_t> per_route(program.image().routes.size());
  std::size_t most = 0;
  for (const EscalationInfo& e : program.image().escalations) most = std::max(most, ++per_route[e.route]);
  return most;
}

void append_id_json(const Record& record, std::string& out) {
  if (record.has_id)
    append_json_string(record.id, out);
  else
    put(out, "null");
}

void append_values_json(const Program& program, const Decision& d, std::string& out) {
  out += '{';
  const auto& exports = program.image().exports;
  for (std::size_t i = 0; i < exports.size(); ++i) {
    if (i) out += ',';
    append_json_key(exports[i].name, out);
    append_value_json(export_type(program, exports[i]), export_value(d, i), out);
  }
  out += '}';
}

// The text of a decision that depends only on the program and as_of, rendered
// once per thread and reused while they match (compared by content, so a new
// Program at a recycled address is safe): the quoted stage names, the score
// and export keys with their separators, and the provenance tail
// ,"sla":"acme","version":"1.0.0","fingerprint":"...","as_of":"..."}
// Escaping a key on every decision cost more than the rest of its line.
struct DecisionFrame {
  std::string name, version, fingerprint;
  std::int64_t as_of = 0;
  const Program* program = nullptr;
  std::vector<std::string> stages;       // "name", quoted
  std::vector<std::string> score_keys;   // "fit": (then ,"engagement": ...)
  std::vector<std::string> export_keys;  // as score_keys
  std::string tail;
};

const DecisionFrame& decision_frame(const Program& program, std::int64_t as_of) {
  thread_local DecisionFrame frame;
  if (frame.program == &program && frame.as_of == as_of && frame.fingerprint == program.fingerprint() &&
      frame.name == program.name() && frame.version == program.version() && !frame.tail.empty())
    return frame;
  const ProgramImage& image = program.image();
  frame.program = &program;
  frame.name = program.name();
  frame.version = program.version();
  frame.fingerprint = program.fingerprint();
  frame.as_of = as_of;
  frame.stages.clear();
  for (const auto& stage : image.stages) append_json_string(stage.name, frame.stages.emplace_back());
  auto keys = [](std::vector<std::string>& out, const auto& named) {
    out.clear();
    for (const auto& item : named) {
      std::string& key = out.emplace_back();
      if (out.size() > 1) key += ',';
      append_json_key(item.name, key);
    }
  };
  keys(frame.score_keys, image.scores);
  keys(frame.export_keys, image.exports);
  std::string& text = frame.tail;
  text.clear();
  text += ",\"sla\":";
  append_json_string(program.name(), text);
  text += ",\"version\":";
  append_json_string(program.version(), text);
  text += ",\"fingerprint\":";
  append_json_string(program.fingerprint(), text);
  text += ",\"as_of\":";
  append_json_time(as_of, text);
  text += '}';
  return frame;
}

void append_provenance_json(const Program& program, const Decision& d, std::string& out) {
  out += decision_frame(program, d.as_of).tail;
}

double score_value(const Decision& d, std::size_t i) { return i < d.scores.size() ? d.scores[i] : 0.0; }

// ---- CSV ----------------------------------------------------------------

// RFC 4180: a cell holding a comma, a quote or a line break is quoted, with
// quotes doubled. The cell is rendered first, then fixed up in the rare case.
void quote_csv_from(std::size_t start, std::string& out, const CsvStyle& style) {
  // What spreadsheets read as the start of a formula (OWASP's list).
  if (style.escape_formulas && start < out.size() && std::string_view("=+-@\t\r").find(out[start]) != std::string_view::npos)
    out.insert(start, 1, '\'');
  std::string_view cell(out.data() + start, out.size() - start);
  if (cell.find_first_of(",\"\r\n") == std::string_view::npos) return;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  out.replace(start, out.size() - start, quoted);
}

void append_csv_cell(std::string_view text, std::string& out, const CsvStyle& style) {
  std::size_t start = out.size();
  out += text;
  quote_csv_from(start, out, style);
}

bool is_text_cell(Type type) {
  return type == Type::string || type == Type::string_set || type == Type::string_list;
}

// ---- explain ------------------------------------------------------------

const Trace& trace_of(const Decision& d) {
  static const Trace empty;
  return d.trace ? *d.trace : empty;
}

// "+20", "-40", "+36.5": the points a rule gave, with its sign.
std::string signed_number(double v) {
  std::string out = v > 0 ? "+" : "";
  append_number(v, out);
  return out;
}

// The score_per aggregate of a `per` rule, if the rule is one.
const AggregateInfo* per_rule_aggregate(const Program& program, std::uint16_t rule) {
  for (const AggregateInfo& agg : program.image().aggregates)
    if (agg.kind == bc::AggKind::score_per && agg.rule == rule) return &agg;
  return nullptr;
}

// A block's half-life is not in ScoreInfo, but every `per` rule of the block
// carries it in its aggregate (rules have no half-life of their own).
double score_half_life_days(const Program& program, std::size_t score) {
  const ProgramImage& image = program.image();
  for (const AggregateInfo& agg : image.aggregates)
    if (agg.kind == bc::AggKind::score_per && agg.rule < image.rules.size() && image.rules[agg.rule].score == score &&
        agg.half_life_days > 0)
      return agg.half_life_days;
  return 0;
}

const ScoreClamp* clamp_of(const Trace& trace, std::size_t score) {
  for (const ScoreClamp& c : trace.clamps)
    if (c.score == score) return &c;
  return nullptr;
}

// Column widths shared by every line of one explanation, so the points and
// line numbers form columns across scores, stages and routes.
struct Columns {
  std::size_t points = 0;
  std::size_t line = 1;
  TextStyle style;  // numbers, times, and where a condition's parts start
};

std::size_t digits(std::uint32_t n) { return fmt::formatted_size("{}", n); }

Columns measure(const Program& program, const Trace& trace, const TextStyle& style) {
  const ProgramImage& image = program.image();
  Columns c;
  c.style = style;
  for (const RuleHit& hit : trace.rules) {
    c.points = std::max(c.points, people_signed(hit.value).size());
    if (hit.rule < image.rules.size()) c.line = std::max(c.line, digits(image.rules[hit.rule].line));
  }
  if (style.all_rules)
    for (const RuleInfo& rule : image.rules) c.line = std::max(c.line, digits(rule.line));
  for (const ArmTry& arm : trace.stages)
    if (arm.arm < image.stage_arms.size()) c.line = std::max(c.line, digits(image.stage_arms[arm.arm].line));
  for (const ArmTry& arm : trace.routes)
    if (arm.arm < image.routes.size()) c.line = std::max(c.line, digits(image.routes[arm.arm].line));
  c.points = std::max<std::size_t>(c.points, 3);  // as wide as the YES/no marks
  // A condition's parts start under the arm's text: "  YES  line 142  ".
  c.style.points_width = c.points;
  c.style.line_width = c.line;
  c.style.parts_indent = 2 + c.points + 2 + 5 + c.line + 2;
  return c;
}

// "line 14" with the number right-aligned; a program without its debug
// section has no lines ("line -").
void append_line_ref(std::uint32_t line, const Columns& c, std::string& out) {
  if (line == 0)
    append(out, "line {:>{}}", "-", c.line);
  else
    append(out, "line {:>{}}", line, c.line);
}

// "(5 events within 90d, 50 before decay, capped from 9.2)"
void append_per_details(const AggregateInfo& agg, const RuleHit& hit, std::string& out) {
  append(out, "  ({} event{}", hit.events, hit.events == 1 ? "" : "s");
  if (agg.within >= 0) append(out, " within {}", format_duration(agg.within));
  if (hit.decayed != hit.raw) {
    out += ", ";
    append_people_number(hit.raw, out);
    out += " before decay";
  }
  if (hit.value != hit.decayed) {
    out += ", capped from ";
    append_people_number(hit.decayed, out);
  }
  out += ')';
}

void append_rule_line(const Program& program, const RuleHit& hit, const Columns& c, std::string& out) {
  const ProgramImage& image = program.image();
  const RuleInfo* rule = hit.rule < image.rules.size() ? &image.rules[hit.rule] : nullptr;
  append(out, "  {:<{}}  ", people_signed(hit.value), c.points);
  append_line_ref(rule ? rule->line : 0, c, out);
  out += "  ";
  out += rule ? std::string_view(rule->text) : std::string_view("(unknown rule)");
  if (const AggregateInfo* agg = per_rule_aggregate(program, hit.rule)) append_per_details(*agg, hit, out);
  out += '\n';
}

// "score engagement = 42.19 (max 100, half-life 21d, clamped from 120)"
void append_score_heading(const Program& program, const Decision& d, std::size_t s, std::string& out) {
  const ScoreInfo& info = program.image().scores[s];
  std::string notes;
  auto note = [&notes](std::string_view label, double value) {
    if (!notes.empty()) notes += ", ";
    notes += label;
    append_people_number(value, notes);
  };
  if (info.has_min) note("min ", info.min);
  if (info.has_max) note("max ", info.max);
  if (double days = score_half_life_days(program, s); days > 0) {
    if (!notes.empty()) notes += ", ";
    notes += "half-life " + format_duration(std::llround(days * 86400));
  }
  if (const ScoreClamp* clamp = clamp_of(trace_of(d), s)) note("clamped from ", clamp->before);
  append(out, "score {} = ", info.name);
  append_people_number(score_value(d, s), out);
  if (!notes.empty()) append(out, " ({})", notes);
  out += '\n';
}

void append_scores_text(const Program& program, const Decision& d, const Columns& c, std::string& out) {
  const ProgramImage& image = program.image();
  const Trace& trace = trace_of(d);
  for (std::size_t s = 0; s < image.scores.size(); ++s) {
    append_score_heading(program, d, s, out);
    bool any = false;
    for (const RuleHit& hit : trace.rules) {
      if (hit.rule >= image.rules.size() || image.rules[hit.rule].score != s) continue;
      append_rule_line(program, hit, c, out);
      any = true;
    }
    if (!any) out += "  (no rule gave points)\n";
    if (c.style.all_rules) append_zero_rules_text(program, d, s, c.style, out);
  }
}

void append_arm_line(bool matched, std::uint32_t line, std::string_view text, const Columns& c, std::string& out) {
  append(out, "  {:<{}}  ", matched ? "YES" : "no", c.points);
  append_line_ref(line, c, out);
  append(out, "  {}\n", text);
}

void append_stages_text(const Program& program, const Decision& d, const Columns& c, std::string& out) {
  const ProgramImage& image = program.image();
  out += "stages (first match wins)\n";
  for (const ArmTry& arm : trace_of(d).stages) {
    if (arm.arm >= image.stage_arms.size()) continue;
    const StageArmInfo& info = image.stage_arms[arm.arm];
    append_arm_line(arm.matched, info.line, info.text.empty() ? image.stages[info.stage].name : info.text, c, out);
    append_parts_text(program, d, ExplainOwner::stage, arm.arm, c.style, out);
  }
}

void append_routes_text(const Program& program, const Decision& d, const Columns& c, std::string& out) {
  const ProgramImage& image = program.image();
  const Trace& trace = trace_of(d);
  out += "route (first match wins)\n";
  for (const ArmTry& arm : trace.routes) {
    if (arm.arm >= image.routes.size()) continue;
    const RouteInfo& info = image.routes[arm.arm];
    append_arm_line(arm.matched, info.line, info.text, c, out);
    append_parts_text(program, d, ExplainOwner::route, arm.arm, c.style, out);
    if (arm.no_target) append(out, "  {:<{}}  {:>{}}  (its destination is missing: the next arm is tried)\n", "", c.points, "", c.line + 5);
  }
  if (trace.routes.empty())
    append(out, "  (no arm for stage {}: no route)\n", stage_name(program, d.stage));
  else if (d.route < 0)
    out += "  (no arm matched: no route)\n";
}

void append_values_text(const Program& program, const Decision& d, const TextStyle& style, std::string& out) {
  const auto& exports = program.image().exports;
  if (exports.empty()) return;
  std::size_t width = 0;
  for (const ExportInfo& e : exports) width = std::max(width, e.name.size());
  out += "values\n";
  for (std::size_t i = 0; i < exports.size(); ++i) {
    append(out, "  {:<{}} = ", exports[i].name, width);
    append_people_value(export_type(program, exports[i]), export_value(d, i), style, out);
    out += '\n';
  }
}

// "Lead L7 — stage mql, routed to nurture:mid-funnel (no deadline)"
void append_explain_heading(const Program& program, const Record& record, const Decision& d, const TextStyle& style,
                            std::string& out) {
  // The id and a route read from a field are lead data: printable() keeps a
  // newline or an ESC in them from forging a line or reaching the terminal.
  append(out, "Lead {} — stage {}, ", record.has_id ? printable(record.id) : "(no id)", stage_name(program, d.stage));
  if (d.route < 0) {
    out += "no route\n";
  } else {
    append(out, "routed to {} (", printable(d.route_target));
    if (d.has_deadline) {
      out += "follow up by ";
      append_people_time(d.deadline, style, out);
      if (d.deadline < d.as_of) out += ", already past";  // counted from a stage entered long ago
    } else {
      out += "no deadline";
    }
    out += ")\n";
  }
  append(out, "SLA {} {} (fingerprint {}), as of ", program.name(), program.version(), program.fingerprint());
  append_people_time(d.as_of, style, out);
  if (style.zone) append(out, " (times in {})", zone_name(*style.zone));
  out += "\n\n";
}

// ---- explain JSON -------------------------------------------------------

void append_optional_number(bool present, double value, std::string& out) {
  if (present)
    append_number(value, out);
  else
    out += "null";
}

void append_rule_json(const Program& program, const RuleHit& hit, std::string& out) {
  const ProgramImage& image = program.image();
  const RuleInfo* rule = hit.rule < image.rules.size() ? &image.rules[hit.rule] : nullptr;
  append(out, "{{\"line\":{},\"text\":", rule ? rule->line : 0);
  append_json_string(rule ? std::string_view(rule->text) : std::string_view(), out);
  out += ",\"points\":";
  append_number(rule ? rule->points : 0, out);
  out += ",\"raw\":";
  append_number(hit.raw, out);
  out += ",\"decayed\":";
  append_number(hit.decayed, out);
  out += ",\"value\":";
  append_number(hit.value, out);
  append(out, ",\"events\":{},\"capped\":{}}}", hit.events, hit.value != hit.decayed ? "true" : "false");
}

void append_score_json(const Program& program, const Decision& d, std::size_t s, std::string& out) {
  const ProgramImage& image = program.image();
  const ScoreInfo& info = image.scores[s];
  const ScoreClamp* clamp = clamp_of(trace_of(d), s);
  out += "{\"name\":";
  append_json_string(info.name, out);
  out += ",\"value\":";
  append_number(score_value(d, s), out);
  out += ",\"min\":";
  append_optional_number(info.has_min, info.min, out);
  out += ",\"max\":";
  append_optional_number(info.has_max, info.max, out);
  out += ",\"clamped_from\":";
  append_optional_number(clamp != nullptr, clamp ? clamp->before : 0, out);
  out += ",\"rules\":[";
  bool first = true;
  for (const RuleHit& hit : trace_of(d).rules) {
    if (hit.rule >= image.rules.size() || image.rules[hit.rule].score != s) continue;
    if (!first) out += ',';
    first = false;
    append_rule_json(program, hit, out);
  }
  out += ']';
  append_zero_rules_json(program, d, s, out);
  out += '}';
}

void append_stages_json(const Program& program, const Decision& d, std::string& out) {
  const ProgramImage& image = program.image();
  out += '[';
  bool first = true;
  for (const ArmTry& arm : trace_of(d).stages) {
    if (arm.arm >= image.stage_arms.size()) continue;
    const StageArmInfo& info = image.stage_arms[arm.arm];
    if (!first) out += ',';
    first = false;
    append(out, "{{\"line\":{},\"name\":", info.line);
    append_json_string(image.stages[info.stage].name, out);
    out += ",\"text\":";
    append_json_string(info.text, out);
    append(out, ",\"matched\":{}", arm.matched ? "true" : "false");
    append_parts_json(program, d, ExplainOwner::stage, arm.arm, out);
    out += '}';
  }
  out += ']';
}

void append_routes_json(const Program& program, const Decision& d, std::string& out) {
  const ProgramImage& image = program.image();
  out += '[';
  bool first = true;
  for (const ArmTry& arm : trace_of(d).routes) {
    if (arm.arm >= image.routes.size()) continue;
    const RouteInfo& info = image.routes[arm.arm];
    if (!first) out += ',';
    first = false;
    append(out, "{{\"line\":{},\"stage\":", info.line);
    append_json_string(stage_name(program, info.stage), out);
    out += ",\"text\":";
    append_json_string(info.text, out);
    append(out, ",\"matched\":{}", arm.matched ? "true" : "false");
    append_parts_json(program, d, ExplainOwner::route, arm.arm, out);
    if (arm.no_target) out += ",\"destination_missing\":true";
    out += '}';
  }
  out += ']';
}

void append_stage_json(const Program& program, const Decision& d, std::string& out) {
  if (d.stage < 0)
    out += "null";
  else
    append_json_string(stage_name(program, d.stage), out);
}

}  // namespace output

using namespace output;

// ---- public API -----------------------------------------------------------

void append_number(double value, std::string& out) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  if (value == 0) {  // also -0
    out += '0';
    return;
  }
  // Scores are often whole numbers: those print as their digits, which is
  // what fmt gives for them too (it switches to an exponent only from 1e16).
  if (std::fabs(value) < 1e9 && value == std::trunc(value)) {
    char digits[16];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, static_cast<std::int64_t>(value));
    out.append(digits, static_cast<std::size_t>(end - digits));
    return;
  }
  // fmt's default for double is the shortest text that reads back exactly,
  // and integral values print without ".0". Compiled format: same text,
  // without parsing "{}" on every call.
  char text[64];  // the longest is about 24 ("-2.2250738585072014e-308")
  char* end = fmt::format_to(text, FMT_COMPILE("{}"), value);
  out.append(text, static_cast<std::size_t>(end - text));
}

namespace {

// Bit 7 of every byte of `x` that JSON must escape: below 0x20, '"' or '\\'.
[[gnu::always_inline]] inline std::uint64_t json_special(std::uint64_t x) {
  constexpr std::uint64_t kOnes = 0x0101010101010101, kHigh = 0x8080808080808080;
  auto zero_byte = [&](std::uint64_t y) { return (y - kOnes) & ~y & kHigh; };
  return ((x - 0x20 * kOnes) & ~x & kHigh) | zero_byte(x ^ ('"' * kOnes)) | zero_byte(x ^ ('\\' * kOnes));
}

// Whether some byte of the text needs an escape: eight bytes at a time, the
// last eight overlapping the ones before (texts from eight bytes on).
[[gnu::always_inline]] inline bool json_needs_escape(const char* p, std::size_t n) {
  if (n < 8) {
    for (std::size_t i = 0; i < n; ++i) {
      auto c = static_cast<unsigned char>(p[i]);
      if (c < 0x20 || c == '"' || c == '\\') return true;
    }
    return false;
  }
  std::uint64_t x;
  for (std::size_t i = 0; i + 8 < n; i += 8) {
    std::memcpy(&x, p + i, 8);
    if (json_special(x)) return true;
  }
  std::memcpy(&x, p + n - 8, 8);
  return json_special(x) != 0;
}

}  // namespace

void append_json_string(std::string_view text, std::string& out) {
  // The usual case, a short text that needs no escape: quotes and text in one
  // append.
  if (text.size() <= 62 && !json_needs_escape(text.data(), text.size())) {
    char quoted[64];
    quoted[0] = '"';
    if (!text.empty()) std::memcpy(quoted + 1, text.data(), text.size());  // an empty view may hold null
    quoted[text.size() + 1] = '"';
    out.append(quoted, text.size() + 2);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;  // start of the pending run of bytes needing no escape
  std::size_t i = 0;
  // Eight bytes at a time while none needs an escape.
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t x;
    std::memcpy(&x, text.data() + i, 8);
    if (json_special(x)) break;
  }
  for (; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

void append_decision_json(const Program& program, const Record& record, const Decision& d, std::string& out) {
  const DecisionFrame& frame = decision_frame(program, d.as_of);
  put(out, "{\"id\":");
  append_id_json(record, out);
  put(out, ",\"stage\":");
  if (d.stage >= 0 && static_cast<std::size_t>(d.stage) < frame.stages.size())
    out += frame.stages[static_cast<std::size_t>(d.stage)];
  else
    append_stage_json(program, d, out);
  append_lifecycle_json(program, d, out);
  put(out, ",\"route\":");
  append_route_json(program, d, out);
  append_handoff_json(program, d, out);
  put(out, ",\"scores\":{");
  for (std::size_t i = 0; i < frame.score_keys.size(); ++i) {
    out += frame.score_keys[i];
    append_number(score_value(d, i), out);
  }
  put(out, "},\"values\":{");
  const auto& exports = program.image().exports;
  for (std::size_t i = 0; i < frame.export_keys.size(); ++i) {
    out += frame.export_keys[i];
    append_value_json(export_type(program, exports[i]), export_value(d, i), out);
  }
  out += '}';
  out += frame.tail;
  out += '\n';
}

namespace {
// The names of the record's own columns, whether this SLA writes them or not
// (a score's column keeps its name when the SLA later gains a lifecycle), and
// the columns only Python's score_frame has (held, error, error_field).
bool is_record_column(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "id",      "stage",   "transition",  "previous_stage", "rules_stage", "held", "stage_since",
      "route",   "deadline", "handoff",    "handoff_summary", "handoff_reasons", "sla",
      "version", "fingerprint", "as_of",   "error",          "error_field"};
  for (std::string_view n : kNames)
    if (n == name) return true;
  // escalation_N_to, escalation_N_due
  if (!name.starts_with("escalation_")) return false;
  name.remove_prefix(11);
  std::size_t digits = 0;
  while (digits < name.size() && name[digits] >= '0' && name[digits] <= '9') ++digits;
  name.remove_prefix(digits);
  return digits > 0 && (name == "_to" || name == "_due");
}

}  // namespace

// A score or exported value named like a record column is headed
// "scores.NAME" / "values.NAME" (its key in the JSON record), so no two
// columns of a header share a name.
std::string csv_value_column(std::string_view group, std::string_view name) {
  return is_record_column(name) ? fmt::format("{}.{}", group, name) : std::string(name);
}

void append_csv_header(const Program& program, std::string& out) {
  out += "id,stage";
  append_lifecycle_csv_header(program, out);
  out += ",route,deadline";
  for (std::size_t i = 1, n = max_escalations(program); i <= n; ++i)
    append(out, ",escalation_{}_to,escalation_{}_due", i, i);
  append_handoff_csv_header(program, out);
  for (const ScoreInfo& s : program.image().scores) {
    out += ',';
    append_csv_cell(csv_value_column("scores", s.name), out);
  }
  for (const ExportInfo& e : program.image().exports) {
    out += ',';
    append_csv_cell(csv_value_column("values", e.name), out);
  }
  out += ",sla,version,fingerprint,as_of\n";
}

void append_decision_csv(const Program& program, const Record& record, const Decision& d, std::string& out,
                         const CsvStyle& style) {
  append_csv_cell(record.has_id ? std::string_view(record.id) : std::string_view(), out, style);
  out += ',';
  append_csv_cell(stage_name(program, d.stage), out);
  append_lifecycle_csv(program, d, out);
  out += ',';
  if (d.route >= 0) append_csv_cell(d.route_target, out, style);
  out += ',';
  if (d.route >= 0 && d.has_deadline) append_time(d.deadline, out);
  if (!program.image().escalations.empty()) {
    for (std::size_t i = 0, n = max_escalations(program); i < n; ++i) {
      out += ',';
      if (i < d.escalations.size()) append_csv_cell(d.escalations[i].to, out, style);
      out += ',';
      if (i < d.escalations.size() && d.escalations[i].has_due) append_time(d.escalations[i].due, out);
    }
  }
  append_handoff_csv(program, d, out, style);
  for (std::size_t i = 0; i < program.image().scores.size(); ++i) {
    out += ',';
    append_number(score_value(d, i), out);
  }
  const auto& exports = program.image().exports;
  for (std::size_t i = 0; i < exports.size(); ++i) {
    out += ',';
    std::size_t start = out.size();
    const Type type = export_type(program, exports[i]);
    append_value_text(type, export_value(d, i), out);
    quote_csv_from(start, out, is_text_cell(type) ? style : CsvStyle{});
  }
  out += ',';
  append_csv_cell(program.name(), out);
  out += ',';
  append_csv_cell(program.version(), out);
  out += ',';
  out += program.fingerprint();
  out += ',';
  append_time(d.as_of, out);
  out += '\n';
}

// A deadline counted in working time, in words (calendar.hpp's render_deadline):
//   deadline: 4h of working time on emea
//     arrived Fri 16:30 Europe/Berlin; 30 min left today, 3h30 on Mon from 09:00 -> due Mon 13:30 CET
// What the time a follow-up counts from is: a lead entering its stage now
// "arrived"; one the lifecycle found in its stage is "in sql since" the time
// its record gives; without that time the count starts "as of" the evaluation.
std::string follow_up_start(const Program& program, const Decision& d) {
  if (d.transition == Transition::entered) return "arrived";
  if (d.has_stage_since) return fmt::format("in {} since", stage_name(program, d.stage));
  return "as of";
}

std::string deadline_explanation(const Program& program, const Decision& d) {
  if (d.route < 0 || !d.has_deadline || d.deadline_calendar < 0) return {};
  const BusinessCalendar& calendar = program.calendar(static_cast<std::size_t>(d.deadline_calendar));
  const std::optional<DeadlineExplanation> e = calendar.explain_add(d.follow_up_from(), d.deadline_working);
  return e ? render_deadline(calendar, *e, follow_up_start(program, d)) : std::string();
}

// How a step's due time was counted: "8h of working time on emea" or "8h".
std::string step_basis(const Program& program, std::int64_t seconds, std::uint16_t calendar) {
  if (calendar == bc::kNone) return format_duration(seconds);
  return fmt::format("{} of working time on {}", format_business_duration(seconds),
                     program.image().calendars[calendar].name);
}

// Why a time counted from `from` (on `calendar`, or the wall clock) has none.
std::string out_of_range_text(const Program& program, std::uint16_t calendar, std::int64_t from) {
  if (calendar == bc::kNone) return "it would fall after 9999-12-31";
  // A calendar counts from 1900-01-01 up to, not including, 2200-01-01
  // (BusinessCalendar::kFirst, kLast): a count that would start before them
  // has no due time either, and it is not one that falls after.
  const std::string_view name = program.image().calendars[calendar].name;
  if (from < BusinessCalendar::kFirst)
    return fmt::format("its count would start before the years calendar {} counts (1900-2199)", name);
  return fmt::format("it would fall after the years calendar {} counts (1900-2199)", name);
}

// Why a routed lead has no deadline, or "" when it has one or its arm sets none.
std::string no_deadline_text(const Program& program, const Decision& d) {
  if (d.route < 0 || d.has_deadline) return {};
  switch (d.no_deadline) {
    case Decision::NoDeadline::missing: return "its `within` is missing for this lead";
    case Decision::NoDeadline::negative: return "its `within` is negative for this lead";
    case Decision::NoDeadline::out_of_range:
      return out_of_range_text(
          program, d.deadline_calendar >= 0 ? static_cast<std::uint16_t>(d.deadline_calendar) : bc::kNone,
          d.follow_up_from());
    case Decision::NoDeadline::not_set: break;
  }
  return {};
}

void append_deadline_text(const Program& program, const Decision& d, const TextStyle& style, std::string& out) {
  const std::string how = deadline_explanation(program, d);
  if (!how.empty())
    append(out, "deadline: {} of working time on {}\n  {}\n", format_business_duration(d.deadline_working),
           program.image().calendars[static_cast<std::size_t>(d.deadline_calendar)].name, how);
  if (const std::string why = no_deadline_text(program, d); !why.empty()) append(out, "deadline: none: {}\n", why);
  if (d.route < 0) return;
  // Each escalate line of the route's arm, numbered as written: the step the
  // lead got, or why it got none (a missing destination leaves a step out).
  const auto& table = program.image().escalations;
  bool any = false;
  for (std::size_t e = 0, position = 0; e < table.size(); ++e) {
    if (table[e].route != d.route) continue;
    ++position;
    if (!any) out += "cadence\n";
    any = true;
    auto taken = std::find_if(d.escalations.begin(), d.escalations.end(),
                              [&](const EscalationStep& s) { return s.escalation == e; });
    if (taken == d.escalations.end()) {
      append(out, "  {}. left out: its destination is missing\n", position);
      continue;
    }
    const EscalationStep& step = *taken;
    const std::uint16_t calendar = table[e].calendar;
    if (!step.has_delay) {  // the delay was missing or negative: nothing to count
      append(out, "  {}. escalate to {}: no due time (its delay is missing or negative)\n", position, step.to);
      continue;
    }
    append(out, "  {}. escalate to {} after {}: ", position, step.to, step_basis(program, step.after, calendar));
    if (step.has_due) {
      append_people_time(step.due, style, out);
      if (step.due < d.as_of) out += ", already past";  // as the heading says of the deadline
    } else {
      append(out, "no due time: {}", out_of_range_text(program, calendar, d.follow_up_from()));
    }
    out += '\n';
    if (calendar != bc::kNone && step.has_due) {
      const BusinessCalendar& cal = program.calendar(calendar);
      if (auto x = cal.explain_add(d.follow_up_from(), step.after)) append(out, "     {}\n", render_deadline(cal, *x, follow_up_start(program, d)));
    }
  }
}

void append_deadline_json(const Program& program, const Decision& d, std::string& out) {
  if (const std::string why = no_deadline_text(program, d); !why.empty()) {
    out += ",\"no_deadline\":";
    append_json_string(why, out);
  }
  const std::string how = deadline_explanation(program, d);
  if (how.empty()) return;
  out += ",\"deadline\":{\"calendar\":";
  append_json_string(program.image().calendars[static_cast<std::size_t>(d.deadline_calendar)].name, out);
  append(out, ",\"working_seconds\":{},\"due\":", d.deadline_working);
  append_json_time(d.deadline, out);
  out += ",\"explanation\":";
  append_json_string(how, out);
  out += '}';
}

void append_explain_text(const Program& program, const Record& record, const Decision& d, std::string& out) {
  append_explain_text(program, record, d, out, ExplainStyle{});
}

namespace {
// Without a trace the breakdown would read "no rule gave points": wrong, not empty.
void require_explained(const Decision& d) {
  if (!d.explained || !d.trace)
    throw std::invalid_argument("an explanation needs a decision made with explain on: evaluate(record, as_of, true)");
}
}  // namespace

void append_explain_text(const Program& program, const Record& record, const Decision& d, std::string& out,
                         const ExplainStyle& options) {
  require_explained(d);
  TextStyle style;
  style.all_rules = options.all_rules;
  if (!options.time_zone.empty()) style.zone = find_zone(options.time_zone);
  const Columns columns = measure(program, trace_of(d), style);
  append_explain_heading(program, record, d, columns.style, out);
  append_scores_text(program, d, columns, out);
  append_stages_text(program, d, columns, out);
  append_lifecycle_text(program, record, d, columns.style, out);
  append_routes_text(program, d, columns, out);
  append_deadline_text(program, d, columns.style, out);
  append_handoff_text(program, d, columns.style, out);
  append_values_text(program, d, columns.style, out);
  append_reads_text(program, record, d, columns.style, out);
}

bool valid_time_zone(std::string_view name) { return find_zone(name) != nullptr; }

void append_explain_json(const Program& program, const Record& record, const Decision& d, std::string& out) {
  require_explained(d);
  out += "{\"id\":";
  append_id_json(record, out);
  out += ",\"stage\":";
  append_stage_json(program, d, out);
  append_lifecycle_json(program, d, out);
  append_lifecycle_explain_json(program, record, d, out);
  out += ",\"route\":";
  append_route_json(program, d, out);
  append_handoff_json(program, d, out);
  out += ",\"scores\":[";
  for (std::size_t s = 0; s < program.image().scores.size(); ++s) {
    if (s) out += ',';
    append_score_json(program, d, s, out);
  }
  out += "],\"stages\":";
  append_stages_json(program, d, out);
  out += ",\"routes\":";
  append_routes_json(program, d, out);
  append_deadline_json(program, d, out);
  out += ",\"values\":";
  append_values_json(program, d, out);
  append_reads_json(program, record, d, out);
  append_provenance_json(program, d, out);
  out += '\n';
}

}  // namespace baton
