// `baton diff OLD NEW [LEADS...]`: what a change to an SLA does to real
// leads, before it ships (review/include/baton/review/diff.hpp).
#include <fmt/format.h>

#include <charconv>

#include "baton/review/diff.hpp"
#include "baton/review/render.hpp"
#include "commands.hpp"
#include "load.hpp"
#include "review_input.hpp"

namespace baton::cli {

namespace {
struct DiffOptions {
  std::string before, after;
  ReviewInput input;
  std::string max_changed;
  std::vector<std::string> max_changed_to, max_changed_from;
  std::size_t examples = 3;
};

// "0.075%" -> 0.075, the percentage as written, to show the limit as given.
double given_percent(std::string_view text) {
  if (!text.empty() && text.back() == '%') text.remove_suffix(1);
  double v = -1;
  if (std::from_chars(text.data(), text.data() + text.size(), v).ec != std::errc()) return -1;  // parse_share accepted it
  return v;
}

// STAGE=P% as text; the stage is looked up in the SLA later.
CLI::Validator stage_limit_check() {
  return CLI::Validator(
      [](const std::string& text) {
        const auto eq = text.find('=');
        if (text.empty()) return std::string("an empty limit (an unset variable?); give STAGE=PERCENT, e.g. sql=5%");
        if (eq == std::string::npos || eq == 0) return fmt::format("`{}`: give STAGE=PERCENT, e.g. sql=5%", text);
        const std::string_view share = std::string_view(text).substr(eq + 1);
        if (share.empty()) return fmt::format("`{}`: no percentage after `=`; give STAGE=PERCENT, e.g. sql=5%", text);
        if (!parse_share(share))
          return fmt::format("`{}`: `{}` is not a percentage from 0% to 100%; give STAGE=PERCENT, e.g. sql=5%", text, share);
        return std::string();
      },
      "STAGE=P%");
}

// "sql=5%" -> a limit on leads moving to (or from) sql; false after a message.
bool parse_stage_limit(const std::string& text, review::DiffLimit::Kind kind, const Program& program,
                       const char* option, std::vector<review::DiffLimit>& out) {
  auto eq = text.find('=');
  auto share = eq == std::string::npos ? std::nullopt : parse_share(std::string_view(text).substr(eq + 1));
  if (!share) {
    fmt::print(stderr, "baton: {} `{}`: use STAGE=PERCENT, e.g. sql=5%\n", option, text);
    return false;
  }
  std::string stage = text.substr(0, eq);
  if (program.stage_index(stage) < 0) {
    fmt::print(stderr, "baton: {}: {} {} has no stage `{}`\n", option, program.name(), program.version(), stage);
    return false;
  }
  out.push_back({kind, stage, *share, given_percent(text.substr(eq + 1))});
  return true;
}

int run_diff(const DiffOptions& options) {
  if (!outputs_spare_review_inputs(options.input, {{"the old SLA", options.before}, {"the new SLA", options.after}}))
    return 2;
  auto before = load_program(options.before);
  if (!before) return 2;
  auto after = load_program(options.after);
  if (!after) return 2;
  std::vector<review::DiffLimit> limits;
  if (!options.max_changed.empty()) {
    auto share = parse_share(options.max_changed);
    if (!share) {
      fmt::print(stderr, "baton: --max-changed `{}`: use a percentage, e.g. 5%\n", options.max_changed);
      return 2;
    }
    limits.push_back({review::DiffLimit::any, "", *share, given_percent(options.max_changed)});
  }
  for (const auto& t : options.max_changed_to)
    if (!parse_stage_limit(t, review::DiffLimit::to_stage, *after, "--max-changed-to", limits)) return 2;
  for (const auto& t : options.max_changed_from)
    if (!parse_stage_limit(t, review::DiffLimit::from_stage, *before, "--max-changed-from", limits)) return 2;

  const ReviewInput& in = options.input;
  review::DiffResult result;
  int status = 0;
  if (in.leads.empty()) {
    if (!limits.empty()) {
      fmt::print(stderr, "baton: --max-changed needs leads to count\n");
      return 2;
    }
    result = review::diff_rules(*before, *after, 0);
  } else {
    auto as_of = resolve_as_of(in);
    if (!as_of) return 2;
    auto stream = stream_settings(in, *as_of);
    if (!stream) return 2;
    review::DiffSettings settings{*stream, options.examples};
    review::DiffRun run(before, after, settings);
    if (!run.error().empty()) {
      fmt::print(stderr, "baton: {}\n", run.error());
      return 2;
    }
    UnknownNames unknown;
    status = stream_leads(
        in, before, [&](std::string_view line, review::Rejection& why) { return run.add(line, why); },
        [&] { run.count_rejected(); }, unknown, after);
    result = run.result();
    if (!in.quiet && result.duplicates.records)
      fmt::print(stderr, "baton: {}\n", review::duplicates_text(result.duplicates));
    if (!in.quiet) {
      unknown.merge(run.unknown());
      print_unknown_names(unknown, in.decode.strict, "the old SLA");
    }
    if (status == 0 && result.rejected > 0) status = 1;
    // An export that came out empty must not pass a CI gate: nothing was checked.
    if (result.leads == 0 && status != 2) {
      if (!limits.empty()) {
        fmt::print(stderr, "baton: no lead was scored by both versions, so the limits were not checked\n");
        status = 1;
      } else if (!in.quiet) {
        fmt::print(stderr, "baton: no lead was scored by both versions\n");
      }
    }
  }
  auto checks = review::check_limits(result, limits);
  int written = write_outputs(in, review::diff_text(result, checks), review::diff_json(result, checks),
                              [&] { return review::diff_html(result, checks); });
  if (written != 0) return written;
  // The cause of a failure is printed even with --quiet, which silences notices only.
  for (const auto& c : checks) {
    if (!c.exceeded) continue;
    const auto [share, limit] = review::limit_percents(c.share, c.limit);
    fmt::print(stderr, "baton: {} {} leads ({}), more than the limit of {}\n", c.what, c.count, share, limit);
    if (status == 0) status = 1;
  }
  return status;
}
}  // namespace

void add_diff(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<DiffOptions>();
  auto* cmd = app.add_subcommand("diff", "Compare two versions of an SLA: the rules, and what changes for real leads");
  cmd->add_option("old", options->before, "the SLA before the change (source or .batonc)")->required();
  cmd->add_option("new", options->after, "the SLA after the change (source or .batonc)")->required();
  cmd->add_option("leads", options->input.leads, "JSON Lines or CSV files of leads (- for stdin); none: the rule summary alone");
  add_review_options(cmd, options->input);
  // An empty or unreadable limit is refused: skipping it would pass every CI gate.
  cmd->add_option("--max-changed", options->max_changed, "fail (exit 1) when more than this share of leads changes stage, e.g. 5%")
      ->check(share_check("5%"));
  // One value per occurrence (repeat the option), so leads may follow it.
  cmd->add_option("--max-changed-to", options->max_changed_to, "STAGE=P%: fail when more than P% of leads move into STAGE (repeatable)")
      ->allow_extra_args(false)
      ->check(stage_limit_check());
  cmd->add_option("--max-changed-from", options->max_changed_from, "STAGE=P%: fail when more than P% of leads move out of STAGE (repeatable)")
      ->allow_extra_args(false)
      ->check(stage_limit_check());
  // Checked as text: a size_t would take -1 as the largest count, "" as 0
  // and a count past 2^64 as the largest.
  cmd->add_option("--examples", options->examples, "example leads per changed cell of the stage matrix (default 3)")
      ->check(CLI::Validator(
          [](const std::string& value) {
            if (value.empty()) return std::string("an empty count (an unset variable?); give 0 or more leads (0: no examples)");
            if (value[0] == '-') return std::string("give 0 or more leads (0: no examples)");
            std::size_t n = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
            if (ec != std::errc() || end != value.data() + value.size())
              return fmt::format("`{}` is not a count of leads; give 0 or more (0: no examples)", value);
            return std::string();
          },
          "N >= 0"));
  cmd->callback([options, &exit_code] { exit_code = run_diff(*options); });
}

}  // namespace baton::cli
