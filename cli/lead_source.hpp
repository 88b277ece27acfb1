#pragma once
// Lead records from one input file, JSON Lines or CSV (docs/cli.md, "Lead
// data"), one at a time as JSON text: a CSV row is rewritten as the JSON
// record CsvDecoder::to_json gives, so every verb reads both formats through
// its usual RecordDecoder (made with CsvDecoder::csv_options for CSV).
// Memory stays bounded by one block and one record.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "baton/runtime/csv.hpp"
#include "baton/runtime/program.hpp"
#include "decode_flags.hpp"
#include "line_reader.hpp"

namespace baton::cli {

struct LeadLine {
  std::string_view json;   // the record (valid until the next call)
  std::uint64_t line = 0;  // the physical line it starts on
  bool oversized = false;  // longer than the limit: json is empty
  // A CSV row that gives no record (bad quoting, a ragged row, an unknown
  // column under --strict): `error` says why, json is empty.
  bool failed = false;
  std::string id;  // the row's id when `failed` and known
  DecodeError error;
};

class LeadSource {
 public:
  // Reads the CSV header when `csv`; nullptr after a message on stderr when
  // the header is missing or unusable.
  static std::unique_ptr<LeadSource> open(std::FILE* file, const std::string& name, bool csv,
                                          const std::shared_ptr<const Program>& program, const DecodeFlags& flags,
                                          const CsvMapping& mapping, std::size_t max_record_bytes);

  // The next record (blank lines skipped); false at the end.
  bool next(LeadLine& lead);
  bool csv() const { return csv_ != nullptr; }
  std::uint64_t bytes_read() const;
  bool failed() const;
  // Unknown CSV columns seen (JSON records count theirs in their decoder).
  const UnknownNames* unknown() const;

 private:
  LeadSource() = default;
  std::unique_ptr<LineReader> lines_;
  std::unique_ptr<CsvReader> rows_;
  std::unique_ptr<CsvDecoder> csv_;
  CsvRow row_;
  std::string json_;
  std::size_t max_record_bytes_ = 0;
};

// Calls read(file, path) for each leads file in turn ("-" is stdin); a file
// that cannot be opened is said on stderr and skipped. False when one could
// not be opened.
template <typename Read>
bool read_each_file(const std::vector<std::string>& paths, Read&& read) {
  bool ok = true;
  for (const auto& path : paths) {
    std::FILE* file = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
    if (!file) {
      std::fprintf(stderr, "baton: cannot read %s: %s\n", path.c_str(), std::strerror(errno));
      ok = false;
      continue;
    }
    read(file, path);
    if (file != stdin) std::fclose(file);
  }
  return ok;
}

}  // namespace baton::cli
