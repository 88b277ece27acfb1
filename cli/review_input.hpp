#pragma once
// What `baton diff` and `baton report` share on the command line: the leads
// files, the evaluation time (--as-of, --as-of-field), rejected records
// (--errors) and the output options (--json, --html).
#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "baton/review/lead_stream.hpp"
#include "decode_flags.hpp"
#include "same_file.hpp"

namespace baton::cli {

struct ReviewInput {
  std::vector<std::string> leads;
  std::string as_of, as_of_field, errors;
  DecodeFlags decode;  // --strict, --coerce, CSV leads (--input-format, --map)
  bool quiet = false, json = false;
  std::string html;
  std::size_t max_record_bytes = 16 << 20;
};

void add_review_options(CLI::App* cmd, ReviewInput& in);

// --errors and --html against the leads, --map-file and `inputs` (the SLAs,
// the outcomes): false after a message when one would overwrite an input.
bool outputs_spare_review_inputs(const ReviewInput& in, std::vector<NamedFile> inputs);

// --as-of as epoch seconds: now when not given (printed on stderr unless
// quiet or --as-of-field decides); nullopt after a message when unusable.
std::optional<std::int64_t> resolve_as_of(const ReviewInput& in);

// How leads are read and when they are scored; nullopt after a message when
// the decode options are unusable or CSV and JSON Lines files are mixed (one
// run reads all its leads alike).
std::optional<review::StreamSettings> stream_settings(const ReviewInput& in, std::int64_t as_of);

// Feeds every lead record of the files (JSON Lines, or CSV rows as JSON) (standard input for "-") to `add`;
// rejected lines are written as JSON Lines to --errors (default stderr).
// `oversized_line` counts a record rejected before `add` saw it (a line
// over --max-record-bytes, never buffered; a CSV row that gives no record).
// `program` reads CSV headers; CSV columns it does not declare are added to
// `columns`. `also` (diff's new version) reads them too, and the columns
// only it declares join each record. Returns 2 when a file cannot be read,
// else 0; a failed write to --errors throws WriteFailed (checked_write.hpp).
int stream_leads(const ReviewInput& in, const std::shared_ptr<const Program>& program,
                 const std::function<bool(std::string_view, review::Rejection&)>& add,
                 const std::function<void()>& oversized_line, UnknownNames& columns,
                 const std::shared_ptr<const Program>& also = nullptr);

// Prints text or JSON on stdout (or throws WriteFailed) and writes --html; 2 when the page cannot be written.
int write_outputs(const ReviewInput& in, const std::string& text, const std::string& json,
                  const std::function<std::string()>& html);

// "5%", "5" or "0.5%" as a share (0.05, 0.05, 0.005); nullopt when not a
// percentage from 0 to 100 (also "nan", "inf" and "").
std::optional<double> parse_share(std::string_view text);

// Refuses a value of a percentage option that parse_share does not read, an
// empty one (an unset "$MAX") with its own message: a usage error, exit 2.
CLI::Validator share_check(const std::string& example);

}  // namespace baton::cli
