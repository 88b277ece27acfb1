#include "baton/review/diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include "baton/common/time.hpp"
#include "baton/review/canonical.hpp"
#include "baton/runtime/calendar.hpp"
#include "baton/runtime/output.hpp"
#include "text_table.hpp"

namespace baton::review {

namespace {
// Route targets can be computed per lead (one_of over owners): past this
// many distinct (before, after) pairs the rest are counted as "(other)".
constexpr std::size_t kMaxPairs = 256;

void count_pair(std::map<std::pair<std::string, std::string>, std::uint64_t>& pairs, std::string_view before,
                std::string_view after) {
  auto key = std::make_pair(std::string(before), std::string(after));
  auto it = pairs.find(key);
  if (it == pairs.end() && pairs.size() >= kMaxPairs) it = pairs.try_emplace({"(other)", "(other)"}, 0).first;
  else if (it == pairs.end()) it = pairs.emplace(std::move(key), 0).first;
  ++it->second;
}

std::vector<StageCount> sorted_stages(const std::map<std::string, std::uint64_t>& stages) {
  std::vector<StageCount> out;
  for (const auto& [stage, leads] : stages) out.push_back({stage, leads});
  std::stable_sort(out.begin(), out.end(), [](const StageCount& a, const StageCount& b) { return a.leads > b.leads; });
  return out;
}

std::vector<PairCount> sorted_pairs(const std::map<std::pair<std::string, std::string>, std::uint64_t>& pairs) {
  std::vector<PairCount> out;
  for (const auto& [key, count] : pairs) out.push_back({key.first, key.second, count});
  std::stable_sort(out.begin(), out.end(), [](const PairCount& a, const PairCount& b) { return a.count > b.count; });
  return out;
}

// A deadline as the time it allows, counted from where the follow-up starts,
// so a lead in its stage for weeks reads "4h", not "-20d"; one that counts
// from the stage's start says so ("4h from the stage's start" -> "4h" is a
// due time that moved). A deadline in working time reads as the SLA writes
// it ("8h on emea_hours"), not as the clock hours that pass until it.
// A span as the SLA writes it: "8h on emea_hours" in working time on a
// calendar (kNone: wall-clock time, "2d").
std::string span_text(const Program& program, std::int64_t seconds, std::uint16_t calendar) {
  const auto& calendars = program.image().calendars;
  if (calendar == bc::kNone || calendar >= calendars.size()) return format_duration(seconds);
  return fmt::format("{} on {}", format_business_duration(seconds), calendars[calendar].name);
}

std::string deadline_text(const Program& program, const Decision& d) {
  if (!d.has_deadline) return "none";
  const std::int64_t from = d.follow_up_from();
  const std::string start = from != d.as_of ? " from the stage's start" : "";
  if (d.deadline_calendar >= 0)
    return span_text(program, d.deadline_working, static_cast<std::uint16_t>(d.deadline_calendar)) + start;
  return format_duration(d.deadline - from) + start;
}

// The due time sales sees: a changed start is a changed deadline.
bool same_deadline(const Decision& a, const Decision& b) {
  return a.has_deadline == b.has_deadline && (!a.has_deadline || a.deadline == b.deadline);
}

// A lead's escalation steps as sales reads them: "manager:emea after 8h;
// director:emea after 2d", "none"; a delay in working time as the SLA
// writes it ("after 9h on americas_hours"), as deadline_text does.
std::string cadence_text(const Program& program, const Decision& d) {
  if (d.escalations.empty()) return "none";
  const auto& escalations = program.image().escalations;
  std::string out;
  for (const EscalationStep& step : d.escalations) {
    const std::uint16_t calendar =
        step.escalation < escalations.size() ? escalations[step.escalation].calendar : bc::kNone;
    out += fmt::format("{}{} after {}", out.empty() ? "" : "; ", step.to, span_text(program, step.after, calendar));
  }
  return out;
}

bool same_cadence(const Decision& a, const Decision& b) {
  if (a.escalations.size() != b.escalations.size()) return false;
  for (std::size_t i = 0; i < a.escalations.size(); ++i) {
    const EscalationStep& x = a.escalations[i];
    const EscalationStep& y = b.escalations[i];
    if (x.to != y.to || x.has_due != y.has_due || (x.has_due && x.due != y.due)) return false;
  }
  return true;
}

}  // namespace

Distribution distribution_of(const ValueBins& bins, std::uint64_t missing) {
  Distribution d;
  d.count = bins.count();
  d.missing = missing;
  if (d.count == 0) return d;
  d.min = bins.min();
  d.max = bins.max();
  d.mean = bins.mean();
  // The value of a rank is the lower edge of its bin, which lies below the
  // smallest value when that value is in the bin (20.0999 is in [20.09,
  // 20.1)), and below the largest in the last bin: kept within [min, max],
  // and the max in the max's bin, so a quantile never reads below the min or
  // apart from a max it shares a bin with, and all are the value when there
  // is one. Values on the bins' grid (two decimals at most, while the values
  // span under 327.68) are exact.
  const double top = bins.ranked(d.count);
  auto value = [&](std::uint64_t rank) {
    const double v = bins.ranked(rank);
    return v >= top ? d.max : std::clamp(v, d.min, d.max);
  };
  // Linear interpolation between the values around rank 1 + q (count - 1)
  // (numpy's default, Excel's PERCENTILE.INC): the median of an even count is
  // the mean of the two middle values, as people compute it.
  auto quantile = [&](double q) {
    // Rounded off below a billionth of a rank, so 0.9 * 10 stays rank 10.
    const double h = std::round(q * static_cast<double>(d.count - 1) * 1e9) / 1e9;
    const auto below = static_cast<std::uint64_t>(std::floor(h));
    const double low = value(below + 1);
    const double frac = h - static_cast<double>(below);
    if (!(frac > 0)) return low;
    const double high = value(below + 2);
    const double gap = high - low;
    if (std::isfinite(gap)) return low + frac * gap;
    // Between -1e308 and 1e308 the gap is beyond the double range: its half
    // is not, and the nearer end keeps the part added below it.
    const double half = high / 2 - low / 2;
    return frac <= 0.5 ? low + frac * half * 2 : high - (1 - frac) * half * 2;
  };
  d.p10 = quantile(0.10);
  d.p25 = quantile(0.25);
  d.p50 = quantile(0.50);
  d.p75 = quantile(0.75);
  d.p90 = quantile(0.90);
  return d;
}

namespace {

// A round bin width giving about ten bins over [lo, hi]. hi - lo may lie
// beyond the double range (-1e308 to 1e308): then the tenth is taken first.
double nice_width(double lo, double hi) {
  const double span = hi - lo;
  const double raw = std::isfinite(span) ? span / 10 : hi / 10 - lo / 10;
  if (!(raw > 0)) return 1;
  double magnitude = std::pow(10, std::floor(std::log10(raw)));
  for (double step : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (raw <= step * magnitude) return step * magnitude;
  return 10 * magnitude;
}

// Bins [k * width, (k + 1) * width) from the one holding the smallest value
// to the one holding the largest. Positions are counted in quotients (x /
// width), never in differences of values, which overflow for values of
// opposite signs near the largest double; an edge beyond it is an infinity,
// an open end ("< -1e308", null in JSON), as it is for the values it bounds.
std::vector<HistogramBin> histogram_of(const ValueBins& before, const ValueBins& after, bool integer) {
  bool any_before = before.count() > 0, any_after = after.count() > 0;
  if (!any_before && !any_after) return {};
  double lo = any_before ? before.min() : after.min();
  double hi = any_before ? before.max() : after.max();
  if (any_after) {
    lo = std::min(lo, after.min());
    hi = std::max(hi, after.max());
  }
  double width = std::max(nice_width(lo, hi), before.resolution());
  width = std::max(width, after.resolution());
  if (integer) width = std::max(1.0, std::round(width));  // no half-open bands between integers
  const double first = std::floor(lo / width);
  auto slot_of = [&](double v) { return std::floor(v / width - first + 1e-9); };
  const auto n = static_cast<std::size_t>(slot_of(hi)) + 1;
  std::vector<HistogramBin> bins(n);
  for (std::size_t i = 0; i < n; ++i) {
    bins[i].lower = (first + static_cast<double>(i)) * width;
    bins[i].upper = (first + static_cast<double>(i + 1)) * width;
  }
  auto slot = [&](double lower) {
    return static_cast<std::size_t>(std::clamp(slot_of(lower), 0.0, static_cast<double>(n - 1)));
  };
  before.for_each([&](double lower, const std::uint64_t* c) { bins[slot(lower)].before += c[0]; });
  after.for_each([&](double lower, const std::uint64_t* c) { bins[slot(lower)].after += c[0]; });
  return bins;
}
}  // namespace

SlaSummary summary_of(const Program& program) {
  return {std::string(program.name()), std::string(program.version()), program.fingerprint()};
}

struct DiffRun::State {
  DiffSettings settings;
  LeadScorer before, after;
  bool shared_decode = false;  // the new program evaluates the old one's Record
  std::string error;
  DiffResult result;  // the parts that are counted as they come

