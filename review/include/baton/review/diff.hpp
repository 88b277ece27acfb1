#pragma once
// `baton diff OLD NEW [LEADS]`: what a change to an SLA does to real leads,
// before it ships. Both programs score every lead at the same time (or each
// at its own --as-of-field); the run keeps counters, bounded distributions
// (bins.hpp) and a few example leads per changed cell of the stage matrix,
// so memory stays flat whatever the number of leads.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "baton/review/bins.hpp"
#include "baton/review/changes.hpp"
#include "baton/review/lead_stream.hpp"
#include "baton/review/measures.hpp"

namespace baton::review {

struct SlaSummary {
  std::string name, version, fingerprint;
};
SlaSummary summary_of(const Program& program);

struct Distribution {
  std::uint64_t count = 0, missing = 0;
  double min = 0, max = 0, mean = 0;
  double p10 = 0, p25 = 0, p50 = 0, p75 = 0, p90 = 0;
};

// Count, mean, quantiles of a ValueBins (`missing`: values that were missing);
// quantiles interpolate linearly between the values around rank
// 1 + q (count - 1), each value at the bins' resolution, within [min, max].
Distribution distribution_of(const ValueBins& bins, std::uint64_t missing);

struct HistogramBin {
  double lower = 0, upper = 0;  // [lower, upper)
  std::uint64_t before = 0, after = 0;
};

struct ScoreShift {
  std::string name;
  bool in_before = false, in_after = false;
  Distribution before, after;
  std::vector<HistogramBin> histogram;  // shared bins, about ten
};

struct RuleFired {
  std::string rule;  // rule_labels(): "fit: when is_senior", "fit: when is_emea (#2)"
  std::string text_before, text_after;  // canonical texts ("" when absent on that side)
  std::uint64_t before = 0, after = 0;  // leads it gave points to
};

struct PairCount {
  std::string before, after;
  std::uint64_t count = 0;
};

struct StageCount {
  std::string stage;
  std::uint64_t leads = 0;
};

struct Example {
  std::string id;
  std::string summary;  // "total 80.1 -> 76.1; stage arm mql -> lead"
  std::string before_text, after_text;  // append_explain_text of each decision
  std::string before_json, after_json;  // append_explain_json of each decision
};

struct DiffResult {
  SlaSummary before, after;
  std::int64_t as_of = 0;
  std::string as_of_field;
  std::vector<Change> changes;
  bool has_leads = false;  // false: only the rule summary
  std::uint64_t leads = 0, rejected = 0;
  DuplicateLeads duplicates;  // later records of a lead id, left out
  std::vector<std::string> stages_before, stages_after;
  // Leads whose CRM stage one version does not have (the new version removed
  // or renamed it, or added it): that version scored them as having no
  // current stage, so they count among the stage changes. Per stage, most first.
  std::vector<StageCount> stage_not_in_before, stage_not_in_after;
  std::vector<std::vector<std::uint64_t>> matrix;  // [stage before][stage after]
  std::vector<std::vector<std::vector<Example>>> examples;  // same shape; changed cells only
  std::uint64_t stage_changed = 0, route_changed = 0, deadline_changed = 0;
  std::vector<PairCount> route_changes;     // target before -> after, most frequent first
  std::vector<PairCount> deadline_changes;  // "4h" -> "24h", "none"
  // The follow-up cadence (a route's escalation steps): counted when either
  // version has one; a lead changes cadence when a step's destination or due
  // time changes.
  bool has_cadence = false;
  std::uint64_t cadence_changed = 0;
  std::vector<PairCount> cadence_changes;  // "manager:emea after 8h" -> "manager:emea after 4h", "none"
  std::vector<ScoreShift> scores;
  std::vector<RuleFired> rules;
};

struct DiffSettings {
  StreamSettings stream;
  std::size_t examples_per_cell = 3;
};

class DiffRun {
 public:
  DiffRun(std::shared_ptr<const Program> before, std::shared_ptr<const Program> after, DiffSettings settings);
  ~DiffRun();
  // Not empty when the settings cannot be used with these programs.
  const std::string& error() const;

  // One lead (a JSON Lines line); false with `why` filled when either
  // program rejects it.
  bool add(std::string_view line, Rejection& why);
  void count_rejected() { ++rejected_; }
  // The result so far (call once at the end; the run can go on after it).
  DiffResult result() const;
  // Names the leads used that the old SLA, which reads them, does not declare.
  const UnknownNames& unknown() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
  std::uint64_t rejected_ = 0;
};

// The rule summary alone (no leads).
DiffResult diff_rules(const Program& before, const Program& after, std::int64_t as_of);

// --max-changed and its per-stage variants.
struct DiffLimit {
  enum Kind { any, to_stage, from_stage } kind = any;
  std::string stage;   // to_stage / from_stage
  double share = 0;    // of scored leads, 0..1
  double percent = -1;  // as given (0.075 for 0.075%), to show it so; -1: share * 100
};
struct LimitCheck {
  std::string what;  // "changed stage", "moved to sql", "moved from mql"
  DiffLimit limit;
  // False when no lead was scored by both versions: a share of nothing is
  // no pass, so the check is shown as not checked, neither ok nor exceeded.
  bool checked = true;
  std::uint64_t count = 0;
  double share = 0;
  bool exceeded = false;  // false when not checked
};
std::vector<LimitCheck> check_limits(const DiffResult& result, const std::vector<DiffLimit>& limits);
// "0.08%" against "0.05%", "0.07502%" against "0.075%": the limit as given
// (its shortest decimal form) and the share with at least as many decimals
// (one at least) and more until it compares with the limit as the share
// does, so an exceeded limit never reads like an equal or a higher one
// (closer than six decimals more: the share marked "> " or "< ").
std::pair<std::string, std::string> limit_percents(double share, const DiffLimit& limit);

}  // namespace baton::review
