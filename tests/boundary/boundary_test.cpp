// Boundaries on every evaluation path: each generated scenario (scenarios.hpp)
// is compiled and every lead evaluated four ways (event passes on and off,
// explain on and off); every exported value, score, stage, route, deadline
// and explained rule must be what docs/language.md says. The scenario's
// layout decides which path the event passes take (one truth table, the
// per-member loop of a wide pass, or aggregates that run alone), and the
// first check below makes sure each layout really takes its path.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "aggregate_state.hpp"
#include "baton/compiler/compile.hpp"
#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/record.hpp"
#include "filter_table.hpp"
#include "scenarios.hpp"

using namespace baton;
using namespace baton::boundary;

namespace {

std::shared_ptr<const Program> build(const Scenario& sc) {
  SourceFile source(sc.name + ".baton", sc.sla);
  Diagnostics diagnostics;
  auto compiled = compile(source, diagnostics);
  std::string messages;
  for (const auto& d : diagnostics) messages += render_text(source, d) + "\n";
  INFO(sc.name, "\n", sc.sla, messages);
  REQUIRE(compiled.program);
  return compiled.program;
}

bool close(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b)); }

bool matches(const Value& v, const Expected& e) {
  switch (e.kind) {
    case Expected::Kind::missing: return v.missing != 0;
    case Expected::Kind::boolean: return !v.missing && v.b == e.b;
    case Expected::Kind::integer: return !v.missing && v.i == e.i;
    case Expected::Kind::number: return !v.missing && close(v.n, e.n);
    case Expected::Kind::string: return !v.missing && v.str() == e.s;
  }
  return false;
}

std::string shown(const Value& v, Type t) {
  if (v.missing) return "missing";
  switch (t) {
    case Type::boolean: return v.b ? "true" : "false";
    case Type::number: return fmt::format("{}", v.n);
    case Type::string: return fmt::format("\"{}\"", v.str());
    default: return std::to_string(v.i);
  }
}

// What the evaluator will do with the aggregates of event type `ev`,
// worked out as Evaluator::prepare_aggregates does: which filters get a
// truth table, how many distinct leaf tests the type collects.
struct PassShape {
  std::size_t leaves = 0, members = 0, alone = 0;
};
PassShape pass_shape(const Program& program) {
  PassShape shape;
  std::vector<Leaf> leaves;
  std::size_t steps = FilterTable::kStepBudget;
  for (const AggregateInfo& agg : program.image().aggregates) {
    if (agg.chunk != bc::kNone && !FilterTable::analyse(program, agg.chunk, leaves, steps)) ++shape.alone;
    else ++shape.members;
  }
  shape.leaves = leaves.size();
  return shape;
}

// Every lead of a scenario through one evaluator; mismatches are collected.
void run(const Scenario& sc, const std::shared_ptr<const Program>& program, bool event_passes, bool explain,
         std::vector<std::string>& problems) {
  const auto& image = program->image();
  RecordDecoder decoder(program);
  Evaluator evaluator(program, EvaluatorOptions{.event_passes = event_passes});
  std::map<std::string, std::size_t> export_index;
  for (std::size_t e = 0; e < image.exports.size(); ++e) export_index[image.exports[e].name] = e;
  const std::string path = fmt::format("{} event_passes={} explain={}", sc.name, event_passes, explain);
  Record record;
  for (const LeadCase& lead : sc.leads) {
    DecodeError error;
    if (!decoder.decode(lead.json, record, error)) {
      problems.push_back(fmt::format("{}: {} does not decode: {}", path, lead.json, error.message));
      continue;
    }
    const Decision& d = evaluator.evaluate(record, kAsOf, explain);
    auto problem = [&](const std::string& what) { problems.push_back(fmt::format("{}: {}: {}\n    {}", path, lead.id, what, lead.json)); };
    if (lead.values.size() != image.exports.size()) problem("the scenario does not expect every exported value");
    for (const auto& [name, expected] : lead.values) {
      auto it = export_index.find(name);
      if (it == export_index.end()) {
        problem("no export " + name);
        continue;
      }
      const Value& got = d.exports[it->second];
      if (!matches(got, expected))
        problem(fmt::format("{} is {}, expected {}", name, shown(got, image.registers[image.exports[it->second].reg]),
                            describe(expected)));
    }
    for (std::size_t s = 0; s < lead.scores.size(); ++s)
      if (s >= d.scores.size() || !close(d.scores[s], lead.scores[s].second))
        problem(fmt::format("score {} is {}, expected {}", lead.scores[s].first, s < d.scores.size() ? d.scores[s] : NAN,
                            lead.scores[s].second));
    std::string stage = d.stage >= 0 ? image.stages[static_cast<std::size_t>(d.stage)].name : "?";
    if (stage != lead.stage) problem(fmt::format("stage {}, expected {}", stage, lead.stage));
    std::optional<std::string> route;
    if (d.route >= 0) route = std::string(d.route_target);
    if (route != lead.route) problem(fmt::format("route {}, expected {}", route.value_or("none"), lead.route.value_or("none")));
    std::optional<std::int64_t> deadline;
    if (d.has_deadline) deadline = d.deadline;
    if (deadline != lead.deadline)
      problem(fmt::format("deadline {}, expected {}", deadline.value_or(-1), lead.deadline.value_or(-1)));
    if (!explain) continue;
    if (d.trace->rules.size() != lead.hits.size())
      problem(fmt::format("{} rules explained, expected {}", d.trace->rules.size(), lead.hits.size()));
    for (const RuleHit& hit : d.trace->rules) {
      auto it = lead.hits.find(hit.rule);
      if (it == lead.hits.end()) {
        problem(fmt::format("rule {} explained, expected no points", hit.rule));
        continue;
      }
      const ExpectedHit& e = it->second;
      if (image.rules[hit.rule].text != e.text)
        problem(fmt::format("rule {} is `{}`, the scenario meant `{}`", hit.rule, image.rules[hit.rule].text, e.text));
      if (!close(hit.raw, e.raw) || !close(hit.decayed, e.decayed) || !close(hit.value, e.value) || hit.events != e.events)
        problem(fmt::format("rule {} explained as raw {} decayed {} value {} events {}, expected {} {} {} {}", hit.rule,
                            hit.raw, hit.decayed, hit.value, hit.events, e.raw, e.decayed, e.value, e.events));
    }
  }
}