  struct MeasurePair {
    std::string name;
    const Measure* before = nullptr;
    const Measure* after = nullptr;
    ValueBins bins_before, bins_after;
    std::uint64_t missing_before = 0, missing_after = 0;
  };
  std::vector<Measure> measures_before, measures_after;
  std::vector<MeasurePair> measures;

  // Rules of both programs mapped to one list (matched by rule_key).
  std::vector<std::size_t> rule_slot_before, rule_slot_after;
  std::vector<std::uint64_t> stamp_before, stamp_after;  // last lead a slot was counted for
  std::uint64_t lead_number = 0;

  std::map<std::pair<std::string, std::string>, std::uint64_t> routes, deadlines, cadences;
  std::map<std::string, std::uint64_t> not_in_before, not_in_after;  // bounded: stage names of the other version
  LeadIds ids;

  // A removed or renamed stage is what a diff is for: leads the CRM has in
  // it are scored by the version without it as having no current stage, not
  // rejected (LeadScorer::accept_stages_of), so the counts cover them.
  static DiffSettings lenient(DiffSettings s) {
    s.stream.decode.check_current_stage = false;
    return s;
  }

  State(std::shared_ptr<const Program> b, std::shared_ptr<const Program> a, DiffSettings s)
      : settings(lenient(std::move(s))), before(b, settings.stream), after(a, settings.stream) {
    before.accept_stages_of(a);
    after.accept_stages_of(b);
    error = !before.error().empty() ? before.error() : after.error();
    shared_decode = same_record_layout(*b, *a);
    result = diff_rules(*b, *a, settings.stream.as_of);
    result.as_of_field = settings.stream.as_of_field;
    result.has_cadence = !b->image().escalations.empty() || !a->image().escalations.empty();
    result.has_leads = true;
    const auto& sb = b->image().stages;
    const auto& sa = a->image().stages;
    for (const auto& s : sb) result.stages_before.push_back(s.name);
    for (const auto& s : sa) result.stages_after.push_back(s.name);
    result.matrix.assign(sb.size(), std::vector<std::uint64_t>(sa.size(), 0));
    result.examples.assign(sb.size(), std::vector<std::vector<Example>>(sa.size()));
    setup_measures(*b, *a);
    setup_rules(*b, *a);
  }

