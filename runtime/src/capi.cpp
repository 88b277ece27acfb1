// The C API (baton.h) over the C++ runtime. Every entry point catches
// everything: no exception crosses into C.
#include "baton/baton.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "baton/runtime/csv.hpp"
#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/json_lines.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/program.hpp"
#include "baton/runtime/record.hpp"
#include "output_support.hpp"  // append_value_text: an export as `score --format csv` writes it

struct baton_program {
  std::shared_ptr<const baton::Program> program;
  std::atomic<int> references{1};
};

struct baton_evaluator {
  explicit baton_evaluator(std::shared_ptr<const baton::Program> p)
      : program(std::move(p)), decoder(std::make_unique<baton::RecordDecoder>(program)), evaluator(program),
        export_strings(program->image().exports.size()), export_texts(program->image().exports.size()) {}
  std::shared_ptr<const baton::Program> program;  // keeps the program alive (hot reload)
  baton::DecodeOptions options;
  std::unique_ptr<baton::RecordDecoder> decoder;  // remade when the options change
  baton::Record record;
  baton::Evaluator evaluator;
  const baton::Decision* decision = nullptr;
  std::int64_t as_of = 0;
  std::string id, stage, route, json, explain, error_field, error_message, line;
  std::string previous_stage, rules_stage, lifecycle_text, handoff_summary, handoff_json;
  std::vector<std::string> escalation_to;  // NUL-terminated copies, reused from lead to lead
  // The last rejection: the record's id and its line in a JSON Lines batch.
  bool error_has_id = false;
  std::string error_id;
  std::size_t error_line = 0;
  std::string explain_text;
  // Per export: its string copy and its text, made on first request (their
  // own storage, so accessors for two exports may share one expression).
  std::vector<std::string> export_strings, export_texts;
  std::vector<std::uint8_t> export_made;  // bit 0: string made, bit 1: text made
};

namespace {

// An as_of outside the times a value may hold (0001..9999): BATON_ERROR with
// the evaluator's message, before any record is read. Milliseconds are the
// usual mistake, and would otherwise be scored as the year 58863.
bool as_of_refused(baton_evaluator* ev, std::int64_t as_of) {
  std::string problem = baton::as_of_problem(as_of);
  if (problem.empty()) return false;
  ev->decision = nullptr;
  ev->error_field.clear();
  ev->error_has_id = false;
  ev->error_id.clear();
  ev->error_line = 0;
  ev->error_message = std::move(problem);
  return true;
}

char* copy_string(const std::string& s) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (out) std::memcpy(out, s.c_str(), s.size() + 1);
  return out;
}

// What baton_error_message says for an exception: "std::bad_alloc" read
// as the words the rest of the API uses.
std::string message_of(const std::exception& e) {
  return dynamic_cast<const std::bad_alloc*>(&e) ? std::string("out of memory") : std::string(e.what());
}

void set_error(char** error, const std::string& message) {
  if (error) *error = copy_string(message);
}

baton_program* wrap(std::shared_ptr<const baton::Program> program, const std::string& message, char** error) {
  if (!program) {
    set_error(error, message);
    return nullptr;
  }
  auto* handle = new (std::nothrow) baton_program;
  if (!handle) {
    set_error(error, "out of memory");
    return nullptr;
  }
  handle->program = std::move(program);
  return handle;
}

const baton::ExportInfo* export_info(const baton_program* p, std::size_t index) {
  if (!p) return nullptr;
  const auto& exports = p->program->image().exports;
  return index < exports.size() ? &exports[index] : nullptr;
}

baton_type c_type(baton::Type type) {
  switch (type) {
    case baton::Type::int_: return BATON_TYPE_INT;
    case baton::Type::number: return BATON_TYPE_NUMBER;
    case baton::Type::string: return BATON_TYPE_STRING;
    case baton::Type::boolean: return BATON_TYPE_BOOL;
    case baton::Type::time: return BATON_TYPE_TIME;
    case baton::Type::duration: return BATON_TYPE_DURATION;
    case baton::Type::string_set: return BATON_TYPE_SET;
    case baton::Type::string_list: return BATON_TYPE_LIST;
    default: return BATON_TYPE_NONE;
  }
}

