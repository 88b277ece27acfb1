// Fuzz target: the decision service's request reading (`POST /v1/score/{sla}`)
// without a server: the query string, the Content-Type and the body's lines,
// and a CSV body's rows (BatchBody, against the b2b example's schema, with
// the request's map= parameters).
// Input: the query, a newline, the content type, a newline, then the body.
// Properties: nothing crashes; an error is a 4xx with a message; the body's
// lines come out numbered in increasing order, never blank, and inside the
// body; a CSV row gives a JSON record or says why not, with its line.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "baton/runtime/json_lines.hpp"
#include "baton/runtime/record.hpp"
#include "baton/service/score_request.hpp"
#include "batch_body.hpp"
#include "support.hpp"

using namespace baton::service;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto take_line = [&input] {
    const std::size_t end = input.find('\n');
    std::string_view line = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view{} : input.substr(end + 1);
    return line;
  };
  const std::string_view query = take_line();
  const std::string_view content_type = take_line();
  const std::string_view body = input;

  ScoreRequest request;
  auto request_error = parse_score_request(query, content_type, body, request);
  if (request_error) {
    BATON_FUZZ_CHECK(request_error->status >= 400 && request_error->status < 500);
    BATON_FUZZ_CHECK(!request_error->message.empty());
  } else if (request.shape == BodyShape::csv) {
    static const auto program = baton::fuzz::example_program("b2b-saas");
    static baton::RecordDecoder decoder(program, baton::CsvDecoder::csv_options({}));
    static baton::Record record;
    std::string header_error;
    auto rows = BatchBody::csv(body, program, {}, request.mapping, header_error);
    BATON_FUZZ_CHECK(rows.has_value() != !header_error.empty(), header_error);
    BodyRecord row;
    std::uint64_t last = 1;  // the header's line, at least
    while (rows && rows->next(row)) {
      BATON_FUZZ_CHECK(row.line > last);
      last = row.line;
      if (row.failed) {
        BATON_FUZZ_CHECK(!row.error.message.empty());
        continue;
      }
      baton::DecodeError error;
      if (!decoder.decode(row.json, record, error)) BATON_FUZZ_CHECK(!error.message.empty());
    }
  }
  std::vector<std::pair<std::string, std::string>> pairs;
  (void)parse_query(query, pairs);
  (void)media_type(content_type);

  baton::JsonLinesCursor cursor(body);
  std::string_view line;
  std::uint64_t number = 0, previous = 0;
  while (cursor.next(line, number)) {
    BATON_FUZZ_CHECK(number > previous);
    BATON_FUZZ_CHECK(!baton::is_blank_line(line));
    BATON_FUZZ_CHECK(line.data() >= body.data() && line.data() + line.size() <= body.data() + body.size());
    previous = number;
  }
  return 0;
}
