// `baton explain SLA LEAD`: why one lead got its scores, stage and route.
#include <fmt/format.h>

#include <optional>
#include <sstream>

#include "baton/common/printable.hpp"
#include "baton/common/time.hpp"
#include "baton/runtime/evaluator.hpp"
#include "baton/runtime/output.hpp"
#include "checked_write.hpp"
#include "commands.hpp"
#include "baton/runtime/csv.hpp"
#include "decode_flags.hpp"
#include "load.hpp"

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

// "no lead with id `L9`", saying when records too long to read may hold it.
void print_not_found(const std::string& name, const std::string& id, std::uint64_t oversized,
                     std::size_t max_record_bytes) {
  if (id.empty()) fmt::print(stderr, "baton: {}: no lead record found", name);
  else fmt::print(stderr, "baton: {}: no lead with id `{}`", name, id);
  if (oversized > 0)
    fmt::print(stderr, " ({} record{} longer than --max-record-bytes {} {} not read)", oversized,
               oversized == 1 ? "" : "s", max_record_bytes, oversized == 1 ? "was" : "were");
  fmt::print(stderr, "\n");
}

// The lead to explain: the file's only (possibly pretty-printed) JSON
// object, or the record with --id (or the first) in a JSON Lines file.
// Errors name the file and the line. A record longer than --max-record-bytes is not read, as `score`
// rejects it: without --id that is the error, with --id it is passed over
// (its id is unknown).
std::optional<std::string> find_lead(const std::string& text, const std::string& name, const std::string& id,
                                     std::size_t max_record_bytes, RecordDecoder& decoder, Record& record) {
  DecodeError error;
  const bool fits = text.size() <= max_record_bytes;
  if (fits && decoder.decode(text, record, error)) {  // one object, on one line or several
    if (id.empty() || record.id == id) return text;
    fmt::print(stderr, "baton: {}: no lead with id `{}` (the file holds one lead, `{}`)\n", name, id, printable(record.id));
    return std::nullopt;
  }
  const bool lines_of_json = looks_like_json_lines(text);
  if (!fits && !lines_of_json) error = {"", fmt::format("record is larger than {} bytes", max_record_bytes)};
  if (!error.field.empty() || !lines_of_json) {  // one object: too long, with a bad value or malformed
    fmt::print(stderr, "baton: {}: the lead cannot be read: {}{}{}\n", name, error.field,
               error.field.empty() ? "" : ": ", error.message);
    return std::nullopt;
  }
  std::istringstream lines(text);
  std::string line;
  std::uint64_t number = 0, oversized = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (line.size() > max_record_bytes) {
      ++oversized;
      if (!id.empty()) continue;
      fmt::print(stderr, "baton: {}:{}: the lead cannot be read: record is larger than {} bytes\n", name, number,
                 max_record_bytes);
      return std::nullopt;
    }
    if (decoder.decode(line, record, error)) {
      if (id.empty() || record.id == id) return line;
    } else if (id.empty() || (record.has_id && record.id == id)) {
      fmt::print(stderr, "baton: {}:{}: the lead cannot be read: {}{}{}\n", name, number, error.field,
                 error.field.empty() ? "" : ": ", error.message);
      return std::nullopt;
    }
  }
  print_not_found(name, id, oversized, max_record_bytes);
  return std::nullopt;
}

// The same for a CSV file: the row with --id, or the first row.
bool find_csv_lead(const std::string& text, const std::string& name, const std::string& id,
                   std::size_t max_record_bytes, CsvDecoder& decoder, Record& record) {
  CsvReader reader(std::string_view{text}, max_record_bytes);
  CsvRow row;
  std::string error;
  if (!decoder.read_header(reader, row, error)) {
    fmt::print(stderr, "baton: {}: the header: {}\n", name, error);
    return false;
  }
  while (reader.next(row)) {
    DecodeError e{"", row.error};
    record.id = decoder.id_of(row.cells);
    record.has_id = !record.id.empty();
    if (row.error.empty() && decoder.decode(row.cells, record, e)) {
      if (id.empty() || record.id == id) return true;
    } else if (id.empty() || (record.has_id && record.id == id)) {
      fmt::print(stderr, "baton: {}:{}: the lead cannot be read: {}{}{}\n", name, row.line, e.field,
                 e.field.empty() ? "" : ": ", e.message);
      return false;
    }
  }
  print_not_found(name, id, 0, max_record_bytes);
  return false;
}

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
  auto text = options.lead_file == "-" ? read_stdin() : read_file(options.lead_file);
  if (!text) return 2;
  Record record;
  if (options.decode.is_csv(options.lead_file)) {
    const auto mapping = options.decode.mapping();
    if (!mapping) return 2;
    CsvDecoder decoder(program, options.decode.options(), *mapping);
    if (!find_csv_lead(*text, options.lead_file, options.id, options.max_record_bytes, decoder, record)) return 2;
  } else {
    RecordDecoder decoder(program, options.decode.options());
    if (!find_lead(*text, options.lead_file, options.id, options.max_record_bytes, decoder, record)) return 2;
  }
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
  cmd->add_option("--max-record-bytes", options->max_record_bytes,
                  "a longer lead record cannot be read, as score rejects it (default 16 MiB)");
  cmd->add_option("--id", options->id, "the lead to explain in a JSON Lines or CSV file (default: the first)");
  cmd->add_option("--as-of", options->as_of, "evaluation time, RFC 3339 (default: now)");
  cmd->add_option("--format", options->format, "text (default) or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("--all-rules", options->all_rules, "also list the rules that gave no points, with why (text; JSON always has them)");
  cmd->add_option("--tz", options->time_zone, "time zone for the times in the text, an IANA name (default: UTC)");
  cmd->callback([options, &exit_code] { exit_code = run_explain(*options); });
}

}  // namespace baton::cli