  void setup_measures(const Program& b, const Program& a) {
    measures_before = measures_of(b);
    measures_after = measures_of(a);
    measures.reserve(measures_before.size() + measures_after.size());
    for (const auto& m : measures_before) {
      measures.push_back(MeasurePair{m.name, &m, find_measure(measures_after, m.name), ValueBins(1), ValueBins(1), 0, 0});
    }
    for (const auto& m : measures_after)
      if (!find_measure(measures_before, m.name)) measures.push_back(MeasurePair{m.name, nullptr, &m, ValueBins(1), ValueBins(1), 0, 0});
  }

  void setup_rules(const Program& b, const Program& a) {
    std::map<std::string, std::size_t> slots;
    auto slot_of = [&](const Program& p, const std::vector<std::string>& labels, std::size_t r, bool is_before) {
      auto [it, inserted] = slots.try_emplace(labels[r], result.rules.size());
      if (inserted) result.rules.push_back(RuleFired{labels[r], "", "", 0, 0});
      auto& rule = result.rules[it->second];
      (is_before ? rule.text_before : rule.text_after) = canonical_text(p.image().rules[r].text);
      return it->second;
    };
    const std::vector<std::string> labels_b = rule_labels(b), labels_a = rule_labels(a);
    for (std::size_t r = 0; r < labels_b.size(); ++r) rule_slot_before.push_back(slot_of(b, labels_b, r, true));
    for (std::size_t r = 0; r < labels_a.size(); ++r) rule_slot_after.push_back(slot_of(a, labels_a, r, false));
    stamp_before.assign(result.rules.size(), 0);
    stamp_after.assign(result.rules.size(), 0);
  }

  void count_rules(const Decision& d, const std::vector<std::size_t>& slots, std::vector<std::uint64_t>& stamp,
                   bool is_before) {
    for (const RuleHit& hit : d.trace->rules) {
      std::size_t slot = slots[hit.rule];
      if (stamp[slot] == lead_number) continue;
      stamp[slot] = lead_number;
      auto& rule = result.rules[slot];
      ++(is_before ? rule.before : rule.after);
    }
  }

