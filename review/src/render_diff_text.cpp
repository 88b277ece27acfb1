// `baton diff` for the terminal.
#include <fmt/format.h>

#include "baton/common/time.hpp"
#include "baton/review/render.hpp"
#include "text_table.hpp"

namespace baton::review {

namespace {
std::string sla_line(const SlaSummary& s) { return fmt::format("{} {} ({})", s.name, s.version, s.fingerprint.substr(0, 12)); }

void changes_text(const DiffResult& r, std::string& out) {
  out += "What changed in the rules\n";
  if (r.changes.empty()) {
    out += "  nothing: both versions compile to the same rules\n";
    return;
  }
  TextTable table("llll");
  for (const auto& c : r.changes) {
    if (c.kind == "added" || c.kind == "removed") {
      table.row({c.section, c.kind, c.subject, c.kind == "added" ? c.after : c.before});
    } else if (c.before.size() + c.after.size() > 40) {  // long texts: one above the other
      table.row({c.section, c.kind, c.subject, "was  " + c.before});
      table.row({"", "", "", "now  " + c.after});
    } else {
      table.row({c.section, c.kind, c.subject, c.before + "  =>  " + c.after});
    }
  }
  table.render(out);
}

void matrix_text(const DiffResult& r, std::string& out) {
  out += "\nStage transitions (rows: before, columns: after; leads and share of all; * marks leads that change stage)\n";
  TextTable table;
  std::vector<std::string> header{"before \\ after"};
  for (const auto& s : r.stages_after) header.push_back(s);
  header.push_back("total");
  table.row(header);
  for (std::size_t i = 0; i < r.stages_before.size(); ++i) {
    std::vector<std::string> row{r.stages_before[i]};
    std::uint64_t total = 0;
    for (std::size_t j = 0; j < r.stages_after.size(); ++j) {
      std::uint64_t n = r.matrix[i][j];
      total += n;
      bool changed = r.stages_before[i] != r.stages_after[j];
      row.push_back(n == 0 ? "." : fmt::format("{}{} ({})", changed ? "*" : "", n, percent(n, r.leads)));
    }
    row.push_back(std::to_string(total));
    table.row(row);
  }
  table.render(out);
}

void pairs_text(const char* title, const std::vector<PairCount>& pairs, std::string& out) {
  if (pairs.empty()) return;
  out += fmt::format("\n{}\n", title);
  TextTable table("rl");
  for (const auto& p : pairs) table.row({std::to_string(p.count), p.before + "  ->  " + p.after});
  table.render(out);
}

void scores_text(const DiffResult& r, std::string& out) {
  if (r.scores.empty()) return;
  out += "\nScores (before / after)\n";
  TextTable table("ll");
  table.row({"", "", "leads", "mean", "p10", "p25", "median", "p75", "p90", "min", "max"});
  // Over no value (no lead scored, or a number missing for all) there is no
  // mean or quantile: "-", as for a share of nothing, never a 0 that reads as a score.
  auto value = [](const Distribution& d, double v) { return d.count ? short_number(v) : std::string("-"); };
  auto add = [&](const std::string& name, const char* side, const Distribution& d, bool present) {
    if (!present) return table.row({name, side, "(not in this version)"});
    table.row({name, side, std::to_string(d.count), value(d, d.mean), value(d, d.p10), value(d, d.p25), value(d, d.p50),
               value(d, d.p75), value(d, d.p90), value(d, d.min), value(d, d.max)});
  };
  for (const auto& s : r.scores) {
    add(s.name, "before", s.before, s.in_before);
    add("", "after", s.after, s.in_after);
    auto shift = [&](double before, double after) {
      return s.before.count && s.after.count ? shift_text(before, after) : std::string("-");
    };
    if (s.in_before && s.in_after)
      table.row({"", "shift", "", shift(s.before.mean, s.after.mean), shift(s.before.p10, s.after.p10),
                 shift(s.before.p25, s.after.p25), shift(s.before.p50, s.after.p50), shift(s.before.p75, s.after.p75),
                 shift(s.before.p90, s.after.p90)});
  }
  table.render(out);
  for (const auto& s : r.scores) {
    if (s.histogram.empty()) continue;
    std::uint64_t most = 1;
    for (const auto& b : s.histogram) most = std::max({most, b.before, b.after});
    out += fmt::format("\n  {}: leads per band, before | after\n", s.name);
    TextTable hist("lrrll");
    auto bar = [&](std::uint64_t n) { return std::string(static_cast<std::size_t>((n * 20 + most - 1) / most), '#'); };
    for (const auto& b : s.histogram) {
      // An edge beyond the largest double is an open end.
      std::string band = std::isinf(b.lower)   ? "< " + short_number(b.upper)
                         : std::isinf(b.upper) ? ">= " + short_number(b.lower)
                                               : fmt::format("{} to < {}", short_number(b.lower), short_number(b.upper));
      std::string left = bar(b.before);
      hist.row({band, std::to_string(b.before), std::string(20 - left.size(), ' ') + left, "|", bar(b.after) + " " + std::to_string(b.after)});
    }
    hist.render(out, "    ");
  }
}

void rules_text(const DiffResult& r, std::string& out) {
  if (r.rules.empty()) return;
  out += "\nRules: leads each rule gave points to\n";
  TextTable table("rrrl");  // numbers first: rule texts are long
  table.row({"before", "after", "change", "rule"});
  for (const auto& rule : r.rules) {
    std::string before = rule.text_before.empty() ? "-" : std::to_string(rule.before);
    std::string after = rule.text_after.empty() ? "-" : std::to_string(rule.after);
    auto delta = static_cast<std::int64_t>(rule.after) - static_cast<std::int64_t>(rule.before);
    table.row({before, after, delta == 0 ? "" : fmt::format("{:+}", delta), rule.rule});
  }
  table.render(out);
}

std::string indented(const std::string& text, const std::string& indent) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out += indent + text.substr(start, end - start);
    out += "\n";
    start = end + 1;
  }
  return out;
}

