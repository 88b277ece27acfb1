#pragma once
// Private to the renderers: the helpers output.cpp defines and the
// lifecycle and hand-off renderers (output_lifecycle.cpp) share.
#include <fmt/format.h>

#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/record.hpp"

namespace baton { class TimeZone; }

namespace baton::output {

// How explain text shows numbers and times: rounded for people, in the
// zone asked for (null: UTC); the column widths its lines share.
struct TextStyle {
  const TimeZone* zone = nullptr;
  bool all_rules = false;         // also the rules that gave no points
  std::size_t parts_indent = 4;   // where a condition's parts start
  std::size_t points_width = 3;
  std::size_t line_width = 1;
};

template <typename... Args>
void append(std::string& out, fmt::format_string<Args...> format, Args&&... args);

void append_time(std::int64_t t, std::string& out);
void append_optional_time_json(bool present, std::int64_t t, std::string& out);  // the time, or null
void append_json_time(std::int64_t t, std::string& out);
std::string_view stage_name(const Program& program, int stage);
void append_value_json(Type type, const Value& v, std::string& out);
void append_value_text(Type type, const Value& v, std::string& out);
void append_json_key(std::string_view key, std::string& out);
// A CSV cell from `start` to the end of `out`: quoted where RFC 4180 needs
// it, and, for text cells with style.escape_formulas, defused as a formula.
void quote_csv_from(std::size_t start, std::string& out, const CsvStyle& style = {});
void append_csv_cell(std::string_view text, std::string& out, const CsvStyle& style = {});
// Text-like types, whose cells CsvStyle::escape_formulas applies to.
bool is_text_cell(Type type);
const Trace& trace_of(const Decision& d);
std::string signed_number(double v);

// output_lifecycle.cpp: fragments of the decision record for SLAs with a
// lifecycle or hand-offs; each is written only when the SLA declares one.
// ,"transition":"held","previous_stage":"sql","held":{...},"stage_since":"..."
void append_lifecycle_json(const Program& program, const Decision& d, std::string& out);
// ,"handoff":null | {...}
void append_handoff_json(const Program& program, const Decision& d, std::string& out);
void append_lifecycle_csv_header(const Program& program, std::string& out);
void append_lifecycle_csv(const Program& program, const Decision& d, std::string& out);
void append_handoff_csv_header(const Program& program, std::string& out);
void append_handoff_csv(const Program& program, const Decision& d, std::string& out, const CsvStyle& style);
// explain: "lifecycle" and "hand-off" sections, text and JSON.
void append_lifecycle_text(const Program& program, const Record& record, const Decision& d, const TextStyle& style,
                           std::string& out);
void append_lifecycle_explain_json(const Program& program, const Record& record, const Decision& d, std::string& out);
void append_handoff_text(const Program& program, const Decision& d, const TextStyle& style, std::string& out);

// output_explain.cpp: numbers rounded (2 decimals, or 2 significant digits
// below 0.01; whole numbers stay whole), times in the style's zone, values
// as in JSON otherwise ("missing" when absent).
void append_people_number(double v, std::string& out, int decimals = 2);
std::string people_signed(double v);  // "+0.39", "-40"
void append_people_time(std::int64_t t, const TextStyle& style, std::string& out);
void append_people_value(Type type, const Value& v, const TextStyle& style, std::string& out, int decimals = 2);
// A condition's parts (under its arm or rule), text and JSON (",\"parts\":...").
void append_parts_text(const Program& program, const Decision& d, ExplainOwner owner, std::size_t index,
                       const TextStyle& style, std::string& out);
void append_parts_json(const Program& program, const Decision& d, ExplainOwner owner, std::size_t index,
                       std::string& out);
// The rules of score `s` that gave no points, with why; JSON: ",\"not_applied\":[...]".
void append_zero_rules_text(const Program& program, const Decision& d, std::size_t s, const TextStyle& style,
                            std::string& out);
void append_zero_rules_json(const Program& program, const Decision& d, std::size_t s, std::string& out);
// The lead fields the rules read, the unexported lets, the events that
// counted; JSON: ",\"fields\":{...},\"lets\":{...},\"events\":[...]".
void append_reads_text(const Program& program, const Record& record, const Decision& d, const TextStyle& style,
                       std::string& out);
void append_reads_json(const Program& program, const Record& record, const Decision& d, std::string& out);

// One sentence: "stays sql: the rules say lead, but ..." (also the heading).
std::string lifecycle_words(const Program& program, const Decision& d, const Record* record = nullptr);

}  // namespace baton::output

template <typename... Args>
void baton::output::append(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}
