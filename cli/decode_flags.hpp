#pragma once
// The options every verb that reads lead records shares (score, explain,
// replay, ...): how strictly records are read, and how CRM text is coerced.
#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "baton/runtime/csv.hpp"
#include "baton/runtime/record.hpp"

namespace baton::cli {

struct DecodeFlags {
  bool strict = false;
  bool coerce = false;
  std::string coerce_zone;
  bool event_types_ignore_case = false;
  // CSV leads (docs/cli.md, "Lead data"): lead_source.cpp reads these.
  std::string input_format;  // "" (by extension), "jsonl" or "csv"
  std::vector<std::string> maps;  // "Company Size=company_size"
  std::string map_file;
  std::string decoder = "on-demand";  // DecodeOptions::decoder

  void add_to(CLI::App* cmd) {
    cmd->add_flag("--strict", strict, "reject records with fields or event types the SLA does not declare");
    cmd->add_flag("--coerce", coerce,
                  "read CRM text: \"120\" as a number, \"yes\" as true, \"2026-06-10 10:00:00\" and epoch "
                  "milliseconds as times (docs/cli.md)");
    cmd->add_option("--coerce-zone", coerce_zone,
                    "with --coerce, the IANA time zone of timestamps without one (default UTC)")
        ->check(CLI::Validator(
            [](const std::string& zone) {  // given empty (an unset "$VAR") it is no zone, not UTC
              return zone.empty() ? std::string("an empty time zone (an unset variable?); give an IANA name such as "
                                                "Europe/Berlin, or leave --coerce-zone out for UTC")
                                  : std::string();
            },
            ""));
    cmd->add_flag("--event-types-ignore-case", event_types_ignore_case,
                  "match event types whatever their letter case (\"Page_View\" is page_view)");
    cmd->add_option("--input-format", input_format, "jsonl or csv (default: csv for *.csv files, else jsonl)")
        ->check(CLI::IsMember({"jsonl", "csv"}));
    // One value per occurrence, so leads files may follow it.
    cmd->add_option("--map", maps, "CSV: COLUMN=FIELD puts a column into a lead field (repeatable; FIELD empty: ignore it)")
        ->allow_extra_args(false);
    cmd->add_option("--map-file", map_file, "CSV: the column mapping, a JSON object or COLUMN=FIELD lines");
    cmd->add_option("--decoder", decoder,
                    "on-demand (default) or dom: the reference JSON decoder, same records and errors (docs/cli.md)")
        ->check(CLI::IsMember({"on-demand", "dom"}));
  }

  // Whether a leads file is read as CSV: --input-format, else the extension.
  bool is_csv(const std::string& path) const;
  // --map and --map-file together; nullopt after a message when unusable.
  std::optional<CsvMapping> mapping() const;
  // The same, the message in `error` (without "baton: ") instead of printed.
  std::optional<CsvMapping> mapping(std::string& error) const;

  DecodeOptions options() const {
    DecodeOptions o;
    o.strict = strict;
    o.coerce = coerce;
    o.coerce_zone = coerce_zone;
    o.event_types_ignore_case = event_types_ignore_case;
    if (decoder == "dom") o.decoder = DecodeOptions::Decoder::dom;
    return o;
  }

  // An unknown --coerce-zone, said once before anything is read.
  bool valid() const;
  bool valid(std::string& error) const;  // the message in `error` instead
};

// "baton: ignored: event types Page_View (12); fields company_sise (3)": what
// the SLA does not declare, said after a run; nothing when all was known.
// "baton: ignored fields the SLA does not declare: ..." (`sla` names which SLA).
void print_unknown_names(const UnknownNames& unknown, bool strict, std::string_view sla = "the SLA");

}  // namespace baton::cli
