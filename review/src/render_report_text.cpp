// `baton report` for the terminal.
#include <fmt/format.h>

#include "baton/common/time.hpp"
#include "baton/review/render.hpp"
#include "text_table.hpp"

namespace baton::review {

namespace {
// "12 (16.0%)": counts stay visible next to every rate.
std::string rate(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? "0" : fmt::format("{} ({})", part, percent(part, whole));
}

void conversion_table(const ReportResult& r, const std::string& title, const std::string& first,
                      const std::vector<ConversionRow>& rows, const ConversionRow* extra, std::string& out) {
  out += fmt::format("\n{}\n", title);
  TextTable table;
  std::vector<std::string> header{first, "leads", "share"};
  for (const auto& name : r.outcomes) header.push_back(name);
  table.row(header);
  auto add = [&](const ConversionRow& row) {
    std::vector<std::string> cells{row.label, std::to_string(row.leads), percent(row.leads, r.leads)};
    for (auto n : row.converted) cells.push_back(rate(n, row.leads));
    table.row(cells);
  };
  for (const auto& row : rows) add(row);
  if (extra && extra->leads) add(*extra);
  table.render(out);
}

void lift_text(const ReportResult& r, std::string& out) {
  if (r.won_index < 0 || r.rules.empty()) return;
  auto w = static_cast<std::size_t>(r.won_index);
  out += fmt::format("\nRule lift: {} rate of the leads a rule gave points to, against the others\n", r.won);
  TextTable table("rrrrrl");  // numbers first: rule texts are long
  table.row({"fired", r.won, "others", r.won, "lift", "rule"});
  for (const auto& l : r.rules) {
    double fired_rate = l.fired ? static_cast<double>(l.fired_converted[w]) / static_cast<double>(l.fired) : 0;
    double other_rate = l.others ? static_cast<double>(l.others_converted[w]) / static_cast<double>(l.others) : 0;
    std::string lift = l.fired == 0 || other_rate == 0 ? "-" : fmt::format("{:.2f}x", fired_rate / other_rate);
    std::string rule = l.rule + (l.fired > 0 && l.fired < 30 ? "  (few leads)" : "");
    table.row({std::to_string(l.fired), rate(l.fired_converted[w], l.fired), std::to_string(l.others),
               rate(l.others_converted[w], l.others), lift, rule});
  }
  table.render(out);
}

void thresholds_text(const ReportResult& r, std::string& out) {
  if (r.thresholds.empty()) return;
  out += fmt::format("\nThresholds in the stages: hand-offs they cost and {} leads they catch\n", r.won);
  if (r.won_index < 0) {
    out += fmt::format("  (no `{}` outcome in the outcomes file; choose one with --won)\n", r.won);
    return;
  }
  std::uint64_t won = r.total.converted[static_cast<std::size_t>(r.won_index)];
  TextTable table("ll");
  table.row({"stage", "threshold", "leads passing", fmt::format("{} passing", r.won),
             fmt::format("to catch {:.0f}% of {}", r.catch_share * 100, r.won), "leads passing"});
  for (const auto& t : r.thresholds) {
    std::string catch_text = "-", catch_leads = "";
    if (t.has_catch) {
      catch_text = fmt::format("{} >= {} ({} of {})", t.threshold.measure, short_number(t.catch_value), t.catch_won, won);
      catch_leads = rate(t.catch_passing, r.leads);
    }
    table.row({t.threshold.stage, t.threshold.text, rate(t.passing, r.leads), rate(t.won_passing, won), catch_text,
               catch_leads});
  }
  table.render(out);
}
void history_text(const ReportResult& r, std::string& out) {
  if (!r.has_history) return;
  out += "\nTime between stages, in days (each lead replayed through its events)\n";
  if (r.history.empty()) {
    out += "  no lead moved between stages\n";
    return;
  }
  TextTable table("ll");
  table.row({"from", "to", "leads", "mean", "p25", "median", "p75", "max"});
  for (const auto& h : r.history)
    table.row({h.from, h.to_outcome ? h.to + " (outcome date)" : h.to, std::to_string(h.days.count), short_number(h.days.mean),
               short_number(h.days.p25), short_number(h.days.p50), short_number(h.days.p75), short_number(h.days.max)});
  table.render(out);
}
}  // namespace

std::string report_text(const ReportResult& r) {
  std::string out = fmt::format("baton report\n  SLA       {} {} ({})\n", r.sla.name, r.sla.version, r.sla.fingerprint.substr(0, 12));
  if (r.as_of_field.empty()) out += fmt::format("  as of     {}\n", format_time(r.as_of));
  else out += fmt::format("  as of     each lead's {}\n", r.as_of_field);
  out += fmt::format("  leads     {} scored ({} rejected), {} with an outcome\n", r.leads, r.rejected, r.leads_with_outcome);
  if (r.duplicates.records) out += fmt::format("  warning   {}\n", duplicates_text(r.duplicates));
  out += fmt::format("  outcomes  {} records for {} leads: {}\n", r.outcome_records, r.outcome_leads,
                     r.outcomes.empty() ? "(none)" : printable(fmt::format("{}", fmt::join(r.outcomes, ", "))));
  if (r.outcome_before_as_of)
    out += fmt::format("  warning   {} leads were scored after their first outcome; score them as of their hand-off "
                       "(--as-of, --as-of-field) to see what the agreement said then\n",
                       r.outcome_before_as_of);
  conversion_table(r, "Funnel and conversion by stage", "stage", r.by_stage, &r.total, out);
  conversion_table(r, "By route", "route", r.by_route, nullptr, out);
  for (const auto& t : r.bands)
    conversion_table(r, fmt::format("By {} band ({})", t.measure, t.deciles ? "deciles" : "--bands"), t.measure,
                     t.bands, &t.missing, out);
  lift_text(r, out);
  thresholds_text(r, out);
  history_text(r, out);
  return out;
}

}  // namespace baton::review
