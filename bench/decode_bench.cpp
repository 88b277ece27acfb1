// Record decoding per lead, for leads with 0, 25 and 150 events.
//
// BM_decode is the whole RecordDecoder::decode with the default On-Demand
// decoder (the line copied into the record, one On-Demand pass into the
// slots); BM_decode_dom the same with the DOM reference (padding copy,
// simdjson DOM parse, conversion into slots, string copies into the record's
// arena); BM_parse_only is simdjson's DOM parse of the same line, so the
// difference is what baton's own layer costs. All report bytes/s and heap
// allocations per lead inside the timed loop (expected: 0 once warm).
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "baton/runtime/bytecode.hpp"
#include "baton/runtime/program.hpp"
#include "baton/runtime/record.hpp"
#include "bench_support.hpp"


namespace {

using namespace baton;

FieldInfo field(std::string name, Type type, bool optional = false) {
  FieldInfo f;
  f.name = std::move(name);
  f.type = type;
  f.optional = optional;
  return f;
}

// A typical B2B schema: ten lead fields, three event types.
std::shared_ptr<const Program> bench_program() {
  ProgramImage image;
  image.sla_name = std::string("bench");  // not = "bench": GCC 12 -O3 false -Wrestrict (bug 105329)
  image.sla_version = std::string("1");
  image.lead_fields = {field("email", Type::string),          field("job_title", Type::string),
                       field("company_size", Type::int_),     field("industry", Type::string),
                       field("country", Type::string),        field("budget", Type::number, true),
                       field("authority", Type::boolean, true), field("timeline_days", Type::int_, true),
                       field("signup", Type::time, true),     field("interests", Type::string_set, true)};
  image.events = {
      EventInfo{"page_view", {field("at", Type::time), field("url", Type::string), field("referrer", Type::string, true)}},
      EventInfo{"download", {field("at", Type::time), field("asset", Type::string)}},
      EventInfo{"form_submit", {field("at", Type::time), field("form", Type::string), field("campaign", Type::string, true)}},
  };
  for (const FieldInfo& f : image.lead_fields) image.registers.push_back(f.type);
  image.code = {bc::Instruction{bc::Op::halt, 0, 0, 0, 0}};
  image.chunks = {ChunkInfo{0, 1, bc::kNone}};
  std::string error;
  auto program = Program::from_image(std::move(image), error);
  if (!program) {
    fmt::print(stderr, "bench program rejected: {}\n", error);
    std::abort();
  }
  return program;
}

std::string bench_line(int events) {
  std::string line =
      R"({"id":"L000123","email":"dana.lee@northwind.example","job_title":"Director of IT Operations",)"
      R"("company_size":1200,"industry":"software","country":"DE","budget":25000,"authority":true,)"
      R"("timeline_days":45,"signup":"2026-10-02T08:15:00Z","interests":["crm","automation","ai"],"events":[)";
  for (int i = 0; i < events; ++i) {
    if (i) line += ',';
    int day = 1 + i % 28, hour = i % 24;
    switch (i % 5) {
      case 0:
      case 1:
      case 2:
        line += fmt::format(R"({{"type":"page_view","at":"2026-11-{:02}T{:02}:10:00Z","url":"/pricing/plan-{}","referrer":"https://www.google.com/"}})",
                            day, hour, i);
        break;
      case 3:
        line += fmt::format(R"({{"type":"download","at":"2026-11-{:02}T{:02}:30:00Z","asset":"case-study-{}"}})", day, hour, i);
        break;
      default:
        line += fmt::format(R"({{"type":"form_submit","at":{},"form":"contact","campaign":"spring"}})",
                            1762000000 + i * 3600);
    }
  }
  line += "]}";
  return line;
}

void decode_with(benchmark::State& state, DecodeOptions::Decoder which) {
  auto program = bench_program();
  RecordDecoder decoder(program, DecodeOptions{.decoder = which});
  Record record;
  DecodeError error;
  const std::string line = bench_line(static_cast<int>(state.range(0)));
  if (!decoder.decode(line, record, error)) state.SkipWithError(error.message.c_str());
  std::size_t before = bench::allocations.load();
  for (auto _ : state) {
    bool ok = decoder.decode(line, record, error);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(record.fields.data());
  }
  state.counters["allocs/lead"] =
      benchmark::Counter(static_cast<double>(bench::allocations.load() - before), benchmark::Counter::kAvgIterations);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * line.size()));
  state.SetLabel(fmt::format("{} bytes", line.size()));
  // The On-Demand decoder must have decided every line itself.
  if (decoder.reference_decodes() != 0) state.SkipWithError("lines were left to the DOM reference");
}

void BM_decode(benchmark::State& state) { decode_with(state, DecodeOptions::Decoder::on_demand); }
void BM_decode_dom(benchmark::State& state) { decode_with(state, DecodeOptions::Decoder::dom); }

void BM_parse_only(benchmark::State& state) {
  simdjson::dom::parser parser;
  const simdjson::padded_string line(bench_line(static_cast<int>(state.range(0))));
  for (auto _ : state) {
    auto doc = parser.parse(line);
    benchmark::DoNotOptimize(doc.error());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * line.size()));
}

}  // namespace

BENCHMARK(BM_decode)->Arg(0)->Arg(25)->Arg(150);
BENCHMARK(BM_decode_dom)->Arg(0)->Arg(25)->Arg(150);
BENCHMARK(BM_parse_only)->Arg(0)->Arg(25)->Arg(150);
BENCHMARK_MAIN();
