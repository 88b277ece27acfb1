// The decision service's request reading, metrics text and decision-log
// masking, without a server (service/: score_request, metrics, log).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "baton/runtime/json_lines.hpp"
#include "baton/service/score_request.hpp"
#include "log.hpp"
#include "metrics.hpp"

using namespace baton::service;
using baton::is_blank_line;
using baton::json_lines_line_end;
using baton::JsonLinesCursor;

namespace {
std::optional<RequestError> parse(std::string_view query, std::string_view type, std::string_view body,
                                  ScoreRequest& out) {
  return parse_score_request(query, type, body, out);
}
}  // namespace

TEST_CASE("score request: query parameters") {
  ScoreRequest r;
  CHECK(!parse("", "application/json", "{}", r));
  CHECK(!r.as_of);
  CHECK(!r.explain);
  CHECK(r.shape == BodyShape::single);

  r = {};
  CHECK(!parse("as_of=2026-11-23T00:00:00Z&explain=true", "", "{}", r));
  CHECK(r.as_of == 1795392000);
  CHECK(r.explain);

  r = {};
  CHECK(!parse("as_of=2026-11-23T10%3A00%3A00%2B02%3A00&explain", "", "{}", r));  // percent-encoded offset
  CHECK(r.as_of == 1795392000 + 8 * 3600);
  CHECK(r.explain);

  for (const char* bad : {"as_of=yesterday", "asof=2026-11-23", "explain=maybe", "as_of=2026-11-23&as_of=2026-11-24",
                          "explain=1&explain=0", "as_of=%zz", "as_of=%2"}) {
    INFO(bad);
    r = {};
    auto error = parse(bad, "", "{}", r);
    REQUIRE(error);
    CHECK(error->status == 400);
    CHECK(!error->message.empty());
  }
}

TEST_CASE("score request: one lead or a batch") {
  ScoreRequest r;
  CHECK(!parse("", "application/x-ndjson", "{}", r));
  CHECK(r.shape == BodyShape::batch);  // the content type says so, even for one line
  CHECK(!parse("", "Application/JSONL; charset=utf-8", "{}", r));
  CHECK(r.shape == BodyShape::batch);
  CHECK(!parse("", "application/json", "{\"id\":1}\n\n", r));
  CHECK(r.shape == BodyShape::single);
  CHECK(!parse("", "application/json", "{\"id\":1}\n{\"id\":2}\n", r));
  CHECK(r.shape == BodyShape::either);  // decided by trying the whole body as one object
  // Pretty-printed, even malformed: one lead, not a rejection per line.
  CHECK(!parse("", "application/json", "{\n  \"id\": \"P1\",\n  \"email\": \"k@x\"\n  \"size\": 50\n}\n", r));
  CHECK(r.shape == BodyShape::single);
  // JSON Lines whose first record is broken: the others are still records.
  CHECK(!parse("", "application/json", "{\"id\": \"A\",\n{\"id\": \"B\"}\n", r));
  CHECK(r.shape == BodyShape::either);
  CHECK(media_type(" application/x-ndjson ; charset=utf-8") == "application/x-ndjson");
}

TEST_CASE("score request: CSV bodies and their column mapping") {
  ScoreRequest r;
  CHECK(!parse("", "text/csv; charset=utf-8", "Email\nk@a.example\n", r));
  CHECK(r.shape == BodyShape::csv);
  r = {};
  CHECK(!parse("map=Record+ID=id&map=Country%2FRegion%3Dcountry&map=Notes=", "application/csv", "", r));
  CHECK(r.shape == BodyShape::csv);
  using Columns = std::vector<std::pair<std::string, std::string>>;
  CHECK(r.mapping.columns == Columns{{"Record ID", "id"}, {"Country/Region", "country"}, {"Notes", ""}});
  for (const char* bad : {"map=Owner", "map==company", "map=%3Dcompany"}) {  // not COLUMN=FIELD
    INFO(bad);
    r = {};
    auto error = parse(bad, "text/csv", "", r);
    REQUIRE(error);
    CHECK(error->status == 400);
  }
  r = {};
  auto error = parse("map=Owner=company", "application/json", "{}", r);  // a mapping is for CSV
  REQUIRE(error);
  CHECK(error->message == "map applies to CSV bodies; send them with Content-Type: text/csv");
}

TEST_CASE("score request: line cursor numbers lines and skips blank ones") {
  JsonLinesCursor cursor("a\r\n\n  \nb\nc");
  std::string_view line;
  std::uint64_t number = 0;
  REQUIRE(cursor.next(line, number));
  CHECK(line == "a\r");  // space to JSON
  CHECK(number == 1);
  REQUIRE(cursor.next(line, number));
  CHECK(line == "b");
  CHECK(number == 4);
  REQUIRE(cursor.next(line, number));
  CHECK(line == "c");
  CHECK(number == 5);
  CHECK(!cursor.next(line, number));
}

