#include "baton/review/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "baton/review/canonical.hpp"
#include "baton/review/measures.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/replay.hpp"

namespace baton::review {

namespace {
constexpr std::size_t kMaxRoutes = 256;  // distinct targets; the rest are "(other)"

std::string number_text(double v) {
  std::string out;
  append_number(v, out);
  return out;
}

bool passes(const std::string& op, double v, double k) {
  if (op == ">=") return v >= k;
  if (op == ">") return v > k;
  if (op == "<=") return v <= k;
  if (op == "<") return v < k;
  return v == k;
}

void count_into(ConversionRow& row, std::uint64_t mask) {
  ++row.leads;
  for (std::size_t i = 0; i < row.converted.size(); ++i)
    if (mask >> i & 1) ++row.converted[i];
}
}  // namespace

struct ReportRun::State {
  ReportSettings settings;
  std::shared_ptr<const Outcomes> outcomes;
  LeadScorer scorer;
  std::string error;
  ReportResult result;
  std::size_t n_outcomes = 0;

  struct MeasureState {
    Measure measure;
    ValueBins bins;  // column 0 leads, 1 + i: leads with outcome i
    ConversionRow missing;
    // --bands: each lead counted against the edges themselves, since a
    // user's edge need not lie on the bins' grid (50 inside a bin of 0 to
    // 100, or of 0 to 1e304 when a lead has 1e308).
    std::vector<double> edges;
    std::vector<ConversionRow> given;
  };
  std::vector<MeasureState> measures;
  struct ThresholdState {
    std::size_t measure = 0;  // index into measures
    ThresholdImpact impact;
  };
  std::vector<ThresholdState> thresholds;
  std::vector<std::uint64_t> rule_stamp;
  std::uint64_t lead_number = 0;
  std::map<std::string, ConversionRow> routes;
  LeadIds ids;

  // --history: a second decode of the line (the replay rewrites the record's
  // current-stage fields) and the walk through its events.
  std::unique_ptr<RecordDecoder> history_decoder;
  std::unique_ptr<Replayer> replayer;
  Record history_record;
  std::map<std::pair<int, int>, ValueBins> stage_to_stage;  // (from, to) -> days in `from`
  std::map<int, ValueBins> stage_to_won;                    // stage -> days from entering it to won
  std::vector<std::int64_t> entered;                        // per stage: first time entered, this lead

  State(std::shared_ptr<const Program> program, std::shared_ptr<const Outcomes> o, ReportSettings s)
      : settings(std::move(s)), outcomes(std::move(o)), scorer(program, settings.stream) {
    error = scorer.error();
    n_outcomes = outcomes->names().size();
    auto& r = result;
    r.sla = summary_of(*program);
    r.as_of = settings.stream.as_of;
    r.as_of_field = settings.stream.as_of_field;
    r.outcomes = outcomes->names();
    r.won = settings.won;
    r.won_index = outcomes->name_index(settings.won);
    r.outcome_records = outcomes->records();
    r.outcome_leads = outcomes->leads();
    r.catch_share = settings.catch_share;
    r.total = row("all leads");
    for (const auto& stage : program->image().stages) r.by_stage.push_back(row(stage.name));
    const std::vector<std::string> labels = rule_labels(*program);
    for (std::size_t i = 0; i < labels.size(); ++i) {
      RuleLift lift;
      lift.rule = labels[i];
      lift.text = canonical_text(program->image().rules[i].text);
      lift.fired_converted.assign(n_outcomes, 0);
      r.rules.push_back(std::move(lift));
    }
    rule_stamp.assign(r.rules.size(), 0);
    for (const auto& m : measures_of(*program)) measures.push_back({m, ValueBins(1 + n_outcomes), row("missing"), {}, {}});
    for (const auto& band : settings.bands) {
      const auto& [name, edges] = band;  // a lambda cannot capture a structured binding before clang 16
      if (std::none_of(measures.begin(), measures.end(),
                       [&](const MeasureState& m) { return m.measure.name == band.first; }))
        error = fmt::format("--bands: {} has no score or exported number `{}`", program->name(), name);
      if (!std::is_sorted(edges.begin(), edges.end()) || edges.empty() ||
          !std::all_of(edges.begin(), edges.end(), [](double e) { return std::isfinite(e); }))
        error = fmt::format("--bands {}: give increasing finite edges, e.g. {}=0,20,40", name, name);
      for (auto& m : measures)
        if (m.measure.name == name) {
          m.edges = edges;
          m.given = band_rows(edges);
        }
    }
    if (settings.history) {
      history_decoder = std::make_unique<RecordDecoder>(program, settings.stream.decode);
      replayer = std::make_unique<Replayer>(program, ReplayOptions{.arms = false});  // times only
      r.has_history = true;
    }
    for (const auto& t : thresholds_of(*program)) {
      for (std::size_t m = 0; m < measures.size(); ++m)
        if (measures[m].measure.name == t.measure) thresholds.push_back({m, ThresholdImpact{t}});
    }
  }

