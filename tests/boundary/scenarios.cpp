// The boundary scenarios and their reference model (see scenarios.hpp). The
// model is written from docs/language.md, rule by rule:
//   - comparisons and `in` with a missing operand are false; `between` is
//     inclusive at both ends; starts_with / ends_with / contains are byte-exact;
//   - `within D` and a score's `window D` keep events whose age (as_of - at)
//     is at most D; events after as_of are never seen;
//   - decay: points x 0.5^(age_days / half_life);
//   - a rule's `max` caps the magnitude of its total after decay; a block's
//     `max`, then `min`, clamp its sum;
//   - aggregates over no events: count/sum 0, any false, none/all true,
//     distinct/streak 0, min/max/avg/first/last missing; aggregates skip
//     events whose field is missing; first/last give the earliest/latest
//     matching event's field (ties: the earlier/later line).
// GCC 12 at -O3 reports the std::string of a value-initialized Scalar in the
// TypeCase table below as maybe uninitialized (a false positive, as with its
// -Wrestrict ones); nothing here is read before it is written.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 13
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "scenarios.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "baton/common/time.hpp"

namespace baton::boundary {

const char* layout_name(Layout layout) {
  switch (layout) {
    case Layout::narrow: return "narrow";
    case Layout::wide: return "wide";
    case Layout::alone: return "alone";
  }
  return "?";
}

std::string describe(const Expected& e) {
  switch (e.kind) {
    case Expected::Kind::missing: return "missing";
    case Expected::Kind::boolean: return e.b ? "true" : "false";
    case Expected::Kind::integer: return std::to_string(e.i);
    case Expected::Kind::number: return fmt::format("{}", e.n);
    case Expected::Kind::string: return '"' + e.s + '"';
  }
  return "?";
}

namespace {

// A deterministic generator (the same leads on every run and machine).
class Pick {
 public:
  explicit Pick(std::uint64_t seed) : state_(seed * 2654435761u + 0x9E3779B97F4A7C15u) {}
  int operator()(int n) {
    state_ = state_ * 6364136223846793005u + 1442695040888963407u;
    return static_cast<int>((state_ >> 33) % static_cast<std::uint64_t>(n));
  }

