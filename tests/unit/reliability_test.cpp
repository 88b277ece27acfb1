// Regression tests for what fuzzing and a second compiler found (docs/limits.md,
// tests/fuzz/README.md): each failed before its fix.
#include <doctest/doctest.h>

#include "../support/compile_text.hpp"

#include <climits>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "../support/old_layout.hpp"
#include "baton/common/time.hpp"
#include "baton/compiler/compile.hpp"
#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/program.hpp"
#include "baton/runtime/program_io.hpp"
#include "baton/runtime/record.hpp"
#include "bytecode_sample_image.hpp"

using namespace baton;
using Bytes = std::vector<std::uint8_t>;

namespace {

std::string rejected(const std::function<void(ProgramImage&)>& mutate) {
  ProgramImage im = testing::sample_image();
  mutate(im);
  return verify_image(im);
}

using testing::compile_text;

}  // namespace

TEST_CASE("format_duration is defined for every int64, INT64_MIN included") {
  CHECK(format_duration(0) == "0s");
  CHECK(format_duration(-90) == "-1m30s");
  CHECK(format_duration(INT64_MAX) == "106751991167300d15h30m7s");
  // -INT64_MIN overflowed an int64_t: the text was "-" alone.
  CHECK(format_duration(INT64_MIN) == "-106751991167300d15h30m8s");
  CHECK(format_duration(kMaxDuration) == "26687997791825d3h52m31s");
}

TEST_CASE("the verifier holds every stored number to the range the compiler produces") {
  using AggregateRef = AggregateInfo&;
  auto aggregate = [](ProgramImage& im) -> AggregateRef { return im.aggregates[0]; };
  // The campaign's file: a finite but absurd half-life, which explain then printed as "half-life -".
  CHECK(rejected([&](ProgramImage& im) { aggregate(im).half_life_days = 2.24e243; })
            .find("aggregate #0 has a half-life of 2.24e+243 days") != std::string::npos);
  CHECK(rejected([&](ProgramImage& im) { aggregate(im).half_life_days = 1e-9; }).find("half-life") != std::string::npos);
  CHECK(rejected([&](ProgramImage& im) { aggregate(im).points = INFINITY; }).find("points inf") != std::string::npos);
  CHECK(rejected([&](ProgramImage& im) { aggregate(im).cap = -2; }).find("cap of -2") != std::string::npos);
  CHECK(rejected([&](ProgramImage& im) { aggregate(im).within = kMaxDuration + 1; }).find("window") != std::string::npos);
  CHECK(rejected([](ProgramImage& im) { im.k_num[0] = NAN; }).find("number constant #0 is nan") != std::string::npos);
  CHECK(rejected([](ProgramImage& im) { im.rules[0].points = -INFINITY; }).find("rule #0 has points -inf") != std::string::npos);
  CHECK(rejected([](ProgramImage& im) { im.rules[3].cap = NAN; }).find("rule #3 has a cap") != std::string::npos);
  CHECK(rejected([](ProgramImage& im) { im.scores[0].max = INFINITY; }).find("score 'fit' has a bound") != std::string::npos);
  CHECK(rejected([](ProgramImage& im) { im.routes[0].within = INT64_MAX; }).find("route #0 has a deadline") != std::string::npos);
  CHECK(rejected([](ProgramImage& im) {
          im.lead_fields[2].has_default = true;
          im.lead_fields[2].type = Type::duration;
          im.registers[2] = Type::duration;
          im.lead_fields[2].default_value.i = INT64_MIN;
        }).find("default duration") != std::string::npos);
  // The extremes the compiler can write still verify.
  CHECK(rejected([&](ProgramImage& im) {
          aggregate(im).half_life_days = static_cast<double>(kMaxDuration) / 86400;
          aggregate(im).within = kMaxDuration;
          im.routes[0].within = 0;
        }) == "");
}

TEST_CASE("the longest half-life the compiler accepts explains in words") {
  const auto program = compile_text(
      "sla \"t\" version \"1\"\nevent visit {}\n"
      "score engagement decay half_life 3812571113117w6d3h52m31s { +1 per visit }\n"
      "stages { lead otherwise }\n");
  Record record;
  record.reset(*program);
  Evaluator evaluator(program);
  const Decision& d = evaluator.evaluate(record, 0, true);
  std::string text;
  append_explain_text(*program, record, d, text);
  CHECK(text.find("half-life 26687997791825d") != std::string::npos);
}

