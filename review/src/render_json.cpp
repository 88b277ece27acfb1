// `baton diff --json` and `baton report --json`: one JSON object each, the
// same data the text shows, with every count (tools compute their own shares).
#include <utility>

#include "baton/common/time.hpp"
#include "baton/review/render.hpp"
#include "json_writer.hpp"

namespace baton::review {

namespace {
void sla_json(JsonWriter& w, const char* key, const SlaSummary& s) {
  w.key(key).begin_object().field("name", s.name).field("version", s.version).field("fingerprint", s.fingerprint).end_object();
}

void as_of_json(JsonWriter& w, std::int64_t as_of, const std::string& field) {
  if (field.empty()) w.field("as_of", format_time(as_of)).key("as_of_field").null();
  else w.key("as_of").null().field("as_of_field", field);
}

void distribution_json(JsonWriter& w, const char* key, const Distribution& d, bool present) {
  w.key(key);
  if (!present) {
    w.null();
    return;
  }
  w.begin_object().field("count", d.count).field("missing", d.missing);
  // Over no value, no mean or quantile: null, not a 0 that reads as a score.
  for (const auto& [name, v] : {std::pair{"mean", d.mean}, {"min", d.min}, {"p10", d.p10}, {"p25", d.p25},
                                {"p50", d.p50}, {"p75", d.p75}, {"p90", d.p90}, {"max", d.max}}) {
    if (d.count) w.field(name, v);
    else w.key(name).null();
  }
  w.end_object();
}

void pairs_json(JsonWriter& w, const char* key, const std::vector<PairCount>& pairs) {
  w.key(key).begin_array();
  for (const auto& p : pairs) w.begin_object().field("before", p.before).field("after", p.after).field("count", p.count).end_object();
  w.end_array();
}

void stage_counts_json(JsonWriter& w, const char* key, const std::vector<StageCount>& stages) {
  w.key(key).begin_array();
  for (const auto& s : stages) w.begin_object().field("stage", s.stage).field("leads", s.leads).end_object();
  w.end_array();
}

void strings_json(JsonWriter& w, const char* key, const std::vector<std::string>& items) {
  w.key(key).begin_array();
  for (const auto& s : items) w.value(s);
  w.end_array();
}

void counts_json(JsonWriter& w, const char* key, const std::vector<std::uint64_t>& counts) {
  w.key(key).begin_array();
  for (auto n : counts) w.value(n);
  w.end_array();
}

void duplicates_json(JsonWriter& w, const DuplicateLeads& d) {
  w.key("duplicates").begin_object().field("records", d.records).field("ids", d.ids).key("named").begin_array();
  for (const auto& [id, records] : d.named) w.begin_object().field("id", id).field("records", records).end_object();
  w.end_array().end_object();
}

void row_json(JsonWriter& w, const ConversionRow& row) {
  w.begin_object().field("label", row.label).field("leads", row.leads);
  counts_json(w, "converted", row.converted);
  w.end_object();
}
}  // namespace

std::string diff_json(const DiffResult& r, const std::vector<LimitCheck>& limits) {
  JsonWriter w;
  w.begin_object().field("kind", "diff");
  sla_json(w, "before", r.before);
  sla_json(w, "after", r.after);
  as_of_json(w, r.as_of, r.as_of_field);
  w.key("changes").begin_array();
  for (const auto& c : r.changes) {
    w.begin_object().field("section", c.section).field("kind", c.kind).field("subject", c.subject);
    w.field("before", c.before).field("after", c.after).end_object();
  }
  w.end_array();
  w.field("has_leads", r.has_leads);
  if (r.has_leads) {
    w.field("leads", r.leads).field("rejected", r.rejected);
    duplicates_json(w, r.duplicates);
    w.field("stage_changed", r.stage_changed);
    w.field("route_changed", r.route_changed).field("deadline_changed", r.deadline_changed);
    w.field("has_cadence", r.has_cadence).field("cadence_changed", r.cadence_changed);
    strings_json(w, "stages_before", r.stages_before);
    strings_json(w, "stages_after", r.stages_after);
    stage_counts_json(w, "stage_not_in_before", r.stage_not_in_before);
    stage_counts_json(w, "stage_not_in_after", r.stage_not_in_after);
    w.key("matrix").begin_array();
    for (const auto& row : r.matrix) {
      w.begin_array();
      for (auto n : row) w.value(n);
      w.end_array();
    }
    w.end_array();
    pairs_json(w, "route_changes", r.route_changes);
    pairs_json(w, "deadline_changes", r.deadline_changes);
    pairs_json(w, "cadence_changes", r.cadence_changes);
    w.key("scores").begin_array();
    for (const auto& s : r.scores) {
      w.begin_object().field("name", s.name);
      distribution_json(w, "before", s.before, s.in_before);
      distribution_json(w, "after", s.after, s.in_after);
      w.key("histogram").begin_array();
      for (const auto& b : s.histogram)
        w.begin_object().field("lower", b.lower).field("upper", b.upper).field("before", b.before).field("after", b.after).end_object();
      w.end_array().end_object();
    }
    w.end_array();
    w.key("rules").begin_array();
    for (const auto& rule : r.rules) {
      w.begin_object().field("rule", rule.rule);
      if (rule.text_before.empty()) w.key("text_before").null().key("before").null();
      else w.field("text_before", rule.text_before).field("before", rule.before);
      if (rule.text_after.empty()) w.key("text_after").null().key("after").null();
      else w.field("text_after", rule.text_after).field("after", rule.after);
      w.end_object();
    }
    w.end_array();
    w.key("examples").begin_array();
    for (std::size_t i = 0; i < r.stages_before.size(); ++i)
      for (std::size_t j = 0; j < r.stages_after.size(); ++j) {
        if (r.examples[i][j].empty()) continue;
        w.begin_object().field("before", r.stages_before[i]).field("after", r.stages_after[j]).field("count", r.matrix[i][j]);
        w.key("leads").begin_array();
        for (const auto& e : r.examples[i][j]) {
          w.begin_object();
          if (e.id.empty()) w.key("id").null();
          else w.field("id", e.id);
          w.field("summary", e.summary);
          w.key("explain_before").raw(e.before_json).key("explain_after").raw(e.after_json);
          w.field("text_before", e.before_text).field("text_after", e.after_text).end_object();
        }
        w.end_array().end_object();
      }
    w.end_array();
  }
  w.key("limits").begin_array();
  for (const auto& c : limits) {
    const auto [share_percent, limit_percent] = limit_percents(c.share, c.limit);
    w.begin_object().field("what", c.what).field("limit", c.limit.share).field("limit_percent", limit_percent);
    // Not checked (no lead scored): no share, and exceeded null, so neither
    // a test for `exceeded == false` nor one for `exceeded` passes it.
    w.field("checked", c.checked).field("count", c.count);
    if (c.checked) w.field("share", c.share).field("share_percent", share_percent).field("exceeded", c.exceeded);
    else w.key("share").null().key("share_percent").null().key("exceeded").null();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.out += '\n';
  return w.out;
}

std::string report_json(const ReportResult& r) {
  JsonWriter w;
  w.begin_object().field("kind", "report");
  sla_json(w, "sla", r.sla);
  as_of_json(w, r.as_of, r.as_of_field);
  w.field("leads", r.leads).field("rejected", r.rejected);
  duplicates_json(w, r.duplicates);
  strings_json(w, "outcomes", r.outcomes);
  w.field("won", r.won).field("won_found", r.won_index >= 0);
  w.field("outcome_records", r.outcome_records).field("outcome_leads", r.outcome_leads);
  w.field("leads_with_outcome", r.leads_with_outcome).field("outcome_before_as_of", r.outcome_before_as_of);
  w.key("total");
  row_json(w, r.total);
  w.key("by_stage").begin_array();
  for (const auto& row : r.by_stage) row_json(w, row);
  w.end_array().key("by_route").begin_array();
  for (const auto& row : r.by_route) row_json(w, row);
  w.end_array().key("bands").begin_array();
  for (const auto& t : r.bands) {
    w.begin_object().field("measure", t.measure).field("deciles", t.deciles).key("bands").begin_array();
    for (const auto& row : t.bands) row_json(w, row);
    w.end_array().key("missing");
    row_json(w, t.missing);
    w.end_object();
  }
  w.end_array().key("rules").begin_array();
  for (const auto& l : r.rules) {
    w.begin_object().field("rule", l.rule).field("text", l.text).field("fired", l.fired);
    counts_json(w, "fired_converted", l.fired_converted);
    w.field("others", l.others);
    counts_json(w, "others_converted", l.others_converted);
    w.end_object();
  }
  w.end_array().field("catch_share", r.catch_share).key("thresholds").begin_array();
  for (const auto& t : r.thresholds) {
    w.begin_object().field("stage", t.threshold.stage).field("measure", t.threshold.measure).field("op", t.threshold.op);
    w.field("value", t.threshold.value).field("text", t.threshold.text).field("passing", t.passing);
    w.field("won_passing", t.won_passing).key("catch");
    if (!t.has_catch) w.null();
    else w.begin_object().field("value", t.catch_value).field("passing", t.catch_passing).field("won", t.catch_won).end_object();
    w.end_object();
  }
  w.end_array().field("has_history", r.has_history).key("history").begin_array();
  for (const auto& h : r.history) {
    w.begin_object().field("from", h.from).field("to", h.to).field("to_outcome", h.to_outcome);
    distribution_json(w, "days", h.days, true);
    w.end_object();
  }
  w.end_array().end_object();
  w.out += '\n';
  return w.out;
}

}  // namespace baton::review
