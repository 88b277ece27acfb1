#include "baton/review/changes.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <optional>

#include "baton/common/time.hpp"
#include "baton/review/canonical.hpp"
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

// Rule text without its leading points and trailing cap, in canonical form.
std::string rule_condition(const std::string& text) {
  const std::vector<Token> t = tokens_of(text);
  std::size_t begin = 0, end = t.size();
  if (begin < end && t[begin].kind == Token::op && (t[begin].text == "+" || t[begin].text == "-")) begin += 2;
  if (end >= begin + 2 && t[end - 2].kind == Token::word && t[end - 2].text == "max" && t[end - 1].kind == Token::number)
    end -= 2;
  return render_tokens(t, std::min(begin, end), end);
}

// Stage arm text without the stage name in front, in canonical form.
std::string arm_condition(const std::string& stage, const std::string& text) {
  const std::vector<Token> t = tokens_of(text.empty() ? stage : text);
  const std::size_t begin = !t.empty() && t[0].kind == Token::word && t[0].text == stage ? 1 : 0;
  std::string s = render_tokens(t, begin, t.size());
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
  const std::vector<Token> t = tokens_of(route.text);
  auto arrow = std::find_if(t.begin(), t.end(), [](const Token& x) { return x.kind == Token::op && x.text == "->"; });
  const auto at = static_cast<std::size_t>(arrow - t.begin());
  if (arrow == t.end()) return {render_tokens(t, 0, t.size()), ""};
  return {render_tokens(t, 0, at), render_tokens(t, at + 1, t.size())};
}

struct RuleFacts {
  double points = 0, cap = -1;
  std::int64_t within = -1;
};

