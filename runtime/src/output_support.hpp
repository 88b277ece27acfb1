#pragma once
// Private to the renderers: the helpers output.cpp defines and the
// lifecycle and hand-off renderers (output_lifecycle.cpp) share.
#include <fmt/format.h>

#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/record.hpp"

namespace baton::output {

template <typename... Args>
void append(std::string& out, fmt::format_string<Args...> format, Args&&... args);

void append_time(std::int64_t t, std::string& out);
void append_json_time(std::int64_t t, std::string& out);
std::string_view stage_name(const Program& program, int stage);
void append_value_json(Type type, const Value& v, std::string& out);
void append_value_text(Type type, const Value& v, std::string& out);
void append_json_key(std::string_view key, std::string& out);
void quote_csv_from(std::size_t start, std::string& out);
void append_csv_cell(std::string_view text, std::string& out);
const Trace& trace_of(const Decision& d);
std::string signed_number(double v);

// output_lifecycle.cpp: fragments of the decision record for SLAs with a
// lifecycle or hand-offs; each is written only when the SLA declares one.
// ,"transition":"held","previous_stage":"sql","held":{...}
void append_lifecycle_json(const Program& program, const Decision& d, std::string& out);
// ,"handoff":null | {...}
void append_handoff_json(const Program& program, const Decision& d, std::string& out);
void append_lifecycle_csv_header(const Program& program, std::string& out);
void append_lifecycle_csv(const Program& program, const Decision& d, std::string& out);
void append_handoff_csv_header(const Program& program, std::string& out);
void append_handoff_csv(const Program& program, const Decision& d, std::string& out);
// explain: "lifecycle" and "hand-off" sections, text and JSON.
void append_lifecycle_text(const Program& program, const Decision& d, std::string& out);
void append_handoff_text(const Program& program, const Decision& d, std::string& out);
void append_lifecycle_explain_json(const Program& program, const Decision& d, std::string& out);
// One sentence: "stays sql: the rules say lead, but ..." (also the heading).
std::string lifecycle_words(const Program& program, const Decision& d);

}  // namespace baton::output

template <typename... Args>
void baton::output::append(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}
