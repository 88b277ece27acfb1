// Rendering what the lifecycle decided (entered / stayed / held back) and
// the hand-off a lead carries into its new stage: decision JSON and CSV, and
// the explain sections. Written only for SLAs that declare them, so other
// decisions keep their shape and cost.
#include <algorithm>
#include <cmath>

#include "baton/common/printable.hpp"
#include "baton/common/time.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/program.hpp"
#include "baton/stdlib/fixed_text.hpp"
#include "output_support.hpp"

namespace baton::output {

namespace {

const MoveInfo* held_move(const Program& program, const Decision& d) {
  const auto& moves = program.image().lifecycle.moves;
  return d.held_by >= 0 && static_cast<std::size_t>(d.held_by) < moves.size() ? &moves[d.held_by] : nullptr;
}

std::uint32_t held_line(const Program& program, const Decision& d) {
  const MoveInfo* move = held_move(program, d);
  return move ? move->line : program.image().lifecycle.line;
}

// The rules that gave the most points, most first (positive points only: a
// reason to call, not a reason against).
std::vector<const RuleHit*> top_reasons(const Decision& d, std::size_t n) {
  std::vector<const RuleHit*> hits;
  for (const RuleHit& hit : trace_of(d).rules)
    if (hit.value > 0) hits.push_back(&hit);
  std::stable_sort(hits.begin(), hits.end(), [](const RuleHit* a, const RuleHit* b) { return a->value > b->value; });
  if (hits.size() > n) hits.resize(n);
  return hits;
}

// Points as people say them: whole numbers plain, others to one decimal.
std::string rounded_points(double v) {
  double r = std::round(v * 10) / 10;
  std::string out = r > 0 ? "+" : "";
  // Whole numbers as integers while an integer holds them exactly; beyond
  // (points may be any finite number), in the shortest form, as scores are.
  if (r == std::trunc(r) && std::fabs(r) < 9.0e15) append(out, "{}", static_cast<long long>(r));
  else if (r == std::trunc(r)) append(out, "{}", r);
  else append(out, "{:.1f}", r);
  return out;
}

// A summary value in words: numbers with the template's decimals, times and
// durations in their usual form, sets joined with ", ", missing as "n/a".
void append_summary_value(Type type, const Value& v, std::uint8_t decimals, std::string& out) {
  if (v.is_missing()) {
    out += "n/a";
    return;
  }
  if (decimals != TemplatePiece::kNoDecimals && (type == Type::number || type == Type::int_)) {
    double x = type == Type::int_ ? static_cast<double>(v.i) : v.n;
    // as text(x, N) writes it, and "n/a" where text(x, N) is missing (from 1e21)
    out += stdlib::fixed_text_defined(x) ? stdlib::fixed_text(x, static_cast<int>(decimals)) : "n/a";
    return;
  }
  if (type == Type::string_set || type == Type::string_list) {
    for (std::uint32_t k = 0; k < v.len; ++k) append(out, "{}{}", k ? ", " : "", v.items[k].str());
    return;
  }
  if (type == Type::number) {  // as explain shows it: 6.3, not 6.299605249474366
    append_people_number(v.n, out);
    return;
  }
  append_value_text(type, v, out);
}

std::string summary_text(const Program& program, const Decision& d) {
  const ProgramImage& image = program.image();
  const HandoffInfo& h = image.handoffs[d.handoff];
  std::string out;
  std::size_t value = 0;
  for (const TemplatePiece& piece : h.summary) {
    if (piece.reg == bc::kNone) {
      out += piece.text;
    } else if (value < d.handoff_values.size()) {
      append_summary_value(image.registers[piece.reg], d.handoff_values[value++], piece.decimals, out);
    }
  }
  return out;
}

const Value& field_value(const Decision& d, const HandoffInfo& h, std::size_t field) {
  static const Value missing = Value::absent();
  std::size_t values = 0;
  for (const TemplatePiece& piece : h.summary) values += piece.reg != bc::kNone;
  std::size_t at = values + field;
  return at < d.handoff_values.size() ? d.handoff_values[at] : missing;
}

void append_reason_json(const Program& program, const RuleHit& hit, std::string& out) {
  const ProgramImage& image = program.image();
  const RuleInfo* rule = hit.rule < image.rules.size() ? &image.rules[hit.rule] : nullptr;
  out += "{\"points\":";
  append_number(hit.value, out);
  out += ",\"rule\":";
  append_json_string(rule ? std::string_view(rule->text) : std::string_view(), out);
  append(out, ",\"line\":{}}}", rule ? rule->line : 0);
}

std::string reason_text(const Program& program, const RuleHit& hit) {
  const ProgramImage& image = program.image();
  const RuleInfo* rule = hit.rule < image.rules.size() ? &image.rules[hit.rule] : nullptr;
  std::string out = rounded_points(hit.value);
  if (rule) append(out, " from {} (line {})", rule->text, rule->line);
  return out;
}

// The move whose condition the explain section holds for move m: a line
// `a -> b -> c when X` is two moves with one condition, explained once.
std::size_t explained_move(const LifecycleInfo& lc, std::size_t m) {
  for (std::size_t k = 0; k < m; ++k)
    if (lc.moves[k].condition == lc.moves[m].condition && lc.moves[k].line == lc.moves[m].line) return k;
  return m;
}

// The moves taken, as "line 41 (lead -> mql -> sql)", for people.
std::string moves_text(const Program& program, const Decision& d) {
  const auto& moves = program.image().lifecycle.moves;
  std::string out;
  std::uint32_t last_line = 0;
  for (std::uint16_t m : d.moves) {
    if (m >= moves.size() || moves[m].line == last_line) continue;
    last_line = moves[m].line;
    append(out, "{}line {}: {}", out.empty() ? "" : "; ", moves[m].line, moves[m].text);
  }
  return out;
}

}  // namespace

// The record's current stage when it names no stage of the SLA (a stage the
// other version of `baton diff` has), else nullopt.
std::optional<std::string_view> unknown_current_stage(const Program& program, const Record* record) {
  const LifecycleInfo& lc = program.image().lifecycle;
  if (!record || lc.current_field == bc::kNone || lc.current_field >= record->fields.size()) return std::nullopt;
  const Value& v = record->fields[lc.current_field];
  if (v.is_missing() || program.stage_index(v.str()) >= 0) return std::nullopt;
  return v.str();
}

std::string lifecycle_words(const Program& program, const Decision& d, const Record* record) {
  std::string out;
  std::string_view stage = stage_name(program, d.stage);
  std::string_view previous = stage_name(program, d.previous_stage);
  switch (d.transition) {
    case Transition::entered:
      if (auto unknown = d.previous_stage < 0 ? unknown_current_stage(program, record) : std::nullopt) {
        std::string quoted;
        append_json_string(*unknown, quoted);
        append(out, "enters {}: the record's current stage {} is not a stage of this SLA, so it has none", stage,
               quoted);
      } else if (d.previous_stage < 0) {
        append(out, "enters {}: no current stage in the record", stage);
      } else {
        append(out, "enters {} from {}", stage, previous);
        std::string moves = moves_text(program, d);
        if (!moves.empty()) append(out, " ({})", moves);
      }
      break;
    case Transition::stayed: append(out, "stays {}: the rules say {} again", stage, stage); break;
    case Transition::held:
      append(out, "stays {}: the rules say {}", previous, stage_name(program, d.rules_stage));
      out += held_move(program, d) ? "; " : ", but ";
      if (const MoveInfo* move = held_move(program, d))
        append(out, "no allowed way there holds: the shortest takes the move `{}` (line {}), whose condition does "
                    "not hold", move->text, move->line);
      else
        append(out, "the agreement allows no move from {} to {} (lifecycle, line {})", previous,
               stage_name(program, d.rules_stage), held_line(program, d));
      break;
  }
  return out;
}

void append_lifecycle_json(const Program& program, const Decision& d, std::string& out) {
  if (!program.image().lifecycle.present) return;
  append(out, ",\"transition\":\"{}\",\"previous_stage\":", transition_name(d.transition));
  if (d.previous_stage < 0) out += "null";
  else append_json_string(stage_name(program, d.previous_stage), out);
  out += ",\"held\":";
  if (d.transition != Transition::held) {
    out += "null";
  } else {
    out += "{\"rules_stage\":";
    append_json_string(stage_name(program, d.rules_stage), out);
    append(out, ",\"line\":{},\"move\":", held_line(program, d));
    if (const MoveInfo* move = held_move(program, d)) append_json_string(move->text, out);
    else out += "null";
    out += '}';
  }
  out += ",\"stage_since\":";
  append_optional_time_json(d.has_stage_since, d.stage_since, out);
}

void append_handoff_json(const Program& program, const Decision& d, std::string& out) {
  if (program.image().handoffs.empty()) return;
  out += ",\"handoff\":";
  baton::append_handoff_object_json(program, d, out);
}

}  // namespace baton::output

