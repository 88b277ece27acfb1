#pragma once
// `baton report SLA LEADS --outcomes FILE`: what converted. Leads stream
// through the program (each scored with explain on, so the rules that gave
// points are known); each lead's outcomes are looked up by id; the run keeps
// counters per stage, route, score bin and rule. Memory: the outcomes map
// plus bounded bins, whatever the number of leads.
//
// Sections are independent tables over the same per-lead facts. With
// `history` on, each lead is also replayed through its own events (the
// runtime's Replayer) for the time it spent between stages and from a stage
// to the won outcome's date: one more section fed by the same loop.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "baton/review/changes.hpp"
#include "baton/review/diff.hpp"
#include "baton/review/lead_stream.hpp"
#include "baton/review/outcomes.hpp"

namespace baton::review {

struct ConversionRow {
  std::string label;
  std::uint64_t leads = 0;
  std::vector<std::uint64_t> converted;  // per outcome name (ReportResult::outcomes)
};

struct BandTable {
  std::string measure;
  bool deciles = true;  // false: the user's --bands
  std::vector<ConversionRow> bands;  // labels "[20, 40)"; lowest band first
  ConversionRow missing;             // leads without a value (exported lets may be missing)
};

struct RuleLift {
  std::string rule;  // rule_labels(): "fit: when is_senior", "fit: when is_emea (#2)"
  std::string text;  // the rule's source text
  std::uint64_t fired = 0, others = 0;
  std::vector<std::uint64_t> fired_converted, others_converted;  // per outcome
};

struct ThresholdImpact {
  Threshold threshold;
  std::uint64_t passing = 0;      // leads on the passing side: the hand-offs it costs
  std::uint64_t won_passing = 0;  // won leads on the passing side
  // The lowest threshold (same measure, >=) that still catches the asked
  // share of won leads; only for >= and > comparisons with won leads.
  bool has_catch = false;
  double catch_value = 0;
  std::uint64_t catch_passing = 0, catch_won = 0;
};

// Days between two moments of a lead's history, over the leads that had both.
struct StageTime {
  std::string from, to;  // stage names; `to` may be the won outcome
  bool to_outcome = false;
  Distribution days;     // count, mean, quantiles (diff.hpp)
};

struct ReportResult {
  SlaSummary sla;
  std::int64_t as_of = 0;
  std::string as_of_field;
  std::uint64_t leads = 0, rejected = 0;
  DuplicateLeads duplicates;  // later records of a lead id, left out
  std::vector<std::string> outcomes;  // names, in the outcomes file's order
  std::string won;                    // the outcome thresholds are judged by
  int won_index = -1;                 // -1: no such outcome in the file
  std::uint64_t outcome_records = 0, outcome_leads = 0;
  std::uint64_t leads_with_outcome = 0;    // scored leads found in the outcomes file
  std::uint64_t outcome_before_as_of = 0;  // leads whose first outcome predates their evaluation time
  ConversionRow total;
  std::vector<ConversionRow> by_stage, by_route;
  std::vector<BandTable> bands;
  std::vector<RuleLift> rules;
  double catch_share = 0.8;
  std::vector<ThresholdImpact> thresholds;
  bool has_history = false;       // --history: the lifecycle replayed per lead
  std::vector<StageTime> history;  // stage -> next stage, then stage -> won
};

struct ReportSettings {
  StreamSettings stream;
  std::string won = "won";
  double catch_share = 0.8;
  std::map<std::string, std::vector<double>> bands;  // measure -> band edges; others in deciles
  bool history = false;  // replay each lead for time between stages (costly: every event time is evaluated)
};

class ReportRun {
 public:
  ReportRun(std::shared_ptr<const Program> program, std::shared_ptr<const Outcomes> outcomes, ReportSettings settings);
  ~ReportRun();
  // Not empty when the settings cannot be used (unknown --bands measure, bad --as-of-field).
  const std::string& error() const;
  bool add(std::string_view line, Rejection& why);
  void count_rejected();  // a line the caller could not read
  ReportResult result() const;
  // Names the leads used that the SLA does not declare (ignored, or rejected under strict).
  const UnknownNames& unknown() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace baton::review
