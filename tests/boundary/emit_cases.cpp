// Writes boundary scenarios (scenarios.hpp) as files, for the surfaces that
// are not C++: for each scenario NAME (its '/' turned into '.'),
//   NAME.baton           the SLA
//   NAME.leads.jsonl     its leads
//   NAME.expected.jsonl  per lead: {"id", "values", "scores", "hits", "stage", "route"}
// with "route" null or {"to", "deadline"} (epoch seconds or null), "hits"
// the rules an explanation shows ({"text", "raw", "decayed", "value",
// "events"}), numbers in their shortest exact form. surfaces.py reads them.
//
//   boundary_cases DIR [NAME-PREFIX...]    (default: the narrow layout of every family)
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "scenarios.hpp"

using namespace baton::boundary;

namespace {

std::string json_of(const Expected& e) {
  switch (e.kind) {
    case Expected::Kind::missing: return "null";
    case Expected::Kind::boolean: return e.b ? "true" : "false";
    case Expected::Kind::integer: return std::to_string(e.i);
    case Expected::Kind::number: return fmt::format("{}", e.n);
    case Expected::Kind::string: return '"' + e.s + '"';  // the scenarios' strings need no escapes
  }
  return "null";
}

std::string expected_line(const LeadCase& lead) {
  std::string line = fmt::format("{{\"id\":\"{}\",\"values\":{{", lead.id);
  for (std::size_t i = 0; i < lead.values.size(); ++i)
    line += fmt::format("{}\"{}\":{}", i ? "," : "", lead.values[i].first, json_of(lead.values[i].second));
  line += "},\"scores\":{";
  for (std::size_t i = 0; i < lead.scores.size(); ++i)
    line += fmt::format("{}\"{}\":{}", i ? "," : "", lead.scores[i].first, lead.scores[i].second);
  line += "},\"hits\":[";
  bool first = true;
  for (const auto& [rule, hit] : lead.hits) {
    line += fmt::format("{}{{\"text\":\"{}\",\"raw\":{},\"decayed\":{},\"value\":{},\"events\":{}}}", first ? "" : ",",
                        hit.text, hit.raw, hit.decayed, hit.value, hit.events);
    first = false;
  }
  line += fmt::format("],\"stage\":\"{}\",\"route\":", lead.stage);
  if (!lead.route) return line + "null}";
  return line + fmt::format("{{\"to\":\"{}\",\"deadline\":{}}}}}", *lead.route,
                            lead.deadline ? std::to_string(*lead.deadline) : "null");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR [NAME-PREFIX...]\n", argv[0]);
    return 2;
  }
  std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  std::vector<std::string> prefixes(argv + 2, argv + argc);
  int written = 0;
  for (const Scenario& sc : all_scenarios()) {
    bool wanted = prefixes.empty() ? sc.layout == Layout::narrow : false;
    for (const std::string& p : prefixes) wanted = wanted || sc.name.rfind(p, 0) == 0;
    if (!wanted) continue;
    std::string stem = sc.name;
    for (char& c : stem) if (c == '/') c = '.';
    std::ofstream(dir / (stem + ".baton")) << sc.sla;
    std::ofstream leads(dir / (stem + ".leads.jsonl"));
    std::ofstream expected(dir / (stem + ".expected.jsonl"));
    for (const LeadCase& lead : sc.leads) {
      leads << lead.json << '\n';
      expected << expected_line(lead) << '\n';
    }
    ++written;
  }
  std::printf("%d scenarios written to %s\n", written, dir.c_str());
  return written ? 0 : 1;
}