namespace baton {

using namespace output;

std::string lifecycle_sentence(const Program& program, const Decision& d, const Record* record) {
  return program.image().lifecycle.present ? output::lifecycle_words(program, d, record) : std::string();
}

std::string handoff_summary(const Program& program, const Decision& d) {
  if (d.handoff < 0 || !program.image().handoffs[d.handoff].has_summary) return {};
  return summary_text(program, d);
}

void append_handoff_object_json(const Program& program, const Decision& d, std::string& out) {
  const ProgramImage& image = program.image();
  if (d.handoff < 0) {
    out += "null";
    return;
  }
  const HandoffInfo& h = image.handoffs[d.handoff];
  out += "{\"stage\":";
  append_json_string(stage_name(program, h.stage), out);
  out += ",\"summary\":";
  if (h.has_summary) append_json_string(summary_text(program, d), out);
  else out += "null";
  out += ",\"fields\":{";
  for (std::size_t i = 0; i < h.fields.size(); ++i) {
    if (i) out += ',';
    append_json_key(h.fields[i].name, out);
    append_value_json(image.registers[h.fields[i].reg], field_value(d, h, i), out);
  }
  out += "},\"reasons\":[";
  bool first = true;
  for (const RuleHit* hit : top_reasons(d, h.reasons)) {
    if (!first) out += ',';
    first = false;
    append_reason_json(program, *hit, out);
  }
  out += "],\"to\":";
  if (d.route >= 0) append_json_string(d.route_target, out);
  else out += "null";
  out += ",\"deadline\":";
  if (d.route >= 0 && d.has_deadline) append_json_time(d.deadline, out);
  else out += "null";
  out += '}';
}

}  // namespace baton