// The export's value in the last decision when it exists, is present and is
// of `type`; else null.
const baton::Value* present_export(const baton_evaluator* ev, std::size_t index, baton_type type) {
  if (!ev || !ev->decision || index >= ev->decision->exports.size()) return nullptr;
  if (c_type(ev->program->export_type(index)) != type) return nullptr;
  const baton::Value& v = ev->decision->exports[index];
  return v.is_missing() ? nullptr : &v;
}

// An index for a name, or SIZE_MAX (which every by-index accessor rejects).
std::size_t export_by_name(const baton_evaluator* ev, const char* name) {
  if (!ev || !name) return SIZE_MAX;
  int index = ev->program->export_index(name);
  return index < 0 ? SIZE_MAX : static_cast<std::size_t>(index);
}

void clear_decision_caches(baton_evaluator* ev) {
  ev->json.clear();
  ev->explain.clear();
  ev->explain_text.clear();
  ev->lifecycle_text.clear();
  ev->handoff_summary.clear();
  ev->handoff_json.clear();
  ev->export_made.assign(ev->export_strings.size(), 0);
}

// Makes sure the last decision carries its explain trace, evaluating the
// record again with explain on when it was evaluated without. The decision is
// the same (evaluation is deterministic); the strings already handed out are
// copies, so they stay valid.
bool ensure_trace(baton_evaluator* ev) {
  if (!ev || !ev->decision) return false;
  // A hand-off's decision carries a trace of its rules, not an explanation.
  if (!ev->decision->explained) ev->decision = &ev->evaluator.evaluate(ev->record, ev->as_of, true);
  return ev->decision->explained;
}

}  // namespace