TEST_CASE("score request: line cursor reads CR lines and skips a byte-order mark, as baton score does") {
  // CR lines: the first line ends in a CR no LF follows; an LF is then space.
  JsonLinesCursor cr("\xEF\xBB\xBF" "a\r\r \n\rb\nc\r\xEF\xBB\xBF\r d");
  std::string_view line;
  std::uint64_t number = 0;
  REQUIRE(cr.next(line, number));
  CHECK(line == "a");
  CHECK(number == 1);
  REQUIRE(cr.next(line, number));
  CHECK(line == "b\nc");  // line 2 is empty, line 3 a space and an LF
  CHECK(number == 4);
  REQUIRE(cr.next(line, number));
  CHECK(line == " d");  // line 5 holds only a byte-order mark
  CHECK(number == 6);
  CHECK(!cr.next(line, number));
  // A run of CRs before an LF: LF lines.
  CHECK(json_lines_line_end("a\r\r\nb\rc") == '\n');
  CHECK(json_lines_line_end("\xEF\xBB\xBF" "a\rb") == '\r');
  CHECK(json_lines_line_end("a\r\r") == '\n');  // CRs end the text
  JsonLinesCursor bom_only("\xEF\xBB\xBF");
  CHECK(!bom_only.next(line, number));
  CHECK(is_blank_line("\xEF\xBB\xBF \t\r\n"));
  CHECK(!is_blank_line("\xEF\xBB\xBF{}"));
}

TEST_CASE("decision log: masked fields at any depth") {
  std::string json = R"({"id":"L1","email":"a@b.c","events":[{"type":"x","email":"d@e.f"}],"n":1.5,"t":true})";
  CHECK(masked_json(json, {"email"}) ==
        R"({"id":"L1","email":"***","events":[{"type":"x","email":"***"}],"n":1.5,"t":true})");
  CHECK(masked_json("{\n  \"a\": [1, 2]\n}", {}) == R"({"a":[1,2]})");
  CHECK(masked_json("{not json", {"a"}).empty());
  // A decision's hand-off summary is text made from the lead's values.
  CHECK(masked_json(R"({"handoff":{"summary":"Kim at acme.example","fields":{"email":"k@acme.example"}}})", {"email"},
                    true) == R"({"handoff":{"summary":"***","fields":{"email":"***"}}})");
}

TEST_CASE("metrics: Prometheus text") {
  Metrics m;
  m.request("/v1/score/{sla}", 200, 0.0003);
  m.request("/v1/score/{sla}", 200, 2.0);
  m.request("other", 400, -1);  // not timed
  m.decisions("acme", {"sql", "mql", "lead"}, {1, 0, 2}, 3);
  m.reload("acme", true, true);
  m.reload("acme", false, false);
  m.request_timeout();
  std::string text = m.render({{{"acme", "1.0", "abc"}}});
  CHECK(text.find("# TYPE baton_http_request_timeouts_total counter\nbaton_http_request_timeouts_total 1\n") !=
        std::string::npos);
  CHECK(text.find("baton_http_requests_total{route=\"/v1/score/{sla}\",code=\"200\"} 2\n") != std::string::npos);
  CHECK(text.find("baton_http_requests_total{route=\"other\",code=\"400\"} 1\n") != std::string::npos);
  CHECK(text.find("baton_http_request_duration_seconds_bucket{route=\"/v1/score/{sla}\",le=\"0.00025\"} 0\n") !=
        std::string::npos);
  CHECK(text.find("baton_http_request_duration_seconds_bucket{route=\"/v1/score/{sla}\",le=\"0.0005\"} 1\n") !=
        std::string::npos);
  CHECK(text.find("baton_http_request_duration_seconds_bucket{route=\"/v1/score/{sla}\",le=\"+Inf\"} 2\n") !=
        std::string::npos);
  CHECK(text.find("baton_http_request_duration_seconds_count{route=\"other\"}") == std::string::npos);
  CHECK(text.find("baton_decisions_total{sla=\"acme\",stage=\"lead\"} 2\n") != std::string::npos);
  CHECK(text.find("baton_decisions_total{sla=\"acme\",stage=\"mql\"}") == std::string::npos);
  CHECK(text.find("baton_rejections_total{sla=\"acme\"} 3\n") != std::string::npos);
  CHECK(text.find("baton_reloads_total{sla=\"acme\"} 1\n") != std::string::npos);
  CHECK(text.find("baton_reload_errors_total{sla=\"acme\"} 1\n") != std::string::npos);
  CHECK(text.find("baton_sla_info{sla=\"acme\",version=\"1.0\",fingerprint=\"abc\"} 1\n") != std::string::npos);
}
