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
  bool oversized = false;  // longer than the limit: json is empty, id as its first bytes name it
  // A CSV row that gives no record (bad quoting, a ragged row, an unknown
  // column under --strict): `error` says why, json is empty.
  bool failed = false;
  std::string id;  // the record's id when `failed` or `oversized` and known
  DecodeError error;
};

class LeadSource {
 public:
  // Reads the CSV header when `csv`; nullptr after a message on stderr when
  // the header is missing or unusable. `also` (baton diff's new version)
  // reads the header too: a column only it declares is added to each
  // record, so that a field the new version adds reaches it, as it would
  // from JSON Lines; the mapping may then name a field of either version.
  static std::unique_ptr<LeadSource> open(std::FILE* file, const std::string& name, bool csv,
                                          const std::shared_ptr<const Program>& program, const DecodeFlags& flags,
                                          const CsvMapping& mapping, std::size_t max_record_bytes,
                                          const std::shared_ptr<const Program>& also = nullptr);

  // The next record (blank lines skipped); false at the end.
  bool next(LeadLine& lead);
  bool csv() const { return csv_ != nullptr; }
  std::uint64_t bytes_read() const;
  bool failed() const;
  int error() const;  // the errno of a failed read, else 0
  // After the last record: false after "baton: cannot read NAME: reason"
  // when the file could not be read to its end (a directory, an I/O error).
  bool read_to_end(const std::string& name) const;
  // Unknown CSV columns seen (JSON records count theirs in their decoder).
  const UnknownNames* unknown();

 private:
  LeadSource() = default;
  // After both headers: which columns only `also` reads; an error when the
  // mapping names a column the header lacks or a field neither declares.
  std::string read_also_only(const CsvMapping& mapping, const Program& program, const Program& also);
  std::unique_ptr<LineReader> lines_;
  std::unique_ptr<CsvReader> rows_;
  std::unique_ptr<CsvDecoder> csv_;
  std::unique_ptr<CsvDecoder> also_csv_;  // the columns only `also` declares
  std::vector<bool> also_only_;           // per column: read for `also` alone
  std::vector<std::string_view> also_cells_;
  std::vector<std::string> header_names_;
  std::string also_label_;  // " (by the new SLA, VERSION)"
  UnknownNames unknown_;
  CsvRow row_;
  std::string json_, also_json_;
  std::size_t max_record_bytes_ = 0;
  int csv_error_ = 0;
};

// How messages name a leads file: its path, or "stdin" for "-".
inline std::string input_name(const std::string& path) { return path == "-" ? "stdin" : path; }

// Calls read(file, path) for each leads file in turn ("-" is stdin); a file
// that cannot be opened is said on stderr and skipped. False when one could
// not be opened (one that opens but cannot be read, a directory, is found by
// reading it: LeadSource::read_to_end).
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
