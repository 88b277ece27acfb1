// Fuzz target: .batonc bytes -> load (header, sections, opcode versions),
// verify, prepare, then run what a loaded program can be asked to do:
// evaluate leads with and without explanations, render every output form,
// disassemble. A program the verifier accepts must never crash the VM.
//
// Input: one mode byte, then the file. Mode bit 0 set: the checksum, size and
// fingerprint are recomputed first (reseal_for_testing), so that mutations
// get past the checksum and reach the section readers and the verifier.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "baton/common/time.hpp"
#include "baton/runtime/disasm.hpp"
#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/program.hpp"
#include "baton/runtime/program_io.hpp"
#include "baton/runtime/record.hpp"
#include "support.hpp"

using namespace baton;

namespace {

// Leads that fit no schema in particular: each decodes or is rejected, and a
// decoded one is evaluated whatever the program declares.
constexpr std::array<std::string_view, 4> kLeads = {
    R"({"id":"empty"})",
    R"({"id":"a","email":"ana@big.example","job_title":"VP Sales","company_size":500,"country":"DE",)"
    R"("events":[{"type":"page_view","at":"2026-11-20T10:00:00Z","url":"/pricing"},)"
    R"({"type":"demo_request","at":"2026-11-22T09:00:00Z"}]})",
    R"({"id":"b","stage":"mql","stage_since":"2026-10-01","events":[{"type":"download","at":"2026-01-01","asset":"x"}]})",
    R"({"id":"c","company_size":-9223372036854775808,"budget":1e308,"timeline_days":0})",
};

void exercise(const std::shared_ptr<const Program>& program) {
  (void)disassemble(*program);
  const std::int64_t as_of = *parse_time("2026-11-23T00:00:00Z");
  RecordDecoder decoder(program);
  Record record;
  Evaluator evaluator(program);
  std::string out;
  for (std::string_view json : kLeads) {
    DecodeError error;
    if (!decoder.decode(json, record, error)) continue;
    for (bool explain : {false, true}) {
      const Decision& d = evaluator.evaluate(record, as_of, explain);
      out.clear();
      append_decision_json(*program, record, d, out);
      append_decision_csv(*program, record, d, out);
      if (explain) {
        append_explain_text(*program, record, d, out);
        append_explain_json(*program, record, d, out);
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::vector<std::uint8_t> bytes(data + 1, data + size);
  if (data[0] & 1) bytes = reseal_for_testing(std::move(bytes));
  std::string error;
  auto program = Program::load(bytes, error);
  if (!program) {
    BATON_FUZZ_CHECK(!error.empty());
    BATON_FUZZ_CHECK(error.find('\n') == std::string::npos, error);
    return 0;
  }
  // What loaded writes back to a file that loads; in the current format
  // version the same program (older versions have fewer sections to hash).
  std::string again;
  auto reloaded = Program::load(program->to_bytes(), again);
  BATON_FUZZ_CHECK(reloaded != nullptr, again);
  const unsigned version = bytes[4] | (bytes[5] << 8);  // loaded, so the header is there
  if (version == bc::kVersion) BATON_FUZZ_CHECK(reloaded->fingerprint() == program->fingerprint());
  exercise(program);
  return 0;
}
