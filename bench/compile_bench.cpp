// Front-end time for generated SLAs of 100, 1,000 and 5,000 scoring rules.
//
// BM_compile: the whole of baton::compile (parse, check, code generation,
// Program::from_image = verify + prepare, which compiles the regexes and
// builds the constant sets). BM_check: parse and check only
// (generate_code = false). Target: 5,000 rules in under 200 ms.
//
// The SLA text comes from bench/gen_sla.py (run through python3 at start-up
// of each benchmark, outside the timed loop).
#include <benchmark/benchmark.h>

#include <map>
#include <string>

#include <fmt/format.h>

#include "baton/compiler/compile.hpp"
#include "bench_support.hpp"

namespace {

// The SLA text, from bench/gen_sla.py: what the by-hand commands produce too.
// Kept per size, as Google Benchmark calls a benchmark several times.
const std::string& generate(int rules) {
  static std::map<int, std::string> texts;
  auto it = texts.find(rules);
  if (it == texts.end())
    it = texts.emplace(rules, bench::command_output(fmt::format("python3 '{}/bench/gen_sla.py' {}", bench::source_dir(), rules))).first;
  return it->second;
}

void run(benchmark::State& state, bool generate_code) {
  const int rules = static_cast<int>(state.range(0));
  const baton::SourceFile source(fmt::format("generated-{}.baton", rules), generate(rules));
  {
    baton::Diagnostics diagnostics;
    auto result = baton::compile(source, diagnostics, true);
    if (baton::has_errors(diagnostics) || !result.program) {
      std::string text;
      for (const auto& d : diagnostics) text += baton::render_text(source, d);
      state.SkipWithError(text.c_str());
      return;
    }
  }
  for (auto _ : state) {
    baton::Diagnostics diagnostics;
    auto result = baton::compile(source, diagnostics, generate_code);
    benchmark::DoNotOptimize(result.program.get());
    benchmark::DoNotOptimize(diagnostics.size());
  }
  state.SetItemsProcessed(state.iterations() * rules);  // rules/s
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * source.text().size()));
  state.SetLabel(fmt::format("{} KiB of source", source.text().size() / 1024));
}

void BM_compile(benchmark::State& state) { run(state, true); }
void BM_check(benchmark::State& state) { run(state, false); }

}  // namespace

BENCHMARK(BM_compile)->Arg(100)->Arg(1000)->Arg(5000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_check)->Arg(100)->Arg(1000)->Arg(5000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