  ConversionRow row(std::string label) const { return {std::move(label), 0, std::vector<std::uint64_t>(n_outcomes, 0)}; }

  bool add(std::string_view line, Rejection& why) {
    const Decision* d = scorer.score(line, true, why);
    if (!d) {
      ++result.rejected;
      return false;
    }
    const Record& record = scorer.record();
    if (record.has_id && !ids.first(record.id)) return true;  // counted by its first record
    ++lead_number;
    ++result.leads;
    std::uint64_t mask = 0;
    if (const Outcomes::Lead* lead = record.has_id ? outcomes->find(record.id) : nullptr) {
      mask = lead->mask;
      ++result.leads_with_outcome;
      if (lead->first_date < d->as_of) ++result.outcome_before_as_of;
    }
    bool won = result.won_index >= 0 && (mask >> result.won_index & 1);
    count_into(result.total, mask);
    count_into(result.by_stage[static_cast<std::size_t>(d->stage)], mask);
    count_route(*d, mask);
    for (const RuleHit& hit : d->trace->rules) {
      if (rule_stamp[hit.rule] == lead_number) continue;
      rule_stamp[hit.rule] = lead_number;
      RuleLift& lift = result.rules[hit.rule];
      ++lift.fired;
      for (std::size_t i = 0; i < n_outcomes; ++i)
        if (mask >> i & 1) ++lift.fired_converted[i];
    }
    for (auto& m : measures) {
      auto v = measure_value(m.measure, *d);
      if (!v) {
        count_into(m.missing, mask);
        continue;
      }
      std::uint64_t* counters = m.bins.add(*v);
      for (std::size_t i = 0; i < n_outcomes; ++i)
        if (mask >> i & 1) ++counters[1 + i];
      if (!m.given.empty())
        count_into(m.given[static_cast<std::size_t>(std::upper_bound(m.edges.begin(), m.edges.end(), *v) - m.edges.begin())],
                   mask);
    }
    if (replayer) add_history(line, d->as_of, lead_of(record));
    for (auto& t : thresholds) {
      auto v = measure_value(measures[t.measure].measure, *d);
      if (!v || !passes(t.impact.threshold.op, *v, t.impact.threshold.value)) continue;
      ++t.impact.passing;
      if (won) ++t.impact.won_passing;
    }
    return true;
  }

  const Outcomes::Lead* lead_of(const Record& record) const {
    return record.has_id ? outcomes->find(record.id) : nullptr;
  }

  static double days_between(std::int64_t from, std::int64_t to) { return static_cast<double>(to - from) / 86400.0; }

  void add_history(std::string_view line, std::int64_t as_of, const Outcomes::Lead* lead) {
    DecodeError error;
    if (!history_decoder->decode(line, history_record, error)) return;  // decoded once already: cannot fail
    const auto& steps = replayer->replay(history_record, as_of);
    entered.assign(result.by_stage.size(), INT64_MAX);
    for (const ReplayStep& step : steps) {
      if (step.stage < 0) continue;
      auto s = static_cast<std::size_t>(step.stage);
      if (step.previous_stage >= 0) {
        auto p = static_cast<std::size_t>(step.previous_stage);
        if (entered[p] != INT64_MAX) {
          auto it = stage_to_stage.try_emplace({step.previous_stage, step.stage}, ValueBins(1)).first;
          it->second.add(days_between(entered[p], step.at));
        }
      }
      if (entered[s] == INT64_MAX) entered[s] = step.at;
    }
    std::int64_t won = lead && result.won_index >= 0 ? lead->date_of(result.won_index) : INT64_MAX;
    if (won == INT64_MAX) return;
    for (std::size_t s = 0; s < entered.size(); ++s)
      if (entered[s] != INT64_MAX && entered[s] <= won)
        stage_to_won.try_emplace(static_cast<int>(s), ValueBins(1)).first->second.add(days_between(entered[s], won));
  }

  void count_route(const Decision& d, std::uint64_t mask) {
    std::string target = d.route >= 0 ? std::string(d.route_target) : "(no route)";
    auto it = routes.find(target);
    if (it == routes.end()) {
      if (routes.size() >= kMaxRoutes) target = "(other)";
      it = routes.try_emplace(target, row(target)).first;
    }
    count_into(it->second, mask);
  }

  // Band i holds values in [edges[i-1], edges[i]); the first and last are open.
  std::vector<ConversionRow> band_rows(const std::vector<double>& edges) const {
    std::vector<ConversionRow> rows;
    for (std::size_t i = 0; i <= edges.size(); ++i) {
      std::string label = edges.empty()          ? "all"
                          : i == 0               ? "< " + number_text(edges[0])
                          : i == edges.size()    ? ">= " + number_text(edges[i - 1])
                                                 : fmt::format("{} to < {}", number_text(edges[i - 1]), number_text(edges[i]));
      rows.push_back(row(label));
    }
    return rows;
  }

