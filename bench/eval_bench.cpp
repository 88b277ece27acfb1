// Evaluation alone, per lead: records are decoded once before timing, the
// loop only calls Evaluator::evaluate (scores, stage, route, exports), cycling
// through 1,024 different leads so that branches and caches see realistic
// variety rather than one lead over and over.
//
//   eval/<sla>/<events>/explain:<0|1>   examples/b2b-saas.baton and bench/bench.baton,
//                                       leads with exactly 0, 25 and 150 events,
//                                       explain (rule hits, clamps, arms tried) off and on
//   eval_plain/<sla>/<events>           explain off, event passes off (EvaluatorOptions): every
//                                       aggregate loops alone and runs its filter chunk
//   eval_single/<sla>/<events>          explain off, superinstructions off (EvaluatorOptions):
//                                       one dispatch per instruction
//   eval_hot/<sla>/<events>             explain off, each lead decoded into one reused Record just
//                                       before its evaluation, as `baton score`, the C API, Python
//                                       and the service do; only evaluate() is timed (two clock
//                                       reads around it, manual time)
//   clock/overhead                      the two clock reads alone: what eval_hot adds to each lead
//   decode/<sla>/<events>               RecordDecoder::decode of the same lines, for comparison
//
// The leads come from bench/gen_leads.py (fixed seed), run once at start-up
// through python3. Target: at most 500 ns per lead at 25 events (2M leads/s
// per core). Counters: items/s = leads/s; allocs/lead is heap allocations in
// the timed loop (expected 0 once warm).
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "baton/compiler/compile.hpp"
#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/record.hpp"
#include "bench_support.hpp"

namespace {

constexpr std::int64_t kAsOf = 1795392000;  // 2026-11-23T00:00:00Z
constexpr int kLeads = 1024;

std::string source_dir() {
  const char* dir = std::getenv("BATON_SOURCE_DIR");
  return dir ? dir : BATON_SOURCE_DIR;
}

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "eval_bench: %s\n", message.c_str());
  std::exit(2);
}

std::shared_ptr<const baton::Program> compile_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) die("cannot read " + path + " (set BATON_SOURCE_DIR to the repository)");
  std::stringstream text;
  text << in.rdbuf();
  baton::SourceFile source(path, text.str());
  baton::Diagnostics diagnostics;
  auto result = baton::compile(source, diagnostics, true);
  if (!result.program) {
    std::string rendered;
    for (const auto& d : diagnostics) rendered += baton::render_text(source, d);
    die(path + " does not compile:\n" + rendered);
  }
  return result.program;
}

std::vector<std::string> generate_leads(const std::string& sla, int events) {
  std::string command = fmt::format("python3 '{}/bench/gen_leads.py' --count {} --events-min {} --events-max {} --seed 42 --sla {}",
                                    source_dir(), kLeads, events, events, sla);
  std::string all = bench::command_output(command);
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < all.size()) {
    std::size_t end = all.find('\n', start);
    if (end == std::string::npos) end = all.size();
    if (end > start) lines.emplace_back(all, start, end - start);
    start = end + 1;
  }
  return lines;
}

struct Corpus {
  std::shared_ptr<const baton::Program> program;
  std::vector<std::string> lines;
  std::vector<std::unique_ptr<baton::Record>> records;
  std::size_t bytes = 0;
};

Corpus make_corpus(const std::string& sla_file, const std::string& schema, int events) {
  Corpus c;
  c.program = compile_file(source_dir() + "/" + sla_file);
  c.lines = generate_leads(schema, events);
  baton::RecordDecoder decoder(c.program);
  for (const std::string& line : c.lines) {
    auto record = std::make_unique<baton::Record>();
    baton::DecodeError error;
    if (!decoder.decode(line, *record, error)) die(fmt::format("generated lead rejected: {}: {}", error.field, error.message));
    c.bytes += line.size();
    c.records.push_back(std::move(record));
  }
  return c;
}

void eval_loop(benchmark::State& state, const Corpus& c, bool explain, baton::EvaluatorOptions options = {}) {
  baton::Evaluator evaluator(c.program, options);
  for (const auto& r : c.records) evaluator.evaluate(*r, kAsOf, explain);  // warm the buffers
  std::size_t i = 0;
  const std::size_t before = bench::allocations.load();
  for (auto _ : state) {
    const baton::Decision& d = evaluator.evaluate(*c.records[i], kAsOf, explain);
    benchmark::DoNotOptimize(d.stage);
    benchmark::DoNotOptimize(d.scores.data());
    if (++i == c.records.size()) i = 0;
  }
  state.counters["allocs/lead"] =
      benchmark::Counter(static_cast<double>(bench::allocations.load() - before), benchmark::Counter::kAvgIterations);
  state.SetItemsProcessed(state.iterations());
}

