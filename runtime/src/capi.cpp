// The C API (baton.h) over the C++ runtime. Every entry point catches
// everything: no exception crosses into C.
#include "baton/baton.h"

#include <fmt/format.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/program.hpp"
#include "baton/runtime/record.hpp"

struct baton_program {
  std::shared_ptr<const baton::Program> program;
  std::atomic<int> references{1};
};

struct baton_evaluator {
  explicit baton_evaluator(std::shared_ptr<const baton::Program> p)
      : program(std::move(p)), decoder(program), evaluator(program) {}
  std::shared_ptr<const baton::Program> program;  // keeps the program alive (hot reload)
  baton::RecordDecoder decoder;
  baton::Record record;
  baton::Evaluator evaluator;
  const baton::Decision* decision = nullptr;
  std::string id, stage, route, json, explain, error_field, error_message, line;
  std::string previous_stage, rules_stage, lifecycle_text, handoff_summary, handoff_json;
  std::vector<std::string> escalation_to;  // NUL-terminated copies, reused from lead to lead
};

namespace {

char* copy_string(const std::string& s) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (out) std::memcpy(out, s.c_str(), s.size() + 1);
  return out;
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

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
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
    set_error(error, e.what());
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
    set_error(error, e.what());
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
  try {
    ev->decision = nullptr;
    baton::DecodeError error;
    if (!ev->decoder.decode(std::string_view(json ? json : "", size), ev->record, error)) {
      ev->error_field = error.field;
      ev->error_message = error.message;
      return BATON_REJECTED;
    }
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
    ev->json.clear();
    ev->explain.clear();
    ev->lifecycle_text.clear();
    ev->handoff_summary.clear();
    ev->handoff_json.clear();
    return BATON_OK;
  } catch (const std::exception& e) {
    ev->error_field.clear();
    ev->error_message = e.what();
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
  if (ev->lifecycle_text.empty()) ev->lifecycle_text = baton::lifecycle_sentence(*ev->program, *ev->decision);
  return ev->lifecycle_text.c_str();
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
  if (!ev || !ev->decision || !ev->decision->trace) return nullptr;
  if (ev->explain.empty()) {
    baton::append_explain_json(*ev->program, ev->record, *ev->decision, ev->explain);
    if (!ev->explain.empty() && ev->explain.back() == '\n') ev->explain.pop_back();
  }
  return ev->explain.c_str();
}

const char* baton_error_field(const baton_evaluator* ev) { return ev ? ev->error_field.c_str() : ""; }
const char* baton_error_message(const baton_evaluator* ev) { return ev ? ev->error_message.c_str() : ""; }

baton_status baton_evaluate_jsonl(baton_evaluator* ev, const char* data, size_t size, int64_t as_of,
                                  baton_line_callback on_decision, baton_line_callback on_error, void* user,
                                  size_t* scored, size_t* rejected) {
  if (!ev || (!data && size)) return BATON_ERROR;
  std::size_t n_scored = 0, n_rejected = 0, line_number = 0, start = 0;
  std::string_view text(data ? data : "", size);
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (is_blank(line)) continue;
    baton_status status = baton_evaluate_json(ev, line.data(), line.size(), as_of, 0);
    if (status == BATON_OK) {
      ++n_scored;
      if (on_decision) {
        const char* json = baton_decision_json(ev);
        on_decision(user, json, std::strlen(json));
      }
      continue;
    }
    ++n_rejected;
    if (!on_error) continue;
    ev->line = fmt::format("{{\"line\":{},\"id\":", line_number);
    if (ev->record.has_id) baton::append_json_string(ev->record.id, ev->line);
    else ev->line += "null";
    ev->line += ",\"field\":";
    if (ev->error_field.empty()) ev->line += "null";
    else baton::append_json_string(ev->error_field, ev->line);
    ev->line += ",\"error\":";
    baton::append_json_string(ev->error_message, ev->line);
    ev->line += '}';
    on_error(user, ev->line.data(), ev->line.size());
  }
  if (scored) *scored = n_scored;
  if (rejected) *rejected = n_rejected;
  return n_rejected ? BATON_REJECTED : BATON_OK;
}

}  // extern "C"