void examples_text(const DiffResult& r, std::string& out) {
  bool any = false;
  for (std::size_t i = 0; i < r.stages_before.size(); ++i)
    for (std::size_t j = 0; j < r.stages_after.size(); ++j) {
      const auto& cell = r.examples[i][j];
      if (cell.empty()) continue;
      if (!any) out += "\nExamples: leads that change stage, explained before and after\n";
      any = true;
      out += fmt::format("\n  {} -> {}: {} of {} lead{}\n", r.stages_before[i], r.stages_after[j], cell.size(),
                         r.matrix[i][j], r.matrix[i][j] == 1 ? "" : "s");
      for (const auto& e : cell) {
        const std::string id = e.id.empty() ? "(no id)" : printable(e.id);  // lead data: no line of its own
        out += fmt::format("\n    {}: {}\n", id, printable(e.summary));
        out += fmt::format("\n    {} before\n", id);
        out += indented(e.before_text, "      ");
        out += fmt::format("    {} after\n", id);
        out += indented(e.after_text, "      ");
      }
    }
}

// "3 leads are in a stage the new version does not have (recycled: 3); it scored them as having no current stage"
void stage_gap_text(const std::vector<StageCount>& stages, const char* version, std::string& out) {
  if (stages.empty()) return;
  std::uint64_t leads = 0;
  std::string per_stage;
  for (const auto& s : stages) {
    leads += s.leads;
    per_stage += fmt::format("{}{}: {}", per_stage.empty() ? "" : ", ", s.stage, s.leads);
  }
  out += fmt::format("note: {} lead{} in a stage the {} version does not have ({}); it scored {} as having no current stage\n",
                     leads, leads == 1 ? " is" : "s are", version, per_stage, leads == 1 ? "it" : "them");
}

void limits_text(const std::vector<LimitCheck>& limits, std::string& out) {
  if (limits.empty()) return;
  out += "\nLimits\n";
  TextTable table("ll");
  for (const auto& c : limits) {
    const auto [share, limit] = limit_percents(c.share, c.limit);
    if (!c.checked) table.row({"not checked", c.what, "no lead scored", "limit " + limit});
    else table.row({c.exceeded ? "EXCEEDED" : "ok", c.what, fmt::format("{} leads ({})", c.count, share), "limit " + limit});
  }
  table.render(out);
}
}  // namespace

std::string diff_text(const DiffResult& r, const std::vector<LimitCheck>& limits) {
  std::string out = fmt::format("baton diff\n  before  {}\n  after   {}\n", sla_line(r.before), sla_line(r.after));
  if (r.has_leads) {
    if (r.as_of_field.empty()) out += fmt::format("  as of   {}\n", format_time(r.as_of));
    else out += fmt::format("  as of   each lead's {}\n", r.as_of_field);
  }
  out += "\n";
  changes_text(r, out);
  if (!r.has_leads) return out;
  out += fmt::format("\n{} leads scored by both ({} rejected): {} change stage ({}), {} change route ({}), {} change deadline ({})",
                     r.leads, r.rejected, r.stage_changed, percent(r.stage_changed, r.leads), r.route_changed,
                     percent(r.route_changed, r.leads), r.deadline_changed, percent(r.deadline_changed, r.leads));
  if (r.has_cadence) out += fmt::format(", {} change cadence ({})", r.cadence_changed, percent(r.cadence_changed, r.leads));
  out += '\n';
  if (r.duplicates.records) out += fmt::format("warning: {}\n", duplicates_text(r.duplicates));
  stage_gap_text(r.stage_not_in_before, "old", out);
  stage_gap_text(r.stage_not_in_after, "new", out);
  matrix_text(r, out);
  pairs_text("Route changes (leads, before -> after)", r.route_changes, out);
  pairs_text("Deadline changes (leads, follow-up within before -> after)", r.deadline_changes, out);
  pairs_text("Cadence changes (leads, escalation steps before -> after)", r.cadence_changes, out);
  scores_text(r, out);
  rules_text(r, out);
  limits_text(limits, out);
  examples_text(r, out);
  return out;
}

}  // namespace baton::review