// Evaluation as the product runs it: the record was just decoded, so its
// values and strings are in the cache. (eval_loop's records were decoded
// ahead, each into its own arena: a lead's data is cold there.)
void eval_hot_loop(benchmark::State& state, const Corpus& c) {
  baton::Evaluator evaluator(c.program);
  baton::RecordDecoder decoder(c.program);
  baton::Record record;
  baton::DecodeError error;
  for (const auto& line : c.lines) {  // warm the buffers
    decoder.decode(line, record, error);
    evaluator.evaluate(record, kAsOf);
  }
  std::size_t i = 0;
  const std::size_t before = bench::allocations.load();
  for (auto _ : state) {
    decoder.decode(c.lines[i], record, error);
    const auto start = std::chrono::steady_clock::now();
    const baton::Decision& d = evaluator.evaluate(record, kAsOf);
    benchmark::DoNotOptimize(d.stage);
    benchmark::DoNotOptimize(d.scores.data());
    const auto end = std::chrono::steady_clock::now();
    state.SetIterationTime(std::chrono::duration<double>(end - start).count());
    if (++i == c.lines.size()) i = 0;
  }
  state.counters["allocs/lead"] =
      benchmark::Counter(static_cast<double>(bench::allocations.load() - before), benchmark::Counter::kAvgIterations);
  state.SetItemsProcessed(state.iterations());
}

// What the two clock reads of eval_hot_loop cost on their own.
void clock_overhead(benchmark::State& state) {
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    benchmark::ClobberMemory();
    const auto end = std::chrono::steady_clock::now();
    state.SetIterationTime(std::chrono::duration<double>(end - start).count());
  }
}

void decode_loop(benchmark::State& state, const Corpus& c) {
  baton::RecordDecoder decoder(c.program);
  baton::Record record;
  baton::DecodeError error;
  for (const auto& line : c.lines) decoder.decode(line, record, error);
  std::size_t i = 0, bytes = 0;
  const std::size_t before = bench::allocations.load();
  for (auto _ : state) {
    bool ok = decoder.decode(c.lines[i], record, error);
    benchmark::DoNotOptimize(ok);
    bytes += c.lines[i].size();
    if (++i == c.lines.size()) i = 0;
  }
  state.counters["allocs/lead"] =
      benchmark::Counter(static_cast<double>(bench::allocations.load() - before), benchmark::Counter::kAvgIterations);
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  struct Sla {
    const char* name;
    const char* file;
    const char* schema;
  };
  static const Sla slas[] = {{"b2b", "examples/b2b-saas.baton", "b2b"}, {"bench", "bench/bench.baton", "bench"}};
  static std::vector<std::unique_ptr<Corpus>> corpora;  // live until the benchmarks have run
  for (const Sla& sla : slas) {
    for (int events : {0, 25, 150}) {
      corpora.push_back(std::make_unique<Corpus>(make_corpus(sla.file, sla.schema, events)));
      const Corpus* c = corpora.back().get();
      for (bool explain : {false, true}) {
        benchmark::RegisterBenchmark(fmt::format("eval/{}/{}/explain:{}", sla.name, events, explain ? 1 : 0).c_str(),
                                     [c, explain](benchmark::State& s) { eval_loop(s, *c, explain); });
      }
      benchmark::RegisterBenchmark(fmt::format("eval_plain/{}/{}", sla.name, events).c_str(),
                                   [c](benchmark::State& s) { eval_loop(s, *c, false, {.event_passes = false}); });
      benchmark::RegisterBenchmark(fmt::format("eval_single/{}/{}", sla.name, events).c_str(),
                                   [c](benchmark::State& s) { eval_loop(s, *c, false, {.superinstructions = false}); });
      benchmark::RegisterBenchmark(fmt::format("eval_hot/{}/{}", sla.name, events).c_str(),
                                   [c](benchmark::State& s) { eval_hot_loop(s, *c); })
          ->UseManualTime();
      benchmark::RegisterBenchmark(fmt::format("decode/{}/{}", sla.name, events).c_str(),
                                   [c](benchmark::State& s) { decode_loop(s, *c); });
    }
  }
  benchmark::RegisterBenchmark("clock/overhead", clock_overhead)->UseManualTime();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
