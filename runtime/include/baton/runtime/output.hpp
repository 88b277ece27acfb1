#pragma once
// Rendering decisions: JSON Lines (the canonical record), CSV, and the
// explanation (text for people, JSON for tools). Shared by the CLI and the
// C API so every surface prints the same thing.
#include <string>
#include <string_view>

#include "baton/runtime/evaluator.hpp"

namespace baton {

// {"id":"L1","stage":"mql","route":{"to":"...","deadline":null},"scores":{...},
//  "values":{...},"sla":"acme","version":"1.0.0","fingerprint":"...","as_of":"..."}
// plus "\n". "id" is null without one, "route" null without a route. Values:
// ints and numbers as numbers, times as RFC 3339 strings, durations as their
// literal text ("30d", so a decision reads back as a record), sets and lists
// as arrays, missing as null.
void append_decision_json(const Program& program, const Record& record, const Decision& d, std::string& out);

// Header: id,stage,route,deadline,<score names...>,<exported lets...>,sla,version,fingerprint,as_of
// RFC 4180 quoting, rows end in "\n"; missing values are empty cells and sets
// and lists are joined with ';'.
struct CsvStyle {
  // A text cell starting with = + - @, a tab or a carriage return gets a
  // leading ' so a spreadsheet shows it instead of running it as a formula
  // (lead data reaches the id, route and hand-off cells). Numbers, times and
  // durations are never changed.
  bool escape_formulas = false;
};
void append_csv_header(const Program& program, std::string& out);
// The CSV column of a score (group "scores") or an exported value ("values"):
// its name, or "scores.NAME" / "values.NAME" when the name is one of the
// record's own columns (Python's score_frame heads its columns the same way).
std::string csv_value_column(std::string_view group, std::string_view name);
void append_decision_csv(const Program& program, const Record& record, const Decision& d, std::string& out,
                         const CsvStyle& style = {});

// A breakdown a sales manager can read; needs a decision made with explain on
// (Decision::explained), or both throw std::invalid_argument.
// Text rounds numbers for people (the JSON form keeps exact values and UTC).
struct ExplainStyle {
  bool all_rules = false;  // also list the rules that gave no points, with why
  std::string time_zone;   // IANA name for the times in the text; "" = UTC
};
void append_explain_text(const Program& program, const Record& record, const Decision& d, std::string& out);
void append_explain_text(const Program& program, const Record& record, const Decision& d, std::string& out,
                         const ExplainStyle& style);
// Whether ExplainStyle::time_zone names a zone of the tz database (an unknown
// one shows times in UTC).
bool valid_time_zone(std::string_view name);
void append_explain_json(const Program& program, const Record& record, const Decision& d, std::string& out);

// The lifecycle's verdict in words: "enters sql from mql (...)", "stays sql:
// the rules say lead, but the agreement allows no move from sql to lead
// (lifecycle, line 41)". Empty for an SLA without a lifecycle. With the
// record, a current stage the SLA does not know (read as none where the
// decoder is told not to check it, as `baton diff` does) is named.
std::string lifecycle_sentence(const Program& program, const Decision& d, const Record* record = nullptr);
// The hand-off's summary ("" without a hand-off or a summary), and the whole
// hand-off as the JSON object under "handoff" in a decision ("null" without one).
std::string handoff_summary(const Program& program, const Decision& d);
void append_handoff_object_json(const Program& program, const Decision& d, std::string& out);

// Shortest text that reads back as the same double ("35", "42.19", "0.1").
void append_number(double value, std::string& out);
void append_json_string(std::string_view text, std::string& out);

}  // namespace baton