  // Bands: the user's edges, counted per lead, or deciles of the values
  // (equal edges merged). A decile edge is the lower edge of a bin, so every
  // bin lies in one band and the bins give exact counts.
  BandTable band_table(const MeasureState& m) const {
    BandTable table;
    table.measure = m.measure.name;
    table.missing = m.missing;
    if (!m.given.empty()) {
      table.deciles = false;
      table.bands = m.given;
      return table;
    }
    std::vector<double> edges;
    if (m.bins.count() > 0) {
      for (int q = 1; q <= 9; ++q) edges.push_back(m.bins.quantile(q / 10.0));
      edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
      if (!edges.empty() && edges.front() <= m.bins.min()) edges.erase(edges.begin());
    }
    table.bands = band_rows(edges);
    m.bins.for_each([&](double lower, const std::uint64_t* c) {
      auto i = static_cast<std::size_t>(std::upper_bound(edges.begin(), edges.end(), lower) - edges.begin());
      ConversionRow& band = table.bands[i];
      band.leads += c[0];
      for (std::size_t k = 0; k < n_outcomes; ++k) band.converted[k] += c[1 + k];
    });
    return table;
  }

  // The highest bin edge K with `measure >= K` still catching the asked
  // share of won leads.
  void find_catch(ThresholdImpact& t, const ValueBins& bins) const {
    const std::string& op = t.threshold.op;
    if (result.won_index < 0 || (op != ">=" && op != ">")) return;
    std::size_t column = 1 + static_cast<std::size_t>(result.won_index);
    std::uint64_t won_total = 0;
    bins.for_each([&](double, const std::uint64_t* c) { won_total += c[column]; });
    if (won_total == 0) return;
    auto need = static_cast<std::uint64_t>(std::ceil(settings.catch_share * static_cast<double>(won_total) - 1e-9));
    need = std::max<std::uint64_t>(need, 1);
    std::vector<std::pair<double, std::uint64_t>> won_bins;
    bins.for_each([&](double lower, const std::uint64_t* c) {
      if (c[column]) won_bins.emplace_back(lower, c[column]);
    });
    std::uint64_t caught = 0;
    for (auto it = won_bins.rbegin(); it != won_bins.rend(); ++it) {
      caught += it->second;
      if (caught >= need) {
        t.has_catch = true;
        t.catch_value = it->first;
        t.catch_won = caught;
        t.catch_passing = bins.at_or_above(it->first, 0);
        return;
      }
    }
  }
};

ReportRun::ReportRun(std::shared_ptr<const Program> program, std::shared_ptr<const Outcomes> outcomes,
                     ReportSettings settings)
    : state_(std::make_unique<State>(std::move(program), std::move(outcomes), std::move(settings))) {}
ReportRun::~ReportRun() = default;

const std::string& ReportRun::error() const { return state_->error; }
const UnknownNames& ReportRun::unknown() const { return state_->scorer.unknown(); }

bool ReportRun::add(std::string_view line, Rejection& why) { return state_->add(line, why); }
void ReportRun::count_rejected() { ++state_->result.rejected; }

ReportResult ReportRun::result() const {
  const State& s = *state_;
  ReportResult r = s.result;
  r.duplicates = s.ids.duplicates();
  for (const auto& [target, row] : s.routes) r.by_route.push_back(row);
  std::stable_sort(r.by_route.begin(), r.by_route.end(),
                   [](const ConversionRow& a, const ConversionRow& b) { return a.leads > b.leads; });
  for (auto& lift : r.rules) {
    lift.others = r.leads - lift.fired;
    lift.others_converted.resize(s.n_outcomes);
    for (std::size_t i = 0; i < s.n_outcomes; ++i) lift.others_converted[i] = r.total.converted[i] - lift.fired_converted[i];
  }
  for (const auto& m : s.measures) r.bands.push_back(s.band_table(m));
  for (const auto& t : s.thresholds) {
    ThresholdImpact impact = t.impact;
    s.find_catch(impact, s.measures[t.measure].bins);
    r.thresholds.push_back(impact);
  }
  for (const auto& [pair, bins] : s.stage_to_stage)
    r.history.push_back({r.by_stage[static_cast<std::size_t>(pair.first)].label,
                         r.by_stage[static_cast<std::size_t>(pair.second)].label, false, distribution_of(bins, 0)});
  for (const auto& [stage, bins] : s.stage_to_won)
    r.history.push_back({r.by_stage[static_cast<std::size_t>(stage)].label, r.won, true, distribution_of(bins, 0)});
  return r;
}

}  // namespace baton::review
