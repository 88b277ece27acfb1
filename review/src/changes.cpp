#include "baton/review/changes.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <map>

#include "baton/common/time.hpp"
#include "baton/review/measures.hpp"
#include "baton/runtime/output.hpp"

namespace baton::review {

namespace {
std::string number_text(double v) {
  std::string out;
  append_number(v, out);
  return out;
}

std::string signed_points(double v) { return (v >= 0 ? "+" : "") + number_text(v); }

// Rule text without its leading points and trailing cap.
std::string rule_condition(const std::string& text) {
  static const RE2 points(R"(^\s*[+-]\s*[0-9.]+\s*)");
  static const RE2 cap(R"(\s+max\s+[0-9.]+\s*$)");
  std::string s = squeeze(text);
  RE2::Replace(&s, points, "");
  RE2::Replace(&s, cap, "");
  return s;
}

// Stage arm text without the stage name in front.
std::string stage_condition(const StageInfo& stage) {
  std::string s = squeeze(stage.text.empty() ? stage.name : stage.text);
  if (s.rfind(stage.name, 0) == 0) s = squeeze(s.substr(stage.name.size()));
  return s.empty() ? "otherwise" : s;
}

struct RouteParts {
  std::string key;          // "sql when company_size >= 2000"
  std::string destination;  // "\"team:enterprise\" within 4h"
};
RouteParts route_parts(const RouteInfo& route) {
  std::string s = squeeze(route.text);
  auto arrow = s.find("->");
  if (arrow == std::string::npos) return {s, ""};
  return {squeeze(s.substr(0, arrow)), squeeze(s.substr(arrow + 2))};
}

struct RuleFacts {
  double points = 0, cap = -1;
  std::int64_t within = -1;
  double half_life = 0;
};

// Per rule key, its numbers; window and half-life come from the per-event
// aggregate that computes the rule.
std::map<std::string, RuleFacts> rule_facts(const Program& program, std::vector<std::string>& order) {
  const ProgramImage& image = program.image();
  std::map<std::string, RuleFacts> facts;
  for (std::size_t r = 0; r < image.rules.size(); ++r) {
    std::string key = rule_key(program, r);
    if (facts.count(key)) continue;  // the same text twice: compare the first
    facts[key] = {image.rules[r].points, image.rules[r].cap, -1, 0};
    order.push_back(key);
  }
  for (const auto& agg : image.aggregates) {
    if (agg.kind != bc::AggKind::score_per || agg.rule >= image.rules.size()) continue;
    auto& f = facts[rule_key(program, agg.rule)];
    f.within = agg.within;
    f.half_life = agg.half_life_days;
  }
  return facts;
}

std::string window_text(std::int64_t within) { return within < 0 ? "none" : format_duration(within); }
std::string half_life_text(double days) {
  return days <= 0 ? "none" : format_duration(static_cast<std::int64_t>(days * 86400));
}
std::string cap_text(double cap) { return cap < 0 ? "none" : number_text(cap); }
std::string bounds_text(const ScoreInfo& s) {
  std::string out;
  if (s.has_min) out += "min " + number_text(s.min);
  if (s.has_max) out += std::string(out.empty() ? "" : ", ") + "max " + number_text(s.max);
  return out.empty() ? "unbounded" : out;
}

void compare_scores(const ProgramImage& a, const ProgramImage& b, std::vector<Change>& out) {
  for (const auto& s : a.scores) {
    auto it = std::find_if(b.scores.begin(), b.scores.end(), [&](const ScoreInfo& t) { return t.name == s.name; });
    if (it == b.scores.end()) out.push_back({"score", "removed", s.name, bounds_text(s), ""});
    else if (bounds_text(s) != bounds_text(*it)) out.push_back({"score", "bounds", s.name, bounds_text(s), bounds_text(*it)});
  }
  for (const auto& t : b.scores)
    if (std::none_of(a.scores.begin(), a.scores.end(), [&](const ScoreInfo& s) { return s.name == t.name; }))
      out.push_back({"score", "added", t.name, "", bounds_text(t)});
}

void compare_rules(const Program& a, const Program& b, std::vector<Change>& out) {
  std::vector<std::string> order_a, order_b;
  auto fa = rule_facts(a, order_a);
  auto fb = rule_facts(b, order_b);
  for (const auto& key : order_a) {
    const RuleFacts& x = fa[key];
    auto it = fb.find(key);
    if (it == fb.end()) {
      out.push_back({"rule", "removed", key, signed_points(x.points), ""});
      continue;
    }
    const RuleFacts& y = it->second;
    if (x.points != y.points) out.push_back({"rule", "reweighted", key, signed_points(x.points), signed_points(y.points)});
    if (x.cap != y.cap) out.push_back({"rule", "cap", key, cap_text(x.cap), cap_text(y.cap)});
    if (x.within != y.within) out.push_back({"rule", "window", key, window_text(x.within), window_text(y.within)});
    if (x.half_life != y.half_life)
      out.push_back({"rule", "half-life", key, half_life_text(x.half_life), half_life_text(y.half_life)});
  }
  for (const auto& key : order_b)
    if (!fa.count(key)) out.push_back({"rule", "added", key, "", signed_points(fb[key].points)});
}

void compare_stages(const ProgramImage& a, const ProgramImage& b, std::vector<Change>& out) {
  std::vector<std::string> common_a, common_b;  // shared stage names, in each file's order
  for (const auto& s : a.stages) {
    auto it = std::find_if(b.stages.begin(), b.stages.end(), [&](const StageInfo& t) { return t.name == s.name; });
    if (it == b.stages.end()) {
      out.push_back({"stage", "removed", s.name, stage_condition(s), ""});
      continue;
    }
    common_a.push_back(s.name);
    if (stage_condition(s) != stage_condition(*it))
      out.push_back({"stage", "changed", s.name, stage_condition(s), stage_condition(*it)});
  }
  for (const auto& t : b.stages) {
    if (std::none_of(a.stages.begin(), a.stages.end(), [&](const StageInfo& s) { return s.name == t.name; }))
      out.push_back({"stage", "added", t.name, "", stage_condition(t)});
    else common_b.push_back(t.name);
  }
  if (common_a != common_b) {
    auto join = [](const std::vector<std::string>& v) { return fmt::format("{}", fmt::join(v, ", ")); };
    out.push_back({"stage", "reordered", "first match wins", join(common_a), join(common_b)});
  }
}

void compare_routes(const ProgramImage& a, const ProgramImage& b, std::vector<Change>& out) {
  // Keys repeat when two arms share stage and condition: number them.
  auto keyed = [](const ProgramImage& image) {
    std::vector<std::pair<std::string, std::string>> arms;
    std::map<std::string, int> seen;
    for (const auto& r : image.routes) {
      RouteParts p = route_parts(r);
      int n = ++seen[p.key];
      arms.emplace_back(n == 1 ? p.key : fmt::format("{} (#{})", p.key, n), p.destination);
    }
    return arms;
  };
  auto ra = keyed(a), rb = keyed(b);
  auto find = [](const auto& arms, const std::string& key) {
    return std::find_if(arms.begin(), arms.end(), [&](const auto& arm) { return arm.first == key; });
  };
  // Arms whose condition changed have no partner by key: the k-th such arm
  // of a stage before is paired with the k-th of the same stage after.
  auto stage_of = [](const std::string& key) { return key.substr(0, key.find(' ')); };
  std::vector<std::size_t> unmatched_b;
  for (std::size_t j = 0; j < rb.size(); ++j)
    if (find(ra, rb[j].first) == ra.end()) unmatched_b.push_back(j);
  std::vector<bool> paired(rb.size(), false);
  for (const auto& [key, dest] : ra) {
    auto it = find(rb, key);
    if (it != rb.end()) {
      if (it->second != dest) out.push_back({"route", "changed", key, "-> " + dest, "-> " + it->second});
      continue;
    }
    // A named copy: lambdas cannot capture structured bindings before clang 16.
    const std::string stage = stage_of(key);
    auto partner = std::find_if(unmatched_b.begin(), unmatched_b.end(),
                                [&](std::size_t j) { return !paired[j] && stage_of(rb[j].first) == stage; });
    if (partner == unmatched_b.end()) {
      out.push_back({"route", "removed", key, "-> " + dest, ""});
      continue;
    }
    paired[*partner] = true;
    const auto& [key_b, dest_b] = rb[*partner];
    out.push_back({"route", "changed", stage_of(key), key + " -> " + dest, key_b + " -> " + dest_b});
  }
  for (std::size_t j : unmatched_b)
    if (!paired[j]) out.push_back({"route", "added", rb[j].first, "", "-> " + rb[j].second});
}

void compare_thresholds(const Program& a, const Program& b, std::vector<Change>& out) {
  auto ta = thresholds_of(a), tb = thresholds_of(b);
  // Matched by stage, measure and operator, in order of appearance.
  auto key = [](const Threshold& t) { return t.stage + '\0' + t.measure + '\0' + t.op; };
  std::map<std::string, std::vector<const Threshold*>> by_key;
  for (const auto& t : tb) by_key[key(t)].push_back(&t);
  std::map<std::string, std::size_t> used;
  for (const auto& t : ta) {
    auto& candidates = by_key[key(t)];
    std::size_t& n = used[key(t)];
    if (n >= candidates.size()) continue;  // gone with its arm: the stage change says so
    const Threshold* u = candidates[n++];
    if (u->value != t.value)
      out.push_back({"threshold", "moved", fmt::format("{} {} (in {})", t.measure, t.op, t.stage), number_text(t.value),
                     number_text(u->value)});
  }
}
}  // namespace

std::string squeeze(std::string_view text) {
  std::string out;
  bool blank = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      blank = !out.empty();
      continue;
    }
    if (blank) out += ' ';
    blank = false;
    out += c;
  }
  return out;
}

