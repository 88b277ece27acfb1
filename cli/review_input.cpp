#include "review_input.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>

#include "baton/common/time.hpp"
#include "checked_write.hpp"
#include "load.hpp"
#include "number_option.hpp"
#include "lead_source.hpp"

namespace baton::cli {

void add_review_options(CLI::App* cmd, ReviewInput& in) {
  add_as_of(cmd, in.as_of, "evaluation time, RFC 3339 (default: now, printed on stderr)");
  cmd->add_option("--as-of-field", in.as_of_field, "score each lead as of this time field of its own record");
  cmd->add_option("--errors", in.errors, "write rejected lead records here as JSON Lines (default: stderr)");
  in.decode.add_to(cmd);
  add_max_record_bytes(cmd, in.max_record_bytes, "reject longer lines (default 16 MiB)");
  cmd->add_flag("--json", in.json, "print JSON for tools instead of text");
  cmd->add_option("--html", in.html, "also write a self-contained HTML page to this file");
  cmd->add_flag("--quiet,-q", in.quiet, "no notices on stderr");
}

bool outputs_spare_review_inputs(const ReviewInput& in, std::vector<NamedFile> inputs) {
  for (const auto& path : in.leads) inputs.push_back({"the leads file", path});
  inputs.push_back({"the mapping file", in.decode.map_file});
  return outputs_spare_inputs({{"--errors", in.errors}, {"--html", in.html}}, inputs);
}

std::optional<std::int64_t> resolve_as_of(const ReviewInput& in) {
  if (!in.as_of.empty()) {
    if (auto t = parse_time(in.as_of); t && *t >= kFirstTime) return *t;
    else if (t)
      fmt::print(stderr, "baton: --as-of: `{}` is before the year 1; times run from 0001-01-01 to 9999-12-31\n",
                 in.as_of);
    else
      fmt::print(stderr, "baton: --as-of: `{}` is not a time; use e.g. 2026-11-23T00:00:00Z\n", in.as_of);
    return std::nullopt;
  }
  using namespace std::chrono;
  std::int64_t now = duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
  if (!in.quiet && in.as_of_field.empty())
    fmt::print(stderr, "baton: scoring as of {} (now; fix it with --as-of)\n", format_time(now));
  return now;
}

std::optional<review::StreamSettings> stream_settings(const ReviewInput& in, std::int64_t as_of) {
  if (!in.decode.valid()) return std::nullopt;
  std::size_t csv = 0;
  for (const auto& path : in.leads) csv += in.decode.is_csv(path) ? 1 : 0;
  if (csv > 0 && csv < in.leads.size()) {
    fmt::print(stderr, "baton: the leads files mix CSV and JSON Lines; give one kind per run (or --input-format)\n");
    return std::nullopt;
  }
  review::StreamSettings settings;
  settings.as_of = as_of;
  settings.as_of_field = in.as_of_field;
  settings.decode = in.decode.options();
  if (csv > 0) settings.decode.coerce = true;
  return settings;
}

int stream_leads(const ReviewInput& in, const std::shared_ptr<const Program>& program,
                 const std::function<bool(std::string_view, review::Rejection&)>& add,
                 const std::function<void()>& oversized_line, UnknownNames& columns,
                 const std::shared_ptr<const Program>& also) {
  std::FILE* errors = stderr;
  if (!in.errors.empty() && !(errors = std::fopen(in.errors.c_str(), "wb"))) {
    fmt::print(stderr, "baton: cannot write {}: {}\n", in.errors, std::strerror(errno));
    return 2;
  }
  const std::string errors_name = errors == stderr ? "stderr" : in.errors;
  int status = 0;
  const auto mapping = in.decode.mapping();
  if (!mapping) status = 2;
  std::string rejected;
  review::Rejection why;
  auto read = [&](std::FILE* file, const std::string& path) {
    auto source = LeadSource::open(file, path, in.decode.is_csv(path), program, in.decode, *mapping, in.max_record_bytes,
                                   also);
    LeadLine lead;
    while (source && source->next(lead)) {
      rejected.clear();
      if (lead.oversized) {
        why = {lead.id, !lead.id.empty(), "", fmt::format("record is larger than {} bytes", in.max_record_bytes)};
        oversized_line();
      } else if (lead.failed) {
        why = {lead.id, !lead.id.empty(), lead.error.field, lead.error.message};
        oversized_line();
      } else if (add(lead.json, why)) {
        continue;
      }
      review::append_rejection_json(why, lead.line, path, rejected);
      write_to(errors, rejected, errors_name);
    }
    if (const UnknownNames* unknown = source ? source->unknown() : nullptr) columns.merge(*unknown);
    if (!source || !source->read_to_end(path)) status = 2;
  };
  if (mapping && !read_each_file(in.leads, read)) status = 2;
  if (errors != stderr) close_file(errors, errors_name);
  return status;
}

int write_outputs(const ReviewInput& in, const std::string& text, const std::string& json,
                  const std::function<std::string()>& html) {
  write_stdout(in.json ? json : text);
  flush_to(stdout, "stdout");
  if (in.html.empty()) return 0;
  std::string error;
  if (!write_whole_file(in.html, html(), error)) {
    fmt::print(stderr, "baton: cannot write {}: {}\n", in.html, error);
    return 2;
  }
  if (!in.quiet) fmt::print(stderr, "baton: wrote {}\n", in.html);
  return 0;
}

std::optional<double> parse_share(std::string_view text) {
  if (!text.empty() && text.back() == '%') text.remove_suffix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !(v >= 0 && v <= 100)) return std::nullopt;  // NaN too
  return v / 100;
}

CLI::Validator share_check(const std::string& example) {
  return CLI::Validator(
      [example](const std::string& text) {
        if (text.empty()) return "an empty percentage (an unset variable?); give one, e.g. " + example;
        if (!parse_share(text)) return fmt::format("`{}` is not a percentage from 0% to 100%; give one, e.g. {}", text, example);
        return std::string();
      },
      "P%");
}

}  // namespace baton::cli