// Per rule label, its numbers; the window comes from the per-event aggregate
// that computes the rule. A rule written twice is two rules.
std::map<std::string, RuleFacts> rule_facts(const Program& program, std::vector<std::string>& order) {
  const ProgramImage& image = program.image();
  order = rule_labels(program);
  std::map<std::string, RuleFacts> facts;
  for (std::size_t r = 0; r < image.rules.size(); ++r) facts[order[r]] = {image.rules[r].points, image.rules[r].cap, -1};
  for (const auto& agg : image.aggregates)
    if (agg.kind == bc::AggKind::score_per && agg.rule < image.rules.size()) facts[order[agg.rule]].within = agg.within;
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

// A block's decay, which `decay half_life` gives all its per-event rules
// alike (each aggregate carries a copy); nullopt for a block without one.
std::optional<double> block_half_life(const ProgramImage& image, std::size_t score) {
  for (const auto& agg : image.aggregates)
    if (agg.kind == bc::AggKind::score_per && agg.rule < image.rules.size() && image.rules[agg.rule].score == score)
      return agg.half_life_days;
  return std::nullopt;
}

void compare_scores(const ProgramImage& a, const ProgramImage& b, std::vector<Change>& out) {
  for (std::size_t i = 0; i < a.scores.size(); ++i) {
    const ScoreInfo& s = a.scores[i];
    auto it = std::find_if(b.scores.begin(), b.scores.end(), [&](const ScoreInfo& t) { return t.name == s.name; });
    if (it == b.scores.end()) {
      out.push_back({"score", "removed", s.name, bounds_text(s), ""});
      continue;
    }
    if (bounds_text(s) != bounds_text(*it)) out.push_back({"score", "bounds", s.name, bounds_text(s), bounds_text(*it)});
    // One line for the block, not one per rule that decays with it.
    const auto x = block_half_life(a, i), y = block_half_life(b, static_cast<std::size_t>(it - b.scores.begin()));
    if (x && y && *x != *y) out.push_back({"score", "half-life", s.name, half_life_text(*x), half_life_text(*y)});
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
  }
  for (const auto& key : order_b)
    if (!fa.count(key)) out.push_back({"rule", "added", key, "", signed_points(fb[key].points)});
}

// A field as a lead's sender must know it: its type and whether a record
// may leave it out ("string, required: a record without it is rejected").
std::string field_text(const FieldInfo& f) {
  std::string out(type_name(f.type));
  if (!f.has_default)
    return out + (f.optional ? ", optional" : ", required: a record without it is rejected");
  const Literal& v = f.default_value;
  std::string value;
  switch (f.type) {
    case Type::int_: value = std::to_string(v.i); break;
    case Type::number: value = number_text(v.n); break;
    case Type::boolean: value = v.i ? "true" : "false"; break;
    case Type::time: value = format_time(v.i); break;
    case Type::duration: value = format_duration(v.i); break;
    case Type::string: value = "\"" + v.s + "\""; break;
    default: {
      std::vector<std::string> items;
      for (const std::string& item : v.items) items.push_back("\"" + item + "\"");
      value = "{" + joined_list(items) + "}";
    }
  }
  return out + ", default " + value;
}

// Fields matched by name: added, removed, or changed in type or in whether
// a record may leave them out. `prefix` names an event's fields ("visit.").
void compare_fields(const std::vector<FieldInfo>& a, const std::vector<FieldInfo>& b, const char* section,
                    const std::string& prefix, std::vector<Change>& out) {
  auto find = [](const std::vector<FieldInfo>& in, const std::string& name) {
    return std::find_if(in.begin(), in.end(), [&](const FieldInfo& f) { return f.name == name; });
  };
  for (const FieldInfo& x : a) {
    auto y = find(b, x.name);
    if (y == b.end()) out.push_back({section, "removed", prefix + x.name, field_text(x), ""});
    else if (field_text(x) != field_text(*y)) out.push_back({section, "changed", prefix + x.name, field_text(x), field_text(*y)});
  }
  for (const FieldInfo& y : b)
    if (find(a, y.name) == a.end()) out.push_back({section, "added", prefix + y.name, "", field_text(y)});
}

// What a lead record must hold: the lead's fields and the events with theirs.
// A field the new version requires rejects every record without it, so it
// comes first, before what the rules do with the leads.
void compare_schema(const ProgramImage& a, const ProgramImage& b, std::vector<Change>& out) {
  compare_fields(a.lead_fields, b.lead_fields, "lead", "", out);
  auto fields_text = [](const EventInfo& e) {
    std::vector<std::string> names;
    for (const FieldInfo& f : e.fields) names.push_back(f.name);
    return "fields " + joined_list(names);
  };
  for (const EventInfo& x : a.events) {
    auto y = std::find_if(b.events.begin(), b.events.end(), [&](const EventInfo& e) { return e.name == x.name; });
    if (y == b.events.end()) out.push_back({"event", "removed", x.name, fields_text(x), ""});
    else compare_fields(x.fields, y->fields, "event", x.name + ".", out);
  }
  for (const EventInfo& y : b.events)
    if (std::none_of(a.events.begin(), a.events.end(), [&](const EventInfo& e) { return e.name == y.name; }))
      out.push_back({"event", "added", y.name, "", fields_text(y)});
}

// How an arm of a stage before is paired with one after: the same text in
// the same order, the same text elsewhere in the stage, or changed in place.
enum class Paired { kept, reordered, changed };
struct ArmPair {
  std::size_t before = 0, after = 0;
  Paired how = Paired::kept;
};

// The arm with its numbers blanked: arms of one shape differ in constants only.
std::string shape_of(const std::string& condition) {
  std::vector<Token> t = tokens_of(condition);
  for (Token& x : t)
    if (x.kind == Token::number) x.text = "#";
  return render_tokens(t, 0, t.size());
}

// Pairs a stage's arms by content, never by position alone: the longest
// common run of equal arms is kept; an equal arm outside it was reordered;
// an unpaired arm is changed in place when an unpaired arm of the other
// version sits between the same kept arms (one of the same shape first).
// Whatever is left was removed or added.
std::vector<ArmPair> pair_arms(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<ArmPair> out;
  std::vector<bool> used_a(a.size(), false), used_b(b.size(), false);
  auto link = [&](std::size_t i, std::size_t j, Paired how) {
    used_a[i] = used_b[j] = true;
    out.push_back({i, j, how});
  };
  const auto kept = common_pairs(a.size(), b.size(), [&](std::size_t i, std::size_t j) { return a[i] == b[j]; });
  for (const auto& [i, j] : kept) link(i, j, Paired::kept);
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t j = 0; j < b.size() && !used_a[i]; ++j)
      if (!used_b[j] && a[i] == b[j]) link(i, j, Paired::reordered);
  // The gap an arm sits in: the kept pairs before it.
  auto gap_a = [&](std::size_t i) { return std::count_if(kept.begin(), kept.end(), [&](const auto& k) { return k.first < i; }); };
  auto gap_b = [&](std::size_t j) { return std::count_if(kept.begin(), kept.end(), [&](const auto& k) { return k.second < j; }); };
  for (const bool by_shape : {true, false})
    for (std::size_t i = 0; i < a.size(); ++i)
      for (std::size_t j = 0; j < b.size() && !used_a[i]; ++j)
        if (!used_b[j] && gap_a(i) == gap_b(j) && (!by_shape || shape_of(a[i]) == shape_of(b[j])))
          link(i, j, Paired::changed);
  return out;
}

