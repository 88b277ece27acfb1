// `baton explain SLA LEAD`: why one lead got its scores, stage and route.
#include <fmt/format.h>

#include "baton/common/time.hpp"
#include "baton/runtime/csv.hpp"
#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/output.hpp"
#include "checked_write.hpp"
#include "commands.hpp"
#include "decode_flags.hpp"
#include "find_lead.hpp"
#include "lead_source.hpp"
#include "load.hpp"
#include "number_option.hpp"

namespace baton::cli {

namespace {
struct ExplainOptions {
  std::string program;
  std::string lead_file;
  std::string id;
  std::string as_of;
  std::string format = "text";
  bool all_rules = false;
  std::string time_zone;
  DecodeFlags decode;
  std::size_t max_record_bytes = 16 << 20;
};

int run_explain(const ExplainOptions& options) {
  const auto given = as_of_option(options.as_of, "");
  if (!given) return 2;
  const std::int64_t as_of = *given;
  if (!options.time_zone.empty() && !valid_time_zone(options.time_zone)) {
    fmt::print(stderr, "baton: --tz {}: not a time zone of the tz database (an IANA name such as America/New_York)\n",
               options.time_zone);
    return 2;
  }
  auto program = load_program(options.program);
  if (!program) return 2;
  if (!options.decode.valid()) return 2;
  Record record;
  const LeadWanted wanted{options.lead_file, options.id, options.max_record_bytes};
  bool found = false;
  auto find = [&](std::FILE* file, const std::string& path) {
    if (options.decode.is_csv(path)) {
      const auto mapping = options.decode.mapping();
      if (!mapping) return;
      CsvDecoder decoder(program, options.decode.options(), *mapping);
      found = find_csv_lead(file, wanted, decoder, record);
    } else {
      RecordDecoder decoder(program, options.decode.options());
      found = find_json_lead(file, wanted, decoder, record);
    }
  };
  if (!read_each_file({options.lead_file}, find) || !found) return 2;
  Evaluator evaluator(program);
  const Decision& d = evaluator.evaluate(record, as_of, /*explain=*/true);
  std::string out;
  if (options.format == "json") append_explain_json(*program, record, d, out);
  else append_explain_text(*program, record, d, out, ExplainStyle{options.all_rules, options.time_zone});
  write_stdout(out);
  return 0;
}
}  // namespace

void add_explain(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ExplainOptions>();
  auto* cmd = app.add_subcommand("explain", "Show why a lead got its scores, stage and route");
  cmd->add_option("sla", options->program, "SLA source or compiled .batonc")->required();
  cmd->add_option("lead", options->lead_file,
                  "a JSON file with one lead, or a JSON Lines or CSV file with --id (- for standard input)")
      ->required();
  options->decode.add_to(cmd);
  add_max_record_bytes(cmd, options->max_record_bytes,
                       "a longer lead record cannot be read, as score rejects it (default 16 MiB)");
  cmd->add_option("--id", options->id, "the lead to explain in a JSON Lines or CSV file (default: the first)")
      ->check(refuse_empty("an empty id (an unset variable?); give the lead's id, or leave --id out for the first lead"));
  add_as_of(cmd, options->as_of, "evaluation time, RFC 3339 (default: now)");
  cmd->add_option("--format", options->format, "text (default) or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("--all-rules", options->all_rules, "also list the rules that gave no points, with why (text; JSON always has them)");
  cmd->add_option("--tz", options->time_zone, "time zone for the times in the text, an IANA name (default: UTC)")
      ->check(refuse_empty("an empty time zone (an unset variable?); give an IANA name such as America/New_York, or "
                           "leave --tz out for UTC"));
  cmd->callback([options, &exit_code] { exit_code = run_explain(*options); });
}

}  // namespace baton::cli
