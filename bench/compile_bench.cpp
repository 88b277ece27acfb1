// Front-end time for generated SLAs of 100, 1,000 and 5,000 scoring rules.
//
// BM_compile: the whole of baton::compile (parse, check, code generation,
// Program::from_image = verify + prepare, which compiles the regexes and
// builds the constant sets). BM_check: parse and check only
// (generate_code = false). Target: 5,000 rules in under 200 ms.
//
// The SLA text is generated in process, identical byte for byte to
// bench/gen_sla.py's output: `compile_bench --print-sla=N` prints it.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "baton/compiler/compile.hpp"

namespace {

constexpr int kRegexes = 8;
constexpr int kSets = 16;
constexpr int kBlock = 100;
constexpr const char* kCountries[] = {"US", "GB", "DE", "FR", "CA", "NL", "SE", "IN", "BR", "JP"};
constexpr const char* kTlds[] = {"com", "io", "de", "co.uk", "fr", "ai", "dev", "nl"};

constexpr const char* kLead = R"(lead {
  email: string
  job_title: string?
  company: string?
  company_size: int?
  industry: string?
  country: string?
  budget: number?
  authority: bool?
  need: string?
  timeline_days: int?
  is_customer: bool = false
  sales_accepted: bool = false
  returned_at: time?
}

event page_view { url: string }
event content_download { asset: string, kind: string }
event webinar { name: string, attended: bool }
event email_click { campaign: string }
event email_unsubscribe {}
event trial_signup { plan: string }
event demo_request { source: string? }
event meeting_booked { owner: string? }
)";

// Keep in step with rule() in bench/gen_sla.py.
std::string rule(int i) {
  int p = 1 + i % 17;
  switch (i % 10) {
    case 0: {
      int lo = (i * 7) % 900;
      return fmt::format("+{} when company_size between {} and {}", p, lo, lo + 100 + i % 400);
    }
    case 1: return fmt::format("+{} when job_title matches title_{}", p, i % kRegexes);
    case 2: return fmt::format("-{} when industry in industries_{}", p, i % kSets);
    case 3: return fmt::format("+{} when country == \"{}\"", p, kCountries[i % 10]);
    case 4: return fmt::format("+{} per page_view where url starts_with \"/p{}\" within {}d max {}", p, i, 7 + i % 60, 3 * p);
    case 5: return fmt::format("+{} per email_click where campaign == \"c{}\" max {}", p, i, 2 * p);
    case 6: return fmt::format("+{} when budget >= {} and authority == true", p, 1000 * (1 + i % 50));
    case 7: return fmt::format("+{} when lower(email_domain(email)) ends_with \".{}\"", p, kTlds[i % 8]);
    case 8: return fmt::format("+{} per content_download where kind == \"case-study\" and asset contains \"a{}\"", p, i);
    default:
      return fmt::format("+{} when count(page_view where url starts_with \"/docs/{}\" within 30d) >= {}", p, i, 1 + i % 5);
  }
}

std::string generate(int n) {
  std::string out = fmt::format("sla \"generated-{}\" version \"1.0.0\"\n\n", n);
  out += kLead;
  out += '\n';
  for (int r = 0; r < kRegexes; ++r)
    out += fmt::format("const title_{0} = /\\b(vp{0}|head{0}|director{0}|chief{0}|lead{0})\\b|директор{0}/i\n", r);
  for (int s = 0; s < kSets; ++s) {
    out += fmt::format("const industries_{} = {{", s);
    for (int j = 0; j < 12; ++j) out += fmt::format("{}\"ind{}_{}\"", j ? ", " : "", s, j);
    out += "}\n";
  }
  out += '\n';
  int blocks = (n + kBlock - 1) / kBlock;
  for (int b = 0; b < blocks; ++b) {
    out += fmt::format("score s{} max 100 min -50 window 90d decay half_life 21d {{\n", b);
    for (int i = b * kBlock; i < n && i < (b + 1) * kBlock; ++i) out += "  " + rule(i) + "\n";
    out += "}\n";
  }
  std::string total;
  for (int b = 0; b < blocks; ++b) total += fmt::format("{}s{}", b ? " + " : "", b);
  out += fmt::format("\nexport let total = {}\n", blocks ? total : "0");
  out += "let hot = any(demo_request within 30d) or any(meeting_booked within 30d)\n\n";
  out +=
      "stages {\n"
      "  customer when is_customer\n"
      "  disqualified when total < -100\n"
      "  sql when sales_accepted or hot or total >= 400\n"
      "  recycled when days_since(returned_at) <= 180\n"
      "  mql when total >= 200\n"
      "  lead otherwise\n"
      "}\n\n";
  out +=
      "routes {\n"
      "  customer -> \"team:account-management\" within 2d\n"
      "  sql when company_size >= 2000 -> \"team:enterprise\" within 4h\n"
      "  sql when country == \"DE\" -> \"team:dach\" within 8h\n"
      "  sql -> one_of([\"ae:a\", \"ae:b\", \"ae:c\"], email) within 24h\n"
      "  mql -> \"sdr:queue\" within 2d\n"
      "  recycled -> \"nurture:recycled\"\n"
      "}\n";
  return out;
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

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--print-sla=", 12) == 0) {
      std::string text = generate(std::atoi(argv[i] + 12));
      std::fwrite(text.data(), 1, text.size(), stdout);
      return 0;
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
