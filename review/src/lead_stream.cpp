#include "baton/review/lead_stream.hpp"

#include <fmt/format.h>

#include "baton/common/time.hpp"
#include "baton/review/as_of.hpp"
#include "baton/runtime/output.hpp"

namespace baton::review {

LeadScorer::LeadScorer(std::shared_ptr<const Program> program, const StreamSettings& settings)
    : program_(program),
      as_of_(settings.as_of),
      as_of_field_(settings.as_of_field),
      decoder_(program, settings.decode),
      evaluator_(program) {
  if (!as_of_field_.empty()) as_of_slot_ = as_of_slot(*program_, as_of_field_, error_);
}

const Decision* LeadScorer::score(std::string_view line, bool explain, Rejection& why) {
  DecodeError error;
  if (!decoder_.decode(line, record_, error)) {
    why = {record_.id, record_.has_id, error.field, error.message};
    return nullptr;
  }
  return score(record_, explain, why);
}

// As the decoder checks the current stage (record_decoder.cpp), with the
// other version's stages also accepted; the evaluator's lifecycle reads a
// stage this program lacks as no current stage (a new lead).
bool LeadScorer::check_stage(const Record& record, Rejection& why) {
  stage_not_here_.clear();
  const ProgramImage& image = program_->image();
  const LifecycleInfo& lc = image.lifecycle;
  if (!other_ || !lc.present) return true;
  const Value& v = record.fields[lc.current_field];
  if (v.is_missing() || program_->stage_index(v.str()) >= 0) return true;
  if (other_->stage_index(v.str()) >= 0) {
    stage_not_here_ = v.str();
    return true;
  }
  why = {record.id, record.has_id, image.lead_fields[lc.current_field].name, program_->unknown_stage_message(v.str())};
  return false;
}

const Decision* LeadScorer::score(const Record& record, bool explain, Rejection& why) {
  if (!check_stage(record, why)) return nullptr;
  std::int64_t as_of = as_of_;
  if (as_of_slot_) {
    auto t = lead_as_of(record, *as_of_slot_);
    if (!t) {
      why = {record.id, record.has_id, as_of_field_,
             fmt::format("no value for `{}`, the time to score this lead as of (--as-of-field)", as_of_field_)};
      return nullptr;
    }
    as_of = *t;
  }
  return &evaluator_.evaluate(record, as_of, explain);
}

namespace {
bool same_literal(const Literal& a, const Literal& b) { return a.i == b.i && a.n == b.n && a.s == b.s && a.items == b.items; }

bool same_fields(const std::vector<FieldInfo>& a, const std::vector<FieldInfo>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const FieldInfo& x = a[i];
    const FieldInfo& y = b[i];
    if (x.name != y.name || x.type != y.type || x.optional != y.optional || x.has_default != y.has_default ||
        (x.has_default && !same_literal(x.default_value, y.default_value)))
      return false;
  }
  return true;
}
}  // namespace

bool same_record_layout(const Program& a, const Program& b) {
  const ProgramImage& x = a.image();
  const ProgramImage& y = b.image();
  if (!same_fields(x.lead_fields, y.lead_fields) || x.events.size() != y.events.size()) return false;
  // Decoding also checks the CRM's current stage against the stages: a
  // version that renames or removes one must read the record itself.
  const bool checks_stage_x = x.lifecycle.present && x.lifecycle.current_field != bc::kNone;
  const bool checks_stage_y = y.lifecycle.present && y.lifecycle.current_field != bc::kNone;
  if (checks_stage_x != checks_stage_y) return false;
  if (checks_stage_x) {
    if (x.lifecycle.current_field != y.lifecycle.current_field || x.stages.size() != y.stages.size()) return false;
    for (std::size_t s = 0; s < x.stages.size(); ++s)
      if (x.stages[s].name != y.stages[s].name) return false;
  }
  for (std::size_t t = 0; t < x.events.size(); ++t)
    if (x.events[t].name != y.events[t].name || !same_fields(x.events[t].fields, y.events[t].fields)) return false;
  return true;
}

void append_rejection_json(const Rejection& r, std::uint64_t line, std::string_view file, std::string& out) {
  out += fmt::format("{{\"line\":{},\"id\":", line);
  if (r.has_id) append_json_string(r.id, out);
  else out += "null";
  out += ",\"field\":";
  if (r.field.empty()) out += "null";
  else append_json_string(r.field, out);
  out += ",\"error\":";
  append_json_string(r.message, out);
  out += ",\"file\":";
  append_json_string(file, out);
  out += "}\n";
}

bool LeadIds::first(std::string_view id) {
  auto [it, inserted] = seen_.emplace(id);
  if (inserted) return true;
  ++left_out_;
  auto [count, first_repeat] = records_.try_emplace(*it, 1);
  ++count->second;
  if (first_repeat && named_.size() < DuplicateLeads::kNamed) named_.push_back(*it);
  return false;
}

DuplicateLeads LeadIds::duplicates() const {
  DuplicateLeads d;
  d.records = left_out_;
  d.ids = records_.size();
  for (const std::string& id : named_) d.named.emplace_back(id, records_.at(id));
  return d;
}

std::string duplicates_text(const DuplicateLeads& d) {
  std::string names;
  // Quoted (and escaped): an empty id, or one holding ", " or ": ", reads as one id.
  for (const auto& [id, records] : d.named) names += fmt::format("{}{:?}: {} records", names.empty() ? "" : ", ", id, records);
  if (d.ids > d.named.size()) names += ", ...";
  return fmt::format("{} lead id{} in more than one record ({}); each lead counted once, by its first record, "
                     "{} record{} left out",
                     d.ids, d.ids == 1 ? "" : "s", names, d.records, d.records == 1 ? "" : "s");
}

}  // namespace baton::review