extern "C" {

int baton_abi_version(void) { return BATON_ABI_VERSION; }
const char* baton_version(void) { return "0.1.0"; }
void baton_string_free(char* s) { std::free(s); }

baton_program* baton_program_load_file(const char* path, char** error) {
  if (!path) {
    set_error(error, "path is NULL");
    return nullptr;
  }
  try {
    std::string message;
    auto program = baton::Program::load_file(path, message);
    return wrap(std::move(program), message, error);
  } catch (const std::exception& e) {
    set_error(error, message_of(e));
    return nullptr;
  }
}

baton_program* baton_program_load_bytes(const void* data, size_t size, char** error) {
  if (!data && size) {
    set_error(error, "data is NULL");
    return nullptr;
  }
  try {
    std::string message;
    auto program = baton::Program::load(std::span(static_cast<const std::uint8_t*>(data), size), message);
    return wrap(std::move(program), message, error);
  } catch (const std::exception& e) {
    set_error(error, message_of(e));
    return nullptr;
  }
}

baton_program* baton_program_retain(baton_program* program) {
  if (program) program->references.fetch_add(1, std::memory_order_relaxed);
  return program;
}

void baton_program_free(baton_program* program) {
  if (program && program->references.fetch_sub(1, std::memory_order_acq_rel) == 1) delete program;
}

const char* baton_program_name(const baton_program* p) { return p ? p->program->image().sla_name.c_str() : ""; }
const char* baton_program_version(const baton_program* p) { return p ? p->program->image().sla_version.c_str() : ""; }
const char* baton_program_fingerprint(const baton_program* p) { return p ? p->program->fingerprint().c_str() : ""; }
size_t baton_program_score_count(const baton_program* p) { return p ? p->program->image().scores.size() : 0; }
const char* baton_program_score_name(const baton_program* p, size_t index) {
  if (!p || index >= p->program->image().scores.size()) return nullptr;
  return p->program->image().scores[index].name.c_str();
}

baton_evaluator* baton_evaluator_new(baton_program* program) {
  if (!program) return nullptr;
  try {
    return new baton_evaluator(program->program);
  } catch (...) {
    return nullptr;
  }
}

void baton_evaluator_free(baton_evaluator* evaluator) { delete evaluator; }

baton_status baton_evaluate_json(baton_evaluator* ev, const char* json, size_t size, int64_t as_of, int explain) {
  if (!ev || (!json && size)) return BATON_ERROR;
  if (as_of_refused(ev, as_of)) return BATON_ERROR;
  try {
    ev->decision = nullptr;
    ev->error_field.clear();
    ev->error_message.clear();
    ev->error_has_id = false;
    ev->error_id.clear();
    ev->error_line = 0;
    baton::DecodeError error;
    if (!ev->decoder->decode(std::string_view(json ? json : "", size), ev->record, error)) {
      ev->error_field = error.field;
      ev->error_message = error.message;
      ev->error_has_id = ev->record.has_id;
      ev->error_id = ev->record.has_id ? ev->record.id : std::string();
      return BATON_REJECTED;
    }
    ev->as_of = as_of;
    ev->decision = &ev->evaluator.evaluate(ev->record, as_of, explain != 0);
    const auto& image = ev->program->image();
    ev->id = ev->record.has_id ? ev->record.id : std::string();
    ev->stage = ev->decision->stage >= 0 ? image.stages[static_cast<std::size_t>(ev->decision->stage)].name : "";
    ev->route.assign(ev->decision->route_target);
    auto stage_name = [&](int stage) { return stage >= 0 ? image.stages[static_cast<std::size_t>(stage)].name : ""; };
    ev->previous_stage = stage_name(ev->decision->previous_stage);
    ev->rules_stage = stage_name(ev->decision->rules_stage);
    const auto& steps = ev->decision->escalations;
    if (ev->escalation_to.size() < steps.size()) ev->escalation_to.resize(steps.size());
    for (std::size_t i = 0; i < steps.size(); ++i) ev->escalation_to[i].assign(steps[i].to);
    clear_decision_caches(ev);
    return BATON_OK;
  } catch (const std::exception& e) {
    ev->error_field.clear();
    ev->error_message = message_of(e);
    return BATON_ERROR;
  }
}

const char* baton_decision_transition(const baton_evaluator* ev) {
  return ev && ev->decision ? baton::transition_name(ev->decision->transition) : "";
}
const char* baton_decision_previous_stage(const baton_evaluator* ev) {
  return ev && ev->decision && ev->decision->previous_stage >= 0 ? ev->previous_stage.c_str() : nullptr;
}
const char* baton_decision_rules_stage(const baton_evaluator* ev) {
  return ev && ev->decision ? ev->rules_stage.c_str() : "";
}
const char* baton_decision_lifecycle_text(baton_evaluator* ev) {
  if (!ev || !ev->decision) return "";
  if (ev->lifecycle_text.empty()) ev->lifecycle_text = baton::lifecycle_sentence(*ev->program, *ev->decision, &ev->record);
  return ev->lifecycle_text.c_str();
}
int baton_decision_stage_since(const baton_evaluator* ev, int64_t* since) {
  // As the decision record says it: only for an SLA with a lifecycle.
  if (!ev || !ev->decision || !ev->decision->has_stage_since || !ev->program->image().lifecycle.present) return 0;
  if (since) *since = ev->decision->stage_since;
  return 1;
}
int baton_decision_has_handoff(const baton_evaluator* ev) { return ev && ev->decision && ev->decision->handoff >= 0; }
const char* baton_decision_handoff_summary(baton_evaluator* ev) {
  if (!baton_decision_has_handoff(ev)) return "";
  if (ev->handoff_summary.empty()) ev->handoff_summary = baton::handoff_summary(*ev->program, *ev->decision);
  return ev->handoff_summary.c_str();
}
const char* baton_decision_handoff_json(baton_evaluator* ev) {
  if (!baton_decision_has_handoff(ev)) return nullptr;
  if (ev->handoff_json.empty()) baton::append_handoff_object_json(*ev->program, *ev->decision, ev->handoff_json);
  return ev->handoff_json.c_str();
}

const char* baton_decision_id(const baton_evaluator* ev) { return ev && ev->decision ? ev->id.c_str() : ""; }
const char* baton_decision_stage(const baton_evaluator* ev) { return ev && ev->decision ? ev->stage.c_str() : ""; }
const char* baton_decision_route(const baton_evaluator* ev) {
  return ev && ev->decision && ev->decision->route >= 0 ? ev->route.c_str() : nullptr;
}
int baton_decision_has_deadline(const baton_evaluator* ev) { return ev && ev->decision && ev->decision->has_deadline; }
int64_t baton_decision_deadline(const baton_evaluator* ev) {
  return ev && ev->decision && ev->decision->has_deadline ? ev->decision->deadline : 0;
}
size_t baton_decision_escalation_count(const baton_evaluator* ev) {
  return ev && ev->decision && ev->decision->route >= 0 ? ev->decision->escalations.size() : 0;
}
const char* baton_decision_escalation_to(const baton_evaluator* ev, size_t index) {
  return index < baton_decision_escalation_count(ev) ? ev->escalation_to[index].c_str() : nullptr;
}
int baton_decision_escalation_due(const baton_evaluator* ev, size_t index, int64_t* due) {
  if (index >= baton_decision_escalation_count(ev) || !ev->decision->escalations[index].has_due) return 0;
  if (due) *due = ev->decision->escalations[index].due;
  return 1;
}
double baton_decision_score(const baton_evaluator* ev, size_t index) {
  if (!ev || !ev->decision || index >= ev->decision->scores.size()) return 0;
  return ev->decision->scores[index];
}
int baton_decision_score_by_name(const baton_evaluator* ev, const char* name, double* value) {
  if (!ev || !ev->decision || !name) return 0;
  int index = ev->program->score_index(name);
  if (index < 0) return 0;
  if (value) *value = ev->decision->scores[static_cast<std::size_t>(index)];
  return 1;
}

const char* baton_decision_json(baton_evaluator* ev) {
  if (!ev || !ev->decision) return nullptr;
  if (ev->json.empty()) {
    baton::append_decision_json(*ev->program, ev->record, *ev->decision, ev->json);
    if (!ev->json.empty() && ev->json.back() == '\n') ev->json.pop_back();
  }
  return ev->json.c_str();
}

const char* baton_decision_explain_json(baton_evaluator* ev) {
  try {
    if (!ensure_trace(ev)) return nullptr;
    if (ev->explain.empty()) {
      baton::append_explain_json(*ev->program, ev->record, *ev->decision, ev->explain);
      if (!ev->explain.empty() && ev->explain.back() == '\n') ev->explain.pop_back();
    }
    return ev->explain.c_str();
  } catch (...) {
    return nullptr;
  }
}

const char* baton_error_field(const baton_evaluator* ev) { return ev ? ev->error_field.c_str() : ""; }
const char* baton_error_message(const baton_evaluator* ev) { return ev ? ev->error_message.c_str() : ""; }

namespace {
// The rejected-record line of a batch, to on_error (the last rejection's
// fields are in `ev`).
void report_rejection(baton_evaluator* ev, std::size_t line_number, baton_line_callback on_error, void* user) {
  ev->error_line = line_number;
  if (!on_error) return;
  ev->line = fmt::format("{{\"line\":{},\"id\":", line_number);
  if (ev->error_has_id) baton::append_json_string(ev->error_id, ev->line);
  else ev->line += "null";
  ev->line += ",\"field\":";
  if (ev->error_field.empty()) ev->line += "null";
  else baton::append_json_string(ev->error_field, ev->line);
  ev->line += ",\"error\":";
  baton::append_json_string(ev->error_message, ev->line);
  ev->line += '}';
  on_error(user, ev->line.data(), ev->line.size());
}
}  // namespace

baton_status baton_evaluate_jsonl(baton_evaluator* ev, const char* data, size_t size, int64_t as_of,
                                  baton_line_callback on_decision, baton_line_callback on_error, void* user,
                                  size_t* scored, size_t* rejected) {
  if (!ev || (!data && size)) return BATON_ERROR;
  if (as_of_refused(ev, as_of)) return BATON_ERROR;  // once for the batch, not once per line
  std::size_t n_scored = 0, n_rejected = 0;
  baton::JsonLinesCursor lines(std::string_view(data ? data : "", size));
  std::string_view line;
  std::uint64_t line_number = 0;
  while (lines.next(line, line_number)) {
    baton_status status = baton_evaluate_json(ev, line.data(), line.size(), as_of, 0);
    if (status == BATON_OK) {
      ++n_scored;
      if (on_decision) {
        const char* json = baton_decision_json(ev);
        on_decision(user, json, std::strlen(json));
      }
      continue;
    }
    if (status == BATON_ERROR) {  // out of memory: no fault of the record, so the batch ends here
      if (scored) *scored = n_scored;
      if (rejected) *rejected = n_rejected;
      return BATON_ERROR;
    }
    ++n_rejected;
    report_rejection(ev, line_number, on_error, user);
  }
  if (scored) *scored = n_scored;
  if (rejected) *rejected = n_rejected;
  return n_rejected ? BATON_REJECTED : BATON_OK;
}

baton_status baton_evaluate_csv(baton_evaluator* ev, const char* data, size_t size, const char* mapping,
                                int64_t as_of, baton_line_callback on_decision, baton_line_callback on_error,
                                void* user, size_t* scored, size_t* rejected) {
  if (!ev || (!data && size)) return BATON_ERROR;
  if (as_of_refused(ev, as_of)) return BATON_ERROR;
  ev->decision = nullptr;
  baton::CsvMapping columns;
  for (std::string_view rest = mapping ? mapping : ""; !rest.empty();) {
    const std::size_t end = std::min(rest.find('\n'), rest.size());
    std::string_view line = rest.substr(0, end);
    rest.remove_prefix(std::min(end + 1, rest.size()));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (baton::is_blank_line(line)) continue;
    if (!columns.add(line)) {
      ev->error_field.clear();
      ev->error_message = fmt::format("mapping: expected COLUMN=FIELD, got `{}`", line);
      return BATON_ERROR;
    }
  }
  try {
    baton::CsvDecoder csv(ev->program, ev->options, std::move(columns));
    baton::CsvReader reader(std::string_view(data ? data : "", size));
    baton::CsvRow row;
    std::string problem;
    if (!csv.read_header(reader, row, problem)) {
      ev->error_field.clear();
      ev->error_message = "the header: " + problem;
      return BATON_ERROR;
    }
    // Rows go through baton_evaluate_json as the JSON records CsvDecoder
    // writes, read with coercion; the evaluator's own decoder comes back after.
    struct Restore {
      baton_evaluator* ev;
      std::unique_ptr<baton::RecordDecoder> own;
      ~Restore() { ev->decoder = std::move(own); }
    } restore{ev, std::exchange(ev->decoder, std::make_unique<baton::RecordDecoder>(
                                                 ev->program, baton::CsvDecoder::csv_options(ev->options)))};
    std::size_t n_scored = 0, n_rejected = 0;
    std::string json, id;
    while (reader.next(row)) {
      baton::DecodeError error;
      baton_status status = BATON_REJECTED;
      if (csv.row_to_json(row, json, error, &id)) {
        status = baton_evaluate_json(ev, json.data(), json.size(), as_of, 0);
      } else {
        ev->decision = nullptr;
        ev->error_field = error.field;
        ev->error_message = error.message;
        ev->error_has_id = !id.empty();
        ev->error_id = id;
      }
      if (status == BATON_OK) {
        ++n_scored;
        if (on_decision) {
          const char* line = baton_decision_json(ev);
          on_decision(user, line, std::strlen(line));
        }
        continue;
      }
      ++n_rejected;
      report_rejection(ev, row.line, on_error, user);
    }
    if (scored) *scored = n_scored;
    if (rejected) *rejected = n_rejected;
    return n_rejected ? BATON_REJECTED : BATON_OK;
  } catch (const std::exception& e) {
    ev->error_field.clear();
    ev->error_message = message_of(e);
    return BATON_ERROR;
  }
}

// ---- Exported values ----------------------------------------------------------

int baton_decision_export_missing(const baton_evaluator* ev, size_t index) {
  if (!ev || !ev->decision || index >= ev->decision->exports.size()) return 1;
  return ev->decision->exports[index].is_missing() ? 1 : 0;
}
int baton_decision_export_int(const baton_evaluator* ev, size_t index, int64_t* out) {
  const baton::Value* v = present_export(ev, index, BATON_TYPE_INT);
  if (v && out) *out = v->i;
  return v ? 1 : 0;
}
int baton_decision_export_number(const baton_evaluator* ev, size_t index, double* out) {
  const baton::Value* v = present_export(ev, index, BATON_TYPE_NUMBER);
  if (v && out) *out = v->n;
  return v ? 1 : 0;
}
int baton_decision_export_bool(const baton_evaluator* ev, size_t index, int* out) {
  const baton::Value* v = present_export(ev, index, BATON_TYPE_BOOL);
  if (v && out) *out = v->b ? 1 : 0;
  return v ? 1 : 0;
}
int baton_decision_export_time(const baton_evaluator* ev, size_t index, int64_t* out) {
  const baton::Value* v = present_export(ev, index, BATON_TYPE_TIME);
  if (v && out) *out = v->i;
  return v ? 1 : 0;
}
int baton_decision_export_duration(const baton_evaluator* ev, size_t index, int64_t* out) {
  const baton::Value* v = present_export(ev, index, BATON_TYPE_DURATION);
  if (v && out) *out = v->i;
  return v ? 1 : 0;
}
const char* baton_decision_export_string(baton_evaluator* ev, size_t index) {
  const baton::Value* v = present_export(ev, index, BATON_TYPE_STRING);
  if (!v) return nullptr;
  try {
    if (!(ev->export_made[index] & 1)) {
      ev->export_strings[index].assign(v->str());
      ev->export_made[index] |= 1;
    }
    return ev->export_strings[index].c_str();
  } catch (...) {
    return nullptr;
  }
}
const char* baton_decision_export_text(baton_evaluator* ev, size_t index) {
  if (!ev || !ev->decision || index >= ev->decision->exports.size()) return nullptr;
  try {
    if (!(ev->export_made[index] & 2)) {
      ev->export_texts[index].clear();
      baton::output::append_value_text(ev->program->export_type(index), ev->decision->exports[index], ev->export_texts[index]);
      ev->export_made[index] |= 2;
    }
    return ev->export_texts[index].c_str();
  } catch (...) {
    return nullptr;
  }
}

int baton_decision_export_missing_by_name(const baton_evaluator* ev, const char* name) {
  return baton_decision_export_missing(ev, export_by_name(ev, name));
}
int baton_decision_export_int_by_name(const baton_evaluator* ev, const char* name, int64_t* out) {
  return baton_decision_export_int(ev, export_by_name(ev, name), out);
}
int baton_decision_export_number_by_name(const baton_evaluator* ev, const char* name, double* out) {
  return baton_decision_export_number(ev, export_by_name(ev, name), out);
}
int baton_decision_export_bool_by_name(const baton_evaluator* ev, const char* name, int* out) {
  return baton_decision_export_bool(ev, export_by_name(ev, name), out);
}
int baton_decision_export_time_by_name(const baton_evaluator* ev, const char* name, int64_t* out) {
  return baton_decision_export_time(ev, export_by_name(ev, name), out);
}
int baton_decision_export_duration_by_name(const baton_evaluator* ev, const char* name, int64_t* out) {
  return baton_decision_export_duration(ev, export_by_name(ev, name), out);
}
const char* baton_decision_export_string_by_name(baton_evaluator* ev, const char* name) {
  return baton_decision_export_string(ev, export_by_name(ev, name));
}
const char* baton_decision_export_text_by_name(baton_evaluator* ev, const char* name) {
  return baton_decision_export_text(ev, export_by_name(ev, name));
}

// ---- The program's tables -------------------------------------------------------

int baton_program_score_index(const baton_program* p, const char* name) {
  return p && name ? p->program->score_index(name) : -1;
}
size_t baton_program_stage_count(const baton_program* p) { return p ? p->program->image().stages.size() : 0; }
const char* baton_program_stage_name(const baton_program* p, size_t index) {
  if (!p || index >= p->program->image().stages.size()) return nullptr;
  return p->program->image().stages[index].name.c_str();
}
int baton_program_stage_index(const baton_program* p, const char* name) {
  return p && name ? p->program->stage_index(name) : -1;
}
size_t baton_program_export_count(const baton_program* p) { return p ? p->program->image().exports.size() : 0; }
const char* baton_program_export_name(const baton_program* p, size_t index) {
  const baton::ExportInfo* e = export_info(p, index);
  return e ? e->name.c_str() : nullptr;
}
int baton_program_export_index(const baton_program* p, const char* name) {
  return p && name ? p->program->export_index(name) : -1;
}
baton_type baton_program_export_type(const baton_program* p, size_t index) {
  return export_info(p, index) ? c_type(p->program->export_type(index)) : BATON_TYPE_NONE;
}
size_t baton_program_route_count(const baton_program* p) { return p ? p->program->image().routes.size() : 0; }
const char* baton_program_route_stage(const baton_program* p, size_t index) {
  if (!p || index >= p->program->image().routes.size()) return nullptr;
  const auto& image = p->program->image();
  return image.stages[image.routes[index].stage].name.c_str();  // the verifier checked the index
}
const char* baton_program_route_destination(const baton_program* p, size_t index) {
  if (!p || index >= p->program->image().routes.size()) return nullptr;
  const std::string* target = p->program->route_constant(index);
  return target ? target->c_str() : nullptr;
}
int64_t baton_program_route_within(const baton_program* p, size_t index) {
  if (!p || index >= p->program->image().routes.size()) return -1;
  return p->program->image().routes[index].within;
}
const char* baton_program_route_text(const baton_program* p, size_t index) {
  if (!p || index >= p->program->image().routes.size()) return nullptr;
  return p->program->image().routes[index].text.c_str();
}

// ---- Explain, rejections, options --------------------------------------------------

const char* baton_decision_explain_text(baton_evaluator* ev) {
  try {
    if (!ensure_trace(ev)) return nullptr;
    if (ev->explain_text.empty()) baton::append_explain_text(*ev->program, ev->record, *ev->decision, ev->explain_text);
    return ev->explain_text.c_str();
  } catch (...) {
    return nullptr;
  }
}

const char* baton_error_id(const baton_evaluator* ev) {
  return ev && ev->error_has_id ? ev->error_id.c_str() : nullptr;
}
size_t baton_error_line(const baton_evaluator* ev) { return ev ? ev->error_line : 0; }

namespace {

// Makes the evaluator read records with `options` from now on; false (and
// nothing changed) when they cannot be used (an unknown time zone).
bool use_options(baton_evaluator* ev, const baton::DecodeOptions& options) {
  try {
    auto decoder = std::make_unique<baton::RecordDecoder>(ev->program, options);
    if (!options.coerce_zone.empty() && !options.coerce) {  // check the zone now, not when coerce is turned on
      baton::DecodeOptions probe = options;
      probe.coerce = true;
      baton::RecordDecoder check(ev->program, probe);
    }
    ev->decoder = std::move(decoder);
    ev->options = options;
    ev->decision = nullptr;  // the strings handed out end here, as documented
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace

baton_status baton_evaluator_set_option(baton_evaluator* ev, const char* name, int64_t value) {
  if (!ev || !name) return BATON_ERROR;
  // One name per DecodeOptions field a caller may set; anything else is
  // BATON_ERROR, so a program written for a newer library learns that an
  // option is not there instead of being silently ignored.
  baton::DecodeOptions options = ev->options;
  std::string_view option(name);
  bool flag = value == 0 || value == 1;
  if (option == "strict" && flag) {
    options.strict = value == 1;
  } else if (option == "coerce" && flag) {
    options.coerce = value == 1;
  } else if (option == "event_types_ignore_case" && flag) {
    options.event_types_ignore_case = value == 1;
  } else if (option == "dom_decoder" && flag) {
    options.decoder = value == 1 ? baton::DecodeOptions::Decoder::dom : baton::DecodeOptions::Decoder::on_demand;
  } else if (option == "max_events" && value >= 1) {
    options.max_events = static_cast<std::size_t>(value);
  } else if (option == "max_depth" && value >= 1 && value <= 100000) {
    options.max_depth = static_cast<std::size_t>(value);
  } else {
    return BATON_ERROR;  // an unknown option, or a value out of its range
  }
  return use_options(ev, options) ? BATON_OK : BATON_ERROR;
}

baton_status baton_evaluator_set_option_text(baton_evaluator* ev, const char* name, const char* value) {
  if (!ev || !name || !value) return BATON_ERROR;
  baton::DecodeOptions options = ev->options;
  if (std::string_view(name) == "coerce_zone") {
    options.coerce_zone = value;
  } else {
    return BATON_ERROR;
  }
  return use_options(ev, options) ? BATON_OK : BATON_ERROR;
}

}  // extern "C"