namespace baton::output {

void append_lifecycle_csv_header(const Program& program, std::string& out) {
  if (program.image().lifecycle.present) out += ",transition,previous_stage,rules_stage,stage_since";
}

void append_lifecycle_csv(const Program& program, const Decision& d, std::string& out) {
  if (!program.image().lifecycle.present) return;
  append(out, ",{},", transition_name(d.transition));
  append_csv_cell(stage_name(program, d.previous_stage), out);
  out += ',';
  append_csv_cell(stage_name(program, d.rules_stage), out);
  out += ',';
  if (d.has_stage_since) append_time(d.stage_since, out);
}

namespace {
// Every hand-off field name once, in order of first appearance.
std::vector<std::string_view> handoff_field_names(const ProgramImage& image) {
  std::vector<std::string_view> names;
  for (const HandoffInfo& h : image.handoffs)
    for (const HandoffField& f : h.fields)
      if (std::find(names.begin(), names.end(), f.name) == names.end()) names.push_back(f.name);
  return names;
}
}  // namespace

void append_handoff_csv_header(const Program& program, std::string& out) {
  if (program.image().handoffs.empty()) return;
  out += ",handoff,handoff_summary,handoff_reasons";
  for (std::string_view name : handoff_field_names(program.image())) {
    out += ',';
    append_csv_cell(std::string("handoff.") + std::string(name), out);
  }
}

void append_handoff_csv(const Program& program, const Decision& d, std::string& out, const CsvStyle& style) {
  const ProgramImage& image = program.image();
  if (image.handoffs.empty()) return;
  const HandoffInfo* h = d.handoff >= 0 ? &image.handoffs[d.handoff] : nullptr;
  out += ',';
  if (h) append_csv_cell(stage_name(program, h->stage), out);
  out += ',';
  if (h && h->has_summary) append_csv_cell(summary_text(program, d), out, style);
  out += ',';
  if (h) {
    std::string reasons;
    for (const RuleHit* hit : top_reasons(d, h->reasons)) reasons += (reasons.empty() ? "" : "; ") + reason_text(program, *hit);
    append_csv_cell(reasons, out, style);
  }
  for (std::string_view name : handoff_field_names(image)) {
    out += ',';
    if (!h) continue;
    for (std::size_t i = 0; i < h->fields.size(); ++i) {
      if (h->fields[i].name != name) continue;
      std::size_t start = out.size();
      const Type type = image.registers[h->fields[i].reg];
      append_value_text(type, field_value(d, *h, i), out);
      quote_csv_from(start, out, is_text_cell(type) ? style : CsvStyle{});
    }
  }
}

void append_lifecycle_text(const Program& program, const Record& record, const Decision& d, const TextStyle& style,
                           std::string& out) {
  const LifecycleInfo& lc = program.image().lifecycle;
  if (!lc.present) return;
  append(out, "lifecycle\n  {}\n", lifecycle_words(program, d, &record));
  // The conditions of the moves the sentence names, part by part: the one
  // that held the lead back, or the conditional moves it took.
  TextStyle parts_style = style;
  parts_style.parts_indent = 4;
  if (d.transition == Transition::held && d.held_by >= 0)
    append_parts_text(program, d, ExplainOwner::move, explained_move(lc, static_cast<std::size_t>(d.held_by)),
                      parts_style, out);
  std::size_t shown = SIZE_MAX;  // two moves of one line share their condition: shown once
  for (std::uint16_t m : d.moves) {
    const std::size_t k = explained_move(lc, m);
    if (lc.moves[m].condition == bc::kNone || k == shown) continue;
    append_parts_text(program, d, ExplainOwner::move, k, parts_style, out);
    shown = k;
  }
  if (d.transition == Transition::entered) return;  // it enters now: everything counts from as_of
  // Since when it is in the stage, and so where its follow-up counts from.
  const bool follows_up = d.route >= 0 && (d.has_deadline || !d.escalations.empty());
  const std::string_view field =
      lc.since_field != bc::kNone ? std::string_view(program.image().lead_fields[lc.since_field].name) : "";
  if (program.image().format_version < 6) {
    if (follows_up) out += "  compiled before bytecode version 6: the follow-up counts from as_of\n";
  } else if (d.has_stage_since) {
    append(out, "  in {} since ", stage_name(program, d.stage));
    append_people_time(d.stage_since, style, out);
    // A since after as_of (a CRM's clock ahead, a typo) counts as as_of: say what the record held.
    const Value* recorded = lc.since_field < record.fields.size() ? &record.fields[lc.since_field] : nullptr;
    if (recorded && !recorded->is_missing() && recorded->i > d.stage_since) {
      append(out, " ({} says ", field);
      append_people_time(recorded->i, style, out);
      out += ", after as_of, so as_of)";
    } else {
      append(out, " ({})", field);
    }
    out += follows_up ? "; the follow-up counts from then\n" : "\n";
  } else if (follows_up && !field.empty()) {
    append(out, "  since when it is in {} is not known ({} is missing or before 1900); the follow-up counts from as_of\n",
           stage_name(program, d.stage), field);
  } else if (follows_up) {
    append(out, "  the lifecycle reads no since field (`lifecycle from FIELD since FIELD`); the follow-up counts from as_of\n");
  }
}

void append_handoff_text(const Program& program, const Decision& d, const TextStyle& style, std::string& out) {
  const ProgramImage& image = program.image();
  if (d.handoff < 0) return;
  const HandoffInfo& h = image.handoffs[d.handoff];
  append(out, "hand-off to {} (line {})\n", stage_name(program, h.stage), h.line);
  if (h.has_summary) append(out, "  summary: {}\n", printable(summary_text(program, d)));  // lead data in it
  if (d.route >= 0) {
    append(out, "  to: {}", printable(d.route_target));
    if (d.has_deadline) {
      out += ", follow up by ";
      append_people_time(d.deadline, style, out);
    }
    out += '\n';
  }
  for (std::size_t i = 0; i < h.fields.size(); ++i) {
    append(out, "  {} = ", h.fields[i].name);
    append_people_value(image.registers[h.fields[i].reg], field_value(d, h, i), style, out);
    out += '\n';
  }
  for (const RuleHit* hit : top_reasons(d, h.reasons)) append(out, "  reason: {}\n", reason_text(program, *hit));
}

void append_lifecycle_explain_json(const Program& program, const Record& record, const Decision& d, std::string& out) {
  const ProgramImage& image = program.image();
  if (!image.lifecycle.present) return;
  out += ",\"lifecycle\":{\"rules_stage\":";
  append_json_string(stage_name(program, d.rules_stage), out);
  out += ",\"sentence\":";
  append_json_string(lifecycle_words(program, d, &record), out);
  // Each move with its condition's parts (null for a move without one).
  auto move_json = [&](std::size_t index) {
    const MoveInfo& m = image.lifecycle.moves[index];
    append(out, "{{\"line\":{},\"text\":", m.line);
    append_json_string(m.text, out);
    if (m.condition != bc::kNone) append_parts_json(program, d, ExplainOwner::move, explained_move(image.lifecycle, index), out);
    else out += ",\"parts\":null";
    out += '}';
  };
  out += ",\"moves\":[";
  for (std::size_t i = 0; i < d.moves.size(); ++i) {
    if (i) out += ',';
    move_json(d.moves[i]);
  }
  out += "],\"held_move\":";
  if (d.transition == Transition::held && d.held_by >= 0) move_json(static_cast<std::size_t>(d.held_by));
  else out += "null";
  out += '}';
}

}  // namespace baton::output
