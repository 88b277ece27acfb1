#include "baton/review/outcomes.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>

#include "baton/common/time.hpp"
#include "baton/runtime/csv.hpp"

namespace baton::review {

namespace {
bool is_blank(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

// Splits text into lines (without "\n" and a trailing "\r"), numbered from 1.
template <typename F>
void for_each_line(std::string_view text, F&& f) {
  std::uint64_t number = 0;
  while (!text.empty()) {
    auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    f(number, line);
  }
}

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return "";
  auto e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}
}  // namespace

int Outcomes::name_index(std::string_view name) const {
  for (std::size_t i = 0; i < names_.size(); ++i)
    if (names_[i] == name) return static_cast<int>(i);
  return -1;
}

const Outcomes::Lead* Outcomes::find(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  return it == by_id_.end() ? nullptr : &it->second;
}

void Outcomes::add(std::uint64_t line, std::string_view id, std::string_view outcome, std::string_view date,
                   std::vector<OutcomeError>& errors) {
  if (id.empty()) return errors.push_back({line, "id", "missing lead id"});
  if (outcome.empty()) return errors.push_back({line, "outcome", "missing outcome"});
  std::int64_t when = INT64_MAX;
  if (!date.empty()) {
    auto t = parse_time(date);
    if (!t) return errors.push_back({line, "date", fmt::format("`{}` is not a date; use e.g. 2026-12-14", date)});
    when = *t;
  }
  int index = name_index(outcome);
  if (index < 0) {
    if (names_.size() >= kMaxNames)
      return errors.push_back({line, "outcome", fmt::format("more than {} distinct outcomes", kMaxNames)});
    index = static_cast<int>(names_.size());
    names_.emplace_back(outcome);
  }
  Lead& lead = by_id_[std::string(id)];
  lead.mask |= std::uint64_t{1} << index;
  lead.first_date = std::min(lead.first_date, when);
  if (when != INT64_MAX) {
    auto it = std::find_if(lead.dates.begin(), lead.dates.end(), [&](const auto& d) { return d.first == index; });
    if (it == lead.dates.end()) lead.dates.emplace_back(static_cast<std::uint8_t>(index), when);
    else it->second = std::min(it->second, when);
  }
  ++records_;
}

void Outcomes::parse_jsonl(std::string_view text, std::vector<OutcomeError>& errors) {
  simdjson::dom::parser parser;
  for_each_line(text, [&](std::uint64_t number, std::string_view line) {
    if (is_blank(line)) return;
    simdjson::dom::element doc;
    simdjson::dom::object object;
    if (parser.parse(line.data(), line.size()).get(doc) || doc.get_object().get(object))
      return errors.push_back({number, "", "not a JSON object"});
    std::string fields[3];
    const char* names[3] = {"id", "outcome", "date"};
    bool seen[3] = {false, false, false};
    // Every key, not a lookup: a key given twice is an error, as in a lead record,
    // rather than one of its values read silently.
    for (auto [key, v] : object) {
      const auto f = static_cast<int>(std::find(names, names + 3, key) - names);
      if (f == 3) continue;  // other keys are ignored
      if (seen[f]) return errors.push_back({number, names[f], "given twice"});
      seen[f] = true;
      if (v.is_null()) continue;
      if (v.is_string()) fields[f] = std::string(v.get_string().value());
      else if (f == 0 && (v.is_int64() || v.is_uint64())) fields[f] = simdjson::to_string(v);  // numeric ids
      else return errors.push_back({number, names[f], "expected a string"});
    }
    add(number, fields[0], fields[1], fields[2], errors);
  });
}

// Read with the CsvReader every CSV input shares (RFC 4180 quoting, LF,
// CRLF or CR line ends, a row's error on its own line).
void Outcomes::parse_csv(std::string_view text, std::vector<OutcomeError>& errors) {
  int column[3] = {-1, -1, -1};  // id, outcome, date
  bool header = true;
  CsvReader reader(text);
  CsvRow row;
  while (reader.next(row)) {
    if (!row.error.empty()) {
      errors.push_back({row.line, "", row.error});
      if (header) return;  // without a header no row can be read
      continue;
    }
    if (header) {
      header = false;
      for (std::size_t i = 0; i < row.cells.size(); ++i) {
        std::string name = trim(row.cells[i]);
        if (name == "id") column[0] = static_cast<int>(i);
        else if (name == "outcome") column[1] = static_cast<int>(i);
        else if (name == "date") column[2] = static_cast<int>(i);
      }
      if (column[0] < 0 || column[1] < 0) {
        errors.push_back({row.line, column[0] < 0 ? "id" : "outcome",
                          "the CSV header must name the columns id and outcome (and optionally date)"});
        return;
      }
      continue;
    }
    auto cell = [&](int c) { return c >= 0 && static_cast<std::size_t>(c) < row.cells.size() ? trim(row.cells[c]) : ""; };
    add(row.line, cell(column[0]), cell(column[1]), cell(column[2]), errors);
  }
}

Outcomes Outcomes::parse(std::string_view text, std::vector<OutcomeError>& errors) {
  Outcomes out;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a UTF-8 byte-order mark (spreadsheet exports)
  auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '{') out.parse_jsonl(text, errors);
  else out.parse_csv(text, errors);
  return out;
}

}  // namespace baton::review
