// `baton replay SLA [LEADS.jsonl ...]`: each lead's stage history, walked
// through its own events in time order (runtime/include/baton/runtime/replay.hpp).
#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include "baton/common/printable.hpp"
#include "baton/common/time.hpp"
#include "baton/runtime/output.hpp"
#include "baton/runtime/replay.hpp"
#include "checked_write.hpp"
#include "commands.hpp"
#include "decode_flags.hpp"
#include "lead_source.hpp"
#include "load.hpp"
#include "number_option.hpp"

namespace baton::cli {

namespace {
struct ReplayCliOptions {
  std::string program;
  std::vector<std::string> inputs;
  std::string as_of;
  std::string format = "jsonl";
  bool daily = false;
  DecodeFlags decode;
  std::size_t max_record_bytes = 16 << 20;
  bool quiet = false;
};

// The stage rule that moved the lead: the arm that matched (a stage may have
// several), or the stage's first arm when the walk did not say.
struct StepRule {
  std::uint32_t line;
  std::string_view text;
};
StepRule step_rule(const Program& program, const ReplayStep& step) {
  const ProgramImage& image = program.image();
  if (step.arm >= 0 && static_cast<std::size_t>(step.arm) < image.stage_arms.size())
    return {image.stage_arms[step.arm].line, image.stage_arms[step.arm].text};
  return {image.stages[step.stage].line, image.stages[step.stage].text};
}

void append_step_json(const Program& program, const ReplayStep& step, std::string& out) {
  const StepRule rule = step_rule(program, step);
  out += "{\"at\":\"" + format_time(step.at) + "\",\"stage\":";
  append_json_string(program.image().stages[step.stage].name, out);
  out += ",\"from\":";
  if (step.previous_stage < 0) out += "null";
  else append_json_string(program.image().stages[step.previous_stage].name, out);
  out += fmt::format(",\"rule\":{{\"line\":{},\"text\":", rule.line);
  append_json_string(rule.text, out);
  out += "},\"handoff\":";
  out += step.handoff_json.empty() ? "null" : step.handoff_json;
  out += '}';
}

void append_history_json(const Program& program, const Record& record, const std::vector<ReplayStep>& steps,
                         std::int64_t as_of, std::string& out) {
  out += "{\"id\":";
  if (record.has_id) append_json_string(record.id, out);
  else out += "null";
  out += ",\"stage\":";
  if (steps.empty()) out += "null";
  else append_json_string(program.image().stages[steps.back().stage].name, out);
  out += ",\"history\":[";
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (i) out += ',';
    append_step_json(program, steps[i], out);
  }
  out += "],\"sla\":";
  append_json_string(program.name(), out);
  out += ",\"version\":";
  append_json_string(program.version(), out);
  out += ",\"fingerprint\":";
  append_json_string(program.fingerprint(), out);
  out += ",\"as_of\":\"" + format_time(as_of) + "\"}\n";
}

// L001
//   2026-06-07T13:48:25Z  enters lead            line 121  lead otherwise
//   2026-11-11T08:23:13Z  enters sql (from lead) line 117  sql when ...
//                         hand-off: Head of Analytics at Corvalis: fit 40 ...
void append_history_text(const Program& program, const Record& record, const std::vector<ReplayStep>& steps,
                         std::string& out) {
  out += record.has_id ? printable(record.id) : std::string("(no id)");  // an id's newline would forge a line
  out += '\n';
  const auto& stages = program.image().stages;
  for (const ReplayStep& step : steps) {
    std::string move = "enters " + stages[step.stage].name;
    if (step.previous_stage >= 0) move += " (from " + stages[step.previous_stage].name + ")";
    const StepRule rule = step_rule(program, step);
    out += fmt::format("  {}  {:<28} line {}  {}\n", format_time(step.at), move, rule.line, rule.text);
  }
}

int run_replay(const ReplayCliOptions& options) {
  const auto given = as_of_option(options.as_of, options.quiet ? "" : "replaying up to {} (now; fix it with --as-of)");
  if (!given) return 2;
  const std::int64_t as_of = *given;
  auto program = load_program(options.program);
  if (!program) return 2;
  if (!options.decode.valid()) return 2;
  const auto mapping = options.decode.mapping();
  if (!mapping) return 2;
  // The walk writes the stages it reaches into the current-stage fields, so
  // the record's own, known to the SLA or not, are never used (docs/cli.md).
  DecodeOptions decode = options.decode.options();
  decode.check_current_stage = false;
  RecordDecoder decoder(program, decode);
  RecordDecoder csv_decoder(program, CsvDecoder::csv_options(decode));
  UnknownNames columns;  // unknown CSV columns
  Record record;
  Replayer replayer(program, ReplayOptions{options.daily});
  std::uint64_t read = 0, replayed = 0, rejected = 0;
  int status = 0;
  std::string out;
  auto run = [&](std::FILE* in, const std::string& name) {
    auto source = LeadSource::open(in, name, options.decode.is_csv(name), program, options.decode, *mapping,
                                   options.max_record_bytes);
    if (!source) {
      status = 2;
      return;
    }
    RecordDecoder& reader = source->csv() ? csv_decoder : decoder;
    LeadLine lead;
    while (source->next(lead)) {
      ++read;
      DecodeError error = lead.error;
      record.has_id = false;
      if (lead.failed || lead.oversized) {
        record.id = lead.id;
        record.has_id = !lead.id.empty();
      }
      if (lead.oversized || lead.failed || !reader.decode(lead.json, record, error)) {
        ++rejected;
        std::string e = fmt::format("{{\"line\":{},\"id\":", lead.line);
        if (record.has_id) append_json_string(record.id, e);
        else e += "null";
        e += ",\"field\":";
        if (error.field.empty()) e += "null";
        else append_json_string(error.field, e);
        e += ",\"error\":";
        append_json_string(
            lead.oversized ? fmt::format("record is larger than {} bytes", options.max_record_bytes) : error.message, e);
        e += ",\"file\":";
        append_json_string(name, e);
        e += "}\n";
        write_to(stderr, e, "stderr");
        continue;
      }
      const auto& steps = replayer.replay(record, as_of);
      out.clear();
      if (options.format == "text") append_history_text(*program, record, steps, out);
      else append_history_json(*program, record, steps, as_of, out);
      write_stdout(out);
      ++replayed;
    }
    if (const UnknownNames* unknown = source->unknown()) columns.merge(*unknown);
    if (!source->read_to_end(name)) status = 2;
  };
  if (options.inputs.empty()) run(stdin, "-");
  if (!read_each_file(options.inputs, run)) status = 2;
  flush_to(stdout, "stdout");
  if (!options.quiet) {
    fmt::print(stderr, "baton: read {} records, replayed {}, rejected {}\n", read, replayed, rejected);
    columns.merge(decoder.unknown());
    columns.merge(csv_decoder.unknown());
    print_unknown_names(columns, options.decode.strict);
  }
  if (status == 0 && rejected > 0) status = 1;
  return status;
}
}  // namespace

void add_replay(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ReplayCliOptions>();
  auto* cmd = app.add_subcommand("replay", "Walk each lead through its events in time order and print its stage history");
  cmd->add_option("sla", options->program, "SLA source or compiled .batonc")->required();
  cmd->add_option("leads", options->inputs, "JSON Lines or CSV files (default: standard input; - for stdin)");
  add_as_of(cmd, options->as_of, "replay up to this time, RFC 3339 (default: now, printed on stderr)");
  cmd->add_flag("--daily", options->daily, "also apply the rules at every midnight UTC between events");
  cmd->add_option("--format", options->format, "jsonl (default) or text")->check(CLI::IsMember({"jsonl", "text"}));
  options->decode.add_to(cmd);
  add_max_record_bytes(cmd, options->max_record_bytes, "reject longer lines (default 16 MiB)");
  cmd->add_flag("--quiet,-q", options->quiet, "no summary on stderr");
  cmd->callback([options, &exit_code] { exit_code = run_replay(*options); });
}

}  // namespace baton::cli
