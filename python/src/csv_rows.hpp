#pragma once
// CSV leads for Program.score_csv: rows read in batches and rewritten as the
// JSON records the Scorer reads (csv.hpp), with the line each row starts on.
// A path is read in blocks (memory stays flat); bytes are read in place.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "baton/runtime/csv.hpp"
#include "baton/runtime/program.hpp"

namespace baton::python {

struct CsvFailure {
  std::string id, field, message;
};

struct CsvBatch {
  std::vector<std::uint64_t> lines;
  std::vector<std::optional<std::string>> records;  // nullopt: see failures[i]
  std::vector<std::optional<CsvFailure>> failures;
};

class CsvRows {
 public:
  // Throws std::runtime_error when the file cannot be opened or its header
  // cannot be used (the message says why).
  CsvRows(std::shared_ptr<const Program> program, const DecodeOptions& options, CsvMapping mapping,
          const std::optional<std::string>& path, std::string data, std::size_t max_row_bytes);
  ~CsvRows();

  // Up to `n` records; empty at the end.
  CsvBatch next(std::size_t n);

 private:
  std::FILE* file_ = nullptr;
  std::string data_;
  std::unique_ptr<CsvReader> reader_;
  CsvDecoder decoder_;
  CsvRow row_;
};

}  // namespace baton::python
