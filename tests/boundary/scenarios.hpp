#pragma once
// Boundary scenarios: generated SLAs and leads that put values and event ages
// exactly on each documented boundary and one unit (one second for times,
// durations and ages) either side, with the result docs/language.md promises
// for every lead, computed by a small reference model written from the docs
// (model.cpp), never by the runtime under test.
//
// One scenario is one SLA text, its leads (JSON Lines) and, per lead, the
// expected exported values, scores, stage, route and deadline. The same
// scenarios drive the doctest unit (boundary_test.cpp: every evaluation path
// of the C++ API) and the surface run (emit_cases.cpp + surfaces.py: the CLI,
// the C API and the Python package).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace baton::boundary {

constexpr std::int64_t kAsOf = 1795392000;  // 2026-11-23T00:00:00Z: a midnight, so day edges fall on age edges
constexpr std::int64_t kDay = 86400;

// How the aggregates of a scenario are evaluated; each SLA is generated in
// every layout, so each takes its own path through the evaluator.
enum class Layout {
  narrow,  // at most five leaf tests per event type: an event pass with one truth table
  wide,    // six more leaf tests on the same type: the event pass's per-member loop
  alone,   // every filter reads a lead field (`and lead.flag`): no table, each runs alone
};
const char* layout_name(Layout layout);
inline constexpr Layout kLayouts[] = {Layout::narrow, Layout::wide, Layout::alone};

// An expected value, as the docs say it prints.
struct Expected {
  enum class Kind { missing, boolean, integer, number, string } kind = Kind::missing;
  bool b = false;
  std::int64_t i = 0;
  double n = 0;
  std::string s;
  static Expected none() { return {}; }
  static Expected of_bool(bool v) { Expected e; e.kind = Kind::boolean; e.b = v; return e; }
  static Expected of_int(std::int64_t v) { Expected e; e.kind = Kind::integer; e.i = v; return e; }
  static Expected of_number(double v) { Expected e; e.kind = Kind::number; e.n = v; return e; }
  static Expected of_string(std::string v) { Expected e; e.kind = Kind::string; e.s = std::move(v); return e; }
};
std::string describe(const Expected& e);

// A rule's entry in an explanation (only rules that gave points).
struct ExpectedHit {
  double raw = 0, decayed = 0, value = 0;
  std::uint32_t events = 0;  // `per` rules: matching events
  std::string text;          // the rule as written in the SLA
};

struct LeadCase {
  std::string id;
  std::string json;                                  // one JSON Lines record
  std::vector<std::pair<std::string, Expected>> values;  // exported lets, in program order
  std::vector<std::pair<std::string, double>> scores;   // score blocks, in program order
  std::string stage;
  std::optional<std::string> route;
  std::optional<std::int64_t> deadline;             // epoch seconds
  std::map<std::size_t, ExpectedHit> hits;           // by rule index (program order)
};

struct Scenario {
  std::string name;  // e.g. "compare-int-le/narrow"
  Layout layout = Layout::narrow;
  std::string sla;
  std::vector<LeadCase> leads;
};

// Every scenario, in every layout.
std::vector<Scenario> all_scenarios();

}  // namespace baton::boundary
