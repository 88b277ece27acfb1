// `baton serve SLA... [--listen HOST:PORT]`: the REST decision service
// (docs/service.md). The service itself lives in service/.
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <system_error>

#include "baton/service/serve.hpp"
#include "commands.hpp"
#include "decode_flags.hpp"
#include "same_file.hpp"

namespace baton::cli {

namespace {

// A timing option's seconds: a finite number up to 1e6, above 0 when
// `positive`. CLI::Range let `nan` through (no comparison with it fails), and
// a read or an idle connection given 0 s gave up before the client could send.
CLI::Validator serve_seconds(bool positive) {
  return CLI::Validator(
      [positive](std::string& text) -> std::string {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        const bool number = !text.empty() && end == text.c_str() + text.size() && std::isfinite(value);
        if (number && value <= 1e6 && (positive ? value > 0 : value >= 0)) return {};
        return fmt::format("`{}` is not a number of seconds {}", text,
                           positive ? "above 0 (at most 1000000)" : "from 0 to 1000000");
      },
      positive ? "SECONDS>0" : "SECONDS>=0");
}

// A count (bytes, requests): a whole number from 1 to 2^64-1. CLI11 read
// `-5` into a std::size_t as 2^64-5, and a number past 2^64 as 2^64-1: no
// limit at all.
CLI::Validator serve_count() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::uint64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [at, error] = std::from_chars(text.data(), end, value);
        if (error == std::errc{} && at == end && value > 0) return {};
        return fmt::format("`{}` is not a whole number above 0{}", text,
                           error == std::errc::result_out_of_range ? " and below 2^64" : "");
      },
      "N>0");
}

}  // namespace

void add_serve(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<service::ServeOptions>();
  auto* cmd = app.add_subcommand("serve", "Serve decisions over HTTP (JSON), with hot reload and metrics");
  cmd->add_option("sla", options->programs, "SLA sources or compiled .batonc files, served by their sla name")
      ->required();
  cmd->add_option("--listen", options->listen, "HOST:PORT to listen on (default 127.0.0.1:8080; port 0: any free port)");
  cmd->add_option("--port-file", options->port_file, "write the bound port to this file once listening");
  cmd->add_option("--threads,-j", options->threads,
                  fmt::format("request workers, one connection each at a time (0: four per core, 8 to 64; at most {})",
                              service::kMaxThreads))
      ->check(CLI::Range(0u, service::kMaxThreads));
  cmd->add_option("--max-body-bytes", options->max_body_bytes, "larger request bodies get 413 (default 16 MiB)")
      ->check(serve_count());
  cmd->add_option("--request-timeout", options->request_timeout, "seconds each read of a request or write of a response may wait (default 30)")
      ->check(serve_seconds(true));
  cmd->add_option("--request-deadline", options->request_deadline,
                  "seconds to receive a whole request, headers and body, from its first byte (default 60)")
      ->check(serve_seconds(true));
  cmd->add_option("--response-deadline", options->response_deadline,
                  "seconds for a client to take a whole answer from its first byte; a slower one is cut (default 60)")
      ->check(serve_seconds(true));
  cmd->add_option("--idle-timeout", options->idle_timeout,
                  "seconds a connection may wait for its next request, its first too (default 5)")
      ->check(serve_seconds(true));
  cmd->add_option("--shutdown-timeout", options->shutdown_timeout, "seconds SIGTERM waits for requests in flight (default 30; 0: none)")
      ->check(serve_seconds(false));
  cmd->add_option("--keep-alive-requests", options->keep_alive_requests, "requests per connection before it is closed (default 10000)")
      ->check(serve_count());
  cmd->add_option("--watch-interval", options->watch_interval, "seconds between checks of the SLA files for changes (default 1; 0: off)")
      ->check(serve_seconds(false));
  cmd->add_flag("--allow-reload-endpoint", options->allow_reload_endpoint, "enable POST /v1/reload");
  cmd->add_flag("--strict", options->decode.strict, "reject records with unknown fields or event types");
  cmd->add_flag("--coerce", options->decode.coerce,
                "read CRM text: \"120\" as a number, \"yes\" as true, \"2026-06-10 10:00:00\" as a time (docs/cli.md)");
  cmd->add_option("--coerce-zone", options->decode.coerce_zone,
                  "with --coerce, the IANA time zone of timestamps without one (default UTC)");
  cmd->add_flag("--event-types-ignore-case", options->decode.event_types_ignore_case,
                "match event types whatever their letter case (\"Page_View\" is page_view)");
  // One value per occurrence, so SLA files may follow it.
  auto flags = std::make_shared<DecodeFlags>();
  cmd->add_option("--map", flags->maps, "CSV bodies: COLUMN=FIELD puts a column into a lead field (repeatable; FIELD empty: ignore it)")
      ->allow_extra_args(false);
  cmd->add_option("--map-file", flags->map_file, "CSV bodies: the column mapping, a JSON object or COLUMN=FIELD lines");
  cmd->add_option("--decision-log", options->decision_log, "append every input and decision to this file (JSON Lines)");
  cmd->add_option("--mask-field", options->mask_fields, "a field whose value the decision log replaces by \"***\" (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->allow_extra_args(false);  // one name per --mask-field: a following SLA file is not a field
  cmd->callback([options, flags, &exit_code] {
    flags->coerce_zone = options->decode.coerce_zone;
    // As every other startup error of the service: a JSON log line.
    std::string error;
    // The port file and the decision log must not overwrite what is served.
    std::vector<NamedFile> inputs;
    for (const std::string& sla : options->programs) inputs.push_back({"the SLA", sla});
    inputs.push_back({"--map-file", flags->map_file});
    error = output_over_input({{"--port-file", options->port_file}, {"--decision-log", options->decision_log}}, inputs);
    auto mapping = error.empty() && flags->valid(error) ? flags->mapping(error) : std::nullopt;
    if (!mapping) {
      service::log_usage_error(error);
      exit_code = 2;
      return;
    }
    options->csv_mapping = std::move(*mapping);
    exit_code = service::serve(*options);
  });
}

bool serve_usage_error(const CLI::App& app, const CLI::ParseError& error) {
  if (error.get_exit_code() == 0 || !app.got_subcommand("serve")) return false;  // --help, --version, another verb
  service::log_usage_error(error.what());
  return true;
}

}  // namespace baton::cli