 private:
  std::uint64_t state_;
};

// Six leaf tests on `s` that no other filter uses: added to an event type,
// they push it past the five leaves one truth table takes. Bounded (6d, the
// largest limit of the scenarios), so a type whose aggregates all have a
// limit keeps the pass's own age limit.
constexpr std::int64_t kPaddingWithin = 6 * kDay;
const char* kPadding =
    "export let pad = count(ev where s == \"p1\" or s == \"p2\" or s == \"p3\" or s == \"p4\" or s == \"p5\" "
    "or s == \"p6\" within 6d)\n";

// A filter in the scenario's layout: `where COND` (nothing when COND is
// empty), with `and lead.flag` in the alone layout.
std::string where(const std::string& cond, Layout layout) {
  if (layout != Layout::alone) return cond.empty() ? "" : " where " + cond;
  return cond.empty() ? " where lead.flag" : " where (" + cond + ") and lead.flag";
}

// ---------------------------------------------------------------------------
// Comparisons: every operator on every comparable type, in the main chunk
// (against a constant, both ways round, and against another field) and in
// event filters (leaf tests, and through the VM when the filter reads a lead
// field), on values at the constant and one unit either side.

enum class T { int_, number, time, duration, string, boolean };

struct Scalar {
  bool missing = true;
  std::int64_t i = 0;  // int, time, duration
  double n = 0;
  std::string s;
  bool b = false;
};

Scalar int_value(std::int64_t v) { Scalar x; x.missing = false; x.i = v; return x; }
Scalar num_value(double v) { Scalar x; x.missing = false; x.n = v; return x; }
Scalar str_value(std::string v) { Scalar x; x.missing = false; x.s = std::move(v); return x; }
Scalar bool_value(bool v) { Scalar x; x.missing = false; x.b = v; return x; }

struct TypeCase {
  T type;
  const char* name;      // in scenario names
  const char* decl;      // in the SLA
  Scalar k, k2;          // the constant, and between's upper end
  std::string k_text, k2_text;
  std::vector<Scalar> values;  // on and around both
};

const std::int64_t kTimeK = kAsOf - 3 * kDay;  // 2026-11-20T00:00:00Z

std::vector<TypeCase> type_cases() {
  std::vector<TypeCase> out;
  out.push_back({T::int_, "int", "int", int_value(5), int_value(8), "5", "8", {}});
  for (std::int64_t v : {4, 5, 6, 7, 8, 9}) out.back().values.push_back(int_value(v));
  out.push_back({T::number, "number", "number", num_value(2.5), num_value(4), "2.5", "4", {}});
  for (double v : {2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 2.4999}) out.back().values.push_back(num_value(v));
  out.push_back({T::time, "time", "time", int_value(kTimeK), int_value(kTimeK + 3600), "2026-11-20T00:00:00Z",
                 "2026-11-20T01:00:00Z", {}});
  for (std::int64_t d : {-1, 0, 1, 3599, 3600, 3601}) out.back().values.push_back(int_value(kTimeK + d));
  out.push_back({T::duration, "duration", "duration", int_value(7200), int_value(10800), "2h", "3h", {}});
  for (std::int64_t v : {7199, 7200, 7201, 10799, 10800, 10801}) out.back().values.push_back(int_value(v));
  out.push_back({T::string, "string", "string", str_value("/ab"), {}, "\"/ab\"", "", {}});
  for (const char* v : {"/a", "/ab", "/abc", "x/ab", "/ab/", "/ac", "", "/AB", "/cd"})
    out.back().values.push_back(str_value(v));
  out.push_back({T::boolean, "bool", "bool", bool_value(true), {}, "true", "", {}});
  for (bool v : {true, false}) out.back().values.push_back(bool_value(v));
  return out;
}

bool is_i64(T t) { return t == T::int_ || t == T::time || t == T::duration; }

// The documented result of `a OP b` (op as written in the SLA).
bool compare(const std::string& op, T t, const Scalar& a, const Scalar& b) {
  if (a.missing || b.missing) return false;
  if (op == "==" || op == "!=") {
    bool eq = is_i64(t) ? a.i == b.i : t == T::number ? a.n == b.n : t == T::string ? a.s == b.s : a.b == b.b;
    return op == "==" ? eq : !eq;
  }
  if (t == T::string) {
    if (op == "starts_with") return a.s.size() >= b.s.size() && a.s.compare(0, b.s.size(), b.s) == 0;
    if (op == "ends_with") return a.s.size() >= b.s.size() && a.s.compare(a.s.size() - b.s.size(), b.s.size(), b.s) == 0;
    if (op == "contains") return a.s.find(b.s) != std::string::npos;
  }
  double x = is_i64(t) ? static_cast<double>(a.i) : a.n, y = is_i64(t) ? static_cast<double>(b.i) : b.n;
  if (op == "<") return x < y;
  if (op == "<=") return x <= y;
  if (op == ">") return x > y;
  if (op == ">=") return x >= y;
  return false;
}

const std::set<std::string> kMembers = {"/ab", "/cd"};
bool in_members(const Scalar& a) { return !a.missing && kMembers.count(a.s) > 0; }

std::string json_scalar(T t, const Scalar& v) {
  if (v.missing) return "null";
  switch (t) {
    case T::int_: case T::duration: return std::to_string(v.i);
    case T::number: return fmt::format("{}", v.n);
    case T::time: return '"' + format_time(v.i) + '"';
    case T::string: return '"' + v.s + '"';
    case T::boolean: return v.b ? "true" : "false";
  }
  return "null";
}

void compare_scenarios(std::vector<Scenario>& out) {
  const std::vector<std::string> numeric_ops = {"==", "!=", "<", "<=", ">", ">=", "between"};
  const std::vector<std::string> string_ops = {"==", "!=", "starts_with", "ends_with", "contains", "in", "not in"};
  const std::vector<std::string> bool_ops = {"==", "!="};
  const std::map<std::string, std::string> op_names = {
      {"==", "eq"}, {"!=", "ne"}, {"<", "lt"}, {"<=", "le"}, {">", "gt"}, {">=", "ge"}, {"between", "between"},
      {"starts_with", "starts_with"}, {"ends_with", "ends_with"}, {"contains", "contains"}, {"in", "in"},
      {"not in", "not_in"}};
  for (const TypeCase& tc : type_cases()) {
    const auto& ops = tc.type == T::string ? string_ops : tc.type == T::boolean ? bool_ops : numeric_ops;
    for (const std::string& op : ops) {
      const bool between = op == "between", membership = op == "in" || op == "not in";
      const bool mirrored = !between && !membership;  // `K OP v` and `k OP v` make sense
      // The documented result of each expression, on a lead's v and k and an event's v.
      auto test = [&](const Scalar& a, const Scalar& b) -> bool {
        if (between) return compare("<=", tc.type, b, a) && compare("<=", tc.type, a, tc.k2);
        if (membership) return a.missing ? false : op == "in" ? in_members(a) : !in_members(a);
        return compare(op, tc.type, a, b);
      };
      std::string rhs = between ? "K and " + tc.k2_text : membership ? "{\"/ab\", \"/cd\"}" : "K";
      auto with = [&](std::string text, const std::string& k) {
        for (std::size_t at; (at = text.find('K')) != std::string::npos;) text.replace(at, 1, k);
        return text;
      };
      for (Layout layout : kLayouts) {
        Scenario sc;
        sc.name = fmt::format("compare-{}-{}/{}", tc.name, op_names.at(op), layout_name(layout));
        sc.layout = layout;
        std::string sla = fmt::format(
            "sla \"boundary\" version \"1\"\nlead {{ v: {0}?, k: {0}?, flag: bool = true }}\nevent ev {{ v: {0}?, s: string? }}\n",
            tc.decl);
        sla += "export let m1 = v " + op + " " + with(rhs, tc.k_text) + "\n";
        if (mirrored) sla += "export let m2 = " + tc.k_text + " " + op + " v\n";
        if (!membership) sla += "export let m3 = v " + op + " " + with(rhs, "k") + "\n";
        if (mirrored) sla += "export let m4 = k " + op + " v\n";
        sla += "export let f1 = count(ev" + where("v " + op + " " + with(rhs, tc.k_text), layout) + ")\n";
        if (mirrored) sla += "export let f2 = count(ev" + where(tc.k_text + " " + op + " v", layout) + ")\n";
        sla += "export let f3 = any(ev" + where("v " + op + " " + with(rhs, tc.k_text), layout) + ")\n";
        if (!membership) sla += "export let f4 = count(ev where v " + op + " " + with(rhs, "lead.k") + ")\n";
        // A built-in call of two operands as a leaf test (strings only).
        if (tc.type == T::string) sla += "export let f5 = count(ev" + where("contains_any(v, [\"x/\", \"/ab\"])", layout) + ")\n";
        if (layout == Layout::wide) sla += kPadding;
        sla += "stages { lead otherwise }\n";
        sc.sla = sla;

        std::vector<Scalar> lead_values = tc.values;
        lead_values.push_back(Scalar{});
        std::vector<std::vector<Scalar>> event_sets = {{}, tc.values};
        for (const Scalar& v : lead_values) event_sets.push_back({v});
        int id = 0;
        for (const Scalar& v : lead_values)
          for (const Scalar& k : {tc.k, Scalar{}})
            for (const auto& events : event_sets) {
              LeadCase lead;
              lead.id = fmt::format("C{}", ++id);
              std::string json = fmt::format("{{\"id\":\"{}\",\"v\":{},\"k\":{},\"events\":[", lead.id,
                                             json_scalar(tc.type, v), json_scalar(tc.type, k));
              std::int64_t f1 = 0, f2 = 0, f4 = 0, f5 = 0;
              for (std::size_t e = 0; e < events.size(); ++e) {
                if (e) json += ',';
                json += fmt::format("{{\"type\":\"ev\",\"at\":\"{}\",\"v\":{}}}", format_time(kAsOf - kDay),
                                    json_scalar(tc.type, events[e]));
                f1 += test(events[e], tc.k);
                f2 += test(tc.k, events[e]);
                f4 += test(events[e], k);
                f5 += !events[e].missing && (events[e].s.find("x/") != std::string::npos ||
                                             events[e].s.find("/ab") != std::string::npos);
              }
              lead.json = json + "]}";
              lead.values.push_back({"m1", Expected::of_bool(test(v, tc.k))});
              if (mirrored) lead.values.push_back({"m2", Expected::of_bool(test(tc.k, v))});
              if (!membership) lead.values.push_back({"m3", Expected::of_bool(test(v, k))});
              if (mirrored) lead.values.push_back({"m4", Expected::of_bool(test(k, v))});
              lead.values.push_back({"f1", Expected::of_int(f1)});
              if (mirrored) lead.values.push_back({"f2", Expected::of_int(f2)});
              lead.values.push_back({"f3", Expected::of_bool(f1 > 0)});
              if (!membership) lead.values.push_back({"f4", Expected::of_int(f4)});
              if (tc.type == T::string) lead.values.push_back({"f5", Expected::of_int(f5)});
              if (layout == Layout::wide) lead.values.push_back({"pad", Expected::of_int(0)});
              lead.stage = "lead";
              sc.leads.push_back(std::move(lead));
            }
        out.push_back(std::move(sc));
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Event ages: every aggregate kind, `within` on both sides of its limit.

struct Event {
  std::int64_t at = 0;
  std::optional<std::int64_t> n;
  std::optional<double> x;
  std::optional<std::string> s;
  std::optional<bool> b;
};

// Ages on and one second either side of every limit the scenarios use (2d,
// 5d, 6d), a day inside each, the evaluation time itself and one second
// after it (an event in the future, never seen).
const std::vector<std::int64_t> kAges = {-1,           0,           kDay,          2 * kDay - 1, 2 * kDay,
                                         2 * kDay + 1, 3 * kDay,    4 * kDay,      5 * kDay - 1, 5 * kDay,
                                         5 * kDay + 1, 6 * kDay - 1, 6 * kDay,     6 * kDay + 1};

std::vector<Event> make_events(Pick& pick) {
  std::vector<Event> events;
  for (std::int64_t age : kAges) {
    if (pick(100) >= 35) continue;
    for (int copies = pick(8) == 0 ? 2 : 1; copies; --copies) {  // same-time pairs pin first/last ties
      Event e;
      e.at = kAsOf - age;
      if (pick(7)) e.n = pick(21) - 3;
      static const double xs[] = {0.5, 1.25, 2, -1, 3.75};
      if (pick(7)) e.x = xs[pick(5)];
      static const char* ss[] = {"a", "b", "c", "p3"};
      if (pick(7)) e.s = ss[pick(4)];
      int b = pick(20);
      if (b < 13) e.b = true;
      else if (b < 17) e.b = false;
      events.push_back(e);
    }
  }
  for (std::size_t i = events.size(); i > 1; --i) std::swap(events[i - 1], events[static_cast<std::size_t>(pick(static_cast<int>(i)))]);
  return events;
}

std::string event_json(const Event& e) {
  std::string json = fmt::format("{{\"type\":\"ev\",\"at\":\"{}\"", format_time(e.at));
  if (e.n) json += fmt::format(",\"n\":{}", *e.n);
  if (e.x) json += fmt::format(",\"x\":{}", *e.x);
  if (e.s) json += fmt::format(",\"s\":\"{}\"", *e.s);
  if (e.b) json += fmt::format(",\"b\":{}", *e.b ? "true" : "false");
  return json + '}';
}

// Leads: one per age with a single passing event, one per age with a single
// failing event, then random mixes.
std::vector<std::vector<Event>> event_lists(std::uint64_t seed, int random_leads) {
  std::vector<std::vector<Event>> out;
  for (bool b : {true, false})
    for (std::int64_t age : kAges) {
      Event e;
      e.at = kAsOf - age;
      e.n = 7;
      e.x = 1.25;
      e.s = "a";
      e.b = b;
      out.push_back({e});
    }
  Pick pick(seed);
  for (int i = 0; i < random_leads; ++i) out.push_back(make_events(pick));
  return out;
}

double decay(std::int64_t age, double half_life_days) {
  return half_life_days > 0 ? std::pow(0.5, (static_cast<double>(age) / 86400.0) / half_life_days) : 1.0;
}
bool seen(const Event& e, std::int64_t within) {
  std::int64_t age = kAsOf - e.at;
  return age >= 0 && (within < 0 || age <= within);
}
// A filter's documented outcome: `where b` (missing b: does not pass),
// `where not b` (missing b: `not missing` is missing, does not pass).
enum class Filter { none, b, not_b };
bool passes(const Event& e, Filter f) {
  if (f == Filter::none) return true;
  if (!e.b) return false;
  return f == Filter::b ? *e.b : !*e.b;
}
std::string filter_text(Filter f) { return f == Filter::b ? "b" : f == Filter::not_b ? "not b" : ""; }

// The documented value of one aggregate kind over the events that passed
// (`kept`, in line order) and how many were in range.
Expected aggregate_value(const std::string& kind, const std::vector<Event>& kept, std::size_t in_range) {
  auto present_n = [&] {
    std::vector<std::int64_t> v;
    for (const Event& e : kept) if (e.n) v.push_back(*e.n);
    return v;
  };
  auto present_x = [&] {
    std::vector<double> v;
    for (const Event& e : kept) if (e.x) v.push_back(*e.x);
    return v;
  };
  if (kind == "count") return Expected::of_int(static_cast<std::int64_t>(kept.size()));
  if (kind == "any") return Expected::of_bool(!kept.empty());
  if (kind == "none") return Expected::of_bool(kept.empty());
  if (kind == "all") return Expected::of_bool(kept.size() == in_range);
  if (kind == "sum_n") {
    std::int64_t sum = 0;
    for (auto v : present_n()) sum += v;
    return Expected::of_int(sum);
  }
  if (kind == "sum_x" || kind == "avg_x") {
    auto xs = present_x();
    double sum = 0;
    for (double v : xs) sum += v;
    if (kind == "sum_x") return Expected::of_number(sum);
    return xs.empty() ? Expected::none() : Expected::of_number(sum / static_cast<double>(xs.size()));
  }
  if (kind == "min_n") {
    auto v = present_n();
    return v.empty() ? Expected::none() : Expected::of_int(*std::min_element(v.begin(), v.end()));
  }
  if (kind == "max_x") {
    auto v = present_x();
    return v.empty() ? Expected::none() : Expected::of_number(*std::max_element(v.begin(), v.end()));
  }
  if (kind == "distinct_s") {
    std::set<std::string> v;
    for (const Event& e : kept) if (e.s) v.insert(*e.s);
    return Expected::of_int(static_cast<std::int64_t>(v.size()));
  }
  if (kind.rfind("first", 0) == 0 || kind.rfind("last", 0) == 0) {
    if (kept.empty()) return Expected::none();
    bool first = kind.rfind("first", 0) == 0;
    const Event* best = &kept[0];
    for (const Event& e : kept)
      if (first ? e.at < best->at : e.at >= best->at) best = &e;  // ties: the earlier / later line
    if (kind.ends_with("_at")) return Expected::of_int(best->at);
    if (kind.ends_with("_n")) return best->n ? Expected::of_int(*best->n) : Expected::none();
    return best->s ? Expected::of_string(*best->s) : Expected::none();
  }
  if (kind == "streak") {
    std::set<std::int64_t> days;
    for (const Event& e : kept) days.insert(e.at >= 0 ? e.at / kDay : -((-e.at + kDay - 1) / kDay));
    std::int64_t longest = 0, run = 0, previous = 0;
    for (std::int64_t d : days) {
      run = (run > 0 && d == previous + 1) ? run + 1 : 1;
      previous = d;
      longest = std::max(longest, run);
    }
    return Expected::of_int(longest);
  }
  if (kind == "dcount" || kind == "dsum") {
    double sum = 0;
    for (const Event& e : kept) {
      if (kind == "dsum" && !e.x) continue;
      sum += (kind == "dsum" ? *e.x : 1.0) * decay(kAsOf - e.at, 3.0);
    }
    return Expected::of_number(sum);
  }
  return Expected::none();
}

// The SLA text of one aggregate kind.
std::string aggregate_text(const std::string& kind, const std::string& filter_within) {
  const std::string& fw = filter_within;
  if (kind == "count" || kind == "any" || kind == "none" || kind == "all" || kind == "streak")
    return kind + "(ev" + fw + ")";
  if (kind == "sum_n") return "sum(ev.n" + fw + ")";
  if (kind == "sum_x") return "sum(ev.x" + fw + ")";
  if (kind == "avg_x") return "avg(ev.x" + fw + ")";
  if (kind == "min_n") return "min(ev.n" + fw + ")";
  if (kind == "max_x") return "max(ev.x" + fw + ")";
  if (kind == "distinct_s") return "distinct(ev.s" + fw + ")";
  if (kind == "dcount") return "decayed_count(ev, 3d" + fw + ")";
  if (kind == "dsum") return "decayed_sum(ev.x, 3d" + fw + ")";
  std::string base = kind.substr(0, kind.find('_'));
  return base + "(ev" + fw + ")." + kind.substr(kind.find('_') + 1);
}

void aggregate_scenarios(std::vector<Scenario>& out) {
  const std::vector<std::string> kinds = {"count", "any",     "none",   "all",    "sum_n",  "sum_x",
                                          "avg_x", "min_n",   "max_x",  "distinct_s", "first_n", "first_at",
                                          "last_s", "last_at", "streak", "dcount", "dsum"};
  for (bool filtered : {true, false})
    for (bool bounded : {true, false})  // bounded: no aggregate of the type without a limit
      for (Layout layout : kLayouts) {
        Scenario sc;
        sc.name = fmt::format("aggregates-{}-{}/{}", filtered ? "where" : "all-events", bounded ? "bounded" : "unbounded",
                              layout_name(layout));
        sc.layout = layout;
        std::vector<std::int64_t> limits = {2 * kDay, 5 * kDay};
        if (!bounded) limits.push_back(-1);
        Filter filter = filtered ? Filter::b : Filter::none;
        std::string sla =
            "sla \"boundary\" version \"1\"\nlead { flag: bool = true }\n"
            "event ev { n: int?, x: number?, s: string?, b: bool? }\n";
        for (const std::string& kind : kinds)
          for (std::int64_t limit : limits) {
            std::string within = limit < 0 ? "" : fmt::format(" within {}d", limit / kDay);
            sla += fmt::format("export let {}_{} = {}\n", kind, limit < 0 ? "any_age" : std::to_string(limit / kDay) + "d",
                               aggregate_text(kind, where(filter_text(filter), layout) + within));
          }
        if (layout == Layout::wide) sla += kPadding;
        sla += "stages { lead otherwise }\n";
        sc.sla = sla;
        int id = 0;
        for (const auto& events : event_lists(filtered ? 11 : 12, 260)) {
          LeadCase lead;
          lead.id = fmt::format("A{}", ++id);
          lead.json = fmt::format("{{\"id\":\"{}\",\"events\":[", lead.id);
          for (std::size_t e = 0; e < events.size(); ++e) lead.json += (e ? "," : "") + event_json(events[e]);
          lead.json += "]}";
          for (const std::string& kind : kinds)
            for (std::int64_t limit : limits) {
              std::vector<Event> kept;
              std::size_t in_range = 0;
              for (const Event& e : events) {
                if (!seen(e, limit)) continue;
                ++in_range;
                if (passes(e, filter)) kept.push_back(e);
              }
              lead.values.push_back({fmt::format("{}_{}", kind, limit < 0 ? "any_age" : std::to_string(limit / kDay) + "d"),
                                     aggregate_value(kind, kept, in_range)});
            }
          if (layout == Layout::wide) {
            std::int64_t pad = 0;
            for (const Event& e : events) pad += seen(e, kPaddingWithin) && e.s && *e.s == "p3";
            lead.values.push_back({"pad", Expected::of_int(pad)});
          }
          lead.stage = "lead";
          sc.leads.push_back(std::move(lead));
        }
        out.push_back(std::move(sc));
      }
}

// ---------------------------------------------------------------------------
// `per` rules of every shape (plain, where, within, max, window, decay,
// negative points, block caps), a `when` rule with a cap, stages and routes
// with deadlines that read the same aggregates.

struct PerRule {
  double points;
  Filter filter;
  std::int64_t within;  // -1: none
  double cap;           // -1: none
};
struct Block {
  std::string name;
  std::int64_t window;  // -1: none
  double half_life;     // days; 0: none
  std::optional<double> max, min;
  std::vector<PerRule> rules;
  bool when_rule = false;  // +12 when count(ev within 2d) >= 2 max 10
};

std::string number_text(double v) { return fmt::format("{}", v); }

void per_rule_scenarios(std::vector<Scenario>& out) {
  for (bool bounded : {true, false})
    for (Layout layout : kLayouts) {
      // In the bounded form every rule has a limit, so the event pass of
      // `ev` skips events older than its largest one.
      std::int64_t open = bounded ? 6 * kDay : -1;
      std::vector<Block> blocks = {
          {"s1", -1, 0, {}, {}, {{3, Filter::none, open, -1}, {2, Filter::b, open, -1}, {1, Filter::none, 2 * kDay, -1},
                                 {-2, Filter::b, 5 * kDay, 5}, {4, Filter::b, open, 8}}, true},
          {"s2", 5 * kDay, 0, {}, {}, {{1, Filter::none, -1, -1}, {2, Filter::none, 2 * kDay, -1}, {1, Filter::not_b, 6 * kDay, -1}}, false},
          {"s3", 5 * kDay, 3, {}, {}, {{10, Filter::b, -1, -1}, {10, Filter::none, 2 * kDay, 15}, {-5, Filter::none, -1, 7}}, false},
          {"s4", -1, 0, 10.0, -3.0, {{5, Filter::b, open, -1}, {-3, Filter::not_b, open, -1}}, false},
      };
      Scenario sc;
      sc.name = fmt::format("per-rules-{}/{}", bounded ? "bounded" : "unbounded", layout_name(layout));
      sc.layout = layout;
      std::string sla =
          "sla \"boundary\" version \"1\"\nlead { flag: bool = true }\n"
          "event ev { n: int?, x: number?, s: string?, b: bool? }\n";
      std::vector<std::string> rule_texts;  // program order
      for (const Block& block : blocks) {
        sla += "score " + block.name;
        if (block.max) sla += " max " + number_text(*block.max);
        if (block.min) sla += " min " + number_text(*block.min);
        if (block.window >= 0) sla += fmt::format(" window {}d", block.window / kDay);
        if (block.half_life > 0) sla += " decay half_life " + number_text(block.half_life) + "d";
        sla += " {\n";
        for (const PerRule& r : block.rules) {
          std::string text = fmt::format("{}{} per ev", r.points < 0 ? "-" : "+", number_text(std::fabs(r.points)));
          text += where(filter_text(r.filter), layout);
          if (r.within >= 0) text += fmt::format(" within {}d", r.within / kDay);
          if (r.cap >= 0) text += " max " + number_text(r.cap);
          rule_texts.push_back(text);
          sla += "  " + text + "\n";
        }
        if (block.when_rule) {
          rule_texts.push_back("+12 when count(ev" + where("", layout) + " within 2d) >= 2 max 10");
          sla += "  " + rule_texts.back() + "\n";
        }
        sla += "}\n";
      }
      sla += "stages {\n  hot when any(ev" + where("b", layout) + " within 2d)\n  warm when s4 >= 10\n  cold otherwise\n}\n";
      sla += "routes {\n  hot -> \"team:hot\" within 4h\n  warm -> \"team:warm\" within 1d\n}\n";
      if (layout == Layout::wide) sla += kPadding;
      sc.sla = sla;

      int id = 0;
      for (const auto& events : event_lists(bounded ? 21 : 22, 260)) {
        LeadCase lead;
        lead.id = fmt::format("P{}", ++id);
        lead.json = fmt::format("{{\"id\":\"{}\",\"events\":[", lead.id);
        for (std::size_t e = 0; e < events.size(); ++e) lead.json += (e ? "," : "") + event_json(events[e]);
        lead.json += "]}";
        std::size_t rule_index = 0;
        std::map<std::string, double> totals;
        for (const Block& block : blocks) {
          double total = 0;
          for (const PerRule& r : block.rules) {
            std::int64_t limit = r.within < 0 ? block.window : block.window < 0 ? r.within : std::min(r.within, block.window);
            std::uint32_t count = 0;
            double decayed = 0;
            for (const Event& e : events)
              if (seen(e, limit) && passes(e, r.filter)) {
                ++count;
                decayed += decay(kAsOf - e.at, block.half_life);
              }
            double value = r.points * decayed;
            if (r.cap >= 0 && std::fabs(value) > r.cap) value = std::copysign(r.cap, value);
            if (count > 0) lead.hits[rule_index] = ExpectedHit{r.points * count, r.points * decayed, value, count, rule_texts[rule_index]};
            total += value;
            ++rule_index;
          }
          if (block.when_rule) {
            std::int64_t recent = 0;
            for (const Event& e : events) recent += seen(e, 2 * kDay);
            if (recent >= 2) {
              lead.hits[rule_index] = ExpectedHit{12, 12, 10, 0, rule_texts[rule_index]};
              total += 10;
            }
            ++rule_index;
          }
          if (block.max && total > *block.max) total = *block.max;
          if (block.min && total < *block.min) total = *block.min;
          lead.scores.push_back({block.name, total});
          totals[block.name] = total;
        }
        bool hot = false;
        for (const Event& e : events) hot = hot || (seen(e, 2 * kDay) && passes(e, Filter::b));
        if (hot) {
          lead.stage = "hot";
          lead.route = "team:hot";
          lead.deadline = kAsOf + 4 * 3600;
        } else if (totals["s4"] >= 10) {
          lead.stage = "warm";
          lead.route = "team:warm";
          lead.deadline = kAsOf + kDay;
        } else {
          lead.stage = "cold";
        }
        if (layout == Layout::wide) {
          std::int64_t pad = 0;
          for (const Event& e : events) pad += seen(e, kPaddingWithin) && e.s && *e.s == "p3";
          lead.values.push_back({"pad", Expected::of_int(pad)});
        }
        sc.leads.push_back(std::move(lead));
      }
      out.push_back(std::move(sc));
    }
}

}  // namespace

std::vector<Scenario> all_scenarios() {
  std::vector<Scenario> out;
  compare_scenarios(out);
  aggregate_scenarios(out);
  per_rule_scenarios(out);
  return out;
}

}  // namespace baton::boundary