bool is_comparison(const Token& t) {
  return t.kind == Token::op && (t.text == ">=" || t.text == ">" || t.text == "<=" || t.text == "<" || t.text == "==");
}
bool is_arithmetic(const Token& t) {
  return t.kind == Token::dot || (t.kind == Token::op && std::string_view("+ - * / % ??").find(t.text) != std::string_view::npos);
}

// In an arm changed in place, each `measure OP N` whose N alone changed (the
// tokens around it are the same in both versions) is a moved threshold: a
// measure compared alone, as thresholds_of() reads them.
void moved_thresholds(const std::string& stage, const std::string& before, const std::string& after,
                      const std::vector<Measure>& measures, std::vector<Change>& out) {
  const std::vector<Token> x = tokens_of(before), y = tokens_of(after);
  auto pairs = common_pairs(x.size(), y.size(), [&](std::size_t i, std::size_t j) {
    return x[i].kind == y[j].kind && x[i].text == y[j].text;
  });
  pairs.emplace_back(x.size(), y.size());  // the end, so a change in the last token is seen
  std::size_t next_i = 0, next_j = 0;      // the first tokens after the last aligned pair
  for (const auto& [i, j] : pairs) {
    const std::size_t k = next_i, l = next_j;
    next_i = i + 1;
    next_j = j + 1;
    if (i != k + 1 || j != l + 1 || k < 2) continue;  // not one token replaced by one
    if (x[k].kind != Token::number || y[l].kind != Token::number || !is_comparison(x[k - 1]) ||
        x[k - 2].kind != Token::word || !find_measure(measures, x[k - 2].text))
      continue;
    if ((k >= 3 && is_arithmetic(x[k - 3])) || (k + 1 < x.size() && is_arithmetic(x[k + 1])) ||
        (l + 1 < y.size() && is_arithmetic(y[l + 1])))
      continue;  // the number bounds a sum or is scaled: no measure alone
    out.push_back({"threshold", "moved", fmt::format("{} {} (in {})", x[k - 2].text, x[k - 1].text, stage),
                   number_text(std::strtod(x[k].text.c_str(), nullptr)),
                   number_text(std::strtod(y[l].text.c_str(), nullptr))});
  }
}

std::string arm_label(const std::string& stage, std::size_t index, bool several) {
  return several ? fmt::format("{} (arm {})", stage, index + 1) : stage;
}

