// `baton score SLA [LEADS.jsonl ...]`: one decision per lead, in input order.
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

#include "baton/common/time.hpp"
#include "baton/review/as_of.hpp"
#include "checked_write.hpp"
#include "commands.hpp"
#include "decode_flags.hpp"
#include "lead_source.hpp"
#include "load.hpp"
#include "number_option.hpp"
#include "same_file.hpp"
#include "score_pipeline.hpp"

namespace baton::cli {

namespace {
struct ScoreOptions {
  std::string program;
  std::vector<std::string> inputs;
  std::string format = "jsonl";
  std::string as_of;
  std::string as_of_field;
  unsigned threads = 1;
  std::string errors;
  DecodeFlags decode;
  bool quiet = false;
  bool changes = false;
  bool escape_formulas = false;
  std::size_t max_record_bytes = 16 << 20;
};

int run_score(const ScoreOptions& options) {
  std::vector<NamedFile> inputs{{"the SLA", options.program}, {"the mapping file", options.decode.map_file}};
  for (const auto& path : options.inputs.empty() ? std::vector<std::string>{"-"} : options.inputs)
    inputs.push_back({"the leads file", path});
  if (!outputs_spare_inputs({{"--errors", options.errors}}, inputs)) return 2;
  if (options.escape_formulas && options.format != "csv") {
    fmt::print(stderr, "baton: --csv-escape-formulas needs --format csv\n");
    return 2;
  }
  ScoreSettings settings;
  const bool notice = !options.quiet && options.as_of_field.empty();
  const auto given = as_of_option(options.as_of, notice ? "scoring as of {} (now; fix it with --as-of)" : "");
  if (!given) return 2;
  settings.as_of = *given;
  auto program = load_program(options.program);
  if (!program) return 2;
  if (!options.as_of_field.empty()) {
    std::string error;
    auto slot = review::as_of_slot(*program, options.as_of_field, error);
    if (!slot) {
      fmt::print(stderr, "baton: {}\n", error);
      return 2;
    }
    settings.as_of_slot = static_cast<int>(*slot);
    settings.as_of_field = options.as_of_field;
  }

  settings.csv = options.format == "csv";
  settings.csv_style.escape_formulas = options.escape_formulas;
  if (!options.decode.valid()) return 2;
  const auto mapping = options.decode.mapping();
  if (!mapping) return 2;
  settings.decode = options.decode.options();
  settings.threads = options.threads == 0 ? std::clamp(std::thread::hardware_concurrency(), 1u, kMaxThreads) : options.threads;
  settings.max_record_bytes = options.max_record_bytes;
  settings.progress = stderr_is_terminal() && !options.quiet;
  settings.changes_only = options.changes;

  std::FILE* errors = stderr;
  if (!options.errors.empty()) {
    errors = std::fopen(options.errors.c_str(), "wb");
    if (!errors) {
      fmt::print(stderr, "baton: cannot write {}: {}\n", options.errors, std::strerror(errno));
      return 2;
    }
  }
  int status = 0;
  const std::string errors_name = errors == stderr ? "stderr" : options.errors;
  ScorePipeline pipeline(program, settings, errors, errors_name);
  auto run = [&](std::FILE* in, const std::string& path) {
    auto source = LeadSource::open(in, path, options.decode.is_csv(path), program, options.decode, *mapping,
                                   options.max_record_bytes);
    if (!source || !pipeline.run(*source, path)) status = 2;
  };
  if (options.inputs.empty()) run(stdin, "-");
  if (!read_each_file(options.inputs, run)) status = 2;
  pipeline.finish();
  if (errors != stderr) close_file(errors, errors_name);
  const auto& c = pipeline.counts();
  if (!options.quiet) {
    fmt::print(stderr, "baton: read {} records, scored {}, rejected {}\n", c.read, c.scored, c.rejected);
    print_unknown_names(pipeline.unknown(), options.decode.strict);
  }
  if (status == 0 && c.rejected > 0) status = 1;
  return status;
}
}  // namespace

void add_score(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ScoreOptions>();
  auto* cmd = app.add_subcommand("score", "Score leads (JSON Lines or CSV) and print one decision per lead");
  cmd->add_option("sla", options->program, "SLA source or compiled .batonc")->required();
  cmd->add_option("leads", options->inputs, "JSON Lines or CSV files (default: standard input; - for stdin)");
  cmd->add_option("--format", options->format, "jsonl (default) or csv")->check(CLI::IsMember({"jsonl", "csv"}));
  cmd->add_flag("--csv-escape-formulas", options->escape_formulas,
                "with --format csv: put ' before a text cell starting with = + - @ (a spreadsheet would run it as a formula)");
  add_as_of(cmd, options->as_of, "evaluation time, RFC 3339 (default: now, printed on stderr)");
  cmd->add_option("--as-of-field", options->as_of_field, "score each lead as of this time field of its own record");
  cmd->add_option("--threads,-j", options->threads,
                  fmt::format("threads that score, the one reading the input among them (0: one per core; at most {}; "
                              "output order is input order)", kMaxThreads))
      ->check(CLI::Range(0u, kMaxThreads));
  cmd->add_option("--errors", options->errors, "write rejected records here as JSON Lines (default: stderr)");
  options->decode.add_to(cmd);
  add_max_record_bytes(cmd, options->max_record_bytes, "reject longer lines (default 16 MiB)");
  cmd->add_flag("--quiet,-q", options->quiet, "no summary or progress on stderr");
  cmd->add_flag("--changes", options->changes,
                "print only the leads that enter a stage (with their hand-off): the feed for CRM updates");
  cmd->callback([options, &exit_code] { exit_code = run_score(*options); });
}

}  // namespace baton::cli
