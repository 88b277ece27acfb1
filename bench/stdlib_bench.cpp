// Micro benchmarks for the built-in functions, one or more per family,
// called through the registry the way the VM calls them. The arena is reset
// every iteration, as the evaluator does between leads.
#include <benchmark/benchmark.h>
#include <re2/re2.h>

#include <array>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "baton/stdlib/registry.hpp"

namespace {

using baton::Arena;
using baton::Type;
using baton::Value;
using namespace baton::stdlib;

// The overload with exactly these parameter types.
const Function& overload(std::string_view name, const std::vector<Type>& params) {
  for (auto i : builtins().overloads(name)) {
    const Function& f = builtins().at(i);
    if (f.kind == Kind::function && f.params == params) return f;
  }
  std::abort();
}

// Calls f on args once per iteration.
void run(benchmark::State& state, const Function& f, std::vector<Value> args) {
  Arena arena;
  CallContext ctx{arena, 1795392000};
  Value out{};
  for (auto _ : state) {
    arena.reset();
    f.impl(ctx, args, out);
    benchmark::DoNotOptimize(out);
  }
}

Value str(std::string_view text) { return Value::of_string(text); }

void BM_lower_ascii(benchmark::State& state) {
  run(state, overload("lower", {Type::string}), {str("Senior Director of Marketing Operations")});
}
void BM_lower_unicode(benchmark::State& state) {
  run(state, overload("lower", {Type::string}), {str("GESCHÄFTSFÜHRER / Directeur Général")});
}
void BM_words(benchmark::State& state) {
  run(state, overload("words", {Type::string}), {str("SVP, Head of Sales & Marketing (EMEA)")});
}
void BM_extract(benchmark::State& state) {
  static const re2::RE2 senior(R"((?i)\b(vp|head|director|chief)\b)");
  Value pattern{};
  pattern.p = &senior;
  run(state, overload("extract", {Type::string, Type::regex}), {str("Senior Director of Marketing"), pattern});
}
void BM_email_domain(benchmark::State& state) {
  run(state, overload("email_domain", {Type::string}), {str("ana.lopez@Acme-Industries.com")});
}
void BM_domain_root(benchmark::State& state) {
  run(state, overload("domain_root", {Type::string}), {str("mail.eu.acme.co.uk")});
}
void BM_utm_source(benchmark::State& state) {
  run(state, overload("utm_source", {Type::string}),
      {str("https://acme.com/pricing?utm_medium=cpc&utm_source=linkedin&utm_campaign=q4")});
}
void BM_intersects(benchmark::State& state) {
  static const std::array<Value, 4> a = {str("crm"), str("erp"), str("bi"), str("hr")};
  static const std::array<Value, 3> b = {str("security"), str("bi"), str("cloud")};
  run(state, overload("intersects", {Type::string_set, Type::string_list}),
      {Value::of_items(a.data(), a.size()), Value::of_items(b.data(), b.size())});
}
void BM_count_true(benchmark::State& state) {
  run(state, overload("count_true", {}), {Value::of_bool(true), Value::absent(), Value::of_bool(true)});
}
void BM_round(benchmark::State& state) {
  run(state, overload("round", {Type::number}), {Value::of_number(42.5)});
}
void BM_hour_of_day_zone(benchmark::State& state) {
  run(state, overload("hour_of_day", {Type::time, Type::string}),
      {Value::of_int(1782916200), str("Europe/Berlin")});
}
void BM_one_of(benchmark::State& state) {
  static const std::array<Value, 3> owners = {str("ana"), str("ben"), str("chen")};
  run(state, overload("one_of", {Type::string_list, Type::string}),
      {Value::of_items(owners.data(), owners.size()), str("d@big.example")});
}
// Rendezvous hashing: one seeded hash and one log per owner.
void BM_assign_4_owners(benchmark::State& state) {
  static const std::array<Value, 4> owners = {str("ae:amara.okafor*2"), str("ae:jonas.weber"),
                                              str("ae:lucia.ferreira"), str("ae:tom.nguyen")};
  run(state, overload("assign", {Type::string_list, Type::string}),
      {Value::of_items(owners.data(), owners.size()), str("d@big.example")});
}

}  // namespace

BENCHMARK(BM_lower_ascii);
BENCHMARK(BM_lower_unicode);
BENCHMARK(BM_words);
BENCHMARK(BM_extract);
BENCHMARK(BM_email_domain);
BENCHMARK(BM_domain_root);
BENCHMARK(BM_utm_source);
BENCHMARK(BM_intersects);
BENCHMARK(BM_count_true);
BENCHMARK(BM_round);
BENCHMARK(BM_hour_of_day_zone);
BENCHMARK(BM_one_of);
BENCHMARK(BM_assign_4_owners);

BENCHMARK_MAIN();
