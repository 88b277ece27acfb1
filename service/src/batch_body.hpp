#pragma once
// The records of a batch request's body, one at a time, as JSON text: JSON
// Lines as they are, CSV rows rewritten as the JSON record
// CsvDecoder::to_json gives (as `baton score` reads a CSV file), so one
// scoring loop serves both and the decision log always holds JSON.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "baton/runtime/csv.hpp"
#include "baton/runtime/json_lines.hpp"
#include "baton/runtime/program.hpp"
#include "baton/service/score_request.hpp"

namespace baton::service {

struct BodyRecord {
  std::string_view json;   // the record (valid until the next call); empty when `failed`
  std::uint64_t line = 0;  // the physical line it starts on, 1-based
  // A CSV row that gives no record (bad quoting, a ragged row, an unknown
  // column under --strict): `error` says why.
  bool failed = false;
  std::string id;  // the row's id when `failed` and known
  DecodeError error;
};

class BatchBody {
 public:
  // JSON Lines, split as baton/runtime/json_lines.hpp says (LF or CR lines,
  // a byte-order mark skipped); blank lines are skipped but counted.
  static BatchBody json_lines(std::string_view body);
  // CSV: reads the header row. nullopt with `error` ("the CSV header (line
  // 1): ...", or "no header row: ...") when there is none or it cannot be
  // used with `mapping`.
  static std::optional<BatchBody> csv(std::string_view body, std::shared_ptr<const Program> program,
                                      const DecodeOptions& options, CsvMapping mapping, std::string& error);

  BatchBody(BatchBody&&) noexcept;
  BatchBody& operator=(BatchBody&&) noexcept;
  ~BatchBody();

  bool is_csv() const { return csv_ != nullptr; }
  // The next record; false at the end.
  bool next(BodyRecord& record);

 private:
  explicit BatchBody(std::string_view body) : lines_(body) {}
  JsonLinesCursor lines_;
  std::unique_ptr<CsvReader> rows_;
  std::unique_ptr<CsvDecoder> csv_;
  CsvRow row_;
  std::string json_;
};

}  // namespace baton::service
