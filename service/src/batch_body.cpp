#include "batch_body.hpp"

#include <fmt/format.h>

namespace baton::service {

BatchBody BatchBody::json_lines(std::string_view body) { return BatchBody(body); }

std::optional<BatchBody> BatchBody::csv(std::string_view body, std::shared_ptr<const Program> program,
                                        const DecodeOptions& options, CsvMapping mapping, std::string& error) {
  BatchBody out{std::string_view{}};
  out.rows_ = std::make_unique<CsvReader>(body);
  out.csv_ = std::make_unique<CsvDecoder>(std::move(program), options, std::move(mapping));
  CsvRow& header = out.row_;
  if (!out.rows_->next(header)) {
    error = "the CSV body has no header row: it starts with the column names";
    return std::nullopt;
  }
  std::string why = header.error;
  if (why.empty()) out.csv_->header(header.cells, why);
  if (!why.empty()) {
    error = fmt::format("the CSV header (line {}): {}", header.line, why);
    return std::nullopt;
  }
  return out;
}

BatchBody::BatchBody(BatchBody&&) noexcept = default;
BatchBody& BatchBody::operator=(BatchBody&&) noexcept = default;
BatchBody::~BatchBody() = default;

bool BatchBody::next(BodyRecord& record) {
  record.failed = false;
  record.id.clear();
  record.json = {};
  if (!csv_) return lines_.next(record.json, record.line);
  if (!rows_->next(row_)) return false;
  record.line = row_.line;
  if (!row_.error.empty()) {
    record.failed = true;
    record.id = csv_->id_of(row_.cells);
    record.error = {"", row_.error};
    return true;
  }
  if (!csv_->to_json(row_.cells, json_, record.error, &record.id)) {
    record.failed = true;
    return true;
  }
  record.json = json_;
  return true;
}

}  // namespace baton::service