// Where each arm of a stage went: per arm before, its arm after (-1: none), and the reverse.
struct ArmMap {
  std::vector<int> after_of, before_of;
};

// One stage both versions have: its arms changed, removed, added, reordered.
ArmMap compare_stage_arms(const std::string& name, const std::vector<std::string>& before,
                          const std::vector<std::string>& after, const std::vector<Measure>& measures,
                          std::vector<Change>& thresholds, std::vector<Change>& out) {
  const bool several = before.size() > 1 || after.size() > 1;
  std::vector<ArmPair> pairs = pair_arms(before, after);
  std::sort(pairs.begin(), pairs.end(), [](const ArmPair& p, const ArmPair& q) { return p.after < q.after; });
  ArmMap map{std::vector<int>(before.size(), -1), std::vector<int>(after.size(), -1)};
  bool reordered = false;
  for (const ArmPair& p : pairs) {
    map.after_of[p.before] = static_cast<int>(p.after);
    map.before_of[p.after] = static_cast<int>(p.before);
    reordered = reordered || p.how == Paired::reordered;
    if (p.how != Paired::changed) continue;
    moved_thresholds(name, before[p.before], after[p.after], measures, thresholds);
    out.push_back({"stage", "changed", arm_label(name, p.after, several), before[p.before], after[p.after]});
  }
  for (std::size_t i = 0; i < before.size(); ++i)
    if (map.after_of[i] < 0) out.push_back({"stage", "removed", arm_label(name, i, several), before[i], ""});
  for (std::size_t j = 0; j < after.size(); ++j)
    if (map.before_of[j] < 0) out.push_back({"stage", "added", arm_label(name, j, several), "", after[j]});
  if (!reordered) return map;
  // The arms both versions have word for word, in each version's order.
  std::vector<std::string> order_before, order_after;
  std::vector<bool> same_before(before.size(), false), same_after(after.size(), false);
  for (const ArmPair& p : pairs)
    if (p.how != Paired::changed) same_before[p.before] = same_after[p.after] = true;
  for (std::size_t i = 0; i < before.size(); ++i)
    if (same_before[i]) order_before.push_back(before[i]);
  for (std::size_t j = 0; j < after.size(); ++j)
    if (same_after[j]) order_after.push_back(after[j]);
  out.push_back({"stage", "reordered", name, joined_arms(order_before), joined_arms(order_after)});
  return map;
}

// The arms both versions have, in the order they are tried, each named by
// its place before ("sql (arm 2)"), and the stage of each.
struct ArmOrder {
  std::vector<std::string> labels, stages;
};
ArmOrder arm_order(const ProgramImage& image, const std::map<std::string, std::vector<int>>& before_index) {
  ArmOrder out;
  std::map<std::string, std::size_t> seen;
  for (const auto& arm : image.stage_arms) {
    const std::string& name = image.stages[arm.stage].name;
    const std::size_t k = seen[name]++;
    auto it = before_index.find(name);
    if (it == before_index.end() || k >= it->second.size() || it->second[k] < 0) continue;
    const auto i = static_cast<std::size_t>(it->second[k]);
    out.labels.push_back(i == 0 ? name : fmt::format("{} (arm {})", name, i + 1));
    out.stages.push_back(name);
  }
  return out;
}

