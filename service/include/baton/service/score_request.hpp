#pragma once
// Reading a `POST /v1/score/{sla}` request before anything is scored: the
// query parameters and whether the body is one lead or a JSON Lines batch.
// Pure functions of the request's parts, with no server around them, so
// they can be unit-tested and fuzzed on their own.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "baton/runtime/csv.hpp"

namespace baton::service {

enum class BodyShape {
  single,  // one JSON object (it may span several lines when pretty-printed)
  batch,   // JSON Lines: one lead per line
  either,  // several lines without a JSON Lines content type: one lead if the whole body is one object, else a batch
  csv,     // CSV (text/csv): a header row, then one lead per row; answered as a batch
};

struct ScoreRequest {
  std::optional<std::int64_t> as_of;  // unset: the server's clock
  bool explain = false;
  BodyShape shape = BodyShape::single;
  CsvMapping mapping;  // CSV: the `map=COLUMN=FIELD` parameters, applied after the server's --map
};

struct RequestError {
  int status = 400;
  std::string message;
};

// `query` is the raw query string (after '?', percent-encoded; '+' is a
// space): `as_of` (RFC 3339) and `explain` (true/false/1/0, or alone), each
// at most once, and for CSV bodies `map=COLUMN=FIELD`, repeatable; any other
// parameter is an error, so that a typo (`asof=`) is not silently scored as
// of now. The shape comes from the Content-Type (application/x-ndjson,
// application/jsonl: batch; text/csv, application/csv: csv) or else from the
// lines.
// The query is read here, not by the HTTP library, because the library also
// reads form-encoded bodies as parameters, and `curl -d` labels a JSON body
// that way.
std::optional<RequestError> parse_score_request(std::string_view query, std::string_view content_type,
                                                std::string_view body, ScoreRequest& out);

// Splits "a=1&b=x%20y" into decoded pairs; false on a bad percent escape.
bool parse_query(std::string_view query, std::vector<std::pair<std::string, std::string>>& out);

// The media type without parameters, lower-case: "application/x-ndjson".
std::string media_type(std::string_view content_type);

}  // namespace baton::service