std::string rule_key(const Program& program, std::size_t rule) {
  const ProgramImage& image = program.image();
  const RuleInfo& info = image.rules[rule];
  std::string score = info.score < image.scores.size() ? image.scores[info.score].name : "?";
  return score + ": " + rule_condition(info.text);
}

std::vector<Threshold> thresholds_of(const Program& program) {
  static const RE2 comparison(R"(\b([A-Za-z_][A-Za-z0-9_]*)\s*(>=|<=|==|>|<)\s*(-?[0-9]+(?:\.[0-9]+)?)\b)");
  auto measures = measures_of(program);
  std::vector<Threshold> out;
  for (const auto& stage : program.image().stages) {
    std::string condition = stage_condition(stage);
    re2::StringPiece input(condition);
    std::string name, op, number;
    while (RE2::FindAndConsume(&input, comparison, &name, &op, &number)) {
      if (!find_measure(measures, name)) continue;
      out.push_back({stage.name, name, op, std::stod(number), name + " " + op + " " + number});
    }
  }
  return out;
}

std::vector<Change> compare_programs(const Program& before, const Program& after) {
  std::vector<Change> out;
  compare_scores(before.image(), after.image(), out);
  compare_rules(before, after, out);
  compare_thresholds(before, after, out);
  compare_stages(before.image(), after.image(), out);
  compare_routes(before.image(), after.image(), out);
  return out;
}

}  // namespace baton::review