  void count_measures(const Decision& b, const Decision& a) {
    for (auto& m : measures) {
      if (m.before) {
        if (auto v = measure_value(*m.before, b)) m.bins_before.add(*v);
        else ++m.missing_before;
      }
      if (m.after) {
        if (auto v = measure_value(*m.after, a)) m.bins_after.add(*v);
        else ++m.missing_after;
      }
    }
  }

  void add_example(const Decision& b, const Decision& a) {
    auto& cell = result.examples[static_cast<std::size_t>(b.stage)][static_cast<std::size_t>(a.stage)];
    if (cell.size() >= settings.examples_per_cell) return;
    Example e;
    e.id = before.record().has_id ? before.record().id : "";
    e.summary = summary(b, a);
    append_explain_text(before.program(), before.record(), b, e.before_text);
    append_explain_text(after.program(), after_record(), a, e.after_text);
    append_explain_json(before.program(), before.record(), b, e.before_json);
    append_explain_json(after.program(), after_record(), a, e.after_json);
    cell.push_back(std::move(e));
  }

  const Record& after_record() const { return shared_decode ? before.record() : after.record(); }

  // What made the difference, in one line: the numbers that moved, then the stages.
  std::string summary(const Decision& b, const Decision& a) const {
    std::string moved;
    for (const auto& m : measures) {
      if (!m.before || !m.after) continue;
      auto x = measure_value(*m.before, b), y = measure_value(*m.after, a);
      if (x == y) continue;
      auto text = [](std::optional<double> v) { return v ? short_number(*v) : std::string("missing"); };
      if (text(x) == text(y)) continue;
      moved += fmt::format("{}{} {} -> {}", moved.empty() ? "" : ", ", m.name, text(x), text(y));
    }
    std::string stages = fmt::format("stage {} -> {}", result.stages_before[static_cast<std::size_t>(b.stage)],
                                     result.stages_after[static_cast<std::size_t>(a.stage)]);
    if (moved.empty()) {
      // The rules' stage is the same in both: what moved the lead is the lifecycle.
      auto name = [](const std::vector<std::string>& names, int stage) {
        return stage >= 0 ? names[static_cast<std::size_t>(stage)] : std::string();
      };
      const std::string rules_b = name(result.stages_before, b.rules_stage);
      if (!rules_b.empty() && rules_b == name(result.stages_after, a.rules_stage))
        return stages + " with the same scores and the same stage by the rules: the lifecycle changed";
      return stages + " with the same scores: the stage rules changed";
    }
    return moved + "; " + stages;
  }