TEST_CASE("a file may not use opcodes newer than its declared format version") {
  ProgramImage image = testing::sample_image();
  std::string error;
  REQUIRE(Program::load(testing::in_version_1_layout(image, 1), error));  // only version 1 opcodes: loads

  // LE_INT_K arrived in version 2: the same file labelled 1 is refused, labelled 2 loads.
  for (auto& ins : image.code)
    if (ins.op == bc::Op::le_int) {
      ins.op = bc::Op::le_int_k;
      ins.c = 0;
      break;
    }
  REQUIRE(verify_image(image) == "");
  CHECK_FALSE(Program::load(testing::in_version_1_layout(image, 1), error));
  CHECK(error.find("uses le_int_k, an opcode of format version 2, but the file is version 1") != std::string::npos);
  CHECK(Program::load(testing::in_version_1_layout(image, 2), error));

  CHECK(bc::op_version(bc::Op::halt) == 1);
  CHECK(bc::op_version(bc::Op::load_as_of) == 1);
  CHECK(bc::op_version(bc::Op::add_per_rule) == 2);
  CHECK(bc::op_version(bc::Op::lifecycle) == 3);
  CHECK(bc::op_version(bc::Op::set_deadline) == 4);
  CHECK(bc::op_version(bc::Op::escalate) == 4);
}

TEST_CASE("an SLA without lead fields evaluates (no memcpy from a null pointer)") {
  // Under UndefinedBehaviorSanitizer this was a `nonnull` error in Evaluator::evaluate.
  const auto program = compile_text("sla \"minimal\" version \"0.1.0\"\n\nstages {\n  lead otherwise\n}\n");
  REQUIRE(program->image().lead_fields.empty());
  RecordDecoder decoder(program);
  Record record;
  DecodeError error;
  REQUIRE(decoder.decode(R"({"id":"a"})", record, error));
  Evaluator evaluator(program);
  const Decision& d = evaluator.evaluate(record, 0);
  CHECK(d.stage == 0);
}

TEST_CASE("an empty text renders as a JSON string (no memcpy from a null pointer)") {
  // Found by the records campaign: UBSan `nonnull` in append_json_string.
  std::string out;
  append_json_string(std::string_view{}, out);
  append_json_string("", out);
  CHECK(out == "\"\"\"\"");
}

TEST_CASE("an empty record without a buffer is rejected (no memcpy from a null pointer)") {
  // Found by the python campaign: a str record with lone surrogates reaches
  // the scorer as an empty std::string_view, whose data() is null; both
  // decoders copied it (UBSan `nonnull`).
  auto program = compile_text("sla \"e\" version \"1\"\nlead { email: string }\nstages { lead otherwise }\n");
  for (auto which : {DecodeOptions::Decoder::on_demand, DecodeOptions::Decoder::dom}) {
    DecodeOptions options;
    options.decoder = which;
    RecordDecoder decoder(program, options);
    Record record;
    DecodeError error;
    CHECK_FALSE(decoder.decode(std::string_view{}, record, error));
    CHECK_FALSE(error.message.empty());
    CHECK(decoder.decode(R"({"id":"a","email":"x@y.z"})", record, error));
  }
}

TEST_CASE("a hand-off's reasons name points beyond any integer in words") {
  // Found by the bytecode campaign: converting 2.9e49 points to long long is
  // undefined (UBSan), and printed "+-9223372036854775808" with g++. Points
  // are now at most 1e15, and 10 visits give 1e16, past what a double holds
  // as an exact integer in words.
  auto program = compile_text(R"(sla "big" version "1"
lead { email: string }
event visit { url: string }
score s { +1000000000000000.0 per visit }
stages {
  mql when s > 0
  lead otherwise
}
handoff mql { reasons 2 }
)");
  RecordDecoder decoder(program);
  Record record;
  DecodeError error;
  std::string visits;
  for (int i = 0; i < 10; ++i) visits += std::string(i ? "," : "") + R"({"type":"visit","at":"2026-11-20T00:00:00Z","url":"/"})";
  REQUIRE(decoder.decode(R"({"id":"a","email":"x@y.z","events":[)" + visits + "]}", record, error));
  Evaluator evaluator(program);
  const Decision& d = evaluator.evaluate(record, 1795392000);
  std::string csv;
  append_decision_csv(*program, record, d, csv);
  INFO(csv);
  CHECK(csv.find(",+1e+16 from +1000000000000000.0 per visit (line 4),") != std::string::npos);
}
