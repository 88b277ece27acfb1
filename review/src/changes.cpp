#include "baton/review/changes.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <map>

#include "baton/common/time.hpp"
#include "baton/review/measures.hpp"
#include "baton/runtime/calendar.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/program_io.hpp"

namespace baton::review {

namespace {
std::string number_text(double v) {
  std::string out;
  append_number(v, out);
  return out;
}

std::string signed_points(double v) { return (v >= 0 ? "+" : "") + number_text(v); }

std::string joined_list(const std::vector<std::string>& v) { return fmt::format("{}", fmt::join(v, ", ")); }

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
std::string arm_condition(const std::string& stage, const std::string& text) {
  std::string s = squeeze(text.empty() ? stage : text);
  if (s.rfind(stage, 0) == 0) s = squeeze(s.substr(stage.size()));
  return s.empty() ? "otherwise" : s;
}

// The conditions of a stage's arms, in order (a stage may have several ways in).
std::vector<std::string> arm_conditions(const ProgramImage& image, std::size_t stage) {
  std::vector<std::string> out;
  for (const auto& arm : image.stage_arms)
    if (arm.stage == stage) out.push_back(arm_condition(image.stages[stage].name, arm.text));
  if (out.empty()) out.push_back(arm_condition(image.stages[stage].name, image.stages[stage].text));
  return out;
}

std::string joined_arms(const std::vector<std::string>& arms) { return fmt::format("{}", fmt::join(arms, "; ")); }

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

// Stages are matched by name and their arms by position within the stage:
// the k-th way into `sql` before against the k-th after.
void compare_stages(const ProgramImage& a, const ProgramImage& b, std::vector<Change>& out) {
  auto index_in = [](const ProgramImage& image, const std::string& name) {
    for (std::size_t i = 0; i < image.stages.size(); ++i)
      if (image.stages[i].name == name) return static_cast<int>(i);
    return -1;
  };
  for (std::size_t i = 0; i < a.stages.size(); ++i) {
    const std::string& name = a.stages[i].name;
    const std::vector<std::string> before = arm_conditions(a, i);
    const int j = index_in(b, name);
    if (j < 0) {
      out.push_back({"stage", "removed", name, joined_arms(before), ""});
      continue;
    }
    const std::vector<std::string> after = arm_conditions(b, static_cast<std::size_t>(j));
    const bool several = before.size() > 1 || after.size() > 1;
    for (std::size_t k = 0; k < std::max(before.size(), after.size()); ++k) {
      const std::string subject = several ? fmt::format("{} (arm {})", name, k + 1) : name;
      if (k >= after.size()) out.push_back({"stage", "removed", subject, before[k], ""});
      else if (k >= before.size()) out.push_back({"stage", "added", subject, "", after[k]});
      else if (before[k] != after[k]) out.push_back({"stage", "changed", subject, before[k], after[k]});
    }
  }
  for (std::size_t j = 0; j < b.stages.size(); ++j)
    if (index_in(a, b.stages[j].name) < 0)
      out.push_back({"stage", "added", b.stages[j].name, "", joined_arms(arm_conditions(b, j))});
  // First match wins, so the order of the arms is part of the rules: compare
  // the order of the arms both versions have (the k-th arm of a stage kept).
  auto order = [&](const ProgramImage& x, const ProgramImage& y) {
    std::vector<std::string> out_order;
    std::map<std::string, std::size_t> seen;
    for (const auto& arm : x.stage_arms) {
      const std::string& name = x.stages[arm.stage].name;
      const int other = index_in(y, name);
      if (other < 0) continue;
      const std::size_t k = seen[name]++;
      const auto arms_in_y = std::count_if(y.stage_arms.begin(), y.stage_arms.end(),
                                           [&](const StageArmInfo& a) { return a.stage == other; });
      if (k >= static_cast<std::size_t>(std::max<std::ptrdiff_t>(arms_in_y, 1))) continue;
      out_order.push_back(k == 0 ? name : fmt::format("{} (arm {})", name, k + 1));
    }
    return out_order;
  };
  const std::vector<std::string> order_a = order(a, b), order_b = order(b, a);
  if (order_a != order_b)
    out.push_back({"stage", "reordered", "first match wins", joined_list(order_a), joined_list(order_b)});
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

// Named things (hand-offs, calendars, exports) compared by name: kept,
// added or removed, and when kept, their text before and after.
using Named = std::vector<std::pair<std::string, std::string>>;  // name, text
void compare_named(const Named& a, const Named& b, const char* section, std::vector<Change>& out) {
  auto find = [](const Named& in, const std::string& name) {
    return std::find_if(in.begin(), in.end(), [&](const auto& x) { return x.first == name; });
  };
  for (const auto& x : a) {
    auto it = find(b, x.first);
    if (it == b.end()) out.push_back({section, "removed", x.first, x.second, ""});
    else if (x.second != it->second) out.push_back({section, "changed", x.first, x.second, it->second});
  }
  for (const auto& y : b)
    if (find(a, y.first) == a.end()) out.push_back({section, "added", y.first, "", y.second});
}

std::string clock_text(std::uint16_t minutes) { return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60); }

// "Europe/Berlin; mon-fri 09:00-12:30, 13:30-18:00; 7 holidays"
std::string calendar_text(const CalendarInfo& c) {
  static constexpr const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  std::string out = c.zone;
  for (std::size_t d = 0; d < 7;) {
    std::size_t last = d;
    while (last + 1 < 7 && c.week[last + 1] == c.week[d]) ++last;
    if (!c.week[d].empty()) {
      out += fmt::format("; {}{}", kDays[d], last > d ? fmt::format("-{}", kDays[last]) : "");
      for (std::size_t i = 0; i < c.week[d].size(); ++i)
        out += fmt::format("{}{}-{}", i ? ", " : " ", clock_text(c.week[d][i].start), clock_text(c.week[d][i].end));
    }
    d = last + 1;
  }
  std::vector<std::int32_t> days = c.holidays;
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  out += fmt::format("; {} holiday{}", days.size(), days.size() == 1 ? "" : "s");
  if (!days.empty()) {
    std::int64_t y = 0;
    unsigned m = 0, dd = 0;
    civil_from_days(days.front(), y, m, dd);
    std::string first = fmt::format("{:04}-{:02}-{:02}", y, m, dd);
    civil_from_days(days.back(), y, m, dd);
    out += days.size() == 1 ? fmt::format(" ({})", first) : fmt::format(" ({} .. {:04}-{:02}-{:02})", first, y, m, dd);
  }
  return out;
}

// A hand-off as sales receives it: its summary (placeholders as {}), fields
// and the number of reasons.
std::string handoff_text(const HandoffInfo& h) {
  std::string summary;
  for (const TemplatePiece& piece : h.summary) summary += piece.reg != bc::kNone ? "{}" : piece.text;
  std::vector<std::string> fields;
  for (const HandoffField& f : h.fields) fields.push_back(f.name);
  return fmt::format("summary \"{}\"; fields {}; reasons {}", summary, fields.empty() ? "none" : joined_list(fields),
                     h.reasons);
}

void compare_lifecycle(const ProgramImage& a, const ProgramImage& b, std::vector<Change>& out) {
  auto moves = [](const ProgramImage& image) {
    std::vector<std::string> texts;
    for (const MoveInfo& m : image.lifecycle.moves) texts.push_back(squeeze(m.text));
    return texts;
  };
  std::vector<std::string> ma = moves(a), mb = moves(b);
  for (const std::string& m : ma)
    if (std::find(mb.begin(), mb.end(), m) == mb.end()) out.push_back({"lifecycle", "removed", m, "allowed", ""});
  for (const std::string& m : mb)
    if (std::find(ma.begin(), ma.end(), m) == ma.end()) out.push_back({"lifecycle", "added", m, "", "allowed"});
  if (a.lifecycle.present != b.lifecycle.present)
    out.push_back({"lifecycle", a.lifecycle.present ? "removed" : "added", "lifecycle block",
                   a.lifecycle.present ? "present" : "", b.lifecycle.present ? "present" : ""});
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
  const ProgramImage& image = program.image();
  // Only a measure compared alone: in `fit + engagement >= 40` the number
  // bounds the sum, not `engagement`, and in `total >= 40 * x` not 40.
  auto operand_before = [](std::string_view text, std::size_t at) {
    while (at > 0 && text[at - 1] == ' ') --at;
    return at > 0 && std::string_view("+-*/%?.").find(text[at - 1]) != std::string_view::npos;
  };
  auto operand_after = [](std::string_view text, std::size_t at) {
    while (at < text.size() && text[at] == ' ') ++at;
    return at < text.size() && std::string_view("+-*/%?.").find(text[at]) != std::string_view::npos;
  };
  std::vector<Threshold> out;
  for (std::size_t i = 0; i < image.stages.size(); ++i) {
    for (const std::string& condition : arm_conditions(image, i)) {
      re2::StringPiece input(condition);
      re2::StringPiece match[4];
      std::size_t from = 0;
      while (from < condition.size() &&
             comparison.Match(input, from, condition.size(), RE2::UNANCHORED, match, 4)) {
        const std::size_t begin = static_cast<std::size_t>(match[0].data() - condition.data());
        const std::size_t end = begin + match[0].size();
        from = end;
        std::string name(match[1].data(), match[1].size());
        if (!find_measure(measures, name) || operand_before(condition, begin) || operand_after(condition, end)) continue;
        std::string op(match[2].data(), match[2].size()), number(match[3].data(), match[3].size());
        out.push_back({image.stages[i].name, name, op, std::stod(number), name + " " + op + " " + number});
      }
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
  const ProgramImage& a = before.image();
  const ProgramImage& b = after.image();
  compare_lifecycle(a, b, out);
  auto handoffs = [](const ProgramImage& image) {
    Named out_named;
    for (const HandoffInfo& h : image.handoffs)
      out_named.emplace_back(h.stage < image.stages.size() ? image.stages[h.stage].name : "?", handoff_text(h));
    return out_named;
  };
  auto calendars = [](const ProgramImage& image) {
    Named out_named;
    for (const CalendarInfo& c : image.calendars) out_named.emplace_back(c.name, calendar_text(c));
    return out_named;
  };
  auto exports = [](const ProgramImage& image) {
    Named out_named;
    for (const ExportInfo& e : image.exports) out_named.emplace_back(e.name, "exported");
    return out_named;
  };
  compare_named(handoffs(a), handoffs(b), "handoff", out);
  compare_named(calendars(a), calendars(b), "calendar", out);
  compare_named(exports(a), exports(b), "export", out);
  // Lets, consts and hand-off placeholders are not compared one by one: a
  // change to them (a let's window, a const's members) shows only here, so
  // whenever the compiled rules differ (name and version aside) this line
  // says so, beside the named changes or alone, never "nothing".
  ProgramImage renamed = a;
  renamed.sla_name = b.sla_name;
  renamed.sla_version = b.sla_version;
  const std::string fa = fingerprint_of(renamed), fb = fingerprint_of(b);
  if (fa != fb)
    out.push_back({"program", "differs", "compiled rules", before.fingerprint().substr(0, 12),
                   after.fingerprint().substr(0, 12)});  // as the header shows them
  return out;
}

}  // namespace baton::review