// Stages are matched by name, and their arms by content (pair_arms). Moved
// thresholds come only from arms changed in place.
void compare_stages(const Program& pa, const Program& pb, std::vector<Change>& out) {
  const ProgramImage& a = pa.image();
  const ProgramImage& b = pb.image();
  const std::vector<Measure> measures = measures_of(pb);
  auto index_in = [](const ProgramImage& image, const std::string& name) {
    for (std::size_t i = 0; i < image.stages.size(); ++i)
      if (image.stages[i].name == name) return static_cast<int>(i);
    return -1;
  };
  std::vector<Change> thresholds, stages;
  std::map<std::string, std::vector<int>> index_a, index_b;  // per stage, each arm's index before (-1: unpaired)
  for (std::size_t i = 0; i < a.stages.size(); ++i) {
    const std::string& name = a.stages[i].name;
    const std::vector<std::string> before = arm_conditions(a, i);
    const int j = index_in(b, name);
    if (j < 0) {
      stages.push_back({"stage", "removed", name, joined_arms(before), ""});
      continue;
    }
    const ArmMap map = compare_stage_arms(name, before, arm_conditions(b, static_cast<std::size_t>(j)), measures,
                                          thresholds, stages);
    for (std::size_t k = 0; k < map.after_of.size(); ++k) index_a[name].push_back(map.after_of[k] < 0 ? -1 : static_cast<int>(k));
    index_b[name] = map.before_of;
  }
  for (std::size_t j = 0; j < b.stages.size(); ++j)
    if (index_in(a, b.stages[j].name) < 0)
      stages.push_back({"stage", "added", b.stages[j].name, "", joined_arms(arm_conditions(b, j))});
  out.insert(out.end(), thresholds.begin(), thresholds.end());
  out.insert(out.end(), stages.begin(), stages.end());
  // First match wins, so the order of the stages' arms is part of the rules;
  // an order within one stage is that stage's own "reordered" line.
  const ArmOrder order_a = arm_order(a, index_a), order_b = arm_order(b, index_b);
  if (order_a.stages != order_b.stages)
    out.push_back({"stage", "reordered", "first match wins", joined_list(order_a.labels), joined_list(order_b.labels)});
}

void compare_routes(const ProgramImage& a, const ProgramImage& b, std::vector<Change>& out) {
  auto parts = [](const ProgramImage& image) {
    std::vector<RouteParts> arms;
    for (const auto& r : image.routes) arms.push_back(route_parts(r));
    return arms;
  };
  const std::vector<RouteParts> ra = parts(a), rb = parts(b);
  std::vector<int> partner_of_a(ra.size(), -1), partner_of_b(rb.size(), -1);
  // Pairs each arm before with the first free arm after that `same` accepts,
  // in order: the same arm first, then the same stage and condition, then
  // the same stage (an arm inserted or removed leaves the others paired
  // with themselves, not shifted one place).
  auto pair_by = [&](auto same) {
    for (std::size_t i = 0; i < ra.size(); ++i) {
      if (partner_of_a[i] >= 0) continue;
      for (std::size_t j = 0; j < rb.size(); ++j)
        if (partner_of_b[j] < 0 && same(ra[i], rb[j])) {
          partner_of_a[i] = static_cast<int>(j);
          partner_of_b[j] = static_cast<int>(i);
          break;
        }
    }
  };
  auto stage_of = [](const std::string& key) { return key.substr(0, key.find(' ')); };
  pair_by([](const RouteParts& x, const RouteParts& y) { return x.key == y.key && x.destination == y.destination; });
  pair_by([](const RouteParts& x, const RouteParts& y) { return x.key == y.key; });
  pair_by([&](const RouteParts& x, const RouteParts& y) { return stage_of(x.key) == stage_of(y.key); });
  for (std::size_t i = 0; i < ra.size(); ++i) {
    const RouteParts& x = ra[i];
    if (partner_of_a[i] < 0) {
      out.push_back({"route", "removed", x.key, "-> " + x.destination, ""});
      continue;
    }
    const RouteParts& y = rb[static_cast<std::size_t>(partner_of_a[i])];
    if (x.key == y.key && x.destination != y.destination)
      out.push_back({"route", "changed", x.key, "-> " + x.destination, "-> " + y.destination});
    else if (x.key != y.key)
      out.push_back({"route", "changed", stage_of(x.key), x.key + " -> " + x.destination, y.key + " -> " + y.destination});
  }
  for (std::size_t j = 0; j < rb.size(); ++j)
    if (partner_of_b[j] < 0) out.push_back({"route", "added", rb[j].key, "", "-> " + rb[j].destination});
  // First match wins within a stage: arms kept but in another order route
  // leads otherwise, so a stage whose kept arms changed order says so.
  std::map<std::string, std::vector<std::size_t>> kept_before, kept_after;  // stage -> arms before, in order
  for (std::size_t i = 0; i < ra.size(); ++i)
    if (partner_of_a[i] >= 0) kept_before[stage_of(ra[i].key)].push_back(i);
  for (std::size_t j = 0; j < rb.size(); ++j)
    if (const int i = partner_of_b[j]; i >= 0) kept_after[stage_of(ra[static_cast<std::size_t>(i)].key)].push_back(static_cast<std::size_t>(i));
  for (const auto& [stage, order] : kept_before) {
    if (order == kept_after[stage]) continue;
    std::vector<std::string> was, now;
    for (std::size_t i : order) was.push_back(ra[i].key + " -> " + ra[i].destination);
    for (std::size_t i : kept_after[stage]) now.push_back(ra[i].key + " -> " + ra[i].destination);
    out.push_back({"route", "reordered", stage, joined_arms(was), joined_arms(now)});
  }
}

