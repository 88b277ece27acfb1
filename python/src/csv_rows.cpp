#include "csv_rows.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace baton::python {

CsvRows::CsvRows(std::shared_ptr<const Program> program, const DecodeOptions& options, CsvMapping mapping,
                 const std::optional<std::string>& path, std::string data, std::size_t max_row_bytes)
    : data_(std::move(data)), decoder_(std::move(program), options, std::move(mapping)) {
  const std::string name = path ? *path : "-";
  if (path) {
    file_ = std::fopen(path->c_str(), "rb");
    if (!file_) throw std::runtime_error(fmt::format("cannot read {}: {}", *path, std::strerror(errno)));
    reader_ = std::make_unique<CsvReader>(file_, max_row_bytes);
  } else {
    reader_ = std::make_unique<CsvReader>(std::string_view(data_), max_row_bytes);
  }
  std::string error;
  if (!decoder_.read_header(*reader_, row_, error)) {
    if (file_) std::fclose(file_);
    file_ = nullptr;
    throw std::runtime_error(fmt::format("{}:{}: the header: {}", name, row_.line, error));
  }
}

CsvRows::~CsvRows() {
  if (file_) std::fclose(file_);
}

CsvBatch CsvRows::next(std::size_t n) {
  CsvBatch batch;
  std::string json, id;
  while (batch.lines.size() < n && reader_->next(row_)) {
    batch.lines.push_back(row_.line);
    DecodeError error;
    if (decoder_.row_to_json(row_, json, error, &id)) {
      batch.records.emplace_back(json);
      batch.failures.emplace_back();
    } else {
      batch.records.emplace_back();
      batch.failures.push_back(CsvFailure{id, error.field, error.message});
    }
  }
  return batch;
}

}  // namespace baton::python