  bool add(std::string_view line, Rejection& why) {
    // A record one version rejects is left out; the message says which version.
    const Decision* b = before.score(line, true, why);
    if (!b) {
      why.message = fmt::format("{} (by the old SLA, {})", why.message, before.program().version());
      return false;
    }
    const Decision* a = shared_decode ? after.score(before.record(), true, why) : after.score(line, true, why);
    if (!a) {
      why.message = fmt::format("{} (by the new SLA, {})", why.message, after.program().version());
      return false;
    }
    if (before.record().has_id && !ids.first(before.record().id)) return true;  // counted by its first record
    ++lead_number;
    ++result.leads;
    if (!before.stage_not_here().empty()) ++not_in_before[before.stage_not_here()];
    if (!after.stage_not_here().empty()) ++not_in_after[after.stage_not_here()];
    ++result.matrix[static_cast<std::size_t>(b->stage)][static_cast<std::size_t>(a->stage)];
    if (result.stages_before[static_cast<std::size_t>(b->stage)] != result.stages_after[static_cast<std::size_t>(a->stage)]) {
      ++result.stage_changed;
      add_example(*b, *a);
    }
    std::string_view rb = b->route >= 0 ? b->route_target : std::string_view("(none)");
    std::string_view ra = a->route >= 0 ? a->route_target : std::string_view("(none)");
    if (rb != ra) {
      ++result.route_changed;
      count_pair(routes, rb, ra);
    }
    if (!same_deadline(*b, *a)) {
      ++result.deadline_changed;
      const std::string before_text = deadline_text(before.program(), *b);
      std::string after_text = deadline_text(after.program(), *a);
      // The same working time on a calendar whose hours or holidays changed.
      if (after_text == before_text) after_text += " (due time moved)";
      count_pair(deadlines, before_text, after_text);
    }
    if (!same_cadence(*b, *a)) {
      ++result.cadence_changed;
      const std::string before_text = cadence_text(before.program(), *b);
      std::string after_text = cadence_text(after.program(), *a);
      if (after_text == before_text) after_text += " (due times moved)";  // the same steps from another start
      count_pair(cadences, before_text, after_text);
    }
    count_measures(*b, *a);
    count_rules(*b, rule_slot_before, stamp_before, true);
    count_rules(*a, rule_slot_after, stamp_after, false);
    return true;
  }
};

DiffRun::DiffRun(std::shared_ptr<const Program> before, std::shared_ptr<const Program> after, DiffSettings settings)
    : state_(std::make_unique<State>(std::move(before), std::move(after), std::move(settings))) {}
DiffRun::~DiffRun() = default;

const std::string& DiffRun::error() const { return state_->error; }
const UnknownNames& DiffRun::unknown() const { return state_->before.unknown(); }

bool DiffRun::add(std::string_view line, Rejection& why) {
  if (state_->add(line, why)) return true;
  ++rejected_;
  return false;
}

DiffResult DiffRun::result() const {
  DiffResult r = state_->result;
  r.rejected = rejected_;
  r.duplicates = state_->ids.duplicates();
  r.route_changes = sorted_pairs(state_->routes);
  r.deadline_changes = sorted_pairs(state_->deadlines);
  r.cadence_changes = sorted_pairs(state_->cadences);
  r.stage_not_in_before = sorted_stages(state_->not_in_before);
  r.stage_not_in_after = sorted_stages(state_->not_in_after);
  for (const auto& m : state_->measures) {
    ScoreShift s;
    s.name = m.name;
    s.in_before = m.before != nullptr;
    s.in_after = m.after != nullptr;
    s.before = distribution_of(m.bins_before, m.missing_before);
    s.after = distribution_of(m.bins_after, m.missing_after);
    const Measure* any = m.before ? m.before : m.after;
    s.histogram = histogram_of(m.bins_before, m.bins_after, !any->is_score && any->type == Type::int_);
    r.scores.push_back(std::move(s));
  }
  return r;
}

DiffResult diff_rules(const Program& before, const Program& after, std::int64_t as_of) {
  DiffResult r;
  r.before = summary_of(before);
  r.after = summary_of(after);
  r.as_of = as_of;
  r.changes = compare_programs(before, after);
  return r;
}

namespace {
int compare(double a, double b) { return a > b ? 1 : a < b ? -1 : 0; }
}  // namespace

std::pair<std::string, std::string> limit_percents(double share, const DiffLimit& limit) {
  const double given = limit.percent >= 0 ? limit.percent : limit.share * 100;
  // The fewest decimals that read back as the limit: 0.075 stays 0.075, not 0.07 or 0.08.
  int decimals = 0;
  while (decimals < 12 && std::strtod(fmt::format("{:.{}f}", given, decimals).c_str(), nullptr) != given) ++decimals;
  const std::string limit_text = fmt::format("{:.{}f}", given, decimals);
  const int relation = compare(share, limit.share);  // as check_limits judges it
  std::string share_text;
  for (int d = std::max(decimals, 1); d <= std::max(decimals, 1) + 6; ++d) {
    share_text = fmt::format("{:.{}f}", share * 100, d);
    if (compare(std::strtod(share_text.c_str(), nullptr), given) == relation) return {share_text + "%", limit_text + "%"};
  }
  return {(relation > 0 ? "> " : "< ") + share_text + "%", limit_text + "%"};
}

std::vector<LimitCheck> check_limits(const DiffResult& result, const std::vector<DiffLimit>& limits) {
  std::vector<LimitCheck> out;
  for (const auto& limit : limits) {
    LimitCheck c;
    c.limit = limit;
    for (std::size_t i = 0; i < result.stages_before.size(); ++i)
      for (std::size_t j = 0; j < result.stages_after.size(); ++j) {
        const std::string& from = result.stages_before[i];
        const std::string& to = result.stages_after[j];
        if (from == to) continue;
        bool counts = limit.kind == DiffLimit::any || (limit.kind == DiffLimit::to_stage && to == limit.stage) ||
                      (limit.kind == DiffLimit::from_stage && from == limit.stage);
        if (counts) c.count += result.matrix[i][j];
      }
    c.what = limit.kind == DiffLimit::any ? "changed stage"
             : limit.kind == DiffLimit::to_stage ? "moved to " + limit.stage
                                                 : "moved from " + limit.stage;
    c.checked = result.leads > 0;
    c.share = c.checked ? static_cast<double>(c.count) / static_cast<double>(result.leads) : 0;
    c.exceeded = c.checked && c.share > limit.share;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace baton::review