// Named things (hand-offs, exports) compared by name: kept,
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

// "mon-fri 09:00-12:30, 13:30-18:00; sat 10:00-14:00"
std::string hours_text(const CalendarInfo& c) {
  static constexpr const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  std::string out;
  for (std::size_t d = 0; d < 7;) {
    std::size_t last = d;
    while (last + 1 < 7 && c.week[last + 1] == c.week[d]) ++last;
    if (!c.week[d].empty()) {
      out += fmt::format("{}{}{}", out.empty() ? "" : "; ", kDays[d], last > d ? fmt::format("-{}", kDays[last]) : "");
      for (std::size_t i = 0; i < c.week[d].size(); ++i)
        out += fmt::format("{}{}-{}", i ? ", " : " ", clock_text(c.week[d][i].start), clock_text(c.week[d][i].end));
    }
    d = last + 1;
  }
  return out;
}

std::vector<std::int32_t> holiday_days(const CalendarInfo& c) {
  std::vector<std::int32_t> days = c.holidays;
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

std::string date_text(std::int32_t day) {
  std::int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(day, y, m, d);
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

// "Europe/Berlin; mon-fri 09:00-12:30, 13:30-18:00; 7 holidays (2026-12-24 .. 2026-12-31)"
std::string calendar_text(const CalendarInfo& c) {
  const std::vector<std::int32_t> days = holiday_days(c);
  std::string out = fmt::format("{}; {}; {} holiday{}", c.zone, hours_text(c), days.size(), days.size() == 1 ? "" : "s");
  if (days.size() == 1) out += fmt::format(" ({})", date_text(days.front()));
  else if (!days.empty()) out += fmt::format(" ({} .. {})", date_text(days.front()), date_text(days.back()));
  return out;
}

// Calendars are matched by name; a kept one is compared part by part (its
// zone, its working hours, and each holiday date), so a holiday moved to
// another day is named even when the count and the first and last dates stay.
void compare_calendars(const ProgramImage& a, const ProgramImage& b, std::vector<Change>& out) {
  auto find = [](const ProgramImage& image, const std::string& name) -> const CalendarInfo* {
    for (const CalendarInfo& c : image.calendars)
      if (c.name == name) return &c;
    return nullptr;
  };
  for (const CalendarInfo& x : a.calendars) {
    const CalendarInfo* y = find(b, x.name);
    if (!y) {
      out.push_back({"calendar", "removed", x.name, calendar_text(x), ""});
      continue;
    }
    if (x.zone != y->zone) out.push_back({"calendar", "zone", x.name, x.zone, y->zone});
    if (hours_text(x) != hours_text(*y)) out.push_back({"calendar", "hours", x.name, hours_text(x), hours_text(*y)});
    const std::vector<std::int32_t> before = holiday_days(x), after = holiday_days(*y);
    std::vector<std::string> removed, added;
    for (std::int32_t d : before)
      if (!std::binary_search(after.begin(), after.end(), d)) removed.push_back(date_text(d));
    for (std::int32_t d : after)
      if (!std::binary_search(before.begin(), before.end(), d)) added.push_back(date_text(d));
    auto subject = [&](const std::vector<std::string>& dates) {
      return fmt::format("holiday{} in {}", dates.size() == 1 ? "" : "s", x.name);
    };
    if (!removed.empty()) out.push_back({"calendar", "removed", subject(removed), joined_list(removed), ""});
    if (!added.empty()) out.push_back({"calendar", "added", subject(added), "", joined_list(added)});
  }
  for (const CalendarInfo& y : b.calendars)
    if (!find(a, y.name)) out.push_back({"calendar", "added", y.name, "", calendar_text(y)});
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

// A move as the lifecycle allows it, one per (from, to, condition) however
// the lines are written: a chain `lead -> mql -> sql` is the moves
// `lead -> mql` and `mql -> sql`; "any" is a move from every stage.
std::string move_text(const ProgramImage& image, const MoveInfo& m) {
  auto name = [&](std::uint16_t stage) { return stage < image.stages.size() ? image.stages[stage].name : "any"; };
  std::string out = name(m.from) + " -> " + name(m.to);
  if (m.condition == bc::kNone) return out;
  const std::vector<Token> t = tokens_of(m.text);
  auto when = std::find_if(t.begin(), t.end(), [](const Token& x) { return x.kind == Token::word && x.text == "when"; });
  if (when != t.end()) out += " when " + render_tokens(t, static_cast<std::size_t>(when - t.begin()) + 1, t.size());
  return out;
}

void compare_lifecycle(const ProgramImage& a, const ProgramImage& b, std::vector<Change>& out) {
  auto moves = [](const ProgramImage& image) {
    std::vector<std::string> texts;
    for (const MoveInfo& m : image.lifecycle.moves) {
      std::string text = move_text(image, m);
      if (std::find(texts.begin(), texts.end(), text) == texts.end()) texts.push_back(std::move(text));
    }
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
}  // namespace

std::vector<std::string> rule_labels(const Program& program) {
  std::vector<std::string> out;
  std::map<std::string, int> seen;
  for (std::size_t r = 0; r < program.image().rules.size(); ++r) {
    std::string key = rule_key(program, r);
    const int n = ++seen[key];
    out.push_back(n == 1 ? key : fmt::format("{} (#{})", key, n));
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
  // The same compiled rules (name and version aside) is no change, however
  // the texts differ: a reformatted file, a comment, a bracket more.
  ProgramImage renamed = before.image();
  renamed.sla_name = after.image().sla_name;
  renamed.sla_version = after.image().sla_version;
  if (fingerprint_of(renamed) == fingerprint_of(after.image())) return out;
  compare_schema(before.image(), after.image(), out);
  compare_scores(before.image(), after.image(), out);
  compare_rules(before, after, out);
  compare_stages(before, after, out);
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
  auto exports = [](const ProgramImage& image) {
    Named out_named;
    for (const ExportInfo& e : image.exports) out_named.emplace_back(e.name, "exported");
    return out_named;
  };
  compare_named(handoffs(a), handoffs(b), "handoff", out);
  compare_calendars(a, b, out);
  compare_named(exports(a), exports(b), "export", out);
  // Lets, consts and hand-off placeholders are not compared one by one: a
  // change to them (a let's window, a const's members) shows only here, so
  // whenever the compiled rules differ this line says so, beside the named
  // changes or alone, never "nothing".
  out.push_back({"program", "differs", "compiled rules", before.fingerprint().substr(0, 12),
                after.fingerprint().substr(0, 12)});  // as the header shows them
  return out;
}

}  // namespace baton::review
