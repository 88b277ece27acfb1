// Fuzz target: JSON Lines -> decode -> evaluate, on the example SLAs.
// Every line is decoded twice, by the fast path (the On-Demand decoder, which
// hands what it does not decide to the DOM reference reading events from its
// tape; aggregates fused into shared event passes) and by the plain path (the
// DOM reference through the parser's element API, one loop per aggregate):
//   - both accept it or both reject it, with the same field and message;
//   - accepted, both give the same decision, byte for byte (JSON and CSV);
//   - every non-blank line is scored or rejected with a message: read =
//     scored + rejected, nothing lost.
//
// Input: one option byte, then the lines. Bits 0-1 pick the SLA
// (examples/b2b-saas, points-classic, small-shop), bit 2 --coerce (in
// America/New_York when bit 5 is set too), bit 3 --strict, bit 4 event types
// ignoring case.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "baton/common/time.hpp"
#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/program.hpp"
#include "baton/runtime/record.hpp"
#include "support.hpp"

using namespace baton;

namespace {

const std::array<std::shared_ptr<const Program>, 3>& programs() {
  static const std::array<std::shared_ptr<const Program>, 3> all = {
      fuzz::example_program("b2b-saas"), fuzz::example_program("points-classic"),
      fuzz::example_program("small-shop")};
  return all;
}

struct Path {
  RecordDecoder decoder;
  Evaluator evaluator;
  Record record;
  DecodeError error;
  std::string out;

  Path(const std::shared_ptr<const Program>& program, DecodeOptions options, bool fast)
      : decoder(program, with_fast(options, fast)), evaluator(program, EvaluatorOptions{.event_passes = fast}) {}
  static DecodeOptions with_fast(DecodeOptions options, bool fast) {
    options.fast_events = fast;
    options.decoder = fast ? DecodeOptions::Decoder::on_demand : DecodeOptions::Decoder::dom;
    return options;
  }

  bool run(std::string_view line, std::int64_t as_of, bool explain) {
    out.clear();
    error = {};
    if (!decoder.decode(line, record, error)) return false;
    const Program& program = evaluator.program();
    const Decision& d = evaluator.evaluate(record, as_of, explain);
    append_decision_json(program, record, d, out);
    append_decision_csv(program, record, d, out);
    if (explain) append_explain_text(program, record, d, out);
    return true;
  }
};

bool blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t options_byte = data[0];
  const auto& program = programs()[(options_byte & 3) % 3];
  DecodeOptions options;
  options.coerce = options_byte & 4;
  options.coerce_zone = (options_byte & 0x24) == 0x24 ? "America/New_York" : "";
  options.strict = options_byte & 8;
  options.event_types_ignore_case = options_byte & 16;
  Path fast(program, options, true), plain(program, options, false);
  const std::int64_t as_of = *parse_time("2026-11-23T00:00:00Z");

  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::size_t read = 0, scored = 0, rejected = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (blank(line)) continue;
    ++read;
    const bool explain = read % 2 == 0;
    const bool ok_fast = fast.run(line, as_of, explain);
    const bool ok_plain = plain.run(line, as_of, explain);
    BATON_FUZZ_CHECK(ok_fast == ok_plain, line);
    if (ok_fast) {
      ++scored;
      BATON_FUZZ_CHECK(fast.out == plain.out, fast.out + "\n---- plain path ----\n" + plain.out);
    } else {
      ++rejected;
      BATON_FUZZ_CHECK(!fast.error.message.empty(), line);
      BATON_FUZZ_CHECK(fast.error.field == plain.error.field && fast.error.message == plain.error.message,
                       fast.error.field + ": " + fast.error.message + "\n---- plain path ----\n" +
                           plain.error.field + ": " + plain.error.message);
    }
  }
  BATON_FUZZ_CHECK(read == scored + rejected);
  return 0;
}