// The evaluation paths: the fused evaluator on each layout, and the plain
// evaluator (event passes off: every aggregate alone, filter chunks through
// the VM) on all of them. Explain on and off on each.
enum class Path { one_table, wide_pass, alone, plain };

const std::vector<Scenario>& scenarios() {
  static const std::vector<Scenario> all = all_scenarios();
  return all;
}

void check_family(const std::string& prefix, Path path) {
  std::size_t count = 0, leads = 0;
  for (const Scenario& sc : scenarios()) {
    if (sc.name.rfind(prefix, 0) != 0) continue;
    if (path == Path::one_table && sc.layout != Layout::narrow) continue;
    if (path == Path::wide_pass && sc.layout != Layout::wide) continue;
    if (path == Path::alone && sc.layout != Layout::alone) continue;
    ++count;
    leads += sc.leads.size();
    auto program = build(sc);
    INFO(sc.name);
    // The layout takes the path it is meant to.
    PassShape shape = pass_shape(*program);
    std::size_t always_alone = sc.name.starts_with("compare-") && sc.name.find("-in/") == std::string::npos &&
                                       sc.name.find("-not_in/") == std::string::npos
                                   ? 1
                                   : 0;  // f4 reads lead.k
    switch (sc.layout) {
      case Layout::narrow:
        CHECK(shape.leaves <= EventPass::kMaskLeaves);
        CHECK(shape.members <= 64);
        CHECK(shape.alone == always_alone);
        break;
      case Layout::wide:
        CHECK(shape.leaves > EventPass::kMaskLeaves);
        CHECK(shape.alone == always_alone);
        break;
      case Layout::alone:
        CHECK(shape.members == 0);
        break;
    }
    CHECK(Evaluator(program).fused_aggregates() == shape.members);

    std::vector<std::string> problems;
    for (bool explain : {false, true}) run(sc, program, path != Path::plain, explain, problems);
    std::string shown_problems;
    for (std::size_t i = 0; i < problems.size() && i < 12; ++i) shown_problems += problems[i] + "\n";
    CHECK_MESSAGE(problems.empty(), problems.size(), " mismatches, the first:\n", shown_problems);
  }
  CHECK(count > 0);
  MESSAGE(prefix, ": ", count, " scenarios, ", leads, " leads, explain on and off");
}

}  // namespace

// One test case per family and path, so a failure names the path it broke.
#define BATON_BOUNDARY_PATHS(family, prefix)                                                        \
  TEST_CASE(family " - event pass, one truth table") { check_family(prefix, Path::one_table); }   \
  TEST_CASE(family " - event pass, wide (per-member loop)") { check_family(prefix, Path::wide_pass); } \
  TEST_CASE(family " - fused evaluator, filters that run alone") { check_family(prefix, Path::alone); } \
  TEST_CASE(family " - plain evaluator (event passes off)") { check_family(prefix, Path::plain); }

BATON_BOUNDARY_PATHS("comparisons: every operator and type, on the boundary and one unit either side", "compare-")
BATON_BOUNDARY_PATHS("aggregates: every kind, events aged exactly `within` and one second either side", "aggregates-")
BATON_BOUNDARY_PATHS("per rules: within, window, decay, caps at their limits, deadlines", "per-rules-")
