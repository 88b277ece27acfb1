// The C++ embedding API's typed access to exports (exports.hpp) and the
// program's export and route tables, through the per-use headers a service
// includes (baton/compile.hpp, baton/evaluate.hpp, baton/explain.hpp).
#include <doctest/doctest.h>

#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "baton/common/time.hpp"
#include "baton/compile.hpp"
#include "baton/evaluate.hpp"
#include "baton/explain.hpp"
#include "test_files.hpp"

using namespace baton;

namespace {

std::shared_ptr<const Program> capi_program() {
  SourceFile source("capi.baton", testing::read_text(testing::source_path("tests/embed/capi.baton")));
  Diagnostics diagnostics;
  auto program = compile(source, diagnostics).program;
  REQUIRE(program);
  return program;
}

constexpr std::int64_t kAsOf = 1795392000;  // 2026-11-23T00:00:00Z

}  // namespace

TEST_CASE("exports by name and index, typed") {
  auto program = capi_program();
  RecordDecoder decoder(program);
  Evaluator evaluator(program);
  Record record;
  DecodeError error;
  REQUIRE(decoder.decode(R"({"id":"A","email":"x@y.example","size":6000,"budget":2500.5,)"
                         R"("signed_at":"2026-01-02T03:04:05Z","tags":["b","a"],"owner":"zoe","events":[]})",
                         record, error));
  const Decision& d = evaluator.evaluate(record, kAsOf);

  CHECK(program->export_index("owner_name") == 3);
  CHECK(program->export_index("nope") == -1);
  CHECK(program->export_type(0) == Type::int_);
  CHECK(program->export_type(5) == Type::duration);
  CHECK(program->export_type(99) == Type::invalid);

  CHECK(exported_as<std::int64_t>(*program, d, "size_or_zero") == 6000);
  CHECK(exported_as<double>(*program, d, "budget_k") == 2.5005);
  CHECK(exported_as<bool>(*program, d, "big") == true);
  CHECK(exported_as<std::string_view>(*program, d, "owner_name") == "zoe");
  CHECK(exported_as<EpochSeconds>(*program, d, "signed") == EpochSeconds{1767323045});
  CHECK(exported_as<DurationSeconds>(*program, d, "cooldown") == DurationSeconds{30 * 86400});
  auto labels = exported_as<std::vector<std::string_view>>(*program, d, "labels");
  REQUIRE(labels);
  CHECK(labels->size() == 2);
  // The wrong type, an unknown name, an index out of range: nothing.
  CHECK_FALSE(exported_as<double>(*program, d, "size_or_zero"));
  CHECK_FALSE(exported_as<std::int64_t>(*program, d, "cooldown"));
  CHECK_FALSE(exported_as<std::int64_t>(*program, d, "nope"));
  CHECK(std::holds_alternative<std::monostate>(exported(*program, d, std::size_t{8})));
  CHECK(std::get<std::int64_t>(exported(*program, d, std::size_t{7})) == 0);  // visits

  // A missing value is monostate.
  REQUIRE(decoder.decode(R"({"id":"B","email":"b@y.example","events":[]})", record, error));
  const Decision& d2 = evaluator.evaluate(record, kAsOf);
  CHECK(std::holds_alternative<std::monostate>(exported(*program, d2, "owner_name")));
  CHECK_FALSE(exported_as<std::string_view>(*program, d2, "owner_name"));
  CHECK(exported_as<std::int64_t>(*program, d2, "size_or_zero") == 0);
}

TEST_CASE("a set export holds each item once, in the order of first occurrence") {
  auto program = capi_program();
  RecordDecoder decoder(program);
  Evaluator evaluator(program);
  Record record;
  DecodeError error;
  REQUIRE(decoder.decode(R"({"id":"A","email":"x@y.example","tags":["b","a","b","c","a"],"events":[]})", record,
                         error));
  const Decision& d = evaluator.evaluate(record, kAsOf);
  const std::vector<std::string_view> labels{"b", "a", "c"};
  CHECK(exported_as<std::vector<std::string_view>>(*program, d, "labels") == labels);
}

TEST_CASE("route destinations: constants are known at load time, computed ones are not") {
  auto program = capi_program();
  REQUIRE(program->image().routes.size() == 3);
  REQUIRE(program->route_constant(0));
  CHECK(*program->route_constant(0) == "team:enterprise");
  CHECK(program->route_constant(1) == nullptr);  // one_of(reps, email)
  REQUIRE(program->route_constant(2));
  CHECK(*program->route_constant(2) == "nurture:mid");
  CHECK(program->route_constant(3) == nullptr);
}

TEST_CASE("every constant destination of the examples is found, and only those") {
  // small-shop routes to people by name; `account_manager ?? "jana.petersen"`
  // is computed (the lead's field comes first).
  SourceFile source("small-shop.baton", testing::read_text(testing::source_path("examples/small-shop.baton")));
  Diagnostics diagnostics;
  auto program = compile(source, diagnostics).program;
  REQUIRE(program);
  std::vector<std::string> found;
  for (std::size_t i = 0; i < program->image().routes.size(); ++i) {
    const std::string* c = program->route_constant(i);
    found.push_back(c ? *c : "(computed)");
  }
  CHECK(found == std::vector<std::string>{"(computed)", "frank.kessler", "sofie.lund", "mehmet.yilmaz",
                                          "jana.petersen", "ole.brandt", "lea.kraus", "lea.kraus"});
}

TEST_CASE("explain after the fact gives what explain up front gives") {
  auto program = capi_program();
  RecordDecoder decoder(program);
  Evaluator evaluator(program);
  Record record;
  DecodeError error;
  REQUIRE(decoder.decode(R"({"id":"A","email":"x@y.example","size":6000,"events":[]})", record, error));
  CHECK(evaluator.evaluate(record, kAsOf).trace == nullptr);
  std::string text;
  // A decision made without explain has no breakdown: an error, not a
  // breakdown that says no rule gave points.
  CHECK_THROWS_AS(append_explain_text(*program, record, evaluator.evaluate(record, kAsOf), text), std::invalid_argument);
  CHECK_THROWS_AS(append_explain_json(*program, record, evaluator.evaluate(record, kAsOf), text), std::invalid_argument);
  CHECK(text.empty());
  const Decision& d = evaluator.evaluate(record, kAsOf, true);
  append_explain_text(*program, record, d, text);
  CHECK(text.find("sql") != std::string::npos);
}

TEST_CASE("evaluate refuses an as_of outside the times a value may hold") {
  auto program = capi_program();
  RecordDecoder decoder(program);
  Record record;
  DecodeError error;
  REQUIRE(decoder.decode(R"({"id":"T1","email":"a@x.example","events":[]})", record, error));
  Evaluator evaluator(program);
  CHECK_THROWS_WITH_AS(evaluator.evaluate(record, kAsOf * 1000),
                       "as_of 1795392000000 is outside 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z (epoch seconds "
                       "-62135596800 .. 253402300799; milliseconds? divide by 1000)",
                       std::out_of_range);
  CHECK_THROWS_AS(evaluator.evaluate(record, std::numeric_limits<std::int64_t>::min()), std::out_of_range);
  CHECK_THROWS_AS(evaluator.evaluate(record, kLastTime + 1), std::out_of_range);
  CHECK_THROWS_AS(evaluator.evaluate(record, kFirstTime - 1), std::out_of_range);
  CHECK(evaluator.evaluate(record, kLastTime).as_of == kLastTime);
  CHECK(evaluator.evaluate(record, kFirstTime).as_of == kFirstTime);
  CHECK(as_of_problem(kAsOf).empty());
}
