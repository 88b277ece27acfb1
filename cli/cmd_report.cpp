// `baton report SLA LEADS --outcomes FILE`: what converted, by stage, route,
// score band and rule (review/include/baton/review/report.hpp).
#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "baton/review/render.hpp"
#include "baton/review/report.hpp"
#include "commands.hpp"
#include "load.hpp"
#include "review_input.hpp"

namespace baton::cli {

namespace {
struct ReportOptions {
  std::string program;
  ReviewInput input;
  std::string outcomes;
  std::string won = "won";
  std::string catch_share = "80%";
  std::vector<std::string> bands;
  bool history = false;
};

// "fit=0,20,40" -> ("fit", {0, 20, 40}); false after a message.
bool parse_bands(const std::string& text, std::map<std::string, std::vector<double>>& out) {
  auto eq = text.find('=');
  bool ok = eq != std::string::npos && eq > 0;
  std::vector<double> edges;
  for (std::size_t at = eq + 1; ok && at <= text.size();) {
    auto comma = text.find(',', at);
    if (comma == std::string::npos) comma = text.size();
    double v = 0;
    auto [end, ec] = std::from_chars(text.data() + at, text.data() + comma, v);
    ok = ec == std::errc() && end == text.data() + comma;
    // from_chars reads "nan" and "inf", and 1e309 as out of range: a band
    // edge is a value a lead can have, or the label would be false.
    const bool out_of_range = ec == std::errc::result_out_of_range && end == text.data() + comma;
    if ((ok && !std::isfinite(v)) || out_of_range) {
      fmt::print(stderr, "baton: --bands `{}`: `{}` is {}; give edges such as fit=0,20,40\n", text,
                 text.substr(at, comma - at), out_of_range ? "out of the range of numbers" : "not a finite number");
      return false;
    }
    edges.push_back(v);
    at = comma + 1;
  }
  if (!ok || !std::is_sorted(edges.begin(), edges.end()) ||
      std::adjacent_find(edges.begin(), edges.end()) != edges.end()) {
    fmt::print(stderr, "baton: --bands `{}`: use SCORE=EDGE,EDGE,... in increasing order, e.g. fit=0,20,40\n", text);
    return false;
  }
  out[text.substr(0, eq)] = std::move(edges);
  return true;
}

std::shared_ptr<const review::Outcomes> load_outcomes(const std::string& path, int& status) {
  auto text = read_file(path);
  if (!text) {
    status = 2;
    return nullptr;
  }
  std::vector<review::OutcomeError> errors;
  auto outcomes = std::make_shared<const review::Outcomes>(review::Outcomes::parse(*text, errors));
  for (const auto& e : errors)
    fmt::print(stderr, "baton: {}:{}: {}{}{}\n", path, e.line, e.field, e.field.empty() ? "" : ": ", e.message);
  if (!errors.empty()) status = 1;  // the report goes on without those lines
  return outcomes;
}

int run_report(const ReportOptions& options) {
  if (!outputs_spare_review_inputs(options.input, {{"the SLA", options.program}, {"the outcomes file", options.outcomes}}))
    return 2;
  auto program = load_program(options.program);
  if (!program) return 2;
  review::ReportSettings settings;
  settings.won = options.won;
  auto share = parse_share(options.catch_share);
  if (!share || *share <= 0) {
    fmt::print(stderr, "baton: --catch `{}`: give a percentage above 0%, e.g. 80%\n", options.catch_share);
    return 2;
  }
  settings.catch_share = *share;
  settings.history = options.history;
  for (const auto& b : options.bands)
    if (!parse_bands(b, settings.bands)) return 2;
  const ReviewInput& in = options.input;
  auto as_of = resolve_as_of(in);
  if (!as_of) return 2;
  auto stream = stream_settings(in, *as_of);
  if (!stream) return 2;
  settings.stream = *stream;

  int status = 0;
  auto outcomes = load_outcomes(options.outcomes, status);
  if (!outcomes) return 2;
  review::ReportRun run(program, outcomes, settings);
  if (!run.error().empty()) {
    fmt::print(stderr, "baton: {}\n", run.error());
    return 2;
  }
  UnknownNames unknown;
  int streamed = stream_leads(
      in, program, [&](std::string_view line, review::Rejection& why) { return run.add(line, why); },
      [&] { run.count_rejected(); }, unknown);
  if (!in.quiet) {
    unknown.merge(run.unknown());
    print_unknown_names(unknown, in.decode.strict);
  }
  if (streamed != 0) status = streamed;
  review::ReportResult result = run.result();
  if (!in.quiet && result.duplicates.records)
    fmt::print(stderr, "baton: {}\n", review::duplicates_text(result.duplicates));
  if (status == 0 && result.rejected > 0) status = 1;
  int written = write_outputs(in, review::report_text(result), review::report_json(result),
                              [&] { return review::report_html(result); });
  return written != 0 ? written : status;
}
}  // namespace

void add_report(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ReportOptions>();
  auto* cmd = app.add_subcommand("report", "What converted: funnel, conversion by stage, route, score band and rule");
  cmd->add_option("sla", options->program, "SLA source or compiled .batonc")->required();
  cmd->add_option("leads", options->input.leads, "JSON Lines or CSV files of leads (- for stdin)")->required();
  cmd->add_option("--outcomes", options->outcomes, "JSON Lines or CSV of lead id, outcome, date")->required();
  add_review_options(cmd, options->input);
  cmd->add_option("--won", options->won, "the outcome thresholds are judged by (default: won)");
  cmd->add_option("--catch", options->catch_share, "share of won leads a suggested threshold must catch (default 80%)")
      ->check(share_check("80%"));
  cmd->add_option("--bands", options->bands, "SCORE=EDGES: bands for a score instead of deciles, e.g. fit=0,20,40 (repeatable)")
      ->allow_extra_args(false);  // one value per occurrence, so leads may follow it
  cmd->add_flag("--history", options->history, "replay each lead for the days between stages and to the won outcome (slower)");
  cmd->callback([options, &exit_code] { exit_code = run_report(*options); });
}

}  // namespace baton::cli
