#include "baton/service/score_request.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "baton/common/time.hpp"
#include "baton/runtime/json_lines.hpp"
#include "baton/runtime/record.hpp"

namespace baton::service {

std::string media_type(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  std::string out(type);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

namespace {

bool is_json_lines_type(const std::string& type) {
  return type == "application/x-ndjson" || type == "application/ndjson" || type == "application/jsonl" ||
         type == "application/x-jsonlines" || type == "application/jsonlines";
}

bool is_csv_type(const std::string& type) { return type == "text/csv" || type == "application/csv"; }

std::optional<bool> parse_flag(std::string_view text) {
  if (text == "true" || text == "1" || text.empty()) return true;  // `?explain` alone means yes
  if (text == "false" || text == "0") return false;
  return std::nullopt;
}

// Several lines may be JSON Lines or one object written over several lines
// (looks_like_json_lines): a pretty-printed object is one lead however
// malformed (a 400, not a rejection per line).
BodyShape shape_from_lines(std::string_view body) {
  JsonLinesCursor cursor(body);
  std::string_view line;
  std::uint64_t number = 0;
  int lines = 0;
  while (lines < 2 && cursor.next(line, number)) ++lines;
  if (lines < 2) return BodyShape::single;
  return looks_like_json_lines(body) ? BodyShape::either : BodyShape::single;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool decode_component(std::string_view text, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (text.size() - i < 3) return false;  // "%" needs two hex digits after it
      int hi = hex_digit(text[i + 1]), lo = hex_digit(text[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += c;
    }
  }
  return true;
}

}  // namespace

bool parse_query(std::string_view query, std::vector<std::pair<std::string, std::string>>& out) {
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (part.empty()) continue;
    std::size_t eq = part.find('=');
    std::pair<std::string, std::string> kv;
    if (!decode_component(part.substr(0, eq), kv.first)) return false;
    if (eq != std::string_view::npos && !decode_component(part.substr(eq + 1), kv.second)) return false;
    out.push_back(std::move(kv));
  }
  return true;
}

std::optional<RequestError> parse_score_request(std::string_view query, std::string_view content_type,
                                                std::string_view body, ScoreRequest& out) {
  std::vector<std::pair<std::string, std::string>> params;
  if (!parse_query(query, params)) return RequestError{400, "the query string has a bad percent escape"};
  bool seen_as_of = false, seen_explain = false;
  for (const auto& [key, value] : params) {
    if (key == "as_of") {
      if (seen_as_of) return RequestError{400, "as_of is given more than once"};
      seen_as_of = true;
      auto t = parse_time(value);
      if (!t) return RequestError{400, fmt::format("as_of: `{}` is not a time; use e.g. 2026-11-23T00:00:00Z", value)};
      if (*t < kFirstTime)
        return RequestError{400, fmt::format("as_of: `{}` is before the year 1; times run from 0001-01-01 to 9999-12-31",
                                             value)};
      out.as_of = *t;
    } else if (key == "explain") {
      if (seen_explain) return RequestError{400, "explain is given more than once"};
      seen_explain = true;
      auto flag = parse_flag(value);
      if (!flag) return RequestError{400, fmt::format("explain: `{}` is not true, false, 1 or 0", value)};
      out.explain = *flag;
    } else if (key == "map") {
      if (!out.mapping.add(value))
        return RequestError{400, fmt::format("map: `{}` is not COLUMN=FIELD, e.g. map=Company%20Size=company_size", value)};
    } else {
      return RequestError{400, fmt::format("unknown query parameter `{}` (known: as_of, explain, map)", key)};
    }
  }
  std::string type = media_type(content_type);
  if (is_json_lines_type(type)) out.shape = BodyShape::batch;
  else if (is_csv_type(type)) out.shape = BodyShape::csv;
  else out.shape = shape_from_lines(body);
  if (!out.mapping.columns.empty() && out.shape != BodyShape::csv)
    return RequestError{400, "map applies to CSV bodies; send them with Content-Type: text/csv"};
  return std::nullopt;
}

}  // namespace baton::service
