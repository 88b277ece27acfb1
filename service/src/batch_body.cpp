#include "batch_body.hpp"

#include <fmt/format.h>

namespace baton::service {

BatchBody BatchBody::json_lines(std::string_view body) { return BatchBody(body); }

std::optional<BatchBody> BatchBody::csv(std::string_view body, std::shared_ptr<const Program> program,
                                        const DecodeOptions& options, CsvMapping mapping, std::string& error) {
  BatchBody out{std::string_view{}};
  out.rows_ = std::make_unique<CsvReader>(body);
  out.csv_ = std::make_unique<CsvDecoder>(std::move(program), options, std::move(mapping));
  std::string why;
  if (out.csv_->read_header(*out.rows_, out.row_, why)) return out;
  error = out.row_.line ? fmt::format("the CSV header (line {}): {}", out.row_.line, why) : why;
  return std::nullopt;
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
  record.failed = !csv_->row_to_json(row_, json_, record.error, &record.id);
  if (!record.failed) record.json = json_;
  return true;
}

}  // namespace baton::service
